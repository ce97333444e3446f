//! Regime rulebooks: telling which program a submission applies to, checking its figures against
//! that program's regulation, and the verdict.
//!
//! Rules are data. Each regime is one TOML file of `pipelines/regimes/` — the built-in ones are
//! embedded in the binary, and [`Rulebooks::load_dir`] reads a directory at run time, so a new
//! rulebook is a new file. Every rule carries the id of `shared/spec/regimes.md` (`tbp.staff`),
//! its article (`第六条(五)`), the regulation's words, the metric(s) of `metrics.tsv` it reads, an
//! operator and threshold (money in CNY yuan), hard/soft, and a Chinese message template.
//!
//! Operators follow the Chinese statutory convention (民法典 第一千二百五十九条): 以上/不少于/不低于
//! are `>=`, 超过 is `>`, 不超过 is `<=`. Also: `any-of`, `at-least` (k of n), `ratio`, `implication`,
//! `=`, `years-between`, `name` (naming patterns), `declared` / `within-list` (form fields),
//! `filed-by` (annual report deadlines), `field` (periods in months), and `integrity` (listed
//! for the reader, checked across submissions by intake-integrity).
//!
//! ```
//! use intake_model::{Fact, ReadMethod, Regime, Value, Verdict};
//! use intake_rules::{Detection, Rulebooks, evaluate, verdict};
//!
//! let books = Rulebooks::builtin().unwrap();
//! let fact = Fact {
//!     submission: "sub-0007".into(), document: "申报书.pdf".into(), metric: "staff.total".into(),
//!     value: Value::Number(48.into()), unit: "persons".into(), page: Some(3),
//!     quote: "从业人员共计48人".into(), offset: [0, 8], period: None, method: ReadMethod::Prose,
//!     approx: false, valid: None, note: None, precision: None,
//! };
//! let det = Detection::declared(Regime::new("tech-base-platform"), None, None);
//! let findings = evaluate(&books, "sub-0007", &det, &[fact]);
//! let staff = findings.iter().find(|f| f.rule == "tbp.staff").unwrap();
//! assert_eq!(staff.message, "从业人员 48 人，低于 第六条(五) 要求的 50 人");
//! assert_eq!(verdict(&findings).0, Verdict::Fail);
//! ```

#![deny(missing_docs)]

mod book;
mod classify;
mod compare;
mod detect;
mod error;
mod eval;
mod fields;
mod fmt;
mod load;
mod registry;
mod select;
mod table;
mod text_checks;

use std::collections::BTreeSet;
use std::path::Path;

use intake_model::{Fact, Finding, Regime, Severity, Verdict};

pub use book::{
    Check, Cond, Cue, Expected, FieldSpec, Item, NamePattern, Op, PeriodReq, Rule, RuleLevel,
    Rulebook, Threshold, When,
};
pub use detect::{Detection, MIN_SCORE, detect, detect_with};
pub use error::RuleError;
pub use fields::FormField;
pub use registry::BUNCHING_FLOOR;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// Every loaded rulebook, in file-name order, with the texts of the regulations they name.
#[derive(Debug, Clone, Default)]
pub struct Rulebooks {
    books: Vec<Rulebook>,
    /// (file name in `pipelines/regulations/`, text) of each regulation a book names.
    regulations: Vec<(String, String)>,
}

