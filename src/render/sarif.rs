//! SARIF 2.1.0 for code-scanning services: one run, rule ids = diagnostic codes.
//!
//! Paths are placed the way code scanning (GitHub's among others) places
//! them. An artifact URI is an RFC 3986 relative reference from the
//! repository root: `/` between segments on every platform, anything but
//! unreserved characters percent-encoded as UTF-8 (`my%20review.md`). The
//! run declares that root as the base `SRCROOT` (`originalUriBaseIds`, an
//! absolute `file:` URI ending in `/`) and every such location names it
//! (`uriBaseId`). Corpus evidence outside the repository has no place there,
//! and its local path is nobody else's business: its related location is a
//! message alone, naming the work, the file, the line and the sentence.
//! A draft outside the repository (checked by a path that leads out of it)
//! keeps an absolute `file:` URI, without a base, as SARIF requires.

use std::path::{Component, Path, PathBuf, Prefix};

use percent_encoding::{percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::FileReport;
use gloss::diag::{Code, Evidence, Severity};

/// The URI base id of the repository root.
pub const SRCROOT: &str = "SRCROOT";

/// Everything but RFC 3986's unreserved characters is encoded in a segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where the paths of a report are anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The repository root, absolute: `SRCROOT`.
    pub root: PathBuf,
    /// The folder relative paths in the reports start from (the current folder).
    pub cwd: PathBuf,
}

impl Base {
    /// For a run in `cwd` (absolute): the root is the nearest folder from
    /// `cwd` up that holds `.git` (a folder, or the file of a linked work
    /// tree), else `cwd` itself.
    pub fn discover(cwd: &Path) -> Base {
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(cwd);
        Base {
            root: root.to_path_buf(),
            cwd: cwd.to_path_buf(),
        }
    }

    /// `path` (as the reports give it) relative to the root, encoded, or
    /// `None` when it lies outside the root.
    fn relative(&self, path: &Path) -> Option<String> {
        let abs = normalize(&self.cwd.join(path));
        let root = normalize(&self.root);
        if let Ok(rel) = abs.strip_prefix(&root) {
            return Some(relative_uri(rel));
        }
        // The same folders reached through a symbolic link (say /tmp and
        // /private/tmp): compare where both really are.
        let (abs, root) = (abs.canonicalize().ok()?, root.canonicalize().ok()?);
        abs.strip_prefix(&root).ok().map(relative_uri)
    }

    /// The artifact location of a checked draft.
    fn draft_location(&self, path: &str) -> Value {
        match self.relative(Path::new(path)) {
            Some(uri) => json!({"uri": uri, "uriBaseId": SRCROOT}),
            None => json!({"uri": file_uri(&normalize(&self.cwd.join(path)), false)}),
        }
    }
}

/// `.` and `..` resolved without asking the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

fn segment(s: &std::ffi::OsStr) -> String {
    percent_encode(s.as_encoded_bytes(), SEGMENT).to_string()
}

/// A relative path as a relative reference: encoded segments joined by `/`.
fn relative_uri(rel: &Path) -> String {
    let segments: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(segment(s)),
            _ => None,
        })
        .collect();
    segments.join("/")
}

