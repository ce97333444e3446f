//! The crate's one error type.

use thiserror::Error;

/// What can go wrong in intake-facts. Identifier errors explain why a code fails its check, so the
/// reason can go on the fact's `note` and into the integrity stage's finding.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Error {
    /// A 统一社会信用代码 that breaks GB 32100-2015 (shape, region, organisation code, check).
    #[error("统一社会信用代码 {code}: {reason}")]
    CreditCode {
        /// The code as read.
        code: String,
        /// Which part fails, in words.
        reason: String,
    },
    /// A 公民身份号码 that breaks GB 11643-1999 (shape, date, MOD 11-2 check).
    #[error("公民身份号码 {id}: {reason}")]
    IdNumber {
        /// The number as read.
        id: String,
        /// Which part fails, in words.
        reason: String,
    },
    /// The embedded lexicon (`pipelines/lexicon/<file>`) does not parse or names an unknown metric.
    #[error("lexicon pipelines/lexicon/{file}: {message}")]
    Lexicon {
        /// The lexicon file.
        file: String,
        /// What is wrong and where.
        message: String,
    },
}
