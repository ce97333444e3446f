//! Search behaviour over a synthetic batch: each query returns exactly the expected entries, with
//! the highlight on the right characters.

mod common;

use intake_index::{Hit, IndexError, Query, search};

type Place = (String, String, Option<u32>);

fn index() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("index");
    let stats = common::Batch::demo().write(&dir, "2024-春");
    assert_eq!(
        (stats.documents, stats.entries, stats.empty, stats.replaced),
        (3, 6, 0, 0)
    );
    (tmp, dir)
}

fn run(dir: &std::path::Path, q: Query) -> Vec<Hit> {
    search(dir, &Query { limit: 20, ..q }).expect("search runs")
}

fn text(t: &str) -> Query {
    Query {
        text: t.into(),
        ..Default::default()
    }
}

fn places(hits: &[Hit]) -> Vec<Place> {
    hits.iter()
        .map(|h| (h.submission.clone(), h.document.clone(), h.page))
        .collect()
}

fn place(s: &str, d: &str, p: Option<u32>) -> Place {
    (s.into(), d.into(), p)
}

const S1: &str = "S01-华东检测";
const S2: &str = "S02-星海数字";
const S3: &str = "S03-计量院";
const PDF: &str = "申报书.pdf";

#[test]
fn term_query_finds_the_block_group_and_marks_the_word() {
    let (_t, dir) = index();
    let hits = run(&dir, text("边缘计算"));
    assert_eq!(places(&hits), [place(S2, "材料/说明.docx", None)]);
    assert_eq!(hits[0].block, 0);
    assert_eq!(
        hits[0].marked("【", "】"),
        "本中心聚焦【边缘计算】与工业互联网平台建设。 服务对象 中小企业 ３００家"
    );
    assert_eq!(hits[0].regime.as_deref(), Some("promotion-center"));
}

#[test]
fn phrase_positions_count_words_not_characters() {
    let (_t, dir) = index();
    // 产业 is word 3 and 平台 word 7 of page 1: three words apart, ten characters apart.
    let hits = run(&dir, text("\"产业 平台\"~3"));
    assert_eq!(places(&hits), [place(S1, PDF, Some(1))]);
    assert_eq!(
        hits[0].marked("【", "】"),
        "申报单位：华东检测技术有限公司 本单位申报【产业】技术基础公共服务【平台】，提供检测认证服务。"
    );
    assert!(run(&dir, text("\"产业 平台\"~2")).is_empty());
    assert_eq!(hits[0].snippet_start, 0);
    // An exact phrase spanning two words.
    let hits = run(&dir, text("\"公共服务平台\""));
    assert_eq!(places(&hits), [place(S1, PDF, Some(1))]);
    // Highlighting marks the phrase's terms wherever they occur in the snippet (服务 at the end).
    assert_eq!(
        hits[0].marked("【", "】"),
        "申报单位：华东检测技术有限公司 本单位申报产业技术基础【公共服务平台】，提供检测认证【服务】。"
    );
}

#[test]
fn substrings_inside_jieba_words_are_found() {
    let (_t, dir) = index();
    // 安装简单 is one jieba word.
    let hits = run(&dir, text("简单"));
    assert_eq!(places(&hits), [place(S1, PDF, Some(2))]);
    assert!(
        hits[0]
            .marked("【", "】")
            .contains("设备安装【简单】，维护方便")
    );
    // 装简 and 务平 cross jieba's cuts: only the bigram field has them.
    let hits = run(&dir, text("装简"));
    assert_eq!(places(&hits), [place(S1, PDF, Some(2))]);
    assert!(hits[0].marked("【", "】").contains("设备安【装简】单"));
    assert_eq!(places(&run(&dir, text("务平"))), [place(S1, PDF, Some(1))]);
}

#[test]
fn full_width_query_matches_half_width_text_and_back() {
    let (_t, dir) = index();
    let hits = run(&dir, text("ＩＳＯ９００１"));
    assert_eq!(places(&hits), [place(S1, PDF, Some(2))]);
    assert_eq!(
        hits[0].marked("【", "】"),
        "平台已通过【ISO9001】质量管理体系认证，设备安装简单，维护方便。"
    );
    // The text says ３００ in full width; the query 300 finds it and marks the original.
    let hits = run(&dir, text("300"));
    assert_eq!(places(&hits), [place(S2, "材料/说明.docx", None)]);
    assert!(
        hits[0]
            .marked("【", "】")
            .ends_with("中小企业 【３００】家")
    );
}

#[test]
fn traditional_text_is_found_by_simplified_query() {
    let (_t, dir) = index();
    // 质量管理体系 on page 2 of S01 does not hold the substring 质量体系.
    let hits = run(&dir, text("质量体系"));
    assert_eq!(places(&hits), [place(S3, "报告.txt", None)]);
    let txt = &hits[0];
    assert_eq!(txt.block, 2);
    assert_eq!(txt.marked("【", "】"), "本平台的【質量體系】運行良好。");
}

#[test]
fn regime_filter() {
    let (_t, dir) = index();
    let all = run(&dir, text("平台"));
    assert_eq!(all.len(), 4, "{:?}", places(&all));
    let hits = run(
        &dir,
        Query {
            regime: Some("promotion-center".into()),
            ..text("平台")
        },
    );
    assert_eq!(places(&hits), [place(S2, "材料/说明.docx", None)]);
    assert!(
        hits[0]
            .marked("【", "】")
            .contains("工业互联网【平台】建设")
    );
    let hits = run(&dir, text("平台 regime:tech-base-platform"));
    assert_eq!(hits.len(), 3);
    assert!(
        hits.iter()
            .all(|h| h.regime.as_deref() == Some("tech-base-platform"))
    );
}

