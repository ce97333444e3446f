//! `duplicate_text` across a batch and against the archive.

mod common;

use common::*;
use intake_integrity::{Archive, BatchChecker, DocSignature, SubmissionInput};
use intake_model::{Document, Evidence, Fact, Finding, FindingKind, Regime, Severity};

/// Form text every applicant carries.
const BOILER: &str = "根据《产业技术基础公共服务平台管理办法》的有关要求，本单位申报产业技术基础公共服务平台，现将有关情况报告如下。";
/// A passage sub-1 and sub-2 both wrote.
const COPIED: &str = "平台建有电磁兼容、环境可靠性和功率器件失效分析三个专业实验室，配备高低温湿热试验箱十二台，年均完成检测报告四千余份。";
/// What the evidence quotes: the shared run from its first to its last letter, and the 。 closing it.
const COPIED_QUOTE: &str = "平台建有电磁兼容、环境可靠性和功率器件失效分析三个专业实验室，配备高低温湿热试验箱十二台，年均完成检测报告四千余份。";

/// Each applicant's own words.
const OWN: [&str; 6] = [
    "甲公司主要从事工业软件测评，服务对象以汽车零部件企业为主。",
    "乙研究院长期承担计量校准任务，在华南地区设有两个工作站。",
    "丙中心依托省级重点实验室，围绕新材料开展标准验证工作。",
    "丁集团下属检测机构获得国家认可委员会认可，覆盖食品与化工。",
    "戊大学联合地方政府共建创新平台，聚焦集成电路封装可靠性。",
    "己协会组织行业专家编写团体标准，推动中小企业质量提升。",
];

fn facts_for(id: &str, name: &str, code: &str) -> Vec<Fact> {
    let mut n = text(
        "org.name",
        name,
        "申报书.docx",
        &format!("申报单位：{name}"),
    );
    let mut c = text(
        "org.credit_code",
        code,
        "申报书.docx",
        &format!("统一社会信用代码：{code}"),
    );
    n.submission = id.into();
    c.submission = id.into();
    vec![n, c]
}

struct Sub {
    id: &'static str,
    doc: Document,
    facts: Vec<Fact>,
}

fn sub(id: &'static str, i: usize, paragraphs: &[&str]) -> Sub {
    Sub {
        id,
        doc: doc(paragraphs),
        facts: facts_for(
            id,
            &format!("申报单位{i}有限公司"),
            &format!("9135010000000000{i:02}"),
        ),
    }
}

/// A checker that reports every shared run the detection guarantee promises (13 characters), so
/// these tests see what was found, not only what is worth reporting.
fn detecting(mut b: BatchChecker) -> BatchChecker {
    b.set_report_min_run(13);
    b
}

fn check(subs: &[Sub]) -> Vec<Finding> {
    let mut b = detecting(BatchChecker::new().regimes(common::regimes()));
    for s in subs {
        b.add(input(s));
    }
    b.finish().unwrap()
}

fn input(s: &Sub) -> SubmissionInput<'_> {
    SubmissionInput {
        submission: s.id,
        regime: Some(Regime::new("tech-base-platform")),
        documents: vec![("申报书.docx", &s.doc)],
        facts: &s.facts,
        thresholds: common::thresholds(),
    }
}

fn ev(sub: &str, quote: &str) -> Evidence {
    Evidence {
        submission: Some(sub.into()),
        document: "申报书.docx".into(),
        page: None,
        quote: quote.into(),
    }
}

fn four_with_copy() -> Vec<Sub> {
    vec![
        sub("sub-1", 1, &[BOILER, COPIED, OWN[0]]),
        sub("sub-2", 2, &[OWN[1], BOILER, COPIED]),
        sub("sub-3", 3, &[BOILER, OWN[2]]),
        sub("sub-4", 4, &[BOILER, OWN[3]]),
    ]
}

