//! One full text of the corpus as received (often converted from PDF):
//! normalised for searching, split into sentences that keep their exact
//! source location, with the reference list and notes kept apart.

use std::collections::HashSet;
use std::path::Path;

use crate::corpus::normalize::{self, Norm};
use crate::corpus::refs;
use crate::sentence;
use crate::text::LineIndex;
use crate::warn::Warning;

/// Which part of the paper a sentence belongs to. Only `Body` is evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Zone {
    /// Title, author, affiliation and front-matter lines before the text proper.
    Front,
    Body,
    /// Footnotes, endnotes, acknowledgements and correspondence lines.
    Note,
}

/// A sentence of the normalised text with its place in the source file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// Normalised text: lines joined, hyphenation across lines undone,
    /// footnote marks and Markdown/LaTeX leftovers removed, quotes folded
    /// to straight ones, whitespace collapsed. CJK text kept.
    pub text: String,
    /// 1-based line and column (Unicode scalar values) of the first character in the source file.
    pub line: u32,
    pub column: u32,
    /// 1-based line of the last character in the source file.
    pub end_line: u32,
    pub zone: Zone,
    /// Checkpoints mapping byte offsets in `text` to byte offsets in the
    /// source file, sorted; between two checkpoints the texts run in step.
    /// Used to point at a quotation or figure inside a sentence.
    pub map: Vec<(u32, u32)>,
}

impl Sentence {
    /// Byte offset in the source file of byte `offset` of `text`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|&(n, _)| n as usize <= offset);
        if i == 0 {
            return self.map.first().map(|&(_, s)| s as usize).unwrap_or(0);
        }
        let (n, s) = self.map[i - 1];
        s as usize + (offset - n as usize)
    }
}

/// An entry of the paper's own reference list (or a reference found in a note).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// The entry's normalised text.
    pub text: String,
    /// 1-based line in the source file where the entry starts.
    pub line: u32,
    /// Family names of its authors, in order, as written.
    pub families: Vec<String>,
    pub year: Option<i32>,
    /// Year suffix such as the `a` of `2006a`.
    pub year_suffix: Option<char>,
    pub title: Option<String>,
}

/// What could be read of a paper's front: used to pair it with a
/// bibliography entry, or to describe it when no entry exists.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Front {
    /// The normalised opening of the paper (first few thousand characters), lowercased words joined by spaces.
    pub opening: String,
    /// Best guess at the title, as written.
    pub title: Option<String>,
    /// Best guess at the authors ("Given Family" strings as written).
    pub authors: Vec<String>,
    pub year: Option<i32>,
    /// 1-based line of the title guess.
    pub title_line: Option<u32>,
}

/// A heading of the text (dropped from the sentences, kept for reference).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// Normalised heading text.
    pub text: String,
    /// 1-based source line.
    pub line: u32,
}

/// A parsed full text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TextDoc {
    /// Every sentence in reading order: front, body and notes (see `zone`).
    pub sentences: Vec<Sentence>,
    pub references: Vec<Reference>,
    pub front: Front,
    /// Section headings found in the text, in order (not in `sentences`).
    pub headings: Vec<Heading>,
    /// Hash (XXH3-128) of the file's bytes as read: what the index cache is keyed by.
    pub hash: u128,
    /// Problems met reading and parsing this text, replayed when it comes from the cache.
    pub warnings: Vec<Warning>,
    /// For a text extracted from a PDF: the page and line on the page of
    /// each line of the text (its `line`s count lines of the extracted text).
    pub pages: Option<Box<crate::corpus::pdf::PageMap>>,
}

/// Lines longer than this (in bytes) are cut, with a warning.
pub const MAX_LINE: usize = 100_000;

/// What one source line is, before paragraphs are assembled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    PageNum,
    Code,
    Table,
    /// A short line that may be a heading (decided with the next line).
    HeadingCand,
    Heading,
    Special(Sec),
    Caption,
    /// A footnote: starts with a superscript mark, `*` or `†`.
    Foot,
    /// A footnote numbered in brackets, `[1] …` (an entry inside a numbered reference list).
    FootBracket,
    /// Copyright, correspondence or e-mail line.
    NoteLine,
    Keywords,
    Item,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    Refs,
    Notes,
    Ack,
    Appendix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PKind {
    Text,
    Row,
    Caption,
    Foot,
}

struct Para {
    zone: Zone,
    kind: PKind,
    pieces: Vec<(usize, usize)>,
}

/// Parse one full text. `raw` is the file's content (already known to be UTF-8).
pub fn parse_text(path: &Path, raw: &str) -> (TextDoc, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut doc = TextDoc::default();
    if raw.trim().is_empty() {
        warnings.push(Warning::new(path, None, "empty text"));
        return (doc, warnings);
    }
    let index = LineIndex::new(raw);
    let lines = split_lines(path, raw, &mut warnings);
    if let Some(i) = lines
        .iter()
        .position(|&(s, e)| raw[s..e].chars().any(|c| c.is_control() && c != '\t'))
    {
        warnings.push(Warning::new(
            path,
            Some(i as u32 + 1),
            "control characters (e.g. NUL) in the text were read as spaces",
        ));
    }
    let texts: Vec<&str> = lines.iter().map(|&(s, e)| &raw[s..e]).collect();
    let openers = sentence::lowercase_openers(raw);
    let kinds = classify(&texts, &openers);
    let body_start = find_body_start(&texts, &kinds);
    let compounds = normalize::hyphen_compounds(raw);

    // ---- front ----
    let (title_lines, front) = guess_front(raw, &texts, &kinds, body_start);
    doc.front = front;

    // ---- paragraphs ----
    let mut a = Assembler {
        raw,
        lines: &lines,
        texts: &texts,
        paras: front_paras(&lines, &kinds, &title_lines, body_start),
        headings: Vec::new(),
        entries: Vec::new(),
        ref_numbered: None,
        saw_refs: false,
        sec: None,
        cur: None,
        open_main: None,
        open_foot: None,
        prev_blank: true,
        openers: &openers,
    };
    let mut in_fence = false;
    for (line_no, t) in texts.iter().enumerate().skip(body_start) {
        if t.trim_start().starts_with("```") {
            in_fence = !in_fence;
            a.cur = None;
            continue;
        }
        if in_fence {
            continue;
        }
        a.line(line_no, kinds[line_no]);
    }

    doc.sentences = sentences(raw, &index, &a.paras, &compounds);
    doc.headings = headings(raw, &index, &a.headings);
    doc.references = references(path, &texts, &a.entries, &mut warnings);
    if !a.saw_refs && lines.len() > 20 {
        warnings.push(Warning::new(path, None, "no reference list found"));
    }
    (doc, warnings)
}

