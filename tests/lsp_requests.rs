//! `gloss lsp` under load and at the workspace's edge: documents too large
//! to check, requests that walk the workspace (off the serve loop,
//! cancellable, their scan reused), and renames that would reach outside
//! the workspace folders.

mod common;

use std::path::{Path, PathBuf};

use common::lsp::*;
use serde_json::{json, Value};

const BIB: &str = "@article{smith2020,\n  author = {Smith, Ann},\n  title = {Street trees and heat},\n  journal = {Urban Climate},\n  year = {2020}\n}\n";

fn at(uri: &str, text: &str, needle: &str, after: u32) -> Value {
    let (line, character) = find_pos(text, needle);
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + after}})
}

fn path_of(uri: &str) -> PathBuf {
    PathBuf::from(uri.strip_prefix("file://").unwrap().replace("%20", " "))
}

/// A draft citing `@smith2020` from `refs.bib` beside it.
fn draft_text(extra: &str) -> String {
    format!("---\nbibliography: refs.bib\n---\n\n# Trees\n\nStreet trees cool streets [@smith2020].\n{extra}")
}

/// Start the server in `root`, open `draft` (its text on disk) and wait
/// for its first diagnostics, so the library is loaded.
fn open(
    root: &Path,
    draft: &Path,
    env: &[(&str, &str)],
    options: Value,
) -> (Client, String, String) {
    let mut c = Client::start_with(root, env);
    c.initialize(root, basic_capabilities(), options);
    let text = std::fs::read_to_string(draft).unwrap();
    let uri = c.open(draft, &text);
    c.diagnostics(&uri, Some(1));
    (c, uri, text)
}

// ---- 10: documents too large to check ----

/// A generated draft of a few megabytes, citing a key on every paragraph.
fn huge_draft(bytes: usize) -> String {
    let mut t = draft_text("");
    let para = "Green roofs lower the surface temperature of the roof itself, and street trees shade the pavement below them [@smith2020].\n\n";
    while t.len() < bytes {
        t.push_str(para);
    }
    t
}

#[test]
fn a_document_above_the_size_limit_keeps_hover_and_says_checks_are_off() {
    let dir = common::tree(&[("refs.bib", BIB.as_bytes())]);
    let root = dir.path().canonicalize().unwrap();
    let text = huge_draft(3 << 20);
    let draft = root.join("huge.md");
    std::fs::write(&draft, &text).unwrap();
    let mut c = Client::start(&root);
    c.initialize(&root, basic_capabilities(), json!({}));
    let uri = c.open(&draft, &text);
    let diags = c.diagnostics(&uri, Some(1));
    // One notice, not the check's diagnostics (every paragraph would have
    // had one otherwise).
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "too-large", "{diags:?}");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("checks are off") && msg.contains("maxDocumentSize"),
        "{msg}"
    );
    // The log names the file.
    c.wait_for_stderr(|e| e.contains("huge.md") && e.contains("checks are off"));
    // Syntax features still answer: hover and completion on the key.
    let h = c.request("textDocument/hover", at(&uri, &text, "@smith2020", 3));
    assert!(h.to_string().contains("Smith"), "{h}");
    let comp = c.request("textDocument/completion", at(&uri, &text, "@smith2020", 3));
    assert!(comp.to_string().contains("smith2020"), "{comp}");
    // An edit keeps the notice (said once in the log, not once per edit).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}, "text": "x"}]}),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert_eq!(diags.len(), 1, "{diags:?}");
    let log = c.wait_for_stderr(|_| true);
    assert_eq!(log.matches("checks are off").count(), 1, "{log}");
    c.shutdown();
}

#[test]
fn the_size_limit_is_a_setting() {
    let dir = common::tree(&[("refs.bib", BIB.as_bytes())]);
    let root = dir.path().canonicalize().unwrap();
    let text = draft_text("Green roofs cool roofs [@smith2020].\n");
    let draft = root.join("draft.md");
    std::fs::write(&draft, &text).unwrap();
    let mut c = Client::start(&root);
    // A limit of 100 bytes: this small draft is above it.
    c.initialize(
        &root,
        basic_capabilities(),
        json!({"maxDocumentSize": 0.0001}),
    );
    let uri = c.open(&draft, &text);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "too-large");
    c.shutdown();
}

// ---- 11: heavy requests off the serve loop ----

/// A workspace of `n` drafts on disk citing `@smith2020`, and the open one.
fn big_workspace(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = common::tree(&[("refs.bib", BIB.as_bytes())]);
    let root = dir.path().canonicalize().unwrap();
    for i in 0..n {
        std::fs::write(
            root.join(format!("chapter{i:04}.md")),
            format!("# Chapter {i}\n\nTrees cool streets [@smith2020].\n"),
        )
        .unwrap();
    }
    let draft = root.join("draft.md");
    std::fs::write(&draft, draft_text("")).unwrap();
    (dir, draft)
}

/// GLOSS_LSP_TEST_SCAN_DELAY_MS slows the reading of each workspace file,
/// so the references request is slow for certain, whatever the machine.
const SLOW_SCAN: &[(&str, &str)] = &[("GLOSS_LSP_TEST_SCAN_DELAY_MS", "20")];

