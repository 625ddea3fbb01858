//! Citation completion (filled in by the completion work).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CompletionItem, CompletionResponse, Position};

use super::state::Snapshot;

pub fn completion(_snap: &Snapshot, _pos: Position) -> Result<Option<CompletionResponse>> {
    Ok(None)
}

pub fn resolve(_snap: &Snapshot, item: CompletionItem) -> Result<CompletionItem> {
    Ok(item)
}
