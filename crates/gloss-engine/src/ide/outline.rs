//! The outline of a draft: its sections (from the headings the parser
//! read) nested by level, with the citations of each section inside it.

use std::ops::Range;

use crate::corpus::Library;
use crate::syntax::Draft;

/// What an outline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Section,
    /// One item of a citation.
    Citation,
}

/// An outline entry: its name, what it covers and what to select.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub name: String,
    /// For a citation item: the citation as written.
    pub detail: Option<String>,
    pub kind: Kind,
    /// A section runs to the line break before the next heading of its
    /// level or higher (or the end of the text); a citation item covers
    /// its citation.
    pub range: Range<usize>,
    /// The heading's text, or the item.
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

/// The outline of a draft: sections nested by level, each holding the
/// citations before the next heading; items named as the library cites
/// their work (`Zhou (2008)`), else as written.
pub fn outline(text: &str, draft: &Draft, lib: Option<&Library>) -> Vec<Symbol> {
    // Open sections, innermost last.
    let mut stack: Vec<(usize, Symbol)> = Vec::new();
    let mut roots: Vec<Symbol> = Vec::new();
    fn add(stack: &mut [(usize, Symbol)], roots: &mut Vec<Symbol>, sym: Symbol) {
        match stack.last_mut() {
            Some((_, parent)) => parent.children.push(sym),
            None => roots.push(sym),
        }
    }
    fn close(stack: &mut Vec<(usize, Symbol)>, roots: &mut Vec<Symbol>, end: usize) {
        if let Some((_, mut sym)) = stack.pop() {
            sym.range.end = end.max(sym.selection.end);
            add(stack, roots, sym);
        }
    }
    // Citations are taken in order as the headings go by.
    let mut cites = draft.citations.iter().peekable();
    let mut cites_before =
        |limit: usize, stack: &mut Vec<(usize, Symbol)>, roots: &mut Vec<Symbol>| {
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
                    let sym = Symbol {
                        name,
                        detail: detail.clone(),
                        kind: Kind::Citation,
                        range: c.range.clone(),
                        selection: item.range.clone(),
                        children: Vec::new(),
                    };
                    add(stack, roots, sym);
                }
            }
        };
    for h in &draft.headings {
        cites_before(h.range.start, &mut stack, &mut roots);
        // The line break before this heading ends the sections it closes.
        let end = text[..h.range.start].trim_end_matches(['\n', '\r']).len();
        while stack.last().is_some_and(|(l, _)| *l >= h.level) {
            close(&mut stack, &mut roots, end);
        }
        let sym = Symbol {
            name: if h.text.is_empty() {
                "(untitled)".to_string()
            } else {
                h.text.clone()
            },
            detail: None,
            kind: Kind::Section,
            range: h.range.clone(),
            selection: if h.text_range.is_empty() {
                h.range.clone()
            } else {
                h.text_range.clone()
            },
            children: Vec::new(),
        };
        stack.push((h.level, sym));
    }
    cites_before(usize::MAX, &mut stack, &mut roots);
    let end = text.trim_end_matches(['\n', '\r']).len();
    while !stack.is_empty() {
        close(&mut stack, &mut roots, end);
    }
    roots
}
