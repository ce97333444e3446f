//! A stand-in for the `intake` binary with only `search`, `export` and a `demo` command that
//! writes the tests' kind of synthetic batch, to try crates/cli/src/{search,export}.rs:
//!
//! ```sh
//! cargo run -p intake-index --example cli -- demo /tmp/out
//! cargo run -p intake-index --example cli -- search /tmp/out 公共服务 --where "staff.total>=50"
//! cargo run -p intake-index --example cli -- export /tmp/out --mapping /tmp/mapping.json
//! ```

#[path = "../../cli/src/catalogue.rs"]
mod catalogue;
#[path = "../../cli/src/export.rs"]
mod export;
#[path = "../../cli/src/filters.rs"]
mod filters;
#[path = "../../cli/src/i18n.rs"]
mod i18n;
#[path = "../../cli/src/query_check.rs"]
mod query_check;
#[path = "../../cli/src/search.rs"]
mod search;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use intake_index::{IndexDoc, write_index};
use intake_model::{Block, Document, Fact, Page, ReadMethod, SubmissionRecord, Value, Verdict};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Search an index.
    Search(search::Args),
    /// Export an index.
    Export(export::Args),
    /// Write a two-submission demo index into OUT/index.
    Demo { out: PathBuf },
}

fn demo(out: PathBuf) -> anyhow::Result<ExitCode> {
    let page = |n, text: &str| Page {
        number: Some(n),
        blocks: text.split('\n').map(Block::paragraph).collect(),
        language: Some("zh".into()),
        has_text_layer: true,
        unmapped_glyphs: 0,
    };
    let doc = Document {
        pages: vec![
            page(1, "本单位申报产业技术基础公共服务平台，提供检测认证服务。"),
            page(
                2,
                "平台已通过ＩＳＯ９００１质量管理体系认证，设备安装简单。\n从业人员共计126人。",
            ),
        ],
        ..Default::default()
    };
    let record = SubmissionRecord {
        submission: "S01".into(),
        regime: Some("tech-base-platform".into()),
        level: None,
        variant: None,
        org_name: Some("华东检测技术有限公司".into()),
        credit_code: None,
        verdict: Verdict::Pass,
        decided_by: vec![],
        documents: vec![],
        notes: vec![],
    };
    let facts = [Fact {
        submission: "S01".into(),
        document: "申报书.pdf".into(),
        metric: "staff.total".into(),
        value: Value::Number(126.into()),
        unit: "persons".into(),
        page: Some(2),
        quote: "从业人员共计126人".into(),
        offset: [0, 0],
        period: None,
        method: ReadMethod::Prose,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }];
    let kinds = ["duplicate_text".to_string()];
    let docs = [IndexDoc {
        submission: "S01",
        document: "申报书.pdf",
        doc: &doc,
        record: &record,
        facts: &facts,
        finding_kinds: &kinds,
        prepared: None,
    }];
    let stats = write_index(&out.join("index"), "demo", &docs)?;
    eprintln!("{stats:?}");
    Ok(ExitCode::SUCCESS)
}

fn main() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Search(a) => search::run(a),
        Command::Export(a) => export::run(a),
        Command::Demo { out } => demo(out),
    }
}
