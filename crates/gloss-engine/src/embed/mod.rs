//! Sentence embeddings: all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT) run in
//! process on candle, from the files `gloss model install` put in the model
//! folder. Mean pooling over the tokens, then L2 normalisation, as
//! sentence-transformers does: the cosine of two sentences is the dot product
//! of their vectors.
//!
//! Nothing here downloads anything. Without an installed model, gloss
//! checks claims on lexical support alone, as before; a model that is present
//! but damaged is an error naming the file, never a silent fallback.

mod install;
pub mod store;

use std::fmt;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use tokenizers::Tokenizer;

pub use install::{install, verify, Installed, Pinned, PINNED};

/// Width of an embedding.
pub const DIM: usize = 384;

/// Tokens a sentence is cut to (sentence-transformers' `max_seq_length`).
pub const MAX_TOKENS: usize = 256;

/// Sentences run through the model at once (after sorting by length, so a
/// batch pads little).
const BATCH: usize = 32;

/// Padded tokens run at once: a batch of long sentences is smaller, so the
/// attention scores (sentences × 12 heads × tokens²) stay near 25 MB instead
/// of 100 MB, and the memory the allocator keeps afterwards stays small.
const BATCH_TOKENS: usize = 2048;

/// Bumped when what this code computes from the same files changes: part
/// of the model id, so cached embeddings of an older computation are not reused.
const CODE_VERSION: u32 = 1;

/// The manifest `gloss model install` writes beside the files.
pub const MANIFEST: &str = "gloss-model.json";

/// The model's name as the package ships it.
pub const NAME: &str = "all-MiniLM-L6-v2";

/// Why the model cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    /// No model folder, or no manifest in it: semantic checking is off.
    NotInstalled(PathBuf),
    /// Turned off by a setting (`model = "off"`).
    Off,
    /// A file is missing, damaged or not the expected model.
    Damaged { file: PathBuf, why: String },
    /// The installer's source is not a wheel, zip or folder holding the model.
    BadSource { path: PathBuf, why: String },
    /// Reading or writing failed.
    Io { path: PathBuf, why: String },
    /// The model ran and failed (never expected with verified files).
    Runtime(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotInstalled(dir) => write!(
                f,
                "no embedding model installed in {} (run `gloss model install`)",
                dir.display()
            ),
            ModelError::Damaged { file, why } => write!(
                f,
                "{}: {why}; install the model again with `gloss model install`",
                file.display()
            ),
            ModelError::Off => write!(f, "semantic checking is turned off by the `model` setting"),
            ModelError::BadSource { path, why } => write!(f, "{}: {why}", path.display()),
            ModelError::Io { path, why } => write!(f, "{}: {why}", path.display()),
            ModelError::Runtime(why) => write!(f, "the embedding model failed: {why}"),
        }
    }
}

impl std::error::Error for ModelError {}

fn runtime(e: impl fmt::Display) -> ModelError {
    ModelError::Runtime(e.to_string())
}

/// Where the model lives: the `model` setting, else `GLOSS_MODEL_DIR` (`off`:
/// none), else
/// `gloss/all-MiniLM-L6-v2` in the platform data folder
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
/// Support` on macOS, `%APPDATA%` on Windows).
pub fn model_dir(setting: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = setting {
        return Some(p.to_path_buf());
    }
    if let Some(d) = std::env::var_os("GLOSS_MODEL_DIR").filter(|d| !d.is_empty()) {
        // `off`: no model, as the setting's `off`.
        return (d != "off").then(|| PathBuf::from(d));
    }
    dirs::data_dir().map(|d| d.join("gloss").join(NAME))
}

/// Whether a model seems installed in `dir` (its manifest is there); loading
/// it still verifies every file.
pub fn is_installed(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
}

/// A loaded model: the network, its tokenizer and its id.
pub struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    id: String,
    dir: PathBuf,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("id", &self.id)
            .field("dir", &self.dir)
            .finish()
    }
}

