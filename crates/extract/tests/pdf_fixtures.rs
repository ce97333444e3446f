//! Exact text intake reads from `fixtures/pdf/*.pdf` (written by `examples/pdf_make_fixtures.rs`),
//! one fixture per decoding or layout path of the PDF reader.

use intake_extract::Limits;
use intake_extract::pdf::read_pdf;
use intake_model::{BlockKind, Document};

fn read(name: &str) -> Document {
    let path = format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_pdf(&bytes, &Limits::default().start()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn lines(doc: &Document) -> Vec<String> {
    doc.pages
        .iter()
        .flat_map(|p| p.blocks.iter().map(|b| b.text.clone()))
        .collect()
}

#[test]
fn identity_h_with_tounicode() {
    // bfchar, bfrange (start string and array form), a surrogate pair, one code → "fl";
    // code 0x00FF is not in the ToUnicode map and falls back to Adobe-GB1 CID 255.
    let doc = read("identity-h-tounicode.pdf");
    assert_eq!(lines(&doc), ["申报书乧", "𠀀flAⅥ"]);
    assert_eq!(doc.pages[0].unmapped_glyphs, 0);
}

#[test]
fn unigb_ucs2_h_without_tounicode() {
    assert_eq!(lines(&read("unigb-ucs2-h.pdf")), ["高新技术企业认定2024"]);
}

#[test]
fn gbk_euc_h_without_tounicode() {
    assert_eq!(lines(&read("gbk-euc-h.pdf")), ["申报单位：ABC科技有限公司"]);
}

#[test]
fn simple_font_differences() {
    // uni4E2D, afii10017 (Cyrillic А), the ligature name f_i, Euro; then WinAnsi.
    assert_eq!(lines(&read("simple-differences.pdf")), ["中Аfi€xyz"]);
}

#[test]
fn tj_kerning_gaps() {
    // 20 and -30 thousandths keep words together; -600 opens a word gap.
    assert_eq!(lines(&read("tj-kerning.pdf")), ["Kerning gaps"]);
}

#[test]
fn form_xobject_twice_and_self_reference() {
    let doc = read("form-xobject.pdf");
    assert_eq!(lines(&doc), ["In the form", "In the form", "Loop"]);
    assert_eq!(
        doc.pages[0].blocks[1].bbox.map(|b| b[1].round()),
        Some(598.0)
    );
}

#[test]
fn q_restores_font() {
    assert_eq!(lines(&read("q-font-switch.pdf")), ["中", "a", "中"]);
}

#[test]
fn two_columns_read_column_by_column() {
    let got = lines(&read("two-columns.pdf"));
    let want: Vec<String> = (0..8)
        .map(|i| format!("left column line {i}"))
        .chain((0..8).map(|i| format!("right column line {i}")))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn table_rows_with_tabs() {
    let doc = read("table.pdf");
    let b = &doc.pages[0].blocks;
    assert_eq!(
        lines(&doc),
        [
            "Item\tAmount\tYear",
            "Revenue\t1200\t2023",
            "Staff\t35\t2024",
            "End of table"
        ]
    );
    assert_eq!(b[1].kind, BlockKind::TableRow { table: 0, row: 1 });
    assert_eq!(b[1].cells(), ["Revenue", "1200", "2023"]);
    assert_eq!(b[3].kind, BlockKind::Paragraph);
}

#[test]
fn rotated_page_reads_upright() {
    let doc = read("rotated-page.pdf");
    assert_eq!(lines(&doc), ["First rotated line", "Second rotated line"]);
    // The bounding box stays in user space: the first line's baseline is x = 100, its glyphs
    // rise to x = 100 - 0.8 em, and 18 glyphs of 6 pt run up from y = 72 to y = 180.
    let bb = doc.pages[0].blocks[0].bbox.expect("bbox").map(f32::round);
    assert_eq!(bb, [90.0, 72.0, 102.0, 180.0]);
}

#[test]
fn image_only_page_has_no_text_layer() {
    let doc = read("image-only.pdf");
    assert_eq!(doc.pages.len(), 1);
    assert!(!doc.pages[0].has_text_layer);
    assert!(doc.pages[0].blocks.is_empty());
}

#[test]
fn gbk_bytes_in_winansi_font_and_actual_text() {
    assert_eq!(
        lines(&read("gbk-winansi-actualtext.pdf")),
        ["关于红军作战的原则", "Fi ok"]
    );
}

#[test]
fn metadata_from_info() {
    let doc = read("table.pdf");
    assert_eq!(
        doc.meta.producer.as_deref(),
        Some("intake pdf_make_fixtures")
    );
    assert_eq!(doc.meta.created.as_deref(), Some("2024-01-02T03:04:05"));
    assert_eq!(doc.meta.revisions, 0);
    assert!(!doc.meta.encrypted);
    assert_eq!(doc.page_count(), Some(1));
}

#[test]
fn hostile_inputs_end_with_errors_not_panics() {
    let limits = Limits::default().start();
    assert!(read_pdf(b"%PDF-1.7\n garbage", &limits).is_err());
    // Truncating a valid file anywhere must not panic.
    let path = format!(
        "{}/../../fixtures/pdf/form-xobject.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("fixture");
    for cut in (0..bytes.len()).step_by(97) {
        let _ = read_pdf(&bytes[..cut], &limits);
    }
    // A tiny decompressed-bytes budget is reported as over budget.
    let tight = Limits {
        max_decompressed_bytes: 10,
        ..Limits::default()
    }
    .start();
    let err = read_pdf(&bytes, &tight).expect_err("over budget");
    assert!(
        matches!(err, intake_extract::ExtractError::OverBudget(_)),
        "{err}"
    );
}

#[test]
fn encrypted_with_empty_user_password_is_read() {
    let doc = read("encrypted-empty-password.pdf");
    assert_eq!(lines(&doc), ["Encrypted text 2024"]);
    assert!(doc.meta.encrypted);
    assert_eq!(
        doc.meta.producer.as_deref(),
        Some("intake pdf_make_fixtures")
    );
}

#[test]
fn encrypted_with_user_password_is_refused() {
    let path = format!(
        "{}/../../fixtures/pdf/encrypted-user-password.pdf",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("fixture");
    let err = read_pdf(&bytes, &Limits::default().start()).expect_err("needs a password");
    assert_eq!(err, intake_extract::ExtractError::Encrypted);
}

#[test]
fn identity_h_without_tounicode_uses_embedded_truetype_cmap() {
    let doc = read("identity-h-embedded-truetype.pdf");
    assert_eq!(lines(&doc), ["申报书A"]);
    assert_eq!(doc.pages[0].unmapped_glyphs, 0);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn vertical_writing_reads_columns_right_to_left() {
    let doc = read("vertical-unigb-ucs2-v.pdf");
    assert_eq!(lines(&doc), ["竖排文字", "第二列"]);
    // The first column runs down from y = 700 at x = 500: four 12 pt glyphs.
    let bb = doc.pages[0].blocks[0].bbox.expect("bbox").map(f32::round);
    assert_eq!(bb, [498.0, 652.0, 510.0, 700.0]);
}

/// A page whose Form XObjects nest 200 deep, each drawing its depth: reading stops at
/// `Limits::max_depth` forms instead of recursing without bound.
#[test]
fn nested_forms_stop_at_max_depth() {
    use lopdf::{Dictionary, Object, Stream, dictionary};
    let mut doc = lopdf::Document::with_version("1.7");
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let mut inner: Option<lopdf::ObjectId> = None;
    for depth in (1..=200).rev() {
        let mut res = dictionary! { "Font" => dictionary! { "F1" => font } };
        let mut content =
            format!("BT /F1 10 Tf 0 0 Td (d{depth}) Tj ET 1 0 0 1 0 -12 cm").into_bytes();
        if let Some(id) = inner {
            res.set("XObject", dictionary! { "X" => id });
            content.extend_from_slice(b" /X Do");
        }
        let form = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 9.into(), 9.into()], "Resources" => res },
            content,
        );
        inner = Some(doc.add_object(form));
    }
    let pages = doc.new_object_id();
    let contents = doc.add_object(Stream::new(
        Dictionary::new(),
        b"q 1 0 0 1 72 800 cm /X Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 5000.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "X" => inner.expect("form") } },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let limits = Limits {
        max_depth: 10,
        ..Limits::default()
    }
    .start();
    let read = read_pdf(&bytes, &limits).expect("read");
    let want: Vec<String> = (1..=10).map(|d| format!("d{d}")).collect();
    assert_eq!(lines(&read), want);
}
