//! Acceptance on the shared data (`../shared`): the reference corpus, the
//! labelled dev drafts, and twelve published papers with Pandoc's reading of
//! their citations. Skipped without `../shared`; mandatory in CI.

mod common;
use common::*;
use serde_json::Value;

#[test]
fn corpus_texts_pair_with_their_entries_by_content() {
    let Some(shared) = shared() else { return };
    let o = run(
        &["index", "--corpus", "corpus", "--format", "json"],
        &shared,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let works = v["works"].as_array().unwrap();
    assert_eq!(works.len(), 5, "{works:#?}");
    for w in works {
        assert_eq!(w["paired_by"], "content", "{w:#}");
        assert!(w["path"].is_string());
        assert!(w["sentences"].as_u64().unwrap() > 50, "{w:#}");
    }
    let he = works
        .iter()
        .find(|w| w["key"] == "he_wang_machine_tools")
        .unwrap();
    assert_eq!(he["year"], Value::Null);
    let texts_warned: Vec<_> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["path"].as_str().unwrap().ends_with(".txt"))
        .collect();
    assert!(texts_warned.is_empty(), "{texts_warned:#?}");
    // Each text is paired with the right entry: its title words open the text.
    for w in works {
        let text = std::fs::read_to_string(shared.join(w["path"].as_str().unwrap())).unwrap();
        let opening: String = text.chars().take(3000).collect::<String>().to_lowercase();
        let family = w["authors"][0]
            .as_str()
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_lowercase();
        assert!(
            opening.contains(&family),
            "{} paired with a text not by {family}",
            w["key"]
        );
    }
}

struct Label {
    file: String,
    line: u64,
    col_start: u64,
    col_end: u64,
    variant: String,
}

fn labels(shared: &std::path::Path) -> Vec<Label> {
    std::fs::read_to_string(shared.join("bench/dev/labels.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            Label {
                file: v["file"].as_str().unwrap().into(),
                line: v["line"].as_u64().unwrap(),
                col_start: v["col_start"].as_u64().unwrap(),
                col_end: v["col_end"].as_u64().unwrap(),
                variant: v["variant"].as_str().unwrap().into(),
            }
        })
        .collect()
}

#[test]
fn dev_drafts_resolve_every_citation_but_second_hand_ones() {
    let Some(shared) = shared() else { return };
    let dev = shared.join("bench/dev");
    let mut drafts: Vec<String> = std::fs::read_dir(&dev)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    drafts.sort();
    let mut args = vec!["check", "--format", "json", "--corpus", "../../corpus"];
    args.extend(drafts.iter().map(String::as_str));
    let o = run(&args, &dev);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    let v = json(&o);
    let labels = labels(&shared);
    let mut unknown_on_secondary = 0;
    for f in v["files"].as_array().unwrap() {
        let file = f["path"].as_str().unwrap();
        for d in f["diagnostics"].as_array().unwrap() {
            let line = d["range"]["start"]["line"].as_u64().unwrap();
            let col = d["range"]["start"]["column"].as_u64().unwrap();
            let label = labels
                .iter()
                .find(|l| {
                    l.file == file && l.line == line && l.col_start <= col && col <= l.col_end
                })
                .unwrap_or_else(|| {
                    panic!("diagnostic outside a labelled sentence: {file}:{line}:{col} {d:#}")
                });
            let code = d["code"].as_str().unwrap();
            if [
                "unknown-citation",
                "citation-year-mismatch",
                "ambiguous-citation",
            ]
            .contains(&code)
            {
                assert_eq!(label.variant, "secondary_orig", "{file}:{line}: {d:#}");
                unknown_on_secondary += 1;
            }
        }
    }
    let secondary = labels
        .iter()
        .filter(|l| l.variant == "secondary_orig")
        .count();
    assert_eq!(
        unknown_on_secondary, secondary,
        "each second-hand citation is an unknown-citation"
    );
}

fn joss_papers(shared: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(shared.join("realworld/joss"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 12);
    dirs
}

#[test]
fn joss_papers_resolve_every_citation_through_front_matter() {
    let Some(shared) = shared() else { return };
    for dir in joss_papers(&shared) {
        let o = run(&["check", "--format", "json", "paper.md"], &dir);
        let v = json(&o);
        let bad: Vec<_> = diagnostics(&v)
            .into_iter()
            .filter(|d| {
                [
                    "unknown-citation",
                    "citation-year-mismatch",
                    "ambiguous-citation",
                ]
                .contains(&d["code"].as_str().unwrap())
            })
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", dir.display());
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}: {}",
            dir.display(),
            stdout(&o)
        );
    }
}

#[test]
fn joss_citations_match_pandoc_exactly() {
    let Some(shared) = shared() else { return };
    for dir in joss_papers(&shared) {
        let expected: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("citations.json")).unwrap())
                .unwrap();
        let o = run(&["citations", "--format", "json", "paper.md"], &dir);
        let v = json(&o);
        let mut got = Vec::new();
        for c in v["citations"].as_array().unwrap() {
            assert_eq!(
                c["syntax"],
                "pandoc",
                "{}: author-year reading in a Pandoc paper: {c:#}",
                dir.display()
            );
            for it in c["items"].as_array().unwrap() {
                got.push(serde_json::json!({"key": it["raw"], "mode": it["mode"]}));
            }
        }
        // Pandoc gives each citation item its own mode (`[@a; -@b]`).
        assert_eq!(got, expected, "{}", dir.display());
    }
}
