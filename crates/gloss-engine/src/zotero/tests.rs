use super::*;
use std::collections::BTreeMap;

fn built() -> (tempfile::TempDir, fixture::Built) {
    let t = tempfile::tempdir().unwrap();
    let b = fixture::build(&t.path().join("Zotero"), &t.path().join("linked")).unwrap();
    (t, b)
}

fn source(b: &fixture::Built, collection: Option<&str>) -> Source {
    Source {
        dir: b.dir.clone(),
        collection: collection.map(str::to_string),
    }
}

fn by_key(lib: &Library) -> BTreeMap<&str, &Item> {
    lib.items
        .iter()
        .map(|i| (i.citation_key.as_str(), i))
        .collect()
}

/// Every file under `dir` with a hash of its bytes.
fn hashes(dir: &Path) -> BTreeMap<PathBuf, u128> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (e.path().to_path_buf(), crate::corpus::content_hash(&bytes))
        })
        .collect()
}

#[test]
fn items_are_read_with_keys_creators_dates_and_containers() {
    let (_t, b) = built();
    let lib = read(&source(&b, None));
    assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
    let items = by_key(&lib);
    let keys: Vec<&str> = items.keys().copied().collect();
    // No attachment, note, trashed item or group-library item.
    assert_eq!(
        keys,
        [
            "berg2015",
            "chenLearningCiteEvidence2020",
            "chenLearningCiteEvidence2020a",
            "mullerUberStrasseOkonomie1999",
            "okaforInstitutionsFirm2001",
            "who2015ageing"
        ]
    );
    let berg = items["berg2015"];
    assert_eq!(berg.key_source, KeySource::BetterBibtex);
    assert_eq!(berg.kind, "journalArticle");
    assert_eq!(berg.authors[0].family, "van der Berg");
    assert_eq!(berg.authors[0].given.as_deref(), Some("Jan"));
    assert_eq!(berg.year, Some(2015));
    assert_eq!(berg.container.as_deref(), Some("Neural Computing Surveys"));
    assert_eq!(berg.doi.as_deref(), Some("10.1000/som.2015.7"));
    let date = berg.fields.iter().find(|(k, _)| k == "date").unwrap();
    assert_eq!(date.1, "June 2015", "the date as the user wrote it");

    let who = items["who2015ageing"];
    assert_eq!(who.key_source, KeySource::Zotero);
    assert_eq!(
        who.authors,
        [Name {
            family: "World Health Organization".into(),
            given: None
        }]
    );
    assert_eq!(who.container.as_deref(), Some("World Health Organization"));

    let okafor = items["okaforInstitutionsFirm2001"];
    assert_eq!(okafor.key_source, KeySource::Generated);
    assert_eq!(okafor.kind, "bookSection");
    assert_eq!(okafor.editors.len(), 2);
    assert_eq!(okafor.editors[1].family, "Soskice");
    assert_eq!(okafor.container.as_deref(), Some("Varieties of Capitalism"));

    // Better BibTeX's row for item 4 names another item key: ignored, as
    // BBT ignores it; item 6's generated key clashes and takes `a`.
    let chen = items["chenLearningCiteEvidence2020"];
    assert_eq!(chen.key_source, KeySource::Generated);
    assert_eq!(chen.kind, "conferencePaper");
    assert_eq!(
        chen.container.as_deref(),
        Some("Proceedings of the Workshop on Scholarly Text")
    );
    assert_eq!(items["chenLearningCiteEvidence2020a"].year, Some(2020));
    let muller = items["mullerUberStrasseOkonomie1999"];
    assert_eq!(muller.container.as_deref(), Some("Universität Wien"));
}

