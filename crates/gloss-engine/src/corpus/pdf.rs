//! PDFs in the corpus, read as they are: the text layer of every page,
//! extracted in process, laid out as one text that keeps where each line
//! was (its page and its line on that page, [`PageMap`]), then parsed by
//! [`text::parse_text`] like any converted text.
//!
//! Before parsing, what only a PDF has is undone here: running headers and
//! footers (lines that recur at the top or bottom of most pages, page
//! numbers) are dropped, and pages are joined so that a paragraph broken by
//! a page break reads on. The rest (hyphenation, ligatures, footnote marks,
//! notes) is the normaliser's, shared with converted texts.
//!
//! Bounded and never trusted: a PDF is read through
//! [`crate::text::read_bounded`] ([`MAX_PDF_BYTES`]), every stream
//! decompresses to at most [`MAX_STREAM_BYTES`] (a decompression bomb is a
//! warning, not an exhausted memory), at most [`MAX_PAGES`] pages are read,
//! each page's content at most [`MAX_PAGE_CONTENT`] and all pages' together
//! [`MAX_CONTENT_TOTAL`], pages stop at [`MAX_TEXT_BYTES`] of text, and the
//! extractor runs under `catch_unwind`: a PDF it cannot read is a
//! warning naming the file, never a panic.
//!
//! Lines on a page are counted in reading order of the page's text layer:
//! in a two-column page the lines of the first column, then the second's.

use std::path::Path;

use crate::corpus::text::{self, TextDoc};
use crate::warn::Warning;

/// The largest PDF read, in bytes.
pub const MAX_PDF_BYTES: u64 = 128 << 20;
/// The most bytes any one stream of a PDF may decompress to.
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// Pages past this are not read (with a warning).
pub const MAX_PAGES: usize = 3000;
/// The most text kept from a PDF, in bytes (with a warning past it); pages
/// stop being read once their text reaches it.
pub const MAX_TEXT_BYTES: usize = 32 << 20;
/// The largest content (drawing instructions) of one page read: a page of
/// a long paper has tens of kilobytes; past this, the page is not read
/// (parsing its instructions would take hundreds of times its size).
pub const MAX_PAGE_CONTENT: usize = 4 << 20;
/// The most page content read from one PDF in all (pages may share one
/// content stream, each read again): pages past it are not read.
pub const MAX_CONTENT_TOTAL: usize = 256 << 20;

/// A page and a line on it, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageLine {
    pub page: u32,
    pub line: u32,
}

/// Where each line of a PDF's extracted text was: runs of consecutive lines
/// of the text, each starting at a page and line of the PDF.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageMap {
    /// (first line of the run in the text, its page, its line on the page),
    /// all 1-based, sorted by the first.
    runs: Vec<(u32, u32, u32)>,
    /// Pages in the PDF.
    pages: u32,
}

impl PageMap {
    /// The page and line on the page of line `line` (1-based) of the text.
    pub fn locate(&self, line: u32) -> Option<PageLine> {
        let i = self.runs.partition_point(|&(first, _, _)| first <= line);
        let &(first, page, on_page) = self.runs.get(i.checked_sub(1)?)?;
        Some(PageLine {
            page,
            line: on_page + (line - first),
        })
    }

    /// How many pages the PDF has.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// Runs sorted and inside the document (a cached map is checked before use).
    pub fn is_consistent(&self) -> bool {
        self.runs.windows(2).all(|w| w[0].0 < w[1].0)
            && self.runs.iter().all(|&(first, page, line)| {
                first >= 1 && line >= 1 && page >= 1 && page <= self.pages
            })
    }

    fn push(&mut self, text_line: u32, page: u32, line: u32) {
        if let Some(&(first, p, l)) = self.runs.last() {
            if p == page && l + (text_line - first) == line {
                return;
            }
        }
        self.runs.push((text_line, page, line));
    }
}

