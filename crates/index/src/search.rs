//! Searching: filters, BM25 ranking with deterministic ties, one index opened for many queries.
//! Metric conditions are joined through each submission's facts record (`join`).

mod join;

use std::path::{Path, PathBuf};

use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, QueryParser, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Score, Searcher, TantivyDocument, TantivyError, Term};

use crate::IndexError;
use crate::analyzer::query_tokenizers;
use crate::docs::FACTS_RECORD;
use crate::hit::{Hit, snippet_generator, to_hit};
use crate::schema::Fields;
use crate::syntax::{check_nesting, rewrite_metric_paths, where_to_query_text};
use crate::write::{open, resolve_index_dir, tantivy_err};

/// Extra hits fetched past the limit so ties at the cut are broken by place, not by segment order.
const TIE_SLACK: usize = 32;
/// Weight of the bigram field against the word field (substring hits rank below word hits).
const BIGRAM_BOOST: Score = 0.5;

/// A search: query text plus filters, all of which must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// tantivy query syntax over the text: words are ANDed, `"…"` is a phrase (`"…"~2` with slop),
    /// `OR`, `-word`, `field:value` (`regime:`, `kind:`, `org_name:`, `year:[2022 TO 2024]`), and
    /// metric ranges `staff.total:[50 TO *]` (a metric key stands for `facts.<key>`). Chinese runs
    /// need no spaces: `边缘计算平台` is a phrase. Empty: every entry passing the filters.
    pub text: String,
    /// Only entries of this regime id (`tech-base-platform`).
    pub regime: Option<String>,
    /// Only entries of this submission folder.
    pub submission: Option<String>,
    /// Only entries of this batch id.
    pub batch: Option<String>,
    /// Numeric filters `key OP number` with OP one of `>=`, `>`, `<=`, `<`, `=`: key a metric of
    /// `metrics.tsv` (`staff.total>=50`, canonical units: CNY yuan, m², persons, percent 0–100)
    /// or `year` / `page`.
    pub where_: Vec<String>,
    /// Only entries of submissions with a finding of this kind (`duplicate_text`).
    pub kind: Option<String>,
    /// Maximum number of hits; 0 gives none.
    pub limit: usize,
}

/// An index opened for searching, to run many queries without reopening it.
pub struct SearchIndex {
    dir: PathBuf,
    fields: Fields,
    reader: IndexReader,
    parser: QueryParser,
}

impl SearchIndex {
    /// Opens the index at `dir` (an index folder, or an `OUT` folder holding `index/`).
    ///
    /// Errors: [`IndexError::NotFound`] without an index, [`IndexError::SchemaMismatch`] for an
    /// index of another schema, [`IndexError::Tantivy`] when it cannot be read.
    pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
        let dir = resolve_index_dir(dir)?;
        let (index, fields) = open(&dir)?;
        let reader = index.reader().map_err(tantivy_err(&dir))?;
        let mut parser = QueryParser::new(
            index.schema(),
            vec![fields.content, fields.content_bigram],
            query_tokenizers(),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.content_bigram, BIGRAM_BOOST);
        Ok(SearchIndex {
            dir,
            fields,
            reader,
            parser,
        })
    }

    /// Runs `q`; see [`search`].
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>, IndexError> {
        run(self, q, 0).map(|p| p.hits)
    }

    /// Runs `q` for one page of results: the hits ranked `offset..offset + q.limit` and the
    /// total number of entries matching. Errors as [`search`].
    pub fn search_page(&self, q: &Query, offset: usize) -> Result<Page, IndexError> {
        run(self, q, offset)
    }
}

/// One page of results ([`SearchIndex::search_page`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Every entry matching the query and filters (not only this page's).
    pub total: usize,
    /// This page's hits, best first.
    pub hits: Vec<Hit>,
}

/// Runs `q` over the index at `dir` for the page starting at `offset`; see
/// [`SearchIndex::search_page`].
pub fn search_page(dir: &Path, q: &Query, offset: usize) -> Result<Page, IndexError> {
    SearchIndex::open(dir)?.search_page(q, offset)
}

/// Runs `q` over the index at `dir` (an index folder, or an `OUT` folder holding `index/`).
///
/// Hits come best first (BM25 over the word field, plus the bigram field at half weight); ties
/// are broken by (batch, submission, document, page, block) so results are deterministic.
///
/// Errors: [`IndexError::NotFound`] without an index, [`IndexError::Query`] for a query tantivy
/// cannot parse, [`IndexError::TooDeep`] for a query nested deeper than [`crate::MAX_QUERY_DEPTH`]
/// (or holding more than [`crate::MAX_QUERY_GROUPS`] groups), [`IndexError::Where`] for a bad
/// `where_` clause.
pub fn search(dir: &Path, q: &Query) -> Result<Vec<Hit>, IndexError> {
    SearchIndex::open(dir)?.search(q)
}