/// The paragraphs before the body: the title's lines as one, then every
/// other line on its own (a note if it is a copyright or correspondence
/// line).
fn front_paras(
    lines: &[(usize, usize)],
    kinds: &[Kind],
    title_lines: &[usize],
    body_start: usize,
) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    if !title_lines.is_empty() {
        paras.push(Para {
            zone: Zone::Front,
            kind: PKind::Text,
            pieces: title_lines.iter().map(|&i| lines[i]).collect(),
        });
    }
    for li in 0..body_start.min(lines.len()) {
        if title_lines.contains(&li) || matches!(kinds[li], Kind::Blank | Kind::PageNum) {
            continue;
        }
        let zone = if kinds[li] == Kind::NoteLine {
            Zone::Note
        } else {
            Zone::Front
        };
        paras.push(Para {
            zone,
            kind: PKind::Text,
            pieces: vec![lines[li]],
        });
    }
    paras
}

/// The line-by-line pass over the body that assembles paragraphs, headings
/// and reference entries.
struct Assembler<'a> {
    raw: &'a str,
    lines: &'a [(usize, usize)],
    texts: &'a [&'a str],
    paras: Vec<Para>,
    /// Heading lines, in order.
    headings: Vec<(usize, usize)>,
    /// Reference entries: the lines of each.
    entries: Vec<Vec<usize>>,
    /// Whether the reference list numbers its entries in brackets, once known.
    ref_numbered: Option<bool>,
    saw_refs: bool,
    /// The special section the line is in; `None` is the body.
    sec: Option<Sec>,
    /// The paragraph the previous line went to.
    cur: Option<usize>,
    /// The last body and footnote paragraphs, while they are unfinished.
    open_main: Option<usize>,
    open_foot: Option<usize>,
    prev_blank: bool,
    /// Lowercase names the text opens sentences with ([`sentence::lowercase_openers`]).
    openers: &'a HashSet<&'a str>,
}

