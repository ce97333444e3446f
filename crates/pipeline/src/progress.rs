//! Where a run stands, told to the caller as it goes ([`crate::Options::progress`]).
//!
//! Workers report from many threads at once: the counts are atomics, and every report hands the
//! callback a consistent-enough snapshot ([`Progress`]); throttling what is shown is the
//! caller's business (a terminal bar redraws at its own pace, a log wants a line every few
//! seconds).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use intake_model::{DocStatus, Verdict};

use crate::SubmissionOutcome;

/// The three phases of a run, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Reading every document (extract, facts, rules, per-submission integrity, index entries).
    Read,
    /// The checks across submissions and against earlier batches (copied text, one per cycle).
    BatchChecks,
    /// Re-indexing what the batch checks changed, writing findings, submissions, the report,
    /// the archive and batch.json, and publishing OUT.
    Write,
}

/// A snapshot of a run's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The phase the run is in.
    pub phase: Phase,
    /// Files read so far (documents, unreadable and skipped files alike).
    pub files_done: u64,
    /// Files in the batch.
    pub files_total: u64,
    /// Submissions whose documents have all been read and checked.
    pub submissions_done: u64,
    /// Submissions in the batch.
    pub submissions_total: u64,
    /// Submissions done whose verdict so far is `fail` (before the batch checks, which may add
    /// findings).
    pub failed: u64,
    /// Files that could not be read, in the submissions done.
    pub unreadable: u64,
}

/// A progress callback; called from worker threads, so it must be cheap or throttle itself.
pub type ProgressFn = std::sync::Arc<dyn Fn(&Progress) + Send + Sync>;

/// Wall seconds per phase ([`crate::Summary::phase_seconds`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PhaseSeconds {
    /// Reading documents.
    pub read: f64,
    /// The batch-wide checks.
    pub batch_checks: f64,
    /// Writing and publishing OUT.
    pub write: f64,
}

/// The run's counters and the caller's callback.
pub(crate) struct Tracker {
    callback: Option<ProgressFn>,
    files_total: u64,
    submissions_total: u64,
    files: AtomicU64,
    submissions: AtomicU64,
    failed: AtomicU64,
    unreadable: AtomicU64,
    /// The current phase and when each phase began.
    phases: Mutex<(Phase, Vec<(Phase, Instant)>)>,
}

impl Tracker {
    /// Starts in [`Phase::Read`] and tells the callback the totals.
    pub fn start(callback: Option<ProgressFn>, files_total: u64, submissions_total: u64) -> Self {
        let t = Tracker {
            callback,
            files_total,
            submissions_total,
            files: AtomicU64::new(0),
            submissions: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            unreadable: AtomicU64::new(0),
            phases: Mutex::new((Phase::Read, vec![(Phase::Read, Instant::now())])),
        };
        t.report();
        t
    }

    /// One file read.
    pub fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.report();
    }

    /// One submission read and checked.
    pub fn submission_done(&self, o: &SubmissionOutcome) {
        let unreadable = o
            .record
            .documents
            .iter()
            .filter(|d| d.status == DocStatus::Unreadable)
            .count() as u64;
        self.unreadable.fetch_add(unreadable, Ordering::Relaxed);
        if intake_rules::verdict(&o.findings).0 == Verdict::Fail {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        self.submissions.fetch_add(1, Ordering::Relaxed);
        self.report();
    }

    /// The run enters `phase`.
    pub fn enter(&self, phase: Phase) {
        {
            let mut p = self.phases.lock().unwrap_or_else(|e| e.into_inner());
            p.0 = phase;
            p.1.push((phase, Instant::now()));
        }
        self.report();
    }

    /// Wall seconds of each phase up to now.
    pub fn seconds(&self) -> PhaseSeconds {
        let p = self.phases.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let mut s = PhaseSeconds::default();
        for (i, (phase, began)) in p.1.iter().enumerate() {
            let end = p.1.get(i + 1).map_or(now, |(_, t)| *t);
            let secs = end.duration_since(*began).as_secs_f64();
            match phase {
                Phase::Read => s.read += secs,
                Phase::BatchChecks => s.batch_checks += secs,
                Phase::Write => s.write += secs,
            }
        }
        s
    }

    fn report(&self) {
        let Some(callback) = &self.callback else {
            return;
        };
        let phase = self.phases.lock().unwrap_or_else(|e| e.into_inner()).0;
        callback(&Progress {
            phase,
            files_done: self.files.load(Ordering::Relaxed),
            files_total: self.files_total,
            submissions_done: self.submissions.load(Ordering::Relaxed),
            submissions_total: self.submissions_total,
            failed: self.failed.load(Ordering::Relaxed),
            unreadable: self.unreadable.load(Ordering::Relaxed),
        });
    }
}
