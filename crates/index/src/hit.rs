//! Hits: what a search returns, with snippets highlighted through the bigram analyzer.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::IndexError;
use crate::analyzer::bigram_analyzer;
use crate::schema::Fields;

/// Snippet length budget, in bytes of UTF-8 (tantivy counts bytes): about 80 Chinese characters.
const SNIPPET_BYTES: usize = 240;

/// One hit: an entry (PDF page or DOCX/TXT block group) with its snippet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Batch id the entry was indexed with.
    pub batch: String,
    /// Submission folder.
    pub submission: String,
    /// Document path within the submission.
    pub document: String,
    /// 1-based PDF page, `None` for DOCX/TXT.
    pub page: Option<u32>,
    /// Index of the entry's first block within its page.
    pub block: u32,
    /// BM25 score (0 for a filter-only search).
    pub score: f32,
    /// A passage of the entry's text, plain (newlines and tabs shown as spaces).
    pub snippet: String,
    /// Highlighted `[start, end)` character offsets within `snippet`, sorted, not overlapping.
    pub highlights: Vec<(usize, usize)>,
    /// Character offset of `snippet` within the entry's text (for a PDF page, `Page::text()`).
    pub snippet_start: usize,
    /// The submission's regime id.
    pub regime: Option<String>,
    /// The applicant's name.
    pub org_name: Option<String>,
}

impl Hit {
    /// The snippet with each highlight wrapped in `open` … `close` (e.g. `【`, `】`).
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut next = 0;
        let chars: Vec<char> = self.snippet.chars().collect();
        for &(s, e) in &self.highlights {
            let (s, e) = (s.min(chars.len()), e.min(chars.len()));
            if s < next {
                continue;
            }
            out.extend(&chars[next..s]);
            out.push_str(open);
            out.extend(&chars[s..e]);
            out.push_str(close);
            next = e;
        }
        out.extend(&chars[next.min(chars.len())..]);
        out
    }
}

/// A snippet generator over the stored `content`, driven by the bigram analyzer: the query's
/// bigram terms, and its word terms cut into bigrams, are what gets highlighted.
pub(crate) fn snippet_generator(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    f: &Fields,
) -> tantivy::Result<SnippetGenerator> {
    let mut texts: BTreeSet<String> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        let value = term.value();
        let Some(text) = value.as_str() else { return };
        if term.field() == f.content_bigram {
            texts.insert(text.to_string());
        } else if term.field() == f.content {
            let mut analyzer = bigram_analyzer();
            analyzer.token_stream(text).process(&mut |t| {
                texts.insert(t.text.clone());
            });
        }
    });
    let mut terms: BTreeMap<String, Score> = BTreeMap::new();
    for text in texts {
        let doc_freq = searcher.doc_freq(&Term::from_field_text(f.content_bigram, &text))?;
        if doc_freq > 0 {
            terms.insert(text, 1.0 / (1.0 + doc_freq as Score));
        }
    }
    Ok(SnippetGenerator::new(
        terms,
        bigram_analyzer(),
        f.content,
        SNIPPET_BYTES,
    ))
}

fn first_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Byte ranges within `text` → merged char ranges.
fn char_ranges(text: &str, ranges: &[Range<usize>]) -> Vec<(usize, usize)> {
    let to_char = |b: usize| text[..b.min(text.len())].chars().count();
    let mut sorted: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|r| text.is_char_boundary(r.start.min(text.len())))
        .filter(|r| text.is_char_boundary(r.end.min(text.len())))
        .map(|r| (to_char(r.start), to_char(r.end)))
        .collect();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in sorted {
        match out.last_mut() {
            // Touching ranges merge too: 公共 + 服务 shows as one highlight, 【公共服务】.
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn display(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\n' | '\t' | '\r' | '\x0c') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub(crate) fn to_hit(
    dir: &Path,
    f: &Fields,
    doc: &TantivyDocument,
    address: DocAddress,
    score: Score,
    snippets: Option<&SnippetGenerator>,
) -> Result<Hit, IndexError> {
    let missing = |field| IndexError::Corrupt {
        dir: dir.to_path_buf(),
        doc: format!("{}/{}", address.segment_ord, address.doc_id),
        field,
    };
    let content = first_str(doc, f.content).unwrap_or_default();
    let snippet: Snippet = snippets
        .map(|g| g.snippet(&content))
        .unwrap_or_else(Snippet::empty);
    let (snippet_text, highlights, start) = if snippet.fragment().is_empty() {
        let head: String = content.chars().take(SNIPPET_BYTES / 3).collect();
        (head, Vec::new(), 0)
    } else {
        let range = snippet.fragment_range();
        let start = content[..range.start.min(content.len())].chars().count();
        // tantivy ends the fragment at its last token: carry on over closing punctuation (。」).
        let tail: String = content
            .get(range.end..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .take(3)
            .collect();
        let text = format!("{}{tail}", snippet.fragment());
        (
            text,
            char_ranges(snippet.fragment(), snippet.highlighted()),
            start,
        )
    };
    Ok(Hit {
        batch: first_str(doc, f.batch).ok_or_else(|| missing("batch"))?,
        submission: first_str(doc, f.submission).ok_or_else(|| missing("submission"))?,
        document: first_str(doc, f.document).ok_or_else(|| missing("document"))?,
        page: doc
            .get_first(f.page)
            .and_then(|v| v.as_u64())
            .and_then(|p| u32::try_from(p).ok()),
        block: doc.get_first(f.block).and_then(|v| v.as_u64()).unwrap_or(0) as u32,
        score,
        snippet: display(&snippet_text),
        highlights,
        snippet_start: start,
        regime: first_str(doc, f.regime),
        org_name: first_str(doc, f.org_name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_wraps_highlights() {
        let hit = Hit {
            batch: String::new(),
            submission: String::new(),
            document: String::new(),
            page: None,
            block: 0,
            score: 0.0,
            snippet: "安装简单，维护方便".into(),
            highlights: vec![(2, 4), (7, 9)],
            snippet_start: 0,
            regime: None,
            org_name: None,
        };
        assert_eq!(hit.marked("【", "】"), "安装【简单】，维护【方便】");
    }
}
