//! Annual-report tables as PDFs give them: a unit line over the table, the header row apart
//! from its value rows, columns for other periods or for changes, quarters, tables drawn without
//! rules whose figures stand far from their labels, and a group's head count split into parts.

mod common;
use common::{page, pairs, para, read, row, summary};
use intake_model::{Block, BlockKind};

fn values(facts: &[intake_model::Fact], metric: &str) -> Vec<String> {
    summary(facts)
        .into_iter()
        .filter(|(m, _)| m == metric)
        .map(|(_, v)| v)
        .collect()
}

#[test]
fn the_unit_line_scales_the_report_years_column_only() {
    // The header row and the value row come out as two tables of one row each.
    let facts = read(vec![page(
        Some(6),
        vec![
            para("云岭精工股份有限公司 2032 年年度报告"),
            para("（一）主要会计数据"),
            para("单位：元 币种：人民币"),
            row(
                3,
                0,
                "主要会计数据\t2032年\t2031年\t本期比上年同期增减\t2030年",
            ),
            row(
                4,
                0,
                "营业收入\t1,234,567.80\t1,100,000.00\t12.23\t990,000.00",
            ),
        ],
    )]);
    let revenue: Vec<(String, String)> = summary(&facts)
        .into_iter()
        .filter(|(m, _)| m == "revenue.total_annual")
        .collect();
    assert_eq!(revenue, pairs(&[("revenue.total_annual", "1234567.8")]));
}

#[test]
fn prior_period_and_change_columns_are_not_the_figure() {
    let facts = read(vec![page(
        Some(9),
        vec![
            para("1. 利润表相关科目变动分析表"),
            para("单位：万元"),
            row(7, 0, "科目\t本期数\t上年同期数\t变动比例（%）"),
            row(7, 1, "营业收入\t2,000.50\t1,800.00\t11.14"),
        ],
    )]);
    assert_eq!(values(&facts, "revenue.total_annual"), ["20005000"]);
}

#[test]
fn a_quarters_revenue_is_not_the_years() {
    let facts = read(vec![page(
        Some(7),
        vec![
            para("八、分季度主要财务指标"),
            para("单位：元"),
            row(2, 0, "\t第一季度\t第二季度"),
            row(2, 1, "营业收入\t300,000.00\t310,000.00"),
            para("第三季度"),
            para("（7-9 月份）"),
            row(5, 0, "营业收入\t320,000.00"),
        ],
    )]);
    assert!(
        values(&facts, "revenue.total_annual").is_empty(),
        "{facts:?}"
    );
}

#[test]
fn without_a_unit_line_a_bare_money_cell_is_not_read() {
    let facts = read(vec![page(
        Some(3),
        vec![para("（二）经营情况"), row(1, 0, "营业收入\t5,600.00")],
    )]);
    assert!(values(&facts, "revenue.total_annual").is_empty());
}

fn at(text: &str, x: f32, y: f32) -> Block {
    Block {
        text: text.into(),
        kind: BlockKind::Paragraph,
        bbox: Some([x, y, x + 11.0 * text.chars().count() as f32, y + 10.0]),
        ocr_confidence: None,
    }
}

#[test]
fn an_unruled_tables_figures_pair_with_their_labels_by_line() {
    // The labels' column, another table's lines, then the figures' column, each figure on its
    // label's line.
    let facts = read(vec![page(
        Some(31),
        vec![
            at("（一）员工情况", 60.0, 500.0),
            at("在职员工的数量合计", 60.0, 480.0),
            at("教育程度类别", 60.0, 466.0),
            at("博士", 60.0, 452.0),
            at("硕士", 60.0, 438.0),
            at("同意本次议案", 300.0, 600.0),
            at("提交董事会审议。", 300.0, 586.0),
            at("2,418", 480.0, 480.0),
            at("数量（人）", 380.0, 466.0),
            at("17", 480.0, 452.0),
            at("305", 480.0, 438.0),
        ],
    )]);
    assert_eq!(values(&facts, "staff.total"), ["2418"]);
    assert_eq!(values(&facts, "staff.phd"), ["17"]);
    assert_eq!(values(&facts, "staff.masters"), ["305"]);
    let total = facts.iter().find(|f| f.metric == "staff.total").unwrap();
    assert_eq!(total.quote, "2,418");
}

#[test]
fn a_named_parts_head_count_after_qizhong_is_not_the_applicants() {
    let facts = read(vec![page(
        Some(40),
        vec![para(
            "报告期末，本集团共有在职员工 5,230 人，其中，本公司在职员工 4,900 人，\
             青禾租赁在职员工 330 人。",
        )],
    )]);
    let staff = values(&facts, "staff.total");
    assert!(staff.contains(&"5230".to_string()), "{staff:?}");
    assert!(!staff.contains(&"330".to_string()), "{staff:?}");
}

#[test]
fn a_credit_code_after_its_label_set_out_letter_by_letter() {
    // A justified line spreads the label's characters apart.
    let facts = read(vec![page(
        Some(70),
        vec![para(
            "本公司于 2008 年 5 月在深圳证券交易所上市，现 公 司 统 一 社 会 信 用 代 码 为\
             91330106MA2C7K5Q9Y。",
        )],
    )]);
    assert_eq!(values(&facts, "org.credit_code"), ["91330106MA2C7K5Q9Y"]);
}

#[test]
fn the_founding_is_the_registration_or_else_the_approval_the_profile_gives() {
    let approved = read(vec![page(
        Some(71),
        vec![para(
            "青禾动力股份有限公司（以下简称“本公司”）系 1994 年 3 月经某市人民政府批准设立，\
             注册资本 5,000 万元。",
        )],
    )]);
    assert_eq!(values(&approved, "org.founded"), ["1994-03"]);
    // Approved on one day, registered on another: the registration is the founding.
    let both = read(vec![page(
        Some(72),
        vec![para(
            "本公司于 2003 年 6 月 2 日经某部门批复同意批准设立，并于 2003 年 8 月 15 日在某市\
             工商行政管理局办理了工商登记手续。",
        )],
    )]);
    assert_eq!(values(&both, "org.founded"), ["2003-08-15"]);
}
