//! intake-facts reads every figure, date, identifier and name the regulations ask about from a
//! [`Document`], exactly (decimal arithmetic, never floats), each with its evidence: the page, the
//! quote as it stands in the document and its character offsets in [`intake_model::Page::text`].
//!
//! ```
//! use intake_facts::Reader;
//! use intake_model::{Block, Document, Page, Value};
//!
//! let page = Page { number: Some(3), blocks: vec![Block::paragraph("从业人员共计126人，其中硕士及以上学历68人，占比54%。")],
//!                   language: None, has_text_layer: true, unmapped_glyphs: 0 };
//! let doc = Document { pages: vec![page], ..Default::default() };
//! let facts = Reader::new().read("sub-0007", "申报书.pdf", &doc);
//! assert_eq!(facts[0].metric, "staff.total");
//! assert_eq!(facts[0].value, Value::Number(126.into()));
//! assert_eq!(facts[0].quote, "从业人员共计126人");
//! assert_eq!(facts[2].metric, "staff.masters_or_mid_title_pct");
//! ```
//!
//! Reading has four parts: the [`quantity`] reader (numerals and units), the lexicon of cue words
//! per metric (`pipelines/lexicon/metrics.toml`, compiled in), prose and table readers that tie a
//! quantity to a metric, and [`ident`] for the 统一社会信用代码 and 公民身份号码. After every document
//! of a submission is read, [`resolve_submission`] resolves periods (近3年) against the application
//! date and derives the director's age.

#![deny(missing_docs)]

pub mod date;
mod error;
pub mod ident;
pub mod lexicon;
pub mod normalize;
pub mod precision;
mod prose;
pub mod quantity;
mod resolve;
mod scope;
mod table;
mod textfacts;

pub use error::Error;
pub use resolve::resolve_submission;

use intake_model::key;
use intake_model::{BlockKind, Document, Fact, Period, ReadMethod, Value};
use lexicon::Lexicon;
use normalize::Folded;

/// The facts reader: the lexicon, its automata and the jieba segmenter, loaded once.
/// `Sync`, so one reader serves every rayon thread.
pub struct Reader {
    lex: Lexicon,
    jieba: &'static intake_zh::Jieba,
}

impl Default for Reader {
    fn default() -> Self {
        Reader::new()
    }
}

/// A run of text to read: a paragraph block or one table cell.
pub(crate) struct Span<'a> {
    /// The original characters (quotes are cut from these).
    pub orig: &'a [char],
    /// The folded characters, same length.
    pub folded: &'a Folded,
    /// Offset of `orig[0]` in the page's text.
    pub base: usize,
    /// 1-based PDF page, or `None`.
    pub page: Option<u32>,
    /// On the cover (first page, early blocks): a bare 日期 is the application date.
    pub cover: bool,
    /// For lines of a PDF paragraph joined into one span: each character's offset in the page
    /// text, and the page text (quotes then keep the line breaks as the page has them).
    pub joined: Option<(&'a [usize], &'a [char])>,
}

impl Span<'_> {
    /// The page-text offsets `[start, end)` of the span's characters `[start, end)`.
    pub fn offsets(&self, start: usize, end: usize) -> [usize; 2] {
        let n = self.orig.len();
        let (start, end) = (start.min(n), end.min(n));
        match self.joined {
            Some((map, _)) if start < end => [map[start], map[end - 1] + 1],
            Some((map, _)) => [map.get(start).copied().unwrap_or(0); 2],
            None => [self.base + start, self.base + end],
        }
    }

    /// The text of `[start, end)` as it stands in the page.
    pub fn quote(&self, start: usize, end: usize) -> String {
        match self.joined {
            Some((_, page)) => {
                let [a, b] = self.offsets(start, end);
                page[a.min(page.len())..b.min(page.len())].iter().collect()
            }
            None => {
                let n = self.orig.len();
                self.orig[start.min(n)..end.min(n).max(start.min(n))]
                    .iter()
                    .collect()
            }
        }
    }
}

/// Where facts go while a document is read.
pub(crate) struct Sink<'a> {
    pub submission: &'a str,
    pub document: &'a str,
    pub facts: Vec<Fact>,
}

