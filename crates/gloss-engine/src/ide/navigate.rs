//! Where a citation leads: go to definition (the passage backing the claim,
//! then the bibliography entry), references across drafts, and renaming a
//! key in the bibliographies and the drafts. Paths and byte ranges; the
//! language server turns them into locations.

use std::ops::Range;
use std::path::PathBuf;

use super::edits::{self, Edit};
use super::{citation_at, claim_passages, sentence_of_citation, Corpus};
use crate::claims::index::Index;
use crate::corpus::Library;
use crate::resolve::{Resolution, Resolver};
use crate::syntax::{CiteItem, Draft};

/// A place in a corpus text or bibliography file: its 1-based line, and
/// the byte range in the file when it is a sentence. In a PDF, `page` is
/// the page and line on the page, and `line` and `bytes` count in the text
/// extracted from it (a front end shows the PDF at the page instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub line: u32,
    pub bytes: Option<Range<usize>>,
    pub page: Option<crate::corpus::pdf::PageLine>,
}

/// The citation and item at `offset` and the work the item resolves to.
pub fn cited_work_at(lib: &Library, draft: &Draft, offset: usize) -> Option<(usize, usize, usize)> {
    let (ci, ii) = citation_at(draft, offset)?;
    let ii = ii?;
    let item = &draft.citations[ci].items[ii];
    // Keys resolve by lookup; only author-year items need the resolver,
    // whose set-up reads every entry.
    if let Some(w) = item.key.as_deref().and_then(|k| lib.index_of(k)) {
        return Some((ci, ii, w));
    }
    match Resolver::new(lib).resolve(item) {
        Resolution::Work(w) => Some((ci, ii, w)),
        _ => None,
    }
}

/// The passage of `work` that best supports the claim holding citation
/// `ci`, as the checker scores it: its file, line and bytes in the file.
fn backing_passage(
    lib: &Library,
    index: &Index,
    text: &str,
    draft: &Draft,
    ci: usize,
    work: usize,
) -> Option<Target> {
    let si = sentence_of_citation(draft, ci)?;
    let best = *claim_passages(lib, index, text, draft, si, work).first()?;
    let ev = crate::claims::unit_evidence(lib, index, best.unit)?;
    let unit = &index.units[best.unit as usize];
    let sentence = lib.works[work]
        .doc
        .as_ref()?
        .sentences
        .get(unit.sentence as usize)?;
    let bytes = sentence.source_offset(0)..sentence.source_offset(sentence.text.len());
    Some(Target {
        path: ev.path,
        line: ev.line,
        bytes: Some(bytes),
        page: ev.page,
    })
}

/// Where go to definition leads from `offset`: for an item citing a work,
/// the sentence of its text backing the claim (without the index, or
/// without such a sentence, the text's title line), then its entry.
pub fn definition(corpus: Corpus, text: &str, draft: &Draft, offset: usize) -> Vec<Target> {
    let lib = corpus.lib;
    let Some((ci, _, w)) = cited_work_at(lib, draft, offset) else {
        return Vec::new();
    };
    let work = &lib.works[w];
    let mut out = Vec::new();
    let passage = corpus
        .index
        .and_then(|ix| backing_passage(lib, ix, text, draft, ci, w));
    match (passage, &work.path) {
        (Some(t), _) => out.push(t),
        (None, Some(path)) => {
            let line = work
                .doc
                .as_ref()
                .and_then(|d| d.front.title_line)
                .unwrap_or(1);
            out.push(Target {
                path: path.clone(),
                line,
                bytes: None,
                page: work.page_of(line),
            })
        }
        (None, None) => {}
    }
    if let Some((path, line)) = work.definition() {
        out.push(Target {
            path,
            line,
            bytes: None,
            page: work.definition_page(),
        });
    }
    out
}

/// The range an item occupies (the citation's, for an empty item range).
fn item_range(draft: &Draft, ci: usize, item: &CiteItem) -> Range<usize> {
    if item.range.is_empty() {
        draft.citations[ci].range.clone()
    } else {
        item.range.clone()
    }
}

/// Where a work is cited.
#[derive(Debug, Default, PartialEq)]
pub struct References {
    /// Its bibliography entry, when asked for.
    pub declaration: Option<Target>,
    /// Every item citing it: (draft index, byte range), in draft order.
    pub citations: Vec<(usize, Range<usize>)>,
}

