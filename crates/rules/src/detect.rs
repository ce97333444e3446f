//! Telling a submission's regime, and a promotion center's level and variant, from its documents.
//!
//! Regime: each rulebook's `[detect]` cues are matched in every document — a hit in the title
//! counts 3×, on the cover (a PDF's first page; a DOCX's or text's first 12 paragraphs) 2×, elsewhere 1× — plus one point
//! per stated metric that only that regime's rules read. The highest score wins if it reaches
//! [`MIN_SCORE`] and is not tied. Level (国家级/省级) and variant (综合类/行业类/功能类 and the four
//! 功能类 sub-kinds) come from fields labelled 级别/类别/类型, the title and the cover, honouring
//! ticked (☑ √ ■) and unticked (□ ☐) boxes. The officer's `--overrides` file (`intake run --overrides FILE`) overrides any of the three.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use intake_model::{Document, Evidence, Fact, Level, Regime, Regimes, Variant};

use crate::Rulebooks;
use crate::classify::{class_texts, vote_level, vote_variant};
use crate::fields::{FormField, MAX_BLOCKS, cover_blocks, form_fields, names};
use crate::load::parse_variant;

/// The least score that tells a regime: a program name in a title (4 × 3), or on the cover and
/// once more (4 × 2 + 4), or a form name on the cover (10 × 2). One passing mention is not enough.
pub const MIN_SCORE: u32 = 12;

/// What was told about a submission, how, and the text it was told from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    /// The regime, or `None` when it cannot be told.
    pub regime: Option<Regime>,
    /// Promotion-center level.
    pub level: Option<Level>,
    /// Promotion-center variant.
    pub variant: Option<Variant>,
    /// True when the submission is a 功能类 promotion center (even if its sub-kind is unknown).
    pub functional: bool,
    /// How it was told, in Chinese, for the submission's notes.
    pub how: String,
    /// The passages that told it (titles, cover lines, form fields).
    pub evidence: Vec<Evidence>,
    /// The documents' form fields (label → value), for name, scope and period rules.
    pub fields: Vec<FormField>,
    /// Candidate names (…名称 fields, titles, short cover lines), for name rules.
    pub names: Vec<Evidence>,
    /// Per document: its path and head (title and first-page text), for rules about a document
    /// kind (the 年度运行情况表).
    pub heads: Vec<(String, String)>,
}

impl Detection {
    /// A detection declared outright (tests, or a caller that already knows).
    pub fn declared(regime: Regime, level: Option<Level>, variant: Option<Variant>) -> Detection {
        Detection {
            regime: Some(regime),
            level,
            variant,
            functional: matches!(
                variant,
                Some(Variant::Tech | Variant::Incubation | Variant::Talent | Variant::Sme)
            ),
            how: "declared".into(),
            ..Detection::default()
        }
    }
}

static BUILTIN: LazyLock<Option<Rulebooks>> = LazyLock::new(|| Rulebooks::builtin().ok());

/// [`detect_with`] the built-in rulebooks' cues.
///
/// `docs`: (document path relative to the submission, document) of one submission, in path order;
/// `facts`: that submission's facts; `overrides`: its table of the officer's `--overrides` file, if any
/// (`regime = "promotion-center"`, `level = "national"`, `variant = "talent"`; Chinese names work too).
pub fn detect(docs: &[(&str, &Document)], facts: &[Fact], overrides: Option<&str>) -> Detection {
    match BUILTIN.as_ref() {
        Some(books) => detect_with(books, docs, facts, overrides),
        None => detect_with(&Rulebooks::default(), docs, facts, overrides),
    }
}

