//! Builders for facts and documents used by the integration tests.
#![allow(dead_code)]

use intake_model::{Block, BlockKind, DocMeta, Document, Fact, Page, Period, ReadMethod, Value};

/// A numeric fact of `sub-1` with the metric's canonical unit.
pub fn num(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        submission: "sub-1".into(),
        document: doc.into(),
        metric: metric.into(),
        value: Value::Number(value.parse().unwrap()),
        unit: intake_model::metric(metric)
            .map(|m| m.unit.to_string())
            .unwrap_or_else(|| "-".into()),
        page: None,
        quote: quote.into(),
        offset: [0, 0],
        period: None,
        method: ReadMethod::Prose,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }
}

/// A date fact.
pub fn date(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        // Garbage that is no date (a hostile test's "1") stays text, as a reader would leave it.
        value: value
            .parse()
            .map_or_else(|_| Value::Text(value.into()), Value::Date),
        unit: "-".into(),
        ..num(metric, "0", doc, quote)
    }
}

/// A text fact.
pub fn text(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        value: Value::Text(value.into()),
        unit: "-".into(),
        ..num(metric, "0", doc, quote)
    }
}

/// The same fact on a PDF page.
pub fn on_page(mut f: Fact, page: u32) -> Fact {
    f.page = Some(page);
    f
}

/// The same fact stated for a period.
pub fn period(mut f: Fact, label: &str, from: Option<i32>, to: Option<i32>) -> Fact {
    f.period = Some(Period {
        label: label.into(),
        from_year: from,
        to_year: to,
    });
    f
}

/// The same fact marked approximate.
pub fn approx(mut f: Fact) -> Fact {
    f.approx = true;
    f
}

/// The same fact read from a table.
pub fn table(mut f: Fact) -> Fact {
    f.method = ReadMethod::Table;
    f
}

/// A page-less document (DOCX/TXT) of paragraphs.
pub fn doc(paragraphs: &[&str]) -> Document {
    Document {
        pages: vec![Page {
            number: None,
            blocks: paragraphs.iter().map(|p| Block::paragraph(*p)).collect(),
            language: Some("zh".into()),
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        meta: DocMeta::default(),
        language: Some("zh".into()),
        warnings: Vec::new(),
    }
}

/// A one-page PDF-like document holding one table (rows of tab-separated cells).
pub fn table_doc(rows: &[Vec<String>]) -> Document {
    let blocks = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Block {
            text: r.join("\t"),
            kind: BlockKind::TableRow {
                table: 0,
                row: i as u32,
            },
            bbox: None,
            ocr_confidence: None,
        })
        .collect();
    Document {
        pages: vec![Page {
            number: Some(1),
            blocks,
            language: Some("zh".into()),
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        ..Document::default()
    }
}

/// The application date fact every dated test needs.
pub fn app_date(d: &str) -> Fact {
    date(
        "application.date",
        d,
        "申报书.docx",
        &format!("申报日期：{d}"),
    )
}

/// The five built-in rulebooks, loaded once for every test.
fn books() -> &'static intake_rules::Rulebooks {
    static BOOKS: std::sync::LazyLock<intake_rules::Rulebooks> = std::sync::LazyLock::new(|| {
        intake_rules::Rulebooks::builtin().expect("built-in rulebooks")
    });
    &BOOKS
}

/// The thresholds the pipeline hands intake-integrity from the five built-in rulebooks
/// (`intake_rules::Rulebooks::bunching_thresholds`, held to the former table by its own test).
pub fn thresholds() -> &'static intake_model::Thresholds {
    static T: std::sync::LazyLock<intake_model::Thresholds> =
        std::sync::LazyLock::new(|| books().bunching_thresholds());
    &T
}

/// The five programs as the built-in rulebooks define them (`intake_rules::Rulebooks::regimes`):
/// id, Chinese name, order, and the integrity rules each lists.
pub fn regimes() -> intake_model::Regimes {
    books().regimes()
}
