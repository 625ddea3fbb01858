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

/// A Markdown heading: level, text and byte ranges of the heading and its text.
#[derive(Debug, Clone, PartialEq)]
struct Heading {
    level: usize,
    text: String,
    range: Range<usize>,
    text_range: Range<usize>,
}

/// ATX and setext headings outside front matter and fenced code.
fn headings(text: &str, skip: Option<&Range<usize>>) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    // The previous line, if it could be a setext heading's text.
    let mut para: Option<Range<usize>> = None;
    let mut at = 0;
    for raw in text.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_range = start..start + line.len();
        if skip.is_some_and(|s| s.start <= start && start < s.end) {
            para = None;
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = line.trim_start_matches(' ');
        if indent <= 3 {
            let f = body.chars().next().filter(|c| *c == '`' || *c == '~');
            if let Some(c) = f {
                let n = body.chars().take_while(|x| *x == c).count();
                if n >= 3 {
                    match fence {
                        None => fence = Some((c, n)),
                        Some((fc, fnum)) if fc == c && n >= fnum && body[n..].trim().is_empty() => {
                            fence = None
                        }
                        _ => {}
                    }
                    para = None;
                    continue;
                }
            }
        }
        if fence.is_some() {
            continue;
        }
        if body.trim().is_empty() || indent > 3 {
            para = None;
            continue;
        }
        // ATX: 1–6 `#` then a space or the end of the line.
        let hashes = body.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes)
            && body[hashes..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t')
        {
            let content = body[hashes..].trim();
            // A closing run of `#` preceded by a space is not content.
            let content = match content.trim_end_matches('#') {
                c if c.is_empty() || c.ends_with(' ') => c.trim_end(),
                _ => content,
            };
            let off = start + indent + hashes;
            let text_start = off + body[hashes..].find(content).unwrap_or(0);
            out.push(Heading {
                level: hashes,
                text: content.to_string(),
                range: line_range.clone(),
                text_range: text_start..text_start + content.len(),
            });
            para = None;
            continue;
        }
        // Setext: `===` or `---` under a paragraph line.
        let t = body.trim_end();
        let underline =
            !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'));
        if underline {
            if let Some(p) = para.take() {
                let content = text[p.clone()].trim();
                let text_start = p.start + text[p.clone()].find(content).unwrap_or(0);
                out.push(Heading {
                    level: if t.starts_with('=') { 1 } else { 2 },
                    text: content.split_whitespace().collect::<Vec<_>>().join(" "),
                    range: p.start..line_range.end,
                    text_range: text_start..text_start + content.len(),
                });
                continue;
            }
        }
        // List items, quotations and tables do not become setext headings.
        let block = body.starts_with(['-', '*', '+', '>', '|'])
            || body
                .split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        para = if block {
            None
        } else {
            Some(para.map_or(line_range.clone(), |p| p.start..line_range.end))
        };
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

pub fn document_symbols(snap: &Snapshot) -> Result<Option<DocumentSymbolResponse>> {
    let draft = &snap.draft;
    let text = snap.text.as_str();
    let skip = draft.front_matter.as_ref().map(|f| f.range.clone());
    let heads = headings(text, skip.as_ref());
    let lib = snap.library.as_ref().map(|l| &l.lib);
    // Open sections: level, symbol, and its children so far.
    let mut stack: Vec<(usize, DocumentSymbol, Vec<DocumentSymbol>)> = Vec::new();
    let mut roots: Vec<DocumentSymbol> = Vec::new();
    fn close(
        stack: &mut Vec<(usize, DocumentSymbol, Vec<DocumentSymbol>)>,
        roots: &mut Vec<DocumentSymbol>,
        end: tower_lsp_server::ls_types::Position,
    ) {
        if let Some((_, mut sym, children)) = stack.pop() {
            sym.range.end = end.max(sym.selection_range.end);
            if !children.is_empty() {
                sym.children = Some(children);
            }
            match stack.last_mut() {
                Some(parent) => parent.2.push(sym),
                None => roots.push(sym),
            }
        }
    }
    // Citations are taken in order as the headings go by.
    let mut cites = draft.citations.iter().peekable();
    let mut push_cites_before = |limit: usize,
                                 stack: &mut Vec<(usize, DocumentSymbol, Vec<DocumentSymbol>)>,
                                 roots: &mut Vec<DocumentSymbol>| {
        while let Some(c) = cites.next_if(|c| c.range.start < limit) {
            let detail = text.get(c.range.clone()).map(str::to_string);
            for item in &c.items {
                let name = match (lib, &item.key) {
                    (Some(lib), Some(k)) => lib
                        .get(k)
                        .map_or_else(|| format!("@{k}"), |w| w.short_cite()),
                    (None, Some(k)) => format!("@{k}"),
                    (_, None) => item.raw.clone(),
                };
                let name = if name.trim().is_empty() {
                    "citation".to_string()
                } else {
                    name
                };
                let sym = symbol(
                    name,
                    detail.clone(),
                    SymbolKind::KEY,
                    snap.range(&c.range),
                    snap.range(&item.range),
                );
                match stack.last_mut() {
                    Some(parent) => parent.2.push(sym),
                    None => roots.push(sym),
                }
            }
        }
    };
    for h in &heads {
        push_cites_before(h.range.start, &mut stack, &mut roots);
        // The line break before this heading ends the sections it closes.
        let end = snap.position(text[..h.range.start].trim_end_matches(['\n', '\r']).len());
        while stack.last().is_some_and(|(l, _, _)| *l >= h.level) {
            close(&mut stack, &mut roots, end);
        }
        let name = if h.text.is_empty() {
            "(untitled)".to_string()
        } else {
            h.text.clone()
        };
        let sel = if h.text_range.is_empty() {
            h.range.clone()
        } else {
            h.text_range.clone()
        };
        let sym = symbol(
            name,
            None,
            SymbolKind::STRING,
            snap.range(&h.range),
            snap.range(&sel),
        );
        stack.push((h.level, sym, Vec::new()));
    }
    push_cites_before(usize::MAX, &mut stack, &mut roots);
    let end = snap.position(text.trim_end_matches(['\n', '\r']).len());
    while !stack.is_empty() {
        close(&mut stack, &mut roots, end);
    }
    Ok(Some(DocumentSymbolResponse::Nested(roots)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_atx_and_setext_headings_outside_fences_and_front_matter() {
        let text = "---\ntitle: x\n# not\n---\n\n# One #\n\ntext\n\nTwo\n---\n\n```\n# code\n```\n\n### Three\n\npara\nline\n===\n";
        let fm = 0..text.find("\n\n# One").unwrap();
        let h = headings(text, Some(&fm));
        let got: Vec<(usize, &str)> = h.iter().map(|h| (h.level, h.text.as_str())).collect();
        assert_eq!(
            got,
            [(1, "One"), (2, "Two"), (3, "Three"), (1, "para line")]
        );
        assert_eq!(&text[h[0].text_range.clone()], "One");
        assert_eq!(&text[h[1].text_range.clone()], "Two");
    }
}
