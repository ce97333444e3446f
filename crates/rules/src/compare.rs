//! Comparisons: one figure (or a sum, or a derived age) against a threshold, and the rules built
//! from them — any-of, at-least-k-of-n, ratio.

use intake_model::{Decimal, Evidence, Fact, Finding, FindingKind, Severity};

use crate::book::{Cond, Item, Rule};
use crate::eval::Ctx;
use crate::fmt::{figure, fill, grouped};
use crate::select::{Read, day_of, evidence, of, pick, read};

/// One comparison's outcome.
pub(crate) enum Out<'a> {
    /// The level names no figure for this condition.
    NotApplicable,
    Missing,
    Stale(Vec<&'a Fact>),
    Met(Reading),
    Unmet(Reading),
}

/// A figure read (or summed, or derived) and the threshold it was held against.
pub(crate) struct Reading {
    pub value: Decimal,
    pub threshold: Decimal,
    pub evidence: Vec<Evidence>,
    /// How a derived figure was obtained (按出生日期推算).
    pub note: Option<String>,
}

impl Reading {
    fn shown(&self, c: &Cond) -> String {
        let v = figure(self.value, &c.unit, c.display.as_deref());
        match &self.note {
            Some(n) => format!("{v}（{n}）"),
            None => v,
        }
    }
}

pub(crate) fn eval_cond<'a>(ctx: &Ctx<'a>, c: &Cond) -> Out<'a> {
    let Some(t) = c.threshold.at(ctx.level) else {
        return Out::NotApplicable;
    };
    let mut sum = Decimal::ZERO;
    let mut stated = false;
    let mut ev = Vec::new();
    let mut stale = Vec::new();
    for m in &c.metrics {
        match read(&ctx.facts, m, c.period, ctx.app_year) {
            Read::Value(p) => {
                if let Some(n) = p.number() {
                    // Figures near Decimal's range cannot be real; saturate rather than panic.
                    sum = sum.checked_add(n).unwrap_or(Decimal::MAX);
                    stated = true;
                    ev.extend(p.evidence());
                }
            }
            Read::Stale(fs) => stale.extend(fs),
            Read::Missing => {}
        }
    }
    let mut note = None;
    if !stated
        && let Some((birth, at)) = &c.derive_age
        && let Some((age, e)) = derive_age(ctx, birth, at)
    {
        sum = Decimal::from(age);
        stated = true;
        ev = e;
        note = Some("按出生日期推算".to_string());
    }
    if !stated {
        return if stale.is_empty() {
            Out::Missing
        } else {
            Out::Stale(stale)
        };
    }
    let r = Reading {
        value: sum,
        threshold: t,
        evidence: ev,
        note,
    };
    if c.op.holds(sum, t) {
        Out::Met(r)
    } else {
        Out::Unmet(r)
    }
}

/// Whole years from the birth date to the reference date, with both statements as evidence.
fn derive_age(ctx: &Ctx, birth: &str, at: &str) -> Option<(i64, Vec<Evidence>)> {
    let b = pick(&of(&ctx.facts, birth))?;
    let a = pick(&of(&ctx.facts, at))?;
    let years = day_of(&b.value)?.age_at(day_of(&a.value)?);
    let mut ev = b.evidence();
    ev.extend(a.evidence());
    Some((i64::from(years), ev))
}

/// The condition as a phrase: `不少于 50 人`.
pub(crate) fn phrase(ctx: &Ctx, c: &Cond) -> String {
    match c.threshold.at(ctx.level) {
        Some(t) => format!(
            "{} {}",
            c.op.phrase(),
            figure(t, &c.unit, c.display.as_deref())
        ),
        None => String::new(),
    }
}

pub(crate) fn period_labels(fs: &[&Fact]) -> String {
    let mut labels: Vec<String> = fs
        .iter()
        .filter_map(|f| f.period.as_ref().map(|p| p.label.clone()))
        .collect();
    labels.dedup();
    labels.join("、")
}

