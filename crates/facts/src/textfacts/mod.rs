//! Labelled values: names, dates, identifiers and yes/no facts (单位名称：…, 统一社会信用代码：…,
//! 申报日期：2025年3月15日, 具有独立法人资格), in prose and in form cells.

use crate::{Draft, Reader, Sink, Span};
use intake_model::key;
use intake_model::{ReadMethod, Value};

mod value;

pub(crate) use value::interpret;
use value::is_han;

/// Metrics read by label rather than as quantities.
pub(crate) const LABELLED: [&str; 9] = [
    key::ORG_NAME,
    key::ORG_CREDIT_CODE,
    key::ORG_FOUNDED,
    key::ORG_LEGAL_ENTITY,
    key::ORG_KIND,
    key::APPLICATION_DATE,
    key::REPORT_YEAR,
    key::DIRECTOR_NAME,
    key::DIRECTOR_BIRTH_DATE,
];

/// A value read from the text after a label: its value, its span (relative offsets) and extras.
pub(crate) struct Interp {
    pub value: Value,
    pub end: usize,
    pub valid: Option<bool>,
    pub note: Option<String>,
}

/// Separators a prose label needs before its value.
fn colon_after(chars: &[char], mut i: usize) -> Option<usize> {
    // Skip a parenthesised remark (（盖章）, （全称）) and blanks.
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    if matches!(chars.get(i), Some('（' | '(')) {
        let close = (i..chars.len().min(i + 8)).find(|&k| matches!(chars[k], '）' | ')'))?;
        i = close + 1;
    }
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    matches!(chars.get(i), Some('：' | ':')).then_some(i + 1)
}

/// Reads labelled values in a span: `label：value` up to the end of the clause, plus the prose
/// forms 具有独立法人资格 and 成立于2018年.
pub(crate) fn read_labels(r: &Reader, span: &Span, method: ReadMethod, sink: &mut Sink) {
    read_code_before_licence(span, method, sink);
    read_registered(span, method, sink);
    let chars = &span.folded.chars;
    let text = span.folded.string();
    let hits = r.lex.before_hits(&text);
    for (k, h) in hits.iter().enumerate() {
        let Some(metric) = h
            .entries
            .iter()
            .map(|&e| r.lex.entries[e].key.as_str())
            .find(|m| LABELLED.contains(m))
        else {
            continue;
        };
        let Some(def) = intake_model::metric(metric) else {
            continue;
        };
        // A bare 日期 is the application date only on the cover, and only as a label of its own
        // (not 报送日期, 签字日期).
        if metric == key::APPLICATION_DATE
            && h.word == "日期"
            && h.start > 0
            && is_han(chars[h.start - 1])
        {
            continue;
        }
        if let Some(&e) = h.entries.iter().find(|&&e| r.lex.entries[e].key == metric)
            && crate::prose::excluded(&r.lex.entries[e], chars, h)
        {
            continue;
        }
        // The value runs to the next label, the end of the sentence or a tab.
        let start = match colon_after(chars, h.end) {
            Some(s) => s,
            None if metric == key::ORG_LEGAL_ENTITY => {
                legal_entity_prose(span, h.start, h.end, method, sink);
                continue;
            }
            // 某某科技有限公司成立于…: a named company's founding, not the applicant's (公司成立于,
            // 本公司成立于 are its own).
            None if matches!(metric, key::ORG_FOUNDED) && h.word.ends_with('于') => {
                if founded_by_another(chars, h.start) {
                    continue;
                }
                h.end
            }
            // 营业执照统一社会信用代码为 91…: the code stated in a sentence; or after blanks
            // alone (统一社会信用代码 91…, a profile table's row read as a line).
            None if metric == key::ORG_CREDIT_CODE => {
                let mut i = h.end;
                while chars.get(i) == Some(&' ') {
                    i += 1;
                }
                match chars.get(i) {
                    Some('为' | '是') => i + 1,
                    Some(c) if i > h.end && c.is_ascii_alphanumeric() => i,
                    _ => continue,
                }
            }
            None => continue,
        };
        let next = hits
            .iter()
            .skip(k + 1)
            .find(|n| n.start >= start)
            .map_or(chars.len(), |n| n.start);
        let stop = (start..chars.len().min(start + 200))
            .find(|&i| matches!(chars[i], '\t' | '\n' | '。' | '；' | ';'))
            .unwrap_or(chars.len().min(start + 200));
        let to = next.min(stop);
        let Some(v) = interpret(metric, &h.word, chars, start, to) else {
            continue;
        };
        sink.push(
            span,
            Draft {
                metric: def.key,
                value: v.value,
                start: h.start,
                end: v.end,
                period: None,
                method,
                approx: false,
                valid: v.valid,
                note: v.note,
            },
        );
    }
    read_report_year(span, method, sink);
}

