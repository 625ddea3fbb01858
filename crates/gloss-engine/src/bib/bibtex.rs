//! BibTeX/BibLaTeX reader.
//!
//! Text outside entries is a comment (as in BibTeX); `%` starts a line
//! comment outside values. An `@` only starts an entry when a type and `{`/`(`
//! follow, so e-mail addresses in comments are harmless. A malformed entry is
//! skipped with a warning at the line of the problem, and reading resumes at
//! the next line that starts with `@`.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::Path;

use super::fields::{file_paths, leading_year, split_keywords};
use super::latex::{collapse_ws, to_unicode};
use super::names::parse_names;
use super::Entry;
use crate::warn::Warning;

/// Fields whose value is kept verbatim (no TeX cleaning beyond `\_`-style escapes).
const VERBATIM: &[&str] = &[
    "url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc",
];

/// Fields that say where a work appeared, in order of preference.
const CONTAINER: &[&str] = &[
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "institution",
    "school",
    "organization",
];

pub fn parse(path: &Path, text: &str) -> (Vec<Entry>, Vec<Warning>) {
    let mut p = Parser::new(path, text);
    p.run();
    (p.entries, p.warnings)
}

/// Why an `@` did not yield an entry.
enum Stop {
    /// Not an entry at all (an `@` in free text): ignore it.
    NotEntry,
    /// A malformed entry: warn at `pos`, skip to the next `@` line.
    Fail { pos: usize, msg: String },
}

fn fail<T>(pos: usize, msg: impl Into<String>) -> Result<T, Stop> {
    Err(Stop::Fail {
        pos,
        msg: msg.into(),
    })
}

fn is_ident(b: u8) -> bool {
    b >= 0x80
        || (b > b' '
            && b != 0x7f
            && !matches!(
                b,
                b'"' | b'#' | b'%' | b'\'' | b'(' | b')' | b',' | b'=' | b'{' | b'}' | b'@'
            ))
}

/// A field as read, before cleaning.
struct RawField {
    name: String,
    value: String,
}

struct Parser<'a> {
    path: &'a Path,
    src: &'a str,
    b: &'a [u8],
    line_starts: Vec<usize>,
    macros: HashMap<String, String>,
    entries: Vec<Entry>,
    warnings: Vec<Warning>,
    /// Key -> line of its first definition.
    seen: HashMap<String, u32>,
    /// Start of a value in the current entry that spans a line looking like
    /// entry structure (`field =`, a lone `}`): the likely culprit when the
    /// entry then fails to close.
    suspect: Cell<Option<usize>>,
    /// Bytes that `@string` macros may still add to values: a budget
    /// proportional to the file ([`EXPANSION_FACTOR`] times its size plus
    /// [`EXPANSION_BASE`]), so that macros doubling one another cannot ask
    /// for gigabytes. Past it, macro names are kept as text, with a warning.
    expansion_left: usize,
    /// Whether the budget's warning has been given.
    expansion_warned: bool,
    /// Each `{` and `(` with the position after its partner, found in one
    /// pass the first time a group is skipped (unclosed `@comment{`s, one
    /// after another, used to rescan the rest of the file each).
    groups: std::cell::OnceCell<HashMap<usize, usize>>,
}

/// Macro expansion may add this many times the file's size...
const EXPANSION_FACTOR: usize = 16;
/// ...plus this many bytes.
const EXPANSION_BASE: usize = 1 << 20;

