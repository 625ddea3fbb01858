//! The frames a client sends, read before the protocol library sees them.
//!
//! tower-lsp-server's frame reader stops at its first decode error, and the
//! server with it: one body that is not JSON, a batch, nesting deeper than
//! serde_json's limit, a third header line or a lone surrogate escape ended
//! the session. Here every frame is read with bounded memory (a header line
//! is kept up to [`MAX_HEADER_LINE`] bytes, the rest skipped), its body is
//! repaired (a lone surrogate escape becomes U+FFFD) and checked to be one
//! JSON-RPC message, and only such messages reach the library, re-framed
//! with a plain `Content-Length` header. A bad body is answered with a
//! JSON-RPC error whose id is null; a frame with no usable header is
//! dropped; both with a line on stderr. The server then reads the next
//! frame.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Longest header line kept; a longer one is skipped to its end.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// Largest body read; a larger one is skipped (the editor's document is
/// far smaller: a frame this large is a broken client).
const MAX_BODY: u64 = 1 << 30;

/// serde_json's own limit, stated: deeper bodies are parse errors.
pub const MAX_DEPTH: usize = 128;

/// One frame as read.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A JSON-RPC message, as JSON text to hand on.
    Message {
        body: Vec<u8>,
        /// The method of a request or notification.
        method: Option<String>,
        /// Whether it has an id (a request, or a response).
        has_id: bool,
    },
    /// A body that is no JSON-RPC message: answer `code`, log `why`.
    Invalid { code: i64, why: String },
    /// Something that was not a frame, skipped: log `why`.
    Skipped(String),
}

/// A JSON-RPC error response with a null id.
pub fn error_response(code: i64, why: &str) -> Vec<u8> {
    let message = match code {
        -32700 => "Parse error",
        _ => "Invalid request",
    };
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": code, "message": format!("{message}: {why}")},
    });
    frame(&serde_json::to_vec(&body).unwrap_or_default())
}

/// A body framed with a `Content-Length` header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    f.extend_from_slice(body);
    f
}

/// Reads [`Frame`]s from a client's byte stream.
pub struct Frames<R> {
    r: R,
    line: Vec<u8>,
    /// A message read after skipping text, returned after saying so.
    pending: Option<Frame>,
}

/// One header line.
enum Line {
    Text,
    /// Longer than [`MAX_HEADER_LINE`]: skipped to its end.
    TooLong,
}

impl<R: BufRead> Frames<R> {
    pub fn new(r: R) -> Frames<R> {
        Frames {
            r,
            line: Vec::new(),
            pending: None,
        }
    }

    /// The next line into `self.line` (without its line break); `None` at
    /// the end of the input.
    fn read_line(&mut self) -> io::Result<Option<Line>> {
        self.line.clear();
        let n = (&mut self.r)
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(None);
        }
        if self.line.ends_with(b"\n") {
            self.line.pop();
            if self.line.ends_with(b"\r") {
                self.line.pop();
            }
            return Ok(Some(Line::Text));
        }
        if n < MAX_HEADER_LINE {
            // The input ended inside a line.
            return Ok(None);
        }
        self.line.clear();
        self.r.skip_until(b'\n')?;
        Ok(Some(Line::TooLong))
    }

    /// The next frame; `None` at the end of the input.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        if let Some(f) = self.pending.take() {
            return Ok(Some(f));
        }
        let mut length: Option<Result<u64, String>> = None;
        let mut problems: Vec<String> = Vec::new();
        let mut seen = false;
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(None);
            };
            if let Line::TooLong = line {
                problems.push(format!("a header line longer than {MAX_HEADER_LINE} bytes"));
                seen = true;
                continue;
            }
            if self.line.is_empty() {
                if seen {
                    break;
                }
                // A blank line between frames.
                continue;
            }
            seen = true;
            // A header may follow garbage on its line (a body sent without
            // a header runs into the next frame's header).
            let at = find(&self.line.to_ascii_lowercase(), b"content-length:");
            if at.is_some_and(|i| i > 0) {
                problems.push("text that is not a header".into());
            }
            match at {
                Some(i) => {
                    let value = String::from_utf8_lossy(&self.line[i + 15..]);
                    length =
                        Some(value.trim().parse::<u64>().map_err(|_| {
                            format!("a Content-Length that is not a number ({value:?})")
                        }));
                }
                None if is_header(&self.line) => {}
                None => problems.push("text that is not a header".into()),
            }
        }
        let len = match length {
            Some(Ok(n)) => n,
            Some(Err(e)) => return Ok(Some(Frame::Skipped(e))),
            None => {
                problems.push("no Content-Length header".into());
                return Ok(Some(Frame::Skipped(problems.join(", "))));
            }
        };
        if len > MAX_BODY {
            io::copy(&mut (&mut self.r).take(len), &mut io::sink())?;
            return Ok(Some(Frame::Skipped(format!(
                "a message of {len} bytes, more than {MAX_BODY}"
            ))));
        }
        let mut body = Vec::new();
        (&mut self.r).take(len).read_to_end(&mut body)?;
        if (body.len() as u64) < len {
            return Ok(None);
        }
        let frame = check(&body);
        if problems.is_empty() {
            return Ok(Some(frame));
        }
        self.pending = Some(frame);
        Ok(Some(Frame::Skipped(problems.join(", "))))
    }
}

