//! Checking a draft against its library: citation resolution, the draft's
//! own reference list, bibliography problems, and `gloss-ignore` comments.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::config::Config;
use crate::corpus::{Library, Work};
use crate::diag::{Code, Diagnostic, Evidence, Finding, Severity, Suggestion};
use crate::resolve::{Resolution, Resolver};
use crate::syntax::{AuthorYear, Citation, CiteItem, Cue, Draft, Mode, Syntax};
use crate::text::{fold_words, LineIndex};

mod crossref;

/// A draft's text and its parse, ready to check.
pub struct Input<'a> {
    pub text: &'a str,
    pub draft: &'a Draft,
}

/// Per-item resolution of every citation, in draft order: `(citation index, item index, resolution)`.
pub fn resolve_all(draft: &Draft, resolver: &Resolver) -> Vec<(usize, usize, Resolution)> {
    let mut out = Vec::new();
    for (ci, c) in draft.citations.iter().enumerate() {
        for (ii, item) in c.items.iter().enumerate() {
            out.push((ci, ii, resolver.resolve(item)));
        }
    }
    out
}

/// How an item is shown in messages: `@key` or the author-year text.
fn shown(item: &CiteItem) -> String {
    match &item.key {
        Some(k) => format!("@{k}"),
        None => item.raw.clone(),
    }
}

/// "Zhou (2008), Synchronizing Export Orientation…" for suggestions.
pub fn describe(work: &Work) -> String {
    let mut s = work.short_cite();
    if let Some(t) = &work.title {
        s.push_str(", ");
        s.push_str(&crate::text::shorten(t, 80, &[]));
    }
    s
}

/// Evidence pointing at a work's definition (its bibliography entry or title line).
fn definition_evidence(work: &Work) -> Option<Evidence> {
    let (path, line) = work.definition()?;
    let text = work.title.clone().unwrap_or_else(|| work.key.clone());
    Some(Evidence {
        key: Some(work.key.clone()),
        path,
        line,
        text,
        label: None,
        page: work.definition_page(),
    })
}

fn suggestion(resolver: &Resolver, i: usize, score: f64) -> Suggestion {
    let w = &resolver.library().works[i];
    Suggestion {
        key: w.key.clone(),
        score: (score * 1000.0).round() / 1000.0,
        evidence: definition_evidence(w),
    }
}

struct Builder<'a> {
    text: &'a str,
    lines: LineIndex,
    cfg: &'a Config,
    out: Vec<Diagnostic>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        code: Code,
        range: Range<usize>,
        message: String,
        cited: Vec<String>,
        suggestions: Vec<Suggestion>,
        evidence: Vec<Evidence>,
    ) {
        let Some(severity) = self.cfg.severity_of(code) else {
            return;
        };
        let start = self.lines.pos(self.text, range.start);
        let end = self.lines.pos(self.text, range.end);
        self.out.push(Diagnostic {
            code,
            severity,
            range,
            start,
            end,
            message,
            cited,
            suggestions,
            evidence,
        });
    }
}

/// A check stopped because it was no longer wanted (the draft changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

/// Check one draft. With an evidence `index`, claims are checked against
/// the corpus texts too.
pub fn check(
    input: &Input,
    lib: &Library,
    index: Option<&crate::claims::index::Index>,
    cfg: &Config,
    draft_path: &Path,
) -> Vec<Diagnostic> {
    match check_until(input, lib, index, None, cfg, draft_path, &|| false) {
        Ok(d) => d,
        Err(Cancelled) => unreachable!("a check that is always wanted is never cancelled"),
    }
}

