//! `gloss lsp` over stdio: the lifecycle, diagnostics equal to `gloss check`,
//! ordering under rapid edits, position encodings, and bad requests.

mod common;

use std::path::{Path, PathBuf};

use common::lsp::*;
use serde_json::json;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

use common::example_copy;

#[test]
fn example_draft_gets_the_same_diagnostics_as_gloss_check() {
    let ex = examples();
    let draft = ex.join("review.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let mut c = Client::start(&ex);
    let init = c.initialize(&ex, basic_capabilities(), json!(null));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    for p in [
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "codeActionProvider",
        "inlayHintProvider",
        "semanticTokensProvider",
        "documentSymbolProvider",
        "workspaceSymbolProvider",
    ] {
        assert!(!caps[p].is_null(), "{p} missing from {caps}");
    }
    assert!(
        caps["diagnosticProvider"].is_null(),
        "push, not pull, for this client"
    );
    let uri = c.open(&draft, &text);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(lsp_triples(&diags), check_triples(&ex, &["review.md"]));
    // Evidence one jump away, and a code description.
    let mis = diags
        .iter()
        .find(|d| d["code"] == "misattributed-claim")
        .expect("the example has a misattributed claim");
    assert_eq!(mis["severity"], 2);
    assert_eq!(mis["source"], "gloss");
    let related = mis["relatedInformation"]
        .as_array()
        .expect("related information");
    assert!(related.iter().any(|r| r["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("papers/lindqvist-cooling.md")));
    assert!(mis["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("README.md#misattributed-claim"));
    assert_eq!(mis["data"]["suggestions"][0], "lindqvist2021cooling");
    // Closing clears the diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(&uri, None).is_empty());
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn the_corpus_is_indexed_with_progress_and_the_log_goes_to_the_client() {
    let ex = examples();
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let uri = c.open(&ex.join("review.md"), "A claim [@okafor2019].\n");
    c.diagnostics(&uri, Some(1));
    assert!(c
        .server_requests
        .iter()
        .any(|r| r["method"] == "window/workDoneProgress/create"));
    let begin = c.wait_for("$/progress", |p| p["value"]["kind"] == "begin");
    assert!(begin["value"]["title"]
        .as_str()
        .unwrap()
        .contains("indexing"));
    let end = c.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert!(end["value"]["message"].as_str().unwrap().contains("works"));
    c.wait_for("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("ready")
    });
    assert!(c
        .server_requests
        .iter()
        .any(|r| r["method"] == "client/registerCapability"));
}

#[test]
fn two_hundred_rapid_edits_end_with_the_diagnostics_of_the_final_text() {
    let dir = example_copy();
    let draft = dir.path().join("review.md");
    let mut text = std::fs::read_to_string(&draft).unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!({"debounce": 50}));
    let uri = c.open(&draft, &text);
    c.diagnostics(&uri, Some(1));
    // Deterministic pseudo-random edits: insertions, deletions and
    // replacements, some breaking and mending citations, with CJK text.
    let pieces = [
        "x",
        " [@okafor2019]",
        "中文",
        "",
        "(Chen, 2020b) ",
        "😀",
        "\n",
        "@nobody1999 ",
    ];
    let mut rng = Xorshift(0x9e3779b97f4a7c15);
    for v in 2..=201 {
        let change = random_edit(&mut text, &mut rng, &pieces);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}),
        );
    }
    let diags = c.diagnostics(&uri, Some(201));
    std::fs::write(&draft, &text).unwrap();
    assert_eq!(
        lsp_triples(&diags),
        check_triples(dir.path(), &["review.md"]),
        "diagnostics after 200 edits differ from gloss check of the final text"
    );
    // No diagnostics were published for stale versions after a newer one.
    let versions: Vec<i64> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
        .filter_map(|n| n["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
}

#[test]
fn utf8_is_negotiated_and_positions_count_bytes() {
    let ex = examples();
    let text = "# 标题\n\n中文 😀 [@nobody1999] claims.\n";
    for (offer, want, col) in [
        // The range starts at `@`, after "中文 😀 [".
        (json!(["utf-8", "utf-16"]), "utf-8", 3 + 3 + 1 + 4 + 1 + 1),
        (json!(["utf-16"]), "utf-16", 2 + 1 + 2 + 1 + 1),
    ] {
        let mut c = Client::start(&ex);
        let mut caps = basic_capabilities();
        caps["general"]["positionEncodings"] = offer;
        let init = c.initialize(&ex, caps, json!(null));
        assert_eq!(init["capabilities"]["positionEncoding"], want);
        let uri = c.open(&ex.join("draft.md"), text);
        let diags = c.diagnostics(&uri, Some(1));
        let unknown = diags
            .iter()
            .find(|d| d["code"] == "unknown-citation")
            .expect("unknown citation");
        assert_eq!(
            unknown["range"]["start"],
            json!({"line": 2, "character": col})
        );
    }
}

#[test]
fn bad_requests_get_errors_and_the_server_keeps_serving() {
    let ex = examples();
    let mut c = Client::start_with(&ex, &[("GLOSS_LSP_TEST_PANIC", "document symbols")]);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let uri = c.open(&ex.join("review.md"), "One line [@okafor2019].\n");
    c.diagnostics(&uri, Some(1));
    let pos = |uri: &str, line: u32, ch: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": ch}});
    // Unknown document.
    let r = c.request_raw("textDocument/hover", pos("file:///nowhere/x.md", 0, 0));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(r["error"]["message"].as_str().unwrap().contains("not open"));
    // Past the end.
    let r = c.request_raw("textDocument/hover", pos(&uri, 99, 0));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("past the end"));
    // Invalid params.
    let r = c.request_raw("textDocument/hover", json!({"textDocument": 7}));
    assert!(r.get("error").is_some(), "{r}");
    // Unknown method.
    let r = c.request_raw("gloss/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // A panicking handler: an error response and a log line.
    let r = c.request_raw(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["error"]["code"], -32603, "{r}");
    c.wait_for("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("test panic")
    });
    // On stderr too: the panic itself and the log line (kept out of a passing
    // run's output: the client captures the server's stderr).
    let stderr = c.wait_for_stderr(|s| {
        s.contains("gloss: document symbols failed: test panic in document symbols")
    });
    assert!(
        stderr.contains("panicked at") && stderr.contains("test panic in document symbols"),
        "{stderr}"
    );
    // didChange for a document never opened, with a range past the end of an open one.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere/y.md", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 50, "character": 0}, "end": {"line": 60, "character": 3}}, "text": " Next [@nobody1999]."}]}),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert!(
        diags.iter().any(|d| d["code"] == "unknown-citation"),
        "{diags:?}"
    );
    // Still serving.
    let r = c.request_raw("textDocument/hover", pos(&uri, 0, 12));
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn settings_come_from_workspace_configuration_and_change_the_checks() {
    let ex = examples();
    let text = std::fs::read_to_string(ex.join("review.md")).unwrap();
    let mut c = Client::start(&ex);
    c.configuration =
        json!({"severity": {"misattributed-claim": "off", "unknown-citation": "hint"}});
    c.initialize(&ex, basic_capabilities(), json!(null));
    let uri = c.open(&ex.join("review.md"), &text);
    let diags = c.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["code"] != "misattributed-claim"));
    let unknown = diags
        .iter()
        .find(|d| d["code"] == "unknown-citation")
        .unwrap();
    assert_eq!(unknown["severity"], 4);
    // The user turns it back on.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"severity": {}}}}),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert!(diags.iter().any(|d| d["code"] == "misattributed-claim"));
}

#[test]
fn a_changed_bibliography_is_reloaded_and_open_drafts_rechecked() {
    let dir = example_copy();
    let draft = dir.path().join("review.md");
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!(null));
    let uri = c.open(&draft, "A claim [@newkey2024].\n");
    let d = c.diagnostics(&uri, Some(1));
    assert!(d.iter().any(|d| d["code"] == "unknown-citation"));
    let bib = dir.path().join("corpus/references.bib");
    let mut b = std::fs::read_to_string(&bib).unwrap();
    b.push_str("\n@article{newkey2024,\n  author = {New, Ann},\n  title = {A New Paper},\n  year = {2024}\n}\n");
    std::fs::write(&bib, b).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&bib), "type": 2}]}),
    );
    let d = c.diagnostics(&uri, Some(1));
    assert!(d.iter().all(|d| d["code"] != "unknown-citation"), "{d:?}");
}

