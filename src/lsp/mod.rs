//! `gloss lsp`: the language server, a thin front end over the engine.
//!
//! Ordering: document notifications change the store synchronously, before
//! any `.await`, so a request always sees every edit sent before it. Checks
//! run debounced, off the runtime, on an immutable snapshot, and their
//! results are dropped when the document has moved on. Requests never wait
//! for a check; they read the current snapshot and the library as loaded.

mod actions;
mod capabilities;
mod complete;
mod decorate;
mod diagnostics;
mod documents;
mod handlers;
mod hover;
mod navigate;
mod position;
mod state;
mod tasks;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LspService, Server};

use capabilities::ClientCaps;
use state::{read, Settings, Snapshot, State};

/// Run the server on stdin and stdout until the client says `exit`.
pub fn run() -> std::io::Result<()> {
    large_blocks_go_back();
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

/// A long-running server should shrink back after a large, short-lived
/// job. glibc raises its mmap threshold each time a large block is freed,
/// so the embedding model's activations (megabytes each) would end up in
/// the heap and stay resident, by a varying amount. A fixed threshold of
/// 1 MiB gives every such block its own mapping, returned on free.
fn large_blocks_go_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning, before any
    // thread of the server is started.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 8 << 20);
    }
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
