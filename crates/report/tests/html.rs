//! report.html on real bytes: its embedded data equals the JSONL inputs, hostile document text
//! stays text, and the same inputs give the same bytes.

use std::collections::BTreeMap;

use intake_model::{Fact, Finding, SubmissionRecord};
use serde_json::{Value, json};

/// The programs of the built-in rulebooks, as the pipeline hands them to the report.
fn regimes() -> intake_model::Regimes {
    intake_rules::Rulebooks::builtin().unwrap().regimes()
}

/// The lines of a JSONL file written by `write_jsonl`, read back as the contract's JSON.
fn jsonl<T: serde::Serialize>(dir: &std::path::Path, name: &str, items: &[T]) -> Vec<Value> {
    let path = dir.join(name);
    intake_report::write_jsonl(&path, items).unwrap();
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The JSON of `<script type="application/json" id="intake-data">`.
fn embedded(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"intake-data\">";
    let start = html.find(open).expect("data block") + open.len();
    let end = start + html[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&html[start..end]).expect("embedded JSON parses")
}

fn record(
    id: &str,
    regime: Option<&str>,
    verdict: &str,
    decided_by: &[&str],
    org: &str,
) -> SubmissionRecord {
    serde_json::from_value(json!({
        "submission": id, "regime": regime, "level": null, "variant": null, "org_name": org,
        "credit_code": "91350100M000100Y43", "verdict": verdict, "decided_by": decided_by,
        "documents": [{"document": "申报书.pdf", "format": "pdf", "pages": 12, "language": "zh", "status": "ok", "reason": null, "bytes": 1000}]
    }))
    .unwrap()
}

fn fact(sub: &str, metric: &str, value: Value, unit: &str, page: Option<u32>, quote: &str) -> Fact {
    serde_json::from_value(json!({
        "submission": sub, "document": "申报书.pdf", "metric": metric, "value": value, "unit": unit,
        "page": page, "quote": quote, "offset": [0, 0], "method": "prose"
    }))
    .unwrap()
}

fn finding(
    sub: &str,
    rule: &str,
    kind: &str,
    severity: &str,
    metric: Option<&str>,
    message: &str,
    quotes: &[(&str, Option<u32>)],
) -> Finding {
    let evidence: Vec<Value> = quotes
        .iter()
        .map(|(q, p)| json!({"document": "申报书.pdf", "page": p, "quote": q}))
        .collect();
    serde_json::from_value(json!({
        "submission": sub, "regime": "tech-base-platform", "rule": rule, "kind": kind, "severity": severity,
        "metric": metric, "message": message, "evidence": evidence, "article": "第六条(五)"
    }))
    .unwrap()
}

/// A batch like the demo's: a pass, a fail on staff, a review on equipment, an undetected regime.
fn batch() -> (Vec<SubmissionRecord>, Vec<Fact>, Vec<Finding>) {
    let records = vec![
        record(
            "sub-0001",
            Some("tech-base-platform"),
            "pass",
            &[],
            "甲科技有限公司",
        ),
        record(
            "sub-0002",
            Some("tech-base-platform"),
            "fail",
            &["tbp.staff"],
            "乙检测中心",
        ),
        record(
            "sub-0003",
            Some("quality-standards-lab"),
            "review",
            &["integrity.inconsistent_value"],
            "丙研究院",
        ),
        record("sub-0004", None, "review", &[], "丁公司"),
    ];
    let facts = vec![
        fact(
            "sub-0001",
            "staff.total",
            json!(126),
            "persons",
            Some(3),
            "从业人员共计126人",
        ),
        fact(
            "sub-0001",
            "equipment.original_value",
            json!(12500000),
            "CNY",
            Some(4),
            "仪器设备原值1,250万元",
        ),
        fact(
            "sub-0001",
            "facility.area_m2",
            json!(3200),
            "m2",
            Some(4),
            "科研用房3,200㎡",
        ),
        fact(
            "sub-0002",
            "staff.total",
            json!(48),
            "persons",
            Some(3),
            "从业人员共计48人",
        ),
        fact(
            "sub-0003",
            "equipment.original_value",
            json!(18600000),
            "CNY",
            Some(2),
            "仪器设备原值1,860万元",
        ),
        fact(
            "sub-0003",
            "equipment.original_value",
            json!(14200000),
            "CNY",
            None,
            "仪器设备原值1,420万元",
        ),
        fact(
            "sub-0003",
            "staff.masters_or_mid_title_pct",
            json!(54),
            "percent",
            Some(2),
            "占比54%",
        ),
    ];
    let findings = vec![
        finding(
            "sub-0002",
            "tbp.staff",
            "threshold_unmet",
            "fail",
            Some("staff.total"),
            "从业人员 48 人，低于 第六条(五) 要求的 50 人",
            &[(
                "截至申报日，本单位从业人员共计48人，其中硕士以上30人。",
                Some(3),
            )],
        ),
        finding(
            "sub-0003",
            "integrity.inconsistent_value",
            "inconsistent_value",
            "warn",
            Some("equipment.original_value"),
            "仪器设备原值前后不一致：1,860万元 与 1,420万元",
            &[
                ("仪器设备原值1,860万元", Some(2)),
                ("仪器设备原值1,420万元", None),
            ],
        ),
        finding(
            "sub-0003",
            "integrity.metadata",
            "metadata_anomaly",
            "info",
            None,
            "PDF 修改日期早于创建日期",
            &[],
        ),
    ];
    (records, facts, findings)
}

fn count_by(rows: &[Value], key: &str) -> BTreeMap<String, u64> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r[key].as_str().unwrap_or("-").to_string())
            .or_default() += 1;
    }
    m
}

