//! One file through the per-document stages: read bytes → extract → facts → copied-text
//! signature → index entries tokenised. A panic or error in one document is caught here, at the
//! document boundary, and becomes that document's status. All four run under the document's
//! watchdog (its time budget): a stage that never looks at the clock cannot hold the batch. The
//! index entries are linear in the document's text, which extraction bounds
//! (`Limits::max_text_chars`, `intake_extract::MAX_BLOCK_CHARS`), with the submission's numeric
//! facts attached once per submission by the writer. They are tokenised here, on the worker,
//! because tokenising is most of an index writer's work and the index writer is one thread.

use std::io::Read;
use std::time::Duration;

use intake_extract::Limits;
use intake_index::PreparedDoc;
use intake_integrity::DocSignature;
use intake_model::{DocRecord, DocStatus, Document, Fact, Format};

use crate::walk::FileEntry;

/// What happened to one file.
pub struct DocOutcome {
    /// The line for `submissions.jsonl`.
    pub record: DocRecord,
    /// The document, when it was read.
    pub doc: Option<Document>,
    /// Facts read from it (empty unless read).
    pub facts: Vec<Fact>,
    /// Its signature for the copied-text check, when it was read.
    pub signature: Option<DocSignature>,
    /// Its index entries, tokenised, when it was read.
    pub prepared: Option<PreparedDoc>,
    /// Nanoseconds spent on the watched thread: extraction, facts, signature and index entries
    /// (wall, CPU).
    pub spent: Spent,
}

impl DocOutcome {
    /// A file that was not read (skipped, unreadable, over budget): its record and nothing else.
    fn unread(record: DocRecord, spent: Spent) -> DocOutcome {
        DocOutcome {
            record,
            doc: None,
            facts: Vec::new(),
            signature: None,
            prepared: None,
            spent,
        }
    }
}

/// Nanoseconds spent reading a document: `[extract wall, extract CPU, facts wall, facts CPU,
/// signature wall, signature CPU, index entries wall, index entries CPU]`.
pub type Spent = [u64; 8];

/// Reads one file and its facts. Never panics, whatever the file holds. The facts are read on
/// the watched thread by a process-wide reader equal to the `_reader` given (see
/// `shared_reader`): a thread that may be abandoned cannot borrow it.
pub fn process(
    submission: &str,
    file: &FileEntry,
    limits: &Limits,
    _reader: &intake_facts::Reader,
) -> DocOutcome {
    process_with(submission, file, limits, intake_extract::extract)
}

/// Extra wall time granted beyond the budget (at most the budget again) before a document is
/// abandoned: the extractors check the clock themselves and normally stop first, with a more
/// precise reason.
const GRACE: Duration = Duration::from_secs(5);

/// What the watched thread sends back: the extraction and the facts read from it, or the panic
/// that ended it.
type Extraction = std::thread::Result<(
    Format,
    Result<Document, intake_extract::ExtractError>,
    Vec<Fact>,
    Option<DocSignature>,
    Option<PreparedDoc>,
    Spent,
)>;

/// The facts reader of watched threads. A thread the watchdog may abandon cannot borrow the
/// caller's reader, so it reads with this one, equal to any other (`Reader::new` takes no
/// configuration), made once per process.
fn shared_reader() -> &'static intake_facts::Reader {
    static READER: std::sync::OnceLock<intake_facts::Reader> = std::sync::OnceLock::new();
    READER.get_or_init(intake_facts::Reader::new)
}

/// Runs the extractor and then the facts reader on a reader thread (`readers.rs`: one kept from
/// an earlier document, or a new one) and waits at most the document's time budget (plus
/// [`GRACE`]). Code that never looks at the clock (a library's parser stuck on hostile input, a
/// pathological text in the facts reader) cannot stop the batch: the document is reported over
/// budget and its thread abandoned. `Err` holds the reason for the record.
fn watched(
    bytes: Vec<u8>,
    limits: Limits,
    extract: ExtractFn,
    names: (String, String),
) -> Result<Extraction, String> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let limits = limits.for_document();
    let budget = limits.timeout;
    let watch = limits.clone();
    crate::readers::run(Box::new(move |idle: &dyn Fn()| {
        let run = crate::caught::catching(|| {
            let now = || (std::time::Instant::now(), crate::profile::thread_cpu_ns());
            let since = |(t, c): (std::time::Instant, u64)| {
                let ns = t.elapsed().as_nanos() as u64;
                (ns, crate::profile::thread_cpu_ns().saturating_sub(c))
            };
            let t = now();
            let (format, doc) = extract(&bytes, &limits);
            drop(bytes);
            let (ew, ec) = since(t);
            let t = now();
            let facts = match &doc {
                Ok(d) => shared_reader().read(&names.0, &names.1, d),
                Err(_) => Vec::new(),
            };
            let (fw, fc) = since(t);
            let t = now();
            let signature = doc.as_ref().ok().map(DocSignature::of);
            let (sw, sc) = since(t);
            let t = now();
            let prepared = doc.as_ref().ok().map(PreparedDoc::of);
            let (iw, ic) = since(t);
            let spent = [ew, ec, fw, fc, sw, sc, iw, ic];
            (format, doc, facts, signature, prepared, spent)
        });
        idle();
        let _ = tx.send(run);
    }))?;
    // The deadline moves while OCR grants a page's time (`Limits::grant`), so it is read again
    // at every wake-up.
    let started = std::time::Instant::now();
    loop {
        let deadline = budget + GRACE.min(budget) + watch.granted();
        let left = deadline.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(format!(
                "over budget: reading took longer than {} s",
                (budget + watch.granted()).as_secs()
            ));
        }
        match rx.recv_timeout(left.min(Duration::from_secs(1))) {
            Ok(run) => return Ok(run),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err("internal error: the reader thread ended without a result".into());
            }
        }
    }
}

