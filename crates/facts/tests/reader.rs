//! The reader on documents built from the phrasings applications use: exact values, quotes,
//! offsets, pages, methods, periods and flags.

mod common;
use common::*;
use intake_facts::{Reader, resolve_submission};
use intake_model::{Fact, ReadMethod, Value};
use rust_decimal::Decimal;

fn num(f: &Fact) -> Decimal {
    f.number()
        .unwrap_or_else(|| panic!("{} is not a number", f.metric))
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn staff_sentence_with_share() {
    let facts = read(vec![page(
        Some(3),
        vec![para("从业人员共计126人，其中硕士及以上学历68人，占比54%。")],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("staff.total", "126"),
            ("staff.masters_or_mid_title", "68"),
            ("staff.masters_or_mid_title_pct", "54")
        ])
    );
    assert_eq!(facts[0].quote, "从业人员共计126人");
    assert_eq!(facts[0].offset, [0, 10]);
    assert_eq!(facts[0].page, Some(3));
    assert_eq!(facts[0].unit, "persons");
    assert_eq!(facts[0].method, ReadMethod::Prose);
    assert_eq!(facts[1].quote, "其中硕士及以上学历68人");
    assert_eq!(facts[2].quote, "占比54%");
    assert_eq!(facts[2].unit, "percent");
}

/// 场地 alone names the floor area when an area unit follows ("现有场地 1,520 平方米"); a 场地 of
/// persons or of money is no area.
#[test]
fn a_site_stated_in_square_metres_is_the_floor_area() {
    let facts = read(vec![page(
        None,
        vec![
            para("本中心现有场地 1,520 平方米，场地可容纳 80 人同时实训。"),
            para("场地租金 36 万元由依托单位承担。"),
        ],
    )]);
    let area: Vec<String> = facts
        .iter()
        .filter(|f| f.metric == "facility.area_m2")
        .map(|f| num(f).to_string())
        .collect();
    assert_eq!(area, vec!["1520"], "{:#?}", summary(&facts));
}

#[test]
fn money_area_and_revenue_in_canonical_units() {
    let facts = read(vec![page(
        None,
        vec![
            para("技术服务仪器设备原值1,250万元，仪器设备现值5,200万元。"),
            para("科研用房面积3200平方米，实验场地面积3,000㎡。"),
            para("年相关服务收入1,500万元，营业收入0.35亿元，总收入16.4亿元。"),
            para("仪器设备原值壹仟贰佰伍拾万元整。"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("equipment.original_value", "12500000"),
            ("equipment.current_value", "52000000"),
            ("facility.area_m2", "3200"),
            ("facility.area_m2", "3000"),
            ("revenue.service_annual", "15000000"),
            ("revenue.total_annual", "35000000"),
            ("revenue.total_annual", "1640000000"),
            ("equipment.original_value", "12500000"),
        ])
    );
    assert_eq!(facts[0].unit, "CNY");
    assert_eq!(facts[2].unit, "m2");
    assert_eq!(facts[0].page, None);
    // Offsets count characters across blocks joined by '\n'.
    assert_eq!(
        facts[2].offset[0],
        "技术服务仪器设备原值1,250万元，仪器设备现值5,200万元。\n"
            .chars()
            .count()
    );
    assert_eq!(facts[7].quote, "仪器设备原值壹仟贰佰伍拾万元整");
}

#[test]
fn cover_identifiers_and_dates() {
    let facts = read(vec![page(
        Some(1),
        vec![
            para("申报单位（盖章）：福建某某科技有限公司"),
            para("统一社会信用代码：91350100M000100Y43"),
            para("申报日期：2025年3月15日"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("org.name", "福建某某科技有限公司"),
            ("org.credit_code", "91350100M000100Y43"),
            ("application.date", "2025-03-15"),
        ])
    );
    assert_eq!(facts[1].valid, Some(true));
    assert_eq!(facts[1].quote, "统一社会信用代码：91350100M000100Y43");
}

#[test]
fn invalid_credit_code_is_a_fact_marked_invalid() {
    let facts = read(vec![page(
        None,
        vec![para("统一社会信用代码：91350100M000100Y44")],
    )]);
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].valid, Some(false));
    assert!(
        facts[0].note.as_deref().unwrap().contains("校验码应为“3”"),
        "{:?}",
        facts[0].note
    );
}

#[test]
fn staff_table_with_total_row_split_over_pages_and_a_form() {
    let facts = read(vec![
        page(
            Some(4),
            vec![
                para("表1 人员情况表"),
                row(0, 0, "类别\t人数"),
                row(0, 1, "博士\t12"),
                row(0, 2, "硕士\t56"),
            ],
        ),
        page(
            Some(5),
            vec![
                row(1, 0, "本科及以下\t58"),
                row(1, 1, "合计\t126"),
                row(2, 0, "单位名称\t福建某某科技有限公司"),
                row(2, 1, "仪器设备原值（万元）\t1250"),
            ],
        ),
    ]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("staff.phd", "12"),
            ("staff.masters", "56"),
            ("staff.total", "126"),
            ("org.name", "福建某某科技有限公司"),
            ("equipment.original_value", "12500000"),
        ])
    );
    assert_eq!(
        (facts[0].page, facts[0].method, facts[0].quote.as_str()),
        (Some(4), ReadMethod::Table, "博士\t12")
    );
    // The 合计 row stands on page 5, read with the header of page 4.
    assert_eq!(
        (facts[2].page, facts[2].quote.as_str()),
        (Some(5), "合计\t126")
    );
    assert_eq!(facts[3].method, ReadMethod::Form);
}

#[test]
fn a_caption_names_the_whole_a_total_row_gives() {
    let facts = read(vec![page(
        None,
        vec![
            para("表2 运营团队人员情况表"),
            row(0, 0, "类别\t人数"),
            row(0, 1, "博士\t4"),
            row(0, 2, "硕士\t15"),
            row(0, 3, "合计\t33"),
        ],
    )]);
    assert_eq!(
        summary(&facts)[2],
        ("staff.operating".to_string(), "33".to_string())
    );
}

#[test]
fn requirements_quoted_from_the_regulation_are_not_claims() {
    let facts = read(vec![page(
        None,
        vec![
            para(
                "按照要求从业人员不少于50人，其中硕士或中级职称以上专业人员比例不低于50%（《办法》第六条（五））。",
            ),
            para("本单位从业人员共计126人，满足不少于50人的要求。"),
            para("申报单位应具有独立法人资格。"),
        ],
    )]);
    assert_eq!(summary(&facts), pairs(&[("staff.total", "126")]));
}

#[test]
fn segmentation_and_exclusions_disambiguate() {
    let facts = read(vec![page(
        None,
        vec![
            para("拥有硕士生导师12人，博士后3人。"),
            // Not in any exclude list: jieba's word 博士生 keeps the cue 博士 from matching.
            para("在读博士生15人。"),
            para("博士12人，硕士30人。"),
            para("仪器设备原值1,250万元，现值800万元。"),
            para("运营人数120人，从业人员300人。"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("staff.phd", "12"),
            ("staff.masters", "30"),
            ("equipment.original_value", "12500000"),
            ("equipment.current_value", "8000000"),
            ("staff.operating", "120"),
            ("staff.total", "300"),
        ])
    );
}

#[test]
fn chinese_numerals_full_width_ocr_and_approximations() {
    let facts = read(vec![page(
        Some(2),
        vec![
            para("从业人员一百零五人。"),
            para("运营人员１２６人。"),
            para("新产品被S00家以上企业免费使用或低成本购买。"),
            para("服务企业2000余家。"),
            para("执行统一零售价。"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("staff.total", "105"),
            ("staff.operating", "126"),
            ("products.adopters", "500"),
            ("enterprises.served_last_year", "2000"),
        ])
    );
    assert_eq!(facts[1].quote, "运营人员１２６人");
    assert_eq!(facts[2].method, ReadMethod::OcrCorrected);
    assert!(facts[2].approx);
    assert!(
        facts[2]
            .note
            .as_deref()
            .unwrap()
            .contains("S00家以上 read as 500")
    );
    assert!(facts[3].approx && !facts[0].approx);
    assert_eq!(num(&facts[3]), d("2000"));
}

#[test]
fn promotion_center_figures_follow_their_nouns() {
    let facts = read(vec![page(
        None,
        vec![para(
            "上一年度为1,280家企业提供服务，生态合作伙伴或服务对象包含6,200家中小企业，促进中心生态运营伙伴包含72家工业互联网供给侧企业，其中6家为相关领域头部企业，18家是新兴领域专精特新企业。",
        )],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("enterprises.served_last_year", "1280"),
            ("sme.partners", "6200"),
            ("suppliers.partners", "72"),
            ("suppliers.head", "6"),
            ("suppliers.specialized", "18"),
        ])
    );
    assert_eq!(facts[0].quote, "上一年度为1,280家企业提供服务");
    assert_eq!(facts[0].period.as_ref().unwrap().label, "上一年度");
}

#[test]
fn periods_resolve_against_the_application_date_and_id_gives_age() {
    let mut facts = read(vec![page(
        None,
        vec![
            para("申报日期：2025年3月15日"),
            para("近3年承担国家级或省部级项目5项，2023年度营业收入5,000万元。"),
            para("实验室主任：张三，身份证号：11010519491231002X"),
            para("负责人：李四，身份证号：110105194912310021"),
        ],
    )]);
    resolve_submission(&mut facts);
    let p = facts
        .iter()
        .find(|f| f.metric == "projects.national_or_provincial_3y")
        .unwrap()
        .period
        .clone()
        .unwrap();
    assert_eq!(
        (p.label.as_str(), p.from_year, p.to_year),
        ("近3年", Some(2022), Some(2024))
    );
    let r = facts
        .iter()
        .find(|f| f.metric == "revenue.total_annual")
        .unwrap()
        .period
        .clone()
        .unwrap();
    assert_eq!((r.from_year, r.to_year), (Some(2023), Some(2023)));
    let births: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.metric == "director.birth_date")
        .collect();
    assert_eq!(births[0].value, Value::Date("1949-12-31".parse().unwrap()));
    assert_eq!(births[0].valid, Some(true));
    assert_eq!(births[1].valid, Some(false));
    let ages: Vec<Decimal> = facts
        .iter()
        .filter(|f| f.metric == "director.age")
        .map(num)
        .collect();
    assert_eq!(ages, [d("75")]);
    let names: Vec<&Value> = facts
        .iter()
        .filter(|f| f.metric == "director.name")
        .map(|f| &f.value)
        .collect();
    assert_eq!(
        names,
        [&Value::Text("张三".into()), &Value::Text("李四".into())]
    );
}

#[test]
fn text_facts_from_forms() {
    let facts = read(vec![page(
        None,
        vec![
            row(0, 0, "依托单位\t闽东理工大学"),
            row(0, 1, "单位性质\t高等学校"),
            row(0, 2, "法人资格\t事业单位法人"),
            row(0, 3, "成立时间\t2016年5月12日"),
            row(0, 4, "出生年月\t1972年10月"),
            row(0, 5, "报告年度\t2025年"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("org.name", "闽东理工大学"),
            ("org.kind", "高等学校"),
            ("org.legal_entity", "true"),
            ("org.founded", "2016-05-12"),
            ("director.birth_date", "1972-10"),
            ("report.year", "2025"),
        ])
    );
    assert!(facts.iter().all(|f| f.method == ReadMethod::Form));
}

#[test]
fn output_is_deterministic_and_in_document_order() {
    let pages = || {
        vec![
            page(
                Some(1),
                vec![
                    para("从业人员共计126人，营业收入5,000万元。"),
                    row(0, 0, "单位名称\t福建某某科技有限公司"),
                ],
            ),
            page(Some(2), vec![para("科研用房面积3200平方米。")]),
        ]
    };
    let a = read(pages());
    let b = read(pages());
    assert_eq!(a, b);
    let keys: Vec<(Option<u32>, usize)> = a.iter().map(|f| (f.page, f.offset[0])).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn a_huge_paragraph_without_punctuation_is_read_in_bounded_time() {
    // 300,000 characters, no sentence end: figures and cues every few characters.
    let text =
        "从业人员126人博士12人近3年承担国家级或省部级项目5项单位名称：某某有限公司".repeat(8000);
    let facts = read(vec![page(Some(1), vec![para(&text)])]);
    assert!(facts.iter().filter(|f| f.metric == "staff.phd").count() >= 8000);
}

#[test]
fn hostile_input_does_not_panic() {
    let long = "一".repeat(5000) + &"9".repeat(5000) + "万亿亿亿元%%%" + &"，".repeat(100);
    let facts = read(vec![page(
        Some(1),
        vec![para(&long), row(0, 0, "\t\t\t"), row(0, 1, ""), para("")],
    )]);
    assert!(facts.is_empty());
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Pieces real forms are made of, shuffled into arbitrary text.
    const PIECES: [&str; 40] = [
        "从业人员",
        "博士",
        "硕士",
        "合计",
        "单位名称",
        "统一社会信用代码",
        "申报日期",
        "：",
        ":",
        "（",
        "）",
        "(",
        ")",
        "，",
        "。",
        "\t",
        "\n",
        " ",
        "1,250",
        "0.35",
        "万",
        "亿",
        "元",
        "人",
        "%",
        "百分之",
        "一百零五",
        "两三",
        "余",
        "近3年",
        "2023年",
        "10月",
        "13日",
        "S00",
        "家",
        "企业",
        "91350100M000100Y43",
        "以上",
        "不少于",
        "伍",
    ];

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(picks in proptest::collection::vec(0usize..PIECES.len(), 0..60),
                                       table in proptest::bool::ANY) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let blocks = if table {
                text.split('\n').enumerate().map(|(r, t)| row(0, r as u32, t)).collect()
            } else {
                text.split('\n').map(para).collect()
            };
            let pdf = page(Some(1), blocks);
            let _ = read(vec![pdf]);
        }
    }
}

#[test]
fn reader_is_shared_across_threads() {
    fn sync_send<T: Sync + Send>() {}
    sync_send::<Reader>();
}

#[test]
fn pdf_lines_of_one_paragraph_are_read_as_one() {
    // pdf text: a paragraph wrapped over lines, figures spaced from their units, and a label line
    // that must not be joined to the line before it.
    let facts = read(vec![page(
        Some(2),
        vec![
            para("2025 年平台新增电磁兼容预测试舱一座，完成振动台控制系统升级。年末从"),
            para("业人员 126 人，仪器设备原值 1,250 万元。"),
            para("平台名称：工业网络安全实训基地（青岑工业职业技术学"),
            para("责任单位：青岑工业职业技术学院"),
            para("一、实训开展情况"),
            para("职エ总数88人。"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("staff.total", "126"),
            ("equipment.original_value", "12500000"),
            ("org.name", "青岑工业职业技术学院"),
            ("staff.total", "88"),
        ])
    );
    // The quote keeps the line break the page text has.
    assert_eq!(facts[0].quote, "年末从\n业人员 126 人");
    assert_eq!(facts[3].quote, "职エ总数88人");
}
