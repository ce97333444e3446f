//! Broken input never stops a batch: each unreadable file becomes one `unreadable_document`
//! finding with its reason, every other document is processed, every file is listed.

mod common;

use std::fs;

use serde_json::json;

/// Deterministic pseudo-random bytes (xorshift), so the test is the same every run.
fn noise(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn broken_files_each_yield_one_finding_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    let sub = batch.join("sub-broken");
    fs::create_dir_all(sub.join("附件")).unwrap();
    // A good text document beside the broken ones.
    fs::write(
        sub.join("申报书.txt"),
        "产业技术基础公共服务平台申请书\n申报单位：测试科技有限公司\n从业人员共计126人。\n",
    )
    .unwrap();
    // A truncated PDF: a real PDF cut to its first 300 bytes.
    let pdf = common::root().join("fixtures/pdf");
    let some_pdf = fs::read_dir(&pdf).ok().and_then(|mut d| {
        d.find_map(|e| {
            e.ok()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        })
    });
    let pdf_bytes = match some_pdf {
        Some(p) => fs::read(p).unwrap(),
        None => b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".repeat(8),
    };
    fs::write(sub.join("截断.pdf"), &pdf_bytes[..pdf_bytes.len().min(300)]).unwrap();
    // A zip that is not a DOCX.
    let mut zip_bytes = Vec::new();
    {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut zip_bytes));
        z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"not a word document").unwrap();
        z.finish().unwrap();
    }
    fs::write(sub.join("附件/压缩包.docx"), &zip_bytes).unwrap();
    fs::write(sub.join("空文件.pdf"), b"").unwrap();
    fs::write(sub.join("附件/随机.bin"), noise(4096)).unwrap();
    // Litter and a stray file at the top of the batch.
    fs::write(sub.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    fs::write(sub.join("~$申报书.docx"), b"lock").unwrap();
    fs::write(batch.join("说明.txt"), "这个文件不属于任何申报").unwrap();

    let out = dir.path().join("out");
    common::run(&batch, &out, &[]);

    let subs = common::jsonl(&out, "submissions");
    assert_eq!(subs.len(), 1);
    let docs = subs[0]["documents"].as_array().unwrap();
    let status = |name: &str| {
        let d = docs
            .iter()
            .find(|d| d["document"] == name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        (
            d["status"].as_str().unwrap().to_string(),
            d["reason"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(docs.len(), 7, "every file listed: {docs:#?}");
    assert_eq!(status("申报书.txt").0, "ok");
    for name in [
        "截断.pdf",
        "附件/压缩包.docx",
        "空文件.pdf",
        "附件/随机.bin",
    ] {
        assert_eq!(status(name).0, "unreadable", "{name}");
    }
    assert!(status("空文件.pdf").1.contains("empty"));
    assert!(
        status("附件/压缩包.docx").1.contains("not a DOCX"),
        "{}",
        status("附件/压缩包.docx").1
    );
    assert!(
        status("附件/随机.bin").1.contains("unknown format"),
        "{}",
        status("附件/随机.bin").1
    );
    assert_eq!(status(".DS_Store").0, "skipped");
    assert_eq!(status("~$申报书.docx").0, "skipped");

    let findings = common::jsonl(&out, "findings");
    for name in [
        "截断.pdf",
        "附件/压缩包.docx",
        "空文件.pdf",
        "附件/随机.bin",
    ] {
        let hits: Vec<_> = findings
            .iter()
            .filter(|f| f["kind"] == "unreadable_document" && f["evidence"][0]["document"] == name)
            .collect();
        assert_eq!(hits.len(), 1, "one unreadable_document finding for {name}");
    }
    let facts = common::jsonl(&out, "facts");
    assert!(
        !common::select(
            &facts,
            &[
                ("metric", json!("staff.total")),
                ("value", json!(126)),
                ("document", json!("申报书.txt"))
            ]
        )
        .is_empty(),
        "the good document's facts are intact"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("batch.json")).unwrap()).unwrap();
    assert_eq!(manifest["stray_files"][0]["document"], "说明.txt");
}

#[test]
fn missing_batch_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_intake"))
        .args(["run", "/nonexistent/batch", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("out").exists());
}
