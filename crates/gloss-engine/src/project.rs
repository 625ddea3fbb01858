//! Project files: where Quarto, bookdown, R Markdown and Pandoc projects
//! name a draft's bibliography (and corpus), and which files are a book's
//! chapters. `config::Config::for_draft` lays these under `gloss.toml`,
//! the draft's front matter and the command line.
//!
//! Read, lowest precedence first (a nearer or later file replaces what an
//! earlier one sets):
//! - `defaults.yaml` / `defaults.yml` (Pandoc defaults) in the draft's
//!   folder or above it, up to the project root;
//! - `_output.yml` in the draft's folder: `--bibliography` in a format's `pandoc_args`;
//! - bookdown: the front matter of the book's `index.Rmd` (its first
//!   chapter), for every chapter of the book whose `_bookdown.yml` is found upward;
//! - Quarto: `_quarto.yml` (or `.yaml`) found upward, its `metadata-files`,
//!   its top-level keys (or, without them, the `bibliography` of each of its
//!   `format:` entries), then each `_metadata.yml` from the project's folder
//!   down to the draft's, merged as Quarto merges them (a list adds to a
//!   list, anything else replaces).
//!
//! Paths are relative to the file that names them; in a Pandoc defaults
//! file given with `--defaults`, relative to the working folder as in Pandoc
//! (`${.}` is the defaults file's folder). Every problem is a warning with
//! the file and line; nothing here fails.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde_yaml_ng::Value;

use crate::warn::Warning;

/// What one configuration layer sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub bibliography: Option<Vec<PathBuf>>,
    /// The bibliography was written as a YAML list (Quarto adds lists together).
    pub bib_list: bool,
    pub corpus: Option<PathBuf>,
}

impl Layer {
    /// Lay `o` over `self`: what `o` sets replaces.
    pub fn set_over(&mut self, o: Layer) {
        if o.bibliography.is_some() {
            self.bibliography = o.bibliography;
            self.bib_list = o.bib_list;
        }
        if o.corpus.is_some() {
            self.corpus = o.corpus;
        }
    }

    /// Lay `o` over `self` as Quarto merges metadata: when either
    /// bibliography is a list the two are joined (duplicates dropped),
    /// otherwise the nearer replaces.
    pub fn merge_quarto(&mut self, o: Layer) {
        match (&mut self.bibliography, o.bibliography) {
            (Some(mine), Some(theirs)) if self.bib_list || o.bib_list => {
                for t in theirs {
                    if !mine.contains(&t) {
                        mine.push(t);
                    }
                }
                self.bib_list = true;
            }
            (_, Some(theirs)) => {
                self.bibliography = Some(theirs);
                self.bib_list = o.bib_list;
            }
            (_, None) => {}
        }
        if o.corpus.is_some() {
            self.corpus = o.corpus;
        }
    }
}

/// The project layer of a draft: everything its project files say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Project {
    pub layer: Layer,
    /// The draft belongs to a Quarto project (its front matter is then
    /// merged with the project's metadata as Quarto merges it).
    pub quarto: bool,
}

pub const QUARTO_FILES: [&str; 2] = ["_quarto.yml", "_quarto.yaml"];
pub const METADATA_FILES: [&str; 2] = ["_metadata.yml", "_metadata.yaml"];
pub const BOOKDOWN_FILE: &str = "_bookdown.yml";
pub const OUTPUT_FILES: [&str; 2] = ["_output.yml", "_output.yaml"];
pub const DEFAULTS_FILES: [&str; 2] = ["defaults.yaml", "defaults.yml"];

/// Whether a file name is one of the project files read here (a corpus
/// folder that is a project's root does not read them as bibliographies).
pub fn is_project_file(name: &str) -> bool {
    QUARTO_FILES
        .iter()
        .chain(&METADATA_FILES)
        .chain(&OUTPUT_FILES)
        .chain(&DEFAULTS_FILES)
        .any(|f| *f == name)
        || name == BOOKDOWN_FILE
}

/// Draft file extensions: Markdown, Quarto, R Markdown.
pub fn is_draft_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "qmd" | "rmd"
        )
    })
}

/// The current folder, for making paths absolute and short again.
fn cwd() -> PathBuf {
    std::env::current_dir().unwrap_or_default()
}

/// `p` made absolute and lexically normalised (`a/./b/../c` → `a/c`).
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A path as shown: relative to the current folder when below it.
pub fn short(p: &Path) -> PathBuf {
    let abs = absolute(p);
    match abs.strip_prefix(cwd()) {
        Ok(r) if r.as_os_str().is_empty() => PathBuf::from("."),
        Ok(r) => r.to_path_buf(),
        Err(_) => abs,
    }
}

/// The same file, whether or not it exists.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
    canon(a) == canon(b)
}

