//! `batch.json`: what the run was and every count of its summary line, written last.
//!
//! Everything in it is the same for the same batch whatever `--jobs` is, except the `timing`
//! member (wall and per-stage seconds), which alone varies from run to run.

use serde_json::{Value, json};

use crate::Summary;
use crate::walk::Batch;

/// batch.json's content for a finished run.
pub(crate) fn manifest(label: &str, batch: &Batch, s: &Summary) -> Value {
    let p = s.phase_seconds;
    let st = s.stage_seconds;
    // Milliseconds are as precise as a wall clock on a shared machine can tell.
    let ms = |x: f64| (x * 1000.0).round() / 1000.0;
    json!({
        "tool": concat!("intake ", env!("CARGO_PKG_VERSION")),
        "batch": label,
        "submissions": s.submissions,
        "documents": s.documents,
        "unreadable": s.unreadable,
        "skipped": s.skipped,
        "stray": s.stray,
        "pdf_pages": s.pdf_pages,
        "facts": s.facts,
        "findings": {
            "fail": s.findings[0],
            "warn": s.findings[1],
            "info": s.findings[2],
            "by_kind": s.findings_by_kind,
        },
        "verdicts": {
            "pass": s.verdicts[0],
            "review": s.verdicts[1],
            "fail": s.verdicts[2],
        },
        "stray_files": batch.stray.iter().map(|f| json!({
            "document": f.rel, "status": "skipped", "reason": f.skip, "bytes": f.bytes,
        })).collect::<Vec<_>>(),
        "timing": {
            "seconds": ms(s.seconds),
            "phases": {
                "read": ms(p.read),
                "batch_checks": ms(p.batch_checks),
                "write": ms(p.write),
            },
            "stages": {
                "read": ms(st.read),
                "rules": ms(st.rules),
                "integrity": ms(st.integrity),
                "index": ms(st.index),
                "report": ms(st.report),
            },
            // Wall (summed over threads) and CPU seconds per stage (issue 23).
            "profile": s.profile.iter().map(|t| json!({
                "stage": t.stage.as_str(), "wall": ms(t.wall), "cpu": ms(t.cpu),
            })).collect::<Vec<_>>(),
        },
    })
}
