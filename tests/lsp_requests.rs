//! `gloss lsp` under load: documents too large to check.

mod common;

use common::lsp::*;
use serde_json::{json, Value};

const BIB: &str = "@article{smith2020,\n  author = {Smith, Ann},\n  title = {Street trees and heat},\n  journal = {Urban Climate},\n  year = {2020}\n}\n";

fn at(uri: &str, text: &str, needle: &str, after: u32) -> Value {
    let (line, character) = find_pos(text, needle);
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + after}})
}

/// A draft citing `@smith2020` from `refs.bib` beside it.
fn draft_text(extra: &str) -> String {
    format!("---\nbibliography: refs.bib\n---\n\n# Trees\n\nStreet trees cool streets [@smith2020].\n{extra}")
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
