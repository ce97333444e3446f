//! Ways of stating a figure met on applications written by other hands (issue 19): forms whose
//! labels the lexicon does not know, the director's block, units in a label's brackets, forms a
//! PDF gives column by column. Every sentence here is invented for the test.

mod common;
use common::*;
use intake_facts::resolve_submission;
use intake_model::{Fact, Value};

#[test]
fn a_cover_form_of_unknown_labels_is_still_a_form() {
    // Most labels (主办方, 联系人, 联系电话) are no metric's: the table is a form by its shape.
    let facts = read(vec![page(
        None,
        vec![
            para("数字化转型促进中心认定申请书"),
            row(0, 0, "运营主体（盖章）\t宁海松涛数据服务有限公司"),
            row(0, 1, "主办方\t宁海县经济和信息化局"),
            row(0, 2, "联系人\t周某"),
            row(0, 3, "联系电话\t0574-65550000"),
            row(0, 4, "日期\t2027/3/8"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("org.name", "宁海松涛数据服务有限公司"),
            ("application.date", "2027-03-08"),
        ])
    );
}

#[test]
fn a_bare_date_signs_a_pledge_at_its_end() {
    let facts = read(vec![page(
        None,
        (0..70)
            .map(|i| para(&format!("第{i}条 本单位承诺所报材料真实有效")))
            .chain([
                para("承诺单位（盖章）：宁海松涛数据服务有限公司"),
                para("日期：2027年3月8日"),
            ])
            .collect(),
    )]);
    let dates: Vec<_> = facts
        .iter()
        .filter(|f| f.metric == "application.date")
        .collect();
    assert_eq!(dates.len(), 1);
    assert_eq!(dates[0].value, Value::Date("2027-03-08".parse().unwrap()));
    // 报送日期, 签字日期: a date of something else.
    let facts = read(vec![page(None, vec![para("签字日期：2027年3月9日")])]);
    assert!(facts.iter().all(|f| f.metric != "application.date"));
}

#[test]
fn the_directors_table_under_its_heading_gives_name_birth_date_and_months() {
    let mut facts = read(vec![page(
        None,
        vec![
            para("申报日期：2027年6月1日"),
            para("（二）实训基地主任情况"),
            row(3, 0, "姓名\t欧阳晓岚"),
            row(3, 1, "性别\t女"),
            row(3, 2, "身份证号\t11010119810715002X"),
            row(3, 3, "每年在实训基地工作时间（月）\t9"),
            para("（三）联系人"),
            row(4, 0, "姓名\t钱某某"),
            row(4, 1, "电话\t010-66660000"),
        ],
    )]);
    resolve_submission(&mut facts);
    let s = summary(&facts);
    assert!(
        s.contains(&("director.name".into(), "欧阳晓岚".into())),
        "{s:?}"
    );
    assert!(s.contains(&("director.birth_date".into(), "1981-07-15".into())));
    assert!(s.contains(&("director.age".into(), "45".into())));
    assert!(s.contains(&("director.months_per_year".into(), "9".into())));
    // The contact's 姓名 is no director's.
    assert!(!s.iter().any(|(_, v)| v == "钱某某"));
}

#[test]
fn the_directors_name_on_a_line_under_its_heading() {
    let facts = read(vec![page(
        None,
        vec![
            para("（一）重点实验室主任情况"),
            para("姓名：司马青"),
            para("性别：男"),
            para("二、其他人员"),
            para("姓名：路人甲"),
        ],
    )]);
    let names: Vec<_> = facts
        .iter()
        .filter(|f| f.metric == "director.name")
        .map(|f| (f.value.clone(), f.quote.clone()))
        .collect();
    assert_eq!(
        names,
        [(Value::Text("司马青".into()), "姓名：司马青".into())]
    );
}

#[test]
fn a_unit_in_the_labels_brackets_scales_the_figure() {
    let facts = read(vec![page(
        None,
        vec![
            para("实验场地面积（㎡）：2380"),
            para("仪器设备原值（万元）：1,204.50"),
            para("每年在实验室工作时间（月） 10"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("facility.area_m2", "2380"),
            ("equipment.original_value", "12045000"),
            ("director.months_per_year", "10"),
        ])
    );
}

#[test]
fn a_yearly_average_of_months_and_the_amount_of_national_projects() {
    let facts = read(vec![page(
        None,
        vec![
            para("中心主任年均在实验室工作11个月。"),
            para("近五年承担国家级科研项目9项，国家级科研项目总金额3,560万元。"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("director.months_per_year", "11"),
            ("projects.national_5y", "9"),
            ("projects.national_amount_5y", "35600000"),
        ])
    );
}

#[test]
fn a_pdf_form_given_column_by_column_is_read_as_pairs() {
    let facts = read(vec![page(
        Some(2),
        vec![
            para("1. 基本情况"),
            para("单位名称"),
            para("成立时间"),
            para("法定代表人"),
            para("是否具有独立法人资格"),
            para("黔南云岭检测研究院"),
            para("2009/11/30"),
            para("王某"),
            para("是"),
            para("黔南云岭检测研究院长期从事计量检测工作，服务区域企业。"),
        ],
    )]);
    let s = summary(&facts);
    assert!(
        s.contains(&("org.name".into(), "黔南云岭检测研究院".into())),
        "{s:?}"
    );
    assert!(s.contains(&("org.founded".into(), "2009-11-30".into())));
    assert!(s.contains(&("org.legal_entity".into(), "true".into())));
    // The quote is the value where it stands (the label is lines away).
    let founded = facts.iter().find(|f| f.metric == "org.founded").unwrap();
    assert_eq!(founded.quote, "2009/11/30");
}

#[test]
fn in_a_report_on_one_year_another_years_figure_is_not_taken() {
    let facts = read(vec![page(
        Some(1),
        vec![
            para("2030年度报告"),
            para("公司实现营业收入 8,800.00 万元。"),
            para("本年度收入较2029年度营业收入9,100.00万元有所下降。"),
        ],
    )]);
    let revenue: Vec<String> = summary(&facts)
        .into_iter()
        .filter(|(m, _)| m == "revenue.total_annual")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(revenue, ["88000000"]);
}

#[test]
fn the_csrc_forms_name_staff_and_credit_code() {
    let facts = read(vec![page(
        Some(5),
        vec![
            row(0, 0, "公司的中文名称\t江源精密机械股份有限公司"),
            row(0, 1, "公司的中文简称\t江源精机"),
            row(0, 2, "公司的法定代表人\t某某"),
            para("本公司持有营业执照，统一社会信用代码为 913301001234567890。"),
            row(1, 0, "在职员工的数量合计（人）\t2,345"),
            row(1, 1, "当期领取薪酬员工总人数（人）\t2,345"),
        ],
    )]);
    let s = summary(&facts);
    assert!(
        s.contains(&("org.name".into(), "江源精密机械股份有限公司".into())),
        "{s:?}"
    );
    assert!(s.contains(&("staff.total".into(), "2345".into())), "{s:?}");
    assert!(
        s.iter()
            .any(|(m, v)| m == "org.credit_code" && v == "913301001234567890"),
        "{s:?}"
    );
}

#[test]
fn an_annual_reports_running_title_names_the_company_and_year() {
    let facts = read(vec![
        page(Some(1), vec![para("2031 年年度报告")]),
        page(
            Some(2),
            vec![
                para("江源精密机械股份有限公司 2031 年年度报告全文"),
                para("审议通过《2030 年年度报告》"),
            ],
        ),
        page(
            Some(3),
            vec![para("江源精密机械股份有限公司 2031 年年度报告全文")],
        ),
    ]);
    assert_eq!(
        summary(&facts),
        pairs(&[
            ("report.year", "2031"),
            ("org.name", "江源精密机械股份有限公司"),
        ])
    );
}

#[test]
fn a_table_of_the_research_staff_is_not_the_whole_staff() {
    let facts = read(vec![page(
        Some(9),
        vec![
            para("研发人员学历结构"),
            row(0, 0, "学历结构类别\t学历结构人数"),
            row(0, 1, "博士研究生\t7"),
            row(0, 2, "硕士研究生\t40"),
            para("教育程度"),
            row(1, 0, "教育程度类别\t数量（人）"),
            row(1, 1, "博士研究生\t9"),
            row(1, 2, "硕士研究生\t61"),
        ],
    )]);
    assert_eq!(
        summary(&facts),
        pairs(&[("staff.phd", "9"), ("staff.masters", "61")])
    );
}

#[test]
fn another_companys_founding_and_profile_are_not_the_applicants() {
    let facts = read(vec![page(
        Some(4),
        vec![
            row(0, 0, "公司的中文名称\t江源精密机械股份有限公司"),
            para("公司成立于2003年4月8日。"),
            para("全资子公司江源物流有限公司成立于2015年2月3日。"),
            para("控股股东情况"),
            row(1, 0, "名称\t江源控股集团有限公司"),
            row(1, 1, "成立日期\t1990年1月2日"),
            row(1, 2, "统一社会信用代码\t91330100MA2B3C4D5E"),
        ],
    )]);
    let s = summary(&facts);
    let founded: Vec<&str> = s
        .iter()
        .filter(|(m, _)| m == "org.founded")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(founded, ["2003-04-08"], "{s:?}");
    assert!(!s.iter().any(|(m, _)| m == "org.credit_code"), "{s:?}");
}

#[test]
fn money_figures_of_another_noun_or_a_wider_subject_are_not_revenue() {
    let facts = read(vec![page(
        Some(3),
        vec![
            para("本年营业收入、毛利同比持平，全年实现净利润3.2亿元。"),
            para("按上年度营业收入为基数，提取职工教育费用120万元。"),
            para("全省软件业务总收入达到1.1万亿元。"),
            para("会计政策变更调减营业收入本期金额5,000.00元，上期金额3,000.00元。"),
            para("公司全年实现营业收入8.8亿元。"),
        ],
    )]);
    let revenue: Vec<String> = summary(&facts)
        .into_iter()
        .filter(|(m, _)| m.starts_with("revenue"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(revenue, ["880000000"]);
}

#[test]
fn the_signer_of_a_pledge_and_the_filer_of_a_report_are_the_applicant() {
    let facts = read(vec![page(
        None,
        vec![
            para("填报单位：汀州明川计量研究院"),
            para("承诺单位（盖章）：汀州明川计量研究院"),
        ],
    )]);
    let names: Vec<String> = summary(&facts)
        .into_iter()
        .filter(|(m, _)| m == "org.name")
        .map(|(_, v)| v)
        .collect();
    assert_eq!(names, ["汀州明川计量研究院", "汀州明川计量研究院"]);
}

/// The CSRC profile form given column by column: the labels, a contact table, then the values
/// (the short and foreign names beside the full one). The full name is the company's.
#[test]
fn company_name_is_read_from_a_profile_form_laid_out_column_by_column() {
    let facts = read(vec![page(
        Some(4),
        vec![
            para("一、 公司信息"),
            para("公司的中文名称"),
            para("公司的中文简称"),
            para("公司的外文名称"),
            para("公司的法定代表人"),
            para("二、 联系人和联系方式"),
            row(3, 0, "姓名\t王某"),
            para("青石湾新材料股份有限公司"),
            para("青石湾"),
            para("Qingshiwan New Material Co., Ltd."),
            para("赵某某"),
        ],
    )]);
    let names: Vec<&Fact> = facts.iter().filter(|f| f.metric == "org.name").collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(
        names[0].value,
        Value::Text("青石湾新材料股份有限公司".into())
    );
    // A label with nothing after it that names a company gives no name.
    let facts = read(vec![page(
        Some(4),
        vec![
            para("公司的中文名称"),
            para("公司的中文简称"),
            para("青石湾"),
        ],
    )]);
    assert!(facts.iter().all(|f| f.metric != "org.name"));
}

/// Patents filed, accepted or filed abroad, a part of a total and a lower bound are not the
/// patents the company holds; the total it holds is.
#[test]
fn patent_applications_parts_and_lower_bounds_are_not_patents_held() {
    let facts = read(vec![page(
        Some(9),
        vec![para(
            "本年度公司申报专利6个，受理发明专利4项，提交PCT专利1项。截至年末，公司拥有授权专利57项，\
             其中发明专利15项。集团获得专利授权数量超300件。",
        )],
    )]);
    let got: Vec<&Value> = facts
        .iter()
        .filter(|f| f.metric == "outputs.patents")
        .map(|f| &f.value)
        .collect();
    assert_eq!(got, [&Value::Number(57.into())], "{facts:?}");
}

/// A ratio of people, board seats held by staff and former staff are not the headcount.
#[test]
fn ratios_staff_supervisors_and_former_staff_are_not_the_headcount() {
    let facts = read(vec![page(
        Some(30),
        vec![para(
            "公司每百万元产值职工人数为1.6人。监事会由3名监事组成，其中职工监事1名。\
             公司需承担费用的离职职工42人。报告期末公司在职员工的数量合计为2,318人。",
        )],
    )]);
    let got: Vec<&Value> = facts
        .iter()
        .filter(|f| f.metric == "staff.total")
        .map(|f| &f.value)
        .collect();
    assert_eq!(got, [&Value::Number(2318.into())], "{facts:?}");
}

/// The controlling shareholder's form and a glossary row defining a predecessor give dates that
/// are not the company's founding; the company's own statement is.
#[test]
fn a_shareholders_form_and_a_glossary_row_do_not_found_the_company() {
    let facts = read(vec![
        page(
            Some(3),
            vec![
                row(
                    1,
                    0,
                    "原白鹭信用社\t指\t成立于 1991 年 4 月的城市信用社，已注销",
                ),
                para("本公司成立于 2003 年 7 月 9 日。"),
            ],
        ),
        page(
            Some(40),
            vec![
                para("（一）控股股东情况"),
                para("√适用 □不适用"),
                row(9, 0, "名称\t远山控股集团有限公司"),
                row(9, 1, "成立日期\t1988 年 2 月 1 日"),
                para("五、董事和高级管理人员情况"),
            ],
        ),
    ]);
    let got: Vec<&Value> = facts
        .iter()
        .filter(|f| f.metric == "org.founded")
        .map(|f| &f.value)
        .collect();
    assert_eq!(
        got,
        [&Value::Date("2003-07-09".parse().unwrap())],
        "{facts:?}"
    );
}

/// The credit code where reports state it: after the label and a blank, under the older
/// labels when it is 18 characters that check out, and before the licence it numbers.
#[test]
fn the_credit_code_is_read_in_the_forms_annual_reports_use() {
    let codes = |text: &str| -> Vec<Value> {
        read(vec![page(Some(10), vec![para(text)])])
            .into_iter()
            .filter(|f| f.metric == "org.credit_code")
            .map(|f| f.value)
            .collect()
    };
    let code = |s: &str| vec![Value::Text(s.into())];
    assert_eq!(
        codes("统一社会信用代码 91350100M000100Y43"),
        code("91350100M000100Y43")
    );
    assert_eq!(
        codes("本公司的企业法人营业执照注册号：91350100M000100Y43；注册地：福州。"),
        code("91350100M000100Y43")
    );
    assert_eq!(
        codes(
            "本公司领取市场监督管理局核发的 91350100M000100Y43 号企业法人营业执照，注册地为福州。"
        ),
        code("91350100M000100Y43")
    );
    // A 15-digit registration number under the older label is not a credit code.
    assert!(codes("营业执照注册号：350100100012345").is_empty());
    // A code that fails its check before 号营业执照 is not taken by that form.
    assert!(codes("核发的 91350100M000100Y44 号营业执照").is_empty());
}

/// Revenue qualified by a line of business after the company's name is that line's; the
/// company's own revenue, with a period or a verb between, stays the company's.
#[test]
fn a_product_lines_revenue_is_not_the_companys() {
    let revenue = |text: &str| -> Vec<Value> {
        read(vec![page(Some(60), vec![para(text)])])
            .into_iter()
            .filter(|f| f.metric == "revenue.total_annual")
            .map(|f| f.value)
            .collect()
    };
    assert!(
        revenue("2024 年度，远帆股份公司工业涂料营业收入 8,120.50 万元，主要来自国内。").is_empty()
    );
    assert_eq!(
        revenue("远帆股份公司2024年度实现营业收入 9,300 万元。"),
        [Value::Number(93_000_000.into())]
    );
    assert_eq!(
        revenue("远帆股份公司财务报表所示营业收入项目金额为 9,300 万元。"),
        [Value::Number(93_000_000.into())]
    );
    assert_eq!(
        revenue("公司成立于2001年，现有员工200人，营业收入 9,300 万元。"),
        [Value::Number(93_000_000.into())]
    );
}

/// The notes' company profile states the founding as a registration (于…在…登记注册) or a
/// setting-up (于…设立的股份有限公司); a parent company's own registration is not the company's.
#[test]
fn the_founding_in_the_notes_company_profile_is_read_and_a_parents_is_not() {
    let founded = |text: &str| -> Vec<Value> {
        read(vec![page(Some(70), vec![para(text)])])
            .into_iter()
            .filter(|f| f.metric == "org.founded")
            .map(|f| f.value)
            .collect()
    };
    assert_eq!(
        founded(
            "青石湾新材料股份有限公司（以下简称公司或本公司）系由青石湾化工有限公司整体变更，于 2009 年 3 月 2 日在福建省市场监督管理局登记注册，总部位于福州。"
        ),
        [Value::Date("2009-03-02".parse().unwrap())]
    );
    assert_eq!(
        founded(
            "鹭江旅游股份有限公司（以下简称“本公司”）系由五家法人共同发起，于1994年8月8日设立的股份有限公司。"
        ),
        [Value::Date("1994-08-08".parse().unwrap())]
    );
    assert!(
        founded("远山投资有限公司（以下简称远山投资）系由远山集团全资持有的公司，于2001年5月6日在厦门市工商行政管理局登记注册。")
            .is_empty()
    );
    assert!(founded("本公司于2018年3月1日设立全资子公司青禾物流。").is_empty());
}
