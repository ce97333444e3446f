//! Content-stream tokenizer (ISO 32000-1 §7.2 lexical conventions, §7.8.2 content streams,
//! §8.9.7 inline images). Yields one operator at a time with its operands; never panics and
//! never loops without consuming input. Inline image data (`BI … ID … EI`) is skipped.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// An integer or real number.
    Num(f32),
    /// A literal or hexadecimal string, unescaped.
    Str(Vec<u8>),
    /// A name, without the slash, `#xx` escapes resolved.
    Name(Vec<u8>),
    /// An array (`TJ` operands, dash arrays).
    Array(Vec<Operand>),
    /// An inline dictionary (`BDC` properties, inline image parameters).
    Dict(Vec<(Vec<u8>, Operand)>),
    /// `true`, `false`, `null` and anything else that is not an operator.
    Other,
}

impl Operand {
    /// The number, or 0 for a non-number (a malformed operand must not stop the page).
    pub(crate) fn num(&self) -> f32 {
        match self {
            Operand::Num(n) if n.is_finite() => *n,
            _ => 0.0,
        }
    }
}

/// Deepest array/dictionary nesting accepted inside a content stream.
const MAX_NESTING: usize = 32;
/// Most operands kept for one operator; beyond that the stack is garbage and is dropped.
const MAX_OPERANDS: usize = 4096;

