//! What is never a figure: references (`Section 2`, `p. 33`), citation
//! years (`(Zhou, 2008)`, `2008a`), citation and footnote marks (`[12]`,
//! `[^1]`), list markers, and numbers after a capitalised name (`Windows 10`).

use super::super::lexicon::*;
use super::super::tokens::T;
use super::Reader;

impl Reader<'_> {
    /// Tokens at `i` that are never figures: returns the index after them.
    pub(super) fn skip_at(&self, i: usize) -> Option<usize> {
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
                        T::Num => inner.e - inner.s <= 2 && self.enumeration(i + 1),
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
    /// Is the number in `(N)` at token `i` an enumeration mark (or an
    /// equation number) rather than a count in brackets (`a reduced number
    /// of dimensions (7)`)? It is when it is `(1)`, when the text also marks
    /// `(N-1)` or `(N+1)`, or when a reference word comes before it
    /// (`Equation (3)`).
    fn enumeration(&self, i: usize) -> bool {
        let t = &self.k[i];
        let Ok(n) = self.text[t.s..t.e].parse::<u32>() else {
            return true;
        };
        n <= 1
            || [n - 1, n + 1]
                .iter()
                .any(|m| self.text.contains(&format!("({m})")))
            || (i >= 2 && {
                let before = if self.sym(i - 2) == "." { i - 2 } else { i - 1 };
                REFS.contains(&self.prev_word(before))
            })
    }

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
}
