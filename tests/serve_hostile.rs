//! `intake serve` and `intake search` against a hostile batch, through the real binary and raw
//! HTTP: symlinks out of the batch at every level, deeply nested queries, huge and sparse files,
//! byte ranges, FIFOs, foreign Host headers, idle connections, control and bidi characters in
//! names. Every case asserts the status and that no byte from outside the batch came back.
//! The large files are sparse (no disk blocks), made at test time.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// Bytes of the file outside the batch that symlinks point to; must never come back.
const SECRET: &str = "OUTSIDE-SECRET-7f3a";
/// A file name with a bidi override and a terminal escape (OSC retitling the window).
const HOSTILE_NAME: &str = "\u{202e}fdp.exe\u{1b}]0;pwned\u{7}.txt";

/// The shared fixture: `outside/passwd`, a batch with a good submission and hostile entries,
/// and OUT from `intake run`. Built once; tests only read it.
struct Fixture {
    _dir: tempfile::TempDir,
    batch: PathBuf,
    out: PathBuf,
    /// Length of `sub-0001/申报书.txt`.
    txt_len: u64,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let (batch, out, outside) = (root.join("batch"), root.join("out"), root.join("outside"));
        let sub = batch.join("sub-0001");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("passwd"), SECRET).unwrap();
        let txt = "单位名称：华东检测有限公司\n公共服务平台建设情况良好，从业人员共计126人。\n";
        std::fs::write(sub.join("申报书.txt"), txt).unwrap();
        std::fs::write(
            sub.join(HOSTILE_NAME),
            "公共服务平台的安装简单，维护方便。\n",
        )
        .unwrap();
        common::run(&batch, &out, &[]);
        // Hostile entries added after the run: serve must cope with whatever the folder holds.
        std::os::unix::fs::symlink(&outside, batch.join("l02")).unwrap();
        std::os::unix::fs::symlink(outside.join("passwd"), sub.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(&outside, sub.join("linkdir")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("up")).unwrap();
        // Sparse: 1 GiB over the 512 MiB document cap, 500 MiB under it.
        let big = std::fs::File::create(sub.join("big.pdf")).unwrap();
        big.set_len(1 << 30).unwrap();
        let half = std::fs::File::create(sub.join("half.pdf")).unwrap();
        half.set_len(500 << 20).unwrap();
        let fifo = Command::new("mkfifo").arg(sub.join("fifo.txt")).status();
        assert!(fifo.unwrap().success(), "mkfifo");
        Fixture {
            _dir: dir,
            batch,
            out,
            txt_len: txt.len() as u64,
        }
    })
}

/// `intake serve` as a child process, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Server {
    let f = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("serve")
        .arg(&f.out)
        .args(["--addr", "127.0.0.1:0", "--batch"])
        .arg(&f.batch)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim_end()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