/// The extractor's signature: `(bytes, limits) → (format, document or reason)`.
type ExtractFn = fn(&[u8], &Limits) -> (Format, Result<Document, intake_extract::ExtractError>);

/// [`process`] with the extractor passed in, so the panic boundary can be tested with one that
/// panics.
fn process_with(
    submission: &str,
    file: &FileEntry,
    limits: &Limits,
    extract: ExtractFn,
) -> DocOutcome {
    let mut record = DocRecord {
        document: file.rel.clone(),
        format: Format::Unknown.as_str().into(),
        pages: None,
        language: None,
        status: DocStatus::Skipped,
        reason: file.skip.clone(),
        bytes: file.bytes,
        ocr_pages: 0,
        ocr_confidence: None,
    };
    if file.skip.is_some() {
        return DocOutcome::unread(record, Spent::default());
    }
    let bytes = match read_bounded(&file.path, limits.max_file_bytes) {
        Ok(b) => b,
        Err(reason) => {
            record.status = DocStatus::Unreadable;
            record.reason = Some(reason);
            return DocOutcome::unread(record, Spent::default());
        }
    };
    let guessed = intake_extract::detect_format(&bytes);
    let names = (submission.to_string(), file.rel.clone());
    let run = match watched(bytes, limits.clone(), extract, names) {
        Ok(run) => run,
        Err(reason) => {
            record.status = DocStatus::Unreadable;
            record.format = guessed.as_str().into();
            record.reason = Some(reason);
            return DocOutcome::unread(record, Spent::default());
        }
    };
    let run = run.map(|(format, doc, facts, sig, prepared, spent)| {
        (
            format,
            doc.map_err(|e| e.to_string()),
            facts,
            sig,
            prepared,
            spent,
        )
    });
    match run {
        Ok((format, doc, facts, signature, prepared, spent)) => {
            record.format = format.as_str().into();
            match doc {
                Ok(doc) => {
                    record.status = DocStatus::Ok;
                    record.reason = None;
                    record.pages = doc.page_count();
                    record.language = doc.language.clone();
                    (record.ocr_pages, record.ocr_confidence) = ocr_summary(&doc);
                    // Nothing read is nothing checked: the officer must know (an unreadable_document
                    // warning follows), not find the file listed as read.
                    if doc.pages.iter().all(|p| p.blocks.is_empty()) {
                        record.status = DocStatus::Unreadable;
                        record.reason = Some(if format == Format::Pdf {
                            no_text_layer(limits)
                        } else {
                            "文件中没有文字，需人工阅读 (no text)".into()
                        });
                    }
                    DocOutcome {
                        record,
                        doc: Some(doc),
                        facts,
                        signature,
                        prepared,
                        spent,
                    }
                }
                Err(reason) => {
                    record.status = DocStatus::Unreadable;
                    record.reason = Some(reason);
                    DocOutcome::unread(record, spent)
                }
            }
        }
        Err(panic) => {
            record.status = DocStatus::Unreadable;
            record.format = guessed.as_str().into();
            record.reason = Some(format!(
                "internal error while reading: {}",
                panic_message(&panic)
            ));
            DocOutcome::unread(record, Spent::default())
        }
    }
}

/// Why an image-only PDF gave no text: OCR off, not installed, or it read nothing.
fn no_text_layer(limits: &Limits) -> String {
    let why = if !limits.ocr.enabled {
        "OCR 已关闭 (--ocr off)".to_string()
    } else {
        match intake_extract::ocr::status() {
            Err(e) => e.to_string(),
            Ok(_) => "OCR 未识别出文字".to_string(),
        }
    };
    format!("无文本层，需OCR或人工阅读 (no text layer: image-only pages; {why})")
}

