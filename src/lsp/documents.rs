//! Open documents: text in a rope, edited incrementally, with the
//! tree-sitter tree kept in step so that each reparse reuses the old tree.
//! The draft model (`Draft`) is built lazily per version and shared.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};
use tree_sitter::{InputEdit, Point, Tree};

use super::position::Encoding;
use gloss::diag::Diagnostic;
use gloss::syntax::{self, Draft};

/// A document's text and parse at one version.
pub struct Analysis {
    pub version: i32,
    pub text: Arc<String>,
    pub draft: Arc<Draft>,
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language: String,
    tree: Option<Tree>,
    analysis: Option<Arc<Analysis>>,
    /// The engine's diagnostics last published, with the version they are for.
    pub diagnostics: Option<(i32, Arc<Vec<Diagnostic>>)>,
}

impl Document {
    pub fn new(text: &str, version: i32, language: String) -> Document {
        let tree = syntax::parse_tree(text, None);
        Document {
            rope: Rope::from_str(text),
            version,
            language,
            tree,
            analysis: None,
            diagnostics: None,
        }
    }

    /// Apply the changes of one `didChange`, in order. A change whose range
    /// lies outside the text is clamped to it (clients disagreeing about
    /// the text is a client bug; the next full sync repairs it).
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        enc: Encoding,
    ) {
        for ch in changes {
            match ch.range {
                None => {
                    self.rope = Rope::from_str(&ch.text);
                    self.tree = None;
                }
                Some(r) => {
                    let start = self.byte_of(r.start, enc);
                    let end = self.byte_of(r.end, enc).max(start);
                    let start_position = self.point(start);
                    let old_end_position = self.point(end);
                    let sc = self.rope.byte_to_char(start);
                    let ec = self.rope.byte_to_char(end);
                    self.rope.remove(sc..ec);
                    self.rope.insert(sc, &ch.text);
                    let new_end = start + ch.text.len();
                    let new_end_position = self.point(new_end);
                    if let Some(t) = self.tree.as_mut() {
                        t.edit(&InputEdit {
                            start_byte: start,
                            old_end_byte: end,
                            new_end_byte: new_end,
                            start_position,
                            old_end_position,
                            new_end_position,
                        });
                    }
                }
            }
        }
        self.version = version;
        self.analysis = None;
        let text = self.rope.to_string();
        self.tree = syntax::parse_tree(&text, self.tree.as_ref());
        self.analysis = Some(Arc::new(self.build(text)));
    }

    fn build(&self, text: String) -> Analysis {
        let draft = match &self.tree {
            Some(t) => syntax::parse_with_tree(&text, t),
            None => syntax::parse(&text),
        };
        Analysis {
            version: self.version,
            text: Arc::new(text),
            draft: Arc::new(draft),
        }
    }

    /// The text and parse of the current version.
    pub fn analysis(&mut self) -> Arc<Analysis> {
        if let Some(a) = &self.analysis {
            return a.clone();
        }
        let a = Arc::new(self.build(self.rope.to_string()));
        self.analysis = Some(a.clone());
        a
    }

    /// Byte offset in the rope of an LSP position, clamped to the text.
    fn byte_of(&self, p: Position, enc: Encoding) -> usize {
        let line = p.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        let mut units = 0usize;
        let mut bytes = 0usize;
        for c in self.rope.line(line).chars() {
            if c == '\n' || c == '\r' {
                break;
            }
            let w = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + w > p.character as usize {
                break;
            }
            units += w;
            bytes += c.len_utf8();
        }
        start + bytes
    }

    fn point(&self, byte: usize) -> Point {
        let line = self.rope.byte_to_line(byte);
        Point::new(line, byte - self.rope.line_to_byte(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut d = Document::new(
            "中文 😀 text [@a].\n\nSecond (Zhou, 2008).\n",
            1,
            "markdown".into(),
        );
        // Replace "text" (after 2 CJK + space + emoji (2 units) + space = 6 units).
        d.apply(&[change(0, 6, 0, 10, "claim")], 2, Encoding::Utf16);
        d.apply(&[change(2, 0, 2, 0, "A ")], 3, Encoding::Utf16);
        d.apply(&[change(0, 12, 0, 16, "@b; @c")], 4, Encoding::Utf16);
        let a = d.analysis();
        assert_eq!(
            a.text.as_str(),
            "中文 😀 claim [@b; @c].\n\nA Second (Zhou, 2008).\n"
        );
        assert_eq!(*a.draft, syntax::parse(&a.text));
        assert_eq!(a.version, 4);
        // UTF-8 positions count bytes.
        d.apply(&[change(2, 0, 2, 2, "")], 5, Encoding::Utf8);
        assert_eq!(
            d.analysis().text.as_str(),
            "中文 😀 claim [@b; @c].\n\nSecond (Zhou, 2008).\n"
        );
    }

    #[test]
    fn ranges_past_the_end_are_clamped() {
        let mut d = Document::new("ab", 1, "markdown".into());
        d.apply(&[change(5, 0, 9, 9, "!")], 2, Encoding::Utf16);
        assert_eq!(d.analysis().text.as_str(), "ab!");
    }
}
