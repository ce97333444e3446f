//! Tables: header row + value cells (人员情况表 with a 合计 row), two-column key–value forms
//! (单位名称 | XX公司), and tables split over pages (a headerless continuation on the next page
//! with the same column count takes the previous table's header).

use crate::normalize::Folded;
use crate::prose::unit_fits;
use crate::quantity::{Quantity, parse_quantity};
use crate::textfacts::{LABELLED, interpret};
use crate::{Draft, Reader, Sink, Span};
use intake_model::key;
use intake_model::{ReadMethod, Value};
use std::collections::BTreeMap;

mod aligned;
mod cells;
mod columns;

pub(crate) use aligned::aligned_rows;
pub(crate) use columns::column_forms;

pub(crate) use cells::unit_hint;
use cells::{cell_quantity, clean_label, is_total, period_of};

/// One table row as read from a [`intake_model::BlockKind::TableRow`] block.
pub(crate) struct Row {
    table: u32,
    row: u32,
    page: Option<u32>,
    page_index: usize,
    cover: bool,
    base: usize,
    orig: Vec<char>,
    folded: Folded,
    /// Character ranges of the cells within `orig`.
    cells: Vec<(usize, usize)>,
    /// The paragraph before the row (for a first row: the table's caption).
    pub caption: String,
    /// Paired from a form given column by column ([`column_forms`]): the label stands elsewhere
    /// in the page, so the quote is the value cell alone.
    pub value_only: bool,
    /// The unit line standing over the table (单位：元 币种：人民币), if any: the unit of its
    /// bare money cells.
    pub unit_line: Option<String>,
}

/// The unit line in force after paragraph `t`: a line naming the unit of the tables below it
/// (单位：万元, 金额单位：元) starts one; a heading or a sentence of prose ends it.
pub(crate) fn next_unit_line(prev: Option<String>, t: &str) -> Option<String> {
    // Only whether it is over 40 or 60 characters matters.
    let n = t.chars().take(61).count();
    // Most lines name no unit: look closer only at a short one that says 单位.
    if n <= 40 && t.contains("单位") {
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.chars().count() <= 30
            && (compact.starts_with("单位") || compact.contains("金额单位"))
        {
            return unit_hint(&compact)
                .filter(|(u, _)| *u == crate::quantity::Unit::Cny)
                .map(|_| compact);
        }
    }
    prev.as_ref()?;
    let ends = n > 60 || t.contains('。') || crate::scope::after_ordinal(t).is_some();
    if ends { None } else { prev }
}

/// A bare money cell takes the unit of the table's unit line (a cell that names its own unit,
/// or whose label or header does, keeps that).
fn with_unit_line(entry: &crate::lexicon::Entry, mut q: Quantity, line: Option<&str>) -> Quantity {
    let money = intake_model::metric(&entry.key).is_some_and(|m| m.unit == "CNY");
    if let (true, crate::quantity::Unit::Bare, Some(line)) = (money, q.unit, line)
        && let Some((u, m)) = unit_hint(line)
        && let Some(v) = q.value.checked_mul(m)
    {
        q.unit = u;
        q.value = v.normalize();
    }
    q
}

impl Row {
    /// A row from its block text (cells separated by `\t`), its offset in the page text and page.
    pub fn new(
        table: u32,
        row: u32,
        orig: &[char],
        base: usize,
        page: Option<u32>,
        page_index: usize,
        cover: bool,
    ) -> Row {
        let mut cells = Vec::new();
        let mut s = 0;
        for (i, &c) in orig.iter().enumerate() {
            if c == '\t' {
                cells.push((s, i));
                s = i + 1;
            }
        }
        cells.push((s, orig.len()));
        let text: String = orig.iter().collect();
        Row {
            table,
            row,
            page,
            page_index,
            cover,
            base,
            orig: orig.to_vec(),
            folded: Folded::new(&text),
            cells,
            caption: String::new(),
            value_only: false,
            unit_line: None,
        }
    }

    fn cell(&self, c: usize) -> String {
        self.cells
            .get(c)
            .map(|&(s, e)| self.folded.chars[s..e].iter().collect())
            .unwrap_or_default()
    }

    fn span(&self) -> Span<'_> {
        Span {
            orig: &self.orig,
            folded: &self.folded,
            base: self.base,
            page: self.page,
            cover: self.cover,
            joined: None,
        }
    }
}

