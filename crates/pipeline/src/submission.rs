//! One submission through the stages, and the checks that span the batch.

use intake_model::{
    DocStatus, Document, Evidence, Fact, Finding, FindingKind, Regime, Severity, SubmissionRecord, Value, Verdict,
};
use rayon::prelude::*;

use crate::document::{self, DocOutcome};
use crate::walk::SubmissionDir;

/// What the per-document stages need, shared by every worker.
pub(crate) struct Context<'a> {
    pub books: &'a intake_rules::Rulebooks,
    pub reader: &'a intake_facts::Reader,
    pub limits: &'a intake_extract::Limits,
    pub tick: &'a (dyn Fn() + Sync),
}

/// One submission, processed.
pub struct SubmissionOutcome {
    /// The line for `submissions.jsonl`.
    pub record: SubmissionRecord,
    /// Every fact read, in document order.
    pub facts: Vec<Fact>,
    /// Every finding: rules, unreadable documents, integrity (submission, then batch).
    pub findings: Vec<Finding>,
    /// The documents that were read, by path (for the index and the batch checks).
    pub documents: Vec<(String, Document)>,
    /// The detected regime.
    pub regime: Option<Regime>,
}

pub(crate) fn process(sub: &SubmissionDir, ctx: &Context) -> SubmissionOutcome {
    let outcomes: Vec<DocOutcome> = sub
        .files
        .par_iter()
        .map(|f| {
            let o = document::process(&sub.id, f, ctx.limits, ctx.reader);
            (ctx.tick)();
            o
        })
        .collect();
    let mut records = Vec::with_capacity(outcomes.len());
    let mut documents = Vec::new();
    let mut facts = Vec::new();
    for o in outcomes {
        facts.extend(o.facts);
        if let Some(doc) = o.doc {
            documents.push((o.record.document.clone(), doc));
        }
        records.push(o.record);
    }
    intake_facts::resolve_submission(&mut facts);

    let views: Vec<(&str, &Document)> = documents.iter().map(|(p, d)| (p.as_str(), d)).collect();
    let detection = intake_rules::detect(&views, &facts, sub.overrides.as_deref());
    let regime_id = detection.regime.map(|r| r.as_str().to_string());
    let mut findings = intake_rules::evaluate(ctx.books, &sub.id, &detection, &facts);
    for r in records.iter().filter(|r| r.status == DocStatus::Unreadable) {
        let reason = r.reason.clone().unwrap_or_default();
        findings.push(Finding {
            submission: sub.id.clone(),
            regime: regime_id.clone(),
            rule: "intake.unreadable".into(),
            kind: FindingKind::UnreadableDocument,
            severity: Severity::Warn,
            metric: None,
            message: format!("文件 {} 无法读取：{reason}", r.document),
            evidence: vec![Evidence { submission: None, document: r.document.clone(), page: None, quote: reason }],
            article: None,
        });
    }
    findings.extend(intake_integrity::check_submission(&intake_integrity::SubmissionInput {
        submission: &sub.id,
        regime: detection.regime,
        documents: views.clone(),
        facts: &facts,
    }));

    let mut notes = Vec::new();
    if !detection.how.is_empty() {
        notes.push(detection.how.clone());
    }
    for r in &records {
        if let Some(lang) = r.language.as_deref().filter(|l| *l != "zh") {
            notes.push(format!("{} is not in Chinese (detected: {lang})", r.document));
        }
    }
    let record = SubmissionRecord {
        submission: sub.id.clone(),
        regime: regime_id,
        level: detection.level,
        variant: detection.variant,
        org_name: most_stated(&facts, "org.name"),
        credit_code: most_stated(&facts, "org.credit_code"),
        verdict: Verdict::Pass,
        decided_by: Vec::new(),
        documents: records,
        notes,
    };
    SubmissionOutcome { record, facts, findings, documents, regime: detection.regime }
}

/// The five regulations (`pipelines/regulations/`), embedded.
const REGULATIONS: [&str; 5] = [
    include_str!("../../../pipelines/regulations/iia-lab.txt"),
    include_str!("../../../pipelines/regulations/iia-training-base.txt"),
    include_str!("../../../pipelines/regulations/promotion-center.txt"),
    include_str!("../../../pipelines/regulations/tech-base-platform.txt"),
    include_str!("../../../pipelines/regulations/quality-standards-lab.txt"),
];

/// Checks across submissions (copied text, one-per-cycle, shared source files), then each
/// submission's verdict over all its findings.
///
/// `archive` holds earlier batches (`--archive`); returns this batch's own archive, labelled
/// `label`, for OUT/integrity.archive.json.
pub(crate) fn batch_checks(
    outcomes: &mut [SubmissionOutcome],
    archive: intake_integrity::Archive,
    label: &str,
) -> intake_integrity::Archive {
    let mut checker = intake_integrity::BatchChecker::with_archive(archive);
    // Sentences quoted from the regulations themselves are boilerplate, never copying.
    for text in REGULATIONS {
        checker.add_reference_text(text);
    }
    for o in outcomes.iter() {
        checker.add(intake_integrity::SubmissionInput {
            submission: &o.record.submission,
            regime: o.regime,
            documents: o.documents.iter().map(|(p, d)| (p.as_str(), d)).collect(),
            facts: &o.facts,
        });
    }
    for f in checker.finish() {
        if let Some(o) = outcomes.iter_mut().find(|o| o.record.submission == f.submission) {
            o.findings.push(f);
        }
    }
    for o in outcomes.iter_mut() {
        let (verdict, decided_by) = intake_rules::verdict(&o.findings);
        o.record.verdict = verdict;
        o.record.decided_by = decided_by;
    }
    checker.to_archive(label)
}

/// The value stated most often for a text metric (ties: the first stated), as a string.
fn most_stated(facts: &[Fact], metric: &str) -> Option<String> {
    let values: Vec<&str> = facts
        .iter()
        .filter(|f| f.metric == metric)
        .filter_map(|f| match &f.value {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let mut best: Option<(&str, usize)> = None;
    for v in &values {
        let n = values.iter().filter(|w| *w == v).count();
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((v, n));
        }
    }
    best.map(|(v, _)| v.to_string())
}
