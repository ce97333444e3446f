//! What language the CLI speaks, and the one place its words come from.
//!
//! Officers read Chinese: help, errors, progress and summaries are Chinese unless the locale
//! asks for English (`LC_ALL`, else `LC_MESSAGES`, else `LANG` starting with `en`). Every
//! sentence lives in one table, [`crate::catalogue::MESSAGES`], a row per message with its
//! Chinese and English text and `{name}` placeholders — no i18n crate: the CLI has two languages
//! and a few hundred lines of text, and a table can be checked whole by a unit test (both
//! languages present, the same placeholders in each, every key the code uses defined).

use std::fmt::Display;
use std::sync::OnceLock;

use crate::catalogue::MESSAGES;

/// The two languages the CLI speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文, the default.
    Zh,
    /// English, when the locale is `en*`.
    En,
}

/// The language of this process, read once from the environment.
pub fn lang() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(|| {
        let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
        let locale = var("LC_ALL")
            .or_else(|| var("LC_MESSAGES"))
            .or_else(|| var("LANG"));
        from_locale(locale.as_deref())
    })
}

/// The language a locale name asks for: English for `en`, `en_US.UTF-8` and the like, Chinese
/// for anything else (`zh_CN.UTF-8`, `C`, unset).
pub fn from_locale(locale: Option<&str>) -> Lang {
    match locale {
        Some(l) if l == "en" || l.starts_with("en_") || l.starts_with("en.") => Lang::En,
        _ => Lang::Zh,
    }
}

/// The text of `key` in `lang`, if the catalogue has it.
pub fn lookup_in(key: &str, lang: Lang) -> Option<&'static str> {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        })
}

/// The text of `key` in this process's language. A key missing from the catalogue is a defect
/// a unit test catches; at run time it shows as itself rather than stopping the command.
pub fn text(key: &str) -> &'static str {
    lookup_in(key, lang()).unwrap_or_else(|| Box::leak(key.to_string().into_boxed_str()))
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// A catalogue message in this process's language, placeholders filled:
/// `tr!("run.batch_missing", path = p.display())`.
#[macro_export]
macro_rules! tr {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill(
            $crate::i18n::text($key),
            &[$((stringify!($name), &$value as &dyn std::fmt::Display)),*],
        )
    };
}

/// Prints `intake：message` (or `intake: message`) to stderr.
pub fn error(message: &str) {
    eprintln!("{}{message}", text("prefix"));
}

/// The nearest of `candidates` to `given` when it is close enough to be a slip of the keyboard
/// (at most a third of its characters off, and at least one), for "did you mean …?".
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let budget = (given.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(given, c), c))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_the_locale_says_so() {
        assert_eq!(from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(from_locale(Some("en")), Lang::En);
        assert_eq!(from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(from_locale(Some("C")), Lang::Zh);
        assert_eq!(from_locale(Some("enx")), Lang::Zh);
        assert_eq!(from_locale(None), Lang::Zh);
    }

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        let keys = ["facility.area_m2", "staff.total", "staff.phd"];
        assert_eq!(nearest("staff.totl", keys), Some("staff.total"));
        assert_eq!(nearest("STAFF.TOTAL", keys), Some("staff.total"));
        assert_eq!(nearest("floor_area", keys), None);
        assert_eq!(
            nearest("tech-base-platfrom", ["tech-base-platform"]),
            Some("tech-base-platform")
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill("{a} 与 {b}，{a}", &[("a", &1), ("b", &"x")]),
            "1 与 x，1"
        );
    }
}
