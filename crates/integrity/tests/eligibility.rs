//! `eligibility`, shared rsidRoot and foreign author accounts, one credit code for two names.

mod common;

use common::*;
use intake_integrity::{Archive, BatchChecker, SubmissionInput, UnitRecord};
use intake_model::{DocMeta, Document, Evidence, Fact, Finding, FindingKind, Regime, Severity};

struct Sub {
    id: &'static str,
    regime: Regime,
    doc: Document,
    facts: Vec<Fact>,
}

fn sub(id: &'static str, regime: Regime, name: &str, code: &str, date: &str) -> Sub {
    let mut facts = vec![
        text(
            "org.name",
            name,
            "申报书.docx",
            &format!("申报单位：{name}"),
        ),
        text(
            "org.credit_code",
            code,
            "申报书.docx",
            &format!("统一社会信用代码：{code}"),
        ),
        app_date(date),
    ];
    for f in &mut facts {
        f.submission = id.into();
    }
    Sub {
        id,
        regime,
        doc: doc(&[&format!("{id} 的申报材料正文")]),
        facts,
    }
}

fn batch(archive: Option<Archive>, subs: &[Sub]) -> Vec<Finding> {
    let mut b = archive
        .map(BatchChecker::with_archive)
        .unwrap_or_default()
        .regimes(common::regimes());
    for s in subs {
        b.add(SubmissionInput {
            submission: s.id,
            regime: Some(s.regime.clone()),
            documents: vec![("申报书.docx", &s.doc)],
            facts: &s.facts,
            thresholds: common::thresholds(),
        });
    }
    b.finish().unwrap()
}

fn ev(sub: &str, quote: &str) -> Evidence {
    Evidence {
        submission: Some(sub.into()),
        document: "申报书.docx".into(),
        page: None,
        quote: quote.into(),
    }
}

const UNIT: &str = "福州智造职业技术学院";
const CODE: &str = "52350000MJ0000001X";

#[test]
fn one_responsible_unit_two_training_bases_in_one_batch() {
    let subs = [
        sub(
            "sub-1",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-12",
        ),
        sub(
            "sub-3",
            Regime::new("iia-training-base"),
            "厦门数联科技有限公司",
            "91350200MA0000002Y",
            "2024-05-12",
        ),
    ];
    let found = batch(None, &subs);
    assert_eq!(found.len(), 2, "{found:#?}");
    let f = &found[0];
    assert_eq!(
        (f.submission.as_str(), f.kind, f.severity),
        ("sub-1", FindingKind::Eligibility, Severity::Fail)
    );
    assert_eq!(f.rule, "itb.one-per-cycle");
    assert_eq!(f.article.as_deref(), Some("第八条"));
    assert_eq!(
        f.message,
        "责任单位“福州智造职业技术学院”在同一评估周期（3 年，第二十三条）内另有实训基地申报：sub-2。第八条规定一个责任单位在一个评估周期内仅可以申请一个联盟实训基地"
    );
    assert_eq!(
        f.evidence,
        vec![
            ev("sub-1", "申报单位：福州智造职业技术学院"),
            ev("sub-1", "统一社会信用代码：52350000MJ0000001X"),
            ev("sub-2", "申报单位：福州智造职业技术学院"),
            ev("sub-2", "统一社会信用代码：52350000MJ0000001X"),
        ]
    );
    assert_eq!(found[1].submission, "sub-2");
    // The same unit applying for a training base and a lab: no conflict.
    let mixed = [
        sub(
            "sub-1",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-10",
        ),
        sub("sub-2", Regime::new("iia-lab"), UNIT, CODE, "2024-05-12"),
    ];
    assert!(batch(None, &mixed).is_empty());
}

fn archived(regime: Regime, date: &str) -> Archive {
    let mut first = BatchChecker::new().regimes(common::regimes());
    let old = sub("sub-9", regime.clone(), UNIT, CODE, date);
    first.add(SubmissionInput {
        submission: old.id,
        regime: Some(regime),
        documents: vec![("申报书.docx", &old.doc)],
        facts: &old.facts,
        thresholds: common::thresholds(),
    });
    first.to_archive("2022").unwrap()
}

#[test]
fn training_base_in_the_archive_within_the_cycle() {
    let now = [sub(
        "sub-1",
        Regime::new("iia-training-base"),
        UNIT,
        CODE,
        "2024-05-10",
    )];
    let found = batch(
        Some(archived(Regime::new("iia-training-base"), "2022-09-01")),
        &now,
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0]
            .message
            .contains("另有实训基地申报：往期批次 2022 的 sub-9"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].evidence[2],
        ev("2022/sub-9", "申报单位：福州智造职业技术学院")
    );
    // Three years and more ago: the next cycle.
    assert!(
        batch(
            Some(archived(Regime::new("iia-training-base"), "2021-05-10")),
            &now
        )
        .is_empty()
    );
}