impl Assembler<'_> {
    /// Take line `line_no` of kind `kind` (outside code fences).
    fn line(&mut self, line_no: usize, kind: Kind) {
        let t = self.texts[line_no];
        let mut kind = kind;
        if self.sec == Some(Sec::Refs) {
            match self.ref_line(line_no, kind) {
                Some(k) => kind = k,
                None => return,
            }
        }
        match kind {
            Kind::Blank | Kind::PageNum => {
                self.prev_blank = true;
                self.cur = None;
            }
            Kind::Code => self.cur = None,
            Kind::Special(s) => {
                self.headings.push(self.lines[line_no]);
                self.sec = match s {
                    Sec::Appendix => None,
                    s => Some(s),
                };
                self.cur = None;
                self.open_main = None;
                self.open_foot = None;
                self.prev_blank = true;
            }
            Kind::Heading | Kind::HeadingCand => self.heading_line(line_no),
            Kind::Table => {
                self.cur = None;
                let words = t
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.chars().count() >= 2)
                    .count();
                if words >= 1 {
                    let zone = section_zone(self.sec);
                    new_para(&mut self.paras, zone, PKind::Row, self.lines[line_no]);
                }
            }
            Kind::Caption => {
                self.cur = None;
                new_para(
                    &mut self.paras,
                    section_zone(self.sec),
                    PKind::Caption,
                    self.lines[line_no],
                );
            }
            Kind::Keywords => {
                self.cur = None;
                new_para(
                    &mut self.paras,
                    Zone::Front,
                    PKind::Caption,
                    self.lines[line_no],
                );
            }
            Kind::Foot | Kind::FootBracket | Kind::NoteLine => {
                let p = new_para(
                    &mut self.paras,
                    Zone::Note,
                    PKind::Foot,
                    self.lines[line_no],
                );
                self.cur = Some(p);
                self.open_foot = (!terminated(t)).then_some(p);
                self.prev_blank = false;
            }
            Kind::Item | Kind::Text => self.text_line(line_no, kind),
        }
    }

    /// A line inside the reference list: a footnote, an entry's line, or
    /// the end of the list. `None` if the list took it; else the kind to
    /// read it as (a heading that ends the list is a heading).
    fn ref_line(&mut self, line_no: usize, kind: Kind) -> Option<Kind> {
        let t = self.texts[line_no];
        self.saw_refs = true;
        let ends = match kind {
            Kind::Special(_) | Kind::Caption | Kind::Table | Kind::NoteLine => true,
            Kind::Heading | Kind::HeadingCand => strong_heading(t),
            _ => false,
        };
        if !ends {
            match kind {
                Kind::Blank | Kind::PageNum | Kind::Code => {}
                Kind::Foot => {
                    self.paras.push(Para {
                        zone: Zone::Note,
                        kind: PKind::Foot,
                        pieces: vec![self.lines[line_no]],
                    });
                }
                Kind::FootBracket if self.ref_numbered == Some(false) => {
                    self.paras.push(Para {
                        zone: Zone::Note,
                        kind: PKind::Foot,
                        pieces: vec![self.lines[line_no]],
                    });
                }
                _ => self.entry_line(line_no),
            }
            return None;
        }
        self.sec = None;
        if matches!(kind, Kind::Heading | Kind::HeadingCand) {
            Some(Kind::Heading)
        } else {
            Some(kind)
        }
    }

    /// A reference list line: the start of a new entry or the next line of
    /// the last one.
    fn entry_line(&mut self, line_no: usize) {
        let t = self.texts[line_no];
        let (body, marked) = refs::strip_marker(t);
        if self.ref_numbered.is_none() {
            self.ref_numbered = Some(t.trim_start().starts_with('[') && marked);
        }
        let new_entry = match self.entries.last() {
            None => true,
            Some(e) => {
                let last = self.texts[*e.last().unwrap_or(&line_no)];
                let indented = t.starts_with(' ') || t.starts_with('\t');
                let lower = first_letter(body).is_some_and(char::is_lowercase);
                if marked {
                    true
                } else if indented || lower || body.starts_with('(') {
                    false
                } else {
                    refs::entry_terminated(last) && refs::looks_like_entry_start(body)
                }
            }
        };
        if new_entry {
            self.entries.push(vec![line_no]);
        } else if let Some(e) = self.entries.last_mut() {
            e.push(line_no);
        }
    }

    /// A heading, or in a notes section a numbered note that looks like one.
    fn heading_line(&mut self, line_no: usize) {
        let t = self.texts[line_no];
        let in_notes = matches!(self.sec, Some(Sec::Notes));
        if in_notes && !strong_heading(t) {
            // a numbered note, not a heading
            let p = new_para(
                &mut self.paras,
                Zone::Note,
                PKind::Text,
                self.lines[line_no],
            );
            self.cur = Some(p);
            self.open_main = (!terminated(t)).then_some(p);
            self.prev_blank = false;
            return;
        }
        self.headings.push(self.lines[line_no]);
        if matches!(self.sec, Some(Sec::Ack | Sec::Notes)) {
            self.sec = None;
        }
        self.cur = None;
        self.open_main = None;
        self.open_foot = None;
        self.prev_blank = true;
    }

    /// A line of running text or a list item: it continues the current
    /// paragraph, or an unfinished one a page break or footnote
    /// interrupted, or starts a new one.
    fn text_line(&mut self, line_no: usize, kind: Kind) {
        let t = self.texts[line_no];
        let zone = if self.sec.is_some() {
            Zone::Note
        } else {
            Zone::Body
        };
        let in_notes = self.sec == Some(Sec::Notes);
        let numbered_note = in_notes && starts_numbered(t);
        let target = if kind == Kind::Item || numbered_note {
            None
        } else if let (Some(c), false) = (self.cur, self.prev_blank) {
            Some(c)
        } else {
            self.interrupted(t)
        };
        let p = match target {
            Some(p) => {
                self.paras[p].pieces.push(self.lines[line_no]);
                p
            }
            None => new_para(&mut self.paras, zone, PKind::Text, self.lines[line_no]),
        };
        self.cur = Some(p);
        if self.paras[p].kind == PKind::Foot {
            self.open_foot = (!terminated(t)).then_some(p);
        } else {
            self.open_main = (!terminated(t)).then_some(p);
        }
        self.prev_blank = false;
    }

    /// The unfinished body (else footnote) paragraph that line `t`, after a
    /// break, continues: when it starts in lowercase, or the paragraph stops
    /// mid-phrase, or it starts with a digit inside an open parenthesis.
    fn interrupted(&self, t: &str) -> Option<usize> {
        let lower = first_letter(strip_decor(t).as_str()).is_some_and(char::is_lowercase)
            && !opens_lowercase(t, self.openers);
        let digit_start = t.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let joinable = |p: usize| {
            let last = piece_text(self.raw, &self.paras[p]);
            !terminated(last) && (lower || unfinished(last) || digit_start && unclosed_paren(last))
        };
        self.open_main
            .filter(|&p| joinable(p))
            .or(self.open_foot.filter(|&p| joinable(p)))
    }
}

/// The sentences of the paragraphs: rows and short captions whole, the
/// rest split; a copyright line in the body is a note.
fn sentences(
    raw: &str,
    index: &LineIndex,
    paras: &[Para],
    compounds: &HashSet<String>,
) -> Vec<Sentence> {
    let mut out = Vec::new();
    for para in paras {
        let norm = normalize_para(raw, &para.pieces, compounds);
        let whole =
            para.kind == PKind::Row || para.kind == PKind::Caption && norm.text.len() <= 300;
        let ranges = if whole {
            if norm.text.is_empty() {
                vec![]
            } else {
                std::iter::once(0..norm.text.len()).collect()
            }
        } else {
            sentence::split(&norm.text)
        };
        for r in ranges {
            let text = norm.text[r.clone()].to_string();
            if !text.chars().any(char::is_alphanumeric) {
                continue;
            }
            let mut zone = para.zone;
            if zone == Zone::Body && is_copyright(&text) {
                zone = Zone::Note;
            }
            out.push(make_sentence(raw, index, &norm, r, text, zone));
        }
    }
    out
}

/// The section headings, normalised, with their lines.
fn headings(raw: &str, index: &LineIndex, lines: &[(usize, usize)]) -> Vec<Heading> {
    let mut out = Vec::new();
    for &(s, e) in lines {
        let text = normalize::normalize_str(&raw[s..e]);
        if !text.is_empty() {
            out.push(Heading {
                text,
                line: index.pos(raw, s).line,
            });
        }
    }
    out
}

