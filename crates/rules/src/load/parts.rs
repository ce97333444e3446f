//! Validating a comparison (metric, operator, threshold, unit, period) and the small parsers
//! the loader shares.

use intake_model::{Decimal, MetricType, Variant, metric};

use super::Src;
use super::raw::{RawCond, RawDerive, RawField, RawRule, S};
use crate::RuleError;
use crate::book::{Cond, FieldSpec, Op, PeriodReq, Threshold};

/// The comparison keys of a rule or of an inline condition.
pub(crate) struct CondParts<'a> {
    metric: Option<&'a S<String>>,
    metrics: Option<&'a Vec<S<String>>>,
    pub(crate) op: Option<&'a str>,
    op_at: Option<usize>,
    threshold: Option<&'a S<toml::Value>>,
    unit: Option<&'a S<String>>,
    display: Option<&'a String>,
    label: Option<&'a String>,
    period: Option<&'a S<String>>,
    derive: Option<&'a RawDerive>,
}

impl<'a> CondParts<'a> {
    pub(crate) fn of_rule(r: &'a RawRule) -> Self {
        CondParts {
            metric: r.metric.as_ref(),
            metrics: r.metrics.as_ref(),
            op: r.op.as_ref().map(|o| o.get_ref().as_str()),
            op_at: r.op.as_ref().map(|o| o.span().start),
            threshold: r.threshold.as_ref(),
            unit: r.unit.as_ref(),
            display: r.display.as_ref(),
            label: r.label.as_ref(),
            period: r.period.as_ref(),
            derive: r.derive_age.as_ref(),
        }
    }

    pub(crate) fn of(c: &'a RawCond) -> Self {
        CondParts {
            metric: c.metric.as_ref(),
            metrics: c.metrics.as_ref(),
            op: c.op.as_ref().map(|o| o.get_ref().as_str()),
            op_at: c.op.as_ref().map(|o| o.span().start),
            threshold: c.threshold.as_ref(),
            unit: c.unit.as_ref(),
            display: c.display.as_ref(),
            label: c.label.as_ref(),
            period: c.period.as_ref(),
            derive: None,
        }
    }
}

pub(crate) const NUMERIC: &[MetricType] = &[
    MetricType::Count,
    MetricType::Number,
    MetricType::Money,
    MetricType::Int,
];

pub(crate) fn cond_fields(src: &Src, id: &str, at: usize, p: CondParts) -> Result<Cond, RuleError> {
    let ctx = |msg: String| format!("rule {id}: {msg}");
    let op_at = p.op_at.unwrap_or(at);
    let op =
        p.op.ok_or_else(|| src.err(at, ctx("condition without `op`".into())))?;
    let op = parse_op(op)
        .ok_or_else(|| src.err(op_at, ctx(format!("bad operator `{op}` (>=, >, <=)"))))?;
    let mut keys: Vec<&S<String>> = p.metric.into_iter().collect();
    keys.extend(p.metrics.into_iter().flatten());
    if keys.is_empty() {
        return Err(src.err(at, ctx("condition without `metric`".into())));
    }
    let mut metrics = Vec::new();
    let mut units = Vec::new();
    for k in keys {
        known_metric(src, id, k, NUMERIC)?;
        units.push(metric(k.get_ref()).map(|d| d.unit).unwrap_or("-"));
        metrics.push(k.get_ref().clone());
    }
    let unit = p
        .unit
        .ok_or_else(|| src.err(at, ctx("condition without `unit`".into())))?;
    if let Some(u) = units.iter().find(|u| **u != unit.get_ref().as_str()) {
        return Err(src.err(unit.span().start, ctx(format!(
            "unit `{}` is not the metric's canonical unit `{u}` (money in CNY yuan, areas in m2, percent 0–100)",
            unit.get_ref()
        ))));
    }
    let th = p
        .threshold
        .ok_or_else(|| src.err(at, ctx("condition without `threshold`".into())))?;
    let threshold = match th.get_ref() {
        toml::Value::Table(t) => {
            let mut national = None;
            let mut provincial = None;
            for (k, v) in t {
                let d = value_decimal(v).ok_or_else(|| {
                    src.err(
                        th.span().start,
                        ctx(format!("threshold `{k}` is not a number")),
                    )
                })?;
                match k.as_str() {
                    "national" => national = Some(d),
                    "provincial" => provincial = Some(d),
                    _ => {
                        return Err(src.err(
                            th.span().start,
                            ctx(format!(
                                "threshold level `{k}` is not national or provincial"
                            )),
                        ));
                    }
                }
            }
            if national.is_none() && provincial.is_none() {
                return Err(src.err(th.span().start, ctx("empty threshold table".into())));
            }
            Threshold::ByLevel {
                national,
                provincial,
            }
        }
        v => Threshold::Fixed(
            value_decimal(v)
                .ok_or_else(|| src.err(th.span().start, ctx("threshold is not a number".into())))?,
        ),
    };
    let label = p
        .label
        .filter(|l| !l.trim().is_empty())
        .ok_or_else(|| src.err(at, ctx("condition without `label`".into())))?;
    let period = match p.period {
        Some(s) => Some(parse_period(s.get_ref()).ok_or_else(|| {
            src.err(
                s.span().start,
                ctx(format!("period `{}` is not 近N年 or 上年度", s.get_ref())),
            )
        })?),
        None => None,
    };
    let derive_age = match p.derive {
        Some(d) => {
            known_metric(src, id, &d.birth, &[MetricType::Date])?;
            known_metric(src, id, &d.at, &[MetricType::Date])?;
            Some((d.birth.get_ref().clone(), d.at.get_ref().clone()))
        }
        None => None,
    };
    Ok(Cond {
        metrics,
        op,
        threshold,
        unit: unit.get_ref().clone(),
        display: p.display.cloned(),
        label: label.clone(),
        period,
        derive_age,
    })
}

