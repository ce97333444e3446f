//! Writes `fixtures/hostile/*`: small files built to break document readers — zip bombs,
//! entity bombs, reference cycles, 100,000-deep nesting, lying lengths, broken cross-reference
//! tables, encrypted and legacy files, invalid and mixed text encodings. Every byte is written
//! here (PDFs by hand so the damage is exactly what is named; encryption through lopdf's
//! standard security handler, ISO 32000-1 §7.6.3). `tests/hostile.rs` runs `intake run` over
//! them and pins what becomes of each; files too big to commit (10,000 pages, multi-GB text)
//! are made by that test at run time.
//!
//! ```text
//! cargo run -p intake-extract --example make_hostile [-- OUT_DIR]
//! ```

use std::io::{Cursor, Write};
use std::path::PathBuf;

use lopdf::{Document, Object, dictionary};

/// Deepest nesting written into the nesting fixtures (the issue's figure).
const DEEP: usize = 100_000;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/hostile")
        });
    std::fs::create_dir_all(&dir).expect("create fixture folder");
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    pdfs(&mut files);
    docxs(&mut files);
    texts(&mut files);
    let mut total = 0;
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).expect("write fixture");
        total += bytes.len();
        println!("{:>9}  {name}", bytes.len());
    }
    println!("{} files, {total} bytes", files.len());
}

// ---------------------------------------------------------------------------------------------
// PDF, written object by object so that each defect is exactly the one named.

/// UTF-16BE hex of `s`, for a `UniGB-UCS2-H` string operand.
fn hex16(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A text-showing content stream: one line per string, 20 pt apart.
fn text_content(lines: &[&str]) -> String {
    let mut c = String::from("BT /F1 12 Tf 72 760 Td 20 TL\n");
    for l in lines {
        c.push_str(&format!("<{}> Tj T*\n", hex16(l)));
    }
    c.push_str("ET\n");
    c
}

/// Objects 10 and 11: a non-embedded STSong-Light over `UniGB-UCS2-H` (Adobe-GB1).
fn font_objects() -> Vec<(u32, Vec<u8>)> {
    vec![
        (
            10,
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
              /DescendantFonts [11 0 R] >>"
                .to_vec(),
        ),
        (
            11,
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
              /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>"
                .to_vec(),
        ),
    ]
}

fn stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {}{dict_extra} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A one-page document: catalog 1, pages 2, page 3 (content 4, font F1), plus `extra` objects.
fn one_page(content: &[u8], page_extra: &str, extra: Vec<(u32, Vec<u8>)>) -> Vec<(u32, Vec<u8>)> {
    let mut objs = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
                 /Resources << /Font << /F1 10 0 R >>{page_extra} >> >>"
            )
            .into_bytes(),
        ),
        (4, stream("", content)),
    ];
    objs.extend(font_objects());
    objs.extend(extra);
    objs
}

