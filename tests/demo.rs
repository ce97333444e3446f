//! The bundled demo batch end to end: the contract holds, specific facts and findings of named
//! submissions are what the documents say, and any thread count gives the same bytes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

/// The demo batch, run once per test process with `--jobs 2`.
fn demo_out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("out");
        common::run(&common::root().join("corpora/demo"), &out, &["--jobs", "2"]);
        out
    })
}

/// Asserts that the JSON outputs of a `--jobs 1` run (`one`) and a `--jobs 2` run (`two`) are
/// byte for byte the same (batch.json without its timing); returns them by name.
fn same_at_both_jobs(one: &Path, two: &Path) -> Vec<(&'static str, Vec<u8>)> {
    [
        "facts.jsonl",
        "findings.jsonl",
        "submissions.jsonl",
        "batch.json",
    ]
    .into_iter()
    .map(|name| {
        let (a, b) = (
            common::read_output(one, name),
            common::read_output(two, name),
        );
        assert!(a == b, "{name} differs between --jobs 1 and --jobs 2");
        (name, a)
    })
    .collect()
}

#[test]
fn jobs_1_and_jobs_2_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    common::run(&common::root().join("corpora/demo"), &one, &["--jobs", "1"]);
    let two = demo_out();
    for (name, a) in same_at_both_jobs(&one, two) {
        assert!(!a.is_empty() || name == "findings.jsonl");
    }
    // report.html and its offline text pages, byte for byte.
    let pages = |out: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v = Vec::new();
        let mut stack = vec![out.join("text")];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    v.push((
                        p.strip_prefix(out).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        v.push((
            "report.html".into(),
            std::fs::read(out.join("report.html")).unwrap(),
        ));
        v.sort();
        v
    };
    let (a, b) = (pages(&one), pages(two));
    assert!(a.len() > 1, "no text pages written");
    assert!(
        a == b,
        "report.html or text/ differs between --jobs 1 and --jobs 2"
    );
}

