//! Digits a scan or a bad text layer printed as look-alike letters (`l` for 1, `S` for 5, `O`
//! for 0) where the figure stands apart from its unit: spaced from it in prose, or alone in a
//! table cell under a header that gives the unit.

mod common;
use common::{page, pairs, para, read, row, summary};
use intake_model::ReadMethod;

#[test]
fn look_alike_letters_spaced_from_the_unit_or_alone_in_a_cell_are_digits() {
    let got = read(vec![page(
        Some(3),
        vec![
            para("本中心从业人员共计 l36 人，具有 S 年产业技术基础服务经历。"),
            row(0, 0, "学历层次\t人数（人）\t占比"),
            row(0, 1, "博士研究生\t2l\t15.4%"),
            row(0, 2, "硕士研究生\t4O\t29.4%"),
        ],
    )]);
    assert_eq!(
        summary(&got),
        pairs(&[
            ("staff.total", "136"),
            ("service.years", "5"),
            ("staff.phd", "21"),
            ("staff.masters", "40"),
        ])
    );
    assert!(got.iter().all(|f| f.method == ReadMethod::OcrCorrected));
}

#[test]
fn letters_that_are_letters_stay_letters() {
    let got = read(vec![page(
        Some(3),
        vec![
            // A class of equipment, a programme's name, a grade: no figures.
            para("中心配备 I 类防护设备，参与 Plan S 年度评估，获评 S 级服务机构。"),
            row(0, 0, "岗位\t等级"),
            row(0, 1, "检测人员\tS"),
        ],
    )]);
    assert!(summary(&got).is_empty(), "{:?}", summary(&got));
}
