//! Simple fonts (ISO 32000-1 §9.6.6): base encodings, `/Differences`, and glyph names to
//! Unicode through the Adobe Glyph List with its `uniXXXX`/`uXXXX[XX]` forms (AGL
//! specification §2), ligature names (`f_i`) and suffixes (`a.sc`).

use super::tables::{AGL, MAC_EXPERT, MAC_ROMAN, PDF_DOC, STANDARD, SYMBOL, WIN_ANSI};

/// A predefined single-byte encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    /// StandardEncoding (Type 1 default).
    Standard,
    /// WinAnsiEncoding.
    WinAnsi,
    /// MacRomanEncoding.
    MacRoman,
    /// MacExpertEncoding.
    MacExpert,
    /// PDFDocEncoding.
    PdfDoc,
    /// The Symbol font's built-in encoding.
    Symbol,
}

impl BaseEncoding {
    /// The encoding a name in `/Encoding` or `/BaseEncoding` denotes.
    pub(crate) fn from_name(n: &[u8]) -> Option<Self> {
        match n {
            b"StandardEncoding" => Some(Self::Standard),
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            b"MacExpertEncoding" => Some(Self::MacExpert),
            b"PDFDocEncoding" => Some(Self::PdfDoc),
            _ => None,
        }
    }

    /// The Unicode character for `code`, if the encoding defines one.
    pub(crate) fn char(self, code: u8) -> Option<char> {
        let t = match self {
            Self::Standard => &STANDARD,
            Self::WinAnsi => &WIN_ANSI,
            Self::MacRoman => &MAC_ROMAN,
            Self::MacExpert => &MAC_EXPERT,
            Self::PdfDoc => &PDF_DOC,
            Self::Symbol => &SYMBOL,
        };
        match t[code as usize] {
            0 => None,
            u => char::from_u32(u32::from(u)),
        }
    }
}

/// The Adobe Glyph List entry for `name`.
fn agl(name: &str) -> Option<char> {
    AGL.binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| char::from_u32(u32::from(AGL[i].1)))
}

fn hex_scalar(h: &str) -> Option<char> {
    if h.is_empty() || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    if (0xD800..=0xDFFF).contains(&v) {
        return None;
    }
    char::from_u32(v)
}

/// One component of a glyph name (AGL specification §2, step 3).
fn component(c: &str) -> Option<String> {
    if let Some(ch) = agl(c) {
        return Some(ch.to_string());
    }
    if let Some(h) = c.strip_prefix("uni")
        && h.len() >= 4
        && h.len() % 4 == 0
    {
        let mut s = String::new();
        for i in (0..h.len()).step_by(4) {
            s.push(hex_scalar(h.get(i..i + 4)?)?);
        }
        return Some(s);
    }
    if let Some(h) = c.strip_prefix('u')
        && (4..=6).contains(&h.len())
    {
        return hex_scalar(h).map(String::from);
    }
    None
}

/// The text a glyph name stands for, or `None` for names that carry no character
/// (`.notdef`, `glyph123`, `g12`).
pub(crate) fn glyph_name_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or("");
    if base.is_empty() {
        return None;
    }
    let mut out = String::new();
    for part in base.split('_') {
        out.push_str(&component(part)?);
    }
    Some(out).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_text(b"uni4E2D").as_deref(), Some("中"));
        assert_eq!(glyph_name_text(b"uni4E2D6587").as_deref(), Some("中文"));
        assert_eq!(glyph_name_text(b"u20000").as_deref(), Some("\u{20000}"));
        assert_eq!(glyph_name_text(b"afii10017").as_deref(), Some("А"));
        assert_eq!(glyph_name_text(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_text(b".notdef"), None);
        assert_eq!(glyph_name_text(b"glyph12"), None);
        assert_eq!(BaseEncoding::WinAnsi.char(0x80), Some('€'));
        assert_eq!(BaseEncoding::MacRoman.char(0xa5), Some('•'));
    }
}
