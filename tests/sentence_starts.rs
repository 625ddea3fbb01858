//! Sentences that open with a lowercase word (a package such as `xclim`, a
//! gene, `eBay`), measured on texts nobody on the team wrote: every text of
//! `../shared/realworld/corpus2`, read as a corpus text and as a draft, and
//! the Markdown sources of the same papers (`../shared/realworld/joss`) as
//! drafts. Skipped without `../shared`; mandatory in CI.
//!
//! Every `. <lowercase word>` of a text is classed by its surroundings, not
//! by which sentence it is in:
//! - a *boundary* when the word before the full stop is an ordinary word
//!   (letters, two or more, not an abbreviation) or closes a bracket or a
//!   citation, and the word after it is a name (not a function word, an
//!   abbreviation or a single letter): the sentence must be split there;
//! - a *continuation* when the full stop ends an abbreviation (`e.g.`,
//!   `et al.`, `etc.`), an initial (`H. de Moel`), a dotted form (`U.S.`,
//!   `Ph.D.`) or an ellipsis, or the next word is a function word or an
//!   abbreviation (`standards. and designs`): it must not be split there;
//! - anything else (a number before it, a URL after it) is not counted.
//!
//! A place that no sentence covers (a heading, the reference list, a code
//! block) counts for neither side.

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// Abbreviations whose full stop does not end a sentence before a lowercase
/// word: the usual English and bibliographic ones, chosen for this test
/// independently of the splitter's own lists.
const ABBREVIATIONS: &[&str] = &[
    "al", "etc", "cf", "vs", "viz", "approx", "ca", "resp", "fig", "figs", "eq", "eqs", "no",
    "vol", "pp", "ed", "eds", "ibid", "ex", "sp", "spp", "var", "dept", "univ", "inc", "ltd", "co",
    "corp", "dr", "prof", "mr", "mrs", "ms", "st", "jr", "sr", "sec", "ch", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Function words: written lowercase after a full stop they carry a broken
/// sentence on; a sentence that opens with one is capitalised.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "into", "on", "at", "by", "for",
    "from", "with", "as", "than", "that", "which", "who", "where", "when", "while", "if", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "may", "will",
    "would", "should", "not", "this", "these", "those", "it", "its", "they", "their", "we", "our",
    "such", "both", "each", "all", "some", "also", "then", "there", "however", "thus",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Boundary,
    Continuation,
}

/// A `. <lowercase word>` of a text: the byte where the word (or its
/// Markdown mark) starts, its class, and a short context for messages.
#[derive(Debug)]
struct Place {
    at: usize,
    class: Class,
    context: String,
}

/// Every classed `. <lowercase word>` of `raw` (see the file's comment).
fn places(raw: &str) -> Vec<Place> {
    let mut out = Vec::new();
    for (p, c) in raw.char_indices() {
        if c != '.' {
            continue;
        }
        let after = &raw[p + 1..];
        let gap = after.len() - after.trim_start().len();
        if gap == 0 || after[..gap].matches('\n').count() > 1 {
            continue;
        }
        let at = p + 1 + gap;
        let Some(next) = next_word(&raw[at..]) else {
            continue;
        };
        let Some(prev) = prev_class(&raw[..p]) else {
            continue;
        };
        let lower = next.to_lowercase();
        let next_continues = next.chars().count() < 2
            || FUNCTION_WORDS.contains(&lower.as_str())
            || ABBREVIATIONS.contains(&lower.trim_end_matches('.'))
            || next.strip_suffix('.').unwrap_or(next).contains('.');
        let class = if prev == Class::Continuation || next_continues {
            Class::Continuation
        } else {
            Class::Boundary
        };
        let from = floor(raw, p.saturating_sub(50));
        let to = floor(raw, (at + 40).min(raw.len()));
        out.push(Place {
            at,
            class,
            context: raw[from..to].replace('\n', " "),
        });
    }
    out
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The lowercase word that `rest` opens with, past Markdown code and
/// emphasis marks and without trailing punctuation; None when `rest` does
/// not open with a lowercase letter or opens with a URL or path.
fn next_word(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches(['`', '*', '_']);
    if !rest.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '`' | '*' | ',' | ';' | ':' | ')' | ']'))
        .unwrap_or(rest.len());
    let word = &rest[..end];
    if word.contains('/') || rest[end..].starts_with("://") || word.starts_with("www.") {
        return None;
    }
    // a trailing full stop ends the word's own sentence; one inside it
    // makes an abbreviation (`e.g.`) or a dotted name (`numpy.linalg`)
    let inner = word.strip_suffix('.').unwrap_or(word);
    if inner.contains('.') && !inner.split('.').all(|p| p.chars().count() == 1) {
        return None;
    }
    Some(word)
}

