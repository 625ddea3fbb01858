//! The server's state: settings, open documents, loaded libraries, and the
//! immutable snapshots that requests and checks work on.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::Deserialize;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Location, Position, Range as LspRange, Uri};

use super::documents::{Document, LazyDraft};
use super::position::{Encoding, Lines};
use gloss::config::{Config, Overrides};
use gloss::diag::Diagnostic;
use gloss::syntax::Draft;
use gloss::workspace::LibraryKey;

/// Client settings: `initializationOptions` and the `gloss` section of
/// `workspace/configuration`. They win over `gloss.toml` and front matter.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Corpus folder; relative paths are taken from the first workspace
    /// folder. `"zotero"`: the Zotero library itself.
    pub corpus: Option<String>,
    /// The Zotero data folder (default: `gloss.toml`'s `zotero_data_dir`, else `~/Zotero`).
    pub zotero_data_dir: Option<String>,
    /// Only this Zotero collection and those below it (`"Dissertation/Chapter 2"`).
    pub zotero_collection: Option<String>,
    /// Further bibliography files.
    pub bibliography: Vec<String>,
    /// Per-code severity: `error`, `warning`, `info`, `hint` or `off`.
    pub severity: HashMap<String, String>,
    /// Milliseconds between the last edit and the check (default 200).
    pub debounce: Option<u64>,
    /// Inlay hints after Pandoc keys (default on).
    pub inlay_hints: Option<bool>,
    /// The sentence-embedding model's folder, or `off` (default: where
    /// `gloss model install` puts it, or GLOSS_MODEL_DIR).
    pub model: Option<String>,
    /// Open documents larger than this many megabytes are not checked
    /// (default 2): completion, hover and definition still work.
    pub max_document_size: Option<f64>,
    /// Folders outside the project that a draft's front matter may name and
    /// corpus symlinks may lead to (added to `gloss.toml`'s `allow_outside`).
    pub allow_outside: Vec<String>,
    /// Whether the corpus may be a filesystem root or the home folder.
    pub allow_broad_corpus: Option<bool>,
}

/// The default of `maxDocumentSize`, in megabytes: a long review is a few
/// hundred kilobytes; checking takes time and memory in proportion.
pub const DEFAULT_MAX_DOCUMENT_MB: f64 = 2.0;

impl Settings {
    /// Settings from `initializationOptions` or a configuration section:
    /// either the settings themselves or `{ "gloss": { … } }`.
    /// Settings from a configuration value laid over the initialization
    /// options: a field the configuration leaves out (or null) keeps the
    /// value the options gave, so an empty `gloss` section does not undo them.
    pub fn layered(
        init: &serde_json::Value,
        v: &serde_json::Value,
    ) -> std::result::Result<Settings, String> {
        let unwrap = |v: &serde_json::Value| v.get("gloss").cloned().unwrap_or_else(|| v.clone());
        let mut merged = unwrap(init);
        match (merged.as_object_mut(), unwrap(v)) {
            (Some(m), serde_json::Value::Object(over)) => {
                for (k, x) in over {
                    if !x.is_null() {
                        m.insert(k, x);
                    }
                }
            }
            (_, over) => merged = over,
        }
        Settings::from_value(&merged)
    }

    pub fn from_value(v: &serde_json::Value) -> std::result::Result<Settings, String> {
        let v = v.get("gloss").unwrap_or(v);
        if v.is_null() {
            return Ok(Settings::default());
        }
        serde_json::from_value(v.clone()).map_err(|e| format!("invalid gloss settings: {e}"))
    }

    pub fn debounce_ms(&self) -> u64 {
        self.debounce.unwrap_or(200)
    }

    pub fn inlay_hints(&self) -> bool {
        self.inlay_hints.unwrap_or(true)
    }

    /// The size (bytes) above which a document is not checked.
    pub fn max_document_bytes(&self) -> usize {
        let mb = self
            .max_document_size
            .filter(|m| m.is_finite() && *m >= 0.0)
            .unwrap_or(DEFAULT_MAX_DOCUMENT_MB);
        (mb * 1024.0 * 1024.0) as usize
    }