impl Model {
    /// Load the model installed in `dir`, checking every file against the
    /// manifest (sizes and hashes of the bytes read).
    pub fn load(dir: &Path) -> Result<Model, ModelError> {
        if !is_installed(dir) {
            return Err(ModelError::NotInstalled(dir.to_path_buf()));
        }
        let manifest = install::Manifest::read(dir)?;
        let weights = manifest.verified(dir, "model.safetensors")?;
        let config = manifest.verified(dir, "config.json")?;
        let tokenizer = manifest.verified(dir, "tokenizer.json")?;
        let pooling = manifest.verified(dir, "1_Pooling/config.json")?;
        Model::from_bytes(dir, weights, &config, &tokenizer, &pooling, &manifest)
    }

    fn from_bytes(
        dir: &Path,
        weights: Vec<u8>,
        config: &[u8],
        tokenizer: &[u8],
        pooling: &[u8],
        manifest: &install::Manifest,
    ) -> Result<Model, ModelError> {
        let damaged = |file: &str, why: String| ModelError::Damaged {
            file: dir.join(file),
            why,
        };
        let pool: serde_json::Value = serde_json::from_slice(pooling)
            .map_err(|e| damaged("1_Pooling/config.json", e.to_string()))?;
        if pool.get("pooling_mode_mean_tokens") != Some(&serde_json::Value::Bool(true)) {
            return Err(damaged(
                "1_Pooling/config.json",
                "the model does not pool by mean, which gloss requires".into(),
            ));
        }
        let config: BertConfig = serde_json::from_slice(config)
            .map_err(|e| damaged("config.json", format!("not a BERT configuration: {e}")))?;
        if config.hidden_size != DIM {
            return Err(damaged(
                "config.json",
                format!("hidden size {} where gloss needs {DIM}", config.hidden_size),
            ));
        }
        let mut tok = Tokenizer::from_bytes(tokenizer)
            .map_err(|e| damaged("tokenizer.json", format!("not a tokenizer: {e}")))?;
        // The file pads every sentence to 128 tokens; gloss pads each batch
        // to its longest sentence itself.
        tok.with_padding(None);
        tok.with_truncation(Some(tokenizers::TruncationParams {
            max_length: MAX_TOKENS,
            ..Default::default()
        }))
        .map_err(|e| damaged("tokenizer.json", e.to_string()))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| damaged("model.safetensors", format!("not safetensors: {e}")))?;
        let bert = BertModel::load(vb, &config).map_err(|e| {
            damaged(
                "model.safetensors",
                format!("does not fit config.json: {e}"),
            )
        })?;
        Ok(Model {
            bert,
            tokenizer: tok,
            id: manifest.model_id(),
            dir: dir.to_path_buf(),
        })
    }

    /// What the embeddings depend on: the weights' and tokenizer's hashes,
    /// pooling, normalisation, truncation and this code's version.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The embeddings of `texts`, in order, each of length [`DIM`] and unit
    /// norm (an empty text gives the embedding of no words, which is fine).
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, ModelError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(runtime)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| encodings[i].get_ids().len());
        let mut out = vec![Vec::new(); texts.len()];
        let lens: Vec<usize> = order
            .iter()
            .map(|&i| encodings[i].get_ids().len())
            .collect();
        for range in batches(&lens) {
            let batch = &order[range];
            let ids: Vec<&[u32]> = batch.iter().map(|&i| encodings[i].get_ids()).collect();
            for (&i, v) in batch.iter().zip(self.run(&ids)?) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// One batch: pad to the longest, run, mean-pool over real tokens, normalise.
    fn run(&self, ids: &[&[u32]]) -> Result<Vec<Vec<f32>>, ModelError> {
        let n = ids.len();
        let t = ids.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        let mut flat = vec![0u32; n * t];
        let mut mask = vec![0u32; n * t];
        for (r, s) in ids.iter().enumerate() {
            flat[r * t..r * t + s.len()].copy_from_slice(s);
            mask[r * t..r * t + s.len()].iter_mut().for_each(|m| *m = 1);
        }
        let dev = Device::Cpu;
        let input = Tensor::from_vec(flat, (n, t), &dev).map_err(runtime)?;
        let mask = Tensor::from_vec(mask, (n, t), &dev).map_err(runtime)?;
        let types = input.zeros_like().map_err(runtime)?;
        let hidden = self
            .bert
            .forward(&input, &types, Some(&mask))
            .map_err(runtime)?;
        let m = mask
            .to_dtype(DType::F32)
            .and_then(|m| m.unsqueeze(2))
            .map_err(runtime)?;
        let summed = hidden
            .broadcast_mul(&m)
            .and_then(|h| h.sum(1))
            .map_err(runtime)?;
        let counts = m.sum(1).map_err(runtime)?;
        let pooled = summed.broadcast_div(&counts).map_err(runtime)?;
        let rows: Vec<Vec<f32>> = pooled.to_vec2().map_err(runtime)?;
        Ok(rows.into_iter().map(normalised).collect())
    }
}

