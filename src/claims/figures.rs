//! Figures in prose: numbers (digits or words), percentages, years and
//! decades, amounts with units and currencies, ordinals and ranks,
//! multipliers and ranges, read so that a draft's figure can be compared
//! with its source's.
//!
//! [`extract`] reads every figure of a text in one left-to-right pass over a
//! token list (linear time; it never panics, whatever the input).
//! [`comparable`] says whether two figures measure the same sort of thing
//! (so a year is never set against a percentage) and [`same`] whether they
//! state the same value.
//!
//! # Decisions
//!
//! - **Ranges** (`15–20%`, `2009–2013`, `2009-13`, `between 160,000 and
//!   240,000`, `15 to 20 percent`) are one figure with `value` = low end and
//!   `hi` = high end; a bare end takes the other end's unit, currency and
//!   scale (`$1–2 million`, `between 15 and 20%`). `from X to Y` is a change,
//!   not a range: it gives two figures. [`same`] compares a range only with a
//!   range (both ends); a single value inside a source range is *not* the same
//!   figure, and neither is a single value against a range.
//! - **Tolerance.** Values are compared after scale and unit conversion
//!   (`1.4 billion` = `1,400 million`, `5 km` = `5,000 m`) with a 1e-9 relative
//!   slack. Without any approximation mark, a figure written with decimals may
//!   be a rounding of a more precise one: `7.7` = `7.66`, `1.4 billion` =
//!   `1.43 billion`, but `40%` ≠ `40.3%` and `2 million` ≠ `2.4 million`.
//!   A figure marked approximate (`about`, `around`, `roughly`,
//!   `approximately`, `some`, `circa`, `~`) matches within max(half its last
//!   written unit, 5% of the larger value): `about 40%` = `40.3%`, `about 60%`
//!   = `58%`. Lower bounds (`over`, `more than`, `above`, `at least`, `in
//!   excess of`) accept values from that tolerance below up to 25% above;
//!   upper bounds (`nearly`, `almost`, `under`, `less than`, `fewer than`, `up
//!   to`) from 20% below up to the tolerance above. A mark on either figure
//!   counts (the first argument's first). Word fractions (`half`, `a third`,
//!   `two-fifths`, `1/3`, `one in five`) count as approximate, so `a third` =
//!   `33%` and `half` = `50%`.
//! - **Years** are exact (`around 1995` allows ±2); a month (`May 2009`) is
//!   extra precision: `May 2009` = `2009`, `May 2009` ≠ `May 2007`. Decades
//!   and centuries are year intervals (`the 1990s` 1990–1999, `early` first
//!   four years, `mid` 3–6, `late` last four; `the beginning of the
//!   twenty-first century` 2000–2020, `the turn of the century` 1995–2004).
//!   Periods match each other and years when they overlap by at least the
//!   shorter one's length, capped at a year and a half: `the 1990s` = `the
//!   mid-1990s` = `1995`, but `the early 1990s` ≠ `the mid-1990s` and `the
//!   mid-1990s` ≠ `the early 2000s`.
//! - **Not figures:** references (`Section 2`, `Figure 3 and 4`, `Table 1`,
//!   `p. 33`, `pp. 3-5`, `§ 4`), citation years (`(Zhou, 2008)`, `Zhou
//!   (2008)`, `2008a`, `[@key]`, `[12]`, `[3, 4]`), footnote marks (`[^1]`,
//!   `^2^`), list markers (`1.` at a line start, `(2)`), URLs, dotted
//!   identifiers (`1.2.3`), digits glued to letters (`H1N1`, `3D`, `1e999`,
//!   `COVID-19`), and a number right after a capitalised word that does not
//!   start a sentence (`DeepComp 6800`, `Windows 10`, `Zhou 2008`): product
//!   and model names, narrative citations. Months and currency codes are
//!   exempt (`May 2009`, `SEK 1,050`). Discourse `First,` / `at first` and
//!   `a second study` (meaning "another") are not ordinals; `one` as a
//!   pronoun (`one of`, `no one`, `one another`) is not a count.
//! - A plain four-digit number from 1500 to 2100 is a year unless a unit,
//!   `%` or currency follows, or it is round (a multiple of 50) and followed
//!   by a plural noun without a year preposition before it (`2000
//!   respondents` is a count, `the 2008 elections` a year).

use std::ops::Range;

/// Which part of a decade or century a period names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Early,
    Mid,
    Late,
    /// `the turn of the century`: five years either side of its start.
    Turn,
}

/// What a figure measures; see [`comparable`].
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A plain number or number word: `526 processors`, `three stages`.
    Count,
    /// `88%`, `eighty-eight per cent`; `points` for `percentage points`.
    Percent { points: bool },
    /// `half`, `two-fifths`, `1/3`, `one in five`; `value` is the ratio (0.5).
    Fraction,
    /// A year (`value`), a month-year (`month`), or a year range (`hi`).
    Year,
    /// `the 1980s`, `the mid-1990s`, `the '90s`: years `value..=hi`.
    Decade(Part),
    /// `the twenty-first century`, `the turn of the century`: years `value..=hi`.
    Era(Part),
    /// An amount of money; `currency` is an ISO code (`USD`, `CNY`, `JPY`,
    /// `SEK`…) or `¥` when the yen/yuan sign does not say which.
    Money { currency: String },
    /// A measure with a unit as written, lowercased and singular (`km`,
    /// `kilometre`, `°c`, `hour`, `year`, `decibel`).
    Quantity { unit: String },
    /// `4th`, `fourteenth`, `top three`.
    Ordinal,
    /// `twice`, `four times`, `threefold`, `2.7 times`, `doubled`, `halved`.
    Multiplier,
}

/// How a figure was hedged in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Approx {
    #[default]
    Exact,
    /// `about`, `around`, `roughly`, `approximately`, `some`, `circa`, `~`.
    About,
    /// `over`, `more than`, `above`, `at least`: the true value is higher.
    AtLeast,
    /// `nearly`, `almost`, `under`, `less than`, `up to`: the true value is lower.
    AtMost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The figure as written: `56.5 billion yen`, `88%`, `the mid-1990s`.
    /// Approximation words (`about`) are not part of it.
    pub text: String,
    /// Byte range of `text` in the text given to [`extract`].
    pub range: Range<usize>,
    pub kind: Kind,
    /// The value with its scale applied (`1.4 billion` → 1.4e9); the low end
    /// of a range; the first year of a period; a fraction's ratio.
    pub value: f64,
    /// The high end of a range, or the last year of a period.
    pub hi: Option<f64>,
    pub approx: Approx,
    /// The scale word applied (`billion` → 1e9), 1 if none.
    pub scale: f64,
    /// Digits written after the decimal point (`7.70` → 2).
    pub decimals: u8,
    /// For `May 2009`: 5.
    pub month: Option<u8>,
}

impl Figure {
    /// Half-width of the rounding the written form implies, before scale
    /// conversions: `7.7` → 0.1, `1.4 billion` → 1e8, fractions 0.
    fn step(&self) -> f64 {
        if self.kind == Kind::Fraction {
            0.0
        } else {
            10f64.powi(-i32::from(self.decimals)) * self.scale
        }
    }
}

