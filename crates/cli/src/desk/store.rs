//! The decisions database: SQLite in WAL mode, two tables.
//!
//! - `finding`: one row per fingerprint ever decided on (submission, applicant, kind, rule,
//!   severity, metric, message as first seen), so an export can still name a finding a later
//!   run no longer makes.
//! - `history`: every change (who, when, from, to, the note after it, and `via`: `serve` for an
//!   officer, `run` for a re-run's resolution). The current decision is a fingerprint's latest row.
//!
//! Triggers refuse any UPDATE or DELETE on both tables: nothing is overwritten, whoever opens the
//! file. Every write is one `BEGIN IMMEDIATE` transaction with `synchronous=FULL`, so a process
//! killed mid-write leaves the previous state (SQLite's WAL rolls the torn transaction back).
//!
//! Fault injection for the tests: `INTAKE_FAULT=decide:uncommitted` kills the process with
//! SIGKILL after a decision's rows are written and before they are committed.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use intake_model::Finding;
use rusqlite::{Connection, OpenFlags, OptionalExtension as _, params};

use super::Status;

/// The schema, idempotent.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS finding (
    fingerprint TEXT PRIMARY KEY,
    submission  TEXT NOT NULL,
    applicant   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    metric      TEXT,
    message     TEXT NOT NULL,
    first_seen  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL REFERENCES finding(fingerprint),
    at          TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL,
    via         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_by_finding ON history(fingerprint, id);
CREATE TRIGGER IF NOT EXISTS history_no_update BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'decision history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS history_no_delete BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'decision history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS finding_no_update BEFORE UPDATE ON finding
    BEGIN SELECT RAISE(ABORT, 'findings are never overwritten'); END;
CREATE TRIGGER IF NOT EXISTS finding_no_delete BEFORE DELETE ON finding
    BEGIN SELECT RAISE(ABORT, 'findings are never deleted'); END;
";

/// One row of the history: a change of a finding's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The row id (increasing; the latest row of a fingerprint is its current decision).
    pub id: i64,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// When, RFC 3339 with the local offset (`2025-06-01T09:30:00+08:00`).
    pub at: String,
    /// Who: the reviewer's name, or `intake run` for a re-run's resolution.
    pub reviewer: String,
    /// The status before.
    pub from: Status,
    /// The status after.
    pub to: Status,
    /// The note after the change.
    pub note: String,
    /// `serve` (an officer in the browser) or `run` (set by a re-run).
    pub via: String,
}

/// What a finding row records of the finding (for exports of findings no longer made).
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    /// The submission id.
    pub submission: String,
    /// The applicant's name when first decided on.
    pub applicant: String,
    /// The kind id (`threshold_unmet`).
    pub kind: String,
    /// The rule id.
    pub rule: String,
    /// `fail`, `warn` or `info`.
    pub severity: String,
    /// The message as first seen.
    pub message: String,
}

/// A decision could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    /// Someone changed the finding since the page was drawn: `latest` is their change.
    #[error("the finding was changed meanwhile")]
    Conflict {
        /// The change made meanwhile.
        latest: Box<Change>,
    },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] rusqlite::Error),
}

/// An open decisions database.
pub struct Store {
    conn: Connection,
}

fn status_of(s: String) -> Status {
    Status::parse(&s).unwrap_or(Status::Open)
}

fn change_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    Ok(Change {
        id: row.get(0)?,
        fingerprint: row.get(1)?,
        at: row.get(2)?,
        reviewer: row.get(3)?,
        from: status_of(row.get(4)?),
        to: status_of(row.get(5)?),
        note: row.get(6)?,
        via: row.get(7)?,
    })
}

const CHANGE_COLUMNS: &str = "id, fingerprint, at, reviewer, from_status, to_status, note, via";

/// Now, RFC 3339 in local time with its offset, to the second.
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

