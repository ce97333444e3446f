//! Pins intake's character agreement with poppler on the real corpus
//! (`../shared/corpora/real`, every `reference_ok = yes` PDF with a text layer) so it can
//! only go up. Metric as in `examples/pdf_agreement.rs`: multiset F1 over CJK ideographs and
//! ASCII letters/digits after NFKC, white-space ignored. Skips when the corpus is absent.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// Measured floors (percent), rounded down: each file must stay at or above its own.
const FLOORS: &[(&str, f64)] = &[
    ("ar-jinyu-bio-2020", 100.0),
    ("ar-sifang-tech-2019", 100.0),
    ("ar-zhangjiajie-tourism-2016", 100.0),
    ("ar-kweichow-moutai-2021", 100.0),
    ("fin-statement-jiuzhoutong-excel", 100.0),
    ("research-report-word-itext", 100.0),
    ("svolt-lfp-cell-datasheet", 100.0),
    ("magazine-page-gbk-euc-h-verypdf", 100.0),
    ("lists-and-table-ilovepdf", 100.0),
    ("lists-and-table-word2013", 100.0),
    ("chem-knowledge-intro-chrome", 100.0),
    ("thesis-pku-gbk-unigb", 100.0),
    ("procurement-negotiation-doc", 100.0),
    ("e-invoice-air-itinerary-jasper", 100.0),
    ("pdfjs-gbk-euc-h-no-tounicode", 100.0),
    ("pdfjs-gbkp-euc-h-fpdf", 100.0),
    ("pdfjs-unigb-utf16-no-tounicode", 100.0),
    ("pdfjs-indesign-founder-fonts", 100.0),
    ("pdfjs-template-identity-h", 100.0),
    ("pdfjs-billing-notice-custom-enc", 100.0),
    ("pdfjs-hk-company-form-unicns", 100.0),
    ("journal-stsong-gbk-founder", 100.0),
    ("bond-prospectus-tables", 100.0),
    ("broker-research-tables", 100.0),
    ("shipping-order-simsun-nonembedded", 100.0),
    ("bill-of-lading-word2013", 100.0),
    ("journal-1994-caj2pdf-gbk", 99.85),
    ("slides-powerpoint2016", 100.0),
    ("slides-wps-presentation", 100.0),
    ("competition-intro-chromium", 100.0),
    ("nsfc-general-proposal-xelatex", 100.0),
    ("nsfc-general-body-2024-miktex", 100.0),
    ("std-gbt9704-2012-gongwen-format", 100.0),
    ("gongwen-errata-table-wps", 100.0),
    ("yangpu-layout-map-wps", 100.0),
    ("ic-contest-charter-word2010", 100.0),
    ("cumcm-2020b-problem-quartz", 100.0),
    ("cumcm-2020b-attachment-quartz", 100.0),
];
/// Pooled agreement floor over all files above.
const TOTAL_FLOOR: f64 = 99.997;
/// Order-aware floor: share (percent) of reference lines with at least 6 counted characters
/// that appear contiguously in intake's text (measured 99.92).
const LINES_FLOOR: f64 = 99.9;
/// Files that have no text layer: must be read as pages without one.
const NO_TEXT: &[&str] = &[
    "scan-magazine-page",
    "scan-textbook-8p",
    "moe-sci-indicator-notice-outlined",
    "moe-patent-quality-opinion-outlined",
    "zj-315-program-webprint",
    "std-gbt15834-2011-scanned",
];

/// Limits with OCR off: what the text layer alone gives.
fn no_ocr() -> intake_extract::Limits {
    let mut l = intake_extract::Limits::default();
    l.ocr.enabled = false;
    l
}

/// For each document without a text layer, a phrase its first page shows (read by eye).
const FIRST_PAGE_PHRASE: [(&str, &str); 6] = [
    ("scan-magazine-page", "旋转木马"),
    ("scan-textbook-8p", "使用价值"),
    ("moe-sci-indicator-notice-outlined", "教育部"),
    ("moe-patent-quality-opinion-outlined", "知识产权"),
    ("zj-315-program-webprint", "科技创新体系建设工程"),
    ("std-gbt15834-2011-scanned", "中华人民共和国国家标准"),
];

