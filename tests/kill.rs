//! A run killed with SIGKILL never leaves an OUT that looks complete (issue 10): OUT is absent,
//! or still the previous complete output, byte for byte. The batch — the demo submissions
//! copied thirty times (570 submissions) — is made here; the kill lands while OUT is being written (the temporary
//! folder beside OUT exists) or while documents are still being read.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The demo batch copied `times` times (`sub-0001-c0` …): big enough that a run takes seconds.
fn big_batch(dir: &Path, times: usize) -> PathBuf {
    let demo = common::root().join("corpora/demo");
    let batch = dir.join("big");
    for e in fs::read_dir(&demo).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            for c in 0..times {
                let name = format!("{}-c{c}", e.file_name().to_string_lossy());
                common::copy_dir(&e.path(), &batch.join(name));
            }
        }
    }
    batch
}

fn spawn(batch: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Whether the temporary folder `.NAME.partial-PID` of a run exists beside `out`.
fn partial_exists(out: &Path, pid: u32) -> bool {
    let name = out.file_name().unwrap().to_string_lossy();
    out.with_file_name(format!(".{name}.partial-{pid}"))
        .exists()
}

/// Starts a run and SIGKILLs it once `when` holds; panics if the run ends first.
fn kill_when(batch: &Path, out: &Path, when: impl Fn(&Path, u32, Duration) -> bool) {
    let mut child = spawn(batch, out);
    let pid = child.id();
    let started = Instant::now();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it could be killed midway; make the batch bigger"
        );
        if when(out, pid, started.elapsed()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished: {status}");
}

/// What check_contract.py says of `out`: `Some(true)` if it accepts it, `None` if ../shared
/// or python3 is absent.
fn contract_accepts(out: &Path) -> Option<bool> {
    let tool = common::shared()?.join("tools/check_contract.py");
    let o = Command::new("python3").arg(&tool).arg(out).output().ok()?;
    Some(o.status.success())
}

/// The bytes of every JSONL output and batch.json.
fn outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    [
        "facts.jsonl",
        "findings.jsonl",
        "submissions.jsonl",
        "batch.json",
    ]
    .iter()
    .map(|f| {
        (
            f.to_string(),
            fs::read(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")),
        )
    })
    .collect()
}

#[test]
fn killed_run_leaves_no_complete_looking_out() {
    let dir = tempfile::tempdir().unwrap();
    let batch = big_batch(dir.path(), 30);

    // 1. Killed early, while documents are being read: no OUT.
    let out = dir.path().join("out");
    kill_when(&batch, &out, |_, _, t| t > Duration::from_millis(300));
    assert!(!out.exists(), "OUT exists after a run killed early");
    if let Some(ok) = contract_accepts(&out) {
        assert!(!ok, "check_contract accepts the OUT of a killed run");
    }

    // 2. Killed while OUT is being written: still no OUT.
    kill_when(&batch, &out, |out, pid, _| partial_exists(out, pid));
    assert!(!out.exists(), "OUT exists after a run killed while writing");
    if let Some(ok) = contract_accepts(&out) {
        assert!(!ok, "check_contract accepts the OUT of a killed run");
    }

    // 3. A complete OUT from an earlier run survives a killed run over it, byte for byte.
    let small = dir.path().join("small");
    common::copy_dir(
        &common::root().join("corpora/demo/sub-0001"),
        &small.join("sub-0001"),
    );
    common::run(&small, &out, &[]);
    let before = outputs(&out);
    kill_when(&batch, &out, |out, pid, _| partial_exists(out, pid));
    assert!(out.exists(), "the earlier complete OUT is gone");
    assert_eq!(
        outputs(&out),
        before,
        "the earlier OUT changed under a killed run"
    );
    if let Some(ok) = contract_accepts(&out) {
        assert!(ok, "check_contract rejects the earlier complete OUT");
    }

    // 4. After the kills, a full run completes (clearing the killed runs' partial folders) and
    // a second one gives byte-identical output.
    common::run(&batch, &out, &[]);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".partial-") || n.contains(".old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "killed runs' folders left behind: {leftovers:?}"
    );
    let first = outputs(&out);
    let again = dir.path().join("again");
    common::run(&batch, &again, &[]);
    assert_eq!(
        outputs(&again),
        first,
        "re-running the same batch changes the output"
    );
    if let Some(ok) = contract_accepts(&out) {
        assert!(ok, "check_contract rejects a completed run");
    }
}
