//! Recognising a document's format by content: magic bytes and zip entries, not the extension.

use intake_model::Format;
use std::io::Cursor;

use crate::ExtractError;

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognises the format of a file from its bytes alone — a name or extension is never
/// trusted (a `.pdf` that is text is text). PDF: `%PDF-` within the first 1024 bytes (ISO 32000-1 §7.5.2 allows leading junk,
/// and readers accept it). DOCX: a zip holding `word/document.xml` (.docm too). TXT: a BOM, valid
/// UTF-8, or GB18030 that decodes cleanly to mostly printable text.
pub fn detect_format(bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Unknown;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return if zip_has(bytes, "word/document.xml") {
            Format::Docx
        } else {
            Format::Unknown
        };
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Format::Unknown;
    }
    if crate::txt::looks_like_text(bytes) {
        Format::Txt
    } else {
        Format::Unknown
    }
}

/// The reason a file of [`Format::Unknown`] is unreadable, as precise as its bytes allow.
pub(crate) fn why_unknown(bytes: &[u8]) -> ExtractError {
    if bytes.starts_with(OLE2_MAGIC) {
        // An OLE2 compound file is either a legacy .doc/.xls or an encrypted OOXML package
        // ([MS-OFFCRYPTO]: the streams EncryptionInfo and EncryptedPackage).
        if find(bytes, &utf16le("EncryptedPackage")).is_some() {
            return ExtractError::Encrypted;
        }
        if find(bytes, &utf16le("WordDocument")).is_some() {
            return ExtractError::LegacyDoc;
        }
        return ExtractError::UnknownFormat(
            "OLE2 compound file that is not a Word document".into(),
        );
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match zip::ZipArchive::new(Cursor::new(bytes)) {
            // Parts under word/ make it a Word package that has lost its main part, which the
            // officer should hear as such rather than as "some zip".
            Ok(z) if z.file_names_raw().any(|n| n.starts_with(b"word/")) => {
                ExtractError::docx("Word package without its main part word/document.xml")
            }
            Ok(_) => ExtractError::UnknownFormat(
                "zip archive without word/document.xml (not a DOCX)".into(),
            ),
            Err(e) => ExtractError::docx(format!("broken zip archive: {e}")),
        };
    }
    let kind = match bytes {
        [0x89, b'P', b'N', b'G', ..] => "a PNG image",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [b'G', b'I', b'F', b'8', ..] => "a GIF image",
        [b'R', b'a', b'r', b'!', ..] => "a RAR archive",
        [0x1F, 0x8B, ..] => "a gzip archive",
        [b'{', b'\\', b'r', b't', b'f', ..] => "an RTF document",
        _ => "binary data that is neither PDF, DOCX nor text",
    };
    ExtractError::UnknownFormat(kind.into())
}

/// Office litter and hidden files that are listed as skipped, never read: `.DS_Store`,
/// `Thumbs.db`, `desktop.ini`, Word's lock files `~$*`, AppleDouble `._*`, and any dot-file.
/// Returns the reason, or `None` for a real document.
pub fn is_litter(file_name: &str) -> Option<&'static str> {
    let lower = file_name.to_ascii_lowercase();
    if lower == "thumbs.db" || lower == "desktop.ini" || lower == "ehthumbs.db" {
        Some("office litter (Windows thumbnail/folder settings)")
    } else if lower == ".ds_store" || lower.starts_with("._") {
        Some("office litter (macOS Finder metadata)")
    } else if lower.starts_with("~$") {
        Some("office litter (Word lock file)")
    } else if lower.starts_with('.') {
        Some("hidden file")
    } else {
        None
    }
}

fn zip_has(bytes: &[u8], entry: &str) -> bool {
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z.index_for_name(entry).is_some(),
        Err(_) => false,
    }
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_content() {
        assert_eq!(detect_format(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(detect_format("从业人员共计126人\n".as_bytes()), Format::Txt);
        let (gbk, _, _) =
            encoding_rs::GBK.encode("申报单位：福建某某科技有限公司\n从业人员共计126人。");
        assert_eq!(detect_format(&gbk), Format::Txt);
        assert_eq!(
            detect_format(&[0u8, 159, 146, 150, 7, 0, 3, 255, 1, 2]),
            Format::Unknown
        );
        assert_eq!(detect_format(b"PK\x03\x04garbage"), Format::Unknown);
    }

    #[test]
    fn litter() {
        assert!(is_litter(".DS_Store").is_some());
        assert!(is_litter("~$申报书.docx").is_some());
        assert!(is_litter("Thumbs.db").is_some());
        assert!(is_litter("申报书.docx").is_none());
    }
}
