//! The integrity officer's desk: decisions on findings, kept in SQLite beside (or apart from)
//! an OUT folder, and carried from one run of a batch to the next.
//!
//! A finding is known by its [`fingerprint`]: what it is about, not where a run happened to put
//! it, so the same problem found again by a later run gets the same key and its decision. The
//! database ([`store::Store`]) keeps every change as a new row of an append-only history; the
//! current decision on a finding is its latest row.

pub mod carry;
pub mod store;

use std::collections::{HashMap, HashSet};
use std::io::BufRead as _;
use std::path::Path;

use anyhow::Context as _;
use intake_model::{Finding, SubmissionRecord, Verdict};
use sha2::{Digest as _, Sha256};
use unicode_normalization::UnicodeNormalization as _;

/// The file name of an OUT folder's own decisions database.
pub const DB_FILE: &str = "decisions.sqlite";

/// Where an officer stands on one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// 待处理: nobody has decided (also what a finding without any history is).
    Open,
    /// 属实: the officer confirms the problem.
    Confirmed,
    /// 误报: a false alarm; it no longer counts towards the verdict.
    Dismissed,
    /// 需补正: a question for the applicant.
    Ask,
    /// 已消除: a later run of the batch no longer finds it (set by `intake run`, not by hand).
    Resolved,
}

impl Status {
    /// Every status, in the order the desk offers them.
    pub const ALL: [Status; 5] = [
        Status::Open,
        Status::Confirmed,
        Status::Dismissed,
        Status::Ask,
        Status::Resolved,
    ];

    /// The id stored in the database and used in URLs and exports (`confirmed`).
    pub fn id(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Confirmed => "confirmed",
            Status::Dismissed => "dismissed",
            Status::Ask => "ask",
            Status::Resolved => "resolved",
        }
    }

    /// The Chinese label officers read (`属实`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "待处理",
            Status::Confirmed => "属实",
            Status::Dismissed => "误报",
            Status::Ask => "需补正",
            Status::Resolved => "已消除",
        }
    }

    /// Parses an id of [`Status::id`].
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.id() == s)
    }

    /// Whether a finding in this state still counts towards the submission's verdict: a false
    /// alarm and a finding the re-run no longer makes do not.
    pub fn counts(self) -> bool {
        !matches!(self, Status::Dismissed | Status::Resolved)
    }
}

