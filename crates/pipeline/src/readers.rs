//! The threads documents are read on, kept for the next document instead of started and ended
//! for each one. A document is read on a thread of its own so that its watchdog can abandon it
//! (`document.rs`); starting and ending that thread for every document left a core idle after
//! each one (the ended thread's core waited for the next runnable thread: about 1.6% of a
//! core at 2,000 submissions) and cost the new thread's first allocations. A thread the
//! watchdog abandoned is simply not waited for: if it ever finishes, it is kept like any
//! other.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::Duration;

/// A document's work. It is given `idle`, to call once its result is made and just before
/// sending it: the thread is then already free for the next document when the caller wakes.
pub(crate) type Job = Box<dyn FnOnce(&dyn Fn()) + Send>;

/// Threads waiting for a job: each by its number and the sender of its job channel.
static IDLE: Mutex<Vec<(u64, SyncSender<Job>)>> = Mutex::new(Vec::new());
/// Numbers of reader threads, so that one can find itself in [`IDLE`].
static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How long an idle thread waits for a job before it ends: a batch keeps its threads busy, and
/// a long-lived process does not keep idle ones.
const KEEP: Duration = Duration::from_secs(10);

/// Stack of a reader thread: the extractors recurse over nested objects, bounded by
/// `Limits::max_depth`.
const STACK: usize = 16 << 20;

/// Runs `job` on an idle reader thread, or on a new one named `intake-extract`. Errors: the
/// thread could not be started (the message says so, for the document's record).
pub(crate) fn run(mut job: Job) -> Result<(), String> {
    loop {
        let idle = lock().pop();
        let Some((_, tx)) = idle else { break };
        // A thread in IDLE has not ended (it takes itself out first) and its channel is
        // empty (it was put back only after taking its last job): the send succeeds.
        match tx.try_send(job) {
            Ok(()) => return Ok(()),
            Err(TrySendError::Full(j) | TrySendError::Disconnected(j)) => job = j,
        }
    }
    let (tx, rx) = sync_channel::<Job>(1);
    let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tx.send(job)
        .map_err(|_| "internal error: cannot hand a document to its reader thread".to_string())?;
    std::thread::Builder::new()
        .name("intake-extract".into())
        .stack_size(STACK)
        .spawn(move || serve(id, &tx, &rx))
        .map(drop)
        .map_err(|e| format!("internal error: cannot start a reader thread: {e}"))
}

/// A reader thread's life: each job in turn, putting itself back in [`IDLE`] before the job
/// sends its result; ends after [`KEEP`] without a job.
fn serve(id: u64, tx: &SyncSender<Job>, rx: &Receiver<Job>) {
    let idle = || lock().push((id, tx.clone()));
    loop {
        match rx.recv_timeout(KEEP) {
            Ok(job) => {
                let back = std::cell::Cell::new(false);
                job(&|| {
                    if !back.replace(true) {
                        idle();
                    }
                });
                // A job that did not say so (it cannot, without a result) is done all the same.
                if !back.get() {
                    idle();
                }
            }
            Err(_) => {
                let mut list = lock();
                if let Some(at) = list.iter().position(|(i, _)| *i == id) {
                    list.swap_remove(at);
                    return;
                }
                // Taken from IDLE just now: its job is on the way.
            }
        }
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<(u64, SyncSender<Job>)>> {
    IDLE.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    /// The thread each job ran on, for jobs run one after another (each waits for the last).
    fn threads_of(n: usize) -> Vec<std::thread::ThreadId> {
        (0..n)
            .map(|_| {
                let (tx, rx) = channel();
                run(Box::new(move |idle: &dyn Fn()| {
                    idle();
                    let _ = tx.send(std::thread::current().id());
                }))
                .unwrap();
                rx.recv().unwrap()
            })
            .collect()
    }

    #[test]
    fn a_thread_is_kept_for_the_next_document() {
        let seen = threads_of(20);
        let mut distinct = seen.clone();
        distinct.sort_by_key(|t| format!("{t:?}"));
        distinct.dedup();
        // Other tests of this process may take a kept thread meanwhile; most jobs reuse one.
        assert!(
            distinct.len() < 10,
            "{} threads for 20 jobs",
            distinct.len()
        );
        assert!(seen.iter().all(|t| *t != std::thread::current().id()));
    }

    #[test]
    fn an_abandoned_thread_does_not_hold_the_next_document() {
        let (hold, held) = channel::<()>();
        let (started, start) = channel();
        // A job that never calls `idle` until released: its thread is busy, as one the
        // watchdog abandoned would be.
        run(Box::new(move |idle: &dyn Fn()| {
            started.send(()).unwrap();
            let _ = held.recv();
            idle();
        }))
        .unwrap();
        start.recv().unwrap();
        let (tx, rx) = channel();
        run(Box::new(move |idle: &dyn Fn()| {
            idle();
            let _ = tx.send(7);
        }))
        .unwrap();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)), Ok(7));
        drop(hold);
    }
}
