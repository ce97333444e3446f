//! Figures as reviewers read them: `48 人`, `1,250万元`, `3,200㎡`, `52.5%`, `20,000 人次`.

use intake_model::Value;

/// The one figure formatter, the model's (rulebook style: `1,250万元`, `48 人`).
pub(crate) use intake_model::{figure, grouped};

/// A fact value for a message: numbers grouped, booleans as 是/否.
pub(crate) fn value(v: &Value) -> String {
    match v {
        Value::Number(d) => grouped(*d),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
    }
}

/// Fills `{name}` placeholders; unknown placeholders are left as written.
pub(crate) fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('}') {
            Some(close) => {
                let key = &after[1..close];
                match vars.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&after[..=close]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Display width of a string in a monospace terminal: East Asian wide characters count 2.
pub(crate) fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_model::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn figures_read_as_reviewers_write_them() {
        assert_eq!(figure(d("48"), "persons", None), "48 人");
        assert_eq!(figure(d("12500000"), "CNY", None), "1,250万元");
        assert_eq!(figure(d("9999999"), "CNY", None), "999.9999万元");
        assert_eq!(figure(d("3200"), "m2", None), "3,200㎡");
        assert_eq!(figure(d("52.50"), "percent", None), "52.5%");
        assert_eq!(figure(d("20000"), "person-times", None), "20,000 人次");
        assert_eq!(figure(d("61"), "years", Some("周岁")), "61 周岁");
        assert_eq!(grouped(d("-1234567.25")), "-1,234,567.25");
    }

    #[test]
    fn templates_fill_known_placeholders_only() {
        let m = fill(
            "{label} {value}，低于 {article} 要求的 {threshold}{x}",
            &[
                ("label", "从业人员"),
                ("value", "48 人"),
                ("article", "第六条(五)"),
                ("threshold", "50 人"),
            ],
        );
        assert_eq!(m, "从业人员 48 人，低于 第六条(五) 要求的 50 人{x}");
        assert_eq!(width("id第六条"), 8);
    }
}