/// Endings of a running title whose leading company name is the document's own: an annual
/// report's, and an issuer's prospectus (某某集团有限公司 2024 年度第一期中期票据募集说明书), which the
/// issuer writes about itself.
pub(crate) const OWN_TITLE_ENDINGS: [&str; 5] = [
    "年度报告",
    "年度报告全文",
    "年度报告摘要",
    "募集说明书",
    "招股说明书",
];

/// A running title naming the company whose document it is, `某某股份有限公司 2019 年年度报告全文`
/// or an issuer's prospectus with its year: the company's name. `true` when the span is such a
/// title (whether or not a name was read).
pub(crate) fn read_title_name(span: &Span, sink: &mut Sink) -> bool {
    let chars = &span.folded.chars;
    let text: String = chars.iter().collect();
    let t = text.trim_end();
    if !OWN_TITLE_ENDINGS.iter().any(|w| t.ends_with(w))
        || t.contains(['《', '》', '，', '。', '：'])
        || t.chars().count() > 50
    {
        return false;
    }
    // The name runs up to the year.
    let Some(y) = chars.iter().position(|c| c.is_ascii_digit()) else {
        return false;
    };
    let year: String = chars[y..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let after = chars[y + year.len()..]
        .iter()
        .filter(|c| !c.is_whitespace())
        .take(5)
        .collect::<String>();
    if year.len() == 4
        && after.starts_with("年年度报告")
        && let Ok(v) = year.parse::<i64>()
    {
        sink.push(
            span,
            Draft {
                metric: key::REPORT_YEAR,
                value: Value::Number(v.into()),
                start: y,
                end: y + 4,
                period: None,
                method: ReadMethod::Prose,
                approx: false,
                valid: None,
                note: None,
            },
        );
    }
    let mut e = y;
    while e > 0 && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let s0 = chars.iter().position(|c| !c.is_whitespace()).unwrap_or(0);
    let name: String = chars[s0..e.max(s0)].iter().collect();
    let han = name.chars().filter(|c| is_han(*c)).count();
    if han < 4 || name.chars().count() > 30 || !name.ends_with("公司") || name.contains(' ') {
        return false;
    }
    sink.push(
        span,
        Draft {
            metric: key::ORG_NAME,
            value: Value::Text(name),
            start: s0,
            end: e,
            period: None,
            method: ReadMethod::Prose,
            approx: false,
            valid: None,
            note: Some("the document's running title".into()),
        },
    );
    true
}

/// `姓名：韩某` on a line of its own under a heading about the director (（一）实验室主任情况): the
/// director's name. The caller knows the heading; a bare 姓名 elsewhere is anyone's.
pub(crate) fn read_director_name(span: &Span, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    let mut i = 0;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i..i + 2) != Some(&['姓', '名'][..]) {
        return;
    }
    let label_start = i;
    i += 2;
    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
        i += 1;
    }
    if !matches!(chars.get(i), Some('：' | ':' | '\t')) {
        return;
    }
    let stop = (i + 1..chars.len())
        .find(|&k| matches!(chars[k], '\t' | '，' | '。' | '；' | ';' | ','))
        .unwrap_or(chars.len());
    let Some(v) = interpret(key::DIRECTOR_NAME, "姓名", chars, i + 1, stop) else {
        return;
    };
    sink.push(
        span,
        Draft {
            metric: key::DIRECTOR_NAME,
            value: v.value,
            start: label_start,
            end: v.end,
            period: None,
            method,
            approx: false,
            valid: None,
            note: None,
        },
    );
}