/// The first of `names` found in `dir` or a folder above it.
fn find_upward(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    absolute(dir)
        .ancestors()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// A YAML file (or front matter) read for its metadata.
struct Yaml {
    path: PathBuf,
    text: String,
    value: Value,
    /// Lines before the YAML in its file (front matter starts on line 2).
    line_offset: u32,
}

impl Yaml {
    /// Read a YAML file; unreadable or malformed is a warning.
    fn read(path: &Path, warnings: &mut Vec<Warning>) -> Option<Yaml> {
        let path = short(path);
        let text = match crate::text::read_settings(&path) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(Warning::new(&path, None, format!("cannot read: {e}")));
                return None;
            }
        };
        Yaml::parse(path, text, 0, warnings)
    }

    /// The YAML front matter of a draft file, if it has one.
    fn front_matter(path: &Path, warnings: &mut Vec<Warning>) -> Option<Yaml> {
        let path = short(path);
        let text = crate::text::read_text_file(&path).ok()?.0;
        let yaml = front_matter_yaml(&text)?.to_string();
        Yaml::parse(path, yaml, 1, warnings)
    }

    fn parse(path: PathBuf, text: String, line_offset: u32, w: &mut Vec<Warning>) -> Option<Yaml> {
        let value = match crate::text::parse_yaml(&text) {
            Ok(v) => v,
            Err(e) => {
                let line = Some(e.location().map_or(1, |l| l.line() as u32) + line_offset);
                w.push(Warning::new(
                    &path,
                    line,
                    format!("invalid YAML, not read: {e}"),
                ));
                return None;
            }
        };
        Some(Yaml {
            path,
            text,
            value,
            line_offset,
        })
    }

    fn dir(&self) -> PathBuf {
        self.path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }

    /// The line that names `needle` (after a line naming `key`, when there is one).
    fn line_of(&self, key: &str, needle: &str) -> Option<u32> {
        let lines: Vec<&str> = self.text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.contains(key))
            .unwrap_or_default();
        let at = (start..lines.len())
            .find(|&i| lines[i].contains(needle))
            .or_else(|| lines.iter().position(|l| l.contains(key)))?;
        Some(at as u32 + 1 + self.line_offset)
    }

    /// The bibliography and corpus a metadata mapping names. `bases` are
    /// tried in order for relative paths (the first is used when none has
    /// the file); named files that do not exist are warnings and left out.
    fn layer(&self, m: &Value, bases: &[PathBuf], w: &mut Vec<Warning>) -> Layer {
        let mut layer = Layer::default();
        if let Some(b) = m.get("bibliography") {
            let (names, list) = strings(b);
            let mut found = Vec::new();
            for n in &names {
                match self.resolve(n, bases, |p| p.is_file()) {
                    Ok(p) => found.push(p),
                    Err(p) => w.push(Warning::new(
                        &self.path,
                        self.line_of("bibliography", n),
                        format!("bibliography {} not found (left out)", p.display()),
                    )),
                }
            }
            if !found.is_empty() {
                layer.bibliography = Some(found);
                layer.bib_list = list;
            }
        }
        if let Some(c) = m.get("corpus").and_then(string) {
            match self.resolve(&c, bases, |p| p.is_dir()) {
                Ok(p) => layer.corpus = Some(p),
                Err(p) => w.push(Warning::new(
                    &self.path,
                    self.line_of("corpus", &c),
                    format!("corpus folder {} not found (left out)", p.display()),
                )),
            }
        }
        layer
    }

    /// A path as written, with `${.}`, `${USERDATA}` and `${VAR}` expanded,
    /// against the first base where `ok`; Err with the first candidate when none.
    fn resolve(
        &self,
        s: &str,
        bases: &[PathBuf],
        ok: impl Fn(&Path) -> bool,
    ) -> Result<PathBuf, PathBuf> {
        let expanded = expand(s, &self.dir());
        let p = Path::new(&expanded);
        if p.is_absolute() {
            return if ok(p) {
                Ok(p.to_path_buf())
            } else {
                Err(p.to_path_buf())
            };
        }
        let candidates: Vec<PathBuf> = bases.iter().map(|b| short(&b.join(p))).collect();
        candidates
            .iter()
            .find(|c| ok(c))
            .cloned()
            .ok_or_else(|| candidates.first().cloned().unwrap_or_else(|| p.into()))
    }
}

/// Pandoc's variables in file paths: `${.}` (the file's folder),
/// `${USERDATA}` (Pandoc's user data folder) and environment variables.
fn expand(s: &str, dir: &Path) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let name = &after[..end];
        let value = match name {
            "." => dir.display().to_string(),
            "USERDATA" => pandoc_user_data().display().to_string(),
            v => std::env::var(v).unwrap_or_default(),
        };
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Pandoc's user data folder: `$XDG_DATA_HOME/pandoc`, else `~/.local/share/pandoc`.
fn pandoc_user_data() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("pandoc");
    }
    dirs::home_dir()
        .unwrap_or_default()
        .join(".local/share/pandoc")
}

