//! The list of skipped tests that `scripts/test.sh` prints at the end of a
//! run: `common::skip` (tests/common/skip_log.rs) writes it, `scripts/skipped.sh`
//! prints it. The skipping itself runs in a child process (this binary's
//! `#[ignore]`d `child_*` tests) with a log of its own, so this run's list
//! is untouched.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Run one of this binary's ignored `child_*` tests with `GLOSS_SKIP_LOG=log`.
fn child(test: &str, log: &Path) -> Output {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &this_file(test), "--ignored", "--nocapture"])
        .env("GLOSS_SKIP_LOG", log)
        .output()
        .expect("run the test binary")
}

/// A test of this file as the test harness names it: `skips::child_…` in
/// the integration tests' one binary (tests/all), `child_…` in a binary of
/// its own.
fn this_file(test: &str) -> String {
    match module_path!().split_once("::") {
        Some((_, file)) => format!("{file}::{test}"),
        None => test.to_string(),
    }
}

fn skipped_sh(args: &[&str]) -> Output {
    Command::new("bash")
        .arg(root().join("scripts/skipped.sh"))
        .args(args)
        .output()
        .expect("run bash scripts/skipped.sh")
}

#[test]
#[ignore = "run by a_skipped_test_is_listed_with_its_reason, in a child process"]
fn child_that_skips() {
    common::skip(
        &common::this_test(),
        "a tool\tnot found\n(on purpose, for tests/skips.rs)",
    );
}

#[test]
fn a_skipped_test_is_listed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("runs/skipped.log");
    let out = child("child_that_skips", &log);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains("1 passed"),
        "the child test ran: {}",
        common::stdout(&out)
    );
    assert!(
        common::stderr(&out).contains("note: skipping skips::child_that_skips: a tool not found"),
        "{}",
        common::stderr(&out)
    );
    // One line, named after the test, tabs and line breaks of the reason flattened.
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "skips::child_that_skips\ta tool not found (on purpose, for tests/skips.rs)\n"
    );
    // A skip made by a script, as test.sh records the grammar tests'.
    let log_arg = log.to_str().unwrap();
    let add = skipped_sh(&[
        "add",
        log_arg,
        "grammar corpus tests",
        "tree-sitter CLI not found",
    ]);
    assert!(add.status.success(), "{}", common::stderr(&add));
    let summary = skipped_sh(&["summary", log_arg]);
    assert!(summary.status.success(), "{}", common::stderr(&summary));
    assert_eq!(
        common::stdout(&summary),
        "2 tests skipped:\n  \
         skips::child_that_skips: a tool not found (on purpose, for tests/skips.rs)\n  \
         grammar corpus tests: tree-sitter CLI not found\n"
    );
}

#[test]
fn a_run_without_skips_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("skipped.log");
    for content in [None, Some(""), Some("# cargo test run 7\n")] {
        if let Some(c) = content {
            std::fs::write(&log, c).unwrap();
        }
        let summary = skipped_sh(&["summary", log.to_str().unwrap()]);
        assert!(summary.status.success(), "{}", common::stderr(&summary));
        assert_eq!(
            common::stdout(&summary),
            "No tests skipped.\n",
            "{content:?}"
        );
    }
}

/// A log that cannot be written fails the test: a skip is never lost.
#[test]
fn a_skip_that_cannot_be_recorded_fails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = child("child_that_skips", &file.join("skipped.log"));
    assert!(!out.status.success(), "{}", common::stdout(&out));
    assert!(
        common::stderr(&out).contains("cannot record the skip"),
        "{}",
        common::stderr(&out)
    );
}

/// Without GLOSS_SKIP_LOG (plain `cargo test`), the log in cargo's
/// temporary folder holds the skips of the latest run only.
#[test]
fn the_fallback_log_holds_one_run() {
    use common::skip_log::append_for_run;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("skipped-tests.log");
    append_for_run(&log, "a\tx\n", 1).unwrap();
    append_for_run(&log, "b\ty\n", 1).unwrap();
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "# cargo test run 1\na\tx\nb\ty\n"
    );
    append_for_run(&log, "c\tz\n", 2).unwrap();
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "# cargo test run 2\nc\tz\n"
    );
}
