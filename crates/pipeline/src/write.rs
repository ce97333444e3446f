//! Writing OUT: everything goes to a temporary folder beside OUT, published at the end
//! (`out.rs`).
//! Facts and index entries are written as each chunk of submissions completes; findings and
//! submission records (small, and final only after the batch-wide checks) at the end.

use std::fs::File;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use intake_model::{Fact, Finding, SubmissionRecord};

use crate::PipelineError;
use crate::out::{self, Target};

/// What is kept of a submission once its chunk is written: its record and findings (the
/// verdict is decided after the batch-wide checks), never its documents or facts. Spilled
/// ([`KeptSpill`]) while the batch streams.
pub(crate) struct Kept {
    pub record: SubmissionRecord,
    pub findings: Vec<Finding>,
    /// The finding kinds the index entries were written with.
    pub indexed_kinds: Vec<String>,
    /// Facts written for it.
    pub facts: usize,
}

/// What is kept of each submission while the batch streams, on disk: one JSON line per
/// submission in an unnamed temporary file in OUT's staging folder, read back once the batch's
/// documents are done, so the memory the streaming pass holds does not grow with the batch.
pub(crate) struct KeptSpill {
    file: BufWriter<File>,
    count: usize,
    path: PathBuf,
}

impl KeptSpill {
    /// An empty spill in `dir` (the file has no name: it vanishes with the process).
    pub fn create(dir: &Path) -> Result<KeptSpill, PipelineError> {
        let file = tempfile::tempfile_in(dir).map_err(output_err(dir))?;
        Ok(KeptSpill {
            file: BufWriter::new(file),
            count: 0,
            path: dir.to_path_buf(),
        })
    }

    /// Appends one submission's record, findings, indexed finding kinds and fact count.
    pub fn push(&mut self, k: &Kept) -> Result<(), PipelineError> {
        let line = (&k.record, &k.findings, &k.indexed_kinds, k.facts);
        serde_json::to_writer(&mut self.file, &line)
            .map_err(std::io::Error::other)
            .and_then(|()| self.file.write_all(b"\n"))
            .map_err(output_err(&self.path))?;
        self.count += 1;
        Ok(())
    }

    /// Every submission pushed, in order.
    pub fn load(self) -> Result<Vec<Kept>, PipelineError> {
        use std::io::Seek;
        let path = self.path;
        let mut file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .map_err(output_err(&path))?;
        file.rewind().map_err(output_err(&path))?;
        let mut kept = Vec::with_capacity(self.count);
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(output_err(&path))?;
            let (record, findings, indexed_kinds, facts): (
                SubmissionRecord,
                Vec<Finding>,
                Vec<String>,
                usize,
            ) = serde_json::from_str(&line)
                .map_err(|e| output_err(&path)(std::io::Error::other(e)))?;
            kept.push(Kept {
                record,
                findings,
                indexed_kinds,
                facts,
            });
        }
        if kept.len() != self.count {
            return Err(output_err(&path)(std::io::Error::other(
                "the kept-records spill file ended early",
            )));
        }
        Ok(kept)
    }
}

/// OUT being written: the temporary folder and the streams open in it.
pub(crate) struct Staging {
    target: Target,
    given: PathBuf,
    tmp: PathBuf,
    facts: BufWriter<File>,
}

/// Writes report.html into `tmp`: every record, finding and fact, the facts read back from
/// `tmp`'s facts.jsonl one submission at a time (it holds them in `kept`'s order,
/// `Kept::facts` lines each) rather than kept in memory.
fn write_report(
    tmp: &Path,
    regimes: &intake_model::Regimes,
    kept: &[Kept],
    text_pages: &intake_report::TextPages,
) -> Result<(), PipelineError> {
    let facts_path = tmp.join("facts.jsonl");
    let all_findings: Vec<&Finding> = kept.iter().flat_map(|k| &k.findings).collect();
    let all_records: Vec<&SubmissionRecord> = kept.iter().map(|k| &k.record).collect();
    let n_facts = kept.iter().map(|k| k.facts).sum();
    let mut lines =
        std::io::BufReader::new(std::fs::File::open(&facts_path).map_err(output_err(&facts_path))?)
            .lines();
    let report = tmp.join("report.html");
    intake_report::write_html_streamed(
        &report,
        regimes,
        &all_records,
        &all_findings,
        n_facts,
        text_pages,
        |i, _| {
            (0..kept[i].facts)
                .map(|_| {
                    let line = lines
                        .next()
                        .unwrap_or_else(|| Err(std::io::Error::other("facts.jsonl ended early")))?;
                    serde_json::from_str(&line).map_err(std::io::Error::other)
                })
                .collect()
        },
    )
    .map_err(output_err(&report))
}

