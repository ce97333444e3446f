//! OCR cost, side by side: pages recognised per second on one core (every image-only document
//! of the development set and of the real corpus, read one after another on this thread), and
//! `intake run` on the development set with `--ocr auto` against `--ocr off`.
//!
//! ```text
//! cargo bench -p intake-cli --bench ocr
//! ```
//!
//! Needs `../shared` beside the repository and Tesseract with `chi_sim`; says so and stops
//! where either is missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The image-only documents: the development set's scans and the real corpus's.
fn scans(shared: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let batch = shared.join("eval/dev-s11/batch");
    if let Ok(subs) = std::fs::read_dir(&batch) {
        let mut subs: Vec<PathBuf> = subs.flatten().map(|e| e.path()).collect();
        subs.sort();
        for s in subs {
            let Ok(files) = std::fs::read_dir(&s) else {
                continue;
            };
            let mut files: Vec<PathBuf> = files
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains("扫描件"))
                .collect();
            files.sort();
            out.extend(files);
        }
    }
    for name in [
        "scan-magazine-page",
        "scan-textbook-8p",
        "moe-sci-indicator-notice-outlined",
        "moe-patent-quality-opinion-outlined",
        "zj-315-program-webprint",
        "std-gbt15834-2011-scanned",
    ] {
        let p = shared.join(format!("corpora/real/pdf/{name}.pdf"));
        if p.is_file() {
            out.push(p);
        }
    }
    out
}

fn run(batch: &Path, ocr: &str) -> f64 {
    let out = std::env::temp_dir().join(format!("intake-bench-ocr-{}-{ocr}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--ocr", ocr])
        .status()
        .expect("run intake");
    let secs = t.elapsed().as_secs_f64();
    assert!(status.success(), "intake run --ocr {ocr} failed");
    let _ = std::fs::remove_dir_all(&out);
    secs
}

fn main() {
    let shared = shared();
    if !shared.is_dir() {
        eprintln!("SKIP: ../shared is absent (the development set and the real corpus live there)");
        return;
    }
    if let Err(why) = intake_extract::ocr::status() {
        eprintln!("SKIP: {why}");
        return;
    }
    println!("OCR, one document after another on one core:");
    println!(
        "{:<48} {:>6} {:>9} {:>9}",
        "document", "pages", "seconds", "pages/s"
    );
    let limits = intake_extract::Limits::default();
    let (mut pages, mut secs) = (0usize, 0f64);
    for p in scans(&shared) {
        let bytes = std::fs::read(&p).expect("read scan");
        let before = intake_extract::ocr::pages_recognised();
        let t = Instant::now();
        let (_, doc) = intake_extract::extract(&bytes, &limits);
        let s = t.elapsed().as_secs_f64();
        let n = (intake_extract::ocr::pages_recognised() - before) as usize;
        let name = p
            .strip_prefix(&shared)
            .unwrap_or(&p)
            .to_string_lossy()
            .chars()
            .rev()
            .take(46)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>();
        let ok = if doc.is_ok() { "" } else { " (unreadable)" };
        println!("{name:<48} {n:>6} {s:>9.2} {:>9.3}{ok}", n as f64 / s);
        pages += n;
        secs += s;
    }
    println!(
        "{:<48} {pages:>6} {secs:>9.2} {:>9.3}  ← pages per second per core",
        "all",
        pages as f64 / secs
    );
    let batch = shared.join("eval/dev-s11/batch");
    let off = run(&batch, "off");
    let auto = run(&batch, "auto");
    println!("\nintake run on the development set (all cores):");
    println!("  --ocr off   {off:>7.2} s");
    println!(
        "  --ocr auto  {auto:>7.2} s   ({:.2}× the run without OCR)",
        auto / off
    );
}
