//! The evidence index: every body sentence of every work's text, as stemmed
//! terms with inverse document frequencies, postings from terms to
//! sentences, and which works use each term. Built once per library.

use std::collections::HashMap;

use super::tokens::words;
use crate::corpus::text::Zone;
use crate::corpus::Library;

/// A body sentence of a work: the unit of evidence.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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

/// Serialisable for the persisted index (see `crate::cache`); the entity
/// catalogue is stored beside it and the claims cache is not stored.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
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
    #[serde(skip)]
    pub entities: crate::entities::Entities,
    /// Highest idf in the index: the weight of a term no source uses.
    pub max_idf: f32,
    /// Every work's text (all zones) as plain lowercase words, for
    /// quotations: made from the texts when a quotation is first looked up
    /// ([`Index::plain`]), never cached (it would be most of the persisted
    /// index, read and decoded on every start for the few quotations a
    /// draft holds).
    #[serde(skip)]
    plain: std::sync::OnceLock<HashMap<u32, PlainText>>,
    /// Work → its terms' global ids in the order the work first used them:
    /// what turns the index back into the works' shares for the cache.
    work_ids: HashMap<u32, Vec<u32>>,
    /// Findings of claims judged before, with claim-relative ranges: an
    /// editor re-checks a whole draft after each edit, and only the edited
    /// sentences need judging again.
    #[serde(skip)]
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
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct PlainText {
    pub letters: String,
    /// Byte offset in `letters` where each word starts.
    pub starts: Vec<u32>,
    /// Index into the work's `TextDoc::sentences` of each word.
    pub sentence: Vec<u32>,
}

impl PlainText {
    /// Every sentence's words (all zones), folded.
    pub fn of(doc: &crate::corpus::text::TextDoc) -> PlainText {
        let mut out = PlainText::default();
        for (si, s) in doc.sentences.iter().enumerate() {
            for w in plain_words(&s.text) {
                out.push(w, si as u32);
            }
        }
        out
    }

    pub fn push(&mut self, word: String, sentence: u32) {
        self.starts.push(self.letters.len() as u32);
        self.letters.push_str(&word);
        self.sentence.push(sentence);
    }
}

/// Folded alphanumeric words: the form quotations are compared in.
pub fn plain_words(text: &str) -> Vec<String> {
    crate::text::fold_words(text)
}

/// One work's share of the index, computed from its text alone: so works
/// are indexed in parallel, cached by content, and a changed paper is the
/// only one indexed again. `Index::from_parts` joins them.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct WorkTerms {
    /// Local term id → stem, in order of first use.
    pub stems: Vec<String>,
    /// Local term id → occurrences in the work's evidence sentences.
    pub counts: Vec<u32>,
    /// Evidence sentences: (index in `TextDoc::sentences`, sorted distinct local term ids).
    pub units: Vec<(u32, Vec<u32>)>,
}

impl WorkTerms {
    pub fn of(doc: &crate::corpus::text::TextDoc) -> WorkTerms {
        let mut out = WorkTerms::default();
        let mut local: HashMap<String, u32> = HashMap::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            if !is_evidence(s) {
                continue;
            }
            let mut terms: Vec<u32> = Vec::new();
            for w in words(&s.text) {
                let id = match local.get(&w.stem) {
                    Some(&id) => id,
                    None => {
                        let id = out.stems.len() as u32;
                        local.insert(w.stem.clone(), id);
                        out.stems.push(w.stem);
                        out.counts.push(0);
                        id
                    }
                };
                out.counts[id as usize] += 1;
                terms.push(id);
            }
            terms.sort_unstable();
            terms.dedup();
            out.units.push((si as u32, terms));
        }
        out
    }
}

impl Index {
    pub fn build(lib: &Library) -> Index {
        Index::build_with(lib, &crate::entities::Glossary::default())
    }