#[test]
fn platform_removed_within_three_years_is_debarred() {
    let removal = |date: &str| {
        let mut a = Archive::new();
        a.removed.push(UnitRecord {
            org_name: "福州计量检测有限公司".into(),
            credit_code: Some("91350100MA0000003K".into()),
            regime: Regime::new("tech-base-platform"),
            date: Some(date.into()),
            reason: "提供虚假材料".into(),
        });
        a
    };
    let now = [sub(
        "sub-1",
        Regime::new("tech-base-platform"),
        "福州计量检测有限公司",
        "91350100MA0000003K",
        "2024-05-10",
    )];
    let found = batch(Some(removal("2022-11-01")), &now);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule, "tbp.debarred");
    assert_eq!(found[0].severity, Severity::Fail);
    assert_eq!(found[0].article.as_deref(), Some("第十九条"));
    assert_eq!(
        found[0].message,
        "申报单位“福州计量检测有限公司”已于 2022-11-01 被移出服务平台名录（提供虚假材料），第十九条规定移出后 3 年内不受理其申报"
    );
    assert!(batch(Some(removal("2021-05-01")), &now).is_empty());
}

#[test]
fn branch_of_a_recognised_platform() {
    let mut a = Archive::new();
    a.recognised.push(UnitRecord {
        org_name: "中国电子技术标准化研究院".into(),
        credit_code: None,
        regime: Regime::new("tech-base-platform"),
        date: Some("2021-12-01".into()),
        reason: String::new(),
    });
    let now = [sub(
        "sub-1",
        Regime::new("tech-base-platform"),
        "中国电子技术标准化研究院华东分院",
        "12100000400000001A",
        "2024-05-10",
    )];
    let found = batch(Some(a.clone()), &now);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].severity),
        ("tbp.branch", Severity::Warn)
    );
    assert_eq!(found[0].article.as_deref(), Some("第二十条"));
    let other = [sub(
        "sub-1",
        Regime::new("tech-base-platform"),
        "中国信息通信研究院",
        "12100000400000002B",
        "2024-05-10",
    )];
    assert!(batch(Some(a), &other).is_empty());
}

#[test]
fn shared_rsid_root_across_applicants() {
    let mut subs = [
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "甲科技有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("iia-lab"),
            "乙信息有限公司",
            "91350100MA0000005B",
            "2024-05-10",
        ),
    ];
    for s in &mut subs {
        s.doc.meta = DocMeta {
            rsid_root: Some("00A1B2C3".into()),
            ..DocMeta::default()
        };
    }
    let found = batch(None, &subs);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        (found[0].kind, found[0].severity),
        (FindingKind::MetadataAnomaly, Severity::Warn)
    );
    assert_eq!(
        found[0].message,
        "申报书.docx 与申报 sub-2 的 申报书.docx 的 DOCX 修订根标识 rsidRoot 同为 00A1B2C3，两份文件出自同一源文件（不相关文件偶合约 2%），请核实是否由同一方编制"
    );
    assert_eq!(
        found[0].evidence,
        vec![
            ev("sub-1", "w:rsidRoot: 00A1B2C3"),
            ev("sub-2", "w:rsidRoot: 00A1B2C3")
        ]
    );
    // The same applicant's two submissions may share a source file.
    subs[1].facts = subs[0].facts.clone();
    assert!(
        batch(None, &subs)
            .iter()
            .all(|f| f.kind != FindingKind::MetadataAnomaly)
    );
}

#[test]
fn author_account_naming_another_applicant() {
    let mut subs = [
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "甲科技有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("iia-lab"),
            "福建乙方信息技术有限公司",
            "91350100MA0000005B",
            "2024-05-10",
        ),
    ];
    subs[0].doc.meta = DocMeta {
        author: Some("福建乙方信息技术-王工".into()),
        ..DocMeta::default()
    };
    let found = batch(None, &subs);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "申报书.docx 的文档属性 author 为“福建乙方信息技术-王工”，指向另一申报单位“福建乙方信息技术有限公司”（申报 sub-2），请核实材料是否由其代为编制"
    );
    assert_eq!(
        found[0].evidence[0],
        ev("sub-1", "author: 福建乙方信息技术-王工")
    );
    // An account naming the applicant itself is expected.
    subs[0].doc.meta.author = Some("甲科技-李四".into());
    assert!(batch(None, &subs).is_empty());
}

#[test]
fn one_credit_code_for_two_organisation_names() {
    let subs = [
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "甲科技有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("promotion-center"),
            "丙数据服务有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
    ];
    let found = batch(None, &subs);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].kind, FindingKind::InvalidIdentifier);
    assert_eq!(
        found[0].message,
        "统一社会信用代码 91350100MA0000004A 在本申报中对应“甲科技有限公司”，在申报 sub-2 中对应“丙数据服务有限公司”：同一代码对应两个单位名称，请核实申报主体"
    );
    assert_eq!(found[0].evidence.len(), 4);
    // A short and a full name under one code are the same organisation.
    let near = [
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "甲科技有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("promotion-center"),
            "福建甲科技有限公司",
            "91350100MA0000004A",
            "2024-05-10",
        ),
    ];
    assert!(batch(None, &near).is_empty());
}

