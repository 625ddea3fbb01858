//! Names in claims and sources: runs of capitalised words ("South Korea",
//! "Yangtze River Delta", "Xia Deren") and the adjectives made from them
//! ("Korean"). A claim that names what its source does not, where the source
//! names something else of the same kind in its place, has changed a name.
//!
//! Like is compared with like: two names the entity catalogue knows are
//! compared only when they are of the same kind (a firm with a firm, a
//! place with a place), an acronym only with an acronym or a name the
//! catalogue gives the same kind, and never a reference ("Figure 3",
//! "Section 2"). Names the catalogue knows as one entity (an acronym and
//! its long form, "ZGC" and "Zhongguancun Science Park") are the same name,
//! and so are spellings one letter apart ("Nativdad", "Natividad").

use super::tokens::words;
use crate::entities::Entities;

/// What is known about the names of a source: the corpus's entity
/// catalogue, and the section titles of the work (a title is no name).
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub entities: &'a Entities,
    pub titles: &'a [String],
}

impl Known<'_> {
    /// Is the name (nearly) a whole section title: all its words in one
    /// title, covering two-thirds of the title's words?
    fn title(&self, n: &Name) -> bool {
        self.titles.iter().any(|t| {
            let ws: Vec<String> = words(&format!(". {t}"))
                .into_iter()
                .map(|w| w.stem)
                .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
                .collect();
            !ws.is_empty()
                && n.stems.iter().all(|x| ws.contains(x))
                && 3 * n.stems.len() >= 2 * ws.len()
        })
    }
}

/// Words that name a part of a text, not an entity.
const REFERENCE_WORDS: &[&str] = &[
    "figure",
    "fig",
    "figs",
    "table",
    "section",
    "chapter",
    "appendix",
    "equation",
    "eq",
    "box",
    "panel",
    "part",
    "page",
    "supplementary",
    "supplement",
    "annex",
    "note",
];

/// A run of capitalised words: its stems and the text as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub stems: Vec<String>,
    pub text: String,
}

/// Capitalised runs after the first word of each sentence. Words that are
/// capitalised only because they open the text are not names.
pub fn names(text: &str) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::new();
    let mut last_end = None;
    for w in words(text) {
        if !w.capital || w.stem.starts_with(|c: char| c.is_ascii_digit()) || !is_name_word(text, &w)
        {
            last_end = None;
            continue;
        }
        let gap = last_end.map(|e| &text[e..w.start]);
        // Continue a run across spaces (and "of"/"the" inside names is rare enough to ignore).
        let joins = gap.is_some_and(|g: &str| !g.is_empty() && g.chars().all(char::is_whitespace));
        match out.last_mut() {
            Some(n) if joins => {
                n.stems.push(w.stem.clone());
                n.text.push_str(&text[last_end.unwrap_or(w.start)..w.end]);
            }
            _ => out.push(Name {
                stems: vec![w.stem.clone()],
                text: text[w.start..w.end].to_string(),
            }),
        }
        last_end = Some(w.end);
    }
    out
}

/// Can this capitalised word be part of a name? Not a single letter (a
/// variable: "S", "L"), and not a word right after a number, which is a
/// unit or a label ("22 TFlops").
fn is_name_word(text: &str, w: &super::tokens::Word) -> bool {
    let letters = text[w.start..w.end]
        .chars()
        .filter(|c| c.is_alphabetic())
        .count();
    // The number before, unless a year ("In 1996 Lenovo").
    let before = text[..w.start].trim_end();
    let number = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let year = number.len() == 4 && number.bytes().all(|b| b.is_ascii_digit());
    let after_number =
        before.len() < w.start && number.ends_with(|c: char| c.is_ascii_digit()) && !year;
    letters >= 2 && !after_number
}

/// Two stems of one name: equal, one a long prefix of the other ("korea" /
/// "korean"), sharing all but the shorter one's last letter ("mexico" /
/// "mexican"), or one letter apart in a long word ("nativdad" /
/// "natividad").
fn close(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    let (lx, ly) = (x.chars().count(), y.chars().count());
    if lx < 4 || ly < 4 {
        return false;
    }
    if x.starts_with(y) || y.starts_with(x) {
        return true;
    }
    let common = x.chars().zip(y.chars()).take_while(|(a, b)| a == b).count();
    let shorter = lx.min(ly);
    (common >= 4 && common + 1 >= shorter)
        || (shorter >= 6 && strsim::normalized_damerau_levenshtein(x, y) >= 0.85)
}

