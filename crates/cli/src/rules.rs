//! `intake rules [--regime R] [--dir DIR]`: the rulebooks as a table, to read beside the regulation.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::i18n::text;

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

/// Prints the rules as a table with the column names in the officer's language. Exit 2 for an
/// unknown regime or a rulebook that does not load.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let books = match &args.dir {
        Some(dir) => intake_rules::Rulebooks::load_dir(dir),
        None => intake_rules::Rulebooks::builtin(),
    };
    let books = match books {
        Ok(books) => books,
        Err(e) => {
            crate::i18n::error(&e.to_string());
            return Ok(ExitCode::from(2));
        }
    };
    let regime = match args.regime.as_deref() {
        None => None,
        Some(r) => match crate::filters::parse_regime(&books.regimes(), r) {
            Ok(r) => Some(r),
            Err(message) => {
                crate::i18n::error(&message);
                return Ok(ExitCode::from(2));
            }
        },
    };
    let header: Vec<String> = text("rules.header").split('\t').map(String::from).collect();
    let header: [String; 6] = std::array::from_fn(|i| header.get(i).cloned().unwrap_or_default());
    let rows = books
        .table_rows(regime.as_ref())
        .into_iter()
        .map(|mut row| {
            row[5] = level_words(&row[5]);
            row
        });
    let mut out = std::io::stdout().lock();
    out.write_all(columns(std::iter::once(header).chain(rows)).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The level column in the officer's words (`hard (if stated)` → 硬性（如载明）).
fn level_words(level: &str) -> String {
    let (base, if_stated) = match level.strip_suffix(" (if stated)") {
        Some(b) => (b, true),
        None => (level, false),
    };
    let mut out = match base {
        "hard" => text("rules.hard").to_string(),
        "soft" => text("rules.soft").to_string(),
        "integrity" => text("rules.integrity").to_string(),
        other => other.to_string(),
    };
    if if_stated {
        out.push_str(text("rules.if_stated"));
    }
    out
}

/// Rows as aligned columns (padded by display width: a Chinese character takes two cells), the
/// first row a header underlined with dashes.
pub fn columns<const N: usize>(rows: impl Iterator<Item = [String; N]>) -> String {
    let rows: Vec<[String; N]> = rows.collect();
    let mut widths = [0usize; N];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (j, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if j + 1 < N {
                line.push_str(&" ".repeat(widths[j] - width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (N - 1)));
            out.push('\n');
        }
    }
    out
}

/// Terminal cells of `s`: two for East Asian wide characters, one otherwise.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let t = columns([["键".to_string(), "b".into()], ["abc".into(), "d".into()]].into_iter());
        assert_eq!(t, "键   b\n------\nabc  d\n");
    }
}