    /// The index, with the entity catalogue shaped by a user's glossary.
    pub fn build_with(lib: &Library, glossary: &crate::entities::Glossary) -> Index {
        let parts = Index::parts(lib, |_| None);
        Index::from_parts(lib, parts, |lib| {
            crate::entities::Entities::build(lib, glossary)
        })
    }

    /// Every work's share of the index, on all cores: `reuse` gives the
    /// share of a work already indexed (from the cache), else it is computed.
    pub fn parts(
        lib: &Library,
        reuse: impl Fn(usize) -> Option<WorkTerms> + Sync,
    ) -> Vec<Option<WorkTerms>> {
        use rayon::prelude::*;
        crate::timing::phase("index: work terms", || {
            lib.works
                .par_iter()
                .enumerate()
                .map(|(wi, w)| {
                    let doc = w.doc.as_ref()?;
                    Some(reuse(wi).unwrap_or_else(|| WorkTerms::of(doc)))
                })
                .collect()
        })
    }

    /// Join the works' shares (aligned with `lib.works`) into the index;
    /// the entity catalogue is built (or taken from the cache) meanwhile on
    /// the other cores.
    pub fn from_parts(
        lib: &Library,
        parts: Vec<Option<WorkTerms>>,
        entities: impl FnOnce(&Library) -> crate::entities::Entities + Send,
    ) -> Index {
        let (mut ix, ents) = rayon::join(
            || crate::timing::phase("index: join", || Index::join(parts)),
            || entities(lib),
        );
        ix.entities = ents;
        ix
    }