#[test]
fn copied_passage_is_found_with_both_sides_and_boilerplate_trimmed() {
    let found = check(&four_with_copy());
    assert_eq!(found.len(), 2, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.submission, "sub-1");
    assert_eq!(f.kind, FindingKind::DuplicateText);
    assert_eq!(f.rule, "integrity.duplicate_text");
    assert_eq!(f.severity, Severity::Fail);
    assert_eq!(f.regime, None);
    // The boilerplate sentence in front of the passage is carried by all four applicants and
    // is not part of the copy: the span starts at 平 and ends at 份.
    assert_eq!(
        f.evidence,
        vec![ev("sub-1", COPIED_QUOTE), ev("sub-2", COPIED_QUOTE)]
    );
    let chars = COPIED_QUOTE.chars().filter(|c| c.is_alphanumeric()).count();
    assert!(
        f.message.starts_with(&format!("与申报 sub-2（另一申报单位）有一段连续 {chars} 字的文字完全相同（报告门槛 13 字），共 1 处相同文字，除去多家共用的模板文字后共 {chars} 字，最长一处 {chars} 字，如 申报书.docx 与 申报书.docx 中“平台建有电磁兼容")),
        "{}",
        f.message
    );
    assert!(f.message.contains("MinHash 估计"));
    assert_eq!(found[1].submission, "sub-2");
    assert_eq!(
        found[1].evidence,
        vec![ev("sub-2", COPIED_QUOTE), ev("sub-1", COPIED_QUOTE)]
    );
}

#[test]
fn boilerplate_carried_by_many_applicants_is_not_copying() {
    let subs: Vec<Sub> = (0..4)
        .map(|i| {
            sub(
                ["sub-1", "sub-2", "sub-3", "sub-4"][i],
                i,
                &[BOILER, OWN[i]],
            )
        })
        .collect();
    assert!(check(&subs).is_empty());
}

/// 13 characters exactly, and how each applicant surrounds them.
const PHRASE13: &str = "数字化转型促进中心建设运营";

#[test]
fn a_thirteen_character_run_is_caught_between_two_applicants() {
    assert_eq!(PHRASE13.chars().count(), 13);
    let subs = vec![
        sub(
            "sub-1",
            1,
            &[&format!("我们负责{PHRASE13}，并已取得成效。"), OWN[0]],
        ),
        sub(
            "sub-2",
            2,
            &[&format!("由本院开展{PHRASE13}；计划三年完成。"), OWN[1]],
        ),
        sub("sub-3", 3, &[OWN[2]]),
    ];
    let found = check(&subs);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        found[0].evidence,
        vec![ev("sub-1", PHRASE13), ev("sub-2", PHRASE13)]
    );
}

#[test]
fn a_thirteen_character_phrase_that_is_boilerplate_is_not_flagged() {
    let subs = vec![
        sub(
            "sub-1",
            1,
            &[&format!("我们负责{PHRASE13}，并已取得成效。"), OWN[0]],
        ),
        sub(
            "sub-2",
            2,
            &[&format!("由本院开展{PHRASE13}；计划三年完成。"), OWN[1]],
        ),
        sub(
            "sub-3",
            3,
            &[&format!("围绕{PHRASE13}形成长效机制。"), OWN[2]],
        ),
    ];
    assert!(check(&subs).is_empty());
}

#[test]
fn a_twelve_character_run_is_below_the_threshold() {
    let twelve: String = PHRASE13.chars().take(12).collect();
    let subs = vec![
        sub("sub-1", 1, &[&format!("我们负责{twelve}，并已取得成效。")]),
        sub(
            "sub-2",
            2,
            &[&format!("由本院开展{twelve}；计划三年完成。")],
        ),
    ];
    assert!(check(&subs).is_empty());
}

#[test]
fn one_applicant_repeating_itself_across_submissions_is_not_copying() {
    let mut a = sub("sub-1", 1, &[COPIED, OWN[0]]);
    let b = sub("sub-2", 1, &[COPIED, OWN[1]]);
    a.facts = facts_for("sub-1", "申报单位1有限公司", "913501000000000001");
    // Not copying; the same applicant twice in one batch is its own (eligibility) finding.
    let found = check(&[a, b]);
    let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["integrity.same_applicant"], "{found:#?}");
}

