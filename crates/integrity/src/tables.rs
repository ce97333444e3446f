//! `arithmetic_mismatch` read straight off the tables: a 合计 row (or column) that is not the
//! sum of the rows (or columns) it totals, e.g. 人员情况表 博士 4 + 硕士 15 + 本科及以下 12 = 31
//! against 合计 33. Works on every table, whether or not its rows are metrics.

use std::collections::BTreeMap;

use intake_model::{BlockKind, Decimal, Document, Evidence, Finding, FindingKind, Severity};

use crate::common::{Ctx, checked_sum};

/// Labels of a total row or column.
const TOTALS: &[&str] = &["合计", "总计", "总数", "小计", "共计"];
/// Column headers whose numbers do not add up by nature (ratios, ranks, dates, codes).
const NOT_ADDITIVE: &[&str] = &[
    "序号", "编号", "比例", "占比", "比重", "率", "%", "％", "年份", "日期", "排名", "代码", "号码",
];
/// Unit suffixes a table cell may carry after its number.
const UNITS: &[&str] = &[
    "人次",
    "万元",
    "亿元",
    "元",
    "人",
    "项",
    "个",
    "家",
    "台",
    "套",
    "次",
    "件",
    "篇",
    "㎡",
    "平方米",
];
/// More rows than this in one sum are summarised in the message, not listed.
const LISTED: usize = 8;

struct Row<'a> {
    page: Option<u32>,
    cells: Vec<&'a str>,
    /// Something other than a row of this table came just before it: a line whose cells the
    /// extractor could not split, a page break, a caption. The rows above are then not
    /// known to be all the parts.
    gap_before: bool,
}

/// A cell as an exact number: digits with optional thousands separators, decimals and one unit.
fn number(cell: &str) -> Option<Decimal> {
    let mut t: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    for u in UNITS {
        if let Some(s) = t.strip_suffix(u) {
            t = s.to_string();
            break;
        }
    }
    if t.is_empty() || t.len() > 20 || !t.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    t.parse().ok()
}

fn is_total(cell: &str) -> bool {
    let c: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    TOTALS.contains(&c.as_str())
}

fn additive(header: &str) -> bool {
    !NOT_ADDITIVE.iter().any(|w| header.contains(w))
}

/// Rounding slack of a sum: exact for integers; half a unit of the last decimal per part otherwise.
fn slack(values: &[Decimal]) -> Decimal {
    let scale = values.iter().map(|v| v.scale()).max().unwrap_or(0);
    if scale == 0 {
        return Decimal::ZERO;
    }
    Decimal::new(5, (scale + 1).min(28)) * Decimal::from(values.len() as i64 - 1)
}

/// Every 合计 row and column of every table of the submission's documents.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, doc) in &ctx.input.documents {
        for rows in tables(doc).values() {
            vertical(ctx, path, rows, &mut out);
            horizontal(ctx, path, rows, &mut out);
        }
    }
    out
}

fn tables(doc: &Document) -> BTreeMap<u32, Vec<Row<'_>>> {
    let mut t: BTreeMap<u32, Vec<Row>> = BTreeMap::new();
    let mut previous: Option<u32> = None;
    for page in &doc.pages {
        let mut first_on_page = true;
        for b in &page.blocks {
            if let BlockKind::TableRow { table, .. } = b.kind {
                t.entry(table).or_default().push(Row {
                    page: page.number,
                    cells: b.text.split('\t').collect(),
                    gap_before: previous != Some(table) || (first_on_page && page.number.is_some()),
                });
                previous = Some(table);
            } else {
                previous = None;
            }
            first_on_page = false;
        }
    }
    t
}

