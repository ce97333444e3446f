//! [`BatchChecker::finish`]: the batch-wide checks once every submission is in — the
//! copied-text search over the spilled documents, then the identity checks.

use intake_model::Finding;

use super::{BatchChecker, default_boilerplate_min, sort_findings};
use crate::archive::ArchivedSubmission;
use crate::dup::evidence::{self, DocRef};
use crate::dup::spill::BUCKETS;
use crate::dup::{DupDoc, REFERENCE, Texts, find_runs};
use crate::{IntegrityError, cross};

impl BatchChecker {
    /// Every cross-submission finding, sorted (submission, kind, rule, message).
    ///
    /// The candidate pairs of copied text are aligned in parallel on rayon's current thread pool
    /// (call it inside `ThreadPool::install` to bound the threads), with the identity checks
    /// beside them (`rayon::join`); the findings do not depend on the number of threads.
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
        let copied = || {
            self.spill.reader().and_then(|reader| {
                let load = |d: usize| reader.pages(slots[slot_of[d] as usize].at);
                let postings = |b| {
                    let mut postings = reader.bucket(b)?;
                    postings.retain_mut(|p| {
                        p.1 = rank.get(p.1 as usize).copied().unwrap_or(u32::MAX);
                        p.1 != u32::MAX
                    });
                    Ok(postings)
                };
                let by_doc = |d: u32| reader.minhash(slot_of[d as usize]);
                let runs = find_runs(&docs, &canon, BUCKETS, postings, &load, by_doc, min)?;
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
            })
        };
        // The identity checks need none of the copied-text search: they run beside it.
        let (found, identity) = rayon::join(copied, || {
            cross::check(
                &subs,
                &applicant,
                &self.removed,
                &self.recognised,
                &self.regimes,
            )
        });
        let mut out = found.map_err(|e| self.spill_error(&e))?;
        out.extend(identity);
        sort_findings(&mut out);
        Ok(out)
    }
}
