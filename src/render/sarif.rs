//! SARIF 2.1.0 for code-scanning services: one run, rule ids = diagnostic codes.

use serde_json::{json, Value};

use super::FileReport;
use crate::diag::{Code, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

pub fn report(files: &[FileReport]) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": c.summary()},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        for d in f.diagnostics {
            let related: Vec<Value> = d
                .evidence
                .iter()
                .chain(d.suggestions.iter().filter_map(|s| s.evidence.as_ref()))
                .enumerate()
                .map(|(i, e)| {
                    json!({
                        "id": i,
                        "message": {"text": e.text},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&e.path.display().to_string())},
                            "region": {"startLine": e.line},
                        },
                    })
                })
                .collect();
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            results.push(json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.path)},
                        "region": {
                            "startLine": d.start.line,
                            "startColumn": d.start.column,
                            "endLine": d.end.line,
                            "endColumn": d.end.column,
                        },
                    },
                }],
                "relatedLocations": related,
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gloss",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}
