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
        let folded = fold(key);
        let mut scored: Vec<(usize, f64)> = self
            .lib
            .works
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (
                    i,
                    strsim::normalized_damerau_levenshtein(&folded, &fold(&w.key)),
                )
            })
            .filter(|&(_, s)| s >= 0.7)
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
