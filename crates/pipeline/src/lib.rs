//! The intake pipeline, composed: walk a batch, run every document through extract → facts in
//! parallel, then rules and integrity per submission, then the batch-wide checks, and write OUT.
//!
//! ```no_run
//! let summary = intake_pipeline::run(
//!     std::path::Path::new("corpora/demo"),
//!     std::path::Path::new("out/demo"),
//!     &intake_pipeline::Options::default(),
//! ).unwrap();
//! println!("{} submissions, {} facts", summary.submissions, summary.facts);
//! ```
//! Outputs are byte-identical for the same batch whatever the thread count: submissions are
//! processed in parallel a chunk at a time but written in sorted order by one writer thread, and
//! every stage is deterministic.
//!
//! Memory: a chunk's documents are dropped once its facts and index entries are written (the
//! index writer works in a fixed heap, `intake_index::WRITER_HEAP_BYTES`). What the end needs of
//! each submission — its record and findings, and what the batch-wide integrity checks keep
//! (`intake_integrity::BatchChecker`: identity, page texts, fingerprints, MinHash) — waits in
//! unnamed temporary files in OUT's staging folder; the records and identities are read back
//! once the index writer's heap has gone to disk, so the two never share memory.

#![deny(missing_docs)]

mod alloc;
mod budget;
mod caught;
mod document;
mod manifest;
pub mod names;
mod out;
mod overrides;
mod profile;
mod progress;
mod readers;
mod stream;
mod submission;
pub mod walk;
mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;

use intake_model::{Finding, Severity};
pub use profile::{Stage, StageTime};

pub use caught::panic_is_caught;
pub use intake_extract::Limits;
pub use progress::{Phase, PhaseSeconds, Progress, ProgressFn};
pub use submission::SubmissionOutcome;

/// How to run.
#[derive(Clone, Default)]
pub struct Options {
    /// Worker threads; `None` = all cores.
    pub jobs: Option<usize>,
    /// Per-document budgets.
    pub limits: Limits,
    /// Told where the run stands: at the start (with the totals), after each file and each
    /// submission, and when a phase begins. Called from worker threads.
    pub progress: Option<ProgressFn>,
    /// Earlier OUT folders whose integrity.archive.json feed the cross-batch checks
    /// (copied text, one training base per cycle, debarment). One archive is read a submission
    /// at a time; several are merged in memory first (repeats across them kept once).
    pub archives: Vec<PathBuf>,
    /// An archive index to add this batch to (created if absent), besides OUT/index.
    pub index_into: Option<PathBuf>,
    /// The officer's overrides of regime, level and variant: a TOML file outside the batch, one
    /// table per submission id (`[sub-0001]` `regime = "promotion-center"` `level = "national"`
    /// `variant = "talent"`; Chinese names work too). Nothing inside the batch is read as one.
    pub overrides: Option<PathBuf>,
    /// A pipelines folder to read the rulebooks (`regimes/*.toml`) and the regulations they name
    /// (`regulations/*.txt`) from, instead of those built in: a new regime is a new rulebook
    /// and a new regulation text there.
    pub pipelines: Option<PathBuf>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("jobs", &self.jobs)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// What a run did, for the one-line summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Submissions processed.
    pub submissions: usize,
    /// Files found under submission folders (read, unreadable and skipped).
    pub documents: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Files skipped (litter, hidden).
    pub skipped: usize,
    /// Files at the top level of the batch, outside any submission.
    pub stray: usize,
    /// PDF pages read (documents without pages — DOCX, TXT — are not counted).
    pub pdf_pages: usize,
    /// Facts written.
    pub facts: usize,
    /// Findings by severity: `[fail, warn, info]`.
    pub findings: [usize; 3],
    /// Findings by kind (the contract's snake_case names), in name order.
    pub findings_by_kind: std::collections::BTreeMap<&'static str, usize>,
    /// Verdicts: `[pass, review, fail]`.
    pub verdicts: [usize; 3],
    /// Wall time in seconds.
    pub seconds: f64,
    /// Wall time per phase (reading, batch checks, writing).
    pub phase_seconds: PhaseSeconds,
    /// Time per stage in seconds, summed over worker threads (so with several jobs the stages
    /// add up to more than the wall time).
    pub stage_seconds: StageSeconds,
    /// Wall and CPU time of every stage of the profile, in pipeline order (`intake run
    /// --profile`; batch.json's `timing.profile`).
    pub profile: Vec<StageTime>,
}