fn string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A string or a list of strings; and whether it was a list.
fn strings(v: &Value) -> (Vec<String>, bool) {
    match v {
        Value::Sequence(s) => (s.iter().filter_map(string).collect(), true),
        v => (string(v).into_iter().collect(), false),
    }
}

/// The YAML front matter block at the start of a text (with its fences),
/// or "" when there is none.
pub fn front_matter_block(text: &str) -> &str {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return "";
    };
    if first.trim_end() != "---" {
        return "";
    }
    let mut at = first.len();
    for line in lines {
        at += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return &text[..at];
        }
    }
    ""
}

/// The YAML between a leading `---` line and the next `---` or `...` line.
pub fn front_matter_yaml(text: &str) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A line ends at LF, CRLF or a lone CR (old Mac files).
    let mut lines = lines_any_break(text);
    let (first, start) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    for (line, end) in lines {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some(&text[start..end - line.len()]);
        }
    }
    None
}

/// The lines of `text` with their breaks (LF, CRLF or a lone CR), each
/// with the offset just past it.
fn lines_any_break(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= b.len() {
            return None;
        }
        let start = at;
        while at < b.len() && b[at] != b'\n' && b[at] != b'\r' {
            at += 1;
        }
        if at < b.len() {
            at += if b[at] == b'\r' && b.get(at + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        Some((&text[start..at], at))
    })
}

/// Why a Markdown text is a draft rather than a paper, if it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftReason {
    /// It has citations in Pandoc syntax (front matter or body).
    Citations,
    /// Its front matter names a bibliography.
    Bibliography,
}

impl DraftReason {
    pub fn describe(self) -> &'static str {
        match self {
            DraftReason::Citations => "it has Pandoc citations",
            DraftReason::Bibliography => "its front matter names a bibliography",
        }
    }
}

/// Whether a Markdown text is a draft: it has Pandoc citations, in its
/// front matter or body, or its front matter names a bibliography.
pub fn draft_reason(text: &str) -> Option<DraftReason> {
    use crate::syntax::{citations, Syntax};
    if !text.contains('@') && !text.contains("bibliography") {
        return None;
    }
    let pandoc = |t: &str| citations(t).iter().any(|c| c.syntax == Syntax::Pandoc);
    let front = front_matter_yaml(text);
    if text.contains('@') && (pandoc(text) || front.is_some_and(pandoc)) {
        return Some(DraftReason::Citations);
    }
    let names_bib = front
        .and_then(|y| crate::text::parse_yaml(y).ok())
        .is_some_and(|v| v.get("bibliography").is_some_and(|b| !b.is_null()));
    names_bib.then_some(DraftReason::Bibliography)
}

/// Everything the project files say about a draft (see the module docs).
pub fn discover(draft: &Path, warnings: &mut Vec<Warning>) -> Project {
    let dir = absolute(draft)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(cwd);
    let mut p = Project::default();
    if let Some(d) = find_defaults(&dir) {
        let defaults = Defaults::read(&d, false, warnings);
        p.layer.set_over(defaults.under);
        p.layer.set_over(defaults.over);
    }
    for name in OUTPUT_FILES {
        let f = dir.join(name);
        if f.is_file() {
            p.layer.set_over(output_layer(&f, warnings));
            break;
        }
    }
    if let Some(root) = find_upward(&dir, &[BOOKDOWN_FILE]) {
        p.layer.set_over(bookdown_layer(&root, draft, warnings));
    }
    if let Some(q) = find_upward(&dir, &QUARTO_FILES) {
        p.quarto = true;
        let mut quarto = quarto_layer(&q, warnings);
        let root = absolute(q.parent().unwrap_or(Path::new(".")));
        // `_metadata.yml` files from the project's folder down to the draft's.
        let mut folders: Vec<&Path> = dir
            .ancestors()
            .take_while(|a| a.starts_with(&root))
            .collect();
        folders.reverse();
        for f in folders {
            if let Some(m) = METADATA_FILES
                .iter()
                .map(|n| f.join(n))
                .find(|m| m.is_file())
            {
                if let Some(y) = Yaml::read(&m, warnings) {
                    let layer = y.layer(&y.value, &[y.dir()], warnings);
                    quarto.merge_quarto(layer);
                }
            }
        }
        p.layer.set_over(quarto);
    }
    p
}

