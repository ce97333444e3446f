//! The command line as an intake officer meets it (issue 24): help, errors, progress and
//! summaries in Chinese, and in English under `LANG=en_US.UTF-8`; the exit status of each
//! mistake; batch.json's counts; `intake metrics`; query and filter mistakes explained; page
//! headers in `extract`; and a closed pipe ending a command quietly.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "en_US.UTF-8";

/// `intake ARGS` under the locale `lang` (LC_ALL and LC_MESSAGES cleared so LANG decides).
fn intake(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Asserts the exit status and that stderr holds every one of `wanted`.
fn expect(o: &Output, code: i32, wanted: &[&str]) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "stderr: {err}\nstdout: {}",
        stdout(o)
    );
    for w in wanted {
        assert!(err.contains(w), "stderr lacks {w:?}: {err}");
    }
}

/// The demo batch run once per test process, in Chinese with stderr a pipe (so the progress is
/// plain lines): (OUT, the run's stderr).
fn demo() -> &'static (PathBuf, String) {
    static OUT: OnceLock<(PathBuf, String)> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("out");
        let batch = common::root().join("corpora/demo");
        let o = intake(
            ZH,
            &[
                "run",
                batch.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        expect(&o, 0, &[]);
        (out, stderr(&o))
    })
}

fn out_arg() -> &'static str {
    demo().0.to_str().unwrap()
}

fn batch_json(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).unwrap()).unwrap()
}

