//! The engine host: one loaded library and everything derived from it.
//!
//! A [`Workspace`] owns a [`Library`] (bibliographies and corpus texts, read
//! once) and builds what the front ends ask of it lazily and at most once:
//! the glossary, the claims evidence index, the entity catalogue, the
//! completion catalogue. It reads and writes them through the persisted
//! index ([`crate::cache`]). After loading it only grows (each artefact is a
//! `OnceLock`), so an `Arc<Workspace>` is a snapshot that requests and checks
//! run on while the front end loads a successor; a library whose files
//! changed is replaced, never mutated ([`Workspace::is_stale`]).
//!
//! The CLI (`session::Session`) and the language server both hold
//! workspaces; a new derived artefact (a signal with its own index) is added
//! here once and both front ends have it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::cache::{Cache, Stats, Store};
use crate::check::{self, Cancelled, Input};
use crate::claims::index::Index;
use crate::claims::meaning::{Meaning, UnitVectors};
use crate::config::Config;
use crate::corpus::Library;
use crate::diag::Diagnostic;
use crate::embed::store::Semantic;
use crate::embed::ModelError;
use crate::entities::{Entities, Glossary};
use crate::ide::complete::Catalog;
use crate::warn::Warning;

/// What identifies a library: its corpus folder and bibliography files, as
/// a draft's configuration names them. Drafts with the same key share one
/// workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct LibraryKey {
    pub corpus: Option<PathBuf>,
    pub bibliography: Vec<PathBuf>,
    /// The embedding model's folder (None: semantic checking off).
    pub model: Option<PathBuf>,
    /// How far the corpus walk may reach (the user's `allow_outside`, `allow_broad_corpus`).
    pub reach: crate::config::Reach,
    /// The Zotero library read with the corpus, if any.
    pub zotero: Option<crate::zotero::Source>,
}

impl LibraryKey {
    pub fn of(config: &Config) -> LibraryKey {
        LibraryKey {
            corpus: config.corpus.clone(),
            bibliography: config.bibliography.clone(),
            model: config.model_dir(),
            reach: config.reach.clone(),
            zotero: config.zotero.clone(),
        }
    }

    /// The names the persisted index is kept under: the bibliographies,
    /// and the Zotero database with the collection read from it.
    fn cache_names(&self) -> Vec<PathBuf> {
        let mut names = self.bibliography.clone();
        if let Some(z) = &self.zotero {
            let mut db = z.database().into_os_string();
            if let Some(c) = &z.collection {
                db.push(format!("#{c}"));
            }
            names.push(PathBuf::from(db));
        }
        names
    }

    /// Whether `changed` (an absolute path) is a file this library reads
    /// by name: in its corpus folder, one of its bibliographies, or in the
    /// Zotero data folder it reads.
    pub fn reads(&self, changed: &Path) -> bool {
        self.zotero
            .as_ref()
            .is_some_and(|z| changed.starts_with(crate::project::absolute(&z.dir)))
            || self
                .corpus
                .as_ref()
                .is_some_and(|c| changed.starts_with(crate::project::absolute(c)))
            || self
                .bibliography
                .iter()
                .any(|b| crate::project::absolute(b) == changed)
    }
}

/// A loaded library and what is derived from it.
pub struct Workspace {
    key: LibraryKey,
    pub lib: Library,
    /// The library's files as they were when it was read ([`fingerprint`]),
    /// when the front end watches them ([`Workspace::load_watched`]).
    fingerprint: Option<u64>,
    /// The persisted index this library was read through.
    store: Store,
    /// The configuration it was loaded for: the glossary comes from it.
    config: Config,
    glossary: OnceLock<(Glossary, Vec<Warning>)>,
    index: OnceLock<Index>,
    /// The entity catalogue when it was built without the index (every
    /// claim code off); the index carries its own.
    entities: OnceLock<Entities>,
    catalog: OnceLock<Catalog>,
    /// Canonical paths of the works' texts.
    texts: OnceLock<HashSet<PathBuf>>,
    /// The meaning signal: the model and its embeddings, or why there is none.
    semantic: Result<Semantic, ModelError>,
    /// Every evidence sentence's embedding, in the index's unit order.
    units: OnceLock<Result<UnitVectors, ModelError>>,
    /// Whether a check waits for the corpus's embeddings (the CLI) or
    /// judges on lexical support until they are ready (the server).
    wait_for_meaning: bool,
    /// The bibliography entries alone, no text read yet
    /// ([`Workspace::load_entries`]).
    partial: bool,
}