#[test]
fn attachments_give_texts_and_pdf_paths() {
    let (_t, b) = built();
    let lib = read(&source(&b, None));
    let items = by_key(&lib);
    let berg = items["berg2015"];
    assert_eq!(
        berg.text(),
        Some(b.dir.join("storage/ATTBERG1/.zotero-ft-cache").as_path())
    );
    assert_eq!(
        berg.pdfs().collect::<Vec<_>>(),
        [b.dir
            .join("storage/ATTBERG1/van der Berg - 2015 - Self-organizing maps.pdf")
            .as_path()]
    );
    // A PDF without extracted text: the work has no text, and no warning.
    let who = items["who2015ageing"];
    assert_eq!(who.text(), None);
    assert_eq!(who.pdfs().count(), 1);
    // A linked file: its own path, the text Zotero keeps in storage.
    let okafor = items["okaforInstitutionsFirm2001"];
    assert_eq!(okafor.pdfs().collect::<Vec<_>>(), [b.linked.as_path()]);
    assert!(okafor.text().is_some());
    let entry = okafor.entry(&b.dir.join(DATABASE));
    assert_eq!(entry.files, [b.linked.display().to_string()]);
    assert_eq!(entry.fields.get("zotero-key"), Some("OKAF2001"));
    assert!(items["mullerUberStrasseOkonomie1999"]
        .attachments
        .is_empty());
}

#[test]
fn a_collection_holds_its_subcollections_items() {
    let (_t, b) = built();
    let all = read(&source(&b, None));
    assert_eq!(
        all.collections,
        ["Dissertation", "Dissertation/Chapter 2", "Reading"]
    );
    let keys = |c: &str| -> Vec<String> {
        let lib = read(&source(&b, Some(c)));
        assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
        let mut k: Vec<String> = lib.items.iter().map(|i| i.citation_key.clone()).collect();
        k.sort();
        k
    };
    assert_eq!(keys("Dissertation/Chapter 2"), ["berg2015"]);
    // Item 6's key takes its `a` from item 4, which is not in Dissertation:
    // keys are the library's, whatever the collection read.
    assert_eq!(
        keys("Dissertation"),
        [
            "berg2015",
            "chenLearningCiteEvidence2020a",
            "okaforInstitutionsFirm2001"
        ]
    );
    // The trashed item in Reading is not read.
    assert_eq!(keys("/Reading/"), ["chenLearningCiteEvidence2020"]);
    let unknown = read(&source(&b, Some("Chapter 2")));
    assert!(unknown.items.is_empty());
    assert_eq!(unknown.warnings.len(), 1);
    let w = &unknown.warnings[0];
    assert_eq!(w.path, b.dir.join(DATABASE));
    assert!(
        w.message.contains("`Chapter 2`") && w.message.contains("Dissertation/Chapter 2, Reading"),
        "{w}"
    );
}

#[test]
fn missing_foreign_and_damaged_folders_are_warnings() {
    let t = tempfile::tempdir().unwrap();
    let none = read(&Source {
        dir: t.path().join("nowhere"),
        collection: None,
    });
    assert!(none.items.is_empty());
    assert!(
        none.warnings[0].message.contains("not found"),
        "{:?}",
        none.warnings
    );

    let empty = t.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let foreign = read(&Source {
        dir: empty.clone(),
        collection: None,
    });
    assert!(foreign.warnings[0]
        .message
        .contains("not a Zotero data folder"));

    std::fs::write(
        empty.join(DATABASE),
        b"this is not a database at all, only text",
    )
    .unwrap();
    let damaged = read(&Source {
        dir: empty.clone(),
        collection: None,
    });
    assert!(damaged.items.is_empty());
    assert_eq!(damaged.warnings.len(), 1, "{:?}", damaged.warnings);
    assert_eq!(damaged.warnings[0].path, empty.join(DATABASE));

    // A SQLite database that is not Zotero's.
    std::fs::remove_file(empty.join(DATABASE)).unwrap();
    Connection::open(empty.join(DATABASE))
        .unwrap()
        .execute_batch("CREATE TABLE other (x);")
        .unwrap();
    let other = read(&Source {
        dir: empty.clone(),
        collection: None,
    });
    assert!(
        other.warnings[0].message.contains("no table `items`"),
        "{:?}",
        other.warnings
    );
}

