//! Helpers the reader tests share: pages of paragraphs and table rows, read by one Reader,
//! every quote checked against its offsets.

use intake_facts::Reader;
use intake_model::{Block, BlockKind, Document, Fact, Page, Value};

pub fn page(number: Option<u32>, blocks: Vec<Block>) -> Page {
    Page {
        number,
        blocks,
        language: None,
        has_text_layer: true,
        unmapped_glyphs: 0,
    }
}

pub fn para(s: &str) -> Block {
    Block::paragraph(s)
}

pub fn row(table: u32, row: u32, s: &str) -> Block {
    Block {
        text: s.into(),
        kind: BlockKind::TableRow { table, row },
        bbox: None,
        ocr_confidence: None,
    }
}

pub static READER: std::sync::LazyLock<Reader> = std::sync::LazyLock::new(Reader::new);

pub fn read(pages: Vec<Page>) -> Vec<Fact> {
    let doc = Document {
        pages,
        ..Default::default()
    };
    let facts = READER.read("sub-0001", "申报书.pdf", &doc);
    // Every quote stands at its offsets in its page's text.
    let texts: Vec<(Option<u32>, Vec<char>)> = doc
        .pages
        .iter()
        .map(|p| (p.number, p.text().chars().collect()))
        .collect();
    for f in &facts {
        let (_, chars) = texts.iter().find(|(n, _)| *n == f.page).unwrap();
        let text: String = chars[f.offset[0]..f.offset[1]].iter().collect();
        assert_eq!(text, f.quote, "{}", f.metric);
    }
    facts
}

/// (metric, value as text) of every fact, in order.
pub fn summary(facts: &[Fact]) -> Vec<(String, String)> {
    facts
        .iter()
        .map(|f| {
            let v = match &f.value {
                Value::Number(n) => n.to_string(),
                Value::Text(t) => t.clone(),
                Value::Date(d) => d.to_string(),
                Value::Bool(b) => b.to_string(),
            };
            (f.metric.clone(), v)
        })
        .collect()
}
/// Expected `(metric, value)` pairs as owned strings, to compare with [`summary`].
pub fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}
