//! [`BatchChecker`]: the checks that need every submission of a batch (and the archive).
//!
//! Memory stays flat as batches grow: while submissions are added, all that is kept of one is
//! where it lies on disk (a few dozen bytes). Its skeleton (identity and document metadata, a
//! few kilobytes), page texts, winnowing fingerprints and MinHash signatures are spilled to
//! unnamed temporary files ([`crate::dup::spill`]); when the batch ends the skeletons are read
//! back whole, the rest a bucket or a document at a time.

use intake_model::key;
use std::io;
use std::path::{Path, PathBuf};

use intake_model::{Document, Finding, Value};

use crate::archive::{
    ARCHIVE_FILE, Archive, ArchivedDocument, ArchivedPage, ArchivedSubmission, Stated,
};
use crate::common::Ctx;
use crate::dup::evidence::{self, DocRef};
use crate::dup::shingle::{fingerprints, minhash, normalise};
use crate::dup::spill::{BUCKETS, Spill, TextAt};
use crate::dup::{DupDoc, REFERENCE, Texts, find_runs};
use crate::{IntegrityError, SubmissionInput, cross};

pub(crate) use crate::dup::evidence::label;

/// A document's signature for the copied-text check: its winnowing fingerprints (hash,
/// position in the normalised text, context) and its MinHash, over the text of its pages.
/// Making one is linear in the text and the costly part of preparing a submission: a pipeline
/// makes it with [`DocSignature::of`] on the thread its document watchdog bounds, and hands it
/// over with [`BatchChecker::prepare_signed`].
#[derive(Debug, Clone)]
pub struct DocSignature {
    pub(crate) fps: Vec<(u64, u32, u128)>,
    pub(crate) minhash: Vec<u64>,
}

impl DocSignature {
    /// The signature of `doc`'s page texts ([`intake_model::Page::text`]), equal to the one
    /// [`BatchChecker::prepare`] makes itself.
    pub fn of(doc: &Document) -> DocSignature {
        let texts: Vec<String> = doc.pages.iter().map(|p| p.text()).collect();
        Self::of_texts(texts.iter().map(String::as_str))
    }

    fn of_archived(doc: &ArchivedDocument) -> DocSignature {
        Self::of_texts(doc.pages.iter().map(|p| p.text.as_str()))
    }

    fn of_texts<'a>(pages: impl IntoIterator<Item = &'a str>) -> DocSignature {
        let n = normalise(pages);
        let fps = fingerprints(&n.chars);
        let minhash = minhash(fps.iter().map(|f| f.0));
        DocSignature { fps, minhash }
    }
}

/// One submission made ready for [`BatchChecker::add_prepared`] by [`BatchChecker::prepare`].
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    sub: ArchivedSubmission,
    sigs: Vec<DocSignature>,
}

/// A submission as the checker keeps it once [`BatchChecker::load`] has read it back: its
/// documents' pages left empty (they are on disk), its documents numbered
/// `first..first + documents.len()`.
#[derive(Debug)]
struct Entry {
    sub: ArchivedSubmission,
    first: u32,
    current: bool,
}

/// A submission's skeleton (an [`Entry`]'s `sub`, as JSON) while the batch is being added: on
/// disk, so nothing kept grows with the batch until the batch-wide checks run.
#[derive(Debug)]
struct Spilled {
    at: TextAt,
    first: u32,
    current: bool,
}

/// A document as the checker keeps it: where its pages lie on disk (its fingerprints and MinHash
/// are on disk too, under its slot number), and the first slot with exactly its pages.
#[derive(Debug)]
struct Slot {
    at: TextAt,
    /// The slot of the first document added with the same pages (itself when it is the first):
    /// an exact copy spills no fingerprints of its own and reads its pages from there, so a
    /// document shared by many submissions costs the copied-text search one document.
    canon: u32,
}

