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
use gloss::ide::decorate::{self, Highlight};
use gloss::ide::outline::{Kind as OutlineKind, Symbol as Outline};

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
    let hints = decorate::key_labels(&loaded.lib, &snap.draft, byte_range(snap, range))
        .into_iter()
        .map(|(at, label)| InlayHint {
            position: snap.position(at),
            label: InlayHintLabel::String(label),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Ok(Some(hints))
}

/// A token over a byte range, split at line ends: (start, end, type, modifiers).
type Token = (Range<usize>, u32, u32);

pub fn semantic_tokens(snap: &Snapshot) -> Result<Option<SemanticTokensResult>> {
    // Entries alone (the library still loading) cannot say a key is
    // unknown: a text of the corpus may give it.
    let lib = snap
        .library
        .as_ref()
        .filter(|l| !l.is_partial())
        .map(|l| &l.lib);
    let tokens: Vec<Token> = decorate::highlights(lib, &snap.draft)
        .into_iter()
        .map(|(range, h)| match h {
            Highlight::Citation { resolved } => (
                range,
                CITATION,
                match resolved {
                    None => 0,
                    Some(true) => RESOLVED,
                    Some(false) => UNRESOLVED,
                },
            ),
            Highlight::Quotation => (range, QUOTATION, 0),
        })
        .collect();
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
            // The protocol's line breaks: `\n`, `\r\n` and a lone `\r`.
            let piece_end = text[at..range.end]
                .find(['\n', '\r'])
                .map_or(range.end, |i| at + i);
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
            at = piece_end
                + if text[piece_end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
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

pub fn workspace_symbols(
    libs: &[Arc<Loaded>],
    query: &str,
) -> Result<Option<WorkspaceSymbolResponse>> {
    use gloss::entities::Kind;
    let hits = decorate::workspace_symbols(libs.iter().map(|l| l.as_ref()), query);
    let out = hits
        .into_iter()
        .filter_map(|h| {
            let kind = match h.kind {
                decorate::SymbolKind::Work => SymbolKind::OBJECT,
                decorate::SymbolKind::Entity(k) => match k {
                    Kind::Firm => SymbolKind::CLASS,
                    Kind::Organisation | Kind::Government => SymbolKind::MODULE,
                    Kind::Place => SymbolKind::NAMESPACE,
                    Kind::Person => SymbolKind::OBJECT,
                    Kind::Journal => SymbolKind::PACKAGE,
                    Kind::Concept => SymbolKind::STRING,
                },
            };
            Some(WorkspaceSymbol {
                name: h.name,
                kind,
                tags: None,
                container_name: Some(h.container),
                location: OneOf::Left(Location {
                    uri: file_uri(&h.path)?,
                    range: line_range(h.line),
                }),
                data: None,
            })
        })
        .collect();
    Ok(Some(WorkspaceSymbolResponse::Nested(out)))
}
