//! Entries tokenised ahead (`PreparedDoc`, made on the worker that read the document) index
//! exactly as the index writer's own tokenising would: the same terms, in the same entries, at
//! the same positions and offsets-derived highlights, for both text fields.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use intake_index::{IndexDoc, PreparedDoc, Query, search, write_index};
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

/// Every (field, term) → [(segment, doc, positions)] of the index at `dir`.
type Postings_ = BTreeMap<(String, Vec<u8>), Vec<(usize, u32, Vec<u32>)>>;

fn postings(dir: &Path) -> Postings_ {
    let index = tantivy::Index::open_in_dir(dir).expect("index opens");
    let schema = index.schema();
    let searcher = index.reader().expect("reader").searcher();
    let mut out = Postings_::new();
    for name in ["content", "content_bigram"] {
        let field = schema.get_field(name).expect("field");
        for (s, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(field).expect("inverted index");
            let mut terms = inverted.terms().stream().expect("terms");
            while terms.advance() {
                let term = tantivy::Term::from_field_bytes(field, terms.key());
                let mut p = inverted
                    .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
                    .expect("postings")
                    .expect("term present");
                let list = out
                    .entry((name.to_string(), terms.key().to_vec()))
                    .or_default();
                while p.doc() != TERMINATED {
                    let mut positions = Vec::new();
                    p.positions(&mut positions);
                    list.push((s, p.doc(), positions));
                    p.advance();
                }
            }
        }
    }
    out
}

#[test]
fn entries_tokenised_ahead_index_as_the_writer_would() {
    let batch = common::Batch::demo();
    let tmp = tempfile::tempdir().expect("tempdir");
    let (plain, ahead) = (tmp.path().join("plain"), tmp.path().join("ahead"));
    let stats = batch.write(&plain, "2024-春");

    let prepared: Vec<PreparedDoc> = batch.docs.iter().map(|e| PreparedDoc::of(&e.doc)).collect();
    let docs: Vec<IndexDoc> = batch
        .index_docs()
        .into_iter()
        .zip(&prepared)
        .map(|(d, p)| IndexDoc {
            prepared: Some(p),
            ..d
        })
        .collect();
    assert_eq!(
        write_index(&ahead, "2024-春", &docs).expect("written"),
        stats
    );

    let (want, got) = (postings(&plain), postings(&ahead));
    assert!(
        want.len() > 100,
        "the demo batch indexes many terms: {}",
        want.len()
    );
    assert_eq!(got, want);

    // What a reviewer sees is the same: hits and their highlighted characters.
    for q in [
        "检测",
        "公共服务",
        "简单",
        "质量体系",
        "ISO9001",
        "中小企业 300",
    ] {
        let query = Query {
            text: q.into(),
            limit: 20,
            ..Default::default()
        };
        let (a, b) = (
            search(&plain, &query).unwrap(),
            search(&ahead, &query).unwrap(),
        );
        assert!(!a.is_empty(), "{q} finds something");
        assert_eq!(format!("{b:?}"), format!("{a:?}"), "{q}");
    }
}
