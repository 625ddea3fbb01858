//! Reading entries of a paper's own reference list: where an entry starts,
//! its authors' family names, year (with suffix) and title.

/// Entry text after its list marker (`- `, `• `, `[12]`, `12.`), if any.
pub fn strip_marker(s: &str) -> (&str, bool) {
    let t = s.trim_start();
    for m in ["- ", "• ", "– ", "* ", "· "] {
        if let Some(rest) = t.strip_prefix(m) {
            return (rest.trim_start(), true);
        }
    }
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            if close > 0 && close <= 4 && rest[..close].chars().all(|c| c.is_ascii_digit()) {
                return (rest[close + 1..].trim_start(), true);
            }
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (r.trim_start(), true);
        }
    }
    (t, false)
}

/// Whether a reference entry (its text so far) looks complete.
pub fn entry_terminated(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['*', '_']);
    match t.chars().last() {
        None => true,
        Some(c) => {
            matches!(
                c,
                '.' | ')' | ']' | '>' | '"' | '”' | '’' | '\'' | '/' | '?' | '!'
            ) || c.is_ascii_digit()
        }
    }
}

/// Position and text of the first year-like token (`2006`, `2006b`,
/// `n.d.`, `forthcoming`, `in press`) in `s`.
fn find_year(s: &str) -> Option<(usize, usize, Option<i32>, Option<char>)> {
    let b = s.as_bytes();
    let lower = s.to_ascii_lowercase();
    let mut best: Option<(usize, usize, Option<i32>, Option<char>)> = None;
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
            && !(i > 0 && b[i - 1] == b'/'
                || i > 0 && b[i - 1] == b'.' && i > 1 && b[i - 2].is_ascii_digit())
        {
            let y: i32 = s[i..i + 4].parse().unwrap_or(0);
            if (1600..=2099).contains(&y) {
                let mut end = i + 4;
                let mut suffix = None;
                if end < b.len()
                    && b[end].is_ascii_lowercase()
                    && (end + 1 == b.len() || !b[end + 1].is_ascii_alphabetic())
                {
                    suffix = Some(b[end] as char);
                    end += 1;
                }
                best = Some((i, end, Some(y), suffix));
                break;
            }
        }
        i += 1;
    }
    for word in ["forthcoming", "in press", "n.d.", "no date", "undated"] {
        if let Some(p) = lower.find(word) {
            if best.is_none_or(|(bp, ..)| p < bp) {
                best = Some((p, p + word.len(), None, None));
            }
        }
    }
    best
}

const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la", "le", "dos", "das",
    "ter", "ten", "bin", "al", "st.",
];

fn is_initials(tok: &str) -> bool {
    let t = tok.trim_matches(|c: char| c == '.' || c == ',');
    !t.is_empty()
        && t.split(['.', '-']).filter(|p| !p.is_empty()).all(|p| {
            let n = p.chars().count();
            n <= 2 && p.chars().all(char::is_uppercase)
                || n == 1 && p.chars().all(char::is_alphabetic)
        })
}

fn clean_name(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || ".,;:\"'()*".contains(c))
        .to_string()
}

/// Family names from the author part of an entry.
pub fn families(authors: &str) -> Vec<String> {
    let mut s = authors.replace(" et al.", ",").replace(" et al", ",");
    s = s.replace(" & ", ", ").replace('&', ", ").replace(';', ",");
    let mut segs: Vec<String> = Vec::new();
    for part in s.split(',') {
        // split on ` and ` / ` AND ` / ` und `
        let mut rest = part;
        loop {
            let found = [" and ", " AND ", " und ", " y "]
                .iter()
                .filter_map(|w| rest.find(w).map(|p| (p, w.len())))
                .min();
            match found {
                Some((p, l)) => {
                    segs.push(rest[..p].to_string());
                    rest = &rest[p + l..];
                }
                None => {
                    segs.push(rest.to_string());
                    break;
                }
            }
        }
    }
    let segs: Vec<String> = segs
        .into_iter()
        .map(|s| clean_name(s.trim_start_matches("and ")))
        .filter(|s| {
            !s.is_empty()
                && !["al", "et al", "eds", "ed", "editors", "editor", "Eds", "Ed"]
                    .contains(&s.as_str())
        })
        .collect();
    let mut out = Vec::new();
    let mut expect_family = true;
    for (idx, seg) in segs.iter().enumerate() {
        let toks: Vec<&str> = seg.split_whitespace().collect();
        if toks.len() > 5 && idx > 0 || seg.chars().any(|c| c.is_ascii_digit() || c == '"') {
            break;
        }
        if toks.is_empty() {
            continue;
        }
        let all_init = toks.iter().all(|t| is_initials(t));
        let trailing_init =
            toks.len() >= 2 && is_initials(toks[toks.len() - 1]) && !is_initials(toks[0]);
        let leading_init =
            toks.len() >= 2 && is_initials(toks[0]) && !is_initials(toks[toks.len() - 1]);
        if !expect_family {
            // given names or initials of the previous family name
            if all_init || toks.len() <= 3 && !leading_init || idx == 1 {
                expect_family = true;
                continue;
            }
        }
        if all_init {
            continue;
        }
        if trailing_init {
            // `Blackler F`, `Amsden A.H.`, `Di Tommasso M`
            let fam: Vec<&str> = toks
                .iter()
                .copied()
                .take_while(|t| !is_initials(t))
                .collect();
            out.push(fam.join(" "));
            expect_family = true;
        } else if leading_init || (toks.len() >= 2 && idx > 0) {
            // `S. Nollen`, `Ramesh Dhungel`, `Joris Van den Bossche`: given then family
            let mut k = toks.len() - 1;
            while k > 1 && PARTICLES.contains(&toks[k - 1].to_lowercase().as_str()) {
                k -= 1;
            }
            out.push(toks[k..].join(" "));
            expect_family = true;
        } else {
            out.push(toks.join(" "));
            expect_family = false;
        }
    }
    out.retain(|f| f.chars().any(char::is_alphabetic));
    out
}

