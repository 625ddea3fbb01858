//! Inlay hints, semantic tokens and symbols (filled in by the decoration work).

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbolResponse, InlayHint, Range, SemanticTokensLegend, SemanticTokensResult,
    WorkspaceSymbolResponse,
};

use super::state::{Loaded, Snapshot};

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend::default()
}

pub fn inlay_hints(_snap: &Snapshot, _range: Range) -> Result<Option<Vec<InlayHint>>> {
    Ok(None)
}

pub fn semantic_tokens(_snap: &Snapshot) -> Result<Option<SemanticTokensResult>> {
    Ok(None)
}

pub fn document_symbols(_snap: &Snapshot) -> Result<Option<DocumentSymbolResponse>> {
    Ok(None)
}

pub fn workspace_symbols(
    _libs: &[Arc<Loaded>],
    _query: &str,
) -> Result<Option<WorkspaceSymbolResponse>> {
    Ok(None)
}
