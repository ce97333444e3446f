//! DOCX (ECMA-376 WordprocessingML): body paragraphs and table cells in document order, and the
//! metadata of docProps/core.xml, docProps/app.xml and word/settings.xml.
//!
//! The body is read as a stream of XML events rather than through a document object model, so
//! content controls (w:sdt), hyperlinks, insertions and text boxes are all read the same way,
//! deleted text (w:del) and mc:Fallback copies are skipped, no entity is ever expanded (quick-xml
//! does no DTD processing), and every budget of [`Limits`] holds.
//!
//! **Why not `docx-rs`.** The project's design named docx-rs; it was measured against this
//! reader and dropped (December 2026, docx-rs 0.4.22, `read_docx` over each file, its text taken
//! from every `text` member of its document model):
//! - The 16 real DOCX of `../shared/corpora/real/docx` (Word 2013, WPS, LibreOffice, pydocx):
//!   both read the same CJK characters from 12. docx-rs loses the table of contents in a content
//!   control and the text boxes of a flowchart (52 characters of a nuclear-safety guide); it
//!   reads page headers and footers (5–14 characters in 3 files), which this reader leaves out
//!   because they repeat on every page and state no figure of the applicant.
//! - The 12 hostile DOCX of `fixtures/hostile`: docx-rs answers every one with the same
//!   "Failed to read from zip", including three whose `word/document.xml` is intact (a package
//!   with only its body part, a macro-enabled `.docm`, one with traversal entry names), which
//!   this reader reads; it has no budget of its own, so the zip-bomb guard would still have to
//!   run first, and it builds a whole document model (styles, numbering) per file.

use std::io::{Cursor, Read};

use intake_model::{DocMeta, Document, Page};

use crate::{ExtractError, Limits};

mod body;
mod ocr;
mod props;

use body::body_blocks;
use props::{attr_of, leaf_texts, normalise_w3cdtf};

/// A zip entry whose uncompressed size is this many times its compressed size is a bomb.
const MAX_RATIO: u64 = 200;

/// Reads a DOCX (.docm too: macros are ignored, with a warning). Errors:
/// [`ExtractError::Corrupt`] for a broken zip or XML, [`ExtractError::OverBudget`] for zip bombs
/// (by ratio or total size, declared or actual), over-deep XML and the time budget.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::docx(format!("broken zip archive: {e}")))?;
    let mut budget = limits.max_decompressed_bytes;
    let body = read_entry(&mut zip, "word/document.xml", &mut budget, limits)?
        .ok_or_else(|| ExtractError::docx("no word/document.xml"))?;
    let mut blocks = body_blocks(&body, limits)?;
    let mut warnings = Vec::new();
    if limits.ocr.active()
        && let Some(rels) = read_entry(
            &mut zip,
            "word/_rels/document.xml.rels",
            &mut budget,
            limits,
        )?
    {
        let targets = ocr::image_targets(&body, &rels);
        let read = |name: &str| read_entry(&mut zip, name, &mut budget, limits);
        blocks.extend(ocr::read_images(&targets, read, limits, &mut warnings)?);
    }
    let mut meta = DocMeta::default();
    if let Some(core) = read_entry(&mut zip, "docProps/core.xml", &mut budget, limits)? {
        for (tag, text) in leaf_texts(&core, limits)? {
            match tag.as_str() {
                "title" => meta.title = Some(text),
                "creator" => meta.author = Some(text),
                "lastModifiedBy" => meta.last_modified_by = Some(text),
                "created" => meta.created = Some(normalise_w3cdtf(&text)),
                "modified" => meta.modified = Some(normalise_w3cdtf(&text)),
                _ => {}
            }
        }
    }
    if let Some(app) = read_entry(&mut zip, "docProps/app.xml", &mut budget, limits)? {
        let leaves = leaf_texts(&app, limits)?;
        let get = |k: &str| leaves.iter().find(|(t, _)| t == k).map(|(_, v)| v.clone());
        meta.creator = match (get("Application"), get("AppVersion")) {
            (Some(a), Some(v)) => Some(format!("{a} {v}")),
            (a, _) => a,
        };
    }
    if let Some(settings) = read_entry(&mut zip, "word/settings.xml", &mut budget, limits)? {
        meta.rsid_root = attr_of(&settings, "rsidRoot", "val");
    }
    if zip.index_for_name("word/vbaProject.bin").is_some() {
        // .docm: the text is read like any DOCX; the VBA project is never looked at.
        warnings.push("macro-enabled document (.docm): its macros were ignored".to_string());
    }
    Ok(Document {
        pages: vec![Page {
            number: None,
            has_text_layer: true,
            blocks,
            ..Page::default()
        }],
        meta,
        warnings,
        ..Document::default()
    })
}

