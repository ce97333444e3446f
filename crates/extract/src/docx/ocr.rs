//! Scans pasted into a DOCX — a 营业执照 photographed and pasted as a picture, a stamped table
//! scanned back in — read by OCR and added after the document's text.
//!
//! Pictures are found as WordprocessingML draws them (`a:blip r:embed`, and VML's
//! `v:imagedata r:id` in older files), in document order, through the part's relationships
//! (ECMA-376 Part 2 §9.3). Only pictures large enough to be a page are read: logos, stamps and
//! signatures are not text.

use quick_xml::Reader;
use quick_xml::events::Event;

use intake_model::Block;

use crate::ocr::{self, Image, Source};
use crate::{ExtractError, Limits};

/// Smallest picture read, in pixels on each side: a scanned page at 100 dpi is 827 × 1169; a
/// logo or a stamp is a few hundred.
const MIN_SIDE: u32 = 500;

/// The zip paths of the pictures the body draws, in order, each once.
pub(crate) fn image_targets(body: &[u8], rels: &[u8]) -> Vec<String> {
    let mut targets: Vec<(String, String)> = Vec::new();
    let mut r = Reader::from_reader(rels);
    let mut buf = Vec::new();
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "Relationship" => {
                let get = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.into_inner() == k)
                        .map(|a| a.value.to_string())
                };
                let external = get("TargetMode").is_some_and(|m| m == "External");
                if let (Some(id), Some(t), Some(ty)) = (get("Id"), get("Target"), get("Type"))
                    && ty.ends_with("/image")
                    && !external
                {
                    targets.push((id, part_path(&t)));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    let mut out: Vec<String> = Vec::new();
    let mut r = Reader::from_reader(body);
    while let Ok(ev) = r.read_event_into(&mut buf) {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e)
                if matches!(e.local_name().into_inner(), "blip" | "imagedata") =>
            {
                for a in e.attributes().flatten() {
                    let key = a.key.into_inner();
                    if key.ends_with(":embed") || key == "r:id" {
                        let id = a.value.to_string();
                        if let Some((_, t)) = targets.iter().find(|(i, _)| *i == id)
                            && !out.contains(t)
                        {
                            out.push(t.clone());
                        }
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A relationship target of `word/document.xml` as a zip path: relative to `word/`, or
/// absolute from the package root.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("word/{}", target.trim_start_matches("./")),
    }
}

/// OCR blocks of the page-sized pictures among `targets`, read through `read` (the zip reader
/// with its decompression budget), within the OCR budget; failures become warnings.
pub(crate) fn read_images(
    targets: &[String],
    mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>, ExtractError>,
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Result<Vec<Block>, ExtractError> {
    let mut blocks = Vec::new();
    let mut done = 0usize;
    let mut skipped = 0usize;
    for t in targets {
        let Some(bytes) = read(t)? else { continue };
        let Some((w, h)) = ocr::encoded_size(&bytes) else {
            continue;
        };
        if w.min(h) < MIN_SIDE {
            continue;
        }
        if done == limits.ocr.max_pages {
            skipped += 1;
            continue;
        }
        done += 1;
        limits.grant(limits.ocr.page_timeout);
        // A picture carries no reliable resolution: take it as a page of A4 width (8.27 in).
        let dpi = ((w.min(h) as f32) / 8.27).round().max(70.0) as u32;
        let source = Source::Image {
            image: Image::Encoded(&bytes),
            dpi,
            width: w,
            place: None,
        };
        match ocr::recognise(source, &limits.ocr) {
            Ok(b) => blocks.extend(b),
            Err(e) => warnings.push(format!("图片 {t} OCR 未读出: {e}")),
        }
    }
    if skipped > 0 {
        warnings.push(format!(
            "OCR 只读了前 {} 张图片（另有 {skipped} 张未读）",
            limits.ocr.max_pages
        ));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_in_document_order_through_the_relationships() {
        let rels = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.jpeg"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="/word/media/image1.png"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://example.com/x.png" TargetMode="External"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"#;
        let body = br#"<w:document><w:body>
<w:p><w:r><w:drawing><a:blip r:embed="rId4"/></w:drawing></w:r></w:p>
<w:p><w:r><w:pict><v:imagedata r:id="rId9"/></w:pict></w:r></w:p>
<w:p><w:r><w:drawing><a:blip r:embed="rId4"/><a:blip r:embed="rId5"/><a:blip r:embed="rId6"/></w:drawing></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            image_targets(body, rels),
            ["word/media/image1.png", "word/media/image2.jpeg"]
        );
    }
}
