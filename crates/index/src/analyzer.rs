//! The Chinese analyzers, built the way tantivy composes them: a tokenizer, then filters.
//!
//! * [`ZhTokenizer`] folds the text ([`Folding`]) *before* segmentation, segments it with jieba
//!   (HMM on), and gives every token the position of the *word* it belongs to — a token index,
//!   never a character index (the bug of tantivy-jieba's PR #15, which broke phrase queries with
//!   slop). In search mode (index side) each word longer than two characters is followed by its
//!   2- and 3-character sub-words that jieba's dictionary knows, at the *same* position, the way
//!   Lucene's decompounders stack sub-words (`产业技术基础公共服务平台` is found by `平台` and
//!   `公共服务`). In query mode only the words are emitted, so a query phrase matches the words of
//!   the text in order.
//! * [`BigramTokenizer`] emits every pair of adjacent CJK characters (one token per position), so a
//!   query of two or more characters is found as a phrase of bigrams wherever jieba cut the text
//!   (`简单` inside `安装简单`).
//!
//! In both, runs of letters and digits stay whole (`iso9001`, `12.5`, `2023`), offsets point into
//! the original text, and [`LowerCaser`] and [`RemoveLongFilter`] follow. Jieba's dictionary loads
//! once per process ([`intake_zh::jieba`], shared with intake-facts).

use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use std::sync::Arc;

use crate::ahead::{Ahead, TokenCache};
use crate::fold::{Folded, Folding};
use intake_zh::width::is_cjk;

/// Name under which the word analyzer is registered (index: search mode; query: word mode).
pub const ZH_TOKENIZER: &str = "intake_zh";
/// Name under which the character-bigram analyzer is registered.
pub const BIGRAM_TOKENIZER: &str = "intake_bigram";
/// Tokens longer than this many bytes (hashes, base64 runs) are dropped.
const MAX_TOKEN_BYTES: usize = 64;

/// Jieba segmentation with word positions; see the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ZhTokenizer {
    /// Foldings applied before segmentation.
    pub folding: Folding,
    /// True on the index side: also emit dictionary sub-words of long words at the same position.
    pub search_mode: bool,
}

/// Character bigrams over CJK runs, whole tokens for letter/digit runs; see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct BigramTokenizer {
    /// Foldings applied before splitting.
    pub folding: Folding,
}

/// The token stream of both tokenizers: tokens computed up front (a page at a time).
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn stream(tokens: Vec<Token>) -> VecTokenStream {
    VecTokenStream { tokens, next: 0 }
}

fn token(folded: &Folded, from: usize, to: usize, position: usize) -> Token {
    let (offset_from, offset_to) = folded.orig_range(from, to);
    Token {
        offset_from,
        offset_to,
        position,
        text: folded.text[from..to].to_string(),
        position_length: 1,
    }
}

/// Separators inside an alphanumeric token that search mode splits on (`WES-5.4.5` → `wes`).
fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '/' | '+' | '&' | '#')
}

impl Tokenizer for ZhTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let folded = Folded::new(text, self.folding);
        let mut out = Vec::new();
        let mut position = 0usize;
        for word in intake_zh::jieba().cut(&folded.text, true) {
            // Jieba returns punctuation and spaces as words of their own: not searchable.
            if !word.word.chars().any(char::is_alphanumeric) {
                continue;
            }
            out.push(token(&folded, word.byte_start, word.byte_end, position));
            if self.search_mode {
                let first_sub = out.len();
                let bounds: Vec<usize> = word
                    .word
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(word.word.len()))
                    .collect();
                let n = bounds.len() - 1;
                if n > 2 && word.word.chars().any(is_cjk) {
                    for len in [2, 3] {
                        for i in 0..n.saturating_sub(len - 1) {
                            if len == n {
                                continue;
                            }
                            let (s, e) = (bounds[i], bounds[i + len]);
                            let gram = &word.word[s..e];
                            let seen = out[first_sub..].iter().any(|t| t.text == gram);
                            if !seen && intake_zh::jieba().has_word(gram) {
                                let at = word.byte_start;
                                out.push(token(&folded, at + s, at + e, position));
                            }
                        }
                    }
                } else if word.word.chars().any(is_connector) {
                    let mut offset = 0;
                    for part in word.word.split(is_connector) {
                        let seen = out[first_sub..].iter().any(|t| t.text == part);
                        if part.len() >= 2 && part.chars().any(char::is_alphabetic) && !seen {
                            let at = word.byte_start + offset;
                            out.push(token(&folded, at, at + part.len(), position));
                        }
                        offset += part.len() + 1;
                    }
                }
            }
            position += 1;
        }
        stream(out)
    }
}

