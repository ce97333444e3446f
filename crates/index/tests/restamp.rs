//! A submission whose verdict and finding kinds change after its entries were written (the
//! batch-wide checks come last) is restamped from the committed index: the result searches as
//! if the entries had been written with the final record in the first place, in the index the
//! entries were read from and in a second index written beside it (the archive).

mod common;

use std::path::Path;

use intake_index::{BatchWriter, IndexDoc, Query, search};
use intake_model::Verdict;

/// What a reviewer sees of each hit, in a fixed order (scores aside: deleted entries weigh on
/// BM25 until a merge drops them).
fn seen(dir: &Path, q: &Query) -> Vec<String> {
    let mut hits: Vec<String> = search(dir, q)
        .expect("search")
        .into_iter()
        .map(|h| {
            format!(
                "{}|{}|{:?}|{}|{}|{:?}|{:?}",
                h.submission, h.document, h.page, h.block, h.snippet, h.highlights, h.regime
            )
        })
        .collect();
    hits.sort();
    hits
}

#[test]
fn restamped_entries_search_as_if_written_with_the_final_record() {
    let batch = common::Batch::demo();
    let first = &batch.docs[0].submission;
    // The final record: the batch checks failed the first submission for copied text.
    let mut fin = batch.docs[0].record.clone();
    fin.verdict = Verdict::Fail;
    let kinds = vec![
        "duplicate_text".to_string(),
        "archive_duplicate".to_string(),
    ];

    let tmp = tempfile::tempdir().expect("tempdir");
    let (own, archive, want) = (
        tmp.path().join("own"),
        tmp.path().join("archive"),
        tmp.path().join("want"),
    );
    // Written with the final record from the start.
    let docs: Vec<IndexDoc> = batch
        .index_docs()
        .into_iter()
        .map(|d| match d.submission == first {
            true => IndexDoc {
                record: &fin,
                finding_kinds: &kinds,
                ..d
            },
            false => d,
        })
        .collect();
    let want_stats = intake_index::write_index(&want, "2024-春", &docs).expect("written");

    // Written with the first record, committed, then restamped — in the own index and in an
    // archive index whose entries were never committed.
    let mut a = BatchWriter::open(&own, "2024-春").expect("open");
    let mut b = BatchWriter::open(&archive, "2024-春").expect("open");
    a.add(&batch.index_docs()).expect("added");
    b.add(&batch.index_docs()).expect("added");
    a.flush().expect("committed");
    let from = a.committed().expect("committed entries");
    let restamped = a.restamp(&from, first, &fin, &kinds).expect("restamped");
    assert_eq!(restamped, 3, "one entry per page of the first submission");
    assert_eq!(b.restamp(&from, first, &fin, &kinds).expect("restamped"), 3);
    drop(from);
    let (sa, sb) = (a.finish().expect("finished"), b.finish().expect("finished"));
    assert_eq!(
        (sa.entries, sa.total),
        (want_stats.entries, want_stats.total)
    );
    assert_eq!(
        (sb.entries, sb.total),
        (want_stats.entries, want_stats.total)
    );

    let query = |text: &str, kind: Option<&str>| Query {
        text: text.into(),
        kind: kind.map(Into::into),
        limit: 100,
        ..Default::default()
    };
    let queries = [
        // Text, in both analyzers (words and bigrams).
        query("检测", None),
        query("质量管理体系", None),
        // The new verdict and kinds, and the old ones gone.
        query("verdict:fail", None),
        query("verdict:pass", None),
        query("", Some("archive_duplicate")),
        query("", Some("duplicate_text")),
        // The facts record (joined by submission) and the year survive.
        query("staff.total:[100 TO *]", None),
        query("year:[2024 TO 2024]", None),
    ];
    for q in &queries {
        let w = seen(&want, q);
        assert_eq!(seen(&own, q), w, "own index: {:?} {:?}", q.text, q.kind);
        assert_eq!(seen(&archive, q), w, "archive: {:?} {:?}", q.text, q.kind);
    }
    // Not vacuous: the first submission's pages are found by its new verdict and kind, and by
    // its old verdict no more.
    let of_first = |hits: Vec<String>| {
        hits.iter()
            .filter(|h| h.starts_with(first.as_str()))
            .count()
    };
    assert_eq!(of_first(seen(&own, &queries[2])), 3);
    assert_eq!(of_first(seen(&own, &queries[3])), 0);
    assert_eq!(of_first(seen(&own, &queries[4])), 3);
    assert!(!seen(&own, &queries[6]).is_empty());
}
