//! Tables drawn without rules, whose cells a PDF gives as separate lines: the labels of a
//! column first, their figures later (or among another table's lines), each figure on the
//! same baseline as its label:
//!
//! ```text
//! 在职员工的数量合计          ← y 284–295, x 95
//! …
//! 7,707                       ← y 284–295, x 499
//! ```
//!
//! [`aligned_rows`] pairs a label the lexicon knows with the first bare figure to its right on
//! its line, so the form reader reads the pair as it reads a table row.

use super::{Row, clean_label};
use crate::scope::after_ordinal;
use intake_model::Block;

/// Longest label line (characters) taken as a cell.
const LABEL_MAX: usize = 30;

/// A line that is one figure alone: digits with their separators, a sign or a percent sign.
fn bare_figure(t: &str) -> bool {
    let t = t.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || ",.%-，".contains(c))
}

/// Whether two boxes share a line: their vertical extents overlap by at least half the lower
/// one's height.
fn same_line(a: &[f32; 4], b: &[f32; 4]) -> bool {
    let overlap = a[3].min(b[3]) - a[1].max(b[1]);
    let h = (a[3] - a[1]).min(b[3] - b[1]).max(1.0);
    overlap >= 0.5 * h
}

/// One page's paragraph blocks (`(offset in the page text, block)`, in reading order) → rows
/// pairing each known label with the first bare figure to its right on the same line. Each row
/// is a table of its own (numbers from `next_table` on), its caption the last heading before
/// the label; the quote is the figure alone, as the label stands elsewhere in the page text.
pub(crate) fn aligned_rows(
    known: &dyn Fn(&str) -> bool,
    blocks: &[(usize, &Block)],
    page: (Option<u32>, usize),
    next_table: &mut u32,
) -> Vec<Row> {
    let boxed: Vec<(usize, &str, [f32; 4])> = blocks
        .iter()
        .filter_map(|(at, b)| Some((*at, b.text.as_str(), b.bbox?)))
        .filter(|(_, t, _)| !t.trim().is_empty())
        .collect();
    let mut out = Vec::new();
    let mut caption = String::new();
    for (i, &(_, text, lb)) in boxed.iter().enumerate() {
        let t = text.trim();
        if after_ordinal(t).is_some() {
            caption = t.to_string();
        }
        if t.chars().count() > LABEL_MAX || bare_figure(t) || !known(t) {
            continue;
        }
        // The first figure to the right on the label's line, with no other text between.
        let right = boxed
            .iter()
            .enumerate()
            .filter(|(j, (_, _, b))| *j != i && b[0] >= lb[2] - 1.0 && same_line(&lb, b))
            .min_by(|(_, (_, _, a)), (_, (_, _, b))| a[0].total_cmp(&b[0]));
        let Some((_, &(vbase, value, _))) = right else {
            continue;
        };
        if !bare_figure(value) {
            continue;
        }
        let label: String = clean_label(t).chars().filter(|c| *c != '\t').collect();
        let value = value.trim();
        let lead = label.chars().count() + 1;
        let lead_blank = value_offset(blocks, vbase);
        let Some(base) = (vbase + lead_blank).checked_sub(lead) else {
            continue;
        };
        let orig: Vec<char> = format!("{label}\t{value}").chars().collect();
        let mut row = Row::new(*next_table, 0, &orig, base, page.0, page.1, false);
        *next_table += 1;
        row.caption = caption.clone();
        row.value_only = true;
        out.push(row);
    }
    out
}

/// Blanks before the figure in its block (the quote starts at the figure itself).
fn value_offset(blocks: &[(usize, &Block)], at: usize) -> usize {
    blocks.iter().find(|(a, _)| *a == at).map_or(0, |(_, b)| {
        b.text.chars().take_while(|c| c.is_whitespace()).count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_model::BlockKind;

    fn block(text: &str, x: f32, y: f32) -> Block {
        Block {
            text: text.into(),
            kind: BlockKind::Paragraph,
            bbox: Some([x, y, x + 12.0 * text.chars().count() as f32, y + 10.0]),
            ocr_confidence: None,
        }
    }

    fn pairs(blocks: &[Block]) -> Vec<(String, String, String)> {
        let mut at = 0;
        let placed: Vec<(usize, &Block)> = blocks
            .iter()
            .map(|b| {
                let p = (at, b);
                at += b.text.chars().count() + 1;
                p
            })
            .collect();
        let known = |t: &str| ["职工总数", "其中：博士", "硕士"].contains(&clean_label(t).as_str());
        let mut next = 500;
        aligned_rows(&known, &placed, (Some(2), 1), &mut next)
            .into_iter()
            .map(|r| (r.cell(0), r.cell(1), r.caption.clone()))
            .collect()
    }

    #[test]
    fn labels_pair_with_the_figure_on_their_line() {
        // Labels first, another column's text between, figures last: each figure shares its
        // label's baseline.
        let got = pairs(&[
            block("（三）人员情况", 60.0, 400.0),
            block("职工总数", 60.0, 380.0),
            block("硕士", 60.0, 366.0),
            block("备注说明", 300.0, 420.0),
            block("2,418", 480.0, 380.0),
            block("305", 480.0, 366.0),
        ]);
        assert_eq!(
            got,
            vec![
                ("职工总数".into(), "2,418".into(), "（三）人员情况".into()),
                ("硕士".into(), "305".into(), "（三）人员情况".into()),
            ]
        );
    }

    #[test]
    fn only_the_first_figure_and_only_a_figure() {
        // This year's column comes first; last year's is not paired. Words are not values.
        let got = pairs(&[
            block("职工总数", 60.0, 380.0),
            block("1,120", 300.0, 380.0),
            block("1,064", 400.0, 380.0),
            block("硕士", 60.0, 366.0),
            block("不适用", 300.0, 366.0),
        ]);
        assert_eq!(
            got,
            vec![("职工总数".into(), "1,120".into(), String::new())]
        );
        // A figure on another line is not the label's.
        assert!(pairs(&[block("职工总数", 60.0, 380.0), block("77", 300.0, 340.0)]).is_empty());
    }
}
