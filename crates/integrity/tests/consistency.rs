//! `inconsistent_value` and `arithmetic_mismatch`: fixtures that raise them and near misses.

mod common;

use common::*;
use intake_integrity::{SubmissionInput, check_submission};
use intake_model::{Evidence, Fact, Finding, FindingKind, Regime, Severity};

fn run(facts: &[Fact]) -> Vec<Finding> {
    check_submission(&SubmissionInput {
        submission: "sub-1",
        regime: Some(Regime::new("tech-base-platform")),
        documents: Vec::new(),
        facts,
        thresholds: common::thresholds(),
    })
}

fn ev(doc: &str, page: Option<u32>, quote: &str) -> Evidence {
    Evidence {
        submission: None,
        document: doc.into(),
        page,
        quote: quote.into(),
    }
}

#[test]
fn staff_count_differs_between_application_and_same_year_report() {
    let facts = vec![
        app_date("2025-03-15"),
        num("staff.total", "126", "申报书.docx", "从业人员共计126人"),
        num(
            "report.year",
            "2024",
            "2024年度报告.pdf",
            "2024年度运行情况表",
        ),
        on_page(
            num("staff.total", "118", "2024年度报告.pdf", "职工总数118人"),
            3,
        ),
    ];
    // A 2025 application's undated figures describe 2024, the year of its latest annual report.
    let found = run(&facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found
        .iter()
        .find(|f| f.kind == FindingKind::InconsistentValue)
        .unwrap();
    assert_eq!(f.rule, "integrity.inconsistent_value");
    assert_eq!(f.severity, Severity::Fail);
    assert_eq!(f.metric.as_deref(), Some("staff.total"));
    assert_eq!(f.regime, None); // integrity checks hold under every regime
    assert_eq!(
        f.message,
        "从业人员（2024年）在 申报书.docx 中为 126 人，在 2024年度报告.pdf 中为 118 人，前后不一致；请核对原始材料，确认哪一数值属实"
    );
    assert_eq!(
        f.evidence,
        vec![
            ev("申报书.docx", None, "从业人员共计126人"),
            ev("2024年度报告.pdf", Some(3), "职工总数118人")
        ]
    );
}

#[test]
fn different_periods_rounding_and_approximations_are_not_conflicts() {
    let facts = vec![
        app_date("2024-10-15"),
        // 2022 report vs 2023 report: different years.
        num("report.year", "2022", "2022年度报告.pdf", "2022年度"),
        num(
            "revenue.total_annual",
            "30000000",
            "2022年度报告.pdf",
            "营业收入3000万元",
        ),
        num("report.year", "2023", "2023年度报告.pdf", "2023年度"),
        num(
            "revenue.total_annual",
            "36000000",
            "2023年度报告.pdf",
            "营业收入3600万元",
        ),
        // 近3年 vs 上年度.
        period(
            num(
                "projects.national_or_provincial_3y",
                "7",
                "申报书.docx",
                "近3年承担国家级或省部级项目7项",
            ),
            "近3年",
            Some(2021),
            Some(2023),
        ),
        period(
            num(
                "projects.national_or_provincial_3y",
                "3",
                "申报书.docx",
                "上年度承担项目3项",
            ),
            "上年度",
            Some(2023),
            Some(2023),
        ),
        // Percent within ±0.5.
        num("staff.qualified_pct", "60", "申报书.docx", "比例为60%"),
        num(
            "staff.qualified_pct",
            "60.4",
            "人员情况表.docx",
            "比例60.4%",
        ),
        // An approximate figure against an exact one.
        num("staff.total", "126", "申报书.docx", "从业人员共计126人"),
        approx(num("staff.total", "100", "简介.docx", "员工百余人")),
    ];
    let found = run(&facts);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn percent_beyond_half_a_point_conflicts() {
    let facts = vec![
        num("staff.qualified_pct", "60", "申报书.docx", "比例为60%"),
        num(
            "staff.qualified_pct",
            "60.6",
            "人员情况表.docx",
            "比例60.6%",
        ),
    ];
    let found = run(&facts);
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .contains("在 申报书.docx 中为 60%，在 人员情况表.docx 中为 60.6%"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].evidence.len(), 2);
}

#[test]
fn percentage_that_does_not_match_its_counts() {
    let facts = vec![
        num("staff.total", "126", "申报书.docx", "从业人员共计126人"),
        num(
            "staff.masters_or_mid_title",
            "68",
            "申报书.docx",
            "硕士或中级职称以上人员68人",
        ),
        num(
            "staff.masters_or_mid_title_pct",
            "60",
            "申报书.docx",
            "占比60%",
        ),
    ];
    let found = run(&facts);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.kind, FindingKind::ArithmeticMismatch);
    assert_eq!(f.metric.as_deref(), Some("staff.masters_or_mid_title_pct"));
    assert_eq!(
        f.message,
        "硕士或中级职称以上专业人员比例 填报为 60%，但 68 ÷ 126 = 54%（硕士或中级职称以上专业人员 68 人，从业人员 126 人），相差超过 0.5 个百分点"
    );
    assert_eq!(
        f.evidence,
        vec![
            ev("申报书.docx", None, "占比60%"),
            ev("申报书.docx", None, "硕士或中级职称以上人员68人"),
            ev("申报书.docx", None, "从业人员共计126人"),
        ]
    );
}

