//! The data embedded in report.html: the batch summary and one entry per submission, with labels
//! and figures already formatted so the page's script only builds DOM nodes from text.

use std::collections::BTreeMap;

use intake_model::display::shown;
use intake_model::{
    Fact, Finding, FindingKind, Level, Regimes, Severity, SubmissionRecord, Variant, Verdict,
};
use serde::Serialize;

use super::labels::{
    format_value, kind_label, metric_label, regime_label, severity_label, verdict_id, verdict_label,
};
use super::mark::{segments, segments_whole};

/// Counts over the batch, straight from the inputs.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Number of submission records.
    pub submissions: usize,
    /// Number of facts.
    pub facts: usize,
    /// Number of findings.
    pub findings: usize,
    /// Submissions by regime: the rulebooks' programs in their order, then other ids sorted,
    /// then `null` (undetected). Zero counts are kept for the five programs.
    pub by_regime: Vec<Count>,
    /// Submissions by verdict: fail, review, pass.
    pub by_verdict: Vec<Count>,
    /// Findings by kind, in the contract's order; kinds that never occur are left out.
    pub by_kind: Vec<Count>,
    /// Findings by severity: fail, warn, info.
    pub by_severity: Vec<Count>,
}

/// One bar of a summary chart.
#[derive(Debug, Serialize)]
pub struct Count {
    /// The contract's id (`tech-base-platform`, `fail`, `threshold_unmet`), `null` for no regime.
    pub id: Option<String>,
    /// The Chinese label.
    pub label: String,
    /// How many.
    pub n: usize,
}

