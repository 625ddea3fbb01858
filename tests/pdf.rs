//! PDFs as they are: real PDFs typeset by this test from sources in the
//! repository (`tests/pdf/`), read by gloss and compared with the text they
//! were made from.
//!
//! - A two-column article typeset by Typst (the `typst` package from PyPI,
//!   installed by `scripts/pdf-tools.sh` into the build folder): running
//!   header, page numbers, justified text with hyphenation, ligatures,
//!   footnotes.
//! - The same article exported by a word processor (LibreOffice Writer,
//!   `soffice --headless --convert-to pdf`, from a flat ODT written here):
//!   one column, running header and footer, footnotes.
//! - A page with only an image (a scan without OCR): a warning, never a skip.
//!
//! Each source sentence of the body (the source text parsed by the same
//! normaliser) must come back whole in one sentence of the PDF's text, in
//! order and on its page. The floors are measured shares with a margin (see
//! each test). Without Typst or LibreOffice the test skips and says so
//! (`common::skip`); with GLOSS_REQUIRE_SHARED=1 or GLOSS_REQUIRE_PDF=1 (CI)
//! their absence is a failure.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;

use gloss::corpus::pdf;
use gloss::corpus::text::{parse_text, TextDoc, Zone};

fn required_pdf() -> bool {
    required() || std::env::var("GLOSS_REQUIRE_PDF").as_deref() == Ok("1")
}

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf")
}

/// Where the PDFs are made: kept after the run (scripts/fuzz.sh seeds its
/// PDF target with them).
fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A Python that imports `typst`: GLOSS_TEST_TYPST_PYTHON (scripts/test.sh
/// sets it from scripts/pdf-tools.sh), else the build folder's venv.
fn typst_python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("GLOSS_TEST_TYPST_PYTHON").map(PathBuf::from),
        Some(
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .parent()
                .unwrap()
                .join("pdf-venv/bin/python"),
        ),
    ];
    candidates.into_iter().flatten().find(|py| {
        Command::new(py)
            .args(["-c", "import typst"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn need(tool: &str, found: Option<PathBuf>, how: &str) -> Option<PathBuf> {
    if found.is_none() {
        assert!(
            !required_pdf(),
            "{tool} is required (GLOSS_REQUIRE_SHARED=1 or GLOSS_REQUIRE_PDF=1) but missing: {how}"
        );
        skip(&this_test(), &format!("{tool} not found ({how})"));
    }
    found
}

/// Typeset `name`.typ (in tests/pdf) into the output folder with Typst.
fn typeset(name: &str) -> Option<PathBuf> {
    let py = need(
        "typst (Python package)",
        typst_python(),
        "scripts/pdf-tools.sh installs it",
    )?;
    let out = out_dir().join(format!("{name}.pdf"));
    let o = Command::new(py)
        .args([
            "-c",
            "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])",
        ])
        .arg(source_dir().join(format!("{name}.typ")))
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "typst: {}", stderr(&o));
    Some(out)
}

fn soffice() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    })
}

