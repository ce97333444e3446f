//! `suspicious_pattern`: figures bunched exactly on their thresholds, and tables whose first
//! digits depart from Benford's law (Nigrini's MAD test).

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{BlockKind, Decimal, Evidence, Fact, Finding, FindingKind, Regime, Severity};

use crate::common::{Ctx, clip, differ, evidence, label, show};

/// Thresholds of at least 10 from `regimes.md`, in canonical units, per regime and metric (all
/// levels and variants of a promotion center together). Small thresholds (1 case, 3 projects)
/// are left out: honest small counts land on them all the time.
const THRESHOLDS: &[(Regime, &str, &[i64])] = &[
    (Regime::IiaTrainingBase, key::TRAINING_CAPACITY, &[20]),
    (Regime::TechBasePlatform, key::BUSINESS_TECH_BASE_PCT, &[60]),
    (Regime::TechBasePlatform, key::STAFF_TOTAL, &[50]),
    (
        Regime::TechBasePlatform,
        key::STAFF_MASTERS_OR_MID_TITLE_PCT,
        &[50],
    ),
    (Regime::TechBasePlatform, key::STAFF_QUALIFIED_PCT, &[60]),
    (
        Regime::TechBasePlatform,
        key::EQUIPMENT_ORIGINAL_VALUE,
        &[10_000_000],
    ),
    (
        Regime::TechBasePlatform,
        key::REVENUE_SERVICE_ANNUAL,
        &[10_000_000],
    ),
    (Regime::QualityStandardsLab, key::FACILITY_AREA_M2, &[3000]),
    (
        Regime::QualityStandardsLab,
        key::EQUIPMENT_CURRENT_VALUE,
        &[50_000_000],
    ),
    (
        Regime::QualityStandardsLab,
        key::PROJECTS_NATIONAL_5Y,
        &[15],
    ),
    (
        Regime::QualityStandardsLab,
        key::PROJECTS_NATIONAL_AMOUNT_5Y,
        &[20_000_000],
    ),
    (
        Regime::QualityStandardsLab,
        key::ACHIEVEMENTS_TRANSFERRED_3Y,
        &[15],
    ),
    (
        Regime::QualityStandardsLab,
        key::SERVICES_QUALITY_AMOUNT_3Y,
        &[30_000_000],
    ),
    (
        Regime::PromotionCenter,
        key::STAFF_OPERATING,
        &[100, 50, 25],
    ),
    (
        Regime::PromotionCenter,
        key::OUTPUTS_IP_TOTAL,
        &[100, 50, 300, 150],
    ),
    (
        Regime::PromotionCenter,
        key::PRODUCTS_ADOPTERS,
        &[1000, 500, 800],
    ),
    (Regime::PromotionCenter, key::CONSULTING_REGIONS, &[10]),
    (Regime::PromotionCenter, key::CONSULTING_INDUSTRIES, &[10]),
    (
        Regime::PromotionCenter,
        key::MATCHMAKING_EVENTS_LAST_YEAR,
        &[10],
    ),
    (
        Regime::PromotionCenter,
        key::TRAINING_TRAINEES_LAST_YEAR,
        &[2000, 1000, 500, 300, 20000, 10000],
    ),
    (
        Regime::PromotionCenter,
        key::ENTERPRISES_SERVED_LAST_YEAR,
        &[1000, 500, 300, 150],
    ),
    (
        Regime::PromotionCenter,
        key::SME_PARTNERS,
        &[5000, 2000, 500, 300],
    ),
    (Regime::PromotionCenter, key::MODELS_INDUSTRY, &[1000, 500]),
    (Regime::PromotionCenter, key::SUPPLIERS_PARTNERS, &[50]),
    (Regime::PromotionCenter, key::SUPPLIERS_HEAD, &[10]),
    (
        Regime::PromotionCenter,
        key::SUPPLIERS_SPECIALIZED,
        &[20, 10],
    ),
    (Regime::PromotionCenter, key::TRAINING_CAPACITY, &[100, 50]),
    (
        Regime::PromotionCenter,
        key::INDUSTRY_EDUCATION_COOPERATIONS_LAST_YEAR,
        &[30, 15],
    ),
    (
        Regime::PromotionCenter,
        key::COMPETITION_TEAMS,
        &[2000, 1000],
    ),
    (Regime::PromotionCenter, key::SME_SOLUTIONS, &[5000]),
    (
        Regime::PromotionCenter,
        key::SME_SERVED_LAST_YEAR,
        &[5000, 1000],
    ),
    (
        Regime::PromotionCenter,
        key::SME_PREFERENTIAL_LAST_YEAR,
        &[3000, 1500],
    ),
    (
        Regime::PromotionCenter,
        key::LARGE_ENTERPRISES_COLLAB,
        &[30],
    ),
    (Regime::PromotionCenter, key::SME_COLLAB, &[600]),
];

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
    if let Some(regime) = ctx.input.regime {
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

fn bunching(ctx: &Ctx, regime: Regime, out: &mut Vec<Finding>) {
    let mut on: Vec<(&str, Decimal, &Fact)> = Vec::new();
    for (r, metric, values) in THRESHOLDS {
        if *r != regime {
            continue;
        }
        if let Some((v, f)) = stated(ctx, metric)
            && values.iter().any(|t| Decimal::from(*t) == v)
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
