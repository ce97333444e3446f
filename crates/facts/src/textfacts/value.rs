//! Interpreting the text after a label as a metric's value (a name, a date, an identifier, a
//! kind, yes/no, a year).

use super::Interp;
use crate::date::find_dates;
use crate::ident;
use intake_model::Value;
use intake_model::key;

pub(crate) fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// Organisation kinds of `metrics.tsv`, recognised from what a form writes.
pub(crate) fn kind_of(text: &str) -> Option<&'static str> {
    let has = |ws: &[&str]| ws.iter().any(|w| text.contains(w));
    if has(&[
        "职业院校",
        "职业技术学院",
        "职业学院",
        "技师学院",
        "职业技术大学",
        "高职",
    ]) {
        Some("职业院校")
    } else if has(&["高等学校", "高等院校", "高校", "大学", "学院"]) {
        Some("高等学校")
    } else if has(&[
        "科研院所",
        "研究院",
        "研究所",
        "科研机构",
        "研究中心",
        "事业单位",
    ]) {
        Some("科研院所")
    } else if has(&[
        "行业组织",
        "协会",
        "联盟",
        "学会",
        "商会",
        "社会团体",
        "社团",
    ]) {
        Some("行业组织")
    } else if has(&["企业", "公司", "有限", "集团"]) {
        Some("企业")
    } else {
        None
    }
}