fn bag(text: &str) -> HashMap<char, u32> {
    let mut m = HashMap::new();
    for c in text.nfkc() {
        if c.is_ascii_alphanumeric()
            || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    m
}

fn counted_string(text: &str) -> String {
    text.nfkc()
        .filter(|&c| {
            c.is_ascii_alphanumeric()
                || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        })
        .collect()
}

fn corpus() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real");
    if dir.join("MANIFEST.tsv").exists() {
        Some(dir)
    } else {
        eprintln!("skipping: real corpus not found at {}", dir.display());
        None
    }
}

#[test]
fn agreement_with_poppler_does_not_drop() {
    let Some(dir) = corpus() else { return };
    // The text layer against poppler's: OCR of a page without one is measured apart.
    let limits = no_ocr();
    let (mut matched, mut total) = (0u64, 0u64);
    let (mut lines_found, mut lines_total) = (0usize, 0usize);
    let mut low = Vec::new();
    for (stem, floor) in FLOORS {
        let bytes = std::fs::read(dir.join(format!("pdf/{stem}.pdf"))).expect("corpus pdf");
        let reference =
            std::fs::read_to_string(dir.join(format!("reference/{stem}.txt"))).expect("reference");
        let doc = intake_extract::pdf::read_pdf(&bytes, &limits.start())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let text = doc.text();
        let ours = counted_string(&text);
        for line in reference
            .lines()
            .map(counted_string)
            .filter(|l| l.chars().count() >= 6)
        {
            lines_total += 1;
            lines_found += usize::from(ours.contains(&line));
        }
        let (a, b) = (bag(&text), bag(&reference));
        let m: u64 = a
            .iter()
            .map(|(c, n)| u64::from((*n).min(*b.get(c).unwrap_or(&0))))
            .sum();
        let t: u64 = a.values().chain(b.values()).map(|&n| u64::from(n)).sum();
        let pct = 200.0 * m as f64 / t as f64;
        if pct + 1e-9 < *floor {
            low.push(format!("{stem}: {pct:.3}% < {floor}%"));
        }
        matched += 2 * m;
        total += t;
    }
    let pooled = 100.0 * matched as f64 / total as f64;
    assert!(low.is_empty(), "files below their floor: {low:?}");
    assert!(
        pooled >= TOTAL_FLOOR,
        "pooled agreement {pooled:.4}% < {TOTAL_FLOOR}%"
    );
    let lines = 100.0 * lines_found as f64 / lines_total as f64;
    assert!(
        lines >= LINES_FLOOR,
        "reference lines found {lines:.3}% < {LINES_FLOOR}%"
    );
}

#[test]
fn scans_and_outlined_text_have_no_text_layer() {
    let Some(dir) = corpus() else { return };
    for stem in NO_TEXT {
        let bytes = std::fs::read(dir.join(format!("pdf/{stem}.pdf"))).expect("corpus pdf");
        let doc = intake_extract::pdf::read_pdf(&bytes, &no_ocr().start())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(!doc.pages.is_empty(), "{stem}");
        assert!(
            doc.pages
                .iter()
                .all(|p| !p.has_text_layer && p.blocks.is_empty()),
            "{stem}"
        );
    }
}

#[test]
fn pages_without_a_text_layer_are_read_by_ocr() {
    let Some(dir) = corpus() else { return };
    if let Err(why) = intake_extract::ocr::status() {
        eprintln!("SKIP: {why}");
        return;
    }
    // The first page of each: a scan as stored (JPEG), a scan in CCITT strips, outlined text
    // and a web page printed as images are all rendered or read from their image.
    let mut limits = intake_extract::Limits::default();
    limits.ocr.max_pages = 1;
    for (stem, phrase) in FIRST_PAGE_PHRASE {
        let bytes = std::fs::read(dir.join(format!("pdf/{stem}.pdf"))).expect("corpus pdf");
        let doc = intake_extract::pdf::read_pdf(&bytes, &limits.for_document().start())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let page = &doc.pages[0];
        assert!(!page.has_text_layer, "{stem}");
        assert!(
            page.blocks
                .iter()
                .all(|b| b.ocr_confidence.is_some() && b.bbox.is_some()),
            "{stem}: every block marked as OCR, with its place on the page"
        );
        let text = page.text();
        assert!(text.contains(phrase), "{stem}: {phrase} not in {text}");
        if doc.pages.len() > 1 {
            assert!(doc.pages[1].blocks.is_empty(), "{stem}: one page of budget");
            assert!(
                doc.warnings
                    .iter()
                    .any(|w| w.starts_with("OCR 只读了前 1 页")),
                "{stem}: {:?}",
                doc.warnings
            );
        }
    }
}
