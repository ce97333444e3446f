use super::*;
use proptest::prelude::*;

fn q(s: &str) -> (String, Unit, bool) {
    let q = parse_quantity(s).unwrap_or_else(|| panic!("{s} did not parse"));
    (q.value.to_string(), q.unit, q.approx)
}

fn val(s: &str) -> String {
    q(s).0
}

#[test]
fn arabic_and_scaled_money() {
    assert_eq!(q("1,250万元"), ("12500000".into(), Unit::Cny, false));
    assert_eq!(q("0.35亿元"), ("35000000".into(), Unit::Cny, false));
    assert_eq!(q("16.4亿元"), ("1640000000".into(), Unit::Cny, false));
    assert_eq!(val("5,200万元"), "52000000");
    assert_eq!(val("1.2万元"), "12000");
    assert_eq!(val("3千万元"), "30000000");
    assert_eq!(val("13万2元"), "132000");
    assert_eq!(val("1万2000人"), "12000");
    assert_eq!(val("800千元"), "800000");
    assert_eq!(val("1,500.50万元"), "15005000");
    // 伍 (financial 5) right before Arabic digits does not eat the 1 of 1,150.
    let qs = find_quantities("参赛队伍1,150支");
    assert_eq!((qs.len(), qs[0].value), (1, Decimal::from(1150)));
    // PDF text spaces figures from units.
    assert_eq!(q("2,460 万元"), ("24600000".into(), Unit::Cny, false));
    assert_eq!(q("88 人"), ("88".into(), Unit::Persons, false));
    assert_eq!(q("58.0 %"), ("58".into(), Unit::Percent, false));
}

#[test]
fn financial_and_chinese_numerals() {
    assert_eq!(
        q("壹仟贰佰伍拾万元整"),
        ("12500000".into(), Unit::Cny, false)
    );
    assert_eq!(q("一百零五人"), ("105".into(), Unit::Persons, false));
    assert_eq!(val("两千人"), "2000");
    assert_eq!(val("一万二千五百人"), "12500");
    assert_eq!(val("十五点八万元"), "158000");
    assert_eq!(val("两千五百平方米"), "2500");
    assert_eq!(val("两千五人"), "2500");
    assert_eq!(val("一亿零五元"), "100000005");
    assert_eq!(
        parse_numeral("一万亿"),
        Some(Decimal::from(1_000_000_000_000u64))
    );
    assert_eq!(parse_numeral("十"), Some(Decimal::from(10)));
    assert_eq!(parse_numeral("零"), Some(Decimal::ZERO));
}

#[test]
fn units_fold_to_canonical() {
    assert_eq!(q("3,000㎡"), ("3000".into(), Unit::SquareMetre, false));
    assert_eq!(q("3200平方米").1, Unit::SquareMetre);
    assert_eq!(q("3200m²").1, Unit::SquareMetre);
    assert_eq!(q("3200m2").1, Unit::SquareMetre);
    assert_eq!(q("3200平米").1, Unit::SquareMetre);
    assert_eq!(q("１２６人"), ("126".into(), Unit::Persons, false));
    assert_eq!(q("126名").1, Unit::Persons);
    assert_eq!(q("12位").1, Unit::Persons);
    assert_eq!(q("2000人次"), ("2000".into(), Unit::PersonTimes, false));
    for (s, w) in [
        ("5项", "项"),
        ("3个", "个"),
        ("10家", "家"),
        ("4次", "次"),
        ("6场", "场"),
        ("20支", "支"),
        ("3类", "类"),
    ] {
        assert_eq!(q(s).1, Unit::Count(w), "{s}");
    }
    assert_eq!(q("54%"), ("54".into(), Unit::Percent, false));
    assert_eq!(q("54.5％"), ("54.5".into(), Unit::Percent, false));
    assert_eq!(q("百分之五十四"), ("54".into(), Unit::Percent, false));
    assert_eq!(q("百分之五十四点五"), ("54.5".into(), Unit::Percent, false));
    assert_eq!(q("3年").1, Unit::Years);
    assert_eq!(q("6个月").1, Unit::Months);
    assert_eq!(q("2023年").1, Unit::Other);
    assert_eq!(q("126"), ("126".into(), Unit::Bare, false));
}

