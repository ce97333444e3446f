//! `intake search` filters checked before the search (`--regime` for `intake rules` too):
//! `--regime` and `--kind` against their
//! vocabularies, `--where` against the metric registry, each refusal with the valid values and,
//! for a near miss, a suggestion.

use std::sync::LazyLock;

use intake_model::{FindingKind, MetricType, Regime, Regimes, metric, metric_name, metrics};

use crate::i18n::{nearest, text};
use crate::tr;

/// The programs of the built-in rulebooks (empty if they fail to load, a build defect their
/// tests catch).
static BUILTIN: LazyLock<Regimes> = LazyLock::new(|| {
    intake_rules::Rulebooks::builtin()
        .map(|b| b.regimes())
        .unwrap_or_default()
});

/// The programs of the built-in rulebooks, in their order.
pub fn builtin_regimes() -> &'static Regimes {
    &BUILTIN
}

/// A regime id of `regimes`, or the catalogue's message naming the valid ones and the nearest.
pub fn parse_regime(regimes: &Regimes, given: &str) -> Result<Regime, String> {
    if let Some(r) = regimes.iter().find(|d| d.id.as_str() == given) {
        return Ok(r.id.clone());
    }
    let ids = regimes.ids();
    let mut message = tr!(
        "search.unknown_regime",
        value = given,
        valid = ids.join(", ")
    );
    if let Some(s) = crate::i18n::nearest(given, ids) {
        message.push_str(text("sep"));
        message.push_str(&tr!("did_you_mean", suggestion = s));
    }
    Err(message)
}

/// `Err(message)` for a finding kind that is not one of the contract's.
pub fn check_kind(given: &str) -> Result<(), String> {
    let kinds = FindingKind::ALL.map(FindingKind::as_str);
    if kinds.contains(&given) {
        return Ok(());
    }
    let mut m = tr!(
        "search.unknown_kind",
        value = given,
        valid = kinds.join(", ")
    );
    if let Some(s) = nearest(given, kinds) {
        m.push_str(text("sep"));
        m.push_str(&tr!("did_you_mean", suggestion = s));
    }
    Err(m)
}

/// `Err(message)` for a `--where` clause the index would refuse or could never match: not
/// `KEY OP NUMBER`, an unknown key (with up to three suggestions), a key that is not numeric,
/// a value that is not a number, a year or page that is not whole.
pub fn check_where(clause: &str) -> Result<(), String> {
    let shape = || tr!("where.shape", clause = clause);
    let at = clause.find(['<', '>', '=']).ok_or_else(shape)?;
    let key = clause[..at].trim();
    let rest = &clause[at..];
    let value = ["==", ">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op))
        .map(str::trim)
        .ok_or_else(shape)?;
    if key.is_empty() || value.is_empty() {
        return Err(shape());
    }
    let number = value
        .trim_end_matches('元')
        .trim_end_matches(['万', '亿'])
        .trim();
    let parsed = number.parse::<f64>().ok().filter(|n| n.is_finite());
    let Some(parsed) = parsed else {
        return Err(tr!("where.not_number", clause = clause, value = value));
    };
    match key {
        "year" | "page" if parsed.fract() != 0.0 || number.len() != value.len() => {
            Err(tr!("where.whole", clause = clause))
        }
        "year" | "page" => Ok(()),
        _ => match metric(key) {
            Some(m) if numeric(m.kind) => Ok(()),
            Some(_) => Err(tr!(
                "where.not_numeric_metric",
                clause = clause,
                metric = key,
                name = metric_name(key).unwrap_or(key)
            )),
            None => {
                let mut msg = tr!("where.unknown_metric", clause = clause, metric = key);
                let near = suggest_metrics(key);
                if !near.is_empty() {
                    msg.push_str(text("sep"));
                    msg.push_str(&tr!("did_you_mean", suggestion = near.join(" / ")));
                }
                Err(msg)
            }
        },
    }
}

fn numeric(kind: MetricType) -> bool {
    matches!(
        kind,
        MetricType::Count | MetricType::Number | MetricType::Money | MetricType::Int
    )
}

/// Up to three numeric metrics an officer may have meant by `given`: a near spelling of a key
/// (`staff.totl`), a key sharing a word with it (`floor_area` → `facility.area_m2`), or a key
/// whose Chinese name holds it or is held by it (`面积` → `facility.area_m2`). Each shown as
/// `key（中文名）`.
fn suggest_metrics(given: &str) -> Vec<String> {
    let numeric_keys: Vec<&str> = metrics()
        .iter()
        .filter(|m| numeric(m.kind))
        .map(|m| m.key)
        .collect();
    let words = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .split(['.', '_', '-'])
            .filter(|w| w.chars().count() >= 3)
            .map(String::from)
            .collect()
    };
    let mut found: Vec<&str> = nearest(given, numeric_keys.iter().copied())
        .into_iter()
        .collect();
    if found.is_empty() {
        let mine = words(given);
        found = numeric_keys
            .iter()
            .copied()
            .filter(|k| words(k).iter().any(|w| mine.contains(w)))
            .collect();
    }
    if found.is_empty() && !given.is_ascii() {
        found = numeric_keys
            .iter()
            .copied()
            .filter(|k| metric_name(k).is_some_and(|n| n.contains(given) || given.contains(n)))
            .collect();
    }
    found
        .into_iter()
        .take(3)
        .map(|k| match metric_name(k) {
            Some(n) => format!("{k}（{n}）"),
            None => k.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_clauses_pass() {
        for c in [
            "staff.total>=50",
            "equipment.original_value >= 1500万",
            "revenue.total_annual<2亿元",
            "year=2023",
            "page==3",
            "facility.area_m2>1000.5",
        ] {
            assert_eq!(check_where(c), Ok(()), "{c}");
        }
    }

    #[test]
    fn bad_clauses_are_refused() {
        for c in [
            "staff.total",
            ">=5",
            "staff.total>=",
            "staff.total>=many",
            "year>=2023.5",
            "org.name>=1",
            "floor_area>=1000",
        ] {
            assert!(check_where(c).is_err(), "{c}");
        }
    }

    #[test]
    fn near_misses_get_suggestions() {
        assert_eq!(suggest_metrics("staff.totl")[0], "staff.total（从业人员）");
        assert_eq!(
            suggest_metrics("floor_area")[0],
            "facility.area_m2（科研（实训）用房面积）"
        );
        assert_eq!(
            suggest_metrics("用房面积")[0],
            "facility.area_m2（科研（实训）用房面积）"
        );
        assert!(suggest_metrics("zzz").is_empty());
        assert!(check_kind("duplicate_text").is_ok());
        assert!(check_kind("duplicate").is_err());
    }
}
