//! The evidence index: every body sentence of every work's text, as stemmed
//! terms with inverse document frequencies, postings from terms to
//! sentences, and which works use each term. Built once per library.

use std::collections::HashMap;

use super::tokens::words;
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// A body sentence of a work: the unit of evidence.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Index of the work in the library.
    pub work: u32,
    /// Index of the sentence in the work's `TextDoc::sentences`.
    pub sentence: u32,
    /// Sorted, distinct term ids.
    pub terms: Vec<u32>,
}

/// Body sentences are evidence, and so are the abstract's: prose in the
/// front matter (long sentences), as opposed to titles, names and affiliations.
pub fn is_evidence(s: &crate::corpus::text::Sentence) -> bool {
    match s.zone {
        Zone::Body => true,
        Zone::Front => s.text.split_whitespace().count() >= 8 && s.text.ends_with(['.', '!', '?']),
        Zone::Note => false,
    }
}

#[derive(Debug, Default)]
pub struct Index {
    vocab: HashMap<String, u32>,
    pub units: Vec<Unit>,
    /// Term id → units holding it (ascending).
    postings: Vec<Vec<u32>>,
    /// Term id → inverse sentence frequency.
    idf: Vec<f32>,
    /// Term id → number of works whose text uses it.
    work_df: Vec<u32>,
    /// Term id → per-work occurrence counts (work index, count), for works with text.
    work_tf: Vec<Vec<(u32, u32)>>,
    /// Works that have text.
    pub works_with_text: u32,
    /// Firms, places, people and concepts, and which works name them.
    pub entities: crate::entities::Entities,
    /// Highest idf in the index: the weight of a term no source uses.
    pub max_idf: f32,
    /// Every work's text (all zones) as plain lowercase words, for quotations.
    pub plain: HashMap<u32, PlainText>,
    /// Findings of claims judged before, with claim-relative ranges: an
    /// editor re-checks a whole draft after each edit, and only the edited
    /// sentences need judging again.
    claim_cache: std::sync::Mutex<HashMap<ClaimKey, Vec<crate::diag::Finding>>>,
}

/// A claim as judged: its text with citations as written, whether a cited
/// sentence follows it, the works it cites, its unresolved items.
pub type ClaimKey = (String, bool, Vec<usize>, String);

/// Claims kept at most; beyond, the cache starts afresh.
const CLAIM_CACHE_MAX: usize = 20_000;

impl Index {
    pub fn cached_findings(&self, key: &ClaimKey) -> Option<Vec<crate::diag::Finding>> {
        self.claim_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    pub fn cache_findings(&self, key: ClaimKey, findings: Vec<crate::diag::Finding>) {
        let mut c = self.claim_cache.lock().unwrap_or_else(|e| e.into_inner());
        if c.len() >= CLAIM_CACHE_MAX {
            c.clear();
        }
        c.insert(key, findings);
    }
}

/// A work's text as folded words run together (letters and digits only),
/// with where each word starts and which sentence it belongs to.
#[derive(Debug, Default)]
pub struct PlainText {
    pub letters: String,
    /// Byte offset in `letters` where each word starts.
    pub starts: Vec<usize>,
    /// Index into the work's `TextDoc::sentences` of each word.
    pub sentence: Vec<u32>,
}

impl PlainText {
    pub fn push(&mut self, word: String, sentence: u32) {
        self.starts.push(self.letters.len());
        self.letters.push_str(&word);
        self.sentence.push(sentence);
    }
}

/// Folded alphanumeric words: the form quotations are compared in.
pub fn plain_words(text: &str) -> Vec<String> {
    crate::text::fold_words(text)
}

impl Index {
    pub fn build(lib: &Library) -> Index {
        Index::build_with(lib, &crate::entities::Glossary::default())
    }

    /// The index, with the entity catalogue shaped by a user's glossary.
    pub fn build_with(lib: &Library, glossary: &crate::entities::Glossary) -> Index {
        // The entity catalogue is built on the other core meanwhile.
        std::thread::scope(|scope| {
            let entities = scope.spawn(|| crate::entities::Entities::build(lib, glossary));
            let mut ix = Index::build_terms(lib);
            ix.entities = entities.join().unwrap_or_default();
            ix
        })
    }

    /// Everything but the entities.
    fn build_terms(lib: &Library) -> Index {
        let mut ix = Index::default();
        for (wi, work) in lib.works.iter().enumerate() {
            let Some(doc) = &work.doc else { continue };
            ix.works_with_text += 1;
            let mut seen_in_work: HashMap<u32, u32> = HashMap::new();
            let mut plain = PlainText::default();
            for (si, s) in doc.sentences.iter().enumerate() {
                for w in plain_words(&s.text) {
                    plain.push(w, si as u32);
                }
            }
            ix.plain.insert(wi as u32, plain);
            for (si, s) in doc.sentences.iter().enumerate() {
                if !is_evidence(s) {
                    continue;
                }
                let uid = ix.units.len() as u32;
                let mut terms: Vec<u32> = Vec::new();
                for w in words(&s.text) {
                    let next = ix.vocab.len() as u32;
                    let id = *ix.vocab.entry(w.stem).or_insert(next);
                    if id as usize == ix.postings.len() {
                        ix.postings.push(Vec::new());
                    }
                    terms.push(id);
                    *seen_in_work.entry(id).or_default() += 1;
                }
                terms.sort_unstable();
                terms.dedup();
                for &t in &terms {
                    ix.postings[t as usize].push(uid);
                }
                ix.units.push(Unit {
                    work: wi as u32,
                    sentence: si as u32,
                    terms,
                });
            }
            ix.work_tf.resize(ix.postings.len(), Vec::new());
            for (t, n) in seen_in_work {
                ix.work_tf[t as usize].push((wi as u32, n));
            }
        }
        ix.work_tf.resize(ix.postings.len(), Vec::new());
        let n = ix.units.len().max(1) as f32;
        ix.idf = ix
            .postings
            .iter()
            .map(|p| {
                let df = p.len() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        ix.work_df = ix.work_tf.iter().map(|v| v.len() as u32).collect();
        ix.max_idf = (1.0 + (n - 0.5) / 1.5).ln();
        ix
    }

    pub fn term(&self, stem: &str) -> Option<u32> {
        self.vocab.get(stem).copied()
    }

    pub fn idf(&self, t: u32) -> f32 {
        self.idf[t as usize]
    }

    pub fn postings(&self, t: u32) -> &[u32] {
        &self.postings[t as usize]
    }

    pub fn work_df(&self, t: u32) -> u32 {
        self.work_df[t as usize]
    }

    /// How often all texts use term `t`.
    pub fn term_total(&self, t: u32) -> u32 {
        self.work_tf[t as usize].iter().map(|(_, n)| n).sum()
    }

    /// How often work `w`'s text uses term `t`.
    pub fn work_tf(&self, t: u32, w: u32) -> u32 {
        self.work_tf[t as usize]
            .iter()
            .find(|(x, _)| *x == w)
            .map_or(0, |(_, n)| *n)
    }

    /// The units of one work are contiguous: the neighbours of a unit are the
    /// units before and after it in the same work.
    pub fn neighbour(&self, u: u32, delta: i32) -> Option<u32> {
        let v = u as i64 + delta as i64;
        if v < 0 || v as usize >= self.units.len() {
            return None;
        }
        let v = v as u32;
        (self.units[v as usize].work == self.units[u as usize].work).then_some(v)
    }
}
