//! Times intake's PDF reader over the files given on the command line, on one core, the way
//! `intake extract --ocr off` reads them (whole document: text, layout, metadata; no OCR, which
//! pdftotext does not do either). Prints one line:
//! `files N pages P seconds S pages_per_s R`. Used by `benches/pdf/bench.sh`.

use std::time::Instant;

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    // The text layer only, as pdftotext reads it: OCR of the scans would time Tesseract.
    let mut limits = intake_extract::Limits::default();
    limits.ocr.enabled = false;
    let inputs: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let (mut pages, mut failed) = (0usize, 0usize);
    let t0 = Instant::now();
    for bytes in &inputs {
        match intake_extract::pdf::read_pdf(bytes, &limits.start()) {
            Ok(doc) => pages += doc.pages.len(),
            Err(_) => failed += 1,
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "files {} pages {pages} failed {failed} seconds {secs:.3} pages_per_s {:.1}",
        inputs.len(),
        pages as f64 / secs
    );
}
