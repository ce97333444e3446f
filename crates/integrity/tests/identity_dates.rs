//! `invalid_identifier`, `date_implausible`, `metadata_anomaly` within one submission.

mod common;

use common::*;
use intake_integrity::{SubmissionInput, check_submission};
use intake_model::{DocMeta, Document, Evidence, Fact, Finding, FindingKind, Regime, Severity};

fn run_with(
    regime: Option<Regime>,
    documents: Vec<(&str, &Document)>,
    facts: &[Fact],
) -> Vec<Finding> {
    check_submission(&SubmissionInput {
        submission: "sub-1",
        regime,
        documents,
        facts,
        thresholds: common::thresholds(),
    })
}

fn run(facts: &[Fact]) -> Vec<Finding> {
    run_with(Some(Regime::new("tech-base-platform")), Vec::new(), facts)
}

fn ev(doc: &str, quote: &str) -> Evidence {
    Evidence {
        submission: None,
        document: doc.into(),
        page: None,
        quote: quote.into(),
    }
}

#[test]
fn credit_code_failing_its_check_character() {
    let mut bad = text(
        "org.credit_code",
        "91350100M000100Y44",
        "申报书.docx",
        "统一社会信用代码：91350100M000100Y44",
    );
    let found = run(std::slice::from_ref(&bad));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, FindingKind::InvalidIdentifier);
    // A check character that does not verify is a broken identifier, quoted: the output
    // contract's fail (the officer confirms or asks for the licence).
    assert_eq!(found[0].severity, Severity::Fail);
    assert_eq!(found[0].metric.as_deref(), Some("org.credit_code"));
    assert_eq!(
        found[0].message,
        "统一社会信用代码 91350100M000100Y44 不符合 GB 32100-2015 的校验规则（按前 17 位校验码应为 3），请核对营业执照或登记证书"
    );
    assert_eq!(
        found[0].evidence,
        vec![ev("申报书.docx", "统一社会信用代码：91350100M000100Y44")]
    );
    // The facts stage's verdict wins over the check here.
    bad.valid = Some(true);
    assert!(run(&[bad]).is_empty());
    let good = text(
        "org.credit_code",
        "91350100M000100Y43",
        "申报书.docx",
        "统一社会信用代码：91350100M000100Y43",
    );
    assert!(run(&[good]).is_empty());
}

#[test]
fn one_applicant_with_two_credit_codes() {
    let facts = vec![
        text(
            "org.credit_code",
            "91350100M000100Y43",
            "申报书.docx",
            "统一社会信用代码：91350100M000100Y43",
        ),
        text(
            "org.credit_code",
            "91110108551385082Q",
            "营业执照.pdf",
            "统一社会信用代码 91110108551385082Q",
        ),
        text(
            "org.credit_code",
            "91350100 M000100Y43",
            "承诺书.docx",
            "代码：91350100 M000100Y43",
        ),
    ];
    let found: Vec<_> = run(&facts)
        .into_iter()
        .filter(|f| f.message.starts_with("同一申报单位"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "同一申报单位出现 2 个不同的统一社会信用代码：91350100M000100Y43（申报书.docx、承诺书.docx）；91110108551385082Q（营业执照.pdf），请核实申报主体"
    );
    assert_eq!(found[0].evidence.len(), 3);
}

#[test]
fn birth_date_in_the_id_contradicts_stated_birth_and_age() {
    let facts = vec![
        app_date("2026-03-19"),
        date("director.birth_date", "1975-04", "申请书.docx", "1975年4月"),
        num("director.age", "50", "申请书.docx", "50岁"),
        date(
            "director.birth_date",
            "1968-04-12",
            "申请书.docx",
            "310115196804120535",
        ),
    ];
    let found = run(&facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::InvalidIdentifier, Severity::Fail)
    );
    assert_eq!(f.metric.as_deref(), Some("director.birth_date"));
    assert_eq!(
        f.message,
        "身份证号所载出生日期 1968-04-12（申报时 57 周岁）与填报的 1975年4月、50岁 不符，请核对负责人身份证件"
    );
    let quotes: Vec<&str> = f.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert_eq!(
        quotes,
        vec![
            "310115196804120535",
            "1975年4月",
            "50岁",
            "申报日期：2026-03-19"
        ]
    );
}

#[test]
fn consistent_director_identity_and_one_year_of_slack() {
    // 1968-04-12 is 57 at the application; 58 (虚岁) is within a year; 1968年4月 agrees.
    let facts = vec![
        app_date("2026-03-19"),
        date("director.birth_date", "1968-04", "申请书.docx", "1968年4月"),
        num("director.age", "58", "申请书.docx", "58岁"),
        date(
            "director.birth_date",
            "1968-04-12",
            "申请书.docx",
            "310115196804120535",
        ),
    ];
    assert!(run(&facts).is_empty());
    // Without an ID, a full birth date is checked against the stated age.
    let no_id = vec![
        app_date("2024-06-30"),
        date(
            "director.birth_date",
            "1962-03-01",
            "申报书.docx",
            "出生日期：1962年3月1日",
        ),
        num("director.age", "55", "申报书.docx", "年龄：55岁"),
    ];
    let found = run(&no_id);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "填报的出生日期 1962-03-01（申报时 62 周岁）与填报的 年龄：55岁 不符，请核对负责人身份证件"
    );
}

#[test]
fn id_number_with_wrong_check_character() {
    let facts = vec![date(
        "director.birth_date",
        "1949-12-31",
        "申报书.docx",
        "身份证号：110105194912310021",
    )];
    let found = run(&facts);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "负责人身份证号码 110105194912310021 不符合 GB 11643-1999 的校验规则，请核对身份证件"
    );
    let ok = vec![date(
        "director.birth_date",
        "1949-12-31",
        "申报书.docx",
        "身份证号：11010519491231002X",
    )];
    assert!(run(&ok).is_empty());
}

