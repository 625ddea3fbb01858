use std::path::{Path, PathBuf};

use super::super::{LoadedText, PairedBy};
use super::*;
use crate::bib::{Entry, Name};
use crate::corpus::text::TextDoc;

fn entry(key: &str, title: Option<&str>, fams: &[&str], files: &[&str], bib: &Path) -> Entry {
    Entry {
        key: key.into(),
        kind: "article".into(),
        title: title.map(str::to_string),
        authors: fams
            .iter()
            .map(|f| Name {
                family: f.to_string(),
                given: None,
            })
            .collect(),
        editors: vec![],
        year: Some(2008),
        container: None,
        files: files.iter().map(|f| f.to_string()).collect(),
        keywords: vec![],
        fields: Default::default(),
        path: bib.to_path_buf(),
        line: 1,
    }
}

fn text(path: impl Into<PathBuf>, opening: &str, hash: u128) -> LoadedText {
    let mut doc = TextDoc::default();
    doc.front.opening = opening.to_string();
    doc.hash = hash;
    LoadedText {
        path: path.into(),
        doc,
    }
}

/// A small deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &'a [String]) -> &'a str {
        &xs[self.below(xs.len())]
    }
}

/// Words of every length that matters: short, long (misspellings count),
/// 12+ (two edits), 17+ (three) and 23+ (compared one by one).
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    let letters = b"abcdefghiklmnoprstuvy";
    let mut out: Vec<String> = [
        "the", "of", "and", "in", "a", "on", "for", "china", "growth",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for len in [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 21, 24, 27] {
        let n = if len < 12 { 14 } else { 5 };
        for _ in 0..n {
            out.push(
                (0..len)
                    .map(|_| letters[rng.below(letters.len())] as char)
                    .collect(),
            );
        }
    }
    out
}

/// Conversion damage: a letter changed, dropped or added.
fn misspell(w: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = w.chars().collect();
    let i = rng.below(c.len());
    match rng.below(3) {
        0 => c[i] = 'x',
        1 => {
            c.remove(i);
        }
        _ => c.insert(i, 'q'),
    }
    c.into_iter().collect()
}

struct Generated {
    entries: Vec<Entry>,
    texts: Vec<LoadedText>,
}

/// Entries with titles from a small vocabulary (so many share words), and
/// texts whose openings hold a title (damaged: misspelt, glued, words
/// dropped, twice over) or scattered title words, or nothing.
fn generate(seed: u64, n_entries: usize, n_texts: usize) -> Generated {
    let mut rng = Rng(seed);
    let vocab = vocabulary(&mut rng);
    let families: Vec<String> = (0..40).map(|i| format!("fam{i}")).collect();
    let bib = Path::new("/nowhere/refs.bib");
    let mut entries = Vec::new();
    for i in 0..n_entries {
        let n = 1 + rng.below(7);
        let title: Vec<&str> = (0..n).map(|_| rng.pick(&vocab)).collect();
        let fams: Vec<&str> = (0..rng.below(3)).map(|_| rng.pick(&families)).collect();
        let title = (rng.below(20) > 0).then(|| title.join(" "));
        entries.push(entry(&format!("k{i}"), title.as_deref(), &fams, &[], bib));
        // Duplicates (same title and authors, another key) now and then.
        if rng.below(25) == 0 {
            let mut dup = entries[i].clone();
            dup.key = format!("k{i}dup");
            entries.push(dup);
        }
    }
    let mut texts = Vec::new();
    for ti in 0..n_texts {
        let mut words: Vec<String> = (0..rng.below(60))
            .map(|_| rng.pick(&vocab).to_string())
            .collect();
        if rng.below(4) > 0 {
            let e = &entries[rng.below(entries.len())];
            let mut title = crate::text::fold_words(e.title.as_deref().unwrap_or("x"));
            for w in title.iter_mut() {
                if w.chars().count() >= 6 && rng.below(3) == 0 {
                    *w = misspell(w, &mut rng);
                }
            }
            if title.len() >= 2 && rng.below(4) == 0 {
                let i = rng.below(title.len() - 1);
                let glued = format!("{}{}", title[i], title[i + 1]);
                title.splice(i..i + 2, [glued]);
            }
            if title.len() >= 3 && rng.below(4) == 0 {
                title.remove(rng.below(title.len()));
            }
            let at = rng.below(words.len() + 1);
            words.splice(at..at, title);
            for a in &e.authors {
                if rng.below(3) > 0 {
                    words.push(crate::text::fold(&a.family));
                }
            }
        }
        if ti % 7 == 0 {
            // Another title's words scattered over the page.
            let e = &entries[rng.below(entries.len())];
            for w in crate::text::fold_words(e.title.as_deref().unwrap_or("")) {
                let at = rng.below(words.len() + 1);
                words.insert(at, w);
            }
        }
        // Some texts are named by a key.
        let name = if rng.below(10) == 0 {
            format!("k{}", rng.below(n_entries))
        } else {
            format!("t{ti}")
        };
        texts.push(text(
            format!("/corpus/{name}.txt"),
            &words.join(" "),
            ti as u128,
        ));
    }
    Generated { entries, texts }
}