/// Whether a line looks like `Name: value`.
fn is_header(line: &[u8]) -> bool {
    match line.iter().position(|&b| b == b':') {
        Some(i) if i > 0 => line[..i]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        _ => false,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A body as a message to hand on, or why it is none.
pub fn check(body: &[u8]) -> Frame {
    let body = repair_surrogates(body);
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return Frame::Invalid {
                code: -32700,
                why: format!("the message is not JSON ({e})"),
            }
        }
    };
    if depth(&value) > MAX_DEPTH {
        return Frame::Invalid {
            code: -32700,
            why: format!("the message nests deeper than {MAX_DEPTH}"),
        };
    }
    let Value::Object(o) = &value else {
        let what = if value.is_array() {
            "a batch (an array), which the protocol does not use"
        } else {
            "not an object"
        };
        return Frame::Invalid {
            code: -32600,
            why: format!("the message is {what}"),
        };
    };
    let method = o.get("method").and_then(Value::as_str).map(str::to_owned);
    let has_id = o.contains_key("id");
    let ok = serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value.clone()).is_ok();
    if !ok {
        return Frame::Invalid {
            code: -32600,
            why: "the message is no JSON-RPC request, notification or response".into(),
        };
    }
    Frame::Message {
        body: serde_json::to_vec(&value).unwrap_or_default(),
        method,
        has_id,
    }
}

/// The nesting depth of a value's arrays and objects (iteratively: no
/// recursion on input). serde_json refuses deeper than 128 already; this
/// states the limit where the frames are checked.
fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 1)];
    while let Some((v, d)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(a) => Box::new(a.iter()),
            Value::Object(o) => Box::new(o.values()),
            _ => continue,
        };
        max = max.max(d);
        stack.extend(children.map(|x| (x, d + 1)));
    }
    max
}

