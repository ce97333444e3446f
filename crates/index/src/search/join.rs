//! Metric conditions joined through the facts records. Numeric facts are stored once per
//! submission (a facts record, see `write::FACTS_RECORD`), not on each entry; a condition on a
//! metric (`staff.total:[50 TO *]` in the query text, or a `--where` clause) is run over the
//! facts records first, and stands in the entry query for "an entry of one of the submissions
//! that matched". Conditions may sit anywhere in the boolean query (`A OR staff.total:[1 TO 5]`),
//! so the replacement is made in the parsed query, leaf by leaf. Indexes written before facts
//! records existed carry facts on their entries; the same condition finds those entries'
//! submissions, so they search as before.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{UserInputAst, UserInputLeaf};
use tantivy::{Searcher, TantivyError};

/// Why a query could not be built: its text, or running one of its metric conditions.
pub(crate) enum JoinError {
    /// The text does not parse (tantivy's message).
    Parse(QueryParserError),
    /// A metric condition failed to run.
    Search(TantivyError),
}

/// Whether a leaf names a metric (`facts.<metric>`), after the rewrite of metric paths.
fn metric_leaf(leaf: &UserInputLeaf) -> bool {
    let field = match leaf {
        UserInputLeaf::Literal(l) => l.field_name.as_deref(),
        UserInputLeaf::Range { field, .. }
        | UserInputLeaf::Set { field, .. }
        | UserInputLeaf::Regex { field, .. } => field.as_deref(),
        UserInputLeaf::Exists { field } => Some(field.as_str()),
        UserInputLeaf::All => None,
    };
    field.is_some_and(|f| f == "facts" || f.starts_with("facts."))
}

fn has_metric(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(c) => c.iter().any(|(_, a)| has_metric(a)),
        UserInputAst::Boost(a, _) => has_metric(a),
        UserInputAst::Leaf(l) => metric_leaf(l),
    }
}

/// A set leaf: `field IN elements` (an empty set matches nothing).
fn set(field: &str, elements: Vec<String>) -> UserInputAst {
    UserInputAst::Leaf(Box::new(UserInputLeaf::Set {
        field: Some(field.into()),
        elements,
    }))
}

/// Builds the query for `text` (already rewritten: metric keys as `facts.` paths). Without a
/// metric condition it is exactly `parser.parse_query(text)`; otherwise each condition is
/// replaced by the submissions whose facts satisfy it, `(batch, submission)` pairs as
/// `batch IN {b} AND submission IN {…}` per batch.
pub(crate) fn build(
    parser: &QueryParser,
    searcher: &Searcher,
    text: &str,
) -> Result<Box<dyn Query>, JoinError> {
    let ast = match tantivy::query_grammar::parse_query(text) {
        Ok(ast) if has_metric(&ast) => ast,
        _ => return parser.parse_query(text).map_err(JoinError::Parse),
    };
    let joined = replace(parser, searcher, ast)?;
    parser
        .build_query_from_user_input_ast(joined)
        .map_err(JoinError::Parse)
}

fn replace(
    parser: &QueryParser,
    searcher: &Searcher,
    ast: UserInputAst,
) -> Result<UserInputAst, JoinError> {
    Ok(match ast {
        UserInputAst::Clause(c) => UserInputAst::Clause(
            c.into_iter()
                .map(|(o, a)| Ok((o, replace(parser, searcher, a)?)))
                .collect::<Result<_, JoinError>>()?,
        ),
        UserInputAst::Boost(a, b) => {
            UserInputAst::Boost(Box::new(replace(parser, searcher, *a)?), b)
        }
        UserInputAst::Leaf(l) if metric_leaf(&l) => {
            let q = parser
                .build_query_from_user_input_ast(UserInputAst::Leaf(l))
                .map_err(JoinError::Parse)?;
            submissions(searcher, q.as_ref())?
        }
        leaf => leaf,
    })
}

/// The submissions with a document matched by `q` (facts records, or entries of an index
/// written before them), as a query on `batch` and `submission`.
fn submissions(searcher: &Searcher, q: &dyn Query) -> Result<UserInputAst, JoinError> {
    let found = searcher
        .search(q, &DocSetCollector)
        .map_err(JoinError::Search)?;
    let mut by_batch: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut addresses: Vec<_> = found.into_iter().collect();
    addresses.sort();
    let mut i = 0;
    while i < addresses.len() {
        let segment = addresses[i].segment_ord;
        let fast = searcher.segment_reader(segment).fast_fields();
        let batch = fast.str("batch").map_err(JoinError::Search)?;
        let submission = fast.str("submission").map_err(JoinError::Search)?;
        while i < addresses.len() && addresses[i].segment_ord == segment {
            let doc = addresses[i].doc_id;
            let read = |col: &Option<tantivy::columnar::StrColumn>| -> Result<String, JoinError> {
                let mut out = String::new();
                if let Some(col) = col
                    && let Some(ord) = col.term_ords(doc).next()
                {
                    col.ord_to_str(ord, &mut out)
                        .map_err(|e| JoinError::Search(e.into()))?;
                }
                Ok(out)
            };
            by_batch
                .entry(read(&batch)?)
                .or_default()
                .insert(read(&submission)?);
            i += 1;
        }
    }
    if by_batch.is_empty() {
        return Ok(set("submission", Vec::new()));
    }
    Ok(UserInputAst::Clause(
        by_batch
            .into_iter()
            .map(|(b, subs)| {
                let both = UserInputAst::Clause(vec![
                    (
                        Some(tantivy::query_grammar::Occur::Must),
                        set("batch", vec![b]),
                    ),
                    (
                        Some(tantivy::query_grammar::Occur::Must),
                        set("submission", subs.into_iter().collect()),
                    ),
                ]);
                (Some(tantivy::query_grammar::Occur::Should), both)
            })
            .collect(),
    ))
}