#[test]
fn a_slow_references_request_does_not_stall_a_hover_sent_after_it() {
    let (dir, draft) = big_workspace(200);
    let root = dir.path().canonicalize().unwrap();
    let (mut c, uri, text) = open(&root, &draft, SLOW_SCAN, json!({}));
    let mut refs = at(&uri, &text, "@smith2020", 3);
    refs["context"] = json!({"includeDeclaration": false});
    let r = c.send_request("textDocument/references", refs);
    let h = c.send_request("textDocument/hover", at(&uri, &text, "@smith2020", 3));
    let first = c.next_response();
    assert_eq!(
        first["id"], h,
        "the hover waited for the references: {first}"
    );
    assert!(first["result"].to_string().contains("Smith"), "{first}");
    let second = c.next_response();
    assert_eq!(second["id"], r);
    let locs = second["result"].as_array().unwrap();
    assert_eq!(locs.len(), 201, "{second}");
    c.shutdown();
}

#[test]
fn a_cancelled_references_request_answers_request_cancelled_and_stops() {
    let (dir, draft) = big_workspace(200);
    let root = dir.path().canonicalize().unwrap();
    let (mut c, uri, text) = open(&root, &draft, SLOW_SCAN, json!({}));
    let mut refs = at(&uri, &text, "@smith2020", 3);
    refs["context"] = json!({"includeDeclaration": false});
    let id = c.send_request("textDocument/references", refs.clone());
    c.notify("$/cancelRequest", json!({"id": id}));
    let r = c.next_response();
    assert_eq!(r["id"], id);
    assert_eq!(r["error"]["code"], -32800, "{r}");
    // The scan stopped between files rather than run to the end.
    c.wait_for_stderr(|e| e.contains("references cancelled"));
    // A request after it is answered in full.
    let locs = c.request("textDocument/references", refs);
    assert_eq!(locs.as_array().unwrap().len(), 201);
    c.shutdown();
}

#[test]
fn references_reuse_the_workspace_scan_until_a_file_changes() {
    let (dir, draft) = big_workspace(20);
    let root = dir.path().canonicalize().unwrap();
    let (mut c, uri, text) = open(&root, &draft, &[], json!({}));
    let mut refs = at(&uri, &text, "@smith2020", 3);
    refs["context"] = json!({"includeDeclaration": false});
    let locs = c.request("textDocument/references", refs.clone());
    assert_eq!(locs.as_array().unwrap().len(), 21);
    c.wait_for_stderr(|e| e.contains("workspace scan: read 20 of 20 drafts"));
    // Nothing changed: nothing is read again.
    let locs = c.request("textDocument/references", refs.clone());
    assert_eq!(locs.as_array().unwrap().len(), 21);
    // One file changes (size and time): only it is read again.
    std::fs::write(
        root.join("chapter0003.md"),
        "# Chapter 3\n\nTrees [@smith2020] and again [@smith2020].\n",
    )
    .unwrap();
    let locs = c.request("textDocument/references", refs);
    assert_eq!(locs.as_array().unwrap().len(), 22);
    let log = c.wait_for_stderr(|e| e.contains("workspace scan: read 1 of 20 drafts"));
    assert_eq!(log.matches("workspace scan: read").count(), 2, "{log}");
    c.shutdown();
}

// ---- 13: rename stays inside the workspace ----

fn rename(c: &mut Client, uri: &str, text: &str, new: &str) -> Value {
    let mut p = at(uri, text, "@smith2020", 3);
    p["newName"] = json!(new);
    c.request_raw("textDocument/rename", p)
}

#[test]
fn rename_refuses_when_the_entry_is_only_outside_the_workspace() {
    let dir = common::tree(&[
        (
            "ws/draft.md",
            b"# Trees\n\nStreet trees cool streets [@smith2020].\n",
        ),
        ("other/refs.bib", BIB.as_bytes()),
    ]);
    let top = dir.path().canonicalize().unwrap();
    let root = top.join("ws");
    let outside = top.join("other/refs.bib");
    let (mut c, uri, text) = open(
        &root,
        &root.join("draft.md"),
        &[],
        json!({"bibliography": [outside.to_str().unwrap()]}),
    );
    let r = rename(&mut c, &uri, &text, "smith2020trees");
    let msg = r["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"));
    assert!(
        msg.contains("outside the workspace") && msg.contains("other/refs.bib"),
        "{msg}"
    );
    c.wait_for_stderr(|e| e.contains("outside the workspace") && e.contains("other/refs.bib"));
    c.shutdown();
}

#[test]
fn rename_edits_only_files_inside_the_workspace() {
    let other = "@article{smith2020,\n  author = {Smith, Bob},\n  title = {Another project's paper},\n  year = {2020}\n}\n";
    let dir = common::tree(&[
        ("ws/refs.bib", BIB.as_bytes()),
        ("other/refs.bib", other.as_bytes()),
    ]);
    let top = dir.path().canonicalize().unwrap();
    let root = top.join("ws");
    std::fs::write(root.join("draft.md"), draft_text("")).unwrap();
    let outside = top.join("other/refs.bib");
    // Both bibliographies are the draft's (the settings name them).
    let (mut c, uri, text) = open(
        &root,
        &root.join("draft.md"),
        &[],
        json!({"bibliography": ["refs.bib", outside.to_str().unwrap()]}),
    );
    let r = rename(&mut c, &uri, &text, "smith2020trees");
    let changes = r["result"]["changes"]
        .as_object()
        .unwrap_or_else(|| panic!("{r}"));
    let mut files: Vec<PathBuf> = changes.keys().map(|u| path_of(u)).collect();
    files.sort();
    assert_eq!(
        files,
        vec![root.join("draft.md"), root.join("refs.bib")],
        "{r}"
    );
    // The user is told which file was left alone.
    let m = c.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .unwrap_or_default()
            .contains("other/refs.bib")
    });
    assert!(
        m["message"]
            .as_str()
            .unwrap()
            .contains("outside the workspace"),
        "{m}"
    );
    c.shutdown();
}
