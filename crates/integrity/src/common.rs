//! Shared helpers: the per-submission context, period keys, dates, value display, finding builders.

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{
    Date, Decimal, Evidence, Fact, Finding, FindingKind, MetricType, Severity, Value,
};

use crate::SubmissionInput;

/// The day at the start of `s` (`YYYY-MM-DD`, the date of a `YYYY-MM-DDTHH:MM:SS` timestamp,
/// or a written form such as 2026年3月20日); a month-only date is not a day.
pub(crate) fn day(s: &str) -> Option<Date> {
    Date::parse(s).filter(|d| d.has_day())
}

/// The period a figure belongs to, for deciding which statements may be compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PeriodKey {
    /// Resolved calendar years, inclusive.
    Years(i32, i32),
    /// A period label that could not be resolved (`近3年` without an application date).
    Label(String),
    /// No period and no application date to anchor it: the state at application.
    Current,
}

impl PeriodKey {
    /// How a reviewer reads the period in a message.
    pub fn describe(&self) -> String {
        match self {
            PeriodKey::Years(a, b) if a == b => format!("{a}年"),
            PeriodKey::Years(a, b) => format!("{a}—{b}年"),
            PeriodKey::Label(l) => l.clone(),
            PeriodKey::Current => "申报时".to_string(),
        }
    }
}

/// What every check of one submission needs: its facts, the application date, report years.
pub(crate) struct Ctx<'a> {
    pub input: &'a SubmissionInput<'a>,
    /// The application date and the fact stating it.
    pub app: Option<(Date, &'a Fact)>,
    /// `report.year` per document path (an annual report's year governs its undated figures).
    pub report_year: BTreeMap<&'a str, (i32, &'a Fact)>,
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a SubmissionInput<'a>) -> Self {
        let mut report_year = BTreeMap::new();
        for f in input.facts {
            if f.metric == key::REPORT_YEAR
                && let Some(y) = f.number().and_then(|d| i32::try_from(d.trunc()).ok())
            {
                report_year.entry(f.document.as_str()).or_insert((y, f));
            }
        }
        Ctx {
            input,
            app: application_date(input.facts),
            report_year,
        }
    }

    /// Facts of one metric, in input order.
    pub fn facts_of<'m>(&self, metric: &'m str) -> impl Iterator<Item = &'a Fact> + use<'a, 'm> {
        self.input.facts.iter().filter(move |f| f.metric == metric)
    }

    /// The period a fact speaks of: its own resolved period, else its annual report's year, else
    /// the last full year before the application (an application's undated figures describe the
    /// applicant as its latest annual report does: a 2026 application against the 2025 report).
    pub fn period_key(&self, f: &Fact) -> PeriodKey {
        if let Some(p) = &f.period {
            return match (p.from_year, p.to_year) {
                (Some(a), Some(b)) => PeriodKey::Years(a.min(b), a.max(b)),
                (Some(a), None) | (None, Some(a)) => PeriodKey::Years(a, a),
                (None, None) => PeriodKey::Label(p.label.split_whitespace().collect()),
            };
        }
        if let Some((y, _)) = self.report_year.get(f.document.as_str()) {
            return PeriodKey::Years(*y, *y);
        }
        match self.app {
            Some((d, _)) => PeriodKey::Years(d.year() - 1, d.year() - 1),
            None => PeriodKey::Current,
        }
    }

    /// An integrity finding of this submission (regime null: the check is the same under every
    /// regime). Regime rules set `regime` themselves.
    pub fn finding(
        &self,
        rule: &str,
        kind: FindingKind,
        severity: Severity,
        metric: Option<&str>,
        message: String,
        evidence: Vec<Evidence>,
    ) -> Finding {
        // Integrity rules hold under every regime: not tied to one (output contract).
        Finding::new(
            self.input.submission,
            rule,
            kind,
            severity,
            message,
            evidence,
        )
        .metric(metric)
    }
}

