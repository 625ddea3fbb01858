//! gloss reads the citations of twelve published JOSS papers exactly as
//! Pandoc does (`citations.json` beside each `paper.md`, in `../shared`).
//! Skipped with a note when `../shared` is absent, unless
//! `GLOSS_REQUIRE_SHARED=1`.

use std::path::PathBuf;

use gloss::syntax::{citations, Mode, Syntax};

fn require_shared() -> bool {
    std::env::var("GLOSS_REQUIRE_SHARED").is_ok_and(|v| v == "1")
}

fn mode_name(m: Mode) -> &'static str {
    match m {
        Mode::Normal => "normal",
        Mode::AuthorInText => "author-in-text",
        Mode::SuppressAuthor => "suppress-author",
    }
}

#[test]
fn joss_papers_match_pandoc() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/joss");
    if !dir.is_dir() {
        assert!(
            !require_shared(),
            "GLOSS_REQUIRE_SHARED=1 but {} is missing",
            dir.display()
        );
        eprintln!(
            "note: {} not found; skipping the JOSS citation test",
            dir.display()
        );
        return;
    }
    let mut papers: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("paper.md").is_file())
        .collect();
    papers.sort();
    assert_eq!(
        papers.len(),
        12,
        "expected twelve papers in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    let mut total = 0;
    for p in &papers {
        let text = std::fs::read_to_string(p.join("paper.md")).unwrap();
        let expected: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(p.join("citations.json")).unwrap())
                .unwrap();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|v| {
                (
                    v["key"].as_str().unwrap().to_string(),
                    v["mode"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let got: Vec<(String, String)> = citations(&text)
            .iter()
            .filter(|c| c.syntax == Syntax::Pandoc)
            .flat_map(|c| c.items.iter())
            .map(|i| (i.key.clone().unwrap(), mode_name(i.mode).to_string()))
            .collect();
        total += expected.len();
        if got != expected {
            let first = got
                .iter()
                .zip(&expected)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(expected.len()));
            failures.push(format!(
                "{}: got {} citations, expected {}; first difference at #{first}: got {:?}, expected {:?}",
                p.display(),
                got.len(),
                expected.len(),
                got.get(first),
                expected.get(first)
            ));
        }
    }
    eprintln!("compared {total} citation items in {} papers", papers.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