/// The reference list's entries, their lines joined (and hyphenated words
/// mended) and parsed; an entry without authors or year is warned about.
fn references(
    path: &Path,
    texts: &[&str],
    entries: &[Vec<usize>],
    warnings: &mut Vec<Warning>,
) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut prev_fams: Vec<String> = Vec::new();
    for e in entries {
        let semi: Vec<&str> = e.iter().map(|&i| texts[i].trim()).collect();
        let first = refs::strip_marker(semi[0]).0;
        let mut joined = String::from(first);
        for piece in &semi[1..] {
            if joined.ends_with('-') && piece.starts_with(|c: char| c.is_lowercase()) {
                joined.pop();
            } else {
                joined.push(' ');
            }
            joined.push_str(piece);
        }
        let parsed = refs::parse_entry(&joined, &prev_fams);
        let norm = normalize::normalize_str(&joined);
        if norm.is_empty() {
            continue;
        }
        if parsed.year.is_none() && parsed.families.is_empty() {
            warnings.push(Warning::new(
                path,
                Some(e[0] as u32 + 1),
                "reference entry without recognisable authors or year",
            ));
        }
        prev_fams = parsed.families.clone();
        out.push(Reference {
            text: norm,
            line: e[0] as u32 + 1,
            families: parsed.families,
            year: parsed.year,
            year_suffix: parsed.year_suffix,
            title: parsed.title,
        });
    }
    out
}

/// Rows and captions inside a notes or acknowledgements section are notes.
fn section_zone(sec: Option<Sec>) -> Zone {
    if sec.is_some() {
        Zone::Note
    } else {
        Zone::Body
    }
}

fn new_para(paras: &mut Vec<Para>, zone: Zone, kind: PKind, piece: (usize, usize)) -> usize {
    paras.push(Para {
        zone,
        kind,
        pieces: vec![piece],
    });
    paras.len() - 1
}

fn piece_text<'a>(raw: &'a str, p: &Para) -> &'a str {
    p.pieces.last().map(|&(s, e)| &raw[s..e]).unwrap_or("")
}

/// Line content ranges (without line endings), cut at [`MAX_LINE`] bytes.
fn split_lines(path: &Path, raw: &str, warnings: &mut Vec<Warning>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, line) in raw.split('\n').enumerate() {
        let len = line.len();
        let mut end = start + line.trim_end_matches('\r').len();
        if end - start > MAX_LINE {
            let mut cut = start + MAX_LINE;
            while !raw.is_char_boundary(cut) {
                cut -= 1;
            }
            warnings.push(Warning::new(
                path,
                Some(i as u32 + 1),
                format!("line of {} bytes cut to its first {MAX_LINE}", end - start),
            ));
            end = cut;
        }
        out.push((start, end));
        start += len + 1;
    }
    out
}

/// The line without Markdown decoration, list marks or leading footnote marks.
fn strip_decor(t: &str) -> String {
    let t = t.trim().trim_start_matches('#').trim();
    t.chars()
        .filter(|&c| c != '*' && c != '_')
        .collect::<String>()
        .trim()
        .to_string()
}

fn first_letter(t: &str) -> Option<char> {
    t.chars().find(|c| c.is_alphabetic())
}

fn starts_like_code(t: &str) -> bool {
    // `hdi() computes …`: a lowercase identifier opening a paragraph
    let w: String = t
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    w.contains("()") || w.contains('_')
}

/// A line opening with a lowercase word that still starts a paragraph, so
/// it neither continues the paragraph before nor unmakes the heading before:
/// a function call, or a name the text opens sentences with after a full
/// stop elsewhere (`xclim is …` under `Projects using xclim`).
fn opens_lowercase(t: &str, openers: &HashSet<&str>) -> bool {
    if starts_like_code(t) {
        return true;
    }
    let w = t.trim_start().trim_start_matches(['`', '*', '_']);
    let end = w
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
        .unwrap_or(w.len());
    openers.contains(&w[..end])
}

fn starts_numbered(t: &str) -> bool {
    let s = t.trim_start();
    let d = s.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&d) && s[d..].starts_with(['.', ')', ' '])
}

/// A heading that ends a reference list or notes section: ALL CAPS,
/// numbered, or a Markdown `#` heading.
fn strong_heading(t: &str) -> bool {
    let s = t.trim();
    if s.starts_with('#') {
        return true;
    }
    let c = strip_decor(s);
    let letters: Vec<char> = c.chars().filter(|c| c.is_alphabetic()).collect();
    (letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase())) || numbered_heading(&c)
}

fn numbered_heading(c: &str) -> bool {
    let d = c
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    if d == 0 || !c.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let rest = c[d..].trim_start();
    let words = rest.split_whitespace().count();
    c[d..].starts_with(' ')
        && rest.starts_with(|c: char| c.is_uppercase())
        && words <= 20
        && ![
            "University",
            "Department",
            "Institute",
            "College",
            "School",
            "Centre",
            "Center",
        ]
        .iter()
        .any(|w| rest.contains(w))
}

/// Last character of `t` once trailing marks, quotes and brackets are removed.
fn core_end(t: &str) -> Option<char> {
    let mut s = t.trim_end();
    loop {
        let before = s.len();
        s = s.trim_end_matches(|c: char| {
            normalize::is_superscript_digit(c)
                || matches!(
                    c,
                    '*' | '_'
                        | '"'
                        | '\''
                        | '”'
                        | '’'
                        | ')'
                        | ']'
                        | '}'
                        | '$'
                        | '†'
                        | '‡'
                        | '»'
                        | '」'
                )
                || c.is_whitespace()
        });
        if let Some(p) = s.rfind("^{") {
            if s.len() - p <= 12 {
                s = &s[..p];
            }
        }
        // digits glued after a full stop: `dynamics.12`
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=2).contains(&digits) && s[..s.len() - digits].ends_with('.') {
            s = &s[..s.len() - digits];
        }
        if s.len() == before {
            break;
        }
    }
    s.chars().last()
}

