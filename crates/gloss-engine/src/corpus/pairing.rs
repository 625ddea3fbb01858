//! Pairing the corpus's texts with bibliography entries, in this order:
//!
//! 1. `file` fields: each attachment of an entry, in order, pairs with the
//!    named file when the corpus holds it as a text, else with a text of the
//!    same name beside it (`X.pdf` ↔ `X.txt`, `X.md`). Paths are relative to
//!    the bibliography, absolute, or Zotero's `storage:KEY/name` (under the
//!    Zotero storage folder when one is known, else any corpus text whose
//!    path ends with `KEY/name`, any extension). A Windows path read on
//!    another system pairs by its last folder and file name.
//! 2. A text whose file name (without extension) is an entry's key.
//! 3. Content: the entry whose title and authors best match the text's
//!    opening ([`content score`](Titles::score_text)), best pairs first,
//!    scores at least [`THRESHOLD`].
//!
//! Content pairing never compares every text with every entry: an inverted
//! index of the entries' title words gives each text the entries that can
//! score at all (a third of the title's words must stand in the opening
//! exactly), and a cheap upper bound drops most of those before the full
//! score. The score and its threshold are the exhaustive pairing's to the
//! bit (the exhaustive pairing is kept as the tests' oracle).
//!
//! What content pairing found is remembered ([`Memo`], persisted with the
//! texts by the index cache): for each text (path and hash of its bytes),
//! every entry scoring at least [`THRESHOLD`] against it, by a fingerprint
//! of what the score reads (title and authors' family names); and the
//! fingerprints of every entry the texts were scored against. A score
//! depends on nothing else, so on the next load:
//!
//! - an unchanged text keeps its candidates, less those whose entry is gone
//!   or changed (their fingerprint is no longer in the bibliography);
//! - entries whose fingerprint is new (added or changed) are scored against
//!   every text needing content pairing, through an index of those entries
//!   alone: new entries may be better candidates for any text;
//! - a text with nothing remembered (new, changed, or paired by its `file`
//!   field or name last time) is scored against every entry;
//! - then the best-pairs-first assignment runs again over the candidates,
//!   which is cheap and gives exactly what pairing from scratch gives,
//!   since the candidates are the same and kept in the same order.
//!
//! So a warm start with the same bibliography scores nothing.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::{LoadedText, PairedBy};
use crate::bib::Entry;
use crate::text::fold_words;

/// The least content score that pairs a text with an entry.
pub const THRESHOLD: f64 = 0.6;

/// Title words at least this long (in characters) also match misspelt.
const LONG: usize = 6;

/// What content pairing found, for the next load (see the module's text).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Memo {
    /// Fingerprints of every entry the texts below were scored against, sorted.
    entries: Vec<u64>,
    /// Each text scored: its candidates, as (entry fingerprint, score).
    texts: Vec<MemoText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MemoText {
    path: PathBuf,
    hash: u128,
    edges: Vec<(u64, f64)>,
}

impl Memo {
    /// Whether a memo read from the cache holds only what pairing writes:
    /// scores that pass the threshold (anything else means a rebuild).
    pub fn is_consistent(&self) -> bool {
        self.entries.windows(2).all(|w| w[0] < w[1])
            && self.texts.iter().all(|t| {
                t.edges
                    .iter()
                    .all(|&(_, s)| s.is_finite() && (THRESHOLD..=1.0).contains(&s))
            })
    }

    /// Texts remembered.
    pub fn texts(&self) -> usize {
        self.texts.len()
    }
}

/// What pairing gave: for each entry its text and how, the memo for the
/// next load, and how many texts were content-scored (in whole or against
/// new entries only): 0 on a warm start.
pub(super) struct Outcome {
    pub text_of_entry: Vec<Option<(usize, PairedBy)>>,
    pub memo: Memo,
    pub texts_scored: usize,
}

/// Where Zotero's `storage:` paths lead, when known.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Zotero's storage folder (`<data dir>/storage`).
    pub zotero_storage: Option<PathBuf>,
}

