//! Entries written again with their submission's final record, from what the index already
//! holds: the batch-wide checks (copied text across submissions, the archive) may change a
//! submission's verdict and finding kinds after its entries were written, and every entry
//! carries them. The entries' text and place are read back from the committed index (`content`
//! is stored; `content_bigram`, not stored, is the same text), so nothing is extracted, read or
//! cut again — only the changed submissions' entries are tokenised a second time.

use intake_model::SubmissionRecord;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::IndexError;
use crate::docs::{FACTS_RECORD, add_kinds, add_record};
use crate::schema::Fields;
use crate::write::{BatchWriter, MAX_PENDING, tantivy_err};

/// A batch's entries as last committed ([`BatchWriter::flush`]), to restamp submissions from
/// ([`BatchWriter::restamp`]). Holds a searcher: the committed segments stay on disk while it
/// lives.
pub struct Committed {
    searcher: Searcher,
    fields: Fields,
    batch: String,
}

impl std::fmt::Debug for Committed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Committed")
            .field("batch", &self.batch)
            .finish_non_exhaustive()
    }
}

impl Committed {
    /// The stored entries (and facts record) of `submission`, in the order they were added.
    fn of(&self, submission: &str) -> tantivy::Result<Vec<TantivyDocument>> {
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(self.fields.batch, &self.batch)),
            (Occur::Must, term(self.fields.submission, submission)),
        ]);
        let mut found: Vec<DocAddress> = self
            .searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        found.sort();
        found.into_iter().map(|a| self.searcher.doc(a)).collect()
    }
}

impl BatchWriter {
    /// The batch's entries as committed so far: what [`restamp`](Self::restamp) reads back.
    /// Entries added after the last [`flush`](Self::flush) are not in it. Errors:
    /// [`IndexError::Tantivy`] when the index cannot be read.
    pub fn committed(&self) -> Result<Committed, IndexError> {
        let reader = self.index.reader().map_err(tantivy_err(&self.dir))?;
        Ok(Committed {
            searcher: reader.searcher(),
            fields: self.fields,
            batch: self.batch.clone(),
        })
    }

    /// Replaces the entries of `submission` in this batch by the ones `from` holds for it,
    /// stamped with `record` (regime … verdict) and `kinds` (its finding kinds) instead of what
    /// they were written with; their text, place, year and the facts record stay. `from` may be
    /// this writer's own commit or another index's with the same entries (OUT's index, for the
    /// archive index written beside it). Returns the entries written (the facts record not
    /// counted); 0 when `from` has none of `submission`, whose entries are then removed.
    /// Errors: [`IndexError::Tantivy`] when the committed index cannot be read or the writer
    /// has failed.
    pub fn restamp(
        &mut self,
        from: &Committed,
        submission: &str,
        record: &SubmissionRecord,
        kinds: &[String],
    ) -> Result<usize, IndexError> {
        let stored = from.of(submission).map_err(tantivy_err(&self.dir))?;
        self.remove_submission(submission)?;
        // One schema (checked when an index is opened), so `from`'s fields are this writer's.
        let f = self.fields;
        let restamped = [
            f.regime,
            f.level,
            f.variant,
            f.org_name,
            f.credit_code,
            f.verdict,
            f.kind,
            f.content_bigram,
        ];
        let mut entries = 0;
        for doc in stored {
            let mut new = TantivyDocument::default();
            for (field, value) in doc.field_values() {
                if !restamped.contains(&field) {
                    new.add_field_value(field, value);
                }
            }
            let is_record =
                doc.get_first(f.document).and_then(|v| v.as_str()) == Some(FACTS_RECORD);
            if is_record {
                self.with_facts.insert(submission.to_string());
            } else {
                add_record(&mut new, &f, record);
                add_kinds(&mut new, &f, kinds);
                if let Some(text) = doc.get_first(f.content).and_then(|v| v.as_str()) {
                    new.add_text(f.content_bigram, text);
                }
                entries += 1;
            }
            self.pending.push(new);
        }
        if entries > 0 {
            self.entries.insert(submission.to_string(), entries);
        }
        if self.pending.len() > MAX_PENDING {
            self.send()?;
        }
        Ok(entries)
    }
}
