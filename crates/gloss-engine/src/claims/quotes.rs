//! Quotations: is the quoted text in the work it is attributed to? Quotes
//! are compared as folded words, so quote styles, whitespace, line breaks,
//! hyphenation and footnote marks (already removed from the corpus text) do
//! not matter; `...`/`…` and `[bracketed]` insertions split the quotation
//! into fragments that must appear in order.

use std::ops::Range;

use super::index::{plain_words, Index, PlainText};
use crate::corpus::{Library, Work};
use crate::diag::{Code, Evidence, Finding, Suggestion};

/// Quotations shorter than this many words are scare quotes or terms, not checked.
const MIN_WORDS: usize = 3;

/// The quotation's fragments: split at ellipses and bracketed insertions.
pub fn fragments(quote: &str) -> Vec<Vec<String>> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut chars = quote.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' => {
                depth += 1;
                parts.push(std::mem::take(&mut cur));
            }
            ']' => depth = depth.saturating_sub(1),
            '…' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            '.' if depth == 0 && chars.peek() == Some(&'.') => {
                while chars.peek() == Some(&'.') {
                    chars.next();
                }
                parts.push(std::mem::take(&mut cur));
            }
            _ if depth == 0 => cur.push(c),
            _ => {}
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| plain_words(&p))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The first sentence of the match when every fragment stands in order.
/// Fragments are compared as letters and digits only, so spacing, line
/// breaks, hyphenation ("export-oriented" / "exportoriented") and
/// punctuation do not matter; every word must be there as written.
fn locate(text: &PlainText, frags: &[Vec<String>]) -> Option<u32> {
    let mut at = 0;
    let mut first = None;
    for f in frags {
        let needle: String = f.concat();
        if needle.is_empty() {
            continue;
        }
        let pos = at + text.letters.get(at..)?.find(&needle)?;
        // The word the match starts in gives its sentence.
        let word = text
            .starts
            .partition_point(|&s| s as usize <= pos)
            .saturating_sub(1);
        first.get_or_insert(text.sentence[word]);
        at = pos + needle.len();
    }
    first
}

fn evidence(work: &Work, sentence: u32) -> Option<Evidence> {
    let s = work.doc.as_ref()?.sentences.get(sentence as usize)?;
    Some(Evidence {
        key: Some(work.key.clone()),
        path: work.path.clone()?,
        line: s.line,
        text: s.text.clone(),
        label: None,
        page: work.page_of(s.line),
    })
}

/// A `quote-not-found` finding, or None when the quotation is in a cited
/// work (or too short to check, or no cited work has text).
pub fn check(
    text: &str,
    range: Range<usize>,
    cited: &[&Work],
    lib: &Library,
    index: &Index,
) -> Option<Finding> {
    let frags = fragments(&text[range.clone()]);
    if frags.iter().map(Vec::len).sum::<usize>() < MIN_WORDS {
        return None;
    }
    let mut checked = Vec::new();
    for w in cited {
        let Some(wi) = lib.index_of(&w.key) else {
            continue;
        };
        let Some(plain) = index.plain(lib, wi as u32) else {
            continue;
        };
        if locate(plain, &frags).is_some() {
            return None;
        }
        checked.push(w.short_cite());
    }
    if checked.is_empty() {
        return None;
    }
    let elsewhere: Vec<(usize, u32)> = lib
        .works
        .iter()
        .enumerate()
        .filter(|(_, w)| !cited.iter().any(|c| c.key == w.key))
        .filter_map(|(i, _)| Some((i, locate(index.plain(lib, i as u32)?, &frags)?)))
        .collect();
    let suggestions: Vec<Suggestion> = elsewhere
        .iter()
        .map(|&(i, s)| Suggestion {
            key: lib.works[i].key.clone(),
            score: 1.0,
            evidence: evidence(&lib.works[i], s),
        })
        .collect();
    let mut message = format!("this quotation is not in {}", checked.join(" or "));
    if let Some(&(i, s)) = elsewhere.first() {
        let w = &lib.works[i];
        let line = evidence(w, s).map_or(String::new(), |e| format!(", {}", e.place()));
        message.push_str(&format!("; it is in {}{line}", w.short_cite()));
    }
    Some(Finding {
        code: Code::QuoteNotFound,
        range,
        message,
        cited: cited.iter().map(|w| w.key.clone()).collect(),
        suggestions,
        evidence: vec![],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> PlainText {
        let mut t = PlainText::default();
        for w in plain_words(s) {
            t.push(w, 0);
        }
        t
    }

    #[test]
    fn fragments_split_at_ellipses_and_insertions() {
        let f = fragments("the market … was [in effect] wide open...to all");
        assert_eq!(
            f,
            vec![
                vec!["the", "market"],
                vec!["was"],
                vec!["wide", "open"],
                vec!["to", "all"]
            ]
        );
    }

    #[test]
    fn quotations_are_found_despite_styles_and_cuts() {
        let t = plain("He wrote that “Lenovo who?” was the headline, and the market was, in effect, wide open to all comers.");
        assert!(locate(&t, &fragments("Lenovo who")).is_some());
        assert!(locate(&t, &fragments("the market was … wide open to all comers")).is_some());
        assert!(locate(&t, &fragments("the market was [...] wide open")).is_some());
        assert!(
            locate(&t, &fragments("wide open to all comers ... the market")).is_none(),
            "order matters"
        );
        assert!(locate(&t, &fragments("the market was closed to all comers")).is_none());
        assert!(
            locate(
                &t,
                &fragments("the market was, in effect, wide shut to all comers")
            )
            .is_none(),
            "one word changed"
        );
        let h = plain("Chinese firms pursued an exportoriented strategy for decades.");
        assert!(
            locate(&h, &fragments("an export-oriented strategy")).is_some(),
            "hyphen lost in conversion"
        );
    }
}
