//! `intake metrics [--json]`: the metric keys of the registry with their Chinese names, units
//! and types — what `--where` and `field:[a TO b]` queries accept.

use std::io::Write;
use std::process::ExitCode;

use intake_model::{MetricDef, MetricType};

use crate::i18n::text;

/// Arguments of `intake metrics`.
#[derive(clap::Args)]
pub struct Args {
    /// One JSON object per metric and line (key, name, unit, type).
    #[arg(long)]
    json: bool,
}

/// Prints every metric of the registry, in its order. Exit 0, or 1 when stdout cannot be
/// written (a closed pipe ends quietly, see `main`).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        for m in intake_model::metrics() {
            let line = serde_json::json!({
                "key": m.key,
                "name": intake_model::metric_name(m.key),
                "unit": m.unit,
                "type": type_id(m.kind),
            });
            writeln!(out, "{line}")?;
        }
    } else {
        let rows: Vec<[String; 4]> = intake_model::metrics().iter().map(row).collect();
        let header: Vec<String> = text("metrics.header")
            .split('\t')
            .map(String::from)
            .collect();
        let header: [String; 4] =
            std::array::from_fn(|i| header.get(i).cloned().unwrap_or_default());
        out.write_all(crate::rules::columns(std::iter::once(header).chain(rows)).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A metric as the table shows it: key, Chinese name, unit and type in the officer's words.
fn row(m: &MetricDef) -> [String; 4] {
    let unit =
        crate::i18n::lookup_in(&format!("unit.{}", m.unit), crate::i18n::lang()).unwrap_or(m.unit);
    [
        m.key.to_string(),
        intake_model::metric_name(m.key)
            .unwrap_or(m.key)
            .to_string(),
        unit.to_string(),
        text(&format!("type.{}", type_id(m.kind))).to_string(),
    ]
}

/// The registry's name of a value type (`metrics.tsv`'s type column).
pub fn type_id(kind: MetricType) -> &'static str {
    match kind {
        MetricType::Text => "text",
        MetricType::Date => "date",
        MetricType::Bool => "bool",
        MetricType::Count => "count",
        MetricType::Number => "number",
        MetricType::Money => "money",
        MetricType::Int => "int",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_and_type_of_the_registry_has_words() {
        for m in intake_model::metrics() {
            for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
                assert!(
                    crate::i18n::lookup_in(&format!("unit.{}", m.unit), lang).is_some(),
                    "unit {} of {}",
                    m.unit,
                    m.key
                );
                assert!(
                    crate::i18n::lookup_in(&format!("type.{}", type_id(m.kind)), lang).is_some()
                );
            }
        }
    }
}