/// Writes OUT/text/<sub>/<doc>.html for every document of this batch that evidence cites (the
/// offline targets of report.html's evidence links), one at a time in submission order, so the
/// bytes do not depend on `--jobs`. A document whose name gives no file there (too long, or a
/// folder of that name) is left without a page: its evidence shows the quote with its place.
fn text_pages(
    tmp: &Path,
    kept: &[Kept],
    checker: &mut intake_integrity::BatchChecker,
) -> Result<intake_report::TextPages, PipelineError> {
    // Each quote once per document: a document may be cited by many findings.
    let mut cited: std::collections::BTreeMap<(&str, &str), std::collections::BTreeSet<&str>> =
        Default::default();
    for f in kept.iter().flat_map(|k| &k.findings) {
        for e in &f.evidence {
            let sub = e.submission.as_deref().unwrap_or(f.submission.as_str());
            cited
                .entry((sub, e.document.as_str()))
                .or_default()
                .insert(e.quote.as_str());
        }
    }
    let ocr: std::collections::BTreeMap<(&str, &str), (u32, Option<u8>)> = kept
        .iter()
        .flat_map(|k| {
            k.record
                .documents
                .iter()
                .filter(|d| d.ocr_pages > 0)
                .map(|d| {
                    (
                        (k.record.submission.as_str(), d.document.as_str()),
                        (d.ocr_pages, d.ocr_confidence),
                    )
                })
        })
        .collect();
    let mut written = intake_report::TextPages::new();
    let wanted = |sub: &str, doc: &str| cited.contains_key(&(sub, doc));
    checker
        .each_current(wanted, |s| {
            for d in &s.documents {
                let key = (s.submission.as_str(), d.document.as_str());
                let Some(quotes) = cited.get(&key) else {
                    continue;
                };
                let pages: Vec<(Option<u32>, String)> =
                    d.pages.iter().map(|p| (p.number, p.text.clone())).collect();
                // Only quotes that stand in the text get a link (not a document property).
                let finder = intake_report::QuoteFinder::new(&pages);
                let found: Vec<&str> = quotes.iter().copied().filter(|q| finder.found(q)).collect();
                if found.is_empty() {
                    continue;
                }
                let ocr = ocr.get(&key).copied();
                if let Ok(true) =
                    intake_report::write_text_page(tmp, &s.submission, &d.document, &pages, ocr)
                {
                    for q in found {
                        written.insert((s.submission.clone(), d.document.clone(), q.to_string()));
                    }
                }
            }
            Ok(())
        })
        .map_err(|source| PipelineError::Archive {
            path: tmp.to_path_buf(),
            source,
        })?;
    Ok(written)
}

fn output_err(path: &Path) -> impl FnOnce(std::io::Error) -> PipelineError + use<> {
    let path = path.to_path_buf();
    move |source| PipelineError::Output { path, source }
}

