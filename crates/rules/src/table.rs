//! `intake rules`: the loaded rules as an aligned text table a reviewer reads beside the regulation.

use crate::book::{Check, Cond, Rule, RuleLevel, Threshold};
use crate::eval::scope;
use crate::fmt::{figure, width};

/// The condition of a rule in one line: `staff.total >= 50 人`.
pub(crate) fn condition(rule: &Rule) -> String {
    match &rule.check {
        Check::Compare(c) => cond(c),
        Check::AnyOf(cs) => cs.iter().map(cond).collect::<Vec<_>>().join(" 或 "),
        Check::AtLeast { k, items } => {
            let parts: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    let figs = it.any.iter().map(cond).collect::<Vec<_>>().join(" 或 ");
                    match (figs.is_empty(), it.open) {
                        (true, _) => format!("({}) 定性", i + 1),
                        (false, true) => format!("({}) {figs} 或定性", i + 1),
                        (false, false) => format!("({}) {figs}", i + 1),
                    }
                })
                .collect();
            format!("{} 项中至少 {k} 项: {}", items.len(), parts.join("; "))
        }
        Check::Ratio {
            cond: c,
            numerator,
            denominator,
        } => format!("{} (或 {numerator} / {denominator} × 100)", cond(c)),
        Check::Implication { when, then } => {
            format!(
                "若 {} 含 {} 则 {}",
                when.metrics.join("|"),
                when.contains_any.join("/"),
                cond(then)
            )
        }
        Check::Equals { metric, value, .. } => match value {
            crate::book::Expected::Bool(b) => format!("{metric} = {b}"),
            crate::book::Expected::Text(t) => format!("{metric} = {t}"),
        },
        Check::YearsBetween {
            from, to, years, ..
        } => format!("{to} − {from} >= {years} 年"),
        Check::Name { pattern, bind, .. } => {
            let b: Vec<String> = bind.iter().map(|(s, m)| format!("{{{s}}} = {m}")).collect();
            if b.is_empty() {
                format!("名称形如 {}", pattern.source)
            } else {
                format!("名称形如 {}; {}", pattern.source, b.join(", "))
            }
        }
        Check::Declared(specs) => format!(
            "载明 {}",
            specs
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ),
        Check::WithinList(specs) => specs
            .iter()
            .map(|s| format!("{} ∈ 所列 {} 项", s.label, s.allowed.len()))
            .collect::<Vec<_>>()
            .join("; "),
        Check::FiledBy {
            year_metric,
            date_metric,
            form,
            month,
            day,
            ..
        } => {
            format!("{form}: {date_metric} <= ({year_metric}+1)-{month:02}-{day:02}")
        }
        Check::Field {
            fields, op, months, ..
        } => {
            format!(
                "{} {} {} 个月",
                fields.first().map_or("", |f| f.label.as_str()),
                op.symbol(),
                months
            )
        }
        Check::Integrity { by } => format!("跨申报核查 ({by})"),
    }
}

fn cond(c: &Cond) -> String {
    let m = c.metrics.join(" + ");
    let period = match c.period {
        Some(crate::book::PeriodReq::Years(n)) => format!(" [近{n}年]"),
        Some(crate::book::PeriodReq::LastYear) => " [上年度]".into(),
        None => String::new(),
    };
    let f = |t| figure(t, &c.unit, c.display.as_deref());
    match c.threshold {
        Threshold::Fixed(t) => format!("{m} {} {}{period}", c.op.symbol(), f(t)),
        Threshold::ByLevel {
            national,
            provincial,
        } => {
            let n = national.map_or("—".to_string(), f);
            let p = provincial.map_or("—".to_string(), f);
            format!("{m} {} 国家级 {n} / 省级 {p}{period}", c.op.symbol())
        }
    }
}

/// The `level` column: hard, soft, `hard (if stated)`, `integrity`.
fn level(rule: &Rule) -> String {
    if matches!(rule.check, Check::Integrity { .. }) {
        return "integrity".into();
    }
    let l = match rule.level {
        RuleLevel::Hard => "hard",
        RuleLevel::Soft => "soft",
    };
    if rule.required {
        l.into()
    } else {
        format!("{l} (if stated)")
    }
}

/// The cells of rows (regime, rule): regime, id, article, variant, condition, level.
pub(crate) fn cells<'a>(rows: impl Iterator<Item = (&'a str, &'a Rule)>) -> Vec<[String; 6]> {
    rows.map(|(regime, r)| {
        [
            regime.to_string(),
            r.id.clone(),
            r.article.clone(),
            scope(r),
            condition(r),
            level(r),
        ]
    })
    .collect()
}

/// Renders rows (regime, rule) as a table with a header, columns padded by display width.
pub(crate) fn render<'a>(rows: impl Iterator<Item = (&'a str, &'a Rule)>) -> String {
    let header = ["regime", "id", "article", "variant", "condition", "level"].map(String::from);
    let mut table: Vec<[String; 6]> = vec![header];
    table.extend(cells(rows));
    let mut widths = [0usize; 6];
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for (i, row) in table.iter().enumerate() {
        let mut line = String::new();
        for (j, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if j + 1 < row.len() {
                line.push_str(&" ".repeat(widths[j] - width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}
