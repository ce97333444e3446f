//! A page rendered to gray pixels by poppler's `pdftoppm`, for pages whose text is not one
//! embedded image: outlined glyphs (text drawn as vector paths), a scan cut into strips, a page
//! printed from a browser with its images and vectors mixed.
//!
//! Why a separate process: rendering a hostile PDF is the riskiest thing intake does with one,
//! and a renderer crash or hang must cost one page, not the batch. The process gets the file on
//! its stdin, is killed at the page's time budget, and its output is read only up to the size
//! the page's pixel count allows.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::engine::MAX_PIXELS;

/// Rendering resolution in dots per inch: Tesseract reads CJK best at 200–300 dpi; 200 keeps a
/// page under 4 M pixels and a few seconds.
pub(crate) const DPI: u32 = 200;

/// A rendered page: 8-bit gray, rows top to bottom.
pub(crate) struct Gray {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) dpi: u32,
    pub(crate) pixels: Vec<u8>,
}

/// Whether `pdftoppm` can be run.
pub(crate) fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| {
        Command::new("pdftoppm")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })
}

/// The resolution for a page of `w × h` points: [`DPI`], lowered so the image stays under
/// [`MAX_PIXELS`] (a 5-metre poster page must not become a 10 GB bitmap).
pub(crate) fn dpi_for(w_pt: f32, h_pt: f32) -> u32 {
    let inches = (f64::from(w_pt.max(1.0)) / 72.0) * (f64::from(h_pt.max(1.0)) / 72.0);
    let max = (MAX_PIXELS as f64 / inches).sqrt();
    (f64::from(DPI).min(max).floor() as u32).max(1)
}

/// Renders page `number` (1-based) of the PDF in `pdf` at `dpi`, within `budget`.
pub(crate) fn render(pdf: &[u8], number: u32, dpi: u32, budget: Duration) -> Result<Gray, String> {
    let mut child = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string()])
        .args(["-f", &number.to_string(), "-l", &number.to_string(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run pdftoppm: {e}"))?;
    let started = Instant::now();
    let mut stdin = child.stdin.take().ok_or("pdftoppm: no stdin")?;
    let mut stdout = child.stdout.take().ok_or("pdftoppm: no stdout")?;
    // Feed and drain on separate threads so neither pipe can fill and block the other; the
    // reader stops at the largest page allowed.
    let input = pdf.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let cap = MAX_PIXELS + 64;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(cap + 1).read_to_end(&mut out);
        out
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if started.elapsed() < budget => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = reader.join().unwrap_or_default();
    let _ = feeder.join();
    match status {
        None => Err(format!("渲染超时（超过 {} 秒）", budget.as_secs())),
        Some(s) if !s.success() => Err("渲染失败 (pdftoppm could not render the page)".into()),
        Some(_) => parse_pgm(out, dpi),
    }
}

/// A binary PGM (`P5`, maxval 255), as `pdftoppm -gray` writes it.
fn parse_pgm(mut bytes: Vec<u8>, dpi: u32) -> Result<Gray, String> {
    let bad = || "渲染结果无法读取 (not a PGM image)".to_string();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 && i < bytes.len().min(256) {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'#') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let s = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[s..i]).into_owned());
    }
    if fields.len() < 4 || fields[0] != "P5" || fields[3] != "255" {
        return Err(bad());
    }
    let width: u32 = fields[1].parse().map_err(|_| bad())?;
    let height: u32 = fields[2].parse().map_err(|_| bad())?;
    let need = u64::from(width) * u64::from(height);
    let start = i + 1;
    if need == 0 || need > MAX_PIXELS || ((bytes.len() - start.min(bytes.len())) as u64) < need {
        return Err(bad());
    }
    bytes.drain(..start);
    bytes.truncate(need as usize);
    Ok(Gray {
        width,
        height,
        dpi,
        pixels: bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgm_header_and_pixels() {
        let mut b = b"P5\n# made by hand\n3 2\n255\n".to_vec();
        b.extend([0u8, 128, 255, 1, 2, 3, 99]);
        let g = parse_pgm(b, 200).unwrap();
        assert_eq!(
            (g.width, g.height, g.pixels),
            (3, 2, vec![0, 128, 255, 1, 2, 3])
        );
        assert!(
            parse_pgm(b"P5\n3 2\n255\n\x00".to_vec(), 200).is_err(),
            "short data"
        );
        assert!(parse_pgm(b"P6\n1 1\n255\n\x00\x00\x00".to_vec(), 200).is_err());
    }

    #[test]
    fn huge_pages_are_rendered_at_a_lower_resolution() {
        assert_eq!(dpi_for(595.0, 842.0), DPI, "A4 at full resolution");
        let poster = dpi_for(14_400.0, 14_400.0);
        let px = (14_400.0 / 72.0 * poster as f64).powi(2);
        assert!(poster < 40 && px <= MAX_PIXELS as f64, "{poster} dpi");
    }
}
