//! The integrity officer's desk end to end: decisions made through `intake serve` (POST with the
//! server's token), carried to a re-run by fingerprint, exported as CSV/JSONL; a cross-site POST
//! changes nothing; a server killed in the middle of a decision leaves the previous state.

mod common;

use std::path::Path;
use std::process::Command;

use common::http::{self, FindingForm, finding_forms};
use serde_json::Value;

/// In the demo batch: a finding quoting a TXT document of its own submission (`gone`: the
/// re-run's batch lacks that TXT) and a finding of another submission, quoting no TXT (`kept`).
struct Pick {
    gone_sub: String,
    txt: String,
    kept_sub: String,
}

fn pick(out: &Path) -> Pick {
    let findings = common::jsonl(out, "findings");
    let evidence = |f: &Value| f["evidence"].as_array().unwrap().clone();
    let own_txt = |f: &Value| {
        evidence(f)
            .iter()
            .find(|e| {
                e["submission"].is_null() && e["document"].as_str().unwrap().ends_with(".txt")
            })
            .map(|e| e["document"].as_str().unwrap().to_string())
    };
    let gone = findings
        .iter()
        .find(|f| own_txt(f).is_some())
        .expect("a demo finding quoting a TXT");
    let gone_sub = gone["submission"].as_str().unwrap().to_string();
    let kept = findings
        .iter()
        .find(|f| {
            f["submission"] != gone_sub.as_str()
                && !evidence(f).is_empty()
                && evidence(f)
                    .iter()
                    .all(|e| !e["document"].as_str().unwrap().ends_with(".txt"))
                && evidence(f).iter().all(|e| e["submission"].is_null())
        })
        .expect("a demo finding quoting no TXT");
    Pick {
        txt: own_txt(gone).unwrap(),
        gone_sub,
        kept_sub: kept["submission"].as_str().unwrap().to_string(),
    }
}

fn intake(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .output()
        .unwrap()
}

