//! A Zotero data folder built for tests: `zotero.sqlite` with the table
//! definitions Zotero itself ships (copied verbatim from
//! `resource/schema/userdata.sql`, schema version 129, zotero/zotero
//! f2a42bec; only the tables gloss reads, and `itemNotes`), a `storage/`
//! folder with extracted texts (`.zotero-ft-cache`) and PDFs, a linked file
//! outside it, and `better-bibtex.sqlite` with Better BibTeX 6's key table
//! (`content/db/citation-key.sql`, BBT 6.7.202). The lookup tables' ids are
//! this fixture's own: Zotero fills them from its global schema at start-up,
//! and the reader goes by name, never by id.
//!
//! The same library is exported by hand, as Better BibTeX would export
//! it, in `tests/fixtures/zotero/library.bib` and `library.json`.
//!
//! It is public (not `cfg(test)`) so that the binary's integration tests
//! build the same folder.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

/// Zotero's table definitions (`userdata.sql` schema 129, and the two
/// tables of `system.sql` schema 32 they refer to), verbatim.
pub const ZOTERO_TABLES: &str = r#"
CREATE TABLE fieldFormats (
    fieldFormatID INTEGER PRIMARY KEY,
    regex TEXT,
    isInteger INT
);
CREATE TABLE charsets (
    charsetID INTEGER PRIMARY KEY,
    charset TEXT UNIQUE
);
CREATE TABLE fieldsCombined (
    fieldID INT NOT NULL,
    fieldName TEXT NOT NULL,
    label TEXT,
    fieldFormatID INT,
    custom INT NOT NULL,
    PRIMARY KEY (fieldID)
);
CREATE TABLE libraries (
    libraryID INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    editable INT NOT NULL,
    filesEditable INT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    storageVersion INT NOT NULL DEFAULT 0,
    lastSync INT NOT NULL DEFAULT 0,
    archived INT NOT NULL DEFAULT 0,
    isAdmin INT NOT NULL DEFAULT 0
);
CREATE TABLE itemTypes (
    itemTypeID INTEGER PRIMARY KEY,
    typeName TEXT,
    templateItemTypeID INT,
    display INT DEFAULT 1 -- 0 == hide, 1 == display, 2 == primary
);
CREATE TABLE fields (
    fieldID INTEGER PRIMARY KEY,
    fieldName TEXT,
    fieldFormatID INT,
    FOREIGN KEY (fieldFormatID) REFERENCES fieldFormats(fieldFormatID)
);
CREATE TABLE creatorTypes (
    creatorTypeID INTEGER PRIMARY KEY,
    creatorType TEXT
);
CREATE TABLE itemTypeCreatorTypes (
    itemTypeID INT,
    creatorTypeID INT,
    primaryField INT,
    PRIMARY KEY (itemTypeID, creatorTypeID),
    FOREIGN KEY (itemTypeID) REFERENCES itemTypes(itemTypeID),
    FOREIGN KEY (creatorTypeID) REFERENCES creatorTypes(creatorTypeID)
);
CREATE TABLE items (
    itemID INTEGER PRIMARY KEY,
    itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    dateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE
);
CREATE TABLE itemDataValues (
    valueID INTEGER PRIMARY KEY,
    value UNIQUE,
    valueNormalized TEXT
);
CREATE TABLE itemData (
    itemID INT,
    fieldID INT,
    valueID,
    PRIMARY KEY (itemID, fieldID),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (fieldID) REFERENCES fieldsCombined(fieldID),
    FOREIGN KEY (valueID) REFERENCES itemDataValues(valueID)
);
CREATE TABLE itemNotes (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    note TEXT,
    title TEXT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE TABLE itemAttachments (
    itemID INTEGER PRIMARY KEY,
    parentItemID INT,
    linkMode INT,
    contentType TEXT,
    charsetID INT,
    path TEXT,
    syncState INT DEFAULT 0,
    storageModTime INT,
    storageHash TEXT,
    lastProcessedModificationTime INT,
    lastRead INT,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (parentItemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (charsetID) REFERENCES charsets(charsetID) ON DELETE SET NULL
);
CREATE TABLE creators (
    creatorID INTEGER PRIMARY KEY,
    firstName TEXT,
    lastName TEXT,
    fieldMode INT,
    firstNameNormalized TEXT,
    lastNameNormalized TEXT,
    UNIQUE (lastName, firstName, fieldMode)
);
CREATE TABLE itemCreators (
    itemID INT NOT NULL,
    creatorID INT NOT NULL,
    creatorTypeID INT NOT NULL DEFAULT 1,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex),
    UNIQUE (itemID, orderIndex),
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE,
    FOREIGN KEY (creatorID) REFERENCES creators(creatorID) ON DELETE CASCADE,
    FOREIGN KEY (creatorTypeID) REFERENCES creatorTypes(creatorTypeID)
);
CREATE TABLE collections (
    collectionID INTEGER PRIMARY KEY,
    collectionName TEXT NOT NULL,
    parentCollectionID INT DEFAULT NULL,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL,
    key TEXT NOT NULL,
    version INT NOT NULL DEFAULT 0,
    clientVersion INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0,
    UNIQUE (libraryID, key),
    FOREIGN KEY (libraryID) REFERENCES libraries(libraryID) ON DELETE CASCADE,
    FOREIGN KEY (parentCollectionID) REFERENCES collections(collectionID) ON DELETE CASCADE
);
CREATE TABLE collectionItems (
    collectionID INT NOT NULL,
    itemID INT NOT NULL,
    orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (collectionID, itemID),
    FOREIGN KEY (collectionID) REFERENCES collections(collectionID) ON DELETE CASCADE,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
CREATE TABLE deletedCollections (
    collectionID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL,
    FOREIGN KEY (collectionID) REFERENCES collections(collectionID) ON DELETE CASCADE
);
CREATE TABLE deletedItems (
    itemID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL,
    FOREIGN KEY (itemID) REFERENCES items(itemID) ON DELETE CASCADE
);
"#;

/// Better BibTeX 6's key table (`content/db/citation-key.sql`), in its own
/// database (BBT attached it to Zotero's connection as `betterbibtex`).
pub const BBT_TABLES: &str = r#"
CREATE TABLE citationkey (
  itemID NOT NULL PRIMARY KEY,
  itemKey NOT NULL,
  libraryID NOT NULL,
  citationKey NOT NULL CHECK (citationKey <> ''),
  pinned CHECK (pinned in (0, 1)),
  UNIQUE (libraryID, itemKey)
);
CREATE INDEX citationkey_itemKey ON citationkey(itemKey);
CREATE INDEX citationkey_libraryID_itemKey ON citationkey(libraryID, itemKey);
CREATE INDEX citationkey_citationkey ON citationkey(citationKey);
"#;

const ITEM_TYPES: &[&str] = &[
    "annotation",
    "attachment",
    "book",
    "bookSection",
    "conferencePaper",
    "journalArticle",
    "note",
    "thesis",
];
const FIELDS: &[&str] = &[
    "title",
    "abstractNote",
    "date",
    "publicationTitle",
    "bookTitle",
    "proceedingsTitle",
    "publisher",
    "university",
    "DOI",
    "volume",
    "pages",
    "citationKey",
];
const CREATOR_TYPES: &[&str] = &[
    "author",
    "editor",
    "seriesEditor",
    "translator",
    "contributor",
];

/// The extracted texts, by the citation key of their item.
pub const TEXTS: &[(&str, &str)] = &[
    (
        "berg2015",
        "Self-Organizing Maps: A Review of Applications\n\nJan van der Berg and Maria Müller\n\nAbstract\n\nSelf-organizing maps cluster high-dimensional data onto a two-dimensional grid. We review four hundred applications published between 1990 and 2014.\n\n1 Introduction\n\nKohonen introduced the self-organizing map in 1982. Most applications we reviewed used maps with fewer than one thousand units. Training time grew linearly with the number of samples in every benchmark we ran.\n",
    ),
    (
        "okaforInstitutionsFirm2001",
        "Institutions and the Firm\n\nAda Okafor\n\nFirms adapt their strategies to the institutions of their home country. Coordinated market economies favour incremental innovation, while liberal market economies favour radical innovation.\n",
    ),
    (
        "chenLearningCiteEvidence2020",
        "Learning to Cite: Evidence from Drafts\n\nLi Chen\n\nWriters cite the papers they read most recently. In a study of 120 drafts, 38 percent of citations pointed to a paper that did not support the claim.\n",
    ),
];

/// What [`build`] made, for tests to find.
pub struct Built {
    /// The data folder.
    pub dir: PathBuf,
    /// The linked PDF (outside the data folder).
    pub linked: PathBuf,
}

fn id_of(list: &[&str], name: &str) -> i64 {
    list.iter().position(|n| *n == name).expect("known name") as i64 + 1
}

/// Zotero's tables, with the lookup rows this fixture uses.
fn schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(ZOTERO_TABLES)?;
    conn.execute(
        "INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (1, 'user', 1, 1), (2, 'group', 1, 1)",
        [],
    )?;
    for (i, t) in ITEM_TYPES.iter().enumerate() {
        conn.execute(
            "INSERT INTO itemTypes (itemTypeID, typeName) VALUES (?1, ?2)",
            params![i as i64 + 1, t],
        )?;
    }
    for (i, f) in FIELDS.iter().enumerate() {
        conn.execute(
            "INSERT INTO fields (fieldID, fieldName) VALUES (?1, ?2)",
            params![i as i64 + 1, f],
        )?;
        // Zotero fills `fieldsCombined` from `fields` and custom fields at start-up.
        conn.execute(
            "INSERT INTO fieldsCombined (fieldID, fieldName, custom) VALUES (?1, ?2, 0)",
            params![i as i64 + 1, f],
        )?;
    }
    for (i, c) in CREATOR_TYPES.iter().enumerate() {
        conn.execute(
            "INSERT INTO creatorTypes (creatorTypeID, creatorType) VALUES (?1, ?2)",
            params![i as i64 + 1, c],
        )?;
    }
    for t in [
        "book",
        "bookSection",
        "conferencePaper",
        "journalArticle",
        "thesis",
    ] {
        conn.execute(
            "INSERT INTO itemTypeCreatorTypes (itemTypeID, creatorTypeID, primaryField) VALUES (?1, 1, 1)",
            params![id_of(ITEM_TYPES, t)],
        )?;
    }
    Ok(())
}

/// One item of [`build_scale`].
pub struct ScaleItem {
    pub key: String,
    pub title: String,
    /// (given, family) of each author.
    pub authors: Vec<(String, String)>,
    pub year: Option<i32>,
    pub container: Option<String>,
    /// The extracted text Zotero keeps for its PDF, if any.
    pub text: Option<PathBuf>,
}

/// A data folder of any size for benchmarks (`examples/zotero_scale.rs`):
/// one journal article per item with its citation key in Zotero 7's own
/// field, and a stored PDF attachment whose extracted text is a copy of
/// `text`; written in one transaction.
pub fn build_scale(dir: &Path, items: &[ScaleItem]) -> rusqlite::Result<()> {
    std::fs::create_dir_all(dir.join("storage")).map_err(io)?;
    let mut conn = Connection::open(dir.join(super::DATABASE))?;
    schema(&conn)?;
    let tx = conn.transaction()?;
    let lib = Library { conn: &tx };
    let n = items.len() as i64;
    for (i, it) in items.iter().enumerate() {
        let id = i as i64 + 1;
        let mut fields = vec![
            ("title", it.title.as_str()),
            ("citationKey", it.key.as_str()),
        ];
        let date = it.year.map(|y| format!("{y}-00-00 {y}"));
        if let Some(d) = &date {
            fields.push(("date", d));
        }
        if let Some(c) = &it.container {
            fields.push(("publicationTitle", c));
        }
        lib.item(id, "journalArticle", &format!("I{id:07}"), &fields)?;
        let names: Vec<(&str, &str, &str, i64)> = it
            .authors
            .iter()
            .map(|(g, f)| ("author", g.as_str(), f.as_str(), 0))
            .collect();
        lib.creators(id, &names)?;
        if let Some(text) = &it.text {
            let att = format!("A{id:07}");
            lib.attachment(
                n + id,
                id,
                &att,
                0,
                "application/pdf",
                "storage:paper.pdf",
                Some(dir),
            )?;
            std::fs::copy(
                text,
                dir.join("storage").join(&att).join(super::FULLTEXT_CACHE),
            )
            .map_err(io)?;
        }
    }
    tx.commit()
}

/// Build the fixture library in `dir` (created), with its linked file in
/// `linked_dir`.
pub fn build(dir: &Path, linked_dir: &Path) -> rusqlite::Result<Built> {
    std::fs::create_dir_all(dir.join("storage")).map_err(io)?;
    std::fs::create_dir_all(linked_dir).map_err(io)?;
    let conn = Connection::open(dir.join(super::DATABASE))?;
    schema(&conn)?;
    let lib = Library { conn: &conn };

    // 1. A journal article with a particle in a name; Better BibTeX's key;
    //    a stored PDF with its extracted text; in Dissertation/Chapter 2.
    let berg = lib.item(
        1,
        "journalArticle",
        "BERG2015",
        &[
            ("title", "Self-organizing maps: a review of applications"),
            ("date", "2015-06-00 June 2015"),
            ("publicationTitle", "Neural Computing Surveys"),
            ("DOI", "10.1000/som.2015.7"),
            ("volume", "12"),
        ],
    )?;
    lib.creators(
        berg,
        &[
            ("author", "Jan", "van der Berg", 0),
            ("author", "Maria", "Müller", 0),
        ],
    )?;
    lib.attachment(
        101,
        berg,
        "ATTBERG1",
        0,
        "application/pdf",
        "storage:van der Berg - 2015 - Self-organizing maps.pdf",
        Some(dir),
    )?;

    // 2. A book by an institution (one-field name), Zotero 7's own key
    //    field; a PDF Zotero has not extracted (no full-text cache): gloss
    //    reads the PDF itself.
    let who = lib.item(
        2,
        "book",
        "WHO2015A",
        &[
            ("title", "World report on ageing and health"),
            ("date", "2015-00-00 2015"),
            ("publisher", "World Health Organization"),
            ("citationKey", "who2015ageing"),
        ],
    )?;
    lib.creators(who, &[("author", "", "World Health Organization", 1)])?;
    lib.attachment(
        102,
        who,
        "ATTWHO01",
        0,
        "application/pdf",
        "storage:World report.pdf",
        None,
    )?;
    std::fs::create_dir_all(dir.join("storage/ATTWHO01")).map_err(io)?;
    std::fs::write(
        dir.join("storage/ATTWHO01/World report.pdf"),
        crate::corpus::pdf::minimal_pdf(&[
            &[
                "World report on ageing and health",
                "Populations are ageing in every country.",
            ],
            &["Healthy ageing depends on the places where people live."],
        ]),
    )
    .map_err(io)?;

    // 3. A book section with editors; a linked PDF outside the data
    //    folder, whose extracted text Zotero keeps in storage all the same.
    let okafor = lib.item(
        3,
        "bookSection",
        "OKAF2001",
        &[
            ("title", "Institutions and the firm"),
            ("date", "2001-00-00 2001"),
            ("bookTitle", "Varieties of Capitalism"),
            ("publisher", "Oxford University Press"),
            ("pages", "1-68"),
        ],
    )?;
    lib.creators(
        okafor,
        &[
            ("author", "Ada", "Okafor", 0),
            ("editor", "Peter A.", "Hall", 0),
            ("editor", "David", "Soskice", 0),
        ],
    )?;
    let linked = linked_dir.join("okafor-2001.pdf");
    std::fs::write(&linked, b"%PDF-1.4\n%%EOF\n").map_err(io)?;
    lib.attachment(
        103,
        okafor,
        "ATTOKAF1",
        2,
        "application/pdf",
        &linked.display().to_string(),
        Some(dir),
    )?;

    // 4. A conference paper, key generated.
    let chen = lib.item(
        4,
        "conferencePaper",
        "CHEN2020",
        &[
            ("title", "Learning to cite: evidence from drafts"),
            ("date", "2020-05-12 May 12, 2020"),
            (
                "proceedingsTitle",
                "Proceedings of the Workshop on Scholarly Text",
            ),
        ],
    )?;
    lib.creators(chen, &[("author", "Li", "Chen", 0)])?;
    lib.attachment(
        104,
        chen,
        "ATTCHEN1",
        0,
        "application/pdf",
        "storage:chen.pdf",
        Some(dir),
    )?;

    // 5. A thesis with letters to fold, key generated, no attachment.
    let muller = lib.item(
        5,
        "thesis",
        "MULL1999",
        &[
            ("title", "Über die Straße der Ökonomie"),
            ("date", "1999-00-00 1999"),
            ("university", "Universität Wien"),
        ],
    )?;
    lib.creators(muller, &[("author", "Hans", "Müller", 0)])?;

    // 6. A journal article whose generated key clashes with item 4's.
    let chen2 = lib.item(
        6,
        "journalArticle",
        "CHEN2020B",
        &[
            ("title", "Learning to cite: evidence from drafts, revisited"),
            ("date", "2020-11-00 November 2020"),
            ("publicationTitle", "Journal of Writing Research"),
        ],
    )?;
    lib.creators(chen2, &[("author", "Li", "Chen", 0)])?;
    // Its PDF is a scan without text layer and without extracted text.
    lib.attachment(
        106,
        chen2,
        "ATTCHEN2",
        0,
        "application/pdf",
        "storage:scan.pdf",
        Some(dir),
    )?;
    std::fs::write(
        dir.join("storage/ATTCHEN2/scan.pdf"),
        crate::corpus::pdf::minimal_pdf(&[&[]]),
    )
    .map_err(io)?;

    // 7. An item in the trash, with its text: never read.
    let gone = lib.item(
        7,
        "journalArticle",
        "GONE2010",
        &[("title", "A deleted paper"), ("date", "2010-00-00 2010")],
    )?;
    lib.creators(gone, &[("author", "Zed", "Deleted", 0)])?;
    conn.execute("INSERT INTO deletedItems (itemID) VALUES (?1)", [gone])?;
    lib.attachment(
        107,
        gone,
        "ATTGONE1",
        0,
        "text/plain",
        "storage:gone.txt",
        None,
    )?;
    std::fs::create_dir_all(dir.join("storage/ATTGONE1")).map_err(io)?;
    std::fs::write(
        dir.join("storage/ATTGONE1").join(super::FULLTEXT_CACHE),
        "A deleted paper\n\nNothing here.\n",
    )
    .map_err(io)?;

    // 8. A note (a child of item 1) and an item of a group library: not works.
    lib.item(108, "note", "NOTE0001", &[])?;
    conn.execute("INSERT INTO itemNotes (itemID, parentItemID, note, title) VALUES (108, ?1, '<p>Read again</p>', 'Read again')", [berg])?;
    conn.execute(
        "INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (200, ?1, 2, 'GROUP001')",
        [id_of(ITEM_TYPES, "book")],
    )?;

    // Collections: Dissertation > Chapter 2, and Reading.
    conn.execute_batch(
        "INSERT INTO collections (collectionID, collectionName, parentCollectionID, libraryID, key) VALUES
           (1, 'Dissertation', NULL, 1, 'COLLDISS'),
           (2, 'Chapter 2', 1, 1, 'COLLCH02'),
           (3, 'Reading', NULL, 1, 'COLLREAD');",
    )?;
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (2, ?1, 0)",
        [berg],
    )?;
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (1, ?1, 0)",
        [okafor],
    )?;
    // Item 6 without item 4: its key keeps its `a`.
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (1, ?1, 1)",
        [chen2],
    )?;
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (3, ?1, 0)",
        [chen],
    )?;
    conn.execute(
        "INSERT INTO collectionItems (collectionID, itemID, orderIndex) VALUES (3, ?1, 1)",
        [gone],
    )?;
    drop(conn);

    // Extracted texts.
    for (key, att) in [
        ("berg2015", "ATTBERG1"),
        ("okaforInstitutionsFirm2001", "ATTOKAF1"),
        ("chenLearningCiteEvidence2020", "ATTCHEN1"),
    ] {
        let text = TEXTS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        std::fs::write(
            dir.join("storage").join(att).join(super::FULLTEXT_CACHE),
            text,
        )
        .map_err(io)?;
    }

    // Better BibTeX's keys: item 1's, and a stale row (the item key
    // differs: BBT itself ignores it).
    let bbt = Connection::open(dir.join(super::BBT_DATABASE))?;
    bbt.execute_batch(BBT_TABLES)?;
    bbt.execute(
        "INSERT INTO citationkey (itemID, itemKey, libraryID, citationKey, pinned) VALUES (1, 'BERG2015', 1, 'berg2015', 1), (4, 'NOTCHEN1', 1, 'stalekey2020', 0)",
        [],
    )?;
    Ok(Built {
        dir: dir.to_path_buf(),
        linked,
    })
}

