//! Archive I/O: the batch written out as an archive (in memory or streamed to a file), and the
//! current submissions read back with their pages.

use std::io;
use std::path::{Path, PathBuf};

use super::BatchChecker;
use crate::IntegrityError;
use crate::archive::{ARCHIVE_FILE, Archive, ArchivedSubmission};

impl BatchChecker {
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
    /// by id, holding only the documents `wanted(submission, document)` accepts, their pages read
    /// back: what a pipeline needs to write some documents' text once more (the report's offline
    /// text pages for cited documents) without keeping it in memory. Submissions with no wanted
    /// document are passed over, and no other document's pages are read.
    ///
    /// Errors: [`IntegrityError::Spill`] if the spill files failed, or the first error of `emit`.
    pub fn each_current(
        &mut self,
        wanted: impl Fn(&str, &str) -> bool,
        mut emit: impl FnMut(ArchivedSubmission) -> Result<(), IntegrityError>,
    ) -> Result<(), IntegrityError> {
        self.load()?;
        let order = self.current_by_id();
        for i in order {
            let id = self.entries[i].sub.submission.clone();
            let s = self.with_pages(i, "", |d| wanted(&id, d))?;
            if !s.documents.is_empty() {
                emit(s)?;
            }
        }
        Ok(())
    }
}