/// A total row against the rows above it (back to the previous total row).
fn vertical(ctx: &Ctx, path: &str, rows: &[Row], out: &mut Vec<Finding>) {
    let Some(header) = rows.first() else { return };
    let mut start = 0;
    for (t, row) in rows.iter().enumerate() {
        if !row.cells.first().is_some_and(|c| is_total(c)) {
            continue;
        }
        let group = &rows[start..t];
        start = t + 1;
        // A 合计 below 小计 rows totals those, not the rows; too irregular to check safely.
        if group
            .iter()
            .any(|r| r.cells.first().is_some_and(|c| is_total(c)))
        {
            continue;
        }
        // Only a run of rows with nothing between them is known to hold every part.
        if group
            .iter()
            .skip(1)
            .chain(std::iter::once(row))
            .any(|r| r.gap_before)
        {
            continue;
        }
        for j in 1..row.cells.len() {
            let Some(total) = number(row.cells[j]) else {
                continue;
            };
            let head = header.cells.get(j).copied().unwrap_or("");
            // A header that is itself a figure: the table continues one begun elsewhere (a
            // page before), and what the column holds is not known.
            if !additive(head) || figure(head) {
                continue;
            }
            let mut parts: Vec<(&Row, Decimal)> = Vec::new();
            let mut regular = true;
            for (i, r) in group.iter().enumerate() {
                if r.cells.len() != row.cells.len() {
                    regular = false;
                    break;
                }
                match number(r.cells[j]) {
                    Some(v) => parts.push((r, v)),
                    // The header row (the group's first when it starts the table), or a part
                    // left blank. Any other cell that is no number ("S7" from a noisy text
                    // layer, "约30") is a part that cannot be read: no sum can be judged.
                    None if (i == 0 && start_is_header(rows, group))
                        || r.cells[j].trim().is_empty() => {}
                    None => regular = false,
                }
            }
            // Rows that are no plain addend — 其中 (a breakdown of the row above), 减/加 (an
            // adjustment), 抵销 (an elimination between segments) — make a statement's
            // arithmetic that only a full reading of the statement could check: no alarm.
            if !regular || parts.len() < 2 || parts.iter().any(|(r, _)| adjusting(r.cells[0])) {
                continue;
            }
            let values: Vec<Decimal> = parts.iter().map(|(_, v)| *v).collect();
            let Some(sum) = checked_sum(values.iter().copied()) else {
                continue;
            };
            let mut all = values.clone();
            all.push(total);
            if (sum - total).abs() <= slack(&all) || subtotal_counted(&values, sum - total) {
                continue;
            }
            let terms = parts
                .iter()
                .map(|(r, v)| (r.cells[0].trim(), *v, r.page, r.cells[j]))
                .collect::<Vec<_>>();
            let column = header.cells.get(j).map(|c| c.trim()).unwrap_or("");
            report(
                ctx,
                path,
                column,
                row.cells[0].trim(),
                &terms,
                (total, row.page, row.cells[j]),
                out,
            );
        }
    }
}

/// Whether a cell that should be a label holds a figure, signed or not (−18,685.03).
fn figure(cell: &str) -> bool {
    number(cell.trim().trim_start_matches(['-', '－', '−'])).is_some()
}

/// Whether a row label marks an adjustment or a breakdown rather than an addend.
fn adjusting(label: &str) -> bool {
    let l: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    ["其中", "减", "加", "：其中"]
        .iter()
        .any(|p| l.starts_with(p))
        || ["抵销", "抵消"].iter().any(|w| l.contains(w))
}

/// Whether `excess` (the parts' sum above the total) is exactly a run of consecutive parts: a
/// subtotal row without a 小计 label (3 年以上 above 3 至 4 年, 4 至 5 年 …) counted with its own
/// items. Bounded: runs of the parts given, at most quadratic in a table's rows (≤ a few hundred).
fn subtotal_counted(values: &[Decimal], excess: Decimal) -> bool {
    if excess <= Decimal::ZERO {
        return false;
    }
    (0..values.len()).any(|i| {
        // Two parts at least: one part equal to the gap is as likely a row the total left out.
        let mut s = Decimal::ZERO;
        values[i..].iter().enumerate().any(|(n, v)| {
            s = s.checked_add(*v).unwrap_or(Decimal::MAX);
            n >= 1 && s == excess
        })
    })
}

/// Whether `group` starts at the table's first row (its header).
fn start_is_header(rows: &[Row], group: &[Row]) -> bool {
    group.as_ptr() == rows.as_ptr()
}