impl Store {
    /// Opens (creating if absent) the database at `path` for reading and writing: WAL, full
    /// sync, foreign keys on, 5 s of patience with another writer (a shared `--db`).
    ///
    /// Errors: the file cannot be opened or created, or is not a decisions database.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let conn = Connection::open(path)
            .with_context(|| format!("opening decisions database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .with_context(|| format!("{}: not a decisions database", path.display()))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)
            .with_context(|| format!("{}: not a decisions database", path.display()))?;
        Ok(Store { conn })
    }

    /// Opens an existing database at `path` read-only (a source of `--decisions`).
    ///
    /// Errors: absent, unreadable, or without the decision tables.
    pub fn open_read_only(path: &Path) -> anyhow::Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening decisions database {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.query_row("SELECT count(*) FROM history", [], |_| Ok(()))
            .with_context(|| format!("{}: not a decisions database", path.display()))?;
        Ok(Store { conn })
    }

    /// Copies the whole database, committed state only, to a new file `to` (SQLite's online
    /// backup: consistent while others write), left in rollback-journal mode so it is one file.
    pub fn snapshot(&self, to: &Path) -> anyhow::Result<()> {
        let mut dst = Connection::open(to)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, Duration::from_millis(10), None)?;
        }
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }

    /// The current decision of every fingerprint that has one: its latest history row.
    pub fn current(&self) -> rusqlite::Result<HashMap<String, Change>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM history
             WHERE id IN (SELECT max(id) FROM history GROUP BY fingerprint)"
        ))?;
        let rows = stmt.query_map([], change_of)?;
        rows.map(|r| r.map(|c| (c.fingerprint.clone(), c)))
            .collect()
    }

    /// Every change of one fingerprint, oldest first.
    pub fn history(&self, fingerprint: &str) -> rusqlite::Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM history WHERE fingerprint = ?1 ORDER BY id"
        ))?;
        stmt.query_map([fingerprint], change_of)?.collect()
    }

    /// Every change, oldest first.
    pub fn all_history(&self) -> rusqlite::Result<Vec<Change>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {CHANGE_COLUMNS} FROM history ORDER BY id"))?;
        stmt.query_map([], change_of)?.collect()
    }

    /// Every finding row, by fingerprint.
    pub fn known(&self) -> rusqlite::Result<HashMap<String, Known>> {
        let mut stmt = self.conn.prepare(
            "SELECT fingerprint, submission, applicant, kind, rule, severity, message FROM finding",
        )?;
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Known {
                    submission: r.get(1)?,
                    applicant: r.get(2)?,
                    kind: r.get(3)?,
                    rule: r.get(4)?,
                    severity: r.get(5)?,
                    message: r.get(6)?,
                },
            ))
        })?
        .collect()
    }

    /// Records a decision on `finding` (fingerprint `fp`, applicant `applicant`): `to` with
    /// `note`, by `reviewer`, via `via`. `expected` is the id of the change the officer saw
    /// (`None`: none); if the finding has changed since, nothing is written and
    /// [`DecideError::Conflict`] names the change made meanwhile. With `expected` absent the
    /// check is skipped (a re-run's resolution).
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        fp: &str,
        finding: &Finding,
        applicant: &str,
        to: Status,
        note: &str,
        reviewer: &str,
        via: &str,
        expected: Option<Option<i64>>,
    ) -> Result<Change, DecideError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let latest: Option<Change> = tx
            .prepare_cached(&format!(
                "SELECT {CHANGE_COLUMNS} FROM history WHERE fingerprint = ?1
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([fp], change_of)
            .optional()?;
        if let Some(expected) = expected
            && latest.as_ref().map(|c| c.id) != expected
            && let Some(latest) = latest.clone()
        {
            return Err(DecideError::Conflict {
                latest: Box::new(latest),
            });
        }
        let at = now();
        let kind = serde_json::to_value(finding.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let severity = serde_json::to_value(finding.severity)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        tx.execute(
            "INSERT OR IGNORE INTO finding
             (fingerprint, submission, applicant, kind, rule, severity, metric, message, first_seen)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                fp,
                finding.submission,
                applicant,
                kind,
                finding.rule,
                severity,
                finding.metric,
                finding.message,
                at
            ],
        )?;
        let from = latest.as_ref().map_or(Status::Open, |c| c.to);
        let change = append(&tx, fp, at, from, to, note, reviewer, via)?;
        fault("uncommitted");
        tx.commit()?;
        Ok(change)
    }

    /// Appends a change to a finding this database already knows (a re-run's resolution, or
    /// reopening): from its current status to `to`, keeping `note`.
    pub fn append_known(
        &mut self,
        fp: &str,
        to: Status,
        note: &str,
        reviewer: &str,
        via: &str,
    ) -> rusqlite::Result<Change> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let from = tx
            .query_row(
                "SELECT to_status FROM history WHERE fingerprint = ?1 ORDER BY id DESC LIMIT 1",
                [fp],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map_or(Status::Open, status_of);
        let change = append(&tx, fp, now(), from, to, note, reviewer, via)?;
        tx.commit()?;
        Ok(change)
    }

    /// Copies every finding row and history row of `source` that this database lacks (a
    /// history row counts as present when one with the same fingerprint, time, reviewer, from,
    /// to, note and via is), in the source's order, in one transaction. Returns how many
    /// history rows were added.
    pub fn merge_from(&mut self, source: &Store) -> anyhow::Result<usize> {
        let mut findings = source.conn.prepare(
            "SELECT fingerprint, submission, applicant, kind, rule, severity, metric, message,
                    first_seen FROM finding",
        )?;
        let rows: Vec<[Option<String>; 9]> = findings
            .query_map([], |r| {
                Ok([
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ])
            })?
            .collect::<rusqlite::Result<_>>()?;
        let changes = source.all_history()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for r in &rows {
            tx.execute(
                "INSERT OR IGNORE INTO finding
                 (fingerprint, submission, applicant, kind, rule, severity, metric, message, first_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                rusqlite::params_from_iter(r.iter()),
            )?;
        }
        let mut added = 0;
        for c in &changes {
            added += tx.execute(
                "INSERT INTO history (fingerprint, at, reviewer, from_status, to_status, note, via)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (
                     SELECT 1 FROM history WHERE fingerprint = ?1 AND at = ?2 AND reviewer = ?3
                     AND from_status = ?4 AND to_status = ?5 AND note = ?6 AND via = ?7)",
                params![
                    c.fingerprint,
                    c.at,
                    c.reviewer,
                    c.from.id(),
                    c.to.id(),
                    c.note,
                    c.via
                ],
            )?;
        }
        tx.commit()?;
        Ok(added)
    }
}