/// Parsed parts of one entry.
pub struct Parsed {
    pub families: Vec<String>,
    pub year: Option<i32>,
    pub year_suffix: Option<char>,
    pub title: Option<String>,
}

/// Parse an entry's text (list marker already removed; Markdown emphasis
/// still present so italic titles can be found). `prev` are the families of
/// the previous entry, used for `———.` repeats.
pub fn parse_entry(s: &str, prev: &[String]) -> Parsed {
    let s = s.replace("**", "");
    let s = fold_quotes(&s);
    let year = find_year(&s);
    let author_end = match year {
        Some((p, ..)) => {
            let head = &s[..p];
            match head.find(" (") {
                Some(q) if q > 0 => q,
                _ => p,
            }
        }
        None => s
            .find(" (")
            .or_else(|| s.find(". "))
            .unwrap_or(s.len().min(80)),
    };
    // a web page or report whose only year comes late: names end at the first full stop
    let author_end = match s.find(". ") {
        Some(d) if author_end > 120 && d < author_end => d,
        _ => author_end,
    };
    let mut end = author_end.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let authors = s[..end]
        .trim()
        .trim_end_matches(['(', ',', '.', ' '])
        .trim();
    let fams = if !authors.is_empty() && authors.chars().all(|c| "-—–_ .".contains(c)) {
        prev.to_vec()
    } else {
        families(authors)
    };
    let title = year.and_then(|(_, yend, ..)| find_title(&s[yend..]));
    Parsed {
        families: fams,
        year: year.and_then(|y| y.2),
        year_suffix: year.and_then(|y| y.3),
        title,
    }
}

fn fold_quotes(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

/// The title right after the year: quoted, italic, or up to the next full stop.
fn find_title(rest: &str) -> Option<String> {
    let t = rest.trim_start_matches(|c: char| c.is_whitespace() || ").,:;]".contains(c));
    let mut chars = t.char_indices();
    let (_, first) = chars.next()?;
    let raw = match first {
        '"' => {
            let body = &t[1..];
            let e = body.find('"').unwrap_or(body.len());
            &body[..e]
        }
        '\'' => {
            let body = &t[1..];
            let bytes: Vec<(usize, char)> = body.char_indices().collect();
            let mut e = body.len();
            for (k, &(p, c)) in bytes.iter().enumerate() {
                if c != '\'' {
                    continue;
                }
                let prev_l = k > 0 && bytes[k - 1].1.is_alphabetic();
                let next = bytes.get(k + 1).map(|x| x.1);
                let next_l = next.is_some_and(char::is_alphabetic);
                if prev_l && next_l {
                    continue;
                }
                if next.is_none_or(|c| c.is_whitespace() || ",.;:?!)".contains(c)) {
                    e = p;
                    break;
                }
            }
            &body[..e]
        }
        '*' | '_' => {
            let body = &t[1..];
            let e = body.find(first).unwrap_or(body.len());
            &body[..e]
        }
        _ => {
            let mut e = t.len();
            let b = t.as_bytes();
            for (p, c) in t.char_indices() {
                if matches!(c, '.' | '?' | '!') && (p + 1 >= b.len() || b[p + 1] == b' ') {
                    // not after an initial or a short abbreviation
                    let word: String = t[..p]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphabetic())
                        .collect();
                    if word.chars().count() <= 1 && c == '.' {
                        continue;
                    }
                    e = if c == '.' { p } else { p + 1 };
                    break;
                }
                if c == '*' {
                    e = p;
                    break;
                }
            }
            &t[..e]
        }
    };
    let title: String = raw.replace(['*', '_'], "");
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title
        .trim_end_matches([',', ';', ':', '.'])
        .trim()
        .to_string();
    (title.chars().filter(|c| c.is_alphabetic()).count() >= 3 && title.len() <= 600)
        .then_some(title)
}

