//! Counting mentions: every work scanned for every candidate's names, with
//! the best sentences saying what each entity is and which entities are
//! named together.

use std::collections::HashMap;

use super::super::scan::Scanner;
use super::super::{EntitySentence, Kind, WorkMentions};
use super::lexicon::FIRM_NOUNS;
use super::{Candidate, Counted};
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// How well a sentence says what entity `name` is: appositives and copulas first.
fn sentence_score(text: &str, at: usize, end: usize, kind: Kind) -> f32 {
    let after = text[end..].trim_start_matches(['\'', 's']).to_lowercase();
    let after = after.trim_start();
    let mut s = 0.0;
    for p in [", a ", ", an ", ", the ", ", one of ", ", another "] {
        if after.starts_with(p.trim_start()) || text[end..].to_lowercase().starts_with(p) {
            s += 3.0;
            break;
        }
    }
    for p in [
        "is a ",
        "was a ",
        "is an ",
        "was an ",
        "is the ",
        "was the ",
        "is one ",
        "was one ",
        "refers to",
        "is defined",
        "means ",
    ] {
        if after.starts_with(p) {
            s += 3.0;
            break;
        }
    }
    if after.starts_with("(") {
        s += 1.5;
    }
    for p in [
        "was founded",
        "was established",
        "was set up",
        "was created",
        "began",
        "started",
    ] {
        if after.starts_with(p) {
            s += 2.0;
            break;
        }
    }
    let lower = text.to_lowercase();
    if kind == Kind::Firm && FIRM_NOUNS.iter().any(|n| lower.contains(&format!(" {n} "))) {
        s += 0.5;
    }
    let words = text.split_whitespace().count();
    if (8..=45).contains(&words) {
        s += 1.0;
    } else if !(5..=70).contains(&words) {
        s -= 1.5;
    }
    if at < 40 {
        s += 0.5;
    }
    s
}

pub(crate) fn count(lib: &Library, candidates: &[Candidate], scanner: &Scanner) -> Counted {
    use rayon::prelude::*;
    let n = candidates.len();
    // Each work is scanned on its own, on all cores; the counts are joined after.
    type PerWork = (Vec<(usize, WorkMentions)>, HashMap<(usize, usize), u32>);
    let per_work: Vec<PerWork> = lib
        .works
        .par_iter()
        .enumerate()
        .map(|(wi, w)| {
            let mut mentions = Vec::new();
            let mut co: HashMap<(usize, usize), u32> = HashMap::new();
            let Some(d) = &w.doc else {
                return (mentions, co);
            };
            let path = w.path.clone().unwrap_or_default();
            let mut count: HashMap<usize, u32> = HashMap::new();
            let mut best: HashMap<usize, Vec<(f32, usize)>> = HashMap::new();
            for (si, s) in d.sentences.iter().enumerate() {
                if s.zone == Zone::Front {
                    continue;
                }
                let found = scanner.scan(&s.text);
                let mut here: Vec<usize> = Vec::new();
                for (e, r) in &found {
                    *count.entry(*e).or_default() += 1;
                    if !here.contains(e) {
                        here.push(*e);
                        let mut sc = sentence_score(&s.text, r.start, r.end, candidates[*e].kind);
                        if s.zone == Zone::Note {
                            sc -= 2.0;
                        }
                        best.entry(*e).or_default().push((sc, si));
                    }
                }
                for &a in &here {
                    for &b2 in &here {
                        if a != b2 {
                            *co.entry((a, b2)).or_default() += 1;
                        }
                    }
                }
            }
            for (e, c) in count {
                let mut cands = best.remove(&e).unwrap_or_default();
                cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let sentences = cands
                    .iter()
                    .take(2)
                    .map(|&(_, si)| {
                        let s = &d.sentences[si];
                        EntitySentence {
                            path: path.clone(),
                            line: s.line,
                            text: s.text.clone(),
                        }
                    })
                    .collect();
                mentions.push((
                    e,
                    WorkMentions {
                        work: wi,
                        key: w.key.clone(),
                        mentions: c,
                        sentences,
                    },
                ));
            }
            (mentions, co)
        })
        .collect();
    let mut works: Vec<Vec<WorkMentions>> = vec![Vec::new(); n];
    let mut co: Vec<HashMap<usize, u32>> = vec![HashMap::new(); n];
    for (mentions, pairs) in per_work {
        for (e, m) in mentions {
            works[e].push(m);
        }
        for ((a, b), c) in pairs {
            *co[a].entry(b).or_default() += c;
        }
    }
    for w in &mut works {
        w.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.work.cmp(&b.work)));
    }
    let related = co
        .into_iter()
        .map(|m| {
            let mut v: Vec<(usize, u32)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.into_iter()
                .filter(|x| x.1 >= 1)
                .map(|x| x.0)
                .take(8)
                .collect()
        })
        .collect();
    Counted { works, related }
}
