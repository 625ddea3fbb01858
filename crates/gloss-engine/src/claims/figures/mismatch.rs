//! `figure-mismatch`: a claim whose cited passage states one of its
//! figures or names differently. The figures are read by [`super`]; the
//! names by [`crate::claims::names`].

use std::ops::Range;

use crate::claims::index::Index;
use crate::claims::matching::Passage;
use crate::claims::tokens::words;
use crate::claims::{figures, names, quote_text, unit_evidence, THRESHOLDS};
use crate::corpus::Library;
use crate::diag::{Code, Finding};

/// A figure or name the source states differently from the claim.
#[derive(Debug, PartialEq)]
struct Change {
    source_says: String,
    draft_says: String,
    /// Byte offset in the window of what the source says, if known (the
    /// central sentence's figures are at the central sentence).
    at: Option<usize>,
}

/// The content words just before and after a byte range of `text`.
fn slot(text: &str, r: &Range<usize>) -> (Option<String>, Option<String>) {
    let before = words(&text[..r.start]).pop().map(|w| w.stem);
    let after = words(&text[r.end..]).into_iter().next().map(|w| w.stem);
    (before, after)
}

/// A figure of the claim that the source window states differently.
///
/// `rivals` are other passages of the same work that carry the claim about
/// as well: a figure one of them states (an abstract summing up a later
/// section) is no change. `central_at` is where the central sentence
/// starts in `window`.
fn number_mismatch(
    claim: &str,
    central: &str,
    window: &str,
    central_at: usize,
    rivals: &[String],
) -> Option<Change> {
    let in_claim = figures::extract(claim);
    let in_window = figures::extract(window);
    let in_central = figures::extract(central);
    let in_rivals: Vec<figures::Figure> = rivals.iter().flat_map(|t| figures::extract(t)).collect();
    let count = |list: &[figures::Figure], g: &figures::Figure| {
        list.iter().filter(|h| figures::same(h, g)).count()
    };
    for f in &in_claim {
        let change = |g: &figures::Figure, at: Option<usize>| Change {
            source_says: g.text.clone(),
            draft_says: f.text.clone(),
            at,
        };
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
        // The central sentence's figure of the same kind between the same
        // words ("the *three* networks" against "the *five* networks"),
        // even if the claim states its value elsewhere ("k = 3"), as long
        // as it states it fewer times than the source sentence does.
        let here = slot(claim, &f.range);
        let same_slot = |g: &&figures::Figure| {
            let there = slot(central, &g.range);
            figures::comparable(f, g)
                && ((here.0.is_some() && here.0 == there.0)
                    || (here.1.is_some() && here.1 == there.1))
                && count(&in_central, g) > count(&in_claim, g)
        };
        if let Some(g) = in_central.iter().find(same_slot) {
            return Some(change(g, Some(central_at + g.range.start)));
        }
        // The source's figure of the same kind that the claim does not state.
        // (The central sentence first, then its neighbours.)
        let unstated = |g: &&figures::Figure| {
            figures::comparable(f, g) && !in_claim.iter().any(|h| figures::same(h, g))
        };
        if let Some(g) = in_central.iter().find(unstated) {
            return Some(change(g, Some(central_at + g.range.start)));
        }
        if let Some(g) = in_window.iter().find(unstated) {
            return Some(change(g, Some(g.range.start)));
        }
    }
    None
}

/// The cited passage: the best sentence and its neighbours, as units and
/// as one text.
struct Window {
    /// `(unit, where its sentence starts in text)`, in order.
    units: Vec<(u32, usize)>,
    text: String,
}

impl Window {
    fn new(lib: &Library, index: &Index, unit: u32) -> Window {
        let mut w = Window {
            units: vec![],
            text: String::new(),
        };
        for d in [-1i32, 0, 1] {
            let Some(v) = index.neighbour(unit, d) else {
                continue;
            };
            let u = &index.units[v as usize];
            let Some(doc) = lib.works[u.work as usize].doc.as_ref() else {
                continue;
            };
            let Some(s) = doc.sentences.get(u.sentence as usize) else {
                continue;
            };
            if !w.text.is_empty() {
                w.text.push(' ');
            }
            w.units.push((v, w.text.len()));
            w.text.push_str(&s.text);
        }
        w
    }

    /// The unit whose sentence holds byte `at` of the text.
    fn unit_at(&self, at: usize) -> Option<u32> {
        self.units.iter().rev().find(|u| u.1 <= at).map(|u| u.0)
    }

