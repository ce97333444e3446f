//! `intake run BATCH --out OUT`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intake_extract::OcrLimits;
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
}

/// `--ocr`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OcrMode {
    /// Where Tesseract is installed.
    Auto,
    /// Never.
    Off,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.batch.is_dir() {
        eprintln!(
            "intake: batch folder {} does not exist or is not a folder",
            args.batch.display()
        );
        return Ok(ExitCode::from(2));
    }
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files ({per_sec}, eta {eta}) {msg}",
            )
            .expect("static template"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
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
        eprintln!("intake: 注意：{why}；无文本层的扫描页将列为无法读取 (unreadable)");
    }
    let progress_bar = bar.clone();
    let opts = Options {
        jobs: args.jobs.map(usize::from),
        limits: Limits {
            timeout: Duration::from_secs(args.doc_timeout.max(1)),
            ocr,
            ..Limits::default()
        },
        progress: Some(Arc::new(move |done, total| {
            progress_bar.set_length(total);
            progress_bar.set_position(done);
            let pages = intake_extract::ocr::pages_recognised();
            if pages > 0 {
                progress_bar.set_message(format!("OCR {pages} 页"));
            }
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
