//! A Zotero library read directly from its data folder (`zotero.sqlite`,
//! `storage/`, and `better-bibtex.sqlite` when Better BibTeX 6 left one):
//! its items as bibliography entries, each with the full text Zotero has
//! already extracted from its PDF, so a writer's library is a corpus with
//! no export step (`corpus = "zotero"`, `--zotero`).
//!
//! # Read-only, and never in Zotero's way
//!
//! Zotero keeps `zotero.sqlite` open with `PRAGMA locking_mode=EXCLUSIVE`
//! while it runs, so opening it, even read-only, fails with `SQLITE_BUSY`;
//! and opening it in place could leave a `-journal` or `-shm` file beside it.
//! gloss never opens anything in the data folder with SQLite. It takes a
//! snapshot: `zotero.sqlite` is copied into a private temporary folder
//! together with the `-journal` or `-wal` file beside it, the sizes and
//! modification times of all of them are compared before and after the
//! copy (and the copy is retried, a few times, when they changed), and the
//! copy is opened. SQLite then recovers the copy as it would recover the
//! database after a crash: a hot rollback journal (Zotero mid-transaction,
//! pages of the database already overwritten) is rolled back, and a WAL
//! (what Zotero uses where it can) is read up to its last committed
//! transaction. So the snapshot is the library as of Zotero's last commit.
//!
//! Opening the original with `file:…?mode=ro&immutable=1` would take no lock
//! either, but it tells SQLite that nothing changes the file and that
//! there is no journal: mid-transaction it reads torn pages, and in WAL
//! mode it misses every transaction not yet checkpointed (an item added a
//! minute ago). A copy costs the database's size in a temporary folder and
//! its time to copy, once per load.
//!
//! Nothing is ever created in the data folder; the temporary folder is
//! removed when the read ends. The Better BibTeX database is read the same
//! way.
//!
//! # What is read
//!
//! Items of the user's library (not group libraries or feeds) that are
//! not attachments, notes or annotations and are not in the trash
//! (`deletedItems`): item type, creators (the type's primary creators as
//! authors, `editor` as editors; `fieldMode = 1` is a one-field,
//! institutional name; particles such as "van der" stay in the family name,
//! where Zotero stores them), date (Zotero stores `YYYY-MM-DD original`),
//! title, container (publication, book, proceedings title…, else
//! publisher or university), DOI and every other field. The citation key is
//! Zotero 7's `citationKey` field when set, else Better BibTeX's stored key
//! (`better-bibtex.sqlite`, table `citationkey`), else the key a default
//! Better BibTeX export gives ([`citekey`]). The table definitions are
//! Zotero's own (`resource/schema/userdata.sql`, schema 129, read at
//! zotero/zotero f2a42bec).
//!
//! Each item's attachments: stored files (`storage:name.pdf`, in
//! `storage/<attachment key>/`) and linked files (an absolute path). An
//! attachment's text is Zotero's extracted full text,
//! `storage/<attachment key>/.zotero-ft-cache`, PDFs first; an item whose
//! PDF has no such text is a work without text (its PDF's path is kept in
//! the entry's `file` field, where a PDF reader finds it), never an error.
//!
//! A collection (`zotero_collection = "Dissertation/Chapter 2"`, the path of
//! names from the top) restricts the items to those in it **or in any of
//! its subcollections**: a writer who files a chapter's papers in
//! subcollections of the chapter means all of them.

pub mod citekey;
pub mod fixture;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::bib::{Entry, Fields, Name};
use crate::warn::Warning;

/// The database file of a Zotero data folder.
pub const DATABASE: &str = "zotero.sqlite";
/// Better BibTeX 6's key database, beside Zotero's.
pub const BBT_DATABASE: &str = "better-bibtex.sqlite";
/// The text Zotero extracted from an attachment, in its storage folder.
pub const FULLTEXT_CACHE: &str = ".zotero-ft-cache";

