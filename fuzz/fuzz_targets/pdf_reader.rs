//! The PDF reader on arbitrary bytes: `gloss::corpus::pdf::extract` (the
//! text layer of every page, laid out with its page map) and then the
//! corpus normaliser on that text. No input may panic past the reader,
//! hang or exhaust memory: a PDF that cannot be read is a warning naming
//! the file. A text that is read has a consistent page map placing every
//! line on a page of the document.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libFuzzer's panic hook aborts at any panic, even one the reader
    // catches (the extractor's, turned into a warning); keep the default
    // hook so only a panic that escapes the reader ends the run.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
    });
    let path = Path::new("fuzz.pdf");
    match gloss::corpus::pdf::extract(path, data) {
        Ok((text, pages, warnings)) => {
            assert!(pages.is_consistent(), "page map inconsistent: {pages:?}");
            for (i, _) in text.lines().enumerate() {
                let at = pages.locate(i as u32 + 1).expect("every line has a page");
                assert!(at.page >= 1 && at.page <= pages.pages(), "{at:?} past {} pages", pages.pages());
            }
            assert!(warnings.iter().all(|w| w.path == path));
            let (doc, _) = gloss::corpus::text::parse_text(path, &text);
            for s in &doc.sentences {
                assert!(pages.locate(s.line).is_some());
            }
        }
        Err(w) => assert_eq!(w.path, path),
    }
});