pub(crate) fn known_metric(
    src: &Src,
    id: &str,
    key: &S<String>,
    types: &[MetricType],
) -> Result<MetricType, RuleError> {
    let def = metric(key.get_ref()).ok_or_else(|| {
        src.err(
            key.span().start,
            format!(
                "rule {id}: unknown metric key `{}` (not in pipelines/metrics.tsv)",
                key.get_ref()
            ),
        )
    })?;
    if !types.contains(&def.kind) {
        return Err(src.err(
            key.span().start,
            format!(
                "rule {id}: metric `{}` has type {:?}, expected one of {types:?}",
                key.get_ref(),
                def.kind
            ),
        ));
    }
    Ok(def.kind)
}

pub(crate) fn count_metric(
    src: &Src,
    id: &str,
    key: Option<&S<String>>,
    what: &str,
    at: usize,
) -> Result<String, RuleError> {
    let key = key.ok_or_else(|| src.err(at, format!("rule {id}: missing `{what}`")))?;
    known_metric(src, id, key, NUMERIC)?;
    Ok(key.get_ref().clone())
}

pub(crate) fn date_metric(
    src: &Src,
    id: &str,
    key: Option<&S<String>>,
    what: &str,
    at: usize,
) -> Result<String, RuleError> {
    let key = key.ok_or_else(|| src.err(at, format!("rule {id}: missing `{what}`")))?;
    known_metric(src, id, key, &[MetricType::Date])?;
    Ok(key.get_ref().clone())
}

pub(crate) fn number(
    src: &Src,
    id: &str,
    v: Option<&S<toml::Value>>,
    at: usize,
) -> Result<Decimal, RuleError> {
    let v = v.ok_or_else(|| src.err(at, format!("rule {id}: missing `threshold`")))?;
    value_decimal(v.get_ref()).ok_or_else(|| {
        src.err(
            v.span().start,
            format!("rule {id}: threshold is not a number"),
        )
    })
}

pub(crate) fn fields(
    src: &Src,
    id: &str,
    raw: Option<&[RawField]>,
    at: usize,
    need_allowed: bool,
) -> Result<Vec<FieldSpec>, RuleError> {
    let raw = raw
        .filter(|f| !f.is_empty())
        .ok_or_else(|| src.err(at, format!("rule {id}: missing `fields`")))?;
    let mut out = Vec::new();
    for f in raw {
        if f.aliases.is_empty() || (need_allowed && f.allowed.is_empty()) {
            return Err(src.err(
                at,
                format!(
                    "rule {id}: field `{}` needs aliases{}",
                    f.label,
                    if need_allowed { " and allowed" } else { "" }
                ),
            ));
        }
        out.push(FieldSpec {
            label: f.label.clone(),
            aliases: f.aliases.clone(),
            allowed: f.allowed.clone(),
        });
    }
    Ok(out)
}

pub(crate) fn value_decimal(v: &toml::Value) -> Option<Decimal> {
    match v {
        toml::Value::Integer(i) => Some(Decimal::from(*i)),
        toml::Value::Float(f) if f.is_finite() => f.to_string().parse().ok(),
        toml::Value::String(s) => s.replace(',', "").trim().parse().ok(),
        _ => None,
    }
}

pub(crate) fn parse_op(s: &str) -> Option<Op> {
    match s.trim() {
        ">=" | "≥" => Some(Op::Ge),
        ">" => Some(Op::Gt),
        "<=" | "≤" => Some(Op::Le),
        _ => None,
    }
}

pub(crate) fn parse_period(s: &str) -> Option<PeriodReq> {
    let s = s.trim();
    if matches!(s, "上年度" | "上一年度" | "上年") {
        return Some(PeriodReq::LastYear);
    }
    let n = s.strip_prefix('近')?.strip_suffix('年')?;
    let n: i32 = n.parse().ok()?;
    (1..=50).contains(&n).then_some(PeriodReq::Years(n))
}

pub(crate) fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d))
}

/// Parses a promotion-center variant as the contract spells it, or its Chinese name.
pub(crate) fn parse_variant(s: &str) -> Option<Variant> {
    Some(match s.trim() {
        "comprehensive" | "综合类" => Variant::Comprehensive,
        "industry" | "行业类" => Variant::Industry,
        "tech" | "技术创新" | "技术创新类" => Variant::Tech,
        "incubation" | "产业孵化" | "产业孵化类" => Variant::Incubation,
        "talent" | "人才培育" | "人才培育类" => Variant::Talent,
        "sme" | "中小企业服务" | "中小企业服务类" => Variant::Sme,
        _ => return None,
    })
}