/// Read a PDF and lay out its text: the text as [`text::parse_text`] takes
/// it and where each of its lines was. For a corpus folder's PDFs and for
/// attachments found elsewhere (a reference manager's storage). Errors are
/// warnings naming the file: it cannot be read, it is no PDF or is damaged,
/// it is encrypted, or it has no text layer (a scan: "OCR it first").
pub fn read(path: &Path) -> Result<(String, PageMap), Warning> {
    let bytes = crate::text::read_bounded(path, MAX_PDF_BYTES)
        .map_err(|e| Warning::new(path, None, e.to_string()))?;
    let (text, pages, _) = extract(path, &bytes)?;
    Ok((text, pages))
}

/// [`read`] on bytes already read, with the warnings of a PDF that was
/// read only in part (pages past [`MAX_PAGES`], a page that failed).
pub fn extract(path: &Path, bytes: &[u8]) -> Result<(String, PageMap, Vec<Warning>), Warning> {
    let warn = |m: String| Warning::new(path, None, m);
    if !looks_like_pdf(bytes) {
        return Err(warn("not a PDF (no %PDF- header)".into()));
    }
    let got = crate::timing::phase("library: extract pdf", || {
        std::panic::catch_unwind(|| backend::pages(bytes))
    });
    let extracted = match got {
        Ok(Ok(x)) => x,
        Ok(Err(why)) => return Err(warn(format!("cannot read this PDF: {why}"))),
        Err(_) => {
            return Err(warn(
                "cannot read this PDF: the extractor failed on it (damaged or unusual file)".into(),
            ))
        }
    };
    let mut warnings = Vec::new();
    if extracted.total > extracted.pages.len() {
        warnings.push(warn(format!(
            "only the first {} of its {} pages were read",
            extracted.pages.len(),
            extracted.total
        )));
    }
    for (page, why) in &extracted.failed {
        warnings.push(warn(format!("page {page}: text not read ({why})")));
    }
    let (text, map) = lay_out(&extracted.pages, extracted.total as u32);
    if text.trim().is_empty() {
        // Pages that failed (a stream past the limit, a damaged page) are
        // not a missing text layer.
        if let Some((page, why)) = extracted.failed.first() {
            return Err(warn(format!("cannot read this PDF: page {page}: {why}")));
        }
        if extracted.total == 0 {
            return Err(warn(
                "cannot read this PDF: no pages found (damaged page tree?)".into(),
            ));
        }
        return Err(warn(format!(
            "no text layer: OCR it first ({} page{}, no text to read)",
            extracted.total,
            if extracted.total == 1 { "" } else { "s" }
        )));
    }
    let text = if text.len() > MAX_TEXT_BYTES {
        warnings.push(warn(format!(
            "only the first {} MB of its text were kept",
            MAX_TEXT_BYTES >> 20
        )));
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text[..cut].to_string()
    } else {
        text
    };
    Ok((text, map, warnings))
}

/// A PDF's bytes as a parsed corpus text: [`extract`], then
/// [`text::parse_text`]; the text's lines point at pages (`TextDoc::pages`).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<TextDoc, Warning> {
    let (raw, pages, mut warnings) = extract(path, bytes)?;
    let (mut doc, parsing) = text::parse_text(path, &raw);
    warnings.extend(parsing.into_iter().map(|mut w| {
        // A line of the extracted text means nothing to the writer: say the page.
        if let Some(at) = w.line.and_then(|l| pages.locate(l)) {
            w.message = format!("p. {}, line {}: {}", at.page, at.line, w.message);
        }
        w.line = None;
        w
    }));
    doc.pages = Some(Box::new(pages));
    doc.warnings = warnings;
    Ok(doc)
}

/// `%PDF-` within the first KiB, as readers accept it.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// What the extractor gave: the text of each page read, in order.
struct Extracted {
    pages: Vec<String>,
    /// Pages in the document (more than `pages` when cut at [`MAX_PAGES`]).
    total: usize,
    /// Pages whose text could not be read: (page, why).
    failed: Vec<(usize, String)>,
}

