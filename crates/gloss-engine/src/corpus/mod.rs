//! The library a draft is checked against: every bibliography entry (from
//! the corpus folder and the draft's own bibliographies) and every full text
//! of the corpus folder, each text paired with its entry.
//!
//! Pairing order for a text: an entry whose `file` field names it, then an
//! entry whose key equals the file name, then the entry whose title and
//! authors best match the text's opening, else metadata inferred from the
//! text under a generated key (with a warning).
//!
//! Texts are `.txt`, `.md` and `.pdf` files; a PDF's text layer is read by
//! [`pdf`] (a PDF with a text of the same name beside it, `X.pdf` and
//! `X.txt`, is read as that text).

pub mod normalize;
pub mod pairing;
pub mod pdf;
pub mod refs;
pub mod text;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::bib::{self, Entry, Name};
use crate::config::Reach;
use crate::text::{fold, fold_words};
use crate::warn::Warning;
use text::TextDoc;

/// How a work's text was paired with its bibliography entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PairedBy {
    FileField,
    Filename,
    Content,
    /// No entry: metadata inferred from the text.
    Inferred,
    /// An item of a Zotero library with the text Zotero extracted from its
    /// attachment (`crate::zotero`).
    Zotero,
    /// An entry with no text in the corpus.
    None,
}

impl PairedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            PairedBy::FileField => "file-field",
            PairedBy::Filename => "filename",
            PairedBy::Content => "content",
            PairedBy::Inferred => "inferred",
            PairedBy::Zotero => "zotero",
            PairedBy::None => "none",
        }
    }
}

/// A citable work: a bibliography entry, its full text, or both.
#[derive(Debug, Clone)]
pub struct Work {
    pub key: String,
    pub title: Option<String>,
    pub authors: Vec<Name>,
    pub year: Option<i32>,
    /// The bibliography entry (None for works inferred from a text).
    pub entry: Option<Entry>,
    /// The full text's path, when the corpus has it.
    pub path: Option<PathBuf>,
    pub doc: Option<TextDoc>,
    pub paired_by: PairedBy,
    /// `a` in "Chen (2020a)": set when works share authors and year.
    pub year_suffix: Option<char>,
}

impl Work {
    /// "Zhou (2008)", "Zhang and Kawabata (2013)", "Herrigel et al. (2013)", "He and Wang (n.d.)".
    pub fn short_cite(&self) -> String {
        format!("{} ({})", self.author_label(), self.year_label())
    }

    /// "Zhou", "Zhang and Kawabata", "Herrigel et al.", or the key when there are no authors.
    pub fn author_label(&self) -> String {
        let fam: Vec<&str> = self.authors.iter().map(|n| n.family.as_str()).collect();
        match fam.len() {
            0 => self.key.clone(),
            1 => fam[0].to_string(),
            2 => format!("{} and {}", fam[0], fam[1]),
            _ => format!("{} et al.", fam[0]),
        }
    }

    /// "2008", "2020a", "n.d.".
    pub fn year_label(&self) -> String {
        let year = self
            .year
            .map_or_else(|| "n.d.".to_string(), |y| y.to_string());
        format!(
            "{year}{}",
            self.year_suffix.map(String::from).unwrap_or_default()
        )
    }

    /// The page and line on the page of line `line` of the work's text,
    /// when the text was extracted from a PDF.
    pub fn page_of(&self, line: u32) -> Option<pdf::PageLine> {
        self.doc.as_ref()?.pages.as_ref()?.locate(line)
    }

    /// The page of [`Work::definition`]: set when that is a PDF's title line.
    pub fn definition_page(&self) -> Option<pdf::PageLine> {
        let (path, line) = self.definition()?;
        if self.path.as_ref() != Some(&path) {
            return None;
        }
        self.page_of(line)
    }

    /// Where the work is defined: the bibliography entry, else the text's
    /// title line. A Zotero item's entry is a row of Zotero's database,
    /// which no editor shows: its text's title line, else nothing.
    pub fn definition(&self) -> Option<(PathBuf, u32)> {
        if let Some(e) = &self.entry {
            if !crate::zotero::is_database(&e.path) {
                return Some((e.path.clone(), e.line));
            }
        }
        let path = self.path.clone()?;
        let line = self
            .doc
            .as_ref()
            .and_then(|d| d.front.title_line)
            .unwrap_or(1);
        Some((path, line))
    }
}

