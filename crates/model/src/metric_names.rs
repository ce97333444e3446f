//! The Chinese name of each metric of the registry, as officers and reports say it.

/// The Chinese name of a `metrics.tsv` key (从业人员 for `staff.total`), `None` for a key that is
/// not one. The spec's label column mixes labels with notes (`单位性质/类型: 企业, …`,
/// `近5年承担国家级科研项目 ...项`), so the names are written out here; a unit test checks that
/// every key of the registry has one.
pub fn metric_name(key: &str) -> Option<&'static str> {
    match key {
        "org.name" => Some("申报单位名称"),
        "org.credit_code" => Some("统一社会信用代码"),
        "org.founded" => Some("成立日期"),
        "org.legal_entity" => Some("独立法人资格"),
        "org.kind" => Some("单位性质"),
        "application.date" => Some("申报日期"),
        "report.year" => Some("报告年度"),
        "staff.total" => Some("从业人员"),
        "staff.operating" => Some("运营人员"),
        "staff.phd" => Some("博士"),
        "staff.masters" => Some("硕士"),
        "staff.senior_title" => Some("高级职称"),
        "staff.masters_or_mid_title" => Some("硕士或中级职称以上人员"),
        "staff.masters_or_mid_title_pct" => Some("硕士或中级职称以上人员占比"),
        "staff.qualified_pct" => Some("具有从业资质和科研成果的人员比例"),
        "director.name" => Some("主任（负责人）"),
        "director.birth_date" => Some("主任出生日期"),
        "director.age" => Some("主任年龄"),
        "director.months_per_year" => Some("主任每年工作时间"),
        "equipment.original_value" => Some("仪器设备原值"),
        "equipment.current_value" => Some("仪器设备现值"),
        "revenue.service_annual" => Some("年服务收入"),
        "revenue.total_annual" => Some("年营业收入"),
        "business.tech_base_pct" => Some("产业技术基础服务业务占比"),
        "facility.area_m2" => Some("科研（实训）用房面积"),
        "training.capacity" => Some("可同时容纳实训人数"),
        "training.trainees_last_year" => Some("上年度培训实训规模"),
        "service.years" => Some("产业技术基础服务经历"),
        "service.cases" => Some("具有行业影响力的服务案例"),
        "projects.national_5y" => Some("近5年承担国家级科研项目"),
        "projects.national_amount_5y" => Some("近5年国家级项目总金额"),
        "projects.national_or_provincial_3y" => Some("近3年承担国家级或省部级项目"),
        "outputs.ip_total" => Some("专利、软著、标准等成果"),
        "outputs.patents" => Some("专利"),
        "outputs.software_copyrights" => Some("软件著作权"),
        "outputs.standards" => Some("标准制修订"),
        "standards.led_3y" => Some("近3年主导制修订标准"),
        "achievements.transferred_3y" => Some("近3年累计转化科技成果"),
        "services.quality_amount_3y" => Some("质量技术服务金额"),
        "operation.years" => Some("已运行年限"),
        "enterprises.served_last_year" => Some("上年度服务企业"),
        "sme.partners" => Some("生态合作中小企业"),
        "sme.served_last_year" => Some("上年度服务中小企业"),
        "sme.preferential_last_year" => Some("享受优惠的中小企业"),
        "sme.solutions" => Some("面向中小企业的解决方案"),
        "large_enterprises.collab" => Some("协同转型的大企业"),
        "sme.collab" => Some("协同转型的中小企业"),
        "matchmaking.events_last_year" => Some("上年度供需对接活动"),
        "events.held" => Some("人才赛事、高峰论坛等活动"),
        "products.incubated_classes" => Some("孵化新产品类别"),
        "products.adopters" => Some("新产品使用企业"),
        "models.industry" => Some("汇聚行业模型"),
        "consulting.regions" => Some("诊断咨询覆盖地区"),
        "consulting.industries" => Some("诊断咨询覆盖行业"),
        "tech_fields.leading" => Some("领先的重点技术领域"),
        "partners.universities_institutes" => Some("合作高校或科研院所"),
        "partners.national_labs" => Some("合作国家级实验室/工程研究中心"),
        "research.open_topics_last_year" => Some("上年度开放课题研究"),
        "opensource.communities" => Some("开源社区"),
        "suppliers.partners" => Some("生态运营伙伴（供给侧企业）"),
        "suppliers.head" => Some("其中头部企业"),
        "suppliers.specialized" => Some("其中专精特新企业"),
        "industry_education.cooperations_last_year" => Some("上年度产教合作"),
        "competition.teams" => Some("参赛队伍"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_metric_has_a_chinese_name() {
        for m in crate::metrics() {
            let name = super::metric_name(m.key).unwrap_or_else(|| panic!("{} has no name", m.key));
            assert!(
                name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name}"
            );
        }
        assert_eq!(super::metric_name("staff.total"), Some("从业人员"));
        assert_eq!(super::metric_name("floor_area"), None);
    }
}