    /// The sentence of a unit of the window.
    fn sentence(&self, unit: u32) -> &str {
        let i = self.units.iter().position(|u| u.0 == unit).unwrap_or(0);
        let start = self.units.get(i).map_or(0, |u| u.1);
        let end = self.units.get(i + 1).map_or(self.text.len(), |u| u.1 - 1);
        &self.text[start..end]
    }
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
    let window = Window::new(lib, index, p.unit);
    let central_at = window
        .units
        .iter()
        .find(|u| u.0 == p.unit)
        .map_or(0, |u| u.1);
    let central = window.sentence(p.unit);
    let rivals: Vec<String> = all
        .iter()
        .filter(|r| {
            r.work == p.work
                && r.unit.abs_diff(p.unit) > 1
                && r.score >= THRESHOLDS.restates * p.score
        })
        .map(|r| Window::new(lib, index, r.unit).text)
        .collect();
    let titles: Vec<String> = lib.works[p.work as usize]
        .doc
        .as_ref()
        .map(|d| d.headings.iter().map(|h| h.text.clone()).collect())
        .unwrap_or_default();
    let known = names::Known {
        entities: &index.entities,
        titles: &titles,
    };
    let named = |unit: u32, scope: &str| {
        names::mismatch(claim, window.sentence(unit), scope, known).map(|(s, d)| Change {
            source_says: s,
            draft_says: d,
            at: window.units.iter().find(|u| u.0 == unit).map(|u| u.1),
        })
    };
    let change = number_mismatch(claim, central, &window.text, central_at, &rivals)
        .or_else(|| named(p.unit, central))
        .or_else(|| {
            window
                .units
                .iter()
                .filter(|u| u.0 != p.unit)
                .find_map(|u| named(u.0, &window.text))
        })?;
    // The evidence is the sentence that states the source's figure.
    let unit = change
        .at
        .and_then(|at| window.unit_at(at))
        .unwrap_or(p.unit);
    let evidence = unit_evidence(lib, index, unit)?;
    let Change {
        source_says,
        draft_says,
        ..
    } = change;
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
            quote_text(&evidence)
        ),
        cited: cited_keys.to_vec(),
        suggestions: vec![],
        evidence: vec![evidence],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window of three sentences (units 7, 8, 9), the central one 8.
    fn window(sentences: [&str; 3]) -> Window {
        let mut w = Window {
            units: vec![],
            text: String::new(),
        };
        for (u, s) in (7u32..).zip(sentences) {
            if !w.text.is_empty() {
                w.text.push(' ');
            }
            w.units.push((u, w.text.len()));
            w.text.push_str(s);
        }
        w
    }

    fn changed(claim: &str, w: &Window) -> Option<(String, String, Option<u32>)> {
        let c = number_mismatch(claim, w.sentence(8), &w.text, w.units[1].1, &[])?;
        Some((
            c.source_says,
            c.draft_says,
            c.at.and_then(|at| w.unit_at(at)),
        ))
    }

    #[test]
    fn a_changed_number_is_found_and_a_kept_one_is_not() {
        let w = window([
            "Returnees came back in large numbers.",
            "By the end of 2005 there were over 3,000 returnee-founded firms.",
            "They employed many engineers.",
        ]);
        assert_eq!(
            changed("By 2005 returnees had founded over 5,000 firms.", &w),
            Some(("3,000".into(), "5,000".into(), Some(8)))
        );
        assert_eq!(
            changed("By 2005 returnees had founded over 3,000 firms.", &w),
            None
        );
        // The same number in another format.
        assert_eq!(
            changed("By 2005 returnees had founded over 3.000 firms.", &w),
            None
        );
    }

    #[test]
    fn the_evidence_is_the_sentence_that_states_the_source_figure() {
        // The best sentence (8) carries the claim's words; its neighbour
        // (9) states the figure the claim changed.
        let w = window([
            "Lenovo was founded by scientists of the Academy.",
            "Lenovo cut the price of its personal computers during the year.",
            "It did so four times in 1996.",
        ]);
        assert_eq!(
            changed(
                "In 1996 Lenovo cut the price of its personal computers twice.",
                &w
            ),
            Some(("four times".into(), "twice".into(), Some(9)))
        );
        assert_eq!(w.sentence(9), "It did so four times in 1996.");
        assert_eq!(w.unit_at(0), Some(7));
    }

    #[test]
    fn a_figure_stated_elsewhere_in_the_claim_still_counts_as_changed_in_its_place() {
        let w = window([
            "We mapped every pixel.",
            "We computed the distance to the three networks sampled in the closest conditions (a k nearest neighbors with k = 3).",
            "Higher distances mean no analog.",
        ]);
        assert_eq!(
            changed(
                "The distance to the five networks sampled in the closest conditions was computed, with k = 3.",
                &w
            ),
            Some(("three".into(), "five".into(), Some(8)))
        );
    }
}