pub(crate) fn compare(ctx: &Ctx, rule: &Rule, c: &Cond, mut pre: Vec<Evidence>) -> Option<Finding> {
    let metric = c.metrics.first().map(String::as_str);
    match eval_cond(ctx, c) {
        Out::NotApplicable | Out::Met(_) => None,
        Out::Missing => ctx.missing(rule, metric, &c.label, &phrase(ctx, c)),
        Out::Stale(fs) => {
            let msg = format!(
                "{} 所述期间（{}）不在 {} 要求的期间内",
                c.label,
                period_labels(&fs),
                rule.article
            );
            Some(ctx.finding(
                rule,
                FindingKind::ThresholdUnmet,
                metric,
                msg,
                evidence(&fs),
            ))
        }
        Out::Unmet(r) => {
            let (value, th) = (
                r.shown(c),
                figure(r.threshold, &c.unit, c.display.as_deref()),
            );
            let mut v = ctx.vars(rule);
            v.extend([
                ("label", c.label.as_str()),
                ("value", value.as_str()),
                ("threshold", th.as_str()),
            ]);
            pre.extend(r.evidence);
            Some(ctx.finding(
                rule,
                FindingKind::ThresholdUnmet,
                metric,
                fill(&rule.message, &v),
                pre,
            ))
        }
    }
}

/// A condition's state for an any-of or at-least message: `年相关服务收入 800万元（要求超过 1,000万元）`.
fn describe(ctx: &Ctx, c: &Cond, out: &Out) -> String {
    match out {
        Out::Met(r) | Out::Unmet(r) => {
            format!("{} {}（要求{}）", c.label, r.shown(c), phrase(ctx, c))
        }
        Out::Missing => format!("{} 未载明", c.label),
        Out::Stale(fs) => format!("{} 所述期间（{}）不符", c.label, period_labels(fs)),
        Out::NotApplicable => String::new(),
    }
}

fn out_evidence(out: &Out) -> Vec<Evidence> {
    match out {
        Out::Met(r) | Out::Unmet(r) => r.evidence.clone(),
        Out::Stale(fs) => evidence(fs),
        _ => Vec::new(),
    }
}

pub(crate) fn any_of(ctx: &Ctx, rule: &Rule, cs: &[Cond]) -> Option<Finding> {
    let outs: Vec<(&Cond, Out)> = cs
        .iter()
        .map(|c| (c, eval_cond(ctx, c)))
        .filter(|(_, o)| !matches!(o, Out::NotApplicable))
        .collect();
    if outs.is_empty() || outs.iter().any(|(_, o)| matches!(o, Out::Met(_))) {
        return None;
    }
    let metric = cs
        .first()
        .and_then(|c| c.metrics.first())
        .map(String::as_str);
    if outs.iter().all(|(_, o)| matches!(o, Out::Missing)) {
        let label = outs
            .iter()
            .map(|(c, _)| c.label.as_str())
            .collect::<Vec<_>>()
            .join("或");
        let cond = outs
            .iter()
            .map(|(c, _)| format!("{}{}", c.label, phrase(ctx, c)))
            .collect::<Vec<_>>()
            .join("或");
        return ctx.missing(rule, metric, &label, &cond);
    }
    let conditions = outs
        .iter()
        .map(|(c, o)| describe(ctx, c, o))
        .collect::<Vec<_>>()
        .join("；");
    let ev: Vec<Evidence> = outs.iter().flat_map(|(_, o)| out_evidence(o)).collect();
    let stated = outs
        .iter()
        .find(|(_, o)| !matches!(o, Out::Missing))
        .and_then(|(c, _)| c.metrics.first())
        .map(String::as_str);
    let mut v = ctx.vars(rule);
    v.push(("conditions", conditions.as_str()));
    Some(ctx.finding(
        rule,
        FindingKind::ThresholdUnmet,
        stated.or(metric),
        fill(&rule.message, &v),
        ev,
    ))
}