/// Pair texts with entries (see the module's text). `old`: the memo of the
/// last load, if any.
pub(super) fn pair(
    entries: &[Entry],
    texts: &[LoadedText],
    old: Option<&Memo>,
    options: &Options,
) -> Outcome {
    let mut text_of_entry: Vec<Option<(usize, PairedBy)>> = vec![None; entries.len()];
    let mut taken = vec![false; texts.len()];
    let names = Names::new(texts);

    // 1. `file` fields.
    for (ei, e) in entries.iter().enumerate() {
        let base = e.path.parent().unwrap_or(Path::new("."));
        for file in &e.files {
            if let Some(ti) = names.find_file(file, base, options, &taken) {
                taken[ti] = true;
                text_of_entry[ei] = Some((ti, PairedBy::FileField));
                break;
            }
        }
    }
    // 2. File name equal to the key.
    for (ei, e) in entries.iter().enumerate() {
        if text_of_entry[ei].is_some() {
            continue;
        }
        let hit = names
            .by_stem
            .get(OsStr::new(&e.key))
            .and_then(|tis| tis.iter().copied().find(|&ti| !taken[ti]));
        if let Some(ti) = hit {
            taken[ti] = true;
            text_of_entry[ei] = Some((ti, PairedBy::Filename));
        }
    }
    // 3. Content.
    let free: Vec<usize> = (0..texts.len()).filter(|&ti| !taken[ti]).collect();
    if free.is_empty() {
        // Nothing to pair (or no texts at all): no entry is looked at.
        return Outcome {
            text_of_entry,
            memo: Memo::default(),
            texts_scored: 0,
        };
    }
    let fps: Vec<u64> = entries.iter().map(fingerprint).collect();
    let (edges, memo, texts_scored) = content_edges(entries, &fps, texts, &free, old);
    // The entries of each fingerprint a text scored against (few).
    let wanted: HashSet<u64> = edges.iter().flatten().map(|&(fp, _)| fp).collect();
    let mut by_fp: HashMap<u64, Vec<usize>> = HashMap::new();
    if !wanted.is_empty() {
        for (ei, fp) in fps.iter().enumerate() {
            if wanted.contains(fp) {
                by_fp.entry(*fp).or_default().push(ei);
            }
        }
    }
    // In text order, then entry order, as the exhaustive pairing pushed
    // them: the sort below is stable, so ties fall the same way.
    let mut candidates = Vec::new();
    for (&ti, text_edges) in free.iter().zip(&edges) {
        let mut row: Vec<(usize, f64)> = text_edges
            .iter()
            .flat_map(|&(fp, s)| by_fp.get(&fp).into_iter().flatten().map(move |&ei| (ei, s)))
            .filter(|&(ei, _)| text_of_entry[ei].is_none())
            .collect();
        row.sort_by_key(|&(ei, _)| ei);
        candidates.extend(row.into_iter().map(|(ei, s)| (s, ti, ei)));
    }
    assign(&mut candidates, &mut taken, &mut text_of_entry);
    Outcome {
        text_of_entry,
        memo,
        texts_scored,
    }
}

/// Best pairs first: each text and each entry is paired once.
fn assign(
    candidates: &mut [(f64, usize, usize)],
    taken: &mut [bool],
    text_of_entry: &mut [Option<(usize, PairedBy)>],
) {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for &(_, ti, ei) in candidates.iter() {
        if taken[ti] || text_of_entry[ei].is_some() {
            continue;
        }
        taken[ti] = true;
        text_of_entry[ei] = Some((ti, PairedBy::Content));
    }
}

/// What a content score reads of an entry: its title and authors' family names.
fn fingerprint(e: &Entry) -> u64 {
    // Each part with its length: a title holding a NUL cannot pass for a
    // shorter title and an author.
    let mut h = Xxh3::new();
    match &e.title {
        Some(t) => {
            h.update(b"t");
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        }
        None => h.update(b"-"),
    }
    for a in &e.authors {
        h.update(&(a.family.len() as u64).to_le_bytes());
        h.update(a.family.as_bytes());
    }
    h.digest()
}

