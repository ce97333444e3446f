//! The checker's spill store: what is kept of each submission and document while the batch
//! is added (where it lies on disk), exact copies spilled once, and reading it all back.

use std::io;

use super::{BatchChecker, DocSignature};
use crate::IntegrityError;
use crate::archive::{ArchivedPage, ArchivedSubmission};
use crate::dup::spill::TextAt;

/// A submission as the checker keeps it once [`BatchChecker::load`] has read it back: its
/// documents' pages left empty (they are on disk), its documents numbered
/// `first..first + documents.len()`.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) sub: ArchivedSubmission,
    pub(super) first: u32,
    pub(super) current: bool,
}

/// A submission's skeleton (an [`Entry`]'s `sub`, as JSON) while the batch is being added: on
/// disk, so nothing kept grows with the batch until the batch-wide checks run.
#[derive(Debug)]
pub(super) struct Spilled {
    pub(super) at: TextAt,
    pub(super) first: u32,
    pub(super) current: bool,
}

/// A document as the checker keeps it: where its pages lie on disk (its fingerprints and MinHash
/// are on disk too, under its slot number), and the first slot with exactly its pages.
#[derive(Debug)]
pub(super) struct Slot {
    pub(super) at: TextAt,
    /// The slot of the first document added with the same pages (itself when it is the first):
    /// an exact copy spills no fingerprints of its own and reads its pages from there, so a
    /// document shared by many submissions costs the copied-text search one document.
    pub(super) canon: u32,
}

impl BatchChecker {
    /// Spills a submission: its skeleton, and per document its pages, fingerprints and MinHash.
    pub(super) fn store(
        &mut self,
        mut sub: ArchivedSubmission,
        sigs: Vec<DocSignature>,
        current: bool,
    ) {
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
    pub(super) fn load(&mut self) -> Result<(), IntegrityError> {
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
    pub(super) fn spill_doc(
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
    pub(super) fn spill_error(&self, e: &io::Error) -> IntegrityError {
        IntegrityError::Spill {
            dir: self.spill_dir.clone().unwrap_or_else(std::env::temp_dir),
            source: io::Error::new(e.kind(), e.to_string()),
        }
    }

    pub(super) fn check_failed(&self) -> Result<(), IntegrityError> {
        match &self.failed {
            Some(e) => Err(self.spill_error(e)),
            None => Ok(()),
        }
    }

    /// The entries of the current batch, in submission-id order.
    pub(super) fn current_by_id(&self) -> Vec<usize> {
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
    pub(super) fn full(
        &mut self,
        i: usize,
        label: &str,
    ) -> Result<ArchivedSubmission, IntegrityError> {
        self.with_pages(i, label, |_| true)
    }

    /// Entry `i`, under `label` if current, holding only the documents whose path `keep`
    /// accepts, their pages read back (no other document's are read).
    pub(super) fn with_pages(
        &mut self,
        i: usize,
        label: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Result<ArchivedSubmission, IntegrityError> {
        let e = &self.entries[i];
        let first = e.first as usize;
        let mut s = e.sub.clone();
        if e.current {
            s.batch = label.to_string();
        }
        let documents = std::mem::take(&mut s.documents);
        for (k, mut d) in documents.into_iter().enumerate() {
            if keep(&d.document) {
                d.pages = (self.spill.pages(self.slots[first + k].at))
                    .map_err(|e| self.spill_error(&e))?;
                s.documents.push(d);
            }
        }
        Ok(s)
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