/// An absolute path as a `file:` URI (`file:///C:/x` for a Windows drive,
/// `file://server/share/x` for a UNC path); with a final `/` for a folder.
fn file_uri(abs: &Path, folder: bool) -> String {
    let mut uri = String::from("file://");
    for c in abs.components() {
        match c {
            Component::Prefix(p) => match p.kind() {
                Prefix::Disk(d) | Prefix::VerbatimDisk(d) => {
                    uri.push('/');
                    uri.push(char::from(d));
                    uri.push(':');
                }
                Prefix::UNC(server, share) | Prefix::VerbatimUNC(server, share) => {
                    uri.push_str(&segment(server));
                    uri.push('/');
                    uri.push_str(&segment(share));
                }
                _ => {}
            },
            Component::Normal(s) => {
                uri.push('/');
                uri.push_str(&segment(s));
            }
            _ => {}
        }
    }
    if folder || uri.ends_with("://") {
        uri.push('/');
    }
    uri
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A related location for a piece of evidence: inside the repository a file
/// and line under `SRCROOT`; outside it, only a message that says where.
fn related(base: &Base, id: usize, e: &Evidence) -> Value {
    match base.relative(&e.path) {
        // In a PDF the lines are the extracted text's: the file, and the
        // page and line on the page in the message.
        Some(uri) if e.page.is_some() => json!({
            "id": id,
            "message": {"text": format!("{}: {}", e.place(), e.text)},
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
            },
        }),
        Some(uri) => json!({
            "id": id,
            "message": {"text": e.text},
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                "region": {"startLine": e.line},
            },
        }),
        None => {
            let file = e.path.file_name().map_or_else(
                || e.path.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            );
            let place = match &e.key {
                Some(key) => format!("{key} ({file}, {})", e.place()),
                None => format!("{file}, {}", e.place()),
            };
            json!({
                "id": id,
                "message": {"text": format!("{place}: {}", e.text)},
            })
        }
    }
}

