//! UTF-16 text without a byte-order mark, recognised by its shape: Notepad and many Windows
//! tools write UTF-16LE, and a file cut from the middle of one has lost its BOM.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Code units looked at (the first 64 KiB).
const SAMPLE_UNITS: usize = 32 * 1024;

/// Whether a UTF-16 code unit is what Chinese or English text is made of: ASCII printable or
/// whitespace, CJK punctuation and ideographs (including Extension A), full-width forms.
fn texty(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0D | 0x20..=0x7E
        | 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF
        | 0x2000..=0x206F | 0xB7 | 0xD7 | 0xF7)
}

/// The UTF-16 byte order `bytes` is written in when they carry no BOM, or `None`.
///
/// Two shapes are recognised over the first 64 KiB: mostly-ASCII text has a zero in one byte
/// of at least 30% of its code units and almost never in the other (the zero's side gives the
/// order); text with little ASCII (Chinese) has few zeros, so it is taken as UTF-16 when at
/// least 90% of its code units in one byte order are ASCII, CJK or full-width characters and
/// at most 70% in the other (an ideograph's low byte read as a high byte lands in those ranges
/// about a third of the time; ASCII bytes paired up land in them in both orders, so plain
/// ASCII is never taken for UTF-16). GBK and UTF-8 bytes paired up land outside those ranges
/// (their bytes are ≥ 0x80, never a CJK unit's 0x4E–0x9F high byte). Callers try UTF-8 first
/// for the second shape; the first is checked before UTF-8 because UTF-16 ASCII (`a\0b\0`)
/// is also valid UTF-8.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static Encoding> {
    zero_pattern(bytes).or_else(|| cjk_units(bytes))
}

/// The first shape alone (mostly-ASCII UTF-16): cheap, and safe before the UTF-8 check.
pub(crate) fn zero_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let pairs = bytes.chunks_exact(2).take(SAMPLE_UNITS);
    let n = pairs.len();
    if n < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for p in pairs {
        even += usize::from(p[0] == 0);
        odd += usize::from(p[1] == 0);
    }
    // ASCII in UTF-16LE is `c 0`: the zero sits at the odd offset.
    if odd * 10 >= n * 3 && even * 20 <= odd {
        Some(UTF_16LE)
    } else if even * 10 >= n * 3 && odd * 20 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn cjk_units(bytes: &[u8]) -> Option<&'static Encoding> {
    let score = |le: bool| {
        let units = bytes.chunks_exact(2).take(SAMPLE_UNITS).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        let (mut n, mut good) = (0usize, 0usize);
        for u in units {
            n += 1;
            good += usize::from(texty(u));
        }
        (n, good)
    };
    let (n, le) = score(true);
    let (_, be) = score(false);
    if n < 2 {
        return None;
    }
    if le * 10 >= n * 9 && be * 10 <= n * 7 {
        Some(UTF_16LE)
    } else if be * 10 >= n * 9 && le * 10 <= n * 7 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn both_orders_of_ascii_and_chinese() {
        let mixed = "申报单位：闽江检测技术有限公司\r\n从业人员共计126人。\r\n";
        assert_eq!(sniff(&le(mixed)), Some(UTF_16LE));
        assert_eq!(sniff(&be(mixed)), Some(UTF_16BE));
        assert_eq!(sniff(&le("Staff: 126 persons\n")), Some(UTF_16LE));
        assert_eq!(sniff(&be("Staff: 126 persons\n")), Some(UTF_16BE));
        let chinese = "申报单位闽江检测技术有限公司从业人员共计一百二十六人";
        assert_eq!(sniff(&le(chinese)), Some(UTF_16LE));
        assert_eq!(sniff(&be(chinese)), Some(UTF_16BE));
    }

    #[test]
    fn utf8_and_gbk_are_not_utf16() {
        let text = "申报单位：闽江检测技术有限公司\n从业人员共计126人。\n";
        assert_eq!(sniff(text.as_bytes()), None);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(sniff(&gbk), None);
        assert_eq!(sniff(b"plain ASCII text, nothing else\n"), None);
    }
}
