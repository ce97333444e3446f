//! A submission on the desk (`/desk/<id>`): its verdict before and after decisions, each finding
//! with its evidence (linked to the sentence in the document's text view), status buttons, a note,
//! keyboard shortcuts and its history; and the one state-changing route, `POST /decide`.
//!
//! `POST /decide` changes nothing unless the form carries this server's token (compared in
//! constant time), the request is not marked cross-site by the browser (`Origin` of another
//! host, `Sec-Fetch-Site: cross-site`), the finding is one of OUT's, and nobody changed the
//! finding since the page was drawn (`prev`; otherwise 409 names who did).

use std::fmt::Write as _;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use intake_report::{escape, escape_visible};

use super::App;
use super::desk::{head, sev_id, sev_label};
use super::page::{url_encode, url_encode_path};
use crate::desk::store::{Change, DecideError};
use crate::desk::{Status, verdict_with};

/// Longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;
/// Longest reviewer name, in characters.
pub const MAX_REVIEWER_CHARS: usize = 64;

/// `/desk/<id>`.
pub async fn submission(State(app): State<Arc<App>>, UrlPath(id): UrlPath<String>) -> Response {
    let page = tokio::task::spawn_blocking(move || submission_html(&app, &id)).await;
    match page {
        Ok(Some(h)) => Html(h).into_response(),
        _ => super::files::not_found(),
    }
}

fn verdict_label(v: intake_model::Verdict) -> (&'static str, &'static str) {
    match v {
        intake_model::Verdict::Pass => ("pass", "通过"),
        intake_model::Verdict::Review => ("review", "待复核"),
        intake_model::Verdict::Fail => ("fail", "不通过"),
    }
}

/// The submission page's HTML, or `None` for an unknown submission.
pub fn submission_html(app: &App, id: &str) -> Option<String> {
    let desk = &app.desk;
    let record = desk.view.submissions.get(id)?;
    let idx: &[usize] = desk.by_sub.get(id).map_or(&[], Vec::as_slice);
    let mut decided: Vec<(Option<Change>, Vec<Change>)> = Vec::with_capacity(idx.len());
    for &i in idx {
        let history = desk.history(&desk.view.findings[i].0);
        decided.push((history.last().cloned(), history));
    }
    let findings: Vec<_> = idx.iter().map(|&i| &desk.view.findings[i].1).collect();
    let after = verdict_with(&findings, |k| {
        decided[k].0.as_ref().map_or(Status::Open, |c| c.to)
    });
    let (bid, blabel) = verdict_label(record.verdict);
    let (aid, alabel) = verdict_label(after);
    let mut h = head(&format!("申报 {id}"), desk);
    let _ = write!(
        h,
        "<h2 id=\"title\">申报 {} · {}</h2><p id=\"verdict\">计入处理结果后：<b class=\"v-{aid}\" id=\"verdict-now\">{alabel}</b> \
         <span class=\"muted\">（原判定：<span id=\"verdict-orig\" class=\"v-{bid}\">{blabel}</span>）</span> \
         <a href=\"/report.html#sub={}\">报告中查看</a></p>",
        escape_visible(id, false),
        escape_visible(
            record.org_name.as_deref().unwrap_or("（未识别申报单位）"),
            false
        ),
        escape(&url_encode(id)),
    );
    if desk.read_only.is_some() {
        h.push_str("<p class=\"error\">处理记录数据库不可用：只能查看，不能记录处理结果。</p>");
    }
    if idx.is_empty() {
        h.push_str("<p class=\"muted\">该申报没有发现问题。</p>");
    }
    h.push_str(
        "<p class=\"muted\">快捷键：j/k 上一条/下一条，1 属实，2 误报，3 需补正，0 待处理，n 写备注。</p>",
    );
    for (k, &i) in idx.iter().enumerate() {
        let (fp, f) = &desk.view.findings[i];
        let (latest, history) = &decided[k];
        let status = latest.as_ref().map_or(Status::Open, |c| c.to);
        let _ = write!(
            h,
            "<section class=\"finding\" id=\"f-{fp}\" data-fp=\"{fp}\" data-rule=\"{rule}\" data-status=\"{st}\" tabindex=\"0\">\
             <h3><span class=\"sev sev-{sev}\">{sevl}</span> {kind} <span class=\"muted\">{rule_v}{art}</span> \
             <span class=\"st st-{st}\" id=\"st-{fp}\">{stl}</span></h3><div class=\"msg\">{msg}</div>",
            rule = escape(&f.rule),
            st = status.id(),
            sev = sev_id(f.severity),
            sevl = sev_label(f.severity),
            kind = intake_report::kind_label(f.kind),
            rule_v = escape_visible(&f.rule, false),
            art = f
                .article
                .as_deref()
                .map(|a| format!(" · {}", escape_visible(a, false)))
                .unwrap_or_default(),
            stl = status.label(),
            msg = escape_visible(&f.message, true),
        );
        for e in &f.evidence {
            let sub = e.submission.as_deref().unwrap_or(&f.submission);
            let page = e.page.map(|p| format!(" · 第{p}页")).unwrap_or_default();
            let text_url = format!(
                "/text/{}/{}?{}q={}#hl",
                url_encode(sub),
                url_encode_path(&e.document),
                e.page.map(|p| format!("page={p}&")).unwrap_or_default(),
                url_encode(&e.quote)
            );
            let doc_url = format!(
                "/doc/{}/{}{}",
                url_encode(sub),
                url_encode_path(&e.document),
                e.page.map(|p| format!("#page={p}")).unwrap_or_default()
            );
            h.push_str("<div class=\"ev\">");
            if sub != f.submission {
                let _ = write!(
                    h,
                    "<a class=\"other\" href=\"/desk/{}\">申报 {}</a>",
                    escape(&url_encode(sub)),
                    escape_visible(sub, false)
                );
            }
            let _ = write!(
                h,
                "<a class=\"text\" href=\"{}\">{}{} · 在文中查看</a><a class=\"orig\" href=\"{}\" target=\"_blank\" rel=\"noopener\">原文件</a>\
                 <blockquote>{}</blockquote></div>",
                escape(&text_url),
                escape_visible(&e.document, false),
                page,
                escape(&doc_url),
                escape_visible(&e.quote, true)
            );
        }
        if desk.read_only.is_none() {
            let _ = write!(
                h,
                "<form method=\"post\" action=\"/decide\" class=\"decide\">\
                 <input type=\"hidden\" name=\"token\" value=\"{token}\"><input type=\"hidden\" name=\"fp\" value=\"{fp}\">\
                 <input type=\"hidden\" name=\"prev\" value=\"{prev}\"><input type=\"hidden\" name=\"reviewer\" value=\"\">\
                 <textarea name=\"note\" placeholder=\"备注（可选）\" maxlength=\"{MAX_NOTE_CHARS}\">{note}</textarea>",
                token = desk.token,
                prev = latest
                    .as_ref()
                    .map(|c| c.id.to_string())
                    .unwrap_or_default(),
                note = escape(latest.as_ref().map_or("", |c| c.note.as_str())),
            );
            for (s, key) in [
                (Status::Confirmed, "1"),
                (Status::Dismissed, "2"),
                (Status::Ask, "3"),
                (Status::Open, "0"),
            ] {
                let on = if s == status { " on" } else { "" };
                let _ = write!(
                    h,
                    "<button type=\"submit\" name=\"status\" value=\"{}\" data-key=\"{key}\" class=\"b-{}{on}\">{} [{key}]</button>",
                    s.id(),
                    s.id(),
                    s.label()
                );
            }
            h.push_str("</form>");
        }
        if !history.is_empty() {
            h.push_str("<ol class=\"history\">");
            for c in history {
                let _ = write!(
                    h,
                    "<li>{} · {} · {} → {}{}</li>",
                    escape(&c.at),
                    escape_visible(&c.reviewer, false),
                    c.from.label(),
                    c.to.label(),
                    if c.note.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", escape_visible(&c.note, false))
                    }
                );
            }
            h.push_str("</ol>");
        }
        h.push_str("</section>");
    }
    h.push_str(SCRIPT);
    h.push_str("</main></body></html>");
    Some(h)
}

