//! Inlay hints, semantic tokens and symbols: what editors draw around the
//! citations of a draft, and how they list its sections and the library.

use std::ops::Range;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolResponse, InlayHint, InlayHintLabel, Location, OneOf,
    Range as LspRange, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens,
    SemanticTokensLegend, SemanticTokensResult, SymbolKind, WorkspaceSymbol,
    WorkspaceSymbolResponse,
};

use super::position::line_range;
use super::state::{file_uri, Loaded, Snapshot};
use gloss::ide::outline::{Kind as OutlineKind, Symbol as Outline};
use gloss::resolve::{Resolution, Resolver};

/// Token types, by index. Both are custom: editors map `citation` to the
/// standard `variable` and `quotation` to `string` (VS Code through
/// `semanticTokenTypes` with `superType` in the extension's package.json;
/// Neovim and Helix through highlight links to those groups).
const TOKEN_TYPES: [&str; 2] = ["citation", "quotation"];
const CITATION: u32 = 0;
const QUOTATION: u32 = 1;
/// Modifier bits, by index.
const TOKEN_MODIFIERS: [&str; 2] = ["resolved", "unresolved"];
const RESOLVED: u32 = 1 << 0;
const UNRESOLVED: u32 = 1 << 1;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES
            .iter()
            .map(|t| SemanticTokenType::new(t))
            .collect(),
        token_modifiers: TOKEN_MODIFIERS
            .iter()
            .map(|m| SemanticTokenModifier::new(m))
            .collect(),
    }
}

/// The byte range of an LSP range, positions past the end clamped to it.
fn byte_range(snap: &Snapshot, r: LspRange) -> Range<usize> {
    let end_of_text = snap.text.len();
    let start = snap.offset(r.start).unwrap_or(end_of_text);
    let end = snap.offset(r.end).unwrap_or(end_of_text);
    start..end.max(start)
}

pub fn inlay_hints(snap: &Snapshot, range: LspRange) -> Result<Option<Vec<InlayHint>>> {
    if !snap.settings.inlay_hints() {
        return Ok(None);
    }
    let Some(loaded) = &snap.library else {
        return Ok(None);
    };
    let want = byte_range(snap, range);
    let mut hints = Vec::new();
    for c in &snap.draft.citations {
        if c.range.end < want.start || c.range.start > want.end {
            continue;
        }
        for item in &c.items {
            let Some(w) = item.key.as_deref().and_then(|k| loaded.lib.get(k)) else {
                continue;
            };
            if item.range.end < want.start || item.range.end > want.end {
                continue;
            }
            hints.push(InlayHint {
                position: snap.position(item.range.end),
                label: InlayHintLabel::String(format!("{} {}", w.author_label(), w.year_label())),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    Ok(Some(hints))
}

/// A token over a byte range, split at line ends: (start, end, type, modifiers).
type Token = (Range<usize>, u32, u32);

pub fn semantic_tokens(snap: &Snapshot) -> Result<Option<SemanticTokensResult>> {
    let draft = &snap.draft;
    let resolver = snap.library.as_ref().map(|l| Resolver::new(&l.lib));
    let mut tokens: Vec<Token> = Vec::new();
    for c in &draft.citations {
        for item in &c.items {
            let modifiers = match &resolver {
                None => 0,
                Some(r) => match item.key.as_deref().and_then(|k| r.library().index_of(k)) {
                    Some(_) => RESOLVED,
                    None => match r.resolve(item) {
                        Resolution::Work(_) => RESOLVED,
                        _ => UNRESOLVED,
                    },
                },
            };
            tokens.push((item.range.clone(), CITATION, modifiers));
        }
    }
    for q in &draft.quotes {
        tokens.push((q.range.clone(), QUOTATION, 0));
    }
    tokens.sort_by_key(|t| (t.0.start, t.0.end));
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data: encode(snap, &tokens),
    })))
}

/// Tokens as the protocol wants them: one line each, no overlaps, relative
/// positions in the negotiated encoding.
fn encode(snap: &Snapshot, tokens: &[Token]) -> Vec<SemanticToken> {
    let text = snap.text.as_str();
    let mut out = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    let mut covered = 0usize;
    for (range, typ, modifiers) in tokens {
        // Overlapping tokens (a citation inside a quotation) are dropped.
        if range.start < covered || range.start >= range.end || range.end > text.len() {
            continue;
        }
        covered = range.end;
        let mut at = range.start;
        while at < range.end {
            let line_end = text[at..range.end].find('\n').map_or(range.end, |i| at + i);
            let piece_end = if text[at..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            if piece_end > at {
                let start = snap.position(at);
                let end = snap.position(piece_end);
                let delta_line = start.line - last_line;
                let delta_start = if delta_line == 0 {
                    start.character - last_start
                } else {
                    start.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: end.character - start.character,
                    token_type: *typ,
                    token_modifiers_bitset: *modifiers,
                });
                last_line = start.line;
                last_start = start.character;
            }
            at = line_end + 1;
        }
    }
    out
}

