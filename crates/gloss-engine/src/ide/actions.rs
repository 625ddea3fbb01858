//! Which fixes a diagnostic gets: cite the suggested work, fix a key or a
//! year, add a citation, and a `gloss-ignore` comment for any diagnostic.
//! Titles and byte edits; the language server makes code actions of them.

use std::ops::Range;

use super::edits::{self, Edit};
use crate::corpus::{Library, Work};
use crate::diag::{Code, Diagnostic};
use crate::resolve::{Resolution, Resolver};
use crate::syntax::{Draft, Syntax};

/// Suggested works offered per diagnostic, best first.
const MAX_SUGGESTIONS: usize = 3;

/// A quick fix: what it does and the edits of the draft doing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The fix to apply when the editor applies one without asking.
    pub preferred: bool,
}

/// The citation and item a diagnostic's range names: the item with exactly
/// that range, else the first item of the citation holding it.
fn item_of(draft: &Draft, r: &Range<usize>) -> Option<(usize, usize)> {
    let cites = &draft.citations;
    let ci = cites
        .iter()
        .position(|c| c.range.start <= r.start && r.end <= c.range.end)?;
    let c = &cites[ci];
    let ii = c
        .items
        .iter()
        .position(|i| i.range == *r)
        .or_else(|| c.items.iter().position(|i| i.range.contains(&r.start)))
        .unwrap_or(0);
    (ii < c.items.len()).then_some((ci, ii))
}

/// The item a misattributed claim is about: in the citation at the
/// diagnostic (its anchor), the first item that resolves to a cited key,
/// else the first item.
fn cited_item(draft: &Draft, d: &Diagnostic, resolver: &Resolver) -> Option<(usize, usize)> {
    let (ci, _) = item_of(draft, &d.range)?;
    let lib = resolver.library();
    let ii = draft.citations[ci]
        .items
        .iter()
        .position(|i| match resolver.resolve(i) {
            Resolution::Work(w) => d.cited.contains(&lib.works[w].key),
            _ => false,
        })
        .unwrap_or(0);
    Some((ci, ii))
}

/// How a work is written in a citation of this syntax.
fn shown(work: &Work, syntax: Syntax) -> String {
    match syntax {
        Syntax::Pandoc => format!("@{}", work.key),
        Syntax::AuthorYear => work.short_cite(),
    }
}

/// The suggested works of a diagnostic, best first.
fn suggested<'a>(lib: &'a Library, d: &Diagnostic) -> impl Iterator<Item = &'a Work> {
    let keys: Vec<String> = d.suggestions.iter().map(|s| s.key.clone()).collect();
    keys.into_iter()
        .filter_map(move |k| lib.get(&k))
        .take(MAX_SUGGESTIONS)
}

/// The library's fixes (title and edits) for one diagnostic, best first.
fn library_fixes(
    text: &str,
    draft: &Draft,
    lib: &Library,
    d: &Diagnostic,
) -> Vec<(String, Vec<Edit>)> {
    let resolver = Resolver::new(lib);
    let mut out = Vec::new();
    let mut replace = |ci: usize, ii: usize, title: &dyn Fn(&Work) -> String| {
        let c = &draft.citations[ci];
        let item = &c.items[ii];
        for w in suggested(lib, d) {
            match edits::replace_item(text, c, item, w) {
                Some(e) if !e.is_empty() => out.push((title(w), e)),
                _ => {}
            }
        }
    };
    match d.code {
        Code::MisattributedClaim => {
            let Some((ci, ii)) = cited_item(draft, d, &resolver) else {
                return out;
            };
            let item = &draft.citations[ci].items[ii];
            let old = match resolver.resolve(item) {
                Resolution::Work(w) => lib.works[w].short_cite(),
                _ => item.raw.clone(),
            };
            replace(ci, ii, &|w| {
                format!("Cite {} instead of {old}", w.short_cite())
            });
        }
        Code::UnknownCitation | Code::CitationYearMismatch | Code::AmbiguousCitation => {
            let Some((ci, ii)) = item_of(draft, &d.range) else {
                return out;
            };
            let c = &draft.citations[ci];
            let syntax = c.syntax;
            let raw = c.items[ii].raw.clone();
            let code = d.code;
            // The work that carries the claim of an original the corpus
            // lacks is named in the message ("… through Jones (2015) …").
            let carries = |w: &Work| d.message.contains(&format!("through {}", w.short_cite()));
            replace(ci, ii, &|w| match code {
                _ if carries(w) => format!(
                    "Cite {} (which carries this claim) instead of {raw}",
                    w.short_cite()
                ),
                Code::AmbiguousCitation => format!("Cite {} (@{})", w.short_cite(), w.key),
                _ => format!("Change to {}", shown(w, syntax)),
            });
        }
        Code::UncitedSource => {
            let sentence = draft
                .sentences
                .iter()
                .find(|s| s.range == d.range)
                .map_or(d.range.clone(), |s| s.range.clone());
            let author_year = edits::uses_author_year(draft);
            for w in suggested(lib, d) {
                let e = edits::insert_citation(text, &sentence, w, author_year);
                let how = if author_year {
                    w.short_cite()
                } else {
                    format!("@{}", w.key)
                };
                out.push((format!("Add a citation of {how}"), vec![e]));
            }
        }
        _ => {}
    }
    out
}

/// The quick fixes of diagnostic `d` of the draft, best first: the
/// library's (with `lib`; the first preferred), then a `gloss-ignore`
/// comment silencing it here.
pub fn fixes(text: &str, draft: &Draft, lib: Option<&Library>, d: &Diagnostic) -> Vec<Fix> {
    let mut out: Vec<Fix> = lib
        .map(|lib| library_fixes(text, draft, lib, d))
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, (title, edits))| Fix {
            title,
            edits,
            preferred: i == 0,
        })
        .collect();
    if let Some(e) = edits::ignore(text, draft, d.range.start, d.code.as_str()) {
        out.push(Fix {
            title: format!("Ignore {} here", d.code),
            edits: vec![e],
            preferred: false,
        });
    }
    out
}