    /// The engine's form of these settings, relative paths taken from
    /// `base` (the first workspace folder); unknown codes and levels come
    /// back as messages.
    /// `workspaces` are the editor's workspace folders: a draft's project,
    /// for confining the paths its front matter names.
    pub fn overrides(&self, base: &Path, workspaces: &[PathBuf]) -> (Overrides, Vec<String>) {
        let mut over = Overrides {
            reach: gloss::config::Reach {
                allow_outside: self.allow_outside.iter().map(|a| base.join(a)).collect(),
                allow_broad_corpus: self.allow_broad_corpus.unwrap_or(false),
            },
            workspaces: workspaces.to_vec(),
            corpus: self
                .corpus
                .as_ref()
                .filter(|c| !gloss::config::is_zotero(c))
                .map(|c| base.join(c)),
            zotero: self.corpus.as_deref().is_some_and(gloss::config::is_zotero),
            zotero_dir: self
                .zotero_data_dir
                .as_deref()
                .filter(|d| !d.is_empty())
                .map(|d| gloss::config::user_path(d, base)),
            zotero_collection: self.zotero_collection.clone().filter(|c| !c.is_empty()),
            bibliography: self.bibliography.iter().map(|b| base.join(b)).collect(),
            model: self
                .model
                .as_deref()
                .filter(|m| !m.is_empty())
                .map(|m| gloss::config::ModelChoice::parse(m, base)),
            ..Overrides::default()
        };
        let msgs = over.set_severities(&self.severity);
        (over, msgs)
    }
}

/// The engine's host of a loaded library. (`Loaded` is its older name in
/// the feature files.)
pub use gloss::workspace::Workspace;
pub type Loaded = Workspace;

/// Everything a request needs about one document, fixed at one version.
pub struct Snapshot {
    pub uri: Uri,
    /// The draft's path (for `file:` URIs), else a path in the first workspace folder.
    pub path: PathBuf,
    pub version: i32,
    pub text: Arc<String>,
    /// The parsed draft; parsed on first use (completion does without).
    pub draft: LazyDraft,
    pub lines: Arc<Lines>,
    pub encoding: Encoding,
    pub config: Config,
    pub settings: Settings,
    /// None while the library is still loading.
    pub library: Option<Arc<Workspace>>,
    /// The engine diagnostics last published for this version, if any.
    pub diagnostics: Option<Arc<Vec<Diagnostic>>>,
}

impl Snapshot {
    /// The byte offset of a request position, or an `InvalidParams` error
    /// when the position lies past the end of the document.
    pub fn offset(&self, p: Position) -> Result<usize> {
        self.lines
            .offset(&self.text, p, self.encoding)
            .ok_or_else(|| {
                Error::invalid_params(format!(
                    "position {}:{} is past the end of the document ({} lines)",
                    p.line,
                    p.character,
                    self.lines.line_count()
                ))
            })
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset, self.encoding)
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> LspRange {
        self.lines.range(&self.text, r, self.encoding)
    }
}

/// A draft of the workspace (open, or on disk) for references and rename.
#[derive(Clone)]
pub struct WorkspaceDraft {
    pub uri: Uri,
    pub text: Arc<String>,
    pub draft: Arc<Draft>,
    pub lines: Arc<Lines>,
}

#[derive(Default)]
pub struct State {
    pub docs: Mutex<HashMap<Uri, Document>>,
    /// Lines per (uri, version), so positions are converted without rescanning.
    lines: Mutex<HashMap<Uri, (i32, Arc<Lines>)>>,
    /// Libraries dropped after a change, serving requests until reloaded.
    previous: Mutex<HashMap<LibraryKey, Arc<Workspace>>>,
    pub settings: RwLock<Settings>,
    /// The client's `initializationOptions`, under every later configuration.
    pub init_options: RwLock<serde_json::Value>,
    pub encoding: RwLock<Encoding>,
    pub roots: RwLock<Vec<PathBuf>>,
    /// Per document: the front matter, settings and configuration last worked out.
    configs: Mutex<HashMap<Uri, (String, Settings, Config)>>,
    /// Loaded libraries; a cell is filled once by the first task that needs it.
    pub libraries: Mutex<HashMap<LibraryKey, Arc<tokio::sync::OnceCell<Arc<Workspace>>>>>,
    /// Configuration warnings already logged.
    pub logged: Mutex<HashSet<String>>,
    /// Per document, the generation of the newest scheduled check.
    pub generations: Mutex<HashMap<Uri, u64>>,
    /// Set once the client's settings have been asked for (after
    /// `initialized`): checks wait for it, so the first one uses them.
    configured: std::sync::atomic::AtomicBool,
    configured_notify: tokio::sync::Notify,
    /// Signalled when a library's embeddings are ready: open documents are
    /// checked again, now on meaning too.
    pub recheck: tokio::sync::Notify,
    /// The drafts on disk last read for references and rename, by path,
    /// with the size and modification time they were read at.
    scanned: Mutex<HashMap<PathBuf, Scanned>>,
}

