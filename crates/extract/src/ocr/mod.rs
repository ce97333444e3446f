//! OCR of what has no text layer: PDF pages that are images (scans, photographed forms) or
//! outlines (text drawn as vector paths), and scans pasted into a DOCX.
//!
//! The engine is Tesseract 5 with Debian's `chi_sim` model, through its C API ([`status`] says
//! whether it is there). A page's image is the embedded one where a single image fills the page
//! (the scanner's own pixels, at their own resolution: JPEG and JPEG 2000 go to Leptonica as
//! they are, Flate-coded gray, RGB and 1-bit samples straight to the engine); anything else is
//! rendered at 200 dpi by poppler's `pdftoppm` in a separate process.
//!
//! What comes out is ordinary [`Block`]s — page, position in PDF user space, text — marked with
//! the engine's confidence (`ocr_confidence`, 0–100), so facts, findings, search and the
//! copied-text check read OCR text like any other and can tell where it came from.
//!
//! Budgets ([`OcrLimits`]): at most `max_pages` pages per document, each within `page_timeout`;
//! each page granted adds its time to the document's watchdog (see [`crate::Limits::grant`]),
//! so a 20-page scan is not cut off by the 30-second budget meant for text.

mod engine;
mod lines;
mod render;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use intake_model::Block;

pub use engine::status;
pub(crate) use engine::{Image, encoded_size};
pub(crate) use lines::Placement;

/// OCR budgets and switch (`--ocr auto|off`, `--ocr-pages`, `--ocr-page-timeout`).
#[derive(Debug, Clone)]
pub struct OcrLimits {
    /// Recognise image-only pages where Tesseract is installed (default true: `--ocr auto`).
    pub enabled: bool,
    /// Most pages (PDF) or pasted images (DOCX) recognised per document (default 30); the rest
    /// are listed in the document's warnings.
    pub max_pages: usize,
    /// Wall time for one page: rendering and recognition (default 60 s).
    pub page_timeout: Duration,
}

impl Default for OcrLimits {
    fn default() -> Self {
        OcrLimits {
            enabled: true,
            max_pages: 30,
            page_timeout: Duration::from_secs(60),
        }
    }
}

impl OcrLimits {
    /// Whether OCR will run: enabled and the engine loads.
    pub fn active(&self) -> bool {
        self.enabled && status().is_ok()
    }
}

static PAGES: AtomicU64 = AtomicU64::new(0);

/// Pages (and pictures) recognised by this process so far, for the progress display.
pub fn pages_recognised() -> u64 {
    PAGES.load(Ordering::Relaxed)
}

/// Where a page's pixels come from.
pub(crate) enum Source<'a> {
    /// An image from the document, with its resolution and where it sits on the page.
    Image {
        /// The image.
        image: Image<'a>,
        /// Its resolution in dots per inch, as placed on the page.
        dpi: u32,
        /// Its width in pixels (for the layout of wrapped lines).
        width: u32,
        /// Pixel → PDF user space; `None` for DOCX images.
        place: Option<Placement>,
    },
    /// Page `number` of the PDF `pdf`, rendered; `media` is its MediaBox, `rotate` its /Rotate.
    Render {
        /// The whole file.
        pdf: &'a [u8],
        /// 1-based page number.
        number: u32,
        /// MediaBox `[x0, y0, x1, y1]`.
        media: [f32; 4],
        /// /Rotate in degrees.
        rotate: i32,
    },
}

/// Recognises one page or image into blocks. Errors name what failed, for the document's
/// warnings (renderer missing or failed, image refused, time budget spent).
pub(crate) fn recognise(source: Source<'_>, limits: &OcrLimits) -> Result<Vec<Block>, String> {
    let blocks = recognise_inner(source, limits)?;
    PAGES.fetch_add(1, Ordering::Relaxed);
    Ok(blocks)
}

fn recognise_inner(source: Source<'_>, limits: &OcrLimits) -> Result<Vec<Block>, String> {
    let ms = limits.page_timeout.as_millis().min(u128::from(u32::MAX)) as u32;
    match source {
        Source::Image {
            image,
            dpi,
            width,
            place,
        } => {
            let tsv = engine::recognize(&image, dpi, ms)?;
            Ok(lines::blocks(&tsv, width as f32, place))
        }
        Source::Render {
            pdf,
            number,
            media,
            rotate,
        } => {
            if !render::available() {
                return Err("未安装 pdftoppm（poppler-utils），无法渲染此页".into());
            }
            let dpi = render::dpi_for(media[2] - media[0], media[3] - media[1]);
            let started = std::time::Instant::now();
            let g = render::render(pdf, number, dpi, limits.page_timeout)?;
            let left = limits.page_timeout.saturating_sub(started.elapsed());
            let image = Image::Raw {
                data: &g.pixels,
                width: g.width,
                height: g.height,
                depth: 8,
                stride: g.width,
            };
            let tsv = engine::recognize(&image, g.dpi, left.as_millis().max(1000) as u32)?;
            // pdftoppm turns a rotated page upright; its boxes are then not the MediaBox's.
            let place = (rotate.rem_euclid(360) == 0).then_some(Placement {
                scale: (72.0 / g.dpi as f32, 72.0 / g.dpi as f32),
                media,
            });
            Ok(lines::blocks(&tsv, g.width as f32, place))
        }
    }
}
