//! Reading and validating rulebook TOML: every error names the file and the line.

mod check;
mod parts;
mod raw;

use std::collections::BTreeMap;

use regex::Regex;

pub(crate) use parts::parse_variant;
use raw::{RawBook, RawRule, Texts};

use crate::RuleError;
use crate::book::{Cue, Rule, RuleLevel, Rulebook};

/// Where errors point: the file name and its text (for byte offset → line).
struct Src<'a> {
    file: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn err(&self, offset: usize, message: impl Into<String>) -> RuleError {
        RuleError::Invalid {
            file: self.file.to_string(),
            line: self.line(offset),
            message: message.into(),
        }
    }
}

/// Parses and validates one rulebook. `file` names it in errors.
pub(crate) fn parse_book(file: &str, text: &str) -> Result<Rulebook, RuleError> {
    let src = Src { file, text };
    let raw: RawBook = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        src.err(at, e.message().trim().to_string())
    })?;
    let regime = raw.regime.get_ref().trim().to_string();
    if regime.is_empty()
        || !regime
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
    {
        return Err(src.err(
            raw.regime.span().start,
            format!("regime id `{regime}` must be kebab-case"),
        ));
    }
    let regulation = match &raw.regulation {
        Some(r) => {
            let name = r.get_ref().trim();
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(src.err(
                    r.span().start,
                    format!("regulation `{name}` must be a file name in pipelines/regulations/"),
                ));
            }
            Some(name.to_string())
        }
        None => None,
    };
    let mut cues = Vec::new();
    for c in raw.detect.cues {
        let pattern = Regex::new(c.pattern.get_ref())
            .map_err(|e| src.err(c.pattern.span().start, format!("bad cue pattern: {e}")))?;
        cues.push(Cue {
            pattern,
            weight: c.weight,
        });
    }
    let mut rules = Vec::new();
    for r in raw.rule {
        let start = r.span().start;
        rules.push(rule(&src, start, r.into_inner())?);
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rules {
        if let Some(first) = seen.insert(&r.id, r.line) {
            return Err(RuleError::Invalid {
                file: file.to_string(),
                line: r.line,
                message: format!("duplicate rule id `{}` (first at line {first})", r.id),
            });
        }
    }
    Ok(Rulebook {
        regime,
        title: raw.title,
        source: raw.source,
        order: raw.order.unwrap_or(i64::MAX),
        regulation,
        file: file.to_string(),
        cues,
        rules,
    })
}

fn rule(src: &Src, start: usize, r: RawRule) -> Result<Rule, RuleError> {
    let id =
        r.id.clone()
            .ok_or_else(|| src.err(start, "rule without `id`"))?;
    let idv = id.get_ref().trim().to_string();
    if idv.is_empty() || idv.contains(char::is_whitespace) {
        return Err(src.err(id.span().start, format!("bad rule id `{idv}`")));
    }
    let ctx = |msg: String| format!("rule {idv}: {msg}");
    let article = match &r.article {
        Some(a) if !a.get_ref().trim().is_empty() => a.get_ref().trim().to_string(),
        Some(a) => return Err(src.err(a.span().start, ctx("empty `article`".into()))),
        None => {
            return Err(src.err(
                id.span().start,
                ctx("missing `article` (e.g. 第六条(五))".into()),
            ));
        }
    };
    let text = match &r.text {
        Some(Texts::One(t)) => vec![t.clone()],
        Some(Texts::Many(v)) => v.clone(),
        None => Vec::new(),
    };
    if text.iter().all(|t| t.trim().is_empty()) {
        return Err(src.err(
            id.span().start,
            ctx("missing `text` (the regulation's words)".into()),
        ));
    }
    let level = match r
        .level
        .as_ref()
        .map(|l| (l.get_ref().as_str(), l.span().start))
    {
        Some(("hard", _)) => RuleLevel::Hard,
        Some(("soft", _)) => RuleLevel::Soft,
        Some((other, at)) => {
            return Err(src.err(at, ctx(format!("level `{other}` is not hard or soft"))));
        }
        None => return Err(src.err(id.span().start, ctx("missing `level`".into()))),
    };
    let message = r.message.clone().filter(|m| !m.trim().is_empty());
    let message =
        message.ok_or_else(|| src.err(id.span().start, ctx("missing `message`".into())))?;
    let mut variants = Vec::new();
    for v in r.variants.iter().flatten() {
        variants.push(parse_variant(v.get_ref()).ok_or_else(|| {
            src.err(
                v.span().start,
                ctx(format!("unknown variant `{}`", v.get_ref())),
            )
        })?);
    }
    let op =
        r.op.as_ref()
            .ok_or_else(|| src.err(id.span().start, ctx("missing `op`".into())))?;
    let at = check::At {
        src,
        id: &idv,
        op: op.span().start,
    };
    let check = check::check(&at, op.get_ref().as_str(), &r)?;
    Ok(Rule {
        id: idv,
        article,
        text,
        note: r.note.clone(),
        level,
        variants,
        required: r.required.unwrap_or(true),
        check,
        message,
        missing: r.missing.clone(),
        line: src.line(id.span().start),
    })
}
