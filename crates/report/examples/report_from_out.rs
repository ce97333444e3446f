//! Writes OUT/report.html from OUT's JSONL files, and prints how long rendering took.
//!
//! `cargo run -p intake-report --example report_from_out -- OUT [COPIES]`: with COPIES > 1 the
//! batch is repeated under new submission names (to try a page of thousands of submissions).

use std::path::PathBuf;
use std::time::Instant;

use intake_model::{Fact, Finding, SubmissionRecord};
use serde::de::DeserializeOwned;

fn read<T: DeserializeOwned>(out: &std::path::Path, name: &str) -> Vec<T> {
    let text = std::fs::read_to_string(out.join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", out.join(name).display()));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}")))
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: report_from_out OUT [COPIES]"));
    let copies: usize = args
        .next()
        .map_or(1, |c| c.parse().expect("COPIES is a number"));
    let (r0, f0, g0): (Vec<SubmissionRecord>, Vec<Fact>, Vec<Finding>) = (
        read(&out, "submissions.jsonl"),
        read(&out, "facts.jsonl"),
        read(&out, "findings.jsonl"),
    );
    let (mut records, mut facts, mut findings) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..copies {
        let rename = |s: &str| {
            if i == 0 {
                s.to_string()
            } else {
                format!("{s}-c{i}")
            }
        };
        records.extend(r0.iter().cloned().map(|mut r| {
            r.submission = rename(&r.submission);
            r
        }));
        facts.extend(f0.iter().cloned().map(|mut f| {
            f.submission = rename(&f.submission);
            f
        }));
        findings.extend(g0.iter().cloned().map(|mut f| {
            f.submission = rename(&f.submission);
            f
        }));
    }
    let path = out.join("report.html");
    let t = Instant::now();
    let regimes = intake_rules::Rulebooks::builtin()
        .expect("built-in rulebooks")
        .regimes();
    intake_report::write_html(&path, &regimes, &records, &facts, &findings)
        .expect("write report.html");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{}: {} submissions, {} facts, {} findings, {bytes} bytes in {:?}",
        path.display(),
        records.len(),
        facts.len(),
        findings.len(),
        t.elapsed()
    );
}