/// Serialises objects with a correct classic cross-reference table (ISO 32000-1 §7.5.4) and a
/// trailer naming object 1 as the catalog, with `trailer_extra` appended to the trailer.
fn write_pdf(objs: &[(u32, Vec<u8>)], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let size = objs.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1;
    let mut offsets = vec![None; size as usize];
    for (n, body) in objs {
        offsets[*n as usize] = Some(out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for o in &offsets {
        match o {
            Some(off) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root 1 0 R{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n"
        )
        .as_bytes(),
    );
    out
}

const GOOD_LINES: [&str; 2] = ["申报单位：闽江检测技术有限公司", "从业人员共计126人"];

fn pdfs(files: &mut Vec<(&str, Vec<u8>)>) {
    let good = text_content(&GOOD_LINES);

    // Page tree cycle: the root's /Kids holds the root itself and an intermediate node whose
    // /Kids point back at the root (ISO 32000-1 §7.7.3.2 forbids it; a naive walk never ends).
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    objs[1].1 = b"<< /Type /Pages /Kids [3 0 R 2 0 R 5 0 R] /Count 3 >>".to_vec();
    objs.push((
        5,
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 5 0 R] /Count 1 >>".to_vec(),
    ));
    files.push(("pdf-page-tree-cycle.pdf", write_pdf(&objs, "")));

    // A page tree 2,000 levels deep (each node one kid): inherited attributes and the page
    // walk must stop at their depth bounds.
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    let levels = 2_000u32;
    let first = 100u32;
    objs[1].1 = format!("<< /Type /Pages /Kids [{first} 0 R] /Count 1 >>").into_bytes();
    for i in 0..levels {
        let n = first + i;
        let (parent, kid) = (
            if i == 0 { 2 } else { n - 1 },
            if i + 1 == levels { 3 } else { n + 1 },
        );
        objs.push((
            n,
            format!("<< /Type /Pages /Parent {parent} 0 R /Kids [{kid} 0 R] /Count 1 >>")
                .into_bytes(),
        ));
    }
    objs[2].1 = String::from_utf8(objs[2].1.clone())
        .unwrap()
        .replace(
            "/Parent 2 0 R",
            &format!("/Parent {} 0 R", first + levels - 1),
        )
        .into_bytes();
    files.push(("pdf-deep-page-tree.pdf", write_pdf(&objs, "")));

    // An intermediate node claiming 2^40 pages over one real page: lopdf's get_pages sized
    // its result by /Count and asked for 13 TB (issue 17). Nothing may be allocated from it.
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    objs[1].1 = b"<< /Type /Pages /Kids [5 0 R] /Count 1099511627776 >>".to_vec();
    objs.push((
        5,
        b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count 1099511627776 >>".to_vec(),
    ));
    objs[2].1 = String::from_utf8(objs[2].1.clone())
        .unwrap()
        .replace("/Parent 2 0 R", "/Parent 5 0 R")
        .into_bytes();
    files.push(("pdf-page-count-huge.pdf", write_pdf(&objs, "")));

    // A diamond page tree: 40 levels whose node lists the next node twice, so a walk that
    // does not remember the nodes it entered meets the one page 2^40 times (issue 17).
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    let (first, levels) = (100u32, 40u32);
    objs[1].1 = format!("<< /Type /Pages /Kids [{first} 0 R {first} 0 R] /Count 2 >>").into_bytes();
    for i in 0..levels {
        let n = first + i;
        let kid = if i + 1 == levels { 3 } else { n + 1 };
        let count = 1u64 << (levels - i);
        objs.push((
            n,
            format!("<< /Type /Pages /Kids [{kid} 0 R {kid} 0 R] /Count {count} >>").into_bytes(),
        ));
    }
    objs[2].1 = String::from_utf8(objs[2].1.clone())
        .unwrap()
        .replace(
            "/Parent 2 0 R",
            &format!("/Parent {} 0 R", first + levels - 1),
        )
        .into_bytes();
    files.push(("pdf-page-tree-diamond.pdf", write_pdf(&objs, "")));

    // A Form XObject that draws itself, and two that draw each other (§8.10: a form must not
    // invoke itself; readers that follow blindly recurse forever).
    let form_text = text_content(&["表单内文字：从业人员共计126人"]);
    let self_form = format!("{form_text}/Fm1 Do\n");
    let ab = "/FmB Do\n";
    let ba = "/FmA Do\n";
    let form_dict = |res: &str| {
        format!(
            " /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 10 0 R >> /XObject << {res} >> >>"
        )
    };
    let objs = one_page(
        b"/Fm1 Do /FmA Do\n",
        " /XObject << /Fm1 5 0 R /FmA 6 0 R >>",
        vec![
            (5, stream(&form_dict("/Fm1 5 0 R"), self_form.as_bytes())),
            (6, stream(&form_dict("/FmB 7 0 R"), ab.as_bytes())),
            (7, stream(&form_dict("/FmA 6 0 R"), ba.as_bytes())),
        ],
    );
    files.push(("pdf-self-drawing-form.pdf", write_pdf(&objs, "")));

    // /Length lies: one content stream claims 5 bytes, another claims far past the end of file.
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    objs[3].1 = {
        let mut v = b"<< /Length 5 >>\nstream\n".to_vec();
        v.extend_from_slice(good.as_bytes());
        v.extend_from_slice(b"\nendstream");
        v
    };
    files.push(("pdf-length-short.pdf", write_pdf(&objs, "")));
    let mut objs = one_page(good.as_bytes(), "", vec![]);
    objs[3].1 = {
        let mut v = b"<< /Length 99999999 >>\nstream\n".to_vec();
        v.extend_from_slice(good.as_bytes());
        v.extend_from_slice(b"\nendstream");
        v
    };
    files.push(("pdf-length-long.pdf", write_pdf(&objs, "")));

    // Broken cross-reference table: every offset wrong and startxref past the end of file, so
    // the reader has to rebuild the table by scanning for `n 0 obj`.
    let objs = one_page(good.as_bytes(), "", vec![]);
    let mut pdf = write_pdf(&objs, "");
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let xref_at = text.find("xref\n").unwrap();
    let mut broken = pdf[..xref_at].to_vec();
    broken.extend_from_slice(b"xref\n0 12\n");
    for i in 0..12 {
        broken.extend_from_slice(format!("{:010} 00000 n \n", 7 + i * 13).as_bytes());
    }
    broken.extend_from_slice(b"trailer\n<< /Size 12 /Root 1 0 R >>\nstartxref\n987654\n%%EOF\n");
    files.push(("pdf-broken-xref.pdf", broken));

    // An xref chain whose /Prev points at itself (an infinite chain of updates).
    pdf = write_pdf(&objs, "");
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let xref_at = text.rfind("startxref\n").unwrap();
    let start: usize = text[xref_at + 10..]
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let with_prev = write_pdf(&objs, &format!(" /Prev {start}"));
    files.push(("pdf-xref-prev-loop.pdf", with_prev));

    // Encrypted, RC4-128 (§7.6.3 V2/R3): with an empty user password (opens without asking,
    // so it is read) and with a real one (reported as encrypted).
    for (name, pw) in [
        ("pdf-encrypted-empty-password.pdf", ""),
        ("pdf-encrypted-password.pdf", "秘密2024"),
    ] {
        files.push((name, encrypted(&GOOD_LINES, pw)));
    }

    // 100,000-deep nesting: an array object, a dictionary object, and a content stream holding
    // both plus malformed dictionaries (`<< <<`), each 100,000 levels deep.
    let deep_array = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let objs = one_page(
        good.as_bytes(),
        "",
        vec![(5, deep_array.clone().into_bytes())],
    );
    let mut objs = objs;
    objs[0].1 = b"<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>".to_vec();
    files.push(("pdf-deep-array.pdf", write_pdf(&objs, "")));
    let deep_dict = format!("{}1{}", "<</A".repeat(DEEP), ">>".repeat(DEEP));
    let mut objs = one_page(good.as_bytes(), "", vec![(5, deep_dict.into_bytes())]);
    objs[0].1 = b"<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>".to_vec();
    files.push(("pdf-deep-dict.pdf", write_pdf(&objs, "")));
    let content = format!(
        "{good}{deep_array} pop\n{}{} /Tag BDC EMC\n{} BDC\n{good}",
        "<< /A ".repeat(DEEP),
        " >>".repeat(DEEP),
        "<< ".repeat(DEEP)
    );
    // Stored compressed: 1.4 MB of brackets is a few kilobytes of FlateDecode.
    let mut deep = lopdf::Stream::new(dictionary! {}, content.into_bytes());
    deep.compress().expect("compress");
    let mut objs = one_page(&[], "", vec![]);
    objs[3].1 = stream(" /Filter /FlateDecode", &deep.content);
    files.push(("pdf-deep-content.pdf", write_pdf(&objs, "")));

    // A ToUnicode CMap of 10,000 ranges each over all 65,536 codes (655 million mappings
    // unbounded), stored compressed in a few kilobytes; the ranges map every code to itself.
    let mut cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n".to_vec();
    for _ in 0..100 {
        cmap.extend_from_slice(b"100 beginbfrange\n");
        cmap.extend(b"<0000> <FFFF> <0000>\n".repeat(100));
        cmap.extend_from_slice(b"endbfrange\n");
    }
    cmap.extend_from_slice(b"endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let mut tu = lopdf::Stream::new(dictionary! {}, cmap);
    tu.compress().expect("compress");
    let mut objs = one_page(
        good.as_bytes(),
        "",
        vec![(5, stream(" /Filter /FlateDecode", &tu.content))],
    );
    objs[4].1 = b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H \
              /DescendantFonts [11 0 R] /ToUnicode 5 0 R >>"
        .to_vec();
    files.push(("pdf-tounicode-range-bomb.pdf", write_pdf(&objs, "")));

    // Image-only: one page that paints a 2×2 grey image and has no text at all.
    let objs = one_page(
        b"q 200 0 0 200 100 500 cm /Im1 Do Q\n",
        " /XObject << /Im1 5 0 R >>",
        vec![(
            5,
            stream(
                " /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &[0x00, 0x80, 0x80, 0xFF],
            ),
        )],
    );
    files.push(("pdf-image-only.pdf", write_pdf(&objs, "")));

    // A nested compression bomb: /Filter [/FlateDecode /FlateDecode] over 600 MB of spaces
    // stored in a few kilobytes.
    files.push(("pdf-flate-bomb.pdf", flate_bomb()));

    // A PDF header followed by noise: nothing to recover.
    let mut junk = b"%PDF-1.4\n".to_vec();
    junk.extend(noise(3000, 7));
    files.push(("pdf-garbage.pdf", junk));
}

/// Deterministic pseudo-random bytes (xorshift64).
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15 ^ seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The good page, encrypted by lopdf with `user_password`.
fn encrypted(lines: &[&str], user_password: &str) -> Vec<u8> {
    let mut doc = Document::load_mem(&write_pdf(
        &one_page(text_content(lines).as_bytes(), "", vec![]),
        "",
    ))
    .expect("own PDF loads");
    let id = Object::String(
        b"intake-hostile-id".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("write pdf");
    out
}

fn flate_bomb() -> Vec<u8> {
    // 600 MB of spaces, compressed twice: each layer is FlateDecode.
    let mut inner = lopdf::Stream::new(dictionary! {}, vec![b' '; 600 << 20]);
    inner.compress().expect("compress");
    let mut outer = lopdf::Stream::new(dictionary! {}, inner.content);
    outer.compress().expect("compress");
    let data = outer.content;
    let mut objs = one_page(&[], "", vec![]);
    objs[3].1 = {
        let mut v = format!(
            "<< /Length {} /Filter [/FlateDecode /FlateDecode] >>\nstream\n",
            data.len()
        )
        .into_bytes();
        v.extend_from_slice(&data);
        v.extend_from_slice(b"\nendstream");
        v
    };
    write_pdf(&objs, "")
}

// ---------------------------------------------------------------------------------------------
// DOCX (ECMA-376 packages) and OLE2 compound files ([MS-CFB]).

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document_xml(prolog: &str, paragraphs: &[&str]) -> String {
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{prolog}<w:document xmlns:w=\"{W_NS}\"><w:body>"
    );
    for p in paragraphs {
        x.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"
        ));
    }
    x.push_str("</w:body></w:document>");
    x
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

/// A zip of `entries`, deflated, in the given order.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut z = zip::ZipWriter::new(Cursor::new(&mut out));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        for (name, data) in entries {
            z.start_file(*name, opts).expect("zip entry");
            z.write_all(data).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    out
}

/// A DOCX package around `document` (content types, package relationships, the body).
fn docx(document: &str, more: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    entries.extend_from_slice(more);
    zip(&entries)
}

/// Rewrites the uncompressed-size fields of entry `name` in both its local header and its
/// central-directory record (APPNOTE 4.3.7 and 4.3.12) — a header that lies.
fn set_declared_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut i = 0;
    while i + 46 <= zip.len() {
        if zip[i..].starts_with(b"PK\x03\x04") && zip[i + 30..].starts_with(n) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
        }
        if zip[i..].starts_with(b"PK\x01\x02") && zip[i + 46..].starts_with(n) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
        }
        i += 1;
    }
}

