//! The corpus walk on a folder tree the input describes: folders, files,
//! ignore files and symbolic links (to a folder above, beside or below, to
//! itself, or out of the corpus). The walk must end, list each real file at
//! most once, and never list a file outside the corpus or a hidden one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(tmp) = tempfile::tempdir() else { return };
    let outside = tmp.path().join("outside");
    let corpus = tmp.path().join("corpus");
    if std::fs::create_dir(&outside).is_err() || std::fs::create_dir(&corpus).is_err() {
        return;
    }
    let _ = std::fs::write(outside.join("secret.txt"), "outside");
    // Every folder made so far; each op byte picks one of them by index.
    let mut dirs: Vec<PathBuf> = vec![corpus.clone()];
    for (n, op) in data.chunks(2).take(64).enumerate() {
        let (kind, pick) = (op[0] % 8, *op.get(1).unwrap_or(&0) as usize);
        let at = dirs[pick % dirs.len()].clone();
        let other = dirs[(pick / 7) % dirs.len()].clone();
        let name = at.join(format!("e{n}"));
        match kind {
            0 | 1 => {
                if std::fs::create_dir(&name).is_ok() {
                    dirs.push(name);
                }
            }
            2 => drop(std::fs::write(
                name.with_extension("txt"),
                "A sentence. Another one.",
            )),
            3 => drop(std::fs::write(at.join(".glossignore"), "e1*\n")),
            4 => drop(std::fs::write(at.join(".hidden.txt"), "hidden")),
            #[cfg(unix)]
            5 => drop(std::os::unix::fs::symlink(&other, &name)),
            #[cfg(unix)]
            6 => drop(std::os::unix::fs::symlink(&outside, &name)),
            #[cfg(unix)]
            _ => drop(std::os::unix::fs::symlink(&name, &name)),
            #[cfg(not(unix))]
            _ => {}
        }
    }
    let (files, _warnings) = gloss::corpus::walk_files(&corpus, &gloss::config::Reach::default());
    let root = std::fs::canonicalize(&corpus).unwrap();
    let mut real = HashSet::new();
    for f in &files {
        let c = std::fs::canonicalize(f).expect("a listed file exists");
        assert!(c.starts_with(&root), "outside the corpus: {f:?}");
        assert!(real.insert(c.clone()), "listed twice: {f:?}");
        let hidden = c
            .strip_prefix(&root)
            .unwrap()
            .components()
            .any(|p| p.as_os_str().to_string_lossy().starts_with('.'));
        assert!(!hidden, "hidden: {f:?}");
    }
});
