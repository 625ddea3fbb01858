//! The citation key a default Better BibTeX export gives an item that has
//! none stored: BBT's default formula `auth.lower + shorttitle(3,3) + year`,
//! as its key formatter (`content/key-manager/formatter.ts`) computes it
//! with the default preferences (`citekeyFold` on, the default
//! `skipWords`, `citekeyUnsafeChars` `"#%'(),={}~`):
//!
//! - `auth`: the family name (`lastName`; an institution's whole name) of
//!   the first primary creator (authors; else editors, else translators,
//!   else any other creator), lowercased by `.lower`;
//! - `shorttitle(3,3)`: the title with markup tags and `"` removed and `/`,
//!   `:` turned into spaces, split into words (hyphenated words kept whole),
//!   punctuation and dashes removed from each word, one-letter words (other
//!   than digits) and skip words dropped, the first three kept and each
//!   capitalised (its first letter upper-cased, the rest as written);
//! - `year`: the year of the date;
//! - then the whole key folded to ASCII and stripped of whitespace and the
//!   unsafe characters; a key taken already gets `a`, `b`, … (BBT's default
//!   postfix), in item order.
//!
//! BBT splits words with the `compromise` NLP library; here words are split
//! at white space, which agrees for titles made of words, numbers, hyphens
//! and punctuation (contractions and abbreviations with inner full stops
//! may differ).

/// BBT's default `skipWords` preference.
pub const SKIP_WORDS: &[&str] = &[
    "a",
    "ab",
    "aboard",
    "about",
    "above",
    "across",
    "after",
    "against",
    "al",
    "along",
    "amid",
    "among",
    "an",
    "and",
    "anti",
    "around",
    "as",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "but",
    "by",
    "d",
    "da",
    "das",
    "de",
    "del",
    "dell",
    "dello",
    "dei",
    "degli",
    "della",
    "delle",
    "dem",
    "den",
    "der",
    "des",
    "despite",
    "die",
    "do",
    "down",
    "du",
    "during",
    "ein",
    "eine",
    "einem",
    "einen",
    "einer",
    "eines",
    "el",
    "en",
    "et",
    "except",
    "for",
    "from",
    "gli",
    "i",
    "il",
    "in",
    "inside",
    "into",
    "is",
    "l",
    "la",
    "las",
    "le",
    "les",
    "like",
    "lo",
    "los",
    "near",
    "nor",
    "of",
    "off",
    "on",
    "onto",
    "or",
    "over",
    "past",
    "per",
    "plus",
    "round",
    "save",
    "since",
    "so",
    "some",
    "sur",
    "than",
    "the",
    "through",
    "to",
    "toward",
    "towards",
    "un",
    "una",
    "unas",
    "under",
    "underneath",
    "une",
    "unlike",
    "uno",
    "unos",
    "until",
    "up",
    "upon",
    "versus",
    "via",
    "von",
    "while",
    "with",
    "within",
    "without",
    "yet",
    "zu",
    "zum",
];

/// BBT's default `citekeyUnsafeChars`.
const UNSAFE: &str = "\"#%'(),={}~";

