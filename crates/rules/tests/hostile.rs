//! Untrusted documents and facts: detection and evaluation never panic, stay bounded, and give
//! the same answer twice.

mod common;

use common::*;
use intake_model::{Block, BlockKind, Decimal, DocMeta, Document, Fact, Page, Value};
use intake_rules::{Detection, Rulebooks, detect, evaluate, verdict};

/// A tiny deterministic generator (64-bit LCG): the same cases on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

const PIECES: &[&str] = &[
    "工业互联网产业联盟",
    "实验室",
    "实训基地",
    "（",
    "）",
    "(",
    "：",
    ":",
    "\t",
    "  ",
    "国家质量标准实验室",
    "产业技术基础公共服务平台",
    "数字化转型促进中心",
    "申报书",
    "国家级",
    "省级",
    "综合类",
    "功能类",
    "行业类",
    "技术创新",
    "人才培育",
    "□",
    "☑",
    "名称",
    "服务范围",
    "服务行业领域",
    "建设期限",
    "报送日期",
    "2025年",
    "13月",
    "45日",
    "9999999999年",
    "一",
    "两年",
    "个月",
    "至",
    "—",
    "年度运行情况表",
    "××",
    "𠀀",
    "\u{202e}",
    "",
];

fn text(rng: &mut Lcg) -> String {
    (0..rng.next() % 12).map(|_| rng.pick(PIECES)).collect()
}

fn document(rng: &mut Lcg) -> Document {
    let pages = (0..1 + rng.next() % 3)
        .map(|p| Page {
            number: if rng.next().is_multiple_of(2) {
                Some(p as u32 + 1)
            } else {
                None
            },
            blocks: (0..rng.next() % 40)
                .map(|i| Block {
                    text: text(rng),
                    kind: if rng.next().is_multiple_of(3) {
                        BlockKind::TableRow {
                            table: (i % 2) as u32,
                            row: (i / 2) as u32,
                        }
                    } else {
                        BlockKind::Paragraph
                    },
                    bbox: None,
                    ocr_confidence: None,
                })
                .collect(),
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        })
        .collect();
    Document {
        pages,
        meta: DocMeta {
            title: Some(text(rng)),
            ..DocMeta::default()
        },
        ..Document::default()
    }
}

fn facts(rng: &mut Lcg) -> Vec<Fact> {
    let metrics = [
        "staff.total",
        "staff.masters",
        "staff.phd",
        "director.age",
        "director.birth_date",
        "application.date",
        "org.founded",
        "report.year",
        "org.kind",
        "org.name",
        "staff.masters_or_mid_title",
        "equipment.original_value",
        "revenue.service_annual",
        "staff.operating",
        "standards.led_3y",
    ];
    let values = [
        Value::Number(Decimal::MAX),
        Value::Number(Decimal::MIN),
        Value::Number(Decimal::ZERO),
        Value::Number("-3.5".parse().unwrap()),
        Value::Number(2147483647.into()),
        Value::Text("2024-13-45".into()),
        Value::Date("0000-01-01".parse().unwrap()),
        Value::Text("高等学校".into()),
        Value::Text(String::new()),
        Value::Bool(false),
    ];
    (0..rng.next() % 20)
        .map(|_| {
            let m = metrics[(rng.next() as usize) % metrics.len()];
            let v = values[(rng.next() as usize) % values.len()].clone();
            fact(m, v, "q")
        })
        .collect()
}

#[test]
fn random_documents_and_facts_never_panic_and_are_deterministic() {
    let books = Rulebooks::builtin().unwrap();
    let mut rng = Lcg(20260322);
    for _ in 0..300 {
        let docs: Vec<Document> = (0..1 + rng.next() % 3)
            .map(|_| document(&mut rng))
            .collect();
        let refs: Vec<(&str, &Document)> = docs.iter().map(|d| ("a.pdf", d)).collect();
        let fs = facts(&mut rng);
        let overrides = [
            "",
            "regime = ",
            "regime = \"promotion-center\"",
            "[x",
            "level = 3",
        ][(rng.next() % 5) as usize];
        let a = detect(&refs, &fs, Some(overrides));
        assert_eq!(a, detect(&refs, &fs, Some(overrides)));
        let f1 = evaluate(&books, SUB, &a, &fs);
        assert_eq!(f1, evaluate(&books, SUB, &a, &fs));
        let _ = verdict(&f1);
        for r in books.regimes().iter() {
            let d = Detection {
                regime: Some(r.id.clone()),
                ..a.clone()
            };
            let _ = evaluate(&books, SUB, &d, &fs);
        }
    }
}

#[test]
fn a_huge_document_is_read_within_bounds() {
    let line = "实验室名称：工业互联网产业联盟边缘计算实验室（".repeat(50);
    let blocks: Vec<Block> = (0..60_000)
        .map(|_| Block::paragraph(line.clone()))
        .collect();
    let d = Document {
        pages: vec![Page {
            number: Some(1),
            blocks,
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        ..Document::default()
    };
    let det = detect(&[("big.pdf", &d)], &[], None);
    assert!(det.fields.len() <= 5_000 && det.names.len() <= 500);
}
