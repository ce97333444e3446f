//! Per-document budgets, enforced inside the extractors.

use std::time::{Duration, Instant};

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

    /// `Err(OverBudget)` once the document's wall time is spent. Call it in every loop over
    /// document structure that can be long (pages, content-stream operators, XML events).
    pub fn check_time(&self) -> Result<(), crate::ExtractError> {
        match self.started {
            Some(t) if t.elapsed() > self.timeout => Err(crate::ExtractError::OverBudget(format!(
                "took longer than {} s",
                self.timeout.as_secs()
            ))),
            _ => Ok(()),
        }
    }
}
