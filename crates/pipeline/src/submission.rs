//! One submission through the stages, and the checks that span the batch.

use intake_model::key;
use intake_model::{
    DocStatus, Document, Evidence, Fact, Finding, FindingKind, Regime, Severity, SubmissionRecord,
    Value, Verdict,
};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::document::{self, DocOutcome};
use crate::profile::Stage;
use crate::walk::SubmissionDir;

/// What the per-document stages need, shared by every worker.
pub(crate) struct Context<'a> {
    pub books: &'a intake_rules::Rulebooks,
    /// The rulebooks' thresholds for integrity's bunching check.
    pub thresholds: &'a intake_model::Thresholds,
    pub reader: &'a intake_facts::Reader,
    pub limits: &'a intake_extract::Limits,
    pub tick: &'a (dyn Fn() + Sync),
    /// Called once per submission read (not when one is read again to re-index it).
    pub done: &'a (dyn Fn(&SubmissionOutcome) + Sync),
    /// Called when the run enters a phase.
    pub phase: &'a (dyn Fn(crate::Phase) + Sync),
    pub clock: &'a Clock,
    /// The `--jobs` budget: every piece of heavy work holds one of its permits.
    pub budget: &'a crate::budget::Budget,
    /// Whether a submission's documents are read in parallel: only where the batch has too few
    /// submissions to keep every worker busy ([`crate::stream::few`]). Otherwise a worker
    /// waiting for its other documents would take up another submission meanwhile, and the
    /// first one, which the writer may be waiting for, would wait for that one to end.
    pub documents_in_parallel: bool,
}

/// Time spent per stage, summed over worker threads (nanoseconds; atomics so workers add
/// without locking).
#[derive(Default)]
pub(crate) struct Clock {
    pub read: AtomicU64,
    pub rules: AtomicU64,
    pub integrity: AtomicU64,
    pub index: AtomicU64,
    pub report: AtomicU64,
    /// Wall and CPU time per stage of the profile (`profile.rs`).
    pub profile: crate::profile::Profile,
}

impl Clock {
    /// Runs `f`, adding its wall time to `stage`.
    pub fn time<T>(stage: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        stage.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out
    }

    pub fn seconds(stage: &AtomicU64) -> f64 {
        stage.load(Ordering::Relaxed) as f64 / 1e9
    }
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
    /// The copied-text signature of each of `documents`, in the same order, made under the
    /// document's watchdog (taken, left empty, when the submission is prepared for the batch
    /// checks).
    pub signatures: Vec<intake_integrity::DocSignature>,
    /// The index entries of each of `documents`, tokenised on the document's worker, in the
    /// same order (the first index they are added to takes the tokens).
    pub prepared: Vec<intake_index::PreparedDoc>,
    /// The detected regime.
    pub regime: Option<Regime>,
}

pub(crate) fn process(sub: &SubmissionDir, ctx: &Context) -> SubmissionOutcome {
    let one = |f| {
        let o = ctx.budget.run(|| {
            Clock::time(&ctx.clock.read, || {
                document::process(&sub.id, f, ctx.limits, ctx.reader)
            })
        });
        (ctx.tick)();
        o
    };
    let outcomes: Vec<DocOutcome> = if ctx.documents_in_parallel {
        sub.files.par_iter().map(one).collect()
    } else {
        sub.files.iter().map(one).collect()
    };
    // The rest of the submission's work holds one permit (no rayon inside: a thread holding
    // a permit must not wait on the pool).
    let _permit = ctx.budget.acquire();
    let mut records = Vec::with_capacity(outcomes.len());
    let mut documents = Vec::new();
    let mut signatures = Vec::new();
    let mut prepared = Vec::new();
    let mut facts = Vec::new();
    let profile = &ctx.clock.profile;
    for o in outcomes {
        let [ew, ec, fw, fc, sw, sc, iw, ic] = o.spent;
        profile.add(Stage::Extract, ew, ec);
        profile.add(Stage::Facts, fw, fc);
        profile.add(Stage::Prepare, sw, sc);
        profile.add(Stage::Tokenise, iw, ic);
        facts.extend(o.facts);
        if let Some(doc) = o.doc {
            let signature = o
                .signature
                .unwrap_or_else(|| intake_integrity::DocSignature::of(&doc));
            let entries = o
                .prepared
                .unwrap_or_else(|| intake_index::PreparedDoc::of(&doc));
            documents.push((o.record.document.clone(), doc));
            signatures.push(signature);
            prepared.push(entries);
        }
        records.push(o.record);
    }
    Clock::time(&ctx.clock.read, || {
        profile.thread(Stage::Facts, || {
            intake_facts::resolve_submission(&mut facts)
        })
    });

    let views: Vec<(&str, &Document)> = documents.iter().map(|(p, d)| (p.as_str(), d)).collect();
    let (detection, mut findings) = Clock::time(&ctx.clock.rules, || {
        let _t = profile.timer(Stage::Rules);
        let detection =
            intake_rules::detect_with(ctx.books, &views, &facts, sub.overrides.as_deref());
        let findings = intake_rules::evaluate(ctx.books, &sub.id, &detection, &facts);
        (detection, findings)
    });
    let regime_id = detection.regime.as_ref().map(|r| r.as_str().to_string());
    for r in records.iter().filter(|r| r.status == DocStatus::Unreadable) {
        let reason = r.reason.clone().unwrap_or_default();
        let message = format!("文件 {} 无法读取：{reason}", r.document);
        let evidence = vec![Evidence {
            submission: None,
            document: r.document.clone(),
            page: None,
            quote: reason,
        }];
        findings.push(
            Finding::new(
                sub.id.clone(),
                "intake.unreadable",
                FindingKind::UnreadableDocument,
                Severity::Warn,
                message,
                evidence,
            )
            .regime(regime_id.as_deref()),
        );
    }
    // The checks read untrusted tables and text: a fault in one is this submission's note, never
    // the end of the batch.
    let checked = Clock::time(&ctx.clock.integrity, || {
        let _t = profile.timer(Stage::Prepare);
        crate::caught::catching(|| {
            intake_integrity::check_submission(&intake_integrity::SubmissionInput {
                submission: &sub.id,
                regime: detection.regime.clone(),
                documents: views.clone(),
                facts: &facts,
                thresholds: ctx.thresholds,
            })
        })
    });
    let mut notes = Vec::new();
    match checked {
        Ok(found) => findings.extend(found),
        Err(_) => notes.push(
            "完整性检查因内部错误未完成，请人工核查 (integrity checks did not complete: internal error)"
                .to_string(),
        ),
    }
    if !detection.how.is_empty() {
        notes.push(detection.how.clone());
    }
    for r in &records {
        if let Some(lang) = r.language.as_deref().filter(|l| *l != "zh") {
            notes.push(format!(
                "{} is not in Chinese (detected: {lang})",
                r.document
            ));
        }
    }
    let record = SubmissionRecord {
        submission: sub.id.clone(),
        regime: regime_id,
        level: detection.level,
        variant: detection.variant,
        org_name: most_stated(&facts, key::ORG_NAME),
        credit_code: most_stated(&facts, key::ORG_CREDIT_CODE),
        verdict: Verdict::Pass,
        decided_by: Vec::new(),
        documents: records,
        notes,
    };
    SubmissionOutcome {
        record,
        facts,
        findings,
        documents,
        signatures,
        prepared,
        regime: detection.regime,
    }
}

