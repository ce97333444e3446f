//! Tokens made ahead of the index writer (by [`crate::PreparedDoc::of`] on the thread that
//! read the document) waiting for the writer's indexing thread, which asks for them by the
//! entry's exact text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Tokens packed to wait: their texts end to end, and per token its text's end in `texts`,
/// its offsets into the analysed text and its position (all `u32`). About 20 bytes a token,
/// where a `Token` with its own `String` takes some 90; the stream hands them out through one
/// reused `Token`, so the indexing thread allocates nothing per token either.
#[derive(Debug, Default)]
pub(crate) struct Packed {
    texts: String,
    spans: Vec<[u32; 4]>,
}

impl Packed {
    /// The tokens `analyzer` gives for `text`, filters applied: what the indexer files. `None`
    /// when the text is too long for `u32` offsets (never, for an entry extraction bounded).
    pub(crate) fn of(analyzer: &mut TextAnalyzer, text: &str) -> Option<Packed> {
        u32::try_from(text.len()).ok()?;
        let mut packed = Packed::default();
        let mut fits = true;
        analyzer.token_stream(text).process(&mut |t| {
            packed.texts.push_str(&t.text);
            let span = [packed.texts.len(), t.offset_from, t.offset_to, t.position];
            match span.map(u32::try_from) {
                [Ok(a), Ok(b), Ok(c), Ok(d)] => packed.spans.push([a, b, c, d]),
                _ => fits = false,
            }
        });
        fits.then_some(packed)
    }

    /// How many tokens are packed.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
}

/// The tokens of a [`Packed`], one at a time in one reused [`Token`].
pub(crate) struct PackedStream {
    packed: Packed,
    next: usize,
    start: usize,
    token: Token,
}

impl PackedStream {
    fn new(packed: Packed) -> PackedStream {
        PackedStream {
            packed,
            next: 0,
            start: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for PackedStream {
    fn advance(&mut self) -> bool {
        let Some(&[end, from, to, position]) = self.packed.spans.get(self.next) else {
            return false;
        };
        let end = end as usize;
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.packed.texts[self.start..end]);
        self.token.offset_from = from as usize;
        self.token.offset_to = to as usize;
        self.token.position = position as usize;
        self.token.position_length = 1;
        self.start = end;
        self.next += 1;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Token lists waiting by text, for one field of one index writer. A list is put by
/// `BatchWriter::add` and taken by the indexing thread when it analyzes that text; a text put
/// twice (the same page in two documents) waits twice. Bounded by the entries waiting to be
/// indexed (`MAX_PENDING` and a pipeline chunk).
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    waiting: Mutex<HashMap<String, Vec<Packed>>>,
    /// Told when the last list waiting is taken.
    emptied: Condvar,
    /// Lists taken so far (to tell an indexing thread at work from one that stopped taking).
    takes: AtomicU64,
}

impl TokenCache {
    /// Leaves `tokens` — those the field's tokenizer gives for `text` — for the indexing thread.
    pub(crate) fn put(&self, text: &str, tokens: Packed) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        waiting.entry(text.to_string()).or_default().push(tokens);
    }

    /// Token lists left and not yet taken.
    #[cfg(test)]
    pub(crate) fn waiting(&self) -> usize {
        let waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        waiting.values().map(Vec::len).sum()
    }

    /// The tokens left for `text`, if any.
    fn take(&self, text: &str) -> Option<Packed> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        let lists = waiting.get_mut(text)?;
        let tokens = lists.pop();
        if lists.is_empty() {
            waiting.remove(text);
            if waiting.is_empty() {
                self.emptied.notify_all();
            }
        }
        self.takes.fetch_add(1, Ordering::Relaxed);
        tokens
    }

    /// Waits until every list left has been taken: `true` then. `false` when none was taken
    /// for `stall` while some wait (the indexing thread is writing a segment out, or a left
    /// text was never asked for); the caller then watches the thread some other way.
    pub(crate) fn wait_taken(&self, stall: Duration) -> bool {
        let mut waiting = self.waiting.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if waiting.is_empty() {
                return true;
            }
            let before = self.takes.load(Ordering::Relaxed);
            let (w, timeout) = self
                .emptied
                .wait_timeout(waiting, stall)
                .unwrap_or_else(|p| p.into_inner());
            waiting = w;
            if timeout.timed_out() && self.takes.load(Ordering::Relaxed) == before {
                return waiting.is_empty();
            }
        }
    }
}

