//! Names in claims and sources: runs of capitalised words ("South Korea",
//! "Yangtze River Delta", "Xia Deren") and the adjectives made from them
//! ("Korean"). A claim that names what its source does not, where the source
//! names something else in its place, has changed a name.

use super::tokens::words;

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
        if !w.capital || w.stem.starts_with(|c: char| c.is_ascii_digit()) {
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

/// Is every word of the shorter name in the longer one (equal, or sharing a
/// long prefix: "Korea" / "Korean")? "Yangtze River Delta" is not "Pearl
/// River Delta"; "South Korea" is "Korea".
fn related(a: &Name, b: &Name) -> bool {
    let close = |x: &String, y: &String| {
        x == y
            || (x.len() >= 4
                && y.len() >= 4
                && (x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
    };
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

/// `(source says, draft says)` when the claim names something its source
/// sentence does not, and the source's central sentence has another name in
/// the same place: between the same neighbouring words ("Unlike Japan and
/// *Taiwan*, China" against "Unlike Japan and *South Korea*, China").
///
/// `scope` is the text the claim's name must be missing from: the sentence
/// itself, or for a neighbouring sentence the whole passage.
pub fn mismatch(claim: &str, central: &str, scope: &str) -> Option<(String, String)> {
    let in_claim = names(claim);
    let in_central = names(scope);
    let cw = words(claim);
    let sw = words(central);
    // A name the source's sentence lacks is changed only if another name
    // stands in its place there (the alignment below).
    for n in in_claim
        .iter()
        .filter(|n| !in_central.iter().any(|w| related(n, w)))
    {
        // The claim words just before and after the name.
        let first = cw.iter().position(|w| w.stem == n.stems[0])?;
        let last = first + n.stems.len() - 1;
        let before = first.checked_sub(1).map(|i| cw[i].stem.as_str());
        let after = cw.get(last + 1).map(|w| w.stem.as_str());
        // The same place in the source: a run of capitals after `before`
        // and followed by `after` (either anchor may be missing at an edge,
        // but not both).
        for (i, w) in sw.iter().enumerate() {
            let start = match before {
                Some(b) if w.stem == b => i + 1,
                None if i == 0 => 0,
                _ => continue,
            };
            let mut end = start;
            while end < sw.len()
                && sw[end].capital
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
            let own_anchor = before.is_some() && cw[first - 1].capital.then_some(()).is_none();
            let fits_after = match after {
                Some(a) => sw.get(end).is_some_and(|w| w.stem == a) || own_anchor,
                None => end == sw.len() || own_anchor,
            };
            if !fits_after || (before.is_none() && after.is_none()) {
                continue;
            }
            let run = Name {
                stems: sw[start..end].iter().map(|w| w.stem.clone()).collect(),
                text: central[sw[start].start..sw[end - 1].end].to_string(),
            };
            if !in_claim.iter().any(|c| related(&run, c)) {
                return Some((run.text, n.text.clone()));
            }
        }
        // Reworded around the name: a source name followed by the same two
        // content words that follow the claim's name, within its next three
        // ("acknowledge *India* as a center for offshore" against "*the
        // Philippines* is acknowledged as a center for offshore").
        let claim_after: Vec<&str> = cw[last + 1..]
            .iter()
            .take(3)
            .map(|w| w.stem.as_str())
            .collect();
        for run in runs(central, &sw) {
            let after: Vec<&super::tokens::Word> = sw[run.1..].iter().take(2).collect();
            let lower = after
                .iter()
                .all(|w| !w.capital && w.stem.chars().count() >= 4);
            let next: Vec<&str> = after.iter().map(|w| w.stem.as_str()).collect();
            let follows =
                next.len() == 2 && lower && claim_after.windows(2).any(|w| w == next.as_slice());
            if !follows {
                continue;
            }
            let name = Name {
                stems: sw[run.0..run.1].iter().map(|w| w.stem.clone()).collect(),
                text: central[sw[run.0].start..sw[run.1 - 1].end].to_string(),
            };
            if !in_claim.iter().any(|c| related(&name, c)) {
                return Some((name.text, n.text.clone()));
            }
        }
    }
    None
}

/// Word ranges `[start, end)` of the runs of capitalised words in `text`.
fn runs(text: &str, ws: &[super::tokens::Word]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !w.capital {
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
                src
            ),
            Some(("South Korea".into(), "Taiwan".into()))
        );
        assert_eq!(
            mismatch(
                "Unlike Japan and South Korea, China lacked business groups.",
                src,
                src
            ),
            None
        );
        assert_eq!(
            mismatch(
                "Unlike Japan and Korean firms, China lacked groups.",
                src,
                src
            ),
            None
        );
        let delta = "By the late 1990s the cluster in the Pearl River Delta was complete.";
        assert_eq!(
            mismatch(
                "By the late 1990s the cluster in the Yangtze River Delta was complete.",
                delta,
                delta
            ),
            Some(("Pearl River Delta".into(), "Yangtze River Delta".into()))
        );
        // Reworded around the name, anchored by the words after it.
        let india = "Studies acknowledge India as a center for offshore development.";
        assert_eq!(
            mismatch(
                "While the Philippines is acknowledged as a center for offshore work, China differs.",
                india,
                india
            ),
            Some(("India".into(), "Philippines".into()))
        );
        assert_eq!(
            mismatch(
                "While India is acknowledged as a center for offshore work, China differs.",
                india,
                india
            ),
            None
        );
        // A name the source lacks, but nothing in its place: not a changed name.
        assert_eq!(
            mismatch(
                "Unlike Japan and South Korea, Taiwan lacked groups.",
                src,
                src
            ),
            None
        );
    }
}
