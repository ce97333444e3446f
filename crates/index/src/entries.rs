//! A document cut into index entries (a PDF page each; groups of blocks for page-less text),
//! and those entries tokenised ahead of the index writer ([`PreparedDoc`]).
//!
//! Tokenising — jieba's segmentation and the character bigrams — is about two thirds of the
//! CPU of writing an index (`examples/bench.rs` on 4,000 pages: 1.40 s to index them plain,
//! 0.46 s when they come tokenised). tantivy runs it on its indexing thread, one job however
//! many workers read documents, so at `--jobs 2` the index writer bounded the whole batch
//! (2,000 scale submissions: 67 of 113 CPU seconds in the index threads). A [`PreparedDoc`] is
//! made on the worker that read the document, filters applied; the index writer's analyzers
//! take its tokens by the entry's exact text ([`crate::ahead`]) and only the postings, store
//! and segments are left to the indexing thread. The tokens are a function of the
//! text alone, so the index is the same either way. (tantivy's own pre-tokenized values were
//! measured and lost: a `TantivyDocument` serialises their tokens and the indexer copies them
//! back twice, which cost more than the tokenising saved.)

use std::sync::Mutex;

use intake_model::Document;

use crate::ahead::Packed;
use crate::analyzer::{bigram_analyzer, zh_index_analyzer};

/// A page-less document is cut into entries of consecutive blocks holding at least this many
/// characters (the last entry may hold fewer), so a hit points at a few paragraphs, not a file.
pub const CHUNK_CHARS: usize = 400;
/// …and at most this many blocks (a long table splits into entries of this many rows).
pub const CHUNK_BLOCKS: usize = 24;

/// One entry's place and text.
pub(crate) struct Entry {
    pub(crate) page: Option<u32>,
    pub(crate) block: usize,
    pub(crate) text: String,
}

/// Cuts a document into entries: one per PDF page; groups of blocks for page-less pages.
pub(crate) fn entries(doc: &Document) -> Vec<Entry> {
    let mut out = Vec::new();
    for page in &doc.pages {
        if page.number.is_some() {
            out.push(Entry {
                page: page.number,
                block: 0,
                text: page.text(),
            });
            continue;
        }
        let mut start = 0;
        let mut text = String::new();
        for (i, block) in page.blocks.iter().enumerate() {
            if i > start {
                text.push('\n');
            }
            text.push_str(&block.text);
            if text.chars().count() >= CHUNK_CHARS || i + 1 - start >= CHUNK_BLOCKS {
                out.push(Entry {
                    page: None,
                    block: start,
                    text: std::mem::take(&mut text),
                });
                start = i + 1;
            }
        }
        if start < page.blocks.len() {
            out.push(Entry {
                page: None,
                block: start,
                text,
            });
        }
    }
    out
}

/// A document's index entries with the tokens of both text fields, made before the index
/// writer sees them; give it as [`IndexDoc::prepared`](crate::IndexDoc::prepared).
/// Memory: about 20 bytes per token (a token per character or two of CJK text, for each of
/// the two fields), so a prepared document is some 10–15 times its text; make one per
/// document in flight, not per batch.
#[derive(Debug, Default)]
pub struct PreparedDoc {
    pub(crate) entries: Vec<PreparedEntry>,
}

/// One entry of a [`PreparedDoc`]: its place, its text, and the tokens of that text for
/// `content` (jieba, search mode) and `content_bigram`, the analyzers' filters applied. The
/// first index the entry is added to takes the tokens; another one (an archive index beside
/// OUT's) tokenises the text itself.
#[derive(Debug)]
pub(crate) struct PreparedEntry {
    pub(crate) page: Option<u32>,
    pub(crate) block: usize,
    pub(crate) text: String,
    pub(crate) tokens: Mutex<Option<Tokens>>,
}

/// Tokens of one text for `content` and `content_bigram`, in that order.
pub(crate) type Tokens = [Packed; 2];

impl PreparedDoc {
    /// Cuts `doc` into its entries and tokenises each with the index-side tokenizers (what the
    /// index writer's thread would do with the plain text). Time and memory are linear in the
    /// document's text.
    pub fn of(doc: &Document) -> PreparedDoc {
        let mut content = zh_index_analyzer();
        let mut bigram = bigram_analyzer();
        let entries = entries(doc)
            .into_iter()
            .map(|e| {
                let tokens = if e.text.trim().is_empty() {
                    None
                } else {
                    Packed::of(&mut content, &e.text).zip(Packed::of(&mut bigram, &e.text))
                };
                PreparedEntry {
                    page: e.page,
                    block: e.block,
                    text: e.text,
                    tokens: Mutex::new(tokens.map(|(c, b)| [c, b])),
                }
            })
            .collect();
        PreparedDoc { entries }
    }
}

#[cfg(test)]
mod tests {
    use intake_model::{Block, Page};

    use super::*;

    #[test]
    fn page_less_documents_split_into_block_groups() {
        let long = "甲".repeat(CHUNK_CHARS);
        let page = Page {
            number: None,
            blocks: vec![
                Block::paragraph("一"),
                Block::paragraph(long.clone()),
                Block::paragraph("二"),
                Block::paragraph("三"),
            ],
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        };
        let doc = Document {
            pages: vec![page],
            ..Default::default()
        };
        let e = entries(&doc);
        let got: Vec<(usize, String)> = e.into_iter().map(|e| (e.block, e.text)).collect();
        assert_eq!(got, [(0, format!("一\n{long}")), (2, "二\n三".to_string())]);
    }

    #[test]
    fn the_first_index_takes_the_tokens_and_its_threads_use_them_all() {
        let doc = Document {
            pages: vec![Page {
                number: Some(1),
                blocks: vec![
                    Block::paragraph("本单位提供检测认证服务。"),
                    Block::paragraph(" "),
                ],
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            }],
            ..Default::default()
        };
        let prepared = PreparedDoc::of(&doc);
        let record = intake_model::SubmissionRecord {
            submission: "S1".into(),
            regime: None,
            level: None,
            variant: None,
            org_name: None,
            credit_code: None,
            verdict: intake_model::Verdict::Review,
            decided_by: Vec::new(),
            documents: Vec::new(),
            notes: Vec::new(),
        };
        let d = crate::IndexDoc {
            submission: "S1",
            document: "a.pdf",
            doc: &doc,
            record: &record,
            facts: &[],
            finding_kinds: &[],
            prepared: Some(&prepared),
        };
        let tmp = tempfile::tempdir().unwrap();
        let mut first = crate::BatchWriter::open(&tmp.path().join("a"), "b").unwrap();
        let mut second = crate::BatchWriter::open(&tmp.path().join("b"), "b").unwrap();
        first.add(&[d]).unwrap();
        assert!(
            prepared.entries[0].tokens.lock().unwrap().is_none(),
            "taken"
        );
        assert_eq!(first.waiting(), 2, "one token list per field waits");
        second.add(&[d]).unwrap();
        assert_eq!(second.waiting(), 0, "the second index tokenises itself");
        first.flush().unwrap();
        assert_eq!(first.waiting(), 0, "the indexing thread took them");
    }
}
