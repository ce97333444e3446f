//! Content-stream text interpreter (ISO 32000-1 §9.3–9.4 text state and operators, §8.4
//! graphics state `q`/`Q`/`cm`, §8.10 Form XObjects, §14.9.4 `/ActualText`). It places every
//! glyph in default user space and hands glyphs, not strings, to the layout stage.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Object, ObjectId};

use super::font::Font;
use super::lexer::{Lexer, Operand};
use super::obj::{Ctx, IDENTITY, Matrix, apply, mul, text_string};
use crate::ExtractError;

/// One placed glyph, in default user space (points).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    /// Origin.
    pub(crate) x: f32,
    /// Origin.
    pub(crate) y: f32,
    /// Advance vector (direction of writing, length of the advance).
    pub(crate) dx: f32,
    /// Advance vector.
    pub(crate) dy: f32,
    /// Font size (height of an em) in user space.
    pub(crate) size: f32,
    /// Byte range of the glyph's text in [`PageText::text`].
    pub(crate) start: u32,
    /// Length in bytes.
    pub(crate) len: u32,
}

/// What the interpreter found on one page.
#[derive(Debug, Default)]
pub(crate) struct PageText {
    /// Glyphs in content-stream order.
    pub(crate) glyphs: Vec<Glyph>,
    /// The glyphs' text, concatenated.
    pub(crate) text: String,
    /// Codes drawn whose text could not be found.
    pub(crate) unmapped: u32,
    /// Image XObjects and inline images drawn.
    pub(crate) images: u32,
    /// Image XObjects drawn, with the CTM that places their unit square (at most
    /// [`MAX_DRAWS`]): what OCR reads a scanned page from.
    pub(crate) draws: Vec<(ObjectId, Matrix)>,
    /// Paths filled or stroked and shadings painted: a page without text that paints is
    /// outlined text or a drawing, worth rendering for OCR; one that paints nothing is blank.
    pub(crate) paints: u32,
}

/// Most image draws kept per page (a scan cut into strips has hundreds; OCR then renders the
/// page instead).
pub(crate) const MAX_DRAWS: usize = 64;

impl PageText {
    /// The text of glyph `g`.
    pub(crate) fn glyph_text(&self, g: &Glyph) -> &str {
        self.text
            .get(g.start as usize..(g.start + g.len) as usize)
            .unwrap_or("")
    }
}

/// Fonts already loaded in this document, keyed by their dictionary's address (stable for
/// the life of the parsed document), so a font shared by 200 pages is read once.
pub(crate) type FontCache<'a> = HashMap<usize, Rc<Font<'a>>>;

#[derive(Clone)]
struct GState<'a> {
    ctm: Matrix,
    font: Option<Rc<Font<'a>>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
}

/// Most saved graphics states; deeper `q` nesting is ignored (the stream is damaged).
const MAX_SAVES: usize = 512;

/// Interprets one page's content.
pub(crate) struct Interp<'c, 'a> {
    ctx: &'c Ctx<'a>,
    fonts: &'c mut FontCache<'a>,
    out: PageText,
    gs: GState<'a>,
    saved: Vec<GState<'a>>,
    tm: Matrix,
    tlm: Matrix,
    forms: Vec<ObjectId>,
    /// Open marked-content sequences: `Some((ActualText, first glyph index))` for spans.
    marked: Vec<Option<(String, usize)>>,
    ops: u64,
}

impl<'c, 'a> Interp<'c, 'a> {
    /// An interpreter with the initial graphics state `ctm`.
    pub(crate) fn new(ctx: &'c Ctx<'a>, fonts: &'c mut FontCache<'a>, ctm: Matrix) -> Self {
        Interp {
            ctx,
            fonts,
            out: PageText::default(),
            gs: GState {
                ctm,
                font: None,
                size: 0.0,
                tc: 0.0,
                tw: 0.0,
                th: 1.0,
                tl: 0.0,
                rise: 0.0,
            },
            saved: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            forms: Vec::new(),
            marked: Vec::new(),
            ops: 0,
        }
    }

    /// What was found.
    pub(crate) fn finish(self) -> PageText {
        self.out
    }

