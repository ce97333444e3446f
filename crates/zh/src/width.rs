//! Character classes and width folding of Chinese text, one character for one character, so an
//! offset into folded text is an offset into the original.

/// Full-width → half-width for one character (Unicode Halfwidth and Fullwidth Forms block,
/// U+FF01–U+FF5E → U+0021–U+007E; ideographic space U+3000 → space). Every other character is
/// returned unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` is written in an ideographic script segmented without spaces (Han, kana, Hangul),
/// including the ideographic zero 〇 of dates (二〇二三年) and the iteration mark 々.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007
        | 0x3040..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_fold_and_the_rest_stays() {
        let folded: String = "ＩＳＯ９００１：２０１５　１２６％，质量"
            .chars()
            .map(fold_width)
            .collect();
        assert_eq!(folded, "ISO9001:2015 126%,质量");
        // Outside the block: the half-width katakana and ideographic punctuation stay.
        for c in ['。', '、', '〇', 'ｱ', '\u{FF5F}'] {
            assert_eq!(fold_width(c), c);
        }
    }

    #[test]
    fn ideographs_are_cjk_and_marks_are_not() {
        for c in ['工', '〇', '々', 'の', '한', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['。', '，', 'A', '１', ' '] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
