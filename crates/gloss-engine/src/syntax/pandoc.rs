//! Pandoc citations, read with the rules of Pandoc's Markdown reader
//! (`Text.Pandoc.Readers.Markdown`: `citeKey`, `normalCite`, `textualCite`,
//! `bareloc`, `prefix`, `suffix`), checked against `pandoc -f markdown`.
//!
//! The scanner works on one block's text. Inline nodes the tree-sitter
//! grammar found where Pandoc reads no citation (code spans, math, comments,
//! autolinks, URLs, e-mail addresses, link destinations) come in as opaque
//! ranges that are skipped whole.

use std::collections::HashMap;
use std::ops::Range;

use super::{locator, Citation, CiteItem, Mode, Syntax};

/// Scan `range` of `text` for Pandoc citations. `opaque` must be sorted.
/// `examples` are the labels of the draft's example list items, with where
/// each is defined: a bare `@label` is a reference to one, as in Pandoc.
pub(crate) fn scan(
    text: &str,
    range: Range<usize>,
    opaque: &[Range<usize>],
    examples: &HashMap<String, usize>,
) -> Vec<Citation> {
    let end = range.end.min(text.len());
    let mut s = Scanner {
        t: text,
        end,
        opaque,
        examples,
        brackets: Vec::new(),
    };
    s.brackets = s.pair_brackets(range.start.min(end));
    let mut out = Vec::new();
    s.run(range.start.min(end), end, &mut out);
    out
}

struct Scanner<'a> {
    t: &'a str,
    end: usize,
    opaque: &'a [Range<usize>],
    examples: &'a HashMap<String, usize>,
    /// Each `[` with its matching `]`, by position: found once, in one pass,
    /// so that nested and unclosed brackets cost no rescans.
    brackets: Vec<(usize, usize)>,
}

/// What a `[` turned out to be, for [`Scanner::run`].
enum Bracket {
    /// Read on from here.
    Next(usize),
    /// A link or span: read its text (`inner`), then go on at `after`.
    Link { inner: (usize, usize), after: usize },
}

struct Item {
    key_range: Range<usize>,
    key: String,
    suppress: bool,
    prefix: String,
    suffix: String,
}

use super::keys::bare_key_len;

impl<'a> Scanner<'a> {
    fn ch(&self, pos: usize) -> Option<char> {
        if pos >= self.end {
            return None;
        }
        self.t[pos..self.end].chars().next()
    }

    fn next_pos(&self, pos: usize) -> usize {
        match self.ch(pos) {
            Some(c) => pos + c.len_utf8(),
            None => self.end,
        }
    }

    fn prev_char(&self, pos: usize) -> Option<char> {
        self.t[..pos].chars().next_back()
    }

    /// End of the opaque range starting at `pos`.
    fn opaque_at(&self, pos: usize) -> Option<usize> {
        let i = self.opaque.partition_point(|r| r.start < pos);
        self.opaque
            .get(i)
            .filter(|r| r.start == pos && r.end > pos)
            .map(|r| r.end.min(self.end))
    }

    /// Whether `pos` is inside an opaque range (for positions reached by
    /// lookahead rather than by the scan).
    fn in_opaque(&self, pos: usize) -> bool {
        let i = self.opaque.partition_point(|r| r.start <= pos);
        i > 0 && self.opaque[i - 1].end > pos
    }

