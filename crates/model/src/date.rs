//! Calendar dates, and the one reader of every form Chinese documents write them in.
//!
//! Forms read: `2026年8月16日`, `2026年08月16日`, `2026 年 8 月 16 日`, `2026年8月16号`,
//! `二〇二六年八月二十三日`, `2026-07-27`, `2026.07.27`, `2026/7/27`, and the month-only
//! `2026年8月` / `二〇二六年八月` (出生年月: a day is never invented). Full-width digits are read
//! once the text is folded (intake-facts folds before it reads). ISO 8601 (`YYYY-MM-DD`, also the
//! date part of `YYYY-MM-DDTHH:MM:SS`) is one of the forms, so values written to `facts.jsonl`
//! read back through the same function.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A Gregorian calendar date, or a month where the document states no day.
///
/// Orders by calendar day; a month-only date stands on the first of its month. Shown (and
/// serialised in `facts.jsonl`) as `YYYY-MM-DD`, or `YYYY-MM` (ISO 8601 reduced precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    day: NaiveDate,
    day_stated: bool,
}

impl Date {
    /// The date `y-m-d`; `None` unless it is a real Gregorian day (no 2023-02-30).
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(y, m, d).map(|day| Date {
            day,
            day_stated: true,
        })
    }

    /// The month `y-m` with no day stated; `None` for a month outside 1–12.
    pub fn ym(y: i32, m: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(y, m, 1).map(|day| Date {
            day,
            day_stated: false,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.day.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.day.month()
    }

    /// The day of the month, `None` for a month-only date.
    pub fn day(self) -> Option<u32> {
        self.day_stated.then(|| self.day.day())
    }

    /// True when the document stated the day (not only the month).
    pub fn has_day(self) -> bool {
        self.day_stated
    }

    /// Reads the date at the start of `s` (after white space), in any of the module's forms;
    /// what follows it is ignored (`2024-05-01T10:00:00` reads as 2024-05-01). `None` when `s`
    /// does not start with a date or the date is not a real day.
    /// The ISO month form `YYYY-MM` (how `facts.jsonl` writes a month-only date) is read when
    /// it is the whole of `s`; in running text `2023-10` is not a date.
    pub fn parse(s: &str) -> Option<Date> {
        let chars: Vec<char> = s.trim().chars().collect();
        Date::read_at(&chars, 0)
            .map(|(d, _)| d)
            .or_else(|| iso_month(&chars))
    }

    /// Reads a date starting at character `i` of `chars`; returns it and the offset one past its
    /// last character. A run of ASCII digits that continues a word or number (`A2023-10-13`)
    /// is not a date. Any year is accepted; a reader of running text bounds it (see
    /// [`Date::find_all`]).
    pub fn read_at(chars: &[char], i: usize) -> Option<(Date, usize)> {
        let make = |y: i32, m: u32, d: Option<u32>, end: usize| {
            let date = match d {
                Some(d) => Date::ymd(y, m, d),
                None => Date::ym(y, m),
            };
            date.map(|date| (date, end))
        };
        let first = *chars.get(i)?;
        if first.is_ascii_digit() {
            if i > 0 && chars[i - 1].is_ascii_alphanumeric() {
                return None;
            }
            let (y, j) = digits(chars, i, 4)?;
            if j - i != 4 {
                return None;
            }
            let y = y as i32;
            let j2 = skip_spaces(chars, j);
            match chars.get(j2) {
                Some('年') => {
                    let k = skip_spaces(chars, j2 + 1);
                    let (m, k) = digits(chars, k, 2)?;
                    let k = skip_spaces(chars, k);
                    if chars.get(k) != Some(&'月') {
                        return None;
                    }
                    let k2 = skip_spaces(chars, k + 1);
                    if let Some((d, e)) = digits(chars, k2, 2) {
                        let e2 = skip_spaces(chars, e);
                        if matches!(chars.get(e2), Some('日' | '号')) {
                            return make(y, m, Some(d), e2 + 1);
                        }
                    }
                    make(y, m, None, k + 1)
                }
                Some(&sep @ ('-' | '.' | '/')) if j2 == j => {
                    let (m, k) = digits(chars, j + 1, 2)?;
                    if chars.get(k) != Some(&sep) {
                        return None;
                    }
                    let (d, e) = digits(chars, k + 1, 2)?;
                    make(y, m, Some(d), e)
                }
                _ => None,
            }
        } else {
            let j = numeral_run(chars, i, 4);
            let y = chinese_year(&chars[i..j])?;
            if chars.get(j) != Some(&'年') {
                return None;
            }
            let k = numeral_run(chars, j + 1, 3);
            let m = small_numeral(&chars[j + 1..k])?;
            if chars.get(k) != Some(&'月') {
                return None;
            }
            let e = numeral_run(chars, k + 1, 3);
            if e > k + 1 && matches!(chars.get(e), Some('日' | '号')) {
                let d = small_numeral(&chars[k + 1..e])?;
                return make(y, m, Some(d), e + 1);
            }
            make(y, m, None, k + 1)
        }
    }

    /// Every date in running text, left to right and not overlapping, as (date, first
    /// character, one past the last). Years outside 1900–2100 are not dates here: in a document
    /// they are serial numbers or amounts (`3000.10.12`).
    pub fn find_all(chars: &[char]) -> Vec<(Date, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if (c.is_ascii_digit() || chinese_digit(c).is_some())
                && let Some((d, end)) = Date::read_at(chars, i)
                && (1900..=2100).contains(&d.year())
            {
                out.push((d, i, end));
                i = end;
                continue;
            }
            i += 1;
        }
        out
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        (self.day - NaiveDate::default()).num_days()
    }

    /// Whole months from `self` to `later` (negative if `later` is earlier).
    pub fn months_until(self, later: Date) -> i32 {
        let mut m = (later.year() - self.year()) * 12 + later.month() as i32 - self.month() as i32;
        if later.day.day() < self.day.day() {
            m -= 1;
        }
        m
    }

    /// Age in whole years (周岁) at `at` of someone born on `self` (a month-only birth date
    /// counts from the first of the month).
    pub fn age_at(self, at: Date) -> i32 {
        self.months_until(at).div_euclid(12)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.day_stated {
            write!(
                f,
                "{:04}-{:02}-{:02}",
                self.year(),
                self.month(),
                self.day.day()
            )
        } else {
            write!(f, "{:04}-{:02}", self.year(), self.month())
        }
    }
}

