//! Composite (Type 0) fonts, ISO 32000-1 §9.7: the CMap splits strings into codes and maps
//! codes to CIDs (predefined CMaps from Adobe's data via `pdfrum-cmap`, or an embedded CMap
//! stream); `/W` and `/DW` give widths by CID; `/CIDToGIDMap` maps CIDs to glyphs of an
//! embedded TrueType program.

use std::collections::HashMap;

use lopdf::{Dictionary, Object, Stream};
use pdfrum_cmap::{CMap, CharCode, Cid, CidSet};
use pdfrum_common::{Diagnostics, Limits as CmapLimits};
use pdfrum_object::Name;

use super::embedded::Program;
use super::tounicode::ToUnicode;
use super::{Code, usable};
use crate::pdf::obj::Ctx;

/// Most `/W` entries kept for one font.
const MAX_WIDTHS: usize = 1 << 20;
/// Most CIDs expanded from `/W` ranges of one font, counting repeats.
const MAX_WORK: u64 = 1 << 22;

/// A loaded Type 0 font.
pub(crate) struct Composite {
    cmap: CMap,
    /// The character collection for CID→Unicode (from the CMap, else `/CIDSystemInfo`).
    set: CidSet,
    tu: Option<ToUnicode>,
    /// Share of the ToUnicode values that are usable; a map mostly of PUA/U+FFFD is broken.
    tu_reliable: bool,
    dw: f32,
    widths: HashMap<u16, f32>,
    /// `/CIDToGIDMap` as a stream (`None`: Identity).
    cid_to_gid: Option<Vec<u16>>,
    /// CIDFontType2 with an embedded program: its `cmap` is the best fallback.
    truetype: bool,
    /// A Unicode-keyed predefined CMap (`Uni…-UCS2/UTF16/UTF32-H/V`): the code is the text.
    unicode_codes: UnicodeCodes,
}

/// How a Unicode-keyed predefined CMap's codes spell their character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UnicodeCodes {
    No,
    Utf16,
    Utf32,
}

/// The standard character for a Hong Kong (HKSCS) Private Use code point, which Unicode-keyed
/// CNS1 CMaps still carry: the PUA block is laid over Big5 rows in order (157 cells a row),
/// and the WHATWG Big5 table (encoding_rs) maps those Big5 codes to their real characters.
fn hkscs_pua(c: char) -> Option<char> {
    let u = c as u32;
    let (base, lead0) = match u {
        0xE000..=0xE310 => (0xE000, 0xFA),
        0xE311..=0xEEB7 => (0xE311, 0x8E),
        0xEEB8..=0xF6B0 => (0xEEB8, 0x81),
        _ => return None,
    };
    let off = u - base;
    let lead = lead0 + off / 157;
    let idx = off % 157;
    let trail = if idx < 63 {
        0x40 + idx
    } else {
        0xA1 + idx - 63
    };
    let bytes = [lead as u8, trail as u8];
    let (s, _, bad) = encoding_rs::BIG5.decode(&bytes);
    let mut it = s.chars();
    let ch = it.next()?;
    (!bad && it.next().is_none() && !super::embedded::is_pua(ch)).then_some(ch)
}

/// The character a Unicode-keyed code spells (UTF-16 with surrogate pairs, or UTF-32).
fn code_char(kind: UnicodeCodes, code: u32) -> Option<char> {
    match kind {
        UnicodeCodes::No => None,
        UnicodeCodes::Utf32 => char::from_u32(code),
        UnicodeCodes::Utf16 if code > 0xffff => {
            let (hi, lo) = (code >> 16, code & 0xffff);
            if (0xD800..0xDC00).contains(&hi) && (0xDC00..0xE000).contains(&lo) {
                char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
            } else {
                None
            }
        }
        UnicodeCodes::Utf16 => char::from_u32(code),
    }
    .filter(|c| !c.is_control() && !super::embedded::is_pua(*c))
}

