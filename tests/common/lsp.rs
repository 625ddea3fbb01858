//! A small LSP client for the integration tests: spawns the real
//! `gloss lsp`, frames JSON-RPC over its stdio, answers the server's own
//! requests (configuration, registration, progress), and keeps every
//! notification it receives for the tests to wait on. The server's stderr
//! is kept too ([`Client::wait_for_stderr`]) and passed to the test's own
//! output, which the test harness shows only when the test fails: a passing
//! run stays quiet, even where a test makes the server panic on purpose.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received so far, in order.
    pub notifications: Vec<Value>,
    /// Answers to `workspace/configuration` requests from the server.
    pub configuration: Value,
    /// Requests the server sent to the client, in order.
    pub server_requests: Vec<Value>,
    /// Everything the server wrote to stderr so far.
    stderr: Arc<Mutex<String>>,
}

pub const TIMEOUT: Duration = Duration::from_secs(60);

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    Some(serde_json::from_slice(&buf).expect("server sent valid JSON"))
}

/// The `file:` URI of a path.
pub fn uri(p: &Path) -> String {
    let p = p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut s = String::from("file://");
    for c in p.to_string_lossy().chars() {
        match c {
            ' ' => s.push_str("%20"),
            '#' => s.push_str("%23"),
            '%' => s.push_str("%25"),
            _ => s.push(c),
        }
    }
    s
}

impl Client {
    /// Start `gloss lsp` in `dir`.
    pub fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    pub fn start_with(dir: &Path, env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("lsp")
            .env("GLOSS_CACHE_DIR", super::test_cache_dir())
            .env("GLOSS_MODEL_DIR", "off")
            .current_dir(dir)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn gloss lsp");
        let stderr = Arc::new(Mutex::new(String::new()));
        let server_stderr = child.stderr.take().unwrap();
        let kept = stderr.clone();
        // Threads spawned by a test write into its captured output.
        std::thread::spawn(move || {
            for line in BufReader::new(server_stderr).lines() {
                let Ok(line) = line else { break };
                eprintln!("{line}");
                let mut kept = kept.lock().unwrap_or_else(|p| p.into_inner());
                kept.push_str(&line);
                kept.push('\n');
            }
        });
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            notifications: Vec::new(),
            configuration: Value::Null,
            server_requests: Vec::new(),
            stderr,
        }
    }

    /// The server's stderr once it satisfies `pred` (within [`TIMEOUT`]).
    pub fn wait_for_stderr(&self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let now = self
                .stderr
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            if pred(&now) {
                return now;
            }
            if Instant::now() > deadline {
                panic!("the server's stderr did not match within {TIMEOUT:?}:\n{now}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Handle one incoming message that is not the awaited response.
    fn handle(&mut self, m: Value) {
        if m.get("id").is_some() && m.get("method").is_some() {
            // A request from the server: answer it.
            let method = m["method"].as_str().unwrap_or_default().to_string();
            let result = match method.as_str() {
                "workspace/configuration" => {
                    let n = m["params"]["items"].as_array().map_or(1, |a| a.len());
                    Value::Array(vec![self.configuration.clone(); n])
                }
                _ => Value::Null,
            };
            let id = m["id"].clone();
            self.server_requests.push(m);
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
        } else if m.get("method").is_some() {
            self.notifications.push(m);
        }
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => panic!("gloss lsp closed its stdout"),
        }
    }

    /// Send a request and wait for its whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method} within {TIMEOUT:?}"));
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.handle(m);
        }
    }

    /// Send a request without waiting for its answer; returns its id
    /// (for [`Client::next_response`] and `$/cancelRequest`).
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next response from the server, whichever request it answers
    /// (the server's own requests and notifications are handled meanwhile).
    pub fn next_response(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response within {TIMEOUT:?}"));
            if m.get("id").is_some() && m.get("method").is_none() {
                return m;
            }
            self.handle(m);
        }
    }

    /// Send a request and return its result, failing on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_raw(method, params);
        if let Some(e) = r.get("error") {
            panic!("{method} failed: {e}");
        }
        r["result"].clone()
    }

    /// Wait for a notification matching `pred`, looking first at those already received
    /// (which are then consumed).
    pub fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == method && pred(&n["params"]))
        {
            return self.notifications.remove(i)["params"].clone();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no {method} notification within {TIMEOUT:?}"));
            if m["method"] == method && m.get("id").is_none() && pred(&m["params"]) {
                return m["params"].clone();
            }
            self.handle(m);
        }
    }

    /// The next `publishDiagnostics` for `uri` (at `version`, when given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let p = self.wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && version.is_none_or(|v| p["version"] == v)
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Initialize with the given client capabilities and options.
    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "root"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, path: &Path, text: &str) -> String {
        let u = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": "markdown", "version": 1, "text": text}}),
        );
        u
    }

    /// `shutdown` then `exit`; returns the exit status code.
    pub fn shutdown(mut self) -> Option<i32> {
        let r = self.request_raw("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("gloss lsp did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client capabilities of a typical editor: UTF-16 only, no pull diagnostics.
pub fn basic_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
        "textDocument": {
            "completion": {"completionItem": {"snippetSupport": false}},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true}
        }
    })
}