    fn join(parts: Vec<Option<WorkTerms>>) -> Index {
        let mut ix = Index::default();
        for (wi, part) in parts.into_iter().enumerate() {
            let Some(part) = part else { continue };
            ix.works_with_text += 1;
            let ids: Vec<u32> = part
                .stems
                .into_iter()
                .map(|stem| {
                    let next = ix.vocab.len() as u32;
                    *ix.vocab.entry(stem).or_insert(next)
                })
                .collect();
            if ix.postings.len() < ix.vocab.len() {
                ix.postings.resize(ix.vocab.len(), Vec::new());
                ix.work_tf.resize(ix.vocab.len(), Vec::new());
            }
            for (local, &n) in part.counts.iter().enumerate() {
                ix.work_tf[ids[local] as usize].push((wi as u32, n));
            }
            for (si, local_terms) in part.units {
                let uid = ix.units.len() as u32;
                let mut terms: Vec<u32> = local_terms.iter().map(|&l| ids[l as usize]).collect();
                terms.sort_unstable();
                for &t in &terms {
                    ix.postings[t as usize].push(uid);
                }
                ix.units.push(Unit {
                    work: wi as u32,
                    sentence: si,
                    terms,
                });
            }
            ix.work_ids.insert(wi as u32, ids);
        }
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

    /// Check an index read from the cache against itself and the texts it
    /// was built from (`sentences`: work → its text's sentence count), and
    /// compute its derived tables (postings, frequencies) again from its
    /// units instead of trusting them. After this nothing the index holds
    /// points outside what it is followed into: every term id is in the
    /// vocabulary, every unit and word names a work with text and one of its
    /// sentences, each work's units use only its own terms.
    pub fn validate_and_rederive(&mut self, sentences: &HashMap<u32, usize>) -> Result<(), String> {
        let terms = self.vocab.len();
        let mut seen = vec![false; terms];
        for &id in self.vocab.values() {
            match seen.get_mut(id as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err("a term id outside the vocabulary".into()),
            }
        }
        if self.work_tf.len() != terms {
            return Err("term tables of another length than the vocabulary".into());
        }
        let n_sentences = |w: u32| sentences.get(&w).copied();
        // Whether a term is a work's own: `owner[term]` is stamped with the
        // work (plus one) while its units are checked, units coming in work
        // order; no set per work.
        let mut owner = vec![0u32; terms];
        for (&w, ids) in &self.work_ids {
            n_sentences(w).ok_or("terms of a work without text")?;
            for &g in ids {
                match owner.get_mut(g as usize) {
                    Some(o) if *o != w + 1 => *o = w + 1,
                    _ => return Err("a work's term ids".into()),
                }
            }
        }
        let mut last_work: Option<u32> = None;
        for u in &self.units {
            let n = n_sentences(u.work).ok_or("a unit of a work without text")?;
            if last_work.is_some_and(|l| u.work < l) || u.sentence as usize >= n {
                return Err("a unit out of order or past its text".into());
            }
            if last_work != Some(u.work) {
                let ids = self
                    .work_ids
                    .get(&u.work)
                    .ok_or("a unit of a work without terms")?;
                for &g in ids {
                    owner[g as usize] = u.work + 1;
                }
                last_work = Some(u.work);
            }
            if !u.terms.windows(2).all(|p| p[0] < p[1])
                || !u
                    .terms
                    .iter()
                    .all(|&t| owner.get(t as usize) == Some(&(u.work + 1)))
            {
                return Err("a unit's terms".into());
            }
        }
        for tf in &self.work_tf {
            if !tf.windows(2).all(|p| p[0].0 < p[1].0)
                || !tf.iter().all(|(w, _)| self.work_ids.contains_key(w))
            {
                return Err("a term's work counts".into());
            }
        }
        // The derived tables, as `join` computes them.
        let mut postings = vec![Vec::new(); terms];
        for (uid, u) in self.units.iter().enumerate() {
            for &t in &u.terms {
                postings[t as usize].push(uid as u32);
            }
        }
        self.postings = postings;
        let n = self.units.len().max(1) as f32;
        self.idf = self
            .postings
            .iter()
            .map(|p| {
                let df = p.len() as f32;
                (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
            })
            .collect();
        self.work_df = self.work_tf.iter().map(|v| v.len() as u32).collect();
        self.max_idf = (1.0 + (n - 0.5) / 1.5).ln();
        self.works_with_text = self.work_ids.len() as u32;
        Ok(())
    }

    /// Every stem by its term id (for [`Index::work_terms`]).
    pub fn stems_by_id(&self) -> Vec<&str> {
        let mut v = vec![""; self.vocab.len()];
        for (stem, &id) in &self.vocab {
            v[id as usize] = stem;
        }
        v
    }

    /// Work `w`'s share of the index, exactly as `WorkTerms::of` made it:
    /// joining the shares again gives this index, term ids included.
    pub fn work_terms(&self, w: u32, stems: &[&str]) -> Option<WorkTerms> {
        let ids = self.work_ids.get(&w)?;
        let local: HashMap<u32, u32> = ids
            .iter()
            .enumerate()
            .map(|(l, &g)| (g, l as u32))
            .collect();
        let counts = ids
            .iter()
            .map(|&g| {
                let tf = &self.work_tf[g as usize];
                tf.binary_search_by_key(&w, |&(x, _)| x)
                    .map_or(0, |i| tf[i].1)
            })
            .collect();
        let first = self.units.partition_point(|u| u.work < w);
        let units = self.units[first..]
            .iter()
            .take_while(|u| u.work == w)
            .map(|u| {
                let mut terms: Vec<u32> = u.terms.iter().map(|g| local[g]).collect();
                terms.sort_unstable();
                (u.sentence, terms)
            })
            .collect();
        Some(WorkTerms {
            stems: ids.iter().map(|&g| stems[g as usize].to_string()).collect(),
            counts,
            units,
        })
    }

    /// Work `w`'s text as plain words, `lib` being the library this index
    /// was built from; on first use every work's is made, on all cores
    /// (a quotation not in its cited work is looked for in all of them).
    pub fn plain(&self, lib: &Library, w: u32) -> Option<&PlainText> {
        self.plain
            .get_or_init(|| {
                use rayon::prelude::*;
                lib.works
                    .par_iter()
                    .enumerate()
                    .filter_map(|(wi, work)| Some((wi as u32, PlainText::of(work.doc.as_ref()?))))
                    .collect()
            })
            .get(&w)
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
