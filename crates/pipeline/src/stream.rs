//! The streamed pass: workers read submissions a little ahead of one writer thread, which
//! writes their facts and index entries in submission order, a chunk at a time; then the
//! batch-wide checks and the index fix-ups.

use intake_model::Finding;

use crate::profile::Stage;
use crate::{Options, PipelineError, SubmissionOutcome, submission, walk, write};

/// Submissions handed to the writer per chunk and worker thread: each chunk is written (facts,
/// index entries) and dropped, so memory holds a few chunks' documents at most.
pub(crate) const CHUNK_PER_JOB: usize = 4;

/// Whether `n` submissions are too few to keep `threads` workers busy one submission each:
/// fewer than the streamed pass's window ([`in_order`]: two chunks). Then a submission's
/// documents are read in parallel instead (`submission::Context::documents_in_parallel`).
pub(crate) fn few(n: usize, threads: usize) -> bool {
    n < 2 * threads.max(1) * CHUNK_PER_JOB
}

/// What the streamed pass leaves for OUT's last steps.
pub(crate) struct Streamed {
    /// Each submission's final record and findings, in submission order.
    pub kept: Vec<write::Kept>,
    /// The batch checker, whose archive OUT keeps.
    pub checker: intake_integrity::BatchChecker,
    /// PDF pages read.
    pub pdf_pages: usize,
    /// The indexes, every entry added, not yet committed.
    pub indexes: write::Indexes,
    /// The submissions (places in `kept`) whose verdict or finding kinds the batch checks
    /// changed: their index entries are restamped ([`finish_indexes`]).
    pub again: Vec<usize>,
}

/// The streamed pass over the batch and the batch-wide checks; OUT's files and the indexes'
/// last commit are left to the caller ([`finish_indexes`], `write::Staging`), which may run
/// them side by side.
pub(crate) fn stream(
    walked: &walk::Batch,
    label: &str,
    pool: &rayon::ThreadPool,
    ctx: &submission::Context,
    staging: &mut write::Staging,
    opts: &Options,
) -> Result<Streamed, PipelineError> {
    let clock = ctx.clock;
    let indexes = write::Indexes::open(
        staging.tmp(),
        opts.index_into.as_deref(),
        label,
        // One indexing thread: the writer thread and the index threads share one permit
        // (`budget.rs`), and more indexing threads would only run beside it.
        1,
    )?;
    let spill_dir = staging.tmp().to_path_buf();
    let checker = submission::checker(&opts.archives, &spill_dir, ctx.books)?;
    let chunk = pool.current_num_threads().max(1) * CHUNK_PER_JOB;
    // Workers read ahead of this writer thread by at most a window of submissions; the writer
    // takes them in order, a chunk at a time.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ReadSubmission>>(1);
    let written = std::thread::scope(|scope| {
        let budget = ctx.budget;
        let writer = std::thread::Builder::new()
            .name("intake-writer".into())
            .spawn_scoped(scope, move || {
                write_chunks(rx, staging, checker, indexes, clock, budget)
            })
            .map_err(|e| PipelineError::Threads(Box::new(e)))?;
        feed(&walked.submissions, pool, ctx, chunk, &tx);
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
    })?;
    let (spilled, mut checker, mut indexes, pdf_pages) = written;
    (ctx.phase)(crate::Phase::BatchChecks);
    // The batch checks run with the index writer idle: its heap goes to disk first, and only
    // then are the kept records read back.
    let profile = &clock.profile;
    submission::Clock::time(&clock.index, || {
        let _t = profile.process_timer(Stage::Index);
        indexes.flush_private()?;
        // Merges the commit started would run beside the batch checks' --jobs threads.
        ctx.budget.settle_index();
        Ok::<_, PipelineError>(())
    })?;
    // On the pool: the copied-text alignment runs on --jobs threads.
    let found = submission::Clock::time(&clock.integrity, || {
        profile.process(Stage::BatchChecks, || pool.install(|| checker.finish()))
    })
    .map_err(|source| PipelineError::Checks {
        path: spill_dir.clone(),
        source,
    })?;
    (ctx.phase)(crate::Phase::Write);
    let mut kept = profile.process(Stage::Jsonl, || spilled.load())?;
    let mut by_sub: std::collections::BTreeMap<String, Vec<Finding>> =
        std::collections::BTreeMap::new();
    for f in found {
        by_sub.entry(f.submission.clone()).or_default().push(f);
    }
    let mut again = Vec::new();
    for (i, k) in kept.iter_mut().enumerate() {
        if let Some(list) = by_sub.remove(&k.record.submission) {
            k.findings.extend(list);
        }
        let (verdict, decided_by) = intake_rules::verdict(&k.findings);
        let kinds = submission::kinds(&k.findings);
        if verdict != k.record.verdict || kinds != k.indexed_kinds {
            again.push(i);
        }
        k.record.verdict = verdict;
        k.record.decided_by = decided_by;
        k.indexed_kinds = kinds;
    }
    Ok(Streamed {
        kept,
        checker,
        pdf_pages,
        indexes,
        again,
    })
}

