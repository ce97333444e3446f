//! Rules read from the documents' form fields and names rather than from facts: 第十二条 names,
//! 第五条 declared scope, 第十六条 annual-report deadline, 第十八条 construction period.

use std::sync::LazyLock;

use intake_model::{Date, Decimal, Evidence, Finding, FindingKind, Value};
use regex::Regex;

use crate::book::{Check, FieldSpec, NamePattern, Rule};
use crate::eval::Ctx;
use crate::fields::FormField;
use crate::fmt::{fill, grouped};
use crate::select::{day_of, of, pick};

pub(crate) fn eval(ctx: &Ctx, rule: &Rule) -> Vec<Finding> {
    match &rule.check {
        Check::Name {
            noun,
            pattern,
            bind,
            label,
        } => name(ctx, rule, noun, pattern, bind, label)
            .into_iter()
            .collect(),
        Check::Declared(specs) => declared(ctx, rule, specs).into_iter().collect(),
        Check::WithinList(specs) => within_list(ctx, rule, specs),
        Check::FiledBy {
            year_metric,
            date_metric,
            form,
            month,
            day,
            label,
        } => filed_by(
            ctx,
            rule,
            year_metric,
            date_metric,
            form,
            (*month, *day),
            label,
        ),
        Check::Field {
            fields,
            op,
            months,
            label,
        } => {
            let Some(f) = fields
                .iter()
                .find_map(|s| matching(ctx, s).into_iter().find(|f| !f.value.is_empty()))
            else {
                return ctx.missing(rule, None, label, "").into_iter().collect();
            };
            let Some(m) = parse_months(&f.value) else {
                return ctx.missing(rule, None, label, "").into_iter().collect();
            };
            if op.holds(m, *months) {
                return Vec::new();
            }
            let value = format!("{}（{} 个月）", f.value, grouped(m));
            let th = format!("{} 个月", grouped(*months));
            let mut v = ctx.vars(rule);
            v.extend([
                ("label", label.as_str()),
                ("value", value.as_str()),
                ("threshold", th.as_str()),
            ]);
            vec![ctx.finding(
                rule,
                FindingKind::ThresholdUnmet,
                None,
                fill(&rule.message, &v),
                vec![f.evidence.clone()],
            )]
        }
        _ => Vec::new(),
    }
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Brackets folded to half-width, spaces dropped: for comparing a name slot with org.name.
fn norm(s: &str) -> String {
    no_space(s).replace('（', "(").replace('）', ")")
}

/// An unfilled template slot: ××, XXXX, ＊＊, 某某.
fn placeholder(s: &str) -> bool {
    s.chars().all(|c| "×xXＸｘ*＊某…. ".contains(c))
}

fn name(
    ctx: &Ctx,
    rule: &Rule,
    noun: &str,
    pattern: &NamePattern,
    bind: &[(String, String)],
    label: &str,
) -> Option<Finding> {
    let candidates: Vec<&Evidence> = ctx
        .det
        .names
        .iter()
        .filter(|e| no_space(&e.quote).contains(noun))
        .collect();
    if candidates.is_empty() {
        return ctx.missing(rule, None, label, &format!("命名“{}”", pattern.source));
    }
    let mut mismatch = None;
    let mut judged: Vec<&Evidence> = Vec::new();
    for c in &candidates {
        let text = no_space(&c.quote);
        // A name whose bracket is still open was cut at a line or page break: it cannot be
        // judged, and the whole name is read from another place when there is one.
        if text.matches(['（', '(']).count() > text.matches(['）', ')']).count() {
            continue;
        }
        judged.push(c);
        let whole = pattern
            .regex
            .captures(&text)
            .or_else(|| pattern.within.captures(&text));
        let (caps, stated) = match whole {
            Some(caps) => (caps, pattern.slots.len()),
            // Stated without its bracketed host unit: the slots before it are still checked.
            None => match pattern.short.as_ref().and_then(|r| r.captures(&text)) {
                Some(caps) if !text.contains(['（', '(']) => {
                    let n = caps.len() - 1;
                    (caps, n)
                }
                _ => continue,
            },
        };
        let slots: Vec<&str> = (1..=stated)
            .map(|i| caps.get(i).map_or("", |m| m.as_str()))
            .collect();
        if slots.iter().any(|s| placeholder(s)) {
            continue;
        }
        let mut bad = None;
        for (slot, metric) in bind {
            let Some(i) = pattern
                .slots
                .iter()
                .position(|s| s == slot)
                .filter(|&i| i < stated)
            else {
                continue;
            };
            if let Some(p) = pick(&of(&ctx.facts, metric))
                && let Value::Text(org) = &p.value
                && norm(org) != norm(slots[i])
            {
                bad = Some((
                    slot.clone(),
                    slots[i].to_string(),
                    org.clone(),
                    p.evidence(),
                ));
            }
        }
        match bad {
            None => return None,
            Some(b) => {
                mismatch.get_or_insert((*c, b));
            }
        }
    }
    let mut v = ctx.vars(rule);
    v.push(("label", label));
    if let Some((c, (slot, got, org, org_ev))) = mismatch {
        let value = c.quote.clone();
        v.push(("value", value.as_str()));
        let msg = format!(
            "{}（{slot}“{got}”与申报单位“{org}”不一致）",
            fill(&rule.message, &v)
        );
        let mut ev = vec![c.clone()];
        ev.extend(org_ev);
        return Some(ctx.finding(rule, FindingKind::ThresholdUnmet, None, msg, ev));
    }
    let first = judged.first()?.quote.clone();
    v.push(("value", first.as_str()));
    let ev = judged.iter().take(3).map(|e| (*e).clone()).collect();
    Some(ctx.finding(
        rule,
        FindingKind::ThresholdUnmet,
        None,
        fill(&rule.message, &v),
        ev,
    ))
}

fn matching<'a>(ctx: &'a Ctx, spec: &FieldSpec) -> Vec<&'a FormField> {
    ctx.det
        .fields
        .iter()
        .filter(|f| spec.aliases.iter().any(|a| f.label.contains(a.as_str())))
        .collect()
}

