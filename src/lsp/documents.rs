//! Open documents: the engine's model of an edited text
//! (`gloss::ide::document`: a rope counting the protocol's lines, the
//! tree-sitter tree kept in step, the draft parsed lazily per version),
//! fed with the protocol's changes, and the diagnostics last published.

use std::sync::Arc;

use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::position::{line_col, Encoding};
use gloss::diag::Diagnostic;
use gloss::ide::document::{Change, Text};
use gloss::syntax::Draft;

pub use gloss::ide::document::Analysis;

/// The draft of a snapshot, parsed on first use.
#[derive(Clone)]
pub struct LazyDraft(pub Arc<Analysis>);

impl std::ops::Deref for LazyDraft {
    type Target = Draft;
    fn deref(&self) -> &Draft {
        self.0.draft()
    }
}

pub struct Document {
    text: Text,
    pub version: i32,
    /// The engine's diagnostics last published, with the version they are for.
    pub diagnostics: Option<(i32, Arc<Vec<Diagnostic>>)>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            text: Text::new(text, version),
            version,
            diagnostics: None,
        }
    }

    /// Apply the changes of one `didChange`, in order (a range outside the
    /// text is clamped to it).
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        enc: Encoding,
    ) {
        let changes: Vec<Change<'_>> = changes
            .iter()
            .map(|c| Change {
                range: c.range.map(|r| (line_col(r.start), line_col(r.end))),
                text: &c.text,
            })
            .collect();
        self.text.apply(&changes, version, enc);
        self.version = version;
    }

    /// The text (and lazily the parse) of the current version.
    pub fn analysis(&self) -> Arc<Analysis> {
        self.text.analysis()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    /// The protocol's changes reach the engine's model: a form feed is no
    /// line break, a lone CR is one.
    #[test]
    fn protocol_changes_edit_the_text() {
        let mut d = Document::new("p\x0cq\u{2028}r\rs😀\r\nt", 1);
        d.apply(
            &[TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(1, 1), Position::new(2, 0))),
                range_length: None,
                text: "-".into(),
            }],
            2,
            Encoding::Utf16,
        );
        assert_eq!(d.analysis().text.as_str(), "p\x0cq\u{2028}r\rs-t");
        assert_eq!(d.version, 2);
    }
}
