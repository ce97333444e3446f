//! `intake run BATCH --out OUT`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use intake_extract::OcrLimits;
use intake_pipeline::{Limits, Options, PipelineError, Summary};

use crate::i18n::text;
use crate::progress::Display;
use crate::tr;

/// Arguments of `intake run`.
#[derive(clap::Args)]
pub struct Args {
    /// The batch folder: one sub-folder per submission.
    batch: PathBuf,
    /// Where to write facts.jsonl, findings.jsonl, submissions.jsonl, index/ and report.html.
    #[arg(long)]
    out: PathBuf,
    /// Worker threads (default: all cores). Outputs are identical for any value.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// Print nothing (no progress bar, no summary).
    #[arg(long)]
    quiet: bool,
    /// When done, print wall and CPU time per stage (also in batch.json's `timing.profile`).
    #[arg(long)]
    profile: bool,
    /// An earlier OUT folder whose archive feeds the cross-batch checks (copied text, one
    /// training base per cycle, debarment). Repeatable.
    #[arg(long, value_name = "OUT_OLD")]
    archive: Vec<PathBuf>,
    /// Also add this batch to the archive index ARCHIVE (created if absent), so
    /// `intake search ARCHIVE` spans every batch added to it.
    #[arg(long, value_name = "ARCHIVE")]
    index_into: Option<PathBuf>,
    /// The officer's overrides of regime, level and variant: a TOML file kept outside the
    /// batch, one table per submission id (`[sub-0001]` then `regime = "promotion-center"`,
    /// `level = "national"`, `variant = "talent"`). A `submission.toml` inside a submission
    /// folder is the applicant's and is not read.
    #[arg(long, value_name = "FILE")]
    overrides: Option<PathBuf>,
    /// A pipelines folder whose rulebooks (`regimes/*.toml`) and regulations
    /// (`regulations/*.txt`) replace the built-in ones: a new regime is a new rulebook and
    /// regulation text there.
    #[arg(long, value_name = "DIR")]
    pipelines: Option<PathBuf>,
    /// Seconds one document may take before it is reported unreadable (OCR adds its own
    /// per-page time to this).
    #[arg(long, default_value_t = 30)]
    doc_timeout: u64,
    /// OCR of pages without a text layer (scans, outlined text, pasted pictures): `auto` reads
    /// them with Tesseract where it is installed, `off` lists them as unreadable.
    #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
    ocr: OcrMode,
    /// Most pages (or pasted pictures) read by OCR in one document.
    #[arg(long, default_value_t = 30, value_name = "N")]
    ocr_pages: usize,
    /// Seconds OCR may take for one page.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    ocr_page_timeout: u64,
    /// 沿用处理记录：an earlier decisions database (OUT_OLD/decisions.sqlite) whose decisions
    /// carry to the same findings of this run; findings no longer made are marked resolved.
    /// Repeatable. An OUT that already holds decisions.sqlite keeps them without this.
    #[arg(long, value_name = "DB")]
    decisions: Vec<PathBuf>,
    /// A shared decisions database (outside OUT) instead of OUT/decisions.sqlite.
    #[arg(long, value_name = "DB")]
    db: Option<PathBuf>,
}

/// `--ocr`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OcrMode {
    /// Where Tesseract is installed.
    Auto,
    /// Never.
    Off,
}

