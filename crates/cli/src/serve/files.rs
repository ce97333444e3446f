//! Serving a file from OUT or the batch: resolved one component at a time with symlinks refused at
//! every level, streamed (never read whole), with byte ranges and a size cap for documents.

use std::fs::File;
use std::io;
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tokio::io::{AsyncReadExt as _, AsyncSeekExt as _};

/// Where a file comes from: OUT is ours; batch documents are untrusted: never served as HTML,
/// sandboxed by CSP, and capped in size.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Origin {
    Out,
    Batch,
}

/// A single path component that cannot leave its folder.
pub fn safe_component(c: &str) -> bool {
    !c.is_empty() && c != "." && c != ".." && !c.contains(['/', '\\', '\0'])
}

/// Opens `root/<components>` for reading if every component is a safe name, every folder on the
/// way (the submission folder included) is a real folder and the last is a regular file: a
/// symlink anywhere below `root` is refused, not followed, so nothing outside `root` is
/// reachable whatever links the batch holds. On Unix each step is `openat(O_NOFOLLOW)` relative
/// to the folder opened before it (checked with `fstatat` first, so a FIFO or device is never
/// opened), so a link swapped in between the check and the open is refused too.
pub fn open_under(root: &Path, components: &[&str]) -> io::Result<File> {
    let refused = || io::Error::new(io::ErrorKind::NotFound, "refused");
    if components.is_empty() || !components.iter().all(|c| safe_component(c)) {
        return Err(refused());
    }
    #[cfg(unix)]
    {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags, openat, statat};
        let mut fd = openat(
            rustix::fs::CWD,
            root,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        for (i, name) in components.iter().enumerate() {
            let last = i + 1 == components.len();
            let kind =
                FileType::from_raw_mode(statat(&fd, *name, AtFlags::SYMLINK_NOFOLLOW)?.st_mode);
            let want = if last {
                FileType::RegularFile
            } else {
                FileType::Directory
            };
            if kind != want {
                return Err(refused());
            }
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
            let flags = if last {
                flags
            } else {
                flags | OFlags::DIRECTORY
            };
            fd = openat(&fd, *name, flags, Mode::empty())?;
        }
        let file = File::from(fd);
        if !file.metadata()?.is_file() {
            return Err(refused());
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        let mut path = root.to_path_buf();
        for (i, name) in components.iter().enumerate() {
            path.push(name);
            let meta = std::fs::symlink_metadata(&path)?;
            let last = i + 1 == components.len();
            if meta.file_type().is_symlink()
                || (last && !meta.is_file())
                || (!last && !meta.is_dir())
            {
                return Err(refused());
            }
        }
        File::open(&path)
    }
}

/// One `bytes=` range resolved against a file of `len` bytes: `[start, end]` inclusive.
#[derive(Debug, PartialEq)]
pub enum Range {
    /// No usable Range header (absent, another unit, or several ranges): the whole file, 200.
    Whole,
    /// One satisfiable range: 206.
    Part(u64, u64),
    /// A `bytes=` range that is malformed or starts past the end: 416.
    Unsatisfiable,
}

/// Reads the `Range` header: `bytes=a-b`, `bytes=a-` or `bytes=-n` (the last n bytes). Several
/// ranges are answered with the whole file (RFC 9110 lets a server ignore Range).
pub fn parse_range(value: Option<&str>, len: u64) -> Range {
    let Some(spec) = value.and_then(|v| v.trim().strip_prefix("bytes=")) else {
        return Range::Whole;
    };
    if spec.contains(',') {
        return Range::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Range::Unsatisfiable;
    };
    let num = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), num(a), num(b)) {
        // bytes=-n: the last n bytes.
        (true, _, Some(n)) if n > 0 && len > 0 => Range::Part(len.saturating_sub(n), len - 1),
        (false, Some(start), end) if start < len && (b.is_empty() || end.is_some()) => {
            let end = end.map_or(len - 1, |e| e.min(len - 1));
            if end < start {
                Range::Unsatisfiable
            } else {
                Range::Part(start, end)
            }
        }
        _ => Range::Unsatisfiable,
    }
}