#[test]
fn percentage_rounded_from_its_counts_is_fine() {
    // 68 / 126 = 53.97%: "54%" and "53.5%" are within half a point.
    for pct in ["54", "53.5"] {
        let facts = vec![
            num("staff.total", "126", "申报书.docx", "从业人员共计126人"),
            num(
                "staff.masters_or_mid_title",
                "68",
                "申报书.docx",
                "硕士或中级职称以上人员68人",
            ),
            num("staff.masters_or_mid_title_pct", pct, "申报书.docx", "占比"),
        ];
        assert!(run(&facts).is_empty(), "{pct}");
    }
}

#[test]
fn parts_above_total_and_service_revenue_above_total_revenue() {
    let facts = vec![
        num("staff.total", "50", "申报书.docx", "从业人员50人"),
        num("staff.phd", "20", "申报书.docx", "博士20人"),
        num("staff.masters", "35", "申报书.docx", "硕士35人"),
        num(
            "revenue.total_annual",
            "8000000",
            "申报书.docx",
            "营业收入800万元",
        ),
        num(
            "revenue.service_annual",
            "12000000",
            "申报书.docx",
            "年服务收入1200万元",
        ),
    ];
    let found = run(&facts);
    let msgs: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        vec![
            "年服务收入 1,200万元超过年营业收入 800万元，分项不可能大于总数",
            "博士 20 人 + 硕士 35 人 合计 55 人，超过从业人员 50 人",
        ]
    );
    assert!(
        found
            .iter()
            .all(|f| f.kind == FindingKind::ArithmeticMismatch)
    );
    assert_eq!(found[1].evidence.len(), 3);
    assert_eq!(found[1].evidence[2].quote, "从业人员50人");
}

fn staff_table(rows: &[(&str, &str)]) -> intake_model::Document {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(a, b)| vec![a.to_string(), b.to_string()])
        .collect();
    table_doc(&rows)
}

