//! Folding applied to text *before* segmentation, with a map back to the original characters.
//!
//! Full-width letters and digits (`ＩＳＯ９００１`) become half-width, traditional characters
//! become simplified, whitespace between two CJK characters is dropped (PDF line breaks fall
//! inside words), and thousands separators leave numbers (`1,250` → `1250`). Folding happens
//! before jieba sees the text, so `體系認證` is segmented as
//! `体系认证` would be; every folded character remembers the byte range of the original
//! character(s) it came from, so token offsets — and so snippet highlights — land on the original
//! text, never on the folded copy.

use intake_zh::width::{fold_width, is_cjk};

/// Which foldings to apply before segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folding {
    /// Full-width ASCII variants (U+FF01–U+FF5E) → ASCII, ideographic space U+3000 → space.
    pub width: bool,
    /// Traditional → simplified, character by character (fast2s tables, one char for one char).
    pub t2s: bool,
}

impl Default for Folding {
    /// Both foldings on: what the index uses.
    fn default() -> Self {
        Folding {
            width: true,
            t2s: true,
        }
    }
}

/// Text after folding, and for each of its characters the original byte range.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    /// The folded text handed to the segmenter.
    pub text: String,
    /// For each char of `text`, in order: (byte offset in `text`, original start, original end).
    map: Vec<(usize, usize, usize)>,
}

/// Whitespace that may be dropped between CJK characters. A tab is kept: it separates table cells.
fn is_soft_space(c: char) -> bool {
    c != '\t' && c.is_whitespace()
}

impl Folded {
    /// Folds `orig` as `folding` says.
    pub fn new(orig: &str, folding: Folding) -> Folded {
        let mut chars: Vec<(char, usize, usize)> = Vec::with_capacity(orig.len() / 2);
        for (i, c) in orig.char_indices() {
            let f = if folding.width { fold_width(c) } else { c };
            chars.push((f, i, i + c.len_utf8()));
        }
        // Thousands separators go, so 1,250 is the number 1250 (an ASCII comma after a digit and
        // before exactly three digits; the full-width ，of prose lists stays).
        let digit = |k: usize| {
            chars
                .get(k)
                .is_some_and(|c: &(char, usize, usize)| c.0.is_ascii_digit())
        };
        let separator: Vec<bool> = (0..chars.len())
            .map(|i| {
                &orig[chars[i].1..chars[i].2] == ","
                    && i > 0
                    && digit(i - 1)
                    && (1..=3).all(|k| digit(i + k))
                    && !digit(i + 4)
            })
            .collect();
        let chars: Vec<(char, usize, usize)> = chars
            .into_iter()
            .zip(separator)
            .filter(|(_, sep)| !sep)
            .map(|(c, _)| c)
            .collect();
        // Drop whitespace runs between two CJK characters: PDF text wraps lines mid-word.
        let mut kept: Vec<(char, usize, usize)> = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            if is_soft_space(chars[i].0) {
                let mut j = i;
                while j < chars.len() && is_soft_space(chars[j].0) {
                    j += 1;
                }
                let before = kept.last().is_some_and(|k| is_cjk(k.0));
                let after = chars.get(j).is_some_and(|k| is_cjk(k.0));
                if !(before && after) {
                    kept.extend_from_slice(&chars[i..j]);
                }
                i = j;
            } else {
                kept.push(chars[i]);
                i += 1;
            }
        }
        if folding.t2s {
            let s: String = kept.iter().map(|k| k.0).collect();
            let converted = fast2s::convert(&s);
            // fast2s maps one char to one char; check rather than trust, so offsets stay true.
            if converted.chars().count() == kept.len() {
                for (k, c) in kept.iter_mut().zip(converted.chars()) {
                    k.0 = c;
                }
            }
        }
        let mut text = String::with_capacity(orig.len());
        let mut map = Vec::with_capacity(kept.len());
        for (c, s, e) in kept {
            map.push((text.len(), s, e));
            text.push(c);
        }
        Folded { text, map }
    }

    /// The original byte range covered by the folded byte range `[from, to)` (char boundaries).
    pub fn orig_range(&self, from: usize, to: usize) -> (usize, usize) {
        let first = self.map.partition_point(|m| m.0 < from);
        let last = self.map.partition_point(|m| m.0 < to);
        match (
            self.map.get(first),
            last.checked_sub(1).and_then(|l| self.map.get(l)),
        ) {
            (Some(a), Some(b)) if last > first => (a.1, b.2),
            (Some(a), _) => (a.1, a.1),
            _ => {
                let end = self.map.last().map_or(0, |m| m.2);
                (end, end)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_folding_maps_back_to_full_width_bytes() {
        let orig = "通过ＩＳＯ９００１认证";
        let f = Folded::new(orig, Folding::default());
        assert_eq!(f.text, "通过ISO9001认证");
        let from = f.text.find("ISO9001").unwrap();
        let (s, e) = f.orig_range(from, from + 7);
        assert_eq!(&orig[s..e], "ＩＳＯ９００１");
    }

    #[test]
    fn thousands_separators_leave_numbers() {
        let orig = "原值1,250万元，面积3,200㎡，分别为3，5项，12,34";
        let f = Folded::new(orig, Folding::default());
        assert_eq!(f.text, "原值1250万元,面积3200㎡,分别为3,5项,12,34");
        let from = f.text.find("1250").unwrap();
        let (s, e) = f.orig_range(from, from + 4);
        assert_eq!(&orig[s..e], "1,250");
    }

    #[test]
    fn traditional_folds_and_line_breaks_between_han_vanish() {
        let orig = "質量體系\n認證 ISO 9001";
        let f = Folded::new(orig, Folding::default());
        assert_eq!(f.text, "质量体系认证 ISO 9001");
        let from = f.text.find("系认").unwrap();
        let (s, e) = f.orig_range(from, from + "系认".len());
        assert_eq!(&orig[s..e], "系\n認");
        let plain = Folded::new(
            orig,
            Folding {
                width: true,
                t2s: false,
            },
        );
        assert_eq!(plain.text, "質量體系認證 ISO 9001");
    }
}
