//! `intake extract FILE [--json]`: what intake read from one document.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `intake extract`.
#[derive(clap::Args)]
pub struct Args {
    /// The document (PDF, DOCX or text).
    file: PathBuf,
    /// Print pages, blocks and metadata as JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("intake: cannot read {}: {e}", args.file.display());
            return Ok(ExitCode::from(2));
        }
    };
    let (format, doc) = intake_extract::extract(&bytes, &Default::default());
    let doc = match doc {
        Ok(d) => d,
        Err(e) => {
            eprintln!("intake: {} ({}): {e}", args.file.display(), format.as_str());
            return Ok(ExitCode::from(1));
        }
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({ "format": format.as_str(), "document": doc });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        // Pages separated by form feed, as pdftotext does.
        let pages: Vec<String> = doc.pages.iter().map(|p| p.text()).collect();
        out.write_all(pages.join("\n\x0c").as_bytes())?;
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
