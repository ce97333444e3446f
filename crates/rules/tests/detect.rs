//! Regime, level and variant told from small synthetic documents; the rules that read the
//! documents' own text (names, declared scope, annual-report deadline, construction period).

mod common;

use std::path::PathBuf;

use common::*;
use intake_model::{Block, Document, FindingKind, Level, Page, Regime, Severity, Variant, Verdict};
use intake_rules::{Detection, Rulebooks, detect, evaluate, verdict};

fn one(path: &str, d: &Document) -> Detection {
    detect(&[(path, d)], &[], None)
}

fn rule<'a>(f: &'a [intake_model::Finding], id: &str) -> Vec<&'a intake_model::Finding> {
    f.iter().filter(|f| f.rule == id).collect()
}

#[test]
fn lab_application_is_told_and_its_name_checked() {
    let d = doc(
        Some("工业互联网产业联盟实验室申请书"),
        &[
            "工业互联网产业联盟实验室申请书",
            "实验室名称：工业互联网产业联盟边缘计算实验室（星河智造科技有限公司）",
            "依托单位：星河智造科技有限公司",
        ],
    );
    let det = one("申请书.pdf", &d);
    assert_eq!(det.regime, Some(Regime::new("iia-lab")), "{}", det.how);
    assert!(
        det.how.starts_with("由文档判定为工业互联网产业联盟实验室"),
        "{}",
        det.how
    );
    assert_eq!(det.evidence[0].quote, "工业互联网产业联盟实验室申请书");
    let books = Rulebooks::builtin().unwrap();
    let ok = [text("org.name", "星河智造科技有限公司")];
    assert!(rule(&evaluate(&books, SUB, &det, &ok), "iia-lab.name").is_empty());
    let other = [text("org.name", "远山电子有限公司")];
    let f = evaluate(&books, SUB, &det, &other);
    let f = rule(&f, "iia-lab.name");
    assert_eq!(f[0].severity, Severity::Fail);
    assert!(
        f[0].message
            .ends_with("（依托单位“星河智造科技有限公司”与申报单位“远山电子有限公司”不一致）"),
        "{}",
        f[0].message
    );

    let bad = doc(
        None,
        &[
            "工业互联网产业联盟实验室申请书",
            "实验室名称：边缘计算联合实验室",
        ],
    );
    let det = one("申请书.docx", &bad);
    let f = evaluate(&books, SUB, &det, &[]);
    let f = rule(&f, "iia-lab.name");
    assert_eq!(f[0].kind, FindingKind::ThresholdUnmet);
    assert_eq!(f[0].evidence[0].quote, "边缘计算联合实验室");
    assert_eq!(
        f[0].message,
        "实验室名称“边缘计算联合实验室”不符合 第十二条 统一命名“工业互联网产业联盟{方向}实验室（{依托单位}）”"
    );
}

#[test]
fn training_base_and_quality_lab_are_told() {
    let d = doc(
        None,
        &[
            "工业互联网产业联盟实训基地申请书",
            "基地名称\t工业互联网产业联盟智能制造实训基地（东海职业技术学院）",
        ],
    );
    let det = one("a.docx", &d);
    assert_eq!(det.regime, Some(Regime::new("iia-training-base")));
    let books = Rulebooks::builtin().unwrap();
    assert!(rule(&evaluate(&books, SUB, &det, &[]), "itb.name").is_empty());

    let q = doc(
        Some("国家质量标准实验室申报书"),
        &["实验室名称：××国家质量标准实验室", "建设期限：30个月"],
    );
    let det = one("b.pdf", &q);
    assert_eq!(det.regime, Some(Regime::new("quality-standards-lab")));
    let f = evaluate(&books, SUB, &det, &[]);
    assert_eq!(
        rule(&f, "qsl.name")[0].severity,
        Severity::Fail,
        "unfilled ×× fails"
    );
    let c = rule(&f, "qsl.construction");
    assert_eq!(
        (c[0].severity, c[0].message.as_str()),
        (
            Severity::Warn,
            "建设期限 30个月（30 个月），超过 第十八条 一般不超过2年的要求"
        )
    );
    let q = doc(
        Some("国家质量标准实验室申报书"),
        &[
            "实验室名称：新能源汽车动力电池国家质量标准实验室",
            "建设期限：2024年1月至2025年12月",
        ],
    );
    let f = evaluate(&books, SUB, &one("b.pdf", &q), &[]);
    assert!(
        rule(&f, "qsl.name").is_empty() && rule(&f, "qsl.construction").is_empty(),
        "{f:#?}"
    );
}