#[allow(deprecated)]
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: LspRange,
    selection: LspRange,
) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: None,
    }
}

/// The engine's outline (`gloss::ide::outline`) as nested symbols.
pub fn document_symbols(snap: &Snapshot) -> Result<Option<DocumentSymbolResponse>> {
    fn convert(snap: &Snapshot, s: Outline) -> DocumentSymbol {
        let kind = match s.kind {
            OutlineKind::Section => SymbolKind::STRING,
            OutlineKind::Citation => SymbolKind::KEY,
        };
        let mut sym = symbol(
            s.name,
            s.detail,
            kind,
            snap.range(&s.range),
            snap.range(&s.selection),
        );
        if !s.children.is_empty() {
            sym.children = Some(s.children.into_iter().map(|c| convert(snap, c)).collect());
        }
        sym
    }
    let lib = snap.library.as_ref().map(|l| &l.lib);
    let roots = gloss::ide::outline::outline(&snap.text, &snap.draft, lib);
    Ok(Some(DocumentSymbolResponse::Nested(
        roots.into_iter().map(|s| convert(snap, s)).collect(),
    )))
}

/// Works listed for a workspace symbol query.
const SYMBOL_LIMIT: usize = 100;

pub fn workspace_symbols(
    libs: &[Arc<Loaded>],
    query: &str,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let mut out: Vec<WorkspaceSymbol> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for loaded in libs {
        let (hits, _) = loaded.catalog().search(query, SYMBOL_LIMIT);
        for i in hits {
            let w = &loaded.lib.works[i];
            let Some((path, line)) = w.definition() else {
                continue;
            };
            let Some(uri) = file_uri(&path) else {
                continue;
            };
            // The same entry through two libraries is listed once.
            if !seen.insert((uri.clone(), line, w.key.clone())) {
                continue;
            }
            out.push(WorkspaceSymbol {
                name: loaded.catalog().label(i).to_string(),
                kind: SymbolKind::OBJECT,
                tags: None,
                container_name: Some(w.key.clone()),
                location: OneOf::Left(Location {
                    uri,
                    range: line_range(line),
                }),
                data: None,
            });
            if out.len() >= SYMBOL_LIMIT {
                return Ok(Some(WorkspaceSymbolResponse::Nested(out)));
            }
        }
    }
    entity_symbols(libs, query, &mut out);
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}

/// Firms, places, people and concepts whose name or alias contains the
/// query, located at the first sentence the corpus says about them.
fn entity_symbols(libs: &[Arc<Loaded>], query: &str, out: &mut Vec<WorkspaceSymbol>) {
    use gloss::entities::Kind;
    let q = gloss::text::fold(query.trim());
    for loaded in libs {
        let Some(entities) = loaded.entities_if_built() else {
            continue;
        };
        for e in &entities.list {
            if out.len() >= 2 * SYMBOL_LIMIT {
                return;
            }
            if !q.is_empty() && !e.names().any(|n| gloss::text::fold(n).contains(&q)) {
                continue;
            }
            let Some(s) = e.works.iter().flat_map(|w| w.sentences.first()).next() else {
                continue;
            };
            let Some(uri) = file_uri(&s.path) else {
                continue;
            };
            let kind = match e.kind {
                Kind::Firm => SymbolKind::CLASS,
                Kind::Organisation | Kind::Government => SymbolKind::MODULE,
                Kind::Place => SymbolKind::NAMESPACE,
                Kind::Person => SymbolKind::OBJECT,
                Kind::Journal => SymbolKind::PACKAGE,
                Kind::Concept => SymbolKind::STRING,
            };
            out.push(WorkspaceSymbol {
                name: e.name.clone(),
                kind,
                tags: None,
                container_name: Some(format!("{} in {} works", e.kind.as_str(), e.works.len())),
                location: OneOf::Left(Location {
                    uri,
                    range: line_range(s.line),
                }),
                data: None,
            });
        }
    }
}
