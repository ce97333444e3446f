//! What a batch may hold that is not an ordinary document (issue 17, items 5, 8, 9): FIFOs,
//! sockets and huge sparse files never hang or load the run (each listed as skipped, the good
//! documents read as in a plain run); an applicant's own `submission.toml` is never taken as the
//! officer's override (that comes from `--overrides FILE`, outside the batch); names that are not
//! UTF-8 keep their bytes, so no two files collapse into one id or document.

mod common;
#[path = "support/tree.rs"]
mod tree;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const GOOD: &str = "申请单位：测试科技有限公司\n从业人员总数为 120 人。\n研发投入 350 万元。\n";

/// Runs `intake run BATCH --out OUT --quiet` plus `extra`; a run that has not ended after
/// `limit` is killed and the test fails (the guard against a hang, not a speed requirement).
fn run_guarded(batch: &Path, out: &Path, extra: &[&OsStr], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("intake run hung: still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// The record of submission `id` in OUT/submissions.jsonl.
fn record(out: &Path, id: &str) -> Value {
    let subs = common::jsonl(out, "submissions");
    common::select(&subs, &[("submission", json!(id))])
        .first()
        .map(|r| (*r).clone())
        .unwrap_or_else(|| panic!("no submission {id}"))
}

/// The record of `doc` among a submission record's documents.
fn doc<'a>(rec: &'a Value, doc: &str) -> &'a Value {
    rec["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["document"] == doc)
        .unwrap_or_else(|| panic!("no document {doc} in {rec}"))
}

/// The facts of submission `id`, without the submission field.
fn facts_of(out: &Path, id: &str) -> Vec<Value> {
    common::jsonl(out, "facts")
        .into_iter()
        .filter(|f| f["submission"] == id)
        .collect()
}

#[test]
fn fifos_sockets_and_sparse_files_never_hang_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    for s in ["sub-1", "sub-2", "sub-3"] {
        std::fs::create_dir_all(batch.join(s)).unwrap();
        std::fs::write(batch.join(s).join("申请书.txt"), GOOD).unwrap();
    }
    mkfifo(&batch.join("sub-1/附件.pdf"));
    mkfifo(&batch.join("sub-2/submission.toml"));
    let _socket = std::os::unix::net::UnixListener::bind(batch.join("sub-3/sock")).unwrap();
    mkfifo(&batch.join("top-level-pipe"));
    // A sparse 3 GB submission.toml and document: nothing of them may be read.
    std::fs::create_dir_all(batch.join("sub-4")).unwrap();
    std::fs::write(batch.join("sub-4/申请书.txt"), GOOD).unwrap();
    for name in ["sub-4/submission.toml", "sub-4/huge.txt"] {
        let f = std::fs::File::create(batch.join(name)).unwrap();
        f.set_len(3 << 30).unwrap();
    }
    let before = tree::snapshot(&batch);

    let out = dir.path().join("out");
    let o = run_guarded(&batch, &out, &[], Duration::from_secs(300));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(tree::snapshot(&batch) == before, "the batch changed");

    let rec_fifo = record(&out, "sub-1");
    let fifo = doc(&rec_fifo, "附件.pdf");
    assert_eq!(fifo["status"], "skipped");
    assert!(
        fifo["reason"].as_str().unwrap().starts_with("命名管道"),
        "{fifo}"
    );
    let rec_toml = record(&out, "sub-2");
    let toml = doc(&rec_toml, "submission.toml");
    assert_eq!(toml["status"], "skipped");
    assert!(
        toml["reason"].as_str().unwrap().starts_with("命名管道"),
        "{toml}"
    );
    let rec_sock = record(&out, "sub-3");
    let sock = doc(&rec_sock, "sock");
    assert_eq!(sock["status"], "skipped");
    assert!(
        sock["reason"].as_str().unwrap().starts_with("套接字"),
        "{sock}"
    );
    let rec4 = record(&out, "sub-4");
    assert_eq!(doc(&rec4, "submission.toml")["status"], "skipped");
    assert!(
        doc(&rec4, "submission.toml")["reason"]
            .as_str()
            .unwrap()
            .contains("--overrides")
    );
    assert_ne!(doc(&rec4, "huge.txt")["status"], "ok");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).unwrap()).unwrap();
    assert_eq!(manifest["stray_files"][0]["document"], "top-level-pipe");

    // The good documents read exactly as in a batch of them alone.
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(plain.join("sub-1")).unwrap();
    std::fs::write(plain.join("sub-1/申请书.txt"), GOOD).unwrap();
    let plain_out = dir.path().join("plain-out");
    common::run(&plain, &plain_out, &[]);
    let good = facts_of(&plain_out, "sub-1");
    assert!(!good.is_empty());
    for s in ["sub-1", "sub-2", "sub-3", "sub-4"] {
        let mut facts = facts_of(&out, s);
        for f in &mut facts {
            f["submission"] = json!("sub-1");
        }
        assert_eq!(facts, good, "{s}");
    }
}

