//! Warnings about input: a file and, where known, the line. Loading never
//! stops at bad input; it records a warning and goes on.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<u32>,
    pub message: String,
}

impl Warning {
    pub fn new(path: impl Into<PathBuf>, line: Option<u32>, message: impl Into<String>) -> Self {
        Warning {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}
