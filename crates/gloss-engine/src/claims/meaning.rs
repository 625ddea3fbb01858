//! The meaning signal: the cosine between a claim's sentence embedding and
//! each evidence sentence's (see `crate::embed`). Reworded claims share few
//! words with their source but most of its meaning.
//!
//! Lexical support and cosine live on different scales, and both shift from
//! claim to claim (a claim in a field's common words is close to many
//! sentences). Each is therefore read as a z-score over every evidence
//! sentence of the corpus for that claim: how far a work's best sentence
//! stands out from the rest. The checker compares works on these.

use std::collections::HashMap;

use super::index::Index;
use crate::embed::DIM;

/// Mean and standard deviation of a signal over the evidence sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Spread {
    pub mean: f32,
    pub sd: f32,
}

impl Spread {
    /// Over `n` units of which those not in `values` score 0.
    pub fn of(values: impl Iterator<Item = f32>, n: usize) -> Spread {
        let (mut sum, mut sq) = (0f64, 0f64);
        for v in values {
            sum += v as f64;
            sq += (v as f64) * (v as f64);
        }
        if n == 0 {
            return Spread::default();
        }
        let mean = sum / n as f64;
        let var = (sq / n as f64 - mean * mean).max(0.0);
        Spread {
            mean: mean as f32,
            sd: var.sqrt() as f32,
        }
    }

    /// How many deviations `x` stands above the mean.
    pub fn z(&self, x: f32) -> f32 {
        (x - self.mean) / self.sd.max(1e-4)
    }
}

/// The embedding of every evidence unit, in the index's unit order.
#[derive(Debug, Default)]
pub struct UnitVectors {
    data: Vec<f32>,
}

impl UnitVectors {
    /// `data` holds `DIM` floats per unit; None if its length says otherwise.
    pub fn new(data: Vec<f32>, units: usize) -> Option<UnitVectors> {
        (data.len() == units * DIM).then_some(UnitVectors { data })
    }

    pub fn len(&self) -> usize {
        self.data.len() / DIM
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn get(&self, unit: u32) -> &[f32] {
        &self.data[unit as usize * DIM..(unit as usize + 1) * DIM]
    }
}

/// What the checker needs to judge meaning: the units' embeddings, and the
/// embedding of each claim by its text (`crate::embed::store::key`).
pub struct Meaning<'a> {
    pub units: &'a UnitVectors,
    pub claims: &'a HashMap<u64, Vec<f32>>,
}

impl Meaning<'_> {
    /// How the corpus's sentences relate to one claim, if its embedding is known.
    pub fn of_claim(&self, index: &Index, claim: &str) -> Option<ClaimMeaning> {
        if self.units.len() != index.units.len() {
            return None;
        }
        let v = self.claims.get(&crate::embed::store::key(claim))?;
        let mut best: HashMap<u32, (f32, u32)> = HashMap::new();
        let mut cos = Vec::with_capacity(index.units.len());
        for (u, unit) in index.units.iter().enumerate() {
            let c = crate::embed::cosine(v, self.units.get(u as u32));
            cos.push(c);
            let b = best.entry(unit.work).or_insert((f32::MIN, u as u32));
            if c > b.0 {
                *b = (c, u as u32);
            }
        }
        let spread = Spread::of(cos.iter().copied(), cos.len());
        Some(ClaimMeaning { best, spread, cos })
    }
}

/// One claim's cosines: per unit, each work's best, and their spread.
#[derive(Debug)]
pub struct ClaimMeaning {
    /// Work → (best cosine, its unit).
    pub best: HashMap<u32, (f32, u32)>,
    pub spread: Spread,
    pub cos: Vec<f32>,
}

impl ClaimMeaning {
    /// The z-score of work `w`'s best sentence (very low when it has none).
    pub fn z(&self, w: u32) -> f32 {
        self.best.get(&w).map_or(-10.0, |&(c, _)| self.spread.z(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_counts_the_units_that_share_nothing_as_zero() {
        let s = Spread::of([1.0f32, 1.0].into_iter(), 4);
        assert!((s.mean - 0.5).abs() < 1e-6);
        assert!((s.sd - 0.5).abs() < 1e-6);
        assert!((s.z(1.0) - 1.0).abs() < 1e-5);
        assert_eq!(Spread::of(std::iter::empty(), 0), Spread::default());
    }

    #[test]
    fn unit_vectors_refuse_a_wrong_length() {
        assert!(UnitVectors::new(vec![0.0; DIM * 2], 2).is_some());
        assert!(UnitVectors::new(vec![0.0; DIM * 2 - 1], 2).is_none());
    }
}