pub fn report(files: &[FileReport], base: &Base) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str(),
                "shortDescription": {"text": c.summary()},
                "defaultConfiguration": {"level": level(c.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let draft = base.draft_location(&f.path);
        for d in f.diagnostics {
            let related: Vec<Value> = d
                .evidence
                .iter()
                .chain(d.suggestions.iter().filter_map(|s| s.evidence.as_ref()))
                .enumerate()
                .map(|(i, e)| related(base, i, e))
                .collect();
            let rule_index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            results.push(json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": draft,
                        "region": {
                            "startLine": d.start.line,
                            "startColumn": d.start.column,
                            "endLine": d.end.line,
                            "endColumn": d.end.column,
                        },
                    },
                }],
                "relatedLocations": related,
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "gloss",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {
                SRCROOT: {
                    "uri": file_uri(&normalize(&base.root), true),
                    "description": {"text": "The root of the repository (the nearest folder with .git), or the folder gloss ran in."},
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gloss::diag::{Diagnostic, Suggestion};
    use gloss::text::Pos;

    fn base(root: &str, cwd: &str) -> Base {
        Base {
            root: PathBuf::from(root),
            cwd: PathBuf::from(cwd),
        }
    }

    fn evidence(key: Option<&str>, path: &str, line: u32) -> Evidence {
        Evidence {
            key: key.map(str::to_string),
            path: PathBuf::from(path),
            line,
            text: "Street trees cooled the block by 2 °C.".into(),
            label: None,
            page: None,
        }
    }

    fn diagnostic(evidence: Vec<Evidence>, suggested: Option<Evidence>) -> Diagnostic {
        Diagnostic {
            code: Code::MisattributedClaim,
            severity: Severity::Warning,
            range: 0..4,
            start: Pos { line: 3, column: 5 },
            end: Pos { line: 3, column: 9 },
            message: "m".into(),
            cited: vec!["a2020".into()],
            suggestions: suggested
                .into_iter()
                .map(|e| Suggestion {
                    key: "b2021".into(),
                    score: 0.9,
                    evidence: Some(e),
                })
                .collect(),
            evidence,
        }
    }

    #[test]
    fn segments_are_percent_encoded_utf8_joined_by_slashes() {
        assert_eq!(
            relative_uri(Path::new("my drafts/Zürich #2/100% sure.md")),
            "my%20drafts/Z%C3%BCrich%20%232/100%25%20sure.md"
        );
        assert_eq!(relative_uri(Path::new("a-b_c.d~e/f.md")), "a-b_c.d~e/f.md");
        // A colon would read as a scheme in a first segment; `?` as a query.
        assert_eq!(relative_uri(Path::new("a:b?.md")), "a%3Ab%3F.md");
        assert_eq!(relative_uri(Path::new("中文.md")), "%E4%B8%AD%E6%96%87.md");
    }

    #[test]
    fn the_root_is_a_file_uri_ending_in_a_slash() {
        assert_eq!(
            file_uri(Path::new("/home/ana/my review/"), true),
            "file:///home/ana/my%20review/"
        );
        assert_eq!(file_uri(Path::new("/"), true), "file:///");
        assert_eq!(
            file_uri(Path::new("/x/a b.md"), false),
            "file:///x/a%20b.md"
        );
    }

    #[test]
    fn paths_are_relative_to_the_root_from_the_current_folder() {
        let b = base("/repo", "/repo/chapters");
        assert_eq!(
            b.relative(Path::new("one.md")).as_deref(),
            Some("chapters/one.md")
        );
        assert_eq!(
            b.relative(Path::new("../corpus/./x.txt")).as_deref(),
            Some("corpus/x.txt")
        );
        assert_eq!(
            b.relative(Path::new("/repo/corpus/x.txt")).as_deref(),
            Some("corpus/x.txt")
        );
        assert_eq!(b.relative(Path::new("../../elsewhere/x.txt")), None);
        assert_eq!(b.relative(Path::new("/repository-two/x.txt")), None);
    }

    #[test]
    fn the_root_is_the_nearest_folder_with_git() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let deep = repo.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(
            Base::discover(&deep).root,
            deep,
            "no .git: the current folder"
        );
        std::fs::create_dir(repo.join(".git")).unwrap();
        assert_eq!(Base::discover(&deep).root, repo);
        // A linked work tree has a .git file.
        std::fs::write(repo.join("a/.git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(Base::discover(&deep).root, repo.join("a"));
        assert_eq!(Base::discover(&deep).cwd, deep);
    }

    #[test]
    fn every_location_is_relative_to_srcroot_and_outside_evidence_is_a_message() {
        let inside = evidence(Some("a2020"), "corpus/a2020.txt", 7);
        let outside = evidence(Some("b2021"), "/home/ana/papers/b 2021.txt", 12);
        let anonymous = evidence(None, "../../papers/c.txt", 3);
        let d = diagnostic(vec![inside, anonymous], Some(outside));
        let files = [FileReport {
            path: "drafts/my review.md".into(),
            text: "",
            diagnostics: std::slice::from_ref(&d),
        }];
        let v = report(&files, &base("/work/my repo", "/work/my repo"));
        let run = &v["runs"][0];
        assert_eq!(
            run["originalUriBaseIds"]["SRCROOT"]["uri"],
            "file:///work/my%20repo/"
        );
        let r = &run["results"][0];
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "drafts/my%20review.md", "uriBaseId": "SRCROOT"})
        );
        let rel = r["relatedLocations"].as_array().unwrap();
        assert_eq!(rel.len(), 3);
        assert_eq!(
            rel[0],
            json!({
                "id": 0,
                "message": {"text": "Street trees cooled the block by 2 °C."},
                "physicalLocation": {
                    "artifactLocation": {"uri": "corpus/a2020.txt", "uriBaseId": "SRCROOT"},
                    "region": {"startLine": 7},
                },
            })
        );
        assert_eq!(
            rel[1],
            json!({"id": 1, "message": {"text": "c.txt, line 3: Street trees cooled the block by 2 °C."}})
        );
        assert_eq!(
            rel[2],
            json!({"id": 2, "message": {"text": "b2021 (b 2021.txt, line 12): Street trees cooled the block by 2 °C."}})
        );
        // No local path of a file outside the repository anywhere in the log.
        let text = v.to_string();
        assert!(!text.contains("/home/ana"), "{text}");
        assert!(!text.contains("papers"), "{text}");
    }

    #[test]
    fn a_draft_outside_the_root_keeps_an_absolute_uri_without_a_base() {
        let d = diagnostic(vec![], None);
        let files = [FileReport {
            path: "../notes/a b.md".into(),
            text: "",
            diagnostics: std::slice::from_ref(&d),
        }];
        let v = report(&files, &base("/work/repo", "/work/repo"));
        assert_eq!(
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
            json!({"uri": "file:///work/notes/a%20b.md"})
        );
    }
}
