//! A Zotero library as the corpus, through the real binary: `gloss check`
//! with `--zotero DIR` and with `corpus = "zotero"` in `gloss.toml`, while
//! another process holds the database as Zotero does (exclusive locking,
//! a write under way), leaving every byte of the data folder as it was;
//! and the language server's completion, hover and reload when an item is
//! added in Zotero.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::lsp::*;
use gloss::zotero::fixture;
use serde_json::{json, Value};

fn library() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("Zotero");
    fixture::build(&dir, &t.path().join("linked")).unwrap();
    (t, dir)
}

/// Every file under `dir`, with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

const DRAFT: &str = "# Review\n\nMaps cluster data on a grid [@berg2015].\n\nAgeing is a global matter [@who2015ageing].\n\nFirms adapt to institutions [@okaforInstitutionsFirm2001].\n\nNobody wrote this [@nosuch2020].\n";

fn unknown(triples: &[(String, u64, String)]) -> Vec<u64> {
    triples
        .iter()
        .filter(|t| t.0 == "unknown-citation")
        .map(|t| t.1)
        .collect()
}

#[test]
fn check_reads_the_zotero_library_while_zotero_holds_it() {
    let (t, dir) = library();
    std::fs::write(t.path().join("review.md"), DRAFT).unwrap();
    // As Zotero holds it while it runs.
    let zotero = rusqlite::Connection::open(dir.join("zotero.sqlite")).unwrap();
    zotero
        .execute_batch(
            "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;
             UPDATE itemDataValues SET value = 'Not committed' WHERE value = 'Institutions and the firm';",
        )
        .unwrap();
    let before = contents(&dir);
    let o = common::run(
        &[
            "check",
            "--format",
            "json",
            "--zotero",
            dir.to_str().unwrap(),
            "review.md",
        ],
        t.path(),
    );
    let triples = json_triples(&common::json(&o));
    assert_eq!(
        unknown(&triples),
        [8],
        "{triples:?}\n{}",
        common::stderr(&o)
    );
    assert!(
        !common::stderr(&o).contains("zotero.sqlite"),
        "no warning about the database: {}",
        common::stderr(&o)
    );
    assert_eq!(contents(&dir), before, "the data folder is unchanged");
    zotero.execute_batch("ROLLBACK;").unwrap();
}

#[test]
fn gloss_toml_names_the_library_and_a_collection() {
    let (t, dir) = library();
    std::fs::write(t.path().join("review.md"), DRAFT).unwrap();
    std::fs::write(
        t.path().join("gloss.toml"),
        "corpus = \"zotero\"\nzotero_data_dir = \"Zotero\"\n",
    )
    .unwrap();
    let all = check_triples(t.path(), &["review.md"]);
    assert_eq!(unknown(&all), [8], "{all:?}");
    assert_eq!(
        dir,
        t.path().join("Zotero"),
        "zotero_data_dir is relative to gloss.toml"
    );

    // Chapter 2 holds only berg2015; Dissertation holds okafor too (and item 6).
    std::fs::write(
        t.path().join("gloss.toml"),
        "corpus = \"zotero\"\nzotero_data_dir = \"Zotero\"\nzotero_collection = \"Dissertation/Chapter 2\"\n",
    )
    .unwrap();
    assert_eq!(unknown(&check_triples(t.path(), &["review.md"])), [4, 6, 8]);
    // Front matter chooses the collection for its draft.
    let fm = format!("---\nzotero_collection: Dissertation\n---\n{DRAFT}");
    std::fs::write(t.path().join("review.md"), &fm).unwrap();
    assert_eq!(unknown(&check_triples(t.path(), &["review.md"])), [7, 11]);

    // A collection that does not exist: a warning naming the database
    // and listing those that do; the check goes on.
    std::fs::write(t.path().join("review.md"), DRAFT).unwrap();
    let o = common::run(
        &[
            "check",
            "--format",
            "json",
            "--zotero-collection",
            "Chapter 3",
            "review.md",
        ],
        t.path(),
    );
    let err = common::stderr(&o);
    assert!(
        err.contains("zotero.sqlite")
            && err.contains("`Chapter 3`")
            && err.contains("Dissertation/Chapter 2"),
        "{err}"
    );
    // No works: with nothing to check keys against, none is unknown.
    assert_eq!(unknown(&json_triples(&common::json(&o))), [] as [u64; 0]);
}

#[test]
fn a_missing_zotero_folder_is_a_warning_or_an_error_when_named_on_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("review.md"), DRAFT).unwrap();
    std::fs::write(
        t.path().join("gloss.toml"),
        "corpus = \"zotero\"\nzotero_data_dir = \"nowhere\"\n",
    )
    .unwrap();
    let o = common::run(&["check", "--format", "json", "review.md"], t.path());
    assert!(
        common::stderr(&o).contains("Zotero data folder not found"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(unknown(&json_triples(&common::json(&o))), [] as [u64; 0]);
    let o = common::run(&["check", "--zotero", "nowhere", "review.md"], t.path());
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("Zotero data folder nowhere not found"));
}

fn at(text: &str, needle: &str, inside: u32) -> Value {
    let (l, c) = find_pos(text, needle);
    json!({"line": l, "character": c + inside})
}

