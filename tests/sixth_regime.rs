//! A sixth regime is files only (issue 18): a rulebook in `regimes/` and its regulation in
//! `regulations/` of a pipelines folder given to `intake run --pipelines`, and no code. The test
//! copies the repository's pipelines folder, adds a made-up program (城市创新驿站) with one cue
//! and one hard rule, and runs two submissions: both are told to be of it, one meets the rule and
//! one fails it.

mod common;

use std::path::Path;
use std::process::Command;

/// The made-up program's rulebook: a cue for its application form's title and one hard rule.
const RULEBOOK: &str = r#"# 城市创新驿站 — a program made up for this test.
regime = "test-sixth"
title = "城市创新驿站"
order = 6
regulation = "test-sixth.txt"

[detect]
cues = [
  { pattern = "城市创新驿站申报书", weight = 10 },
]

[[rule]]
id = "t6.staff"
article = "第四条"
text = "驿站从业人员不少于30人"
level = "hard"
op = ">="
metric = "staff.total"
threshold = 30
unit = "persons"
label = "从业人员"
message = "{label} {value}，低于 {article} 要求的 {threshold}"
"#;

/// Its regulation, in words written for this test.
const REGULATION: &str = "城市创新驿站认定办法（测试用）\n\
第一条 为培育城市创新驿站，制定本办法。\n\
第四条 驿站从业人员不少于30人，并设有固定的服务场所。\n";

/// One submission folder holding one application form stating `staff` 从业人员.
fn submission(batch: &Path, id: &str, org: &str, staff: u32) {
    let dir = batch.join(id);
    std::fs::create_dir_all(&dir).unwrap();
    let form = format!(
        "城市创新驿站申报书\n\n申报单位：{org}\n\n一、基本情况\n本单位从业人员共计{staff}人，设有固定的服务场所。\n"
    );
    std::fs::write(dir.join("申报书.txt"), form).unwrap();
}

#[test]
fn a_sixth_regime_is_a_rulebook_and_a_regulation_text() {
    let tmp = tempfile::tempdir().unwrap();
    let pipelines = tmp.path().join("pipelines");
    common::copy_dir(&common::root().join("pipelines"), &pipelines);
    std::fs::write(pipelines.join("regimes/test-sixth.toml"), RULEBOOK).unwrap();
    std::fs::write(pipelines.join("regulations/test-sixth.txt"), REGULATION).unwrap();
    let batch = tmp.path().join("batch");
    submission(&batch, "sub-a", "江城科技服务有限公司", 42);
    submission(&batch, "sub-b", "河畔创业服务中心", 12);
    let out = tmp.path().join("out");
    common::run(
        &batch,
        &out,
        &["--pipelines", pipelines.to_str().unwrap(), "--jobs", "1"],
    );

    let records = common::jsonl(&out, "submissions");
    for r in &records {
        assert_eq!(r["regime"], "test-sixth", "{r}");
    }
    let findings = common::jsonl(&out, "findings");
    let staff = |sub: &str| {
        findings
            .iter()
            .filter(|f| f["submission"] == sub && f["rule"] == "t6.staff")
            .cloned()
            .collect::<Vec<_>>()
    };
    // 42 ≥ 30: the rule holds, no finding; 12 < 30: a failing finding naming the article.
    assert!(staff("sub-a").is_empty(), "{:#?}", staff("sub-a"));
    let failed = staff("sub-b");
    assert_eq!(failed.len(), 1, "{findings:#?}");
    assert_eq!(failed[0]["severity"], "fail");
    assert_eq!(failed[0]["regime"], "test-sixth");
    assert_eq!(failed[0]["article"], "第四条");
    let verdict = |sub: &str| {
        records
            .iter()
            .find(|r| r["submission"] == sub)
            .map(|r| r["verdict"].clone())
            .unwrap()
    };
    assert_eq!(verdict("sub-b"), "fail");
    assert_ne!(verdict("sub-a"), "fail");
    // The report names the program by its rulebook's title.
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("城市创新驿站"));

    // `intake rules` reads the same folder and knows the regime's id.
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(["rules", "--regime", "test-sixth", "--dir"])
        .arg(pipelines.join("regimes"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("t6.staff"));
}

/// A rulebook naming a regulation text the folder lacks is refused before anything is read.
#[test]
fn a_rulebook_whose_regulation_is_missing_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let pipelines = tmp.path().join("pipelines");
    common::copy_dir(&common::root().join("pipelines"), &pipelines);
    std::fs::write(pipelines.join("regimes/test-sixth.toml"), RULEBOOK).unwrap();
    let batch = tmp.path().join("batch");
    submission(&batch, "sub-a", "江城科技服务有限公司", 42);
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(&batch)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .arg("--quiet")
        .arg("--pipelines")
        .arg(&pipelines)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("test-sixth.txt"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!tmp.path().join("out/batch.json").exists());
}
