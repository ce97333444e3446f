//! The crate's one error type.

use std::path::PathBuf;

/// Why a rulebook could not be loaded. Every message names the file, and the line where one applies.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The rulebook directory or a file in it could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A rulebook is malformed: TOML syntax, an unknown key, an unknown metric, a bad operator, a
    /// missing article, a duplicate rule id, ….
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The rulebook's file name (`tech-base-platform.toml`) or path.
        file: String,
        /// 1-based line in that file.
        line: usize,
        /// What is wrong, naming the rule id where known.
        message: String,
    },
    /// A rulebook names a regulation text that is not in the regulations folder.
    #[error("{file}: regulation `{regulation}` not found in {dir}")]
    MissingRegulation {
        /// The rulebook's file name or path.
        file: String,
        /// The file name its `regulation` key gives.
        regulation: String,
        /// Where it was looked for (`pipelines/regulations`, or `(built-in)`).
        dir: PathBuf,
    },
    /// The directory holds no `*.toml` rulebook.
    #[error("{0}: no rulebook (*.toml) found")]
    Empty(PathBuf),
}
