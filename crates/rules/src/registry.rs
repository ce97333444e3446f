//! What the rulebooks tell the other stages: the programs they define (id, Chinese name,
//! order), their regulations' texts, and the thresholds figures may be bunched on.

use std::path::Path;

use intake_model::{Decimal, MetricThresholds, Regime, RegimeDef, Regimes, Thresholds};

use crate::book::{Check, Cond, Op, Threshold};
use crate::{RuleError, Rulebooks};

/// Thresholds below this are left out of [`Rulebooks::bunching_thresholds`]: honest small
/// counts (1 case, 3 projects) land on them all the time.
pub const BUNCHING_FLOOR: i64 = 10;

impl Rulebooks {
    /// The programs the rulebooks define, in display order (`order`, then id). A regime split
    /// over several files takes the first file's title and order.
    pub fn regimes(&self) -> Regimes {
        Regimes::new(self.books.iter().map(|b| {
            RegimeDef {
                id: Regime::new(&b.regime),
                name: b.title.clone(),
                order: b.order,
                checks: self
                    .rules(&b.regime)
                    .filter(|r| matches!(r.check, Check::Integrity { .. }))
                    .map(|r| r.id.clone())
                    .collect(),
            }
        }))
    }

    /// The regulations' texts (each rulebook's `regulation` file), in display order of their
    /// regimes, each once.
    pub fn regulations(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for def in self.regimes().iter() {
            for b in self.books.iter().filter(|b| b.regime == def.id.as_str()) {
                if let Some(n) = b.regulation.as_deref()
                    && !names.contains(&n)
                {
                    names.push(n);
                }
            }
        }
        names
            .into_iter()
            .filter_map(|n| {
                self.regulations
                    .iter()
                    .find(|(f, _)| f == n)
                    .map(|(_, t)| t.as_str())
            })
            .collect()
    }

    /// Attaches the regulation texts, `(file name, text)`: every `regulation` a rulebook names
    /// must be among them ([`RuleError::MissingRegulation`] otherwise). Texts no rulebook
    /// names are dropped.
    pub fn with_regulations(
        mut self,
        texts: impl IntoIterator<Item = (String, String)>,
        from: &Path,
    ) -> Result<Rulebooks, RuleError> {
        let texts: Vec<(String, String)> = texts.into_iter().collect();
        for b in &self.books {
            let Some(name) = b.regulation.as_deref() else {
                continue;
            };
            match texts.iter().find(|(f, _)| f == name) {
                Some(t) if !self.regulations.iter().any(|(f, _)| f == name) => {
                    self.regulations.push(t.clone());
                }
                Some(_) => {}
                None => {
                    return Err(RuleError::MissingRegulation {
                        file: b.file.clone(),
                        regulation: name.to_string(),
                        dir: from.to_path_buf(),
                    });
                }
            }
        }
        Ok(self)
    }

    /// Every minimum (`>=`, `>`) of at least [`BUNCHING_FLOOR`] the rules set on a single
    /// metric, in canonical units, per regime and metric (all levels and variants together), in
    /// rulebook order: what integrity's `suspicious_pattern` looks for figures bunched on.
    pub fn bunching_thresholds(&self) -> Thresholds {
        let mut rows: Vec<MetricThresholds> = Vec::new();
        let floor = Decimal::from(BUNCHING_FLOOR);
        for b in &self.books {
            let regime = Regime::new(&b.regime);
            for r in &b.rules {
                for c in conds(&r.check) {
                    // Minimums only (以上/不少于/超过): a figure just meeting its threshold.
                    let [metric] = c.metrics.as_slice() else {
                        continue;
                    };
                    if c.op == Op::Le {
                        continue;
                    }
                    let values = match c.threshold {
                        Threshold::Fixed(t) => vec![t],
                        Threshold::ByLevel {
                            national,
                            provincial,
                        } => national.into_iter().chain(provincial).collect(),
                    };
                    for v in values.into_iter().filter(|v| *v >= floor) {
                        let at = rows
                            .iter()
                            .position(|x| x.regime == regime && &x.metric == metric);
                        let row = match at {
                            Some(i) => &mut rows[i],
                            None => {
                                rows.push(MetricThresholds {
                                    regime: regime.clone(),
                                    metric: metric.clone(),
                                    values: Vec::new(),
                                });
                                rows.last_mut().expect("just pushed")
                            }
                        };
                        if !row.values.contains(&v) {
                            row.values.push(v);
                        }
                    }
                }
            }
        }
        Thresholds { rows }
    }
}

/// The comparisons a check makes with a threshold.
fn conds(check: &Check) -> Vec<&Cond> {
    match check {
        Check::Compare(c) => vec![c],
        Check::AnyOf(cs) => cs.iter().collect(),
        Check::AtLeast { items, .. } => items.iter().flat_map(|i| i.any.iter()).collect(),
        Check::Ratio { cond, .. } => vec![cond],
        Check::Implication { then, .. } => vec![then],
        _ => Vec::new(),
    }
}
