//! Configuration: `gloss.toml` (found upward from the draft), the draft's
//! front matter, and command-line flags, in rising order of precedence.
//!
//! ```toml
//! corpus = "corpus"                 # folder of full texts and bibliographies,
//!                                   # or "zotero": the Zotero library itself
//! bibliography = ["refs.bib"]       # further bibliography files
//! zotero_data_dir = "~/Zotero"      # where the Zotero library is (default ~/Zotero)
//! zotero_collection = "Thesis/Ch 2" # only this collection (and those below it)
//! [severity]
//! uncited-reference = "info"        # error | warning | info | hint | off
//! ```
//! Paths in `gloss.toml` are relative to its folder; paths in front matter
//! are relative to the draft's folder.
//!
//! Trust: `gloss.toml`, command-line flags and editor settings are the
//! user's, and may name any path. A draft's front matter is the draft's:
//! the paths it names are confined to the project (see [`project_root`])
//! unless `allow_outside` in `gloss.toml` (or the editor's settings) names
//! the folder they lead to; a path that leaves is not read, and the draft
//! gets a `path-outside-project` diagnostic on its front-matter line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Severity};
use crate::syntax::FrontMatter;
use crate::warn::Warning;

pub const FILE_NAME: &str = "gloss.toml";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub corpus: Option<PathBuf>,
    /// The Zotero library read as (part of) the corpus: `corpus = "zotero"`.
    pub zotero: Option<crate::zotero::Source>,
    /// `zotero_data_dir` and `zotero_collection` as the user's settings
    /// give them, whether or not the corpus is Zotero's: a draft's
    /// `corpus: zotero` reads the library they name.
    pub zotero_dir: Option<PathBuf>,
    pub zotero_collection: Option<String>,
    pub bibliography: Vec<PathBuf>,
    /// Per-code severity; `None` turns the code off.
    pub severity: HashMap<Code, Option<Severity>>,
    /// The `gloss.toml` read, if any.
    pub file: Option<PathBuf>,
    /// Its `[glossary]` table, as written.
    pub glossary: Option<toml::Value>,
    /// Which sentence-embedding model judges meaning (see `crate::embed`).
    pub model: ModelChoice,
    /// What paths may reach beyond the project, by the user's settings.
    pub reach: Reach,
    /// Paths the draft's front matter named outside the project: not used.
    pub refused: Vec<Refused>,
}

/// What the user allowed beyond the project (`gloss.toml`, editor
/// settings; never a draft's front matter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Reach {
    /// `allow_outside`: folders outside the project that front matter may
    /// name and that symbolic links inside the corpus may lead to.
    pub allow_outside: Vec<PathBuf>,
    /// `allow_broad_corpus`: whether the corpus may be a filesystem root
    /// or the home folder (otherwise refused: walking it reads everything).
    pub allow_broad_corpus: bool,
}

impl Reach {
    /// Whether `path` lies in one of the `allow_outside` folders.
    pub fn allows(&self, path: &Path) -> bool {
        let p = resolved(path);
        self.allow_outside
            .iter()
            .any(|a| p.starts_with(resolved(a)))
    }

    /// Both settings together (editor settings add to `gloss.toml`'s).
    pub fn merge(&mut self, other: &Reach) {
        for a in &other.allow_outside {
            if !self.allow_outside.contains(a) {
                self.allow_outside.push(a.clone());
            }
        }
        self.allow_broad_corpus |= other.allow_broad_corpus;
    }
}

/// A path a draft's front matter named outside its project, not used.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The front-matter field: `corpus` or `bibliography`.
    pub field: &'static str,
    /// The path as the draft wrote it.
    pub written: String,
    /// The project folder it had to stay inside.
    pub root: PathBuf,
}

/// A path with symbolic links and `..` resolved: canonical when it exists,
/// else its absolute form with `..` taken lexically (it cannot be read
/// through a folder that does not exist).
pub fn resolved(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| crate::project::absolute(p))
}

