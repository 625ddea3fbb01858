//! Tests of the persisted index: reuse, rebuilds after damage, pruning.

use xxhash_rust::xxh3::xxh3_64;

use super::format::{FORMAT, HEADER, SECTIONS, TEXT_SECTIONS};
use super::*;

/// A copy of the example corpus and an empty cache folder.
fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    for e in walkdir::WalkDir::new(&ex) {
        let e = e.unwrap();
        let to = corpus.join(e.path().strip_prefix(&ex).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let cache = Cache::at(tmp.path().join("cache"));
    (tmp, corpus, cache)
}

/// Load, index and save through the cache.
fn run(cache: &Cache, corpus: &Path) -> (Library, Index, Stats) {
    let store = Store::open(Some(cache), Some(corpus), &[]);
    let lib = store.library(Some(corpus), &[]);
    let ix = store.index(&lib, &Glossary::default());
    store.save(&lib, &ix);
    let stats = store.stats();
    (lib, ix, stats)
}

/// The index as JSON (maps with sorted keys), entity catalogue
/// included: equal values, equal indexes.
fn canonical(ix: &Index) -> serde_json::Value {
    serde_json::json!([
        serde_json::to_value(ix).unwrap(),
        serde_json::to_value(&ix.entities).unwrap()
    ])
}

fn same(a: &Index, b: &Index) -> bool {
    canonical(a) == canonical(b)
}

fn fresh(corpus: &Path) -> (Library, Index) {
    let lib = Library::load(Some(corpus), &[]);
    let ix = Index::build(&lib);
    (lib, ix)
}

#[test]
fn second_load_comes_from_the_cache_and_equals_a_fresh_build() {
    let (_tmp, corpus, cache) = setup();
    let (_, _, first) = run(&cache, &corpus);
    assert_eq!((first.texts_cached, first.texts_parsed), (0, 4));
    assert!(!first.entities_cached && first.rejected.is_none() && first.write_error.is_none());
    let file = first.file.clone().unwrap();
    // A write replaces the file (a new inode); a read only marks it used.
    #[cfg(unix)]
    let inode = |f: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(f).unwrap());
    #[cfg(unix)]
    let written = inode(&file);
    let (lib, ix, second) = run(&cache, &corpus);
    assert_eq!((second.texts_cached, second.texts_parsed), (4, 0));
    assert_eq!((second.works_cached, second.works_indexed), (4, 0));
    assert!(second.entities_cached);
    // Nothing changed: the file is not written again.
    #[cfg(unix)]
    assert_eq!(inode(&file), written);
    let (flib, fix) = fresh(&corpus);
    assert!(same(&ix, &fix));
    for (a, b) in lib.works.iter().zip(&flib.works) {
        assert_eq!(a.doc, b.doc);
        assert_eq!(a.key, b.key);
    }
    assert_eq!(lib.warnings, flib.warnings);
}

#[test]
fn only_changed_added_or_removed_papers_are_indexed_again() {
    let (_tmp, corpus, cache) = setup();
    run(&cache, &corpus);
    // Change one paper.
    let p = corpus.join("okafor2019.txt");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\nA new closing sentence about municipal tree canopy budgets in 2031.\n");
    std::fs::write(&p, &text).unwrap();
    let (_, ix, st) = run(&cache, &corpus);
    assert_eq!((st.texts_cached, st.texts_parsed), (3, 1));
    assert_eq!((st.works_cached, st.works_indexed), (3, 1));
    assert!(!st.entities_cached);
    assert!(same(&ix, &fresh(&corpus).1));
    // Add a paper.
    std::fs::write(
        corpus.join("added.txt"),
        "An Added Paper\n\nJane Doe\n\nThis added paper studies rooftop gardens in Lagos and finds that 41 percent of them are irrigated by hand.\n",
    )
    .unwrap();
    let (_, ix, st) = run(&cache, &corpus);
    assert_eq!((st.texts_cached, st.texts_parsed), (4, 1));
    assert_eq!(st.works_indexed, 1);
    assert!(same(&ix, &fresh(&corpus).1));
    // Remove one.
    std::fs::remove_file(corpus.join("scan_7f3a9c.txt")).unwrap();
    let (lib, ix, st) = run(&cache, &corpus);
    assert_eq!((st.texts_cached, st.texts_parsed), (4, 0));
    assert_eq!(st.works_indexed, 0);
    assert!(same(&ix, &fresh(&corpus).1));
    assert!(lib
        .works
        .iter()
        .all(|w| w.path.as_ref().is_none_or(|p| p.exists())));
    // And the next load is whole again.
    let (_, _, st) = run(&cache, &corpus);
    assert!(st.entities_cached && st.texts_parsed == 0 && st.works_indexed == 0);
}

