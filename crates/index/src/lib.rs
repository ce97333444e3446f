//! Chinese full-text search over intake's documents: a tantivy index with a jieba analyzer, a
//! search with filters and highlighted snippets, and an export to OpenSearch.
//!
//! One index entry is a PDF page, or a group of consecutive blocks of a DOCX/TXT document; each
//! carries its submission's regime, level, variant, org_name, credit_code, year, verdict, finding
//! kinds and numeric facts (see the `schema` module's field list). Text is indexed twice: by
//! words (jieba search mode after width and traditional→simplified folding, positions counting
//! words so phrase queries work) and by character bigrams (so any substring of two or more
//! characters is found even where jieba cut elsewhere, e.g. `简单` inside `安装简单`).
//!
//! ```no_run
//! use intake_index::{Query, search};
//! let hits = search(
//!     std::path::Path::new("OUT"),
//!     &Query { text: "公共服务".into(), where_: vec!["staff.total>=50".into()], limit: 10, ..Default::default() },
//! )?;
//! for hit in hits {
//!     println!("{} {} {:?} {}", hit.submission, hit.document, hit.page, hit.marked("【", "】"));
//! }
//! # Ok::<(), intake_index::IndexError>(())
//! ```
//!
//! Fields a query may name (`field:value`): `batch`, `submission`, `document`, `page`, `block`,
//! `regime`, `level`, `variant`, `org_name` (analyzed), `credit_code`, `year`, `verdict`, `kind`
//! (finding kinds), `content` (words), `content_bigram`, and `facts.<metric>` — written simply
//! `<metric>` (`staff.total:[50 TO *]`) — with f64 values in the metric's canonical unit (CNY
//! yuan, m², persons, percent 0–100). Stop words are not removed: 的 and 及 matter in phrases.
//!
//! An archive grows batch by batch: [`write_index`] appends to an existing index (re-writing a
//! batch id replaces that batch only), and [`search`] spans every batch in it.

#![deny(missing_docs)]

mod ahead;
mod analyzer;
mod docs;
mod entries;
mod error;
mod export;
mod fold;
mod hit;
mod restamp;
mod schema;
mod search;
mod syntax;
mod write;

pub use analyzer::{
    AnalyzedToken, BIGRAM_TOKENIZER, BigramTokenizer, VecTokenStream, ZH_TOKENIZER, ZhTokenizer,
    analyze, analyze_bigrams, analyze_query, bigram_analyzer, register_index_analyzers,
    zh_index_analyzer, zh_query_analyzer,
};
pub use entries::{CHUNK_BLOCKS, CHUNK_CHARS, PreparedDoc};
pub use error::IndexError;
pub use export::{OPENSEARCH_INDEX, export_opensearch, opensearch_mapping};
pub use fold::Folding;
pub use hit::Hit;
pub use restamp::Committed;
pub use search::{Page, Query, SearchIndex, search, search_page};
pub use syntax::{MAX_QUERY_DEPTH, MAX_QUERY_GROUPS};
pub use write::{
    BatchWriter, IndexDoc, IndexStats, WRITER_HEAP_BYTES, resolve_index_dir, write_index,
};
