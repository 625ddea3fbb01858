//! Defined terms (`X is defined as`, `so-called X`), key-word lines, and
//! key phrases: frequent multi-word lowercase phrases distinctive to one work.

use std::collections::{HashMap, HashSet};

use super::Fast;

use super::lexicon::*;
use super::tokens::tokens;
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// Cues before (`true`: the term follows) or after a defined term.
const DEFINITIONS: &[(&str, bool)] = &[
    ("what i call ", true),
    ("what we call ", true),
    ("what they call ", true),
    ("the concept of ", true),
    ("the notion of ", true),
    ("the idea of ", true),
    ("the term ", true),
    ("so-called ", true),
    ("we define ", true),
    ("i define ", true),
    ("is defined as ", false),
    ("are defined as ", false),
    (" refers to ", false),
    (" refer to ", false),
    (", that is,", false),
    (" is known as ", false),
];
static DEFINITION_CUES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();

pub(super) fn definitions(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return vec![];
    }
    let mut out = Vec::new();
    let words_after = |from: usize, max: usize| -> String {
        let rest = &text[from..];
        let end = rest
            .find([',', '.', ';', ':', '(', ')', '"'])
            .unwrap_or(rest.len());
        rest[..end]
            .split_whitespace()
            .take(max)
            .take_while(|w| {
                !matches!(
                    crate::text::fold(w).as_str(),
                    "is" | "as" | "which" | "that" | "in" | "to" | "and" | "was" | "are" | "by"
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let words_before = |to: usize, max: usize| -> String {
        let head = &text[..to];
        let start = head
            .rfind([',', '.', ';', ':', '(', ')', '"'])
            .map_or(0, |p| p + 1);
        let ws: Vec<&str> = head[start..].split_whitespace().collect();
        let mut keep: Vec<&str> = Vec::new();
        for w in ws.iter().rev().take(max) {
            if is_stop(&crate::text::fold(w)) || in_list(ENTITY_DETERMINERS, &crate::text::fold(w))
            {
                break;
            }
            keep.push(w);
        }
        keep.reverse();
        keep.join(" ")
    };
    // Most sentences hold none of the cues: one pass finds whether any is
    // there before each is looked for.
    let cues = DEFINITION_CUES.get_or_init(|| {
        aho_corasick::AhoCorasick::new(DEFINITIONS.iter().map(|(p, _)| p)).expect("fixed patterns")
    });
    let any_cue = cues.is_match(&lower);
    for &(pat, after) in DEFINITIONS.iter().filter(|_| any_cue) {
        let mut from = 0;
        while let Some(p) = lower[from..].find(pat) {
            let at = from + p;
            let term = if after {
                words_after(at + pat.len(), 4)
            } else {
                words_before(at, 4)
            };
            if !term.is_empty() {
                out.push(term);
            }
            from = at + pat.len();
        }
    }
    // Quoted terms: "x y" of two to four words, not a quotation.
    let mut rest = text;
    let mut base = 0;
    while let Some(a) = rest.find('"') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('"') else { break };
        let inner = &after[..b];
        let n = inner.split_whitespace().count();
        if (1..=4).contains(&n)
            && inner.starts_with(|c: char| c.is_alphabetic())
            && !inner.ends_with(['.', ',', '!', '?'])
            && (n > 1 || inner.contains('-'))
        {
            out.push(inner.to_string());
        }
        base += a + 1 + b + 1;
        rest = &text[base..];
    }
    out
}

pub(super) fn keywords_line(text: &str) -> Option<Vec<String>> {
    let head: String = text
        .chars()
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase();
    let skip = ["keywords", "key words", "key-words"]
        .iter()
        .find(|p| head.starts_with(*p))?
        .len();
    let list = text[skip..].trim_start_matches([':', ' ', '.', '-', '\u{2014}', '\u{2013}']);
    let sep: &[char] = if list.contains(';') {
        &[';']
    } else {
        &[',', '\u{b7}', '\u{2022}']
    };
    Some(
        list.split(sep)
            .map(|s| s.trim().trim_end_matches('.').to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

/// Frequent multi-word lowercase phrases distinctive to one work.
pub(super) fn key_phrases(lib: &Library) -> Vec<String> {
    use rayon::prelude::*;
    let per_work: Vec<HashMap<String, u32, Fast>> = lib
        .works
        .par_iter()
        .map(|w| {
            let mut m: HashMap<String, u32, Fast> = HashMap::default();
            if let Some(d) = &w.doc {
                for s in d.sentences.iter().filter(|s| s.zone == Zone::Body) {
                    let mut span: Vec<String> = Vec::new();
                    let mut key = String::new();
                    let mut flush = |span: &mut Vec<String>, m: &mut HashMap<String, u32, Fast>| {
                        for n in 2..=3 {
                            for win in span.windows(n) {
                                // One allocation per new phrase, none per repeat.
                                key.clear();
                                for (i, w) in win.iter().enumerate() {
                                    if i > 0 {
                                        key.push(' ');
                                    }
                                    key.push_str(w);
                                }
                                match m.get_mut(key.as_str()) {
                                    Some(v) => *v += 1,
                                    None => {
                                        m.insert(key.clone(), 1);
                                    }
                                }
                            }
                        }
                        span.clear();
                    };
                    let toks = tokens(&s.text);
                    for t in &toks {
                        let w = &s.text[t.start..t.end];
                        let f = crate::text::fold(w);
                        let ok = t.word
                            && w.starts_with(char::is_lowercase)
                            && !is_stop(&f)
                            && !in_list(ENTITY_DETERMINERS, &f)
                            && f.chars().count() >= 3
                            && !f.chars().any(|c| c.is_ascii_digit())
                            && !f.ends_with("ly");
                        if ok {
                            span.push(f);
                        } else {
                            flush(&mut span, &mut m);
                        }
                    }
                    flush(&mut span, &mut m);
                }
            }
            m
        })
        .collect();
    // Corpus-wide totals are needed only for the phrases some work uses
    // often enough to keep (most phrases are used once or twice).
    let often: HashSet<&str, Fast> = per_work
        .iter()
        .flat_map(|m| m.iter().filter(|(_, &v)| v >= 4).map(|(k, _)| k.as_str()))
        .collect();
    let mut total: HashMap<&str, (u32, u32), Fast> =
        HashMap::with_capacity_and_hasher(often.len(), Fast::default());
    for m in &per_work {
        for (k, &v) in m {
            if let Some(&k) = often.get(k.as_str()) {
                let e = total.entry(k).or_default();
                e.0 += v;
                e.1 += 1;
            }
        }
    }
    let mut out = Vec::new();
    for m in &per_work {
        let mut cands: Vec<(&String, u32)> = m
            .iter()
            .filter(|(k, &v)| v >= 4 && v as f32 >= 0.6 * total[k.as_str()].0 as f32)
            .map(|(k, &v)| (k, v))
            .collect();
        // A phrase inside a longer one about as frequent is the longer one.
        let longer: Vec<(String, u32)> = cands.iter().map(|(k, v)| ((*k).clone(), *v)).collect();
        cands.retain(|(k, v)| {
            !longer.iter().any(|(l, lv)| {
                l.len() > k.len() && l.contains(k.as_str()) && (*lv as f32) >= 0.7 * *v as f32
            })
        });
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out.extend(cands.into_iter().take(8).map(|(k, _)| k.clone()));
    }
    out
}