/// The indexes' last steps: the entries of the submissions `again` restamped with their final
/// record and finding kinds, then every index committed. Timed on this thread (the index
/// writer's own threads count as theirs): it may run beside OUT's files.
pub(crate) fn finish_indexes(
    ctx: &submission::Context,
    kept: &[write::Kept],
    again: &[usize],
    mut indexes: write::Indexes,
) -> Result<(), PipelineError> {
    let clock = ctx.clock;
    restamp(ctx, kept, again, &mut indexes)?;
    submission::Clock::time(&clock.index, || {
        clock.profile.thread(Stage::Index, || indexes.finish())
    })
}

/// A submission as read by a worker: its outcome and what the batch checks keep of it.
type ReadSubmission = (SubmissionOutcome, intake_integrity::PreparedSubmission);

/// Reads `subs` on the pool and hands them to the writer (`tx`) in submission order (see
/// [`in_order`]); stops handing on when the writer has ended early (its error is reported by
/// whoever joins it).
fn feed(
    subs: &[walk::SubmissionDir],
    pool: &rayon::ThreadPool,
    ctx: &submission::Context,
    chunk: usize,
    tx: &std::sync::mpsc::SyncSender<Vec<ReadSubmission>>,
) {
    let read = |i: usize| {
        let mut o = submission::process(&subs[i], ctx);
        (ctx.done)(&o);
        let p = submission::prepare(&mut o, ctx);
        (o, p)
    };
    in_order(pool, subs.len(), chunk, read, |run| tx.send(run).is_ok());
}

/// Runs `work(0..n)` on the pool and hands the results to `hand` in index order, in runs of at
/// least `chunk` (all that are ready; the last run may be shorter). At most `2 × chunk` items
/// are started ahead of what was handed on: a worker that finishes one takes the next at once,
/// so none waits for the slowest item of a chunk, and memory holds a few chunks' results at
/// most. `hand` returning `false` stops it (the items started finish, their results dropped).
/// A panic in `work` is raised again here once the items started have finished.
fn in_order<T: Send>(
    pool: &rayon::ThreadPool,
    n: usize,
    chunk: usize,
    work: impl Fn(usize) -> T + Sync,
    mut hand: impl FnMut(Vec<T>) -> bool,
) {
    let chunk = chunk.max(1);
    let window = 2 * chunk;
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, std::thread::Result<T>)>();
    let work = &work;
    // Spawned from this thread, outside the pool: it waits on `done_rx` without holding a
    // worker (a worker waiting there could be running, beneath, the item it waits for).
    pool.in_place_scope_fifo(|scope| {
        // Items started, items in order (in `run` or handed on), items handed on.
        let (mut started, mut next, mut given) = (0, 0, 0);
        let mut ready = std::collections::BTreeMap::new();
        let mut run = Vec::with_capacity(chunk);
        while given < n {
            while started < n && started - given < window {
                let (i, done) = (started, done_tx.clone());
                scope.spawn_fifo(move |_| {
                    // Caught so that the loop waiting for it always hears back.
                    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(i)));
                    let _ = done.send((i, out));
                });
                started += 1;
            }
            let Ok((i, out)) = done_rx.recv() else {
                break; // unreachable: this loop holds a sender
            };
            ready.insert(i, out.unwrap_or_else(|p| std::panic::resume_unwind(p)));
            while let Some(out) = ready.remove(&next) {
                run.push(out);
                next += 1;
            }
            if run.len() >= chunk || (next == n && !run.is_empty()) {
                given += run.len();
                if !hand(std::mem::replace(&mut run, Vec::with_capacity(chunk))) {
                    break;
                }
            }
        }
    });
}

/// What the writer thread hands back: the kept submissions, the batch checker fed with every
/// submission, the open indexes, and the PDF pages read.
type Written = (
    write::KeptSpill,
    intake_integrity::BatchChecker,
    write::Indexes,
    usize,
);

