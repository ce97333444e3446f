//! OUT/text/<submission>/<document>.html: a cited document's text, page by page, for the evidence
//! links of report.html. report.html is e-mailed and opened without a server, so the place a
//! quote stands must be a file beside it: `run` writes one page per document that evidence
//! cites, and each evidence item links to `text/<sub>/<doc>.html?q=QUOTE#page-N`. Without
//! scripts the browser scrolls to the page; with them the page marks the quote (found ignoring
//! whitespace, on the named page first) and scrolls to it.
//!
//! The text is escaped and controls made visible, as everywhere; the quote is marked by DOM
//! ranges over text nodes, never by parsing. The bytes depend only on the document.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::{escape, escape_visible};

/// The evidence that can be shown on a text page, as (submission, document path, quote): the
/// document has a page and the quote stands in it (see [`QuoteFinder`]); other evidence (a
/// document property, a file the page could not be written for) shows its quote and place.
pub type TextPages = std::collections::BTreeSet<(String, String, String)>;

/// A document's pages with whitespace removed, made once per document so that looking up each
/// of its cited quotes costs one substring search, not another copy of the whole text (a
/// document cited by thousands of quotes made that quadratic).
pub struct QuoteFinder {
    pages: Vec<String>,
}

impl QuoteFinder {
    /// The finder over `pages` as (page number, text).
    pub fn new(pages: &[(Option<u32>, String)]) -> QuoteFinder {
        QuoteFinder {
            pages: pages.iter().map(|(_, t)| squash(t)).collect(),
        }
    }

    /// Whether `quote` stands in one of the pages, whitespace ignored (as the page's script
    /// looks).
    pub fn found(&self, quote: &str) -> bool {
        let q = squash(quote);
        !q.is_empty() && self.pages.iter().any(|t| t.contains(&q))
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The folder under OUT holding the text pages.
pub const TEXT_DIR: &str = "text";

/// The label beside OCR'd text: `OCR 识别（置信度 NN）`, or without the figure if unknown.
pub fn ocr_label(confidence: Option<u8>) -> String {
    match confidence {
        Some(c) => format!("OCR 识别（置信度 {c}）"),
        None => "OCR 识别".to_string(),
    }
}

/// The text page's path relative to OUT (`text/<sub>/<doc>.html`), or `None` when a name could
/// leave that folder or name nothing (empty, `.`, `..`, a NUL): such a document gets no page.
pub fn text_page_path(sub: &str, document: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = std::iter::once(sub).chain(document.split('/')).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains(['\0', '\\']))
    {
        return None;
    }
    let mut path = PathBuf::from(TEXT_DIR);
    for p in &parts[..parts.len() - 1] {
        path.push(p);
    }
    path.push(format!("{}.html", parts[parts.len() - 1]));
    Some(path)
}

/// The link from report.html to a quote in a text page (relative, percent-encoded).
pub fn text_page_href(sub: &str, document: &str, page: Option<u32>, quote: &str) -> String {
    let mut h = format!("{TEXT_DIR}/{}", percent(sub));
    for p in document.split('/') {
        h.push('/');
        h.push_str(&percent(p));
    }
    h.push_str(".html");
    if !quote.trim().is_empty() {
        h.push_str("?q=");
        h.push_str(&percent(quote));
    }
    h.push_str(&page.map_or_else(|| "#page-all".to_string(), |n| format!("#page-{n}")));
    h
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986), so a name cannot end a path
/// segment, start a query or carry a scheme.
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// One document as a text page: `pages` are (page number, text); `ocr` is (pages read by OCR,
/// their mean confidence) when any were.
pub fn render_text_page(
    sub: &str,
    document: &str,
    pages: &[(Option<u32>, String)],
    ocr: Option<(u32, Option<u8>)>,
) -> String {
    let title = format!("{sub} · {document}");
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><main>",
        escape(&intake_model::display::shown(&title, false))
    );
    let _ = write!(
        h,
        "<h1>申报 {} · {}</h1>",
        escape_visible(sub, false),
        escape_visible(document, false)
    );
    if let Some((n, c)) = ocr {
        let _ = write!(
            h,
            "<p class=\"ocr\" id=\"ocr\">{}：{n} 页（幅）图像中的文字由 OCR 识别，可能有误，请对照原文件核实。</p>",
            escape(&ocr_label(c))
        );
    }
    h.push_str(
        "<p class=\"muted\" id=\"nohl\" hidden>未在文中找到引文：<span id=\"q\"></span></p>",
    );
    for (number, text) in pages {
        let (id, title) = number.map_or_else(
            || ("all".to_string(), "全文".to_string()),
            |n| (n.to_string(), format!("第 {n} 页")),
        );
        let _ = write!(
            h,
            "<section class=\"page\" id=\"page-{id}\"><h2>{title}</h2><div class=\"text\">{}</div></section>",
            escape_visible(text, true)
        );
    }
    h.push_str("<script>");
    h.push_str(SCRIPT);
    h.push_str("</script></main></body></html>\n");
    h
}

