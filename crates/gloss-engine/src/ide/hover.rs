//! What a hover on a citation says, engine side: the work's full reference,
//! a short summary of its text, and for the sentence under the cursor the
//! checker's verdict with the best passages of the cited work. Markdown
//! text only; the language server adds the range.

use std::ops::Range;

use crate::bib::Name;
use crate::claims::index::{is_evidence, Index};
use crate::corpus::text::Zone;
use crate::corpus::{Library, Work};
use crate::diag::{Code, Diagnostic, Evidence};
use crate::resolve::Resolution;
use crate::syntax::{CiteItem, Draft};

/// Markdown with its special characters escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "Zhou, Y." — family name and initials.
fn apa_name(n: &Name) -> String {
    let initials: Vec<String> = n
        .given
        .as_deref()
        .unwrap_or("")
        .split([' ', '-'])
        .filter_map(|p| p.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{c}."))
        .collect();
    if initials.is_empty() {
        n.family.clone()
    } else {
        format!("{}, {}", n.family, initials.join(" "))
    }
}

fn name_list(names: &[Name]) -> String {
    let parts: Vec<String> = names.iter().map(apa_name).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{}, & {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The work's full reference as Markdown: authors, year, title, where it
/// appeared, volume, issue, pages, publisher and DOI when the entry has them.
pub fn reference(work: &Work) -> String {
    let field = |names: &[&str]| -> Option<&str> {
        let e = work.entry.as_ref()?;
        names
            .iter()
            .find_map(|n| e.fields.get(n))
            .filter(|v| !v.trim().is_empty())
    };
    let mut s = String::new();
    let editors = work.entry.as_ref().map_or(&[][..], |e| &e.editors[..]);
    if !work.authors.is_empty() {
        s.push_str(&esc(&name_list(&work.authors)));
    } else if !editors.is_empty() {
        s.push_str(&esc(&name_list(editors)));
        s.push_str(if editors.len() > 1 {
            " (Eds.)"
        } else {
            " (Ed.)"
        });
    }
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(&format!("({}).", work.year_label()));
    if let Some(t) = &work.title {
        s.push(' ');
        s.push_str(&esc(t.trim_end_matches('.')));
        s.push('.');
    }
    let container = work
        .entry
        .as_ref()
        .and_then(|e| e.container.as_deref())
        .filter(|c| !c.trim().is_empty());
    if let Some(c) = container {
        s.push_str(&format!(" *{}*", esc(c)));
        if let Some(v) = field(&["volume"]) {
            s.push_str(&format!(", {}", esc(v)));
            if let Some(n) = field(&["number", "issue"]) {
                s.push_str(&format!("({})", esc(n)));
            }
        }
        if let Some(p) = field(&["pages", "page"]) {
            s.push_str(&format!(", {}", esc(&p.replace("--", "–"))));
        }
        s.push('.');
    }
    if let Some(p) = field(&["publisher"]).filter(|p| Some(*p) != container) {
        s.push_str(&format!(" {}.", esc(p)));
    }
    if let Some(doi) = field(&["doi", "DOI"]) {
        let doi = doi.trim();
        if doi.starts_with("http") {
            s.push_str(&format!(" <{doi}>"));
        } else {
            s.push_str(&format!(" <https://doi.org/{doi}>"));
        }
    } else if let Some(url) = field(&["url", "URL"]) {
        s.push_str(&format!(" <{}>", url.trim()));
    }
    s
}

/// The first two or three sentences of the work's abstract (its front
/// prose), else of its body; None without a text.
pub fn summary(work: &Work) -> Option<String> {
    let doc = work.doc.as_ref()?;
    let front: Vec<&str> = doc
        .sentences
        .iter()
        .filter(|s| s.zone == Zone::Front && is_evidence(s))
        .map(|s| s.text.as_str())
        .take(3)
        .collect();
    let picked = if front.is_empty() {
        doc.sentences
            .iter()
            .filter(|s| s.zone == Zone::Body && is_evidence(s))
            .filter(|s| s.text.split_whitespace().count() >= 6)
            .map(|s| s.text.as_str())
            .take(2)
            .collect()
    } else {
        front
    };
    let mut out = String::new();
    for s in picked {
        if !out.is_empty() && out.chars().count() + s.chars().count() > 450 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
    }
    if out.is_empty() {
        return None;
    }
    Some(crate::text::shorten(&out, 500, crate::text::DANGLING))
}

/// Reference and summary: the documentation of a work.
pub fn work_doc(work: &Work) -> String {
    let mut s = format!("**{}** · `{}`\n\n", esc(&work.short_cite()), work.key);
    s.push_str(&reference(work));
    if let Some(sum) = summary(work) {
        s.push_str("\n\n");
        s.push_str(&format!("*Summary:* {}", esc(&sum)));
    }
    s
}

/// What the checker said about a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict<'a> {
    /// Not checked yet, or claims are not checked: nothing to say.
    Unknown,
    Supported,
    Flagged(Vec<&'a Diagnostic>),
}

/// Codes that judge a claim (as opposed to the citation itself).
const CLAIM_CODES: &[Code] = &[
    Code::MisattributedClaim,
    Code::UnsupportedClaim,
    Code::FigureMismatch,
    Code::QuoteNotFound,
    Code::SecondaryCitation,
    Code::UncheckedClaim,
];

/// The verdict on the sentence `range` from the diagnostics last published
/// (`None`: not checked yet); `claims_on` says claims are checked at all.
pub fn verdict<'a>(
    diags: Option<&'a [Diagnostic]>,
    range: &Range<usize>,
    claims_on: bool,
) -> Verdict<'a> {
    let Some(diags) = diags else {
        return Verdict::Unknown;
    };
    if !claims_on {
        return Verdict::Unknown;
    }
    let flagged: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| CLAIM_CODES.contains(&d.code))
        .filter(|d| range.start <= d.range.start && d.range.end <= range.end)
        .collect();
    if flagged.is_empty() {
        Verdict::Supported
    } else {
        Verdict::Flagged(flagged)
    }
}

