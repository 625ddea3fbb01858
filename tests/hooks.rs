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

/// The README's plain git hook, in a real repository: a staged draft with
/// an unknown citation stops the commit.
#[test]
fn the_readme_git_hook_stops_a_bad_commit() {
    if Command::new("git").arg("--version").output().is_err() {
        assert!(
            !common::required(),
            "GLOSS_REQUIRE_SHARED=1 but git is not available"
        );
        common::skip(&common::this_test(), "git not found");
        return;
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("#!/bin/sh\nfiles=$(git diff")
        .expect("hook in README");
    let hook = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = common::tree(&[
        (
            "refs.bib",
            b"@article{a2020, author = {A, B}, title = {T}, year = {2020}}\n",
        ),
        (
            "draft.md",
            b"---\nbibliography: refs.bib\n---\n\nA claim [@nobody1999].\n",
        ),
    ]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_gloss")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("GLOSS_CACHE_DIR", common::test_cache_dir())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    let hook_path = dir.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook_path, hook).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook_path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
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
