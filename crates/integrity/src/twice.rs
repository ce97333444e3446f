//! `eligibility`: the same applicant twice in one batch (issue 22).
//!
//! One application per unit per cycle is the rule wherever a regulation states it (实训基地
//! 第八条, checked as `itb.one-per-cycle`), and where none does a second upload by the same unit
//! is still worth a look: a copy uploaded twice, or two applications where one is allowed. So
//! submissions of one regime that share a 统一社会信用代码 or an organisation name draw one
//! `warn` finding per group (`integrity.same_applicant`), placed on the group's first submission
//! and naming every member with its identity evidence. A group the training-base rule already
//! fails is left to it: one finding per fact pattern.
//!
//! Only submissions of the batch being checked are grouped: an archived submission is an
//! earlier cycle, and must not join two current ones either.

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{Finding, FindingKind, Regimes, Severity};

use crate::archive::ArchivedSubmission;
use crate::cross::{View, applicants, identity_evidence, keys};

/// The rule id of the finding.
pub(crate) const RULE: &str = "integrity.same_applicant";

/// Adds one finding per group of current submissions of one regime with one applicant.
pub(crate) fn check(subs: &[View], regimes: &Regimes, out: &mut Vec<Finding>) {
    let current: Vec<&ArchivedSubmission> = subs
        .iter()
        .filter(|(_, current)| *current)
        .map(|(s, _)| *s)
        .collect();
    let applicant = applicants(&current);
    let mut groups: BTreeMap<(u32, Option<&str>), Vec<&ArchivedSubmission>> = BTreeMap::new();
    for (s, a) in current.iter().zip(&applicant) {
        groups
            .entry((*a, s.regime.as_ref().map(|r| r.as_str())))
            .or_default()
            .push(s);
    }
    for mut members in groups.into_values().filter(|m| m.len() > 1) {
        members.sort_by(|a, b| a.submission.cmp(&b.submission));
        let already = members.iter().any(|s| {
            out.iter()
                .any(|f| f.rule.ends_with(".one-per-cycle") && f.submission == s.submission)
        });
        if already {
            continue;
        }
        out.push(finding(&members, regimes));
    }
}

/// How a member is named: its id, then its first stated name and code.
fn describe(s: &ArchivedSubmission) -> String {
    let who: Vec<&str> = s
        .org_names
        .iter()
        .take(1)
        .chain(s.credit_codes.iter().take(1))
        .map(|st| st.value.as_str())
        .collect();
    if who.is_empty() {
        s.submission.clone()
    } else {
        format!("{}（{}）", s.submission, who.join("，"))
    }
}

fn finding(members: &[&ArchivedSubmission], regimes: &Regimes) -> Finding {
    let first = members[0];
    // What ties them: a shared code is the stronger statement, so it names the metric.
    let (_, first_codes) = keys(first);
    let by_code = members[1..]
        .iter()
        .all(|s| keys(s).1.iter().any(|c| first_codes.contains(c)));
    let (metric, tie) = if by_code {
        (key::ORG_CREDIT_CODE, "统一社会信用代码相同")
    } else {
        (key::ORG_NAME, "单位名称相同")
    };
    let program = first
        .regime
        .as_ref()
        .map(|r| format!("{}申报", regimes.name(r.as_str()).unwrap_or(r.as_str())))
        .unwrap_or_else(|| "申报".into());
    let named: Vec<String> = members.iter().map(|s| describe(s)).collect();
    Finding::new(
        first.submission.clone(),
        RULE,
        FindingKind::Eligibility,
        Severity::Warn,
        format!(
            "同一申报单位在本批次中有 {} 份{program}（{tie}）：{}。一个单位在一个申报周期内只应提交一份申报，请核实是否重复上传或重复申报",
            members.len(),
            named.join("、")
        ),
        members.iter().flat_map(|s| identity_evidence(s)).collect(),
    )
    .metric(Some(metric))
}