/// Is every word of the shorter name in the longer one (equal, or sharing a
/// long prefix: "Korea" / "Korean")? "Yangtze River Delta" is not "Pearl
/// River Delta"; "South Korea" is "Korea".
fn related(a: &Name, b: &Name) -> bool {
    let close = |x: &String, y: &String| close(x, y);
    let (short, long) = if a.stems.len() <= b.stems.len() {
        (a, b)
    } else {
        (b, a)
    };
    short
        .stems
        .iter()
        .all(|x| long.stems.iter().any(|y| close(x, y)))
}

/// The catalogue entity a name is: its name or an alias, or for a name of
/// two or more words, the most mentioned entity whose name or alias holds
/// every one of its words ("Zhongguancun Science Park" in "Zhongguancun
/// Science and Technology Park").
fn entity_of(n: &Name, ents: &Entities) -> Option<usize> {
    if let Some(i) = ents.find(&n.text) {
        return Some(i);
    }
    if n.stems.len() < 2 {
        return None;
    }
    let lead = n.stems[0].as_str();
    ents.list.iter().position(|e| {
        e.names().any(|full| {
            // Stemming every catalogue name is slow: only names that hold
            // the first word are read.
            if !crate::text::fold(full).to_lowercase().contains(lead) {
                return false;
            }
            let ws: Vec<String> = words(full).into_iter().map(|w| w.stem).collect();
            ws.len() >= n.stems.len() && n.stems.iter().all(|x| ws.iter().any(|y| close(x, y)))
        })
    })
}

/// "BBS", "ZGC": a name of one word in capitals.
fn acronym(n: &Name) -> Option<&str> {
    let t = n.text.trim_end_matches("'s").trim_end_matches('’');
    (n.stems.len() == 1
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-'))
    .then_some(t)
}

/// Are two names one entity: the same in the catalogue, or an acronym and
/// the words it abbreviates ("BBS", "Breeding Bird Survey")?
fn same_entity(a: &Name, b: &Name, ents: &Entities) -> bool {
    let initials = |short: &str, long: &Name| {
        let caps: String = long
            .text
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        long.stems.len() >= 2 && caps == short
    };
    match (acronym(a), acronym(b)) {
        (Some(x), None) if initials(x, b) => return true,
        (None, Some(y)) if initials(y, a) => return true,
        _ => {}
    }
    matches!((entity_of(a, ents), entity_of(b, ents)), (Some(x), Some(y)) if x == y)
}

/// Could `source` be what `draft` was changed from? Like with like: never
/// a reference ("Figure", "Section"), the same kind when the catalogue
/// knows both, and an acronym only with an acronym otherwise.
fn alike(source: &Name, draft: &Name, known: Known) -> bool {
    let ents = known.entities;
    let reference = |n: &Name| {
        n.text.split_whitespace().any(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            REFERENCE_WORDS.contains(&w.as_str())
        })
    };
    if reference(source)
        || reference(draft)
        || known.title(source)
        || same_entity(source, draft, ents)
    {
        return false;
    }
    match (entity_of(source, ents), entity_of(draft, ents)) {
        (Some(x), Some(y)) => ents.list[x].kind == ents.list[y].kind,
        _ => acronym(source).is_some() == acronym(draft).is_some(),
    }
}

/// `(source says, draft says)` when the claim names something its source
/// sentence does not, and the source's central sentence has another name of
/// the same kind in the same place: between the same neighbouring words
/// ("Unlike Japan and *Taiwan*, China" against "Unlike Japan and *South
/// Korea*, China"), before the same words, or where an alignment of the two
/// sentences' words puts it.
///
/// `scope` is the text the claim's name must be missing from: the sentence
/// itself, or for a neighbouring sentence the whole passage.
pub fn mismatch(claim: &str, central: &str, scope: &str, known: Known) -> Option<(String, String)> {
    let ents = known.entities;
    let in_claim = names(claim);
    let in_scope = names(scope);
    let cw = words(claim);
    let sw = words(central);
    let one = |a: &Name, b: &Name| related(a, b) || same_entity(a, b, ents);
    // A name the source's sentence lacks is changed only if another name
    // stands in its place there.
    for n in in_claim
        .iter()
        .filter(|n| !in_scope.iter().any(|w| one(n, w)))
    {
        // The claim words the name spans.
        let Some(first) = cw.iter().position(|w| w.stem == n.stems[0]) else {
            continue;
        };
        let last = first + n.stems.len() - 1;
        let found = anchored(central, &cw, &sw, first, last)
            .into_iter()
            .chain(reworded(central, &cw, &sw, last))
            .chain(aligned(central, &cw, &sw, first, last))
            .find(|run| !in_claim.iter().any(|c| one(run, c)) && alike(run, n, known));
        if let Some(run) = found {
            return Some((run.text, n.text.clone()));
        }
    }
    None
}