    /// The main inline loop: narrative and bracketed citations, links. A
    /// link's or image's text is read before what follows it; the ranges
    /// still to read are kept on a stack, not in nested calls, so that
    /// brackets nested fifty thousand deep cost no stack.
    fn run(&self, start: usize, stop: usize, out: &mut Vec<Citation>) {
        let mut todo = vec![(start, stop)];
        'ranges: while let Some((mut pos, stop)) = todo.pop() {
            while pos < stop {
                if let Some(e) = self.opaque_at(pos) {
                    pos = e;
                    continue;
                }
                let c = match self.ch(pos) {
                    Some(c) => c,
                    None => break,
                };
                match c {
                    '\\' => {
                        pos = self.next_pos(self.next_pos(pos));
                    }
                    '!' if self.ch(pos + 1) == Some('[') => {
                        // An image: its description is read like any text.
                        match self.link_like(pos + 1) {
                            Some((close, after)) => {
                                todo.push((after, stop));
                                todo.push((pos + 2, close));
                                continue 'ranges;
                            }
                            None => pos += 1,
                        }
                    }
                    '[' => match self.bracket(pos, out) {
                        Bracket::Next(next) => pos = next,
                        Bracket::Link { inner, after } => {
                            todo.push((after, stop));
                            todo.push(inner);
                            continue 'ranges;
                        }
                    },
                    // A textual citation starts at `@`: Pandoc reads `-@a` outside
                    // brackets as a dash and an author-in-text citation.
                    '@' => {
                        if let Some(next) = self.textual(pos, out) {
                            pos = next;
                        } else {
                            pos += 1;
                        }
                    }
                    _ => pos += c.len_utf8(),
                }
            }
        }
    }

    /// `[` at `pos`: a footnote reference, a link, a span, a normal
    /// citation, or a plain bracket whose inside is read as text.
    fn bracket(&self, pos: usize, out: &mut Vec<Citation>) -> Bracket {
        if self.ch(pos + 1) == Some('^') {
            if let Some(close) = self.matching_bracket(pos) {
                return Bracket::Next(close + 1);
            }
            return Bracket::Next(pos + 1);
        }
        if let Some((close, after)) = self.link_like(pos) {
            return Bracket::Link {
                inner: (pos + 1, close),
                after,
            };
        }
        if let Some((items, next)) = self.normal_cite(pos) {
            out.push(make_citation(self.t, pos..next, items, false));
            return Bracket::Next(next);
        }
        Bracket::Next(pos + 1)
    }

    /// `[text](dest)`, `[text][ref]` or `[text]{attrs}` at `pos`: these win
    /// over a citation. Returns the closing bracket and the end.
    fn link_like(&self, pos: usize) -> Option<(usize, usize)> {
        let close = self.matching_bracket(pos)?;
        match self.ch(close + 1) {
            Some('(') => {
                let e = self.link_destination(close + 1)?;
                Some((close, e))
            }
            Some('[') => {
                let c2 = self.matching_bracket(close + 1)?;
                Some((close, c2 + 1))
            }
            Some('{') => {
                let rest = &self.t[close + 1..self.end];
                let e = rest.find('}')?;
                if rest[..e].contains('\n') {
                    return None;
                }
                Some((close, close + 1 + e + 1))
            }
            _ => None,
        }
    }

    /// `(dest "title")` at `pos`; balanced parentheses, no blank line.
    fn link_destination(&self, pos: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut p = pos;
        let mut in_title = false;
        while p < self.end {
            let c = self.ch(p)?;
            match c {
                '\\' => {
                    p = self.next_pos(self.next_pos(p));
                    continue;
                }
                '"' => in_title = !in_title,
                '(' if !in_title => depth += 1,
                ')' if !in_title => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(p + 1);
                    }
                }
                '\n' if self.blank_line_after(p) => return None,
                _ => {}
            }
            p += c.len_utf8();
        }
        None
    }

    /// The `]` matching the `[` at `pos`, skipping opaque ranges and
    /// escapes, within the paragraph.
    fn matching_bracket(&self, pos: usize) -> Option<usize> {
        let i = self.brackets.partition_point(|(open, _)| *open < pos);
        self.brackets
            .get(i)
            .filter(|(open, _)| *open == pos)
            .map(|(_, close)| *close)
    }

    /// Pair every `[` from `start` with its `]` (opaque ranges and escapes
    /// skipped; a blank line closes nothing across it).
    fn pair_brackets(&self, start: usize) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut p = start;
        while p < self.end {
            if let Some(e) = self.opaque_at(p) {
                // An opaque `[^note]` still closes its own bracket.
                if self.t[p..e].starts_with('[') && self.t[..e].ends_with(']') {
                    pairs.push((p, e - 1));
                }
                p = e;
                continue;
            }
            let Some(c) = self.ch(p) else { break };
            match c {
                '\\' => {
                    p = self.next_pos(self.next_pos(p));
                    continue;
                }
                '[' => open.push(p),
                ']' => {
                    if let Some(o) = open.pop() {
                        pairs.push((o, p));
                    }
                }
                '\n' if self.blank_line_after(p) => open.clear(),
                _ => {}
            }
            p += c.len_utf8();
        }
        pairs.sort_unstable();
        pairs
    }

    /// Whether the newline at `p` is followed by a blank line (or the end).
    fn blank_line_after(&self, p: usize) -> bool {
        let rest = &self.t[p + 1..self.end];
        let line = rest.split('\n').next().unwrap_or("");
        line.trim().is_empty()
    }

    /// Pandoc's `spnl`: spaces, at most one newline not followed by a blank
    /// line, spaces.
    fn spnl(&self, mut p: usize) -> usize {
        p = self.skip_spaces(p);
        if self.ch(p) == Some('\r') && self.ch(p + 1) == Some('\n') {
            p += 1;
        }
        if self.ch(p) == Some('\n') && !self.blank_line_after(p) {
            p = self.skip_spaces(p + 1);
        }
        p
    }

    fn skip_spaces(&self, mut p: usize) -> usize {
        while matches!(self.ch(p), Some(' ') | Some('\t')) {
            p += 1;
        }
        p
    }

    /// Pandoc's `notAfterString`: the character before is not part of a
    /// word (alphanumerics and periods).
    fn not_after_string(&self, pos: usize) -> bool {
        match self.prev_char(pos) {
            Some(c) => !(c.is_alphanumeric() || c == '.'),
            None => true,
        }
    }

    /// Pandoc's `citeKey True`: returns (suppress author, key, key range, end).
    fn cite_key(&self, pos: usize) -> Option<(bool, String, Range<usize>, usize)> {
        if self.in_opaque(pos) || !self.not_after_string(pos) {
            return None;
        }
        let mut p = pos;
        let suppress = self.ch(p) == Some('-');
        if suppress {
            p += 1;
        }
        if self.ch(p) != Some('@') {
            return None;
        }
        p += 1;
        let first = self.ch(p)?;
        if first == '{' {
            // charsInBalanced '{' '}' (non-space)
            let mut depth = 0usize;
            let mut q = p;
            while let Some(c) = self.ch(q) {
                if c.is_whitespace() {
                    return None;
                }
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            let key = self.t[p + 1..q].to_string();
                            return Some((suppress, key, pos..q + 1, q + 1));
                        }
                    }
                    _ => {}
                }
                q += c.len_utf8();
            }
            return None;
        }
        let q = p + bare_key_len(&self.t[p..self.end]);
        if q == p {
            return None;
        }
        Some((suppress, self.t[p..q].to_string(), pos..q, q))
    }

    /// Pandoc's `textualCite` at `pos` (`@` or `-@`).
    fn textual(&self, pos: usize, out: &mut Vec<Citation>) -> Option<usize> {
        let (suppress, key, key_range, after) = self.cite_key(pos)?;
        // `@label` of an example list item defined above is a reference to
        // it, whatever follows.
        if self.examples.get(&key).is_some_and(|&at| at < pos) {
            return Some(after);
        }
        let first = Item {
            key_range,
            key,
            suppress,
            prefix: String::new(),
            suffix: String::new(),
        };
        // @a [@b; @c]
        let p = self.spnl(after);
        if self.ch(p) == Some('[') {
            if let Some((rest, next)) = self.normal_cite(p) {
                out.push(make_citation(self.t, pos..after, vec![first], true));
                out.push(make_citation(self.t, p..next, rest, false));
                return Some(next);
            }
            // @a [p. 33]
            if let Some((mut items, next)) = self.bareloc(p, first.key_range.clone()) {
                let mut head = first;
                let suffix_item = items.remove(0);
                head.suffix = suffix_item.suffix;
                out.push(make_citation(self.t, pos..next, vec![head], true));
                if !items.is_empty() {
                    let r = items[0].key_range.start..next;
                    out.push(make_citation(self.t, r, items, false));
                }
                return Some(next);
            }
        }
        // A bare `@label` of an example list item is a reference to it.
        if !self.examples.contains_key(&first.key) {
            out.push(make_citation(self.t, pos..after, vec![first], true));
        }
        Some(after)
    }

    /// Pandoc's `bareloc`: `[` suffix (`;` citeList)? `]` not followed by `[` or `(`.
    /// The first returned item only carries the suffix.
    fn bareloc(&self, pos: usize, key_range: Range<usize>) -> Option<(Vec<Item>, usize)> {
        self.matching_bracket(pos)?;
        if self.ch(pos + 1) == Some('^') {
            return None;
        }
        let (suffix, mut p) = self.suffix(pos + 1)?;
        let mut items = vec![Item {
            key_range,
            key: String::new(),
            suppress: false,
            prefix: String::new(),
            suffix,
        }];
        if self.ch(p) == Some(';') {
            let q = self.spnl(p + 1);
            if let Some((rest, q2)) = self.cite_list(q) {
                items.extend(rest);
                p = q2;
            }
        }
        p = self.spnl(p);
        if self.ch(p) != Some(']') {
            return None;
        }
        p += 1;
        if matches!(self.ch(p), Some('[') | Some('(')) {
            return None;
        }
        Some((items, p))
    }

    /// Pandoc's `normalCite`: `[` spnl citeList spnl `]`.
    fn normal_cite(&self, pos: usize) -> Option<(Vec<Item>, usize)> {
        // A citation ends at the bracket matching its `[`.
        self.matching_bracket(pos)?;
        let p = self.spnl(pos + 1);
        let (items, p) = self.cite_list(p)?;
        let p = self.spnl(p);
        if self.ch(p) != Some(']') {
            return None;
        }
        Some((items, p + 1))
    }

    /// `citeList = sepBy1 citation (try $ char ';' >> spnl)`.
    fn cite_list(&self, pos: usize) -> Option<(Vec<Item>, usize)> {
        let (first, mut p) = self.citation(pos)?;
        let mut items = vec![first];
        while self.ch(p) == Some(';') {
            let q = self.spnl(p + 1);
            let (item, q) = self.citation(q)?;
            items.push(item);
            p = q;
        }
        Some((items, p))
    }

    /// One inline unit at `p` for prefixes and suffixes: an opaque node, an
    /// escape, a balanced bracket, or one character. None at a blank line
    /// or the end.
    fn inline_unit(&self, p: usize) -> Option<usize> {
        if p >= self.end {
            return None;
        }
        if let Some(e) = self.opaque_at(p) {
            return Some(e);
        }
        let c = self.ch(p)?;
        match c {
            '\\' => Some(self.next_pos(self.next_pos(p))),
            '[' => match self.matching_bracket(p) {
                Some(close) => match self.link_like(p) {
                    Some((_, after)) => Some(after),
                    None => Some(close + 1),
                },
                None => Some(p + 1),
            },
            '\n' if self.blank_line_after(p) => None,
            _ => Some(p + c.len_utf8()),
        }
    }

    /// `citation = prefix citeKey suffix`.
    fn citation(&self, pos: usize) -> Option<(Item, usize)> {
        // prefix = manyTill inline (char ']' <|> lookAhead (optional (';' spnl) >> citeKey))
        let mut p = pos;
        let key_pos;
        loop {
            if self.ch(p) == Some(']') {
                key_pos = p + 1;
                break;
            }
            let mut q = p;
            if self.ch(q) == Some(';') {
                q = self.spnl(q + 1);
            }
            if matches!(self.ch(q), Some('@') | Some('-')) && self.cite_key(q).is_some() {
                key_pos = p;
                break;
            }
            p = self.inline_unit(p)?;
        }
        let prefix_end = p;
        let (suppress, key, key_range, after) = self.cite_key(key_pos)?;
        let (suffix, next) = self.suffix(after)?;
        Some((
            Item {
                key_range,
                key,
                suppress,
                prefix: stringify(&self.t[pos..prefix_end]),
                suffix,
            },
            next,
        ))
    }

    /// Pandoc's `suffix`: a leading space is kept as one space; inlines up
    /// to `;` or `]`, trimmed.
    fn suffix(&self, pos: usize) -> Option<(String, usize)> {
        let has_space = matches!(self.ch(pos), Some(c) if c.is_whitespace());
        let start = self.spnl(pos);
        let mut p = start;
        while !matches!(self.ch(p), Some(';') | Some(']') | None) {
            p = self.inline_unit(p)?;
        }
        let body = stringify(&self.t[start..p]);
        let s = if has_space { format!(" {body}") } else { body };
        Some((s, p))
    }
}