#[test]
fn reference_text_is_boilerplate_even_for_two_applicants() {
    let rule = "已列入名录的服务平台有下述情形之一的，工业和信息化部将其从名录中移出并公布，3年内不受理其申报。";
    let subs = [
        sub("sub-1", 1, &[rule, OWN[0]]),
        sub("sub-2", 2, &[OWN[1], rule]),
    ];
    assert_eq!(check(&subs).len(), 2);
    let mut b = detecting(BatchChecker::new().regimes(common::regimes()));
    b.add_reference_text(&format!("第十九条  {rule}"));
    for s in &subs {
        b.add(input(s));
    }
    assert!(b.finish().unwrap().is_empty());
}

#[test]
fn copy_from_an_archived_batch_is_found_and_archive_round_trips() {
    let old = [sub("sub-7", 7, &[OWN[4], COPIED])];
    let mut first = detecting(BatchChecker::new().regimes(common::regimes()));
    first.add(input(&old[0]));
    assert!(first.finish().unwrap().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let archive = first.to_archive("2023-batch").unwrap();
    let path = archive.save(dir.path()).unwrap();
    assert!(path.ends_with("integrity.archive.json"));
    let loaded = Archive::load(dir.path()).unwrap();
    assert_eq!(loaded, archive);
    assert_eq!(loaded.to_json(), std::fs::read_to_string(&path).unwrap());
    // Loading the same archive twice (`--archive A --archive A`) keeps one copy.
    let mut twice = loaded.clone();
    twice.merge(loaded.clone());
    assert_eq!(twice, loaded);
    let missing = Archive::load(&dir.path().join("nowhere"))
        .unwrap_err()
        .to_string();
    assert!(
        missing.contains("nowhere/integrity.archive.json"),
        "{missing}"
    );

    let now = [sub("sub-1", 1, &[OWN[5], COPIED])];
    let mut second = detecting(BatchChecker::with_archive(loaded));
    second.add(input(&now[0]));
    let found = second.finish().unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].submission, "sub-1");
    assert_eq!(
        found[0].evidence,
        vec![
            ev("sub-1", COPIED_QUOTE),
            ev("2023-batch/sub-7", COPIED_QUOTE)
        ]
    );
    assert!(found[0].message.starts_with(
        "与往期批次 2023-batch 的申报 sub-7（另一申报单位）有一段连续 54 字的文字完全相同"
    ));
    // The next archive carries both batches.
    let next = second.to_archive("2024-batch").unwrap();
    let ids: Vec<(&str, &str)> = next
        .submissions
        .iter()
        .map(|s| (s.batch.as_str(), s.submission.as_str()))
        .collect();
    assert_eq!(ids, vec![("2023-batch", "sub-7"), ("2024-batch", "sub-1")]);
    // The streamed archive is the same file, byte for byte, and loads back to the same archive.
    let out = tempfile::tempdir().unwrap();
    let path = second.save_archive("2024-batch", out.path()).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), next.to_json());
    assert_eq!(Archive::load(out.path()).unwrap(), next);

    // Streamed a submission at a time, the archive gives the same submissions in the same
    // order, and a checker fed from the stream finds what one fed the loaded archive finds.
    let mut streamed = Vec::new();
    let frame = Archive::stream(out.path(), |s| streamed.push(s)).unwrap();
    assert_eq!(streamed, next.submissions);
    assert!(frame.submissions.is_empty());
    let mut fed = detecting(BatchChecker::new().regimes(common::regimes()));
    Archive::stream(dir.path(), |s| fed.add_archived(s)).unwrap();
    fed.add(input(&now[0]));
    assert_eq!(fed.finish().unwrap(), found);
}

