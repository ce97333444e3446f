//! A batch document as text, page by page (`/text/<submission>/<path>?page=N&q=QUOTE`), with the
//! quoted span marked (`<mark id="hl">`) and scrolled to, beside a link to the original file at
//! that page. PDF, DOCX and TXT alike: the document is read again with the run's extractor, so
//! the text is the very text the evidence was quoted from.
//!
//! The quote is found ignoring whitespace (a PDF line break inside a sentence), first on the
//! page named, then anywhere. Every character shown is escaped; controls are made visible.

use std::fmt::Write as _;
use std::io::Read as _;
use std::sync::{Arc, Mutex};

use axum::extract::{Path as UrlPath, Query as UrlQuery, State};
use axum::response::{Html, IntoResponse, Response};
use intake_model::Document;
use intake_report::{escape, escape_visible};

use super::App;
use super::desk::head;
use super::files::{not_found, open_under};
use super::page::{url_encode, url_encode_path};

/// Documents kept read, most recent last: an officer moves between a few evidence items of the
/// same documents, and a PDF takes a while to read.
pub struct TextCache(Mutex<Vec<(Vec<String>, Arc<Document>)>>);

/// Documents kept in [`TextCache`].
const CACHED: usize = 6;

impl TextCache {
    /// An empty cache.
    pub fn new() -> TextCache {
        TextCache(Mutex::new(Vec::new()))
    }
}

/// Query string of the text view.
#[derive(serde::Deserialize, Default)]
pub struct TextParams {
    /// The page to show the quote on (1-based; PDF).
    pub page: Option<u32>,
    /// The quote to mark.
    #[serde(default)]
    pub q: String,
}

/// `/text/<submission>/<path>`.
pub async fn text_view(
    State(app): State<Arc<App>>,
    UrlPath((sub, path)): UrlPath<(String, String)>,
    UrlQuery(p): UrlQuery<TextParams>,
) -> Response {
    let out = tokio::task::spawn_blocking(move || {
        let parts: Vec<String> = std::iter::once(sub.clone())
            .chain(path.split('/').map(str::to_string))
            .collect();
        let doc = read(&app, &parts)?;
        Some(render(&app, &sub, &path, &doc, &p))
    })
    .await;
    match out {
        Ok(Some(h)) => Html(h).into_response(),
        _ => not_found(),
    }
}

/// The document at `parts` under the batch (opened by the rules of [`open_under`], capped at
/// the run's document size), read with the run's extractor; `None` if it cannot be.
fn read(app: &App, parts: &[String]) -> Option<Arc<Document>> {
    if let Some((_, d)) = app
        .text_cache
        .0
        .lock()
        .ok()?
        .iter()
        .find(|(k, _)| k == parts)
    {
        return Some(d.clone());
    }
    let batch = app.batch.as_ref()?;
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let file = open_under(batch, &refs).ok()?;
    if file.metadata().ok()?.len() > app.max_doc_bytes {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(app.max_doc_bytes).read_to_end(&mut bytes).ok()?;
    let (_, doc) = intake_extract::extract(&bytes, &intake_extract::Limits::default());
    let doc = Arc::new(doc.ok()?);
    let mut cache = app.text_cache.0.lock().ok()?;
    if cache.len() >= CACHED {
        cache.remove(0);
    }
    cache.push((parts.to_vec(), doc.clone()));
    Some(doc)
}

/// `OCR 识别（置信度 NN）` for a page with OCR'd blocks: their mean confidence weighted by
/// length, so an officer knows which text a machine read from an image.
pub fn page_ocr(page: &intake_model::Page) -> Option<String> {
    page.ocr_confidence()
        .map(|c| intake_report::ocr_label(Some(c)))
}

/// `[start, end)` in chars of `quote` in `text`, whitespace ignored on both sides.
pub fn find_quote(text: &[char], quote: &str) -> Option<(usize, usize)> {
    let needle: Vec<char> = quote.chars().filter(|c| !c.is_whitespace()).collect();
    if needle.is_empty() {
        return None;
    }
    let (hay, at): (Vec<char>, Vec<usize>) = text
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (*c, i))
        .unzip();
    let start = hay
        .windows(needle.len())
        .position(|w| w == needle.as_slice())?;
    Some((at[start], at[start + needle.len() - 1] + 1))
}

