//! Showing untrusted text (file names, quotes, snippets) without letting it act on the screen.
//!
//! A document or file name may carry terminal escapes (ESC, OSC sequences that retitle a window
//! or forge a hyperlink), other control characters, or bidirectional overrides that make
//! `<U+202E>exe.txt` read as `txt.exe`. Before such text reaches a terminal or a page it goes through
//! here: every such character is replaced by a visible marker, so the reader sees that it is
//! there and it has no effect. The CLI writes `\u{202e}`; HTML writes `<U+202E>` in a marked span.

use std::borrow::Cow;

/// True for a character that must not reach a terminal or page as itself: C0 controls (except
/// tab and line feed when `keep_layout`), DEL, C1 controls (U+0080–U+009F, which include CSI and
/// OSC on some terminals), the bidi embeddings and overrides U+202A–U+202E, the isolates
/// U+2066–U+2069, and the marks U+200E/U+200F and U+061C.
pub fn is_hidden_control(c: char, keep_layout: bool) -> bool {
    match c {
        '\t' | '\n' => !keep_layout,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        _ => false,
    }
}

/// One piece of text as [`parts`] splits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// Text to show as it is.
    Text(&'a str),
    /// A hidden control (see [`is_hidden_control`]) to show as a marker.
    Hidden(char),
}

/// Splits `s` into runs of plain text and single hidden controls, in order; concatenating the
/// parts gives back `s`. `keep_layout` keeps tab and line feed as text (for quotes shown in a
/// block that wraps lines).
pub fn parts(s: &str, keep_layout: bool) -> impl Iterator<Item = Part<'_>> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        if is_hidden_control(first, keep_layout) {
            rest = &rest[first.len_utf8()..];
            return Some(Part::Hidden(first));
        }
        let end = chars
            .find(|&(_, c)| is_hidden_control(c, keep_layout))
            .map_or(rest.len(), |(i, _)| i);
        let (text, tail) = rest.split_at(end);
        rest = tail;
        Some(Part::Text(text))
    })
}

/// `s` for a terminal: each hidden control (tab and line feed included) becomes `\u{…}` in
/// lower-case hex (`\u{1b}`, `\u{202e}`), and a backslash stays a backslash. Borrowed when `s`
/// holds none.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hidden_control(c, false)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for part in parts(s, false) {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// `s` as plain text with each hidden control written `<U+202E>` (upper-case hex, at least four
/// digits), for text that is drawn as text (a DOM text node). Borrowed when `s` holds none.
pub fn shown(s: &str, keep_layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hidden_control(c, keep_layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for part in parts(s, keep_layout) {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Hidden(c) => out.push_str(&marker(c)),
        }
    }
    Cow::Owned(out)
}

/// The visible name of a hidden control: `U+202E`, `U+001B`.
pub fn marker(c: char) -> String {
    format!("<U+{:04X}>", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_bidi_become_visible() {
        assert_eq!(
            for_terminal("a\u{1b}]8;;http://x\u{7}b\u{202e}exe.txt"),
            "a\\u{1b}]8;;http://x\\u{7}b\\u{202e}exe.txt"
        );
        assert_eq!(
            for_terminal("\u{9b}2J\u{2066}\u{200f}"),
            "\\u{9b}2J\\u{2066}\\u{200f}"
        );
        assert!(matches!(for_terminal("申报书.pdf"), Cow::Borrowed(_)));
        assert_eq!(for_terminal("a\nb\tc"), "a\\u{a}b\\u{9}c");
    }

    #[test]
    fn shown_marks_each_control_and_parts_round_trip() {
        assert_eq!(shown("\u{202e}fdp.exe", false), "<U+202E>fdp.exe");
        assert_eq!(shown("行一\n行二\u{0}", true), "行一\n行二<U+0000>");
        let s = "x\u{202d}\u{202c}yz\u{1b}";
        let back: String = parts(s, false)
            .map(|p| match p {
                Part::Text(t) => t.to_string(),
                Part::Hidden(c) => c.to_string(),
            })
            .collect();
        assert_eq!(back, s);
        assert_eq!(
            parts(s, false).collect::<Vec<_>>(),
            [
                Part::Text("x"),
                Part::Hidden('\u{202d}'),
                Part::Hidden('\u{202c}'),
                Part::Text("yz"),
                Part::Hidden('\u{1b}')
            ]
        );
    }
}
