//! Every integration test in one binary: one link instead of one per file,
//! which is most of the rebuild after an engine edit (BENCHMARKS.md, "Build
//! and edit-and-retest times"). Each file stays as it was written (its own
//! `mod common;`, found beside it through the `#[path]`); a test is named
//! by its file: `cargo test --test all lsp::`, `cargo test --test all
//! robustness::`.

// Each file keeps its own `mod common;`, as when it was a binary of its
// own, so the files are unchanged by the merge; the helpers are compiled
// once per file that uses them.
#![allow(clippy::duplicate_mod)]

#[path = "../accuracy.rs"]
mod accuracy;
#[path = "../author_year.rs"]
mod author_year;
#[path = "../cache.rs"]
mod cache;
#[path = "../claims.rs"]
mod claims;
#[path = "../cli.rs"]
mod cli;
#[path = "../entities.rs"]
mod entities;
#[path = "../example.rs"]
mod example;
#[path = "../hooks.rs"]
mod hooks;
#[path = "../hostile.rs"]
mod hostile;
#[path = "../ide.rs"]
mod ide;
#[path = "../lsp.rs"]
mod lsp;
#[path = "../lsp_edits.rs"]
mod lsp_edits;
#[path = "../lsp_features.rs"]
mod lsp_features;
#[path = "../lsp_frames.rs"]
mod lsp_frames;
#[path = "../lsp_requests.rs"]
mod lsp_requests;
#[path = "../lsp_soak.rs"]
mod lsp_soak;
#[path = "../model.rs"]
mod model;
#[path = "../nvim.rs"]
mod nvim;
#[path = "../pairing.rs"]
mod pairing;
#[path = "../pandoc_diff.rs"]
mod pandoc_diff;
#[path = "../pandoc_forms.rs"]
mod pandoc_forms;
#[path = "../pdf.rs"]
mod pdf;
#[path = "../projects.rs"]
mod projects;
#[path = "../robustness.rs"]
mod robustness;
#[path = "../sentence_starts.rs"]
mod sentence_starts;
#[path = "../shared_data.rs"]
mod shared_data;
#[path = "../skips.rs"]
mod skips;

#[path = "../trust.rs"]
mod trust;
#[path = "../zotero.rs"]
mod zotero;
