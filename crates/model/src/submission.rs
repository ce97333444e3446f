//! One submission's line in `OUT/submissions.jsonl`.

use serde::{Deserialize, Serialize};

/// Promotion-center level (附2 认定标准).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 国家级.
    National,
    /// 省级.
    Provincial,
}

/// Promotion-center variant (附2 认定标准): 综合类, 行业类, and the four 功能类 sub-kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// 综合类.
    Comprehensive,
    /// 行业类.
    Industry,
    /// 功能类 · 技术创新.
    Tech,
    /// 功能类 · 产业孵化.
    Incubation,
    /// 功能类 · 人才培育.
    Talent,
    /// 功能类 · 中小企业服务.
    Sme,
}

impl Level {
    /// 国家级 / 省级, as 附2 names the levels.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Level::National => "国家级",
            Level::Provincial => "省级",
        }
    }
}

impl Variant {
    /// The variant as 附2 names it: 综合类, 行业类, 功能类·技术创新, 功能类·产业孵化,
    /// 功能类·人才培育, 功能类·中小企业服务.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Variant::Comprehensive => "综合类",
            Variant::Industry => "行业类",
            Variant::Tech => "功能类·技术创新",
            Variant::Incubation => "功能类·产业孵化",
            Variant::Talent => "功能类·人才培育",
            Variant::Sme => "功能类·中小企业服务",
        }
    }
}

/// The verdict on a submission: `fail` if a hard rule fails, `review` if only soft rules or
/// warn-level integrity findings remain, `pass` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every checked condition holds.
    Pass,
    /// Something needs a person's look (soft rules, warnings).
    Review,
    /// A hard condition is unmet.
    Fail,
}

/// One line of `OUT/submissions.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionRecord {
    /// The submission folder's name.
    pub submission: String,
    /// The detected (or `--overrides`-declared) regime id, or `None` when it cannot be told.
    pub regime: Option<String>,
    /// Promotion-center level, else `None`.
    pub level: Option<Level>,
    /// Promotion-center variant, else `None`.
    pub variant: Option<Variant>,
    /// The applicant's name as read (`org.name`).
    pub org_name: Option<String>,
    /// The applicant's 统一社会信用代码 (`org.credit_code`).
    pub credit_code: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The rule ids that decided the verdict (the failing hard rules, or the soft ones to review).
    #[serde(default)]
    pub decided_by: Vec<String>,
    /// Every file under the submission folder, none left out, sorted by path.
    pub documents: Vec<DocRecord>,
    /// Notes for the officer: documents not in Chinese, how the regime was told, ….
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One file of a submission as `submissions.jsonl` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    /// Path relative to the submission folder, `/`-separated.
    pub document: String,
    /// `pdf`, `docx`, `txt` or `unknown`.
    pub format: String,
    /// PDF page count; `None` for page-less formats and unread files.
    pub pages: Option<u32>,
    /// Dominant language (ISO 639-1), if read.
    pub language: Option<String>,
    /// `ok`, `unreadable` or `skipped`.
    pub status: DocStatus,
    /// Why a document is unreadable or skipped; `None` when ok.
    pub reason: Option<String>,
    /// Size in bytes.
    #[serde(default)]
    pub bytes: u64,
    /// Pages (PDF) or pasted images (DOCX) whose text was read by OCR; 0 when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ocr_pages: u32,
    /// The OCR engine's mean confidence over those pages' characters, 0–100, rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<u8>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Whether a document was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Read.
    Ok,
    /// Could not be read; `reason` says why.
    Unreadable,
    /// Deliberately not read (hidden files, office litter); `reason` says why.
    Skipped,
}
