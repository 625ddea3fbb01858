//! The cache file decoder on arbitrary bytes (a header's section lengths,
//! then postcard sections): a damaged or crafted file must be an error,
//! never a panic, an allocation beyond its size, or an index left pointing
//! outside what it is followed into.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = gloss::cache::decode_for_fuzzing(data);
});
