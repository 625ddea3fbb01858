//! Bibliographies: BibTeX/BibLaTeX (`.bib`), CSL-JSON (`.json`) and CSL-YAML
//! (`.yaml`, `.yml`), read into one entry model. Malformed entries become
//! warnings with file and line; the rest of the file still loads.

use std::path::{Path, PathBuf};

use crate::warn::Warning;

mod bibtex;
mod csl;
mod field_map;
mod fields;

pub use field_map::Fields;
pub mod latex;
mod load;
mod names;
#[cfg(test)]
mod tests;

pub use names::{parse_name, parse_names, NameList};

/// A personal or institutional name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Name {
    /// Family name, or the whole name of an institution (`{World Bank}`).
    pub family: String,
    pub given: Option<String>,
}

impl Name {
    /// "Family, Given" or "Family".
    pub fn display(&self) -> String {
        match &self.given {
            Some(g) if !g.is_empty() => format!("{}, {}", self.family, g),
            _ => self.family.clone(),
        }
    }
}

/// One bibliography entry, whatever format it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub key: String,
    /// Entry type as written (`article`, `incollection`, CSL `article-journal`...), lowercased.
    pub kind: String,
    /// Title with braces, TeX commands and escapes removed.
    pub title: Option<String>,
    pub authors: Vec<Name>,
    pub editors: Vec<Name>,
    /// Publication year, when the entry has one.
    pub year: Option<i32>,
    /// Journal, book title or publisher: where the work appeared.
    pub container: Option<String>,
    /// Every attachment of the `file` field, in order, as a plain path string
    /// (BibTeX: plain paths, `;`-separated lists, JabRef/Better BibTeX
    /// `desc:path:type` with escapes undone; Zotero's `storage:KEY/name`
    /// kept as written). Relative paths are relative to the bibliography.
    pub files: Vec<String>,
    pub keywords: Vec<String>,
    /// Every field as cleaned text, lowercase field names (CSL variables keep their names).
    pub fields: Fields,
    /// Where the entry is defined.
    pub path: PathBuf,
    /// 1-based line of the entry's start.
    pub line: u32,
}

/// Read one bibliography file, choosing the format from its extension
/// (`.bib`, `.json`, `.yaml`/`.yml`). I/O and decoding problems are warnings.
pub fn load_file(path: &Path) -> (Vec<Entry>, Vec<Warning>) {
    load::load_file(path)
}

/// Parse BibTeX/BibLaTeX source text.
pub fn parse_bibtex(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    bibtex::parse(path, text)
}

/// Parse CSL-JSON (an array of items, or an object with an `items`/`references` array).
pub fn parse_csl_json(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    csl::parse_json(path, text)
}

/// Parse CSL-YAML (a list of items, or a mapping with `references:`, as in Pandoc front matter).
pub fn parse_csl_yaml(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    csl::parse_yaml(path, text)
}
