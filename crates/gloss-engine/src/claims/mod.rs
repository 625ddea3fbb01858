//! Claim checking: for every sentence that cites a corpus work, does that
//! work support it, and if not, where does it come from? Also quotations,
//! figures, second-hand citations, and uncited sentences that reproduce a
//! source. Produces [`Finding`]s; `check` settles severities and positions.

pub mod claimless;
pub mod credits;
pub mod figures;
mod fused;
pub mod index;
pub mod matching;
pub mod meaning;
pub mod names;
pub mod quotes;
pub mod tokens;

use std::collections::HashSet;
use std::ops::Range;

use crate::corpus::{Library, Work};
use crate::diag::{Code, Evidence, Finding, Suggestion};
use crate::resolve::Resolution;
use crate::syntax::Draft;
use index::Index;
use matching::{best_passages, work_fit, Coverage, Passage, Query};

/// Calibrated on the dev drafts' distributions (see BENCHMARKS.md); shared by
/// every corpus. Scores are shares of a claim's weighted content.
pub struct Thresholds {
    /// Another work must cover at least this much of the claim to be its source.
    pub support: f32,
    /// ... and beat every cited work by this margin, in passage support plus
    /// `fit_weight` times whole-text fit (the claim's words the work uses at all).
    pub margin: f32,
    pub fit_weight: f32,
    /// ... plus this times the share of the claim's names and numbers the
    /// other work uses and the cited one never does.
    pub names_weight: f32,
    /// Below this, no work supports the claim.
    pub unsupported: f32,
    /// ... nor below this when the best passage lacks this share of the
    /// claim's names and numbers.
    pub unsupported_specific: f32,
    pub missing_specific: f32,
    /// A rival passage with none of the claim's names and numbers must
    /// support the rest this strongly in one sentence to be its source.
    pub without_specifics: f32,
    /// A cited passage this strong states the claim: its figures and names must agree.
    pub figure_support: f32,
    /// Another passage of the cited work scoring this share of the best one
    /// restates the claim: its figures count as stated.
    pub restates: f32,
    /// A cited passage this strong is the claim's source: its own citations are credits.
    pub credit: f32,
    /// An uncited sentence this close to one source sentence reproduces it.
    pub reproduces: f32,
    /// The margin when the claim names a firm, person, place or body that
    /// no cited work ever mentions and the other work does.
    pub foreign_margin: f32,
    /// ... and the support the other work needs then.
    pub foreign_support: f32,
}

pub const THRESHOLDS: Thresholds = Thresholds {
    support: 0.20,
    margin: 0.07,
    fit_weight: 0.2,
    names_weight: 0.1,
    unsupported: 0.18,
    unsupported_specific: 0.25,
    missing_specific: 0.6,
    without_specifics: 0.3,
    credit: 0.40,
    figure_support: 0.45,
    foreign_margin: 0.0,
    foreign_support: 0.12,
    restates: 0.9,
    reproduces: 0.85,
};

/// Content words (besides the cited authors' names, stop words and
/// reporting verbs) a sentence needs to make a claim.
const MIN_CLAIM_TERMS: usize = 2;

/// A draft as the claim checker reads it: its text, its parse and what
/// each cited item resolved to (named apart from `check::Input`, the whole
/// checker's input).
pub struct CitedDraft<'a> {
    pub text: &'a str,
    pub draft: &'a Draft,
    /// `(citation index, item index, resolution)` for every cited item.
    pub resolutions: &'a [(usize, usize, Resolution)],
    /// Asked before each sentence: once it says yes, the check stops
    /// (its findings are then incomplete, and the caller drops them).
    pub cancelled: &'a dyn Fn() -> bool,
    /// The embeddings of the corpus's sentences and the draft's claims,
    /// when a model is installed and they are ready: claims are then judged
    /// on meaning and lexical support together.
    pub meaning: Option<&'a meaning::Meaning<'a>>,
}

/// The claim of every sentence of a draft (see [`claim_of_sentence`]),
/// as the meaning signal embeds them.
pub fn claim_texts(text: &str, draft: &Draft) -> Vec<String> {
    (0..draft.sentences.len())
        .filter(|&si| !draft.sentences[si].citations.is_empty())
        .map(|si| claim_of_sentence(text, draft, si).1)
        .collect()
}

