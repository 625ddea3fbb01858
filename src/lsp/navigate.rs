//! Definition, references and rename of citations: the engine's answers
//! (`gloss::ide::navigate`) as locations and workspace edits.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    GotoDefinitionResponse, Location, Position, PrepareRenameResponse, Range as LspRange, TextEdit,
    Uri, WorkspaceEdit,
};

use super::hover::corpus;
use super::position::{line_range, Lines};
use super::state::{absolute, file_uri, page_location, Snapshot, WorkspaceDraft};
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
    if let Some(p) = t.page {
        return page_location(&t.path, p.page);
    }
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

/// Whether a file lies inside one of the workspace folders (symlinks
/// resolved, so a link out of the workspace is outside).
pub fn inside(path: &Path, roots: &[PathBuf]) -> bool {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
    let p = real(path);
    roots.iter().any(|r| p.starts_with(real(r)))
}

/// Rename a citation key in the bibliography entry that defines it and in
/// every draft of the workspace. Bibliographies outside the workspace
/// folders (`roots`) are never edited: they may be another project's. When
/// that leaves no definition to rename, the rename is refused (renaming
/// only the citations would leave every one of them unresolved); otherwise
/// the edits inside are returned and `left_alone` names the files outside.
pub fn rename(
    snap: &Snapshot,
    pos: Position,
    new_name: &str,
    drafts: &[WorkspaceDraft],
    roots: &[PathBuf],
    left_alone: &mut Vec<PathBuf>,
) -> Result<Option<WorkspaceEdit>> {
    let Some((old, _)) = key_at(snap, pos)? else {
        return Ok(None);
    };
    let texts: Vec<(&str, &gloss::syntax::Draft)> = drafts
        .iter()
        .map(|d| (d.text.as_str(), &*d.draft))
        .collect();
    let lib = snap.library.as_deref().map(|l| &l.lib);
    let Some(mut edits) =
        navigate::rename(lib, &old, new_name, &texts).map_err(Error::invalid_params)?
    else {
        return Ok(None);
    };
    // No workspace folder (a single file opened): the draft's own folder.
    let own;
    let roots = if roots.is_empty() {
        own = vec![snap
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()];
        &own
    } else {
        roots
    };
    let defined = !edits.files.is_empty();
    edits.files.retain(|(path, _, _)| {
        let keep = inside(path, roots);
        if !keep {
            left_alone.push(absolute(path));
        }
        keep
    });
    if defined && edits.files.is_empty() {
        let files: Vec<String> = left_alone.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::invalid_params(format!(
            "`{old}` is defined in {}, outside the workspace folders: gloss does not edit files outside them, and renaming only the citations would leave them unresolved. Rename the entry there, or add its folder to the workspace",
            files.join(", ")
        )));
    }
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

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn a_symlink_out_of_the_workspace_is_outside() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&ws).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(ws.join("refs.bib"), "").unwrap();
        std::fs::write(other.join("refs.bib"), "").unwrap();
        let roots = [ws.clone()];
        assert!(inside(&ws.join("refs.bib"), &roots));
        assert!(!inside(&other.join("refs.bib"), &roots));
        // A path that goes back up out of the folder is outside too.
        assert!(!inside(&ws.join("../other/refs.bib"), &roots));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(other.join("refs.bib"), ws.join("link.bib")).unwrap();
            assert!(!inside(&ws.join("link.bib"), &roots));
        }
    }
}
