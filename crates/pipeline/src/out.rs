//! Where OUT may go, and how it is replaced without ever losing the only complete copy.
//!
//! Refused before anything is read or written: an OUT that is BATCH, lies inside BATCH or
//! contains it (canonical paths; for an OUT that does not exist yet, its nearest existing
//! ancestor is canonicalised), and an existing path that is neither an earlier intake output
//! (a folder with intake's `batch.json`) nor an empty folder.
//!
//! Publishing: OUT is written in `.NAME.partial-PID` beside it, which holds [`MARKER`] while it
//! is incomplete; `batch.json` is written last (renamed into place), so a folder with it is
//! complete. The new folder then takes OUT's place by one atomic exchange (`renameat2`
//! `RENAME_EXCHANGE`, Linux with glibc) and the old one is removed; where the exchange is
//! unavailable, the old OUT is renamed aside, the new one into place, then the old removed. An
//! old output is removed by first marking it and removing its `batch.json`, so a kill midway
//! leaves something provably ours and incomplete. A later run's clean-up of a killed run's
//! folders (those whose process is gone) restores the newest complete one when OUT is missing
//! (or an empty folder), removes complete ones only once OUT is complete, and otherwise removes
//! only marked incomplete folders (and empty ones).
//!
//! Fault injection (tests only need it): `INTAKE_FAULT=publish:<step>` kills the process with
//! SIGKILL at that step — `written` (new folder complete, OUT untouched), `exchanged` (new OUT in
//! place, old beside it), `removing` (old output half removed); `aside` and `placed` take the
//! rename path instead of the exchange (old renamed aside; new renamed into place).

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::PipelineError;

/// The file that marks a folder as intake's own, incomplete output (the staging folder, or an
/// old output being removed).
pub(crate) const MARKER: &str = ".intake-partial";

/// The manifest whose presence makes an output complete, and identifies an earlier output.
const MANIFEST: &str = "batch.json";

/// The largest `batch.json` read to identify an earlier output (it lists the batch's stray
/// files, so it can be large; it is parsed as it is read, never held).
const MANIFEST_MAX: u64 = 256 << 20;

/// Where OUT goes: its canonical path, parent and name.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// OUT, canonical (symbolic links in it resolved; one that does not exist yet, below its
    /// nearest existing ancestor's canonical path).
    pub out: PathBuf,
    /// OUT's parent folder (canonical).
    pub parent: PathBuf,
    /// OUT's name.
    pub name: OsString,
}

/// What is at OUT now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Absent,
    Empty,
    Output,
}

/// Checks OUT against BATCH and what is at OUT, and clears (or restores from) what killed runs
/// left beside it. `given` is OUT as the user wrote it (for messages).
///
/// Errors: [`PipelineError::OutRefused`] with the reason; [`PipelineError::Batch`] when BATCH
/// cannot be canonicalised.
pub(crate) fn prepare(batch: &Path, given: &Path) -> Result<Target, PipelineError> {
    let refuse = |reason: String| PipelineError::OutRefused {
        path: given.to_path_buf(),
        reason,
    };
    let batch = canonical_batch(batch)?;
    let out = apart_from(&batch, given).map_err(refuse)?;
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(refuse("不能是根目录 (OUT cannot be /)".into()));
    };
    let target = Target {
        parent: parent.to_path_buf(),
        name: name.to_os_string(),
        out: out.clone(),
    };
    let state = state(&out).map_err(refuse)?;
    recover(&target, state);
    Ok(target)
}

/// `given` resolved (links followed, `..` applied), or why it may not be written: it is the
/// canonical `batch`, lies inside it (the next run would read it back as a submission) or
/// contains it (replacing it would delete the batch). Reasons are Chinese first.
fn apart_from(batch: &Path, given: &Path) -> Result<PathBuf, String> {
    let out = resolve(given).map_err(|e| format!("无法解析路径：{e} (cannot resolve the path)"))?;
    if out == batch {
        return Err("是批次目录本身，拒绝写入 (OUT is the batch folder)".into());
    }
    if out.starts_with(batch) {
        return Err(format!(
            "位于批次目录 {} 之内，拒绝写入 (OUT is inside the batch folder)",
            batch.display()
        ));
    }
    if batch.starts_with(&out) {
        return Err(format!(
            "包含批次目录 {}，拒绝写入 (OUT contains the batch folder)",
            batch.display()
        ));
    }
    Ok(out)
}

