//! Object access over lopdf with the document's budgets: references resolved with a bound,
//! stream data decoded against the remaining decompressed-bytes budget (ISO 32000-1 §7.3–7.4).

use std::cell::Cell;

use lopdf::{Dictionary, Object, Stream};

use crate::{ExtractError, Limits};

/// Read access to one loaded document plus what it has spent of its budget.
pub(crate) struct Ctx<'a> {
    /// The parsed document.
    pub(crate) doc: &'a lopdf::Document,
    /// The document's budgets (time, depth, decompressed bytes).
    pub(crate) limits: &'a Limits,
    /// Bytes of stream data decoded so far.
    spent: Cell<u64>,
}

impl<'a> Ctx<'a> {
    /// A context over `doc` with nothing spent yet.
    pub(crate) fn new(doc: &'a lopdf::Document, limits: &'a Limits) -> Self {
        Ctx {
            doc,
            limits,
            spent: Cell::new(0),
        }
    }

    /// Follows references (lopdf bounds the chain); `None` for a dangling one.
    pub(crate) fn resolve(&self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    /// `dict[key]`, resolved.
    pub(crate) fn get(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        d.get(key).ok().and_then(|o| self.resolve(o))
    }

    /// `dict[key]` as a dictionary (a stream's dictionary counts).
    pub(crate) fn dict(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
        match self.get(d, key)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    /// `dict[key]` as a name.
    pub(crate) fn name(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        match self.get(d, key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    /// `dict[key]` as a number.
    pub(crate) fn num(&self, d: &'a Dictionary, key: &[u8]) -> Option<f32> {
        self.get(d, key).and_then(|o| self.as_num(o))
    }

    /// An object as a number (integer or real, finite).
    pub(crate) fn as_num(&self, o: &Object) -> Option<f32> {
        match o {
            Object::Integer(i) => Some(*i as f32),
            Object::Real(r) if r.is_finite() => Some(*r),
            Object::Reference(_) => match self.doc.dereference(o).ok()?.1 {
                Object::Integer(i) => Some(*i as f32),
                Object::Real(r) if r.is_finite() => Some(*r),
                _ => None,
            },
            _ => None,
        }
    }

    /// `dict[key]` as an array.
    pub(crate) fn array(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
        match self.get(d, key)? {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    /// `dict[key]` as a stream.
    pub(crate) fn stream(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
        match self.get(d, key)? {
            Object::Stream(s) => Some(s),
            _ => None,
        }
    }

    /// A numeric array of exactly `n` numbers (`/Matrix`, `/FontMatrix`, boxes).
    pub(crate) fn nums(&self, d: &'a Dictionary, key: &[u8], n: usize) -> Option<Vec<f32>> {
        let a = self.array(d, key)?;
        let v: Vec<f32> = a.iter().filter_map(|o| self.as_num(o)).collect();
        (v.len() == n).then_some(v)
    }

    /// The decoded bytes of a stream, charged to the document's decompressed-bytes budget.
    /// A stream whose filters fail is read raw (as readers do) when it is small enough.
    ///
    /// Errors: [`ExtractError::OverBudget`] once the document has decoded more than
    /// `max_decompressed_bytes` in total.
    pub(crate) fn data(&self, s: &Stream) -> Result<Vec<u8>, ExtractError> {
        let left = self
            .limits
            .max_decompressed_bytes
            .saturating_sub(self.spent.get());
        let cap = usize::try_from(left).unwrap_or(usize::MAX);
        let bytes = match s.filters() {
            Ok(f) if !f.is_empty() => match s.decompressed_content_with_limit(cap) {
                Ok(b) => b,
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => {
                    return Err(self.over());
                }
                Err(_) => s.content.clone(),
            },
            _ => s.content.clone(),
        };
        let total = self.spent.get() + bytes.len() as u64;
        if total > self.limits.max_decompressed_bytes {
            return Err(self.over());
        }
        self.spent.set(total);
        Ok(bytes)
    }

    fn over(&self) -> ExtractError {
        ExtractError::OverBudget(format!(
            "streams decompress to more than {} bytes",
            self.limits.max_decompressed_bytes
        ))
    }
}

/// A 2-D affine matrix `[a b c d e f]` (ISO 32000-1 §8.3.3), row-vector convention.
pub(crate) type Matrix = [f32; 6];

/// The identity matrix.
pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n` (apply `m` first, then `n`).
pub(crate) fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Applies `m` to the point `(x, y)`.
pub(crate) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// Decodes a PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE with BOM, UTF-8 with BOM,
/// else PDFDocEncoding — except that bytes forming valid GBK double-byte text, which Chinese
/// producers write into Info strings, are read as GBK.
pub(crate) fn text_string(b: &[u8]) -> String {
    if b.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| u16::from(c[0]) << 8 | u16::from(c[1]))
            .collect();
        return char::decode_utf16(units).filter_map(Result::ok).collect();
    }
    if b.starts_with(&[0xff, 0xfe]) {
        let units: Vec<u16> = b[2..]
            .chunks_exact(2)
            .map(|c| u16::from(c[1]) << 8 | u16::from(c[0]))
            .collect();
        return char::decode_utf16(units).filter_map(Result::ok).collect();
    }
    if b.starts_with(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(&b[3..]).into_owned();
    }
    if b.iter().any(|&c| c >= 0x80) {
        if let Ok(s) = std::str::from_utf8(b) {
            return s.to_string();
        }
        let (s, _, bad) = encoding_rs::GBK.decode(b);
        if !bad && s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            return s.into_owned();
        }
    }
    b.iter()
        .map(|&c| match super::font::tables::PDF_DOC[c as usize] {
            0 => char::from(c),
            u => char::from_u32(u32::from(u)).unwrap_or(char::from(c)),
        })
        .collect()
}