/// Serves `root/<components>`: 404 when it cannot be opened under the rules of [`open_under`],
/// 413 for a batch document larger than `max_doc_bytes`, 416 for a bad range, else 200 or 206
/// with the file streamed in 64 KiB reads.
pub async fn send_file(
    root: &Path,
    components: &[&str],
    origin: Origin,
    max_doc_bytes: u64,
    headers: &HeaderMap,
) -> Response {
    let (root, parts) = (
        root.to_path_buf(),
        components.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
    );
    let opened = tokio::task::spawn_blocking(move || {
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let file = open_under(&root, &parts)?;
        let len = file.metadata()?.len();
        let mut head = vec![0u8; 4096.min(len as usize)];
        let n = read_prefix(&file, &mut head)?;
        head.truncate(n);
        Ok::<_, io::Error>((file, len, head))
    })
    .await;
    let Ok(Ok((file, len, head))) = opened else {
        return not_found();
    };
    if origin == Origin::Batch && len > max_doc_bytes {
        return too_large(max_doc_bytes);
    }
    let name = components.last().copied().unwrap_or_default();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let (ctype, inline) = match (ext.as_str(), origin) {
        ("pdf", _) if is_pdf(&head) => ("application/pdf", true),
        ("html", Origin::Out) => ("text/html; charset=utf-8", true),
        ("json" | "jsonl", Origin::Out) => ("application/json; charset=utf-8", true),
        ("txt", _) => (text_charset(&head), true),
        ("docx", _) => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        ),
        _ => ("application/octet-stream", false),
    };
    let range = parse_range(
        headers.get(header::RANGE).and_then(|v| v.to_str().ok()),
        len,
    );
    let (status, start, count) = match range {
        Range::Whole => (StatusCode::OK, 0, len),
        Range::Part(a, b) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        Range::Unsatisfiable => {
            let mut r = (
                StatusCode::RANGE_NOT_SATISFIABLE,
                "请求的字节范围无效 (range not satisfiable)",
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
    };
    let mut file = tokio::fs::File::from_std(file);
    if file.seek(io::SeekFrom::Start(start)).await.is_err() {
        return not_found();
    }
    let mut resp = Response::new(stream_body(file.take(count)));
    *resp.status_mut() = status;
    let hs = resp.headers_mut();
    hs.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    hs.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    hs.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{len}", start + count - 1))
    {
        hs.insert(header::CONTENT_RANGE, v);
    }
    if !inline {
        hs.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    resp
}

/// Whether `head` (a file's first bytes) is a PDF: its header `%PDF-` within the first 1,024
/// bytes, where readers look for it (ISO 32000-2 §7.5.2, and Annex H on leading garbage). Only
/// then is a `.pdf` answered as `application/pdf`; anything else so named is a download.
pub fn is_pdf(head: &[u8]) -> bool {
    head[..head.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Reads up to `buf.len()` bytes from the start of `file` (fewer only at its end).
fn read_prefix(mut file: &File, buf: &mut [u8]) -> io::Result<usize> {
    use std::io::Read as _;
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The body of a response: `reader` read 64 KiB at a time as the client takes it, so a large
/// document costs one buffer per connection, not its size.
fn stream_body(reader: impl tokio::io::AsyncRead + Send + Unpin + 'static) -> Body {
    let chunks = futures_util::stream::unfold(Some(reader), |state| async move {
        let mut reader = state?;
        let mut buf = vec![0u8; 64 << 10];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(reader)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    Body::from_stream(chunks)
}

/// TXT documents come in UTF-8, UTF-16 with BOM or GB18030; tell the browser which, from the
/// first bytes (`head`, up to 4 KiB: a character cut at its end still counts as UTF-8).
pub fn text_charset(head: &[u8]) -> &'static str {
    if head.starts_with(&[0xFF, 0xFE]) {
        "text/plain; charset=utf-16le"
    } else if head.starts_with(&[0xFE, 0xFF]) {
        "text/plain; charset=utf-16be"
    } else {
        match std::str::from_utf8(head) {
            Ok(_) => "text/plain; charset=utf-8",
            Err(e) if e.error_len().is_none() => "text/plain; charset=utf-8",
            Err(_) => "text/plain; charset=gb18030",
        }
    }
}

/// 404 with a short Chinese page.
pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!DOCTYPE html><meta charset=\"utf-8\"><title>未找到</title><p>未找到该页面或文件。</p>"),
    )
        .into_response()
}

/// 413 for a document over the size cap.
fn too_large(max: u64) -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "文件超过 {} MiB，不予在浏览器中打开，请直接在批次目录中查看 (document larger than the {max}-byte limit)",
            max >> 20
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        let r = |v: &str| parse_range(Some(v), 100);
        assert_eq!(parse_range(None, 100), Range::Whole);
        assert_eq!(r("bytes=0-9"), Range::Part(0, 9));
        assert_eq!(r("bytes=90-"), Range::Part(90, 99));
        assert_eq!(r("bytes=95-200"), Range::Part(95, 99));
        assert_eq!(r("bytes=-10"), Range::Part(90, 99));
        assert_eq!(r("bytes=-1000"), Range::Part(0, 99));
        assert_eq!(r("bytes=0-1,5-6"), Range::Whole);
        assert_eq!(r("items=0-1"), Range::Whole);
        for bad in [
            "bytes=100-",
            "bytes=5-2",
            "bytes=abc",
            "bytes=-0",
            "bytes=-",
            "bytes=1-x",
            "bytes=+1-2",
            "bytes=99999999999999999999999-",
        ] {
            assert_eq!(r(bad), Range::Unsatisfiable, "{bad}");
        }
        assert_eq!(parse_range(Some("bytes=0-"), 0), Range::Unsatisfiable);
        assert_eq!(text_charset("从业".as_bytes()), "text/plain; charset=utf-8");
        assert_eq!(
            text_charset(&"从业".as_bytes()[..4]),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            text_charset(&[0xB4, 0xD3, 0xD2, 0xB5]),
            "text/plain; charset=gb18030"
        );
    }
}
