//! Plain text: UTF-8, UTF-16 with or without a BOM, or GB18030/GBK (real Chinese .txt is
//! often GBK).

use encoding_rs::{Encoding, GB18030, UTF_8};
use intake_model::{Block, BlockKind, Document, Page};

use crate::{ExtractError, Limits};

/// Reads a text file: decodes it (BOM, else UTF-16 by shape, else strict UTF-8, else UTF-8 or
/// GB18030 line by line),
/// then makes one block per non-empty line; runs of lines holding tabs become table rows (cells
/// split on `\t`), and so do runs of two or more lines set out with vertical bars
/// (`成果类型 | 数量（项）`, Markdown's `| a | b |`) with the same number of cells (see
/// [`bar_cells`]). Invalid bytes are replaced with U+FFFD and counted in a warning; a file that
/// mixes UTF-8 and GB18030 lines is read in full and says so in a warning.
pub fn read_txt(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let Decoded {
        text,
        label,
        bad,
        mixed,
    } = decode(bytes);
    let mut doc = Document::default();
    if bad > 0 {
        doc.warnings
            .push(format!("{bad} invalid byte sequences in {label} replaced"));
    }
    if let Some((utf, gb)) = mixed {
        doc.warnings.push(format!(
            "mixed encodings: {utf} lines read as UTF-8, {gb} as GB18030"
        ));
    }
    let mut blocks = Vec::new();
    let mut table = 0u32;
    let mut row: Option<u32> = None;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let bars = bar_rows(&lines);
    // Whether the current table's rows are set out with bars (else with tabs): a table of the
    // other kind right after it is a table of its own.
    let mut barred = false;
    for (i, &line) in lines.iter().enumerate() {
        if i % 4096 == 0 {
            limits.check_time()?;
        }
        if line.trim().is_empty() || bars[i] == Bar::Rule {
            if line.trim().is_empty() && row.take().is_some() {
                table += 1;
            }
            continue;
        }
        let cells: Option<Vec<&str>> = if let Bar::Row(cells) = &bars[i] {
            Some(cells.clone())
        } else if line.contains('\t') {
            Some(line.split('\t').map(str::trim).collect())
        } else {
            None
        };
        if let Some(cells) = cells {
            let bar = matches!(bars[i], Bar::Row(_));
            if bar != barred && row.take().is_some() {
                table += 1;
            }
            barred = bar;
            let r = row.map_or(0, |r| r + 1);
            row = Some(r);
            blocks.push(Block {
                text: cells.join("\t"),
                kind: BlockKind::TableRow { table, row: r },
                bbox: None,
                ocr_confidence: None,
            });
        } else {
            if row.take().is_some() {
                table += 1;
            }
            blocks.push(Block::paragraph(line.trim()));
        }
    }
    doc.pages.push(Page {
        number: None,
        has_text_layer: true,
        blocks,
        ..Page::default()
    });
    Ok(doc)
}

/// How a line of a text file stands in a table set out with vertical bars.
#[derive(Debug, PartialEq)]
enum Bar<'a> {
    /// Not part of such a table.
    No,
    /// A row, with its cells trimmed.
    Row(Vec<&'a str>),
    /// Markdown's rule under the header (`|---|:--:|`): no text of its own.
    Rule,
}

/// The cells of a line set out with vertical bars: `a | b`, `| a | b |` (the outer bars are
/// frame, not cells); `None` for a line with no bar between cells, or with more than one empty
/// cell (bars drawn as decoration). Bars inside prose are rare but possible, so a line alone is
/// never a table: [`bar_rows`] wants two neighbours with as many cells.
fn bar_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    if !inner.contains('|') {
        return None;
    }
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    // Every cell but at most one has text: a bar that only decorates is no column.
    (cells.iter().filter(|c| c.is_empty()).count() <= 1).then_some(cells)
}

/// Whether a line is Markdown's rule under a table's header (`|---|:--:|`).
fn bar_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Marks the rows of tables set out with vertical bars: runs of two or more consecutive lines
/// with the same number of cells and the same frame (all opening with a bar, or none), a
/// Markdown rule line among them belonging to the run. Linear in the lines.
fn bar_rows<'a>(lines: &[&'a str]) -> Vec<Bar<'a>> {
    let framed = |l: &str| l.trim_start().starts_with('|');
    let mut out: Vec<Bar<'a>> = lines.iter().map(|_| Bar::No).collect();
    let mut i = 0;
    while i < lines.len() {
        let Some(first) = bar_cells(lines[i]).filter(|_| !bar_rule(lines[i])) else {
            i += 1;
            continue;
        };
        let (width, frame) = (first.len(), framed(lines[i]));
        let mut j = i + 1;
        let mut rows = 1;
        while j < lines.len() {
            if bar_rule(lines[j]) {
                j += 1;
            } else if framed(lines[j]) == frame
                && bar_cells(lines[j]).is_some_and(|c| c.len() == width)
            {
                rows += 1;
                j += 1;
            } else {
                break;
            }
        }
        if rows >= 2 {
            for k in i..j {
                out[k] = match bar_cells(lines[k]) {
                    Some(c) if !bar_rule(lines[k]) => Bar::Row(c),
                    _ => Bar::Rule,
                };
            }
        }
        i = j;
    }
    out
}