/// [`check`], asking `cancelled` between the sentences of the claim check
/// (the part that takes time): once it says yes, the check stops there.
#[allow(clippy::too_many_arguments)]
pub fn check_until(
    input: &Input,
    lib: &Library,
    index: Option<&crate::claims::index::Index>,
    meaning: Option<&crate::claims::meaning::Meaning>,
    cfg: &Config,
    draft_path: &Path,
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<Diagnostic>, Cancelled> {
    let resolver = Resolver::new(lib);
    let mut b = Builder {
        text: input.text,
        lines: LineIndex::new(input.text),
        cfg,
        out: Vec::new(),
    };
    let draft = input.draft;
    let resolutions = resolve_all(draft, &resolver);
    let bib_problems = bibliography_problems(lib, cfg, draft);
    let mut reported_keys = HashSet::new();
    let labels = crossref::labels(input.text);
    // With no bibliography and no corpus at all, every citation would be
    // unknown: say that once instead.
    let no_library = lib.works.is_empty();
    let kinds: Vec<Item> = resolutions
        .iter()
        .map(|(ci, ii, res)| classify(&draft.citations[*ci], &draft.citations[*ci].items[*ii], res))
        .collect();
    // Claims are judged only against what was cited: not prose that reads
    // like a citation, nor cross-references.
    let claim_resolutions: Vec<(usize, usize, Resolution)> = resolutions
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| matches!(k, Item::Citation))
        .map(|(r, _)| r.clone())
        .collect();
    let claims = index.map_or_else(Vec::new, |index| {
        crate::claims::check(
            &crate::claims::CitedDraft {
                text: input.text,
                draft,
                resolutions: &claim_resolutions,
                cancelled,
                meaning,
            },
            lib,
            index,
        )
    });
    if cancelled() {
        return Err(Cancelled);
    }
    // Where the claim of an unresolved citation is carried by a corpus
    // work, that is said inside the unknown-citation (or year) error.
    let (carried, claim_findings): (Vec<Finding>, Vec<Finding>) = claims
        .into_iter()
        .partition(|f| f.code == Code::UnknownCitation);

    if no_library && cfg.bibliography.is_empty() && cfg.corpus.is_none() {
        let first = resolutions
            .iter()
            .zip(&kinds)
            .find(|(_, k)| matches!(k, Item::Citation))
            .map(|((ci, _, _), _)| draft.citations[*ci].range.clone());
        if let Some(range) = first {
            let name = draft_path.file_name().map_or_else(
                || draft_path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            b.push(
                Code::NoBibliography,
                range,
                format!(
                    "no bibliography found for {name}: add `bibliography:` to its front matter or to a `gloss.toml`, or pass `--bib` (in an editor, the `bibliography` setting)"
                ),
                vec![],
                vec![],
                vec![],
            );
        }
    }

    let mut cited_works: Vec<(usize, Range<usize>)> = Vec::new();
    for ((ci, ii, res), kind) in resolutions.iter().zip(&kinds) {
        let citation = &draft.citations[*ci];
        let item = &citation.items[*ii];
        let range = if item.range.is_empty() {
            citation.range.clone()
        } else {
            item.range.clone()
        };
        match kind {
            Item::Citation => {}
            Item::Prose => continue,
            Item::Possible => {
                let ay = item.author_year.as_ref();
                b.push(
                    Code::PossibleCitation,
                    range,
                    format!(
                        "{} reads like a citation, but no work in the bibliography is by {}",
                        item.raw,
                        ay.map_or_else(|| item.raw.clone(), author_written)
                    ),
                    vec![item.raw.clone()],
                    vec![],
                    vec![],
                );
                continue;
            }
            Item::Crossref => {
                let key = item.key.as_deref().unwrap_or_default();
                let label = crossref::label_key(key);
                if !labels.contains(&label) {
                    b.push(
                        Code::UnknownCrossref,
                        range,
                        format!(
                            "@{key} refers to no label in this draft: define it with {{#{label}}} on the figure, table, section or equation"
                        ),
                        vec![key.to_string()],
                        vec![],
                        vec![],
                    );
                }
                continue;
            }
        }
        if let Some((key, problem)) = item
            .key
            .as_ref()
            .and_then(|k| Some((k, *bib_problems.by_key.get(k)?)))
        {
            if reported_keys.insert(key.clone()) {
                b.push(
                    Code::BibliographyError,
                    range.clone(),
                    format!(
                        "the bibliography entry for `{key}` has a problem ({}:{}): {}",
                        problem.path.display(),
                        problem.line.unwrap_or(1),
                        problem.message
                    ),
                    vec![key.clone()],
                    vec![],
                    vec![Evidence {
                        key: Some(key.clone()),
                        path: problem.path.clone(),
                        line: problem.line.unwrap_or(1),
                        text: problem.message.clone(),
                        label: None,
                        page: None,
                    }],
                );
            }
        }
        // A claim that a corpus work carries, naming this unresolved original.
        let via = carried.iter().find(|c| c.range == range);
        match res {
            Resolution::Work(w) => {
                cited_works.push((*w, range.clone()));
            }
            Resolution::Unknown { .. } if no_library => {}
            Resolution::Unknown { suggestions } => {
                let mut sugg: Vec<Suggestion> = suggestions
                    .iter()
                    .map(|&(i, s)| suggestion(&resolver, i, s))
                    .collect();
                let what = if item.key.is_some() {
                    "no bibliography entry has this key"
                } else {
                    "no work in the bibliography has this author"
                };
                let mut message = format!("{} matches nothing: {what}", shown(item));
                if let Some(best) = suggestions.first() {
                    let w = &lib.works[best.0];
                    let hint = match citation.syntax {
                        Syntax::Pandoc => format!("@{}", w.key),
                        Syntax::AuthorYear => w.short_cite(),
                    };
                    message.push_str(&format!("; did you mean {hint} — {}?", describe(w)));
                }
                let mut evidence = vec![];
                if let Some(v) = via {
                    message.push_str(&format!("; {}", v.message));
                    sugg.retain(|s| v.suggestions.iter().all(|t| t.key != s.key));
                    sugg.splice(0..0, v.suggestions.iter().cloned());
                    evidence.extend(v.evidence.iter().cloned());
                }
                b.push(
                    Code::UnknownCitation,
                    range,
                    message,
                    vec![item.raw.clone()],
                    sugg,
                    evidence,
                );
            }
            Resolution::YearMismatch { candidates } => {
                let ay = item.author_year.as_ref();
                let written = ay.map_or("this year".to_string(), year_written);
                let list: Vec<String> = candidates
                    .iter()
                    .map(|&i| describe(&lib.works[i]))
                    .collect();
                let message = format!(
                    "{} has no work from {written} in the bibliography; {}: {}",
                    ay.map_or_else(|| shown(item), author_written),
                    if candidates.len() == 1 {
                        "there is"
                    } else {
                        "there are"
                    },
                    list.join("; ")
                );
                let mut sugg: Vec<Suggestion> = candidates
                    .iter()
                    .map(|&i| suggestion(&resolver, i, 0.9))
                    .collect();
                let mut message = message;
                let mut evidence = vec![];
                if let Some(v) = via {
                    message.push_str(&format!("; {}", v.message));
                    sugg.retain(|s| v.suggestions.iter().all(|t| t.key != s.key));
                    sugg.extend(v.suggestions.iter().cloned());
                    evidence.extend(v.evidence.iter().cloned());
                }
                b.push(
                    Code::CitationYearMismatch,
                    range,
                    message,
                    vec![item.raw.clone()],
                    sugg,
                    evidence,
                );
            }
            Resolution::Ambiguous { candidates } => {
                let list: Vec<String> = candidates
                    .iter()
                    .map(|&i| {
                        let w = &lib.works[i];
                        format!("{} (@{})", describe(w), w.key)
                    })
                    .collect();
                let message = format!(
                    "{} matches {} works: {}; add a year suffix (2020a) or use a Pandoc key",
                    item.raw,
                    candidates.len(),
                    list.join("; ")
                );
                let sugg = candidates
                    .iter()
                    .map(|&i| suggestion(&resolver, i, 1.0 / candidates.len() as f64))
                    .collect();
                let cited = candidates
                    .iter()
                    .map(|&i| lib.works[i].key.clone())
                    .collect();
                b.push(Code::AmbiguousCitation, range, message, cited, sugg, vec![]);
            }
        }
    }

    for f in claim_findings {
        b.push(
            f.code,
            f.range,
            f.message,
            f.cited,
            f.suggestions,
            f.evidence,
        );
    }
    front_matter_problems(&mut b, draft, &bib_problems, draft_path);
    outside_paths(&mut b, draft);
    reference_list(&mut b, draft, lib, &cited_works);

    let mut out = apply_ignores(b.out, draft, input.text);
    out.sort_by_key(|d| (d.range.start, d.code));
    Ok(out)
}

/// What a cited item is, for checking.
enum Item {
    /// A citation: resolved, or reported as unknown.
    Citation,
    /// Author-year names that match no work and only may be a citation (a hint).
    Possible,
    /// A capitalised phrase with a year that matches no work: prose.
    Prose,
    /// A pandoc-crossref or Quarto cross-reference (`@fig:map`, `@tbl-data`).
    Crossref,
}

/// An author-year form that matches no work is a citation to report only
/// when its form says so, or its names read as surnames and either stand in
/// parentheses or resemble a bibliography author; otherwise it is a hint
/// (surnames) or prose (`the Great Recession (2008)`). A key that names no
/// work but has a cross-reference prefix is a cross-reference.
fn classify(citation: &Citation, item: &CiteItem, res: &Resolution) -> Item {
    let Resolution::Unknown { suggestions } = res else {
        return Item::Citation;
    };
    if let Some(key) = &item.key {
        return if crossref::is_crossref(key) {
            Item::Crossref
        } else {
            Item::Citation
        };
    }
    let Some(ay) = &item.author_year else {
        return Item::Citation;
    };
    match ay.cue {
        Cue::Citation => Item::Citation,
        Cue::Names if citation.mode == Mode::Normal || !suggestions.is_empty() => Item::Citation,
        Cue::Names => Item::Possible,
        Cue::Phrase => Item::Prose,
    }
}

fn year_written(ay: &AuthorYear) -> String {
    match ay.year {
        Some(y) => format!(
            "{y}{}",
            ay.year_suffix.map(String::from).unwrap_or_default()
        ),
        None => "n.d.".to_string(),
    }
}

fn author_written(ay: &AuthorYear) -> String {
    match ay.names.len() {
        0 => "this author".into(),
        1 if ay.et_al => format!("{} et al.", ay.names[0]),
        1 => ay.names[0].clone(),
        2 => format!("{} and {}", ay.names[0], ay.names[1]),
        _ => format!("{} et al.", ay.names[0]),
    }
}

struct BibProblems<'a> {
    /// Problems in the draft's bibliography files that name no cited key,
    /// reported at the front matter.
    general: Vec<&'a crate::warn::Warning>,
    /// Problems that name a key (in backticks) the draft cites: reported at
    /// the first citation of that key.
    by_key: HashMap<String, &'a crate::warn::Warning>,
}