/// Every figure in `text`, in order.
pub fn extract(text: &str) -> Vec<Figure> {
    let r = Reader {
        text,
        k: tokenize(text),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < r.k.len() {
        if let Some(next) = r.skip_at(i) {
            i = next.max(i + 1);
            continue;
        }
        let (approx, start) = r.marker_at(i);
        if let Some((mut f, next)) = r.figures_at(start) {
            if approx != Approx::Exact {
                f.approx = approx;
            }
            out.push(f);
            i = next.max(i + 1);
            continue;
        }
        i = start.max(i + 1);
    }
    out
}

/// Do two figures measure the same sort of thing, so that one could be a
/// misquote of the other? Counts with counts, percentages with percentages
/// and fractions, years with years, decades and centuries, money with money
/// (any currency), quantities with quantities of the same unit family
/// (length, mass, time, temperature…), ordinals with ordinals, multipliers
/// with multipliers.
pub fn comparable(a: &Figure, b: &Figure) -> bool {
    use Kind::*;
    match (&a.kind, &b.kind) {
        (Count, Count) | (Ordinal, Ordinal) | (Multiplier, Multiplier) => true,
        (Percent { .. } | Fraction, Percent { .. } | Fraction) => true,
        (Year | Decade(_) | Era(_), Year | Decade(_) | Era(_)) => true,
        (Money { .. }, Money { .. }) => true,
        (Quantity { unit: u }, Quantity { unit: v }) => match (unit_info(u), unit_info(v)) {
            (Some(x), Some(y)) => x.family == y.family,
            _ => u == v,
        },
        _ => false,
    }
}

/// Do two figures state the same value (units, scales and spellings aside)?
/// Pass the draft's figure first; see the module documentation for the
/// tolerances, ranges and periods.
pub fn same(a: &Figure, b: &Figure) -> bool {
    use Kind::*;
    if !comparable(a, b) {
        return false;
    }
    match (&a.kind, &b.kind) {
        (Year | Decade(_) | Era(_), _) => same_time(a, b),
        (Percent { points: p }, Percent { points: q }) => p == q && same_num(a, 1.0, b, 1.0),
        (Percent { .. }, Fraction) => same_num(a, 1.0, b, 100.0),
        (Fraction, Percent { .. }) => same_num(a, 100.0, b, 1.0),
        (Money { currency: c }, Money { currency: d }) => {
            same_currency(c, d) && same_num(a, 1.0, b, 1.0)
        }
        (Quantity { unit: u }, Quantity { unit: v }) => match (unit_info(u), unit_info(v)) {
            (Some(x), Some(y)) if x.factor > 0.0 && y.factor > 0.0 => {
                same_num(a, x.factor, b, y.factor)
            }
            (Some(x), Some(y)) => x.canon == y.canon && same_num(a, 1.0, b, 1.0),
            _ => same_num(a, 1.0, b, 1.0),
        },
        _ => same_num(a, 1.0, b, 1.0),
    }
}

fn same_currency(a: &str, b: &str) -> bool {
    a == b || (a == "¥" && matches!(b, "JPY" | "CNY")) || (b == "¥" && matches!(a, "JPY" | "CNY"))
}

/// Compare values (and range ends) after multiplying each figure by its factor.
fn same_num(a: &Figure, fa: f64, b: &Figure, fb: f64) -> bool {
    let (sa, sb) = (a.step() * fa, b.step() * fb);
    match (a.hi, b.hi) {
        (None, None) => close(a, a.value * fa, sa, b, b.value * fb, sb),
        (Some(x), Some(y)) => {
            close(a, a.value * fa, sa, b, b.value * fb, sb) && close(a, x * fa, sa, b, y * fb, sb)
        }
        _ => false,
    }
}

fn close(a: &Figure, av: f64, astep: f64, b: &Figure, bv: f64, bstep: f64) -> bool {
    let mag = av.abs().max(bv.abs());
    let eps = 1e-9 * mag.max(1.0);
    let d = (av - bv).abs();
    if d <= eps {
        return true;
    }
    // A figure written with decimals may round a more precise one.
    let (ls, ldec) = if astep >= bstep {
        (astep, a.decimals)
    } else {
        (bstep, b.decimals)
    };
    if ldec > 0 && d <= ls / 2.0 + eps {
        return true;
    }
    let (mark, x, xs, y) = if a.approx != Approx::Exact {
        (a.approx, av, astep, bv)
    } else if b.approx != Approx::Exact {
        (b.approx, bv, bstep, av)
    } else {
        return false;
    };
    let tol = (xs / 2.0).max(0.05 * mag) + eps;
    match mark {
        Approx::About => d <= tol,
        Approx::AtLeast => y >= x - tol && y <= x + 0.25 * x.abs() + tol,
        Approx::AtMost => y <= x + tol && y >= x - 0.2 * x.abs() - tol,
        Approx::Exact => false,
    }
}

/// Years, year ranges, decades and centuries.
fn same_time(a: &Figure, b: &Figure) -> bool {
    if a.kind == Kind::Year && b.kind == Kind::Year {
        return match (a.hi, b.hi) {
            (None, None) => {
                let slack = if a.approx == Approx::About || b.approx == Approx::About {
                    2.0
                } else {
                    0.0
                };
                (a.value - b.value).abs() <= slack + 1e-9
                    && (a.month.is_none() || b.month.is_none() || a.month == b.month)
            }
            (Some(x), Some(y)) => a.value == b.value && x == y,
            _ => false,
        };
    }
    let span = |f: &Figure| (f.value, f.hi.unwrap_or(f.value) + 1.0);
    let ((alo, ahi), (blo, bhi)) = (span(a), span(b));
    let overlap = ahi.min(bhi) - alo.max(blo);
    let shorter = (ahi - alo).min(bhi - blo);
    overlap >= shorter.min(1.5) - 1e-9
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum T {
    /// Letters, possibly followed by digits (`Zhou`, `H1N1`).
    Word,
    /// Digits (with `,` thousands groups and one decimal point) and any
    /// letters glued after them (the suffix: `th`, `s`, `km`, `bn`, `a`).
    Num,
    /// One other character.
    Sym,
    /// A URL, DOI or dotted identifier: never a figure.
    Skip,
}

#[derive(Debug)]
struct Tok {
    t: T,
    s: usize,
    e: usize,
    /// End of the numeric part of a `Num`.
    ne: usize,
    /// Whitespace (or the start of the text) before this token.
    sp: bool,
    /// A line break (or the start of the text) before this token.
    nl: bool,
    /// Words: lowercase (empty if very long); numbers: lowercase suffix;
    /// symbols: the character.
    low: String,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut toks = Vec::new();
    let (mut sp, mut nl) = (true, true);
    let mut i = 0;
    while i < n {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            sp = true;
            nl |= c == '\n';
            i += c.len_utf8();
            continue;
        }
        let s = i;
        let rest = &b[i..];
        let (t, ne, low);
        if starts_with_ci(rest, b"http://")
            || starts_with_ci(rest, b"https://")
            || starts_with_ci(rest, b"www.")
            || starts_with_ci(rest, b"doi:")
        {
            while i < n && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            while !text.is_char_boundary(i) {
                i += 1;
            }
            (t, ne, low) = (T::Skip, i, String::new());
        } else if c.is_ascii_digit() {
            let mut j = i;
            while j < n && b[j].is_ascii_digit() {
                j += 1;
            }
            let mut dot = false;
            loop {
                if !dot
                    && j + 4 <= n
                    && b[j] == b','
                    && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                    && (j + 4 == n || !b[j + 4].is_ascii_digit())
                {
                    j += 4;
                } else if !dot && j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                    dot = true;
                    j += 1;
                    while j < n && b[j].is_ascii_digit() {
                        j += 1;
                    }
                } else {
                    break;
                }
            }
            let mut kind = T::Num;
            if dot && j + 1 < n && b[j] == b'.' && b[j + 1].is_ascii_digit() {
                // 1.2.3, 192.168.0.1: an identifier.
                kind = T::Skip;
                while j < n && (b[j].is_ascii_digit() || b[j] == b'.') {
                    j += 1;
                }
                if b[j - 1] == b'.' {
                    j -= 1;
                }
            }
            let numeric_end = j;
            for ch in text[j..].chars() {
                if !ch.is_alphanumeric() {
                    break;
                }
                j += ch.len_utf8();
            }
            i = j;
            (t, ne, low) = (kind, numeric_end, text[numeric_end..j].to_lowercase());
        } else if c.is_alphabetic() {
            let mut j = i;
            for ch in text[i..].chars() {
                if !ch.is_alphanumeric() {
                    break;
                }
                if ch.is_ascii_digit()
                    && (CODES.iter().any(|c| c.0 == &text[i..j]) || &text[i..j] == "Rs")
                {
                    break; // RMB3 billion
                }
                j += ch.len_utf8();
            }
            i = j;
            let w = &text[s..j];
            let l = if w.len() <= 40 {
                w.to_lowercase()
            } else {
                String::new()
            };
            (t, ne, low) = (T::Word, j, l);
        } else {
            i += c.len_utf8();
            (t, ne, low) = (T::Sym, i, c.to_string());
        }
        toks.push(Tok {
            t,
            s,
            e: i,
            ne,
            sp,
            nl,
            low,
        });
        sp = false;
        nl = false;
    }
    toks
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

// ---------------------------------------------------------------------------
// Word lists

const ONES: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

const TENS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const ORD_ONES: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
];