/// Each free text's candidates (entry fingerprint, score), the memo for
/// the next load, and how many texts were scored.
fn content_edges(
    entries: &[Entry],
    fps: &[u64],
    texts: &[LoadedText],
    free: &[usize],
    old: Option<&Memo>,
) -> (Vec<Vec<(u64, f64)>>, Memo, usize) {
    let mut current: Vec<u64> = fps.to_vec();
    current.sort_unstable();
    current.dedup();
    let is_current = |fp: &u64| current.binary_search(fp).is_ok();
    let old_entries: &[u64] = old.map_or(&[], |m| &m.entries);
    let remembered: HashMap<(&Path, u128), &Vec<(u64, f64)>> = old
        .into_iter()
        .flat_map(|m| &m.texts)
        .map(|t| ((t.path.as_path(), t.hash), &t.edges))
        .collect();
    let mut edges: Vec<Option<Vec<(u64, f64)>>> = free
        .iter()
        .map(|&ti| {
            let t = &texts[ti];
            remembered
                .get(&(t.path.as_path(), t.doc.hash))
                .map(|e| e.iter().copied().filter(|(fp, _)| is_current(fp)).collect())
        })
        .collect();
    let fresh: Vec<usize> = (0..free.len()).filter(|&i| edges[i].is_none()).collect();
    // Distinct entries by fingerprint (equal ones score alike), and those
    // the remembered texts were not scored against.
    let distinct = || {
        let mut seen = HashSet::new();
        (0..entries.len())
            .filter(|&ei| seen.insert(fps[ei]))
            .collect::<Vec<usize>>()
    };
    let known: Vec<usize> = (0..free.len()).filter(|&i| edges[i].is_some()).collect();
    let added: Vec<usize> = if known.is_empty() || current.as_slice() == old_entries {
        Vec::new()
    } else {
        distinct()
            .into_iter()
            .filter(|&ei| old_entries.binary_search(&fps[ei]).is_err())
            .collect()
    };
    let mut scored = 0;
    if !fresh.is_empty() || (!known.is_empty() && !added.is_empty()) {
        crate::timing::phase("library: pair by content", || {
            if !fresh.is_empty() {
                let titles = crate::timing::phase("library: pair: title index", || {
                    Titles::new(entries, fps, &distinct())
                });
                let found = score_texts(&titles, texts, free, &fresh);
                for (&i, f) in fresh.iter().zip(found) {
                    edges[i] = Some(f);
                }
                scored += fresh.len();
            }
            if !known.is_empty() && !added.is_empty() {
                let titles = Titles::new(entries, fps, &added);
                let found = score_texts(&titles, texts, free, &known);
                for (&i, f) in known.iter().zip(found) {
                    edges[i].get_or_insert_with(Vec::new).extend(f);
                }
                scored += known.len();
            }
        });
    }
    let edges: Vec<Vec<(u64, f64)>> = edges.into_iter().map(Option::unwrap_or_default).collect();
    let memo = Memo {
        entries: current,
        texts: free
            .iter()
            .zip(&edges)
            .map(|(&ti, e)| MemoText {
                path: texts[ti].path.clone(),
                hash: texts[ti].doc.hash,
                edges: e.clone(),
            })
            .collect(),
    };
    (edges, memo, scored)
}

/// Score the texts `free[i]` for each `i` in `which` against `titles`, on all cores.
fn score_texts(
    titles: &Titles,
    texts: &[LoadedText],
    free: &[usize],
    which: &[usize],
) -> Vec<Vec<(u64, f64)>> {
    use rayon::prelude::*;
    let openings: Vec<Vec<String>> = which
        .par_iter()
        .map(|&i| fold_words(&texts[free[i]].doc.front.opening))
        .collect();
    let near = crate::timing::phase("library: pair: misspellings", || {
        titles.near_words(&openings)
    });
    crate::timing::phase("library: pair: scores", || {
        openings
            .par_iter()
            .map_init(
                || Scratch::new(titles),
                |s, words| titles.score_text(words, &near, s),
            )
            .collect()
    })
}

// ---------------------------------------------------------------------------
// `file` fields and file names.

/// The corpus's texts by file name, for `file` fields and keys.
struct Names<'a> {
    texts: &'a [LoadedText],
    by_stem: HashMap<&'a OsStr, Vec<usize>>,
    canon: Vec<std::sync::OnceLock<PathBuf>>,
}

/// Where an attachment leads.
enum Target {
    /// A path on this system.
    Path(PathBuf),
    /// Folder and file names a text's path must end with.
    Suffix(Vec<String>),
}

