//! The per-stage profile of a run (issue 23): wall and CPU time of each stage, so `--jobs` and
//! throughput changes can be told apart from load on the machine.
//!
//! CPU time is the thread's own (`CLOCK_THREAD_CPUTIME_ID`) for work done beside other work
//! (reading, writing chunks), and the whole process's (`getrusage(RUSAGE_SELF)`) for phases
//! where one stage runs alone (the batch checks on the pool, the index commit, the archive).
//! What no stage measured — the index writer's own threads while chunks are read — is reported
//! as `index_threads`: the process's CPU time less every stage's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// A stage of the profile, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// PDF, DOCX, TXT → Document (extract crate, OCR included).
    Extract,
    /// Document → facts (facts crate), and the submission's fact resolution.
    Facts,
    /// Regime detection and rulebook evaluation.
    Rules,
    /// Per-submission integrity checks and the batch checks' signatures (fingerprints, MinHash).
    Prepare,
    /// Index entries tokenised on the document's worker (jieba words and bigrams), ahead of
    /// the index writer.
    Tokenise,
    /// The writer thread: facts.jsonl, kept records and findings, the batch checker's spill.
    Jsonl,
    /// Handing entries to the index writer, waiting for it, commits and re-indexing.
    Index,
    /// The index writer's own threads while chunks are read (process CPU less every stage's).
    IndexThreads,
    /// The batch-wide checks (copied text, identities across submissions).
    BatchChecks,
    /// OUT written: findings, submissions, report.html, text/, the integrity archive.
    Report,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] = [
        Stage::Extract,
        Stage::Facts,
        Stage::Rules,
        Stage::Prepare,
        Stage::Tokenise,
        Stage::Jsonl,
        Stage::Index,
        Stage::IndexThreads,
        Stage::BatchChecks,
        Stage::Report,
    ];

    /// The stage's name in batch.json (`timing.profile`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Extract => "extract",
            Stage::Facts => "facts",
            Stage::Rules => "rules",
            Stage::Prepare => "integrity_prepare",
            Stage::Tokenise => "index_tokenise",
            Stage::Jsonl => "writer_jsonl",
            Stage::Index => "writer_index",
            Stage::IndexThreads => "index_threads",
            Stage::BatchChecks => "batch_checks",
            Stage::Report => "writer_report_archive",
        }
    }
}

/// One stage's time: `wall` summed over the threads that ran it (seconds; several workers make
/// it exceed the run's wall time), `cpu` user + system seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageTime {
    /// The stage.
    pub stage: Stage,
    /// Wall seconds, summed over threads.
    pub wall: f64,
    /// CPU seconds (user + system).
    pub cpu: f64,
}

/// Nanoseconds of wall and CPU time per stage, added to by every thread.
#[derive(Default)]
pub(crate) struct Profile {
    wall: [AtomicU64; Stage::ALL.len()],
    cpu: [AtomicU64; Stage::ALL.len()],
}

impl Profile {
    /// Adds `wall` and `cpu` nanoseconds to `stage`.
    pub fn add(&self, stage: Stage, wall: u64, cpu: u64) {
        let i = stage as usize;
        self.wall[i].fetch_add(wall, Ordering::Relaxed);
        self.cpu[i].fetch_add(cpu, Ordering::Relaxed);
    }

