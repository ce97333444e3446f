//! `duplicate_text` on real documents (`../shared/corpora/real/reference`, text as poppler and
//! pandoc give it): four drafts of one series of nuclear safety guides, each taken as another
//! applicant. They share a drafting template; every passage reported must be an exact span of
//! both texts, the two spans the same after normalisation.

mod common;

use std::path::Path;

use intake_integrity::{BatchChecker, SubmissionInput};
use intake_model::{Block, Document, Fact, FindingKind, Page};

const FILES: [&str; 4] = [
    "nuclear-psr-guide-part1-draft.txt",
    "nuclear-psr-guide-part6-draft.txt",
    "nuclear-psr-part1-drafting-notes.txt",
    "nuclear-psr-part12-design-draft.txt",
];

fn normalised(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[test]
fn passages_shared_by_real_drafts_are_exact_spans_of_both() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora/real/reference");
    let mut texts = Vec::new();
    for f in FILES {
        let Ok(t) = std::fs::read_to_string(dir.join(f)) else {
            eprintln!("skipping: ../shared/corpora/real/reference/{f} is absent");
            return;
        };
        texts.push(t);
    }
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| Document {
            pages: vec![Page {
                number: None,
                blocks: t
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(Block::paragraph)
                    .collect(),
                language: None,
                has_text_layer: true,
                unmapped_glyphs: 0,
            }],
            ..Document::default()
        })
        .collect();
    let ids = ["sub-a", "sub-b", "sub-c", "sub-d"];
    let facts: [Vec<Fact>; 4] = Default::default();
    // What is found, not what is reported: the drafts stand in as applications, and every run
    // the detection guarantee promises is reported.
    let mut b = BatchChecker::new().regimes(common::regimes());
    b.set_report_min_run(13);
    for i in 0..4 {
        b.add(SubmissionInput {
            submission: ids[i],
            regime: Some(intake_model::Regime::new("tech-base-platform")),
            documents: vec![(FILES[i], &docs[i])],
            facts: &facts[i],
            thresholds: common::thresholds(),
        });
    }
    let found = b.finish().unwrap();
    assert!(
        found.len() >= 2,
        "drafts of one series share passages: {found:#?}"
    );
    eprintln!(
        "{} findings, {} passages",
        found.len(),
        found.iter().map(|f| f.evidence.len() / 2).sum::<usize>()
    );
    for f in &found {
        assert_eq!(f.kind, FindingKind::DuplicateText);
        for pair in f.evidence.chunks(2) {
            let [x, y] = pair else {
                panic!("evidence comes in pairs")
            };
            let text = |e: &intake_model::Evidence| {
                let i = ids
                    .iter()
                    .position(|s| Some(*s) == e.submission.as_deref())
                    .unwrap();
                docs[i].text()
            };
            for e in [x, y] {
                let q = e.quote.trim_end_matches('…');
                assert!(text(e).contains(q), "not a span of {}: {q}", e.document);
            }
            let (nx, ny) = (normalised(&x.quote), normalised(&y.quote));
            if x.quote.ends_with('…') || y.quote.ends_with('…') {
                // Long passages are cut at 600 characters; the cut may fall at different places.
                assert!(nx.starts_with(&ny) || ny.starts_with(&nx));
            } else {
                assert_eq!(nx, ny);
            }
            assert!(normalised(&x.quote).chars().count() >= 13);
        }
    }
}
