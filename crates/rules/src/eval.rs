//! Evaluating a submission's facts against its regime's rulebook.

use intake_model::{
    Decimal, Evidence, Fact, Finding, FindingKind, Level, Severity, Value, Variant,
};

use crate::book::{Check, Expected, Rule, RuleLevel};
use crate::compare::{any_of, at_least, compare, ratio};
use crate::detect::Detection;
use crate::fmt::{fill, grouped, value as show};
use crate::select::{application_year, day_of, of, pick};
use crate::{Rulebooks, text_checks};

/// What one evaluation needs: the submission's facts and what detection told.
pub(crate) struct Ctx<'a> {
    pub submission: &'a str,
    pub regime: &'a str,
    /// The level thresholds are taken at (promotion center only).
    pub level: Option<Level>,
    pub facts: Vec<&'a Fact>,
    pub app_year: Option<i32>,
    pub det: &'a Detection,
}

impl Ctx<'_> {
    pub fn finding(
        &self,
        rule: &Rule,
        kind: FindingKind,
        metric: Option<&str>,
        message: String,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding::new(
            self.submission,
            rule.id.clone(),
            kind,
            severity(rule, kind),
            message,
            evidence,
        )
        .regime(Some(self.regime))
        .metric(metric)
        .article(Some(&rule.article))
    }

    /// The `{…}` variables every message may use.
    pub fn vars<'v>(&'v self, rule: &'v Rule) -> Vec<(&'v str, &'v str)> {
        vec![
            ("article", rule.article.as_str()),
            ("level", self.level.map(Level::chinese_name).unwrap_or("")),
        ]
    }

    /// A `threshold_missing` finding for an unstated figure (or `None` when the rule does not
    /// require it).
    pub fn missing(
        &self,
        rule: &Rule,
        metric: Option<&str>,
        label: &str,
        condition: &str,
    ) -> Option<Finding> {
        if !rule.required {
            return None;
        }
        let message = match &rule.missing {
            Some(t) => {
                let mut v = self.vars(rule);
                v.push(("label", label));
                fill(t, &v)
            }
            None => {
                let lvl = self
                    .level
                    .map(|l| format!("（{}）", l.chinese_name()))
                    .unwrap_or_default();
                let cond = if condition.is_empty() {
                    String::new()
                } else {
                    format!(" {condition}")
                };
                format!(
                    "申报材料未载明{label}，无法核对 {}{lvl}{cond} 的要求",
                    rule.article
                )
            }
        };
        Some(self.finding(
            rule,
            FindingKind::ThresholdMissing,
            metric,
            message,
            Vec::new(),
        ))
    }
}

/// A hard rule's finding fails the applicant only when it rests on evidence: a stated figure
/// below the threshold, a stated fact that breaks the rule. A figure or field that was not found
/// (`threshold_missing`) is for a person to check or to ask for as 补正, so it is `warn`
/// whatever the rule's level (output contract: "a fail verdict rests on evidence").
fn severity(rule: &Rule, kind: FindingKind) -> Severity {
    match (rule.level, kind) {
        (_, FindingKind::ThresholdMissing) => Severity::Warn,
        (RuleLevel::Hard, _) => Severity::Fail,
        (RuleLevel::Soft, _) => Severity::Warn,
    }
}

/// Evaluates every applicable rule of the detected regime.
pub(crate) fn evaluate(
    books: &Rulebooks,
    submission: &str,
    det: &Detection,
    facts: &[Fact],
) -> Vec<Finding> {
    let Some(regime) = det.regime.as_ref() else {
        return vec![unassigned(
            submission,
            None,
            "regime.undetected",
            format!(
                "无法判定申报类型（{}）；请人工核定，或用 intake run --overrides 指定 regime",
                if det.how.is_empty() {
                    "无判定依据"
                } else {
                    &det.how
                }
            ),
        )];
    };
    let regime_id = regime.as_str();
    let facts: Vec<&Fact> = facts
        .iter()
        .filter(|f| f.submission == submission)
        .collect();
    let mut out = Vec::new();
    let rules: Vec<&Rule> = books
        .books()
        .iter()
        .filter(|b| b.regime == regime_id)
        .flat_map(|b| &b.rules)
        .collect();
    if rules.is_empty() {
        out.push(unassigned(
            submission,
            Some(regime_id),
            "regime.no-rulebook",
            format!("未加载 {regime_id} 的规则库，未做条件核对"),
        ));
        return out;
    }
    let pc = rules.iter().any(|r| !r.variants.is_empty());
    let mut level = det.level;
    if pc && level.is_none() {
        // 附1 第十二条: every center must at least meet the 省级 figures; check those and ask.
        level = Some(Level::Provincial);
        out.push(unassigned(submission, Some(regime_id), "regime.level-undetected",
            "无法判定申报级别（国家级/省级），按省级标准核对；请人工核定或用 intake run --overrides 指定 level".into()));
    }
    if pc && det.variant.is_none() {
        let what = if det.functional {
            "功能类子类（技术创新/产业孵化/人才培育/中小企业服务）"
        } else {
            "促进中心类别（综合类/行业类/功能类）"
        };
        out.push(unassigned(
            submission,
            Some(regime_id),
            "regime.variant-undetected",
            format!(
                "无法判定{what}，相应认定标准未核对；请人工核定或用 intake run --overrides 指定 variant"
            ),
        ));
    }
    let ctx = Ctx {
        submission,
        regime: regime_id,
        level: if pc { level } else { None },
        app_year: application_year(&facts),
        facts,
        det,
    };
    for rule in rules {
        if applies(rule, det) {
            out.extend(eval_rule(&ctx, rule));
        }
    }
    out
}