/// Backticked words of a warning message: the keys (and field names) it names.
fn named_in(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

fn bibliography_problems<'a>(lib: &'a Library, cfg: &Config, draft: &Draft) -> BibProblems<'a> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let draft_bibs: HashSet<_> = cfg.bibliography.iter().map(|p| canon(p)).collect();
    let cited: HashSet<&str> = draft
        .citations
        .iter()
        .flat_map(|c| &c.items)
        .filter_map(|i| i.key.as_deref())
        .collect();
    let mut general = Vec::new();
    let mut by_key = HashMap::new();
    for w in &lib.warnings {
        let mut tied = false;
        for name in named_in(&w.message) {
            if cited.contains(name) {
                by_key.entry(name.to_string()).or_insert(w);
                tied = true;
            }
        }
        let names_an_entry = named_in(&w.message).any(|n| lib.get(n).is_some())
            || w.message.contains("entry skipped");
        if !tied && !names_an_entry && draft_bibs.contains(&canon(&w.path)) {
            general.push(w);
        }
    }
    BibProblems { general, by_key }
}

/// Problems in the draft's own bibliography files, reported at its front matter.
/// A `path-outside-project` diagnostic on the front-matter line of each
/// path the draft named outside its project (`Config::refused`): gloss read
/// nothing there.
fn outside_paths(b: &mut Builder, draft: &Draft) {
    let Some(fm) = &draft.front_matter else {
        return;
    };
    for r in &b.cfg.refused.clone() {
        let slice = &b.text[fm.range.clone()];
        // The field's line, else the line naming the path, else the front matter's start.
        let at = slice
            .match_indices(r.field)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || slice[..i].ends_with('\n'))
            .or_else(|| slice.find(r.written.as_str()))
            .map_or(fm.range.start, |i| fm.range.start + i);
        let end = b.text[at..].find('\n').map_or(b.text.len(), |n| at + n);
        b.push(
            Code::PathOutsideProject,
            at..end,
            format!(
                "front matter `{}: {}` leads outside the project ({}); gloss does not read it (to allow it, add the folder to `allow_outside` in gloss.toml)",
                r.field,
                r.written,
                r.root.display()
            ),
            vec![],
            vec![],
            vec![],
        );
    }
}

