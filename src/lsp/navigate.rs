//! Definition, references and rename of citations: the engine's answers
//! (`gloss::ide::navigate`) as locations and workspace edits.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    GotoDefinitionResponse, Location, Position, PrepareRenameResponse, Range as LspRange, TextEdit,
    Uri, WorkspaceEdit,
};

use super::hover::corpus;
use super::position::{line_range, Lines};
use super::state::{file_uri, Snapshot, WorkspaceDraft};
use gloss::ide::navigate::{self, Target};

/// The range of a sentence in a corpus file, read as the corpus reads it;
/// the start of its line when the file cannot be read.
fn sentence_range(
    snap: &Snapshot,
    path: &std::path::Path,
    line: u32,
    bytes: &Range<usize>,
) -> LspRange {
    let Ok((text, _)) = gloss::text::read_text_file(path) else {
        return line_range(line);
    };
    if bytes.start > bytes.end || bytes.end > text.len() {
        return line_range(line);
    }
    let lines = Lines::new(&text);
    let r = lines.range(&text, bytes, snap.encoding);
    if r.start.line + 1 == line {
        r
    } else {
        line_range(line)
    }
}

/// The location of a target: its sentence's range when it has one.
fn location(snap: &Snapshot, t: &Target) -> Option<Location> {
    let range = match &t.bytes {
        Some(bytes) => sentence_range(snap, &t.path, t.line, bytes),
        None => line_range(t.line),
    };
    Some(Location::new(file_uri(&t.path)?, range))
}

pub fn definition(snap: &Snapshot, pos: Position) -> Result<Option<GotoDefinitionResponse>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = snap.library.as_deref() else {
        return Ok(None);
    };
    let mut out: Vec<Location> = Vec::new();
    for t in navigate::definition(corpus(loaded), &snap.text, &snap.draft, offset) {
        if let Some(loc) = location(snap, &t).filter(|l| !out.contains(l)) {
            out.push(loc);
        }
    }
    Ok((!out.is_empty()).then_some(GotoDefinitionResponse::Array(out)))
}

pub fn references(
    snap: &Snapshot,
    pos: Position,
    include_declaration: bool,
    drafts: &[WorkspaceDraft],
) -> Result<Option<Vec<Location>>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = snap.library.as_deref() else {
        return Ok(None);
    };
    let parsed: Vec<&gloss::syntax::Draft> = drafts.iter().map(|d| &*d.draft).collect();
    let Some(refs) = navigate::references(
        &loaded.lib,
        &snap.draft,
        offset,
        include_declaration,
        &parsed,
    ) else {
        return Ok(None);
    };
    let mut out: Vec<Location> = refs
        .declaration
        .iter()
        .filter_map(|t| location(snap, t))
        .collect();
    out.extend(refs.citations.into_iter().map(|(di, r)| {
        let d = &drafts[di];
        Location::new(d.uri.clone(), d.lines.range(&d.text, &r, snap.encoding))
    }));
    Ok(Some(out))
}

/// The Pandoc key under a position: the key and its byte range.
fn key_at(snap: &Snapshot, pos: Position) -> Result<Option<(String, Range<usize>)>> {
    let offset = snap.offset(pos)?;
    navigate::key_at(&snap.text, &snap.draft, offset).map_err(Error::invalid_params)
}

pub fn prepare_rename(snap: &Snapshot, pos: Position) -> Result<Option<PrepareRenameResponse>> {
    let Some((key, r)) = key_at(snap, pos)? else {
        return Ok(None);
    };
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: snap.range(&r),
        placeholder: key,
    }))
}

pub fn rename(
    snap: &Snapshot,
    pos: Position,
    new_name: &str,
    drafts: &[WorkspaceDraft],
) -> Result<Option<WorkspaceEdit>> {
    let Some((old, _)) = key_at(snap, pos)? else {
        return Ok(None);
    };
    let texts: Vec<(&str, &gloss::syntax::Draft)> = drafts
        .iter()
        .map(|d| (d.text.as_str(), &*d.draft))
        .collect();
    let lib = snap.library.as_deref().map(|l| &l.lib);
    let Some(edits) =
        navigate::rename(lib, &old, new_name, &texts).map_err(Error::invalid_params)?
    else {
        return Ok(None);
    };
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for (path, text, es) in edits.files {
        let Some(uri) = file_uri(&path) else {
            continue;
        };
        let lines = Lines::new(&text);
        changes.entry(uri).or_default().extend(
            es.into_iter()
                .map(|e| TextEdit::new(lines.range(&text, &e.range, snap.encoding), e.new_text)),
        );
    }
    for (di, es) in edits.drafts {
        let d = &drafts[di];
        changes.entry(d.uri.clone()).or_default().extend(
            es.into_iter().map(|e| {
                TextEdit::new(d.lines.range(&d.text, &e.range, snap.encoding), e.new_text)
            }),
        );
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}
