//! Editor features through the engine (`gloss::ide`), without the server:
//! a fixture declares a small library and one or more drafts inline, `$0`
//! marks the cursor, and each feature's answer is rendered as text and
//! compared with an `insta` snapshot (tests/snapshots/ide__*.snap). The
//! stdio tests (tests/lsp*.rs) prove the protocol; these pin what the
//! features say.
//!
//! A fixture is a list of files, each opened by a `//- path` line:
//! `.bib` files are the bibliography, files under `corpus/` the texts,
//! `.md` files the drafts (kept in memory, never in the corpus). The
//! library is loaded from a temporary folder, as the engine reads files.

use std::ops::Range;
use std::path::Path;

use gloss::claims::index::Index;
use gloss::config::Config;
use gloss::corpus::Library;
use gloss::diag::Diagnostic;
use gloss::ide::edits::apply;
use gloss::ide::{actions, hover, navigate, outline, Corpus};
use gloss::syntax::Draft;

const CURSOR: &str = "$0";

struct Fixture {
    dir: tempfile::TempDir,
    lib: Library,
    index: Index,
    /// Name, text (cursor marker removed) and parse of each draft.
    drafts: Vec<(String, String, Draft)>,
    /// The draft and byte offset of the cursor.
    cursor: Option<(usize, usize)>,
}

impl Fixture {
    fn new(spec: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut bibs = Vec::new();
        let mut drafts = Vec::new();
        let mut cursor = None;
        for file in spec.split("//- ").filter(|f| !f.trim().is_empty()) {
            let (path, body) = file.split_once('\n').unwrap();
            let path = path.trim();
            if path.ends_with(".md") {
                let at = body.find(CURSOR);
                if let Some(at) = at {
                    cursor = Some((drafts.len(), at));
                }
                let text = body.replacen(CURSOR, "", 1);
                let draft = gloss::syntax::parse(&text);
                drafts.push((path.to_string(), text, draft));
                continue;
            }
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, body).unwrap();
            if path.ends_with(".bib") {
                bibs.push(full);
            }
        }
        let corpus = dir.path().join("corpus");
        let lib = Library::load(corpus.is_dir().then_some(corpus.as_path()), &bibs);
        let index = Index::build(&lib);
        Fixture {
            dir,
            lib,
            index,
            drafts,
            cursor,
        }
    }

    fn corpus(&self) -> Corpus<'_> {
        Corpus {
            lib: &self.lib,
            index: Some(&self.index),
            entities: Some(&self.index.entities),
        }
    }

    /// The draft holding the cursor, and the cursor's offset.
    fn at(&self) -> (&str, &Draft, usize) {
        let (d, offset) = self.cursor.expect("the fixture has a $0");
        (&self.drafts[d].1, &self.drafts[d].2, offset)
    }

    /// The diagnostics `gloss check` gives draft `d`.
    fn check(&self, d: usize) -> Vec<Diagnostic> {
        let (name, text, draft) = &self.drafts[d];
        gloss::check::check(
            &gloss::check::Input { text, draft },
            &self.lib,
            Some(&self.index),
            &Config::default(),
            &self.dir.path().join(name),
        )
    }

    /// A path as the fixture names it.
    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(self.dir.path())
            .unwrap_or(p)
            .display()
            .to_string()
    }

    fn target(&self, t: &navigate::Target) -> String {
        let mut s = format!("{}:{}", self.rel(&t.path), t.line);
        if let Some(b) = &t.bytes {
            let text = std::fs::read_to_string(&t.path).unwrap();
            s.push_str(&format!(" «{}»", &text[b.clone()]));
        }
        s
    }
}

/// `text` with `range` marked: `…[[the range]]…`.
fn marked(text: &str, r: &Range<usize>) -> String {
    format!(
        "{}[[{}]]{}",
        &text[..r.start],
        &text[r.clone()],
        &text[r.end..]
    )
}

/// A small library: two works with texts, one with an entry only.
const LIBRARY: &str = r#"
//- refs.bib
@article{zhou2008,
  author = {Zhou, Yu},
  title = {Synchronizing Export Orientation with Import Substitution},
  journal = {World Development},
  year = {2008}, volume = {36}, number = {11}, pages = {2353--2370}
}
@article{lee2010,
  author = {Lee, Keun and Mathews, John},
  title = {Catching Up in Shipbuilding},
  journal = {Research Policy},
  year = {2010}
}
@book{hobday1995,
  author = {Hobday, Mike},
  title = {Innovation in East Asia},
  publisher = {Edward Elgar},
  year = {1995}
}
//- corpus/zhou2008.txt
Synchronizing Export Orientation with Import Substitution

Yu Zhou

Abstract

This paper shows that Chinese high-tech firms grew by selling at home while exporting at the same time. Domestic sales let them build their own brands quickly.

1. Introduction

