//! Identifiers: the 统一社会信用代码 (`credit_code`, GB 32100-2015) and the 公民身份号码
//! (GB 11643-1999), validated in full, not only by their last character.

use intake_model::Date;
use intake_zh::check::{credit_check_char, credit_value, id_check_char, org_code_check_char};

use crate::Error;

/// GB/T 2260 province-level codes (the first two digits of a region code).
const PROVINCES: [u32; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Is `code` shaped like a credit code (18 characters of the GB 32100-2015 alphabet)?
pub fn looks_like_credit_code(code: &str) -> bool {
    code.chars().count() == 18 && code.chars().all(|c| credit_value(c).is_some())
}

fn plausible_region(code: &str) -> bool {
    if code == "100000" {
        // Registered with a central authority.
        return true;
    }
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && code[..2]
            .parse::<u32>()
            .is_ok_and(|p| PROVINCES.contains(&p))
}

/// Validates a 统一社会信用代码 by GB 32100-2015: the alphabet, the registration-authority and
/// type positions, a plausible GB/T 2260 region code (positions 3–8), the embedded GB 11714
/// organisation code's own check digit (positions 9–17), and the mod-31 check character (18).
///
/// # Errors
/// [`Error::CreditCode`] naming the failing part.
pub fn validate_credit_code(code: &str) -> Result<(), Error> {
    let fail = |reason: String| {
        Err(Error::CreditCode {
            code: code.to_string(),
            reason,
        })
    };
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return fail(format!("应为18位，实为{}位", chars.len()));
    }
    if let Some(c) = chars.iter().find(|c| credit_value(**c).is_none()) {
        return fail(format!("含有GB 32100-2015字符集以外的字符“{c}”"));
    }
    if !matches!(chars[0], '1'..='9' | 'A' | 'N' | 'Y') {
        return fail(format!("登记管理部门代码“{}”无效", chars[0]));
    }
    let region: String = chars[2..8].iter().collect();
    if !plausible_region(&region) {
        return fail(format!(
            "登记管理机关行政区划码“{region}”不是有效的GB/T 2260代码"
        ));
    }
    let body: String = chars[8..16].iter().collect();
    match org_code_check_char(&body) {
        Some(c) if c == chars[16] => {}
        Some(c) => return fail(format!("组织机构代码校验位应为“{c}”，实为“{}”", chars[16])),
        None => return fail(format!("组织机构代码本体“{body}”无效")),
    }
    let first17: String = chars[..17].iter().collect();
    match credit_check_char(&first17) {
        Some(c) if c == chars[17] => Ok(()),
        Some(c) => fail(format!("校验码应为“{c}”，实为“{}”", chars[17])),
        None => fail("无法计算校验码".into()),
    }
}

/// Characters OCR engines take for one another in printed codes (a closed 0 and D, 8 and B,
/// 6 and G, 1 and L or T, 5 and 6's tail…), each pair both ways.
const LOOKALIKES: [(char, char); 7] = [
    ('0', 'D'),
    ('0', 'Q'),
    ('0', 'U'),
    ('8', 'B'),
    ('6', 'G'),
    ('1', 'L'),
    ('1', 'T'),
];

/// An OCR-read credit code that fails GB 32100-2015, repaired by its own check characters: the
/// one code that differs from `code` in one character by a look-alike ([`LOOKALIKES`]) and
/// passes [`validate_credit_code`] in full (the organisation code's check digit and the mod-31
/// check character both). `(repaired, 1-based position, read, corrected)`; `None` when no
/// candidate or more than one passes — a guess is never made.
pub fn repair_credit_code(code: &str) -> Option<(String, usize, char, char)> {
    if validate_credit_code(code).is_ok() {
        return None;
    }
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return None;
    }
    let mut found = None;
    for (i, &c) in chars.iter().enumerate() {
        for &(a, b) in &LOOKALIKES {
            let other = if c == a {
                b
            } else if c == b {
                a
            } else {
                continue;
            };
            let mut v = chars.clone();
            v[i] = other;
            let candidate: String = v.into_iter().collect();
            if validate_credit_code(&candidate).is_ok() {
                if found.is_some() {
                    return None;
                }
                found = Some((candidate, i + 1, c, other));
            }
        }
    }
    found
}