type Words = [super::tokens::Word];

/// The name at `sw[start..end]` of `central`.
fn name_at(central: &str, sw: &Words, start: usize, end: usize) -> Name {
    Name {
        stems: sw[start..end].iter().map(|w| w.stem.clone()).collect(),
        text: central[sw[start].start..sw[end - 1].end].to_string(),
    }
}

/// Source runs of capitals between the claim words just before and after
/// the name (either anchor may be missing at an edge, but not both).
fn anchored(central: &str, cw: &Words, sw: &Words, first: usize, last: usize) -> Vec<Name> {
    let before = first.checked_sub(1).map(|i| cw[i].stem.as_str());
    let after = cw.get(last + 1).map(|w| w.stem.as_str());
    let mut out = Vec::new();
    if before.is_none() && after.is_none() {
        return out;
    }
    for (i, w) in sw.iter().enumerate() {
        let start = match before {
            Some(b) if w.stem == b => i + 1,
            None if i == 0 => 0,
            _ => continue,
        };
        let mut end = start;
        while end < sw.len()
            && sw[end].capital
            && is_name_word(central, &sw[end])
            && end - start < 5
            && (end == start
                || central[sw[end - 1].end..sw[end].start]
                    .chars()
                    .all(char::is_whitespace))
        {
            end += 1;
        }
        if end == start {
            continue;
        }
        // A lowercase content word just before the name anchors it on its
        // own ("the cluster in the *Pearl River Delta* in Guangdong");
        // a name as the anchor ("Japan and Taiwan") needs the word after too.
        let own_anchor = before.is_some() && !cw[first - 1].capital;
        let fits_after = match after {
            Some(a) => sw.get(end).is_some_and(|w| w.stem == a) || own_anchor,
            None => end == sw.len() || own_anchor,
        };
        if fits_after {
            out.push(name_at(central, sw, start, end));
        }
    }
    out
}

/// Reworded around the name: a source name followed by the same two
/// content words that follow the claim's name, within its next three
/// ("acknowledge *India* as a center for offshore" against "*the
/// Philippines* is acknowledged as a center for offshore").
fn reworded(central: &str, cw: &Words, sw: &Words, last: usize) -> Vec<Name> {
    let claim_after: Vec<&str> = cw[last + 1..]
        .iter()
        .take(3)
        .map(|w| w.stem.as_str())
        .collect();
    runs(central, sw)
        .into_iter()
        .filter(|run| {
            let after: Vec<&super::tokens::Word> = sw[run.1..].iter().take(2).collect();
            let lower = after
                .iter()
                .all(|w| !w.capital && w.stem.chars().count() >= 4);
            let next: Vec<&str> = after.iter().map(|w| w.stem.as_str()).collect();
            next.len() == 2 && lower && claim_after.windows(2).any(|w| w == next.as_slice())
        })
        .map(|run| name_at(central, sw, run.0, run.1))
        .collect()
}

