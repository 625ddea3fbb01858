//! Definition, references and rename (filled in by the navigation work).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    GotoDefinitionResponse, Location, Position, PrepareRenameResponse, WorkspaceEdit,
};

use super::state::{Snapshot, WorkspaceDraft};

pub fn definition(_snap: &Snapshot, _pos: Position) -> Result<Option<GotoDefinitionResponse>> {
    Ok(None)
}

pub fn references(
    _snap: &Snapshot,
    _pos: Position,
    _include_declaration: bool,
    _drafts: &[WorkspaceDraft],
) -> Result<Option<Vec<Location>>> {
    Ok(None)
}

pub fn prepare_rename(_snap: &Snapshot, _pos: Position) -> Result<Option<PrepareRenameResponse>> {
    Ok(None)
}

pub fn rename(
    _snap: &Snapshot,
    _pos: Position,
    _new_name: &str,
    _drafts: &[WorkspaceDraft],
) -> Result<Option<WorkspaceEdit>> {
    Ok(None)
}