#[test]
fn table_total_that_is_not_the_sum_of_its_rows() {
    let d = staff_table(&[
        ("类别", "人数"),
        ("博士", "4"),
        ("硕士", "15"),
        ("本科及以下", "12"),
        ("合计", "33"),
    ]);
    let facts = vec![on_page(
        table(num("staff.operating", "33", "申报书.pdf", "33")),
        1,
    )];
    let found = check_submission(&SubmissionInput {
        submission: "sub-1",
        regime: Some(Regime::new("promotion-center")),
        documents: vec![("申报书.pdf", &d)],
        facts: &facts,
        thresholds: common::thresholds(),
    });
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::ArithmeticMismatch, Severity::Fail)
    );
    assert_eq!(f.metric.as_deref(), Some("staff.operating"));
    assert_eq!(
        f.message,
        "申报书.pdf 表格“人数”：博士 4 + 硕士 15 + 本科及以下 12 = 31，与合计 33 不符，请核对分项与合计"
    );
    let quotes: Vec<&str> = f.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert_eq!(quotes, vec!["4", "15", "12", "33"]);
    assert!(
        f.evidence
            .iter()
            .all(|e| e.page == Some(1) && e.document == "申报书.pdf")
    );
}

#[test]
fn table_totals_that_add_up_or_round_are_fine() {
    let exact = staff_table(&[
        ("类别", "人数"),
        ("博士", "4"),
        ("硕士", "15"),
        ("本科及以下", "12"),
        ("合计", "31"),
    ]);
    // 1.25 + 2.50 + 3.75 = 7.50; 7.51 is within rounding of three two-decimal figures.
    let rounded = staff_table(&[
        ("项目", "金额（万元）"),
        ("设备", "1.25"),
        ("软件", "2.50"),
        ("场地", "3.75"),
        ("合计", "7.51"),
    ]);
    // A ratio column does not add up by nature.
    let ratio = staff_table(&[
        ("类别", "占比"),
        ("博士", "33.3"),
        ("硕士", "33.3"),
        ("其他", "33.3"),
        ("合计", "100"),
    ]);
    for d in [&exact, &rounded, &ratio] {
        let found = check_submission(&SubmissionInput {
            submission: "sub-1",
            regime: None,
            documents: vec![("申报书.pdf", d)],
            facts: &[],
            thresholds: common::thresholds(),
        });
        assert!(found.is_empty(), "{found:#?}");
    }
}

/// A PDF table whose rows the extractor could not all split into cells: the row read as a
/// plain line is still a part, so the rows that were split are not all the parts, and the
/// total is not checked against them (annual reports are full of such tables).
#[test]
fn statement_tables_are_summed_only_when_every_row_is_an_addend() {
    let check = |rows: &[(&str, &str)]| {
        let d = staff_table(rows);
        check_submission(&SubmissionInput {
            submission: "sub-1",
            regime: None,
            documents: vec![("年度报告.pdf", &d)],
            facts: &[],
            thresholds: common::thresholds(),
        })
    };
    // An aging table whose 3 年以上 row is itself the sum of the two rows below it.
    let aging = [
        ("账龄", "账面余额"),
        ("1 年以内", "500"),
        ("3 年以上", "70"),
        ("3 至 4 年", "30"),
        ("4 年以上", "40"),
        ("合计", "570"),
    ];
    assert!(check(&aging).is_empty());
    // An adjustment row and a breakdown row: not plain addends.
    assert!(
        check(&[
            ("项目", "金额"),
            ("利息支出", "900"),
            ("减：利息收入", "100"),
            ("手续费", "50"),
            ("合计", "850")
        ])
        .is_empty()
    );
    assert!(
        check(&[
            ("项目", "金额"),
            ("营业外支出", "60"),
            ("其中：捐赠", "20"),
            ("罚款", "15"),
            ("合计", "75")
        ])
        .is_empty()
    );
    // A continued table whose first row is data, not a header.
    assert!(
        check(&[
            ("差旅费", "1,200.00"),
            ("办公费", "300.00"),
            ("会议费", "450.00"),
            ("合计", "2,000.00")
        ])
        .is_empty()
    );
    // Near miss: the aging table with a total one part short of the rows raises.
    let mut off = aging;
    off[5] = ("合计", "600");
    assert_eq!(check(&off).len(), 1);
}