/// The writer thread: per chunk, in submission order, writes facts and index entries, feeds the
/// batch checker, and keeps the record and findings.
fn write_chunks(
    rx: std::sync::mpsc::Receiver<Vec<ReadSubmission>>,
    staging: &mut write::Staging,
    mut checker: intake_integrity::BatchChecker,
    mut indexes: write::Indexes,
    clock: &submission::Clock,
    budget: &crate::budget::Budget,
) -> Result<Written, PipelineError> {
    let mut kept = write::KeptSpill::create(staging.tmp())?;
    let mut pdf_pages = 0;
    for (i, outcomes) in rx.into_iter().enumerate() {
        // Every 16 chunks, pages freed between kept blocks go back to the system, so resident
        // memory does not creep up over a long batch (at 5,000 submissions: about 5 MB less).
        if i % 16 == 15 {
            crate::alloc::trim();
        }
        // The chunk is written holding one permit, kept until the index threads have
        // indexed it: writer and index threads are one job of the budget.
        let _permit = budget.acquire();
        for (mut o, prepared) in outcomes {
            let jsonl = clock.profile.timer(Stage::Jsonl);
            checker.add_prepared(prepared);
            staging.facts(&o.facts)?;
            // Index entries carry the verdict: provisional here, fixed after the batch checks.
            let (verdict, decided_by) = intake_rules::verdict(&o.findings);
            o.record.verdict = verdict;
            o.record.decided_by = decided_by;
            let kinds = submission::kinds(&o.findings);
            drop(jsonl);
            submission::Clock::time(&clock.index, || {
                let _t = clock.profile.timer(Stage::Index);
                indexes.add(&o.record, &o.facts, &kinds, &o.documents, &o.prepared)
            })?;
            let _jsonl = clock.profile.timer(Stage::Jsonl);
            pdf_pages += o
                .record
                .documents
                .iter()
                .filter(|d| d.format == intake_model::Format::Pdf.as_str())
                .filter_map(|d| d.pages)
                .sum::<u32>() as usize;
            kept.push(&write::Kept {
                record: o.record,
                findings: o.findings,
                indexed_kinds: kinds,
                facts: o.facts.len(),
            })?;
        }
        // The chunk's entries go to the index threads only now, and this thread waits for
        // them: building entries here and indexing them there never overlap.
        clock.profile.thread(Stage::Index, || {
            indexes.send()?;
            // Told, not polled, up to the last entry: a poll's sleep would hold the permit
            // with the index thread done.
            indexes.wait_indexed();
            budget.settle_index();
            Ok::<_, PipelineError>(())
        })?;
    }
    Ok((kept, checker, indexes, pdf_pages))
}

/// Restamps the index entries of the submissions whose verdict or finding kinds the batch checks
/// changed: their entries are read back from OUT's committed index and written again with the
/// final record, in every index (nothing is extracted or read again).
fn restamp(
    ctx: &submission::Context,
    kept: &[write::Kept],
    again: &[usize],
    indexes: &mut write::Indexes,
) -> Result<(), PipelineError> {
    if again.is_empty() {
        return Ok(());
    }
    let _permit = ctx.budget.acquire();
    let _t = ctx.clock.profile.timer(Stage::Index);
    submission::Clock::time(&ctx.clock.index, || {
        indexes.restamp(
            again
                .iter()
                .map(|&i| (&kept[i].record, &kept[i].indexed_kinds[..])),
        )
    })?;
    ctx.budget.settle_index();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{CHUNK_PER_JOB, few, in_order};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_order_in_runs_of_a_chunk_and_never_too_far_ahead() {
        let (n, chunk) = (37, 4);
        let handed = AtomicUsize::new(0);
        let ahead = AtomicUsize::new(0);
        let mut runs: Vec<Vec<usize>> = Vec::new();
        in_order(
            &pool(3),
            n,
            chunk,
            |i| {
                // Later items finish first within each stretch of five.
                let lead = i + 1 - handed.load(Ordering::SeqCst);
                ahead.fetch_max(lead, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis((5 - i % 5) as u64 * 2));
                i
            },
            |run| {
                handed.fetch_add(run.len(), Ordering::SeqCst);
                runs.push(run);
                true
            },
        );
        let all: Vec<usize> = runs.iter().flatten().copied().collect();
        assert_eq!(all, (0..n).collect::<Vec<_>>());
        let (last, whole) = runs.split_last().unwrap();
        assert!(whole.iter().all(|r| r.len() >= chunk), "{runs:?}");
        assert!(!last.is_empty());
        let most = ahead.load(Ordering::SeqCst);
        assert!(
            most <= 2 * chunk,
            "an item started {most} ahead of those handed on"
        );
        assert!(most > 1, "items ran one at a time");
    }

    #[test]
    fn a_refused_run_stops_new_work() {
        let calls = AtomicUsize::new(0);
        let mut runs = 0;
        in_order(
            &pool(2),
            100,
            3,
            |i| calls.fetch_add(1, Ordering::SeqCst) + i,
            |_| {
                runs += 1;
                false
            },
        );
        assert_eq!(runs, 1);
        // No more than the window's items were ever started.
        assert!(calls.load(Ordering::SeqCst) <= 2 * 3, "{calls:?}");
    }

    #[test]
    fn a_panic_in_the_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| {
            in_order(&pool(2), 20, 2, |i| assert!(i != 7, "item seven"), |_| true)
        });
        let payload = caught.expect_err("the panic was lost");
        let text = (payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(text.contains("item seven"), "{text}");
    }

    #[test]
    fn documents_go_in_parallel_only_where_submissions_cannot_fill_the_window() {
        // The window is two chunks: 2 × 4 submissions per worker.
        assert_eq!(CHUNK_PER_JOB, 4);
        assert!(few(15, 2) && !few(16, 2));
        assert!(few(7, 1) && !few(8, 1));
        assert!(few(1, 0), "no threads counts as one");
        assert!(!few(2000, 2));
    }
}
