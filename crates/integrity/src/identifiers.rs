//! `invalid_identifier`: check characters of 统一社会信用代码 (GB 32100-2015) and 公民身份号码
//! (GB 11643-1999), one organisation with two credit codes, a stated age the birth date contradicts.

use intake_model::key;
use intake_model::{Fact, Finding, FindingKind, Severity, Value};

use crate::common::{Ctx, evidence_all};
use intake_model::Date;

/// The check character the first 17 characters of a credit code call for, if they are all in
/// the code's charset (GB 32100-2015 附录 A, computed by [`intake_zh::check`]); lower-case
/// letters count as their capitals, characters after the 17th are ignored.
pub fn credit_check_char(code: &str) -> Option<char> {
    let code = code.trim().to_ascii_uppercase();
    intake_zh::check::credit_check_char(code.get(..17)?)
}

/// Whether an 18-character 统一社会信用代码 carries the right check character: the 18th
/// character is `31 − (Σ value(c_i)·W_i mod 31)` (31 written as `0`), GB 32100-2015 附录 A.
/// Lower-case letters are accepted as their capitals; anything not in the code's charset fails.
pub fn credit_code_valid(code: &str) -> bool {
    let code = code.trim().to_ascii_uppercase();
    code.len() == 18
        && credit_check_char(&code)
            .is_some_and(|c| code.get(17..).and_then(|s| s.chars().next()) == Some(c))
}

/// Whether an 18-digit 公民身份号码 carries the right check character: ISO 7064 MOD 11-2 over
/// the first 17 digits (GB 11643-1999 §8, computed by [`intake_zh::check`]).
pub fn id_number_valid(id: &str) -> bool {
    let id = id.trim().to_ascii_uppercase();
    id.len() == 18
        && id
            .get(..17)
            .and_then(intake_zh::check::id_check_char)
            .is_some_and(|c| id.get(17..).and_then(|s| s.chars().next()) == Some(c))
}

/// The first run of 17 digits followed by a digit or X in a quote: a 身份证号 if there is one.
fn id_in(quote: &str) -> Option<&str> {
    let b = quote.as_bytes();
    let mut i = 0;
    while i + 18 <= b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run >= 17 {
            let end = i + 17;
            if run == 17 && matches!(b.get(end), Some(b'X' | b'x')) || run == 18 {
                return quote.get(i..end + 1);
            }
        }
        i += run.max(1);
    }
    None
}

/// Check characters, two codes for one organisation, and age against birth date.
pub(crate) fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    // One finding per invalid identifier, however often it is stated: every statement is in
    // its evidence (a code on the cover, in the form table and in the annual report is one fault).
    let mut invalid_ids: Vec<(String, String, String, Vec<&Fact>)> = Vec::new();
    for f in ctx.input.facts {
        if let Some(message) = invalid(f) {
            let key = match &f.value {
                Value::Text(t) => normalise_code(t),
                Value::Date(d) => normalise_code(&d.to_string()),
                _ => f.quote.clone(),
            };
            match invalid_ids
                .iter_mut()
                .find(|(m, k, _, _)| *m == f.metric && *k == key)
            {
                Some((_, _, _, facts)) => facts.push(f),
                None => invalid_ids.push((f.metric.clone(), key, message, vec![f])),
            }
        }
    }
    for (metric, _, message, facts) in invalid_ids {
        // A check character that does not verify is the identifier itself, quoted: a fail
        // (output contract: a broken identifier). Read only by OCR, it may be the engine's
        // misreading of one character: a warning that says so.
        let (severity, message) = if facts.iter().all(|f| from_ocr(f)) {
            (
                Severity::Warn,
                format!("{message}（识别自扫描件，可能为 OCR 误读，请对照原件）"),
            )
        } else {
            (Severity::Fail, message)
        };
        out.push(ctx.finding(
            "integrity.invalid_identifier",
            FindingKind::InvalidIdentifier,
            severity,
            Some(&metric),
            message,
            evidence_all(facts),
        ));
    }
    two_codes(ctx, &mut out);
    age_vs_birth(ctx, &mut out);
    out
}

