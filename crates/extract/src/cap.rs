//! One bound on the text every later stage reads in one piece: a block (a line of a text
//! file, a paragraph, a table row) longer than [`MAX_BLOCK_CHARS`] characters is cut into
//! consecutive blocks of at most that many. The facts reader, the index (which groups blocks
//! into entries) and the copied-text search (which breaks runs at blocks) then work on pieces
//! of bounded size whatever the file holds — a 50 MiB file that is one line costs what 6,400
//! ordinary paragraphs cost. A figure that straddles a cut is not read; a cut falls at a
//! sentence end, a space or a comma within the last [`SOFT_WINDOW`] characters when there is
//! one, so that is rare, and no real paragraph is this long.

use intake_model::{Block, Document};

/// Most characters of one block (8,192: a long paragraph of a Chinese application is under
/// 2,000).
pub const MAX_BLOCK_CHARS: usize = 8_192;
/// How far back from a hard cut a sentence end or blank is looked for.
const SOFT_WINDOW: usize = 256;

/// Cuts every over-long block of `doc` in place and says so in a warning. Linear in the text.
pub(crate) fn cap_blocks(doc: &mut Document) {
    let mut cut = 0usize;
    for page in &mut doc.pages {
        if page.blocks.iter().all(|b| b.text.len() <= MAX_BLOCK_CHARS) {
            continue; // bytes ≥ chars: nothing to cut on this page
        }
        let blocks = std::mem::take(&mut page.blocks);
        for b in blocks {
            if b.text.len() <= MAX_BLOCK_CHARS || b.text.chars().count() <= MAX_BLOCK_CHARS {
                page.blocks.push(b);
                continue;
            }
            cut += 1;
            for piece in pieces(&b.text) {
                page.blocks.push(Block {
                    text: piece.to_string(),
                    kind: b.kind,
                    bbox: b.bbox,
                    ocr_confidence: b.ocr_confidence,
                });
            }
        }
    }
    if cut > 0 {
        doc.warnings.push(format!(
            "{cut} blocks longer than {MAX_BLOCK_CHARS} characters were cut into pieces of at most \
             {MAX_BLOCK_CHARS}"
        ));
    }
}

/// `text` in consecutive pieces of at most [`MAX_BLOCK_CHARS`] characters, none empty.
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        // Byte offsets of the first MAX_BLOCK_CHARS + 1 characters' starts.
        let hard = match rest.char_indices().nth(MAX_BLOCK_CHARS) {
            Some((b, _)) => b,
            None => {
                out.push(rest);
                break;
            }
        };
        let window_start = rest[..hard]
            .char_indices()
            .rev()
            .nth(SOFT_WINDOW - 1)
            .map_or(0, |(b, _)| b);
        let soft = rest[window_start..hard]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '。' | '；' | '！' | '？' | '，' | ';' | '.' | ' ' | ','))
            .map(|(b, c)| window_start + b + c.len_utf8());
        let at = soft.filter(|&s| s > 0).unwrap_or(hard);
        out.push(&rest[..at]);
        rest = &rest[at..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_model::Page;

    #[test]
    fn a_long_line_is_cut_at_sentence_ends_and_nothing_is_lost() {
        let sentence = "从业人员总数为126人。";
        let line = sentence.repeat(3 * MAX_BLOCK_CHARS / sentence.chars().count());
        let mut doc = Document {
            pages: vec![Page {
                blocks: vec![Block::paragraph("短"), Block::paragraph(line.clone())],
                ..Page::default()
            }],
            ..Document::default()
        };
        cap_blocks(&mut doc);
        let blocks = &doc.pages[0].blocks;
        assert!(blocks.len() >= 4, "{}", blocks.len());
        assert_eq!(blocks[0].text, "短");
        let joined: String = blocks[1..].iter().map(|b| b.text.as_str()).collect();
        assert_eq!(joined, line);
        for b in &blocks[1..] {
            assert!(b.text.chars().count() <= MAX_BLOCK_CHARS);
            assert!(b.text.starts_with("从业"), "cut inside a sentence");
        }
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn a_line_without_breaks_is_cut_hard() {
        let line = "甲".repeat(2 * MAX_BLOCK_CHARS + 5);
        let p = pieces(&line);
        let lens: Vec<usize> = p.iter().map(|s| s.chars().count()).collect();
        assert_eq!(lens, [MAX_BLOCK_CHARS, MAX_BLOCK_CHARS, 5]);
    }
}
