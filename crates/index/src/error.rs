//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong writing, searching or exporting an index. Each message names the
/// index directory, and the query, filter, document or place concerned.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index directory could not be created or read.
    #[error("index at {}: {source}", dir.display())]
    Io {
        /// The index directory.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed (corrupt segment, lock held by another writer, full disk, …).
    #[error("index at {}: {source}", dir.display())]
    Tantivy {
        /// The index directory.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: tantivy::TantivyError,
    },
    /// There is no index (no `meta.json`) in the directory searched or exported.
    #[error("no index at {} (neither it nor its index/ folder holds a meta.json)", dir.display())]
    NotFound {
        /// The directory given.
        dir: PathBuf,
    },
    /// The directory holds an index written with a different schema (another intake version).
    #[error(
        "index at {} has another schema (fields: {found}); write to a new directory or rebuild it",
        dir.display()
    )]
    SchemaMismatch {
        /// The index directory.
        dir: PathBuf,
        /// The field names found there, comma-separated.
        found: String,
    },
    /// The query text could not be parsed.
    #[error("query {query:?}: {message}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        message: String,
    },
    /// The query nests groups `( … )` or `NOT` deeper than [`crate::MAX_QUERY_DEPTH`], or holds
    /// more than [`crate::MAX_QUERY_GROUPS`] of them in all: refused before parsing, because the
    /// parser recurses once per level.
    #[error(
        "查询嵌套过深（最多 {max_depth} 层，括号与 NOT 合计最多 {max_groups} 个）(query nested too deeply: at most {max_depth} levels, {max_groups} groups in all)"
    )]
    TooDeep {
        /// The deepest nesting allowed.
        max_depth: usize,
        /// The most groups allowed in all.
        max_groups: usize,
    },
    /// A `--where` clause could not be read (expected `metric>=number`).
    #[error("filter {clause:?}: {message}")]
    Where {
        /// The clause as given.
        clause: String,
        /// What is wrong with it.
        message: String,
    },
    /// A stored entry lacks a field every entry has.
    #[error("index at {}: stored entry {doc} has no {field}", dir.display())]
    Corrupt {
        /// The index directory.
        dir: PathBuf,
        /// The entry's address (`segment/doc`).
        doc: String,
        /// The missing field.
        field: &'static str,
    },
    /// Writing the export failed.
    #[error("exporting index at {}: {source}", dir.display())]
    Export {
        /// The index directory.
        dir: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
