//! The bundled demo batch (`corpora/demo`, answer key `corpora/demo-truth.json`): every flawed
//! submission raises exactly its intended integrity findings, and the clean ones none.
//!
//! The facts are the answer key's (the facts stage is tested on its own); documents are read
//! here as far as a test can without the extract stage: DOCX paragraphs and tables from
//! `word/document.xml`, TXT in UTF-8, GBK or UTF-16; PDF files contribute their metadata only.
//! So `duplicate_text` between sub-0015 (DOCX) and sub-0016 (PDF) is out of reach here; what is
//! checked is that no other pair of the batch's texts is taken for copying, with the five
//! regulations (`../shared/seeds`) given as reference text as the pipeline gives them.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use intake_integrity::{BatchChecker, SubmissionInput, check_submission};
use intake_model::{
    Block, BlockKind, DocMeta, Document, Fact, FindingKind, Page, ReadMethod, Regime, Value,
};
use serde_json::Value as Json;

fn demo() -> Option<(PathBuf, Json)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora");
    let Ok(truth) = std::fs::read_to_string(root.join("demo-truth.json")) else {
        eprintln!("skipping: corpora/demo-truth.json is absent");
        return None;
    };
    Some((
        root.join("demo"),
        serde_json::from_str(&truth).expect("demo-truth.json is JSON"),
    ))
}

/// Minimal XML text unescaping for `w:t` content.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Paragraphs and table rows of `word/document.xml`, in document order.
fn docx_blocks(xml: &str) -> Vec<Block> {
    let (mut blocks, mut para, mut cell) = (Vec::new(), String::new(), String::new());
    let mut row: Vec<String> = Vec::new();
    let (mut depth, mut table, mut row_no) = (0u32, 0u32, 0u32);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        let name = tag.split([' ', '/']).find(|s| !s.is_empty()).unwrap_or("");
        let closing = tag.starts_with('/');
        let selfclosing = tag.ends_with('/');
        rest = &after[(end + 1).min(after.len())..];
        match (name, closing) {
            ("w:t", false) if !selfclosing => {
                let stop = rest.find("</w:t>").unwrap_or(rest.len());
                para.push_str(&unescape(&rest[..stop]));
                rest = &rest[stop..];
            }
            ("w:p", true) => {
                if depth > 0 {
                    cell.push_str(&para);
                } else if !para.trim().is_empty() {
                    blocks.push(Block::paragraph(para.clone()));
                }
                para.clear();
            }
            ("w:tbl", false) => depth += 1,
            ("w:tbl", true) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    table += 1;
                    row_no = 0;
                }
            }
            ("w:tr", false) => row.clear(),
            ("w:tc", false) => cell.clear(),
            ("w:tc", true) => row.push(cell.replace('\t', " ")),
            ("w:tr", true) if depth == 1 => {
                blocks.push(Block {
                    text: row.join("\t"),
                    kind: BlockKind::TableRow { table, row: row_no },
                    bbox: None,
                    ocr_confidence: None,
                });
                row_no += 1;
            }
            _ => {}
        }
    }
    blocks
}

fn text_of(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return encoding_rs::UTF_16LE.decode(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

fn read_doc(path: &Path, format: &str, meta: DocMeta) -> Document {
    let page = |number, blocks| Page {
        number,
        blocks,
        language: None,
        has_text_layer: true,
        unmapped_glyphs: 0,
    };
    let bytes = std::fs::read(path).expect("demo document readable");
    let pages = match format {
        "docx" => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("docx is a zip");
            let mut xml = String::new();
            zip.by_name("word/document.xml")
                .expect("document.xml")
                .read_to_string(&mut xml)
                .unwrap();
            vec![page(None, docx_blocks(&xml))]
        }
        "txt" => {
            let t = text_of(&bytes);
            vec![page(
                None,
                t.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Block::paragraph(l.trim()))
                    .collect(),
            )]
        }
        _ => vec![page(Some(1), Vec::new())],
    };
    Document {
        pages,
        meta,
        ..Document::default()
    }
}

