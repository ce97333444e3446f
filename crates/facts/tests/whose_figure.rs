//! Figures in documents that are not the applicant's statements about itself: a rule's
//! conditions, the nation's statistics, a standards body's work, a measure word cut off at the
//! end of a line.

mod common;
use common::{page, pairs, para, read, row, summary};

fn metrics(pages: Vec<intake_model::Page>) -> Vec<String> {
    summary(&read(pages)).into_iter().map(|(m, _)| m).collect()
}

#[test]
fn a_rules_condition_is_no_head_count() {
    let got = metrics(vec![page(
        Some(2),
        vec![
            para("参赛队伍分为专科组和本科组，队伍中如有 2 人为本科生，则该队列入本科组。"),
            para("申请人应具有高级职称，或者有3名同行专家推荐。"),
        ],
    )]);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn the_nations_and_a_committees_counts_are_not_the_applicants() {
    let got = metrics(vec![page(
        Some(4),
        vec![
            para("2030年我国工业软件领域发明专利授权量达12.5万件。"),
            para("全国电工标准化技术委员会组织编制了系列标准《储能变流器检测规程》，共9项。"),
        ],
    )]);
    assert!(got.is_empty(), "{got:?}");
    // The applicant's own count still is, a body named beside it notwithstanding.
    let own = read(vec![page(
        Some(4),
        vec![para(
            "本单位由骨干企业与行业协会联合组建，累计获得发明专利授权12件。",
        )],
    )]);
    assert_eq!(summary(&own), pairs(&[("outputs.patents", "12")]));
}

#[test]
fn a_measure_word_cut_at_a_cells_end_is_not_a_count() {
    // 个 ends the cell; its 月 went to the next line of the cell.
    let got = metrics(vec![page(
        Some(9),
        vec![row(
            4,
            0,
            "以评级发布后的 12 个月内的行业表现为比较标准，发布日后 12 个\t买入\t强于市场 15%以上",
        )],
    )]);
    assert!(!got.contains(&"outputs.standards".to_string()), "{got:?}");
}