/// A sentence as quoted in a finding: at most 160 characters.
fn snippet(s: &str) -> String {
    crate::text::shorten(s, 160, &[])
}

/// The evidence for a unit: its work, file, line and sentence.
pub fn unit_evidence(lib: &Library, index: &Index, unit: u32) -> Option<Evidence> {
    let u = &index.units[unit as usize];
    let work = &lib.works[u.work as usize];
    let s = work.doc.as_ref()?.sentences.get(u.sentence as usize)?;
    Some(Evidence {
        key: Some(work.key.clone()),
        path: work.path.clone()?,
        line: s.line,
        text: s.text.clone(),
        label: None,
        page: work.page_of(s.line),
    })
}

pub(crate) fn quote_text(ev: &Evidence) -> String {
    format!("{}: \"{}\"", ev.place(), snippet(&ev.text))
}

/// Stems of the cited works' authors' family names: "Zhou found…" is not content.
fn author_stems(works: &[&Work]) -> Vec<String> {
    works
        .iter()
        .flat_map(|w| w.authors.iter())
        .flat_map(|a| tokens::words(&format!("x {}", a.family)))
        .map(|w| w.stem)
        .collect()
}

/// An unresolved cited item: its range, first family name, year, and the
/// way to write it in a message ("Hobday (1995)", "@hobday1995").
fn original(item: &crate::syntax::CiteItem) -> Original {
    match (&item.author_year, &item.key) {
        (Some(ay), _) => {
            let credit = credits::Credit {
                names: ay.names.clone(),
                et_al: ay.et_al,
                year: ay.year,
                year_suffix: ay.year_suffix,
            };
            (
                item.range.clone(),
                ay.names.first().cloned().unwrap_or_default(),
                ay.year,
                credit.label(),
            )
        }
        (None, Some(key)) => {
            // A key's leading letters are usually the author's family name.
            let family: String = key.chars().take_while(|c| c.is_alphabetic()).collect();
            let year = key
                .char_indices()
                .find(|(_, c)| c.is_ascii_digit())
                .and_then(|(i, _)| key.get(i..i + 4))
                .and_then(|y| y.parse().ok());
            (item.range.clone(), family, year, format!("@{key}"))
        }
        (None, None) => (item.range.clone(), String::new(), None, item.raw.clone()),
    }
}

/// The sentence with its citations blanked out.
fn claim_text(text: &str, range: &Range<usize>, cites: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(range.len());
    let mut at = range.start;
    let mut sorted: Vec<&Range<usize>> = cites.iter().collect();
    sorted.sort_by_key(|r| r.start);
    for c in sorted {
        if c.start < at || c.end > range.end {
            continue;
        }
        out.push_str(&text[at..c.start]);
        out.push(' ');
        at = c.end;
    }
    out.push_str(&text[at..range.end]);
    out
}

/// The claim a draft sentence makes, as the checker reads it: the sentence
/// with an uncited sentence just before it on the same line (its lead-in),
/// citations blanked out. Returns the claim's byte range and text.
pub fn claim_of_sentence(
    text: &str,
    draft: &crate::syntax::Draft,
    si: usize,
) -> (Range<usize>, String) {
    let sentences = &draft.sentences;
    let sentence = &sentences[si];
    let lead_in = si
        .checked_sub(1)
        .map(|p| &sentences[p])
        .filter(|p| p.citations.is_empty() && !sentence.citations.is_empty())
        .filter(|p| {
            p.range.end <= sentence.range.start
                && !text[p.range.end..sentence.range.start].contains('\n')
        });
    let range = lead_in.map_or(sentence.range.start, |p| p.range.start)..sentence.range.end;
    let cites: Vec<Range<usize>> = sentence
        .citations
        .iter()
        .map(|&c| draft.citations[c].range.clone())
        .collect();
    let claim = claim_text(text, &range, &cites);
    (range, claim)
}

