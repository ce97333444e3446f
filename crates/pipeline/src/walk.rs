//! Walking a batch folder: `BATCH/<submission>/**`, every file accounted for.
//!
//! Only regular files are ever opened: a FIFO, socket or device found in the batch is listed as
//! skipped (an open of a FIFO would block for ever), told from its metadata before any `open`;
//! [`open_regular`] is the open itself, with `O_NONBLOCK` as a second guard. Names are kept
//! byte for byte ([`crate::names`]).

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

/// Deepest folder nesting followed below a submission folder.
const MAX_DEPTH: usize = 32;

/// One file found below a submission folder.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path relative to the submission folder, `/`-separated (the contract's `document`), each
    /// name escaped by [`crate::names::escape`] when it is not UTF-8.
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
    /// The folder's name (the contract's `submission`), escaped by [`crate::names::escape`]
    /// when it is not UTF-8.
    pub id: String,
    /// Every file below it, sorted by `rel` (byte order), none left out.
    pub files: Vec<FileEntry>,
    /// The officer's regime/level/variant override for this submission, as TOML
    /// (`regime = "…"`), from the file given with `--overrides` ([`crate::Options::overrides`]);
    /// never from a file inside the batch. [`walk`] leaves it `None`.
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

/// The name of the file that earlier versions read, inside each submission folder, as the
/// officer's override of regime, level and variant. An applicant writes that folder, so the file
/// is no longer read: it is listed as skipped with [`OVERRIDE_FILE_REASON`], and overrides come
/// from `--overrides FILE`, kept by the officer outside the batch.
pub const OVERRIDE_FILE: &str = "submission.toml";

/// Why a submission's own [`OVERRIDE_FILE`] is skipped.
pub const OVERRIDE_FILE_REASON: &str = "申请材料中的 submission.toml 不作为设置读取，申报类型/级别/类别的人工核定请用 intake run --overrides FILE (an applicant's submission.toml is not read; overrides come from --overrides)";

/// Walks `root`. Errors only when `root` itself cannot be listed; unreadable entries below it
/// are listed as skipped with the reason. Symbolic links are never followed (a link could leave
/// the batch or loop); they are listed as skipped, and so is anything that is not a regular file
/// or a folder.
pub fn walk(root: &Path) -> std::io::Result<Batch> {
    let mut batch = Batch::default();
    for entry in sorted_entries(root)? {
        let (name, path) = entry;
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.is_dir() {
            let mut files = Vec::new();
            collect(&path, "", 0, &mut files);
            files.sort_by(|a, b| a.rel.cmp(&b.rel));
            if let Some(f) = files
                .iter_mut()
                .find(|f| f.rel == OVERRIDE_FILE && f.skip.is_none())
            {
                f.skip = Some(OVERRIDE_FILE_REASON.into());
            }
            batch.submissions.push(SubmissionDir {
                id: name,
                files,
                overrides: None,
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
        .map(|e| (crate::names::escape(&e.file_name()), e.path()))
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
        } else if let Some(reason) = not_regular(&meta) {
            out.push(FileEntry {
                rel,
                path,
                bytes: 0,
                skip: Some(reason),
            });
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

/// Why a file that is neither a folder nor a symbolic link is not read, or `None` for a regular
/// file: a FIFO blocks an `open` until a writer comes, a device or socket is no document.
pub fn not_regular(meta: &Metadata) -> Option<String> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    let what = kind_of(&t);
    Some(format!("{what}，不是普通文件，未读取 (not a regular file)"))
}

#[cfg(unix)]
fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "命名管道 (FIFO)"
    } else if t.is_socket() {
        "套接字 (socket)"
    } else if t.is_char_device() || t.is_block_device() {
        "设备文件 (device)"
    } else if t.is_dir() {
        "文件夹 (folder)"
    } else if t.is_symlink() {
        "符号链接 (symbolic link)"
    } else {
        "特殊文件 (special file)"
    }
}

#[cfg(not(unix))]
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        "文件夹 (folder)"
    } else {
        "特殊文件 (special file)"
    }
}

/// Opens `path` for reading only if it is a regular file: the type is checked with
/// `symlink_metadata` before the `open` (so a FIFO is never opened and a symbolic link never
/// followed), the `open` itself does not block (`O_NONBLOCK`, a second guard should the file be
/// swapped for a FIFO in between) nor follow a link (`O_NOFOLLOW`), and the opened file's type
/// is checked again. `O_NONBLOCK` changes nothing for reads of a regular file.
///
/// Errors: `InvalidInput` with the reason of [`not_regular`] for anything but a regular file;
/// otherwise the I/O error of the `open`.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let refuse = |m: &Metadata| {
        not_regular(m)
            .map(|reason| Err(io::Error::new(io::ErrorKind::InvalidInput, reason)))
            .unwrap_or(Ok(()))
    };
    refuse(&std::fs::symlink_metadata(path)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    refuse(&file.metadata()?)?;
    Ok(file)
}

/// Reads a whole regular file of at most `max` bytes, opened with [`open_regular`]; the size is
/// refused from the metadata before a byte is read (a sparse 3 GB file costs nothing), and the
/// read stops at `max + 1` bytes should the file grow.
///
/// Errors: as [`open_regular`]; `FileTooLarge` when the file is (or grows) over `max`.
pub fn read_regular(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path)?;
    let len = file.metadata()?.len();
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("文件过大（{len} 字节，上限 {max} 字节） (file too large)"),
        )
    };
    if len > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}