fn chart(summary: &Value, name: &str) -> BTreeMap<String, u64> {
    summary[name]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["n"].as_u64().unwrap() > 0)
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("-").to_string(),
                c["n"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn summary_counts_equal_the_jsonl_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let (records, facts, findings) = batch();
    let subs = jsonl(dir.path(), "submissions.jsonl", &records);
    let fa = jsonl(dir.path(), "facts.jsonl", &facts);
    let fi = jsonl(dir.path(), "findings.jsonl", &findings);
    let path = dir.path().join("report.html");
    intake_report::write_html(&path, &regimes(), &records, &facts, &findings).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    let data = embedded(&html);
    let s = &data["summary"];
    assert_eq!(s["submissions"], subs.len());
    assert_eq!(s["facts"], fa.len());
    assert_eq!(s["findings"], fi.len());
    assert_eq!(chart(s, "by_regime"), count_by(&subs, "regime"));
    assert_eq!(chart(s, "by_verdict"), count_by(&subs, "verdict"));
    assert_eq!(chart(s, "by_kind"), count_by(&fi, "kind"));
    assert_eq!(chart(s, "by_severity"), count_by(&fi, "severity"));
    // Exact figures, to catch a count that is right by accident.
    assert_eq!(
        chart(s, "by_verdict"),
        BTreeMap::from([("fail".into(), 1), ("pass".into(), 1), ("review".into(), 2)])
    );
    // The server-rendered chart says the same: 不通过 1.
    assert!(html.contains("data-filter=\"verdict\" data-id=\"fail\" title=\"不通过\"><span class=\"bar-label\">不通过</span>"));
    assert!(html.contains("<span class=\"bar-n\" data-n=\"2\">2</span>"));

    // Per submission: everything of the JSONL is there, in the reviewers' formats.
    let list = data["submissions"].as_array().unwrap();
    assert_eq!(list.len(), 4);
    for sub in list {
        let id = sub["id"].as_str().unwrap();
        assert_eq!(
            sub["facts"].as_array().unwrap().len(),
            fa.iter().filter(|f| f["submission"] == id).count()
        );
        assert_eq!(
            sub["findings"].as_array().unwrap().len(),
            fi.iter().filter(|f| f["submission"] == id).count()
        );
    }
    let values: Vec<&str> = list[0]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["126 人", "1,250万元", "3,200㎡"]);
    assert_eq!(list[0]["facts"][0]["label"], "从业人员");
    assert_eq!(list[2]["facts"][2]["value"], "54%");
    assert_eq!(list[1]["verdict_label"], "不通过");
    assert_eq!(
        list[1]["decided_by"],
        json!([{"rule": "tbp.staff", "article": "第六条(五)", "message": "从业人员 48 人，低于 第六条(五) 要求的 50 人"}])
    );
    // The evidence's figure is the marked segment, found through the fact of the finding's metric.
    assert_eq!(
        list[1]["findings"][0]["evidence"][0]["quote"],
        json!([
            "截至申报日，本单位从业人员共计",
            "48人",
            "，其中硕士以上30人。"
        ])
    );
    assert_eq!(
        list[2]["findings"][0]["evidence"][1]["quote"],
        json!(["仪器设备原值", "1,420万元", ""])
    );
    assert_eq!(list[3]["regime_label"], "未识别");
}

