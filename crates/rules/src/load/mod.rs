//! Reading and validating rulebook TOML: every error names the file and the line.

mod parts;
mod raw;

use std::collections::BTreeMap;

use intake_model::MetricType;
use regex::Regex;

use parts::{
    CondParts, cond_fields, count_metric, date_metric, fields, known_metric, number,
    parse_month_day,
};
pub(crate) use parts::{parse_op, parse_variant};
use raw::{RawBook, RawRule, Texts};

use crate::RuleError;
use crate::book::{Check, Cue, Expected, Item, NamePattern, Rule, RuleLevel, Rulebook, When};

/// Where errors point: the file name and its text (for byte offset → line).
struct Src<'a> {
    file: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            file: self.file.to_string(),
            line: self.line(offset),
            message: message.into(),
        }
    }
}

/// Parses and validates one rulebook. `file` names it in errors.
pub(crate) fn parse_book(file: &str, text: &str) -> Result<Rulebook, RuleError> {
    let src = Src { file, text };
    let raw: RawBook = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        src.err(at, e.message().trim().to_string())
    })?;
    let regime = raw.regime.get_ref().trim().to_string();
    if regime.is_empty()
        || !regime
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
    {
        return Err(src.err(
            raw.regime.span().start,
            format!("regime id `{regime}` must be kebab-case"),
        ));
    }
    let regulation = match &raw.regulation {
        Some(r) => {
            let name = r.get_ref().trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(src.err(
                    r.span().start,
                    format!("regulation `{name}` must be a file name in pipelines/regulations/"),
                ));
            }
            Some(name.to_string())
        }
        None => None,
    };
    let mut cues = Vec::new();
    for c in raw.detect.cues {
        let pattern = Regex::new(c.pattern.get_ref())
            .map_err(|e| src.err(c.pattern.span().start, format!("bad cue pattern: {e}")))?;
        cues.push(Cue {
            pattern,
            weight: c.weight,
        });
    }
    let mut rules = Vec::new();
    for r in raw.rule {
        let start = r.span().start;
        rules.push(rule(&src, start, r.into_inner())?);
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rules {
        if let Some(first) = seen.insert(&r.id, r.line) {
            return Err(RuleError::Invalid {
                file: file.to_string(),
                line: r.line,
                message: format!("duplicate rule id `{}` (first at line {first})", r.id),
            });
        }
    }
    Ok(Rulebook {
        regime,
        title: raw.title,
        source: raw.source,
        order: raw.order.unwrap_or(i64::MAX),
        regulation,
        file: file.to_string(),
        cues,
        rules,
    })
}