impl<'a> Parser<'a> {
    fn new(path: &'a Path, src: &'a str) -> Self {
        let b = src.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            b.iter()
                .enumerate()
                .filter(|(_, &c)| c == b'\n')
                .map(|(i, _)| i + 1),
        );
        // the month macros, `jan` → `January`
        let macros = crate::calendar::MONTHS
            .iter()
            .map(|m| (m.abbreviations[0].to_string(), m.name.to_string()))
            .collect();
        Parser {
            path,
            src,
            b,
            line_starts,
            macros,
            entries: Vec::new(),
            warnings: Vec::new(),
            seen: HashMap::new(),
            suspect: Cell::new(None),
            expansion_left: src.len().saturating_mul(EXPANSION_FACTOR) + EXPANSION_BASE,
            expansion_warned: false,
            groups: std::cell::OnceCell::new(),
        }
    }

    fn line(&self, pos: usize) -> u32 {
        let idx = self.line_starts.partition_point(|&s| s <= pos);
        idx.max(1) as u32
    }

    fn warn(&mut self, pos: usize, msg: impl Into<String>) {
        let line = self.line(pos);
        self.warnings
            .push(Warning::new(self.path, Some(line), msg.into()));
    }

    fn len(&self) -> usize {
        self.b.len()
    }

    fn peek(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn skip_to_eol(&self, mut i: usize) -> usize {
        while i < self.len() && self.b[i] != b'\n' {
            i += 1;
        }
        i
    }

    /// Skip whitespace and, with `comments`, `%` line comments.
    fn skip_ws(&self, i: &mut usize, comments: bool) {
        while *i < self.len() {
            match self.b[*i] {
                c if c.is_ascii_whitespace() => *i += 1,
                b'%' if comments => *i = self.skip_to_eol(*i),
                _ => break,
            }
        }
    }

    /// Is the `@` at `i` the first non-blank character of its line?
    fn at_line_start(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            match self.b[j - 1] {
                b'\n' => return true,
                b' ' | b'\t' | b'\r' | 0x0c => j -= 1,
                _ => return false,
            }
        }
        true
    }

    /// Does a new entry (`@type{` or `@type(`) start at `i`?
    fn entry_start(&self, i: usize) -> bool {
        if self.peek(i) != Some(b'@') {
            return false;
        }
        let mut j = i + 1;
        let start = j;
        while j < self.len() && is_ident(self.b[j]) {
            j += 1;
        }
        if j == start {
            return false;
        }
        while j < self.len() && self.b[j].is_ascii_whitespace() {
            j += 1;
        }
        matches!(self.peek(j), Some(b'{') | Some(b'('))
    }

    /// After a newline at `nl`: does the next line open a new entry?
    fn line_opens_entry(&self, nl: usize) -> bool {
        let mut j = nl + 1;
        while j < self.len() && matches!(self.b[j], b' ' | b'\t' | b'\r') {
            j += 1;
        }
        self.entry_start(j)
    }

    /// After a newline at `nl` inside a value: does the next line look like entry
    /// structure (`name =` or a lone closing `}`/`)`) rather than value text?
    fn line_looks_structural(&self, nl: usize) -> bool {
        let end = self.skip_to_eol(nl + 1);
        let line = self.src[nl + 1..end].trim();
        if matches!(line, "}" | ")" | "}," | "),") {
            return true;
        }
        let Some((name, _)) = line.split_once('=') else {
            return false;
        };
        let name = name.trim_end();
        !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
    }

    /// Start of the first line after the one holding `pos` that begins with `@`.
    fn next_at_line(&self, pos: usize) -> usize {
        let mut i = self.skip_to_eol(pos);
        while i < self.len() {
            // i is at a '\n'
            let mut j = i + 1;
            while j < self.len() && matches!(self.b[j], b' ' | b'\t' | b'\r' | 0x0c) {
                j += 1;
            }
            if self.peek(j) == Some(b'@') {
                return j;
            }
            i = self.skip_to_eol(j);
        }
        self.len()
    }

    fn run(&mut self) {
        let mut pos = 0;
        while pos < self.len() {
            match self.b[pos] {
                b'%' => pos = self.skip_to_eol(pos),
                b'@' => {
                    let at = pos;
                    match self.entry(at) {
                        Ok(end) => pos = end,
                        Err(Stop::NotEntry) => pos = at + 1,
                        Err(Stop::Fail { pos: p, msg }) => {
                            self.warn(p, msg);
                            pos = self.next_at_line(at);
                        }
                    }
                }
                _ => pos += 1,
            }
        }
    }

    fn ident(&self, i: &mut usize) -> &'a str {
        let start = *i;
        while *i < self.len() && is_ident(self.b[*i]) {
            *i += 1;
        }
        &self.src[start..*i]
    }

    /// Parse the thing starting with the `@` at `at`; returns the position after it.
    fn entry(&mut self, at: usize) -> Result<usize, Stop> {
        let mut i = at + 1;
        self.skip_ws(&mut i, false);
        let kind = self.ident(&mut i).to_ascii_lowercase();
        let line_start = self.at_line_start(at);
        if kind.is_empty() {
            return if line_start {
                fail(
                    at,
                    "expected an entry type after `@`; skipped to the next entry",
                )
            } else {
                Err(Stop::NotEntry)
            };
        }
        let after_kind = i;
        self.skip_ws(&mut i, false);
        let close = match self.peek(i) {
            Some(b'{') => b'}',
            Some(b'(') => b')',
            _ if kind == "comment" => return Ok(after_kind),
            _ if line_start => {
                return fail(
                    i.min(self.len().saturating_sub(1)),
                    format!("expected `{{` or `(` after `@{kind}`; entry skipped"),
                )
            }
            _ => return Err(Stop::NotEntry),
        };
        let open = i;
        i += 1;
        match kind.as_str() {
            "comment" => Ok(self.skip_group(open, close).unwrap_or(after_kind)),
            "preamble" => {
                self.value(&mut i, close)?;
                self.close(&mut i, close, at, "@preamble")?;
                Ok(i)
            }
            "string" => {
                self.skip_ws(&mut i, true);
                let name_pos = i;
                let name = self.ident(&mut i).to_ascii_lowercase();
                if name.is_empty() {
                    return fail(name_pos, "expected a macro name in @string; skipped");
                }
                self.skip_ws(&mut i, true);
                if self.peek(i) != Some(b'=') {
                    return fail(
                        name_pos,
                        format!("missing `=` after @string macro `{name}`"),
                    );
                }
                i += 1;
                let value = self.value(&mut i, close)?;
                self.skip_ws(&mut i, true);
                if self.peek(i) == Some(b',') {
                    i += 1;
                }
                self.close(&mut i, close, at, &format!("@string `{name}`"))?;
                self.macros.insert(name, value);
                Ok(i)
            }
            _ => self.regular(at, kind, i, close),
        }
    }

    /// Expect the closing delimiter at `*i` (after blanks).
    fn close(&self, i: &mut usize, close: u8, at: usize, what: &str) -> Result<(), Stop> {
        self.skip_ws(i, true);
        if self.peek(*i) == Some(close) {
            *i += 1;
            Ok(())
        } else if *i >= self.len() {
            fail(
                at,
                format!("{what} is not closed before the end of the file"),
            )
        } else {
            fail(*i, format!("expected `{}` to close {what}", close as char))
        }
    }

    /// Skip a balanced group opened at `open`; `None` when it never closes.
    fn skip_group(&self, open: usize, _close: u8) -> Option<usize> {
        let groups = self.groups.get_or_init(|| {
            let (mut braces, mut parens) = (Vec::new(), Vec::new());
            let mut groups = HashMap::new();
            for (j, &c) in self.b.iter().enumerate() {
                match c {
                    b'{' => braces.push(j),
                    b'(' => parens.push(j),
                    b'}' => {
                        if let Some(o) = braces.pop() {
                            groups.insert(o, j + 1);
                        }
                    }
                    b')' => {
                        if let Some(o) = parens.pop() {
                            groups.insert(o, j + 1);
                        }
                    }
                    _ => {}
                }
            }
            groups
        });
        groups.get(&open).copied()
    }

    fn regular(&mut self, at: usize, kind: String, mut i: usize, close: u8) -> Result<usize, Stop> {
        self.suspect.set(None);
        self.skip_ws(&mut i, true);
        let key_pos = i;
        while i < self.len() {
            let c = self.b[i];
            if c.is_ascii_whitespace()
                || matches!(c, b',' | b'=' | b'{' | b'}')
                || (close == b')' && c == b')')
            {
                break;
            }
            i += 1;
        }
        let key = self.src[key_pos..i].to_string();
        self.skip_ws(&mut i, true);
        if key.is_empty() || self.peek(i) == Some(b'=') {
            return fail(
                key_pos,
                format!("@{kind} entry has no citation key; entry skipped"),
            );
        }
        let mut fields: Vec<RawField> = Vec::new();
        match self.peek(i) {
            None => {
                return fail(
                    at,
                    format!(
                        "entry `{key}` is not closed before the end of the file; entry skipped"
                    ),
                )
            }
            Some(c) if c == close => i += 1,
            Some(b',') => {
                i += 1;
                i = self.fields(at, &key, i, close, &mut fields)?;
            }
            Some(_) => {
                return fail(
                    key_pos,
                    format!("missing `,` after the key `{key}`; entry skipped"),
                )
            }
        }
        self.finish(at, kind, key, fields);
        Ok(i)
    }

    fn unclosed(&self, at: usize, key: &str, i: usize) -> Result<usize, Stop> {
        if let Some(open) = self.suspect.get() {
            return fail(
                open,
                format!(
                    "unbalanced braces: the value opened here runs on into the rest of `{key}`; entry skipped"
                ),
            );
        }
        if i >= self.len() {
            fail(
                at,
                format!("entry `{key}` is not closed before the end of the file; entry skipped"),
            )
        } else {
            fail(
                at,
                format!(
                    "entry `{key}` is not closed before the next entry (line {}); entry skipped",
                    self.line(i)
                ),
            )
        }
    }

    /// Read `name = value` pairs up to the closing delimiter; returns the position after it.
    fn fields(
        &mut self,
        at: usize,
        key: &str,
        mut i: usize,
        close: u8,
        out: &mut Vec<RawField>,
    ) -> Result<usize, Stop> {
        // The names seen so far: a set, not a scan of `out` per field.
        let mut names: std::collections::HashSet<String> =
            out.iter().map(|f| f.name.clone()).collect();
        loop {
            self.skip_ws(&mut i, true);
            match self.peek(i) {
                None => return self.unclosed(at, key, i),
                Some(c) if c == close => return Ok(i + 1),
                Some(b'@') if self.at_line_start(i) && self.entry_start(i) => {
                    return self.unclosed(at, key, i)
                }
                _ => {}
            }
            let name_pos = i;
            let name = self.ident(&mut i).to_ascii_lowercase();
            if name.is_empty() {
                let found = self.src[i..].chars().next().unwrap_or(' ');
                return fail(
                    i,
                    format!("expected a field name in `{key}`, found `{found}`; entry skipped"),
                );
            }
            self.skip_ws(&mut i, true);
            if self.peek(i) != Some(b'=') {
                return fail(
                    name_pos,
                    format!("missing `=` after field `{name}` in `{key}`; entry skipped"),
                );
            }
            i += 1;
            let value = self.value(&mut i, close)?;
            let value_end = i;
            if !names.insert(name.clone()) {
                self.warn(
                    name_pos,
                    format!("field `{name}` repeated in `{key}`; keeping the first"),
                );
            } else {
                out.push(RawField { name, value });
            }
            self.skip_ws(&mut i, true);
            match self.peek(i) {
                Some(b',') => i += 1,
                Some(c) if c == close => return Ok(i + 1),
                None => return self.unclosed(at, key, i),
                Some(b'@') if self.at_line_start(i) && self.entry_start(i) => {
                    return self.unclosed(at, key, i)
                }
                Some(_) => {
                    let name = &out.last().map(|f| f.name.clone()).unwrap_or_default();
                    return fail(
                        value_end.saturating_sub(1),
                        format!("missing `,` after field `{name}` in `{key}`; entry skipped"),
                    );
                }
            }
        }
    }

    /// A value: parts joined by `#`. Returns the raw text (delimiters removed, macros expanded).
    fn value(&mut self, i: &mut usize, close: u8) -> Result<String, Stop> {
        let mut out = String::new();
        loop {
            self.skip_ws(i, true);
            let start = *i;
            match self.peek(start) {
                Some(b'{') => {
                    let end = self.delimited(start, b'}')?;
                    out.push_str(&self.src[start + 1..end]);
                    *i = end + 1;
                }
                Some(b'"') => {
                    let end = self.delimited(start, b'"')?;
                    out.push_str(&self.src[start + 1..end]);
                    *i = end + 1;
                }
                Some(c) if is_ident(c) => {
                    let word = self.ident(i);
                    if word.bytes().all(|c| c.is_ascii_digit()) {
                        out.push_str(word);
                    } else {
                        match self.macros.get(&word.to_ascii_lowercase()) {
                            Some(v) if v.len() > self.expansion_left => {
                                if !self.expansion_warned {
                                    self.expansion_warned = true;
                                    let limit = self.len() * EXPANSION_FACTOR + EXPANSION_BASE;
                                    self.warn(
                                        start,
                                        format!(
                                            "@string macros expand to more than {} MB here ({EXPANSION_FACTOR} times the file's size plus 1 MB); `{word}` and later macros past the limit are kept as their names",
                                            limit >> 20
                                        ),
                                    );
                                }
                                out.push_str(word);
                            }
                            Some(v) => {
                                self.expansion_left -= v.len();
                                out.push_str(v);
                            }
                            None => {
                                self.warn(
                                    start,
                                    format!("undefined @string macro `{word}`; kept as text"),
                                );
                                out.push_str(word);
                            }
                        }
                    }
                }
                Some(c) if c == close || c == b',' => {
                    return fail(start, "missing value after `=`; entry skipped")
                }
                None => return fail(start, "missing value at the end of the file"),
                Some(_) => {
                    let found = self.src[start..].chars().next().unwrap_or(' ');
                    return fail(
                        start,
                        format!("unexpected `{found}` in a value; entry skipped"),
                    );
                }
            }
            let mut j = *i;
            self.skip_ws(&mut j, true);
            if self.peek(j) == Some(b'#') {
                *i = j + 1;
            } else {
                return Ok(out);
            }
        }
    }

    /// Index of the delimiter closing the value opened at `open` (`{` or `"`).
    /// Braces nest; a line that starts a new entry means the value was never closed.
    fn delimited(&self, open: usize, closer: u8) -> Result<usize, Stop> {
        let mut depth = 0usize;
        let mut j = open + 1;
        while j < self.len() {
            match self.b[j] {
                // BibTeX counts every brace, escaped or not; `\"` inside a quoted
                // value is taken as an accent rather than the end (lenient).
                b'\\' if closer == b'"' && self.peek(j + 1) == Some(b'"') => j += 1,
                b'{' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                b'}' if closer == b'}' => return Ok(j),
                b'}' => {
                    return fail(
                        open,
                        "unterminated quoted value (a `}` closes the entry first); entry skipped",
                    )
                }
                b'"' if closer == b'"' && depth == 0 => return Ok(j),
                b'\n' if self.line_opens_entry(j) => break,
                b'\n'
                    if depth == 0
                        && self.suspect.get().is_none()
                        && self.line_looks_structural(j) =>
                {
                    self.suspect.set(Some(open));
                }
                _ => {}
            }
            j += 1;
        }
        let what = if closer == b'"' {
            "unterminated quoted value"
        } else {
            "unbalanced braces: value opened here is not closed"
        };
        fail(open, format!("{what}; entry skipped"))
    }

    fn finish(&mut self, at: usize, kind: String, key: String, raw: Vec<RawField>) {
        let line = self.line(at);
        if let Some(&first) = self.seen.get(&key) {
            self.warn(
                at,
                format!(
                    "duplicate key `{key}` on lines {first} and {line}; keeping the first (line {first})"
                ),
            );
            return;
        }
        self.seen.insert(key.clone(), line);
        self.entries
            .push(build_entry(self.path, line, kind, key, raw));
    }
}