/// Whether a paragraph's last line ends a sentence.
fn terminated(t: &str) -> bool {
    core_end(t).is_none_or(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | ':' | ';'))
}

/// Whether a line clearly breaks off mid-sentence even if the next one
/// starts with a capital: a trailing comma, hyphen or function word, or an
/// open parenthesis.
fn unfinished(t: &str) -> bool {
    let s = t.trim_end().trim_end_matches(['*', '_']);
    if s.ends_with([',', '-', '(', '—', '–', '/', '&']) {
        return true;
    }
    let last = s.rsplit(char::is_whitespace).next().unwrap_or("");
    crate::stopwords::UNFINISHED_LINE_SET.contains(&last.to_lowercase()) || unclosed_paren(s)
}

fn unclosed_paren(t: &str) -> bool {
    let tail: &str = {
        let mut cut = t.len().saturating_sub(400);
        while !t.is_char_boundary(cut) {
            cut += 1;
        }
        &t[cut..]
    };
    tail.matches('(').count() > tail.matches(')').count()
}

fn is_copyright(s: &str) -> bool {
    let l = s.trim_start().to_lowercase();
    l.starts_with('©')
        || l.starts_with("copyright")
        || l.starts_with("(c) ")
        || l == "all rights reserved."
}

/// Lines kinds, decided line by line (headings confirmed by the next line).
fn classify(texts: &[&str], openers: &HashSet<&str>) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = texts.iter().map(|t| basic_kind(t)).collect();
    // confirm heading candidates: not followed by a lowercase continuation,
    // and not inside a paragraph wrapped over several lines
    for i in 0..kinds.len() {
        if kinds[i] != Kind::HeadingCand {
            continue;
        }
        let strong = strong_heading(texts[i]);
        let inside_block =
            i > 0 && matches!(kinds[i - 1], Kind::Text | Kind::Item) && !terminated(texts[i - 1]);
        let mut next = None;
        for (j, k) in kinds.iter().enumerate().skip(i + 1) {
            match k {
                Kind::Blank
                | Kind::PageNum
                | Kind::Foot
                | Kind::NoteLine
                | Kind::Caption
                | Kind::Table => {}
                _ => {
                    next = Some(j);
                    break;
                }
            }
        }
        let next_lower = next.is_some_and(|j| {
            first_letter(strip_decor(texts[j]).as_str()).is_some_and(char::is_lowercase)
                && !opens_lowercase(texts[j], openers)
        });
        kinds[i] = if (strong || !inside_block) && (!next_lower || title_case(texts[i])) {
            Kind::Heading
        } else {
            Kind::Text
        };
    }
    kinds
}

/// Every word of four letters or more is capitalised (`Indices of
/// Centrality: Point-estimates`): a heading even before a lowercase line.
fn title_case(t: &str) -> bool {
    let c = strip_decor(t);
    let long: Vec<&str> = c
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    long.len() >= 2
        && long.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

fn basic_kind(t: &str) -> Kind {
    let trimmed = t.trim();
    if trimmed.is_empty() || trimmed.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return Kind::Blank;
    }
    if (trimmed.len() <= 4 && trimmed.chars().all(|c| c.is_ascii_digit()))
        || trimmed
            .to_lowercase()
            .strip_prefix("page ")
            .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit()))
    {
        return Kind::PageNum;
    }
    let inner_tab = trimmed.contains('\t');
    let pipes = trimmed.matches('|').count();
    if inner_tab || (pipes >= 2 && trimmed.starts_with('|')) {
        if trimmed.chars().all(|c| "|-:+ \t".contains(c)) {
            return Kind::Code;
        }
        return Kind::Table;
    }
    if t.starts_with("    ") || t.starts_with('\t') || trimmed.starts_with("#>") {
        return Kind::Code;
    }
    let first = trimmed.chars().next().unwrap_or(' ');
    if normalize::is_superscript_digit(first)
        || trimmed.starts_with("$^")
        || trimmed.starts_with("^{")
        || trimmed.starts_with("^*")
        || trimmed.starts_with(['†', '‡'])
        || (trimmed.starts_with('^') && trimmed[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return Kind::Foot;
    }
    if first == '*' && !trimmed.starts_with("**") {
        let rest = &trimmed[1..];
        let italic = rest.find('*').is_some_and(|p| {
            p > 0 && p < 150 && !rest[..p].ends_with(' ') && !rest.starts_with(' ')
        });
        if !italic {
            return Kind::Foot;
        }
    }
    if let Some(rest) = trimmed.strip_prefix('[') {
        let close = rest.find(']');
        if let Some(c) = close {
            if c > 0 && c <= 3 && rest[..c].chars().all(|c| c.is_ascii_digit()) {
                return Kind::FootBracket;
            }
        }
        if trimmed.ends_with(']') && close.is_some_and(|c| c + 2 == trimmed.len()) {
            return Kind::Caption;
        }
    }
    let core = strip_decor(trimmed);
    let lower = core.to_lowercase();
    if let Some(sec) = special_heading(&lower) {
        return Kind::Special(sec);
    }
    if is_copyright(&core) && core.len() < 400
        || core.len() < 500
            && [
                "correspondence",
                "corresponding author",
                "e-mail",
                "email:",
                "email ",
                "address for correspondence",
                "address correspondence",
                "tel.",
                "tel:",
                "fax:",
                "all rights reserved",
            ]
            .iter()
            .any(|w| lower.starts_with(w))
        || core.len() < 200 && has_email(&core)
    {
        return Kind::NoteLine;
    }
    if [
        "key words",
        "keywords",
        "key-words",
        "jel classification",
        "jel codes",
        "index terms",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        return Kind::Keywords;
    }
    if is_caption(&lower) {
        return Kind::Caption;
    }
    for m in ["- ", "• ", "– ", "· ", "▪ ", "◦ "] {
        if trimmed.starts_with(m) {
            return Kind::Item;
        }
    }
    if heading_like(&core) {
        return Kind::HeadingCand;
    }
    if starts_numbered(&core)
        || core.starts_with('(')
            && core[1..].starts_with(|c: char| c.is_ascii_alphanumeric())
            && core.find(')').is_some_and(|p| p <= 4)
    {
        return Kind::Item;
    }
    Kind::Text
}

