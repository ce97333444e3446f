//! `intake rules [--regime R] [--dir DIR]`: the rulebooks as a table, to read beside the regulation.

use std::path::PathBuf;
use std::process::ExitCode;

use intake_model::Regime;

/// Arguments of `intake rules`.
#[derive(clap::Args)]
pub struct Args {
    /// Only this regime (iia-lab, iia-training-base, promotion-center, tech-base-platform,
    /// quality-standards-lab).
    #[arg(long)]
    regime: Option<String>,
    /// Load and validate the rulebooks of this folder (*.toml) instead of the built-in ones;
    /// errors name the file and line.
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let regime = match args.regime.as_deref() {
        None => None,
        Some(r) => match Regime::parse(r) {
            Some(r) => Some(r),
            None => {
                eprintln!(
                    "intake: unknown regime {r:?}; one of: {}",
                    Regime::ALL.map(Regime::as_str).join(", ")
                );
                return Ok(ExitCode::from(2));
            }
        },
    };
    let books = match &args.dir {
        Some(dir) => intake_rules::Rulebooks::load_dir(dir),
        None => intake_rules::Rulebooks::builtin(),
    };
    match books {
        Ok(books) => {
            print!("{}", books.table(regime));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("intake: {e}");
            Ok(ExitCode::from(2))
        }
    }
}
