//! The persisted index: one file per library (corpus and bibliographies) in
//! the platform cache directory, holding every text as parsed, every work's
//! share of the evidence index, and the entity catalogue.
//!
//! Texts are keyed by path and a hash of their bytes, so a second start reads
//! the cache instead of the corpus, and only added or changed papers are
//! parsed and indexed again. The entity catalogue is kept while every text,
//! bibliography entry and the glossary are unchanged; otherwise it is built
//! again from the (cached) texts.
//!
//! Never trusted: the file starts with a magic number, a format version, the
//! id of the gloss build that wrote it, its payload length and a checksum. A
//! file that fails any of these, or does not decode, is ignored and replaced.
//! Files are written to a temporary name and renamed, so a reader sees a
//! whole old file or a whole new one.

use std::collections::HashMap;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize, Serializer};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::claims::index::Index;
use crate::corpus::text::TextDoc;
use crate::corpus::Library;
use crate::entities::{Entities, Glossary};

const MAGIC: &[u8; 8] = b"GLOSSIDX";
/// Bump when the layout of anything cached changes.
const FORMAT: u32 = 2;
/// The texts are written in this many sections, and the index and the
/// entity catalogue in one each, so that they decode on all cores.
const TEXT_SECTIONS: usize = 4;
const SECTIONS: usize = TEXT_SECTIONS + 2;
/// Magic, format, build id, payload length, checksum, section lengths.
const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8 * SECTIONS;

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
    /// Why writing the cache failed, if it did.
    pub write_error: Option<String>,
}

/// A text of a cached library and the work it belonged to.
#[derive(Deserialize)]
struct CachedText {
    work: u32,
    path: PathBuf,
    doc: TextDoc,
}

struct Snapshot {
    texts: Vec<CachedText>,
    index: Option<Index>,
    entities: Option<(u128, Entities)>,
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
        let hits = AtomicUsize::new(0);
        let reuse = |path: &Path, hash: u128| {
            let doc = lock(&self.old).docs.remove(&(path.to_path_buf(), hash));
            if doc.is_some() {
                hits.fetch_add(1, Ordering::Relaxed);
            }
            doc
        };
        let lib = Library::load_excluding(corpus, bibs, drafts, &reuse);
        let texts = lib.works.iter().filter(|w| w.doc.is_some()).count();
        let cached = hits.into_inner().min(texts);
        let mut old = lock(&self.old);
        // Nothing to write when every text came from the cache and none was removed.
        let same = cached == texts && old.docs.is_empty() && old.layout.len() == texts;
        if same && old.index.is_some() {
            self.dirty.store(false, Ordering::Relaxed);
        }
        old.docs.clear();
        let mut st = lock(&self.stats);
        st.texts_cached = cached;
        st.texts_parsed = texts - cached;
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
        let old_entities = self.take_entities(key);
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
        if let Some(e) = self.take_entities(key) {
            lock(&self.stats).entities_cached = true;
            return e;
        }
        Entities::build(lib, glossary)
    }

    fn take_entities(&self, key: u128) -> Option<Entities> {
        let mut old = lock(&self.old);
        match old.entities.take() {
            Some((k, e)) if k == key => Some(e),
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

/// Identifies the gloss build: a cache written by another build is not read,
/// since its parse of a text may differ. Taken once, when the process
/// starts using the cache: a server whose binary is replaced while it runs
/// keeps writing as the build it is.
fn build_id() -> u64 {
    static ID: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *ID.get_or_init(compute_build_id)
}

fn compute_build_id() -> u64 {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), t)
        });
    xxh3_64(format!("{} {FORMAT} {exe:?}", env!("CARGO_PKG_VERSION")).as_bytes())
}