/// Whether `c` belongs to a letter/digit run (not CJK).
fn is_alnum(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let folded = Folded::new(text, self.folding);
        let chars: Vec<(usize, char)> = folded.text.char_indices().collect();
        let end_of = |k: usize| chars.get(k).map_or(folded.text.len(), |c| c.0);
        let mut out = Vec::new();
        let mut position = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if is_cjk(c) {
                let mut j = i;
                while j < chars.len() && is_cjk(chars[j].1) {
                    j += 1;
                }
                if j - i == 1 {
                    out.push(token(&folded, chars[i].0, end_of(i + 1), position));
                    position += 1;
                } else {
                    for (k, &(start, _)) in chars.iter().enumerate().take(j - 1).skip(i) {
                        out.push(token(&folded, start, end_of(k + 2), position));
                        position += 1;
                    }
                }
                i = j;
            } else if is_alnum(c) {
                let mut j = i + 1;
                while j < chars.len() {
                    let d = chars[j].1;
                    // A decimal point between digits keeps a number whole (12.5).
                    let point = d == '.'
                        && chars[j - 1].1.is_ascii_digit()
                        && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit());
                    if is_alnum(d) || point {
                        j += 1;
                    } else {
                        break;
                    }
                }
                out.push(token(&folded, chars[i].0, end_of(j), position));
                position += 1;
                i = j;
            } else {
                i += 1;
            }
        }
        stream(out)
    }
}

/// `tokenizer` → lowercase → drop long tokens: every analyzer of the index.
fn filtered<T: Tokenizer>(tokenizer: T) -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer)
        .filter(LowerCaser)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

/// The index-side word analyzer: [`ZhTokenizer`] in search mode → lowercase → drop long tokens.
pub fn zh_index_analyzer() -> TextAnalyzer {
    filtered(ZhTokenizer {
        folding: Folding::default(),
        search_mode: true,
    })
}

/// The query-side word analyzer: [`ZhTokenizer`] in word mode → lowercase → drop long tokens.
pub fn zh_query_analyzer() -> TextAnalyzer {
    filtered(ZhTokenizer {
        folding: Folding::default(),
        search_mode: false,
    })
}

/// The bigram analyzer (same on both sides): [`BigramTokenizer`] → lowercase → drop long tokens.
pub fn bigram_analyzer() -> TextAnalyzer {
    filtered(BigramTokenizer::default())
}

/// Registers the index-side analyzers under [`ZH_TOKENIZER`] and [`BIGRAM_TOKENIZER`].
pub fn register_index_analyzers(manager: &TokenizerManager) {
    manager.register(ZH_TOKENIZER, zh_index_analyzer());
    manager.register(BIGRAM_TOKENIZER, bigram_analyzer());
}

/// As [`register_index_analyzers`], the tokenizers first taking tokens made ahead from
/// `caches` (`content`'s, then `content_bigram`'s; see [`crate::PreparedDoc`]).
pub(crate) fn register_ahead(manager: &TokenizerManager, [content, bigram]: [Arc<TokenCache>; 2]) {
    let zh = Ahead {
        inner: zh_index_analyzer(),
        cache: content,
    };
    let bigrams = Ahead {
        inner: bigram_analyzer(),
        cache: bigram,
    };
    manager.register(ZH_TOKENIZER, TextAnalyzer::from(zh));
    manager.register(BIGRAM_TOKENIZER, TextAnalyzer::from(bigrams));
}