/// Cross-submission checks over a batch, fed one submission at a time.
///
/// [`add`](BatchChecker::add) writes a submission to unnamed temporary files (in
/// [`spill_in`](BatchChecker::spill_in)'s folder, else the system's temporary folder; about
/// 1.7 times the text's size on disk) and keeps only where it lies: its identity (names, credit
/// codes, regime, application date) and document metadata, page texts, winnowing fingerprints
/// and MinHash signatures. [`finish`](BatchChecker::finish) reads the identities back (a few
/// kilobytes per submission) and runs `duplicate_text`,
/// `eligibility`, the shared-rsidRoot and foreign-author `metadata_anomaly` checks, and
/// credit-code/name `invalid_identifier` checks across the batch and the archive.
#[derive(Debug, Default)]
pub struct BatchChecker {
    /// Skeletons read back by [`load`](BatchChecker::load), in the order of addition.
    entries: Vec<Entry>,
    /// Skeletons added since, on disk, in the order of addition.
    spilled: Vec<Spilled>,
    slots: Vec<Slot>,
    /// Documents of reference text (always boilerplate).
    reference: Vec<u32>,
    spill: Spill,
    /// The first spill failure, reported by `finish` and the archive writers.
    failed: Option<io::Error>,
    spill_dir: Option<PathBuf>,
    removed: Vec<crate::UnitRecord>,
    recognised: Vec<crate::UnitRecord>,
    boilerplate_min: Option<usize>,
    /// Shortest copied run a pair is reported at (default [`dup::LONG_RUN`]).
    report_min: Option<u32>,
    /// (batch, submission, content hash) of the archived submission added last.
    last_archived: Option<(String, String, u64)>,
    /// The first slot of each document content ([`content_hash`]), for exact copies.
    contents: std::collections::HashMap<u64, u32>,
    /// The programs the rulebooks define: names for messages, and which regimes list which
    /// eligibility rules.
    regimes: intake_model::Regimes,
}

impl BatchChecker {
    /// A checker with no archive.
    pub fn new() -> Self {
        BatchChecker::default()
    }

    /// The programs of the loaded rulebooks (`intake_rules::Rulebooks::regimes`): the
    /// eligibility checks apply to the regimes whose rulebooks list them, and messages name
    /// programs by their Chinese names. Without it no regime-specific eligibility rule applies.
    pub fn regimes(mut self, regimes: intake_model::Regimes) -> Self {
        self.regimes = regimes;
        self
    }

    /// Spill files go to `dir` (an output folder's staging area, say) rather than the system's
    /// temporary folder, which may be memory-backed. Call before adding anything.
    pub fn spill_in(mut self, dir: &Path) -> Self {
        self.spill.set_dir(dir);
        self.spill_dir = Some(dir.to_path_buf());
        self
    }

    /// A checker comparing against earlier batches: [`new`](BatchChecker::new) then
    /// [`add_archive`](BatchChecker::add_archive).
    pub fn with_archive(archive: Archive) -> Self {
        let mut c = BatchChecker::new();
        c.add_archive(archive);
        c
    }

    /// Adds earlier batches to compare against (fingerprints are recomputed from the archived
    /// texts, a few milliseconds per document), and their removed and recognised units.
    pub fn add_archive(&mut self, archive: Archive) {
        self.add_units(archive.removed, archive.recognised);
        for s in archive.submissions {
            self.add_archived(s);
        }
    }

    /// Adds one submission of an earlier batch (as [`Archive::stream`] hands them over), in the
    /// archive's order. A submission equal to the one added just before (an archive holding a
    /// repeat) is added once.
    pub fn add_archived(&mut self, mut s: ArchivedSubmission) {
        use std::hash::{Hash, Hasher};
        s.documents.sort_by(|a, b| a.document.cmp(&b.document));
        // `DefaultHasher::new()` has fixed keys: the same content hashes the same in every run.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        serde_json::to_vec(&s).unwrap_or_default().hash(&mut h);
        let key = (s.batch.clone(), s.submission.clone(), h.finish());
        if self.last_archived.as_ref() == Some(&key) {
            return;
        }
        self.last_archived = Some(key);
        let sigs = s.documents.iter().map(DocSignature::of_archived).collect();
        self.store(s, sigs, false);
    }

    /// Adds the units earlier rounds removed from a list or recognised (服务平台 第十九条、第二十条).
    pub fn add_units(
        &mut self,
        removed: Vec<crate::UnitRecord>,
        recognised: Vec<crate::UnitRecord>,
    ) {
        self.removed.extend(removed);
        self.recognised.extend(recognised);
    }

    /// Registers text every applicant may legitimately repeat (the regulations, the form's
    /// headings and instructions): any passage it contains is boilerplate, whoever carries it.
    pub fn add_reference_text(&mut self, text: &str) {
        let pages = [ArchivedPage {
            number: None,
            text: text.to_string(),
        }];
        let fps = fingerprints(&normalise([text]).chars);
        let id = self.slots.len() as u32;
        let at = self.spill_doc(id, &pages, &fps, &[]);
        self.slots.push(Slot { at, canon: id });
        self.reference.push(id);
    }