/// Which Zotero library a configuration reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Source {
    /// The data folder (holding `zotero.sqlite` and `storage/`).
    pub dir: PathBuf,
    /// A collection path (`"Dissertation/Chapter 2"`): only its items and
    /// its subcollections' items.
    pub collection: Option<String>,
}

impl Source {
    pub fn database(&self) -> PathBuf {
        self.dir.join(DATABASE)
    }
}

/// Whether `path` is a Zotero database (an entry read from Zotero is
/// defined there: no file to open or edit).
pub fn is_database(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()) == Some(DATABASE)
}

/// The platform's default Zotero data folder: `Zotero` in the home folder,
/// on every platform (where Zotero puts it unless told otherwise).
pub fn default_dir() -> PathBuf {
    dirs::home_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Zotero")
}

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeySource {
    /// Zotero 7's `citationKey` field.
    Zotero,
    /// Better BibTeX's key table.
    BetterBibtex,
    /// Generated as a default Better BibTeX export would.
    Generated,
}

/// One attachment of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The attachment item's key (its storage folder's name).
    pub key: String,
    /// The file, when it is a file (stored or linked) whose place is known.
    pub path: Option<PathBuf>,
    pub content_type: Option<String>,
    /// Zotero's extracted text of it, when there is one.
    pub text: Option<PathBuf>,
}

impl Attachment {
    pub fn is_pdf(&self) -> bool {
        self.content_type.as_deref() == Some("application/pdf")
            || self
                .path
                .as_ref()
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    }
}

/// One regular item of the library.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    /// Zotero's item key (`ABCD2345`).
    pub key: String,
    /// Zotero's item type (`journalArticle`, `book`, …).
    pub kind: String,
    pub citation_key: String,
    pub key_source: KeySource,
    pub title: Option<String>,
    pub authors: Vec<Name>,
    pub editors: Vec<Name>,
    pub year: Option<i32>,
    pub container: Option<String>,
    pub doi: Option<String>,
    /// Every field by Zotero's field name (`date` as written by the user).
    pub fields: Vec<(String, String)>,
    pub attachments: Vec<Attachment>,
}

impl Item {
    /// The text to read for this item: a PDF's extracted text first, else
    /// any attachment's.
    pub fn text(&self) -> Option<&Path> {
        let pdf = self.attachments.iter().filter(|a| a.is_pdf());
        let other = self.attachments.iter().filter(|a| !a.is_pdf());
        pdf.chain(other).find_map(|a| a.text.as_deref())
    }

    /// The PDFs attached (stored or linked).
    pub fn pdfs(&self) -> impl Iterator<Item = &Path> {
        self.attachments
            .iter()
            .filter(|a| a.is_pdf())
            .filter_map(|a| a.path.as_deref())
    }

    /// The item as a bibliography entry, defined in `database`.
    pub fn entry(&self, database: &Path) -> Entry {
        let mut fields = Fields::default();
        for (name, value) in &self.fields {
            fields.insert(&name.to_lowercase(), value.clone());
        }
        if let Some(y) = self.year {
            fields.insert("year", y.to_string());
        }
        fields.insert("zotero-key", self.key.clone());
        let files: Vec<String> = self
            .attachments
            .iter()
            .filter_map(|a| a.path.as_ref())
            .map(|p| p.display().to_string())
            .collect();
        if !files.is_empty() {
            fields.insert("file", files.join(";"));
        }
        fields.shrink();
        Entry {
            key: self.citation_key.clone(),
            kind: self.kind.to_lowercase(),
            title: self.title.clone(),
            authors: self.authors.clone(),
            editors: self.editors.clone(),
            year: self.year,
            container: self.container.clone(),
            files: self.pdfs().map(|p| p.display().to_string()).collect(),
            keywords: Vec::new(),
            fields,
            path: database.to_path_buf(),
            line: 1,
        }
    }
}

