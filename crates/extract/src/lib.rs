//! Reads one document — PDF, DOCX or text — into intake's [`Document`]: pages of blocks in
//! reading order, metadata, and the language of each page.
//!
//! ```no_run
//! let bytes = std::fs::read("申报书.pdf").unwrap();
//! let (format, doc) = intake_extract::extract(&bytes, &Default::default());
//! let doc = doc.expect("readable");
//! println!("{} pages of {}", doc.pages.len(), format.as_str());
//! ```

#![deny(missing_docs)]

mod cap;
mod detect;
mod docx;
mod lang;
mod limits;
pub mod ocr;
pub mod pdf;
mod txt;
mod utf16;

pub use cap::MAX_BLOCK_CHARS;
pub use detect::{detect_format, is_litter};
pub use lang::detect_language;
pub use limits::Limits;
pub use ocr::OcrLimits;

use intake_model::{Document, Format};

/// Why a document could not be read. Each message is shown to the intake officer as the
/// `reason` of an `unreadable_document` finding, so it says what is wrong in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The file has no bytes.
    #[error("empty file (0 bytes)")]
    Empty,
    /// Not a PDF, DOCX or text file.
    #[error("unknown format: {0}")]
    UnknownFormat(String),
    /// A legacy binary Word document (.doc, OLE2) — not supported; ask for DOCX or PDF.
    #[error("legacy Word .doc (OLE2 compound file) is not supported; DOCX or PDF needed")]
    LegacyDoc,
    /// Password-protected (PDF with a non-empty user password, or OLE-encrypted OOXML).
    #[error("encrypted: needs a password")]
    Encrypted,
    /// The file's structure is broken beyond recovery.
    #[error("corrupt {format}: {detail}")]
    Corrupt {
        /// `pdf`, `docx` or `txt`.
        format: &'static str,
        /// What is broken.
        detail: String,
    },
    /// The document exceeds a [`Limits`] budget (size, decompressed bytes, depth, time).
    #[error("over budget: {0}")]
    OverBudget(String),
}

impl ExtractError {
    /// A PDF structure error.
    pub fn pdf(detail: impl std::fmt::Display) -> Self {
        ExtractError::Corrupt {
            format: "pdf",
            detail: detail.to_string(),
        }
    }
    /// A DOCX structure error.
    pub fn docx(detail: impl std::fmt::Display) -> Self {
        ExtractError::Corrupt {
            format: "docx",
            detail: detail.to_string(),
        }
    }
}

fn over_text(limits: &Limits) -> ExtractError {
    ExtractError::OverBudget(format!(
        "more than {} characters of text",
        limits.max_text_chars
    ))
}

/// Recognises the format of `bytes` by content and reads it.
///
/// Returns the format even on error so the caller can report it. Languages are detected per
/// page and for the whole document (lingua: Chinese, English, Japanese, Korean). Blocks longer
/// than [`MAX_BLOCK_CHARS`] characters are cut (with a warning), so every later stage reads
/// text in pieces of bounded size; a document of more than [`Limits::max_text_chars`]
/// characters is [`ExtractError::OverBudget`].
pub fn extract(bytes: &[u8], limits: &Limits) -> (Format, Result<Document, ExtractError>) {
    let limits = limits.start();
    let format = detect_format(bytes);
    let result = if bytes.is_empty() {
        Err(ExtractError::Empty)
    } else if bytes.len() as u64 > limits.max_file_bytes {
        Err(ExtractError::OverBudget(format!(
            "file is {} bytes, over the {} byte limit",
            bytes.len(),
            limits.max_file_bytes
        )))
    } else {
        match format {
            Format::Pdf => pdf::read_pdf(bytes, &limits),
            Format::Docx => docx::read_docx(bytes, &limits),
            // Every character takes at least one byte and at most four: a file with more
            // than four bytes per allowed character is refused before it is decoded.
            Format::Txt if bytes.len() / 4 > limits.max_text_chars => Err(over_text(&limits)),
            Format::Txt => txt::read_txt(bytes, &limits),
            Format::Unknown => Err(detect::why_unknown(bytes)),
        }
    };
    let result = result.and_then(|mut doc| {
        let chars: usize = doc
            .pages
            .iter()
            .flat_map(|p| &p.blocks)
            .map(|b| b.text.chars().count())
            .sum();
        if chars > limits.max_text_chars {
            return Err(over_text(&limits));
        }
        cap::cap_blocks(&mut doc);
        lang::annotate(&mut doc);
        Ok(doc)
    });
    (format, result)
}