impl Staging {
    /// Creates the temporary folder `.NAME.partial-PID` beside OUT (checked and cleared by
    /// [`crate::out::prepare`]), marks it as ours and incomplete, and opens facts.jsonl. `given`
    /// is OUT as the user wrote it, for messages.
    pub fn create(target: Target, given: &Path) -> Result<Staging, PipelineError> {
        std::fs::create_dir_all(&target.parent).map_err(output_err(&target.parent))?;
        let tmp = out::sibling(&target, "partial");
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(output_err(&tmp))?;
        }
        std::fs::create_dir(&tmp).map_err(output_err(&tmp))?;
        let marker = tmp.join(out::MARKER);
        std::fs::write(&marker, b"").map_err(output_err(&marker))?;
        let path = tmp.join("facts.jsonl");
        let facts = BufWriter::new(File::create(&path).map_err(output_err(&path))?);
        Ok(Staging {
            target,
            given: given.to_path_buf(),
            tmp,
            facts,
        })
    }

    /// The temporary folder (OUT as it is being written).
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Appends one submission's facts to facts.jsonl.
    pub fn facts(&mut self, facts: &[Fact]) -> Result<(), PipelineError> {
        let path = self.tmp.join("facts.jsonl");
        for f in facts {
            serde_json::to_writer(&mut self.facts, f).map_err(|e| PipelineError::Output {
                path: path.clone(),
                source: std::io::Error::other(e),
            })?;
            self.facts.write_all(b"\n").map_err(output_err(&path))?;
        }
        Ok(())
    }

    /// Writes findings.jsonl, submissions.jsonl, report.html (with the offline text pages of
    /// cited documents) and the integrity archive into the temporary folder; the report and
    /// the archive side by side on rayon's current pool (one after the other on one thread).
    /// [`publish`](Staging::publish) ends the write.
    pub fn write_outputs(
        &mut self,
        label: &str,
        regimes: &intake_model::Regimes,
        kept: &[Kept],
        mut checker: intake_integrity::BatchChecker,
    ) -> Result<(), PipelineError> {
        let tmp = self.tmp.clone();
        let facts_path = tmp.join("facts.jsonl");
        self.facts.flush().map_err(output_err(&facts_path))?;
        let findings = kept.iter().flat_map(|k| k.findings.iter());
        let records = kept.iter().map(|k| &k.record);
        let path = tmp.join("findings.jsonl");
        intake_report::write_jsonl(&path, findings).map_err(output_err(&path))?;
        let path = tmp.join("submissions.jsonl");
        intake_report::write_jsonl(&path, records).map_err(output_err(&path))?;
        let text_pages = text_pages(&tmp, kept, &mut checker)?;
        let (report, archive) = rayon::join(
            || write_report(&tmp, regimes, kept, &text_pages),
            || {
                checker
                    .save_archive(label, &tmp)
                    .map_err(|source| PipelineError::Archive {
                        path: tmp.clone(),
                        source,
                    })
            },
        );
        report?;
        archive.map(drop)
    }

    /// Writes batch.json (its content from `manifest`, asked for only now) and publishes the
    /// folder as OUT ([`crate::out::publish`]): OUT is always either the old complete output or
    /// the new complete output. Call after [`write_outputs`](Staging::write_outputs) and once
    /// the indexes are committed.
    pub fn publish(
        self,
        manifest: impl FnOnce() -> serde_json::Value,
    ) -> Result<(), PipelineError> {
        let Staging {
            target,
            given,
            tmp,
            facts,
        } = self;
        drop(facts);
        // batch.json last, renamed into place: a folder holding it is complete.
        let manifest = manifest();
        let part = tmp.join(".batch.json.part");
        std::fs::write(
            &part,
            serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n",
        )
        .map_err(output_err(&part))?;
        let manifest_path = tmp.join("batch.json");
        std::fs::rename(&part, &manifest_path).map_err(output_err(&manifest_path))?;
        let marker = tmp.join(out::MARKER);
        std::fs::remove_file(&marker).map_err(output_err(&marker))?;
        out::publish(&tmp, &target, &given)
    }

    /// Removes the temporary folder after a failed run (best effort: the error being reported
    /// matters more than a leftover folder).
    pub fn abandon(self) {
        drop(self.facts);
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// The index entries of a batch as they are written: OUT/index, and the archive index given
/// with `--index-into` when there is one.
pub(crate) struct Indexes {
    writers: Vec<(PathBuf, intake_index::BatchWriter)>,
}

impl Indexes {
    /// Opens OUT's index (in the temporary folder) and the archive index, if any, each with
    /// `threads` indexing threads.
    pub fn open(
        tmp: &Path,
        into: Option<&Path>,
        label: &str,
        threads: usize,
    ) -> Result<Indexes, PipelineError> {
        let mut writers = Vec::new();
        for dir in std::iter::once(tmp.join("index")).chain(into.map(Path::to_path_buf)) {
            std::fs::create_dir_all(&dir).map_err(output_err(&dir))?;
            let w = intake_index::BatchWriter::open_with_threads(&dir, label, threads)
                .map_err(index_err(&dir))?;
            writers.push((dir, w));
        }
        Ok(Indexes { writers })
    }

    /// Adds a submission's documents, with the record and finding kinds its entries carry, and
    /// their entries tokenised beforehand where given (`prepared`, in the order of
    /// `documents`; a missing one is tokenised by the index writer).
    pub fn add(
        &mut self,
        record: &SubmissionRecord,
        facts: &[Fact],
        kinds: &[String],
        documents: &[(String, intake_model::Document)],
        prepared: &[intake_index::PreparedDoc],
    ) -> Result<(), PipelineError> {
        let docs: Vec<intake_index::IndexDoc> = documents
            .iter()
            .enumerate()
            .map(|(i, (path, doc))| intake_index::IndexDoc {
                submission: &record.submission,
                document: path,
                doc,
                record,
                facts,
                finding_kinds: kinds,
                prepared: prepared.get(i),
            })
            .collect();
        for (dir, w) in &mut self.writers {
            w.add(&docs).map_err(index_err(dir))?;
        }
        Ok(())
    }

    /// Hands the entries added since the last call to the indexing threads.
    pub fn send(&mut self) -> Result<(), PipelineError> {
        for (dir, w) in &mut self.writers {
            w.send().map_err(index_err(dir))?;
        }
        Ok(())
    }

    /// Waits until every index's indexing thread is at the last entry sent, as far as it can be
    /// followed (`BatchWriter::wait_indexed`).
    pub fn wait_indexed(&self) {
        for (_, w) in &self.writers {
            w.wait_indexed();
        }
    }

    /// Writes the entries of each `(record, kinds)` submission again, stamped with that final
    /// record and finding kinds, in every index: read back from OUT's index as last committed
    /// ([`flush_private`](Self::flush_private)), which holds the same entries as the archive's.
    pub fn restamp<'a>(
        &mut self,
        subs: impl Iterator<Item = (&'a SubmissionRecord, &'a [String])> + Clone,
    ) -> Result<(), PipelineError> {
        let Some((dir, own)) = self.writers.first() else {
            return Ok(());
        };
        let from = own.committed().map_err(index_err(dir))?;
        for (dir, w) in &mut self.writers {
            for (record, kinds) in subs.clone() {
                w.restamp(&from, &record.submission, record, kinds)
                    .map_err(index_err(dir))?;
            }
            w.send().map_err(index_err(dir))?;
        }
        Ok(())
    }

    /// Commits OUT's index — in the temporary folder, read by nobody yet — so its writer's heap
    /// (up to `intake_index::WRITER_HEAP_BYTES`) is not held through the batch-wide checks. The
    /// archive index is left alone: its readers must see the batch all at once or not at all.
    pub fn flush_private(&mut self) -> Result<(), PipelineError> {
        if let Some((dir, w)) = self.writers.first_mut() {
            w.flush().map_err(index_err(dir))?;
        }
        Ok(())
    }

    /// Commits every index.
    pub fn finish(self) -> Result<(), PipelineError> {
        for (dir, w) in self.writers {
            w.finish().map_err(index_err(&dir))?;
        }
        Ok(())
    }
}

fn index_err(dir: &Path) -> impl Fn(intake_index::IndexError) -> PipelineError + '_ {
    move |source| PipelineError::Index {
        path: dir.to_path_buf(),
        source,
    }
}
