//! A rule's `op` and the keys it takes, read into its [`Check`]: one function per operator
//! that needs more than a line, each error naming the rule and the line.

use intake_model::MetricType;

use super::Src;
use super::parts::{
    CondParts, cond_fields, count_metric, date_metric, fields, known_metric, number,
    parse_month_day, parse_op,
};
use super::raw::RawRule;
use crate::RuleError;
use crate::book::{Check, Expected, Item, NamePattern, When};

/// The rule being read: its source, id and the offset of its `op` (where errors point).
pub(super) struct At<'a> {
    pub src: &'a Src<'a>,
    pub id: &'a str,
    pub op: usize,
}

impl At<'_> {
    /// An error at the rule's `op`, naming the rule.
    fn err(&self, msg: impl std::fmt::Display) -> RuleError {
        self.err_at(self.op, msg)
    }

    /// An error at `offset`, naming the rule.
    fn err_at(&self, offset: usize, msg: impl std::fmt::Display) -> RuleError {
        self.src.err(offset, format!("rule {}: {msg}", self.id))
    }

    /// The rule's `label`, required by the operators that show one.
    fn label(&self, r: &RawRule) -> Result<String, RuleError> {
        match r.label.as_deref() {
            Some(l) if !l.trim().is_empty() => Ok(l.to_string()),
            _ => Err(self.err("missing `label`")),
        }
    }
}

/// The check `op` names, with the keys it needs from `r`.
pub(super) fn check(at: &At, op: &str, r: &RawRule) -> Result<Check, RuleError> {
    let (src, idv, op_at) = (at.src, at.id, at.op);
    Ok(match op {
        ">=" | ">" | "<=" => Check::Compare(cond_fields(src, idv, op_at, CondParts::of_rule(r))?),
        "any-of" => {
            let any = r.any.as_ref().filter(|a| a.len() >= 2);
            let any = any.ok_or_else(|| at.err("`any-of` needs at least two `any` conditions"))?;
            Check::AnyOf(
                any.iter()
                    .map(|c| cond_fields(src, idv, c.span().start, CondParts::of(c.get_ref())))
                    .collect::<Result<_, _>>()?,
            )
        }
        "at-least" | "at-least-k-of-n" => at_least(at, r)?,
        "ratio" => ratio(at, r)?,
        "implication" => implication(at, r)?,
        "=" => equals(at, r)?,
        "years-between" => Check::YearsBetween {
            from: date_metric(src, idv, r.from.as_ref(), "from", op_at)?,
            to: date_metric(src, idv, r.to.as_ref(), "to", op_at)?,
            years: number(src, idv, r.threshold.as_ref(), op_at)?,
            label: at.label(r)?,
        },
        "name" => name(at, r)?,
        "declared" => Check::Declared(fields(src, idv, r.fields.as_deref(), op_at, false)?),
        "within-list" => Check::WithinList(fields(src, idv, r.fields.as_deref(), op_at, true)?),
        "filed-by" => filed_by(at, r)?,
        "field" => field(at, r)?,
        "integrity" => Check::Integrity {
            by: r.by.clone().unwrap_or_else(|| "intake-integrity".into()),
        },
        other => {
            return Err(at.err(format!(
                "unknown operator `{other}` (>=, >, <=, =, any-of, at-least, ratio, implication, name, declared, within-list, filed-by, field, years-between, integrity)"
            )));
        }
    })
}

/// `at-least`: `k` of the `items`, each met by any of its conditions.
fn at_least(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let items = r
        .items
        .as_ref()
        .ok_or_else(|| at.err("`at-least` needs `items`"))?;
    let k = r.k.ok_or_else(|| at.err("`at-least` needs `k`"))?;
    if k == 0 || k > items.len() {
        return Err(at.err(format!("k = {k} with {} items", items.len())));
    }
    let mut out = Vec::new();
    for it in items {
        let any = it
            .any
            .iter()
            .map(|c| cond_fields(at.src, at.id, c.span().start, CondParts::of(c.get_ref())))
            .collect::<Result<_, _>>()?;
        out.push(Item {
            text: it.text.clone(),
            open: it.open,
            any,
        });
    }
    Ok(Check::AtLeast { k, items: out })
}

/// `ratio`: a percent metric, or its numerator over its denominator.
fn ratio(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let mut parts = CondParts::of_rule(r);
    parts.op = Some(">=");
    if let Some(o) = r.cmp.as_ref() {
        parts.op = Some(o.get_ref().as_str());
    }
    let cond = cond_fields(at.src, at.id, at.op, parts)?;
    if cond.unit != "percent" {
        return Err(at.err("`ratio` needs a percent metric"));
    }
    let numerator = count_metric(at.src, at.id, r.numerator.as_ref(), "numerator", at.op)?;
    let denominator = count_metric(at.src, at.id, r.denominator.as_ref(), "denominator", at.op)?;
    Ok(Check::Ratio {
        cond,
        numerator,
        denominator,
    })
}