impl<'a> Names<'a> {
    fn new(texts: &'a [LoadedText]) -> Self {
        let mut by_stem: HashMap<&OsStr, Vec<usize>> = HashMap::new();
        for (ti, t) in texts.iter().enumerate() {
            if let Some(stem) = t.path.file_stem() {
                by_stem.entry(stem).or_default().push(ti);
            }
        }
        Names {
            texts,
            by_stem,
            canon: (0..texts.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    fn canon(&self, ti: usize) -> &Path {
        self.canon[ti].get_or_init(|| canonical(&self.texts[ti].path))
    }

    /// The untaken text an attachment names: the file itself, else a text
    /// of the same name beside it (`.txt` first, then `.md`, `.markdown`,
    /// then any other). Only texts of the same file stem are looked at, so
    /// entries whose files the corpus lacks cost no file system access.
    fn find_file(
        &self,
        file: &str,
        base: &Path,
        options: &Options,
        taken: &[bool],
    ) -> Option<usize> {
        // Most attachments name files the corpus lacks: looked up by stem
        // first, with nothing allocated.
        let stem = |last: Option<&str>| {
            last.and_then(|l| Path::new(l).file_stem())
                .is_some_and(|s| self.by_stem.contains_key(s))
        };
        let file_name = file.trim_end_matches(['/', '\\']);
        if !stem(file_name.rsplit('/').next()) && !stem(file_name.rsplit(['/', '\\']).next()) {
            return None;
        }
        let targets = targets(file, base, options);
        targets.iter().find_map(|t| self.find_target(t, taken))
    }

    fn find_target(&self, target: &Target, taken: &[bool]) -> Option<usize> {
        let (name, stem) = match target {
            Target::Path(p) => (p.file_name()?.to_os_string(), p.file_stem()?.to_os_string()),
            Target::Suffix(parts) => {
                let name = Path::new(parts.last()?);
                (
                    name.file_name()?.to_os_string(),
                    name.file_stem()?.to_os_string(),
                )
            }
        };
        let same_stem = self.by_stem.get(stem.as_os_str())?;
        let mut hits: Vec<usize> = match target {
            Target::Path(p) => {
                let dir = canonical(p.parent()?);
                same_stem
                    .iter()
                    .copied()
                    .filter(|&ti| !taken[ti] && self.canon(ti).parent() == Some(dir.as_path()))
                    .collect()
            }
            Target::Suffix(parts) => same_stem
                .iter()
                .copied()
                .filter(|&ti| !taken[ti] && ends_with_folders(&self.texts[ti].path, parts))
                .collect(),
        };
        hits.sort_by_key(|&ti| {
            let path = &self.texts[ti].path;
            let rank = if path.file_name() == Some(name.as_os_str()) {
                0
            } else {
                match super::ext(path).as_deref() {
                    Some("txt") => 1,
                    Some("md") => 2,
                    Some("markdown") => 3,
                    _ => 4,
                }
            };
            (rank, ti)
        });
        hits.first().copied()
    }
}

/// A path with links and `..` resolved when it exists; else its folder's
/// so resolved with its name (the named PDF may be missing while its text
/// is there), else as written.
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| p.to_path_buf()),
        _ => p.to_path_buf(),
    }
}

/// Whether a text's path ends with the folders of `parts` (all but the
/// last part, the file's name, which the caller has matched by stem).
fn ends_with_folders(path: &Path, parts: &[String]) -> bool {
    let folders = &parts[..parts.len().saturating_sub(1)];
    let mut dirs = path
        .parent()
        .into_iter()
        .flat_map(|p| p.components().rev())
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s),
            _ => None,
        });
    folders
        .iter()
        .rev()
        .all(|f| dirs.next().is_some_and(|d| d == OsStr::new(f)))
}

