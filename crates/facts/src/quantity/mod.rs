//! The quantity reader: a numeral with its unit, in canonical units and exact decimals.
//!
//! ```
//! use intake_facts::quantity::{parse_quantity, Unit};
//! let q = parse_quantity("1,250万元").unwrap();
//! assert_eq!(q.value.to_string(), "12500000");
//! assert_eq!(q.unit, Unit::Cny);
//! assert!(parse_quantity("统一零售价").is_none());
//! ```
//!
//! Units fold to the canonical units of `metrics.tsv`: 元/万元/亿元 → CNY yuan;
//! 平方米/㎡/m²/m2/平米 → m²; 人/名/位 → persons; 人次 → person-times; 项/个/家/次/场/支/类 →
//! count (the measure word is kept); %/％/百分之… → percent 0–100; 年 (a duration) → years;
//! 个月 → months. Approximate forms (2000余人, 近百家, 两三个, 约50人, 100人以上) are read with
//! `approx` set and the marker kept; forms that give no figure at all (数十家, 几百人) are refused.
//! A minus sign makes money, percentages and bare figures negative (`-120万元`); a negative
//! head-count, area, count or duration (`-120人`) is refused rather than read as positive.

mod numeral;

use crate::normalize::Folded;
use rust_decimal::Decimal;

pub use numeral::{parse_numeral, to_chinese};

/// A character of a Chinese numeral as dates write them (digits and `十`).
pub(crate) fn numeral_char(c: char) -> bool {
    numeral::chinese_digit(c).is_some() || c == '十'
}

/// The unit a quantity was stated in, folded to the canonical units of `metrics.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Money in CNY yuan (元, 万元 and 亿元 are scaled into yuan).
    Cny,
    /// Area in square metres (平方米, 平米, ㎡, m², m2).
    SquareMetre,
    /// Persons (人, 名, 位).
    Persons,
    /// Person-times (人次).
    PersonTimes,
    /// A count with its measure word (项, 个, 家, 次, 场, 支, 类, 件, 所, 篇, 套, 台, 种, 款).
    Count(&'static str),
    /// Percent, 0–100 (%, ％, 百分之…).
    Percent,
    /// A duration in years (年 after a small number, 岁 for ages).
    Years,
    /// A duration in months (个月).
    Months,
    /// No unit at all (a bare number, as in table cells).
    Bare,
    /// A unit outside the canonical set (美元, 吨, 公里, a calendar year, a month of a date).
    Other,
}

impl Unit {
    /// The canonical unit name of `metrics.tsv`: `CNY`, `m2`, `persons`, `person-times`, `count`,
    /// `percent`, `years`, `months`; `-` for [`Unit::Bare`] and [`Unit::Other`].
    pub fn canonical(self) -> &'static str {
        match self {
            Unit::Cny => "CNY",
            Unit::SquareMetre => "m2",
            Unit::Persons => "persons",
            Unit::PersonTimes => "person-times",
            Unit::Count(_) => "count",
            Unit::Percent => "percent",
            Unit::Years => "years",
            Unit::Months => "months",
            Unit::Bare | Unit::Other => "-",
        }
    }
}

/// A quantity read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in the canonical unit (yuan, m², persons, percent 0–100), exact.
    pub value: Decimal,
    /// The unit.
    pub unit: Unit,
    /// An approximate statement (2000余人, 近百家, 两三个, 约50人, 100人以上).
    pub approx: bool,
    /// The word that made it approximate (`余`, `近`, `以上`, …), if any.
    pub marker: Option<&'static str>,
    /// Some digits were OCR letters (`S00` → 500).
    pub ocr_corrected: bool,
    /// Character offset where the quantity starts (including an approximation prefix).
    pub start: usize,
    /// Character offset one past its end (including the unit and suffixes).
    pub end: usize,
}

/// Measure words counted as [`Unit::Count`].
const COUNTERS: [&str; 16] = [
    "项", "个", "家", "次", "场", "支", "类", "件", "所", "篇", "套", "台", "种", "款", "批", "座",
];

/// Words made of numeral characters that are not numbers (统一, 一流, 第一, 十四五, …).
const IDIOMS: [&str; 43] = [
    "统一",
    "一流",
    "唯一",
    "同一",
    "之一",
    "万一",
    "一体",
    "一批",
    "一系列",
    "一些",
    "一般",
    "一定",
    "一直",
    "一致",
    "一起",
    "一步",
    "一线",
    "一带一路",
    "一站式",
    "一把手",
    "一键",
    "一对一",
    "一揽子",
    "十四五",
    "十三五",
    "十五五",
    "一张图",
    "一条龙",
    "一次性",
    "一方面",
    "一旦",
    "千兆",
    "万物",
    "百强",
    "三维",
    "一网",
    "千家万户",
    "四新",
    "一是",
    "二是",
    "千人计划",
    "万人计划",
    "百人计划",
];

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

fn word_len(word: &str) -> usize {
    word.chars().count()
}