const ORD_TENS: &[(&str, f64)] = &[
    ("twentieth", 20.0),
    ("thirtieth", 30.0),
    ("fortieth", 40.0),
    ("fiftieth", 50.0),
    ("sixtieth", 60.0),
    ("seventieth", 70.0),
    ("eightieth", 80.0),
    ("ninetieth", 90.0),
    ("hundredth", 100.0),
    ("thousandth", 1000.0),
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

const DENOMS: &[(&str, f64, bool)] = &[
    ("half", 2.0, false),
    ("halves", 2.0, true),
    ("third", 3.0, false),
    ("thirds", 3.0, true),
    ("quarter", 4.0, false),
    ("quarters", 4.0, true),
    ("fourth", 4.0, false),
    ("fourths", 4.0, true),
    ("fifth", 5.0, false),
    ("fifths", 5.0, true),
    ("sixth", 6.0, false),
    ("sixths", 6.0, true),
    ("seventh", 7.0, false),
    ("sevenths", 7.0, true),
    ("eighth", 8.0, false),
    ("eighths", 8.0, true),
    ("ninth", 9.0, false),
    ("ninths", 9.0, true),
    ("tenth", 10.0, false),
    ("tenths", 10.0, true),
    ("hundredth", 100.0, false),
    ("hundredths", 100.0, true),
];

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Currency codes read before or after a number, as written (upper case).
const CODES: &[(&str, &str)] = &[
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("CHF", "CHF"),
    ("AUD", "AUD"),
    ("CAD", "CAD"),
    ("HKD", "HKD"),
    ("NZD", "NZD"),
    ("SGD", "SGD"),
    ("INR", "INR"),
    ("KRW", "KRW"),
    ("BRL", "BRL"),
    ("RUB", "RUB"),
    ("ZAR", "ZAR"),
    ("MXN", "MXN"),
    ("TWD", "TWD"),
    ("NTD", "TWD"),
    ("THB", "THB"),
    ("IDR", "IDR"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("HUF", "HUF"),
    ("ILS", "ILS"),
];

/// Currency names read after a number (lowercase).
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("sterling", "GBP"),
    ("krona", "SEK"),
    ("kronor", "SEK"),
    ("kroner", "NOK"),
    ("rupee", "INR"),
    ("rupees", "INR"),
    ("franc", "CHF"),
    ("francs", "CHF"),
    ("ruble", "RUB"),
    ("rubles", "RUB"),
    ("rouble", "RUB"),
    ("roubles", "RUB"),
];

struct UnitInfo {
    /// Canonical spelling for units that cannot be converted.
    canon: &'static str,
    family: &'static str,
    /// To the family's base unit; 0 for temperatures (compared as written).
    factor: f64,
}

/// (spelling as written, singular, canonical, family, factor)
const UNITS: &[(&str, &str, &str, &str, f64)] = &[
    ("km", "km", "m", "length", 1000.0),
    ("kilometre", "kilometre", "m", "length", 1000.0),
    ("kilometres", "kilometre", "m", "length", 1000.0),
    ("kilometer", "kilometer", "m", "length", 1000.0),
    ("kilometers", "kilometer", "m", "length", 1000.0),
    ("m", "m", "m", "length", 1.0),
    ("metre", "metre", "m", "length", 1.0),
    ("metres", "metre", "m", "length", 1.0),
    ("meter", "meter", "m", "length", 1.0),
    ("meters", "meter", "m", "length", 1.0),
    ("cm", "cm", "m", "length", 0.01),
    ("centimetre", "centimetre", "m", "length", 0.01),
    ("centimetres", "centimetre", "m", "length", 0.01),
    ("mm", "mm", "m", "length", 0.001),
    ("millimetre", "millimetre", "m", "length", 0.001),
    ("millimetres", "millimetre", "m", "length", 0.001),
    ("mile", "mile", "m", "length", 1609.344),
    ("miles", "mile", "m", "length", 1609.344),
    ("ft", "ft", "m", "length", 0.3048),
    ("foot", "foot", "m", "length", 0.3048),
    ("feet", "foot", "m", "length", 0.3048),
    ("inch", "inch", "m", "length", 0.0254),
    ("inches", "inch", "m", "length", 0.0254),
    ("kg", "kg", "kg", "mass", 1.0),
    ("kilogram", "kilogram", "kg", "mass", 1.0),
    ("kilograms", "kilogram", "kg", "mass", 1.0),
    ("g", "g", "kg", "mass", 0.001),
    ("gram", "gram", "kg", "mass", 0.001),
    ("grams", "gram", "kg", "mass", 0.001),
    ("mg", "mg", "kg", "mass", 1e-6),
    ("tonne", "tonne", "kg", "mass", 1000.0),
    ("tonnes", "tonne", "kg", "mass", 1000.0),
    ("ton", "ton", "kg", "mass", 1000.0),
    ("tons", "ton", "kg", "mass", 1000.0),
    ("lb", "lb", "kg", "mass", 0.453_592_37),
    ("lbs", "lb", "kg", "mass", 0.453_592_37),
    ("pound", "pound", "kg", "mass", 0.453_592_37),
    ("pounds", "pound", "kg", "mass", 0.453_592_37),
    ("litre", "litre", "l", "volume", 1.0),
    ("litres", "litre", "l", "volume", 1.0),
    ("liter", "liter", "l", "volume", 1.0),
    ("liters", "liter", "l", "volume", 1.0),
    ("ml", "ml", "l", "volume", 0.001),
    ("gallon", "gallon", "l", "volume", 3.785_411_784),
    ("gallons", "gallon", "l", "volume", 3.785_411_784),
    ("hectare", "hectare", "m2", "area", 1e4),
    ("hectares", "hectare", "m2", "area", 1e4),
    ("ha", "ha", "m2", "area", 1e4),
    ("acre", "acre", "m2", "area", 4_046.856_422_4),
    ("acres", "acre", "m2", "area", 4_046.856_422_4),
    ("year", "year", "day", "time", 365.25),
    ("years", "year", "day", "time", 365.25),
    ("yr", "yr", "day", "time", 365.25),
    ("yrs", "yr", "day", "time", 365.25),
    ("decade", "decade", "day", "time", 3652.5),
    ("decades", "decade", "day", "time", 3652.5),
    ("month", "month", "day", "time", 30.4375),
    ("months", "month", "day", "time", 30.4375),
    ("week", "week", "day", "time", 7.0),
    ("weeks", "week", "day", "time", 7.0),
    ("day", "day", "day", "time", 1.0),
    ("days", "day", "day", "time", 1.0),
    ("hour", "hour", "day", "time", 1.0 / 24.0),
    ("hours", "hour", "day", "time", 1.0 / 24.0),
    ("h", "h", "day", "time", 1.0 / 24.0),
    ("hr", "hr", "day", "time", 1.0 / 24.0),
    ("hrs", "hr", "day", "time", 1.0 / 24.0),
    ("minute", "minute", "day", "time", 1.0 / 1440.0),
    ("minutes", "minute", "day", "time", 1.0 / 1440.0),
    ("min", "min", "day", "time", 1.0 / 1440.0),
    ("seconds", "second", "day", "time", 1.0 / 86400.0),
    ("°c", "°c", "°c", "temperature", 0.0),
    ("°f", "°f", "°f", "temperature", 0.0),
    ("degree", "degree", "degree", "degree", 1.0),
    ("degrees", "degree", "degree", "degree", 1.0),
    ("db", "db", "db", "sound", 1.0),
    ("decibel", "decibel", "db", "sound", 1.0),
    ("decibels", "decibel", "db", "sound", 1.0),
    ("kwh", "kwh", "kwh", "energy", 1.0),
    ("mwh", "mwh", "kwh", "energy", 1e3),
    ("gwh", "gwh", "kwh", "energy", 1e6),
    ("twh", "twh", "kwh", "energy", 1e9),
    ("w", "w", "w", "power", 1.0),
    ("kw", "kw", "w", "power", 1e3),
    ("mw", "mw", "w", "power", 1e6),
    ("gw", "gw", "w", "power", 1e9),
    ("watt", "watt", "w", "power", 1.0),
    ("watts", "watt", "w", "power", 1.0),
    ("kb", "kb", "byte", "data", 1e3),
    ("mb", "mb", "byte", "data", 1e6),
    ("gb", "gb", "byte", "data", 1e9),
    ("tb", "tb", "byte", "data", 1e12),
    ("mph", "mph", "mph", "speed", 1.0),
    ("hz", "hz", "hz", "frequency", 1.0),
    ("khz", "khz", "hz", "frequency", 1e3),
    ("mhz", "mhz", "hz", "frequency", 1e6),
    ("ghz", "ghz", "hz", "frequency", 1e9),
];

/// A unit spelling (lowercase) → its singular as written.
fn unit_word(w: &str) -> Option<&'static str> {
    UNITS.iter().find(|u| u.0 == w).map(|u| u.1)
}

fn unit_info(unit: &str) -> Option<UnitInfo> {
    if let Some((a, b)) = unit.split_once('/') {
        // km/h and the like: known only when both parts are.
        let (x, y) = (unit_info(a)?, unit_info(b)?);
        if x.factor == 0.0 || y.factor == 0.0 {
            return None;
        }
        return Some(UnitInfo {
            canon: "",
            family: if x.family == "length" && y.family == "time" {
                "speed"
            } else {
                "ratio"
            },
            factor: x.factor / y.factor,
        });
    }
    UNITS.iter().find(|u| u.1 == unit).map(|u| UnitInfo {
        canon: u.2,
        family: u.3,
        factor: u.4,
    })
}

fn lookup(list: &[(&str, f64)], w: &str) -> Option<f64> {
    list.iter().find(|p| p.0 == w).map(|p| p.1)
}

fn month(w: &str) -> Option<u8> {
    MONTHS.iter().find(|p| p.0 == w).map(|p| p.1)
}

/// Words after which a four-digit number is a year.
const YEAR_PREPS: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "during", "after", "before", "of", "between",
    "circa", "c", "ca", "around", "year", "early", "late", "mid", "spring", "summer", "autumn",
    "fall", "winter",
];

