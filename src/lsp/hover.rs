//! Hover on citations (filled in by the hover work).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Hover, Position};

use super::state::Snapshot;

pub fn hover(_snap: &Snapshot, _pos: Position) -> Result<Option<Hover>> {
    Ok(None)
}