/// The project a draft belongs to, which its front matter may not leave:
/// the folder holding `gloss.toml`, else the repository's root (the
/// nearest folder above holding `.git`), else the current folder when the
/// draft lies below it (where the user runs gloss, as an editor's
/// workspace folder; never `/` or the home folder), else the draft's own
/// folder.
pub fn project_root(draft_path: &Path) -> PathBuf {
    project_root_in(draft_path, &[])
}

/// [`project_root`] for a front end that knows its workspace folders (the
/// editor's): after `gloss.toml` and the repository, the workspace folder
/// holding the draft, before the current folder.
pub fn project_root_in(draft_path: &Path, workspaces: &[PathBuf]) -> PathBuf {
    let abs = crate::project::absolute(draft_path);
    let dir = abs.parent().unwrap_or(Path::new("/"));
    if let Some(toml) = find(dir) {
        return resolved(toml.parent().unwrap_or(Path::new(".")));
    }
    if let Some(repo) = dir.ancestors().find(|a| a.join(".git").exists()) {
        return resolved(repo);
    }
    let dir = resolved(dir);
    // Never a filesystem root or the home folder: a server started there
    // would let a draft reach every file the user has.
    let home = dirs::home_dir().map(|h| resolved(&h));
    let broad = |f: &PathBuf| f.parent().is_none() || Some(f) == home.as_ref();
    let workspace = workspaces
        .iter()
        .map(|w| resolved(w))
        .filter(|w| dir.starts_with(w) && !broad(w))
        .max_by_key(|w| w.components().count());
    if let Some(w) = workspace {
        return w;
    }
    match std::env::current_dir().map(|c| resolved(&c)) {
        Ok(cwd) if dir.starts_with(&cwd) && !broad(&cwd) => cwd,
        _ => dir,
    }
}

/// The `model` setting: the installed model where `crate::embed::model_dir`
/// finds it, none, or a given folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum ModelChoice {
    #[default]
    Default,
    Off,
    Dir(PathBuf),
}

