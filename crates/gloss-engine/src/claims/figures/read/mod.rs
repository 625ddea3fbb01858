//! Reading figures in text: one left-to-right pass over the token list that
//! finds numbers (digits or words) and what follows them (units, scales,
//! percent signs, currencies), ranges, periods, dates, fractions, ordinals
//! and multipliers, and skips references, citation years and list markers.

use super::lexicon::*;
use super::tokens::{tokenize, Tok, T};
use super::{Approx, Figure, Kind};

mod periods;
mod skip;

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
    spread_units(text, &mut out);
    out
}

/// `52.56 ± 76.58 g`: the value before `±` is in the spread's unit.
fn spread_units(text: &str, out: &mut [Figure]) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        let between = text.get(a.range.end..b.range.start).map(str::trim);
        if between == Some("±")
            && a.kind == Kind::Count
            && a.hi.is_none()
            && a.scale == 1.0
            && b.scale == 1.0
            && matches!(
                b.kind,
                Kind::Quantity { .. } | Kind::Percent { .. } | Kind::Money { .. }
            )
        {
            out[k - 1].kind = out[k].kind.clone();
        }
    }
}

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

/// What follows a number that has no kind yet (see `Reader::kind_after`).
enum After {
    /// A kind, and how many tokens say it.
    Kind(Kind, usize),
    /// `one in five`: a whole figure, and the token after it.
    Figure(Figure, usize),
    /// A form that makes the number no figure (`5-per-point`).
    Reject,
}