/// Where the meaning signal of a workspace stands.
#[derive(Debug, Clone, PartialEq)]
pub enum MeaningStatus {
    /// No model (or turned off): claims are judged on lexical support.
    Off(ModelError),
    /// The model or its embeddings could not be used: claims are judged on
    /// lexical support, and the error must be shown.
    Failed(ModelError),
    /// The corpus's embeddings are not computed yet.
    Pending,
    Ready,
}

impl Workspace {
    /// Load the library a configuration names, through the persisted index
    /// in `cache` (None: off), leaving `drafts` (canonical paths) out of
    /// its corpus. Nothing derived is built yet.
    pub fn load(config: &Config, cache: Option<&Cache>, drafts: &HashSet<PathBuf>) -> Workspace {
        Workspace::load_with(config, cache, drafts, None)
    }

    /// The meaning signal of a library: the model its key names, with the
    /// embeddings persisted in the cache folder, one file per model shared
    /// by every library (they are kept by the text they embed).
    fn semantic(key: &LibraryKey, store: &Store) -> Result<Semantic, ModelError> {
        let dir = key.model.as_deref().ok_or(ModelError::Off)?;
        Semantic::open(dir, |id| {
            let folder = store.file()?.parent()?;
            Some(folder.join(format!(
                "index-embeddings-{:08x}.bin",
                crate::embed::store::key(id) as u32
            )))
        })
    }

    /// [`Workspace::load`] for a front end that outlives the files (the
    /// server): their fingerprint is taken first, so a change while loading
    /// is seen by [`Workspace::is_stale`].
    pub fn load_watched(
        config: &Config,
        cache: Option<&Cache>,
        drafts: &HashSet<PathBuf>,
    ) -> Workspace {
        let key = LibraryKey::of(config);
        let print = key.fingerprint();
        let mut ws = Workspace::load_with(config, cache, drafts, Some(print));
        ws.wait_for_meaning = false;
        ws
    }

    /// The library's bibliography entries alone, with no text read and no
    /// persisted index: what the server answers completion and hover from
    /// in the first second of a cold start, while the whole library loads.
    /// It is never checked against ([`Workspace::is_partial`]) and never
    /// saved.
    pub fn load_entries(config: &Config) -> Workspace {
        let key = LibraryKey::of(config);
        let lib = crate::timing::phase("library: entries", || {
            let mut lib =
                Library::entries_only(key.corpus.as_deref(), &key.bibliography, &key.reach);
            if let Some(z) = &key.zotero {
                crate::zotero::entries_into(&mut lib, z);
            }
            lib
        });
        let mut ws = Workspace::with_library(config, key, Store::open(None, None, &[]), lib, None);
        ws.partial = true;
        ws.semantic = Err(ModelError::Off);
        ws
    }

