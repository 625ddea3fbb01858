//! Definition, references and rename of citations.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{
    GotoDefinitionResponse, Location, Position, PrepareRenameResponse, Range as LspRange, TextEdit,
    Uri, WorkspaceEdit,
};

use super::position::{line_range, Lines};
use super::state::{absolute, file_uri, Loaded, Snapshot, WorkspaceDraft};
use gloss::claims::index::Index;
use gloss::corpus::Library;
use gloss::ide::{citation_at, edits};
use gloss::resolve::{Resolution, Resolver};
use gloss::syntax::{CiteItem, Draft};

/// The library, the citation and item under a position, and the work the
/// item resolves to (None when any is missing).
fn cited_work(snap: &Snapshot, pos: Position) -> Result<Option<(&Loaded, usize, usize, usize)>> {
    let offset = snap.offset(pos)?;
    let Some(loaded) = snap.library.as_deref() else {
        return Ok(None);
    };
    let Some((ci, Some(ii))) = citation_at(&snap.draft, offset) else {
        return Ok(None);
    };
    let item = &snap.draft.citations[ci].items[ii];
    match Resolver::new(&loaded.lib).resolve(item) {
        Resolution::Work(w) => Ok(Some((loaded, ci, ii, w))),
        _ => Ok(None),
    }
}

/// The passage of `work` that best supports the claim holding citation
/// `ci`, as the checker scores it: its file, 1-based line, and the
/// sentence's byte range in the file.
fn evidence_line(
    lib: &Library,
    index: &Index,
    text: &str,
    draft: &Draft,
    ci: usize,
    work: usize,
) -> Option<(std::path::PathBuf, u32, Range<usize>)> {
    let si = gloss::ide::sentence_of_citation(draft, ci)?;
    let best = *gloss::ide::claim_passages(lib, index, text, draft, si, work).first()?;
    let ev = gloss::claims::unit_evidence(lib, index, best.unit)?;
    let unit = &index.units[best.unit as usize];
    let sentence = lib.works[work]
        .doc
        .as_ref()?
        .sentences
        .get(unit.sentence as usize)?;
    let bytes = sentence.source_offset(0)..sentence.source_offset(sentence.text.len());
    Some((ev.path, ev.line, bytes))
}

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

pub fn definition(snap: &Snapshot, pos: Position) -> Result<Option<GotoDefinitionResponse>> {
    let Some((loaded, ci, _, w)) = cited_work(snap, pos)? else {
        return Ok(None);
    };
    let work = &loaded.lib.works[w];
    let mut out: Vec<Location> = Vec::new();
    let mut push = |path: &std::path::Path, range: LspRange| {
        if let Some(uri) = file_uri(path) {
            let loc = Location::new(uri, range);
            if !out.contains(&loc) {
                out.push(loc);
            }
        }
    };
    // The text first: the sentence backing this claim, else its title line.
    let evidence = loaded
        .index_if_built()
        .and_then(|ix| evidence_line(&loaded.lib, ix, &snap.text, &snap.draft, ci, w));
    match (evidence, &work.path) {
        (Some((path, line, bytes)), _) => push(&path, sentence_range(snap, &path, line, &bytes)),
        (None, Some(path)) => {
            let line = work.doc.as_ref().and_then(|d| d.front.title_line);
            push(path, line_range(line.unwrap_or(1)));
        }
        (None, None) => {}
    }
    if let Some((path, line)) = work.definition() {
        push(&path, line_range(line));
    }
    Ok((!out.is_empty()).then_some(GotoDefinitionResponse::Array(out)))
}

/// The range an item occupies (the citation's, for an empty item range).
fn item_range(draft: &Draft, ci: usize, item: &CiteItem) -> Range<usize> {
    if item.range.is_empty() {
        draft.citations[ci].range.clone()
    } else {
        item.range.clone()
    }
}