/// Where an attachment's path may lead, most exact first.
fn targets(file: &str, base: &Path, options: &Options) -> Vec<Target> {
    let split = |s: &str| -> Vec<String> {
        s.split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = file.strip_prefix("storage:") {
        let parts = split(rest);
        let mut out = Vec::new();
        if let Some(dir) = &options.zotero_storage {
            out.push(Target::Path(
                parts.iter().fold(dir.clone(), |p, s| p.join(s)),
            ));
        }
        out.push(Target::Suffix(parts));
        return out;
    }
    if !cfg!(windows) && is_windows_path(file) {
        // Exported on Windows, read here: the last folder and the name.
        let parts = split(file);
        let n = parts.len();
        return vec![Target::Suffix(parts[n.saturating_sub(2)..].to_vec())];
    }
    vec![Target::Path(base.join(file))]
}

/// `C:\...`, `C:/...` or `\\server\...`.
fn is_windows_path(s: &str) -> bool {
    let b = s.as_bytes();
    s.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
}

// ---------------------------------------------------------------------------
// Content: an inverted index of title words.

/// The title words a content score reads, as the exhaustive score chose
/// them: the significant words when there are at least two, else all.
fn title_words(title: &str) -> Vec<String> {
    let all = fold_words(title);
    let significant: Vec<String> = all
        .iter()
        .filter(|w| !crate::stopwords::TITLE_STOP.contains(&w.as_str()))
        .cloned()
        .collect();
    if significant.len() >= 2 {
        significant
    } else {
        all
    }
}

/// One entry's title prepared for scoring.
struct Title {
    fp: u64,
    /// Title words, as vocabulary ids.
    words: Vec<u32>,
    /// For each pair of neighbouring words, the id of the two glued (a lost hyphen).
    glued: Vec<u32>,
    /// Authors' family names, folded into words (empty: no authors).
    families: Vec<Vec<String>>,
}

/// Entries' titles with an inverted index of their words.
/// Hash maps keyed by words: XXH3 rather than SipHash (looked up for every
/// word of every opening; nothing here is keyed by untrusted input an
/// attacker could collide to any effect beyond slowness).
type Fast = xxhash_rust::xxh3::Xxh3DefaultBuilder;

struct Titles {
    titles: Vec<Title>,
    vocab: HashMap<String, u32, Fast>,
    /// Each word's text, by id.
    words: Vec<String>,
    /// Titles holding each word (by id), with how often.
    postings: Vec<Vec<(u32, u16)>>,
    /// Glued neighbour pairs of titles (`exportoriented`), by text.
    glued: HashMap<String, u32, Fast>,
    /// Long words by their deletion variants (up to [`max_edits`] letters
    /// deleted), for finding misspelt matches without comparing every pair.
    variants: HashMap<String, Vec<u32>, Fast>,
    /// Long words too long for deletion variants: compared one by one.
    very_long: Vec<u32>,
}

/// Words this long or longer are compared one by one rather than through
/// deletion variants (their variants would be too many).
const VERY_LONG: usize = 23;

/// The most edits a word of `len` characters can be from another it matches
/// (normalised Levenshtein ≥ 0.85 means at most 0.15 of the longer word's
/// length, so at most 3/17 of the shorter's; 0.18 leaves a margin).
fn max_edits(len: usize) -> usize {
    len * 18 / 100
}

/// Every string made by deleting up to `k` characters of `w` (`w` included).
fn deletions(w: &str, k: usize, out: &mut HashSet<String>) {
    let chars: Vec<char> = w.chars().collect();
    let mut level: HashSet<Vec<char>> = HashSet::from([chars]);
    out.insert(w.to_string());
    for _ in 0..k {
        let mut next = HashSet::new();
        for c in &level {
            for i in 0..c.len() {
                let mut d = c.clone();
                d.remove(i);
                next.insert(d);
            }
        }
        out.extend(next.iter().map(|d| d.iter().collect::<String>()));
        level = next;
    }
}

fn fuzzy_match(a: &str, b: &str) -> bool {
    strsim::normalized_levenshtein(a, b) >= 0.85
}

impl Titles {
    /// The titles of `entries[ei]` for each `ei` in `which`.
    fn new(entries: &[Entry], fps: &[u64], which: &[usize]) -> Titles {
        let mut t = Titles {
            titles: Vec::new(),
            vocab: HashMap::default(),
            words: Vec::new(),
            postings: Vec::new(),
            glued: HashMap::default(),
            variants: HashMap::default(),
            very_long: Vec::new(),
        };
        let mut buf = String::new();
        for &ei in which {
            let e = &entries[ei];
            let Some(title) = &e.title else { continue };
            let words = title_words(title);
            if words.is_empty() {
                continue;
            }
            let slot = t.titles.len() as u32;
            let ids: Vec<u32> = words.iter().map(|w| t.intern(w)).collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            for run in sorted.chunk_by(|a, b| a == b) {
                let n = u16::try_from(run.len()).unwrap_or(u16::MAX);
                t.postings[run[0] as usize].push((slot, n));
            }
            let glued = words
                .windows(2)
                .map(|p| {
                    buf.clear();
                    buf.push_str(&p[0]);
                    buf.push_str(&p[1]);
                    if let Some(&g) = t.glued.get(buf.as_str()) {
                        return g;
                    }
                    let g = t.glued.len() as u32;
                    t.glued.insert(buf.clone(), g);
                    g
                })
                .collect();
            let families = e.authors.iter().map(|a| fold_words(&a.family)).collect();
            t.titles.push(Title {
                fp: fps[ei],
                words: ids,
                glued,
                families,
            });
        }
        let mut variants: HashMap<String, Vec<u32>, Fast> = HashMap::default();
        let mut dels = HashSet::new();
        for (id, w) in t.words.iter().enumerate() {
            let len = w.chars().count();
            if len < LONG {
                continue;
            }
            if len >= VERY_LONG {
                t.very_long.push(id as u32);
                continue;
            }
            dels.clear();
            deletions(w, max_edits(len), &mut dels);
            for d in dels.drain() {
                variants.entry(d).or_default().push(id as u32);
            }
        }
        t.variants = variants;
        t
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.vocab.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.vocab.insert(w.to_string(), id);
        self.words.push(w.to_string());
        self.postings.push(Vec::new());
        id
    }

    /// For each distinct long word of the openings, the title words it
    /// matches misspelt (normalised Levenshtein at least 0.85, not equal),
    /// found through deletion variants: computed once for all texts, as
    /// openings share most of their words.
    fn near_words<'w>(&self, openings: &'w [Vec<String>]) -> HashMap<&'w str, Vec<u32>, Fast> {
        use rayon::prelude::*;
        let mut seen: HashSet<&str> = HashSet::new();
        let distinct: Vec<&str> = openings
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|w| seen.insert(w) && w.chars().count() >= LONG)
            .collect();
        distinct
            .par_iter()
            .map_init(HashSet::new, |dels, &w| (w, self.near(w, dels)))
            .filter(|(_, ids)| !ids.is_empty())
            .collect()
    }

    /// The title words `w` (an opening word of at least [`LONG`]
    /// characters) matches misspelt.
    fn near(&self, w: &str, dels: &mut HashSet<String>) -> Vec<u32> {
        let len = w.chars().count();
        let mut near: Vec<u32> = Vec::new();
        if len >= VERY_LONG {
            near.extend(
                self.long_words()
                    .filter(|&id| self.words[id as usize].chars().count() * 100 >= len * 80),
            );
        } else {
            dels.clear();
            deletions(w, max_edits(len), dels);
            for d in dels.iter() {
                if let Some(ids) = self.variants.get(d) {
                    near.extend(ids);
                }
            }
            near.extend(
                self.very_long
                    .iter()
                    .filter(|&&id| len * 100 >= self.words[id as usize].chars().count() * 80),
            );
        }
        near.sort_unstable();
        near.dedup();
        near.retain(|&id| {
            let t = &self.words[id as usize];
            t != w && fuzzy_match(w, t)
        });
        near
    }

    /// Every title scoring at least [`THRESHOLD`] against a text's opening
    /// (its words, as `fold_words` gives them): (fingerprint, score), with
    /// the exhaustive score's value.
    fn score_text(
        &self,
        words: &[String],
        near: &HashMap<&str, Vec<u32>, Fast>,
        s: &mut Scratch,
    ) -> Vec<(u64, f64)> {
        if words.is_empty() {
            return Vec::new();
        }
        // Where each title word stands in the opening (exactly or misspelt),
        // and where glued pairs do.
        let mut set: HashSet<&str, Fast> = HashSet::default();
        for (i, w) in words.iter().enumerate() {
            let i = i as u32;
            set.insert(w.as_str());
            if let Some(&id) = self.vocab.get(w.as_str()) {
                s.place(id, i);
            }
            if let Some(&g) = self.glued.get(w.as_str()) {
                s.place_glued(g, i);
            }
            if let Some(ids) = near.get(w.as_str()) {
                for &id in ids {
                    s.place(id, i);
                }
            }
        }
        // Candidates: titles with a third of their words exactly in the opening.
        s.touched.clear();
        for &w in &set {
            let Some(&id) = self.vocab.get(w) else {
                continue;
            };
            for &(slot, n) in &self.postings[id as usize] {
                let c = &mut s.counts[slot as usize];
                if *c == 0 {
                    s.touched.push(slot);
                }
                *c += u32::from(n);
            }
        }
        let mut out = Vec::new();
        let (mut places, mut count) = (Vec::new(), Vec::new());
        for k in 0..s.touched.len() {
            let slot = s.touched[k];
            let exact = std::mem::take(&mut s.counts[slot as usize]) as usize;
            let t = &self.titles[slot as usize];
            let n = t.words.len();
            if exact * 3 < n {
                continue;
            }
            // No more words can stand in a window than have a place at all.
            let upper = (0..n)
                .filter(|&i| s.lists(t, i).iter().any(|l| !l.is_empty()))
                .count();
            if (upper as f64 / n as f64) < THRESHOLD {
                continue;
            }
            let score = score(t, s, &set, &mut places, &mut count);
            if score >= THRESHOLD {
                out.push((t.fp, score));
            }
        }
        s.clear();
        // In a stable order, so the cache file is the same run after run.
        out.sort_unstable_by_key(|&(fp, _)| fp);
        out
    }

    fn long_words(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.words.len() as u32).filter(|&id| self.words[id as usize].chars().count() >= LONG)
    }
}