/// The error of [`Date::from_str`]: the text is not exactly a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotADate(pub String);

impl fmt::Display for NotADate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a date: {:?}", self.0)
    }
}

impl std::error::Error for NotADate {}

impl FromStr for Date {
    type Err = NotADate;

    /// The whole of `s` (after white space) as one date of any form; `2024-05-10`, `2024-05`.
    fn from_str(s: &str) -> Result<Date, NotADate> {
        let chars: Vec<char> = s.trim().chars().collect();
        match Date::read_at(&chars, 0) {
            Some((d, end)) if end == chars.len() => Ok(d),
            _ => iso_month(&chars).ok_or_else(|| NotADate(s.to_string())),
        }
    }
}

/// Reads a run of ASCII digits at `i` (at most `max`) that no further digit follows; returns
/// value and end.
fn digits(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut v = 0u32;
    while j < chars.len() && j - i < max {
        let Some(d) = chars[j].to_digit(10).filter(|_| chars[j].is_ascii_digit()) else {
            break;
        };
        v = v * 10 + d;
        j += 1;
    }
    (j > i && !chars.get(j).is_some_and(char::is_ascii_digit)).then_some((v, j))
}

/// Exactly `YYYY-MM`.
fn iso_month(chars: &[char]) -> Option<Date> {
    let (y, j) = digits(chars, 0, 4)?;
    let (m, k) = (j == 4 && chars.get(4) == Some(&'-'))
        .then(|| digits(chars, 5, 2))
        .flatten()?;
    (k == 7 && chars.len() == 7)
        .then(|| Date::ym(y as i32, m))
        .flatten()
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    i
}