/// The signal claims are scored with, by the checker and by the editor
/// features that show its evidence (hover, go to definition): a further
/// signal joins here, and every one of them sees it.
pub fn signal() -> &'static dyn matching::Signal {
    &Coverage
}

/// A claim's query as the checker builds it: `claim` is its text (from
/// [`claim_of_sentence`]), `cited` the works its sentence cites, whose
/// authors' names are not content ("Zhou found …").
pub fn claim_query(index: &Index, claim: &str, cited: &[&Work]) -> Query {
    Query::new(index, claim, &author_stems(cited))
}

/// Whether a claim has content enough to be checked: a sentence with no
/// content of its own ("as Zhang and Kawabata (2013) show.", a list item
/// that is only a citation, "for a review, see …", a quotation alone with
/// its citation) makes no claim to check. `claim` is its text, `query`
/// its query (see [`claim_query`]).
pub fn makes_claim(claim: &str, query: &Query) -> bool {
    claimless::content_terms(claim, query) >= MIN_CLAIM_TERMS && !claimless::only_quoted(claim)
}

/// The best passages of `works` (None: of every work) for a claim, best
/// first: each work's best passage and those nearly as good, scored by
/// [`signal`]. The checker judges a claim on these over every work; hover
/// and go to definition show those of the cited work, so they show what
/// the verdict was drawn from.
pub fn passages(index: &Index, query: &Query, works: Option<&[usize]>) -> Vec<Passage> {
    matching::all_passages(index, query, signal(), works)
}

/// An unresolved cited item: its range, first family name, year, and how
/// it was written (see [`original`]).
type Original = (Range<usize>, String, Option<i32>, String);

/// What a sentence's citations resolve to.
struct Cited {
    /// The works cited, sorted, distinct.
    works: Vec<usize>,
    /// Items resolving to no work, in order.
    unknown: Vec<Original>,
    /// Some item could be one of several works.
    ambiguous: bool,
}

/// Resolutions by citation index, so each sentence finds its own directly.
type ByCitation<'a> = std::collections::HashMap<usize, Vec<(&'a usize, &'a usize, &'a Resolution)>>;

fn by_citation<'a>(input: &'a CitedDraft) -> ByCitation<'a> {
    let mut by: ByCitation = std::collections::HashMap::new();
    for (ci, ii, res) in input.resolutions {
        by.entry(*ci).or_default().push((ci, ii, res));
    }
    by
}

/// What the citations of sentence `si` resolve to.
fn cited_by(input: &CitedDraft, by: &ByCitation, si: usize) -> Cited {
    let mut cited = Cited {
        works: Vec::new(),
        unknown: Vec::new(),
        ambiguous: false,
    };
    let of_sentence = input.draft.sentences[si]
        .citations
        .iter()
        .flat_map(|c| by.get(c).into_iter().flatten());
    for &(ci, ii, res) in of_sentence {
        match res {
            Resolution::Work(w) => cited.works.push(*w),
            Resolution::Unknown { .. } | Resolution::YearMismatch { .. } => {
                let item = &input.draft.citations[*ci].items[*ii];
                cited.unknown.push(original(item));
            }
            // Which work is meant is unknown: nothing to check against.
            Resolution::Ambiguous { .. } => cited.ambiguous = true,
        }
    }
    cited.works.sort_unstable();
    cited.works.dedup();
    cited
}

/// An uncited sentence with a cited one right after it on the same line:
/// a lead-in, part of the claim that citation covers.
fn followed_by_citation(input: &CitedDraft, si: usize) -> bool {
    let sentences = &input.draft.sentences;
    let sentence = &sentences[si];
    sentences.get(si + 1).is_some_and(|n| {
        sentence.citations.is_empty()
            && !n.citations.is_empty()
            && !input.text[sentence.range.end..n.range.start.max(sentence.range.end)].contains('\n')
    })
}

/// The library and index a draft's claims are judged against.
struct Judge<'a> {
    input: &'a CitedDraft<'a>,
    lib: &'a Library,
    index: &'a Index,
    debug: bool,
}