fn clean_verbatim(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if matches!(n, '_' | '%' | '&' | '#' | '$' | '~') {
                    s.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        s.push(c);
    }
    collapse_ws(&s)
}

fn build_entry(path: &Path, line: u32, kind: String, key: String, raw: Vec<RawField>) -> Entry {
    let mut fields = super::Fields::default();
    let mut authors = Vec::new();
    let mut editors = Vec::new();
    let mut files = Vec::new();
    for f in &raw {
        let cleaned = if VERBATIM.contains(&f.name.as_str()) {
            clean_verbatim(&f.value)
        } else {
            to_unicode(&f.value)
        };
        match f.name.as_str() {
            "author" | "editor" => {
                let list = parse_names(&f.value);
                if list.others {
                    fields.insert(&format!("{}-others", f.name), "true".to_string());
                }
                if f.name == "author" {
                    authors = list.names;
                } else {
                    editors = list.names;
                }
            }
            "file" => files = file_paths(&cleaned),
            _ => {}
        }
        fields.insert(&f.name, cleaned);
    }
    fields.shrink();
    let nonempty = |k: &str| fields.get(k).filter(|v| !v.is_empty()).map(str::to_string);
    let year = fields
        .get("year")
        .and_then(leading_year)
        .or_else(|| fields.get("date").and_then(leading_year));
    let container = CONTAINER.iter().find_map(|k| nonempty(k));
    let keywords = fields
        .get("keywords")
        .map(split_keywords)
        .unwrap_or_default();
    Entry {
        key,
        kind,
        title: nonempty("title"),
        authors,
        editors,
        year,
        container,
        files,
        keywords,
        fields,
        path: path.to_path_buf(),
        line,
    }
}