    /// Runs a content stream with its resources. Errors only on the document's budgets
    /// (time, decompressed bytes); damage inside the stream is skipped.
    pub(crate) fn run(
        &mut self,
        content: &[u8],
        res: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Operand> = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            self.ops += 1;
            if self.ops.is_multiple_of(2048) {
                self.ctx.limits.check_time()?;
            }
            let n = |i: usize| ops.get(i).map(Operand::num).unwrap_or(0.0);
            match op {
                b"q" if self.saved.len() < MAX_SAVES => self.saved.push(self.gs.clone()),
                b"Q" => {
                    if let Some(g) = self.saved.pop() {
                        self.gs = g;
                    }
                }
                b"cm" if ops.len() == 6 => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
                b"BT" => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                b"Tc" => self.gs.tc = n(0),
                b"Tw" => self.gs.tw = n(0),
                b"Tz" => self.gs.th = n(0) / 100.0,
                b"TL" => self.gs.tl = n(0),
                b"Ts" => self.gs.rise = n(0),
                b"Tf" => {
                    self.gs.size = n(1);
                    if let Some(Operand::Name(name)) = ops.first() {
                        self.gs.font = self.font(res, name);
                    }
                }
                b"Td" => self.td(n(0), n(1)),
                b"TD" => {
                    self.gs.tl = -n(1);
                    self.td(n(0), n(1));
                }
                b"Tm" if ops.len() == 6 => {
                    self.tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    self.tm = self.tlm;
                }
                b"T*" => self.td(0.0, -self.gs.tl),
                b"Tj" => {
                    if let Some(Operand::Str(s)) = ops.first() {
                        self.show(s);
                    }
                }
                b"'" => {
                    self.td(0.0, -self.gs.tl);
                    if let Some(Operand::Str(s)) = ops.first() {
                        self.show(s);
                    }
                }
                b"\"" => {
                    self.gs.tw = n(0);
                    self.gs.tc = n(1);
                    self.td(0.0, -self.gs.tl);
                    if let Some(Operand::Str(s)) = ops.get(2) {
                        self.show(s);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = ops.first() {
                        for it in items {
                            match it {
                                Operand::Str(s) => self.show(s),
                                Operand::Num(k) if k.is_finite() => self.kern(*k),
                                _ => {}
                            }
                        }
                    }
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = ops.first() {
                        self.xobject(res, name)?;
                    }
                }
                b"BMC" => self.marked.push(None),
                b"BDC" => {
                    let actual = self.actual_text(res, ops.get(1));
                    let at = self.out.glyphs.len();
                    self.marked.push(actual.map(|t| (t, at)));
                }
                b"EMC" => {
                    if let Some(Some((text, at))) = self.marked.pop() {
                        self.replace_span(&text, at);
                    }
                }
                b"EI" => self.out.images += 1,
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"S" | b"s" | b"sh" => {
                    self.out.paints = self.out.paints.saturating_add(1)
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn td(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    /// A `TJ` number: move back by `k` thousandths of a text space unit (§9.4.3).
    fn kern(&mut self, k: f32) {
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        let d = -k / 1000.0 * self.gs.size;
        if vertical {
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, d], &self.tm);
        } else {
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, d * self.gs.th, 0.0], &self.tm);
        }
    }

    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font<'a>>> {
        let fonts = self.ctx.dict(res?, b"Font")?;
        let d = match self.ctx.get(fonts, name)? {
            Object::Dictionary(d) => d,
            _ => return None,
        };
        let key = d as *const Dictionary as usize;
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        let f = Rc::new(Font::load(self.ctx, d));
        self.fonts.insert(key, f.clone());
        Some(f)
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let gs = &self.gs;
        let (fs, th, tc, tw, rise) = (gs.size, gs.th, gs.tc, gs.tw, gs.rise);
        let ctm = gs.ctm;
        let vertical = font.vertical;
        let mut tm = self.tm;
        let out = &mut self.out;
        font.decode(self.ctx, bytes, &mut |code| {
            let m = mul(&tm, &ctm);
            let (x, y) = apply(&m, 0.0, rise);
            let space = if code.nbytes == 1 && code.code == 32 {
                tw
            } else {
                0.0
            };
            let (tx, ty) = if vertical {
                (0.0, -fs + tc + space)
            } else {
                ((code.width * fs + tc + space) * th, 0.0)
            };
            let (ax, ay) = if vertical {
                (0.0, -fs)
            } else {
                (code.width * fs * th, 0.0)
            };
            let dx = ax * m[0] + ay * m[2];
            let dy = ax * m[1] + ay * m[3];
            let size = (fs * m[2]).hypot(fs * m[3]);
            match code.text {
                Some(t) if !t.trim().is_empty() => {
                    let start = out.text.len() as u32;
                    out.text.push_str(t);
                    out.glyphs.push(Glyph {
                        x,
                        y,
                        dx,
                        dy,
                        size,
                        start,
                        len: t.len() as u32,
                    });
                }
                Some(_) => {}
                None => {
                    // Unmapped: no text, but the glyph still occupies its place, so that the
                    // layout sees no gap (and no cell boundary) where it stands.
                    out.unmapped += 1;
                    let start = out.text.len() as u32;
                    out.glyphs.push(Glyph {
                        x,
                        y,
                        dx,
                        dy,
                        size,
                        start,
                        len: 0,
                    });
                }
            }
            tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tm);
        });
        self.tm = tm;
    }

    fn xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Result<(), ExtractError> {
        let Some(xd) = res.and_then(|r| self.ctx.dict(r, b"XObject")) else {
            return Ok(());
        };
        let Ok(raw) = xd.get(name) else { return Ok(()) };
        let Ok((id, Object::Stream(s))) = self.ctx.doc.dereference(raw) else {
            return Ok(());
        };
        match self.ctx.name(&s.dict, b"Subtype") {
            Some(b"Image") => {
                self.out.images += 1;
                if let Some(id) = id
                    && self.out.draws.len() < MAX_DRAWS
                {
                    self.out.draws.push((id, self.gs.ctm));
                }
            }
            Some(b"Form") => {
                let id = id.unwrap_or((0, 0));
                if self.forms.contains(&id) || self.forms.len() as u32 >= self.ctx.limits.max_depth
                {
                    return Ok(());
                }
                let data = self.ctx.data(s)?;
                let m = self
                    .ctx
                    .nums(&s.dict, b"Matrix", 6)
                    .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
                let inner = self.ctx.dict(&s.dict, b"Resources").or(res);
                self.form(id, &data, m.unwrap_or(IDENTITY), inner)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs a form (or annotation appearance) with matrix `m` in a saved graphics state.
    pub(crate) fn form(
        &mut self,
        id: ObjectId,
        data: &[u8],
        m: Matrix,
        res: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        self.forms.push(id);
        let saved = (
            self.gs.clone(),
            self.tm,
            self.tlm,
            self.saved.len(),
            self.marked.len(),
        );
        self.gs.ctm = mul(&m, &self.gs.ctm);
        let r = self.run(data, res);
        self.forms.pop();
        (self.gs, self.tm, self.tlm) = (saved.0, saved.1, saved.2);
        self.saved.truncate(saved.3);
        self.marked.truncate(saved.4);
        r
    }

    fn actual_text(&self, res: Option<&'a Dictionary>, props: Option<&Operand>) -> Option<String> {
        let bytes: Vec<u8> = match props? {
            Operand::Dict(d) => match d.iter().find(|(k, _)| k == b"ActualText")?.1 {
                Operand::Str(ref s) => s.clone(),
                _ => return None,
            },
            Operand::Name(n) => {
                let p = self.ctx.dict(res?, b"Properties")?;
                let d = self.ctx.dict(p, n)?;
                match self.ctx.get(d, b"ActualText")? {
                    Object::String(s, _) => s.clone(),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(text_string(&bytes))
    }

    /// Replaces the glyphs drawn inside an `/ActualText` span by the span's text, placed
    /// where the first glyph was and spanning to the end of the last.
    fn replace_span(&mut self, text: &str, at: usize) {
        let glyphs = &mut self.out.glyphs;
        if at >= glyphs.len() {
            return;
        }
        let first = glyphs[at];
        let last = glyphs[glyphs.len() - 1];
        glyphs.truncate(at);
        let t = text.trim();
        if t.is_empty() {
            return;
        }
        let start = self.out.text.len() as u32;
        self.out.text.push_str(t);
        glyphs.push(Glyph {
            dx: last.x + last.dx - first.x,
            dy: last.y + last.dy - first.y,
            start,
            len: t.len() as u32,
            ..first
        });
    }
}
