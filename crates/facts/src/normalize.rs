//! Character-for-character normalisation of document text, so that every offset computed on the
//! normalised text is also an offset into the original (the quote is always cut from the original).
//!
//! Folds full-width digits and signs to ASCII (`１２６` → `126`, `％` → `%`), the katakana `エ`
//! that OCR prints for `工`, and OCR letter noise inside number contexts (`S00家` → `500家`,
//! `1S项` → `15项`, `l0人` → `10人`) as the promotion-center regulation itself shows it.

/// Text folded one character for one character, with the positions OCR correction changed.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded characters; `chars.len()` equals the original's character count.
    pub chars: Vec<char>,
    /// `true` where an OCR letter was read as a digit.
    pub corrected: Vec<bool>,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Folded {
        let mut chars: Vec<char> = text.chars().map(fold_char).collect();
        let mut corrected = vec![false; chars.len()];
        fix_ocr_digits(&mut chars, &mut corrected);
        Folded { chars, corrected }
    }

    /// The folded text as a `String`.
    pub fn string(&self) -> String {
        self.chars.iter().collect()
    }

    /// Whether any position in `[start, end)` was OCR-corrected.
    pub fn any_corrected(&self, start: usize, end: usize) -> bool {
        self.corrected
            .get(start..end.min(self.corrected.len()))
            .is_some_and(|s| s.iter().any(|&c| c))
    }
}

/// Folds one character: full-width ASCII forms to ASCII and the ideographic space to a space
/// ([`intake_zh::width::fold_width`]), except the full-width marks of Chinese prose (，：；（）！？),
/// which separate list items and labels differently from their ASCII forms; and the katakana
/// `エ` that OCR prints for `工`.
pub fn fold_char(c: char) -> char {
    match c {
        '，' | '：' | '；' | '（' | '）' | '！' | '？' => c,
        'エ' => '工',
        _ => intake_zh::width::fold_width(c),
    }
}

/// The OCR letters that stand for digits, with the digit each stands for.
fn ocr_digit(c: char) -> Option<char> {
    match c {
        'S' => Some('5'),
        'O' | 'o' => Some('0'),
        'l' | 'I' => Some('1'),
        _ => None,
    }
}

/// Characters that may follow a number in a quantity (the first character of a unit).
fn is_unit_start(c: char) -> bool {
    matches!(
        c,
        '人' | '名'
            | '位'
            | '家'
            | '项'
            | '个'
            | '次'
            | '场'
            | '支'
            | '类'
            | '元'
            | '万'
            | '亿'
            | '%'
            | '平'
            | '㎡'
            | '年'
            | '件'
            | '所'
            | '余'
            | '多'
    )
}

/// Units a lone OCR letter may count (`具有 S 年`, `l 人`): the common counting words, not
/// 类 or 级 (`I 类` is a class) nor money or percent.
fn is_count_unit(c: char) -> bool {
    matches!(
        c,
        '人' | '名' | '家' | '项' | '个' | '次' | '场' | '支' | '件' | '年'
    )
}

/// Rewrites runs like `S00` or `1S` to digits when they are number-shaped: the run mixes real
/// digits with OCR letters, is not part of a Latin word, and is followed by a unit (after at
/// most two spaces: `l82 人`) or is the whole text (a table cell `l4`). A lone `S`, `l` or `O`
/// is a digit only between non-Latin characters before a counting unit (`具有 S 年`) or as a
/// whole cell.
fn fix_ocr_digits(chars: &mut [char], corrected: &mut [bool]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if !(c.is_ascii_digit() || ocr_digit(c).is_some()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < n && (chars[end].is_ascii_digit() || ocr_digit(chars[end]).is_some()) {
            end += 1;
        }
        i = end;
        let run = &chars[start..end];
        let has_digit = run.iter().any(|c| c.is_ascii_digit());
        let has_letter = run.iter().any(|c| ocr_digit(*c).is_some());
        let latin_before = start > 0 && chars[start - 1].is_ascii_alphabetic();
        let latin_after = chars.get(end).is_some_and(char::is_ascii_alphabetic);
        // The first character after the run and up to two spaces.
        let next = chars[end..]
            .iter()
            .take(3)
            .find(|c| !c.is_whitespace())
            .copied();
        let unit_after = next.is_some_and(is_unit_start);
        let whole = chars[..start].iter().all(|c| c.is_whitespace())
            && chars[end..].iter().all(|c| c.is_whitespace());
        // A lone letter after a Latin word, spaces between (Plan S), is that word's.
        let prev = chars[..start]
            .iter()
            .rev()
            .take(3)
            .find(|c| !c.is_whitespace())
            .copied();
        let lone = matches!(run, ['S' | 'l' | 'O'])
            && !prev.is_some_and(|c| c.is_ascii_alphanumeric())
            && !latin_after
            && (whole || next.is_some_and(is_count_unit));
        let mixed = has_digit && has_letter && !latin_before && (unit_after || whole);
        if (mixed || lone) && run.len() <= 12 {
            for k in start..end {
                if let Some(d) = ocr_digit(chars[k]) {
                    chars[k] = d;
                    corrected[k] = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_ocr() {
        let f = Folded::new("１２６人，S00家，1S项，ISO9001认证，エ业");
        assert_eq!(f.string(), "126人，500家，15项，ISO9001认证，工业");
        assert!(f.any_corrected(5, 8));
        assert!(!f.any_corrected(0, 4));
        assert_eq!(
            f.chars.len(),
            "１２６人，S00家，1S项，ISO9001认证，エ业".chars().count()
        );
    }

    #[test]
    fn ocr_letters_spaced_from_their_unit_or_alone_in_a_cell() {
        // Spaced from the unit, as PDF text often has it.
        let f = Folded::new("现有高级工程师 l7 人，具有 S 年检测经历");
        assert_eq!(f.string(), "现有高级工程师 17 人，具有 5 年检测经历");
        // A table cell that is the number alone.
        assert_eq!(Folded::new("3l").string(), "31");
        assert_eq!(Folded::new(" S ").string(), " 5 ");
        // Near misses: a class, a Latin word, a lone letter before no counting word, a
        // letter that is no digit alone.
        for keep in ["I 类设备", "Plan S 年度", "O 型密封圈", "S 级", "I", "o 人"] {
            assert_eq!(Folded::new(keep).string(), keep);
        }
    }
}
