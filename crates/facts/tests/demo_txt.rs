//! The demo batch's TXT documents (UTF-8, GBK, UTF-16LE with BOM; CRLF) read end to end: every
//! fact the generator's answer key (`corpora/demo-truth.json`) lists for the document is read with
//! its exact value, no quoted requirement (`non_claims`) is read as a fact, every quote stands at
//! its offsets, and the whole output equals the reviewed golden file
//! (`tests/golden/<submission>__<document>.jsonl`; regenerate with `UPDATE_GOLDEN=1`).

use intake_facts::{Reader, resolve_submission};
use intake_model::{Block, BlockKind, Document, Page};
use serde_json::Value as Json;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora")
}

/// A TXT document as the extract stage makes it: decoded by BOM, else UTF-8, else GB18030; one
/// paragraph per non-empty line; runs of lines holding tabs become table rows.
fn txt_document(bytes: &[u8]) -> Document {
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
        },
    };
    let (mut blocks, mut table, mut row) = (Vec::new(), 0u32, None::<u32>);
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || !line.contains('\t') {
            if row.take().is_some() {
                table += 1;
            }
            if !line.trim().is_empty() {
                blocks.push(Block::paragraph(line.trim()));
            }
            continue;
        }
        let r = row.map_or(0, |r| r + 1);
        row = Some(r);
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        blocks.push(Block {
            text: cells.join("\t"),
            kind: BlockKind::TableRow { table, row: r },
            bbox: None,
            ocr_confidence: None,
        });
    }
    Document {
        pages: vec![Page {
            number: None,
            blocks,
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        ..Default::default()
    }
}

fn same_value(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

#[test]
fn demo_txt_documents_read_exactly() {
    let truth_path = root().join("demo-truth.json");
    let Ok(truth) = std::fs::read_to_string(&truth_path) else {
        eprintln!("skipping: {} not found", truth_path.display());
        return;
    };
    let truth: Json = serde_json::from_str(&truth).unwrap();
    let reader = Reader::new();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut checked = 0;
    for sub in truth["submissions"].as_array().unwrap() {
        let id = sub["submission"].as_str().unwrap();
        for d in sub["documents"].as_array().unwrap() {
            let name = d["document"].as_str().unwrap();
            if !name.ends_with(".txt") {
                continue;
            }
            let bytes = std::fs::read(root().join("demo").join(id).join(name)).unwrap();
            let doc = txt_document(&bytes);
            let mut facts = reader.read(id, name, &doc);
            resolve_submission(&mut facts);
            let page_text: Vec<char> = doc.pages[0].text().chars().collect();
            for f in &facts {
                let at: String = page_text[f.offset[0]..f.offset[1]].iter().collect();
                assert_eq!(
                    at, f.quote,
                    "{id}/{name}: quote of {} not at its offsets",
                    f.metric
                );
            }
            let got: Vec<Json> = facts
                .iter()
                .map(|f| serde_json::to_value(f).unwrap())
                .collect();
            for want in sub["facts"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["document"] == name)
            {
                let hit = got.iter().any(|g| {
                    g["metric"] == want["metric"] && same_value(&g["value"], &want["value"])
                });
                assert!(
                    hit,
                    "{id}/{name}: {} = {} ({}) not read",
                    want["metric"], want["value"], want["quote"]
                );
                checked += 1;
            }
            for non in sub["non_claims"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["document"] == name)
            {
                let q = non["quote"].as_str().unwrap();
                let wrong = got.iter().find(|g| {
                    g["metric"] == non["metric"] && q.contains(g["quote"].as_str().unwrap())
                });
                assert!(
                    wrong.is_none(),
                    "{id}/{name}: requirement {q} read as a fact: {wrong:?}"
                );
            }
            let lines: String = facts
                .iter()
                .map(|f| serde_json::to_string(f).unwrap() + "\n")
                .collect();
            let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/golden")
                .join(format!("{id}__{}.jsonl", name.replace('/', "_")));
            if update {
                std::fs::write(&golden, &lines).unwrap();
            } else {
                let want = std::fs::read_to_string(&golden).unwrap_or_default();
                assert_eq!(lines, want, "{id}/{name} differs from {}", golden.display());
            }
        }
    }
    assert!(checked >= 30, "only {checked} truth facts checked");
}
