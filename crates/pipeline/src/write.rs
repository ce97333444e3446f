//! Writing OUT: everything goes to a temporary folder beside OUT, renamed into place at the end.

use std::path::{Path, PathBuf};

use crate::walk::Batch;
use crate::{PipelineError, SubmissionOutcome};

pub(crate) fn write_out(
    out: &Path,
    label: &str,
    batch: &Batch,
    outcomes: &[SubmissionOutcome],
    archive: &intake_integrity::Archive,
) -> Result<(), PipelineError> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PipelineError::Output { path, source }
    };
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(err(&parent))?;
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(err(&tmp))?;
    }
    std::fs::create_dir(&tmp).map_err(err(&tmp))?;

    let facts = outcomes.iter().flat_map(|o| o.facts.iter());
    let findings = outcomes.iter().flat_map(|o| o.findings.iter());
    let records = outcomes.iter().map(|o| &o.record);
    intake_report::write_jsonl(&tmp.join("facts.jsonl"), facts).map_err(err(&tmp.join("facts.jsonl")))?;
    intake_report::write_jsonl(&tmp.join("findings.jsonl"), findings).map_err(err(&tmp.join("findings.jsonl")))?;
    intake_report::write_jsonl(&tmp.join("submissions.jsonl"), records)
        .map_err(err(&tmp.join("submissions.jsonl")))?;
    let manifest = serde_json::json!({
        "tool": concat!("intake ", env!("CARGO_PKG_VERSION")),
        "batch": label,
        "submissions": outcomes.len(),
        "stray_files": batch.stray.iter().map(|f| serde_json::json!({
            "document": f.rel, "status": "skipped", "reason": f.skip, "bytes": f.bytes,
        })).collect::<Vec<_>>(),
    });
    let manifest_path = tmp.join("batch.json");
    std::fs::write(&manifest_path, serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n")
        .map_err(err(&manifest_path))?;

    let all_facts: Vec<_> = outcomes.iter().flat_map(|o| o.facts.iter().cloned()).collect();
    let all_findings: Vec<_> = outcomes.iter().flat_map(|o| o.findings.iter().cloned()).collect();
    let all_records: Vec<_> = outcomes.iter().map(|o| o.record.clone()).collect();
    let report = tmp.join("report.html");
    intake_report::write_html(&report, &all_records, &all_facts, &all_findings).map_err(err(&report))?;
    archive
        .save(&tmp)
        .map_err(|e| PipelineError::Archive { path: tmp.clone(), detail: e.to_string() })?;
    index(&tmp.join("index"), label, outcomes)?;

    // Swap into place: the old OUT (if any) moves aside first, so OUT is always either the old
    // complete output or the new complete output.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).map_err(err(out))?;
    }
    std::fs::rename(&tmp, out).map_err(err(out))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(err(&old))?;
    }
    Ok(())
}

/// Writes (or, for an archive, appends) the batch's pages to the tantivy index at `dir`.
pub(crate) fn index(dir: &Path, label: &str, outcomes: &[SubmissionOutcome]) -> Result<(), PipelineError> {
    let kinds: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| o.findings.iter().map(|f| f.kind.as_str().to_string()).collect())
        .collect();
    let docs: Vec<intake_index::IndexDoc> = outcomes
        .iter()
        .zip(&kinds)
        .flat_map(|(o, kinds)| {
            o.documents.iter().map(move |(path, doc)| intake_index::IndexDoc {
                submission: &o.record.submission,
                document: path,
                doc,
                record: &o.record,
                facts: &o.facts,
                finding_kinds: kinds,
            })
        })
        .collect();
    std::fs::create_dir_all(dir).map_err(|source| PipelineError::Output { path: dir.to_path_buf(), source })?;
    intake_index::write_index(dir, label, &docs)
        .map_err(|e| PipelineError::Index { path: dir.to_path_buf(), detail: e.to_string() })?;
    Ok(())
}
