//! The README's first command: `gloss check examples/review.md` on the
//! example shipped in the repository. The (code, line) list must match
//! examples/EXPECTED.md, and the full JSON report is a snapshot.

mod common;
use common::*;

#[test]
fn the_example_reports_what_expected_md_lists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(&["check", "--format", "json", "examples/review.md"], root);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the example has errors: {}",
        stderr(&o)
    );
    let v = json(&o);
    let got: Vec<(String, u64)> = codes(&v);
    let want: Vec<(&str, u64)> = vec![
        ("secondary-citation", 14),
        ("unchecked-claim", 15),
        ("missing-reference", 15),
        ("unchecked-claim", 16),
        ("unknown-citation", 17),
        ("citation-year-mismatch", 25),
        ("figure-mismatch", 26),
        ("quote-not-found", 29),
        ("misattributed-claim", 36),
        ("unchecked-claim", 40),
        ("ambiguous-citation", 41),
        ("unknown-citation", 46),
        ("uncited-reference", 59),
    ];
    let got_ref: Vec<(&str, u64)> = got.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    assert_eq!(got_ref, want);
    // gloss.toml sets uncited-reference to info.
    let last = diagnostics(&v).last().cloned().unwrap();
    assert_eq!(last["severity"], "info");
    assert!(stderr(&o).contains("scan_b21e04.txt:3: no bibliography entry matches this text"));
    insta::assert_json_snapshot!("example_report", v);
    // In the human output the cited work's nearest passage under the
    // misattribution is named for what it is, not shown as evidence.
    let human = stdout(&run(&["check", "examples/review.md"], root));
    assert!(
        human.contains("= closest in Okafor (2019): examples/corpus/okafor2019.txt:18: "),
        "{human}"
    );
}
