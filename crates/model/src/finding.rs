//! One problem found in a submission, with the rule it breaks and the evidence for it.

use serde::{Deserialize, Serialize};

/// A line of `OUT/findings.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The submission folder's name.
    pub submission: String,
    /// The regime the rule belongs to (`tech-base-platform`, …), or `None` (JSON null).
    pub regime: Option<String>,
    /// The rule id: a rulebook id such as `tbp.staff`, or an integrity rule such as
    /// `integrity.inconsistent_value`.
    pub rule: String,
    /// What kind of finding this is.
    pub kind: FindingKind,
    /// How serious: `fail` (a hard condition unmet), `warn`, `info`.
    pub severity: Severity,
    /// The metric concerned (a `metrics.tsv` key), or `None`.
    pub metric: Option<String>,
    /// A Chinese message a reviewer can act on, naming the values and the article.
    pub message: String,
    /// Every place supporting the finding. Empty only for `threshold_missing`.
    pub evidence: Vec<Evidence>,
    /// The article the rule implements, as the regulation numbers it (第六条(五)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

impl Finding {
    /// The one way a finding is made: a rule's finding about a submission, with its message and
    /// evidence; no regime (integrity rules hold under every regime: JSON null), no metric and no
    /// article until [`Finding::regime`], [`Finding::metric`] and [`Finding::article`] set them.
    pub fn new(
        submission: impl Into<String>,
        rule: impl Into<String>,
        kind: FindingKind,
        severity: Severity,
        message: String,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            submission: submission.into(),
            regime: None,
            rule: rule.into(),
            kind,
            severity,
            metric: None,
            message,
            evidence,
            article: None,
        }
    }

    /// The finding under a regime id (`tech-base-platform`).
    pub fn regime(mut self, regime: Option<&str>) -> Finding {
        self.regime = regime.map(str::to_string);
        self
    }

    /// The finding about a metric (a `metrics.tsv` key).
    pub fn metric(mut self, metric: Option<&str>) -> Finding {
        self.metric = metric.map(str::to_string);
        self
    }

    /// The article the rule implements (第六条(五)).
    pub fn article(mut self, article: Option<&str>) -> Finding {
        self.article = article.map(str::to_string);
        self
    }
}

/// A place in a document that supports a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Set when the evidence lies in another submission (duplicate text, eligibility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
    /// The document's path relative to its submission folder.
    pub document: String,
    /// 1-based PDF page, or `None` (JSON null) for page-less formats.
    pub page: Option<u32>,
    /// The exact sentence or span, as it stands in the document.
    pub quote: String,
}

/// The contract's finding kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A stated figure misses its threshold.
    ThresholdUnmet,
    /// A required figure is not stated anywhere.
    ThresholdMissing,
    /// The same metric for the same period stated with different values.
    InconsistentValue,
    /// Parts that do not sum, a percentage that does not match its counts.
    ArithmeticMismatch,
    /// A credit code or ID number failing its check character, or contradicting another fact.
    InvalidIdentifier,
    /// An impossible or out-of-order date.
    DateImplausible,
    /// A passage copied from another applicant.
    DuplicateText,
    /// Figures bunched at thresholds, digit patterns no ledger produces.
    SuspiciousPattern,
    /// Document metadata contradicting the document or the application.
    MetadataAnomaly,
    /// The applicant may not apply (one per cycle, debarred, branch).
    Eligibility,
    /// A document that could not be read; the reason is in the message.
    UnreadableDocument,
}

impl FindingKind {
    /// Every kind, in the contract's order.
    pub const ALL: [FindingKind; 11] = [
        FindingKind::ThresholdUnmet,
        FindingKind::ThresholdMissing,
        FindingKind::InconsistentValue,
        FindingKind::ArithmeticMismatch,
        FindingKind::InvalidIdentifier,
        FindingKind::DateImplausible,
        FindingKind::DuplicateText,
        FindingKind::SuspiciousPattern,
        FindingKind::MetadataAnomaly,
        FindingKind::Eligibility,
        FindingKind::UnreadableDocument,
    ];

    /// The contract's snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::ThresholdUnmet => "threshold_unmet",
            FindingKind::ThresholdMissing => "threshold_missing",
            FindingKind::InconsistentValue => "inconsistent_value",
            FindingKind::ArithmeticMismatch => "arithmetic_mismatch",
            FindingKind::InvalidIdentifier => "invalid_identifier",
            FindingKind::DateImplausible => "date_implausible",
            FindingKind::DuplicateText => "duplicate_text",
            FindingKind::SuspiciousPattern => "suspicious_pattern",
            FindingKind::MetadataAnomaly => "metadata_anomaly",
            FindingKind::Eligibility => "eligibility",
            FindingKind::UnreadableDocument => "unreadable_document",
        }
    }
}

/// Severity of a finding. Ordered `Info < Warn < Fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For the record.
    Info,
    /// A soft condition unmet (原则上/一般/优先), or a suspicion to look at.
    Warn,
    /// A hard condition unmet (须/应当/不少于/不低于/以上).
    Fail,
}

impl Severity {
    /// The contract's name: `info`, `warn`, `fail`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Fail => "fail",
        }
    }
}