#[test]
fn a_streamed_archive_refuses_a_newer_version_and_names_broken_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("integrity.archive.json");
    std::fs::write(&path, "{\"version\": 99, \"submissions\": [{\"junk\": 1}]}").unwrap();
    let mut seen = 0;
    let err = Archive::stream(dir.path(), |_| seen += 1).unwrap_err();
    assert!(
        matches!(
            err,
            intake_integrity::IntegrityError::Version { found: 99, .. }
        ),
        "{err}"
    );
    assert_eq!(seen, 0);
    std::fs::write(&path, "{\n\"version\": 1,\n\"submissions\": 7}").unwrap();
    let err = Archive::stream(dir.path(), |_| seen += 1)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3 column"), "{err}");
    std::fs::write(&path, "{\"version\": 1, \"submissions\": []} trailing").unwrap();
    assert!(Archive::stream(dir.path(), |_| seen += 1).is_err());
    assert_eq!(seen, 0);
}

#[test]
fn spill_files_in_a_missing_folder_are_a_clear_error() {
    let subs = four_with_copy();
    let gone = tempfile::tempdir().unwrap().path().join("gone");
    let mut b = detecting(BatchChecker::new().regimes(common::regimes())).spill_in(&gone);
    for s in &subs {
        b.add(input(s));
    }
    let err = b.finish().unwrap_err().to_string();
    assert!(err.starts_with("integrity spill files in "), "{err}");
    assert!(err.contains("gone"), "{err}");
}

