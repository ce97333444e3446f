//! Hostile input (issue 10): `intake run` over `fixtures/hostile/` (made by
//! `cargo run -p intake-extract --example make_hostile`) plus files too big to commit — a
//! 10,000-page PDF and a sparse 4 GiB text file, made here — mixed with two good demo
//! submissions. Each hostile file is either read correctly (its figure is found in it) or
//! yields exactly one `unreadable_document` with the expected reason; the good submissions'
//! facts are byte-for-byte those of a plain run; nothing named by a zip entry is written; the
//! run stays under 60 s and 1 GB peak memory (the issue's bound). The same batch also holds
//! every case of issue 17 (see [`issue17_cases`]): FIFOs, a socket, symbolic links, sparse
//! giants, 50,000 distinct figures in one text, a 50 MiB line, text without a BOM or with
//! control characters, a negative head count, bidi and non-UTF-8 names.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What must become of one hostile file.
enum Expect {
    /// Read; `(metric, value)` is a fact read from it.
    Read(&'static str, i64),
    /// Unreadable; the reason contains this.
    Unreadable(&'static str),
}
use Expect::{Read, Unreadable};

const STAFF: &str = "staff.total";

fn expectations() -> Vec<(&'static str, Expect)> {
    vec![
        ("pdf-page-tree-cycle.pdf", Read(STAFF, 126)),
        ("pdf-deep-page-tree.pdf", Read(STAFF, 126)),
        ("pdf-page-count-huge.pdf", Read(STAFF, 126)),
        ("pdf-page-tree-diamond.pdf", Read(STAFF, 126)),
        ("pdf-self-drawing-form.pdf", Read(STAFF, 126)),
        ("pdf-length-short.pdf", Read(STAFF, 126)),
        ("pdf-length-long.pdf", Read(STAFF, 126)),
        ("pdf-broken-xref.pdf", Read(STAFF, 126)),
        ("pdf-xref-prev-loop.pdf", Read(STAFF, 126)),
        ("pdf-encrypted-empty-password.pdf", Read(STAFF, 126)),
        (
            "pdf-encrypted-password.pdf",
            Unreadable("encrypted: needs a password"),
        ),
        ("pdf-deep-array.pdf", Read(STAFF, 126)),
        ("pdf-deep-dict.pdf", Read(STAFF, 126)),
        ("pdf-deep-content.pdf", Read(STAFF, 126)),
        ("pdf-tounicode-range-bomb.pdf", Read(STAFF, 126)),
        // Nothing read is nothing checked: unreadable, with a Chinese reason and a warning.
        (
            "pdf-image-only.pdf",
            Unreadable("无文本层，需OCR或人工阅读"),
        ),
        (
            "pdf-flate-bomb.pdf",
            Unreadable("over budget: streams decompress to more than"),
        ),
        ("pdf-garbage.pdf", Unreadable("corrupt pdf")),
        ("pdf-10000-pages.pdf", Read(STAFF, 126)),
        (
            "docx-zip-bomb-ratio.docx",
            Unreadable("over budget: zip bomb: word/document.xml declares"),
        ),
        (
            "docx-zip-bomb-declared.docx",
            Unreadable("over budget: zip bomb: word/document.xml declares 4026531840"),
        ),
        (
            "docx-zip-bomb-lying-header.docx",
            Unreadable("word/document.xml: File is larger than its declared uncompressed size"),
        ),
        ("docx-path-traversal.docx", Read(STAFF, 126)),
        ("docx-billion-laughs.docx", Read(STAFF, 126)),
        ("docx-body-only.docx", Read(STAFF, 126)),
        (
            "docx-missing-body.docx",
            Unreadable("Word package without its main part word/document.xml"),
        ),
        ("docx-macro.docm", Read(STAFF, 126)),
        (
            "docx-deep-xml.docx",
            Unreadable("over budget: XML nested deeper than 512"),
        ),
        (
            "docx-bad-xml.docx",
            Unreadable("corrupt docx: word/document.xml"),
        ),
        (
            "docx-truncated.docx",
            Unreadable("corrupt docx: broken zip archive"),
        ),
        (
            "docx-encrypted.docx",
            Unreadable("encrypted: needs a password"),
        ),
        (
            "legacy-word97.doc",
            Unreadable("legacy Word .doc (OLE2 compound file) is not supported"),
        ),
        ("txt-invalid-utf8.txt", Read(STAFF, 126)),
        ("txt-mixed-encodings.txt", Read("facility.area_m2", 1200)),
        ("txt-utf16-odd-length.txt", Read(STAFF, 126)),
        ("txt-binary.txt", Unreadable("unknown format")),
        (
            "txt-huge-sparse.txt",
            Unreadable("over budget: file is 4294967296 bytes"),
        ),
    ]
}

/// UTF-16BE hex of `s`, for a `UniGB-UCS2-H` string.
fn hex16(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// A 10,000-page PDF (about 2 MB): one content stream per page, a shared STSong-Light font;
/// page 1 states the staff count.
fn ten_thousand_pages() -> Vec<u8> {
    const PAGES: u32 = 10_000;
    let mut objs: Vec<(u32, Vec<u8>)> = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (
            3,
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>".to_vec(),
        ),
        (
            4,
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /DW 1000 >>".to_vec(),
        ),
    ];
    let mut kids = String::new();
    for p in 0..PAGES {
        let (page, content) = (10 + 2 * p, 11 + 2 * p);
        kids.push_str(&format!("{page} 0 R "));
        let text = if p == 0 {
            "从业人员共计126人".to_string()
        } else {
            format!("第{}页", p + 1)
        };
        let data = format!("BT /F1 12 Tf 72 760 Td <{}> Tj ET", hex16(&text));
        objs.push((
            page,
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>").into_bytes(),
        ));
        objs.push((
            content,
            format!("<< /Length {} >>\nstream\n{data}\nendstream", data.len()).into_bytes(),
        ));
    }
    objs.push((
        2,
        format!("<< /Type /Pages /Kids [{kids}] /Count {PAGES} >>").into_bytes(),
    ));
    objs.sort_by_key(|(n, _)| *n);
    let mut out = b"%PDF-1.7\n".to_vec();
    let size = objs.last().unwrap().0 + 1;
    let mut offsets = vec![0usize; size as usize];
    for (n, body) in &objs {
        offsets[*n as usize] = out.len();
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for off in &offsets[1..] {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// Runs `intake run` and returns its wall time and peak resident memory in bytes (VmHWM of
/// /proc/PID/status, sampled until exit).
fn run_measured(batch: &Path, out: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("run")
        .arg(batch)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(s) = fs::read_to_string(&status_file) {
            let hwm = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0) * 1024);
        }
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(status.success(), "intake run failed ({status}): {err}");
    (started.elapsed(), peak)
}

fn facts_of(facts: &[Value], submission: &str) -> Vec<Value> {
    facts
        .iter()
        .filter(|f| f["submission"] == submission)
        .cloned()
        .collect()
}

#[test]
fn hostile_files_are_each_accounted_for_and_good_documents_are_untouched() {
    let root = common::root();
    let hostile = root.join("fixtures/hostile");
    let dir = tempfile::tempdir().unwrap();
    let good = ["sub-0001", "sub-0002"];

    // The good submissions alone: the reference.
    let plain = dir.path().join("plain");
    for s in good {
        common::copy_dir(&root.join("corpora/demo").join(s), &plain.join(s));
    }
    let plain_out = dir.path().join("plain-out");
    common::run(&plain, &plain_out, &[]);
    let plain_facts = common::jsonl(&plain_out, "facts");

    // The same submissions beside every hostile file.
    let batch = dir.path().join("batch");
    for s in good {
        common::copy_dir(&root.join("corpora/demo").join(s), &batch.join(s));
    }
    let sub = batch.join("sub-hostile");
    common::copy_dir(&hostile, &sub);
    fs::write(sub.join("pdf-10000-pages.pdf"), ten_thousand_pages()).unwrap();
    let huge = fs::File::create(sub.join("txt-huge-sparse.txt")).unwrap();
    huge.set_len(4 << 30).unwrap(); // sparse: no disk blocks, never read
    drop(huge);
    let expected = expectations();
    let on_disk = fs::read_dir(&sub).unwrap().count();
    assert_eq!(
        on_disk,
        expected.len(),
        "every hostile file has an expectation"
    );
    assert!(on_disk >= 20);

    let special = issue17_cases(&batch);

    let out = dir.path().join("out");
    let (took, peak) = run_measured(&batch, &out);
    eprintln!(
        "hostile run: {:.1} s, peak RSS {} MB",
        took.as_secs_f64(),
        peak >> 20
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert!(peak < 1 << 30, "peak RSS {peak} bytes");

    let subs = common::jsonl(&out, "submissions");
    let findings = common::jsonl(&out, "findings");
    let facts = common::jsonl(&out, "facts");
    let record = subs
        .iter()
        .find(|s| s["submission"] == "sub-hostile")
        .unwrap();
    let docs = record["documents"].as_array().unwrap();
    assert_eq!(docs.len(), expected.len());
    for (name, want) in &expected {
        let d = docs
            .iter()
            .find(|d| d["document"] == *name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        let reason = d["reason"].as_str().unwrap_or("");
        let unreadable: Vec<&Value> = findings
            .iter()
            .filter(|f| f["kind"] == "unreadable_document" && f["evidence"][0]["document"] == *name)
            .collect();
        match want {
            Read(metric, value) => {
                assert_eq!(d["status"], "ok", "{name}: {reason}");
                assert!(unreadable.is_empty(), "{name}");
                let hits = common::select(
                    &facts,
                    &[
                        ("submission", json!("sub-hostile")),
                        ("document", json!(name)),
                        ("metric", json!(metric)),
                        ("value", json!(value)),
                    ],
                );
                assert!(!hits.is_empty(), "{name}: no {metric} = {value} read");
            }
            Unreadable(why) => {
                assert_eq!(d["status"], "unreadable", "{name}");
                assert!(
                    reason.contains(why),
                    "{name}: reason {reason:?} lacks {why:?}"
                );
                assert_eq!(
                    unreadable.len(),
                    1,
                    "{name}: one unreadable_document finding"
                );
                assert_eq!(unreadable[0]["evidence"][0]["quote"], reason, "{name}");
            }
        }
    }
    let pages = |name: &str| docs.iter().find(|d| d["document"] == name).unwrap()["pages"].clone();
    assert_eq!(pages("pdf-10000-pages.pdf"), 10_000);
    assert_eq!(
        pages("pdf-page-tree-cycle.pdf"),
        1,
        "a page reached twice through a cycle is read once"
    );
    // /Count 2^40 is not believed, and 2^40 paths through a diamond reach one page once.
    assert_eq!(pages("pdf-page-count-huge.pdf"), 1);
    assert_eq!(pages("pdf-page-tree-diamond.pdf"), 1);

    check_issue17_cases(&special, &subs, &facts, &findings);
    let manifest: Value =
        serde_json::from_str(&fs::read_to_string(out.join("batch.json")).unwrap()).unwrap();
    let stray: Vec<&str> = manifest["stray_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["document"].as_str().unwrap())
        .collect();
    assert_eq!(
        stray,
        ["l02", "top-pipe"],
        "top-level entries are accounted for"
    );

    // The good submissions read exactly as they do alone.
    for s in good {
        let alone = facts_of(&plain_facts, s);
        assert!(!alone.is_empty(), "{s} has facts");
        assert_eq!(
            facts_of(&facts, s),
            alone,
            "{s}: facts changed by hostile neighbours"
        );
        let r = subs.iter().find(|r| r["submission"] == s).unwrap();
        assert!(
            r["documents"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["status"] == "ok"),
            "{s}"
        );
    }

    // Zip entry names were never used as paths.
    assert!(!Path::new("/tmp/intake-hostile-escape.txt").exists());
    assert!(!Path::new("/etc/intake-hostile.txt").exists());
    assert!(!dir.path().join("escape.xml").exists() && !batch.join("escape.xml").exists());
}

#[test]
fn entity_references_are_never_expanded() {
    // Billion laughs and an external entity: the paragraph reads as written, without a single
    // "lol" and without /etc/passwd.
    let file = common::root().join("fixtures/hostile/docx-billion-laughs.docx");
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("extract")
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        text.trim_end(),
        "申报单位：闽江检测技术有限公司\n研发人员45人，从业人员共计126人。"
    );
}

#[test]
fn self_drawing_forms_are_drawn_once() {
    let file = common::root().join("fixtures/hostile/pdf-self-drawing-form.pdf");
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("extract")
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    // The page's header (its language follows the locale), then its text once.
    let (header, body) = text.split_once('\n').unwrap();
    assert!(
        header.starts_with("--- ") && header.contains('1'),
        "{header}"
    );
    assert_eq!(body.trim_end(), "表单内文字：从业人员共计126人");
}

/// Bytes of every file under `dir`.
fn du(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            if m.is_dir() { du(&e.path()) } else { m.len() }
        })
        .sum()
}

/// Issue 17: a text of `n` distinct "从业人员总数为 N 人" lines made every index entry carry
/// all `n` figures (entries × facts). Run at two sizes, the index must grow like the text
/// (twice the lines, about twice the bytes), not like its square (four times).
#[test]
fn many_distinct_figures_grow_the_index_linearly() {
    let dir = tempfile::tempdir().unwrap();
    let index_bytes = |n: usize| -> (u64, usize) {
        let batch = dir.path().join(format!("batch-{n}"));
        fs::create_dir_all(batch.join("sub-1")).unwrap();
        let text: String = (0..n)
            .map(|i| format!("从业人员总数为 {} 人\n", 1000 + i))
            .collect();
        fs::write(batch.join("sub-1/表.txt"), text).unwrap();
        let out = dir.path().join(format!("out-{n}"));
        common::run(&batch, &out, &[]);
        let facts = common::jsonl(&out, "facts")
            .iter()
            .filter(|f| f["metric"] == STAFF)
            .count();
        (du(&out.join("index")), facts)
    };
    let (small, small_facts) = index_bytes(3_000);
    let (large, large_facts) = index_bytes(6_000);
    assert!(
        small_facts >= 3_000 && large_facts >= 6_000,
        "{small_facts} {large_facts}"
    );
    let ratio = large as f64 / small as f64;
    eprintln!("index {small} → {large} bytes (×{ratio:.2})");
    assert!(ratio < 2.6, "index grew ×{ratio:.2} for twice the lines");
}

/// What must become of one file of [`issue17_cases`]: (submission id as written to OUT,
/// document name as written, status, a part of the reason or "" for none, a fact that must be
/// read from it).
type Special = (
    String,
    String,
    &'static str,
    &'static str,
    Option<(&'static str, i64)>,
);

const GOOD_TEXT: &str = "申请单位：示例检测技术有限公司\n从业人员总数为 126 人。\n";

/// Lines of the many-figures text: each states a different head count.
const DISTINCT_FIGURES: usize = 50_000;

/// Adds issue 17's cases to `batch` as submissions of their own, made here (none is committed:
/// a FIFO, a socket and a link cannot be, and the big ones are made sparse or at test time).
fn issue17_cases(batch: &Path) -> Vec<Special> {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let mkfifo = |p: &Path| {
        let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
        assert!(ok, "mkfifo {}", p.display());
    };
    let special = batch.join("sub-special");
    fs::create_dir_all(&special).unwrap();
    mkfifo(&special.join("附件.pdf"));
    // The listener must outlive the run: leaked on purpose (the temp folder goes at the end).
    std::mem::forget(std::os::unix::net::UnixListener::bind(special.join("sock")).unwrap());
    std::os::unix::fs::symlink("/etc/passwd", special.join("passwd.txt")).unwrap();
    let lines: String = (0..DISTINCT_FIGURES)
        .map(|i| format!("从业人员总数为 {} 人\n", 1000 + i))
        .collect();
    fs::write(special.join("表.txt"), lines).unwrap();
    let mut long = String::from("从业人员总数为 126 人。");
    let clause = "本单位持续建设检测平台并开展对外服务，";
    while long.len() < 50 << 20 {
        long.push_str(clause);
    }
    fs::write(special.join("长行.txt"), long).unwrap();
    let utf16: Vec<u8> = GOOD_TEXT
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    fs::write(special.join("无BOM.txt"), utf16).unwrap();
    fs::write(
        special.join("控制符.txt"),
        "申请单位：示例检测技术有限公司\n\u{7}\u{1b}[31m从业人员总数为 126 人。\u{c}\n",
    )
    .unwrap();
    fs::write(special.join("负数.txt"), "从业人员总数为 -120 人。\n").unwrap();
    fs::write(special.join("\u{202e}txt.exe"), GOOD_TEXT).unwrap();

    // Overrides come only from the officer: an applicant's submission.toml is skipped, however
    // big (sparse 3 GB, never read) and whatever it is (a FIFO).
    for (sub, fifo) in [("sub-toml-sparse", false), ("sub-toml-fifo", true)] {
        let dir = batch.join(sub);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("申请书.txt"), GOOD_TEXT).unwrap();
        if fifo {
            mkfifo(&dir.join("submission.toml"));
        } else {
            fs::File::create(dir.join("submission.toml"))
                .unwrap()
                .set_len(3 << 30)
                .unwrap();
        }
    }
    // Names that are not UTF-8 keep their bytes (percent-escaped), so none collapse.
    for (id, doc) in [
        (&b"n12-\xff"[..], &b"doc-\xfe.txt"[..]),
        (b"n12-\xfe", b"doc-\xff.txt"),
    ] {
        let dir = batch.join(OsStr::from_bytes(id));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(OsStr::from_bytes(doc)), GOOD_TEXT).unwrap();
    }
    // At the top level: a link out of the batch and a FIFO are listed, never followed or opened.
    std::os::unix::fs::symlink("/etc", batch.join("l02")).unwrap();
    mkfifo(&batch.join("top-pipe"));

    let staff = Some((STAFF, 126));
    let s = |sub: &str, doc: &str, status, reason, fact| {
        (sub.to_string(), doc.to_string(), status, reason, fact)
    };
    vec![
        s("sub-special", "附件.pdf", "skipped", "命名管道", None),
        s("sub-special", "sock", "skipped", "套接字", None),
        s(
            "sub-special",
            "passwd.txt",
            "skipped",
            "symbolic link",
            None,
        ),
        s("sub-special", "表.txt", "ok", "", Some((STAFF, 1000))),
        s("sub-special", "长行.txt", "unreadable", "over budget", None),
        s("sub-special", "无BOM.txt", "ok", "", staff),
        s("sub-special", "控制符.txt", "ok", "", staff),
        s("sub-special", "负数.txt", "ok", "", None),
        s("sub-special", "\u{202e}txt.exe", "ok", "", staff),
        s("sub-toml-sparse", "申请书.txt", "ok", "", staff),
        s(
            "sub-toml-sparse",
            "submission.toml",
            "skipped",
            "--overrides",
            None,
        ),
        s("sub-toml-fifo", "申请书.txt", "ok", "", staff),
        s(
            "sub-toml-fifo",
            "submission.toml",
            "skipped",
            "命名管道",
            None,
        ),
        s("n12-%FF", "doc-%FE.txt", "ok", "", staff),
        s("n12-%FE", "doc-%FF.txt", "ok", "", staff),
    ]
}

/// Every file of [`issue17_cases`] is listed with its status and reason, and read where it
/// should be; the many-figures text gives one bounded finding, and -120 is no head count.
fn check_issue17_cases(special: &[Special], subs: &[Value], facts: &[Value], findings: &[Value]) {
    for (sub, doc, status, reason, fact) in special {
        let record = subs
            .iter()
            .find(|r| r["submission"] == sub.as_str())
            .unwrap_or_else(|| panic!("{sub} not listed"));
        let docs = record["documents"].as_array().unwrap();
        let d = docs
            .iter()
            .find(|d| d["document"] == doc.as_str())
            .unwrap_or_else(|| panic!("{sub}/{doc} not listed: {docs:?}"));
        assert_eq!(d["status"], *status, "{sub}/{doc}: {d}");
        let why = d["reason"].as_str().unwrap_or("");
        assert!(why.contains(reason), "{sub}/{doc}: reason {why:?}");
        if let Some((metric, value)) = fact {
            let hits = common::select(
                facts,
                &[
                    ("submission", json!(sub)),
                    ("document", json!(doc)),
                    ("metric", json!(metric)),
                    ("value", json!(value)),
                ],
            );
            assert!(!hits.is_empty(), "{sub}/{doc}: no {metric} = {value}");
        }
    }
    let every_file = special.iter().filter(|s| s.0 == "sub-special").count();
    let record = subs
        .iter()
        .find(|r| r["submission"] == "sub-special")
        .unwrap();
    assert_eq!(record["documents"].as_array().unwrap().len(), every_file);

    let negative = common::select(
        facts,
        &[
            ("submission", json!("sub-special")),
            ("document", json!("负数.txt")),
        ],
    );
    assert!(
        negative.iter().all(|f| f["value"] != json!(120)),
        "-120 read as a head count: {negative:?}"
    );
    let counts = common::select(
        facts,
        &[
            ("submission", json!("sub-special")),
            ("document", json!("表.txt")),
            ("metric", json!(STAFF)),
        ],
    );
    assert_eq!(
        counts.len(),
        DISTINCT_FIGURES,
        "every line's figure is read"
    );
    // One finding for the one metric, its evidence and message bounded.
    let conflicts = common::select(
        findings,
        &[
            ("submission", json!("sub-special")),
            ("kind", json!("inconsistent_value")),
            ("metric", json!(STAFF)),
        ],
    );
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(conflicts[0]["evidence"].as_array().unwrap().len() <= 24);
    let message = conflicts[0]["message"].as_str().unwrap();
    // The lines' figures and the 126 of the submission's other texts.
    let values = DISTINCT_FIGURES + 1;
    assert!(
        message.contains(&format!("等共 {values} 种不同数值")),
        "{message}"
    );
    assert!(message.chars().count() < 1_000, "{message}");
}