/// Whether a line could open a new entry of an unnumbered list: it starts
/// like a name (or a `———` repeat) and has a year early on.
pub fn looks_like_entry_start(s: &str) -> bool {
    let t = s.trim_start();
    let first = t.chars().next();
    let dashes =
        t.starts_with("---") || t.starts_with("——") || t.starts_with("—.") || t.starts_with("_");
    if !(dashes || first.is_some_and(|c| c.is_uppercase())) {
        return false;
    }
    let head: String = t.chars().take(250).collect();
    find_year(&head).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Parsed {
        parse_entry(strip_marker(s).0, &[])
    }

    #[test]
    fn apa_and_harvard() {
        let r = p("- Barboza, D., Bradsher, K., & Markoff, J. (2004). An unknown giant flexes its muscles. *New York Times*.");
        assert_eq!(r.families, vec!["Barboza", "Bradsher", "Markoff"]);
        assert_eq!(r.year, Some(2004));
        assert_eq!(
            r.title.as_deref(),
            Some("An unknown giant flexes its muscles")
        );
        let r =
            p("- Ernst, D. (2006b) 'Can Chinese IT Firms Develop Capabilities?', paper, Beijing.");
        assert_eq!(
            (r.families.clone(), r.year, r.year_suffix),
            (vec!["Ernst".to_string()], Some(2006), Some('b'))
        );
        assert_eq!(
            r.title.as_deref(),
            Some("Can Chinese IT Firms Develop Capabilities?")
        );
        let r = p("- Borrus, M., Ernst, D. and Haggard, S. (Eds.) (2000) *Production Networks in Asia*, Routledge, London.");
        assert_eq!(r.families, vec!["Borrus", "Ernst", "Haggard"]);
        assert_eq!(r.title.as_deref(), Some("Production Networks in Asia"));
        let r = p("Amsden A.H. and Tschang, F.T. (2003) 'A New Approach', *Research Policy*.");
        assert_eq!(r.families, vec!["Amsden", "Tschang"]);
        let r = p("- Von Hippel, E. (1988) *The Sources of Innovation*, Oxford.");
        assert_eq!(r.families, vec!["Von Hippel"]);
        let r = p("- Dedrick, J. et al. (2001). Liberalization in Brazil. *World Development*.");
        assert_eq!(r.families, vec!["Dedrick"]);
        let r = p("- Ernst, D. (forthcoming) *Innovation Offshoring*, manuscript, 2009.");
        assert_eq!(r.year, None);
    }

    #[test]
    fn smj_chicago_and_others() {
        let r = p("- Blackler F, McDonald S. 2000. Power, mastery, and learning. *Journal of Studies* 37(6): 833–852.");
        assert_eq!(r.families, vec!["Blackler", "McDonald"]);
        assert_eq!(r.title.as_deref(), Some("Power, mastery, and learning"));
        let r = p("Allen, Richard G., Ramesh Dhungel, and Justin L. Huntington. 2019. “Applied Models.” Water 12: 1.");
        assert_eq!(r.families, vec!["Allen", "Dhungel", "Huntington"]);
        assert_eq!(r.title.as_deref(), Some("Applied Models"));
        let r = p("Jordahl, Kelsey, Joris Van den Bossche, and H. de Moel. 2019. Geopandas.");
        assert_eq!(r.families, vec!["Jordahl", "Van den Bossche", "de Moel"]);
        let r = p("- Chandler, Alfred, Amatori, Franco & Hikino, Takashi. 1997. *Big Business*. Cambridge.");
        assert_eq!(r.families, vec!["Chandler", "Amatori", "Hikino"]);
        let r = p("- Malerba, F. and L. Orsenigo. 1996. \"The Dynamics.\" *Change*, 5.");
        assert_eq!(r.families, vec!["Malerba", "Orsenigo"]);
        let r = parse_entry(
            "———. 2000. “REF-ET: Software.” Kimberly.",
            &["Allen".to_string()],
        );
        assert_eq!(r.families, vec!["Allen"]);
        assert_eq!(r.year, Some(2000));
        let r = parse_entry(
            strip_marker("- ---. (2006), *The New Argonauts*, Cambridge.").0,
            &["Saxenian".into()],
        );
        assert_eq!(r.families, vec!["Saxenian"]);
        let r = p("- Lu, Qiwen, 2000, *China's Leap*, Oxford.");
        assert_eq!(
            (r.families.clone(), r.year),
            (vec!["Lu".to_string()], Some(2000))
        );
        let r = p("[3] OECD (2000) *A New Economy?*, Paris.");
        assert_eq!(r.families, vec!["OECD"]);
        assert_eq!(r.title.as_deref(), Some("A New Economy?"));
    }

    #[test]
    fn entry_starts() {
        assert!(looks_like_entry_start(
            "Prahalad, C.K. and Lieberthal, K. (1998) 'The End'"
        ));
        assert!(!looks_like_entry_start(
            "notebook PCs. *Change* 19(1): 81–116."
        ));
        assert!(!looks_like_entry_start(
            "(Ed.): *The Industrial Dynamics*, Elgar."
        ));
        assert!(entry_terminated("pp. 81–116."));
        assert!(!entry_terminated("In *The Handbook of Economic*"));
    }
}