    /// Overrides how many applicants must carry a passage for it to count as boilerplate
    /// (default [`default_boilerplate_min`] of the number of applicants). Values below 3 are
    /// raised to 3: two applicants sharing text is exactly what is looked for.
    pub fn set_boilerplate_min(&mut self, n: usize) {
        self.boilerplate_min = Some(n.max(3));
    }

    /// Overrides the shortest exact run, in prose characters, that two applicants must share
    /// for `duplicate_text` to be reported (default [`LONG_RUN`](crate::dup::LONG_RUN) = 80,
    /// calibrated on the development set: see `dup::evidence`). Every shared run of
    /// [`GUARANTEE`](crate::dup::GUARANTEE) characters is still found; this only decides which
    /// pairs are worth an officer's time. Tests of the detection guarantee set it to 13.
    pub fn set_report_min_run(&mut self, chars: u32) {
        self.report_min = Some(chars);
    }

    /// Adds one submission of the batch: [`prepare`](BatchChecker::prepare) then
    /// [`add_prepared`](BatchChecker::add_prepared).
    pub fn add(&mut self, input: SubmissionInput<'_>) {
        self.add_prepared(BatchChecker::prepare(input));
    }

    /// Adds a submission prepared (on any thread) with [`prepare`](BatchChecker::prepare).
    /// The order of additions does not matter: [`finish`](BatchChecker::finish) sorts. A failure
    /// to write the spill files is reported by `finish`.
    pub fn add_prepared(&mut self, p: PreparedSubmission) {
        self.store(p.sub, p.sigs, true);
    }

    /// Spills a submission: its skeleton, and per document its pages, fingerprints and MinHash.
    fn store(&mut self, mut sub: ArchivedSubmission, sigs: Vec<DocSignature>, current: bool) {
        let first = self.slots.len() as u32;
        let mut sigs = sigs.into_iter();
        for d in &mut sub.documents {
            let sig = sigs.next().unwrap_or_else(|| DocSignature::of_archived(d));
            let pages = std::mem::take(&mut d.pages);
            let id = self.slots.len() as u32;
            let canon = *self.contents.entry(content_hash(&pages)).or_insert(id);
            let slot = if canon == id {
                let at = self.spill_doc(id, &pages, &sig.fps, &sig.minhash);
                Slot { at, canon }
            } else {
                // An exact copy: its MinHash keeps the slot numbering, its text and
                // fingerprints are the first copy's.
                if let Err(e) = self.spill.put_minhash(&sig.minhash) {
                    self.failed.get_or_insert(e);
                }
                let at = self.slots[canon as usize].at;
                Slot { at, canon }
            };
            self.slots.push(slot);
        }
        let json = serde_json::to_vec(&sub).unwrap_or_default();
        let at = self.spill.put_record(&json).unwrap_or_else(|e| {
            self.failed.get_or_insert(e);
            TextAt::default()
        });
        self.spilled.push(Spilled { at, first, current });
    }

    /// Reads every spilled skeleton back into `entries` (they come last, in the order added).
    fn load(&mut self) -> Result<(), IntegrityError> {
        self.check_failed()?;
        let spilled = std::mem::take(&mut self.spilled);
        let subs = self
            .spill
            .reader()
            .and_then(|r| {
                spilled
                    .iter()
                    .map(|s| {
                        let bytes = r.record(s.at)?;
                        serde_json::from_slice(&bytes).map_err(io::Error::other)
                    })
                    .collect::<io::Result<Vec<ArchivedSubmission>>>()
            })
            .map_err(|e| self.spill_error(&e))?;
        self.entries
            .extend(subs.into_iter().zip(spilled).map(|(sub, s)| Entry {
                sub,
                first: s.first,
                current: s.current,
            }));
        Ok(())
    }

    /// Spills document `id`'s pages, fingerprints and MinHash (`id` must be the next slot).
    fn spill_doc(
        &mut self,
        id: u32,
        pages: &[ArchivedPage],
        fps: &[(u64, u32, u128)],
        minhash: &[u64],
    ) -> TextAt {
        let put = self.spill.put_pages(pages).and_then(|at| {
            self.spill.put_fingerprints(id, fps)?;
            self.spill.put_minhash(minhash)?;
            Ok(at)
        });
        put.unwrap_or_else(|e| {
            self.failed.get_or_insert(e);
            TextAt::default()
        })
    }

