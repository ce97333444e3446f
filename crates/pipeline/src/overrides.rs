//! The officer's overrides of regime, level and variant (`intake run --overrides FILE`): one TOML
//! file kept outside the batch, a table per submission id.
//!
//! ```toml
//! [sub-0001]
//! regime = "promotion-center"
//! level = "national"
//! variant = "talent"
//! ```
//!
//! A submission folder is written by the applicant, so nothing inside the batch is read as an
//! override (`walk::OVERRIDE_FILE`). The file is checked whole before the run starts: a
//! mistake (an unknown key, value or submission id) stops the run with the reason rather than
//! being silently ignored for one submission.

use std::path::Path;

use crate::PipelineError;
use crate::walk::Batch;

/// The largest overrides file read (its size is checked before reading): a table per
/// submission is a few dozen bytes.
const MAX_BYTES: u64 = 4 << 20;

/// The keys a submission's table may hold.
const KEYS: [&str; 3] = ["regime", "level", "variant"];

/// Reads the overrides file at `path` and gives each submission of `walked` its table.
///
/// Errors: [`PipelineError::Overrides`] when the file lies inside `batch`, is not a regular file,
/// is over 4 MiB, is not UTF-8 TOML of tables of strings, or names an unknown key, value or
/// submission.
pub(crate) fn apply(
    path: &Path,
    batch: &Path,
    walked: &mut Batch,
    books: &intake_rules::Rulebooks,
) -> Result<(), PipelineError> {
    let err = |detail: String| PipelineError::Overrides {
        path: path.to_path_buf(),
        detail,
    };
    let canonical = path
        .canonicalize()
        .map_err(|e| err(format!("无法读取：{e} (cannot be read)")))?;
    if let Ok(batch) = batch.canonicalize()
        && canonical.starts_with(&batch)
    {
        return Err(err(
            "位于批次目录之内，申请人可以改写；请放在批次目录之外 (the overrides file must be outside the batch)"
                .into(),
        ));
    }
    let bytes = crate::walk::read_regular(&canonical, MAX_BYTES)
        .map_err(|e| err(format!("无法读取：{e} (cannot be read)")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| err("不是 UTF-8 文本 (not UTF-8 text)".into()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        err(format!(
            "不是有效的 TOML：{} (not valid TOML)",
            e.message().trim()
        ))
    })?;
    for (id, value) in &table {
        let Some(sub) = value.as_table() else {
            return Err(err(format!(
                "{id} 应写成表 [{id}]，其下写 regime/level/variant (expected a table per submission)"
            )));
        };
        for (key, value) in sub {
            let Some(text) = value.as_str() else {
                return Err(err(format!("[{id}] {key} 应是字符串 (expected a string)")));
            };
            if !KEYS.contains(&key.as_str()) {
                return Err(err(format!(
                    "[{id}] 不认识的设置 {key}，只可写 regime、level、variant (unknown key)"
                )));
            }
            if !known(books, key, text) {
                return Err(err(format!(
                    "[{id}] 不认识的取值 {key} = {text} (unknown value)"
                )));
            }
        }
        let Some(dir) = walked.submissions.iter_mut().find(|s| &s.id == id) else {
            return Err(err(format!(
                "批次中没有提交 {id} (no such submission in the batch)"
            )));
        };
        dir.overrides = Some(toml::to_string(sub).map_err(|e| err(e.to_string()))?);
    }
    Ok(())
}

/// Whether the rules' detection accepts `value` for `key` (asked of the detection itself, so
/// the two never disagree on the names accepted).
fn known(books: &intake_rules::Rulebooks, key: &str, value: &str) -> bool {
    let quoted = toml::Value::String(value.to_string()).to_string();
    let probe = match key {
        "regime" => format!("regime = {quoted}"),
        // Level and variant apply to promotion centres only.
        _ => format!("regime = \"promotion-center\"\n{key} = {quoted}"),
    };
    let d = intake_rules::detect_with(books, &[], &[], Some(&probe));
    match key {
        "regime" => d.regime.is_some(),
        "level" => d.level.is_some(),
        _ => d.variant.is_some(),
    }
}