/// At least `k` items hold. Items hold by their figures; qualitative items (and the qualitative
/// branch of `open` items) are for the expert panel. No finding when every item with figures
/// holds and `k` is within reach; `warn` when a figure falls short but qualitative items could
/// still make up the count; the rule's own severity when `k` is out of reach.
pub(crate) fn at_least(ctx: &Ctx, rule: &Rule, k: usize, items: &[Item]) -> Option<Finding> {
    let (mut met, mut unmet, mut judged) = (Vec::new(), Vec::new(), Vec::new());
    let mut short_figures = 0;
    let mut ev = Vec::new();
    let mut stated_metric = None;
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let outs: Vec<(&Cond, Out)> = item.any.iter().map(|c| (c, eval_cond(ctx, c))).collect();
        for (c, o) in &outs {
            if !matches!(o, Out::Missing | Out::NotApplicable) {
                stated_metric = stated_metric.or(c.metrics.first().map(String::as_str));
            }
            ev.extend(out_evidence(o));
        }
        let desc = outs
            .iter()
            .map(|(c, o)| describe(ctx, c, o))
            .collect::<Vec<_>>()
            .join("；");
        if outs.iter().any(|(_, o)| matches!(o, Out::Met(_))) {
            met.push(format!("第{n}项（{desc}）"));
        } else if item.any.is_empty() {
            judged.push(format!("第{n}项"));
        } else if item.open {
            short_figures += 1;
            judged.push(format!("第{n}项（{desc}，或以定性成果满足）"));
        } else {
            short_figures += 1;
            unmet.push(format!("第{n}项（{desc}）"));
        }
    }
    let reachable = met.len() + judged.len() >= k;
    if met.len() >= k || (reachable && short_figures == 0) {
        return None;
    }
    let mut parts = Vec::new();
    if !met.is_empty() {
        parts.push(format!("经核实满足{}", met.join("、")));
    }
    if !unmet.is_empty() {
        parts.push(format!("不满足{}", unmet.join("、")));
    }
    if !judged.is_empty() {
        parts.push(format!("{}需专家认定", judged.join("、")));
    }
    parts.push(format!(
        "可核实满足 {} 项，尚需 {} 项",
        met.len(),
        k - met.len()
    ));
    let conditions = parts.join("；");
    let mut v = ctx.vars(rule);
    v.push(("conditions", conditions.as_str()));
    let kind = if stated_metric.is_some() {
        FindingKind::ThresholdUnmet
    } else {
        FindingKind::ThresholdMissing
    };
    let first = items
        .iter()
        .flat_map(|i| &i.any)
        .next()
        .and_then(|c| c.metrics.first().map(String::as_str));
    let mut f = ctx.finding(
        rule,
        kind,
        stated_metric.or(first),
        fill(&rule.message, &v),
        ev,
    );
    if reachable {
        // Still within reach through items only a person can judge: review, not fail.
        f.severity = Severity::Warn;
    }
    Some(f)
}

pub(crate) fn ratio(ctx: &Ctx, rule: &Rule, c: &Cond, num: &str, den: &str) -> Option<Finding> {
    let metric = c.metrics.first().map(String::as_str);
    if !matches!(eval_cond(ctx, c), Out::Missing) {
        return compare(ctx, rule, c, Vec::new());
    }
    let t = c.threshold.at(ctx.level)?;
    let (Some(n), Some(d)) = (pick(&of(&ctx.facts, num)), pick(&of(&ctx.facts, den))) else {
        return ctx.missing(rule, metric, &c.label, &phrase(ctx, c));
    };
    let (Some(nv), Some(dv)) = (n.number(), d.number()) else {
        return None;
    };
    if dv <= Decimal::ZERO {
        return None;
    }
    let pct = nv
        .checked_mul(Decimal::from(100))
        .and_then(|x| x.checked_div(dv))?;
    let pct = pct.round_dp(2);
    if c.op.holds(pct, t) {
        return None;
    }
    let value = format!(
        "{}（{} ÷ {}）",
        figure(pct, "percent", None),
        grouped(nv),
        grouped(dv)
    );
    let th = figure(t, "percent", None);
    let mut v = ctx.vars(rule);
    v.extend([
        ("label", c.label.as_str()),
        ("value", value.as_str()),
        ("threshold", th.as_str()),
    ]);
    let mut ev = n.evidence();
    ev.extend(d.evidence());
    Some(ctx.finding(
        rule,
        FindingKind::ThresholdUnmet,
        Some(num),
        fill(&rule.message, &v),
        ev,
    ))
}
