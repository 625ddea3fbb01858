//! The corpus: a folder of full texts and bibliographies.

pub mod text;