fn render(app: &App, sub: &str, path: &str, doc: &Document, p: &TextParams) -> String {
    let pages: Vec<Vec<char>> = doc
        .pages
        .iter()
        .map(|pg| pg.text().chars().collect())
        .collect();
    // The page named first, then every page in order.
    let wanted = p
        .page
        .and_then(|n| doc.pages.iter().position(|pg| pg.number == Some(n)));
    let order = wanted.into_iter().chain(0..pages.len());
    let hit = order
        .filter_map(|i| find_quote(&pages[i], &p.q).map(|r| (i, r)))
        .next();
    let mut h = head(&format!("{sub} · {path}"), &app.desk);
    let orig = format!(
        "/doc/{}/{}{}",
        url_encode(sub),
        url_encode_path(path),
        p.page.map(|n| format!("#page={n}")).unwrap_or_default()
    );
    let _ = write!(
        h,
        "<h2>申报 <a href=\"/desk/{}\">{}</a> · {}</h2><p><a id=\"orig\" href=\"{}\" target=\"_blank\" rel=\"noopener\">打开原文件{}</a> ",
        escape(&url_encode(sub)),
        escape_visible(sub, false),
        escape_visible(path, false),
        escape(&orig),
        p.page.map(|n| format!("（第{n}页）")).unwrap_or_default()
    );
    match (&hit, p.q.is_empty()) {
        (Some(_), _) => h.push_str("<span class=\"muted\">引文已在下文标出。</span></p>"),
        (None, true) => h.push_str("</p>"),
        (None, false) => {
            let _ = write!(
                h,
                "<span class=\"error\" id=\"nohl\">未在文中找到引文：</span></p><blockquote>{}</blockquote>",
                escape_visible(&p.q, true)
            );
        }
    }
    for (i, (page, chars)) in doc.pages.iter().zip(&pages).enumerate() {
        let title = page
            .number
            .map_or_else(|| "全文".to_string(), |n| format!("第 {n} 页"));
        let id = page
            .number
            .map_or_else(|| "all".to_string(), |n| n.to_string());
        let ocr = page_ocr(page)
            .map(|c| format!(" <span class=\"ocr\">{}</span>", escape(&c)))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<section class=\"page\" id=\"page-{id}\"><h3>{title}{ocr}</h3><div class=\"text\">"
        );
        match hit {
            Some((at, (a, b))) if at == i => {
                let s = |r: &[char]| escape_visible(&r.iter().collect::<String>(), true);
                let _ = write!(
                    h,
                    "{}<mark id=\"hl\">{}</mark>{}",
                    s(&chars[..a]),
                    s(&chars[a..b]),
                    s(&chars[b..])
                );
            }
            _ => h.push_str(&escape_visible(&chars.iter().collect::<String>(), true)),
        }
        h.push_str("</div></section>");
    }
    h.push_str(
        "<script>var m=document.getElementById('hl');if(m)m.scrollIntoView({block:'center'});</script></main></body></html>",
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_found_across_line_breaks() {
        let text: Vec<char> = "前言\n仪器设备原值\n1,860万元，另有".chars().collect();
        let (a, b) = find_quote(&text, "仪器设备原值1,860万元").unwrap();
        let got: String = text[a..b].iter().collect();
        assert_eq!(got, "仪器设备原值\n1,860万元");
        assert_eq!(find_quote(&text, "不在文中"), None);
        assert_eq!(find_quote(&text, "  "), None);
    }

    #[test]
    fn ocr_pages_show_their_confidence() {
        let mut scanned = intake_model::Block::paragraph("从业人员共计48人");
        scanned.ocr_confidence = Some(80);
        let mut longer = intake_model::Block::paragraph("仪器设备原值共计一千八百六十万元整");
        longer.ocr_confidence = Some(90);
        let page = |blocks| intake_model::Page {
            number: Some(1),
            blocks,
            language: None,
            has_text_layer: false,
            unmapped_glyphs: 0,
        };
        assert_eq!(
            page_ocr(&page(vec![scanned.clone()])).as_deref(),
            Some("OCR 识别（置信度 80）")
        );
        // Weighted by length: 9 chars at 80, 17 at 90.
        assert_eq!(
            page_ocr(&page(vec![scanned, longer])).as_deref(),
            Some("OCR 识别（置信度 87）")
        );
        assert_eq!(
            page_ocr(&page(vec![intake_model::Block::paragraph("正文")])),
            None
        );
    }
}