/// The article as a flat ODT (one XML file) with footnotes, a running
/// header and page numbers in the footer, exported to PDF by LibreOffice.
fn word_processor_pdf() -> Option<PathBuf> {
    let soffice = need(
        "LibreOffice (soffice)",
        soffice(),
        "apt-get install libreoffice-writer-nogui; scripts/test.sh installs it",
    )?;
    let src = std::fs::read_to_string(source_dir().join("article.txt")).unwrap();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for (i, block) in blocks(&src).iter().enumerate() {
        if let Some(h) = block.strip_prefix("# ") {
            body.push_str(&format!(
                "<text:h text:outline-level=\"1\">{}</text:h>\n",
                esc(h)
            ));
            continue;
        }
        let mut parts = block.split('{');
        let mut p = esc(parts.next().unwrap());
        for (j, seg) in parts.enumerate() {
            let (note, rest) = seg.split_once('}').unwrap();
            p.push_str(&format!(
                "<text:note text:id=\"n{i}_{j}\" text:note-class=\"footnote\"><text:note-citation>{}</text:note-citation>\
                 <text:note-body><text:p text:style-name=\"Footnote\">{}</text:p></text:note-body></text:note>{}",
                j + 1,
                esc(note),
                esc(rest)
            ));
        }
        body.push_str(&format!("<text:p text:style-name=\"Body\">{p}</text:p>\n"));
    }
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="11pt" fo:hyphenate="true" fo:language="en" fo:country="GB"/></style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:text-properties fo:font-size="9pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header><text:p>Skills before subsidies</text:p></style:header><style:footer><text:p><text:page-number text:select-page="current"/></text:p></style:footer></style:master-page></office:master-styles>
<office:body><office:text>
<text:p>Skills before subsidies in three harbour towns</text:p>
<text:p>Mara Lindqvist and Tomas Okafor</text:p>
{body}</office:text></office:body></office:document>
"#
    );
    let dir = out_dir();
    let fodt = dir.join("article-writer.fodt");
    std::fs::write(&fodt, doc).unwrap();
    // A profile of its own: a LibreOffice the user has open does not take the job.
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&fodt)
        .output()
        .unwrap();
    let pdf = dir.join("article-writer.pdf");
    assert!(
        o.status.success() && pdf.is_file(),
        "soffice: {} {}",
        stdout(&o),
        stderr(&o)
    );
    Some(pdf)
}

/// Paragraphs and `# ` headings of the source, one string each.
fn blocks(src: &str) -> Vec<String> {
    src.split("\n\n")
        .map(|b| b.trim().replace('\n', " "))
        .filter(|b| !b.is_empty())
        .collect()
}

/// The source as the corpus reads a text: footnotes (`{…}`) out, headings kept.
fn source_doc() -> TextDoc {
    let src = std::fs::read_to_string(source_dir().join("article.txt")).unwrap();
    let mut text = String::new();
    for b in blocks(&src) {
        let mut plain = String::new();
        let mut depth = 0;
        for c in b.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                c if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        text.push_str(&plain);
        text.push_str("\n\n");
    }
    parse_text(Path::new("article.txt"), &text).0
}

/// How the PDF's text compares with its source.
struct Comparison {
    /// Body sentences of the source.
    total: usize,
    /// Those found whole inside one body sentence of the PDF's text.
    whole: usize,
    /// Those equal to a sentence of the PDF's text.
    exact: usize,
    /// Source sentences found whole, in source order, with the PDF sentence
    /// index and page of each.
    found: Vec<(String, usize, u32)>,
    missing: Vec<String>,
}

fn compare(pdf_doc: &TextDoc) -> Comparison {
    let src = source_doc();
    let pages = pdf_doc.pages.as_ref().expect("page map");
    let body: Vec<(usize, &str, u32)> = pdf_doc
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.zone == Zone::Body)
        .map(|(i, s)| (i, s.text.as_str(), pages.locate(s.line).unwrap().page))
        .collect();
    let mut c = Comparison {
        total: 0,
        whole: 0,
        exact: 0,
        found: Vec::new(),
        missing: Vec::new(),
    };
    for s in src.sentences.iter().filter(|s| s.zone == Zone::Body) {
        c.total += 1;
        match body.iter().find(|(_, t, _)| t.contains(s.text.as_str())) {
            Some(&(i, t, page)) => {
                c.whole += 1;
                if t == s.text {
                    c.exact += 1;
                }
                c.found.push((s.text.clone(), i, page));
            }
            None => c.missing.push(s.text.clone()),
        }
    }
    c
}

fn report(name: &str, c: &Comparison) -> String {
    format!(
        "{name}: {}/{} source sentences whole ({:.0}%), {} exactly; missing:\n{}",
        c.whole,
        c.total,
        100.0 * c.whole as f64 / c.total as f64,
        c.exact,
        c.missing.join("\n")
    )
}

