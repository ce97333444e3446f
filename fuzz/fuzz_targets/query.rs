//! The search query language on arbitrary text, over a small real index: `search` never panics
//! or overflows the stack (nesting is bounded before tantivy's recursive parser sees the text),
//! and any error is one of the query errors the CLI reports with exit 2.
#![no_main]

use std::sync::OnceLock;

use intake_index::{IndexDoc, IndexError, Query, SearchIndex};
use intake_model::{Block, Document, Page, SubmissionRecord};
use libfuzzer_sys::fuzz_target;

/// A two-entry index written once per process under the temp folder.
fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("intake-fuzz-query-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let page = |text: &str| Page {
            number: Some(1),
            blocks: vec![Block::paragraph(text)],
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        };
        let doc = Document {
            pages: vec![page("公共服务平台 从业人员共计126人，场地面积3000平方米。")],
            ..Default::default()
        };
        let record: SubmissionRecord = serde_json::from_value(serde_json::json!({
            "submission": "sub-0001", "regime": "tech-base-platform", "level": null,
            "variant": null, "org_name": "华东检测有限公司", "credit_code": null,
            "verdict": "pass", "decided_by": [], "documents": []
        }))
        .expect("record");
        let docs = [IndexDoc {
            submission: "sub-0001",
            document: "申报书.pdf",
            doc: &doc,
            record: &record,
            facts: &[],
            finding_kinds: &[],
            prepared: None,
        }];
        intake_index::write_index(&dir, "fuzz", &docs).expect("index");
        SearchIndex::open(&dir).expect("open")
    })
}

fuzz_target!(|text: &str| {
    let q = Query {
        text: text.to_string(),
        limit: 5,
        ..Default::default()
    };
    match index().search(&q) {
        Ok(_)
        | Err(IndexError::Query { .. })
        | Err(IndexError::TooDeep { .. })
        | Err(IndexError::Where { .. }) => {}
        Err(e) => panic!("unexpected error for {text:?}: {e}"),
    }
});
