//! Indexes 10,000 generated Chinese pages and reports pages/s, then query latency p50/p99 over a
//! set of 60 queries (terms, phrases, substrings, full-width, filters, ranges). Goal: p99 < 20 ms.
//!
//! `cargo run --release -p intake-index --example bench [-- PAGES]`

use std::time::{Duration, Instant};

use intake_index::{IndexDoc, PreparedDoc, Query, SearchIndex, analyze, search, write_index};
use intake_model::{
    Block, Document, Fact, FindingKind, Page, ReadMethod, SubmissionRecord, Value, Verdict,
};

const WORDS: &[&str] = &[
    "产业技术基础",
    "公共服务平台",
    "检测",
    "认证",
    "计量",
    "标准",
    "试验验证",
    "质量管理体系",
    "工业互联网",
    "边缘计算",
    "数字化转型",
    "中小企业",
    "实训基地",
    "实验室",
    "人才培养",
    "设备",
    "原值",
    "万元",
    "从业人员",
    "博士",
    "硕士",
    "高级职称",
    "专利",
    "软件著作权",
    "国家级项目",
    "省级",
    "合作",
    "高校",
    "科研院所",
    "服务能力",
    "年度",
    "营业收入",
    "场地面积",
    "平方米",
    "运营",
    "管理制度",
    "知识产权",
    "成果转化",
    "解决方案",
    "供应链",
    "智能制造",
    "安全",
    "数据",
    "平台建设",
    "开放共享",
    "技术创新",
    "产业孵化",
    "培训",
    "学员",
    "案例",
    "协同",
    "网络",
    "安装简单",
    "维护方便",
    "可靠性",
    "检验检测",
    "校准",
    "能力验证",
    "行业",
    "区域",
    "龙头企业",
];
const PUNCT: &[&str] = &["，", "。", "；", "、"];

/// A small deterministic generator (64-bit LCG), so every run indexes the same pages.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn page_text(rng: &mut Lcg, n: u32) -> String {
    let mut text = String::new();
    while text.chars().count() < 480 {
        for _ in 0..(3 + rng.next(6)) {
            text.push_str(WORDS[rng.next(WORDS.len())]);
        }
        if rng.next(4) == 0 {
            text.push_str(&format!("{}人", 10 + rng.next(990)));
        }
        if rng.next(9) == 0 {
            text.push_str("ＩＳＯ９００１");
        }
        text.push_str(PUNCT[rng.next(PUNCT.len())]);
        if rng.next(3) == 0 {
            text.push('\n');
        }
    }
    format!("第{n}页\n{text}")
}

struct Sub {
    name: String,
    docs: Vec<(String, Document)>,
    record: SubmissionRecord,
    facts: Vec<Fact>,
    kinds: Vec<String>,
}

fn generate(pages: usize) -> Vec<Sub> {
    let mut rng = Lcg(7);
    let regimes = [
        "iia-lab",
        "iia-training-base",
        "promotion-center",
        "tech-base-platform",
        "quality-standards-lab",
    ];
    let per_doc = 20;
    let subs = pages.div_ceil(per_doc * 2);
    (0..subs)
        .map(|i| {
            let name = format!("S{i:04}");
            let docs = (0..2)
                .map(|d| {
                    let pages = (0..per_doc as u32)
                        .map(|p| Page {
                            number: Some(p + 1),
                            blocks: page_text(&mut rng, p + 1)
                                .split('\n')
                                .map(Block::paragraph)
                                .collect(),
                            language: Some("zh".into()),
                            has_text_layer: true,
                            unmapped_glyphs: 0,
                        })
                        .collect();
                    (
                        format!("材料{d}.pdf"),
                        Document {
                            pages,
                            ..Default::default()
                        },
                    )
                })
                .collect();
            let fact = |metric: &str, value: Value| Fact {
                submission: name.clone(),
                document: "材料0.pdf".into(),
                metric: metric.into(),
                value,
                unit: "-".into(),
                page: Some(1),
                quote: String::new(),
                offset: [0, 0],
                period: None,
                method: ReadMethod::Prose,
                approx: false,
                valid: None,
                note: None,
                precision: None,
            };
            let facts = vec![
                fact(
                    "staff.total",
                    Value::Number((20 + rng.next(200) as i64).into()),
                ),
                fact(
                    "equipment.original_value",
                    Value::Number((rng.next(5000) as i64 * 10_000).into()),
                ),
                fact(
                    "application.date",
                    Value::Date(format!("{}-06-01", 2021 + rng.next(4)).parse().unwrap()),
                ),
            ];
            let kinds = if rng.next(5) == 0 {
                vec![FindingKind::DuplicateText.as_str().to_string()]
            } else {
                vec![]
            };
            let record = SubmissionRecord {
                submission: name.clone(),
                regime: Some(regimes[i % regimes.len()].to_string()),
                level: None,
                variant: None,
                org_name: Some(format!("第{i}号检测技术有限公司")),
                credit_code: None,
                verdict: Verdict::Review,
                decided_by: vec![],
                documents: vec![],
                notes: vec![],
            };
            Sub {
                name,
                docs,
                record,
                facts,
                kinds,
            }
        })
        .collect()
}

