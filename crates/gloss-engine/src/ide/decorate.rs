//! What editors draw around a draft's citations and list of the library:
//! the label after each resolved key (inlay hints), the citations and
//! quotations to colour and whether each resolves (semantic tokens), and
//! the works and entities a workspace-symbol query finds. Byte offsets and
//! engine types; the server converts positions and kinds.

use std::ops::Range;
use std::path::PathBuf;

use crate::entities::Kind;
use crate::resolve::{Resolution, Resolver};
use crate::syntax::Draft;
use crate::workspace::Workspace;

/// "Zhou 2008" after each Pandoc key in `range` that names a work: the
/// byte offset (the key's end) and the label.
pub fn key_labels(
    lib: &crate::corpus::Library,
    draft: &Draft,
    range: Range<usize>,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for c in &draft.citations {
        if c.range.end < range.start || c.range.start > range.end {
            continue;
        }
        for item in &c.items {
            let Some(w) = item.key.as_deref().and_then(|k| lib.get(k)) else {
                continue;
            };
            if item.range.end < range.start || item.range.end > range.end {
                continue;
            }
            out.push((
                item.range.end,
                format!("{} {}", w.author_label(), w.year_label()),
            ));
        }
    }
    out
}

/// What a highlighted span of a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// A cited item; `resolved` is None while no library is loaded.
    Citation {
        resolved: Option<bool>,
    },
    Quotation,
}

/// The citations and quotations of a draft, sorted by position.
pub fn highlights(
    lib: Option<&crate::corpus::Library>,
    draft: &Draft,
) -> Vec<(Range<usize>, Highlight)> {
    let resolver = lib.map(Resolver::new);
    let mut out = Vec::new();
    for c in &draft.citations {
        for item in &c.items {
            let resolved = resolver.as_ref().map(|r| {
                // Keys resolve by lookup; only author-year items need the resolver.
                item.key
                    .as_deref()
                    .and_then(|k| r.library().index_of(k))
                    .is_some()
                    || matches!(r.resolve(item), Resolution::Work(_))
            });
            out.push((item.range.clone(), Highlight::Citation { resolved }));
        }
    }
    for q in &draft.quotes {
        out.push((q.range.clone(), Highlight::Quotation));
    }
    out.sort_by_key(|t| (t.0.start, t.0.end));
    out
}

/// What a workspace-symbol query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolKind {
    Work,
    Entity(Kind),
}

/// One workspace symbol: a work at its bibliography entry (or text), or an
/// entity at the first sentence the corpus says about it.
#[derive(Debug, Clone)]
pub struct SymbolHit {
    pub name: String,
    pub kind: SymbolKind,
    /// The work's key, or "firm in 3 works".
    pub container: String,
    pub path: PathBuf,
    /// 1-based.
    pub line: u32,
}

/// Works listed for a workspace symbol query, at most.
pub const SYMBOL_LIMIT: usize = 100;

/// Works (through the completion catalogue, at most [`SYMBOL_LIMIT`]) and
/// then entities (up to twice that in all) whose names match `query`, over
/// every loaded workspace; the same entry through two workspaces once.
pub fn workspace_symbols<'a>(
    workspaces: impl IntoIterator<Item = &'a Workspace> + Clone,
    query: &str,
) -> Vec<SymbolHit> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for ws in workspaces.clone() {
        let (hits, _) = ws.catalog().search(query, SYMBOL_LIMIT);
        for i in hits {
            let w = &ws.lib.works[i];
            let Some((path, line)) = w.definition() else {
                continue;
            };
            if !seen.insert((crate::project::absolute(&path), line, w.key.clone())) {
                continue;
            }
            out.push(SymbolHit {
                name: ws.catalog().label(i).to_string(),
                kind: SymbolKind::Work,
                container: w.key.clone(),
                path,
                line,
            });
            if out.len() >= SYMBOL_LIMIT {
                return out;
            }
        }
    }
    let q = crate::text::fold(query.trim());
    for ws in workspaces {
        let Some(entities) = ws.entities_if_built() else {
            continue;
        };
        for e in &entities.list {
            if out.len() >= 2 * SYMBOL_LIMIT {
                return out;
            }
            if !q.is_empty() && !e.names().any(|n| crate::text::fold(n).contains(&q)) {
                continue;
            }
            let Some(s) = e.works.iter().flat_map(|w| w.sentences.first()).next() else {
                continue;
            };
            out.push(SymbolHit {
                name: e.name.clone(),
                kind: SymbolKind::Entity(e.kind),
                container: format!("{} in {} works", e.kind.as_str(), e.works.len()),
                path: s.path.clone(),
                line: s.line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bib::Name;
    use crate::corpus::{Library, PairedBy, Work};

    fn lib() -> Library {
        Library::from_works(vec![Work {
            key: "zhou2008".into(),
            title: Some("Synchronizing".into()),
            authors: vec![Name {
                family: "Zhou".into(),
                given: None,
            }],
            year: Some(2008),
            entry: None,
            path: None,
            doc: None,
            paired_by: PairedBy::None,
            year_suffix: None,
        }])
    }

    #[test]
    fn labels_follow_resolved_keys_in_range() {
        let text = "As [@zhou2008; @nobody] said. Later [@zhou2008].";
        let draft = crate::syntax::parse(text);
        let all = key_labels(&lib(), &draft, 0..text.len());
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], (text.find("; @").unwrap(), "Zhou 2008".into()));
        // Only keys ending inside the range asked for.
        assert_eq!(key_labels(&lib(), &draft, 0..20).len(), 1);
    }

    #[test]
    fn highlights_say_whether_each_citation_resolves() {
        let text = "He wrote \"a quote\" [@zhou2008; @nobody].";
        let draft = crate::syntax::parse(text);
        let lib = lib();
        let h = highlights(Some(&lib), &draft);
        let kinds: Vec<Highlight> = h.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            [
                Highlight::Quotation,
                Highlight::Citation {
                    resolved: Some(true)
                },
                Highlight::Citation {
                    resolved: Some(false)
                },
            ]
        );
        assert!(highlights(None, &draft)
            .iter()
            .any(|(_, k)| *k == Highlight::Citation { resolved: None }));
    }
}
