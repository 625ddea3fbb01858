//! Second-hand claims. A corpus sentence that cites someone else (its own
//! in-text citation) is passing on that author's claim; a draft that cites
//! an original the corpus lacks may have it from a corpus work that quotes
//! it (that work's sentence or reference list names the original).

use std::ops::Range;

use super::index::Index;
use super::matching::{Coverage, Passage, Query};
use super::{quote_text, tokens, unit_evidence};
use crate::corpus::{Library, Work};
use crate::diag::{Code, Finding, Suggestion};
use crate::syntax;
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

/// A credit and where its citation stands in the sentence.
struct Placed {
    credit: Credit,
    /// Byte range of the whole citation.
    range: Range<usize>,
    /// Written in the text ("Kim (1980) summarized …"): it credits the
    /// clause it stands in. In parentheses: the clause it closes.
    narrative: bool,
}

/// Author-year citations in a corpus sentence, each with its range, that
/// credit someone other than the work's own authors.
fn placed_credits(sentence: &str, work: &Work) -> Vec<Placed> {
    if !sentence.contains(['(', ')']) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in syntax::citations(sentence) {
        for ay in c.items.into_iter().filter_map(|i| i.author_year) {
            let own = ay.names.first().is_some_and(|n| {
                work.authors
                    .first()
                    .is_some_and(|a| same_name(n, &a.family))
            });
            if own {
                continue;
            }
            out.push(Placed {
                credit: Credit {
                    names: ay.names,
                    et_al: ay.et_al,
                    year: ay.year,
                    year_suffix: ay.year_suffix,
                },
                range: c.range.clone(),
                narrative: c.mode == syntax::Mode::AuthorInText,
            });
        }
    }
    out
}

/// Author-year citations in a corpus sentence that credit someone other
/// than the work's own authors.
pub fn credits(sentence: &str, work: &Work) -> Vec<Credit> {
    placed_credits(sentence, work)
        .into_iter()
        .map(|p| p.credit)
        .collect()
}

