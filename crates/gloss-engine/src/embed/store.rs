//! Embeddings kept by the text they embed: a sentence of a corpus text or
//! a draft's claim is embedded once per model, then read back, in this run
//! and (through the cache folder) in the next.
//!
//! The file: `GLOSSEMB`, format version (u32), the model id's length (u32)
//! and bytes, the count (u64), then per entry the text's 64-bit XXH3 and
//! [`DIM`] little-endian f32. Every length is checked against the file's
//! size before anything is allocated; a file of another version or model,
//! or damaged, is ignored (and replaced on the next save).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use xxhash_rust::xxh3::xxh3_64;

use super::{Model, ModelError, DIM};

const MAGIC: &[u8; 8] = b"GLOSSEMB";
const VERSION: u32 = 1;
/// Entries kept at most (1.5 KiB each): about 300 MB.
const MAX_ENTRIES: usize = 200_000;

/// The key of a text.
pub fn key(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// Embeddings by text key, for one model.
#[derive(Debug, Default)]
pub struct Store {
    model_id: String,
    slots: HashMap<u64, u32>,
    vectors: Vec<f32>,
    /// Entries added since the store was read.
    added: usize,
}

impl Store {
    pub fn new(model_id: &str) -> Store {
        Store {
            model_id: model_id.to_string(),
            ..Store::default()
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn get(&self, key: u64) -> Option<&[f32]> {
        self.slots
            .get(&key)
            .map(|&s| &self.vectors[s as usize * DIM..(s as usize + 1) * DIM])
    }

    pub fn insert(&mut self, key: u64, v: &[f32]) {
        if v.len() != DIM || self.slots.contains_key(&key) || self.slots.len() >= MAX_ENTRIES {
            return;
        }
        self.slots.insert(key, self.slots.len() as u32);
        self.vectors.extend_from_slice(v);
        self.added += 1;
    }

    /// The store in `file` if it holds embeddings of `model_id`, else empty.
    pub fn read(file: &Path, model_id: &str) -> Store {
        std::fs::read(file)
            .ok()
            .and_then(|b| Store::decode(&b, model_id))
            .unwrap_or_else(|| Store::new(model_id))
    }

    fn decode(b: &[u8], model_id: &str) -> Option<Store> {
        let take = |at: usize, n: usize| b.get(at..at.checked_add(n)?);
        if take(0, 8)? != MAGIC {
            return None;
        }
        let u32_at = |at| take(at, 4).map(|s| u32::from_le_bytes(s.try_into().unwrap()));
        if u32_at(8)? != VERSION {
            return None;
        }
        let id_len = u32_at(12)? as usize;
        if take(16, id_len)? != model_id.as_bytes() {
            return None;
        }
        let at = 16 + id_len;
        let count = u64::from_le_bytes(take(at, 8)?.try_into().ok()?) as usize;
        let entry = 8 + DIM * 4;
        let body = at + 8;
        // The count must be what the file holds, before anything is allocated.
        if count > MAX_ENTRIES || b.len() != body.checked_add(count.checked_mul(entry)?)? {
            return None;
        }
        let mut store = Store::new(model_id);
        store.vectors.reserve(count * DIM);
        for e in 0..count {
            let at = body + e * entry;
            let k = u64::from_le_bytes(b[at..at + 8].try_into().ok()?);
            let v: Vec<f32> = b[at + 8..at + entry]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                .collect();
            if v.iter().any(|x| !x.is_finite()) || store.slots.contains_key(&k) {
                return None;
            }
            store.insert(k, &v);
        }
        store.added = 0;
        Some(store)
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.model_id.len() + self.len() * (8 + DIM * 4));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.model_id.len() as u32).to_le_bytes());
        out.extend_from_slice(self.model_id.as_bytes());
        out.extend_from_slice(&(self.len() as u64).to_le_bytes());
        let mut entries: Vec<(&u64, &u32)> = self.slots.iter().collect();
        entries.sort_unstable_by_key(|(_, &s)| s);
        for (k, &s) in entries {
            out.extend_from_slice(&k.to_le_bytes());
            for x in &self.vectors[s as usize * DIM..(s as usize + 1) * DIM] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    }

    /// Write the store to `file` if anything was added: into a new file of
    /// an unpredictable name beside it, then renamed over it.
    pub fn write(&mut self, file: &Path) -> std::io::Result<()> {
        if self.added == 0 {
            return Ok(());
        }
        let dir = file.parent().unwrap_or(Path::new("."));
        crate::cache::private_dir(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".embeddings")
            .tempfile_in(dir)?;
        tmp.write_all(&self.encode())?;
        tmp.persist(file).map_err(|e| e.error)?;
        self.added = 0;
        Ok(())
    }
}

/// The semantic side of a workspace: the model (loaded only when a text
/// lacks an embedding) and the embeddings read and computed so far.
#[derive(Debug)]
pub struct Semantic {
    dir: PathBuf,
    /// Where the store is persisted (None: not persisted).
    file: Option<PathBuf>,
    model: OnceLock<Result<Model, ModelError>>,
    store: Mutex<Option<Store>>,
    /// The model id from the manifest, without loading the model.
    id: String,
}

impl Semantic {
    /// The model installed in `dir`, with its embeddings persisted in the
    /// file `file` names for the model's id (None: not persisted). Errs when
    /// no model is installed there, or its manifest is unreadable.
    pub fn open(
        dir: &Path,
        file: impl FnOnce(&str) -> Option<PathBuf>,
    ) -> Result<Semantic, ModelError> {
        if !super::is_installed(dir) {
            return Err(ModelError::NotInstalled(dir.to_path_buf()));
        }
        let id = super::install::Manifest::read(dir)?.model_id();
        let file = file(&id);
        Ok(Semantic {
            dir: dir.to_path_buf(),
            file,
            model: OnceLock::new(),
            store: Mutex::new(None),
            id,
        })
    }

    pub fn model_id(&self) -> &str {
        &self.id
    }

    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        let mut guard = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let store = guard.get_or_insert_with(|| match &self.file {
            Some(file) => Store::read(file, &self.id),
            None => Store::new(&self.id),
        });
        f(store)
    }

    /// The model, loaded (and verified) on first use.
    pub fn model(&self) -> Result<&Model, ModelError> {
        self.model
            .get_or_init(|| Model::load(&self.dir))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Embeddings of `texts` already known (no model run).
    pub fn known(&self, texts: &[&str]) -> Vec<Option<Vec<f32>>> {
        self.with_store(|s| {
            texts
                .iter()
                .map(|t| s.get(key(t)).map(<[f32]>::to_vec))
                .collect()
        })
    }

    /// How many of `texts` lack an embedding.
    pub fn missing(&self, texts: &[&str]) -> usize {
        self.with_store(|s| texts.iter().filter(|t| s.get(key(t)).is_none()).count())
    }

    /// Embeddings of `texts`, running the model on those not yet known, in
    /// chunks of `chunk`, calling `progress(done, total)` after each.
    pub fn embed(
        &self,
        texts: &[&str],
        chunk: usize,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let mut todo: Vec<&str> = self.with_store(|s| {
            texts
                .iter()
                .copied()
                .filter(|t| s.get(key(t)).is_none())
                .collect()
        });
        todo.sort_unstable();
        todo.dedup();
        let total = todo.len();
        if total > 0 {
            let model = self.model()?;
            let mut done = 0;
            for part in todo.chunks(chunk.max(1)) {
                let vs = model.embed(part)?;
                self.with_store(|s| {
                    for (t, v) in part.iter().zip(&vs) {
                        s.insert(key(t), v);
                    }
                });
                done += part.len();
                progress(done, total);
            }
        }
        Ok(self
            .known(texts)
            .into_iter()
            .map(|v| v.unwrap_or_else(|| vec![0.0; DIM]))
            .collect())
    }

    /// Persist what was computed (errors are the caller's to report).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut guard = self.store.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(s) => s.write(file),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(seed: f32) -> Vec<f32> {
        (0..DIM).map(|i| seed + i as f32 / 1000.0).collect()
    }

    #[test]
    fn a_store_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("e.bin");
        let mut s = Store::new("m1");
        s.insert(key("a"), &vector(0.1));
        s.insert(key("b"), &vector(0.2));
        s.write(&file).unwrap();
        let back = Store::read(&file, "m1");
        assert_eq!(back.len(), 2);
        assert_eq!(back.get(key("b")), Some(&vector(0.2)[..]));
        // Another model's store is not read.
        assert!(Store::read(&file, "m2").is_empty());
    }

    #[test]
    fn a_damaged_store_is_ignored_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("e.bin");
        let mut s = Store::new("m");
        s.insert(key("a"), &vector(0.1));
        s.write(&file).unwrap();
        let good = std::fs::read(&file).unwrap();
        // Truncated, extended, a count claiming more than the file holds, a NaN.
        let mut cases = vec![good[..good.len() - 1].to_vec(), [&good[..], &[0]].concat()];
        let mut big = good.clone();
        big[17..25].copy_from_slice(&u64::MAX.to_le_bytes());
        cases.push(big);
        let mut nan = good.clone();
        let at = nan.len() - 4;
        nan[at..].copy_from_slice(&f32::NAN.to_le_bytes());
        cases.push(nan);
        for bytes in cases {
            std::fs::write(&file, &bytes).unwrap();
            assert!(Store::read(&file, "m").is_empty());
        }
    }
}
