//! Citation completion, engine side: whether the text before the cursor
//! asks for a citation (a Pandoc key after `@`, or an author-year reference
//! being typed), which works match what was typed, best first, and the text
//! that replaces it.
//!
//! Matching runs over a [`Catalog`] built once per library: every work's key,
//! folded family names, year and title as lowercase haystacks, so a request
//! only compares bytes. It is ranked: exact and prefix matches on the key or
//! the first author first, then other authors, the year and title words,
//! then fuzzy (subsequence) matches, then keys one typo away.

use std::ops::Range;

use crate::corpus::{Library, Work};
use crate::text::fold;

/// At most this many items come back; more means the list is incomplete.
pub const LIMIT: usize = 50;

/// One work prepared for matching: where its folded text lies in the
/// catalog's arena, laid out as `key families year title` (family names
/// separated by `\x1f`, title words each preceded by a space), and which
/// letters and byte pairs it holds. Entries sit side by side and their
/// text in one buffer, so a search reads memory in order.
#[derive(Debug, Clone, Copy)]
struct Prepared {
    start: u32,
    key_end: u32,
    /// End of the first family name.
    first_end: u32,
    fam_end: u32,
    year_end: u32,
    end: u32,
    /// Letters and digits present, one bit each (a–z, 0–9).
    mask: u64,
    /// Byte pairs present, hashed to 256 bits: a substring's pairs must all be there.
    pairs: [u64; 4],
}

/// The folded text of one work, borrowed from the arena.
struct View<'a> {
    key: &'a str,
    /// Family names separated by `\x1f`.
    fams: &'a str,
    first: &'a str,
    /// Several authors.
    more: bool,
    year: &'a str,
    /// Title words, each after a space.
    title: &'a str,
    /// Key, families and year: what fuzzy matching looks at.
    names: &'a str,
    /// Everything.
    hay: &'a str,
    mask: u64,
    pairs: &'a [u64; 4],
}

impl View<'_> {
    fn families(&self) -> impl Iterator<Item = &str> {
        self.fams.split('\x1f').filter(|f| !f.is_empty())
    }

    fn first(&self) -> &str {
        self.first
    }

    /// Family names after the first.
    fn others(&self) -> impl Iterator<Item = &str> {
        let rest = if self.more {
            &self.fams[self.first.len() + 1..]
        } else {
            ""
        };
        rest.split('\x1f').filter(|f| !f.is_empty())
    }
}

/// Every work of a library, prepared for fast matching.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    works: Vec<Prepared>,
    arena: String,
    /// "Zhou (2008) — Synchronizing Export Orientation…", per work.
    labels: Vec<String>,
    /// Key, family names, year and title as written, for client-side filtering.
    filters: Vec<String>,
}

/// Bit of a folded byte in a [`Prepared::mask`].
fn bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

fn mask_of(s: &str) -> u64 {
    s.bytes().fold(0, |m, b| m | bit(b))
}

fn pairs_of(s: &str) -> [u64; 4] {
    let mut set = [0u64; 4];
    for w in s.as_bytes().windows(2) {
        let h = (w[0] as usize).wrapping_mul(31).wrapping_add(w[1] as usize) & 255;
        set[h >> 6] |= 1 << (h & 63);
    }
    set
}

fn has_pairs(hay: &[u64; 4], needle: &[u64; 4]) -> bool {
    (0..4).all(|i| needle[i] & !hay[i] == 0)
}

/// A title cut to about `max` characters at a word boundary.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ':', ';', ' ']))
}

/// "Zhou (2008) — Synchronizing Export Orientation with Import…"
pub fn label(work: &Work) -> String {
    match &work.title {
        Some(t) => format!("{} — {}", work.short_cite(), shorten(t, 60)),
        None => work.short_cite(),
    }
}

/// Folded words joined by single spaces.
fn folded_words(s: &str) -> String {
    crate::text::fold_words(s).join(" ")
}