fn same_applicant(found: &[Finding]) -> Vec<&Finding> {
    found
        .iter()
        .filter(|f| f.rule == "integrity.same_applicant")
        .collect()
}

#[test]
fn the_same_applicant_twice_in_one_batch_is_one_warning_per_group() {
    const LAB: &str = "泉州工业互联网研究院有限公司";
    let subs = [
        // Same code, the name written with a space: one applicant.
        sub(
            "sub-3",
            Regime::new("iia-lab"),
            LAB,
            "91350500MA0000003Q",
            "2024-05-10",
        ),
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "泉州工业互联网 研究院有限公司",
            "91350500MA0000003Q",
            "2024-05-10",
        ),
        // Same name, another code: still the same unit (and an invalid_identifier finding).
        sub(
            "sub-2",
            Regime::new("iia-lab"),
            LAB,
            "91350500MA0000004R",
            "2024-05-11",
        ),
        sub(
            "sub-4",
            Regime::new("iia-lab"),
            "漳州数据服务有限公司",
            "91350600MA0000005T",
            "2024-05-11",
        ),
    ];
    let found = batch(None, &subs);
    let twice = same_applicant(&found);
    assert_eq!(twice.len(), 1, "{found:#?}");
    let f = twice[0];
    assert_eq!(
        (
            f.submission.as_str(),
            f.kind,
            f.severity,
            f.regime.as_deref()
        ),
        ("sub-1", FindingKind::Eligibility, Severity::Warn, None)
    );
    assert_eq!(f.metric.as_deref(), Some("org.name"));
    assert_eq!(
        f.message,
        "同一申报单位在本批次中有 3 份工业互联网产业联盟实验室申报（单位名称相同）：sub-1（泉州工业互联网 研究院有限公司，91350500MA0000003Q）、sub-2（泉州工业互联网研究院有限公司，91350500MA0000004R）、sub-3（泉州工业互联网研究院有限公司，91350500MA0000003Q）。一个单位在一个申报周期内只应提交一份申报，请核实是否重复上传或重复申报"
    );
    let quoted: Vec<&str> = f
        .evidence
        .iter()
        .map(|e| e.submission.as_deref().unwrap())
        .collect();
    assert_eq!(
        quoted,
        ["sub-1", "sub-1", "sub-2", "sub-2", "sub-3", "sub-3"]
    );
    assert_eq!(
        f.evidence[2],
        ev("sub-2", "申报单位：泉州工业互联网研究院有限公司")
    );
    // A pair sharing only the code names the code.
    let pair = [
        sub(
            "sub-1",
            Regime::new("promotion-center"),
            LAB,
            "91350500MA0000003Q",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("promotion-center"),
            "泉州工业互联网研究院",
            "91350500MA0000003Q",
            "2024-05-10",
        ),
    ];
    let found = batch(None, &pair);
    let twice = same_applicant(&found);
    assert_eq!(twice.len(), 1, "{found:#?}");
    assert_eq!(twice[0].metric.as_deref(), Some("org.credit_code"));
    assert!(twice[0].message.contains("（统一社会信用代码相同）"));
}

#[test]
fn near_misses_of_the_same_applicant_draw_nothing() {
    // Different names and codes.
    let distinct = [
        sub(
            "sub-1",
            Regime::new("iia-lab"),
            "福州甲科技有限公司",
            "91350100MA0000006U",
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("iia-lab"),
            "福州乙科技有限公司",
            "91350100MA0000007W",
            "2024-05-10",
        ),
    ];
    assert!(batch(None, &distinct).is_empty());
    // The same unit under two programs in one batch: two programs, one application each.
    let programs = [
        sub("sub-1", Regime::new("iia-lab"), UNIT, CODE, "2024-05-10"),
        sub(
            "sub-2",
            Regime::new("tech-base-platform"),
            UNIT,
            CODE,
            "2024-05-10",
        ),
    ];
    assert!(batch(None, &programs).is_empty());
    // The same unit in an earlier batch (another cycle): not twice in this batch.
    let now = [sub(
        "sub-1",
        Regime::new("iia-lab"),
        UNIT,
        CODE,
        "2024-05-10",
    )];
    let found = batch(Some(archived(Regime::new("iia-lab"), "2023-05-10")), &now);
    assert!(same_applicant(&found).is_empty(), "{found:#?}");
}

#[test]
fn two_training_bases_of_one_unit_are_the_training_base_rule_alone() {
    let subs = [
        sub(
            "sub-1",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-10",
        ),
        sub(
            "sub-2",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-12",
        ),
        sub(
            "sub-3",
            Regime::new("iia-training-base"),
            UNIT,
            CODE,
            "2024-05-12",
        ),
    ];
    let found = batch(None, &subs);
    assert!(same_applicant(&found).is_empty(), "{found:#?}");
    assert_eq!(found.len(), 3);
    assert!(found.iter().all(|f| f.rule == "itb.one-per-cycle"));
}
