//! Hover: the engine's answer (`gloss::ide::hover`) as Markdown over its range.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::state::{Loaded, Snapshot};
use gloss::ide::Corpus;

/// What editor features may use of a loaded library: never built for them.
pub(super) fn corpus(loaded: &Loaded) -> Corpus<'_> {
    Corpus {
        lib: &loaded.lib,
        index: loaded.index_if_built(),
        entities: loaded.entities_if_built(),
    }
}

pub fn hover(snap: &Snapshot, pos: Position) -> Result<Option<Hover>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = &snap.library else {
        return Ok(None);
    };
    let h = gloss::ide::hover::hover(
        corpus(loaded),
        &snap.text,
        &snap.draft,
        offset,
        snap.diagnostics.as_deref().map(|d| d.as_slice()),
        snap.config.claims_on(),
    );
    Ok(h.map(|h| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(snap.range(&h.range)),
    }))
}