fn decisions(out: &Path, format: &str) -> Vec<u8> {
    let o = intake(&["decisions", out.to_str().unwrap(), "--format", format]);
    assert!(
        o.status.success(),
        "intake decisions: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

fn rows(out: &Path) -> Vec<Value> {
    String::from_utf8(decisions(out, "jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn decide(port: u16, f: &FindingForm, status: &str, note: &str, who: &str) -> http::Reply {
    http::post(
        port,
        "/decide",
        &[
            ("token", &f.token),
            ("fp", &f.fp),
            ("prev", &f.prev),
            ("reviewer", who),
            ("note", note),
            ("status", status),
        ],
        &[],
    )
    .unwrap()
}

#[test]
fn decisions_carry_to_a_rerun_and_export_as_excel_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = common::root().join("corpora/demo");
    let (out1, out2) = (tmp.path().join("out1"), tmp.path().join("out2"));
    common::run(&demo, &out1, &[]);
    let p = pick(&out1);
    let server = http::serve(&out1, &demo, &[], &[]);
    // Serving alone creates no database.
    assert!(!out1.join("decisions.sqlite").exists());
    let first = |sub: &str| {
        let page = http::get(server.port, &format!("/desk/{sub}"));
        assert_eq!(page.status, 200);
        finding_forms(&page.body).remove(0)
    };
    let (kept, gone) = (first(&p.kept_sub), first(&p.gone_sub));
    assert!(gone.html.contains(&p.txt), "{}", gone.html);
    let r = decide(
        server.port,
        &kept,
        "confirmed",
        "核实：数字与台账不符, \"见附件\"",
        "王审查",
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(
        r.head
            .contains(&format!("location: /desk/{}#f-{}", p.kept_sub, kept.fp))
    );
    assert_eq!(
        decide(server.port, &gone, "dismissed", "误报", "李审查").status,
        303
    );
    // A page drawn before a change cannot overwrite it (409 names who changed it).
    let stale = decide(server.port, &gone, "ask", "", "王审查");
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("李审查"), "{}", stale.body);
    let now =
        |sub: &str| finding_forms(&http::get(server.port, &format!("/desk/{sub}")).body).remove(0);
    assert_eq!(now(&p.kept_sub).status, "confirmed");
    assert_eq!(now(&p.gone_sub).status, "dismissed");
    assert!(now(&p.kept_sub).html.contains("王审查 · 待处理 → 属实"));
    drop(server);

    // The new batch: the same submissions, the TXT of the picked one removed.
    let new = tmp.path().join("batch2");
    common::copy_dir(&demo, &new);
    std::fs::remove_file(new.join(&p.gone_sub).join(&p.txt)).unwrap();
    let db1 = out1.join("decisions.sqlite");
    common::run(&new, &out2, &["--decisions", db1.to_str().unwrap()]);
    assert!(out2.join("decisions.sqlite").is_file());
    let got = rows(&out2);
    let row = |fp: &str| got.iter().find(|r| r["fingerprint"] == fp).cloned();
    let k = row(&kept.fp).expect("the kept finding is exported");
    assert_eq!(k["status"], "confirmed");
    assert_eq!(k["note"], "核实：数字与台账不符, \"见附件\"");
    assert_eq!(k["reviewer"], "王审查");
    let g = row(&gone.fp).expect("the vanished finding is exported");
    assert_eq!(g["status"], "resolved", "{g}");
    assert_eq!(g["reviewer"], "intake run");
    // Every other finding of OUT2 is open, and OUT1's database is untouched.
    assert!(
        got.iter()
            .filter(|r| r["fingerprint"] != kept.fp && r["fingerprint"] != gone.fp)
            .all(|r| r["status"] == "open")
    );
    assert_eq!(
        rows(&out1).iter().filter(|r| r["status"] != "open").count(),
        2
    );

    // CSV: UTF-8 with BOM, a Chinese header, the note quoted as RFC 4180 says.
    let csv = decisions(&out2, "csv");
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with(
        "申报编号,申报单位,问题类型,规则,严重程度,问题,处理状态,备注,审查人,处理时间,指纹\r\n"
    ));
    assert!(text.contains(",属实,\"核实：数字与台账不符, \"\"见附件\"\"\",王审查,"));
    assert!(text.contains(",已消除,误报,intake run,"));
    assert_eq!(text.matches("\r\n").count(), got.len() + 1);

    // Re-running into OUT2 itself keeps its decisions (OUT is replaced, its database is not lost).
    common::run(&new, &out2, &[]);
    let again = rows(&out2);
    assert_eq!(
        again.iter().find(|r| r["fingerprint"] == kept.fp).unwrap()["status"],
        "confirmed"
    );
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("decisions-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_cross_site_post_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = common::root().join("corpora/demo");
    let out = tmp.path().join("out");
    common::run(&demo, &out, &[]);
    let p = pick(&out);
    let server = http::serve(&out, &demo, &[], &[]);
    let forms = finding_forms(&http::get(server.port, &format!("/desk/{}", p.kept_sub)).body);
    let f = &forms[0];
    let form = |token: &str| {
        vec![
            ("token", token.to_string()),
            ("fp", f.fp.clone()),
            ("prev", String::new()),
            ("reviewer", "攻击者".to_string()),
            ("note", "x".to_string()),
            ("status", "dismissed".to_string()),
        ]
    };
    let send = |token: &str, headers: &[(&str, &str)]| {
        let owned = form(token);
        let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        http::post(server.port, "/decide", &fields, headers).unwrap()
    };
    // What a form on another site can send: no token, or a guessed one, from another origin.
    for (token, headers) in [
        ("", vec![("Origin", "http://evil.example")]),
        ("", vec![]),
        (
            "00000000000000000000000000000000",
            vec![("Sec-Fetch-Site", "cross-site")],
        ),
        (f.token.as_str(), vec![("Origin", "http://evil.example")]),
        (f.token.as_str(), vec![("Sec-Fetch-Site", "cross-site")]),
    ] {
        let r = send(token, &headers);
        assert_eq!(r.status, 403, "token {token:?} {headers:?}: {}", r.body);
    }
    // A GET never changes anything either.
    let r = http::get(
        server.port,
        &format!("/decide?token={}&fp={}&status=dismissed", f.token, f.fp),
    );
    assert!(r.status == 405 || r.status == 404, "{}", r.status);
    assert!(
        !out.join("decisions.sqlite").exists(),
        "a refused request created the database"
    );
    let page = http::get(server.port, &format!("/desk/{}", p.kept_sub));
    assert!(finding_forms(&page.body).iter().all(|f| f.status == "open"));
    // The same form with the token, from this server's own page, is accepted.
    assert_eq!(
        send(
            &f.token,
            &[("Origin", &format!("http://127.0.0.1:{}", server.port))]
        )
        .status,
        303
    );
}

#[test]
fn sigkill_during_a_decision_leaves_the_previous_state() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = common::root().join("corpora/demo");
    let out = tmp.path().join("out");
    common::run(&demo, &out, &[]);
    let p = pick(&out);
    let fp = {
        let server = http::serve(&out, &demo, &[], &[]);
        let f = finding_forms(&http::get(server.port, &format!("/desk/{}", p.kept_sub)).body)[0]
            .clone();
        assert_eq!(
            decide(server.port, &f, "confirmed", "第一次", "王审查").status,
            303
        );
        f.fp
    };
    // A server that dies by SIGKILL after writing the next decision and before committing it.
    let mut server = http::serve(&out, &demo, &[], &[("INTAKE_FAULT", "decide:uncommitted")]);
    let f = finding_forms(&http::get(server.port, &format!("/desk/{}", p.kept_sub)).body)
        .into_iter()
        .find(|f| f.fp == fp)
        .unwrap();
    assert_eq!(f.status, "confirmed");
    let r = http::post(
        server.port,
        "/decide",
        &[
            ("token", &f.token),
            ("fp", &f.fp),
            ("prev", &f.prev),
            ("reviewer", "李审查"),
            ("note", "第二次"),
            ("status", "dismissed"),
        ],
        &[],
    );
    assert!(r.is_err(), "the server answered {}", r.unwrap().status);
    let status = server.child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt as _;
    assert_eq!(status.signal(), Some(9), "{status:?}");
    // The database opens and holds the state before the killed write, history intact.
    let got = rows(&out);
    let r = got.iter().find(|r| r["fingerprint"] == fp).unwrap();
    assert_eq!(
        (r["status"].as_str(), r["note"].as_str()),
        (Some("confirmed"), Some("第一次"))
    );
    let server = http::serve(&out, &demo, &[], &[]);
    let page = http::get(server.port, &format!("/desk/{}", p.kept_sub)).body;
    let f = finding_forms(&page)
        .into_iter()
        .find(|f| f.fp == fp)
        .unwrap();
    assert_eq!(f.html.matches("<li>").count(), 1, "{}", f.html);
    // And it takes the next decision.
    assert_eq!(
        decide(server.port, &f, "dismissed", "第二次", "李审查").status,
        303
    );
}