/// While a changed corpus is loaded again (slowed here to 1.5 s), completion
/// and hover answer from the library loaded before, not from nothing.
#[test]
fn requests_are_served_from_the_old_library_while_the_new_one_loads() {
    let dir = example_copy();
    let draft = dir.path().join("review.md");
    let mut c = Client::start_with(dir.path(), &[("GLOSS_LSP_TEST_LOAD_DELAY_MS", "1500")]);
    c.initialize(dir.path(), basic_capabilities(), json!(null));
    let text = "Street trees [@okaf\n";
    let uri = c.open(&draft, text);
    c.diagnostics(&uri, Some(1));
    let complete = |c: &mut Client| {
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 19}}),
        );
        let items = r
            .get("items")
            .unwrap_or(&r)
            .as_array()
            .cloned()
            .unwrap_or_default();
        // Each item as text: its label names the work, its edit the key.
        items.iter().map(|i| i.to_string()).collect::<Vec<_>>()
    };
    let first = complete(&mut c);
    assert!(first.iter().any(|l| l.contains("okafor2019")), "{first:?}");
    let bib = dir.path().join("corpus/references.bib");
    let mut b = std::fs::read_to_string(&bib).unwrap();
    b.push_str("\n@article{okafor2030later,\n  author = {Okafor, Ada},\n  title = {Later},\n  year = {2030}\n}\n");
    std::fs::write(&bib, b).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&bib), "type": 2}]}),
    );
    // The reload takes 1.5 s; meanwhile the old library answers.
    let started = std::time::Instant::now();
    let labels = complete(&mut c);
    assert!(started.elapsed() < std::time::Duration::from_millis(1000));
    assert!(
        labels.iter().any(|l| l.contains("okafor2019")),
        "{labels:?}"
    );
    // Once reloaded, the new entry is there too.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let labels = complete(&mut c);
        if labels.iter().any(|l| l.contains("okafor2030later")) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never reloaded: {labels:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// A cold start: the whole library (slowed here to a minute, as reading a
/// large corpus's texts for the first time takes seconds) is not needed for
/// completion and hover, which answer from the bibliography entries read
/// alone; a key that only a text could give is not called unresolved
/// meanwhile, and nothing is checked until the whole library is in.
#[test]
fn completion_and_hover_answer_from_the_entries_while_a_cold_library_loads() {
    let dir = example_copy();
    let draft = dir.path().join("review.md");
    let mut c = Client::start_with(dir.path(), &[("GLOSS_LSP_TEST_LOAD_DELAY_MS", "60000")]);
    let init = c.initialize(dir.path(), basic_capabilities(), json!(null));
    let text = "Street trees [@okafor2019; @nokey2024] and [@okaf\n";
    let uri = c.open(&draft, text);
    let started = std::time::Instant::now();
    let labels = loop {
        let r = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 49}}),
        );
        let items = r
            .get("items")
            .unwrap_or(&r)
            .as_array()
            .cloned()
            .unwrap_or_default();
        if !items.is_empty() {
            break items.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        }
        // Well before the whole library could be in.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no completion"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(
        labels.iter().any(|l| l.contains("okafor2019")),
        "{labels:?}"
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 17}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("okafor2019"), "{hover}");
    // Semantic tokens: the unknown key gets no "unresolved" modifier yet.
    let tokens = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let legend = init["capabilities"]["semanticTokensProvider"]["legend"]["tokenModifiers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let unresolved = legend
        .iter()
        .position(|m| m == "unresolved")
        .expect("the legend names the unresolved modifier");
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert!(!data.is_empty());
    assert!(
        data.chunks(5).all(|t| t[4] & (1 << unresolved) == 0),
        "{data:?}"
    );
    assert!(
        c.notifications
            .iter()
            .all(|n| n["method"] != "textDocument/publishDiagnostics"),
        "nothing is checked against the entries alone"
    );
}