/// The form of `POST /decide`.
#[derive(serde::Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    fp: String,
    #[serde(default)]
    prev: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    status: String,
}

/// `POST /decide`: records a decision and answers 303 to the finding on its submission page.
pub async fn decide(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    form: Result<Form<DecideForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if cross_site(&headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "跨站请求，拒绝修改处理记录 (cross-site request refused)",
        );
    }
    let Ok(Form(form)) = form else {
        return refuse(StatusCode::BAD_REQUEST, "表单无效 (malformed form)");
    };
    if !same_token(form.token.as_bytes(), app.desk.token.as_bytes()) {
        return refuse(
            StatusCode::FORBIDDEN,
            "令牌无效：请从本服务器打开的页面提交（服务器重启后请刷新页面） (missing or wrong token)",
        );
    }
    let reviewer = match app.desk.reviewer.as_deref() {
        Some(r) => r.to_string(),
        None => form.reviewer.trim().to_string(),
    };
    if reviewer.is_empty() || reviewer.chars().count() > MAX_REVIEWER_CHARS {
        return refuse(
            StatusCode::BAD_REQUEST,
            "请先在页面右上角填写审查人姓名 (reviewer name required)",
        );
    }
    let Some(status) = Status::parse(&form.status).filter(|s| *s != Status::Resolved) else {
        return refuse(StatusCode::BAD_REQUEST, "处理状态无效 (unknown status)");
    };
    if form.note.chars().count() > MAX_NOTE_CHARS {
        return refuse(StatusCode::BAD_REQUEST, "备注过长 (note too long)");
    }
    let prev = match form.prev.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return refuse(StatusCode::BAD_REQUEST, "表单无效 (malformed form)"),
        },
    };
    let app2 = app.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let desk = &app2.desk;
        let (fp, f) = desk.view.findings.iter().find(|(fp, _)| *fp == form.fp)?;
        if desk.read_only.is_some() {
            return None;
        }
        let mut guard = desk.store.lock().ok()?;
        if guard.is_none() {
            // The first decision creates the database.
            *guard = Some(crate::desk::store::Store::open(&desk.db_path).ok()?);
        }
        let store = guard.as_mut()?;
        let applicant = desk.view.applicant(&f.submission);
        let r = store.decide(
            fp,
            f,
            applicant,
            status,
            form.note.trim(),
            &reviewer,
            "serve",
            Some(prev),
        );
        Some((f.submission.clone(), fp.clone(), r))
    })
    .await;
    match outcome {
        Ok(Some((sub, fp, Ok(_)))) => {
            Redirect::to(&format!("/desk/{}#f-{fp}", url_encode(&sub))).into_response()
        }
        Ok(Some((sub, _, Err(DecideError::Conflict { latest })))) => (
            StatusCode::CONFLICT,
            Html(format!(
                "<!DOCTYPE html><meta charset=\"utf-8\"><title>处理冲突</title><p id=\"conflict\">该问题已由 {} 于 {} 改为「{}」，未保存你的修改。\
                 <a href=\"/desk/{}#f-{}\">返回查看最新状态</a></p>",
                escape_visible(&latest.reviewer, false),
                escape(&latest.at),
                latest.to.label(),
                escape(&url_encode(&sub)),
                escape(&latest.fingerprint)
            )),
        )
            .into_response(),
        Ok(Some((_, _, Err(e)))) => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("处理记录写入失败：{} (database error)", escape_visible(&e.to_string(), false)),
        ),
        _ => refuse(StatusCode::NOT_FOUND, "没有这一问题，或处理记录数据库不可用 (unknown finding)"),
    }
}

