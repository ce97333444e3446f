//! Helpers shared by the end-to-end tests: run the `intake` binary, read its JSONL outputs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Runs `intake run BATCH --out OUT --quiet` plus `extra`; panics with stderr on a non-zero exit.
pub fn run(batch: &Path, out: &Path, extra: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "intake run failed ({}): {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every line of OUT/<name>.jsonl as JSON.
pub fn jsonl(out: &Path, name: &str) -> Vec<Value> {
    std::fs::read_to_string(out.join(format!("{name}.jsonl")))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The rows of `rows` whose fields equal every `(key, value)` of `want`.
pub fn select<'a>(rows: &'a [Value], want: &[(&str, Value)]) -> Vec<&'a Value> {
    rows.iter()
        .filter(|r| want.iter().all(|(k, v)| &r[*k] == v))
        .collect()
}

/// `../shared` beside the repository, if present.
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared is absent");
        None
    }
}

/// Copies a folder tree (a submission, a batch) from `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The bytes of output `name` of OUT, for comparing runs: batch.json without its `timing`
/// member (wall and stage seconds, the one part that differs from run to run), every other
/// file as it is.
pub fn read_output(out: &Path, name: &str) -> Vec<u8> {
    let bytes = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    if name != "batch.json" {
        return bytes;
    }
    let mut v: Value = serde_json::from_slice(&bytes).unwrap();
    let timing = v.as_object_mut().unwrap().remove("timing");
    assert!(timing.is_some(), "batch.json has no timing");
    serde_json::to_vec_pretty(&v).unwrap()
}

pub mod http;
