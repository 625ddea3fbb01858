//! An open document as an editor protocol edits it: its text in a rope,
//! changed by ranges of 0-based lines and columns in a chosen [`Encoding`],
//! with the tree-sitter tree kept in step so that each reparse reuses the
//! old tree, and the draft model ([`Draft`]) built lazily per version.
//!
//! Unlike the rest of [`crate::ide`], this module speaks lines and columns:
//! the protocol's lines, which break at `\n`, `\r\n` and a lone `\r` and
//! nowhere else (a form feed, U+2028, U+2029 or U+0085 is text on a line,
//! whatever Unicode says; the rope is built with ropey's `cr_lines` only).
//! [`Lines`] converts byte offsets of a text to and from such positions.
//! The engine's own line numbers ([`crate::text::LineIndex`]) count `\n`
//! only; tree-sitter's rows too.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tree_sitter::{InputEdit, Point, Tree};

use crate::syntax::{self, Draft};
use crate::text::{column_bytes, Encoding};

/// A 0-based line and a column in some [`Encoding`]'s units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub character: u32,
}

impl LineCol {
    pub fn new(line: u32, character: u32) -> LineCol {
        LineCol { line, character }
    }
}

/// One change of a document: `range` replaced by `text`, or (no range)
/// the whole text replaced.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub range: Option<(LineCol, LineCol)>,
    pub text: &'a str,
}

/// A document's text at one version, and its parse, made on first need:
/// an edit only edits the rope and the old tree, so a request right after
/// a keystroke that needs only the text (completion) never waits for a
/// parse.
pub struct Analysis {
    pub version: i32,
    pub text: Arc<String>,
    /// The previous tree, edited to match `text` (None: parse afresh).
    base: Option<Tree>,
    parsed: OnceLock<(Option<Tree>, Arc<Draft>)>,
}

impl Analysis {
    fn new(version: i32, text: String, base: Option<Tree>) -> Analysis {
        Analysis {
            version,
            text: Arc::new(text),
            base,
            parsed: OnceLock::new(),
        }
    }

    fn parsed(&self) -> &(Option<Tree>, Arc<Draft>) {
        self.parsed.get_or_init(|| {
            let tree = syntax::parse_tree(&self.text, self.base.as_ref());
            let draft = match &tree {
                Some(t) => syntax::parse_with_tree(&self.text, t),
                None => syntax::parse(&self.text),
            };
            (tree, Arc::new(draft))
        })
    }

    /// The parsed draft (parsing now if no one has yet).
    pub fn draft(&self) -> &Arc<Draft> {
        &self.parsed().1
    }

    /// The newest tree to edit: the parsed one, else the edited base.
    fn tree(&self) -> Option<Tree> {
        match self.parsed.get() {
            Some((t, _)) => t.clone(),
            None => self.base.clone(),
        }
    }
}

/// An open document's text and its analysis at the current version.
pub struct Text {
    rope: Rope,
    analysis: Arc<Analysis>,
}

impl Text {
    pub fn new(text: &str, version: i32) -> Text {
        Text {
            rope: Rope::from_str(text),
            analysis: Arc::new(Analysis::new(version, text.to_string(), None)),
        }
    }

