//! The tree-sitter language for review drafts, compiled from `grammar/src`
//! by `build.rs`.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_gloss() -> *const ();
}

/// The raw language function, for crates that want a `LanguageFn`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_gloss) };

/// The gloss draft grammar as a tree-sitter language.
pub fn language() -> tree_sitter::Language {
    LANGUAGE.into()
}

/// The grammar's node types (`grammar/src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../../../grammar/src/node-types.json");

/// The highlight query shipped with the grammar.
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../../../grammar/queries/highlights.scm");
