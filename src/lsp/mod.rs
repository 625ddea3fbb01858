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
mod frames;
mod handlers;
mod hover;
mod navigate;
mod position;
mod state;
mod tasks;

use std::panic::AssertUnwindSafe;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LspService, Server};

use capabilities::ClientCaps;
use state::{read, Settings, Snapshot, State};

/// Run the server on stdin and stdout until the client says `exit`: the
/// status is 0 after `shutdown`, 1 without it (as the protocol says), and
/// 0 when the input just ends.
pub fn run() -> std::io::Result<ExitCode> {
    large_blocks_go_back();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = rt.block_on(serve());
    // Nothing left to wait for (a blocking read of stdin may still be on).
    rt.shutdown_background();
    Ok(code)
}

/// What the client said of the session's end.
#[derive(Default)]
struct Ending {
    shutdown: AtomicBool,
    exit: AtomicBool,
    /// Told once `exit` is handed to the server: it ends then, whatever
    /// its tasks still wait for (a client that said `exit` answers no more).
    exited: tokio::sync::Notify,
}

/// The server between two pipes: the client's frames are read and checked
/// on a thread of their own ([`frames`]) and only JSON-RPC messages reach
/// the protocol library; its output and the answers to bad frames are
/// written to stdout whole, one after another, by one task.
async fn serve() -> ExitCode {
    let (mut feed, server_in) = tokio::io::duplex(1 << 16);
    let (server_out, drain) = tokio::io::duplex(1 << 16);
    let (out_tx, mut out_rx) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    let (in_tx, mut in_rx) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    let ending = Arc::new(Ending::default());

    let (answers, seen) = (out_tx.clone(), ending.clone());
    std::thread::Builder::new()
        .name("gloss-stdin".into())
        .spawn(move || read_client(in_tx, answers, &seen))
        .expect("start the thread reading stdin");
    tokio::spawn(async move {
        while let Some(frame) = in_rx.recv().await {
            if feed.write_all(&frame).await.is_err() {
                break;
            }
        }
        // Dropping `feed` ends the server's input.
    });
    let server_frames = out_tx.clone();
    let forward = tokio::spawn(async move {
        let mut r = tokio::io::BufReader::new(drain);
        // Once stdout is gone the server's output is read and dropped,
        // so that the server never blocks on a full pipe.
        while let Some(f) = server_frame(&mut r).await {
            let _ = server_frames.send(f).await;
        }
    });
    let writer = tokio::spawn(async move {
        let mut out = tokio::io::stdout();
        // An empty frame: the end.
        while let Some(f) = out_rx.recv().await.filter(|f| !f.is_empty()) {
            if out.write_all(&f).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    });

    let (service, socket) = LspService::new(|client| Backend {
        client,
        state: Arc::new(State::default()),
        caps: Arc::new(std::sync::RwLock::new(ClientCaps::default())),
    });
    let server = Server::new(server_in, server_out, socket).serve(service);
    tokio::select! {
        () = server => {}
        () = ending.exited.notified() => {}
    }
    // The server's output ends with it (dropped): write all of it, then stop.
    let _ = forward.await;
    let _ = out_tx.send(Vec::new()).await;
    let _ = writer.await;
    let ended_early = ending.exit.load(Ordering::SeqCst) && !ending.shutdown.load(Ordering::SeqCst);
    if ended_early {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Read the client's frames from stdin until it ends: messages go to the
/// server, bad bodies are answered (id null), and both those and skipped
/// text are logged on stderr.
fn read_client(
    to_server: tokio::sync::mpsc::Sender<Vec<u8>>,
    answers: tokio::sync::mpsc::Sender<Vec<u8>>,
    ending: &Ending,
) {
    let stdin = std::io::BufReader::with_capacity(1 << 16, std::io::stdin());
    let mut frames = frames::Frames::new(stdin);
    loop {
        let frame = match frames.next_frame() {
            Ok(Some(f)) => f,
            Ok(None) => return,
            Err(e) => {
                eprintln!("gloss: cannot read from the editor: {e}");
                return;
            }
        };
        match frame {
            frames::Frame::Message {
                body,
                method,
                has_id,
            } => {
                match method.as_deref() {
                    Some("shutdown") if has_id => ending.shutdown.store(true, Ordering::SeqCst),
                    Some("exit") => ending.exit.store(true, Ordering::SeqCst),
                    _ => {}
                }
                if to_server.blocking_send(frames::frame(&body)).is_err() {
                    return;
                }
                if ending.exit.load(Ordering::SeqCst) {
                    ending.exited.notify_one();
                    return;
                }
            }
            frames::Frame::Invalid { code, why } => {
                eprintln!("gloss: answered a message from the editor with an error: {why}");
                if answers
                    .blocking_send(frames::error_response(code, &why))
                    .is_err()
                {
                    return;
                }
            }
            frames::Frame::Skipped(why) => {
                eprintln!("gloss: skipped input from the editor that is not a message: {why}");
            }
        }
    }
}

/// One whole frame the protocol library wrote (it writes a
/// `Content-Length` header, a blank line and the body); `None` at its end.
async fn server_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> Option<Vec<u8>> {
    let mut frame = Vec::new();
    let mut len = None;
    loop {
        let start = frame.len();
        if r.read_until(b'\n', &mut frame).await.ok()? == 0 {
            return None;
        }
        let line = std::str::from_utf8(&frame[start..]).ok()?.trim();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let start = frame.len();
    frame.resize(start + len?, 0);
    r.read_exact(&mut frame[start..]).await.ok()?;
    Some(frame)
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