/// What reading a Zotero library gave.
#[derive(Debug, Default)]
pub struct Library {
    pub items: Vec<Item>,
    /// Every collection's path (`"Dissertation/Chapter 2"`), sorted.
    pub collections: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// Read the library of a Zotero data folder. Never fails: a missing or
/// foreign folder, a damaged database or an unknown collection (the
/// warning lists those that exist) is a warning naming the file, and gives
/// no items.
pub fn read(source: &Source) -> Library {
    let mut lib = Library::default();
    let db = source.database();
    if !source.dir.is_dir() {
        lib.warnings.push(Warning::new(
            &source.dir,
            None,
            "Zotero data folder not found (set `zotero_data_dir`, or give `--zotero DIR`)",
        ));
        return lib;
    }
    if !db.is_file() {
        lib.warnings.push(Warning::new(
            &source.dir,
            None,
            format!("not a Zotero data folder: it holds no {DATABASE}"),
        ));
        return lib;
    }
    let snap = match Snapshot::take(&db) {
        Ok(s) => s,
        Err(e) => {
            lib.warnings.push(Warning::new(&db, None, e));
            return lib;
        }
    };
    let bbt = read_bbt_keys(&source.dir, &mut lib.warnings);
    match read_items(&snap.conn, source, &bbt, &mut lib) {
        Ok(()) => {}
        Err(e) => {
            lib.items.clear();
            lib.warnings.push(Warning::new(
                &db,
                None,
                format!("cannot read the Zotero database: {e}"),
            ));
        }
    }
    lib
}

/// Add a Zotero library's items to a corpus library, each with the text
/// Zotero extracted from its attachment, else its PDF's text layer (read as
/// a corpus PDF is, with its pages), parsed as corpus texts are (on
/// all cores, and taken from `reuse` when its bytes are unchanged).
pub fn load_into(
    lib: &mut crate::corpus::Library,
    source: &Source,
    reuse: &crate::corpus::Reuse<'_>,
) {
    add_items(lib, source, Some(reuse));
}

/// Add a Zotero library's items to a corpus library as entries alone, no
/// text read: the first second of a cold start
/// ([`crate::corpus::Library::entries_only`]).
pub fn entries_into(lib: &mut crate::corpus::Library, source: &Source) {
    add_items(lib, source, None);
}

fn add_items(
    lib: &mut crate::corpus::Library,
    source: &Source,
    reuse: Option<&crate::corpus::Reuse<'_>>,
) {
    use rayon::prelude::*;
    let read = crate::timing::phase("zotero: read", || read(source));
    lib.warnings.extend(read.warnings);
    let database = source.database();
    let works: Vec<(crate::corpus::Work, Vec<Warning>)> = read
        .items
        .par_iter()
        .map(|item| {
            let mut warnings = Vec::new();
            // Zotero's extracted text, else the PDF itself.
            let doc = item
                .text()
                .or_else(|| item.pdfs().next())
                .zip(reuse)
                .and_then(
                    |(p, reuse)| match crate::corpus::read_paired_text(p, reuse) {
                        Ok(doc) => {
                            warnings.extend(doc.warnings.iter().cloned());
                            Some((p.to_path_buf(), doc))
                        }
                        Err(w) => {
                            warnings.push(w);
                            None
                        }
                    },
                );
            let entry = item.entry(&database);
            let (path, doc) = doc.map_or((None, None), |(p, d)| (Some(p), Some(d)));
            let work = crate::corpus::Work {
                key: entry.key.clone(),
                title: entry.title.clone(),
                authors: entry.authors.clone(),
                year: entry.year,
                paired_by: if doc.is_some() {
                    crate::corpus::PairedBy::Zotero
                } else {
                    crate::corpus::PairedBy::None
                },
                entry: Some(entry),
                path,
                doc,
                year_suffix: None,
            };
            (work, warnings)
        })
        .collect();
    let mut all = Vec::with_capacity(works.len());
    for (w, warnings) in works {
        lib.warnings.extend(warnings);
        all.push(w);
    }
    lib.add_paired(all);
}

/// The files whose change means the library changed: the databases with
/// their journals, and every extracted text in `storage/`.
pub fn watched_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for db in [DATABASE, BBT_DATABASE] {
        for suffix in ["", "-journal", "-wal"] {
            files.push(dir.join(format!("{db}{suffix}")));
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir.join("storage")) {
        let mut texts: Vec<PathBuf> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.path().join(FULLTEXT_CACHE))
            .filter(|p| p.is_file())
            .collect();
        texts.sort();
        files.extend(texts);
    }
    files
}

