//! `intake serve` in a child process and plain HTTP/1.1 to it, for the desk tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `intake serve`; dropping it kills and reaps it.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `intake serve OUT --addr 127.0.0.1:0 --batch BATCH` plus `extra`, with `envs` set,
/// and waits for the address it prints.
pub fn serve(out: &Path, batch: &Path, extra: &[&str], envs: &[(&str, &str)]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("serve")
        .arg(out)
        .args(["--addr", "127.0.0.1:0", "--batch"])
        .arg(batch)
        .args(extra)
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting intake serve");
    // Owned by the guard from here: a panic below kills and reaps it.
    let mut server = Server { child, port: 0 };
    let stdout = server.child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("`intake serve` printed no address within 30 s ({e})"));
        if let Some((_, url)) = line.split_once(" on http://127.0.0.1:") {
            server.port = url.trim_end().trim_end_matches('/').parse().unwrap();
            return server;
        }
    }
}

/// A response: status, lower-cased head, body as text.
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// Sends one raw request and reads the whole answer (`Connection: close`).
pub fn request(port: u16, raw: &str) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    s.write_all(raw.as_bytes())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no response head"))?;
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    Ok(Reply {
        status: head[9..12].parse().unwrap(),
        head: head.to_ascii_lowercase(),
        body: String::from_utf8_lossy(&buf[split + 4..]).into_owned(),
    })
}

/// GET `path`.
pub fn get(port: u16, path: &str) -> Reply {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
    .unwrap()
}

/// POST `form` (url-encoded) to `path` with `headers` added.
pub fn post(
    port: u16,
    path: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> std::io::Result<Reply> {
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    request(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n{extra}\r\n{body}",
            body.len()
        ),
    )
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One finding's form on a desk page.
#[derive(Debug, Clone)]
pub struct FindingForm {
    pub fp: String,
    pub rule: String,
    pub status: String,
    pub prev: String,
    pub token: String,
    /// The section's HTML.
    pub html: String,
}

/// The value of attribute `name` after `after` in `html`.
fn attr(html: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    html.split_once(&key)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.to_string())
        .unwrap_or_default()
}

/// The findings of a `/desk/<id>` page with their form fields.
pub fn finding_forms(page: &str) -> Vec<FindingForm> {
    page.split("<section class=\"finding\"")
        .skip(1)
        .map(|s| {
            let s = s.split("</section>").next().unwrap_or("");
            let after = |marker: &str| {
                s.split_once(marker)
                    .map(|(_, rest)| attr(rest, "value"))
                    .unwrap_or_default()
            };
            FindingForm {
                fp: attr(s, "data-fp"),
                rule: attr(s, "data-rule"),
                status: attr(s, "data-status"),
                prev: after("name=\"prev\""),
                token: after("name=\"token\""),
                html: s.to_string(),
            }
        })
        .collect()
}