fn has_email(s: &str) -> bool {
    s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.find('@') {
            Some(p) => p > 0 && w[p + 1..].contains('.'),
            None => false,
        }
    })
}

fn special_heading(lower: &str) -> Option<Sec> {
    if lower.chars().count() > 60 {
        return None;
    }
    let s = lower.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
    let s = s.trim_end_matches([':', '.', ' ']);
    let refs = [
        "references",
        "reference",
        "bibliography",
        "literature cited",
        "works cited",
        "references cited",
        "reference list",
        "cited literature",
        "literature",
        "sources",
        "references and notes",
        "参考文献",
        "引用文献",
        "références",
        "literaturverzeichnis",
    ];
    if refs.contains(&s) {
        return Some(Sec::Refs);
    }
    if ["notes", "endnotes", "footnotes", "end notes", "note"].contains(&s) {
        return Some(Sec::Notes);
    }
    if s.starts_with("acknowledg")
        || [
            "funding",
            "conflict of interest",
            "conflicts of interest",
            "competing interests",
            "competing interest",
            "declaration of competing interest",
            "author contributions",
            "disclosure statement",
            "declarations",
        ]
        .contains(&s)
    {
        return Some(Sec::Ack);
    }
    if s.starts_with("appendix")
        || s.starts_with("appendices")
        || s.starts_with("annex")
        || s.starts_with("supplementary")
    {
        return Some(Sec::Appendix);
    }
    None
}

fn is_caption(lower: &str) -> bool {
    for w in [
        "figure", "fig.", "table", "chart", "exhibit", "graph", "map", "source", "sources",
        "notes", "note", "photo", "diagram", "box", "図", "表",
    ] {
        let Some(rest) = lower.strip_prefix(w) else {
            continue;
        };
        if rest.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let r = rest.trim_start();
        let num = r.chars().take_while(char::is_ascii_digit).count();
        let mut r2 = &r[num..];
        // `2.1`, `A1` style numbers
        while r2.starts_with('.') && r2[1..].starts_with(|c: char| c.is_ascii_digit()) {
            let d = r2[1..].chars().take_while(char::is_ascii_digit).count();
            r2 = &r2[1 + d..];
        }
        if r2.starts_with(['.', ':', '—', '–', '-', '|']) {
            return true;
        }
        if num > 0 && r2.starts_with(' ') && r2.trim_start().starts_with(|c: char| c.is_uppercase())
        {
            return true;
        }
    }
    false
}

/// A short line without final punctuation that starts like a heading.
fn heading_like(core: &str) -> bool {
    let n = core.chars().count();
    if n == 0 || n > 200 {
        return false;
    }
    let first = core.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '(' || sentence::is_cjk(first))
    {
        return false;
    }
    let last = core.chars().last().unwrap_or(' ');
    if matches!(
        last,
        '.' | ','
            | ';'
            | '!'
            | '?'
            | ':'
            | '-'
            | '"'
            | '\''
            | '”'
            | '’'
            | '。'
            | '！'
            | '？'
            | '、'
            | '，'
    ) && !core.ends_with("etc.")
    {
        return false;
    }
    if core.split_whitespace().count() > 25 {
        return false;
    }
    let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    let last_word = core
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    caps || !crate::stopwords::UNFINISHED_LINE_SET.contains(&last_word)
}

/// Where the text proper starts: the first section heading or real paragraph.
fn find_body_start(texts: &[&str], kinds: &[Kind]) -> usize {
    let limit = texts.len().min(80);
    for i in 0..limit {
        let core = strip_decor(texts[i]);
        let lower = core.to_lowercase();
        match kinds[i] {
            Kind::Special(_) => return i,
            Kind::Heading => {
                let name = lower
                    .trim_start_matches(|c: char| {
                        c.is_ascii_digit() || c == '.' || c.is_whitespace()
                    })
                    .trim_end_matches([':', '.']);
                let known = [
                    "abstract",
                    "summary",
                    "introduction",
                    "background",
                    "overview",
                    "executive summary",
                    "preface",
                    "foreword",
                    "statement of need",
                ];
                if known.contains(&name) || i > 0 && numbered_heading(&core) {
                    return i;
                }
            }
            Kind::Text | Kind::Item if is_paragraph(&core) => return i,
            _ => {}
        }
    }
    // no clear start: the first longish text line
    (0..limit)
        .find(|&i| matches!(kinds[i], Kind::Text) && texts[i].len() >= 150)
        .unwrap_or(0)
}

fn is_paragraph(core: &str) -> bool {
    let words = core.split_whitespace().count();
    let commas = core.matches(',').count();
    core.len() >= 200
        && words >= 25
        && words >= 5 * (commas + 1)
        && (core.contains(". ") || core.ends_with('.'))
}

