//! ToUnicode CMap programs (ISO 32000-1 §9.10.3): `bfchar`, `bfrange` with a start string or
//! an array of strings, destinations in UTF-16BE (surrogate pairs; one code to several
//! characters). Bounded: a range maps at most [`MAX_RANGE`] codes, a program [`MAX_ENTRIES`].

use std::collections::HashMap;

/// Most codes one `bfrange` line may map.
const MAX_RANGE: u32 = 0x1_0000;
/// Most codes one ToUnicode program may map.
const MAX_ENTRIES: usize = 1 << 20;
/// Most codes expanded from `bfrange`s in one program, counting repeats.
const MAX_WORK: u64 = 1 << 22;

/// A parsed ToUnicode map: character code → text.
#[derive(Debug, Default, Clone)]
pub(crate) struct ToUnicode {
    map: HashMap<u32, Box<str>>,
    /// Byte widths of the codespace ranges the program declared (1–4), if any.
    pub(crate) code_bytes: Vec<u8>,
}

#[derive(Debug)]
enum Tok<'a> {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(&'a [u8]),
}

fn tokens(buf: &[u8]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < buf.len() {
        let b = buf[i];
        match b {
            b'%' => {
                while i < buf.len() && buf[i] != b'\n' && buf[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if buf.get(i + 1) == Some(&b'<') => {
                out.push(Tok::Word(b"<<"));
                i += 2;
            }
            b'>' if buf.get(i + 1) == Some(&b'>') => {
                out.push(Tok::Word(b">>"));
                i += 2;
            }
            b'<' => {
                let mut v = Vec::new();
                let mut hi: Option<u8> = None;
                i += 1;
                while i < buf.len() && buf[i] != b'>' {
                    let d = match buf[i] {
                        c @ b'0'..=b'9' => Some(c - b'0'),
                        c @ b'a'..=b'f' => Some(c - b'a' + 10),
                        c @ b'A'..=b'F' => Some(c - b'A' + 10),
                        _ => None,
                    };
                    if let Some(d) = d {
                        match hi.take() {
                            Some(h) => v.push(h << 4 | d),
                            None => hi = Some(d),
                        }
                    }
                    i += 1;
                }
                if let Some(h) = hi {
                    v.push(h << 4);
                }
                i += 1;
                out.push(Tok::Hex(v));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // Literal strings only occur in the header (Registry etc.); skip them.
                let mut depth = 0;
                while i < buf.len() {
                    match buf[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_whitespace() || c == 0 || c == b'>' || c == b')' => i += 1,
            _ => {
                let s = i;
                while i < buf.len()
                    && !buf[i].is_ascii_whitespace()
                    && !matches!(buf[i], b'<' | b'>' | b'[' | b']' | b'(' | b'/' | b'%' | 0)
                {
                    i += 1;
                }
                if i == s {
                    i += 1;
                }
                out.push(Tok::Word(&buf[s..i]));
            }
        }
    }
    out
}

fn be(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |a, &b| a << 8 | u32::from(b))
}

/// Decodes a destination string: UTF-16BE (with surrogate pairs); an odd-length string is
/// read as one code point per byte, which some producers write for single-byte targets.
pub(crate) fn utf16_text(bytes: &[u8]) -> String {
    if bytes.len() % 2 == 1 {
        return bytes.iter().map(|&b| char::from(b)).collect();
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(c[1]))
        .collect();
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// `text` with its last UTF-16 code unit advanced by `k` (the bfrange increment).
fn advance(bytes: &[u8], k: u32) -> String {
    let mut b = bytes.to_vec();
    if b.len() >= 2 {
        let n = b.len();
        let v = (u32::from(b[n - 2]) << 8 | u32::from(b[n - 1])).wrapping_add(k);
        if v > 0xffff {
            // Carry into a higher unit: compute as a scalar when the string is one unit.
            if n == 2 {
                return char::from_u32(v).map(String::from).unwrap_or_default();
            }
        }
        b[n - 2] = (v >> 8) as u8;
        b[n - 1] = v as u8;
        utf16_text(&b)
    } else if let Some(last) = b.last_mut() {
        let v = u32::from(*last) + k;
        char::from_u32(v).map(String::from).unwrap_or_default()
    } else {
        String::new()
    }
}

impl ToUnicode {
    /// Parses a ToUnicode program (the decoded stream bytes). Damage never fails the parse:
    /// whatever was read before it is kept.
    pub(crate) fn parse(buf: &[u8]) -> ToUnicode {
        let toks = tokens(buf);
        let mut tu = ToUnicode::default();
        let mut i = 0;
        let mut work = 0u64;
        while i < toks.len() {
            match &toks[i] {
                Tok::Word(b"begincodespacerange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(_))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        let n = lo.len().clamp(1, 4) as u8;
                        if !tu.code_bytes.contains(&n) {
                            tu.code_bytes.push(n);
                        }
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfchar") => {
                    i += 1;
                    while let (Some(Tok::Hex(src)), Some(Tok::Hex(dst))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        tu.insert(be(src), utf16_text(dst));
                        i += 2;
                    }
                }
                Tok::Word(b"beginbfrange") => {
                    i += 1;
                    while let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi))) =
                        (toks.get(i), toks.get(i + 1))
                    {
                        let (lo, hi) = (be(lo), be(hi));
                        i += 2;
                        match toks.get(i) {
                            Some(Tok::Hex(dst)) => {
                                // Ranges may repeat the same codes: bound the total
                                // expanded, not just the map's size, or 10^5 full-width
                                // ranges cost 10^10 inserts.
                                if hi >= lo && hi - lo < MAX_RANGE && work < MAX_WORK {
                                    work += u64::from(hi - lo) + 1;
                                    for k in 0..=hi - lo {
                                        tu.insert(lo + k, advance(dst, k));
                                    }
                                }
                                i += 1;
                            }
                            Some(Tok::Open) => {
                                i += 1;
                                let mut k = 0u32;
                                while let Some(Tok::Hex(dst)) = toks.get(i) {
                                    if let Some(c) = lo.checked_add(k).filter(|&c| c <= hi) {
                                        tu.insert(c, utf16_text(dst));
                                    }
                                    k = k.saturating_add(1);
                                    i += 1;
                                }
                                if let Some(Tok::Close) = toks.get(i) {
                                    i += 1;
                                }
                            }
                            _ => break,
                        }
                    }
                }
                _ => i += 1,
            }
        }
        tu
    }

    fn insert(&mut self, code: u32, text: String) {
        if self.map.len() < MAX_ENTRIES {
            self.map.insert(code, text.into_boxed_str());
        }
    }

    /// The text for `code`, if the program maps it.
    pub(crate) fn get(&self, code: u32) -> Option<&str> {
        self.map.get(&code).map(|s| &**s)
    }

    /// Repairs the ToUnicode maps of Founder (方正) typesetting fonts, which map Latin letters,
    /// digits and punctuation to the GBK/3 ideographs at GBK codes `A0A1`–`A0FE` (犐犆犛 for
    /// "ICS"): the trail byte less 0x80 is the ASCII character. Applied only when such values
    /// are at least half of the map's non-ASCII values, so genuine rare ideographs survive.
    pub(crate) fn undo_founder_shift(&mut self) {
        let shifted = |s: &str| -> Option<char> {
            let mut it = s.chars();
            let c = it.next()?;
            if it.next().is_some() || c.is_ascii() {
                return None;
            }
            let mut buf = [0u8; 4];
            let (b, _, bad) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
            match (&*b, bad) {
                ([0xA0, t], false) if (0xA1..=0xFE).contains(t) => Some(char::from(t - 0x80)),
                _ => None,
            }
        };
        let non_ascii = self.map.values().filter(|s| !s.is_ascii()).count();
        let hits = self.map.values().filter(|s| shifted(s).is_some()).count();
        if hits < 3 || hits * 2 < non_ascii {
            return;
        }
        for v in self.map.values_mut() {
            if let Some(c) = shifted(v) {
                *v = c.to_string().into_boxed_str();
            }
        }
    }

    /// Number of mapped codes.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// All (code, text) pairs.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (u32, &str)> {
        self.map.iter().map(|(k, v)| (*k, &**v))
    }

    /// All mapped texts (for judging whether the map is trustworthy).
    pub(crate) fn values(&self) -> impl Iterator<Item = &str> {
        self.map.values().map(|s| &**s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_bfrange_array_and_surrogates() {
        let p = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0010> <D840DC00> endbfchar
            2 beginbfrange <0020> <0022> <4E2D> <0030> <0031> [<0066006C> <5927>] endbfrange";
        let t = ToUnicode::parse(p);
        assert_eq!(t.code_bytes, vec![2]);
        assert_eq!(t.get(3), Some(" "));
        assert_eq!(t.get(0x10), Some("\u{20000}"));
        assert_eq!(t.get(0x21), Some("\u{4E2E}"));
        assert_eq!(t.get(0x22), Some("\u{4E2F}"));
        assert_eq!(t.get(0x30), Some("fl"));
        assert_eq!(t.get(0x31), Some("大"));
        assert_eq!(t.get(0x32), None);
    }

    #[test]
    fn repeated_full_ranges_are_bounded_by_total_work() {
        // 10,000 ranges over all 65,536 codes: 655 million inserts unbounded; the work cap
        // stops after 2^22, with every code already mapped by the first range.
        let mut p = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n".to_vec();
        for _ in 0..100 {
            p.extend_from_slice(b"100 beginbfrange\n");
            for _ in 0..100 {
                p.extend_from_slice(b"<0000> <FFFF> <4E00>\n");
            }
            p.extend_from_slice(b"endbfrange\n");
        }
        let t = ToUnicode::parse(&p);
        assert_eq!(t.len(), 0x1_0000);
        assert_eq!(t.get(0), Some("一"));
        assert_eq!(t.get(1), Some("丁"));
    }
}
