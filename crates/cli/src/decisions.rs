//! `intake decisions OUT --format csv|jsonl [--db DB] [--output FILE]`: the officers' worksheet.
//!
//! One row per finding of OUT (decided or still open), then one per decided finding of OUT's
//! submissions that OUT no longer makes (resolved by a re-run). Columns: submission, applicant,
//! kind, rule, severity, message, status, note, reviewer, time, fingerprint. CSV is UTF-8 with a
//! BOM (Excel and WPS then read Chinese correctly), CRLF line ends, and a cell that begins with
//! `= + - @` or a tab is prefixed with `'` so a spreadsheet never runs an applicant's text as a
//! formula.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::desk::store::{Change, Store};
use crate::desk::{DB_FILE, OutView, Status};

/// Export formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated, UTF-8 with BOM, for Excel/WPS.
    Csv,
    /// One JSON object a line.
    Jsonl,
}

/// Arguments of `intake decisions`.
#[derive(clap::Args)]
pub struct Args {
    /// The output folder of `intake run`.
    out: PathBuf,
    /// csv (Excel/WPS, UTF-8 with BOM) or jsonl.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// The decisions database (default OUT/decisions.sqlite).
    #[arg(long, value_name = "DB")]
    db: Option<PathBuf>,
    /// Write here instead of standard output (an existing file is not replaced).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

/// One row of the worksheet.
#[derive(serde::Serialize)]
struct Row<'a> {
    submission: &'a str,
    applicant: &'a str,
    kind: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    status: &'static str,
    status_label: &'static str,
    note: &'a str,
    reviewer: &'a str,
    at: &'a str,
    fingerprint: &'a str,
}

const CSV_HEADER: [&str; 11] = [
    "申报编号",
    "申报单位",
    "问题类型",
    "规则",
    "严重程度",
    "问题",
    "处理状态",
    "备注",
    "审查人",
    "处理时间",
    "指纹",
];

/// Writes the worksheet. Exit 2 when OUT is not an output folder, the database is absent or
/// the output file exists; 1 when writing fails.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.out.join("submissions.jsonl").is_file() {
        eprintln!(
            "intake: {} 不是 intake run 的输出目录（没有 submissions.jsonl） (not an output folder)",
            args.out.display()
        );
        return Ok(ExitCode::from(2));
    }
    let db = args.db.clone().unwrap_or_else(|| args.out.join(DB_FILE));
    let view = OutView::load(&args.out)?;
    let (current, known) = if db.is_file() {
        let store = Store::open_read_only(&db)?;
        (store.current()?, store.known()?)
    } else if args.db.is_some() {
        eprintln!(
            "intake: 处理记录数据库 {} 不存在 (decisions database not found)",
            db.display()
        );
        return Ok(ExitCode::from(2));
    } else {
        Default::default()
    };
    let mut sink: Box<dyn std::io::Write> = match &args.output {
        Some(path) => match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!(
                    "intake: {} 已存在，不覆盖 (refusing to overwrite an existing file)",
                    path.display()
                );
                return Ok(ExitCode::from(2));
            }
            Err(e) => return Err(e.into()),
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if matches!(args.format, Format::Csv) {
        sink.write_all("\u{feff}".as_bytes())?;
        csv_line(&mut sink, &CSV_HEADER)?;
    }
    let open = |fp: &str| current.get(fp);
    let mut emit = |row: Row<'_>| -> anyhow::Result<()> {
        match args.format {
            Format::Jsonl => writeln!(sink, "{}", serde_json::to_string(&row)?)?,
            Format::Csv => csv_line(
                &mut sink,
                &[
                    row.submission,
                    row.applicant,
                    row.kind,
                    row.rule,
                    row.severity,
                    row.message,
                    row.status_label,
                    row.note,
                    row.reviewer,
                    row.at,
                    row.fingerprint,
                ],
            )?,
        }
        Ok(())
    };
    let label = |v: serde_json::Value| v.as_str().map(str::to_string).unwrap_or_default();
    for (fp, f) in &view.findings {
        let c: Option<&Change> = open(fp);
        let status = c.map_or(Status::Open, |c| c.to);
        let (kind, severity) = (
            label(serde_json::to_value(f.kind)?),
            label(serde_json::to_value(f.severity)?),
        );
        emit(Row {
            submission: &f.submission,
            applicant: view.applicant(&f.submission),
            kind: &kind,
            rule: &f.rule,
            severity: &severity,
            message: &f.message,
            status: status.id(),
            status_label: status.label(),
            note: c.map_or("", |c| &c.note),
            reviewer: c.map_or("", |c| &c.reviewer),
            at: c.map_or("", |c| &c.at),
            fingerprint: fp,
        })?;
    }
    // Decided findings of these submissions that this run no longer makes.
    let present: HashSet<&str> = view.fingerprints();
    let mut gone: Vec<&Change> = current
        .values()
        .filter(|c| !present.contains(c.fingerprint.as_str()))
        .filter(|c| {
            known
                .get(&c.fingerprint)
                .is_some_and(|k| view.submissions.contains_key(&k.submission))
        })
        .collect();
    gone.sort_by_key(|c| c.id);
    for c in gone {
        let k = &known[&c.fingerprint];
        emit(Row {
            submission: &k.submission,
            applicant: &k.applicant,
            kind: &k.kind,
            rule: &k.rule,
            severity: &k.severity,
            message: &k.message,
            status: c.to.id(),
            status_label: c.to.label(),
            note: &c.note,
            reviewer: &c.reviewer,
            at: &c.at,
            fingerprint: &c.fingerprint,
        })?;
    }
    sink.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One CSV record (RFC 4180, CRLF), each cell quoted when it holds a comma, quote or line
/// break, and defused when a spreadsheet would read it as a formula.
fn csv_line(w: &mut dyn std::io::Write, cells: &[&str]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&csv_cell(cell));
    }
    line.push_str("\r\n");
    w.write_all(line.as_bytes())
}

fn csv_cell(cell: &str) -> String {
    let defused = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_cell("从业人员 48 人"), "从业人员 48 人");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("说\"明\""), "\"说\"\"明\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("两行\n文字"), "\"两行\n文字\"");
    }
}
