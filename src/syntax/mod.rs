//! Review drafts in Markdown, read through the tree-sitter grammar in
//! `grammar/`: front matter, blocks, quotations, ignore comments, the
//! draft's own reference list, sentences, and every citation in Pandoc or
//! author-year form, read exactly as Pandoc reads Pandoc citations.

use std::ops::Range;

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
    todo!("{}", text.len())
}