#[test]
fn numeric_range_on_facts() {
    let (_t, dir) = index();
    let q = Query {
        where_: vec!["staff.total>=50".into()],
        ..text("平台")
    };
    let hits = run(&dir, q);
    // S01 states 126; S03 states 48 and 50 (either value may satisfy a range).
    assert_eq!(
        places(&hits)
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        [
            place(S1, PDF, Some(1)),
            place(S1, PDF, Some(2)),
            place(S3, "报告.txt", None)
        ]
        .into_iter()
        .collect()
    );
    let hits = run(
        &dir,
        Query {
            where_: vec!["staff.total>100".into()],
            ..text("平台")
        },
    );
    let mut got = places(&hits);
    got.sort();
    assert_eq!(got, [place(S1, PDF, Some(1)), place(S1, PDF, Some(2))]);
    // The same in query syntax: a metric key stands for its facts path.
    let hits = run(&dir, text("边缘计算 OR 简单 AND staff.total:[30 TO 45]"));
    assert_eq!(places(&hits), [place(S2, "材料/说明.docx", None)]);
    // Money in yuan with decimals, and the year derived from application.date / report.year.
    let q = Query {
        where_: vec!["equipment.original_value>12500000".into()],
        ..Default::default()
    };
    assert_eq!(
        places(&run(&dir, q)),
        [
            place(S1, PDF, Some(1)),
            place(S1, PDF, Some(2)),
            place(S1, PDF, Some(3))
        ]
    );
    let q = Query {
        where_: vec!["year<2024".into()],
        ..Default::default()
    };
    assert_eq!(places(&run(&dir, q)), [place(S2, "材料/说明.docx", None)]);
    let bad = search(
        &dir,
        &Query {
            where_: vec!["staff.totl>=1".into()],
            limit: 5,
            ..Default::default()
        },
    );
    assert!(matches!(bad, Err(IndexError::Where { .. })));
}

#[test]
fn finding_kind_filter() {
    let (_t, dir) = index();
    let hits = run(
        &dir,
        Query {
            kind: Some("duplicate_text".into()),
            ..text("服务")
        },
    );
    assert_eq!(places(&hits), [place(S1, PDF, Some(1))]);
    let hits = run(
        &dir,
        Query {
            kind: Some("threshold_unmet".into()),
            ..text("服务")
        },
    );
    assert_eq!(places(&hits), [place(S3, "报告.txt", None)]);
    assert!(
        hits[0]
            .marked("【", "】")
            .starts_with("公共【服务】能力建设方案")
    );
}

#[test]
fn bad_query_and_missing_index_are_errors_naming_them() {
    let (_t, dir) = index();
    let err = search(
        &dir,
        &Query {
            text: "平台 AND (".into(),
            limit: 5,
            ..Default::default()
        },
    );
    assert!(matches!(err, Err(IndexError::Query { ref query, .. }) if query == "平台 AND ("));
    // A half-width colon inside Chinese text is text, not a field name.
    let hits = run(&dir, text("申报单位:华东检测"));
    assert_eq!(places(&hits), [place(S1, PDF, Some(1))]);
    // A field that exists nowhere is looked up only when the query runs (`name:*` asks whether
    // the field is set): still the user's query error, never a broken index.
    for unknown in ["supplier:*", "+\u{1}:*"] {
        let err = search(&dir, &text(unknown));
        assert!(
            matches!(err, Err(IndexError::Query { ref query, .. }) if query == unknown),
            "{unknown:?}: {err:?}"
        );
    }
    let nowhere = dir.join("nothing-here");
    let err = search(&nowhere, &text("平台")).unwrap_err();
    assert!(err.to_string().contains("nothing-here"), "{err}");
}

#[test]
fn snippet_offsets_point_into_the_page_text() {
    let tmp = tempfile::tempdir().unwrap();
    let filler = "甲乙丙丁，".repeat(80);
    let page = format!("{filler}本项目部署边缘网关并接入产线。\n{filler}");
    let doc = common::pdf(&[&page]);
    let record = common::record("S1", "iia-lab", "某实验室", intake_model::Verdict::Pass);
    let docs = [intake_index::IndexDoc {
        submission: "S1",
        document: "a.pdf",
        doc: &doc,
        record: &record,
        facts: &[],
        finding_kinds: &[],
        prepared: None,
    }];
    intake_index::write_index(tmp.path(), "b", &docs).unwrap();
    let hits = run(tmp.path(), text("边缘网关"));
    assert_eq!(places(&hits), [place("S1", "a.pdf", Some(1))]);
    let hit = &hits[0];
    assert!(
        hit.snippet_start > 0 && hit.snippet.chars().count() < 100,
        "{hit:?}"
    );
    let (s, e) = hit.highlights[0];
    let in_page: String = page
        .chars()
        .skip(hit.snippet_start + s)
        .take(e - s)
        .collect();
    assert_eq!(in_page, "边缘网关");
    assert_eq!(
        page.chars().position(|c| c == '边'),
        Some(hit.snippet_start + s)
    );
}

#[test]
fn filters_do_not_change_scores() {
    let (_t, dir) = index();
    let plain = run(&dir, text("检测"));
    let filtered = run(
        &dir,
        Query {
            regime: Some("tech-base-platform".into()),
            where_: vec!["staff.total>=10".into()],
            ..text("检测")
        },
    );
    assert!(!filtered.is_empty());
    for hit in &filtered {
        let same = plain
            .iter()
            .find(|p| p.submission == hit.submission && p.page == hit.page && p.block == hit.block);
        assert_eq!(same.map(|p| p.score), Some(hit.score), "{hit:?}");
    }
}