/// Reads one zip entry by name within the decompression budget; `Ok(None)` if absent.
///
/// The entry's name is only ever compared, never used as a path: nothing is unpacked to disk,
/// so entries named `../../x` are harmless. Sizes are checked twice — the declared size before
/// reading, the actual bytes while reading — because a zip header can lie.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let Some(index) = zip.index_for_name(name) else {
        return Ok(None);
    };
    let mut entry = zip
        .by_index(index)
        .map_err(|e| ExtractError::docx(format!("{name}: {e}")))?;
    let (declared, packed) = (entry.size(), entry.compressed_size().max(1));
    if declared > *budget || is_bomb(declared, packed) {
        return Err(ExtractError::OverBudget(format!(
            "zip bomb: {name} declares {declared} bytes from {packed} compressed"
        )));
    }
    let mut out = Vec::with_capacity(declared.min(64 << 20) as usize);
    let mut chunk = vec![0u8; 256 << 10];
    loop {
        limits.check_time()?;
        let n = match entry.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(ExtractError::docx(format!("{name}: {e}"))),
        };
        out.extend_from_slice(&chunk[..n]);
        let got = out.len() as u64;
        if got > *budget {
            return Err(ExtractError::OverBudget(format!(
                "{name} decompresses past the {} byte budget",
                limits.max_decompressed_bytes
            )));
        }
        if is_bomb(got, packed) {
            return Err(ExtractError::OverBudget(format!(
                "zip bomb: {name} expands {packed} compressed bytes to more than {got}"
            )));
        }
    }
    *budget -= out.len() as u64;
    Ok(Some(out))
}

/// An entry above 1 MiB that is more than [`MAX_RATIO`] times its compressed size (deflate
/// reaches ~1000:1 only on degenerate input; real WordprocessingML stays under ~20:1).
fn is_bomb(size: u64, packed: u64) -> bool {
    size > 1 << 20 && size / packed > MAX_RATIO
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const BODY: &str = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>从业人员共计126人</w:t></w:r></w:p>";

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut z = zip::ZipWriter::new(Cursor::new(&mut out));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
        out
    }

    #[test]
    fn a_header_that_lies_small_is_caught_while_reading() {
        let mut xml = BODY.as_bytes().to_vec();
        xml.extend(std::iter::repeat_n(b' ', 8 << 20));
        xml.extend_from_slice(b"</w:body></w:document>");
        let mut z = zip_of(&[("word/document.xml", &xml)]);
        // Declare 2,000 bytes in the local header and the central directory.
        let name = b"word/document.xml";
        for i in 0..z.len() - 46 {
            if z[i..].starts_with(b"PK\x03\x04") && z[i + 30..].starts_with(name) {
                z[i + 22..i + 26].copy_from_slice(&2000u32.to_le_bytes());
            }
            if z[i..].starts_with(b"PK\x01\x02") && z[i + 46..].starts_with(name) {
                z[i + 24..i + 28].copy_from_slice(&2000u32.to_le_bytes());
            }
        }
        // The zip reader stops at the declared size; reading stays bounded either way.
        let err = read_docx(&z, &Limits::default().start()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "corrupt docx: word/document.xml: File is larger than its declared uncompressed size"
        );
    }

    #[test]
    fn docm_and_climbing_entry_names_are_read_not_followed() {
        let xml = format!("{BODY}</w:body></w:document>");
        let z = zip_of(&[
            ("../../evil.txt", b"never written".as_slice()),
            ("word/document.xml", xml.as_bytes()),
            ("word/vbaProject.bin", b"\xD0\xCF\x11\xE0 macros".as_slice()),
        ]);
        let doc = read_docx(&z, &Limits::default().start()).unwrap();
        assert_eq!(doc.pages[0].blocks[0].text, "从业人员共计126人");
        assert_eq!(
            doc.warnings,
            ["macro-enabled document (.docm): its macros were ignored"]
        );
    }
}
