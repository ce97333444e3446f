//! Every threshold rule at its boundary: one step below, exactly at, one step above, and absent —
//! generated from the loaded rulebooks, judged against a hand-written table of expectations
//! (以上/不少于/不低于 include the number; 超过 excludes it; 不超过 includes it).

mod common;

use common::*;
use intake_model::{Decimal, Fact, Finding, FindingKind, Level, Regime, Severity, Variant};
use intake_rules::{Check, Cond, Detection, Rule, Rulebooks, Threshold, evaluate};

/// Expected outcome for a rule on one fixture.
#[derive(Debug, Clone, Copy, PartialEq)]
enum E {
    /// No finding of the rule.
    P,
    /// threshold_unmet, fail.
    F,
    /// threshold_unmet, warn.
    W,
    /// threshold_missing, warn.
    MW,
    /// Not tested (a count below zero).
    X,
}
use E::*;

/// (rule id, metric, [below, at, above], absent) for every non-promotion-center threshold rule.
const TABLE: &[(&str, &str, [E; 3], E)] = &[
    (
        "iia-lab.university-researchers",
        "staff.masters",
        [X, F, P],
        MW,
    ),
    ("iia-lab.director-age", "director.age", [P, P, W], MW),
    (
        "iia-lab.director-time",
        "director.months_per_year",
        [W, P, P],
        MW,
    ),
    ("itb.capacity", "training.capacity", [F, P, P], MW),
    ("itb.director-age", "director.age", [P, P, W], MW),
    (
        "itb.director-time",
        "director.months_per_year",
        [W, P, P],
        MW,
    ),
    (
        "tbp.business-share",
        "business.tech_base_pct",
        [F, P, P],
        MW,
    ),
    ("tbp.service-years", "service.years", [F, P, P], MW),
    ("tbp.service-cases", "service.cases", [F, P, P], MW),
    ("tbp.staff", "staff.total", [F, P, P], MW),
    (
        "tbp.staff-qualified",
        "staff.masters_or_mid_title_pct",
        [F, P, P],
        MW,
    ),
    (
        "tbp.staff-credentials",
        "staff.qualified_pct",
        [F, P, P],
        MW,
    ),
    (
        "tbp.equipment-or-revenue",
        "equipment.original_value",
        [F, P, P],
        MW,
    ),
    (
        "tbp.equipment-or-revenue",
        "revenue.service_annual",
        [F, F, P],
        MW,
    ),
    (
        "tbp.projects",
        "projects.national_or_provincial_3y",
        [F, P, P],
        MW,
    ),
    ("qsl.area", "facility.area_m2", [W, P, P], MW),
    ("qsl.equipment", "equipment.current_value", [F, P, P], MW),
    ("qsl.operating-years", "operation.years", [W, P, P], P),
    ("qsl.projects", "projects.national_5y", [F, P, P], MW),
    ("qsl.projects", "projects.national_amount_5y", [F, P, P], MW),
];

/// Rules checked by their own tests below rather than by the generic table.
const SPECIAL: &[&str] = &["qsl.achievements"];

fn step(unit: &str) -> Decimal {
    match unit {
        "percent" => "0.1".parse().unwrap(),
        _ => Decimal::ONE,
    }
}

fn regime_of(id: &str) -> Regime {
    match id.split('.').next().unwrap() {
        "iia-lab" => Regime::new("iia-lab"),
        "itb" => Regime::new("iia-training-base"),
        "tbp" => Regime::new("tech-base-platform"),
        "qsl" => Regime::new("quality-standards-lab"),
        _ => Regime::new("promotion-center"),
    }
}

/// The condition of `rule` that reads `metric`.
fn cond_of<'a>(rule: &'a Rule, metric: &str) -> &'a Cond {
    let conds: Vec<&Cond> = match &rule.check {
        Check::Compare(c) => vec![c],
        Check::AnyOf(cs) => cs.iter().collect(),
        Check::Ratio { cond, .. } => vec![cond],
        Check::Implication { then, .. } => vec![then],
        other => panic!("{}: not a threshold rule: {other:?}", rule.id),
    };
    conds
        .into_iter()
        .find(|c| c.metrics.iter().any(|m| m == metric))
        .unwrap_or_else(|| panic!("{} reads no {metric}", rule.id))
}

fn findings_of(books: &Rulebooks, det: &Detection, facts: &[Fact], id: &str) -> Vec<Finding> {
    evaluate(books, SUB, det, facts)
        .into_iter()
        .filter(|f| f.rule == id)
        .collect()
}

