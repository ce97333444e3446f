//! `intake search OUT "query" [--regime R] [--submission S] [--where "staff.total>=50"]
//! [--kind K] [--batch B] [--limit N] [--json]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use intake_index::{IndexError, Query};

/// Arguments of `intake search`.
#[derive(clap::Args)]
pub struct Args {
    /// An OUT folder of `intake run` (its index/ is searched) or an archive index folder.
    out: PathBuf,
    /// The query: words are ANDed, "…" is a phrase ("…"~2 with slop), OR, -word, field:value
    /// (regime:, kind:, org_name:, year:[2022 TO 2024]) and metric ranges staff.total:[50 TO *].
    /// Empty ("") lists every entry that passes the filters.
    query: String,
    /// Only this regime (iia-lab, iia-training-base, promotion-center, tech-base-platform,
    /// quality-standards-lab).
    #[arg(long)]
    regime: Option<String>,
    /// Only this submission folder.
    #[arg(long)]
    submission: Option<String>,
    /// Only this batch of an archive.
    #[arg(long)]
    batch: Option<String>,
    /// A numeric filter METRIC OP NUMBER (OP: >= > <= < =), e.g. "staff.total>=50"; metric keys of
    /// pipelines/metrics.tsv in canonical units (CNY yuan, m², persons, percent 0–100; a value may
    /// end in 万 or 亿), or year, page. Repeatable; all must hold.
    #[arg(long = "where", value_name = "FILTER")]
    where_: Vec<String>,
    /// Only submissions with a finding of this kind (duplicate_text, threshold_unmet, …).
    #[arg(long)]
    kind: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// One JSON object per hit and line (batch, submission, document, page, block, score,
    /// snippet, highlights as [start, end) character offsets in snippet, …).
    #[arg(long)]
    json: bool,
}

/// Runs the search and prints the hits best first. Exit 0 when the search ran (with or without
/// hits; "no hits" goes to stderr), 2 for a bad query, filter or a missing index, 1 when stdout
/// cannot be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let query = Query {
        text: args.query,
        regime: args.regime,
        submission: args.submission,
        batch: args.batch,
        where_: args.where_,
        kind: args.kind,
        limit: args.limit,
    };
    let hits = match intake_index::search(&args.out, &query) {
        Ok(hits) => hits,
        Err(
            e @ (IndexError::Query { .. } | IndexError::Where { .. } | IndexError::NotFound { .. }),
        ) => {
            eprintln!("intake: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (rank, hit) in hits.iter().enumerate() {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(hit)?)?;
        } else {
            let page = hit
                .page
                .map_or_else(|| format!("block {}", hit.block), |p| format!("p.{p}"));
            writeln!(
                out,
                "{:>3}. {} · {} · {} · {:.2} · {}",
                rank + 1,
                hit.submission,
                hit.document,
                page,
                hit.score,
                hit.batch
            )?;
            writeln!(out, "     {}", hit.marked("【", "】"))?;
        }
    }
    out.flush()?;
    if hits.is_empty() {
        eprintln!("intake: no hits");
    }
    Ok(ExitCode::SUCCESS)
}
