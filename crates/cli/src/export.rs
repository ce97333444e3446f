//! `intake export OUT --format opensearch [--mapping FILE] > bulk.ndjson`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use intake_index::IndexError;

/// Export formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// OpenSearch `_bulk` NDJSON: an action line and a source line per index entry, with
    /// `content_seg` (intake's own tokens joined by spaces) and facts as numbers.
    Opensearch,
}

/// Arguments of `intake export`.
#[derive(clap::Args)]
pub struct Args {
    /// An OUT folder of `intake run` (its index/ is exported) or an archive index folder.
    out: PathBuf,
    /// The format written to stdout.
    #[arg(long, value_enum, default_value = "opensearch")]
    format: Format,
    /// Also write the index mapping (JSON for `PUT /intake`: a whitespace analyzer on
    /// content_seg, facts.* as doubles) to this file.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
}

/// Writes the export to stdout (and the mapping file). Exit 0 when written, 2 without an index,
/// 1 when stdout or the mapping file cannot be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.mapping {
        let text = serde_json::to_string_pretty(&intake_index::opensearch_mapping())?;
        std::fs::write(path, format!("{text}\n")).map_err(|e| {
            anyhow::anyhow!(crate::tr!(
                "export.mapping",
                path = path.display(),
                error = e
            ))
        })?;
    }
    match args.format {
        Format::Opensearch => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match intake_index::export_opensearch(&args.out, &mut out) {
                Ok(()) => {}
                Err(IndexError::NotFound { dir }) => {
                    crate::i18n::error(&crate::tr!("search.no_index", dir = dir.display()));
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            }
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