    /// Apply the changes of one notification, in order. A change whose
    /// range lies outside the text is clamped to it (clients disagreeing
    /// about the text is a client bug; the next full sync repairs it).
    pub fn apply(&mut self, changes: &[Change<'_>], version: i32, enc: Encoding) {
        // Each kept tree costs a scan of the text per change (its points):
        // a long batch of changes is parsed afresh instead.
        let mut tree = self
            .analysis
            .tree()
            .filter(|_| changes.len() <= MAX_TREE_EDITS);
        for ch in changes {
            match ch.range {
                None => {
                    self.rope = Rope::from_str(ch.text);
                    tree = None;
                }
                Some((a, b)) => {
                    let start = self.byte_of(a, enc);
                    let end = self.byte_of(b, enc).max(start);
                    let sc = self.rope.byte_to_char(start);
                    let ec = self.rope.byte_to_char(end);
                    if let Some(t) = tree.as_mut() {
                        let (start_position, old_end_position) = self.points(start, end);
                        t.edit(&InputEdit {
                            start_byte: start,
                            old_end_byte: end,
                            new_end_byte: start + ch.text.len(),
                            start_position,
                            old_end_position,
                            new_end_position: point_after(start_position, ch.text),
                        });
                    }
                    self.rope.remove(sc..ec);
                    self.rope.insert(sc, ch.text);
                }
            }
        }
        self.analysis = Arc::new(Analysis::new(version, self.rope.to_string(), tree));
    }

    /// The text (and lazily the parse) of the current version.
    pub fn analysis(&self) -> Arc<Analysis> {
        self.analysis.clone()
    }

    /// Byte offset in the rope of a position, clamped to the text.
    fn byte_of(&self, p: LineCol, enc: Encoding) -> usize {
        let line = p.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        start + column_bytes(self.rope.line(line).chars(), p.character as usize, enc)
    }

    /// Tree-sitter's points of two byte offsets (`a <= b`): a row counts
    /// `\n` only and a column counts bytes, whatever the protocol's lines.
    fn points(&self, a: usize, b: usize) -> (Point, Point) {
        let (mut row, mut line_start, mut at) = (0, 0, 0);
        let mut pa = None;
        for chunk in self.rope.byte_slice(..b).chunks() {
            let bytes = chunk.as_bytes();
            if pa.is_none() && at + bytes.len() >= a {
                let before = &bytes[..a - at];
                let (r, s) = rows(before);
                let start = s.map_or(line_start, |s| at + s);
                pa = Some(Point::new(row + r, a - start));
            }
            let (r, s) = rows(bytes);
            row += r;
            if let Some(s) = s {
                line_start = at + s;
            }
            at += bytes.len();
        }
        let pb = Point::new(row, b - line_start);
        (pa.unwrap_or(pb), pb)
    }
}

/// Most changes of one `didChange` that edit the old tree; more are parsed
/// afresh.
const MAX_TREE_EDITS: usize = 16;

/// The `\n`s in `bytes`, and where the line after the last one starts.
fn rows(bytes: &[u8]) -> (usize, Option<usize>) {
    let n = bytes.iter().filter(|&&c| c == b'\n').count();
    let last = (n > 0)
        .then(|| bytes.iter().rposition(|&c| c == b'\n'))
        .flatten();
    (n, last.map(|i| i + 1))
}

/// Tree-sitter's point after `text` inserted at `p`.
fn point_after(p: Point, text: &str) -> Point {
    match rows(text.as_bytes()) {
        (0, _) => Point::new(p.row, p.column + text.len()),
        (n, s) => Point::new(p.row + n, text.len() - s.unwrap_or(0)),
    }
}

/// The start of each line of a text, as the protocol counts lines.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

/// Where the protocol's lines start: after `\n`, after `\r\n`, after a lone
/// `\r`. The engine's line numbers (`gloss::text::LineIndex`) count `\n` only;
/// editors do not.
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines {
            starts: line_starts(text),
        }
    }

    /// The byte range of 0-based `line` without its line break.
    fn line(&self, text: &str, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(text.len(), |&next| {
            let b = &text.as_bytes()[start..next];
            next - if b.ends_with(b"\r\n") { 2 } else { 1 }
        });
        Some(start..end)
    }

    /// The byte offset of a position. A line past the end of the text is an
    /// error (`None`); a character past the end of its line means the end
    /// of the line, as the protocol says; a position inside a character
    /// means the start of that character.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> Option<usize> {
        let r = self.line(text, pos.line as usize)?;
        Some(r.start + column_bytes(text[r].chars(), pos.character as usize, enc))
    }

    /// The position of a byte offset (clamped to the text, and down to a
    /// character boundary).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let on_line = &text[start..offset];
        let character = match enc {
            Encoding::Utf8 => on_line.len(),
            Encoding::Utf16 => on_line.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => on_line.chars().count(),
        };
        LineCol::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, r: &Range<usize>, enc: Encoding) -> (LineCol, LineCol) {
        (
            self.position(text, r.start, enc),
            self.position(text, r.end, enc),
        )
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> Change<'_> {
        Change {
            range: Some((LineCol::new(l0, c0), LineCol::new(l1, c1))),
            text,
        }
    }

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut d = Text::new("中文 😀 text [@a].\n\nSecond (Zhou, 2008).\n", 1);
        // Replace "text" (after 2 CJK + space + emoji (2 units) + space = 6 units).
        d.apply(&[change(0, 6, 0, 10, "claim")], 2, Encoding::Utf16);
        d.apply(&[change(2, 0, 2, 0, "A ")], 3, Encoding::Utf16);
        d.apply(&[change(0, 13, 0, 15, "@b; @c")], 4, Encoding::Utf16);
        let a = d.analysis();
        assert_eq!(
            a.text.as_str(),
            "中文 😀 claim [@b; @c].\n\nA Second (Zhou, 2008).\n"
        );
        assert_eq!(**a.draft(), syntax::parse(&a.text));
        assert_eq!(a.version, 4);
        // UTF-8 positions count bytes.
        d.apply(&[change(2, 0, 2, 2, "")], 5, Encoding::Utf8);
        assert_eq!(
            d.analysis().text.as_str(),
            "中文 😀 claim [@b; @c].\n\nSecond (Zhou, 2008).\n"
        );
    }

    /// The rope's lines are the protocol's (ropey's `unicode_lines`, on by
    /// default, would also break at a form feed, U+2028, U+2029 and U+0085,
    /// and would come back if any crate of the build asked for it).
    #[test]
    fn the_rope_breaks_lines_where_the_protocol_does() {
        let r = Rope::from_str("a\x0cb\u{2028}c\u{2029}d\u{85}e\u{b}f\rg\r\nh\ni");
        assert_eq!(r.len_lines(), 4);
        let mut d = Text::new("p\x0cq\u{2028}r\rs\r\nt", 1);
        d.apply(&[change(1, 1, 2, 0, "-")], 2, Encoding::Utf16);
        assert_eq!(d.analysis().text.as_str(), "p\x0cq\u{2028}r\rs-t");
    }

    #[test]
    fn ranges_past_the_end_are_clamped() {
        let mut d = Text::new("ab", 1);
        d.apply(&[change(5, 0, 9, 9, "!")], 2, Encoding::Utf16);
        assert_eq!(d.analysis().text.as_str(), "ab!");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// The client's view, written apart from the server's: lines start
    /// after `\n`, `\r\n` and a lone `\r`, and nowhere else.
    fn client_position(text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut line = 0;
        let mut start = 0;
        let b = text.as_bytes();
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

    fn regex(r: &str) -> proptest::string::RegexGeneratorStrategy<String> {
        proptest::string::string_regex(r).unwrap()
    }

    const TEXT: &str = "[a 中😀𝔸\n\r\x0c\u{2028}\u{2029}\u{85}@\\[\\];]";

    proptest! {
        /// Any sequence of incremental edits, in either encoding, with every
        /// kind of line break (the protocol's LF, CR LF and lone CR, and the
        /// form feed, U+2028, U+2029 and U+0085 it does not count) and text
        /// outside the BMP, leaves the document equal to the same edits
        /// applied to the client's string, every position of the server's
        /// text equal to the client's, and its (incrementally re-parsed)
        /// draft equal to a fresh parse.
        #[test]
        fn incremental_edits_equal_string_edits(
            start in regex(&format!("{TEXT}{{0,40}}")),
            edits in proptest::collection::vec(
                (0usize..200, 0usize..6, regex(&format!("({TEXT}|<!-- gloss-ignore -->|\\.){{0,6}}"))),
                1..12,
            ),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut doc = Text::new(&start, 1);
            let mut text = start.clone();
            for (v, (at, len, new)) in edits.into_iter().enumerate() {
                let bounds = boundaries(&text);
                let i = at % bounds.len();
                let (a, b) = (bounds[i], bounds[(i + len).min(bounds.len() - 1)]);
                let range = (client_position(&text, a, enc), client_position(&text, b, enc));
                doc.apply(
                    &[Change { range: Some(range), text: &new }],
                    v as i32 + 2,
                    enc,
                );
                text.replace_range(a..b, &new);
                let now = doc.analysis();
                prop_assert_eq!(now.text.as_str(), text.as_str());
                let lines = Lines::new(&now.text);
                for x in boundaries(&text) {
                    let p = client_position(&text, x, enc);
                    prop_assert_eq!(lines.position(&now.text, x, enc), p);
                    prop_assert_eq!(lines.offset(&now.text, p, enc), Some(x));
                }
                // Parse at some versions and not others, as requests do:
                // the next edit starts from the parsed tree or the edited one.
                if v % 3 == 1 {
                    prop_assert_eq!(&**now.draft(), &syntax::parse(&text));
                }
            }
            let last = doc.analysis();
            prop_assert_eq!(&**last.draft(), &syntax::parse(&text));
        }
    }
}