/// Damage the cache file with `f`, then load: the damage is named, the
/// library is built as if there were no cache, and a good file replaces it.
fn damaged(f: impl Fn(&mut Vec<u8>), why: &str) {
    let (_tmp, corpus, cache) = setup();
    let (_, _, st) = run(&cache, &corpus);
    let file = st.file.unwrap();
    let mut b = std::fs::read(&file).unwrap();
    f(&mut b);
    std::fs::write(&file, &b).unwrap();
    let (_, ix, st) = run(&cache, &corpus);
    let rejected = st.rejected.unwrap_or_default();
    assert!(rejected.contains(why), "{why}: {rejected}");
    assert_eq!((st.texts_cached, st.texts_parsed), (0, 4));
    assert!(same(&ix, &fresh(&corpus).1));
    let (_, _, st) = run(&cache, &corpus);
    assert!(st.rejected.is_none() && st.texts_cached == 4, "{st:?}");
}

#[test]
fn corrupt_truncated_foreign_or_old_files_are_rebuilt() {
    damaged(|b| b.truncate(b.len() / 2), "truncated");
    damaged(|b| b.truncate(10), "truncated");
    damaged(|b| b.clear(), "truncated");
    damaged(|b| *b.last_mut().unwrap() ^= 0x55, "checksum");
    damaged(|b| b[HEADER + 100] ^= 0x01, "checksum");
    damaged(|b| b[0] = b'X', "not a gloss cache file");
    damaged(
        |b| b[8..12].copy_from_slice(&(FORMAT + 1).to_le_bytes()),
        "format",
    );
    damaged(|b| b[12] ^= 0xff, "another gloss build");
    damaged(|b| b[36] ^= 0x01, "section lengths");
    // A payload that passes the checksum but is not a snapshot.
    damaged(
        |b| {
            let junk: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
            b.truncate(HEADER);
            b[20..28].copy_from_slice(&(junk.len() as u64).to_le_bytes());
            b[28..36].copy_from_slice(&xxh3_64(&junk).to_le_bytes());
            for i in 0..SECTIONS {
                let n = if i == TEXT_SECTIONS {
                    junk.len() as u64
                } else {
                    0
                };
                b[36 + 8 * i..44 + 8 * i].copy_from_slice(&n.to_le_bytes());
            }
            b.extend(junk);
        },
        "does not decode",
    );
}

#[test]
fn an_unwritable_cache_is_reported_not_fatal() {
    let (tmp, corpus, _) = setup();
    // The cache folder is a file: nothing can be written under it.
    let blocked = tmp.path().join("blocked");
    std::fs::write(&blocked, "x").unwrap();
    let cache = Cache::at(&blocked);
    let (_, ix, st) = run(&cache, &corpus);
    assert!(st.write_error.is_some(), "{st:?}");
    assert!(same(&ix, &fresh(&corpus).1));
    assert!(cache.files().is_empty());
}

/// Indexing runs on all cores but joins work by work in order: one
/// thread and several give the same library, index and catalogue.
#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let mut corpora = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")];
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if shared.is_dir() {
        corpora.push(shared);
    } else {
        let require = std::env::var("GLOSS_REQUIRE_SHARED").is_ok_and(|v| v == "1");
        assert!(
            !require,
            "GLOSS_REQUIRE_SHARED=1 but {} is missing",
            shared.display()
        );
    }
    for corpus in corpora {
        let build = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let lib = Library::load(Some(&corpus), &[]);
                let ix = Index::build(&lib);
                let docs: Vec<_> = lib
                    .works
                    .iter()
                    .map(|w| (w.key.clone(), w.doc.clone()))
                    .collect();
                (docs, lib.warnings, canonical(&ix))
            })
        };
        let one = build(1);
        let many = build(4);
        assert!(
            one == many,
            "{} differs with 1 and 4 threads",
            corpus.display()
        );
    }
}

#[test]
fn unused_and_stale_files_are_pruned() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    for n in ["index-a.bin", "index-b.tmp123", "index-c.bin", "notes.txt"] {
        std::fs::write(d.join(n), "x").unwrap();
    }
    let now = std::time::SystemTime::now();
    // A day later: only the temporary file is stale.
    prune(d, now + std::time::Duration::from_secs(24 * 3600));
    let left = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(left(d), ["index-a.bin", "index-c.bin", "notes.txt"]);
    // A used file is marked used; after the limit the unused one goes.
    let later = now + UNUSED + std::time::Duration::from_secs(3600);
    let f = std::fs::File::options()
        .append(true)
        .open(d.join("index-a.bin"))
        .unwrap();
    f.set_modified(later).unwrap();
    prune(d, later + std::time::Duration::from_secs(60));
    assert_eq!(left(d), ["index-a.bin", "notes.txt"]);
}