/// Finds an identifier-shaped run (ASCII letters and digits, 15–20 long) in `chars[from..to]`.
fn id_run(chars: &[char], from: usize, to: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < to {
        if chars[i].is_ascii_alphanumeric() {
            let s = i;
            while i < to && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if (15..=20).contains(&(i - s)) {
                return Some((s, i));
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Interprets `chars[from..to]` as the value of `metric` (`label` is the cue that named it).
pub(crate) fn interpret(
    metric: &str,
    label: &str,
    chars: &[char],
    from: usize,
    to: usize,
) -> Option<Interp> {
    let to = to.min(chars.len());
    let mut from = from.min(to);
    while from < to && matches!(chars[from], ' ' | '：' | ':' | '\u{a0}') {
        from += 1;
    }
    let mut end = to;
    while end > from && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if from >= end {
        return None;
    }
    let text: String = chars[from..end].iter().collect();
    let plain = |v: Value, e: usize| {
        Some(Interp {
            value: v,
            end: e,
            valid: None,
            note: None,
        })
    };
    match metric {
        key::ORG_NAME => {
            // Up to a seal note, a long gap or another field. A parenthesised part inside the
            // name is kept and the name goes on after it: 实验室（依托单位）, 某某信息技术（杭州）
            // 股份有限公司 (a place in brackets in the middle, as registered names often have).
            let mut e = from;
            while e < end {
                match chars[e] {
                    ' ' | '，' | '。' | '；' | ',' => break,
                    '（' | '(' => {
                        let rest: String = chars[e..end.min(e + 3)].iter().collect();
                        let seal = ["（盖章", "(盖章", "（公章", "(公章"]
                            .iter()
                            .any(|s| rest.starts_with(s));
                        match (e..end.min(e + 16)).find(|&k| matches!(chars[k], '）' | ')')) {
                            Some(close) if !seal => e = close + 1,
                            _ => break,
                        }
                    }
                    _ => e += 1,
                }
            }
            let name: String = chars[from..e].iter().collect();
            let han = name.chars().filter(|c| is_han(*c)).count();
            // An organisation's name ends in what it is (有限公司, 大学, 研究院, 中心, 协会, …).
            let suffixes = [
                "公司",
                "集团",
                "大学",
                "学院",
                "学校",
                "院",
                "所",
                "中心",
                "协会",
                "联盟",
                "学会",
                "实验室",
                "基地",
                "局",
                "厅",
                "委员会",
                "医院",
                "站",
                "社",
                "馆",
                "会",
                "厂",
                "台",
                "部",
                "处",
            ];
            let bare = name.trim_end_matches(['）', ')']).to_string();
            let named = suffixes
                .iter()
                .any(|s| bare.ends_with(s) || name.ends_with(s))
                || name.contains('（')
                    && suffixes
                        .iter()
                        .any(|s| name.split('（').next().is_some_and(|h| h.ends_with(s)));
            (han >= 4 && name.chars().count() <= 60 && named).then_some(Interp {
                value: Value::Text(name),
                end: e,
                valid: None,
                note: None,
            })
        }
        key::ORG_CREDIT_CODE => {
            let (s, e) = id_run(chars, from, end)?;
            let code: String = chars[s..e].iter().map(|c| c.to_ascii_uppercase()).collect();
            let check = ident::validate_credit_code(&code);
            // Under the older labels (营业执照注册号, 组织机构代码) only an 18-character code that
            // checks out is the credit code (GB 32100-2015 replaced both with it); a 15-digit
            // registration number or a 9-character organisation code is not.
            if !label.contains("信用代码") && check.is_err() {
                return None;
            }
            Some(Interp {
                value: Value::Text(code),
                end: e,
                valid: Some(check.is_ok()),
                note: check.err().map(|e| e.to_string()),
            })
        }
        key::DIRECTOR_BIRTH_DATE if label.contains("身份") => {
            let (s, e) = id_run(chars, from, end)?;
            let id: String = chars[s..e].iter().map(|c| c.to_ascii_uppercase()).collect();
            match ident::validate_id_number(&id) {
                Ok(date) => Some(Interp {
                    value: Value::Date(date),
                    end: e,
                    valid: Some(true),
                    note: Some("from the 公民身份号码 (GB 11643-1999)".into()),
                }),
                Err(err) => Some(Interp {
                    value: Value::Text(id),
                    end: e,
                    valid: Some(false),
                    note: Some(err.to_string()),
                }),
            }
        }
        key::ORG_FOUNDED | key::APPLICATION_DATE | key::DIRECTOR_BIRTH_DATE => {
            let hit = find_dates(&chars[from..end]).into_iter().next()?;
            if hit.start > 2 {
                return None;
            }
            Some(Interp {
                value: Value::Date(hit.date),
                end: from + hit.end,
                valid: None,
                note: None,
            })
        }
        key::ORG_LEGAL_ENTITY => {
            let yes = ["是", "具有", "具备", "有", "√", "独立法人"];
            let no = ["否", "不具有", "不具备", "无", "非", "×"];
            if no.iter().any(|w| text.starts_with(w))
                || text.contains("非法人")
                || text.contains("不具")
            {
                plain(Value::Bool(false), end)
            } else if yes.iter().any(|w| text.starts_with(w)) || text.contains("法人") {
                plain(Value::Bool(true), end)
            } else {
                None
            }
        }
        key::ORG_KIND => {
            let mut e = from;
            while e < end && !matches!(chars[e], '，' | '。' | '；' | ' ') {
                e += 1;
            }
            let written: String = chars[from..e].iter().collect();
            let kind = kind_of(&written)?;
            let note = (kind != written).then(|| format!("written as “{written}”"));
            Some(Interp {
                value: Value::Text(kind.into()),
                end: e,
                valid: None,
                note,
            })
        }
        key::REPORT_YEAR => {
            let digits: String = chars[from..end]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let y: i64 = digits.parse().ok().filter(|y| (1990..=2100).contains(y))?;
            plain(Value::Number(y.into()), from + 4)
        }
        key::DIRECTOR_NAME => {
            let mut e = from;
            while e < end && (is_han(chars[e]) || chars[e] == '·') && e - from < 6 {
                e += 1;
            }
            let name: String = chars[from..e].iter().collect();
            let n = name.chars().count();
            let generic = [
                "姓名", "职务", "职称", "签字", "签名", "电话", "盖章", "待定", "备注", "说明",
                "其他", "无",
            ];
            let ok = (2..=4).contains(&n)
                && !generic.iter().any(|g| name.contains(g))
                && (e == end || !is_han(chars[e]));
            ok.then_some(Interp {
                value: Value::Text(name),
                end: e,
                valid: None,
                note: None,
            })
        }
        _ => None,
    }
}