impl Composite {
    /// Loads the Type 0 font dictionary `d` and its descendant CIDFont.
    pub(crate) fn load<'a>(
        ctx: &Ctx<'a>,
        d: &'a Dictionary,
        tu: Option<ToUnicode>,
    ) -> (Composite, Option<&'a Stream>) {
        let mut diags = Diagnostics::default();
        let unicode_codes = match ctx.name(d, b"Encoding") {
            Some(n)
                if n.starts_with(b"Uni")
                    && (n.windows(4).any(|w| w == b"UCS2")
                        || n.windows(5).any(|w| w == b"UTF16")) =>
            {
                UnicodeCodes::Utf16
            }
            Some(n) if n.starts_with(b"Uni") && n.windows(5).any(|w| w == b"UTF32") => {
                UnicodeCodes::Utf32
            }
            _ => UnicodeCodes::No,
        };
        let cmap = match ctx.get(d, b"Encoding") {
            Some(Object::Name(n)) => {
                pdfrum_cmap::from_encoding_name(&Name::from(n.as_slice()), &mut diags)
            }
            Some(Object::Stream(s)) => {
                let data = ctx.data(s).unwrap_or_default();
                let cm = pdfrum_cmap::parse_embedded(&data, &CmapLimits::default(), &mut diags);
                match ctx
                    .name(&s.dict, b"UseCMap")
                    .and_then(|n| pdfrum_cmap::predefined(&Name::from(n)))
                {
                    Some(parent) => {
                        pdfrum_cmap::inherit_from(cm, parent, 0, &CmapLimits::default(), &mut diags)
                    }
                    None => cm,
                }
            }
            _ => pdfrum_cmap::from_encoding_name(&Name::from("Identity-H"), &mut diags),
        };
        let cid_font = ctx
            .array(d, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| ctx.resolve(o))
            .and_then(|o| o.as_dict().ok());
        let ordering = cid_font
            .and_then(|c| ctx.dict(c, b"CIDSystemInfo"))
            .and_then(|i| ctx.get(i, b"Ordering"))
            .and_then(|o| match o {
                Object::String(s, _) => Some(s.clone()),
                Object::Name(n) => Some(n.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let mut set = cmap.charset();
        if set == CidSet::Unknown {
            set = pdfrum_cmap::charset_from_ordering(&ordering);
            // "GB1", "CNS1" etc. sometimes arrive with a suffix ("GB1-4") or as UCS2.
            if set == CidSet::Unknown {
                for (k, v) in [
                    (&b"GB1"[..], CidSet::Gb1),
                    (b"CNS1", CidSet::Cns1),
                    (b"Japan1", CidSet::Japan1),
                    (b"Korea1", CidSet::Korea1),
                ] {
                    if ordering.starts_with(k) {
                        set = v;
                    }
                }
            }
        }
        let mut c = Composite {
            cmap,
            set,
            tu_reliable: tu.as_ref().is_some_and(reliable),
            tu,
            dw: 1.0,
            widths: HashMap::new(),
            cid_to_gid: None,
            truetype: false,
            unicode_codes,
        };
        let mut file = None;
        if let Some(cf) = cid_font {
            c.dw = ctx.num(cf, b"DW").map(|w| w / 1000.0).unwrap_or(1.0);
            c.read_widths(ctx, cf);
            let desc = ctx.dict(cf, b"FontDescriptor");
            c.truetype = ctx.name(cf, b"Subtype") == Some(b"CIDFontType2");
            file = desc.and_then(|f| {
                ctx.stream(f, b"FontFile2")
                    .or_else(|| ctx.stream(f, b"FontFile3"))
                    .or_else(|| ctx.stream(f, b"FontFile"))
            });
            if let Some(s) = ctx.stream(cf, b"CIDToGIDMap")
                && let Ok(b) = ctx.data(s)
            {
                c.cid_to_gid = Some(
                    b.chunks_exact(2)
                        .map(|p| u16::from(p[0]) << 8 | u16::from(p[1]))
                        .collect(),
                );
            }
        }
        (c, file)
    }

    fn read_widths(&mut self, ctx: &Ctx<'_>, cf: &Dictionary) {
        let Some(w) = ctx.array(cf, b"W") else { return };
        let mut i = 0;
        let mut work = 0u64;
        while i < w.len() && self.widths.len() < MAX_WIDTHS {
            let Some(first) = ctx.as_num(&w[i]) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).and_then(|o| ctx.resolve(o)) {
                Some(Object::Array(ws)) => {
                    for (k, o) in ws.iter().enumerate() {
                        if let Some(v) = ctx.as_num(o)
                            && let Some(cid) = first
                                .checked_add(k as u32)
                                .and_then(|c| u16::try_from(c).ok())
                        {
                            self.widths.insert(cid, v / 1000.0);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = ctx.as_num(o).unwrap_or(0.0).max(0.0) as u32;
                    let v = w.get(i + 2).and_then(|o| ctx.as_num(o)).unwrap_or(1000.0) / 1000.0;
                    // Entries may repeat the same CIDs: bound the total expanded.
                    if last >= first && last - first < 0x1_0000 && work < MAX_WORK {
                        work += u64::from(last - first) + 1;
                        for cid in first..=last {
                            if let Ok(cid) = u16::try_from(cid) {
                                self.widths.insert(cid, v);
                            }
                        }
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }

    /// Checks a suspicious ToUnicode map (mostly rare ideographs outside GB 2312) against the
    /// embedded TrueType program's own `cmap`: when the program maps most of the same glyphs
    /// and disagrees on most, the ToUnicode map is broken and the program is trusted instead.
    pub(crate) fn verify_tounicode(&mut self, program: Option<&Program>) {
        let Some(tu) = &self.tu else { return };
        if !self.tu_reliable || !self.truetype || !suspicious(tu) {
            return;
        }
        let Some(p) = program else { return };
        let (mut covered, mut agree) = (0usize, 0usize);
        for (code, text) in tu.entries() {
            let cid = self.cmap.cid(CharCode(code)).0;
            if let Some(t) = p.gid_text(self.gid(cid)) {
                covered += 1;
                if t == text {
                    agree += 1;
                }
            }
        }
        if covered * 2 >= tu.len() && agree * 2 < covered {
            self.tu_reliable = false;
        }
    }

    /// Whether the font is CIDFontType2 with Unicode-less fallbacks worth a program parse.
    pub(crate) fn wants_program_check(&self) -> bool {
        self.truetype && self.tu_reliable && self.tu.as_ref().is_some_and(suspicious)
    }

    /// Whether the CMap selects vertical writing.
    pub(crate) fn vertical(&self) -> bool {
        self.cmap.is_vertical()
    }

    fn gid(&self, cid: u16) -> u16 {
        match &self.cid_to_gid {
            Some(m) => m.get(cid as usize).copied().unwrap_or(0),
            None => cid,
        }
    }

    /// Splits `bytes` by the CMap and resolves each code's width and text.
    pub(crate) fn decode<'p>(
        &self,
        bytes: &[u8],
        program: &dyn Fn() -> Option<&'p Program>,
        f: &mut dyn FnMut(Code<'_>),
    ) {
        let mut offset = 0usize;
        let mut buf = [0u8; 4];
        while offset < bytes.len() {
            let before = offset;
            let code = self.cmap.next_char(bytes, &mut offset);
            if offset <= before {
                break;
            }
            let mut nbytes = (offset - before).min(4) as u8;
            let cid = self.cmap.cid(code).0;
            // A UTF-16 CMap whose decoder stopped at a high surrogate: take the low one too.
            let mut code = code;
            if self.unicode_codes == UnicodeCodes::Utf16
                && nbytes == 2
                && (0xD800..0xDC00).contains(&code.0)
                && let (Some(&a), Some(&b)) = (bytes.get(offset), bytes.get(offset + 1))
                && (0xDC..0xE0).contains(&a)
            {
                code = CharCode(code.0 << 16 | u32::from(a) << 8 | u32::from(b));
                offset += 2;
                nbytes = 4;
            }
            let width = self.widths.get(&cid).copied().unwrap_or(self.dw);
            let tu = self.tu.as_ref().and_then(|t| t.get(code.0));
            if self.tu_reliable
                && let Some(s) = tu.filter(|s| usable(s))
            {
                f(Code {
                    nbytes,
                    code: code.0,
                    width,
                    text: Some(s),
                });
                continue;
            }
            let owned = self.fallback(code, cid, program);
            let text = match &owned {
                Some(Fallback::Char(c)) => Some(&*c.encode_utf8(&mut buf)),
                Some(Fallback::Str(s)) => Some(s.as_str()),
                // Last resort: a Private Use value is still the producer's word for the glyph.
                None => tu.filter(|s| {
                    !s.is_empty() && s.chars().all(|c| c != '\u{FFFD}' && !super::is_nonchar(c))
                }),
            };
            f(Code {
                nbytes,
                code: code.0,
                width,
                text,
            });
        }
    }

    fn fallback<'p>(
        &self,
        code: CharCode,
        cid: u16,
        program: &dyn Fn() -> Option<&'p Program>,
    ) -> Option<Fallback> {
        let from_set = || {
            (cid != 0 && pdfrum_cmap::has_cid2unicode(self.set))
                .then(|| pdfrum_cmap::unicode_from_cid(self.set, Cid(cid)))
                .flatten()
                .filter(|&c| c != '\u{FFFD}')
                .map(Fallback::Char)
        };
        let from_program = || {
            let p = program()?;
            if !p.cid_gid.is_empty() {
                // CID-keyed CFF: its CIDs index the collection its ROS names.
                return None;
            }
            p.gid_text(self.gid(cid)).map(Fallback::Str)
        };
        if let Some(c) = code_char(self.unicode_codes, code.0) {
            return Some(Fallback::Char(c));
        }
        if self.unicode_codes != UnicodeCodes::No
            && self.set == CidSet::Cns1
            && let Some(c) = char::from_u32(code.0).and_then(hkscs_pua)
        {
            return Some(Fallback::Char(c));
        }
        if self.set == CidSet::Unicode {
            return char::from_u32(u32::from(cid))
                .filter(|c| !c.is_control())
                .map(Fallback::Char);
        }
        let unicode_set = false;
        if self.truetype && !unicode_set {
            from_program().or_else(from_set)
        } else {
            from_set().or_else(from_program)
        }
    }
}

enum Fallback {
    Char(char),
    Str(String),
}

/// A ToUnicode map whose ideographs are mostly outside GB 2312 (the 6,763 common hanzi) —
/// the signature of maps that point at unrelated rare characters.
fn suspicious(t: &ToUnicode) -> bool {
    let (mut cjk, mut rare) = (0usize, 0usize);
    for v in t.values() {
        let mut it = v.chars();
        let (Some(c), None) = (it.next(), it.next()) else {
            continue;
        };
        if !('\u{3400}'..='\u{9FFF}').contains(&c) {
            continue;
        }
        cjk += 1;
        let mut buf = [0u8; 4];
        let (b, _, bad) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
        let gb2312 = !bad && matches!(&*b, [l, t] if (0xB0..=0xF7).contains(l) && *t >= 0xA1);
        if !gb2312 {
            rare += 1;
        }
    }
    cjk >= 4 && rare * 10 >= cjk * 3
}

/// A ToUnicode map is reliable unless most of its values are unusable (PUA, U+FFFD) — the
/// mark of producers that write glyph ids or private code points into it.
fn reliable(t: &ToUnicode) -> bool {
    if t.len() == 0 {
        return false;
    }
    let good = t.values().filter(|s| usable(s)).count();
    good * 2 >= t.len()
}
