//! Normalisation of converted text for searching, keeping a map back to the
//! source: footnote marks, Markdown/LaTeX/HTML leftovers removed, curly
//! quotes folded, whitespace collapsed, CJK kept.

use std::collections::HashSet;

/// Normalised text with checkpoints back to source byte offsets.
#[derive(Debug, Default, Clone)]
pub struct Norm {
    pub text: String,
    /// (normalised byte offset, source byte offset), sorted; between two
    /// checkpoints both texts run in step.
    pub map: Vec<(u32, u32)>,
    pending_space: Option<usize>,
}

impl Norm {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append `c`, which stands for the source character at byte `src`.
    pub fn push(&mut self, c: char, src: usize) {
        if let Some(s) = self.pending_space.take() {
            if !self.text.is_empty() && !self.text.ends_with(' ') {
                self.push_raw(' ', s);
            }
        }
        self.push_raw(c, src);
    }

    fn push_raw(&mut self, c: char, src: usize) {
        let n = self.text.len();
        let expected = self
            .map
            .last()
            .map(|&(tn, ts)| ts as usize + (n - tn as usize));
        if expected != Some(src) {
            self.map.push((sat(n), sat(src)));
        }
        self.text.push(c);
    }

    /// Note whitespace at `src`: one space is emitted before the next character.
    pub fn space(&mut self, src: usize) {
        if self.pending_space.is_none() {
            self.pending_space = Some(src);
        }
    }

    /// Forget a pending space (used when joining a word split by hyphenation).
    pub fn no_space(&mut self) {
        self.pending_space = None;
    }

    /// Drop the last character (a line-end hyphen being undone).
    pub fn pop(&mut self) {
        self.text.pop();
        let len = self.text.len() as u32;
        while self.map.last().is_some_and(|&(n, _)| n >= len) {
            self.map.pop();
        }
    }

    /// Source offset of normalised byte `offset`.
    pub fn source_offset(&self, offset: usize) -> usize {
        source_offset(&self.map, offset)
    }
}

