//! Citation completion: the engine's items (`gloss::ide::complete`) as LSP
//! completion items, and their documentation on `completionItem/resolve`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Position, TextEdit,
};

use super::state::Snapshot;
use gloss::ide::complete;

pub fn completion(snap: &Snapshot, pos: Position) -> Result<Option<CompletionResponse>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = &snap.library else {
        return Ok(None);
    };
    let cat = loaded.catalog();
    let Some(c) = complete::complete(cat, &loaded.lib, &snap.text, offset) else {
        return Ok(None);
    };
    let range = snap.range(&c.range);
    let uri = snap.uri.as_str();
    let items = c
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, it)| {
            let work = &loaded.lib.works[it.work];
            CompletionItem {
                label: it.label,
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(work.key.clone()),
                sort_text: Some(format!("{rank:04}")),
                filter_text: Some(it.filter),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: it.new_text,
                })),
                data: Some(serde_json::json!({"uri": uri, "key": work.key})),
                ..Default::default()
            }
        })
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: c.incomplete,
        items,
    })))
}

pub fn resolve(snap: &Snapshot, mut item: CompletionItem) -> Result<CompletionItem> {
    let Some(loaded) = &snap.library else {
        return Ok(item);
    };
    let key = item
        .data
        .as_ref()
        .and_then(|d| d.get("key"))
        .and_then(|k| k.as_str());
    if let Some(work) = key.and_then(|k| loaded.lib.get(k)) {
        item.documentation = Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: gloss::ide::hover::work_doc(work),
        }));
    }
    Ok(item)
}
