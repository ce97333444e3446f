//! The precision a figure was stated to ([`intake_model::Fact::precision`]), so the integrity
//! stage can tell a rounded restatement (15.82 亿元 beside 158,191 万元) from a contradiction.

use intake_model::{Decimal, Fact, Value};

use crate::normalize::Folded;
use crate::quantity::find_in;

/// Powers of ten the Chinese magnitude words after a numeral stand for, longest first.
const MAGNITUDES: [(&str, u32); 6] = [
    ("万亿", 12),
    ("亿", 8),
    ("千万", 7),
    ("百万", 6),
    ("万", 4),
    ("千", 3),
];

/// Sets `precision` on every numeric fact of `facts` (see [`stated`]); other facts keep `None`.
pub(crate) fn mark(facts: &mut [Fact]) {
    for f in facts {
        if let Value::Number(v) = f.value {
            f.precision = Some(stated(&f.quote, v));
        }
    }
}

/// The precision `value` was stated to in `quote`, in its canonical unit: one unit of its last
/// stated digit. `15.82 亿元` → 1,000,000 (yuan), `158,191 万元` → 10,000, `1,135,639,368.05 元`
/// → 0.01, `126人` → 1. The figure is found again in its quote (the quantity whose value is
/// `value`); where it cannot be, or is written in Chinese numerals, it counts as exact (0).
pub fn stated(quote: &str, value: Decimal) -> Decimal {
    let folded = Folded::new(quote);
    let Some(q) = find_in(&folded)
        .into_iter()
        .find(|q| q.value == value && q.end <= folded.chars.len())
    else {
        return Decimal::ZERO;
    };
    let stated = &folded.chars[q.start..q.end];
    let Some(first) = stated.iter().position(char::is_ascii_digit) else {
        return Decimal::ZERO;
    };
    let numeral_len = stated[first..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '，' | '.'))
        .count();
    let numeral = &stated[first..first + numeral_len];
    let decimals = numeral.iter().position(|&c| c == '.').map_or(0, |dot| {
        numeral[dot..].iter().filter(|c| c.is_ascii_digit()).count()
    });
    let after: String = stated[first + numeral_len..].iter().collect();
    let power = MAGNITUDES
        .iter()
        .find(|(w, _)| after.trim_start().starts_with(w))
        .map_or(0, |&(_, p)| p);
    // 10^(power − decimals), as a decimal.
    let exp = i64::from(power) - decimals.min(28) as i64;
    if exp >= 0 {
        Decimal::from_i128_with_scale(10i128.pow(exp as u32), 0)
    } else {
        Decimal::new(1, (-exp).min(28) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::stated;
    use intake_model::Decimal;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn one_unit_of_the_last_stated_digit() {
        assert_eq!(stated("营业收入 15.82 亿元", d("1582000000")), d("1000000"));
        assert_eq!(stated("营业收入 158,191 万元", d("1581910000")), d("10000"));
        assert_eq!(
            stated("合计 1,135,639,368.05 元", d("1135639368.05")),
            d("0.01")
        );
        assert_eq!(stated("职工１２６人", d("126")), d("1"));
    }

    #[test]
    fn a_figure_not_found_again_or_in_chinese_numerals_is_exact() {
        // The quote states another value (a table cell whose unit is in its header).
        assert_eq!(stated("1,250", d("12500000")), Decimal::ZERO);
        assert_eq!(stated("员工一百二十人", d("120")), Decimal::ZERO);
        assert_eq!(stated("", d("5")), Decimal::ZERO);
    }
}
