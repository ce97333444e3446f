//! Document text and figures are not trusted: extreme and malformed inputs yield findings or
//! nothing, never a panic.

mod common;

use common::*;
use intake_integrity::{Archive, BatchChecker, SubmissionInput, check_submission};
use intake_model::{Block, BlockKind, DocMeta, Document, Page, Regime};

/// Deterministic pseudo-random text over a small alphabet of digits, CJK, punctuation, breaks.
fn noise(seed: u64, len: usize) -> String {
    const ALPHABET: &[char] = &[
        '1', '9', '0', '.', ',', '合', '计', '\t', '\n', '：', '。', '万', '元', '%', 'X', '\u{0}',
        '𠀀',
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x % ALPHABET.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn extreme_figures_and_garbage_tables_do_not_panic() {
    let max = "79228162514264337593543950335";
    let facts = vec![
        app_date("9999-12-31"),
        num("staff.total", max, "a.docx", "x"),
        num("staff.total", &format!("-{max}"), "b.docx", "y"),
        num("staff.masters_or_mid_title", max, "a.docx", "x"),
        num("staff.masters_or_mid_title_pct", max, "a.docx", "x"),
        num("staff.phd", max, "a.docx", "x"),
        num("staff.masters", max, "a.docx", "x"),
        num("service.years", max, "a.docx", "x"),
        date("org.founded", "0000-01-01", "a.docx", "x"),
        date(
            "director.birth_date",
            "1",
            "a.docx",
            "身份证号 99999999999999999999999X",
        ),
        num("director.age", max, "a.docx", "x"),
        period(
            num("projects.national_5y", "1", "a.docx", "x"),
            "近5年",
            Some(i32::MIN),
            Some(i32::MAX),
        ),
        num("report.year", max, "a.docx", "x"),
        text(
            "org.credit_code",
            "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀",
            "a.docx",
            "x",
        ),
    ];
    let rows: Vec<Block> = (0..400)
        .map(|i| Block {
            text: noise(i, 40),
            kind: BlockKind::TableRow {
                table: (i % 3) as u32,
                row: i as u32,
            },
            bbox: None,
            ocr_confidence: None,
        })
        .chain((0..50).map(|i| Block::paragraph(noise(1000 + i, 300))))
        .collect();
    let doc = Document {
        pages: vec![Page {
            number: Some(1),
            blocks: rows,
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        meta: DocMeta {
            created: Some("not a date".into()),
            modified: Some("9999-99-99T".into()),
            xmp_created: Some("2024-02-30".into()),
            producer: Some("".into()),
            xmp_producer: Some("®".into()),
            rsid_root: Some("".into()),
            ..DocMeta::default()
        },
        ..Document::default()
    };
    let input = SubmissionInput {
        submission: "sub-x",
        regime: Some(Regime::new("iia-lab")),
        documents: vec![("a.docx", &doc)],
        facts: &facts,
        thresholds: common::thresholds(),
    };
    let found = check_submission(&input);
    assert!(found.iter().all(|f| !f.message.is_empty()));
    let mut b = BatchChecker::new().regimes(common::regimes());
    b.add(input.clone());
    b.add(SubmissionInput {
        submission: "sub-y",
        ..input
    });
    let _ = b.finish().unwrap();
    let a = b.to_archive("x").unwrap();
    assert_eq!(
        Archive::from_json(&a.to_json(), std::path::Path::new("x")).unwrap(),
        a
    );
}