/// An analyzer that first takes the tokens left in its [`TokenCache`] for the text it is given
/// and runs `inner` (tokenizer and filters) only when there are none. Since the cached tokens
/// are `inner`'s own for that exact text, the result is the same either way; only the thread
/// doing the work differs.
#[derive(Clone)]
pub(crate) struct Ahead {
    pub(crate) inner: TextAnalyzer,
    pub(crate) cache: Arc<TokenCache>,
}

impl Tokenizer for Ahead {
    type TokenStream<'a> = AheadStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> AheadStream<'a> {
        match self.cache.take(text) {
            Some(packed) => AheadStream::Left(PackedStream::new(packed)),
            None => AheadStream::Made(self.inner.token_stream(text)),
        }
    }
}

/// The tokens of [`Ahead`]: those left for the text, or those `inner` makes now.
pub(crate) enum AheadStream<'a> {
    Left(PackedStream),
    Made(BoxTokenStream<'a>),
}

impl TokenStream for AheadStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            AheadStream::Left(s) => s.advance(),
            AheadStream::Made(s) => s.advance(),
        }
    }
    fn token(&self) -> &Token {
        match self {
            AheadStream::Left(s) => s.token(),
            AheadStream::Made(s) => s.token(),
        }
    }
    fn token_mut(&mut self) -> &mut Token {
        match self {
            AheadStream::Left(s) => s.token_mut(),
            AheadStream::Made(s) => s.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::{bigram_analyzer, zh_index_analyzer};

    fn all(mut s: impl TokenStream) -> Vec<Token> {
        let mut out = Vec::new();
        s.process(&mut |t| out.push(t.clone()));
        out
    }

    fn texts(s: impl TokenStream) -> Vec<String> {
        all(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn packed_tokens_come_back_as_the_analyzer_gave_them() {
        let text = "华东检测技术有限公司通过ISO9001认证，设备原值１２５０万元。";
        for mut analyzer in [zh_index_analyzer(), bigram_analyzer()] {
            let want = all(analyzer.token_stream(text));
            let packed = Packed::of(&mut analyzer, text).expect("fits");
            assert!(want.len() > 10);
            assert_eq!(packed.len(), want.len());
            assert_eq!(all(PackedStream::new(packed)), want);
        }
    }

    #[test]
    fn left_tokens_are_taken_once_then_the_tokenizer_runs() {
        let cache = Arc::new(TokenCache::default());
        let mut t = Ahead {
            inner: bigram_analyzer(),
            cache: cache.clone(),
        };
        // A marker no tokenizer would make for this text.
        let marked = || Packed {
            texts: "左".into(),
            spans: vec![[3, 0, 3, 0]],
        };
        cache.put("检测认证", marked());
        // The left list is what comes out…
        assert_eq!(texts(t.token_stream("检测认证")), ["左"]);
        // …once: then the text is tokenised, and another text never takes it.
        assert_eq!(texts(t.token_stream("检测认证")), ["检测", "测认", "认证"]);
        cache.put("检测", marked());
        assert_eq!(texts(t.token_stream("检测认证")), ["检测", "测认", "认证"]);
        assert!(cache.take("检测").is_some());
    }

    #[test]
    fn waiting_for_the_taker_ends_when_the_last_list_is_taken_or_taking_stops() {
        let cache = Arc::new(TokenCache::default());
        let texts = ["一", "二", "三", "四"];
        for t in texts {
            cache.put(t, Packed::default());
        }
        let taker = {
            let cache = cache.clone();
            std::thread::spawn(move || {
                for t in texts {
                    std::thread::sleep(Duration::from_millis(2));
                    assert!(cache.take(t).is_some());
                }
            })
        };
        // Each take comes well within the stall: the wait lasts until the last one.
        assert!(cache.wait_taken(Duration::from_secs(2)));
        assert_eq!(cache.waiting(), 0);
        taker.join().unwrap();
        // A list nobody asks for: the wait gives up after the stall instead of hanging.
        cache.put("五", Packed::default());
        let t = std::time::Instant::now();
        assert!(!cache.wait_taken(Duration::from_millis(20)));
        assert!(t.elapsed() >= Duration::from_millis(20));
        assert_eq!(cache.waiting(), 1);
    }
}
