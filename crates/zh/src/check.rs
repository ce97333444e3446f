//! Check characters of Chinese identifiers: the 统一社会信用代码 (`credit_code`, GB 32100-2015),
//! the organisation code it embeds (GB 11714-1997) and the 公民身份号码 (GB 11643-1999).
//!
//! Pure arithmetic over the code's characters; what a failing code means (an invalid identifier,
//! an OCR misreading to repair) is decided by the stages that read and check them.

/// The 31 characters of GB 32100-2015 (I, O, Z, S, V excluded), in value order 0–30.
pub const CREDIT_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The value 0–30 of a credit-code character (GB 32100-2015 附录 A), `None` outside the set
/// (lower-case letters included).
pub fn credit_value(c: char) -> Option<u32> {
    CREDIT_CHARS.find(c).map(|i| i as u32)
}

/// The check character GB 32100-2015 §4.3 gives for the first 17 characters (weights 3^(i−1)
/// mod 31, check = 31 − Σ mod 31, with 31 written `0`). `None` if a character is outside the
/// set or there are not exactly 17.
pub fn credit_check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut w = 1u32;
    let mut n = 0;
    for c in first17.chars() {
        sum += credit_value(c)? * w;
        w = w * 3 % 31;
        n += 1;
    }
    if n != 17 {
        return None;
    }
    let v = (31 - sum % 31) % 31;
    CREDIT_CHARS.chars().nth(v as usize)
}

/// The check character of a GB 11714 organisation code body (8 characters, digits or capitals:
/// A=10 … Z=35; weights 3 7 9 10 5 8 4 2; check = 11 − Σ mod 11, 10 → `X`, 11 → `0`). `None`
/// for another length or character.
pub fn org_code_check_char(body: &str) -> Option<char> {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let chars: Vec<char> = body.chars().take(9).collect();
    if chars.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(W) {
        let v = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    })
}

/// The ISO 7064 MOD 11-2 check character of the first 17 digits of a 公民身份号码
/// (GB 11643-1999 §6.2: weights 2^(18−i) mod 11, check = (12 − Σ mod 11) mod 11, 10 → `X`).
/// `None` unless `first17` is exactly 17 ASCII digits.
pub fn id_check_char(first17: &str) -> Option<char> {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let digits: Vec<u32> = first17
        .chars()
        .take(18)
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 17 {
        return None;
    }
    let sum: u32 = digits.iter().zip(W).map(|(d, w)| d * w).sum();
    Some(match (12 - sum % 11) % 11 {
        10 => 'X',
        d => char::from_digit(d, 10).unwrap_or('0'),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples_check_out() {
        // 91350100M000100Y43 (福州, 350100): organisation code M000100Y-4, check character 3.
        assert_eq!(org_code_check_char("M000100Y"), Some('4'));
        assert_eq!(credit_check_char("91350100M000100Y4"), Some('3'));
        // GB 11643-1999's own example: 11010519491231002X.
        assert_eq!(id_check_char("11010519491231002"), Some('X'));
        assert_eq!(id_check_char("44052419800101001"), Some('3'));
    }

    #[test]
    fn malformed_input_has_no_check_character() {
        // Outside GB 32100's set (I, O, S, V, Z and lower case), or the wrong length.
        assert_eq!(credit_check_char("91350100M000100S4"), None);
        assert_eq!(credit_check_char("91350100m000100Y4"), None);
        assert_eq!(credit_check_char("91350100M000100Y"), None);
        assert_eq!(org_code_check_char("M000100"), None);
        assert_eq!(org_code_check_char("M000100-"), None);
        assert_eq!(id_check_char("1101051949123100"), None);
        assert_eq!(id_check_char("1101051949123100X"), None);
        assert_eq!(id_check_char("１１０１０５１９４９１２３１００２"), None);
    }
}
