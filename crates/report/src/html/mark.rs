//! Finding the figure inside a quote so the page can wrap it in `<mark>`.
//!
//! A quote is split into segments that alternate plain / marked text (even indices plain, odd
//! indices marked); the page builds text nodes from them, so no document text is ever parsed as
//! HTML.

/// Units that may follow a figure and belong to it (longest first, so `万元` wins over `万`).
const UNITS: [&str; 24] = [
    "平方米",
    "万人次",
    "万元",
    "亿元",
    "人次",
    "个月",
    "万",
    "亿",
    "元",
    "㎡",
    "人",
    "%",
    "％",
    "项",
    "家",
    "个",
    "年",
    "次",
    "场",
    "支",
    "类",
    "名",
    "件",
    "岁",
];

/// Chinese numerals that form a figure when a unit follows (十二项, 近百家 is not exact: 百 alone is
/// not marked without a unit).
const CN_DIGITS: &str = "零〇一二两三四五六七八九十百千";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_inner(c: char) -> bool {
    is_digit(c) || matches!(c, ',' | '.' | '．' | '，')
}

/// Byte ranges of every figure in `s`: a digit run (ASCII or full-width, with `,` `.` inside) plus
/// a following unit, or a run of Chinese numerals directly followed by a unit. Bounded by the
/// length of `s`: each step moves forward.
pub fn figures(s: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let numeral = CN_DIGITS.contains(c);
        if !is_digit(c) && !numeral {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        if numeral {
            while j < chars.len() && CN_DIGITS.contains(chars[j].1) {
                j += 1;
            }
        } else {
            while j < chars.len() && is_inner(chars[j].1) {
                j += 1;
            }
            // A trailing separator is punctuation, not part of the figure (共计126人，其中…).
            while j > start + 1 && !is_digit(chars[j - 1].1) {
                j -= 1;
            }
        }
        let rest = &s[end_of(j)..];
        let unit = UNITS.iter().find(|u| rest.starts_with(*u));
        match unit {
            Some(u) => {
                out.push((chars[start].0, end_of(j) + u.len()));
                let unit_end = end_of(j) + u.len();
                while j < chars.len() && chars[j].0 < unit_end {
                    j += 1;
                }
            }
            None if !numeral => out.push((chars[start].0, end_of(j))),
            None => {}
        }
        i = j;
    }
    out
}

/// Splits `quote` into alternating plain / marked segments. `focus`, when it occurs in `quote`
/// (the quote of the fact the finding is about), limits marking to the figures inside it; if it
/// holds no figure the whole of it is marked. Without a usable focus every figure is marked.
pub fn segments(quote: &str, focus: Option<&str>) -> Vec<String> {
    split(quote, focus, false)
}

/// Like [`segments`], but `focus` (a text value: a name, a credit code) is marked whole, and
/// nothing is marked when it does not occur in `quote`.
pub fn segments_whole(quote: &str, focus: &str) -> Vec<String> {
    split(quote, Some(focus), true)
}

fn split(quote: &str, focus: Option<&str>, whole: bool) -> Vec<String> {
    let ranges: Vec<(usize, usize)> = match focus
        .filter(|f| !f.is_empty())
        .and_then(|f| quote.find(f).map(|at| (at, f)))
    {
        Some((at, f)) if whole => vec![(at, at + f.len())],
        None if whole => Vec::new(),
        Some((at, f)) => {
            let inner: Vec<_> = figures(f)
                .into_iter()
                .map(|(a, b)| (a + at, b + at))
                .collect();
            if inner.is_empty() {
                vec![(at, at + f.len())]
            } else {
                inner
            }
        }
        None => figures(quote),
    };
    let mut out = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut pos = 0;
    for (a, b) in ranges {
        out.push(quote[pos..a].to_string());
        out.push(quote[a..b].to_string());
        pos = b;
    }
    out.push(quote[pos..].to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(q: &str, focus: Option<&str>) -> Vec<String> {
        segments(q, focus).into_iter().skip(1).step_by(2).collect()
    }

    #[test]
    fn marks_the_figure_with_its_unit() {
        assert_eq!(
            marked("从业人员共计48人，其中博士5人", None),
            ["48人", "5人"]
        );
        assert_eq!(marked("仪器设备原值1,860万元。", None), ["1,860万元"]);
        assert_eq!(marked("科研用房3,200㎡", None), ["3,200㎡"]);
        assert_eq!(marked("运营人员１２０人", None), ["１２０人"]);
        assert_eq!(marked("具有行业影响力的服务案例十二项", None), ["十二项"]);
        assert_eq!(marked("占比为60%", None), ["60%"]);
        assert_eq!(marked("没有数字", None), Vec::<String>::new());
    }

    #[test]
    fn focus_limits_the_marks() {
        let q = "职工总数126人，其中硕士或中级职称以上人员68人，占比60%";
        assert_eq!(marked(q, Some("占比60%")), ["60%"]);
        assert_eq!(marked(q, Some("不在其中")), ["126人", "68人", "60%"]);
        assert_eq!(marked("单位名称：某某公司", Some("某某公司")), ["某某公司"]);
        assert_eq!(segments("a12b", None).concat(), "a12b");
        assert_eq!(
            segments_whole("统一社会信用代码：91420100MA4K9D2R0H", "91420100MA4K9D2R0H"),
            ["统一社会信用代码：", "91420100MA4K9D2R0H", ""]
        );
        assert_eq!(
            segments_whole("申报日期：2026年3月20日", "2026-03-20"),
            ["申报日期：2026年3月20日"]
        );
    }
}
