//! `intake serve OUT [--addr 127.0.0.1:8080] [--batch BATCH] [--allow-remote]`: the reviewers'
//! view in a browser.
//!
//! Serves the full-text search (`/`, `/api/search`), the report (`/report.html`, a submission at
//! `/sub/<id>` → `/report.html#sub=<id>`), OUT's own files (`/out/<path>`) and the batch's
//! documents (`/doc/<submission>/<path>`; a PDF opens in the browser's viewer, `#page=N` selects
//! the cited page).
//!
//! The integrity officer's desk: the work queue (`/queue`), a submission's findings with their
//! decisions and history (`/desk/<id>`), decisions posted to `/decide` with the server's token
//! (stored in `--db` or OUT/decisions.sqlite, see `crate::desk`), and a document as text with a
//! quote marked (`/text/<submission>/<path>?page=N&q=QUOTE`).
//!
//! Nothing outside OUT and the batch is reachable: a path is split into components after
//! percent-decoding, `..`, `.`, empty and absolute components are refused, and the file is
//! opened one component at a time with symlinks refused at every level below the root, the
//! submission folder included (see [`files::open_under`]). Files are streamed with byte ranges;
//! a batch document larger than the run's document limit is refused (413). Every response
//! carries a CSP (`sandbox` for batch documents other than checked PDFs), nosniff and
//! no-referrer; a request whose Host is not this server gets 421 (DNS rebinding); the server
//! listens on loopback unless `--allow-remote`; a connection that sends no complete request
//! head within [`HEADER_TIMEOUT`] is closed.

mod decide;
pub mod desk;
mod files;
mod guard;
mod page;
mod text;

use std::io::{BufRead as _, Read as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::HeaderMap;
use axum::response::{Redirect, Response};
use axum::routing::get;

use files::{Origin, not_found, safe_component, send_file};
pub use guard::Hosts;
use page::{search_api, search_page, url_encode};

/// How long a connection may take to send a request head, idle keep-alive time included.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// Arguments of `intake serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The output folder written by `intake run` (report.html, *.jsonl, index/).
    out: PathBuf,
    /// Address to listen on. Loopback only unless --allow-remote; port 0 picks a free port (the
    /// address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The batch folder OUT was made from, for opening source documents. Default: the folder
    /// named in OUT/batch.json, looked for in the current directory and beside OUT.
    #[arg(long)]
    batch: Option<PathBuf>,
    /// Allow a non-loopback --addr: the applicants' documents become reachable from other
    /// machines (requests must then name this server by an IP address, not a host name).
    #[arg(long)]
    allow_remote: bool,
    /// The decisions database (default OUT/decisions.sqlite; created at the first decision).
    #[arg(long, value_name = "DB")]
    db: Option<PathBuf>,
    /// 审查人：the name every decision made through this server is recorded under (otherwise
    /// each browser is asked once).
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
}

/// What the handlers share: canonical roots and the document size cap.
pub struct App {
    out: PathBuf,
    batch: Option<PathBuf>,
    /// Largest batch document served, in bytes (the run's own limit on a document's size).
    max_doc_bytes: u64,
    /// Findings, decisions and the token.
    desk: desk::Desk,
    /// Documents recently read for the text view.
    text_cache: text::TextCache,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.addr.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "intake: 地址 {} 不是本机回环地址，拒绝监听：申报材料会被其他机器访问；确需如此请加 --allow-remote (non-loopback address refused without --allow-remote)",
            args.addr
        );
        return Ok(ExitCode::from(2));
    }
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
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| out.join(crate::desk::DB_FILE));
    let reviewer = args
        .reviewer
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let desk = desk::Desk::load(&out, db, reviewer)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Searches run on blocking threads; room beyond the query parser's bounded recursion.
        .thread_stack_size(8 << 20)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("binding {}", args.addr))?;
        let addr = listener.local_addr()?;
        println!("intake: serving {} on http://{addr}/", out.display());
        let app = router_with(out, batch, Hosts::new(addr, args.allow_remote), desk);
        serve(listener, app, HEADER_TIMEOUT).await;
        Ok(ExitCode::SUCCESS)
    })
}

/// Accepts connections for ever, each served over HTTP/1.1 with `header_timeout` to send a
/// request head (so idle and slow-header connections are closed). An accept error (no more file
/// descriptors) pauses briefly instead of ending the server.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The batch named in OUT/batch.json (`"batch": "<folder name>"`), looked for in the current
/// directory and beside OUT; accepted only if it holds the first submission's folder.
fn find_batch(out: &Path) -> Option<PathBuf> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).ok()?).ok()?;
    let name = manifest["batch"].as_str()?;
    // Only the first line: submissions.jsonl of a large batch is not read whole.
    let mut first = String::new();
    let file = std::fs::File::open(out.join("submissions.jsonl")).ok()?;
    std::io::BufReader::new(file.take(1 << 20))
        .read_line(&mut first)
        .ok()?;
    let first: serde_json::Value = serde_json::from_str(first.trim_end()).ok()?;
    let sub = first["submission"].as_str()?;
    let candidates = [PathBuf::from(name), out.parent()?.join(name)];
    candidates
        .into_iter()
        .find(|c| safe_component(name) && c.join(sub).is_dir())
        .and_then(|c| c.canonicalize().ok())
}

/// The routes, over canonical `out` and `batch` roots, behind the Host check and security
/// headers of [`guard::guard`].
#[cfg(test)]
pub fn router(out: PathBuf, batch: Option<PathBuf>, hosts: Hosts) -> Router {
    let db = out.join(crate::desk::DB_FILE);
    let desk = desk::Desk::load(&out, db.clone(), None).unwrap_or_else(|_| {
        let empty = crate::desk::OutView {
            findings: Vec::new(),
            submissions: Default::default(),
        };
        desk::Desk::over(empty, db, None)
    });
    router_with(out, batch, hosts, desk)
}

/// [`router`] with the desk given (its database and reviewer from the command line).
pub fn router_with(out: PathBuf, batch: Option<PathBuf>, hosts: Hosts, desk: desk::Desk) -> Router {
    let app = App {
        out,
        batch,
        max_doc_bytes: intake_extract::Limits::default().max_file_bytes,
        desk,
        text_cache: text::TextCache::new(),
    };
    Router::new()
        .route("/", get(search_page))
        .route("/queue", get(desk::queue))
        .route("/desk/{id}", get(decide::submission))
        .route("/decide", axum::routing::post(decide::decide))
        .route("/text/{sub}/{*path}", get(text::text_view))
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
        .with_state(Arc::new(app))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            guard::guard,
        ))
}

async fn report(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    send_file(&app.out, &["report.html"], Origin::Out, u64::MAX, &headers).await
}

async fn out_file(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let parts: Vec<&str> = path.split('/').collect();
    send_file(&app.out, &parts, Origin::Out, u64::MAX, &headers).await
}

/// A batch document: the submission folder is one more component under the batch root, so a
/// submission that is itself a symlink is refused like any other.
async fn doc_file(
    State(app): State<Arc<App>>,
    UrlPath((sub, path)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(batch) = &app.batch else {
        return not_found();
    };
    let parts: Vec<&str> = std::iter::once(sub.as_str())
        .chain(path.split('/'))
        .collect();
    send_file(batch, &parts, Origin::Batch, app.max_doc_bytes, &headers).await
}

#[cfg(test)]
mod tests;
