//! A name read by OCR one character off the applicant's typed name is the typed name (the engine
//! lacks a rare character); anything further off stays as read, for the officer to see.

use intake_facts::resolve_submission;
use intake_model::{Fact, ReadMethod, Value};

fn name(value: &str, doc: &str, method: ReadMethod) -> Fact {
    Fact {
        submission: "sub-1".into(),
        document: doc.into(),
        metric: "org.name".into(),
        value: Value::Text(value.into()),
        unit: "-".into(),
        page: Some(1),
        quote: format!("名称:{value}"),
        offset: [0, 0],
        period: None,
        method,
        approx: false,
        valid: None,
        note: None,
        precision: None,
    }
}

fn resolved(read: &str, typed: &str) -> Fact {
    let mut facts = vec![
        name(typed, "申报书.docx", ReadMethod::Form),
        name(read, "营业执照扫描件.pdf", ReadMethod::Ocr),
    ];
    resolve_submission(&mut facts);
    facts.remove(1)
}

#[test]
fn one_unknown_character_takes_the_typed_name_and_keeps_the_reading() {
    let f = resolved("西安翊宕仪器研究所", "西安翊宸仪器研究所");
    assert_eq!(f.value, Value::Text("西安翊宸仪器研究所".into()));
    assert_eq!(
        f.note.as_deref(),
        Some("OCR 读作“西安翊宕仪器研究所”，与申报材料所填名称仅第4字不同，取所填名称")
    );
    assert_eq!(
        f.quote, "名称:西安翊宕仪器研究所",
        "the quote is what the scan shows"
    );
}

#[test]
fn ascii_brackets_from_the_scan_do_not_count_as_differences() {
    let f = resolved("衡山信息技术(长沙)有眼公司", "衡山信息技术（长沙）有限公司");
    assert_eq!(f.value, Value::Text("衡山信息技术（长沙）有限公司".into()));
}

#[test]
fn two_differences_or_another_length_stay_as_read() {
    for read in [
        "西安翊宕仪器研究院",
        "西安翊宸仪器研究所分所",
        "西安翊宸仪器研究所",
    ] {
        let f = resolved(read, "西安羽宸仪器研究所");
        let same = read == "西安翊宸仪器研究所";
        // One character off (翊 for 羽) is taken only in the last case.
        assert_eq!(
            f.value == Value::Text("西安羽宸仪器研究所".into()),
            same,
            "{read}"
        );
    }
    // A typed name is never changed by another typed name.
    let mut facts = vec![
        name("西安翊宸仪器研究所", "申报书.docx", ReadMethod::Form),
        name("西安翊宕仪器研究所", "承诺书.docx", ReadMethod::Prose),
    ];
    resolve_submission(&mut facts);
    assert_eq!(facts[1].value, Value::Text("西安翊宕仪器研究所".into()));
}