/// Lay the pages out as one text: page by page, running headers and footers
/// dropped, a paragraph broken by a page break joined again. Returns the
/// text and where each of its lines was.
fn lay_out(pages: &[String], total: u32) -> (String, PageMap) {
    let lines: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.lines().map(clean_line).collect())
        .collect();
    let running = running_lines(&lines);
    let notes: Vec<Option<usize>> = lines
        .iter()
        .zip(&running)
        .map(|(page, run)| footnotes_from(page, run))
        .collect();
    // Footnotes are laid out after the body, so a paragraph that runs past
    // a page's notes reads on; each keeps its page and line.
    let mut held: Vec<(usize, usize, String)> = Vec::new();
    let mut out = String::new();
    let mut map = PageMap {
        runs: Vec::new(),
        pages: total,
    };
    let mut text_line = 1u32;
    for (pi, page) in lines.iter().enumerate() {
        let note_start = notes[pi].unwrap_or(page.len());
        let marks = note_numbers(&page[note_start..]);
        for (li, l) in page.iter().enumerate().skip(note_start) {
            if !running[pi].contains(&li) && !l.trim().is_empty() {
                held.push((pi, li, note_line(l, &marks)));
            }
        }
        let marked: Vec<String> = page[..note_start]
            .iter()
            .map(|l| mark_notes(l, &marks))
            .collect();
        let kept: Vec<(usize, &str)> = marked
            .iter()
            .enumerate()
            .filter(|&(li, _)| !running[pi].contains(&li))
            .map(|(li, l)| (li, l.as_str()))
            .collect();
        // Blank lines at the page's edges are the page's, not the text's.
        let first = kept.iter().position(|(_, l)| !l.trim().is_empty());
        let last = kept.iter().rposition(|(_, l)| !l.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            continue;
        };
        if !out.is_empty() {
            // A page that ends a sentence ends a paragraph as far as anyone
            // can tell; one that ends mid-sentence runs on.
            let prev = out.trim_end();
            if ends_sentence(prev) {
                out.push('\n');
                text_line += 1;
            }
        }
        for &(li, l) in &kept[first..=last] {
            map.push(text_line, pi as u32 + 1, li as u32 + 1);
            out.push_str(l);
            out.push('\n');
            text_line += 1;
        }
    }
    if !held.is_empty() {
        out.push('\n');
        text_line += 1;
        for (pi, li, l) in held {
            map.push(text_line, pi as u32 + 1, li as u32 + 1);
            out.push_str(&l);
            out.push('\n');
            text_line += 1;
        }
    }
    (out, map)
}

/// The number a footnote line starts with ("1 Fieldwork was…", "12Data
/// from…"), when it starts with one and then a word.
fn note_number(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = t[digits..].trim_start();
    rest.starts_with(|c: char| c.is_alphabetic() || c == '"' || c == '\'')
        .then(|| &t[..digits])
}

/// Where a page's footnotes start: the first of its lines in the lower
/// part of the page that starts with a number the page's text carries as
/// a mark (after a word or punctuation: "nearby. 1 The", "nearby.1", or
/// raised: "nearby.¹"). The notes run to the page's end.
fn footnotes_from(page: &[String], running: &std::collections::HashSet<usize>) -> Option<usize> {
    let body: Vec<usize> = (0..page.len())
        .filter(|i| !running.contains(i) && !page[*i].trim().is_empty())
        .collect();
    if body.len() < 4 {
        return None;
    }
    let lower = body[body.len() / 3];
    // The first line carrying each number as a mark, found once per number
    // (at most a hundred and ten: one or two digits), not once per line
    // that starts with it.
    let mut first_mark: std::collections::HashMap<&str, Option<usize>> = Default::default();
    let start = body.iter().copied().filter(|&i| i >= lower).find(|&i| {
        note_number(&page[i]).is_some_and(|n| {
            let first = *first_mark.entry(n).or_insert_with(|| {
                let raised: String = n.chars().map(backend::superscript).collect();
                page.iter()
                    .position(|l| has_mark(l, n) || l.contains(raised.as_str()))
            });
            first.is_some_and(|f| f < i)
        })
    })?;
    Some(start)
}

