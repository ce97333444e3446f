//! Plain text: UTF-8, UTF-16 with BOM, or GB18030/GBK (real Chinese .txt is often GBK).

use encoding_rs::{Encoding, GB18030, UTF_8};
use intake_model::{Block, BlockKind, Document, Page};

use crate::{ExtractError, Limits};

/// Reads a text file: decodes it (BOM, else strict UTF-8, else GB18030), then makes one block
/// per non-empty line; runs of lines holding tabs become table rows (cells split on `\t`).
/// Invalid bytes are replaced with U+FFFD and counted in a warning.
pub fn read_txt(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let (text, enc, bad) = decode(bytes);
    let mut doc = Document::default();
    if bad > 0 {
        doc.warnings.push(format!("{bad} invalid byte sequences in {} replaced", enc.name()));
    }
    let mut blocks = Vec::new();
    let mut table = 0u32;
    let mut row: Option<u32> = None;
    for (i, line) in text.lines().enumerate() {
        if i % 4096 == 0 {
            limits.check_time()?;
        }
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if row.take().is_some() {
                table += 1;
            }
            continue;
        }
        if line.contains('\t') {
            let r = row.map_or(0, |r| r + 1);
            row = Some(r);
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            blocks.push(Block { text: cells.join("\t"), kind: BlockKind::TableRow { table, row: r }, bbox: None });
        } else {
            if row.take().is_some() {
                table += 1;
            }
            blocks.push(Block::paragraph(line.trim()));
        }
    }
    doc.pages.push(Page { number: None, has_text_layer: true, blocks, ..Page::default() });
    Ok(doc)
}

/// Decodes text bytes: returns the text, the encoding used, and how many invalid sequences
/// were replaced.
pub(crate) fn decode(bytes: &[u8]) -> (String, &'static Encoding, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        let bad = text.matches('\u{FFFD}').count();
        return (text.into_owned(), enc, bad);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), UTF_8, 0);
    }
    // Not valid UTF-8: pick whichever of UTF-8 (with damage) and GB18030 needs fewer
    // replacements. GB18030 is a superset of GBK and GB2312.
    let (gb, _, _) = GB18030.decode(bytes);
    let gb_bad = gb.matches('\u{FFFD}').count();
    let utf = String::from_utf8_lossy(bytes);
    let utf_bad = utf.matches('\u{FFFD}').count();
    if utf_bad < gb_bad {
        (utf.into_owned(), UTF_8, utf_bad)
    } else {
        (gb.into_owned(), GB18030, gb_bad)
    }
}

/// Whether bytes look like text: a BOM, or (decoded as UTF-8 or GB18030) almost all printable
/// characters and no NUL bytes. Looks at the first 64 KiB.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return true;
    }
    let mut head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return false;
    }
    // Don't let a multi-byte character cut at the 64 KiB edge count as damage.
    if head.len() < bytes.len() {
        head = &head[..head.len().saturating_sub(4)];
    }
    let (text, _, bad) = decode(head);
    let total = text.chars().count().max(1);
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')).count();
    (bad + control) * 100 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_reads_back() {
        let (gbk, _, _) = encoding_rs::GBK.encode("从业人员共计126人\n\n类别\t人数\n博士\t12\n");
        let doc = read_txt(&gbk, &Limits::default()).unwrap();
        let blocks = &doc.pages[0].blocks;
        assert_eq!(blocks[0].text, "从业人员共计126人");
        assert_eq!(blocks[2].text, "博士\t12");
        assert_eq!(blocks[2].kind, BlockKind::TableRow { table: 0, row: 1 });
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        b.extend("仪器设备原值1,250万元".encode_utf16().flat_map(u16::to_le_bytes));
        let doc = read_txt(&b, &Limits::default()).unwrap();
        assert_eq!(doc.pages[0].blocks[0].text, "仪器设备原值1,250万元");
    }

    #[test]
    fn invalid_utf8_is_read_and_said() {
        let mut b = "申报单位：某某公司\n".as_bytes().to_vec();
        b.extend([0xE4, 0xB8]); // a cut-off character
        b.extend("\n从业人员共计126人\n".as_bytes());
        let doc = read_txt(&b, &Limits::default()).unwrap();
        assert_eq!(doc.pages[0].blocks[0].text, "申报单位：某某公司");
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    }
}
