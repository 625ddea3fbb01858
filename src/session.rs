//! Checking drafts end to end: read a draft, work out its configuration,
//! load (once per distinct configuration) its library, and check it. Shared
//! by every front end.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::cache::{Cache, Stats, Store};
use crate::check::{self, Input};
use crate::claims::index::Index;
use crate::config::Config;
use crate::corpus::Library;
use crate::diag::{Code, Diagnostic, Severity};
use crate::syntax::{self, Draft};
use crate::warn::Warning;

/// Settings given on the command line; they win over front matter and `gloss.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub corpus: Option<PathBuf>,
    pub bibliography: Vec<PathBuf>,
    pub severity: HashMap<Code, Option<Severity>>,
    /// A Pandoc defaults file given with `--defaults`.
    pub defaults: Option<crate::project::Defaults>,
}

/// A draft read from disk and parsed.
pub struct LoadedDraft {
    pub path: PathBuf,
    pub text: String,
    pub draft: Draft,
    pub config: Config,
}

/// What identifies a library: its corpus folder and bibliography files.
type LibraryKey = (Option<PathBuf>, Vec<PathBuf>);

/// Libraries keyed by (corpus, bibliographies), so drafts sharing a setup share one load.
#[derive(Default)]
pub struct Session {
    /// The persisted index, when on.
    cache: Option<Cache>,
    /// Each library with its claims index (built on first need) and its cache store.
    libraries: HashMap<LibraryKey, (Library, Option<Index>, Store)>,
    /// Configuration and loading warnings, each reported once.
    pub warnings: Vec<Warning>,
    /// Canonical paths of the drafts being checked: never corpus papers.
    drafts: HashSet<PathBuf>,
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
            cache,
            ..Session::default()
        }
    }

    pub fn load_draft(&mut self, path: &Path, ov: &Overrides) -> std::io::Result<LoadedDraft> {
        let text = read_draft(path, &mut self.warnings)?;
        let draft = syntax::parse(&text);
        let mut found = Vec::new();
        let mut config = Config::for_draft_with(
            path,
            draft.front_matter.as_ref(),
            ov.defaults.as_ref(),
            &mut found,
        );
        for w in found {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
        if ov.corpus.is_some() {
            config.corpus.clone_from(&ov.corpus);
        }
        if !ov.bibliography.is_empty() {
            config.bibliography.clone_from(&ov.bibliography);
        }
        config
            .severity
            .extend(ov.severity.iter().map(|(k, v)| (*k, *v)));
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
        self.drafts = drafts
            .into_iter()
            .map(|d| std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone()))
            .collect();
    }

    /// The library for a configuration, loading it on first use.
    pub fn library(&mut self, config: &Config) -> &Library {
        let key = (config.corpus.clone(), config.bibliography.clone());
        if !self.libraries.contains_key(&key) {
            let store = Store::open(
                self.cache.as_ref(),
                config.corpus.as_deref(),
                &config.bibliography,
            );
            let lib = crate::timing::phase("library: load", || {
                store.library_excluding(
                    config.corpus.as_deref(),
                    &config.bibliography,
                    &self.drafts,
                )
            });
            for w in &lib.warnings {
                if !self.warnings.contains(w) {
                    self.warnings.push(w.clone());
                }
            }
            self.libraries.insert(key.clone(), (lib, None, store));
        }
        &self.libraries[&key].0
    }

    /// The library and its index for a configuration, the index built (or
    /// read from the cache) now; and what the cache did.
    pub fn indexed(&mut self, config: &Config) -> (&Library, &Index, Stats) {
        self.library(config);
        let key = (config.corpus.clone(), config.bibliography.clone());
        let (lib, index, store) = self.libraries.get_mut(&key).expect("loaded above");
        if index.is_none() {
            let glossary = crate::entities::Glossary::load_for(config, &mut self.warnings);
            let ix = store.index(lib, &glossary);
            store.save(lib, &ix);
            *index = Some(ix);
        }
        let stats = store.stats();
        (lib, index.as_ref().expect("built above"), stats)
    }

    /// Cache files that could not be written (the checks are unaffected).
    pub fn cache_write_errors(&self) -> Vec<String> {
        self.libraries
            .values()
            .filter_map(|(_, _, store)| store.stats().write_error)
            .collect()
    }

    pub fn check(&mut self, d: &LoadedDraft) -> Vec<Diagnostic> {
        self.library(&d.config);
        let key = (d.config.corpus.clone(), d.config.bibliography.clone());
        // Claims are checked only when some claim code is on: with all of
        // them off, gloss checks citations alone and builds no index.
        let claims = Code::ALL
            .iter()
            .any(|&c| c.is_claim() && d.config.severity_of(c).is_some());
        let (lib, index, store) = self.libraries.get_mut(&key).expect("loaded above");
        let fresh = claims && index.is_none();
        if fresh {
            let glossary = crate::entities::Glossary::load_for(&d.config, &mut self.warnings);
            *index = Some(store.index(lib, &glossary));
        }
        let (lib, index, store) = (&*lib, index.as_ref(), &*store);
        // A new index is written to the cache while the draft is checked.
        std::thread::scope(|scope| {
            if let Some(ix) = index.filter(|_| fresh) {
                scope.spawn(move || store.save(lib, ix));
            }
            check::check(
                &Input {
                    text: &d.text,
                    draft: &d.draft,
                },
                lib,
                index.filter(|_| claims),
                &d.config,
                &d.path,
            )
        })
    }
}
