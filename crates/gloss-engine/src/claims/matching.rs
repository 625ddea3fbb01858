//! How well each work supports a claim: the share of the claim's content
//! (weighted by rarity) that a source sentence, or a sentence with its
//! neighbours, contains. Scores are 0–1 and comparable across claims, so
//! decisions use margins between works rather than raw retrieval scores.
//!
//! Further signals (names, figures, word embeddings) plug in as extra
//! [`Signal`]s without changing how candidates are found or decided.

use std::collections::HashMap;

use super::index::Index;
use super::tokens::words;

/// A claim's content terms with their weights.
#[derive(Debug, Clone)]
pub struct Query {
    /// Known term id (None: no source uses the word) and weight.
    pub terms: Vec<(Option<u32>, f32)>,
    pub total: f32,
    /// Bit j set: term j is specific (a name or a number), the kind of
    /// detail a source must state for the claim to be its.
    pub specific: u64,
}

/// Terms beyond this many (the rarest kept) are ignored: masks are 64 bits.
const MAX_TERMS: usize = 64;

impl Query {
    /// `text` is the claim with citations blanked out; `drop` are stems not
    /// to count (the cited authors' names).
    pub fn new(index: &Index, text: &str, drop: &[String]) -> Query {
        let mut seen = std::collections::HashSet::new();
        let mut terms: Vec<(Option<u32>, f32, bool)> = Vec::new();
        for w in words(text) {
            if drop.contains(&w.stem) || !seen.insert(w.stem.clone()) {
                continue;
            }
            let id = index.term(&w.stem);
            let weight = id.map_or(index.max_idf * UNKNOWN_WEIGHT, |t| index.idf(t));
            let specific = w.capital || w.stem.starts_with(|c: char| c.is_ascii_digit());
            terms.push((id, weight, specific));
        }
        terms.sort_by(|a, b| b.1.total_cmp(&a.1));
        terms.truncate(MAX_TERMS);
        let total = terms.iter().map(|t| t.1).sum();
        let specific = terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.2)
            .fold(0u64, |m, (j, _)| m | 1 << j);
        Query {
            terms: terms.into_iter().map(|(id, w, _)| (id, w)).collect(),
            total,
            specific,
        }
    }
}

/// Weight of a claim word no source uses, relative to the rarest known word:
/// the writer's own wording should not sink every source equally hard.
const UNKNOWN_WEIGHT: f32 = 0.5;

/// The best passage of one work for a claim.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Passage {
    pub work: u32,
    /// The central unit.
    pub unit: u32,
    /// 0–1.
    pub score: f32,
    /// Share of the claim's weight covered by the central sentence alone.
    pub central: f32,
    /// Share of the claim's specific terms (names, numbers) the window lacks.
    pub missing_specific: f32,
}

/// A measure of support between a claim and a unit with its neighbours.
pub trait Signal {
    /// 0–1 support of `query` by the window `prev`, `unit`, `next` (term masks given).
    fn score(&self, query: &Query, masks: [u64; 3]) -> f32;
}

/// Weighted coverage of the claim's terms by the sentence, or by the
/// sentence joined with a neighbour (a claim may merge two sentences).
pub struct Coverage;

impl Coverage {
    fn cov(query: &Query, mask: u64) -> f32 {
        if query.total <= 0.0 {
            return 0.0;
        }
        let mut s = 0.0;
        let mut m = mask;
        while m != 0 {
            let j = m.trailing_zeros() as usize;
            s += query.terms[j].1;
            m &= m - 1;
        }
        s / query.total
    }
}

impl Coverage {
    /// Weight of the terms in `part` over the weight of those in `whole`.
    pub fn share(query: &Query, part: u64, whole: u64) -> f32 {
        let w = |mut m: u64| {
            let mut s = 0.0;
            while m != 0 {
                s += query.terms[m.trailing_zeros() as usize].1;
                m &= m - 1;
            }
            s
        };
        let d = w(whole);
        if d > 0.0 {
            w(part) / d
        } else {
            0.0
        }
    }
}

impl Signal for Coverage {
    fn score(&self, q: &Query, [prev, cur, next]: [u64; 3]) -> f32 {
        let one = Coverage::cov(q, cur);
        let two = Coverage::cov(q, prev | cur).max(Coverage::cov(q, cur | next)) * PAIR;
        let three = Coverage::cov(q, prev | cur | next) * TRIPLE;
        one.max(two).max(three)
    }
}

/// Discounts for windows: neighbours help, but less than one sentence saying it all.
const PAIR: f32 = 0.92;
const TRIPLE: f32 = 0.85;