fn applies(rule: &Rule, det: &Detection) -> bool {
    if rule.variants.is_empty() {
        return true;
    }
    match det.variant {
        Some(v) => rule.variants.contains(&v),
        None => {
            det.functional
                && [
                    Variant::Tech,
                    Variant::Incubation,
                    Variant::Talent,
                    Variant::Sme,
                ]
                .iter()
                .all(|v| rule.variants.contains(v))
        }
    }
}

fn unassigned(submission: &str, regime: Option<&str>, rule: &str, message: String) -> Finding {
    // threshold_missing: what decides the rulebook (regime, level, variant) is not stated in a
    // form the tool can read; warn: that is for a person to settle, not a failure of the applicant.
    Finding::new(
        submission,
        rule,
        FindingKind::ThresholdMissing,
        Severity::Warn,
        message,
        Vec::new(),
    )
    .regime(regime)
}

fn eval_rule(ctx: &Ctx, rule: &Rule) -> Vec<Finding> {
    match &rule.check {
        Check::Compare(c) => compare(ctx, rule, c, Vec::new()).into_iter().collect(),
        Check::AnyOf(cs) => any_of(ctx, rule, cs).into_iter().collect(),
        Check::AtLeast { k, items } => at_least(ctx, rule, *k, items).into_iter().collect(),
        Check::Ratio {
            cond,
            numerator,
            denominator,
        } => ratio(ctx, rule, cond, numerator, denominator)
            .into_iter()
            .collect(),
        Check::Implication { when, then } => {
            let mut ante = None;
            for m in &when.metrics {
                if let Some(p) = pick(&of(&ctx.facts, m))
                    && let Value::Text(t) = &p.value
                {
                    ante = Some((
                        when.contains_any.iter().any(|w| t.contains(w.as_str())),
                        p.evidence(),
                    ));
                    break;
                }
            }
            match ante {
                Some((true, ev)) => compare(ctx, rule, then, ev).into_iter().collect(),
                _ => Vec::new(),
            }
        }
        Check::Equals {
            metric,
            value,
            label,
        } => {
            let Some(p) = pick(&of(&ctx.facts, metric)) else {
                return ctx
                    .missing(rule, Some(metric), label, "")
                    .into_iter()
                    .collect();
            };
            let ok = match (value, &p.value) {
                (Expected::Bool(b), Value::Bool(v)) => b == v,
                (Expected::Text(t), Value::Text(v)) => t.trim() == v.trim(),
                _ => false,
            };
            if ok {
                return Vec::new();
            }
            let shown = show(&p.value);
            let mut v = ctx.vars(rule);
            v.extend([("label", label.as_str()), ("value", shown.as_str())]);
            vec![ctx.finding(
                rule,
                FindingKind::ThresholdUnmet,
                Some(metric),
                fill(&rule.message, &v),
                p.evidence(),
            )]
        }
        Check::YearsBetween {
            from,
            to,
            years,
            label,
        } => {
            let (Some(a), Some(b)) = (pick(&of(&ctx.facts, from)), pick(&of(&ctx.facts, to)))
            else {
                return ctx
                    .missing(rule, Some(from), label, "")
                    .into_iter()
                    .collect();
            };
            let (Some(da), Some(db)) = (day_of(&a.value), day_of(&b.value)) else {
                return Vec::new();
            };
            if Decimal::from(da.age_at(db)) >= *years {
                return Vec::new();
            }
            let (fs, ts, th) = (show(&a.value), show(&b.value), grouped(*years));
            let mut v = ctx.vars(rule);
            v.extend([
                ("label", label.as_str()),
                ("from", fs.as_str()),
                ("to", ts.as_str()),
                ("threshold", th.as_str()),
            ]);
            let mut ev = a.evidence();
            ev.extend(b.evidence());
            vec![ctx.finding(
                rule,
                FindingKind::ThresholdUnmet,
                Some(from),
                fill(&rule.message, &v),
                ev,
            )]
        }
        Check::Name { .. }
        | Check::Declared(_)
        | Check::WithinList(_)
        | Check::FiledBy { .. }
        | Check::Field { .. } => text_checks::eval(ctx, rule),
        Check::Integrity { .. } => Vec::new(),
    }
}

/// The promotion-center scope of a rule for the table: `综合类`, `功能类(全部)`.
pub(crate) fn scope(rule: &Rule) -> String {
    match rule.variants.as_slice() {
        [] => "-".into(),
        [v] => v.chinese_name().into(),
        vs if vs.len() == 4
            && vs
                .iter()
                .all(|v| !matches!(v, Variant::Comprehensive | Variant::Industry)) =>
        {
            "功能类(全部)".into()
        }
        vs => vs
            .iter()
            .map(|v| v.chinese_name())
            .collect::<Vec<_>>()
            .join("/"),
    }
}
