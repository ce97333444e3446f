//! Form fields (label → value) and candidate names read off a submission's documents, for the
//! rules that check what no metric carries: names, declared service scope, construction periods.

use intake_model::{BlockKind, Document, Evidence, Page};

/// Blocks read per document; text beyond is not scanned (documents are untrusted).
pub(crate) const MAX_BLOCKS: usize = 20_000;
/// Fields kept per submission.
const MAX_FIELDS: usize = 5_000;
/// Candidate names kept per submission.
const MAX_NAMES: usize = 500;
/// How many leading blocks of a document's first page make up its cover: a PDF's whole first
/// page (up to 30 blocks); the first 12 paragraphs of a page-less DOCX or TXT.
pub(crate) fn cover_blocks(page: &Page) -> usize {
    if page.number.is_some() { 30 } else { 12 }
}

/// One `label → value` pair of a form: a `label：value` paragraph, a table row's label cell and
/// the cell after it, or a header cell and the cell below it. A paragraph that is a label alone
/// (a PDF table whose value column was read elsewhere) is kept with an empty `value`: the field
/// is there, its value not readable beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The label as written, without its trailing colon (服务行业领域).
    pub label: String,
    /// The value as written, trimmed.
    pub value: String,
    /// Where it stands; the quote is the value (table) or the `label：value` segment (prose).
    pub evidence: Evidence,
}

fn is_label(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['：', ':']);
    let n = s.chars().count();
    (1..=20).contains(&n)
        && s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || "。；，".contains(c))
}

