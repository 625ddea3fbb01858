//! Checking drafts end to end: read a draft, work out its configuration,
//! load (once per distinct configuration) its library, and check it. Shared
//! by every front end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    /// Each library with its claims index, built on first need.
    libraries: HashMap<LibraryKey, (Library, Option<Index>)>,
    /// Configuration and loading warnings, each reported once.
    pub warnings: Vec<Warning>,
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
    pub fn load_draft(&mut self, path: &Path, ov: &Overrides) -> std::io::Result<LoadedDraft> {
        let text = read_draft(path, &mut self.warnings)?;
        let draft = syntax::parse(&text);
        let mut found = Vec::new();
        let mut config = Config::for_draft(path, draft.front_matter.as_ref(), &mut found);
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

    /// The library for a configuration, loading it on first use.
    pub fn library(&mut self, config: &Config) -> &Library {
        let key = (config.corpus.clone(), config.bibliography.clone());
        if !self.libraries.contains_key(&key) {
            let lib = Library::load(config.corpus.as_deref(), &config.bibliography);
            for w in &lib.warnings {
                if !self.warnings.contains(w) {
                    self.warnings.push(w.clone());
                }
            }
            self.libraries.insert(key.clone(), (lib, None));
        }
        &self.libraries[&key].0
    }

    pub fn check(&mut self, d: &LoadedDraft) -> Vec<Diagnostic> {
        self.library(&d.config);
        let key = (d.config.corpus.clone(), d.config.bibliography.clone());
        // Claims are checked only when some claim code is on: with all of
        // them off, gloss checks citations alone and builds no index.
        let claims = Code::ALL
            .iter()
            .any(|&c| c.is_claim() && d.config.severity_of(c).is_some());
        let (lib, index) = self.libraries.get_mut(&key).expect("loaded above");
        if claims && index.is_none() {
            let glossary = crate::entities::Glossary::load_for(&d.config, &mut self.warnings);
            *index = Some(Index::build_with(lib, &glossary));
        }
        check::check(
            &Input {
                text: &d.text,
                draft: &d.draft,
            },
            lib,
            index.as_ref().filter(|_| claims),
            &d.config,
            &d.path,
        )
    }
}