/// Validates an 18-digit 公民身份号码 by GB 11643-1999 (region, a real birth date, MOD 11-2) and
/// returns the birth date.
///
/// # Errors
/// [`Error::IdNumber`] naming the failing part.
pub fn validate_id_number(id: &str) -> Result<Date, Error> {
    let fail = |reason: String| {
        Err(Error::IdNumber {
            id: id.to_string(),
            reason,
        })
    };
    let chars: Vec<char> = id.chars().map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != 18
        || !chars[..17].iter().all(char::is_ascii_digit)
        || !(chars[17].is_ascii_digit() || chars[17] == 'X')
    {
        return fail("应为17位数字加1位数字或X".into());
    }
    let region: String = chars[..6].iter().collect();
    if !plausible_region(&region) {
        return fail(format!("地址码“{region}”不是有效的GB/T 2260代码"));
    }
    let date: String = chars[6..14].iter().collect();
    let (y, m, d) = (&date[..4], &date[4..6], &date[6..]);
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return fail("出生日期码无效".into());
    };
    let Some(birth) = Date::ymd(y, m, d).filter(|_| (1900..=2100).contains(&y)) else {
        return fail(format!("出生日期码“{date}”不是真实日期"));
    };
    let first17: String = chars[..17].iter().collect();
    match id_check_char(&first17) {
        Some(c) if c == chars[17] => Ok(birth),
        Some(c) => fail(format!("校验码应为“{c}”，实为“{}”", chars[17])),
        None => fail("无法计算校验码".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid credit code from its first 16 characters (organisation code and check
    /// character computed), so tests exercise each check on its own.
    fn complete(first16: &str) -> String {
        let org = org_code_check_char(&first16[8..16]).unwrap();
        let first17 = format!("{first16}{org}");
        format!("{first17}{}", credit_check_char(&first17).unwrap())
    }

    #[test]
    fn credit_codes() {
        let code = complete("9135010061140058");
        assert!(validate_credit_code(&code).is_ok(), "{code}");
        // A published example: 91350100M000100Y43 (Fuzhou, 350100).
        assert_eq!(org_code_check_char("M000100Y"), Some('4'));
        assert_eq!(credit_check_char("91350100M000100Y4"), Some('3'));
        assert!(validate_credit_code("91350100M000100Y43").is_ok());
        // Last character wrong.
        let mut bad: Vec<char> = code.chars().collect();
        bad[17] = if bad[17] == '0' { '1' } else { '0' };
        let bad: String = bad.into_iter().collect();
        assert!(
            matches!(validate_credit_code(&bad), Err(Error::CreditCode { reason, .. }) if reason.contains("校验码"))
        );
        // Organisation code check digit wrong but final check recomputed: only the full check catches it.
        let mut chars: Vec<char> = code.chars().collect();
        chars[16] = if chars[16] == '1' { '2' } else { '1' };
        let first17: String = chars[..17].iter().collect();
        let forged = format!("{first17}{}", credit_check_char(&first17).unwrap());
        let err = validate_credit_code(&forged).unwrap_err().to_string();
        assert!(err.contains("组织机构代码校验位"), "{err}");
        // Region 990100 is no GB/T 2260 province.
        let err = validate_credit_code(&complete("9199010061140058"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("行政区划码"), "{err}");
        assert!(validate_credit_code("91350100M000100Y4").is_err());
        assert!(validate_credit_code("91350100M000100S43").is_err());
    }

    #[test]
    fn id_numbers() {
        // GB 11643-1999 appendix example: 11010519491231002X.
        assert_eq!(
            validate_id_number("11010519491231002X")
                .unwrap()
                .to_string(),
            "1949-12-31"
        );
        assert_eq!(id_check_char("44052419800101001"), Some('3'));
        assert_eq!(
            validate_id_number("440524198001010013")
                .unwrap()
                .to_string(),
            "1980-01-01"
        );
        assert!(
            validate_id_number("440524198001010014")
                .unwrap_err()
                .to_string()
                .contains("校验码")
        );
        let err = validate_id_number("440524198002300013")
            .unwrap_err()
            .to_string();
        assert!(err.contains("出生日期码"), "{err}");
    }

    #[test]
    fn an_ocr_misreading_is_repaired_only_when_one_lookalike_checks_out() {
        // 91350100M000100Y43 is valid; a scan read its tenth character 0 as D.
        assert_eq!(
            repair_credit_code("91350100MD00100Y43"),
            Some(("91350100M000100Y43".to_string(), 10, 'D', '0'))
        );
        // Already valid: nothing to repair.
        assert_eq!(repair_credit_code("91350100M000100Y43"), None);
        // Two characters wrong: no single look-alike repairs it, so no guess.
        assert_eq!(repair_credit_code("91350100MD00100Y44"), None);
        // Wrong length.
        assert_eq!(repair_credit_code("91350100MD00100Y4"), None);
    }
}
