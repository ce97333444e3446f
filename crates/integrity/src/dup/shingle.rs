//! Normalised text, k-gram shingles, winnowing fingerprints and MinHash signatures.
//!
//! Winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003): hash every k-gram, and in every window
//! of `W` consecutive hashes keep the minimum (the rightmost on ties). Any run of
//! `W + K − 1` characters shared by two texts contains a whole window, whose minimum both texts
//! keep, so the run yields a common fingerprint: the guarantee threshold `t = W + K − 1 = 13`.

/// Characters per k-gram shingle.
pub const K: usize = 5;
/// Window of consecutive k-gram hashes winnowing picks one from.
pub const W: usize = 9;
/// Shared runs of this many normalised characters are guaranteed to be found (`W + K − 1`).
pub const GUARANTEE: usize = W + K - 1;
/// Hash functions in a MinHash signature.
pub const MINHASH_LEN: usize = 64;

/// Text reduced to what copying preserves: letters, digits and ideographs, full-width ASCII
/// folded to ASCII, ASCII lower-cased; spaces, punctuation and line breaks dropped (they change
/// with layout, not with authorship). `origin[i]` is where `chars[i]` stands in the original:
/// (page index, byte offset in that page's text). `breaks` holds the positions where a new
/// block (paragraph, line, table cell, page, or a form value after its label's colon) begins: a
/// copied passage must run 13 characters within one block, so a heading followed by a form
/// label, or a label followed by a prescribed name, does not make a "passage".
#[derive(Debug, Default)]
pub(crate) struct Normalised {
    pub chars: Vec<char>,
    pub origin: Vec<(u32, u32)>,
    pub breaks: Vec<u32>,
}

/// Folds one character, or drops it (`None`).
pub(crate) fn fold(c: char) -> Option<char> {
    let c = match c as u32 {
        // CJK Unified Ideographs, most of a Chinese text: all alphabetic, none with a case.
        // Answered here because `is_alphanumeric` searches the Unicode tables for every
        // non-ASCII character.
        0x4E00..=0x9FFF => return Some(c),
        _ => intake_zh::width::fold_width(c),
    };
    c.is_alphanumeric().then(|| c.to_ascii_lowercase())
}

/// Normalises a document given as its pages' texts.
pub(crate) fn normalise<'a>(pages: impl IntoIterator<Item = &'a str>) -> Normalised {
    let mut n = Normalised::default();
    for (p, text) in pages.into_iter().enumerate() {
        let mut brk = true;
        for (b, c) in text.char_indices() {
            // Line and cell breaks, pages, and the colon between a form label and its value.
            if matches!(c, '\n' | '\r' | '\t' | '\x0c' | '：' | ':') {
                brk = true;
            } else if let Some(f) = fold(c) {
                if brk && !n.chars.is_empty() {
                    n.breaks.push(n.chars.len() as u32);
                }
                brk = false;
                n.chars.push(f);
                n.origin.push((p as u32, b as u32));
            }
        }
    }
    n
}

/// SplitMix64's finaliser: a fixed, well-mixed 64-bit hash step (deterministic across runs).
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of one k-gram.
fn kgram_hash(g: &[char]) -> u64 {
    mix(g
        .iter()
        .fold(0x9e37_79b9_7f4a_7c15u64, |h, c| mix(h ^ *c as u64)))
}

/// Calls `keep(hash, position)` for each winnowing fingerprint of normalised text, positions
/// ascending. The k-gram hashes are computed as the window slides, never stored: besides the
/// caller's output, memory is one window (the monotone deque holds at most `W` entries), so
/// fingerprinting a text of `n` characters allocates no more than its fingerprints (about
/// `n / 5` of them), not `8 n` bytes of hashes first.
fn winnow_with(chars: &[char], mut keep: impl FnMut(u64, u32)) {
    if chars.len() < K {
        return;
    }
    let hashes = chars.windows(K).map(kgram_hash);
    let n = chars.len() - K + 1;
    let w = W.min(n);
    // Monotone deque of candidates (position, hash): hashes increasing from front to back, so
    // the front is the window's minimum (the rightmost one on ties, as equal hashes are popped).
    let mut dq: std::collections::VecDeque<(usize, u64)> =
        std::collections::VecDeque::with_capacity(W + 1);
    let mut last: Option<usize> = None;
    for (i, h) in hashes.enumerate() {
        while dq.back().is_some_and(|&(_, b)| b >= h) {
            dq.pop_back();
        }
        dq.push_back((i, h));
        if i + 1 < w {
            continue;
        }
        while dq.front().is_some_and(|&(j, _)| j + w <= i) {
            dq.pop_front();
        }
        if let Some(&(m, hm)) = dq.front()
            && last != Some(m)
        {
            keep(hm, m as u32);
            last = Some(m);
        }
    }
}