/// `_quarto.yml`: its metadata files, a `metadata:` mapping, then its own
/// top-level keys, or the bibliographies of its formats when it names none
/// at the top.
fn quarto_layer(file: &Path, w: &mut Vec<Warning>) -> Layer {
    let Some(y) = Yaml::read(file, w) else {
        return Layer::default();
    };
    let base = [y.dir()];
    let mut layer = Layer::default();
    if let Some(files) = y.value.get("metadata-files") {
        for f in strings(files).0 {
            match y.resolve(&f, &base, |p| p.is_file()) {
                Ok(p) => {
                    if let Some(m) = Yaml::read(&p, w) {
                        layer.merge_quarto(m.layer(&m.value, &[m.dir()], w));
                    }
                }
                Err(p) => w.push(Warning::new(
                    &y.path,
                    y.line_of("metadata-files", &f),
                    format!("metadata file {} not found", p.display()),
                )),
            }
        }
    }
    // A `metadata:` mapping (format-independent metadata, as in a Pandoc
    // defaults file) under the top-level keys.
    if let Some(m) = y.value.get("metadata").filter(|m| m.is_mapping()) {
        layer.merge_quarto(y.layer(m, &base, w));
    }
    let mut own = y.layer(&y.value, &base, w);
    if y.value.get("bibliography").is_none() {
        if let Some(Value::Mapping(formats)) = y.value.get("format") {
            for (_, f) in formats {
                if f.get("bibliography").is_some() {
                    let l = y.layer(f, &base, w);
                    own.merge_quarto(Layer {
                        bib_list: true,
                        ..l
                    });
                }
            }
        }
    }
    layer.merge_quarto(own);
    layer
}

/// The chapters of a Quarto book (`project: type: book`), in book order:
/// `book: chapters` (strings, or `part:` with its own `chapters:`) then
/// `book: appendices`. None when the project is not a book.
pub fn quarto_chapters(file: &Path, w: &mut Vec<Warning>) -> Option<Vec<PathBuf>> {
    let y = Yaml::read(file, w)?;
    let kind = y.value.get("project").and_then(|p| p.get("type"));
    if kind.and_then(Value::as_str) != Some("book") {
        return None;
    }
    let book = y.value.get("book")?;
    let mut names = Vec::new();
    fn entries(v: Option<&Value>, out: &mut Vec<String>) {
        for e in v.and_then(Value::as_sequence).into_iter().flatten() {
            match e {
                Value::Mapping(_) => {
                    if let Some(part) = e.get("part").and_then(Value::as_str) {
                        if is_draft_name(Path::new(part)) {
                            out.push(part.to_string());
                        }
                    }
                    entries(e.get("chapters"), out);
                }
                v => out.extend(string(v)),
            }
        }
    }
    entries(book.get("chapters"), &mut names);
    entries(book.get("appendices"), &mut names);
    Some(chapter_paths(&y, "chapters", names, w))
}

/// Chapter names as paths beside the project file; drafts only (a
/// notebook is not read), missing files are warnings, each file once.
fn chapter_paths(y: &Yaml, key: &str, names: Vec<String>, w: &mut Vec<Warning>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for n in names {
        let p = short(&y.dir().join(&n));
        if !is_draft_name(&p) || !seen.insert(p.clone()) {
            continue;
        }
        if p.is_file() {
            out.push(p);
        } else {
            w.push(Warning::new(
                &y.path,
                y.line_of(key, &n),
                format!("chapter {} not found", p.display()),
            ));
        }
    }
    out
}

/// The chapters of a bookdown book, in order: `rmd_files` of its
/// `_bookdown.yml` (a list, or lists per output format, `html` first), else
/// every `.Rmd` file of the book's folder (and of `rmd_subdir`) whose name
/// does not start with `_`, `index.Rmd` first.
pub fn bookdown_chapters(file: &Path, w: &mut Vec<Warning>) -> Vec<PathBuf> {
    let Some(y) = Yaml::read(file, w) else {
        return Vec::new();
    };
    if let Some(files) = y.value.get("rmd_files") {
        let mut names = Vec::new();
        match files {
            Value::Mapping(m) => {
                let mut formats: Vec<(&Value, &Value)> = m.iter().collect();
                formats.sort_by_key(|(k, _)| k.as_str() != Some("html"));
                for (_, list) in formats {
                    names.extend(strings(list).0);
                }
            }
            v => names = strings(v).0,
        }
        return chapter_paths(&y, "rmd_files", names, w);
    }
    let root = y.dir();
    let mut out = rmd_files_in(&root, false);
    match y.value.get("rmd_subdir") {
        Some(Value::Bool(true)) => out = rmd_files_in(&root, true),
        Some(v @ (Value::Sequence(_) | Value::String(_))) => {
            for d in strings(v).0 {
                out.extend(rmd_files_in(&root.join(d), true));
            }
        }
        _ => {}
    }
    // index.Rmd comes first.
    let root_short = short(&root);
    if let Some(i) = out.iter().position(|p| {
        p.file_name()
            .is_some_and(|n| n.eq_ignore_ascii_case("index.Rmd"))
            && p.parent().map(short) == Some(root_short.clone())
    }) {
        let index = out.remove(i);
        out.insert(0, index);
    }
    out
}

