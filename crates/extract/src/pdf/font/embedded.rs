//! What an embedded font program itself says about its glyphs: the TrueType `cmap` and `post`
//! tables and CFF charsets (glyph names, CIDs), via ttf-parser. Used where a PDF font has no
//! (or a broken) ToUnicode map: Identity-H TrueType subsets, symbolic simple TrueType fonts.

use std::collections::HashMap;

use ttf_parser::{GlyphId, PlatformId};

use super::simple::glyph_name_text;

/// Per-glyph facts from a font program.
#[derive(Debug, Default)]
pub(crate) struct Program {
    /// Glyph id → Unicode, inverted from the font's Unicode `cmap` subtables.
    pub(crate) gid_unicode: HashMap<u16, char>,
    /// Glyph id → text from its glyph name (`post` table or a name-keyed CFF charset).
    pub(crate) gid_name_text: HashMap<u16, String>,
    /// Code → glyph id from a (3,0) symbol or (1,0) Mac subtable, for simple fonts.
    pub(crate) symbol_cmap: HashMap<u32, u16>,
    /// For a CID-keyed CFF: glyph id → CID.
    pub(crate) gid_cid: HashMap<u16, u16>,
    /// For a CID-keyed CFF: CID → glyph id.
    pub(crate) cid_gid: HashMap<u16, u16>,
    /// A Type 1 program's built-in encoding (`dup 65 /A put`): code → glyph name.
    pub(crate) type1_encoding: Option<HashMap<u8, String>>,
}

/// Reads the built-in `/Encoding` of a Type 1 font program from its clear-text part
/// (Adobe Type 1 Font Format §2.3): `dup <code> /<name> put` up to `eexec`.
fn type1_encoding(data: &[u8]) -> Option<HashMap<u8, String>> {
    let end = data
        .windows(5)
        .position(|w| w == b"eexec")
        .unwrap_or(data.len().min(1 << 20));
    let text = String::from_utf8_lossy(&data[..end]);
    let enc = &text[text.find("/Encoding")?..];
    let mut map = HashMap::new();
    let mut words = enc.split_ascii_whitespace();
    while let Some(w) = words.next() {
        if w == "dup"
            && let (Some(code), Some(name), Some("put")) =
                (words.next(), words.next(), words.next())
            && let (Ok(code), Some(name)) = (code.parse::<u8>(), name.strip_prefix('/'))
        {
            map.insert(code, name.to_string());
        } else if w == "readonly" || w == "def" {
            break;
        }
    }
    Some(map)
}

impl Program {
    /// Reads a TrueType/OpenType (`FontFile2`, `FontFile3/OpenType`) or bare CFF
    /// (`FontFile3/Type1C`, `CIDFontType0C`) program. `None` if neither parses.
    pub(crate) fn parse(data: &[u8]) -> Option<Program> {
        if data.starts_with(b"%!") {
            return Some(Program {
                type1_encoding: type1_encoding(data),
                ..Program::default()
            });
        }
        if let Ok(face) = ttf_parser::Face::parse(data, 0) {
            let mut p = Program::default();
            if let Some(cmap) = face.tables().cmap {
                for sub in cmap.subtables {
                    if sub.is_unicode() {
                        sub.codepoints(|cp| {
                            if let (Some(g), Some(c)) = (sub.glyph_index(cp), char::from_u32(cp)) {
                                // Keep the first (lowest) code point for a glyph shared by several.
                                let e = p.gid_unicode.entry(g.0).or_insert(c);
                                if (c as u32) < (*e as u32) && !is_pua(c)
                                    || is_pua(*e) && !is_pua(c)
                                {
                                    *e = c;
                                }
                            }
                        });
                    } else if sub.encoding_id == 0
                        && matches!(sub.platform_id, PlatformId::Windows | PlatformId::Macintosh)
                    {
                        sub.codepoints(|cp| {
                            if let Some(g) = sub.glyph_index(cp) {
                                p.symbol_cmap.entry(cp).or_insert(g.0);
                            }
                        });
                    }
                }
            }
            let n = face.number_of_glyphs();
            for g in 0..n {
                if let Some(name) = face.glyph_name(GlyphId(g))
                    && let Some(t) = glyph_name_text(name.as_bytes())
                {
                    p.gid_name_text.insert(g, t);
                }
            }
            return Some(p);
        }
        let cff = ttf_parser::cff::Table::parse(data)?;
        let mut p = Program::default();
        for g in 0..cff.number_of_glyphs() {
            let gid = GlyphId(g);
            if let Some(cid) = cff.glyph_cid(gid) {
                p.gid_cid.insert(g, cid);
                p.cid_gid.insert(cid, g);
            } else if let Some(name) = cff.glyph_name(gid)
                && let Some(t) = glyph_name_text(name.as_bytes())
            {
                p.gid_name_text.insert(g, t);
            }
        }
        Some(p)
    }

    /// The text a glyph stands for, by the font's own tables.
    pub(crate) fn gid_text(&self, gid: u16) -> Option<String> {
        if let Some(&c) = self.gid_unicode.get(&gid)
            && !is_pua(c)
        {
            return Some(c.to_string());
        }
        self.gid_name_text.get(&gid).cloned()
    }
}

/// Private Use Area code points (BMP and planes 15–16): never a real character.
pub(crate) fn is_pua(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}