/// Whether a column header names another period than the report's or a change between two
/// (上年同期数, 调整前, 本期比上年增减, 变动比例（%）): not the figure for the period.
fn other_period(header: &str) -> bool {
    [
        "上年",
        "上期",
        "去年",
        "同期",
        "调整前",
        "变动",
        "增减",
        "比例",
        "同比",
        "增长",
        "变化",
    ]
    .iter()
    .any(|w| header.contains(w))
}

/// The single year a header names (2021年, 2021, 2021年度), not a span (近3年).
fn year_of(header: &str) -> Option<String> {
    let p = period_of(header)?;
    let (from, to) = crate::date::resolve_period(&p, None);
    (from.is_some() && from == to).then_some(p)
}

/// Whether the row is a header: no numeric cells and no label–value pair.
fn header_like(r: &Reader, row: &Row) -> bool {
    let n = row.cells.len();
    if n < 2 {
        return false;
    }
    if (0..n).any(|c| parse_quantity(&row.cell(c)).is_some()) {
        return false;
    }
    !(0..n - 1).any(|c| form_value(r, row, c).is_some())
}

/// Whether a table is shaped as a key–value form even where most of its labels are not the
/// lexicon's (建设主体（盖章） | …, 联系人 | …, 姓名 | …): every row has label–value pairs (2 or 4
/// cells) and every label cell is short text, not a figure or a date.
fn label_column(t: &[&Row]) -> bool {
    t.len() >= 2
        && t.iter().all(|row| {
            let n = row.cells.len();
            (n == 2 || n == 4)
                && (0..n).step_by(2).all(|c| {
                    let l = clean_label(&row.cell(c));
                    let chars: Vec<char> = l.chars().collect();
                    (2..=24).contains(&chars.len())
                        && parse_quantity(&l).is_none()
                        && crate::date::find_dates(&chars).is_empty()
                        && !l.contains(['，', '。', '；'])
                })
        })
}

/// The director's name in a form under a heading or caption about the director
/// (（一）实验室主任情况 | 姓名 | 侯某某): a bare 姓名 label is then the director's.
pub(crate) fn director_heading(caption: &str) -> bool {
    // Called for every short line: most hold none of the three words' first characters.
    if !caption.contains(['主', '负', '带']) {
        return false;
    }
    // 31 characters are enough to tell a caption too long.
    let c: String = caption
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(31)
        .collect();
    c.chars().count() <= 30
        && ["主任", "负责人", "带头人"].iter().any(|w| c.contains(w))
        && !["联系人", "法定代表人", "财务"]
            .iter()
            .any(|w| c.contains(w))
}

/// Whether the lexicon knows a label cell as some metric's label.
pub(crate) fn known_label(r: &Reader, label: &str) -> bool {
    entry_for(r, label, false).is_some()
}

/// The entry index for a label cell (cleaned), if the lexicon knows it.
fn entry_for(r: &Reader, label: &str, _cover: bool) -> Option<usize> {
    let l = clean_label(label);
    if l.is_empty() {
        return None;
    }
    let e = r.lex.label_entries(&l).first().copied()?;
    // A bare 日期 names the application date only as a label of its own (not 报送日期): on the
    // cover, and in a form signed at its end (承诺单位（盖章） | … | 日期 | 2026年5月3日).
    let dated = l == "日期"
        || ["申报", "填报", "申请", "填表"]
            .iter()
            .any(|w| l.contains(w));
    (r.lex.entries[e].key != key::APPLICATION_DATE || dated).then_some(e)
}

/// Reads the pair (label at `c`, value at `c + 1`) as a form field.
fn form_value(r: &Reader, row: &Row, c: usize) -> Option<(usize, FormValue)> {
    let label = row.cell(c);
    let named = || {
        (clean_label(&label) == "姓名" && director_heading(&row.caption))
            .then(|| r.lex.index(key::DIRECTOR_NAME))
            .flatten()
    };
    let e = entry_for(r, &label, row.cover).or_else(named)?;
    let key = r.lex.entries[e].key.as_str();
    let (vs, ve) = *row.cells.get(c + 1)?;
    if LABELLED.contains(&key) {
        let v = interpret(key, &clean_label(&label), &row.folded.chars, vs, ve)?;
        return Some((e, FormValue::Text(v)));
    }
    let cell = row.cell(c + 1);
    let q = cell_quantity(&cell, &[&label])?;
    let q = with_unit_line(&r.lex.entries[e], q, row.unit_line.as_deref());
    fits_cell(&r.lex.entries[e], &q, &cell).then_some((e, FormValue::Number(q)))
}

