//! Carrying decisions across runs: `intake run NEW --out OUT2 --decisions OUT1/decisions.sqlite`
//! (or `--db PATH`, or simply running into an OUT that has decisions).
//!
//! `run` replaces OUT as a whole, so a database inside the OUT being replaced is first copied
//! (SQLite backup, committed state) to a hidden sibling `.OUT.decisions-PID.sqlite`; after the
//! new OUT is published, every source is merged into the target (`--db`, else
//! `OUT/decisions.sqlite`) and the siblings are removed. A run killed in between leaves its
//! sibling, which the next run into that OUT takes as one more source: a decision is never lost
//! to a re-run.
//!
//! Then the re-run's verdict on each decided finding: a finding of a submission in the new batch
//! that the new run no longer makes is marked 已消除 (resolved, by `intake run`); a resolved one
//! that is made again is reopened (待处理). Findings of submissions outside the new batch (a
//! shared `--db`) are left alone.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::store::Store;
use super::{DB_FILE, OutView, Status};

/// Who a re-run's changes are recorded as.
pub const RUN_REVIEWER: &str = "intake run";

/// A pending carry, prepared before the run.
pub struct Carry {
    target: PathBuf,
    sources: Vec<PathBuf>,
    /// Sibling copies to remove once merged (ours and those of killed runs).
    temporary: Vec<PathBuf>,
}

/// What carrying did, for the run's summary line.
#[derive(Debug, Default, PartialEq)]
pub struct Carried {
    /// The database written.
    pub target: PathBuf,
    /// Findings of the new run that have a decision.
    pub decided: usize,
    /// Findings marked resolved because the new run no longer makes them.
    pub resolved: usize,
    /// Resolved findings made again, reopened.
    pub reopened: usize,
}

impl Carry {
    /// Prepares carrying into the run that writes `out`: `decisions` are explicit sources,
    /// `db` a shared database (else `OUT/decisions.sqlite`). Returns `None` when there is
    /// nothing to carry and no shared database.
    ///
    /// Errors: a source that is not a readable decisions database, a `--db` inside OUT (it
    /// would be replaced with OUT), a copy that cannot be written beside OUT.
    pub fn before(
        out: &Path,
        decisions: &[PathBuf],
        db: Option<&Path>,
    ) -> anyhow::Result<Option<Carry>> {
        let out = std::path::absolute(out)?;
        let own = out.join(DB_FILE);
        let out_real = out.canonicalize().unwrap_or_else(|_| out.clone());
        // An OUT such as `batch/..` names its folder only once resolved.
        let (Some(parent), Some(name)) = (out_real.parent(), out_real.file_name()) else {
            // Not a folder `run` can write (it refuses it itself); nothing can be carried.
            return Ok(None);
        };
        let (parent, name) = (parent.to_path_buf(), name.to_string_lossy().into_owned());
        let inside_out = |p: &Path| {
            let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            let p = p.canonicalize().unwrap_or(p);
            p.starts_with(&out_real) || p.starts_with(&out)
        };
        let target = match db {
            Some(db) if inside_out(db) && std::path::absolute(db)? != own => bail!(
                "--db {} 位于输出目录之内，会随输出目录一起被替换；请放在输出目录之外 (--db must lie outside OUT)",
                db.display()
            ),
            Some(db) => std::path::absolute(db)?,
            None => own.clone(),
        };
        let mut carry = Carry {
            sources: Vec::new(),
            temporary: leftovers(&parent, &name),
            target: target.clone(),
        };
        carry.sources.extend(carry.temporary.iter().cloned());
        let mut wanted: Vec<PathBuf> = decisions.to_vec();
        if own.is_file() && !wanted.iter().any(|d| inside_out(d)) {
            // The OUT being replaced holds its own decisions: keep them too.
            wanted.push(own.clone());
        }
        let mut n = 0;
        for src in wanted {
            if !src.is_file() {
                bail!(
                    "处理记录数据库 {} 不存在 (decisions database not found)",
                    src.display()
                );
            }
            let store = Store::open_read_only(&src)?;
            if inside_out(&src) {
                n += 1;
                let copy = parent.join(format!(
                    ".{name}.decisions-{}-{n}.sqlite",
                    std::process::id()
                ));
                store
                    .snapshot(&copy)
                    .with_context(|| format!("copying {} to {}", src.display(), copy.display()))?;
                carry.temporary.push(copy.clone());
                carry.sources.push(copy);
            } else {
                carry.sources.push(src);
            }
        }
        if carry.sources.is_empty() && db.is_none() {
            carry.discard();
            return Ok(None);
        }
        Ok(Some(carry))
    }

    /// After the run published `out`: merges the sources into the target, resolves and reopens
    /// as the module doc says, and removes the temporary copies.
    ///
    /// Errors: OUT's findings cannot be read, or the target database cannot be written (the
    /// copies are then kept for the next run).
    pub fn after(self, out: &Path) -> anyhow::Result<Carried> {
        let view = OutView::load(out)?;
        let mut store = Store::open(&self.target)?;
        let target_real = self.target.canonicalize().ok();
        for src in &self.sources {
            if src.canonicalize().ok() == target_real {
                continue;
            }
            let source = Store::open_read_only(src)?;
            store
                .merge_from(&source)
                .with_context(|| format!("carrying decisions from {}", src.display()))?;
        }
        let fps = view.fingerprints();
        let known = store.known()?;
        let mut done = Carried {
            target: self.target.clone(),
            ..Carried::default()
        };
        let mut current: Vec<_> = store.current()?.into_values().collect();
        current.sort_by_key(|c| c.id);
        for c in current {
            let Some(k) = known.get(&c.fingerprint) else {
                continue;
            };
            if !view.submissions.contains_key(&k.submission) {
                continue;
            }
            let present = fps.contains(c.fingerprint.as_str());
            if !present && c.to != Status::Resolved {
                store.append_known(
                    &c.fingerprint,
                    Status::Resolved,
                    &c.note,
                    RUN_REVIEWER,
                    "run",
                )?;
                done.resolved += 1;
            } else if present && c.to == Status::Resolved {
                store.append_known(&c.fingerprint, Status::Open, &c.note, RUN_REVIEWER, "run")?;
                done.reopened += 1;
            } else if present {
                done.decided += 1;
            }
        }
        drop(store);
        self.discard();
        Ok(done)
    }

    /// Removes the temporary copies (after merging, or when the run failed and OUT was kept).
    pub fn discard(self) {
        for t in &self.temporary {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = t.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
        }
    }

    /// Forgets our own copies on failure but keeps those of killed runs (still not merged).
    pub fn abandon(mut self) {
        let ours = format!("-{}-", std::process::id());
        self.temporary
            .retain(|t| t.to_string_lossy().contains(&ours));
        self.discard();
    }
}

/// Copies left beside OUT by killed runs: `.NAME.decisions-PID-N.sqlite` whose process is gone.
fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.decisions-");
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let rest = file.strip_prefix(&prefix)?.strip_suffix(".sqlite")?;
            let pid: u32 = rest.split('-').next()?.parse().ok()?;
            let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
            (!alive && Path::new("/proc/self").exists()).then(|| e.path())
        })
        .collect();
    found.sort();
    found
}
