//! Dates (2023年10月13日, 2023-10-13, 2023.10.13, 2023/10/13, 二〇二三年十月十三日, 2023年10月)
//! and the periods figures are stated for (近3年, 近五年, 上一年度, 上年度, 2023年度, 2021-2023年).

use intake_model::Date;

use crate::quantity::parse_numeral;

/// A date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    /// The date; month-only when only a month was stated (出生年月 1975年4月).
    pub date: Date,
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// False for `2023年10月` (no day stated).
    pub day_stated: bool,
}

/// A period expression found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodHit {
    /// As written (`近3年`, `上年度`, `2023年度`).
    pub label: String,
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
}

/// Reads a run of ASCII digits at `i` (at most `max`); returns value and end.
fn digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v = 0u32;
    while j < chars.len() && chars[j].is_ascii_digit() && j - i < max {
        v = v * 10 + chars[j].to_digit(10)?;
        j += 1;
    }
    (j > i && !chars.get(j).is_some_and(char::is_ascii_digit)).then_some((v, j))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i) == Some(&' ') && i < chars.len() {
        i += 1;
    }
    i
}

/// Reads Chinese numerals at `i` up to a stop character: year digit by digit (二〇二三),
/// month and day as numbers (十二, 二十三).
fn chinese_run(chars: &[char], i: usize, max: usize) -> (String, usize) {
    let mut j = i;
    while j < chars.len() && j - i < max && (crate::quantity::numeral_char(chars[j])) {
        j += 1;
    }
    (chars[i..j].iter().collect(), j)
}

/// Every date in the (folded) characters, left to right, not overlapping (read by
/// [`Date::find_all`], the one reader of dates).
pub fn find_dates(chars: &[char]) -> Vec<DateHit> {
    Date::find_all(chars)
        .into_iter()
        .map(|(date, start, end)| DateHit {
            date,
            start,
            end,
            day_stated: date.has_day(),
        })
        .collect()
}

