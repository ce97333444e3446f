//! Figures a document states about its own entity in ways other than a label before the
//! figure: the area before the kind of room it measures, and the issuer named by a prospectus's
//! running title. Each with the near miss that must stay unread.

mod common;
use common::{page, pairs, para, read, row, summary};

#[test]
fn an_area_before_its_kind_of_room_is_the_floor_area() {
    let got = read(vec![page(
        Some(7),
        vec![
            para("依托学院为本课题组提供了 860 平米的科研用房，并配备专用服务器。"),
            para("中心现有 1,240 平方米的实验场地。"),
        ],
    )]);
    assert_eq!(
        summary(&got),
        pairs(&[("facility.area_m2", "860"), ("facility.area_m2", "1240")])
    );
    assert!(
        got[0].quote.contains("860 平米的科研用房"),
        "{}",
        got[0].quote
    );
}

#[test]
fn an_area_planned_or_required_before_a_room_is_no_claim() {
    let got = read(vec![page(
        Some(7),
        vec![
            para("学校拟另行提供 500 平米的实验用房。"),
            para("申报单位应具有不少于 300 平方米的实训场地。"),
            // An area not followed by a kind of room the metric measures.
            para("园区建成 4,000 平方米的展示大厅。"),
        ],
    )]);
    assert!(summary(&got).is_empty(), "{:?}", summary(&got));
}

#[test]
fn a_prospectus_title_names_its_issuer() {
    let got = read(vec![page(
        Some(1),
        vec![
            para("青岚城市建设投资集团有限公司 2031 年度第二期中期票据募集说明书"),
            para("截至 2031 年 6 月末，发行人获得授信额度合计 210.4 亿元。"),
            // The lenders' table: their credit lines, no figure of a metric.
            row(1, 0, "序号\t金融机构名称\t授信总额\t已使用"),
            row(1, 1, "1\t某某银行江北支行\t86,000.00\t41,500.00"),
        ],
    )]);
    assert_eq!(
        summary(&got),
        pairs(&[("org.name", "青岚城市建设投资集团有限公司")])
    );
}

#[test]
fn a_prospectus_named_in_a_sentence_or_without_a_company_names_no_one() {
    let got = read(vec![page(
        Some(1),
        vec![
            // Cited inside a sentence: another document's title.
            para("详见《青岚城市建设投资集团有限公司 2031 年度第二期中期票据募集说明书》。"),
            // A product's manual: no issuer, no company name before a year.
            para("智能电表 2031 版使用说明书"),
        ],
    )]);
    assert!(summary(&got).is_empty(), "{:?}", summary(&got));
}

#[test]
fn a_text_files_table_set_out_with_bars_is_read_as_a_table() {
    // A plain-text application whose tables are drawn with vertical bars, as many editors and
    // chat tools paste them: each row's count belongs to its row label.
    let text = "四、成果情况\n表4 知识产权\n类别 | 数量（项）\n发明专利 | 21\n软件著作权 | 9\n\
                标准 | 4\n合计 | 34\n\n| 学历 | 人数（人） |\n|---|---|\n| 博士研究生 | 11 |\n\
                | 硕士研究生 | 27 |\n";
    let (_, doc) = intake_extract::extract(text.as_bytes(), &Default::default());
    let doc = doc.unwrap();
    let facts = common::READER.read("sub-0001", "申报书.txt", &doc);
    let got = summary(&facts);
    for want in [
        ("outputs.patents", "21"),
        ("outputs.software_copyrights", "9"),
        ("outputs.standards", "4"),
        ("staff.phd", "11"),
        ("staff.masters", "27"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not read: {got:?}"
        );
    }
}