/// The application date: the value stated most often among `application.date` facts; a tie goes
/// to the one in a document named like the application form (申报书/申请书), then to the earliest
/// (the cover date is the signing date; later dates belong to attachments).
fn application_date(facts: &[Fact]) -> Option<(Date, &Fact)> {
    let mut votes: BTreeMap<Date, (usize, bool, &Fact)> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.metric == key::APPLICATION_DATE) {
        let Some(d) = date_of(f) else { continue };
        let main = f.document.contains("申报") || f.document.contains("申请");
        let e = votes.entry(d).or_insert((0, false, f));
        e.0 += 1;
        if main && !e.1 {
            e.1 = true;
            e.2 = f;
        }
    }
    // BTreeMap iterates earliest first; `max_by_key` keeps the last maximum, so reverse it.
    votes
        .into_iter()
        .rev()
        .max_by_key(|(_, (n, main, _))| (*n, *main))
        .map(|(d, (_, _, f))| (d, f))
}

/// The date a fact states, for date-valued facts.
pub(crate) fn date_of(f: &Fact) -> Option<Date> {
    match &f.value {
        Value::Date(d) => Some(*d).filter(|d| d.has_day()),
        Value::Text(s) => day(s),
        _ => None,
    }
}

/// The evidence a fact gives: its document, page and quote.
pub(crate) fn evidence(f: &Fact) -> Evidence {
    Evidence {
        submission: None,
        document: f.document.clone(),
        page: f.page,
        quote: f.quote.clone(),
    }
}

/// Evidence list from facts, without repeating the same place and quote.
pub(crate) fn evidence_all<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in facts {
        if seen.insert((&f.document, f.page, &f.quote)) {
            out.push(evidence(f));
        }
    }
    out
}

/// The reviewer's name of a metric: the registry's one name (an unknown key as itself).
pub(crate) fn label(metric: &str) -> String {
    intake_model::metric_name(metric)
        .unwrap_or(metric)
        .to_string()
}

/// A number with its unit as a reviewer reads it: `126 人`, `1,250万元`, `60.5%` (the model's
/// one formatter, at the registry's display precision).
pub(crate) fn show(metric: &str, d: Decimal) -> String {
    intake_model::metric_figure(metric, d)
}

/// Whether two exact figures of a metric disagree beyond the metric's tolerance: percent
/// figures within ±0.5 percentage points agree (rounding to integers or halves); money, counts
/// and every other unit must be equal after normalisation.
pub(crate) fn differ(metric: &str, a: Decimal, b: Decimal) -> bool {
    // Figures too large to subtract (beyond 7.9e28) are not the same figure.
    a.checked_sub(b).is_none_or(|d| d.abs() > tolerance(metric))
}

/// The tolerance of a metric's unit (see [`differ`]).
pub(crate) fn tolerance(metric: &str) -> Decimal {
    match intake_model::metric(metric).map(|m| m.unit) {
        Some("percent") => Decimal::new(5, 1),
        _ => Decimal::ZERO,
    }
}

/// Whether a metric carries a number.
pub(crate) fn is_numeric(metric: &str) -> bool {
    matches!(
        intake_model::metric(metric).map(|m| m.kind),
        Some(MetricType::Count | MetricType::Money | MetricType::Number | MetricType::Int)
    )
}

/// Sum of figures, `None` if it overflows the decimal range (document text is not trusted).
pub(crate) fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// Cuts a quote to at most `max` characters, marking the cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_months() {
        let b = day("1964-05-20").unwrap();
        assert_eq!(b.age_at(day("2024-05-19").unwrap()), 59);
        assert_eq!(b.age_at(day("2024-05-20").unwrap()), 60);
        assert_eq!(
            day("2023-06-01T10:00:00")
                .unwrap()
                .months_until(day("2024-05-31").unwrap()),
            11
        );
        assert!(day("2024-13-01").is_none());
        assert_eq!(day("1970-01-02").unwrap().days(), 1);
        assert_eq!(
            day("2024-03-01").unwrap().days() - day("2024-02-28").unwrap().days(),
            2
        );
    }

    #[test]
    fn shows_units() {
        assert_eq!(show(key::STAFF_TOTAL, Decimal::from(126)), "126 人");
        assert_eq!(
            show(key::REVENUE_TOTAL_ANNUAL, Decimal::from(12_500_000)),
            "1,250万元"
        );
        assert_eq!(
            show(key::STAFF_QUALIFIED_PCT, "60.50".parse().unwrap()),
            "60.5%"
        );
        assert_eq!(label(key::STAFF_TOTAL), "从业人员");
    }
}
