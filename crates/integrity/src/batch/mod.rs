//! [`BatchChecker`]: the checks that need every submission of a batch (and the archive).
//!
//! Memory stays flat as batches grow: while submissions are added, all that is kept of one is
//! where it lies on disk (a few dozen bytes). Its skeleton (identity and document metadata, a
//! few kilobytes), page texts, winnowing fingerprints and MinHash signatures are spilled to
//! unnamed temporary files ([`crate::dup::spill`]); when the batch ends the skeletons are read
//! back whole, the rest a bucket or a document at a time.

mod archive_io;
mod finish;
mod prepare;
mod store;

use std::io;
use std::path::{Path, PathBuf};

use crate::archive::{Archive, ArchivedPage, ArchivedSubmission};
use crate::dup::shingle::{fingerprints, normalise};
use crate::dup::spill::Spill;
use intake_model::Finding;

use crate::SubmissionInput;

pub(crate) use crate::dup::evidence::label;
pub use prepare::{DocSignature, PreparedSubmission};
use store::{Entry, Slot, Spilled};

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
    /// Shortest copied run a pair is reported at (default [`LONG_RUN`](crate::dup::LONG_RUN)).
    report_min: Option<u32>,
    /// (batch, submission, content hash) of the archived submission added last.
    last_archived: Option<(String, String, u64)>,
    /// The first slot of each document content ([`content_hash`](store::content_hash)), for exact copies.
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