/// Winnowing fingerprints `(hash, position)` of normalised text, positions ascending.
pub(crate) fn winnow(chars: &[char]) -> Vec<(u64, u32)> {
    let mut out = Vec::new();
    winnow_with(chars, |h, p| out.push((h, p)));
    out
}

/// Characters of context a spilled fingerprint keeps on each side of its k-gram: with them, two
/// postings of one hash tell whether their texts can share a run of [`GUARANTEE`] characters
/// there (`K + CONTEXT = GUARANTEE`), before either text is loaded.
pub(crate) const CONTEXT: usize = GUARANTEE - K;

/// Winnowing fingerprints `(hash, position, context)`: [`winnow`] with each k-gram's
/// [`context`].
pub(crate) fn fingerprints(chars: &[char]) -> Vec<(u64, u32, u128)> {
    let mut out = Vec::new();
    winnow_with(chars, |h, p| out.push((h, p, context(chars, p as usize))));
    out
}

/// The context of the k-gram at `pos`: one-byte hashes of the [`CONTEXT`] characters before it
/// (nearest first) in the low 64 bits, of the [`CONTEXT`] characters after it in the high 64
/// bits, 0 beyond the text's ends. Equal characters give equal bytes, so unequal bytes prove
/// unequal characters.
pub(crate) fn context(chars: &[char], pos: usize) -> u128 {
    let byte = |i: Option<usize>| -> u128 {
        i.and_then(|i| chars.get(i)).map_or(0, |&c| {
            u128::from((c as u32).wrapping_mul(0x9e37_79b1) >> 24)
        })
    };
    (0..CONTEXT).fold(0u128, |acc, i| {
        acc | byte(pos.checked_sub(i + 1)) << (8 * i) | byte(Some(pos + K + i)) << (64 + 8 * i)
    })
}

/// Whether the texts around two postings of one k-gram can share [`GUARANTEE`] characters
/// through it: the context bytes agreeing outward from the k-gram on both sides add up to
/// [`CONTEXT`]. `false` is certain; `true` may be a one-in-256-per-character coincidence, which
/// the alignment on the real text then rejects.
pub(crate) fn may_share_run(a: u128, b: u128) -> bool {
    let x = a ^ b;
    let left = (x as u64).trailing_zeros() / 8;
    let right = ((x >> 64) as u64).trailing_zeros() / 8;
    (left + right) as usize >= CONTEXT
}