/// A total column against the columns left of it, row by row.
fn horizontal(ctx: &Ctx, path: &str, rows: &[Row], out: &mut Vec<Finding>) {
    let Some(header) = rows.first() else { return };
    let Some(c) = header.cells.iter().position(|h| is_total(h)) else {
        return;
    };
    // Every column left of the total must be named, and by a word, not a figure: a wide
    // statement table whose header the text layer split or merged has columns shifted, and its
    // rows then add up the wrong cells.
    if c < 3
        || header.cells[1..c]
            .iter()
            // An adjusting column (分部间抵销) is subtracted by the statement, not added.
            .any(|h| h.trim().is_empty() || figure(h) || adjusting(h))
    {
        return;
    }
    for row in &rows[1..] {
        let label = row.cells.first().copied().unwrap_or("");
        // A row whose label cell holds a figure lost its label: its cells are shifted.
        if row.cells.len() != header.cells.len() || is_total(label) || figure(label) {
            continue;
        }
        let Some(total) = number(row.cells[c]) else {
            continue;
        };
        let mut parts = Vec::new();
        let mut regular = true;
        for j in 1..c {
            if !additive(header.cells[j]) {
                continue;
            }
            match number(row.cells[j]) {
                Some(v) => parts.push((header.cells[j].trim(), v, row.page, row.cells[j])),
                None if row.cells[j].trim().is_empty() => {}
                None => regular = false,
            }
        }
        if !regular || parts.len() < 2 {
            continue;
        }
        let mut all: Vec<Decimal> = parts.iter().map(|p| p.1).collect();
        let Some(sum) = checked_sum(all.iter().copied()) else {
            continue;
        };
        all.push(total);
        if (sum - total).abs() <= slack(&all) {
            continue;
        }
        report(
            ctx,
            path,
            row.cells[0].trim(),
            header.cells[c].trim(),
            &parts,
            (total, row.page, row.cells[c]),
            out,
        );
    }
}

type Term<'a> = (&'a str, Decimal, Option<u32>, &'a str);

fn report(
    ctx: &Ctx,
    path: &str,
    line: &str,
    total_label: &str,
    terms: &[Term],
    total: (Decimal, Option<u32>, &str),
    out: &mut Vec<Finding>,
) {
    let sum = checked_sum(terms.iter().map(|t| t.1)).unwrap_or_default();
    let listed = if terms.len() <= LISTED {
        terms
            .iter()
            .map(|(l, v, _, _)| format!("{l} {}", v.normalize()))
            .collect::<Vec<_>>()
            .join(" + ")
    } else {
        format!("{} 项之和", terms.len())
    };
    let within = if line.is_empty() {
        String::new()
    } else {
        format!("“{line}”")
    };
    let message = format!(
        "{path} 表格{within}：{listed} = {}，与{total_label} {} 不符，请核对分项与合计",
        sum.normalize(),
        total.0.normalize()
    );
    let ev = |page: Option<u32>, quote: &str| Evidence {
        submission: None,
        document: path.to_string(),
        page,
        quote: quote.trim().to_string(),
    };
    let mut evidence: Vec<Evidence> = terms.iter().map(|(_, _, p, q)| ev(*p, q)).collect();
    evidence.push(ev(total.1, total.2));
    // The metric the total is read as, if the facts stage read it from this cell.
    let metric = ctx
        .input
        .facts
        .iter()
        .find(|f| {
            f.document == path && f.number() == Some(total.0) && f.quote.trim() == total.2.trim()
        })
        .map(|f| f.metric.clone());
    out.push(ctx.finding(
        "integrity.arithmetic_mismatch",
        FindingKind::ArithmeticMismatch,
        Severity::Fail,
        metric.as_deref(),
        message,
        evidence,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_slack() {
        assert_eq!(number("1,250.50 万元"), Some("1250.50".parse().unwrap()));
        assert_eq!(number("33人"), Some(Decimal::from(33)));
        assert_eq!(number("约30"), None);
        let v: Vec<Decimal> = ["1.25", "2.50", "3.75"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(slack(&v), "0.010".parse().unwrap());
        assert_eq!(slack(&[Decimal::from(4), Decimal::from(15)]), Decimal::ZERO);
    }
}