const STYLE: &str = "body{font:15px/1.6 system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;background:#f4f5f7;color:#1d2733}main{max-width:960px;margin:0 auto;padding:16px}h1{font-size:18px}.page{background:#fff;border:1px solid #d8dde4;border-radius:6px;margin:12px 0;padding:8px 16px}.page h2{font-size:14px;color:#5b6776}.text{white-space:pre-wrap}mark{background:#ffe066}.ctl{color:#b00;border:1px solid #b00;font-size:80%}.ocr{background:#fff4d6;border:1px solid #e0b84c;padding:6px 10px}.muted{color:#5b6776}";

/// Marks the `q` of the query string: found ignoring whitespace, on the page of the hash first,
/// then on any page; the match may span text nodes (visible control markers), so it is wrapped
/// through a Range, never through markup.
const SCRIPT: &str = r#"(function(){var q=new URLSearchParams(location.search).get("q");if(!q)return;var need=q.replace(/\s+/g,"");if(!need)return;var secs=Array.prototype.slice.call(document.querySelectorAll("section.page"));var want=document.getElementById(decodeURIComponent(location.hash.slice(1)));if(want&&secs.indexOf(want)>=0){secs.splice(secs.indexOf(want),1);secs.unshift(want);}for(var s=0;s<secs.length;s++){var div=secs[s].querySelector(".text");var w=document.createTreeWalker(div,NodeFilter.SHOW_TEXT),n,at=[],hay="";while((n=w.nextNode())){for(var i=0;i<n.data.length;i++){if(!/\s/.test(n.data[i])){hay+=n.data[i];at.push([n,i]);}}}var k=hay.indexOf(need);if(k<0)continue;var a=at[k],b=at[k+need.length-1],r=document.createRange();r.setStart(a[0],a[1]);r.setEnd(b[0],b[1]+1);var m=document.createElement("mark");m.id="hl";m.appendChild(r.extractContents());r.insertNode(m);m.scrollIntoView({block:"center"});return;}var p=document.getElementById("nohl");document.getElementById("q").textContent=q;p.hidden=false;})();"#;

/// Writes the text page of one document under `out`; `Ok(false)` when the names give no safe
/// path (see [`text_page_path`]). Errors: the I/O error of creating the folders or the file.
pub fn write_text_page(
    out: &Path,
    sub: &str,
    document: &str,
    pages: &[(Option<u32>, String)],
    ocr: Option<(u32, Option<u8>)>,
) -> std::io::Result<bool> {
    let Some(rel) = text_page_path(sub, document) else {
        return Ok(false);
    };
    let path = out.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, render_text_page(sub, document, pages, ocr))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_under_text_and_links_are_encoded() {
        assert_eq!(
            text_page_path("sub-1", "附件/申报书.pdf"),
            Some(PathBuf::from("text/sub-1/附件/申报书.pdf.html"))
        );
        for bad in ["../x.pdf", "a//b", "./a", "a/..", ""] {
            assert_eq!(text_page_path("sub-1", bad), None, "{bad}");
        }
        assert_eq!(text_page_path("..", "a.pdf"), None);
        assert_eq!(
            text_page_href("s 1", "a#b/c?.txt", Some(3), "共 12 人"),
            "text/s%201/a%23b/c%3F.txt.html?q=%E5%85%B1%2012%20%E4%BA%BA#page-3"
        );
        assert_eq!(
            text_page_href("s", "javascript:x", None, ""),
            "text/s/javascript%3Ax.html#page-all"
        );
    }

    #[test]
    fn a_text_page_escapes_the_document_and_marks_ocr() {
        let pages = vec![(Some(1), "<script>alert(1)</script>\u{202e}x".to_string())];
        let h = render_text_page("s<1>", "a.pdf", &pages, Some((1, Some(87))));
        assert!(!h.contains("<script>alert"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!h.contains('\u{202e}'));
        assert!(h.contains("id=\"page-1\""));
        assert!(h.contains("OCR 识别（置信度 87）"));
        assert!(!render_text_page("s", "a.txt", &pages, None).contains("OCR"));
    }
}