    /// Runs `f` on this thread, adding its wall and this thread's CPU time to `stage`.
    pub fn thread<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let _t = self.timer(stage);
        f()
    }

    /// Times this thread until the returned guard is dropped (as [`thread`](Profile::thread)).
    pub fn timer(&self, stage: Stage) -> Timer<'_> {
        Timer {
            profile: self,
            stage,
            at: (Instant::now(), thread_cpu_ns()),
            whole: false,
        }
    }

    /// Times the whole process until the returned guard is dropped (as
    /// [`process`](Profile::process)).
    pub fn process_timer(&self, stage: Stage) -> Timer<'_> {
        Timer {
            profile: self,
            stage,
            at: (Instant::now(), process_cpu_ns()),
            whole: true,
        }
    }

    /// Runs `f`, adding its wall and the whole process's CPU time to `stage`: for phases where
    /// nothing else runs (the CPU of the pool's threads and the index writer's counts).
    pub fn process<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let _t = self.process_timer(stage);
        f()
    }

    /// Every stage's time; `index_threads` gets the process's CPU time since `cpu_at_start`
    /// that no stage measured.
    pub fn times(&self, cpu_at_start: u64) -> Vec<StageTime> {
        let ns = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let measured: u64 = self.cpu.iter().map(ns).sum();
        let rest = process_cpu_ns()
            .saturating_sub(cpu_at_start)
            .saturating_sub(measured);
        Stage::ALL
            .iter()
            .map(|&stage| {
                let i = stage as usize;
                let extra = if stage == Stage::IndexThreads {
                    rest
                } else {
                    0
                };
                StageTime {
                    stage,
                    wall: ns(&self.wall[i]) as f64 / 1e9,
                    cpu: (ns(&self.cpu[i]) + extra) as f64 / 1e9,
                }
            })
            .collect()
    }
}

/// A running [`Profile::timer`]: adds the thread's time to its stage when dropped.
pub(crate) struct Timer<'a> {
    profile: &'a Profile,
    stage: Stage,
    at: (Instant, u64),
    /// The process's CPU time, not the thread's.
    whole: bool,
}

impl Drop for Timer<'_> {
    fn drop(&mut self) {
        let wall = self.at.0.elapsed().as_nanos() as u64;
        let now = if self.whole {
            process_cpu_ns()
        } else {
            thread_cpu_ns()
        };
        let cpu = now.saturating_sub(self.at.1);
        self.profile.add(self.stage, wall, cpu);
    }
}

/// This thread's CPU time in nanoseconds (0 where it cannot be read).
pub(crate) fn thread_cpu_ns() -> u64 {
    clock_ns(CpuClock::Thread)
}

/// The process's CPU time (user + system, every thread) in nanoseconds (0 where unknown).
pub(crate) fn process_cpu_ns() -> u64 {
    clock_ns(CpuClock::Process)
}

enum CpuClock {
    Thread,
    Process,
}

#[cfg(unix)]
fn clock_ns(which: CpuClock) -> u64 {
    let id = match which {
        CpuClock::Thread => libc::CLOCK_THREAD_CPUTIME_ID,
        CpuClock::Process => libc::CLOCK_PROCESS_CPUTIME_ID,
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock ids are POSIX constants.
    if unsafe { libc::clock_gettime(id, &mut ts) } != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(unix))]
fn clock_ns(_: CpuClock) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Busy until this thread has used `ms` of CPU (at most 5 s of wall on a loaded machine).
    fn spin(ms: u64) -> u64 {
        let (t, c) = (Instant::now(), thread_cpu_ns());
        let mut x = 0u64;
        while thread_cpu_ns() - c < ms * 1_000_000 && t.elapsed().as_secs() < 5 {
            x = x.wrapping_mul(31).wrapping_add(7);
        }
        x
    }

    #[test]
    fn busy_work_shows_as_cpu_and_sleep_does_not() {
        let p = Profile::default();
        let start = process_cpu_ns();
        p.thread(Stage::Rules, || spin(60));
        p.thread(Stage::Facts, || {
            std::thread::sleep(std::time::Duration::from_millis(60))
        });
        let t = p.times(start);
        let get = |s: Stage| t.iter().find(|x| x.stage == s).copied().unwrap();
        assert!(get(Stage::Rules).cpu >= 0.06, "{:?}", get(Stage::Rules));
        assert!(get(Stage::Facts).cpu < 0.02, "{:?}", get(Stage::Facts));
        assert!(get(Stage::Facts).wall >= 0.06);
        assert_eq!(t.len(), Stage::ALL.len());
    }
}
