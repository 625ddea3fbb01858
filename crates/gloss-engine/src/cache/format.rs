//! The cache file format: a header (magic number, format version, build id,
//! payload length, checksum, section lengths) and a payload of postcard
//! sections (the texts in several, the index and the entity catalogue in one
//! each), with reading, checking and writing the whole file.
//!
//! Never trusted: the file starts with a magic number, a format version, the
//! id of the gloss build that wrote it, its payload length and a checksum. A
//! file that fails any of these, or does not decode, is ignored and replaced.
//! Files are written to a temporary name and renamed, so a reader sees a
//! whole old file or a whole new one.

use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::claims::index::Index;
use crate::corpus::pairing::Memo;
use crate::corpus::text::TextDoc;
use crate::corpus::Library;
use crate::entities::Entities;

const MAGIC: &[u8; 8] = b"GLOSSIDX";
/// Bump when the layout of anything cached changes.
pub(super) const FORMAT: u32 = 4;
/// The texts are written in this many sections, and the index, the
/// entity catalogue and what content pairing found in one each, so that
/// they decode on all cores.
pub(super) const TEXT_SECTIONS: usize = 4;
pub(super) const SECTIONS: usize = TEXT_SECTIONS + 3;
/// Magic, format, build id, payload length, checksum, section lengths.
pub const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8 * SECTIONS;

/// A text of a cached library and the work it belonged to.
#[derive(Deserialize)]
pub(super) struct CachedText {
    pub(super) work: u32,
    pub(super) path: PathBuf,
    pub(super) doc: TextDoc,
}

