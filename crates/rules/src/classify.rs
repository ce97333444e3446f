//! A promotion center's level (国家级/省级) and variant (综合类/行业类/功能类 and its sub-kinds),
//! voted from form fields, titles and cover lines, with tick boxes honoured.

use intake_model::{Document, Evidence, Level, Variant};

use crate::detect::snippet;
use crate::fields::{FormField, MAX_BLOCKS, cover_blocks};

/// Texts that may state a promotion center's level or class, with a weight: fields labelled
/// 级别/类别/类型 (3), titles (2), cover lines (1).
pub(crate) fn class_texts(
    docs: &[(&str, &Document)],
    fields: &[FormField],
) -> Vec<(String, u32, Evidence)> {
    let mut out = Vec::new();
    for f in fields {
        if ["级别", "层级", "类别", "类型", "申报类"]
            .iter()
            .any(|k| f.label.contains(k))
        {
            out.push((f.value.clone(), 3, f.evidence.clone()));
        }
    }
    for (path, doc) in docs {
        if let Some(t) = doc.meta.title.as_deref() {
            out.push((
                t.to_string(),
                2,
                Evidence {
                    submission: None,
                    document: path.to_string(),
                    page: None,
                    quote: snippet(t),
                },
            ));
        }
        if let Some(p) = doc.pages.first() {
            for b in p.blocks.iter().take(cover_blocks(p)) {
                out.push((
                    b.text.clone(),
                    1,
                    Evidence {
                        submission: None,
                        document: path.to_string(),
                        page: p.number,
                        quote: snippet(&b.text),
                    },
                ));
            }
        }
    }
    out
}

const TICKED: &[char] = &['☑', '√', '✓', '✔', '■', '☒', '▣', '●', '◉'];
const UNTICKED: &[char] = &['□', '☐', '○', '◯'];

/// Weighted hits of `word` in `text`: 0 beside an unticked box, 3× beside a ticked one. The box
/// is the character right after the word (`综合类□`) or, failing that, right before it (`☑行业类`).
fn hits(text: &str, word: &str, weight: u32) -> u32 {
    let mut total = 0;
    for (i, _) in text.match_indices(word) {
        let after = text[i + word.len()..].chars().next();
        let before = text[..i].chars().next_back();
        let mark = |c: Option<char>| c.filter(|c| TICKED.contains(c) || UNTICKED.contains(c));
        total += match mark(after).or(mark(before)) {
            Some(c) if UNTICKED.contains(&c) => 0,
            Some(_) => weight * 3,
            None => weight,
        };
    }
    total
}

pub(crate) fn vote_level(
    class: &[(String, u32, Evidence)],
    docs: &[(&str, &Document)],
) -> (Option<Level>, Vec<Evidence>) {
    let mut votes = [
        (Level::National, "国家级", 0u32, None),
        (Level::Provincial, "省级", 0u32, None),
    ];
    for (text, w, e) in class {
        for v in votes.iter_mut() {
            let h = hits(text, v.1, *w);
            if h > 0 {
                v.2 += h;
                v.3.get_or_insert_with(|| e.clone());
            }
        }
    }
    if votes.iter().all(|v| v.2 == 0) {
        // Fall back to the body: 申报国家级 / 申报省级.
        for (path, doc) in docs {
            for p in &doc.pages {
                for b in p.blocks.iter().take(MAX_BLOCKS) {
                    for v in votes.iter_mut() {
                        if b.text.contains(&format!("申报{}", v.1)) {
                            v.2 += 1;
                            v.3.get_or_insert_with(|| Evidence {
                                submission: None,
                                document: path.to_string(),
                                page: p.number,
                                quote: snippet(&b.text),
                            });
                        }
                    }
                }
            }
        }
    }
    let [n, p] = votes;
    match n.2.cmp(&p.2) {
        std::cmp::Ordering::Greater => (Some(n.0), n.3.into_iter().collect()),
        std::cmp::Ordering::Less => (Some(p.0), p.3.into_iter().collect()),
        std::cmp::Ordering::Equal => (None, Vec::new()),
    }
}

const SUBKINDS: &[(Variant, &str)] = &[
    (Variant::Tech, "技术创新"),
    (Variant::Incubation, "产业孵化"),
    (Variant::Talent, "人才培育"),
    (Variant::Sme, "中小企业服务"),
];

pub(crate) fn vote_variant(
    class: &[(String, u32, Evidence)],
    docs: &[(&str, &Document)],
) -> (Option<Variant>, bool, Vec<Evidence>) {
    // 0 = 综合类, 1 = 行业类, 2 = 功能类
    let words = ["综合类", "行业类", "功能类"];
    let mut cls = [0u32; 3];
    let mut cls_ev: [Option<Evidence>; 3] = [None, None, None];
    let mut sub = [0u32; 4];
    let mut sub_ev: [Option<Evidence>; 4] = [None, None, None, None];
    for (text, w, e) in class {
        for (i, word) in words.iter().enumerate() {
            let h = hits(text, word, *w);
            if h > 0 {
                cls[i] += h;
                cls_ev[i].get_or_insert_with(|| e.clone());
            }
        }
        // A sub-kind counts beside 功能类, as 「X类」/「X功能类」, or as a 类别 field's whole value.
        for (i, (_, word)) in SUBKINDS.iter().enumerate() {
            let beside = text.contains("功能类")
                || text.contains(&format!("{word}类"))
                || text.contains(&format!("{word}功能类"));
            let whole = *w == 3 && text.trim() == *word;
            if beside || whole {
                let h = hits(text, word, *w);
                if h > 0 {
                    sub[i] += h;
                    sub_ev[i].get_or_insert_with(|| e.clone());
                }
            }
        }
    }
    if sub.iter().any(|&s| s > 0) && cls[2] == 0 {
        // 「人才培育类促进中心」 names a 功能类 sub-kind without the word 功能类.
        cls[2] = sub.iter().sum();
    }
    if cls.iter().all(|&c| c == 0) {
        // Body fallback: only when exactly one 「X类促进中心」 phrase occurs.
        for (path, doc) in docs {
            for p in &doc.pages {
                for b in p.blocks.iter().take(MAX_BLOCKS) {
                    for (i, word) in words.iter().enumerate() {
                        if b.text.contains(&format!("{word}促进中心")) {
                            cls[i] += 1;
                            cls_ev[i].get_or_insert_with(|| Evidence {
                                submission: None,
                                document: path.to_string(),
                                page: p.number,
                                quote: snippet(&b.text),
                            });
                        }
                    }
                }
            }
        }
        if cls.iter().filter(|&&c| c > 0).count() != 1 {
            return (None, false, Vec::new());
        }
    }
    let max = *cls.iter().max().unwrap_or(&0);
    if max == 0 || cls.iter().filter(|&&c| c == max).count() > 1 {
        return (None, false, Vec::new());
    }
    let winner = cls.iter().position(|&c| c == max).unwrap_or(0);
    let mut ev: Vec<Evidence> = cls_ev[winner].clone().into_iter().collect();
    match winner {
        0 => (Some(Variant::Comprehensive), false, ev),
        1 => (Some(Variant::Industry), false, ev),
        _ => {
            let smax = *sub.iter().max().unwrap_or(&0);
            if smax == 0 || sub.iter().filter(|&&s| s == smax).count() > 1 {
                return (None, true, ev);
            }
            let i = sub.iter().position(|&s| s == smax).unwrap_or(0);
            if let Some(e) = sub_ev[i].clone()
                && !ev.contains(&e)
            {
                ev.push(e);
            }
            (Some(SUBKINDS[i].0), true, ev)
        }
    }
}