/// Read and check a cache file. `Ok(None)`: there is none.
fn read(file: &Path) -> Result<Option<Snapshot>, String> {
    use std::io::Read;
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    // The header first: a file from another build is not read through.
    let size = f.metadata().map_or(0, |m| m.len() as usize);
    let mut bytes = Vec::with_capacity(size.max(HEADER));
    (&mut f)
        .take(HEADER as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() == HEADER {
        check_header(&bytes, false)?;
        crate::timing::phase("cache: read file", || f.read_to_end(&mut bytes))
            .map_err(|e| format!("cannot read: {e}"))?;
    }
    let payload = crate::timing::phase("cache: checksum", || check_header(&bytes, true))?;
    let mut parts: Vec<&[u8]> = Vec::with_capacity(SECTIONS);
    let mut at = 0usize;
    for i in 0..SECTIONS {
        let n = le_u64(&bytes, 36 + 8 * i);
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| at.checked_add(n))
            .filter(|&e| e <= payload.len())
            .ok_or("section lengths do not match the payload")?;
        parts.push(&payload[at..end]);
        at = end;
    }
    if at != payload.len() {
        return Err("section lengths do not match the payload".into());
    }
    use rayon::prelude::*;
    let bad = |e: postcard::Error| format!("does not decode: {e}");
    let ((texts, index), entities) = crate::timing::phase("cache: decode", || {
        rayon::join(
            || {
                rayon::join(
                    || {
                        parts[..TEXT_SECTIONS]
                            .par_iter()
                            .map(|p| postcard::from_bytes::<Vec<CachedText>>(p))
                            .collect::<Result<Vec<_>, _>>()
                    },
                    || postcard::from_bytes::<Option<Index>>(parts[TEXT_SECTIONS]),
                )
            },
            || postcard::from_bytes::<Option<(u128, Entities)>>(parts[TEXT_SECTIONS + 1]),
        )
    });
    Ok(Some(Snapshot {
        texts: texts.map_err(bad)?.into_iter().flatten().collect(),
        index: index.map_err(bad)?,
        entities: entities.map_err(bad)?,
    }))
}

/// The little-endian u64 at `i` (the caller has checked the length).
fn le_u64(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"))
}

/// Check the header of a cache file, and with `whole` its payload too.
fn check_header(bytes: &[u8], whole: bool) -> Result<&[u8], String> {
    if bytes.len() < HEADER {
        return Err("truncated".into());
    }
    if &bytes[..8] != MAGIC {
        return Err("not a gloss cache file".into());
    }
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    let u64_at = |i: usize| le_u64(bytes, i);
    if u32_at(8) != FORMAT {
        return Err(format!("format {} (this gloss reads {FORMAT})", u32_at(8)));
    }
    if u64_at(12) != build_id() {
        return Err("written by another gloss build".into());
    }
    if !whole {
        return Ok(&[]);
    }
    let len = u64_at(20);
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len {
        return Err(format!("truncated ({} of {len} bytes)", payload.len()));
    }
    if xxh3_64(payload) != u64_at(28) {
        return Err("checksum mismatch (corrupt)".into());
    }
    Ok(payload)
}

/// A writer that hashes and counts what passes through it.
struct Hashing<W> {
    inner: W,
    hash: Xxh3,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A texts section, written straight from the library.
struct TextsOut<'a> {
    lib: &'a Library,
    works: &'a [usize],
}

#[derive(Serialize)]
struct CachedTextOut<'a> {
    work: u32,
    path: &'a Path,
    doc: &'a TextDoc,
}

impl Serialize for TextsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.works.iter().map(|&wi| {
            let w = &self.lib.works[wi];
            CachedTextOut {
                work: wi as u32,
                path: w.path.as_deref().expect("works with text have a path"),
                doc: w.doc.as_ref().expect("works with text have a doc"),
            }
        }))
    }
}