/// A fact before it is placed: everything but submission, document and unit.
pub(crate) struct Draft {
    pub metric: &'static str,
    pub value: Value,
    pub start: usize,
    pub end: usize,
    pub period: Option<String>,
    pub method: ReadMethod,
    pub approx: bool,
    pub valid: Option<bool>,
    pub note: Option<String>,
}

impl Sink<'_> {
    /// Places a draft read from `span` (offsets relative to the span).
    pub fn push(&mut self, span: &Span, d: Draft) {
        let unit = intake_model::metric(d.metric).map_or("-", |m| m.unit);
        let period = d.period.map(|label| {
            let (from_year, to_year) = date::resolve_period(&label, None);
            Period {
                label,
                from_year,
                to_year,
            }
        });
        self.facts.push(Fact {
            submission: self.submission.to_string(),
            document: self.document.to_string(),
            metric: d.metric.to_string(),
            value: d.value,
            unit: unit.to_string(),
            page: span.page,
            quote: span.quote(d.start, d.end),
            offset: span.offsets(d.start, d.end),
            period,
            method: d.method,
            approx: d.approx,
            valid: d.valid,
            note: d.note,
            precision: None,
        });
    }
}

impl Reader {
    /// Loads the embedded lexicon (tens of milliseconds; do it once) and takes the process's
    /// jieba segmenter ([`intake_zh::jieba`], shared with the search index).
    pub fn new() -> Reader {
        match Lexicon::embedded() {
            Ok(lex) => Reader {
                lex,
                jieba: intake_zh::jieba(),
            },
            // The embedded lexicon is checked by this crate's tests; a broken build is a bug.
            Err(e) => unreachable!("embedded lexicon is invalid: {e}"),
        }
    }

