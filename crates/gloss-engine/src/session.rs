//! Checking drafts end to end: read a draft, work out its configuration,
//! load (once per distinct configuration) its library, and check it. Shared
//! by every front end.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cache::{Cache, Stats};
use crate::check::Input;
use crate::claims::index::Index;
use crate::config::Config;
pub use crate::config::Overrides;
use crate::corpus::Library;
use crate::diag::Diagnostic;
use crate::syntax::{self, Draft};
use crate::warn::Warning;
use crate::workspace::{Workspace, Workspaces};

/// A draft read from disk and parsed.
pub struct LoadedDraft {
    pub path: PathBuf,
    pub text: String,
    pub draft: Draft,
    pub config: Config,
}

/// The CLI's host: a workspace per distinct (corpus, bibliographies), so
/// drafts sharing a setup share one load.
#[derive(Default)]
pub struct Session {
    workspaces: Workspaces,
    /// Configuration and loading warnings, each reported once.
    pub warnings: Vec<Warning>,
}

/// Whether a file given as a draft is a text of its own corpus instead: it
/// lies in its corpus folder, the corpus reads it as a paper (`.txt`, `.md`,
/// `.markdown`), and it has neither Pandoc citations nor a bibliography in
/// its front matter. Such a file is a paper, not a draft: it is not
/// checked, and it stays in the corpus.
pub fn is_corpus_text(d: &LoadedDraft) -> bool {
    let Some(corpus) = &d.config.corpus else {
        return false;
    };
    let paper_kind = d
        .path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "txt" | "md" | "markdown"));
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    paper_kind
        && canon(&d.path).starts_with(canon(corpus))
        && crate::project::draft_reason(&d.text).is_none()
}

/// Read a draft: binary files are refused, invalid UTF-8 is read as
/// Windows-1252 with a warning.
pub fn read_draft(path: &Path, warnings: &mut Vec<Warning>) -> std::io::Result<String> {
    match crate::text::read_text_file(path) {
        Ok((text, w)) => {
            warnings.extend(w);
            Ok(text)
        }
        Err(crate::text::ReadError::Io(e)) => Err(e),
        Err(crate::text::ReadError::Binary) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "binary file (NUL bytes), not a draft",
        )),
    }
}

impl Session {
    /// A session reading and writing the persisted index in `cache` (none: off).
    pub fn with_cache(cache: Option<Cache>) -> Session {
        Session {
            workspaces: Workspaces::new(cache),
            ..Session::default()
        }
    }

    pub fn load_draft(&mut self, path: &Path, ov: &Overrides) -> std::io::Result<LoadedDraft> {
        let text = read_draft(path, &mut self.warnings)?;
        let draft = syntax::parse(&text);
        let mut found = Vec::new();
        let config = Config::for_draft_over(path, draft.front_matter.as_ref(), ov, &mut found);
        for w in found {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
        Ok(LoadedDraft {
            path: path.to_path_buf(),
            text,
            draft,
            config,
        })
    }

    /// The drafts being checked: they are left out of every corpus loaded
    /// afterwards (set before the first check).
    pub fn set_drafts<'a>(&mut self, drafts: impl IntoIterator<Item = &'a LoadedDraft>) {
        self.workspaces.set_drafts(
            drafts
                .into_iter()
                .map(|d| std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone()))
                .collect::<HashSet<_>>(),
        );
    }

    /// The workspace for a configuration, loading it on first use; its
    /// loading warnings join the session's, each once.
    fn workspace(&mut self, config: &Config) -> &Workspace {
        let (ws, fresh) = self.workspaces.get(config);
        if fresh {
            for w in &ws.lib.warnings {
                if !self.warnings.contains(w) {
                    self.warnings.push(w.clone());
                }
            }
        }
        ws
    }

    /// The evidence index of a workspace, built (or read from the cache)
    /// now; the glossary's warnings join the session's when it is read.
    fn index_of<'a>(ws: &'a Workspace, warnings: &mut Vec<Warning>) -> &'a Index {
        let fresh = ws.index_if_built().is_none();
        let ix = ws.index();
        if fresh {
            warnings.extend(ws.glossary_warnings().iter().cloned());
        }
        ix
    }

    /// The library for a configuration, loading it on first use.
    pub fn library(&mut self, config: &Config) -> &Library {
        &self.workspace(config).lib
    }

    /// The library and its index for a configuration, the index built (or
    /// read from the cache) now and the cache written; and what the cache did.
    pub fn indexed(&mut self, config: &Config) -> (&Library, &Index, Stats) {
        self.workspace(config);
        let (ws, _) = self.workspaces.get(config);
        let ix = Session::index_of(ws, &mut self.warnings);
        ws.save();
        (&ws.lib, ix, ws.cache_stats())
    }

    /// Where the meaning signal stands in each library whose claims were
    /// checked, each distinct status once.
    pub fn meaning(&self) -> Vec<crate::workspace::MeaningStatus> {
        let mut out = Vec::new();
        for ws in self.workspaces.iter() {
            let status = ws.meaning_status();
            if ws.index_if_built().is_some() && !out.contains(&status) {
                out.push(status);
            }
        }
        out
    }

    /// Cache files that could not be written (the checks are unaffected).
    pub fn cache_write_errors(&self) -> Vec<String> {
        self.workspaces
            .iter()
            .filter_map(|ws| ws.cache_stats().write_error)
            .collect()
    }

    pub fn check(&mut self, d: &LoadedDraft) -> Vec<Diagnostic> {
        self.workspace(&d.config);
        let (ws, _) = self.workspaces.get(&d.config);
        let fresh = d.config.claims_on() && ws.index_if_built().is_none();
        if fresh {
            Session::index_of(ws, &mut self.warnings);
        }
        let input = Input {
            text: &d.text,
            draft: &d.draft,
        };
        // A new index is written to the cache while the draft is checked.
        std::thread::scope(|scope| {
            if fresh {
                scope.spawn(|| ws.save());
            }
            let diags = match ws.check(&input, &d.config, &d.path, &|| false) {
                Ok(diags) => diags,
                Err(crate::check::Cancelled) => unreachable!("the CLI never cancels a check"),
            };
            ws.save_meaning();
            diags
        })
    }
}
