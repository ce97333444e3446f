//! Prints the facts intake-facts reads from a text file (one paragraph per line; lines holding
//! tabs are table rows, a blank line starts a new table), as JSON lines.
//!
//! `cargo run -p intake-facts --example facts_of -- FILE`

use intake_model::{Block, BlockKind, Document, Page};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: facts_of FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut pages = Vec::new();
    for (pi, page_text) in text.split('\x0c').enumerate() {
        let mut blocks = Vec::new();
        let (mut table, mut row, mut in_table) = (pi as u32 * 100, 0, false);
        for line in page_text.lines() {
            if line.contains('\t') {
                if !in_table {
                    table += 1;
                    row = 0;
                    in_table = true;
                }
                blocks.push(Block {
                    text: line.into(),
                    kind: BlockKind::TableRow { table, row },
                    bbox: None,
                    ocr_confidence: None,
                });
                row += 1;
            } else {
                in_table = false;
                blocks.push(Block::paragraph(line));
            }
        }
        pages.push(Page {
            number: Some(pi as u32 + 1),
            blocks,
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        });
    }
    let doc = Document {
        pages,
        ..Default::default()
    };
    let mut facts = intake_facts::Reader::new().read("sub", &path, &doc);
    intake_facts::resolve_submission(&mut facts);
    for f in facts {
        println!("{}", serde_json::to_string(&f).unwrap_or_default());
    }
}