/// A file of the workspace as last read: `None` when it is not a draft.
struct Scanned {
    stamp: Stamp,
    draft: Option<WorkspaceDraft>,
}

/// What tells a file changed: its size, modification time, and whether it
/// lay in a corpus folder (which decides whether it is a draft).
#[derive(PartialEq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    in_corpus: bool,
}

/// A request's cancellation: set when the client cancels it (the
/// request's future is dropped), asked between files by the work done for
/// it off the runtime.
#[derive(Clone, Default)]
pub struct Cancel(Arc<std::sync::atomic::AtomicBool>);

impl Cancel {
    pub fn is_set(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A guard that sets the flag when dropped: held by the request's
    /// future, so dropping the future (on `$/cancelRequest`) stops the work.
    pub fn on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(self.clone())
    }
}

pub struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0 .0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The work was cancelled: the files read so far stay cached.
#[derive(Debug)]
pub struct Cancelled {
    pub read: usize,
    pub total: usize,
}

pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn read<T: Clone>(m: &RwLock<T>) -> T {
    m.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The path a URI names: its file path, or for other schemes (`untitled:`)
/// a made-up name in the first workspace folder, so `gloss.toml` is found.
pub fn uri_path(uri: &Uri, roots: &[PathBuf]) -> PathBuf {
    if let Some(p) = uri.to_file_path() {
        return p.into_owned();
    }
    let base = roots.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    base.join("untitled.md")
}

impl State {
    pub fn set_configured(&self) {
        self.configured
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.configured_notify.notify_waiters();
    }

    /// Wait until the client's settings are in (at most two seconds, for
    /// clients that never send `initialized`).
    pub async fn configured(&self) {
        let wait = async {
            loop {
                let notified = self.configured_notify.notified();
                if self.configured.load(std::sync::atomic::Ordering::SeqCst) {
                    return;
                }
                notified.await;
            }
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), wait).await;
    }

    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The configuration of a draft: `gloss.toml` and front matter, then the
    /// client's settings. New warnings come back for logging.
    pub fn config(&self, path: &Path, draft: &Draft, settings: &Settings) -> (Config, Vec<String>) {
        let roots = read(&self.roots);
        let base = roots.first().cloned().unwrap_or_default();
        let (over, mut msgs) = settings.overrides(&base, &roots);
        let mut warnings = Vec::new();
        let cfg = Config::for_draft_over(path, draft.front_matter.as_ref(), &over, &mut warnings);
        let mut all: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        all.append(&mut msgs);
        let mut logged = lock(&self.logged);
        all.retain(|m| logged.insert(m.clone()));
        (cfg, all)
    }

    /// The library for a configuration if it is loaded already; while it
    /// is loaded again after a change, the one before (completion and hover
    /// keep working during a long re-index).
    pub fn library_ready(&self, cfg: &Config) -> Option<Arc<Workspace>> {
        let key = LibraryKey::of(cfg);
        lock(&self.libraries)
            .get(&key)
            .and_then(|c| c.get().cloned())
            .or_else(|| lock(&self.previous).get(&key).cloned())
    }

    /// The bibliography entries of a library still loading
    /// (`tasks::offer_entries`): kept for requests unless the library or an
    /// earlier version of it is there by now.
    pub fn offer_partial(&self, cfg: &Config, ws: Arc<Workspace>) {
        let key = LibraryKey::of(cfg);
        let libraries = lock(&self.libraries);
        if libraries.get(&key).is_some_and(|c| c.get().is_some()) {
            return;
        }
        lock(&self.previous).entry(key).or_insert(ws);
    }

    /// A library finished loading: the one before it is no longer needed.
    pub fn library_loaded(&self, cfg: &Config) {
        lock(&self.previous).remove(&LibraryKey::of(cfg));
    }

    /// Keep a dropped library for requests until its successor is loaded.
    fn keep_previous(&self, key: LibraryKey, cell: &tokio::sync::OnceCell<Arc<Workspace>>) {
        if let Some(l) = cell.get() {
            lock(&self.previous).insert(key, l.clone());
        }
    }

    pub fn library_cell(&self, cfg: &Config) -> Arc<tokio::sync::OnceCell<Arc<Workspace>>> {
        lock(&self.libraries)
            .entry(LibraryKey::of(cfg))
            .or_default()
            .clone()
    }

    /// Forget every document's configuration (a `gloss.toml` changed).
    pub fn clear_configs(&self) {
        lock(&self.configs).clear();
    }

    /// Keys of loaded libraries whose files changed since they were read.
    /// With `zotero_only`, only libraries that read a Zotero library (whose
    /// folder a client's watchers, set on the workspace, do not cover).
    pub fn stale_libraries(&self, zotero_only: bool) -> Vec<LibraryKey> {
        let loaded: Vec<Arc<Workspace>> = lock(&self.libraries)
            .values()
            .filter_map(|c| c.get().cloned())
            .filter(|ws| !zotero_only || ws.key().zotero.is_some())
            .collect();
        loaded
            .into_iter()
            .filter(|ws| ws.is_stale())
            .map(|ws| ws.key().clone())
            .collect()
    }

    pub fn drop_libraries(&self, keys: &[LibraryKey]) {
        let mut libs = lock(&self.libraries);
        for k in keys {
            if let Some(cell) = libs.remove(k) {
                self.keep_previous(k.clone(), &cell);
            }
        }
    }

    /// Forget libraries that read `changed` (a corpus text or bibliography),
    /// so the next check loads them afresh. Returns whether any was dropped.
    pub fn invalidate(&self, changed: &[PathBuf]) -> bool {
        let mut libs = lock(&self.libraries);
        let before = libs.len();
        libs.retain(|key, cell| {
            let hit = changed.iter().any(|p| match cell.get() {
                Some(ws) => ws.reads(p),
                None => key.reads(p),
            });
            if hit {
                self.keep_previous(key.clone(), cell);
            }
            !hit
        });
        libs.len() != before
    }

    /// A snapshot of an open document, or `None` when it is not open.
    pub fn snapshot(&self, uri: &Uri) -> Option<(Snapshot, Vec<String>)> {
        let (analysis, diagnostics) = {
            let mut docs = lock(&self.docs);
            let doc = docs.get_mut(uri)?;
            let a = doc.analysis();
            let d = doc
                .diagnostics
                .as_ref()
                .filter(|(v, _)| *v == a.version)
                .map(|(_, d)| d.clone());
            (a, d)
        };
        let lines = {
            let mut cache = lock(&self.lines);
            match cache.get(uri) {
                Some((v, l)) if *v == analysis.version => l.clone(),
                _ => {
                    let l = Arc::new(Lines::new(&analysis.text));
                    cache.insert(uri.clone(), (analysis.version, l.clone()));
                    l
                }
            }
        };
        let settings = read(&self.settings);
        let roots = read(&self.roots);
        let path = uri_path(uri, &roots);
        // The configuration depends on the front matter only: reuse it while
        // that and the settings stay the same, without parsing the draft.
        let fm = gloss::project::front_matter_block(&analysis.text);
        let cached = lock(&self.configs)
            .get(uri)
            .filter(|(f, s, _)| f == fm && *s == settings)
            .map(|(_, _, c)| c.clone());
        let (config, warnings) = match cached {
            Some(c) => (c, vec![]),
            None => {
                let (c, w) = self.config(&path, analysis.draft(), &settings);
                lock(&self.configs)
                    .insert(uri.clone(), (fm.to_string(), settings.clone(), c.clone()));
                (c, w)
            }
        };
        let library = self.library_ready(&config);
        Some((
            Snapshot {
                uri: uri.clone(),
                path,
                version: analysis.version,
                text: analysis.text.clone(),
                draft: LazyDraft(analysis.clone()),
                lines,
                encoding: self.encoding(),
                config,
                settings,
                library,
                diagnostics,
            },
            warnings,
        ))
    }

    /// Canonical paths of the open documents that are drafts by their
    /// current text (Pandoc citations, or a bibliography in the front
    /// matter): a library loaded now leaves them out of its corpus.
    pub fn open_drafts(&self) -> HashSet<PathBuf> {
        let texts: Vec<(Uri, Arc<String>)> = lock(&self.docs)
            .iter_mut()
            .map(|(u, d)| (u.clone(), d.analysis().text.clone()))
            .collect();
        texts
            .into_iter()
            .filter(|(_, t)| gloss::project::draft_reason(t).is_some())
            .filter_map(|(u, _)| u.to_file_path().map(|p| p.into_owned()))
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
            .collect()
    }

    /// Forget what the workspace scan read of files that changed on disk.
    pub fn forget_scanned(&self, changed: &[PathBuf]) {
        let mut scanned = lock(&self.scanned);
        for p in changed {
            scanned.remove(&absolute(p));
        }
    }

    pub fn forget(&self, uri: &Uri) {
        lock(&self.lines).remove(uri);
        lock(&self.configs).remove(uri);
        lock(&self.generations).remove(uri);
    }

    /// Every draft of the workspace: the open documents as edited, and the
    /// Markdown, Quarto and R Markdown files under the workspace folders.
    /// Run off the runtime: files on disk are read and parsed only when
    /// their size or time changed since the last scan, and `cancel` is
    /// asked between files.
    pub fn workspace_drafts(
        &self,
        cancel: &Cancel,
    ) -> std::result::Result<Vec<WorkspaceDraft>, Cancelled> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let docs: Vec<(Uri, Arc<super::documents::Analysis>)> = lock(&self.docs)
            .iter_mut()
            .map(|(u, d)| (u.clone(), d.analysis()))
            .collect();
        for (uri, a) in docs {
            if cancel.is_set() {
                return Err(Cancelled { read: 0, total: 0 });
            }
            seen.insert(uri.clone());
            out.push(WorkspaceDraft {
                uri,
                lines: Arc::new(Lines::new(&a.text)),
                text: a.text.clone(),
                draft: a.draft().clone(),
            });
        }
        let corpora: Vec<PathBuf> = lock(&self.libraries)
            .keys()
            .filter_map(|k| k.corpus.as_ref().map(|c| absolute(c)))
            .collect();
        let limit = read(&self.settings).max_document_bytes() as u64;
        // The drafts of the workspace folders, found as `gloss check DIR`
        // finds them (ignore files respected, a book gives its chapters).
        let (found, _) = gloss::project::drafts(&read(&self.roots), &mut Vec::new());
        let files: Vec<(PathBuf, Uri)> = found
            .into_iter()
            .map(|f| absolute(&f.path))
            .filter_map(|p| Uri::from_file_path(&p).map(|u| (p, u)))
            .filter(|(_, u)| !seen.contains(u))
            .collect();
        let total = files.len();
        let mut read_now = 0;
        let mut live = HashSet::new();
        for (p, uri) in files {
            if cancel.is_set() {
                return Err(Cancelled {
                    read: read_now,
                    total,
                });
            }
            let Ok(meta) = std::fs::metadata(&p) else {
                continue;
            };
            if meta.len() > limit {
                let msg = format!(
                    "{}: {} MB, above the {} MB of the maxDocumentSize setting: left out of references and rename",
                    p.display(),
                    meta.len() >> 20,
                    limit >> 20
                );
                if lock(&self.logged).insert(msg.clone()) {
                    eprintln!("gloss: {msg}");
                }
                continue;
            }
            let stamp = Stamp {
                len: meta.len(),
                modified: meta.modified().ok(),
                in_corpus: corpora.iter().any(|c| p.starts_with(c)),
            };
            live.insert(p.clone());
            let cached = lock(&self.scanned)
                .get(&p)
                .filter(|s| s.stamp == stamp)
                .map(|s| s.draft.clone());
            let draft = match cached {
                Some(d) => d,
                None => {
                    read_now += 1;
                    scan_delay();
                    let d = read_draft(&p, uri, stamp.in_corpus);
                    lock(&self.scanned).insert(
                        p.clone(),
                        Scanned {
                            stamp,
                            draft: d.clone(),
                        },
                    );
                    d
                }
            };
            out.extend(draft);
        }
        lock(&self.scanned).retain(|p, _| live.contains(p));
        if read_now > 0 {
            eprintln!("gloss: workspace scan: read {read_now} of {total} drafts");
        }
        Ok(out)
    }
}

