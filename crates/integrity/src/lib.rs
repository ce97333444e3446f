//! Integrity checks: what a careful reader finds wrong in the materials, every flag with its
//! evidence.
//!
//! Every regulation punishes false materials (实验室 第二十四条(三), 实训基地 第二十四条(三),
//! 促进中心 附1 第十五条(一), 服务平台 第十九条(二), 质量标准实验室 第二十五条). This crate looks
//! for the signs a machine can check, in two stages:
//!
//! - [`check_submission`], within one submission (its facts and documents):
//!   `inconsistent_value`, `arithmetic_mismatch`, `invalid_identifier`, `date_implausible`,
//!   `metadata_anomaly`, `suspicious_pattern`. (The director's age and working time,
//!   实验室/实训基地 第十四条/第十五条, are rulebook rules: intake-rules evaluates them.)
//! - [`BatchChecker`], across the batch and an [`Archive`] of earlier batches: `duplicate_text`
//!   (winnowing fingerprints guaranteeing that any run of [`dup::GUARANTEE`] = 13 normalised
//!   characters shared within one block — paragraph, line, table cell, form value — is found,
//!   exact alignment, boilerplate excluded by how many applicants carry it and by reference
//!   text such as the regulations), `eligibility`, shared DOCX rsidRoot and foreign author
//!   accounts (`metadata_anomaly`), one credit code for two names (`invalid_identifier`), the
//!   same applicant twice in the batch (`eligibility`, `integrity.same_applicant`, warn).
//!
//! Severity follows the output contract — a `fail` rests on evidence quoted in the finding:
//! figures that contradict each other (`inconsistent_value`), parts that do not add up to their
//! stated total (`arithmetic_mismatch`), a check character that does not verify or a 身份证号 that
//! contradicts the stated birth date (`invalid_identifier`), a founding date that makes a stated
//! figure impossible (`date_implausible`), and substantial copying (`duplicate_text`) are `fail`;
//! what only suggests a problem (document metadata, two credit codes, patterns, a passage or two
//! in common) is `warn`.
//!
//! Integrity findings (rules `integrity.*`) carry `regime: null`: they hold under every regime.
//! Regime rules (`itb.one-per-cycle`, `tbp.debarred`, `tbp.branch`) carry their regime and article. Output order is deterministic: findings
//! sorted by submission, kind, rule, metric, message.
//!
//! A pipeline uses it so: `check_submission` per submission; a [`BatchChecker`] made
//! [`with_archive`](BatchChecker::with_archive) (the [`Archive::load`]ed and
//! [`merge`](Archive::merge)d `--archive` folders), given the five regulations with
//! [`add_reference_text`](BatchChecker::add_reference_text), fed every submission with
//! [`add`](BatchChecker::add); then [`finish`](BatchChecker::finish), and
//! [`save_archive`](BatchChecker::save_archive)`(label, OUT)`. The checker keeps a few kilobytes
//! per submission in memory; page texts and fingerprints wait on disk (see [`BatchChecker`]).
//!
//! ```
//! use intake_integrity::{BatchChecker, SubmissionInput, check_submission};
//! use intake_model::{Document, Page, Block, Regime};
//!
//! let doc = Document {
//!     pages: vec![Page { number: None, blocks: vec![Block::paragraph("本平台面向长三角地区的中小企业提供计量校准和检验检测一站式服务，建有电磁兼容、环境可靠性和功率器件失效分析三个专业实验室，年均出具检测报告四千余份，累计服务企业一千二百余家。")], language: None, has_text_layer: true, unmapped_glyphs: 0 }],
//!     ..Document::default()
//! };
//! let mut batch = BatchChecker::new();
//! for id in ["sub-1", "sub-2"] {
//!     let input = SubmissionInput { submission: id, regime: Some(Regime::new("tech-base-platform")), documents: vec![("申报书.docx", &doc)], facts: &[], thresholds: &Default::default() };
//!     assert!(check_submission(&input).is_empty());
//!     batch.add(input);
//! }
//! let found = batch.finish()?;
//! // An 80-character passage copied whole: each submission is told about the other.
//! assert_eq!(found.len(), 2);
//! assert_eq!(found[0].kind.as_str(), "duplicate_text");
//! # Ok::<(), intake_integrity::IntegrityError>(())
//! ```