/// A client that cannot watch files for the server (Neovim on Linux): the
/// server notices the changed bibliography itself.
#[test]
fn without_client_watchers_the_server_notices_a_changed_bibliography() {
    let dir = example_copy();
    let draft = dir.path().join("review.md");
    let mut c = Client::start(dir.path());
    let mut caps = basic_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": false});
    c.initialize(dir.path(), caps, json!(null));
    let uri = c.open(&draft, "A claim [@newkey2024].\n");
    let d = c.diagnostics(&uri, Some(1));
    assert!(d.iter().any(|d| d["code"] == "unknown-citation"));
    assert!(c
        .server_requests
        .iter()
        .all(|r| r["method"] != "client/registerCapability"));
    let bib = dir.path().join("corpus/references.bib");
    let mut b = std::fs::read_to_string(&bib).unwrap();
    b.push_str("\n@article{newkey2024,\n  author = {New, Ann},\n  title = {A New Paper},\n  year = {2024}\n}\n");
    std::fs::write(&bib, b).unwrap();
    let d = c.diagnostics(&uri, Some(1));
    assert!(d.iter().all(|d| d["code"] != "unknown-citation"), "{d:?}");
}

fn uri_of(p: &Path) -> String {
    common::lsp::uri(p)
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let ex = examples();
    let text = std::fs::read_to_string(ex.join("review.md")).unwrap();
    let mut c = Client::start(&ex);
    let mut caps = basic_capabilities();
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    let init = c.initialize(&ex, caps, json!(null));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "gloss"
    );
    let uri = c.open(&ex.join("review.md"), &text);
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full");
    let items = r["items"].as_array().unwrap().clone();
    assert_eq!(lsp_triples(&items), check_triples(&ex, &["review.md"]));
    // No pushed diagnostics for a pulling client.
    assert!(c
        .notifications
        .iter()
        .all(|n| n["method"] != "textDocument/publishDiagnostics"));
    // New settings: the client is asked to pull again.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"gloss": {"severity": {"misattributed-claim": "off"}}}}),
    );
    let mut asked = false;
    for _ in 0..100 {
        c.request("workspace/symbol", json!({"query": "x"}));
        asked = c
            .server_requests
            .iter()
            .any(|r| r["method"] == "workspace/diagnostic/refresh");
        if asked {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        asked,
        "no workspace/diagnostic/refresh after a settings change"
    );
    let r = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(r["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["code"] != "misattributed-claim"));
}

/// The dev drafts of `../shared`, opened with the corpus from
/// `initializationOptions`, get exactly what `gloss check` reports.
#[test]
fn shared_dev_drafts_match_gloss_check() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dev = shared.join("bench/dev");
    let corpus = shared.join("corpus");
    let mut c = Client::start(&dev);
    c.initialize(
        &dev,
        basic_capabilities(),
        json!({"corpus": corpus.to_str().unwrap()}),
    );
    for name in ["dev-01.md", "dev-06.md"] {
        let path = dev.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let uri = c.open(&path, &text);
        let diags = c.diagnostics(&uri, Some(1));
        let want = check_triples(&dev, &["--corpus", corpus.to_str().unwrap(), name]);
        assert!(!want.is_empty());
        assert_eq!(lsp_triples(&diags), want, "{name}");
    }
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn a_one_megabyte_line_is_served() {
    let ex = examples();
    let sentence = "Street trees cool the air in summer afternoons [@okafor2019]. ";
    let mut text = sentence.repeat(1_000_000 / sentence.len());
    text.push_str("See [@oka");
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let t = std::time::Instant::now();
    let uri = c.open(&ex.join("huge.md"), &text);
    c.diagnostics(&uri, Some(1));
    eprintln!("1 MB line: diagnostics after {:?}", t.elapsed());
    let end = text.chars().map(char::len_utf16).sum::<usize>();
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": end}}),
    );
    let items = r["items"]
        .as_array()
        .or(r.as_array())
        .cloned()
        .unwrap_or_default();
    assert!(items.iter().any(|i| i["textEdit"]["newText"]
        .as_str()
        .is_some_and(|t| t.contains("okafor2019"))));
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 50}}),
    );
    assert!(r["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .contains("Okafor"));
    assert_eq!(c.shutdown(), Some(0));
}

/// Right after an edit, before the debounced check, code actions are still
/// offered: the server checks the new version first.
#[test]
fn code_actions_right_after_an_edit() {
    let ex = examples();
    let text = std::fs::read_to_string(ex.join("review.md")).unwrap();
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!({"debounce": 5000}));
    let uri = c.open(&ex.join("review.md"), &text);
    let d = c.diagnostics(&uri, Some(1));
    let mis = d
        .iter()
        .find(|d| d["code"] == "misattributed-claim")
        .unwrap()
        .clone();
    let line = mis["range"]["start"]["line"].as_u64().unwrap();
    // An edit on the first line; the check waits 5 s.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": ""}]}),
    );
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("Cite ")), "{titles:?}");
}

/// Hover on a place or concept the corpus discusses, and workspace symbols
/// for it.
#[test]
fn entities_show_on_hover_and_as_workspace_symbols() {
    let ex = examples();
    let text = "# Notes\n\nValdora lost most of its tree cooling in the drought.\n";
    let mut c = Client::start(&ex);
    c.initialize(&ex, basic_capabilities(), json!(null));
    let uri = c.open(&ex.join("notes.md"), text);
    c.diagnostics(&uri, Some(1));
    let (line, col) = find_pos(text, "Valdora");
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col + 2}}),
    );
    let value = r["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("Valdora"), "{r}");
    assert!(
        value.contains("Marchetti"),
        "the work that discusses it: {value}"
    );
    assert!(value.contains("line"), "traceable to lines: {value}");
    assert_eq!(r["range"]["start"]["character"], col);
    let r = c.request("workspace/symbol", json!({"query": "valdora"}));
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(names.contains(&"Valdora"), "{names:?}");
    // Plain prose that names nothing: no hover.
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert!(r.is_null(), "{r}");
}