/// A response: status, lower-cased head, body.
struct Resp {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A raw HTTP/1.1 GET of `path` (sent as given) with `Host: host` and extra header lines.
fn get_with(port: u16, host: &str, path: &str, extra: &str) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&buf)));
    let head = String::from_utf8_lossy(&buf[..split]).to_ascii_lowercase();
    Resp {
        status: head[9..12].parse().unwrap(),
        head,
        body: buf[split + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Resp {
    get_with(port, &format!("127.0.0.1:{port}"), path, "")
}

/// Percent-encodes every byte but ASCII letters and digits.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn nested(levels: usize) -> String {
    format!("{}公共服务{}", "(".repeat(levels), ")".repeat(levels))
}

#[test]
fn symlinks_out_of_the_batch_are_refused_at_every_level() {
    let s = serve();
    // The good document is served, so a refusal below is the rule, not a broken server.
    let ok = get(s.port, &format!("/doc/sub-0001/{}", enc("申报书.txt")));
    assert_eq!(ok.status, 200);
    assert!(ok.text().contains("公共服务平台"));
    for path in [
        "/doc/l02/passwd",
        "/doc/l02/./passwd",
        "/doc/sub-0001/link.txt",
        "/doc/sub-0001/linkdir/passwd",
        "/out/up/passwd",
        "/doc/sub-0001/..%2F..%2Foutside%2Fpasswd",
    ] {
        let r = get(s.port, path);
        assert!(
            r.status == 404 || r.status == 400,
            "{path} gave {}",
            r.status
        );
        assert!(!r.text().contains(SECRET), "{path} leaked the outside file");
    }
}

#[test]
fn a_fifo_is_not_opened() {
    let s = serve();
    let r = get(s.port, "/doc/sub-0001/fifo.txt");
    assert_eq!(r.status, 404);
    // The server still answers.
    assert_eq!(get(s.port, "/").status, 200);
}

#[test]
fn deep_nesting_is_a_clear_error_and_the_server_lives() {
    let s = serve();
    for levels in [3_000, 10_000] {
        let q = enc(&nested(levels));
        let page = get(s.port, &format!("/?q={q}"));
        assert_eq!(page.status, 400, "{levels} levels");
        assert!(
            page.text().contains("查询嵌套过深"),
            "{levels}: {}",
            page.text()
        );
        let api = get(s.port, &format!("/api/search?q={q}"));
        assert_eq!(api.status, 400);
        let err: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
        assert!(err["error"].as_str().unwrap().starts_with("查询嵌套过深"));
    }
    // Alive, and an ordinary nested query still finds the document.
    let r = get(s.port, &format!("/api/search?q={}", enc(&nested(3))));
    assert_eq!(r.status, 200, "{}", r.text());
    let hits: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
}

#[test]
fn search_cli_refuses_deep_nesting_with_exit_2() {
    let f = fixture();
    for levels in [3_000, 10_000] {
        let o = Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("search")
            .arg(&f.out)
            .arg(nested(levels))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{levels} levels");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with("intake：查询嵌套过深（最多 64 层"), "{err}");
    }
}

#[test]
fn ranges_are_served_and_bad_ones_refused() {
    let (s, len) = (serve(), fixture().txt_len);
    let path = format!("/doc/sub-0001/{}", enc("申报书.txt"));
    let whole = get(s.port, &path);
    assert_eq!(whole.body.len() as u64, len);
    assert!(
        whole.head.contains("accept-ranges: bytes"),
        "{}",
        whole.head
    );
    let r = get_with(
        s.port,
        &format!("localhost:{}", s.port),
        &path,
        "Range: bytes=3-11\r\n",
    );
    assert_eq!(r.status, 206);
    assert!(
        r.head.contains(&format!("content-range: bytes 3-11/{len}")),
        "{}",
        r.head
    );
    assert_eq!(r.body, whole.body[3..12]);
    let tail = get_with(
        s.port,
        &format!("localhost:{}", s.port),
        &path,
        "Range: bytes=-4\r\n",
    );
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, whole.body[whole.body.len() - 4..]);
    for bad in [
        format!("bytes={len}-"),
        "bytes=9-3".into(),
        "bytes=x-".into(),
    ] {
        let r = get_with(
            s.port,
            &format!("localhost:{}", s.port),
            &path,
            &format!("Range: {bad}\r\n"),
        );
        assert_eq!(r.status, 416, "{bad}");
        assert!(
            r.head.contains(&format!("content-range: bytes */{len}")),
            "{}",
            r.head
        );
    }
}

/// The server's peak resident set (VmHWM) in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn large_files_are_capped_or_streamed_never_read_whole() {
    let s = serve();
    // Over the run's 512 MiB document limit: refused, and the body is only the message.
    let big = get(s.port, "/doc/sub-0001/big.pdf");
    assert_eq!(big.status, 413);
    assert!(big.text().contains("文件超过 512 MiB"), "{}", big.text());
    assert!(big.body.len() < 4096);
    // Under it: a range deep inside is served from there.
    let r = get_with(
        s.port,
        &format!("127.0.0.1:{}", s.port),
        "/doc/sub-0001/half.pdf",
        "Range: bytes=400000000-400000015\r\n",
    );
    assert_eq!(r.status, 206);
    assert_eq!(r.body, [0u8; 16]);
    // Four whole-file GETs of 500 MiB at once, each read for 4 MiB: the server holds buffers,
    // not files (reading them whole would take 2 GB).
    let mut conns: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
            write!(
                c,
                "GET /doc/sub-0001/half.pdf HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                s.port
            )
            .unwrap();
            c
        })
        .collect();
    for c in &mut conns {
        let mut buf = vec![0u8; 4 << 20];
        c.read_exact(&mut buf).unwrap();
        let head = String::from_utf8_lossy(&buf[..200]).to_ascii_lowercase();
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", 500u64 << 20)),
            "{head}"
        );
    }
    let peak = peak_kib(s.child.id());
    assert!(peak < 200 << 10, "serve peaked at {} MiB", peak >> 10);
}