fn rule(src: &Src, start: usize, r: RawRule) -> Result<Rule, RuleError> {
    let id =
        r.id.clone()
            .ok_or_else(|| src.err(start, "rule without `id`"))?;
    let idv = id.get_ref().trim().to_string();
    if idv.is_empty() || idv.contains(char::is_whitespace) {
        return Err(src.err(id.span().start, format!("bad rule id `{idv}`")));
    }
    let ctx = |msg: String| format!("rule {idv}: {msg}");
    let article = match &r.article {
        Some(a) if !a.get_ref().trim().is_empty() => a.get_ref().trim().to_string(),
        Some(a) => return Err(src.err(a.span().start, ctx("empty `article`".into()))),
        None => {
            return Err(src.err(
                id.span().start,
                ctx("missing `article` (e.g. 第六条(五))".into()),
            ));
        }
    };
    let text = match &r.text {
        Some(Texts::One(t)) => vec![t.clone()],
        Some(Texts::Many(v)) => v.clone(),
        None => Vec::new(),
    };
    if text.iter().all(|t| t.trim().is_empty()) {
        return Err(src.err(
            id.span().start,
            ctx("missing `text` (the regulation's words)".into()),
        ));
    }
    let level = match r
        .level
        .as_ref()
        .map(|l| (l.get_ref().as_str(), l.span().start))
    {
        Some(("hard", _)) => RuleLevel::Hard,
        Some(("soft", _)) => RuleLevel::Soft,
        Some((other, at)) => {
            return Err(src.err(at, ctx(format!("level `{other}` is not hard or soft"))));
        }
        None => return Err(src.err(id.span().start, ctx("missing `level`".into()))),
    };
    let message = r.message.clone().filter(|m| !m.trim().is_empty());
    let message =
        message.ok_or_else(|| src.err(id.span().start, ctx("missing `message`".into())))?;
    let mut variants = Vec::new();
    for v in r.variants.iter().flatten() {
        variants.push(parse_variant(v.get_ref()).ok_or_else(|| {
            src.err(
                v.span().start,
                ctx(format!("unknown variant `{}`", v.get_ref())),
            )
        })?);
    }
    let op =
        r.op.as_ref()
            .ok_or_else(|| src.err(id.span().start, ctx("missing `op`".into())))?;
    let op_at = op.span().start;
    let label = r.label.clone().unwrap_or_default();
    let need_label = |l: &str| -> Result<String, RuleError> {
        if l.trim().is_empty() {
            Err(src.err(op_at, ctx("missing `label`".into())))
        } else {
            Ok(l.to_string())
        }
    };
    let check = match op.get_ref().as_str() {
        ">=" | ">" | "<=" => Check::Compare(cond_fields(src, &idv, op_at, CondParts::of_rule(&r))?),
        "any-of" => {
            let any = r.any.as_ref().filter(|a| a.len() >= 2);
            let any = any.ok_or_else(|| {
                src.err(
                    op_at,
                    ctx("`any-of` needs at least two `any` conditions".into()),
                )
            })?;
            Check::AnyOf(
                any.iter()
                    .map(|c| cond_fields(src, &idv, c.span().start, CondParts::of(c.get_ref())))
                    .collect::<Result<_, _>>()?,
            )
        }
        "at-least" | "at-least-k-of-n" => {
            let items = r
                .items
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`at-least` needs `items`".into())))?;
            let k =
                r.k.ok_or_else(|| src.err(op_at, ctx("`at-least` needs `k`".into())))?;
            if k == 0 || k > items.len() {
                return Err(src.err(op_at, ctx(format!("k = {k} with {} items", items.len()))));
            }
            let mut out = Vec::new();
            for it in items {
                let any = it
                    .any
                    .iter()
                    .map(|c| cond_fields(src, &idv, c.span().start, CondParts::of(c.get_ref())))
                    .collect::<Result<_, _>>()?;
                out.push(Item {
                    text: it.text.clone(),
                    open: it.open,
                    any,
                });
            }
            Check::AtLeast { k, items: out }
        }
        "ratio" => {
            let mut parts = CondParts::of_rule(&r);
            parts.op = Some(">=");
            if let Some(o) = r.cmp.as_ref() {
                parts.op = Some(o.get_ref().as_str());
            }
            let cond = cond_fields(src, &idv, op_at, parts)?;
            if cond.unit != "percent" {
                return Err(src.err(op_at, ctx("`ratio` needs a percent metric".into())));
            }
            let numerator = count_metric(src, &idv, r.numerator.as_ref(), "numerator", op_at)?;
            let denominator =
                count_metric(src, &idv, r.denominator.as_ref(), "denominator", op_at)?;
            Check::Ratio {
                cond,
                numerator,
                denominator,
            }
        }
        "implication" => {
            let w = r
                .when
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`implication` needs `when`".into())))?;
            let mut metrics = Vec::new();
            for m in &w.metrics {
                known_metric(src, &idv, m, &[MetricType::Text])?;
                metrics.push(m.get_ref().clone());
            }
            if metrics.is_empty() || w.contains_any.is_empty() {
                return Err(src.err(op_at, ctx("`when` needs metrics and contains_any".into())));
            }
            let then = r
                .then
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`implication` needs `then`".into())))?;
            let then = cond_fields(src, &idv, then.span().start, CondParts::of(then.get_ref()))?;
            Check::Implication {
                when: When {
                    metrics,
                    contains_any: w.contains_any.clone(),
                },
                then,
            }
        }
        "=" => {
            let m = r
                .metric
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`=` needs `metric`".into())))?;
            let def = known_metric(src, &idv, m, &[MetricType::Bool, MetricType::Text])?;
            let value = match (&r.value, def) {
                (Some(toml::Value::Boolean(b)), MetricType::Bool) => Expected::Bool(*b),
                (Some(toml::Value::String(s)), MetricType::Text) => Expected::Text(s.clone()),
                _ => {
                    return Err(src.err(
                        op_at,
                        ctx(format!(
                            "`=` needs a `value` of the type of `{}`",
                            m.get_ref()
                        )),
                    ));
                }
            };
            Check::Equals {
                metric: m.get_ref().clone(),
                value,
                label: need_label(&label)?,
            }
        }
        "years-between" => {
            let from = date_metric(src, &idv, r.from.as_ref(), "from", op_at)?;
            let to = date_metric(src, &idv, r.to.as_ref(), "to", op_at)?;
            let years = number(src, &idv, r.threshold.as_ref(), op_at)?;
            Check::YearsBetween {
                from,
                to,
                years,
                label: need_label(&label)?,
            }
        }
        "name" => {
            let p = r
                .pattern
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`name` needs `pattern`".into())))?;
            let pattern = NamePattern::compile(p.get_ref()).ok_or_else(|| {
                src.err(
                    p.span().start,
                    ctx(format!(
                        "bad name pattern `{}` (literal text with {{slot}}s)",
                        p.get_ref()
                    )),
                )
            })?;
            let noun = r
                .noun
                .clone()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| src.err(op_at, ctx("`name` needs `noun`".into())))?;
            let mut bind = Vec::new();
            for (slot, m) in r.bind.iter().flatten() {
                if !pattern.slots.contains(slot) {
                    return Err(src.err(
                        m.span().start,
                        ctx(format!("bind names slot `{slot}` not in the pattern")),
                    ));
                }
                known_metric(src, &idv, m, &[MetricType::Text])?;
                bind.push((slot.clone(), m.get_ref().clone()));
            }
            Check::Name {
                noun,
                pattern,
                bind,
                label: need_label(&label)?,
            }
        }
        "declared" => Check::Declared(fields(src, &idv, r.fields.as_deref(), op_at, false)?),
        "within-list" => Check::WithinList(fields(src, &idv, r.fields.as_deref(), op_at, true)?),
        "filed-by" => {
            let year_metric = r
                .year_metric
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`filed-by` needs `year_metric`".into())))?;
            known_metric(
                src,
                &idv,
                year_metric,
                &[MetricType::Int, MetricType::Count],
            )?;
            let date = date_metric(src, &idv, r.date_metric.as_ref(), "date_metric", op_at)?;
            let d = r
                .deadline
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`filed-by` needs `deadline` (MM-DD)".into())))?;
            let (month, day) = parse_month_day(d.get_ref()).ok_or_else(|| {
                src.err(
                    d.span().start,
                    ctx(format!("deadline `{}` is not MM-DD", d.get_ref())),
                )
            })?;
            let form = r
                .form
                .clone()
                .filter(|f| !f.is_empty())
                .ok_or_else(|| src.err(op_at, ctx("`filed-by` needs `form`".into())))?;
            Check::FiledBy {
                year_metric: year_metric.get_ref().clone(),
                date_metric: date,
                form,
                month,
                day,
                label: need_label(&label)?,
            }
        }
        "field" => {
            let cmp = r
                .cmp
                .as_ref()
                .ok_or_else(|| src.err(op_at, ctx("`field` needs `cmp`".into())))?;
            let op = parse_op(cmp.get_ref()).ok_or_else(|| {
                src.err(
                    cmp.span().start,
                    ctx(format!("bad operator `{}`", cmp.get_ref())),
                )
            })?;
            let months = number(src, &idv, r.threshold.as_ref(), op_at)?;
            Check::Field {
                fields: fields(src, &idv, r.fields.as_deref(), op_at, false)?,
                op,
                months,
                label: need_label(&label)?,
            }
        }
        "integrity" => Check::Integrity {
            by: r.by.clone().unwrap_or_else(|| "intake-integrity".into()),
        },
        other => {
            return Err(src.err(op_at, ctx(format!(
                "unknown operator `{other}` (>=, >, <=, =, any-of, at-least, ratio, implication, name, declared, within-list, filed-by, field, years-between, integrity)"
            ))));
        }
    };
    Ok(Rule {
        id: idv,
        article,
        text,
        note: r.note.clone(),
        level,
        variants,
        required: r.required.unwrap_or(true),
        check,
        message,
        missing: r.missing.clone(),
        line: src.line(id.span().start),
    })
}