/// MinHash signature over a set of fingerprint hashes: for each of [`MINHASH_LEN`] seeded hash
/// functions, the minimum. Two signatures agree in a share of places that estimates the
/// Jaccard resemblance of the two sets (Broder 1997).
pub(crate) fn minhash(hashes: impl Iterator<Item = u64> + Clone) -> Vec<u64> {
    (0..MINHASH_LEN as u64)
        .map(|i| {
            let seed = mix(i.wrapping_add(0x5851_f42d_4c95_7f2d));
            hashes
                .clone()
                .map(|h| mix(h ^ seed))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// Estimated Jaccard resemblance of two MinHash signatures, 0–1.
pub(crate) fn resemblance(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter()
        .zip(b)
        .filter(|(x, y)| x == y && **x != u64::MAX)
        .count() as f64
        / n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ideograph shortcut in `fold` answers what the Unicode tables would.
    #[test]
    fn fold_shortcut_agrees_with_the_unicode_tables() {
        for c in ('\u{4E00}'..='\u{9FFF}').chain(['a', 'Ａ', '１', '。', ' ', 'é', '㐀']) {
            let slow = intake_zh::width::fold_width(c);
            let slow = slow.is_alphanumeric().then(|| slow.to_ascii_lowercase());
            assert_eq!(fold(c), slow, "{c:?}");
        }
    }

    #[test]
    fn any_shared_run_of_13_yields_a_common_fingerprint() {
        let shared: Vec<char> = "工业互联网平台服务能力建设方案"
            .chars()
            .take(GUARANTEE)
            .collect();
        for pad_a in 0..12 {
            for pad_b in 0..12 {
                let a: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑"
                    .chars()
                    .take(pad_a)
                    .chain(shared.clone())
                    .chain("天地玄黄".chars())
                    .collect();
                let b: Vec<char> = "赵钱孙李周吴郑王冯陈褚卫"
                    .chars()
                    .take(pad_b)
                    .chain(shared.clone())
                    .chain("宇宙洪荒".chars())
                    .collect();
                let fa: std::collections::HashSet<u64> =
                    winnow(&a).into_iter().map(|x| x.0).collect();
                assert!(
                    winnow(&b).iter().any(|x| fa.contains(&x.0)),
                    "pads {pad_a} {pad_b}"
                );
            }
        }
    }

    #[test]
    fn contexts_tell_a_shared_run_from_a_shared_kgram() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        // The k-gram 互联网平台 with 8 equal characters around it in all, split 3 + 5 or 8 + 0.
        let a = chars("甲乙丙丁戊己庚工业的互联网平台服务能力建设子丑");
        let b = chars("赵钱孙李周吴郑王业的互联网平台服务能力建设宇宙");
        let (pa, pb) = (10, 10);
        assert_eq!(a[pa..pa + K], b[pb..pb + K]);
        assert!(may_share_run(context(&a, pa), context(&b, pb)));
        let c = chars("赵钱孙李周吴郑王业的互联网平台服务能力建宇宙洪");
        assert!(
            !may_share_run(context(&a, pa), context(&c, pb)),
            "only 12 shared"
        );
        // Beyond the ends of both texts the bytes are 0 and agree: a run reaching the ends of
        // both (here 14 characters, the whole text) is never missed.
        let d = chars("工业的互联网平台服务能力建设");
        assert!(may_share_run(context(&d, 3), context(&d, 3)));
        let f = chars("甲业的互联网平台服务能力宇宙");
        assert!(
            !may_share_run(context(&d, 3), context(&f, 3)),
            "only 11 shared"
        );
    }

    #[test]
    fn normalises_width_case_and_punctuation() {
        let n = normalise(["ＡＢ，c d。\n中"]);
        assert_eq!(n.chars.iter().collect::<String>(), "abcd中");
        assert_eq!(n.origin[4], (0, "ＡＢ，c d。\n".len() as u32));
        assert_eq!(n.breaks, vec![4]);
    }

    /// The streaming winnow keeps exactly what winnowing over a stored array of hashes keeps.
    #[test]
    fn streaming_winnow_matches_the_stored_hashes_definition() {
        let mut seed = 7u64;
        for len in [0, 4, 5, 6, 12, 13, 14, 100, 2_000] {
            let chars: Vec<char> = (0..len)
                .map(|_| {
                    seed = mix(seed);
                    char::from_u32(0x4E00 + (seed % 40) as u32).unwrap()
                })
                .collect();
            let h: Vec<u64> = if chars.len() < K {
                Vec::new()
            } else {
                chars.windows(K).map(kgram_hash).collect()
            };
            let mut want: Vec<(u64, u32)> = Vec::new();
            let w = W.min(h.len());
            for end in w..=h.len() {
                if w == 0 {
                    break;
                }
                // The window's minimum, rightmost on ties.
                let (m, hm) = (end - w..end).fold((end - w, h[end - w]), |(bm, bh), j| {
                    if h[j] <= bh { (j, h[j]) } else { (bm, bh) }
                });
                if want.last().is_none_or(|&(_, p)| p as usize != m) {
                    want.push((hm, m as u32));
                }
            }
            assert_eq!(winnow(&chars), want, "length {len}");
        }
    }

    /// Fingerprints grow linearly with the text: about 2 / (W + 1) per character, whatever its
    /// length (the deque never holds more than a window).
    #[test]
    fn fingerprint_count_is_linear_in_the_text() {
        let text = |n: usize| -> Vec<char> {
            let mut seed = 11u64;
            (0..n)
                .map(|_| {
                    seed = mix(seed);
                    char::from_u32(0x4E00 + (seed % 3000) as u32).unwrap()
                })
                .collect()
        };
        let small = fingerprints(&text(20_000)).len();
        let large = fingerprints(&text(200_000)).len();
        assert!(
            // The expected density is 2 / (W + 1); a random text strays a few percent from it.
            small > 20_000 / (W + 1) && small < 2 * 20_000 / (W + 1) * 11 / 10,
            "{small}"
        );
        let ratio = large as f64 / small as f64;
        assert!((9.5..10.5).contains(&ratio), "{ratio}");
    }
}