Lenovo opened the household computer market with the cheap Tianxi notebook in the middle of the nineties.

Huawei sold switching equipment to rural telephone bureaus before it sold abroad.

The weather in Beijing is often cold in the winter months of the year.
//- corpus/lee2010.txt
Catching Up in Shipbuilding

Keun Lee and John Mathews

Abstract

Korean shipyards overtook Japanese builders by investing in very large crude carriers during the seventies.

1. Introduction

Hyundai Heavy Industries built its first dock at Ulsan while its first two tankers were already under construction.

Government loans covered most of the cost of the new docks.

Korean electronics firms also sold computers to households during the nineties.
"#;

fn fixture(drafts: &str) -> Fixture {
    Fixture::new(&format!("{LIBRARY}{drafts}"))
}

fn hover_at(f: &Fixture, diagnostics: Option<&[Diagnostic]>) -> String {
    let (text, draft, offset) = f.at();
    match hover::hover(f.corpus(), text, draft, offset, diagnostics, true) {
        Some(h) => format!("{}\n---- markdown\n{}", marked(text, &h.range), h.markdown)
            .replace(&f.dir.path().display().to_string(), "$DIR"),
        None => "no hover".into(),
    }
}

#[test]
fn hover_on_a_supported_citation_shows_the_passage_the_verdict_rests_on() {
    let f = fixture(
        "//- draft.md\nLenovo opened the household computer market with the cheap Tianxi notebook [@zhou$02008].\n",
    );
    let diags = f.check(0);
    insta::assert_snapshot!(hover_at(&f, Some(&diags)));
}

#[test]
fn hover_before_a_check_has_no_verdict_but_the_passages() {
    let f = fixture(
        "//- draft.md\nHuawei sold switching equipment to rural telephone bureaus, as Zhou ($02008) shows.\n",
    );
    insta::assert_snapshot!(hover_at(&f, None));
}

#[test]
fn hover_between_items_takes_the_nearest_and_unknown_keys_name_close_ones() {
    let f = fixture("//- draft.md\nShips and computers [@lee2010;$0 @zhuo2008].\n");
    insta::assert_snapshot!(hover_at(&f, None));
    let f = fixture("//- draft.md\nShips and computers [@lee2010; @zhuo$02008].\n");
    insta::assert_snapshot!(hover_at(&f, None));
}

/// A misattributed claim: the checker's verdict, hover's passages and go
/// to definition all rest on the same sentence of the cited work.
#[test]
fn misattribution_hover_and_definition_agree_with_the_checker() {
    let f = fixture(
        "//- draft.md\nLenovo opened the household computer market with the cheap Tianxi notebook in the nineties [@lee$02010].\n",
    );
    let diags = f.check(0);
    let mis = diags
        .iter()
        .find(|d| d.code == gloss::diag::Code::MisattributedClaim)
        .expect("the claim is Zhou's, not Lee and Mathews'");
    let (text, draft, offset) = f.at();
    let h = hover::hover(f.corpus(), text, draft, offset, Some(&diags), true).unwrap();
    let ev = &mis.evidence[0];
    assert!(h
        .markdown
        .contains(&format!("{}:{}", ev.path.display(), ev.line)));
    let defs = navigate::definition(f.corpus(), text, draft, offset);
    assert_eq!((&defs[0].path, defs[0].line), (&ev.path, ev.line));
    let out: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    insta::assert_snapshot!(format!(
        "{}\n---- hover\n{}\n---- definition\n{}",
        out.join("\n"),
        hover_at(&f, Some(&diags)),
        defs.iter()
            .map(|t| f.target(t))
            .collect::<Vec<_>>()
            .join("\n")
    )
    .replace(&f.dir.path().display().to_string(), "$DIR"));
}

#[test]
fn definition_leads_to_the_backing_sentence_then_the_entry() {
    let f = fixture(
        "//- draft.md\nHyundai built its first dock at Ulsan while the first tankers were under construction (Lee and Mathews$0 2010).\n\nA book [@hobday1995].\n",
    );
    let (text, draft, offset) = f.at();
    let defs = navigate::definition(f.corpus(), text, draft, offset);
    // A work without a text: its entry only.
    let hobday = text.find("@hobday").unwrap() + 2;
    let entry = navigate::definition(f.corpus(), text, draft, hobday);
    // Without the index: the text's title line.
    let no_index = navigate::definition(Corpus::of(&f.lib), text, draft, offset);
    let show = |ts: &[navigate::Target]| {
        ts.iter()
            .map(|t| f.target(t))
            .collect::<Vec<_>>()
            .join("\n")
    };
    insta::assert_snapshot!(format!(
        "{}\n---- without a text\n{}\n---- without the index\n{}",
        show(&defs),
        show(&entry),
        show(&no_index)
    ));
}

