//! `inconsistent_value`: one metric for one period stated with different values in a submission.

use std::collections::BTreeMap;

use intake_model::{Decimal, Fact, Finding, FindingKind, Severity, Value};

use crate::common::{Ctx, PeriodKey, date_of, differ, evidence_all, is_numeric, label, show};

/// Metrics that are not figures of the applicant and so are not compared here: the application
/// date differs legitimately between a form and its attachments, and `report.year` is what
/// separates periods in the first place.
/// The director's birth date is compared with the ID number by the identifier check instead.
const NOT_COMPARED: &[&str] = &["application.date", "report.year", "director.birth_date"];

/// Compares every exact statement of a numeric or date metric with the others of the same period.
///
/// Approximate statements (2000余人) never conflict with exact ones. Figures agree within their
/// unit's tolerance (percent ±0.5, all else exact). One finding per metric and period, listing
/// every statement of it as evidence, values in the message grouped by document.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut groups: BTreeMap<(&str, PeriodKey), Vec<&Fact>> = BTreeMap::new();
    for f in ctx.input.facts {
        // A derived figure (an age computed from an ID number) is not a statement: the
        // identifier check compares it with what was stated.
        if f.approx
            || f.method == intake_model::ReadMethod::Derived
            || NOT_COMPARED.contains(&f.metric.as_str())
        {
            continue;
        }
        let comparable = match &f.value {
            Value::Number(_) => is_numeric(&f.metric),
            Value::Date(_) => true,
            _ => false,
        };
        if comparable {
            groups
                .entry((f.metric.as_str(), ctx.period_key(f)))
                .or_default()
                .push(f);
        }
    }
    let mut out = Vec::new();
    for ((metric, period), facts) in groups {
        if let Some(found) = conflict(ctx, metric, &period, &facts) {
            out.push(found);
        }
    }
    out
}

fn conflict(ctx: &Ctx, metric: &str, period: &PeriodKey, facts: &[&Fact]) -> Option<Finding> {
    // Distinct values in first-seen order, each with the documents stating it.
    let mut values: Vec<(String, Vec<&str>)> = Vec::new();
    let numbers: Vec<Decimal> = facts.iter().filter_map(|f| f.number()).collect();
    if numbers.len() == facts.len() {
        let (lo, hi) = (numbers.iter().min()?, numbers.iter().max()?);
        if !differ(metric, *lo, *hi) {
            return None;
        }
        for (f, d) in facts.iter().zip(&numbers) {
            push_value(&mut values, show(metric, *d), &f.document);
        }
    } else {
        let dates: Vec<_> = facts.iter().filter_map(|f| date_of(f)).collect();
        if dates.len() != facts.len() || dates.iter().all(|d| *d == dates[0]) {
            return None;
        }
        for (f, d) in facts.iter().zip(&dates) {
            push_value(&mut values, d.to_string(), &f.document);
        }
    }
    let parts: Vec<String> = values
        .iter()
        .map(|(v, docs)| format!("在 {} 中为 {v}", docs.join("、")))
        .collect();
    let message = format!(
        "{}（{}）{}，前后不一致；请核对原始材料，确认哪一数值属实",
        label(metric),
        period.describe(),
        parts.join("，")
    );
    Some(ctx.finding(
        "integrity.inconsistent_value",
        FindingKind::InconsistentValue,
        Severity::Warn,
        Some(metric),
        message,
        evidence_all(facts.iter().copied()),
    ))
}

fn push_value<'a>(values: &mut Vec<(String, Vec<&'a str>)>, v: String, doc: &'a str) {
    match values.iter_mut().find(|(x, _)| *x == v) {
        Some((_, docs)) if !docs.contains(&doc) => docs.push(doc),
        Some(_) => {}
        None => values.push((v, vec![doc])),
    }
}
