//! The reader on the real corpus (`../shared/corpora/real/reference`: poppler's text of real
//! Chinese PDFs and DOCX — annual reports, notices, forms): it never panics, every quote stands at
//! its offsets, and the figures below, checked by hand against the documents, come out exactly.
//! Pages are split on form feed, one paragraph per line (the shape of `pdftotext` output).

use intake_facts::Reader;
use intake_facts::quantity::find_quantities;
use intake_model::{Block, Document, Fact, Page, Value};
use std::path::PathBuf;

fn reference() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real/reference");
    dir.is_dir().then_some(dir)
}

fn document(text: &str) -> Document {
    let pages = text
        .split('\x0c')
        .enumerate()
        .map(|(i, p)| Page {
            number: Some(i as u32 + 1),
            blocks: p
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(Block::paragraph)
                .collect(),
            language: None,
            has_text_layer: true,
            unmapped_glyphs: 0,
        })
        .collect();
    Document {
        pages,
        ..Default::default()
    }
}

fn find<'a>(facts: &'a [Fact], metric: &str, page: u32, quote: &str) -> &'a Fact {
    facts
        .iter()
        .find(|f| f.metric == metric && f.page == Some(page) && f.quote.contains(quote))
        .unwrap_or_else(|| panic!("{metric} “{quote}” on page {page} not read"))
}

#[test]
fn real_documents_read_without_panics_and_hand_checked_figures_hold() {
    let Some(dir) = reference() else {
        eprintln!("skipping: ../shared/corpora/real/reference not found");
        return;
    };
    let reader = Reader::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let mut by_name = std::collections::BTreeMap::new();
    for path in &names {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let doc = document(&text);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let facts = reader.read("real", &name, &doc);
        for f in &facts {
            let page = &doc.pages[f.page.unwrap() as usize - 1];
            let at: String = page
                .text()
                .chars()
                .skip(f.offset[0])
                .take(f.offset[1] - f.offset[0])
                .collect();
            assert_eq!(at, f.quote, "{name}: {} quote not at its offsets", f.metric);
        }
        by_name.insert(name, facts);
    }
    assert!(
        by_name.len() >= 40,
        "only {} reference texts",
        by_name.len()
    );

    let zjj = &by_name["ar-zhangjiajie-tourism-2016.txt"];
    let f = find(
        zjj,
        "revenue.total_annual",
        11,
        "全年实现营业收入59,218.33万元",
    );
    assert_eq!(f.number(), Some("592183300".parse().unwrap()));
    let moutai = &by_name["ar-kweichow-moutai-2021.txt"];
    assert_eq!(
        find(moutai, "org.founded", 65, "成立于").value,
        Value::Date("1999-11-20".parse().unwrap())
    );
    let jinyu = &by_name["ar-jinyu-bio-2020.txt"];
    let f = find(jinyu, "training.trainees_last_year", 13, "两万余人次");
    assert_eq!((f.number(), f.approx), (Some(20000.into()), true));
    let pydocx = &by_name["pydocx-state-council-digital-economy.txt"];
    // The nation's statistic (我国…发明专利授权量达27.6万件) is not the document's own count.
    assert!(
        !pydocx
            .iter()
            .any(|f| f.metric == "outputs.patents" && f.quote.contains("27.6万件")),
        "the nation's patent count read as the applicant's"
    );
    // 主要控股参股公司分析: each subsidiary's profile (1.南通四方罐式储运设备制造有限公司 /
    // 公司全资子公司。/ 营业收入：人民币 789,365,006.01 元) states the subsidiary's figures; the
    // company's own revenue, in 经营情况讨论与分析, is still read.
    let sifang = &by_name["ar-sifang-tech-2019.txt"];
    let f = find(
        sifang,
        "revenue.total_annual",
        11,
        "公司实现营业收入 117,530.10 万元",
    );
    assert_eq!(f.number(), Some("1175301000".parse().unwrap()));
    for (metric, quote) in [
        ("revenue.total_annual", "789,365,006.01"),
        ("revenue.total_annual", "503,660.88"),
        ("revenue.total_annual", "5,220,981.90"),
        ("org.founded", "2018 年 3 月 6 日"),
        ("org.founded", "2017 年 12 月 22 日"),
        // 主营业务收入 is a part of 营业收入, not another statement of it.
        ("revenue.total_annual", "1,135,639,368.05"),
    ] {
        assert!(
            !sifang
                .iter()
                .any(|f| f.metric == metric && f.quote.contains(quote)),
            "{metric} read from “{quote}”, a figure that is not the company's {metric}"
        );
    }
    // 公司负责人 / 会计机构负责人 in financial statements are not a lab director.
    for name in [
        "ar-kweichow-moutai-2021.txt",
        "ar-sifang-tech-2019.txt",
        "ar-jinyu-bio-2020.txt",
    ] {
        assert!(
            by_name[name].iter().all(|f| f.metric != "director.name"),
            "{name}"
        );
    }
}

#[test]
fn quantities_in_real_sentences() {
    let Some(dir) = reference() else {
        eprintln!("skipping: ../shared/corpora/real/reference not found");
        return;
    };
    let text = std::fs::read_to_string(dir.join("ar-zhangjiajie-tourism-2016.txt")).unwrap();
    let all: Vec<String> = text
        .lines()
        .flat_map(|l| {
            find_quantities(l)
                .into_iter()
                .map(|q| format!("{} {}", q.value, q.unit.canonical()))
        })
        .collect();
    for want in [
        "3665100 persons",
        "7960500 persons",
        "33661444.29 CNY",
        "17656800 CNY",
        "800000 CNY",
    ] {
        assert!(all.iter().any(|a| a == want), "{want} not read");
    }
    let text =
        std::fs::read_to_string(dir.join("pydocx-state-council-digital-economy.txt")).unwrap();
    let qs: Vec<_> = text.lines().flat_map(find_quantities).collect();
    assert!(
        qs.iter()
            .any(|q| q.value == 79_000_000.into() && q.approx && q.marker == Some("超过"))
    );
    assert!(
        qs.iter()
            .any(|q| q.value == 1700.into() && q.approx && q.marker == Some("多"))
    );
}
