//! Writing entries: creating an index or appending a batch to an archive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::Count;
use tantivy::indexer::UserOperation;
use tantivy::merge_policy::LogMergePolicy;
use tantivy::query::{BooleanQuery, Occur, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::IndexError;
use crate::ahead::TokenCache;
use crate::analyzer::{register_ahead, register_index_analyzers};
pub use crate::docs::IndexDoc;
use crate::docs::{FACTS_RECORD, facts_record, shared_fields};
use crate::entries::entries;
use crate::schema::{self, Fields};

/// Entries [`BatchWriter::add`] keeps before it sends them itself (a page of text each: a few
/// megabytes; a pipeline chunk holds fewer).
pub const MAX_PENDING: usize = 4096;
/// Entries handed to the indexing thread in one message (`IndexWriter::run`). Sent one by one,
/// the indexing thread outran the sender and slept between entries, thousands of times a
/// second, each time leaving a core idle for a moment. tantivy checks its heap between
/// messages, so a segment may pass the heap by one group (a few hundred kilobytes).
const SEND_GROUP: usize = 256;
/// How long [`BatchWriter::wait_indexed`] waits for the indexing thread to take the next
/// entry's tokens before it leaves the watching to its caller: it takes them every few
/// microseconds while it files entries.
const TAKE_STALL: std::time::Duration = std::time::Duration::from_millis(5);
/// Writer heap (bytes): tantivy's minimum is 15 MB per thread.
const WRITER_HEAP: usize = 64 * 1024 * 1024;
/// Segments with more entries than this are never merged. A merge reads its input segments
/// through mmap, so every page of them is resident in the process while it runs, and it costs
/// about half the CPU of indexing the entries again: merging the heap-sized segments of a
/// 5,000-submission batch (about 2,800 entries each) held up to several hundred megabytes and
/// made `--jobs 2` do a fifth more work than `--jobs 1`. Heap-sized segments stay as flushed
/// (about 120 for 5,000 submissions; a search still answers in milliseconds); the small ones (a
/// batch's last flush, re-added submissions) merge.
const MAX_ENTRIES_MERGED: usize = 2_000;

/// What [`write_index`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexStats {
    /// The batch id written.
    pub batch: String,
    /// Documents given.
    pub documents: usize,
    /// Entries written (PDF pages and DOCX/TXT block groups with text).
    pub entries: usize,
    /// Pages or block groups left out because they hold no text (scans without a text layer).
    pub empty: usize,
    /// Entries of an earlier write of the same batch id that this write replaced.
    pub replaced: u64,
    /// Entries in the whole index after the write (every batch; facts records not counted).
    pub total: u64,
}

pub(crate) fn tantivy_err(dir: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| IndexError::Tantivy {
        dir: dir.to_path_buf(),
        source,
    }
}

/// Opens the index in `dir` with the analyzers registered, checking its schema is ours.
pub(crate) fn open(dir: &Path) -> Result<(Index, Fields), IndexError> {
    let index = Index::open_in_dir(dir).map_err(tantivy_err(dir))?;
    let (schema, fields) = schema::build();
    if index.schema() != schema {
        let found: Vec<String> = index
            .schema()
            .fields()
            .map(|(_, e)| e.name().to_string())
            .collect();
        return Err(IndexError::SchemaMismatch {
            dir: dir.to_path_buf(),
            found: found.join(","),
        });
    }
    register_index_analyzers(index.tokenizers());
    Ok((index, fields))
}

/// The index directory for a path given by a user: `PATH/index` when it holds an index (an `OUT`
/// folder of `intake run`), else `PATH` itself (an archive).
pub fn resolve_index_dir(path: &Path) -> Result<PathBuf, IndexError> {
    let nested = path.join("index");
    if nested.join("meta.json").is_file() {
        Ok(nested)
    } else if path.join("meta.json").is_file() {
        Ok(path.to_path_buf())
    } else {
        Err(IndexError::NotFound {
            dir: path.to_path_buf(),
        })
    }
}

fn open_or_create(dir: &Path) -> Result<(Index, Fields), IndexError> {
    if dir.join("meta.json").is_file() {
        return open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
        dir: dir.to_path_buf(),
        source,
    })?;
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema).map_err(tantivy_err(dir))?;
    register_index_analyzers(index.tokenizers());
    Ok((index, fields))
}

