//! Pages with no text layer, read by OCR: which pixels to read, and the document's OCR budget.
//!
//! A page that draws one image over most of itself, upright (the CTM maps the image's unit
//! square onto the page without rotation or mirroring, ISO 32000-1 §8.9.4, and the page has
//! no /Rotate), is a scan: its image is read as it is stored, at its own resolution. Any other
//! page that paints something — outlined glyphs, a scan in strips, a masked image — is
//! rendered. A page that paints nothing is blank and left alone.

use lopdf::{Object, ObjectId};

use intake_model::Page;

use super::obj::{Ctx, Matrix};
use crate::Limits;
use crate::ocr::{self, Image, Placement, Source};

/// What OCR needs of a page the text layer left empty.
pub(crate) struct Scan {
    /// MediaBox `[x0, y0, x1, y1]`.
    pub(crate) media: [f32; 4],
    /// /Rotate in degrees.
    pub(crate) rotate: i32,
    /// Image XObjects drawn, with their CTM.
    pub(crate) draws: Vec<(ObjectId, Matrix)>,
    /// Whether the page paints anything (paths, shadings, images).
    pub(crate) paints: bool,
}

/// Smallest share of the page an image must cover to be read as the page's scan.
const COVER: f32 = 0.5;

/// Reads by OCR the pages in `scans` (index into `pages`) that have no blocks, within the OCR
/// budget, adding a warning for each page that failed and for pages past `max_pages`.
pub(crate) fn read_scans(
    ctx: &Ctx<'_>,
    bytes: &[u8],
    pages: &mut [Page],
    scans: Vec<(usize, Scan)>,
    limits: &Limits,
    warnings: &mut Vec<String>,
) {
    let todo: Vec<(usize, Scan)> = scans
        .into_iter()
        .filter(|(i, s)| s.paints && pages.get(*i).is_some_and(|p| p.blocks.is_empty()))
        .collect();
    if todo.is_empty() || !limits.ocr.active() {
        return;
    }
    let total = todo.len();
    for (i, scan) in todo.into_iter().take(limits.ocr.max_pages) {
        limits.grant(limits.ocr.page_timeout);
        let number = pages[i].number.unwrap_or(i as u32 + 1);
        let decoded;
        let source = match embedded(ctx, &scan) {
            Some(Embedded::Encoded(bytes, dpi, width, place)) => Source::Image {
                image: Image::Encoded(bytes),
                dpi,
                width,
                place: Some(place),
            },
            Some(Embedded::Raw(raw)) => match ctx.data(raw.stream) {
                Ok(data) => {
                    decoded = data;
                    Source::Image {
                        image: Image::Raw {
                            data: &decoded,
                            width: raw.width,
                            height: raw.height,
                            depth: raw.depth,
                            stride: (raw.width * raw.depth).div_ceil(8),
                        },
                        dpi: raw.dpi,
                        width: raw.width,
                        place: Some(raw.place),
                    }
                }
                Err(_) => render(bytes, number, &scan),
            },
            None => render(bytes, number, &scan),
        };
        let rendered = matches!(source, Source::Render { .. });
        let mut result = ocr::recognise(source, &limits.ocr);
        if result.is_err() && !rendered {
            // An embedded image the engine refused (odd samples, a broken JPEG): the page as
            // a viewer shows it may still be readable.
            result = ocr::recognise(render(bytes, number, &scan), &limits.ocr);
        }
        match result {
            Ok(blocks) => pages[i].blocks = blocks,
            Err(e) => warnings.push(format!("第{number}页 OCR 未读出: {e}")),
        }
    }
    if total > limits.ocr.max_pages {
        warnings.push(format!(
            "OCR 只读了前 {} 页无文本层的页面（共 {total} 页）",
            limits.ocr.max_pages
        ));
    }
}

