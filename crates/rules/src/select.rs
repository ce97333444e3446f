//! Choosing one value among a submission's statements of a metric, and the evidence for it.
//!
//! A submission may state a metric many times (cover, body, tables, annual report). Rules read
//! the most frequent value among exact statements (approximate ones — 2000余人 — only when there
//! is no exact one); ties go to the value stated first in document order. Conflicts between the
//! statements are intake-integrity's `inconsistent_value`, not a rule's business.

use intake_model::key;
use intake_model::{Date, Decimal, Evidence, Fact, Value};

use crate::book::PeriodReq;

/// At most this many statements are cited as evidence of one figure.
const MAX_EVIDENCE: usize = 5;

/// The chosen value of a metric and the statements that state it.
#[derive(Debug, Clone)]
pub(crate) struct Picked<'a> {
    pub value: Value,
    pub facts: Vec<&'a Fact>,
}

impl Picked<'_> {
    pub fn number(&self) -> Option<Decimal> {
        match &self.value {
            Value::Number(d) => Some(*d),
            _ => None,
        }
    }

    pub fn evidence(&self) -> Vec<Evidence> {
        evidence(&self.facts)
    }
}

/// Evidence items for statements, at most [`MAX_EVIDENCE`].
pub(crate) fn evidence(facts: &[&Fact]) -> Vec<Evidence> {
    facts
        .iter()
        .take(MAX_EVIDENCE)
        .map(|f| Evidence {
            submission: None,
            document: f.document.clone(),
            page: f.page,
            quote: f.quote.clone(),
        })
        .collect()
}

fn key(v: &Value) -> String {
    match v {
        Value::Number(d) => format!("n{}", d.normalize()),
        Value::Text(t) => format!("t{}", t.trim()),
        Value::Date(t) => format!("d{t}"),
        Value::Bool(b) => format!("b{b}"),
    }
}

/// The most frequent value among `facts` (already filtered to one metric), ties → first stated.
pub(crate) fn pick<'a>(facts: &[&'a Fact]) -> Option<Picked<'a>> {
    let exact: Vec<&Fact> = facts.iter().copied().filter(|f| !f.approx).collect();
    let pool = if exact.is_empty() {
        facts.to_vec()
    } else {
        exact
    };
    // (key, first index, statements): insertion order is document order, so ties are stable.
    let mut groups: Vec<(String, Vec<&Fact>)> = Vec::new();
    for f in pool {
        let k = key(&f.value);
        match groups.iter_mut().find(|(gk, _)| *gk == k) {
            Some((_, v)) => v.push(f),
            None => groups.push((k, vec![f])),
        }
    }
    let mut best: Option<(String, Vec<&Fact>)> = None;
    for g in groups {
        if best.as_ref().is_none_or(|b| g.1.len() > b.1.len()) {
            best = Some(g);
        }
    }
    best.map(|(_, facts)| Picked {
        value: facts[0].value.clone(),
        facts,
    })
}

/// Statements of `metric`, in the order given (document order).
pub(crate) fn of<'a>(facts: &[&'a Fact], metric: &str) -> Vec<&'a Fact> {
    facts
        .iter()
        .copied()
        .filter(|f| f.metric == metric)
        .collect()
}

/// The outcome of reading a metric that must cover a period.
pub(crate) enum Read<'a> {
    /// Not stated at all.
    Missing,
    /// Stated, but only for periods outside the one required.
    Stale(Vec<&'a Fact>),
    /// A value.
    Value(Picked<'a>),
}

/// Reads `metric`, keeping only statements whose period can be the one required (a statement
/// without a resolved period is kept: the metric's label already names the period).
pub(crate) fn read<'a>(
    facts: &[&'a Fact],
    metric: &str,
    period: Option<PeriodReq>,
    app_year: Option<i32>,
) -> Read<'a> {
    let all = of(facts, metric);
    if all.is_empty() {
        return Read::Missing;
    }
    let kept: Vec<&Fact> = match period {
        Some(p) => all
            .iter()
            .copied()
            .filter(|f| in_period(f, p, app_year))
            .collect(),
        None => all.clone(),
    };
    match pick(&kept) {
        Some(p) => Read::Value(p),
        None => Read::Stale(all),
    }
}

fn in_period(f: &Fact, req: PeriodReq, app_year: Option<i32>) -> bool {
    let Some(p) = &f.period else { return true };
    // A stated span wider than the one required (近5年 for 近3年, 近3年 for 上年度) is out.
    let label_years = p
        .label
        .strip_prefix('近')
        .and_then(|r| r.strip_suffix('年'))
        .and_then(|n| n.parse::<i32>().ok());
    let required_years = match req {
        PeriodReq::Years(n) => n,
        PeriodReq::LastYear => 1,
    };
    if label_years.is_some_and(|n| n > required_years) {
        return false;
    }
    let Some(app) = app_year else { return true };
    let (lo, hi) = match req {
        PeriodReq::Years(n) => (app - n, app),
        PeriodReq::LastYear => (app - 1, app - 1),
    };
    let from_ok = p.from_year.is_none_or(|y| y >= lo && y <= hi);
    let to_ok = p.to_year.is_none_or(|y| y >= lo && y <= hi);
    from_ok && to_ok
}

/// The day a date-valued fact states (a date value, or text that reads as one); a month-only
/// date (出生年月) is not a day and gives `None`.
pub(crate) fn day_of(v: &Value) -> Option<Date> {
    match v {
        Value::Date(d) => Some(*d),
        Value::Text(s) => Date::parse(s),
        _ => None,
    }
    .filter(|d| d.has_day())
}

/// The application year: the year of the chosen `application.date`.
pub(crate) fn application_year(facts: &[&Fact]) -> Option<i32> {
    let p = pick(&of(facts, key::APPLICATION_DATE))?;
    day_of(&p.value).map(Date::year)
}
