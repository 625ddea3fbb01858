//! The completion catalogue: every work of a library prepared once for
//! matching (key, folded family names, year and title as lowercase
//! haystacks, so a request only compares bytes), and its search. Results are
//! ranked: exact and prefix matches on the key or the first author first,
//! then other authors, the year and title words, then fuzzy (subsequence)
//! matches, then keys one typo away. What a completion request asks for
//! and the items it answers with are in [`super::complete`].

use crate::corpus::{Library, Work};
use crate::text::{fold, shorten, DANGLING};

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

/// "Zhou (2008) — Synchronizing Export Orientation with Import…"
pub fn label(work: &Work) -> String {
    match &work.title {
        Some(t) => format!("{} — {}", work.short_cite(), shorten(t, 60, DANGLING)),
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

/// Fixtures shared with the completion tests.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::bib::Name;
    use crate::corpus::PairedBy;

    pub(crate) fn work(key: &str, families: &[&str], year: i32, title: &str) -> Work {
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

    pub(crate) fn lib() -> Library {
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

    pub(crate) fn keys(lib: &Library, hits: &[usize]) -> Vec<String> {
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
}
