//! The integrity officer's desk in `serve`: what it loads at start (OUT's findings, ranked; the
//! decisions database; the per-server token) and the work queue (`/queue`).
//!
//! Every document-derived string is escaped; the queue is drawn from memory plus one query of
//! the current decisions, so a page of a 10,000-finding batch takes milliseconds.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{Query as UrlQuery, State};
use axum::response::{Html, IntoResponse, Response};
use intake_model::{Finding, Severity};
use intake_report::{escape, escape_visible};

use super::App;
use super::page::url_encode;
use crate::desk::store::{Change, Store};
use crate::desk::{OutView, Status};

/// Findings listed per queue page.
pub const PAGE_SIZE: usize = 50;

/// The desk's state, loaded once when `serve` starts.
pub struct Desk {
    /// OUT's findings and submissions.
    pub view: OutView,
    /// Finding indices per submission, in file order.
    pub by_sub: HashMap<String, Vec<usize>>,
    /// Finding indices, most severe first (fail, warn, info), then by submission, then file order.
    pub ranked: Vec<usize>,
    /// The decisions database; `None` until the first decision when the file does not exist
    /// yet (serving never creates it by itself).
    pub store: Mutex<Option<Store>>,
    /// Why decisions cannot be recorded (an existing database that cannot be opened), if so.
    pub read_only: Option<String>,
    /// Where the database is.
    pub db_path: PathBuf,
    /// The token every state-changing request must carry: random per server start, only ever
    /// sent inside this server's own pages (a cross-site form cannot read it).
    pub token: String,
    /// The reviewer's name from `--reviewer`, if given.
    pub reviewer: Option<String>,
}

impl Desk {
    /// Loads OUT's findings and opens the database at `db` if it exists. One that cannot be
    /// opened leaves the desk read-only, with a warning on stderr.
    ///
    /// Errors: OUT's findings or submissions cannot be read.
    pub fn load(out: &Path, db: PathBuf, reviewer: Option<String>) -> anyhow::Result<Desk> {
        Ok(Desk::over(OutView::load(out)?, db, reviewer))
    }

    /// A desk over `view` (see [`Desk::load`]).
    pub fn over(view: OutView, db: PathBuf, reviewer: Option<String>) -> Desk {
        let mut by_sub: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, f)) in view.findings.iter().enumerate() {
            by_sub.entry(f.submission.clone()).or_default().push(i);
        }
        let mut ranked: Vec<usize> = (0..view.findings.len()).collect();
        ranked.sort_by(|&a, &b| {
            let (fa, fb) = (&view.findings[a].1, &view.findings[b].1);
            rank(fa.severity)
                .cmp(&rank(fb.severity))
                .then_with(|| fa.submission.cmp(&fb.submission))
                .then(a.cmp(&b))
        });
        let (store, read_only) = if db.exists() {
            match Store::open(&db) {
                Ok(s) => (Some(s), None),
                Err(e) => {
                    eprintln!("intake: 处理记录数据库无法打开，只能查看不能处理：{e:#}");
                    (None, Some(format!("{e:#}")))
                }
            }
        } else {
            (None, None)
        };
        Desk {
            view,
            by_sub,
            ranked,
            store: Mutex::new(store),
            read_only,
            db_path: db,
            token: new_token(),
            reviewer,
        }
    }

    /// The current decision of every finding that has one (empty without a database).
    pub fn current(&self) -> HashMap<String, Change> {
        self.store
            .lock()
            .ok()
            .and_then(|s| s.as_ref()?.current().ok())
            .unwrap_or_default()
    }

    /// Every change of one finding, oldest first (empty without a database).
    pub fn history(&self, fp: &str) -> Vec<Change> {
        self.store
            .lock()
            .ok()
            .and_then(|s| s.as_ref()?.history(fp).ok())
            .unwrap_or_default()
    }
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Fail => 0,
        Severity::Warn => 1,
        Severity::Info => 2,
    }
}