/// Why a fact's identifier fails its check character, if it does. The fact's own `valid` wins;
/// a credit code or an ID number in a birth-date quote with no verdict is checked here.
fn invalid(f: &Fact) -> Option<String> {
    let note = f
        .note
        .as_deref()
        .map(|n| format!("（{n}）"))
        .unwrap_or_default();
    match f.metric.as_str() {
        key::ORG_CREDIT_CODE => {
            let Value::Text(code) = &f.value else {
                return None;
            };
            let ok = f.valid.unwrap_or_else(|| credit_code_valid(code));
            (!ok).then(|| {
                let should = credit_check_char(code).map(|c| format!("（按前 17 位校验码应为 {c}）")).unwrap_or_default();
                format!("统一社会信用代码 {code} 不符合 GB 32100-2015 的校验规则{should}{note}，请核对营业执照或登记证书")
            })
        }
        key::DIRECTOR_BIRTH_DATE => {
            let id = id_in(&f.quote);
            let ok = match (f.valid, id) {
                (Some(v), _) => v,
                (None, Some(id)) => id_number_valid(id),
                (None, None) => true,
            };
            (!ok).then(|| {
                let shown = id.map(|i| format!(" {i}")).unwrap_or_default();
                format!(
                    "负责人身份证号码{shown} 不符合 GB 11643-1999 的校验规则{note}，请核对身份证件"
                )
            })
        }
        _ => match f.valid {
            Some(false) => Some(format!("{} 的标识码未通过校验{note}", f.metric)),
            _ => None,
        },
    }
}

/// Whether a fact was read by OCR from a scan.
fn from_ocr(f: &Fact) -> bool {
    f.method == intake_model::ReadMethod::Ocr
}

/// Positions at which two codes differ (a different length counts every extra character).
fn differing_chars(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let common = a.iter().zip(&b).filter(|(x, y)| x != y).count();
    common + a.len().abs_diff(b.len())
}