    /// The error for a spill failure, naming the folder.
    fn spill_error(&self, e: &io::Error) -> IntegrityError {
        IntegrityError::Spill {
            dir: self.spill_dir.clone().unwrap_or_else(std::env::temp_dir),
            source: io::Error::new(e.kind(), e.to_string()),
        }
    }

    fn check_failed(&self) -> Result<(), IntegrityError> {
        match &self.failed {
            Some(e) => Err(self.spill_error(e)),
            None => Ok(()),
        }
    }

    /// What [`add`](BatchChecker::add) keeps of a submission — identity, document metadata,
    /// page texts and signatures (normalisation, winnowing and MinHash, the costly part) —
    /// computed without the checker, so a pipeline can prepare submissions in parallel and add
    /// them in any order.
    pub fn prepare(input: SubmissionInput<'_>) -> PreparedSubmission {
        Self::prepare_signed(input, Vec::new())
    }

    /// [`prepare`](BatchChecker::prepare) with the documents' signatures made beforehand:
    /// `signatures[i]` is [`DocSignature::of`] `input.documents[i]`; a document without one
    /// (the list is shorter) is signed here.
    pub fn prepare_signed(
        input: SubmissionInput<'_>,
        signatures: Vec<DocSignature>,
    ) -> PreparedSubmission {
        let ctx = Ctx::new(&input);
        let stated = |metric: &str| -> Vec<Stated> {
            input
                .facts
                .iter()
                .filter(|f| f.metric == metric)
                .filter_map(|f| match &f.value {
                    Value::Text(t) if !t.trim().is_empty() => Some(Stated {
                        value: t.trim().to_string(),
                        document: f.document.clone(),
                        page: f.page,
                        quote: f.quote.clone(),
                    }),
                    _ => None,
                })
                .collect()
        };
        let mut signatures = signatures.into_iter();
        let mut documents: Vec<(ArchivedDocument, DocSignature)> = input
            .documents
            .iter()
            .map(|(path, doc)| ArchivedDocument {
                document: path.to_string(),
                author: doc.meta.author.clone(),
                last_modified_by: doc.meta.last_modified_by.clone(),
                rsid_root: doc.meta.rsid_root.clone(),
                pages: doc
                    .pages
                    .iter()
                    .map(|p| ArchivedPage {
                        number: p.number,
                        text: p.text(),
                    })
                    .collect(),
            })
            .map(|d| {
                let sig = signatures
                    .next()
                    .unwrap_or_else(|| DocSignature::of_archived(&d));
                (d, sig)
            })
            .collect();
        documents.sort_by(|a, b| a.0.document.cmp(&b.0.document));
        let (documents, sigs): (Vec<_>, Vec<_>) = documents.into_iter().unzip();
        let sub = ArchivedSubmission {
            batch: String::new(),
            submission: input.submission.to_string(),
            regime: input.regime.clone(),
            org_names: stated(key::ORG_NAME),
            credit_codes: stated(key::ORG_CREDIT_CODE),
            application_date: ctx.app.map(|(d, _)| d.to_string()),
            documents,
        };
        PreparedSubmission { sub, sigs }
    }

    /// The archive for this batch, in memory: the loaded archive plus this batch under
    /// `label`, every page text included (for small batches and tests; a pipeline writes it
    /// with [`save_archive`](BatchChecker::save_archive), which streams).
    ///
    /// Errors: [`IntegrityError::Spill`] if the spill files failed.
    pub fn to_archive(&mut self, label: &str) -> Result<Archive, IntegrityError> {
        let mut a = Archive::new();
        a.removed = self.removed.clone();
        a.recognised = self.recognised.clone();
        self.each_archived(label, |s| {
            a.submissions.push(s);
            Ok(())
        })?;
        a.merge(Archive::new());
        Ok(a)
    }

