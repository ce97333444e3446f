//! Chinese labels for the contract's vocabulary, and figures formatted the way reviewers read them.

use intake_model::{Decimal, Fact, FindingKind, Regimes, Severity, Value, Verdict};

/// The Chinese label of a `metrics.tsv` key (the registry's, [`intake_model::metric_name`]); an
/// unknown key is shown as itself.
pub fn metric_label(key: &str) -> &str {
    intake_model::metric_name(key).unwrap_or(key)
}

/// The Chinese name of a regime id (`tech-base-platform` → 产业技术基础公共服务平台); `未识别` for
/// none, and an id `regimes` does not define as itself. `regimes`: the programs of the loaded
/// rulebooks (`intake_rules::Rulebooks::regimes`), which give the names.
pub fn regime_label(regimes: &Regimes, regime: Option<&str>) -> String {
    match regime {
        None => "未识别".into(),
        Some(id) => regimes.name(id).unwrap_or(id).to_string(),
    }
}

/// 通过 / 待复核 / 不通过.
pub fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "通过",
        Verdict::Review => "待复核",
        Verdict::Fail => "不通过",
    }
}

/// The contract name of a verdict (`pass`, `review`, `fail`), used as a CSS class and filter value.
pub fn verdict_id(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Review => "review",
        Verdict::Fail => "fail",
    }
}

/// 不符合 / 警示 / 提示.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Fail => "不符合",
        Severity::Warn => "警示",
        Severity::Info => "提示",
    }
}

/// The Chinese name of a finding kind.
pub fn kind_label(k: FindingKind) -> &'static str {
    match k {
        FindingKind::ThresholdUnmet => "未达门槛",
        FindingKind::ThresholdMissing => "缺少必备指标",
        FindingKind::InconsistentValue => "数据前后不一致",
        FindingKind::ArithmeticMismatch => "数据计算不符",
        FindingKind::InvalidIdentifier => "证照号码无效",
        FindingKind::DateImplausible => "日期不合理",
        FindingKind::DuplicateText => "文本雷同",
        FindingKind::SuspiciousPattern => "数据异常模式",
        FindingKind::MetadataAnomaly => "文件元数据异常",
        FindingKind::Eligibility => "申报资格",
        FindingKind::UnreadableDocument => "文件无法读取",
    }
}

/// A fact's value as a reviewer reads it: `1,250万元` (CNY ≥ 10,000), `8,500元`, `3,200㎡`,
/// `126人`, `54%`, `1,260人次`, `12年`; dates and text as stated; booleans 是/否.
pub fn format_value(fact: &Fact) -> String {
    match &fact.value {
        Value::Number(d) => format_number(*d, &fact.unit),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => if *b { "是" } else { "否" }.into(),
    }
}

/// A number in its canonical unit (`CNY`, `m2`, `persons`, `percent`, …) with the Chinese unit:
/// the model's one formatter ([`intake_model::figure`]).
pub fn format_number(d: Decimal, unit: &str) -> String {
    intake_model::figure(d, unit, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn figures_read_as_reviewers_write_them() {
        assert_eq!(format_number(n("12500000"), "CNY"), "1,250万元");
        assert_eq!(format_number(n("1500000.00"), "CNY"), "150万元");
        assert_eq!(format_number(n("186000"), "CNY"), "18.6万元");
        assert_eq!(format_number(n("8500"), "CNY"), "8,500元");
        assert_eq!(format_number(n("3200"), "m2"), "3,200㎡");
        assert_eq!(format_number(n("126"), "persons"), "126 人");
        assert_eq!(format_number(n("54.0"), "percent"), "54%");
        assert_eq!(format_number(n("54.5"), "percent"), "54.5%");
        assert_eq!(format_number(n("12600"), "person-times"), "12,600 人次");
        assert_eq!(format_number(n("2025"), "year"), "2025年");
        assert_eq!(format_number(n("-1234567.5"), "count"), "-1,234,567.5 项");
        assert_eq!(format_number(n("100"), "-"), "100");
    }

    #[test]
    fn labels_are_chinese() {
        assert_eq!(metric_label("staff.total"), "从业人员");
        assert_eq!(metric_label("no.such"), "no.such");
        let regimes = Regimes::new([intake_model::RegimeDef {
            id: intake_model::Regime::new("tech-base-platform"),
            name: "产业技术基础公共服务平台".into(),
            order: 4,
            checks: Vec::new(),
        }]);
        assert_eq!(
            regime_label(&regimes, Some("tech-base-platform")),
            "产业技术基础公共服务平台"
        );
        assert_eq!(regime_label(&regimes, Some("sixth")), "sixth");
        assert_eq!(regime_label(&regimes, None), "未识别");
        assert!(
            intake_model::metrics()
                .iter()
                .all(|m| metric_label(m.key) != m.key),
            "a metric lacks a label"
        );
    }
}