#[test]
fn column_totals_are_checked_only_where_the_columns_are_known() {
    let check = |rows: &[&[&str]]| {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let d = table_doc(&rows);
        check_submission(&SubmissionInput {
            submission: "sub-1",
            regime: None,
            documents: vec![("年度报告.pdf", &d)],
            facts: &[],
            thresholds: common::thresholds(),
        })
    };
    // A total column first: nothing to its left to add (and nothing to panic on).
    assert!(check(&[&["合计", "人数"], &["博士", "3"]]).is_empty());
    // A row whose label came through as a figure: its cells are shifted.
    assert!(
        check(&[
            &["类别", "房屋", "设备", "合计"],
            &["1,200.00", "300.00", "450.00", "2,000.00"]
        ])
        .is_empty()
    );
    // A header cell that is a figure: the columns are not known.
    assert!(
        check(&[
            &["类别", "1,200.00", "设备", "合计"],
            &["原值", "300.00", "450.00", "2,000.00"]
        ])
        .is_empty()
    );
    // Segments and their elimination: the elimination column is subtracted, not added.
    assert!(
        check(&[
            &["项目", "医药", "化工", "分部间抵销", "合计"],
            &["营业收入", "500", "300", "50", "750"]
        ])
        .is_empty()
    );
    // A negative figure standing where the header should be.
    assert!(
        check(&[
            &["投资收益", "-18.50"],
            &["利息", "10"],
            &["手续费", "20"],
            &["合计", "40"]
        ])
        .is_empty()
    );
    // Near miss: named columns and a labelled row whose parts do not make the total raise.
    assert_eq!(
        check(&[
            &["类别", "房屋", "设备", "合计"],
            &["原值", "300.00", "450.00", "2,000.00"]
        ])
        .len(),
        1
    );
}

#[test]
fn table_with_an_unreadable_part_is_not_summed() {
    // The first part's count came through a noisy text layer as letters: the sum cannot be
    // judged, whatever the other rows say.
    let check = |first: &str| {
        let d = staff_table(&[
            ("学历", "人数（人）"),
            ("博士研究生", first),
            ("硕士研究生", "20"),
            ("本科", "30"),
            ("合计", "91"),
        ]);
        check_submission(&SubmissionInput {
            submission: "sub-1",
            regime: None,
            documents: vec![("申报书.pdf", &d)],
            facts: &[],
            thresholds: common::thresholds(),
        })
    };
    assert!(check("4l").is_empty(), "{:#?}", check("4l"));
    // Near miss: the same table with the part readable and the total wrong raises.
    assert_eq!(check("40").len(), 1);
    assert!(check("41").is_empty());
}

#[test]
fn table_with_an_unsplit_row_is_not_summed() {
    let mut d = staff_table(&[
        ("项目", "金额"),
        ("运输工具", "703,275.24"),
        ("电子设备及其他设备", "1,203,406.93"),
        ("合计", "22,094,045.31"),
    ]);
    // 房屋及建筑物 20,187,363.14 came through as one line, between the header and the parts.
    d.pages[0].blocks.insert(
        1,
        intake_model::Block::paragraph("房屋及建筑物 20,187,363.14"),
    );
    let found = check_submission(&SubmissionInput {
        submission: "sub-1",
        regime: None,
        documents: vec![("年度报告.pdf", &d)],
        facts: &[],
        thresholds: common::thresholds(),
    });
    assert!(found.is_empty(), "{found:#?}");
    // The same table with a page break before its total is not summed either.
    let mut split = staff_table(&[
        ("类别", "人数"),
        ("博士", "4"),
        ("硕士", "15"),
        ("合计", "33"),
    ]);
    let total = split.pages[0].blocks.pop().unwrap();
    split.pages.push(intake_model::Page {
        number: Some(2),
        blocks: vec![total],
        ..split.pages[0].clone()
    });
    let found = check_submission(&SubmissionInput {
        submission: "sub-1",
        regime: None,
        documents: vec![("申报书.pdf", &split)],
        facts: &[],
        thresholds: common::thresholds(),
    });
    assert!(found.is_empty(), "{found:#?}");
}

