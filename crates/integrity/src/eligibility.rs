//! `eligibility`: who may not apply.
//!
//! - 实训基地 第八条: "一个责任单位在一个评估周期内仅可以申请一个联盟实训基地"; the cycle is three
//!   years (第二十三条 "每三年进行一次定期评估"). Hard: `itb.one-per-cycle`.
//! - 服务平台 第十九条: a platform removed from the list "3年内不受理其申报". Hard: `tbp.debarred`.
//! - 服务平台 第二十条: "其分支机构原则上不再授予服务平台资格". 原则上 makes it soft: `tbp.branch`.
//!
//! Each check applies to the regimes whose rulebook lists an `op = "integrity"` rule of its name
//! (`*.one-per-cycle`, `*.debarred`, `*.branch`), and its findings carry that rule's id.

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{Evidence, Finding, FindingKind, Regimes, Severity};

use crate::archive::UnitRecord;
use crate::common::day;
use crate::cross::{View, app_date, identity_evidence, keys, matches, norm_name, rule_of};
use intake_model::Date;

/// The evaluation cycle of a training base, in months (第二十三条: three years).
pub const CYCLE_MONTHS: i32 = 36;
/// How long a removed platform may not apply, in months (第十九条: 3年).
pub const DEBARMENT_MONTHS: i32 = 36;

/// Words that mark a branch (分支机构) in an organisation name.
const BRANCH_MARKS: &[&str] = &[
    "分公司",
    "分院",
    "分中心",
    "分所",
    "分部",
    "分厂",
    "分校",
    "办事处",
];

fn finding(
    s: &crate::archive::ArchivedSubmission,
    rule: &str,
    severity: Severity,
    article: &str,
    message: String,
    evidence: Vec<Evidence>,
) -> Finding {
    Finding::new(
        s.submission.clone(),
        rule,
        FindingKind::Eligibility,
        severity,
        message,
        evidence,
    )
    .regime(s.regime.as_ref().map(|r| r.as_str()))
    .metric(Some(key::ORG_NAME))
    .article(Some(article))
}

/// Whether two application dates fall within one cycle; unknown dates within one batch do
/// (a batch is one call for applications), across batches they do not (nothing to go on).
fn same_cycle(a: Option<Date>, b: Option<Date>, same_batch: bool) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.months_until(b).abs() < CYCLE_MONTHS,
        _ => same_batch,
    }
}

/// Submissions by applicant id, so per-applicant rules look only at the applicant's own.
fn by_applicant(applicant: &[u32]) -> BTreeMap<u32, Vec<usize>> {
    let mut m: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, a) in applicant.iter().enumerate() {
        m.entry(*a).or_default().push(i);
    }
    m
}

pub(crate) fn check(
    subs: &[View],
    applicant: &[u32],
    removed: &[UnitRecord],
    recognised: &[UnitRecord],
    regimes: &Regimes,
    out: &mut Vec<Finding>,
) {
    let same_applicant = by_applicant(applicant);
    for (i, (x, current)) in subs.iter().enumerate() {
        if !current {
            continue;
        }
        if let Some(rule) = rule_of(x, regimes, "one-per-cycle") {
            let others: Vec<usize> = same_applicant[&applicant[i]]
                .iter()
                .copied()
                .filter(|&j| {
                    j != i
                        && applicant[j] == applicant[i]
                        && subs[j].0.regime == x.regime
                        && same_cycle(app_date(x), app_date(subs[j].0), subs[j].1)
                })
                .collect();
            if !others.is_empty() {
                let named: Vec<String> = others
                    .iter()
                    .map(|&j| {
                        let y = subs[j].0;
                        if subs[j].1 {
                            y.submission.clone()
                        } else {
                            format!("往期批次 {} 的 {}", y.batch, y.submission)
                        }
                    })
                    .collect();
                let unit = x
                    .org_names
                    .first()
                    .map(|n| n.value.clone())
                    .unwrap_or_else(|| x.submission.clone());
                let mut ev = identity_evidence(x);
                for &j in &others {
                    ev.extend(identity_evidence(subs[j].0));
                }
                out.push(finding(
                    x,
                    rule,
                    Severity::Fail,
                    "第八条",
                    format!(
                        "责任单位“{unit}”在同一评估周期（3 年，第二十三条）内另有实训基地申报：{}。第八条规定一个责任单位在一个评估周期内仅可以申请一个联盟实训基地",
                        named.join("、")
                    ),
                    ev,
                ));
            }
        }
        if let Some(rule) = rule_of(x, regimes, "debarred") {
            for u in removed
                .iter()
                .filter(|u| x.regime.as_ref() == Some(&u.regime) && matches(x, u))
            {
                let removed_on = u.date.as_deref().and_then(day);
                let within = match (removed_on, app_date(x)) {
                    (Some(r), Some(a)) => r.months_until(a) < DEBARMENT_MONTHS,
                    _ => true,
                };
                if !within {
                    continue;
                }
                let when = u.date.clone().unwrap_or_else(|| "日期不详".into());
                out.push(finding(
                    x,
                    rule,
                    Severity::Fail,
                    "第十九条",
                    format!(
                        "申报单位“{}”已于 {when} 被移出服务平台名录（{}），第十九条规定移出后 3 年内不受理其申报",
                        u.org_name,
                        if u.reason.is_empty() { "原因见存档" } else { u.reason.as_str() }
                    ),
                    identity_evidence(x),
                ));
            }
        }
        if let Some(rule) = rule_of(x, regimes, "branch") {
            let (names, _) = keys(x);
            for u in recognised
                .iter()
                .filter(|u| x.regime.as_ref() == Some(&u.regime))
            {
                let parent = norm_name(&u.org_name);
                let Some(branch) = names.iter().find(|n| {
                    **n != parent
                        && n.starts_with(parent.as_str())
                        && BRANCH_MARKS.iter().any(|m| n.contains(m))
                }) else {
                    continue;
                };
                out.push(finding(
                    x,
                    rule,
                    Severity::Warn,
                    "第二十条",
                    format!(
                        "申报单位“{branch}”是已认定服务平台“{}”的分支机构，第二十条规定其分支机构原则上不再授予服务平台资格",
                        u.org_name
                    ),
                    identity_evidence(x),
                ));
            }
        }
    }
}
