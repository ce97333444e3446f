//! Submission-level resolution, once every document of a submission is read: periods against
//! the application date, and the director's age from the birth date (a 公民身份号码 or 出生年月).

use crate::date::resolve_period;
use intake_model::key;
use intake_model::{Date, Fact, ReadMethod, Value};

/// Full years from `birth` (a day or a month) to the day `at`; `None` for a month-only `at` or
/// an age outside 0–130.
pub fn age_at(birth: Date, at: Date) -> Option<i32> {
    let age = birth.age_at(at.has_day().then_some(at)?);
    (0..=130).contains(&age).then_some(age)
}

/// An organisation name read by OCR that differs from one the applicant typed elsewhere in the
/// submission by one Chinese character at one place (成都溯宕… read from a scan of a certificate
/// for 成都溯宸…) is that name with a character the engine does not know: the typed name is taken,
/// and the note keeps what the scan was read as. Two or more differences, a different length or
/// a difference in a letter or digit are left as read — a licence for another organisation must
/// still show as one.
fn confirm_ocr_names(facts: &mut [Fact]) {
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                c => c,
            })
            .collect()
    };
    let typed: Vec<Vec<char>> = facts
        .iter()
        .filter(|f| f.metric == key::ORG_NAME && f.method != ReadMethod::Ocr)
        .filter_map(|f| match &f.value {
            Value::Text(t) => Some(fold(t)),
            _ => None,
        })
        .collect();
    for f in facts.iter_mut() {
        let Value::Text(read) = &f.value else {
            continue;
        };
        if f.metric != key::ORG_NAME || f.method != ReadMethod::Ocr {
            continue;
        }
        let r = fold(read);
        let mut near: Vec<(&Vec<char>, usize)> = typed
            .iter()
            .filter(|t| t.len() == r.len() && r.len() >= 6 && **t != r)
            .filter_map(|t| {
                let diff: Vec<usize> = (0..r.len()).filter(|&i| t[i] != r[i]).collect();
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
                (diff.len() == 1 && han(t[diff[0]]) && han(r[diff[0]])).then_some((t, diff[0]))
            })
            .collect();
        near.sort();
        near.dedup_by(|a, b| a.0 == b.0);
        if let [(name, at)] = near[..] {
            let note = format!(
                "OCR 读作“{read}”，与申报材料所填名称仅第{}字不同，取所填名称",
                at + 1
            );
            f.value = Value::Text(name.iter().collect());
            f.note = Some(match f.note.take() {
                Some(n) => format!("{n}；{note}"),
                None => note,
            });
        }
    }
}

/// Resolves a submission's facts in place, after all its documents are read:
/// - each fact's period (近3年, 上年度) gets `from_year`/`to_year` from the application date
///   (the first `application.date` fact): 近3年 in a 2025 application is 2022–2024;
/// - an organisation name read by OCR one character off the name the applicant typed is taken as
///   that name (see `confirm_ocr_names`);
/// - each valid `director.birth_date` yields a `director.age` at the application date, placed right
///   after it with the same evidence and a note saying how it was computed.
///
/// Facts keep their order; derived facts follow their source.
pub fn resolve_submission(facts: &mut Vec<Fact>) {
    confirm_ocr_names(facts);
    let app = facts.iter().find_map(|f| match (&f.metric[..], &f.value) {
        (key::APPLICATION_DATE, Value::Date(d)) => Some(*d),
        _ => None,
    });
    let year = app.filter(|d| d.has_day()).map(Date::year);
    for f in facts.iter_mut() {
        if let Some(p) = f.period.as_mut()
            && p.from_year.is_none()
        {
            let (a, b) = resolve_period(&p.label, year);
            p.from_year = a;
            p.to_year = b;
        }
    }
    let Some(app) = app else { return };
    let mut out = Vec::with_capacity(facts.len() + 2);
    for f in facts.drain(..) {
        let derived = match (&f.metric[..], &f.value, f.valid) {
            // Only a birth date read from a valid 公民身份号码 gives an age: a stated 出生年月 stands
            // beside a stated 年龄, and the integrity stage compares the two.
            (key::DIRECTOR_BIRTH_DATE, Value::Date(b), Some(true)) => age_at(*b, app).map(|age| {
                let mut a = f.clone();
                a.metric = key::DIRECTOR_AGE.into();
                a.unit = intake_model::metric(key::DIRECTOR_AGE)
                    .map_or("years", |m| m.unit)
                    .into();
                a.value = Value::Number(age.into());
                // Computed, not stated: exact.
                a.precision = Some(intake_model::Decimal::ZERO);
                a.valid = None;
                a.period = None;
                a.method = intake_model::ReadMethod::Derived;
                a.note = Some(format!(
                    "computed from the birth date {b} at the application date {app}"
                ));
                a
            }),
            _ => None,
        };
        out.push(f);
        out.extend(derived);
    }
    *facts = out;
}