/// The exhaustive content score, from the places found for the words
/// (their order and repeats do not change it).
fn score(
    t: &Title,
    s: &Scratch,
    set: &HashSet<&str, Fast>,
    places: &mut Vec<(u32, usize)>,
    count: &mut Vec<u32>,
) -> f64 {
    let n = t.words.len();
    let window = n as u32 + 6;
    // Every place of every word, in order; a window starts at each place and
    // holds the words with a place inside it (swept with two pointers).
    places.clear();
    for i in 0..n {
        for list in s.lists(t, i) {
            places.extend(list.iter().map(|&p| (p, i)));
        }
    }
    places.sort_unstable();
    count.clear();
    count.resize(n, 0);
    let (mut end, mut inside, mut best) = (0usize, 0usize, 0usize);
    let mut at = 0;
    while at < places.len() {
        let start = places[at].0;
        while end < places.len() && places[end].0 < start + window {
            let c = &mut count[places[end].1];
            if *c == 0 {
                inside += 1;
            }
            *c += 1;
            end += 1;
        }
        best = best.max(inside);
        // The next window starts further on: the places at `start` leave.
        while at < places.len() && places[at].0 == start {
            let c = &mut count[places[at].1];
            *c -= 1;
            if *c == 0 {
                inside -= 1;
            }
            at += 1;
        }
    }
    let title_score = best as f64 / n as f64;
    if title_score < THRESHOLD {
        return 0.0;
    }
    let author_score = if t.families.is_empty() {
        title_score
    } else {
        let hits = t
            .families
            .iter()
            .filter(|f| f.iter().all(|w| set.contains(w.as_str())))
            .count();
        hits as f64 / t.families.len() as f64
    };
    0.75 * title_score + 0.25 * author_score
}