/// Whether the words right before 成立于 name a company other than 公司/本公司/本行 itself.
fn founded_by_another(chars: &[char], at: usize) -> bool {
    let mut e = at;
    while e > 0 && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let before: String = chars[e.saturating_sub(12)..e].iter().collect();
    let own = ["本公司", "本集团", "本行", "我公司"];
    let named = ["有限公司", "股份公司", "集团", "银行", "分公司", "子公司"];
    named.iter().any(|w| before.ends_with(w)) && !own.iter().any(|w| before.ends_with(w))
}

/// 具有独立法人资格 (true), 不具有独立法人资格 / 非独立法人 (false); skipped where the sentence
/// states a requirement (申报单位应具有独立法人资格).
fn legal_entity_prose(span: &Span, start: usize, end: usize, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    let from = start.saturating_sub(6);
    let before: String = chars[from..start].iter().collect();
    if ["应", "须", "要求", "需", "必须", "是否"]
        .iter()
        .any(|w| before.contains(w))
    {
        return;
    }
    let word = |ws: &[&'static str]| {
        ws.iter()
            .find(|w| before.ends_with(*w))
            .map(|w| w.chars().count())
    };
    let negated = word(&["不具有", "不具备", "非", "无", "没有"]);
    let affirmed = word(&["具有", "具备", "是", "为"]);
    let Some(len) = negated.or(affirmed) else {
        return;
    };
    let qs = start - len;
    let negated = negated.is_some();
    sink.push(
        span,
        Draft {
            metric: key::ORG_LEGAL_ENTITY,
            value: Value::Bool(!negated),
            start: qs,
            end,
            period: None,
            method,
            approx: false,
            valid: None,
            note: None,
        },
    );
}

/// `2023年度运行情况表`, `2023年度报告`: the year an annual report covers.
fn read_report_year(span: &Span, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    let whole: String = chars
        .iter()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | ' '))
        .collect();
    for p in crate::date::find_periods(chars) {
        let label: String = p.label.chars().filter(|c| *c != ' ').collect();
        if !label.ends_with("年度") || label.chars().count() != 6 {
            continue;
        }
        let tail: String = chars[p.end..(p.end + 8).min(chars.len())].iter().collect();
        // 2019 年年度报告: the year, then 年度报告.
        let annual = label.ends_with('年')
            && label.chars().count() == 5
            && tail.trim_start().starts_with("年度报告");
        let label = if annual { format!("{label}度") } else { label };
        let report = ["运行情况", "报告", "年报", "工作总结"]
            .iter()
            .any(|w| tail.contains(w));
        // A cover line holding only the year, （2025年度）, names the report's year too.
        let bracketed = p.start > 0
            && matches!(chars[p.start - 1], '（' | '(')
            && matches!(chars.get(p.end), Some('）' | ')'));
        let titled = ["运行情况", "报告", "情况表", "年报", "工作总结"]
            .iter()
            .any(|w| whole.contains(w));
        let cover_line = span.cover && (whole == label || bracketed && titled)
            || annual
                && whole.chars().count() <= 40
                && !whole.contains(['《', '》', '，', '。'])
                && ["报告", "报告全文", "报告摘要"]
                    .iter()
                    .any(|w| whole.ends_with(w));
        // Titles stand on the cover; elsewhere `2025年度运行情况表` cites the report.
        if !(cover_line || span.cover && report) {
            continue;
        }
        let Ok(y) = label[..4].parse::<i64>() else {
            continue;
        };
        sink.push(
            span,
            Draft {
                metric: key::REPORT_YEAR,
                value: Value::Number(y.into()),
                start: p.start,
                end: p.end,
                period: None,
                method,
                approx: false,
                valid: None,
                note: None,
            },
        );
    }
}

