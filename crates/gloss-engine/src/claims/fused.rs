//! Misattribution judged on wording and meaning together, when the
//! embedding model is installed: each work's best sentence for the claim is
//! scored by lexical support and by cosine, each as a z-score over every
//! evidence sentence of the corpus (`meaning::Spread`), and the best other
//! work is compared with the best cited one on both. One linear model,
//! fitted on labelled claims of two corpora (`scripts/fit/fused.py`, with
//! each corpus left out in turn; BENCHMARKS.md), weighs the two leads and
//! the lead in whole-text fit.

use std::collections::{HashMap, HashSet};

use super::matching::Passage;
use super::meaning::{ClaimMeaning, Spread};

/// The fitted model: a claim is another work's when
/// `lex * d_lex + cos * d_cos + fit * d_fit + bias > 0`.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    pub lex: f32,
    pub cos: f32,
    pub fit: f32,
    pub bias: f32,
}

/// Fitted by `scripts/fit/fused.py` on both dev sets (see BENCHMARKS.md,
/// "The fused misattribution model"); the per-corpus fits and the
/// leave-one-corpus-out figures are recorded there.
pub const WEIGHTS: Weights = Weights {
    lex: 0.5777,
    cos: 2.4035,
    fit: 0.1515,
    bias: -2.1862,
};

/// The lead of the best other work over the cited works.
#[derive(Debug, Clone, Copy)]
pub struct Lead {
    /// The other work's passage: its best lexical passage, or its closest
    /// sentence in meaning when it shares no word with the claim.
    pub other: Passage,
    /// z(lexical) of the other work minus the best cited work's.
    pub d_lex: f32,
    /// z(cosine) of the other work minus the best cited work's.
    pub d_cos: f32,
    /// Whole-text fit of the other work minus the cited works' best.
    pub d_fit: f32,
}

impl Lead {
    pub fn score(&self, w: &Weights) -> f32 {
        w.lex * self.d_lex + w.cos * self.d_cos + w.fit * self.d_fit + w.bias
    }
}

/// The best other work's lead, choosing it by the two z-scores summed;
/// None when no other work has text.
pub fn lead(
    best: &[Passage],
    spread: Spread,
    meaning: &ClaimMeaning,
    cited: &HashSet<u32>,
    fit: &dyn Fn(u32) -> f32,
) -> Option<Lead> {
    let lexical: HashMap<u32, &Passage> = best.iter().map(|p| (p.work, p)).collect();
    let z_lex = |w: u32| spread.z(lexical.get(&w).map_or(0.0, |p| p.score));
    let z_cos = |w: u32| meaning.z(w);
    let cited_lex = cited.iter().map(|&w| z_lex(w)).fold(f32::MIN, f32::max);
    let cited_cos = cited.iter().map(|&w| z_cos(w)).fold(f32::MIN, f32::max);
    let cited_fit = cited.iter().map(|&w| fit(w)).fold(0.0, f32::max);
    let mut others: Vec<u32> = meaning
        .best
        .keys()
        .chain(lexical.keys())
        .copied()
        .filter(|w| !cited.contains(w))
        .collect();
    others.sort_unstable();
    others.dedup();
    let o = others.into_iter().max_by(|&a, &b| {
        (z_lex(a) + z_cos(a))
            .total_cmp(&(z_lex(b) + z_cos(b)))
            .then(b.cmp(&a))
    })?;
    let other = match lexical.get(&o) {
        Some(p) => **p,
        None => Passage {
            work: o,
            unit: meaning.best.get(&o)?.1,
            score: 0.0,
            central: 0.0,
            missing_specific: 1.0,
        },
    };
    Some(Lead {
        other,
        d_lex: z_lex(o) - cited_lex,
        d_cos: z_cos(o) - cited_cos,
        d_fit: fit(o) - cited_fit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(work: u32, score: f32) -> Passage {
        Passage {
            work,
            unit: work * 10,
            score,
            central: score,
            missing_specific: 0.0,
        }
    }

    fn meaning(best: &[(u32, f32)]) -> ClaimMeaning {
        ClaimMeaning {
            best: best.iter().map(|&(w, c)| (w, (c, w * 10 + 1))).collect(),
            spread: Spread { mean: 0.2, sd: 0.1 },
            cos: vec![],
        }
    }

    #[test]
    fn the_other_work_leading_on_both_signals_is_chosen_and_measured() {
        let spread = Spread { mean: 0.1, sd: 0.1 };
        let best = [passage(0, 0.3), passage(1, 0.6), passage(2, 0.5)];
        let m = meaning(&[(0, 0.4), (1, 0.7), (2, 0.5)]);
        let cited: HashSet<u32> = [0].into();
        let l = lead(&best, spread, &m, &cited, &|_| 0.5).unwrap();
        assert_eq!(l.other.work, 1);
        assert!((l.d_lex - 3.0).abs() < 1e-4, "{l:?}");
        assert!((l.d_cos - 3.0).abs() < 1e-4, "{l:?}");
        assert_eq!(l.d_fit, 0.0);
    }

    #[test]
    fn a_work_close_in_meaning_alone_is_a_candidate_with_its_closest_sentence() {
        let spread = Spread { mean: 0.1, sd: 0.1 };
        let best = [passage(0, 0.3)];
        let m = meaning(&[(0, 0.3), (3, 0.9)]);
        let cited: HashSet<u32> = [0].into();
        let l = lead(&best, spread, &m, &cited, &|_| 0.0).unwrap();
        assert_eq!((l.other.work, l.other.unit), (3, 31));
        assert!(l.d_cos > 0.0 && l.d_lex < 0.0);
    }

    #[test]
    fn no_other_work_no_lead() {
        let m = meaning(&[(0, 0.3)]);
        let cited: HashSet<u32> = [0].into();
        assert!(lead(&[passage(0, 0.3)], Spread::default(), &m, &cited, &|_| 0.0).is_none());
    }
}