#[test]
fn a_database_held_exclusively_mid_transaction_is_read_as_last_committed() {
    let (_t, b) = built();
    let db = b.dir.join(DATABASE);
    let before = read(&source(&b, None)).items;
    let committed = std::fs::read(&db).unwrap();
    // As Zotero holds it: exclusive locking, and a write under way, large
    // enough (with a one-page cache) that changed pages are already in the
    // database file, their originals in the hot journal beside it.
    let zotero = Connection::open(&db).unwrap();
    zotero
        .execute_batch(
            "PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=DELETE; PRAGMA cache_size=1; BEGIN EXCLUSIVE;
             UPDATE itemDataValues SET value = 'Changed, not committed' WHERE value = 'Institutions and the firm';
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
             INSERT INTO itemDataValues (value) SELECT 'filler value number ' || i FROM n;",
        )
        .unwrap();
    assert_ne!(
        std::fs::read(&db).unwrap(),
        committed,
        "uncommitted pages are in the database file"
    );
    assert!(b.dir.join("zotero.sqlite-journal").is_file());
    // A plain open of the original cannot read it.
    let plain = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert!(plain
        .query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))
        .is_err());
    drop(plain);
    let files = hashes(&b.dir);
    let during = read(&source(&b, None));
    assert!(during.warnings.is_empty(), "{:?}", during.warnings);
    assert_eq!(during.items, before, "the last committed state");
    assert_eq!(hashes(&b.dir), files, "nothing in the data folder changed");
    zotero.execute_batch("COMMIT;").unwrap();
    let after = read(&source(&b, None));
    assert!(after
        .items
        .iter()
        .any(|i| i.title.as_deref() == Some("Changed, not committed")));
}

#[test]
fn a_wal_database_is_read_with_its_committed_transactions() {
    let (_t, b) = built();
    let db = b.dir.join(DATABASE);
    let zotero = Connection::open(&db).unwrap();
    zotero
        .execute_batch("PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL;")
        .unwrap();
    // Committed into the WAL, not checkpointed: the database file alone
    // (what `immutable=1` would read) does not have it.
    zotero
        .execute_batch(
            "PRAGMA wal_autocheckpoint=0;
             INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (900, 6, 1, 'WALITEM1');
             INSERT INTO itemDataValues (value) VALUES ('Written to the log');
             INSERT INTO itemData (itemID, fieldID, valueID) VALUES (900, 1, (SELECT valueID FROM itemDataValues WHERE value = 'Written to the log'));",
        )
        .unwrap();
    assert!(b.dir.join("zotero.sqlite-wal").is_file());
    let files = hashes(&b.dir);
    let lib = read(&source(&b, None));
    assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
    assert!(lib
        .items
        .iter()
        .any(|i| i.title.as_deref() == Some("Written to the log")));
    assert_eq!(hashes(&b.dir), files, "nothing in the data folder changed");
    assert!(!b.dir.join("zotero.sqlite-shm").exists());
}

#[test]
fn the_database_and_both_exports_give_the_same_works_and_keys() {
    let (_t, b) = built();
    let lib = read(&source(&b, None));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/zotero");
    let (bib, w1) = crate::bib::load_file(&fixtures.join("library.bib"));
    let (json, w2) = crate::bib::load_file(&fixtures.join("library.json"));
    assert!(w1.is_empty() && w2.is_empty(), "{w1:?} {w2:?}");
    type Work = (
        String,
        Vec<(String, Option<String>)>,
        Vec<String>,
        Option<i32>,
    );
    let works = |entries: Vec<Entry>| -> BTreeMap<String, Work> {
        entries
            .into_iter()
            .map(|e| {
                let names = |ns: &[Name]| {
                    ns.iter()
                        .map(|n| (n.family.clone(), n.given.clone()))
                        .collect::<Vec<_>>()
                };
                let editors = e.editors.iter().map(|n| n.family.clone()).collect();
                let title = crate::text::fold(e.title.as_deref().unwrap_or(""));
                (e.key.clone(), (title, names(&e.authors), editors, e.year))
            })
            .collect()
    };
    let db = b.dir.join(DATABASE);
    let from_db = works(lib.items.iter().map(|i| i.entry(&db)).collect());
    assert_eq!(from_db.len(), 6);
    assert_eq!(works(bib), from_db, "the Better BibTeX export");
    assert_eq!(works(json), from_db, "the CSL-JSON export");
}

