//! Second-hand claims. A corpus sentence that cites someone else (its own
//! in-text citation) is passing on that author's claim; a draft that cites
//! an original the corpus lacks may have it from a corpus work that quotes
//! it (that work's sentence or reference list names the original).

use std::ops::Range;

use super::index::Index;
use super::matching::Passage;
use super::{quote_text, unit_evidence};
use crate::corpus::{Library, Work};
use crate::diag::{Code, Finding, Suggestion};
use crate::syntax::{self, AuthorYear};
use crate::text::fold_words;

/// An author-year citation found in a corpus sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub names: Vec<String>,
    pub et_al: bool,
    pub year: Option<i32>,
    pub year_suffix: Option<char>,
}

impl Credit {
    /// "Hobday (1995)", "Naughton and Segal (2003)", "Kim et al. (1980)".
    pub fn label(&self) -> String {
        let names = match (self.names.len(), self.et_al) {
            (1, false) => self.names[0].clone(),
            (2, false) => format!("{} and {}", self.names[0], self.names[1]),
            _ => format!("{} et al.", self.names[0]),
        };
        let year = self.year.map_or("n.d.".to_string(), |y| y.to_string());
        format!(
            "{names} ({year}{})",
            self.year_suffix.map(String::from).unwrap_or_default()
        )
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold_words(a), fold_words(b));
    !a.is_empty() && a.last() == b.last()
}

/// Author-year citations in a corpus sentence that credit someone other
/// than the work's own authors.
pub fn credits(sentence: &str, work: &Work) -> Vec<Credit> {
    if !sentence.contains(['(', ')']) {
        return Vec::new();
    }
    syntax::citations(sentence)
        .into_iter()
        .flat_map(|c| c.items)
        .filter_map(|i| i.author_year)
        .filter(|ay: &AuthorYear| {
            let own = ay.names.first().is_some_and(|n| {
                work.authors
                    .first()
                    .is_some_and(|a| same_name(n, &a.family))
            });
            !own
        })
        .map(|ay| Credit {
            names: ay.names,
            et_al: ay.et_al,
            year: ay.year,
            year_suffix: ay.year_suffix,
        })
        .collect()
}

/// Does the sentence `unit` (or, with `references`, a neighbour of it or the
/// work's reference list) name `family` (and `year`, when given)? Then the
/// work passes on that author's claim.
pub fn names_original(
    lib: &Library,
    index: &Index,
    unit: u32,
    family: &str,
    year: Option<i32>,
    references: bool,
) -> bool {
    let u = &index.units[unit as usize];
    let work = &lib.works[u.work as usize];
    let Some(doc) = &work.doc else { return false };
    let fam = fold_words(family);
    if fam.is_empty() {
        return false;
    }
    let year_text = year.map(|y| y.to_string());
    let names_it = |text: &str| {
        let words = fold_words(text);
        words.windows(fam.len()).any(|w| w == fam.as_slice())
            && year_text
                .as_ref()
                .is_none_or(|y| words.iter().any(|w| w.starts_with(y.as_str())))
    };
    let around: &[i32] = if references { &[-1, 0, 1] } else { &[0] };
    let in_text = around
        .iter()
        .filter_map(|&d| index.neighbour(unit, d))
        .any(|v| names_it(&doc.sentences[index.units[v as usize].sentence as usize].text));
    // Footnotes credit sources away from the passage they annotate.
    let in_notes = references
        && doc
            .sentences
            .iter()
            .any(|s| s.zone == crate::corpus::text::Zone::Note && names_it(&s.text));
    in_text
        || in_notes
        || references
            && doc.references.iter().any(|r| {
                r.families.first().is_some_and(|f| fold_words(f) == fam)
                    && (year.is_none() || r.year == year)
            })
}

/// The cited work supports the claim, but its passage credits another author.
pub fn second_hand(
    lib: &Library,
    index: &Index,
    p: Passage,
    anchor: Range<usize>,
    cited: &[String],
    draft_cites: &[String],
) -> Option<Finding> {
    let u = &index.units[p.unit as usize];
    let work = &lib.works[u.work as usize];
    let s = work.doc.as_ref()?.sentences.get(u.sentence as usize)?;
    let credit = credits(&s.text, work).into_iter().find(|c| {
        // The draft already cites the original too: nothing to say.
        !draft_cites
            .iter()
            .any(|d| c.names.first().is_some_and(|n| same_name(n, d)))
    })?;
    let ev = unit_evidence(lib, index, p.unit)?;
    Some(Finding {
        code: Code::SecondaryCitation,
        range: anchor,
        message: format!(
            "{} credits this to {}, {}: say so (\"{}, as cited in {}\") or check the original",
            work.short_cite(),
            credit.label(),
            quote_text(&ev),
            credit.label(),
            work.short_cite()
        ),
        cited: cited.to_vec(),
        suggestions: vec![],
        evidence: vec![ev],
    })
}

/// The draft cites an original the corpus lacks; a corpus work carries the
/// claim and names it. This is no diagnostic of its own: it comes back under
/// the code of the unresolved citation (`unknown-citation`), whose message
/// and suggestions it completes.
pub fn original_via(
    lib: &Library,
    index: &Index,
    p: &Passage,
    range: Range<usize>,
    shown: &str,
) -> Finding {
    let work = &lib.works[p.work as usize];
    let ev = unit_evidence(lib, index, p.unit);
    let via = match &ev {
        Some(e) => format!("{}, {}", work.short_cite(), quote_text(e)),
        None => work.short_cite(),
    };
    Finding {
        code: Code::UnknownCitation,
        range,
        message: format!(
            "the claim is in the corpus through {via}: cite \"{shown}, as cited in {}\", or cite @{} directly",
            work.short_cite(),
            work.key
        ),
        cited: vec![shown.to_string()],
        suggestions: vec![Suggestion {
            key: work.key.clone(),
            score: (p.score as f64 * 1000.0).round() / 1000.0,
            evidence: ev.clone(),
        }],
        evidence: ev.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bib::Name;
    use crate::corpus::PairedBy;

    fn work(family: &str) -> Work {
        Work {
            key: "k".into(),
            title: None,
            authors: vec![Name {
                family: family.into(),
                given: None,
            }],
            year: Some(2008),
            entry: None,
            path: None,
            doc: None,
            paired_by: PairedBy::None,
            year_suffix: None,
        }
    }

    #[test]
    fn credits_skip_the_works_own_authors() {
        let w = work("Zhou");
        let c = credits(
            "Firms learned by exporting (Hobday, 1995; Zhou, 2005), as Kim (1980) shows.",
            &w,
        );
        let labels: Vec<String> = c.iter().map(Credit::label).collect();
        assert_eq!(labels, vec!["Hobday (1995)", "Kim (1980)"]);
        assert!(credits("No citation here.", &w).is_empty());
    }
}