fn check(id: &str, label: &str, got: &[Finding], want: E, quote: Option<&str>) {
    let ctx = format!("{id} {label}: {got:#?}");
    match want {
        X => {}
        P => assert!(got.is_empty(), "expected pass: {ctx}"),
        F | W => {
            assert_eq!(got.len(), 1, "{ctx}");
            assert_eq!(got[0].kind, FindingKind::ThresholdUnmet, "{ctx}");
            assert_eq!(
                got[0].severity,
                if want == F {
                    Severity::Fail
                } else {
                    Severity::Warn
                },
                "{ctx}"
            );
            let q = quote.unwrap();
            assert!(
                got[0]
                    .evidence
                    .iter()
                    .any(|e| e.quote == q && e.document == DOC),
                "evidence cites `{q}`: {ctx}"
            );
            assert!(
                got[0].message.contains(got[0].article.as_deref().unwrap()),
                "message names the article: {ctx}"
            );
        }
        MW => {
            assert_eq!(got.len(), 1, "{ctx}");
            assert_eq!(got[0].kind, FindingKind::ThresholdMissing, "{ctx}");
            // A figure not found is for a person to check: never a fail on its own.
            assert_eq!(got[0].severity, Severity::Warn, "{ctx}");
            assert!(got[0].evidence.is_empty(), "{ctx}");
        }
    }
}

/// Facts a rule needs besides its own figure (the 高等学校 antecedent).
fn context(id: &str) -> Vec<Fact> {
    match id {
        "iia-lab.university-researchers" => vec![text("org.kind", "高等学校")],
        _ => Vec::new(),
    }
}

#[test]
fn every_threshold_rule_at_its_boundary() {
    let books = Rulebooks::builtin().unwrap();
    let mut covered = Vec::new();
    for &(id, metric, cases, absent) in TABLE {
        let regime = regime_of(id);
        let rule = books
            .rules(regime.as_str())
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no rule {id}"));
        let cond = cond_of(rule, metric);
        let Threshold::Fixed(t) = cond.threshold else {
            panic!("{id}: fixed threshold")
        };
        let det = Detection::declared(regime, None, None);
        for (value, want, label) in [
            (t - step(&cond.unit), cases[0], "below"),
            (t, cases[1], "at"),
            (t + step(&cond.unit), cases[2], "above"),
        ] {
            let f = num(metric, value);
            let quote = f.quote.clone();
            let mut facts = context(id);
            facts.push(f);
            check(
                id,
                &format!("{metric} {label} ({value})"),
                &findings_of(&books, &det, &facts, id),
                want,
                Some(&quote),
            );
        }
        check(
            id,
            &format!("{metric} absent"),
            &findings_of(&books, &det, &context(id), id),
            absent,
            None,
        );
        covered.push(id);
    }
    // The table covers every comparison rule outside the promotion center.
    for b in books
        .books()
        .iter()
        .filter(|b| b.regime != "promotion-center")
    {
        for r in &b.rules {
            let threshold = matches!(
                r.check,
                Check::Compare(_)
                    | Check::AnyOf(_)
                    | Check::Ratio { .. }
                    | Check::Implication { .. }
                    | Check::AtLeast { .. }
            );
            if threshold {
                assert!(
                    covered.contains(&r.id.as_str()) || SPECIAL.contains(&r.id.as_str()),
                    "{} has no boundary fixtures",
                    r.id
                );
            }
        }
    }
}

/// Every promotion-center figure, at each level that names one: all are 以上/不少于 (>=).
#[test]
fn every_promotion_center_figure_at_its_boundary() {
    let books = Rulebooks::builtin().unwrap();
    let mut n = 0;
    for rule in books.rules("promotion-center") {
        let Check::Compare(cond) = &rule.check else {
            continue;
        };
        let metric = &cond.metrics[0];
        for level in [Level::National, Level::Provincial] {
            let Some(t) = cond.threshold.at(Some(level)) else {
                continue;
            };
            let det = Detection::declared(
                Regime::new("promotion-center"),
                Some(level),
                Some(rule.variants[0]),
            );
            for (value, want) in [(t - Decimal::ONE, F), (t, P), (t + Decimal::ONE, P)] {
                let f = int(metric, i64::try_from(value).unwrap());
                let q = f.quote.clone();
                check(
                    &rule.id,
                    &format!("{level:?} {value}"),
                    &findings_of(&books, &det, &[f], &rule.id),
                    want,
                    Some(&q),
                );
            }
            check(
                &rule.id,
                &format!("{level:?} absent"),
                &findings_of(&books, &det, &[], &rule.id),
                MW,
                None,
            );
            n += 1;
        }
    }
    assert_eq!(n, 39 * 2 - 5, "rule × level pairs with a figure");
}