fn front_matter_problems(
    b: &mut Builder,
    draft: &Draft,
    problems: &BibProblems,
    draft_path: &Path,
) {
    if problems.general.is_empty() && b.cfg.bibliography.iter().all(|p| p.is_file()) {
        return;
    }
    let range = match &draft.front_matter {
        Some(fm) => {
            let yaml_start = fm.range.start;
            let slice = &b.text[fm.range.clone()];
            match slice.find("bibliography") {
                Some(off) => {
                    let start = yaml_start + off;
                    let end = b.text[start..]
                        .find('\n')
                        .map_or(b.text.len(), |n| start + n);
                    start..end
                }
                None => yaml_start..yaml_start,
            }
        }
        None => 0..0,
    };
    for bib in &b.cfg.bibliography.clone() {
        if !bib.is_file() {
            b.push(
                Code::BibliographyError,
                range.clone(),
                format!(
                    "bibliography {} not found (named for {})",
                    bib.display(),
                    draft_path.display()
                ),
                vec![],
                vec![],
                vec![],
            );
        }
    }
    for w in &problems.general {
        if w.message.starts_with("cannot read") && !w.path.is_file() {
            continue;
        }
        let ev = Evidence {
            key: None,
            path: w.path.clone(),
            line: w.line.unwrap_or(1),
            text: w.message.clone(),
            label: None,
            page: None,
        };
        b.push(
            Code::BibliographyError,
            range.clone(),
            format!(
                "{}{}: {}",
                w.path.display(),
                w.line.map_or(String::new(), |l| format!(":{l}")),
                w.message
            ),
            vec![],
            vec![],
            vec![ev],
        );
    }
}

