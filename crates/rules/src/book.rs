//! A rulebook as loaded: one regime's rules, each with its article, the regulation's words, the
//! metric(s) it reads and the condition it checks.

use intake_model::{Decimal, Level, Variant};
use regex::Regex;

/// One regime's rulebook: the contents of one `pipelines/regimes/*.toml` file.
#[derive(Debug, Clone)]
pub struct Rulebook {
    /// The regime id (`tech-base-platform`), as findings name it.
    pub regime: String,
    /// The program's Chinese name (产业技术基础公共服务平台).
    pub title: String,
    /// The regulation the rules quote (a file of `shared/seeds/`), if given.
    pub source: Option<String>,
    /// Where the program is listed among the others (`order = 4`; smaller first, then by id;
    /// a book without one comes after those with one: `i64::MAX`).
    pub order: i64,
    /// The regulation's text file in `pipelines/regulations/` (`regulation =
    /// "tech-base-platform.txt"`), if given: registered as reference text, so sentences quoted
    /// from it are never copied text.
    pub regulation: Option<String>,
    /// The file the book was read from (`tech-base-platform.toml`).
    pub file: String,
    /// Text cues that tell this regime in a document (see [`crate::detect_with`]).
    pub cues: Vec<Cue>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

/// A regex whose hits in a document count towards a regime: ×3 in the title, ×2 on the cover
/// page (a PDF's first page, a DOCX's or text's first 12 paragraphs), ×1 elsewhere, at most 3
/// hits per place.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The compiled pattern.
    pub pattern: Regex,
    /// Points per hit.
    pub weight: u32,
}

/// Hard conditions fail a submission; soft ones (原则上/一般/优先) send it to review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// 须/应当/不少于/不低于/以上: an unmet condition is a `fail` finding.
    Hard,
    /// 原则上/一般/优先: an unmet condition is a `warn` finding.
    Soft,
}

/// One rule of a rulebook.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The id of `shared/spec/regimes.md` (`tbp.staff`).
    pub id: String,
    /// The article as the regulation numbers it (`第六条(五)`; `附2 一·产品推广` for the
    /// promotion-center 认定标准 table).
    pub article: String,
    /// The regulation's own words, quoted exactly (one per level where the levels differ).
    pub text: Vec<String>,
    /// How the rulebook reads the article where that took interpretation.
    pub note: Option<String>,
    /// Hard or soft.
    pub level: RuleLevel,
    /// Promotion-center variants the rule applies to; empty = every submission of the regime.
    pub variants: Vec<Variant>,
    /// Whether an unstated figure is itself a finding (`threshold_missing`). False for
    /// conditions that only apply where something is stated (a proposed name, an extension).
    pub required: bool,
    /// What is checked.
    pub check: Check,
    /// The Chinese message template of an unmet condition. Placeholders: `{label}`, `{value}`
    /// (the figure read, with its unit: `48 人`, `1,250万元`, `3,200㎡`), `{threshold}`,
    /// `{article}`, `{level}` (国家级/省级), `{conditions}` (any-of, at-least), `{from}`/`{to}`
    /// (dates), `{year}` (annual report).
    pub message: String,
    /// Template for an unstated figure; a default naming the label, article and condition is
    /// used when absent.
    pub missing: Option<String>,
    /// 1-based line of the rule in its file.
    pub line: usize,
}

