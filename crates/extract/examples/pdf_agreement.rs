//! Character agreement of intake's PDF text with poppler's on the real corpus, and speed
//! side by side with `pdftotext`.
//!
//! ```text
//! cargo run --release -p intake-extract --example pdf_agreement [-- CORPUS_DIR] [--all] [--only NAME]
//! ```
//!
//! Metric: over the characters that count — CJK ideographs and ASCII letters and digits, after
//! NFKC, white-space and everything else ignored — the multiset F1 (Dice) agreement
//! `2·Σ_c min(ours_c, ref_c) / (|ours| + |ref|)`, per file and pooled over all files. It is
//! order-blind by design (reading order of columns and tables differs legitimately between
//! readers); order is judged by the fixture tests. Files whose reference has no counted
//! characters (no text layer) are listed but not scored. A second, order-aware figure,
//! `lines%`, is the share of reference lines (those with at least 6 counted characters) whose
//! counted characters appear contiguously in ours — it drops when lines are split, merged
//! across columns, or reordered within a line. By default only `reference_ok = yes`
//! files are scored; `--all` adds the others (where poppler itself is wrong).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use unicode_normalization::UnicodeNormalization;

fn counted(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The multiset of counted characters of `text`.
fn bag(text: &str) -> HashMap<char, u32> {
    let mut m = HashMap::new();
    for c in text.nfkc().filter(|&c| counted(c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// The counted characters of `text`, in order.
fn counted_string(text: &str) -> String {
    text.nfkc().filter(|&c| counted(c)).collect()
}

/// (reference lines found contiguously in ours, reference lines considered).
fn lines_found(ours: &str, reference: &str) -> (u64, u64) {
    let o = counted_string(ours);
    let mut n = (0, 0);
    for l in reference
        .lines()
        .map(counted_string)
        .filter(|l| l.chars().count() >= 6)
    {
        n.1 += 1;
        if o.contains(&l) {
            n.0 += 1;
        }
    }
    n
}

/// (matched, |ours|, |ref|).
fn agreement(ours: &str, reference: &str) -> (u64, u64, u64) {
    let (a, b) = (bag(ours), bag(reference));
    let matched: u64 = a
        .iter()
        .map(|(c, n)| u64::from((*n).min(*b.get(c).unwrap_or(&0))))
        .sum();
    (
        matched,
        a.values().map(|&n| u64::from(n)).sum(),
        b.values().map(|&n| u64::from(n)).sum(),
    )
}

fn pct(m: u64, a: u64, b: u64) -> f64 {
    if a + b == 0 {
        100.0
    } else {
        200.0 * m as f64 / (a + b) as f64
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && Some(*a) != only.as_ref())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real")
        });
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        eprintln!(
            "no corpus at {} (MANIFEST.tsv missing); pass its directory",
            dir.display()
        );
        return;
    };
    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    // The text layer against poppler's: pdftotext does no OCR, so neither does this reading
    // (with Tesseract installed, the scans' OCR would be timed and compared to nothing).
    let mut limits = intake_extract::Limits::default();
    limits.ocr.enabled = false;
    println!(
        "{:<44} {:>5} {:>7} {:>7} {:>8} {:>7} {:>9} {:>9} {:>8}",
        "file", "pages", "ref", "ours", "agree%", "lines%", "ms/page", "pdftotext", "poppler%"
    );
    let (mut lf, mut lt) = (0u64, 0u64);
    let (mut tm, mut ta, mut tb) = (0u64, 0u64, 0u64);
    let (mut ours_ms, mut pop_ms, mut total_pages) = (0f64, 0f64, 0u64);
    let mut worst: Vec<(f64, String)> = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(ok)) = (cols.first(), cols.last()) else {
            continue;
        };
        if !file.ends_with(".pdf") || (!all && *ok != "yes") {
            continue;
        }
        let stem = file.trim_start_matches("pdf/").trim_end_matches(".pdf");
        if only.as_deref().is_some_and(|o| o != stem) {
            continue;
        }
        let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
        let reference = std::fs::read_to_string(dir.join("reference").join(format!("{stem}.txt")))
            .unwrap_or_default();
        let t0 = Instant::now();
        let doc = intake_extract::pdf::read_pdf(&bytes, &limits.start());
        let ms = t0.elapsed().as_secs_f64() * 1000.0;
        let (text, pages) = match &doc {
            Ok(d) => (d.text(), d.pages.len() as u64),
            Err(e) => (format!("ERROR {e}"), 1),
        };
        let (pms, pagree) = if have_pdftotext {
            let t0 = Instant::now();
            let out = Command::new("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(dir.join(file))
                .arg("-")
                .output();
            let pms = t0.elapsed().as_secs_f64() * 1000.0;
            let ptext = out
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            let (m, a, b) = agreement(&ptext, &reference);
            (pms, pct(m, a, b))
        } else {
            (f64::NAN, f64::NAN)
        };
        let (m, a, b) = agreement(&text, &reference);
        let p = pages.max(1) as f64;
        if b == 0 {
            println!(
                "{stem:<44} {pages:>5} {b:>7} {a:>7} {:>8} {:>7} {:>9.2} {:>9.2} {:>8}",
                "no-text",
                "-",
                ms / p,
                pms / p,
                "-"
            );
            continue;
        }
        let ag = pct(m, a, b);
        let (f, t) = lines_found(&text, &reference);
        (lf, lt) = (lf + f, lt + t);
        let lp = if t == 0 {
            100.0
        } else {
            100.0 * f as f64 / t as f64
        };
        println!(
            "{stem:<44} {pages:>5} {b:>7} {a:>7} {ag:>8.3} {lp:>7.2} {:>9.2} {:>9.2} {pagree:>8.3}",
            ms / p,
            pms / p
        );
        (tm, ta, tb) = (tm + m, ta + a, tb + b);
        ours_ms += ms;
        pop_ms += pms;
        total_pages += pages;
        worst.push((ag, stem.to_string()));
    }
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!(
        "TOTAL {} files, {total_pages} pages: agreement {:.3}% (matched {tm}, ours {ta}, ref {tb}); lines {:.2}%; worst {}",
        worst.len(),
        pct(tm, ta, tb),
        100.0 * lf as f64 / lt.max(1) as f64,
        worst
            .iter()
            .take(3)
            .map(|(a, s)| format!("{s} {a:.3}%"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let tp = total_pages.max(1) as f64;
    println!(
        "SPEED intake {:.2} ms/page ({:.0} pages/s), pdftotext {:.2} ms/page ({:.0} pages/s), ratio intake/pdftotext pages/s = {:.2}",
        ours_ms / tp,
        tp / (ours_ms / 1000.0),
        pop_ms / tp,
        tp / (pop_ms / 1000.0),
        pop_ms / ours_ms
    );
}