impl Catalog {
    pub fn new(lib: &Library) -> Catalog {
        let mut cat = Catalog::default();
        for w in &lib.works {
            let start = cat.arena.len();
            cat.arena.push_str(&w.key.to_lowercase());
            let key_end = cat.arena.len();
            cat.arena.push(' ');
            let mut first_end = cat.arena.len();
            for (i, a) in w.authors.iter().enumerate() {
                if i > 0 {
                    cat.arena.push('\x1f');
                }
                cat.arena.push_str(&folded_words(&a.family));
                if i == 0 {
                    first_end = cat.arena.len();
                }
            }
            let fam_end = cat.arena.len();
            cat.arena.push(' ');
            cat.arena.push_str(&w.year_label().to_lowercase());
            let year_end = cat.arena.len();
            for word in crate::text::fold_words(w.title.as_deref().unwrap_or("")) {
                cat.arena.push(' ');
                cat.arena.push_str(&word);
            }
            let end = cat.arena.len();
            let hay = &cat.arena[start..end];
            let written: Vec<&str> = w.authors.iter().map(|a| a.family.as_str()).collect();
            cat.filters.push(
                format!(
                    "{} {} {} {}",
                    w.key,
                    written.join(" "),
                    w.year_label(),
                    w.title.as_deref().unwrap_or("")
                )
                .trim_end()
                .to_string(),
            );
            cat.labels.push(label(w));
            cat.works.push(Prepared {
                start: start as u32,
                key_end: key_end as u32,
                first_end: first_end as u32,
                fam_end: fam_end as u32,
                year_end: year_end as u32,
                end: end as u32,
                mask: mask_of(hay),
                pairs: pairs_of(hay),
            });
        }
        cat
    }

    fn view<'a>(&'a self, p: &'a Prepared) -> View<'a> {
        let a = self.arena.as_str();
        let (s, k, f1, f, y, e) = (
            p.start as usize,
            p.key_end as usize,
            p.first_end as usize,
            p.fam_end as usize,
            p.year_end as usize,
            p.end as usize,
        );
        View {
            key: &a[s..k],
            fams: &a[k + 1..f],
            first: &a[k + 1..f1.max(k + 1)],
            more: f > f1,
            year: &a[f + 1..y],
            title: &a[y..e],
            names: &a[s..y],
            hay: &a[s..e],
            mask: p.mask,
            pairs: &p.pairs,
        }
    }

    pub fn len(&self) -> usize {
        self.works.len()
    }

    pub fn is_empty(&self) -> bool {
        self.works.is_empty()
    }

    /// The label of work `i`: "Zhou (2008) — Title…".
    pub fn label(&self, i: usize) -> &str {
        &self.labels[i]
    }

    /// Key, authors, year and title of work `i` as written, for client-side filtering.
    pub fn filter_text(&self, i: usize) -> &str {
        &self.filters[i]
    }

    /// Works matching `query` (key, authors, year, title words; fuzzy),
    /// best first, at most `limit`; the flag says more matched.
    pub fn search(&self, query: &str, limit: usize) -> (Vec<usize>, bool) {
        let q = fold(query.trim());
        let tokens: Vec<&str> = q
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let prepared: Vec<Token> = tokens
            .iter()
            .map(|t| Token {
                text: t,
                spaced: format!(" {t}"),
                mask: mask_of(t),
                pairs: pairs_of(t),
            })
            .collect();
        let prepared = &prepared;
        let scored = |fuzzy: bool| {
            self.works.iter().enumerate().filter_map(move |(i, p)| {
                let w = self.view(p);
                let mut total = 0u32;
                for t in prepared {
                    total += token_score(&w, t, fuzzy)?;
                }
                let score = total / prepared.len().max(1) as u32;
                // Ties: the shorter first author's name (more of it typed), then the shorter key.
                let first = w.first().len().min(255);
                Some((score, first << 8 | w.key.len().min(255), i))
            })
        };
        // Fuzzy matches only fill a list the exact ones leave short.
        let strong = top(scored(false), limit);
        if strong.0.len() >= limit {
            return strong;
        }
        top(scored(true), limit)
    }

    /// Works whose authors match an author-year reference being typed.
    pub fn search_authors(&self, q: &AuthorQuery, limit: usize) -> (Vec<usize>, bool) {
        top(
            self.works.iter().enumerate().filter_map(|(i, p)| {
                let w = self.view(p);
                author_score(&w, q).map(|s| (s, w.families().count(), i))
            }),
            limit,
        )
    }
}

/// The best `limit` of `(score, tie-break, index)`, highest score first,
/// then lowest tie-break, then library order.
fn top(hits: impl Iterator<Item = (u32, usize, usize)>, limit: usize) -> (Vec<usize>, bool) {
    // One sortable word per hit: inverted score, tie-break, index.
    let mut packed: Vec<u64> = hits
        .map(|(s, t, i)| {
            ((0xFFFF - s.min(0xFFFF) as u64) << 48)
                | ((t.min(0xFFFF) as u64) << 32)
                | (i as u64 & 0xFFFF_FFFF)
        })
        .collect();
    let capped = packed.len() > limit;
    if capped {
        packed.select_nth_unstable(limit);
        packed.truncate(limit);
    }
    packed.sort_unstable();
    (
        packed
            .into_iter()
            .map(|p| (p & 0xFFFF_FFFF) as usize)
            .collect(),
        capped,
    )
}