/// The numbers of the notes in a page's footnote lines, each with how many
/// notes carry it, in the order they first appear.
fn note_numbers(notes: &[String]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for n in notes.iter().filter_map(|l| note_number(l)) {
        match out.iter_mut().find(|(m, _)| m == n) {
            Some((_, count)) => *count += 1,
            None => out.push((n.to_string(), 1)),
        }
    }
    out
}

/// Whether `line` carries mark `n`: the number alone after punctuation or
/// glued to a word, before a space or the end ("nearby. 1 The", "nearby.1").
fn has_mark(line: &str, n: &str) -> bool {
    mark_at(line, n).is_some()
}

fn mark_at(line: &str, n: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(p) = line[from..].find(n) {
        let at = from + p;
        let end = at + n.len();
        let before = line[..at].trim_end();
        let after = &line[end..];
        let prev = before.chars().last();
        let spaced = before.len() < at;
        // After punctuation, spaced or not ("nearby. 1", "nearby.1"), or
        // glued to a word ("nearby1"); never a number after a word and a
        // space ("chapter 1 shows").
        let glued_or_spaced =
            prev.is_some_and(|c| ".,;:)\"'’”".contains(c) || (c.is_alphabetic() && !spaced));
        let next_ok = after.is_empty() || after.starts_with(char::is_whitespace);
        let not_in_number = !line[..at].ends_with(|c: char| c.is_ascii_digit());
        if glued_or_spaced && next_ok && not_in_number && !before.ends_with(['(', '[']) {
            return Some(before.len()..end);
        }
        from = end;
    }
    None
}

/// A body line with the marks of this page's notes written as
/// superscripts glued to the word before, as the normaliser drops them.
fn mark_notes(line: &str, marks: &[(String, usize)]) -> String {
    let mut l = line.to_string();
    for (n, count) in marks {
        let sup: String = n.chars().map(backend::superscript).collect();
        // As many of a number's marks as notes carry it, while there are any.
        for _ in 0..*count {
            let Some(r) = mark_at(&l, n) else { break };
            l.replace_range(r, &sup);
        }
    }
    l
}

/// A footnote line as the normaliser reads a note: `^1 Fieldwork was…`.
fn note_line(line: &str, marks: &[(String, usize)]) -> String {
    match note_number(line) {
        Some(n) if marks.iter().any(|(m, _)| m == n) => {
            let t = line.trim_start();
            format!("^{n} {}", t[n.len()..].trim_start())
        }
        _ => line.to_string(),
    }
}

/// A line as the normaliser takes it: ligatures spelt out, no trailing
/// space, no form feed or other control characters.
fn clean_line(line: &str) -> String {
    let mut s = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\u{FB00}' => s.push_str("ff"),
            '\u{FB01}' => s.push_str("fi"),
            '\u{FB02}' => s.push_str("fl"),
            '\u{FB03}' => s.push_str("ffi"),
            '\u{FB04}' => s.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => s.push_str("st"),
            // Typst (and others) map the hyphen glyph to U+00AD, at a line's
            // end and inside "forty-one" alike: a hyphen either way (the
            // normaliser decides whether one at a line's end joins a word).
            '\u{AD}' => s.push('-'),
            '\t' => s.push(' '),
            c if c.is_control() => s.push(' '),
            c => s.push(c),
        }
    }
    s.truncate(s.trim_end().len());
    s
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(['"', '\'', ')', '”', '’', ']']);
    s.ends_with(['.', '?', '!', ':'])
}

/// A line's shape for comparing running heads: digits as `#`, spaces
/// collapsed, case folded ("Page 3 of 12", "12 Journal of X" on every page).
fn shape(line: &str) -> String {
    let mut s = String::new();
    for w in line.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        for c in w.chars() {
            if c.is_ascii_digit() || matches!(c, 'i' | 'v' | 'x') && is_roman(w) {
                if !s.ends_with('#') {
                    s.push('#');
                }
            } else {
                s.extend(c.to_lowercase());
            }
        }
    }
    s
}