#[test]
fn a_broken_archive_names_its_file_and_line() {
    let err = Archive::from_json(
        "{\n\"version\": 1,\n\"submissions\": 7}",
        std::path::Path::new("OUT_OLD/integrity.archive.json"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("integrity archive OUT_OLD/integrity.archive.json, line 3 column"),
        "{err}"
    );
}

/// A pipeline signs each document where its watchdog can stop it and hands the signatures over:
/// the checker uses them as given (a submission signed as if empty shares nothing), and a true
/// signature finds exactly what the checker's own would.
#[test]
fn signatures_made_beforehand_are_the_ones_compared() {
    let subs = four_with_copy();
    let own = check(&subs);
    assert!(!own.is_empty());
    let signed = |sig: &dyn Fn(&Sub) -> DocSignature| {
        let mut b = detecting(BatchChecker::new().regimes(common::regimes()));
        for s in &subs {
            b.add_prepared(BatchChecker::prepare_signed(input(s), vec![sig(s)]));
        }
        b.finish().unwrap()
    };
    assert_eq!(signed(&|s| DocSignature::of(&s.doc)), own);
    let blank = Document::default();
    assert_eq!(signed(&|_| DocSignature::of(&blank)), Vec::<Finding>::new());
}

#[test]
fn output_does_not_depend_on_the_order_submissions_are_added() {
    let subs = four_with_copy();
    let forward = check(&subs);
    let mut b = detecting(BatchChecker::new().regimes(common::regimes()));
    for s in subs.iter().rev() {
        b.add(input(s));
    }
    assert_eq!(b.finish().unwrap(), forward);
}

#[test]
fn a_passage_across_pdf_lines_is_one_run_quoted_with_its_page() {
    use intake_model::{Block, Page};
    let lines = [
        "附件二：平台建有电磁兼容、环境可靠性和功率",
        "器件失效分析三个专业实验室，配备高低温湿热试验箱十二台，",
        "年均完成检测报告四千余份。后续内容",
    ];
    let pdf = Document {
        pages: vec![
            Page {
                number: Some(1),
                blocks: vec![Block::paragraph(OWN[2])],
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            },
            Page {
                number: Some(2),
                blocks: lines.iter().map(|l| Block::paragraph(*l)).collect(),
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            },
        ],
        ..Document::default()
    };
    let a = sub("sub-1", 1, &[OWN[0], COPIED]);
    let b = Sub {
        id: "sub-2",
        doc: pdf,
        facts: facts_for("sub-2", "申报单位2有限公司", "913501000000000002"),
    };
    let found = check(&[a, b]);
    assert_eq!(found.len(), 2, "{found:#?}");
    let e = &found[0].evidence;
    assert_eq!(e[0], ev("sub-1", COPIED_QUOTE));
    assert_eq!(
        e[1],
        Evidence {
            submission: Some("sub-2".into()),
            document: "申报书.docx".into(),
            page: Some(2),
            quote: "平台建有电磁兼容、环境可靠性和功率\n器件失效分析三个专业实验室，配备高低温湿热试验箱十二台，\n年均完成检测报告四千余份。".into(),
        }
    );
}

/// What an officer is shown at the default threshold: a passage copied whole (one exact run of at
/// least 80 prose characters) raises; two applicants who share a sentence or two of the field's
/// wording do not.
#[test]
fn only_a_passage_copied_whole_is_reported() {
    // 81 letters and digits (what the copied-text check counts): two sentences written once and
    // pasted into both applications. The near miss drops two characters: 79.
    let long = format!("{COPIED}实验室另有专职技术人员二十名，负责设备日常维护与期间核查。");
    let near = format!("{COPIED}实验室另有专职技术人员二十名，负责设备日常维护与核查。");
    let batch = |passage: &str| {
        let subs = vec![
            sub("sub-1", 1, &[BOILER, passage, OWN[0]]),
            sub("sub-2", 2, &[OWN[1], BOILER, passage]),
            sub("sub-3", 3, &[BOILER, OWN[2]]),
            sub("sub-4", 4, &[BOILER, OWN[3]]),
        ];
        let mut b = BatchChecker::new().regimes(common::regimes());
        for s in &subs {
            b.add(input(s));
        }
        b.finish().unwrap()
    };
    let raised = batch(&long);
    assert_eq!(raised.len(), 2, "{raised:#?}");
    assert_eq!(raised[0].severity, Severity::Fail);
    assert!(
        raised[0]
            .message
            .contains("有一段连续 81 字的文字完全相同（报告门槛 80 字）"),
        "{}",
        raised[0].message
    );
    let quiet = batch(&near);
    assert!(quiet.is_empty(), "{quiet:#?}");
}

/// Submissions that are no application to any programme (annual reports and drafts sent as a
/// batch) share prescribed wording by design: not reported, however long the shared run.
#[test]
fn documents_that_are_no_application_are_not_judged_for_copying() {
    let long = format!("{COPIED}实验室另有专职技术人员二十名，负责设备日常维护与期间核查。");
    let subs = vec![
        sub("sub-1", 1, &[BOILER, &long, OWN[0]]),
        sub("sub-2", 2, &[OWN[1], BOILER, &long]),
        sub("sub-3", 3, &[BOILER, OWN[2]]),
    ];
    let mut b = BatchChecker::new().regimes(common::regimes());
    for s in &subs {
        let mut i = input(s);
        i.regime = None;
        b.add(i);
    }
    let found = b.finish().unwrap();
    assert!(found.is_empty(), "{found:#?}");
}

/// A submission of applicant `i` under its own folder name: a re-upload of the same application.
fn again(id: &'static str, i: usize, paragraphs: &[&str]) -> Sub {
    sub(id, i, paragraphs)
}

fn copied(found: Vec<Finding>) -> Vec<Finding> {
    found
        .into_iter()
        .filter(|f| f.kind == FindingKind::DuplicateText)
        .collect()
}

#[test]
fn exact_copies_of_a_document_make_one_finding_naming_every_submission_that_holds_it() {
    // Applicant 1 uploaded its application three times (sub-1a, sub-1b, sub-1c: the same
    // document), applicant 2 twice; the two applications share one passage. Pairwise that is
    // 3 × 2 pairs, two findings each; grouped, each of the five submissions has one finding
    // naming every submission of the other applicant.
    let one = [BOILER, COPIED, OWN[0]];
    let two = [OWN[1], BOILER, COPIED];
    let subs = vec![
        again("sub-1a", 1, &one),
        again("sub-1b", 1, &one),
        again("sub-1c", 1, &one),
        again("sub-2a", 2, &two),
        again("sub-2b", 2, &two),
        sub("sub-3", 3, &[BOILER, OWN[2]]),
        sub("sub-4", 4, &[BOILER, OWN[3]]),
    ];
    // (The same applicant's several applications are an eligibility finding of their own.)
    let found = copied(check(&subs));
    let who: Vec<&str> = found.iter().map(|f| f.submission.as_str()).collect();
    assert_eq!(
        who,
        ["sub-1a", "sub-1b", "sub-1c", "sub-2a", "sub-2b"],
        "{found:#?}"
    );
    // sub-1a's finding names sub-2a and, as a copy of it, sub-2b; the passage is quoted once.
    assert!(
        found[0]
            .message
            .contains("申报 sub-2a及另外 1 份含相同文字的申报（sub-2b）"),
        "{}",
        found[0].message
    );
    assert_eq!(
        found[0].evidence,
        vec![ev("sub-1a", COPIED_QUOTE), ev("sub-2a", COPIED_QUOTE)]
    );
    assert!(
        found[3]
            .message
            .contains("申报 sub-1a及另外 2 份含相同文字的申报（sub-1b、sub-1c）"),
        "{}",
        found[3].message
    );
}

#[test]
fn the_same_document_under_two_applicants_is_one_whole_copied_run() {
    // Two applicants hand in the very same text (one writer for both): an exact-copy group of
    // two applicants is aligned with itself, the whole text less the form sentence reported.
    let same = [BOILER, COPIED, OWN[4]];
    let subs = vec![
        sub("sub-1", 1, &same),
        sub("sub-2", 2, &same),
        sub("sub-3", 3, &[BOILER, OWN[2]]),
        sub("sub-4", 4, &[BOILER, OWN[3]]),
    ];
    let found = check(&subs);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].submission, "sub-1");
    assert!(
        found[0].message.contains("与申报 sub-2（另一申报单位）"),
        "{}",
        found[0].message
    );
    let quote = &found[0].evidence[0].quote;
    assert!(
        quote.contains("平台建有") && quote.contains(&OWN[4][..9]),
        "{quote}"
    );
    assert!(
        !quote.contains("根据《产业技术基础"),
        "boilerplate kept: {quote}"
    );
}

