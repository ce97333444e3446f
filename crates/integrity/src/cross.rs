//! Cross-submission checks other than copied text: who is the same applicant, one credit code
//! for two names (or the reverse), shared DOCX rsidRoot, author accounts naming another
//! applicant, and eligibility (实训基地 第八条; 服务平台 第十九条, 第二十条).

use intake_model::key;
use std::collections::BTreeMap;

use intake_model::{Evidence, Finding, FindingKind, Regimes, Severity};

use crate::archive::{ArchivedSubmission, Stated, UnitRecord};
use crate::batch::label;
use crate::common::day;
use intake_model::Date;

/// A submission and whether it belongs to the batch being checked.
pub(crate) type View<'a> = (&'a ArchivedSubmission, bool);

/// An organisation name compared without spaces, with ASCII brackets for full-width ones.
pub(crate) fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

fn norm_code(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The applicant of each submission: submissions sharing a credit code or an organisation name
/// are one applicant (union–find over those keys); the id is the smallest submission index.
pub(crate) fn applicants(subs: &[&ArchivedSubmission]) -> Vec<u32> {
    let mut parent: Vec<usize> = (0..subs.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    for (i, s) in subs.iter().enumerate() {
        let keys = s
            .credit_codes
            .iter()
            .map(|c| format!("c:{}", norm_code(&c.value)))
            .chain(
                s.org_names
                    .iter()
                    .map(|n| format!("n:{}", norm_name(&n.value))),
            );
        for k in keys {
            let j = *first.entry(k).or_insert(i);
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    (0..subs.len())
        .map(|i| root(&mut parent, i) as u32)
        .collect()
}

fn ev(sub: &ArchivedSubmission, s: &Stated) -> Evidence {
    Evidence {
        submission: Some(label(sub)),
        document: s.document.clone(),
        page: s.page,
        quote: s.quote.clone(),
    }
}

fn finding(
    sub: &ArchivedSubmission,
    rule: &str,
    kind: FindingKind,
    severity: Severity,
    metric: Option<&str>,
    message: String,
    evidence: Vec<Evidence>,
) -> Finding {
    // Integrity findings hold under every regime (output contract: regime null).
    Finding::new(
        sub.submission.clone(),
        rule,
        kind,
        severity,
        message,
        evidence,
    )
    .metric(metric)
}

fn describe(s: &ArchivedSubmission, current: bool) -> String {
    if current {
        format!("申报 {}", s.submission)
    } else {
        format!("往期批次 {} 的申报 {}", s.batch, s.submission)
    }
}

/// All cross checks other than `duplicate_text`.
pub(crate) fn check(
    subs: &[View],
    applicant: &[u32],
    removed: &[UnitRecord],
    recognised: &[UnitRecord],
    regimes: &Regimes,
) -> Vec<Finding> {
    let mut out = Vec::new();
    identity(subs, &mut out);
    rsid(subs, applicant, &mut out);
    authors(subs, applicant, &mut out);
    crate::eligibility::check(subs, applicant, removed, recognised, regimes, &mut out);
    // After the one-per-cycle rule, whose groups it leaves alone.
    crate::twice::check(subs, regimes, &mut out);
    out
}

/// One credit code under two organisation names in different submissions, or one name under
/// two codes: either the code is misstated or one applicant poses as another.
fn identity(subs: &[View], out: &mut Vec<Finding>) {
    // Each submission's first stated name and code, normalised; then only submissions sharing
    // a code or a name are compared (grouping keeps this linear in the batch size).
    let ids: Vec<Option<(String, &Stated, String, &Stated)>> = subs
        .iter()
        .map(|(s, _)| {
            let n = s.org_names.first()?;
            let c = s.credit_codes.first()?;
            Some((norm_name(&n.value), n, norm_code(&c.value), c))
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some((n, _, k, _)) = id {
            groups.entry(format!("c:{k}")).or_default().push(i);
            groups.entry(format!("n:{n}")).or_default().push(i);
        }
    }
    let mut pairs: BTreeMap<(usize, usize), ()> = BTreeMap::new();
    for members in groups.values() {
        for &i in members.iter().filter(|&&i| subs[i].1) {
            for &j in members.iter().filter(|&&j| j != i) {
                pairs.insert((i, j), ());
            }
        }
    }
    for (i, j) in pairs.into_keys() {
        let (Some((xn, xns, xk, xks)), Some((yn, yns, yk, yks))) = (&ids[i], &ids[j]) else {
            continue;
        };
        let (x, (y, yc)) = (subs[i].0, subs[j]);
        let related = xn.contains(yn.as_str()) || yn.contains(xn.as_str());
        let message = if xk == yk && !related {
            format!(
                "统一社会信用代码 {xk} 在本申报中对应“{}”，在{} 中对应“{}”：同一代码对应两个单位名称，请核实申报主体",
                xns.value,
                describe(y, yc),
                yns.value
            )
        } else if xn == yn && xk != yk {
            format!(
                "单位“{}”在本申报中的统一社会信用代码为 {xk}，在{} 中为 {yk}：同一单位出现两个代码，请核实",
                xns.value,
                describe(y, yc)
            )
        } else {
            continue;
        };
        out.push(finding(
            x,
            "integrity.invalid_identifier",
            FindingKind::InvalidIdentifier,
            Severity::Warn,
            Some(key::ORG_CREDIT_CODE),
            message,
            vec![ev(x, xks), ev(x, xns), ev(y, yks), ev(y, yns)],
        ));
    }
}

/// The same DOCX rsidRoot in documents of different applicants: both were saved from one source
/// file. rsidRoot collisions between unrelated files are reported at about 2%, hence a warning.
/// A root carried by as many applicants as boilerplate needs ([`crate::default_boilerplate_min`])
/// is a distributed template — the program's own 申报书 form — not a shared source file.
fn rsid(subs: &[View], applicant: &[u32], out: &mut Vec<Finding>) {
    let applicants = applicant
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let template_min = crate::default_boilerplate_min(applicants);
    let mut by_root: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, (s, _)) in subs.iter().enumerate() {
        for (d, doc) in s.documents.iter().enumerate() {
            if let Some(r) = doc
                .rsid_root
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty() && r.chars().any(|c| c != '0'))
            {
                by_root
                    .entry(r.to_ascii_uppercase())
                    .or_default()
                    .push((i, d));
            }
        }
    }
    for (root, holders) in by_root {
        let carriers = holders
            .iter()
            .map(|(i, _)| applicant[*i])
            .collect::<std::collections::BTreeSet<_>>();
        if carriers.len() >= template_min {
            continue;
        }
        for &(i, d) in &holders {
            if !subs[i].1 {
                continue;
            }
            let others: Vec<&(usize, usize)> = holders
                .iter()
                .filter(|(j, _)| applicant[*j] != applicant[i])
                .collect();
            if others.is_empty() {
                continue;
            }
            let (x, doc) = (subs[i].0, &subs[i].0.documents[d]);
            let mut evidence = vec![Evidence {
                submission: Some(label(x)),
                document: doc.document.clone(),
                page: None,
                quote: format!("w:rsidRoot: {root}"),
            }];
            let mut names = Vec::new();
            for &&(j, e) in &others {
                let (y, ydoc) = (subs[j].0, &subs[j].0.documents[e]);
                names.push(format!("{} 的 {}", describe(y, subs[j].1), ydoc.document));
                evidence.push(Evidence {
                    submission: Some(label(y)),
                    document: ydoc.document.clone(),
                    page: None,
                    quote: format!("w:rsidRoot: {root}"),
                });
            }
            out.push(finding(
                x,
                "integrity.metadata_anomaly",
                FindingKind::MetadataAnomaly,
                Severity::Warn,
                None,
                format!(
                    "{} 与{} 的 DOCX 修订根标识 rsidRoot 同为 {root}，两份文件出自同一源文件（不相关文件偶合约 2%），请核实是否由同一方编制",
                    doc.document,
                    names.join("、")
                ),
                evidence,
            ));
        }
    }
}

/// Legal-form suffixes dropped before looking for an organisation's name in an account name.
const SUFFIXES: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "公司"];

/// The distinctive part of an organisation name: the name without its legal-form suffix, if
/// four characters or more remain (shorter cores match too much).
fn core(name: &str) -> Option<String> {
    let mut n = norm_name(name);
    for s in SUFFIXES {
        if let Some(stripped) = n.strip_suffix(s) {
            n = stripped.to_string();
            break;
        }
    }
    (n.chars().count() >= 4).then_some(n)
}

/// A document whose author or last-modified-by account names another applicant.
fn authors(subs: &[View], applicant: &[u32], out: &mut Vec<Finding>) {
    let cores: Vec<(usize, String, &Stated)> = subs
        .iter()
        .enumerate()
        .flat_map(|(i, (s, _))| {
            s.org_names
                .iter()
                .filter_map(move |n| core(&n.value).map(|c| (i, c, n)))
        })
        .collect();
    for (i, (x, current)) in subs.iter().enumerate() {
        if !current {
            continue;
        }
        if x.documents
            .iter()
            .all(|d| d.author.is_none() && d.last_modified_by.is_none())
        {
            continue;
        }
        let own: Vec<&String> = cores
            .iter()
            .filter(|(j, _, _)| applicant[*j] == applicant[i])
            .map(|(_, c, _)| c)
            .collect();
        for doc in &x.documents {
            for (field, account) in [
                ("author", &doc.author),
                ("lastModifiedBy", &doc.last_modified_by),
            ] {
                let Some(account) = account.as_deref() else {
                    continue;
                };
                let acc = norm_name(account);
                if own.iter().any(|c| acc.contains(c.as_str())) {
                    continue;
                }
                let Some((j, _, named)) = cores
                    .iter()
                    .find(|(j, c, _)| applicant[*j] != applicant[i] && acc.contains(c.as_str()))
                else {
                    continue;
                };
                let y = subs[*j].0;
                out.push(finding(
                    x,
                    "integrity.metadata_anomaly",
                    FindingKind::MetadataAnomaly,
                    Severity::Warn,
                    None,
                    format!(
                        "{} 的文档属性 {field} 为“{account}”，指向另一申报单位“{}”（{}），请核实材料是否由其代为编制",
                        doc.document,
                        named.value,
                        describe(y, subs[*j].1)
                    ),
                    vec![
                        Evidence { submission: Some(label(x)), document: doc.document.clone(), page: None, quote: format!("{field}: {account}") },
                        ev(y, named),
                    ],
                ));
            }
        }
    }
}

/// The application date of a submission, if stated.
pub(crate) fn app_date(s: &ArchivedSubmission) -> Option<Date> {
    s.application_date.as_deref().and_then(day)
}

/// The id of the eligibility rule `check` (`one-per-cycle`) of the submission's regime, if its
/// rulebook lists one.
pub(crate) fn rule_of<'r>(
    s: &ArchivedSubmission,
    regimes: &'r Regimes,
    check: &str,
) -> Option<&'r str> {
    regimes.check(s.regime.as_ref()?.as_str(), check)
}

/// Evidence of who the applicant is: its first stated name and code.
pub(crate) fn identity_evidence(s: &ArchivedSubmission) -> Vec<Evidence> {
    s.org_names
        .iter()
        .take(1)
        .chain(s.credit_codes.iter().take(1))
        .map(|st| ev(s, st))
        .collect()
}

/// Normalised names and codes of a submission, for matching unit records.
pub(crate) fn keys(s: &ArchivedSubmission) -> (Vec<String>, Vec<String>) {
    (
        s.org_names.iter().map(|n| norm_name(&n.value)).collect(),
        s.credit_codes.iter().map(|c| norm_code(&c.value)).collect(),
    )
}

/// Whether a unit record names this submission's applicant (same code, or same name).
pub(crate) fn matches(s: &ArchivedSubmission, u: &UnitRecord) -> bool {
    let (names, codes) = keys(s);
    u.credit_code
        .as_deref()
        .is_some_and(|c| codes.contains(&norm_code(c)))
        || names.contains(&norm_name(&u.org_name))
}
