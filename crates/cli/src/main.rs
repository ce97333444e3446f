//! `intake`: reviews applications to Chinese industrial programs.
//!
//! The binary only parses arguments and prints; the work is in the stage crates, composed by
//! intake-pipeline. Exit status: 0 when the work was done (findings are results, not errors),
//! 2 for usage errors, 1 when output cannot be written.

mod decisions;
mod desk;
mod export;
mod extract;
mod rules;
mod run;
mod search;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Reviews applications to 工业互联网产业联盟实验室/实训基地, 数字化转型促进中心,
/// 产业技术基础公共服务平台 and 国家质量标准实验室: reads every document, extracts the figures
/// the regulations ask about, checks thresholds and integrity, and indexes everything.
#[derive(Parser)]
#[command(name = "intake", version, about, long_about = None)]
struct Cli {
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
    /// Serve an OUT folder to a browser: search, the report, the cited source pages.
    Serve(serve::Args),
    /// 导出处理记录：the officers' decisions on OUT's findings as CSV (Excel/WPS) or JSONL.
    Decisions(decisions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(a) => run::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Search(a) => search::run(a),
        Command::Export(a) => export::run(a),
        Command::Rules(a) => rules::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Decisions(a) => decisions::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("intake: {e:#}");
            ExitCode::from(1)
        }
    }
}