/// The references of the work cited at `offset`: its entry (with
/// `include_declaration`) and every item of `drafts` citing it. None when
/// no work is cited there.
pub fn references(
    lib: &Library,
    draft: &Draft,
    offset: usize,
    include_declaration: bool,
    drafts: &[&Draft],
) -> Option<References> {
    let (_, _, w) = cited_work_at(lib, draft, offset)?;
    let resolver = Resolver::new(lib);
    let declaration = include_declaration
        .then(|| lib.works[w].definition())
        .flatten()
        .map(|(path, line)| Target {
            path,
            line,
            bytes: None,
            page: lib.works[w].definition_page(),
        });
    let mut out = Vec::new();
    for (di, d) in drafts.iter().enumerate() {
        for (ci, c) in d.citations.iter().enumerate() {
            for item in &c.items {
                if resolver.resolve(item) == Resolution::Work(w) {
                    out.push((di, item_range(d, ci, item)));
                }
            }
        }
    }
    Some(References {
        declaration,
        citations: out,
    })
}

/// The Pandoc key under `offset` and its byte range; None off any
/// citation, an error on a citation but off a Pandoc key.
pub fn key_at(
    text: &str,
    draft: &Draft,
    offset: usize,
) -> Result<Option<(String, Range<usize>)>, String> {
    let Some((ci, ii)) = citation_at(draft, offset) else {
        return Ok(None);
    };
    let item = ii.map(|i| &draft.citations[ci].items[i]);
    match item.and_then(|i| Some((i.key.clone()?, edits::key_range(text, i)?))) {
        Some(k) => Ok(Some(k)),
        None => Err("place the cursor on a Pandoc @key to rename it".into()),
    }
}

/// The edits renaming a key: in bibliography files (each with the text
/// the edits apply to, the entry's file first) and in drafts (by index).
#[derive(Debug, Default, PartialEq)]
pub struct Rename {
    pub files: Vec<(PathBuf, String, Vec<Edit>)>,
    pub drafts: Vec<(usize, Vec<Edit>)>,
}

/// Rename key `old` to `new` in the library's bibliographies and in
/// `drafts` (text and parse). `lib` is None while the corpus loads.
/// Ok(None): nothing to change; Err: why the rename cannot be done.
pub fn rename(
    lib: Option<&Library>,
    old: &str,
    new: &str,
    drafts: &[(&str, &Draft)],
) -> Result<Option<Rename>, String> {
    let new = new.trim();
    if !edits::is_valid_key(new) {
        return Err(format!(
            "`{new}` is not a citation key: use letters, digits and _, with :.#$%&-+?<>~/ only between them"
        ));
    }
    let Some(lib) = lib else {
        return Err("the corpus is still loading: rename once it is loaded".into());
    };
    if new == old {
        return Ok(None);
    }
    if let Some(w) = lib.get(new) {
        return Err(format!("`{new}` is already the key of {}", w.short_cite()));
    }
    let mut out = Rename::default();
    // The bibliography entry first: if it cannot be found, nothing changes.
    if let Some(work) = lib.get(old) {
        let Some(entry) = &work.entry else {
            return Err(format!(
                "`{old}` has no bibliography entry (its key is made from the text {}): add an entry to rename it",
                work.path.as_ref().map_or(String::new(), |p| p.display().to_string())
            ));
        };
        if crate::zotero::is_database(&entry.path) {
            return Err(format!(
                "`{old}` is the key of a Zotero item: gloss never writes Zotero's database; change the key in Zotero"
            ));
        }
        // The entry, and the same key in the other bibliographies (a
        // copy in the corpus folder and one beside the draft).
        let mut files = vec![(entry.path.clone(), entry.line)];
        for b in &lib.bib_files {
            if !files.iter().any(|(p, _)| absolute(p) == absolute(b)) {
                files.push((b.clone(), 1));
            }
        }
        for (i, (path, line)) in files.iter().enumerate() {
            let found = crate::text::read_bounded(path, crate::text::MAX_INPUT_BYTES)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|text| {
                    let format = edits::BibFormat::of(path)?;
                    let r = edits::bib_key_range(&text, format, *line, old)?;
                    Some((text, r))
                });
            let Some((text, r)) = found else {
                if i == 0 {
                    return Err(format!(
                        "cannot find the key `{old}` in {}:{line}",
                        path.display()
                    ));
                }
                continue;
            };
            let edit = Edit {
                range: r,
                new_text: new.to_string(),
            };
            match out.files.iter_mut().find(|(p, _, _)| p == path) {
                Some(f) => f.2.push(edit),
                None => out.files.push((path.clone(), text, vec![edit])),
            }
        }
    }
    for (di, (text, draft)) in drafts.iter().enumerate() {
        let e = edits::rename_in_draft(text, draft, old, new);
        if !e.is_empty() {
            out.drafts.push((di, e));
        }
    }
    Ok(Some(out))
}

/// A path made absolute (from the current folder), for comparing.
fn absolute(p: &std::path::Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}
