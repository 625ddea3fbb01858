//! `gloss lsp`: the language server, a thin front end over the engine.
//!
//! Ordering: document notifications change the store synchronously, before
//! any `.await`, so a request always sees every edit sent before it. Checks
//! run debounced, off the runtime, on an immutable snapshot, and their
//! results are dropped when the document has moved on. Requests never wait
//! for a check; they read the current snapshot and the library as loaded.

mod actions;
mod complete;
mod decorate;
mod diagnostics;
mod documents;
mod hover;
mod navigate;
mod position;
mod state;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use documents::Document;
use position::Encoding;
use state::{lock, read, Settings, Snapshot, State, Workspace};

/// Run the server on stdin and stdout until the client says `exit`.
pub fn run() -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let (service, socket) = LspService::new(|client| Backend {
            client,
            state: Arc::new(State::default()),
            caps: Arc::new(std::sync::RwLock::new(ClientCaps::default())),
        });
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    Ok(())
}

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Clone, Default)]
struct ClientCaps {
    pull_diagnostics: bool,
    /// The client accepts `workspace/diagnostic/refresh`.
    diagnostic_refresh: bool,
    work_done_progress: bool,
    configuration: bool,
    watch_files: bool,
}

struct Backend {
    client: Client,
    state: Arc<State>,
    caps: Arc<std::sync::RwLock<ClientCaps>>,
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Run request code, turning a panic into an error response.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    // Tests prove that a panicking handler leaves the server serving:
    // GLOSS_LSP_TEST_PANIC names the request to make panic.
    static PANIC_ON: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let boom = PANIC_ON
        .get_or_init(|| std::env::var("GLOSS_LSP_TEST_PANIC").ok())
        .as_deref()
        == Some(what);
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        if boom {
            panic!("test panic in {what}");
        }
        f()
    }))
    .unwrap_or_else(|p| {
        let msg = panic_message(p.as_ref());
        Err(Error {
            code: ErrorCode::InternalError,
            message: format!("{what} failed: {msg}").into(),
            data: None,
        })
    })
}

fn unknown_document(uri: &Uri) -> Error {
    Error::invalid_params(format!("unknown document: {} is not open", uri.as_str()))
}

impl Backend {
    fn caps(&self) -> ClientCaps {
        read(&self.caps)
    }

    async fn log(&self, typ: MessageType, msg: impl std::fmt::Display) {
        eprintln!("gloss: {msg}");
        self.client.log_message(typ, msg).await;
    }

    /// Run a request on a snapshot of its document.
    async fn on_doc<T>(
        &self,
        what: &str,
        uri: &Uri,
        f: impl FnOnce(&Snapshot) -> Result<T>,
    ) -> Result<T> {
        let Some((snap, warnings)) = self.state.snapshot(uri) else {
            return Err(unknown_document(uri));
        };
        for w in warnings {
            self.log(MessageType::WARNING, w).await;
        }
        let r = guarded(what, || f(&snap));
        if let Err(e) = &r {
            if e.code == ErrorCode::InternalError {
                self.log(MessageType::ERROR, &e.message).await;
            }
        }
        r
    }

    /// Run a request at a position of a document: a position past the end
    /// of the document is an `InvalidParams` error before any feature code.
    async fn at_pos<T>(
        &self,
        what: &str,
        uri: &Uri,
        pos: Position,
        f: impl FnOnce(&Snapshot) -> Result<T>,
    ) -> Result<T> {
        self.on_doc(what, uri, |s| {
            s.offset(pos)?;
            f(s)
        })
        .await
    }