/// A query word prepared for matching.
struct Token<'a> {
    text: &'a str,
    /// The word after a space: a title word start.
    spaced: String,
    mask: u64,
    pairs: [u64; 4],
}

/// How well one query token matches a work, or None. Without `fuzzy`,
/// only exact, prefix and substring matches count.
fn token_score(w: &View, tok: &Token, fuzzy: bool) -> Option<u32> {
    let t = tok.text;
    let first = w.first();
    if w.key == t {
        return Some(1000);
    }
    if w.key.starts_with(t) {
        // The first author named exactly so, too: `zhou` → zhou2008 before zhoukova2010.
        return Some(900 + if first == t { 50 } else { 0 });
    }
    if first == t {
        return Some(880);
    }
    if !first.is_empty() && first.starts_with(t) {
        return Some(850);
    }
    if w.others().any(|f| f.starts_with(t)) {
        return Some(700);
    }
    if w.year.starts_with(t) {
        return Some(650);
    }
    let letters_there = tok.mask & !w.mask == 0;
    if letters_there && has_pairs(w.pairs, &tok.pairs) && w.hay.contains(t) {
        return Some(if w.title.contains(tok.spaced.as_str()) {
            550
        } else {
            450
        });
    }
    if !fuzzy {
        return None;
    }
    if letters_there {
        if let Some(c) = subsequence(w.key.as_bytes(), t.as_bytes()) {
            return Some(300 + c);
        }
    }
    // One typo away from the start of the key or of the first author.
    if t.len() >= 3 {
        let tb = t.as_bytes();
        let near = |s: &str| {
            let s = s.as_bytes();
            // One edit leaves one of the first two bytes in place or swapped.
            let (s0, s1) = (s.first(), s.get(1));
            let (t0, t1) = (tb.first(), tb.get(1));
            if s0 != t0 && s1 != t1 && s0 != t1 && s1 != t0 {
                return false;
            }
            [tb.len() - 1, tb.len(), tb.len() + 1]
                .iter()
                .any(|&n| n <= s.len() && within_one_edit(&s[..n], tb))
        };
        if near(w.key) || near(first) {
            return Some(290);
        }
    }
    if letters_there && t.len() >= 2 {
        if let Some(c) = subsequence(w.names.as_bytes(), t.as_bytes()) {
            return Some(100 + c);
        }
    }
    None
}

/// `needle` as a subsequence of `hay`: a 0–99 bonus for compactness and for
/// starting at a word start, or None.
fn subsequence(hay: &[u8], needle: &[u8]) -> Option<u32> {
    let first = *needle.first()?;
    // Try each start of the first byte; keep the tightest span.
    let mut best: Option<u32> = None;
    let mut from = 0;
    let mut tries = 0;
    while let Some(p) = hay[from..].iter().position(|&b| b == first) {
        let start = from + p;
        let mut j = 1;
        let mut end = start;
        for (k, &b) in hay[start + 1..].iter().enumerate() {
            if j == needle.len() {
                break;
            }
            if b == needle[j] {
                j += 1;
                end = start + 1 + k;
            }
        }
        if j < needle.len() {
            break;
        }
        let span = end - start + 1;
        let gaps = (span - needle.len()).min(80) as u32;
        let word_start = start == 0 || matches!(hay[start - 1], b' ' | 0x1f);
        let score = 80 - gaps + if word_start { 19 } else { 0 };
        best = Some(best.map_or(score, |b: u32| b.max(score)));
        from = start + 1;
        tries += 1;
        if tries >= 3 || from >= hay.len() {
            break;
        }
    }
    best
}

/// Whether two byte strings are at most one edit apart (insertion,
/// deletion, substitution or adjacent transposition).
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if i == short.len() {
        return true;
    }
    if short.len() == long.len() {
        // Substitution, or a transposition of i and i + 1.
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        short[i..] == long[i + 1..]
    }
}

/// An author-year reference as typed so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorQuery {
    /// Folded start of the first author's family name.
    pub first: String,
    /// The name is complete (followed by more text): match it whole.
    pub first_complete: bool,
    /// Folded start of the second author's family name (`Zhang and Ka`).
    pub second: Option<String>,
    /// `et al` was typed.
    pub et_al: bool,
    /// The year typed so far (`20`, `2020a`).
    pub year: Option<String>,
    /// Only first authors count (a bare capitalised word in prose).
    pub first_only: bool,
}