/// `\uXXXX` escapes of a surrogate not in a pair replaced by `\ufffd`
/// (JavaScript's `JSON.stringify` writes them for half an emoji, and
/// serde_json refuses them), inside JSON strings only.
pub fn repair_surrogates(body: &[u8]) -> Cow<'_, [u8]> {
    fn escape_at(b: &[u8], i: usize) -> Option<u16> {
        let hex = b.get(i..i + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    }
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut i = 0;
    let mut copied = 0;
    while i < body.len() {
        let c = body[i];
        if !in_string {
            in_string = c == b'"';
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_string = false;
                i += 1;
            }
            b'\\' => match escape_at(body, i) {
                Some(u) if high(u) && escape_at(body, i + 6).is_some_and(low) => i += 12,
                Some(u) if high(u) || low(u) => {
                    let o = out.get_or_insert_with(|| Vec::with_capacity(body.len()));
                    o.extend_from_slice(&body[copied..i]);
                    o.extend_from_slice(b"\\ufffd");
                    i += 6;
                    copied = i;
                }
                _ => i += 2,
            },
            _ => i += 1,
        }
    }
    match out {
        Some(mut o) => {
            o.extend_from_slice(&body[copied.min(body.len())..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Valid frames between arbitrary junk (lines that are no frame,
        /// each ended by a blank line) are all read, in order, and the
        /// junk is reported as skipped, never handed on.
        #[test]
        fn frames_survive_junk_between_them(
            parts in proptest::collection::vec(
                (proptest::collection::vec(any::<u8>(), 0..300), 0u32..1000),
                1..8,
            )
        ) {
            let mut input = Vec::new();
            for (junk, id) in &parts {
                let junk: Vec<u8> = junk.iter().copied().filter(|&b| b != b'\n' && b != b'\r').collect();
                if find(&junk.to_ascii_lowercase(), b"content-length").is_none() {
                    input.extend_from_slice(&junk);
                    input.extend_from_slice(b"\r\n\r\n");
                }
                let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m"}}"#);
                input.extend_from_slice(&frame(body.as_bytes()));
            }
            let ids: Vec<u64> = frames(&input)
                .into_iter()
                .filter_map(|f| match f {
                    Frame::Message { body, .. } => {
                        let v: Value = serde_json::from_slice(&body).unwrap();
                        Some(v["id"].as_u64().unwrap())
                    }
                    Frame::Skipped(_) => None,
                    other => panic!("{other:?}"),
                })
                .collect();
            let want: Vec<u64> = parts.iter().map(|(_, id)| *id as u64).collect();
            prop_assert_eq!(ids, want);
        }

        /// Any bytes at all: the reader ends, without panicking.
        #[test]
        fn any_input_is_read_to_its_end(input in proptest::collection::vec(any::<u8>(), 0..2000)) {
            frames(&input);
        }
    }

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut f = Frames::new(input);
        let mut out = Vec::new();
        while let Some(x) = f.next_frame().unwrap() {
            out.push(x);
        }
        out
    }

    fn msg(body: &str) -> Frame {
        check(body.as_bytes())
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let r = |s: &str| String::from_utf8(repair_surrogates(s.as_bytes()).into_owned()).unwrap();
        assert_eq!(r(r#"{"a":"\ud83d"}"#), r#"{"a":"\ufffd"}"#);
        assert_eq!(r(r#"{"a":"\ud83d\ude00"}"#), r#"{"a":"\ud83d\ude00"}"#);
        assert_eq!(r(r#"{"a":"\ude00\ud83d"}"#), r#"{"a":"\ufffd\ufffd"}"#);
        assert_eq!(r(r#"{"a":"\\ud83d"}"#), r#"{"a":"\\ud83d"}"#);
        assert_eq!(r(r#"{"\ud83d":"x\"\udc00"}"#), r#"{"\ufffd":"x\"\ufffd"}"#);
        let v: Value = serde_json::from_slice(&repair_surrogates(br#"["\uD83Dx"]"#)).unwrap();
        assert_eq!(v[0], "\u{fffd}x");
    }

    #[test]
    fn bodies_are_checked() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        assert!(
            matches!(msg(ok), Frame::Message { has_id: true, method: Some(m), .. } if m == "shutdown")
        );
        for (body, code) in [
            ("not json", -32700),
            ("[1]", -32600),
            ("42", -32600),
            (r#"{"foo":1}"#, -32600),
        ] {
            assert!(
                matches!(msg(body), Frame::Invalid { code: c, .. } if c == code),
                "{body}"
            );
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(matches!(msg(&deep), Frame::Invalid { code: -32700, .. }));
    }

    #[test]
    fn headers_are_read_leniently_and_bounded() {
        let body = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let mut input = Vec::new();
        input.extend_from_slice(b"\r\n");
        input.extend_from_slice(
            format!(
                "Content-Type: x; charset=latin1\r\nX-Other: 1\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
        input.extend(std::iter::repeat_n(b'X', 100_000));
        input.extend_from_slice(b"\r\n\r\n");
        input.extend_from_slice(body.as_bytes());
        input.extend_from_slice(&frame(body.as_bytes()));
        input.extend_from_slice(b"Content-Length: 5\r\n\r\nab");
        let got = frames(&input);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(matches!(&got[0], Frame::Message { method: Some(m), .. } if m == "exit"));
        // The long line and the headerless body: skipped, the frame after
        // them read; the short body at the end is the end of the input.
        assert!(matches!(&got[1], Frame::Skipped(w) if w.contains("longer than")));
        assert!(matches!(&got[2], Frame::Skipped(w) if w.contains("not a header")));
        assert!(matches!(&got[3], Frame::Message { .. }));
    }
}
