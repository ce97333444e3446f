//! The index schema, built in one place and documented field by field.
//!
//! One tantivy document is one *entry*: a PDF page, or a group of consecutive blocks of a DOCX/TXT
//! document (which have no pages), so a hit points at a precise place.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, JsonObjectOptions, NumericOptions, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer::{BIGRAM_TOKENIZER, ZH_TOKENIZER};

/// Handles on every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// `batch` (raw string, stored, fast): the batch id the entry was indexed with (e.g. the batch
    /// folder's name); an archive holds many batches, and re-indexing a batch replaces it.
    pub batch: Field,
    /// `submission` (raw, stored, fast): the submission folder's name.
    pub submission: Field,
    /// `document` (raw, stored, fast): the document's path relative to the submission, `/`-separated.
    pub document: Field,
    /// `page` (u64, indexed, stored, fast): 1-based PDF page; absent for DOCX/TXT.
    pub page: Field,
    /// `block` (u64, stored, fast): index of the entry's first block within its page.
    pub block: Field,
    /// `regime` (raw, stored): the submission's regime id (`tech-base-platform`); absent if unknown.
    pub regime: Field,
    /// `level` (raw, stored): promotion-center level (`national`, `provincial`); absent otherwise.
    pub level: Field,
    /// `variant` (raw, stored): promotion-center variant (`comprehensive`, …); absent otherwise.
    pub variant: Field,
    /// `org_name` (Chinese word analyzer, positions, stored): the applicant's name.
    pub org_name: Field,
    /// `credit_code` (raw, stored): the applicant's 统一社会信用代码, as read.
    pub credit_code: Field,
    /// `year` (i64, indexed, stored, fast): year of `application.date`, else `report.year`.
    pub year: Field,
    /// `verdict` (raw, stored): `pass`, `review` or `fail`.
    pub verdict: Field,
    /// `kind` (raw, stored, multi-valued): the distinct finding kinds of the submission
    /// (`duplicate_text`, …).
    pub kind: Field,
    /// `content` (Chinese word analyzer in search mode, freqs + positions, stored): the entry's text,
    /// blocks joined by `\n` (for a PDF page, exactly `Page::text()`).
    pub content: Field,
    /// `content_bigram` (bigram analyzer, freqs + positions, not stored): the same text as CJK
    /// character bigrams, for substrings jieba cut elsewhere.
    pub content_bigram: Field,
    /// `facts` (JSON, dots expanded, indexed, stored, fast): the submission's numeric facts keyed by
    /// metric (`{"staff.total": 126}`, an array when a metric was stated with several values), as
    /// f64 in the metric's canonical unit; the path `facts.staff.total` range-filters.
    pub facts: Field,
}

/// The schema's field names, for messages and the query rewrite.
pub(crate) const FIELD_NAMES: [&str; 16] = [
    "batch",
    "submission",
    "document",
    "page",
    "block",
    "regime",
    "level",
    "variant",
    "org_name",
    "credit_code",
    "year",
    "verdict",
    "kind",
    "content",
    "content_bigram",
    "facts",
];

fn analyzed(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Builds the schema and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let raw = STRING | STORED;
    let fields = Fields {
        batch: b.add_text_field("batch", raw.clone() | FAST),
        submission: b.add_text_field("submission", raw.clone() | FAST),
        document: b.add_text_field("document", raw.clone() | FAST),
        page: b.add_u64_field("page", NumericOptions::from(INDEXED | STORED | FAST)),
        block: b.add_u64_field("block", NumericOptions::from(STORED | FAST)),
        regime: b.add_text_field("regime", raw.clone()),
        level: b.add_text_field("level", raw.clone()),
        variant: b.add_text_field("variant", raw.clone()),
        org_name: b.add_text_field("org_name", analyzed(ZH_TOKENIZER, true)),
        credit_code: b.add_text_field("credit_code", raw.clone()),
        year: b.add_i64_field("year", NumericOptions::from(INDEXED | STORED | FAST)),
        verdict: b.add_text_field("verdict", raw.clone()),
        kind: b.add_text_field("kind", raw),
        content: b.add_text_field("content", analyzed(ZH_TOKENIZER, true)),
        content_bigram: b.add_text_field("content_bigram", analyzed(BIGRAM_TOKENIZER, false)),
        facts: b.add_json_field(
            "facts",
            JsonObjectOptions::default()
                .set_stored()
                .set_expand_dots_enabled()
                .set_fast("raw")
                .set_indexing_options(TextFieldIndexing::default().set_tokenizer("raw")),
        ),
    };
    (b.build(), fields)
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_names_list_the_schema() {
        let (schema, _) = super::build();
        let names: Vec<&str> = schema.fields().map(|(_, e)| e.name()).collect();
        assert_eq!(names, super::FIELD_NAMES);
    }
}
