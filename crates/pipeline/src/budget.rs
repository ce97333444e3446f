//! `--jobs N` as N cores of work: one budget of N permits shared by the workers reading
//! documents, the writer thread (facts, kept records, index entries) and the index writer's
//! own threads, so that `--jobs 1` leaves the other cores free.
//!
//! The workers and the writer take a permit around each piece of heavy work. The index writer
//! (tantivy) files postings and compresses on threads of its own (the entries come tokenised
//! from the workers, `intake_index::PreparedDoc`) that take no permit; the writer
//! thread holds its permit until those threads have gone idle ([`Budget::settle_index`]), so
//! the writer and the index threads together count as one job.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Permits for heavy work: at most `n` holders at once.
pub(crate) struct Budget {
    free: Mutex<usize>,
    freed: Condvar,
}

/// A held permit, given back when dropped.
pub(crate) struct Permit<'a>(&'a Budget);

impl Budget {
    /// A budget of `n` permits (at least 1).
    pub fn new(n: usize) -> Budget {
        Budget {
            free: Mutex::new(n.max(1)),
            freed: Condvar::new(),
        }
    }

    /// Waits for a permit. Never call while holding one (with `n` = 1 that waits forever).
    pub fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        *free -= 1;
        Permit(self)
    }

    /// Runs `f` holding a permit.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        let _permit = self.acquire();
        f()
    }

    /// Returns once the index writer's threads (tantivy's indexing, doc-store compressor, merge
    /// and segment-updater threads) have been seen not running twice in a row ([`SETTLE_CONFIRM`]
    /// apart), or after [`SETTLE_LIMIT`]. While they run, looks again after `SETTLE_CONFIRM`,
    /// then at intervals doubling up to [`SETTLE_POLL`]. Called by a thread holding a permit,
    /// so their work counts against it. Where threads cannot be observed (no `/proc`), returns
    /// at once.
    pub fn settle_index(&self) {
        let deadline = Instant::now() + SETTLE_LIMIT;
        // The threads are listed once (a few dozen small reads); each poll then reads only
        // their `stat` files, so polling costs a few microseconds.
        let Some(stats) = index_threads() else {
            return;
        };
        let mut idle_seen = 0;
        // Looks soon at first (the threads are often about done), then less often.
        let mut poll = SETTLE_CONFIRM;
        while idle_seen < 2 && Instant::now() < deadline {
            if any_running(&stats) {
                idle_seen = 0;
            } else {
                idle_seen += 1;
            }
            match idle_seen {
                0 => {
                    std::thread::sleep(poll);
                    poll = (poll * 2).min(SETTLE_POLL);
                }
                1 => std::thread::sleep(SETTLE_CONFIRM),
                _ => {}
            }
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|p| p.into_inner());
        *free += 1;
        self.0.freed.notify_one();
    }
}

/// How often, at most, the index threads' state is looked at while waiting for them.
const SETTLE_POLL: Duration = Duration::from_micros(1000);
/// The first interval between looks, and between the two idle looks that end the wait: every
/// millisecond slept here after the index threads have ended is a core idle (`perf sched` at
/// 2,000 submissions, `--jobs 2`, with 1 ms throughout: up to 3% of a core).
const SETTLE_CONFIRM: Duration = Duration::from_micros(100);
/// Longest wait for the index threads (a throttle, not a correctness condition: a merge of
/// large segments may run longer, and then runs beside the next chunk).
const SETTLE_LIMIT: Duration = Duration::from_secs(5);

/// Name prefixes of tantivy's threads (`/proc/self/task/*/comm`, cut to 15 bytes by Linux):
/// `thrd-tantivy-index{i}`, `docstore-compressor-thread`, `merge_thread_{i}`, `segment_updater`.
const INDEX_THREADS: [&str; 4] = [
    "thrd-tantivy-in",
    "docstore-compr",
    "merge_thread_",
    "segment_updat",
];

/// The `stat` files of the index writer's threads (`/proc/self/task/*/stat`); `None` where
/// `/proc/self/task` cannot be read.
fn index_threads() -> Option<Vec<std::path::PathBuf>> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let mut out = Vec::new();
    for task in tasks.flatten() {
        let dir = task.path();
        let Ok(comm) = std::fs::read_to_string(dir.join("comm")) else {
            continue; // the thread ended meanwhile
        };
        if INDEX_THREADS.iter().any(|p| comm.starts_with(p)) {
            out.push(dir.join("stat"));
        }
    }
    Some(out)
}

/// Whether one of the threads of `stats` is running or ready to run (state `R`).
fn any_running(stats: &[std::path::PathBuf]) -> bool {
    let mut buf = [0u8; 512];
    stats.iter().any(|path| {
        use std::io::Read;
        let Ok(mut f) = std::fs::File::open(path) else {
            return false; // the thread ended
        };
        let n = f.read(&mut buf).unwrap_or(0);
        // `pid (comm) S …`: the state follows the last ')' (comm may hold one).
        let stat = &buf[..n];
        let after = stat.iter().rposition(|&b| b == b')').map_or(n, |i| i + 2);
        stat.get(after) == Some(&b'R')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn never_more_holders_than_permits() {
        let budget = Budget::new(2);
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    for _ in 0..50 {
                        budget.run(|| {
                            let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(n, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_micros(100));
                            now.fetch_sub(1, Ordering::SeqCst);
                        });
                    }
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn settling_returns_without_index_threads() {
        let t = Instant::now();
        Budget::new(1).settle_index();
        assert!(t.elapsed() < SETTLE_LIMIT);
    }
}
