//! Figures read by OCR from a scan are weaker evidence than figures the applicant typed: a
//! contradiction or a broken check character that rests on OCR text alone is a warning that
//! says so, and an OCR misreading of the typed credit code is not a second code.

mod common;

use common::*;
use intake_integrity::{SubmissionInput, check_submission};
use intake_model::{Fact, Finding, FindingKind, ReadMethod, Regime, Severity};

fn run(facts: &[Fact]) -> Vec<Finding> {
    check_submission(&SubmissionInput {
        submission: "sub-1",
        regime: Some(Regime::new("tech-base-platform")),
        documents: Vec::new(),
        facts,
        thresholds: common::thresholds(),
    })
}

/// The same fact, read by OCR from a scan.
fn ocr(mut f: Fact) -> Fact {
    f.method = ReadMethod::Ocr;
    f.note = Some("OCR 识别，置信度 81".into());
    f
}

fn of_kind(found: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    found.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn a_figure_only_the_scan_contradicts_is_a_warning() {
    let facts = vec![
        num(
            "staff.masters_or_mid_title",
            "44",
            "申报书.docx",
            "硕士或中级职称以上人员44人",
        ),
        num(
            "staff.masters_or_mid_title",
            "44",
            "人员表.docx",
            "硕士及中级职称以上 44 人",
        ),
        ocr(num(
            "staff.masters_or_mid_title",
            "41",
            "运行情况表扫描件.pdf",
            "硕士或中级职称以上人员(人):41",
        )),
    ];
    let found = run(&facts);
    let f = of_kind(&found, FindingKind::InconsistentValue);
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].severity, Severity::Warn);
    assert!(
        f[0].message
            .ends_with("（不一致的数值识别自扫描件，可能为 OCR 误读，请对照原件）")
    );
    assert_eq!(f[0].evidence.len(), 3);
}

#[test]
fn typed_figures_that_disagree_still_fail_beside_a_scan() {
    let facts = vec![
        num(
            "staff.masters_or_mid_title",
            "44",
            "申报书.docx",
            "硕士或中级职称以上人员44人",
        ),
        num(
            "staff.masters_or_mid_title",
            "52",
            "人员表.docx",
            "硕士及中级职称以上 52 人",
        ),
        ocr(num(
            "staff.masters_or_mid_title",
            "44",
            "运行情况表扫描件.pdf",
            "硕士或中级职称以上人员(人):44",
        )),
    ];
    let found = run(&facts);
    let f = of_kind(&found, FindingKind::InconsistentValue);
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].severity, Severity::Fail);
    assert!(!f[0].message.contains("OCR"));
}

#[test]
fn a_check_character_broken_only_in_the_scan_is_a_warning_and_not_a_second_code() {
    // 91350100M000100Y43 is valid (GB 32100); the scan read its 4 as A.
    let facts = vec![
        text(
            "org.credit_code",
            "91350100M000100Y43",
            "申报书.docx",
            "统一社会信用代码：91350100M000100Y43",
        ),
        ocr(text(
            "org.credit_code",
            "91350100M000100YA3",
            "营业执照扫描件.pdf",
            "统一社会信用代码:91350100M000100YA3",
        )),
    ];
    let found = run(&facts);
    let ids = of_kind(&found, FindingKind::InvalidIdentifier);
    assert_eq!(ids.len(), 1, "{found:#?}");
    assert_eq!(ids[0].severity, Severity::Warn);
    assert!(
        ids[0].message.contains("可能为 OCR 误读"),
        "{}",
        ids[0].message
    );
    assert!(ids[0].message.contains("91350100M000100YA3"));
}

#[test]
fn a_valid_but_different_code_on_the_licence_is_a_second_code() {
    // The licence scan holds another valid code: another organisation's licence.
    let facts = vec![
        text(
            "org.credit_code",
            "91350100M000100Y43",
            "申报书.docx",
            "统一社会信用代码：91350100M000100Y43",
        ),
        ocr(text(
            "org.credit_code",
            "91320106943860663H",
            "营业执照扫描件.pdf",
            "统一社会信用代码:91320106943860663H",
        )),
    ];
    let found = run(&facts);
    let ids = of_kind(&found, FindingKind::InvalidIdentifier);
    assert_eq!(ids.len(), 1, "{found:#?}");
    assert_eq!(ids[0].severity, Severity::Warn);
    assert!(
        ids[0]
            .message
            .starts_with("同一申报单位出现 2 个不同的统一社会信用代码")
    );
}

#[test]
fn a_typed_code_that_fails_its_check_still_fails() {
    let facts = vec![text(
        "org.credit_code",
        "91350100M000100Y44",
        "申报书.docx",
        "统一社会信用代码：91350100M000100Y44",
    )];
    let found = run(&facts);
    let ids = of_kind(&found, FindingKind::InvalidIdentifier);
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].severity, Severity::Fail);
}
