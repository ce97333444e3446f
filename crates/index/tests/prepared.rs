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

/// More entries than go to the indexing thread in one message: every one is indexed, the
/// prepared tokens of each are taken, and the last page is found.
#[test]
fn a_long_document_is_indexed_whole_whatever_the_grouping() {
    const PAGES: usize = 700;
    let texts: Vec<String> = (0..PAGES)
        .map(|i| {
            format!(
                "第{i}页：本页记载检测设备台账{}",
                "甲乙丙丁戊己庚辛壬癸".chars().nth(i % 10).unwrap()
            )
        })
        .collect();
    let pages: Vec<&str> = texts.iter().map(String::as_str).collect();
    let doc = common::pdf(&pages);
    let record = common::record(
        "S09-长文档",
        "tech-base-platform",
        "长文档检测有限公司",
        intake_model::Verdict::Pass,
    );
    let prepared = PreparedDoc::of(&doc);
    let docs = [IndexDoc {
        submission: "S09-长文档",
        document: "年报.pdf",
        doc: &doc,
        record: &record,
        facts: &[],
        finding_kinds: &[],
        prepared: Some(&prepared),
    }];
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("index");
    let stats = write_index(&dir, "2025-秋", &docs).expect("written");
    assert_eq!((stats.documents, stats.entries), (1, PAGES));
    let index = tantivy::Index::open_in_dir(&dir).expect("index opens");
    let searcher = index.reader().expect("reader").searcher();
    assert_eq!(searcher.num_docs(), PAGES as u64);
    let hits = search(
        &dir,
        &Query {
            text: "第699页".into(),
            limit: 5,
            ..Default::default()
        },
    )
    .expect("search runs");
    assert_eq!(hits.first().and_then(|h| h.page), Some(PAGES as u32));
}
