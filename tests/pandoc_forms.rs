//! Every Pandoc citation form in `tests/fixtures/pandoc-forms.md`, read by
//! gloss and by the `pandoc` binary: keys, modes, prefixes and suffixes must
//! agree. Runs when `pandoc` is on PATH; fails without it when
//! `GLOSS_REQUIRE_SHARED=1`.

mod common;

use std::process::Command;

use gloss::syntax::{citations, Mode, Syntax};
use serde_json::Value;

fn stringify(v: &Value) -> String {
    match v {
        Value::Array(a) => a.iter().map(stringify).collect(),
        Value::Object(o) => {
            let c = o.get("c");
            match o.get("t").and_then(Value::as_str).unwrap_or("") {
                "Str" => c.and_then(Value::as_str).unwrap_or("").to_string(),
                "Space" | "SoftBreak" | "LineBreak" => " ".into(),
                "Emph" | "Strong" | "Strikeout" | "Superscript" | "Subscript" | "SmallCaps"
                | "Underline" => c.map(stringify).unwrap_or_default(),
                "Code" | "Math" => c.and_then(|c| c[1].as_str()).unwrap_or("").to_string(),
                "Link" | "Image" | "Span" | "Cite" | "Quoted" => {
                    c.map(|c| stringify(&c[1])).unwrap_or_default()
                }
                _ => String::new(),
            }
        }
        _ => String::new(),
    }
}

fn walk(v: &Value, out: &mut Vec<(String, String, String, String)>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
        Value::Object(o) => {
            if o.get("t").and_then(Value::as_str) == Some("Cite") {
                for c in o["c"][0].as_array().unwrap() {
                    out.push((
                        c["citationId"].as_str().unwrap().to_string(),
                        c["citationMode"]["t"].as_str().unwrap().to_string(),
                        stringify(&c["citationPrefix"]),
                        stringify(&c["citationSuffix"]),
                    ));
                }
            }
            o.values().for_each(|x| walk(x, out));
        }
        _ => {}
    }
}

/// Pandoc's smart punctuation, undone: gloss keeps the text as written.
fn plain(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .replace('\u{2013}', "-")
        .replace('\u{2014}', "--")
}

#[test]
fn pandoc_forms_match_pandoc() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pandoc-forms.md"
    );
    let output = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "json", path])
        .output();
    let output = match output {
        Ok(o) if o.status.success() => o,
        _ => {
            assert!(
                !common::required(),
                "GLOSS_REQUIRE_SHARED=1 but pandoc is not available"
            );
            common::skip("pandoc_forms", "pandoc not found");
            return;
        }
    };
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut expected = Vec::new();
    walk(&json["blocks"], &mut expected);
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, m, p, s)| (k, m, plain(&p), plain(&s)))
        .collect();
    let text = std::fs::read_to_string(path).unwrap();
    let got: Vec<_> = citations(&text)
        .into_iter()
        .filter(|c| c.syntax == Syntax::Pandoc)
        .flat_map(|c| c.items)
        .map(|i| {
            let mode = match i.mode {
                Mode::Normal => "NormalCitation",
                Mode::AuthorInText => "AuthorInText",
                Mode::SuppressAuthor => "SuppressAuthor",
            };
            (i.key.unwrap(), mode.to_string(), i.prefix, i.suffix)
        })
        .collect();
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "got {got:#?}\nexpected {expected:#?}"
    );
}
