//! Document metadata: the Info dictionary (ISO 32000-1 §14.3.3), XMP packet (§14.3.2),
//! encryption and the number of incremental updates (§7.5.6).

use intake_model::DocMeta;
use lopdf::Object;

use super::obj::{Ctx, text_string};

/// Normalises a PDF date (`D:YYYYMMDDHHmmSS…`, §7.9.4) or an ISO 8601 date to
/// `YYYY-MM-DDTHH:MM:SS`; `None` when no year-month-day can be read.
pub(crate) fn normalise_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).take(14).collect();
    // ISO 8601 carries separators; PDF dates do not. Either way the first 14 digits are
    // year, month, day, hour, minute, second (missing parts default to the start).
    if digits.len() < 8 {
        return None;
    }
    let d = |a: usize, b: usize, def: &str| digits.get(a..b).unwrap_or(def).to_string();
    let (y, mo, da) = (d(0, 4, "0000"), d(4, 6, "01"), d(6, 8, "01"));
    let (h, mi, se) = (d(8, 10, "00"), d(10, 12, "00"), d(12, 14, "00"));
    let ok = mo.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && da.parse::<u32>().is_ok_and(|x| (1..=31).contains(&x));
    ok.then(|| format!("{y}-{mo}-{da}T{h}:{mi}:{se}"))
}

fn xmp_value(xml: &str, tag: &str) -> Option<String> {
    // Element form: <xmp:CreateDate>…</xmp:CreateDate>; attribute form: xmp:CreateDate="…".
    if let Some(i) = xml.find(&format!("<{tag}>")) {
        let rest = &xml[i + tag.len() + 2..];
        let end = rest.find(&format!("</{tag}>"))?;
        let v = rest[..end].trim();
        // Values such as dc:title nest an rdf:Alt; take the innermost text.
        let v = match v.rfind("<rdf:li") {
            Some(j) => {
                let inner = &v[j..];
                let s = inner.find('>')? + 1;
                let e = inner.find("</rdf:li>")?;
                inner.get(s..e)?.trim()
            }
            None => v,
        };
        return Some(unescape(v)).filter(|s| !s.is_empty());
    }
    let key = format!("{tag}=\"");
    let i = xml.find(&key)?;
    let rest = &xml[i + key.len()..];
    let end = rest.find('"')?;
    Some(unescape(&rest[..end])).filter(|s| !s.is_empty())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads Info, XMP, encryption and revisions.
pub(crate) fn read_meta(ctx: &Ctx<'_>, bytes: &[u8]) -> DocMeta {
    let doc = ctx.doc;
    let mut m = DocMeta {
        encrypted: doc.was_encrypted() || doc.trailer.has(b"Encrypt"),
        ..DocMeta::default()
    };
    let eofs = bytes.windows(5).filter(|w| w == b"%%EOF").count() as u32;
    m.revisions = eofs.saturating_sub(1);
    if let Some(info) = ctx.dict(&doc.trailer, b"Info") {
        let s = |k: &[u8]| match ctx.get(info, k) {
            Some(Object::String(b, _)) => {
                Some(text_string(b).trim_matches('\0').trim().to_string()).filter(|s| !s.is_empty())
            }
            _ => None,
        };
        m.title = s(b"Title");
        m.author = s(b"Author");
        m.creator = s(b"Creator");
        m.producer = s(b"Producer");
        m.created = s(b"CreationDate").map(|d| normalise_date(&d).unwrap_or(d));
        m.modified = s(b"ModDate").map(|d| normalise_date(&d).unwrap_or(d));
    }
    let xmp = doc
        .catalog()
        .ok()
        .and_then(|c| ctx.stream(c, b"Metadata"))
        .and_then(|s| ctx.data(s).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    if let Some(x) = xmp {
        m.xmp_created = xmp_value(&x, "xmp:CreateDate").map(|d| normalise_date(&d).unwrap_or(d));
        m.xmp_modified = xmp_value(&x, "xmp:ModifyDate").map(|d| normalise_date(&d).unwrap_or(d));
        m.xmp_producer = xmp_value(&x, "pdf:Producer");
        if m.title.is_none() {
            m.title = xmp_value(&x, "dc:title");
        }
        if m.author.is_none() {
            m.author = xmp_value(&x, "dc:creator");
        }
        if m.creator.is_none() {
            m.creator = xmp_value(&x, "xmp:CreatorTool");
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_xmp() {
        assert_eq!(
            normalise_date("D:20231013094512+08'00'").as_deref(),
            Some("2023-10-13T09:45:12")
        );
        assert_eq!(
            normalise_date("2021-03-05T10:20:30+08:00").as_deref(),
            Some("2021-03-05T10:20:30")
        );
        assert_eq!(normalise_date("D:2023"), None);
        let x = r#"<x><xmp:CreateDate>2020-01-02T03:04:05Z</xmp:CreateDate><rdf:Description pdf:Producer="WPS &amp; Co"/>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">申报书</rdf:li></rdf:Alt></dc:title></x>"#;
        assert_eq!(
            xmp_value(x, "xmp:CreateDate").as_deref(),
            Some("2020-01-02T03:04:05Z")
        );
        assert_eq!(xmp_value(x, "pdf:Producer").as_deref(), Some("WPS & Co"));
        assert_eq!(xmp_value(x, "dc:title").as_deref(), Some("申报书"));
    }
}