fn docxs(files: &mut Vec<(&str, Vec<u8>)>) {
    let good = document_xml(
        "",
        &[
            "申报单位：闽江检测技术有限公司",
            "研发人员45人，从业人员共计126人。",
        ],
    );

    // Zip bomb by ratio: 64 MB of spaces inside word/document.xml, stored in ~64 KB.
    let mut big = document_xml("", &["申报单位：闽江检测技术有限公司"]).into_bytes();
    let tail = big.split_off(big.len() - "</w:body></w:document>".len());
    big.extend(std::iter::repeat_n(b' ', 64 << 20));
    big.extend(tail);
    files.push((
        "docx-zip-bomb-ratio.docx",
        zip(&[("word/document.xml", &big)]),
    ));

    // Zip bomb by total size: the header declares 3.9 GB for word/document.xml.
    let mut z = docx(&good, &[]);
    set_declared_size(&mut z, "word/document.xml", 0xF000_0000);
    files.push(("docx-zip-bomb-declared.docx", z));

    // A header that lies small: it declares 2,000 bytes for 64 MB of data (ratio ~1000).
    let mut z = zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", &big),
    ]);
    set_declared_size(&mut z, "word/document.xml", 2_000);
    files.push(("docx-zip-bomb-lying-header.docx", z));

    // Entries whose names climb out of any folder they would be unpacked into: the document
    // is read (its text is what counts) and nothing is ever written to disk.
    let evil = b"this must never be written anywhere";
    files.push((
        "docx-path-traversal.docx",
        docx(
            &good,
            &[
                ("../../../../tmp/intake-hostile-escape.txt", evil),
                ("/etc/intake-hostile.txt", evil),
                ("word/../../escape.xml", evil),
            ],
        ),
    ));

    // Billion laughs: nine levels of entities, each ten of the one before (10^9 "lol").
    let mut dtd = String::from("<!DOCTYPE w:document [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    let laughs = document_xml(
        &dtd,
        &[
            "申报单位：闽江检测技术有限公司",
            "研发人员45人&lol9;&xxe;，从业人员共计126人。",
        ],
    );
    files.push(("docx-billion-laughs.docx", docx(&laughs, &[])));

    // Missing parts: only the body (no content types, relationships or properties) — read;
    // and a package with everything but the body — reported.
    files.push((
        "docx-body-only.docx",
        zip(&[("word/document.xml", good.as_bytes())]),
    ));
    files.push((
        "docx-missing-body.docx",
        zip(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/styles.xml", b"<w:styles/>"),
        ]),
    ));

    // Macro-enabled (.docm): the text is read, the macros never run.
    files.push((
        "docx-macro.docm",
        docx(&good, &[("word/vbaProject.bin", &noise(2048, 3))]),
    ));

    // 100,000-deep XML nesting in the body.
    let deep = document_xml("", &[]).replace(
        "<w:body>",
        &format!(
            "<w:body>{}{}",
            "<w:sdt>".repeat(DEEP),
            "</w:sdt>".repeat(DEEP)
        ),
    );
    files.push(("docx-deep-xml.docx", docx(&deep, &[])));

    // Broken: mismatched tags in the body; and a good package cut in half.
    let bad = good.replace("</w:t></w:r></w:p>", "</w:r></w:t></w:p>");
    files.push(("docx-bad-xml.docx", docx(&bad, &[])));
    let whole = docx(&good, &[("docProps/core.xml", b"<cp:coreProperties/>")]);
    files.push(("docx-truncated.docx", whole[..whole.len() / 2].to_vec()));

    // Password-protected OOXML: an OLE2 compound file holding EncryptionInfo and
    // EncryptedPackage ([MS-OFFCRYPTO] 2.3.4.10 agile encryption).
    let mut info = vec![0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00];
    info.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\"><keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\"/></encryption>");
    let mut package = 5000u64.to_le_bytes().to_vec();
    package.extend(noise(5008, 11));
    files.push((
        "docx-encrypted.docx",
        cfb(&[("EncryptionInfo", &info), ("EncryptedPackage", &package)]),
    ));

    // Legacy Word 97-2003: an OLE2 file with a WordDocument stream (FIB magic 0xA5EC).
    let mut word = vec![0xEC, 0xA5, 0xC1, 0x00];
    word.extend(noise(4092, 5));
    files.push((
        "legacy-word97.doc",
        cfb(&[("WordDocument", &word), ("1Table", &noise(4096, 9))]),
    ));
}

