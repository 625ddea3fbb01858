//! gloss: the engine. Parsing, corpus, bibliography, resolution and checking;
//! no LSP or terminal code here (see ARCHITECTURE.md).

pub mod bib;
pub mod cache;
pub mod calendar;
pub mod check;
pub mod claims;
pub mod config;
pub mod corpus;
pub mod diag;
pub mod embed;
pub mod entities;
pub mod ide;
pub mod project;
pub mod resolve;
pub mod sentence;
pub mod session;
pub mod stopwords;
pub mod syntax;
pub mod text;
pub mod timing;
pub mod warn;
pub mod workspace;
pub mod zotero;

/// `skip`, `required`, `this_test` for the unit tests: the integration
/// tests' helper (`tests/common`), one file for both.
#[cfg(test)]
#[path = "../../../tests/common/skip_log.rs"]
pub(crate) mod test_skip;