    /// Schedule a check of a document after `delay`; a newer schedule or
    /// edit makes this one moot.
    fn schedule(&self, uri: Uri, delay: Duration) {
        let generation = {
            let mut g = lock(&self.state.generations);
            let e = g.entry(uri.clone()).or_insert(0);
            *e += 1;
            *e
        };
        if self.caps().pull_diagnostics {
            return;
        }
        let state = self.state.clone();
        let client = self.client.clone();
        let caps = self.caps();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            state.configured().await;
            if lock(&state.generations).get(&uri) != Some(&generation) {
                return;
            }
            let Some((snap, diags)) = check_document(&state, &client, &caps, &uri).await else {
                return;
            };
            let items: Vec<Diagnostic> = diags
                .iter()
                .map(|d| diagnostics::to_lsp(&snap, d))
                .collect();
            // Publish only for the version still open.
            let current = lock(&state.docs).get(&uri).map(|d| d.version) == Some(snap.version);
            if current {
                client
                    .publish_diagnostics(uri, items, Some(snap.version))
                    .await;
            }
        });
    }

    /// For clients that cannot watch files for the server (Neovim on
    /// Linux): look at the loaded libraries' files every two seconds and
    /// reload a library whose corpus or bibliography changed.
    fn poll_library_files(&self) {
        let state = self.state.clone();
        let client = self.client.clone();
        let caps = self.caps.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let s = state.clone();
                let stale = tokio::task::spawn_blocking(move || s.stale_libraries())
                    .await
                    .unwrap_or_default();
                if stale.is_empty() {
                    continue;
                }
                state.drop_libraries(&stale);
                let msg = "corpus or bibliography changed on disk: re-indexing";
                eprintln!("gloss: {msg}");
                client.log_message(MessageType::INFO, msg).await;
                let backend = Backend {
                    client: client.clone(),
                    state: state.clone(),
                    caps: caps.clone(),
                };
                backend.recheck_all();
            }
        });
    }

    /// Parse the document soon after typing pauses (30 ms), off the
    /// runtime, so that a hover or a check finds the parse done rather than
    /// waiting for it.
    fn preparse(&self, uri: Uri) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let version = lock(&state.docs).get(&uri).map(|d| d.version);
            tokio::time::sleep(Duration::from_millis(30)).await;
            let analysis = {
                let docs = lock(&state.docs);
                match docs.get(&uri) {
                    Some(d) if Some(d.version) == version => d.analysis(),
                    _ => return,
                }
            };
            let _ = tokio::task::spawn_blocking(move || {
                let _ =
                    std::panic::catch_unwind(AssertUnwindSafe(|| analysis.draft().citations.len()));
            })
            .await;
        });
    }

    /// Re-check every open document (after settings or corpus changes).
    fn recheck_all(&self) {
        let caps = self.caps();
        if caps.pull_diagnostics {
            // The client pulls: ask it to pull again.
            if caps.diagnostic_refresh {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        let uris: Vec<Uri> = lock(&self.state.docs).keys().cloned().collect();
        for uri in uris {
            self.schedule(uri, Duration::ZERO);
        }
    }

    async fn fetch_configuration(&self) {
        if !self.caps().configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("gloss".into()),
        }];
        if let Ok(values) = self.client.configuration(items).await {
            if let Some(v) = values.first().filter(|v| !v.is_null()) {
                self.apply_settings(v).await;
            }
        }
    }

    async fn apply_settings(&self, v: &serde_json::Value) {
        let init = self
            .state
            .init_options
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        match Settings::layered(&init, v) {
            Ok(s) => {
                *self
                    .state
                    .settings
                    .write()
                    .unwrap_or_else(|e| e.into_inner()) = s;
            }
            Err(e) => self.log(MessageType::WARNING, e).await,
        }
    }
}

