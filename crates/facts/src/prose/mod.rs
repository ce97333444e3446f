//! Figures in running text: a quantity tied to the metric whose cue stands nearest before it
//! (从业人员共计126人), or whose noun follows it (为1200家企业提供服务), or — for a share — the
//! figure just read (…68人，占比54%). A figure quoting a requirement (不少于50人) is no claim.

use crate::Reader;
use crate::lexicon::{CueHit, Entry};
use crate::quantity::{Quantity, Unit};

mod read;

pub(crate) use read::read_prose;

/// Characters ending a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?' | '\n' | '\t')
}

/// Characters ending a clause.
fn is_clause_end(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '，' | ',' | '：' | ':')
}

/// `[start, end)` of the unit (sentence or clause) around `pos`.
/// The longest sentence or clause looked at on either side of a figure, in characters.
const MAX_UNIT: usize = 400;

fn unit_around(chars: &[char], pos: usize, end_of: fn(char) -> bool) -> (usize, usize) {
    // A comma between digits is a thousands separator (1,280), not a clause end.
    let ends = |i: usize| {
        end_of(chars[i])
            && !(matches!(chars[i], ',' | '.')
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(char::is_ascii_digit))
    };
    // Bounded: text with no punctuation for pages on end is cut into 400-character units.
    let pos = pos.min(chars.len());
    let (lo, hi) = (
        pos.saturating_sub(MAX_UNIT),
        (pos + MAX_UNIT).min(chars.len()),
    );
    let mut s = pos;
    while s > lo && !ends(s - 1) {
        s -= 1;
    }
    let mut e = pos;
    while e < hi && !ends(e) {
        e += 1;
    }
    (s, e)
}

/// Words before a figure that make it a requirement, not a claim.
const REQUIREMENT_BEFORE: [&str; 17] = [
    // A condition or an alternative in a rule (团队中如有1人…, 或者有2名…推荐).
    "如有",
    "若有",
    "如果有",
    "或者有",
    "或有",
    "不少于",
    "不低于",
    "不小于",
    "不得少于",
    "不得低于",
    "不应少于",
    "至少",
    "不超过",
    "不高于",
    "不多于",
    "不足",
    "应达到",
];

/// Words that, in a sentence with a figure followed by 以上, mark the sentence as a requirement.
const REQUIREMENT_MARKERS: [&str; 7] = ["应", "须", "要求", "条件", "原则上", "规定", "认定标准"];

fn contains(chars: &[char], word: &str) -> bool {
    // Called for every figure and cue word: compare in place rather than collect the word.
    let mut w = word.chars();
    let (Some(first), n) = (w.next(), word.chars().count()) else {
        return false;
    };
    chars
        .windows(n)
        .any(|x| x[0] == first && x[1..].iter().copied().eq(w.clone()))
}

fn ends_with(chars: &[char], word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    chars.len() >= w.len() && chars[chars.len() - w.len()..] == w[..]
}

/// Is `q` a requirement quoted from a regulation (不少于50人, 100人以上的要求)?
fn is_requirement(chars: &[char], sent: (usize, usize), q: &Quantity) -> bool {
    let from = q.start.saturating_sub(6).max(sent.0);
    let before = &chars[from..q.start];
    if REQUIREMENT_BEFORE
        .iter()
        .any(|w| ends_with(before, w) || contains(before, w))
    {
        return true;
    }
    let after = &chars[q.end.min(chars.len())..(q.end + 4).min(sent.1).max(q.end.min(chars.len()))];
    if contains(after, "的要求") || contains(after, "要求") {
        return true;
    }
    q.marker == Some("以上")
        && REQUIREMENT_MARKERS
            .iter()
            .any(|w| contains(&chars[sent.0..sent.1], w))
}

/// Words marking a figure as a change or a plan, not the stated figure (新增模型140个,
/// 新引进博士四名, 同比增长20%, 计划完成营业收入…).
const DELTA_BEFORE: [&str; 11] = [
    "调减",
    "调增",
    "新增",
    "引进",
    "新招",
    "增加",
    "增长",
    "减少",
    "同比",
    "较上年",
    "提高",
];

/// Words marking a figure as a plan, not a fact (计划完成营业收入…, 预计, 力争).
const PLAN_BEFORE: [&str; 8] = [
    "计划",
    "预计",
    "拟",
    "力争",
    "目标",
    // The prior period's column or clause (上期金额230,804.65元, 上年同期…): not this year's.
    "上期",
    "上年同期",
    "同期数",
];