fn author_score(w: &View, q: &AuthorQuery) -> Option<u32> {
    let mut fams = w.families();
    let first = fams.next()?;
    let mut score = if first == q.first {
        900
    } else if !q.first_complete && first.starts_with(&q.first) {
        800
    } else if q.first_only || q.second.is_some() {
        return None;
    } else if w.others().any(|f| {
        if q.first_complete {
            f == q.first
        } else {
            f.starts_with(&q.first)
        }
    }) {
        400
    } else {
        return None;
    };
    if let Some(y) = &q.year {
        if !w.year.starts_with(y.as_str()) {
            return None;
        }
        if w.year == *y {
            score += 20;
        }
    }
    let n = w.families().count();
    if let Some(s) = &q.second {
        let second = fams.next()?;
        if !second.starts_with(s.as_str()) {
            return None;
        }
        if n == 2 {
            score += 40;
        }
    }
    if q.et_al && n >= 3 {
        score += 40;
    }
    Some(score)
}

/// What the text before the cursor asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Context {
    /// A Pandoc key after `@` (or `@{`): `typed` is the key so far.
    Key {
        typed: String,
        /// Where the key goes (after `@` / `@{`), up to the end of the word under the cursor.
        range: Range<usize>,
        /// Written `@{…`: the key is braced.
        braced: bool,
    },
    /// An author-year reference.
    AuthorYear {
        query: AuthorQuery,
        range: Range<usize>,
        /// Narrative (`Zhou (2008)`) rather than parenthetical (`Zhou, 2008`).
        narrative: bool,
    },
}

use crate::syntax::keys::{may_be_in_key as is_key_char, written_key};

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c == '-' || c == '\'' || c == '’'
}

/// Where a word being typed continues after the cursor.
fn word_end(text: &str, offset: usize, ok: impl Fn(char) -> bool) -> usize {
    offset
        + text[offset..]
            .char_indices()
            .find(|&(_, c)| !ok(c))
            .map_or(text.len() - offset, |(i, _)| i)
}

/// What completion the cursor at byte `offset` of `text` asks for, if any.
pub fn context(text: &str, offset: usize) -> Option<Context> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    key_context(text, before, offset)
        .or_else(|| narrative_year(text, line_start, before, offset))
        .or_else(|| parenthetical(text, line_start, before, offset))
        .or_else(|| prose_name(text, line_start, before, offset))
}

fn key_context(text: &str, before: &str, offset: usize) -> Option<Context> {
    let rest = before.trim_end_matches(is_key_char);
    let (rest, braced) = match rest.strip_suffix('{') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let rest = rest.strip_suffix('@')?;
    // `name@example.org` is an e-mail address, not a citation.
    if rest
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return None;
    }
    let key_start = offset - (before.len() - before.trim_end_matches(is_key_char).len());
    let typed = text[key_start..offset]
        .trim_end_matches(|c: char| !crate::syntax::keys::is_key_char(c))
        .to_string();
    let end = word_end(text, offset, crate::syntax::keys::is_key_char);
    Some(Context::Key {
        typed,
        range: key_start..end,
        braced,
    })
}

/// The author phrase ending `s`: "Zhou", "Zhang and Kawabata", "Herrigel et al."
/// → (start within `s`, first, second, et al.).
fn trailing_names(s: &str) -> Option<(usize, String, Option<String>, bool)> {
    let (body, et_al) = match s
        .strip_suffix(" et al.")
        .or_else(|| s.strip_suffix(" et al"))
    {
        Some(b) => (b, true),
        None => (s, false),
    };
    let last_start = body.trim_end_matches(is_name_char).len();
    let last = &body[last_start..];
    if !last.chars().next()?.is_uppercase() {
        return None;
    }
    let head = &body[..last_start];
    for sep in [" and ", " & "] {
        if let Some(h) = head.strip_suffix(sep) {
            let fs = h.trim_end_matches(is_name_char).len();
            let first = &h[fs..];
            if first.chars().next().is_some_and(char::is_uppercase) {
                return Some((fs, fold(first), Some(fold(last)), et_al));
            }
        }
    }
    Some((last_start, fold(last), None, et_al))
}

/// `Zhou (20`, `Herrigel et al. (`: the year of a narrative citation.
fn narrative_year(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let open = before.rfind('(')?;
    let year = &before[open + 1..];
    if !year.chars().all(|c| c.is_ascii_digit()) || year.len() > 4 {
        return None;
    }
    let names = before[..open].strip_suffix(' ')?;
    let (start, first, second, et_al) = trailing_names(names)?;
    let mut end = word_end(text, offset, |c| c.is_ascii_alphanumeric());
    if text[end..].starts_with(')') {
        end += 1;
    }
    Some(Context::AuthorYear {
        query: AuthorQuery {
            first,
            first_complete: true,
            second,
            et_al,
            year: Some(year.to_string()),
            first_only: false,
        },
        range: line_start + start..end,
        narrative: true,
    })
}