/// Tells the regime, level and variant of a submission using `books`' cues; see the module doc.
pub fn detect_with(
    books: &Rulebooks,
    docs: &[(&str, &Document)],
    facts: &[Fact],
    overrides: Option<&str>,
) -> Detection {
    let mut d = Detection::default();
    for (path, doc) in docs {
        form_fields(path, doc, &mut d.fields);
    }
    for (path, doc) in docs {
        names(path, doc, &d.fields, &mut d.names);
        d.heads.push((path.to_string(), head(doc)));
    }
    let regimes = books.regimes();
    let ov = Overrides::parse(overrides, &regimes);
    let mut how = Vec::new();
    if let Some(e) = &ov.error {
        how.push(format!("--overrides 无法解析（{e}），按文档判定"));
    }
    match ov.regime {
        Some(r) => {
            how.push(format!("--overrides 指定 regime = {}", r.as_str()));
            d.regime = Some(r);
        }
        None => {
            let (regime, note, ev) = regime_from_text(books, &regimes, docs, facts);
            d.regime = regime;
            how.push(note);
            d.evidence.extend(ev);
        }
    }
    if d.regime.as_ref().is_some_and(|r| graded(books, r)) {
        let class = class_texts(docs, &d.fields);
        match ov.level {
            Some(l) => {
                d.level = Some(l);
                how.push(format!("级别由 --overrides 指定：{}", l.chinese_name()));
            }
            None => {
                let (level, ev) = vote_level(&class, docs);
                d.level = level;
                how.push(match level {
                    Some(l) => format!("级别：{}", l.chinese_name()),
                    None => "级别（国家级/省级）无法判定".into(),
                });
                d.evidence.extend(ev);
            }
        }
        match ov.variant {
            Some(v) => {
                d.variant = Some(v);
                d.functional = is_functional(v);
                how.push(format!("类别由 --overrides 指定：{}", v.chinese_name()));
            }
            None => {
                let (variant, functional, ev) = vote_variant(&class, docs);
                d.variant = variant;
                d.functional = functional || variant.is_some_and(is_functional);
                how.push(match (variant, functional) {
                    (Some(v), _) => format!("类别：{}", v.chinese_name()),
                    (None, true) => "类别：功能类（子类无法判定）".into(),
                    (None, false) => "类别（综合类/行业类/功能类）无法判定".into(),
                });
                d.evidence.extend(ev);
            }
        }
    }
    d.how = how.join("；");
    d
}

/// Whether a regime's rules depend on a level and variant (the promotion center's 国家级/省级 and
/// 综合类/行业类/功能类): some rule of its rulebooks names variants.
fn graded(books: &Rulebooks, regime: &Regime) -> bool {
    books
        .books()
        .iter()
        .filter(|b| b.regime == regime.as_str())
        .any(|b| b.rules.iter().any(|r| !r.variants.is_empty()))
}

/// The document title and the text of its first page, bounded.
fn head(doc: &Document) -> String {
    let mut s = doc.meta.title.clone().unwrap_or_default();
    if let Some(p) = doc.pages.first() {
        for b in p.blocks.iter().take(cover_blocks(p)) {
            s.push('\n');
            s.push_str(&b.text);
        }
    }
    s.chars().take(4_000).collect()
}

fn is_functional(v: Variant) -> bool {
    matches!(
        v,
        Variant::Tech | Variant::Incubation | Variant::Talent | Variant::Sme
    )
}

#[derive(Default)]
struct Overrides {
    regime: Option<Regime>,
    level: Option<Level>,
    variant: Option<Variant>,
    error: Option<String>,
}

impl Overrides {
    fn parse(text: Option<&str>, regimes: &Regimes) -> Overrides {
        let Some(text) = text else {
            return Overrides::default();
        };
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                return Overrides {
                    error: Some(e.message().trim().to_string()),
                    ..Overrides::default()
                };
            }
        };
        let get = |k: &str| table.get(k).and_then(|v| v.as_str()).map(str::trim);
        let mut bad = Vec::new();
        let regime = get("regime").and_then(|r| {
            let found = regimes.parse(r);
            if found.is_none() {
                bad.push(format!("regime = {r}"));
            }
            found
        });
        let level = get("level").and_then(|l| match l {
            "national" | "国家级" => Some(Level::National),
            "provincial" | "省级" => Some(Level::Provincial),
            other => {
                bad.push(format!("level = {other}"));
                None
            }
        });
        let variant = get("variant").and_then(|v| {
            let found = parse_variant(v);
            if found.is_none() {
                bad.push(format!("variant = {v}"));
            }
            found
        });
        let error = (!bad.is_empty()).then(|| format!("不认识的取值：{}", bad.join("、")));
        Overrides {
            regime,
            level,
            variant,
            error,
        }
    }
}

/// A regime: its place in display order (which breaks ties), and its id.
type Place = (usize, Regime);

/// A regime's score and its hits (points, passage).
type Score = (u32, Vec<(u32, Evidence)>);