fn is_roman(w: &str) -> bool {
    !w.is_empty() && w.len() <= 6 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

/// How many lines at each edge of a page may be running heads or feet.
const EDGE: usize = 3;

/// For each page, the line numbers (0-based) of its running headers and
/// footers: among the first and last [`EDGE`] non-blank lines, those whose
/// shape recurs at an edge of at least half the pages (and of at least two),
/// and bare page numbers.
fn running_lines(pages: &[Vec<String>]) -> Vec<std::collections::HashSet<usize>> {
    use std::collections::{HashMap, HashSet};
    let edges: Vec<Vec<usize>> = pages
        .iter()
        .map(|p| {
            let non_blank: Vec<usize> = (0..p.len()).filter(|&i| !p[i].trim().is_empty()).collect();
            let mut e: Vec<usize> = non_blank.iter().take(EDGE).copied().collect();
            for &i in non_blank.iter().rev().take(EDGE) {
                if !e.contains(&i) {
                    e.push(i);
                }
            }
            e
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (p, e) in pages.iter().zip(&edges) {
        let shapes: HashSet<String> = e.iter().map(|&i| shape(&p[i])).collect();
        for s in shapes {
            *seen.entry(s).or_default() += 1;
        }
    }
    let enough = (pages.len() / 2).max(2);
    pages
        .iter()
        .zip(&edges)
        .map(|(p, e)| {
            e.iter()
                .copied()
                .filter(|&i| {
                    let t = p[i].trim();
                    let sh = shape(t);
                    let page_number =
                        sh == "#" || sh == "page #" || sh == "# of #" || sh == "page # of #";
                    page_number || (seen.get(&sh).copied().unwrap_or(0) >= enough && sh.len() < 160)
                })
                .collect()
        })
        .collect()
}

/// A small valid PDF: one page for each entry of `pages`, each line of it
/// written in Helvetica one below the other (an empty page has no text
/// layer, only a drawn line, as a scan without OCR has none). For tests and
/// fuzzing seeds: a few hundred bytes, made in process.
pub fn minimal_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let contents: Vec<String> = pages
        .iter()
        .map(|lines| {
            if lines.is_empty() {
                return "0.5 w 72 72 m 500 770 l S".to_string();
            }
            let shown: Vec<String> = lines
                .iter()
                .map(|l| {
                    let esc = l
                        .replace('\\', "\\\\")
                        .replace('(', "\\(")
                        .replace(')', "\\)");
                    format!("({esc}) Tj T*")
                })
                .collect();
            format!("BT /F1 10 Tf 14 TL 72 770 Td {} ET", shown.join(" "))
        })
        .collect();
    pdf_of_contents(&contents)
}

/// A PDF whose pages have these content streams, with Helvetica as `/F1`.
fn pdf_of_contents(pages: &[String]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let n = pages.len();
    // 1: catalogue, 2: page tree, 3: font, then a page and its content for each page.
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    for (i, content) in pages.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
    }
    pdf_of_objects(&objects)
}

/// A PDF of `objects`, numbered from 1 (the first is the catalogue), with
/// its cross-reference table.
fn pdf_of_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

mod backend {
    //! The extractor: lopdf parses the file (every stream it decompresses
    //! bounded by [`MAX_STREAM_BYTES`]) and decodes each font's encoding;
    //! the text of a page is read here from its content stream, laid out
    //! by where each piece of text is put. A piece lower or higher on the
    //! page than the last starts a new line, unless it is a small raised
    //! piece (a footnote mark: written as superscript digits, which the
    //! normaliser drops); a piece moved along the same line after a gap is
    //! a new word. lopdf's own `extract_text` breaks lines only at `T*`
    //! and `ET`, which glues a LaTeX page's lines together (pdfTeX moves to
    //! the next line with `Td` inside one text object).
    use super::{
        Extracted, MAX_CONTENT_TOTAL, MAX_PAGES, MAX_PAGE_CONTENT, MAX_STREAM_BYTES, MAX_TEXT_BYTES,
    };
    use lopdf::content::Content;
    use lopdf::{Document, Encoding, LoadOptions, Object};
    use std::collections::BTreeMap;

    pub(super) fn pages(bytes: &[u8]) -> Result<Extracted, String> {
        let options = LoadOptions {
            max_decompressed_size: Some(MAX_STREAM_BYTES),
            ..LoadOptions::default()
        };
        let doc = Document::load_mem_with_options(bytes, options).map_err(describe)?;
        if doc.is_encrypted() {
            return Err("it is encrypted".into());
        }
        let ids = doc.get_pages();
        let total = ids.len();
        let mut out = Extracted {
            pages: Vec::new(),
            total,
            failed: Vec::new(),
        };
        let (mut content, mut text) = (0usize, 0usize);
        for (&n, &id) in ids.iter().take(MAX_PAGES) {
            // Past either budget the pages left are not read (the warning
            // names how many were).
            if content >= MAX_CONTENT_TOTAL || text >= MAX_TEXT_BYTES {
                break;
            }
            match page_text(&doc, id, &mut content) {
                Ok(t) => {
                    text += t.len();
                    out.pages.push(t);
                }
                Err(e) => {
                    out.failed.push((n as usize, describe(e)));
                    out.pages.push(String::new());
                }
            }
        }
        Ok(out)
    }

    fn describe(e: lopdf::Error) -> String {
        let s = e.to_string();
        let s = s.trim_end_matches('.');
        crate::text::shorten(s, 160, &[])
    }

    /// An affine matrix [a b c d e f], as PDF writes them.
    #[derive(Clone, Copy)]
    struct M([f32; 6]);

    impl M {
        const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        /// `self` then `o` (PDF's order: a point goes through self first).
        fn then(self, o: M) -> M {
            let [a, b, c, d, e, f] = self.0;
            let [a2, b2, c2, d2, e2, f2] = o.0;
            M([
                a * a2 + b * c2,
                a * b2 + b * d2,
                c * a2 + d * c2,
                c * b2 + d * d2,
                e * a2 + f * c2 + e2,
                e * b2 + f * d2 + f2,
            ])
        }
        fn of(ops: &[Object]) -> Option<M> {
            let v: Vec<f32> = ops.iter().filter_map(|o| o.as_float().ok()).collect();
            (v.len() == 6 && v.iter().all(|x| x.is_finite()))
                .then(|| M([v[0], v[1], v[2], v[3], v[4], v[5]]))
        }
    }

    fn num(ops: &[Object], i: usize) -> f32 {
        ops.get(i)
            .and_then(|o| o.as_float().ok())
            .filter(|x| x.is_finite())
            .unwrap_or(0.0)
    }

    /// What the page has shown so far.
    struct Page {
        text: String,
        /// The baseline and size of the current line, in page space.
        line: Option<(f32, f32)>,
        /// Where the last piece of the current line was put (x), and whether
        /// text has been moved along the line since.
        moved: bool,
    }

    impl Page {
        fn show(&mut self, piece: &str, x_y: (f32, f32), size: f32) {
            if piece.is_empty() {
                return;
            }
            let (_, y) = x_y;
            let size = size.abs().max(1.0);
            match self.line {
                Some((base, line_size)) => {
                    let dy = y - base;
                    let raised =
                        dy > 0.1 * line_size && dy < 0.8 * line_size && size < 0.9 * line_size;
                    if raised
                        && piece
                            .trim()
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '*' || c == ',')
                    {
                        // A footnote mark: superscript digits, glued to the word.
                        for c in piece.trim().chars() {
                            self.text.push(superscript(c));
                        }
                        return;
                    }
                    if dy.abs() > 0.5 * line_size.min(size) {
                        if !self.text.ends_with('\n') {
                            self.text.push('\n');
                        }
                        self.line = Some((y, size));
                    } else if self.moved
                        && !self.text.ends_with(char::is_whitespace)
                        && !piece.starts_with(char::is_whitespace)
                        // A hyphen set apart from its word (Typst) is no word of its own.
                        && !self.text.ends_with(['\u{AD}', '-'])
                        && !piece.starts_with(['\u{AD}', '-'])
                    {
                        self.text.push(' ');
                    }
                }
                None => self.line = Some((y, size)),
            }
            self.moved = false;
            self.text.push_str(piece);
        }
    }

    pub(super) fn superscript(c: char) -> char {
        match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            c => c,
        }
    }

    /// The most operations of one page's content read (a page of a long
    /// paper has tens of thousands).
    const MAX_OPS: usize = 2_000_000;

    /// One page's text; `content` counts the content bytes read so far.
    fn page_text(
        doc: &Document,
        page: lopdf::ObjectId,
        content: &mut usize,
    ) -> lopdf::Result<String> {
        let fonts = doc.get_page_fonts(page)?;
        let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
            .into_iter()
            .filter_map(|(name, font)| {
                let e = font
                    .get_font_encoding_with_limit(doc, MAX_STREAM_BYTES)
                    .ok()?;
                Some((name, e))
            })
            .collect();
        let data = doc.get_page_content_with_limit(page, MAX_PAGE_CONTENT)?;
        *content += data.len();
        let content = Content::decode(&data)?;
        let mut out = Page {
            text: String::new(),
            line: None,
            moved: false,
        };
        let mut ctm = M::ID;
        let mut stack: Vec<M> = Vec::new();
        let (mut tm, mut tlm) = (M::ID, M::ID);
        let mut leading = 0.0f32;
        let mut size = 0.0f32;
        let mut rise = 0.0f32;
        let mut enc: Option<&Encoding> = None;
        for op in content.operations.iter().take(MAX_OPS) {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(M::ID),
                "cm" => {
                    if let Some(m) = M::of(o) {
                        ctm = m.then(ctm);
                    }
                }
                "BT" => {
                    tm = M::ID;
                    tlm = M::ID;
                }
                "Tf" => {
                    enc = o
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| encodings.get(n));
                    size = num(o, 1);
                }
                "TL" => leading = num(o, 0),
                "Ts" => rise = num(o, 0),
                "Td" | "TD" => {
                    let (tx, ty) = (num(o, 0), num(o, 1));
                    if op.operator == "TD" {
                        leading = -ty;
                    }
                    tlm = M([1.0, 0.0, 0.0, 1.0, tx, ty]).then(tlm);
                    tm = tlm;
                    out.moved = true;
                }
                "Tm" => {
                    if let Some(m) = M::of(o) {
                        tlm = m;
                        tm = m;
                        out.moved = true;
                    }
                }
                "T*" => {
                    tlm = M([1.0, 0.0, 0.0, 1.0, 0.0, -leading]).then(tlm);
                    tm = tlm;
                    out.moved = true;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator == "'" || op.operator == "\"" {
                        tlm = M([1.0, 0.0, 0.0, 1.0, 0.0, -leading]).then(tlm);
                        tm = tlm;
                        out.moved = true;
                    }
                    let Some(e) = enc else { continue };
                    let shown = match op.operator.as_str() {
                        "\"" => o.get(2..).unwrap_or(&[]),
                        _ => &o[..],
                    };
                    let mut piece = String::new();
                    collect(&mut piece, e, shown, 0);
                    let m = M([1.0, 0.0, 0.0, 1.0, 0.0, rise]).then(tm).then(ctm);
                    let scale = (m.0[2] * m.0[2] + m.0[3] * m.0[3]).sqrt();
                    out.show(&piece, (m.0[4], m.0[5]), size * scale);
                    // Text after this piece on the same line follows it.
                    out.moved = false;
                }
                _ => {}
            }
        }
        Ok(out.text)
    }

    /// The text of a `Tj`/`TJ` operand: strings decoded, a gap of more than
    /// a tenth of an em in a `TJ` array a space (pdfTeX's word spaces).
    fn collect(out: &mut String, enc: &Encoding, ops: &[Object], depth: usize) {
        for o in ops {
            match o {
                Object::String(bytes, _) => {
                    let _ = enc.write_to_string(bytes, out);
                }
                Object::Array(items) if depth == 0 => collect(out, enc, items, 1),
                Object::Integer(_) | Object::Real(_)
                    if depth == 1
                        && o.as_float().is_ok_and(|g| g < -100.0)
                        && !out.ends_with(' ') =>
                {
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests;
