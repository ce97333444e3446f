//! The built-in rulebooks: they load, quote their regulations exactly, cover every row of
//! `shared/spec/regimes.md`, and print as a table.

use std::path::PathBuf;

use intake_model::Regime;
use intake_rules::{Check, Rulebooks};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared not found at {}", p.display());
        None
    }
}

#[test]
fn builtin_books_load_one_per_regime() {
    let books = Rulebooks::builtin().expect("built-in rulebooks are valid");
    let regimes: Vec<&str> = books.books().iter().map(|b| b.regime.as_str()).collect();
    assert_eq!(
        regimes,
        [
            "iia-lab",
            "iia-training-base",
            "promotion-center",
            "quality-standards-lab",
            "tech-base-platform"
        ]
    );
    for r in books.regimes().iter() {
        assert!(
            books.rules(r.id.as_str()).count() >= 6,
            "{} has rules",
            r.id.as_str()
        );
    }
    assert_eq!(books.rules("promotion-center").count(), 41);
}

/// Every rule's `text` stands in its regulation, letter for letter (line breaks aside).
#[test]
fn rule_texts_are_exact_quotes_of_the_seeds() {
    let Some(shared) = shared() else { return };
    let books = Rulebooks::builtin().unwrap();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for b in books.books() {
        let src = b.source.as_deref().expect("source");
        let seed = std::fs::read_to_string(shared.join("seeds").join(src)).expect("seed file");
        let seed = squash(&seed);
        for r in &b.rules {
            for t in &r.text {
                assert!(
                    seed.contains(&squash(t)),
                    "{} ({}): `{t}` is not in {src}",
                    r.id,
                    r.article
                );
            }
            // The article's own number appears in the regulation (附2 articles name table parts).
            let art = r.article.split(['(', ' ']).next().unwrap();
            if art.starts_with('第') {
                assert!(seed.contains(art), "{}: article {art} not in {src}", r.id);
            }
        }
    }
}

/// Each rule row of regimes.md (id in the first column) is a rule of the same id and article.
#[test]
fn every_regimes_md_row_has_its_rule() {
    let Some(shared) = shared() else { return };
    let md = std::fs::read_to_string(shared.join("spec/regimes.md")).unwrap();
    let books = Rulebooks::builtin().unwrap();
    let all: Vec<_> = books.books().iter().flat_map(|b| &b.rules).collect();
    let mut rows = 0;
    for line in md.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let prefixed = ["iia-lab.", "itb.", "tbp.", "qsl."]
            .iter()
            .any(|p| cells.get(1).is_some_and(|c| c.starts_with(p)));
        if cells.len() < 5 || !prefixed {
            continue;
        }
        let (id, article) = (cells[1], cells[2]);
        let rule = all
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        assert_eq!(rule.article, article, "{id}");
        let cross = ["false-data", "one-per-cycle", "debarred", "branch"]
            .iter()
            .any(|s| id.ends_with(s));
        assert_eq!(
            matches!(rule.check, Check::Integrity { .. }),
            cross,
            "{id}: integrity-only iff cross-submission"
        );
        rows += 1;
    }
    assert_eq!(rows, 34, "rule rows in regimes.md");
}

#[test]
fn table_lists_id_article_condition_level() {
    let books = Rulebooks::builtin().unwrap();
    let t = books.table(Some(&Regime::new("tech-base-platform")));
    let lines: Vec<&str> = t.lines().collect();
    assert!(lines[0].starts_with("regime") && lines[0].contains("condition"));
    let staff = lines.iter().find(|l| l.contains("tbp.staff ")).unwrap();
    assert!(
        staff.contains("第六条(五)")
            && staff.contains("staff.total >= 50 人")
            && staff.trim_end().ends_with("hard"),
        "{staff}"
    );
    let eq = lines
        .iter()
        .find(|l| l.contains("tbp.equipment-or-revenue"))
        .unwrap();
    assert!(
        eq.contains("equipment.original_value >= 1,000万元 或 revenue.service_annual > 1,000万元"),
        "{eq}"
    );
    assert!(!t.contains("qsl."));
    // Columns line up by display width: every `第` of the article column starts at one offset.
    let col = |l: &str| {
        l.split("第").next().map(|p| {
            p.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        })
    };
    let first = col(staff);
    assert_eq!(col(eq), first);
    let all = books.table(None);
    assert!(
        all.contains("pc.talent.competition")
            && all.contains("competition.teams >= 国家级 2,000 支 / 省级 1,000 支")
    );
    print!("{all}");
}

/// The rulebooks define the five programs in the order of `shared/seeds/` (their `order`), with
/// their Chinese names, and each names its regulation, embedded with it.
#[test]
fn the_registry_lists_the_five_programs_in_seed_order() {
    let books = Rulebooks::builtin().unwrap();
    let regimes = books.regimes();
    let listed: Vec<(&str, &str)> = regimes
        .iter()
        .map(|d| (d.id.as_str(), d.name.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("iia-lab", "工业互联网产业联盟实验室"),
            ("iia-training-base", "工业互联网产业联盟实训基地"),
            ("promotion-center", "工业互联网数字化转型促进中心"),
            ("tech-base-platform", "产业技术基础公共服务平台"),
            ("quality-standards-lab", "国家质量标准实验室"),
        ]
    );
    assert_eq!(
        regimes.parse("国家质量标准实验室"),
        Some(Regime::new("quality-standards-lab"))
    );
    assert_eq!(
        regimes.check("iia-training-base", "one-per-cycle"),
        Some("itb.one-per-cycle")
    );
    assert_eq!(
        regimes.check("tech-base-platform", "debarred"),
        Some("tbp.debarred")
    );
    assert_eq!(regimes.check("iia-lab", "one-per-cycle"), None);
    let texts = books.regulations();
    assert_eq!(texts.len(), 5);
    assert!(texts.iter().all(|t| !t.trim().is_empty()));
}