/// Does a value cell fit the entry: its unit, and for head counts a whole number as written
/// (`21,557,467.23` under 应付职工薪酬 is money, not staff).
fn fits_cell(entry: &crate::lexicon::Entry, q: &Quantity, cell: &str) -> bool {
    let counted = intake_model::metric(&entry.key)
        .is_some_and(|m| matches!(m.unit, "persons" | "count" | "person-times"));
    unit_fits(entry, q, true) && !(counted && (cell.contains('.') || !q.value.fract().is_zero()))
}

enum FormValue {
    Text(crate::textfacts::Interp),
    Number(Quantity),
}

/// Where a value was read in its row: the quote runs from `start` (the label cell) to `end` (the
/// value cell's end), both relative to the row.
struct At {
    start: usize,
    end: usize,
    method: ReadMethod,
    period: Option<String>,
}

fn push_value(r: &Reader, row: &Row, e: usize, fv: FormValue, at: At, sink: &mut Sink) {
    let At {
        start,
        end,
        method,
        period,
    } = at;
    let key = r.lex.entries[e].key.as_str();
    let Some(def) = intake_model::metric(key) else {
        return;
    };
    let span = row.span();
    let d = match fv {
        FormValue::Text(v) => Draft {
            metric: def.key,
            value: v.value,
            start,
            end: v.end,
            period,
            method,
            approx: false,
            valid: v.valid,
            note: v.note,
        },
        FormValue::Number(q) => {
            let mut notes = Vec::new();
            if q.ocr_corrected {
                notes.push("OCR corrected".to_string());
            }
            if let Some(m) = q.marker {
                notes.push(format!("approximate ({m})"));
            }
            Draft {
                metric: def.key,
                value: Value::Number(q.value),
                start,
                end,
                period,
                method: if q.ocr_corrected {
                    ReadMethod::OcrCorrected
                } else {
                    method
                },
                approx: q.approx,
                valid: None,
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            }
        }
    };
    sink.push(&span, d);
}

/// Reads every table of a document.
pub(crate) fn read_tables(r: &Reader, rows: &[Row], sink: &mut Sink) {
    let mut by_table: BTreeMap<u32, Vec<&Row>> = BTreeMap::new();
    for row in rows {
        by_table.entry(row.table).or_default().push(row);
    }
    // Join headerless continuations on the next page to the table before.
    let mut tables: Vec<Vec<&Row>> = Vec::new();
    for (_, mut t) in by_table {
        t.sort_by_key(|x| x.row);
        if let (Some(prev), Some(first)) = (tables.last_mut(), t.first()) {
            let last = prev.last().map(|x| (x.page_index, x.cells.len()));
            // On the next page; or on the same page, where a PDF gives each row of a table
            // drawn without rules as a table of its own (主要会计数据 | 2021年 | 2020年, then
            // 营业收入 | … as the next), under a header that names years.
            let same_page = |pi: usize| {
                pi == first.page_index
                    && prev
                        .first()
                        .is_some_and(|h| (1..h.cells.len()).any(|c| year_of(&h.cell(c)).is_some()))
            };
            let continues = last.is_some_and(|(pi, n)| {
                (pi + 1 == first.page_index || same_page(pi)) && n == first.cells.len()
            }) && prev.first().is_some_and(|h| header_like(r, h))
                && !header_like(r, first)
                && !others_caption(&first.caption);
            if continues {
                prev.extend(t);
                continue;
            }
        }
        tables.push(t);
    }
    for t in &tables {
        read_table(r, t, sink);
    }
}

/// Header words of a column for a part of the year.
const PART_PERIODS: [&str; 3] = ["季度", "半年", "月份"];