pub fn check(input: &CitedDraft, lib: &Library, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    // Without any text (a bibliography alone) there are no claims to check.
    if index.works_with_text == 0 {
        return out;
    }
    let judge = Judge {
        input,
        lib,
        index,
        debug: std::env::var_os("GLOSS_DEBUG_CLAIMS").is_some(),
    };
    let by = by_citation(input);
    for si in 0..input.draft.sentences.len() {
        if (input.cancelled)() {
            break;
        }
        let cited = cited_by(input, &by, si);
        if cited.ambiguous && cited.works.is_empty() {
            continue;
        }
        let followed = followed_by_citation(input, si);
        let (claim_range, text) = claim_of_sentence(input.text, input.draft, si);
        // The same claim, citing the same works, was judged before (an
        // editor re-checks after every edit): reuse its findings.
        let base = claim_range.start;
        let key = cache_key(
            input.text,
            &claim_range,
            followed,
            &cited.works,
            &cited.unknown,
        );
        // Findings judged with and without meaning differ.
        let mut key = key;
        if input.meaning.is_some() {
            key.3.insert_str(0, "\u{1e}meaning\u{1e}");
        }
        if !judge.debug {
            if let Some(found) = index.cached_findings(&key) {
                out.extend(found.into_iter().map(|f| shifted(f, base, true)));
                continue;
            }
        }
        let before = out.len();
        judge.sentence(si, &text, &cited, followed, &mut out);
        // Findings outside the claim cannot be moved with it: not cached.
        if out[before..].iter().all(|f| f.range.start >= base) {
            let judged: Vec<Finding> = out[before..]
                .iter()
                .map(|f| shifted(f.clone(), base, false))
                .collect();
            index.cache_findings(key, judged);
        }
    }
    out
}

/// A passage without most of the claim's names and numbers is no source
/// unless it carries the rest of the claim strongly.
fn lacks_specifics(o: &Passage) -> bool {
    (o.missing_specific >= THRESHOLDS.missing_specific && o.score < THRESHOLDS.unsupported_specific)
        || (o.missing_specific >= 0.99 && o.central < THRESHOLDS.without_specifics)
}

/// The cited works as one claim's judgement names them.
struct CitedWorks<'a> {
    works: Vec<&'a Work>,
    /// Work indices, as passages name them.
    set: HashSet<u32>,
    /// "Zhou (2008) and Lee (2010)".
    label: String,
    keys: Vec<String>,
}

impl<'a> Judge<'a> {
    /// Judge the claim of sentence `si` (its text `claim`), pushing its findings.
    fn sentence(
        &self,
        si: usize,
        claim: &str,
        cited: &Cited,
        followed: bool,
        out: &mut Vec<Finding>,
    ) {
        let (input, lib, index) = (self.input, self.lib, self.index);
        let sentence = &input.draft.sentences[si];
        let cited_works: Vec<&Work> = cited.works.iter().map(|&w| &lib.works[w]).collect();
        let query = claim_query(index, claim, &cited_works);
        let claimless = !makes_claim(claim, &query);
        if claimless && sentence.quotes.is_empty() {
            return;
        }
        let mut spread = meaning::Spread::default();
        let claim_meaning = input.meaning.and_then(|m| m.of_claim(index, claim));
        let all = matching::all_passages_spread(
            index,
            &query,
            signal(),
            None,
            claim_meaning.as_ref().map(|_| &mut spread),
        );
        let best = best_passages(&all);
        let anchor = sentence
            .citations
            .first()
            .map(|&c| input.draft.citations[c].range.clone())
            .unwrap_or_else(|| sentence.range.clone());
        let semantic = claim_meaning.as_ref().map(|m| (m, spread));
        if self.debug {
            self.debug_claim(si, &query, &best, &cited_works, semantic);
        }
        // Quotations attributed to the cited works.
        for &qi in &sentence.quotes {
            let q = &input.draft.quotes[qi];
            if let Some(f) = quotes::check(input.text, q.range.clone(), &cited_works, lib, index) {
                out.push(f);
            }
        }
        // A quotation alone is checked as a quotation, not as a claim.
        if claimless {
            return;
        }
        if cited.works.is_empty() {
            out.extend(self.uncited(si, cited, followed, &query, &best));
            return;
        }
        if cited_works.iter().all(|w| w.doc.is_none()) {
            out.push(unchecked(&cited_works, anchor));
            return;
        }
        let works = CitedWorks {
            set: cited.works.iter().map(|&w| w as u32).collect(),
            label: cited_works
                .iter()
                .map(|w| w.short_cite())
                .collect::<Vec<_>>()
                .join(" and "),
            keys: cited_works.iter().map(|w| w.key.clone()).collect(),
            works: cited_works,
        };
        out.extend(self.cited(claim, &query, &all, &best, cited, &works, anchor, semantic));
    }

