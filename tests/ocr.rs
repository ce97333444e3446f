//! OCR end to end: a scanned certificate and a scanned yearly form, made here as image-only
//! PDFs (text typeset in a PDF of our own, rendered to gray pixels by poppler, the pixels put
//! back as the page's only content), read by `intake run` into exact facts marked `ocr`, the
//! same for `--jobs 1` and `--jobs 2`; with `--ocr off` the same files are unreadable, saying
//! why. Skips with a message where Tesseract (with `chi_sim`) or pdftoppm is missing.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// A PDF of one 420 × 300 pt page typesetting `lines` in STSong-Light (a non-embedded CJK font
/// with the UniGB-UCS2-H CMap: poppler substitutes an installed CJK font).
fn typeset(lines: &[&str]) -> Vec<u8> {
    let mut content = String::new();
    for (i, line) in lines.iter().enumerate() {
        let hex: String = line.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let y = 260 - 30 * i as i32;
        content.push_str(&format!("BT /F1 16 Tf 24 {y} Td <{hex}> Tj ET\n"));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 300] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
         /DescendantFonts [6 0 R] >>"
            .to_string(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo \
         << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>"
            .to_string(),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
         /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
            .to_string(),
    ];
    pdf(objects.iter().map(|o| o.as_bytes().to_vec()).collect())
}

/// A PDF from its objects (numbered from 1), with a correct cross-reference table.
fn pdf(objects: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Page 1 of `pdf` as 8-bit gray at 150 dpi: (width, height, pixels), or `None` without poppler.
fn render(pdf: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let mut child = Command::new("pdftoppm")
        .args(["-gray", "-r", "150", "-f", "1", "-l", "1", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    // P5 <w> <h> 255 <pixels>
    let header: Vec<&[u8]> = out.stdout.splitn(5, |b| b.is_ascii_whitespace()).collect();
    if header.len() < 5 || header[0] != b"P5" {
        return None;
    }
    let w: u32 = std::str::from_utf8(header[1]).ok()?.parse().ok()?;
    let h: u32 = std::str::from_utf8(header[2]).ok()?.parse().ok()?;
    let pixels = header[4].get(..(w * h) as usize)?.to_vec();
    // A page rendered without a CJK font is blank: nothing to read, so nothing to test.
    pixels.iter().any(|&p| p < 128).then_some((w, h, pixels))
}

/// An image-only PDF: the gray pixels as the one image XObject filling a 420 × 300 pt page.
fn scanned(w: u32, h: u32, pixels: Vec<u8>) -> Vec<u8> {
    let mut image = format!(
        "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray \
         /BitsPerComponent 8 /Length {} >>\nstream\n",
        pixels.len()
    )
    .into_bytes();
    image.extend_from_slice(&pixels);
    image.extend_from_slice(b"\nendstream");
    let content = "q 420 0 0 300 0 0 cm /Im1 Do Q\n";
    pdf(vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 300] /Contents 4 0 R \
          /Resources << /XObject << /Im1 5 0 R >> >> >>"
            .to_vec(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        )
        .into_bytes(),
        image,
    ])
}

const CERTIFICATE: [&str; 5] = [
    "营业执照",
    "统一社会信用代码：91350100M000100Y43",
    "名称：福州市星河检测技术有限公司",
    "类型：有限责任公司",
    "成立日期：2012年5月18日",
];

const FORM: [&str; 5] = [
    "2024年度运行情况表",
    "填报单位：福州市星河检测技术有限公司",
    "从业人员总数：169人",
    "实验场地面积（平方米）：1520",
    "仪器设备原值（万元）：7,044.00",
];

/// The batch: one submission holding both scans and a typed application; `None` where the
/// scans cannot be made here.
fn batch(dir: &Path) -> Option<()> {
    let sub = dir.join("sub-0001");
    std::fs::create_dir_all(&sub).unwrap();
    for (name, lines) in [
        ("营业执照扫描件.pdf", &CERTIFICATE),
        ("运行情况表扫描件.pdf", &FORM),
    ] {
        let (w, h, px) = render(&typeset(lines))?;
        std::fs::write(sub.join(name), scanned(w, h, px)).unwrap();
    }
    std::fs::write(
        sub.join("申报书.txt"),
        "申报单位：福州市星河检测技术有限公司\n统一社会信用代码：91350100M000100Y43\n从业人员总数为169人。\n",
    )
    .unwrap();
    Some(())
}

fn ocr_facts(out: &Path) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = common::jsonl(out, "facts")
        .into_iter()
        .filter(|f| f["method"] == "ocr")
        .map(|f| {
            let value = match &f["value"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (
                f["document"].as_str().unwrap().to_string(),
                f["metric"].as_str().unwrap().to_string(),
                value,
            )
        })
        .collect();
    v.sort();
    v
}

fn doc_record(out: &Path, name: &str) -> Value {
    let subs = common::jsonl(out, "submissions");
    subs[0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["document"] == name)
        .unwrap()
        .clone()
}

#[test]
fn scans_are_read_into_exact_facts_the_same_for_any_job_count() {
    let tmp = tempfile::tempdir().unwrap();
    if batch(&tmp.path().join("batch")).is_none() {
        eprintln!(
            "SKIP: pdftoppm with a CJK font is needed to make the scans (poppler-utils, poppler-data, fonts-noto-cjk)"
        );
        return;
    }
    let (one, two) = (tmp.path().join("out1"), tmp.path().join("out2"));
    common::run(&tmp.path().join("batch"), &one, &["--jobs", "1"]);
    let cert = doc_record(&one, "营业执照扫描件.pdf");
    if cert["reason"]
        .as_str()
        .is_some_and(|r| r.contains("Tesseract"))
    {
        eprintln!(
            "SKIP: Tesseract with chi_sim is not installed: {}",
            cert["reason"]
        );
        return;
    }
    assert_eq!(cert["status"], "ok", "{cert}");
    assert_eq!(cert["ocr_pages"], 1);
    assert!(cert["ocr_confidence"].as_u64().unwrap() >= 70, "{cert}");
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        ocr_facts(&one),
        [
            s(
                "营业执照扫描件.pdf",
                "org.credit_code",
                "91350100M000100Y43"
            ),
            s("营业执照扫描件.pdf", "org.founded", "2012-05-18"),
            s(
                "营业执照扫描件.pdf",
                "org.name",
                "福州市星河检测技术有限公司"
            ),
            s(
                "运行情况表扫描件.pdf",
                "equipment.original_value",
                "70440000"
            ),
            s("运行情况表扫描件.pdf", "facility.area_m2", "1520"),
            s(
                "运行情况表扫描件.pdf",
                "org.name",
                "福州市星河检测技术有限公司"
            ),
            s("运行情况表扫描件.pdf", "report.year", "2024"),
            s("运行情况表扫描件.pdf", "staff.total", "169"),
        ]
    );
    // Evidence quotes OCR text exactly as the page holds it, with its confidence in the note.
    let staff = common::jsonl(&one, "facts")
        .into_iter()
        .find(|f| f["metric"] == "staff.total" && f["method"] == "ocr")
        .unwrap();
    assert_eq!(staff["quote"], "从业人员总数：169人");
    assert!(
        staff["note"]
            .as_str()
            .unwrap()
            .starts_with("OCR 识别，置信度 "),
        "{staff}"
    );
    // Same input, same bytes, whatever the thread count.
    common::run(&tmp.path().join("batch"), &two, &["--jobs", "2"]);
    for f in ["facts.jsonl", "findings.jsonl", "submissions.jsonl"] {
        assert_eq!(
            std::fs::read(one.join(f)).unwrap(),
            std::fs::read(two.join(f)).unwrap(),
            "{f} differs between --jobs 1 and --jobs 2"
        );
    }
}

