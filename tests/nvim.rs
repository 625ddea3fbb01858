//! The Neovim plugin (`editors/nvim`) in a real, headless Neovim:
//! `editors/nvim/test/run.sh` with this build's binary, Neovim installed into
//! `<target dir>/nvim`. Skips (recorded for the run's summary, see
//! `common::skip`) when `../shared` is missing or Neovim cannot be installed
//! (no pip or no network); GLOSS_REQUIRE_SHARED=1 and GLOSS_REQUIRE_NVIM=1
//! make those failures.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn require_nvim() -> bool {
    std::env::var("GLOSS_REQUIRE_NVIM").as_deref() == Ok("1")
}

/// Skip, or fail when Neovim is required.
fn cannot(why: &str) {
    if require_nvim() {
        panic!("Neovim is required (GLOSS_REQUIRE_NVIM=1): {why}");
    }
    common::skip(&common::this_test(), why);
}

#[test]
fn neovim_plugin_end_to_end() {
    let Some(shared) = common::shared() else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let test_dir = root.join("editors/nvim/test");

    let started = Instant::now();
    // Into cargo's target folder, wherever CARGO_TARGET_DIR puts it
    // (`CARGO_TARGET_TMPDIR` is its `tmp`).
    let nvim_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target folder")
        .join("nvim");
    let install = match Command::new("sh")
        .arg(test_dir.join("install-nvim.sh"))
        .env("GLOSS_NVIM_DIR", &nvim_dir)
        .output()
    {
        Ok(o) => o,
        Err(e) => return cannot(&format!("cannot run sh: {e}")),
    };
    if !install.status.success() {
        return cannot(&format!(
            "installing Neovim failed ({}): {}",
            install.status,
            common::stderr(&install).trim()
        ));
    }
    let nvim = common::stdout(&install).trim().to_string();
    eprintln!(
        "Neovim at {nvim} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );

    let out = Command::new("sh")
        .arg(test_dir.join("run.sh"))
        .env("GLOSS_BIN", env!("CARGO_BIN_EXE_gloss"))
        .env("GLOSS_CACHE_DIR", common::test_cache_dir())
        .env("GLOSS_MODEL_DIR", "off")
        .env("GLOSS_SHARED", &shared)
        .env("GLOSS_REQUIRE_SHARED", "1")
        .env("NVIM", &nvim)
        .output()
        .expect("run editors/nvim/test/run.sh");
    let log = common::stderr(&out);
    eprintln!("{log}");
    assert!(
        out.status.success(),
        "editors/nvim/test/run.sh failed ({}):\n{}{log}",
        out.status,
        common::stdout(&out)
    );
    for step in [
        "(1) diagnostics",
        "(2) completion",
        "(3) hover",
        "(4) definition",
        "(5) ",
        ":GlossCheck on review.md",
        ":helptags",
    ] {
        assert!(log.contains(step), "no {step:?} in the test log:\n{log}");
    }
    assert_eq!(
        log.matches("e2e: all passed").count(),
        2,
        "pulled and pushed runs"
    );
    eprintln!(
        "Neovim tests: {:.1} s in all",
        started.elapsed().as_secs_f64()
    );
}
