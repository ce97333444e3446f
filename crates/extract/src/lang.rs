//! Language of each page and of the whole document (lingua, built with Chinese, English,
//! Japanese and Korean only — the languages submissions are written in).

use std::sync::LazyLock;

use intake_model::Document;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[
        Language::Chinese,
        Language::English,
        Language::Japanese,
        Language::Korean,
    ])
    .build()
});

/// Characters sampled per text: language is clear long before, and lingua's cost grows with length.
const SAMPLE_CHARS: usize = 3000;

/// The language of `text` as ISO 639-1 (`zh`, `en`, `ja`, `ko`), or `None` when there are
/// fewer than 10 letters to judge by.
pub fn detect_language(text: &str) -> Option<String> {
    let sample: String = text
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .take(SAMPLE_CHARS)
        .collect();
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 10 {
        return None;
    }
    let lang = DETECTOR.detect_language_of(&sample)?;
    Some(lang.iso_code_639_1().to_string())
}

/// Sets every page's language and the document's: the language of the most characters over
/// its pages (so a Chinese form with one English appendix page stays `zh`).
pub(crate) fn annotate(doc: &mut Document) {
    let mut weight: std::collections::BTreeMap<String, usize> = Default::default();
    for page in &mut doc.pages {
        let text = page.text();
        page.language = detect_language(&text);
        if let Some(l) = &page.language {
            *weight.entry(l.clone()).or_default() += text.chars().count();
        }
    }
    doc.language = weight
        .into_iter()
        .max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone())))
        .map(|(l, _)| l);
}

#[cfg(test)]
mod tests {
    #[test]
    fn languages() {
        assert_eq!(
            super::detect_language("本单位从业人员共计126人，其中硕士及以上学历68人。").as_deref(),
            Some("zh")
        );
        assert_eq!(
            super::detect_language("The applicant employs 126 staff members in total.").as_deref(),
            Some("en")
        );
        assert_eq!(super::detect_language("12 34").as_deref(), None);
    }
}
