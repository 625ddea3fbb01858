//! gloss: the engine. Parsing, corpus, bibliography, resolution and checking;
//! no LSP or terminal code here (see ARCHITECTURE.md).

pub mod bib;
pub mod corpus;
pub mod sentence;
pub mod syntax;
pub mod text;
pub mod warn;
pub mod diag;
pub mod resolve;
pub mod config;
pub mod check;
pub mod render;
pub mod session;
