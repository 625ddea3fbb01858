//! Differential test: `gloss citations` against `pandoc -t json` on every
//! Markdown file the suite can reach (the repository's own documents and
//! examples, the hostile files in `tests/fixtures/pandoc-diff/`, and, with
//! `../shared`, the published JOSS papers and the labelled dev drafts).
//! Any difference in the (key, mode) items of Pandoc citations, or in their
//! order, fails.
//!
//! Known Pandoc quirks the comparison allows for, each on purpose:
//! - Pandoc moves a footnote's content to where the note is referenced; the
//!   comparison reorders gloss's citations the same way (a citation inside a
//!   `[^label]:` definition counts where `[^label]` first stands).
//! - Pandoc drops a footnote definition that is never referenced; gloss
//!   still reads the citations in it (they are in the draft). Such
//!   citations are left out of the comparison.
//! - Citations in YAML front matter (metadata) are not compared: gloss reads
//!   the body only.
//! - Pandoc stores a table's caption before its cells; a caption is written
//!   below its table (as in the hostile files), so it is compared after them.
//! - Files under `quirks/` show where gloss deliberately reads otherwise than
//!   Pandoc 2.17 alone (where Pandoc loses text, and knitr chunks, which
//!   knitr and Quarto run before Pandoc sees the draft); each has its own
//!   expected reading (`QUIRKS`) instead of Pandoc's.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

type Item = (String, String);

fn pandoc_available() -> bool {
    Command::new("pandoc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Cite items of Pandoc's reading, in document order.
fn pandoc_items(path: &Path) -> Vec<Item> {
    let o = Command::new("pandoc")
        .args(["-f", "markdown", "-t", "json"])
        .arg(path)
        .output()
        .expect("run pandoc");
    assert!(
        o.status.success(),
        "pandoc failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut out = Vec::new();
    walk(&v["blocks"], &mut out);
    out
}

fn walk(v: &Value, out: &mut Vec<Item>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
        Value::Object(o) => {
            if o.get("t").and_then(Value::as_str) == Some("Cite") {
                for c in o["c"][0].as_array().unwrap() {
                    let mode = match c["citationMode"]["t"].as_str().unwrap() {
                        "NormalCitation" => "normal",
                        "AuthorInText" => "author-in-text",
                        "SuppressAuthor" => "suppress-author",
                        m => panic!("unknown citation mode {m}"),
                    };
                    out.push((c["citationId"].as_str().unwrap().to_string(), mode.into()));
                }
                // A citation's own text holds no further citations.
                return;
            }
            if let Some(c) = o.get("c") {
                if o.get("t").and_then(Value::as_str) == Some("Table") {
                    // [attr, caption, colspecs, head, bodies, foot]: the
                    // caption stands below the table in the draft.
                    for part in [3, 4, 5, 1] {
                        walk(&c[part], out);
                    }
                    return;
                }
                walk(c, out);
            }
        }
        _ => {}
    }
}

/// One Pandoc citation item as gloss reads it, with its byte offset.
struct GlossItem {
    at: usize,
    key: String,
    mode: String,
}

fn gloss_items(path: &Path, text: &str) -> Vec<GlossItem> {
    let o = common::gloss()
        .args(["--no-cache", "citations", "--format", "json"])
        .arg(path)
        .output()
        .expect("run gloss");
    assert!(
        o.status.success(),
        "gloss citations failed on {}: {}",
        path.display(),
        common::stderr(&o)
    );
    let v = common::json(&o);
    let lines: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |pos: &Value| {
        let line = pos["line"].as_u64().unwrap() as usize - 1;
        let col = pos["column"].as_u64().unwrap() as usize - 1;
        let start = lines[line];
        start
            + text[start..]
                .char_indices()
                .nth(col)
                .map_or(text.len() - start, |(i, _)| i)
    };
    let mut out = Vec::new();
    for c in v["citations"].as_array().unwrap() {
        if c["syntax"] != "pandoc" {
            continue;
        }
        let at = offset(&c["range"]["start"]);
        for it in c["items"].as_array().unwrap() {
            out.push(GlossItem {
                at,
                key: it["raw"].as_str().unwrap().to_string(),
                mode: it["mode"].as_str().unwrap().to_string(),
            });
        }
    }
    out
}

/// Footnote definitions (`[^label]:` and the indented lines after it):
/// label and byte range.
fn note_definitions(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    let mut pos = 0;
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let t = line.trim_end();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if !fenced {
            if let Some(rest) = t.strip_prefix("[^") {
                if let Some((label, _)) = rest.split_once("]:") {
                    if let Some((l, s, e)) = open.take() {
                        out.push((l, s..e));
                    }
                    open = Some((label.to_string(), start, pos));
                    continue;
                }
            }
        }
        if let Some((_, _, end)) = open.as_mut() {
            let indented = line.starts_with("    ") || line.starts_with('\t');
            if t.is_empty() || indented {
                *end = pos;
                continue;
            }
            // A lazy continuation line of the note's first paragraph.
            let prev_blank = text[..start].ends_with("\n\n");
            if !prev_blank {
                *end = pos;
                continue;
            }
            let (l, s, e) = open.take().unwrap();
            out.push((l, s..e));
        }
    }
    if let Some((l, s, e)) = open {
        out.push((l, s..e));
    }
    out
}

/// gloss's items in Pandoc's order: a footnote's citations move to where
/// the note is first referenced; notes never referenced are dropped.
fn in_pandoc_order(text: &str, items: Vec<GlossItem>) -> Vec<Item> {
    let notes = note_definitions(text);
    let mut keyed: Vec<(usize, usize, Item)> = Vec::new();
    for (n, it) in items.into_iter().enumerate() {
        let place = match notes.iter().find(|(_, r)| r.contains(&it.at)) {
            None => Some(it.at),
            Some((label, def)) => {
                let mark = format!("[^{label}]");
                text.match_indices(&mark)
                    .map(|(i, _)| i)
                    .find(|&i| !(def.start <= i && i < def.start + mark.len() + 1))
            }
        };
        if let Some(p) = place {
            keyed.push((p, n, (it.key, it.mode)));
        }
    }
    keyed.sort_by_key(|(p, n, _)| (*p, *n));
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

fn markdown_files(root: &Path, out: &mut Vec<PathBuf>) {
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            !(e.depth() > 0
                && (n.starts_with('.')
                    || n == "target"
                    || n == "node_modules"
                    || n == "fuzz"
                    || n == "quirks"))
        })
        .filter_map(Result::ok)
    {
        let p = e.path();
        let ext = p
            .extension()
            .and_then(|x| x.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if e.file_type().is_file() && matches!(ext.as_str(), "md" | "qmd" | "rmd") {
            out.push(p.to_path_buf());
        }
    }
}

fn compare(files: &[PathBuf]) -> Vec<String> {
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let expected = pandoc_items(path);
        let got = in_pandoc_order(&text, gloss_items(path, &text));
        if got != expected {
            let first = got
                .iter()
                .zip(&expected)
                .position(|(g, e)| g != e)
                .unwrap_or(got.len().min(expected.len()));
            failures.push(format!(
                "{}: gloss read {} items, pandoc {}; first difference at item {first}:\n  gloss:  {:?}\n  pandoc: {:?}",
                path.display(),
                got.len(),
                expected.len(),
                &got[first.min(got.len())..(first + 4).min(got.len())],
                &expected[first.min(expected.len())..(first + 4).min(expected.len())],
            ));
        }
    }
    failures
}

