//! A long language-server session: thousands of random edits and requests
//! (positions in and out of range), after which the server is alive and
//! its diagnostics equal a fresh `gloss check` of the final text.

mod common;

use common::lsp::*;
use serde_json::{json, Value};

#[test]
fn a_long_session_of_random_edits_and_requests() {
    let dir = common::example_copy();
    let draft = dir.path().join("review.md");
    let mut text = std::fs::read_to_string(&draft).unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!({"debounce": 20}));
    let uri = c.open(&draft, &text);
    c.diagnostics(&uri, Some(1));
    let pieces = [
        "x",
        " [@okafor2019]",
        "中文",
        "",
        "(Chen, 2020b) ",
        "😀",
        "\n",
        "@nobody1999 ",
        "\"shade\" ",
        "[@",
        "Okafor (20",
        "# Heading\n",
        "-@marchetti2020",
    ];
    let methods = [
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/codeAction",
        "textDocument/inlayHint",
        "textDocument/semanticTokens/full",
        "textDocument/documentSymbol",
        "textDocument/prepareRename",
        "workspace/symbol",
    ];
    let mut rng = Xorshift(0x2545f4914f6cdd1d);
    let mut version = 1;
    let mut errors = 0;
    for step in 0..3000 {
        if step % 3 != 2 {
            let change = random_edit(&mut text, &mut rng, &pieces);
            version += 1;
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
            );
            continue;
        }
        let (line, _, col) = random_position(&text, &mut rng);
        // A request, sometimes at a position past the end.
        let method = methods[rng.below(methods.len() as u64) as usize];
        let (l, ch) = if rng.below(10) == 0 {
            (line + 1000, 0)
        } else {
            (line, col)
        };
        let pos = json!({"line": l, "character": ch});
        let params: Value = match method {
            "workspace/symbol" => json!({"query": "oka"}),
            "textDocument/semanticTokens/full" | "textDocument/documentSymbol" => {
                json!({"textDocument": {"uri": uri}})
            }
            "textDocument/inlayHint" | "textDocument/codeAction" => json!({
                "textDocument": {"uri": uri},
                "range": {"start": {"line": 0, "character": 0}, "end": pos},
                "context": {"diagnostics": []}
            }),
            "textDocument/references" => json!({
                "textDocument": {"uri": uri}, "position": pos, "context": {"includeDeclaration": true}
            }),
            _ => json!({"textDocument": {"uri": uri}, "position": pos}),
        };
        let r = c.request_raw(method, params);
        if let Some(e) = r.get("error") {
            // Only invalid positions may fail, never with an internal error.
            assert_ne!(e["code"], -32603, "{method} failed internally: {e}");
            errors += 1;
        }
    }
    assert!(errors > 0, "out-of-range positions got errors");
    let diags = c.diagnostics(&uri, Some(version));
    std::fs::write(&draft, &text).unwrap();
    assert_eq!(
        lsp_triples(&diags),
        check_triples(dir.path(), &["review.md"])
    );
    assert_eq!(c.shutdown(), Some(0));
}
