//! The JSON formats other tools read. Shapes are fixed by the README.

use serde_json::{json, Value};

use super::FileReport;
use gloss::check::counts;
use gloss::diag::{Diagnostic, Evidence};
use gloss::text::Pos;

fn pos(p: Pos) -> Value {
    json!({"line": p.line, "column": p.column})
}

pub fn range(start: Pos, end: Pos) -> Value {
    json!({"start": pos(start), "end": pos(end)})
}

fn evidence(e: &Evidence, with_key: bool) -> Value {
    let mut v = json!({"path": e.path.display().to_string(), "line": e.line, "text": e.text});
    if with_key {
        v["key"] = json!(e.key);
    }
    // In a PDF: the page and the line on it (`line` counts the extracted text's).
    if let Some(p) = e.page {
        v["page"] = json!({"page": p.page, "line": p.line});
    }
    v
}

pub fn diagnostic(d: &Diagnostic) -> Value {
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.as_str(),
        "range": range(d.start, d.end),
        "message": d.message,
        "cited": d.cited,
        "suggestions": d.suggestions.iter().map(|s| {
            let mut v = json!({"key": s.key, "score": s.score});
            if let Some(e) = &s.evidence {
                v["evidence"] = evidence(e, false);
            }
            v
        }).collect::<Vec<_>>(),
        "evidence": d.evidence.iter().map(|e| evidence(e, true)).collect::<Vec<_>>(),
    })
}

/// `{"version": 1, "files": [...], "summary": {...}}`
pub fn report(files: &[FileReport]) -> Value {
    let all: Vec<Diagnostic> = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    let (errors, warnings, infos, hints) = counts(&all);
    json!({
        "version": 1,
        "files": files.iter().map(|f| json!({
            "path": f.path,
            "diagnostics": f.diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "summary": {"errors": errors, "warnings": warnings, "infos": infos, "hints": hints},
    })
}
