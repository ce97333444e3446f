//! The query language around tantivy's: metric keys as fields, `--where` clauses as ranges.

use crate::IndexError;
use crate::schema::FIELD_NAMES;

/// Deepest nesting of groups `( … )` (`field:( … )` included) and `NOT` a query may have. Far
/// beyond what an officer writes; far below what overflows a 2 MiB thread stack.
pub const MAX_QUERY_DEPTH: usize = 64;

/// Most `(` and `NOT` a query may hold in all, wherever they stand (inside quotes too). The
/// parser's recursion depth can never exceed this count, whatever quoting tricks a query plays
/// on [`nesting_depth`]'s reading, so this bound is what keeps the stack safe.
pub const MAX_QUERY_GROUPS: usize = 512;

/// `Err(TooDeep)` when `text` nests deeper than [`MAX_QUERY_DEPTH`] or holds more than
/// [`MAX_QUERY_GROUPS`] groups; linear in `text`, no recursion.
pub(crate) fn check_nesting(text: &str) -> Result<(), IndexError> {
    let groups = text.matches('(').count() + text.matches("NOT").count();
    if groups > MAX_QUERY_GROUPS || nesting_depth(text) > MAX_QUERY_DEPTH {
        return Err(IndexError::TooDeep {
            max_depth: MAX_QUERY_DEPTH,
            max_groups: MAX_QUERY_GROUPS,
        });
    }
    Ok(())
}

/// How deeply `text` nests, read as tantivy's grammar reads it: `(` opens a level, `)` closes
/// one, each `NOT` before a term or group adds one, and nothing inside `"…"` or `'…'` or after a
/// backslash counts.
pub(crate) fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max, mut pending_not) = (0usize, 0usize, 0usize);
    // How many levels each open `(` added (1 plus the NOTs before it).
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                pending_not = 0;
            }
            (None, '(') => {
                open.push(1 + pending_not);
                depth += 1 + pending_not;
                pending_not = 0;
            }
            (None, ')') => depth -= open.pop().unwrap_or(0).min(depth),
            (None, 'N')
                if (prev.is_whitespace() || prev == '(')
                    && text[i..].starts_with("NOT")
                    && text[i + 3..].starts_with(char::is_whitespace) =>
            {
                pending_not += 1;
                chars.next();
                chars.next();
            }
            (None, c) if c.is_whitespace() => {}
            (None, _) => pending_not = 0,
        }
        max = max.max(depth + pending_not);
        prev = c;
    }
    max
}