/// Give the memory freed after loading (parser scratch, the raw files)
/// back to the system: glibc keeps it otherwise, and an idle server
/// should be small.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lower the priority of the calling (blocking-pool) thread: checks and
/// parses yield the CPU to requests, which the user is waiting for.
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread's id changes only its nice value.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// The library for a configuration: loaded (and indexed, when claims are
/// checked) on first need, off the runtime, with progress shown.
async fn library(
    state: &State,
    client: &Client,
    caps: &ClientCaps,
    cfg: &gloss::config::Config,
) -> Option<Arc<Workspace>> {
    let cell = state.library_cell(cfg);
    let config = cfg.clone();
    let corpus = cfg.corpus.clone();
    // Open drafts are never papers of the corpus, saved or not.
    let drafts = state.open_drafts();
    let loaded = cell
        .get_or_try_init(|| async {
            let progress = if caps.work_done_progress {
                let token = NumberOrString::String(format!(
                    "gloss/index/{}",
                    corpus
                        .as_deref()
                        .map_or(String::new(), |c| c.display().to_string())
                ));
                match client.create_work_done_progress(token.clone()).await {
                    Ok(()) => Some(
                        client
                            .progress(token, "gloss: indexing corpus")
                            .with_message(
                                corpus
                                    .as_deref()
                                    .map_or("bibliography".into(), |c| c.display().to_string()),
                            )
                            .begin()
                            .await,
                    ),
                    Err(_) => None,
                }
            } else {
                None
            };
            let job = tokio::task::spawn_blocking(move || {
                // Tests prove that requests are served while a library
                // reloads: GLOSS_LSP_TEST_LOAD_DELAY_MS slows every load.
                static DELAY: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
                let delay = DELAY.get_or_init(|| {
                    std::env::var("GLOSS_LSP_TEST_LOAD_DELAY_MS")
                        .ok()
                        .and_then(|v| v.parse().ok())
                });
                if let Some(ms) = delay {
                    std::thread::sleep(Duration::from_millis(*ms));
                }
                // Unchanged texts, their index and the entity catalogue
                // come from the persisted index when it has them.
                let cache = gloss::cache::Cache::from_env();
                let ws = Workspace::load(&config, cache.as_ref(), &drafts);
                // Built now, off the runtime, so no request pays for them.
                ws.prepare(&config);
                release_free_memory();
                ws
            })
            .await;
            let job = job.map(|ws| {
                let ws = Arc::new(ws);
                // The new cache file is written after the library is in use.
                if ws.index_if_built().is_some() {
                    let w = ws.clone();
                    tokio::task::spawn_blocking(move || {
                        background_priority();
                        w.save();
                        if let Some(e) = w.cache_stats().write_error {
                            eprintln!("gloss: cache: could not write {e}");
                        }
                    });
                }
                ws
            });
            let done = match &job {
                Ok(l) => format!("{} works", l.lib.works.len()),
                Err(_) => "failed".to_string(),
            };
            if let Some(p) = progress {
                p.finish_with_message(done).await;
            }
            match job {
                Ok(l) => {
                    for w in l.lib.warnings.iter().chain(l.glossary_warnings()) {
                        eprintln!("gloss: {w}");
                        client.log_message(MessageType::WARNING, w).await;
                    }
                    Ok(l)
                }
                Err(e) => {
                    let msg = format!("gloss: loading the corpus failed: {e}");
                    eprintln!("{msg}");
                    client.log_message(MessageType::ERROR, &msg).await;
                    Err(())
                }
            }
        })
        .await
        .ok()?;
    state.library_loaded(cfg);
    Some(loaded.clone())
}