/// What a rule checks.
#[derive(Debug, Clone)]
pub enum Check {
    /// One comparison: `>=`, `>` or `<=`.
    Compare(Cond),
    /// Met when any of the comparisons is met (仪器设备原值 ≥ 1000万元 **或** 年服务收入 > 1000万元).
    AnyOf(Vec<Cond>),
    /// At least `k` of the items hold (第十二条(四): 任意三项). Items without figures, and the
    /// `open` qualitative branch of an item, cannot be verified by machine.
    AtLeast {
        /// How many items must hold.
        k: usize,
        /// The items, numbered from 1 in messages.
        items: Vec<Item>,
    },
    /// A percentage: the stated one (`cond.metrics[0]`), else `numerator / denominator × 100`.
    Ratio {
        /// The comparison on the percentage metric (unit `percent`, 0–100).
        cond: Cond,
        /// Count metric of the part.
        numerator: String,
        /// Count metric of the whole.
        denominator: String,
    },
    /// `if when then cond`: the rule only applies when the antecedent holds.
    Implication {
        /// The antecedent (org.kind is 高等学校, …).
        when: When,
        /// The consequent.
        then: Cond,
    },
    /// A stated value must equal the expected one (`org.legal_entity = true`).
    Equals {
        /// The metric.
        metric: String,
        /// The value required.
        value: Expected,
        /// Chinese name for messages.
        label: String,
    },
    /// Whole years from one date metric to another must be at least `years`.
    YearsBetween {
        /// The earlier date (org.founded).
        from: String,
        /// The later date (application.date).
        to: String,
        /// Minimum whole years.
        years: Decimal,
        /// Chinese name for messages.
        label: String,
    },
    /// A stated name containing `noun` must have the form of `pattern`.
    Name {
        /// The word that marks a candidate name (实验室, 实训基地, 国家质量标准实验室).
        noun: String,
        /// The naming pattern.
        pattern: NamePattern,
        /// Slots that must equal a stated metric: (slot, metric), e.g. (依托单位, org.name).
        bind: Vec<(String, String)>,
        /// Chinese name for messages.
        label: String,
    },
    /// Each form field must be filled in somewhere in the submission.
    Declared(Vec<FieldSpec>),
    /// Each item of each form field must be one of the field's `allowed` values.
    WithinList(Vec<FieldSpec>),
    /// An annual report (a document whose head contains `form`) for year Y must be dated no later
    /// than `month`-`day` of Y+1.
    FiledBy {
        /// The report's year metric (report.year).
        year_metric: String,
        /// The report's date metric (application.date, read in the same document).
        date_metric: String,
        /// The document kind the rule is about (年度运行情况表).
        form: String,
        /// Deadline month in the following year.
        month: u32,
        /// Deadline day.
        day: u32,
        /// Chinese name for messages.
        label: String,
    },
    /// A period in months read from a form field (建设期限: 2年, 24个月, 2024年1月—2025年12月).
    Field {
        /// The fields to read, first found wins.
        fields: Vec<FieldSpec>,
        /// The comparison.
        op: Op,
        /// Threshold in months.
        months: Decimal,
        /// Chinese name for messages.
        label: String,
    },
    /// Checked across submissions by intake-integrity; listed so the rulebook reads like the
    /// regulation. Never evaluated here.
    Integrity {
        /// Which integrity findings implement it.
        by: String,
    },
}

/// A comparison of one figure (or the sum of several) against a threshold.
#[derive(Debug, Clone)]
pub struct Cond {
    /// The metric keys; more than one are summed (硕士 + 博士).
    pub metrics: Vec<String>,
    /// The operator.
    pub op: Op,
    /// The threshold in the metrics' canonical unit (CNY yuan, m², persons, percent 0–100).
    pub threshold: Threshold,
    /// The canonical unit of `metrics.tsv` (`persons`, `CNY`, `m2`, `percent`, `count`, …).
    pub unit: String,
    /// The counting word shown after a figure (项, 家, 周岁), where the unit does not imply one.
    pub display: Option<String>,
    /// Chinese name of the figure for messages (从业人员).
    pub label: String,
    /// The period the figure must be stated for (近3年, 上年度), if any.
    pub period: Option<PeriodReq>,
    /// Where the metric is not stated, derive an age from (birth date metric, reference date metric).
    pub derive_age: Option<(String, String)>,
}

/// Comparison operators, following 民法典 第一千二百五十九条: 以上/不少于/不低于 are `>=`,
/// 超过 is `>`, 不超过/以内 are `<=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>=`.
    Ge,
    /// `>`.
    Gt,
    /// `<=`.
    Le,
}

impl Op {
    /// The operator as the rulebook writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
        }
    }

    /// Whether `value op threshold` holds.
    pub fn holds(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Gt => value > threshold,
            Op::Le => value <= threshold,
        }
    }

    /// The statutory phrase: 不少于, 超过, 不超过.
    pub fn phrase(self) -> &'static str {
        match self {
            Op::Ge => "不少于",
            Op::Gt => "超过",
            Op::Le => "不超过",
        }
    }
}

/// A threshold, fixed or per promotion-center level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// The same at every level.
    Fixed(Decimal),
    /// 国家级 / 省级 figures; `None` where the level names no figure (the rule is then not checked).
    ByLevel {
        /// 国家级.
        national: Option<Decimal>,
        /// 省级.
        provincial: Option<Decimal>,
    },
}