    /// `GLOSS_DEBUG_CLAIMS`: the claim's per-work scores on stderr.
    fn debug_claim(
        &self,
        si: usize,
        query: &Query,
        best: &[Passage],
        cited_works: &[&Work],
        semantic: Option<(&meaning::ClaimMeaning, meaning::Spread)>,
    ) {
        let (input, lib, index) = (self.input, self.lib, self.index);
        let lines = crate::text::LineIndex::new(input.text);
        let pos = lines.pos(input.text, input.draft.sentences[si].range.start);
        let feats: Vec<String> = best
            .iter()
            .map(|p| {
                format!(
                    "{{\"work\":\"{}\",\"score\":{:.3},\"central\":{:.3},\"fit\":{:.3},\"share\":{:.3},\"miss\":{:.3},\"sfit\":{:.3}}}",
                    lib.works[p.work as usize].key,
                    p.score,
                    p.central,
                    work_fit(index, query, p.work),
                    matching::work_share(index, query, p.work),
                    p.missing_specific,
                    matching::work_specific_fit(index, query, p.work)
                )
            })
            .collect();
        let cited_keys: Vec<String> = cited_works
            .iter()
            .map(|w| format!("\"{}\"", w.key))
            .collect();
        let meaning = semantic.map_or(String::new(), |(m, spread)| {
            let works: Vec<String> = m
                .best
                .iter()
                .map(|(w, (c, _))| {
                    format!(
                        "{{\"work\":\"{}\",\"cos\":{c:.4},\"zcos\":{:.3},\"fit\":{:.3}}}",
                        lib.works[*w as usize].key,
                        m.z(*w),
                        work_fit(index, query, *w)
                    )
                })
                .collect();
            format!(
                ",\"lex_mean\":{:.5},\"lex_sd\":{:.5},\"meaning\":[{}]",
                spread.mean,
                spread.sd,
                works.join(",")
            )
        });
        eprintln!(
            "CLAIM {{\"line\":{},\"col\":{},\"cited\":[{}],\"terms\":{},\"passages\":[{}]{meaning}}}",
            pos.line,
            pos.column,
            cited_keys.join(","),
            query.terms.len(),
            feats.join(",")
        );
    }

    /// A claim citing no work of the library: an original the corpus lacks
    /// that a corpus work carries, or an uncited sentence reproducing a source.
    fn uncited(
        &self,
        si: usize,
        cited: &Cited,
        followed: bool,
        query: &Query,
        best: &[Passage],
    ) -> Option<Finding> {
        let (lib, index) = (self.lib, self.index);
        let sentence = &self.input.draft.sentences[si];
        if let Some((range, family, year, shown)) = cited.unknown.first() {
            // The draft cites an original the corpus lacks: does a corpus
            // work carry the claim and name that original?
            let via = best.iter().take(3).find(|p| {
                p.score >= THRESHOLDS.support
                    && credits::names_original(lib, index, p.unit, family, *year, true)
            })?;
            Some(credits::original_via(lib, index, via, range.clone(), shown))
        } else if sentence.citations.is_empty() && !followed {
            uncited_source(lib, index, query, best, sentence.range.clone())
        } else {
            None
        }
    }