#[test]
fn platform_scope_is_read_from_the_form() {
    let books = Rulebooks::builtin().unwrap();
    let d = doc(
        Some("工业和信息化部产业技术基础公共服务平台申报书"),
        &[
            "服务行业领域：新材料、人工智能",
            "服务范围：计量检测、标准验证与检测",
        ],
    );
    let det = one("申报书.pdf", &d);
    assert_eq!(det.regime, Some(Regime::new("tech-base-platform")));
    let f = evaluate(&books, SUB, &det, &[]);
    assert!(rule(&f, "tbp.scope").is_empty() && rule(&f, "tbp.scope-list").is_empty());
    let d = doc(
        Some("产业技术基础公共服务平台申报书"),
        &["服务范围：计量检测、管理咨询培训"],
    );
    let f = evaluate(&books, SUB, &one("申报书.pdf", &d), &[]);
    let missing = rule(&f, "tbp.scope");
    assert_eq!(
        (missing[0].kind, missing[0].severity),
        (FindingKind::ThresholdMissing, Severity::Warn)
    );
    assert_eq!(
        missing[0].message,
        "申报材料未明确服务行业领域，不符合 第五条“应当明确申报的服务行业领域及服务范围”"
    );
    let outside = rule(&f, "tbp.scope-list");
    assert_eq!(outside[0].severity, Severity::Warn);
    assert_eq!(
        outside[0].message,
        "服务范围“管理咨询培训”不在 第五条 所列的服务行业领域或服务范围之内"
    );
    assert_eq!(
        outside[0].evidence[0].quote,
        "服务范围：计量检测、管理咨询培训"
    );
}

#[test]
fn annual_report_deadline_is_the_end_of_the_first_quarter() {
    let books = Rulebooks::builtin().unwrap();
    let apply = doc(Some("产业技术基础公共服务平台申报书"), &["申报书"]);
    let report = doc(
        None,
        &[
            "产业技术基础公共服务平台年度运行情况表",
            "填报日期：2025年4月1日",
        ],
    );
    let docs: Vec<(&str, &Document)> =
        vec![("申报书.pdf", &apply), ("年度运行情况表.docx", &report)];
    let det = detect(&docs, &[], None);
    let in_report = |f: intake_model::Fact| intake_model::Fact {
        document: "年度运行情况表.docx".into(),
        ..f
    };
    let on_time = [
        in_report(int("report.year", 2024)),
        in_report(date("application.date", "2025-03-31")),
    ];
    assert!(rule(&evaluate(&books, SUB, &det, &on_time), "tbp.annual-report").is_empty());
    let late = [
        in_report(int("report.year", 2024)),
        in_report(date("application.date", "2025-04-01")),
    ];
    let f = evaluate(&books, SUB, &det, &late);
    let f = rule(&f, "tbp.annual-report");
    assert_eq!(
        f[0].message,
        "2024年度运行情况表填报于 2025-04-01，晚于 第十六条 要求的 2025-03-31（次年一季度末）"
    );
    // A company annual report (not a 年度运行情况表) is no business of 第十六条.
    let late_elsewhere = [
        int("report.year", 2024),
        date("application.date", "2025-06-01"),
    ];
    assert!(
        rule(
            &evaluate(&books, SUB, &det, &late_elsewhere),
            "tbp.annual-report"
        )
        .is_empty()
    );
}

#[test]
fn service_years_cross_check_against_the_founding_date() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("tech-base-platform"), None, None);
    let year = [
        date("org.founded", "2023-03-01"),
        date("application.date", "2024-03-01"),
    ];
    assert!(
        rule(
            &evaluate(&books, SUB, &det, &year),
            "tbp.service-years.founded"
        )
        .is_empty()
    );
    let short = [
        date("org.founded", "2023-03-02"),
        date("application.date", "2024-03-01"),
    ];
    let f = evaluate(&books, SUB, &det, &short);
    assert_eq!(
        rule(&f, "tbp.service-years.founded")[0].severity,
        Severity::Fail
    );
}

#[test]
fn promotion_center_level_and_variant() {
    let d = doc(
        Some("工业互联网数字化转型促进中心申报书"),
        &["申报级别：国家级", "类别：功能类（人才培育）"],
    );
    let det = one("申报书.pdf", &d);
    assert_eq!(
        (det.regime, det.level, det.variant),
        (
            Some(Regime::new("promotion-center")),
            Some(Level::National),
            Some(Variant::Talent)
        ),
        "{}",
        det.how
    );
    assert!(
        det.how.contains("级别：国家级") && det.how.contains("类别：功能类·人才培育"),
        "{}",
        det.how
    );

    // Tick boxes: the ticked class wins; 省级 from the title.
    let d = doc(
        Some("省级工业互联网数字化转型促进中心申报书"),
        &["申报类别：综合类□ 行业类☑ 功能类□"],
    );
    let det = one("a.pdf", &d);
    assert_eq!(
        (det.level, det.variant),
        (Some(Level::Provincial), Some(Variant::Industry)),
        "{}",
        det.how
    );

    // The 培育情况表 (附件2): a header row and a value row.
    let d = doc(
        None,
        &[
            "工业互联网数字化转型促进中心培育情况表",
            "序号\t名称\t类别\t牵头组建单位",
            "1\t东海纺织数字化转型促进中心\t行业类\t东海纺织协会",
            "拟申报省级促进中心",
        ],
    );
    let det = one("培育情况表.docx", &d);
    assert_eq!(
        (det.regime, det.variant),
        (
            Some(Regime::new("promotion-center")),
            Some(Variant::Industry)
        ),
        "{}",
        det.how
    );
    assert_eq!(det.evidence.last().unwrap().quote, "行业类");

    // 功能类 without a sub-kind.
    let d = doc(
        Some("工业互联网数字化转型促进中心申报书"),
        &["申报级别：省级", "类别：功能类"],
    );
    let det = one("a.pdf", &d);
    assert!(det.functional && det.variant.is_none());
    assert!(det.how.contains("功能类（子类无法判定）"));
}