#[test]
fn indexed_scores_equal_the_exhaustive_scores() {
    let g = generate(7, 400, 150);
    let fps: Vec<u64> = g.entries.iter().map(fingerprint).collect();
    let all: Vec<usize> = (0..g.entries.len()).collect();
    let titles = Titles::new(&g.entries, &fps, &all);
    let all_texts: Vec<usize> = (0..g.texts.len()).collect();
    let scored = score_texts(&titles, &g.texts, &all_texts, &all_texts);
    let mut compared = 0;
    for (t, got) in g.texts.iter().zip(scored) {
        let mut got = got;
        got.sort_by_key(|a| a.0);
        got.dedup();
        let opening = oracle::OpeningWords::new(&t.doc.front.opening);
        let mut want: Vec<(u64, f64)> = g
            .entries
            .iter()
            .zip(&fps)
            .map(|(e, &fp)| (fp, oracle::content_score(e, &opening)))
            .filter(|&(_, s)| s >= THRESHOLD)
            .collect();
        want.sort_by_key(|a| a.0);
        want.dedup();
        assert_eq!(got, want, "{}", t.doc.front.opening);
        compared += want.len();
    }
    assert!(
        compared > 100,
        "the generated texts hold titles: {compared}"
    );
}

#[test]
fn indexed_pairing_equals_the_exhaustive_pairing() {
    for seed in 1..4 {
        let g = generate(seed, 600, 200);
        let want = oracle::pair(&g.entries, &g.texts);
        let got = pair(&g.entries, &g.texts, None, &Options::default());
        assert_eq!(got.text_of_entry, want, "seed {seed}");
        let by_content = want
            .iter()
            .filter(|p| matches!(p, Some((_, PairedBy::Content))))
            .count();
        assert!(
            by_content > 50,
            "seed {seed}: {by_content} paired by content"
        );
        assert_eq!(got.texts_scored, got.memo.texts());
    }
}

#[test]
fn remembered_pairing_equals_pairing_from_scratch() {
    let g = generate(11, 600, 200);
    let first = pair(&g.entries, &g.texts, None, &Options::default());
    // The same library again: nothing is scored.
    let again = pair(&g.entries, &g.texts, Some(&first.memo), &Options::default());
    assert_eq!(again.texts_scored, 0);
    assert_eq!(again.text_of_entry, first.text_of_entry);
    assert_eq!(again.memo, first.memo);

    // The bibliography changes: entries added (copies of paired entries
    // under new keys, placed first, so they win ties), removed and retitled;
    // texts change. Every result equals pairing from scratch.
    let mut entries = g.entries.clone();
    let mut rng = Rng(99);
    let mut added = Vec::new();
    for (ei, p) in first.text_of_entry.iter().enumerate().take(200) {
        if p.is_some() && rng.below(3) == 0 {
            let mut e = g.entries[ei].clone();
            e.key = format!("new{ei}");
            if let Some(t) = &mut e.title {
                t.push_str(" growth");
            }
            added.push(e);
        }
    }
    entries.retain(|_| rng.below(8) > 0);
    for e in entries.iter_mut().step_by(13) {
        e.title = Some("growth of the pearl river delta".into());
    }
    let n_added = added.len();
    entries.splice(0..0, added);
    let mut texts = g.texts.clone();
    for t in texts.iter_mut().step_by(9) {
        t.doc
            .front
            .opening
            .push_str(" growth of the pearl river delta");
        t.doc.hash += 1_000_000;
    }
    let want = oracle::pair(&entries, &texts);
    let got = pair(&entries, &texts, Some(&first.memo), &Options::default());
    assert_eq!(got.text_of_entry, want);
    assert!(n_added > 10);
    let fresh = pair(&entries, &texts, None, &Options::default());
    assert_eq!(got.memo.entries, fresh.memo.entries);
    let changed = got
        .text_of_entry
        .iter()
        .zip(&fresh.text_of_entry)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 0);
}

