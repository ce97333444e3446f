//! `suspicious_pattern`: figures bunched exactly on their thresholds, and tables whose first
//! digits depart from Benford's law (Nigrini's MAD test).

use std::collections::BTreeMap;

use intake_model::{BlockKind, Decimal, Evidence, Fact, Finding, FindingKind, Regime, Severity};

use crate::common::{Ctx, clip, differ, evidence, label, show};

/// How many figures must sit exactly on a threshold before it is worth a look.
pub const BUNCHING_MIN: usize = 3;

/// The fewest numbers in one table for a first-digit test (Nigrini advises several hundred;
/// below that the MAD of honest data is too noisy to read).
pub const BENFORD_MIN_N: usize = 300;

/// Nigrini's first-digit MAD bound above which data do not conform (0.006 close conformity,
/// 0.012 acceptable, 0.015 marginally acceptable; *Benford's Law*, 2012, table 7.1).
pub const BENFORD_NONCONFORMITY: f64 = 0.015;

/// Bunching at the submission's regime thresholds and first-digit tests of its tables.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(regime) = &ctx.input.regime {
        bunching(ctx, regime, &mut out);
    }
    for (path, doc) in &ctx.input.documents {
        benford(ctx, path, doc, &mut out);
    }
    out
}

/// The one exact value stated for a metric (all exact statements agreeing), with its fact.
fn stated<'a>(ctx: &Ctx<'a>, metric: &str) -> Option<(Decimal, &'a Fact)> {
    let mut found: Option<(Decimal, &Fact)> = None;
    for f in ctx.facts_of(metric).filter(|f| !f.approx) {
        let d = f.number()?;
        match found {
            None => found = Some((d, f)),
            Some((v, _)) if differ(metric, v, d) => return None,
            Some(_) => {}
        }
    }
    found
}

/// Figures exactly on the regime's thresholds (the rulebooks' figures of at least 10, as the
/// pipeline passes them in [`crate::SubmissionInput::thresholds`]).
fn bunching(ctx: &Ctx, regime: &Regime, out: &mut Vec<Finding>) {
    let mut on: Vec<(&str, Decimal, &Fact)> = Vec::new();
    for row in ctx.input.thresholds.of(regime) {
        let metric = row.metric.as_str();
        if let Some((v, f)) = stated(ctx, metric)
            && row.values.contains(&v)
        {
            on.push((metric, v, f));
        }
    }
    if on.len() < BUNCHING_MIN {
        return;
    }
    let listed: Vec<String> = on
        .iter()
        .map(|(m, v, _)| format!("{} {}", label(m), show(m, *v)))
        .collect();
    out.push(ctx.finding(
        "integrity.suspicious_pattern",
        FindingKind::SuspiciousPattern,
        Severity::Warn,
        None,
        format!(
            "{} 项指标恰好等于认定门槛：{}。多项数据同时“踩线”，请核对原始凭证",
            on.len(),
            listed.join("，")
        ),
        on.iter().map(|(_, _, f)| evidence(f)).collect(),
    ));
}

/// Column headers whose numbers are labels, not amounts (Benford applies to amounts only).
const NOT_AMOUNTS: &[&str] = &[
    "序号", "编号", "年份", "日期", "时间", "电话", "代码", "号码", "邮编", "比例", "%", "％",
];

/// A table cell as an amount: digits with optional thousands separators and decimals, optional
/// sign; percent cells, identifiers (16+ digits) and anything else are not amounts.
fn amount(cell: &str) -> Option<f64> {
    let t: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    let t = t.strip_prefix(['-', '−']).unwrap_or(&t);
    if t.is_empty() || t.len() > 15 || !t.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn first_digit(mut v: f64) -> Option<usize> {
    if v < 10.0 {
        return None;
    }
    let mut guard = 0;
    while v >= 10.0 && guard < 400 {
        v /= 10.0;
        guard += 1;
    }
    let d = v as usize;
    (1..=9).contains(&d).then_some(d)
}

/// Mean absolute deviation of first-digit proportions from Benford's `log10(1 + 1/d)`.
pub fn benford_mad(counts: &[usize; 9]) -> f64 {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return 0.0;
    }
    (1..=9)
        .map(|d| (counts[d - 1] as f64 / n as f64 - (1.0 + 1.0 / d as f64).log10()).abs())
        .sum::<f64>()
        / 9.0
}

struct Table<'a> {
    page: Option<u32>,
    header: &'a str,
    skip_cols: Vec<usize>,
    counts: [usize; 9],
}

fn benford(ctx: &Ctx, path: &str, doc: &intake_model::Document, out: &mut Vec<Finding>) {
    let mut tables: BTreeMap<u32, Table> = BTreeMap::new();
    for page in &doc.pages {
        for b in &page.blocks {
            let BlockKind::TableRow { table, .. } = b.kind else {
                continue;
            };
            let cells = b.cells();
            let t = tables.entry(table).or_insert_with(|| Table {
                page: page.number,
                header: &b.text,
                skip_cols: cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| NOT_AMOUNTS.iter().any(|w| c.contains(w)))
                    .map(|(i, _)| i)
                    .collect(),
                counts: [0; 9],
            });
            for (i, c) in cells.iter().enumerate() {
                if t.skip_cols.contains(&i) {
                    continue;
                }
                if let Some(d) = amount(c).and_then(first_digit) {
                    t.counts[d - 1] += 1;
                }
            }
        }
    }
    for (index, t) in tables {
        let n: usize = t.counts.iter().sum();
        if n < BENFORD_MIN_N {
            continue;
        }
        let mad = benford_mad(&t.counts);
        if mad <= BENFORD_NONCONFORMITY {
            continue;
        }
        let excess = mad - 1.0 / (158.8 * n as f64).sqrt();
        let shares: Vec<String> = t
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}:{:.1}%", i + 1, *c as f64 * 100.0 / n as f64))
            .collect();
        out.push(ctx.finding(
            "integrity.suspicious_pattern",
            FindingKind::SuspiciousPattern,
            Severity::Warn,
            None,
            format!(
                "{path} 第 {} 个表格的 {n} 个数值首位数字不符合本福特定律：MAD = {mad:.4}，Excess MAD = {excess:.4}（N = {n}；Nigrini 阈值 MAD > {BENFORD_NONCONFORMITY} 为不符合）。首位数字分布 {}，请核对原始账目",
                index + 1,
                shares.join(" ")
            ),
            vec![Evidence {
                submission: None,
                document: path.to_string(),
                page: t.page,
                quote: clip(t.header, 200),
            }],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mad_of_benford_is_small_and_of_flat_digits_large() {
        let mut c = [0usize; 9];
        for d in 1..=9 {
            c[d - 1] = ((1.0 + 1.0 / d as f64).log10() * 10_000.0).round() as usize;
        }
        assert!(benford_mad(&c) < 0.0001);
        assert!(benford_mad(&[100; 9]) > 0.05);
        assert_eq!(amount("1,234.50"), Some(1234.5));
        assert_eq!(amount("12%"), None);
        assert_eq!(first_digit(734.0), Some(7));
        assert_eq!(first_digit(9.0), None);
    }
}
