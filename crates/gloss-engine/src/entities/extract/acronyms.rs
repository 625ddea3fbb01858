//! Acronyms: the long form of a short form in parentheses (Schwartz–Hearst).

use super::lexicon::{in_list, ENTITY_DETERMINERS};
use super::tokens::Tok;

/// Schwartz–Hearst: the long form of short form `sf` whose "(" is token `p`:
/// the shortest run of words before it whose initials and letters spell `sf`.
pub(super) fn long_form(text: &str, toks: &[Tok], p: usize, sf: &str) -> Option<String> {
    let max_words = (sf.chars().count() + 5).min(sf.chars().count() * 2);
    // Words before "(" in the same clause.
    let mut start_tok = p;
    let mut n = 0;
    while start_tok > 0 && n < max_words {
        let t = toks[start_tok - 1];
        let w = &text[t.start..t.end];
        if !t.word && !matches!(w, "&" | "," | "." | "'" | "-") {
            break;
        }
        // A comma only inside "Co., Ltd".
        let tok_is = |k: usize, what: &[&str]| {
            what.contains(&crate::text::fold(&text[toks[k].start..toks[k].end]).as_str())
        };
        let in_suffix = (start_tok >= 2 && tok_is(start_tok - 2, &["co", "co."]))
            || (start_tok >= 3 && tok_is(start_tok - 2, &["."]) && tok_is(start_tok - 3, &["co"]));
        if !t.word && w == "," && !in_suffix {
            break;
        }
        start_tok -= 1;
        if t.word {
            n += 1;
        }
    }
    if start_tok == p {
        return None;
    }
    let lf_end = toks[p - 1].end;
    let sfc: Vec<char> = sf
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    // Try the shortest long form first: word starts from right to left.
    for s in (start_tok..p).rev() {
        if !toks[s].word {
            continue;
        }
        let cand = &text[toks[s].start..lf_end];
        if !cand.starts_with(|c: char| c.to_lowercase().next() == sfc.first().copied()) {
            continue;
        }
        if sh_match(&sfc, cand) {
            let words = cand.split_whitespace().count();
            if words < 1 || cand.chars().count() <= sf.chars().count() {
                continue;
            }
            let w0 = crate::text::fold(cand.split_whitespace().next().unwrap_or(""));
            if in_list(ENTITY_DETERMINERS, &w0) {
                continue;
            }
            return Some(cand.trim_end_matches([',', ' ']).to_string());
        }
    }
    None
}

/// Every character of the short form found right to left in the long form,
/// the first at the start of a word.
pub(super) fn sh_match(sf: &[char], lf: &str) -> bool {
    let lf: Vec<char> = lf.chars().flat_map(char::to_lowercase).collect();
    let mut l = lf.len() as isize - 1;
    for (si, &c) in sf.iter().enumerate().rev() {
        loop {
            if l < 0 {
                return false;
            }
            let here = lf[l as usize];
            let word_start = l == 0 || !lf[l as usize - 1].is_alphanumeric();
            if here == c && (si != 0 || word_start) {
                break;
            }
            l -= 1;
        }
        l -= 1;
    }
    true
}
