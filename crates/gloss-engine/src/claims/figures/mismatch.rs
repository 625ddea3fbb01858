//! `figure-mismatch`: a claim whose cited passage states one of its
//! figures or names differently. The figures are read by [`super`]; the
//! names by [`crate::claims::names`].

use std::ops::Range;

use crate::claims::index::Index;
use crate::claims::matching::Passage;
use crate::claims::{figures, names, quote_text, unit_evidence, THRESHOLDS};
use crate::corpus::Library;
use crate::diag::{Code, Finding};

/// `(source says, draft says)` for a figure of the claim that the source
/// window states differently.
///
/// `rivals` are other passages of the same work that carry the claim about
/// as well: a figure one of them states (an abstract summing up a later
/// section) is no change.
fn number_mismatch(
    claim: &str,
    central: &str,
    window: &str,
    rivals: &[String],
) -> Option<(String, String)> {
    let in_claim = figures::extract(claim);
    let in_window = figures::extract(window);
    let in_central = figures::extract(central);
    let in_rivals: Vec<figures::Figure> = rivals.iter().flat_map(|t| figures::extract(t)).collect();
    for f in &in_claim {
        if in_window
            .iter()
            .chain(&in_rivals)
            .any(|g| figures::same(f, g))
        {
            continue;
        }
        // "between 2002 and 2008" where the source states both years.
        if let Some(hi) = f.hi {
            let end = |v: f64| {
                let mut e = f.clone();
                e.value = v;
                e.hi = None;
                in_window.iter().any(|g| figures::same(&e, g))
            };
            if end(f.value) && end(hi) {
                continue;
            }
        }
        // The source's figure of the same kind that the claim does not state.
        // (The central sentence first, then its neighbours.)
        let original = in_central
            .iter()
            .chain(&in_window)
            .find(|g| figures::comparable(f, g) && !in_claim.iter().any(|h| figures::same(h, g)));
        if let Some(g) = original {
            return Some((g.text.clone(), f.text.clone()));
        }
    }
    None
}

/// The texts of the sentences before and after a unit.
fn neighbours(lib: &Library, index: &Index, unit: u32) -> Vec<String> {
    [-1i32, 1]
        .iter()
        .filter_map(|&d| index.neighbour(unit, d))
        .filter_map(|v| unit_evidence(lib, index, v).map(|e| e.text))
        .collect()
}

/// The cited passage (the best sentence and its neighbours) as one text.
fn window_text(lib: &Library, index: &Index, unit: u32) -> String {
    [-1i32, 0, 1]
        .iter()
        .filter_map(|&d| index.neighbour(unit, d))
        .filter_map(|v| {
            let u = &index.units[v as usize];
            let doc = lib.works[u.work as usize].doc.as_ref()?;
            Some(doc.sentences.get(u.sentence as usize)?.text.clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[allow(clippy::too_many_arguments)]
pub(in crate::claims) fn figure_mismatch(
    lib: &Library,
    index: &Index,
    all: &[Passage],
    claim: &str,
    p: Passage,
    cited_label: &str,
    cited_keys: &[String],
    anchor: Range<usize>,
) -> Option<Finding> {
    if p.score < THRESHOLDS.figure_support {
        return None;
    }
    let window = window_text(lib, index, p.unit);
    let central = unit_evidence(lib, index, p.unit)?;
    let rivals: Vec<String> = all
        .iter()
        .filter(|r| {
            r.work == p.work
                && r.unit.abs_diff(p.unit) > 1
                && r.score >= THRESHOLDS.restates * p.score
        })
        .map(|r| window_text(lib, index, r.unit))
        .collect();
    let (source_says, draft_says) = number_mismatch(claim, &central.text, &window, &rivals)
        .or_else(|| names::mismatch(claim, &central.text, &central.text))
        .or_else(|| {
            neighbours(lib, index, p.unit)
                .into_iter()
                .find_map(|n| names::mismatch(claim, &n, &window))
        })?;
    let work = cited_keys
        .first()
        .and_then(|k| lib.get(k))
        .filter(|_| cited_keys.len() == 1)
        .map_or(cited_label.to_string(), |w| w.short_cite());
    Some(Finding {
        code: Code::FigureMismatch,
        range: anchor,
        message: format!(
            "{work} says {source_says} where the draft says {draft_says}: {}",
            quote_text(&central)
        ),
        cited: cited_keys.to_vec(),
        suggestions: vec![],
        evidence: vec![central],
    })
}