/// 32 hex digits from the system's random source (the server's start time and pid as a last
/// resort where /dev/urandom is missing).
fn new_token() -> String {
    use std::io::Read as _;
    let mut bytes = [0u8; 16];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .is_err()
    {
        use sha2::Digest as _;
        let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
        bytes.copy_from_slice(&sha2::Sha256::digest(seed.as_bytes())[..16]);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Query string of `/queue`.
#[derive(serde::Deserialize, Default)]
pub struct QueueParams {
    /// A finding kind id, or empty for all.
    #[serde(default)]
    pub kind: String,
    /// A regime id, or empty for all.
    #[serde(default)]
    pub regime: String,
    /// A status id, `all`, or empty for `open`.
    #[serde(default)]
    pub status: String,
    /// Only findings last decided by this reviewer.
    #[serde(default)]
    pub reviewer: String,
    /// 1-based page.
    pub page: Option<usize>,
}

/// `/queue`: the open findings (or those of the chosen status), most severe first, a page at a
/// time, with filters by kind, regime, status and reviewer.
pub async fn queue(State(app): State<Arc<App>>, UrlQuery(p): UrlQuery<QueueParams>) -> Response {
    let body = tokio::task::spawn_blocking(move || queue_html(&app, &p)).await;
    match body {
        Ok(h) => Html(h).into_response(),
        Err(_) => super::files::not_found(),
    }
}

/// The queue page's HTML.
pub fn queue_html(app: &App, p: &QueueParams) -> String {
    let desk = &app.desk;
    let current = desk.current();
    let want_status = match p.status.as_str() {
        "" => Some(Status::Open),
        "all" => None,
        s => Status::parse(s).or(Some(Status::Open)),
    };
    let status_of = |fp: &str| current.get(fp).map_or(Status::Open, |c| c.to);
    let matches = |i: &usize| {
        let (fp, f) = &desk.view.findings[*i];
        (p.kind.is_empty() || kind_id(f) == p.kind)
            && (p.regime.is_empty() || f.regime.as_deref() == Some(p.regime.as_str()))
            && want_status.is_none_or(|s| status_of(fp) == s)
            && (p.reviewer.is_empty() || current.get(fp).is_some_and(|c| c.reviewer == p.reviewer))
    };
    let total = desk.ranked.iter().filter(|i| matches(i)).count();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = p.page.unwrap_or(1).clamp(1, pages);
    let mut h = head("待处理队列", desk);
    h.push_str("<h2>待处理队列</h2><form method=\"get\" action=\"/queue\" id=\"filters\">");
    select(
        &mut h,
        "status",
        &p.status,
        &std::iter::once(("", "待处理"))
            .chain(Status::ALL.iter().skip(1).map(|s| (s.id(), s.label())))
            .chain([("all", "全部状态")])
            .collect::<Vec<_>>(),
    );
    let kinds: Vec<(&str, &str)> = std::iter::once(("", "全部问题类型"))
        .chain(
            intake_model::FindingKind::ALL
                .iter()
                .map(|&k| (k.as_str(), intake_report::kind_label(k))),
        )
        .collect();
    select(&mut h, "kind", &p.kind, &kinds);
    let regimes: Vec<(&str, &str)> = std::iter::once(("", "全部类别"))
        .chain(
            crate::filters::builtin_regimes()
                .iter()
                .map(|r| (r.id.as_str(), r.name.as_str())),
        )
        .collect();
    select(&mut h, "regime", &p.regime, &regimes);
    let _ = write!(
        h,
        "<input name=\"reviewer\" value=\"{}\" placeholder=\"审查人\" size=\"8\"><button type=\"submit\">筛选</button></form>\
         <p class=\"muted\" id=\"qcount\">共 {total} 条 · 第 {page}/{pages} 页</p>\
         <table id=\"queue\"><thead><tr><th>级别</th><th>申报</th><th>申报单位</th><th>问题类型</th><th>问题</th><th>状态</th><th>审查人</th></tr></thead><tbody>",
        escape(&p.reviewer)
    );
    for &i in desk
        .ranked
        .iter()
        .filter(|i| matches(i))
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
    {
        let (fp, f) = &desk.view.findings[i];
        let c = current.get(fp);
        let status = c.map_or(Status::Open, |c| c.to);
        let _ = write!(
            h,
            "<tr class=\"q\" data-sev=\"{sev}\" data-fp=\"{fp}\"><td><span class=\"sev sev-{sev}\">{sevl}</span></td>\
             <td><a href=\"/desk/{subu}#f-{fp}\">{sub}</a></td><td>{org}</td><td>{kind}</td><td class=\"msg\">{msg}</td>\
             <td><span class=\"st st-{st}\">{stl}</span></td><td>{rev}</td></tr>",
            sev = sev_id(f.severity),
            sevl = sev_label(f.severity),
            subu = escape(&url_encode(&f.submission)),
            sub = escape_visible(&f.submission, false),
            org = escape_visible(desk.view.applicant(&f.submission), false),
            kind = intake_report::kind_label(f.kind),
            msg = escape_visible(&f.message, true),
            st = status.id(),
            stl = status.label(),
            rev = escape_visible(c.map_or("", |c| c.reviewer.as_str()), false),
        );
    }
    h.push_str("</tbody></table><nav id=\"pager\">");
    let link = |n: usize| {
        format!(
            "/queue?status={}&kind={}&regime={}&reviewer={}&page={n}",
            url_encode(&p.status),
            url_encode(&p.kind),
            url_encode(&p.regime),
            url_encode(&p.reviewer)
        )
    };
    if page > 1 {
        let _ = write!(
            h,
            "<a id=\"prev\" href=\"{}\">上一页</a> ",
            escape(&link(page - 1))
        );
    }
    if page < pages {
        let _ = write!(
            h,
            "<a id=\"next\" href=\"{}\">下一页</a>",
            escape(&link(page + 1))
        );
    }
    h.push_str("</nav></main></body></html>");
    h
}

fn select(h: &mut String, name: &str, chosen: &str, options: &[(&str, &str)]) {
    let _ = write!(h, "<select name=\"{name}\" id=\"f-{name}\">");
    for (value, label) in options {
        let sel = if *value == chosen { " selected" } else { "" };
        let _ = write!(h, "<option value=\"{value}\"{sel}>{label}</option>");
    }
    h.push_str("</select>");
}

/// A finding's kind id (`threshold_unmet`).
pub fn kind_id(f: &Finding) -> &'static str {
    use intake_model::FindingKind as K;
    match f.kind {
        K::ThresholdUnmet => "threshold_unmet",
        K::ThresholdMissing => "threshold_missing",
        K::InconsistentValue => "inconsistent_value",
        K::ArithmeticMismatch => "arithmetic_mismatch",
        K::InvalidIdentifier => "invalid_identifier",
        K::DateImplausible => "date_implausible",
        K::DuplicateText => "duplicate_text",
        K::SuspiciousPattern => "suspicious_pattern",
        K::MetadataAnomaly => "metadata_anomaly",
        K::Eligibility => "eligibility",
        K::UnreadableDocument => "unreadable_document",
    }
}

/// `fail` / `warn` / `info`.
pub fn sev_id(s: Severity) -> &'static str {
    match s {
        Severity::Fail => "fail",
        Severity::Warn => "warn",
        Severity::Info => "info",
    }
}