#[test]
fn references_span_drafts_and_citation_forms() {
    let f = fixture(
        "//- a.md\nComputers [@zhou$02008]. Zhou (2008) agrees.\n//- b.md\nSee @zhou2008 and [@lee2010].\n",
    );
    let (_, draft, offset) = f.at();
    let drafts: Vec<&Draft> = f.drafts.iter().map(|d| &d.2).collect();
    let refs = navigate::references(&f.lib, draft, offset, true, &drafts).unwrap();
    let mut out = vec![refs
        .declaration
        .as_ref()
        .map_or("no declaration".into(), |t| f.target(t))];
    for (d, r) in &refs.citations {
        let (name, text, _) = &f.drafts[*d];
        out.push(format!("{name}: {}", &text[r.clone()]));
    }
    assert!(navigate::references(&f.lib, draft, 0, true, &drafts).is_none());
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn rename_edits_the_bibliography_and_every_draft() {
    let f = fixture("//- a.md\nComputers [@zhou$02008].\n//- b.md\nSee @zhou2008.\n");
    let (text, draft, offset) = f.at();
    let (key, r) = navigate::key_at(text, draft, offset).unwrap().unwrap();
    assert_eq!((key.as_str(), &text[r]), ("zhou2008", "zhou2008"));
    let texts: Vec<(&str, &Draft)> = f.drafts.iter().map(|d| (d.1.as_str(), &d.2)).collect();
    let rename = navigate::rename(Some(&f.lib), &key, "zhou2008sync", &texts)
        .unwrap()
        .unwrap();
    let mut out = Vec::new();
    for (path, text, edits) in &rename.files {
        let after = apply(text, edits);
        out.push(format!(
            "{}: {}",
            f.rel(path),
            after.lines().next().unwrap_or("")
        ));
    }
    for (d, edits) in &rename.drafts {
        out.push(format!(
            "{}: {}",
            f.drafts[*d].0,
            apply(&f.drafts[*d].1, edits).trim_end()
        ));
    }
    let errors = [
        navigate::rename(Some(&f.lib), &key, "lee2010", &texts).unwrap_err(),
        navigate::rename(Some(&f.lib), &key, "bad key", &texts).unwrap_err(),
        navigate::rename(None, &key, "other", &texts).unwrap_err(),
    ];
    out.push("---- refused".into());
    out.extend(errors);
    insta::assert_snapshot!(out.join("\n"));
}

/// Every quick fix the checker's diagnostics of a draft get, applied.
#[test]
fn quick_fixes_for_each_diagnostic() {
    let f = fixture(
        "//- draft.md\n# Notes\n\nLenovo opened the household computer market with the cheap Tianxi notebook in the nineties [@lee2010].\n\nShips were built at Ulsan [@lee2011].\n\nKorean shipyards overtook Japanese builders by investing in very large crude carriers during the seventies.\n",
    );
    let (_, text, draft) = &f.drafts[0];
    let mut out = Vec::new();
    for d in f.check(0) {
        out.push(format!(
            "## {} at {:?}",
            d.code.as_str(),
            &text[d.range.clone()]
        ));
        for fix in actions::fixes(text, draft, Some(&f.lib), &d) {
            let star = if fix.preferred { " (preferred)" } else { "" };
            out.push(format!("### {}{star}", fix.title));
            out.push(apply(text, &fix.edits).trim_end().to_string());
        }
    }
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn outline_nests_sections_and_their_citations() {
    let f = fixture(
        "//- draft.md\n---\ntitle: x\n---\n\n# Review\n\nIntro [@zhou2008].\n\nMethods\n-------\n\nShips [@lee2010; @nobody].\n\n### Detail\n\nMore (Lee and Mathews 2010).\n\n# References\n\nZhou, Y. (2008). Synchronizing.\n",
    );
    let (_, text, draft) = &f.drafts[0];
    fn show(text: &str, syms: &[outline::Symbol], depth: usize, out: &mut Vec<String>) {
        for s in syms {
            out.push(format!(
                "{}{:?} {} {:?} select {:?}",
                "  ".repeat(depth),
                s.kind,
                s.name,
                &text[s.range.clone()].lines().next().unwrap_or(""),
                &text[s.selection.clone()],
            ));
            show(text, &s.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    show(
        text,
        &outline::outline(text, draft, Some(&f.lib)),
        0,
        &mut out,
    );
    insta::assert_snapshot!(out.join("\n"));
}

#[test]
fn fixture_cursor_and_paths() {
    let f = fixture("//- a.md\nx [@zhou$02008]\n");
    assert_eq!(f.at().2, "x [@zhou".len());
    assert!(f.lib.get("zhou2008").unwrap().doc.is_some());
    let path = f.lib.get("zhou2008").unwrap().path.clone().unwrap();
    assert_eq!(Path::new(&f.rel(&path)), Path::new("corpus/zhou2008.txt"));
}