/// The credit code stated before the licence it numbers (领取…核发的 91…号企业法人营业执照,
/// 领有统一社会信用代码为 91…号的营业执照): an 18-character code that passes the GB 32100 check,
/// followed by 号 and (的)(企业法人)营业执照.
fn read_code_before_licence(span: &Span, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i - s != 18 || s > 0 && chars[s - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut k = i;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        let after: String = chars[k..chars.len().min(k + 10)].iter().collect();
        let licence = after.strip_prefix('号').is_some_and(|r| {
            let r = r.strip_prefix('的').unwrap_or(r);
            let r = r.strip_prefix("企业法人").unwrap_or(r);
            r.starts_with("营业执照")
        });
        let code: String = chars[s..i].iter().map(|c| c.to_ascii_uppercase()).collect();
        if (licence || spaced_label_before(chars, s))
            && crate::ident::validate_credit_code(&code).is_ok()
        {
            sink.push(
                span,
                Draft {
                    metric: key::ORG_CREDIT_CODE,
                    value: Value::Text(code),
                    start: s,
                    end: i,
                    period: None,
                    method,
                    approx: false,
                    valid: Some(true),
                    note: None,
                },
            );
        }
    }
}

/// Whether the code at `s` follows its label set out letter by letter, as a justified line
/// prints it (现公司统 一 社 会 信 用 代 码 为 91…): the label whole once the blanks are gone.
fn spaced_label_before(chars: &[char], s: usize) -> bool {
    let lead = &chars[s.saturating_sub(24)..s];
    let blanks = lead.iter().filter(|c| c.is_whitespace()).count();
    let compact: String = lead.iter().filter(|c| !c.is_whitespace()).collect();
    blanks >= 4
        && [
            "信用代码为",
            "信用代码是",
            "信用代码：",
            "信用代码:",
            "信用代码",
        ]
        .iter()
        .any(|w| compact.ends_with(w))
}

/// The founding stated in the notes' company profile (公司基本情况): 某某股份有限公司（以下简称
/// 公司或本公司）系…，于 2012 年 6 月 15 日在某市场监督管理局登记注册 / …于1992年12月17日设立的
/// 股份有限公司. Taken only where the sentence is about the company itself (本公司, 本行, 本集团
/// or a sentence opening with 公司), so a parent's or an investee's registration is not.
fn read_registered(span: &Span, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    for hit in crate::date::find_dates(chars) {
        let mut b = hit.start;
        while b > 0 && chars[b - 1] == ' ' {
            b -= 1;
        }
        // …于 2012 年 6 月 15 日…设立, or …系 1994 年 3 月经某市人民政府批准设立.
        if b == 0 || !matches!(chars[b - 1], '于' | '系') || founded_by_another(chars, b - 1) {
            continue;
        }
        let mut a = hit.end;
        while chars.get(a) == Some(&' ') {
            a += 1;
        }
        let clause_end = (a..chars.len())
            .find(|&i| matches!(chars[i], '，' | '。' | '；' | ','))
            .unwrap_or(chars.len())
            .min(a + 40);
        let after: String = chars[a..clause_end].iter().collect();
        let registered = after.starts_with('在')
            && ["登记注册", "注册登记", "登记成立", "注册成立", "登记手续"]
                .iter()
                .any(|w| after.ends_with(w));
        let set_up = ["设立的", "成立的"].iter().any(|w| after.starts_with(w))
            || ["设立", "成立", "注册成立"].contains(&after.as_str());
        let approved =
            after.starts_with('经') && ["批准设立", "批准成立"].iter().any(|w| after.ends_with(w));
        // An approval is the founding only as the profile's own statement (系…经…批准设立); where
        // a registration follows it (于…批准设立，并于…办理了工商登记手续), that is the date.
        let by_approval = chars[b - 1] == '系';
        if by_approval != approved || !(registered || set_up || approved) {
            continue;
        }
        let sent_start = chars[..b]
            .iter()
            .rposition(|&c| c == '。')
            .map_or(0, |p| p + 1);
        let sentence: String = chars[sent_start..b].iter().collect();
        let sentence = sentence.trim_start();
        let own = ["本公司", "本行", "本集团"]
            .iter()
            .any(|w| sentence.contains(w))
            || sentence.starts_with("公司");
        if !own {
            continue;
        }
        sink.push(
            span,
            Draft {
                metric: key::ORG_FOUNDED,
                value: Value::Date(hit.date),
                start: b - 1,
                end: hit.end,
                period: None,
                method,
                approx: false,
                valid: None,
                note: None,
            },
        );
    }
}

