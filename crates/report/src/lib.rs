//! Writes intake's outputs: `facts.jsonl`, `findings.jsonl`, `submissions.jsonl` exactly as
//! `shared/spec/output-contract.md` says (one JSON object a line, UTF-8, `\n`-terminated).

#![deny(missing_docs)]

use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

/// Writes `items` to `path` as JSON Lines. Errors: the I/O error of creating or writing the file.
pub fn write_jsonl<'a, T: Serialize + 'a>(
    path: &Path,
    items: impl IntoIterator<Item = &'a T>,
) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for item in items {
        serde_json::to_writer(&mut w, item)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

mod html;
mod text;
pub use html::{
    escape, escape_visible, format_number, kind_label, metric_label, regime_label, render_html,
    script_json, write_html, write_html_streamed,
};
pub use text::{
    QuoteFinder, TEXT_DIR, TextPages, ocr_label, render_text_page, text_page_href, text_page_path,
    write_text_page,
};