#[test]
fn cache_files_are_named_by_library() {
    let c = Cache::at("/tmp/x");
    let a = c.file_for(Some(Path::new("/a")), &[]);
    let b = c.file_for(Some(Path::new("/b")), &[]);
    let ab = c.file_for(Some(Path::new("/a")), &[PathBuf::from("/r.bib")]);
    assert!(a != b && a != ab && a.starts_with("/tmp/x"));
    assert_eq!(a, c.file_for(Some(Path::new("/a")), &[]));
}

/// A cache file whose checksum is right but whose index points nowhere
/// (a crafted or miscomputed payload) is not used, and what is loaded
/// equals a fresh build: nothing the index holds is followed unchecked,
/// and its derived tables are computed again rather than trusted.
#[test]
fn a_cached_index_whose_indices_point_nowhere_is_not_used() {
    use serde_json::{json, Value};
    let (_tmp, corpus, cache) = setup();
    let (lib, ix, _) = run(&cache, &corpus);
    let (_, want) = fresh(&corpus);
    let file = cache.file_for(Some(&corpus), &[]);
    let key = entities_key(&lib, &Glossary::default());
    let first_key = |v: &Value, field: &str| -> String {
        v[field].as_object().unwrap().keys().next().unwrap().clone()
    };
    type Tamper = Box<dyn Fn(&mut Value)>;
    let tampers: Vec<(&str, bool, Tamper)> = vec![
        (
            "unit past its text",
            true,
            Box::new(|v| v["units"][0]["sentence"] = json!(1_000_000)),
        ),
        (
            "term outside the vocabulary",
            true,
            Box::new(|v| v["units"][0]["terms"] = json!([u32::MAX])),
        ),
        (
            "unit of a work without text",
            true,
            Box::new(|v| v["units"][0]["work"] = json!(4_000_000)),
        ),
        (
            "work term ids emptied",
            true,
            Box::new(move |v| {
                let k = first_key(v, "work_ids");
                v["work_ids"][k] = json!([]);
            }),
        ),
        (
            "vocabulary id reused",
            true,
            Box::new(move |v| {
                let k = first_key(v, "vocab");
                let n = v["vocab"].as_object().unwrap().len();
                v["vocab"][k] = json!(n + 5);
            }),
        ),
        (
            "counts of a work that does not exist",
            true,
            Box::new(|v| v["work_tf"][0] = json!([[4_000_000, 1]])),
        ),
        // Derived tables are recomputed: the file is used, and right.
        (
            "postings",
            false,
            Box::new(|v| v["postings"][0] = json!([0, 0, 0])),
        ),
        ("idf", false, Box::new(|v| v["idf"][0] = json!(99.0))),
    ];
    for (what, rejected, tamper) in tampers {
        let mut v = serde_json::to_value(&ix).unwrap();
        tamper(&mut v);
        let bad: Index = serde_json::from_value(v).unwrap();
        format::write(&file, &lib, &bad, (key, &ix.entities)).unwrap();
        let (_, got, st) = run(&cache, &corpus);
        assert_eq!(st.rejected.is_some(), rejected, "{what}: {st:?}");
        assert!(
            same(&got, &want),
            "{what}: the index differs from a fresh build"
        );
    }
}

/// Thousands of resealed mutations of a real cache file (bytes flipped,
/// bumped, cut, spliced): decoding never panics, and what decodes has
/// passed validation (the fuzz target `cache_reader` runs the same entry).
#[test]
fn mutated_cache_files_decode_or_fail_without_panicking() {
    let (_tmp, corpus, cache) = setup();
    run(&cache, &corpus);
    let good = std::fs::read(cache.file_for(Some(&corpus), &[])).unwrap();
    assert!(super::decode_for_fuzzing(&good).is_ok());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    let body = good.len() - HEADER;
    for i in 0..4000 {
        let mut b = good.clone();
        match i % 4 {
            0 => {
                for _ in 0..1 + next() % 4 {
                    let at = HEADER + next() % body;
                    b[at] ^= 1 << (next() % 8);
                }
            }
            1 => {
                let at = HEADER + next() % body;
                b[at] = b[at].wrapping_add(1 + (next() % 3) as u8);
            }
            2 => b.truncate(HEADER + next() % body),
            _ => {
                // A run of bytes copied from elsewhere in the payload.
                let (from, to, n) = (HEADER + next() % body, HEADER + next() % body, next() % 16);
                let n = n.min(b.len() - from).min(b.len() - to);
                let run: Vec<u8> = b[from..from + n].to_vec();
                b[to..to + n].copy_from_slice(&run);
            }
        }
        super::seal(&mut b);
        let _ = super::decode_for_fuzzing(&b);
    }
}