#[test]
fn approximations_are_flagged_never_exact() {
    let a = parse_quantity("2000余人").unwrap();
    assert_eq!(
        (a.value, a.approx, a.marker),
        (Decimal::from(2000), true, Some("余"))
    );
    let b = parse_quantity("近百家").unwrap();
    assert_eq!(
        (b.value, b.approx, b.unit),
        (Decimal::from(100), true, Unit::Count("家"))
    );
    let c = parse_quantity("两三个").unwrap();
    assert_eq!((c.value, c.approx), (Decimal::from(2), true));
    assert!(parse_quantity("约50人").unwrap().approx);
    assert!(parse_quantity("100人以上").unwrap().approx);
    assert!(parse_quantity("2000多人").unwrap().approx);
    assert_eq!(val("2000余万元"), "20000000");
    assert!(find_quantities("数十家企业").is_empty());
}

#[test]
fn idioms_and_names_are_not_numbers() {
    assert!(parse_quantity("统一零售价").is_none());
    assert!(find_quantities("统一零售价").is_empty());
    assert!(find_quantities("建设一流的第一个平台，推进一体化，第十一次会议").is_empty());
    assert!(find_quantities("“十四五”期末，入选千人计划").is_empty());
    assert!(find_quantities("ISO9001认证，5G网络，91350100M000100Y43").is_empty());
}

#[test]
fn ocr_noise_is_read_and_marked() {
    let qs = find_quantities("新产品被S00家以上企业使用，1S项");
    assert_eq!(qs.len(), 2);
    assert_eq!(
        (qs[0].value, qs[0].ocr_corrected),
        (Decimal::from(500), true)
    );
    assert_eq!(qs[1].value, Decimal::from(15));
}

#[test]
fn offsets_are_character_offsets() {
    let text = "从业人员共计126人，其中硕士及以上学历68人，占比54%";
    let qs = find_quantities(text);
    let spans: Vec<String> = qs
        .iter()
        .map(|q| text.chars().skip(q.start).take(q.end - q.start).collect())
        .collect();
    assert_eq!(spans, ["126人", "68人", "54%"]);
}

#[test]
fn formatter_writes_standard_forms() {
    assert_eq!(to_chinese(105), "一百零五");
    assert_eq!(to_chinese(10), "十");
    assert_eq!(to_chinese(12500), "一万二千五百");
    assert_eq!(to_chinese(100010), "十万零一十");
    assert_eq!(to_chinese(1_000_000_000_000), "一万亿");
}

proptest! {
    #[test]
    fn chinese_numerals_round_trip(n in 0u64..=1_000_000_000_000u64) {
        prop_assert_eq!(parse_numeral(&to_chinese(n)), Some(Decimal::from(n)));
    }

    #[test]
    fn small_chinese_numerals_round_trip(n in 0u64..=100_000u64) {
        prop_assert_eq!(parse_numeral(&to_chinese(n)), Some(Decimal::from(n)));
    }

    #[test]
    fn arabic_with_separators_round_trip(n in 0u64..=10_000_000_000u64) {
        let s = n.to_string();
        let mut grouped = String::new();
        for (k, c) in s.chars().enumerate() {
            if k > 0 && (s.len() - k) % 3 == 0 { grouped.push(','); }
            grouped.push(c);
        }
        let q = parse_quantity(&format!("{grouped}元")).unwrap();
        prop_assert_eq!(q.value, Decimal::from(n));
    }
}

#[test]
fn a_minus_sign_is_never_dropped() {
    // A head-count, an area or a count below zero is no figure: nothing is read.
    for s in [
        "-120人",
        "−120人",
        "－120人",
        "-1,200平方米",
        "-3项",
        "-2年",
    ] {
        assert!(parse_quantity(s).is_none(), "{s}");
    }
    let qs = find_quantities("从业人员总数为-120人");
    assert!(qs.is_empty(), "{qs:?}");
    // Money, percentages and bare figures keep their sign.
    assert_eq!(q("-120万元"), ("-1200000".into(), Unit::Cny, false));
    assert_eq!(q("-5.2%"), ("-5.2".into(), Unit::Percent, false));
    assert_eq!(q("-17"), ("-17".into(), Unit::Bare, false));
    let qs = find_quantities("净利润-120万元");
    assert_eq!(
        (qs.len(), qs[0].value, qs[0].start),
        (1, Decimal::from(-1_200_000), 3)
    );
    // A hyphen between figures is a range or a code, not a sign.
    let qs = find_quantities("2021-2023年共培训120-150人");
    assert!(qs.iter().all(|q| q.value >= Decimal::ZERO), "{qs:?}");
    assert!(
        qs.iter()
            .any(|q| q.value == Decimal::from(150) && q.unit == Unit::Persons)
    );
}