fn read_pdf(path: &Path) -> TextDoc {
    let bytes = std::fs::read(path).unwrap();
    let doc = pdf::parse(path, &bytes).unwrap_or_else(|w| panic!("{w}"));
    // The article has no reference list; nothing else is to be said.
    assert!(
        doc.warnings
            .iter()
            .all(|w| w.message == "no reference list found"),
        "{}: {:?}",
        path.display(),
        doc.warnings
    );
    doc
}

/// Found sentences come in source order, on pages that never go back.
fn assert_order(name: &str, c: &Comparison) {
    for w in c.found.windows(2) {
        assert!(
            w[0].1 <= w[1].1,
            "{name}: reading order broken: {:?} read after {:?}",
            w[1].0,
            w[0].0
        );
        assert!(w[0].2 <= w[1].2, "{name}: page went back at {:?}", w[1].0);
    }
}

#[test]
fn typst_two_column_article_comes_back_sentence_by_sentence() {
    let Some(path) = typeset("article") else {
        return;
    };
    let doc = read_pdf(&path);
    let c = compare(&doc);
    eprintln!("{}", report("typst two-column", &c));
    // Measured: 52 of 52 (100%), 48 of them exactly one sentence (a heading
    // set over two lines of a narrow column runs into the sentence after
    // it). The floor, 95% (50 of 52), leaves room for a hyphenated word the
    // normaliser cannot rejoin or a sentence a running head interrupts when
    // Typst's layout shifts, no more.
    assert!(c.whole * 100 >= c.total * 95, "{}", report("typst", &c));
    assert_order("typst", &c);
    let pages = doc.pages.as_ref().unwrap();
    assert_eq!(pages.pages(), 5, "A6, two columns: five pages");
    assert_eq!(c.found.first().map(|f| f.2), Some(1));
    assert_eq!(c.found.last().map(|f| f.2), Some(5));
    // The running header and the page numbers are not text; the footnote is
    // no body sentence.
    let all: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
    assert!(
        !all.iter()
            .any(|s| s.contains("Journal of Coastal Economies")),
        "{all:#?}"
    );
    assert!(
        !doc.sentences
            .iter()
            .any(|s| s.zone == Zone::Body && s.text.contains("Fieldwork was carried out")),
        "the footnote is read as body text"
    );
    // Ligatures and hyphenation undone: words Typst set with ligatures
    // (fi, fl, ffi) and broke across lines come back whole.
    let joined = all.join(" ");
    for w in ["officials", "flexible", "fishing", "affinities", "defined"] {
        assert!(joined.contains(w), "{w} not found");
    }
}

#[test]
fn word_processor_export_comes_back_sentence_by_sentence() {
    let Some(path) = word_processor_pdf() else {
        return;
    };
    let doc = read_pdf(&path);
    let c = compare(&doc);
    eprintln!("{}", report("LibreOffice", &c));
    // Measured: 52 of 52 (100%), all exactly one sentence; floor as for Typst.
    assert!(
        c.whole * 100 >= c.total * 95,
        "{}",
        report("LibreOffice", &c)
    );
    assert_order("LibreOffice", &c);
    let all: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
    // The running header ("Skills before subsidies") is gone; the title,
    // which starts the same way, stays once.
    assert!(
        !all.iter()
            .any(|s| s.contains("Skills before subsidies Skills")
                || s.trim() == "Skills before subsidies"),
        "running header read as text: {all:#?}"
    );
    let titles = all
        .iter()
        .filter(|s| s.contains("Skills before subsidies"))
        .count();
    assert_eq!(titles, 1, "{all:#?}");
}

#[test]
fn a_scan_without_text_layer_is_a_warning_naming_the_file() {
    let Some(path) = typeset("scan") else {
        return;
    };
    let w = pdf::read(&path).unwrap_err();
    assert_eq!(w.path, path);
    assert_eq!(
        w.message,
        "no text layer: OCR it first (1 page, no text to read)"
    );
}