/// 不通过项 / 需复核 / 提示.
pub fn sev_label(s: Severity) -> &'static str {
    match s {
        Severity::Fail => "不符合",
        Severity::Warn => "需复核",
        Severity::Info => "提示",
    }
}

/// The desk pages' head: title, style, the header with its links and the reviewer field.
pub fn head(title: &str, desk: &Desk) -> String {
    let mut h = String::with_capacity(64 << 10);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{} · intake</title><style>{STYLE}</style></head>\
         <body><header><h1>intake 审查台</h1><a href=\"/queue\">待处理队列</a><a href=\"/\">全文检索</a><a href=\"/report.html\">审查报告</a>\
         <label class=\"who\">审查人 <input id=\"reviewer\" size=\"8\" value=\"{}\" data-fixed=\"{}\"></label></header>\
         <script>(function(){{var w=document.getElementById('reviewer');if(w.dataset.fixed!=='1'&&!w.value)w.value=localStorage.getItem('intake.reviewer')||'';}})();</script><main>",
        escape(title),
        escape(desk.reviewer.as_deref().unwrap_or("")),
        if desk.reviewer.is_some() { "1" } else { "" }
    );
    h
}

const STYLE: &str = "body{margin:0;font:14px/1.6 \"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:#1d2330;background:#f5f6f8}\
header{background:#1d2b44;color:#fff;padding:10px 24px;display:flex;gap:20px;align-items:baseline}header h1{font-size:18px;margin:0}\
header a{color:#cfe0ff}.who{margin-left:auto}main{padding:16px 24px;max-width:1200px;margin:0 auto}\
input,select,button,textarea{font:inherit;padding:3px 8px;border:1px solid #b8bfca;border-radius:4px;background:#fff}\
form#filters{display:flex;gap:8px;flex-wrap:wrap;margin-bottom:8px}.muted{color:#667}\
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #e3e6ea;padding:5px 8px;text-align:left;vertical-align:top}th{white-space:nowrap}td:nth-child(-n+4),td:nth-child(n+6){white-space:nowrap}\
.sev{font-size:12px;padding:1px 6px;border-radius:3px;white-space:nowrap}.sev-fail{background:#fde8e8;color:#b71c1c}.sev-warn{background:#fff4d6;color:#8a5a00}.sev-info{background:#e8eefc;color:#1d4ed8}\
.st{font-size:12px;padding:1px 6px;border-radius:3px;border:1px solid #b8bfca;white-space:nowrap}.st-confirmed{background:#fde8e8;border-color:#c62828}.st-dismissed{background:#e8f5e9;border-color:#2e7d32}\
.st-ask{background:#fff4d6;border-color:#b26a00}.st-resolved{background:#eceff1;border-color:#607d8b}\
#pager a{margin-right:12px}.finding{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px 14px;margin-bottom:12px}\
.finding:focus{outline:3px solid #4c7bd9}.finding h3{font-size:15px;margin:0 0 4px}blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #b8bfca;background:#fafbfc;white-space:pre-wrap}\
.ev{margin:6px 0}.ev a{margin-right:10px}form.decide{display:flex;flex-wrap:wrap;gap:6px;align-items:flex-start;margin-top:8px}form.decide textarea{flex:1 1 100%;min-height:2.4em}\
form.decide button.on{outline:2px solid #1d2b44;font-weight:bold}ol.history{margin:6px 0 0;padding-left:20px;color:#445;font-size:13px}\
#verdict b{font-size:15px}.v-fail{color:#b71c1c}.v-review{color:#8a5a00}.v-pass{color:#2e7d32}mark{background:#ffe066}mark#hl{outline:2px solid #e65100}\
.page{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:10px 14px;margin-bottom:12px}.page .text{white-space:pre-wrap;margin:0}\
.ctl{color:#c62828;background:#fde8e8;font:12px monospace;border:1px solid #c62828;border-radius:2px}.error{color:#c62828}\
.ocr{color:#8a5a00;background:#fff4d6;padding:0 4px;border-radius:3px;font-size:12px}";