fn normalise_code(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// One applicant stating two different credit codes for itself.
fn two_codes(ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut codes: Vec<(String, Vec<&Fact>)> = Vec::new();
    let typed: Vec<String> = ctx
        .facts_of(key::ORG_CREDIT_CODE)
        .filter(|f| !from_ocr(f))
        .filter_map(|f| match &f.value {
            Value::Text(t) => Some(normalise_code(t)),
            _ => None,
        })
        .collect();
    for f in ctx.facts_of(key::ORG_CREDIT_CODE) {
        let Value::Text(t) = &f.value else { continue };
        let c = normalise_code(t);
        // A code read by OCR that fails its check and is one or two characters off a code the
        // applicant typed is that code misread (the check-character finding covers it), not a
        // second code.
        if from_ocr(f)
            && !credit_code_valid(&c)
            && typed.iter().any(|t| differing_chars(t, &c) <= 2)
        {
            continue;
        }
        match codes.iter_mut().find(|(x, _)| *x == c) {
            Some((_, fs)) => fs.push(f),
            None => codes.push((c, vec![f])),
        }
    }
    if codes.len() < 2 {
        return;
    }
    let listed: Vec<String> = codes
        .iter()
        .map(|(c, fs)| {
            let mut docs: Vec<&str> = fs.iter().map(|f| f.document.as_str()).collect();
            docs.dedup();
            format!("{}（{}）", c, docs.join("、"))
        })
        .collect();
    out.push(ctx.finding(
        "integrity.invalid_identifier",
        FindingKind::InvalidIdentifier,
        Severity::Warn,
        Some(key::ORG_CREDIT_CODE),
        format!(
            "同一申报单位出现 {} 个不同的统一社会信用代码：{}，请核实申报主体",
            codes.len(),
            listed.join("；")
        ),
        evidence_all(codes.iter().flat_map(|(_, fs)| fs.iter().copied())),
    ));
}

/// A director's birth date as a fact states it: `YYYY-MM-DD`, or `YYYY-MM` (出生年月).
pub(crate) fn birth_of(f: &Fact) -> Option<Date> {
    match &f.value {
        Value::Date(d) => Some(*d),
        Value::Text(s) => Date::parse(s),
        _ => None,
    }
}

/// The director's identity against itself: the birth date in the 身份证号 (a `director.birth_date`
/// fact quoting the ID) against the stated 出生年月 and the stated age (周岁 at the application
/// date, one year allowed for 虚岁 and forms filled in earlier). Without an ID, a full stated
/// birth date is checked against the age.
fn age_vs_birth(ctx: &Ctx, out: &mut Vec<Finding>) {
    let births: Vec<(Date, &Fact)> = ctx
        .facts_of(key::DIRECTOR_BIRTH_DATE)
        .filter_map(|f| birth_of(f).map(|d| (d, f)))
        .collect();
    let from_id = births
        .iter()
        .find(|(_, f)| id_in(&f.quote).is_some())
        .copied();
    let full = births.iter().find(|(d, _)| d.has_day()).copied();
    let Some((birth, bf)) = from_id.or(full) else {
        return;
    };
    let mut contradicting: Vec<&Fact> = Vec::new();
    let mut said: Vec<String> = Vec::new();
    if from_id.is_some() {
        for (d, f) in &births {
            if (d.year(), d.month()) != (birth.year(), birth.month()) && !std::ptr::eq(*f, bf) {
                contradicting.push(f);
                said.push(f.quote.clone());
            }
        }
    }
    let actual = ctx.app.map(|(app, _)| birth.age_at(app));
    if let Some(actual) = actual {
        for f in ctx.facts_of(key::DIRECTOR_AGE).filter(|f| !f.approx) {
            let Some(stated) = f.number().and_then(|d| i32::try_from(d.trunc()).ok()) else {
                continue;
            };
            if (stated - actual).abs() > 1 {
                contradicting.push(f);
                said.push(f.quote.clone());
            }
        }
    }
    if contradicting.is_empty() {
        return;
    }
    let source = if from_id.is_some() {
        "身份证号所载出生日期"
    } else {
        "填报的出生日期"
    };
    let age = actual
        .map(|a| format!("（申报时 {a} 周岁）"))
        .unwrap_or_default();
    let mut evidence = vec![crate::common::evidence(bf)];
    evidence.extend(contradicting.iter().map(|f| crate::common::evidence(f)));
    if let Some((_, af)) = ctx.app {
        evidence.push(crate::common::evidence(af));
    }
    // The 身份证号 and the stated birth date or age contradict each other: stated data that is
    // false, quoted on both sides.
    out.push(ctx.finding(
        "integrity.invalid_identifier",
        FindingKind::InvalidIdentifier,
        Severity::Fail,
        Some(key::DIRECTOR_BIRTH_DATE),
        format!(
            "{source} {birth}{age}与填报的 {} 不符，请核对负责人身份证件",
            said.join("、")
        ),
        evidence,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb32100_check_character() {
        // A published code (国家市场监督管理总局 example format) and one with its check altered.
        assert!(credit_code_valid("91350100M000100Y43"));
        assert!(!credit_code_valid("91350100M000100Y44"));
        assert!(!credit_code_valid("91350100M000100Y4"));
        assert!(!credit_code_valid("9135010OM000100Y43"));
    }

    #[test]
    fn gb11643_check_character() {
        assert!(id_number_valid("11010519491231002X"));
        assert!(id_number_valid("11010519491231002x"));
        // 18 bytes that are not 18 characters: no panic on a split character, not valid.
        assert!(!id_number_valid("一二三四五六"));
        assert!(!credit_code_valid("一二三四五六"));
        assert!(!credit_code_valid("91350100M000100Y4三"));
        assert!(!id_number_valid("110105194912310021"));
        assert_eq!(
            id_in("身份证号：11010519491231002X，"),
            Some("11010519491231002X")
        );
        assert_eq!(id_in("电话 1234567"), None);
    }
}
