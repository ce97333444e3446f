//! What every response passes through: the Host check (against DNS rebinding) and the security
//! headers (CSP, nosniff, no referrer).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Host header values a request may carry: the bound address, and `localhost`,
/// `127.0.0.1` and `[::1]`, each with the bound port (without it when the port is 80). With
/// `--allow-remote`, any IP literal with the port too: a name could be an attacker's domain
/// rebound to this machine, an address typed by an officer cannot.
#[derive(Clone, Debug)]
pub struct Hosts {
    allowed: Vec<String>,
    port: u16,
    any_ip: bool,
}

impl Hosts {
    /// The hosts allowed for a server bound to `bound`; `any_ip` accepts every IP literal.
    pub fn new(bound: SocketAddr, any_ip: bool) -> Hosts {
        let port = bound.port();
        let mut allowed: Vec<String> = [bound.to_string()]
            .into_iter()
            .chain(["localhost", "127.0.0.1", "[::1]"].map(|h| format!("{h}:{port}")))
            .collect();
        if port == 80 {
            allowed.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
            allowed.push(match bound.ip() {
                IpAddr::V4(ip) => ip.to_string(),
                IpAddr::V6(ip) => format!("[{ip}]"),
            });
        }
        Hosts {
            allowed,
            port,
            any_ip,
        }
    }

    /// Whether `host` (a Host header or URI authority) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.allowed.contains(&host) {
            return true;
        }
        if !self.any_ip {
            return false;
        }
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        port == Some(self.port) && name.parse::<IpAddr>().is_ok()
    }
}

/// CSP of the pages intake makes (search page, report): their own inline style and script
/// only, nothing loaded from elsewhere, never framed.
const CSP_PAGE: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// CSP of a batch document: sandboxed (no script, no same-origin access, no forms), never framed.
pub const CSP_DOCUMENT: &str = "sandbox; default-src 'self'; frame-ancestors 'none'";

/// CSP of a batch document answered as `application/pdf` (its bytes checked to be a PDF,
/// `files::is_pdf`): not sandboxed, because no browser's PDF viewer runs in a sandboxed document
/// (Chromium shows "blocked", Safari an empty page), so the officer could not read the PDFs the
/// findings cite. The PDF is shown by the browser's own viewer, never as a page of this origin:
/// its type is fixed and `nosniff` stops any other reading of the bytes.
pub const CSP_PDF: &str = "default-src 'self'; frame-ancestors 'none'";

/// Refuses a request whose Host (or absolute URI) is not this server with 421, then adds the
/// security headers to whatever the route answered: CSP (sandboxed for `/doc/` but a checked
/// PDF), nosniff and
/// no referrer on every response.
pub async fn guard(State(hosts): State<Arc<Hosts>>, req: Request, next: Next) -> Response {
    let host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        });
    let header_ok = req
        .headers()
        .get(header::HOST)
        .is_none_or(|h| h.to_str().is_ok_and(|h| hosts.allows(h)));
    let is_doc = req.uri().path().starts_with("/doc/");
    let mut resp = if header_ok && host.is_some_and(|h| hosts.allows(&h)) {
        next.run(req).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "主机名不符，拒绝服务：请用 intake serve 打印的地址访问 (Host header does not name this server)",
        )
            .into_response()
    };
    let hs = resp.headers_mut();
    let pdf = hs
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes() == b"application/pdf");
    let csp = match (is_doc, pdf) {
        (true, true) => CSP_PDF,
        (true, false) => CSP_DOCUMENT,
        (false, _) => CSP_PAGE,
    };
    hs.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    hs.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    hs.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_names_are_allowed() {
        let h = Hosts::new("127.0.0.1:8080".parse().unwrap(), false);
        for ok in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "localhost",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost.evil.example:8080",
            "",
            "10.0.0.5:8080",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
        let remote = Hosts::new("0.0.0.0:8080".parse().unwrap(), true);
        assert!(remote.allows("10.0.0.5:8080") && remote.allows("[fe80::1]:8080"));
        assert!(!remote.allows("intranet.example:8080") && !remote.allows("10.0.0.5:9"));
        let web = Hosts::new("127.0.0.1:80".parse().unwrap(), false);
        assert!(web.allows("localhost") && web.allows("127.0.0.1") && !web.allows("evil"));
    }
}
