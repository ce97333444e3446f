//! word/document.xml's body as blocks: paragraphs and the rows of top-level tables, in document
//! order, read as a stream of XML events (content controls, hyperlinks, insertions and text
//! boxes alike; deleted text and `mc:Fallback` copies skipped; no entity expanded).

use intake_model::{Block, BlockKind};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{ExtractError, Limits};

/// Deepest XML nesting accepted; real documents stay far below.
const MAX_XML_DEPTH: usize = 512;

/// Table being read: finished rows and the row and cell under construction.
#[derive(Default)]
struct TableState {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: String,
    span: usize,
}

/// Walks word/document.xml: paragraphs become [`BlockKind::Paragraph`] blocks, rows of
/// top-level tables become [`BlockKind::TableRow`] blocks (cells joined by `\t`; a cell spanning
/// n grid columns is followed by n−1 empty cells so values stay under their headers).
pub(super) fn body_blocks(xml: &[u8], limits: &Limits) -> Result<Vec<Block>, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut blocks = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    let mut tables: Vec<TableState> = Vec::new();
    let mut table_count = 0u32;
    let (mut depth, mut in_text, mut skip_depth) = (0usize, false, None::<usize>);
    let mut events = 0u64;
    loop {
        events += 1;
        if events.is_multiple_of(8192) {
            limits.check_time()?;
        }
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            ExtractError::docx(format!(
                "word/document.xml at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(ExtractError::OverBudget(format!(
                        "XML nested deeper than {MAX_XML_DEPTH}"
                    )));
                }
                if skip_depth.is_some() {
                    buf.clear();
                    continue;
                }
                match e.name().into_inner() {
                    "w:del" | "mc:Fallback" | "w:instrText" | "w:delText" => {
                        skip_depth = Some(depth)
                    }
                    "w:p" => paras.push(String::new()),
                    // w:t is run text; m:t is the text of an OMML equation.
                    "w:t" | "m:t" => in_text = true,
                    "w:tbl" => tables.push(TableState::default()),
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row.clear();
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell.clear();
                            t.span = 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.name().into_inner() {
                _ if skip_depth.is_some() => {}
                "w:tab" | "w:br" | "w:cr" => {
                    if let Some(p) = paras.last_mut() {
                        p.push(' ');
                    }
                }
                "w:gridSpan" => {
                    if let (Some(t), Some(v)) = (tables.last_mut(), attr(&e, "w:val")) {
                        t.span = v.parse().unwrap_or(1).clamp(1, 64);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth.is_none() => {
                let text = t.xml10_content();
                if let Some(p) = paras.last_mut() {
                    p.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_text && skip_depth.is_none() => {
                // Only the five predefined entities and character references; nothing expands.
                let name: &str = &r;
                if let (Some(p), Some(c)) = (paras.last_mut(), predefined_entity(name)) {
                    p.push(c);
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if let Some(d) = skip_depth {
                    if depth < d {
                        skip_depth = None;
                    }
                    buf.clear();
                    continue;
                }
                match e.name().into_inner() {
                    "w:t" | "m:t" => in_text = false,
                    "w:p" => {
                        let text = paras.pop().unwrap_or_default();
                        let text = text.trim();
                        if let Some(t) = tables.last_mut() {
                            if !text.is_empty() {
                                if !t.cell.is_empty() {
                                    t.cell.push(' ');
                                }
                                t.cell.push_str(text);
                            }
                        } else if let Some(outer) = paras.last_mut() {
                            // A text box's paragraph inside a paragraph: keep it with its anchor.
                            if !text.is_empty() {
                                outer.push(' ');
                                outer.push_str(text);
                            }
                        } else if !text.is_empty() {
                            blocks.push(Block::paragraph(text));
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            let cell = std::mem::take(&mut t.cell).replace(['\t', '\n'], " ");
                            t.row.push(cell);
                            for _ in 1..t.span {
                                t.row.push(String::new());
                            }
                        }
                    }
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            let row = std::mem::take(&mut t.row);
                            if row.iter().any(|c| !c.trim().is_empty()) {
                                t.rows.push(row);
                            }
                        }
                    }
                    "w:tbl" => {
                        let Some(t) = tables.pop() else { continue };
                        if let Some(parent) = tables.last_mut() {
                            // A nested table is flattened into the enclosing cell.
                            for row in t.rows {
                                if !parent.cell.is_empty() {
                                    parent.cell.push(' ');
                                }
                                parent.cell.push_str(row.join(" ").trim());
                            }
                        } else {
                            for (r, row) in t.rows.into_iter().enumerate() {
                                blocks.push(Block {
                                    text: row.join("\t"),
                                    kind: BlockKind::TableRow {
                                        table: table_count,
                                        row: r as u32,
                                    },
                                    bbox: None,
                                    ocr_confidence: None,
                                });
                            }
                            table_count += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(blocks)
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == key)
        .map(|a| a.value.to_string())
}