/// Captions of tables about someone other than the applicant as a whole: a subset of its staff
/// (研发人员学历结构), its subsidiaries, its customers, suppliers or debtors; or a part of the
/// year (分季度主要财务指标).
const OTHERS_CAPTIONS: [&str; 10] = [
    "研发人员",
    "研发团队",
    "子公司",
    "参股公司",
    "控股公司",
    "前五名客户",
    "前五名供应商",
    "主要客户",
    "主要供应商",
    "应收账款",
];

/// Whether a caption makes a table someone else's or a part of the year's.
fn others_caption(caption: &str) -> bool {
    OTHERS_CAPTIONS
        .iter()
        .chain(&PART_PERIODS)
        .any(|w| caption.contains(w))
}

/// Whether a form names an entity (名称 | 某某集团有限公司) other than the document's own, read
/// before it (a controlling shareholder's or an investee's profile in an annual report).
fn names_another(t: &[&Row], sink: &Sink) -> bool {
    let own: Vec<&Value> = sink
        .facts
        .iter()
        .filter(|f| f.metric == key::ORG_NAME)
        .map(|f| &f.value)
        .collect();
    !own.is_empty()
        && t.iter().any(|row| {
            row.cells.len() >= 2
                && matches!(
                    clean_label(&row.cell(0)).as_str(),
                    "名称" | "公司名称" | "企业名称" | "单位名称"
                )
                && {
                    let name: String = row.cell(1).chars().filter(|c| !c.is_whitespace()).collect();
                    name.chars().count() >= 4
                        && !own
                            .iter()
                            .any(|v| matches!(v, Value::Text(o) if *o == name))
                }
        })
}

fn read_table(r: &Reader, t: &[&Row], sink: &mut Sink) {
    let Some(first) = t.first() else { return };
    // A table by quarter or half-year (第一季度 | 第二季度) gives parts of the year.
    let by_part = (0..first.cells.len()).any(|c| {
        let h = first.cell(c);
        PART_PERIODS.iter().any(|w| h.contains(w))
    });
    if by_part || others_caption(&first.caption) || names_another(t, sink) {
        return;
    }
    // A key–value form when half its rows read as label | value (whatever its first row is:
    // 平台名称 | … opens many forms without being a known label); else a header table.
    let pairs = t
        .iter()
        .filter(|row| row.cells.len() >= 2 && form_value(r, row, 0).is_some())
        .count();
    // …unless the first row names columns (类别 | 人数, 年度 | 营业收入（万元）).
    let names_columns = (1..first.cells.len()).any(|c| {
        let h = first.cell(c);
        cells::unit_hint(&h).is_some() || entry_for(r, &h, first.cover).is_some()
    }) || [
        "类别", "项目", "序号", "指标", "名称", "年度", "类型", "内容",
    ]
    .contains(&clean_label(&first.cell(0)).as_str());
    let form = !names_columns && (pairs * 2 >= t.len() || pairs >= 1 && label_column(t));
    let header = (!form && t.len() >= 2 && header_like(r, first)).then_some(*first);
    let mut used: Vec<Vec<bool>> = t.iter().map(|row| vec![false; row.cells.len()]).collect();
    match header {
        None => {
            for (ri, row) in t.iter().enumerate() {
                let mut c = 0;
                while c + 1 < row.cells.len() {
                    if let Some((e, v)) = form_value(r, row, c) {
                        let at = At {
                            start: row.cells[c + usize::from(row.value_only)].0,
                            end: row.cells[c + 1].1,
                            method: ReadMethod::Form,
                            period: None,
                        };
                        push_value(r, row, e, v, at, sink);
                        used[ri][c] = true;
                        used[ri][c + 1] = true;
                        c += 2;
                    } else {
                        c += 1;
                    }
                }
            }
        }
        Some(h) => header_table(r, t, h, &mut used, sink),
    }
    // Cells holding prose of their own (主要业绩: 近3年承担国家级项目5项…).
    for (ri, row) in t.iter().enumerate() {
        for (ci, &(s, e)) in row.cells.iter().enumerate() {
            if used[ri][ci] || e - s < 8 || row.value_only {
                continue;
            }
            let orig = &row.orig[s..e];
            let text: String = orig.iter().collect();
            let folded = Folded::new(&text);
            let span = Span {
                orig,
                folded: &folded,
                base: row.base + s,
                page: row.page,
                cover: row.cover,
                joined: None,
            };
            r.read_text(&span, ReadMethod::Table, sink);
        }
    }
}

