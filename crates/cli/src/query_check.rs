//! A query read before the index sees it, so a mistake is told in the officer's words with the
//! place it stands (`第 5 个字符`) rather than as the parser's `Syntax Error: "`.
//!
//! It finds what officers actually mistype — a quote or bracket left open, a bracket closed
//! twice, `AND`/`OR` with nothing on one side, `field:` with no value — and a query of
//! punctuation only, which would search for nothing. Anything else the parser refuses is still
//! caught after it ([`parser_error`]).

use crate::i18n::text;
use crate::tr;

/// The fields a query can name besides metric keys (what `intake search --help` lists).
const FIELDS: &str =
    "regime, kind, org_name, credit_code, submission, document, verdict, year, page";

/// A mistake found in a query: what (the catalogue's words) and where (1-based character).
#[derive(Debug, PartialEq)]
pub struct Mistake {
    /// The explanation.
    pub problem: String,
    /// 1-based character position in the query, if the mistake has one place.
    pub column: Option<usize>,
}

/// The first mistake in `query`, if any.
pub fn check(query: &str) -> Option<Mistake> {
    let chars: Vec<char> = query.chars().collect();
    let at = |i: usize, problem: String| {
        Some(Mistake {
            problem,
            column: Some(i + 1),
        })
    };
    let mut quote: Option<usize> = None;
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match (quote, c) {
            (_, '\\') => i += 1,
            (Some(_), '"') => quote = None,
            (Some(_), _) => {}
            (None, '"') => quote = Some(i),
            (None, '(') => open.push(i),
            // The guard pops the matching `(`; only a `)` without one is a mistake.
            (None, ')') if open.pop().is_none() => {
                return at(i, text("syntax.stray_paren").into());
            }
            (None, ':') => {
                let value_missing = chars
                    .get(i + 1)
                    .is_none_or(|n| n.is_whitespace() || *n == ')');
                let field = field_before(&chars, i);
                if value_missing && !field.is_empty() {
                    return at(
                        i - field.chars().count(),
                        tr!("syntax.empty_field", field = field),
                    );
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(q) = quote {
        return at(q, text("syntax.unclosed_quote").into());
    }
    if let Some(&p) = open.first() {
        return at(p, text("syntax.unclosed_paren").into());
    }
    check_operators(&chars)
}

/// `AND`, `OR` or `NOT` with nothing to join: first, last, or before `)` or another operator.
fn check_operators(chars: &[char]) -> Option<Mistake> {
    // Words outside quotes with their starting position.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut in_quote = false;
    let mut start: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        if c == '"' {
            in_quote = !in_quote;
        }
        let boundary = c.is_whitespace() || c == '(' || c == ')';
        if boundary || in_quote || c == '"' {
            if let Some(s) = start.take() {
                words.push((s, chars[s..i].iter().collect()));
            }
            if c == '(' || c == ')' {
                words.push((i, c.to_string()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, chars[s..].iter().collect()));
    }
    let is_op = |w: &str| matches!(w, "AND" | "OR" | "NOT");
    for (k, (pos, w)) in words.iter().enumerate() {
        if !is_op(w) {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| words[p].1.as_str());
        let next = words.get(k + 1).map(|n| n.1.as_str());
        let column = Some(pos + 1);
        if next.is_none_or(|n| is_op(n) || n == ")") {
            return Some(Mistake {
                problem: tr!("syntax.dangling", op = w),
                column,
            });
        }
        if w != "NOT" && prev.is_none_or(|p| is_op(p) || p == "(") {
            return Some(Mistake {
                problem: tr!("syntax.leading", op = w),
                column,
            });
        }
    }
    None
}

/// The field name right before a `:` at `colon` (ASCII letters, digits, `_` and `.`), empty when
/// the colon follows anything else (`名称:华东` is text, see the index's query rewrite).
fn field_before(chars: &[char], colon: usize) -> String {
    let mut s = colon;
    while s > 0 && (chars[s - 1].is_ascii_alphanumeric() || matches!(chars[s - 1], '_' | '.')) {
        s -= 1;
    }
    let starts_word = s == 0 || matches!(chars[s - 1], ' ' | '\t' | '(' | '-' | '+');
    if starts_word {
        chars[s..colon].iter().collect()
    } else {
        String::new()
    }
}

/// Whether `query` has something to search for: a letter, digit or CJK character. An empty
/// query is a listing (every entry passing the filters), not a mistake.
pub fn only_punctuation(query: &str) -> bool {
    !query.trim().is_empty() && !query.chars().any(char::is_alphanumeric)
}

/// The parser's refusal of a query this module let through, in the officer's words: an unknown
/// field is named with its place and the fields there are; anything else quotes the parser.
pub fn parser_error(query: &str, message: &str) -> Mistake {
    let unknown = message
        .split_once("Field does not exist: '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(field, _)| field.trim_start_matches("facts.").to_string());
    match unknown {
        Some(field) => Mistake {
            column: query
                .find(&format!("{field}:"))
                .map(|b| query[..b].chars().count() + 1),
            problem: tr!("syntax.unknown_field", field = field, valid = FIELDS),
        },
        None => Mistake {
            problem: tr!("search.syntax_unknown", detail = message),
            column: None,
        },
    }
}

/// The message for a mistake: the explanation, then the query with a caret under the place.
pub fn explain(query: &str, m: &Mistake) -> String {
    let Some(column) = m.column else {
        return m.problem.clone();
    };
    let mut out = tr!("search.syntax", column = column, problem = m.problem);
    let before: String = query.chars().take(column - 1).collect();
    let pad: usize = before
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    out.push_str(&format!("\n    {query}\n    {}^", " ".repeat(pad)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(q: &str) -> Option<usize> {
        check(q).map(|m| m.column.unwrap())
    }

    #[test]
    fn mistakes_are_found_where_they_stand() {
        assert_eq!(column("\""), Some(1));
        assert_eq!(column("边缘 \"计算"), Some(4));
        assert_eq!(column("(边缘 OR 计算"), Some(1));
        assert_eq!(column("边缘)"), Some(3));
        assert_eq!(column("边缘 OR"), Some(4));
        assert_eq!(column("OR 边缘"), Some(1));
        assert_eq!(column("(a AND) b"), Some(4));
        assert_eq!(column("regime: 边缘"), Some(1));
        assert_eq!(column("x -kind:"), Some(4));
    }

    #[test]
    fn good_queries_pass() {
        for q in [
            "",
            "边缘计算",
            "\"工业 互联网\"~2 OR 平台",
            "regime:iia-lab -kind:duplicate_text",
            "staff.total:[50 TO *]",
            "单位名称:华东",
            "a \\\" b",
            "NOT 边缘",
            "(a OR b) AND c",
            "\"a ( b\"",
        ] {
            assert_eq!(check(q), None, "{q}");
        }
    }

    #[test]
    fn punctuation_alone_is_told_apart_from_an_empty_query() {
        assert!(only_punctuation("，。！？"));
        assert!(only_punctuation(" ... "));
        assert!(!only_punctuation(""));
        assert!(!only_punctuation("a，"));
        assert!(!only_punctuation("１２０"));
    }

    #[test]
    fn an_unknown_field_is_named_with_its_place() {
        let m = parser_error(
            "边缘 floor:3",
            "Syntax Error: Field does not exist: 'floor'",
        );
        assert_eq!(m.column, Some(4));
        assert!(m.problem.contains("floor"));
    }
}