#[test]
fn messages_read_as_reviewers_write_them() {
    let books = Rulebooks::builtin().unwrap();
    let tbp = Detection::declared(Regime::new("tech-base-platform"), None, None);
    let mut staff = fact(
        "staff.total",
        intake_model::Value::Number(48.into()),
        "从业人员共计48人",
    );
    staff.page = Some(3);
    staff.document = "申报书.pdf".into();
    let f = &findings_of(&books, &tbp, &[staff], "tbp.staff")[0];
    assert_eq!(f.message, "从业人员 48 人，低于 第六条(五) 要求的 50 人");
    assert_eq!(
        (
            f.regime.as_deref(),
            f.article.as_deref(),
            f.metric.as_deref()
        ),
        (
            Some("tech-base-platform"),
            Some("第六条(五)"),
            Some("staff.total")
        )
    );
    assert_eq!(f.evidence[0].page, Some(3));

    let eq = int("equipment.original_value", 8_000_000);
    let rev = int("revenue.service_annual", 10_000_000);
    let f = &findings_of(&books, &tbp, &[eq, rev], "tbp.equipment-or-revenue")[0];
    assert_eq!(
        f.message,
        "技术服务仪器设备（含软件）原值 800万元（要求不少于 1,000万元）；年相关服务收入 1,000万元（要求超过 1,000万元），不满足 第六条(六)（二者满足其一即可）"
    );
    assert_eq!(f.evidence.len(), 2);

    let qsl = Detection::declared(Regime::new("quality-standards-lab"), None, None);
    let f = &findings_of(&books, &qsl, &[int("facility.area_m2", 2999)], "qsl.area")[0];
    assert_eq!(
        f.message,
        "科研用房面积 2,999㎡，低于 第十二条(一) 原则上 3,000㎡ 的要求"
    );
    let f = &findings_of(
        &books,
        &qsl,
        &[int("equipment.current_value", 49_999_999)],
        "qsl.equipment",
    )[0];
    assert_eq!(
        f.message,
        "仪器设备现值 4,999.9999万元，低于 第十二条(一) 要求的 5,000万元"
    );
    let f = &findings_of(&books, &tbp, &[], "tbp.staff")[0];
    assert_eq!(
        f.message,
        "申报材料未载明从业人员，无法核对 第六条(五) 不少于 50 人 的要求"
    );

    let pc = Detection::declared(
        Regime::new("promotion-center"),
        Some(Level::Provincial),
        Some(Variant::Comprehensive),
    );
    let f = &findings_of(
        &books,
        &pc,
        &[int("staff.operating", 49)],
        "pc.comprehensive.staff",
    )[0];
    assert_eq!(
        f.message,
        "运营人数 49 人，低于 附2 一·建设主体水平与运营情况（省级）要求的 50 人"
    );
}

#[test]
fn ratio_is_computed_from_counts_when_not_stated() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("tech-base-platform"), None, None);
    let id = "tbp.staff-qualified";
    // 25 of 50 = 50%: at the threshold (不低于 includes it).
    let at = [
        int("staff.masters_or_mid_title", 25),
        int("staff.total", 50),
    ];
    assert!(findings_of(&books, &det, &at, id).is_empty());
    let below = [
        int("staff.masters_or_mid_title", 24),
        int("staff.total", 50),
    ];
    let f = &findings_of(&books, &det, &below, id)[0];
    assert_eq!(
        f.message,
        "硕士或中级职称以上专业人员比例 48%（24 ÷ 50），低于 第六条(五) 要求的 50%"
    );
    assert_eq!(f.evidence.len(), 2);
    // A stated percentage decides over the counts.
    let stated = [
        num("staff.masters_or_mid_title_pct", 50.into()),
        int("staff.masters_or_mid_title", 24),
        int("staff.total", 50),
    ];
    assert!(findings_of(&books, &det, &stated, id).is_empty());
}

#[test]
fn implication_applies_only_to_universities() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("iia-lab"), None, None);
    let id = "iia-lab.university-researchers";
    assert!(findings_of(&books, &det, &[text("org.kind", "企业")], id).is_empty());
    assert!(
        findings_of(&books, &det, &[], id).is_empty(),
        "unknown kind: not applicable"
    );
    // org.name stands in for an unstated org.kind.
    let f = &findings_of(
        &books,
        &det,
        &[
            text("org.name", "某某理工大学"),
            int("staff.masters", 0),
            int("staff.phd", 0),
        ],
        id,
    )[0];
    assert_eq!(f.severity, Severity::Fail);
    assert!(
        f.message
            .starts_with("依托单位为高等学校，硕士、博士研究人员 0 人"),
        "{}",
        f.message
    );
    // Masters and PhDs are summed.
    let ok = [
        text("org.kind", "高等学校"),
        int("staff.masters", 0),
        int("staff.phd", 2),
    ];
    assert!(findings_of(&books, &det, &ok, id).is_empty());
}