/// `.Rmd` files of a folder (and its subfolders when `deep`), by name,
/// leaving out names starting with `_`.
fn rmd_files_in(dir: &Path, deep: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with(['_', '.']) {
            continue;
        }
        if p.is_dir() {
            if deep {
                out.extend(rmd_files_in(&p, true));
            }
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("rmd")) {
            out.push(short(&p));
        }
    }
    out
}

/// bookdown: the front matter of the book's `index.Rmd` (its first
/// chapter) applies to each of its chapters.
fn bookdown_layer(file: &Path, draft: &Path, w: &mut Vec<Warning>) -> Layer {
    let mut quiet = Vec::new();
    let chapters = bookdown_chapters(file, &mut quiet);
    if !chapters.iter().any(|c| same_file(c, draft)) {
        return Layer::default();
    }
    // Problems with the chapter list are the book's, reported once per draft checked.
    w.extend(quiet);
    let root = file.parent().unwrap_or(Path::new("."));
    let first = chapters
        .iter()
        .find(|c| {
            c.file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("index.Rmd"))
                && same_file(c.parent().unwrap_or(Path::new(".")), root)
        })
        .or(chapters.first());
    let Some(first) = first else {
        return Layer::default();
    };
    if same_file(first, draft) {
        // The draft's own front matter: read as the draft's, not twice.
        return Layer::default();
    }
    match Yaml::front_matter(first, w) {
        Some(y) => y.layer(&y.value, &[y.dir()], w),
        None => Layer::default(),
    }
}

/// `_output.yml`: a `--bibliography` in any format's `pandoc_args`.
fn output_layer(file: &Path, w: &mut Vec<Warning>) -> Layer {
    let Some(y) = Yaml::read(file, w) else {
        return Layer::default();
    };
    let mut names = Vec::new();
    if let Value::Mapping(formats) = &y.value {
        for (_, f) in formats {
            let args = f
                .get("pandoc_args")
                .map(|a| strings(a).0)
                .unwrap_or_default();
            let mut it = args.iter();
            while let Some(a) = it.next() {
                if let Some(v) = a.strip_prefix("--bibliography=") {
                    names.push(v.to_string());
                } else if a == "--bibliography" {
                    names.extend(it.next().cloned());
                }
            }
        }
    }
    if names.is_empty() {
        return Layer::default();
    }
    let m = Value::Mapping(
        [(
            Value::from("bibliography"),
            Value::Sequence(names.into_iter().map(Value::from).collect()),
        )]
        .into_iter()
        .collect(),
    );
    y.layer(&m, &[y.dir()], w)
}

/// The folder a project's files are looked for up to: the nearest folder
/// (from `dir` up) holding `.git`, a Quarto or bookdown project file or
/// `gloss.toml`; `dir` itself when there is none.
pub fn project_root(dir: &Path) -> PathBuf {
    let dir = absolute(dir);
    let markers = [
        ".git",
        QUARTO_FILES[0],
        QUARTO_FILES[1],
        BOOKDOWN_FILE,
        crate::config::FILE_NAME,
    ];
    dir.ancestors()
        .find(|d| markers.iter().any(|m| d.join(m).exists()))
        .map(Path::to_path_buf)
        .unwrap_or(dir)
}