fn write(
    file: &Path,
    lib: &Library,
    index: &Index,
    entities: (u128, &Entities),
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&[0; HEADER])?;
        let mut out = Hashing {
            inner: BufWriter::with_capacity(1 << 20, f),
            hash: Xxh3::new(),
            len: 0,
        };
        let works: Vec<usize> = (0..lib.works.len())
            .filter(|&i| lib.works[i].doc.is_some() && lib.works[i].path.is_some())
            .collect();
        let chunk = works.len().div_ceil(TEXT_SECTIONS).max(1);
        let mut lens = Vec::with_capacity(SECTIONS);
        let mut section = |out: &mut Hashing<_>, v: &dyn erased::Section| -> std::io::Result<()> {
            let before = out.len;
            v.write(out)?;
            lens.push(out.len - before);
            Ok(())
        };
        for i in 0..TEXT_SECTIONS {
            let part = works.chunks(chunk).nth(i).unwrap_or(&[]);
            section(&mut out, &TextsOut { lib, works: part })?;
        }
        section(&mut out, &Some(index))?;
        section(&mut out, &Some(entities))?;
        out.flush()?;
        let (hash, len) = (out.hash.digest(), out.len);
        let mut f = out.inner.into_inner().map_err(|e| e.into_error())?;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&FORMAT.to_le_bytes());
        header.extend_from_slice(&build_id().to_le_bytes());
        header.extend_from_slice(&len.to_le_bytes());
        header.extend_from_slice(&hash.to_le_bytes());
        for n in lens {
            header.extend_from_slice(&n.to_le_bytes());
        }
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&header)?;
        f.sync_all()?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

mod erased {
    /// One section of a cache file: something serialisable, written with postcard.
    pub trait Section {
        fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()>;
    }

