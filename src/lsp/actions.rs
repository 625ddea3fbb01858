//! Code actions (filled in by the code-action work).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{CodeActionParams, CodeActionResponse};

use super::state::Snapshot;

pub fn code_actions(
    _snap: &Snapshot,
    _params: &CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    Ok(None)
}
