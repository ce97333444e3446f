//! The reader scored on real annual reports against their hand-checked key
//! (`../shared/corpora/real/key/annual-reports.jsonl`), the way `score_real.py` scores a batch:
//! each keyed PDF is extracted by intake-extract and read by the facts reader; recall counts the
//! key's own facts emitted with an equal value, precision the emitted facts of the keyed metrics
//! whose value the key accepts, and a trap (another entity's or another period's figure) must
//! never be emitted. The floors are the scores reached, rounded down, so a regression fails.

use intake_facts::Reader;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn real() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real");
    (dir.join("key/annual-reports.jsonl").is_file() && dir.join("pdf").is_dir()).then_some(dir)
}

/// Equal as the scorer judges: numbers within 0.05 %, text without whitespace, a date by the
/// prefix the key gives (`1992-12`).
fn equal(emitted: &Json, keyed: &Json) -> bool {
    if let (Some(x), Some(y)) = (as_number(emitted), as_number(keyed)) {
        return (x - y).abs() <= 5e-4 * x.abs().max(y.abs()).max(1.0);
    }
    let text = |v: &Json| -> String {
        let s = match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        };
        s.chars().filter(|c| !c.is_whitespace()).collect()
    };
    let (a, b) = (text(emitted), text(keyed));
    a == b || (b.len() >= 4 && b[..4].bytes().all(|c| c.is_ascii_digit()) && a.starts_with(&b))
}

fn as_number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[test]
fn real_annual_reports_meet_their_key_and_take_no_trap() {
    let Some(dir) = real() else {
        eprintln!(
            "skipping: ../shared/corpora/real (key/annual-reports.jsonl and pdf/) not found; \
             the real annual-report score is not checked"
        );
        return;
    };
    let key: Vec<Json> = std::fs::read_to_string(dir.join("key/annual-reports.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let field = |r: &Json, k: &str| r[k].as_str().unwrap_or_default().to_string();
    let files: BTreeSet<String> = key.iter().map(|r| field(r, "file")).collect();
    let metrics: BTreeSet<String> = key.iter().map(|r| field(r, "metric")).collect();
    let reader = Reader::new();
    // (file, metric) → emitted values
    let mut emitted: BTreeMap<(String, String), Vec<Json>> = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(dir.join("pdf").join(file)).unwrap();
        let (_, doc) = intake_extract::extract(&bytes, &Default::default());
        let doc = doc.unwrap_or_else(|e| panic!("{file}: not extracted: {e}"));
        for f in reader.read("real", file, &doc) {
            if metrics.contains(&f.metric) {
                let v = serde_json::to_value(&f.value).unwrap();
                emitted.entry((file.clone(), f.metric)).or_default().push(v);
            }
        }
    }
    let rows = |kind: &str, file: &str, metric: &str| -> Vec<Json> {
        key.iter()
            .filter(|r| field(r, "kind") == kind && field(r, "file") == file)
            .filter(|r| field(r, "metric") == metric && !r["value"].is_null())
            .map(|r| r["value"].clone())
            .collect()
    };
    let (mut keyed, mut found) = (0usize, 0usize);
    for r in key.iter().filter(|r| field(r, "kind") == "fact") {
        if r["value"].is_null() {
            continue;
        }
        keyed += 1;
        let got = emitted.get(&(field(r, "file"), field(r, "metric")));
        found += got.is_some_and(|vs| vs.iter().any(|v| equal(v, &r["value"]))) as usize;
    }
    let (mut total, mut right, mut traps) = (0usize, 0usize, Vec::new());
    for ((file, metric), values) in &emitted {
        let mut accepted = rows("fact", file, metric);
        accepted.extend(rows("alt", file, metric));
        let trap_values = rows("trap", file, metric);
        for v in values {
            total += 1;
            if accepted.iter().any(|a| equal(v, a)) {
                right += 1;
            } else if trap_values.iter().any(|t| equal(v, t)) {
                traps.push(format!("{file} {metric} = {v}"));
            }
        }
    }
    let recall = found as f64 / keyed.max(1) as f64;
    let precision = right as f64 / total.max(1) as f64;
    eprintln!(
        "real annual reports: recall {found}/{keyed} = {recall:.3} | precision {right}/{total} = \
         {precision:.3} | traps taken {}",
        traps.len()
    );
    assert!(
        traps.is_empty(),
        "traps taken as the company's figure: {traps:?}"
    );
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.3} < {RECALL_FLOOR}"
    );
    assert!(
        precision >= PRECISION_FLOOR,
        "precision {precision:.3} < {PRECISION_FLOOR}"
    );
}

/// The recall reached on the key, rounded down.
const RECALL_FLOOR: f64 = 0.98;
/// The precision reached on the key, rounded down.
const PRECISION_FLOOR: f64 = 0.98;