/// Each figure is taken at the precision the facts stage says it was stated to
/// (`Fact::precision`): a rounded statement (15.82 亿元, precision 1,000,000 元) agrees with the
/// exact one it rounds (158,191 万元 = 1,581,910,000 元); two statements at one precision must be
/// equal, and a figure without a precision is exact.
#[test]
fn figures_agree_when_one_rounds_the_other() {
    let revenue = |value: &str, precision: &str, doc: &str, quote: &str| Fact {
        precision: Some(precision.parse().unwrap()),
        ..num("revenue.total_annual", value, doc, quote)
    };
    let rounded = vec![
        revenue(
            "1582000000",
            "1000000",
            "年报.pdf",
            "2020 年公司实现营业收入 15.82 亿元",
        ),
        revenue(
            "1581910000",
            "10000",
            "年报.pdf",
            "公司实现营业收入 158,191 万元",
        ),
        revenue(
            "1581912345.67",
            "0.01",
            "申报书.docx",
            "营业收入：1,581,912,345.67 元",
        ),
    ];
    assert!(run(&rounded).is_empty(), "{:#?}", run(&rounded));

    // The same figures with no precision known are exact, and differ.
    let unknown: Vec<Fact> = rounded
        .iter()
        .map(|f| Fact {
            precision: None,
            ..f.clone()
        })
        .collect();
    assert_eq!(run(&unknown).len(), 1);

    // One 万 apart at the precision of 万: not the same figure.
    let apart = vec![
        revenue("18600000", "10000", "申报书.docx", "营业收入1,860万元"),
        revenue("18590000", "10000", "年报.pdf", "营业收入1,859万元"),
    ];
    let found = run(&apart);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].metric.as_deref(), Some("revenue.total_annual"));

    // Beyond the coarser statement's half unit: 15.82 亿 cannot round 1,576,000,000.
    let beyond = vec![
        revenue("1582000000", "1000000", "年报.pdf", "营业收入 15.82 亿元"),
        revenue(
            "1576000000",
            "10000",
            "申报书.docx",
            "营业收入 157,600 万元",
        ),
    ];
    assert_eq!(run(&beyond).len(), 1);

    // Counts stated as whole numbers stay exact.
    let staff = vec![
        num("staff.total", "126", "申报书.docx", "从业人员共计126人"),
        num("staff.total", "127", "年报.pdf", "职工总数127人"),
    ];
    assert_eq!(run(&staff).len(), 1);
}

/// `n` statements of the head count, each a different figure, in one document.
fn many_counts(n: usize) -> Vec<Fact> {
    (0..n)
        .map(|i| {
            let v = (200 + i).to_string();
            num("staff.total", &v, "名册.txt", &format!("在岗职工{v}人"))
        })
        .collect()
}

#[test]
fn a_conflict_of_many_values_names_eight_and_counts_the_rest() {
    // Raising: nine values — eight named, the total counted, evidence one per value.
    let found = run(&many_counts(9));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("207 人等共 9 种不同数值"),
        "{}",
        found[0].message
    );
    assert!(
        !found[0].message.contains("在 名册.txt 中为 208"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].evidence.len(), 9);
    // Thousands of values: the message and the evidence stay bounded.
    let found = run(&many_counts(3_000));
    assert_eq!(found.len(), 1);
    assert!(found[0].message.contains("等共 3000 种不同数值"));
    assert!(
        found[0].message.chars().count() < 400,
        "{}",
        found[0].message
    );
    assert_eq!(found[0].evidence.len(), 24);
    assert_eq!(found[0].evidence[23].quote, "在岗职工223人");
}

#[test]
fn a_conflict_of_eight_values_names_them_all() {
    // Near miss: eight values are all named, nothing counted.
    let found = run(&many_counts(8));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        !found[0].message.contains("种不同数值"),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("在 名册.txt 中为 207 人"));
    assert_eq!(found[0].evidence.len(), 8);
}
