//! The server's document model (`gloss::ide::document`) under arbitrary
//! edit sequences: every change is applied to the model and to a plain
//! string, its range given as the client counts lines (`\n`, `\r\n`, a lone
//! `\r`, nothing else) in UTF-8 or UTF-16 units. After each step the texts
//! must be equal, every position of the model's line index must be the
//! client's, and the draft parsed from the incrementally edited tree must
//! equal a fresh parse.
//!
//! Input: byte 0 picks the encoding; then a start text (up to the first
//! 0xFF byte, lossy UTF-8), then edits of 3 bytes (where, how many
//! characters to replace, which piece to insert; a piece index past the
//! table takes the next up-to-8 bytes as text).
#![no_main]

use gloss::ide::document::{Change, LineCol, Lines, Text};
use gloss::text::Encoding;
use libfuzzer_sys::fuzz_target;

const PIECES: &[&str] = &[
    "a", " ", "\n", "\r\n", "\r", "\x0c", "\u{2028}", "\u{2029}", "\u{85}", "😀", "𝔸", "中",
    "[@k]", "<!-- gloss-ignore -->", "# ", "", "\"", "`",
];

fn client_position(text: &str, offset: usize, enc: Encoding) -> LineCol {
    let b = text.as_bytes();
    let (mut line, mut start) = (0, 0);
    for i in 0..offset {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = i + 1;
        }
    }
    let units: usize = text[start..offset].chars().map(|c| enc.width(c)).sum();
    LineCol::new(line, units as u32)
}

/// Char boundaries where a position can be: not inside a `\r\n`.
fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&x| !(text[..x].ends_with('\r') && text[x..].starts_with('\n')))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let enc = if first & 1 == 0 { Encoding::Utf16 } else { Encoding::Utf8 };
    let split = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let mut text = String::from_utf8_lossy(&rest[..split]).into_owned();
    let mut ops = rest.get(split + 1..).unwrap_or_default();
    let mut doc = Text::new(&text, 1);
    let mut version = 1;
    while ops.len() >= 3 {
        let (at, len, piece) = (ops[0] as usize, ops[1] as usize % 8, ops[2] as usize);
        ops = &ops[3..];
        let new: String = match PIECES.get(piece) {
            Some(p) => p.to_string(),
            None => {
                let n = (piece % 8).min(ops.len());
                let s = String::from_utf8_lossy(&ops[..n]).into_owned();
                ops = &ops[n..];
                s
            }
        };
        let bounds = boundaries(&text);
        let i = at * bounds.len() / 256;
        let (a, b) = (bounds[i], bounds[(i + len).min(bounds.len() - 1)]);
        let range = (client_position(&text, a, enc), client_position(&text, b, enc));
        version += 1;
        doc.apply(&[Change { range: Some(range), text: &new }], version, enc);
        text.replace_range(a..b, &new);
        let now = doc.analysis();
        assert_eq!(now.text.as_str(), text.as_str());
        let lines = Lines::new(&now.text);
        for x in boundaries(&text) {
            let p = client_position(&text, x, enc);
            assert_eq!(lines.position(&now.text, x, enc), p, "offset {x} of {text:?}");
            assert_eq!(lines.offset(&now.text, p, enc), Some(x), "{p:?} of {text:?}");
        }
        // Parse at some versions only, as requests do: the next edit starts
        // from the parsed tree or from the edited one.
        if version % 3 == 0 {
            assert!(**now.draft() == gloss::syntax::parse(&text), "draft of {text:?}");
        }
    }
    assert!(**doc.analysis().draft() == gloss::syntax::parse(&text), "draft of {text:?}");
});
