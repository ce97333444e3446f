//! PDF text extraction (ISO 32000-1). lopdf parses objects, recovers broken cross-reference
//! tables and decrypts files with an empty user password; everything from the content stream
//! on is ours: the text interpreter ([`interp`], §9), font decoding (`font`, §9.5–9.10 with
//! Adobe's CMaps and CID collections from `pdfrum-cmap`), and layout (`layout`).
//!
//! Every loop over document structure is bounded: operators by the document's time budget,
//! Form XObjects by [`Limits::max_depth`] and a cycle guard, stream data by
//! [`Limits::max_decompressed_bytes`], the page tree by [`Limits::max_pages`] and a walk that
//! enters each node once and never reads `/Count` (`pages`).

mod font;
mod interp;
mod layout;
mod lexer;
mod meta;
mod obj;
mod pages;
mod scan;

use intake_model::{DocMeta, Document, Page};
use lopdf::{Dictionary, Object, ObjectId};

use self::interp::{FontCache, Interp};
use self::obj::{Ctx, IDENTITY, Matrix, apply, mul};
use crate::{ExtractError, Limits};

/// lopdf's own bound on one stream's decoded size while loading (object and xref streams).
const LOAD_STREAM_CAP: u64 = 256 << 20;
/// Deepest page-tree ancestry followed for inherited attributes.
const MAX_ANCESTORS: usize = 64;

/// Reads a PDF into pages of blocks (reading order, with bounding boxes in user space), with
/// per-page unmapped-glyph counts and text-layer flags, and the document's metadata.
///
/// Errors: [`ExtractError::Corrupt`] when lopdf cannot parse the file even after rebuilding the
/// cross-reference table, [`ExtractError::Encrypted`] when it needs a non-empty password,
/// [`ExtractError::OverBudget`] when it exceeds a [`Limits`] budget (objects, decompressed
/// bytes, time).
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let opts = lopdf::LoadOptions {
        max_decompressed_size: usize::try_from(limits.max_decompressed_bytes.min(LOAD_STREAM_CAP))
            .ok(),
        ..lopdf::LoadOptions::default()
    };
    let doc = match lopdf::Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(e @ lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(ExtractError::OverBudget(e.to_string()));
        }
        Err(lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword) => {
            return Err(ExtractError::Encrypted);
        }
        Err(e) => return Err(ExtractError::pdf(e)),
    };
    if doc.trailer.has(b"Encrypt") && !doc.was_encrypted() {
        return Err(ExtractError::Encrypted);
    }
    if doc.objects.len() > limits.max_objects {
        return Err(ExtractError::OverBudget(format!(
            "{} objects, over the {} object limit",
            doc.objects.len(),
            limits.max_objects
        )));
    }
    limits.check_time()?;
    let ctx = Ctx::new(&doc, limits);
    let meta: DocMeta = meta::read_meta(&ctx, bytes);
    let mut fonts: FontCache<'_> = FontCache::new();
    let mut pages = Vec::new();
    let mut tables = 0u32;
    // Our own walk, not lopdf's get_pages: that one sizes its result by the file's /Count
    // (2^40 is an abort) and lists a shared node once per parent. A page reached twice (a
    // /Kids cycle or a node listed twice, ISO 32000-1 §7.7.3.2 forbids both) is read once,
    // so its text and figures are not counted twice.
    let found = pages::walk(&doc, limits.max_pages);
    let all: Vec<(u32, ObjectId)> = (1u32..).zip(found.ids).collect();
    if all.is_empty() {
        // Nothing to read is not an image-only document: say the structure is broken.
        return Err(ExtractError::pdf(
            "no page found in the page tree (empty, cyclic, or nested too deep)",
        ));
    }
    let mut warnings = Vec::new();
    if found.total > all.len() {
        warnings.push(format!(
            "only the first {} of {} pages were read",
            all.len(),
            found.total
        ));
    }
    if found.repeated > 0 {
        warnings.push(format!(
            "the page tree reaches {} nodes more than once (a cycle or shared kids); each was read once",
            found.repeated
        ));
    }
    let mut scans = Vec::new();
    for (n, id) in all.into_iter().take(limits.max_pages) {
        limits.check_time()?;
        let (page, scan) = read_page(&ctx, &mut fonts, n, id, &mut tables)?;
        if let Some(scan) = scan {
            scans.push((pages.len(), scan));
        }
        pages.push(page);
    }
    scan::read_scans(&ctx, bytes, &mut pages, scans, limits, &mut warnings);
    let unmapped: u32 = pages.iter().map(|p| p.unmapped_glyphs).sum();
    if unmapped > 0 {
        warnings.push(format!(
            "{unmapped} glyphs had no Unicode mapping and were left out"
        ));
    }
    Ok(Document {
        pages,
        meta,
        warnings,
        ..Document::default()
    })
}

/// An attribute of the page or the nearest ancestor that has it (ISO 32000-1 §7.7.3.4).
fn inherited<'a>(ctx: &Ctx<'a>, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_ANCESTORS {
        if let Some(v) = ctx.get(node, key) {
            return Some(v);
        }
        node = ctx.dict(node, b"Parent")?;
    }
    None
}