    impl<T: serde::Serialize> Section for T {
        fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
            postcard::to_io(self, out)
                .map(|_| ())
                .map_err(std::io::Error::other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the example corpus and an empty cache folder.
    fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
        let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        for e in walkdir::WalkDir::new(&ex) {
            let e = e.unwrap();
            let to = corpus.join(e.path().strip_prefix(&ex).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let cache = Cache::at(tmp.path().join("cache"));
        (tmp, corpus, cache)
    }

    /// Load, index and save through the cache.
    fn run(cache: &Cache, corpus: &Path) -> (Library, Index, Stats) {
        let store = Store::open(Some(cache), Some(corpus), &[]);
        let lib = store.library(Some(corpus), &[]);
        let ix = store.index(&lib, &Glossary::default());
        store.save(&lib, &ix);
        let stats = store.stats();
        (lib, ix, stats)
    }

    /// The index as JSON (maps with sorted keys), entity catalogue
    /// included: equal values, equal indexes.
    fn canonical(ix: &Index) -> serde_json::Value {
        serde_json::json!([
            serde_json::to_value(ix).unwrap(),
            serde_json::to_value(&ix.entities).unwrap()
        ])
    }

    fn same(a: &Index, b: &Index) -> bool {
        canonical(a) == canonical(b)
    }

    fn fresh(corpus: &Path) -> (Library, Index) {
        let lib = Library::load(Some(corpus), &[]);
        let ix = Index::build(&lib);
        (lib, ix)
    }

    #[test]
    fn second_load_comes_from_the_cache_and_equals_a_fresh_build() {
        let (_tmp, corpus, cache) = setup();
        let (_, _, first) = run(&cache, &corpus);
        assert_eq!((first.texts_cached, first.texts_parsed), (0, 4));
        assert!(!first.entities_cached && first.rejected.is_none() && first.write_error.is_none());
        let file = first.file.clone().unwrap();
        // A write replaces the file (a new inode); a read only marks it used.
        #[cfg(unix)]
        let inode = |f: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(f).unwrap());
        #[cfg(unix)]
        let written = inode(&file);
        let (lib, ix, second) = run(&cache, &corpus);
        assert_eq!((second.texts_cached, second.texts_parsed), (4, 0));
        assert_eq!((second.works_cached, second.works_indexed), (4, 0));
        assert!(second.entities_cached);
        // Nothing changed: the file is not written again.
        #[cfg(unix)]
        assert_eq!(inode(&file), written);
        let (flib, fix) = fresh(&corpus);
        assert!(same(&ix, &fix));
        for (a, b) in lib.works.iter().zip(&flib.works) {
            assert_eq!(a.doc, b.doc);
            assert_eq!(a.key, b.key);
        }
        assert_eq!(lib.warnings, flib.warnings);
    }

    #[test]
    fn only_changed_added_or_removed_papers_are_indexed_again() {
        let (_tmp, corpus, cache) = setup();
        run(&cache, &corpus);
        // Change one paper.
        let p = corpus.join("okafor2019.txt");
        let mut text = std::fs::read_to_string(&p).unwrap();
        text.push_str("\nA new closing sentence about municipal tree canopy budgets in 2031.\n");
        std::fs::write(&p, &text).unwrap();
        let (_, ix, st) = run(&cache, &corpus);
        assert_eq!((st.texts_cached, st.texts_parsed), (3, 1));
        assert_eq!((st.works_cached, st.works_indexed), (3, 1));
        assert!(!st.entities_cached);
        assert!(same(&ix, &fresh(&corpus).1));
        // Add a paper.
        std::fs::write(
            corpus.join("added.txt"),
            "An Added Paper\n\nJane Doe\n\nThis added paper studies rooftop gardens in Lagos and finds that 41 percent of them are irrigated by hand.\n",
        )
        .unwrap();
        let (_, ix, st) = run(&cache, &corpus);
        assert_eq!((st.texts_cached, st.texts_parsed), (4, 1));
        assert_eq!(st.works_indexed, 1);
        assert!(same(&ix, &fresh(&corpus).1));
        // Remove one.
        std::fs::remove_file(corpus.join("scan_7f3a9c.txt")).unwrap();
        let (lib, ix, st) = run(&cache, &corpus);
        assert_eq!((st.texts_cached, st.texts_parsed), (4, 0));
        assert_eq!(st.works_indexed, 0);
        assert!(same(&ix, &fresh(&corpus).1));
        assert!(lib
            .works
            .iter()
            .all(|w| w.path.as_ref().is_none_or(|p| p.exists())));
        // And the next load is whole again.
        let (_, _, st) = run(&cache, &corpus);
        assert!(st.entities_cached && st.texts_parsed == 0 && st.works_indexed == 0);
    }

    /// Damage the cache file with `f`, then load: the damage is named, the
    /// library is built as if there were no cache, and a good file replaces it.
    fn damaged(f: impl Fn(&mut Vec<u8>), why: &str) {
        let (_tmp, corpus, cache) = setup();
        let (_, _, st) = run(&cache, &corpus);
        let file = st.file.unwrap();
        let mut b = std::fs::read(&file).unwrap();
        f(&mut b);
        std::fs::write(&file, &b).unwrap();
        let (_, ix, st) = run(&cache, &corpus);
        let rejected = st.rejected.unwrap_or_default();
        assert!(rejected.contains(why), "{why}: {rejected}");
        assert_eq!((st.texts_cached, st.texts_parsed), (0, 4));
        assert!(same(&ix, &fresh(&corpus).1));
        let (_, _, st) = run(&cache, &corpus);
        assert!(st.rejected.is_none() && st.texts_cached == 4, "{st:?}");
    }

    #[test]
    fn corrupt_truncated_foreign_or_old_files_are_rebuilt() {
        damaged(|b| b.truncate(b.len() / 2), "truncated");
        damaged(|b| b.truncate(10), "truncated");
        damaged(|b| b.clear(), "truncated");
        damaged(|b| *b.last_mut().unwrap() ^= 0x55, "checksum");
        damaged(|b| b[HEADER + 100] ^= 0x01, "checksum");
        damaged(|b| b[0] = b'X', "not a gloss cache file");
        damaged(
            |b| b[8..12].copy_from_slice(&(FORMAT + 1).to_le_bytes()),
            "format",
        );
        damaged(|b| b[12] ^= 0xff, "another gloss build");
        damaged(|b| b[36] ^= 0x01, "section lengths");
        // A payload that passes the checksum but is not a snapshot.
        damaged(
            |b| {
                let junk: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
                b.truncate(HEADER);
                b[20..28].copy_from_slice(&(junk.len() as u64).to_le_bytes());
                b[28..36].copy_from_slice(&xxh3_64(&junk).to_le_bytes());
                for i in 0..SECTIONS {
                    let n = if i == TEXT_SECTIONS {
                        junk.len() as u64
                    } else {
                        0
                    };
                    b[36 + 8 * i..44 + 8 * i].copy_from_slice(&n.to_le_bytes());
                }
                b.extend(junk);
            },
            "does not decode",
        );
    }

    #[test]
    fn an_unwritable_cache_is_reported_not_fatal() {
        let (tmp, corpus, _) = setup();
        // The cache folder is a file: nothing can be written under it.
        let blocked = tmp.path().join("blocked");
        std::fs::write(&blocked, "x").unwrap();
        let cache = Cache::at(&blocked);
        let (_, ix, st) = run(&cache, &corpus);
        assert!(st.write_error.is_some(), "{st:?}");
        assert!(same(&ix, &fresh(&corpus).1));
        assert!(cache.files().is_empty());
    }

    /// Indexing runs on all cores but joins work by work in order: one
    /// thread and several give the same library, index and catalogue.
    #[test]
    fn results_do_not_depend_on_the_number_of_threads() {
        let mut corpora = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")];
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if shared.is_dir() {
            corpora.push(shared);
        } else {
            let require = std::env::var("GLOSS_REQUIRE_SHARED").is_ok_and(|v| v == "1");
            assert!(
                !require,
                "GLOSS_REQUIRE_SHARED=1 but {} is missing",
                shared.display()
            );
        }
        for corpus in corpora {
            let build = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| {
                    let lib = Library::load(Some(&corpus), &[]);
                    let ix = Index::build(&lib);
                    let docs: Vec<_> = lib
                        .works
                        .iter()
                        .map(|w| (w.key.clone(), w.doc.clone()))
                        .collect();
                    (docs, lib.warnings, canonical(&ix))
                })
            };
            let one = build(1);
            let many = build(4);
            assert!(
                one == many,
                "{} differs with 1 and 4 threads",
                corpus.display()
            );
        }
    }

