//! `intake search` over the demo batch: exact hits for each kind of query, highlights on the
//! right characters, and recall over the committed query set (tests/search/queries.json).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap().keep().join("out");
        common::run(&common::root().join("corpora/demo"), &out, &[]);
        out
    })
}

/// `intake search OUT query ARGS… --json`: the hits.
fn search(query: &str, args: &[&str]) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("search")
        .arg(out())
        .arg(query)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "search {query:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// (submission, document, page) of each hit, in rank order.
fn places(hits: &[Value]) -> Vec<(String, String, Option<u64>)> {
    hits.iter()
        .map(|h| {
            (
                h["submission"].as_str().unwrap().into(),
                h["document"].as_str().unwrap().into(),
                h["page"].as_u64(),
            )
        })
        .collect()
}

/// The highlighted characters of a hit.
fn marked(h: &Value) -> Vec<String> {
    let chars: Vec<char> = h["snippet"].as_str().unwrap().chars().collect();
    h["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            chars[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect()
}

fn place(s: &str, d: &str, p: Option<u64>) -> (String, String, Option<u64>) {
    (s.into(), d.into(), p)
}

#[test]
fn term_query_finds_the_copied_passage_in_both_applicants() {
    let hits = search("四阶闭环", &[]);
    let mut got = places(&hits);
    got.sort();
    assert_eq!(
        got,
        [
            place("sub-0015", "申报书.docx", None),
            place("sub-0016", "申报书.pdf", Some(2))
        ]
    );
    assert!(hits.iter().all(|h| marked(h) == ["四阶闭环"]));
}

#[test]
fn phrase_query_respects_word_positions() {
    let hits = search("\"边缘计算 测试床\"", &[]);
    assert_eq!(places(&hits), [place("sub-0008", "申请书.docx", None)]);
}

#[test]
fn substring_inside_a_jieba_word_is_found() {
    // 预测试舱 sits inside 电磁兼容预测试舱; the bigram field finds 测试舱 wherever jieba cut.
    let hits = search("测试舱", &[]);
    assert_eq!(
        places(&hits),
        [place("sub-0001", "附件/2025年度运行情况表.pdf", Some(2))]
    );
    assert_eq!(marked(&hits[0]), ["测试舱"]);
}

#[test]
fn half_width_query_matches_full_width_text_highlighting_the_original() {
    let hits = search("运营人员120人", &[]);
    assert_eq!(
        places(&hits)[0],
        place("sub-0015", "2025年度运营情况报告.pdf", Some(2))
    );
    assert!(
        marked(&hits[0]).contains(&"运营人员１２０人".to_string()),
        "{:?}",
        marked(&hits[0])
    );
}

#[test]
fn filters_by_regime_numeric_range_and_finding_kind() {
    let subs = |hits: Vec<Value>| {
        let mut s: Vec<String> = hits
            .iter()
            .map(|h| h["submission"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s.dedup();
        s
    };
    assert_eq!(
        subs(search("", &["--kind", "duplicate_text", "--limit", "100"])),
        ["sub-0015", "sub-0016"]
    );
    assert_eq!(
        subs(search(
            "",
            &["--where", "staff.total>=150", "--limit", "100"]
        )),
        ["sub-0009", "sub-0010"]
    );
    assert_eq!(
        subs(search(
            "实验室",
            &["--regime", "quality-standards-lab", "--limit", "100"]
        )),
        ["sub-0006", "sub-0007"]
    );
}

/// Recall over the committed query set: every applicant's name and two rare 6-character runs
/// of every document (tests/search/make_queries.py), expected hits by substring.
#[test]
fn recall_over_the_query_set_is_at_least_95_percent() {
    let text = std::fs::read_to_string(common::root().join("tests/search/queries.json")).unwrap();
    let queries: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(queries.len() >= 50);
    let (mut expected, mut found) = (0usize, 0usize);
    let mut misses = Vec::new();
    for q in &queries {
        let got = places(&search(q["query"].as_str().unwrap(), &["--limit", "50"]));
        for e in q["expected"].as_array().unwrap() {
            expected += 1;
            let want = place(
                e["submission"].as_str().unwrap(),
                e["document"].as_str().unwrap(),
                e["page"].as_u64(),
            );
            if got.contains(&want) {
                found += 1;
            } else {
                misses.push(format!("{} → {want:?}", q["query"]));
            }
        }
    }
    let recall = found as f64 / expected as f64;
    eprintln!("recall {found}/{expected} = {recall:.4}; misses: {misses:#?}");
    assert!(recall >= 0.95, "recall {recall:.4}: {misses:#?}");
}