impl ModelChoice {
    /// `off` or a folder (relative to `base`).
    pub fn parse(s: &str, base: &Path) -> ModelChoice {
        if s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
            ModelChoice::Off
        } else {
            ModelChoice::Dir(base.join(s))
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    corpus: Option<String>,
    #[serde(default)]
    bibliography: OneOrMany,
    #[serde(default)]
    severity: std::collections::BTreeMap<String, String>,
    /// The entity glossary (see `entities::Glossary`).
    #[serde(default)]
    glossary: Option<toml::Value>,
    /// The embedding model's folder, or `off`.
    model: Option<String>,
    /// Folders outside the project that front matter and corpus symlinks may reach.
    #[serde(default)]
    allow_outside: OneOrMany,
    /// Whether the corpus may be a filesystem root or the home folder.
    #[serde(default)]
    allow_broad_corpus: bool,
    /// The Zotero data folder (`corpus = "zotero"`); default `~/Zotero`.
    zotero_data_dir: Option<String>,
    /// The Zotero collection the corpus is restricted to.
    zotero_collection: Option<String>,
}

/// The corpus setting that names the Zotero library instead of a folder.
pub const ZOTERO: &str = "zotero";

/// Whether a `corpus` setting names the Zotero library.
pub fn is_zotero(corpus: &str) -> bool {
    corpus.trim().eq_ignore_ascii_case(ZOTERO)
}

/// A folder setting with `~/` read as the home folder, else relative to `base`.
pub fn user_path(s: &str, base: &Path) -> PathBuf {
    match (s.strip_prefix("~/"), dirs::home_dir()) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(s),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => vec![],
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Find `gloss.toml` in `start` or any folder above it. The path comes back
/// relative to the current folder when it lies below it, so that messages
/// and evidence paths stay short.
pub fn find(start: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let abs = cwd.join(start);
    let found = abs
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())?;
    Some(
        found
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(found),
    )
}

/// Parse a severity setting: a level or `off`.
pub fn parse_level(s: &str) -> Result<Option<Severity>, String> {
    if s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Severity::parse(s)
        .map(Some)
        .ok_or_else(|| format!("unknown severity `{s}` (use error, warning, info, hint or off)"))
}

impl Config {
    /// Read a `gloss.toml`. Problems are warnings; what can be read is kept.
    pub fn load(path: &Path, warnings: &mut Vec<Warning>) -> Config {
        let mut cfg = Config {
            file: Some(path.to_path_buf()),
            ..Config::default()
        };
        let text = match crate::text::read_settings(path) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(Warning::new(
                    path,
                    None,
                    format!("cannot read configuration: {e}"),
                ));
                return cfg;
            }
        };
        let raw: RawConfig = match toml::from_str(&text) {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1);
                warnings.push(Warning::new(
                    path,
                    line,
                    format!("invalid configuration: {}", e.message()),
                ));
                return cfg;
            }
        };
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.zotero_dir = raw.zotero_data_dir.map(|d| user_path(&d, base));
        cfg.zotero_collection = raw.zotero_collection;
        match raw.corpus {
            Some(c) if is_zotero(&c) => cfg.zotero = Some(cfg.zotero_source()),
            c => cfg.corpus = c.map(|c| base.join(c)),
        }
        cfg.glossary = raw.glossary;
        cfg.reach = Reach {
            allow_outside: raw
                .allow_outside
                .into_vec()
                .into_iter()
                .map(|a| base.join(a))
                .collect(),
            allow_broad_corpus: raw.allow_broad_corpus,
        };
        if let Some(m) = &raw.model {
            cfg.model = ModelChoice::parse(m, base);
        }
        cfg.bibliography = raw
            .bibliography
            .into_vec()
            .into_iter()
            .map(|b| base.join(b))
            .collect();
        for (code, level) in raw.severity {
            let line = text
                .lines()
                .position(|l| {
                    let l = l.trim_start().trim_start_matches(['"', '\'']);
                    l.starts_with(code.as_str())
                })
                .map(|i| i as u32 + 1);
            let Some(c) = Code::parse(&code) else {
                warnings.push(Warning::new(
                    path,
                    line,
                    format!("unknown diagnostic code `{code}` in [severity]"),
                ));
                continue;
            };
            match parse_level(&level) {
                Ok(l) => {
                    cfg.severity.insert(c, l);
                }
                Err(msg) => warnings.push(Warning::new(path, line, msg)),
            }
        }
        cfg
    }

    /// The configuration for a draft: its project files, `gloss.toml`
    /// above it, then its front matter (see [`Config::for_draft_with`]).
    pub fn for_draft(
        draft_path: &Path,
        front: Option<&FrontMatter>,
        warnings: &mut Vec<Warning>,
    ) -> Config {
        Config::for_draft_with(draft_path, front, None, warnings)
    }

    /// The configuration for a draft, in rising precedence: what its
    /// project files say (`crate::project`: Quarto, bookdown, R Markdown,
    /// a Pandoc defaults file found in the project), `gloss.toml`, the
    /// metadata files of a `--defaults` file, the draft's front matter, and
    /// the `bibliography:` and `metadata:` of a `--defaults` file (which,
    /// as in Pandoc, win over front matter). Command-line `--bib` and
    /// `--corpus` are laid over this by the front end. In a Quarto project
    /// the front matter's bibliography is merged with the project's as
    /// Quarto merges it (when either is a list, the two are joined), unless
    /// `gloss.toml` or a defaults file sets one.
    pub fn for_draft_with(
        draft_path: &Path,
        front: Option<&FrontMatter>,
        defaults: Option<&crate::project::Defaults>,
        warnings: &mut Vec<Warning>,
    ) -> Config {
        Config::for_draft_in(draft_path, front, defaults, &Overrides::default(), warnings)
    }

    /// [`Config::for_draft_with`], with what a front end's settings allow
    /// beyond the project (`over.reach`) and its workspace folders (where
    /// a draft's project may end) applied before front matter is confined.
    fn for_draft_in(
        draft_path: &Path,
        front: Option<&FrontMatter>,
        defaults: Option<&crate::project::Defaults>,
        over: &Overrides,
        warnings: &mut Vec<Warning>,
    ) -> Config {
        use crate::project::Layer;
        let dir = draft_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let project = crate::project::discover(draft_path, warnings);
        let mut from_front_zotero = false;
        let mut cfg = match find(dir) {
            Some(p) => Config::load(&p, warnings),
            None => Config::default(),
        };
        let mut layer = project.layer;
        let mut quarto = project.quarto;
        let toml = Layer {
            bibliography: (!cfg.bibliography.is_empty()).then(|| cfg.bibliography.clone()),
            bib_list: false,
            corpus: cfg.corpus.clone(),
        };
        quarto &= toml.bibliography.is_none();
        layer.set_over(toml);
        if let Some(d) = defaults {
            quarto &= d.under.bibliography.is_none();
            layer.set_over(d.under.clone());
        }
        if let Some(fm) = front {
            if let Some((line, e)) = &fm.error {
                // The front matter's YAML starts on the draft's second line.
                warnings.push(Warning::new(
                    draft_path,
                    Some(line.map_or(1, |l| l as u32 + 1)),
                    format!(
                        "front matter: {e}; only its `bibliography:` and `corpus:` lines were read"
                    ),
                ));
            }
            // The draft's paths stay in its project unless the user allowed more.
            let root = project_root_in(draft_path, &over.workspaces);
            let mut refused = Vec::new();
            let mut reach = cfg.reach.clone();
            reach.merge(&over.reach);
            let mut confine = |field: &'static str, written: &String| -> Option<PathBuf> {
                let p = dir.join(written);
                if resolved(&p).starts_with(&root) || reach.allows(&p) {
                    return Some(p);
                }
                refused.push(Refused {
                    field,
                    written: written.clone(),
                    root: root.clone(),
                });
                None
            };
            let bibs: Vec<PathBuf> = fm
                .bibliography
                .iter()
                .filter_map(|b| confine("bibliography", b))
                .collect();
            // `corpus: zotero` chooses the user's Zotero library (the folder
            // their settings name, never one the draft names).
            let zotero = fm.corpus.as_deref().is_some_and(is_zotero);
            let corpus = fm
                .corpus
                .as_ref()
                .filter(|_| !zotero)
                .and_then(|c| confine("corpus", c));
            let collection = crate::text::parse_yaml(&fm.yaml).ok().and_then(|v| {
                v.get("zotero_collection")
                    .and_then(|c| c.as_str().map(str::to_string))
            });
            if collection.is_some() {
                cfg.zotero_collection = collection;
            }
            // A folder of the draft's own replaces the Zotero library.
            if zotero || (cfg.zotero.is_some() && fm.corpus.is_none()) {
                cfg.zotero = Some(cfg.zotero_source());
            } else if fm.corpus.is_some() {
                cfg.zotero = None;
            }
            from_front_zotero = zotero;
            cfg.refused = refused;
            let own = Layer {
                bibliography: (!bibs.is_empty()).then_some(bibs),
                bib_list: crate::text::parse_yaml(&fm.yaml)
                    .ok()
                    .and_then(|v| v.get("bibliography").map(|b| b.is_sequence()))
                    .unwrap_or(false),
                corpus,
            };
            if quarto {
                layer.merge_quarto(own);
            } else {
                layer.set_over(own);
            }
        }
        if let Some(d) = defaults {
            layer.set_over(d.over.clone());
        }
        cfg.bibliography = layer.bibliography.unwrap_or_default();
        cfg.corpus = if from_front_zotero {
            None
        } else {
            layer.corpus
        };
        cfg
    }

    /// The Zotero library the user's settings name: `zotero_data_dir`, else
    /// the default folder, with `zotero_collection`.
    pub fn zotero_source(&self) -> crate::zotero::Source {
        crate::zotero::Source {
            dir: self
                .zotero_dir
                .clone()
                .unwrap_or_else(crate::zotero::default_dir),
            collection: self.zotero_collection.clone(),
        }
    }

    /// The severity a code is reported with, or None when it is off.
    pub fn severity_of(&self, code: Code) -> Option<Severity> {
        match self.severity.get(&code) {
            Some(s) => *s,
            None => Some(code.default_severity()),
        }
    }

    /// The embedding model's folder, or None when semantic checking is off.
    pub fn model_dir(&self) -> Option<PathBuf> {
        match &self.model {
            ModelChoice::Default => crate::embed::model_dir(None),
            ModelChoice::Off => None,
            ModelChoice::Dir(d) => Some(d.clone()),
        }
    }

    /// Whether any claim code is on: only then are claims checked and the
    /// evidence index needed. With all of them off, gloss checks citations
    /// alone.
    pub fn claims_on(&self) -> bool {
        Code::ALL
            .iter()
            .any(|&c| c.is_claim() && self.severity_of(c).is_some())
    }

    /// The configuration of a draft with a front end's settings laid over
    /// it: [`Config::for_draft_with`] (project files, `gloss.toml`, front
    /// matter, a defaults file), then the front end's corpus,
    /// bibliographies and severities, which win.
    pub fn for_draft_over(
        draft_path: &Path,
        front: Option<&FrontMatter>,
        over: &Overrides,
        warnings: &mut Vec<Warning>,
    ) -> Config {
        let mut cfg =
            Config::for_draft_in(draft_path, front, over.defaults.as_ref(), over, warnings);
        if over.corpus.is_some() {
            cfg.corpus.clone_from(&over.corpus);
            cfg.zotero = None;
        }
        if over.zotero_dir.is_some() {
            cfg.zotero_dir.clone_from(&over.zotero_dir);
        }
        if over.zotero_collection.is_some() {
            cfg.zotero_collection.clone_from(&over.zotero_collection);
        }
        if over.zotero {
            if over.corpus.is_none() {
                cfg.corpus = None;
            }
            cfg.zotero = Some(cfg.zotero_source());
        } else if cfg.zotero.is_some() {
            cfg.zotero = Some(cfg.zotero_source());
        }
        if !over.bibliography.is_empty() {
            cfg.bibliography.clone_from(&over.bibliography);
        }
        cfg.severity
            .extend(over.severity.iter().map(|(k, v)| (*k, *v)));
        if let Some(m) = &over.model {
            cfg.model = m.clone();
        }
        cfg.reach.merge(&over.reach);
        cfg
    }
}