fn rect(ctx: &Ctx<'_>, o: Option<&Object>) -> Option<[f32; 4]> {
    let Some(Object::Array(a)) = o else {
        return None;
    };
    let v: Vec<f32> = a.iter().filter_map(|x| ctx.as_num(x)).collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}

fn read_page<'a>(
    ctx: &Ctx<'a>,
    fonts: &mut FontCache<'a>,
    number: u32,
    id: ObjectId,
    tables: &mut u32,
) -> Result<(Page, Option<scan::Scan>), ExtractError> {
    let Ok(page) = ctx.doc.get_dictionary(id) else {
        let page = Page {
            number: Some(number),
            ..Page::default()
        };
        return Ok((page, None));
    };
    let media = rect(ctx, inherited(ctx, page, b"MediaBox"))
        .filter(|r| r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let rotate = inherited(ctx, page, b"Rotate")
        .and_then(|o| ctx.as_num(o))
        .unwrap_or(0.0) as i32;
    let res = match inherited(ctx, page, b"Resources") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let mut content = Vec::new();
    let contents: Vec<&Object> = match page.get(b"Contents").ok().and_then(|o| ctx.resolve(o)) {
        Some(Object::Array(a)) => a.iter().collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    for o in contents {
        if let Some(Object::Stream(s)) = ctx.resolve(o) {
            content.extend_from_slice(&ctx.data(s)?);
            content.push(b'\n');
        }
    }
    let mut it = Interp::new(ctx, fonts, IDENTITY);
    it.run(&content, res)?;
    annotations(ctx, page, &mut it)?;
    let pt = it.finish();
    let blocks = layout::layout(&pt, media, rotate, tables);
    let has_text_layer = !pt.glyphs.is_empty() || pt.unmapped > 0;
    // No text to lay out: what the page paints may be read by OCR.
    let scan = blocks.is_empty().then_some(scan::Scan {
        media,
        rotate,
        paints: pt.paints > 0 || pt.images > 0,
        draws: pt.draws,
    });
    let page = Page {
        number: Some(number),
        has_text_layer,
        unmapped_glyphs: pt.unmapped,
        blocks,
        ..Page::default()
    };
    Ok((page, scan))
}

/// Draws the normal appearance of each visible annotation (form field values, stamps, free
/// text), as viewers and poppler do: the appearance's `/BBox` transformed by its `/Matrix` is
/// mapped onto the annotation's `/Rect` (ISO 32000-1 §12.5.5).
fn annotations<'a>(
    ctx: &Ctx<'a>,
    page: &'a Dictionary,
    it: &mut Interp<'_, 'a>,
) -> Result<(), ExtractError> {
    let Some(annots) = ctx.array(page, b"Annots") else {
        return Ok(());
    };
    for a in annots.iter().take(10_000) {
        ctx.limits.check_time()?;
        let Some(Object::Dictionary(ad)) = ctx.resolve(a) else {
            continue;
        };
        let flags = ctx.num(ad, b"F").unwrap_or(0.0) as u32;
        if flags & 2 != 0 || ctx.name(ad, b"Subtype") == Some(b"Popup") {
            continue;
        }
        let Some(r) = rect(ctx, ctx.get(ad, b"Rect")) else {
            continue;
        };
        let Some(ap) = ctx.dict(ad, b"AP") else {
            continue;
        };
        let raw = match ap.get(b"N") {
            Ok(o) => o,
            Err(_) => continue,
        };
        let (sid, stream) = match ctx.doc.dereference(raw) {
            Ok((sid, Object::Stream(s))) => (sid, s),
            Ok((_, Object::Dictionary(states))) => {
                let Some(state) = ctx.name(ad, b"AS") else {
                    continue;
                };
                match states.get(state).ok().map(|o| ctx.doc.dereference(o)) {
                    Some(Ok((sid, Object::Stream(s)))) => (sid, s),
                    _ => continue,
                }
            }
            _ => continue,
        };
        let Some(bbox) = rect(ctx, ctx.get(&stream.dict, b"BBox")) else {
            continue;
        };
        let m: Matrix = ctx
            .nums(&stream.dict, b"Matrix", 6)
            .map(|v| [v[0], v[1], v[2], v[3], v[4], v[5]])
            .unwrap_or(IDENTITY);
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| apply(&m, x, y));
        let (tx0, ty0) = corners
            .iter()
            .fold((f32::MAX, f32::MAX), |a, p| (a.0.min(p.0), a.1.min(p.1)));
        let (tx1, ty1) = corners
            .iter()
            .fold((f32::MIN, f32::MIN), |a, p| (a.0.max(p.0), a.1.max(p.1)));
        if tx1 - tx0 < 1e-3 || ty1 - ty0 < 1e-3 {
            continue;
        }
        let (sx, sy) = ((r[2] - r[0]) / (tx1 - tx0), (r[3] - r[1]) / (ty1 - ty0));
        let fit: Matrix = [sx, 0.0, 0.0, sy, r[0] - tx0 * sx, r[1] - ty0 * sy];
        let data = ctx.data(stream)?;
        let res = ctx.dict(&stream.dict, b"Resources");
        it.form(sid.unwrap_or((0, 0)), &data, mul(&m, &fit), res)?;
    }
    Ok(())
}
