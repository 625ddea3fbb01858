//! The BibTeX/BibLaTeX reader on arbitrary text: malformed entries must become
//! warnings, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gloss::bib::parse_bibtex(Path::new("fuzz.bib"), &text);
});
