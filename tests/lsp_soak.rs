//! A long language-server session: thousands of random edits and requests
//! (positions in and out of range), after which the server is alive and
//! its diagnostics equal a fresh `gloss check` of the final text.

mod common;

use common::lsp::*;
use serde_json::{json, Value};

fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

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
    let mut seed: u64 = 0x2545f4914f6cdd1d;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let mut version = 1;
    let mut errors = 0;
    for step in 0..3000 {
        let lines: Vec<&str> = text.split('\n').collect();
        let line = next(lines.len() as u64) as u32;
        let chars: Vec<char> = lines[line as usize].chars().collect();
        let at = next(chars.len() as u64 + 1) as usize;
        let col = utf16_len(&chars[..at].iter().collect::<String>());
        if step % 3 != 2 {
            // An edit: replace up to three characters at a random place.
            let end = (at + next(4) as usize).min(chars.len());
            let end_col = utf16_len(&chars[..end].iter().collect::<String>());
            let new = pieces[next(pieces.len() as u64) as usize];
            let start_b: usize = chars[..at].iter().map(|c| c.len_utf8()).sum();
            let end_b: usize = chars[..end].iter().map(|c| c.len_utf8()).sum();
            let line_start: usize = lines[..line as usize].iter().map(|l| l.len() + 1).sum();
            text.replace_range(line_start + start_b..line_start + end_b, new);
            version += 1;
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                                     "end": {"line": line, "character": end_col}},
                                           "text": new}]}),
            );
            continue;
        }
        // A request, sometimes at a position past the end.
        let method = methods[next(methods.len() as u64) as usize];
        let (l, ch) = if next(10) == 0 {
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
    let o = common::run(&["check", "--format", "json", "review.md"], dir.path());
    let want = common::diagnostics(&common::json(&o));
    let key = |d: &Value, line_base: u64| {
        (
            d["code"].as_str().unwrap().to_string(),
            d["range"]["start"]["line"].as_u64().unwrap() - line_base,
            d["message"].as_str().unwrap().to_string(),
        )
    };
    let mut got: Vec<_> = diags.iter().map(|d| key(d, 0)).collect();
    let mut want: Vec<_> = want.iter().map(|d| key(d, 1)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(c.shutdown(), Some(0));
}