/// Writes the entries of `docs` as batch `batch` into the index at `dir`.
///
/// Creates the index if `dir` holds none; otherwise *appends*: the entries of other batches stay
/// untouched (nothing is rebuilt), while entries of an earlier write of the same `batch` are
/// replaced, so re-running a batch does not duplicate it. One writer thread adds the entries in
/// the order given, so the same input gives the same entries and the same search results.
/// [`BatchWriter`] does the same a few documents at a time.
///
/// Errors: [`IndexError::SchemaMismatch`] if `dir` holds an index of another schema,
/// [`IndexError::Io`] / [`IndexError::Tantivy`] when the directory cannot be written or another
/// writer holds its lock.
pub fn write_index(
    dir: &Path,
    batch: &str,
    docs: &[IndexDoc<'_>],
) -> Result<IndexStats, IndexError> {
    let mut w = BatchWriter::open(dir, batch)?;
    w.add(docs)?;
    w.finish()
}

/// Writes one batch into an index a few documents at a time, in a fixed memory budget: the
/// tantivy writer's heap ([`WRITER_HEAP_BYTES`]); when it fills, a segment is flushed to disk.
/// Only segments of up to 2,000 entries are merged (a merge maps its inputs into memory).
/// Entries wait for [`send`](BatchWriter::send) in memory, at most [`MAX_PENDING`] of them.
///
/// [`open`](BatchWriter::open) removes an earlier write of the same batch id (the removal and
/// every addition become visible together at [`finish`](BatchWriter::finish));
/// [`remove_submission`](BatchWriter::remove_submission) withdraws what was added for one
/// submission, so it can be added again with its final record (a verdict changed by the
/// batch-wide checks).
pub struct BatchWriter {
    pub(crate) dir: PathBuf,
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    writer: IndexWriter<TantivyDocument>,
    pub(crate) batch: String,
    replaced: u64,
    documents: usize,
    empty: usize,
    /// Entries added per submission (so a removal can be accounted for).
    pub(crate) entries: BTreeMap<String, usize>,
    /// Submissions whose facts record was written.
    pub(crate) with_facts: BTreeSet<String>,
    /// Entries built by [`add`](BatchWriter::add) and not yet handed to the indexing thread
    /// ([`send`](BatchWriter::send)).
    pub(crate) pending: Vec<TantivyDocument>,
    /// Tokens of prepared entries waiting for the indexing thread (`content`, `content_bigram`).
    ahead: [Arc<TokenCache>; 2],
}

impl std::fmt::Debug for BatchWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchWriter")
            .field("dir", &self.dir)
            .field("batch", &self.batch)
            .field("documents", &self.documents)
            .finish_non_exhaustive()
    }
}

/// The index writer's heap in bytes: tantivy's minimum is 15 MB per thread; one thread writes.
pub const WRITER_HEAP_BYTES: usize = WRITER_HEAP;

impl BatchWriter {
    /// Opens (or creates) the index at `dir` for batch `batch`, removing that batch's earlier
    /// entries; one indexing thread. Errors as [`write_index`].
    pub fn open(dir: &Path, batch: &str) -> Result<BatchWriter, IndexError> {
        BatchWriter::open_with_threads(dir, batch, 1)
    }