/// Is `q` a change over the year rather than the figure itself? `Some(true)` for a change
/// (新增, 增长: the cue before it still names a later stock figure), `Some(false)` for a plan
/// (计划, 预计: it stands between its cue and any later figure), `None` for a stated figure.
fn is_delta(chars: &[char], clause: (usize, usize), q: &Quantity) -> Option<bool> {
    let before = &chars[clause.0..q.start.max(clause.0)];
    if PLAN_BEFORE.iter().any(|w| contains(before, w)) {
        return Some(false);
    }
    DELTA_BEFORE
        .iter()
        .any(|w| contains(before, w))
        .then_some(true)
}

/// Does quantity `q` fit the metric of `entry` (canonical units of `metrics.tsv`)?
pub(crate) fn unit_fits(entry: &Entry, q: &Quantity, bare_ok: bool) -> bool {
    let Some(m) = intake_model::metric(&entry.key) else {
        return false;
    };
    match q.unit {
        Unit::Bare => {
            bare_ok
                && matches!(
                    m.unit,
                    "persons" | "count" | "person-times" | "years" | "months"
                )
        }
        Unit::Count(w) => {
            m.unit == "count"
                && (entry.counters.is_empty() || entry.counters.iter().any(|c| c == w))
        }
        Unit::Other => false,
        u => u.canonical() == m.unit || entry.also.iter().any(|a| a == u.canonical()),
    }
}

/// The context a `requires`/`forbids` list is checked against: the clause and the one before.
fn context_ok(entry: &Entry, chars: &[char], clause: (usize, usize), widen: bool) -> bool {
    let (ps, _) = if clause.0 > 0 && widen {
        unit_around(chars, clause.0 - 1, is_clause_end)
    } else {
        clause
    };
    let ctx = &chars[ps..clause.1];
    (entry.requires.is_empty() || entry.requires.iter().any(|w| contains(ctx, w)))
        && !entry.forbids.iter().any(|w| contains(ctx, w))
}

/// Is the cue hit inside a longer word the entry excludes (硕士 in 硕士生导师)?
pub(crate) fn excluded(entry: &Entry, chars: &[char], hit: &CueHit) -> bool {
    entry.exclude.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        (hit.start.saturating_sub(w.len())..=hit.start).any(|s| {
            s + w.len() >= hit.end && chars.get(s..s + w.len()).is_some_and(|x| x == w.as_slice())
        })
    })
}

/// Word boundaries (character offsets) from jieba, computed once per span when needed.
struct Boundaries<'r> {
    reader: &'r Reader,
    text: String,
    cache: Option<Vec<bool>>,
}

impl Boundaries<'_> {
    fn at(&mut self, pos: usize) -> bool {
        let cache = self.cache.get_or_insert_with(|| {
            let n = self.text.chars().count();
            let mut b = vec![false; n + 1];
            b[0] = true;
            b[n] = true;
            for t in self.reader.jieba.cut(&self.text, true) {
                if t.end <= n {
                    b[t.start] = true;
                    b[t.end] = true;
                }
            }
            b
        });
        cache.get(pos).copied().unwrap_or(true)
    }
}

fn is_han_word(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) && !is_clause_end(c)
}

/// Gap characters allowed between a label and a bare number (从业人员：126).
fn bare_gap(gap: &[char]) -> bool {
    gap.len() <= 4
        && gap
            .iter()
            .all(|c| "：:为是达共计合计总数约有 ".contains(*c))
        && gap.iter().any(|c| "：:为共计".contains(*c))
}

/// A gap of a label whose unit stands in brackets before the colon (科研用房面积（㎡）：1461,
/// 每年在实验室工作时间（月）：11): the bare figure in that unit. `None` for any other gap.
fn bracketed_unit(gap: &[char], q: &Quantity) -> Option<Quantity> {
    if q.unit != Unit::Bare || !matches!(gap.first(), Some('（' | '(')) {
        return None;
    }
    let close = gap.iter().position(|c| matches!(c, '）' | ')'))?;
    let rest = &gap[close + 1..];
    let spaced = !rest.is_empty() && rest.len() <= 3 && rest.iter().all(|c| c.is_whitespace());
    if close > 8 || !(spaced || rest.iter().any(|c| matches!(c, '：' | ':')) && bare_gap(rest)) {
        return None;
    }
    let inner: String = gap[..=close].iter().collect();
    let (unit, mult) = crate::table::unit_hint(&inner)?;
    let mut out = q.clone();
    out.unit = unit;
    out.value = q.value.checked_mul(mult)?.normalize();
    Some(out)
}

/// Money nouns that, standing between a money cue and a figure, take the figure for themselves
/// (营业收入、净利润同比有所下降，全年实现净利润445.08亿元; …营业收入为计提依据，计提安全生产费用…).
const OTHER_MONEY: [&str; 7] = ["利润", "成本", "费用", "资产", "负债", "税", "现金"];

/// Subjects that make a money figure the nation's, a region's or an industry's (我国旅游总收入).
const WIDER_SUBJECTS: [&str; 7] = ["我国", "全国", "全省", "全市", "全球", "全行业", "国内"];