/// Text decoded from bytes.
pub(crate) struct Decoded {
    /// The text, with U+FFFD where bytes could not be decoded.
    pub(crate) text: String,
    /// The encoding(s) used, for warnings: `UTF-8`, `GB18030`, `UTF-16LE`, or both of the first
    /// two for a file whose lines mix them.
    pub(crate) label: String,
    /// Invalid byte sequences replaced with U+FFFD.
    pub(crate) bad: usize,
    /// Lines read as UTF-8 and lines read as GB18030, when a file mixes the two.
    pub(crate) mixed: Option<(usize, usize)>,
}

/// How one line of a file that is not valid UTF-8 reads best.
#[derive(Clone, Copy, PartialEq)]
enum LineEnc {
    /// Valid UTF-8, or UTF-8 with damage: at least as many good multi-byte characters as bad
    /// sequences.
    Utf8,
    /// More damage than characters as UTF-8, and clean GB18030 with at least two non-ASCII
    /// characters.
    Gb,
    /// Too little to tell (a stray byte or two): read like the rest of the file.
    Either,
}

/// Decodes text bytes: a BOM decides; else UTF-16 recognised by its zero bytes; else strict
/// UTF-8; else UTF-16 recognised by its code units; else line by line, since Chinese text
/// files are often UTF-8 and GBK pasted together. GB18030 is a superset of GBK and GB2312.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_as(enc, &bytes[bom..]);
    }
    if let Some(enc) = crate::utf16::zero_pattern(bytes) {
        return decode_as(enc, bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_owned(),
            label: UTF_8.name().into(),
            bad: 0,
            mixed: None,
        };
    }
    if let Some(enc) = crate::utf16::sniff(bytes) {
        return decode_as(enc, bytes);
    }
    let lines: Vec<(&[u8], LineEnc)> = bytes
        .split_inclusive(|&b| b == b'\n')
        .map(|l| (l, classify(l)))
        .collect();
    let voters = |e: LineEnc| {
        lines
            .iter()
            .filter(|(l, c)| *c == e && !l.is_ascii())
            .count()
    };
    let prior = if voters(LineEnc::Utf8) >= voters(LineEnc::Gb) {
        LineEnc::Utf8
    } else {
        LineEnc::Gb
    };
    let mut out = Decoded {
        text: String::with_capacity(bytes.len()),
        label: String::new(),
        bad: 0,
        mixed: None,
    };
    let (mut utf, mut gb) = (0, 0);
    for (line, class) in lines {
        let class = if class == LineEnc::Either {
            prior
        } else {
            class
        };
        let text = if class == LineEnc::Gb {
            gb += usize::from(!line.is_ascii());
            GB18030.decode_without_bom_handling(line).0
        } else {
            utf += usize::from(!line.is_ascii());
            String::from_utf8_lossy(line)
        };
        out.bad += text.matches('\u{FFFD}').count();
        out.text.push_str(&text);
    }
    out.label = match (utf, gb) {
        (0, _) => GB18030.name().into(),
        (_, 0) => UTF_8.name().into(),
        _ => {
            out.mixed = Some((utf, gb));
            format!("{} and {}", UTF_8.name(), GB18030.name())
        }
    };
    out
}

/// `bytes` decoded as `enc` (a BOM already stripped), damage replaced and counted.
fn decode_as(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let bad = text.matches('\u{FFFD}').count();
    Decoded {
        text: text.into_owned(),
        label: enc.name().into(),
        bad,
        mixed: None,
    }
}

fn classify(line: &[u8]) -> LineEnc {
    if std::str::from_utf8(line).is_ok() {
        return LineEnc::Utf8;
    }
    let lossy = String::from_utf8_lossy(line);
    let bad = lossy.matches('\u{FFFD}').count();
    let good = lossy
        .chars()
        .filter(|&c| c != '\u{FFFD}' && !c.is_ascii())
        .count();
    if good >= bad {
        return LineEnc::Utf8;
    }
    match GB18030.decode_without_bom_handling_and_without_replacement(line) {
        Some(s) if s.chars().filter(|c| !c.is_ascii()).count() >= 2 => LineEnc::Gb,
        _ => LineEnc::Either,
    }
}