/// A `defaults.yaml` (or `.yml`) in `dir` or above it, up to the project root.
fn find_defaults(dir: &Path) -> Option<PathBuf> {
    let root = project_root(dir);
    absolute(dir)
        .ancestors()
        .take_while(|d| d.starts_with(&root))
        .flat_map(|d| DEFAULTS_FILES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// A Pandoc defaults file, as far as gloss reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// The file read.
    pub path: PathBuf,
    /// Its `bibliography:` and `metadata:` fields: like Pandoc's
    /// `--bibliography` and `-M`, they win over the draft's front matter.
    pub over: Layer,
    /// Its `metadata-files:`: like Pandoc's `--metadata-file`, the draft's
    /// front matter wins over them.
    pub under: Layer,
}

impl Defaults {
    /// Find a defaults file as Pandoc's `--defaults` does: the name as
    /// given, with `.yaml` added when it has no extension, then in the
    /// `defaults` folder of Pandoc's user data folder.
    pub fn locate(name: &Path) -> Option<PathBuf> {
        let mut candidates = vec![name.to_path_buf()];
        if name.extension().is_none() {
            candidates.push(name.with_extension("yaml"));
        }
        let data = pandoc_user_data().join("defaults");
        let more: Vec<PathBuf> = candidates.iter().map(|c| data.join(c)).collect();
        candidates.extend(more);
        candidates.into_iter().find(|c| c.is_file())
    }

    /// Read a defaults file. Given on the command line (`explicit`), its
    /// relative paths are taken from the working folder, as Pandoc does,
    /// and then from its own folder; found in the project, from its own
    /// folder (where Pandoc would be run with it).
    pub fn read(path: &Path, explicit: bool, w: &mut Vec<Warning>) -> Defaults {
        let mut d = Defaults {
            path: path.to_path_buf(),
            ..Defaults::default()
        };
        let Some(y) = Yaml::read(path, w) else {
            return d;
        };
        let bases = if explicit {
            vec![cwd(), y.dir()]
        } else {
            vec![y.dir()]
        };
        let mut files: Vec<String> = Vec::new();
        for key in ["metadata-files", "metadata-file"] {
            if let Some(v) = y.value.get(key) {
                files.extend(strings(v).0);
            }
        }
        for f in files {
            match y.resolve(&f, &bases, |p| p.is_file()) {
                Ok(p) => {
                    if let Some(m) = Yaml::read(&p, w) {
                        // Pandoc reads these paths from where it runs, too.
                        let mut b = bases.clone();
                        b.push(m.dir());
                        d.under.set_over(m.layer(&m.value, &b, w));
                    }
                }
                Err(p) => w.push(Warning::new(
                    &y.path,
                    y.line_of("metadata-file", &f),
                    format!("metadata file {} not found", p.display()),
                )),
            }
        }
        if let Some(m) = y.value.get("metadata") {
            d.over.set_over(y.layer(m, &bases, w));
        }
        let top = y.layer(&y.value, &bases, w);
        d.over.set_over(Layer {
            corpus: None,
            ..top
        });
        d
    }
}

/// A file to check, and the folder whose walk found it (None: named).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub path: PathBuf,
    /// Index into the paths given of the folder that held it.
    pub folder: Option<usize>,
}

/// The drafts named by files and folders. A folder is walked as ripgrep
/// walks it (`.gitignore`, `.ignore` and hidden files respected, also
/// outside a git repository) for `.md`, `.markdown`, `.qmd` and `.Rmd`
/// files; a Quarto book or bookdown book met on the way gives its chapters,
/// in book order, instead of its files; inside a Quarto or bookdown
/// project, names starting with `_` are left out, as those tools do. Each
/// file comes once. Paths that do not exist come back as errors.
pub fn drafts(paths: &[PathBuf], w: &mut Vec<Warning>) -> (Vec<Found>, Vec<PathBuf>) {
    let mut out: Vec<Found> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut missing = Vec::new();
    let mut add = |p: PathBuf, folder: Option<usize>, out: &mut Vec<Found>| {
        let key = std::fs::canonicalize(&p).unwrap_or_else(|_| absolute(&p));
        if seen.insert(key) {
            out.push(Found { path: p, folder });
        }
    };
    for (i, given) in paths.iter().enumerate() {
        if given.is_file() {
            add(given.clone(), None, &mut out);
        } else if given.is_dir() {
            for p in walk(given, w) {
                add(p, Some(i), &mut out);
            }
        } else {
            missing.push(given.clone());
        }
    }
    (out, missing)
}

/// A book's chapters when `dir` is the root of a Quarto book or a bookdown book.
pub fn book_chapters(dir: &Path, w: &mut Vec<Warning>) -> Option<Vec<PathBuf>> {
    let bookdown = dir.join(BOOKDOWN_FILE);
    if bookdown.is_file() {
        return Some(bookdown_chapters(&bookdown, w));
    }
    let q = QUARTO_FILES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())?;
    quarto_chapters(&q, w)
}