/// The best passages (at most `max`) of `work` for the claim of sentence
/// `si`: those the checker judged it on ([`crate::ide::claim_passages`]).
pub fn evidence(
    lib: &Library,
    index: &Index,
    text: &str,
    draft: &Draft,
    si: usize,
    work: usize,
    max: usize,
) -> Vec<Evidence> {
    crate::ide::claim_passages(lib, index, text, draft, si, work)
        .into_iter()
        .filter(|p| p.score > 0.0)
        .take(max)
        .filter_map(|p| crate::claims::unit_evidence(lib, index, p.unit))
        .collect()
}

/// How an item was written: `@key` or the author-year text.
fn written(item: &CiteItem) -> String {
    match &item.key {
        Some(k) => format!("@{k}"),
        None => item.raw.clone(),
    }
}

fn quote(s: &str) -> String {
    format!(
        "> {}",
        esc(&crate::text::shorten(s, 400, crate::text::DANGLING))
    )
}

/// The hover text of a citation item: for a resolved item the work's
/// reference and summary, the verdict on `sentence` and the evidence.
pub fn citation_hover(
    lib: &Library,
    item: &CiteItem,
    resolution: &Resolution,
    verdict: &Verdict,
    evidence: &[Evidence],
) -> String {
    let works = |ws: &[usize]| -> String {
        ws.iter()
            .take(5)
            .map(|&w| {
                let w = &lib.works[w];
                format!("- {} `{}`", esc(&crate::ide::complete::label(w)), w.key)
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    match resolution {
        Resolution::Work(w) => {
            let work = &lib.works[*w];
            let mut s = work_doc(work);
            match verdict {
                Verdict::Unknown => {}
                Verdict::Supported => {
                    s.push_str(&format!(
                        "\n\n---\n\n**This sentence:** ✓ supported by {}",
                        esc(&work.short_cite())
                    ));
                }
                Verdict::Flagged(ds) => {
                    s.push_str("\n\n---\n\n**This sentence:**");
                    for d in ds {
                        s.push_str(&format!("\n\n⚠ `{}`: {}", d.code.as_str(), esc(&d.message)));
                    }
                }
            }
            if !evidence.is_empty() {
                let intro = if matches!(verdict, Verdict::Unknown) {
                    "\n\n---\n\n"
                } else {
                    "\n\n"
                };
                s.push_str(&format!(
                    "{intro}**Closest passages in {}:**",
                    esc(&work.short_cite())
                ));
                for e in evidence {
                    s.push_str(&format!("\n\n{}\n\n`{}`", quote(&e.text), e.located()));
                }
            }
            s
        }
        Resolution::Unknown { suggestions } => {
            let mut s = format!(
                "`{}` resolves to no work in the library.",
                written(item).replace('`', "'")
            );
            let close: Vec<usize> = suggestions.iter().map(|(w, _)| *w).collect();
            if !close.is_empty() {
                s.push_str("\n\nClose keys:\n\n");
                s.push_str(&works(&close));
            }
            s
        }
        Resolution::YearMismatch { candidates } => format!(
            "`{}`: the library has no work of this author from that year. Their works:\n\n{}",
            written(item).replace('`', "'"),
            works(candidates)
        ),
        Resolution::Ambiguous { candidates } => format!(
            "`{}` matches several works; add a year suffix or use a key:\n\n{}",
            written(item).replace('`', "'"),
            works(candidates)
        ),
    }
}

/// Passages of the cited work a hover shows.
pub const PASSAGES: usize = 2;

/// What a hover shows: Markdown over a byte range of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Hover {
    pub range: Range<usize>,
    pub markdown: String,
}

/// The hover at byte `offset`: on a citation item (or between the items of
/// a citation, the nearest), the work, the verdict on its sentence from
/// `diagnostics` (those last published; None: not checked yet) and the
/// passages the verdict was drawn from; elsewhere, on a firm, place, person
/// or concept the corpus discusses, what the corpus says of it.
pub fn hover(
    corpus: crate::ide::Corpus,
    text: &str,
    draft: &Draft,
    offset: usize,
    diagnostics: Option<&[Diagnostic]>,
    claims_on: bool,
) -> Option<Hover> {
    let Some((ci, ii)) = crate::ide::citation_at(draft, offset) else {
        let entities = corpus.entities?;
        let (i, range) = entities.at(text, offset)?;
        return Some(Hover {
            range,
            markdown: entities.summary_markdown(i, corpus.lib),
        });
    };
    let cite = &draft.citations[ci];
    // Between items (on `;` or a bracket): the nearest item.
    let ii = ii.or_else(|| {
        (0..cite.items.len()).min_by_key(|&i| {
            let r = &cite.items[i].range;
            r.start.abs_diff(offset).min(r.end.abs_diff(offset))
        })
    })?;
    let item = &cite.items[ii];
    let lib = corpus.lib;
    // Keys resolve by lookup; only author-year items need the resolver.
    let resolution = match item.key.as_deref().and_then(|k| lib.index_of(k)) {
        Some(w) => Resolution::Work(w),
        None => crate::resolve::Resolver::new(lib).resolve(item),
    };
    let sentence = crate::ide::sentence_of_citation(draft, ci).or_else(|| {
        draft
            .sentences
            .iter()
            .position(|s| s.range.start <= cite.range.start && cite.range.end <= s.range.end)
    });
    let (v, ev) = match (&resolution, sentence) {
        (Resolution::Work(w), Some(si)) => {
            // The sentence with its citations: a claim's findings sit on them.
            let s = &draft.sentences[si];
            let range = s
                .citations
                .iter()
                .map(|&c| &draft.citations[c].range)
                .fold(s.range.clone(), |r, c| {
                    r.start.min(c.start)..r.end.max(c.end)
                });
            let v = verdict(diagnostics, &range, claims_on);
            let ev = corpus.index.map_or_else(Vec::new, |index| {
                evidence(lib, index, text, draft, si, *w, PASSAGES)
            });
            (v, ev)
        }
        _ => (Verdict::Unknown, Vec::new()),
    };
    Some(Hover {
        range: item.range.clone(),
        markdown: citation_hover(lib, item, &resolution, &v, &ev),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use crate::text::Pos;

    fn lib() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("refs.bib"),
            r#"@article{zhou2008,
  author = {Zhou, Yu and Chen, Wei-Ming},
  title = {Synchronizing Export Orientation with Import Substitution},
  journal = {World Development},
  year = {2008}, volume = {36}, number = {11}, pages = {2353--2370},
  doi = {10.1016/j.worlddev.2008.11.001}
}
"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("zhou2008.txt"),
            "Synchronizing Export Orientation with Import Substitution\n\nYu Zhou\n\nAbstract\n\nThis paper shows that Chinese high-tech firms grew by selling at home while exporting at the same time. Domestic sales let them build their own brands quickly.\n\n1. Introduction\n\nLenovo opened the household computer market with the cheap Tianxi notebook in the middle of the nineties.\n\nThe weather in Beijing is often cold in the winter months of the year.\n",
        )
        .unwrap();
        let lib = Library::load(Some(dir.path()), &[dir.path().join("refs.bib")]);
        (dir, lib)
    }

    #[test]
    fn reference_has_authors_year_title_journal_and_doi() {
        let (_d, lib) = lib();
        let w = lib.get("zhou2008").unwrap();
        let r = reference(w);
        assert_eq!(
            r,
            "Zhou, Y., & Chen, W. M. (2008). Synchronizing Export Orientation with Import Substitution. *World Development*, 36(11), 2353–2370. <https://doi.org/10.1016/j.worlddev.2008.11.001>"
        );
        let s = summary(w).expect("the text has prose");
        assert!(s.contains("Chinese high-tech firms"), "{s}");
    }

    #[test]
    fn hover_shows_verdict_and_best_passage() {
        let (_d, lib) = lib();
        let index = Index::build(&lib);
        let text = "Lenovo opened the household computer market with the cheap Tianxi notebook [@zhou2008].";
        let draft = crate::syntax::parse(text);
        let item = &draft.citations[0].items[0];
        let w = lib.index_of("zhou2008").unwrap();
        let range = draft.sentences[0].range.clone();
        let ev = evidence(&lib, &index, text, &draft, 0, w, 2);
        assert!(!ev.is_empty());
        assert!(ev[0].text.contains("Tianxi"), "{:?}", ev[0]);
        let h = citation_hover(&lib, item, &Resolution::Work(w), &Verdict::Supported, &ev);
        assert!(
            h.starts_with("**Zhou and Chen (2008)** · `zhou2008`"),
            "{h}"
        );
        assert!(h.contains("✓ supported by Zhou and Chen (2008)"), "{h}");
        assert!(h.contains("> Lenovo opened"), "{h}");
        assert!(h.contains("zhou2008.txt:"), "{h}");

        let d = Diagnostic {
            code: Code::UnsupportedClaim,
            severity: Severity::Info,
            range: item.range.clone(),
            start: Pos { line: 1, column: 1 },
            end: Pos { line: 1, column: 1 },
            message: "no work in the corpus supports this claim".into(),
            cited: vec![],
            suggestions: vec![],
            evidence: vec![],
        };
        let diags = vec![d];
        let v = verdict(Some(&diags), &range, true);
        assert!(matches!(v, Verdict::Flagged(ref ds) if ds.len() == 1));
        let h = citation_hover(&lib, item, &Resolution::Work(w), &v, &[]);
        assert!(h.contains("⚠ `unsupported-claim`: no work"), "{h}");
        assert_eq!(verdict(None, &range, true), Verdict::Unknown);
        assert_eq!(verdict(Some(&[]), &range, true), Verdict::Supported);
        assert_eq!(verdict(Some(&[]), &range, false), Verdict::Unknown);
    }

    #[test]
    fn unresolved_items_name_close_keys() {
        let (_d, lib) = lib();
        let text = "A claim [@zhuo2008].";
        let draft = crate::syntax::parse(text);
        let item = &draft.citations[0].items[0];
        let res = crate::resolve::Resolver::new(&lib).resolve(item);
        let h = citation_hover(&lib, item, &res, &Verdict::Unknown, &[]);
        assert!(h.starts_with("`@zhuo2008` resolves to no work"), "{h}");
        assert!(h.contains("`zhou2008`"), "{h}");
    }
}
