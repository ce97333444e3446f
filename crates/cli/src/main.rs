//! `intake`: reviews applications to Chinese industrial programs.
//!
//! The binary only parses arguments and prints; the work is in the stage crates, composed by
//! intake-pipeline. It speaks Chinese unless the locale asks for English (`LANG=en_US.UTF-8`):
//! every message comes from one table ([`catalogue`], read through [`i18n`]). Exit status: 0
//! when the work was done (findings are results, not errors) and when a reader of the output
//! went away (`intake export … | head`), 2 for usage errors, 1 when output cannot be written.

mod alloc;
mod catalogue;
mod decisions;
mod desk;
mod export;
mod extract;
mod filters;
mod help;
mod i18n;
mod metrics;
mod progress;
mod query_check;
mod rules;
mod run;
mod search;
mod serve;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Reviews applications to 工业互联网产业联盟实验室/实训基地, 数字化转型促进中心,
/// 产业技术基础公共服务平台 and 国家质量标准实验室 (the help shown is the catalogue's).
#[derive(Parser)]
#[command(name = "intake", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Process a batch folder (BATCH/<submission>/**) and write OUT.
    Run(run::Args),
    /// Print what intake reads from one document (text page by page, or --json).
    Extract(extract::Args),
    /// Search an OUT folder or an archive index in Chinese, with filters and snippets.
    Search(search::Args),
    /// Export an index for OpenSearch (_bulk NDJSON and its mapping).
    Export(export::Args),
    /// List the rules intake checks (id, article, condition, level).
    Rules(rules::Args),
    /// List the metric keys with their Chinese names and units.
    Metrics(metrics::Args),
    /// Serve an OUT folder to a browser: search, the report, the cited source pages.
    Serve(serve::Args),
    /// 导出处理记录：the officers' decisions on OUT's findings as CSV (Excel/WPS) or JSONL.
    Decisions(decisions::Args),
}

/// The process's panic policy: a panic inside a stage the pipeline catches (one document's
/// reading, one submission's checks) is reported by the pipeline as that document's reason or
/// that submission's note, so the hook prints nothing for it (it would only tear the progress
/// display); every other panic is a defect of intake and is printed as Rust prints it.
fn quiet_caught_panics() {
    let print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !intake_pipeline::panic_is_caught() {
            print(info);
        }
    }));
}

/// The `intake` command as clap knows it, in the officer's language.
fn command() -> clap::Command {
    help::localize(Cli::command(), "intake")
}

fn main() -> ExitCode {
    quiet_caught_panics();
    let args = help::rewrite_help_command(std::env::args_os().collect());
    let cmd = command();
    let cli = match cmd
        .clone()
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(help::report(&e, &args, &cmd)),
    };
    let result = match cli.command {
        Command::Run(a) => run::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Search(a) => search::run(a),
        Command::Export(a) => export::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Metrics(a) => metrics::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Decisions(a) => decisions::run(a),
    };
    match result {
        Ok(code) => code,
        // The reader of stdout went away (`| head`): what it wanted was written.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            i18n::error(&format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}

/// Whether `e` is, or was caused by, a write to a closed pipe (EPIPE: Rust ignores SIGPIPE, so
/// a closed reader shows as this error on the next write).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }

    #[test]
    fn a_closed_pipe_is_recognised_through_wrappers() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::from(io).context("writing")));
        let other = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!is_broken_pipe(&anyhow::Error::from(other)));
    }
}
