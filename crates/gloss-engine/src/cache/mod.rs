//! The persisted index: one file per library (corpus and bibliographies) in
//! the platform cache directory, holding every text as parsed, every work's
//! share of the evidence index, and the entity catalogue.
//!
//! Texts are keyed by path and a hash of their bytes, so a second start reads
//! the cache instead of the corpus, and only added or changed papers are
//! parsed and indexed again. What content pairing found is kept too
//! (`corpus::pairing::Memo`): a warm start scores no text against the
//! bibliography, and a changed bibliography scores only its new entries.
//! The entity catalogue is kept while every text,
//! bibliography entry and the glossary are unchanged; otherwise it is built
//! again from the (cached) texts.
//!
//! This module holds the policy: where files live, what is reused, when a
//! file is written and when old ones are pruned. The file itself (header,
//! checks, sections, encoding) is in `format.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use crate::claims::index::Index;
use crate::corpus::text::TextDoc;
use crate::corpus::Library;
use crate::entities::{Entities, Glossary};

mod format;

pub use format::{decode_for_fuzzing, seal, HEADER};
use format::{read, write};

/// Create a folder gloss writes into (and the folders above it that are
/// missing) private to the user: mode 0700 on unix. A folder that exists
/// keeps the mode its owner gave it.
pub(crate) fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Where cache files live.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn at(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The cache from the environment: `GLOSS_NO_CACHE` (any value but `0`)
    /// turns it off, `GLOSS_CACHE_DIR` moves it; by default it is `gloss` in
    /// the platform cache directory (`$XDG_CACHE_HOME` or `~/.cache` on Linux,
    /// `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
    pub fn from_env() -> Option<Cache> {
        if std::env::var_os("GLOSS_NO_CACHE").is_some_and(|v| v != "0") {
            return None;
        }
        if let Some(d) = std::env::var_os("GLOSS_CACHE_DIR").filter(|d| !d.is_empty()) {
            return Some(Cache::at(d));
        }
        dirs::cache_dir().map(|d| Cache::at(d.join("gloss")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The cache file of a library: named by a hash of its corpus folder and
    /// bibliography files (absolute paths).
    pub fn file_for(&self, corpus: Option<&Path>, bibs: &[PathBuf]) -> PathBuf {
        let mut h = Xxh3::new();
        let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        if let Some(c) = corpus {
            h.update(abs(c).to_string_lossy().as_bytes());
        }
        for b in bibs {
            h.update(b"\0");
            h.update(abs(b).to_string_lossy().as_bytes());
        }
        self.dir.join(format!("index-{:032x}.bin", h.digest128()))
    }

    /// Cache files in the directory, with their sizes.
    pub fn files(&self) -> Vec<(PathBuf, u64)> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut out: Vec<(PathBuf, u64)> = rd
            .filter_map(|e| e.ok())
            .filter(|e| {
                let n = e.file_name();
                let n = n.to_string_lossy();
                n.starts_with("index-") && (n.ends_with(".bin") || n.contains(".tmp"))
            })
            .map(|e| (e.path(), e.metadata().map_or(0, |m| m.len())))
            .collect();
        out.sort();
        out
    }
}

/// What the cache did for one library load.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// The cache file, when the cache is on.
    pub file: Option<PathBuf>,
    /// Why an existing cache file was not used (corrupt, truncated, written
    /// by another format or build), if it was not.
    pub rejected: Option<String>,
    /// Texts taken from the cache, and texts read and parsed.
    pub texts_cached: usize,
    pub texts_parsed: usize,
    /// Works whose index share came from the cache, and works indexed.
    pub works_cached: usize,
    pub works_indexed: usize,
    /// Whether the entity catalogue came from the cache.
    pub entities_cached: bool,
    /// Texts content-paired with the bibliography (scored in whole, or
    /// against new entries only): 0 when pairing came from the cache.
    pub texts_scored: usize,
    /// Why writing the cache failed, if it did.
    pub write_error: Option<String>,
}

/// Which work holds which text (by path and hash): an index is reused
/// whole only when this is unchanged, as its work numbers depend on it.
type Layout = Vec<(u32, PathBuf, u128)>;

fn layout(lib: &Library) -> Layout {
    lib.works
        .iter()
        .enumerate()
        .filter_map(|(wi, w)| Some((wi as u32, w.path.clone()?, w.doc.as_ref()?.hash)))
        .collect()
}

/// What is left of the old cache file while a library loads.
#[derive(Default)]
struct Old {
    /// Texts not yet taken.
    docs: HashMap<(PathBuf, u128), TextDoc>,
    layout: Layout,
    index: Option<Index>,
    entities: Option<(u128, Entities)>,
    pairing: Option<crate::corpus::pairing::Memo>,
}

/// Loads one library through the cache: `open`, then `library`, then
/// `index` (or `entities`); `save` writes the cache file if anything changed.
pub struct Store {
    file: Option<PathBuf>,
    old: Mutex<Old>,
    stats: Mutex<Stats>,
    /// Whether the cache file needs writing.
    dirty: AtomicBool,
    /// The entity catalogue's key, once `index` has computed it.
    entities_key: Mutex<Option<u128>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    /// Read the library's cache file, if there is one and it can be trusted.
    pub fn open(cache: Option<&Cache>, corpus: Option<&Path>, bibs: &[PathBuf]) -> Store {
        let mut stats = Stats::default();
        let mut old = Old::default();
        let file = cache.map(|c| c.file_for(corpus, bibs));
        if let Some(f) = &file {
            stats.file = Some(f.clone());
            match crate::timing::phase("cache: read", || read(f)) {
                Ok(Some(snap)) => {
                    // Mark the file used: unused files are pruned after a while.
                    touch(f);
                    for t in snap.texts {
                        old.layout.push((t.work, t.path.clone(), t.doc.hash));
                        old.docs.insert((t.path, t.doc.hash), t.doc);
                    }
                    old.index = snap.index;
                    old.entities = snap.entities;
                    old.pairing = snap.pairing;
                }
                Ok(None) => {}
                Err(why) => stats.rejected = Some(why),
            }
        }
        Store {
            dirty: AtomicBool::new(file.is_some()),
            entities_key: Mutex::new(None),
            file,
            old: Mutex::new(old),
            stats: Mutex::new(stats),
        }
    }

    pub fn stats(&self) -> Stats {
        lock(&self.stats).clone()
    }

    /// The library's cache file (None: the cache is off).
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Keep a failure to write a companion file (the checks are unaffected).
    pub fn note_write_error(&self, e: String) {
        lock(&self.stats).write_error = Some(e);
    }

    /// Load the library, taking unchanged texts from the cache.
    pub fn library(&self, corpus: Option<&Path>, bibs: &[PathBuf]) -> Library {
        self.library_excluding(corpus, bibs, &std::collections::HashSet::new())
    }

    /// [`Store::library`], leaving the drafts being checked (canonical
    /// paths) out of the corpus. Drafts are never cached: a text taken
    /// from the cache was a paper, and its bytes are unchanged.
    pub fn library_excluding(
        &self,
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        drafts: &std::collections::HashSet<PathBuf>,
    ) -> Library {
        self.library_reaching(corpus, bibs, drafts, &crate::config::Reach::default(), None)
    }

    /// [`Store::library_excluding`], the corpus walk reaching as far as
    /// the user allowed (see `crate::corpus::walk_files`), with a Zotero
    /// library's items and texts (`crate::zotero`) when one is read.
    pub fn library_reaching(
        &self,
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        drafts: &std::collections::HashSet<PathBuf>,
        reach: &crate::config::Reach,
        zotero: Option<&crate::zotero::Source>,
    ) -> Library {
        let hits = AtomicUsize::new(0);
        let reuse = |path: &Path, hash: u128| {
            let doc = lock(&self.old).docs.remove(&(path.to_path_buf(), hash));
            if doc.is_some() {
                hits.fetch_add(1, Ordering::Relaxed);
            }
            doc
        };
        let old_pairing = lock(&self.old).pairing.take();
        let mut lib =
            Library::load_remembering(corpus, bibs, drafts, &reuse, reach, old_pairing.as_ref());
        if let Some(z) = zotero {
            crate::zotero::load_into(&mut lib, z, &reuse);
        }
        let texts = lib.works.iter().filter(|w| w.doc.is_some()).count();
        let cached = hits.into_inner().min(texts);
        let mut old = lock(&self.old);
        // Nothing to write when every text came from the cache, none was
        // removed, and pairing found what it had found.
        let same = cached == texts
            && old.docs.is_empty()
            && old.layout.len() == texts
            && old_pairing.as_ref() == Some(&lib.pairing);
        if same && old.index.is_some() {
            self.dirty.store(false, Ordering::Relaxed);
        }
        old.docs.clear();
        let mut st = lock(&self.stats);
        st.texts_cached = cached;
        st.texts_parsed = texts - cached;
        st.texts_scored = lib.texts_scored;
        lib
    }

    /// The evidence index. When every work holds the text it held, the
    /// cached index is used whole; otherwise unchanged works' shares are
    /// taken from it and only added or changed works are indexed (on all
    /// cores). The entity catalogue comes from the cache when nothing it
    /// depends on changed, else it is built meanwhile.
    pub fn index(&self, lib: &Library, glossary: &Glossary) -> Index {
        let key = entities_key(lib, glossary);
        *lock(&self.entities_key) = Some(key);
        let old_entities = self.take_entities(key, lib);
        let entities_cached = old_entities.is_some();
        if !entities_cached {
            self.dirty.store(true, Ordering::Relaxed);
        }
        let entities = |lib: &Library| match old_entities {
            Some(e) => e,
            None => Entities::build(lib, glossary),
        };
        let (old_index, old_layout) = {
            let mut old = lock(&self.old);
            (old.index.take(), std::mem::take(&mut old.layout))
        };
        let new_layout = layout(lib);
        let with_text = new_layout.len();
        let (index, cached) = match old_index {
            Some(ix) if old_layout == new_layout => {
                let mut ix = ix;
                ix.entities = entities(lib);
                (ix, with_text)
            }
            old_index => {
                self.dirty.store(true, Ordering::Relaxed);
                let hits = AtomicUsize::new(0);
                let by_text: HashMap<(&Path, u128), u32> = old_layout
                    .iter()
                    .map(|(w, p, h)| ((p.as_path(), *h), *w))
                    .collect();
                let stems = old_index.as_ref().map(Index::stems_by_id);
                let parts = Index::parts(lib, |wi| {
                    let w = &lib.works[wi];
                    let (ix, stems) = (old_index.as_ref()?, stems.as_ref()?);
                    let old_work = by_text.get(&(w.path.as_deref()?, w.doc.as_ref()?.hash))?;
                    let part = ix.work_terms(*old_work, stems)?;
                    hits.fetch_add(1, Ordering::Relaxed);
                    Some(part)
                });
                drop(stems);
                drop(old_index);
                let ix = Index::from_parts(lib, parts, entities);
                (ix, hits.into_inner())
            }
        };
        let mut st = lock(&self.stats);
        st.works_cached = cached;
        st.works_indexed = with_text - cached;
        st.entities_cached = entities_cached;
        index
    }

    /// The entity catalogue alone (every claim code off): from the cache
    /// when nothing it depends on changed, else built.
    pub fn entities(&self, lib: &Library, glossary: &Glossary) -> Entities {
        let key = entities_key(lib, glossary);
        if let Some(e) = self.take_entities(key, lib) {
            lock(&self.stats).entities_cached = true;
            return e;
        }
        Entities::build(lib, glossary)
    }

    fn take_entities(&self, key: u128, lib: &Library) -> Option<Entities> {
        let mut old = lock(&self.old);
        match old.entities.take() {
            Some((k, e)) if k == key && e.is_consistent(lib.works.len()) => Some(e),
            _ => None,
        }
    }

    /// Write the cache file for `lib` and the index `index` made, unless
    /// everything came from the cache unchanged. Failures are kept in the stats, never fatal.
    pub fn save(&self, lib: &Library, index: &Index) {
        let Some(file) = &self.file else { return };
        let Some(key) = *lock(&self.entities_key) else {
            return;
        };
        if !self.dirty.swap(false, Ordering::Relaxed) {
            return;
        }
        let result = crate::timing::phase("cache: write", || {
            write(file, lib, index, (key, &index.entities))
        });
        if let Err(e) = result {
            lock(&self.stats).write_error = Some(format!("{}: {e}", file.display()));
        }
        if let Some(dir) = file.parent() {
            prune(dir, std::time::SystemTime::now());
        }
    }
}

/// Cache files of libraries not used for this long are deleted.
const UNUSED: std::time::Duration = std::time::Duration::from_secs(60 * 24 * 3600);
/// Temporary files this old are left over from a write that never finished.
const STALE_TMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Set a file's modification time to now (its last use).
fn touch(file: &Path) {
    // Only the file gloss wrote: never a symlink planted in its place.
    if !std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_file()) {
        return;
    }
    if let Ok(f) = std::fs::File::options().append(true).open(file) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

/// Delete cache files unused for [`UNUSED`] and temporary files older than
/// [`STALE_TMP`], so the cache folder does not grow without end. Only
/// files named as gloss names them are touched.
fn prune(dir: &Path, now: std::time::SystemTime) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.filter_map(|e| e.ok()) {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with("index-") {
            continue;
        }
        let limit = if name.ends_with(".bin") {
            UNUSED
        } else if name.contains(".tmp") {
            STALE_TMP
        } else {
            continue;
        };
        let age = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        if age.is_some_and(|a| a > limit) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What the entity catalogue depends on: every work's metadata, text and
/// place, and the glossary.
fn entities_key(lib: &Library, glossary: &Glossary) -> u128 {
    let mut h = Xxh3::new();
    h.update(format!("{glossary:?}").as_bytes());
    for w in &lib.works {
        let meta = (
            &w.key,
            &w.title,
            &w.authors,
            w.year,
            w.entry
                .as_ref()
                .map(|e| (&e.container, &e.editors, &e.keywords)),
            &w.path,
            w.doc.as_ref().map(|d| d.hash),
        );
        h.update(format!("{meta:?}\u{1}").as_bytes());
    }
    h.digest128()
}

#[cfg(test)]
mod tests;
