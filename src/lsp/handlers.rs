//! The protocol's requests and notifications: each converts its
//! parameters, calls a feature function (which calls the engine) on a
//! snapshot, and converts the result.

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

use super::capabilities::{self, negotiate_encoding, workspace_roots, ClientCaps};
use super::documents::Document;
use super::state::{lock, read, Cancel, Snapshot, Workspace, WorkspaceDraft};
use super::tasks::check_document;
use super::{
    actions, complete, decorate, diagnostics, guarded, hover, navigate, unknown_document, Backend,
};

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
        let caps = ClientCaps::of(&params.capabilities);
        let pull = caps.pull_diagnostics;
        *self.caps.write().unwrap_or_else(|e| e.into_inner()) = caps;
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "gloss".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: capabilities::server(encoding, pull),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let caps = self.caps();
        // A library's embeddings became ready: check open documents again.
        let backend = Backend {
            client: self.client.clone(),
            state: self.state.clone(),
            caps: self.caps.clone(),
        };
        tokio::spawn(async move {
            loop {
                backend.state.recheck.notified().await;
                backend.recheck_all();
            }
        });
        // Watched workspaces still poll a Zotero library's folder.
        self.poll_library_files(caps.watch_files);
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
        self.state.forget_scanned(&changed);
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
            .chain(diagnostics::notices(&snap))
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
        let decl = params.context.include_declaration;
        let pos = p.position;
        self.walking_workspace("references", &p.text_document.uri, pos, move |s, drafts| {
            navigate::references(s, pos, decl, &drafts)
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
        let pos = p.position;
        let new_name = params.new_name;
        let roots = read(&self.state.roots);
        let (r, left_alone) = self
            .walking_workspace("rename", &p.text_document.uri, pos, move |s, drafts| {
                let mut left_alone = Vec::new();
                let r = navigate::rename(s, pos, &new_name, &drafts, &roots, &mut left_alone);
                Ok((r, left_alone))
            })
            .await?;
        match &r {
            Err(e) if !left_alone.is_empty() => {
                self.log(
                    MessageType::WARNING,
                    format!("rename refused: {}", e.message),
                )
                .await;
            }
            Ok(_) if !left_alone.is_empty() => {
                let files: Vec<String> =
                    left_alone.iter().map(|p| p.display().to_string()).collect();
                let msg = format!(
                    "gloss renamed the key inside the workspace only: {} lies outside the workspace folders and was left alone (it may be another project's)",
                    files.join(", ")
                );
                self.log(MessageType::WARNING, &msg).await;
                self.client.show_message(MessageType::WARNING, msg).await;
            }
            _ => {}
        }
        r
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
        // Every work of every library: off the runtime, like references.
        tokio::task::spawn_blocking(move || {
            guarded("workspace symbols", || {
                decorate::workspace_symbols(&libs, &params.query)
            })
        })
        .await
        .unwrap_or_else(|e| {
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("workspace symbols failed: {e}").into(),
                data: None,
            })
        })
    }
}

impl Backend {
    /// Run a request that reads the drafts of the whole workspace (references,
    /// rename) off the runtime, so other requests are answered meanwhile.
    /// When the client cancels it, tower-lsp answers `RequestCancelled` and
    /// drops this future; the guard then stops the scan at the next file.
    async fn walking_workspace<T: Send + 'static>(
        &self,
        what: &'static str,
        uri: &Uri,
        pos: Position,
        f: impl FnOnce(&Snapshot, Vec<WorkspaceDraft>) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let Some((snap, warnings)) = self.state.snapshot(uri) else {
            return Err(unknown_document(uri));
        };
        for w in warnings {
            self.log(MessageType::WARNING, w).await;
        }
        snap.offset(pos)?;
        let cancel = Cancel::default();
        let _stop = cancel.on_drop();
        let state = self.state.clone();
        let job = tokio::task::spawn_blocking(move || {
            guarded(what, || match state.workspace_drafts(&cancel) {
                Ok(drafts) => f(&snap, drafts),
                Err(c) => {
                    eprintln!(
                        "gloss: {what} cancelled after reading {} of {} files",
                        c.read, c.total
                    );
                    Err(Error::request_cancelled())
                }
            })
        });
        let r = job.await.unwrap_or_else(|e| {
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("{what} failed: {e}").into(),
                data: None,
            })
        });
        if let Err(e) = &r {
            if e.code == ErrorCode::InternalError {
                self.log(MessageType::ERROR, &e.message).await;
            }
        }
        r
    }
}