/// Title, authors and year guesses from the lines before `body_start`.
fn guess_front(
    raw: &str,
    texts: &[&str],
    kinds: &[Kind],
    body_start: usize,
) -> (Vec<usize>, Front) {
    let mut front = Front::default();
    // opening: the first ~3000 characters, normalised, lowercased words
    let mut n = Norm::new();
    let mut taken = 0;
    for t in texts {
        if taken > 3000 {
            break;
        }
        let piece: &str = {
            let mut end = t.len().min(3000 - taken.min(3000) + 1);
            while !t.is_char_boundary(end) {
                end -= 1;
            }
            &t[..end]
        };
        normalize::push_piece(&mut n, piece, 0, piece.len());
        n.space(0);
        taken += t.len() + 1;
    }
    front.opening = crate::text::fold_words(&n.text).join(" ");

    let skip = |t: &str| {
        let c = strip_decor(t);
        let l = c.to_lowercase();
        let alpha = c.chars().filter(|c| c.is_alphabetic()).count();
        alpha < 8
            || c.split_whitespace().count() < 2
            || [
                "chapter",
                "part ",
                "discussion paper",
                "working paper",
                "research paper",
                "technical report",
                "policy brief",
                "original article",
                "research article",
                "review article",
                "article",
                "vol.",
                "volume",
                "issue",
                "issn",
                "doi",
                "http",
                "www.",
                "journal",
                "proceedings",
                "received",
                "accepted",
                "published",
                "citation",
                "preprint",
                "draft",
                "forthcoming",
            ]
            .iter()
            .any(|w| l.starts_with(w))
            || l.contains(" vol.") && l.contains("pp.")
            || [
                "working paper",
                "discussion paper",
                "paper no",
                "report no",
                "series no",
            ]
            .iter()
            .any(|w| l.contains(w))
    };
    let front_lines: Vec<usize> = (0..body_start.min(texts.len()))
        .filter(|&i| {
            !matches!(
                kinds[i],
                Kind::Blank | Kind::PageNum | Kind::NoteLine | Kind::Keywords
            )
        })
        .collect();
    let mut title_lines = Vec::new();
    if let Some(pos) = front_lines.iter().position(|&i| !skip(texts[i])) {
        let first = front_lines[pos];
        title_lines.push(first);
        let mut joined = texts[first].trim().to_string();
        let mut i = first + 1;
        while i < body_start.min(texts.len()) && title_lines.len() < 4 {
            let adjacent = kinds[i] != Kind::Blank;
            let (j, next) = if adjacent {
                (i, texts[i])
            } else {
                // one blank line between the parts of a wrapped title
                let j = i + 1;
                if j >= body_start.min(texts.len()) || kinds[j] == Kind::Blank {
                    break;
                }
                (j, texts[j])
            };
            let open_bold = joined.matches("**").count() % 2 == 1;
            let tail = strip_decor(&joined);
            let last_word = tail
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_lowercase();
            let dangling = tail.ends_with([':', ',', '-', '–', '—'])
                || crate::stopwords::UNFINISHED_LINE_SET.contains(&last_word);
            let next_lower = first_letter(&strip_decor(next)).is_some_and(char::is_lowercase);
            let join = (adjacent && open_bold) || dangling || next_lower;
            if !join || kinds[j] == Kind::NoteLine {
                break;
            }
            title_lines.push(j);
            joined.push(' ');
            joined.push_str(next.trim());
            i = j + 1;
        }
        let title = normalize::normalize_str(&joined);
        if !title.is_empty() {
            front.title = Some(title);
            front.title_line = Some(first as u32 + 1);
        }
    }
    // authors: the first line after the title that reads like names
    let after = title_lines.last().map(|&l| l + 1).unwrap_or(0);
    for &i in front_lines.iter().filter(|&&i| i >= after).take(5) {
        let names = author_names(texts[i]);
        if !names.is_empty() {
            front.authors = names;
            break;
        }
    }
    if front.authors.is_empty() && title_lines.is_empty() {
        // no front block at all; nothing to guess
    }
    front.year = guess_year(raw, texts, &front_lines, &title_lines);
    (title_lines, front)
}

const INSTITUTION_WORDS: &[&str] = &[
    "university",
    "college",
    "institute",
    "department",
    "center",
    "centre",
    "school",
    "laboratory",
    "research",
    "group",
    "inc",
    "ltd",
    "press",
    "society",
    "foundation",
    "ministry",
    "bank",
    "hospital",
    "academy",
    "faculty",
    "division",
    "program",
    "paper",
    "discussion",
    "journal",
    "economics",
    "management",
    "abstract",
    "summary",
    "introduction",
    "china",
    "usa",
    "japan",
    "germany",
    "street",
    "road",
    "avenue",
];

/// Author names on a line: `Yan Zhang and Nozomu Kawabata`,
/// `GARY HERRIGEL^{1*}, VOLKER WITTKE², and ULRICH VOSKAMP³ ¹Department…`.
fn author_names(line: &str) -> Vec<String> {
    // cut at an affiliation mark that opens a word (`³ ¹Department`)
    let mut cut = line.len();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(b, c)) in chars.iter().enumerate() {
        let opens_word = k == 0 || chars[k - 1].1.is_whitespace();
        if opens_word && k > 0 && (normalize::is_superscript_digit(c) || c == '^' || c == '$') {
            cut = b;
            break;
        }
    }
    let mut s = normalize::normalize_str(&line[..cut]);
    // drop parenthesised affiliations
    while let (Some(a), Some(b)) = (s.find('('), s.find(')')) {
        if b < a {
            break;
        }
        s.replace_range(a..=b, ",");
    }
    let s = s
        .replace(" & ", ",")
        .replace(" and ", ",")
        .replace(" AND ", ",")
        .replace(';', ",");
    let segs: Vec<&str> = s
        .split(',')
        .map(|x| x.trim().trim_start_matches("and ").trim())
        .filter(|x| !x.is_empty())
        .collect();
    if segs.is_empty() {
        return vec![];
    }
    let is_name = |seg: &str| {
        let words: Vec<&str> = seg.split_whitespace().collect();
        (2..=5).contains(&words.len())
            && words.iter().all(|w| {
                let f = w.chars().next().unwrap_or(' ');
                (f.is_uppercase()
                    || [
                        "van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del",
                    ]
                    .contains(w))
                    && !w.chars().any(|c| c.is_ascii_digit() || c == '@')
            })
            && !words.iter().any(|w| {
                INSTITUTION_WORDS
                    .contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic()))
            })
    };
    let good: Vec<&str> = segs.iter().copied().filter(|s| is_name(s)).collect();
    if good.is_empty() || good.len() * 2 < segs.len() {
        return vec![];
    }
    let mut out = Vec::new();
    for g in good {
        let words: Vec<&str> = g.split_whitespace().collect();
        // two names run together without a separator: `Jun He Qin Wang`
        if words.len() == 4
            && words
                .iter()
                .all(|w| w.chars().count() > 1 && !w.ends_with('.'))
        {
            out.push(words[..2].join(" "));
            out.push(words[2..].join(" "));
        } else {
            out.push(g.to_string());
        }
    }
    out
}

