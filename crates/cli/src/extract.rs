//! `intake extract FILE [--json]`: what intake read from one document.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use intake_model::{Document, Page};

use crate::i18n::text;
use crate::tr;

/// Arguments of `intake extract`.
#[derive(clap::Args)]
pub struct Args {
    /// The document (PDF, DOCX or text).
    file: PathBuf,
    /// Print pages, blocks and metadata as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Prints the document's text page by page (or as JSON). Exit 2 when the file cannot be read,
/// 1 when it cannot be parsed; a closed pipe (`| head`) ends quietly with 0 (see `main`).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            crate::i18n::error(&tr!(
                "extract.cannot_read",
                path = args.file.display(),
                error = e
            ));
            return Ok(ExitCode::from(2));
        }
    };
    let (format, doc) = intake_extract::extract(&bytes, &Default::default());
    let doc = match doc {
        Ok(d) => d,
        Err(e) => {
            let path = args.file.display();
            crate::i18n::error(&tr!(
                "extract.failed",
                path = path,
                format = format.as_str(),
                error = e
            ));
            return Ok(ExitCode::from(1));
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let v = serde_json::json!({ "format": format.as_str(), "document": doc });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        out.write_all(as_text(&doc).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The document as an officer reads it in a terminal: each numbered page under a header
/// (`--- 第 3 页 ---`), a note in place of a page without a text layer, and a note for a
/// document without any text.
fn as_text(doc: &Document) -> String {
    let mut out = String::new();
    for page in &doc.pages {
        if let Some(n) = page.number {
            out.push_str(&match page.ocr_confidence() {
                Some(conf) => tr!("extract.page_ocr", page = n, conf = conf),
                None => tr!("extract.page", page = n),
            });
            out.push('\n');
        }
        out.push_str(&page_text(page));
        out.push('\n');
    }
    if doc
        .pages
        .iter()
        .all(|p| p.number.is_none() && p.text().trim().is_empty())
    {
        out.push_str(text("extract.no_text"));
        out.push('\n');
    }
    out
}

fn page_text(page: &Page) -> String {
    let t = page.text();
    if !page.has_text_layer && t.trim().is_empty() {
        text("extract.no_text_layer").to_string()
    } else {
        t
    }
}