fn header_table(r: &Reader, t: &[&Row], h: &Row, used: &mut [Vec<bool>], sink: &mut Sink) {
    let ncols = h.cells.len();
    let headers: Vec<String> = (0..ncols).map(|c| h.cell(c)).collect();
    let label_col = usize::from(clean_label(&headers[0]) == "序号");
    let col_entry: Vec<Option<usize>> = headers.iter().map(|x| entry_for(r, x, h.cover)).collect();
    let row_entry: Vec<Option<usize>> = t
        .iter()
        .map(|row| entry_for(r, &row.cell(label_col), row.cover))
        .collect();
    // The metric a 合计 row gives: the one whose parts the other rows are.
    let row_keys: Vec<&str> = row_entry
        .iter()
        .flatten()
        .map(|&e| r.lex.entries[e].key.as_str())
        .collect();
    let mut total_entry = r
        .lex
        .entries
        .iter()
        .position(|e| e.parts.iter().any(|p| row_keys.contains(&p.as_str())));
    // A caption naming a narrower whole (运营团队人员情况表) gives that metric instead.
    if let Some(te) = total_entry {
        let unit = intake_model::metric(&r.lex.entries[te].key).map(|m| m.unit);
        let named = r
            .lex
            .before_hits(&h.caption)
            .into_iter()
            .flat_map(|hit| hit.entries)
            .find(|&e| {
                e != te
                    && r.lex.entries[e].parts.is_empty()
                    && intake_model::metric(&r.lex.entries[e].key).map(|m| m.unit) == unit
                    && !row_entry.contains(&Some(e))
            });
        if let Some(e) = named {
            total_entry = Some(e);
        }
    }
    // Where columns are years (2021年 | 2020年 | 本期比上年增减 | 2019年), a column without a
    // year is a change or an adjusted figure, not a year's own.
    let dated = (0..ncols).any(|c| c != label_col && year_of(&headers[c]).is_some());
    for (ri, row) in t.iter().enumerate().skip(1) {
        let label = row.cell(label_col);
        let is_sum = is_total(&clean_label(&label));
        for (c, &(vs, ve)) in row.cells.iter().enumerate() {
            if c == label_col && row_entry[ri].is_some() {
                continue;
            }
            let header = headers.get(c).map_or("", String::as_str);
            let from_row = !is_sum && c != label_col && row_entry[ri].is_some();
            if from_row && (dated && year_of(header).is_none() || other_period(header)) {
                continue;
            }
            let entry = if is_sum {
                total_entry.or(col_entry.get(c).copied().flatten())
            } else {
                row_entry[ri]
                    .filter(|_| c != label_col)
                    .or(col_entry.get(c).copied().flatten())
            };
            let Some(e) = entry else { continue };
            let key = r.lex.entries[e].key.as_str();
            // A name, a code or a date in a header table counts only when the table has one
            // value row (a list of names is no statement of the applicant's own).
            if LABELLED.contains(&key) && t.len() != 2 {
                continue;
            }
            let value = if LABELLED.contains(&key) {
                interpret(key, &clean_label(header), &row.folded.chars, vs, ve).map(FormValue::Text)
            } else {
                let hints: [&str; 2] = if from_row {
                    [&label, header]
                } else {
                    [header, &label]
                };
                let cell = row.cell(c);
                cell_quantity(&cell, &hints)
                    .map(|q| {
                        // Only a row's own metric takes the unit line: a column's (分行业 |
                        // 营业收入) reads a segment's figure in each row.
                        let line = row.unit_line.as_deref().or(h.unit_line.as_deref());
                        with_unit_line(&r.lex.entries[e], q, line.filter(|_| from_row))
                    })
                    .filter(|q| fits_cell(&r.lex.entries[e], q, &cell))
                    .map(FormValue::Number)
            };
            let Some(v) = value else { continue };
            // The period: a year or 近3年 in the row label or the column header.
            let period = period_of(&label).or_else(|| period_of(header));
            let start = if c == label_col {
                vs
            } else {
                row.cells[label_col.min(c)].0
            };
            push_value(
                r,
                row,
                e,
                v,
                At {
                    start,
                    end: ve,
                    method: ReadMethod::Table,
                    period,
                },
                sink,
            );
            used[ri][c] = true;
        }
    }
}