    /// Whether this workspace holds the bibliography entries alone
    /// ([`Workspace::load_entries`]): no texts, so nothing to check claims
    /// against, and a key only a text would give is not known yet.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    fn load_with(
        config: &Config,
        cache: Option<&Cache>,
        drafts: &HashSet<PathBuf>,
        fingerprint: Option<u64>,
    ) -> Workspace {
        let key = LibraryKey::of(config);
        let store = Store::open(cache, key.corpus.as_deref(), &key.cache_names());
        let lib = crate::timing::phase("library: load", || {
            store.library_reaching(
                key.corpus.as_deref(),
                &key.bibliography,
                drafts,
                &key.reach,
                key.zotero.as_ref(),
            )
        });
        Workspace::with_library(config, key, store, lib, fingerprint)
    }

    fn with_library(
        config: &Config,
        key: LibraryKey,
        store: Store,
        lib: Library,
        fingerprint: Option<u64>,
    ) -> Workspace {
        let semantic = Workspace::semantic(&key, &store);
        Workspace {
            partial: false,
            semantic,
            units: OnceLock::new(),
            wait_for_meaning: true,
            key,
            lib,
            fingerprint,
            store,
            config: config.clone(),
            glossary: OnceLock::new(),
            index: OnceLock::new(),
            entities: OnceLock::new(),
            catalog: OnceLock::new(),
            texts: OnceLock::new(),
        }
    }

    pub fn key(&self) -> &LibraryKey {
        &self.key
    }

    /// The user's glossary for the entity catalogue (`gloss.toml` and the
    /// `glossary.toml` beside it), read on first need.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary_and_warnings().0
    }

    fn glossary_and_warnings(&self) -> &(Glossary, Vec<Warning>) {
        self.glossary.get_or_init(|| {
            let mut warnings = Vec::new();
            let g = Glossary::load_for(&self.config, &mut warnings);
            (g, warnings)
        })
    }

    /// Problems met reading the glossary (none until it is read).
    pub fn glossary_warnings(&self) -> &[Warning] {
        self.glossary.get().map_or(&[], |(_, w)| w.as_slice())
    }

    /// The claims evidence index (with the entity catalogue), built now or
    /// taken from the persisted index.
    pub fn index(&self) -> &Index {
        self.index
            .get_or_init(|| self.store.index(&self.lib, self.glossary()))
    }

    pub fn index_if_built(&self) -> Option<&Index> {
        self.index.get()
    }

    /// The entity catalogue: the index's when it is built, else built (or
    /// read from the persisted index) alone.
    pub fn entities(&self) -> &Entities {
        match self.index.get() {
            Some(ix) => &ix.entities,
            None => self
                .entities
                .get_or_init(|| self.store.entities(&self.lib, self.glossary())),
        }
    }

    pub fn entities_if_built(&self) -> Option<&Entities> {
        self.index
            .get()
            .map(|ix| &ix.entities)
            .or_else(|| self.entities.get())
    }

    /// Lowercased names, titles and keys of every work, for fast fuzzy search.
    pub fn catalog(&self) -> &Catalog {
        self.catalog.get_or_init(|| Catalog::new(&self.lib))
    }

    /// Build now what the checks of `config` and the editor's requests
    /// will need, so none of them pays for it: the completion catalogue,
    /// the index when claims are checked (else the entity catalogue alone),
    /// and the entity scanner.
    pub fn prepare(&self, config: &Config) {
        self.catalog();
        if config.claims_on() {
            self.index();
        }
        self.entities().prepare();
    }

    /// Write the persisted index if the evidence index was built and
    /// anything changed; failures are kept in [`Workspace::cache_stats`].
    pub fn save(&self) {
        if let Some(ix) = self.index.get() {
            self.store.save(&self.lib, ix);
        }
        self.save_meaning();
    }

    /// Write the embeddings computed since the last save, if any.
    pub fn save_meaning(&self) {
        if let Ok(s) = &self.semantic {
            if let Err(e) = s.save() {
                self.store.note_write_error(format!("embeddings: {e}"));
            }
        }
    }

    /// Where the meaning signal stands (see [`MeaningStatus`]).
    pub fn meaning_status(&self) -> MeaningStatus {
        match (&self.semantic, self.units.get()) {
            (Err(e @ (ModelError::NotInstalled(_) | ModelError::Off)), _) => {
                MeaningStatus::Off(e.clone())
            }
            (Err(e), _) | (_, Some(Err(e))) => MeaningStatus::Failed(e.clone()),
            (Ok(_), Some(Ok(_))) => MeaningStatus::Ready,
            (Ok(_), None) => MeaningStatus::Pending,
        }
    }

    /// The model's id, when a model is configured and installed.
    pub fn model_id(&self) -> Option<&str> {
        self.semantic.as_ref().ok().map(Semantic::model_id)
    }

    /// Compute (or read from the cache) the embedding of every evidence
    /// sentence, reporting `(done, total)` as the model runs; at most once.
    /// The index is built first if need be.
    pub fn fill_meaning(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<(), ModelError> {
        let semantic = self.semantic.as_ref().map_err(Clone::clone)?;
        let index = self.index();
        let r = self.units.get_or_init(|| {
            let texts: Vec<&str> = index
                .units
                .iter()
                .map(|u| {
                    self.lib.works[u.work as usize]
                        .doc
                        .as_ref()
                        .and_then(|d| d.sentences.get(u.sentence as usize))
                        .map_or("", |s| s.text.as_str())
                })
                .collect();
            let vectors = crate::timing::phase("meaning: corpus embeddings", || {
                semantic.embed(&texts, 64, progress)
            })?;
            let flat: Vec<f32> = vectors.into_iter().flatten().collect();
            UnitVectors::new(flat, index.units.len())
                .ok_or_else(|| ModelError::Runtime("embeddings of the wrong length".into()))
        });
        r.as_ref().map(|_| ()).map_err(Clone::clone)
    }

    /// The embeddings of the draft's claims, and the corpus's, when the
    /// meaning signal is ready (the CLI computes them now; the server
    /// only once [`Workspace::fill_meaning`] is done).
    fn meaning_vectors(&self, input: &Input) -> Option<(&UnitVectors, HashMap<u64, Vec<f32>>)> {
        let semantic = self.semantic.as_ref().ok()?;
        if self.wait_for_meaning {
            self.fill_meaning(&mut |_, _| {}).ok()?;
        }
        let units = self.units.get()?.as_ref().ok()?;
        let claims = crate::claims::claim_texts(input.text, input.draft);
        let refs: Vec<&str> = claims.iter().map(String::as_str).collect();
        let vectors = semantic.embed(&refs, 64, &mut |_, _| {}).ok()?;
        let map = claims
            .iter()
            .zip(vectors)
            .map(|(c, v)| (crate::embed::store::key(c), v))
            .collect();
        Some((units, map))
    }

    /// What the persisted index did for this library.
    pub fn cache_stats(&self) -> Stats {
        self.store.stats()
    }

    /// Whether the library's files changed since it was read (never, for
    /// a workspace not loaded with [`Workspace::load_watched`]).
    pub fn is_stale(&self) -> bool {
        self.fingerprint
            .is_some_and(|f| self.key.fingerprint() != f)
    }

    /// Whether `changed` (an absolute path) is a file this library read.
    pub fn reads(&self, changed: &Path) -> bool {
        self.key.reads(changed)
            || self
                .lib
                .bib_files
                .iter()
                .any(|b| crate::project::absolute(b) == changed)
    }

    /// Whether the library holds `path` as the text of a work.
    pub fn holds_text(&self, path: &Path) -> bool {
        let canon =
            |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| crate::project::absolute(p));
        self.texts
            .get_or_init(|| {
                self.lib
                    .works
                    .iter()
                    .filter_map(|w| w.path.as_deref())
                    .map(canon)
                    .collect()
            })
            .contains(&canon(path))
    }

    /// What an open document is to this workspace: a text of the corpus
    /// folder that the library holds as a paper is a paper while it has
    /// neither Pandoc citations nor a bibliography in its front matter
    /// (it is not checked, as `gloss check` does not check it); with them
    /// it is a draft the library wrongly holds, to be loaded again without
    /// it. Everything else is a draft.
    pub fn role_of(&self, path: &Path, text: &str, config: &Config) -> Role {
        if !(in_corpus(path, config) && self.holds_text(path)) {
            Role::Draft
        } else if crate::project::draft_reason(text).is_some() {
            Role::DraftHeldAsPaper
        } else {
            Role::Paper
        }
    }

    /// Check a draft against this library, its claims too when `config`
    /// turns any claim code on. `cancelled` is asked between sentences: a
    /// check that is no longer wanted stops there.
    pub fn check(
        &self,
        input: &Input,
        config: &Config,
        path: &Path,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Vec<Diagnostic>, Cancelled> {
        let index = config.claims_on().then(|| self.index());
        let vectors = index.and_then(|_| self.meaning_vectors(input));
        let meaning = vectors
            .as_ref()
            .map(|(units, claims)| Meaning { units, claims });
        check::check_until(
            input,
            &self.lib,
            index,
            meaning.as_ref(),
            config,
            path,
            cancelled,
        )
    }
}

