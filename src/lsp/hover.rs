//! Hover on citations: the engine's text (`gloss::ide::hover`) over the
//! item's range.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::state::{claims_on, Loaded, Snapshot};
use gloss::ide::hover::{citation_hover, evidence, verdict, Verdict};
use gloss::resolve::Resolution;

/// Passages shown from the cited work.
const PASSAGES: usize = 2;

pub fn hover(snap: &Snapshot, pos: Position) -> Result<Option<Hover>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = &snap.library else {
        return Ok(None);
    };
    let draft = &snap.draft;
    let Some((ci, ii)) = gloss::ide::citation_at(draft, offset) else {
        return Ok(entity_hover(snap, loaded, offset));
    };
    let cite = &draft.citations[ci];
    // Between items (on `;` or a bracket): the nearest item.
    let ii = ii.or_else(|| {
        (0..cite.items.len()).min_by_key(|&i| {
            let r = &cite.items[i].range;
            r.start.abs_diff(offset).min(r.end.abs_diff(offset))
        })
    });
    let Some(item) = ii.map(|i| &cite.items[i]) else {
        return Ok(None);
    };
    let lib = &loaded.lib;
    // Keys resolve by lookup; only author-year items need the resolver.
    let resolution = match item.key.as_deref().and_then(|k| lib.index_of(k)) {
        Some(w) => Resolution::Work(w),
        None => gloss::resolve::Resolver::new(lib).resolve(item),
    };
    let sentence = draft
        .sentences
        .iter()
        .position(|s| s.range.start <= cite.range.start && cite.range.end <= s.range.end);
    let (v, ev) = match (&resolution, sentence) {
        (Resolution::Work(w), Some(si)) => {
            let range = &draft.sentences[si].range;
            let v = verdict(
                snap.diagnostics.as_deref().map(|d| d.as_slice()),
                range,
                claims_on(&snap.config),
            );
            // Never build the index for a hover: skip the passages until a check has.
            let ev = loaded.index_if_built().map_or_else(Vec::new, |index| {
                evidence(lib, index, &snap.text, draft, si, *w, PASSAGES)
            });
            (v, ev)
        }
        _ => (Verdict::Unknown, Vec::new()),
    };
    let value = citation_hover(lib, item, &resolution, &v, &ev);
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(snap.range(&item.range)),
    }))
}

/// Hover on a firm, place, person or concept the corpus discusses: what the
/// corpus says about it, per work, with lines.
fn entity_hover(snap: &Snapshot, loaded: &Loaded, offset: usize) -> Option<Hover> {
    let entities = loaded.entities_if_built()?;
    let (i, range) = entities.at(&snap.text, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: entities.summary_markdown(i, &loaded.lib),
        }),
        range: Some(snap.range(&range)),
    })
}