impl Rulebooks {
    /// The rulebooks embedded at build time from `pipelines/regimes/*.toml`, with the
    /// regulations they name (embedded from `pipelines/regulations/*.txt`).
    ///
    /// Errors only if an embedded file is invalid (the crate's tests load them all).
    pub fn builtin() -> Result<Rulebooks, RuleError> {
        let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect()
        };
        Rulebooks::from_sources(owned(builtin::BUILTIN))?
            .with_regulations(owned(builtin::REGULATIONS), Path::new("(built-in)"))
    }

    /// Loads a pipelines folder: the rulebooks of `dir/regimes/` ([`Rulebooks::load_dir`]) and
    /// the regulations they name from `dir/regulations/`.
    pub fn load_pipelines(dir: &Path) -> Result<Rulebooks, RuleError> {
        Rulebooks::load_dir(&dir.join("regimes"))
    }

    /// Loads every `*.toml` of `dir` (sorted by name), validating each: TOML syntax, unknown keys,
    /// unknown metric keys (not in `metrics.tsv`), units other than the metric's canonical one,
    /// bad operators, missing articles or texts or messages, duplicate rule ids (also across
    /// files). Errors name the file and the line. The regulations the books name are read from
    /// the sibling folder `regulations/` (`pipelines/regimes` → `pipelines/regulations`); one
    /// that is missing is an error.
    pub fn load_dir(dir: &Path) -> Result<Rulebooks, RuleError> {
        let io = |e| RuleError::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(RuleError::Empty(dir.to_path_buf()));
        }
        let mut sources = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|e| RuleError::Io {
                path: p.clone(),
                source: e,
            })?;
            sources.push((p.display().to_string(), text));
        }
        let books = Rulebooks::from_sources(sources)?;
        let regulations = dir.parent().unwrap_or(dir).join("regulations");
        let mut texts = Vec::new();
        for name in books.books.iter().filter_map(|b| b.regulation.as_deref()) {
            let path = regulations.join(name);
            if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push((name.to_string(), text));
            }
        }
        books.with_regulations(texts, &regulations)
    }

    /// Parses (file name, TOML text) pairs as rulebooks.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Rulebooks, RuleError> {
        let mut books: Vec<Rulebook> = Vec::new();
        for (file, text) in sources {
            let book = load::parse_book(&file, &text)?;
            for r in &book.rules {
                if let Some(other) = books.iter().find(|b| b.rules.iter().any(|o| o.id == r.id)) {
                    return Err(RuleError::Invalid {
                        file: file.clone(),
                        line: r.line,
                        message: format!("duplicate rule id `{}` (also in {})", r.id, other.file),
                    });
                }
            }
            books.push(book);
        }
        Ok(Rulebooks {
            books,
            regulations: Vec::new(),
        })
    }

    /// The rulebooks.
    pub fn books(&self) -> &[Rulebook] {
        &self.books
    }

    /// Every rule of `regime` (all files for it), in file order.
    pub fn rules(&self, regime: &str) -> impl Iterator<Item = &Rule> {
        self.books
            .iter()
            .filter(move |b| b.regime == regime)
            .flat_map(|b| &b.rules)
    }

    /// The loaded rules as an aligned text table — regime, id, article, variant, condition,
    /// level — for `intake rules [--regime R]`.
    pub fn table(&self, regime: Option<&Regime>) -> String {
        let rows = self
            .books
            .iter()
            .filter(|b| regime.is_none_or(|r| b.regime == r.as_str()))
            .flat_map(|b| b.rules.iter().map(move |r| (b.regime.as_str(), r)));
        table::render(rows)
    }

    /// The cells of [`Rulebooks::table`] without its header, for a caller that labels the
    /// columns in its own language: regime, id, article, variant, condition, and the level as
    /// `hard`, `soft`, `hard (if stated)`, `soft (if stated)` or `integrity`.
    pub fn table_rows(&self, regime: Option<&Regime>) -> Vec<[String; 6]> {
        let rows = self
            .books
            .iter()
            .filter(|b| regime.is_none_or(|r| b.regime == r.as_str()))
            .flat_map(|b| b.rules.iter().map(move |r| (b.regime.as_str(), r)));
        table::cells(rows)
    }

    /// Metrics read by `regime`'s rules and by no other regime's: weak evidence for detection.
    pub(crate) fn metrics_only_in(&self, regime: &str) -> Vec<String> {
        let mut mine = BTreeSet::new();
        let mut others = BTreeSet::new();
        for b in &self.books {
            let set = if b.regime == regime {
                &mut mine
            } else {
                &mut others
            };
            for r in &b.rules {
                set.extend(rule_metrics(r));
            }
        }
        mine.difference(&others).cloned().collect()
    }
}

/// The metric keys a rule reads.
pub fn rule_metrics(rule: &Rule) -> Vec<String> {
    let cm = |c: &Cond| c.metrics.clone();
    match &rule.check {
        Check::Compare(c) => cm(c),
        Check::AnyOf(cs) => cs.iter().flat_map(cm).collect(),
        Check::AtLeast { items, .. } => items
            .iter()
            .flat_map(|i| i.any.iter().flat_map(cm))
            .collect(),
        Check::Ratio {
            cond,
            numerator,
            denominator,
        } => {
            let mut v = cm(cond);
            v.extend([numerator.clone(), denominator.clone()]);
            v
        }
        Check::Implication { then, .. } => cm(then),
        Check::Equals { metric, .. } => vec![metric.clone()],
        Check::YearsBetween { from, to, .. } => vec![from.clone(), to.clone()],
        Check::FiledBy {
            year_metric,
            date_metric,
            ..
        } => vec![year_metric.clone(), date_metric.clone()],
        Check::Name { .. }
        | Check::Declared(_)
        | Check::WithinList(_)
        | Check::Field { .. }
        | Check::Integrity { .. } => Vec::new(),
    }
}

/// Checks one submission's facts against its detected regime's rules.
///
/// Facts of other submissions are ignored. A submission whose regime cannot be told yields one
/// finding `regime.undetected` (kind `threshold_missing`, severity `warn`, regime null): what
/// decides the rulebook is not stated in a form the tool can read — a matter for a person, not a
/// failure of the applicant. Likewise a promotion center's unknown level (`regime.level-undetected`:
/// checked at the 省级 figures, the minimum of 附1 第十二条) or variant (`regime.variant-undetected`).
/// Every other finding names its rule id, the article, the figure read with its evidence and the
/// threshold.
pub fn evaluate(
    books: &Rulebooks,
    submission: &str,
    detection: &Detection,
    facts: &[Fact],
) -> Vec<Finding> {
    eval::evaluate(books, submission, detection, facts)
}

/// The verdict on a submission's findings (rule and integrity alike): `fail` if any finding is
/// `fail`, `review` if any is `warn`, else `pass` (`info` does not count) — with the rule ids that
/// decided it (the failing ones, or the warning ones), in first-seen order without repeats.
pub fn verdict(findings: &[Finding]) -> (Verdict, Vec<String>) {
    let decided = |s: Severity| {
        let mut ids: Vec<String> = Vec::new();
        for f in findings.iter().filter(|f| f.severity == s) {
            if !ids.contains(&f.rule) {
                ids.push(f.rule.clone());
            }
        }
        ids
    };
    let fails = decided(Severity::Fail);
    if !fails.is_empty() {
        return (Verdict::Fail, fails);
    }
    let warns = decided(Severity::Warn);
    if !warns.is_empty() {
        return (Verdict::Review, warns);
    }
    (Verdict::Pass, Vec::new())
}
