//! Citation resolution: Pandoc keys exactly, author-year citations by family
//! names (diacritics and case folded, `et al.`, two-author forms), year,
//! year suffix and `n.d.`. Near misses come back with suggestions.

use std::collections::HashMap;

use crate::corpus::{Library, Work};
use crate::syntax::{AuthorYear, CiteItem};
use crate::text::{fold, fold_words};

/// What a cited item refers to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The index of the work in the library.
    Work(usize),
    /// Nothing matches; close keys or authors, best first, with a 0–1 score.
    Unknown { suggestions: Vec<(usize, f64)> },
    /// The author is there, the year is not: that author's works.
    YearMismatch { candidates: Vec<usize> },
    /// Several works match an author-year citation.
    Ambiguous { candidates: Vec<usize> },
}

/// Family names prepared once per library (year suffixes are the works' own:
/// `corpus::Work::year_suffix`).
pub struct Resolver<'a> {
    lib: &'a Library,
    /// Folded family names of each work's authors.
    families: Vec<Vec<String>>,
    /// Works by folded first-author family name.
    by_first: HashMap<String, Vec<usize>>,
    /// Each work's folded key with its character profile, made when the
    /// first unknown key needs suggestions.
    keys: std::cell::OnceCell<Vec<(String, KeyProfile)>>,
}

/// Counts of letters, digits and other characters in a key, and its length
/// in characters: a cheap lower bound on edit distance between two keys.
#[derive(Clone, Copy)]
struct KeyProfile {
    counts: [u8; 37],
    len: usize,
}

impl KeyProfile {
    fn of(s: &str) -> KeyProfile {
        let mut counts = [0u8; 37];
        let mut len = 0;
        for c in s.chars() {
            len += 1;
            let bin = match c {
                'a'..='z' => c as usize - 'a' as usize,
                '0'..='9' => 26 + c as usize - '0' as usize,
                _ => 36,
            };
            counts[bin] = counts[bin].saturating_add(1);
        }
        KeyProfile { counts, len }
    }

    /// Can the two keys reach a `normalized_damerau_levenshtein` of `min`?
    /// Each edit changes the counts by at most two, so the distance is at
    /// least half their difference.
    fn may_reach(&self, other: &KeyProfile, min: f64) -> bool {
        let diff: u32 = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum();
        let longest = self.len.max(other.len).max(1) as f64;
        (f64::from(diff) / 2.0).ceil() <= (1.0 - min) * longest + 1e-9
    }
}

fn fold_family(s: &str) -> String {
    fold_words(s).join(" ")
}

/// The last word of a family name (`van der Berg` → `berg`), for lenient matching.
fn core_family(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or(s)
}

impl<'a> Resolver<'a> {
    pub fn new(lib: &'a Library) -> Self {
        let families: Vec<Vec<String>> = lib
            .works
            .iter()
            .map(|w| w.authors.iter().map(|a| fold_family(&a.family)).collect())
            .collect();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in families.iter().enumerate() {
            if let Some(first) = f.first() {
                by_first.entry(first.clone()).or_default().push(i);
                let core = core_family(first);
                if core != first {
                    by_first.entry(core.to_string()).or_default().push(i);
                }
            }
        }
        Resolver {
            lib,
            families,
            by_first,
            keys: std::cell::OnceCell::new(),
        }
    }