/// What the text before a full stop says about it: a continuation after an
/// abbreviation, initial, dotted form or ellipsis; a boundary after an
/// ordinary word or a closed bracket; None otherwise (a number, a symbol).
fn prev_class(before: &str) -> Option<Class> {
    if before.ends_with('.') || before.ends_with('…') {
        return Some(Class::Continuation);
    }
    let token = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches(['`', '*', '_']);
    if token.ends_with([')', ']']) {
        // `(… 2016).`, `[@key].`, but not an abbreviation in brackets `(ex.)`
        return Some(Class::Boundary);
    }
    let core = token.trim_start_matches(['(', '[', '"', '“', '‘', '\'']);
    if core.contains('.') {
        return Some(Class::Continuation);
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && core.chars().count() == 1 {
        return Some(Class::Continuation);
    }
    if ABBREVIATIONS.contains(&core.to_lowercase().as_str()) {
        // a word in capitals is an acronym (`reference ET.`), not `et al.`
        let caps = letters >= 2 && !core.chars().any(char::is_lowercase);
        return (!caps).then_some(Class::Continuation);
    }
    let ordinary = letters >= 2
        && core.starts_with(|c: char| c.is_alphabetic())
        && core
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’');
    ordinary.then_some(Class::Boundary)
}

/// How a reader cut a text: the byte ranges of its sentences in the file.
type Cuts = Vec<std::ops::Range<usize>>;

fn corpus_cuts(path: &Path, raw: &str) -> Cuts {
    let (doc, _) = gloss::corpus::text::parse_text(path, raw);
    doc.sentences
        .iter()
        .filter(|s| !s.text.is_empty())
        .map(|s| {
            let last = s.text.char_indices().last().map_or(0, |(i, _)| i);
            s.source_offset(0)..s.source_offset(last) + 1
        })
        .collect()
}

fn draft_cuts(raw: &str) -> Cuts {
    gloss::syntax::parse(raw)
        .sentences
        .iter()
        .map(|s| s.range.clone())
        .collect()
}

#[derive(Default)]
struct Tally {
    boundaries: usize,
    split: usize,
    continuations: usize,
    kept: usize,
    glued: Vec<String>,
    cut: Vec<String>,
}

impl Tally {
    /// Score the places of one text against the sentences a reader made.
    fn add(&mut self, name: &str, raw: &str, cuts: &Cuts) {
        for place in places(raw) {
            // A sentence may start at the word's Markdown mark or at the word.
            let word_at = place.at
                + (raw[place.at..].len()
                    - raw[place.at..].trim_start_matches(['`', '*', '_']).len());
            let starts = cuts
                .iter()
                .any(|r| r.start == place.at || r.start == word_at);
            let inside = cuts.iter().any(|r| r.start < place.at && place.at < r.end);
            if !starts && !inside {
                continue;
            }
            let line = format!("{name}: …{}…", place.context);
            match place.class {
                Class::Boundary => {
                    self.boundaries += 1;
                    if starts {
                        self.split += 1;
                    } else {
                        self.glued.push(line);
                    }
                }
                Class::Continuation => {
                    self.continuations += 1;
                    if starts {
                        self.cut.push(line);
                    } else {
                        self.kept += 1;
                    }
                }
            }
        }
    }

    fn report(&self, what: &str) {
        eprintln!(
            "{what}: {} lowercase sentence starts, {} split; {} continuations, {} kept whole",
            self.boundaries, self.split, self.continuations, self.kept
        );
    }

    /// Every boundary split, every continuation kept, and enough of each
    /// that the measure means something.
    fn assert(&self, what: &str, min_boundaries: usize, min_continuations: usize) {
        self.report(what);
        assert!(
            self.glued.is_empty(),
            "{what}: {} of {} lowercase sentence starts glued to the sentence before:\n{}",
            self.glued.len(),
            self.boundaries,
            self.glued.join("\n")
        );
        assert!(
            self.cut.is_empty(),
            "{what}: {} of {} continuations split:\n{}",
            self.cut.len(),
            self.continuations,
            self.cut.join("\n")
        );
        assert!(
            self.boundaries >= min_boundaries,
            "{what}: only {} lowercase sentence starts found; did the data or the reader change?",
            self.boundaries
        );
        assert!(
            self.continuations >= min_continuations,
            "{what}: only {} continuations found",
            self.continuations
        );
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// Every text of corpus2, read by the corpus reader and by the draft reader:
/// each lowercase sentence start is split, each continuation kept.
#[test]
fn corpus2_lowercase_starts_split_in_texts_and_drafts() {
    let Some(shared) = shared() else { return };
    let texts = files(&shared.join("realworld/corpus2"), "txt");
    assert!(texts.len() >= 12, "{texts:?}");
    let mut as_corpus = Tally::default();
    let mut as_draft = Tally::default();
    for path in &texts {
        let raw = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        as_corpus.add(&name, &raw, &corpus_cuts(path, &raw));
        as_draft.add(&name, &raw, &draft_cuts(&raw));
    }
    as_corpus.assert("corpus2 read as corpus texts", 10, 3);
    as_draft.assert("corpus2 read as drafts", 10, 3);
}

/// The Markdown sources of the same papers, as drafts: names in code spans
/// or bold, sentences ending on a Pandoc citation.
#[test]
fn joss_sources_lowercase_starts_split_as_drafts() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("realworld/joss");
    let mut papers: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("paper.md"))
        .filter(|p| p.is_file())
        .collect();
    papers.sort();
    assert!(papers.len() >= 12, "{papers:?}");
    let mut tally = Tally::default();
    for path in &papers {
        let raw = std::fs::read_to_string(path).unwrap();
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        tally.add(&name, &raw, &draft_cuts(&raw));
    }
    tally.assert("joss paper.md read as drafts", 10, 3);
}

/// The other corpora (converted PDFs among them) hold few lowercase starts
/// but many continuations; none may be split.
#[test]
fn shared_corpora_continuations_stay_whole() {
    let Some(shared) = shared() else { return };
    let mut tally = Tally::default();
    for dir in ["corpus", "bench/corpus3"] {
        for path in files(&shared.join(dir), "txt") {
            let raw = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy();
            tally.add(&name, &raw, &corpus_cuts(&path, &raw));
        }
    }
    tally.assert("shared corpus and corpus3", 0, 20);
}

/// The draft side on a fixture written for this test: a draft citing two
/// works in two sentences, the second opening with a package name.
#[test]
fn fixture_draft_two_claims_two_sentences() {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lowercase-starts.md"),
    )
    .unwrap();
    let draft = gloss::syntax::parse(&raw);
    let cited: Vec<(String, usize)> = draft
        .sentences
        .iter()
        .map(|s| (raw[s.range.clone()].to_string(), s.citations.len()))
        .collect();
    let mut tally = Tally::default();
    tally.add("lowercase-starts.md", &raw, &draft_cuts(&raw));
    tally.assert("fixture draft", 4, 4);
    for (text, n) in &cited {
        assert!(*n <= 1, "one sentence cites {n} works: {text:?}");
    }
}
