//! Per-document budgets, enforced inside the extractors.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::ocr::OcrLimits;

/// What one document may cost. A document over budget becomes
/// [`crate::ExtractError::OverBudget`]; the rest of the batch is untouched.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file read, in bytes (default 512 MiB).
    pub max_file_bytes: u64,
    /// Most bytes all decompressed streams / zip entries of one document may yield (default
    /// 256 MiB: text needs far less, and with one document per core the whole run must stay
    /// within memory).
    pub max_decompressed_bytes: u64,
    /// Most indirect objects a PDF may hold (default 2,000,000).
    pub max_objects: usize,
    /// Deepest recursion over document structure (Form XObjects, page tree, XML) (default 64).
    pub max_depth: u32,
    /// Most pages read from one document (default 20,000).
    pub max_pages: usize,
    /// Most characters of text one document may yield (default 16,000,000: 8,000 dense pages).
    /// Every later stage (facts, index entries, copied-text fingerprints at about 20 bytes a
    /// character) is linear in this, so it bounds a document's memory after extraction.
    pub max_text_chars: usize,
    /// Wall time for one document (default 30 s, `--doc-timeout`).
    pub timeout: Duration,
    /// When the clock for this document started; set by [`Limits::start`].
    pub started: Option<Instant>,
    /// OCR of pages without a text layer: switch and budgets.
    pub ocr: OcrLimits,
    /// Wall time granted beyond `timeout` while reading, in milliseconds: OCR adds each page's
    /// budget before it starts ([`Limits::grant`]), and the watchdog that waits for the document
    /// reads it ([`Limits::granted`]). Shared by the clones of one document's limits; a fresh
    /// counter per document comes from [`Limits::for_document`].
    pub extra: Arc<AtomicU64>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 << 20,
            max_decompressed_bytes: 256 << 20,
            max_objects: 2_000_000,
            max_depth: 64,
            max_pages: 20_000,
            max_text_chars: 16_000_000,
            timeout: Duration::from_secs(30),
            started: None,
            ocr: OcrLimits::default(),
            extra: Arc::new(AtomicU64::new(0)),
        }
    }
}

impl Limits {
    /// A copy of these limits whose clock starts now.
    pub fn start(&self) -> Limits {
        Limits {
            started: Some(Instant::now()),
            ..self.clone()
        }
    }

    /// A copy for one document: its own clock (not started) and its own granted time.
    pub fn for_document(&self) -> Limits {
        Limits {
            started: None,
            extra: Arc::new(AtomicU64::new(0)),
            ..self.clone()
        }
    }

    /// Grants `d` more wall time to this document (OCR of one more page).
    pub fn grant(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        self.extra.fetch_add(ms, Ordering::Relaxed);
    }

    /// Wall time granted so far beyond `timeout`.
    pub fn granted(&self) -> Duration {
        Duration::from_millis(self.extra.load(Ordering::Relaxed))
    }

    /// `Err(OverBudget)` once the document's wall time is spent. Call it in every loop over
    /// document structure that can be long (pages, content-stream operators, XML events).
    pub fn check_time(&self) -> Result<(), crate::ExtractError> {
        match self.started {
            Some(t) if t.elapsed() > self.timeout + self.granted() => {
                Err(crate::ExtractError::OverBudget(format!(
                    "took longer than {} s",
                    self.timeout.as_secs()
                )))
            }
            _ => Ok(()),
        }
    }
}