/// BATCH with links resolved, as OUT and the archive index are compared with it.
fn canonical_batch(batch: &Path) -> Result<PathBuf, PipelineError> {
    batch.canonicalize().map_err(|source| PipelineError::Batch {
        path: batch.to_path_buf(),
        source,
    })
}

/// Checks an `--index-into` archive index against BATCH as OUT is checked: never the batch,
/// inside it or above it. Errors: [`PipelineError::OutRefused`] naming the index.
pub(crate) fn check_archive_index(batch: &Path, index: &Path) -> Result<(), PipelineError> {
    let batch = canonical_batch(batch)?;
    apart_from(&batch, index)
        .map(|_| ())
        .map_err(|reason| PipelineError::OutRefused {
            path: index.to_path_buf(),
            reason: format!("（--index-into 归档索引）{reason}"),
        })
}

/// What is at `out`, or why it may not be replaced.
fn state(out: &Path) -> Result<State, String> {
    let meta = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(State::Absent),
        Err(e) => return Err(format!("无法读取：{e} (cannot be read)")),
    };
    if !meta.is_dir() {
        return Err(
            "是已有的文件而不是文件夹，拒绝覆盖 (OUT is an existing file, not a folder)".into(),
        );
    }
    if is_output(out) {
        return Ok(State::Output);
    }
    match std::fs::read_dir(out).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(State::Empty),
        Ok(false) => Err(format!(
            "已存在，且不是 intake 的输出目录（没有 intake 写的 {MANIFEST}）也不是空文件夹，拒绝覆盖 \
             (OUT exists and is neither an earlier intake output nor an empty folder)"
        )),
        Err(e) => Err(format!("无法列出：{e} (cannot be listed)")),
    }
}

/// Whether `dir` holds a complete intake output: a `batch.json` whose `tool` is intake.
pub(crate) fn is_output(dir: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Manifest {
        tool: String,
    }
    let Ok(file) = crate::walk::open_regular(&dir.join(MANIFEST)) else {
        return false;
    };
    let reader = io::BufReader::new(io::Read::take(file, MANIFEST_MAX));
    serde_json::from_reader::<_, Manifest>(reader).is_ok_and(|m| m.tool.starts_with("intake "))
}

/// `p` made absolute and canonical, component by component: each prefix that exists is
/// canonicalised (symbolic links resolved), a part that does not exist yet is appended as it is,
/// `.` dropped and `..` taken lexically (what it follows is canonical or does not exist, so
/// holds no links).
fn resolve(p: &Path) -> io::Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut cur = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(n) => {
                cur.push(n);
                match std::fs::symlink_metadata(&cur) {
                    Ok(_) => cur = cur.canonicalize()?,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) if e.kind() == io::ErrorKind::NotADirectory => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(cur)
}

/// The sibling `.NAME.<kind>-PID` of OUT for this process.
pub(crate) fn sibling(t: &Target, kind: &str) -> PathBuf {
    let mut n = OsString::from(".");
    n.push(&t.name);
    n.push(format!(".{kind}-{}", std::process::id()));
    t.parent.join(n)
}

/// A killed run's folder beside OUT.
struct Stale {
    path: PathBuf,
    partial: bool,
    complete: bool,
    marked: bool,
}

/// The `.NAME.partial-PID` and `.NAME.old-PID` folders beside OUT whose process is gone. Where
/// liveness cannot be told (no /proc), none.
fn stale(t: &Target) -> Vec<Stale> {
    if !Path::new("/proc/self").exists() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&t.parent) else {
        return Vec::new();
    };
    // Escaped names compare byte for byte (the escape is injective).
    let name = crate::names::escape(&t.name);
    let mut found = Vec::new();
    for e in entries.flatten() {
        let file = crate::names::escape(&e.file_name());
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let (partial, pid) = match (rest.strip_prefix("partial-"), rest.strip_prefix("old-")) {
            (Some(pid), _) => (true, pid),
            (_, Some(pid)) => (false, pid),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = e.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir || pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        found.push(Stale {
            complete: is_output(&path),
            marked: path.join(MARKER).symlink_metadata().is_ok(),
            path,
            partial,
        });
    }
    found
}