/// A version-3 compound file ([MS-CFB] 2.2) with the given streams, each stored in regular
/// 512-byte sectors (streams are padded to the 4096-byte mini-stream cutoff).
fn cfb(streams: &[(&str, &[u8])]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let padded: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, d)| {
            let mut v = d.to_vec();
            let len = v.len().max(4096).div_ceil(512) * 512;
            v.resize(len, 0);
            v
        })
        .collect();
    // Sector 0: FAT; sector 1: directory; then the streams.
    let mut fat = vec![0xFFFF_FFFDu32, END];
    let mut starts = Vec::new();
    for p in &padded {
        let first = fat.len() as u32;
        starts.push(first);
        let n = p.len() / 512;
        for k in 0..n {
            fat.push(if k + 1 == n {
                END
            } else {
                first + k as u32 + 1
            });
        }
    }
    assert!(
        fat.len() <= 128 && streams.len() <= 3,
        "one FAT and one directory sector"
    );
    fat.resize(128, FREE);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    out[26..28].copy_from_slice(&3u16.to_le_bytes());
    out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    out[30..32].copy_from_slice(&9u16.to_le_bytes());
    out[32..34].copy_from_slice(&6u16.to_le_bytes());
    out[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    out[48..52].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    out[56..60].copy_from_slice(&4096u32.to_le_bytes());
    out[60..64].copy_from_slice(&END.to_le_bytes()); // no mini FAT
    out[68..72].copy_from_slice(&END.to_le_bytes()); // no DIFAT sectors
    out[76..80].copy_from_slice(&0u32.to_le_bytes()); // DIFAT[0] = sector 0
    for k in 1..109 {
        out[76 + 4 * k..80 + 4 * k].copy_from_slice(&FREE.to_le_bytes());
    }
    for v in &fat {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&FREE.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    out.extend(entry("Root Entry", 5, FREE, 1, END, 0));
    for (i, (name, data)) in streams.iter().enumerate() {
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            FREE
        };
        out.extend(entry(name, 2, right, FREE, starts[i], data.len() as u32));
    }
    for _ in streams.len() + 1..4 {
        out.extend(entry("", 0, FREE, FREE, 0, 0));
    }
    for p in padded {
        out.extend(p);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Text.

fn texts(files: &mut Vec<(&str, Vec<u8>)>) {
    // Mostly UTF-8, with a cut-off character and stray Latin-1 bytes in the middle.
    let mut t = "申报单位：闽江检测技术有限公司\n项目名称：工业互联网标识解析公共服务平台建设\n"
        .as_bytes()
        .to_vec();
    t.extend([0xE4, 0xB8, b'\n', 0xFF, 0xFE, 0xC0, b'\n']);
    t.extend("从业人员共计126人。\n".as_bytes());
    files.push(("txt-invalid-utf8.txt", t));

    // Mixed encodings: a UTF-8 half and a GBK half, as when two files are pasted together.
    let mut t = "申报单位：闽江检测技术有限公司\n从业人员共计126人。\n"
        .as_bytes()
        .to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("研发人员45人。\n实验室面积1,200平方米。\n");
    t.extend_from_slice(&gbk);
    files.push(("txt-mixed-encodings.txt", t));

    // UTF-16LE with a BOM and an odd trailing byte.
    let mut t = vec![0xFF, 0xFE];
    t.extend(
        "从业人员共计126人。\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    t.push(0x41);
    files.push(("txt-utf16-odd-length.txt", t));

    // Binary with NUL bytes named .txt: not text, whatever the name says.
    let mut t = b"\0\0\0\x01".to_vec();
    t.extend(noise(2000, 13));
    files.push(("txt-binary.txt", t));
}