#[test]
fn headers_on_every_response_and_foreign_hosts_refused() {
    let s = serve();
    let p = s.port;
    for path in [
        "/".to_string(),
        "/report.html".into(),
        format!("/doc/sub-0001/{}", enc("申报书.txt")),
        "/no/such/page".into(),
        "/api/search?q=x".into(),
    ] {
        let r = get(p, &path);
        assert!(
            r.head.contains("x-content-type-options: nosniff"),
            "{path}: {}",
            r.head
        );
        assert!(
            r.head.contains("content-security-policy: ")
                && r.head.contains("frame-ancestors 'none'"),
            "{path}: {}",
            r.head
        );
        let sandboxed = r.head.contains("content-security-policy: sandbox");
        assert_eq!(sandboxed, path.starts_with("/doc/"), "{path}: {}", r.head);
    }
    for host in [
        format!("localhost:{p}"),
        format!("127.0.0.1:{p}"),
        format!("[::1]:{p}"),
    ] {
        assert_eq!(get_with(p, &host, "/report.html", "").status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{p}"),
        "localhost".to_string(),
        format!("127.0.0.1:{}", p.wrapping_add(1)),
    ] {
        let r = get_with(p, &host, "/report.html", "");
        assert_eq!(r.status, 421, "{host}");
        assert!(!r.text().contains("<html"), "{host} got the report");
        assert!(r.head.contains("x-content-type-options: nosniff"));
    }
    // An absolute URI naming another host is refused too.
    let r = get_with(
        p,
        &format!("127.0.0.1:{p}"),
        "http://evil.example/report.html",
        "",
    );
    assert_eq!(r.status, 421);
}

#[test]
fn non_loopback_addresses_are_refused_without_allow_remote() {
    let f = fixture();
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let o = Command::new(env!("CARGO_BIN_EXE_intake"))
            .arg("serve")
            .arg(&f.out)
            .args(["--addr", addr])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{addr}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("不是本机回环地址") && err.contains("--allow-remote"),
            "{err}"
        );
    }
}

#[test]
fn idle_and_slow_header_connections_are_closed() {
    let s = serve();
    let open = |partial: &[u8]| {
        let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        // Far past the server's 15 s header timeout: a read that times out here means the
        // server kept the connection open.
        c.set_read_timeout(Some(Duration::from_secs(90))).unwrap();
        c.write_all(partial).unwrap();
        c
    };
    let mut idle = open(b"");
    let mut slow = open(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for c in [&mut idle, &mut slow] {
        let mut buf = Vec::new();
        match c.read_to_end(&mut buf) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("connection still open: {e}"),
        }
        assert!(!String::from_utf8_lossy(&buf).contains("<html"));
    }
}

#[test]
fn control_and_bidi_characters_in_names_are_shown_not_applied() {
    let f = fixture();
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("search")
        .arg(&f.out)
        .arg("安装简单")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("\\u{202e}fdp.exe\\u{1b}]0;pwned\\u{7}.txt"),
        "{text}"
    );
    assert!(!text.contains(['\u{202e}', '\u{1b}', '\u{7}']), "{text:?}");
    let o = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("search")
        .arg(&f.out)
        .args(["安装简单", "--json"])
        .output()
        .unwrap();
    let line = String::from_utf8(o.stdout).unwrap();
    assert!(!line.contains(['\u{202e}', '\u{1b}', '\u{7}']), "{line:?}");
    let hit: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(
        hit["document"], HOSTILE_NAME,
        "the JSON keeps the exact name"
    );

    let s = serve();
    let page = get(s.port, &format!("/?q={}", enc("安装简单")));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        !html.contains(['\u{202e}', '\u{1b}', '\u{7}']),
        "raw control in the page"
    );
    assert!(
        html.contains("<span class=\"ctl\">&lt;U+202E&gt;</span>fdp.exe"),
        "{html}"
    );
    let report = std::fs::read_to_string(f.out.join("report.html")).unwrap();
    assert!(
        !report.contains(['\u{202e}', '\u{1b}', '\u{7}']),
        "raw control in report.html"
    );
}
