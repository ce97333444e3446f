//! The promotion-center 认定标准 (附2), variant by variant and level by level: a submission that
//! just meets every figure passes; one short by a single figure fails naming that rule.

mod common;

use std::path::PathBuf;

use common::*;
use intake_model::{Decimal, Fact, FindingKind, Level, Regime, Variant, Verdict};
use intake_rules::{Check, Detection, Rule, Rulebooks, evaluate, verdict};

const VARIANTS: [Variant; 6] = [
    Variant::Comprehensive,
    Variant::Industry,
    Variant::Tech,
    Variant::Incubation,
    Variant::Talent,
    Variant::Sme,
];

/// (rule, metric, threshold) of every figure that applies to `variant` at `level`.
fn figures(books: &Rulebooks, variant: Variant, level: Level) -> Vec<(&Rule, String, Decimal)> {
    books
        .rules("promotion-center")
        .filter(|r| r.variants.contains(&variant))
        .filter_map(|r| match &r.check {
            Check::Compare(c) => c
                .threshold
                .at(Some(level))
                .map(|t| (r, c.metrics[0].clone(), t)),
            _ => None,
        })
        .collect()
}

fn submission(
    figs: &[(&Rule, String, Decimal)],
    short: Option<&str>,
    drop: Option<&str>,
) -> Vec<Fact> {
    let mut facts = vec![boolean("org.legal_entity", true)];
    for (r, metric, t) in figs {
        if drop == Some(r.id.as_str()) {
            continue;
        }
        let v = if short == Some(r.id.as_str()) {
            *t - Decimal::ONE
        } else {
            *t
        };
        facts.push(num(metric, v));
    }
    facts
}

#[test]
fn each_variant_and_level_passes_at_its_figures_and_fails_one_short() {
    let books = Rulebooks::builtin().unwrap();
    let mut pairs = 0;
    for variant in VARIANTS {
        for level in [Level::National, Level::Provincial] {
            let det =
                Detection::declared(Regime::new("promotion-center"), Some(level), Some(variant));
            let figs = figures(&books, variant, level);
            assert!(figs.len() >= 2, "{variant:?} {level:?}");
            let all = evaluate(&books, SUB, &det, &submission(&figs, None, None));
            assert_eq!(
                verdict(&all),
                (Verdict::Pass, vec![]),
                "{variant:?} {level:?}: {all:#?}"
            );
            for (r, metric, t) in &figs {
                let short = evaluate(&books, SUB, &det, &submission(&figs, Some(&r.id), None));
                assert_eq!(
                    verdict(&short),
                    (Verdict::Fail, vec![r.id.clone()]),
                    "{variant:?} {level:?} {metric} {t}"
                );
                let f = short.iter().find(|f| f.rule == r.id).unwrap();
                assert_eq!(
                    (f.kind, f.metric.as_deref()),
                    (FindingKind::ThresholdUnmet, Some(metric.as_str()))
                );
                let missing = evaluate(&books, SUB, &det, &submission(&figs, None, Some(&r.id)));
                // Not stated is for the officer to check: review, never fail on its own.
                assert_eq!(verdict(&missing), (Verdict::Review, vec![r.id.clone()]));
                assert_eq!(missing[0].kind, FindingKind::ThresholdMissing);
            }
            pairs += 1;
        }
    }
    assert_eq!(pairs, 12);
}

#[test]
fn national_figures_do_not_apply_to_provincial_centers() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(
        Regime::new("promotion-center"),
        Some(Level::Provincial),
        Some(Variant::Sme),
    );
    let figs = figures(&books, Variant::Sme, Level::Provincial);
    let ids: Vec<&str> = figs.iter().map(|f| f.0.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "pc.functional.staff",
            "pc.sme.served",
            "pc.sme.preferential"
        ]
    );
    let f = evaluate(&books, SUB, &det, &submission(&figs, None, None));
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn unknown_level_checks_provincial_figures_and_asks() {
    let books = Rulebooks::builtin().unwrap();
    let mut det = Detection::declared(Regime::new("promotion-center"), None, Some(Variant::Talent));
    det.how = "级别（国家级/省级）无法判定".into();
    let figs = figures(&books, Variant::Talent, Level::Provincial);
    let f = evaluate(&books, SUB, &det, &submission(&figs, None, None));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].rule, "regime.level-undetected");
    assert_eq!(
        verdict(&f),
        (Verdict::Review, vec!["regime.level-undetected".to_string()])
    );
    // 功能类 with the sub-kind unknown: only the figures common to all four sub-kinds are checked.
    let mut det = Detection::declared(Regime::new("promotion-center"), Some(Level::National), None);
    det.functional = true;
    let f = evaluate(
        &books,
        SUB,
        &det,
        &[
            boolean("org.legal_entity", true),
            int("staff.operating", 49),
        ],
    );
    let rules: Vec<&str> = f.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["regime.variant-undetected", "pc.functional.staff"]);
}

/// The figures of regimes.md's promotion-center table are the rulebook's thresholds, cell by cell.
#[test]
fn thresholds_match_the_regimes_md_table() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec/regimes.md");
    let Ok(md) = std::fs::read_to_string(&shared) else {
        eprintln!("skipping: {} not found", shared.display());
        return;
    };
    let books = Rulebooks::builtin().unwrap();
    let section = md
        .split("## promotion-center")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let first_num = |s: &str| -> Option<Decimal> {
        let d: String = s
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        d.parse().ok()
    };
    let mut checked = 0;
    for line in section
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('.') && !l.contains("---"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let metrics: Vec<&str> = cells[1].split(", ").collect();
        for (col, cell) in cells[2..5].iter().enumerate() {
            if cell.trim() == "—" {
                continue;
            }
            let (variant, body) = match (col, cell.split_once(": ")) {
                (0, _) => (Some(Variant::Comprehensive), *cell),
                (1, _) => (Some(Variant::Industry), *cell),
                (_, Some((kind, body))) => (intake_rules_variant(kind), body),
                (_, None) => (None, *cell), // all four functional sub-kinds
            };
            let (nat, prov) = body.split_once(" / ").unwrap();
            for (i, metric) in metrics.iter().enumerate() {
                let n = nat.split(", ").nth(i).and_then(first_num);
                let p = prov.split(", ").nth(i).and_then(first_num);
                let variants = match variant {
                    Some(v) => vec![v],
                    None => vec![
                        Variant::Tech,
                        Variant::Incubation,
                        Variant::Talent,
                        Variant::Sme,
                    ],
                };
                for v in variants {
                    let rule = books
                        .rules("promotion-center")
                        .find(|r| {
                            r.variants.contains(&v)
                                && matches!(&r.check, Check::Compare(c) if c.metrics[0] == *metric)
                        })
                        .unwrap_or_else(|| panic!("no rule for {metric} {v:?}"));
                    let Check::Compare(c) = &rule.check else {
                        unreachable!()
                    };
                    assert_eq!(
                        c.threshold.at(Some(Level::National)),
                        n,
                        "{} national",
                        rule.id
                    );
                    assert_eq!(
                        c.threshold.at(Some(Level::Provincial)),
                        p,
                        "{} provincial",
                        rule.id
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(
        checked, 42,
        "cells checked (pc.functional.staff once per sub-kind)"
    );
}

fn intake_rules_variant(kind: &str) -> Option<Variant> {
    Some(match kind {
        "tech" => Variant::Tech,
        "incubation" => Variant::Incubation,
        "talent" => Variant::Talent,
        "sme" => Variant::Sme,
        other => panic!("variant {other}"),
    })
}