#[test]
fn hostile_document_text_stays_text() {
    let hostile = "</script><script>alert(\"x\")</script><img src=x onerror=alert(1)><!--\u{2028}";
    let (mut records, mut facts, mut findings) = batch();
    records[0].org_name = Some(format!("<b>甲</b>{hostile}"));
    records[0].regime = Some("<i>x</i>".into());
    facts[0].quote = format!("从业人员共计126人{hostile}");
    findings[0].message = hostile.into();
    findings[0].evidence[0].quote = format!("{hostile}共计48人");
    let html = intake_report::render_html(&regimes(), &records, &facts, &findings);
    // Only the page's own two script elements exist; no markup from the data reached the HTML.
    assert_eq!(
        html.matches("<script").count(),
        2,
        "a quote opened a script element"
    );
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(
        !html.contains("<img")
            && !html.contains("<b>甲")
            && !html.contains("<i>x</i>")
            && !html.contains('\u{2028}')
    );
    // The regime id from the record shows escaped in the chart.
    assert!(html.contains("data-id=\"&lt;i&gt;x&lt;/i&gt;\""));
    // And the page's data still holds the exact text, to be shown as text.
    let data = embedded(&html);
    let sub = &data["submissions"][0];
    assert_eq!(sub["org"], format!("<b>甲</b>{hostile}"));
    assert_eq!(
        sub["facts"][0]["quote"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect::<String>(),
        facts[0].quote
    );
    assert_eq!(data["submissions"][1]["findings"][0]["message"], hostile);
}

#[test]
fn same_input_same_bytes() {
    let (records, facts, findings) = batch();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    intake_report::write_html(&a, &regimes(), &records, &facts, &findings).unwrap();
    intake_report::write_html(&b, &regimes(), &records, &facts, &findings).unwrap();
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert_eq!(a, b);
    // Self-contained: nothing is fetched from anywhere.
    let html = String::from_utf8(a).unwrap();
    for remote in ["http://", "https://", "src=\"", "<link", "@import"] {
        assert!(!html.contains(remote), "report.html refers to {remote}");
    }
}

#[test]
fn two_thousand_submissions_fit_in_one_page() {
    let (r0, f0, g0) = batch();
    let (mut records, mut facts, mut findings) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..500 {
        let rename = |s: &str| format!("{s}-{i:03}");
        records.extend(r0.iter().cloned().map(|mut r| {
            r.submission = rename(&r.submission);
            r
        }));
        facts.extend(f0.iter().cloned().map(|mut f| {
            f.submission = rename(&f.submission);
            f
        }));
        findings.extend(g0.iter().cloned().map(|mut f| {
            f.submission = rename(&f.submission);
            f
        }));
    }
    let html = intake_report::render_html(&regimes(), &records, &facts, &findings);
    let data = embedded(&html);
    assert_eq!(data["summary"]["submissions"], 2000);
    assert_eq!(data["submissions"][1999]["id"], "sub-0004-499");
    assert_eq!(
        data["summary"]["by_kind"][0],
        json!({"id": "threshold_unmet", "label": "未达门槛", "n": 500})
    );
    // Rows are drawn page by page by the script (50 a page), never all 2,000 at once.
    assert!(html.contains("var PAGE = 50;") && html.contains("rows.slice(state.page * PAGE"));
}

#[test]
fn evidence_links_to_its_text_page_and_ocr_is_marked() {
    let mut r = record("sub-1", Some("iia-lab"), "fail", &[], "福州甲公司");
    r.documents[0].ocr_pages = 12;
    r.documents[0].ocr_confidence = Some(84);
    let mut f = fact(
        "sub-1",
        "staff.total",
        json!(48),
        "persons",
        Some(3),
        "从业人员共计48人",
    );
    f.method = intake_model::ReadMethod::Ocr;
    f.note = Some("OCR 识别，置信度 81".into());
    let found = finding(
        "sub-1",
        "iia-lab.staff",
        "threshold_unmet",
        "fail",
        Some("staff.total"),
        "从业人员 48 人",
        &[("从业人员共计48人", Some(3))],
    );
    let mut pages = intake_report::TextPages::new();
    pages.insert((
        "sub-1".into(),
        "申报书.pdf".into(),
        "从业人员共计48人".into(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let records = [&r];
    intake_report::write_html_streamed(
        &path,
        &regimes(),
        &records,
        &[&found],
        1,
        &pages,
        |_, _| Ok(vec![f.clone()]),
    )
    .unwrap();
    let data = embedded(&std::fs::read_to_string(&path).unwrap());
    let sub = &data["submissions"][0];
    let ev = &sub["findings"][0]["evidence"][0];
    assert_eq!(
        ev["href"],
        intake_report::text_page_href("sub-1", "申报书.pdf", Some(3), "从业人员共计48人")
    );
    assert!(ev["href"].as_str().unwrap().ends_with("#page-3"));
    // The fact's own confidence, not the document's mean.
    assert_eq!(ev["ocr"], "OCR 识别（置信度 81）");
    assert_eq!(sub["documents"][0]["ocr"], "OCR 识别（置信度 84）");
    // No text page: no link, the quote and its place stay; no OCR: no mark.
    let plain = intake_report::render_html(
        &regimes(),
        &[record("sub-1", Some("iia-lab"), "fail", &[], "福州甲公司")],
        &[],
        std::slice::from_ref(&found),
    );
    let ev = &embedded(&plain)["submissions"][0]["findings"][0]["evidence"][0];
    assert_eq!(ev["href"], Value::Null);
    assert_eq!(ev["ocr"], Value::Null);
    assert_eq!(ev["page"], 3);
}