fn declared(ctx: &Ctx, rule: &Rule, specs: &[FieldSpec]) -> Option<Finding> {
    let absent: Vec<&str> = specs
        .iter()
        .filter(|s| matching(ctx, s).is_empty())
        .map(|s| s.label.as_str())
        .collect();
    if absent.is_empty() || !rule.required {
        return None;
    }
    let value = absent.join("、");
    let mut v = ctx.vars(rule);
    v.extend([("label", value.as_str()), ("value", value.as_str())]);
    Some(ctx.finding(
        rule,
        FindingKind::ThresholdMissing,
        None,
        fill(&rule.message, &v),
        Vec::new(),
    ))
}

/// Items of a listed value: split at 、，,；;/ and spaces, with a trailing 等 dropped.
fn items(value: &str) -> Vec<String> {
    value
        .split(['、', '，', ',', '；', ';', '/', '／', ' ', '\u{3000}'])
        .map(|s| {
            s.trim()
                .trim_end_matches('等')
                .trim_end_matches(['。', '.'])
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn within_list(ctx: &Ctx, rule: &Rule, specs: &[FieldSpec]) -> Vec<Finding> {
    let mut out = Vec::new();
    for spec in specs {
        let mut bad: Vec<String> = Vec::new();
        let mut ev: Vec<Evidence> = Vec::new();
        for f in matching(ctx, spec) {
            for it in items(&f.value) {
                let ok = spec
                    .allowed
                    .iter()
                    .any(|a| it.contains(a.as_str()) || a.contains(it.as_str()));
                if !ok && !bad.contains(&it) {
                    bad.push(it);
                    if !ev.contains(&f.evidence) {
                        ev.push(f.evidence.clone());
                    }
                }
            }
        }
        if bad.is_empty() {
            continue;
        }
        let value = bad.join("、");
        let mut v = ctx.vars(rule);
        v.extend([("label", spec.label.as_str()), ("value", value.as_str())]);
        out.push(ctx.finding(
            rule,
            FindingKind::ThresholdUnmet,
            None,
            fill(&rule.message, &v),
            ev,
        ));
    }
    out
}

fn filed_by(
    ctx: &Ctx,
    rule: &Rule,
    year_metric: &str,
    date_metric: &str,
    form: &str,
    (month, day): (u32, u32),
    label: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, head) in &ctx.det.heads {
        if !head.contains(form) {
            continue;
        }
        let in_doc: Vec<_> = ctx
            .facts
            .iter()
            .copied()
            .filter(|f| &f.document == path)
            .collect();
        let Some(y) = pick(&of(&in_doc, year_metric)) else {
            continue;
        };
        let Some(year) = y
            .number()
            .and_then(|d| d.trunc().to_string().parse::<i32>().ok())
        else {
            continue;
        };
        // The date as a fact of that document, else its 报送日期/填报日期 form field.
        let stated = pick(&of(&in_doc, date_metric))
            .and_then(|d| day_of(&d.value).map(|date| (date, d.evidence())));
        let from_field = || {
            ctx.det
                .fields
                .iter()
                .filter(|f| {
                    &f.evidence.document == path
                        && ["报送日期", "填报日期", "报送时间", "填报时间"]
                            .iter()
                            .any(|l| f.label.contains(l))
                })
                .find_map(|f| cn_date(&f.value).map(|d| (d, vec![f.evidence.clone()])))
        };
        // Undated: nothing to hold against the deadline (the rule only checks stated dates).
        let Some((date, date_ev)) = stated.or_else(from_field) else {
            if rule.required {
                out.extend(ctx.missing(rule, Some(date_metric), label, ""));
            }
            continue;
        };
        if (date.year(), date.month(), date.day().unwrap_or(1))
            <= (year.saturating_add(1), month, day)
        {
            continue;
        }
        let (ys, value, th) = (
            year.to_string(),
            date.to_string(),
            format!("{:04}-{month:02}-{day:02}", year.saturating_add(1)),
        );
        let mut v = ctx.vars(rule);
        v.extend([
            ("label", label),
            ("year", ys.as_str()),
            ("value", value.as_str()),
            ("threshold", th.as_str()),
        ]);
        let mut ev = y.evidence();
        ev.extend(date_ev);
        out.push(ctx.finding(
            rule,
            FindingKind::ThresholdUnmet,
            Some(date_metric),
            fill(&rule.message, &v),
            ev,
        ));
    }
    out
}

/// The first full date (with its day) in a form field's text: `2026 年 2 月 10 日`, `2026-02-10`.
fn cn_date(s: &str) -> Option<Date> {
    let chars: Vec<char> = s.chars().collect();
    Date::find_all(&chars)
        .into_iter()
        .map(|(d, _, _)| d)
        .find(|d| d.has_day())
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*月?[^0-9]{0,6}?[至到—~～\-－–]+[^0-9]{0,6}?(\d{4})\s*[年.\-/]\s*(\d{1,2})").expect("range regex")
});
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半])\s*(个月|月|年)").expect("span regex")
});