/// Inserts one history row inside `tx` and returns it.
#[allow(clippy::too_many_arguments)]
fn append(
    tx: &rusqlite::Transaction<'_>,
    fp: &str,
    at: String,
    from: Status,
    to: Status,
    note: &str,
    reviewer: &str,
    via: &str,
) -> rusqlite::Result<Change> {
    tx.execute(
        "INSERT INTO history (fingerprint, at, reviewer, from_status, to_status, note, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![fp, at, reviewer, from.id(), to.id(), note, via],
    )?;
    Ok(Change {
        id: tx.last_insert_rowid(),
        fingerprint: fp.to_string(),
        at,
        reviewer: reviewer.to_string(),
        from,
        to,
        note: note.to_string(),
        via: via.to_string(),
    })
}

/// Kills the process with SIGKILL if `INTAKE_FAULT=decide:<step>` names this step.
fn fault(step: &str) {
    let hit = std::env::var("INTAKE_FAULT")
        .ok()
        .and_then(|v| v.strip_prefix("decide:").map(|s| s == step))
        .unwrap_or(false);
    if !hit {
        return;
    }
    eprintln!("intake: INTAKE_FAULT=decide:{step}, killed");
    // SAFETY: kill(2) on our own process id.
    #[cfg(unix)]
    unsafe {
        libc::kill(libc::getpid(), libc::SIGKILL);
    }
    std::process::abort();
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_model::{FindingKind, Severity};

    fn finding() -> Finding {
        Finding {
            submission: "sub-0001".into(),
            regime: None,
            rule: "tbp.staff".into(),
            kind: FindingKind::ThresholdUnmet,
            severity: Severity::Fail,
            metric: None,
            message: "从业人员 48 人".into(),
            evidence: vec![],
            article: None,
        }
    }

    #[test]
    fn every_change_is_kept_and_nothing_can_be_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("d.sqlite")).unwrap();
        let f = finding();
        let a = s
            .decide(
                "fp1",
                &f,
                "甲公司",
                Status::Confirmed,
                "核实",
                "张三",
                "serve",
                Some(None),
            )
            .unwrap();
        assert_eq!((a.from, a.to), (Status::Open, Status::Confirmed));
        // A page drawn before that change is refused, and writes nothing.
        let stale = s.decide(
            "fp1",
            &f,
            "甲公司",
            Status::Dismissed,
            "",
            "李四",
            "serve",
            Some(None),
        );
        match stale {
            Err(DecideError::Conflict { latest }) => assert_eq!(latest.reviewer, "张三"),
            other => panic!("{other:?}"),
        }
        let b = s
            .decide(
                "fp1",
                &f,
                "甲公司",
                Status::Dismissed,
                "误报",
                "李四",
                "serve",
                Some(Some(a.id)),
            )
            .unwrap();
        assert_eq!((b.from, b.to), (Status::Confirmed, Status::Dismissed));
        let h = s.history("fp1").unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(s.current().unwrap()["fp1"].to, Status::Dismissed);
        assert!(s.conn.execute("UPDATE history SET note = 'x'", []).is_err());
        assert!(s.conn.execute("DELETE FROM history", []).is_err());
        assert!(s.conn.execute("DELETE FROM finding", []).is_err());
        assert_eq!(s.history("fp1").unwrap(), h);
        let mode: String = s
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
