//! The persisted index through the real binary: a second run reads the
//! cache, a changed paper is the only one parsed again, a damaged cache file
//! is rebuilt, results never depend on the cache, and the language server
//! uses the same files.

mod common;
use common::lsp::*;
use common::*;
use serde_json::json;
use std::path::Path;

/// `gloss` with its own cache folder.
fn run_in(cache: &Path, args: &[&str], dir: &Path) -> std::process::Output {
    gloss()
        .env("GLOSS_CACHE_DIR", cache)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gloss")
}

fn cache_stats(cache: &Path, dir: &Path) -> serde_json::Value {
    let o = run_in(
        cache,
        &["index", "--corpus", "corpus", "--format", "json"],
        dir,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    json(&o)["cache"].clone()
}

#[test]
fn second_run_reads_the_cache_and_changes_nothing() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    let first = cache_stats(cache.path(), ex.path());
    assert_eq!(first["texts_parsed"], 4, "{first}");
    assert_eq!(first["entities_cached"], false);
    let second = cache_stats(cache.path(), ex.path());
    assert_eq!(second["texts_cached"], 4, "{second}");
    assert_eq!(second["texts_parsed"], 0);
    assert_eq!(second["works_indexed"], 0);
    assert_eq!(second["entities_cached"], true);

    // Human output names what the cache did.
    let o = run_in(cache.path(), &["index", "--corpus", "corpus"], ex.path());
    assert!(
        stdout(&o).contains("cache: 4 texts from the cache, 0 parsed; 0 works indexed again; entity catalogue from the cache"),
        "{}",
        stdout(&o)
    );

    // The same report with the cache warm, cold and off.
    let warm = run_in(
        cache.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    );
    let off = run_in(
        cache.path(),
        &["--no-cache", "check", "--format", "json", "review.md"],
        ex.path(),
    );
    let cold_dir = tempfile::tempdir().unwrap();
    let cold = run_in(
        cold_dir.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    );
    assert_eq!(json(&warm), json(&off));
    assert_eq!(json(&cold), json(&off));
    assert_eq!(warm.status.code(), off.status.code());
    // --no-cache wrote nothing; the cold run wrote its cache file.
    let o = run_in(cold_dir.path(), &["cache"], ex.path());
    assert!(stdout(&o).contains("1 file,"), "{}", stdout(&o));
}

#[test]
fn a_changed_paper_is_the_only_one_parsed_again() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    cache_stats(cache.path(), ex.path());
    let p = ex.path().join("corpus/okafor2019.txt");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("\nA closing sentence added after the first index was built.\n");
    std::fs::write(&p, text).unwrap();
    let st = cache_stats(cache.path(), ex.path());
    assert_eq!(st["texts_cached"], 3, "{st}");
    assert_eq!(st["texts_parsed"], 1);
    assert_eq!(st["works_indexed"], 1);
    assert_eq!(st["entities_cached"], false);
}

#[test]
fn a_damaged_cache_file_is_rebuilt_and_results_stay_right() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    cache_stats(cache.path(), ex.path());
    let want = json(&run_in(
        cache.path(),
        &["--no-cache", "check", "--format", "json", "review.md"],
        ex.path(),
    ));
    let files: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for (i, f) in files.iter().enumerate() {
        let mut b = std::fs::read(f).unwrap();
        match i % 2 {
            0 => b.truncate(b.len() * 2 / 3),
            _ => {
                let n = b.len() - 1;
                b[n] ^= 0xff;
            }
        }
        std::fs::write(f, b).unwrap();
    }
    let st = cache_stats(cache.path(), ex.path());
    let why = st["rejected"].as_str().unwrap_or_default();
    assert!(
        why.contains("truncated") || why.contains("checksum"),
        "{st}"
    );
    assert_eq!(st["texts_parsed"], 4);
    let o = run_in(cache.path(), &["index", "--corpus", "corpus"], ex.path());
    assert!(!stdout(&o).contains("not used"), "rebuilt: {}", stdout(&o));
    // Garbage in every cache file: checks still give the right report.
    for e in std::fs::read_dir(cache.path()).unwrap() {
        std::fs::write(e.unwrap().path(), b"not a cache file at all").unwrap();
    }
    let got = json(&run_in(
        cache.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    ));
    assert_eq!(got, want);
}