/// What an open document is to a workspace ([`Workspace::role_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Draft,
    Paper,
    /// A draft that the library read as a paper of its corpus.
    DraftHeldAsPaper,
}

/// A summary of the files a library reads (paths, sizes, modification
/// times of the corpus folder's files and the bibliographies): it changes
/// when any of them does.
pub fn fingerprint(corpus: Option<&Path>, bibs: &[PathBuf]) -> u64 {
    fingerprint_reaching(corpus, bibs, &crate::config::Reach::default())
}

/// [`fingerprint`] of the files a corpus walk reaching as far as `reach`
/// reads (the same walk as the library's: each real folder once).
pub fn fingerprint_reaching(
    corpus: Option<&Path>,
    bibs: &[PathBuf],
    reach: &crate::config::Reach,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut add = |p: &Path| {
        p.hash(&mut h);
        if let Ok(m) = std::fs::metadata(p) {
            m.len().hash(&mut h);
            m.modified().ok().hash(&mut h);
        }
    };
    if let Some(c) = corpus {
        let (files, _) = crate::corpus::walk_files(c, reach);
        for f in &files {
            add(f);
        }
    }
    for b in bibs {
        add(b);
    }
    h.finish()
}

impl LibraryKey {
    /// [`fingerprint_reaching`] of the library's files, with the Zotero
    /// library's (its databases and extracted texts) when it reads one.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let base = fingerprint_reaching(self.corpus.as_deref(), &self.bibliography, &self.reach);
        let Some(z) = &self.zotero else {
            return base;
        };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        base.hash(&mut h);
        for f in crate::zotero::watched_files(&z.dir) {
            f.hash(&mut h);
            if let Ok(m) = std::fs::metadata(&f) {
                m.len().hash(&mut h);
                m.modified().ok().hash(&mut h);
            }
        }
        h.finish()
    }
}

