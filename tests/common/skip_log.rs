//! Skipped tests, recorded so that a run can list them at its end.
//!
//! Shared by the integration tests (`tests/common`, which re-exports it) and
//! the crate's own unit tests (`src/lib.rs` includes this file under
//! `cfg(test)`). See `tests/common/mod.rs` for how to use it; `tests/skips.rs`
//! tests it.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `test` runs nothing because `why` (e.g. "pandoc not found"): print a note
/// and append `test<TAB>why` to the run's skip log, which `scripts/test.sh`
/// lists at the end of the run.
///
/// The log is `$GLOSS_SKIP_LOG` (a fresh file per `scripts/test.sh` run);
/// without it, integration tests write `skipped-tests.log` in cargo's
/// temporary folder (`target/tmp`), started afresh by each `cargo test`.
/// This only records: a test whose prerequisite CI provides checks
/// [`required`] first.
pub fn skip(test: &str, why: &str) {
    let (test, why) = (one_line(test), one_line(why));
    eprintln!("note: skipping {test}: {why}");
    let line = format!("{test}\t{why}\n");
    if let Some(log) = std::env::var_os("GLOSS_SKIP_LOG").filter(|v| !v.is_empty()) {
        // The run asked for the list: losing an entry would hide a skip.
        let log = PathBuf::from(log);
        append(&log, &line)
            .unwrap_or_else(|e| panic!("cannot record the skip in {}: {e}", log.display()));
    } else if let Some(tmp) = option_env!("CARGO_TARGET_TMPDIR") {
        let log = Path::new(tmp).join("skipped-tests.log");
        // cargo starts every test binary of a `cargo test`: its process id
        // names the run.
        #[cfg(unix)]
        let run = std::os::unix::process::parent_id();
        #[cfg(not(unix))]
        let run = 0;
        if let Err(e) = append_for_run(&log, &line, run) {
            eprintln!("note: cannot record the skip in {}: {e}", log.display());
        }
    }
}

/// Whether everything a test needs must be present (`GLOSS_REQUIRE_SHARED=1`,
/// as `.ci/run` sets): then a missing `../shared`, Pandoc or git is a
/// failure, not a skip.
pub fn required() -> bool {
    std::env::var("GLOSS_REQUIRE_SHARED").as_deref() == Ok("1")
}

/// The running test as `crate::path::to::test` (libtest names each test's
/// thread after the test), for [`skip`].
pub fn this_test() -> String {
    let krate = env!("CARGO_CRATE_NAME");
    match std::thread::current().name() {
        // In the integration tests' one binary a test is already named by
        // its file (`cli::missing_bib`).
        Some(t) if t.contains("::") && krate == "all" => t.to_string(),
        Some(t) if t != "main" => format!("{krate}::{t}"),
        _ => krate.to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.split(['\t', '\n', '\r'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One `write` of a whole line to a file opened for appending: lines from
/// parallel tests and test binaries do not interleave.
fn append(log: &Path, line: &str) -> std::io::Result<()> {
    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?
        .write_all(line.as_bytes())
}

/// Append to a log that holds one run: its first line names the run, and a
/// log from another run is emptied first.
pub fn append_for_run(log: &Path, line: &str, run: u32) -> std::io::Result<()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _held = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let header = format!("# cargo test run {run}\n");
    let current = std::fs::read_to_string(log).is_ok_and(|s| s.starts_with(&header));
    if !current {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(log, &header)?;
    }
    append(log, line)
}
