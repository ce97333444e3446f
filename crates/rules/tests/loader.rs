//! Loading rulebooks at run time, and the loader's errors: each names the file and the line.

mod common;

use std::path::Path;

use common::*;
use intake_model::Regime;
use intake_rules::{Detection, RuleError, Rulebooks, evaluate};

const GOOD: &str = r#"regime = "tech-base-platform"
title = "测试"

[[rule]]
id = "tbp.extra-staff"
article = "第六条(五)"
text = "从业人员不少于50人"
level = "hard"
op = ">="
metric = "staff.total"
threshold = 80
unit = "persons"
label = "从业人员"
message = "{label} {value}，低于 {article} 要求的 {threshold}"
"#;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Loads `text` as `bad.toml` in a fresh directory and returns the error message.
fn error_of(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.toml", text);
    match Rulebooks::load_dir(dir.path()) {
        Ok(_) => panic!("loaded: {text}"),
        Err(e @ RuleError::Invalid { .. }) => e
            .to_string()
            .replace(&dir.path().display().to_string(), "DIR"),
        Err(e) => panic!("unexpected error {e}"),
    }
}

#[test]
fn a_directory_loads_and_its_rules_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "extra.toml", GOOD);
    write(dir.path(), "notes.txt", "not a rulebook");
    let books = Rulebooks::load_dir(dir.path()).unwrap();
    assert_eq!(books.books().len(), 1);
    let det = Detection::declared(Regime::new("tech-base-platform"), None, None);
    let f = evaluate(&books, SUB, &det, &[int("staff.total", 79)]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "从业人员 79 人，低于 第六条(五) 要求的 80 人");
    assert_eq!(f[0].rule, "tbp.extra-staff");
    assert!(books.table(None).contains("tbp.extra-staff"));
}

#[test]
fn the_repository_rulebooks_load_from_disk_as_built_in() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pipelines/regimes");
    let disk = Rulebooks::load_dir(&dir).unwrap();
    let built = Rulebooks::builtin().unwrap();
    assert_eq!(disk.table(None), built.table(None));
}

#[test]
fn unknown_metric_names_file_and_line() {
    let bad = GOOD.replace("metric = \"staff.total\"", "metric = \"staff.totl\"");
    assert_eq!(
        error_of(&bad),
        "DIR/bad.toml:10: rule tbp.extra-staff: unknown metric key `staff.totl` (not in pipelines/metrics.tsv)"
    );
}

#[test]
fn bad_operator_names_file_and_line() {
    let bad = GOOD.replace("op = \">=\"", "op = \"=>\"");
    let e = error_of(&bad);
    assert!(
        e.starts_with("DIR/bad.toml:9: rule tbp.extra-staff: unknown operator `=>`"),
        "{e}"
    );
}

#[test]
fn missing_article_names_file_and_line() {
    let bad = GOOD.replace("article = \"第六条(五)\"\n", "");
    assert_eq!(
        error_of(&bad),
        "DIR/bad.toml:5: rule tbp.extra-staff: missing `article` (e.g. 第六条(五))"
    );
}

#[test]
fn duplicate_ids_name_file_and_line() {
    let twice = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[rule]]").unwrap()..]);
    assert_eq!(
        error_of(&twice),
        "DIR/bad.toml:17: duplicate rule id `tbp.extra-staff` (first at line 5)"
    );
    // Across files: the second file is named.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", GOOD);
    write(dir.path(), "b.toml", GOOD);
    let e = Rulebooks::load_dir(dir.path()).unwrap_err().to_string();
    let a = dir.path().join("a.toml").display().to_string();
    let b = dir.path().join("b.toml").display().to_string();
    assert_eq!(
        e,
        format!("{b}:5: duplicate rule id `tbp.extra-staff` (also in {a})")
    );
}

#[test]
fn wrong_unit_and_unknown_key_and_syntax_name_the_line() {
    let bad = GOOD.replace("unit = \"persons\"", "unit = \"万元\"");
    assert!(error_of(&bad).starts_with("DIR/bad.toml:12: rule tbp.extra-staff: unit `万元` is not the metric's canonical unit `persons`"));
    let bad = GOOD.replace("threshold = 80", "threshhold = 80");
    let e = error_of(&bad);
    assert!(
        e.starts_with("DIR/bad.toml:11: unknown field `threshhold`"),
        "{e}"
    );
    let bad = GOOD.replace("level = \"hard\"", "level = \"hard");
    assert!(error_of(&bad).starts_with("DIR/bad.toml:8: "));
    let bad = GOOD.replace("level = \"hard\"", "level = \"must\"");
    assert_eq!(
        error_of(&bad),
        "DIR/bad.toml:8: rule tbp.extra-staff: level `must` is not hard or soft"
    );
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Rulebooks::load_dir(dir.path()),
        Err(RuleError::Empty(_))
    ));
    assert!(matches!(
        Rulebooks::load_dir(&dir.path().join("nope")),
        Err(RuleError::Io { .. })
    ));
}