    pub fn library(&self) -> &'a Library {
        self.lib
    }

    /// The year suffix a work is cited with, if it shares authors and year with another.
    pub fn year_suffix(&self, work: usize) -> Option<char> {
        self.lib.works[work].year_suffix
    }

    pub fn resolve(&self, item: &CiteItem) -> Resolution {
        if let Some(key) = &item.key {
            return self.resolve_key(key);
        }
        match &item.author_year {
            Some(ay) => self.resolve_author_year(ay),
            None => Resolution::Unknown {
                suggestions: vec![],
            },
        }
    }

    pub fn resolve_key(&self, key: &str) -> Resolution {
        if let Some(i) = self.lib.index_of(key) {
            return Resolution::Work(i);
        }
        const MIN: f64 = 0.7;
        let folded = fold(key);
        let profile = KeyProfile::of(&folded);
        let keys = self.keys.get_or_init(|| {
            self.lib
                .works
                .iter()
                .map(|w| {
                    let f = fold(&w.key);
                    let p = KeyProfile::of(&f);
                    (f, p)
                })
                .collect()
        });
        // The profile bound skips most keys of a large bibliography before
        // the edit distance is computed.
        let mut scored: Vec<(usize, f64)> = keys
            .iter()
            .enumerate()
            .filter(|(_, (_, p))| profile.may_reach(p, MIN))
            .map(|(i, (k, _))| (i, strsim::normalized_damerau_levenshtein(&folded, k)))
            .filter(|&(_, s)| s >= MIN)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(5);
        Resolution::Unknown {
            suggestions: scored,
        }
    }

    /// Does work `i`'s author list match the names as written?
    /// `strict`: the number of authors fits the form (`et al.` = three or more).
    fn authors_match(&self, i: usize, names: &[String], et_al: bool, strict: bool) -> bool {
        let fams = &self.families[i];
        if fams.is_empty() || names.is_empty() || names.len() > fams.len() {
            return false;
        }
        let same = |a: &str, b: &str| a == b || core_family(a) == core_family(b);
        if !names.iter().zip(fams).all(|(n, f)| same(n, f)) {
            return false;
        }
        if !strict {
            return true;
        }
        if et_al {
            fams.len() >= 3 && names.len() < fams.len()
        } else {
            names.len() == fams.len()
        }
    }

    fn year_matches(&self, i: usize, ay: &AuthorYear) -> bool {
        let w: &Work = &self.lib.works[i];
        if w.year != ay.year {
            return false;
        }
        match ay.year_suffix {
            Some(s) => self.lib.works[i].year_suffix == Some(s),
            None => true,
        }
    }

    pub fn resolve_author_year(&self, ay: &AuthorYear) -> Resolution {
        let names: Vec<String> = ay.names.iter().map(|n| fold_family(n)).collect();
        let Some(first) = names.first() else {
            return Resolution::Unknown {
                suggestions: vec![],
            };
        };
        let mut pool: Vec<usize> = Vec::new();
        for k in [first.as_str(), core_family(first)] {
            if let Some(v) = self.by_first.get(k) {
                pool.extend(v);
            }
        }
        pool.sort_unstable();
        pool.dedup();
        // Strict author forms first (et al. = 3+), then lenient (first authors only).
        for strict in [true, false] {
            let by_author: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&i| self.authors_match(i, &names, ay.et_al, strict))
                .collect();
            if by_author.is_empty() {
                continue;
            }
            let hits: Vec<usize> = by_author
                .iter()
                .copied()
                .filter(|&i| self.year_matches(i, ay))
                .collect();
            match hits.len() {
                1 => return Resolution::Work(hits[0]),
                0 => {
                    if strict {
                        // A lenient author match with the right year beats a year mismatch.
                        let lenient: Vec<usize> = pool
                            .iter()
                            .copied()
                            .filter(|&i| {
                                self.authors_match(i, &names, ay.et_al, false)
                                    && self.year_matches(i, ay)
                            })
                            .collect();
                        if lenient.len() == 1 {
                            return Resolution::Work(lenient[0]);
                        }
                        if lenient.len() > 1 {
                            return Resolution::Ambiguous {
                                candidates: lenient,
                            };
                        }
                    }
                    return Resolution::YearMismatch {
                        candidates: by_author,
                    };
                }
                _ => return Resolution::Ambiguous { candidates: hits },
            }
        }
        // Nobody by that name: suggest close family names, same year first.
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for (i, fams) in self.families.iter().enumerate() {
            let Some(f) = fams.first() else { continue };
            let mut s = strsim::jaro_winkler(first, f);
            if s < 0.85 {
                continue;
            }
            if self.lib.works[i].year == ay.year {
                s = (s + 0.05).min(1.0);
            }
            scored.push((i, s));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(5);
        Resolution::Unknown {
            suggestions: scored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The profile bound never skips a key that is similar enough.
        #[test]
        fn the_profile_bound_is_sound(a in "[a-z0-9_:-]{0,24}", b in "[a-z0-9_:-]{0,24}") {
            let s = strsim::normalized_damerau_levenshtein(&a, &b);
            if s >= 0.7 {
                prop_assert!(KeyProfile::of(&a).may_reach(&KeyProfile::of(&b), 0.7), "{a} {b} {s}");
            }
        }

        /// Near-misses of a key (one edit) always pass the bound.
        #[test]
        fn one_edit_away_passes(a in "[a-z]{6,20}[0-9]{4}", i in 0usize..24, c in "[a-z]") {
            let mut b: Vec<char> = a.chars().collect();
            let i = i % b.len();
            b[i] = c.chars().next().unwrap();
            let b: String = b.into_iter().collect();
            prop_assert!(KeyProfile::of(&a).may_reach(&KeyProfile::of(&b), 0.7));
        }
    }
}