/// Check the current version of a document; the diagnostics are stored on
/// the document when it has not changed meanwhile.
async fn check_document(
    state: &Arc<State>,
    client: &Client,
    caps: &ClientCaps,
    uri: &Uri,
) -> Option<(Snapshot, Arc<Vec<gloss::diag::Diagnostic>>)> {
    let (mut snap, warnings) = state.snapshot(uri)?;
    for w in warnings {
        eprintln!("gloss: {w}");
        client.log_message(MessageType::WARNING, w).await;
    }
    let mut loaded = library(state, client, caps, &snap.config).await?;
    // A document of the corpus folder that the library holds as a paper:
    // with citations in the editor it is a draft, and the library is loaded
    // again without it; without them it is a paper open to be read, and is
    // not checked (as `gloss check` does not check it).
    let mut paper = false;
    if gloss::workspace::in_corpus(&snap.path, &snap.config) && loaded.holds_text(&snap.path) {
        if gloss::project::draft_reason(&snap.text).is_some() {
            state.drop_libraries(&[loaded.key().clone()]);
            loaded = library(state, client, caps, &snap.config).await?;
        } else {
            paper = true;
        }
    }
    snap.library = Some(loaded.clone());
    let snap = Arc::new(snap);
    let job = {
        let snap = snap.clone();
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            if paper {
                return Ok(Ok(Vec::new()));
            }
            background_priority();
            // A check for a version that is no longer current stops at the
            // next sentence: its result would be dropped anyway.
            let cancelled =
                || lock(&state.docs).get(&snap.uri).map(|d| d.version) != Some(snap.version);
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                diagnostics::run(&snap, &loaded, &cancelled)
            }))
            .map_err(|p| panic_message(p.as_ref()))
        })
    };
    let diags = match job.await {
        Ok(Ok(Ok(d))) => Arc::new(d),
        Ok(Ok(Err(gloss::check::Cancelled))) => return None,
        Ok(Err(msg)) => {
            let msg = format!("gloss: checking {} failed: {msg}", uri.as_str());
            eprintln!("{msg}");
            client.log_message(MessageType::ERROR, msg).await;
            return None;
        }
        Err(e) => {
            let msg = format!("gloss: checking {} failed: {e}", uri.as_str());
            eprintln!("{msg}");
            client.log_message(MessageType::ERROR, msg).await;
            return None;
        }
    };
    if let Some(doc) = lock(&state.docs).get_mut(uri) {
        if doc.version == snap.version {
            doc.diagnostics = Some((snap.version, diags.clone()));
        }
    }
    let snap = Arc::try_unwrap(snap).ok()?;
    Some((snap, diags))
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn workspace_roots(params: &InitializeParams) -> Vec<std::path::PathBuf> {
    let mut roots: Vec<std::path::PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
            roots.push(p.into_owned());
        }
    }
    roots
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        *self
            .state
            .encoding
            .write()
            .unwrap_or_else(|e| e.into_inner()) = encoding;
        *self.state.roots.write().unwrap_or_else(|e| e.into_inner()) = workspace_roots(&params);
        if let Some(opts) = &params.initialization_options {
            *self
                .state
                .init_options
                .write()
                .unwrap_or_else(|e| e.into_inner()) = opts.clone();
            self.apply_settings(opts).await;
        }
        let c = &params.capabilities;
        let caps = ClientCaps {
            pull_diagnostics: c
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: c
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: c
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            configuration: c
                .workspace
                .as_ref()
                .and_then(|w| w.configuration)
                .unwrap_or(false),
            watch_files: c
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        // Pull only from clients that can be told to pull again (after a
        // settings or corpus change); others get pushed diagnostics.
        let caps = ClientCaps {
            pull_diagnostics: caps.pull_diagnostics && caps.diagnostic_refresh,
            ..caps
        };
        let pull = caps.pull_diagnostics;
        *self.caps.write().unwrap_or_else(|e| e.into_inner()) = caps;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "gloss".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    Encoding::Utf16 => PositionEncodingKind::UTF16,
                    Encoding::Utf32 => PositionEncodingKind::UTF32,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["@".into(), "[".into(), "(".into()]),
                    resolve_provider: Some(true),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                inlay_hint_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend: decorate::legend(),
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            ..Default::default()
                        },
                    ),
                ),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("gloss".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: Default::default(),
                    })
                }),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.caps();
        if !caps.watch_files {
            self.poll_library_files();
        }
        if caps.watch_files {
            let watchers = [
                "**/*.bib",
                "**/*.json",
                "**/*.yaml",
                "**/*.yml",
                "**/*.txt",
                "**/*.md",
                "**/gloss.toml",
                "**/index.Rmd",
            ]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
            let reg = Registration {
                id: "gloss-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            if let Err(e) = self.client.register_capability(vec![reg]).await {
                self.log(MessageType::WARNING, format!("cannot watch files: {e}"))
                    .await;
            }
        }
        self.fetch_configuration().await;
        self.state.set_configured();
        self.log(
            MessageType::INFO,
            format!("gloss {} ready", env!("CARGO_PKG_VERSION")),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        lock(&self.state.docs).insert(d.uri.clone(), Document::new(&d.text, d.version));
        self.schedule(d.uri, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let enc = self.state.encoding();
        let known = {
            let mut docs = lock(&self.state.docs);
            match docs.get_mut(&uri) {
                Some(doc) => {
                    doc.apply(&params.content_changes, params.text_document.version, enc);
                    true
                }
                None => false,
            }
        };
        if !known {
            self.log(
                MessageType::WARNING,
                format!("didChange for {}, which is not open: ignored", uri.as_str()),
            )
            .await;
            return;
        }
        let delay = Duration::from_millis(read(&self.state.settings).debounce_ms());
        self.schedule(uri.clone(), delay);
        self.preparse(uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Saving a draft may change what other drafts' reference lists see;
        // the document itself is already current.
        let _ = params;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        lock(&self.state.docs).remove(&uri);
        self.state.forget(&uri);
        if !self.caps().pull_diagnostics {
            self.client.publish_diagnostics(uri, vec![], None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if params.settings.is_null() || params.settings.as_object().is_some_and(|o| o.is_empty()) {
            self.fetch_configuration().await;
        } else {
            self.apply_settings(&params.settings).await;
        }
        self.recheck_all();
        let _ = self.client.inlay_hint_refresh().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changed: Vec<std::path::PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        // gloss.toml, or a project file that names bibliographies (bookdown
        // chapters take index.Rmd's front matter).
        let config_changed = changed.iter().any(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n == gloss::config::FILE_NAME
                    || gloss::project::is_project_file(n)
                    || n.eq_ignore_ascii_case("index.Rmd")
            })
        });
        if config_changed {
            self.state.clear_configs();
        }
        if self.state.invalidate(&changed) || config_changed {
            self.log(
                MessageType::INFO,
                format!(
                    "{} corpus or bibliography file(s) changed: re-indexing",
                    changed.len()
                ),
            )
            .await;
            self.recheck_all();
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let caps = self.caps();
        self.state.configured().await;
        let version = lock(&self.state.docs).get(&uri).map(|d| d.version);
        let Some((snap, diags)) = check_document(&self.state, &self.client, &caps, &uri).await
        else {
            return Err(match lock(&self.state.docs).get(&uri).map(|d| d.version) {
                None => unknown_document(&uri),
                // Edited meanwhile: the check was cancelled; the client
                // asks again for the new version.
                Some(v) if Some(v) != version => Error {
                    code: ErrorCode::ContentModified,
                    message: "the document changed while it was checked".into(),
                    data: None,
                },
                Some(_) => Error::internal_error(),
            });
        };
        let items = diags
            .iter()
            .map(|d| diagnostics::to_lsp(&snap, d))
            .collect();
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(snap.version.to_string()),
                    items,
                },
            }),
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        self.at_pos("completion", &p.text_document.uri, p.position, |s| {
            complete::completion(s, p.position)
        })
        .await
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        let uri = item
            .data
            .as_ref()
            .and_then(|d| d.get("uri"))
            .and_then(|u| u.as_str())
            .and_then(|u| u.parse::<Uri>().ok());
        match uri {
            Some(uri) if lock(&self.state.docs).contains_key(&uri) => {
                self.on_doc("completion resolve", &uri, |s| complete::resolve(s, item))
                    .await
            }
            _ => Ok(item),
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.at_pos("hover", &p.text_document.uri, p.position, |s| {
            hover::hover(s, p.position)
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.at_pos("definition", &p.text_document.uri, p.position, |s| {
            navigate::definition(s, p.position)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let drafts = self.state.workspace_drafts();
        let decl = params.context.include_declaration;
        self.at_pos("references", &p.text_document.uri, p.position, |s| {
            navigate::references(s, p.position, decl, &drafts)
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.at_pos(
            "prepare rename",
            &params.text_document.uri,
            params.position,
            |s| navigate::prepare_rename(s, params.position),
        )
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let drafts = self.state.workspace_drafts();
        self.at_pos("rename", &p.text_document.uri, p.position, |s| {
            navigate::rename(s, p.position, &params.new_name, &drafts)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        // Fixes come from the diagnostics of the current version: right
        // after an edit they are not there yet, so check now rather than
        // answer "no actions" during the debounce.
        let checked = lock(&self.state.docs)
            .get(&uri)
            .is_some_and(|d| d.diagnostics.as_ref().is_some_and(|(v, _)| *v == d.version));
        if !checked && lock(&self.state.docs).contains_key(&uri) {
            self.state.configured().await;
            let caps = self.caps();
            check_document(&self.state, &self.client, &caps, &uri).await;
        }
        self.on_doc("code action", &uri, |s| actions::code_actions(s, &params))
            .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.on_doc("inlay hints", &params.text_document.uri, |s| {
            decorate::inlay_hints(s, params.range)
        })
        .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        self.on_doc(
            "semantic tokens",
            &params.text_document.uri,
            decorate::semantic_tokens,
        )
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.on_doc(
            "document symbols",
            &params.text_document.uri,
            decorate::document_symbols,
        )
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let libs: Vec<Arc<Workspace>> = lock(&self.state.libraries)
            .values()
            .filter_map(|c| c.get().cloned())
            .collect();
        guarded("workspace symbols", || {
            decorate::workspace_symbols(&libs, &params.query)
        })
    }
}