#[test]
fn the_server_completes_hovers_and_picks_up_an_item_added_in_zotero() {
    let (t, dir) = library();
    let draft = t.path().join("review.md");
    let text =
        "# Review\n\nAs shown [@berg2015]. New work [@novakFreshResultsMaps2021]. See @chen\n";
    std::fs::write(&draft, text).unwrap();
    let mut c = Client::start(t.path());
    let mut caps = basic_capabilities();
    // No file watching by the client: the server notices the change itself.
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": false});
    c.initialize(
        t.path(),
        caps,
        json!({"corpus": "zotero", "zoteroDataDir": dir.to_str().unwrap()}),
    );
    let uri = c.open(&draft, text);
    let d = c.diagnostics(&uri, Some(1));
    let novak = |d: &[Value]| {
        d.iter().any(|d| {
            d["code"] == "unknown-citation"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("novakFreshResultsMaps2021")
        })
    };
    assert!(novak(&d), "{d:?}");
    assert!(
        d.iter()
            .all(|d| !d["message"].as_str().unwrap().contains("berg2015")),
        "{d:?}"
    );

    let comp = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at(text, "@chen", 5)}),
    );
    // Each item inserts its key (the label shows the work as cited).
    let inserted: Vec<String> = comp["items"]
        .as_array()
        .or(comp.as_array())
        .unwrap()
        .iter()
        .map(|i| {
            i["textEdit"]["newText"]
                .as_str()
                .or(i["insertText"].as_str())
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(
        inserted
            .iter()
            .any(|k| k.ends_with("chenLearningCiteEvidence2020"))
            && inserted
                .iter()
                .any(|k| k.ends_with("chenLearningCiteEvidence2020a")),
        "{comp}"
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at(text, "@berg2015", 2)}),
    );
    let shown = hover["contents"].to_string();
    assert!(
        shown.contains("Self-organizing maps") && shown.contains("van der Berg"),
        "{shown}"
    );

    // Definition: the text Zotero extracted, never its database.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": at(text, "@berg2015", 2)}),
    );
    let targets = def.to_string();
    assert!(
        targets.contains(".zotero-ft-cache") && !targets.contains("zotero.sqlite"),
        "{targets}"
    );
    // A Zotero key is not renamed: gloss never writes Zotero's database.
    let r = c.request_raw(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": at(text, "@berg2015", 2), "newName": "berg2015x"}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Zotero")),
        "{r}"
    );

    // An item added in Zotero, with its extracted text.
    fixture::add_article(
        &dir,
        "NOVAK021",
        "Novak",
        "Fresh results on maps",
        2021,
        Some("Fresh Results on Maps\n\nEva Novak\n\nMaps of larger grids train faster than expected.\n"),
    )
    .unwrap();
    let mut gone = false;
    for _ in 0..100 {
        let d = c.diagnostics(&uri, None);
        if !novak(&d) {
            gone = true;
            break;
        }
    }
    assert!(gone, "the added item was not picked up");
    c.shutdown();
}

#[test]
fn index_shows_the_zotero_library_and_its_pairing() {
    let (t, dir) = library();
    let o = common::run(
        &[
            "index",
            "--format",
            "json",
            "--zotero",
            dir.to_str().unwrap(),
        ],
        t.path(),
    );
    let v = common::json(&o);
    let works: BTreeMap<String, (String, bool)> = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["key"].as_str().unwrap().to_string(),
                (
                    w["paired_by"].as_str().unwrap().to_string(),
                    w["sentences"].as_u64().unwrap() > 0,
                ),
            )
        })
        .collect();
    let want: BTreeMap<String, (String, bool)> = [
        ("berg2015", "zotero", true),
        ("chenLearningCiteEvidence2020", "zotero", true),
        ("chenLearningCiteEvidence2020a", "none", false),
        ("mullerUberStrasseOkonomie1999", "none", false),
        ("okaforInstitutionsFirm2001", "zotero", true),
        ("who2015ageing", "zotero", true),
    ]
    .into_iter()
    .map(|(k, p, s)| (k.to_string(), (p.to_string(), s)))
    .collect();
    assert_eq!(works, want, "{}", common::stderr(&o));
    // Item 6's PDF is a scan Zotero has no text for: said, never skipped.
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("scan.pdf") && warnings.contains("no text layer"),
        "{warnings}"
    );
    // One collection only.
    let o = common::run(
        &[
            "index",
            "--format",
            "json",
            "--zotero",
            dir.to_str().unwrap(),
            "--zotero-collection",
            "Dissertation/Chapter 2",
        ],
        t.path(),
    );
    assert_eq!(common::json(&o)["works"].as_array().unwrap().len(), 1);
}

/// A client that watches files for the server watches the workspace; the
/// Zotero folder lies elsewhere, so the server looks at it itself.
#[test]
fn a_watching_client_still_gets_an_item_added_in_zotero() {
    let (t, dir) = library();
    let ws = t.path().join("thesis");
    std::fs::create_dir(&ws).unwrap();
    let draft = ws.join("review.md");
    let text = "# Review\n\nNew work [@novakFreshResultsMaps2021].\n";
    std::fs::write(&draft, text).unwrap();
    let mut c = Client::start(&ws);
    c.initialize(
        &ws,
        basic_capabilities(),
        json!({"corpus": "zotero", "zoteroDataDir": dir.to_str().unwrap()}),
    );
    let uri = c.open(&draft, text);
    let unknown = |d: &[Value]| d.iter().any(|d| d["code"] == "unknown-citation");
    assert!(unknown(&c.diagnostics(&uri, Some(1))));
    fixture::add_article(
        &dir,
        "NOVAK021",
        "Novak",
        "Fresh results on maps",
        2021,
        None,
    )
    .unwrap();
    let mut gone = false;
    for _ in 0..100 {
        if !unknown(&c.diagnostics(&uri, None)) {
            gone = true;
            break;
        }
    }
    assert!(gone, "the added item was not picked up");
    c.shutdown();
}
