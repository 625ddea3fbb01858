//! Review drafts in Markdown, read through the tree-sitter grammar in
//! `grammar/`: front matter, blocks, quotations, ignore comments, the
//! draft's own reference list, sentences, and every citation in Pandoc or
//! author-year form, read exactly as Pandoc reads Pandoc citations.

use std::ops::Range;

mod author_year;
mod blocks;
pub mod grammar;
mod pandoc;

pub use blocks::{citations, parse_tree, parse_with_tree, parse_with_splitter};

/// Pandoc's citation modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `[@a]`, `(Zhou, 2008)`
    Normal,
    /// `@a`, `@a [p. 3]`, `Zhou (2008)`
    AuthorInText,
    /// `[-@a]`
    SuppressAuthor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Syntax {
    Pandoc,
    AuthorYear,
}

/// An author-year reference as written: `Herrigel et al., 2013a`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuthorYear {
    /// Family names as written, in order (`["Zhang", "Kawabata"]`, `["Herrigel"]`).
    pub names: Vec<String>,
    /// `et al.` was written.
    pub et_al: bool,
    /// None for `n.d.`.
    pub year: Option<i32>,
    /// `a` in `2007a`.
    pub year_suffix: Option<char>,
}

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CiteItem {
    /// Byte range of the item in the draft (for Pandoc, `@key` or `-@key`; for author-year, the names and year).
    pub range: Range<usize>,
    /// The item as written: the Pandoc key (without `@` and braces) or the author-year text (`Zhou, 2008`).
    pub raw: String,
    /// Pandoc key, for Pandoc syntax.
    pub key: Option<String>,
    /// Names and year, for author-year syntax.
    pub author_year: Option<AuthorYear>,
    /// Text before the key (`see`), as Pandoc's citationPrefix stringified.
    pub prefix: String,
    /// Text after the key, as Pandoc's citationSuffix stringified (locator included, e.g. `, p. 33`).
    pub suffix: String,
    /// The locator part of the suffix (`p. 33`, `ch. 2`), when it starts with one.
    pub locator: Option<String>,
    /// This item's own mode, as Pandoc gives it per citation item: in
    /// `[@a; -@b]` the second item is `SuppressAuthor` while the citation is
    /// `Normal`.
    pub mode: Mode,
}

/// One citation: a bracketed/parenthesised group, or a narrative form.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Citation {
    /// Byte range in the draft.
    pub range: Range<usize>,
    pub mode: Mode,
    pub syntax: Syntax,
    pub items: Vec<CiteItem>,
}

/// A quotation in straight or curly double quotes (content range, without the marks).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    pub range: Range<usize>,
}

/// A sentence of the draft's prose with the citations attached to it: a claim.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DraftSentence {
    pub range: Range<usize>,
    /// Indices into `Draft::citations`.
    pub citations: Vec<usize>,
    /// Indices into `Draft::quotes` for quotations inside the sentence.
    pub quotes: Vec<usize>,
    /// Inside a block quote.
    pub in_block_quote: bool,
}

/// An entry of the draft's own reference list (a `# References` section).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListedReference {
    pub range: Range<usize>,
    pub text: String,
}

/// A `<!-- gloss-ignore: code, code -->` comment. An empty `codes` silences every code.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ignore {
    /// 0-based line the comment stands on; it silences diagnostics on the next non-blank line
    /// (or, for `file`, the whole file).
    pub line: usize,
    pub codes: Vec<String>,
    pub whole_file: bool,
}

/// YAML front matter fields gloss reads.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FrontMatter {
    pub range: Range<usize>,
    /// `bibliography:` (a string or a list), as written.
    pub bibliography: Vec<String>,
    /// `corpus:` as written.
    pub corpus: Option<String>,
    /// Inline CSL-YAML `references:` entries are not parsed here; the raw YAML is kept for that.
    pub yaml: String,
}

/// A parsed draft.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Draft {
    pub front_matter: Option<FrontMatter>,
    pub citations: Vec<Citation>,
    pub quotes: Vec<Quote>,
    pub sentences: Vec<DraftSentence>,
    /// The References/Bibliography section, when the draft has one with entries.
    pub reference_list: Option<Vec<ListedReference>>,
    pub ignores: Vec<Ignore>,
}

/// Parse a draft. Never fails: malformed Markdown still yields what can be read.
pub fn parse(text: &str) -> Draft {
    match parse_tree(text, None) {
        Some(tree) => parse_with_tree(text, &tree),
        None => Draft::default(),
    }
}

/// Locator terms, as citeproc knows them (abbreviated and in full).
const LOCATOR_TERMS: &[&str] = &[
    "pp.", "p.", "pages", "page", "chaps.", "chap.", "chapters", "chapter", "chs.", "ch.",
    "secs.", "sec.", "sections", "section", "§§", "§", "figs.", "fig.", "figures", "figure",
    "vols.", "vol.", "volumes", "volume", "paras.", "para.", "paragraphs", "paragraph", "nn.",
    "n.", "notes", "note", "ll.", "l.", "lines", "line", "cols.", "col.", "columns", "column",
    "bks.", "bk.", "books", "book", "pts.", "pt.", "parts", "part", "vv.", "v.", "verses",
    "verse", "nos.", "no.", "numbers", "number", "arts.", "art.", "articles", "article",
    "fols.", "fol.", "folios", "folio", "ops.", "op.", "opus", "s.v.", "sub verbo", "tbl.",
    "table", "tables", "eq.", "eqs.", "equation", "appx.", "appendix", "app.",
];

/// The locator at the start of a citation suffix (`, p. 33` → `p. 33`,
/// `, pp. 33--35` → `pp. 33--35`), like citeproc's locator labels.
pub fn locator(suffix: &str) -> Option<String> {
    let s = suffix.trim_start();
    let s = s.strip_prefix(',').unwrap_or(s).trim_start();
    let lower = s.to_lowercase();
    let term = LOCATOR_TERMS.iter().find(|t| {
        lower.starts_with(*t)
            && lower[t.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_whitespace() || c == '\u{a0}' || c.is_ascii_digit())
    })?;
    let rest = &s[term.len()..];
    let value_start = term.len() + (rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len());
    let v = &s[value_start..];
    let is_val = |c: char| c.is_ascii_alphanumeric();
    let first: usize = v.chars().take_while(|&c| is_val(c)).map(char::len_utf8).sum();
    if first == 0 || !v[..first].chars().any(|c| c.is_ascii_digit() || "ivxlcdmIVXLCDM".contains(c)) {
        return None;
    }
    if !v[..first].chars().any(|c| c.is_ascii_digit()) && !v[..first].chars().all(|c| "ivxlcdmIVXLCDM".contains(c)) {
        return None;
    }
    let mut end = first;
    let tail = &v[first..];
    for dash in ["--", "-", "\u{2013}", "\u{2014}"] {
        if let Some(t) = tail.strip_prefix(dash) {
            let n: usize = t.chars().take_while(|&c| is_val(c)).map(char::len_utf8).sum();
            if n > 0 {
                end = first + dash.len() + n;
            }
            break;
        }
    }
    Some(s[..value_start + end].to_string())
}
