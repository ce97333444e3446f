//! The document's properties: the text elements of docProps/core.xml and docProps/app.xml
//! (author, dates, application), and single attributes of word/settings.xml (`w:rsidRoot`).

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{ExtractError, Limits};

/// `(local tag name, text)` of every element holding text, e.g. core.xml's `dc:creator`.
pub(super) fn leaf_texts(
    xml: &[u8],
    limits: &Limits,
) -> Result<Vec<(String, String)>, ExtractError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for n in 0u64.. {
        if n.is_multiple_of(8192) {
            limits.check_time()?;
        }
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                current = Some(e.local_name().into_inner().to_string());
            }
            Ok(Event::Text(t)) => {
                if let Some(tag) = current.take() {
                    let text = t.xml10_content();
                    let text = text.trim().to_string();
                    if !text.is_empty() {
                        out.push((tag, text));
                    }
                }
            }
            Ok(Event::End(_)) => current = None,
            Ok(Event::Eof) => break,
            Err(e) => return Err(ExtractError::docx(format!("metadata XML: {e}"))),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The `val`-like attribute of the first element whose local name is `local`.
pub(super) fn attr_of(xml: &[u8], local: &str, key_local: &str) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == local => {
                return e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().into_inner() == key_local)
                    .map(|a| a.value.to_string());
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// `2024-03-20T08:00:00Z` → `2024-03-20T08:00:00` (W3CDTF as core.xml stores it).
pub(super) fn normalise_w3cdtf(s: &str) -> String {
    s.chars().take(19).collect()
}
