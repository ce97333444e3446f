//! A small synthetic batch of three submissions, written in the tests' own Chinese.
#![allow(dead_code)]

use intake_index::{IndexDoc, IndexStats, write_index};
use intake_model::{
    Block, BlockKind, Document, Fact, Level, Page, ReadMethod, SubmissionRecord, Value, Variant,
    Verdict,
};

/// A PDF-like document: one page per string, blocks split on `\n`.
pub fn pdf(pages: &[&str]) -> Document {
    let pages = pages
        .iter()
        .enumerate()
        .map(|(i, text)| Page {
            number: Some(i as u32 + 1),
            blocks: text.split('\n').map(Block::paragraph).collect(),
            language: Some("zh".into()),
            has_text_layer: true,
            unmapped_glyphs: 0,
        })
        .collect();
    Document {
        pages,
        ..Default::default()
    }
}

/// A DOCX/TXT-like document: a single page-less page of these blocks.
pub fn flow(blocks: Vec<Block>) -> Document {
    let page = Page {
        number: None,
        blocks,
        language: Some("zh".into()),
        has_text_layer: true,
        unmapped_glyphs: 0,
    };
    Document {
        pages: vec![page],
        ..Default::default()
    }
}

pub fn record(submission: &str, regime: &str, org: &str, verdict: Verdict) -> SubmissionRecord {
    SubmissionRecord {
        submission: submission.into(),
        regime: Some(regime.into()),
        level: None,
        variant: None,
        org_name: Some(org.into()),
        credit_code: Some("91310000MA1FL0XX3K".into()),
        verdict,
        decided_by: Vec::new(),
        documents: Vec::new(),
        notes: Vec::new(),
    }
}

pub fn fact(submission: &str, metric: &str, value: Value) -> Fact {
    Fact {
        submission: submission.into(),
        document: "申报书.pdf".into(),
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
    }
}

fn number(n: &str) -> Value {
    Value::Number(n.parse().expect("decimal"))
}

/// One document of a submission, with what the index records about its submission.
pub struct Entry {
    pub submission: String,
    pub document: String,
    pub doc: Document,
    pub record: SubmissionRecord,
    pub facts: Vec<Fact>,
    pub kinds: Vec<String>,
}

/// The batch: everything the tests search.
pub struct Batch {
    pub docs: Vec<Entry>,
}

impl Batch {
    pub fn demo() -> Batch {
        let s1 = "S01-华东检测";
        let s2 = "S02-星海数字";
        let s3 = "S03-计量院";
        let mut r2 = record(
            s2,
            "promotion-center",
            "星海数字科技有限公司",
            Verdict::Review,
        );
        r2.level = Some(Level::Provincial);
        r2.variant = Some(Variant::Sme);
        let docs = vec![
            Entry {
                submission: s1.to_string(),
                document: "申报书.pdf".to_string(),
                doc: pdf(&[
                    "申报单位：华东检测技术有限公司\n本单位申报产业技术基础公共服务平台，提供检测认证服务。",
                    "平台已通过ISO9001质量管理体系认证，设备安装简单，维护方便。",
                    "近三年承担国家级项目5项。\n从业人员共计126人。",
                ]),
                record: record(
                    s1,
                    "tech-base-platform",
                    "华东检测技术有限公司",
                    Verdict::Pass,
                ),
                facts: vec![
                    fact(s1, "staff.total", number("126")),
                    fact(
                        s1,
                        "application.date",
                        Value::Date("2024-05-10".parse().unwrap()),
                    ),
                    fact(s1, "equipment.original_value", number("12500000.50")),
                ],
                kinds: vec!["duplicate_text".to_string()],
            },
            Entry {
                submission: s2.to_string(),
                document: "材料/说明.docx".to_string(),
                doc: flow(vec![
                    Block::paragraph("本中心聚焦边缘计算与工业互联网平台建设。"),
                    Block {
                        text: "服务对象\t中小企业\t３００家".into(),
                        kind: BlockKind::TableRow { table: 0, row: 0 },
                        bbox: None,
                        ocr_confidence: None,
                    },
                ]),
                record: r2,
                facts: vec![
                    fact(s2, "staff.total", number("40")),
                    fact(s2, "report.year", number("2023")),
                ],
                kinds: Vec::new(),
            },
            Entry {
                submission: s3.to_string(),
                document: "报告.txt".to_string(),
                doc: flow(vec![
                    Block::paragraph("公共服务能力建设方案：面向行业提供计量、标准、检测服务。"),
                    Block::paragraph("甲乙丙丁".repeat(100)),
                    Block::paragraph("本平台的質量體系運行良好。"),
                ]),
                record: record(s3, "tech-base-platform", "华南计量研究院", Verdict::Fail),
                facts: vec![
                    fact(s3, "staff.total", number("48")),
                    fact(s3, "staff.total", number("50")),
                ],
                kinds: vec!["threshold_unmet".to_string(), "threshold_unmet".to_string()],
            },
        ];
        Batch { docs }
    }

    /// The batch as the pipeline would hand it to `write_index`.
    pub fn index_docs(&self) -> Vec<IndexDoc<'_>> {
        self.docs
            .iter()
            .map(|e| IndexDoc {
                submission: &e.submission,
                document: &e.document,
                doc: &e.doc,
                record: &e.record,
                facts: &e.facts,
                finding_kinds: &e.kinds,
                prepared: None,
            })
            .collect()
    }

    pub fn write(&self, dir: &std::path::Path, batch: &str) -> IndexStats {
        write_index(dir, batch, &self.index_docs()).expect("index written")
    }
}