/// A private copy of a database (with its journal or WAL), open.
struct Snapshot {
    conn: Connection,
    /// Removed (with the copy) when the snapshot is dropped.
    _dir: tempfile::TempDir,
}

type Stamp = Option<(u64, Option<SystemTime>)>;

fn stamps(db: &Path) -> Vec<(PathBuf, Stamp)> {
    ["", "-journal", "-wal"]
        .iter()
        .map(|s| {
            let mut name = db.as_os_str().to_owned();
            name.push(s);
            let p = PathBuf::from(name);
            let st = std::fs::metadata(&p)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| (m.len(), m.modified().ok()));
            (p, st)
        })
        .collect()
}

impl Snapshot {
    const TRIES: u32 = 5;

    fn take(db: &Path) -> Result<Snapshot, String> {
        let dir = tempfile::Builder::new()
            .prefix("gloss-zotero-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder for a snapshot: {e}"))?;
        let copy = dir.path().join("snapshot.sqlite");
        for attempt in 0..Snapshot::TRIES {
            let before = stamps(db);
            let mut copied = true;
            for (i, (from, st)) in before.iter().enumerate() {
                let to =
                    PathBuf::from(format!("{}{}", copy.display(), ["", "-journal", "-wal"][i]));
                let _ = std::fs::remove_file(&to);
                if st.is_some() && std::fs::copy(from, &to).is_err() {
                    // Removed while copied (a journal at commit): try again.
                    copied = false;
                }
            }
            if copied && stamps(db) == before {
                let conn = Connection::open_with_flags(
                    &copy,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| format!("cannot open a snapshot of the database: {e}"))?;
                return Ok(Snapshot { conn, _dir: dir });
            }
            std::thread::sleep(std::time::Duration::from_millis(40 << attempt));
        }
        Err(format!(
            "the database kept changing while it was copied ({} tries); try again when Zotero is idle",
            Snapshot::TRIES
        ))
    }
}

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |_| Ok(()),
    )
    .optional()
    .map(|o| o.is_some())
}

/// Better BibTeX 6's keys by item id, checked against the item's key and
/// library as BBT checks them (see [`read_items`]).
type BbtKeys = HashMap<i64, (String, i64, String)>;

fn read_bbt_keys(dir: &Path, warnings: &mut Vec<Warning>) -> BbtKeys {
    let db = dir.join(BBT_DATABASE);
    if !db.is_file() {
        return BbtKeys::new();
    }
    let read = || -> Result<BbtKeys, String> {
        let snap = Snapshot::take(&db)?;
        if !table_exists(&snap.conn, "citationkey").map_err(|e| e.to_string())? {
            return Ok(BbtKeys::new());
        }
        let mut stmt = snap
            .conn
            .prepare("SELECT itemID, itemKey, libraryID, citationKey FROM citationkey")
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                    ),
                ))
            })
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<_, _>>().map_err(|e| e.to_string())
    };
    read().unwrap_or_else(|e| {
        warnings.push(Warning::new(
            &db,
            None,
            format!("cannot read Better BibTeX's keys ({e}); keys are generated instead"),
        ));
        BbtKeys::new()
    })
}

