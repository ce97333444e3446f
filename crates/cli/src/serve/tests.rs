//! Unit tests of the routes over a small OUT and batch, through raw HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;

use super::page::{SearchParams, snippet_html, url_encode, url_encode_path};
use super::*;

/// Serves a small OUT and batch on a free loopback port; returns the port.
fn serve(out: PathBuf, batch: PathBuf) -> u16 {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = std_listener.local_addr().unwrap().port();
    std_listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let addr = listener.local_addr().unwrap();
            let app = router(out, Some(batch), Hosts::new(addr, false));
            super::serve(listener, app, HEADER_TIMEOUT).await;
        });
    });
    port
}

/// A raw HTTP/1.1 GET with the path sent exactly as given (no client-side normalisation).
fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let status = head[9..12].parse().unwrap();
    (status, head.to_ascii_lowercase(), buf[split + 4..].to_vec())
}

fn fixture() -> (tempfile::TempDir, u16) {
    let dir = tempfile::tempdir().unwrap();
    let (out, batch) = (dir.path().join("out"), dir.path().join("batch"));
    std::fs::create_dir_all(batch.join("sub-0001/附件")).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("report.html"),
        "<!DOCTYPE html><title>报告</title>",
    )
    .unwrap();
    std::fs::write(batch.join("sub-0001/申报书.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
    std::fs::write(
        batch.join("sub-0001/伪装.pdf"),
        b"<html><script>alert(1)</script></html>",
    )
    .unwrap();
    std::fs::write(batch.join("sub-0001/附件/说明.txt"), "从业人员共计126人").unwrap();
    std::fs::write(
        batch.join("sub-0001/evil.html"),
        "<script>alert(1)</script>",
    )
    .unwrap();
    std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("secret.txt"),
            batch.join("sub-0001/link.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
    }
    let port = serve(out.canonicalize().unwrap(), batch.canonicalize().unwrap());
    (dir, port)
}

#[test]
fn serves_documents_with_their_types() {
    let (_dir, port) = fixture();
    let (status, head, body) = get(port, &format!("/doc/sub-0001/{}", url_encode("申报书.pdf")));
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/pdf"), "{head}");
    assert_eq!(body, b"%PDF-1.4\n%%EOF\n");
    // A real PDF is shown by the browser's viewer, which no browser runs sandboxed.
    assert!(
        head.contains("content-security-policy: default-src 'self'; frame-ancestors 'none'"),
        "{head}"
    );
    // Named .pdf but not a PDF: a sandboxed download, never a document of this origin.
    let (status, head, _) = get(port, &format!("/doc/sub-0001/{}", url_encode("伪装.pdf")));
    assert_eq!(status, 200);
    assert!(
        head.contains("application/octet-stream")
            && head.contains("content-disposition: attachment")
            && head.contains("content-security-policy: sandbox"),
        "{head}"
    );
    let (status, head, body) = get(
        port,
        &format!("/doc/sub-0001/{}", url_encode_path("附件/说明.txt")),
    );
    assert_eq!(status, 200);
    assert!(head.contains("text/plain; charset=utf-8"), "{head}");
    assert_eq!(String::from_utf8(body).unwrap(), "从业人员共计126人");
    // An HTML file in a submission is untrusted: downloaded, never rendered on this origin.
    let (status, head, _) = get(port, "/doc/sub-0001/evil.html");
    assert_eq!(status, 200);
    assert!(
        head.contains("application/octet-stream")
            && head.contains("content-disposition: attachment"),
        "{head}"
    );
    let (status, head, _) = get(port, "/report.html");
    assert_eq!(status, 200);
    assert!(head.contains("text/html"), "{head}");
    let (status, _, _) = get(port, "/sub/sub-0001");
    assert_eq!(status, 303);
}

#[test]
fn nothing_outside_out_and_the_batch() {
    let (_dir, port) = fixture();
    for path in [
        "/doc/sub-0001/../../secret.txt",
        "/doc/sub-0001/%2e%2e/%2e%2e/secret.txt",
        "/doc/sub-0001/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/doc/%2e%2e/secret.txt",
        "/doc/..%2f/secret.txt",
        "/doc/sub-0001/..%5c..%5csecret.txt",
        "/doc/sub-0001//etc/passwd",
        "/doc/sub-0001/%2Fetc%2Fpasswd",
        "/out/%2Fetc%2Fpasswd",
        "/out//etc/passwd",
        "/out/../secret.txt",
        "/out/%2e%2e/secret.txt",
        "/out/up/secret.txt",
        "/doc/sub-0001/link.txt",
        "/doc/sub-0001/./link.txt",
        "/../secret.txt",
    ] {
        let (status, _, body) = get(port, path);
        assert!(status == 404 || status == 400, "{path} gave {status}");
        assert!(
            !String::from_utf8_lossy(&body).contains("SECRET"),
            "{path} leaked the file"
        );
    }
}

#[test]
fn snippets_are_escaped_and_marked() {
    let mut h = String::new();
    snippet_html(&mut h, "<b>公共服务</b>平台", &[(3, 7), (11, 13), (40, 50)]);
    assert_eq!(
        h,
        "&lt;b&gt;<mark>公共服务</mark>&lt;/b&gt;<mark>平台</mark>"
    );
    assert_eq!(url_encode("申报书.pdf"), "%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf");
    let p = SearchParams {
        where_: "staff.total>=50，facility.area_m2<3000".into(),
        ..Default::default()
    };
    assert_eq!(
        p.query().where_,
        ["staff.total>=50", "facility.area_m2<3000"]
    );
}
