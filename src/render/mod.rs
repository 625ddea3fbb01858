//! Output for the command line: human (rustc/ruff style), JSON and SARIF.
//! Renderers only format engine results; they decide nothing.

pub mod human;
pub mod json;
pub mod sarif;

use gloss::diag::Diagnostic;

/// One checked file as the renderers see it.
pub struct FileReport<'a> {
    /// The path as the user gave it.
    pub path: String,
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
}
