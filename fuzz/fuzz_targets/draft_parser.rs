//! The draft parser (`gloss::syntax::parse`) and the sentence splitter
//! (`gloss::sentence::split`) on arbitrary text: neither may panic, and every
//! sentence range must slice the text (in bounds, on char boundaries, in order).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = gloss::syntax::parse(&text);

    let mut end = 0usize;
    for r in gloss::sentence::split(&text) {
        assert!(r.start <= r.end, "sentence range {r:?} is reversed");
        assert!(
            r.start >= end,
            "sentence range {r:?} overlaps the previous one (ended at {end})"
        );
        assert!(
            text.get(r.clone()).is_some(),
            "sentence range {r:?} does not slice the text"
        );
        end = r.end;
    }
});