fn queries() -> Vec<Query> {
    let texts = [
        "检测",
        "认证",
        "计量",
        "标准",
        "平台",
        "公共服务",
        "产业技术基础公共服务平台",
        "边缘计算",
        "数字化转型",
        "中小企业",
        "实训基地",
        "人才培养",
        "简单",
        "安装简单",
        "务平",
        "技术创新",
        "ＩＳＯ９００１",
        "iso9001",
        "\"检测 认证\"",
        "\"公共服务平台\"",
        "\"边缘计算 工业互联网\"~3",
        "质量管理体系",
        "管理体系",
        "知识产权 成果转化",
        "专利 OR 软件著作权",
        "智能制造 -安全",
        "供应链 协同",
        "高校 科研院所",
        "营业收入",
        "场地面积",
        "平方米",
        "能力验证",
        "校准",
        "龙头企业",
        "开放共享",
        "解决方案",
        "区域 行业",
        "国家级项目",
        "博士 硕士",
        "高级职称",
        "产业孵化",
        "可靠性",
        "检验检测",
        "网络 安全",
        "数据",
        "服务能力",
        "运营 管理制度",
        "126人",
        "第3页",
        "孵化",
    ];
    let mut out: Vec<Query> = texts
        .iter()
        .map(|t| Query {
            text: (*t).into(),
            limit: 10,
            ..Default::default()
        })
        .collect();
    let filtered = [
        Query {
            regime: Some("tech-base-platform".into()),
            ..Query::default()
        },
        Query {
            where_: vec!["staff.total>=100".into()],
            ..Query::default()
        },
        Query {
            kind: Some("duplicate_text".into()),
            ..Query::default()
        },
        Query {
            where_: vec![
                "year=2023".into(),
                "equipment.original_value<20000000".into(),
            ],
            ..Query::default()
        },
        Query {
            submission: Some("S0042".into()),
            ..Query::default()
        },
    ];
    for (i, f) in filtered.into_iter().enumerate() {
        out.push(Query {
            text: texts[i * 3].into(),
            limit: 10,
            ..f.clone()
        });
        out.push(Query {
            text: "staff.total:[150 TO *] 检测".into(),
            limit: 10,
            ..f
        });
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pages: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let t = Instant::now();
    analyze("预热词典");
    println!(
        "jieba dictionary load: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let subs = generate(pages);
    let docs: Vec<IndexDoc<'_>> = subs
        .iter()
        .flat_map(|s| {
            s.docs.iter().map(move |(path, doc)| IndexDoc {
                submission: &s.name,
                document: path,
                doc,
                record: &s.record,
                facts: &s.facts,
                finding_kinds: &s.kinds,
                prepared: None,
            })
        })
        .collect();
    let n_pages: usize = docs.iter().map(|d| d.doc.pages.len()).sum();
    let chars: usize = docs
        .iter()
        .flat_map(|d| &d.doc.pages)
        .map(|p| p.text().chars().count())
        .sum();
    let tmp = std::env::temp_dir().join(format!("intake-index-bench-{}", std::process::id()));
    let t = Instant::now();
    let stats = write_index(&tmp, "bench", &docs)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "indexed {} pages ({} chars, {} entries) in {secs:.2} s: {:.0} pages/s, {:.2} M chars/s",
        n_pages,
        chars,
        stats.entries,
        n_pages as f64 / secs,
        chars as f64 / secs / 1e6
    );
    // The same pages tokenised beforehand (as the pipeline's workers do): the tokenising, then
    // what is left to the index writer's thread.
    let t = Instant::now();
    let prepared: Vec<PreparedDoc> = docs.iter().map(|d| PreparedDoc::of(d.doc)).collect();
    let tokenise = t.elapsed().as_secs_f64();
    let ahead: Vec<IndexDoc> = docs
        .iter()
        .zip(&prepared)
        .map(|(d, p)| IndexDoc {
            prepared: Some(p),
            ..*d
        })
        .collect();
    let tmp_ahead =
        std::env::temp_dir().join(format!("intake-index-bench-ahead-{}", std::process::id()));
    let t = Instant::now();
    write_index(&tmp_ahead, "bench", &ahead)?;
    let left = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&tmp_ahead);
    println!(
        "tokenised ahead: {tokenise:.2} s on the caller's thread, then {left:.2} s in the index writer ({:.0}% of the {secs:.2} s above)",
        100.0 * left / secs
    );

    let index = SearchIndex::open(&tmp)?;
    let qs = queries();
    let mut times = Vec::new();
    let mut per_query = Vec::new();
    let mut with_hits = 0;
    for q in &qs {
        index.search(q)?; // warm the OS cache and the segment readers
        let mut mine = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            let hits = index.search(q)?;
            mine.push(t.elapsed());
            if !hits.is_empty() {
                with_hits += 1;
            }
        }
        mine.sort();
        per_query.push((mine[mine.len() / 2], q));
        times.extend(mine);
    }
    per_query.sort_by_key(|q| std::cmp::Reverse(q.0));
    for (median, q) in per_query.iter().take(3) {
        println!(
            "  slow: {:.2} ms median  {:?} {:?}",
            median.as_secs_f64() * 1e3,
            q.text,
            q.where_
        );
    }
    times.sort();
    println!(
        "{} queries × 10 runs (opened index): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {}/{} runs had hits",
        qs.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        with_hits,
        times.len()
    );
    let mut cold = Vec::new();
    for q in &qs {
        let t = Instant::now();
        search(&tmp, q)?;
        cold.push(t.elapsed());
    }
    cold.sort();
    println!(
        "one-shot search() incl. opening the index (what `intake search` does): p50 {:.2} ms, p99 {:.2} ms",
        percentile(&cold, 0.5).as_secs_f64() * 1e3,
        percentile(&cold, 0.99).as_secs_f64() * 1e3
    );
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}
