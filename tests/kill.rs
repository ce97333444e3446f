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
    .map(|f| (f.to_string(), common::read_output(out, f)))
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

/// A one-submission batch `name` whose only document states `staff` employees (batches with
/// different numbers give different outputs).
fn tiny_batch(dir: &Path, name: &str, staff: u32) -> PathBuf {
    let batch = dir.join(name);
    fs::create_dir_all(batch.join("sub-1")).unwrap();
    fs::write(
        batch.join("sub-1/申请书.txt"),
        format!("申请单位：测试科技有限公司\n从业人员总数为 {staff} 人。\n"),
    )
    .unwrap();
    batch
}

/// `intake run BATCH --out OUT` with `INTAKE_FAULT` set; returns the exit status.
fn run_with_fault(batch: &Path, out: &Path, fault: &str) -> std::process::ExitStatus {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .env("INTAKE_FAULT", fault)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
}

/// The folders a run leaves beside `out` while it works.
fn siblings(out: &Path) -> Vec<PathBuf> {
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let mut v: Vec<PathBuf> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&format!(".{name}.partial-")) || n.starts_with(&format!(".{name}.old-"))
        })
        .collect();
    v.sort();
    v
}

/// SIGKILL at each step of publishing OUT (issue 17, item 10), by fault injection
/// (`INTAKE_FAULT=publish:<step>`): a complete output, the old or the new one, byte for byte,
/// is always left; the next run's clean-up restores it as OUT when the kill left OUT missing,
/// and never removes the only complete copy; a run after that completes with no leftovers.
#[test]
fn killed_at_each_publish_step_keeps_a_complete_output() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let old_batch = tiny_batch(dir.path(), "batch", 120);
    let new_batch = tiny_batch(&dir.path().join("next"), "batch", 250);
    let expected = |batch: &Path, name: &str| {
        let out = dir.path().join(name);
        common::run(batch, &out, &[]);
        outputs(&out)
    };
    let old = expected(&old_batch, "expect-old");
    let new = expected(&new_batch, "expect-new");
    assert_ne!(old, new);

    // (step, what OUT holds right after the kill: Some(true) new, Some(false) old, None absent)
    let steps = [
        ("written", Some(false)),
        ("exchanged", Some(true)),
        ("removing", Some(true)),
        ("aside", None),
        ("placed", Some(true)),
    ];
    for (step, left) in steps {
        let out = dir.path().join(format!("out-{step}"));
        common::run(&old_batch, &out, &[]);
        assert_eq!(outputs(&out), old);

        let status = run_with_fault(&new_batch, &out, &format!("publish:{step}"));
        assert_eq!(status.signal(), Some(9), "{step}: not killed: {status}");
        match left {
            Some(is_new) => assert_eq!(
                outputs(&out),
                if is_new { new.clone() } else { old.clone() },
                "{step}: OUT is not the {} complete output",
                if is_new { "new" } else { "old" }
            ),
            None => {
                // The rename path's one gap: OUT missing, both complete copies beside it.
                assert!(!out.exists(), "{step}");
                let beside: Vec<_> = siblings(&out).iter().map(|p| outputs(p)).collect();
                assert!(beside.contains(&old) && beside.contains(&new), "{step}");
            }
        }

        // The next run's clean-up, seen by killing it just before it publishes: OUT is (again)
        // the newest complete output, and only that run's own folder is beside it.
        let status = run_with_fault(&old_batch, &out, "publish:written");
        assert_eq!(status.signal(), Some(9), "{step}: second run: {status}");
        let after = if left == Some(false) { &old } else { &new };
        assert_eq!(&outputs(&out), after, "{step}: the clean-up lost an output");
        assert_eq!(siblings(&out).len(), 1, "{step}: {:?}", siblings(&out));

        // A plain run then completes and leaves nothing beside OUT.
        common::run(&old_batch, &out, &[]);
        assert_eq!(outputs(&out), old, "{step}");
        assert!(siblings(&out).is_empty(), "{step}: {:?}", siblings(&out));
    }
}