/// Words ending in `s` that are not plural nouns.
const NOT_PLURAL: &[&str] = &[
    "was",
    "is",
    "has",
    "as",
    "this",
    "its",
    "his",
    "thus",
    "across",
    "whereas",
    "always",
    "plus",
    "towards",
    "afterwards",
    "less",
    "unless",
    "does",
    "besides",
    "onwards",
    "yes",
];

/// Words before a number that make it a reference, not a figure.
const REFS: &[&str] = &[
    "section",
    "sections",
    "sec",
    "figure",
    "figures",
    "fig",
    "figs",
    "table",
    "tables",
    "tab",
    "chapter",
    "chapters",
    "ch",
    "chap",
    "appendix",
    "eq",
    "eqs",
    "equation",
    "equations",
    "p",
    "pp",
    "page",
    "pages",
    "vol",
    "volume",
    "no",
    "nos",
    "nr",
    "issue",
    "part",
    "article",
    "art",
    "line",
    "lines",
    "footnote",
    "note",
    "notes",
    "ref",
    "refs",
    "item",
    "items",
    "hypothesis",
    "version",
    "v",
    "panel",
    "column",
    "row",
    "box",
    "exhibit",
    "study",
    "experiment",
    "model",
    "para",
    "paragraph",
    "verse",
    "wave",
    "phase",
];

/// Capitalised words that may stand before a figure mid-sentence.
const CAPS_OK: &[&str] = &["us", "hk", "nz", "nt", "a", "c", "s", "r", "rs", "top", "i"];

/// Words that make `one` a pronoun.
const ONE_PRONOUN_BEFORE: &[&str] = &[
    "no", "any", "every", "each", "the", "this", "that", "which", "some", "someone", "anyone",
];
const ONE_PRONOUN_AFTER: &[&str] = &[
    "another", "of", "hand", "way", "such", "who", "which", "that", "must", "can", "could",
    "might", "may", "should", "would", "will", "is", "has", "or", "day",
];

/// Determiners and verbs before an ordinal `second` that is a rank.
const SECOND_OK: &[&str] = &[
    "the", "its", "their", "his", "her", "our", "my", "your", "whose", "ranked", "ranks", "rank",
    "placed", "came", "finished", "was", "is", "be", "were", "are", "ranking", "in",
];

// ---------------------------------------------------------------------------
// Reading

struct Reader<'a> {
    text: &'a str,
    k: Vec<Tok>,
}

/// A number before its unit: digits or words.
struct Base {
    value: f64,
    decimals: u8,
    scale: f64,
    words: bool,
    /// Digit count of a plain integer (no separators); 0 otherwise.
    digits: usize,
    suffix: String,
    /// Token after the number.
    next: usize,
    /// First token and byte.
    first: usize,
    start: usize,
}

