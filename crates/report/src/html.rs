//! OUT/report.html: one self-contained page (inline CSS and script, no network) for reviewers.
//!
//! The batch summary is rendered here as HTML with CSS bar charts, so it reads even with scripts
//! off. The submissions (table, and per submission its verdict, facts and findings) travel as JSON
//! in a `<script type="application/json" id="intake-data">` block and are drawn page by page by
//! the page's script with DOM text nodes only: no document-derived string is ever parsed as HTML.

mod data;
mod labels;
mod mark;

use std::path::Path;

use intake_model::{Fact, Finding, SubmissionRecord};

use data::{Count, Report, Summary};
pub use labels::{format_number, kind_label, metric_label, regime_label};

/// The page: CSS and script inline; `{{SUMMARY}}`, `{{DATA}}` and `{{TITLE}}` are filled in.
const TEMPLATE: &str = include_str!("../templates/report.html");

/// Writes `path` (OUT/report.html) for the batch. The bytes depend only on the inputs (no clock,
/// no map order), so the same outputs give the same page. Errors: the I/O error of writing `path`.
pub fn write_html(
    path: &Path,
    records: &[SubmissionRecord],
    facts: &[Fact],
    findings: &[Finding],
) -> std::io::Result<()> {
    std::fs::write(path, render_html(records, facts, findings))
}

/// The page's HTML as a string (what [`write_html`] writes).
pub fn render_html(records: &[SubmissionRecord], facts: &[Fact], findings: &[Finding]) -> String {
    let report = Report::new(records, facts, findings);
    let json = serde_json::to_string(&report).unwrap_or_else(|_| "{}".into());
    let title = format!("申报材料审查报告（{} 份申报）", report.summary.submissions);
    fill(
        TEMPLATE,
        &[
            ("{{TITLE}}", &escape(&title)),
            ("{{SUMMARY}}", &summary_html(&report.summary)),
            ("{{DATA}}", &script_json(&json)),
        ],
    )
}

/// Replaces each marker once, in one pass over the template (a value is never re-scanned, so data
/// containing a marker cannot inject anything).
fn fill(template: &str, parts: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + parts.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    loop {
        let next = parts
            .iter()
            .filter_map(|(k, v)| rest.find(k).map(|at| (at, *k, *v)))
            .min_by_key(|(at, _, _)| *at);
        match next {
            Some((at, k, v)) => {
                out.push_str(&rest[..at]);
                out.push_str(v);
                rest = &rest[at + k.len()..];
            }
            None => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// HTML-escapes text for element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes JSON safe inside `<script type="application/json">`: every `<`, `>` and `&` becomes a
/// `\u00XX` escape (so neither `</script` nor `<!--` can occur, which covers escaping `</` as
/// `<\/`), and U+2028/U+2029 are escaped too. Only JSON strings can hold these characters, where
/// the escapes mean the same text, so `JSON.parse` gives back the original data.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The summary cards: totals, then four bar charts (regime, verdict, kind, severity).
fn summary_html(s: &Summary) -> String {
    let mut h = String::new();
    h.push_str("<div class=\"totals\">");
    for (label, n) in [
        ("申报", s.submissions),
        ("提取指标", s.facts),
        ("发现问题", s.findings),
    ] {
        h.push_str(&format!(
            "<div class=\"total\"><b>{n}</b><span>{label}</span></div>"
        ));
    }
    h.push_str("</div><div class=\"charts\">");
    chart(&mut h, "按申报类别", "regime", &s.by_regime);
    chart(&mut h, "按审查结论", "verdict", &s.by_verdict);
    chart(&mut h, "问题类型", "kind", &s.by_kind);
    chart(&mut h, "问题严重程度", "severity", &s.by_severity);
    h.push_str("</div>");
    h
}

fn chart(h: &mut String, title: &str, filter: &str, counts: &[Count]) {
    let max = counts.iter().map(|c| c.n).max().unwrap_or(0).max(1);
    h.push_str(&format!(
        "<figure class=\"chart\" data-chart=\"{filter}\"><figcaption>{title}</figcaption>"
    ));
    if counts.is_empty() {
        h.push_str("<p class=\"muted\">无</p>");
    }
    for c in counts {
        let id = c.id.as_deref().unwrap_or("");
        // Integer per-mille widths keep the bytes identical across platforms (no float printing).
        let width = c.n * 1000 / max;
        h.push_str(&format!(
            "<div class=\"bar-row\" data-filter=\"{filter}\" data-id=\"{}\" title=\"{}\"><span class=\"bar-label\">{}</span>\
             <span class=\"bar\"><i class=\"c-{}\" style=\"width:{}.{}%\"></i></span><span class=\"bar-n\" data-n=\"{}\">{}</span></div>",
            escape(id),
            escape(&c.label),
            escape(&c.label),
            escape(id),
            width / 10,
            width % 10,
            c.n,
            c.n
        ));
    }
    h.push_str("</figure>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_round_trips_and_cannot_close_the_script() {
        let hostile = "</script><script>alert(1)</script><!-- \u{2028}&amp;";
        let json = serde_json::to_string(&serde_json::json!({ "q": hostile })).unwrap();
        let safe = script_json(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["q"], hostile);
    }

    #[test]
    fn fill_does_not_rescan_values() {
        assert_eq!(
            fill("a{{X}}b{{Y}}c", &[("{{X}}", "{{Y}}"), ("{{Y}}", "2")]),
            "a{{Y}}b2c"
        );
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
