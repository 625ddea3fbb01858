//! Building the entity catalogue of ../shared/corpus, and scanning a draft
//! for mentions. Run with `cargo bench --bench entities` (release build) with
//! `../shared` beside the repository; prints the median and p95.

use std::path::Path;
use std::time::Instant;

use gloss::corpus::Library;
use gloss::entities::{Entities, Glossary};

fn pct(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if !shared.is_dir() {
        eprintln!("entities: ../shared not found; nothing to measure");
        return;
    }
    let lib = Library::load(Some(&shared.join("corpus")), &[]);
    let glossary = Glossary::default();
    let mut build: Vec<f64> = Vec::new();
    let mut ents = Entities::default();
    for _ in 0..20 {
        let t = Instant::now();
        ents = Entities::build(&lib, &glossary);
        build.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // A 300-sentence draft: body sentences of the corpus, joined.
    let draft: String = lib
        .works
        .iter()
        .filter_map(|w| w.doc.as_ref())
        .flat_map(|d| d.sentences.iter().map(|s| s.text.as_str()))
        .take(300)
        .collect::<Vec<_>>()
        .join(" ");
    let mut scan: Vec<f64> = Vec::new();
    let mut found = 0;
    for _ in 0..200 {
        let t = Instant::now();
        found = ents.mentions_in(&draft).len();
        scan.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "entities: build {} entities from {} works: median {:.1} ms, p95 {:.1} ms",
        ents.list.len(),
        lib.works.len(),
        pct(&mut build, 0.5),
        pct(&mut build, 0.95)
    );
    println!(
        "entities: mentions_in a 300-sentence draft ({} bytes, {found} mentions): median {:.3} ms, p95 {:.3} ms",
        draft.len(),
        pct(&mut scan, 0.5),
        pct(&mut scan, 0.95)
    );
}
