//! `gloss lsp` and broken clients: a malformed frame is answered with a
//! JSON-RPC error (id null) or dropped with a line on stderr, and the
//! server keeps serving; `exit` without `shutdown` exits with status 1.

mod common;

use common::lsp::*;
use serde_json::{json, Value};

fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

/// A server with one draft open, `[@okafor2019]` at its start.
fn serving() -> (tempfile::TempDir, Client, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let text = "[@okafor2019] says so.\n";
    std::fs::write(&path, text).unwrap();
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!({}));
    let uri = c.open(&path, text);
    (dir, c, uri)
}

/// A valid request after whatever came before is answered.
fn still_serving(c: &mut Client, uri: &str, what: &str) {
    let r = c.request_raw(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 4}}),
    );
    assert_eq!(
        r["result"]["placeholder"], "okafor2019",
        "after {what}: {r}"
    );
    assert!(c.alive(), "after {what}");
}

fn is_null_id_error(m: &Value) -> bool {
    m.get("method").is_none() && m["id"].is_null() && m.get("error").is_some()
}

#[test]
fn bad_frames_are_answered_and_the_server_keeps_serving() {
    let (_dir, mut c, uri) = serving();
    let deep = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("a body that is not JSON", frame(b"not json")),
        (
            "a JSON batch",
            frame(br#"[{"jsonrpc":"2.0","method":"initialized","params":{}}]"#),
        ),
        ("nesting deeper than 128", frame(deep.as_bytes())),
        ("a number", frame(b"42")),
        ("an object that is no message", frame(br#"{"foo":1}"#)),
        (
            "a body that is not UTF-8",
            frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}"),
        ),
    ];
    for (what, bytes) in bad {
        c.send_raw(&bytes);
        let e = c.wait_for_message(is_null_id_error);
        let code = e["error"]["code"].as_i64().unwrap();
        assert!(code == -32700 || code == -32600, "{what}: {e}");
        still_serving(&mut c, &uri, what);
    }
    assert_eq!(c.shutdown(), Some(0));
}

#[test]
fn broken_headers_are_skipped_and_the_server_keeps_serving() {
    let (_dir, mut c, uri) = serving();
    let note = br#"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}"#;
    let mut extra = format!(
        "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\nX-Extra: yes\r\n\r\n",
        note.len()
    )
    .into_bytes();
    extra.extend_from_slice(note);
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("extra header lines", extra),
        (
            "no Content-Length",
            b"Content-Type: text/plain\r\n\r\n".to_vec(),
        ),
        (
            "a Content-Length that is no number",
            b"Content-Length: many\r\n\r\n".to_vec(),
        ),
        ("a line that is no header", b"hello there\r\n\r\n".to_vec()),
        ("a stray blank line", b"\r\n".to_vec()),
        // A body without its header, glued to the next frame's header.
        (
            "a body without a header",
            br#"{"jsonrpc":"2.0","method":"exit"}"#.to_vec(),
        ),
    ];
    for (what, bytes) in bad {
        c.send_raw(&bytes);
        still_serving(&mut c, &uri, what);
    }
    let log = c.wait_for_stderr(|s| s.contains("Content-Length"));
    assert!(log.contains("gloss: "), "{log}");
    assert_eq!(c.shutdown(), Some(0));
}

/// What `JSON.stringify` writes for half an emoji: a lone surrogate escape
/// decodes to U+FFFD (one UTF-16 unit), and the document opens.
#[test]
fn a_lone_surrogate_escape_decodes_to_a_replacement_character() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), basic_capabilities(), json!({}));
    let u = uri(&path);
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{u}","languageId":"markdown","version":1,"text":"\ud83d \udc00 \\ud83d [@okafor2019]\n"}}}}}}"#
    );
    c.send_raw(&frame(body.as_bytes()));
    // "\ud83d" -> U+FFFD, " ", U+FFFD, " ", then "\\ud83d" (an escaped
    // backslash and "ud83d": 6 characters), " [@": the key at 13.
    let r = c.request_raw(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 15}}),
    );
    assert_eq!(r["result"]["placeholder"], "okafor2019", "{r}");
    assert_eq!(r["result"]["range"]["start"]["character"], 13, "{r}");
    assert_eq!(c.shutdown(), Some(0));
}

/// The peak resident memory of a process, in KiB (Linux).
fn peak_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A 64 MB header line is skipped, not kept: the server's peak memory
/// grows by much less than the line.
#[test]
fn a_huge_header_line_is_skipped_in_bounded_memory() {
    let (_dir, mut c, uri) = serving();
    still_serving(&mut c, &uri, "start");
    let before = peak_kib(c.pid());
    let mut line = vec![b'X'; 64 << 20];
    line.extend_from_slice(b"\r\n\r\n");
    c.send_raw(&line);
    drop(line);
    still_serving(&mut c, &uri, "a 64 MB header line");
    c.wait_for_stderr(|s| s.contains("header line"));
    if let (Some(a), Some(b)) = (before, peak_kib(c.pid())) {
        assert!(b < a + 16 * 1024, "peak memory {a} KiB -> {b} KiB");
    }
    assert_eq!(c.shutdown(), Some(0));
}

/// The protocol: `exit` after `shutdown` is status 0, without it 1.
#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let (_dir, c, _) = serving();
    assert_eq!(c.exit_without_shutdown(), Some(1));
    let (_dir, c, _) = serving();
    assert_eq!(c.shutdown(), Some(0));
}