/// Titles of the certificates that register an organisation (营业执照, 事业单位法人证书, 社会团体
/// 法人登记证书, 民办非企业单位登记证书): on such a page a bare 名称 is the holder's name.
pub(crate) fn certificate_title(text: &str) -> bool {
    // This runs on every block: most end in neither 照 nor 书.
    if !text.trim_end().ends_with(['照', '书']) {
        return false;
    }
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(15)
        .collect();
    t.chars().count() <= 14
        && (t.ends_with("营业执照") || t.ends_with("法人证书") || t.ends_with("登记证书"))
}

/// Reads `名称：某某有限公司` on a certificate's page: the holder's name, so the applicant's when
/// the certificate is among its own attachments. `true` when a name was read.
pub(crate) fn read_certificate_name(span: &Span, sink: &mut Sink) -> bool {
    let chars = &span.folded.chars;
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let label: String = chars.iter().skip(lead).take(2).collect();
    if label != "名称" {
        return false;
    }
    let Some(from) = colon_after(chars, lead + 2) else {
        return false;
    };
    let Some(v) = interpret(key::ORG_NAME, "名称", chars, from, chars.len()) else {
        return false;
    };
    sink.push(
        span,
        Draft {
            metric: key::ORG_NAME,
            value: v.value,
            start: lead,
            end: v.end,
            period: None,
            method: ReadMethod::Form,
            approx: false,
            valid: None,
            note: Some("营业执照或法人证书上的名称".into()),
        },
    );
    true
}

/// Labels of the CSRC annual report's company-profile form whose value is the company's name.
pub(crate) const NAME_FORM_LABELS: [&str; 2] = ["公司的中文名称", "公司中文名称"];

/// Reads one paragraph met after a bare 公司的中文名称 label (a form the PDF gives column by
/// column, its values several lines on, in any order): `true` and an `org.name` fact when the
/// paragraph is a whole company name (short, no sentence punctuation, ending in 公司). The
/// short name (平安银行) and the foreign name that stand beside it are not.
pub(crate) fn read_name_form_value(span: &Span, sink: &mut Sink) -> bool {
    let text: String = span.folded.chars.iter().collect();
    let t = text.trim();
    if t.contains(char::is_whitespace)
        || !t.ends_with("公司")
        || !crate::scope::names_company(t)
        || t.chars().count() < 6
    {
        return false;
    }
    let start = text.chars().take_while(|c| c.is_whitespace()).count();
    sink.push(
        span,
        Draft {
            metric: key::ORG_NAME,
            value: Value::Text(t.to_string()),
            start,
            end: start + t.chars().count(),
            period: None,
            method: ReadMethod::Form,
            approx: false,
            valid: None,
            note: None,
        },
    );
    true
}