/// Whether bytes look like text: a BOM, UTF-16 without one (see [`crate::utf16::sniff`]), or
/// bytes that decode with few control characters and at most 10% invalid sequences. Looks at
/// the first 64 KiB.
///
/// Control characters (NUL included, but not tab, line breaks and form feed) are allowed up
/// to one in twenty characters plus two: a stray ESC, NUL or form feed left by an editor or a
/// PDF-to-text tool does not make text binary, while binary data decodes to about one control
/// character in nine bytes and is refused.
pub(crate) fn looks_like_text(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return true;
    }
    let mut head = &bytes[..bytes.len().min(64 * 1024)];
    // Don't let a multi-byte character cut at the 64 KiB edge count as damage.
    if head.len() < bytes.len() {
        head = &head[..head.len().saturating_sub(4)];
    }
    let Decoded { text, bad, .. } = decode(head);
    let total = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    // Control characters are what binary data decodes to; replaced sequences are also what a
    // damaged text file holds, so up to one character in ten may be bad.
    control <= total / 20 + 2 && bad * 10 <= total
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
        b.extend(
            "仪器设备原值1,250万元"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
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
        assert_eq!(doc.pages[0].blocks[1].text, "\u{FFFD}");
        assert_eq!(doc.pages[0].blocks[2].text, "从业人员共计126人");
        assert_eq!(doc.warnings, ["1 invalid byte sequences in UTF-8 replaced"]);
    }

    #[test]
    fn mixed_utf8_and_gbk_lines_both_read() {
        let mut b = "申报单位：闽江检测技术有限公司\n从业人员共计126人。\n"
            .as_bytes()
            .to_vec();
        let (gbk, _, _) = encoding_rs::GBK.encode("研发人员45人。\n实验室面积1,200平方米。\n");
        b.extend_from_slice(&gbk);
        let doc = read_txt(&b, &Limits::default()).unwrap();
        let texts: Vec<&str> = doc.pages[0]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "申报单位：闽江检测技术有限公司",
                "从业人员共计126人。",
                "研发人员45人。",
                "实验室面积1,200平方米。"
            ]
        );
        assert_eq!(
            doc.warnings,
            ["mixed encodings: 2 lines read as UTF-8, 2 as GB18030"]
        );
    }

    #[test]
    fn utf16_without_bom_is_text_in_either_order() {
        let text = "申报单位：闽江检测技术有限公司\r\n从业人员共计126人。\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, label) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            assert!(looks_like_text(&bytes), "{label}");
            assert_eq!(decode(&bytes).label, label);
            let doc = read_txt(&bytes, &Limits::default()).unwrap();
            let blocks: Vec<&str> = doc.pages[0].blocks.iter().map(|b| &b.text[..]).collect();
            assert_eq!(
                blocks,
                ["申报单位：闽江检测技术有限公司", "从业人员共计126人。"]
            );
        }
    }

    #[test]
    fn a_few_control_characters_do_not_make_text_binary() {
        // A form feed between pages, an ESC from a terminal paste, a stray NUL.
        let text = "申报单位：闽江检测技术有限公司\x0c\n\x1b[0m从业人员共计126人。\0\n";
        assert!(looks_like_text(text.as_bytes()));
        let long = format!("{}\x1b\0", "从业人员共计126人。\n".repeat(200));
        assert!(looks_like_text(long.as_bytes()));
        // Control characters throughout are binary, whatever else is there.
        let noisy: String = "从业人员\x01\x02\x03\x04".repeat(50);
        assert!(!looks_like_text(noisy.as_bytes()));
        let mut binary = b"\0\0\0\x01".to_vec();
        binary.extend((0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert!(!looks_like_text(&binary));
    }

    #[test]
    fn lines_set_out_with_bars_are_table_rows() {
        let text = "表2 人员构成\n职称 | 人数（人）\n正高级 | 12\n副高级 | 30\n\n\
                    | 类别 | 数量 |\n|:--|--:|\n| 发明专利 | 7 |\n| 软件著作权 | 5 |\n\
                    输入 a|b 时取两者之一。\n";
        let doc = read_txt(text.as_bytes(), &Limits::default()).unwrap();
        let got: Vec<(String, Option<(u32, u32)>)> = doc.pages[0]
            .blocks
            .iter()
            .map(|b| {
                let at = match b.kind {
                    BlockKind::TableRow { table, row } => Some((table, row)),
                    BlockKind::Paragraph => None,
                };
                (b.text.clone(), at)
            })
            .collect();
        let want = [
            ("表2 人员构成", None),
            ("职称\t人数（人）", Some((0, 0))),
            ("正高级\t12", Some((0, 1))),
            ("副高级\t30", Some((0, 2))),
            ("类别\t数量", Some((1, 0))),
            ("发明专利\t7", Some((1, 1))),
            ("软件著作权\t5", Some((1, 2))),
            // One line with a bar in prose is no table.
            ("输入 a|b 时取两者之一。", None),
        ];
        let want: Vec<(String, Option<(u32, u32)>)> =
            want.iter().map(|(t, a)| (t.to_string(), *a)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn bar_lines_of_different_widths_are_not_one_table() {
        let text = "甲 | 乙\n丙 | 丁 | 戊\n";
        let doc = read_txt(text.as_bytes(), &Limits::default()).unwrap();
        assert!(
            doc.pages[0]
                .blocks
                .iter()
                .all(|b| b.kind == BlockKind::Paragraph),
            "{:?}",
            doc.pages[0].blocks
        );
    }
}
