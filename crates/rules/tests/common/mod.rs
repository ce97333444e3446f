//! Fixture builders shared by the rule tests.
#![allow(dead_code)]

use intake_model::{
    Block, BlockKind, Decimal, DocMeta, Document, Fact, Page, Period, ReadMethod, Value,
};

pub const SUB: &str = "sub-0001";
pub const DOC: &str = "申报书.docx";

/// A fact of `metric` with `value`, quoted as `quote`, in 申报书.docx (no pages).
pub fn fact(metric: &str, value: Value, quote: &str) -> Fact {
    let unit = intake_model::metric(metric)
        .map_or("-", |m| m.unit)
        .to_string();
    Fact {
        submission: SUB.into(),
        document: DOC.into(),
        metric: metric.into(),
        value,
        unit,
        page: None,
        quote: quote.into(),
        offset: [0, quote.chars().count()],
        period: None,
        method: ReadMethod::Prose,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }
}

pub fn num(metric: &str, v: Decimal) -> Fact {
    fact(metric, Value::Number(v), &format!("{metric}：{v}"))
}

pub fn int(metric: &str, v: i64) -> Fact {
    num(metric, Decimal::from(v))
}

pub fn date(metric: &str, d: &str) -> Fact {
    fact(
        metric,
        Value::Date(d.parse().unwrap()),
        &format!("{metric}：{d}"),
    )
}

pub fn text(metric: &str, t: &str) -> Fact {
    fact(metric, Value::Text(t.into()), &format!("{metric}：{t}"))
}

pub fn boolean(metric: &str, b: bool) -> Fact {
    fact(metric, Value::Bool(b), &format!("{metric}：{b}"))
}

pub fn with_period(mut f: Fact, label: &str, from: Option<i32>, to: Option<i32>) -> Fact {
    f.period = Some(Period {
        label: label.into(),
        from_year: from,
        to_year: to,
    });
    f
}

/// A one-page PDF-like document whose blocks are paragraphs (or table rows for `\t` lines).
pub fn doc(title: Option<&str>, lines: &[&str]) -> Document {
    let mut table_row = 0;
    let blocks = lines
        .iter()
        .map(|l| {
            if l.contains('\t') {
                table_row += 1;
                Block {
                    text: l.to_string(),
                    kind: BlockKind::TableRow {
                        table: 0,
                        row: table_row - 1,
                    },
                    bbox: None,
                    ocr_confidence: None,
                }
            } else {
                Block::paragraph(*l)
            }
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
        meta: DocMeta {
            title: title.map(str::to_string),
            ..DocMeta::default()
        },
        language: Some("zh".into()),
        warnings: Vec::new(),
    }
}