pub fn references(
    snap: &Snapshot,
    pos: Position,
    include_declaration: bool,
    drafts: &[WorkspaceDraft],
) -> Result<Option<Vec<Location>>> {
    let Some((loaded, _, _, w)) = cited_work(snap, pos)? else {
        return Ok(None);
    };
    let resolver = Resolver::new(&loaded.lib);
    let mut out = Vec::new();
    if include_declaration {
        if let Some((path, line)) = loaded.lib.works[w].definition() {
            if let Some(uri) = file_uri(&path) {
                out.push(Location::new(uri, line_range(line)));
            }
        }
    }
    for d in drafts {
        for (ci, c) in d.draft.citations.iter().enumerate() {
            for item in &c.items {
                if resolver.resolve(item) == Resolution::Work(w) {
                    let r = item_range(&d.draft, ci, item);
                    out.push(Location::new(
                        d.uri.clone(),
                        d.lines.range(&d.text, &r, snap.encoding),
                    ));
                }
            }
        }
    }
    Ok(Some(out))
}

/// The Pandoc key under a position: the key and its byte range.
fn key_at(snap: &Snapshot, pos: Position) -> Result<Option<(String, Range<usize>)>> {
    let offset = snap.offset(pos)?;
    let Some((ci, ii)) = citation_at(&snap.draft, offset) else {
        return Ok(None);
    };
    let c = &snap.draft.citations[ci];
    let item = ii.map(|i| &c.items[i]);
    match item.and_then(|i| Some((i.key.clone()?, edits::key_range(&snap.text, i)?))) {
        Some(k) => Ok(Some(k)),
        None => Err(Error::invalid_params(
            "place the cursor on a Pandoc @key to rename it",
        )),
    }
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
    let new = new_name.trim();
    if !edits::is_valid_key(new) {
        return Err(Error::invalid_params(format!(
            "`{new}` is not a citation key: use letters, digits and _, with :.#$%&-+?<>~/ only between them"
        )));
    }
    let Some(loaded) = snap.library.as_deref() else {
        return Err(Error::invalid_params(
            "the corpus is still loading: rename once it is loaded",
        ));
    };
    if new == old {
        return Ok(None);
    }
    if let Some(w) = loaded.lib.get(new) {
        return Err(Error::invalid_params(format!(
            "`{new}` is already the key of {}",
            w.short_cite()
        )));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    // The bibliography entry first: if it cannot be found, nothing changes.
    if let Some(work) = loaded.lib.get(&old) {
        let Some(entry) = &work.entry else {
            return Err(Error::invalid_params(format!(
                "`{old}` has no bibliography entry (its key is made from the text {}): add an entry to rename it",
                work.path.as_ref().map_or(String::new(), |p| p.display().to_string())
            )));
        };
        // The entry, and the same key in the other bibliographies (a
        // copy in the corpus folder and one beside the draft).
        let mut files = vec![(entry.path.clone(), entry.line)];
        for b in &loaded.lib.bib_files {
            if !files.iter().any(|(p, _)| absolute(p) == absolute(b)) {
                files.push((b.clone(), 1));
            }
        }
        for (i, (path, line)) in files.iter().enumerate() {
            let found = std::fs::read_to_string(path).ok().and_then(|text| {
                let format = edits::BibFormat::of(path)?;
                let r = edits::bib_key_range(&text, format, *line, &old)?;
                Some((text, r))
            });
            let Some((text, r)) = found else {
                if i == 0 {
                    return Err(Error::invalid_params(format!(
                        "cannot find the key `{old}` in {}:{line}",
                        path.display()
                    )));
                }
                continue;
            };
            let Some(uri) = file_uri(path) else {
                continue;
            };
            let lines = Lines::new(&text);
            changes.entry(uri).or_default().push(TextEdit::new(
                lines.range(&text, &r, snap.encoding),
                new.to_string(),
            ));
        }
    }
    for d in drafts {
        let e = edits::rename_in_draft(&d.text, &d.draft, &old, new);
        if e.is_empty() {
            continue;
        }
        changes.entry(d.uri.clone()).or_default().extend(
            e.into_iter().map(|e| {
                TextEdit::new(d.lines.range(&d.text, &e.range, snap.encoding), e.new_text)
            }),
        );
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}