/// All works known for a draft, with the warnings raised while loading them.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub works: Vec<Work>,
    pub warnings: Vec<Warning>,
    /// Bibliography files read, in order.
    pub bib_files: Vec<PathBuf>,
    by_key: HashMap<String, usize>,
    /// What content pairing found, for the next load (the index cache keeps it).
    pub pairing: pairing::Memo,
    /// Texts content-scored while loading (0 when pairing was remembered).
    pub texts_scored: usize,
    /// Where `file` fields' `storage:` paths lead.
    pub pairing_options: pairing::Options,
}

fn is_text_file(path: &Path) -> bool {
    matches!(
        ext(path).as_deref(),
        Some("txt" | "md" | "markdown" | "pdf")
    )
}

fn is_pdf_file(path: &Path) -> bool {
    ext(path).as_deref() == Some("pdf")
}

fn is_bib_file(path: &Path) -> bool {
    matches!(ext(path).as_deref(), Some("bib" | "json" | "yaml" | "yml"))
}

fn ext(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// Texts already parsed, by path and hash of their bytes (see [`Library::load_with`]).
pub type Reuse<'a> = dyn Fn(&Path, u128) -> Option<TextDoc> + Sync + 'a;

/// Hash of a file's bytes, as the index cache keys texts.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// What reading one text of the corpus gave.
enum Read {
    Paper(TextDoc),
    /// A draft, left out of the corpus: why.
    Draft(&'static str),
}

/// Read and parse one text (or take it from `reuse`), keeping its warnings
/// on the document; a text that cannot be read is a warning. A Markdown
/// text with Pandoc citations or a bibliography in its front matter, and
/// any text in `drafts` (canonical paths of the drafts being checked), is a
/// draft, not a paper. A text taken from `reuse` was a paper when it was
/// cached, and its bytes are unchanged, so it still is.
fn read_doc(path: &Path, reuse: &Reuse<'_>, drafts: &HashSet<PathBuf>) -> Result<Read, Warning> {
    let pdf = is_pdf_file(path);
    let limit = if pdf {
        pdf::MAX_PDF_BYTES
    } else {
        crate::text::MAX_INPUT_BYTES
    };
    let bytes = crate::text::read_bounded(path, limit)
        .map_err(|e| Warning::new(path, None, e.to_string()))?;
    let checked = !drafts.is_empty()
        && drafts.contains(&std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let hash = content_hash(&bytes);
    if !checked {
        if let Some(doc) = reuse(path, hash) {
            return Ok(Read::Paper(doc));
        }
    }
    if pdf {
        // Never a draft; its text is the PDF's, read once (then cached by `hash`).
        let mut doc = pdf::parse(path, &bytes)?;
        doc.hash = hash;
        return Ok(Read::Paper(doc));
    }
    let (raw, decoding) = match crate::text::decode(path, &bytes) {
        Ok(x) => x,
        Err(crate::text::ReadError::Binary) => {
            return Err(Warning::new(path, None, "binary file (NUL bytes), skipped"))
        }
        Err(e) => return Err(Warning::new(path, None, e.to_string())),
    };
    drop(bytes);
    let markdown = matches!(ext(path).as_deref(), Some("md" | "markdown"));
    if markdown || checked {
        if let Some(why) = crate::project::draft_reason(&raw) {
            return Ok(Read::Draft(why.describe()));
        }
        if checked {
            return Ok(Read::Draft("it is being checked"));
        }
    }
    let (mut doc, parsing) = text::parse_text(path, &raw);
    doc.hash = hash;
    doc.warnings = decoding.into_iter().chain(parsing).collect();
    Ok(Read::Paper(doc))
}

/// Read one text of a work paired elsewhere (see [`Library::add_paired`])
/// as corpus texts are read: through the same parser, and from `reuse`
/// when its bytes are unchanged.
pub fn read_paired_text(path: &Path, reuse: &Reuse<'_>) -> Result<TextDoc, Warning> {
    match read_doc(path, reuse, &HashSet::new())? {
        Read::Paper(doc) => Ok(doc),
        Read::Draft(why) => Err(Warning::new(
            path,
            None,
            format!("a draft ({why}), not read"),
        )),
    }
}

#[derive(Clone)]
pub(crate) struct LoadedText {
    path: PathBuf,
    doc: TextDoc,
}

impl Library {
    /// Load a corpus folder (texts and bibliographies, found recursively) and
    /// any further bibliography files. Never fails: problems become warnings.
    /// A library of works made in memory (tests, tools): keys are indexed
    /// as a loaded library's are; year suffixes are taken as given.
    pub fn from_works(works: Vec<Work>) -> Library {
        let by_key = works
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.clone(), i))
            .collect();
        Library {
            works,
            by_key,
            ..Library::default()
        }
    }

    pub fn load(corpus: Option<&Path>, bibs: &[PathBuf]) -> Library {
        Library::load_with(corpus, bibs, &|_, _| None)
    }

    /// [`Library::load`], taking texts already parsed from `reuse`: given a
    /// text's path and the hash of its bytes, it returns the parsed text if
    /// it has one (the index cache).
    pub fn load_with(corpus: Option<&Path>, bibs: &[PathBuf], reuse: &Reuse<'_>) -> Library {
        Library::load_excluding(corpus, bibs, &HashSet::new(), reuse)
    }

    /// [`Library::load_with`], leaving out of the corpus the drafts being
    /// checked (`drafts`: canonical paths) besides the Markdown texts that
    /// are drafts by their content; each is noted in the warnings.
    pub fn load_excluding(
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        drafts: &HashSet<PathBuf>,
        reuse: &Reuse<'_>,
    ) -> Library {
        Library::load_reaching(corpus, bibs, drafts, reuse, &Reach::default())
    }

    /// [`Library::load_excluding`], the corpus walk reaching as far as the
    /// user allowed (`allow_outside`, `allow_broad_corpus`; see [`walk_files`]).
    pub fn load_reaching(
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        drafts: &HashSet<PathBuf>,
        reuse: &Reuse<'_>,
        reach: &Reach,
    ) -> Library {
        Library::load_remembering(corpus, bibs, drafts, reuse, reach, None)
    }

    /// [`Library::load_reaching`], content pairing starting from what the
    /// last load found (`old`, kept by the index cache; see [`pairing`]).
    pub fn load_remembering(
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        drafts: &HashSet<PathBuf>,
        reuse: &Reuse<'_>,
        reach: &Reach,
        old: Option<&pairing::Memo>,
    ) -> Library {
        let (mut lib, texts, entries) = Library::entries(corpus, bibs, reach);
        let loaded = crate::timing::phase("library: read texts", || {
            lib.read_texts(&texts, reuse, drafts)
        });
        crate::timing::phase("library: pair", || lib.pair(entries, loaded, old));
        lib.finish();
        lib
    }

    /// The bibliography entries alone (the corpus folder's and `bibs`), no
    /// text read: what a front end can offer in the first second of a cold
    /// start (completion, a work's reference on hover) while the texts of a
    /// large corpus are read. Works have no text (`PairedBy::None`), and
    /// texts without an entry are not there yet.
    pub fn entries_only(corpus: Option<&Path>, bibs: &[PathBuf], reach: &Reach) -> Library {
        let (mut lib, _, entries) = Library::entries(corpus, bibs, reach);
        lib.pair(entries, Vec::new(), None);
        lib.finish();
        lib
    }

    /// Walk the corpus folder and read every bibliography: the library so
    /// far (its warnings, bibliography files), the texts to read, the
    /// entries (first definition of each key).
    fn entries(
        corpus: Option<&Path>,
        bibs: &[PathBuf],
        reach: &Reach,
    ) -> (Library, Vec<PathBuf>, Vec<Entry>) {
        let mut lib = Library::default();
        let mut texts = Vec::new();
        let mut bib_paths: Vec<PathBuf> = Vec::new();
        if let Some(dir) = corpus {
            lib.walk(dir, reach, &mut texts, &mut bib_paths);
        }
        let mut seen = HashSet::new();
        for p in bib_paths.iter().chain(bibs) {
            let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            if seen.insert(canon) {
                lib.bib_files.push(p.clone());
            }
        }
        let mut entries = Vec::new();
        for p in lib.bib_files.clone() {
            let (es, ws) = bib::load_file(&p);
            entries.extend(es);
            lib.warnings.extend(ws);
        }
        let entries = lib.dedupe(entries);
        (lib, texts, entries)
    }

    /// Year suffixes and the key table, once every work is in.
    fn finish(&mut self) {
        assign_year_suffixes(&mut self.works);
        self.by_key = self
            .works
            .iter()
            .enumerate()
            .map(|(i, w)| (w.key.clone(), i))
            .collect();
    }

    fn walk(
        &mut self,
        dir: &Path,
        reach: &Reach,
        texts: &mut Vec<PathBuf>,
        bibs: &mut Vec<PathBuf>,
    ) {
        if !dir.is_dir() {
            let msg = if dir.exists() {
                "corpus is not a folder"
            } else {
                "corpus folder not found"
            };
            self.warnings.push(Warning::new(dir, None, msg));
            return;
        }
        let (files, warnings) = walk_files(dir, reach);
        self.warnings.extend(warnings);
        let mut any = false;
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if is_text_file(&path) {
                texts.push(path);
                any = true;
            } else if is_bib_file(&path) && !crate::project::is_project_file(&name) {
                bibs.push(path);
                any = true;
            }
        }
        // A PDF with a text of the same name beside it (`X.pdf`, `X.txt`) is
        // read as that text: the writer converted it already.
        let converted: HashSet<(Option<&Path>, Option<&std::ffi::OsStr>)> = texts
            .iter()
            .filter(|p| !is_pdf_file(p))
            .map(|p| (p.parent(), p.file_stem()))
            .collect();
        let pdf_with_text: HashSet<PathBuf> = texts
            .iter()
            .filter(|p| is_pdf_file(p) && converted.contains(&(p.parent(), p.file_stem())))
            .cloned()
            .collect();
        texts.retain(|p| !pdf_with_text.contains(p));
        if !any {
            self.warnings.push(Warning::new(
                dir,
                None,
                "corpus folder holds no texts (.txt, .md, .pdf) or bibliographies (.bib, .json, .yaml)",
            ));
        }
    }

    /// Keep the first entry of each key; warn about conflicting duplicates
    /// across files (duplicates inside one file are reported by the parser).
    fn dedupe(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut index: HashMap<String, usize> = HashMap::new();
        for e in entries {
            match index.get(&e.key) {
                Some(&i) => {
                    let first = &out[i];
                    let same = first.title == e.title
                        && first.authors == e.authors
                        && first.year == e.year;
                    if !same && first.path != e.path {
                        self.warnings.push(Warning::new(
                            &e.path,
                            Some(e.line),
                            format!(
                                "duplicate key `{}` differs from its first definition at {}:{}; the first is used",
                                e.key,
                                first.path.display(),
                                first.line
                            ),
                        ));
                    }
                }
                None => {
                    index.insert(e.key.clone(), out.len());
                    out.push(e);
                }
            }
        }
        out
    }

    /// Read and parse texts on all cores; texts whose bytes are unchanged come from `reuse`.
    fn read_texts(
        &mut self,
        paths: &[PathBuf],
        reuse: &Reuse<'_>,
        drafts: &HashSet<PathBuf>,
    ) -> Vec<LoadedText> {
        use rayon::prelude::*;
        let loaded: Vec<(Option<LoadedText>, Vec<Warning>)> = paths
            .par_iter()
            .map(|p| match read_doc(p, reuse, drafts) {
                Ok(Read::Draft(why)) => {
                    let note = format!("left out of the corpus: it is a draft ({why})");
                    (None, vec![Warning::new(p, None, note)])
                }
                Ok(Read::Paper(doc)) => {
                    let warnings = doc.warnings.clone();
                    let text = LoadedText {
                        path: p.clone(),
                        doc,
                    };
                    (Some(text), warnings)
                }
                Err(w) => (None, vec![w]),
            })
            .collect();
        let mut all = Vec::with_capacity(loaded.len());
        for (text, warnings) in loaded {
            all.extend(text);
            self.warnings.extend(warnings);
        }
        all
    }

    fn pair(&mut self, entries: Vec<Entry>, texts: Vec<LoadedText>, old: Option<&pairing::Memo>) {
        let out = pairing::pair(&entries, &texts, old, &self.pairing_options);
        let text_of_entry = out.text_of_entry;
        self.pairing = out.memo;
        self.texts_scored = out.texts_scored;

        let mut texts: Vec<Option<LoadedText>> = texts.into_iter().map(Some).collect();
        let mut keys: HashSet<String> = entries.iter().map(|e| e.key.clone()).collect();
        for (ei, e) in entries.into_iter().enumerate() {
            let (path, doc, paired_by) = match text_of_entry[ei] {
                Some((ti, how)) => {
                    let t = texts[ti].take().expect("each text is paired once");
                    (Some(t.path), Some(t.doc), how)
                }
                None => (None, None, PairedBy::None),
            };
            self.works.push(Work {
                key: e.key.clone(),
                title: e.title.clone(),
                authors: e.authors.clone(),
                year: e.year,
                entry: Some(e),
                path,
                doc,
                paired_by,
                year_suffix: None,
            });
        }
        // 4. Texts with no entry: inferred metadata and a generated key.
        for t in texts.into_iter().flatten() {
            let front = &t.doc.front;
            let authors: Vec<Name> = front.authors.iter().map(|a| name_from_display(a)).collect();
            let key = unique_key(
                generated_key(&authors, front.year, front.title.as_deref(), &t.path),
                &mut keys,
            );
            self.warnings.push(Warning::new(
                &t.path,
                front.title_line,
                format!(
                    "no bibliography entry matches this text; cite it as `@{key}` (inferred: {}, {}, {})",
                    front.title.as_deref().map_or("no title found".to_string(), |s| format!("\"{s}\"")),
                    if authors.is_empty() {
                        "no authors found".to_string()
                    } else {
                        authors.iter().map(|a| a.family.clone()).collect::<Vec<_>>().join(", ")
                    },
                    front.year.map_or("no year".to_string(), |y| y.to_string())
                ),
            ));
            self.works.push(Work {
                key,
                title: front.title.clone(),
                authors,
                year: front.year,
                entry: None,
                path: Some(t.path),
                doc: Some(t.doc),
                paired_by: PairedBy::Inferred,
                year_suffix: None,
            });
        }
    }

    /// Add works that come paired with their texts from elsewhere (a
    /// Zotero library's items, `crate::zotero`), after the corpus's and the
    /// bibliographies' own: a key the library has already keeps its work
    /// (a bibliography exported from the same library), which takes the
    /// added work's text if it has none. Year suffixes are assigned again
    /// over all works.
    pub fn add_paired(&mut self, works: Vec<Work>) {
        for w in works {
            match self.by_key.get(&w.key) {
                Some(&i) => {
                    let have = &mut self.works[i];
                    if have.doc.is_none() && w.doc.is_some() {
                        have.path = w.path;
                        have.doc = w.doc;
                        have.paired_by = w.paired_by;
                    }
                }
                None => {
                    self.by_key.insert(w.key.clone(), self.works.len());
                    self.works.push(w);
                }
            }
        }
        assign_year_suffixes(&mut self.works);
    }

    pub fn get(&self, key: &str) -> Option<&Work> {
        self.by_key.get(key).map(|&i| &self.works[i])
    }

    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }
}

