//! One Aho–Corasick automaton over every name and alias: finds entity
//! mentions in corpus sentences and in drafts in a single pass.
//!
//! Capitalised names and acronyms match only as written ("Founder" the firm,
//! not "founder"); lowercase names (concepts) match in any case and in the
//! plural. Matches stop at word boundaries; overlapping matches keep the
//! leftmost, then the longest.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

#[derive(Debug, Clone, Default)]
pub(crate) struct Scanner {
    ac: Option<AhoCorasick>,
    /// Per pattern: entity, and whether case must match exactly.
    pats: Vec<(usize, bool, String)>,
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

impl Scanner {
    pub(crate) fn new(names: &[(usize, String)]) -> Scanner {
        let mut pats: Vec<(usize, bool, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, n) in names {
            let n = n.trim();
            if n.chars().count() < 2 && !n.chars().any(is_cjk) {
                continue;
            }
            let exact = n.chars().any(char::is_uppercase);
            if seen.insert((n.to_string(), exact)) {
                pats.push((*i, exact, n.to_string()));
            }
        }
        if pats.is_empty() {
            return Scanner::default();
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(pats.iter().map(|p| p.2.as_str()))
            .ok();
        Scanner { ac, pats }
    }

    /// (entity, byte range) of every mention in `text`, in order, not overlapping.
    pub(crate) fn scan(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let Some(ac) = &self.ac else {
            return vec![];
        };
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (ent, exact, pat) = &self.pats[m.pattern().as_usize()];
            let (s, mut e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            let got = &text[s..e];
            if *exact && got != pat {
                continue;
            }
            if !*exact {
                // plural: "network" matches "networks"
                let rest = &text[e..];
                if rest.starts_with("es") && !rest[2..].starts_with(char::is_alphanumeric) {
                    e += 2;
                } else if rest.starts_with('s') && !rest[1..].starts_with(char::is_alphanumeric) {
                    e += 1;
                }
            }
            let before = text[..s].chars().next_back();
            let after = text[e..].chars().next();
            let first = got.chars().next().unwrap_or(' ');
            let last = got.chars().next_back().unwrap_or(' ');
            let bounded = |c: Option<char>, edge: char| match c {
                None => true,
                Some(c) if is_cjk(c) || is_cjk(edge) => true,
                Some(c) => !(c.is_alphanumeric() || c == '_'),
            };
            if !bounded(before, first) || !bounded(after, last) {
                continue;
            }
            // "Co." at a sentence end is still "Co.": nothing to check.
            found.push((*ent, s..e));
        }
        found.sort_by(|a, b| a.1.start.cmp(&b.1.start).then(b.1.end.cmp(&a.1.end)));
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, r) in found {
            if out.last().is_some_and(|(_, l)| r.start < l.end) {
                continue;
            }
            out.push((i, r));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_boundaries_plurals_and_longest() {
        let s = Scanner::new(&[
            (0, "Founder".into()),
            (1, "Dalian Machine Tool Group".into()),
            (2, "Dalian".into()),
            (3, "global production network".into()),
            (4, "ZTE".into()),
        ]);
        let text = "Its founder left Founder's board. Dalian Machine Tool Group and Dalian firms join global production networks; ZTEs? ZTE.";
        let got: Vec<(usize, &str)> = s
            .scan(text)
            .into_iter()
            .map(|(i, r)| (i, &text[r]))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, "Founder"),
                (1, "Dalian Machine Tool Group"),
                (2, "Dalian"),
                (3, "global production networks"),
                (4, "ZTE")
            ]
        );
    }
}