/// `(Zh`, `(Herrigel et`, `(Zhang and Ka`, `(Zhou, 20`, `(Zhou, 2008; Er`.
fn parenthetical(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let open = before.rfind('(')?;
    let inside = &before[open + 1..];
    if inside.contains(')') || inside.chars().count() > 80 {
        return None;
    }
    let mut seg_start = open + 1 + inside.rfind(';').map_or(0, |i| i + 1);
    // Skip spaces and lowercase lead-ins (`see`, `e.g.,`, `cf.`).
    loop {
        let seg = &before[seg_start..];
        let trimmed = seg.trim_start();
        seg_start += seg.len() - trimmed.len();
        match trimmed.chars().next() {
            Some(c) if c.is_lowercase() => {
                let w = trimmed.find(' ')?;
                seg_start += w;
            }
            _ => break,
        }
    }
    let seg = &before[seg_start..];
    let name_len = seg.len() - seg.trim_start_matches(is_name_char).len();
    let name = &seg[..name_len];
    if !name.chars().next()?.is_uppercase() {
        return None;
    }
    let mut rest = &seg[name_len..];
    let mut q = AuthorQuery {
        first: fold(name),
        first_complete: !rest.is_empty(),
        ..Default::default()
    };
    if let Some(r) = rest.strip_prefix(" et") {
        q.et_al = true;
        rest = r;
        if let Some(r) = rest.strip_prefix(" al") {
            rest = r.strip_prefix('.').unwrap_or(r);
        }
    } else if let Some(r) = rest
        .strip_prefix(" and ")
        .or_else(|| rest.strip_prefix(" & "))
    {
        let n = r.len() - r.trim_start_matches(is_name_char).len();
        q.second = Some(fold(&r[..n]));
        rest = &r[n..];
    }
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let rest = rest.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &rest[digits..];
    let after = after
        .strip_prefix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(after);
    if !after.is_empty() {
        return None;
    }
    if digits > 0 {
        q.year = Some(rest.to_string());
    }
    let end = word_end(text, offset, |c| c.is_alphanumeric());
    Some(Context::AuthorYear {
        query: q,
        range: line_start + seg_start..end,
        narrative: false,
    })
}

/// A capitalised word being typed in prose that starts an author's name.
fn prose_name(text: &str, line_start: usize, before: &str, offset: usize) -> Option<Context> {
    let start = before.trim_end_matches(is_name_char).len();
    let word = &before[start..];
    if word.chars().count() < 2 || !word.chars().next()?.is_uppercase() {
        return None;
    }
    if before[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '_')
    {
        return None;
    }
    let end = word_end(text, offset, is_name_char);
    Some(Context::AuthorYear {
        query: AuthorQuery {
            first: fold(word),
            first_only: true,
            ..Default::default()
        },
        range: line_start + start..end,
        narrative: true,
    })
}

/// One completion: a work and the text that replaces what was typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub work: usize,
    /// "Zhou (2008) — Synchronizing Export…"
    pub label: String,
    pub new_text: String,
    /// Text clients filter on: the new text, key, authors, year and title.
    pub filter: String,
}

/// Completions at a cursor: what they replace, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub range: Range<usize>,
    pub items: Vec<Item>,
    /// More works matched than are listed.
    pub incomplete: bool,
}

/// A key as it must be written after `@` (`braced`: after `@{`, which is
/// closed), by the reader's own rule.
fn key_text(key: &str, braced: bool) -> String {
    if braced {
        format!("{key}}}")
    } else {
        written_key(key)
    }
}

/// "Zhou, 2008" or "Zhou (2008)".
pub fn author_year_text(work: &Work, narrative: bool) -> String {
    if narrative {
        work.short_cite()
    } else {
        format!("{}, {}", work.author_label(), work.year_label())
    }
}

