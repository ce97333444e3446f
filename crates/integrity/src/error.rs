//! The crate's one error type: archive files that cannot be read or written, spill files that
//! fail.

use std::path::PathBuf;

/// What can go wrong loading or saving an [`crate::Archive`], or spilling a batch to disk.
/// Messages name the file or folder.
#[derive(Debug, thiserror::Error)]
pub enum IntegrityError {
    /// The archive file could not be read or written.
    #[error("integrity archive {path}: {source}")]
    Io {
        /// The archive file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The archive file is not a valid archive (bad JSON, missing fields), at `line:column`.
    #[error("integrity archive {path}, line {line} column {column}: {message}")]
    Format {
        /// The archive file.
        path: PathBuf,
        /// 1-based line of the error in the file.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// The archive was written by a newer format version than this build reads.
    #[error("integrity archive {path}: format version {found}, this build reads up to {supported}")]
    Version {
        /// The archive file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The batch checker's spill files (page texts and fingerprints kept on disk while a batch
    /// runs) could not be created, written or read: a full disk, a missing folder.
    #[error("integrity spill files in {dir}: {source}")]
    Spill {
        /// The folder the spill files live in.
        dir: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}