/// Settings a front end gives (command-line flags, editor settings): they
/// win over project files, `gloss.toml` and front matter.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub corpus: Option<PathBuf>,
    /// Read the Zotero library as the corpus (`--zotero`, the editor's
    /// `corpus: "zotero"`); with `corpus` too, both are read.
    pub zotero: bool,
    /// `zotero_data_dir` (`--zotero DIR`, the editor's `zoteroDataDir`).
    pub zotero_dir: Option<PathBuf>,
    /// `zotero_collection` (`--zotero-collection`, `zoteroCollection`).
    pub zotero_collection: Option<String>,
    pub bibliography: Vec<PathBuf>,
    pub severity: HashMap<Code, Option<Severity>>,
    /// A Pandoc defaults file given with `--defaults`.
    pub defaults: Option<crate::project::Defaults>,
    /// The `model` setting (`--model`, the editor's `gloss.model`).
    pub model: Option<ModelChoice>,
    /// `allow_outside` and `allow_broad_corpus` from the editor's settings
    /// (added to `gloss.toml`'s).
    pub reach: Reach,
    /// The editor's workspace folders: a draft inside one, with no
    /// `gloss.toml` or repository above it, belongs to that project.
    pub workspaces: Vec<PathBuf>,
}

impl Overrides {
    /// Severities written as text (`code` → `error`, …, `off`), as editor
    /// settings give them; each unknown code or level is a message.
    pub fn set_severities<'a>(
        &mut self,
        levels: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Vec<String> {
        let mut msgs = Vec::new();
        for (code, level) in levels {
            match (Code::parse(code), parse_level(level)) {
                (Some(c), Ok(l)) => {
                    self.severity.insert(c, l);
                }
                (None, _) => msgs.push(format!("settings: unknown diagnostic code `{code}`")),
                (_, Err(e)) => msgs.push(format!("settings: {code}: {e}")),
            }
        }
        msgs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_workspace_folder_is_the_project_of_a_draft_inside_it() {
        let t = tempfile::tempdir().unwrap();
        let ws = t.path().join("ws");
        std::fs::create_dir_all(ws.join("chapters")).unwrap();
        let draft = ws.join("chapters/d.md");
        // Outside the current folder, with no gloss.toml or repository above:
        // alone it is its own folder's project; in the workspace, the workspace's.
        assert_eq!(project_root(&draft), resolved(&ws.join("chapters")));
        assert_eq!(
            project_root_in(&draft, std::slice::from_ref(&ws)),
            resolved(&ws)
        );
        // A workspace folder that is a filesystem root widens nothing.
        assert_eq!(
            project_root_in(&draft, &[PathBuf::from("/")]),
            resolved(&ws.join("chapters"))
        );
    }

    #[test]
    fn editor_settings_allow_front_matter_outside_the_project() {
        let t = tempfile::tempdir().unwrap();
        let ws = t.path().join("ws");
        let outside = t.path().join("papers");
        std::fs::create_dir_all(&ws).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let draft = ws.join("d.md");
        let fm = crate::syntax::parse("---\ncorpus: ../papers\n---\n\nText.\n")
            .front_matter
            .unwrap();
        let mut w = Vec::new();
        let over = Overrides {
            workspaces: vec![ws.clone()],
            ..Overrides::default()
        };
        let cfg = Config::for_draft_over(&draft, Some(&fm), &over, &mut w);
        assert_eq!(cfg.refused.len(), 1, "{cfg:?}");
        assert_eq!(cfg.corpus, None);
        let over = Overrides {
            workspaces: vec![ws.clone()],
            reach: Reach {
                allow_outside: vec![outside.clone()],
                allow_broad_corpus: false,
            },
            ..Overrides::default()
        };
        let cfg = Config::for_draft_over(&draft, Some(&fm), &over, &mut w);
        assert!(cfg.refused.is_empty(), "{cfg:?}");
        assert_eq!(cfg.corpus.map(|c| resolved(&c)), Some(resolved(&outside)));
    }

    #[test]
    fn reads_config_and_reports_bad_values() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(
            &p,
            "corpus = \"papers\"\nbibliography = \"refs.bib\"\n[severity]\nuncited-reference = \"off\"\nmissing-reference = \"loud\"\nno-such-code = \"error\"\n",
        )
        .unwrap();
        let mut w = vec![];
        let cfg = Config::load(&p, &mut w);
        assert_eq!(cfg.corpus, Some(dir.path().join("papers")));
        assert_eq!(cfg.bibliography, vec![dir.path().join("refs.bib")]);
        assert_eq!(cfg.severity_of(Code::UncitedReference), None);
        assert_eq!(
            cfg.severity_of(Code::UnknownCitation),
            Some(Severity::Error)
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].line, Some(5));
    }

    #[test]
    fn corpus_zotero_names_the_library_and_front_matter_may_choose_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(
            p(FILE_NAME),
            "corpus = \"zotero\"\nzotero_data_dir = \"lib/Zotero\"\nzotero_collection = \"Thesis\"\n",
        )
        .unwrap();
        let draft = p("d.md");
        let mut w = vec![];
        let cfg = Config::for_draft(&draft, None, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(cfg.corpus, None, "not a folder named zotero");
        let z = cfg.zotero.clone().unwrap();
        assert_eq!(z.dir, p("lib/Zotero"));
        assert_eq!(z.collection.as_deref(), Some("Thesis"));
        // Front matter: another collection; a folder of its own replaces Zotero.
        let fm = crate::syntax::parse("---\nzotero_collection: Thesis/Ch 2\n---\n\nText.\n")
            .front_matter
            .unwrap();
        let cfg = Config::for_draft(&draft, Some(&fm), &mut w);
        assert_eq!(
            cfg.zotero.unwrap().collection.as_deref(),
            Some("Thesis/Ch 2")
        );
        std::fs::create_dir(p("papers")).unwrap();
        let fm = crate::syntax::parse("---\ncorpus: papers\n---\n\nText.\n")
            .front_matter
            .unwrap();
        let cfg = Config::for_draft(&draft, Some(&fm), &mut w);
        assert_eq!(cfg.zotero, None);
        assert_eq!(cfg.corpus, Some(p("papers")));
        // Without gloss.toml's choice, `corpus: zotero` in front matter reads
        // the user's library (the folder gloss.toml names), not a folder.
        std::fs::write(p(FILE_NAME), "zotero_data_dir = \"lib/Zotero\"\n").unwrap();
        let fm = crate::syntax::parse("---\ncorpus: zotero\n---\n\nText.\n")
            .front_matter
            .unwrap();
        let cfg = Config::for_draft(&draft, Some(&fm), &mut w);
        assert_eq!(cfg.corpus, None);
        assert_eq!(cfg.zotero.map(|z| z.dir), Some(p("lib/Zotero")));
        assert!(w.is_empty(), "{w:?}");
        // The command line's --zotero DIR wins, and --corpus turns it off.
        let over = Overrides {
            zotero: true,
            zotero_dir: Some(p("elsewhere")),
            ..Overrides::default()
        };
        let cfg = Config::for_draft_over(&draft, None, &over, &mut w);
        assert_eq!(cfg.zotero.map(|z| z.dir), Some(p("elsewhere")));
        let over = Overrides {
            corpus: Some(p("papers")),
            ..Overrides::default()
        };
        std::fs::write(p(FILE_NAME), "corpus = \"zotero\"\n").unwrap();
        let cfg = Config::for_draft_over(&draft, None, &over, &mut w);
        assert_eq!(cfg.zotero, None);
        assert_eq!(
            Config::for_draft(&draft, None, &mut w)
                .zotero
                .map(|z| z.dir),
            Some(crate::zotero::default_dir())
        );
    }

    #[test]
    fn syntax_error_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, "corpus = \"a\"\nbibliography = [\n").unwrap();
        let mut w = vec![];
        Config::load(&p, &mut w);
        assert_eq!(w.len(), 1);
        assert!(w[0].line.is_some());
    }

    #[test]
    fn layers_rise_from_project_files_to_defaults_over_front_matter() {
        use crate::project::{Defaults, Layer};
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for f in ["p.bib", "t.bib", "u.bib", "f.bib", "o.bib"] {
            std::fs::write(p(f), "").unwrap();
        }
        std::fs::write(p("_quarto.yml"), "bibliography: p.bib\ncorpus: .\n").unwrap();
        let draft = p("d.md");
        let fm = FrontMatter {
            bibliography: vec!["f.bib".into()],
            ..Default::default()
        };
        let layer = |b: &str| Layer {
            bibliography: Some(vec![p(b)]),
            ..Layer::default()
        };
        let mut w = vec![];
        let bibs = |c: Config| -> Vec<String> {
            c.bibliography
                .iter()
                .map(|b| b.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        let cfg = Config::for_draft(&draft, None, &mut w);
        assert_eq!(bibs(cfg.clone()), ["p.bib"]);
        assert!(
            cfg.corpus.is_some(),
            "the corpus comes from _quarto.yml too"
        );
        std::fs::write(p(FILE_NAME), "bibliography = \"t.bib\"\n").unwrap();
        assert_eq!(bibs(Config::for_draft(&draft, None, &mut w)), ["t.bib"]);
        let under = Defaults {
            under: layer("u.bib"),
            ..Defaults::default()
        };
        assert_eq!(
            bibs(Config::for_draft_with(&draft, None, Some(&under), &mut w)),
            ["u.bib"]
        );
        assert_eq!(
            bibs(Config::for_draft_with(
                &draft,
                Some(&fm),
                Some(&under),
                &mut w
            )),
            ["f.bib"]
        );
        let over = Defaults {
            over: layer("o.bib"),
            ..under
        };
        assert_eq!(
            bibs(Config::for_draft_with(
                &draft,
                Some(&fm),
                Some(&over),
                &mut w
            )),
            ["o.bib"]
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn front_matter_overrides_file_and_is_relative_to_draft() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "corpus = \"c\"\nbibliography = [\"a.bib\"]\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("drafts")).unwrap();
        let draft = dir.path().join("drafts/d.md");
        let fm = FrontMatter {
            bibliography: vec!["own.bib".into()],
            ..Default::default()
        };
        let mut w = vec![];
        let cfg = Config::for_draft(&draft, Some(&fm), &mut w);
        assert!(cfg.corpus.unwrap().ends_with("c"));
        assert_eq!(
            cfg.bibliography,
            vec![dir.path().join("drafts").join("own.bib")]
        );
    }
}