// ---- Through the real binary, on PDFs made in process (always run) ----

const P1: &[&str] = &[
    "Skills before subsidies in three harbour towns",
    "Harbour towns along the northern coast were once defined by their fishing",
    "fleets. Over four decades many of them became small centres of precision",
    "manufacturing, and the firms that settled there hired skilled workers.",
];
const P2: &[&str] = &[
    "In the passive town, the council minutes first mention one of the",
    "largest employers two years after it had started production.",
    "Firms that accepted subsidies were no more likely to stay in the town",
    "for ten years than firms that did not.",
];

/// A project: the example corpus with a two-page PDF (`lindqvist2021.pdf`
/// and its entry) and a scan without text layer added, and a draft citing
/// the PDF's work.
fn pdf_project() -> tempfile::TempDir {
    let ex = example_copy();
    let corpus = ex.path().join("corpus");
    std::fs::write(
        corpus.join("lindqvist2021.pdf"),
        pdf::minimal_pdf(&[P1, P2]),
    )
    .unwrap();
    std::fs::write(corpus.join("scanned.pdf"), pdf::minimal_pdf(&[&[]])).unwrap();
    let mut bib = std::fs::read_to_string(corpus.join("references.bib")).unwrap();
    bib.push_str(
        "\n@article{lindqvist2021,\n  author = {Lindqvist, Mara and Okafor, Tomas},\n  \
         title = {Skills before subsidies in three harbour towns},\n  journal = {Journal of Coastal Economies},\n  year = {2021}\n}\n",
    );
    std::fs::write(corpus.join("references.bib"), bib).unwrap();
    std::fs::write(
        ex.path().join("towns.md"),
        "---\nbibliography: corpus/references.bib\n---\n\n\
         In the passive town, the council minutes first mention one of the largest employers two years after it had started production [@lindqvist2021].\n\n\
         In the passive town, the council minutes first mention one of the largest employers two years after it had started production [@okafor2019].\n",
    )
    .unwrap();
    ex
}

