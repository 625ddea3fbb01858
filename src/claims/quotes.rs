//! Quotations: is the quoted text in the work it is attributed to?

use std::ops::Range;

use crate::corpus::{Library, Work};
use crate::diag::Finding;

pub fn check(text: &str, range: Range<usize>, cited: &[&Work], lib: &Library) -> Option<Finding> {
    let _ = (text, range, cited, lib);
    None
}