/// A listed reference's first-author family name and year: `Zhou, Y. (2008).`
fn listed_author_year(text: &str) -> Option<(String, Option<i32>)> {
    let first = text.split([',', '(']).next()?.trim();
    // "Zhou Y (2008)" and "Zhou, Y." alike: drop trailing initials.
    let is_initial = |w: &&str| {
        let core = w.trim_end_matches('.');
        !core.is_empty() && core.chars().count() <= 2 && core.chars().all(char::is_uppercase)
    };
    let words: Vec<&str> = first.split_whitespace().collect();
    let keep = words.iter().rposition(|w| !is_initial(w))?;
    let family = words[keep].trim_end_matches('.').to_string();
    if !family.chars().next()?.is_uppercase() {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let year = if lower.contains("n.d.") || lower.contains("(n.d") {
        None
    } else {
        let bytes = text.as_bytes();
        (0..bytes.len().saturating_sub(3)).find_map(|i| {
            let s = &text.get(i..i + 4)?;
            let before_ok = i == 0 || !bytes[i - 1].is_ascii_digit();
            let after_ok = bytes.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            (s.bytes().all(|c| c.is_ascii_digit()) && before_ok && after_ok)
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1400..=2100).contains(y))
        })
    };
    Some((family, year))
}

/// Which work a listed reference names: first author and year, else title words.
fn match_listed(text: &str, lib: &Library) -> Option<usize> {
    let (family, year) = listed_author_year(text)?;
    let fam = fold_words(&family).join(" ");
    let words: HashSet<String> = fold_words(text).into_iter().collect();
    let mut best: Option<(usize, f64)> = None;
    for (i, w) in lib.works.iter().enumerate() {
        let Some(first) = w.authors.first() else {
            continue;
        };
        let theirs = fold_words(&first.family);
        if theirs.join(" ") != fam && !fam.ends_with(theirs.last().map_or("", String::as_str)) {
            continue;
        }
        if w.year != year {
            continue;
        }
        let title_words = w.title.as_deref().map(fold_words).unwrap_or_default();
        let overlap = if title_words.is_empty() {
            0.5
        } else {
            title_words.iter().filter(|t| words.contains(*t)).count() as f64
                / title_words.len() as f64
        };
        if best.is_none_or(|(_, s)| overlap > s) {
            best = Some((i, overlap));
        }
    }
    best.map(|(i, _)| i)
}

