//! The search page (`/`) and API (`/api/search`): the form, the hits with their snippets, every
//! document-derived string escaped and its control or bidi characters shown, not applied.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query as UrlQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use intake_report::{escape, escape_visible};

use super::App;

/// Query string of the search page and API.
#[derive(serde::Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub regime: String,
    #[serde(default)]
    pub kind: String,
    /// Numeric filters separated by spaces, commas or semicolons: `staff.total>=50 facility.area_m2<3000`.
    #[serde(default, rename = "where")]
    pub where_: String,
    #[serde(default)]
    pub submission: String,
    pub limit: Option<usize>,
    /// Hits skipped before this page (the web page's 下一页 sets it).
    pub offset: Option<usize>,
}

impl SearchParams {
    pub fn query(&self) -> intake_index::Query {
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

/// Hits skipped at most (deeper pages are refused: ranking them costs more than anyone reads).
const MAX_OFFSET: usize = 10_000;

async fn run_search(app: &Arc<App>, p: &SearchParams) -> Result<intake_index::Page, String> {
    let (dir, q) = (app.out.clone(), p.query());
    let offset = p.offset.unwrap_or(0).min(MAX_OFFSET);
    tokio::task::spawn_blocking(move || {
        intake_index::search_page(&dir, &q, offset).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

pub async fn search_api(
    State(app): State<Arc<App>>,
    UrlQuery(p): UrlQuery<SearchParams>,
) -> Response {
    match run_search(&app, &p).await {
        // The hits as before; the total in a header, so the body's shape stays an array.
        Ok(page) => {
            let mut r = Json(page.hits).into_response();
            r.headers_mut()
                .insert("x-total-count", axum::http::HeaderValue::from(page.total));
            r
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": e })),
        )
            .into_response(),
    }
}

pub async fn search_page(
    State(app): State<Arc<App>>,
    UrlQuery(p): UrlQuery<SearchParams>,
) -> Response {
    let mut h = String::from(PAGE_HEAD);
    h.push_str("<form method=\"get\" action=\"/\" id=\"search\">");
    let _ = write!(
        h,
        "<input type=\"search\" name=\"q\" id=\"q\" value=\"{}\" placeholder=\"检索全文，如：公共服务平台\" autofocus>",
        escape(&p.q)
    );
    h.push_str("<select name=\"regime\" id=\"regime\"><option value=\"\">全部类别</option>");
    for r in crate::filters::builtin_regimes().iter() {
        let sel = if p.regime == r.id.as_str() {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            h,
            "<option value=\"{}\"{sel}>{}</option>",
            r.id.as_str(),
            r.name
        );
    }
    h.push_str(
        "</select><select name=\"kind\" id=\"kind\"><option value=\"\">全部问题类型</option>",
    );
    for kind in intake_model::FindingKind::ALL {
        let k = kind.as_str();
        let sel = if p.kind == k { " selected" } else { "" };
        let label = intake_report::kind_label(kind);
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
    let mut status = StatusCode::OK;
    if p.is_empty() {
        h.push_str("<p class=\"muted\">输入词语或短语（中文无需空格），可按申报类别、问题类型和数值条件筛选。</p>");
    } else {
        match run_search(&app, &p).await {
            Err(e) => {
                status = StatusCode::BAD_REQUEST;
                let _ = write!(
                    h,
                    "<p class=\"error\" id=\"error\">检索出错：{}</p>",
                    escape_visible(&e, false)
                );
            }
            Ok(page) => {
                hits_html(&mut h, &page.hits, page.total, p.offset.unwrap_or(0));
                pager_html(&mut h, &p, page.total);
            }
        }
    }
    h.push_str("</main></body></html>");
    (status, Html(h)).into_response()
}

/// 上一页 / 下一页 links keeping every other parameter.
fn pager_html(h: &mut String, p: &SearchParams, total: usize) {
    let limit = p.query().limit.max(1);
    let offset = p.offset.unwrap_or(0);
    let link = |o: usize| {
        format!(
            "/?q={}&regime={}&kind={}&where={}&submission={}&limit={limit}&offset={o}",
            url_encode(&p.q),
            url_encode(&p.regime),
            url_encode(&p.kind),
            url_encode(&p.where_),
            url_encode(&p.submission)
        )
    };
    h.push_str("<nav id=\"pager\">");
    if offset > 0 {
        let _ = write!(
            h,
            "<a id=\"prev\" href=\"{}\">上一页</a> ",
            escape(&link(offset.saturating_sub(limit)))
        );
    }
    if offset + limit < total && offset + limit <= MAX_OFFSET {
        let _ = write!(
            h,
            "<a id=\"next\" href=\"{}\">下一页</a>",
            escape(&link(offset + limit))
        );
    }
    h.push_str("</nav>");
}

fn hits_html(h: &mut String, hits: &[intake_index::Hit], total: usize, offset: usize) {
    if hits.len() == total {
        let _ = write!(h, "<p class=\"muted\" id=\"count\">共 {total} 条结果</p>");
    } else if hits.is_empty() {
        let _ = write!(
            h,
            "<p class=\"muted\" id=\"count\">共 {total} 条结果，本页没有结果</p>"
        );
    } else {
        let _ = write!(
            h,
            "<p class=\"muted\" id=\"count\">共 {total} 条结果，显示第 {}–{} 条</p>",
            offset + 1,
            offset + hits.len()
        );
    }
    let _ = write!(h, "<ol id=\"hits\" start=\"{}\">", offset + 1);
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
            escape_visible(&hit.submission, false),
            escape_visible(hit.org_name.as_deref().unwrap_or(""), false),
            escape_visible(
                &intake_report::regime_label(
                    crate::filters::builtin_regimes(),
                    hit.regime.as_deref()
                ),
                false
            ),
            escape(&doc_url),
            escape_visible(&hit.document, false),
            page,
            hit.score
        );
        snippet_html(h, &hit.snippet, &hit.highlights);
        h.push_str("</blockquote></li>");
    }
    h.push_str("</ol>");
}

/// The snippet, escaped, with each `[start, end)` character range wrapped in `<mark>`.
pub fn snippet_html(h: &mut String, snippet: &str, highlights: &[(usize, usize)]) {
    let chars: Vec<char> = snippet.chars().collect();
    let mut pos = 0;
    for &(a, b) in highlights {
        let (a, b) = (a.clamp(pos, chars.len()), b.min(chars.len()));
        if a >= b {
            continue;
        }
        h.push_str(&escape_visible(
            &chars[pos..a].iter().collect::<String>(),
            true,
        ));
        let _ = write!(
            h,
            "<mark>{}</mark>",
            escape_visible(&chars[a..b].iter().collect::<String>(), true)
        );
        pos = b;
    }
    h.push_str(&escape_visible(
        &chars[pos..].iter().collect::<String>(),
        true,
    ));
}

/// Percent-encodes everything but unreserved characters (RFC 3986 §2.3), for one path segment.
pub fn url_encode(s: &str) -> String {
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
pub fn url_encode_path(s: &str) -> String {
    s.split('/').map(url_encode).collect::<Vec<_>>().join("/")
}

const PAGE_HEAD: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>intake 全文检索</title><style>\
body{margin:0;font:14px/1.6 \"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;color:#1d2330;background:#f5f6f8}\
header{background:#1d2b44;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:baseline}header h1{font-size:18px;margin:0}\
header a{color:#cfe0ff}main{padding:16px 24px;max-width:1200px;margin:0 auto}form{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:12px}\
input,select,button{font:inherit;padding:4px 8px;border:1px solid #b8bfca;border-radius:4px;background:#fff}#q{min-width:22em}\
.muted{color:#667}.error{color:#c62828}ol{padding-left:24px}.hit{background:#fff;border:1px solid #d9dde3;border-radius:6px;padding:8px 12px;margin-bottom:10px}\
blockquote{margin:6px 0 0;padding:4px 10px;border-left:3px solid #b8bfca;background:#fafbfc}mark{background:#ffe066}.ctl{color:#c62828;background:#fde8e8;font:12px monospace;border:1px solid #c62828;border-radius:2px}\
</style></head><body><header><h1>intake 全文检索</h1><a href=\"/report.html\">审查报告</a><a href=\"/queue\">待处理队列</a></header><main>";