#[test]
fn gloss_reads_citations_exactly_as_pandoc() {
    if !pandoc_available() {
        assert!(
            !common::required(),
            "GLOSS_REQUIRE_SHARED=1 but pandoc is not available"
        );
        common::skip("pandoc_diff", "pandoc not found");
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    markdown_files(repo, &mut files);
    let hostile = files
        .iter()
        .filter(|p| p.starts_with(repo.join("tests/fixtures/pandoc-diff")))
        .count();
    assert!(hostile >= 10, "the hostile files are missing");
    if let Some(shared) = common::shared() {
        for sub in ["realworld/joss", "bench/dev", "bench/corpus3-dev"] {
            markdown_files(&shared.join(sub), &mut files);
        }
    }
    files.sort();
    if let Ok(only) = std::env::var("GLOSS_DIFF_ONLY") {
        files.retain(|p| p.to_string_lossy().contains(&only));
    }
    let failures = compare(&files);
    assert!(
        failures.is_empty(),
        "{} of {} files read differently from Pandoc:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// Where Pandoc 2.17 drops text, gloss reads it: (file under
/// `tests/fixtures/pandoc-diff/quirks/`, what Pandoc does, gloss's keys).
const QUIRKS: &[(&str, &str, &[&str])] = &[
    (
        "bracket-across-blank-line.md",
        "a `[` with no partner in its paragraph is matched with a `]` in a later \
         paragraph; failing as a link, the text between vanishes (here `@k2`)",
        &["k1", "k2", "k3", "k4"],
    ),
    (
        "knitr-chunk-header.md",
        "a fence whose braces are no Pandoc attributes (`{r eval=FALSE}`) is no \
         code block to Pandoc alone, so roxygen tags in it become citations; knitr \
         and Quarto run such chunks before Pandoc sees the draft, and gloss reads \
         them as code",
        &["k1"],
    ),
];

#[test]
fn where_pandoc_drops_text_gloss_reads_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pandoc-diff/quirks");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<String> = QUIRKS.iter().map(|q| q.0.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "every quirk file is listed with its reading");
    for (file, why, keys) in QUIRKS {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let got: Vec<String> = gloss_items(&path, &text)
            .into_iter()
            .map(|i| i.key)
            .collect();
        assert_eq!(&got, keys, "{file} ({why})");
        if pandoc_available() {
            let theirs: Vec<String> = pandoc_items(&path).into_iter().map(|i| i.0).collect();
            if &theirs == keys {
                eprintln!("note: this pandoc no longer has the quirk of {file}: {why}");
            }
        }
    }
}

#[test]
fn footnote_definitions_are_found() {
    let text = "A[^a] b.\n\n[^a]: Note [@x]\n    more @y\n\nBody @z.\n";
    let notes = note_definitions(text);
    assert_eq!(notes.len(), 1);
    assert_eq!(
        &text[notes[0].1.clone()],
        "[^a]: Note [@x]\n    more @y\n\n"
    );
}