#[test]
fn cache_command_lists_and_clears() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    cache_stats(cache.path(), ex.path());
    let o = run_in(cache.path(), &["cache"], ex.path());
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains(&cache.path().display().to_string()) && out.contains("1 file,"),
        "{out}"
    );
    let o = run_in(cache.path(), &["cache", "--clear"], ex.path());
    assert!(
        stdout(&o).contains("deleted 1 cache file"),
        "{}",
        stdout(&o)
    );
    let o = run_in(cache.path(), &["cache"], ex.path());
    assert!(stdout(&o).contains("0 files"), "{}", stdout(&o));
    let o = gloss()
        .env("GLOSS_NO_CACHE", "1")
        .arg("cache")
        .output()
        .unwrap();
    assert!(stdout(&o).contains("the cache is off"), "{}", stdout(&o));
}

#[test]
fn the_language_server_writes_and_reads_the_same_cache() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let draft = ex.path().join("review.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    let want = check_triples(ex.path(), &["--no-cache", "review.md"]);
    for round in 0..2 {
        let mut c = Client::start_with(ex.path(), &[("GLOSS_CACHE_DIR", cache_dir)]);
        c.initialize(ex.path(), basic_capabilities(), json!(null));
        let uri = c.open(&draft, &text);
        let diags = c.diagnostics(&uri, Some(1));
        assert_eq!(lsp_triples(&diags), want, "round {round}");
        // The server writes its cache file after the library is in use.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::fs::read_dir(cache.path()).unwrap().next().is_none() {
            assert!(
                std::time::Instant::now() < deadline,
                "no cache file written"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        c.shutdown();
    }
    // The CLI uses the server's cache file for the same library, not a second one.
    let o = run_in(
        cache.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run_in(cache.path(), &["cache"], ex.path());
    assert!(stdout(&o).contains("1 file,"), "{}", stdout(&o));
}

/// The cache file `gloss` wrote in `cache` (there is one).
fn the_cache_file(cache: &Path) -> std::path::PathBuf {
    std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "bin"))
        .expect("a cache file")
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_in_the_cache_folder_is_never_written_through() {
    use std::os::unix::fs::PermissionsExt;
    let ex = example_copy();
    let root = tempfile::tempdir().unwrap();
    // gloss creates the cache folder, private to the user.
    let cache = root.path().join("made-by-gloss");
    cache_stats(&cache, ex.path());
    let mode = std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "cache folder mode {mode:o}");
    let bin = the_cache_file(&cache);
    std::fs::remove_file(&bin).unwrap();
    // A file the user owns, and symlinks to it at every name an attacker
    // could guess: the old `index-<hash>.tmp<pid>` for the pids the next
    // runs may get, and plausible others.
    let victim = root.path().join("precious.txt");
    std::fs::write(&victim, "the user's own words\n").unwrap();
    let stem = bin.file_stem().unwrap().to_str().unwrap().to_string();
    let next = std::process::Command::new("true").spawn().unwrap().id();
    let mut planted = 0;
    for pid in next..next + 400 {
        let link = cache.join(format!("{stem}.tmp{pid}"));
        std::os::unix::fs::symlink(&victim, link).unwrap();
        planted += 1;
    }
    for name in [
        format!("{stem}.tmp"),
        format!("{stem}.bin.tmp"),
        format!("{stem}.bin.new"),
        "index.tmp".to_string(),
    ] {
        std::os::unix::fs::symlink(&victim, cache.join(name)).unwrap();
        planted += 1;
    }
    assert!(planted > 400);
    let st = cache_stats(&cache, ex.path());
    assert_eq!(st["texts_parsed"], 4, "{st}");
    assert_eq!(st["write_error"], serde_json::Value::Null, "{st}");
    // The cache file was written anew (a file, not a link), and the user's file is untouched.
    let st = cache_stats(&cache, ex.path());
    assert_eq!(st["texts_cached"], 4, "{st}");
    assert!(!std::fs::symlink_metadata(&bin)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the user's own words\n"
    );
    // A symlink at the cache file's own name is replaced, not written through.
    std::fs::remove_file(&bin).unwrap();
    std::os::unix::fs::symlink(&victim, &bin).unwrap();
    cache_stats(&cache, ex.path());
    assert!(!std::fs::symlink_metadata(&bin)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the user's own words\n"
    );
}

