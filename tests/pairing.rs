//! Pairing texts with bibliography entries through the real binary: `file`
//! fields in every form a reference manager writes, and content pairing
//! remembered in the persisted index (a warm start scores no text).

mod common;
use common::*;
use std::path::Path;

/// A paper whose opening says `title` by `author`.
fn paper(title: &str, author: &str) -> String {
    format!(
        "{title}\n\n{author}\n\nAbstract. This paper reports what was found in the archives of \
         three port authorities over a decade of records.\n\n1. Introduction\n\n\
         The records were read in full. Each ledger was compared with the minutes of the \
         board. The comparison shows how decisions were made in practice.\n"
    )
}

fn index(dir: &Path, cache: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let o = gloss()
        .env("GLOSS_CACHE_DIR", cache)
        .env("GLOSS_TIMINGS", "1")
        .args(["index", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss");
    assert!(o.status.success(), "{}", stderr(&o));
    (json(&o), stderr(&o))
}

/// (key, paired_by, file name of the text) of every work.
fn pairs(v: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out: Vec<_> = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let name = w["path"].as_str().map_or(String::new(), |p| {
                Path::new(p)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            });
            (
                w["key"].as_str().unwrap().to_string(),
                w["paired_by"].as_str().unwrap().to_string(),
                name,
            )
        })
        .collect();
    out.sort();
    out
}

fn pair_of<'a>(v: &'a [(String, String, String)], key: &str) -> (&'a str, &'a str) {
    let p = v
        .iter()
        .find(|p| p.0 == key)
        .unwrap_or_else(|| panic!("{key} in {v:?}"));
    (p.1.as_str(), p.2.as_str())
}

#[test]
fn file_fields_in_every_form() {
    // Texts named as Zotero names them; their openings match no entry's
    // title, so only the `file` fields can pair them.
    let dir = tree(&[
        (
            "corpus/papers/Smith - 2001 - A Paper.txt",
            paper("Ledgers of the Harbour Board", "Jan Smith").as_bytes(),
        ),
        (
            "corpus/papers/Jones - 2003 - Other.txt",
            paper("Minutes of the Dock Company", "Mary Jones").as_bytes(),
        ),
        (
            "corpus/storage/AB12CD34/Lee - 2010 - Third.txt",
            paper("Cranes at the Quay", "Ann Lee").as_bytes(),
        ),
        (
            "corpus/storage/WIN99999/Park - 2015 - Fifth.md",
            paper("Tonnage Dues in Winter", "Sun Park").as_bytes(),
        ),
        (
            "corpus/abs/Kim - 2012 - Fourth.txt",
            paper("Pilots and Tugs", "Bo Kim").as_bytes(),
        ),
    ]);
    let abs = dir.path().join("corpus/abs/Kim - 2012 - Fourth.txt");
    let bib = format!(
        r"@article{{smith2001,
  title = {{Unrelated Title One}}, author = {{Smith, Jan}}, year = {{2001}},
  file = {{Full Text PDF:corpus/papers/Smith - 2001 - A Paper.pdf:application/pdf}}
}}
@article{{jones2003,
  title = {{Unrelated Title Two}}, author = {{Jones, Mary}}, year = {{2003}},
  file = {{Snapshot:corpus/papers/snapshot.html:text/html;Full Text PDF:corpus/papers/Jones - 2003 - Other.pdf:application/pdf}}
}}
@article{{lee2010,
  title = {{Unrelated Title Three}}, author = {{Lee, Ann}}, year = {{2010}},
  file = {{storage:AB12CD34/Lee - 2010 - Third.pdf}}
}}
@article{{park2015,
  title = {{Unrelated Title Five}}, author = {{Park, Sun}}, year = {{2015}},
  file = {{Full Text PDF:C\:\\Users\\me\\Zotero\\storage\\WIN99999\\Park - 2015 - Fifth.pdf:application/pdf}}
}}
@article{{kim2012,
  title = {{Unrelated Title Four}}, author = {{Kim, Bo}}, year = {{2012}},
  file = {{{}}}
}}
",
        abs.display()
    );
    std::fs::write(dir.path().join("refs.bib"), bib).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (v, _) = index(
        dir.path(),
        cache.path(),
        &["--corpus", "corpus", "--bib", "refs.bib"],
    );
    let got = pairs(&v);
    // Relative, naming a PDF with its converted text beside it.
    assert_eq!(
        pair_of(&got, "smith2001"),
        ("file-field", "Smith - 2001 - A Paper.txt")
    );
    // Several attachments with escaped colons: the second names the text.
    assert_eq!(
        pair_of(&got, "jones2003"),
        ("file-field", "Jones - 2003 - Other.txt")
    );
    // Zotero's storage form, found by its KEY/name suffix.
    assert_eq!(
        pair_of(&got, "lee2010"),
        ("file-field", "Lee - 2010 - Third.txt")
    );
    // Better BibTeX on Windows: escaped drive letter and backslashes.
    assert_eq!(
        pair_of(&got, "park2015"),
        ("file-field", "Park - 2015 - Fifth.md")
    );
    // Absolute, naming the text itself.
    assert_eq!(
        pair_of(&got, "kim2012"),
        ("file-field", "Kim - 2012 - Fourth.txt")
    );
    assert_eq!(
        got.iter().filter(|p| p.1 == "inferred").count(),
        0,
        "{got:?}"
    );
}