fn run(dir: &Path, cache: &Path, args: &[&str]) -> std::process::Output {
    gloss()
        .env("GLOSS_CACHE_DIR", cache)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn evidence_in_a_pdf_names_the_page_and_line_on_it() {
    let ex = pdf_project();
    let cache = tempfile::tempdir().unwrap();
    let o = run(
        ex.path(),
        cache.path(),
        &["check", "--format", "json", "towns.md"],
    );
    let v = json(&o);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap().clone();
    let mis = diags
        .iter()
        .find(|d| d["code"] == "misattributed-claim")
        .unwrap_or_else(|| panic!("no misattribution: {v:#}"));
    // The message quotes the work it appears in at its page; the suggested
    // work's evidence is the PDF's page and line.
    let msg = mis["message"].as_str().unwrap();
    assert!(
        msg.starts_with("cites Okafor (2019), but this appears in Lindqvist and Okafor (2021), p. 2, line 1: \"In the passive town"),
        "{msg}"
    );
    let sugg = &mis["suggestions"][0];
    assert_eq!(sugg["key"], "lindqvist2021", "{mis:#}");
    let ev = &sugg["evidence"];
    assert!(
        ev["path"].as_str().unwrap().ends_with("lindqvist2021.pdf"),
        "{ev:#}"
    );
    assert_eq!(
        ev["page"],
        serde_json::json!({"page": 2, "line": 1}),
        "{ev:#}"
    );
    // The scan is a warning naming it, on stderr.
    assert!(
        stderr(&o).contains("scanned.pdf: no text layer: OCR it first (1 page, no text to read)"),
        "{}",
        stderr(&o)
    );

    // Human output and SARIF say the page, not the extracted text's line.
    let o = run(ex.path(), cache.path(), &["check", "towns.md"]);
    let human = stdout(&o);
    assert!(
        human.contains("= suggestion: lindqvist2021 (corpus/lindqvist2021.pdf, p. 2, line 1)"),
        "{human}"
    );
    let o = run(
        ex.path(),
        cache.path(),
        &["check", "--format", "sarif", "towns.md"],
    );
    let sarif = stdout(&o);
    assert!(
        sarif.contains("Lindqvist and Okafor (2021), p. 2, line 1: "),
        "{sarif}"
    );
}

#[test]
fn a_pdf_is_read_once_then_taken_from_the_cache_by_its_hash() {
    let ex = pdf_project();
    let cache = tempfile::tempdir().unwrap();
    let index = |env_timings: bool| {
        let mut c = gloss();
        c.env("GLOSS_CACHE_DIR", cache.path())
            .args(["index", "--corpus", "corpus", "--format", "json"])
            .current_dir(ex.path());
        if env_timings {
            c.env("GLOSS_TIMINGS", "1");
        }
        c.output().unwrap()
    };
    let first = index(true);
    assert!(first.status.success(), "{}", stderr(&first));
    // The PDF's text was extracted (the scan's too: it has no text).
    assert!(
        stderr(&first).contains("gloss: library: extract pdf"),
        "{}",
        stderr(&first)
    );
    let second = index(true);
    assert_eq!(
        json(&second)["cache"]["texts_parsed"],
        0,
        "{}",
        stdout(&second)
    );
    // Only the scan, which gives no text to keep, is opened again.
    let extractions = stderr(&second)
        .matches("gloss: library: extract pdf")
        .count();
    assert_eq!(extractions, 1, "{}", stderr(&second));
    std::fs::remove_file(ex.path().join("corpus/scanned.pdf")).unwrap();
    let third = index(true);
    assert!(
        !stderr(&third).contains("extract pdf"),
        "{}",
        stderr(&third)
    );
    // A changed PDF is read again.
    std::fs::write(
        ex.path().join("corpus/lindqvist2021.pdf"),
        pdf::minimal_pdf(&[P1, P2, &["A third page, added later."]]),
    )
    .unwrap();
    let fourth = index(true);
    assert_eq!(json(&fourth)["cache"]["texts_parsed"], 1);
    assert!(stderr(&fourth).contains("extract pdf"));
}

#[test]
fn go_to_definition_opens_the_pdf_at_the_page() {
    use common::lsp::*;
    let ex = pdf_project();
    let draft = ex.path().join("towns.md");
    let mut client = Client::start(ex.path());
    client.initialize(ex.path(), basic_capabilities(), serde_json::json!({}));
    let text = std::fs::read_to_string(&draft).unwrap();
    let uri = client.open(&draft, &text);
    let diags = client.diagnostics(&uri, Some(1));
    // Related information of the misattribution: the PDF at its page.
    let mis = diags
        .iter()
        .find(|d| d["code"] == "misattributed-claim")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let related = mis["relatedInformation"].as_array().unwrap();
    let pdf_uri = format!(
        "{}#page=2",
        common::lsp::uri(&ex.path().join("corpus/lindqvist2021.pdf"))
    );
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == pdf_uri.as_str()
                && r["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("suggested: lindqvist2021 (p. 2, line 1) — In the passive town")),
        "{related:#?}"
    );
    let (line, character) = find_pos(&text, "@lindqvist2021");
    let r = client.request(
        "textDocument/definition",
        serde_json::json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character + 2}}),
    );
    let locs = r.as_array().unwrap_or_else(|| panic!("{r}"));
    assert_eq!(locs[0]["uri"], pdf_uri.as_str(), "{r}");
    assert_eq!(locs[0]["range"]["start"]["line"], 0);
    // Then the bibliography entry.
    assert!(
        locs[1]["uri"].as_str().unwrap().ends_with("references.bib"),
        "{r}"
    );
    client.shutdown();
}
