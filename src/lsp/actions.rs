//! Code actions: quick fixes for the engine's diagnostics of the current
//! version (cite the suggested work, fix a key or year, add a citation),
//! and a `gloss-ignore` comment for any of them.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    Diagnostic as LspDiagnostic, NumberOrString, TextEdit, WorkspaceEdit,
};

use super::diagnostics::to_lsp;
use super::state::Snapshot;
use gloss::corpus::{Library, Work};
use gloss::diag::{Code, Diagnostic};
use gloss::ide::edits::{self, Edit};
use gloss::resolve::{Resolution, Resolver};
use gloss::syntax::Syntax;

/// Suggested works offered per diagnostic, best first.
const MAX_SUGGESTIONS: usize = 3;

/// The citation and item a diagnostic's range names: the item with exactly
/// that range, else the first item of the citation holding it.
fn item_of(snap: &Snapshot, r: &Range<usize>) -> Option<(usize, usize)> {
    let cites = &snap.draft.citations;
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
fn cited_item(snap: &Snapshot, d: &Diagnostic, resolver: &Resolver) -> Option<(usize, usize)> {
    let (ci, _) = item_of(snap, &d.range)?;
    let lib = resolver.library();
    let ii = snap.draft.citations[ci]
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

/// Quick fixes (title and edits) for one diagnostic, best first.
fn fixes(snap: &Snapshot, lib: &Library, d: &Diagnostic) -> Vec<(String, Vec<Edit>)> {
    let text = snap.text.as_str();
    let resolver = Resolver::new(lib);
    let mut out = Vec::new();
    let mut replace = |ci: usize, ii: usize, title: &dyn Fn(&Work) -> String| {
        let c = &snap.draft.citations[ci];
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
            let Some((ci, ii)) = cited_item(snap, d, &resolver) else {
                return out;
            };
            let item = &snap.draft.citations[ci].items[ii];
            let old = match resolver.resolve(item) {
                Resolution::Work(w) => lib.works[w].short_cite(),
                _ => item.raw.clone(),
            };
            replace(ci, ii, &|w| {
                format!("Cite {} instead of {old}", w.short_cite())
            });
        }
        Code::UnknownCitation | Code::CitationYearMismatch | Code::AmbiguousCitation => {
            let Some((ci, ii)) = item_of(snap, &d.range) else {
                return out;
            };
            let c = &snap.draft.citations[ci];
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
            let sentence = snap
                .draft
                .sentences
                .iter()
                .find(|s| s.range == d.range)
                .map_or(d.range.clone(), |s| s.range.clone());
            let author_year = edits::uses_author_year(&snap.draft);
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

fn action(
    snap: &Snapshot,
    title: String,
    edits: Vec<Edit>,
    diag: &LspDiagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    let text_edits: Vec<TextEdit> = edits
        .into_iter()
        .map(|e| TextEdit::new(snap.range(&e.range), e.new_text))
        .collect();
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diag.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(snap.uri.clone(), text_edits)])),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

pub fn code_actions(
    snap: &Snapshot,
    params: &CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    if let Some(only) = &params.context.only {
        if !only
            .iter()
            .any(|k| k == &CodeActionKind::QUICKFIX || k.as_str().is_empty())
        {
            return Ok(Some(vec![]));
        }
    }
    // Diagnostics of an older version would point at moved text.
    let Some(diags) = snap.diagnostics.as_deref() else {
        return Ok(Some(vec![]));
    };
    let start = snap.offset(params.range.start)?;
    let end = snap.offset(params.range.end)?.max(start);
    let sent: Vec<(String, tower_lsp_server::ls_types::Range)> = params
        .context
        .diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(c)) => Some((c.clone(), d.range)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for d in diags {
        let lsp = to_lsp(snap, d);
        let overlaps = d.range.start <= end && start <= d.range.end;
        let named = sent
            .iter()
            .any(|(c, r)| c == d.code.as_str() && *r == lsp.range);
        if !overlaps && !named {
            continue;
        }
        if let Some(loaded) = snap.library.as_deref() {
            for (i, (title, e)) in fixes(snap, &loaded.lib, d).into_iter().enumerate() {
                out.push(action(snap, title, e, &lsp, i == 0));
            }
        }
        if let Some(e) = edits::ignore(&snap.text, &snap.draft, d.range.start, d.code.as_str()) {
            out.push(action(
                snap,
                format!("Ignore {} here", d.code),
                vec![e],
                &lsp,
                false,
            ));
        }
    }
    Ok(Some(out))
}