/// The line (0-based) and UTF-16 column of the first `needle` in `text`.
pub fn find_pos(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line = text[..at].matches('\n').count() as u32;
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let col: usize = text[start..at].chars().map(char::len_utf16).sum();
    (line, col as u32)
}

/// (code, 0-based line, message) of `gloss check --format json` on a file.
pub fn check_triples(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    let o = super::run(&[&["check", "--format", "json"], args].concat(), dir);
    json_triples(&super::json(&o))
}

/// (code, 0-based line, message) of the first file of `gloss check --format json` output.
pub fn json_triples(v: &Value) -> Vec<(String, u64, String)> {
    let mut out: Vec<(String, u64, String)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap() - 1,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

pub fn lsp_triples(diags: &[Value]) -> Vec<(String, u64, String)> {
    let mut out: Vec<(String, u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic pseudo-random generator (xorshift64) for edit sessions.
pub struct Xorshift(pub u64);

impl Xorshift {
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A random line and a character boundary in it: (line, char index, UTF-16 column).
pub fn random_position(text: &str, rng: &mut Xorshift) -> (u32, usize, u32) {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = rng.below(lines.len() as u64) as usize;
    let chars = lines[line].chars().count();
    let at = rng.below(chars as u64 + 1) as usize;
    let col = lines[line]
        .chars()
        .take(at)
        .map(|c| c.len_utf16() as u32)
        .sum();
    (line as u32, at, col)
}

/// Replace up to three characters at a random place of `text` with one of
/// `pieces`, as an editor would, and return the LSP change (UTF-16).
pub fn random_edit(text: &mut String, rng: &mut Xorshift, pieces: &[&str]) -> Value {
    let (line, at, col) = random_position(text, rng);
    let line_text = text.split('\n').nth(line as usize).unwrap_or_default();
    let chars: Vec<char> = line_text.chars().collect();
    let end = (at + rng.below(4) as usize).min(chars.len());
    let end_col: u32 = chars[..end].iter().map(|c| c.len_utf16() as u32).sum();
    let new = pieces[rng.below(pieces.len() as u64) as usize];
    let line_start: usize = text
        .split('\n')
        .take(line as usize)
        .map(|l| l.len() + 1)
        .sum();
    let start_b: usize = chars[..at].iter().map(|c| c.len_utf8()).sum();
    let end_b: usize = chars[..end].iter().map(|c| c.len_utf8()).sum();
    text.replace_range(line_start + start_b..line_start + end_b, new);
    json!({"range": {"start": {"line": line, "character": col},
                     "end": {"line": line, "character": end_col}},
           "text": new})
}

/// Every kind of line break a client may send, and some that are not line
/// breaks in the protocol (form feed, U+2028, U+2029, U+0085), with text
/// outside the Basic Multilingual Plane (two UTF-16 units a character).
pub const LINE_BREAK_PIECES: &[&str] = &[
    "a", "b c", "\n", "\r\n", "\r", "\x0c", "\u{2028}", "\u{2029}", "\u{85}", "😀", "𝔸x", "中", "",
];

/// Where the protocol's lines start: after `\n`, `\r\n` and a lone `\r`
/// (and nowhere else: not after a form feed, U+2028, U+2029 or U+0085).
/// The client's view of the text, written independently of the server's.
pub fn lsp_line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The (line, UTF-16 character) of a byte offset, as a client counts.
pub fn lsp_position(text: &str, offset: usize) -> (u32, u32) {
    let starts = lsp_line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let col: usize = text[starts[line]..offset]
        .chars()
        .map(char::len_utf16)
        .sum();
    (line as u32, col as u32)
}

/// Replace up to three characters at a random character boundary of
/// `text[..limit]` with one of `pieces`; returns the LSP change (UTF-16
/// positions counted as [`lsp_position`] does) and the new limit.
pub fn random_lsp_edit(
    text: &mut String,
    limit: usize,
    rng: &mut Xorshift,
    pieces: &[&str],
) -> (Value, usize) {
    let bounds: Vec<usize> = text[..limit]
        .char_indices()
        .map(|(i, _)| i)
        .chain([limit])
        // Not between the two characters of a CR LF: no position is there.
        .filter(|&x| !(text[..x].ends_with('\r') && text[x..].starts_with('\n')))
        .collect();
    let i = rng.below(bounds.len() as u64) as usize;
    let j = (i + rng.below(4) as usize).min(bounds.len() - 1);
    let (a, b) = (bounds[i], bounds[j]);
    let new = pieces[rng.below(pieces.len() as u64) as usize];
    let (sl, sc) = lsp_position(text, a);
    let (el, ec) = lsp_position(text, b);
    text.replace_range(a..b, new);
    let change = json!({"range": {"start": {"line": sl, "character": sc},
                                  "end": {"line": el, "character": ec}},
                        "text": new});
    (change, limit - (b - a) + new.len())
}

impl Client {
    /// Write raw bytes to the server's stdin, as a broken client would.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message from the server matching `pred` (others are
    /// handled as usual: requests answered, notifications kept).
    pub fn wait_for_message(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let m = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no matching message within {TIMEOUT:?}"));
            if pred(&m) {
                return m;
            }
            self.handle(m);
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Send `exit` (with no `shutdown` before it) and return the exit status code.
    pub fn exit_without_shutdown(mut self) -> Option<i32> {
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("gloss lsp did not exit after `exit`");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}