/// `missing-reference` and `uncited-reference` when the draft lists its own references.
fn reference_list(b: &mut Builder, draft: &Draft, lib: &Library, cited: &[(usize, Range<usize>)]) {
    let Some(list) = &draft.reference_list else {
        return;
    };
    let listed: Vec<Option<usize>> = list.iter().map(|r| match_listed(&r.text, lib)).collect();
    let listed_set: HashSet<usize> = listed.iter().flatten().copied().collect();
    let cited_set: HashSet<usize> = cited.iter().map(|(w, _)| *w).collect();
    let mut reported = HashSet::new();
    for (w, range) in cited {
        if listed_set.contains(w) || !reported.insert(*w) {
            continue;
        }
        let work = &lib.works[*w];
        b.push(
            Code::MissingReference,
            range.clone(),
            format!(
                "cites {}, which is missing from the draft's reference list",
                describe(work)
            ),
            vec![work.key.clone()],
            vec![],
            definition_evidence(work).into_iter().collect(),
        );
    }
    for (r, w) in list.iter().zip(&listed) {
        if w.is_some_and(|w| cited_set.contains(&w)) {
            continue;
        }
        let what = match w {
            Some(w) => format!(
                "{} is listed in the references but never cited",
                lib.works[*w].short_cite()
            ),
            None => "this reference is never cited in the draft".to_string(),
        };
        let mut end = r.range.end;
        while end > r.range.start && b.text[..end].ends_with(char::is_whitespace) {
            end -= b.text[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        b.push(
            Code::UncitedReference,
            r.range.start..end,
            what,
            w.map(|w| lib.works[w].key.clone()).into_iter().collect(),
            vec![],
            vec![],
        );
    }
}

/// Drop diagnostics silenced by `gloss-ignore` comments.
fn apply_ignores(diags: Vec<Diagnostic>, draft: &Draft, text: &str) -> Vec<Diagnostic> {
    if draft.ignores.is_empty() {
        return diags;
    }
    let lines = LineIndex::new(text);
    // The line each comment silences: the next non-blank line after it.
    let targets: Vec<(Option<usize>, &crate::syntax::Ignore)> = draft
        .ignores
        .iter()
        .map(|ig| {
            if ig.whole_file {
                return (None, ig);
            }
            let mut l = ig.line + 1;
            while l < lines.line_count() && lines.line_text(text, l).trim().is_empty() {
                l += 1;
            }
            (Some(l), ig)
        })
        .collect();
    diags
        .into_iter()
        .filter(|d| {
            let line = d.start.line as usize - 1;
            !targets.iter().any(|(t, ig)| {
                let applies = match t {
                    None => true,
                    Some(l) => *l == line || ig.line == line,
                };
                applies && (ig.codes.is_empty() || ig.codes.iter().any(|c| c == d.code.as_str()))
            })
        })
        .collect()
}

/// Counts by severity: (errors, warnings, infos, hints).
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize, usize) {
    let n = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    (
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info),
        n(Severity::Hint),
    )
}