/// Tests prove that a slow scan neither stalls other requests nor outlives
/// its cancellation: GLOSS_LSP_TEST_SCAN_DELAY_MS slows each file read.
fn scan_delay() {
    static DELAY: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    let delay = DELAY.get_or_init(|| {
        std::env::var("GLOSS_LSP_TEST_SCAN_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(ms) = delay {
        std::thread::sleep(std::time::Duration::from_millis(*ms));
    }
}

/// A file of the workspace read and parsed as a draft; `None` when it
/// cannot be read, or lies in a corpus folder without citations (corpus
/// texts may be Markdown too).
fn read_draft(p: &Path, uri: Uri, in_corpus: bool) -> Option<WorkspaceDraft> {
    let (text, _) = gloss::text::read_text_file(p).ok()?;
    if in_corpus && gloss::project::draft_reason(&text).is_none() {
        return None;
    }
    let draft = gloss::syntax::parse(&text);
    Some(WorkspaceDraft {
        uri,
        lines: Arc::new(Lines::new(&text)),
        text: Arc::new(text),
        draft: Arc::new(draft),
    })
}

/// A path made absolute against the current folder.
pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// The `file:` URI of a path from the engine (which may be relative).
pub fn file_uri(p: &Path) -> Option<Uri> {
    Uri::from_file_path(absolute(p))
}

/// A PDF opened at a page: `file:///…/paper.pdf#page=4` (the fragment of
/// RFC 8118, which PDF viewers and browsers honour), at the start of the
/// document, since its lines are not the editor's. Clients resolve it their
/// own way: Neovim (`vim.uri_to_fname`) opens the file named before the
/// `#`; VS Code hands the URI to the editor registered for PDFs (a viewer
/// extension decides whether it honours the page); a client that passes
/// file links to the desktop's opener or a browser shows the page.
pub fn page_location(p: &Path, page: u32) -> Option<Location> {
    let uri = file_uri(p)?;
    let uri: Uri = format!("{}#page={page}", uri.as_str()).parse().ok()?;
    Some(Location::new(uri, super::position::line_range(1)))
}

#[cfg(test)]
mod tests {
    use super::Settings;
    use serde_json::json;

    #[test]
    fn configuration_is_laid_over_initialization_options() {
        let init = json!({"corpus": "papers", "debounce": 50});
        // An empty or partial section keeps what the options said.
        let s = Settings::layered(&init, &json!({})).unwrap();
        assert_eq!(s.corpus.as_deref(), Some("papers"));
        assert_eq!(s.debounce, Some(50));
        let s =
            Settings::layered(&init, &json!({"gloss": {"debounce": 10, "corpus": null}})).unwrap();
        assert_eq!(
            (s.corpus.as_deref(), s.debounce),
            (Some("papers"), Some(10))
        );
        // A value given wins; no options at all is fine.
        let s = Settings::layered(&json!(null), &json!({"corpus": "other"})).unwrap();
        assert_eq!(s.corpus.as_deref(), Some("other"));
        assert!(Settings::layered(&init, &json!({"debounce": "soon"})).is_err());
    }

    #[test]
    fn corpus_zotero_is_the_zotero_library_not_a_folder() {
        let s = Settings::from_value(&json!({
            "corpus": "zotero",
            "zoteroDataDir": "lib/Zotero",
            "zoteroCollection": "Thesis"
        }))
        .unwrap();
        let base = std::path::Path::new("/ws");
        let (over, msgs) = s.overrides(base, &[]);
        assert!(msgs.is_empty());
        assert!(over.zotero && over.corpus.is_none());
        assert_eq!(over.zotero_dir, Some(base.join("lib/Zotero")));
        assert_eq!(over.zotero_collection.as_deref(), Some("Thesis"));
        let (over, _) = Settings::from_value(&json!({"corpus": "papers"}))
            .unwrap()
            .overrides(base, &[]);
        assert!(!over.zotero && over.corpus == Some(base.join("papers")));
    }

    #[test]
    fn the_document_size_limit_is_in_megabytes_with_a_default_of_two() {
        let s = |v| Settings::from_value(&v).unwrap().max_document_bytes();
        assert_eq!(s(json!({})), 2 << 20);
        assert_eq!(s(json!({"maxDocumentSize": 0.5})), 512 << 10);
        // A negative value falls back to the default.
        assert_eq!(s(json!({"maxDocumentSize": -1})), 2 << 20);
    }
}
