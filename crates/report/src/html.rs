//! OUT/report.html: one self-contained page (inline CSS and script, no network) for reviewers.
//!
//! The batch summary is rendered here as HTML with CSS bar charts, so it reads even with scripts
//! off. The submissions (table, and per submission its verdict, facts and findings) travel as JSON
//! in a `<script type="application/json" id="intake-data">` block and are drawn page by page by
//! the page's script with DOM text nodes only: no document-derived string is ever parsed as HTML.

mod data;
mod labels;
mod mark;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use intake_model::{Fact, Finding, Regimes, SubmissionRecord};

use data::{Count, Summary};
pub use labels::{format_number, kind_label, metric_label, regime_label};

/// The page: CSS and script inline; `{{SUMMARY}}`, `{{DATA}}` and `{{TITLE}}` are filled in.
const TEMPLATE: &str = include_str!("../templates/report.html");

/// The template's markers.
const MARKERS: [&str; 3] = ["{{TITLE}}", "{{SUMMARY}}", "{{DATA}}"];

/// Writes `path` (OUT/report.html) for the batch. The bytes depend only on the inputs (no clock,
/// no map order), so the same outputs give the same page. Errors: the I/O error of writing `path`.
///
/// `regimes`: the programs of the loaded rulebooks (`intake_rules::Rulebooks::regimes`), for
/// the Chinese names and the order of the chart by regime.
pub fn write_html(
    path: &Path,
    regimes: &Regimes,
    records: &[SubmissionRecord],
    facts: &[Fact],
    findings: &[Finding],
) -> io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    render_grouped(&mut w, regimes, records, facts, findings)?;
    w.flush()
}

/// Writes `path` as [`write_html`] does, byte for byte, without holding the batch's facts:
/// `facts_of(i, record)` is called once per record, in order, for record `i`'s facts, and only
/// one submission's data is in memory at a time. Evidence in a document of `text_pages` links to
/// its text page (`text/<sub>/<doc>.html`, see [`crate::write_text_page`]). `n_facts` is the batch's number of facts (the
/// summary's count, which may include facts naming no record). For a batch of thousands of
/// submissions this keeps the page's tens of megabytes out of memory. Errors: the I/O error of
/// writing `path`, or the first error `facts_of` returns.
pub fn write_html_streamed(
    path: &Path,
    regimes: &Regimes,
    records: &[&SubmissionRecord],
    findings: &[&Finding],
    n_facts: usize,
    text_pages: &crate::TextPages,
    facts_of: impl FnMut(usize, &SubmissionRecord) -> io::Result<Vec<Fact>>,
) -> io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    render(
        &mut w, regimes, records, findings, n_facts, text_pages, facts_of,
    )?;
    w.flush()
}