/// The value of one Chinese digit character (`〇`/`零` 0 … `九`/`玖` 9, the formal 大写 forms
/// included), as dates and figures write them.
pub fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// End of the run of Chinese digits and 十 at `i`, at most `max` long.
fn numeral_run(chars: &[char], i: usize, max: usize) -> usize {
    let mut j = i;
    while j < chars.len() && j - i < max && (chinese_digit(chars[j]).is_some() || chars[j] == '十')
    {
        j += 1;
    }
    j
}

/// A year written digit by digit: 二〇二三.
fn chinese_year(s: &[char]) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    s.iter()
        .try_fold(0i32, |v, &c| Some(v * 10 + chinese_digit(c)? as i32))
}

/// A month or day: 八, 十, 十二, 二十, 二十三, 三十一.
fn small_numeral(s: &[char]) -> Option<u32> {
    match s {
        ['十'] => Some(10),
        [d] => chinese_digit(*d),
        ['十', u] => Some(10 + chinese_digit(*u)?),
        [t, '十'] => Some(chinese_digit(*t)? * 10),
        [t, '十', u] => Some(chinese_digit(*t)? * 10 + chinese_digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn iso(s: &str) -> Option<String> {
        Date::parse(s).map(|d| d.to_string())
    }

    #[test]
    fn every_written_form_reads_as_one_date() {
        for s in [
            "2026年8月16日",
            "2026年08月16日",
            "2026 年 8 月 16 日",
            "2026年8月16号",
            "二〇二六年八月十六日",
            "2026-08-16",
            "2026.08.16",
            "2026/8/16",
            "2026-08-16T09:30:00+08:00",
        ] {
            assert_eq!(iso(s).as_deref(), Some("2026-08-16"), "{s}");
        }
        assert_eq!(iso("二〇二六年八月二十三日").as_deref(), Some("2026-08-23"));
        assert_eq!(
            iso("二〇二六年十二月三十一日").as_deref(),
            Some("2026-12-31")
        );
        assert_eq!(iso("1975年4月").as_deref(), Some("1975-04"));
        assert_eq!(iso("二〇二三年十月").as_deref(), Some("2023-10"));
        assert_eq!(iso("1975-04").as_deref(), Some("1975-04"));
        assert_eq!(iso("1975-04 前后"), None);
        assert_eq!(
            "1975-04".parse::<Date>().map(|d| d.to_string()),
            Ok("1975-04".into())
        );
        assert!(Date::parse("2023年2月30日").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("2023-10/13").is_none());
        assert!("2023-10-13 以前".parse::<Date>().is_err());
    }

    #[test]
    fn found_in_running_text_with_offsets() {
        let chars: Vec<char> = "于2023-10-13成立，编号A2024-01-02，3000.01.01，1990年5月"
            .chars()
            .collect();
        let got: Vec<(String, usize, usize)> = Date::find_all(&chars)
            .into_iter()
            .map(|(d, a, b)| (d.to_string(), a, b))
            .collect();
        assert_eq!(
            got,
            [("2023-10-13".into(), 1, 11), ("1990-05".into(), 39, 46)]
        );
    }

    #[test]
    fn ages_months_and_days_count_whole_units() {
        let b = Date::ymd(2000, 6, 15).unwrap();
        assert_eq!(b.age_at(Date::ymd(2024, 6, 14).unwrap()), 23);
        assert_eq!(b.age_at(Date::ymd(2024, 6, 15).unwrap()), 24);
        assert_eq!(Date::ym(1975, 4).unwrap().age_at(b), 25);
        assert_eq!(Date::ymd(1970, 1, 2).unwrap().days(), 1);
        assert_eq!(
            Date::ymd(2024, 3, 1).unwrap().days() - Date::ymd(2024, 2, 28).unwrap().days(),
            2
        );
        assert!(Date::ym(2024, 3).unwrap() < Date::ymd(2024, 3, 2).unwrap());
    }
}
