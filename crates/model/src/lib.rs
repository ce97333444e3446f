//! The plain data types every intake stage shares, and nothing else.
//!
//! The pipeline is `extract → facts → rules / integrity → index / report`; each stage crate depends
//! on this one and on no other stage. Everything here is serde data: a [`Document`] (what was read
//! from one file), a [`Fact`] (one figure or identifier read from it, with its evidence), a
//! [`Finding`] (one problem, with its rule, article and evidence), and a [`SubmissionRecord`] (one
//! line of `OUT/submissions.jsonl`). Field names and meanings follow
//! `shared/spec/output-contract.md`; extra fields are additions, never renames.

#![deny(missing_docs)]

mod date;
pub mod display;
mod document;
mod fact;
mod figure;
mod finding;
mod metrics;
mod regime;
mod submission;

pub use date::{Date, NotADate, chinese_digit};
pub use document::{Block, BlockKind, DocMeta, Document, Format, Page};
pub use fact::{Fact, Period, ReadMethod, Value};
pub use figure::{figure, grouped, metric_figure};
pub use finding::{Evidence, Finding, FindingKind, Severity};
pub use metrics::{MetricDef, MetricType, key, metric, metric_name, metrics};
pub use regime::{MetricThresholds, Regime, RegimeDef, Regimes, Thresholds};
pub use submission::{DocRecord, DocStatus, Level, SubmissionRecord, Variant, Verdict};

/// Re-exported so every stage names the same decimal type for exact figures.
pub use rust_decimal::Decimal;
