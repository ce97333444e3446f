//! Figures as reviewers read them: `48 人`, `1,250万元`, `8,500元`, `3,200㎡`, `52.5%`,
//! `20,000 人次`, `2024年` — the one formatter of findings' messages, the report and the CLI.
//!
//! The style is the rulebooks' (their thresholds read `不少于1,250万元`): thousands grouped, sums
//! of 万 and more in 万元 as the regulations state them, smaller sums in 元 (a fraction of a 万
//! reads as a slip), counting words after a space.

use rust_decimal::Decimal;

use crate::metric;

/// Groups the integer part of a decimal by thousands, trailing zeros of the fraction dropped:
/// `12500000.50` → `12,500,000.5`.
pub fn grouped(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 2);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A figure in a `metrics.tsv` unit (`CNY` yuan, `m2`, `percent`, `persons`, `count`, `years`,
/// `year`, …) as a reviewer reads it; `word` overrides the counting word (项, 家, 周岁). Exact:
/// nothing is rounded (see [`metric_figure`]).
pub fn figure(v: Decimal, unit: &str, word: Option<&str>) -> String {
    let wan = Decimal::from(10_000);
    match unit {
        "CNY" if v.abs() >= wan => format!("{}万元", grouped(v / wan)),
        "CNY" => format!("{}元", grouped(v)),
        "m2" => format!("{}㎡", grouped(v)),
        "percent" => format!("{}%", grouped(v)),
        // A year is a label, not a quantity: no thousands separator.
        "year" => format!("{}年", v.normalize()),
        "-" | "" if word.is_none() => grouped(v),
        _ => {
            let word = word.unwrap_or(match unit {
                "persons" => "人",
                "person-times" => "人次",
                "months" => "个月",
                "years" => "年",
                "count" => "项",
                other => other,
            });
            format!("{} {word}", grouped(v))
        }
    }
}

/// A figure of a metric, in its unit, rounded to the registry's display precision (decimals
/// of the display unit: 万元 for sums of 万 and more). An unknown key shows the bare number.
pub fn metric_figure(key: &str, v: Decimal) -> String {
    let Some(m) = metric(key) else {
        return grouped(v);
    };
    let shown_in_wan = m.unit == "CNY" && v.abs() >= Decimal::from(10_000);
    let dp = if m.unit == "CNY" {
        m.precision.saturating_sub(if shown_in_wan { 4 } else { 0 })
    } else {
        m.precision
    };
    figure(v.round_dp(dp), m.unit, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn figures_read_one_way() {
        assert_eq!(figure(d("12500000"), "CNY", None), "1,250万元");
        assert_eq!(figure(d("8500"), "CNY", None), "8,500元");
        assert_eq!(figure(d("3200"), "m2", None), "3,200㎡");
        assert_eq!(figure(d("52.50"), "percent", None), "52.5%");
        assert_eq!(figure(d("48"), "persons", None), "48 人");
        assert_eq!(figure(d("20000"), "person-times", None), "20,000 人次");
        assert_eq!(figure(d("12"), "count", Some("家")), "12 家");
        assert_eq!(figure(d("2024"), "year", None), "2024年");
        assert_eq!(figure(d("-1234.5"), "-", None), "-1,234.5");
        assert_eq!(
            metric_figure("revenue.total_annual", d("12345678.9")),
            "1,234.5679万元"
        );
        assert_eq!(metric_figure("staff.total", d("126")), "126 人");
        assert_eq!(metric_figure("no.such", d("1000")), "1,000");
    }
}
