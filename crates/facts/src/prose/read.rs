//! Reading one span: each figure is tied to a metric by the first of three readings that finds
//! one — a noun right after it, a share of the figure just read, the nearest unused cue before
//! it — then given its period and placed with its clause as the quote.

use intake_model::{ReadMethod, Value, key};

use super::{
    Boundaries, bare_gap, bracketed_unit, context_ok, count_of_another, excluded, is_clause_end,
    is_delta, is_han_word, is_requirement, is_sentence_end, money_of_another, part_of_another,
    unit_around, unit_fits,
};
use crate::date::PeriodHit;
use crate::lexicon::CueHit;
use crate::quantity::{self, Quantity, Unit};
use crate::{Draft, Reader, Sink, Span};

/// A figure's metric as chosen: (lexicon entry, quote start, quote end), character offsets.
type Choice = (usize, usize, usize);

/// One span being read: its folded characters, quantities, cues and periods, and what the
/// figures read so far have used.
struct SpanReading<'a> {
    r: &'a Reader,
    chars: &'a [char],
    quantities: &'a [Quantity],
    /// Cues whose figure follows them (从业人员共计 → 126人), sorted, not overlapping.
    before: Vec<CueHit>,
    /// Nouns that follow their figure (1200家 → 企业).
    after: Vec<CueHit>,
    periods: Vec<PeriodHit>,
    bounds: Boundaries<'a>,
    /// Cues of `before` already given a figure.
    consumed: Vec<bool>,
    /// Spans of the figures placed so far.
    placed: Vec<(usize, usize)>,
    /// The last figure placed: (sentence start, entry index, quote start).
    last: Option<(usize, usize, usize)>,
    /// Figures that are changes over the year (新增140个): they do not separate a cue from a
    /// later figure in another clause (行业模型库新增模型140个，累计620个).
    changes: Vec<(usize, usize)>,
}

/// Reads the figures of one span.
pub(crate) fn read_prose(r: &Reader, span: &Span, method: ReadMethod, sink: &mut Sink) {
    let chars = &span.folded.chars;
    let quantities = quantity::find_in(span.folded);
    if quantities.is_empty() {
        return;
    }
    let text = span.folded.string();
    let before = r.lex.before_hits(&text);
    let mut s = SpanReading {
        r,
        chars,
        consumed: vec![false; before.len()],
        before,
        after: r.lex.after_hits(&text),
        periods: crate::date::find_periods(chars),
        bounds: Boundaries {
            reader: r,
            text,
            cache: None,
        },
        quantities: &quantities,
        placed: Vec::new(),
        last: None,
        changes: Vec::new(),
    };
    for q in &quantities {
        s.read_figure(q, span, method, sink);
    }
}

