//! `arithmetic_mismatch`: percentages that do not match their counts, parts that exceed their
//! total, service revenue above total revenue.

use intake_model::key;
use std::collections::BTreeSet;

use intake_model::{Decimal, Fact, Finding, FindingKind, Severity};

use crate::common::{Ctx, PeriodKey, checked_sum, differ, evidence, label, show};

/// A percentage stated next to the counts it is computed from: (percent, numerator, denominator).
/// tbp 第六条(五): 硕士或中级职称以上人员比例 = 硕士或中级职称以上人员 / 从业人员.
const RATIOS: &[(&str, &str, &str)] = &[(
    key::STAFF_MASTERS_OR_MID_TITLE_PCT,
    key::STAFF_MASTERS_OR_MID_TITLE,
    key::STAFF_TOTAL,
)];

/// Disjoint parts of a whole: their sum may not exceed it (the whole may hold other kinds; a
/// table's 合计 that is not its rows' sum is checked on the table itself, in `tables`).
struct Parts {
    parts: &'static [&'static str],
    whole: &'static str,
}

const PARTS: &[Parts] = &[
    Parts {
        parts: &[key::STAFF_PHD, key::STAFF_MASTERS],
        whole: key::STAFF_TOTAL,
    },
    Parts {
        parts: &[key::STAFF_MASTERS_OR_MID_TITLE],
        whole: key::STAFF_TOTAL,
    },
    Parts {
        parts: &[key::STAFF_SENIOR_TITLE],
        whole: key::STAFF_TOTAL,
    },
    Parts {
        parts: &[key::REVENUE_SERVICE_ANNUAL],
        whole: key::REVENUE_TOTAL_ANNUAL,
    },
    Parts {
        parts: &[
            key::OUTPUTS_PATENTS,
            key::OUTPUTS_SOFTWARE_COPYRIGHTS,
            key::OUTPUTS_STANDARDS,
        ],
        whole: key::OUTPUTS_IP_TOTAL,
    },
    Parts {
        parts: &[key::SUPPLIERS_HEAD],
        whole: key::SUPPLIERS_PARTNERS,
    },
    Parts {
        parts: &[key::SUPPLIERS_SPECIALIZED],
        whole: key::SUPPLIERS_PARTNERS,
    },
];

/// Runs every ratio and part–whole check, period by period. A metric stated with several
/// different values in a period is skipped there (that is an `inconsistent_value` already).
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pct, num, den) in RATIOS {
        for key in keys(ctx, &[pct, num, den]) {
            ratio(ctx, &key, pct, num, den, &mut out);
        }
    }
    for p in PARTS {
        let mut metrics: Vec<&str> = p.parts.to_vec();
        metrics.push(p.whole);
        for key in keys(ctx, &metrics) {
            parts(ctx, &key, p, &mut out);
        }
    }
    out
}

/// Period keys in which any of the metrics is stated.
fn keys(ctx: &Ctx, metrics: &[&str]) -> BTreeSet<PeriodKey> {
    ctx.input
        .facts
        .iter()
        .filter(|f| metrics.contains(&f.metric.as_str()) && !f.approx && f.number().is_some())
        .map(|f| ctx.period_key(f))
        .collect()
}

/// The one exact value of a metric in a period, with the first fact stating it.
fn single<'a>(ctx: &Ctx<'a>, metric: &str, key: &PeriodKey) -> Option<(Decimal, &'a Fact)> {
    let mut found: Option<(Decimal, &Fact)> = None;
    for f in ctx
        .facts_of(metric)
        .filter(|f| !f.approx && ctx.period_key(f) == *key)
    {
        let d = f.number()?;
        match found {
            None => found = Some((d, f)),
            Some((v, _)) if differ(metric, v, d) => return None,
            Some(_) => {}
        }
    }
    found
}

fn ratio(ctx: &Ctx, key: &PeriodKey, pct: &str, num: &str, den: &str, out: &mut Vec<Finding>) {
    let (Some((n, nf)), Some((d, df))) = (single(ctx, num, key), single(ctx, den, key)) else {
        return;
    };
    if d <= Decimal::ZERO || n < Decimal::ZERO {
        return;
    }
    let Some(computed) = n
        .checked_mul(Decimal::from(100))
        .and_then(|x| x.checked_div(d))
    else {
        return;
    };
    let mut seen: Vec<Decimal> = Vec::new();
    for f in ctx
        .facts_of(pct)
        .filter(|f| !f.approx && ctx.period_key(f) == *key)
    {
        let Some(p) = f.number() else { continue };
        if !differ(pct, p, computed) || seen.contains(&p) {
            continue;
        }
        seen.push(p);
        let message = format!(
            "{} 填报为 {}，但 {} ÷ {} = {}（{} {}，{} {}），相差超过 0.5 个百分点",
            label(pct),
            show(pct, p),
            n.normalize(),
            d.normalize(),
            show(pct, computed.round_dp(1)),
            label(num),
            show(num, n),
            label(den),
            show(den, d),
        );
        out.push(ctx.finding(
            "integrity.arithmetic_mismatch",
            FindingKind::ArithmeticMismatch,
            Severity::Fail,
            Some(pct),
            message,
            vec![evidence(f), evidence(nf), evidence(df)],
        ));
    }
}

fn parts(ctx: &Ctx, key: &PeriodKey, p: &Parts, out: &mut Vec<Finding>) {
    let Some((whole, wf)) = single(ctx, p.whole, key) else {
        return;
    };
    let stated: Vec<(&str, Decimal, &Fact)> = p
        .parts
        .iter()
        .filter_map(|m| single(ctx, m, key).map(|(v, f)| (*m, v, f)))
        .collect();
    if stated.is_empty() {
        return;
    }
    let Some(sum) = checked_sum(stated.iter().map(|(_, v, _)| *v)) else {
        return;
    };
    if sum <= whole {
        return;
    }
    let terms: Vec<String> = stated
        .iter()
        .map(|(m, v, _)| format!("{} {}", label(m), show(m, *v)))
        .collect();
    let relation = "超过";
    let message = if stated.len() == 1 {
        format!(
            "{}{}{} {}，分项不可能大于总数",
            terms[0],
            relation,
            label(p.whole),
            show(p.whole, whole)
        )
    } else {
        format!(
            "{} 合计 {}，{}{} {}",
            terms.join(" + "),
            show(p.whole, sum),
            relation,
            label(p.whole),
            show(p.whole, whole)
        )
    };
    let mut ev: Vec<_> = stated.iter().map(|(_, _, f)| evidence(f)).collect();
    ev.push(evidence(wf));
    out.push(ctx.finding(
        "integrity.arithmetic_mismatch",
        FindingKind::ArithmeticMismatch,
        Severity::Fail,
        Some(p.whole),
        message,
        ev,
    ));
}