    /// A claim citing works with text: misattributed, unsupported, with a
    /// changed figure or name, or second-hand; None when it holds.
    #[allow(clippy::too_many_arguments)]
    fn cited(
        &self,
        claim: &str,
        query: &Query,
        all: &[Passage],
        best: &[Passage],
        cited: &Cited,
        works: &CitedWorks,
        anchor: Range<usize>,
        semantic: Option<(&meaning::ClaimMeaning, meaning::Spread)>,
    ) -> Option<Finding> {
        let (lib, index) = (self.lib, self.index);
        let best_cited = best.iter().find(|p| works.set.contains(&p.work)).copied();
        let rival = match semantic {
            Some((m, spread)) => self.rival_fused(query, best, works, m, spread),
            None => self.rival(claim, query, best, cited, works, best_cited),
        };
        if let Some(o) = rival {
            return Some(misattributed(
                lib,
                index,
                best,
                &works.set,
                o,
                best_cited,
                &works.label,
                &works.keys,
                anchor,
            ));
        }
        // Unsupported: every passage is weak, or lacks the claim's names and numbers.
        let supported = best
            .iter()
            .any(|p| p.score >= THRESHOLDS.unsupported && !lacks_specifics(p));
        if !supported {
            return Some(unsupported(lib, index, best, works, anchor));
        }
        let p = best_cited.filter(|p| p.score >= THRESHOLDS.unsupported)?;
        if let Some(f) = figures::mismatch::figure_mismatch(
            lib,
            index,
            all,
            claim,
            p,
            &works.label,
            &works.keys,
            anchor.clone(),
        ) {
            return Some(f);
        }
        let draft_names: Vec<String> = cited.unknown.iter().map(|u| u.1.clone()).collect();
        // Only a passage that clearly carries the claim passes on its credit.
        let carries = p.score >= THRESHOLDS.credit;
        credits::second_hand(lib, index, query, p, anchor, &works.keys, &draft_names)
            .filter(|_| carries)
    }

    /// With the model: the other work the claim comes from, if the fused
    /// model says so (see `fused`), and its source does not itself cite
    /// the cited work.
    fn rival_fused(
        &self,
        query: &Query,
        best: &[Passage],
        works: &CitedWorks,
        m: &meaning::ClaimMeaning,
        spread: meaning::Spread,
    ) -> Option<Passage> {
        let index = self.index;
        let fit = |w: u32| work_fit(index, query, w);
        let lead = fused::lead(best, spread, m, &works.set, &fit)?;
        (lead.score(&fused::WEIGHTS) > 0.0 && !self.passes_on(works, &lead.other))
            .then_some(lead.other)
    }

    /// A source sentence that itself cites the cited work passes it on:
    /// support for the citation, not a rival source. Without a year ("He
    /// and Wang, n.d.") a lone family name can be a common word ("He"):
    /// the second author must be named too.
    fn passes_on(&self, works: &CitedWorks, o: &Passage) -> bool {
        let (lib, index) = (self.lib, self.index);
        works.works.iter().any(|w| {
            let named =
                |family: &str| credits::names_original(lib, index, o.unit, family, w.year, false);
            w.authors.first().is_some_and(|a| named(&a.family))
                && (w.year.is_some() || w.authors.get(1).is_none_or(|b| named(&b.family)))
        })
    }

    /// The other work the claim comes from, if one beats every cited work
    /// by the margin.
    fn rival(
        &self,
        claim: &str,
        query: &Query,
        best: &[Passage],
        cited: &Cited,
        works: &CitedWorks,
        best_cited: Option<Passage>,
    ) -> Option<Passage> {
        let index = self.index;
        let best_other = best
            .iter()
            .find(|p| !works.set.contains(&p.work))
            .copied()?;
        let s_cited = best_cited.map_or(0.0, |p| p.score);
        let fit_cited = cited
            .works
            .iter()
            .map(|&w| work_fit(index, query, w as u32))
            .fold(0.0, f32::max);
        let passes_on = |o: &Passage| self.passes_on(works, o);
        let specific_fit_cited = cited
            .works
            .iter()
            .map(|&w| matching::work_specific_fit(index, query, w as u32))
            .fold(0.0, f32::max);
        let lead = |o: &Passage| {
            (o.score - s_cited)
                + THRESHOLDS.fit_weight * (work_fit(index, query, o.work) - fit_cited)
                + THRESHOLDS.names_weight
                    * (matching::work_specific_fit(index, query, o.work) - specific_fit_cited)
                        .max(0.0)
        };
        // Actors (firms, people, places, bodies) the claim names that no
        // cited work ever mentions: strong evidence the claim is from a
        // work that does. Such a work needs less support and no margin,
        // and may lack the claim's other specifics.
        let foreign: Vec<usize> = index
            .entities
            .mentions_in(claim)
            .into_iter()
            .map(|(e, _)| e)
            .filter(|&e| {
                let ent = &index.entities.list[e];
                is_actor(ent.kind) && !ent.works.iter().any(|m| cited.works.contains(&m.work))
            })
            .collect();
        let names_foreign = |o: &Passage| {
            !foreign.is_empty()
                && foreign.iter().all(|&e| {
                    index.entities.list[e]
                        .works
                        .iter()
                        .any(|m| m.work == o.work as usize)
                })
        };
        let bar = |o: &Passage| {
            if names_foreign(o) {
                (THRESHOLDS.foreign_support, THRESHOLDS.foreign_margin)
            } else {
                (THRESHOLDS.support, THRESHOLDS.margin)
            }
        };
        Some(best_other).filter(|o| {
            o.score >= bar(o).0
                && lead(o) >= bar(o).1
                && !passes_on(o)
                && (!lacks_specifics(o) || names_foreign(o))
        })
    }
}

