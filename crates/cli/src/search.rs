//! `intake search OUT "query" [--regime R] [--submission S] [--where "staff.total>=50"]
//! [--kind K] [--batch B] [--limit N] [--json]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use intake_index::{IndexError, Query};
use intake_model::display::{for_terminal, is_hidden_control};

use crate::tr;
use crate::{filters, query_check};

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
    /// Skip this many hits first (the next page: --offset 20 with the default --limit).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// One JSON object per hit and line (batch, submission, document, page, block, score,
    /// snippet, highlights as [start, end) character offsets in snippet, …).
    #[arg(long)]
    json: bool,
}

/// Names and snippets come from applicants' files: in the text output every control character
/// and bidi override is written as a visible `\u{…}` escape, so nothing printed can drive the
/// terminal (ESC/OSC sequences) or reorder what the officer reads.
///
/// Runs the search and prints the hits best first. Exit 0 when the search ran (with or without
/// hits; "no hits" goes to stderr), 2 for a bad query, filter or a missing index, 1 when stdout
/// cannot be written.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Err(message) = check(&args) {
        crate::i18n::error(&message);
        return Ok(ExitCode::from(2));
    }
    let query = Query {
        text: args.query,
        regime: args.regime,
        submission: args.submission,
        batch: args.batch,
        where_: args.where_,
        kind: args.kind,
        limit: args.limit,
    };
    let (total, hits) = match intake_index::search_page(&args.out, &query, args.offset) {
        Ok(page) => (page.total, page.hits),
        Err(
            e @ (IndexError::Query { .. }
            | IndexError::TooDeep { .. }
            | IndexError::Where { .. }
            | IndexError::NotFound { .. }),
        ) => {
            crate::i18n::error(&index_error(&e, &query.text));
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (rank, hit) in hits.iter().enumerate() {
        if args.json {
            writeln!(out, "{}", json_for_terminal(&serde_json::to_string(hit)?))?;
        } else {
            let page = hit
                .page
                .map_or_else(|| format!("block {}", hit.block), |p| format!("p.{p}"));
            let org = hit
                .org_name
                .as_deref()
                .map(|o| format!(" {}", for_terminal(o)))
                .unwrap_or_default();
            writeln!(
                out,
                "{:>3}. {}{org} · {} · {} · {:.2} · {}",
                args.offset + rank + 1,
                for_terminal(&hit.submission),
                for_terminal(&hit.document),
                page,
                hit.score,
                for_terminal(&hit.batch)
            )?;
            // A snippet's own line breaks and tabs read as spaces; every other control is escaped.
            let snippet = hit.marked("【", "】").replace(['\r', '\n', '\t'], " ");
            writeln!(out, "     {}", for_terminal(&snippet))?;
        }
    }
    out.flush()?;
    if hits.is_empty() {
        crate::i18n::error(crate::i18n::text("search.no_hits"));
    }
    if !hits.is_empty() && (args.offset > 0 || hits.len() < total) {
        // "20 of 540": how many there are and how to reach the next page.
        let last = args.offset + hits.len();
        let next = if last < total {
            format!("；下一页：--offset {last}")
        } else {
            String::new()
        };
        eprintln!(
            "intake: 共 {total} 条，显示第 {}–{last} 条{next} ({} of {total} hits)",
            args.offset + 1,
            hits.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The query and filters checked before the index is opened: the catalogue's message for the
/// first mistake.
fn check(args: &Args) -> Result<(), String> {
    if let Some(m) = query_check::check(&args.query) {
        return Err(query_check::explain(&args.query, &m));
    }
    if query_check::only_punctuation(&args.query) {
        return Err(tr!(
            "search.only_punctuation",
            query = format!("{:?}", args.query)
        ));
    }
    if let Some(r) = &args.regime {
        filters::parse_regime(filters::builtin_regimes(), r)?;
    }
    if let Some(k) = &args.kind {
        filters::check_kind(k)?;
    }
    args.where_.iter().try_for_each(|w| filters::check_where(w))
}

/// An index's refusal in the officer's words.
fn index_error(e: &IndexError, query: &str) -> String {
    match e {
        IndexError::NotFound { dir } => tr!("search.no_index", dir = dir.display()),
        IndexError::TooDeep {
            max_depth,
            max_groups,
        } => {
            tr!("search.too_deep", depth = max_depth, groups = max_groups)
        }
        IndexError::Query { message, .. } => {
            query_check::explain(query, &query_check::parser_error(query, message))
        }
        other => other.to_string(),
    }
}

/// A line of JSON with every hidden control (see [`is_hidden_control`]) written as a `\uXXXX`
/// escape: the same JSON value, but nothing in it acts on a terminal. serde_json already escapes
/// C0 controls; this adds DEL, C1 controls and the bidi characters, which only occur inside
/// strings (all are in the BMP, so one escape each).
fn json_for_terminal(json: &str) -> std::borrow::Cow<'_, str> {
    if !json.chars().any(|c| is_hidden_control(c, false)) {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hidden_control(c, false) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_value_without_raw_controls() {
        let v = serde_json::json!({ "document": "\u{202e}fdp.exe\u{9b}\u{1b}" });
        let line = json_for_terminal(&serde_json::to_string(&v).unwrap()).into_owned();
        assert!(!line.chars().any(|c| is_hidden_control(c, false)), "{line}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&line).unwrap(), v);
    }
}