fn render<'a>(bytes: &'a [u8], number: u32, scan: &Scan) -> Source<'a> {
    Source::Render {
        pdf: bytes,
        number,
        media: scan.media,
        rotate: scan.rotate,
    }
}

/// Samples to decode before recognition.
struct RawImage<'a> {
    stream: &'a lopdf::Stream,
    width: u32,
    height: u32,
    depth: u32,
    dpi: u32,
    place: Placement,
}

enum Embedded<'a> {
    /// JPEG or JPEG 2000 bytes as stored, their resolution, width in pixels, and placement.
    Encoded(&'a [u8], u32, u32, Placement),
    /// Flate (or unfiltered) samples.
    Raw(RawImage<'a>),
}

/// The page's scan, when one upright image covers at least [`COVER`] of it and no other image
/// covers a twentieth (a page of strips or a collage is rendered instead).
fn embedded<'a>(ctx: &Ctx<'a>, scan: &Scan) -> Option<Embedded<'a>> {
    if scan.rotate.rem_euclid(360) != 0 {
        return None;
    }
    let page_area = (scan.media[2] - scan.media[0]) * (scan.media[3] - scan.media[1]);
    let share = |m: &Matrix| (m[0] * m[3] - m[1] * m[2]).abs() / page_area.max(1.0);
    let mut big = scan.draws.iter().filter(|(_, m)| share(m) >= 0.05);
    let (id, m) = big.next()?;
    if big.next().is_some() || share(m) < COVER {
        return None;
    }
    // Upright: no rotation or shear, not mirrored.
    let [a, b, c, d, e, f] = *m;
    if b.abs() > 1e-3 * a.abs() || c.abs() > 1e-3 * d.abs() || a <= 0.0 || d <= 0.0 {
        return None;
    }
    let Ok(Object::Stream(s)) = ctx.doc.get_object(*id) else {
        return None;
    };
    let width = ctx.num(&s.dict, b"Width")? as u32;
    let height = ctx.num(&s.dict, b"Height")? as u32;
    if width == 0 || height == 0 || ctx.get(&s.dict, b"Decode").is_some() {
        return None;
    }
    if matches!(ctx.get(&s.dict, b"ImageMask"), Some(Object::Boolean(true))) {
        return None;
    }
    let place = Placement {
        scale: (a / width as f32, d / height as f32),
        media: [e, f, e + a, f + d],
    };
    let dpi = (width as f32 / (a / 72.0)).round().clamp(1.0, 2400.0) as u32;
    let filters: Vec<&[u8]> = s.filters().unwrap_or_default();
    match filters.as_slice() {
        [b"DCTDecode"] | [b"JPXDecode"] => {
            let (w, h) = ocr::encoded_size(&s.content)?;
            (w == width && h == height).then_some(Embedded::Encoded(&s.content, dpi, width, place))
        }
        fs if fs.iter().all(|f| *f == b"FlateDecode") => {
            let bpc = ctx.num(&s.dict, b"BitsPerComponent").unwrap_or(8.0) as u32;
            let comps = match ctx.get(&s.dict, b"ColorSpace") {
                Some(Object::Name(n)) if n == b"DeviceGray" => 1,
                Some(Object::Name(n)) if n == b"DeviceRGB" => 3,
                Some(Object::Array(a))
                    if a.first().and_then(|o| o.as_name().ok()) == Some(b"ICCBased") =>
                {
                    let icc = a.get(1).and_then(|o| ctx.resolve(o));
                    match icc {
                        Some(Object::Stream(st)) => ctx.num(&st.dict, b"N").unwrap_or(0.0) as u32,
                        _ => 0,
                    }
                }
                _ => 0,
            };
            let depth = match (bpc, comps) {
                (8, 1) => 8,
                (8, 3) => 24,
                (1, 1) => 1,
                _ => return None,
            };
            Some(Embedded::Raw(RawImage {
                stream: s,
                width,
                height,
                depth,
                dpi,
                place,
            }))
        }
        _ => None,
    }
}
