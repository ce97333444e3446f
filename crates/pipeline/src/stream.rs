//! The chunked pass: workers read a chunk of submissions while one writer thread writes the
//! previous chunk's facts and index entries; then the batch-wide checks and the index fix-ups.

use intake_model::Finding;
use rayon::prelude::*;

use crate::profile::Stage;
use crate::{Options, PipelineError, SubmissionOutcome, submission, walk, write};

/// Submissions processed per chunk and worker thread: each chunk is read in parallel, then
/// written (facts, index entries) and dropped, so memory holds a few chunks' documents at most.
pub(crate) const CHUNK_PER_JOB: usize = 4;

/// The chunked pass over the batch, the batch-wide checks, and the index fix-ups; returns what
/// is kept of each submission (final records and findings), the batch checker (whose archive
/// OUT keeps), and the
/// number of PDF pages read.
pub(crate) fn stream(
    walked: &walk::Batch,
    label: &str,
    pool: &rayon::ThreadPool,
    ctx: &submission::Context,
    staging: &mut write::Staging,
    opts: &Options,
) -> Result<(Vec<write::Kept>, intake_integrity::BatchChecker, usize), PipelineError> {
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
    // Workers read chunk k+1 while this writer thread writes chunk k: at most three chunks of
    // documents are alive (being read, queued, being written).
    let (tx, rx) = std::sync::mpsc::sync_channel::<
        Vec<(SubmissionOutcome, intake_integrity::PreparedSubmission)>,
    >(1);
    let written = std::thread::scope(|scope| {
        let budget = ctx.budget;
        let writer = std::thread::Builder::new()
            .name("intake-writer".into())
            .spawn_scoped(scope, move || {
                write_chunks(rx, staging, checker, indexes, clock, budget)
            })
            .map_err(|e| PipelineError::Threads(Box::new(e)))?;
        for subs in walked.submissions.chunks(chunk) {
            let outcomes = pool.install(|| {
                subs.par_iter()
                    .map(|s| {
                        let mut o = submission::process(s, ctx);
                        (ctx.done)(&o);
                        let p = submission::prepare(&mut o, ctx);
                        (o, p)
                    })
                    .collect()
            });
            if tx.send(outcomes).is_err() {
                break; // the writer failed: its error is reported below
            }
        }
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
    // The archive is written (streamed from the spill files) when OUT is written.
    let own_archive = checker;
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
    restamp(ctx, &kept, &again, &mut indexes)?;
    submission::Clock::time(&clock.index, || {
        profile.process(Stage::Index, || indexes.finish())
    })?;
    Ok((kept, own_archive, pdf_pages))
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
    rx: std::sync::mpsc::Receiver<Vec<(SubmissionOutcome, intake_integrity::PreparedSubmission)>>,
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