/// Where the two sentences' words, aligned (their longest common
/// subsequence), leave a short gap in the source around the claim's name:
/// the source's runs of capitals in that gap ("parameters from *Cozumel* in
/// the Caribbean" against "parameter values from *Banco Chinchorro* in the
/// Caribbean"). Both sides of the gap must be aligned words.
fn aligned(central: &str, cw: &Words, sw: &Words, first: usize, last: usize) -> Vec<Name> {
    const LONGEST: usize = 120;
    const GAP: usize = 6;
    let (n, m) = (cw.len().min(LONGEST), sw.len().min(LONGEST));
    // lcs[i][j]: the longest common subsequence of cw[i..n] and sw[j..m].
    let mut lcs = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if cw[i].stem == sw[j].stem {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if cw[i].stem == sw[j].stem {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let before = pairs.iter().rev().find(|p| p.0 < first);
    let after = pairs.iter().find(|p| p.0 > last);
    let (Some(&(cb, sb)), Some(&(ca, sa))) = (before, after) else {
        return vec![];
    };
    if ca - cb - 1 > last - first + 3 || sa <= sb + 1 || sa - sb - 1 > GAP {
        return vec![];
    }
    runs(central, &sw[..sa])
        .into_iter()
        .filter(|r| r.0 > sb)
        .map(|r| name_at(central, sw, r.0, r.1))
        .collect()
}

/// Word ranges `[start, end)` of the runs of capitalised words in `text`.
fn runs(text: &str, ws: &[super::tokens::Word]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !w.capital || !is_name_word(text, w) {
            continue;
        }
        match out.last_mut() {
            Some(r)
                if r.1 == i
                    && text[ws[i - 1].end..w.start]
                        .chars()
                        .all(char::is_whitespace) =>
            {
                r.1 = i + 1
            }
            _ => out.push((i, i + 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static EMPTY: std::sync::LazyLock<Entities> = std::sync::LazyLock::new(Entities::default);

    fn none() -> Known<'static> {
        Known {
            entities: &EMPTY,
            titles: &[],
        }
    }

    fn with(entities: &Entities) -> Known<'_> {
        Known {
            entities,
            titles: &[],
        }
    }

    #[test]
    fn runs_of_capitals_are_names() {
        let n: Vec<String> =
            names("Firms in South Korea and the Yangtze River Delta grew. Then Xia Deren left.")
                .into_iter()
                .map(|n| n.text)
                .collect();
        assert_eq!(n, vec!["South Korea", "Yangtze River Delta", "Xia Deren"]);
    }

    #[test]
    fn a_changed_name_is_found_and_a_kept_one_is_not() {
        let src =
            "Unlike Japan and South Korea, China had few private business groups in the 1980s.";
        assert_eq!(
            mismatch(
                "Unlike Japan and Taiwan, China lacked private business groups.",
                src,
                src,
                none()
            ),
            Some(("South Korea".into(), "Taiwan".into()))
        );
        assert_eq!(
            mismatch(
                "Unlike Japan and South Korea, China lacked business groups.",
                src,
                src,
                none()
            ),
            None
        );
        assert_eq!(
            mismatch(
                "Unlike Japan and Korean firms, China lacked groups.",
                src,
                src,
                none()
            ),
            None
        );
        let delta = "By the late 1990s the cluster in the Pearl River Delta was complete.";
        assert_eq!(
            mismatch(
                "By the late 1990s the cluster in the Yangtze River Delta was complete.",
                delta,
                delta,
                none()
            ),
            Some(("Pearl River Delta".into(), "Yangtze River Delta".into()))
        );
        // Reworded around the name, anchored by the words after it.
        let india = "Studies acknowledge India as a center for offshore development.";
        assert_eq!(
            mismatch(
                "While the Philippines is acknowledged as a center for offshore work, China differs.",
                india,
                india,
                none()
            ),
            Some(("India".into(), "Philippines".into()))
        );
        assert_eq!(
            mismatch(
                "While India is acknowledged as a center for offshore work, China differs.",
                india,
                india,
                none()
            ),
            None
        );
        // A name the source lacks, but nothing else in its place (the
        // source's name there is named too): not a changed name.
        assert_eq!(
            mismatch(
                "Unlike Japan and South Korea, Taiwan and China lacked groups.",
                src,
                src,
                none()
            ),
            None
        );
    }

    #[test]
    fn a_name_in_the_same_place_of_aligned_sentences_is_changed() {
        let src = "If we used allometric parameter values from Banco Chinchorro in the Caribbean to predict weights, we estimated a mean of 40.37 g.";
        assert_eq!(
            mismatch(
                "Parameters from Cozumel in the Caribbean predicted a mean of only 40.37 g.",
                src,
                src,
                none()
            ),
            Some(("Banco Chinchorro".into(), "Cozumel".into()))
        );
        let src = "Unlike Japan and South Korea, China had few private business groups.";
        assert_eq!(
            mismatch(
                "Unlike Japan and South Korea, Taiwan lacked private business groups.",
                src,
                src,
                none()
            ),
            Some(("China".into(), "Taiwan".into()))
        );
    }

    /// A catalogue of a few named entities.
    fn catalogue(entries: &[(&str, crate::entities::Kind, &[&str])]) -> Entities {
        let mut ents = Entities::default();
        for (name, kind, aliases) in entries {
            ents.list.push(crate::entities::Entity {
                name: name.to_string(),
                kind: *kind,
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                works: vec![],
                related: vec![],
            });
        }
        ents.reindex();
        ents
    }

    #[test]
    fn aliases_acronyms_and_spellings_are_the_same_name() {
        use crate::entities::Kind;
        let ents = catalogue(&[
            (
                "Zhongguancun Science and Technology Park",
                Kind::Place,
                &["ZGC"],
            ),
            ("Dalian Software Park", Kind::Place, &["DLSP"]),
        ]);
        let src = "By 2005 the firms in ZGC employed many returnees.";
        let claim = "By 2005 the firms in Zhongguancun Science Park employed many returnees.";
        assert_eq!(mismatch(claim, src, src, with(&ents)), None);
        // Another place of the catalogue is another name.
        let other = "By 2005 the firms in Dalian Software Park employed many returnees.";
        assert_eq!(
            mismatch(other, src, src, with(&ents)),
            Some(("ZGC".into(), "Dalian Software Park".into()))
        );
        let src = "Most firms in DLSP export to Japan.";
        let claim = "Most firms in Dalian Software Park export to Japan.";
        assert_eq!(mismatch(claim, src, src, with(&ents)), None);
        // An acronym of the name's initials, without any catalogue.
        let src = "Observer effects are known to occur in BBS data.";
        let claim = "Observer effects are known to occur in Breeding Bird Survey data.";
        assert_eq!(mismatch(claim, src, src, none()), None);
        // A spelling one letter off, and a country and its adjective.
        let src = "In contrast with Isla Nativdad, Maria Elena is a fishing camp.";
        let claim = "Unlike Isla Natividad, Maria Elena is a fishing camp.";
        assert_eq!(mismatch(claim, src, src, none()), None);
        let src = "In Mexico, a legal framework created in 2012 allows fishers to ask.";
        let claim = "A Mexican legal framework created in 2012 allows fishers to ask.";
        assert_eq!(mismatch(claim, src, src, none()), None);
    }

    #[test]
    fn only_names_of_the_same_kind_are_compared() {
        use crate::entities::Kind;
        let ents = catalogue(&[
            ("Lenovo", Kind::Firm, &[]),
            ("Huawei", Kind::Firm, &[]),
            ("Beijing", Kind::Place, &[]),
        ]);
        // A firm for a firm: changed.
        let src = "In 1996 Lenovo cut its prices four times.";
        assert_eq!(
            mismatch(
                "In 1996 Huawei cut its prices four times.",
                src,
                src,
                with(&ents)
            ),
            Some(("Lenovo".into(), "Huawei".into()))
        );
        // A place for a firm: not like with like.
        assert_eq!(
            mismatch(
                "In 1996 Beijing cut its prices four times.",
                src,
                src,
                with(&ents)
            ),
            None
        );
        // Never a reference, an acronym for a name, or a variable.
        let src = "As Figure 3 shows, Lenovo grew fastest.";
        assert_eq!(
            mismatch(
                "As Huawei shows, Lenovo grew fastest.",
                src,
                src,
                with(&ents)
            ),
            None
        );
        let src = "The rise of GDP helped Lenovo grow fastest.";
        assert_eq!(
            mismatch(
                "The rise of Huawei helped Lenovo grow fastest.",
                src,
                src,
                with(&ents)
            ),
            None
        );
        let src = "There can be no more than S² links and no fewer than Martinez allowed.";
        assert_eq!(
            mismatch(
                "There can be no more than Martinez links.",
                src,
                src,
                with(&ents)
            ),
            None
        );
        let src = "As the section Technological Learning argues, Lenovo grew fastest.";
        let claim = "As the section Huawei argues, Lenovo grew fastest.";
        assert!(mismatch(claim, src, src, with(&ents)).is_some());
        let titles = ["3. Technological Learning in Firms".to_string()];
        let known = Known {
            entities: &ents,
            titles: &titles,
        };
        assert_eq!(mismatch(claim, src, src, known), None);
    }
}
