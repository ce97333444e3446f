//! One figure, date, identifier or name read from a document, with where it came from.

use rust_decimal::Decimal;

use crate::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One statement of a metric in one document: a line of `OUT/facts.jsonl`.
///
/// The same metric may be stated many times in a submission; each statement is its own fact, and
/// the integrity stage compares them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The submission folder's name.
    pub submission: String,
    /// The document's path relative to the submission folder, `/`-separated.
    pub document: String,
    /// A key of `pipelines/metrics.tsv` (e.g. `staff.total`).
    pub metric: String,
    /// The value in the metric's canonical unit (CNY yuan, m², persons, percent 0–100).
    pub value: Value,
    /// The canonical unit of `metrics.tsv` (`CNY`, `m2`, `persons`, `percent`, `-`, …).
    pub unit: String,
    /// 1-based PDF page; `None` (JSON null) for DOCX and TXT.
    pub page: Option<u32>,
    /// The source text the value was read from, exactly as it stands in the document.
    pub quote: String,
    /// Character offsets `[start, end)` of `quote` within the page's text ([`crate::Page::text`]).
    #[serde(default)]
    pub offset: [usize; 2],
    /// The period the figure is stated for (近3年, 上年度, 2023年度), resolved where possible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// How the figure was read.
    pub method: ReadMethod,
    /// True for approximate statements (2000余人, 近百家): never to be compared as exact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
    /// For identifiers (credit code, ID number): whether the check characters hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
    /// A note for reviewers: OCR corrections applied, why an identifier is invalid, ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For numbers, the precision the figure was stated to, in the canonical unit: one unit of
    /// its last stated digit (`15.82 亿元` → 1000000 yuan, `158,191 万元` → 10000, `126人` → 1,
    /// `1,135,639,368.05 元` → 0.01). 0 where the statement is exact or its precision cannot be
    /// told from the quote (Chinese numerals; a table cell whose unit stands in its header).
    /// Two statements agree when both can be roundings of one value (第六条 figures stated in
    /// 亿元 in one document and 万元 in another). `None` for dates, text and flags. Serialised
    /// as a JSON number, as [`Value::Number`] is.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "precision_ser",
        deserialize_with = "precision_de"
    )]
    pub precision: Option<Decimal>,
}

fn precision_ser<S: Serializer>(p: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(d) => Value::Number(*d).serialize(s),
        None => s.serialize_none(),
    }
}

fn precision_de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => Ok(Some(n)),
        None => Ok(None),
        Some(other) => Err(serde::de::Error::custom(format!(
            "precision is not a number: {other:?}"
        ))),
    }
}

impl Fact {
    /// The numeric value, if this fact is a number.
    pub fn number(&self) -> Option<Decimal> {
        match &self.value {
            Value::Number(d) => Some(*d),
            _ => None,
        }
    }
}

/// How a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMethod {
    /// From running text (从业人员共计126人).
    Prose,
    /// From a table: a header cell and a value cell.
    Table,
    /// From a two-column key–value form (单位名称 | XX公司).
    Form,
    /// From text that needed OCR-noise correction (S00 → 500); see the fact's `note`.
    OcrCorrected,
    /// From text intake read by OCR from an image (a scanned page); the fact's `note` gives the
    /// engine's confidence.
    Ocr,
    /// From document metadata or the file itself (e.g. a DOCX core.xml date).
    Metadata,
    /// Computed from another fact rather than stated (a director's age from the birth date in
    /// a 公民身份号码). Never a statement of its own, so never compared as one.
    Derived,
}

/// The period a figure is stated for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// As written: `近3年`, `上年度`, `2023年度`.
    pub label: String,
    /// First calendar year covered, when it could be resolved (against the application date).
    pub from_year: Option<i32>,
    /// Last calendar year covered, when it could be resolved.
    pub to_year: Option<i32>,
}

/// A fact's value: an exact decimal number, a string, a `YYYY-MM-DD` (or `YYYY-MM`) date, or a
/// boolean.
///
/// Serialises as the contract says: numbers as JSON numbers (integers exactly), dates and text
/// as strings, booleans as `true`/`false`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number in the metric's canonical unit; exact (no float arithmetic anywhere upstream).
    Number(Decimal),
    /// Text (a name, an organisation kind, an identifier).
    Text(String),
    /// A date; serialised `YYYY-MM-DD`, or `YYYY-MM` (ISO 8601 reduced precision) where the
    /// document states only a month, as 出生年月 does — a day is never invented.
    Date(Date),
    /// A yes/no fact (`org.legal_entity`).
    Bool(bool),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(d) => {
                let d = d.normalize();
                if d.scale() == 0
                    && let Ok(i) = i64::try_from(d)
                {
                    return s.serialize_i64(i);
                }
                // Shortest round-trip f64 of a short decimal prints the same digits.
                let f: f64 = d.to_string().parse().map_err(serde::ser::Error::custom)?;
                s.serialize_f64(f)
            }
            Value::Text(t) => s.serialize_str(t),
            Value::Date(d) => s.collect_str(d),
            Value::Bool(b) => s.serialize_bool(*b),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(match v {
            serde_json::Value::Number(n) => {
                Value::Number(n.to_string().parse::<Decimal>().or_else(|_| {
                    Decimal::from_scientific(&n.to_string()).map_err(serde::de::Error::custom)
                })?)
            }
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::String(s) => match is_iso_date(&s).then(|| s.parse::<Date>()) {
                Some(Ok(d)) => Value::Date(d),
                _ => Value::Text(s),
            },
            other => {
                return Err(serde::de::Error::custom(format!(
                    "not a fact value: {other}"
                )));
            }
        })
    }
}

/// `YYYY-MM-DD` or `YYYY-MM`.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 10 || b.len() == 7)
        && b[4] == b'-'
        && (b.len() == 7 || b[7] == b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_serialise_exactly() {
        let v = Value::Number("12500000.00".parse().unwrap());
        assert_eq!(serde_json::to_string(&v).unwrap(), "12500000");
        let v = Value::Number("54.50".parse().unwrap());
        assert_eq!(serde_json::to_string(&v).unwrap(), "54.5");
        let back: Value = serde_json::from_str("54.5").unwrap();
        assert_eq!(back, Value::Number("54.5".parse().unwrap()));
        let d: Value = serde_json::from_str("\"2023-10-13\"").unwrap();
        assert_eq!(d, Value::Date(Date::ymd(2023, 10, 13).unwrap()));
        let m: Value = serde_json::from_str("\"1972-10\"").unwrap();
        assert_eq!(m, Value::Date(Date::ym(1972, 10).unwrap()));
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1972-10\"");
        let bad: Value = serde_json::from_str("\"2024-13-45\"").unwrap();
        assert_eq!(bad, Value::Text("2024-13-45".into()));
        let t: Value = serde_json::from_str("\"91350100M000100Y43\"").unwrap();
        assert_eq!(t, Value::Text("91350100M000100Y43".into()));
    }
}
