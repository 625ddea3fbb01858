//! One full text of the corpus as received (often converted from PDF):
//! normalised for searching, split into sentences that keep their exact
//! source location, with the reference list and notes kept apart.

use std::path::Path;

use crate::warn::Warning;

/// Which part of the paper a sentence belongs to. Only `Body` is evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Zone {
    /// Title, author, affiliation and front-matter lines before the text proper.
    Front,
    Body,
    /// Footnotes, endnotes, acknowledgements and correspondence lines.
    Note,
}

/// A sentence of the normalised text with its place in the source file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
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

/// A parsed full text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TextDoc {
    /// Every sentence in reading order: front, body and notes (see `zone`).
    pub sentences: Vec<Sentence>,
    pub references: Vec<Reference>,
    pub front: Front,
}

/// Parse one full text. `raw` is the file's content (already known to be UTF-8).
pub fn parse_text(path: &Path, raw: &str) -> (TextDoc, Vec<Warning>) {
    todo!("{} {}", path.display(), raw.len())
}