fn clean_label(s: &str) -> String {
    s.trim()
        .trim_end_matches(['：', ':'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn ev(doc: &str, page: Option<u32>, quote: &str) -> Evidence {
    Evidence {
        submission: None,
        document: doc.to_string(),
        page,
        quote: quote.to_string(),
    }
}

/// Reads the form fields of one document, in reading order.
pub(crate) fn form_fields(path: &str, doc: &Document, out: &mut Vec<FormField>) {
    let mut header: Option<(u32, u32, Vec<String>)> = None;
    let mut seen = 0usize;
    for page in &doc.pages {
        for (bi, block) in page.blocks.iter().enumerate() {
            seen += 1;
            if seen > MAX_BLOCKS || out.len() >= MAX_FIELDS {
                return;
            }
            match block.kind {
                BlockKind::TableRow { table, row } => {
                    let cells = block.cells();
                    // A list table (培育情况表): a 序号 header row names the columns of the rows below.
                    let is_header = row == 0
                        && cells.len() >= 3
                        && cells.iter().all(|c| is_label(c))
                        && matches!(cells[0].trim(), "序号" | "编号");
                    if is_header {
                        header = Some((table, row, cells.iter().map(|c| c.to_string()).collect()));
                        continue;
                    }
                    if let Some((t, _, h)) = &header
                        && *t == table
                        && h.len() == cells.len()
                    {
                        for (label, value) in h.iter().zip(&cells) {
                            push(out, label, value, ev(path, page.number, value.trim()));
                        }
                        continue;
                    }
                    // A form: label|value pairs, or label cells each followed by their value.
                    let paired =
                        cells.len() % 2 == 0 && cells.iter().step_by(2).all(|c| is_label(c));
                    if paired {
                        for pair in cells.chunks(2) {
                            push(out, pair[0], pair[1], ev(path, page.number, pair[1].trim()));
                        }
                    } else {
                        for pair in cells.windows(2) {
                            if is_label(pair[0]) {
                                push(out, pair[0], pair[1], ev(path, page.number, pair[1].trim()));
                            }
                        }
                    }
                }
                BlockKind::Paragraph => {
                    header = None;
                    let segs = segments(&block.text);
                    let last = segs.len().saturating_sub(1);
                    for (si, seg) in segs.into_iter().enumerate() {
                        let fields = sentence_fields(seg);
                        let n = fields.len();
                        for (fi, (l, v, quote)) in fields.into_iter().enumerate() {
                            // A name wrapped before its closing bracket continues on the next line.
                            let next = page.blocks.get(bi + 1).map(|b| b.text.as_str());
                            let at_end = si == last && fi + 1 == n;
                            match (at_end, next.and_then(|n| closing(v, n))) {
                                (true, Some(cont)) => {
                                    let value = format!("{}{}", v.trim(), cont.trim());
                                    push(
                                        out,
                                        l,
                                        &value,
                                        ev(path, page.number, &format!("{quote}\n{cont}")),
                                    );
                                }
                                _ => push(out, l, v, ev(path, page.number, quote)),
                            }
                        }
                    }
                    let t = block.text.trim();
                    if out.len() < MAX_FIELDS
                        && t.chars().count() <= 12
                        && is_label(t)
                        && !t.contains(['：', ':'])
                    {
                        // A label standing alone: its value sits elsewhere (a PDF table's other column).
                        out.push(FormField {
                            label: clean_label(t),
                            value: String::new(),
                            evidence: ev(path, page.number, t),
                        });
                    }
                }
            }
        }
    }
}

/// Characters that end one field of a sentence and may start the next one's label.
const FIELD_BREAKS: &[char] = &['；', ';', '，', ',', '。', ' ', '\u{3000}'];

/// The `label：value` fields of one segment, as `(label, value, quote)`: a sentence may state
/// several (“服务行业领域：医药、钢铁；服务范围：计量检测。”). A colon opens a field only when
/// the text back to the previous break (；，。 or a space) is a label, so a colon inside a
/// value (a time, a title with a subtitle) stays in that value. Values lose their closing
/// punctuation; the quote runs from the label to the end of the value.
fn sentence_fields(seg: &str) -> Vec<(&str, &str, &str)> {
    // (label start, colon byte index, colon length) of each field, in order.
    let mut opens: Vec<(usize, usize, usize)> = Vec::new();
    for (ci, c) in seg.char_indices().filter(|(_, c)| matches!(c, '：' | ':')) {
        let from = opens.last().map_or(0, |o| o.1 + o.2);
        let start = seg[from..ci]
            .char_indices()
            .rev()
            .find(|(_, c)| FIELD_BREAKS.contains(c))
            .map_or(from, |(i, b)| from + i + b.len_utf8());
        // The first field's label may be the segment's whole start; a later one must follow a
        // break, or it is a colon inside the previous value.
        let after_break = start > from || opens.is_empty();
        if after_break && is_label(&seg[start..ci]) {
            opens.push((start, ci, c.len_utf8()));
        }
    }
    opens
        .iter()
        .enumerate()
        .map(|(k, &(start, ci, cl))| {
            let end = opens.get(k + 1).map_or(seg.len(), |o| o.0);
            let value = trim_end(&seg[ci + cl..end]);
            let quote = trim_end(&seg[start..end]);
            (&seg[start..ci], value, quote)
        })
        .collect()
}

/// `s` without the breaks and spaces that close it.
fn trim_end(s: &str) -> &str {
    s.trim_end_matches(|c: char| FIELD_BREAKS.contains(&c) || c.is_whitespace())
}

/// The start of `next` up to the bracket that closes one left open in `value`, if within 40
/// characters.
fn closing<'a>(value: &str, next: &'a str) -> Option<&'a str> {
    let open = value.matches(['（', '(']).count();
    let shut = value.matches(['）', ')']).count();
    if open <= shut {
        return None;
    }
    let (i, c) = next
        .char_indices()
        .take(40)
        .find(|(_, c)| matches!(c, '）' | ')'))?;
    Some(&next[..i + c.len_utf8()])
}

fn push(out: &mut Vec<FormField>, label: &str, value: &str, evidence: Evidence) {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 300 {
        return;
    }
    out.push(FormField {
        label: clean_label(label),
        value: value.to_string(),
        evidence,
    });
}

/// A paragraph split where forms put several fields on one line: tabs, runs of two or more
/// spaces, ideographic spaces.
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    for (i, c) in text.char_indices() {
        let split = c == '\t' || c == '\u{3000}' || (c == ' ' && prev_space);
        if split {
            let seg = text[start..i].trim();
            if !seg.is_empty() {
                out.push(seg);
            }
            start = i + c.len_utf8();
        }
        prev_space = c == ' ';
    }
    let seg = text[start..].trim();
    if !seg.is_empty() {
        out.push(seg);
    }
    out
}

