//! Candidate entities from the texts: capitalised names, acronyms with their
//! long forms (Schwartz–Hearst), alternative names in parentheses, defined
//! and key-worded terms, distinctive key phrases; grouped, then given a kind
//! from generic cues only.
//!
//! This module runs the pipeline (read every work, merge groups joined by
//! acronyms, alternative names and plurals, classify, pick display names);
//! the word lists, tokens, candidate reading, acronyms, key phrases,
//! classification, glossary and mention counting have their own modules.

use std::collections::{HashMap, HashSet};

use super::scan::is_cjk;
use super::{fold_name, Kind, WorkMentions};
use crate::corpus::Library;

mod acronyms;
mod apply;
mod candidates;
mod classify;
mod count;
mod lexicon;
mod phrases;
mod tokens;

pub(crate) use apply::apply_glossary;
pub(crate) use count::count;
pub(crate) use lexicon::strip_company_suffix;

use candidates::{Builder, NameEvidence};
use classify::{classify, has_company_suffix_any, is_rejected};
use phrases::key_phrases;
use tokens::is_acronym;

/// The hasher of the word-keyed maps indexing fills for every word of the
/// corpus: XXH3 rather than SipHash (a tenth of a first index's CPU went to
/// SipHash); the keys are the user's own texts, not an attacker's choice.
pub(super) type Fast = xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// A candidate entity before counting (not a `syntax::Draft`): its names
/// (display name first) and kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub names: Vec<String>,
    pub kind: Kind,
    pub from_glossary: bool,
}

pub(crate) struct Counted {
    pub works: Vec<Vec<WorkMentions>>,
    pub related: Vec<Vec<usize>>,
}

struct Uf(Vec<usize>);
impl Uf {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut y = x;
        while self.0[y] != r {
            let n = self.0[y];
            self.0[y] = r;
            y = n;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[b] = a;
        }
    }
}

pub(crate) fn extract(lib: &Library) -> Vec<Candidate> {
    let mut b = read_works(lib);
    let (merged, root_of) = merge_groups(&mut b);
    let mut roots: Vec<usize> = merged.keys().copied().collect();
    roots.sort_unstable();
    let mut kinds = classify_groups(&b, &merged, &roots);
    firms_by_list(&mut kinds, &merged, &roots, &root_of);
    let mut out = Vec::new();
    for &r in &roots {
        let ev = &merged[&r];
        let Some(kind) = kinds[&r] else { continue };
        let total: u32 = ev.forms.values().sum();
        let strong = has_company_suffix_any(ev)
            || ev.firm >= 1.0
            || ev.person >= 1.0
            || matches!(
                kind,
                Kind::Concept | Kind::Government | Kind::Organisation | Kind::Journal
            );
        if total < 2 && !strong {
            continue;
        }
        let names = display_names(ev, kind);
        if names.is_empty() {
            continue;
        }
        out.push(Candidate {
            names,
            kind,
            from_glossary: false,
        });
    }
    out
}

/// Read every work into one builder: word counts first, then the works on
/// all cores, each into its own builder, while the key phrases are counted;
/// the builders are joined in work order, and the key phrases added.
fn read_works(lib: &Library) -> Builder {
    let mut b = Builder::new(lib);
    crate::timing::phase("entities: word counts", || b.count_all_words(lib));
    let (per_work, phrases) = rayon::join(
        || {
            use rayon::prelude::*;
            crate::timing::phase("entities: sentences", || {
                lib.works
                    .par_iter()
                    .map(|w| {
                        let mut wb = b.fork();
                        wb.work(w);
                        wb
                    })
                    .collect::<Vec<Builder>>()
            })
        },
        || crate::timing::phase("entities: key phrases", || key_phrases(lib)),
    );
    crate::timing::phase("entities: join", || {
        for wb in per_work {
            b.absorb(wb);
        }
    });
    for p in phrases {
        b.concept(&p, false);
        let g = b.group(&p);
        b.groups[g].keyword = true;
    }
    b
}