/// Works with the same authors and year are cited 2020a, 2020b, …: the
/// suffix written in the entry's year field, else the one keys carry
/// (`chen2020a`, `chen2020b`), else title order as citeproc assigns them.
fn assign_year_suffixes(works: &mut [Work]) {
    // Grouped by how the works are cited: "Chen et al." and a year collide
    // even when the co-authors differ.
    let families: Vec<Vec<String>> = works
        .iter()
        .map(|w| fold_words(&w.author_label()))
        .collect();
    let mut groups: HashMap<(Vec<String>, Option<i32>), Vec<usize>> = HashMap::new();
    for (i, w) in works.iter().enumerate() {
        groups
            .entry((families[i].clone(), w.year))
            .or_default()
            .push(i);
    }
    let mut suffix = vec![None; works.len()];
    for (i, w) in works.iter().enumerate() {
        if let Some(raw) = w.entry.as_ref().and_then(|e| e.fields.get("year")) {
            let raw = raw.trim();
            if let Some(c) = raw.chars().last().filter(|c| c.is_ascii_lowercase()) {
                if raw[..raw.len() - 1].chars().all(|c| c.is_ascii_digit()) {
                    suffix[i] = Some(c);
                }
            }
        }
    }
    for members in groups.values_mut() {
        if members.len() < 2 {
            continue;
        }
        // Keys written with the suffix (`chen2020a`, `chen2020b`) say
        // which is which; otherwise title order, as citeproc does.
        let from_keys: Vec<Option<char>> = members
            .iter()
            .map(|&i| {
                let w = &works[i];
                let year = w.year?.to_string();
                let c = w.key.chars().last().filter(char::is_ascii_lowercase)?;
                w.key[..w.key.len() - 1].ends_with(&year).then_some(c)
            })
            .collect();
        let distinct: HashSet<char> = from_keys.iter().flatten().copied().collect();
        if from_keys.iter().all(Option::is_some) && distinct.len() == members.len() {
            for (&i, c) in members.iter().zip(from_keys) {
                suffix[i] = suffix[i].or(c);
            }
            continue;
        }
        members.sort_by_key(|&i| works[i].title.as_deref().map(fold).unwrap_or_default());
        for (n, &i) in members.iter().enumerate() {
            if suffix[i].is_none() {
                suffix[i] = char::from_u32('a' as u32 + n as u32);
            }
        }
    }
    for (w, s) in works.iter_mut().zip(suffix) {
        w.year_suffix = s;
    }
}