    /// As [`open`](BatchWriter::open) with `threads` indexing threads (at least 1, at most
    /// [`WRITER_HEAP_BYTES`] / 16 MB) sharing the same heap: tokenising is most of the cost of
    /// writing an index, and one thread cannot keep up with several readers. Entries then land
    /// in several segments; search orders ties by place, so results do not depend on it.
    pub fn open_with_threads(
        dir: &Path,
        batch: &str,
        threads: usize,
    ) -> Result<BatchWriter, IndexError> {
        let (index, fields) = open_or_create(dir)?;
        let err = tantivy_err(dir);
        let threads = threads.clamp(1, WRITER_HEAP / (16 << 20));
        // Before the writer exists: its segment writers take the analyzers registered now.
        let ahead: [Arc<TokenCache>; 2] = Default::default();
        register_ahead(index.tokenizers(), ahead.clone());
        let writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(threads, WRITER_HEAP)
            .map_err(&err)?;
        let mut merges = LogMergePolicy::default();
        merges.set_max_docs_before_merge(MAX_ENTRIES_MERGED);
        writer.set_merge_policy(Box::new(merges));
        let before = index.reader().map_err(&err)?.searcher();
        let batch_term = Term::from_field_text(fields.batch, batch);
        // Entries of the batch, not its facts records.
        let entries_of_batch = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(batch_term.clone(), IndexRecordOption::Basic))
                    as Box<dyn tantivy::query::Query>,
            ),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.document, FACTS_RECORD),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        let replaced = before.search(&entries_of_batch, &Count).map_err(&err)? as u64;
        writer.delete_term(batch_term);
        Ok(BatchWriter {
            dir: dir.to_path_buf(),
            index,
            fields,
            writer,
            batch: batch.to_string(),
            replaced,
            documents: 0,
            empty: 0,
            entries: BTreeMap::new(),
            with_facts: BTreeSet::new(),
            pending: Vec::new(),
            ahead,
        })
    }

    /// Adds the entries of `docs`, in the order given: built on the calling thread and handed
    /// to the indexing thread by the next [`send`](BatchWriter::send) (or removal, flush,
    /// finish), so a caller can keep its own work and the indexing thread's apart (`--jobs`).
    /// More than [`MAX_PENDING`] waiting entries are sent at once. Errors:
    /// [`IndexError::Tantivy`] when the writer has failed (a full disk while flushing a segment).
    pub fn add(&mut self, docs: &[IndexDoc<'_>]) -> Result<(), IndexError> {
        let f = &self.fields;
        for d in docs {
            self.documents += 1;
            if !self.with_facts.contains(d.submission) {
                self.with_facts.insert(d.submission.to_string());
                if let Some(record) = facts_record(f, &self.batch, d) {
                    self.pending.push(record);
                }
            }
            let shared = shared_fields(f, &self.batch, d);
            let mut entry = |page: Option<u32>, block: usize, text: &str| {
                if text.trim().is_empty() {
                    self.empty += 1;
                    return false;
                }
                let mut doc = shared.clone();
                if let Some(page) = page {
                    doc.add_u64(f.page, u64::from(page));
                }
                doc.add_u64(f.block, block as u64);
                doc.add_text(f.content_bigram, text);
                doc.add_text(f.content, text);
                self.pending.push(doc);
                *self.entries.entry(d.submission.to_string()).or_default() += 1;
                true
            };
            match d.prepared {
                None => {
                    for e in entries(d.doc) {
                        entry(e.page, e.block, &e.text);
                    }
                }
                Some(prepared) => {
                    for e in &prepared.entries {
                        if entry(e.page, e.block, &e.text) {
                            let mut tokens = e.tokens.lock().unwrap_or_else(|p| p.into_inner());
                            if let Some([content, bigram]) = tokens.take() {
                                self.ahead[0].put(&e.text, content);
                                self.ahead[1].put(&e.text, bigram);
                            }
                        }
                    }
                }
            }
        }
        if self.pending.len() > MAX_PENDING {
            self.send()?;
        }
        Ok(())
    }

    /// Waits until the indexing thread has taken the tokens of every entry sent with them (it is
    /// then at the last of them), or until it stopped taking for [`TAKE_STALL`] (it is writing a
    /// segment out); at once when none wait. Made for a caller that must not hold a core after
    /// the indexing thread has ended its work (`--jobs`), and that then watches the thread
    /// itself for what is left.
    pub fn wait_indexed(&self) {
        for cache in &self.ahead {
            cache.wait_taken(TAKE_STALL);
        }
    }

    /// Token lists of prepared entries that the indexing threads have not taken yet.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        self.ahead.iter().map(|c| c.waiting()).sum()
    }

    /// Hands the entries added since the last call to the indexing thread. Errors:
    /// [`IndexError::Tantivy`] when the writer has failed (a full disk while flushing a segment).
    pub fn send(&mut self) -> Result<(), IndexError> {
        let err = tantivy_err(&self.dir);
        let mut docs = self.pending.drain(..);
        loop {
            let group: Vec<_> = docs
                .by_ref()
                .take(SEND_GROUP)
                .map(UserOperation::Add)
                .collect();
            if group.is_empty() {
                return Ok(());
            }
            self.writer.run(group).map_err(&err)?;
        }
    }

    /// Withdraws every entry added so far for `submission` of this batch (entries of the same
    /// submission name in other batches stay). Errors: [`IndexError::Tantivy`].
    pub fn remove_submission(&mut self, submission: &str) -> Result<(), IndexError> {
        self.send()?;
        let f = &self.fields;
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.batch, &self.batch),
                    IndexRecordOption::Basic,
                )) as Box<dyn tantivy::query::Query>,
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.submission, submission),
                    IndexRecordOption::Basic,
                )),
            ),
        ]);
        self.writer
            .delete_query(Box::new(query))
            .map_err(tantivy_err(&self.dir))?;
        self.entries.remove(submission);
        self.with_facts.remove(submission);
        Ok(())
    }

    /// Commits what was added so far without ending the write: the documents in the writer's
    /// heap are flushed to a segment and the heap is released (the indexing threads take a new
    /// one with the next document). For an index nobody reads until [`finish`](Self::finish) —
    /// one being built in a staging folder — before a long pause in adding: the commit makes
    /// the removal of the batch's earlier entries and the additions so far visible to readers.
    /// Errors: [`IndexError::Tantivy`] when the commit fails.
    pub fn flush(&mut self) -> Result<(), IndexError> {
        self.send()?;
        self.writer
            .commit()
            .map(drop)
            .map_err(tantivy_err(&self.dir))
    }

    /// Commits: the removal of the batch's earlier entries and every addition become visible.
    /// Errors: [`IndexError::Tantivy`] when the commit or a merge fails.
    pub fn finish(mut self) -> Result<IndexStats, IndexError> {
        self.send()?;
        let err = tantivy_err(&self.dir);
        self.writer.commit().map_err(&err)?;
        self.writer.wait_merging_threads().map_err(&err)?;
        // Counted from the segments' metadata, less the facts records (one term's postings).
        let docs: u64 = self
            .index
            .searchable_segment_metas()
            .map_err(&err)?
            .iter()
            .map(|m| u64::from(m.num_docs()))
            .sum();
        let records = self.index.reader().map_err(&err)?.searcher().search(
            &TermQuery::new(
                Term::from_field_text(self.fields.document, FACTS_RECORD),
                IndexRecordOption::Basic,
            ),
            &Count,
        );
        let total = docs.saturating_sub(records.map_err(&err)? as u64);
        Ok(IndexStats {
            batch: self.batch,
            documents: self.documents,
            entries: self.entries.values().sum(),
            empty: self.empty,
            replaced: self.replaced,
            total,
        })
    }
}