/// A period in months: `2年` → 24, `18个月` → 18, `两年` → 24, `2024年1月至2025年12月` → 24.
pub(crate) fn parse_months(s: &str) -> Option<Decimal> {
    if let Some(c) = RANGE.captures(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<i64>().ok());
        let (y1, m1, y2, m2) = (n(1)?, n(2)?, n(3)?, n(4)?);
        let months = (y2 - y1) * 12 + (m2 - m1) + 1;
        return (months > 0 && months < 1200).then(|| Decimal::from(months));
    }
    let c = SPAN.captures(s)?;
    let num = c.get(1)?.as_str();
    let n: Decimal = match num {
        "一" => 1.into(),
        "二" | "两" => 2.into(),
        "三" => 3.into(),
        "四" => 4.into(),
        "五" => 5.into(),
        "六" => 6.into(),
        "七" => 7.into(),
        "八" => 8.into(),
        "九" => 9.into(),
        "十" => 10.into(),
        "半" => "0.5".parse().ok()?,
        d => d.parse().ok()?,
    };
    // A four-digit 「2024年」 is a year, not a duration.
    if n >= Decimal::from(100) {
        return None;
    }
    match c.get(2)?.as_str() {
        "年" => Some(n * Decimal::from(12)),
        _ => Some(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construction_periods_read_in_months() {
        assert_eq!(parse_months("2年"), Some(24.into()));
        assert_eq!(parse_months("两年"), Some(24.into()));
        assert_eq!(parse_months("建设期限为30个月"), Some(30.into()));
        assert_eq!(parse_months("2024年1月至2025年12月"), Some(24.into()));
        assert_eq!(parse_months("2024年1月—2026年6月"), Some(30.into()));
        assert_eq!(parse_months("2024年"), None);
        assert_eq!(items("装备、新材料等"), vec!["装备", "新材料"]);
        assert!(placeholder("××") && placeholder("XXXX") && !placeholder("智能网联汽车"));
    }
}
