//! PDF fonts for text extraction (ISO 32000-1 §9.5–9.10): how a show-string splits into
//! character codes, each code's advance width, and each code's Unicode text.
//!
//! Text is found, in order of trust: the ToUnicode CMap (§9.10.2 method 1) unless it maps the
//! code to nothing usable (empty, U+FFFD, Private Use Area); for composite fonts the embedded
//! TrueType program's own `cmap` (Identity-H subsets, whose CIDs are glyph ids), then the
//! character collection's CID→Unicode table named by the CMap or `/CIDSystemInfo` (§9.10.2
//! method 2, Adobe's tables via `pdfrum-cmap`); for simple fonts `/Differences` glyph names
//! through the Adobe Glyph List, the font program's symbol `cmap`, then the base encoding.
//! Simple TrueType fonts with GBK-named, non-embedded CJK faces and a WinAnsi encoding carry
//! GBK double-byte codes (a common Chinese producer bug); they are decoded as GBK.

mod composite;
mod embedded;
mod simple;
pub(crate) mod tables;
mod tounicode;

use std::cell::OnceCell;
use std::collections::HashMap;

use lopdf::{Dictionary, Object, Stream};

use self::composite::Composite;
use self::embedded::{Program, is_pua};
use self::simple::{BaseEncoding, glyph_name_text};
use self::tounicode::ToUnicode;
use super::obj::Ctx;

/// One decoded character code.
pub(crate) struct Code<'t> {
    /// Bytes the code occupied in the string (word spacing applies to 1-byte code 32).
    pub(crate) nbytes: u8,
    /// The code value.
    pub(crate) code: u32,
    /// Horizontal advance in text space units for a font size of 1.
    pub(crate) width: f32,
    /// The code's text, or `None` when no mapping exists (counted as unmapped).
    pub(crate) text: Option<&'t str>,
}

/// A font as the text extractor needs it.
pub(crate) struct Font<'a> {
    /// `/BaseFont`, for diagnostics.
    pub(crate) name: String,
    kind: Kind,
    /// Vertical writing mode (a `-V` CMap), ISO 32000-1 §9.7.4.3.
    pub(crate) vertical: bool,
    /// The embedded font program's stream, parsed on first need.
    file: Option<&'a Stream>,
    program: OnceCell<Option<Program>>,
}

enum Kind {
    Simple {
        /// Code → text, resolved at load time.
        table: Vec<Option<Box<str>>>,
        /// Code → advance (text space units at size 1).
        widths: Box<[f32; 256]>,
        /// Read strings as GBK double-byte codes.
        gbk: bool,
    },
    Composite(Box<Composite>),
}

/// Whether a ToUnicode value is usable text (not empty, not U+FFFD, not Private Use).
fn usable(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c != '\u{FFFD}' && !is_pua(c) && !is_nonchar(c) && (c >= ' ' || c == '\t'))
}

/// Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF): never text.
fn is_nonchar(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

impl<'a> Font<'a> {
    /// Loads a font dictionary. Never fails: a damaged font still yields codes and widths.
    pub(crate) fn load(ctx: &Ctx<'a>, d: &'a Dictionary) -> Font<'a> {
        let name = ctx
            .name(d, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let tu = ctx
            .stream(d, b"ToUnicode")
            .and_then(|s| ctx.data(s).ok())
            .map(|b| {
                let mut t = ToUnicode::parse(&b);
                t.undo_founder_shift();
                t
            });
        if ctx.name(d, b"Subtype") == Some(b"Type0") {
            let (c, file) = Composite::load(ctx, d, tu);
            let check = c.wants_program_check();
            let mut font = Font {
                name,
                vertical: c.vertical(),
                kind: Kind::Composite(Box::new(c)),
                file,
                program: OnceCell::new(),
            };
            if check {
                let _ = font.program(ctx);
                let program = font.program.get().and_then(|p| p.as_ref());
                if let Kind::Composite(c) = &mut font.kind {
                    c.verify_tounicode(program);
                }
            }
            return font;
        }
        let mut font = Font {
            name,
            kind: Kind::Simple {
                table: Vec::new(),
                widths: Box::new([0.0; 256]),
                gbk: false,
            },
            vertical: false,
            file: None,
            program: OnceCell::new(),
        };
        font.load_simple(ctx, d, tu);
        font
    }

    fn load_simple(&mut self, ctx: &Ctx<'a>, d: &'a Dictionary, tu: Option<ToUnicode>) {
        let subtype = ctx.name(d, b"Subtype").unwrap_or(b"Type1");
        let desc = ctx.dict(d, b"FontDescriptor");
        let flags = desc.and_then(|f| ctx.num(f, b"Flags")).unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0;
        self.file = desc.and_then(|f| {
            ctx.stream(f, b"FontFile2")
                .or_else(|| ctx.stream(f, b"FontFile3"))
                .or_else(|| ctx.stream(f, b"FontFile"))
        });
        // Widths: Type 3 glyph space is scaled by /FontMatrix, the others by 1/1000.
        let scale = if subtype == b"Type3" {
            ctx.nums(d, b"FontMatrix", 6).map(|m| m[0]).unwrap_or(0.001)
        } else {
            0.001
        };
        let missing = desc
            .and_then(|f| ctx.num(f, b"MissingWidth"))
            .unwrap_or(0.0);
        let has_widths = ctx.array(d, b"Widths").is_some();
        let default_w = if has_widths {
            missing * scale
        } else if self.name.contains("Courier") {
            0.6
        } else {
            0.5
        };
        let mut widths = Box::new([default_w; 256]);
        if let Some(ws) = ctx.array(d, b"Widths") {
            let first = ctx.num(d, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
            for (i, w) in ws.iter().enumerate() {
                if let (Some(slot), Some(w)) = (
                    first.checked_add(i).and_then(|c| widths.get_mut(c)),
                    ctx.as_num(w),
                ) {
                    *slot = w * scale;
                }
            }
        }
        // Encoding: a name, or a dictionary with /BaseEncoding and /Differences.
        let mut base = None;
        let mut diffs: HashMap<u8, &[u8]> = HashMap::new();
        match ctx.get(d, b"Encoding") {
            Some(Object::Name(n)) => base = BaseEncoding::from_name(n),
            Some(Object::Dictionary(e)) => {
                base = ctx
                    .name(e, b"BaseEncoding")
                    .and_then(BaseEncoding::from_name);
                let mut code = 0usize;
                for o in ctx.array(e, b"Differences").unwrap_or(&[]) {
                    match ctx.resolve(o) {
                        Some(Object::Integer(i)) => code = (*i).clamp(0, 256) as usize,
                        Some(Object::Name(n)) => {
                            if code < 256 {
                                diffs.insert(code as u8, n);
                            }
                            code += 1;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let is_symbol_font = self.name.contains("Symbol");
        let default_base = if is_symbol_font {
            BaseEncoding::Symbol
        } else if subtype == b"TrueType" {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        };
        let font_gbk = self.looks_gbk(ctx, d, subtype, desc, &tu, &diffs);
        // Without an /Encoding a Type 1 font uses its program's built-in encoding, and so does
        // a symbolic font (ISO 32000-1 §9.6.6.1-2).
        let use_builtin = (symbolic || subtype == b"Type1")
            && base.is_none()
            && diffs.is_empty()
            && self.file.is_some();
        let type1_builtin = use_builtin
            && self
                .program(ctx)
                .is_some_and(|p| p.type1_encoding.is_some());
        let mut table: Vec<Option<Box<str>>> = Vec::with_capacity(256);
        for code in 0..=255u8 {
            let from_tu = tu
                .as_ref()
                .and_then(|t| t.get(u32::from(code)))
                .filter(|s| usable(s));
            let text = if let Some(s) = from_tu {
                Some(s.to_string())
            } else if let Some(n) = diffs.get(&code) {
                glyph_name_text(n).or_else(|| self.builtin_text(ctx, code))
            } else if type1_builtin {
                self.builtin_text(ctx, code)
            } else if use_builtin {
                self.builtin_text(ctx, code)
                    .or_else(|| base.unwrap_or(default_base).char(code).map(String::from))
            } else {
                base.unwrap_or(default_base).char(code).map(String::from)
            };
            let text = text.or_else(|| {
                tu.as_ref()
                    .and_then(|t| t.get(u32::from(code)))
                    .map(str::to_string)
            });
            table.push(text.filter(|s| !s.is_empty()).map(String::into_boxed_str));
        }
        self.kind = Kind::Simple {
            table,
            widths,
            gbk: font_gbk,
        };
    }

    /// GBK double-byte text in a simple font: a non-embedded TrueType face whose name is
    /// Chinese (GBK bytes, or a known Chinese face name) with a standard encoding and no
    /// ToUnicode — poppler shows such text as Latin-1 mojibake.
    fn looks_gbk(
        &self,
        ctx: &Ctx<'a>,
        d: &Dictionary,
        subtype: &[u8],
        desc: Option<&Dictionary>,
        tu: &Option<ToUnicode>,
        diffs: &HashMap<u8, &[u8]>,
    ) -> bool {
        if subtype != b"TrueType" || tu.is_some() || !diffs.is_empty() || self.file.is_some() {
            return false;
        }
        let raw = ctx.name(d, b"BaseFont").unwrap_or(b"");
        let gbk_name = raw.iter().any(|&b| b >= 0x81)
            && !encoding_rs::GBK
                .decode_without_bom_handling_and_without_replacement(raw)
                .is_none_or(|s| s.is_empty());
        let cjk_face = [
            "SimSun",
            "SimHei",
            "SimKai",
            "SimFang",
            "FangSong",
            "KaiTi",
            "STSong",
            "XiaoBiaoSong",
        ]
        .iter()
        .any(|f| self.name.contains(f));
        let charset_gb = desc.and_then(|f| ctx.get(f, b"Style")).is_some();
        (gbk_name || cjk_face || charset_gb) && !self.name.contains("Arial")
    }

    /// A simple font's own mapping for `code`: the symbol `cmap` (codes at U+F000+code or
    /// the code itself) to a glyph, then the glyph's Unicode or name.
    fn builtin_text(&self, ctx: &Ctx<'a>, code: u8) -> Option<String> {
        let p = self.program(ctx)?;
        if let Some(enc) = &p.type1_encoding {
            return enc.get(&code).and_then(|n| glyph_name_text(n.as_bytes()));
        }
        let gid = p
            .symbol_cmap
            .get(&(0xF000 + u32::from(code)))
            .or_else(|| p.symbol_cmap.get(&u32::from(code)))
            .copied()?;
        p.gid_text(gid)
    }

    fn program(&self, ctx: &Ctx<'a>) -> Option<&Program> {
        self.program
            .get_or_init(|| {
                self.file
                    .and_then(|s| ctx.data(s).ok())
                    .and_then(|b| Program::parse(&b))
            })
            .as_ref()
    }

    /// Splits `bytes` into codes and calls `f` for each (ISO 32000-1 §9.4.3).
    pub(crate) fn decode(&self, ctx: &Ctx<'a>, bytes: &[u8], f: &mut dyn FnMut(Code<'_>)) {
        match &self.kind {
            Kind::Simple { table, widths, gbk } => {
                let mut i = 0;
                while i < bytes.len() {
                    let b = bytes[i];
                    if *gbk
                        && (0x81..=0xfe).contains(&b)
                        && let Some(&t) = bytes.get(i + 1)
                        && (0x40..=0xfe).contains(&t)
                        && t != 0x7f
                    {
                        let (s, _, bad) = encoding_rs::GBK.decode(&bytes[i..i + 2]);
                        let w = widths[b as usize] + widths[t as usize];
                        f(Code {
                            nbytes: 2,
                            code: u32::from(b) << 8 | u32::from(t),
                            width: w,
                            text: (!bad).then_some(&*s),
                        });
                        i += 2;
                        continue;
                    }
                    let text = table.get(b as usize).and_then(|t| t.as_deref());
                    f(Code {
                        nbytes: 1,
                        code: u32::from(b),
                        width: widths[b as usize],
                        text,
                    });
                    i += 1;
                }
            }
            Kind::Composite(c) => c.decode(bytes, &|| self.program(ctx), f),
        }
    }
}
