//! Build a Zotero data folder of benchmark size from a corpus and a
//! bibliography (issue 16: "a Zotero data folder of the same size" as the
//! 70,000-entry Better BibTeX export).
//!
//!     cargo run --release -p gloss-engine --example zotero_scale -- \
//!         OUT_DIR CORPUS_DIR BIB
//!
//! The library is paired as gloss pairs it (`Library::load`): every entry
//! becomes a journal article with its key in Zotero 7's citation key field,
//! and each entry paired with a text gets a stored PDF attachment whose
//! extracted text (`.zotero-ft-cache`) is a copy of that text. Used by
//! `scripts/scale/pairing.sh`; OUT_DIR must not exist yet.

use std::path::{Path, PathBuf};

use gloss::corpus::Library;
use gloss::zotero::fixture::{build_scale, ScaleItem};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, corpus, bib] = args.as_slice() else {
        eprintln!("usage: zotero_scale OUT_DIR CORPUS_DIR BIB");
        std::process::exit(2);
    };
    let out = Path::new(out);
    if out.exists() {
        eprintln!("zotero_scale: {} exists; remove it first", out.display());
        std::process::exit(2);
    }
    let lib = Library::load(Some(Path::new(corpus)), &[PathBuf::from(bib)]);
    let items: Vec<ScaleItem> = lib
        .works
        .iter()
        .filter_map(|w| {
            let e = w.entry.as_ref()?;
            Some(ScaleItem {
                key: e.key.clone(),
                title: e.title.clone().unwrap_or_default(),
                authors: e
                    .authors
                    .iter()
                    .map(|a| (a.given.clone().unwrap_or_default(), a.family.clone()))
                    .collect(),
                year: e.year,
                container: e.container.clone(),
                text: w.path.clone(),
            })
        })
        .collect();
    let texts = items.iter().filter(|i| i.text.is_some()).count();
    if let Err(e) = build_scale(out, &items) {
        eprintln!("zotero_scale: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "zotero_scale: {} items, {texts} with extracted text, in {}",
        items.len(),
        out.display()
    );
}
