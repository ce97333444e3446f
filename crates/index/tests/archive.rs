//! An archive grows batch by batch: appending keeps earlier segments, re-writing a batch replaces
//! only that batch, and a search spans every batch.

mod common;

use intake_index::{IndexDoc, IndexError, Query, search, write_index};
use intake_model::{Block, Verdict};

fn segment_ids(dir: &std::path::Path) -> Vec<String> {
    let index = tantivy::Index::open_in_dir(dir).expect("index opens");
    let mut ids: Vec<String> = index
        .searchable_segment_ids()
        .expect("segments")
        .iter()
        .map(|s| s.uuid_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn appending_a_batch_keeps_the_first_and_searches_both() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    let first = common::Batch::demo().write(&dir, "2023");
    assert_eq!((first.entries, first.total), (6, 6));
    let before = segment_ids(&dir);

    let doc = common::flow(vec![Block::paragraph("新建边缘计算实验环境，开放共享。")]);
    let record = common::record("S09-新申报", "iia-lab", "北辰网络实验室", Verdict::Pass);
    let docs = [IndexDoc {
        submission: "S09-新申报",
        document: "方案.docx",
        doc: &doc,
        record: &record,
        facts: &[],
        finding_kinds: &[],
        prepared: None,
    }];
    let second = write_index(&dir, "2024", &docs).expect("append");
    assert_eq!((second.entries, second.replaced, second.total), (1, 0, 7));
    let after = segment_ids(&dir);
    assert!(
        before.iter().all(|id| after.contains(id)),
        "{before:?} vs {after:?}"
    );

    let q = Query {
        text: "边缘计算".into(),
        limit: 10,
        ..Default::default()
    };
    let hits = search(&dir, &q).unwrap();
    let mut got: Vec<(&str, &str)> = hits
        .iter()
        .map(|h| (h.batch.as_str(), h.submission.as_str()))
        .collect();
    got.sort();
    assert_eq!(got, [("2023", "S02-星海数字"), ("2024", "S09-新申报")]);
    let only = search(
        &dir,
        &Query {
            batch: Some("2024".into()),
            ..q.clone()
        },
    )
    .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].regime.as_deref(), Some("iia-lab"));

    // Re-running batch 2023 replaces it: no duplicates, batch 2024 untouched.
    let again = common::Batch::demo().write(&dir, "2023");
    assert_eq!((again.entries, again.replaced, again.total), (6, 6, 7));
    assert_eq!(search(&dir, &q).unwrap().len(), 2);
}

#[test]
fn an_index_of_another_schema_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("title", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(tmp.path(), builder.build()).unwrap();
    let batch = common::Batch::demo();
    let docs = batch.index_docs();
    match write_index(tmp.path(), "x", &docs) {
        Err(IndexError::SchemaMismatch { found, .. }) => assert_eq!(found, "title"),
        other => panic!("expected a schema mismatch, got {other:?}"),
    }
}
