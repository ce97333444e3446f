//! Walking a batch folder: `BATCH/<submission>/**`, every file accounted for.

use std::path::{Path, PathBuf};

/// Deepest folder nesting followed below a submission folder.
const MAX_DEPTH: usize = 32;

/// One file found below a submission folder.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the submission folder, `/`-separated (the contract's `document`).
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
    /// Why it is skipped rather than read (office litter, hidden file, symlink, control file).
    pub skip: Option<String>,
}

/// One submission: a top-level folder of the batch.
#[derive(Debug, Clone)]
pub struct SubmissionDir {
    /// The folder's name (the contract's `submission`).
    pub id: String,
    /// Every file below it, sorted by `rel` (byte order), none left out.
    pub files: Vec<FileEntry>,
    /// Contents of `submission.toml`, the optional regime/level/variant override.
    pub overrides: Option<String>,
}

/// What a batch folder holds.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Submissions sorted by id.
    pub submissions: Vec<SubmissionDir>,
    /// Files at the top level of the batch, outside any submission folder: reported, not read.
    pub stray: Vec<FileEntry>,
}

/// Name of the optional per-submission override file.
pub const OVERRIDE_FILE: &str = "submission.toml";

/// Walks `root`. Errors only when `root` itself cannot be listed; unreadable entries below it
/// are listed as skipped with the reason. Symbolic links are never followed (a link could leave
/// the batch or loop); they are listed as skipped.
pub fn walk(root: &Path) -> std::io::Result<Batch> {
    let mut batch = Batch::default();
    for entry in sorted_entries(root)? {
        let (name, path) = entry;
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            let mut files = Vec::new();
            collect(&path, "", 0, &mut files);
            files.sort_by(|a, b| a.rel.cmp(&b.rel));
            let overrides = files
                .iter_mut()
                .find(|f| f.rel == OVERRIDE_FILE && f.skip.is_none())
                .and_then(|f| {
                    f.skip =
                        Some("submission override (regime/level/variant), read as settings".into());
                    std::fs::read_to_string(&f.path).ok()
                });
            batch.submissions.push(SubmissionDir {
                id: name,
                files,
                overrides,
            });
        } else {
            batch.stray.push(FileEntry {
                rel: name,
                path,
                bytes: meta.len(),
                skip: Some(
                    "file at the top level of the batch, outside any submission folder".into(),
                ),
            });
        }
    }
    Ok(batch)
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    v.sort();
    Ok(v)
}

fn collect(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<FileEntry>) {
    let entries = match sorted_entries(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(FileEntry {
                rel: if prefix.is_empty() {
                    ".".into()
                } else {
                    prefix.trim_end_matches('/').into()
                },
                path: dir.to_path_buf(),
                bytes: 0,
                skip: Some(format!("folder cannot be listed: {e}")),
            });
            return;
        }
    };
    for (name, path) in entries {
        let rel = format!("{prefix}{name}");
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                out.push(FileEntry {
                    rel,
                    path,
                    bytes: 0,
                    skip: Some(format!("cannot be read: {e}")),
                });
                continue;
            }
        };
        let skip = |reason: &str| Some(reason.to_string());
        if meta.file_type().is_symlink() {
            out.push(FileEntry {
                rel,
                path,
                bytes: 0,
                skip: skip("symbolic link, not followed"),
            });
        } else if meta.is_dir() {
            if let Some(reason) = intake_extract::is_litter(&name) {
                out.push(FileEntry {
                    rel: format!("{rel}/"),
                    path,
                    bytes: 0,
                    skip: skip(reason),
                });
            } else if depth >= MAX_DEPTH {
                out.push(FileEntry {
                    rel: format!("{rel}/"),
                    path,
                    bytes: 0,
                    skip: skip("folder nested too deep"),
                });
            } else {
                collect(&path, &format!("{rel}/"), depth + 1, out);
            }
        } else {
            let skip = intake_extract::is_litter(&name).map(String::from);
            out.push(FileEntry {
                rel,
                path,
                bytes: meta.len(),
                skip,
            });
        }
    }
}