#[test]
fn memo_consistency() {
    let g = generate(3, 100, 40);
    let m = pair(&g.entries, &g.texts, None, &Options::default()).memo;
    assert!(m.is_consistent());
    let mut bad = m.clone();
    bad.entries.reverse();
    assert!(bad.entries.len() < 2 || !bad.is_consistent());
    let mut bad = m;
    if let Some(t) = bad.texts.iter_mut().find(|t| !t.edges.is_empty()) {
        t.edges[0].1 = f64::NAN;
        assert!(!bad.is_consistent());
    }
}

// `file` fields, on real files.

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[&str]) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        Fixture { dir }
    }
    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }
    fn texts(&self, names: &[&str]) -> Vec<LoadedText> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| text(self.path(n), "", i as u128))
            .collect()
    }
}

fn paired(entries: &[Entry], texts: &[LoadedText], options: &Options) -> Vec<Option<String>> {
    pair(entries, texts, None, options)
        .text_of_entry
        .iter()
        .map(|p| {
            p.map(|(ti, how)| {
                assert_eq!(how, PairedBy::FileField);
                texts[ti]
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
        })
        .collect()
}

#[test]
fn file_fields_in_every_form() {
    let names = [
        "corpus/papers/Smith - 2001 - A Paper.txt",
        "corpus/papers/Jones - 2003 - Other.md",
        "corpus/storage/AB12CD34/Lee - 2010 - Third.txt",
        "corpus/storage/ZZ99ZZ99/Lee - 2010 - Third.txt",
        "corpus/abs/Kim - 2012 - Fourth.txt",
        "corpus/win/Park - 2015 - Fifth.txt",
        "corpus/both/Wu - 2016 - Sixth.txt",
        "corpus/both/Wu - 2016 - Sixth.md",
    ];
    let fx = Fixture::new(&names);
    let texts = fx.texts(&names);
    let bib = fx.path("refs.bib");
    let abs = fx.path("corpus/abs/Kim - 2012 - Fourth.txt");
    let entries = vec![
        // Relative to the bibliography, naming a PDF beside which the text lies.
        entry(
            "smith",
            None,
            &[],
            &["corpus/papers/Smith - 2001 - A Paper.pdf"],
            &bib,
        ),
        // Several attachments: the first names nothing in the corpus.
        entry(
            "jones",
            None,
            &[],
            &[
                "corpus/papers/snapshot.html",
                "corpus/papers/Jones - 2003 - Other.pdf",
            ],
            &bib,
        ),
        // Zotero's storage form, no storage folder known: found by suffix.
        entry(
            "lee",
            None,
            &[],
            &["storage:ZZ99ZZ99/Lee - 2010 - Third.pdf"],
            &bib,
        ),
        // Absolute, naming the text itself.
        entry("kim", None, &[], &[abs.to_str().unwrap()], &bib),
        // Exported on Windows.
        entry(
            "park",
            None,
            &[],
            &[r"C:\Users\me\win\Park - 2015 - Fifth.pdf"],
            &bib,
        ),
        // A text and a Markdown twin: the .txt is preferred.
        entry(
            "wu",
            None,
            &[],
            &["corpus/both/Wu - 2016 - Sixth.pdf"],
            &bib,
        ),
        // Names a file the corpus lacks entirely.
        entry("gone", None, &[], &["corpus/papers/Missing.pdf"], &bib),
    ];
    let got = paired(&entries, &texts, &Options::default());
    let want = [
        Some("Smith - 2001 - A Paper.txt"),
        Some("Jones - 2003 - Other.md"),
        Some("Lee - 2010 - Third.txt"),
        Some("Kim - 2012 - Fourth.txt"),
        Some("Park - 2015 - Fifth.txt"),
        Some("Wu - 2016 - Sixth.txt"),
        None,
    ];
    assert_eq!(got, want.map(|w| w.map(str::to_string)).to_vec());
    // The storage entry took the text under its own key's folder.
    let out = pair(&entries, &texts, None, &Options::default());
    let (ti, _) = out.text_of_entry[2].unwrap();
    assert!(texts[ti].path.to_string_lossy().contains("ZZ99ZZ99"));

    // With a storage folder known, `storage:` resolves under it.
    let options = Options {
        zotero_storage: Some(fx.path("corpus/storage")),
    };
    let entries = vec![entry(
        "lee",
        None,
        &[],
        &["storage:AB12CD34/Lee - 2010 - Third.pdf"],
        &bib,
    )];
    let out = pair(&entries, &texts, None, &options);
    let (ti, _) = out.text_of_entry[0].unwrap();
    assert!(texts[ti].path.to_string_lossy().contains("AB12CD34"));
}

#[test]
fn a_named_text_is_preferred_to_its_twin() {
    // Once PDFs are corpus texts, a `file` field naming one pairs with it
    // directly; here a .md named by the field beats the .txt beside it.
    let names = ["c/X.txt", "c/X.md"];
    let fx = Fixture::new(&names);
    let texts = fx.texts(&names);
    let bib = fx.path("refs.bib");
    let entries = vec![
        entry("a", None, &[], &["c/X.md"], &bib),
        entry("b", None, &[], &["c/X.pdf"], &bib),
    ];
    let got = paired(&entries, &texts, &Options::default());
    assert_eq!(
        got,
        vec![Some("X.md".to_string()), Some("X.txt".to_string())]
    );
}

#[test]
fn a_file_field_through_a_link_pairs() {
    let names = ["real/Y.txt"];
    let fx = Fixture::new(&names);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(fx.path("real"), fx.path("link")).unwrap();
        let texts = fx.texts(&names);
        let bib = fx.path("refs.bib");
        let entries = vec![entry("y", None, &[], &["link/Y.pdf"], &bib)];
        let got = paired(&entries, &texts, &Options::default());
        assert_eq!(got, vec![Some("Y.txt".to_string())]);
    }
}

/// The indexed score of one entry against one opening (0.0 below the threshold).
fn indexed_score(e: &Entry, opening: &str) -> f64 {
    let entries = [e.clone()];
    let fps = [fingerprint(e)];
    let titles = Titles::new(&entries, &fps, &[0]);
    let texts = [text("t.txt", opening, 0)];
    score_texts(&titles, &texts, &[0], &[0])[0]
        .first()
        .map_or(0.0, |&(_, s)| s)
}

#[test]
fn content_score_survives_conversion_damage() {
    let bib = Path::new("refs.bib");
    let e = entry(
        "z",
        Some("Export-Oriented Growth in the Pearl River Delta"),
        &["Zhou"],
        &[],
        bib,
    );
    let score = |o: &str| {
        let want = oracle::content_score(&e, &oracle::OpeningWords::new(o));
        let want = if want >= THRESHOLD { want } else { 0.0 };
        assert_eq!(indexed_score(&e, o), want, "{o}");
        want
    };
    assert!(score("exportoriented growth in the pearl river delta yu zhou vassar college") > 0.9);
    assert_eq!(score("a study of machine tools in shenyang by jun he"), 0.0);
    let scattered = "export policy in china and its neighbours. the growth of firms in the city was fast and uneven. \
         traders on the pearl river sold to buyers across the region, far from the delta ports";
    assert_eq!(score(scattered), 0.0, "title words scattered over the page");
    assert!(score("export oriented growht in the pearl rivers delta zhou") > 0.6);
    // Long words misspelt by two and three edits still stand.
    let e2 = entry(
        "l",
        Some("Internationalization and Institutionalization of Manufacturing"),
        &[],
        &[],
        bib,
    );
    let o = "internationalisatoin and institutionalizaton of manufacturing";
    let want = oracle::content_score(&e2, &oracle::OpeningWords::new(o));
    assert!(want > 0.9);
    assert_eq!(indexed_score(&e2, o), want);
}

/// The shared corpora (named by hash, paired by content) pair exactly as
/// the exhaustive pairing pairs them, and every text finds its entry.
#[test]
fn shared_corpora_pair_as_before() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let dirs: Vec<PathBuf> = ["corpus", "bench/corpus3", "realworld/corpus2"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect();
    if dirs.is_empty() {
        if crate::test_skip::required() {
            panic!("GLOSS_REQUIRE_SHARED=1 but {} is missing", root.display());
        }
        crate::test_skip::skip(&crate::test_skip::this_test(), "../shared not found");
        return;
    }
    for dir in dirs {
        let lib = crate::corpus::Library::load(Some(&dir), &[]);
        let mut entries: Vec<Entry> = lib.works.iter().filter_map(|w| w.entry.clone()).collect();
        for e in &mut entries {
            e.files.clear();
        }
        let texts: Vec<LoadedText> = lib
            .works
            .iter()
            .filter_map(|w| {
                Some(LoadedText {
                    path: w.path.clone()?,
                    doc: w.doc.clone()?,
                })
            })
            .collect();
        assert!(texts.len() >= 5, "{}", dir.display());
        let want = oracle::pair(&entries, &texts);
        let got = pair(&entries, &texts, None, &Options::default());
        assert_eq!(got.text_of_entry, want, "{}", dir.display());
        let paired = want.iter().flatten().count();
        assert_eq!(
            paired,
            texts.len(),
            "{}: every text has its entry",
            dir.display()
        );
        assert!(lib.works.iter().all(|w| w.paired_by != PairedBy::Inferred));
    }
}

/// Before and after on real data (BENCHMARKS.md, "Issue 16: pairing"):
/// `GLOSS_PAIRING_BENCH="CORPUS BIB [TEXTS]" cargo test --release -p
/// gloss-engine --lib pairing_bench -- --ignored --nocapture` times the
/// exhaustive pairing (on the first TEXTS texts, default all) and the
/// indexed one (on all), cold, and checks they agree on those texts.
#[test]
#[ignore = "a measurement: needs GLOSS_PAIRING_BENCH and a release build"]
fn pairing_bench() {
    let Ok(spec) = std::env::var("GLOSS_PAIRING_BENCH") else {
        return;
    };
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let (corpus, bib) = (Path::new(parts[0]), PathBuf::from(parts[1]));
    let lib = crate::corpus::Library::load(Some(corpus), &[bib]);
    let mut entries: Vec<Entry> = lib.works.iter().filter_map(|w| w.entry.clone()).collect();
    for e in &mut entries {
        e.files.clear();
        e.key.push('\u{1}'); // no key is a file name: every text by content
    }
    let texts: Vec<LoadedText> = lib
        .works
        .iter()
        .filter_map(|w| {
            Some(LoadedText {
                path: w.path.clone()?,
                doc: w.doc.clone()?,
            })
        })
        .collect();
    let n = parts
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(texts.len())
        .min(texts.len());
    let t = std::time::Instant::now();
    let got = pair(&entries, &texts, None, &Options::default());
    let indexed = t.elapsed();
    let t = std::time::Instant::now();
    let want = oracle::pair(&entries, &texts[..n]);
    let exhaustive = t.elapsed();
    let t = std::time::Instant::now();
    let again = pair(&entries, &texts, Some(&got.memo), &Options::default());
    let warm = t.elapsed();
    assert_eq!(again.texts_scored, 0);
    let sub = pair(&entries, &texts[..n], None, &Options::default());
    assert_eq!(sub.text_of_entry, want);
    let paired = got.text_of_entry.iter().flatten().count();
    eprintln!(
        "{} texts x {} entries: indexed {:.1} ms cold ({paired} paired), {:.1} ms warm; exhaustive on {n} texts {:.1} ms",
        texts.len(),
        entries.len(),
        indexed.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3,
        exhaustive.as_secs_f64() * 1e3
    );
}
