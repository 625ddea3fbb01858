//! The corpus: a folder of full texts and bibliographies.

pub mod normalize;
pub mod refs;
pub mod text;
