//! Writes `fixtures/pdf/*.pdf`: one small PDF per text-decoding and layout path of the PDF
//! reader, made with lopdf so that every byte is ours. `tests/pdf_fixtures.rs` pins the exact
//! text intake reads from each.
//!
//! ```text
//! cargo run -p intake-extract --example pdf_make_fixtures [-- OUT_DIR]
//! ```

use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// Builds a one-or-more-page document from (content, resources, extra page entries).
struct Builder {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    fn new() -> Self {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn add(&mut self, o: impl Into<Object>) -> ObjectId {
        self.doc.add_object(o)
    }

    fn stream(&mut self, dict: Dictionary, data: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data.to_vec()))
    }

    fn page(&mut self, content: &[u8], resources: Dictionary, extra: Dictionary) {
        let c = self.stream(Dictionary::new(), content);
        let mut d = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => c,
            "Resources" => resources,
        };
        for (k, v) in extra.into_iter() {
            d.set(k, v);
        }
        let id = self.add(d);
        self.kids.push(id.into());
    }

    fn save(self, dir: &Path, name: &str) {
        self.save_with(dir, name, None);
    }

    /// Saves, encrypted with RC4-128 (ISO 32000-1 §7.6.3, V2/R3) when `user_password` is given.
    fn save_with(mut self, dir: &Path, name: &str, user_password: Option<&str>) {
        let count = self.kids.len() as i64;
        let kids = std::mem::take(&mut self.kids);
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = self.add(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        let info = self.add(dictionary! {
            "Producer" => Object::string_literal("intake pdf_make_fixtures"),
            "CreationDate" => Object::string_literal("D:20240102030405+08'00'"),
        });
        self.doc.trailer.set("Root", catalog);
        self.doc.trailer.set("Info", info);
        if let Some(pw) = user_password {
            let id = Object::String(
                b"intake-fixture-id".to_vec(),
                lopdf::StringFormat::Hexadecimal,
            );
            self.doc.trailer.set("ID", vec![id.clone(), id]);
            let version = lopdf::EncryptionVersion::V2 {
                document: &self.doc,
                owner_password: "owner",
                user_password: pw,
                key_length: 128,
                permissions: lopdf::Permissions::all(),
            };
            let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
            self.doc.encrypt(&state).expect("encrypt");
        }
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("write pdf");
        std::fs::write(dir.join(name), out).expect("write fixture");
        println!("wrote {name}");
    }
}

/// A Helvetica with 500-unit widths for every code (so gaps are predictable), optionally with
/// an /Encoding object.
fn helvetica(b: &mut Builder, encoding: Option<Object>) -> ObjectId {
    let mut d = dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "FirstChar" => 0, "LastChar" => 255,
        "Widths" => vec![Object::Integer(500); 256],
    };
    if let Some(e) = encoding {
        d.set("Encoding", e);
    }
    b.add(d)
}

fn fonts(list: &[(&str, ObjectId)]) -> Dictionary {
    let mut f = Dictionary::new();
    for (n, id) in list {
        f.set(*n, *id);
    }
    dictionary! { "Font" => f }
}

/// A Type 0 font over a non-embedded Adobe-GB1 CIDFont with the given CMap.
fn type0(b: &mut Builder, cmap: &str, to_unicode: Option<ObjectId>) -> ObjectId {
    let cid = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 4,
        },
        "DW" => 1000,
    });
    let mut d = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => cmap, "DescendantFonts" => vec![cid.into()],
    };
    if let Some(t) = to_unicode {
        d.set("ToUnicode", t);
    }
    b.add(d)
}