/// Whether the browser says the request comes from another site: an `Origin` naming another
/// host than the `Host` header, or `Sec-Fetch-Site` `cross-site` / `same-site`.
fn cross_site(headers: &HeaderMap) -> bool {
    let site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if site == "cross-site" || site == "same-site" {
        return true;
    }
    let (Some(origin), Some(host)) = (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) else {
        return false;
    };
    // Under this server's `Referrer-Policy: no-referrer` a browser's own form posts send
    // `Origin: null`: that says nothing, and the token decides.
    if origin == "null" {
        return false;
    }
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    !origin_host.eq_ignore_ascii_case(host)
}

/// Equality that takes the same time wherever the first difference lies.
fn same_token(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        Html(format!(
            "<!DOCTYPE html><meta charset=\"utf-8\"><title>未保存</title><p class=\"error\" id=\"refused\">{message}</p>"
        )),
    )
        .into_response()
}

/// The reviewer's name (asked once per browser, kept in localStorage), copied into each form;
/// keyboard shortcuts on the focused finding.
const SCRIPT: &str = r#"<script>
(function(){
  var who = document.getElementById('reviewer');
  var fixed = who.dataset.fixed === '1';
  if (!fixed && !who.value) who.value = localStorage.getItem('intake.reviewer') || '';
  who.addEventListener('change', function(){ localStorage.setItem('intake.reviewer', who.value.trim()); });
  document.querySelectorAll('form.decide').forEach(function(f){
    f.addEventListener('submit', function(ev){
      var name = who.value.trim();
      if (!name && !fixed) {
        name = (window.prompt('请输入审查人姓名（本浏览器只问一次）') || '').trim();
        if (!name) { ev.preventDefault(); return; }
        who.value = name; localStorage.setItem('intake.reviewer', name);
      }
      f.elements.reviewer.value = name;
    });
  });
  var items = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  var target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.classList.contains('finding')) target.focus();
  document.addEventListener('keydown', function(ev){
    var t = ev.target.tagName;
    if (t === 'TEXTAREA' || t === 'INPUT' || t === 'SELECT' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var cur = document.activeElement && document.activeElement.closest && document.activeElement.closest('.finding');
    var i = items.indexOf(cur);
    if (ev.key === 'j' || ev.key === 'k') {
      var n = items[Math.max(0, Math.min(items.length - 1, i + (ev.key === 'j' ? 1 : -1)))];
      if (n) { n.focus(); n.scrollIntoView({block: 'nearest'}); }
      ev.preventDefault();
    } else if (cur && ev.key === 'n') {
      cur.querySelector('textarea').focus(); ev.preventDefault();
    } else if (cur) {
      var b = cur.querySelector('button[data-key="' + ev.key + '"]');
      if (b) { b.click(); ev.preventDefault(); }
    }
  });
})();
</script>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_origins() {
        assert!(same_token(b"abc", b"abc"));
        assert!(!same_token(b"abc", b"abd") && !same_token(b"abc", b"ab"));
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(!cross_site(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(!cross_site(&h));
        h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(cross_site(&h));
        h.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!cross_site(&h));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(cross_site(&h));
    }
}
