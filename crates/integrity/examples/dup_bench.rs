//! Times `duplicate_text` over 500, 1,000 and 2,000 generated documents.
//!
//! Run: `cargo run --release -p intake-integrity --example dup_bench [sizes…]`
//!
//! Each document is one applicant's ~2,400-character application: a form preamble every
//! applicant carries, then sentences drawn from a 2,000-word vocabulary (so short chance
//! overlaps between applicants abound, as in real prose), and every 25th document copies a
//! 120-character passage from an earlier one. The work that matters is `finish()` (index,
//! candidate pairs, alignment); `add()` (normalising, winnowing, MinHash) is linear by nature.
//! Doubling N should roughly double the time: quadratic growth would quadruple it.

use std::time::Instant;

use intake_integrity::{BatchChecker, SubmissionInput};
use intake_model::{Block, Document, Fact, Page, ReadMethod, Value};

/// A small deterministic generator (PCG-style LCG), so every run sees the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PREAMBLE: &str = "一、申报单位基本情况。请按照《产业技术基础公共服务平台管理办法》的要求如实填写，所填数据须真实准确，并对材料的真实性负责。";

fn vocabulary(rng: &mut Rng) -> Vec<String> {
    (0..2000)
        .map(|_| {
            let len = 2 + rng.below(2);
            (0..len)
                .map(|_| char::from_u32(0x4E00 + rng.below(3000) as u32).unwrap_or('中'))
                .collect()
        })
        .collect()
}

fn corpus(n: usize) -> Vec<String> {
    let mut rng = Rng(0x2024);
    let words = vocabulary(&mut rng);
    let mut docs: Vec<String> = Vec::with_capacity(n);
    for i in 0..n {
        let mut t = String::from(PREAMBLE);
        while t.chars().count() < 2400 {
            for _ in 0..(6 + rng.below(8)) {
                t.push_str(&words[rng.below(words.len())]);
            }
            t.push('。');
        }
        if i % 25 == 24 {
            let src: Vec<char> = docs[rng.below(i)].chars().collect();
            let at = 200 + rng.below(src.len() - 400);
            let passage: String = src[at..at + 120].iter().collect();
            t.push_str(&passage);
        }
        docs.push(t);
    }
    docs
}

fn name_fact(i: usize) -> Fact {
    Fact {
        submission: format!("sub-{i:04}"),
        document: "申报书.docx".into(),
        metric: "org.name".into(),
        value: Value::Text(format!("第{i}号申报单位有限公司")),
        unit: "-".into(),
        page: None,
        quote: String::new(),
        offset: [0, 0],
        period: None,
        method: ReadMethod::Form,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![500, 1000, 2000]
    } else {
        sizes
    };
    println!(
        "{:>6} {:>10} {:>10} {:>10} {:>9} {:>8}",
        "docs", "add ms", "finish ms", "total ms", "findings", "×prev"
    );
    let mut prev: Option<f64> = None;
    for n in sizes {
        let texts = corpus(n);
        let docs: Vec<Document> = texts
            .iter()
            .map(|t| Document {
                pages: vec![Page {
                    number: None,
                    blocks: vec![Block::paragraph(t.clone())],
                    language: None,
                    has_text_layer: true,
                    unmapped_glyphs: 0,
                }],
                ..Document::default()
            })
            .collect();
        let facts: Vec<[Fact; 1]> = (0..n).map(|i| [name_fact(i)]).collect();
        let ids: Vec<String> = (0..n).map(|i| format!("sub-{i:04}")).collect();
        // Best of three runs: the machine is shared, and the minimum is the least disturbed.
        let (mut added, mut total, mut found) = (f64::MAX, f64::MAX, Vec::new());
        // No regime, so no thresholds to be bunched on.
        let no_thresholds = intake_model::Thresholds::default();
        for _ in 0..3 {
            let start = Instant::now();
            let mut b = BatchChecker::new();
            for i in 0..n {
                b.add(SubmissionInput {
                    submission: &ids[i],
                    regime: None,
                    documents: vec![("申报书.docx", &docs[i])],
                    facts: &facts[i],
                    thresholds: &no_thresholds,
                });
            }
            let a = start.elapsed().as_secs_f64() * 1000.0;
            found = b.finish().unwrap();
            let t = start.elapsed().as_secs_f64() * 1000.0;
            if t < total {
                (added, total) = (a, t);
            }
        }
        let ratio = prev
            .map(|p| format!("{:.2}", total / p))
            .unwrap_or_else(|| "-".into());
        println!(
            "{n:>6} {added:>10.1} {:>10.1} {total:>10.1} {:>9} {ratio:>8}",
            total - added,
            found.len()
        );
        prev = Some(total);
    }
}
