//! Running checks for the server, and turning the engine's diagnostics
//! into LSP diagnostics with their evidence as related information.

use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    Location, NumberOrString, Uri,
};

use super::position::line_range;
use super::state::{file_uri, page_location, Snapshot, Workspace};
use gloss::check::{Cancelled, Input};
use gloss::diag::{Diagnostic, Severity};

/// Check a snapshot against its library (synchronous: run off the
/// runtime); `cancelled` is asked between sentences.
pub fn run(
    snap: &Snapshot,
    ws: &Workspace,
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<Diagnostic>, Cancelled> {
    ws.check(
        &Input {
            text: &snap.text,
            draft: &snap.draft,
        },
        &snap.config,
        &snap.path,
        cancelled,
    )
}

/// Whether a document is above the size limit (the `maxDocumentSize`
/// setting): it is not checked.
pub fn too_large(snap: &Snapshot) -> bool {
    snap.text.len() > snap.settings.max_document_bytes()
}

/// The server's own notices about a document, published with its
/// diagnostics: that it is too large to check.
pub fn notices(snap: &Snapshot) -> Option<LspDiagnostic> {
    if !too_large(snap) {
        return None;
    }
    let mb = |b: usize| b as f64 / 1048576.0;
    Some(LspDiagnostic {
        range: line_range(1),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: Some(NumberOrString::String("too-large".into())),
        source: Some("gloss".into()),
        message: format!(
            "checks are off for this file: it is {:.1} MB, above the {:.1} MB of the gloss.maxDocumentSize setting (completion, hover and definition still work)",
            mb(snap.text.len()),
            mb(snap.settings.max_document_bytes())
        ),
        ..Default::default()
    })
}

/// Where the diagnostic codes are documented: the README of the source
/// tree gloss was built from.
pub fn docs_uri(code: &str) -> Option<Uri> {
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let uri = Uri::from_file_path(readme)?;
    format!("{}#{code}", uri.as_str()).parse().ok()
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Where a piece of evidence is: its file and line, or in a PDF the PDF at
/// its page (see [`page_location`]).
fn evidence_location(e: &gloss::diag::Evidence) -> Option<Location> {
    match e.page {
        Some(p) => page_location(&e.path, p.page),
        None => Some(Location::new(file_uri(&e.path)?, line_range(e.line))),
    }
}

/// The LSP form of one diagnostic. Evidence and suggested sources become
/// related information (file and line, one jump away); `data` carries the
/// cited and suggested keys for code actions.
pub fn to_lsp(snap: &Snapshot, d: &Diagnostic) -> LspDiagnostic {
    let mut related = Vec::new();
    for e in &d.evidence {
        if let Some(location) = evidence_location(e) {
            let label = e.label.as_deref().unwrap_or("evidence");
            let message = match e.page {
                Some(_) => format!("{label} ({}): {}", e.place(), e.text),
                None => format!("{label}: {}", e.text),
            };
            related.push(DiagnosticRelatedInformation { location, message });
        }
    }
    for s in &d.suggestions {
        if let Some(e) = &s.evidence {
            if let Some(location) = evidence_location(e) {
                let message = match e.page {
                    Some(_) => format!("suggested: {} ({}) — {}", s.key, e.place(), e.text),
                    None => format!("suggested: {} — {}", s.key, e.text),
                };
                related.push(DiagnosticRelatedInformation { location, message });
            }
        }
    }
    let code = d.code.as_str();
    LspDiagnostic {
        range: snap.range(&d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(code.to_string())),
        code_description: docs_uri(code).map(|href| CodeDescription { href }),
        source: Some("gloss".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({
            "cited": d.cited,
            "suggestions": d.suggestions.iter().map(|s| &s.key).collect::<Vec<_>>(),
        })),
    }
}