#[test]
fn with_ocr_off_a_scan_is_unreadable_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    if batch(&tmp.path().join("batch")).is_none() {
        eprintln!("SKIP: pdftoppm with a CJK font is needed to make the scans");
        return;
    }
    let out = tmp.path().join("out");
    common::run(&tmp.path().join("batch"), &out, &["--ocr", "off"]);
    let cert = doc_record(&out, "营业执照扫描件.pdf");
    assert_eq!(cert["status"], "unreadable");
    assert_eq!(
        cert["reason"],
        "无文本层，需OCR或人工阅读 (no text layer: image-only pages; OCR 已关闭 (--ocr off))"
    );
    assert!(ocr_facts(&out).is_empty());
    let warned = common::jsonl(&out, "findings").into_iter().any(|f| {
        f["kind"] == "unreadable_document" && f["evidence"][0]["document"] == "营业执照扫描件.pdf"
    });
    assert!(warned, "an unreadable_document finding names the scan");
}

/// Page 1 of `pdf` as a PNG at 150 dpi, or `None` without poppler.
fn render_png(pdf: &[u8]) -> Option<Vec<u8>> {
    let mut child = Command::new("pdftoppm")
        .args(["-png", "-gray", "-r", "150", "-f", "1", "-l", "1", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    out.stdout.starts_with(b"\x89PNG").then_some(out.stdout)
}

/// A DOCX whose body is one typed paragraph and one pasted picture (`word/media/image1.png`).
fn docx_with_picture(png: &[u8]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut bytes = Vec::new();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
    let o = SimpleFileOptions::default();
    let parts: [(&str, &[u8]); 4] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        (
            "word/_rels/document.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/></Relationships>"#,
        ),
        (
            "word/document.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><w:body><w:p><w:r><w:t>附件：营业执照（复印件）</w:t></w:r></w:p><w:p><w:r><w:drawing><a:graphic><a:graphicData><a:blip r:embed=\"rId7\"/></a:graphicData></a:graphic></w:drawing></w:r></w:p></w:body></w:document>".as_bytes(),
        ),
    ];
    for (name, data) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(data).unwrap();
    }
    z.start_file("word/media/image1.png", o).unwrap();
    z.write_all(png).unwrap();
    z.finish().unwrap();
    bytes
}

#[test]
fn a_scan_pasted_into_a_docx_is_read_after_its_text() {
    let Some(png) = render_png(&typeset(&CERTIFICATE)) else {
        eprintln!("SKIP: pdftoppm with a CJK font is needed to make the picture");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("batch/sub-0001");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("附件-营业执照.docx"), docx_with_picture(&png)).unwrap();
    let out = tmp.path().join("out");
    common::run(&tmp.path().join("batch"), &out, &[]);
    let rec = doc_record(&out, "附件-营业执照.docx");
    if rec["ocr_pages"].is_null() && intake_missing() {
        eprintln!("SKIP: Tesseract with chi_sim is not installed");
        return;
    }
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["ocr_pages"], 1, "{rec}");
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        ocr_facts(&out),
        [
            s(
                "附件-营业执照.docx",
                "org.credit_code",
                "91350100M000100Y43"
            ),
            s("附件-营业执照.docx", "org.founded", "2012-05-18"),
            s(
                "附件-营业执照.docx",
                "org.name",
                "福州市星河检测技术有限公司"
            ),
        ]
    );
}

/// Whether Tesseract's library or its Chinese model is missing on this machine.
fn intake_missing() -> bool {
    !Path::new("/usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata").is_file()
        && std::env::var_os("TESSDATA_PREFIX").is_none()
}