    /// One reader for the whole process, built on first use (the pipeline's rayon threads share
    /// it: loading jieba's dictionary takes a fraction of a second).
    pub fn shared() -> &'static Reader {
        static SHARED: std::sync::LazyLock<Reader> = std::sync::LazyLock::new(Reader::new);
        &SHARED
    }

    /// Reads every fact of one document. Facts come in document order (page, then offset).
    pub fn read(&self, submission: &str, document: &str, doc: &Document) -> Vec<Fact> {
        let mut sink = Sink {
            submission,
            document,
            facts: Vec::new(),
        };
        let mut rows: Vec<table::Row> = Vec::new();
        // The last paragraph read: a table's caption (表1 运营团队人员情况表).
        let mut caption = String::new();
        // Subsidiaries' profiles in annual reports: their figures are not the applicant's.
        let mut scope = scope::Scope::default();
        // Paragraphs still under a heading about the director (（一）实验室主任情况), where a bare
        // 姓名 is the director's.
        let mut director_left = 0usize;
        // A running title (an annual report's, a prospectus's) gives the company's name once.
        let mut titled = false;
        // Paragraphs still to look at for the value of a bare 公司的中文名称 label (the CSRC
        // profile form laid out column by column, its values some lines further on).
        let mut name_form_left = 0usize;
        // Lines still under a certificate's title (营业执照), where a bare 名称 is the holder's.
        let mut certificate_left = 0usize;
        // Table numbers for forms a PDF gives column by column, past any real table's.
        let mut column_table = 1u32 << 30;
        // The unit line over the tables that follow (单位：元 币种：人民币), until a heading or
        // prose: their money cells are bare numbers.
        let mut unit_line: Option<String> = None;
        for (pi, page) in doc.pages.iter().enumerate() {
            let page_text: Vec<char> = page.text().chars().collect();
            let mut base = 0usize;
            // The page's paragraphs as (offset, text); a table row breaks the sequence.
            let mut lines: Vec<(usize, &str)> = Vec::new();
            // The page's paragraph blocks at their offsets, for cells laid out without rules.
            let mut placed: Vec<(usize, &intake_model::Block)> = Vec::new();
            // Consecutive lines of one PDF paragraph, read as one span: (start offset, block).
            let mut run: Vec<(usize, &intake_model::Block)> = Vec::new();
            for (bi, block) in page.blocks.iter().enumerate() {
                let len = block.text.chars().count();
                let cover = pi == 0 && bi < 60;
                match block.kind {
                    BlockKind::Paragraph if scope.other_entity(&block.text) => {
                        lines.push((base, ""));
                        self.read_run(&run, &page_text, page.number, cover, &mut sink);
                        run.clear();
                    }
                    BlockKind::Paragraph => {
                        lines.push((base, &block.text));
                        placed.push((base, block));
                        let t = block.text.trim();
                        unit_line = table::next_unit_line(unit_line, t);
                        if !titled
                            && ["报告", "全文", "摘要", "说明书"]
                                .iter()
                                .any(|w| t.ends_with(w))
                        {
                            titled = Self::read_block(
                                block,
                                base,
                                page.number,
                                &mut sink,
                                textfacts::read_title_name,
                            );
                        }
                        if textfacts::NAME_FORM_LABELS.contains(&t) {
                            name_form_left = NAME_FORM_LINES;
                        } else if name_form_left > 0 && !t.is_empty() {
                            name_form_left -= 1;
                            if Self::read_block(
                                block,
                                base,
                                page.number,
                                &mut sink,
                                textfacts::read_name_form_value,
                            ) {
                                name_form_left = 0;
                            }
                        }
                        if textfacts::certificate_title(t) {
                            certificate_left = CERTIFICATE_LINES;
                        } else if certificate_left > 0 && !t.is_empty() {
                            certificate_left -= 1;
                        }
                        if certificate_left > 0 && t.starts_with("名称") {
                            Self::read_block(
                                block,
                                base,
                                page.number,
                                &mut sink,
                                textfacts::read_certificate_name,
                            );
                        }
                        if t.chars().nth(24).is_none() && table::director_heading(t) {
                            director_left = DIRECTOR_LINES;
                        } else if scope::after_ordinal(t).is_some() {
                            // Another section: its 姓名 is someone else's.
                            director_left = 0;
                        } else if director_left > 0 && !t.is_empty() {
                            director_left -= 1;
                            Self::read_block(block, base, page.number, &mut sink, |span, sink| {
                                textfacts::read_director_name(span, ReadMethod::Form, sink)
                            });
                        }
                        if !continues(page.number, &run, block) {
                            self.read_run(&run, &page_text, page.number, cover, &mut sink);
                            run.clear();
                        }
                        run.push((base, block));
                        if !block.text.trim().is_empty() {
                            caption = Folded::new(&block.text).string();
                        }
                    }
                    BlockKind::TableRow { table, row } => {
                        lines.push((base, ""));
                        self.read_run(&run, &page_text, page.number, cover, &mut sink);
                        run.clear();
                        // Another entity's table (the controlling shareholder's form), or a row of
                        // the glossary (原某银行 | 指 | 成立于1995年6月的…): a term defined, whose
                        // dates are not the applicant's.
                        if scope.in_profile() || block.text.split('\t').any(|c| c.trim() == "指") {
                            base += len + 1;
                            continue;
                        }
                        let orig: Vec<char> = block.text.chars().collect();
                        let mut r =
                            table::Row::new(table, row, &orig, base, page.number, pi, cover);
                        r.caption = caption.clone();
                        r.unit_line = unit_line.clone();
                        rows.push(r);
                    }
                }
                base += len + 1;
            }
            self.read_run(&run, &page_text, page.number, pi == 0, &mut sink);
            if page.number.is_some() {
                let known = |t: &str| table::known_label(self, t);
                rows.extend(table::column_forms(
                    &known,
                    &lines,
                    (page.number, pi),
                    &mut column_table,
                ));
                rows.extend(table::aligned_rows(
                    &known,
                    &placed,
                    (page.number, pi),
                    &mut column_table,
                ));
            }
        }
        table::read_tables(self, &rows, &mut sink);
        let mut facts = sink.facts;
        // A count of people is whole: 0.8 人 is a ratio (每万千瓦装机职工人数为0.8人).
        facts.retain(|f| f.unit != "persons" || f.number().is_none_or(|n| n.fract().is_zero()));
        order_and_dedup(&mut facts, doc);
        // A report states its year in the title, on the cover and in a form: one fact is enough.
        // Keep the labelled statement (报告年度：2025年) if there is one, else the first.
        let labelled = |f: &Fact| f.quote.contains(['：', ':', '\t']);
        let keep = facts
            .iter()
            .position(|f| f.metric == key::REPORT_YEAR && labelled(f))
            .or_else(|| facts.iter().position(|f| f.metric == key::REPORT_YEAR));
        let mut i = 0;
        facts.retain(|f| {
            i += 1;
            f.metric != key::REPORT_YEAR || Some(i - 1) == keep
        });
        // In a report on one year, a figure stated for another single year (2019年度收入较2018年度
        // 营业收入123,053.72万元) is that year's, not the report's.
        let year = facts
            .iter()
            .find(|f| f.metric == key::REPORT_YEAR)
            .and_then(Fact::number)
            .map(|y| y.to_string());
        if let Some(y) = year {
            facts.retain(|f| {
                let single = f.period.as_ref().and_then(|p| single_year(&p.label));
                single.is_none_or(|s| s == y)
            });
        }
        mark_ocr(&mut facts, doc);
        precision::mark(&mut facts);
        facts
    }

    /// Runs `read` on one paragraph block alone, as a span of its own characters at `base` of
    /// its page: the running title (company name and year), the value line of a 公司的中文名称
    /// label given lines before, a `姓名：…` line under a heading about the director.
    fn read_block<R>(
        block: &intake_model::Block,
        base: usize,
        page: Option<u32>,
        sink: &mut Sink,
        read: impl FnOnce(&Span, &mut Sink) -> R,
    ) -> R {
        let orig: Vec<char> = block.text.chars().collect();
        let folded = Folded::new(&block.text);
        let span = Span {
            orig: &orig,
            folded: &folded,
            base,
            page,
            cover: false,
            joined: None,
        };
        read(&span, sink)
    }

    /// Reads a run of paragraph blocks: one block as itself, several (lines of one PDF
    /// paragraph) as one span whose characters map back to the page text.
    fn read_run(
        &self,
        run: &[(usize, &intake_model::Block)],
        page_text: &[char],
        page: Option<u32>,
        cover: bool,
        sink: &mut Sink,
    ) {
        match run {
            [] => {}
            [(base, block)] => {
                let orig: Vec<char> = block.text.chars().collect();
                let folded = Folded::new(&block.text);
                let span = Span {
                    orig: &orig,
                    folded: &folded,
                    base: *base,
                    page,
                    cover,
                    joined: None,
                };
                self.read_text(&span, ReadMethod::Prose, sink);
            }
            _ => {
                let mut orig = Vec::new();
                let mut map = Vec::new();
                for (base, block) in run {
                    for (k, c) in block.text.chars().enumerate() {
                        orig.push(c);
                        map.push(base + k);
                    }
                }
                let text: String = orig.iter().collect();
                let folded = Folded::new(&text);
                let span = Span {
                    orig: &orig,
                    folded: &folded,
                    base: run[0].0,
                    page,
                    cover,
                    joined: Some((&map, page_text)),
                };
                self.read_text(&span, ReadMethod::Prose, sink);
            }
        }
    }

    /// Reads prose and labelled values from one span.
    pub(crate) fn read_text(&self, span: &Span, method: ReadMethod, sink: &mut Sink) {
        textfacts::read_labels(self, span, method, sink);
        prose::read_prose(self, span, method, sink);
    }
}

