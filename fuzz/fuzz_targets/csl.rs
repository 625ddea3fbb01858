//! The CSL-JSON and CSL-YAML readers on arbitrary text: malformed input must
//! become warnings, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gloss::bib::parse_csl_json(Path::new("fuzz.json"), &text);
    let _ = gloss::bib::parse_csl_yaml(Path::new("fuzz.yaml"), &text);
});