fn run(si: &SearchIndex, q: &Query, offset: usize) -> Result<Page, IndexError> {
    let (dir, f, parser) = (&si.dir, si.fields, &si.parser);
    // A field named in the query (`name:*` and the like) is looked up only when the query runs:
    // an unknown one is the user's query error, not a broken index.
    let err = |e: TantivyError| match e {
        TantivyError::FieldNotFound(name) => IndexError::Query {
            query: q.text.clone(),
            message: format!("没有字段 {name:?} (no such field)"),
        },
        e => tantivy_err(dir)(e),
    };
    let searcher = si.reader.searcher();

    let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
    let text_query = if q.text.trim().is_empty() {
        None
    } else {
        let rewritten = rewrite_metric_paths(&q.text);
        // tantivy's parser, the query it builds, the metric join's walk over it and its drop
        // recurse once per level.
        check_nesting(&rewritten)?;
        let parsed = join::build(parser, &searcher, &rewritten).map_err(|e| match e {
            join::JoinError::Parse(e) => IndexError::Query {
                query: q.text.clone(),
                message: e.to_string(),
            },
            join::JoinError::Search(e) => err(e),
        })?;
        clauses.push((Occur::Must, parsed.box_clone()));
        Some(parsed)
    };
    for (field, value) in [
        (f.regime, &q.regime),
        (f.submission, &q.submission),
        (f.batch, &q.batch),
        (f.kind, &q.kind),
    ] {
        if let Some(value) = value {
            let term = Term::from_field_text(field, value);
            // Filters score 0: the score is the text's relevance alone.
            let filter = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
    }
    for clause in &q.where_ {
        let range = where_to_query_text(clause)?;
        let parsed = join::build(parser, &searcher, &range).map_err(|e| match e {
            join::JoinError::Parse(e) => IndexError::Where {
                clause: clause.clone(),
                message: e.to_string(),
            },
            join::JoinError::Search(e) => err(e),
        })?;
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(parsed, 0.0))));
    }
    // Facts records are no entries: never a hit, whatever the query.
    let records = Term::from_field_text(f.document, FACTS_RECORD);
    let not_a_record: (Occur, Box<dyn tantivy::query::Query>) = (
        Occur::MustNot,
        Box::new(TermQuery::new(records, IndexRecordOption::Basic)),
    );

    let wanted = offset.saturating_add(q.limit);
    let (total, scored): (usize, Vec<(Score, DocAddress)>) = match (&text_query, clauses.is_empty())
    {
        (Some(_), _) => {
            clauses.push(not_a_record);
            let query = BooleanQuery::new(clauses);
            let top = TopDocs::with_limit(wanted.saturating_add(TIE_SLACK).max(1)).order_by_score();
            let (top, count) = searcher.search(&query, &(top, Count)).map_err(&err)?;
            (count, top)
        }
        (None, true) => {
            let all = BooleanQuery::new(vec![(Occur::Must, Box::new(AllQuery)), not_a_record]);
            let set = searcher.search(&all, &DocSetCollector).map_err(&err)?;
            (set.len(), set.into_iter().map(|a| (0.0, a)).collect())
        }
        (None, false) => {
            clauses.push(not_a_record);
            let set = searcher.search(&BooleanQuery::new(clauses), &DocSetCollector);
            let set = set.map_err(&err)?;
            (set.len(), set.into_iter().map(|a| (0.0, a)).collect())
        }
    };
    if q.limit == 0 || offset >= total {
        return Ok(Page {
            total,
            hits: Vec::new(),
        });
    }

    // Order by score, then by place (read from fast fields, not stored documents), and only
    // then load the stored text of the hits kept.
    let mut ranked = with_keys(&searcher, scored).map_err(&err)?;
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked.truncate(wanted);
    ranked.drain(..offset.min(ranked.len()));

    let snippets = match &text_query {
        Some(query) => Some(snippet_generator(&searcher, query.as_ref(), &f).map_err(&err)?),
        None => None,
    };
    let mut hits = Vec::with_capacity(ranked.len());
    for (score, _, address) in ranked {
        let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
        hits.push(to_hit(dir, &f, &doc, address, score, snippets.as_ref())?);
    }
    Ok(Page { total, hits })
}

/// An entry's place: (batch, submission, document, page, block).
type Key = (String, String, String, Option<u64>, u64);

/// Reads the place of each entry from the fast fields of its segment (columns opened once per
/// segment: a filter-only search may match every entry of an archive).
fn with_keys(
    searcher: &Searcher,
    mut scored: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, Key, DocAddress)>> {
    scored.sort_by_key(|s| s.1);
    let mut out = Vec::with_capacity(scored.len());
    let mut i = 0;
    while i < scored.len() {
        let segment = scored[i].1.segment_ord;
        let fast = searcher.segment_reader(segment).fast_fields();
        let strs = [
            fast.str("batch")?,
            fast.str("submission")?,
            fast.str("document")?,
        ];
        let page = fast.column_opt::<u64>("page")?;
        let block = fast.column_opt::<u64>("block")?;
        while i < scored.len() && scored[i].1.segment_ord == segment {
            let (score, address) = scored[i];
            let doc = address.doc_id;
            let mut text = [String::new(), String::new(), String::new()];
            for (column, out) in strs.iter().zip(text.iter_mut()) {
                if let Some(column) = column
                    && let Some(ord) = column.term_ords(doc).next()
                {
                    column.ord_to_str(ord, out)?;
                }
            }
            let [batch, submission, document] = text;
            let page = page.as_ref().and_then(|c| c.first(doc));
            let block = block.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
            out.push((score, (batch, submission, document, page, block), address));
            i += 1;
        }
    }
    Ok(out)
}