fn fact(sub: &str, f: &Json) -> Option<Fact> {
    let value = match &f["value"] {
        Json::Number(n) => Value::Number(n.to_string().parse().ok()?),
        Json::Bool(b) => Value::Bool(*b),
        Json::String(s)
            if f["metric"].as_str()?.ends_with("date") || f["metric"] == "org.founded" =>
        {
            s.parse()
                .map_or_else(|_| Value::Text(s.clone()), Value::Date)
        }
        Json::String(s) => Value::Text(s.clone()),
        _ => return None,
    };
    Some(Fact {
        submission: sub.into(),
        document: f["document"].as_str()?.into(),
        metric: f["metric"].as_str()?.into(),
        value,
        unit: f["unit"].as_str().unwrap_or("-").into(),
        page: f["page"].as_u64().map(|p| p as u32),
        quote: f["quote"].as_str()?.into(),
        offset: [0, 0],
        period: None,
        method: if f["location"] == "table_cell" {
            ReadMethod::Table
        } else {
            ReadMethod::Prose
        },
        approx: false,
        valid: None,
        note: None,
        precision: None,
    })
}

fn meta(core: &Json) -> DocMeta {
    let s = |k: &str| {
        core[k]
            .as_str()
            .map(|v| v.trim_end_matches('Z').to_string())
    };
    DocMeta {
        author: s("author"),
        last_modified_by: s("last_modified_by"),
        created: s("created"),
        modified: s("modified"),
        ..DocMeta::default()
    }
}

/// Rules this crate answers for (the rest belong to the rules stage).
fn ours(rule: &str) -> bool {
    rule.starts_with("integrity.")
        || matches!(rule, "itb.one-per-cycle" | "tbp.debarred" | "tbp.branch")
}

struct Sub {
    id: String,
    regime: Option<Regime>,
    docs: Vec<(String, Document)>,
    facts: Vec<Fact>,
    intended: BTreeSet<(String, String, String)>,
}

fn input(s: &Sub) -> SubmissionInput<'_> {
    SubmissionInput {
        submission: &s.id,
        regime: s.regime.clone(),
        documents: s.docs.iter().map(|(n, d)| (n.as_str(), d)).collect(),
        facts: &s.facts,
        thresholds: common::thresholds(),
    }
}

#[test]
fn demo_batch_raises_exactly_the_intended_integrity_findings() {
    let Some((dir, truth)) = demo() else { return };
    let subs = truth["submissions"].as_array().expect("submissions");
    let loaded: Vec<Sub> = subs
        .iter()
        .map(|s| {
            let id = s["submission"].as_str().unwrap().to_string();
            let docs = s["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let name = d["document"].as_str().unwrap().to_string();
                    let doc = read_doc(
                        &dir.join(&id).join(&name),
                        d["format"].as_str().unwrap(),
                        meta(&d["core_properties"]),
                    );
                    (name, doc)
                })
                .collect();
            let facts = s["facts"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| fact(&id, f))
                .collect();
            let intended = s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| ours(f["rule"].as_str().unwrap()) && f["kind"] != "duplicate_text")
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap().into(),
                        f["kind"].as_str().unwrap().into(),
                        f["severity"].as_str().unwrap().into(),
                    )
                })
                .collect();
            Sub {
                id,
                regime: s["regime"].as_str().map(Regime::new),
                docs,
                facts,
                intended,
            }
        })
        .collect();
    assert_eq!(loaded.len(), 19);
    // The regulations' own sentences are boilerplate, however few applicants quote them.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("skipping: ../shared/seeds (the regulations) is absent");
        return;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut batch = BatchChecker::new().regimes(common::regimes());
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "txt"))
    {
        let text = std::fs::read_to_string(f).expect("regulation text is UTF-8");
        batch.add_reference_text(&text);
    }
    let mut all = Vec::new();
    for s in &loaded {
        all.extend(check_submission(&input(s)));
        batch.add(input(s));
    }
    all.extend(batch.finish().unwrap());
    // No copying is reported among the texts this test can read (see the module comment).
    let dups: Vec<_> = all
        .iter()
        .filter(|f| f.kind == FindingKind::DuplicateText)
        .collect();
    assert!(dups.is_empty(), "{dups:#?}");
    for s in &loaded {
        let got: BTreeSet<(String, String, String)> = all
            .iter()
            .filter(|f| f.submission == s.id)
            .map(|f| {
                (
                    f.rule.clone(),
                    f.kind.as_str().to_string(),
                    f.severity.as_str().to_string(),
                )
            })
            .collect();
        let mine: Vec<_> = all.iter().filter(|f| f.submission == s.id).collect();
        assert_eq!(got, s.intended, "{}: {mine:#?}", s.id);
    }
    // The table total of sub-0017 is read off the DOCX table itself.
    let t = all.iter().find(|f| f.submission == "sub-0017").unwrap();
    assert_eq!(t.metric.as_deref(), Some("staff.operating"));
    let quotes: Vec<&str> = t.evidence.iter().map(|e| e.quote.as_str()).collect();
    assert_eq!(quotes, vec!["4", "15", "12", "33"]);
}
