//! Random and half-structured input never makes the parsers panic: the
//! draft parser (and citation reading), the bibliography readers and the
//! corpus normaliser. A stable-toolchain stand-in for fuzzing (cargo-fuzz
//! needs nightly): proptest, bounded by its case count.

use std::path::Path;

use proptest::prelude::*;

/// Strings built from the pieces each format is made of, so that random
/// input reaches deep into the parsers rather than failing at the start.
fn pieces(parts: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(parts).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..80,
    )
    .prop_map(|v| v.concat())
}

const DRAFT: &[&str] = &[
    "[@",
    "@",
    "]",
    "[",
    "; ",
    "-@",
    "{",
    "}",
    "(",
    ")",
    ", ",
    "et al.",
    " and ",
    "2008",
    "n.d.",
    "a",
    "Zhou",
    " (2008)",
    "\n",
    "\n\n",
    "# ",
    "---\n",
    "bibliography: x.bib\n",
    "\"",
    "“",
    "”",
    "<!-- gloss-ignore -->",
    "```\n",
    "> ",
    "* ",
    "`",
    "$",
    "\\",
    "p. 3",
    "中文",
    "😀",
    "\r\n",
];
const BIB: &[&str] = &[
    "@article{",
    "@string{",
    "@comment{",
    "@preamble{",
    "k1,",
    "author = {",
    "title = \"",
    "}",
    "{",
    "\"",
    " # ",
    ",",
    "=",
    "\n",
    "year = 2008",
    "{\\\"o}",
    "\\&",
    "%",
    "and",
    "others",
    "@",
    "中文",
];
const JSON: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"id\":",
    "\"k\"",
    "\"author\":",
    "[{\"family\":\"Z\"}]",
    ",",
    ":",
    "\"issued\":",
    "{\"date-parts\":[[2008]]}",
    "null",
    "1",
    "\"",
    "\\",
];
const TEXT: &[&str] = &[
    "Title\n",
    "\n",
    "\u{c}",
    "Abstract\n",
    "References\n",
    "1 Introduction\n",
    "word ",
    "hyphen-\n",
    "¹",
    "²",
    "$x$",
    "\\cite{a}",
    "**b**",
    "| a | b |\n",
    "中文。",
    "Fig. 1",
    ". ",
    "(Zhou, 2008)",
    "et al.",
    "\r\n",
    "-\n",
];

proptest! {
    // 300 cases in the test suite; PROPTEST_CASES=100000 for a longer hunt.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn drafts_parse(text in pieces(DRAFT)) {
        let d = gloss::syntax::parse(&text);
        for c in &d.citations {
            prop_assert!(c.range.end <= text.len() && text.is_char_boundary(c.range.start));
        }
        let _ = gloss::syntax::citations(&text);
    }

    #[test]
    fn bibliographies_read(bib in pieces(BIB), json in pieces(JSON), yaml in pieces(BIB)) {
        let p = Path::new("x.bib");
        let _ = gloss::bib::parse_bibtex(p, &bib);
        let _ = gloss::bib::parse_csl_json(Path::new("x.json"), &json);
        let _ = gloss::bib::parse_csl_yaml(Path::new("x.yaml"), &yaml);
    }

    #[test]
    fn corpus_texts_normalise(text in pieces(TEXT)) {
        let (doc, _) = gloss::corpus::text::parse_text(Path::new("t.txt"), &text);
        for s in &doc.sentences {
            prop_assert!(s.line >= 1);
        }
    }
}
