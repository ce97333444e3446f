//! Years of batches: `--index-into ARCHIVE` grows one index that `intake search` spans, and
//! `--archive OUT_OLD` lets the copied-text check see an earlier batch.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

/// Copies demo submissions into `dir/<name>/`.
fn batch(dir: &Path, name: &str, subs: &[&str]) -> std::path::PathBuf {
    let b = dir.join(name);
    for s in subs {
        common::copy_dir(&common::root().join("corpora/demo").join(s), &b.join(s));
    }
    b
}

fn search(index: &Path, query: &str) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("search")
        .arg(index)
        .arg(query)
        .arg("--json")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn index_into_grows_an_archive_that_search_spans() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    let b2025 = batch(dir.path(), "round-2025", &["sub-0015"]);
    let b2026 = batch(dir.path(), "round-2026", &["sub-0016"]);
    common::run(
        &b2025,
        &dir.path().join("out-2025"),
        &["--index-into", archive.to_str().unwrap()],
    );
    common::run(
        &b2026,
        &dir.path().join("out-2026"),
        &["--index-into", archive.to_str().unwrap()],
    );
    let mut got: Vec<(String, String)> = search(&archive, "四阶闭环")
        .iter()
        .map(|h| {
            (
                h["batch"].as_str().unwrap().to_string(),
                h["submission"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("round-2025".into(), "sub-0015".into()),
            ("round-2026".into(), "sub-0016".into())
        ]
    );
    // Each OUT's own index holds only its own batch.
    assert_eq!(search(&dir.path().join("out-2026"), "四阶闭环").len(), 1);
}

#[test]
fn archive_of_an_earlier_batch_feeds_the_copied_text_check() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("out-2025");
    common::run(&batch(dir.path(), "round-2025", &["sub-0015"]), &old, &[]);
    let new = dir.path().join("out-2026");
    let b2026 = batch(dir.path(), "round-2026", &["sub-0016"]);
    // Alone, the 2026 batch has nobody to have copied from.
    common::run(&b2026, &new, &[]);
    assert!(
        common::select(
            &common::jsonl(&new, "findings"),
            &[("kind", json!("duplicate_text"))]
        )
        .is_empty()
    );
    common::run(&b2026, &new, &["--archive", old.to_str().unwrap()]);
    let findings = common::jsonl(&new, "findings");
    let dup = common::select(&findings, &[("kind", json!("duplicate_text"))]);
    assert_eq!(dup.len(), 1, "{findings:#?}");
    let ev: Vec<&str> = dup[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["submission"].as_str().unwrap())
        .collect();
    assert!(
        ev.contains(&"sub-0016") && ev.contains(&"round-2025/sub-0015"),
        "{ev:?}"
    );
}