impl SpanReading<'_> {
    /// Ties `q` to a metric and places it, or leaves it (a requirement, a change over the year,
    /// no cue, a figure of another party).
    fn read_figure(&mut self, q: &Quantity, span: &Span, method: ReadMethod, sink: &mut Sink) {
        let chars = self.chars;
        if q.unit == Unit::Other {
            return;
        }
        let sent = unit_around(chars, q.start, is_sentence_end);
        let clause = unit_around(chars, q.start, is_clause_end);
        if is_requirement(chars, sent, q) {
            return;
        }
        if let Some(change) = is_delta(chars, clause, q) {
            if change {
                self.changes.push((q.start, q.end));
            }
            return;
        }
        // The figure as its label's bracketed unit makes it (面积（万平方米）：1.2).
        let mut unit_of_label: Option<Quantity> = None;
        let choice = self
            .noun_after(q, clause)
            .or_else(|| self.share_of_last(q, clause, sent))
            .or_else(|| {
                let (choice, hinted) = self.cue_before(q, clause, sent)?;
                unit_of_label = hinted;
                Some(choice)
            });
        let Some((e, qs, qe)) = choice else { return };
        if q.unit != Unit::Cny && count_of_another(chars, sent.0, qs, q) {
            return;
        }
        let entry = &self.r.lex.entries[e];
        let Some(metric) = intake_model::metric(&entry.key) else {
            return;
        };
        let period = self.period_of(metric.key, q, qs, sent, clause);
        let mut notes = Vec::new();
        if q.ocr_corrected {
            notes.push(format!(
                "OCR corrected: {} read as {}",
                span.quote(q.start, q.end),
                q.value
            ));
        }
        if let Some(m) = q.marker {
            notes.push(format!("approximate ({m})"));
        }
        // The quote is the whole clause up to the figure (上一年度为1,280家企业提供服务), so a
        // reviewer reads the claim as the applicant wrote it.
        let ratio = entry.ratio_of.is_some() && qs > q.start.saturating_sub(9);
        let mut qs = if ratio {
            qs
        } else {
            unit_around(chars, qs.min(q.start), |c| is_clause_end(c) || c == '、')
                .0
                .min(qs)
        };
        while qs < q.start && chars[qs].is_whitespace() {
            qs += 1;
        }
        sink.push(
            span,
            Draft {
                metric: metric.key,
                value: Value::Number(unit_of_label.as_ref().map_or(q.value, |u| u.value)),
                start: qs.min(q.start),
                end: qe.max(q.end),
                period,
                method: if q.ocr_corrected {
                    ReadMethod::OcrCorrected
                } else {
                    method
                },
                approx: q.approx,
                valid: None,
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            },
        );
        self.last = Some((sent.0, e, qs.min(q.start)));
        self.placed.push((q.start, q.end));
    }

    /// First reading: a noun right after the figure: 1200家|企业提供服务. The noun may follow at once or
    /// after a short modifier (72家工业互联网|供给侧企业, 6家为相关领域|头部企业): up to six
    /// characters with no punctuation or figure between.
    fn noun_after(&self, q: &Quantity, clause: (usize, usize)) -> Option<Choice> {
        let (r, chars) = (self.r, self.chars);
        let reach = (q.end..(q.end + 7).min(chars.len()))
            .take_while(|&k| k == q.end || is_han_word(chars[k - 1]))
            .last()
            .unwrap_or(q.end);
        let first = self.after.partition_point(|h| h.start < q.end);
        self.after[first..]
            .iter()
            .take_while(|h| h.start <= reach)
            .find_map(|h| {
                h.entries
                    .iter()
                    .find(|&&e| {
                        let entry = &r.lex.entries[e];
                        unit_fits(entry, q, false) && context_ok(entry, chars, clause, false)
                    })
                    .map(|&e| (e, q.start, h.end))
            })
    }

    /// Second reading: a share of the figure just read in the same sentence: …68人，占比54%.
    fn share_of_last(
        &self,
        q: &Quantity,
        clause: (usize, usize),
        sent: (usize, usize),
    ) -> Option<Choice> {
        if q.unit != Unit::Percent {
            return None;
        }
        let from = q.start.saturating_sub(8).max(clause.0);
        let window = &self.chars[from..q.start];
        let ws = ["占比", "比例", "占"].iter().find_map(|w| {
            let w: Vec<char> = w.chars().collect();
            window
                .windows(w.len())
                .position(|x| x == w.as_slice())
                .map(|p| from + p)
        })?;
        let (_, e, _) = self.last.filter(|l| l.0 == sent.0)?;
        let key = &self.r.lex.entries[e].key;
        let p = self
            .r
            .lex
            .entries
            .iter()
            .position(|x| x.ratio_of.as_deref() == Some(key))?;
        Some((p, ws, q.end))
    }

    /// Third reading: the nearest unused cue before the figure, within the sentence; with the figure as a
    /// bracketed unit in the gap makes it (面积（万平方米）：1.2), if one does. Marks the cue used.
    fn cue_before(
        &mut self,
        q: &Quantity,
        clause: (usize, usize),
        sent: (usize, usize),
    ) -> Option<(Choice, Option<Quantity>)> {
        let (r, chars) = (self.r, self.chars);
        // Cues are sorted and do not overlap: walk back from the last one before the figure.
        let upto = self.before.partition_point(|h| h.start < q.start);
        for hi in (0..upto).rev() {
            let h = &self.before[hi];
            if h.start < sent.0 || h.end + 40 < q.start {
                break;
            }
            if h.end > q.start || self.consumed[hi] {
                continue;
            }
            // A figure already read, or another cue, between this cue and the figure: the cue
            // belonged to that one.
            // A cue in an earlier clause reaches the figure only over no other figure
            // (占营业收入的31.59%，罐式集装箱收入为76,432.12万元).
            let earlier_clause = h.end <= clause.0;
            let between = |o: &Quantity| {
                o.start >= h.end
                    && o.end <= q.start
                    && o.unit != Unit::Other
                    && !self.changes.contains(&(o.start, o.end))
            };
            if earlier_clause && self.quantities.iter().any(between) {
                continue;
            }
            if self.placed.iter().any(|&(s, e)| s >= h.end && e <= q.start)
                || self
                    .before
                    .iter()
                    .zip(&self.consumed)
                    .skip(hi + 1)
                    .any(|(o, &c)| c && o.start >= h.end && o.end <= q.start)
            {
                continue;
            }
            // A count followed by its own noun (一项国家标准制修订项目) counts that noun.
            if matches!(q.unit, Unit::Count(_))
                && chars.get(q.end).is_some_and(|&c| {
                    is_han_word(c) && !"的以其共左约余多在是为均已全都被获得并和及与分".contains(c)
                })
            {
                continue;
            }
            let gap = &chars[h.end..q.start];
            let hinted = bracketed_unit(gap, q);
            let bare_ok = bare_gap(gap) || hinted.is_some();
            let qq = hinted.as_ref().unwrap_or(q);
            let short = h.end - h.start <= 2;
            let Some(e) = h.entries.iter().copied().find(|&e| {
                let entry = &r.lex.entries[e];
                unit_fits(entry, qq, bare_ok)
                    && context_ok(entry, chars, clause, true)
                    && !excluded(entry, chars, h)
            }) else {
                continue;
            };
            if qq.unit == Unit::Cny && money_of_another(chars, sent.0, (h.start, h.end), q) {
                continue;
            }
            if r.lex.entries[e].key == key::STAFF_TOTAL && part_of_another(chars, sent.0, h.start) {
                continue;
            }
            let (hs, he) = (h.start, h.end);
            if short && !(self.bounds.at(hs) && self.bounds.at(he)) {
                continue;
            }
            self.consumed[hi] = true;
            return Some(((e, hs, q.end), hinted));
        }
        None
    }

    /// The period: in the figure's clause, or a clause that is only a period (近3年，…); for
    /// windowed metrics (…_3y, …_last_year) anywhere earlier in the sentence; else one in
    /// brackets right after the figure (…1,860万元（2025年度）).
    fn period_of(
        &self,
        metric: &str,
        q: &Quantity,
        qs: usize,
        sent: (usize, usize),
        clause: (usize, usize),
    ) -> Option<String> {
        let periods = &self.periods;
        let windowed = ["_3y", "_5y", "_last_year"]
            .iter()
            .any(|s| metric.ends_with(s));
        let near = periods.partition_point(|p| p.end <= q.start.max(qs));
        periods[..near]
            .iter()
            .rev()
            .take_while(|p| p.start >= sent.0)
            .find(|p| {
                p.end <= q.start.max(qs)
                    && p.start >= sent.0
                    && (windowed
                        || p.start >= clause.0.min(qs)
                        || clause.0.saturating_sub(p.end) <= 1)
            })
            .map(|p| p.label.clone())
            .or_else(|| {
                periods[near..]
                    .iter()
                    .take(2)
                    .find(|p| {
                        p.start >= q.end
                            && p.start <= q.end + 1
                            && matches!(self.chars.get(q.end), Some('（' | '('))
                    })
                    .map(|p| p.label.clone())
            })
    }
}
