//! Re-checking one paragraph against a loaded corpus, as the language
//! server will after an edit: parse the paragraph, resolve its citations and
//! check its claims. Run with `cargo bench --bench recheck` (release build)
//! with `../shared` beside the repository; prints the median and p95.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gloss::check::{check, Input};
use gloss::claims::index::Index;
use gloss::config::Config;
use gloss::corpus::Library;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !shared.is_dir() {
        eprintln!("recheck: ../shared not found; nothing to measure");
        return;
    }
    let t = Instant::now();
    let lib = Library::load(Some(&shared.join("corpus")), &[]);
    let index = Index::build(&lib);
    let load = t.elapsed();
    let draft = std::fs::read_to_string(shared.join("bench/dev/dev-01.md")).expect("dev-01.md");
    // The first paragraph of prose after the heading: four cited claims.
    let paragraph: String = draft
        .split("\n\n")
        .find(|p| p.contains("[@") && !p.starts_with('#') && !p.starts_with("---"))
        .expect("a paragraph")
        .to_string();
    let cfg = Config::default();
    let path = PathBuf::from("paragraph.md");
    let run = |text: &str| {
        let t = Instant::now();
        let parsed = gloss::syntax::parse(text);
        let d = check(
            &Input {
                text,
                draft: &parsed,
            },
            &lib,
            Some(&index),
            &cfg,
            &path,
        );
        (t.elapsed().as_secs_f64() * 1000.0, d.len())
    };
    // Every claim edited (a word added to each sentence), so none is in the
    // claims cache: the cost of judging a paragraph afresh.
    let mut fresh = Vec::new();
    let mut found = 0;
    for i in 0..300 {
        let edited = paragraph.replace(". ", &format!(" zq{i}x. "));
        let (ms, n) = run(&edited);
        fresh.push(ms);
        found = n;
    }
    // The paragraph unchanged: its claims come from the cache.
    let mut cached: Vec<f64> = (0..300).map(|_| run(&paragraph).0).collect();
    let pct = |times: &mut Vec<f64>, p: f64| {
        times.sort_by(f64::total_cmp);
        times[((times.len() - 1) as f64 * p) as usize]
    };
    println!(
        "corpus load + index: {:.1} ms; one paragraph ({} bytes, {} diagnostics), every claim edited: median {:.3} ms, p95 {:.3} ms; unchanged (claims cached): median {:.3} ms, p95 {:.3} ms",
        load.as_secs_f64() * 1000.0,
        paragraph.len(),
        found,
        pct(&mut fresh, 0.5),
        pct(&mut fresh, 0.95),
        pct(&mut cached, 0.5),
        pct(&mut cached, 0.95)
    );
}