/// A claim whose cited works have no text in the corpus.
fn unchecked(cited_works: &[&Work], anchor: Range<usize>) -> Finding {
    let names: Vec<String> = cited_works.iter().map(|w| w.short_cite()).collect();
    Finding {
        code: Code::UncheckedClaim,
        range: anchor,
        message: format!(
            "cannot check this claim: the text of {} is not in the corpus",
            names.join(" and ")
        ),
        cited: cited_works.iter().map(|w| w.key.clone()).collect(),
        suggestions: vec![],
        evidence: vec![],
    }
}

/// No work supports the claim: the closest passage as evidence.
fn unsupported(
    lib: &Library,
    index: &Index,
    best: &[Passage],
    works: &CitedWorks,
    anchor: Range<usize>,
) -> Finding {
    let closest = best.first().and_then(|p| unit_evidence(lib, index, p.unit));
    let near = closest.as_ref().map_or(String::new(), |e| {
        format!(
            "; the closest passage is {}, {}",
            work_label(lib, e),
            quote_text(e)
        )
    });
    Finding {
        code: Code::UnsupportedClaim,
        range: anchor,
        message: format!(
            "no work in the corpus supports this claim (cited: {}){near}",
            works.label
        ),
        cited: works.keys.clone(),
        suggestions: vec![],
        evidence: closest.into_iter().collect(),
    }
}

/// What a claim's findings depend on besides the library: its text with
/// its citations as written, whether a cited sentence follows it, what its
/// citations resolve to.
fn cache_key(
    text: &str,
    claim: &Range<usize>,
    followed: bool,
    cited: &[usize],
    unknown: &[Original],
) -> index::ClaimKey {
    let unknown = unknown
        .iter()
        .map(|(r, fam, year, shown)| {
            format!(
                "{}:{}:{fam}:{year:?}:{shown}",
                r.start - claim.start,
                r.end - claim.start
            )
        })
        .collect::<Vec<_>>()
        .join("\u{1f}");
    (
        text[claim.clone()].to_string(),
        followed,
        cited.to_vec(),
        unknown,
    )
}

/// A finding with its range moved to or from claim-relative offsets.
fn shifted(mut f: Finding, base: usize, to_draft: bool) -> Finding {
    f.range = if to_draft {
        f.range.start + base..f.range.end + base
    } else {
        f.range.start - base..f.range.end - base
    };
    f
}

/// Kinds of entity whose naming ties a claim to the works that mention it.
fn is_actor(k: crate::entities::Kind) -> bool {
    use crate::entities::Kind;
    matches!(
        k,
        Kind::Firm | Kind::Person | Kind::Place | Kind::Organisation | Kind::Government
    )
}

fn work_label(lib: &Library, e: &Evidence) -> String {
    e.key
        .as_deref()
        .and_then(|k| lib.get(k))
        .map_or_else(|| e.path.display().to_string(), |w| w.short_cite())
}

