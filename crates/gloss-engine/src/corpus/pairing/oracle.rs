//! The exhaustive content pairing that the inverted index replaced: every
//! free text compared with every free entry. Kept as the tests' oracle: the
//! indexed pairing must give exactly its pairs and scores.

use std::collections::HashSet;

use super::super::{LoadedText, PairedBy};
use crate::bib::Entry;
use crate::text::fold_words;

/// The opening words of a text, for matching titles despite conversion damage.
pub(crate) struct OpeningWords {
    words: Vec<String>,
    set: HashSet<String>,
}

impl OpeningWords {
    pub(crate) fn new(opening: &str) -> Self {
        let words = fold_words(opening);
        let set = words.iter().cloned().collect();
        OpeningWords { words, set }
    }

    /// Positions where title word `w` stands: exactly, misspelt by conversion
    /// (long words only), or glued to a neighbouring title word by a lost hyphen.
    fn positions(&self, w: &str, prev: Option<&str>, next: Option<&str>) -> Vec<usize> {
        let glued = |a: &str, b: &str, o: &str| {
            o.len() == a.len() + b.len() && o.starts_with(a) && o.ends_with(b)
        };
        let long = w.chars().count() >= 6;
        self.words
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                o.as_str() == w
                    || (long && strsim::normalized_levenshtein(o, w) >= 0.85)
                    || next.is_some_and(|n| glued(w, n, o))
                    || prev.is_some_and(|p| glued(p, w, o))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// How well an entry's title and authors match a text's opening: 0.0–1.0.
/// The title must stand together (in a window not much longer than itself),
/// not be scattered over the opening page.
pub(crate) fn content_score(e: &Entry, opening: &OpeningWords) -> f64 {
    let Some(title) = &e.title else { return 0.0 };
    let all = fold_words(title);
    // Function words are everywhere; only the title's own words count.
    let significant: Vec<String> = all
        .iter()
        .filter(|w| !crate::stopwords::TITLE_STOP.contains(&w.as_str()))
        .cloned()
        .collect();
    let words = if significant.len() >= 2 {
        significant
    } else {
        all
    };
    if words.is_empty() || opening.words.is_empty() {
        return 0.0;
    }
    // Cheap filter before the fuzzy pass: a third of the title words exactly.
    let exact = words.iter().filter(|w| opening.set.contains(*w)).count();
    if exact * 3 < words.len() {
        return 0.0;
    }
    let positions: Vec<Vec<usize>> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let prev = i.checked_sub(1).map(|p| words[p].as_str());
            opening.positions(w, prev, words.get(i + 1).map(String::as_str))
        })
        .collect();
    let window = words.len() + 6;
    let mut best = 0usize;
    for &start in positions.iter().flatten() {
        let inside = positions
            .iter()
            .filter(|ps| ps.iter().any(|&p| p >= start && p < start + window))
            .count();
        best = best.max(inside);
    }
    let title_score = best as f64 / words.len() as f64;
    if title_score < 0.6 {
        return 0.0;
    }
    let author_score = if e.authors.is_empty() {
        title_score
    } else {
        let hits = e
            .authors
            .iter()
            .filter(|a| {
                fold_words(&a.family)
                    .iter()
                    .all(|w| opening.set.contains(w))
            })
            .count();
        hits as f64 / e.authors.len() as f64
    };
    0.75 * title_score + 0.25 * author_score
}

/// The old pairing of steps 2 (file name equal to the key) and 3 (content,
/// every text against every entry), for libraries without `file` fields.
pub(crate) fn pair(entries: &[Entry], texts: &[LoadedText]) -> Vec<Option<(usize, PairedBy)>> {
    let mut text_of_entry: Vec<Option<(usize, PairedBy)>> = vec![None; entries.len()];
    let mut taken = vec![false; texts.len()];
    for (ei, e) in entries.iter().enumerate() {
        let hit = (0..texts.len()).find(|&ti| {
            !taken[ti]
                && texts[ti].path.file_stem().and_then(|s| s.to_str()) == Some(e.key.as_str())
        });
        if let Some(ti) = hit {
            taken[ti] = true;
            text_of_entry[ei] = Some((ti, PairedBy::Filename));
        }
    }
    let mut candidates = Vec::new();
    for (ti, t) in texts.iter().enumerate() {
        if taken[ti] {
            continue;
        }
        let opening = OpeningWords::new(&t.doc.front.opening);
        for (ei, e) in entries.iter().enumerate() {
            if text_of_entry[ei].is_some() {
                continue;
            }
            let score = content_score(e, &opening);
            if score >= 0.6 {
                candidates.push((score, ti, ei));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, ti, ei) in candidates {
        if taken[ti] || text_of_entry[ei].is_some() {
            continue;
        }
        taken[ti] = true;
        text_of_entry[ei] = Some((ti, PairedBy::Content));
    }
    text_of_entry
}
