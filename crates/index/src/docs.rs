//! The tantivy documents one submission becomes: an entry per page or block group, carrying
//! its submission's record (regime … verdict), year and finding kinds, and one facts record
//! holding the submission's numeric facts.

use std::collections::BTreeMap;

use intake_model::{Document, Fact, SubmissionRecord, Value, key};
use tantivy::TantivyDocument;
use tantivy::schema::OwnedValue;

use crate::entries::PreparedDoc;
use crate::schema::Fields;

/// The `document` of a submission's *facts record*: the one index document per submission that
/// carries its numeric facts (entries carry none). A NUL starts it, which no file name holds,
/// so it is never taken for an entry; searches leave it out of their hits and join through it
/// (`search::join`).
pub(crate) const FACTS_RECORD: &str = "\u{0}facts";

/// One document of a submission to index, with what the index records about its submission.
#[derive(Debug, Clone, Copy)]
pub struct IndexDoc<'a> {
    /// The submission folder's name.
    pub submission: &'a str,
    /// The document's path relative to the submission folder, `/`-separated.
    pub document: &'a str,
    /// The document as extracted.
    pub doc: &'a Document,
    /// The submission's record (regime, level, variant, org_name, credit_code, verdict).
    pub record: &'a SubmissionRecord,
    /// Every fact of the *submission* (not only of this document): numeric ones go into the
    /// submission's one facts record (written with its first document, so the index grows
    /// with entries + facts, not entries × facts), `application.date` / `report.year` give
    /// `year`.
    pub facts: &'a [Fact],
    /// The finding kinds of the submission (`duplicate_text`, …); duplicates are ignored.
    pub finding_kinds: &'a [String],
    /// `doc`'s entries tokenised beforehand ([`PreparedDoc::of`] on the thread that read it),
    /// or `None` to have the index writer's thread cut and tokenise `doc` itself. Either way
    /// the index is the same.
    pub prepared: Option<&'a PreparedDoc>,
}

/// The numeric facts of a submission, by metric, values in first-seen order without repeats.
pub(crate) fn numeric_facts(facts: &[Fact]) -> BTreeMap<String, Vec<f64>> {
    let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for fact in facts {
        let Some(value) = fact
            .number()
            .and_then(|d| d.to_string().parse::<f64>().ok())
        else {
            continue;
        };
        let values = out.entry(fact.metric.clone()).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }
    out
}

/// The submission's year: of `application.date`, else `report.year`.
pub(crate) fn submission_year(facts: &[Fact]) -> Option<i64> {
    let from_date = facts.iter().find_map(|f| match (&f.metric[..], &f.value) {
        (key::APPLICATION_DATE, Value::Date(d)) => Some(i64::from(d.year())),
        _ => None,
    });
    from_date.or_else(|| {
        facts
            .iter()
            .find_map(|f| match (&f.metric[..], f.number()) {
                (key::REPORT_YEAR, Some(y)) => y.to_string().parse().ok(),
                _ => None,
            })
    })
}

pub(crate) fn snake<T: serde::Serialize>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The fields every entry of a document shares.
pub(crate) fn shared_fields(f: &Fields, batch: &str, d: &IndexDoc<'_>) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.batch, batch);
    doc.add_text(f.submission, d.submission);
    doc.add_text(f.document, d.document);
    add_record(&mut doc, f, d.record);
    if let Some(year) = submission_year(d.facts) {
        doc.add_i64(f.year, year);
    }
    add_kinds(&mut doc, f, d.finding_kinds);
    doc
}

/// Adds the fields an entry takes from its submission's record: `regime`, `level`, `variant`,
/// `org_name`, `credit_code` and `verdict` (the batch-wide checks may change the verdict after
/// the entry is first written: [`BatchWriter::restamp`]).
pub(crate) fn add_record(doc: &mut TantivyDocument, f: &Fields, record: &SubmissionRecord) {
    for (field, value) in [
        (f.regime, record.regime.clone()),
        (f.level, record.level.as_ref().and_then(snake)),
        (f.variant, record.variant.as_ref().and_then(snake)),
        (f.org_name, record.org_name.clone()),
        (f.credit_code, record.credit_code.clone()),
        (f.verdict, snake(&record.verdict)),
    ] {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
}

/// Adds the submission's distinct finding kinds (duplicates ignored) as `kind` values.
pub(crate) fn add_kinds(doc: &mut TantivyDocument, f: &Fields, kinds: &[String]) {
    let mut kinds: Vec<&String> = kinds.iter().collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        doc.add_text(f.kind, kind);
    }
}

/// The facts record of `d`'s submission: batch, submission, [`FACTS_RECORD`] and its numeric
/// facts by metric (an array when a metric was stated with several values); `None` when it
/// has no numeric fact.
pub(crate) fn facts_record(f: &Fields, batch: &str, d: &IndexDoc<'_>) -> Option<TantivyDocument> {
    let facts: BTreeMap<String, OwnedValue> = numeric_facts(d.facts)
        .into_iter()
        .map(|(k, v)| {
            let value = match &v[..] {
                [one] => OwnedValue::F64(*one),
                many => OwnedValue::Array(many.iter().map(|x| OwnedValue::F64(*x)).collect()),
            };
            (k, value)
        })
        .collect();
    if facts.is_empty() {
        return None;
    }
    let mut doc = TantivyDocument::default();
    doc.add_text(f.batch, batch);
    doc.add_text(f.submission, d.submission);
    doc.add_text(f.document, FACTS_RECORD);
    doc.add_object(f.facts, facts);
    Some(doc)
}