/// Add a journal article to a fixture library (as Zotero would: one
/// transaction), with an extracted text when `text` is given; its key is
/// generated. Returns the item id.
pub fn add_article(
    dir: &Path,
    item_key: &str,
    family: &str,
    title: &str,
    year: i32,
    text: Option<&str>,
) -> rusqlite::Result<i64> {
    let conn = Connection::open(dir.join(super::DATABASE))?;
    let id: i64 = conn.query_row("SELECT COALESCE(MAX(itemID), 0) + 1 FROM items", [], |r| {
        r.get(0)
    })?;
    let lib = Library { conn: &conn };
    let date = format!("{year}-00-00 {year}");
    lib.item(
        id,
        "journalArticle",
        item_key,
        &[("title", title), ("date", &date)],
    )?;
    lib.creators(id, &[("author", "", family, 0)])?;
    if let Some(text) = text {
        let att_key = format!("A{}", &item_key[..item_key.len().min(7)]);
        lib.attachment(
            id + 1000,
            id,
            &att_key,
            0,
            "application/pdf",
            "storage:paper.pdf",
            Some(dir),
        )?;
        std::fs::write(
            dir.join("storage")
                .join(&att_key)
                .join(super::FULLTEXT_CACHE),
            text,
        )
        .map_err(io)?;
    }
    Ok(id)
}