/// A minimal TrueType program (head, hhea, maxp, hmtx and a format-12 Unicode `cmap`) whose
/// glyph `i + 1` is `chars[i]` — just enough for a reader to map glyph ids back to Unicode.
fn tiny_truetype(chars: &[char]) -> Vec<u8> {
    let n = chars.len() as u16 + 1;
    let be16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let be32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_be_bytes());
    let mut head = Vec::new();
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0x0001_0000);
    be32(&mut head, 0);
    be32(&mut head, 0x5F0F_3CF5);
    be16(&mut head, 0);
    be16(&mut head, 1000);
    head.extend_from_slice(&[0; 16]);
    for v in [0u16, (-200i16) as u16, 1000, 800, 0, 8, 0, 0, 0] {
        be16(&mut head, v);
    }
    let mut hhea = Vec::new();
    be32(&mut hhea, 0x0001_0000);
    for v in [
        800u16,
        (-200i16) as u16,
        0,
        1000,
        0,
        0,
        1000,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
    ] {
        be16(&mut hhea, v);
    }
    be16(&mut hhea, n);
    let mut maxp = Vec::new();
    be32(&mut maxp, 0x0000_5000);
    be16(&mut maxp, n);
    let mut hmtx = Vec::new();
    for _ in 0..n {
        be16(&mut hmtx, 1000);
        be16(&mut hmtx, 0);
    }
    let mut cmap = Vec::new();
    for v in [0u16, 1, 3, 10] {
        be16(&mut cmap, v);
    }
    be32(&mut cmap, 12);
    be16(&mut cmap, 12);
    be16(&mut cmap, 0);
    be32(&mut cmap, 16 + 12 * chars.len() as u32);
    be32(&mut cmap, 0);
    be32(&mut cmap, chars.len() as u32);
    // Groups sorted by code point, as the format requires (readers binary-search them).
    let mut groups: Vec<(u32, u32)> = chars
        .iter()
        .enumerate()
        .map(|(i, c)| (*c as u32, i as u32 + 1))
        .collect();
    groups.sort();
    for (c, g) in groups {
        be32(&mut cmap, c);
        be32(&mut cmap, c);
        be32(&mut cmap, g);
    }
    let tables: [(&[u8; 4], Vec<u8>); 5] = [
        (b"cmap", cmap),
        (b"head", head),
        (b"hhea", hhea),
        (b"hmtx", hmtx),
        (b"maxp", maxp),
    ];
    let mut out = Vec::new();
    be32(&mut out, 0x0001_0000);
    for v in [5u16, 64, 2, 16] {
        be16(&mut out, v);
    }
    let mut offset = 12 + 16 * tables.len() as u32;
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend_from_slice(*tag);
        be32(&mut out, 0);
        be32(&mut out, offset);
        be32(&mut out, data.len() as u32);
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() as u32 + body.len() as u32;
    }
    out.extend_from_slice(&body);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf"));
    std::fs::create_dir_all(&dir).expect("create fixtures dir");

    // Identity-H with a ToUnicode CMap: bfchar, bfrange with a start string, bfrange with an
    // array, a surrogate pair, and one code to several characters.
    let mut b = Builder::new();
    let tu = b.stream(
        Dictionary::new(),
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <7533> <0002> <62A5> <0003> <D840DC00> endbfchar
2 beginbfrange <0010> <0011> <4E66> <0020> <0021> [<0066006C> <0041>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end",
    );
    let f = type0(&mut b, "Identity-H", Some(tu));
    b.page(
        b"BT /F1 12 Tf 72 700 Td <0001000200100011> Tj 0 -20 Td <00030020002100FF> Tj ET",
        fonts(&[("F1", f)]),
        Dictionary::new(),
    );
    b.save(&dir, "identity-h-tounicode.pdf");

    // UniGB-UCS2-H without ToUnicode: codes are UCS-2, CIDs via the CMap, text via Adobe-GB1.
    let mut b = Builder::new();
    let f = type0(&mut b, "UniGB-UCS2-H", None);
    let content = format!(
        "BT /F1 12 Tf 72 700 Td <{}> Tj ET",
        hex(&utf16("高新技术企业认定2024"))
    );
    b.page(content.as_bytes(), fonts(&[("F1", f)]), Dictionary::new());
    b.save(&dir, "unigb-ucs2-h.pdf");

    // GBK-EUC-H without ToUnicode: mixed one-byte ASCII and two-byte GBK codes.
    let mut b = Builder::new();
    let f = type0(&mut b, "GBK-EUC-H", None);
    let (gbk, _, _) = encoding_rs::GBK.encode("申报单位：ABC科技有限公司");
    let content = format!("BT /F1 12 Tf 72 700 Td <{}> Tj ET", hex(&gbk));
    b.page(content.as_bytes(), fonts(&[("F1", f)]), Dictionary::new());
    b.save(&dir, "gbk-euc-h.pdf");

    // A simple font with /Differences: uniXXXX, afii, ligature and AGL names.
    let mut b = Builder::new();
    let enc = b.add(dictionary! {
        "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![65.into(), "uni4E2D".into(), "afii10017".into(), "f_i".into(), "Euro".into()],
    });
    let f = helvetica(&mut b, Some(enc.into()));
    b.page(
        b"BT /F1 12 Tf 72 700 Td (ABCDxyz) Tj ET",
        fonts(&[("F1", f)]),
        Dictionary::new(),
    );
    b.save(&dir, "simple-differences.pdf");

    // TJ kerning: small adjustments keep a word together, a large one makes a space.
    let mut b = Builder::new();
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    b.page(
        b"BT /F1 12 Tf 72 700 Td [(Ke) 20 (rn) -30 (ing) -600 (gaps)] TJ ET",
        fonts(&[("F1", f)]),
        Dictionary::new(),
    );
    b.save(&dir, "tj-kerning.pdf");

    // A Form XObject drawn twice with different matrices, plus a form that draws itself.
    let mut b = Builder::new();
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    let form = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 300.into(), 50.into()],
            "Resources" => fonts(&[("F1", f)]) },
        b"BT /F1 12 Tf 0 0 Td (In the form) Tj ET",
    );
    let looping_id = b.doc.new_object_id();
    let looping = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 300.into(), 50.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => f }, "XObject" => dictionary! { "Me" => looping_id } } },
        b"BT /F1 12 Tf 0 0 Td (Loop) Tj ET /Me Do".to_vec(),
    );
    b.doc.objects.insert(looping_id, Object::Stream(looping));
    let res = dictionary! { "XObject" => dictionary! { "X1" => form, "L" => looping_id } };
    b.page(
        b"q 1 0 0 1 72 700 cm /X1 Do Q q 1 0 0 1 72 600 cm /X1 Do Q q 1 0 0 1 72 500 cm /L Do Q",
        res,
        Dictionary::new(),
    );
    b.save(&dir, "form-xobject.pdf");

    // q/Q restores the font: F2 inside q…Q, F1 (which maps a→中 by /Differences) after.
    let mut b = Builder::new();
    let f1 = helvetica(
        &mut b,
        Some(dictionary! { "Differences" => vec![97.into(), "uni4E2D".into()] }.into()),
    );
    let f2 = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    b.page(
        b"BT /F1 12 Tf 72 700 Td (a) Tj ET q BT /F2 12 Tf 72 680 Td (a) Tj ET Q BT 72 660 Td (a) Tj ET",
        fonts(&[("F1", f1), ("F2", f2)]),
        Dictionary::new(),
    );
    b.save(&dir, "q-font-switch.pdf");

    // Two columns of text lines, written row by row across both columns.
    let mut b = Builder::new();
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    let mut c = String::from("BT /F1 10 Tf\n");
    for i in 0..8 {
        let y = 700 - i * 14;
        c.push_str(&format!("1 0 0 1 72 {y} Tm (left column line {i}) Tj 1 0 0 1 320 {y} Tm (right column line {i}) Tj\n"));
    }
    c.push_str("ET");
    b.page(c.as_bytes(), fonts(&[("F1", f)]), Dictionary::new());
    b.save(&dir, "two-columns.pdf");

    // A table: three rows of three cells at fixed x positions, then a paragraph.
    let mut b = Builder::new();
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    let mut c = String::from("BT /F1 10 Tf\n");
    for (i, row) in [
        ["Item", "Amount", "Year"],
        ["Revenue", "1200", "2023"],
        ["Staff", "35", "2024"],
    ]
    .iter()
    .enumerate()
    {
        let y = 700 - i as i32 * 16;
        for (j, cell) in row.iter().enumerate() {
            c.push_str(&format!("1 0 0 1 {} {y} Tm ({cell}) Tj\n", 72 + j * 120));
        }
    }
    c.push_str("1 0 0 1 72 620 Tm (End of table) Tj ET");
    b.page(c.as_bytes(), fonts(&[("F1", f)]), Dictionary::new());
    b.save(&dir, "table.pdf");

    // A page with /Rotate 90 whose text runs up the page, so it reads upright when shown.
    let mut b = Builder::new();
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    b.page(
        b"BT /F1 12 Tf 0 1 -1 0 100 72 Tm (First rotated line) Tj 0 1 -1 0 120 72 Tm (Second rotated line) Tj ET",
        fonts(&[("F1", f)]),
        dictionary! { "Rotate" => 90 },
    );
    b.save(&dir, "rotated-page.pdf");

    // An image-only page (a scan): no text layer.
    let mut b = Builder::new();
    let img = b.stream(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        &[0, 255, 255, 0],
    );
    b.page(
        b"q 500 0 0 700 40 70 cm /Im1 Do Q",
        dictionary! { "XObject" => dictionary! { "Im1" => img } },
        Dictionary::new(),
    );
    b.save(&dir, "image-only.pdf");

    // GBK bytes in a non-embedded WinAnsi TrueType SimSun without ToUnicode, and an
    // /ActualText span replacing the glyphs drawn inside it.
    let mut b = Builder::new();
    let sim = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "SimSun", "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32, "LastChar" => 255, "Widths" => vec![Object::Integer(500); 224],
    });
    let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
    let (gbk, _, _) = encoding_rs::GBK.encode("关于红军作战的原则");
    let content = format!(
        "BT /S 12 Tf 72 700 Td <{}> Tj ET BT /F1 12 Tf 72 680 Td /Span <</ActualText <FEFF{}>>> BDC (fi) Tj EMC ( ok) Tj ET",
        hex(&gbk),
        hex(&utf16("Fi"))
    );
    b.page(
        content.as_bytes(),
        fonts(&[("S", sim), ("F1", f)]),
        Dictionary::new(),
    );
    b.save(&dir, "gbk-winansi-actualtext.pdf");

    // Encrypted with an empty user password (readable as is), and with a real one (not).
    for (name, pw) in [
        ("encrypted-empty-password.pdf", ""),
        ("encrypted-user-password.pdf", "secret"),
    ] {
        let mut b = Builder::new();
        let f = helvetica(&mut b, Some("WinAnsiEncoding".into()));
        b.page(
            b"BT /F1 12 Tf 72 700 Td (Encrypted text 2024) Tj ET",
            fonts(&[("F1", f)]),
            Dictionary::new(),
        );
        b.save_with(&dir, name, Some(pw));
    }

    // Identity-H without ToUnicode over an embedded TrueType program: glyph ids → Unicode by
    // the program's own cmap (the CIDSystemInfo ordering is Identity, so no collection helps).
    let mut b = Builder::new();
    let ttf = tiny_truetype(&['申', '报', '书', 'A']);
    let file = b.stream(dictionary! { "Length1" => ttf.len() as i64 }, &ttf);
    let desc = b.add(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "ABCDEF+Tiny", "Flags" => 4,
        "FontBBox" => vec![0.into(), (-200).into(), 1000.into(), 800.into()],
        "ItalicAngle" => 0, "Ascent" => 800, "Descent" => -200, "CapHeight" => 700, "StemV" => 80,
        "FontFile2" => file,
    });
    let cid = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Tiny",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => desc, "CIDToGIDMap" => "Identity", "DW" => 1000,
    });
    let f = b.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Tiny",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cid.into()],
    });
    b.page(
        b"BT /F1 12 Tf 72 700 Td <0001000200030004> Tj ET",
        fonts(&[("F1", f)]),
        Dictionary::new(),
    );
    b.save(&dir, "identity-h-embedded-truetype.pdf");

    // Vertical writing (UniGB-UCS2-V): two columns read top to bottom, right to left.
    let mut b = Builder::new();
    let f = type0(&mut b, "UniGB-UCS2-V", None);
    let content = format!(
        "BT /F1 12 Tf 1 0 0 1 500 700 Tm <{}> Tj 1 0 0 1 480 700 Tm <{}> Tj ET",
        hex(&utf16("竖排文字")),
        hex(&utf16("第二列"))
    );
    b.page(content.as_bytes(), fonts(&[("F1", f)]), Dictionary::new());
    b.save(&dir, "vertical-unigb-ucs2-v.pdf");
}