const FORM_ENDINGS: &[&str] = &[
    "申请书",
    "申报书",
    "申请表",
    "申报表",
    "情况表",
    "管理办法",
    "通知",
    "指南",
    "认定标准",
    "推荐表",
    "方案",
    "报告",
    "计划书",
    "说明",
    "承诺书",
];

/// Whether a candidate is a form or document title rather than a name.
fn is_title(s: &str) -> bool {
    let s = s.trim_end_matches(['》', '”', '"']);
    FORM_ENDINGS.iter().any(|e| s.ends_with(e)) || s.starts_with("关于") || s.starts_with('《')
}

/// Candidate names: values of fields labelled …名称, the document title, and short cover lines.
pub(crate) fn names(path: &str, doc: &Document, fields: &[FormField], out: &mut Vec<Evidence>) {
    let mut add = |e: Evidence| {
        let q = e.quote.trim();
        if out.len() < MAX_NAMES
            && !q.is_empty()
            && q.chars().count() <= 80
            && !is_title(q)
            // A label standing alone (实验室名称) where a PDF table put its value elsewhere.
            && !q.ends_with("名称")
            && !out.iter().any(|o| o.quote == e.quote)
        {
            out.push(e);
        }
    };
    for f in fields
        .iter()
        .filter(|f| f.evidence.document == path && f.label.contains("名称"))
    {
        let mut e = f.evidence.clone();
        e.quote = f.value.clone();
        // Only when the quote is exactly the value can it stand as the name's evidence.
        if f.evidence.quote.ends_with(&f.value) {
            add(e);
        }
    }
    if let Some(t) = doc
        .meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        add(ev(path, None, t));
    }
    if let Some(first) = doc.pages.first() {
        for b in first.blocks.iter().take(cover_blocks(first)) {
            let t = b.text.trim();
            if !t.contains(['：', ':', '\t']) {
                add(ev(path, first.number, t));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sentence_fields;

    #[test]
    fn one_sentence_may_declare_several_fields() {
        let got = sentence_fields("拟服务的行业领域：建材、纺织；服务范围：知识产权、认证认可。");
        assert_eq!(
            got,
            vec![
                (
                    "拟服务的行业领域",
                    "建材、纺织",
                    "拟服务的行业领域：建材、纺织"
                ),
                (
                    "服务范围",
                    "知识产权、认证认可",
                    "服务范围：知识产权、认证认可"
                ),
            ]
        );
        let got = sentence_fields("负责人：王五，联系电话：0571-1234");
        assert_eq!(got[1], ("联系电话", "0571-1234", "联系电话：0571-1234"));
    }

    #[test]
    fn a_colon_inside_a_value_stays_in_it() {
        // A time and a subtitle: the text before their colons is no label after a break.
        let got = sentence_fields("开放时间：每日8:30至17:00");
        assert_eq!(
            got,
            vec![("开放时间", "每日8:30至17:00", "开放时间：每日8:30至17:00")]
        );
        let got = sentence_fields("报告题目：智能制造：路径与实践");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "智能制造：路径与实践");
        // Prose before the label is not part of it.
        let got = sentence_fields("本平台概况如下，服务范围：计量检测");
        assert_eq!(got, vec![("服务范围", "计量检测", "服务范围：计量检测")]);
    }
}