/// A tokenizer over one decoded content stream.
pub(crate) struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `buf`.
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Lexer { buf, pos: 0 }
    }

    /// The next operator and its operands (in `ops`, cleared first); `None` at the end.
    pub(crate) fn next_op(&mut self, ops: &mut Vec<Operand>) -> Option<&'a [u8]> {
        ops.clear();
        loop {
            self.skip_white();
            let &b = self.buf.get(self.pos)?;
            if is_delim(b) && b != b'{' && b != b'}' && b != b']' && b != b')' && b != b'>' {
                let v = self.operand(0);
                if ops.len() < MAX_OPERANDS {
                    ops.push(v);
                } else {
                    ops.clear();
                }
                continue;
            }
            if matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.') {
                let n = self.number();
                if ops.len() < MAX_OPERANDS {
                    ops.push(n);
                } else {
                    ops.clear();
                }
                continue;
            }
            if is_delim(b) {
                // A stray closing delimiter or brace: skip it.
                self.pos += 1;
                continue;
            }
            let word = self.word();
            match word {
                b"true" | b"false" | b"null" => ops.push(Operand::Other),
                b"BI" => {
                    self.skip_inline_image();
                    ops.clear();
                    continue;
                }
                _ => return Some(word),
            }
        }
    }

    fn skip_white(&mut self) {
        while let Some(&b) = self.buf.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.buf.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(&b) = self.buf.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            self.pos += 1;
        }
        &self.buf[start..self.pos.min(self.buf.len())]
    }

    fn number(&mut self) -> Operand {
        let w = self.word();
        // Tolerate "--5", "1.2.3" and similar damage the way readers do: parse the longest
        // valid prefix, and 0 if there is none.
        let s = std::str::from_utf8(w).unwrap_or("0");
        let s = s.trim_start_matches(['-', '+']);
        let neg = w.first() == Some(&b'-');
        let mut end = 0;
        let mut dot = false;
        for (i, c) in s.char_indices() {
            if c.is_ascii_digit() {
                end = i + 1;
            } else if c == '.' && !dot {
                dot = true;
                end = i + 1;
            } else {
                break;
            }
        }
        let v: f32 = s[..end].parse().unwrap_or(0.0);
        Operand::Num(if neg { -v } else { v })
    }

    fn operand(&mut self, depth: usize) -> Operand {
        self.skip_white();
        let Some(&b) = self.buf.get(self.pos) else {
            return Operand::Other;
        };
        match b {
            b'(' => Operand::Str(self.literal_string()),
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_white();
                    match self.buf.get(self.pos) {
                        None => break,
                        Some(b'>') => {
                            self.pos += 2;
                            break;
                        }
                        Some(b'/') => {
                            let Operand::Name(k) = self.name() else { break };
                            let v = if depth < MAX_NESTING {
                                self.operand(depth + 1)
                            } else {
                                Operand::Other
                            };
                            entries.push((k, v));
                        }
                        Some(_) if depth >= MAX_NESTING => {
                            // Too deep to descend (`<< << << …`): step over one byte, so
                            // the recursion stays bounded whatever the stream holds.
                            self.pos += 1;
                        }
                        Some(_) => {
                            // Malformed entry: consume one token.
                            let _ = self.operand(depth + 1);
                        }
                    }
                }
                Operand::Dict(entries)
            }
            b'<' => Operand::Str(self.hex_string()),
            b'/' => self.name(),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.buf.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) if depth >= MAX_NESTING => {
                            self.pos += 1;
                        }
                        Some(b'0'..=b'9' | b'+' | b'-' | b'.') => items.push(self.number()),
                        Some(&c) if is_delim(c) && c != b')' && c != b'>' && c != b'}' => {
                            items.push(self.operand(depth + 1))
                        }
                        Some(_) => {
                            // An operator-like word inside an array: the array is unterminated.
                            let save = self.pos;
                            let w = self.word();
                            if !matches!(
                                w,
                                b"true" | b"false" | b"null" | b"}" | b"{" | b")" | b">"
                            ) {
                                self.pos = save;
                                break;
                            }
                        }
                    }
                    if items.len() > MAX_OPERANDS * 16 {
                        break;
                    }
                }
                Operand::Array(items)
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(),
            _ => {
                let _ = self.word();
                Operand::Other
            }
        }
    }

    fn name(&mut self) -> Operand {
        self.pos += 1;
        let start = self.pos;
        while let Some(&b) = self.buf.get(self.pos) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        let raw = &self.buf[start..self.pos];
        if !raw.contains(&b'#') {
            return Operand::Name(raw.to_vec());
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#'
                && let (Some(h), Some(l)) = (
                    raw.get(i + 1).and_then(|&c| hex_val(c)),
                    raw.get(i + 2).and_then(|&c| hex_val(c)),
                )
            {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
            out.push(raw[i]);
            i += 1;
        }
        Operand::Name(out)
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&b) = self.buf.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1u32;
        while let Some(&b) = self.buf.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.buf.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.buf.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.buf.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    /// Skips an inline image: its parameters up to `ID`, then the data up to an `EI` that
    /// stands alone between white-space (ISO 32000-1 §8.9.7). Binary data may contain "EI",
    /// so the delimiter is only accepted when followed by white-space or the end.
    fn skip_inline_image(&mut self) {
        loop {
            self.skip_white();
            if self.pos >= self.buf.len() {
                return;
            }
            let b = self.buf[self.pos];
            if b == b'/' || b == b'(' || b == b'<' || b == b'[' {
                let _ = self.operand(0);
                continue;
            }
            if matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.') {
                let _ = self.number();
                continue;
            }
            let w = self.word();
            if w == b"ID" {
                self.pos += 1;
                break;
            }
            if w == b"EI" {
                return;
            }
        }
        let data = &self.buf[self.pos.min(self.buf.len())..];
        let mut i = 0;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && (i == 0 || is_white(data[i - 1]))
                && data.get(i + 2).is_none_or(|&c| is_white(c))
            {
                self.pos += i + 2;
                return;
            }
            i += 1;
        }
        self.pos = self.buf.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(src);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut v) {
            out.push((String::from_utf8_lossy(op).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn strings_arrays_and_inline_images() {
        let got = ops(b"BT /F1 12 Tf [(a\\(b\\)) -250 <4E2D>] TJ BI /W 2 /H 1 ID \x00EI\xff EI ET (x\\101) Tj");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "TJ", "ET", "Tj"]);
        assert_eq!(
            got[2].1,
            vec![Operand::Array(vec![
                Operand::Str(b"a(b)".to_vec()),
                Operand::Num(-250.0),
                Operand::Str(vec![0x4e, 0x2d])
            ])]
        );
        assert_eq!(got[4].1, vec![Operand::Str(b"xA".to_vec())]);
    }

    #[test]
    fn bdc_dict_and_escaped_names() {
        let got = ops(b"/Span <</ActualText (\xfe\xff\x00A)>> BDC /A#20B Do");
        assert_eq!(got[0].0, "BDC");
        assert!(matches!(&got[0].1[1], Operand::Dict(d) if d[0].0 == b"ActualText"));
        assert_eq!(got[1].1, vec![Operand::Name(b"A B".to_vec())]);
    }

    #[test]
    fn hundred_thousand_deep_nesting_is_bounded() {
        // Malformed dictionaries (`<< << …`) once recursed without bound and overflowed the
        // stack; arrays and well-formed dictionaries must stay bounded too.
        let n = 100_000;
        for deep in [
            format!("{}{}", "<< ".repeat(n), ">> ".repeat(n)),
            format!("{}1{}", "<< /A ".repeat(n), " >>".repeat(n)),
            format!("{}{}", "[".repeat(n), "]".repeat(n)),
        ] {
            let src = format!("{deep} /P BDC (after) Tj");
            let got = ops(src.as_bytes());
            let last = got.last().expect("an operator after the nesting");
            assert_eq!(last.0, "Tj");
            assert_eq!(last.1, vec![Operand::Str(b"after".to_vec())]);
        }
    }
}
