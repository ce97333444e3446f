//! `intake run BATCH --out OUT`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intake_pipeline::{Limits, Options, PipelineError};

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
    /// Seconds one document may take before it is reported unreadable.
    #[arg(long, default_value_t = 30)]
    doc_timeout: u64,
    /// 沿用处理记录：an earlier decisions database (OUT_OLD/decisions.sqlite) whose decisions
    /// carry to the same findings of this run; findings no longer made are marked resolved.
    /// Repeatable. An OUT that already holds decisions.sqlite keeps them without this.
    #[arg(long, value_name = "DB")]
    decisions: Vec<PathBuf>,
    /// A shared decisions database (outside OUT) instead of OUT/decisions.sqlite.
    #[arg(long, value_name = "DB")]
    db: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.batch.is_dir() {
        eprintln!(
            "intake: batch folder {} does not exist or is not a folder",
            args.batch.display()
        );
        return Ok(ExitCode::from(2));
    }
    // Decisions to keep are copied before OUT is replaced (see desk::carry).
    let carry =
        match crate::desk::carry::Carry::before(&args.out, &args.decisions, args.db.as_deref()) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("intake: {e:#}");
                return Ok(ExitCode::from(2));
            }
        };
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta})",
            )
            .expect("static template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    };
    let progress_bar = bar.clone();
    let opts = Options {
        jobs: args.jobs.map(usize::from),
        limits: Limits {
            timeout: Duration::from_secs(args.doc_timeout.max(1)),
            ..Limits::default()
        },
        progress: Some(Arc::new(move |done, total| {
            progress_bar.set_length(total);
            progress_bar.set_position(done);
        })),
        archives: args.archive.clone(),
        index_into: args.index_into.clone(),
        overrides: args.overrides.clone(),
    };
    // A panic inside one document is caught and reported as that document's status; keep the
    // default hook from printing over the progress bar.
    std::panic::set_hook(Box::new(|_| {}));
    let result = intake_pipeline::run(&args.batch, &args.out, &opts);
    let _ = std::panic::take_hook();
    bar.finish_and_clear();
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
                eprintln!(
                    "intake: {} submissions, {} documents ({} unreadable, {} skipped{}), {} facts, findings: {} fail, {} warn, {} info — {:.1} s → {}",
                    s.submissions,
                    s.documents,
                    s.unreadable,
                    s.skipped,
                    if s.stray > 0 {
                        format!(", {} stray files at the batch top level", s.stray)
                    } else {
                        String::new()
                    },
                    s.facts,
                    s.findings[0],
                    s.findings[1],
                    s.findings[2],
                    s.seconds,
                    args.out.display()
                );
            }
            if let Some(carry) = carry {
                let c = carry.after(&args.out)?;
                if !args.quiet {
                    eprintln!(
                        "intake: 处理记录 {} 条沿用，{} 条因问题不再出现标为已消除，{} 条重新出现 → {}",
                        c.decided,
                        c.resolved,
                        c.reopened,
                        c.target.display()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        // Usage errors: nothing was written (a refused OUT is left untouched).
        Err(
            e @ (PipelineError::Batch { .. }
            | PipelineError::OutRefused { .. }
            | PipelineError::Overrides { .. }),
        ) => {
            eprintln!("intake: {e}");
            Ok(ExitCode::from(2))
        }
        Err(e) => {
            eprintln!("intake: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
