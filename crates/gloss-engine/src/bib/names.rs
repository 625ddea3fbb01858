//! BibTeX name lists: `A and B and others`, each name in `First von Last`,
//! `von Last, First` or `von Last, Jr, First` form, following BibTeX's rules.
//! The von particle goes to the family name (`Ludwig van Beethoven` ->
//! family `van Beethoven`); a Jr part is appended to the given name after a
//! comma (`Ford, Jr., Henry` -> family `Ford`, given `Henry, Jr.`), so that
//! [`Name::display`] reads `Ford, Henry, Jr.`.

use super::latex::to_unicode;
use super::Name;

/// Parsed name list: the names, and whether it ended in `and others`.
#[derive(Debug, Default, PartialEq)]
pub struct NameList {
    pub names: Vec<Name>,
    pub others: bool,
}

/// Parse a raw (uncleaned) BibTeX name field.
pub fn parse_names(raw: &str) -> NameList {
    let mut list = NameList::default();
    for part in split_and(raw) {
        if part.trim().eq_ignore_ascii_case("others") {
            list.others = true;
            continue;
        }
        if let Some(name) = parse_name(&part) {
            list.names.push(name);
        }
    }
    list
}

/// Split on the word `and` (any case) at brace depth 0.
fn split_and(raw: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for word in words(raw, false) {
        if word.eq_ignore_ascii_case("and") {
            parts.push(current.join(" "));
            current.clear();
        } else {
            current.push(word);
        }
    }
    parts.push(current.join(" "));
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// Split at brace depth 0 on whitespace (and `~` when `tilde` is set);
/// with `commas`, each `,` at depth 0 becomes its own word.
fn split_words(raw: &str, tilde: bool, commas: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            c if depth <= 0 && (c.is_whitespace() || (tilde && c == '~')) => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            ',' if depth <= 0 && commas => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push(",".to_string());
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn words(raw: &str, tilde: bool) -> Vec<String> {
    split_words(raw, tilde, false)
}

/// BibTeX's case of a name word: `Some(true)` lowercase (a von word),
/// `Some(false)` uppercase, `None` caseless (only braces, digits, punctuation).
fn word_case(word: &str) -> Option<bool> {
    let chars: Vec<char> = word.chars().collect();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => {
                // A special character: `{\'e}` at depth 0 takes the case of its letter.
                if depth == 0 && chars.get(i + 1) == Some(&'\\') {
                    let mut j = i + 2;
                    let start = j;
                    while j < chars.len() && chars[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    let cmd: String = chars[start..j].iter().collect();
                    if LETTER_COMMANDS.contains(&cmd.as_str()) {
                        return Some(cmd.chars().next().is_some_and(|c| c.is_lowercase()));
                    }
                    // Accent command: the case of the first letter after it.
                    while j < chars.len() && chars[j] != '}' {
                        if chars[j].is_alphabetic() {
                            return Some(chars[j].is_lowercase());
                        }
                        j += 1;
                    }
                    return None;
                }
                depth += 1;
            }
            '}' => depth -= 1,
            '\\' if depth == 0 => {
                // `\'e`, `\'{E}`, `\o` unbraced: the case of the letter.
                i += 1;
                let start = i;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                let cmd: String = chars[start..i.min(chars.len())].iter().collect();
                if LETTER_COMMANDS.contains(&cmd.as_str()) {
                    return Some(cmd.starts_with(|c: char| c.is_lowercase()));
                }
                let mut j = i;
                while j < chars.len() && (chars[j].is_whitespace() || chars[j] == '{') {
                    j += 1;
                }
                if chars.get(j) == Some(&'\\') {
                    return Some(chars.get(j + 1).is_some_and(|c| c.is_lowercase()));
                }
                if let Some(c) = chars.get(j).filter(|c| c.is_alphabetic()) {
                    return Some(c.is_lowercase());
                }
                continue;
            }
            c if depth == 0 && c.is_alphabetic() => return Some(c.is_lowercase()),
            _ => {}
        }
        i += 1;
    }
    None
}

const LETTER_COMMANDS: &[&str] = &[
    "oe", "OE", "ae", "AE", "aa", "AA", "o", "O", "l", "L", "ss", "i", "j",
];

fn is_von(word: &str) -> bool {
    word_case(word) == Some(true)
}

fn join_clean(words: &[String]) -> String {
    to_unicode(&words.join(" "))
}

/// Parse one name. `None` when nothing is left after cleaning.
pub fn parse_name(raw: &str) -> Option<Name> {
    let tokens = split_words(raw, true, true);
    let mut parts: Vec<Vec<String>> = vec![Vec::new()];
    for t in tokens {
        if t == "," {
            parts.push(Vec::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(t);
        }
    }
    // Trailing empty parts (`Smith,`) carry nothing.
    while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    let (first, von_last, jr): (Vec<String>, Vec<String>, Vec<String>) = match parts.len() {
        0 => return None,
        1 => {
            let w = std::mem::take(&mut parts[0]);
            if w.is_empty() {
                return None;
            }
            let n = w.len();
            // von starts at the first lowercase word before the last word.
            match (0..n - 1).find(|&k| is_von(&w[k])) {
                Some(start) => (w[..start].to_vec(), w[start..].to_vec(), Vec::new()),
                None => (w[..n - 1].to_vec(), w[n - 1..].to_vec(), Vec::new()),
            }
        }
        2 => (parts[1].clone(), parts[0].clone(), Vec::new()),
        _ => (parts[2..].concat(), parts[0].clone(), parts[1].clone()),
    };
    // In `von Last`, von runs to the last lowercase word that is not the final word;
    // it is kept in the family name either way, so only the split matters for
    // callers wanting the particle, not for us.
    let mut family = join_clean(&von_last);
    let mut given = join_clean(&first);
    let jr = join_clean(&jr);
    if family.is_empty() {
        // `, Given` or a lone given name: use what there is as the family.
        std::mem::swap(&mut family, &mut given);
    }
    if family.is_empty() {
        return None;
    }
    if !jr.is_empty() {
        given = if given.is_empty() {
            jr
        } else {
            format!("{given}, {jr}")
        };
    }
    Some(Name {
        family,
        given: (!given.is_empty()).then_some(given),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(family: &str, given: Option<&str>) -> Name {
        Name {
            family: family.into(),
            given: given.map(Into::into),
        }
    }

    #[test]
    fn three_forms() {
        assert_eq!(parse_name("Zhou, Yu"), Some(n("Zhou", Some("Yu"))));
        assert_eq!(parse_name("Yu Zhou"), Some(n("Zhou", Some("Yu"))));
        assert_eq!(
            parse_name("Ludwig van Beethoven"),
            Some(n("van Beethoven", Some("Ludwig")))
        );
        assert_eq!(
            parse_name("van Beethoven, Ludwig"),
            Some(n("van Beethoven", Some("Ludwig")))
        );
        assert_eq!(
            parse_name("Ford, Jr., Henry"),
            Some(n("Ford", Some("Henry, Jr.")))
        );
        assert_eq!(
            parse_name("de la Fontaine, Jr., Jean"),
            Some(n("de la Fontaine", Some("Jean, Jr.")))
        );
        assert_eq!(
            parse_name("Jean de La Fontaine"),
            Some(n("de La Fontaine", Some("Jean")))
        );
        assert_eq!(
            parse_name("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin"),
            Some(n(
                "de la Vallée Poussin",
                Some("Charles Louis Xavier Joseph")
            ))
        );
        assert_eq!(parse_name("Aristotle"), Some(n("Aristotle", None)));
        assert_eq!(parse_name("Smith,"), Some(n("Smith", None)));
        assert_eq!(
            parse_name("Ludwig~van~Beethoven"),
            Some(n("van Beethoven", Some("Ludwig")))
        );
    }

    #[test]
    fn braces_and_accents() {
        assert_eq!(
            parse_name("{World Health Organization}"),
            Some(n("World Health Organization", None))
        );
        assert_eq!(
            parse_name("{Barnes and Noble}"),
            Some(n("Barnes and Noble", None))
        );
        assert_eq!(
            parse_name("M{\\\"u}ller, J{\\\"o}rg"),
            Some(n("Müller", Some("Jörg")))
        );
        assert_eq!(
            parse_name("J{\\\"o}rg M{\\\"u}ller"),
            Some(n("Müller", Some("Jörg")))
        );
        // A braced lowercase word is caseless, so not a particle.
        assert_eq!(
            parse_name("Jan {van} Dyck"),
            Some(n("Dyck", Some("Jan van")))
        );
        // An accented lowercase word is a particle.
        assert_eq!(
            parse_name("Jean {\\'e}t Dupont"),
            Some(n("ét Dupont", Some("Jean")))
        );
        assert_eq!(
            parse_name("Ana María Pérez"),
            Some(n("Pérez", Some("Ana María")))
        );
    }

    #[test]
    fn lists() {
        let l = parse_names("He, Jun and Wang, Qin");
        assert_eq!(l.names, vec![n("He", Some("Jun")), n("Wang", Some("Qin"))]);
        assert!(!l.others);
        let l = parse_names("A. Smith AND B. Jones\n  and others");
        assert_eq!(
            l.names,
            vec![n("Smith", Some("A.")), n("Jones", Some("B."))]
        );
        assert!(l.others);
        let l = parse_names("Sand, George and Anderson, Pamela");
        assert_eq!(l.names.len(), 2);
        assert_eq!(l.names[0].family, "Sand");
        assert_eq!(parse_names("").names, vec![]);
        assert_eq!(parse_names("Smith and and Jones").names.len(), 2);
    }
}