/// Is the Chinese numeral at `start` part of an idiom or an ordinal?
fn in_idiom(chars: &[char], start: usize) -> bool {
    if start > 0
        && matches!(
            chars[start - 1],
            '第' | '统' | '唯' | '同' | '之' | '星' | '周' | '初'
        )
    {
        return true;
    }
    IDIOMS.iter().any(|w| {
        let n = word_len(w);
        // The idiom may begin up to two characters before the numeral (统一, 之一).
        (start.saturating_sub(2)..=start).any(|s| s + n > start && starts_with(chars, s, w))
    })
}

/// Reads the unit at `i`; returns the unit, the multiplier to apply and the end.
fn read_unit(chars: &[char], i: usize, value: Decimal) -> (Unit, Decimal, usize) {
    let one = Decimal::ONE;
    let table: [(&str, Unit, i64); 27] = [
        ("平方公里", Unit::Other, 1),
        ("平方米", Unit::SquareMetre, 1),
        ("平米", Unit::SquareMetre, 1),
        ("平方", Unit::SquareMetre, 1),
        ("㎡", Unit::SquareMetre, 1),
        ("m²", Unit::SquareMetre, 1),
        ("m2", Unit::SquareMetre, 1),
        ("M2", Unit::SquareMetre, 1),
        ("人次", Unit::PersonTimes, 1),
        ("人民币", Unit::Cny, 1),
        ("美元", Unit::Other, 1),
        ("港元", Unit::Other, 1),
        ("欧元", Unit::Other, 1),
        ("日元", Unit::Other, 1),
        ("千元", Unit::Cny, 1000),
        ("元", Unit::Cny, 1),
        ("人", Unit::Persons, 1),
        ("名", Unit::Persons, 1),
        ("位", Unit::Persons, 1),
        ("%", Unit::Percent, 1),
        ("个百分点", Unit::Other, 1),
        ("个月", Unit::Months, 1),
        ("岁", Unit::Years, 1),
        ("年度", Unit::Other, 1),
        ("月", Unit::Other, 1),
        ("日", Unit::Other, 1),
        ("年", Unit::Years, 1),
    ];
    for (w, unit, mult) in table {
        if starts_with(chars, i, w) {
            let end = i + word_len(w);
            let mut unit = unit;
            if unit == Unit::Years {
                // 2023年 is a calendar year, 3年 a duration; 3年以来/3年底 likewise a date.
                let calendar = value >= Decimal::from(1900)
                    || chars
                        .get(end)
                        .is_some_and(|c| matches!(c, '月' | '底' | '初' | '末' | '以' | '前'));
                if calendar {
                    unit = Unit::Other;
                }
            }
            if unit == Unit::Cny && w == "人民币" && starts_with(chars, end, "元") {
                return (Unit::Cny, one, end + 1);
            }
            return (unit, Decimal::from(mult), end);
        }
    }
    for w in COUNTERS {
        if starts_with(chars, i, w) {
            return (Unit::Count(w), one, i + 1);
        }
    }
    (Unit::Bare, one, i)
}

/// Finds every quantity in `text`. Offsets are character offsets into `text`.
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    find_in(&Folded::new(text))
}

/// Finds every quantity in folded text (see [`crate::normalize`]).
pub(crate) fn find_in(f: &Folded) -> Vec<Quantity> {
    let chars = &f.chars;
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pct_prefix = starts_with(chars, i, "百分之");
        if !(pct_prefix || numeral::starts_numeral(c)) {
            i += 1;
            continue;
        }
        // A digit inside a Latin word or code (`5G`, `ISO9001`, `91350100M…`) is no quantity.
        if c.is_ascii_digit()
            && i > 0
            && (chars[i - 1].is_ascii_alphanumeric() || chars[i - 1] == '.')
        {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        match read_at(f, i, pct_prefix) {
            Some(q) => {
                i = q.end.max(i + 1);
                out.push(q);
            }
            None => {
                // Skip the rest of this numeral so `2023` does not yield `023` and 第十一次 does
                // not yield 一次.
                i += 1;
                let chinese = !c.is_ascii_digit();
                while i < chars.len()
                    && (chars[i].is_ascii_digit() && !chinese
                        || chinese
                            && !chars[i].is_ascii_digit()
                            && (numeral::starts_numeral(chars[i])
                                || matches!(chars[i], '万' | '亿')))
                {
                    i += 1;
                }
            }
        }
    }
    out
}