/// Completions for the cursor at byte `offset`, or None when the text
/// there asks for no citation or nothing matches.
pub fn complete(cat: &Catalog, lib: &Library, text: &str, offset: usize) -> Option<Completion> {
    if cat.is_empty() {
        return None;
    }
    match context(text, offset)? {
        Context::Key {
            typed,
            range,
            braced,
        } => {
            // A closing brace already there is kept.
            let braced_closed = braced && text[range.end..].starts_with('}');
            let (hits, incomplete) = cat.search(&typed, LIMIT);
            if hits.is_empty() {
                return None;
            }
            let items = hits
                .into_iter()
                .map(|i| {
                    let w = &lib.works[i];
                    let mut new_text = key_text(&w.key, braced);
                    if braced_closed {
                        new_text.pop();
                    }
                    Item {
                        work: i,
                        label: cat.label(i).to_string(),
                        filter: cat.filter_text(i).to_string(),
                        new_text,
                    }
                })
                .collect();
            Some(Completion {
                range,
                items,
                incomplete,
            })
        }
        Context::AuthorYear {
            query,
            range,
            narrative,
        } => {
            let (hits, incomplete) = cat.search_authors(&query, LIMIT);
            if hits.is_empty() {
                return None;
            }
            let items = hits
                .into_iter()
                .map(|i| {
                    let w = &lib.works[i];
                    let new_text = author_year_text(w, narrative);
                    Item {
                        work: i,
                        label: cat.label(i).to_string(),
                        filter: format!("{new_text} {}", cat.filter_text(i)),
                        new_text,
                    }
                })
                .collect();
            Some(Completion {
                range,
                items,
                incomplete,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bib::Name;
    use crate::corpus::{PairedBy, Work};

    fn work(key: &str, families: &[&str], year: i32, title: &str) -> Work {
        Work {
            key: key.into(),
            title: Some(title.into()),
            authors: families
                .iter()
                .map(|f| Name {
                    family: f.to_string(),
                    given: None,
                })
                .collect(),
            year: Some(year),
            entry: None,
            path: None,
            doc: None,
            paired_by: PairedBy::None,
            year_suffix: None,
        }
    }

    fn lib() -> Library {
        let mut works = vec![
            work("ernst2007beyond", &["Ernst"], 2007, "Beyond the Global Factory Model"),
            work(
                "zhou2008synchronizing",
                &["Zhou"],
                2008,
                "Synchronizing Export Orientation with Import Substitution: Creating Competitive Indigenous High-Tech Companies in China",
            ),
            work("zhang2013formation", &["Zhang", "Kawabata"], 2013, "The Formation of Software Clusters"),
            work(
                "herrigel2013process",
                &["Herrigel", "Wittke", "Voskamp"],
                2013,
                "The Process of Chinese Manufacturing Upgrading",
            ),
            work("zhoukov2010", &["Zhoukova"], 2010, "Tractors"),
            work("chen2020a", &["Chen"], 2020, "Stormwater Retention"),
            work("chen2020b", &["Chen"], 2020, "Mapping Heat Vulnerability"),
            work("marchetti2020", &["Marchetti", "Osei"], 2020, "When the Water Runs Out"),
        ];
        works[5].year_suffix = Some('a');
        works[6].year_suffix = Some('b');
        let mut lib = Library::default();
        lib.works = works;
        lib
    }

    fn keys(lib: &Library, hits: &[usize]) -> Vec<String> {
        hits.iter().map(|&i| lib.works[i].key.clone()).collect()
    }

    #[test]
    fn ranks_prefix_then_author_then_fuzzy_then_typo() {
        let lib = lib();
        let cat = Catalog::new(&lib);
        let (hits, capped) = cat.search("zh", 50);
        assert!(!capped);
        let k = keys(&lib, &hits);
        assert_eq!(
            k[..3],
            ["zhou2008synchronizing", "zhang2013formation", "zhoukov2010"]
        );
        // Key prefix beats everything; the exact first author breaks the tie.
        assert_eq!(
            keys(&lib, &cat.search("zhou2008", 50).0)[0],
            "zhou2008synchronizing"
        );
        assert_eq!(
            keys(&lib, &cat.search("zhou", 50).0)[0],
            "zhou2008synchronizing"
        );
        assert_eq!(keys(&lib, &cat.search("zhou", 50).0)[1], "zhoukov2010");
        // Second authors, title words and years match too.
        assert_eq!(
            keys(&lib, &cat.search("wittke", 50).0)[0],
            "herrigel2013process"
        );
        assert_eq!(keys(&lib, &cat.search("stormwater", 50).0)[0], "chen2020a");
        assert_eq!(keys(&lib, &cat.search("2007", 50).0)[0], "ernst2007beyond");
        // Fuzzy: a subsequence of the key.
        assert_eq!(
            keys(&lib, &cat.search("zsync", 50).0),
            ["zhou2008synchronizing"]
        );
        // A typo beats a loose match.
        assert_eq!(
            keys(&lib, &cat.search("hreri", 50).0)[0],
            "herrigel2013process"
        );
        // Multi-word queries need every word.
        assert_eq!(
            keys(&lib, &cat.search("chen mapping", 50).0)[0],
            "chen2020b"
        );
        // Nothing.
        assert!(cat.search("qqqq", 50).0.is_empty());
        // Capped.
        let (hits, capped) = cat.search("", 3);
        assert_eq!(hits.len(), 3);
        assert!(capped);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"zhou", b"zhuo"));
        assert!(within_one_edit(b"zhou", b"zhu"));
        assert!(within_one_edit(b"zhou", b"zhoux"));
        assert!(within_one_edit(b"zhou", b"zhau"));
        assert!(!within_one_edit(b"zhou", b"hzuo"));
        assert!(!within_one_edit(b"zhou", b"zh"));
    }

    #[test]
    fn detects_pandoc_keys() {
        let t = "See [@zh";
        assert_eq!(
            context(t, t.len()),
            Some(Context::Key {
                typed: "zh".into(),
                range: 6..8,
                braced: false
            })
        );
        let t = "A [@a; -@her] b";
        let at = t.find("her").unwrap() + 3;
        match context(t, at) {
            Some(Context::Key { typed, range, .. }) => {
                assert_eq!(typed, "her");
                assert_eq!(&t[range], "her");
            }
            c => panic!("{c:?}"),
        }
        // Mid-word: the range runs to the end of the key.
        let t = "[@zhou2008]";
        let at = t.find("ou").unwrap();
        match context(t, at) {
            Some(Context::Key { typed, range, .. }) => {
                assert_eq!(typed, "zh");
                assert_eq!(&t[range], "zhou2008");
            }
            c => panic!("{c:?}"),
        }
        // Bare `@` at a line start, and braced keys.
        assert!(matches!(context("@", 1), Some(Context::Key { .. })));
        assert!(matches!(
            context("[@{zh", 5),
            Some(Context::Key { braced: true, .. })
        ));
        // E-mail addresses are not citations.
        assert_eq!(context("mail me@ex", 10), None);
    }

    fn ay(t: &str) -> (AuthorQuery, String, bool) {
        match context(t, t.len()) {
            Some(Context::AuthorYear {
                query,
                range,
                narrative,
            }) => (query, t[range].to_string(), narrative),
            c => panic!("{t:?}: {c:?}"),
        }
    }

    #[test]
    fn detects_author_year_being_typed() {
        let (q, typed, narrative) = ay("as shown (Zh");
        assert_eq!(
            (q.first.as_str(), q.first_complete, narrative),
            ("zh", false, false)
        );
        assert_eq!(typed, "Zh");
        let (q, typed, _) = ay("as shown (Herrigel et");
        assert!(q.et_al && q.first_complete);
        assert_eq!(typed, "Herrigel et");
        let (q, _, _) = ay("(Zhang and Ka");
        assert_eq!(q.second.as_deref(), Some("ka"));
        let (q, typed, _) = ay("(Zhou, 2008; see Er");
        assert_eq!((q.first.as_str(), typed.as_str()), ("er", "Er"));
        let (q, _, _) = ay("(Zhou, 20");
        assert_eq!(q.year.as_deref(), Some("20"));
        let (q, typed, narrative) = ay("As Zhou (20");
        assert_eq!((q.year.as_deref(), narrative), (Some("20"), true));
        assert_eq!(typed, "Zhou (20");
        let (q, typed, _) = ay("As Herrigel et al. (");
        assert!(q.et_al);
        assert_eq!(typed, "Herrigel et al. (");
        let (q, typed, _) = ay("As Zhang and Kawabata (2");
        assert_eq!(
            (q.first.as_str(), q.second.as_deref()),
            ("zhang", Some("kawabata"))
        );
        assert_eq!(typed, "Zhang and Kawabata (2");
        let (q, typed, narrative) = ay("as argued by Zho");
        assert!(q.first_only && narrative);
        assert_eq!(typed, "Zho");
        // Ordinary prose: lowercase words and closed parentheses ask for nothing.
        assert_eq!(context("the cat sat", 11), None);
        assert_eq!(context("(founded in 19", 14), None);
        assert_eq!(context("(Zhou, 2008) and", 16), None);
    }

    #[test]
    fn completes_with_what_the_syntax_needs() {
        let lib = lib();
        let cat = Catalog::new(&lib);
        let t = "Shown [@zh";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(&t[c.range.clone()], "zh");
        assert!(c
            .items
            .iter()
            .any(|i| i.new_text == "zhou2008synchronizing"));
        let z = c
            .items
            .iter()
            .find(|i| i.new_text == "zhou2008synchronizing")
            .unwrap();
        assert!(
            z.label.starts_with("Zhou (2008) — Synchronizing Export"),
            "{}",
            z.label
        );
        assert!(z.label.ends_with('…'));
        assert!(z.filter.contains("Zhou") && z.filter.contains("2008"));

        let t = "Shown (Herrigel et";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Herrigel et al., 2013");
        assert_eq!(&t[c.range.clone()], "Herrigel et");
        let t = "Shown (Zhang";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Zhang and Kawabata, 2013");
        let t = "As Chen (2020";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        let texts: Vec<&str> = c.items.iter().map(|i| i.new_text.as_str()).collect();
        assert_eq!(texts, ["Chen (2020a)", "Chen (2020b)"]);
        // A closing parenthesis already there is replaced, not doubled.
        let t = "As Zhou (20) said";
        let at = t.find("20").unwrap() + 2;
        let c = complete(&cat, &lib, t, at).unwrap();
        assert_eq!(&t[c.range.clone()], "Zhou (20)");
        assert_eq!(c.items[0].new_text, "Zhou (2008)");
        // Prose: only when a first author starts so.
        let t = "as argued by Zho";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "Zhou (2008)");
        assert!(complete(&cat, &lib, "The Theory", 10).is_none());
        assert!(complete(&cat, &lib, "by Wittke", 9).is_none());
        assert!(complete(&cat, &lib, "(Wittke", 7).is_some());
    }

    #[test]
    fn a_key_the_reader_cannot_read_bare_is_inserted_in_braces() {
        let mut lib = Library::default();
        lib.works = vec![work("a::b", &["Ng"], 2001, "Colons")];
        let cat = Catalog::new(&lib);
        let t = "See [@a";
        let c = complete(&cat, &lib, t, t.len()).unwrap();
        assert_eq!(c.items[0].new_text, "{a::b}");
    }

    proptest::proptest! {
        /// Every key completion inserts is read back as the same key, bare
        /// or braced, in brackets or in the text.
        #[test]
        fn inserted_keys_read_back_whole(
            key in "[a-zA-Z0-9_][a-zA-Z0-9_:.#$%&+?<>~/ü-]{0,11}",
            form in 0usize..3,
        ) {
            let mut lib = Library::default();
            lib.works = vec![work(&key, &["Ng"], 2001, "A Title")];
            let cat = Catalog::new(&lib);
            let (before, after) = match form {
                0 => ("See [@", "]."),
                1 => ("See [@{", "]."),
                _ => ("As @", " says."),
            };
            let typed = &key[..key.chars().next().unwrap().len_utf8()];
            let t = format!("{before}{typed}");
            let c = complete(&cat, &lib, &t, t.len());
            proptest::prop_assert!(c.is_some(), "no completion for {:?}", t);
            let c = c.unwrap();
            let mut out = t.clone();
            out.replace_range(c.range.clone(), &c.items[0].new_text);
            out.push_str(after);
            let draft = crate::syntax::parse(&out);
            let keys: Vec<&str> = draft
                .citations
                .iter()
                .flat_map(|c| &c.items)
                .filter_map(|i| i.key.as_deref())
                .collect();
            proptest::prop_assert_eq!(keys, vec![key.as_str()], "from {:?}", out);
        }
    }
}

#[cfg(test)]
mod bench {
    use super::*;

    /// `GLOSS_BENCH_BIB=/tmp/gloss-lsp-bench/md/refs.bib cargo test --release --lib
    /// ide::complete::bench -- --ignored --nocapture`: per-request search time.
    #[test]
    #[ignore]
    fn search_time_on_a_large_bibliography() {
        let Ok(bib) = std::env::var("GLOSS_BENCH_BIB") else {
            return;
        };
        let lib = Library::load(None, &[std::path::PathBuf::from(bib)]);
        let t = std::time::Instant::now();
        let cat = Catalog::new(&lib);
        eprintln!("{} works, catalog {:?}", cat.len(), t.elapsed());
        for q in ["smi", "zh", "zhou2008", "qzx", "smiht", "machine tools", ""] {
            let mut times: Vec<f64> = (0..50)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let r = cat.search(q, LIMIT);
                    std::hint::black_box(r);
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let (hits, capped) = cat.search(q, LIMIT);
            eprintln!(
                "{q:>14}: p50 {:.3} ms p95 {:.3} ms, {} hits{}, first {:?}",
                times[25],
                times[47],
                hits.len(),
                if capped { " (capped)" } else { "" },
                hits.first().map(|&i| &lib.works[i].key)
            );
        }
        let text = "As shown (Smi";
        let t = std::time::Instant::now();
        let c = complete(&cat, &lib, text, text.len());
        eprintln!(
            "author-year: {:?}, {} items",
            t.elapsed(),
            c.map_or(0, |c| c.items.len())
        );
    }
}
