//! What gloss reads on whose authority (issue 15, points 7 and 12): the
//! corpus walk visits each real folder once, skips what is hidden or
//! ignored, refuses a filesystem root or the home folder; a draft's front
//! matter and symbolic links in the corpus cannot make gloss read, and
//! quote, files outside the project unless the user's settings allow it.

mod common;
use common::lsp::*;
use common::*;
use serde_json::json;
use std::path::Path;

/// Works of an `index --format json` report that have a text, by path.
fn text_paths(v: &serde_json::Value) -> Vec<String> {
    v["works"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["path"].as_str().map(str::to_string))
        .collect()
}

fn warnings(v: &serde_json::Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| format!("{}: {}", w["path"], w["message"]))
        .collect()
}

fn index_json(corpus: &str, dir: &Path, env: &[(&str, &Path)]) -> serde_json::Value {
    let o = gloss()
        .args([
            "--no-cache",
            "index",
            "--corpus",
            corpus,
            "--format",
            "json",
        ])
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    json(&o)
}

const PAPER: &[u8] = b"Okafor, A. (2019). Shade in Tamsworth.\n\nResults\n\nStreet trees cooled the pavement by four degrees in the afternoon.\n";

#[cfg(unix)]
#[test]
fn symlinked_folders_forming_a_dag_are_walked_once() {
    let dir = tree(&[("corpus/d00/paper.txt", PAPER)]);
    // Each level holds two links to the level below: 2^12 paths to the paper.
    for k in 1..=12 {
        let d = dir.path().join(format!("corpus/d{k:02}"));
        std::fs::create_dir_all(&d).unwrap();
        for name in ["a", "b"] {
            std::os::unix::fs::symlink(format!("../d{:02}", k - 1), d.join(name)).unwrap();
        }
    }
    // And a loop back to the top.
    std::os::unix::fs::symlink("..", dir.path().join("corpus/d00/up")).unwrap();
    let v = index_json("corpus", dir.path(), &[]);
    assert_eq!(text_paths(&v), ["corpus/d00/paper.txt"], "{v}");
    // The paper's own warning (no bibliography entry) and the loop's.
    assert!(warnings(&v).len() <= 2, "{:?}", warnings(&v));
}

#[test]
fn hidden_folders_node_modules_and_ignored_files_are_not_read() {
    let dir = tree(&[
        ("corpus/paper.txt", PAPER),
        ("corpus/.hidden/a.txt", PAPER),
        ("corpus/node_modules/pkg/b.txt", PAPER),
        ("corpus/drafts/c.txt", PAPER),
        ("corpus/notes.txt", PAPER),
        ("corpus/build/d.txt", PAPER),
        ("corpus/.glossignore", b"drafts/\nnotes.txt\n"),
        ("corpus/.gitignore", b"build/\n"),
    ]);
    let v = index_json("corpus", dir.path(), &[]);
    assert_eq!(text_paths(&v), ["corpus/paper.txt"], "{v}");
}

#[test]
fn the_home_folder_or_a_filesystem_root_is_refused_as_a_corpus() {
    let dir = tree(&[("home/paper.txt", PAPER), ("home/papers/more.txt", PAPER)]);
    let home = dir.path().join("home");
    let v = index_json("home", dir.path(), &[("HOME", &home)]);
    assert!(text_paths(&v).is_empty(), "{v}");
    let w = warnings(&v).join("\n");
    assert!(
        w.contains("corpus is the home folder") && w.contains("allow_broad_corpus"),
        "{w}"
    );
    let v = index_json("/", dir.path(), &[("HOME", &home)]);
    assert!(text_paths(&v).is_empty(), "{v}");
    assert!(
        warnings(&v)
            .join("\n")
            .contains("corpus is a filesystem root"),
        "{v}"
    );
    // Set explicitly in gloss.toml, the home folder is read.
    std::fs::write(
        home.join("gloss.toml"),
        "corpus = \".\"\nallow_broad_corpus = true\n",
    )
    .unwrap();
    std::fs::write(
        home.join("draft.md"),
        "# Draft\n\nTrees cool streets [@okafor2019].\n",
    )
    .unwrap();
    let o = gloss()
        .args(["--no-cache", "check", "--format", "json", "draft.md"])
        .current_dir(&home)
        .env("HOME", &home)
        .output()
        .unwrap();
    let out = stdout(&o) + &stderr(&o);
    assert!(!out.contains("corpus is the home folder"), "{out}");
}

/// A project whose draft's front matter names the example corpus, which
/// lies outside it; `toml` is the project's gloss.toml.
fn outside_project(toml: &str) -> tempfile::TempDir {
    let ex = example_copy();
    let root = tempfile::tempdir().unwrap();
    std::fs::rename(ex.path().join("corpus"), root.path().join("outside")).unwrap();
    let proj = root.path().join("proj");
    std::fs::create_dir(&proj).unwrap();
    std::fs::write(proj.join("gloss.toml"), toml).unwrap();
    let draft = std::fs::read_to_string(ex.path().join("review.md")).unwrap();
    let draft = draft.replace(
        "bibliography: corpus/references.bib\n",
        "bibliography: ../outside/references.bib\ncorpus: ../outside\n",
    );
    std::fs::write(proj.join("review.md"), draft).unwrap();
    root
}

/// How a report names a `path-outside-project` diagnostic (SARIF lists
/// every rule, so there it is a result's `ruleId`).
fn outside_code(format: &str) -> &'static str {
    match format {
        "sarif" => "\"ruleId\": \"path-outside-project\"",
        _ => "path-outside-project",
    }
}

