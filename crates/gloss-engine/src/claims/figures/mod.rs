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

mod compare;
mod lexicon;
pub(in crate::claims) mod mismatch;
mod read;
mod tokens;

pub use compare::{comparable, same};
pub use read::extract;

#[cfg(test)]
mod tests;
