//! `inconsistent_value`: one metric for one period stated with different values in a submission.

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{Decimal, Fact, Finding, FindingKind, Severity, Value};

use crate::common::{
    Ctx, PeriodKey, date_of, differ, evidence_all, is_numeric, label, show, tolerance,
};

/// Metrics that are not figures of the applicant and so are not compared here: the application
/// date differs legitimately between a form and its attachments, and `report.year` is what
/// separates periods in the first place.
/// The director's birth date is compared with the ID number by the identifier check instead.
const NOT_COMPARED: &[&str] = &[
    key::APPLICATION_DATE,
    key::REPORT_YEAR,
    key::DIRECTOR_BIRTH_DATE,
];

/// Compares every exact statement of a numeric or date metric with the others of the same period.
///
/// Approximate statements (2000余人) never conflict with exact ones. Percent figures agree within
/// ±0.5; every other figure is taken at the precision it was stated to ([`Fact::precision`], which the facts stage sets),
/// and figures agree when all can be roundings of one value (15.82 亿元 and 158,191 万元 do;
/// 1,860 万元 and 1,859 万元 do not). One finding per metric and period, listing every statement
/// of it as evidence, values in the message grouped by document.
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
    let mut at = std::collections::HashMap::new();
    let numbers: Vec<Decimal> = facts.iter().filter_map(|f| f.number()).collect();
    if numbers.len() == facts.len() {
        let (lo, hi) = (numbers.iter().min()?, numbers.iter().max()?);
        if !differ(metric, *lo, *hi) {
            return None;
        }
        if tolerance(metric).is_zero() {
            let stated: Vec<(Decimal, Decimal)> = facts
                .iter()
                .zip(&numbers)
                .map(|(f, v)| (*v, f.precision.unwrap_or(Decimal::ZERO)))
                .collect();
            if roundings_of_one_value(&stated) {
                return None;
            }
        }
        for (f, d) in facts.iter().zip(&numbers) {
            push_value(&mut values, &mut at, show(metric, *d), &f.document);
        }
    } else {
        let dates: Vec<_> = facts.iter().filter_map(|f| date_of(f)).collect();
        if dates.len() != facts.len() || dates.iter().all(|d| *d == dates[0]) {
            return None;
        }
        for (f, d) in facts.iter().zip(&dates) {
            push_value(&mut values, &mut at, d.to_string(), &f.document);
        }
    }
    let parts: Vec<String> = values
        .iter()
        .take(LISTED_VALUES)
        .map(|(v, docs)| format!("在 {} 中为 {v}", docs.join("、")))
        .collect();
    let more = if values.len() > LISTED_VALUES {
        format!("等共 {} 种不同数值", values.len())
    } else {
        String::new()
    };
    let mut message = format!(
        "{}（{}）{}{more}，前后不一致；请核对原始材料，确认哪一数值属实",
        label(metric),
        period.describe(),
        parts.join("，")
    );
    // Where the statements the applicant typed agree and only a figure read by OCR from a scan
    // differs, the difference may be the engine's misreading: a warning, not a fail.
    let ocr = |f: &&&Fact| f.method == intake_model::ReadMethod::Ocr;
    let typed: Vec<&Fact> = facts.iter().filter(|f| !ocr(f)).copied().collect();
    let severity =
        if facts.iter().any(|f| ocr(&f)) && conflict(ctx, metric, period, &typed).is_none() {
            message.push_str("（不一致的数值识别自扫描件，可能为 OCR 误读，请对照原件）");
            Severity::Warn
        } else {
            Severity::Fail
        };
    Some(ctx.finding(
        "integrity.inconsistent_value",
        FindingKind::InconsistentValue,
        severity,
        Some(metric),
        message,
        evidence_bounded(facts),
    ))
}

/// Distinct values named in the message; the rest are counted. Real conflicts have two or three
/// values; a text stating one figure thousands of ways must not make a message (and a report
/// line) thousands of values long.
const LISTED_VALUES: usize = 8;

/// Most evidence items of one finding (see [`evidence_bounded`]).
const MAX_EVIDENCE: usize = 24;

/// Every statement as evidence when there are at most [`MAX_EVIDENCE`]; beyond that, the first
/// statement of each distinct value, up to that many: enough for the officer to see the
/// conflict, bounded whatever the document holds.
fn evidence_bounded(facts: &[&Fact]) -> Vec<intake_model::Evidence> {
    if facts.len() <= MAX_EVIDENCE {
        return evidence_all(facts.iter().copied());
    }
    // At most MAX_EVIDENCE values are ever kept, so each look-up is short.
    let mut seen: Vec<&Value> = Vec::with_capacity(MAX_EVIDENCE);
    let mut firsts = Vec::with_capacity(MAX_EVIDENCE);
    for f in facts {
        if seen.len() == MAX_EVIDENCE {
            break;
        }
        if !seen.contains(&&f.value) {
            seen.push(&f.value);
            firsts.push(*f);
        }
    }
    evidence_all(firsts)
}

/// Adds `doc` to the documents stating `v` (distinct values kept in first-seen order).
fn push_value<'a>(
    values: &mut Vec<(String, Vec<&'a str>)>,
    at: &mut std::collections::HashMap<String, usize>,
    v: String,
    doc: &'a str,
) {
    match at.get(&v) {
        Some(&i) if !values[i].1.contains(&doc) => values[i].1.push(doc),
        Some(_) => {}
        None => {
            at.insert(v.clone(), values.len());
            values.push((v, vec![doc]));
        }
    }
}

/// Whether figures `(value, precision)` can all be roundings of one value: some `x` lies in
/// every `[value − precision/2, value + precision/2)` (exact figures, precision 0: `x = value`).
/// Arithmetic beyond `Decimal`'s range counts as no common value.
fn roundings_of_one_value(stated: &[(Decimal, Decimal)]) -> bool {
    let half = |p: Decimal| p / Decimal::TWO;
    let mut lows = stated.iter().map(|&(v, p)| v.checked_sub(half(p)));
    let Some(Some(mut x)) = lows.next() else {
        return false;
    };
    for low in lows {
        match low {
            Some(l) => x = x.max(l),
            None => return false,
        }
    }
    stated.iter().all(|&(v, p)| {
        if p.is_zero() {
            return v == x;
        }
        v.checked_add(half(p)).is_some_and(|high| x < high)
    })
}