#[test]
fn officer_overrides_override_the_documents() {
    let d = doc(Some("产业技术基础公共服务平台申报书"), &["申报书"]);
    let det = detect(
        &[("a.pdf", &d)],
        &[],
        Some("regime = \"quality-standards-lab\"\n"),
    );
    assert_eq!(det.regime, Some(Regime::new("quality-standards-lab")));
    assert_eq!(det.how, "--overrides 指定 regime = quality-standards-lab");
    let det = detect(&[("a.pdf", &d)], &[], Some("regime = \"促进中心\"\n"));
    assert_eq!(det.regime, Some(Regime::new("tech-base-platform")));
    assert!(
        det.how
            .starts_with("--overrides 无法解析（不认识的取值：regime = 促进中心），按文档判定"),
        "{}",
        det.how
    );
    let det = detect(
        &[("a.pdf", &d)],
        &[],
        Some("regime = \"promotion-center\"\nlevel = \"省级\"\nvariant = \"sme\""),
    );
    assert_eq!(
        (det.level, det.variant, det.functional),
        (Some(Level::Provincial), Some(Variant::Sme), true)
    );
}

#[test]
fn an_untold_regime_is_one_finding_for_review() {
    let d = doc(
        Some("2023年年度报告"),
        &["贵州茅台酒股份有限公司", "营业收入 1,275.54 亿元"],
    );
    let det = one("年报.pdf", &d);
    assert_eq!(det.regime, None);
    let books = Rulebooks::builtin().unwrap();
    let f = evaluate(&books, SUB, &det, &[]);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (
            f[0].rule.as_str(),
            f[0].kind,
            f[0].severity,
            f[0].regime.as_deref()
        ),
        (
            "regime.undetected",
            FindingKind::ThresholdMissing,
            Severity::Warn,
            None
        )
    );
    assert_eq!(
        verdict(&f),
        (Verdict::Review, vec!["regime.undetected".to_string()])
    );
    // A tie between two regimes is not a guess.
    let both = doc(
        None,
        &[
            "产业技术基础公共服务平台",
            "国家质量标准实验室",
            "产业技术基础公共服务平台",
            "国家质量标准实验室",
        ],
    );
    let det = one("x.pdf", &both);
    assert_eq!(det.regime, None);
    assert!(det.how.contains("得分相同"), "{}", det.how);
}

/// No real-world document (annual reports, notices, theses, forms) passes for an application.
#[test]
fn real_documents_are_not_applications() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real/reference");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut n = 0;
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let pages = text
            .split('\x0c')
            .enumerate()
            .map(|(i, t)| Page {
                number: Some(i as u32 + 1),
                blocks: t
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(Block::paragraph)
                    .collect(),
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            })
            .collect();
        let d = Document {
            pages,
            ..Document::default()
        };
        let det = one("x.pdf", &d);
        assert_eq!(det.regime, None, "{}: {}", p.display(), det.how);
        n += 1;
    }
    assert!(n >= 40, "{n} reference texts");
}

#[test]
fn names_are_judged_whole() {
    let books = Rulebooks::builtin().unwrap();
    let lab = |name: &str| {
        let d = doc(
            Some("工业互联网产业联盟实验室申请书"),
            &["工业互联网产业联盟实验室申请书", name],
        );
        let det = one("申请书.pdf", &d);
        let host = [text("org.name", "青岚测控技术（厦门）有限公司")];
        rule(&evaluate(&books, SUB, &det, &host), "iia-lab.name")
            .into_iter()
            .cloned()
            .collect::<Vec<_>>()
    };
    // A host unit whose own name holds a bracketed place.
    assert!(
        lab("实验室名称：工业互联网产业联盟数字孪生实验室（青岚测控技术（厦门）有限公司）")
            .is_empty()
    );
    // The form field states the name without its host unit: the stated part is checked.
    assert!(lab("实验室名称：工业互联网产业联盟数字孪生实验室").is_empty());
    // Cut at a line break before its bracket closed: not judged.
    assert!(lab("实验室名称：工业互联网产业联盟数字孪生实验室（青岚测控技").is_empty());
    // A PDF line of prose that starts with the whole name and runs on.
    assert!(
        lab("工业互联网产业联盟数字孪生实验室（青岚测控技术（厦门）有限公司）将围绕").is_empty()
    );
    // The label alone, its value set elsewhere by the PDF's table layout.
    assert!(lab("实验室名称").is_empty());
    // Near misses still raise: another host, or no alliance prefix.
    let f = lab("实验室名称：工业互联网产业联盟数字孪生实验室（白鹭电子有限公司）");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("白鹭电子有限公司"),
        "{}",
        f[0].message
    );
    assert_eq!(lab("实验室名称：数字孪生联合实验室").len(), 1);
}