/// Seconds spent per stage ([`Summary::stage_seconds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageSeconds {
    /// Reading documents: extract (PDF, DOCX, TXT → Document) and facts (Document → facts).
    pub read: f64,
    /// Regime detection and rulebook evaluation.
    pub rules: f64,
    /// Integrity: per-submission checks, batch signatures, and the batch-wide checks.
    pub integrity: f64,
    /// Handing entries to the index writer and committing (the writer files postings on its own
    /// thread; its time shows in the wall time only). Tokenising is counted in `read`: it is
    /// done beside extraction, on the document's worker.
    pub index: f64,
    /// Writing findings, submissions, batch.json, report.html and the integrity archive.
    pub report: f64,
}

/// Why a run could not complete.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The batch folder cannot be listed.
    #[error("cannot read batch folder {path}: {source}")]
    Batch {
        /// The batch folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// OUT cannot be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The path that failed.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// OUT may not be written: it is the batch folder, inside it or contains it, or an existing
    /// path that is neither an earlier intake output nor an empty folder. Nothing was touched.
    #[error("输出目录 {path} {reason}")]
    OutRefused {
        /// OUT as given.
        path: PathBuf,
        /// Why, Chinese first with an English gloss.
        reason: String,
    },
    /// The `--overrides` file cannot be used (unreadable, inside the batch, not the expected
    /// TOML, an unknown value or submission). Nothing was written.
    #[error("覆盖设置文件 {path}：{detail}")]
    Overrides {
        /// The overrides file.
        path: PathBuf,
        /// What is wrong, Chinese first with an English gloss.
        detail: String,
    },
    /// The rulebooks failed to load: the `pipelines` folder's are invalid, or (a build defect)
    /// the built-in ones.
    #[error("rulebooks: {0}")]
    Rules(#[source] intake_rules::RuleError),
    /// An earlier batch given with `--archive` cannot be read, or this batch's archive cannot
    /// be written.
    #[error("archive {path}: {source}")]
    Archive {
        /// The archive folder.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: intake_integrity::IntegrityError,
    },
    /// The batch-wide checks could not use their spill folder (a full disk).
    #[error("cannot write {path}: {source}")]
    Checks {
        /// The spill folder.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: intake_integrity::IntegrityError,
    },
    /// The search index cannot be written.
    #[error("index {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: intake_index::IndexError,
    },
    /// The worker pool or the writer thread could not start.
    #[error("thread pool: {0}")]
    Threads(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Runs the whole pipeline over `batch` and writes `out` (facts.jsonl, findings.jsonl,
/// submissions.jsonl, batch.json, index/, report.html). OUT is written to a temporary folder
/// beside it and published at the end, so an interrupted run never leaves an OUT that looks
/// complete, and never loses the earlier complete one (`out.rs`).
///
/// Refused before anything is read or written ([`PipelineError::OutRefused`]): an OUT that is
/// `batch`, lies inside it or contains it, and an existing path that is neither an earlier intake
/// output (a folder with intake's `batch.json`, replaced) nor an empty folder.
///
/// Streaming: workers read submissions at most two chunks (four per worker each) ahead of one
/// writer, which writes facts and index entries in submission order; submission records,
/// findings and the batch checks' signatures wait on disk until the end. A submission whose
/// verdict or finding kinds change in the batch-wide checks has its index entries restamped
/// from the committed index (nothing is read again).
///
/// The allocator's set-up is the caller's: intake's binary fixes glibc's mmap threshold before
/// it calls this (its `alloc.rs`: large transient blocks return to the system, so memory stays
/// flat as batches grow). A panic in a document's reading or a submission's checks is caught
/// and reported as its status ([`panic_is_caught`] tells a panic hook so).
pub fn run(batch: &Path, out: &Path, opts: &Options) -> Result<Summary, PipelineError> {
    let started = Instant::now();
    let cpu_at_start = profile::process_cpu_ns();
    if let Some(index) = &opts.index_into {
        out::check_archive_index(batch, index)?;
    }
    let books = match &opts.pipelines {
        Some(dir) => intake_rules::Rulebooks::load_pipelines(dir),
        None => intake_rules::Rulebooks::builtin(),
    }
    .map_err(PipelineError::Rules)?;
    let target = out::prepare(batch, out)?;
    let mut walked = walk::walk(batch).map_err(|source| PipelineError::Batch {
        path: batch.into(),
        source,
    })?;
    if let Some(path) = &opts.overrides {
        overrides::apply(path, batch, &mut walked, &books)?;
    }
    let thresholds = books.bunching_thresholds();
    let regimes = books.regimes();
    let reader = intake_facts::Reader::new();
    let total: u64 = walked
        .submissions
        .iter()
        .map(|s| s.files.len() as u64)
        .sum();
    let tracker = progress::Tracker::start(
        opts.progress.clone(),
        total,
        walked.submissions.len() as u64,
    );
    let tick = || tracker.file_done();
    let done = |o: &SubmissionOutcome| tracker.submission_done(o);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .thread_name(|i| format!("intake-worker{i}"))
        .build()
        .map_err(|e| PipelineError::Threads(Box::new(e)))?;
    let clock = submission::Clock::default();
    let budget = budget::Budget::new(pool.current_num_threads());
    let ctx = submission::Context {
        books: &books,
        thresholds: &thresholds,
        reader: &reader,
        limits: &opts.limits,
        tick: &tick,
        done: &done,
        phase: &|p: Phase| tracker.enter(p),
        clock: &clock,
        budget: &budget,
        documents_in_parallel: stream::few(walked.submissions.len(), pool.current_num_threads()),
    };
    let label = batch_label(batch);
    let mut staging = write::Staging::create(target, out)?;
    let result = stream::stream(&walked, &label, &pool, &ctx, &mut staging, opts);
    let stream::Streamed {
        kept,
        checker,
        pdf_pages,
        indexes,
        again,
    } = match result {
        Ok(r) => r,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    // OUT's files beside the indexes' last commit: two jobs of the pool (one after the other
    // with --jobs 1).
    let (indexed, written) = pool.join(
        || stream::finish_indexes(&ctx, &kept, &again, indexes),
        || {
            submission::Clock::time(&clock.report, || {
                clock.profile.thread(profile::Stage::Report, || {
                    staging.write_outputs(&label, &regimes, &kept, checker)
                })
            })
        },
    );
    if let Err(e) = indexed.and(written) {
        staging.abandon();
        return Err(e);
    }
    let mut summary = Summary {
        submissions: kept.len(),
        stray: walked.stray.len(),
        pdf_pages,
        ..Summary::default()
    };
    for k in &kept {
        summary.documents += k.record.documents.len();
        for d in &k.record.documents {
            match d.status {
                intake_model::DocStatus::Unreadable => summary.unreadable += 1,
                intake_model::DocStatus::Skipped => summary.skipped += 1,
                intake_model::DocStatus::Ok => {}
            }
        }
        summary.facts += k.facts;
        count_findings(&k.findings, &mut summary);
        summary.verdicts[match k.record.verdict {
            intake_model::Verdict::Pass => 0,
            intake_model::Verdict::Review => 1,
            intake_model::Verdict::Fail => 2,
        }] += 1;
    }
    let timed = |summary: &mut Summary| {
        summary.seconds = started.elapsed().as_secs_f64();
        summary.phase_seconds = tracker.seconds();
        let secs = submission::Clock::seconds;
        summary.stage_seconds = StageSeconds {
            read: secs(&clock.read),
            rules: secs(&clock.rules),
            integrity: secs(&clock.integrity),
            index: secs(&clock.index),
            report: secs(&clock.report),
        };
        summary.profile = clock.profile.times(cpu_at_start);
    };
    staging.publish(|| {
        // batch.json is written last: its times cover everything before it, and the summary
        // returned is the one it holds.
        timed(&mut summary);
        manifest::manifest(&label, &walked, &summary)
    })?;
    Ok(summary)
}

/// A batch's label in archives and the index: its folder name.
fn batch_label(batch: &Path) -> String {
    let canonical = batch.canonicalize().unwrap_or_else(|_| batch.to_path_buf());
    canonical
        .file_name()
        .map(names::escape)
        .unwrap_or_else(|| "batch".into())
}

fn count_findings(findings: &[Finding], summary: &mut Summary) {
    for f in findings {
        summary.findings[match f.severity {
            Severity::Fail => 0,
            Severity::Warn => 1,
            Severity::Info => 2,
        }] += 1;
        *summary.findings_by_kind.entry(f.kind.as_str()).or_default() += 1;
    }
}
