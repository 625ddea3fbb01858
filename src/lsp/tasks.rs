//! Scheduling: checks after edits (debounced, cancelled when the document
//! changes), libraries loaded off the runtime with progress reports,
//! polling for changed corpus files, parsing ahead of requests.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

use super::capabilities::ClientCaps;
use super::state::{lock, Snapshot, State, Workspace};
use super::{diagnostics, panic_message, Backend};
use gloss::workspace::Role;

impl Backend {
    /// Schedule a check of a document after `delay`; a newer schedule or
    /// edit makes this one moot.
    pub(super) fn schedule(&self, uri: Uri, delay: Duration) {
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
                .chain(diagnostics::notices(&snap))
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
    /// reload a library whose corpus or bibliography changed. With
    /// `zotero_only` (a client that watches the workspace), only libraries
    /// reading a Zotero data folder, which lies outside it.
    pub(super) fn poll_library_files(&self, zotero_only: bool) {
        let state = self.state.clone();
        let client = self.client.clone();
        let caps = self.caps.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let s = state.clone();
                let stale = tokio::task::spawn_blocking(move || s.stale_libraries(zotero_only))
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
    pub(super) fn preparse(&self, uri: Uri) {
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
    pub(super) fn recheck_all(&self) {
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
}

/// Give the memory freed after loading (parser scratch, the raw files) or
/// after the corpus's embedding pass (the model's activations) back to the system: glibc keeps it otherwise, and an idle server
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
    state: &Arc<State>,
    client: &Client,
    caps: &ClientCaps,
    cfg: &gloss::config::Config,
) -> Option<Arc<Workspace>> {
    let cell = state.library_cell(cfg);
    let config = cfg.clone();
    let corpus = cfg
        .corpus
        .clone()
        .or_else(|| cfg.zotero.as_ref().map(|z| z.database()));
    // Open drafts are never papers of the corpus, saved or not.
    let drafts = state.open_drafts();
    let loaded = cell
        .get_or_try_init(|| async {
            offer_entries(state, &config);
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
                let ws = Workspace::load_watched(&config, cache.as_ref(), &drafts);
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
                    if l.index_if_built().is_some() {
                        start_meaning(
                            state.clone(),
                            client.clone(),
                            caps.work_done_progress,
                            l.clone(),
                        )
                        .await;
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

/// Completion and hover from the first second of a cold start: while a
/// library with no earlier version loads (reading a large corpus's texts
/// takes seconds), its bibliography entries alone are read and answer
/// requests until the whole library is in. Checks always wait for the
/// whole library.
fn offer_entries(state: &Arc<State>, config: &gloss::config::Config) {
    if state.library_ready(config).is_some() {
        return;
    }
    let (state, config) = (state.clone(), config.clone());
    tokio::task::spawn_blocking(move || {
        let ws = Workspace::load_entries(&config);
        state.offer_partial(&config, Arc::new(ws));
    });
}

/// The meaning signal of a library just loaded: when there is no model,
/// said once in the log; when it is broken, shown to the user; otherwise
/// the corpus's embeddings are computed (or read from the cache) in the
/// background at low priority, one thread, with progress, while checks go
/// on with lexical support alone, and open documents are checked again
/// once they are ready.
async fn start_meaning(state: Arc<State>, client: Client, progress: bool, ws: Arc<Workspace>) {
    use gloss::workspace::MeaningStatus;
    let once = |msg: &str| lock(&state.logged).insert(msg.to_string());
    match ws.meaning_status() {
        MeaningStatus::Off(e @ gloss::embed::ModelError::NotInstalled(_)) => {
            let msg =
                format!("semantic checking is off: {e}; claims are checked on their wording alone");
            if once(&msg) {
                eprintln!("gloss: {msg}");
                client.log_message(MessageType::INFO, msg).await;
            }
            return;
        }
        MeaningStatus::Failed(e) => {
            let msg = format!("gloss: the embedding model cannot be used, claims are checked on their wording alone: {e}");
            if once(&msg) {
                eprintln!("{msg}");
                client.log_message(MessageType::ERROR, &msg).await;
                client.show_message(MessageType::ERROR, msg).await;
            }
            return;
        }
        MeaningStatus::Off(_) | MeaningStatus::Ready => return,
        MeaningStatus::Pending => {}
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
    let report = if progress {
        let token = NumberOrString::String(format!("gloss/meaning/{:p}", Arc::as_ptr(&ws)));
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "gloss: embedding corpus sentences")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(_) => None,
        }
    } else {
        None
    };
    tokio::spawn(async move {
        let w = ws.clone();
        let job = tokio::task::spawn_blocking(move || {
            background_priority();
            // One thread: the embeddings wait, the user's requests do not.
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
            let fill = || {
                w.fill_meaning(&mut |done, total| {
                    let _ = tx.send((done, total));
                })
            };
            let r = match pool {
                Ok(p) => p.install(fill),
                Err(_) => fill(),
            };
            w.save_meaning();
            release_free_memory();
            r
        });
        tokio::pin!(job);
        let result = loop {
            tokio::select! {
                r = &mut job => break r,
                Some((done, total)) = rx.recv() => {
                    if let Some(p) = &report {
                        let pct = (done * 100 / total.max(1)) as u32;
                        p.report_with_message(format!("{done}/{total}"), pct).await;
                    }
                }
            }
        };
        let msg = match &result {
            Ok(Ok(())) => "ready".to_string(),
            Ok(Err(e)) => format!("failed: {e}"),
            Err(e) => format!("failed: {e}"),
        };
        if let Some(p) = report {
            p.finish_with_message(msg.clone()).await;
        }
        match result {
            Ok(Ok(())) => {
                client
                    .log_message(
                        MessageType::INFO,
                        "corpus embeddings ready: claims are now checked on meaning too",
                    )
                    .await;
                state.recheck.notify_one();
            }
            _ => {
                let msg = format!(
                    "gloss: embedding the corpus {msg}; claims are checked on their wording alone"
                );
                eprintln!("{msg}");
                client.log_message(MessageType::ERROR, &msg).await;
                client.show_message(MessageType::ERROR, msg).await;
            }
        }
    });
}

/// Check the current version of a document; the diagnostics are stored on
/// the document when it has not changed meanwhile.
pub(super) async fn check_document(
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
    match loaded.role_of(&snap.path, &snap.text, &snap.config) {
        Role::Draft => {}
        Role::Paper => paper = true,
        Role::DraftHeldAsPaper => {
            state.drop_libraries(&[loaded.key().clone()]);
            loaded = library(state, client, caps, &snap.config).await?;
        }
    }
    snap.library = Some(loaded.clone());
    // Too large to check (time and memory grow with it): syntax features
    // only, and the notice diagnostics::notices adds; said once in the log.
    if diagnostics::too_large(&snap) {
        let msg = format!(
            "{}: checks are off for this file: it is {:.1} MB, above the {:.1} MB of the maxDocumentSize setting",
            snap.path.display(),
            snap.text.len() as f64 / 1048576.0,
            snap.settings.max_document_bytes() as f64 / 1048576.0
        );
        if lock(&state.logged).insert(msg.clone()) {
            eprintln!("gloss: {msg}");
            client.log_message(MessageType::WARNING, msg).await;
        }
        return Some((snap, Arc::new(Vec::new())));
    }
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