/// Prefixes metric keys used as query fields with `facts.` (`staff.total:[50 TO *]` →
/// `facts.staff.total:[50 TO *]`), outside quoted phrases; schema field names are left alone.
/// A colon after a non-ASCII character is escaped, so `名称:华东` stays text.
pub(crate) fn rewrite_metric_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut in_quote = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at_start = i == 0 || matches!(chars[i - 1], ' ' | '(' | '+' | '-' | '\t' | '\n');
        if c == '"' {
            in_quote = !in_quote;
        } else if c == ':' && !in_quote && i > 0 && !chars[i - 1].is_ascii() {
            // 单位名称:华东 is text, not a field named 单位名称: no field name is Chinese.
            out.push_str("\\:");
            i += 1;
            continue;
        } else if !in_quote && at_start && c.is_ascii_alphabetic() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || "._".contains(chars[j])) {
                j += 1;
            }
            let name: String = chars[i..j].iter().collect();
            let head = name.split('.').next().unwrap_or_default();
            if chars.get(j) == Some(&':') && name.contains('.') && !FIELD_NAMES.contains(&head) {
                out.push_str("facts.");
            }
            out.push_str(&name);
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Turns `staff.total>=50` into the range query text `facts.staff.total:[50 TO *]`. The value may
/// end in 万 or 亿 (`equipment.original_value>=1500万` is 15,000,000 yuan).
pub(crate) fn where_to_query_text(clause: &str) -> Result<String, IndexError> {
    let bad = |message: &str| IndexError::Where {
        clause: clause.to_string(),
        message: message.into(),
    };
    let at = clause
        .find(['<', '>', '='])
        .ok_or_else(|| bad("expected KEY>=N, KEY<N or KEY=N"))?;
    let key = clause[..at].trim();
    let rest = &clause[at..];
    let (op, value) = ["==", ">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op).map(|v| (*op, v.trim())))
        .ok_or_else(|| bad("unknown comparison"))?;
    // 万 and 亿 as written in applications: 5000万 = 50,000,000 yuan.
    let (digits, scale) = match value
        .strip_suffix('万')
        .or_else(|| value.strip_suffix("万元"))
    {
        Some(d) => (d, 1e4),
        None => match value
            .strip_suffix('亿')
            .or_else(|| value.strip_suffix("亿元"))
        {
            Some(d) => (d, 1e8),
            None => (value, 1.0),
        },
    };
    let number: f64 = digits
        .trim()
        .parse::<f64>()
        // Round off binary noise (0.3万 is 3000, not 2999.9999999999995).
        .map(|n| {
            if scale > 1.0 {
                (n * scale * 1e4).round() / 1e4
            } else {
                n
            }
        })
        .map_err(|_| bad("the value is not a number"))?;
    if !number.is_finite() {
        return Err(bad("the value is not a finite number"));
    }
    let path = match key {
        "year" | "page" => {
            if number.fract() != 0.0 {
                return Err(bad("year and page take whole numbers"));
            }
            key.to_string()
        }
        _ if intake_model::metric(key).is_some() => format!("facts.{key}"),
        _ => {
            return Err(bad(
                "unknown metric (see pipelines/metrics.tsv), year or page",
            ));
        }
    };
    let v = format!("{number}");
    let range = match op {
        ">=" => format!("[{v} TO *]"),
        ">" => format!("{{{v} TO *}}"),
        "<=" => format!("[* TO {v}]"),
        "<" => format!("{{* TO {v}}}"),
        _ => format!("[{v} TO {v}]"),
    };
    Ok(format!("{path}:{range}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_fields_get_the_facts_prefix() {
        assert_eq!(
            rewrite_metric_paths("检测 staff.total:[50 TO *] -\"a.b:c\" facts.x.y:1 year:2023"),
            "检测 facts.staff.total:[50 TO *] -\"a.b:c\" facts.x.y:1 year:2023"
        );
        assert_eq!(rewrite_metric_paths("单位名称:华东"), "单位名称\\:华东");
    }

    #[test]
    fn nesting_is_measured_and_bounded() {
        assert_eq!(nesting_depth("a b c"), 0);
        assert_eq!(nesting_depth("(a OR b) (c OR d)"), 1);
        assert_eq!(nesting_depth("((a)) \"((((\" '((('"), 2);
        assert_eq!(nesting_depth("NOT (NOT (a))"), 4);
        assert_eq!(nesting_depth("NOT NOT NOT a"), 3);
        assert_eq!(nesting_depth("\\((a)"), 1);
        assert_eq!(nesting_depth("f:(g:(x))"), 2);
        assert!(check_nesting(&format!("{}a{}", "(".repeat(64), ")".repeat(64))).is_ok());
        for n in [65, 3_000, 10_000] {
            let q = format!("{}a{}", "(".repeat(n), ")".repeat(n));
            assert!(
                matches!(check_nesting(&q), Err(IndexError::TooDeep { .. })),
                "{n}"
            );
        }
        // Shallow by the reading, but too many groups in all: refused whatever the quoting.
        let sneaky = "(a) \"))\" ".repeat(600);
        assert!(nesting_depth(&sneaky) <= 1);
        assert!(check_nesting(&sneaky).is_err());
        let text = "NOT ".repeat(100) + "a";
        assert!(matches!(
            check_nesting(&text),
            Err(IndexError::TooDeep { .. })
        ));
    }

    #[test]
    fn where_clauses_become_ranges() {
        assert_eq!(
            where_to_query_text("staff.total>=50").unwrap(),
            "facts.staff.total:[50 TO *]"
        );
        assert_eq!(
            where_to_query_text("business.tech_base_pct < 54.5").unwrap(),
            "facts.business.tech_base_pct:{* TO 54.5}"
        );
        assert_eq!(
            where_to_query_text("year=2023").unwrap(),
            "year:[2023 TO 2023]"
        );
        assert!(matches!(
            where_to_query_text("staff.totl>=5"),
            Err(IndexError::Where { .. })
        ));
        assert!(matches!(
            where_to_query_text("staff.total>=many"),
            Err(IndexError::Where { .. })
        ));
    }
}
