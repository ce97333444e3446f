//! Bench: the desk's work queue over 10,000 findings (a generated OUT: 2,500 submissions of four
//! findings each, 1,000 of them decided through `POST /decide`) pages in under 200 ms a page.
//! Prints the time of each page (best of three). Run it with
//! `cargo test -p intake-cli --release --test e2e_queue_bench -- --nocapture`.

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::http;

const SUBMISSIONS: usize = 2_500;
const PER_SUBMISSION: usize = 4;
/// The bound the issue sets for one page.
const BOUND: Duration = Duration::from_millis(200);

fn generate(out: &std::path::Path) {
    std::fs::create_dir_all(out).unwrap();
    let (mut subs, mut findings) = (String::new(), String::new());
    let kinds = [
        ("threshold_unmet", "fail", "tbp.staff"),
        ("inconsistent_value", "warn", "integrity.inconsistent_value"),
        ("suspicious_pattern", "warn", "integrity.suspicious_pattern"),
        ("date_implausible", "info", "integrity.date_implausible"),
    ];
    for s in 0..SUBMISSIONS {
        let id = format!("sub-{s:05}");
        writeln!(
            subs,
            r#"{{"submission":"{id}","regime":"tech-base-platform","level":null,"variant":null,"org_name":"第{s}号测试科技有限公司","credit_code":null,"verdict":"fail","documents":[]}}"#
        )
        .unwrap();
        for (k, (kind, sev, rule)) in kinds.iter().enumerate().take(PER_SUBMISSION) {
            writeln!(
                findings,
                r#"{{"submission":"{id}","regime":"tech-base-platform","rule":"{rule}","kind":"{kind}","severity":"{sev}","metric":"staff.total","message":"从业人员 {s} 人，第 {k} 处问题","evidence":[{{"document":"申报书.pdf","page":{p},"quote":"从业人员共计{s}人（第{k}处）"}}]}}"#,
                p = k + 1
            )
            .unwrap();
        }
    }
    std::fs::write(out.join("submissions.jsonl"), subs).unwrap();
    std::fs::write(out.join("findings.jsonl"), findings).unwrap();
}

/// The best of three GETs of `path`, checking each answers 200 with `want` in it.
fn time(port: u16, path: &str, want: &str) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let r = http::get(port, path);
            let took = t.elapsed();
            assert_eq!(r.status, 200, "{path}");
            assert!(r.body.contains(want), "{path}: no {want:?}");
            took
        })
        .min()
        .unwrap()
}

#[test]
fn a_queue_of_ten_thousand_findings_pages_in_under_200_ms() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, batch) = (tmp.path().join("out"), tmp.path().join("batch"));
    std::fs::create_dir_all(&batch).unwrap();
    generate(&out);
    let server = http::serve(&out, &batch, &["--reviewer", "基准"], &[]);
    // Decide on the first finding of 1,000 submissions (every third: confirmed, dismissed, ask).
    let started = Instant::now();
    for s in 0..1_000 {
        let page = http::get(server.port, &format!("/desk/sub-{s:05}"));
        let f = &http::finding_forms(&page.body)[0];
        let status = ["confirmed", "dismissed", "ask"][s % 3];
        let r = http::post(
            server.port,
            "/decide",
            &[
                ("token", &f.token),
                ("fp", &f.fp),
                ("prev", ""),
                ("note", "基准"),
                ("status", status),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(r.status, 303, "{}", r.body);
    }
    eprintln!(
        "bench: 1,000 decisions through POST /decide in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let total = SUBMISSIONS * PER_SUBMISSION;
    let open = total - 1_000;
    let pages = [
        ("/queue".to_string(), format!("共 {open} 条 · 第 1/")),
        ("/queue?page=90".to_string(), "第 90/".to_string()),
        ("/queue?page=180".to_string(), "第 180/".to_string()),
        (
            "/queue?status=all&page=200".to_string(),
            format!("共 {total} 条 · 第 200/200 页"),
        ),
        (
            "/queue?status=confirmed&page=3".to_string(),
            "共 334 条 · 第 3/7 页".to_string(),
        ),
        (
            "/queue?kind=suspicious_pattern&page=40".to_string(),
            "第 40/50 页".to_string(),
        ),
        (
            "/queue?reviewer=%E5%9F%BA%E5%87%86&status=all".to_string(),
            "共 1000 条".to_string(),
        ),
    ];
    let mut worst = Duration::ZERO;
    for (path, want) in &pages {
        let took = time(server.port, path, want);
        eprintln!("bench: GET {path:<45} {:>7.1} ms", took.as_secs_f64() * 1e3);
        worst = worst.max(took);
    }
    eprintln!(
        "bench: {total} findings, worst page {:.1} ms (bound {} ms)",
        worst.as_secs_f64() * 1e3,
        BOUND.as_millis()
    );
    assert!(worst < BOUND, "a queue page took {worst:?}");
}
