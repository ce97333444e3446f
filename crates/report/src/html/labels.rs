//! Chinese labels for the contract's vocabulary, and figures formatted the way reviewers read them.

use intake_model::{Decimal, Fact, FindingKind, Level, Severity, Value, Variant, Verdict};

/// The Chinese label of a `metrics.tsv` key. The spec's label column mixes labels with notes
/// (`单位性质/类型: 企业, …`, `近5年承担国家级科研项目 ...项`), so the labels are written out here;
/// an unknown key is shown as itself.
pub fn metric_label(key: &str) -> &str {
    match key {
        "org.name" => "申报单位名称",
        "org.credit_code" => "统一社会信用代码",
        "org.founded" => "成立日期",
        "org.legal_entity" => "独立法人资格",
        "org.kind" => "单位性质",
        "application.date" => "申报日期",
        "report.year" => "报告年度",
        "staff.total" => "从业人员",
        "staff.operating" => "运营人员",
        "staff.phd" => "博士",
        "staff.masters" => "硕士",
        "staff.senior_title" => "高级职称",
        "staff.masters_or_mid_title" => "硕士或中级职称以上人员",
        "staff.masters_or_mid_title_pct" => "硕士或中级职称以上人员占比",
        "staff.qualified_pct" => "具有从业资质和科研成果的人员比例",
        "director.name" => "主任（负责人）",
        "director.birth_date" => "主任出生日期",
        "director.age" => "主任年龄",
        "director.months_per_year" => "主任每年工作时间",
        "equipment.original_value" => "仪器设备原值",
        "equipment.current_value" => "仪器设备现值",
        "revenue.service_annual" => "年服务收入",
        "revenue.total_annual" => "年营业收入",
        "business.tech_base_pct" => "产业技术基础服务业务占比",
        "facility.area_m2" => "科研（实训）用房面积",
        "training.capacity" => "可同时容纳实训人数",
        "training.trainees_last_year" => "上年度培训实训规模",
        "service.years" => "产业技术基础服务经历",
        "service.cases" => "具有行业影响力的服务案例",
        "projects.national_5y" => "近5年承担国家级科研项目",
        "projects.national_amount_5y" => "近5年国家级项目总金额",
        "projects.national_or_provincial_3y" => "近3年承担国家级或省部级项目",
        "outputs.ip_total" => "专利、软著、标准等成果",
        "outputs.patents" => "专利",
        "outputs.software_copyrights" => "软件著作权",
        "outputs.standards" => "标准制修订",
        "standards.led_3y" => "近3年主导制修订标准",
        "achievements.transferred_3y" => "近3年累计转化科技成果",
        "services.quality_amount_3y" => "质量技术服务金额",
        "operation.years" => "已运行年限",
        "enterprises.served_last_year" => "上年度服务企业",
        "sme.partners" => "生态合作中小企业",
        "sme.served_last_year" => "上年度服务中小企业",
        "sme.preferential_last_year" => "享受优惠的中小企业",
        "sme.solutions" => "面向中小企业的解决方案",
        "large_enterprises.collab" => "协同转型的大企业",
        "sme.collab" => "协同转型的中小企业",
        "matchmaking.events_last_year" => "上年度供需对接活动",
        "events.held" => "人才赛事、高峰论坛等活动",
        "products.incubated_classes" => "孵化新产品类别",
        "products.adopters" => "新产品使用企业",
        "models.industry" => "汇聚行业模型",
        "consulting.regions" => "诊断咨询覆盖地区",
        "consulting.industries" => "诊断咨询覆盖行业",
        "tech_fields.leading" => "领先的重点技术领域",
        "partners.universities_institutes" => "合作高校或科研院所",
        "partners.national_labs" => "合作国家级实验室/工程研究中心",
        "research.open_topics_last_year" => "上年度开放课题研究",
        "opensource.communities" => "开源社区",
        "suppliers.partners" => "生态运营伙伴（供给侧企业）",
        "suppliers.head" => "其中头部企业",
        "suppliers.specialized" => "其中专精特新企业",
        "industry_education.cooperations_last_year" => "上年度产教合作",
        "competition.teams" => "参赛队伍",
        other => other,
    }
}

/// The Chinese name of a regime id (`tech-base-platform` → 产业技术基础公共服务平台); `未识别` for
/// none, and an unknown id as itself.
pub fn regime_label(regime: Option<&str>) -> String {
    match regime {
        None => "未识别".into(),
        Some(id) => intake_model::Regime::parse(id)
            .map_or_else(|| id.to_string(), |r| r.chinese_name().into()),
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

/// 国家级 / 省级 (promotion centers).
pub fn level_label(l: Level) -> &'static str {
    match l {
        Level::National => "国家级",
        Level::Provincial => "省级",
    }
}

/// The promotion-center variant as 附2 names it (综合类, 行业类, 功能类·…).
pub fn variant_label(v: Variant) -> &'static str {
    match v {
        Variant::Comprehensive => "综合类",
        Variant::Industry => "行业类",
        Variant::Tech => "功能类·技术创新",
        Variant::Incubation => "功能类·产业孵化",
        Variant::Talent => "功能类·人才培育",
        Variant::Sme => "功能类·中小企业服务",
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
        Value::Text(t) | Value::Date(t) => t.clone(),
        Value::Bool(b) => if *b { "是" } else { "否" }.into(),
    }
}

/// A number in its canonical unit (`CNY`, `m2`, `persons`, `percent`, …) with the Chinese unit.
pub fn format_number(d: Decimal, unit: &str) -> String {
    let ten_thousand = Decimal::from(10_000);
    match unit {
        "CNY" if d.abs() >= ten_thousand => format!("{}万元", group(d / ten_thousand)),
        "CNY" => format!("{}元", group(d)),
        "m2" => format!("{}㎡", group(d)),
        "persons" => format!("{}人", group(d)),
        "person-times" => format!("{}人次", group(d)),
        "percent" => format!("{}%", group(d)),
        "years" => format!("{}年", group(d)),
        "months" => format!("{}个月", group(d)),
        // A year is a label, not a quantity: no thousands separator.
        "year" => format!("{}年", d.normalize()),
        _ => group(d),
    }
}

/// Thousands separators on the integer part, trailing zeros of the fraction dropped:
/// 12500000 → `12,500,000`, 1250.50 → `1,250.5`.
fn group(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (sign, s) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = s.split_once('.').map_or((s, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
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
        assert_eq!(format_number(n("126"), "persons"), "126人");
        assert_eq!(format_number(n("54.0"), "percent"), "54%");
        assert_eq!(format_number(n("54.5"), "percent"), "54.5%");
        assert_eq!(format_number(n("12600"), "person-times"), "12,600人次");
        assert_eq!(format_number(n("2025"), "year"), "2025年");
        assert_eq!(format_number(n("-1234567.5"), "count"), "-1,234,567.5");
        assert_eq!(format_number(n("100"), "count"), "100");
    }

    #[test]
    fn labels_are_chinese() {
        assert_eq!(metric_label("staff.total"), "从业人员");
        assert_eq!(metric_label("no.such"), "no.such");
        assert_eq!(
            regime_label(Some("tech-base-platform")),
            "产业技术基础公共服务平台"
        );
        assert_eq!(regime_label(None), "未识别");
        assert!(
            intake_model::metrics()
                .iter()
                .all(|m| metric_label(m.key) != m.key),
            "a metric lacks a label"
        );
    }
}