#[test]
fn founded_too_late_for_claimed_service_years() {
    let facts = vec![
        app_date("2024-06-30"),
        date(
            "org.founded",
            "2023-09-01",
            "营业执照.pdf",
            "成立日期 2023年09月01日",
        ),
        num(
            "service.years",
            "1",
            "申报书.docx",
            "具有1年以上产业技术基础服务经历",
        ),
    ];
    let found = run(&facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::DateImplausible);
    assert_eq!(
        found[0].message,
        "产业技术基础服务年限填报 1 年，但单位成立于 2023-09-01，到申报日期 2024-06-30 仅 0 年 9 个月"
    );
    assert_eq!(
        found[0].evidence[1],
        ev("营业执照.pdf", "成立日期 2023年09月01日")
    );
    let mut near = facts.clone();
    near[1] = date(
        "org.founded",
        "2023-06-30",
        "营业执照.pdf",
        "成立日期 2023年06月30日",
    );
    assert!(run(&near).is_empty());
}

#[test]
fn three_year_figure_counted_from_outside_the_window() {
    let facts = vec![
        app_date("2024-06-30"),
        period(
            num(
                "projects.national_or_provincial_3y",
                "6",
                "申报书.docx",
                "2019—2023年承担项目6项",
            ),
            "2019—2023年",
            Some(2019),
            Some(2023),
        ),
    ];
    let found = run(&facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "近3年承担国家级或省部级项目按近3年计，但所述期间为 2019—2023 年，超出申报日期 2024-06-30 前的近3年（2021—2024 年）"
    );
    let near = vec![
        facts[0].clone(),
        period(
            num(
                "projects.national_or_provincial_3y",
                "6",
                "申报书.docx",
                "近3年承担项目6项",
            ),
            "近3年",
            Some(2021),
            Some(2023),
        ),
    ];
    assert!(run(&near).is_empty());
}

#[test]
fn attachment_dated_after_the_application_and_report_of_an_unfinished_year() {
    let facts = vec![
        app_date("2024-03-10"),
        app_date("2024-03-10"),
        date(
            "application.date",
            "2024-04-02",
            "承诺书.docx",
            "2024年4月2日",
        ),
        num("report.year", "2024", "年度运行情况表.pdf", "2024年度"),
    ];
    let found = run(&facts);
    let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        vec![
            "承诺书.docx 落款日期为 2024-04-02，晚于申报日期 2024-03-10",
            "年度运行情况表.pdf 为 2024 年度报告，但申报日期为 2024-03-10，该年度尚未结束"
        ]
    );
    let near = vec![
        app_date("2024-03-10"),
        num("report.year", "2023", "年度运行情况表.pdf", "2023年度"),
    ];
    assert!(run(&near).is_empty());
}

fn with_meta(meta: DocMeta) -> Document {
    Document {
        meta,
        ..doc(&["申报书正文"])
    }
}

#[test]
fn document_modified_after_signing_with_incremental_updates() {
    let d = with_meta(DocMeta {
        created: Some("2024-03-01T09:00:00".into()),
        modified: Some("2024-04-20T18:30:00".into()),
        revisions: 2,
        ..DocMeta::default()
    });
    let facts = vec![app_date("2024-03-10")];
    let found = run_with(None, vec![("申报书.pdf", &d)], &facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::MetadataAnomaly);
    assert_eq!(
        found[0].message,
        "申报书.pdf 的修改时间 2024-04-20T18:30:00 晚于申报日期 2024-03-10，文件含 2 次增量更新（签署后追加的修改），请核实申报后是否改动过内容"
    );
    assert_eq!(
        found[0].evidence,
        vec![
            ev("申报书.pdf", "modified: 2024-04-20T18:30:00"),
            ev("申报书.docx", "申报日期：2024-03-10"),
            ev("申报书.pdf", "incremental updates: 2"),
        ]
    );
    // Modified on the day of signing: fine.
    let same_day = with_meta(DocMeta {
        modified: Some("2024-03-10T23:00:00".into()),
        ..DocMeta::default()
    });
    assert!(run_with(None, vec![("申报书.pdf", &same_day)], &facts).is_empty());
}

#[test]
fn info_and_xmp_disagree() {
    let d = with_meta(DocMeta {
        created: Some("2024-03-01T09:00:00".into()),
        xmp_created: Some("2021-07-15T10:00:00".into()),
        producer: Some("Microsoft® Word 2016".into()),
        xmp_producer: Some("iText 5.2.1".into()),
        ..DocMeta::default()
    });
    let found = run_with(None, vec![("申报书.pdf", &d)], &[]);
    let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        vec![
            "申报书.pdf 的创建时间在文档信息字典中为 2024-03-01T09:00:00，在 XMP 元数据中为 2021-07-15T10:00:00，两处记录相互矛盾，可能经过改动",
            "申报书.pdf 的生成软件在文档信息字典中为“Microsoft® Word 2016”，在 XMP 元数据中为“iText 5.2.1”，两处记录相互矛盾",
        ]
    );
    assert_eq!(
        found[0].evidence[1],
        ev("申报书.pdf", "xmp:CreateDate: 2021-07-15T10:00:00")
    );
    // A time-zone day apart and the same producer spelt differently: consistent.
    let near = with_meta(DocMeta {
        created: Some("2024-03-01T23:00:00".into()),
        xmp_created: Some("2024-03-02T07:00:00".into()),
        producer: Some("Microsoft® Word 2016".into()),
        xmp_producer: Some("Microsoft Word 2016".into()),
        ..DocMeta::default()
    });
    assert!(run_with(None, vec![("申报书.pdf", &near)], &[]).is_empty());
}
