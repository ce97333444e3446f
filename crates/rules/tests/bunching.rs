//! The thresholds integrity's bunching check reads come from the rulebooks: for the five
//! regimes they are exactly the table intake-integrity once hard-coded (thresholds of at least
//! 10, canonical units, per regime and metric, all levels and variants together).

use intake_model::{Decimal, key};
use intake_rules::Rulebooks;

/// intake-integrity's former `THRESHOLDS` table, in its order.
const OLD: &[(&str, &str, &[i64])] = &[
    ("iia-training-base", key::TRAINING_CAPACITY, &[20]),
    ("tech-base-platform", key::BUSINESS_TECH_BASE_PCT, &[60]),
    ("tech-base-platform", key::STAFF_TOTAL, &[50]),
    (
        "tech-base-platform",
        key::STAFF_MASTERS_OR_MID_TITLE_PCT,
        &[50],
    ),
    ("tech-base-platform", key::STAFF_QUALIFIED_PCT, &[60]),
    (
        "tech-base-platform",
        key::EQUIPMENT_ORIGINAL_VALUE,
        &[10000000],
    ),
    (
        "tech-base-platform",
        key::REVENUE_SERVICE_ANNUAL,
        &[10000000],
    ),
    ("quality-standards-lab", key::FACILITY_AREA_M2, &[3000]),
    (
        "quality-standards-lab",
        key::EQUIPMENT_CURRENT_VALUE,
        &[50000000],
    ),
    ("quality-standards-lab", key::PROJECTS_NATIONAL_5Y, &[15]),
    (
        "quality-standards-lab",
        key::PROJECTS_NATIONAL_AMOUNT_5Y,
        &[20000000],
    ),
    (
        "quality-standards-lab",
        key::ACHIEVEMENTS_TRANSFERRED_3Y,
        &[15],
    ),
    (
        "quality-standards-lab",
        key::SERVICES_QUALITY_AMOUNT_3Y,
        &[30000000],
    ),
    ("promotion-center", key::STAFF_OPERATING, &[100, 50, 25]),
    (
        "promotion-center",
        key::OUTPUTS_IP_TOTAL,
        &[100, 50, 300, 150],
    ),
    (
        "promotion-center",
        key::PRODUCTS_ADOPTERS,
        &[1000, 500, 800],
    ),
    ("promotion-center", key::CONSULTING_REGIONS, &[10]),
    ("promotion-center", key::CONSULTING_INDUSTRIES, &[10]),
    ("promotion-center", key::MATCHMAKING_EVENTS_LAST_YEAR, &[10]),
    (
        "promotion-center",
        key::TRAINING_TRAINEES_LAST_YEAR,
        &[2000, 1000, 500, 300, 20000, 10000],
    ),
    (
        "promotion-center",
        key::ENTERPRISES_SERVED_LAST_YEAR,
        &[1000, 500, 300, 150],
    ),
    (
        "promotion-center",
        key::SME_PARTNERS,
        &[5000, 2000, 500, 300],
    ),
    ("promotion-center", key::MODELS_INDUSTRY, &[1000, 500]),
    ("promotion-center", key::SUPPLIERS_PARTNERS, &[50]),
    ("promotion-center", key::SUPPLIERS_HEAD, &[10]),
    ("promotion-center", key::SUPPLIERS_SPECIALIZED, &[20, 10]),
    ("promotion-center", key::TRAINING_CAPACITY, &[100, 50]),
    (
        "promotion-center",
        key::INDUSTRY_EDUCATION_COOPERATIONS_LAST_YEAR,
        &[30, 15],
    ),
    ("promotion-center", key::COMPETITION_TEAMS, &[2000, 1000]),
    ("promotion-center", key::SME_SOLUTIONS, &[5000]),
    ("promotion-center", key::SME_SERVED_LAST_YEAR, &[5000, 1000]),
    (
        "promotion-center",
        key::SME_PREFERENTIAL_LAST_YEAR,
        &[3000, 1500],
    ),
    ("promotion-center", key::LARGE_ENTERPRISES_COLLAB, &[30]),
    ("promotion-center", key::SME_COLLAB, &[600]),
];

#[test]
fn bunching_thresholds_equal_the_former_hard_coded_table() {
    let derived = Rulebooks::builtin().unwrap().bunching_thresholds();
    let mut got: Vec<(String, String, Vec<Decimal>)> = derived
        .rows
        .iter()
        .map(|r| {
            let mut v = r.values.clone();
            v.sort();
            (r.regime.as_str().to_string(), r.metric.clone(), v)
        })
        .collect();
    let mut want: Vec<(String, String, Vec<Decimal>)> = OLD
        .iter()
        .map(|(r, m, vs)| {
            let mut v: Vec<Decimal> = vs.iter().map(|&x| Decimal::from(x)).collect();
            v.sort();
            (r.to_string(), m.to_string(), v)
        })
        .collect();
    // Per regime the rows keep the rulebook's order, which is the order findings list them in.
    let per_regime = |rows: &[(String, String, Vec<Decimal>)], regime: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r.0 == regime)
            .map(|r| r.1.clone())
            .collect()
    };
    for regime in [
        "iia-training-base",
        "tech-base-platform",
        "quality-standards-lab",
        "promotion-center",
    ] {
        assert_eq!(
            per_regime(&got, regime),
            per_regime(&want, regime),
            "{regime}"
        );
    }
    got.sort();
    want.sort();
    assert_eq!(got, want);
}
