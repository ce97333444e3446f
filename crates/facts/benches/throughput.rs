//! Throughput of the facts stage: MB of document text read per second, on a synthetic application
//! (prose, a staff table, a key–value form) and, where present, on the real corpus's reference
//! texts (`../shared/corpora/real/reference`, annual reports of 100–200 pages).
//!
//! `cargo bench -p intake-facts --bench throughput`

use criterion::{Criterion, Throughput};
use intake_facts::Reader;
use intake_model::{Block, BlockKind, Document, Page};
use std::hint::black_box;
use std::path::PathBuf;

fn synthetic() -> Document {
    let prose = [
        "本单位成立于2018年5月，具有独立法人资格。从业人员共计126人，其中硕士及以上学历68人，占比54%。",
        "技术服务仪器设备（含软件）原值1,250万元，仪器设备现值5,200万元，科研用房面积3200平方米。",
        "年相关服务收入1,500万元，营业收入5,000万元。近3年承担国家级或省部级项目5项。",
        "上一年度为1,280家企业提供服务，生态合作伙伴或服务对象包含6,200家中小企业。",
        "平台长期面向福建及周边地区的电机、泵阀和储能装备企业开展在线计量校准与可靠性验证，形成了完整的服务体系。",
    ];
    let mut pages = Vec::new();
    for p in 0..50u32 {
        let mut blocks: Vec<Block> = prose.iter().map(|s| Block::paragraph(*s)).collect();
        for (r, s) in [
            "类别\t人数",
            "博士\t12",
            "硕士\t56",
            "合计\t126",
            "单位名称\t福建某某科技有限公司",
        ]
        .iter()
        .enumerate()
        {
            blocks.push(Block {
                text: (*s).into(),
                kind: BlockKind::TableRow {
                    table: p,
                    row: r as u32,
                },
                bbox: None,
                ocr_confidence: None,
            });
        }
        pages.push(Page {
            number: Some(p + 1),
            blocks,
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        });
    }
    Document {
        pages,
        ..Default::default()
    }
}

/// Reference texts as documents: pages split on form feed, one paragraph per line.
fn real() -> Option<Document> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real/reference");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for path in names.iter().filter(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ar-"))
    }) {
        let text = std::fs::read_to_string(path).ok()?;
        for page in text.split('\x0c') {
            let blocks = page
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Block::paragraph)
                .collect();
            let number = Some(pages.len() as u32 + 1);
            pages.push(Page {
                number,
                blocks,
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            });
        }
    }
    Some(Document {
        pages,
        ..Default::default()
    })
}

fn bytes(doc: &Document) -> u64 {
    doc.pages.iter().map(|p| p.text().len() as u64).sum()
}

fn main() {
    let reader = Reader::new();
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut docs = vec![("synthetic application", synthetic())];
    match real() {
        Some(d) => docs.push(("real annual reports", d)),
        None => eprintln!("../shared/corpora/real/reference not found: real-corpus bench skipped"),
    }
    for (name, doc) in &docs {
        let n = bytes(doc);
        let mut g = c.benchmark_group("facts");
        g.throughput(Throughput::Bytes(n));
        g.bench_function(*name, |b| {
            b.iter(|| black_box(reader.read("s", "d", black_box(doc))))
        });
        g.finish();
        // A plain MB/s line, independent of criterion's report format.
        let start = std::time::Instant::now();
        let mut facts = 0;
        for _ in 0..3 {
            facts = reader.read("s", "d", doc).len();
        }
        let secs = start.elapsed().as_secs_f64() / 3.0;
        println!(
            "{name}: {:.2} MB in {:.3} s = {:.2} MB/s ({facts} facts)",
            n as f64 / 1e6,
            secs,
            n as f64 / 1e6 / secs
        );
    }
    c.final_summary();
}