/// `implication`: when a text metric contains one of the words, a condition must hold.
fn implication(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let w = r
        .when
        .as_ref()
        .ok_or_else(|| at.err("`implication` needs `when`"))?;
    let mut metrics = Vec::new();
    for m in &w.metrics {
        known_metric(at.src, at.id, m, &[MetricType::Text])?;
        metrics.push(m.get_ref().clone());
    }
    if metrics.is_empty() || w.contains_any.is_empty() {
        return Err(at.err("`when` needs metrics and contains_any"));
    }
    let then = r
        .then
        .as_ref()
        .ok_or_else(|| at.err("`implication` needs `then`"))?;
    let then = cond_fields(
        at.src,
        at.id,
        then.span().start,
        CondParts::of(then.get_ref()),
    )?;
    Ok(Check::Implication {
        when: When {
            metrics,
            contains_any: w.contains_any.clone(),
        },
        then,
    })
}

/// `=`: a yes/no or text metric equal to the rule's `value`.
fn equals(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let m = r
        .metric
        .as_ref()
        .ok_or_else(|| at.err("`=` needs `metric`"))?;
    let def = known_metric(at.src, at.id, m, &[MetricType::Bool, MetricType::Text])?;
    let value = match (&r.value, def) {
        (Some(toml::Value::Boolean(b)), MetricType::Bool) => Expected::Bool(*b),
        (Some(toml::Value::String(s)), MetricType::Text) => Expected::Text(s.clone()),
        _ => {
            return Err(at.err(format!(
                "`=` needs a `value` of the type of `{}`",
                m.get_ref()
            )));
        }
    };
    Ok(Check::Equals {
        metric: m.get_ref().clone(),
        value,
        label: at.label(r)?,
    })
}

/// `name`: the applicant's name follows a pattern with slots bound to text metrics.
fn name(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let p = r
        .pattern
        .as_ref()
        .ok_or_else(|| at.err("`name` needs `pattern`"))?;
    let pattern = NamePattern::compile(p.get_ref()).ok_or_else(|| {
        at.err_at(
            p.span().start,
            format!(
                "bad name pattern `{}` (literal text with {{slot}}s)",
                p.get_ref()
            ),
        )
    })?;
    let noun = r
        .noun
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| at.err("`name` needs `noun`"))?;
    let mut bind = Vec::new();
    for (slot, m) in r.bind.iter().flatten() {
        if !pattern.slots.contains(slot) {
            return Err(at.err_at(
                m.span().start,
                format!("bind names slot `{slot}` not in the pattern"),
            ));
        }
        known_metric(at.src, at.id, m, &[MetricType::Text])?;
        bind.push((slot.clone(), m.get_ref().clone()));
    }
    Ok(Check::Name {
        noun,
        pattern,
        bind,
        label: at.label(r)?,
    })
}

/// `filed-by`: a yearly form dated by its deadline (MM-DD) of the following year.
fn filed_by(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let year_metric = r
        .year_metric
        .as_ref()
        .ok_or_else(|| at.err("`filed-by` needs `year_metric`"))?;
    known_metric(
        at.src,
        at.id,
        year_metric,
        &[MetricType::Int, MetricType::Count],
    )?;
    let date = date_metric(at.src, at.id, r.date_metric.as_ref(), "date_metric", at.op)?;
    let d = r
        .deadline
        .as_ref()
        .ok_or_else(|| at.err("`filed-by` needs `deadline` (MM-DD)"))?;
    let (month, day) = parse_month_day(d.get_ref()).ok_or_else(|| {
        at.err_at(
            d.span().start,
            format!("deadline `{}` is not MM-DD", d.get_ref()),
        )
    })?;
    let form = r
        .form
        .clone()
        .filter(|f| !f.is_empty())
        .ok_or_else(|| at.err("`filed-by` needs `form`"))?;
    Ok(Check::FiledBy {
        year_metric: year_metric.get_ref().clone(),
        date_metric: date,
        form,
        month,
        day,
        label: at.label(r)?,
    })
}

/// `field`: declared form fields compared in months.
fn field(at: &At, r: &RawRule) -> Result<Check, RuleError> {
    let cmp = r
        .cmp
        .as_ref()
        .ok_or_else(|| at.err("`field` needs `cmp`"))?;
    let op = parse_op(cmp.get_ref()).ok_or_else(|| {
        at.err_at(
            cmp.span().start,
            format!("bad operator `{}`", cmp.get_ref()),
        )
    })?;
    let months = number(at.src, at.id, r.threshold.as_ref(), at.op)?;
    Ok(Check::Field {
        fields: fields(at.src, at.id, r.fields.as_deref(), at.op, false)?,
        op,
        months,
        label: at.label(r)?,
    })
}