#[test]
fn help_speaks_chinese_with_an_example_per_command_and_english_on_request() {
    let top = intake(ZH, &["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let text = stdout(&top);
    for w in [
        "用法：",
        "命令",
        "选项",
        "显示帮助",
        "serve",
        "export",
        "metrics",
        "示例：",
    ] {
        assert!(text.contains(w), "intake --help lacks {w:?}: {text}");
    }
    assert!(
        text.contains("在浏览器中查看") && text.contains("导出到 OpenSearch"),
        "{text}"
    );
    let en = stdout(&intake(EN, &["--help"]));
    for w in [
        "Usage:",
        "Commands",
        "Print help",
        "Examples:",
        "serve",
        "export",
    ] {
        assert!(en.contains(w), "English help lacks {w:?}: {en}");
    }
    assert!(!en.contains("用法"), "{en}");
    for sub in [
        "run", "extract", "search", "export", "rules", "metrics", "serve",
    ] {
        let zh = intake(ZH, &[sub, "--help"]);
        assert_eq!(zh.status.code(), Some(0), "{sub}");
        let zh = stdout(&zh);
        assert!(
            zh.contains("示例") && zh.contains(&format!("intake {sub}")),
            "{sub}: {zh}"
        );
        assert!(
            zh.contains("显示帮助") && !zh.contains("Print help"),
            "{sub}: {zh}"
        );
        let en = stdout(&intake(EN, &[sub, "--help"]));
        assert!(
            en.contains("Example") && en.contains("Print help"),
            "{sub}: {en}"
        );
    }
    // `intake help run` is `intake run --help`.
    let h = intake(ZH, &["help", "run"]);
    assert_eq!(h.status.code(), Some(0));
    assert!(stdout(&h).contains("--doc-timeout"), "{}", stdout(&h));
}

#[test]
fn argument_mistakes_are_explained_with_exit_2() {
    expect(
        &intake(ZH, &["nosuch"]),
        2,
        &["没有 nosuch 这个命令", "intake --help"],
    );
    expect(
        &intake(EN, &["nosuch"]),
        2,
        &["no command nosuch", "intake --help"],
    );
    expect(&intake(ZH, &["serch"]), 2, &["您是不是想用", "search？"]);
    expect(
        &intake(ZH, &["run", "x", "--out", "y", "--bogus"]),
        2,
        &["不认识的参数 --bogus", "intake run --help"],
    );
    expect(
        &intake(EN, &["run", "x", "--out", "y", "--bogus"]),
        2,
        &["unexpected argument --bogus"],
    );
    expect(&intake(ZH, &["run", "x"]), 2, &["缺少必需的参数", "--out"]);
    expect(
        &intake(ZH, &["run", "x", "--out", "y", "--jobs", "0"]),
        2,
        &["参数 --jobs", "无效"],
    );
    expect(
        &intake(ZH, &["export", "x", "--format", "csv"]),
        2,
        &["csv", "可选值：opensearch"],
    );
    let missing = intake(ZH, &["run", "/nonexistent/batch", "--out", "/tmp/never"]);
    expect(
        &missing,
        2,
        &["intake：批次目录 /nonexistent/batch 不存在或不是目录"],
    );
    let missing = intake(EN, &["run", "/nonexistent/batch", "--out", "/tmp/never"]);
    expect(
        &missing,
        2,
        &["intake: batch folder /nonexistent/batch does not exist"],
    );
}

/// Stderr is a pipe here, as under `| tee log`: progress comes as plain lines while the batch
/// runs — the start, several reading lines with growing counts, one per phase — then the
/// summary; never a bar's carriage returns.
#[test]
fn a_piped_run_prints_periodic_progress_lines_and_a_full_summary() {
    let (out, err) = demo();
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}'),
        "control characters: {err:?}"
    );
    assert!(
        err.contains("intake：开始处理") && err.contains("19 份申报"),
        "{err}"
    );
    let reading: Vec<u64> = err
        .lines()
        .filter(|l| l.contains("读取文档：申报 "))
        .map(|l| {
            let n = l.split("读取文档：申报 ").nth(1).unwrap();
            n.split('/').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(reading.len() >= 5, "too few progress lines: {err}");
    assert!(reading.windows(2).all(|w| w[0] <= w[1]), "{reading:?}");
    assert_eq!(reading.last(), Some(&19), "{err}");
    for w in [
        "跨申报核查……",
        "写出结果……",
        "文件/秒",
        "不通过",
        "无法读取",
    ] {
        assert!(err.contains(w), "stderr lacks {w:?}: {err}");
    }
    // The summary holds every count of batch.json.
    let b = batch_json(out);
    let summary = err.lines().last().unwrap();
    let n = |v: &Value| v.as_u64().unwrap().to_string();
    for (count, unit) in [
        (&b["submissions"], " 份申报"),
        (&b["documents"], " 个文件"),
        (&b["unreadable"], " 个无法读取"),
        (&b["facts"], " 条数据"),
        (&b["findings"]["fail"], " 项不通过"),
        (&b["findings"]["warn"], " 项警告"),
        (&b["verdicts"]["pass"], " 份通过"),
        (&b["verdicts"]["review"], " 份待复核"),
        (&b["verdicts"]["fail"], " 份不通过"),
    ] {
        let phrase = format!("{}{unit}", n(count));
        assert!(
            summary.contains(&phrase),
            "summary lacks {phrase:?}: {summary}"
        );
    }
    assert!(summary.contains(" 秒 → "), "{summary}");
}

#[test]
fn english_run_speaks_english() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    common::copy_dir(
        &common::root().join("corpora/demo/sub-0001"),
        &batch.join("sub-0001"),
    );
    let out = dir.path().join("out");
    let o = intake(
        EN,
        &[
            "run",
            batch.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    expect(
        &o,
        0,
        &[
            "intake: processing",
            "reading documents: submissions 1/1 (100%)",
            "checks across submissions…",
            "writing results…",
            "1 submissions,",
            "verdicts:",
        ],
    );
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || "，。：；（）".contains(c);
    assert!(!stderr(&o).chars().any(cjk), "{}", stderr(&o));
    let q = intake(
        EN,
        &[
            "run",
            batch.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    expect(&q, 0, &[]);
    assert!(q.stderr.is_empty(), "--quiet printed: {}", stderr(&q));
}

#[test]
fn batch_json_holds_every_count_and_the_time_per_stage() {
    let out = &demo().0;
    let b = batch_json(out);
    let findings = common::jsonl(out, "findings");
    let subs = common::jsonl(out, "submissions");
    let facts = common::jsonl(out, "facts");
    assert_eq!(b["submissions"], subs.len());
    assert_eq!(b["facts"], facts.len());
    let docs: usize = subs
        .iter()
        .map(|s| s["documents"].as_array().unwrap().len())
        .sum();
    assert_eq!(b["documents"], docs);
    let status = |st: &str| {
        subs.iter()
            .flat_map(|s| s["documents"].as_array().unwrap())
            .filter(|d| d["status"] == st)
            .count()
    };
    assert_eq!(b["unreadable"], status("unreadable"));
    assert_eq!(b["skipped"], status("skipped"));
    for sev in ["fail", "warn", "info"] {
        let n = findings.iter().filter(|f| f["severity"] == sev).count();
        assert_eq!(b["findings"][sev], n, "{sev}");
    }
    let by_kind = b["findings"]["by_kind"].as_object().unwrap();
    assert_eq!(
        by_kind.values().map(|v| v.as_u64().unwrap()).sum::<u64>(),
        findings.len() as u64
    );
    for (kind, n) in by_kind {
        assert_eq!(
            findings
                .iter()
                .filter(|f| f["kind"] == kind.as_str())
                .count() as u64,
            n.as_u64().unwrap()
        );
    }
    for v in ["pass", "review", "fail"] {
        assert_eq!(
            b["verdicts"][v],
            subs.iter().filter(|s| s["verdict"] == v).count(),
            "{v}"
        );
    }
    let t = &b["timing"];
    assert!(t["seconds"].as_f64().unwrap() > 0.0, "{t}");
    let phases = ["read", "batch_checks", "write"].map(|p| t["phases"][p].as_f64().unwrap());
    assert!(phases[0] > 0.0, "{t}");
    assert!(
        phases.iter().sum::<f64>() <= t["seconds"].as_f64().unwrap() + 0.01,
        "{t}"
    );
    for s in ["read", "rules", "integrity", "index", "report"] {
        assert!(t["stages"][s].as_f64().is_some(), "{s}: {t}");
    }
}

#[test]
fn metrics_lists_keys_with_chinese_names_and_units() {
    let o = intake(ZH, &["metrics"]);
    expect(&o, 0, &[]);
    let text = stdout(&o);
    assert!(text.starts_with("指标键"), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("staff.total "))
        .unwrap();
    assert!(
        line.contains("从业人员") && line.contains("人") && line.contains("计数"),
        "{line}"
    );
    let area = text
        .lines()
        .find(|l| l.starts_with("facility.area_m2 "))
        .unwrap();
    assert!(area.contains("平方米"), "{area}");
    assert_eq!(text.lines().count(), 2 + intake_rows());
    let en = stdout(&intake(EN, &["metrics"]));
    assert!(
        en.starts_with("key") && en.contains("CNY yuan") && en.contains("从业人员"),
        "{en}"
    );
    let json = stdout(&intake(ZH, &["metrics", "--json"]));
    let first: Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["key"], "org.name");
    assert_eq!(first["name"], "申报单位名称");
}

/// Rows of metrics.tsv (its header aside).
fn intake_rows() -> usize {
    std::fs::read_to_string(common::root().join("pipelines/metrics.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn query_mistakes_are_explained_with_their_place() {
    let o = intake(ZH, &["search", out_arg(), "\""]);
    expect(
        &o,
        2,
        &["检索式语法错误，第 1 个字符", "引号 \" 没有配对", "    ^"],
    );
    assert!(!stderr(&o).contains("Syntax Error"), "{}", stderr(&o));
    expect(
        &intake(EN, &["search", out_arg(), "\""]),
        2,
        &["query syntax error at character 1", "not closed"],
    );
    expect(
        &intake(ZH, &["search", out_arg(), "边缘计算 OR"]),
        2,
        &["第 6 个字符", "OR 后面缺少检索词"],
    );
    expect(
        &intake(ZH, &["search", out_arg(), "(边缘"]),
        2,
        &["第 1 个字符", "括号 ( 没有配对"],
    );
    expect(
        &intake(ZH, &["search", out_arg(), "floor:3"]),
        2,
        &["没有 floor 这个字段", "intake metrics"],
    );
    let p = intake(ZH, &["search", out_arg(), "，。！？"]);
    expect(&p, 2, &["只有标点符号，没有可检索的字词"]);
    expect(
        &intake(EN, &["search", out_arg(), "，。！？"]),
        2,
        &["only punctuation"],
    );
    // A real query with no hit still says so and exits 0.
    expect(
        &intake(ZH, &["search", out_arg(), "量子引力"]),
        0,
        &["没有结果"],
    );
    expect(
        &intake(EN, &["search", out_arg(), "量子引力"]),
        0,
        &["no hits"],
    );
}

#[test]
fn filters_are_checked_against_the_registry_with_suggestions() {
    let o = intake(ZH, &["search", out_arg(), "", "--regime", "nosuch"]);
    expect(&o, 2, &["没有 nosuch 这个类别", "tech-base-platform"]);
    let o = intake(
        ZH,
        &["search", out_arg(), "", "--regime", "tech-base-platfrom"],
    );
    expect(&o, 2, &["您是不是想用 tech-base-platform？"]);
    expect(
        &intake(EN, &["search", out_arg(), "", "--regime", "nosuch"]),
        2,
        &["unknown regime nosuch"],
    );
    expect(
        &intake(ZH, &["rules", "--regime", "nosuch"]),
        2,
        &["没有 nosuch 这个类别"],
    );
    let o = intake(
        ZH,
        &["search", out_arg(), "", "--where", "floor_area>=1000"],
    );
    expect(
        &o,
        2,
        &[
            "没有 floor_area 这个指标",
            "intake metrics",
            "facility.area_m2（科研（实训）用房面积）",
        ],
    );
    assert!(!stderr(&o).contains("metrics.tsv"), "{}", stderr(&o));
    let o = intake(EN, &["search", out_arg(), "", "--where", "staff.totl>=50"]);
    expect(&o, 2, &["no metric staff.totl", "did you mean staff.total"]);
    expect(
        &intake(
            ZH,
            &["search", out_arg(), "", "--where", "staff.total>=many"],
        ),
        2,
        &["many 不是数值"],
    );
    expect(
        &intake(ZH, &["search", out_arg(), "", "--where", "staff.total"]),
        2,
        &["应写成 指标 比较符 数值"],
    );
    expect(
        &intake(ZH, &["search", out_arg(), "", "--kind", "duplicate"]),
        2,
        &["没有 duplicate 这类问题", "duplicate_text"],
    );
    // A valid filter still runs.
    let ok = intake(
        ZH,
        &[
            "search",
            out_arg(),
            "",
            "--where",
            "staff.total>=1",
            "--limit",
            "1",
        ],
    );
    expect(&ok, 0, &[]);
    assert!(!stdout(&ok).is_empty());
}

#[test]
fn a_missing_index_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    expect(
        &intake(ZH, &["search", d, "边缘"]),
        2,
        &["中没有检索索引", "intake run"],
    );
    expect(
        &intake(EN, &["search", d, "边缘"]),
        2,
        &["no search index in", "intake run"],
    );
    expect(&intake(ZH, &["export", d]), 2, &["中没有检索索引"]);
    let o = intake(ZH, &["search", d, "边缘"]);
    assert!(!stderr(&o).contains("meta.json"), "{}", stderr(&o));
}

#[test]
fn rules_headers_follow_the_language() {
    let zh = stdout(&intake(ZH, &["rules", "--regime", "tech-base-platform"]));
    assert!(
        zh.starts_with("类别") && zh.contains("条款") && zh.contains("硬性"),
        "{zh}"
    );
    let en = stdout(&intake(EN, &["rules", "--regime", "tech-base-platform"]));
    assert!(
        en.starts_with("regime") && en.contains("article") && en.contains("hard"),
        "{en}"
    );
}

#[test]
fn extract_shows_page_headers_and_pages_without_text() {
    let pdf = common::root().join("corpora/demo/sub-0009/申请书.pdf");
    let o = intake(ZH, &["extract", pdf.to_str().unwrap()]);
    expect(&o, 0, &[]);
    let text = stdout(&o);
    assert!(
        text.starts_with("--- 第 1 页 ---\n"),
        "{}",
        &text[..text.len().min(200)]
    );
    assert!(
        text.contains("\n--- 第 2 页 ---\n") && !text.contains('\u{c}'),
        "no page 2 header"
    );
    let en = stdout(&intake(EN, &["extract", pdf.to_str().unwrap()]));
    assert!(en.starts_with("--- page 1 ---\n"));
    let scan = common::root().join("fixtures/hostile/pdf-image-only.pdf");
    let o = intake(ZH, &["extract", scan.to_str().unwrap()]);
    expect(&o, 0, &[]);
    assert!(
        stdout(&o).contains("--- 第 1 页 ---\n（本页没有文字层"),
        "{}",
        stdout(&o)
    );
    let o = intake(EN, &["extract", scan.to_str().unwrap()]);
    assert!(stdout(&o).contains("no text layer"), "{}", stdout(&o));
    expect(
        &intake(ZH, &["extract", "/nonexistent.pdf"]),
        2,
        &["无法读取 /nonexistent.pdf"],
    );
}

/// `cmd | head`: the reader is gone before intake writes. The command ends with 0 and prints
/// nothing on stderr (before, "Broken pipe (os error 32)" and exit 1).
fn closed_pipe(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(args)
        .env("LANG", ZH)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?} printed: {err}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let pdf = common::root().join("corpora/demo/sub-0009/申请书.pdf");
    closed_pipe(&["export", out_arg()]);
    closed_pipe(&["extract", pdf.to_str().unwrap(), "--json"]);
    closed_pipe(&["extract", pdf.to_str().unwrap()]);
    closed_pipe(&["search", out_arg(), "", "--limit", "500"]);
    closed_pipe(&["rules"]);
    closed_pipe(&["metrics"]);
}