fn io(e: std::io::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

struct Library<'a> {
    conn: &'a Connection,
}

impl Library<'_> {
    fn item(
        &self,
        id: i64,
        kind: &str,
        key: &str,
        fields: &[(&str, &str)],
    ) -> rusqlite::Result<i64> {
        self.conn.execute(
            "INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (?1, ?2, 1, ?3)",
            params![id, id_of(ITEM_TYPES, kind), key],
        )?;
        for (field, value) in fields {
            self.conn.execute(
                "INSERT OR IGNORE INTO itemDataValues (value) VALUES (?1)",
                [value],
            )?;
            let value_id: i64 = self.conn.query_row(
                "SELECT valueID FROM itemDataValues WHERE value = ?1",
                [value],
                |r| r.get(0),
            )?;
            self.conn.execute(
                "INSERT INTO itemData (itemID, fieldID, valueID) VALUES (?1, ?2, ?3)",
                params![id, id_of(FIELDS, field), value_id],
            )?;
        }
        Ok(id)
    }

    fn creators(&self, item: i64, list: &[(&str, &str, &str, i64)]) -> rusqlite::Result<()> {
        for (order, (ctype, first, last, mode)) in list.iter().enumerate() {
            self.conn.execute(
                "INSERT OR IGNORE INTO creators (firstName, lastName, fieldMode) VALUES (?1, ?2, ?3)",
                params![first, last, mode],
            )?;
            let creator: i64 = self.conn.query_row(
                "SELECT creatorID FROM creators WHERE firstName = ?1 AND lastName = ?2 AND fieldMode = ?3",
                params![first, last, mode],
                |r| r.get(0),
            )?;
            self.conn.execute(
                "INSERT INTO itemCreators (itemID, creatorID, creatorTypeID, orderIndex) VALUES (?1, ?2, ?3, ?4)",
                params![item, creator, id_of(CREATOR_TYPES, ctype), order as i64],
            )?;
        }
        Ok(())
    }

    /// An attachment item; with `storage_of`, its storage folder is made in
    /// that data folder.
    #[allow(clippy::too_many_arguments)]
    fn attachment(
        &self,
        id: i64,
        parent: i64,
        key: &str,
        link_mode: i64,
        content_type: &str,
        path: &str,
        storage_of: Option<&Path>,
    ) -> rusqlite::Result<()> {
        self.item(id, "attachment", key, &[])?;
        self.conn.execute(
            "INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, parent, link_mode, content_type, path],
        )?;
        if let Some(dir) = storage_of {
            std::fs::create_dir_all(dir.join("storage").join(key)).map_err(io)?;
        }
        Ok(())
    }
}
