//! Builders for facts and documents used by the integration tests.
#![allow(dead_code)]

use intake_model::{Block, BlockKind, DocMeta, Document, Fact, Page, Period, ReadMethod, Value};

/// A numeric fact of `sub-1` with the metric's canonical unit.
pub fn num(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        submission: "sub-1".into(),
        document: doc.into(),
        metric: metric.into(),
        value: Value::Number(value.parse().unwrap()),
        unit: intake_model::metric(metric)
            .map(|m| m.unit.to_string())
            .unwrap_or_else(|| "-".into()),
        page: None,
        quote: quote.into(),
        offset: [0, 0],
        period: None,
        method: ReadMethod::Prose,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }
}

/// A date fact.
pub fn date(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        // Garbage that is no date (a hostile test's "1") stays text, as a reader would leave it.
        value: value
            .parse()
            .map_or_else(|_| Value::Text(value.into()), Value::Date),
        unit: "-".into(),
        ..num(metric, "0", doc, quote)
    }
}

/// A text fact.
pub fn text(metric: &str, value: &str, doc: &str, quote: &str) -> Fact {
    Fact {
        value: Value::Text(value.into()),
        unit: "-".into(),
        ..num(metric, "0", doc, quote)
    }
}

/// The same fact on a PDF page.
pub fn on_page(mut f: Fact, page: u32) -> Fact {
    f.page = Some(page);
    f
}

/// The same fact stated for a period.
pub fn period(mut f: Fact, label: &str, from: Option<i32>, to: Option<i32>) -> Fact {
    f.period = Some(Period {
        label: label.into(),
        from_year: from,
        to_year: to,
    });
    f
}

/// The same fact marked approximate.
pub fn approx(mut f: Fact) -> Fact {
    f.approx = true;
    f
}

/// The same fact read from a table.
pub fn table(mut f: Fact) -> Fact {
    f.method = ReadMethod::Table;
    f
}

/// A page-less document (DOCX/TXT) of paragraphs.
pub fn doc(paragraphs: &[&str]) -> Document {
    Document {
        pages: vec![Page {
            number: None,
            blocks: paragraphs.iter().map(|p| Block::paragraph(*p)).collect(),
            language: Some("zh".into()),
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        meta: DocMeta::default(),
        language: Some("zh".into()),
        warnings: Vec::new(),
    }
}

/// A one-page PDF-like document holding one table (rows of tab-separated cells).
pub fn table_doc(rows: &[Vec<String>]) -> Document {
    let blocks = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Block {
            text: r.join("\t"),
            kind: BlockKind::TableRow {
                table: 0,
                row: i as u32,
            },
            bbox: None,
            ocr_confidence: None,
        })
        .collect();
    Document {
        pages: vec![Page {
            number: Some(1),
            blocks,
            language: Some("zh".into()),
            has_text_layer: true,
            unmapped_glyphs: 0,
        }],
        ..Document::default()
    }
}

/// The application date fact every dated test needs.
pub fn app_date(d: &str) -> Fact {
    date(
        "application.date",
        d,
        "申报书.docx",
        &format!("申报日期：{d}"),
    )
}

/// The thresholds the pipeline hands intake-integrity from the five built-in rulebooks
/// (`intake_rules::Rulebooks::bunching_thresholds`, whose own test holds it to this table).
pub fn thresholds() -> &'static intake_model::Thresholds {
    use intake_model::key;
    static T: std::sync::LazyLock<intake_model::Thresholds> = std::sync::LazyLock::new(|| {
        let table: &[(&str, &str, &[i64])] = &[
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
                &[10_000_000],
            ),
            (
                "tech-base-platform",
                key::REVENUE_SERVICE_ANNUAL,
                &[10_000_000],
            ),
            ("quality-standards-lab", key::FACILITY_AREA_M2, &[3000]),
            (
                "quality-standards-lab",
                key::EQUIPMENT_CURRENT_VALUE,
                &[50_000_000],
            ),
            ("quality-standards-lab", key::PROJECTS_NATIONAL_5Y, &[15]),
            (
                "quality-standards-lab",
                key::PROJECTS_NATIONAL_AMOUNT_5Y,
                &[20_000_000],
            ),
            (
                "quality-standards-lab",
                key::ACHIEVEMENTS_TRANSFERRED_3Y,
                &[15],
            ),
            (
                "quality-standards-lab",
                key::SERVICES_QUALITY_AMOUNT_3Y,
                &[30_000_000],
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
        intake_model::Thresholds {
            rows: table
                .iter()
                .map(|(r, m, v)| intake_model::MetricThresholds {
                    regime: intake_model::Regime::new(r),
                    metric: m.to_string(),
                    values: v.iter().map(|&x| x.into()).collect(),
                })
                .collect(),
        }
    });
    &T
}

/// The five programs as the built-in rulebooks define them (`intake_rules::Rulebooks::regimes`):
/// id, Chinese name, order, and the integrity rules each lists.
pub fn regimes() -> intake_model::Regimes {
    let def = |id: &str, name: &str, order: i64, checks: &[&str]| intake_model::RegimeDef {
        id: intake_model::Regime::new(id),
        name: name.into(),
        order,
        checks: checks.iter().map(|c| c.to_string()).collect(),
    };
    intake_model::Regimes::new([
        def(
            "iia-lab",
            "工业互联网产业联盟实验室",
            1,
            &["iia-lab.false-data"],
        ),
        def(
            "iia-training-base",
            "工业互联网产业联盟实训基地",
            2,
            &["itb.one-per-cycle", "itb.false-data"],
        ),
        def(
            "promotion-center",
            "工业互联网数字化转型促进中心",
            3,
            &["pc.false-data"],
        ),
        def(
            "tech-base-platform",
            "产业技术基础公共服务平台",
            4,
            &["tbp.debarred", "tbp.branch"],
        ),
        def(
            "quality-standards-lab",
            "国家质量标准实验室",
            5,
            &["qsl.false-data"],
        ),
    ])
}