/// A tokenizer manager for the query parser: word mode under [`ZH_TOKENIZER`].
pub(crate) fn query_tokenizers() -> TokenizerManager {
    let manager = TokenizerManager::default();
    manager.register(ZH_TOKENIZER, zh_query_analyzer());
    manager.register(BIGRAM_TOKENIZER, bigram_analyzer());
    manager
}

/// One token as the index stores it, with offsets into the text that was analyzed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// The term (folded, lowercased).
    pub text: String,
    /// Character offset (not byte) of the token's first original character.
    pub start: usize,
    /// Character offset just past the token's last original character.
    pub end: usize,
    /// Token position: index of the word (sub-words share their word's position).
    pub position: usize,
}

fn collect(mut analyzer: TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    // Byte → char offsets, computed once for the whole text.
    let mut char_at = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for slot in &mut char_at[b..b + c.len_utf8()] {
            *slot = n;
        }
        n += 1;
    }
    char_at[text.len()] = n;
    let mut out = Vec::new();
    analyzer.token_stream(text).process(&mut |t| {
        out.push(AnalyzedToken {
            text: t.text.clone(),
            start: char_at[t.offset_from.min(text.len())],
            end: char_at[t.offset_to.min(text.len())],
            position: t.position,
        });
    });
    out
}

/// The tokens the `content` field indexes for `text` (search mode, with sub-words).
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    collect(zh_index_analyzer(), text)
}

/// The tokens a query string becomes on the `content` field (word mode).
pub fn analyze_query(text: &str) -> Vec<AnalyzedToken> {
    collect(zh_query_analyzer(), text)
}

/// The tokens the `content_bigram` field indexes for `text`.
pub fn analyze_bigrams(text: &str) -> Vec<AnalyzedToken> {
    collect(bigram_analyzer(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[AnalyzedToken]) -> Vec<(&str, usize)> {
        tokens
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect()
    }

    #[test]
    fn sub_words_share_their_word_position() {
        let tokens = analyze("建设产业技术基础公共服务平台");
        let platform = tokens
            .iter()
            .find(|t| t.text == "平台")
            .expect("平台 indexed");
        let service = tokens
            .iter()
            .find(|t| t.text == "公共服务")
            .expect("公共服务 indexed");
        assert_eq!((platform.start, platform.end), (12, 14));
        // Positions count words, so they stay far below character offsets.
        let max = tokens.iter().map(|t| t.position).max().unwrap();
        assert!(max < 8, "{:?}", texts(&tokens));
        assert!(service.position <= platform.position);
    }

    #[test]
    fn odd_text_never_panics_and_offsets_stay_inside() {
        let pool: Vec<char> =
            "平台體系ＩＳＯ９０ 　\n\t\r,.-_#&%12aZé😀\u{301}\u{0}\u{FEFF}〇々かカ한，。"
                .chars()
                .collect();
        let mut seed = 42u64;
        for round in 0..2000 {
            let len = round % 40;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    pool[(seed >> 33) as usize % pool.len()]
                })
                .collect();
            let n = text.chars().count();
            for tokens in [analyze(&text), analyze_query(&text), analyze_bigrams(&text)] {
                for t in tokens {
                    assert!(t.start < t.end && t.end <= n, "{text:?} {t:?}");
                    assert!(!t.text.is_empty());
                }
            }
        }
    }

    #[test]
    fn bigrams_and_whole_numbers() {
        let t = analyze_bigrams("安装简单，ＩＳＯ９００１与12.5万元");
        let v: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(v, ["安装", "装简", "简单", "iso9001", "与", "12.5", "万元"]);
        let iso = &t[3];
        assert_eq!((iso.start, iso.end, iso.position), (5, 12, 3));
    }
}