#[test]
fn a_cache_file_larger_than_memory_is_not_read() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    cache_stats(cache.path(), ex.path());
    let want = json(&run_in(
        cache.path(),
        &["--no-cache", "check", "--format", "json", "review.md"],
        ex.path(),
    ));
    let bin = the_cache_file(cache.path());
    // A sparse terabyte at the cache path: its header is all zeros.
    let f = std::fs::File::create(&bin).unwrap();
    f.set_len(1 << 40).unwrap();
    drop(f);
    let o = run_in(
        cache.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o), want);
    // A real header whose length field claims the terabyte.
    cache_stats(cache.path(), ex.path());
    let good = std::fs::read(&bin).unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&bin).unwrap();
    f.set_len(1 << 40).unwrap();
    drop(f);
    let mut b = good[..gloss::cache::HEADER].to_vec();
    b[20..28].copy_from_slice(&((1u64 << 40) - gloss::cache::HEADER as u64).to_le_bytes());
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).open(&bin).unwrap();
    f.write_all(&b).unwrap();
    drop(f);
    let o = run_in(
        cache.path(),
        &["check", "--format", "json", "review.md"],
        ex.path(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o), want);
}

/// Deterministic pseudo-random numbers (xorshift), so a failure repeats.
fn rng(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn a_mutated_cache_file_never_changes_the_report() {
    let ex = example_copy();
    let cache = tempfile::tempdir().unwrap();
    cache_stats(cache.path(), ex.path());
    let want = run_in(
        cache.path(),
        &["--no-cache", "check", "--format", "json", "review.md"],
        ex.path(),
    );
    let bin = the_cache_file(cache.path());
    let good = std::fs::read(&bin).unwrap();
    let header = gloss::cache::HEADER;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut mutants: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..96 {
        let mut b = good.clone();
        let what = match i % 6 {
            // Flip bytes in the payload, with the checksum recomputed.
            0..=2 => {
                for _ in 0..=(i % 3) {
                    let at = header + (rng(&mut seed) as usize) % (b.len() - header);
                    b[at] ^= 1 << (rng(&mut seed) % 8);
                }
                gloss::cache::seal(&mut b);
                "payload bytes flipped, resealed"
            }
            // Small integers (lengths, indices) bumped, resealed.
            3 => {
                let at = header + (rng(&mut seed) as usize) % (b.len() - header);
                b[at] = b[at].wrapping_add(1 + (rng(&mut seed) % 4) as u8);
                gloss::cache::seal(&mut b);
                "a byte bumped, resealed"
            }
            // Truncated, resealed.
            4 => {
                let n = header + (rng(&mut seed) as usize) % (b.len() - header);
                b.truncate(n);
                gloss::cache::seal(&mut b);
                "truncated, resealed"
            }
            // Header bytes flipped, not resealed.
            _ => {
                let at = (rng(&mut seed) as usize) % header;
                b[at] ^= 0xff;
                "header byte flipped"
            }
        };
        mutants.push((format!("{i}: {what}"), b));
    }
    for (what, b) in mutants {
        std::fs::write(&bin, &b).unwrap();
        let o = run_in(
            cache.path(),
            &["check", "--format", "json", "review.md"],
            ex.path(),
        );
        assert!(!stderr(&o).contains("panicked"), "{what}: {}", stderr(&o));
        assert_eq!(
            o.status.code(),
            want.status.code(),
            "{what}: {}",
            stderr(&o)
        );
        assert_eq!(json(&o), json(&want), "{what}");
    }
}
