//! The figure reader (`gloss::claims::figures::extract`) on arbitrary text:
//! numbers, percentages, ranges and units in any shape must never make it
//! panic, and every figure it reads must compare with itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let figures = gloss::claims::figures::extract(&text);
    for f in &figures {
        let _ = gloss::claims::figures::comparable(f, f);
    }
});
