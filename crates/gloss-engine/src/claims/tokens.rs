//! Words for matching claims with sources: folded, stop words dropped,
//! stemmed (Snowball English), so that "exports", "exported" and
//! "exporting" meet. Capitalised words are kept apart as names.

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::fold;

fn is_stop(w: &str) -> bool {
    crate::stopwords::CLAIM_STOP_SET.contains(w)
}

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    /// Stems already computed on this thread: a corpus repeats its words,
    /// and the Snowball stemmer was a tenth of indexing.
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The Snowball English stem of a folded word, remembered per thread (at
/// most [`STEMS_KEPT`] words, then forgotten at once).
fn stem(folded: &str) -> String {
    STEMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(s) = memo.get(folded) {
            return s.clone();
        }
        let s = STEMMER.with(|st| st.stem(folded).into_owned());
        if memo.len() >= STEMS_KEPT {
            memo.clear();
        }
        memo.insert(folded.to_string(), s.clone());
        s
    })
}

const STEMS_KEPT: usize = 200_000;

/// A word of a claim or source sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Stem of the folded, lowercased word.
    pub stem: String,
    /// The word started with a capital letter and was not the first word.
    pub capital: bool,
    /// Byte range in the text given to [`words`].
    pub start: usize,
    pub end: usize,
}

/// Content words of `text`, stemmed, stop words dropped. Numbers are kept
/// as words too (`2008`, `7.7`), so figures count toward matching.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut first = true;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if !c.is_alphanumeric() {
            if matches!(c, '.' | '!' | '?') {
                first = true;
            }
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i;
        for (j, ch) in text[i..].char_indices() {
            let at = i + j;
            let keep = ch.is_alphanumeric()
                // 7.7, 61,000 and don't / China's stay one word
                || ((ch == '.' || ch == ',') && at > start && bytes[at - 1].is_ascii_digit()
                    && bytes.get(at + 1).is_some_and(u8::is_ascii_digit))
                || ((ch == '\'' || ch == '’') && text[at + ch.len_utf8()..].starts_with(|n: char| n.is_alphabetic()));
            if !keep {
                break;
            }
            end = at + ch.len_utf8();
        }
        i = end.max(start + c.len_utf8());
        let raw = &text[start..end];
        let capital = !first && raw.starts_with(char::is_uppercase);
        first = false;
        // Folded in place: 61,000 → 61000, China's → china (fold has made
        // every apostrophe ASCII).
        let mut folded = fold(raw);
        folded.retain(|c| !matches!(c, ',' | '\''));
        if (raw.ends_with("'s") || raw.ends_with("’s")) && folded.ends_with('s') {
            folded.pop();
        }
        if folded.is_empty() || is_stop(&folded) {
            continue;
        }
        if folded.chars().count() < 2 && !folded.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let stem = if folded.chars().any(|c| c.is_ascii_digit()) || is_cjk_word(&folded) {
            folded
        } else {
            stem(&folded)
        };
        out.push(Word {
            stem,
            capital,
            start,
            end,
        });
    }
    out
}

fn is_cjk_word(w: &str) -> bool {
    w.chars()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3040}'..='\u{30FF}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(t: &str) -> Vec<String> {
        words(t).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn stems_fold_and_drop_stop_words() {
        assert_eq!(
            stems("The exports of China's firms grew"),
            vec!["export", "china", "firm", "grew"]
        );
        assert_eq!(stems("exporting exported"), vec!["export", "export"]);
        assert_eq!(
            stems("7.7 percent of 61,000 firms in 2007"),
            vec!["7.7", "61000", "firm", "2007"]
        );
        assert_eq!(stems("Lüdecke’s model"), vec!["ludeck", "model"]);
    }

    /// The folding and stemming before they were done in place and
    /// remembered: the words must not change.
    fn stems_as_before(text: &str) -> Vec<String> {
        words(text)
            .into_iter()
            .map(|w| {
                let raw = &text[w.start..w.end];
                let folded = fold(raw).replace([',', '’'], "").replace('\'', "");
                let folded = folded
                    .strip_suffix("s")
                    .filter(|_| raw.ends_with("'s") || raw.ends_with("’s"))
                    .unwrap_or(&folded)
                    .to_string();
                if folded.chars().any(|c| c.is_ascii_digit()) || is_cjk_word(&folded) {
                    folded
                } else {
                    STEMMER.with(|s| s.stem(&folded).into_owned())
                }
            })
            .collect()
    }

    #[test]
    fn remembered_stems_are_the_stems() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        let mut texts = vec![
            "China’s firms' 61,000 exports; O'Neill’s `quoted` Ärger's Lüdecke’s 7.7 percent"
                .to_string(),
            "Die Bäume der Straße, ‘so’ said l'état: naïve façades’ and ﬁrms".to_string(),
        ];
        for e in std::fs::read_dir(corpus).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        for t in &texts {
            // Twice: computed, then remembered.
            for _ in 0..2 {
                assert_eq!(stems(t), stems_as_before(t));
            }
        }
    }

    #[test]
    fn capitals_after_the_first_word_are_names() {
        let w = words("Lenovo bought IBM's PC business. Then Huawei grew.");
        let caps: Vec<_> = w
            .iter()
            .filter(|w| w.capital)
            .map(|w| w.stem.as_str())
            .collect();
        assert_eq!(caps, vec!["ibm", "pc", "huawei"]);
    }
}
