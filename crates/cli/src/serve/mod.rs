//! `intake serve OUT [--addr 127.0.0.1:8080] [--batch BATCH]`: the reviewers' view in a browser.
//!
//! Serves the full-text search (`/`, `/api/search`), the report (`/report.html`, a submission at
//! `/sub/<id>` → `/report.html#sub=<id>`), OUT's own files (`/out/<path>`) and the batch's
//! documents (`/doc/<submission>/<path>`; a PDF opens in the browser's viewer, `#page=N` selects
//! the cited page). Nothing outside OUT and the batch is reachable: each path is split into
//! components, `..`, `.`, empty and absolute components are refused after percent-decoding, and
//! the canonical path (symlinks resolved) must still lie under the canonical root.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use axum::extract::{Path as UrlPath, Query as UrlQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use intake_report::escape;

/// Arguments of `intake serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The output folder written by `intake run` (report.html, *.jsonl, index/).
    out: PathBuf,
    /// Address to listen on. Loopback by default; port 0 picks a free port (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The batch folder OUT was made from, for opening source documents. Default: the folder
    /// named in OUT/batch.json, looked for in the current directory and beside OUT.
    #[arg(long)]
    batch: Option<PathBuf>,
}

/// What the handlers share: canonical roots.
struct App {
    out: PathBuf,
    batch: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.out.join("submissions.jsonl").is_file() {
        eprintln!(
            "intake: {} is not an output folder of `intake run` (no submissions.jsonl)",
            args.out.display()
        );
        return Ok(ExitCode::from(2));
    }
    let out = args
        .out
        .canonicalize()
        .with_context(|| format!("reading {}", args.out.display()))?;
    let batch = match args.batch {
        Some(b) if b.is_dir() => Some(
            b.canonicalize()
                .with_context(|| format!("reading {}", b.display()))?,
        ),
        Some(b) => {
            eprintln!(
                "intake: batch folder {} does not exist or is not a folder",
                b.display()
            );
            return Ok(ExitCode::from(2));
        }
        None => find_batch(&out),
    };
    if batch.is_none() {
        eprintln!(
            "intake: batch folder not found; source documents will not open (pass --batch BATCH)"
        );
    }
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "intake: warning: listening on {} makes the documents reachable from other machines",
            args.addr
        );
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("binding {}", args.addr))?;
        let addr = listener.local_addr()?;
        println!("intake: serving {} on http://{addr}/", out.display());
        axum::serve(listener, router(out, batch))
            .await
            .context("serving")?;
        Ok(ExitCode::SUCCESS)
    })
}

/// The batch named in OUT/batch.json (`"batch": "<folder name>"`), looked for in the current
/// directory and beside OUT; accepted only if it holds the first submission's folder.
fn find_batch(out: &Path) -> Option<PathBuf> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).ok()?).ok()?;
    let name = manifest["batch"].as_str()?;
    let first = std::fs::read_to_string(out.join("submissions.jsonl")).ok()?;
    let first: serde_json::Value = serde_json::from_str(first.lines().next()?).ok()?;
    let sub = first["submission"].as_str()?;
    let candidates = [PathBuf::from(name), out.parent()?.join(name)];
    candidates
        .into_iter()
        .find(|c| safe_component(name) && c.join(sub).is_dir())
        .and_then(|c| c.canonicalize().ok())
}

/// The routes, over canonical `out` and `batch` roots.
pub fn router(out: PathBuf, batch: Option<PathBuf>) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/api/search", get(search_api))
        .route("/report.html", get(report))
        .route(
            "/sub/{id}",
            get(|UrlPath(id): UrlPath<String>| async move {
                Redirect::to(&format!("/report.html#sub={}", url_encode(&id)))
            }),
        )
        .route("/out/{*path}", get(out_file))
        .route("/doc/{sub}/{*path}", get(doc_file))
        .fallback(|| async { not_found() })
        .with_state(Arc::new(App { out, batch }))
}

/// Query string of the search page and API.
#[derive(serde::Deserialize, Default)]
struct SearchParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    regime: String,
    #[serde(default)]
    kind: String,
    /// Numeric filters separated by spaces, commas or semicolons: `staff.total>=50 facility.area_m2<3000`.
    #[serde(default, rename = "where")]
    where_: String,
    #[serde(default)]
    submission: String,
    limit: Option<usize>,
}

impl SearchParams {
    fn query(&self) -> intake_index::Query {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        intake_index::Query {
            text: self.q.trim().to_string(),
            regime: opt(&self.regime),
            submission: opt(&self.submission),
            batch: None,
            where_: self
                .where_
                .split([' ', ',', ';', '，', '；'])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
            kind: opt(&self.kind),
            limit: self.limit.unwrap_or(50).min(500),
        }
    }