/// One thread's working memory for scoring texts: where each title word
/// and glued pair stands in the current opening (cleared after each).
struct Scratch {
    pos: Vec<Vec<u32>>,
    glued_pos: Vec<Vec<u32>>,
    placed: Vec<u32>,
    placed_glued: Vec<u32>,
    counts: Vec<u32>,
    touched: Vec<u32>,
}

const EMPTY: &[u32] = &[];

impl Scratch {
    fn new(t: &Titles) -> Scratch {
        Scratch {
            pos: vec![Vec::new(); t.words.len()],
            glued_pos: vec![Vec::new(); t.glued.len()],
            placed: Vec::new(),
            placed_glued: Vec::new(),
            counts: vec![0; t.titles.len()],
            touched: Vec::new(),
        }
    }

    fn place(&mut self, id: u32, at: u32) {
        let p = &mut self.pos[id as usize];
        if p.is_empty() {
            self.placed.push(id);
        }
        p.push(at);
    }

    fn place_glued(&mut self, g: u32, at: u32) {
        let p = &mut self.glued_pos[g as usize];
        if p.is_empty() {
            self.placed_glued.push(g);
        }
        p.push(at);
    }

    /// Where title word `i` of `t` stands: the word itself (exactly or
    /// misspelt), glued to the next word, glued to the one before.
    fn lists<'s>(&'s self, t: &Title, i: usize) -> [&'s [u32]; 3] {
        let glued = |k: Option<usize>| {
            k.and_then(|k| t.glued.get(k))
                .map_or(EMPTY, |&g| self.glued_pos[g as usize].as_slice())
        };
        [
            &self.pos[t.words[i] as usize],
            glued(Some(i)),
            glued(i.checked_sub(1)),
        ]
    }

    fn clear(&mut self) {
        for id in self.placed.drain(..) {
            self.pos[id as usize].clear();
        }
        for g in self.placed_glued.drain(..) {
            self.glued_pos[g as usize].clear();
        }
    }
}

#[cfg(test)]
pub(super) mod oracle;

#[cfg(test)]
mod tests;
