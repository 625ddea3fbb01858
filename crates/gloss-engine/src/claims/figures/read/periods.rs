//! Periods and dates: decades and centuries (`the mid-1990s`, `the
//! twenty-first century`, `the turn of the century`) and month-years
//! (`May 2009`).

use super::super::lexicon::*;
use super::super::tokens::T;
use super::super::{Figure, Kind, Part};
use super::Reader;

impl Reader<'_> {
    /// Decades and centuries, with `the` and parts: `the 1980s`, `the
    /// mid-1990s`, `the '90s`, `late 1980s`, `the twenty-first century`,
    /// `the beginning of the 21st century`, `the turn of the century`.
    pub(super) fn period_at(&self, i: usize) -> Option<(Figure, usize)> {
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
    pub(super) fn date_at(&self, i: usize) -> Option<(Figure, usize)> {
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