fn walk(dir: &Path, w: &mut Vec<Warning>) -> Vec<PathBuf> {
    let shown = |p: &Path| -> PathBuf {
        // `./a.md` is shown as `a.md`.
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect()
    };
    if let Some(chapters) = book_chapters(dir, w) {
        return chapters;
    }
    let mut out = Vec::new();
    // Books met on the way give their chapters; their files are not walked.
    let books = std::sync::Arc::new(std::sync::Mutex::new(HashSet::<PathBuf>::new()));
    let inside = books.clone();
    let it = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let books = inside.lock().unwrap_or_else(|e| e.into_inner());
            !e.path().parent().is_some_and(|p| books.contains(p))
        })
        .build();
    let mut in_project: std::collections::HashMap<PathBuf, bool> = Default::default();
    for entry in it {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                w.push(Warning::new(dir, None, format!("cannot read: {err}")));
                continue;
            }
        };
        let p = e.path();
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        if is_dir {
            if e.depth() > 0 {
                if let Some(chapters) = book_chapters(p, w) {
                    out.extend(chapters.iter().map(|c| shown(c)));
                    books
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(p.to_path_buf());
                }
            }
            continue;
        }
        if !is_draft_name(p) {
            continue;
        }
        let underscore = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('_'));
        if underscore {
            let parent = p.parent().unwrap_or(Path::new(".")).to_path_buf();
            let project = *in_project.entry(parent.clone()).or_insert_with(|| {
                find_upward(&parent, &QUARTO_FILES).is_some()
                    || find_upward(&parent, &[BOOKDOWN_FILE]).is_some()
            });
            if project {
                continue;
            }
        }
        out.push(shown(p));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (p, t) in files {
            let p = dir.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        }
    }

    fn names(v: &[PathBuf], root: &Path) -> Vec<String> {
        v.iter()
            .map(|p| {
                absolute(p)
                    .strip_prefix(absolute(root))
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn quarto_book_chapters_parts_and_appendices() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            &[
                (
                    "_quarto.yml",
                    "project:\n  type: book\nbook:\n  chapters:\n    - index.qmd\n    - part: p1.qmd\n      chapters: [a.qmd, nb.ipynb]\n    - part: \"Titled\"\n      chapters:\n        - b.md\n        - gone.qmd\n  appendices: [c.Rmd, a.qmd]\n",
                ),
                ("index.qmd", ""),
                ("p1.qmd", ""),
                ("a.qmd", ""),
                ("nb.ipynb", ""),
                ("b.md", ""),
                ("c.Rmd", ""),
            ],
        );
        let mut w = vec![];
        let ch = quarto_chapters(&d.path().join("_quarto.yml"), &mut w).unwrap();
        assert_eq!(
            names(&ch, d.path()),
            ["index.qmd", "p1.qmd", "a.qmd", "b.md", "c.Rmd"]
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].message.contains("gone.qmd") && w[0].line == Some(11),
            "{w:?}"
        );
        // Not a book: no chapters.
        write(d.path(), &[("_quarto.yml", "project:\n  type: website\n")]);
        assert_eq!(quarto_chapters(&d.path().join("_quarto.yml"), &mut w), None);
    }

    #[test]
    fn bookdown_chapters_listed_split_or_found() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            &[
                ("_bookdown.yml", "rmd_files: [index.Rmd, b.Rmd]\n"),
                ("index.Rmd", ""),
                ("a.Rmd", ""),
                ("b.Rmd", ""),
                ("_x.Rmd", ""),
                ("sub/s.Rmd", ""),
            ],
        );
        let f = d.path().join("_bookdown.yml");
        let mut w = vec![];
        assert_eq!(
            names(&bookdown_chapters(&f, &mut w), d.path()),
            ["index.Rmd", "b.Rmd"]
        );
        write(
            d.path(),
            &[(
                "_bookdown.yml",
                "rmd_files:\n  latex: [a.Rmd]\n  html: [index.Rmd, b.Rmd]\n",
            )],
        );
        assert_eq!(
            names(&bookdown_chapters(&f, &mut w), d.path()),
            ["index.Rmd", "b.Rmd", "a.Rmd"]
        );
        write(d.path(), &[("_bookdown.yml", "book_filename: x\n")]);
        assert_eq!(
            names(&bookdown_chapters(&f, &mut w), d.path()),
            ["index.Rmd", "a.Rmd", "b.Rmd"]
        );
        write(d.path(), &[("_bookdown.yml", "rmd_subdir: true\n")]);
        assert_eq!(
            names(&bookdown_chapters(&f, &mut w), d.path()),
            ["index.Rmd", "a.Rmd", "b.Rmd", "sub/s.Rmd"]
        );
        assert!(w.is_empty(), "{w:?}");
        // Malformed: a warning with its line, no chapters, no panic.
        write(d.path(), &[("_bookdown.yml", "rmd_files: [a.Rmd\nx: y\n")]);
        assert!(bookdown_chapters(&f, &mut w).is_empty());
        assert_eq!(w.len(), 1);
        assert!(w[0].line.is_some(), "{w:?}");
    }

    #[test]
    fn quarto_layers_merge_lists_and_replace_strings() {
        let a = |v: &[&str], list| Layer {
            bibliography: Some(v.iter().map(PathBuf::from).collect()),
            bib_list: list,
            corpus: None,
        };
        let mut l = a(&["p.bib"], false);
        l.merge_quarto(a(&["q.bib"], false));
        assert_eq!(l, a(&["q.bib"], false));
        l.merge_quarto(a(&["r.bib", "q.bib"], true));
        assert_eq!(l, a(&["q.bib", "r.bib"], true));
        l.merge_quarto(Layer::default());
        assert_eq!(l, a(&["q.bib", "r.bib"], true));
        let mut s = a(&["p.bib"], false);
        s.set_over(a(&["x.bib"], true));
        assert_eq!(s, a(&["x.bib"], true));
    }

    #[test]
    fn quarto_format_bibliographies_count_when_none_is_top_level() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            &[
                (
                    "_quarto.yml",
                    "metadata:\n  bibliography: [m.bib]\nformat:\n  html:\n    bibliography: h.bib\n  pdf:\n    bibliography: [p.bib]\n  docx: default\n",
                ),
                ("h.bib", ""),
                ("p.bib", ""),
                ("m.bib", ""),
            ],
        );
        let mut w = vec![];
        let l = quarto_layer(&d.path().join("_quarto.yml"), &mut w);
        let got: Vec<String> = names(&l.bibliography.unwrap(), d.path());
        assert_eq!(got, ["m.bib", "h.bib", "p.bib"]);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn defaults_files_expand_variables_and_split_over_and_under() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            &[
                (
                    "cfg/d.yaml",
                    "bibliography: ${.}/top.bib\nmetadata:\n  corpus: ${.}/papers\nmetadata-files:\n  - ${.}/m.yaml\n  - ${.}/none.yaml\n",
                ),
                ("cfg/top.bib", ""),
                ("cfg/papers/x.txt", ""),
                ("cfg/m.yaml", "bibliography: [under.bib]\n"),
                ("cfg/under.bib", ""),
            ],
        );
        let mut w = vec![];
        let df = Defaults::read(&d.path().join("cfg/d.yaml"), true, &mut w);
        assert_eq!(
            names(&df.over.bibliography.unwrap(), d.path()),
            ["cfg/top.bib"]
        );
        assert_eq!(names(&[df.over.corpus.unwrap()], d.path()), ["cfg/papers"]);
        assert_eq!(
            names(&df.under.bibliography.unwrap(), d.path()),
            ["cfg/under.bib"]
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(6));
        std::env::set_var("GLOSS_TEST_BIB_DIR", "/x");
        assert_eq!(
            expand("${GLOSS_TEST_BIB_DIR}/a.bib", Path::new("d")),
            "/x/a.bib"
        );
        assert_eq!(expand("${.}/a.bib", Path::new("d")), "d/a.bib");
        assert_eq!(expand("${unclosed", Path::new("d")), "${unclosed");
    }

    #[test]
    fn output_yml_pandoc_args_name_bibliographies() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            &[
                (
                    "_output.yml",
                    "html_document:\n  pandoc_args: [\"--bibliography=a.bib\", \"--toc\"]\npdf_document:\n  pandoc_args:\n    - --bibliography\n    - b.bib\n    - --bibliography\nword_document: default\n",
                ),
                ("a.bib", ""),
                ("b.bib", ""),
            ],
        );
        let mut w = vec![];
        let l = output_layer(&d.path().join("_output.yml"), &mut w);
        assert_eq!(
            names(&l.bibliography.unwrap(), d.path()),
            ["a.bib", "b.bib"]
        );
        assert!(w.is_empty());
    }

    #[test]
    fn front_matter_and_draft_reasons() {
        assert_eq!(front_matter_yaml("---\na: 1\n---\nbody"), Some("a: 1\n"));
        assert_eq!(front_matter_yaml("--- \na: 1\n...\n"), Some("a: 1\n"));
        assert_eq!(front_matter_yaml("---\nunclosed\n"), None);
        assert_eq!(front_matter_yaml("text\n---\n"), None);
        assert_eq!(draft_reason("A paper. Mail me at a@b.org.\n"), None);
        assert_eq!(
            draft_reason("As [@zhou2008] shows.\n"),
            Some(DraftReason::Citations)
        );
        assert_eq!(
            draft_reason("As @zhou2008 shows.\n"),
            Some(DraftReason::Citations)
        );
        assert_eq!(
            draft_reason("---\nnocite: |\n  @zhou2008\n---\n\nText.\n"),
            Some(DraftReason::Citations)
        );
        assert_eq!(
            draft_reason("---\nbibliography: refs.bib\n---\n\nText.\n"),
            Some(DraftReason::Bibliography)
        );
        assert_eq!(draft_reason("Zhou (2008) shows.\n"), None);
        assert_eq!(draft_reason("---\nbibliography: [\n---\n"), None);
    }

    #[test]
    fn bad_yaml_never_panics() {
        let d = tempfile::tempdir().unwrap();
        for text in [
            "",
            "- a\n- b\n",
            ":\n",
            "bibliography: {a: b}\n",
            "project: 3\nbook: x\n",
            "\u{0}",
        ] {
            write(
                d.path(),
                &[
                    ("_quarto.yml", text),
                    ("_bookdown.yml", text),
                    ("_output.yml", text),
                    ("defaults.yaml", text),
                    ("_metadata.yml", text),
                    ("index.Rmd", text),
                ],
            );
            let mut w = vec![];
            let _ = discover(&d.path().join("index.Rmd"), &mut w);
            let _ = quarto_chapters(&d.path().join("_quarto.yml"), &mut w);
            let _ = bookdown_chapters(&d.path().join("_bookdown.yml"), &mut w);
            let _ = Defaults::read(&d.path().join("defaults.yaml"), true, &mut w);
            let _ = drafts(&[d.path().to_path_buf()], &mut w);
        }
    }
}