/// A regime, its score, and its hits (points, passage).
type Ranked = (Place, u32, Vec<(u32, Evidence)>);

/// (regime, score) → the evidence of its best hits.
fn regime_from_text(
    books: &Rulebooks,
    regimes: &Regimes,
    docs: &[(&str, &Document)],
    facts: &[Fact],
) -> (Option<Regime>, String, Vec<Evidence>) {
    let mut scores: BTreeMap<Place, Score> = BTreeMap::new();
    for book in books.books() {
        let regime = Regime::new(&book.regime);
        let rank = regimes.rank(&book.regime).unwrap_or(usize::MAX);
        let entry = scores.entry((rank, regime)).or_default();
        for (path, doc) in docs {
            // (cue index, place) → hits so far; a place counts at most 3 hits of one cue.
            let mut hits: BTreeMap<(usize, u8), u32> = BTreeMap::new();
            let mut score_text = |text: &str, place: u8, page: Option<u32>, entry: &mut Score| {
                let mult = [3u32, 2, 1][place as usize];
                for (ci, cue) in book.cues.iter().enumerate() {
                    let n = cue.pattern.find_iter(text).take(3).count() as u32;
                    if n == 0 {
                        continue;
                    }
                    let seen = hits.entry((ci, place)).or_default();
                    let take = n.min(3 - (*seen).min(3));
                    *seen += take;
                    if take > 0 {
                        let pts = take * cue.weight * mult;
                        entry.0 += pts;
                        entry.1.push((
                            pts,
                            Evidence {
                                submission: None,
                                document: path.to_string(),
                                page,
                                quote: snippet(text),
                            },
                        ));
                    }
                }
            };
            if let Some(t) = doc.meta.title.as_deref() {
                score_text(t, 0, None, entry);
            }
            let mut n = 0;
            for (pi, page) in doc.pages.iter().enumerate() {
                for (bi, b) in page.blocks.iter().enumerate() {
                    n += 1;
                    if n > MAX_BLOCKS {
                        break;
                    }
                    let place = if pi == 0 && bi < cover_blocks(page) {
                        1
                    } else {
                        2
                    };
                    score_text(&b.text, place, page.number, entry);
                }
            }
        }
        // Metrics only this regime's rules read: weak support, mostly a tie-breaker.
        let own = books.metrics_only_in(&book.regime);
        let stated = own
            .iter()
            .filter(|m| facts.iter().any(|f| &f.metric == *m))
            .count() as u32;
        entry.0 += stated.min(5);
    }
    let mut ranked: Vec<Ranked> = scores.into_iter().map(|(r, (s, e))| (r, s, e)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some((best, score, mut ev)) = ranked.first().cloned() else {
        return (
            None,
            "无可用的规则库线索，无法判定申报类型".into(),
            Vec::new(),
        );
    };
    let name = |r: &Place| {
        regimes
            .name(r.1.as_str())
            .unwrap_or(r.1.as_str())
            .to_string()
    };
    let second = ranked.get(1).map(|r| (name(&r.0), r.1));
    if score < MIN_SCORE {
        return (
            None,
            format!(
                "文档中未见足以判定申报类型的标题、封面或申报书名称（最高得分 {score} < {MIN_SCORE}）"
            ),
            Vec::new(),
        );
    }
    if let Some((r2, s2)) = &second
        && *s2 == score
    {
        return (
            None,
            format!(
                "申报类型无法判定：{} 与 {} 得分相同（{score}）",
                name(&best),
                r2
            ),
            Vec::new(),
        );
    }
    ev.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out: Vec<Evidence> = Vec::new();
    for (_, e) in ev {
        if out.len() < 3 && !out.contains(&e) {
            out.push(e);
        }
    }
    let runner = second
        .filter(|s| s.1 > 0)
        .map(|(r, s)| format!("，次高 {r} {s}"))
        .unwrap_or_default();
    let quote = out
        .first()
        .map(|e| format!("，见“{}”", e.quote))
        .unwrap_or_default();
    (
        Some(best.1.clone()),
        format!("由文档判定为{}（得分 {score}{runner}{quote}）", name(&best)),
        out,
    )
}

/// A block's text cut to at most 120 characters (a prefix, so still an exact span).
pub(crate) fn snippet(text: &str) -> String {
    let t = text.trim();
    t.chars().take(120).collect()
}