/// Merge groups joined by acronyms and alternative names; plurals too.
/// The merged evidence by root group, and every group's root.
fn merge_groups(b: &mut Builder) -> (HashMap<usize, NameEvidence>, Vec<usize>) {
    let pair_groups: Vec<(usize, usize)> = b
        .pairs
        .clone()
        .iter()
        .map(|(l, s)| (b.group(l), b.group(s)))
        .collect();
    let m = b.groups.len();
    let mut uf = Uf((0..m).collect());
    for (gl, gs) in pair_groups {
        uf.union(gl, gs);
    }
    let keys: Vec<(String, usize)> = b.by_key.iter().map(|(k, &v)| (k.clone(), v)).collect();
    for (k, g) in &keys {
        if let Some(sing) = k.strip_suffix('s') {
            if let Some(&h) = b.by_key.get(sing) {
                if !b.groups[*g].acronym || b.groups[h].acronym {
                    uf.union(h, *g);
                }
            }
        }
    }
    let mut merged: HashMap<usize, NameEvidence> = HashMap::new();
    let mut root_of = vec![0; m];
    for (g, root) in root_of.iter_mut().enumerate() {
        let r = uf.find(g);
        *root = r;
        let ev = b.groups[g].clone();
        merged.entry(r).or_default().add(ev, |g| g);
    }
    (merged, root_of)
}

/// The kind of every merged group (`None`: not an entity); with
/// `GLOSS_DEBUG_ENTITIES` set, each group's evidence on stderr.
fn classify_groups(
    b: &Builder,
    merged: &HashMap<usize, NameEvidence>,
    roots: &[usize],
) -> HashMap<usize, Option<Kind>> {
    let mut kinds: HashMap<usize, Option<Kind>> = HashMap::new();
    let debug = std::env::var_os("GLOSS_DEBUG_ENTITIES").is_some();
    for &r in roots {
        let k = classify(b, &merged[&r]);
        if debug {
            let e = &merged[&r];
            eprintln!(
                "{:?} {:?} occ={} mid={} attr={} firm={} place={} person={} acr={} concept={}",
                k,
                e.forms,
                e.occurrences,
                e.mid,
                e.attributive,
                e.firm,
                e.place,
                e.person,
                e.acronym,
                e.concept
            );
        }
        kinds.insert(r, k);
    }
    kinds
}

/// Named in a list with firms and nothing else known: a firm (twice, so a
/// firm found this way can vouch for another).
fn firms_by_list(
    kinds: &mut HashMap<usize, Option<Kind>>,
    merged: &HashMap<usize, NameEvidence>,
    roots: &[usize],
    root_of: &[usize],
) {
    let rejected: HashSet<usize> = roots
        .iter()
        .copied()
        .filter(|r| is_rejected(&merged[r]))
        .collect();
    for _ in 0..2 {
        let snapshot = kinds.clone();
        for &r in roots {
            if snapshot[&r].is_some() || rejected.contains(&r) {
                continue;
            }
            let ev = &merged[&r];
            let firms = ev
                .coordinated
                .iter()
                .filter(|&&g| snapshot.get(&root_of[g]).copied().flatten() == Some(Kind::Firm))
                .count();
            if firms >= 1 && ev.place < 1.0 && ev.person < 1.0 {
                kinds.insert(r, Some(Kind::Firm));
            }
        }
    }
}

/// A group's names, display name first: the most frequent full form
/// (acronyms give way to their long form; for firms, organisations and
/// governments the form most often written), names in Latin letters before
/// others, each folded form once.
fn display_names(ev: &NameEvidence, kind: Kind) -> Vec<String> {
    let mut forms: Vec<(&String, &u32)> = ev.forms.iter().collect();
    // Display name: most frequent full form; acronyms give way to their long form.
    forms.sort_by(|a, b| {
        let acr = |s: &str| is_acronym(s) as u8;
        acr(a.0)
            .cmp(&acr(b.0))
            .then(b.1.cmp(a.1))
            .then(b.0.len().cmp(&a.0.len()))
            .then(a.0.cmp(b.0))
    });
    if kind == Kind::Firm || kind == Kind::Organisation || kind == Kind::Government {
        // Prefer the name as most often written, not an acronym, unless the acronym is the common form.
        forms.sort_by(|a, b| {
            let acr = |s: &str| is_acronym(s) as u8;
            let ca = *a.1 as f32 * if acr(a.0) == 1 { 0.5 } else { 1.0 };
            let cb = *b.1 as f32 * if acr(b.0) == 1 { 0.5 } else { 1.0 };
            cb.total_cmp(&ca)
                .then(b.0.len().cmp(&a.0.len()))
                .then(a.0.cmp(b.0))
        });
    }
    // Names in Latin letters first: "UFIDA (用友)".
    forms.sort_by_key(|f| f.0.chars().any(is_cjk));
    // Each form folded once: a large merged group must not cost its
    // square in folds.
    let mut names: Vec<String> = Vec::new();
    let mut folded: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (f, _) in forms {
        let f = f.trim().to_string();
        if folded.insert(fold_name(&f)) {
            names.push(f);
        }
    }
    names
}

#[cfg(test)]
mod tests;