/// Consecutive batches over lengths sorted ascending: at most [`BATCH`]
/// sentences, and at most [`BATCH_TOKENS`] once padded to the longest (a
/// sentence longer than that runs alone).
fn batches(sorted_lens: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &len) in sorted_lens.iter().enumerate() {
        let n = i - start + 1;
        if i > start && (n > BATCH || n * len.max(1) > BATCH_TOKENS) {
            out.push(start..i);
            start = i;
        }
    }
    if start < sorted_lens.len() {
        out.push(start..sorted_lens.len());
    }
    out
}

fn normalised(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    // Eight running sums, so the compiler can keep them in one SIMD
    // register: a checked draft takes a cosine with every corpus sentence
    // per claim, and a single running sum cannot be vectorised.
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let mut acc = [0f32; 8];
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// The reference sentences and their embeddings computed independently (a
/// numpy forward pass in float64 with exact GELU; see
/// `scripts/research/issue14/embedding-runtime.md`): what install checks
/// the model against, and what the tests compare with.
pub fn reference() -> (Vec<String>, Vec<Vec<f32>>) {
    #[derive(serde::Deserialize)]
    struct Reference {
        sentences: Vec<String>,
        embeddings: Vec<Vec<f32>>,
    }
    let r: Reference = serde_json::from_str(include_str!("reference.json"))
        .expect("the reference embeddings are valid JSON");
    (r.sentences, r.embeddings)
}

/// How far an embedding may be from its reference (float32 against the
/// reference's float64 differs by about 1e-7; the tanh GELU approximation
/// instead of the exact one moves components by 2e-4).
pub const REFERENCE_TOLERANCE: f32 = 1e-4;

/// The largest component difference between `got` and `want`.
pub fn max_difference(got: &[f32], want: &[f32]) -> f32 {
    if got.len() != want.len() {
        return f32::INFINITY;
    }
    got.iter()
        .zip(want)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_model_is_not_installed_and_says_how_to_install() {
        let dir = tempfile::tempdir().unwrap();
        let e = Model::load(dir.path()).unwrap_err();
        assert!(matches!(e, ModelError::NotInstalled(_)));
        assert!(e.to_string().contains("gloss model install"), "{e}");
    }

    #[test]
    fn the_reference_holds_three_unit_vectors() {
        let (s, e) = reference();
        assert_eq!(s.len(), 3);
        for v in &e {
            assert_eq!(v.len(), DIM);
            let n: f32 = v.iter().map(|x| x * x).sum();
            assert!((n - 1.0).abs() < 1e-4, "{n}");
        }
    }

    #[test]
    fn cosine_is_the_dot_product_at_any_length() {
        for n in [0, 3, 8, 13, DIM] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            assert!((cosine(&a, &b) as f64 - plain).abs() < 1e-4, "{n}");
        }
    }

    #[test]
    fn batches_cap_sentences_and_padded_tokens() {
        let short = vec![10; 70];
        let b = batches(&short);
        assert_eq!(b, vec![0..32, 32..64, 64..70]);
        // 2048 / 256 = 8 long sentences per batch; a short prefix joins
        // the batch until the padded size would pass the cap.
        let mut mixed = vec![5; 3];
        mixed.extend(vec![256; 20]);
        let b = batches(&mixed);
        assert_eq!(b, vec![0..8, 8..16, 16..23]);
        for r in &b {
            let longest = mixed[r.end - 1];
            assert!(r.len() * longest <= BATCH_TOKENS || r.len() == 1);
        }
        assert_eq!(batches(&[5000, 6000]), vec![0..1, 1..2]);
        assert!(batches(&[]).is_empty());
    }

    #[test]
    fn model_dir_prefers_the_setting() {
        let p = Path::new("/some/where");
        assert_eq!(model_dir(Some(p)).as_deref(), Some(p));
    }
}