/// Clears what killed runs left beside OUT (see the module doc). Best effort: a folder that
/// cannot be removed now is tried again by the next run.
fn recover(t: &Target, mut state: State) {
    let mut stale = stale(t);
    if state != State::Output {
        // The newest complete folder: a killed run's new output is newer than its old one.
        let newest = stale
            .iter()
            .enumerate()
            .filter(|(_, s)| s.complete)
            .max_by_key(|(_, s)| {
                let written = std::fs::metadata(s.path.join(MANIFEST))
                    .and_then(|m| m.modified())
                    .ok();
                (written, s.partial)
            })
            .map(|(i, _)| i);
        // A rename onto an empty folder replaces it, and fails on anything else.
        if let Some(i) = newest
            && std::fs::rename(&stale[i].path, &t.out).is_ok()
        {
            let _ = std::fs::remove_file(t.out.join(MARKER));
            stale.remove(i);
            state = State::Output;
        }
    }
    for s in stale {
        if s.complete && state == State::Output {
            discard(&s.path);
        } else if s.marked && !s.complete {
            let _ = std::fs::remove_dir_all(&s.path);
        } else if !s.complete {
            // A run killed between creating its folder and marking it: removed only if empty.
            let _ = std::fs::remove_dir(&s.path);
        }
    }
}

/// Publishes the complete folder `tmp` as OUT (see the module doc), checking again that what is
/// at OUT may be replaced.
pub(crate) fn publish(tmp: &Path, t: &Target, given: &Path) -> Result<(), PipelineError> {
    let state = state(&t.out).map_err(|reason| PipelineError::OutRefused {
        path: given.to_path_buf(),
        reason,
    })?;
    let out_err = |source| PipelineError::Output {
        path: t.out.clone(),
        source,
    };
    fault("written");
    let rename_path = fault_step().is_some_and(|s| s == "aside" || s == "placed");
    if state != State::Absent && !rename_path && exchange(tmp, &t.out).is_ok() {
        fault("exchanged");
        discard(tmp); // now the old OUT
        return Ok(());
    }
    let old = sibling(t, "old");
    if state != State::Absent {
        std::fs::rename(&t.out, &old).map_err(out_err)?;
        fault("aside");
    }
    std::fs::rename(tmp, &t.out).map_err(out_err)?;
    fault("placed");
    if state != State::Absent {
        discard(&old);
    }
    Ok(())
}

/// Removes a replaced OUT: an empty folder, or an intake output (marked and its `batch.json`
/// removed first, so a kill midway leaves a marked incomplete folder). Anything else (files
/// put into an empty OUT while the run was writing) is left where it is.
fn discard(dir: &Path) {
    if std::fs::remove_dir(dir).is_ok() || !is_output(dir) {
        return;
    }
    if std::fs::write(dir.join(MARKER), b"").is_err()
        || std::fs::remove_file(dir.join(MANIFEST)).is_err()
    {
        return;
    }
    fault("removing");
    let _ = std::fs::remove_dir_all(dir);
}

/// Swaps two paths atomically.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The publishing step named by `INTAKE_FAULT=publish:<step>`, if any.
fn fault_step() -> Option<String> {
    std::env::var("INTAKE_FAULT")
        .ok()?
        .strip_prefix("publish:")
        .map(String::from)
}

/// Kills the process with SIGKILL if `INTAKE_FAULT` names this step (see the module doc).
fn fault(step: &str) {
    if fault_step().as_deref() != Some(step) {
        return;
    }
    eprintln!("intake: INTAKE_FAULT=publish:{step}, killed");
    #[cfg(unix)]
    {
        // SAFETY: kill(2) on our own process id.
        unsafe { libc::kill(libc::getpid(), libc::SIGKILL) };
    }
    std::process::abort();
}
