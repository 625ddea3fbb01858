//! LSP positions and draft byte offsets. A position's `character` counts
//! UTF-8 bytes or UTF-16 code units, as negotiated at `initialize`; its
//! `line` counts the protocol's line breaks, `\n`, `\r\n` and a lone `\r`,
//! and nothing else (a form feed, U+2028, U+2029 or U+0085 is text on a
//! line, whatever Unicode says). Every position the server reads or writes
//! goes through [`Lines`] or the document rope, which count the same way.

use std::ops::Range;

use tower_lsp_server::ls_types::{Position, Range as LspRange};

use gloss::ide::document::{self, LineCol};
pub use gloss::text::Encoding;

/// The engine's line index of a text as the protocol counts lines
/// (`gloss::ide::document::Lines`), speaking LSP positions.
#[derive(Debug, Clone)]
pub struct Lines(document::Lines);

/// The engine's form of a position.
pub fn line_col(p: Position) -> LineCol {
    LineCol::new(p.line, p.character)
}

fn position(p: LineCol) -> Position {
    Position::new(p.line, p.character)
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines(document::Lines::new(text))
    }

    /// The byte offset of a position. A line past the end of the text is an
    /// error (`None`); a character past the end of its line means the end
    /// of the line, as the protocol says; a position inside a character
    /// means the start of that character.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> Option<usize> {
        self.0.offset(text, line_col(pos), enc)
    }

    /// The position of a byte offset (clamped to the text, and down to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        position(self.0.position(text, offset, enc))
    }

    pub fn range(&self, text: &str, r: &Range<usize>, enc: Encoding) -> LspRange {
        let (a, b) = self.0.range(text, r, enc);
        LspRange::new(position(a), position(b))
    }

    pub fn line_count(&self) -> usize {
        self.0.line_count()
    }
}

/// A 1-based line of a file as an LSP range covering that whole line start.
pub fn line_range(line: u32) -> LspRange {
    let l = line.saturating_sub(1);
    LspRange::new(Position::new(l, 0), Position::new(l, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_count_cjk_and_emoji() {
        let text = "# 标题\n中文 😀 [@zhou2008]\r\nend";
        let lines = Lines::new(text);
        let at = text.find("[@").unwrap();
        let p16 = lines.position(text, at, Encoding::Utf16);
        // 中文 (2) + space + 😀 (2 units) + space
        assert_eq!(p16, Position::new(1, 6));
        let p8 = lines.position(text, at, Encoding::Utf8);
        assert_eq!(p8, Position::new(1, 3 + 3 + 1 + 4 + 1));
        assert_eq!(lines.offset(text, p16, Encoding::Utf16), Some(at));
        assert_eq!(lines.offset(text, p8, Encoding::Utf8), Some(at));
    }

    #[test]
    fn past_the_end_of_a_line_is_its_end_and_past_the_text_is_none() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text);
        assert_eq!(
            lines.offset(text, Position::new(0, 99), Encoding::Utf16),
            Some(2)
        );
        assert_eq!(
            lines.offset(text, Position::new(1, 2), Encoding::Utf16),
            Some(6)
        );
        assert_eq!(
            lines.offset(text, Position::new(2, 0), Encoding::Utf16),
            None
        );
        // Inside a surrogate pair: the start of the character.
        let e = "😀x";
        let l = Lines::new(e);
        assert_eq!(l.offset(e, Position::new(0, 1), Encoding::Utf16), Some(0));
        assert_eq!(l.position(e, 2, Encoding::Utf16), Position::new(0, 0));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Text with the characters that make position conversion hard: CJK,
    /// emoji (surrogate pairs in UTF-16), combining marks, CR LF and LF.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just(" "),
                Just("中"),
                Just("😀"),
                Just("e\u{301}"),
                Just("\n"),
                Just("\r\n"),
                Just("[@k]"),
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn offsets_survive_a_round_trip_in_both_encodings(t in text()) {
            let lines = Lines::new(&t);
            for (offset, _) in t.char_indices().chain([(t.len(), ' ')]) {
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    let p = lines.position(&t, offset, enc);
                    // A '\r' before '\n' is the end of its line: positions
                    // there are the same as the line's end.
                    let back = lines.offset(&t, p, enc).unwrap();
                    let same = back == offset
                        || (t[back..].starts_with("\r\n") && offset == back + 1);
                    prop_assert!(same, "{offset} -> {p:?} -> {back} in {t:?}");
                }
            }
        }

        #[test]
        fn utf16_columns_count_code_units(t in text()) {
            let lines = Lines::new(&t);
            for (offset, _) in t.char_indices() {
                let p = lines.position(&t, offset, Encoding::Utf16);
                let start = t[..offset].rfind('\n').map_or(0, |i| i + 1);
                let units: usize = t[start..offset].chars().map(char::len_utf16).sum();
                prop_assert_eq!(p.character as usize, units);
                prop_assert_eq!(p.line as usize, t[..offset].matches('\n').count());
            }
        }

        #[test]
        fn positions_past_a_line_end_are_its_end_and_past_the_text_none(t in text(), extra in 0u32..50) {
            let lines = Lines::new(&t);
            let n = lines.line_count() as u32;
            prop_assert_eq!(lines.offset(&t, Position::new(n, 0), Encoding::Utf16), None);
            let last = n - 1;
            let end = lines.offset(&t, Position::new(last, 10_000 + extra), Encoding::Utf16).unwrap();
            prop_assert_eq!(end, t.len());
        }
    }
}
