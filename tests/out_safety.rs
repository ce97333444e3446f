//! `intake run --out` never destroys what it was not asked to replace (issue 17, item 1): an
//! OUT that is the batch, inside it or contains it, an unrelated folder with files, a regular
//! file — each refused with exit 2, a one-line Chinese-first reason, and nothing touched (the
//! whole scratch tree compared before and after, bytes included). Re-running into the same OUT
//! just works, without any flag.

mod common;
#[path = "support/tree.rs"]
mod tree;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch project: `proj/batch/sub-1/申请书.txt`, `proj/notes/` with a file, `proj/file.txt`.
struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    proj: PathBuf,
    batch: PathBuf,
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let proj = root.join("proj");
    let batch = proj.join("batch");
    std::fs::create_dir_all(batch.join("sub-1")).unwrap();
    std::fs::write(
        batch.join("sub-1/申请书.txt"),
        "申请单位：测试科技有限公司\n从业人员总数为 120 人。\n",
    )
    .unwrap();
    std::fs::create_dir_all(proj.join("notes")).unwrap();
    std::fs::write(proj.join("notes/审核意见.txt"), "第一批：待复核\n").unwrap();
    std::fs::write(proj.join("file.txt"), "an officer's file\n").unwrap();
    Scratch {
        _dir: dir,
        root,
        proj,
        batch,
    }
}

fn intake_run(batch: &Path, out: &Path, cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .current_dir(cwd)
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .unwrap()
}

/// Runs with `out` (relative to `cwd`), expects exit 2 with `reason` in a one-line message,
/// and the whole scratch tree untouched.
fn refused(s: &Scratch, batch: &Path, out: &Path, cwd: &Path, reason: &str) {
    let before = tree::snapshot(&s.root);
    let o = intake_run(batch, out, cwd);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "--out {}: {err}", out.display());
    assert!(
        // The prefix follows the locale (intake： in Chinese, intake: in English).
        (err.starts_with("intake：输出目录 ") || err.starts_with("intake: 输出目录 "))
            && err.contains(reason),
        "--out {}: {err}",
        out.display()
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    let after = tree::snapshot(&s.root);
    assert_eq!(
        tree::names(&after),
        tree::names(&before),
        "--out {} changed the listing",
        out.display()
    );
    assert!(after == before, "--out {} changed bytes", out.display());
}

#[test]
fn out_is_the_batch_inside_it_or_above_it() {
    let s = scratch();
    let b = &s.batch;
    refused(&s, b, b, &s.root, "是批次目录本身");
    refused(&s, b, Path::new("."), b, "是批次目录本身");
    refused(&s, b, &b.join("out"), &s.root, "位于批次目录");
    refused(&s, b, &b.join("sub-1"), &s.root, "位于批次目录");
    refused(&s, b, &b.join("new/deeper/out"), &s.root, "位于批次目录");
    // `..` through a folder that does not exist yet lands inside the batch all the same.
    refused(&s, b, &b.join("x/../y"), &s.root, "位于批次目录");
    refused(&s, b, &s.proj, &s.root, "包含批次目录");
    refused(&s, b, Path::new(".."), b, "包含批次目录");
    refused(&s, b, &s.root, &s.root, "包含批次目录");
}

/// The `--index-into` archive index is an output too: never inside the batch or above it.
#[test]
fn an_archive_index_inside_the_batch_is_refused() {
    let s = scratch();
    let before = tree::snapshot(&s.root);
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(["run", "--quiet"])
        .arg(&s.batch)
        .arg("--out")
        .arg(s.root.join("out-ix"))
        .arg("--index-into")
        .arg(s.batch.join("archive"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("（--index-into 归档索引）位于批次目录"),
        "{err}"
    );
    assert!(tree::snapshot(&s.root) == before, "nothing written");
}

#[test]
fn links_are_compared_by_where_they_lead() {
    let s = scratch();
    std::os::unix::fs::symlink(&s.batch, s.root.join("to-batch")).unwrap();
    std::os::unix::fs::symlink(&s.proj, s.root.join("to-proj")).unwrap();
    // OUT a link to the batch, a path through a link into it, a link to its parent.
    refused(
        &s,
        &s.batch,
        &s.root.join("to-batch"),
        &s.root,
        "是批次目录本身",
    );
    refused(
        &s,
        &s.batch,
        &s.root.join("to-batch/out"),
        &s.root,
        "位于批次目录",
    );
    refused(
        &s,
        &s.batch,
        &s.root.join("to-proj"),
        &s.root,
        "包含批次目录",
    );
    // The batch given through a link, OUT inside the real folder.
    refused(
        &s,
        &s.root.join("to-batch"),
        &s.batch.join("out"),
        &s.root,
        "位于批次目录",
    );
}

#[test]
fn existing_paths_that_are_not_an_earlier_output() {
    let s = scratch();
    refused(
        &s,
        &s.batch,
        &s.proj.join("notes"),
        &s.root,
        "不是 intake 的输出目录",
    );
    refused(
        &s,
        &s.batch,
        &s.proj.join("file.txt"),
        &s.root,
        "是已有的文件",
    );
    // A batch.json some other tool wrote does not make a folder intake's.
    let other = s.proj.join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("batch.json"), r#"{"tool": "somebody else"}"#).unwrap();
    std::fs::write(other.join("data.csv"), "1,2\n").unwrap();
    refused(&s, &s.batch, &other, &s.root, "不是 intake 的输出目录");
    // A FIFO as OUT is refused without being opened.
    let fifo = s.proj.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    refused(&s, &s.batch, &fifo, &s.root, "是已有的文件");
}

/// Every file of OUT but the index (its segment names vary), by name.
fn outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            // batch.json's timing measures the run: compared without it.
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = common::read_output(out, &name);
            (name, bytes)
        })
        .collect();
    v.sort();
    v
}

/// Names beside `out` that a run leaves while it works (`.out.partial-PID`, `.out.old-PID`).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-") || n.contains(".old-"))
        .collect()
}

#[test]
fn everyday_runs_need_no_flag() {
    let s = scratch();
    // Into an empty folder, a new one (parents created), and again into each: replaced.
    let empty = s.root.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let fresh = s.root.join("runs/2026/out");
    for out in [&empty, &fresh] {
        common::run(&s.batch, out, &[]);
        let first = outputs(out);
        assert!(first.iter().any(|(n, _)| n == "batch.json"), "{first:?}");
        common::run(&s.batch, out, &[]);
        assert_eq!(outputs(out), first, "re-running changed the output");
        assert!(out.join("index").is_dir());
        assert!(leftovers(out.parent().unwrap()).is_empty());
    }
    // A relative OUT and a link to an earlier output are fine too.
    let o = intake_run(Path::new("batch"), Path::new("../rel-out"), &s.proj);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(s.root.join("rel-out/batch.json").is_file());
    std::os::unix::fs::symlink(&fresh, s.root.join("latest")).unwrap();
    common::run(&s.batch, &s.root.join("latest"), &[]);
    assert!(
        std::fs::symlink_metadata(s.root.join("latest"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link itself is kept; the output it leads to is replaced"
    );
    assert!(fresh.join("batch.json").is_file());
    // Other folders beside OUT were not touched by any of it.
    assert_eq!(
        std::fs::read(s.proj.join("notes/审核意见.txt")).unwrap(),
        "第一批：待复核\n".as_bytes()
    );
}