fn suggestion_for(lib: &Library, index: &Index, p: &Passage) -> Suggestion {
    let w = &lib.works[p.work as usize];
    Suggestion {
        key: w.key.clone(),
        score: (p.score as f64 * 1000.0).round() / 1000.0,
        evidence: unit_evidence(lib, index, p.unit),
    }
}

#[allow(clippy::too_many_arguments)]
fn misattributed(
    lib: &Library,
    index: &Index,
    passages: &[Passage],
    cited: &HashSet<u32>,
    best: Passage,
    best_cited: Option<Passage>,
    cited_label: &str,
    cited_keys: &[String],
    anchor: Range<usize>,
) -> Finding {
    // Every other work that supports it about as well as the best, best first.
    let suggestions: Vec<Suggestion> = passages
        .iter()
        .filter(|p| {
            !cited.contains(&p.work)
                && p.score >= THRESHOLDS.support
                && best.score - p.score < THRESHOLDS.margin
        })
        .map(|p| suggestion_for(lib, index, p))
        .collect();
    let ev = unit_evidence(lib, index, best.unit);
    let source = &lib.works[best.work as usize];
    let message = match &ev {
        Some(e) => format!(
            "cites {cited_label}, but this appears in {}, {}",
            source.short_cite(),
            quote_text(e)
        ),
        None => format!(
            "cites {cited_label}, but this appears in {}",
            source.short_cite()
        ),
    };
    Finding {
        code: Code::MisattributedClaim,
        range: anchor,
        message,
        cited: cited_keys.to_vec(),
        suggestions,
        // The cited work's closest passage: named so, lest it be read as
        // the support.
        evidence: best_cited
            .and_then(|p| {
                let mut e = unit_evidence(lib, index, p.unit)?;
                let work = &lib.works[p.work as usize];
                e.label = Some(format!("closest in {}", work.short_cite()));
                Some(e)
            })
            .into_iter()
            .collect(),
    }
}

fn uncited_source(
    lib: &Library,
    index: &Index,
    q: &Query,
    passages: &[Passage],
    range: Range<usize>,
) -> Option<Finding> {
    let p = passages.first()?;
    // Only a sentence with enough content to be copied, matched by one source sentence.
    if q.terms.len() < 6 || p.central < THRESHOLDS.reproduces {
        return None;
    }
    let work = &lib.works[p.work as usize];
    let ev = unit_evidence(lib, index, p.unit)?;
    Some(Finding {
        code: Code::UncitedSource,
        range,
        message: format!(
            "this sentence closely reproduces {}, {}, but cites nothing: cite @{}",
            work.short_cite(),
            quote_text(&ev),
            work.key
        ),
        cited: vec![],
        suggestions: vec![suggestion_for(lib, index, p)],
        evidence: vec![ev],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::resolve_all;
    use crate::resolve::Resolver;

    fn findings(text: &str, lib: &Library, index: &Index) -> Vec<Finding> {
        let draft = crate::syntax::parse(text);
        let resolutions = resolve_all(&draft, &Resolver::new(lib));
        check(
            &CitedDraft {
                text,
                draft: &draft,
                resolutions: &resolutions,
                cancelled: &|| false,
                meaning: None,
            },
            lib,
            index,
        )
    }

    /// Judging a claim again (as an editor does after every edit) gives
    /// what a fresh index gives, with ranges moved to where the claim now is.
    #[test]
    fn cached_judgements_equal_fresh_ones_after_text_moves() {
        let ex = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let lib = Library::load(Some(&ex.join("corpus")), &[]);
        let review = std::fs::read_to_string(ex.join("review.md")).unwrap();
        let warm = Index::build(&lib);
        let first = findings(&review, &lib, &warm);
        assert!(first.iter().any(|f| f.code == Code::MisattributedClaim));
        let edited = format!("An inserted opening paragraph, not cited.\n\n{review}");
        let cached = findings(&edited, &lib, &warm);
        let fresh = findings(&edited, &lib, &Index::build(&lib));
        assert_eq!(cached, fresh);
        assert_eq!(cached.len(), first.len());
        assert_ne!(cached[0].range, first[0].range);
    }
}