    /// Writes `DIR/integrity.archive.json` — what [`to_archive`](BatchChecker::to_archive)
    /// gives, byte for byte as [`Archive::save`] writes it — one submission at a time, so the
    /// batch's text is never in memory at once. Returns the file's path.
    ///
    /// Errors: [`IntegrityError::Io`] if the file cannot be written, [`IntegrityError::Spill`]
    /// if the spill files failed.
    pub fn save_archive(&mut self, label: &str, dir: &Path) -> Result<PathBuf, IntegrityError> {
        use std::io::Write;
        let path = dir.join(ARCHIVE_FILE);
        let io = |source| IntegrityError::Io {
            path: path.clone(),
            source,
        };
        // The frame (version, removed, recognised) as `Archive` serialises it, the submissions
        // streamed into its empty list.
        let mut frame = Archive::new();
        frame.removed = self.removed.clone();
        frame.recognised = self.recognised.clone();
        frame.merge(Archive::new());
        let frame = frame.to_json();
        let (open, close) = frame
            .split_once("\"submissions\":[]")
            .ok_or_else(|| io(io::Error::other("archive frame without submissions")))?;
        let file = std::fs::File::create(&path).map_err(io)?;
        let mut w = io::BufWriter::new(file);
        write!(w, "{open}\"submissions\":[").map_err(io)?;
        let mut first = true;
        self.each_archived(label, |s| {
            if !first {
                w.write_all(b",").map_err(io)?;
            }
            first = false;
            serde_json::to_writer(&mut w, &s).map_err(|e| io(io::Error::other(e)))
        })?;
        write!(w, "]{close}").map_err(io)?;
        w.flush().map_err(io)?;
        Ok(path)
    }

    /// Calls `emit` with every archived and current submission (current ones under `label`),
    /// pages read back, in the archive's order: sorted by (batch, submission), then content,
    /// exact repeats once ([`Archive`]'s normal form).
    fn each_archived(
        &mut self,
        label: &str,
        mut emit: impl FnMut(ArchivedSubmission) -> Result<(), IntegrityError>,
    ) -> Result<(), IntegrityError> {
        self.load()?;
        let keys: Vec<(String, String)> = self
            .entries
            .iter()
            .map(|e| {
                let batch = if e.current {
                    label
                } else {
                    e.sub.batch.as_str()
                };
                (batch.to_string(), e.sub.submission.clone())
            })
            .collect();
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
        for group in order.chunk_by(|&x, &y| keys[x] == keys[y]) {
            if let [one] = group {
                emit(self.full(*one, label)?)?;
                continue;
            }
            // Two batches given one label: ordered by content, exact repeats kept once.
            let mut subs = group
                .iter()
                .map(|&i| {
                    let s = self.full(i, label)?;
                    Ok((serde_json::to_string(&s).unwrap_or_default(), s))
                })
                .collect::<Result<Vec<_>, IntegrityError>>()?;
            subs.sort_by(|a, b| a.0.cmp(&b.0));
            subs.dedup_by(|a, b| a.0 == b.0);
            for (_, s) in subs {
                emit(s)?;
            }
        }
        Ok(())
    }

    /// Calls `emit` with each submission of the batch being checked (not the archive's), sorted
    /// by id, its pages read back: what a pipeline needs to write each document's text once
    /// more (the report's offline text pages) without keeping it in memory.
    ///
    /// Errors: [`IntegrityError::Spill`] if the spill files failed, or the first error of `emit`.
    pub fn each_current(
        &mut self,
        mut emit: impl FnMut(ArchivedSubmission) -> Result<(), IntegrityError>,
    ) -> Result<(), IntegrityError> {
        self.load()?;
        let order = self.current_by_id();
        for i in order {
            emit(self.full(i, "")?)?;
        }
        Ok(())
    }