fn sat(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// Source offset of normalised byte `offset` given sorted checkpoints.
pub fn source_offset(map: &[(u32, u32)], offset: usize) -> usize {
    let i = map.partition_point(|&(n, _)| n as usize <= offset);
    if i == 0 {
        return map.first().map(|&(_, s)| s as usize).unwrap_or(0);
    }
    let (n, s) = map[i - 1];
    s as usize + (offset - n as usize)
}

const SUPERSCRIPT_DIGITS: &str = "⁰¹²³⁴⁵⁶⁷⁸⁹";

pub fn is_superscript_digit(c: char) -> bool {
    // Asked of every character of every text: ASCII answered at once.
    !c.is_ascii() && SUPERSCRIPT_DIGITS.contains(c)
}

/// Words after which a glued number is a reference, not a footnote mark (`pp.37`).
const NUMBER_WORDS: &[&str] = &[
    "p", "pp", "no", "nos", "vol", "vols", "fig", "figs", "ch", "chap", "sec", "eq", "art", "n",
    "para", "table", "tab", "section", "figure", "chapter", "note", "ed", "edn", "op", "cit",
];

/// Units after which superscript digits are exponents (`km²`).
const UNITS: &[&str] = &[
    "m", "cm", "mm", "km", "dm", "µm", "nm", "ft", "in", "mi", "s", "10",
];

/// LaTeX commands replaced by a symbol.
fn latex_symbol(name: &str) -> Option<char> {
    Some(match name {
        "rightarrow" | "to" | "longrightarrow" => '→',
        "leftarrow" | "longleftarrow" => '←',
        "leftrightarrow" => '↔',
        "Rightarrow" => '⇒',
        "times" => '×',
        "cdot" => '·',
        "ldots" | "dots" | "cdots" => '…',
        "pm" => '±',
        "le" | "leq" => '≤',
        "ge" | "geq" => '≥',
        "approx" => '≈',
        "infty" => '∞',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "mu" => 'μ',
        "sigma" => 'σ',
        "S" => '§',
        "textendash" => '–',
        "textemdash" => '—',
        _ => return None,
    })
}

/// LaTeX commands whose braced argument is kept and the command dropped.
fn latex_wrapper(name: &str) -> bool {
    matches!(
        name,
        "textit"
            | "textbf"
            | "emph"
            | "textrm"
            | "textsc"
            | "texttt"
            | "underline"
            | "mathrm"
            | "mathit"
            | "mathbf"
            | "text"
            | "textsuperscript"
            | "textsubscript"
    )
}

const HTML_TAGS: &[&str] = &[
    "u", "ul", "ol", "li", "br", "p", "i", "b", "em", "strong", "sub", "span", "div", "a", "table",
    "tr", "td", "th", "hr", "font", "small", "code", "tbody", "thead",
];

/// Lowercased `word-word` compounds written with a hyphen inside a line
/// somewhere in `raw`: a line-end hyphen joining the same two parts is kept.
pub fn hyphen_compounds(raw: &str) -> HashSet<String> {
    let mut set = HashSet::new();
    for line in raw.lines() {
        let b = line.as_bytes();
        for (i, _) in line.match_indices('-') {
            if i == 0 || i + 1 >= b.len() {
                continue;
            }
            let left = word_before(&line[..i]);
            let right: String = line[i + 1..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if !left.is_empty() && !right.is_empty() {
                set.insert(format!("{}-{}", left.to_lowercase(), right.to_lowercase()));
            }
        }
    }
    set
}

/// Normalise the source text `raw[start..end]` (one line or part of one)
/// into `out`. `line_start` says whether this is the start of a source line
/// (Markdown heading marks are only stripped there).
pub fn push_piece(out: &mut Norm, raw: &str, start: usize, end: usize) {
    let s = &raw[start..end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut strip_braces: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // Markdown heading marks at the start of the piece
    let first = chars
        .iter()
        .position(|&(_, c)| !c.is_whitespace())
        .unwrap_or(n);
    if at(first) == Some('#') {
        let mut j = first;
        while at(j) == Some('#') {
            j += 1;
        }
        if at(j).is_some_and(char::is_whitespace) {
            i = j;
        }
    }
    while i < n {
        let (b, c) = chars[i];
        let src = start + b;
        let prev = if i > 0 { at(i - 1) } else { None };
        let next = at(i + 1);
        match c {
            '\\' => {
                if let Some(d) = next.filter(|d| "$%&_#{}".contains(*d)) {
                    out.push(d, start + chars[i + 1].0);
                    i += 2;
                    continue;
                }
                let mut j = i + 1;
                while at(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                    j += 1;
                }
                if j > i + 1 {
                    let name: String = chars[i + 1..j].iter().map(|&(_, c)| c).collect();
                    if latex_wrapper(&name) && at(j) == Some('{') {
                        depth += 1;
                        strip_braces.push(depth);
                        i = j + 1;
                        continue;
                    }
                    if let Some(sym) = latex_symbol(&name) {
                        out.push(sym, src);
                        i = j;
                        continue;
                    }
                }
                out.push(c, src);
            }
            '{' => {
                depth += 1;
                out.push(c, src);
            }
            '}' => {
                if strip_braces.last() == Some(&depth) {
                    strip_braces.pop();
                } else {
                    out.push(c, src);
                }
                depth = depth.saturating_sub(1);
            }
            '$' if next == Some('^') => {
                // `$^{2}$`, `$^{^2}$`, `$^1$`: a superscript mark
                let close = (i + 2..n.min(i + 24)).find(|&j| chars[j].1 == '$');
                match close {
                    Some(j) => i = j + 1,
                    None => {
                        out.push(c, src);
                        i += 1;
                    }
                }
                continue;
            }
            '^' => {
                if next == Some('{') {
                    if let Some(j) = (i + 2..n.min(i + 18)).find(|&j| chars[j].1 == '}') {
                        let inner: String = chars[i + 2..j].iter().map(|&(_, c)| c).collect();
                        if inner
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "*†‡,^ ".contains(c))
                        {
                            i = j + 1;
                            continue;
                        }
                    }
                } else if next.is_some_and(|d| d.is_ascii_digit() || d == '*') {
                    let mut j = i + 1;
                    while j < n && j < i + 4 && (chars[j].1.is_ascii_digit() || chars[j].1 == '*') {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                out.push(c, src);
            }
            '*' | '†' | '‡' => {}
            '_' => {
                let prev_ws = prev.is_none_or(|p| p.is_whitespace() || "([\"'“‘".contains(p));
                let next_ws = next.is_none_or(|d| d.is_whitespace() || ".,;:!?)]\"'”’".contains(d));
                let opening = prev_ws && next.is_some_and(|d| !d.is_whitespace());
                let closing = next_ws && prev.is_some_and(|p| !p.is_whitespace());
                if !(opening || closing) {
                    out.push(c, src);
                }
            }
            '<' => {
                if let Some(j) = html_tag_end(&chars, i) {
                    i = j;
                    continue;
                }
                out.push(c, src);
            }
            '“' | '”' | '„' | '‟' | '″' => out.push('"', src),
            '‘' | '’' | '‚' | '‛' | '′' => out.push('\'', src),
            c if is_superscript_digit(c) => {
                let mut j = i;
                while at(j).is_some_and(is_superscript_digit) {
                    j += 1;
                }
                if exponent_context(&chars, i) {
                    for &(bb, cc) in &chars[i..j] {
                        out.push(cc, start + bb);
                    }
                }
                i = j;
                continue;
            }
            c if c.is_ascii_digit() => {
                let mut j = i;
                while at(j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                if !glued_mark(&chars, i, j) {
                    for &(bb, cc) in &chars[i..j] {
                        out.push(cc, start + bb);
                    }
                }
                i = j;
                continue;
            }
            c if c.is_whitespace() || c.is_control() || c == '\u{FEFF}' || c == '\u{00AD}' => {
                if c != '\u{00AD}' {
                    out.space(src);
                }
            }
            _ => out.push(c, src),
        }
        i += 1;
    }
}

/// End index (exclusive) of an HTML tag starting at `i` (`<u>`, `</u>`,
/// `<ul style="…">`, `<sup>2</sup>` with its content).
fn html_tag_end(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let n = chars.len();
    let mut j = i + 1;
    if j < n && chars[j].1 == '/' {
        j += 1;
    }
    let name_start = j;
    while j < n && chars[j].1.is_ascii_alphabetic() {
        j += 1;
    }
    let name: String = chars[name_start..j]
        .iter()
        .map(|&(_, c)| c.to_ascii_lowercase())
        .collect();
    let is_sup = name == "sup";
    if !(HTML_TAGS.contains(&name.as_str()) || is_sup) {
        return None;
    }
    let end = (j..n.min(j + 300)).find(|&k| chars[k].1 == '>' || chars[k].1 == '<')?;
    if chars[end].1 != '>' {
        return None;
    }
    if is_sup && chars[i + 1].1 != '/' {
        // drop a short footnote mark inside <sup>…</sup>
        let close = (end + 1..n.min(end + 12)).find(|&k| chars[k].1 == '<')?;
        let inner: String = chars[end + 1..close].iter().map(|&(_, c)| c).collect();
        if inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "*,†‡ ".contains(c))
        {
            let fin = (close..n.min(close + 8)).find(|&k| chars[k].1 == '>')?;
            return Some(fin + 1);
        }
    }
    Some(end + 1)
}

/// Superscript digits at `i` are an exponent (`km²`, `10⁶`), not a footnote mark.
fn exponent_context(chars: &[(usize, char)], i: usize) -> bool {
    let word: String = chars[..i]
        .iter()
        .rev()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric() && !is_superscript_digit(*c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    UNITS.contains(&word.as_str())
}

/// ASCII digits `chars[i..j]` glued to a word or a full stop are a
/// footnote mark (`dynamics.1 During`, `industry12,`), not a number.
fn glued_mark(chars: &[(usize, char)], i: usize, j: usize) -> bool {
    let n = chars.len();
    if j - i > 3 || i == 0 {
        return false;
    }
    let after = chars.get(j).map(|&(_, c)| c);
    let after2 = chars.get(j + 1).map(|&(_, c)| c);
    let prev = chars[i - 1].1;
    let word_before = |end: usize| -> String {
        chars[..end]
            .iter()
            .rev()
            .map(|&(_, c)| c)
            .take_while(|c| c.is_alphanumeric())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    match prev {
        '.' | ')' | '"' | '”' | '’' | ',' | ';' | ':' => {
            if i < 2 {
                return false;
            }
            let pp = chars[i - 2].1;
            if pp.is_ascii_digit() || pp.is_whitespace() {
                return false;
            }
            if prev == '.' {
                let w = word_before(i - 1).to_lowercase();
                if NUMBER_WORDS.contains(&w.as_str()) || w.chars().count() == 1 {
                    return false;
                }
            }
            match after {
                None => prev != ',' && j - i <= 2,
                Some(a) if a.is_whitespace() => {
                    let mut rest = chars[j..]
                        .iter()
                        .map(|&(_, c)| c)
                        .skip_while(|c| c.is_whitespace())
                        .peekable();
                    let nxt = rest.peek().copied();
                    match prev {
                        ',' | ';' | ':' => nxt.is_some_and(|c| c.is_alphabetic()),
                        // the mark ends a sentence: the next one opens as the
                        // splitter would open it (`dynamics.1 xclim computes`)
                        _ => {
                            nxt.is_none_or(crate::sentence::plausible_start)
                                || crate::sentence::lowercase_opens(
                                    &rest.take(40).collect::<String>(),
                                )
                        }
                    }
                }
                _ => false,
            }
        }
        p if p.is_ascii_lowercase() => {
            if j - i > 2 {
                return false;
            }
            let w = word_before(i);
            if w.chars().count() < 3 || !w.chars().all(|c| c.is_lowercase()) {
                return false;
            }
            let start = i - w.chars().count();
            if start > 0
                && !chars[start - 1].1.is_whitespace()
                && !"(\"'“‘".contains(chars[start - 1].1)
            {
                return false;
            }
            match after {
                None => true,
                Some(a) if a.is_whitespace() => true,
                Some(',' | ';' | ':' | ')') => true,
                Some('.') => !after2.is_some_and(|c| c.is_ascii_digit()),
                _ => false,
            }
        }
        _ => {
            let _ = n;
            false
        }
    }
}

/// Normalise a standalone snippet (no map kept).
pub fn normalize_str(s: &str) -> String {
    let mut n = Norm::new();
    push_piece(&mut n, s, 0, s.len());
    n.text
}

/// The run of letters that ends `s` (the left half of a hyphenated word).
pub fn word_before(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_marks_keeps_numbers() {
        assert_eq!(
            normalize_str("the dynamics.1 During 2004"),
            "the dynamics. During 2004"
        );
        // a lowercase name opens the next sentence as the splitter reads it;
        // a function word carries the sentence on, so the digits stay
        assert_eq!(
            normalize_str("the dynamics.1 xclim computes"),
            "the dynamics. xclim computes"
        );
        assert_eq!(
            normalize_str("the dynamics.1 and more"),
            "the dynamics.1 and more"
        );
        assert_eq!(
            normalize_str("industry¹ grew by 2.5% in Section 2."),
            "industry grew by 2.5% in Section 2."
        );
        assert_eq!(
            normalize_str("GARY HERRIGEL^{1*}, VOLKER WITTKE²"),
            "GARY HERRIGEL, VOLKER WITTKE"
        );
        assert_eq!(
            normalize_str("firms $^{2}$ and $^{^3}$ here"),
            "firms and here"
        );
        assert_eq!(
            normalize_str("see pp.37 and p.12 and No.293"),
            "see pp.37 and p.12 and No.293"
        );
        assert_eq!(
            normalize_str("area of 5 km² and 10⁶ units"),
            "area of 5 km² and 10⁶ units"
        );
        assert_eq!(
            normalize_str("(Ernst, 2006a).⁷ Much"),
            "(Ernst, 2006a). Much"
        );
        assert_eq!(
            normalize_str("in 1997. Then 2.5 Million"),
            "in 1997. Then 2.5 Million"
        );
        assert_eq!(normalize_str("shares grew12, and"), "shares grew, and");
        assert_eq!(
            normalize_str("Figure 1. Growth in 2005"),
            "Figure 1. Growth in 2005"
        );
        assert_eq!(
            normalize_str("H1N1 and mp3 and COVID19"),
            "H1N1 and mp3 and COVID19"
        );
    }

    #[test]
    fn strips_markup() {
        assert_eq!(
            normalize_str("**Bold** and *italic* and _em_ here"),
            "Bold and italic and em here"
        );
        assert_eq!(normalize_str("## A heading"), "A heading");
        assert_eq!(
            normalize_str("US\\$150 and 5\\% and R\\&D"),
            "US$150 and 5% and R&D"
        );
        assert_eq!(normalize_str("a \\textit{book} b"), "a book b");
        assert_eq!(normalize_str("x \\rightarrow y"), "x → y");
        assert_eq!(
            normalize_str("<u>http://a.b</u> and <<http://c.d>>"),
            "http://a.b and <<http://c.d>>"
        );
        assert_eq!(
            normalize_str("data_collector and p_direction()"),
            "data_collector and p_direction()"
        );
        assert_eq!(
            normalize_str("“quoted” and ‘single’ and China’s"),
            "\"quoted\" and 'single' and China's"
        );
        assert_eq!(normalize_str(" a \t b\u{0}c  "), "a b c");
        assert_eq!(normalize_str("x<sup>3</sup> y"), "x y");
        assert_eq!(
            normalize_str("联想（Lenovo）很大。"),
            "联想（Lenovo）很大。"
        );
    }

    #[test]
    fn map_points_at_source() {
        let raw = "A “b” **c** d¹ e";
        let mut n = Norm::new();
        push_piece(&mut n, raw, 0, raw.len());
        assert_eq!(n.text, "A \"b\" c d e");
        for (off, ch) in n.text.char_indices() {
            let src = n.source_offset(off);
            let sc = raw[src..].chars().next().unwrap();
            let folded = match sc {
                '“' | '”' => '"',
                c => c,
            };
            assert_eq!(folded, ch, "at {off}");
        }
    }

    #[test]
    fn compounds() {
        let set = hyphen_compounds("a high-tech firm\nand state-owned");
        assert!(set.contains("high-tech"));
        assert!(set.contains("state-owned"));
    }
}