/// Every period expression in the (folded) characters, left to right.
pub fn find_periods(chars: &[char]) -> Vec<PeriodHit> {
    let mut out = Vec::new();
    let mut i = 0;
    let s = |a: usize, b: usize| -> String { chars[a..b].iter().collect() };
    while i < chars.len() {
        let rest = &chars[i..];
        let start_with = |w: &str| w.chars().enumerate().all(|(k, c)| rest.get(k) == Some(&c));
        // 近3年, 近三年, 最近五年, 近3个年度.
        if chars[i] == '近' {
            let j = i + 1;
            let (num, k) = if chars.get(j).is_some_and(char::is_ascii_digit) {
                match digits(chars, j, 2) {
                    Some((_, k)) => (true, k),
                    None => (false, j),
                }
            } else {
                let (r, k) = chinese_run(chars, j, 2);
                (!r.is_empty(), k)
            };
            if num {
                for tail in ["个年度", "个自然年", "年度", "年"] {
                    if tail
                        .chars()
                        .enumerate()
                        .all(|(n, c)| chars.get(k + n) == Some(&c))
                    {
                        let from = if i > 0 && chars[i - 1] == '最' {
                            i - 1
                        } else {
                            i
                        };
                        let end = k + tail.chars().count();
                        out.push(PeriodHit {
                            label: s(from, end),
                            start: from,
                            end,
                        });
                        i = end;
                        break;
                    }
                }
                if out.last().is_some_and(|p| p.end == i) {
                    continue;
                }
            }
        }
        if let Some(w) = ["上一年度", "上年度", "上一年", "上年"]
            .iter()
            .find(|w| start_with(w))
        {
            let end = i + w.chars().count();
            out.push(PeriodHit {
                label: s(i, end),
                start: i,
                end,
            });
            i = end;
            continue;
        }
        // 2023年度, 2021-2023年, 2023年 (not a date: no 月 follows).
        if chars[i].is_ascii_digit()
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric())
            && let Some((y, j)) = digits(chars, i, 4)
            && j - i == 4
            && (1990..=2100).contains(&y)
        {
            let mut k = j;
            if matches!(chars.get(k), Some('-' | '—' | '~' | '至'))
                && let Some((_, k2)) =
                    digits(chars, k + 1, 4).filter(|(y2, k2)| *k2 - k - 1 == 4 && *y2 >= y)
            {
                k = k2;
            }
            // PDF text may space the year from 年: `2025 年度`.
            if chars.get(k) == Some(&' ') && chars.get(k + 1) == Some(&'年') {
                k += 1;
            }
            if chars.get(k) == Some(&'年') {
                let k2 = skip_spaces(chars, k + 1);
                let is_date = chars.get(k2).is_some_and(char::is_ascii_digit);
                let end = if chars.get(k + 1) == Some(&'度') {
                    k + 2
                } else {
                    k + 1
                };
                if !is_date {
                    out.push(PeriodHit {
                        label: s(i, end),
                        start: i,
                        end,
                    });
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Resolves a period label against the application year: `近3年` in 2025 → 2022–2024,
/// `上年度` → 2024–2024, `2023年度` → 2023–2023 (whatever the application year),
/// `2021-2023年` → 2021–2023.
pub fn resolve_period(label: &str, application_year: Option<i32>) -> (Option<i32>, Option<i32>) {
    let chars: Vec<char> = label.chars().collect();
    let years: Vec<i32> = label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .filter_map(|p| p.parse().ok())
        .collect();
    if let (Some(a), Some(b)) = (years.first(), years.last()) {
        return (Some(*a), Some(*b));
    }
    let Some(y) = application_year else {
        return (None, None);
    };
    if label.starts_with('上') {
        return (Some(y - 1), Some(y - 1));
    }
    if let Some(p) = chars.iter().position(|&c| c == '近') {
        let digits: String = chars[p + 1..]
            .iter()
            .take_while(|c| **c != '年' && **c != '个')
            .collect();
        let n = digits
            .parse::<i32>()
            .ok()
            .or_else(|| parse_numeral(&digits).and_then(|d| i32::try_from(d).ok()));
        if let Some(n) = n.filter(|n| (1..=20).contains(n)) {
            return (Some(y - n), Some(y - 1));
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str) -> Vec<String> {
        let chars: Vec<char> = crate::normalize::Folded::new(s).chars;
        find_dates(&chars)
            .into_iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    #[test]
    fn date_forms() {
        assert_eq!(dates("2023年10月13日"), ["2023-10-13"]);
        assert_eq!(
            dates("于2023-10-13、2023.10.13和2023/10/13"),
            ["2023-10-13"; 3]
        );
        assert_eq!(dates("二〇二三年十月十三日"), ["2023-10-13"]);
        assert_eq!(dates("2023年10月成立"), ["2023-10"]);
        assert_eq!(dates("申报日期：2025年3月15日"), ["2025-03-15"]);
        assert_eq!(dates("２０２５年３月１５日"), ["2025-03-15"]);
        assert!(dates("2023年2月30日").is_empty());
        assert!(dates("2023-13-01").is_empty());
    }

    #[test]
    fn periods_found_and_resolved() {
        let chars: Vec<char> =
            "近3年承担项目，近五年累计，上一年度为，2023年度营业收入，2021-2023年"
                .chars()
                .collect();
        let labels: Vec<String> = find_periods(&chars).into_iter().map(|p| p.label).collect();
        assert_eq!(
            labels,
            ["近3年", "近五年", "上一年度", "2023年度", "2021-2023年"]
        );
        assert_eq!(
            resolve_period("近3年", Some(2025)),
            (Some(2022), Some(2024))
        );
        assert_eq!(
            resolve_period("近五年", Some(2025)),
            (Some(2020), Some(2024))
        );
        assert_eq!(
            resolve_period("上年度", Some(2025)),
            (Some(2024), Some(2024))
        );
        assert_eq!(resolve_period("2023年度", None), (Some(2023), Some(2023)));
        assert_eq!(
            resolve_period("2021-2023年", None),
            (Some(2021), Some(2023))
        );
        assert_eq!(resolve_period("近3年", None), (None, None));
    }
}