/// The key before any `a`/`b` postfix: `auth.lower + shorttitle(3,3) + year`.
/// `family` is the first primary creator's family name, `year` the date's.
pub fn base_key(family: Option<&str>, title: Option<&str>, year: Option<i32>) -> String {
    let auth = family
        .map(|f| fold_ascii(f).to_lowercase())
        .unwrap_or_default();
    let title = title
        .map(|t| {
            short_title(t, 3)
                .iter()
                .map(|w| capitalise(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let year = year
        .filter(|&y| y > 0)
        .map(|y| y.to_string())
        .unwrap_or_default();
    fold_ascii(&format!("{auth}{title}{year}"))
        .chars()
        .filter(|c| !c.is_whitespace() && !UNSAFE.contains(*c) && *c != '\u{FFFD}')
        .collect()
}

/// BBT's postfix for the `n`th clash (1 → `a`, 26 → `z`, 27 → `aa`).
pub fn postfix(n: usize) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push((b'a' + r as u8) as char);
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The title's significant words as `shorttitle` selects them (at most `n`).
fn short_title(title: &str, n: usize) -> Vec<String> {
    let stripped = strip_tags(title).replace('"', "");
    let spaced: String = stripped
        .chars()
        .map(|c| if c == '/' || c == ':' { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| !is_punct_or_dash(*c))
                .collect::<String>()
        })
        .filter(|w| {
            let mut cs = w.chars();
            match (cs.next(), cs.next()) {
                (None, _) => false,
                (Some(c), None) => c.is_ascii_digit() || is_cjk(c),
                _ => true,
            }
        })
        .filter(|w| !SKIP_WORDS.contains(&w.to_lowercase().as_str()))
        .map(|w| fold_ascii(&w))
        .take(n)
        .collect()
}

/// `<i>`, `<b>`, `<sc>`, `<nc>`, `<code>`, `<span …>` and their closing
/// tags: the rich-text markup Zotero titles may hold.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let name = tail.trim_start_matches('/');
        let lower = name.to_ascii_lowercase();
        let tag = ["i>", "b>", "sc>", "nc>", "code>"]
            .iter()
            .find(|t| lower.starts_with(*t))
            .map(|t| t.len())
            .or_else(|| {
                (lower.starts_with("span") && lower[4..].starts_with([' ', '>']))
                    .then(|| name.find('>').map(|e| e + 1))
                    .flatten()
            });
        match tag {
            Some(len) => rest = &name[len..],
            None => {
                out.push('<');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Unicode punctuation that BBT's `nopunct` removes (open, close, initial,
/// final, other punctuation and dashes; not connectors such as `_`, nor
/// symbols such as `+` or `$`).
fn is_punct_or_dash(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"_$+<=>^`|~".contains(c);
    }
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}' | '\u{2500}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF1B}'
        | '\u{FF1F}'..='\u{FF20}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// The first letter upper-cased, the rest as written (`shorttitle`'s `m`).
fn capitalise(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Latin letters folded to ASCII as `fold-to-ascii` folds them: accents
/// dropped (`é` → `e`), ligatures and special letters spelt out (`ß` →
/// `ss`, `æ` → `ae`, `ø` → `o`, `ł` → `l`); other scripts kept.
pub fn fold_ascii(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let spelt = match c {
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'ø' => "o",
            'Ø' => "O",
            'ł' => "l",
            'Ł' => "L",
            'đ' | 'ð' => "d",
            'Đ' | 'Ð' => "D",
            'þ' => "th",
            'Þ' => "TH",
            'ı' => "i",
            'ĸ' => "q",
            '\u{2018}' | '\u{2019}' => "'",
            '\u{201C}' | '\u{201D}' => "\"",
            '\u{2013}' | '\u{2014}' => "-",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(spelt);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_formula_gives_better_bibtex_keys() {
        // Examples worked by BBT's formatter with its default preferences.
        let cases = [
            (
                Some("Smith"),
                Some("The Theory of Everything"),
                Some(2001),
                "smithTheoryEverything2001",
            ),
            (
                Some("van der Berg"),
                Some("Self-organizing maps: a review of applications"),
                Some(2015),
                "vanderbergSelforganizingMapsReview2015",
            ),
            (
                Some("Müller"),
                Some("Über die Straße der Ökonomie"),
                Some(1999),
                "mullerUberStrasseOkonomie1999",
            ),
            (
                Some("World Health Organization"),
                Some("World report on ageing and health"),
                Some(2015),
                "worldhealthorganizationWorldReportAgeing2015",
            ),
            (
                Some("O'Neil"),
                Some("<i>Weapons</i> of Math Destruction"),
                None,
                "oneilWeaponsMathDestruction",
            ),
            (
                None,
                Some("A 3D view: \"new\" results, 2nd ed."),
                Some(2020),
                "3DViewNew2020",
            ),
        ];
        for (family, title, year, want) in cases {
            assert_eq!(base_key(family, title, year), want, "{family:?} {title:?}");
        }
    }

    #[test]
    fn clashes_take_letters_as_better_bibtex_counts_them() {
        assert_eq!(postfix(1), "a");
        assert_eq!(postfix(2), "b");
        assert_eq!(postfix(26), "z");
        assert_eq!(postfix(27), "aa");
    }

    #[test]
    fn markup_that_is_not_a_tag_stays() {
        assert_eq!(
            strip_tags("a <b>bold</b> <x> and <span class=\"a\">s</span>"),
            "a bold <x> and s"
        );
    }
}