/// Whether a draft lies in the corpus folder of its configuration.
pub fn in_corpus(path: &Path, config: &Config) -> bool {
    config.corpus.as_deref().is_some_and(|corpus| {
        crate::project::absolute(path).starts_with(crate::project::absolute(corpus))
    })
}

/// Workspaces by library key, each loaded on first need: what a front end
/// that checks drafts one after another (the CLI) holds. The language
/// server keeps its own map of the same workspaces, because it loads them
/// off its runtime with progress reports (scheduling, not engine).
#[derive(Default)]
pub struct Workspaces {
    cache: Option<Cache>,
    /// Canonical paths of the drafts: never corpus papers.
    drafts: HashSet<PathBuf>,
    loaded: HashMap<LibraryKey, Workspace>,
}

impl Workspaces {
    pub fn new(cache: Option<Cache>) -> Workspaces {
        Workspaces {
            cache,
            ..Workspaces::default()
        }
    }

    /// The drafts being checked: left out of every corpus loaded afterwards.
    pub fn set_drafts(&mut self, drafts: HashSet<PathBuf>) {
        self.drafts = drafts;
    }

    /// The workspace for a configuration, and whether it was loaded now.
    pub fn get(&mut self, config: &Config) -> (&Workspace, bool) {
        let key = LibraryKey::of(config);
        let mut fresh = false;
        let (cache, drafts) = (self.cache.as_ref(), &self.drafts);
        let ws = self.loaded.entry(key).or_insert_with(|| {
            fresh = true;
            Workspace::load(config, cache, drafts)
        });
        (ws, fresh)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Workspace> {
        self.loaded.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;
    use std::cell::Cell;

    fn example(dir: &Path) -> Config {
        Config {
            corpus: Some(dir.to_path_buf()),
            bibliography: vec![dir.join("references.bib")],
            ..Config::default()
        }
    }

    fn copy_example() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
        for e in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let to = tmp.path().join(e.path().strip_prefix(&src).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        tmp
    }

    #[test]
    fn derived_artefacts_are_built_once_and_the_index_carries_the_entities() {
        let tmp = copy_example();
        let ws = Workspace::load(&example(tmp.path()), None, &HashSet::new());
        assert!(!ws.lib.works.is_empty());
        assert!(ws.index_if_built().is_none() && ws.entities_if_built().is_none());
        // Entities alone (every claim code off) do not build the index.
        let alone: *const Entities = ws.entities();
        assert!(ws.index_if_built().is_none());
        assert!(std::ptr::eq(alone, ws.entities()), "built once");
        let ix: *const Index = ws.index();
        assert!(std::ptr::eq(ix, ws.index()), "built once");
        // Once the index is built, its catalogue is the one served.
        assert!(std::ptr::eq(ws.entities(), &ws.index().entities));
    }

    #[test]
    fn the_entries_alone_are_every_entry_with_no_text_read() {
        let tmp = copy_example();
        let cfg = example(tmp.path());
        let whole = Workspace::load(&cfg, None, &HashSet::new());
        let entries = Workspace::load_entries(&cfg);
        assert!(entries.is_partial() && !whole.is_partial());
        let with_entry: Vec<&str> = whole
            .lib
            .works
            .iter()
            .filter(|w| w.entry.is_some())
            .map(|w| w.key.as_str())
            .collect();
        let keys: Vec<&str> = entries.lib.works.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, with_entry);
        assert!(entries.lib.works.iter().all(|w| w.doc.is_none()));
        assert!(entries.lib.get(keys[0]).is_some());
    }

    #[test]
    fn a_changed_file_makes_the_workspace_stale() {
        let tmp = copy_example();
        let cfg = example(tmp.path());
        let ws = Workspace::load_watched(&cfg, None, &HashSet::new());
        assert!(!ws.is_stale());
        let text = tmp.path().join("okafor2019.txt");
        let mut body = std::fs::read_to_string(&text).unwrap();
        body.push_str("\nOne more sentence.\n");
        std::fs::write(&text, body).unwrap();
        assert!(ws.is_stale());
        assert!(ws.reads(&crate::project::absolute(&text)));
        assert!(!ws.reads(Path::new("/elsewhere/draft.md")));
        assert!(ws.holds_text(&text));
    }

    #[test]
    fn a_zotero_library_is_read_through_the_cache_and_goes_stale_when_an_item_is_added() {
        let t = tempfile::tempdir().unwrap();
        let built =
            crate::zotero::fixture::build(&t.path().join("Zotero"), &t.path().join("linked"))
                .unwrap();
        let cfg = Config {
            zotero: Some(crate::zotero::Source {
                dir: built.dir.clone(),
                collection: None,
            }),
            ..Config::default()
        };
        let cache = Cache::at(t.path().join("cache"));
        let ws = Workspace::load_watched(&cfg, Some(&cache), &HashSet::new());
        let berg = ws.lib.get("berg2015").unwrap();
        assert_eq!(berg.paired_by, crate::corpus::PairedBy::Zotero);
        assert!(berg.doc.as_ref().is_some_and(|d| !d.sentences.is_empty()));
        // No text extracted by Zotero: the PDF itself, with its pages.
        let who = ws.lib.get("who2015ageing").unwrap();
        assert_eq!(who.paired_by, crate::corpus::PairedBy::Zotero);
        assert!(who.doc.as_ref().is_some_and(|d| d.pages.is_some()));
        // A scan without text layer: no text, and a warning naming it.
        assert_eq!(
            ws.lib
                .get("chenLearningCiteEvidence2020a")
                .unwrap()
                .paired_by,
            crate::corpus::PairedBy::None
        );
        assert!(ws
            .lib
            .warnings
            .iter()
            .any(|w| w.path.ends_with("scan.pdf") && w.message.contains("no text layer")));
        // Same authors and year: cited as Chen (2020a) and Chen (2020b).
        assert!(ws
            .lib
            .get("chenLearningCiteEvidence2020a")
            .unwrap()
            .year_suffix
            .is_some());
        // The first second of a cold start offers Zotero's items too.
        let entries = Workspace::load_entries(&cfg);
        let mut keys: Vec<&str> = entries.lib.works.iter().map(|w| w.key.as_str()).collect();
        let mut whole: Vec<&str> = ws.lib.works.iter().map(|w| w.key.as_str()).collect();
        keys.sort_unstable();
        whole.sort_unstable();
        assert_eq!(keys, whole);
        assert!(entries.lib.works.iter().all(|w| w.doc.is_none()));
        assert!(entries
            .lib
            .get("chenLearningCiteEvidence2020a")
            .unwrap()
            .year_suffix
            .is_some());
        assert_eq!(ws.cache_stats().texts_parsed, 4);
        ws.index();
        ws.save();
        assert!(!ws.is_stale());
        assert!(ws.reads(&crate::project::absolute(&built.dir.join("zotero.sqlite"))));
        // Loaded again: the extracted texts come from the persisted index.
        let again = Workspace::load(&cfg, Some(&cache), &HashSet::new());
        assert_eq!(again.cache_stats().texts_cached, 4);
        assert_eq!(again.cache_stats().texts_parsed, 0);
        crate::zotero::fixture::add_article(
            &built.dir,
            "NEWITEM1",
            "Novak",
            "Fresh results",
            2021,
            None,
        )
        .unwrap();
        assert!(ws.is_stale());
        let fresh = Workspace::load(&cfg, Some(&cache), &HashSet::new());
        assert!(fresh.lib.get("novakFreshResults2021").is_some());
    }

    #[test]
    fn a_check_no_longer_wanted_stops_between_sentences() {
        let tmp = copy_example();
        let cfg = example(tmp.path());
        let ws = Workspace::load(&cfg, None, &HashSet::new());
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/review.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let draft = syntax::parse(&text);
        let input = Input {
            text: &text,
            draft: &draft,
        };
        let all = ws.check(&input, &cfg, &path, &|| false).unwrap();
        assert!(!all.is_empty());
        assert_eq!(
            all,
            check::check(&input, &ws.lib, Some(ws.index()), &cfg, &path)
        );
        // Wanted for the first three sentences, then not: it stops there,
        // having asked once more, and gives no partial result.
        let asked = Cell::new(0);
        let cancelled = || {
            asked.set(asked.get() + 1);
            asked.get() > 3
        };
        assert_eq!(ws.check(&input, &cfg, &path, &cancelled), Err(Cancelled));
        assert!(
            asked.get() < draft.sentences.len(),
            "asked {} times for {} sentences",
            asked.get(),
            draft.sentences.len()
        );
    }

    #[test]
    fn a_corpus_text_open_in_an_editor_is_a_paper_until_it_cites() {
        let tmp = copy_example();
        let cfg = example(tmp.path());
        let ws = Workspace::load(&cfg, None, &HashSet::new());
        let paper = tmp.path().join("okafor2019.txt");
        let text = std::fs::read_to_string(&paper).unwrap();
        assert_eq!(ws.role_of(&paper, &text, &cfg), Role::Paper);
        let citing = format!("{text}\nAs [@okafor2019] says.\n");
        assert_eq!(ws.role_of(&paper, &citing, &cfg), Role::DraftHeldAsPaper);
        let elsewhere = Path::new("/elsewhere/review.md");
        assert_eq!(ws.role_of(elsewhere, &text, &cfg), Role::Draft);
    }

    #[test]
    fn workspaces_share_one_load_per_library() {
        let tmp = copy_example();
        let cfg = example(tmp.path());
        let mut all = Workspaces::new(None);
        let (a, fresh) = all.get(&cfg);
        let a: *const Workspace = a;
        assert!(fresh);
        let other = Config {
            severity: [(crate::diag::Code::UncitedReference, None)].into(),
            ..cfg.clone()
        };
        let (b, fresh) = all.get(&other);
        assert!(
            !fresh && std::ptr::eq(a, b),
            "same corpus and bibliographies"
        );
        let (_, fresh) = all.get(&Config {
            bibliography: vec![],
            ..cfg
        });
        assert!(fresh);
        assert_eq!(all.iter().count(), 2);
    }
}