/// A copy of the demo's sub-0001 in a fresh batch, and the regime detected from its documents.
fn demo_batch(dir: &Path) -> (PathBuf, String) {
    let batch = dir.join("batch");
    common::copy_dir(
        &common::root().join("corpora/demo/sub-0001"),
        &batch.join("sub-0001"),
    );
    let out = dir.join("detected");
    common::run(&batch, &out, &[]);
    let regime = record(&out, "sub-0001")["regime"]
        .as_str()
        .expect("the demo's sub-0001 has a detected regime")
        .to_string();
    (batch, regime)
}

/// A regime other than `regime`.
fn another(regime: &str) -> &'static str {
    ["iia-lab", "tech-base-platform"]
        .into_iter()
        .find(|r| *r != regime)
        .unwrap()
}

#[test]
fn an_applicants_submission_toml_is_not_an_override() {
    let dir = tempfile::tempdir().unwrap();
    let (batch, detected) = demo_batch(dir.path());
    let claimed = another(&detected);
    std::fs::write(
        batch.join("sub-0001/submission.toml"),
        format!("regime = \"{claimed}\"\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    common::run(&batch, &out, &[]);
    let rec = record(&out, "sub-0001");
    assert_eq!(
        rec["regime"],
        detected.as_str(),
        "the applicant chose the regime"
    );
    let toml = doc(&rec, "submission.toml");
    assert_eq!(toml["status"], "skipped");
    assert!(
        toml["reason"].as_str().unwrap().contains("--overrides"),
        "{toml}"
    );
}

#[test]
fn the_officers_overrides_file_sets_the_regime() {
    let dir = tempfile::tempdir().unwrap();
    let (batch, detected) = demo_batch(dir.path());
    let chosen = another(&detected);
    let file = dir.path().join("overrides.toml");
    std::fs::write(&file, format!("[sub-0001]\nregime = \"{chosen}\"\n")).unwrap();
    let out = dir.path().join("out");
    common::run(&batch, &out, &["--overrides", file.to_str().unwrap()]);
    assert_eq!(record(&out, "sub-0001")["regime"], chosen);

    // Chinese names work, and level/variant of a promotion centre.
    std::fs::write(
        &file,
        "[sub-0001]\nregime = \"工业互联网数字化转型促进中心\"\nlevel = \"国家级\"\nvariant = \"talent\"\n",
    )
    .unwrap();
    common::run(&batch, &out, &["--overrides", file.to_str().unwrap()]);
    let rec = record(&out, "sub-0001");
    assert_eq!(rec["regime"], "promotion-center");
    assert_eq!(rec["level"], "national");
    assert_eq!(rec["variant"], "talent");
}

#[test]
fn a_bad_overrides_file_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir_all(batch.join("sub-1")).unwrap();
    std::fs::write(batch.join("sub-1/申请书.txt"), GOOD).unwrap();
    let inside = batch.join("sub-1/officer.toml");
    std::fs::write(&inside, "[sub-1]\nregime = \"iia-lab\"\n").unwrap();
    let outside = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let fifo = dir.path().join("fifo.toml");
    mkfifo(&fifo);
    let sparse = dir.path().join("sparse.toml");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (inside, "位于批次目录之内"),
        (
            outside("unknown-id.toml", "[sub-9]\nregime = \"iia-lab\"\n"),
            "批次中没有提交 sub-9",
        ),
        (
            outside("bad-value.toml", "[sub-1]\nregime = \"促进\"\n"),
            "不认识的取值 regime = 促进",
        ),
        (
            outside("bad-key.toml", "[sub-1]\nregim = \"iia-lab\"\n"),
            "不认识的设置 regim",
        ),
        (outside("flat.toml", "regime = \"iia-lab\"\n"), "应写成表"),
        (outside("broken.toml", "[sub-1\n"), "不是有效的 TOML"),
        (fifo, "不是普通文件"),
        (sparse, "文件过大"),
        (dir.path().join("absent.toml"), "无法读取"),
    ];
    let before = tree::snapshot(dir.path());
    let out = dir.path().join("out");
    for (file, reason) in cases {
        let o = run_guarded(
            &batch,
            &out,
            &[OsStr::new("--overrides"), file.as_os_str()],
            Duration::from_secs(120),
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {err}", file.display());
        assert!(
            // The prefix follows the locale (intake： in Chinese, intake: in English).
            (err.starts_with("intake：覆盖设置文件 ") || err.starts_with("intake: 覆盖设置文件 "))
                && err.contains(reason),
            "{}: {err}",
            file.display()
        );
        assert!(tree::snapshot(dir.path()) == before, "{}", file.display());
    }
}

#[test]
fn names_that_are_not_utf8_never_collapse() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    let ids: [&[u8]; 4] = [
        b"n12-\xff",
        b"n12-\xfe",
        "n12-\u{fffd}".as_bytes(),
        b"n12-%FF",
    ];
    for (i, id) in ids.iter().enumerate() {
        let sub = batch.join(OsStr::from_bytes(id));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join("申请书.txt"),
            format!(
                "申请单位：测试科技有限公司\n从业人员总数为 {} 人。\n",
                100 + i
            ),
        )
        .unwrap();
    }
    let first = batch.join(OsStr::from_bytes(ids[0]));
    for name in [
        &b"doc-\xff.txt"[..],
        b"doc-\xfe.txt",
        "doc-\u{fffd}.txt".as_bytes(),
    ] {
        std::fs::write(first.join(OsStr::from_bytes(name)), GOOD).unwrap();
    }
    let out = dir.path().join("out");
    common::run(&batch, &out, &[]);

    let subs = common::jsonl(&out, "submissions");
    let mut got: Vec<&str> = subs
        .iter()
        .map(|s| s["submission"].as_str().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, ["n12-%25FF", "n12-%FE", "n12-%FF", "n12-\u{fffd}"]);
    // Each keeps its own document and its own staff count.
    for (id, staff) in [
        ("n12-%FF", 100),
        ("n12-%FE", 101),
        ("n12-\u{fffd}", 102),
        ("n12-%25FF", 103),
    ] {
        let staff_facts: Vec<Value> = facts_of(&out, id)
            .into_iter()
            .filter(|f| f["metric"] == "staff.total")
            .collect();
        assert!(!staff_facts.is_empty(), "{id}: no staff.total fact");
        assert!(
            staff_facts
                .iter()
                .any(|f| f["quote"].as_str().unwrap().contains(&staff.to_string())),
            "{id}: {staff_facts:?}"
        );
    }
    let rec = record(&out, "n12-%FF");
    let mut docs: Vec<&str> = rec["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document"].as_str().unwrap())
        .collect();
    docs.sort();
    assert_eq!(
        docs,
        [
            "doc-%FE.txt",
            "doc-%FF.txt",
            "doc-\u{fffd}.txt",
            "申请书.txt"
        ]
    );
}