pub(super) struct Snapshot {
    pub(super) texts: Vec<CachedText>,
    pub(super) index: Option<Index>,
    pub(super) entities: Option<(u128, Entities)>,
    pub(super) pairing: Option<Memo>,
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
///
/// Nothing is allocated from what the file says before it is checked
/// against what the file is: the header is read alone, and the payload
/// only when the header's length is the file's own remaining size. A cache
/// path that is not a regular file (a symlink, a device) is not read.
pub(super) fn read(file: &Path) -> Result<Option<Snapshot>, String> {
    use std::io::Read;
    match std::fs::symlink_metadata(file) {
        Ok(m) if !m.file_type().is_file() => return Err("not a regular file".into()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read: {e}")),
    }
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    let size = f.metadata().map_err(|e| format!("cannot read: {e}"))?.len();
    // The header first: a file from another build is not read through.
    let mut bytes = Vec::with_capacity(HEADER);
    (&mut f)
        .take(HEADER as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    check_header(&bytes, false)?;
    let len = le_u64(&bytes, 20);
    if Some(len) != size.checked_sub(HEADER as u64) {
        return Err(format!(
            "truncated ({} of {len} bytes)",
            size.saturating_sub(HEADER as u64)
        ));
    }
    let total = usize::try_from(size).map_err(|_| "too large to read".to_string())?;
    bytes
        .try_reserve_exact(total - HEADER)
        .map_err(|_| "too large to read".to_string())?;
    // Never more than the header promised, even if the file grows meanwhile.
    crate::timing::phase("cache: read file", || {
        (&mut f).take(len).read_to_end(&mut bytes)
    })
    .map_err(|e| format!("cannot read: {e}"))?;
    crate::timing::phase("cache: checksum", || check_header(&bytes, true))?;
    decode(&bytes).map(Some)
}

/// Recompute a cache file's payload length and checksum in place, as the
/// writer does (for tests and fuzzing: a file resealed after a change gets
/// past the checksum, so only decoding and validation stand in its way).
pub fn seal(bytes: &mut [u8]) {
    if bytes.len() < HEADER {
        return;
    }
    let len = (bytes.len() - HEADER) as u64;
    let sum = xxh3_64(&bytes[HEADER..]);
    bytes[20..28].copy_from_slice(&len.to_le_bytes());
    bytes[28..36].copy_from_slice(&sum.to_le_bytes());
}

/// Decode a cache file's sections and validate them, without checking
/// the header's identity (magic number, format, build, checksum): what a
/// fuzzer reaches. Never panics; a file that fails is an error.
pub fn decode_for_fuzzing(bytes: &[u8]) -> Result<(), String> {
    decode(bytes).map(|_| ())
}

/// Split the payload into its sections by the header's lengths, decode
/// them, and validate every index the decoded data will be followed by.
fn decode(bytes: &[u8]) -> Result<Snapshot, String> {
    if bytes.len() < HEADER {
        return Err("truncated".into());
    }
    let payload = &bytes[HEADER..];
    let mut parts: Vec<&[u8]> = Vec::with_capacity(SECTIONS);
    let mut at = 0usize;
    for i in 0..SECTIONS {
        let n = le_u64(bytes, 36 + 8 * i);
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
    let ((texts, index), (entities, pairing)) = crate::timing::phase("cache: decode", || {
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
            || {
                (
                    postcard::from_bytes::<Option<(u128, Entities)>>(parts[TEXT_SECTIONS + 1]),
                    postcard::from_bytes::<Option<Memo>>(parts[TEXT_SECTIONS + 2]),
                )
            },
        )
    });
    let snap = Snapshot {
        texts: texts.map_err(bad)?.into_iter().flatten().collect(),
        index: index.map_err(bad)?,
        entities: entities.map_err(bad)?,
        pairing: pairing.map_err(bad)?,
    };
    crate::timing::phase("cache: validate", || validate(snap))
}

/// Check that every index the cached data holds points where it may: each
/// work has one text, the index's units, postings and term ids agree with
/// each other and with the texts' sentences, the entity catalogue names
/// works that exist. The index's derived tables (postings, frequencies)
/// are computed again from its units rather than trusted.
fn validate(mut snap: Snapshot) -> Result<Snapshot, String> {
    let invalid = |what: &str| format!("invalid: {what}");
    let mut sentences: std::collections::HashMap<u32, usize> = Default::default();
    for t in &snap.texts {
        if sentences.insert(t.work, t.doc.sentences.len()).is_some() {
            return Err(invalid("two texts for one work"));
        }
    }
    {
        use rayon::prelude::*;
        if !snap.texts.par_iter().all(|t| text_is_consistent(&t.doc)) {
            return Err(invalid("a text's sentence maps"));
        }
    }
    if let Some(ix) = &mut snap.index {
        ix.validate_and_rederive(&sentences)
            .map_err(|e| invalid(&e))?;
    }
    if snap.pairing.as_ref().is_some_and(|m| !m.is_consistent()) {
        return Err(invalid("content pairing"));
    }
    Ok(snap)
}

/// A cached text's sentences: positions from line 1, sentence maps sorted
/// and inside the sentence's text.
fn text_is_consistent(doc: &TextDoc) -> bool {
    doc.pages.as_ref().is_none_or(|p| p.is_consistent())
        && doc.sentences.iter().all(|s| {
            s.line >= 1
                && s.end_line >= s.line
                && s.map
                    .windows(2)
                    .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1)
                && s.map.iter().all(|&(n, _)| n as usize <= s.text.len())
        })
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

pub(super) fn write(
    file: &Path,
    lib: &Library,
    index: &Index,
    entities: (u128, &Entities),
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    super::private_dir(dir)?;
    // An unpredictable name, created exclusively (never through a planted
    // symlink), deleted on drop unless persisted over the cache file.
    let tmp = tempfile::Builder::new()
        .prefix("index-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    write_into(tmp.as_file(), lib, index, entities)?;
    // Renaming replaces whatever is at the cache path (a symlink included),
    // never writing through it.
    tmp.persist(file).map(|_| ()).map_err(|e| e.error)
}

/// The whole file, header last, into `f`.
fn write_into(
    mut f: &std::fs::File,
    lib: &Library,
    index: &Index,
    entities: (u128, &Entities),
) -> std::io::Result<()> {
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
    section(&mut out, &Some(&lib.pairing))?;
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
    f.sync_all()
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