/// Whether a money figure read with the cue at `cue` is someone else's: another money noun
/// between cue and figure, or a wider subject earlier in the sentence.
fn money_of_another(chars: &[char], sent_start: usize, cue: (usize, usize), q: &Quantity) -> bool {
    let gap = &chars[cue.1.min(q.start)..q.start];
    let lead = &chars[sent_start.min(cue.0)..cue.0];
    OTHER_MONEY.iter().any(|w| contains(gap, w))
        || WIDER_SUBJECTS.iter().any(|w| contains(lead, w))
        || line_of_business(lead)
}

/// Subjects that are the applicant itself, or its own head office, in a list of parts.
const OWN_SUBJECTS: [&str; 8] = [
    "本行",
    "公司",
    "集团",
    "母公司",
    "单位",
    "本院",
    "本所",
    "企业",
];

/// Whether a head count after 其中 belongs to a part named by a subject of its own (…共有员工
/// 5,200 人，其中总部员工 4,900 人，某某租赁员工 300 人): a subsidiary's, not the applicant's.
fn part_of_another(chars: &[char], sent_start: usize, cue: usize) -> bool {
    let lead = &chars[sent_start.min(cue)..cue];
    let Some(at) = lead.windows(2).rposition(|w| w == ['其', '中']) else {
        return false;
    };
    let clause = lead
        .iter()
        .rposition(|c| "，,；;：:、".contains(*c))
        .map_or(0, |p| p + 1)
        .max(at + 2);
    let subject: Vec<char> = lead[clause..]
        .iter()
        .copied()
        .filter(|c| is_han_word(*c))
        .collect();
    subject.len() >= 2
        && !OWN_SUBJECTS.iter().any(|w| contains(&subject, w))
        && !subject
            .iter()
            .all(|c| "全专兼职现有共计在岗总部".contains(*c))
}

/// Subjects that make a count someone else's when they open its clause: the nation, a region,
/// the world (2030年我国…发明专利授权量达12.5万件).
const WIDER_COUNTERS: [&str; 4] = ["我国", "全国", "全省", "全球"];

/// Bodies that set standards or rules, as the makers of what is counted (标准化技术委员会组织
/// 制定了…，共15项); a body named otherwise (与行业协会共同发起) leaves the count the applicant's.
const RULE_BODIES: [&str; 3] = ["委员会", "协会", "国务院"];
const MAKING: [&str; 6] = ["组织", "制定", "发布", "编制", "印发", "起草"];

/// Whether a count read at `start` belongs to a wider subject or a rule-making body named before
/// it in its sentence, or is a measure word cut off at the end of a line or cell (报告发布日后
/// 6 个 | 月内).
fn count_of_another(chars: &[char], sent_start: usize, start: usize, q: &Quantity) -> bool {
    let lead = &chars[sent_start.min(start)..start];
    let clause = lead
        .iter()
        .rposition(|c| "，,；;".contains(*c))
        .map_or(lead, |p| &lead[p + 1..]);
    let cut =
        q.unit == Unit::Count("个") && chars.get(q.end).is_none_or(|c| matches!(c, '\t' | '\n'));
    let body_made = RULE_BODIES.iter().any(|b| {
        contains(lead, b)
            && MAKING.iter().any(|m| {
                contains(lead, &format!("{b}{m}")) || contains(lead, &format!("{b}负责{m}"))
            })
    });
    cut || body_made || WIDER_COUNTERS.iter().any(|w| contains(clause, w))
}

/// Words between the company and its money cue that keep the figure the company's: the period
/// (2025年度, 全年, 近三年), the verb (实现, 发生), the statements (财务报表所示), particles.
const PERIOD_OR_VERB: &str =
    "0123456789年度全实现发生的了总合并累计期本财务报表所示告当上去近一二两三四五均共计 ";

/// Whether the money cue is qualified by a line of business after the company's name
/// (某某公司兽用疫苗营业收入): two or more other characters between the last 公司/集团 of the lead
/// and the cue make the figure that product line's or segment's.
fn line_of_business(lead: &[char]) -> bool {
    let Some(at) = ["公司", "集团"]
        .iter()
        .filter_map(|w| {
            let w: Vec<char> = w.chars().collect();
            lead.windows(w.len())
                .rposition(|x| x == w.as_slice())
                .map(|p| p + w.len())
        })
        .max()
    else {
        return false;
    };
    // Only a qualifier in the same clause, right before the cue.
    let rest = &lead[at..];
    !rest.iter().any(|c| "，,；;：:、（(".contains(*c))
        && rest
            .iter()
            .filter(|c| is_han_word(**c) && !PERIOD_OR_VERB.contains(**c))
            .count()
            >= 2
}
