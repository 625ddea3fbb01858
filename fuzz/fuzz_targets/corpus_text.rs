//! The corpus normaliser on arbitrary text: `gloss::corpus::text::parse_text`
//! (a full text as read from the corpus folder) and
//! `gloss::corpus::normalize::normalize_str` (a standalone snippet). Neither
//! may panic, and each sentence's offset map must be what its doc comment
//! says: sorted, pointing inside the sentence and inside the source.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (doc, _warnings) = gloss::corpus::text::parse_text(Path::new("fuzz.txt"), &text);
    for s in &doc.sentences {
        let mut prev = 0u32;
        for &(n, src) in &s.map {
            assert!(
                n as usize <= s.text.len() && src as usize <= text.len(),
                "map checkpoint {:?} outside sentence ({} bytes) or source ({} bytes)",
                (n, src),
                s.text.len(),
                text.len()
            );
            // `source_offset` binary-searches on the sentence offsets.
            assert!(
                n >= prev,
                "map not sorted: sentence offset {n} after {prev}"
            );
            prev = n;
        }
    }
    let _ = gloss::corpus::normalize::normalize_str(&text);
});