    #[test]
    fn unused_and_stale_files_are_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        for n in ["index-a.bin", "index-b.tmp123", "index-c.bin", "notes.txt"] {
            std::fs::write(d.join(n), "x").unwrap();
        }
        let now = std::time::SystemTime::now();
        // A day later: only the temporary file is stale.
        prune(d, now + std::time::Duration::from_secs(24 * 3600));
        let left = |d: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(left(d), ["index-a.bin", "index-c.bin", "notes.txt"]);
        // A used file is marked used; after the limit the unused one goes.
        let later = now + UNUSED + std::time::Duration::from_secs(3600);
        let f = std::fs::File::options()
            .append(true)
            .open(d.join("index-a.bin"))
            .unwrap();
        f.set_modified(later).unwrap();
        prune(d, later + std::time::Duration::from_secs(60));
        assert_eq!(left(d), ["index-a.bin", "notes.txt"]);
    }

    #[test]
    fn cache_files_are_named_by_library() {
        let c = Cache::at("/tmp/x");
        let a = c.file_for(Some(Path::new("/a")), &[]);
        let b = c.file_for(Some(Path::new("/b")), &[]);
        let ab = c.file_for(Some(Path::new("/a")), &[PathBuf::from("/r.bib")]);
        assert!(a != b && a != ab && a.starts_with("/tmp/x"));
        assert_eq!(a, c.file_for(Some(Path::new("/a")), &[]));
    }
}