/// The year of a period that names one calendar year (`2018年度`, `2018 年`), else `None`.
fn single_year(label: &str) -> Option<String> {
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[digits.len()..];
    (digits.len() == 4 && matches!(rest, "年" | "年度")).then_some(digits)
}

/// Paragraphs after a bare 公司的中文名称 label searched for its value (the profile form lists
/// up to a dozen labels, then a contact table, before the values).
const NAME_FORM_LINES: usize = 24;

/// Lines after a heading about the director that may still hold the director's 姓名.
const DIRECTOR_LINES: usize = 8;

/// Lines after a certificate's title (营业执照, 事业单位法人证书) that may hold the holder's 名称:
/// a licence gives its code, name, type and representative in its first few lines.
const CERTIFICATE_LINES: usize = 6;

/// Whether `block` continues the paragraph of the run: on a PDF page (where extraction gives
/// lines), after a long line that does not end a sentence or a label.
fn continues(
    page: Option<u32>,
    run: &[(usize, &intake_model::Block)],
    block: &intake_model::Block,
) -> bool {
    let Some((_, last)) = run.last() else {
        return false;
    };
    let prev = last.text.trim_end();
    // A line opening with a short label (责任单位：…) starts a field of its own.
    let label_line = |t: &str| {
        t.chars()
            .take(14)
            .position(|c| matches!(c, '：' | ':'))
            .is_some_and(|p| p >= 2)
            && !t
                .chars()
                .take_while(|c| !matches!(c, '：' | ':'))
                .any(|c| matches!(c, '，' | '。' | '、'))
    };
    // A line opening with an enumerator (一、 （二） 3.) is a heading or a new item.
    let next = block.text.trim_start();
    let enumerated = {
        let c: Vec<char> = next.chars().take(4).collect();
        let numeral = |c: &char| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c);
        matches!(c.first(), Some('（' | '(') | Some('第')) && c.get(1).is_some_and(numeral)
            || c.first().is_some_and(numeral)
                && c.get(1).is_some_and(|c| matches!(c, '、' | '.' | '．'))
                && !c.get(2).is_some_and(char::is_ascii_digit)
    };
    page.is_some()
        && !label_line(next)
        && !enumerated
        && (!label_line(prev) || next.chars().count() < 12)
        && run.len() < 64
        && !block.text.trim().is_empty()
        && prev.chars().count() >= 12
        && !prev.ends_with(['。', '；', '！', '？', '!', '?', '：', ':', ';'])
}