    fn is_empty(&self) -> bool {
        [
            &self.q,
            &self.regime,
            &self.kind,
            &self.where_,
            &self.submission,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

async fn run_search(app: &Arc<App>, p: &SearchParams) -> Result<Vec<intake_index::Hit>, String> {
    let (dir, q) = (app.out.clone(), p.query());
    tokio::task::spawn_blocking(move || intake_index::search(&dir, &q).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())?
}

async fn search_api(State(app): State<Arc<App>>, UrlQuery(p): UrlQuery<SearchParams>) -> Response {
    match run_search(&app, &p).await {
        Ok(hits) => Json(hits).into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": e })),
        )
            .into_response(),
    }
}

const KINDS: [&str; 11] = [
    "threshold_unmet",
    "threshold_missing",
    "inconsistent_value",
    "arithmetic_mismatch",
    "invalid_identifier",
    "date_implausible",
    "duplicate_text",
    "suspicious_pattern",
    "metadata_anomaly",
    "eligibility",
    "unreadable_document",
];

async fn search_page(State(app): State<Arc<App>>, UrlQuery(p): UrlQuery<SearchParams>) -> Response {
    let mut h = String::from(PAGE_HEAD);
    h.push_str("<form method=\"get\" action=\"/\" id=\"search\">");
    let _ = write!(
        h,
        "<input type=\"search\" name=\"q\" id=\"q\" value=\"{}\" placeholder=\"检索全文，如：公共服务平台\" autofocus>",
        escape(&p.q)
    );
    h.push_str("<select name=\"regime\" id=\"regime\"><option value=\"\">全部类别</option>");
    for r in intake_model::Regime::ALL {
        let sel = if p.regime == r.as_str() {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            h,
            "<option value=\"{}\"{sel}>{}</option>",
            r.as_str(),
            r.chinese_name()
        );
    }
    h.push_str(
        "</select><select name=\"kind\" id=\"kind\"><option value=\"\">全部问题类型</option>",
    );
    for k in KINDS {
        let sel = if p.kind == k { " selected" } else { "" };
        let label =
            serde_json::from_value(serde_json::Value::from(k)).map_or(k, intake_report::kind_label);
        let _ = write!(h, "<option value=\"{k}\"{sel}>{label}</option>");
    }
    let _ = write!(
        h,
        "</select><input name=\"where\" id=\"where\" value=\"{}\" placeholder=\"数值条件，如 staff.total>=50\">\
         <input name=\"submission\" id=\"submission\" value=\"{}\" placeholder=\"申报编号\" size=\"10\">\
         <button type=\"submit\" id=\"go\">检索</button></form>",
        escape(&p.where_),
        escape(&p.submission)
    );
    if p.is_empty() {
        h.push_str("<p class=\"muted\">输入词语或短语（中文无需空格），可按申报类别、问题类型和数值条件筛选。</p>");
    } else {
        match run_search(&app, &p).await {
            Err(e) => {
                let _ = write!(h, "<p class=\"error\">检索出错：{}</p>", escape(&e));
            }
            Ok(hits) => hits_html(&mut h, &hits),
        }
    }
    h.push_str("</main></body></html>");
    Html(h).into_response()
}

fn hits_html(h: &mut String, hits: &[intake_index::Hit]) {
    let _ = write!(
        h,
        "<p class=\"muted\" id=\"count\">共 {} 条结果</p><ol id=\"hits\">",
        hits.len()
    );
    for hit in hits {
        let page = hit.page.map(|p| format!(" · 第{p}页")).unwrap_or_default();
        let doc_url = format!(
            "/doc/{}/{}{}",
            url_encode(&hit.submission),
            url_encode_path(&hit.document),
            hit.page.map(|p| format!("#page={p}")).unwrap_or_default()
        );
        let _ = write!(
            h,
            "<li class=\"hit\"><div><a class=\"sub\" href=\"/report.html#sub={}\">{}</a> {} <span class=\"muted\">{}</span></div>\
             <div><a class=\"doc\" href=\"{}\" target=\"_blank\" rel=\"noopener\">{}{}</a> <span class=\"muted\">相关度 {:.2}</span></div>\
             <blockquote class=\"snippet\">",
            escape(&url_encode(&hit.submission)),
            escape(&hit.submission),
            escape(hit.org_name.as_deref().unwrap_or("")),
            escape(&intake_report::regime_label(hit.regime.as_deref())),
            escape(&doc_url),
            escape(&hit.document),
            page,
            hit.score
        );
        snippet_html(h, &hit.snippet, &hit.highlights);
        h.push_str("</blockquote></li>");
    }
    h.push_str("</ol>");
}

/// The snippet, escaped, with each `[start, end)` character range wrapped in `<mark>`.
fn snippet_html(h: &mut String, snippet: &str, highlights: &[(usize, usize)]) {
    let chars: Vec<char> = snippet.chars().collect();
    let mut pos = 0;
    for &(a, b) in highlights {
        let (a, b) = (a.clamp(pos, chars.len()), b.min(chars.len()));
        if a >= b {
            continue;
        }
        h.push_str(&escape(&chars[pos..a].iter().collect::<String>()));
        let _ = write!(
            h,
            "<mark>{}</mark>",
            escape(&chars[a..b].iter().collect::<String>())
        );
        pos = b;
    }
    h.push_str(&escape(&chars[pos..].iter().collect::<String>()));
}

async fn report(State(app): State<Arc<App>>) -> Response {
    send_file(&app.out, "report.html", Origin::Out).await
}

async fn out_file(State(app): State<Arc<App>>, UrlPath(path): UrlPath<String>) -> Response {
    send_file(&app.out, &path, Origin::Out).await
}

async fn doc_file(
    State(app): State<Arc<App>>,
    UrlPath((sub, path)): UrlPath<(String, String)>,
) -> Response {
    match &app.batch {
        Some(batch) if safe_component(&sub) => {
            send_file(&batch.join(&sub), &path, Origin::Batch).await
        }
        _ => not_found(),
    }
}

/// Where a file comes from: OUT is ours; batch documents are untrusted and never served as HTML.
#[derive(Clone, Copy, PartialEq)]
enum Origin {
    Out,
    Batch,
}

/// A single path component that cannot leave its folder.
fn safe_component(c: &str) -> bool {
    !c.is_empty() && c != "." && c != ".." && !c.contains(['/', '\\', '\0'])
}

/// `root/rel` if `rel` (already percent-decoded) is relative, made of safe components, names an
/// existing file, and its canonical path (symlinks resolved) lies under the canonical `root`.
fn resolve(root: &Path, rel: &str) -> Option<PathBuf> {
    if !rel.split('/').all(safe_component) {
        return None;
    }
    let joined = root.join(rel);
    // Belt and braces: a component the split let through (a Windows prefix) must not reset the path.
    if !Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let real = joined.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

async fn send_file(root: &Path, rel: &str, origin: Origin) -> Response {
    let Some(path) = resolve(root, rel) else {
        return not_found();
    };
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return not_found();
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (ctype, inline) = match (ext.as_str(), origin) {
        ("pdf", _) => ("application/pdf", true),
        ("html", Origin::Out) => ("text/html; charset=utf-8", true),
        ("json" | "jsonl", Origin::Out) => ("application/json; charset=utf-8", true),
        ("txt", _) => (text_charset(&bytes), true),
        ("docx", _) => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            false,
        ),
        _ => ("application/octet-stream", false),
    };
    let mut resp = bytes.into_response();
    let hs = resp.headers_mut();
    hs.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    hs.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !inline {
        hs.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    resp
}

/// TXT documents come in UTF-8, UTF-16 with BOM or GB18030; tell the browser which.
fn text_charset(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        "text/plain; charset=utf-16le"
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        "text/plain; charset=utf-16be"
    } else if std::str::from_utf8(bytes).is_ok() {
        "text/plain; charset=utf-8"
    } else {
        "text/plain; charset=gb18030"
    }
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Html("<!DOCTYPE html><meta charset=\"utf-8\"><title>未找到</title><p>未找到该页面或文件。</p>")).into_response()
}

/// Percent-encodes everything but unreserved characters (RFC 3986 §2.3), for one path segment.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Percent-encodes each `/`-separated segment of a relative path.
fn url_encode_path(s: &str) -> String {
    s.split('/').map(url_encode).collect::<Vec<_>>().join("/")
}

const PAGE_HEAD: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>intake 全文检索</title><style>\
body{margin:0;font:14px/1.6 \"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:#1d2330;background:#f5f6f8}\
header{background:#1d2b44;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:baseline}header h1{font-size:18px;margin:0}\
header a{color:#cfe0ff}main{padding:16px 24px;max-width:1200px;margin:0 auto}form{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:12px}\
input,select,button{font:inherit;padding:4px 8px;border:1px solid #b8bfca;border-radius:4px;background:#fff}#q{min-width:22em}\
.muted{color:#667}.error{color:#c62828}ol{padding-left:24px}.hit{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:8px 12px;margin-bottom:10px}\
blockquote{margin:6px 0 0;padding:4px 10px;border-left:3px solid #b8bfca;background:#fafbfc}mark{background:#ffe066}\
</style></head><body><header><h1>intake 全文检索</h1><a href=\"/report.html\">审查报告</a></header><main>";

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use super::*;

    /// Serves a small OUT and batch on a free loopback port; returns the port.
    fn serve(out: PathBuf, batch: PathBuf) -> u16 {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = std_listener.local_addr().unwrap().port();
        std_listener.set_nonblocking(true).unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
                axum::serve(listener, router(out, Some(batch)))
                    .await
                    .unwrap();
            });
        });
        port
    }

    /// A raw HTTP/1.1 GET with the path sent exactly as given (no client-side normalisation).
    fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&buf[..split]).to_string();
        let status = head[9..12].parse().unwrap();
        (status, head.to_ascii_lowercase(), buf[split + 4..].to_vec())
    }

    fn fixture() -> (tempfile::TempDir, u16) {
        let dir = tempfile::tempdir().unwrap();
        let (out, batch) = (dir.path().join("out"), dir.path().join("batch"));
        std::fs::create_dir_all(batch.join("sub-0001/附件")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(
            out.join("report.html"),
            "<!DOCTYPE html><title>报告</title>",
        )
        .unwrap();
        std::fs::write(batch.join("sub-0001/申报书.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
        std::fs::write(batch.join("sub-0001/附件/说明.txt"), "从业人员共计126人").unwrap();
        std::fs::write(
            batch.join("sub-0001/evil.html"),
            "<script>alert(1)</script>",
        )
        .unwrap();
        std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.path().join("secret.txt"),
                batch.join("sub-0001/link.txt"),
            )
            .unwrap();
            std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        }
        let port = serve(out.canonicalize().unwrap(), batch.canonicalize().unwrap());
        (dir, port)
    }

    #[test]
    fn serves_documents_with_their_types() {
        let (_dir, port) = fixture();
        let (status, head, body) =
            get(port, &format!("/doc/sub-0001/{}", url_encode("申报书.pdf")));
        assert_eq!(status, 200);
        assert!(head.contains("content-type: application/pdf"), "{head}");
        assert_eq!(body, b"%PDF-1.4\n%%EOF\n");
        let (status, head, body) = get(
            port,
            &format!("/doc/sub-0001/{}", url_encode_path("附件/说明.txt")),
        );
        assert_eq!(status, 200);
        assert!(head.contains("text/plain; charset=utf-8"), "{head}");
        assert_eq!(String::from_utf8(body).unwrap(), "从业人员共计126人");
        // An HTML file in a submission is untrusted: downloaded, never rendered on this origin.
        let (status, head, _) = get(port, "/doc/sub-0001/evil.html");
        assert_eq!(status, 200);
        assert!(
            head.contains("application/octet-stream")
                && head.contains("content-disposition: attachment"),
            "{head}"
        );
        let (status, head, _) = get(port, "/report.html");
        assert_eq!(status, 200);
        assert!(head.contains("text/html"), "{head}");
        let (status, _, _) = get(port, "/sub/sub-0001");
        assert_eq!(status, 303);
    }

    #[test]
    fn nothing_outside_out_and_the_batch() {
        let (_dir, port) = fixture();
        for path in [
            "/doc/sub-0001/../../secret.txt",
            "/doc/sub-0001/%2e%2e/%2e%2e/secret.txt",
            "/doc/sub-0001/%2E%2E%2F%2E%2E%2Fsecret.txt",
            "/doc/%2e%2e/secret.txt",
            "/doc/..%2f/secret.txt",
            "/doc/sub-0001/..%5c..%5csecret.txt",
            "/doc/sub-0001//etc/passwd",
            "/doc/sub-0001/%2Fetc%2Fpasswd",
            "/out/%2Fetc%2Fpasswd",
            "/out//etc/passwd",
            "/out/../secret.txt",
            "/out/%2e%2e/secret.txt",
            "/out/up/secret.txt",
            "/doc/sub-0001/link.txt",
            "/doc/sub-0001/./link.txt",
            "/../secret.txt",
        ] {
            let (status, _, body) = get(port, path);
            assert!(status == 404 || status == 400, "{path} gave {status}");
            assert!(
                !String::from_utf8_lossy(&body).contains("SECRET"),
                "{path} leaked the file"
            );
        }
    }

    #[test]
    fn snippets_are_escaped_and_marked() {
        let mut h = String::new();
        snippet_html(&mut h, "<b>公共服务</b>平台", &[(3, 7), (11, 13), (40, 50)]);
        assert_eq!(
            h,
            "&lt;b&gt;<mark>公共服务</mark>&lt;/b&gt;<mark>平台</mark>"
        );
        assert_eq!(url_encode("申报书.pdf"), "%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf");
        let p = SearchParams {
            where_: "staff.total>=50，facility.area_m2<3000".into(),
            ..Default::default()
        };
        assert_eq!(
            p.query().where_,
            ["staff.total>=50", "facility.area_m2<3000"]
        );
    }
}