#[test]
fn director_age_is_derived_from_birth_date() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("iia-lab"), None, None);
    let id = "iia-lab.director-age";
    let born = |d: &str| {
        vec![
            date("director.birth_date", d),
            date("application.date", "2024-06-01"),
        ]
    };
    assert!(
        findings_of(&books, &det, &born("1963-06-02"), id).is_empty(),
        "60 the day before the birthday"
    );
    let f = &findings_of(&books, &det, &born("1963-06-01"), id)[0];
    assert_eq!(f.severity, Severity::Warn);
    assert_eq!(
        f.message,
        "实验室主任年龄 61 岁（按出生日期推算），超过 第十四条 一般不超过 60 周岁 的要求"
    );
    assert_eq!(f.evidence.len(), 2);
}

#[test]
fn figures_for_the_wrong_period_do_not_count() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("tech-base-platform"), None, None);
    let id = "tbp.projects";
    let app = date("application.date", "2024-03-01");
    let old = with_period(
        int("projects.national_or_provincial_3y", 2),
        "2015—2018年",
        Some(2015),
        Some(2018),
    );
    let f = &findings_of(&books, &det, &[app.clone(), old.clone()], id)[0];
    assert_eq!(f.kind, FindingKind::ThresholdUnmet);
    assert_eq!(f.evidence[0].quote, old.quote);
    let recent = with_period(
        int("projects.national_or_provincial_3y", 2),
        "近3年",
        Some(2021),
        Some(2023),
    );
    assert!(findings_of(&books, &det, &[app, old, recent], id).is_empty());
}

#[test]
fn at_least_three_of_five_counts_what_it_can_verify() {
    let books = Rulebooks::builtin().unwrap();
    let det = Detection::declared(Regime::new("quality-standards-lab"), None, None);
    let id = "qsl.achievements";
    // Items 3 and 4 hold at their thresholds; the third item is the expert panel's to judge.
    let both = [
        int("standards.led_3y", 5),
        int("achievements.transferred_3y", 15),
    ];
    assert!(findings_of(&books, &det, &both, id).is_empty());
    // One step below on item 3: it may still hold through 国际领先技术成果, so review.
    let below3 = [
        int("standards.led_3y", 4),
        int("achievements.transferred_3y", 15),
    ];
    let f = &findings_of(&books, &det, &below3, id)[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::ThresholdUnmet, Severity::Warn)
    );
    assert_eq!(
        f.message,
        "第十二条(四) 要求五项中任意三项：经核实满足第4项（近3年累计转化科技成果 15 项（要求不少于 15 项）；提供质量技术服务金额 未载明）；\
         第1项、第2项、第3项（近3年主导制（修）订国家标准、行业标准及检验方法 4 项（要求不少于 5 项），或以定性成果满足）、第5项需专家认定；\
         可核实满足 1 项，尚需 2 项"
    );
    // One step below on item 4 (both branches): not met, still reachable through items 1, 2, 5.
    let below4 = [
        int("standards.led_3y", 5),
        int("achievements.transferred_3y", 14),
        int("services.quality_amount_3y", 29_999_999),
    ];
    let f = &findings_of(&books, &det, &below4, id)[0];
    assert!(f.message.contains("不满足第4项"), "{}", f.message);
    assert_eq!((f.severity, f.evidence.len()), (Severity::Warn, 3));
    // The money branch of item 4: 不低于3000万元 includes the figure.
    let money = [
        int("standards.led_3y", 5),
        int("services.quality_amount_3y", 30_000_000),
    ];
    assert!(findings_of(&books, &det, &money, id).is_empty());
    let f = &findings_of(&books, &det, &[], id)[0];
    assert_eq!(
        (f.kind, f.severity),
        (FindingKind::ThresholdMissing, Severity::Warn)
    );

    // Where the items are all figures, an unreachable count fails.
    let book = r#"
regime = "quality-standards-lab"
title = "t"
[[rule]]
id = "x.two-of-two"
article = "第一条"
text = "t"
level = "hard"
op = "at-least"
k = 2
items = [
  { text = "a", any = [{ metric = "standards.led_3y", op = ">=", threshold = 5, unit = "count", label = "标准" }] },
  { text = "b", any = [{ metric = "achievements.transferred_3y", op = ">=", threshold = 15, unit = "count", label = "成果" }] },
]
message = "{conditions}"
"#;
    let custom = Rulebooks::from_sources([("x.toml".to_string(), book.to_string())]).unwrap();
    let f = &findings_of(
        &custom,
        &det,
        &[
            int("standards.led_3y", 5),
            int("achievements.transferred_3y", 14),
        ],
        "x.two-of-two",
    )[0];
    assert_eq!(f.severity, Severity::Fail);
    assert!(
        findings_of(
            &custom,
            &det,
            &[
                int("standards.led_3y", 5),
                int("achievements.transferred_3y", 15)
            ],
            "x.two-of-two"
        )
        .is_empty()
    );
}
