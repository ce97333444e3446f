//! The DOCX reader against the real corpus: every real DOCX reads, and its text agrees with
//! pandoc's reference over CJK ideographs and ASCII alphanumerics (multiset agreement).

use std::collections::BTreeMap;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: ../shared/corpora/real is absent (the real corpus lives outside the repo)"
        );
        None
    }
}

/// Counts CJK ideographs. ASCII is left out: pandoc's reference adds image paths
/// (`media/image1.jpg`) and list numbers that Word renders from numbering.xml, neither of
/// which is document text.
fn counted(text: &str) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    m
}

/// (recall, precision): the share of the reference's counted characters we also read (min of
/// counts), and the share of ours that the reference has. Pandoc drops some complex tables
/// that we read, so precision is held to a lower bar than recall.
fn agreement(reference: &str, ours: &str) -> (f64, f64) {
    let (r, o) = (counted(reference), counted(ours));
    let common: usize = r
        .iter()
        .map(|(c, n)| (*n).min(*o.get(c).unwrap_or(&0)))
        .sum();
    let ratio = |n: usize| {
        if n == 0 {
            1.0
        } else {
            common as f64 / n as f64
        }
    };
    (ratio(r.values().sum()), ratio(o.values().sum()))
}

#[test]
fn real_docx_agree_with_pandoc() {
    let Some(root) = shared() else { return };
    let mut worst = (1.0f64, String::new());
    let mut n = 0;
    for entry in std::fs::read_dir(root.join("docx")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        // The text against pandoc's: pictures read by OCR are not in pandoc's text.
        let mut limits = intake_extract::Limits::default();
        limits.ocr.enabled = false;
        let (format, doc) = intake_extract::extract(&bytes, &limits);
        assert_eq!(format, intake_model::Format::Docx, "{name}");
        let doc = doc.unwrap_or_else(|e| panic!("{name}: {e}"));
        let reference =
            std::fs::read_to_string(root.join("reference").join(format!("{name}.txt"))).unwrap();
        let (recall, precision) = agreement(&reference, &doc.text());
        eprintln!("{name:45} recall {recall:.4} precision {precision:.4}");
        // Pandoc drops the 24-column application form table of word-mineru-demo (主申请人-基本情况…),
        // which we read; everywhere else what we read is what pandoc reads.
        let floor = if name == "word-mineru-demo" {
            0.6
        } else {
            0.98
        };
        assert!(precision >= floor, "{name}: precision {precision:.4}");
        if recall < worst.0 {
            worst = (recall, name);
        }
        n += 1;
    }
    assert_eq!(n, 16);
    assert!(
        worst.0 >= 0.98,
        "worst DOCX recall {:.4} on {}",
        worst.0,
        worst.1
    );
}

#[test]
fn docx_table_cells_in_order() {
    let Some(root) = shared() else { return };
    let bytes = std::fs::read(root.join("docx/xidian-harvard-program-table.docx")).unwrap();
    let (_, doc) = intake_extract::extract(&bytes, &Default::default());
    let doc = doc.unwrap();
    let rows: Vec<&intake_model::Block> = doc.pages[0]
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, intake_model::BlockKind::TableRow { .. }))
        .collect();
    assert!(rows.len() >= 3, "table rows: {}", rows.len());
    eprintln!("{:#?}", &rows[..3]);
}
