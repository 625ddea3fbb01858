//! Second-hand claims: the cited work credits the claim to another author.

use std::ops::Range;

use super::index::Index;
use super::matching::Passage;
use crate::corpus::Library;
use crate::diag::Finding;

pub fn second_hand(
    lib: &Library,
    index: &Index,
    p: Passage,
    anchor: Range<usize>,
    cited: &[String],
) -> Option<Finding> {
    let _ = (lib, index, p, anchor, cited);
    None
}