/// Sentences only the outside files hold: a corpus text and a bibliography title.
const MARKERS: [&str; 2] = [
    "mean daily maximum temperature",
    "Canopy for a Cooler Tamsworth",
];

fn cli_outputs(proj: &Path) -> Vec<(String, String)> {
    ["human", "json", "sarif"]
        .iter()
        .map(|f| {
            let o = gloss()
                .args(["--no-cache", "check", "--format", f, "review.md"])
                .current_dir(proj)
                .output()
                .unwrap();
            assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
            (f.to_string(), stdout(&o) + &stderr(&o))
        })
        .collect()
}

#[test]
fn front_matter_cannot_reach_outside_the_project() {
    let root = outside_project("");
    let proj = root.path().join("proj");
    for (format, out) in cli_outputs(&proj) {
        for m in MARKERS {
            assert!(!out.contains(m), "{format} quotes the outside file: {out}");
        }
        assert!(out.contains(outside_code(&format)), "{format}: {out}");
    }
    let o = gloss()
        .args(["--no-cache", "check", "--format", "json", "review.md"])
        .current_dir(&proj)
        .output()
        .unwrap();
    let v = json(&o);
    let outside: Vec<_> = diagnostics(&v)
        .into_iter()
        .filter(|d| d["code"] == "path-outside-project")
        .collect();
    // One for each front-matter line: bibliography (line 4) and corpus (line 5).
    let lines: Vec<u64> = outside
        .iter()
        .map(|d| d["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4, 5], "{outside:?}");
    assert!(
        outside[1]["message"]
            .as_str()
            .unwrap()
            .contains("`corpus: ../outside`"),
        "{outside:?}"
    );

    // The language server: no diagnostic quotes the outside files either.
    let draft = proj.join("review.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let mut c = Client::start_with(&proj, &[("GLOSS_NO_CACHE", "1")]);
    c.initialize(&proj, basic_capabilities(), json!(null));
    let uri = c.open(&draft, &text);
    let diags = serde_json::to_string(&c.diagnostics(&uri, Some(1))).unwrap();
    for m in MARKERS {
        assert!(!diags.contains(m), "LSP quotes the outside file: {diags}");
    }
    assert!(diags.contains("path-outside-project"), "{diags}");
    c.shutdown();
}

#[test]
fn gloss_toml_can_allow_a_folder_outside_the_project() {
    // The same draft, with the user's permission: the outside text is read
    // (which shows the markers above would be found if it were).
    let root = outside_project("allow_outside = [\"../outside\"]\n");
    let proj = root.path().join("proj");
    for (format, out) in cli_outputs(&proj) {
        assert!(!out.contains(outside_code(&format)), "{format}: {out}");
        // SARIF names evidence by place, not by its words.
        if format != "sarif" {
            assert!(out.contains(MARKERS[0]), "{format}: {out}");
        }
    }
}

#[test]
fn the_editors_allow_outside_setting_reaches_the_server() {
    // The same draft in the editor: refused by default, read when the
    // user's editor settings allow the outside folder.
    let root = outside_project("");
    let proj = root.path().join("proj");
    let draft = proj.join("review.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let outside = root.path().join("outside");
    for (options, allowed) in [
        (json!(null), false),
        (json!({ "allowOutside": [outside.to_str().unwrap()] }), true),
    ] {
        let mut c = Client::start_with(&proj, &[("GLOSS_NO_CACHE", "1")]);
        c.initialize(&proj, basic_capabilities(), options);
        let uri = c.open(&draft, &text);
        let diags = serde_json::to_string(&c.diagnostics(&uri, Some(1))).unwrap();
        assert_eq!(!diags.contains("path-outside-project"), allowed, "{diags}");
        c.shutdown();
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_in_the_corpus_does_not_lead_outside_it() {
    let ex = example_copy();
    let root = tempfile::tempdir().unwrap();
    std::fs::rename(ex.path().join("corpus"), root.path().join("outside")).unwrap();
    let proj = root.path().join("proj");
    std::fs::create_dir_all(proj.join("corpus")).unwrap();
    std::fs::copy(
        root.path().join("outside/references.bib"),
        proj.join("corpus/references.bib"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        root.path().join("outside/okafor2019.txt"),
        proj.join("corpus/okafor2019.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        root.path().join("outside/papers"),
        proj.join("corpus/papers"),
    )
    .unwrap();
    std::fs::copy(ex.path().join("review.md"), proj.join("review.md")).unwrap();
    std::fs::write(
        proj.join("gloss.toml"),
        "corpus = \"corpus\"\nbibliography = [\"corpus/references.bib\"]\n",
    )
    .unwrap();
    for (format, out) in cli_outputs(&proj) {
        assert!(
            !out.contains(MARKERS[0]),
            "{format} quotes the outside file: {out}"
        );
        if format == "human" {
            assert!(
                out.contains("symbolic link leads outside the corpus folder"),
                "{out}"
            );
        }
    }
    // Allowed by the user, the link is followed.
    std::fs::write(
        proj.join("gloss.toml"),
        "corpus = \"corpus\"\nbibliography = [\"corpus/references.bib\"]\nallow_outside = [\"../outside\"]\n",
    )
    .unwrap();
    let (_, out) = cli_outputs(&proj).remove(0);
    assert!(out.contains(MARKERS[0]), "{out}");
}