    /// The entries of the current batch, in submission-id order.
    fn current_by_id(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].current)
            .collect();
        order.sort_by(|&x, &y| {
            self.entries[x]
                .sub
                .submission
                .cmp(&self.entries[y].sub.submission)
        });
        order
    }

    /// Entry `i` with its pages read back, under `label` if current.
    fn full(&mut self, i: usize, label: &str) -> Result<ArchivedSubmission, IntegrityError> {
        let e = &self.entries[i];
        let mut s = e.sub.clone();
        if e.current {
            s.batch = label.to_string();
        }
        for (k, d) in s.documents.iter_mut().enumerate() {
            let at = self.slots[e.first as usize + k].at;
            d.pages = self.spill.pages(at).map_err(|e| self.spill_error(&e))?;
        }
        Ok(s)
    }

    /// Every cross-submission finding, sorted (submission, kind, rule, message).
    ///
    /// The candidate pairs of copied text are aligned in parallel on rayon's current thread pool
    /// (call it inside `ThreadPool::install` to bound the threads); the findings do not depend
    /// on the number of threads.
    ///
    /// Errors: [`IntegrityError::Spill`] if the spill files could not be written or read.
    pub fn finish(&mut self) -> Result<Vec<Finding>, IntegrityError> {
        self.load()?;
        // Current submissions sorted by id, then the archive's in its order.
        let mut order = self.current_by_id();
        order.extend((0..self.entries.len()).filter(|&i| !self.entries[i].current));
        let subs: Vec<(&ArchivedSubmission, bool)> = order
            .iter()
            .map(|&i| (&self.entries[i].sub, self.entries[i].current))
            .collect();
        let applicant = cross::applicants(&subs.iter().map(|s| s.0).collect::<Vec<_>>());
        let n_applicants = {
            let mut a = applicant.clone();
            a.sort_unstable();
            a.dedup();
            a.len()
        };
        let min = self
            .boilerplate_min
            .unwrap_or_else(|| default_boilerplate_min(n_applicants));
        // Documents numbered in that order, reference text last; `slot_of` maps back to the
        // order of addition the spill files use, `rank` the other way.
        let mut docs: Vec<DupDoc> = Vec::new();
        let mut refs: Vec<DocRef> = Vec::new();
        let mut slot_of: Vec<u32> = Vec::new();
        for (si, &i) in order.iter().enumerate() {
            let e = &self.entries[i];
            for (k, d) in e.sub.documents.iter().enumerate() {
                let slot = e.first + k as u32;
                docs.push(DupDoc {
                    applicant: applicant[si],
                    current: e.current,
                });
                refs.push(DocRef {
                    sub: si,
                    document: &d.document,
                    slot,
                });
                slot_of.push(slot);
            }
        }
        for &slot in &self.reference {
            docs.push(DupDoc {
                applicant: REFERENCE,
                current: false,
            });
            slot_of.push(slot);
        }
        let mut rank = vec![u32::MAX; self.slots.len()];
        for (d, &slot) in slot_of.iter().enumerate() {
            rank[slot as usize] = d as u32;
        }
        // Each document's exact-copy group, named by its first member's number.
        let canon: Vec<u32> = slot_of
            .iter()
            .enumerate()
            .map(|(d, &slot)| {
                let c = rank[self.slots[slot as usize].canon as usize];
                if c == u32::MAX { d as u32 } else { c }
            })
            .collect();
        let slots = &self.slots;
        let found = self.spill.reader().and_then(|reader| {
            let load = |d: usize| reader.pages(slots[slot_of[d] as usize].at);
            let postings = |b| {
                let mut postings = reader.bucket(b)?;
                postings.retain_mut(|p| {
                    p.1 = rank.get(p.1 as usize).copied().unwrap_or(u32::MAX);
                    p.1 != u32::MAX
                });
                Ok(postings)
            };
            let runs = find_runs(&docs, &canon, BUCKETS, postings, &load, min)?;
            let minhash = |slot| reader.minhash(slot);
            let report_min = self.report_min.unwrap_or(crate::dup::LONG_RUN);
            evidence::findings(
                &runs,
                &canon,
                &docs,
                &refs,
                &subs,
                &mut Texts::new(load),
                minhash,
                report_min,
            )
        });
        let mut out = found.map_err(|e| self.spill_error(&e))?;
        out.extend(cross::check(
            &subs,
            &applicant,
            &self.removed,
            &self.recognised,
            &self.regimes,
        ));
        sort_findings(&mut out);
        Ok(out)
    }
}

/// A document's content for exact-copy grouping: its pages' numbers and texts, hashed (SipHash
/// with fixed keys: the same in every run and thread).
fn content_hash(pages: &[ArchivedPage]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    pages.len().hash(&mut h);
    for p in pages {
        p.number.hash(&mut h);
        p.text.hash(&mut h);
    }
    h.finish()
}

/// How many applicants must carry a passage for it to be boilerplate: 3 for up to 60
/// applicants, then one in twenty, at most 10 (a template phrase in ten applications is a
/// template; a copying ring of ten is not what this check can tell apart).
pub fn default_boilerplate_min(applicants: usize) -> usize {
    applicants.div_ceil(20).clamp(3, 10)
}

/// The crate's output order: submission, kind, rule, metric, message, evidence.
pub(crate) fn sort_findings(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        (&a.submission, a.kind, &a.rule, &a.metric, &a.message)
            .cmp(&(&b.submission, b.kind, &b.rule, &b.metric, &b.message))
            .then_with(|| format!("{:?}", a.evidence).cmp(&format!("{:?}", b.evidence)))
    });
}