impl<'a> Reader<'a> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.k.get(i)
    }

    /// The lowercase word at `i`, or "".
    fn word(&self, i: usize) -> &str {
        match self.tok(i) {
            Some(t) if t.t == T::Word => &t.low,
            _ => "",
        }
    }

    fn sym(&self, i: usize) -> &str {
        match self.tok(i) {
            Some(t) if t.t == T::Sym => &t.low,
            _ => "",
        }
    }

    fn is_num(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.t == T::Num)
    }

    /// Token `i` follows the previous one with no space.
    fn adj(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.sp)
    }

    fn raw(&self, i: usize) -> &'a str {
        self.tok(i).map_or("", |t| &self.text[t.s..t.e])
    }

    fn caps(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.t == T::Word)
            && self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The word before `i` (`i` may be 0).
    fn prev_word(&self, i: usize) -> &str {
        if i == 0 {
            ""
        } else {
            self.word(i - 1)
        }
    }

    fn end(&self, next: usize) -> usize {
        self.k[next - 1].e
    }

    /// Does token `i` start a sentence or a line?
    fn sentence_start(&self, i: usize) -> bool {
        if i == 0 || self.k[i].nl {
            return true;
        }
        matches!(
            self.sym(i - 1),
            "." | "!"
                | "?"
                | ":"
                | "("
                | "["
                | "\""
                | "“"
                | "‘"
                | "'"
                | "*"
                | "#"
                | "-"
                | "–"
                | "—"
                | "•"
                | ">"
                | "_"
                | ";"
        )
    }

    fn plain_int(&self, i: usize) -> Option<(f64, usize)> {
        let t = self.tok(i)?;
        if t.t != T::Num || !t.low.is_empty() {
            return None;
        }
        let s = &self.text[t.s..t.ne];
        if s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some((s.parse().ok()?, s.len()))
    }

    fn year_at(&self, i: usize) -> Option<f64> {
        let (v, n) = self.plain_int(i)?;
        (n == 4 && (1500.0..=2100.0).contains(&v)).then_some(v)
    }

    fn mk(&self, kind: Kind, value: f64, s: usize, e: usize) -> Figure {
        Figure {
            text: self.text[s..e].to_string(),
            range: s..e,
            kind,
            value,
            hi: None,
            approx: Approx::Exact,
            scale: 1.0,
            decimals: 0,
            month: None,
        }
    }

    // -- skipping ----------------------------------------------------------

    /// Tokens at `i` that are never figures: returns the index after them.
    fn skip_at(&self, i: usize) -> Option<usize> {
        let t = &self.k[i];
        match t.t {
            T::Skip => Some(i + 1),
            T::Sym => match t.low.as_str() {
                "@" => Some(i + 2),
                "^" if self.is_num(i + 1) && self.adj(i + 1) => {
                    Some(if self.sym(i + 2) == "^" { i + 3 } else { i + 2 })
                }
                "[" => self.skip_bracket(i),
                "§" | "#" | "¶" if self.is_num(i + 1) => Some(self.skip_refnum(i + 1)),
                "(" => {
                    // (1), (a), (iv): enumeration marks.
                    let inner = self.tok(i + 1)?;
                    let short = match inner.t {
                        T::Num => inner.e - inner.s <= 2,
                        T::Word => {
                            inner.e - inner.s <= 3
                                && self.word(i + 1).chars().all(|c| "ivxab".contains(c))
                        }
                        _ => false,
                    };
                    (short && self.sym(i + 2) == ")").then_some(i + 3)
                }
                _ => None,
            },
            T::Word => {
                let w = self.word(i);
                let dot = usize::from(self.sym(i + 1) == ".");
                if REFS.contains(&w) && self.is_num(i + 1 + dot) {
                    return Some(self.skip_refnum(i + 1 + dot));
                }
                if w == "p" && matches!(self.sym(i + 1), "<" | "=" | ">" | "≤" | "≥") {
                    return Some(i + 3);
                }
                // Product and model names, narrative citations: `DeepComp 6800`.
                if self.caps(i)
                    && !self.sentence_start(i)
                    && self.is_num(i + 1)
                    && !self.k[i + 1].nl
                    && self.k[i + 1].sp
                    && month(w).is_none()
                    && !CAPS_OK.contains(&w)
                    && !matches!(w, "q1" | "q2" | "q3" | "q4" | "h1" | "h2" | "fy")
                    && !CODES.iter().any(|c| c.0 == self.raw(i))
                {
                    return Some(i + 2);
                }
                None
            }
            T::Num => {
                // List markers: `1.` or `2)` at a line start.
                if t.nl
                    && t.low.is_empty()
                    && t.ne - t.s <= 3
                    && matches!(self.sym(i + 1), "." | ")")
                    && self.adj(i + 1)
                    && self.tok(i + 2).is_none_or(|n| n.sp)
                {
                    return Some(i + 2);
                }
                // Glued to a name: COVID-19, GPT-4, SARS-CoV-2.
                if i >= 2
                    && self.sym(i - 1) == "-"
                    && self.adj(i)
                    && self.adj(i - 1)
                    && self.k[i - 2].t == T::Word
                    && self
                        .raw(i - 2)
                        .chars()
                        .any(|c| c.is_uppercase() || c.is_ascii_digit())
                {
                    return Some(i + 1);
                }
                // Times: 10:30.
                if self.sym(i + 1) == ":"
                    && self.adj(i + 1)
                    && self.is_num(i + 2)
                    && self.adj(i + 2)
                {
                    return Some(i + 3);
                }
                // Citation years.
                let is_year_like = {
                    let s = &self.text[t.s..t.ne];
                    s.len() == 4
                        && s.bytes().all(|b| b.is_ascii_digit())
                        && (t.low.is_empty() || (t.low.len() == 1 && t.low != "s"))
                };
                if is_year_like {
                    if t.low.len() == 1 {
                        return Some(i + 1); // 2008a
                    }
                    if self.citation_year(i) {
                        return Some(i + 1);
                    }
                }
                // A day without a year: `15 May`.
                if let Some((d, _)) = self.plain_int(i) {
                    if (1.0..=31.0).contains(&d)
                        && self.caps(i + 1)
                        && month(self.word(i + 1)).is_some()
                    {
                        let y = i + 2 + usize::from(self.sym(i + 2) == ".");
                        if self.year_at(y).is_none() {
                            return Some(i + 2);
                        }
                    }
                }
                None
            }
        }
    }

    /// A reference number and its continuations: `3`, `3 and 4`, `3–5`, `3, 4`.
    fn skip_refnum(&self, mut j: usize) -> usize {
        j += 1;
        for _ in 0..10 {
            let sep = matches!(self.sym(j), "," | "-" | "–" | "—")
                || matches!(self.word(j), "and" | "or" | "to");
            if !sep {
                break;
            }
            let Some(t) = self.tok(j + 1) else { break };
            if t.t != T::Num || t.ne - t.s > 3 || self.sym(j + 2) == "%" {
                break;
            }
            j += 2;
        }
        j
    }

    /// `[@key]`, `[^1]`, `[12]`, `[3, 4]`, `[1–3]`: the index after `]`.
    fn skip_bracket(&self, i: usize) -> Option<usize> {
        let first = self.sym(i + 1);
        let pandoc = first == "@" || first == "^" || self.sym(i + 2) == "@";
        for j in i + 1..(i + 64).min(self.k.len()) {
            match self.sym(j) {
                "]" => return (j > i + 1).then_some(j + 1),
                "[" => return None,
                _ => {}
            }
            if !pandoc {
                let t = &self.k[j];
                let ok = (t.t == T::Num && t.low.is_empty())
                    || matches!(t.low.as_str(), "," | ";" | "-" | "–" | "—");
                if !ok {
                    return None;
                }
            }
        }
        None
    }

    /// Is the year at `i` part of a citation: `(Zhou, 2008)`, `(e.g. World
    /// Bank 2010; Li 2011)`, `Zhou (2008)`, `Zhou et al. (2008, p. 3)`?
    fn citation_year(&self, i: usize) -> bool {
        let mut seg = None;
        let mut k = i;
        for _ in 0..40 {
            if k == 0 {
                break;
            }
            k -= 1;
            match self.sym(k) {
                "(" | "[" => {
                    seg = Some(k + 1);
                    break;
                }
                ")" | "]" => return false,
                ";" => {
                    seg = Some(k + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(mut j) = seg else { return false };
        // Skip e.g., see, cf., i.e.
        while j < i {
            let w = self.word(j);
            if matches!(
                w,
                "e" | "g" | "eg" | "i" | "ie" | "see" | "cf" | "also" | "and"
            ) || matches!(self.sym(j), "." | ",")
            {
                j += 1;
            } else {
                break;
            }
        }
        if j == i {
            // Narrative: `Zhou (2008)`, `Zhou et al. (2008)`, `Zhou's (2008)`.
            if self.sym(i - 1) != "(" || i < 2 {
                return false;
            }
            let b = i - 2;
            return self.sym(b) == "."
                || (self.caps(b) && month(self.word(b)).is_none())
                || (self.word(b) == "s" && matches!(self.sym(b.saturating_sub(1)), "'" | "’"));
        }
        const NOT_NAMES: &[&str] = &[
            "in",
            "by",
            "from",
            "since",
            "until",
            "after",
            "before",
            "during",
            "about",
            "around",
            "between",
            "the",
            "a",
            "an",
            "over",
            "under",
            "nearly",
            "approximately",
            "some",
            "for",
            "to",
            "up",
            "as",
            "at",
            "of",
            "on",
        ];
        self.caps(j) && month(self.word(j)).is_none() && !NOT_NAMES.contains(&self.word(j))
    }

    // -- approximation marks ---------------------------------------------------

    /// An approximation mark at `i`: its sort and the token after it.
    fn marker_at(&self, i: usize) -> (Approx, usize) {
        use Approx::*;
        let (w, w1, w2) = (self.word(i), self.word(i + 1), self.word(i + 2));
        let found = match (w, w1) {
            ("more" | "greater", "than") | ("at", "least") => Some((AtLeast, 2)),
            ("in", "excess") if w2 == "of" => Some((AtLeast, 3)),
            ("no", "less" | "fewer") if w2 == "than" => Some((AtLeast, 3)),
            ("just" | "well" | "slightly", "over" | "above") | ("upwards", "of") => {
                Some((AtLeast, 2))
            }
            ("less" | "fewer", "than") | ("up", "to") | ("at", "most") => Some((AtMost, 2)),
            ("just" | "slightly", "under" | "below") => Some((AtMost, 2)),
            ("no", "more") if w2 == "than" => Some((AtMost, 3)),
            ("close", "to") | ("an", "estimated") => Some((About, 2)),
            _ => None,
        };
        if let Some((m, n)) = found {
            return (m, i + n);
        }
        match w {
            "about" | "around" | "roughly" | "approximately" | "some" | "circa" | "ca"
            | "approx" | "estimated" => (About, i + 1 + usize::from(self.sym(i + 1) == ".")),
            "c" if self.sym(i + 1) == "." && self.year_at(i + 2).is_some() => (About, i + 2),
            "over" | "above" | "exceeding" => (AtLeast, i + 1),
            "nearly" | "almost" | "under" | "below" => (AtMost, i + 1),
            _ => match self.sym(i) {
                "~" | "≈" | "∼" => (About, i + 1),
                ">" | "≥" => (AtLeast, i + 1),
                "<" | "≤" => (AtMost, i + 1),
                _ => (Exact, i),
            },
        }
    }

    // -- figures ---------------------------------------------------------------

    /// A figure at `i`, joined with a second one into a range when they form
    /// one: `between X and Y`, `X–Y`, `X to Y` (not after `from`).
    fn figures_at(&self, i: usize) -> Option<(Figure, usize)> {
        if self.word(i) == "between" {
            let (a, j) = self.figure_at(i + 1)?;
            if self.word(j) == "and" {
                if let Some((b, k)) = self.figure_at(j + 1) {
                    if let Some(f) = self.join(&a, &b) {
                        return Some((f, k));
                    }
                }
            }
            return Some((a, j));
        }
        let (a, j) = self.figure_at(i)?;
        let dash = matches!(self.sym(j), "-" | "–" | "—" | "−") && !self.k[j].nl;
        let to = self.word(j) == "to" && self.prev_word(i) != "from";
        if (dash || to) && a.hi.is_none() {
            if let Some((b, k)) = self.figure_at(j + 1) {
                if let Some(f) = self.join(&a, &b) {
                    return Some((f, k));
                }
            }
        }
        Some((a, j))
    }

    /// Two figures as one range, if they can be.
    fn join(&self, a: &Figure, b: &Figure) -> Option<Figure> {
        use Kind::*;
        if a.hi.is_some() || b.hi.is_some() || a.month.is_some() || b.month.is_some() {
            return None;
        }
        let mut f = a.clone();
        let mut hi = b.value;
        match (&a.kind, &b.kind) {
            (Year, Year) => {}
            (Year, Count) => {
                // 2009-13
                if !(b.decimals == 0 && b.value >= 0.0 && b.value < 100.0 && b.text.len() == 2) {
                    return None;
                }
                hi = (a.value / 100.0).floor() * 100.0 + b.value;
                if hi < a.value {
                    hi += 100.0;
                }
            }
            (x, y) if x == y && !matches!(x, Fraction) => {}
            // 15–20%, between 2 and 3 km
            (Count, y @ (Percent { .. } | Money { .. } | Quantity { .. } | Multiplier)) => {
                f.kind = y.clone()
            }
            // $1–2 million, 15%–20
            (Percent { .. } | Money { .. } | Quantity { .. }, Count) => {}
            _ => return None,
        }
        // $1–2 million, between 15 and 20 billion.
        if b.scale != 1.0 && a.scale == 1.0 && a.value <= b.value / b.scale {
            f.value *= b.scale;
            f.scale = b.scale;
        }
        f.hi = Some(hi);
        f.decimals = a.decimals.max(b.decimals);
        f.range = a.range.start..b.range.end;
        f.text = self.text[f.range.clone()].to_string();
        Some(f)
    }

    /// One figure starting at token `i`.
    fn figure_at(&self, i: usize) -> Option<(Figure, usize)> {
        if self.word(i) == "top" {
            let j = i + 1 + usize::from(self.sym(i + 1) == "-" && self.adj(i + 1));
            let (mut f, next) = self.inner_figure(j)?;
            if f.kind == Kind::Count && f.hi.is_none() {
                f.kind = Kind::Ordinal;
                f.range.start = self.k[i].s;
                f.text = self.text[f.range.clone()].to_string();
            }
            return Some((f, next));
        }
        self.inner_figure(i)
    }

    fn inner_figure(&self, i: usize) -> Option<(Figure, usize)> {
        let t = self.tok(i)?;
        if let Some(r) = self.period_at(i) {
            return Some(r);
        }
        if let Some(r) = self.date_at(i) {
            return Some(r);
        }
        if let Some((cur, j)) = self.currency_prefix(i) {
            let mut b = self.num_base(j).or_else(|| self.word_base(j))?;
            b.start = t.s;
            b.first = i;
            return self.tail(b, Some(cur));
        }
        if let Some(r) = self.multiplier_word(i) {
            return Some(r);
        }
        if let Some(r) = self.fraction_at(i) {
            return Some(r);
        }
        if let Some((v, j)) = self.ordinal_at(i) {
            return self.ordinal_figure(i, v, j);
        }
        // Negative numbers: `-3.5`, `−2.4 °C`.
        if matches!(self.sym(i), "-" | "−")
            && self.is_num(i + 1)
            && self.adj(i + 1)
            && (t.sp || i == 0 || self.sym(i - 1) == "(")
            && (i == 0 || !self.is_num(i - 1))
        {
            let mut b = self.num_base(i + 1)?;
            b.value = -b.value;
            b.digits = 0;
            b.start = t.s;
            return self.tail(b, None);
        }
        if t.t == T::Num {
            // 2009/10, 2009/2010: a fiscal or academic year range.
            if self.sym(i + 1) == "/" && self.adj(i + 1) && self.adj(i + 2) {
                if let (Some(y), Some((v, n))) = (self.year_at(i), self.plain_int(i + 2)) {
                    let hi = if n == 2 {
                        (y / 100.0).floor() * 100.0 + v + if v < y % 100.0 { 100.0 } else { 0.0 }
                    } else {
                        v
                    };
                    if (n == 2 || n == 4) && hi == y + 1.0 {
                        let mut f = self.mk(Kind::Year, y, t.s, self.k[i + 2].e);
                        f.hi = Some(hi);
                        return Some((f, i + 3));
                    }
                }
            }
            // 1/3
            if self.sym(i + 1) == "/"
                && self.adj(i + 1)
                && self.adj(i + 2)
                && self.sym(i + 3) != "/"
            {
                if let (Some((n, _)), Some((d, _))) = (self.plain_int(i), self.plain_int(i + 2)) {
                    if (i == 0 || self.sym(i - 1) != "/") && n > 0.0 && n < d && d <= 100.0 {
                        let mut f = self.mk(Kind::Fraction, n / d, t.s, self.k[i + 2].e);
                        f.approx = Approx::About;
                        return Some((f, i + 3));
                    }
                }
                return None;
            }
            let b = self.num_base(i)?;
            return self.tail(b, None);
        }
        let b = self.word_base(i)?;
        self.tail(b, None)
    }

    fn num_base(&self, i: usize) -> Option<Base> {
        let t = self.tok(i)?;
        if t.t != T::Num {
            return None;
        }
        let s = &self.text[t.s..t.ne];
        let clean: String = s.chars().filter(|&c| c != ',').collect();
        let value: f64 = clean.parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let decimals = clean
            .find('.')
            .map_or(0, |p| (clean.len() - p - 1).min(255) as u8);
        let digits = if s.bytes().all(|b| b.is_ascii_digit()) {
            s.len()
        } else {
            0
        };
        Some(Base {
            value,
            decimals,
            scale: 1.0,
            words: false,
            digits,
            suffix: t.low.clone(),
            next: i + 1,
            first: i,
            start: t.s,
        })
    }

    /// Number words: `twenty-one`, `a hundred`, `three hundred and fifty`,
    /// `two thousand`, `a dozen`, `five million`.
    fn word_base(&self, i: usize) -> Option<Base> {
        let first = self.word(i);
        if first.is_empty() {
            return None;
        }
        if first == "one"
            && (ONE_PRONOUN_BEFORE.contains(&self.prev_word(i))
                || ONE_PRONOUN_AFTER.contains(&self.word(i + 1)))
        {
            return None;
        }
        let mut j = i;
        let (mut total, mut cur) = (0.0f64, 0.0f64);
        // 0 nothing, 1 ones/teens, 2 tens, 3 hundred, 4 scale, 5 dozen
        let mut last = 0u8;
        let mut last_scale = f64::INFINITY;
        if matches!(first, "a" | "an") {
            let w1 = self.word(i + 1);
            if w1 == "hundred" || w1 == "dozen" || lookup(SCALES, w1).is_some() {
                cur = 1.0;
                last = 1;
                j = i + 1;
            } else {
                return None;
            }
        }
        let mut end = j;
        for _ in 0..40 {
            let w = self.word(j);
            let step;
            if let Some(v) = lookup(ONES, w) {
                if last == 1 || last == 5 || (last == 2 && v >= 10.0) {
                    break;
                }
                cur += v;
                last = 1;
                step = j + 1;
            } else if let Some(v) = lookup(TENS, w) {
                if matches!(last, 1 | 2 | 5) {
                    break;
                }
                cur += v;
                last = 2;
                // twenty-one, twenty one
                let h = usize::from(self.sym(j + 1) == "-" && self.adj(j + 1) && self.adj(j + 2));
                if let Some(u) =
                    lookup(ONES, self.word(j + 1 + h)).filter(|u| *u > 0.0 && *u < 10.0)
                {
                    cur += u;
                    last = 1;
                    end = j + 2 + h;
                    j = end;
                    continue;
                }
                step = j + 1;
            } else if w == "hundred" {
                if last == 0 || last == 3 || last == 5 || cur >= 100.0 {
                    break;
                }
                cur *= 100.0;
                last = 3;
                step = j + 1;
            } else if w == "dozen" {
                if last != 1 || cur >= 100.0 {
                    break;
                }
                cur *= 12.0;
                last = 5;
                step = j + 1;
            } else if let Some(s) = lookup(SCALES, w) {
                if last == 0 || s >= last_scale {
                    break;
                }
                total += cur * s;
                cur = 0.0;
                last = 4;
                last_scale = s;
                step = j + 1;
            } else if w == "and"
                && matches!(last, 3 | 4)
                && (lookup(ONES, self.word(j + 1)).is_some()
                    || lookup(TENS, self.word(j + 1)).is_some())
            {
                j += 1;
                continue;
            } else {
                break;
            }
            end = step;
            j = step;
        }
        if end == i || last == 0 {
            return None;
        }
        let value = total + cur;
        // The scale of the written form: `two million` counts in millions.
        let scale = if cur == 0.0 && last_scale.is_finite() {
            last_scale
        } else {
            1.0
        };
        Some(Base {
            value: value / scale,
            decimals: 0,
            scale,
            words: true,
            digits: 0,
            suffix: String::new(),
            next: end,
            first: i,
            start: self.k[i].s,
        })
    }

    /// Units, scales, percent signs and currencies after a number.
    fn tail(&self, mut b: Base, currency: Option<&'static str>) -> Option<(Figure, usize)> {
        use Kind::*;
        let mut j = b.next;
        let mut kind: Option<Kind> = currency.map(|c| Money {
            currency: c.to_string(),
        });
        match b.suffix.as_str() {
            "" => {}
            "bn" => b.scale = 1e9,
            "mn" | "mln" => b.scale = 1e6,
            "m" | "k" | "tn" | "b" if currency.is_some() => {
                b.scale = match b.suffix.as_str() {
                    "k" => 1e3,
                    "m" => 1e6,
                    "b" => 1e9,
                    _ => 1e12,
                }
            }
            "x" | "fold" => kind = Some(Multiplier),
            s => {
                kind = Some(Quantity {
                    unit: unit_word(s)?.to_string(),
                })
            }
        }
        if b.words && self.word(j) == "and" && self.word(j + 1) == "a" && self.word(j + 2) == "half"
        {
            b.value += 0.5;
            b.decimals = 1;
            j += 3;
        } else if b.words
            && self.sym(j) == "-"
            && self.word(j + 1) == "and"
            && self.sym(j + 2) == "-"
            && self.word(j + 3) == "a"
            && self.sym(j + 4) == "-"
            && self.word(j + 5) == "half"
        {
            b.value += 0.5;
            b.decimals = 1;
            j += 6;
        }
        if b.scale == 1.0 && matches!(kind, None | Some(Money { .. })) {
            let w = self.word(j);
            let s = lookup(SCALES, w).or(match w {
                "bn" => Some(1e9),
                "mn" | "mln" => Some(1e6),
                "m" if currency.is_some() => Some(1e6),
                "k" if currency.is_some() => Some(1e3),
                "tn" | "trn" if currency.is_some() => Some(1e12),
                _ => None,
            });
            if let Some(s) = s {
                b.scale = s;
                j += 1;
            }
        }
        let year_candidate = !b.words
            && b.digits == 4
            && b.scale == 1.0
            && b.suffix.is_empty()
            && (1500.0..=2100.0).contains(&b.value);
        if kind.is_none() {
            let (w, w1) = (self.word(j), self.word(j + 1));
            if self.sym(j) == "%" {
                kind = Some(Percent { points: false });
                j += 1;
            } else if w == "percent" || w == "pct" || (w == "per" && w1 == "cent") {
                kind = Some(Percent { points: false });
                j += if w == "per" { 2 } else { 1 };
            } else if w == "percentage" && matches!(w1, "point" | "points") {
                kind = Some(Percent { points: true });
                j += 2;
            } else if w == "percentage"
                && self.sym(j + 1) == "-"
                && matches!(self.word(j + 2), "point" | "points")
            {
                kind = Some(Percent { points: true });
                j += 3;
            } else if let Some((c, n)) = self.currency_after(j) {
                kind = Some(Money {
                    currency: c.to_string(),
                });
                j += n;
            } else if self.sym(j) == "°" {
                let u = match self.word(j + 1) {
                    "c" if self.adj(j + 1) => "°c",
                    "f" if self.adj(j + 1) => "°f",
                    _ => "degree",
                };
                j += if u == "degree" { 1 } else { 2 };
                kind = Some(Quantity {
                    unit: u.to_string(),
                });
            } else if matches!(w, "degree" | "degrees") {
                let u = match w1 {
                    "celsius" | "c" | "centigrade" => "°c",
                    "fahrenheit" | "f" => "°f",
                    _ => "degree",
                };
                j += if u == "degree" { 1 } else { 2 };
                kind = Some(Quantity {
                    unit: u.to_string(),
                });
            } else if w == "times" {
                kind = Some(Multiplier);
                j += 1;
            } else if self.sym(j) == "-"
                && self.adj(j)
                && self.adj(j + 1)
                && matches!(w1, "percent" | "per" | "percentage")
            {
                // 5-percent, 12.5-percentage-point, 3-per-cent
                let (points, n) = match (w1, self.word(j + 3)) {
                    ("percentage", "point" | "points") if self.sym(j + 2) == "-" => (true, 4),
                    ("per", "cent") if self.sym(j + 2) == "-" => (false, 4),
                    ("percent", _) => (false, 2),
                    _ => return None,
                };
                kind = Some(Percent { points });
                j += n;
            } else if self.sym(j) == "-"
                && self.adj(j)
                && self.adj(j + 1)
                && self.word(j + 1) == "fold"
            {
                kind = Some(Multiplier);
                j += 2;
            } else if let Some(u) = unit_word(w).filter(|_| self.unit_ok(j)) {
                kind = Some(Quantity {
                    unit: u.to_string(),
                });
                j += 1;
            } else if self.sym(j) == "-"
                && self.adj(j)
                && self.adj(j + 1)
                && self.tok(j + 1).is_some_and(|t| t.t == T::Word)
                && !year_candidate
            {
                // 5-year, four-layer
                kind = Some(match unit_word(w1) {
                    Some(u) => Quantity {
                        unit: u.to_string(),
                    },
                    None => Count,
                });
                j += 2;
            } else if w == "in"
                && b.decimals == 0
                && b.scale == 1.0
                && b.value >= 1.0
                && b.value <= 100.0
            {
                // one in five
                if let Some(d) = self.num_base(j + 1).or_else(|| self.word_base(j + 1)) {
                    if d.suffix.is_empty()
                        && d.digits != 4
                        && d.scale == 1.0
                        && d.value > b.value
                        && d.value <= 1000.0
                        && d.decimals == 0
                    {
                        let mut f = self.mk(Fraction, b.value / d.value, b.start, self.end(d.next));
                        f.approx = Approx::About;
                        return Some((f, d.next));
                    }
                }
            }
            // km/h
            if let Some(Quantity { unit }) = &kind {
                if self.sym(j) == "/" && self.adj(j) && self.adj(j + 1) {
                    if let Some(u2) = unit_word(self.word(j + 1)) {
                        kind = Some(Quantity {
                            unit: format!("{unit}/{u2}"),
                        });
                        j += 2;
                    }
                }
            }
        }
        if b.words && kind.is_none() && b.value == 1.0 && b.scale == 1.0 {
            // `one` on its own is nearly always a pronoun or an article
            // (`one study found`), never a figure worth checking.
            return None;
        }
        let kind = match kind {
            Some(k) => k,
            None if year_candidate && self.is_year(b.first, j, b.value) => Year,
            None => Count,
        };
        let mut f = self.mk(kind, b.value * b.scale, b.start, self.end(j));
        f.scale = b.scale;
        f.decimals = b.decimals;
        Some((f, j))
    }

    /// A unit word at `j` that is a unit here (`5 m` only as metres when
    /// nothing suggests otherwise; `a` etc. never).
    fn unit_ok(&self, j: usize) -> bool {
        let raw = self.raw(j);
        // Single capital letters after a number are not units (3 D, 5 G).
        !(raw.len() == 1 && raw.chars().all(|c| c.is_ascii_uppercase()) && raw != "W")
    }

    /// Is the four-digit number at token `first`, followed by token `next`,
    /// a year rather than a count?
    fn is_year(&self, first: usize, next: usize, v: f64) -> bool {
        let before = self.prev_word(first);
        if YEAR_PREPS.contains(&before) {
            return true;
        }
        let after = self.word(next);
        let plural = !after.is_empty()
            && !self.caps(next)
            && ((after.len() > 3
                && after.ends_with('s')
                && !after.ends_with("ss")
                && !NOT_PLURAL.contains(&after))
                || matches!(
                    after,
                    "people" | "children" | "men" | "women" | "staff" | "persons"
                ));
        !(plural && v % 50.0 == 0.0)
    }

    fn currency_after(&self, j: usize) -> Option<(&'static str, usize)> {
        let w = self.word(j);
        if w == "us" && matches!(self.word(j + 1), "dollar" | "dollars") {
            return Some(("USD", 2));
        }
        if matches!(w, "pound" | "pounds") && self.word(j + 1) == "sterling" {
            return Some(("GBP", 2));
        }
        if let Some(c) = CURRENCY_WORDS.iter().find(|c| c.0 == w) {
            return Some((c.1, 1));
        }
        let raw = self.raw(j);
        CODES.iter().find(|c| c.0 == raw).map(|c| (c.1, 1))
    }

    /// A currency sign or code before a number: its code and the number's token.
    fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        let sign = |s: &str| -> Option<&'static str> {
            Some(match s {
                "$" => "USD",
                "€" => "EUR",
                "£" => "GBP",
                "¥" | "￥" => "¥",
                "₹" => "INR",
                "₩" => "KRW",
                "₽" => "RUB",
                "₱" => "PHP",
                "₺" => "TRY",
                _ => return None,
            })
        };
        let number_at = |j: usize| self.is_num(j) || self.word_base_start(j);
        if let Some(c) = sign(self.sym(i)) {
            return number_at(i + 1).then_some((c, i + 1));
        }
        let raw = self.raw(i);
        if self.sym(i + 1) == "$" && self.adj(i + 1) {
            let c = match raw {
                "US" | "U.S." => "USD",
                "A" | "AU" => "AUD",
                "C" | "CA" => "CAD",
                "HK" => "HKD",
                "NZ" => "NZD",
                "S" => "SGD",
                "R" => "BRL",
                "NT" => "TWD",
                "Mex" => "MXN",
                _ => return None,
            };
            return number_at(i + 2).then_some((c, i + 2));
        }
        if raw == "Rs" {
            let j = i + 1 + usize::from(self.sym(i + 1) == ".");
            return self.is_num(j).then_some(("INR", j));
        }
        if let Some(c) = CODES.iter().find(|c| c.0 == raw) {
            return self.is_num(i + 1).then_some((c.1, i + 1));
        }
        None
    }

    fn word_base_start(&self, j: usize) -> bool {
        let w = self.word(j);
        lookup(ONES, w).is_some()
            || lookup(TENS, w).is_some()
            || (matches!(w, "a" | "an") && lookup(SCALES, self.word(j + 1)).is_some())
    }

    /// `twice`, `threefold`, `doubled`, `halved`, `double the`.
    fn multiplier_word(&self, i: usize) -> Option<(Figure, usize)> {
        let w = self.word(i);
        let v = match w {
            "twice" => 2.0,
            "thrice" => 3.0,
            "doubled" | "doubling" | "doubles" => 2.0,
            "tripled" | "tripling" | "triples" | "trebled" | "trebling" | "trebles" => 3.0,
            "quadrupled" | "quadrupling" | "quadruples" => 4.0,
            "halved" | "halving" => 0.5,
            "double" | "triple" | "treble" | "quadruple"
                if matches!(
                    self.word(i + 1),
                    "the" | "that" | "its" | "their" | "this" | "those"
                ) =>
            {
                match w {
                    "double" => 2.0,
                    "quadruple" => 4.0,
                    _ => 3.0,
                }
            }
            _ => {
                let stem = w.strip_suffix("fold")?;
                lookup(ONES, stem)
                    .or_else(|| lookup(TENS, stem))
                    .or(match stem {
                        "hundred" => Some(100.0),
                        "thousand" => Some(1000.0),
                        _ => None,
                    })
                    .filter(|v| *v >= 2.0)?
            }
        };
        let t = &self.k[i];
        Some((self.mk(Kind::Multiplier, v, t.s, t.e), i + 1))
    }

    /// `half`, `a third of`, `one-third`, `two-thirds`, `three quarters`.
    fn fraction_at(&self, i: usize) -> Option<(Figure, usize)> {
        let w = self.word(i);
        let t = &self.k[i];
        let about = |mut f: Figure| {
            f.approx = Approx::About;
            f
        };
        if w == "half" {
            let before = self.prev_word(i);
            if matches!(
                before,
                "first" | "second" | "latter" | "former" | "other" | "and" | "a" | "one"
            ) || (self.sym(i + 1) == "-" && self.adj(i + 1))
            {
                return None;
            }
            return Some((about(self.mk(Kind::Fraction, 0.5, t.s, t.e)), i + 1));
        }
        let n = match w {
            "a" | "an" | "one" => 1.0,
            _ => lookup(ONES, w).filter(|v| *v >= 2.0 && *v <= 10.0)?,
        };
        let hyphen = self.sym(i + 1) == "-" && self.adj(i + 1) && self.adj(i + 2);
        let j = i + 1 + usize::from(hyphen);
        let (_, d, plural) = *DENOMS.iter().find(|p| p.0 == self.word(j))?;
        let ok = if plural {
            n >= 2.0
        } else {
            n == 1.0 && (hyphen || self.word(j + 1) == "of" || d == 2.0)
        };
        if !ok {
            return None;
        }
        Some((
            about(self.mk(Kind::Fraction, n / d, t.s, self.k[j].e)),
            j + 1,
        ))
    }

    /// An ordinal at `i`: `4th`, `fourth`, `twenty-first`, `twenty first`.
    fn ordinal_at(&self, i: usize) -> Option<(f64, usize)> {
        let t = self.tok(i)?;
        if t.t == T::Num {
            if !matches!(t.low.as_str(), "st" | "nd" | "rd" | "th") {
                return None;
            }
            let s = &self.text[t.s..t.ne];
            if s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            return Some((s.parse().ok()?, i + 1));
        }
        let w = self.word(i);
        if let Some(v) = lookup(ORD_ONES, w).or_else(|| lookup(ORD_TENS, w)) {
            return Some((v, i + 1));
        }
        let tens = lookup(TENS, w)?;
        let h = usize::from(self.sym(i + 1) == "-" && self.adj(i + 1) && self.adj(i + 2));
        let u = lookup(ORD_ONES, self.word(i + 1 + h)).filter(|u| *u < 10.0)?;
        Some((tens + u, i + 2 + h))
    }

    fn ordinal_figure(&self, i: usize, v: f64, j: usize) -> Option<(Figure, usize)> {
        let w = self.word(i);
        let before = self.prev_word(i);
        if matches!(before, "a" | "an") {
            return None; // a second study: another one
        }
        if self.caps(i) && self.sym(j) == "," && lookup(ORD_ONES, w).is_some() {
            return None; // First, …
        }
        if w == "first" && (before == "at" || (self.word(j) == "of" && self.word(j + 1) == "all")) {
            return None;
        }
        if w == "second" && !SECOND_OK.contains(&before) {
            return None;
        }
        let f = self.mk(Kind::Ordinal, v, self.k[i].s, self.k[j - 1].e);
        Some((f, j))
    }

    /// Decades and centuries, with `the` and parts: `the 1980s`, `the
    /// mid-1990s`, `the '90s`, `late 1980s`, `the twenty-first century`,
    /// `the beginning of the 21st century`, `the turn of the century`.
    fn period_at(&self, i: usize) -> Option<(Figure, usize)> {
        let start = self.tok(i)?.s;
        let mut j = i;
        let the = self.word(j) == "the";
        if the {
            j += 1;
        }
        if self.word(j) == "turn" && self.word(j + 1) == "of" && self.word(j + 2) == "the" {
            let k = j + 3;
            let (center, next) = if matches!(self.word(k), "century" | "millennium") {
                (2000.0, k + 1)
            } else {
                let (c, k2) = self.ordinal_at(k)?;
                if !matches!(self.word(k2), "century") || !(1.0..=30.0).contains(&c) {
                    return None;
                }
                ((c - 1.0) * 100.0, k2 + 1)
            };
            let mut f = self.mk(Kind::Era(Part::Turn), center - 5.0, start, self.end(next));
            f.hi = Some(center + 4.0);
            return Some((f, next));
        }
        let mut part = Part::Whole;
        let mut of_the = false;
        match (self.word(j), self.word(j + 1), self.word(j + 2)) {
            ("beginning" | "start" | "dawn" | "outset", "of", "the") => {
                part = Part::Early;
                of_the = true;
            }
            ("end" | "close", "of", "the") => {
                part = Part::Late;
                of_the = true;
            }
            ("middle", "of", "the") => {
                part = Part::Mid;
                of_the = true;
            }
            _ => {}
        }
        if of_the {
            j += 3;
        } else {
            part = match self.word(j) {
                "early" => Part::Early,
                "mid" | "middle" => Part::Mid,
                "late" => Part::Late,
                _ => Part::Whole,
            };
            if part != Part::Whole {
                j += 1;
                if self.sym(j) == "-" && self.adj(j) {
                    j += 1;
                }
            }
        }
        let loose = the || part != Part::Whole;
        // Decades.
        let decade = if let Some(t) = self.tok(j).filter(|t| t.t == T::Num) {
            let s = &self.text[t.s..t.ne];
            let four = s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
            let two = s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
            let v: f64 = if four || two { s.parse().ok()? } else { -1.0 };
            if four && t.low == "s" && v % 10.0 == 0.0 {
                Some((v, j + 1))
            } else if four
                && t.low.is_empty()
                && v % 10.0 == 0.0
                && matches!(self.sym(j + 1), "'" | "’")
                && self.adj(j + 1)
                && self.word(j + 2) == "s"
                && self.adj(j + 2)
            {
                Some((v, j + 3))
            } else if two && t.low == "s" && v % 10.0 == 0.0 && loose {
                Some((if v >= 30.0 { 1900.0 + v } else { 2000.0 + v }, j + 1))
            } else {
                None
            }
        } else if matches!(self.sym(j), "'" | "’" | "‘") && self.adj(j + 1) {
            let t = self.tok(j + 1).filter(|t| t.t == T::Num && t.low == "s")?;
            let s = &self.text[t.s..t.ne];
            let v: f64 = if s.len() == 2 {
                s.parse().ok()?
            } else {
                return None;
            };
            (v % 10.0 == 0.0).then(|| (if v >= 30.0 { 1900.0 + v } else { 2000.0 + v }, j + 2))
        } else {
            None
        };
        if let Some((d, next)) = decade {
            let (lo, hi) = match part {
                Part::Early => (d, d + 3.0),
                Part::Mid => (d + 3.0, d + 6.0),
                Part::Late => (d + 6.0, d + 9.0),
                _ => (d, d + 9.0),
            };
            let mut f = self.mk(Kind::Decade(part), lo, start, self.end(next));
            f.hi = Some(hi);
            return Some((f, next));
        }
        // Centuries.
        let (c, k) = self.ordinal_at(j)?;
        let h = usize::from(self.sym(k) == "-" && self.adj(k));
        if self.word(k + h) != "century" || !(1.0..=30.0).contains(&c) {
            return None;
        }
        let s = (c - 1.0) * 100.0;
        let (lo, hi) = match part {
            Part::Early => (s, s + 20.0),
            Part::Mid => (s + 35.0, s + 65.0),
            Part::Late => (s + 80.0, s + 99.0),
            _ => (s, s + 99.0),
        };
        let next = k + h + 1;
        let mut f = self.mk(Kind::Era(part), lo, start, self.end(next));
        f.hi = Some(hi);
        Some((f, next))
    }

    /// `May 2009`, `May 15, 2009`, `15 May 2009`, `Sept. 2010`.
    fn date_at(&self, i: usize) -> Option<(Figure, usize)> {
        let start = self.tok(i)?.s;
        let (m, mut j) = if self.caps(i) {
            (month(self.word(i))?, i + 1)
        } else {
            let (d, _) = self.plain_int(i)?;
            if !(1.0..=31.0).contains(&d) || !self.caps(i + 1) {
                return None;
            }
            (month(self.word(i + 1))?, i + 2)
        };
        if self.sym(j) == "." && self.adj(j) {
            j += 1;
        }
        if self.caps(i) {
            if let Some((d, n)) = self.plain_int(j) {
                if n <= 2 && (1.0..=31.0).contains(&d) && self.sym(j + 1) == "," {
                    j += 2;
                }
            }
        }
        let y = self.year_at(j)?;
        let mut f = self.mk(Kind::Year, y, start, self.k[j].e);
        f.month = Some(m);
        Some((f, j + 1))
    }
}

#[cfg(test)]
mod tests;
