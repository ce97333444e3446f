//! What the extract stage read from one file.

use serde::{Deserialize, Serialize};

/// The format of a document, recognised by content (magic bytes, zip entries), not by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// ISO 32000 PDF (`%PDF-` within the first 1024 bytes).
    Pdf,
    /// Office Open XML word-processing document (a zip holding `word/document.xml`).
    Docx,
    /// Plain text in UTF-8, UTF-16 with BOM, or GB18030/GBK.
    Txt,
    /// Anything else (legacy .doc, images, random bytes).
    Unknown,
}

impl Format {
    /// The contract's name for the format: `pdf`, `docx`, `txt` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Txt => "txt",
            Format::Unknown => "unknown",
        }
    }
}

/// One document as read: its pages of blocks, its metadata and language.
///
/// DOCX and TXT have no pages: they come as a single [`Page`] whose `number` is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Pages in order. PDF: one per page, `number` 1-based. DOCX/TXT: exactly one, `number: None`.
    pub pages: Vec<Page>,
    /// Document-level metadata (PDF Info/XMP, DOCX core.xml/app.xml/settings.xml).
    pub meta: DocMeta,
    /// The dominant language over the whole text (ISO 639-1: `zh`, `en`, `ja`, `ko`), if any text.
    pub language: Option<String>,
    /// Warnings met while reading that did not stop it (e.g. "invalid UTF-8 replaced at 3 places").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Document {
    /// All text of the document: blocks joined by `\n`, pages by form feed (`\x0c`).
    pub fn text(&self) -> String {
        self.pages
            .iter()
            .map(Page::text)
            .collect::<Vec<_>>()
            .join("\x0c")
    }

    /// The number of pages as the contract reports it: PDF page count, or `None` for DOCX/TXT.
    pub fn page_count(&self) -> Option<u32> {
        match self.pages.first() {
            Some(p) if p.number.is_some() => Some(self.pages.len() as u32),
            Some(_) => None,
            None => Some(0),
        }
    }
}

/// One page (or the single flow of a page-less document).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number for PDF; `None` for DOCX and TXT.
    pub number: Option<u32>,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// The page's language (ISO 639-1), detected page by page so mixed documents are handled.
    pub language: Option<String>,
    /// False for a page with no text layer at all (a scan): listed so OCR can follow.
    pub has_text_layer: bool,
    /// Glyphs whose code could not be mapped to Unicode on this page (PDF only).
    #[serde(default)]
    pub unmapped_glyphs: u32,
}

/// The mean OCR confidence (0–100) of the blocks read by OCR, weighted by their length in
/// characters (an empty block counts as one), rounded; `None` when no block was read by OCR.
fn ocr_mean<'a>(blocks: impl Iterator<Item = &'a Block>) -> Option<u8> {
    let (mut sum, mut n) = (0u64, 0u64);
    for b in blocks {
        if let Some(c) = b.ocr_confidence {
            let len = b.text.chars().count().max(1) as u64;
            sum += u64::from(c) * len;
            n += len;
        }
    }
    (n > 0).then(|| ((sum + n / 2) / n).min(100) as u8)
}

impl Document {
    /// The OCR engine's confidence over all text read by OCR in the document (see
    /// [`Page::ocr_confidence`]); `None` when nothing was.
    pub fn ocr_confidence(&self) -> Option<u8> {
        ocr_mean(self.pages.iter().flat_map(|p| &p.blocks))
    }
}

impl Page {
    /// The OCR engine's confidence over the page's OCR text: the mean of its OCR blocks'
    /// `ocr_confidence` (0–100) weighted by length; `None` for a page read from its text layer.
    pub fn ocr_confidence(&self) -> Option<u8> {
        ocr_mean(self.blocks.iter())
    }

    /// The page's text: its blocks joined by `\n` (table cells stay separated by `\t`).
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A unit of text in reading order: a paragraph, a line, or one row of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// The text. For a [`BlockKind::TableRow`], the row's cells joined by `\t` (never containing
    /// `\t` themselves), so the facts stage reads a header row and value rows cell by cell.
    pub text: String,
    /// What kind of block this is.
    pub kind: BlockKind,
    /// Bounding box in PDF user space (points, origin bottom-left): `[x0, y0, x1, y1]`. PDF only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// For text read by OCR from an image (a scanned page, a scan pasted into a DOCX): the
    /// engine's confidence, 0–100 (the mean over the block's characters, rounded). `None` for
    /// text from a text layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<u8>,
}

impl Block {
    /// A paragraph block with no bounding box.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            text: text.into(),
            kind: BlockKind::Paragraph,
            bbox: None,
            ocr_confidence: None,
        }
    }

    /// The cells of a table row (`text` split on `\t`); a single cell for other kinds.
    pub fn cells(&self) -> Vec<&str> {
        self.text.split('\t').collect()
    }
}

/// The kind of a [`Block`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum BlockKind {
    /// A paragraph (DOCX paragraph, TXT line group, or a PDF text block).
    Paragraph,
    /// One row of a table: `table` counts tables in the document from 0, `row` rows from 0.
    TableRow {
        /// Index of the table within the document.
        table: u32,
        /// Index of the row within the table.
        row: u32,
    },
}

/// Document metadata as stored by its producer. Dates are kept as written (`D:20231013...` or
/// ISO 8601) in the `*_raw` fields and normalised to `YYYY-MM-DDTHH:MM:SS` where parseable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Title (PDF Info /Title, dc:title, DOCX core.xml dc:title).
    pub title: Option<String>,
    /// Author (PDF /Author, dc:creator).
    pub author: Option<String>,
    /// DOCX cp:lastModifiedBy.
    pub last_modified_by: Option<String>,
    /// Creating application (PDF /Creator, DOCX app.xml Application).
    pub creator: Option<String>,
    /// PDF /Producer (or XMP pdf:Producer).
    pub producer: Option<String>,
    /// Creation date, normalised `YYYY-MM-DDTHH:MM:SS` (local time as written).
    pub created: Option<String>,
    /// Modification date, normalised as `created`.
    pub modified: Option<String>,
    /// XMP values where they exist, for comparison with Info (ISO 32000-1 §14.3).
    pub xmp_created: Option<String>,
    /// XMP xmp:ModifyDate.
    pub xmp_modified: Option<String>,
    /// XMP pdf:Producer.
    pub xmp_producer: Option<String>,
    /// Whether the PDF was encrypted (and could still be read with the empty user password).
    pub encrypted: bool,
    /// Number of incremental updates after the original save (PDF: `%%EOF` markers − 1).
    pub revisions: u32,
    /// DOCX settings.xml w:rsidRoot: shared by documents copied from one source file.
    pub rsid_root: Option<String>,
}