/// Besides the months (`crate::calendar`), what opens a `Month Year` line
/// of a text's front matter: `Spring 2013`.
const SEASONS: &[&str] = &["spring", "summer", "autumn", "fall", "winter"];

/// A lowercase month, in full or abbreviated, or a season.
fn is_month_or_season(w: &str) -> bool {
    crate::calendar::month_number(w).is_some() || SEASONS.contains(&w)
}

fn year_at(s: &str) -> Option<i32> {
    let d: String = s.chars().take_while(char::is_ascii_digit).collect();
    if d.len() == 4 && !s[4..].starts_with(|c: char| c.is_ascii_digit()) {
        let y: i32 = d.parse().ok()?;
        return (1900..=2099).contains(&y).then_some(y);
    }
    None
}

fn guess_year(
    raw: &str,
    texts: &[&str],
    front_lines: &[usize],
    title_lines: &[usize],
) -> Option<i32> {
    let mut end = raw.len().min(6000);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let head = &raw[..end];
    // `© 2008`, `Copyright © 2013`, `(c) 2010`
    for (p, _) in head.match_indices('©') {
        let rest = head[p + '©'.len_utf8()..].trim_start();
        if let Some(y) = year_at(rest) {
            return Some(y);
        }
    }
    let lower = head.to_lowercase();
    for (p, _) in lower.match_indices("copyright") {
        let rest = lower[p + 9..]
            .trim_start()
            .trim_start_matches("(c)")
            .trim_start();
        if let Some(y) = year_at(rest) {
            return Some(y);
        }
    }
    // a month-year line: `April 2013`
    for &i in front_lines {
        let c = strip_decor(texts[i]).to_lowercase();
        let words: Vec<&str> = c.split_whitespace().collect();
        if words.len() == 2 && is_month_or_season(words[0].trim_end_matches(['.', ','])) {
            if let Some(y) = year_at(words[1]) {
                return Some(y);
            }
        }
    }
    // a single year somewhere in the front lines (not in the title)
    let mut found: Option<i32> = None;
    for &i in front_lines.iter().filter(|i| !title_lines.contains(i)) {
        let t = texts[i];
        let b = t.as_bytes();
        for p in 0..b.len().saturating_sub(3) {
            if (p == 0 || !b[p - 1].is_ascii_digit()) && t.is_char_boundary(p) {
                if let Some(y) = year_at(&t[p..]) {
                    match found {
                        Some(f) if f != y => return None,
                        _ => found = Some(y),
                    }
                }
            }
        }
    }
    found
}

/// Normalise a paragraph's pieces, joining them with a space or undoing
/// a line-end hyphenation.
fn normalize_para(raw: &str, pieces: &[(usize, usize)], compounds: &HashSet<String>) -> Norm {
    let mut n = Norm::new();
    for (k, &(s, e)) in pieces.iter().enumerate() {
        if k > 0 {
            let next = raw[s..e].trim_start();
            let first = next.chars().next();
            let ends_hyphen = n.text.ends_with('-') && {
                let before: Vec<char> = n.text.chars().rev().take(2).collect();
                before.get(1).is_some_and(|c| c.is_alphanumeric())
            };
            if ends_hyphen && first.is_some_and(char::is_alphanumeric) {
                n.no_space();
                if first.is_some_and(char::is_lowercase) {
                    let left = normalize::word_before(&n.text[..n.text.len() - 1]);
                    let right: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
                    let key = format!("{}-{}", left.to_lowercase(), right.to_lowercase());
                    if !compounds.contains(&key) {
                        n.pop();
                    }
                }
            } else if n.text.ends_with(['—', '–']) {
                n.no_space();
            } else {
                n.space(s);
            }
        }
        normalize::push_piece(&mut n, raw, s, e);
    }
    n
}

fn make_sentence(
    raw: &str,
    index: &LineIndex,
    norm: &Norm,
    r: std::ops::Range<usize>,
    text: String,
    zone: Zone,
) -> Sentence {
    let src_start = norm.source_offset(r.start);
    let last_char = text.chars().last().map(char::len_utf8).unwrap_or(1);
    let src_last = norm.source_offset(r.end - last_char);
    let pos = index.pos(raw, src_start);
    let end = index.pos(raw, src_last);
    let mut map = vec![(0u32, src_start as u32)];
    // The checkpoints inside the sentence, found by binary search in the
    // sorted map (a scan of the whole map per sentence made a paragraph
    // of many sentences quadratic).
    let from = norm.map.partition_point(|&(nb, _)| nb as usize <= r.start);
    let to = norm.map.partition_point(|&(nb, _)| (nb as usize) < r.end);
    for &(nb, sb) in &norm.map[from..to.max(from)] {
        map.push(((nb as usize - r.start) as u32, sb));
    }
    Sentence {
        text,
        line: pos.line,
        column: pos.column,
        end_line: end.line,
        zone,
        map,
    }
}

#[cfg(test)]
mod tests;