fn make_citation(text: &str, range: Range<usize>, items: Vec<Item>, textual: bool) -> Citation {
    let mode = match (textual, items.first().map(|i| i.suppress)) {
        (_, Some(true)) => Mode::SuppressAuthor,
        (true, _) => Mode::AuthorInText,
        _ => Mode::Normal,
    };
    let _ = text;
    Citation {
        range,
        mode,
        syntax: Syntax::Pandoc,
        items: items
            .into_iter()
            .map(|i| CiteItem {
                mode: match (i.suppress, textual) {
                    (true, _) => Mode::SuppressAuthor,
                    (false, true) => Mode::AuthorInText,
                    (false, false) => Mode::Normal,
                },
                range: i.key_range,
                raw: i.key.clone(),
                key: Some(i.key),
                author_year: None,
                prefix: i.prefix,
                locator: locator(&i.suffix),
                suffix: i.suffix,
            })
            .collect(),
    }
}

/// Plain text of Markdown inlines, as Pandoc's `stringify` gives it for
/// simple prefixes and suffixes: emphasis marks, escapes, code backticks and
/// link destinations dropped, whitespace runs as one space, trimmed.
pub(crate) fn stringify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut space = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && !chars[i + 1].is_whitespace() => {
                push(&mut out, &mut space, chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '`' => {}
            '_' => {
                let prev_word = i > 0 && chars[i - 1].is_alphanumeric();
                let next_word = i + 1 < chars.len() && chars[i + 1].is_alphanumeric();
                if prev_word && next_word {
                    push(&mut out, &mut space, c);
                }
            }
            ']' if i + 1 < chars.len() && chars[i + 1] == '(' => {
                // drop a link destination
                let mut depth = 0;
                let mut j = i + 1;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '[' if s.contains("](") => {}
            c if c.is_whitespace() => space = !out.is_empty(),
            _ => push(&mut out, &mut space, c),
        }
        i += 1;
    }
    out
}

fn push(out: &mut String, space: &mut bool, c: char) {
    if *space {
        out.push(' ');
        *space = false;
    }
    out.push(c);
}