/// A finding's stable key: 32 hex digits of SHA-256 over its submission, kind, rule, metric and
/// evidence quotes. Quotes are NFKC-normalised with whitespace and controls removed (a re-read
/// that wraps a line differently, or full-width digits, give the same key), each prefixed with
/// the other submission it lies in (duplicate text), and sorted. Document names, pages, the
/// message and run ids are left out: they may change while the problem stays the same.
pub fn fingerprint(f: &Finding) -> String {
    let kind = serde_json::to_value(f.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut quotes: Vec<String> = f
        .evidence
        .iter()
        .map(|e| {
            let q: String = e
                .quote
                .nfkc()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            format!("{}\u{1f}{q}", e.submission.as_deref().unwrap_or(""))
        })
        .collect();
    quotes.sort();
    quotes.dedup();
    let mut h = Sha256::new();
    for part in [
        "intake-finding-v1",
        &f.submission,
        &kind,
        &f.rule,
        f.metric.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0x1e]);
    }
    for q in &quotes {
        h.update(q.as_bytes());
        h.update([0x1d]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The verdict once decisions are counted: the rules' own verdict over the findings whose
/// status still [`Status::counts`]. `status` gives a finding's status by index.
pub fn verdict_with(findings: &[&Finding], status: impl Fn(usize) -> Status) -> Verdict {
    let kept: Vec<Finding> = findings
        .iter()
        .enumerate()
        .filter(|(i, _)| status(*i).counts())
        .map(|(_, f)| (*f).clone())
        .collect();
    intake_rules::verdict(&kept).0
}

/// What an OUT folder says: its findings (in file order, each with its fingerprint) and its
/// submissions by id.
pub struct OutView {
    /// Every finding of `findings.jsonl` with its [`fingerprint`].
    pub findings: Vec<(String, Finding)>,
    /// Every line of `submissions.jsonl` by submission id.
    pub submissions: HashMap<String, SubmissionRecord>,
}

impl OutView {
    /// Reads `OUT/findings.jsonl` and `OUT/submissions.jsonl`.
    ///
    /// Errors: either file missing or a line that is not a finding / submission record.
    pub fn load(out: &Path) -> anyhow::Result<OutView> {
        let mut findings = Vec::new();
        for_lines(&out.join("findings.jsonl"), |line| {
            let f: Finding = serde_json::from_str(line)?;
            findings.push((fingerprint(&f), f));
            Ok(())
        })?;
        let mut submissions = HashMap::new();
        for_lines(&out.join("submissions.jsonl"), |line| {
            let s: SubmissionRecord = serde_json::from_str(line)?;
            submissions.insert(s.submission.clone(), s);
            Ok(())
        })?;
        Ok(OutView {
            findings,
            submissions,
        })
    }

    /// The fingerprints of every finding.
    pub fn fingerprints(&self) -> HashSet<&str> {
        self.findings.iter().map(|(fp, _)| fp.as_str()).collect()
    }

    /// The applicant's name of a submission, or "".
    pub fn applicant(&self, submission: &str) -> &str {
        self.submissions
            .get(submission)
            .and_then(|s| s.org_name.as_deref())
            .unwrap_or("")
    }
}

/// Calls `each` on every non-empty line of `path`.
fn for_lines(path: &Path, mut each: impl FnMut(&str) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        if !line.trim().is_empty() {
            each(&line).with_context(|| format!("{} line {}", path.display(), n + 1))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_model::{Evidence, FindingKind, Severity};

    fn finding(quote: &str, page: Option<u32>, message: &str) -> Finding {
        Finding {
            submission: "sub-0001".into(),
            regime: Some("tech-base-platform".into()),
            rule: "tbp.staff".into(),
            kind: FindingKind::ThresholdUnmet,
            severity: Severity::Fail,
            metric: Some("staff.total".into()),
            message: message.into(),
            evidence: vec![Evidence {
                submission: None,
                document: "申报书.pdf".into(),
                page,
                quote: quote.into(),
            }],
            article: None,
        }
    }

    #[test]
    fn fingerprints_ignore_place_and_wording_but_not_the_quote() {
        let a = fingerprint(&finding("从业人员共计48人", Some(3), "少于 50 人"));
        // Another page, message, a line break and full-width digits: the same finding.
        let b = fingerprint(&finding("从业人员共计\n４８人", Some(7), "低于 50 人"));
        assert_eq!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        // Another figure is another finding.
        assert_ne!(
            a,
            fingerprint(&finding("从业人员共计47人", Some(3), "少于 50 人"))
        );
        let mut other = finding("从业人员共计48人", Some(3), "少于 50 人");
        other.submission = "sub-0002".into();
        assert_ne!(a, fingerprint(&other));
    }

    #[test]
    fn dismissed_and_resolved_findings_stop_counting() {
        let f = finding("从业人员共计48人", Some(3), "少于 50 人");
        let mut w = f.clone();
        w.severity = Severity::Warn;
        let all = [&f, &w];
        assert_eq!(verdict_with(&all, |_| Status::Open), Verdict::Fail);
        assert_eq!(verdict_with(&all, |_| Status::Confirmed), Verdict::Fail);
        let dismiss_fail = |i| {
            if i == 0 {
                Status::Dismissed
            } else {
                Status::Open
            }
        };
        assert_eq!(verdict_with(&all, dismiss_fail), Verdict::Review);
        assert_eq!(verdict_with(&all, |_| Status::Resolved), Verdict::Pass);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.id()), Some(s));
        }
    }
}
