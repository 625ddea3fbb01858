//! The corpus: a folder of full texts and bibliographies.

pub mod text;
pub mod normalize;
pub mod refs;
