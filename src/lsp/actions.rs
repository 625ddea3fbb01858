//! Code actions: the engine's fixes for each diagnostic of the current
//! version (`gloss::ide::actions`) as quick fixes.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic as LspDiagnostic, NumberOrString, TextEdit, WorkspaceEdit,
};

use super::diagnostics::to_lsp;
use super::state::Snapshot;
use gloss::ide::actions::{fixes, Fix};

fn action(snap: &Snapshot, fix: Fix, diag: &LspDiagnostic) -> CodeActionOrCommand {
    let text_edits: Vec<TextEdit> = fix
        .edits
        .into_iter()
        .map(|e| TextEdit::new(snap.range(&e.range), e.new_text))
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(snap.uri.clone(), text_edits)])),
            ..Default::default()
        }),
        is_preferred: fix.preferred.then_some(true),
        ..Default::default()
    })
}

pub fn code_actions(
    snap: &Snapshot,
    params: &CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    if let Some(only) = &params.context.only {
        if !only
            .iter()
            .any(|k| k == &CodeActionKind::QUICKFIX || k.as_str().is_empty())
        {
            return Ok(Some(vec![]));
        }
    }
    // Diagnostics of an older version would point at moved text.
    let Some(diags) = snap.diagnostics.as_deref() else {
        return Ok(Some(vec![]));
    };
    let start = snap.offset(params.range.start)?;
    let end = snap.offset(params.range.end)?.max(start);
    let sent: Vec<(String, tower_lsp_server::ls_types::Range)> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(c)) => Some((c.clone(), d.range)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for d in diags {
        let lsp = to_lsp(snap, d);
        let overlaps = d.range.start <= end && start <= d.range.end;
        let named = sent
            .iter()
            .any(|(c, r)| c == d.code.as_str() && *r == lsp.range);
        if !overlaps && !named {
            continue;
        }
        let lib = snap.library.as_deref().map(|l| &l.lib);
        for fix in fixes(&snap.text, &snap.draft, lib, d) {
            out.push(action(snap, fix, &lsp));
        }
    }
    Ok(Some(out))
}