/// Sorts facts by page, offset and metric and drops exact repeats (same metric and span).
fn order_and_dedup(facts: &mut Vec<Fact>, doc: &Document) {
    let pages: std::collections::BTreeMap<Option<u32>, usize> = doc
        .pages
        .iter()
        .enumerate()
        .rev()
        .map(|(i, p)| (p.number, i))
        .collect();
    facts.sort_by_cached_key(|f| {
        (
            pages.get(&f.page).copied().unwrap_or(0),
            f.offset,
            f.metric.clone(),
        )
    });
    facts.dedup_by(|a, b| a.metric == b.metric && a.page == b.page && a.offset == b.offset);
}

/// A credit code read by OCR that fails its check characters and becomes valid by exactly one
/// look-alike correction ([`ident::repair_credit_code`]) is taken as corrected, and the note
/// says which character was changed: the quote keeps what the scan shows.
fn repair_code(f: &mut Fact, mark: &mut String) {
    let Value::Text(code) = &f.value else { return };
    if f.metric != key::ORG_CREDIT_CODE || f.valid != Some(false) {
        return;
    }
    if let Some((fixed, pos, read, right)) = ident::repair_credit_code(code) {
        mark.push_str(&format!(
            "；按 GB 32100 校验码将第{pos}位“{read}”纠正为“{right}”"
        ));
        f.value = Value::Text(fixed);
        f.valid = Some(true);
        // What the reader said about the code as read no longer holds.
        f.note = None;
    }
}

/// Marks the facts read from OCR text (`how: "ocr"`), with the engine's confidence in the note:
/// an officer weighs a figure read from a scan differently from one typed by the applicant.
/// A fact is OCR text when its quote starts inside a block that carries `ocr_confidence`.
fn mark_ocr(facts: &mut [Fact], doc: &Document) {
    if !doc
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .any(|b| b.ocr_confidence.is_some())
    {
        return;
    }
    for f in facts.iter_mut() {
        if f.method == ReadMethod::Derived {
            continue;
        }
        let page = doc
            .pages
            .iter()
            .find(|p| p.number == f.page)
            .or_else(|| doc.pages.first().filter(|_| f.page.is_none()));
        let Some(page) = page else { continue };
        // Blocks are joined by one `\n` in the page's text (`Page::text`), offsets in chars.
        let mut start = 0usize;
        for b in &page.blocks {
            let end = start + b.text.chars().count();
            if f.offset[0] >= start && f.offset[0] <= end {
                if let Some(c) = b.ocr_confidence {
                    f.method = ReadMethod::Ocr;
                    let mut mark = format!("OCR 识别，置信度 {c}");
                    repair_code(f, &mut mark);
                    f.note = Some(match f.note.take() {
                        Some(n) => format!("{mark}；{n}"),
                        None => mark,
                    });
                }
                break;
            }
            start = end + 1;
        }
    }
}