impl Threshold {
    /// The figure that applies at `level` (`None`: the rule does not check this level).
    pub fn at(&self, level: Option<Level>) -> Option<Decimal> {
        match (self, level) {
            (Threshold::Fixed(t), _) => Some(*t),
            (Threshold::ByLevel { national, .. }, Some(Level::National)) => *national,
            (Threshold::ByLevel { provincial, .. }, _) => *provincial,
        }
    }
}

/// The period a figure must cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodReq {
    /// 近N年: the N years up to the application year.
    Years(i32),
    /// 上年度 / 上一年度: the year before the application year.
    LastYear,
}

/// One item of an at-least-k rule.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item's words in the regulation.
    pub text: String,
    /// True when the item can also hold through a qualitative branch the tool cannot verify.
    pub open: bool,
    /// The figures that make the item hold (any of them); empty = purely qualitative.
    pub any: Vec<Cond>,
}

/// The antecedent of an implication: the first stated of `metrics` contains one of the words.
#[derive(Debug, Clone)]
pub struct When {
    /// Text metrics tried in order (org.kind, then org.name).
    pub metrics: Vec<String>,
    /// Words any of which makes the antecedent true.
    pub contains_any: Vec<String>,
}

/// The value an `=` rule requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// A yes/no.
    Bool(bool),
    /// A text.
    Text(String),
}

/// A form field a rule reads: its label, the labels it goes by, and its permitted values.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The label named in messages.
    pub label: String,
    /// Labels that mean this field (a form label containing one matches).
    pub aliases: Vec<String>,
    /// Permitted items (`within-list` only).
    pub allowed: Vec<String>,
}

/// A naming pattern such as `工业互联网产业联盟{方向}实验室（{依托单位}）`: literal text with
/// `{slot}`s; full-width and half-width brackets are equivalent, spaces are ignored.
#[derive(Debug, Clone)]
pub struct NamePattern {
    /// The pattern as written in the rulebook.
    pub source: String,
    /// Anchored regex; slot `i` is capture group `i + 1`.
    pub regex: Regex,
    /// Slot names in order.
    pub slots: Vec<String>,
    /// The pattern without a closing bracketed slot (`工业互联网产业联盟{方向}实验室` of the
    /// one above), where it ends in one: a form's 名称 field often states the name without the
    /// host unit, which the submission states elsewhere. Same capture groups as `regex`.
    pub short: Option<Regex>,
    /// `regex` unanchored: the name where a line of prose starts or goes on with it
    /// (“…实验室（某某有限公司）将聚焦…” on a PDF line).
    pub within: Regex,
}

impl NamePattern {
    /// Compiles `{slot}` patterns; `None` when a brace is unbalanced or no slot is given.
    pub fn compile(source: &str) -> Option<NamePattern> {
        let mut re = String::from("^");
        let mut slots = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            push_literal(&mut re, &rest[..open]);
            let close = rest[open..].find('}')? + open;
            let slot = &rest[open + 1..close];
            if slot.is_empty() || slot.contains('{') {
                return None;
            }
            slots.push(slot.to_string());
            // A slot is a run of name characters: no separators or sentence punctuation, and
            // brackets only as one nested pair (a host named 某某检测技术（福州）有限公司).
            re.push_str(
                r"((?:[^（）()\[\]【】，。；：:、\s]|[（(][^（）()，。；：:、\s]+[）)])+?)",
            );
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return None;
        }
        push_literal(&mut re, rest);
        re.push('$');
        if slots.is_empty() {
            return None;
        }
        let short = Self::without_host(source)
            .and_then(Self::compile)
            .map(|p| p.regex);
        Some(NamePattern {
            source: source.to_string(),
            regex: Regex::new(&re).ok()?,
            within: Regex::new(re.trim_start_matches('^').trim_end_matches('$')).ok()?,
            slots,
            short,
        })
    }
}

impl NamePattern {
    /// `source` less a final `（{slot}）`, when it ends in one and keeps a slot before it.
    fn without_host(source: &str) -> Option<&str> {
        let body = source.trim_end().strip_suffix(['）', ')'])?;
        let body = body.strip_suffix('}')?;
        let open = body.rfind('{')?;
        let head = body[..open].strip_suffix(['（', '('])?;
        head.contains('{').then_some(head)
    }
}

fn push_literal(re: &mut String, lit: &str) {
    for c in lit.chars() {
        match c {
            '（' | '(' => re.push_str(r"[（(]"),
            '）' | ')' => re.push_str(r"[）)]"),
            c if c.is_whitespace() => {}
            c => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
}