/// One submission as the page shows it.
#[derive(Debug, Serialize)]
pub struct Sub {
    id: String,
    regime: Option<String>,
    regime_label: String,
    level: Option<&'static str>,
    variant: Option<&'static str>,
    org: Option<String>,
    credit_code: Option<String>,
    verdict: &'static str,
    verdict_label: &'static str,
    decided_by: Vec<Decided>,
    n_fail: usize,
    n_warn: usize,
    n_info: usize,
    kinds: Vec<&'static str>,
    documents: Vec<Doc>,
    notes: Vec<String>,
    facts: Vec<FactView>,
    findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
struct Decided {
    rule: String,
    article: Option<String>,
    message: Option<String>,
}

#[derive(Debug, Serialize)]
struct Doc {
    path: String,
    format: String,
    pages: Option<u32>,
    language: Option<String>,
    status: &'static str,
    reason: Option<String>,
    /// `OCR 识别（置信度 NN）` when pages or pictures of it were read by OCR.
    ocr: Option<String>,
    ocr_pages: u32,
}

#[derive(Debug, Serialize)]
struct FactView {
    metric: String,
    label: String,
    value: String,
    document: String,
    page: Option<u32>,
    quote: Vec<String>,
    period: Option<String>,
    approx: bool,
    valid: Option<bool>,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct FindingView {
    rule: String,
    kind: &'static str,
    kind_label: &'static str,
    severity: &'static str,
    severity_label: &'static str,
    metric: Option<String>,
    metric_label: Option<String>,
    article: Option<String>,
    message: String,
    evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
struct EvidenceView {
    submission: String,
    document: String,
    page: Option<u32>,
    quote: Vec<String>,
    /// The quote's place in its offline text page, when the document has one.
    href: Option<String>,
    /// `OCR 识别（置信度 NN）` when the quoted text was read by OCR.
    ocr: Option<String>,
}

/// Counts over the batch: `n_facts` facts in all.
pub(crate) fn summary(
    regimes: &Regimes,
    records: &[&SubmissionRecord],
    n_facts: usize,
    findings: &[&Finding],
) -> Summary {
    let rank = |id: Option<&str>| match id {
        Some(s) => regimes.rank(s).unwrap_or(regimes.len()),
        None => regimes.len() + 1,
    };
    let mut counts: BTreeMap<(usize, Option<&str>), usize> = BTreeMap::new();
    for r in regimes.iter() {
        counts.insert((rank(Some(r.id.as_str())), Some(r.id.as_str())), 0);
    }
    for r in records {
        *counts
            .entry((rank(r.regime.as_deref()), r.regime.as_deref()))
            .or_default() += 1;
    }
    let by_regime = counts
        .into_iter()
        .map(|((_, id), n)| Count {
            id: id.map(str::to_string),
            label: regime_label(regimes, id),
            n,
        })
        .collect();
    let by_verdict = [Verdict::Fail, Verdict::Review, Verdict::Pass]
        .into_iter()
        .map(|v| Count {
            id: Some(verdict_id(v).into()),
            label: verdict_label(v).into(),
            n: records.iter().filter(|r| r.verdict == v).count(),
        })
        .collect();
    let mut kinds: BTreeMap<FindingKind, usize> = BTreeMap::new();
    for f in findings {
        *kinds.entry(f.kind).or_default() += 1;
    }
    let by_kind = kinds
        .into_iter()
        .map(|(k, n)| Count {
            id: Some(k.as_str().into()),
            label: kind_label(k).into(),
            n,
        })
        .collect();
    let by_severity = [Severity::Fail, Severity::Warn, Severity::Info]
        .into_iter()
        .map(|s| Count {
            id: Some(s.as_str().into()),
            label: severity_label(s).into(),
            n: findings.iter().filter(|f| f.severity == s).count(),
        })
        .collect();
    Summary {
        submissions: records.len(),
        facts: n_facts,
        findings: findings.len(),
        by_regime,
        by_verdict,
        by_kind,
        by_severity,
    }
}

/// A name (submission id, document path, organisation) as the page shows it: each control or
/// bidi character written `<U+202E>`, so a name like `<U+202E>exe.txt` cannot pass for `txt.exe`. The
/// page draws it as a text node, so the marker is seen, never applied.
fn name(s: &str) -> String {
    shown(s, false).into_owned()
}

/// Running text (a quote, a message) as the page shows it: like [`name`], but line breaks and
/// tabs stay (quotes are drawn pre-wrapped). Quotes are split into marked segments first, on the
/// original text, so the marks stay where they were.
fn text(s: &str) -> String {
    shown(s, true).into_owned()
}

/// One submission's entry: its record with its facts and findings.
pub(crate) fn sub(
    regimes: &Regimes,
    r: &SubmissionRecord,
    facts: &[&Fact],
    findings: &[&Finding],
    text_pages: &crate::TextPages,
) -> Sub {
    let decided_by = r
        .decided_by
        .iter()
        .map(|rule| {
            let f = findings.iter().find(|f| &f.rule == rule);
            Decided {
                rule: name(rule),
                article: f.and_then(|f| f.article.as_deref().map(name)),
                message: f.map(|f| text(&f.message)),
            }
        })
        .collect();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    Sub {
        id: name(&r.submission),
        regime: r.regime.clone(),
        regime_label: regime_label(regimes, r.regime.as_deref()),
        level: r.level.map(Level::chinese_name),
        variant: r.variant.map(Variant::chinese_name),
        org: r.org_name.as_deref().map(name),
        credit_code: r.credit_code.as_deref().map(name),
        verdict: verdict_id(r.verdict),
        verdict_label: verdict_label(r.verdict),
        decided_by,
        n_fail: count(Severity::Fail),
        n_warn: count(Severity::Warn),
        n_info: count(Severity::Info),
        kinds: kinds.into_iter().map(FindingKind::as_str).collect(),
        documents: r
            .documents
            .iter()
            .map(|d| Doc {
                path: name(&d.document),
                format: name(&d.format),
                pages: d.pages,
                language: d.language.as_deref().map(name),
                status: match d.status {
                    intake_model::DocStatus::Ok => "ok",
                    intake_model::DocStatus::Unreadable => "unreadable",
                    intake_model::DocStatus::Skipped => "skipped",
                },
                reason: d.reason.as_deref().map(text),
                ocr: (d.ocr_pages > 0).then(|| crate::ocr_label(d.ocr_confidence)),
                ocr_pages: d.ocr_pages,
            })
            .collect(),
        notes: r.notes.iter().map(|n| text(n)).collect(),
        facts: facts.iter().map(|f| fact_view(f)).collect(),
        findings: findings
            .iter()
            .map(|f| finding_view(f, r, facts, text_pages))
            .collect(),
    }
}

fn fact_view(f: &Fact) -> FactView {
    // Mark the figure itself, not the label before it; a text value (name, credit code) is marked
    // whole where it stands, a date written otherwise (2026年3月20日) by its figures.
    let quote = match &f.value {
        intake_model::Value::Text(t) => segments_whole(&f.quote, t),
        intake_model::Value::Date(d) if f.quote.contains(&d.to_string()) => {
            segments_whole(&f.quote, &d.to_string())
        }
        _ => segments(&f.quote, None),
    };
    FactView {
        metric: f.metric.clone(),
        label: metric_label(&f.metric).into(),
        value: name(&format_value(f)),
        document: name(&f.document),
        page: f.page,
        quote: quote.iter().map(|q| text(q)).collect(),
        period: f.period.as_ref().map(|p| name(&p.label)),
        approx: f.approx,
        valid: f.valid,
        note: f.note.as_deref().map(text),
    }
}

fn finding_view(
    f: &Finding,
    r: &SubmissionRecord,
    facts: &[&Fact],
    text_pages: &crate::TextPages,
) -> FindingView {
    let own = r.submission.as_str();
    let evidence = f
        .evidence
        .iter()
        .map(|e| {
            let submission = e.submission.clone().unwrap_or_else(|| own.to_string());
            // The fact of this finding's metric stated at this place, whose figure is the one to mark.
            let focus = f.metric.as_deref().and_then(|m| {
                facts
                    .iter()
                    .filter(|x| {
                        submission == own
                            && x.metric == m
                            && x.document == e.document
                            && x.page == e.page
                    })
                    .map(|x| x.quote.as_str())
                    .find(|q| e.quote.contains(q))
            });
            let href = text_pages
                .contains(&(submission.clone(), e.document.clone(), e.quote.clone()))
                .then(|| crate::text_page_href(&submission, &e.document, e.page, &e.quote));
            EvidenceView {
                submission: name(&submission),
                document: name(&e.document),
                page: e.page,
                quote: segments(&e.quote, focus).iter().map(|q| text(q)).collect(),
                href,
                ocr: (submission == own).then(|| ocr_of(r, facts, e)).flatten(),
            }
        })
        .collect();
    FindingView {
        rule: f.rule.clone(),
        kind: f.kind.as_str(),
        kind_label: kind_label(f.kind),
        severity: f.severity.as_str(),
        severity_label: severity_label(f.severity),
        metric: f.metric.clone(),
        metric_label: f.metric.as_deref().map(|m| metric_label(m).to_string()),
        article: f.article.clone(),
        message: text(&f.message),
        evidence,
    }
}

/// The OCR label of an evidence item of the submission's own: a fact read by OCR at its place
/// whose quote it contains (the fact's confidence), else its PDF when every page of it was
/// read by OCR (the document's mean confidence).
fn ocr_of(r: &SubmissionRecord, facts: &[&Fact], e: &intake_model::Evidence) -> Option<String> {
    let fact = facts.iter().find(|x| {
        x.method == intake_model::ReadMethod::Ocr
            && x.document == e.document
            && x.page == e.page
            && !x.quote.is_empty()
            && e.quote.contains(x.quote.as_str())
    });
    if let Some(x) = fact {
        let conf = x
            .note
            .as_deref()
            .and_then(|n| n.split("置信度").nth(1))
            .map(|t| {
                t.trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|d| d.parse::<u8>().ok());
        return Some(crate::ocr_label(conf));
    }
    let d = r.documents.iter().find(|d| d.document == e.document)?;
    (d.ocr_pages > 0 && d.pages.is_some_and(|n| n <= d.ocr_pages))
        .then(|| crate::ocr_label(d.ocr_confidence))
}
