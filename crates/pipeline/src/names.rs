//! File names as the contract's strings, losslessly: a name that is not UTF-8 (Linux allows any
//! bytes but `/` and NUL) keeps every byte, so two files never collapse into one id or document
//! name (`n12-\xff`, `n12-\xfe` and `n12-\u{fffd}` stay three).
//!
//! The mapping: valid UTF-8 is kept as it is; each byte that is not part of valid UTF-8 becomes
//! `%XX` (upper-case hex); a `%` that is followed by two hex digits becomes `%25`, so a name that
//! already reads like an escape cannot be mistaken for one. Every other `%` (`100%.pdf`) is
//! kept, so ordinary names — all the names an officer normally sees — are unchanged.
//! [`unescape`] inverts [`escape`] exactly.

use std::ffi::{OsStr, OsString};

/// A file name as a string, every byte kept (see the module doc).
pub fn escape(name: &OsStr) -> String {
    escape_bytes(&bytes_of(name))
}

/// The name [`escape`] made `escaped` from.
pub fn unescape(escaped: &str) -> OsString {
    let b = escaped.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && escape_follows(&b[i + 1..]) {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("00");
            out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    os_of(out)
}

fn escape_bytes(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            // The bytes after this `%` in the name (not in the output): a kept `%` is then never
            // followed by two hex digits in the output either, which makes the mapping
            // invertible.
            if c == '%' && escape_follows(&bytes[at + i + 1..]) {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        at += valid.len();
        for b in chunk.invalid() {
            let _ = write!(out, "%{b:02X}");
        }
        at += chunk.invalid().len();
    }
    out
}

/// Whether `rest` starts with two ASCII hex digits (what makes a `%` an escape).
fn escape_follows(rest: &[u8]) -> bool {
    rest.len() >= 2 && rest[0].is_ascii_hexdigit() && rest[1].is_ascii_hexdigit()
}

#[cfg(unix)]
fn bytes_of(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(name.as_bytes())
}

#[cfg(not(unix))]
fn bytes_of(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    // Elsewhere names are Unicode (or WTF-8 on Windows); the lossy form is the best available.
    std::borrow::Cow::Owned(name.to_string_lossy().into_owned().into_bytes())
}

#[cfg(unix)]
fn os_of(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_of(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn esc(b: &[u8]) -> String {
        escape(OsStr::from_bytes(b))
    }

    #[test]
    fn ordinary_names_are_unchanged() {
        for n in ["申请书.pdf", "100%.pdf", "a%z1.txt", "%", "50%%", "x%4"] {
            assert_eq!(esc(n.as_bytes()), n);
        }
    }

    #[test]
    fn invalid_bytes_and_escape_lookalikes_stay_apart() {
        let names: [&[u8]; 5] = [
            b"n12-\xff",
            b"n12-\xfe",
            "n12-\u{fffd}".as_bytes(),
            b"n12-%FF",
            b"n12-%25FF",
        ];
        let escaped: Vec<String> = names.iter().map(|n| esc(n)).collect();
        assert_eq!(
            escaped,
            [
                "n12-%FF",
                "n12-%FE",
                "n12-\u{fffd}",
                "n12-%25FF",
                "n12-%2525FF"
            ]
        );
        let mut distinct = escaped.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), names.len());
    }

    #[test]
    fn unescape_inverts_escape_on_every_short_name() {
        // Every name of up to three bytes from an alphabet of the bytes that matter: `%`, hex
        // digits, a non-hex letter, a lone continuation byte, a lead byte, and the pieces of
        // a valid two-byte character.
        let alphabet = [b'%', b'2', b'5', b'F', b'f', b'z', 0x80, 0xc3, 0xa9, 0xff];
        let mut seen = std::collections::HashMap::new();
        let mut names: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<u8>> = names
                .iter()
                .flat_map(|n| {
                    alphabet.iter().map(move |b| {
                        let mut m = n.clone();
                        m.push(*b);
                        m
                    })
                })
                .collect();
            names.extend(longer);
        }
        names.sort();
        names.dedup();
        for n in &names {
            let e = esc(n);
            assert_eq!(unescape(&e).as_bytes(), n.as_slice(), "{n:?} → {e:?}");
            if let Some(other) = seen.insert(e.clone(), n.clone()) {
                panic!("{other:?} and {n:?} both escape to {e:?}");
            }
        }
    }
}
