//! Key–value forms that a PDF gives column by column. A Word table converted to PDF is often
//! extracted as its first column's lines, then its second column's:
//!
//! ```text
//! 单位名称
//! 成立时间
//! 北京某某研究所
//! 2001/3/9
//! ```
//!
//! [`column_forms`] pairs such a run back into label | value rows, so the form reader reads them
//! as it reads a table.

use super::{Row, clean_label, director_heading};
use crate::quantity::parse_quantity;
use crate::scope::after_ordinal;

/// Longest line (characters) taken as a label or a value of such a form.
const CELL_MAX: usize = 40;

/// Fewest label–value pairs taken as a form.
const PAIRS_MIN: usize = 3;

/// Whether a line is a heading or a page mark between the columns (1. 基本情况, 表1 …, 表 2 …,
/// - 2 -).
fn heading(t: &str) -> bool {
    let table_number = t.strip_prefix('表').is_some_and(|rest| {
        rest.trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    after_ordinal(t).is_some() || table_number || t.starts_with('-') && t.ends_with('-')
}

fn figure_like(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    parse_quantity(t).is_some()
        || !crate::date::find_dates(&chars).is_empty()
        || chars.iter().filter(|c| c.is_ascii_digit()).count() >= 6
}

/// One page's paragraphs (`(offset in the page text, text)`) → rows of the column-wise forms
/// found among them. A form is a run of short lines (headings aside) whose first half are
/// labels — no figure among them, at least two the lexicon knows — and whose second half are
/// their values, one of them a figure. Rows get table numbers from `next_table` on; each row's
/// caption is the last heading before its label (so 姓名 under 实验室主任情况 is the director's).
pub(crate) fn column_forms(
    known: &dyn Fn(&str) -> bool,
    lines: &[(usize, &str)],
    page: (Option<u32>, usize),
    next_table: &mut u32,
) -> Vec<Row> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A run of short lines, headings kept aside with the label they stand before.
        let mut cells: Vec<(usize, &str, &str)> = Vec::new();
        let mut caption = "";
        let mut j = i;
        while j < lines.len() {
            let t = lines[j].1.trim();
            let n = t.chars().take(CELL_MAX + 1).count();
            if n == 0 || n > CELL_MAX || t.contains(['。', '，', '；']) {
                break;
            }
            if heading(t) {
                caption = t;
            } else {
                cells.push((lines[j].0, lines[j].1, caption));
            }
            j += 1;
        }
        i = j.max(i + 1);
        let n = cells.len();
        if n < 2 * PAIRS_MIN || !n.is_multiple_of(2) {
            continue;
        }
        let (labels, values) = cells.split_at(n / 2);
        // The cheap tests first: most runs of short lines are no form.
        let knows = labels
            .iter()
            .filter(|(_, t, c)| known(t) || clean_label(t) == "姓名" && director_heading(c))
            .count();
        if knows == 0 {
            continue;
        }
        let label_ok = |(_, t, _): &(usize, &str, &str)| {
            (2..=24).contains(&clean_label(t).chars().count()) && !figure_like(t)
        };
        if !labels.iter().all(label_ok) {
            continue;
        }
        // Two known labels and a figure make a form; one known label will do where every
        // value is a figure (母公司在职员工的数量 | 主要子公司… | 在职员工的数量合计, then three
        // counts): a list of words does not pair with a column of numbers by chance.
        let figures = values.iter().filter(|(_, t, _)| figure_like(t)).count();
        if figures == 0 || knows < 2 && figures < values.len() {
            continue;
        }
        let table = *next_table;
        *next_table += 1;
        for (k, ((_, label, caption), (vbase, value, _))) in labels.iter().zip(values).enumerate() {
            let label: String = label.chars().filter(|c| *c != '\t').collect();
            let lead = label.chars().count() + 1;
            let Some(base) = vbase.checked_sub(lead) else {
                continue;
            };
            let orig: Vec<char> = format!("{label}\t{value}").chars().collect();
            let mut row = Row::new(table, k as u32, &orig, base, page.0, page.1, false);
            row.caption = caption.to_string();
            row.value_only = true;
            out.push(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<(String, String, String)> {
        let mut at = 0;
        let placed: Vec<(usize, &str)> = lines
            .iter()
            .map(|l| {
                let p = (at, *l);
                at += l.chars().count() + 1;
                p
            })
            .collect();
        let known =
            |t: &str| ["单位名称", "成立时间", "身份证号"].contains(&clean_label(t).as_str());
        let mut next = 100;
        column_forms(&known, &placed, (Some(1), 0), &mut next)
            .into_iter()
            .map(|r| (r.cell(0), r.cell(1), r.caption.clone()))
            .collect()
    }

    #[test]
    fn a_form_read_column_by_column_is_paired_back() {
        let got = rows(&[
            "一、申报主体",
            "单位名称",
            "成立时间",
            "负责人电话",
            "杭州青禾检测技术有限公司",
            "2011年9月2日",
            "0571-12345678",
            "我单位长期从事检测服务，拥有完整的质量体系。",
        ]);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "单位名称");
        assert_eq!(got[0].1, "杭州青禾检测技术有限公司");
        assert_eq!(got[1].1, "2011年9月2日");
    }

    #[test]
    fn a_heading_between_the_columns_names_the_director() {
        let got = rows(&[
            "（二）实训基地主任情况",
            "姓名",
            "性别",
            "身份证号",
            "刘某某",
            "女",
            "110101198001010000",
        ]);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0],
            (
                "姓名".into(),
                "刘某某".into(),
                "（二）实训基地主任情况".into()
            )
        );
    }

    #[test]
    fn a_spaced_table_number_is_a_caption_not_a_label() {
        // The caption of the first table and the director's heading both stand among the
        // labels; the values of both tables follow together.
        let got = rows(&[
            "表 3 基本信息表",
            "单位名称",
            "成立时间",
            "（一）实验室主任情况",
            "姓名",
            "身份证号",
            "宁波启衡计量技术有限公司",
            "2009年4月1日",
            "王某某",
            "330203197905120000",
        ]);
        assert_eq!(got.len(), 4);
        assert_eq!(got[1].1, "2009年4月1日");
        assert_eq!(
            got[2],
            (
                "姓名".into(),
                "王某某".into(),
                "（一）实验室主任情况".into()
            )
        );
    }

    #[test]
    fn one_known_label_pairs_with_a_column_of_counts() {
        let got = rows(&[
            "四、员工情况",
            "总部员工数",
            "分支机构员工数",
            "身份证号",
            "1,020",
            "335",
            "110101198001010000",
        ]);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[1],
            ("分支机构员工数".into(), "335".into(), "四、员工情况".into())
        );
        // One known label among words: no form.
        assert!(rows(&["身份证号", "籍贯", "民族", "x", "湖南", "汉"]).is_empty());
    }

    #[test]
    fn lists_and_odd_runs_are_not_forms() {
        // Values among the first half: a list, not a form.
        assert!(rows(&["单位名称", "2011年9月2日", "成立时间", "x公司", "y", "z"]).is_empty());
        // Labels the lexicon does not know.
        assert!(rows(&["甲", "乙方", "丙方", "1", "2", "3"]).is_empty());
        // An odd count cannot be split into labels and values.
        assert!(
            rows(&[
                "单位名称",
                "成立时间",
                "身份证号",
                "a",
                "2011年9月2日",
                "c",
                "d"
            ])
            .is_empty()
        );
    }
}