/// Pages (or DOCX images) holding OCR text, and the mean confidence over their characters.
fn ocr_summary(doc: &Document) -> (u32, Option<u8>) {
    let pages = doc
        .pages
        .iter()
        .filter(|p| p.ocr_confidence().is_some())
        .count();
    (pages as u32, doc.ocr_confidence())
}

fn read_bounded(path: &std::path::Path, max: u64) -> Result<Vec<u8>, String> {
    // Regular files only, opened without blocking or following a link (a file swapped for a
    // FIFO after the walk must not hang the batch).
    let file = crate::walk::open_regular(path).map_err(|e| format!("cannot open: {e}"))?;
    // Refuse by size before reading a byte; the bounded read below covers a file that grows.
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read: {e}"))?
        .len();
    if len > max {
        return Err(format!(
            "over budget: file is {len} bytes, over the {max} byte limit"
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "over budget: file is larger than the {max} byte limit"
        ));
    }
    Ok(bytes)
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file under the system temp folder, removed when dropped.
    struct TempFile(std::path::PathBuf);
    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn entry(name: &str, bytes: &[u8]) -> (TempFile, FileEntry) {
        let path = std::env::temp_dir().join(format!("intake-doc-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let file = FileEntry {
            rel: format!("附件/{name}"),
            path: path.clone(),
            bytes: bytes.len() as u64,
            skip: None,
        };
        (TempFile(path), file)
    }

    fn panicking(_: &[u8], _: &Limits) -> (Format, Result<Document, intake_extract::ExtractError>) {
        let deep: Vec<u32> = Vec::new();
        // An out-of-bounds index, as a defect in an extractor would panic.
        let i = deep.len() + 3;
        (
            Format::Pdf,
            Ok(Document {
                warnings: vec![deep[i].to_string()],
                ..Document::default()
            }),
        )
    }

    #[test]
    fn a_panic_becomes_this_documents_unreadable_status() {
        let (_keep, file) = entry("申报书.pdf", b"%PDF-1.7\n");
        let o = process_with("sub-1", &file, &Limits::default(), panicking);
        assert_eq!(o.record.status, DocStatus::Unreadable);
        assert_eq!(
            o.record.format, "pdf",
            "format from the bytes, after the panic"
        );
        let reason = o.record.reason.unwrap();
        assert!(
            reason.starts_with(
                "internal error while reading: index out of bounds: the len is 0 but the index is 3"
            ),
            "{reason}"
        );
        assert!(o.doc.is_none() && o.facts.is_empty());
    }

    #[test]
    fn oversize_file_is_refused_by_size() {
        let (_keep, file) = entry("大.txt", "从业人员共计126人。\n".as_bytes());
        let reader = intake_facts::Reader::new();
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        let o = process("sub-1", &file, &limits, &reader);
        assert_eq!(o.record.status, DocStatus::Unreadable);
        assert_eq!(
            o.record.reason.as_deref(),
            Some("over budget: file is 28 bytes, over the 10 byte limit")
        );
    }

    /// An extractor that never looks at the clock, as a library stuck on hostile input.
    fn hanging(_: &[u8], _: &Limits) -> (Format, Result<Document, intake_extract::ExtractError>) {
        std::thread::sleep(Duration::from_secs(3600));
        (Format::Pdf, Ok(Document::default()))
    }

    #[test]
    fn a_hang_is_abandoned_at_the_time_budget() {
        let (_keep, file) = entry("卡死.pdf", b"%PDF-1.7\n");
        let limits = Limits {
            timeout: Duration::from_secs(1),
            ..Limits::default()
        };
        let o = process_with("sub-1", &file, &limits, hanging);
        assert_eq!(o.record.status, DocStatus::Unreadable);
        assert_eq!(o.record.format, "pdf");
        assert_eq!(
            o.record.reason.as_deref(),
            Some("over budget: reading took longer than 1 s")
        );
    }

    #[test]
    fn facts_come_back_from_the_watched_thread() {
        let (_keep, file) = entry("表.txt", "从业人员共计126人。\n".as_bytes());
        let reader = intake_facts::Reader::new();
        let o = process("sub-1", &file, &Limits::default(), &reader);
        assert_eq!(o.record.status, DocStatus::Ok);
        let staff: Vec<String> = o
            .facts
            .iter()
            .filter(|f| f.metric == "staff.total")
            .map(|f| format!("{} {} {:?}", f.submission, f.document, f.number()))
            .collect();
        assert_eq!(staff, ["sub-1 附件/表.txt Some(126)"]);
    }
}