#![deny(missing_docs)]

mod archive;
mod arithmetic;
mod batch;
mod common;
mod consistency;
mod cross;
mod dates;
pub mod dup;
mod eligibility;
mod error;
mod identifiers;
mod metadata;
mod patterns;
mod tables;
mod twice;

pub use archive::{
    ARCHIVE_FILE, ARCHIVE_VERSION, Archive, ArchivedDocument, ArchivedPage, ArchivedSubmission,
    Stated, UnitRecord,
};
pub use batch::{BatchChecker, DocSignature, PreparedSubmission, default_boilerplate_min};
pub use eligibility::{CYCLE_MONTHS, DEBARMENT_MONTHS};
pub use error::IntegrityError;
pub use identifiers::{credit_check_char, credit_code_valid, id_number_valid};
pub use patterns::{BENFORD_MIN_N, BENFORD_NONCONFORMITY, BUNCHING_MIN, benford_mad};

use intake_model::{Document, Fact, Finding, Regime, Thresholds};

/// One submission as the integrity stage reads it.
#[derive(Debug, Clone)]
pub struct SubmissionInput<'a> {
    /// The submission folder's name.
    pub submission: &'a str,
    /// The regime applied for, if known (decides the regime-specific soft checks and thresholds).
    pub regime: Option<Regime>,
    /// Every read document: (path relative to the submission folder, `/`-separated; document).
    pub documents: Vec<(&'a str, &'a Document)>,
    /// Every fact the facts stage read from those documents.
    pub facts: &'a [Fact],
    /// The rulebooks' thresholds figures may be bunched on (`suspicious_pattern`), filled by the
    /// pipeline from the loaded rulebooks (`intake_rules::Rulebooks::bunching_thresholds`).
    pub thresholds: &'a Thresholds,
}

/// Every within-submission integrity finding, sorted (kind, rule, metric, message).
///
/// - `inconsistent_value`: one metric, one period, different values (percent ±0.5; money, counts
///   and all else exact; approximate statements never conflict; an annual report's figures
///   belong to its `report.year`, undated application figures to the application year).
/// - `arithmetic_mismatch`: percentage vs its counts, parts above their total, service revenue
///   above total revenue, and any table whose 合计 row or column is not the sum of its parts
///   (integers exact; decimals within half a unit of the last place per part).
/// - `invalid_identifier`: check characters (GB 32100-2015, GB 11643-1999), two credit codes,
///   a stated age the birth date contradicts (by more than one year).
/// - `date_implausible`: founded after the application or too late for the claimed service
///   years, 近N年 figures from outside the window, attachments dated after the application,
///   annual reports of a year not yet over.
/// - `metadata_anomaly`: created/modified after the application date (incremental updates
///   named), Info against XMP dates and producers.
/// - `suspicious_pattern`: [`BUNCHING_MIN`] or more figures exactly on their regime thresholds;
///   a table of at least [`BENFORD_MIN_N`] amounts whose first-digit MAD exceeds
///   [`BENFORD_NONCONFORMITY`].
pub fn check_submission(input: &SubmissionInput) -> Vec<Finding> {
    let ctx = common::Ctx::new(input);
    let mut out = Vec::new();
    out.extend(consistency::check(&ctx));
    out.extend(arithmetic::check(&ctx));
    out.extend(tables::check(&ctx));
    out.extend(identifiers::check(&ctx));
    out.extend(dates::check(&ctx));
    out.extend(metadata::check(&ctx));
    out.extend(patterns::check(&ctx));
    batch::sort_findings(&mut out);
    out
}