#[test]
fn a_document_sharing_one_paragraph_is_no_copy_of_it() {
    // Near miss of the grouping: sub-2 holds sub-1's passage but writes the rest itself. It is
    // its own document (a pair with the passage), and its re-upload sub-2b is named with it.
    let subs = vec![
        sub("sub-1", 1, &[BOILER, COPIED, OWN[0]]),
        again("sub-2", 2, &[OWN[1], BOILER, COPIED, OWN[5]]),
        again("sub-2b", 2, &[OWN[1], BOILER, COPIED, OWN[5]]),
        sub("sub-3", 3, &[BOILER, OWN[2]]),
        sub("sub-4", 4, &[BOILER, OWN[3]]),
    ];
    // (The same applicant's several applications are an eligibility finding of their own.)
    let found = copied(check(&subs));
    let who: Vec<&str> = found.iter().map(|f| f.submission.as_str()).collect();
    assert_eq!(who, ["sub-1", "sub-2", "sub-2b"], "{found:#?}");
    for f in &found {
        assert!(f.evidence.iter().all(|e| e.quote == COPIED_QUOTE), "{f:#?}");
    }
    assert!(
        found[1].message.contains("与申报 sub-1（另一申报单位）"),
        "{}",
        found[1].message
    );
}

/// `n` ideographs from a fixed generator, in sentences of 30: prose no other test text shares.
fn generated(seed: u64, n: usize) -> String {
    let mut s = seed;
    let mut out = String::new();
    for i in 0..n {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        out.push(char::from_u32(0x4E00 + ((s >> 33) % 6000) as u32).unwrap_or('一'));
        if i % 30 == 29 {
            out.push('。');
        }
    }
    out
}

