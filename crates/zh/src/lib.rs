//! Chinese-text primitives the stages share: the jieba segmenter (loaded once per process),
//! width folding and character classes ([`width`]), and the check characters of Chinese
//! identifiers ([`check`]: GB 32100-2015, GB 11714-1997, GB 11643-1999).
//!
//! Both intake-facts (word boundaries, so a figure is not read out of the middle of a word) and
//! intake-index (the search tokenizer) segment Chinese with jieba. Its dictionary takes tens of
//! megabytes and a fraction of a second to load; each stage building its own would hold two
//! copies. [`jieba`] gives the one copy, built on first use by whichever thread asks first.

#![deny(missing_docs)]

pub mod check;
pub mod width;

use std::sync::LazyLock;

pub use jieba_rs::Jieba;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The process's jieba segmenter with its default dictionary (built on first call, then shared
/// by every thread).
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_segmenter_cuts_chinese_words() {
        assert!(std::ptr::eq(super::jieba(), super::jieba()));
        let words: Vec<&str> = super::jieba()
            .cut("工业互联网产业联盟实验室", false)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert!(words.contains(&"工业"), "{words:?}");
        assert!(words.len() >= 3, "{words:?}");
    }
}
