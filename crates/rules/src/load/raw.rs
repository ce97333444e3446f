//! The rulebook TOML as serde reads it, before validation. Key fields are `Spanned` so errors
//! can name their line.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub(crate) type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBook {
    pub(crate) regime: S<String>,
    pub(crate) title: String,
    pub(crate) source: Option<String>,
    pub(crate) order: Option<i64>,
    pub(crate) regulation: Option<S<String>>,
    #[serde(default)]
    pub(crate) detect: RawDetect,
    #[serde(default)]
    pub(crate) rule: Vec<S<RawRule>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDetect {
    #[serde(default)]
    pub(crate) cues: Vec<RawCue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCue {
    pub(crate) pattern: S<String>,
    pub(crate) weight: u32,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Texts {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub(crate) id: Option<S<String>>,
    pub(crate) article: Option<S<String>>,
    pub(crate) text: Option<Texts>,
    pub(crate) note: Option<String>,
    pub(crate) level: Option<S<String>>,
    pub(crate) op: Option<S<String>>,
    pub(crate) message: Option<String>,
    pub(crate) missing: Option<String>,
    pub(crate) variants: Option<Vec<S<String>>>,
    pub(crate) required: Option<bool>,
    // comparisons
    pub(crate) metric: Option<S<String>>,
    pub(crate) metrics: Option<Vec<S<String>>>,
    pub(crate) threshold: Option<S<toml::Value>>,
    pub(crate) unit: Option<S<String>>,
    pub(crate) display: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) period: Option<S<String>>,
    pub(crate) derive_age: Option<RawDerive>,
    pub(crate) any: Option<Vec<S<RawCond>>>,
    pub(crate) k: Option<usize>,
    pub(crate) items: Option<Vec<RawItem>>,
    pub(crate) numerator: Option<S<String>>,
    pub(crate) denominator: Option<S<String>>,
    pub(crate) when: Option<RawWhen>,
    pub(crate) then: Option<S<RawCond>>,
    pub(crate) value: Option<toml::Value>,
    // names and fields
    pub(crate) noun: Option<String>,
    pub(crate) pattern: Option<S<String>>,
    pub(crate) bind: Option<BTreeMap<String, S<String>>>,
    pub(crate) fields: Option<Vec<RawField>>,
    pub(crate) cmp: Option<S<String>>,
    // dates
    pub(crate) year_metric: Option<S<String>>,
    pub(crate) date_metric: Option<S<String>>,
    pub(crate) form: Option<String>,
    pub(crate) deadline: Option<S<String>>,
    pub(crate) from: Option<S<String>>,
    pub(crate) to: Option<S<String>>,
    pub(crate) by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCond {
    pub(crate) metric: Option<S<String>>,
    pub(crate) metrics: Option<Vec<S<String>>>,
    pub(crate) op: Option<S<String>>,
    pub(crate) threshold: Option<S<toml::Value>>,
    pub(crate) unit: Option<S<String>>,
    pub(crate) display: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) period: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDerive {
    pub(crate) birth: S<String>,
    pub(crate) at: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawItem {
    pub(crate) text: String,
    #[serde(default)]
    pub(crate) open: bool,
    #[serde(default)]
    pub(crate) any: Vec<S<RawCond>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWhen {
    pub(crate) metrics: Vec<S<String>>,
    pub(crate) contains_any: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    pub(crate) label: String,
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) allowed: Vec<String>,
}