thread_local! {
    /// Per unit, which claim terms it holds (bit j: term j), reused across
    /// claims: at a thousand papers a claim's terms reach hundreds of
    /// thousands of sentences, and a hash map per claim cost more than
    /// all the scoring.
    static MASKS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Every sentence of `works` (None: of every work) sharing a term with the
/// claim, scored as a passage, that is its work's best or nearly (within
/// `THRESHOLDS.restates` of it): the passages a claim is judged on. Lower
/// ones can be neither a work's best nor a rival restating it, and at a
/// thousand papers sorting them all cost more than scoring them. A unit's
/// neighbours are of its own work, so limiting the works changes no score.
pub fn all_passages(
    index: &Index,
    q: &Query,
    signal: &dyn Signal,
    works: Option<&[usize]>,
) -> Vec<Passage> {
    all_passages_spread(index, q, signal, works, None)
}

/// [`all_passages`], also giving the mean and spread of the signal over
/// every unit in scope (a unit sharing no term scores 0): how far a work's
/// best passage stands out for this claim, comparable with the meaning signal.
pub fn all_passages_spread(
    index: &Index,
    q: &Query,
    signal: &dyn Signal,
    works: Option<&[usize]>,
    spread: Option<&mut super::meaning::Spread>,
) -> Vec<Passage> {
    // The units of the given works: units are in work order.
    let spans: Option<Vec<(u32, u32)>> = works.map(|ws| {
        ws.iter()
            .map(|&w| {
                let lo = index.units.partition_point(|u| (u.work as usize) < w);
                let hi = index.units.partition_point(|u| (u.work as usize) <= w);
                (lo as u32, hi as u32)
            })
            .collect()
    });
    MASKS.with(|masks| {
        let mut masks = masks.borrow_mut();
        if masks.len() < index.units.len() {
            masks.resize(index.units.len(), 0);
        }
        let mut touched: Vec<u32> = Vec::new();
        for (j, (id, _)) in q.terms.iter().enumerate() {
            let Some(t) = id else { continue };
            let mut mark = |u: u32| {
                let m = &mut masks[u as usize];
                if *m == 0 {
                    touched.push(u);
                }
                *m |= 1u64 << j;
            };
            let all = index.postings(*t);
            match &spans {
                None => all.iter().for_each(|&u| mark(u)),
                Some(spans) => {
                    for &(lo, hi) in spans {
                        let a = all.partition_point(|&u| u < lo);
                        let b = all.partition_point(|&u| u < hi);
                        all[a..b].iter().for_each(|&u| mark(u));
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(touched.len());
        for &u in &touched {
            let cur = masks[u as usize];
            let mask = |d: i32| index.neighbour(u, d).map_or(0, |v| masks[v as usize]);
            let window = mask(-1) | cur | mask(1);
            let missing_specific = if q.specific == 0 {
                0.0
            } else {
                Coverage::share(q, q.specific & !window, q.specific)
            };
            out.push(Passage {
                work: index.units[u as usize].work,
                unit: u,
                score: signal.score(q, [mask(-1), cur, mask(1)]),
                central: Coverage::cov(q, cur),
                missing_specific,
            });
        }
        for &u in &touched {
            masks[u as usize] = 0;
        }
        if let Some(spread) = spread {
            let n = match &spans {
                None => index.units.len(),
                Some(spans) => spans.iter().map(|&(lo, hi)| (hi - lo) as usize).sum(),
            };
            *spread = super::meaning::Spread::of(out.iter().map(|p| p.score), n);
        }
        let mut best: HashMap<u32, f32> = HashMap::new();
        for p in &out {
            let b = best.entry(p.work).or_insert(p.score);
            *b = b.max(p.score);
        }
        let keep = super::THRESHOLDS.restates;
        out.retain(|p| p.score >= keep * best[&p.work]);
        // Best first; ties by position, so results do not depend on order found.
        out.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.central.total_cmp(&a.central))
                .then(a.unit.cmp(&b.unit))
        });
        out
    })
}

/// The best passage of each work, best first (works without any shared
/// term are absent), from [`all_passages`].
pub fn best_passages(all: &[Passage]) -> Vec<Passage> {
    let mut seen = std::collections::HashSet::new();
    all.iter()
        .filter(|p| seen.insert(p.work))
        .copied()
        .collect()
}

/// Share of the claim's known-term weight found anywhere in work `w`'s text.
pub fn work_fit(index: &Index, q: &Query, w: u32) -> f32 {
    let known: f32 = q.terms.iter().filter(|t| t.0.is_some()).map(|t| t.1).sum();
    if known <= 0.0 {
        return 0.0;
    }
    let inside: f32 = q
        .terms
        .iter()
        .filter_map(|(id, wt)| id.filter(|&t| index.work_tf(t, w) > 0).map(|_| *wt))
        .sum();
    inside / known
}

/// The claim's words' share of use by work `w` against all works with text:
/// a claim in one work's vocabulary ("machine tool", "Dalian") leans to it.
pub fn work_share(index: &Index, q: &Query, w: u32) -> f32 {
    let mut num = 0.0;
    let mut den = 0.0;
    for (id, wt) in &q.terms {
        let Some(t) = id else { continue };
        let total = index.term_total(*t);
        if total == 0 {
            continue;
        }
        num += wt * index.work_tf(*t, w) as f32 / total as f32;
        den += wt;
    }
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

/// Share of the claim's specific terms (names, numbers) that work `w`'s text
/// uses anywhere: a claim naming a firm or place its cited work never
/// mentions, while another work does, leans to that other work.
pub fn work_specific_fit(index: &Index, q: &Query, w: u32) -> f32 {
    let mut whole = 0.0;
    let mut here = 0.0;
    for (j, (id, wt)) in q.terms.iter().enumerate() {
        if q.specific & (1 << j) == 0 {
            continue;
        }
        whole += wt;
        if id.is_some_and(|t| index.work_tf(t, w) > 0) {
            here += wt;
        }
    }
    if whole > 0.0 {
        here / whole
    } else {
        1.0
    }
}
