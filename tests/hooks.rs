//! The pre-commit hooks the README offers run the real binary as promised.

mod common;

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `.pre-commit-hooks.yaml`: its entry, run on the files it matches, stops
/// a commit whose drafts have problems and lets a clean one through.
#[test]
fn the_pre_commit_hook_entry_checks_drafts() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    #[allow(clippy::disallowed_methods)] // the repository's own file
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"].as_str(), Some("gloss"));
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "gloss");
    let files = regex_lite(hook["files"].as_str().unwrap());
    assert!(files("review.md") && files("a.qmd") && files("b.Rmd") && !files("refs.bib"));
    let run = |dir: &Path, file: &str| {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .env("GLOSS_CACHE_DIR", common::test_cache_dir())
            .args(&entry[1..])
            .arg(file)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let bad = run(&root().join("examples"), "review.md");
    assert_eq!(bad.status.code(), Some(1), "{}", common::stdout(&bad));
    let dir = common::tree(&[
        (
            "refs.bib",
            b"@article{a2020, author = {A, B}, title = {T}, year = {2020}}\n",
        ),
        (
            "ok.md",
            b"---\nbibliography: refs.bib\n---\n\nA claim [@a2020].\n",
        ),
    ]);
    let good = run(dir.path(), "ok.md");
    assert_eq!(good.status.code(), Some(0), "{}", common::stdout(&good));
}

/// The extensions the hook's `files` pattern names (it is a simple
/// alternation of suffixes; checked here without a regex engine).
fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
    let inner = pattern
        .trim_start_matches("\\.(")
        .trim_end_matches(")$")
        .to_string();
    move |name: &str| {
        inner
            .split('|')
            .any(|ext| name.ends_with(&format!(".{ext}")))
    }
}

/// The README's plain git hook, installed in a new repository holding `files`.
fn repo_with_readme_hook(files: &[(&str, &[u8])]) -> Option<tempfile::TempDir> {
    if Command::new("git").arg("--version").output().is_err() {
        assert!(
            !common::required(),
            "GLOSS_REQUIRE_SHARED=1 but git is not available"
        );
        common::skip(&common::this_test(), "git not found");
        return None;
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("#!/bin/sh\n# gloss: check the drafts")
        .expect("hook in README");
    let hook = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = common::tree(files);
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    let hook_path = dir.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook_path, hook).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook_path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    Some(dir)
}

/// git, with the gloss binary under test first on the PATH.
fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gloss")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", &path)
        .env("GLOSS_CACHE_DIR", common::test_cache_dir())
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .unwrap()
}

const REFS: &[u8] = b"@article{a2020, author = {A, B}, title = {T}, year = {2020}}\n";

/// The README's plain git hook, in a real repository: a staged draft with
/// an unknown citation stops the commit.
#[test]
fn the_readme_git_hook_stops_a_bad_commit() {
    let Some(dir) = repo_with_readme_hook(&[
        ("refs.bib", REFS),
        (
            "draft.md",
            b"---\nbibliography: refs.bib\n---\n\nA claim [@nobody1999].\n",
        ),
    ]) else {
        return;
    };
    let git = |args: &[&str]| git(dir.path(), args);
    assert!(git(&["add", "draft.md", "refs.bib"]).status.success());
    let refused = git(&["commit", "-q", "-m", "draft"]);
    assert!(
        !refused.status.success(),
        "the hook let a bad draft through"
    );
    let said = format!("{}{}", common::stdout(&refused), common::stderr(&refused));
    assert!(said.contains("unknown-citation"), "{said}");
    std::fs::write(
        dir.path().join("draft.md"),
        "---\nbibliography: refs.bib\n---\n\nA claim [@a2020].\n",
    )
    .unwrap();
    assert!(git(&["add", "draft.md"]).status.success());
    let ok = git(&["commit", "-q", "-m", "draft"]);
    assert!(ok.status.success(), "{}", common::stderr(&ok));
}

/// The README's git hook takes file names with spaces, every draft
/// extension, and commits that only touch papers of the corpus.
#[test]
fn the_readme_git_hook_takes_spaces_all_extensions_and_corpus_texts() {
    let Some(dir) = repo_with_readme_hook(&[
        (
            "gloss.toml",
            b"corpus = \"corpus\"\nbibliography = \"refs.bib\"\n",
        ),
        ("refs.bib", REFS),
        (
            "corpus/a2020.md",
            b"T\n\nA B\n\nTrees cool streets at night.\n",
        ),
        ("my draft.md", b"A claim [@a2020].\n"),
        ("ch.markdown", b"A claim [@nobody1999].\n"),
    ]) else {
        return;
    };
    let git = |args: &[&str]| git(dir.path(), args);
    assert!(git(&["add", "corpus", "refs.bib", "gloss.toml"])
        .status
        .success());
    let ok = git(&["commit", "-q", "-m", "papers only"]);
    assert!(ok.status.success(), "{}", common::stderr(&ok));
    assert!(git(&["add", "my draft.md"]).status.success());
    let ok = git(&["commit", "-q", "-m", "a draft with a space"]);
    assert!(ok.status.success(), "{}", common::stderr(&ok));
    assert!(git(&["add", "ch.markdown"]).status.success());
    let refused = git(&["commit", "-q", "-m", "a bad .markdown draft"]);
    assert!(
        !refused.status.success(),
        "the hook let a bad draft through"
    );
}

/// `.pre-commit-hooks.yaml` needs no excluded folders: the corpus texts a
/// commit touches are passed to gloss, which notes and skips them; and the
/// whole-project hook checks every draft when a bibliography changes.
#[test]
fn the_pre_commit_hooks_check_drafts_not_corpus_texts() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    #[allow(clippy::disallowed_methods)] // the repository's own file
    let hooks: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let hook = &hooks[0];
    assert!(
        hook.get("exclude").is_none(),
        "drafts in papers/ are drafts too"
    );
    let files = regex_lite(hook["files"].as_str().unwrap());
    assert!(files("papers/review.md") && files("ch.markdown") && files("c.rmd"));
    let entry = |h: &serde_yaml_ng::Value| -> Vec<String> {
        h["entry"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let dir = common::tree(&[
        (
            "gloss.toml",
            b"corpus = \"corpus\"\nbibliography = \"refs.bib\"\n",
        ),
        ("refs.bib", REFS),
        (
            "corpus/a2020.md",
            b"T\n\nA B\n\nTrees cool streets at night.\n",
        ),
        ("good.md", b"A claim [@a2020].\n"),
        ("drafts/bad.md", b"A claim [@nobody1999].\n"),
    ]);
    let run = |args: &[String]| {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .env("GLOSS_CACHE_DIR", common::test_cache_dir())
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let mut args = entry(hook)[1..].to_vec();
    args.extend(["corpus/a2020.md".to_string(), "good.md".to_string()]);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    assert!(
        common::stderr(&o).contains("corpus/a2020.md is a text of the corpus"),
        "{}",
        common::stderr(&o)
    );
    let project = &hooks[1];
    assert_eq!(project["pass_filenames"].as_bool(), Some(false));
    assert!(regex_lite(project["files"].as_str().unwrap())("refs.bib"));
    let o = run(&entry(project)[1..]);
    assert_eq!(o.status.code(), Some(1), "{}", common::stdout(&o));
    assert!(
        common::stdout(&o).contains("drafts/bad.md"),
        "{}",
        common::stdout(&o)
    );
    assert!(
        !common::stdout(&o).contains("a2020.md:"),
        "{}",
        common::stdout(&o)
    );
}
