//! The OpenSearch export: `_bulk` NDJSON (action line + source line) and a valid mapping.

mod common;

use intake_index::{analyze, export_opensearch, opensearch_mapping};
use serde_json::Value;

fn export(dir: &std::path::Path) -> String {
    let mut out = Vec::new();
    export_opensearch(dir, &mut out).expect("export");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn bulk_ndjson_pairs_actions_with_sources() {
    let tmp = tempfile::tempdir().unwrap();
    common::Batch::demo().write(&tmp.path().join("index"), "2024-春");
    // The OUT folder resolves to its index/ folder.
    let ndjson = export(tmp.path());
    assert!(ndjson.ends_with('\n'));
    let lines: Vec<Value> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 12, "6 entries × (action + source)");
    let mut ids = Vec::new();
    for pair in lines.chunks(2) {
        let action = pair[0].as_object().expect("action object");
        assert_eq!(action.len(), 1);
        let meta = &action["index"];
        assert_eq!(meta["_index"], "intake");
        ids.push(meta["_id"].as_str().expect("_id").to_string());
        let source = &pair[1];
        assert!(source.get("index").is_none());
        let content = source["content"].as_str().unwrap();
        let seg: Vec<String> = analyze(content).into_iter().map(|t| t.text).collect();
        assert_eq!(source["content_seg"], seg.join(" "));
    }
    assert_eq!(
        ids,
        [
            "2024-春/S01-华东检测/申报书.pdf#1.0",
            "2024-春/S01-华东检测/申报书.pdf#2.0",
            "2024-春/S01-华东检测/申报书.pdf#3.0",
            "2024-春/S02-星海数字/材料/说明.docx#-.0",
            "2024-春/S03-计量院/报告.txt#-.0",
            "2024-春/S03-计量院/报告.txt#-.2",
        ]
    );
    let p2 = &lines[3];
    assert_eq!(p2["page"], 2);
    assert_eq!(p2["facts"]["staff.total"], 126.0);
    assert_eq!(p2["facts"]["equipment.original_value"], 12500000.5);
    assert_eq!(p2["year"], 2024);
    assert_eq!(p2["kind"], serde_json::json!(["duplicate_text"]));
    assert!(
        p2["content_seg"]
            .as_str()
            .unwrap()
            .contains("iso9001 质量 管理体系 管理 体系")
    );
    let docx = &lines[7];
    assert_eq!(docx["page"], Value::Null);
    assert_eq!(docx["level"], "provincial");
    assert_eq!(docx["variant"], "sme");
    assert_eq!(
        lines[11]["facts"]["staff.total"],
        serde_json::json!([48.0, 50.0])
    );
    // Same content, same bytes.
    assert_eq!(export(tmp.path()), ndjson);
}

#[test]
fn mapping_is_valid_json_with_a_whitespace_analyzer() {
    let text = serde_json::to_string_pretty(&opensearch_mapping()).unwrap();
    let back: Value = serde_json::from_str(&text).expect("mapping is valid JSON");
    let props = &back["mappings"]["properties"];
    assert_eq!(props["content_seg"]["analyzer"], "whitespace");
    assert_eq!(props["submission"]["type"], "keyword");
    assert_eq!(
        back["mappings"]["dynamic_templates"][0]["facts_as_double"]["mapping"]["type"],
        "double"
    );
}