/// `id → name` of a lookup table and its `…Combined` form (custom types
/// and fields, which Zotero fills at start-up), when that exists.
fn names_of(
    conn: &Connection,
    table: &str,
    id: &str,
    name: &str,
) -> rusqlite::Result<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for t in [table.to_string(), format!("{table}Combined")] {
        if !table_exists(conn, &t)? {
            continue;
        }
        let mut stmt = conn.prepare(&format!("SELECT {id}, {name} FROM {t}"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for r in rows {
            let (i, n) = r?;
            out.entry(i).or_insert(n);
        }
    }
    Ok(out)
}

/// Fields naming where an item appeared, in order of preference.
const CONTAINER_FIELDS: &[&str] = &[
    "publicationTitle",
    "bookTitle",
    "proceedingsTitle",
    "encyclopediaTitle",
    "dictionaryTitle",
    "websiteTitle",
    "blogTitle",
    "forumTitle",
    "programTitle",
    "seriesTitle",
    "publisher",
    "university",
    "institution",
    "company",
    "label",
    "network",
    "studio",
    "distributor",
];

fn read_items(
    conn: &Connection,
    source: &Source,
    bbt: &BbtKeys,
    lib: &mut Library,
) -> rusqlite::Result<()> {
    for t in [
        "items",
        "itemData",
        "itemDataValues",
        "fields",
        "itemTypes",
        "creators",
        "itemCreators",
    ] {
        if !table_exists(conn, t)? {
            return Err(rusqlite::Error::InvalidParameterName(format!(
                "not a Zotero database: no table `{t}`"
            )));
        }
    }
    let library: i64 = conn
        .query_row(
            "SELECT libraryID FROM libraries WHERE type = 'user' ORDER BY libraryID LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap_or(None)
        .unwrap_or(1);
    let fields = names_of(conn, "fields", "fieldID", "fieldName")?;
    let types = names_of(conn, "itemTypes", "itemTypeID", "typeName")?;
    let creator_types = names_of(conn, "creatorTypes", "creatorTypeID", "creatorType")?;
    let deleted: HashSet<i64> = if table_exists(conn, "deletedItems")? {
        let mut stmt = conn.prepare("SELECT itemID FROM deletedItems")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    } else {
        HashSet::new()
    };
    // The primary creator type of each item type (`author` unless the
    // schema says otherwise: `programmer`, `director`, …).
    let mut primary: HashMap<i64, String> = HashMap::new();
    if table_exists(conn, "itemTypeCreatorTypes")? {
        let mut stmt = conn.prepare(
            "SELECT itemTypeID, creatorTypeID FROM itemTypeCreatorTypes WHERE primaryField = 1",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for r in rows {
            let (t, c) = r?;
            if let Some(name) = creator_types.get(&c) {
                primary.insert(t, name.clone());
            }
        }
    }

    // Regular items of the user's library, not in the trash.
    let mut items: Vec<Item> = Vec::new();
    let mut item_type: HashMap<i64, i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT itemID, itemTypeID, key FROM items WHERE libraryID = ?1 ORDER BY itemID",
        )?;
        let rows = stmt.query_map([library], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for r in rows {
            let (id, type_id, key) = r?;
            let kind = types.get(&type_id).cloned().unwrap_or_default();
            if deleted.contains(&id)
                || matches!(kind.as_str(), "attachment" | "note" | "annotation" | "")
            {
                continue;
            }
            item_type.insert(id, type_id);
            items.push(Item {
                id,
                key,
                kind,
                citation_key: String::new(),
                key_source: KeySource::Generated,
                title: None,
                authors: Vec::new(),
                editors: Vec::new(),
                year: None,
                container: None,
                doi: None,
                fields: Vec::new(),
                attachments: Vec::new(),
            });
        }
    }
    let at_kept: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();

    // Fields.
    {
        let mut stmt = conn.prepare(
            "SELECT d.itemID, d.fieldID, v.value FROM itemData d JOIN itemDataValues v ON v.valueID = d.valueID ORDER BY d.itemID, d.fieldID",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, rusqlite::types::Value>(2)?,
            ))
        })?;
        for r in rows {
            let (id, field, value) = r?;
            let Some(&i) = at_kept.get(&id) else { continue };
            let Some(name) = fields.get(&field) else {
                continue;
            };
            let value = match value {
                rusqlite::types::Value::Text(s) => s,
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                _ => continue,
            };
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if !value.is_empty() {
                items[i].fields.push((name.clone(), value));
            }
        }
    }
    for it in &mut items {
        let get = |n: &str| {
            it.fields
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        it.title = get("title");
        it.doi = get("DOI");
        it.container = CONTAINER_FIELDS.iter().find_map(|f| get(f));
        if let Some(date) = get("date") {
            let (sql, original) = split_date(&date);
            it.year = sql.get(..4).and_then(|y| y.parse().ok()).filter(|&y| y > 0);
            let shown = original.unwrap_or(sql).to_string();
            if let Some(f) = it.fields.iter_mut().find(|(k, _)| k == "date") {
                f.1 = shown;
            }
        }
    }

    // Creators, in their order.
    {
        let mut stmt = conn.prepare(
            "SELECT ic.itemID, ic.creatorTypeID, c.firstName, c.lastName, c.fieldMode
             FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID
             ORDER BY ic.itemID, ic.orderIndex",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        // Other creators (translators, contributors…), for keys when an
        // item has neither authors nor editors.
        let mut others: HashMap<i64, Vec<(String, Name)>> = HashMap::new();
        for r in rows {
            let (id, ctype, first, last, mode) = r?;
            let Some(&i) = at_kept.get(&id) else { continue };
            let Some(name) = creator_name(first, last, mode.unwrap_or(0)) else {
                continue;
            };
            let ctype = creator_types
                .get(&ctype)
                .map(String::as_str)
                .unwrap_or("author");
            let type_id = item_type.get(&id).copied().unwrap_or(0);
            let primary = primary
                .get(&type_id)
                .map(String::as_str)
                .unwrap_or("author");
            if ctype == primary {
                items[i].authors.push(name);
            } else if ctype == "editor" {
                items[i].editors.push(name);
            } else {
                others
                    .entry(id)
                    .or_default()
                    .push((ctype.to_string(), name));
            }
        }
        assign_keys(library, bbt, &mut items, &others);
    }

    // Collections: every path, and the restriction, once every item has
    // its key (a key's `a`/`b` depends on the whole library, not on the
    // collection read).
    if table_exists(conn, "collections")? {
        if let Some(keep) = collection_items(conn, library, source, lib)? {
            items.retain(|it| keep.contains(&it.id));
        }
    } else if let Some(wanted) = &source.collection {
        lib.warnings.push(Warning::new(
            source.database(),
            None,
            format!("no Zotero collection `{wanted}` (the database has no collections table); no items are read"),
        ));
        items.clear();
    }
    let at_kept: HashMap<i64, usize> = items.iter().enumerate().map(|(i, it)| (it.id, i)).collect();

    // Attachments and their texts.
    if table_exists(conn, "itemAttachments")? {
        let mut stmt = conn.prepare(
            "SELECT a.itemID, a.parentItemID, a.linkMode, a.contentType, a.path, i.key
             FROM itemAttachments a JOIN items i ON i.itemID = a.itemID
             WHERE a.parentItemID IS NOT NULL ORDER BY a.parentItemID, a.itemID",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for r in rows {
            let (id, parent, mode, content_type, path, key) = r?;
            if deleted.contains(&id) {
                continue;
            }
            let Some(&i) = at_kept.get(&parent) else {
                continue;
            };
            // Zotero's keys are eight letters and digits: anything else
            // could lead out of `storage/`, and is not followed.
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let folder = source.dir.join("storage").join(&key);
            // Link modes (Zotero.Attachments): 0 imported file, 1 imported
            // URL (a snapshot), 2 linked file, 3 linked URL, 4 embedded image.
            let path = match (mode, path.as_deref()) {
                (Some(3), _) | (_, None) => None,
                (_, Some(p)) => {
                    if let Some(name) = p.strip_prefix("storage:") {
                        // A name inside the item's folder, never `..` or a
                        // root that would lead elsewhere.
                        let inside = !name.is_empty()
                            && Path::new(name)
                                .components()
                                .all(|c| matches!(c, std::path::Component::Normal(_)));
                        inside.then(|| folder.join(name))
                    } else if p.starts_with("attachments:") {
                        // Relative to the linked-attachment base folder, a
                        // preference of Zotero's profile, not of its database.
                        lib.warnings.push(Warning::new(
                            source.database(),
                            None,
                            format!(
                                "attachment {key} of `{}` is relative to Zotero's linked-attachment base folder ({p}), which gloss cannot know: its file is not read",
                                items[i].citation_key
                            ),
                        ));
                        None
                    } else {
                        Some(PathBuf::from(p))
                    }
                }
            };
            let cache = folder.join(FULLTEXT_CACHE);
            items[i].attachments.push(Attachment {
                key,
                path,
                content_type: content_type.filter(|c| !c.is_empty()),
                text: cache.is_file().then_some(cache),
            });
        }
    }
    lib.items = items;
    Ok(())
}

/// Zotero's stored date `YYYY-MM-DD original` (`2001-03-00 March 2001`):
/// the SQL part and the date as the user wrote it.
fn split_date(date: &str) -> (&str, Option<&str>) {
    let b = date.as_bytes();
    let sql_like = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if sql_like {
        let rest = date[10..].trim();
        (&date[..10], (!rest.is_empty()).then_some(rest))
    } else {
        // Not in Zotero's form (written by another tool): a year is its
        // first four-digit number.
        let y = date
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 4)
            .unwrap_or("");
        (y, Some(date))
    }
}