#[test]
fn a_warm_start_does_no_content_pairing() {
    let dir = tree(&[
        (
            "corpus/a.txt",
            paper(
                "Harbour Cranes and Port Labour in Rotterdam",
                "Anna Verhoeven",
            )
            .as_bytes(),
        ),
        (
            "corpus/b.txt",
            paper("Tonnage Dues and the Finances of Antwerp", "Pieter Claes").as_bytes(),
        ),
        (
            "corpus/c.txt",
            paper("Pilotage Rules on the Lower Elbe", "Greta Holm").as_bytes(),
        ),
    ]);
    let bib = "@article{verhoeven2001, title = {Harbour Cranes and Port Labour in Rotterdam}, author = {Verhoeven, Anna}, year = {2001}}
@article{claes2004, title = {Tonnage Dues and the Finances of Antwerp}, author = {Nobody, Else}, year = {2004}}
@article{holm2009, title = {Pilotage Rules on the Lower Elbe}, author = {Holm, Greta}, year = {2009}}
@article{other1999, title = {Something Else Entirely}, author = {Other, Per}, year = {1999}}
";
    std::fs::write(dir.path().join("refs.bib"), bib).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let args = ["--corpus", "corpus", "--bib", "refs.bib"];
    let (cold, cold_err) = index(dir.path(), cache.path(), &args);
    assert_eq!(cold["cache"]["texts_scored"], 3, "{}", cold["cache"]);
    assert!(cold_err.contains("library: pair by content"), "{cold_err}");
    let first = pairs(&cold);
    assert_eq!(pair_of(&first, "verhoeven2001"), ("content", "a.txt"));
    assert_eq!(pair_of(&first, "claes2004"), ("content", "b.txt"));
    assert_eq!(pair_of(&first, "holm2009"), ("content", "c.txt"));

    // Warm: the same pairs, no text scored, no content-pairing phase.
    let (warm, warm_err) = index(dir.path(), cache.path(), &args);
    assert_eq!(warm["cache"]["texts_scored"], 0, "{}", warm["cache"]);
    assert_eq!(warm["cache"]["texts_cached"], 3);
    assert!(!warm_err.contains("library: pair by content"), "{warm_err}");
    assert_eq!(pairs(&warm), first);

    // A new entry that fits b.txt better (its author too) takes it; the
    // remembered candidates are scored against the new entry only, and
    // the result is what pairing without the cache gives.
    let bib2 = format!(
        "{bib}@article{{claes2005, title = {{Tonnage Dues and the Finances of Antwerp}}, author = {{Claes, Pieter}}, year = {{2005}}}}\n"
    );
    std::fs::write(dir.path().join("refs.bib"), bib2).unwrap();
    let (changed, _) = index(dir.path(), cache.path(), &args);
    let after = pairs(&changed);
    assert_eq!(pair_of(&after, "claes2005"), ("content", "b.txt"));
    assert_eq!(pair_of(&after, "claes2004"), ("none", ""));
    assert_eq!(changed["cache"]["texts_parsed"], 0);
    let o = gloss()
        .env("GLOSS_NO_CACHE", "1")
        .args(["index", "--format", "json"])
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(pairs(&json(&o)), after);
    // And warm again.
    let (again, _) = index(dir.path(), cache.path(), &args);
    assert_eq!(again["cache"]["texts_scored"], 0, "{}", again["cache"]);
    assert_eq!(pairs(&again), after);
}
