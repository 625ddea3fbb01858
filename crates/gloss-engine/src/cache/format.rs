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
use crate::corpus::text::TextDoc;
use crate::corpus::Library;
use crate::entities::Entities;

const MAGIC: &[u8; 8] = b"GLOSSIDX";
/// Bump when the layout of anything cached changes.
pub(super) const FORMAT: u32 = 2;
/// The texts are written in this many sections, and the index and the
/// entity catalogue in one each, so that they decode on all cores.
pub(super) const TEXT_SECTIONS: usize = 4;
pub(super) const SECTIONS: usize = TEXT_SECTIONS + 2;
/// Magic, format, build id, payload length, checksum, section lengths.
pub(super) const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8 * SECTIONS;

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
pub(super) fn read(file: &Path) -> Result<Option<Snapshot>, String> {
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

pub(super) fn write(
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