/// The page's HTML as a string (what [`write_html`] writes).
pub fn render_html(
    regimes: &Regimes,
    records: &[SubmissionRecord],
    facts: &[Fact],
    findings: &[Finding],
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every piece written is UTF-8.
    let _ = render_grouped(&mut out, regimes, records, facts, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`] with the facts grouped by their `submission`.
fn render_grouped(
    w: &mut impl Write,
    regimes: &Regimes,
    records: &[SubmissionRecord],
    facts: &[Fact],
    findings: &[Finding],
) -> io::Result<()> {
    let records: Vec<&SubmissionRecord> = records.iter().collect();
    let findings: Vec<&Finding> = findings.iter().collect();
    let mut facts_of: BTreeMap<&str, Vec<&Fact>> = BTreeMap::new();
    for f in facts {
        facts_of.entry(f.submission.as_str()).or_default().push(f);
    }
    // No text pages: evidence shows its full quote with document and page.
    render(
        w,
        regimes,
        &records,
        &findings,
        facts.len(),
        &Default::default(),
        |_, r| {
            let of = facts_of
                .get(r.submission.as_str())
                .map_or(&[][..], Vec::as_slice);
            Ok(of.iter().map(|&f| f.clone()).collect())
        },
    )
}

/// Fills the template into `w`: each marker replaced once where it stands, in one pass (a value
/// is never re-scanned, so data containing a marker cannot inject anything). The data block is
/// `{"summary":…,"submissions":[…]}`, written one submission at a time through [`script_json`].
fn render(
    w: &mut impl Write,
    regimes: &Regimes,
    records: &[&SubmissionRecord],
    findings: &[&Finding],
    n_facts: usize,
    text_pages: &crate::TextPages,
    mut facts_of: impl FnMut(usize, &SubmissionRecord) -> io::Result<Vec<Fact>>,
) -> io::Result<()> {
    let summary = data::summary(regimes, records, n_facts, findings);
    let title = format!("申报材料审查报告（{} 份申报）", summary.submissions);
    let mut findings_of: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for &f in findings {
        findings_of
            .entry(f.submission.as_str())
            .or_default()
            .push(f);
    }
    let mut data_written = false;
    let mut rest = TEMPLATE;
    while let Some((at, marker)) = MARKERS
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, *m)))
        .min_by_key(|(at, _)| *at)
    {
        w.write_all(&rest.as_bytes()[..at])?;
        rest = &rest[at + marker.len()..];
        match marker {
            "{{TITLE}}" => w.write_all(escape(&title).as_bytes())?,
            "{{SUMMARY}}" => w.write_all(summary_html(&summary).as_bytes())?,
            // The template holds one data block (tested); facts are drawn once.
            _ if data_written => w.write_all(b"null")?,
            _ => {
                data_written = true;
                w.write_all(b"{\"summary\":")?;
                write_json(w, &summary)?;
                w.write_all(b",\"submissions\":[")?;
                for (i, r) in records.iter().enumerate() {
                    if i > 0 {
                        w.write_all(b",")?;
                    }
                    let facts = facts_of(i, r)?;
                    let facts: Vec<&Fact> = facts.iter().collect();
                    let fi = findings_of
                        .get(r.submission.as_str())
                        .map_or(&[][..], Vec::as_slice);
                    write_json(w, &data::sub(regimes, r, &facts, fi, text_pages))?;
                }
                w.write_all(b"]}")?;
            }
        }
    }
    w.write_all(rest.as_bytes())
}

/// Serialises `value` as compact JSON made safe by [`script_json`].
fn write_json(w: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    let json = serde_json::to_string(value).map_err(io::Error::other)?;
    w.write_all(script_json(&json).as_bytes())
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

/// [`escape`], with each control or bidi character (see
/// [`intake_model::display::is_hidden_control`]) shown as `<U+202E>` in a
/// `<span class="ctl">`, never applied: a name like `<U+202E>exe.txt` cannot pass for `txt.exe`.
/// `keep_layout` keeps tab and line feed (for quotes in a pre-wrapped block).
pub fn escape_visible(s: &str, keep_layout: bool) -> String {
    use intake_model::display::{Part, marker, parts};
    let mut out = String::with_capacity(s.len());
    for part in parts(s, keep_layout) {
        match part {
            Part::Text(t) => out.push_str(&escape(t)),
            Part::Hidden(c) => {
                out.push_str("<span class=\"ctl\">");
                out.push_str(&escape(&marker(c)));
                out.push_str("</span>");
            }
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
            escape(&intake_model::display::shown(&c.label, false)),
            escape_visible(&c.label, false),
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
    fn bidi_and_controls_are_shown_not_applied() {
        assert_eq!(
            escape_visible("\u{202e}fdp.exe<b>\u{1b}", false),
            "<span class=\"ctl\">&lt;U+202E&gt;</span>fdp.exe&lt;b&gt;<span class=\"ctl\">&lt;U+001B&gt;</span>"
        );
        assert_eq!(escape_visible("一\n二", true), "一\n二");
        let record: SubmissionRecord = serde_json::from_value(serde_json::json!({
            "submission": "s\u{202e}fdp.exe", "regime": null, "level": null,
            "variant": null, "org_name": "华东\u{2066}公司\u{1b}]0;x\u{7}", "credit_code": null,
            "verdict": "pass", "decided_by": [], "documents": [{
                "document": "\u{202e}fdp.exe", "format": "txt", "status": "ok" }]
        }))
        .unwrap();
        let html = render_html(&Regimes::default(), &[record], &[], &[]);
        for c in ['\u{202e}', '\u{2066}', '\u{1b}', '\u{7}'] {
            assert!(!html.contains(c), "{c:?} reached the page");
        }
        // The data block is JSON made safe for a script element: `<` is \u003c there.
        assert!(
            html.contains("\\u003cU+202E\\u003efdp.exe"),
            "marker missing"
        );
        assert!(html.contains("华东\\u003cU+2066\\u003e公司\\u003cU+001B\\u003e]0;x"));
    }

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
    fn the_template_holds_each_marker_once_and_values_are_not_rescanned() {
        for m in MARKERS {
            let n = TEMPLATE.matches(m).count();
            assert_eq!(n, if m == "{{TITLE}}" { 2 } else { 1 }, "{m}");
        }
        // A record whose id is a marker: written as data, never filled in again.
        let record: SubmissionRecord = serde_json::from_value(serde_json::json!({
            "submission": "{{SUMMARY}}{{DATA}}", "regime": null, "level": null,
            "variant": null, "org_name": "{{TITLE}}", "credit_code": null,
            "verdict": "pass", "decided_by": [], "documents": []
        }))
        .unwrap();
        let html = render_html(&Regimes::default(), &[record], &[], &[]);
        assert_eq!(html.matches("{{DATA}}").count(), 1, "only inside the data");
        assert_eq!(html.matches("<div class=\"totals\">").count(), 1);
        assert_eq!(
            escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