/// "Yan Zhang" -> family Zhang, given Yan; "ZHANG Yan"-style forms stay as written.
fn name_from_display(s: &str) -> Name {
    let s = s.trim();
    if let Some((family, given)) = s.split_once(',') {
        return Name {
            family: family.trim().to_string(),
            given: Some(given.trim().to_string()),
        };
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => Name {
            family: title_case(last),
            given: Some(
                rest.iter()
                    .map(|p| title_case(p))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        },
        _ => Name {
            family: title_case(s),
            given: None,
        },
    }
}

/// "HERRIGEL" -> "Herrigel"; mixed-case words stay as written.
fn title_case(w: &str) -> String {
    if w.chars().any(|c| c.is_lowercase()) {
        return w.to_string();
    }
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `zhang2013formation`: first author's family name, year, first significant title word.
fn generated_key(authors: &[Name], year: Option<i32>, title: Option<&str>, path: &Path) -> String {
    let mut key = String::new();
    if let Some(a) = authors.first() {
        key.push_str(&fold_words(&a.family).concat());
    }
    if let Some(y) = year {
        key.push_str(&y.to_string());
    }
    if let Some(t) = title {
        if let Some(w) = fold_words(t)
            .into_iter()
            .find(|w| !crate::stopwords::TITLE_STOP.contains(&w.as_str()))
        {
            key.push_str(&w);
        }
    }
    if key.is_empty() || !key.starts_with(|c: char| c.is_alphanumeric()) {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("text");
        key = fold_words(stem).join("_");
    }
    if key.is_empty() {
        key = "text".into();
    }
    key
}

fn unique_key(base: String, keys: &mut HashSet<String>) -> String {
    let mut key = base.clone();
    let mut n = 2;
    while keys.contains(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    keys.insert(key.clone());
    key
}

/// A warning for an entry the walk could not read, at its path.
fn walk_warning(dir: &Path, e: &ignore::Error) -> Warning {
    match e {
        ignore::Error::WithPath { path, err } => match &**err {
            ignore::Error::Io(io) => Warning::new(path, None, format!("cannot read: {io}")),
            other => walk_warning(path, other),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_warning(dir, err)
        }
        ignore::Error::Loop { child, .. } => {
            Warning::new(child, None, "symbolic link loop, skipped")
        }
        other => Warning::new(dir, None, format!("cannot read: {other}")),
    }
}

/// Entries a corpus walk visits at most: beyond, it stops with a warning.
pub const MAX_WALK_ENTRIES: usize = 200_000;

/// Set when the process is leaving (the server's `exit`): a corpus walk
/// under way stops at its next entry, so no load outlives the server.
static CANCEL_WALKS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Stop every corpus walk under way and every later one (the process is
/// leaving). The language server calls this on `exit`.
pub fn cancel_walks() {
    CANCEL_WALKS.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// The files of a corpus folder, sorted by path, with warnings about what
/// was left out. Each real folder and file is visited once however many
/// symbolic links lead to it (tracked by canonical path), so links forming
/// a DAG or a loop cost one visit each. Left out: hidden files and folders,
/// `node_modules`, what `.gitignore` and `.glossignore` files in the corpus
/// exclude, and symbolic links leading outside the corpus folder (unless
/// `allow_outside` names where they lead). A corpus that is a filesystem
/// root or the home folder is refused unless `allow_broad_corpus` is set.
/// At most [`MAX_WALK_ENTRIES`] entries are visited, and a walk stops when
/// [`cancel_walks`] is called.
pub fn walk_files(dir: &Path, reach: &Reach) -> (Vec<PathBuf>, Vec<Warning>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let mut warnings = Vec::new();
    let Ok(root) = std::fs::canonicalize(dir) else {
        warnings.push(Warning::new(dir, None, "corpus folder not found"));
        return (Vec::new(), warnings);
    };
    let home = dirs::home_dir().and_then(|h| std::fs::canonicalize(h).ok());
    let broad = if root.parent().is_none() {
        Some("a filesystem root")
    } else if home.as_ref() == Some(&root) {
        Some("the home folder")
    } else {
        None
    };
    if let Some(what) = broad.filter(|_| !reach.allow_broad_corpus) {
        warnings.push(Warning::new(
            dir,
            None,
            format!(
                "corpus is {what}: not read, as that would read every file below it; name a folder of papers, or set `allow_broad_corpus = true` in gloss.toml"
            ),
        ));
        return (Vec::new(), warnings);
    }
    let seen: Arc<Mutex<HashSet<PathBuf>>> = Arc::new(Mutex::new(HashSet::from([root.clone()])));
    let skipped: Arc<Mutex<Vec<Warning>>> = Arc::default();
    let visited = Arc::new(AtomicUsize::new(0));
    let mut b = ignore::WalkBuilder::new(dir);
    b.follow_links(true)
        .hidden(true)
        .parents(false)
        .ignore(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(false)
        .require_git(false)
        .add_custom_ignore_filename(".glossignore")
        .sort_by_file_name(|a, b| a.cmp(b));
    {
        let (seen, skipped, visited, reach) = (
            seen.clone(),
            skipped.clone(),
            visited.clone(),
            reach.clone(),
        );
        b.filter_entry(move |e| {
            if CANCEL_WALKS.load(Ordering::Relaxed)
                || visited.fetch_add(1, Ordering::Relaxed) >= MAX_WALK_ENTRIES
            {
                return false;
            }
            if e.depth() == 0 {
                return true;
            }
            if e.file_name() == "node_modules" {
                return false;
            }
            // Where the entry really is: a link may lead anywhere.
            let Ok(real) = std::fs::canonicalize(e.path()) else {
                return true;
            };
            if !real.starts_with(&root) && !reach.allows(&real) {
                skipped.lock().unwrap_or_else(|p| p.into_inner()).push(Warning::new(
                    e.path(),
                    None,
                    format!(
                        "symbolic link leads outside the corpus folder (to {}): not followed; to allow it, add that folder to `allow_outside` in gloss.toml",
                        real.display()
                    ),
                ));
                return false;
            }
            seen.lock().unwrap_or_else(|p| p.into_inner()).insert(real)
        });
    }
    let mut files = Vec::new();
    for item in b.build() {
        match item {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => warnings.push(walk_warning(dir, &e)),
        }
    }
    warnings.extend(std::mem::take(
        &mut *skipped.lock().unwrap_or_else(|p| p.into_inner()),
    ));
    if visited.load(Ordering::Relaxed) > MAX_WALK_ENTRIES {
        warnings.push(Warning::new(
            dir,
            None,
            format!(
                "corpus walk stopped after {MAX_WALK_ENTRIES} files and folders; the rest is not read (name a smaller folder)"
            ),
        ));
    }
    files.sort();
    (files, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_readable_and_unique() {
        let authors = vec![name_from_display("Yan ZHANG")];
        let k = generated_key(
            &authors,
            Some(2013),
            Some("The Formation of Clusters"),
            Path::new("x.txt"),
        );
        assert_eq!(k, "zhang2013formation");
        let mut keys = HashSet::from([k.clone()]);
        assert_eq!(unique_key(k, &mut keys), "zhang2013formation-2");
        assert_eq!(
            generated_key(&[], None, None, Path::new("scan 01.txt")),
            "scan_01"
        );
    }

    #[test]
    fn labels_read_like_citations() {
        let mut w = Work {
            key: "k".into(),
            title: None,
            authors: vec![
                Name {
                    family: "He".into(),
                    given: None,
                },
                Name {
                    family: "Wang".into(),
                    given: None,
                },
            ],
            year: None,
            entry: None,
            path: None,
            doc: None,
            paired_by: PairedBy::None,
            year_suffix: None,
        };
        assert_eq!(w.short_cite(), "He and Wang (n.d.)");
        w.authors.push(Name {
            family: "Li".into(),
            given: None,
        });
        w.year = Some(2013);
        assert_eq!(w.short_cite(), "He et al. (2013)");
    }
}