/// A Zotero creator as a name: `fieldMode = 1` is one field (an
/// institution), kept whole as the family name.
fn creator_name(first: Option<String>, last: Option<String>, mode: i64) -> Option<Name> {
    let clean = |s: Option<String>| {
        s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    let (first, last) = (clean(first), clean(last));
    if mode == 1 {
        return last.or(first).map(|family| Name {
            family,
            given: None,
        });
    }
    match (last, first) {
        (Some(family), given) => Some(Name { family, given }),
        (None, Some(family)) => Some(Name {
            family,
            given: None,
        }),
        (None, None) => None,
    }
}

/// Keys: Zotero's own field, else Better BibTeX's table (when its item key
/// and library agree, as BBT checks them), else generated in item order,
/// after every stored key is known, with BBT's `a`, `b`… on a clash.
fn assign_keys(
    library: i64,
    bbt: &BbtKeys,
    items: &mut [Item],
    others: &HashMap<i64, Vec<(String, Name)>>,
) {
    let mut taken: HashSet<String> = HashSet::new();
    for it in items.iter_mut() {
        let native = it
            .fields
            .iter()
            .find(|(k, _)| k == "citationKey")
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if let Some(k) = native {
            it.citation_key = k;
            it.key_source = KeySource::Zotero;
        } else if let Some((item_key, lib, k)) = bbt.get(&it.id) {
            if *item_key == it.key && *lib == library && !k.is_empty() {
                it.citation_key = k.clone();
                it.key_source = KeySource::BetterBibtex;
            }
        }
        if !it.citation_key.is_empty() {
            taken.insert(it.citation_key.to_lowercase());
        }
    }
    for it in items.iter_mut() {
        if !it.citation_key.is_empty() {
            continue;
        }
        // BBT's `auth`: authors, else editors, else translators, else any.
        let other = others.get(&it.id);
        let pick = |t: Option<&str>| {
            other.and_then(|o| {
                o.iter()
                    .find(|(ct, _)| t.is_none_or(|t| ct == t))
                    .map(|(_, n)| n.family.clone())
            })
        };
        let family = it
            .authors
            .first()
            .or(it.editors.first())
            .map(|n| n.family.clone())
            .or_else(|| pick(Some("seriesEditor")))
            .or_else(|| pick(Some("translator")))
            .or_else(|| pick(None));
        let mut base = citekey::base_key(family.as_deref(), it.title.as_deref(), it.year);
        if base.is_empty() {
            base = format!("zotero-{}", it.key);
        }
        let mut key = base.clone();
        let mut n = 0;
        // BBT compares keys case-insensitively (`citekeyCaseInsensitive`).
        while taken.contains(&key.to_lowercase()) {
            n += 1;
            key = format!("{base}{}", citekey::postfix(n));
        }
        taken.insert(key.to_lowercase());
        it.citation_key = key;
    }
}

/// The ids of the items in `collection` and its subcollections (None: no
/// restriction); every collection's path goes into `lib.collections`.
fn collection_items(
    conn: &Connection,
    library: i64,
    source: &Source,
    lib: &mut Library,
) -> rusqlite::Result<Option<HashSet<i64>>> {
    let deleted: HashSet<i64> = if table_exists(conn, "deletedCollections")? {
        let mut stmt = conn.prepare("SELECT collectionID FROM deletedCollections")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    } else {
        HashSet::new()
    };
    let mut stmt = conn.prepare(
        "SELECT collectionID, collectionName, parentCollectionID FROM collections WHERE libraryID = ?1",
    )?;
    let rows = stmt.query_map([library], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    let mut by_id: HashMap<i64, (String, Option<i64>)> = HashMap::new();
    for r in rows {
        let (id, name, parent) = r?;
        if !deleted.contains(&id) {
            by_id.insert(id, (name, parent));
        }
    }
    let path_of = |mut id: i64| -> Option<String> {
        let mut parts = Vec::new();
        // Bounded by the number of collections: a cycle is not followed.
        for _ in 0..=by_id.len() {
            let (name, parent) = by_id.get(&id)?;
            parts.push(name.as_str());
            match parent {
                Some(p) => id = *p,
                None => {
                    parts.reverse();
                    return Some(parts.join("/"));
                }
            }
        }
        None
    };
    let mut paths: Vec<(String, i64)> = by_id
        .keys()
        .filter_map(|&id| Some((path_of(id)?, id)))
        .collect();
    paths.sort();
    lib.collections = paths.iter().map(|(p, _)| p.clone()).collect();
    let Some(wanted) = source.collection.as_deref() else {
        return Ok(None);
    };
    let wanted = wanted.trim().trim_matches('/');
    // Sibling collections may share a name: every one with the path.
    let roots: Vec<i64> = paths
        .iter()
        .filter(|(p, _)| p == wanted)
        .map(|&(_, id)| id)
        .collect();
    if roots.is_empty() {
        let known = if lib.collections.is_empty() {
            "the library has none".to_string()
        } else {
            format!("collections: {}", lib.collections.join(", "))
        };
        lib.warnings.push(Warning::new(
            source.database(),
            None,
            format!("no Zotero collection `{wanted}` ({known}); no items are read"),
        ));
        return Ok(Some(HashSet::new()));
    }
    // The collection and every collection below it.
    let mut inside: HashSet<i64> = roots.into_iter().collect();
    loop {
        let before = inside.len();
        for (&id, (_, parent)) in &by_id {
            if parent.is_some_and(|p| inside.contains(&p)) {
                inside.insert(id);
            }
        }
        if inside.len() == before {
            break;
        }
    }
    if !table_exists(conn, "collectionItems")? {
        lib.warnings.push(Warning::new(
            source.database(),
            None,
            format!("the Zotero database has no collectionItems table: collection `{wanted}` holds no items"),
        ));
        return Ok(Some(HashSet::new()));
    }
    let mut stmt = conn.prepare("SELECT collectionID, itemID FROM collectionItems")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut keep = HashSet::new();
    for r in rows {
        let (c, item) = r?;
        if inside.contains(&c) {
            keep.insert(item);
        }
    }
    Ok(Some(keep))
}

#[cfg(test)]
mod tests;
