//! Cell reading for tables and forms: label cleaning, the unit a header names, value cells.

use crate::normalize::Folded;
use crate::quantity::{Quantity, Unit, parse_quantity};
use rust_decimal::Decimal;

/// A label cleaned for lookup: no blanks, numbering, colons, asterisks or unit remarks.
pub(crate) fn clean_label(s: &str) -> String {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '：' | ':' | '★'))
        .collect();
    // Leading numbering: 1. 1、 （1） 一、 — a number of one or two digits closed by a mark,
    // never a year (2021年度 keeps its year).
    // Only the first few characters matter: (open, up to two digits, close, one more).
    let chars: Vec<(usize, char)> = t.char_indices().take(6).collect();
    let open = usize::from(matches!(chars.first(), Some((_, '（' | '('))));
    let digits = chars[open..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    let close = chars
        .get(open + digits)
        .is_some_and(|(_, c)| matches!(c, '.' | '、' | '）' | ')' | '．'));
    if (1..=2).contains(&digits)
        && close
        && let Some(&(rest, _)) = chars.get(open + digits + 1)
    {
        t.drain(..rest);
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        // Only a closing bracket that ends the label, after its opening one: 金额（万元）.
        if let (Some(a), Some(b)) = (t.rfind(open), t.rfind(close))
            && b > a
            && b + close.len_utf8() == t.len()
            && (unit_hint(&t[a + open.len_utf8()..b]).is_some() || unit_hint(&t[a..]).is_some())
        {
            t.truncate(a);
        }
    }
    // A remark for whoever fills the form in (建设主体（盖章）, 单位名称（全称）) is no part of the label.
    for remark in ["盖章", "公章", "签章", "全称", "签字", "加盖公章"] {
        for (open, close) in [('（', '）'), ('(', ')')] {
            let kept = t
                .strip_suffix(close)
                .and_then(|r| r.strip_suffix(remark))
                .and_then(|r| r.strip_suffix(open))
                .map(str::len);
            if let Some(n) = kept.filter(|&n| n > 0) {
                t.truncate(n);
            }
        }
    }
    t
}

/// The unit a header or label names (金额（万元）, 面积（平方米）, 人数, 比例（%）).
pub(crate) fn unit_hint(s: &str) -> Option<(Unit, Decimal)> {
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    Some(if has(&["亿元"]) {
        (Unit::Cny, Decimal::from(100_000_000))
    } else if has(&["千万元"]) {
        (Unit::Cny, Decimal::from(10_000_000))
    } else if has(&["百万元"]) {
        (Unit::Cny, Decimal::from(1_000_000))
    } else if has(&["万元"]) {
        (Unit::Cny, Decimal::from(10_000))
    } else if has(&["千元"]) {
        (Unit::Cny, Decimal::from(1000))
    } else if has(&["元"]) {
        (Unit::Cny, Decimal::ONE)
    } else if has(&["平方米", "㎡", "m²", "m2", "平米"]) {
        (Unit::SquareMetre, Decimal::ONE)
    } else if has(&["%", "％", "比例", "占比"]) {
        (Unit::Percent, Decimal::ONE)
    } else if has(&["人次"]) {
        (Unit::PersonTimes, Decimal::ONE)
    } else if has(&["人数", "（人）", "(人)", "人员数"]) {
        (Unit::Persons, Decimal::ONE)
    } else if has(&["个月", "（月）"]) {
        (Unit::Months, Decimal::ONE)
    } else if has(&["（年）", "(年)", "年限"]) {
        (Unit::Years, Decimal::ONE)
    } else {
        for w in ["项", "个", "家", "次", "场", "支", "类"] {
            if s.contains(&format!("（{w}）"))
                || s.contains(&format!("({w})"))
                || s.ends_with(&format!("{w}数"))
            {
                let w: &'static str = match w {
                    "项" => "项",
                    "个" => "个",
                    "家" => "家",
                    "次" => "次",
                    "场" => "场",
                    "支" => "支",
                    _ => "类",
                };
                return Some((Unit::Count(w), Decimal::ONE));
            }
        }
        return None;
    })
}

/// Reads a value cell as a quantity, applying the unit its header or label names.
pub(crate) fn cell_quantity(text: &str, hints: &[&str]) -> Option<Quantity> {
    let mut q = parse_quantity(text)?;
    if q.unit == Unit::Bare
        && let Some((u, m)) = hints.iter().find_map(|h| unit_hint(h))
    {
        q.unit = u;
        q.value = q.value.checked_mul(m)?.normalize();
    }
    Some(q)
}

pub(crate) fn is_total(label: &str) -> bool {
    matches!(label, "合计" | "总计" | "共计" | "总数" | "合计人数")
}

/// A period stated by a table label or header: `2023`, `2023年`, `近3年`, `上年度`.
pub(crate) fn period_of(s: &str) -> Option<String> {
    let t = s.trim();
    if t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1990..=2100).contains(&y)) {
        return Some(format!("{t}年"));
    }
    let chars: Vec<char> = Folded::new(t).chars;
    crate::date::find_periods(&chars)
        .into_iter()
        .next()
        .map(|p| p.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_clean_and_stray_brackets_are_safe() {
        assert_eq!(clean_label("仪器设备原值（万元）"), "仪器设备原值");
        assert_eq!(clean_label(" 1. 从业人员： "), "从业人员");
        assert_eq!(clean_label("（二）博士"), "博士");
        assert_eq!(clean_label("2021 年度"), "2021年度");
        // Brackets out of order, as real bills of lading and slides have them.
        assert_eq!(
            clean_label("公司',),('上海建工集团股份有"),
            "公司',),('上海建工集团股份有"
        );
        assert_eq!(
            clean_label("Shipper(completenameandaddress)发货人(名称及地"),
            "Shipper(completenameandaddress)发货人(名称及地"
        );
        let q = cell_quantity("1250", &["仪器设备原值（万元）"]).unwrap();
        assert_eq!((q.value, q.unit), (Decimal::from(12_500_000), Unit::Cny));
        assert_eq!(period_of("2023"), Some("2023年".into()));
        assert!(is_total("合计"));
        assert_eq!(clean_label("承担主体（盖章）"), "承担主体");
        // A one-character unit is a unit only in its brackets: （人） （月） （年）.
        assert_eq!(clean_label("维护人员数（人）"), "维护人员数");
        assert_eq!(clean_label("每年驻站时间（月）"), "每年驻站时间");
        assert_eq!(clean_label("申请机构(全称)"), "申请机构");
    }
}