/// Bracket pairs of a sentence that are no citation (asides), as
/// `(open, close)` byte offsets.
fn asides(sentence: &str, cites: &[Range<usize>]) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    for (i, c) in sentence.char_indices() {
        if cites.iter().any(|r| r.contains(&i)) {
            continue;
        }
        match c {
            '(' | '[' => open.push(i),
            ')' | ']' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Where the clauses of `region` (a sentence, or an aside in it) break:
/// at semicolons, colons and spaced dashes, at a comma before a word that
/// opens a clause ("but", "which", "despite" …; only with `commas`), and
/// after a citation in parentheses (what follows it is not what it
/// credits). Citations and asides nested in the region are skipped.
fn clause_breaks(
    sentence: &str,
    region: Range<usize>,
    cites: &[Range<usize>],
    asides: &[(usize, usize)],
    closing: &[usize],
    commas: bool,
) -> Vec<usize> {
    let mut breaks = vec![region.start, region.end];
    breaks.extend(closing.iter().filter(|&&c| region.contains(&c)));
    let nested = |i: usize| {
        cites.iter().any(|r| r.contains(&i))
            || asides
                .iter()
                .any(|&(o, c)| o >= region.start && c < region.end && o <= i && i <= c)
    };
    let text = &sentence[region.clone()];
    for (j, c) in text.char_indices() {
        let i = region.start + j;
        if nested(i) {
            continue;
        }
        let rest = &text[j + c.len_utf8()..];
        let spaced = rest.is_empty() || rest.starts_with(char::is_whitespace);
        let breaks_here = match c {
            ';' => true,
            ':' => spaced,
            '—' | '–' | '-' => spaced && text[..j].ends_with(' '),
            ',' if !commas => false,
            ',' => {
                let next = rest.split_whitespace().next().unwrap_or("");
                let word: String = next
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect::<String>()
                    .to_lowercase();
                crate::stopwords::CLAUSE_OPENERS.contains(&word.as_str())
            }
            _ => false,
        };
        if breaks_here {
            breaks.push(i);
        }
    }
    breaks.sort_unstable();
    breaks.dedup();
    breaks
}

/// The clause a citation credits: the one it closes (in parentheses), or,
/// when nothing of substance precedes it there ("As reported before (…),"),
/// or written in the text ("Kim (1980) summarized …"), the one it stands in.
/// A citation inside an aside credits within the aside.
fn clause_of(sentence: &str, p: &Placed, cites: &[Range<usize>]) -> Range<usize> {
    let asides = asides(sentence, cites);
    let region = asides
        .iter()
        .filter(|&&(o, c)| o < p.range.start && p.range.end <= c)
        .max_by_key(|&&(o, _)| o)
        .map_or(0..sentence.len(), |&(o, c)| o + 1..c);
    let closing: Vec<usize> = syntax::citations(sentence)
        .into_iter()
        .filter(|c| c.mode != syntax::Mode::AuthorInText)
        .map(|c| c.range.end)
        .collect();
    // A citation that closes its sentence (or aside) credits all of it
    // since the last semicolon, colon or dash: "…, and …" before it is
    // then one statement, not a clause apart.
    let last = !sentence[p.range.end..region.end]
        .chars()
        .any(char::is_alphanumeric);
    let breaks = clause_breaks(sentence, region.clone(), cites, &asides, &closing, !last);
    let start = breaks
        .iter()
        .rev()
        .find(|&&b| b <= p.range.start)
        .copied()
        .unwrap_or(region.start);
    let to_next = || {
        breaks
            .iter()
            .find(|&&b| b > p.range.end)
            .copied()
            .unwrap_or(region.end)
    };
    let before = &sentence[start..p.range.start];
    let bare = tokens::words(before)
        .iter()
        .all(|w| cites.iter().any(|r| r.contains(&(start + w.start))));
    if p.narrative {
        // The sentence's speaker: what follows is theirs.
        start..region.end
    } else if bare {
        start..to_next()
    } else {
        start..p.range.start
    }
}

/// The share of the claim's weight that a credited clause of the
/// sentence carries (citations themselves not counted).
fn clause_support(
    index: &Index,
    query: &Query,
    sentence: &str,
    cites: &[Range<usize>],
    clause: &Range<usize>,
) -> f32 {
    if query.terms.is_empty() {
        return 0.0;
    }
    let mut part = 0u64;
    for w in tokens::words(sentence) {
        if !clause.contains(&w.start) || cites.iter().any(|r| r.contains(&w.start)) {
            continue;
        }
        let Some(id) = index.term(&w.stem) else {
            continue;
        };
        if let Some(j) = query.terms.iter().position(|t| t.0 == Some(id)) {
            part |= 1 << j;
        }
    }
    let all = !0u64 >> (64 - query.terms.len());
    Coverage::share(query, part, all)
}

/// A sentence in which the authors speak of their own work ("we found",
/// "our model") states their claim: its citations credit what they used
/// or agree with, not a claim they pass on.
fn speaks_for_itself(sentence: &str) -> bool {
    sentence
        .split(|c: char| !c.is_alphabetic())
        .any(|w| crate::stopwords::FIRST_PERSON.contains(&w.to_lowercase().as_str()))
}

/// A credited clause must carry this share of the claim's weight for the
/// claim to be the credited author's (chosen on both dev sets together:
/// 0.25–0.3 keep every correct note on one and most on the other).
const CLAUSE_SUPPORT: f32 = 0.3;

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

/// Is there a work in the library by `credit`'s first author, of its year?
/// Then the original is at hand: the checker judges it as it judges any work.
fn in_library(lib: &Library, credit: &Credit) -> bool {
    lib.works.iter().any(|w| {
        w.year == credit.year
            && credit
                .names
                .first()
                .zip(w.authors.first())
                .is_some_and(|(n, a)| same_name(n, &a.family))
    })
}

/// The cited work supports the claim, but its passage passes on another
/// author's: the clause of the passage that carries the claim ends with (or
/// names) a citation of someone the draft does not cite and the library
/// lacks. A credit elsewhere in the sentence (a tool, a data set, a
/// contrast, an aside) is not the claim's.
pub fn second_hand(
    lib: &Library,
    index: &Index,
    query: &Query,
    p: Passage,
    anchor: Range<usize>,
    cited: &[String],
    draft_cites: &[String],
) -> Option<Finding> {
    let u = &index.units[p.unit as usize];
    let work = &lib.works[u.work as usize];
    let s = work.doc.as_ref()?.sentences.get(u.sentence as usize)?;
    let placed = placed_credits(&s.text, work);
    if placed.is_empty() {
        return None;
    }
    let cites: Vec<Range<usize>> = syntax::citations(&s.text)
        .into_iter()
        .map(|c| c.range)
        .collect();
    if speaks_for_itself(&s.text) {
        return None;
    }
    // Of the credits the draft does not already cite (it then names the
    // original too) and the library lacks, the one whose clause carries
    // most of the claim, if that clause carries enough of it.
    let (credit, carried) = placed
        .into_iter()
        .filter(|pl| {
            let named = draft_cites
                .iter()
                .any(|d| pl.credit.names.first().is_some_and(|n| same_name(n, d)));
            !named && !in_library(lib, &pl.credit)
        })
        .map(|pl| {
            let clause = clause_of(&s.text, &pl, &cites);
            (
                pl.credit,
                clause_support(index, query, &s.text, &cites, &clause),
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    if carried < CLAUSE_SUPPORT {
        return None;
    }
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

    /// The text of the clause the first credit of `sentence` credits.
    fn credited(sentence: &str) -> String {
        let w = work("Zhou");
        let cites: Vec<Range<usize>> = syntax::citations(sentence)
            .into_iter()
            .map(|c| c.range)
            .collect();
        let p = &placed_credits(sentence, &w)[0];
        let clause = &sentence[clause_of(sentence, p, &cites)];
        clause
            .trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .to_string()
    }

    #[test]
    fn a_credit_belongs_to_its_own_clause() {
        // In parentheses: the clause it closes, not the contrast after it.
        assert_eq!(
            credited("Tariffs stay high (Rahman, 2012), but most customers pay by mobile money."),
            "Tariffs stay high"
        );
        assert_eq!(
            credited(
                "Members trust the board, despite losses in bad years (Rahman, 2012), as a rule."
            ),
            "despite losses in bad years"
        );
        // Written in the text: all it goes on to say.
        assert_eq!(
            credited("Kim (1980) described three stages: import, assimilation and improvement."),
            "Kim (1980) described three stages: import, assimilation and improvement."
        );
        // A bare frame before it: the clause that follows.
        assert_eq!(
            credited("As reported before (Rahman, 2012), tariffs stay high; prices fall."),
            "As reported before (Rahman, 2012), tariffs stay high"
        );
        // Inside an aside: within the aside.
        assert_eq!(
            credited("Routes were kept (i.e. routes with climate data, Hart (2015)), and the rest dropped."),
            "i.e. routes with climate data, Hart (2015)"
        );
        // A comma in a list or a number breaks nothing.
        assert_eq!(
            credited("Exports of 61,000 tons went to Japan, Korea and Peru (Rahman, 2012)."),
            "Exports of 61,000 tons went to Japan, Korea and Peru"
        );
    }

    #[test]
    fn the_authors_own_statements_pass_on_nothing() {
        assert!(speaks_for_itself(
            "We estimate the model with least squares (Zeileis, 2004)."
        ));
        assert!(speaks_for_itself(
            "The values were close to our earlier estimates (Brose, 2004)."
        ));
        assert!(!speaks_for_itself(
            "Wealthy firms weathered the crisis (Ling, 2005)."
        ));
    }
}