#[test]
fn report_evidence_links_land_on_text_pages_with_the_quote() {
    let out = demo_out();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let hrefs: Vec<&str> = html
        .split("\"href\":\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(!hrefs.is_empty(), "no evidence links in report.html");
    for h in &hrefs {
        let (path, rest) = h.split_once(['?', '#']).unwrap();
        assert!(path.starts_with("text/") && path.ends_with(".html"), "{h}");
        let decoded = percent_decode(path);
        let page = std::fs::read_to_string(out.join(&decoded))
            .unwrap_or_else(|e| panic!("{h} -> {decoded}: {e}"));
        // The page it names is there, and so is the quote (whitespace aside).
        let anchor = h.rsplit_once('#').unwrap().1;
        assert!(page.contains(&format!("id=\"{anchor}\"")), "{h}");
        if let Some(q) = rest
            .strip_prefix("q=")
            .or_else(|| h.split_once("?q=").map(|x| x.1))
        {
            let q = percent_decode(q.split('#').next().unwrap());
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let escaped = q
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert!(
                squash(&page).contains(&squash(&escaped)) || q.contains('"') || q.contains('\''),
                "{q} not in {decoded}"
            );
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn contract_holds() {
    let Some(shared) = common::shared() else {
        return;
    };
    let o = std::process::Command::new("python3")
        .arg(shared.join("tools/check_contract.py"))
        .arg(demo_out())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("contract:"))
        .collect();
    assert!(problems.is_empty(), "check_contract.py: {text}");
    assert!(o.status.success(), "{text}");
}

/// The answer key the demo generator wrote beside the batch.
fn truth() -> Vec<Value> {
    let text = fs::read_to_string(common::root().join("corpora/demo-truth.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["submissions"].as_array().unwrap().clone()
}

/// Text without whitespace: PDF text wraps lines and spaces digits apart from ideographs.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The quotes cite the same words: one holds the other (ours may be the whole clause or table
/// row, or just the span: `2025 年度` in `（2025年度）`), or — a table cell cited with its row
/// label, `报告年度\t2025` for the cell `2025年` — they share a run of four characters.
/// Whitespace aside.
fn overlaps(ours: &str, key: &str) -> bool {
    let (a, b) = (squeeze(ours), squeeze(key));
    let b_chars: Vec<char> = b.chars().collect();
    !a.is_empty()
        && (a.contains(&b)
            || b.contains(&a)
            || b_chars
                .windows(4)
                .any(|w| a.contains(&w.iter().collect::<String>())))
}

fn same_number(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Every figure the answer key states is read with its exact value, document, page (or null)
/// and a quote holding the key's (ours is the whole clause or table row, the key's the span); the only other facts are the four reviewed below by eye. Nothing a document
/// quotes from a regulation's requirement (不少于50人) is read as the applicant's claim.
#[test]
fn facts_equal_the_answer_key() {
    let facts = common::jsonl(demo_out(), "facts");
    let mut used = vec![false; facts.len()];
    for sub in truth() {
        let id = sub["submission"].as_str().unwrap();
        for want in sub["facts"].as_array().unwrap() {
            let hit = facts.iter().enumerate().position(|(i, f)| {
                !used[i]
                    && f["submission"] == id
                    && f["document"] == want["document"]
                    && f["metric"] == want["metric"]
                    && same_number(&f["value"], &want["value"])
                    && f["page"] == want["page"]
                    && overlaps(
                        f["quote"].as_str().unwrap(),
                        want["quote"].as_str().unwrap(),
                    )
            });
            match hit {
                Some(i) => used[i] = true,
                None => panic!("{id}: not read: {want}"),
            }
        }
        for not in sub["non_claims"].as_array().unwrap() {
            assert!(
                !facts.iter().any(|f| f["submission"] == id
                    && f["metric"] == not["metric"]
                    && not["quote"]
                        .as_str()
                        .unwrap()
                        .contains(f["quote"].as_str().unwrap())),
                "{id}: read a quoted requirement as a claim: {not}"
            );
        }
    }
    let mut extra: Vec<String> = facts
        .iter()
        .zip(&used)
        .filter(|(f, u)| !**u && f["method"] != "derived")
        .map(|(f, _)| {
            format!(
                "{} {} {} {}",
                f["submission"].as_str().unwrap(),
                f["metric"].as_str().unwrap(),
                f["value"],
                f["quote"].as_str().unwrap()
            )
        })
        .collect();
    extra.sort();
    assert_eq!(
        extra,
        [
            "sub-0001 enterprises.served_last_year 400 服务企业四百余家",
            "sub-0006 research.open_topics_last_year 6 设立开放课题六项",
            "sub-0007 org.legal_entity true 具有独立法人资格",
            "sub-0007 outputs.standards 2 发布团体标准两项",
        ]
    );
    // Ages computed from 公民身份号码 birth dates at the application date, marked derived.
    let derived = common::select(
        &facts,
        &[
            ("submission", json!("sub-0010")),
            ("method", json!("derived")),
        ],
    );
    assert_eq!(derived.len(), 1);
    assert_eq!(
        (derived[0]["metric"].clone(), derived[0]["value"].clone()),
        (json!("director.age"), json!(57))
    );
    // The approximate figure is flagged so, never compared as exact.
    let approx = facts
        .iter()
        .find(|f| f["quote"] == "服务企业四百余家")
        .unwrap();
    assert_eq!(approx["approx"], true);
}

/// Named facts with their evidence: a figure from a DOCX table cell, one from the GBK text file,
/// one from a PDF page, one from a PDF line that wraps.
#[test]
fn named_facts_with_their_evidence() {
    let facts = common::jsonl(demo_out(), "facts");
    let one = |sub: &str, doc: &str, metric: &str| -> &Value {
        let hits = common::select(
            &facts,
            &[
                ("submission", json!(sub)),
                ("document", json!(doc)),
                ("metric", json!(metric)),
            ],
        );
        assert!(!hits.is_empty(), "{sub} {doc} {metric}: no fact");
        hits[0]
    };
    // DOCX table cell: 人员情况表, row 博士.
    let phd = one("sub-0001", "申报书.docx", "staff.phd");
    assert_eq!(
        (
            phd["value"].clone(),
            phd["page"].clone(),
            phd["method"].clone()
        ),
        (json!(14), Value::Null, json!("table"))
    );
    // GBK text file.
    let staff = one("sub-0002", "2025年度运行情况表.txt", "staff.total");
    assert_eq!(
        (staff["value"].clone(), staff["quote"].clone()),
        (json!(48), json!("年末从业人员48人"))
    );
    // PDF, page 2, money in 亿元 → CNY yuan.
    let rev = one(
        "sub-0001",
        "附件/2025年度运行情况表.pdf",
        "revenue.service_annual",
    );
    assert_eq!(
        (rev["value"].clone(), rev["page"].clone()),
        (json!(15_000_000), json!(2))
    );
    assert_eq!(rev["quote"], "全年技术服务收入\n0.15 亿元");
    let equip = one(
        "sub-0001",
        "附件/2025年度运行情况表.pdf",
        "equipment.original_value",
    );
    assert_eq!(
        (equip["value"].clone(), equip["quote"].clone()),
        (json!(12_500_000), json!("仪器设备原值 1250 万元"))
    );
}

/// Every submission raises exactly its intended findings (rule and severity) and gets its
/// intended verdict; regime, level and variant are told from the documents themselves.
#[test]
fn findings_and_verdicts_equal_the_answer_key() {
    let findings = common::jsonl(demo_out(), "findings");
    let subs = common::jsonl(demo_out(), "submissions");
    for sub in truth() {
        let id = sub["submission"].as_str().unwrap();
        let mut want: Vec<(String, String)> = sub["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().into(),
                    f["severity"].as_str().unwrap().into(),
                )
            })
            .collect();
        let mut got: Vec<(String, String)> = findings
            .iter()
            .filter(|f| f["submission"] == id)
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().into(),
                    f["severity"].as_str().unwrap().into(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{id}");
        let rec = subs.iter().find(|s| s["submission"] == id).unwrap();
        for key in [
            "regime",
            "level",
            "variant",
            "verdict",
            "org_name",
            "credit_code",
        ] {
            assert_eq!(rec[key], sub[key], "{id}: {key}");
        }
    }
}

/// Specific findings with their evidence, as an integrity officer reads them.
#[test]
fn named_findings_with_their_evidence() {
    let findings = common::jsonl(demo_out(), "findings");
    let staff = common::select(
        &findings,
        &[
            ("submission", json!("sub-0002")),
            ("rule", json!("tbp.staff")),
        ],
    );
    assert_eq!(staff.len(), 1);
    let f = staff[0];
    assert_eq!(f["kind"], "threshold_unmet");
    assert_eq!(f["severity"], "fail");
    assert_eq!(f["article"], "第六条(五)");
    assert_eq!(f["message"], "从业人员 48 人，低于 第六条(五) 要求的 50 人");
    assert!(
        f["evidence"].as_array().unwrap().contains(
            &json!({"document": "申报书.pdf", "page": 2, "quote": "目前从业人员共计 48 人"})
        ),
        "{f}"
    );
    assert!(f["evidence"].as_array().unwrap().contains(&json!({"document": "2025年度运行情况表.txt", "page": null, "quote": "年末从业人员48人"})), "{f}");

    let inc = common::select(
        &findings,
        &[
            ("submission", json!("sub-0005")),
            ("kind", json!("inconsistent_value")),
        ],
    );
    assert_eq!(inc.len(), 1);
    let ev = inc[0]["evidence"].as_array().unwrap();
    assert!(
        ev.contains(
            &json!({"document": "申报书.docx", "page": null, "quote": "仪器设备原值1,860万元"})
        ),
        "{ev:?}"
    );
    assert!(
        ev.iter().any(|e| e["document"] == "2025年度运行情况表.pdf"
            && e["page"] == 2
            && squeeze(e["quote"].as_str().unwrap()).contains("1,420万元")),
        "{ev:?}"
    );

    let missing = common::select(
        &findings,
        &[
            ("submission", json!("sub-0004")),
            ("rule", json!("tbp.projects")),
        ],
    );
    assert_eq!(
        (missing[0]["kind"].clone(), missing[0]["severity"].clone()),
        // A required figure not found is for the officer to check or ask for: never a fail.
        (json!("threshold_missing"), json!("warn"))
    );

    for (a, b) in [("sub-0015", "sub-0016"), ("sub-0016", "sub-0015")] {
        let dup = common::select(
            &findings,
            &[("submission", json!(a)), ("kind", json!("duplicate_text"))],
        );
        assert_eq!(dup.len(), 1, "{a}");
        let subs: Vec<&Value> = dup[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["submission"])
            .collect();
        assert!(
            subs.contains(&&json!(a)) && subs.contains(&&json!(b)),
            "{a}: both passages in the evidence"
        );
        assert!(
            dup[0]["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["quote"].as_str().unwrap().contains("四阶闭环"))
        );
    }
}

/// The PDF extractor reads what Word-processing text says: every demo PDF yields the same
/// (metric, value) facts as the DOCX it was exported from (corpora/demo-sources/).
#[test]
fn pdf_facts_equal_their_source_docx_facts() {
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources");
    common::run(&common::root().join("corpora/demo-sources"), &sources, &[]);
    let from_docx = common::jsonl(&sources, "facts");
    let from_pdf = common::jsonl(demo_out(), "facts");
    let key = |f: &Value| format!("{} {}", f["metric"].as_str().unwrap(), f["value"]);
    let mut compared = 0;
    for sub in fs::read_dir(common::root().join("corpora/demo-sources")).unwrap() {
        let sub = sub.unwrap().file_name().to_string_lossy().into_owned();
        let docs: std::collections::BTreeSet<String> = from_docx
            .iter()
            .filter(|f| f["submission"] == sub.as_str())
            .map(|f| f["document"].as_str().unwrap().to_string())
            .collect();
        for docx in docs {
            let pdf = format!("{}.pdf", docx.trim_end_matches(".docx"));
            let side = |facts: &[Value], doc: &str| {
                let mut v: Vec<String> = facts
                    .iter()
                    .filter(|f| {
                        f["submission"] == sub.as_str()
                            && f["document"] == doc
                            && f["method"] != "derived"
                    })
                    .map(key)
                    .collect();
                v.sort();
                v
            };
            let (a, b) = (side(&from_docx, &docx), side(&from_pdf, &pdf));
            assert!(!a.is_empty(), "{sub}/{docx}: no facts");
            assert_eq!(b, a, "{sub}: {pdf} vs its source {docx}");
            compared += 1;
        }
    }
    assert_eq!(compared, 11, "every demo PDF compared");
}

/// Golden files: `tests/golden/facts/<submission>/<document>.jsonl` hold every fact of each
/// demo document exactly as `facts.jsonl` writes it (reviewed by eye; their correctness against
/// the answer key is `facts_equal_the_answer_key`). Any change shows up as a diff here.
/// `INTAKE_BLESS=1 cargo test -p intake-cli --test e2e_demo golden` rewrites them.
#[test]
fn facts_equal_the_golden_file_of_each_document() {
    let facts = fs::read_to_string(demo_out().join("facts.jsonl")).unwrap();
    let mut by_doc: std::collections::BTreeMap<(String, String), String> = Default::default();
    for line in facts.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let key = (
            v["submission"].as_str().unwrap().to_string(),
            v["document"].as_str().unwrap().to_string(),
        );
        let text = by_doc.entry(key).or_default();
        text.push_str(line);
        text.push('\n');
    }
    let golden = common::root().join("tests/golden/facts");
    let bless = std::env::var_os("INTAKE_BLESS").is_some();
    for ((sub, doc), text) in &by_doc {
        let path = golden.join(sub).join(format!("{doc}.jsonl"));
        if bless {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        }
        let want = fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no golden file {}", path.display()));
        assert!(
            want == *text,
            "{sub}/{doc}: facts differ from {}",
            path.display()
        );
    }
    let mut files = Vec::new();
    list(&golden, "", &mut files);
    assert_eq!(
        files.len(),
        by_doc.len(),
        "a golden file for a document that has no facts any more"
    );
}

#[test]
fn every_demo_file_is_listed() {
    let subs = common::jsonl(demo_out(), "submissions");
    let batch = common::root().join("corpora/demo");
    for sub in fs::read_dir(&batch).unwrap() {
        let sub = sub.unwrap();
        let id = sub.file_name().to_string_lossy().into_owned();
        let rec = subs
            .iter()
            .find(|s| s["submission"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} missing"));
        let mut on_disk = Vec::new();
        list(&sub.path(), "", &mut on_disk);
        let mut listed: Vec<String> = rec["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["document"].as_str().unwrap().to_string())
            .collect();
        on_disk.sort();
        listed.sort();
        assert_eq!(on_disk, listed, "{id}");
    }
    let _ = (json!(null), Value::Null);
}

fn list(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = format!("{prefix}{}", e.file_name().to_string_lossy());
        if e.file_type().unwrap().is_dir() {
            list(&e.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

/// report.html's batch summary says what the JSONL files say: the three totals, and every bar of
/// the four charts (submissions by regime and verdict, findings by kind and severity), both as
/// rendered in the page and in the JSON block its script reads. Zero-height bars are allowed only
/// where the JSONL has none.
#[test]
fn report_summary_counts_equal_the_jsonl_files() {
    use std::collections::{BTreeMap, BTreeSet};

    let out = demo_out();
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let (subs, facts, findings) = (
        common::jsonl(out, "submissions"),
        common::jsonl(out, "facts"),
        common::jsonl(out, "findings"),
    );
    // (chart, id) → count, from the JSONL files; a null regime is the empty id.
    let mut want: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut add = |chart: &str, v: &Value| {
        let id = v.as_str().unwrap_or("").to_string();
        *want.entry((chart.to_string(), id)).or_default() += 1;
    };
    for s in &subs {
        add("regime", &s["regime"]);
        add("verdict", &s["verdict"]);
    }
    for f in &findings {
        add("kind", &f["kind"]);
        add("severity", &f["severity"]);
    }
    let charts: BTreeSet<&str> = want.keys().map(|(c, _)| c.as_str()).collect();
    assert_eq!(charts.len(), 4, "the demo has submissions and findings");

    // The rendered totals: <div class="total"><b>N</b><span>LABEL</span></div>.
    let total = |label: &str| -> u64 {
        let at = html
            .find(&format!("</b><span>{label}</span>"))
            .unwrap_or_else(|| panic!("no total {label}"));
        let start = html[..at].rfind("<b>").unwrap() + 3;
        html[start..at].parse().unwrap()
    };
    assert_eq!(total("申报"), subs.len() as u64);
    assert_eq!(total("提取指标"), facts.len() as u64);
    assert_eq!(total("发现问题"), findings.len() as u64);

    // The rendered bars: data-filter, data-id, data-n and the number shown.
    let attr = |s: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        let at = s.find(&key).unwrap_or_else(|| panic!("no {name} in {s}")) + key.len();
        s[at..at + s[at..].find('"').unwrap()].to_string()
    };
    let mut shown: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in html.split("<div class=\"bar-row\" ").skip(1) {
        let row = &row[..row.find("</div>").unwrap()];
        let n = attr(row, "data-n");
        let text = &row[row.find("data-n=").unwrap()..];
        assert!(
            text.contains(&format!("\">{n}</span>")),
            "bar shows another number than data-n: {row}"
        );
        let key = (attr(row, "data-filter"), attr(row, "data-id"));
        assert!(shown.insert(key, n.parse().unwrap()).is_none(), "{row}");
    }
    shown.retain(|_, n| *n > 0);
    assert_eq!(shown, want, "rendered bars");

    // The JSON block the page's script reads for its filters.
    let start = html
        .find("<script type=\"application/json\" id=\"intake-data\">")
        .unwrap();
    let body = &html[html[start..].find('>').unwrap() + start + 1..];
    let data: Value = serde_json::from_str(&body[..body.find("</script>").unwrap()]).unwrap();
    let summary = &data["summary"];
    assert_eq!(summary["submissions"], subs.len());
    assert_eq!(summary["facts"], facts.len());
    assert_eq!(summary["findings"], findings.len());
    let mut embedded: BTreeMap<(String, String), u64> = BTreeMap::new();
    for chart in ["regime", "verdict", "kind", "severity"] {
        for c in summary[format!("by_{chart}")].as_array().unwrap() {
            let id = c["id"].as_str().unwrap_or("").to_string();
            let n = c["n"].as_u64().unwrap();
            assert!(embedded.insert((chart.into(), id), n).is_none(), "{c}");
        }
    }
    embedded.retain(|_, n| *n > 0);
    assert_eq!(embedded, want, "embedded summary");
}

/// Re-uploaded applications (issue 23): demo submissions 15 and 16, which share a passage, each
/// handed in several times under new folder names, beside two others. Any thread count gives
/// the same bytes, and each copy has one copied-text finding naming every copy of the other.
#[test]
fn reuploaded_copies_give_identical_bytes_and_one_finding_per_copy() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    let demo = common::root().join("corpora/demo");
    for (from, to) in [
        ("sub-0015", "a-1"),
        ("sub-0015", "a-2"),
        ("sub-0015", "a-3"),
        ("sub-0016", "b-1"),
        ("sub-0016", "b-2"),
        ("sub-0001", "c-1"),
        ("sub-0002", "d-1"),
    ] {
        common::copy_dir(&demo.join(from), &batch.join(to));
    }
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    common::run(&batch, &one, &["--jobs", "1"]);
    common::run(&batch, &two, &["--jobs", "2"]);
    same_at_both_jobs(&one, &two);
    let findings = common::jsonl(&one, "findings");
    let copied = common::select(&findings, &[("kind", json!("duplicate_text"))]);
    let who: Vec<&str> = copied
        .iter()
        .map(|f| f["submission"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["a-1", "a-2", "a-3", "b-1", "b-2"], "{copied:#?}");
    let message = copied[0]["message"].as_str().unwrap();
    assert!(
        message.contains("申报 b-1及另外 1 份含相同文字的申报（b-2）"),
        "{message}"
    );
    let message = copied[3]["message"].as_str().unwrap();
    assert!(
        message.contains("申报 a-1及另外 2 份含相同文字的申报（a-2、a-3）"),
        "{message}"
    );
}