/// Reads one quantity starting at `i` (at `百分之` when `pct_prefix`).
fn read_at(f: &Folded, i: usize, pct_prefix: bool) -> Option<Quantity> {
    let chars = &f.chars;
    let num_start = if pct_prefix { i + 3 } else { i };
    let n = numeral::read_numeral(chars, num_start)?;
    if n.chinese && !pct_prefix && in_idiom(chars, num_start) {
        return None;
    }
    // Numbers glued to Latin letters or continuing as codes are not quantities.
    let mut j = n.end;
    let mut value = n.value;
    let mut approx = n.range;
    let mut marker: Option<&'static str> = n.range.then_some("两三");
    // Refuse 数十, 几百: no figure can be read.
    if n.chinese && num_start > 0 && matches!(chars[num_start - 1], '数' | '几' | '若') {
        return None;
    }
    if matches!(chars.get(j), Some('余' | '多')) {
        approx = true;
        marker = Some(if chars[j] == '余' { "余" } else { "多" });
        j += 1;
        // 2000余万元: the multiplier follows the approximation.
        if let Some(e) = match chars.get(j) {
            Some('万') => Some(4),
            Some('亿') => Some(8),
            _ => None,
        } {
            value = value.checked_mul(Decimal::from(10u64.pow(e)))?;
            j += 1;
        }
    }
    // PDF text often spaces figures from their units: `2,460 万元`, `88 人`, `58.0 %`.
    if chars.get(j) == Some(&' ') && !n.chinese {
        if let Some(e) = match chars.get(j + 1) {
            Some('万') => Some(4),
            Some('亿') => Some(8),
            _ => None,
        } {
            value = value.checked_mul(Decimal::from(10u64.pow(e)))?;
            j += 2;
        } else if read_unit(chars, j + 1, value).0 != Unit::Bare {
            j += 1;
        }
    }
    let (unit, mult, mut end) = if pct_prefix {
        (Unit::Percent, Decimal::ONE, j)
    } else {
        read_unit(chars, j, value)
    };
    if unit == Unit::Bare {
        if n.chinese {
            return None;
        }
        if chars
            .get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_' | '@'))
        {
            return None;
        }
    }
    value = value.checked_mul(mult)?;
    let mut start = i;
    // A numeral opening with a bare 百 or 千 (百万元 in a table heading) is a figure only after
    // an approximation word (近百家, 上千人).
    let bare_head = !pct_prefix && matches!(chars[num_start], '百' | '千' | '佰' | '仟');
    let approx_before = ["近", "上", "逾", "约", "超"]
        .iter()
        .any(|w| num_start > 0 && chars[num_start - 1].to_string() == *w);
    if bare_head && !approx_before {
        return None;
    }
    // Approximation before the number.
    for (w, m) in [
        ("将近", "近"),
        ("大约", "约"),
        ("超过", "超过"),
        ("近", "近"),
        ("约", "约"),
        ("逾", "逾"),
        ("上", "上"),
    ] {
        let k = word_len(w);
        if start >= k
            && (start - k..start)
                .zip(w.chars())
                .all(|(p, c)| chars[p] == c)
        {
            // 近3年 is a period, not an approximation; 上 only as in 上千, 上万.
            if m == "近" && unit == Unit::Years
                || m == "上" && !matches!(chars.get(num_start), Some('百' | '千' | '万'))
            {
                break;
            }
            approx = true;
            marker = Some(m);
            start -= k;
            break;
        }
    }
    // Approximation and bounds after the unit.
    for (w, m) in [("左右", "左右"), ("及以上", "以上"), ("以上", "以上")] {
        if starts_with(chars, end, w) {
            approx = true;
            marker = Some(m);
            end += word_len(w);
            break;
        }
    }
    if unit == Unit::Cny && starts_with(chars, end, "整") {
        end += 1;
    }
    if negative_sign(chars, num_start) && !pct_prefix {
        // -120人 is no staff of 120: only money, percentages and bare figures (a loss, a
        // decline, a table cell) can be below zero; a negative head-count, area, count or
        // duration is no figure at all.
        if !matches!(unit, Unit::Cny | Unit::Percent | Unit::Bare) {
            return None;
        }
        value = -value;
        start = start.min(num_start - 1);
    }
    Some(Quantity {
        value: value.normalize(),
        unit,
        approx,
        marker,
        ocr_corrected: f.any_corrected(num_start, n.end),
        start,
        end,
    })
}

/// Whether the numeral at `at` carries a minus sign: `-` (full-width folded) or `−` right
/// before it, itself not after a letter, digit or Chinese numeral (`2021-2023`, `A-3` and
/// `一-三` are ranges and codes, not signs).
fn negative_sign(chars: &[char], at: usize) -> bool {
    at > 0
        && matches!(chars[at - 1], '-' | '\u{2212}')
        && (at < 2 || {
            let b = chars[at - 2];
            !(b.is_ascii_alphanumeric() || numeral::starts_numeral(b) || matches!(b, '.' | ')'))
        })
}

/// Parses a string that is one quantity and nothing else (surrounding blanks allowed):
/// `1,250万元` → 12500000 CNY; `壹仟贰佰伍拾万元整` → 12500000 CNY; `百分之五十四` → 54 percent;
/// `统一零售价` → `None`. A bare number (`126`) comes back with [`Unit::Bare`].
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    let trimmed = s.trim();
    let lead = s.chars().count() - s.trim_start().chars().count();
    let f = Folded::new(trimmed);
    let qs = find_in(&f);
    match qs.as_slice() {
        [q] if q.start == 0 && q.end == f.chars.len() => {
            let mut q = q.clone();
            q.start += lead;
            q.end += lead;
            Some(q)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
