//! Author-year prose through the binary: real citation forms are all read
//! and resolved; capitalised phrases with a year ("the Great Recession
//! (2008)", "World War II (1945)") never give an error.

mod common;
use common::*;
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/author-year")
}

fn items(file: &str) -> Vec<serde_json::Value> {
    let o = run(&["citations", "--format", "json", file], &fixtures());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json(&o)["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["syntax"] == "author-year")
        .flat_map(|c| c["items"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn real_author_year_forms_are_read_and_resolved() {
    let got = items("citations.md");
    assert!(got.len() >= 40, "only {} forms read", got.len());
    let unresolved: Vec<_> = got.iter().filter(|i| i["key"].is_null()).collect();
    assert!(unresolved.is_empty(), "{unresolved:#?}");
    // Possessives resolve to their works.
    for (raw, key) in [
        ("Zhou (2008)", "zhou2008"),
        ("Herrigel et al. (2013)", "herrigel2013"),
        ("Zhang and Kawabata (2013)", "zhang2013"),
        ("Virtanen et al. (2020)", "virtanen2020"),
    ] {
        assert!(
            got.iter().any(|i| i["raw"] == raw && i["key"] == key),
            "{raw} → {key}"
        );
    }
    let o = run(&["check", "--format", "json", "citations.md"], &fixtures());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(diagnostics(&json(&o)).is_empty(), "{}", stdout(&o));
}

#[test]
fn capitalised_phrases_with_a_year_are_never_errors() {
    let text = std::fs::read_to_string(fixtures().join("non-citations.md")).unwrap();
    // Count the phrases: a capitalised word right before `(year)`.
    let phrases = text
        .match_indices(" (")
        .filter(|(i, _)| {
            let before = text[..*i].split_whitespace().next_back().unwrap_or("");
            let after = &text[i + 2..];
            before.starts_with(char::is_uppercase)
                && after.len() > 5
                && after[..4].bytes().all(|b| b.is_ascii_digit())
                && after[4..].starts_with(')')
        })
        .count();
    assert!(phrases >= 40, "only {phrases} phrases");
    let got = items("non-citations.md");
    assert!(
        got.iter().all(|i| i["key"].is_null()),
        "a phrase resolved to a work: {got:#?}"
    );
    let o = run(
        &["check", "--format", "json", "non-citations.md"],
        &fixtures(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let loud: Vec<_> = diagnostics(&json(&o))
        .into_iter()
        .filter(|d| d["severity"] != "hint")
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
}

#[test]
fn unmatched_names_are_errors_only_when_their_form_or_the_bibliography_says_so() {
    let dir = tree(&[
        (
            "refs.bib",
            b"@article{potter1990, author={Potter, Mary}, title={Advantage}, year={1990}, journal={J}}\n",
        ),
        (
            "d.md",
            "---\nbibliography: refs.bib\n---\n\nPorter (1990) argues it. Gao (2008) says so. The Great Recession (2008) hit.\n\nOthers agree (Naughton & Segal, 2003; Lin 2010) and Smith et al. (2001) too.\n"
                .as_bytes(),
        ),
    ]);
    let o = run(&["check", "--format", "json", "d.md"], dir.path());
    let found: Vec<(String, String)> = diagnostics(&json(&o))
        .iter()
        .map(|d| {
            let r = &d["range"]["start"];
            let text = std::fs::read_to_string(dir.path().join("d.md")).unwrap();
            let line = text
                .lines()
                .nth(r["line"].as_u64().unwrap() as usize - 1)
                .unwrap();
            let col = r["column"].as_u64().unwrap() as usize - 1;
            let word: String = line
                .chars()
                .skip(col)
                .take_while(|c| c.is_alphabetic())
                .collect();
            (d["code"].as_str().unwrap().to_string(), word)
        })
        .collect();
    let expect = |code: &str, word: &str| (code.to_string(), word.to_string());
    assert_eq!(
        found,
        vec![
            // Resembles a bibliography author: an error with a suggestion.
            expect("unknown-citation", "Porter"),
            // A surname nobody in the bibliography resembles: a hint.
            expect("possible-citation", "Gao"),
            // Parenthetical forms and `et al.` are citations by their form.
            expect("unknown-citation", "Naughton"),
            expect("unknown-citation", "Lin"),
            expect("unknown-citation", "Smith"),
        ]
    );
}