#[test]
fn near_copies_of_one_text_are_each_reported() {
    // One text written for two applicants, each name put in at the start and in the middle
    // (near copies: grouped to be aligned together); applicant 1 also re-uploaded its copy
    // (an exact copy). Each copy is still reported against the other applicant, quoting the
    // text on both sides; applicants 3 and 4 wrote their own.
    let (head, tail) = (generated(7, 600), generated(8, 600));
    let copy = |i: usize| {
        vec![
            BOILER.to_string(),
            format!("本单位申报单位{i}有限公司{head}"),
            format!("申报单位{i}有限公司承诺{tail}"),
        ]
    };
    let texts: Vec<(&'static str, usize, Vec<String>)> = vec![
        ("sub-1", 1, copy(1)),
        ("sub-1b", 1, copy(1)),
        ("sub-2", 2, copy(2)),
        (
            "sub-3",
            3,
            vec![BOILER.into(), OWN[2].into(), generated(9, 900)],
        ),
        (
            "sub-4",
            4,
            vec![BOILER.into(), OWN[3].into(), generated(10, 900)],
        ),
    ];
    let subs: Vec<Sub> = texts
        .iter()
        .map(|(id, i, p)| sub(id, *i, &p.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let found = copied(check(&subs));
    let who: Vec<&str> = found.iter().map(|f| f.submission.as_str()).collect();
    assert_eq!(who, ["sub-1", "sub-1b", "sub-2"], "{found:#?}");
    for f in &found {
        // Both sides quoted, each from its own submission, the copied prose in the quotes.
        let sides: Vec<&str> = f
            .evidence
            .iter()
            .filter_map(|e| e.submission.as_deref())
            .collect();
        assert!(sides.contains(&f.submission.as_str()), "{f:#?}");
        assert!(sides.iter().any(|s| *s != f.submission), "{f:#?}");
        assert!(
            f.evidence
                .iter()
                .any(|e| e.quote.contains(&head[..30]) || e.quote.contains(&tail[..30])),
            "{f:#?}"
        );
    }
    // sub-2's finding names applicant 1's copy and its re-upload.
    assert!(
        found[2]
            .message
            .contains("申报 sub-1及另外 1 份含相同文字的申报（sub-1b）"),
        "{}",
        found[2].message
    );
}

/// The report's offline text pages ask the checker for the cited documents only: those come
/// back with their pages, in submission order; other documents, other submissions and the
/// archive's are left unread.
#[test]
fn each_current_gives_back_only_the_documents_asked_for() {
    let old = [sub("sub-0", 9, &[OWN[3]])];
    let mut first = BatchChecker::new().regimes(common::regimes());
    first.add(input(&old[0]));
    let archive = first.to_archive("2023-batch").unwrap();
    let mut b = BatchChecker::with_archive(archive);
    let (form, annex) = (doc(&[OWN[0]]), doc(&[OWN[1], OWN[2]]));
    let facts = facts_for("sub-2", "申报单位2有限公司", "913501000000000002");
    let two = SubmissionInput {
        submission: "sub-2",
        regime: Some(Regime::new("tech-base-platform")),
        documents: vec![("申报书.docx", &form), ("附件/证明.docx", &annex)],
        facts: &facts,
        thresholds: common::thresholds(),
    };
    let one = [sub("sub-1", 1, &[OWN[4]])];
    // Added out of id order: each_current gives them back sorted by id.
    b.add(two);
    b.add(input(&one[0]));
    let mut seen = Vec::new();
    b.each_current(
        |s, d| d == "附件/证明.docx" || (s == "sub-1" && d == "申报书.docx") || s == "sub-0",
        |s| {
            for d in &s.documents {
                let text: Vec<&str> = d.pages.iter().map(|p| p.text.as_str()).collect();
                seen.push((s.submission.clone(), d.document.clone(), text.join("|")));
            }
            Ok(())
        },
    )
    .unwrap();
    let page = |paragraphs: &[&str]| doc(paragraphs).pages[0].text();
    assert_eq!(
        seen,
        vec![
            ("sub-1".into(), "申报书.docx".into(), page(&[OWN[4]])),
            (
                "sub-2".into(),
                "附件/证明.docx".into(),
                page(&[OWN[1], OWN[2]])
            ),
        ]
    );
    // Asking for nothing reads nothing.
    let mut calls = 0;
    b.each_current(
        |_, _| false,
        |_| {
            calls += 1;
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(calls, 0);
}