/// A suffix glued to the digits: a scale (`5bn`, `$3m` after a currency), a
/// multiplier (`3x`, `10fold`) or a unit (`5km`), set on `b` or `kind`.
/// `None` if the suffix is none of these: the number is no figure.
fn glued_suffix(
    b: &mut Base,
    currency: Option<&'static str>,
    kind: &mut Option<Kind>,
) -> Option<()> {
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
        "x" | "fold" => *kind = Some(Kind::Multiplier),
        s => {
            *kind = Some(Kind::Quantity {
                unit: unit_word(s)?.to_string(),
            })
        }
    }
    Some(())
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
        // `leave-one-out`, `one-to-one`, `all-in-one`: a number word inside
        // a hyphenated compound is part of a word, not a figure.
        if i >= 2
            && self.sym(i - 1) == "-"
            && self.adj(i - 1)
            && self.adj(i)
            && self.k[i - 2].t == T::Word
        {
            return None;
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
        // `1.234.567`: dots as thousands separators (the tokenizer only
        // lets several dots through in groups of three).
        let sep = if s.matches('.').count() > 1 { '.' } else { ',' };
        let clean: String = s.chars().filter(|&c| c != ',' && c != sep).collect();
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
        let mut kind: Option<Kind> = currency.map(|c| Money {
            currency: c.to_string(),
        });
        glued_suffix(&mut b, currency, &mut kind)?;
        let next = b.next;
        let mut j = self.and_a_half(&mut b, next);
        if b.scale == 1.0 && matches!(kind, None | Some(Money { .. })) {
            j = self.scale_word(&mut b, j, currency);
        }
        let year_candidate = !b.words
            && b.digits == 4
            && b.scale == 1.0
            && b.suffix.is_empty()
            && (1500.0..=2100.0).contains(&b.value);
        if kind.is_none() {
            match self.kind_after(&b, j, year_candidate) {
                Some(After::Kind(k, n)) => {
                    kind = Some(k);
                    j += n;
                }
                Some(After::Figure(f, next)) => return Some((f, next)),
                Some(After::Reject) => return None,
                None => {}
            }
            j = self.per_unit(&mut kind, j);
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

    /// `two and a half`, `two-and-a-half` after number words at `j`: adds
    /// the half to `b`; returns the token after it (`j` if none).
    fn and_a_half(&self, b: &mut Base, mut j: usize) -> usize {
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
        j
    }

    /// A scale word at `j` (`million`, `bn`; `m`, `k`, `tn` only after a
    /// currency): sets `b`'s scale; returns the token after it (`j` if none).
    fn scale_word(&self, b: &mut Base, mut j: usize, currency: Option<&'static str>) -> usize {
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
        j
    }

    /// What the words or signs at `j` make of a number that has no kind
    /// yet; `None` if nothing there gives it one.
    fn kind_after(&self, b: &Base, j: usize, year_candidate: bool) -> Option<After> {
        use Kind::*;
        let w = self.word(j);
        if let Some((k, n)) = self.percent_after(j) {
            return Some(After::Kind(k, n));
        }
        if let Some((c, n)) = self.currency_after(j) {
            let money = Money {
                currency: c.to_string(),
            };
            return Some(After::Kind(money, n));
        }
        if let Some((k, n)) = self.degrees_after(j) {
            return Some(After::Kind(k, n));
        }
        if w == "times" {
            return Some(After::Kind(Multiplier, 1));
        }
        // Only a hyphen at `j` can start a hyphenated form, and a hyphen is
        // no unit word, so the order of the two tests does not matter.
        if let Some(a) = self.hyphenated_after(j, year_candidate) {
            return Some(a);
        }
        if let Some((k, n)) = self.spaced_unit(j) {
            return Some(After::Kind(k, n));
        }
        if let Some(u) = unit_word(w).filter(|_| self.unit_ok(j)) {
            let unit = Quantity {
                unit: u.to_string(),
            };
            return Some(After::Kind(unit, 1));
        }
        if w == "in" && b.decimals == 0 && b.scale == 1.0 && b.value >= 1.0 && b.value <= 100.0 {
            return self.one_in(b, j).map(|(f, next)| After::Figure(f, next));
        }
        None
    }

    /// A unit written in two words at `j`: `arc seconds`, `arc-minutes`,
    /// or a metric prefix set apart from its unit (`22 T Flops`, `2.4 G Hz`):
    /// the quantity and how many tokens say it.
    fn spaced_unit(&self, j: usize) -> Option<(Kind, usize)> {
        let (w, raw) = (self.word(j), self.raw(j));
        let hyphen = self.sym(j + 1) == "-" && self.adj(j + 1) && self.adj(j + 2);
        let k = j + 1 + usize::from(hyphen);
        let next = self.tok(k).filter(|t| t.t == T::Word)?;
        let joined = if w == "arc" {
            format!("arc{}", self.word(k))
        } else if !hyphen && raw.len() == 1 && "kMGTP".contains(raw) && next.sp {
            format!("{w}{}", self.word(k))
        } else {
            return None;
        };
        let u = unit_word(&joined)?;
        let kind = Kind::Quantity {
            unit: u.to_string(),
        };
        Some((kind, k + 1 - j))
    }

    /// `%`, `percent`, `pct`, `per cent`, `percentage point(s)`,
    /// `percentage-point(s)` at `j`: the kind and how many tokens say it.
    fn percent_after(&self, j: usize) -> Option<(Kind, usize)> {
        let (w, w1) = (self.word(j), self.word(j + 1));
        if self.sym(j) == "%" {
            Some((Kind::Percent { points: false }, 1))
        } else if w == "percent" || w == "pct" || (w == "per" && w1 == "cent") {
            Some((
                Kind::Percent { points: false },
                if w == "per" { 2 } else { 1 },
            ))
        } else if w == "percentage" && matches!(w1, "point" | "points") {
            Some((Kind::Percent { points: true }, 2))
        } else if w == "percentage"
            && self.sym(j + 1) == "-"
            && matches!(self.word(j + 2), "point" | "points")
        {
            Some((Kind::Percent { points: true }, 3))
        } else {
            None
        }
    }

    /// `°`, `°C`, `°F`, `degrees`, `degrees Celsius` at `j`: the quantity
    /// and how many tokens say it.
    fn degrees_after(&self, j: usize) -> Option<(Kind, usize)> {
        let u = if self.sym(j) == "°" {
            match self.word(j + 1) {
                "c" if self.adj(j + 1) => "°c",
                "f" if self.adj(j + 1) => "°f",
                _ => "degree",
            }
        } else if matches!(self.word(j), "degree" | "degrees") {
            match self.word(j + 1) {
                "celsius" | "c" | "centigrade" => "°c",
                "fahrenheit" | "f" => "°f",
                _ => "degree",
            }
        } else {
            return None;
        };
        let n = if u == "degree" { 1 } else { 2 };
        Some((
            Kind::Quantity {
                unit: u.to_string(),
            },
            n,
        ))
    }

    /// Hyphenated forms at `j`: `5-percent`, `12.5-percentage-point`,
    /// `3-per-cent`, `10-fold`, `5-year`, `four-layer` (not after a year).
    fn hyphenated_after(&self, j: usize, year_candidate: bool) -> Option<After> {
        use Kind::*;
        if !(self.sym(j) == "-" && self.adj(j) && self.adj(j + 1)) {
            return None;
        }
        let w1 = self.word(j + 1);
        if matches!(w1, "percent" | "per" | "percentage") {
            let (points, n) = match (w1, self.word(j + 3)) {
                ("percentage", "point" | "points") if self.sym(j + 2) == "-" => (true, 4),
                ("per", "cent") if self.sym(j + 2) == "-" => (false, 4),
                ("percent", _) => (false, 2),
                _ => return Some(After::Reject),
            };
            Some(After::Kind(Percent { points }, n))
        } else if w1 == "fold" {
            Some(After::Kind(Multiplier, 2))
        } else if self.tok(j + 1).is_some_and(|t| t.t == T::Word) && !year_candidate {
            let kind = match unit_word(w1) {
                Some(u) => Quantity {
                    unit: u.to_string(),
                },
                None => Count,
            };
            Some(After::Kind(kind, 2))
        } else {
            None
        }
    }

    /// `one in five` with `b` the `one` and `in` at `j`: the fraction and
    /// the token after it.
    fn one_in(&self, b: &Base, j: usize) -> Option<(Figure, usize)> {
        let d = self.num_base(j + 1).or_else(|| self.word_base(j + 1))?;
        if d.suffix.is_empty()
            && d.digits != 4
            && d.scale == 1.0
            && d.value > b.value
            && d.value <= 1000.0
            && d.decimals == 0
        {
            let mut f = self.mk(Kind::Fraction, b.value / d.value, b.start, self.end(d.next));
            f.approx = Approx::About;
            return Some((f, d.next));
        }
        None
    }

    /// `km/h`: a second unit after a quantity's unit at `j`; returns the
    /// token after it (`j` if none).
    fn per_unit(&self, kind: &mut Option<Kind>, mut j: usize) -> usize {
        if let Some(Kind::Quantity { unit }) = kind {
            if self.sym(j) == "/" && self.adj(j) && self.adj(j + 1) {
                if let Some(u2) = unit_word(self.word(j + 1)) {
                    *kind = Some(Kind::Quantity {
                        unit: format!("{unit}/{u2}"),
                    });
                    j += 2;
                }
            }
        }
        j
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
            // `half a dozen`: a loose count of six.
            if matches!(self.word(i + 1), "a" | "an") && self.word(i + 2) == "dozen" {
                let mut f = about(self.mk(Kind::Count, 6.0, t.s, self.k[i + 2].e));
                f.decimals = 0;
                return Some((f, i + 3));
            }
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
}
