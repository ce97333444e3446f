//! Export to OpenSearch: `_bulk` NDJSON whose `content_seg` carries our own tokens, and the
//! mapping that makes OpenSearch reproduce them (a whitespace analyzer on `content_seg`).

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value as Json, json};
use tantivy::schema::{Field, OwnedValue, Value};
use tantivy::{DocAddress, TantivyDocument};

use crate::IndexError;
use crate::analyzer::analyze;
use crate::docs::FACTS_RECORD;
use crate::schema::Fields;
use crate::write::{open, resolve_index_dir, tantivy_err};

/// The OpenSearch index name the action lines target.
pub const OPENSEARCH_INDEX: &str = "intake";

/// The mapping (and analysis settings) for `PUT /intake`: keyword fields for the ids and filters,
/// `content` stored but not analysed, `content_seg` split on whitespace only (so OpenSearch's
/// terms are exactly ours), `page`/`block`/`year` integers, and every `facts.*` value a double.
pub fn opensearch_mapping() -> Json {
    let keyword = json!({"type": "keyword"});
    let mut properties = Map::new();
    for name in [
        "batch",
        "submission",
        "document",
        "regime",
        "level",
        "variant",
    ] {
        properties.insert(name.into(), keyword.clone());
    }
    for name in ["credit_code", "verdict", "kind"] {
        properties.insert(name.into(), keyword.clone());
    }
    for name in ["page", "block", "year"] {
        properties.insert(name.into(), json!({"type": "integer"}));
    }
    properties.insert("org_name".into(), json!({"type": "keyword"}));
    properties.insert("content".into(), json!({"type": "text", "index": false}));
    properties.insert(
        "content_seg".into(),
        json!({"type": "text", "analyzer": "whitespace"}),
    );
    properties.insert("facts".into(), json!({"type": "object", "dynamic": true}));
    json!({
        "settings": {"index": {"number_of_shards": 1}},
        "mappings": {
            "dynamic_templates": [{
                "facts_as_double": {
                    "path_match": "facts.*",
                    "match_mapping_type": "*",
                    "mapping": {"type": "double"}
                }
            }],
            "properties": Json::Object(properties)
        }
    })
}

fn str_field(doc: &TantivyDocument, field: Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// The sort key and `_id` of an entry: `batch/submission/document#page.block`.
fn entry_id(doc: &TantivyDocument, f: &Fields) -> (String, String, String, Option<u64>, u64) {
    (
        str_field(doc, f.batch).unwrap_or_default().to_string(),
        str_field(doc, f.submission).unwrap_or_default().to_string(),
        str_field(doc, f.document).unwrap_or_default().to_string(),
        doc.get_first(f.page).and_then(|v| v.as_u64()),
        doc.get_first(f.block).and_then(|v| v.as_u64()).unwrap_or(0),
    )
}

fn owned_to_json(value: &OwnedValue) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// The `_source` of one entry; `facts` are its submission's (from the facts record, or the
/// entry's own in an index written before facts records).
fn source(doc: &TantivyDocument, f: &Fields, facts: Option<&Json>) -> Json {
    let mut out = Map::new();
    let (batch, submission, document, page, block) = entry_id(doc, f);
    out.insert("batch".into(), batch.into());
    out.insert("submission".into(), submission.into());
    out.insert("document".into(), document.into());
    out.insert("page".into(), page.map_or(Json::Null, Json::from));
    out.insert("block".into(), block.into());
    for (name, field) in [
        ("regime", f.regime),
        ("level", f.level),
        ("variant", f.variant),
        ("org_name", f.org_name),
        ("credit_code", f.credit_code),
        ("verdict", f.verdict),
    ] {
        out.insert(
            name.into(),
            str_field(doc, field).map_or(Json::Null, Json::from),
        );
    }
    out.insert(
        "year".into(),
        doc.get_first(f.year).and_then(|v| v.as_i64()).into(),
    );
    let kinds: Vec<&str> = doc.get_all(f.kind).filter_map(|v| v.as_str()).collect();
    out.insert("kind".into(), kinds.into());
    let content = str_field(doc, f.content).unwrap_or_default();
    let seg: Vec<String> = analyze(content).into_iter().map(|t| t.text).collect();
    out.insert("content".into(), content.into());
    out.insert("content_seg".into(), seg.join(" ").into());
    let facts = doc
        .get_first(f.facts)
        .map(|v| owned_to_json(&OwnedValue::from(v)))
        .or_else(|| facts.cloned())
        .unwrap_or_else(|| Json::Object(Map::new()));
    out.insert("facts".into(), facts);
    Json::Object(out)
}

/// Writes every entry of the index at `dir` (an index folder, or an `OUT` folder holding
/// `index/`) as OpenSearch `_bulk` NDJSON: per entry an action line
/// `{"index":{"_index":"intake","_id":"batch/submission/document#page.block"}}` and a source line
/// with the stored fields, `content_seg` (our tokens joined by spaces) and `facts` as numbers.
/// Entries come sorted by (batch, submission, document, page, block), so the output is
/// byte-identical for the same index content.
///
/// Errors: [`IndexError::NotFound`] without an index, [`IndexError::Export`] when `w` fails.
pub fn export_opensearch(dir: &Path, w: &mut dyn Write) -> Result<(), IndexError> {
    let dir = resolve_index_dir(dir)?;
    let (index, f) = open(&dir)?;
    let err = tantivy_err(&dir);
    let searcher = index.reader().map_err(&err)?.searcher();
    let mut keyed = Vec::new();
    let mut facts = std::collections::HashMap::new();
    for (segment_ord, reader) in searcher.segment_readers().iter().enumerate() {
        for doc_id in reader.doc_ids_alive() {
            let address = DocAddress::new(segment_ord as u32, doc_id);
            let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
            let id = entry_id(&doc, &f);
            if id.2 == FACTS_RECORD {
                let json = doc
                    .get_first(f.facts)
                    .map(|v| owned_to_json(&OwnedValue::from(v)));
                facts.insert((id.0, id.1), json.unwrap_or(Json::Null));
            } else {
                keyed.push((id, address));
            }
        }
    }
    keyed.sort();
    let io = |source| IndexError::Export {
        dir: dir.clone(),
        source,
    };
    for ((batch, submission, document, page, block), address) in keyed {
        let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
        let page = page.map_or_else(|| "-".to_string(), |p| p.to_string());
        let id = format!("{batch}/{submission}/{document}#{page}.{block}");
        let action = json!({"index": {"_index": OPENSEARCH_INDEX, "_id": id}});
        writeln!(w, "{action}").map_err(io)?;
        let shared = facts.get(&(batch, submission));
        writeln!(w, "{}", source(&doc, &f, shared)).map_err(io)?;
    }
    w.flush().map_err(io)
}