#[test]
fn a_scale_library_reads_back_as_built() {
    let t = tempfile::tempdir().unwrap();
    let text = t.path().join("paper.txt");
    std::fs::write(&text, "A Title\n\nSome body text.\n").unwrap();
    let item = |key: &str, text: Option<PathBuf>| fixture::ScaleItem {
        key: key.into(),
        title: format!("Title of {key}"),
        authors: vec![("Ana".into(), "Silva".into()), ("".into(), "Lee".into())],
        year: Some(2011),
        container: Some("Journal".into()),
        text,
    };
    let dir = t.path().join("Zotero");
    fixture::build_scale(
        &dir,
        &[item("silva2011", Some(text.clone())), item("lee2011", None)],
    )
    .unwrap();
    let lib = read(&Source {
        dir: dir.clone(),
        collection: None,
    });
    assert!(lib.warnings.is_empty(), "{:?}", lib.warnings);
    let items = by_key(&lib);
    assert_eq!(
        items.keys().copied().collect::<Vec<_>>(),
        ["lee2011", "silva2011"]
    );
    let silva = items["silva2011"];
    assert_eq!(silva.key_source, KeySource::Zotero);
    assert_eq!(silva.year, Some(2011));
    assert_eq!(silva.authors.len(), 2);
    let cached = silva.text().expect("an extracted text");
    assert_eq!(
        std::fs::read(cached).unwrap(),
        std::fs::read(&text).unwrap()
    );
    assert!(items["lee2011"].text().is_none());
}

/// Paths and names from the database never lead out of `storage/`, sibling
/// collections of one name are both read, and a collection asked of a
/// database without collections reads no items, with a warning.
#[test]
fn database_paths_stay_in_storage_and_collections_are_read_whole() {
    let (_t, b) = built();
    let conn = rusqlite::Connection::open(b.dir.join(DATABASE)).unwrap();
    // Berg's stored PDF named as `storage:../..`; Chen's attachment key
    // climbing out of `storage/`.
    conn.execute(
        "UPDATE itemAttachments SET path = 'storage:../../../outside.pdf' WHERE itemID = 101",
        [],
    )
    .unwrap();
    conn.execute("UPDATE items SET key = '../../x' WHERE itemID = 104", [])
        .unwrap();
    // A second `Reading` beside the first, holding Okafor.
    conn.execute(
        "INSERT INTO collections (collectionID, collectionName, parentCollectionID, libraryID, key) VALUES (9, 'Reading', NULL, 1, 'COLLREA2')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (9, 3, 0)",
        [],
    )
    .unwrap();
    drop(conn);
    let lib = read(&source(&b, None));
    let items = by_key(&lib);
    let berg = items["berg2015"];
    assert_eq!(berg.pdfs().count(), 0, "{:?}", berg.attachments);
    assert!(
        berg.text().is_some(),
        "its folder's extracted text is still read"
    );
    assert!(items["chenLearningCiteEvidence2020"].attachments.is_empty());
    let mut reading: Vec<String> = read(&source(&b, Some("Reading")))
        .items
        .into_iter()
        .map(|i| i.citation_key)
        .collect();
    reading.sort();
    assert_eq!(
        reading,
        ["chenLearningCiteEvidence2020", "okaforInstitutionsFirm2001"]
    );

    let conn = rusqlite::Connection::open(b.dir.join(DATABASE)).unwrap();
    conn.execute_batch("DROP TABLE collectionItems; DROP TABLE collections;")
        .unwrap();
    drop(conn);
    let none = read(&source(&b, Some("Reading")));
    assert!(none.items.is_empty());
    assert!(
        none.warnings
            .iter()
            .any(|w| w.message.contains("no collections table")),
        "{:?}",
        none.warnings
    );
}
