//! Diagnostics: stable codes, severities, ranges, messages, evidence and
//! suggestions. Front ends (CLI renderers, the language server) only format
//! these; they never decide what is wrong.

use std::ops::Range;
use std::path::PathBuf;

pub use crate::corpus::pdf::PageLine;
use crate::text::Pos;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Every diagnostic code gloss emits. The string forms are stable: they
/// appear in JSON, SARIF, LSP and in `gloss-ignore` comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    UnknownCitation,
    CitationYearMismatch,
    AmbiguousCitation,
    PossibleCitation,
    UnknownCrossref,
    NoBibliography,
    BibliographyError,
    PathOutsideProject,
    MissingReference,
    UncitedReference,
    MisattributedClaim,
    UnsupportedClaim,
    FigureMismatch,
    QuoteNotFound,
    SecondaryCitation,
    UncitedSource,
    UncheckedClaim,
}

impl Code {
    pub const ALL: &'static [Code] = &[
        Code::UnknownCitation,
        Code::CitationYearMismatch,
        Code::AmbiguousCitation,
        Code::PossibleCitation,
        Code::UnknownCrossref,
        Code::NoBibliography,
        Code::BibliographyError,
        Code::PathOutsideProject,
        Code::MissingReference,
        Code::UncitedReference,
        Code::MisattributedClaim,
        Code::UnsupportedClaim,
        Code::FigureMismatch,
        Code::QuoteNotFound,
        Code::SecondaryCitation,
        Code::UncitedSource,
        Code::UncheckedClaim,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownCitation => "unknown-citation",
            Code::CitationYearMismatch => "citation-year-mismatch",
            Code::AmbiguousCitation => "ambiguous-citation",
            Code::PossibleCitation => "possible-citation",
            Code::UnknownCrossref => "unknown-crossref",
            Code::NoBibliography => "no-bibliography",
            Code::BibliographyError => "bibliography-error",
            Code::PathOutsideProject => "path-outside-project",
            Code::MissingReference => "missing-reference",
            Code::UncitedReference => "uncited-reference",
            Code::MisattributedClaim => "misattributed-claim",
            Code::UnsupportedClaim => "unsupported-claim",
            Code::FigureMismatch => "figure-mismatch",
            Code::QuoteNotFound => "quote-not-found",
            Code::SecondaryCitation => "secondary-citation",
            Code::UncitedSource => "uncited-source",
            Code::UncheckedClaim => "unchecked-claim",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s.trim())
    }

    /// Codes of the claim checker (as opposed to citation resolution).
    pub fn is_claim(self) -> bool {
        matches!(
            self,
            Code::MisattributedClaim
                | Code::UnsupportedClaim
                | Code::FigureMismatch
                | Code::QuoteNotFound
                | Code::SecondaryCitation
                | Code::UncitedSource
                | Code::UncheckedClaim
        )
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::UnknownCitation
            | Code::CitationYearMismatch
            | Code::QuoteNotFound
            | Code::UnknownCrossref
            | Code::NoBibliography => Severity::Error,
            Code::MisattributedClaim | Code::FigureMismatch => Severity::Warning,
            Code::UnsupportedClaim | Code::SecondaryCitation => Severity::Info,
            Code::UncitedSource | Code::UncheckedClaim | Code::PossibleCitation => Severity::Hint,
            Code::AmbiguousCitation
            | Code::BibliographyError
            | Code::PathOutsideProject
            | Code::MissingReference
            | Code::UncitedReference => Severity::Warning,
        }
    }

    /// One line for rule lists (SARIF, README, LSP code descriptions).
    pub fn summary(self) -> &'static str {
        match self {
            Code::UnknownCitation => "A citation matches no work in the bibliography or corpus.",
            Code::CitationYearMismatch => {
                "The cited author is in the bibliography, but not with the cited year."
            }
            Code::AmbiguousCitation => "An author-year citation matches several works.",
            Code::PossibleCitation => {
                "Names and a year read like a citation, but no work in the bibliography is by them."
            }
            Code::UnknownCrossref => {
                "A pandoc-crossref reference (@fig:x, @tbl:x, @sec:x, @eq:x, @lst:x) names a label the draft does not define."
            }
            Code::NoBibliography => {
                "The draft cites works but no bibliography or corpus was found for it."
            }
            Code::BibliographyError => "A bibliography problem affects this draft.",
            Code::PathOutsideProject => {
                "The draft's front matter names a path outside its project; gloss does not read it (see `allow_outside`)."
            }
            Code::MissingReference => {
                "A cited work is missing from the draft's own reference list."
            }
            Code::UncitedReference => {
                "The draft's reference list names a work the draft never cites."
            }
            Code::MisattributedClaim => {
                "The cited work does not support the claim; another corpus work does."
            }
            Code::UnsupportedClaim => "No work in the corpus supports the claim.",
            Code::FigureMismatch => {
                "The cited work states a different number, year or name than the draft."
            }
            Code::QuoteNotFound => "A quotation is not in the work it is attributed to.",
            Code::SecondaryCitation => {
                "The claim reaches the corpus second-hand: the cited work credits another author."
            }
            Code::UncitedSource => "An uncited sentence closely reproduces a corpus sentence.",
            Code::UncheckedClaim => "The cited work has no text in the corpus, so the claim cannot be checked.",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sentence or entry in a corpus or bibliography file that backs a diagnostic.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evidence {
    /// The work it belongs to, when known.
    pub key: Option<String>,
    pub path: PathBuf,
    /// 1-based line in `path`.
    pub line: u32,
    pub text: String,
    /// What the passage is, when it is not the support the diagnostic
    /// rests on ("closest in Herrigel et al. (2013)": under a
    /// misattribution, the cited work's nearest passage). Shown in its
    /// place of "evidence".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// In a PDF: the page and the line on the page (`line` then counts
    /// lines of the text extracted from it, which nobody reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageLine>,
}

impl Evidence {
    /// Where in its file the passage is, as output says it: "p. 4, line 12"
    /// in a PDF, else "line 57".
    pub fn place(&self) -> String {
        match self.page {
            Some(p) => format!("p. {}, line {}", p.page, p.line),
            None => format!("line {}", self.line),
        }
    }

    /// The file and the place in it: "refs/zhou2008.txt:57", or
    /// "papers/zhou2008.pdf, p. 4, line 12" in a PDF.
    pub fn located(&self) -> String {
        match self.page {
            Some(_) => format!("{}, {}", self.path.display(), self.place()),
            None => format!("{}:{}", self.path.display(), self.line),
        }
    }
}

/// A work the writer may have meant, best first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub key: String,
    /// 0.0–1.0: how close the suggestion is.
    pub score: f64,
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Byte range in the draft.
    pub range: Range<usize>,
    pub start: Pos,
    /// Position just past the last character of the range.
    pub end: Pos,
    pub message: String,
    /// Resolved keys, or the raw citation text where nothing resolved.
    pub cited: Vec<String>,
    pub suggestions: Vec<Suggestion>,
    pub evidence: Vec<Evidence>,
}

/// A diagnostic before its severity and positions are settled.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    pub range: Range<usize>,
    pub message: String,
    pub cited: Vec<String>,
    pub suggestions: Vec<Suggestion>,
    pub evidence: Vec<Evidence>,
}