/// What the batch-wide checks keep of a submission: its page texts and identity, with the
/// signatures for copied text (winnowing fingerprints, MinHash) its documents' watched threads
/// made.
pub(crate) fn prepare(
    o: &mut SubmissionOutcome,
    ctx: &Context,
) -> intake_integrity::PreparedSubmission {
    let clock = ctx.clock;
    let _permit = ctx.budget.acquire();
    let _t = clock.profile.timer(Stage::Prepare);
    Clock::time(&clock.integrity, || {
        let signatures = std::mem::take(&mut o.signatures);
        let input = intake_integrity::SubmissionInput {
            submission: &o.record.submission,
            regime: o.regime.clone(),
            documents: o.documents.iter().map(|(p, d)| (p.as_str(), d)).collect(),
            facts: &o.facts,
            thresholds: ctx.thresholds,
        };
        intake_integrity::BatchChecker::prepare_signed(input, signatures)
    })
}

/// The checker for copied text, one-per-cycle and shared source files across the batch and the
/// `--archive` batches, with the regulations the rulebooks name registered as reference text,
/// and the rulebooks' programs (which regimes list which eligibility rules).
/// Page texts and fingerprints spill to `spill_dir` (OUT's staging folder) while the batch runs.
///
/// One archive (the usual next round) is streamed into the checker a submission at a time;
/// several are first merged into one archive's normal form (sorted, repeats across them kept
/// once), which holds them in memory.
///
/// Errors: [`PipelineError::Archive`] naming the archive that cannot be read.
pub(crate) fn checker(
    archives: &[std::path::PathBuf],
    spill_dir: &std::path::Path,
    books: &intake_rules::Rulebooks,
) -> Result<intake_integrity::BatchChecker, crate::PipelineError> {
    use intake_integrity::Archive;
    let err = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source: intake_integrity::IntegrityError| crate::PipelineError::Archive {
            path,
            source,
        }
    };
    let mut checker = intake_integrity::BatchChecker::new()
        .spill_in(spill_dir)
        .regimes(books.regimes());
    match archives {
        [] => {}
        [one] => {
            let frame = Archive::stream(one, |s| checker.add_archived(s)).map_err(err(one))?;
            checker.add_units(frame.removed, frame.recognised);
        }
        many => {
            let mut merged = Archive::new();
            for path in many {
                merged.merge(Archive::load(path).map_err(err(path))?);
            }
            checker.add_archive(merged);
        }
    }
    // Sentences quoted from the regulations themselves are boilerplate, never copying.
    for text in books.regulations() {
        checker.add_reference_text(text);
    }
    Ok(checker)
}

/// The distinct finding kinds of a submission, sorted (what the index records).
pub(crate) fn kinds(findings: &[Finding]) -> Vec<String> {
    let mut k: Vec<String> = findings
        .iter()
        .map(|f| f.kind.as_str().to_string())
        .collect();
    k.sort();
    k.dedup();
    k
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