/// Runs the batch with progress on stderr and prints the summary line. Exit 0 when the batch
/// was processed, 2 for a usage error (nothing written), 1 when OUT cannot be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.batch.is_dir() {
        crate::i18n::error(&tr!("run.batch_missing", path = args.batch.display()));
        return Ok(ExitCode::from(2));
    }
    // Decisions to keep are copied before OUT is replaced (see desk::carry).
    let carry =
        match crate::desk::carry::Carry::before(&args.out, &args.decisions, args.db.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                crate::i18n::error(&format!("{e:#}"));
                return Ok(ExitCode::from(2));
            }
        };
    let ocr = OcrLimits {
        enabled: args.ocr == OcrMode::Auto,
        max_pages: args.ocr_pages,
        page_timeout: Duration::from_secs(args.ocr_page_timeout.max(1)),
    };
    if ocr.enabled
        && !args.quiet
        && let Err(why) = intake_extract::ocr::status()
    {
        // Said once, up front: without it an officer would find scans "unreadable" with no
        // idea that installing two packages would read them.
        crate::i18n::error(&tr!("run.ocr_missing", why = why));
    }
    let (batch, out) = (
        args.batch.display().to_string(),
        args.out.display().to_string(),
    );
    let display = Arc::new(Display::new(
        args.quiet,
        Box::new(move |p: &intake_pipeline::Progress| {
            format!(
                "{}{}",
                text("prefix"),
                tr!(
                    "run.started",
                    batch = batch,
                    submissions = p.submissions_total,
                    files = p.files_total,
                    out = out
                )
            )
        }),
    ));
    let shown = Arc::clone(&display);
    let opts = Options {
        jobs: args.jobs.map(usize::from),
        limits: Limits {
            timeout: Duration::from_secs(args.doc_timeout.max(1)),
            ocr,
            ..Limits::default()
        },
        progress: Some(Arc::new(move |p: &intake_pipeline::Progress| {
            shown.update(p)
        })),
        archives: args.archive.clone(),
        index_into: args.index_into.clone(),
        overrides: args.overrides.clone(),
        pipelines: args.pipelines.clone(),
    };
    crate::alloc::tune();
    let result = intake_pipeline::run(&args.batch, &args.out, &opts);
    display.finish();
    let carry = match (carry, &result) {
        (Some(c), Err(_)) => {
            c.abandon();
            None
        }
        (c, _) => c,
    };
    match result {
        Ok(s) => {
            if !args.quiet {
                crate::i18n::error(&summary(&s, &args.out));
            }
            if args.profile {
                eprint!("{}", profile(&s, args.jobs));
            }
            if let Some(carry) = carry {
                let c = carry.after(&args.out)?;
                if !args.quiet {
                    crate::i18n::error(&tr!(
                        "run.decisions_carried",
                        decided = c.decided,
                        resolved = c.resolved,
                        reopened = c.reopened,
                        db = c.target.display()
                    ));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            crate::i18n::error(&error_message(&e));
            Ok(ExitCode::from(match e {
                // Usage errors: nothing was written (a refused OUT is left untouched).
                PipelineError::Batch { .. }
                | PipelineError::OutRefused { .. }
                | PipelineError::Overrides { .. } => 2,
                _ => 1,
            }))
        }
    }
}

/// The per-stage profile (`--profile`): a heading, one line per stage, the total.
fn profile(s: &Summary, jobs: Option<u16>) -> String {
    let mut out = format!("{}\n", text("run.profile_head"));
    for t in &s.profile {
        let key = format!("stage.{}", t.stage.as_str());
        out += &tr!(
            "run.profile_row",
            stage = crate::i18n::text(&key),
            wall = format!("{:.2}", t.wall),
            cpu = format!("{:.2}", t.cpu)
        );
        out.push('\n');
    }
    let cpu: f64 = s.profile.iter().map(|t| t.cpu).sum();
    let jobs = jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    out += &tr!(
        "run.profile_total",
        wall = format!("{:.2}", s.seconds),
        cpu = format!("{cpu:.2}"),
        percent = format!("{:.0}", 100.0 * cpu / s.seconds.max(1e-9)),
        jobs = jobs
    );
    out.push('\n');
    out
}

/// The one-line summary of a run: every count batch.json holds, and the time.
fn summary(s: &Summary, out: &Path) -> String {
    let stray = if s.stray > 0 {
        tr!("run.summary_stray", stray = s.stray)
    } else {
        String::new()
    };
    tr!(
        "run.summary",
        submissions = s.submissions,
        documents = s.documents,
        unreadable = s.unreadable,
        skipped = s.skipped,
        stray = stray,
        facts = s.facts,
        fail = s.findings[0],
        warn = s.findings[1],
        info = s.findings[2],
        pass = s.verdicts[0],
        review = s.verdicts[1],
        failed = s.verdicts[2],
        time = crate::progress::seconds(s.seconds),
        out = out.display(),
    )
}

/// A pipeline error in the officer's language. The OUT and overrides refusals are already
/// Chinese first with an English gloss, and are shown as they are.
fn error_message(e: &PipelineError) -> String {
    match e {
        PipelineError::Batch { path, source } => {
            tr!(
                "run.cannot_read_batch",
                path = path.display(),
                error = source
            )
        }
        PipelineError::Output { path, source } => {
            tr!("run.cannot_write", path = path.display(), error = source)
        }
        PipelineError::Checks { path, source } => {
            tr!("run.cannot_write", path = path.display(), error = source)
        }
        PipelineError::Rules(source) => tr!("run.rules_broken", error = source),
        PipelineError::Archive { path, source } => {
            tr!("run.archive", path = path.display(), error = source)
        }
        PipelineError::Index { path, source } => {
            tr!("run.index", path = path.display(), error = source)
        }
        PipelineError::Threads(source) => tr!("run.threads", error = source),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_stage_of_the_profile_has_a_name_in_both_languages() {
        for stage in intake_pipeline::Stage::ALL {
            let key = format!("stage.{}", stage.as_str());
            assert!(
                crate::catalogue::MESSAGES.iter().any(|(k, _, _)| *k == key),
                "{key} missing from the catalogue"
            );
        }
    }
}
