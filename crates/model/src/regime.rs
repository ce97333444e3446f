//! The regime vocabulary: a program's id, and the registry of the programs the loaded rulebooks
//! define (`pipelines/regimes/*.toml`). Nothing here names a program: a sixth regime is a sixth
//! rulebook file, not a new variant.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Decimal;

/// A program's id as its rulebook names it (`tech-base-platform`): kebab-case ASCII, serialized
/// as that string. Cheap to clone (a shared `str`). Compares and sorts by the id's text; the
/// order programs are shown in is the registry's ([`Regimes`]).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Regime(Arc<str>);

impl Regime {
    /// The regime of this id (no check that a rulebook defines it: see [`Regimes::parse`]).
    pub fn new(id: &str) -> Regime {
        Regime(Arc::from(id))
    }

    /// The contract's id (`tech-base-platform`).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Regime({})", self.as_str())
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Regime {
    fn from(id: &str) -> Regime {
        Regime::new(id)
    }
}

impl PartialEq<str> for Regime {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Regime {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Regime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Regime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Regime, D::Error> {
        let id = String::deserialize(d)?;
        Ok(Regime::new(&id))
    }
}

/// One program as its rulebook defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegimeDef {
    /// The id (`regime = "tech-base-platform"`).
    pub id: Regime,
    /// The program's Chinese name (`title = "产业技术基础公共服务平台"`).
    pub name: String,
    /// Where the program is listed among the others (`order = 4`; smaller first, ties by id).
    pub order: i64,
    /// The ids of its rules checked across submissions by intake-integrity (`op =
    /// "integrity"`): `itb.one-per-cycle`, `tbp.debarred`, …. An eligibility check applies to
    /// the regimes whose rulebook lists a rule of its name (the part after the first `.`).
    pub checks: Vec<String>,
}

/// The programs the loaded rulebooks define, in display order (their `order`, then id): the
/// order of charts, menus and the list of valid `--regime` values. Filled by the rules crate
/// (`intake_rules::Rulebooks::regimes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Regimes {
    defs: Vec<RegimeDef>,
}

impl Regimes {
    /// The registry of these programs, sorted by (`order`, id); a repeated id keeps its first
    /// definition.
    pub fn new(defs: impl IntoIterator<Item = RegimeDef>) -> Regimes {
        let mut out: Vec<RegimeDef> = Vec::new();
        for d in defs {
            if !out.iter().any(|o| o.id == d.id) {
                out.push(d);
            }
        }
        out.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        Regimes { defs: out }
    }

    /// Every program, in display order.
    pub fn iter(&self) -> impl Iterator<Item = &RegimeDef> {
        self.defs.iter()
    }

    /// The ids, in display order.
    pub fn ids(&self) -> Vec<&str> {
        self.defs.iter().map(|d| d.id.as_str()).collect()
    }

    /// The program of an id or of a Chinese name, if defined.
    pub fn parse(&self, s: &str) -> Option<Regime> {
        self.defs
            .iter()
            .find(|d| d.id.as_str() == s)
            .or_else(|| self.defs.iter().find(|d| d.name == s))
            .map(|d| d.id.clone())
    }

    /// The Chinese name of a program id, if defined.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.defs
            .iter()
            .find(|d| d.id.as_str() == id)
            .map(|d| d.name.as_str())
    }

    /// The id of `regime`'s integrity rule named `check` (`one-per-cycle` → `itb.one-per-cycle`),
    /// if its rulebook lists one.
    pub fn check(&self, regime: &str, check: &str) -> Option<&str> {
        let def = self.defs.iter().find(|d| d.id.as_str() == regime)?;
        def.checks
            .iter()
            .find(|id| id.split_once('.').is_some_and(|(_, name)| name == check))
            .map(String::as_str)
    }

    /// A program's place in display order (0-based), if defined.
    pub fn rank(&self, id: &str) -> Option<usize> {
        self.defs.iter().position(|d| d.id.as_str() == id)
    }

    /// How many programs.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// True when no program is defined.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
}

/// One regime's thresholds on one metric, as its rulebook states them: every figure of every
/// level and variant together, in canonical units (CNY yuan, m², persons, percent 0–100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricThresholds {
    /// The regime whose rules state them.
    pub regime: Regime,
    /// The metric key (`staff.total`).
    pub metric: String,
    /// The figures, in the rulebook's order, without repeats.
    pub values: Vec<Decimal>,
}

/// The rulebooks' thresholds that figures may be bunched on (integrity's `suspicious_pattern`),
/// per regime and metric in rulebook order. Filled by the rules crate
/// (`intake_rules::Rulebooks::bunching_thresholds`), read by intake-integrity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thresholds {
    /// The rows, one per (regime, metric), in rulebook order.
    pub rows: Vec<MetricThresholds>,
}

impl Thresholds {
    /// The rows of one regime.
    pub fn of<'a>(&'a self, regime: &'a Regime) -> impl Iterator<Item = &'a MetricThresholds> {
        self.rows.iter().filter(move |r| &r.regime == regime)
    }
}
