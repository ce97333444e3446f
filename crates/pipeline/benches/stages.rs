//! The stages one at a time on the bundled demo batch (`corpora/demo`): each bench times one
//! stage over every submission, its inputs made beforehand by the stages before it, so a change
//! to one stage shows in its own line. `benches/scale.sh` measures the whole pipeline at batch
//! scale; these say where inside it the time goes.
//!
//! `cargo bench -p intake-pipeline --bench stages` (`-- extract` for one stage)
//!
//! Throughput is in input bytes (extract) or in submissions (every later stage).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput};
use intake_model::{Document, Fact, Finding, SubmissionRecord};

/// One demo submission, read up to the stage being timed.
struct Sub {
    id: String,
    overrides: Option<String>,
    /// (path relative to the submission, file bytes)
    files: Vec<(String, Vec<u8>)>,
    /// (path, document) of the files that extract
    docs: Vec<(String, Document)>,
    facts: Vec<Fact>,
    detection: intake_rules::Detection,
    findings: Vec<Finding>,
    record: SubmissionRecord,
}

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/demo")
}

/// Every demo submission through every stage once, keeping what each stage hands on.
fn load(batch: &Path, reader: &intake_facts::Reader, books: &intake_rules::Rulebooks) -> Vec<Sub> {
    let walked = intake_pipeline::walk::walk(batch).expect("corpora/demo is part of the repo");
    let limits = intake_extract::Limits::default();
    walked
        .submissions
        .iter()
        .map(|s| {
            let files: Vec<(String, Vec<u8>)> = s
                .files
                .iter()
                .filter(|f| f.skip.is_none())
                .map(|f| (f.rel.clone(), std::fs::read(&f.path).expect("demo file")))
                .collect();
            let docs: Vec<(String, Document)> = files
                .iter()
                .filter_map(|(rel, bytes)| {
                    let doc = intake_extract::extract(bytes, &limits).1.ok()?;
                    Some((rel.clone(), doc))
                })
                .collect();
            let mut facts: Vec<Fact> = docs
                .iter()
                .flat_map(|(rel, d)| reader.read(&s.id, rel, d))
                .collect();
            intake_facts::resolve_submission(&mut facts);
            let views: Vec<(&str, &Document)> = docs.iter().map(|(p, d)| (p.as_str(), d)).collect();
            let detection = intake_rules::detect(&views, &facts, s.overrides.as_deref());
            let mut findings = intake_rules::evaluate(books, &s.id, &detection, &facts);
            findings.extend(intake_integrity::check_submission(&input(
                s.id.as_str(),
                &detection,
                &views,
                &facts,
            )));
            let (verdict, decided_by) = intake_rules::verdict(&findings);
            let record = SubmissionRecord {
                submission: s.id.clone(),
                regime: detection.regime.as_ref().map(|r| r.as_str().to_string()),
                level: detection.level,
                variant: detection.variant,
                org_name: None,
                credit_code: None,
                verdict,
                decided_by,
                documents: Vec::new(),
                notes: Vec::new(),
            };
            Sub {
                id: s.id.clone(),
                overrides: s.overrides.clone(),
                files,
                docs,
                facts,
                detection,
                findings,
                record,
            }
        })
        .collect()
}

fn input<'a>(
    id: &'a str,
    detection: &intake_rules::Detection,
    views: &[(&'a str, &'a Document)],
    facts: &'a [Fact],
) -> intake_integrity::SubmissionInput<'a> {
    intake_integrity::SubmissionInput {
        submission: id,
        regime: detection.regime.clone(),
        documents: views.to_vec(),
        facts,
        thresholds: &THRESHOLDS,
    }
}

/// The built-in rulebooks' bunching thresholds, as the pipeline hands them to integrity.
static THRESHOLDS: std::sync::LazyLock<intake_model::Thresholds> = std::sync::LazyLock::new(|| {
    intake_rules::Rulebooks::builtin()
        .expect("built-in rulebooks")
        .bunching_thresholds()
});

fn views(s: &Sub) -> Vec<(&str, &Document)> {
    s.docs.iter().map(|(p, d)| (p.as_str(), d)).collect()
}

fn main() {
    let batch = demo();
    let reader = intake_facts::Reader::new();
    let books = intake_rules::Rulebooks::builtin().expect("built-in rulebooks");
    let subs = load(&batch, &reader, &books);
    let regimes = books.regimes();
    let n = subs.len() as u64;
    let bytes: u64 = subs
        .iter()
        .flat_map(|s| &s.files)
        .map(|(_, b)| b.len() as u64)
        .sum();
    let mut c = Criterion::default().configure_from_args().sample_size(10);

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("extract", |b| {
        let limits = intake_extract::Limits::default();
        b.iter(|| {
            for s in &subs {
                for (_, bytes) in &s.files {
                    black_box(intake_extract::extract(bytes, &limits).1.is_ok());
                }
            }
        })
    });
    g.throughput(Throughput::Elements(n));
    g.bench_function("facts", |b| {
        b.iter(|| {
            for s in &subs {
                let mut facts: Vec<Fact> = s
                    .docs
                    .iter()
                    .flat_map(|(rel, d)| reader.read(&s.id, rel, d))
                    .collect();
                intake_facts::resolve_submission(&mut facts);
                black_box(facts.len());
            }
        })
    });
    g.bench_function("rules", |b| {
        b.iter(|| {
            for s in &subs {
                let d = intake_rules::detect(&views(s), &s.facts, s.overrides.as_deref());
                black_box(intake_rules::evaluate(&books, &s.id, &d, &s.facts).len());
            }
        })
    });
    g.bench_function("integrity/submission", |b| {
        b.iter(|| {
            for s in &subs {
                let v = views(s);
                let i = input(&s.id, &s.detection, &v, &s.facts);
                black_box(intake_integrity::check_submission(&i).len());
            }
        })
    });
    g.bench_function("integrity/batch", |b| {
        b.iter(|| {
            let mut checker = intake_integrity::BatchChecker::new().regimes(books.regimes());
            for s in &subs {
                let v = views(s);
                checker.add(input(&s.id, &s.detection, &v, &s.facts));
            }
            black_box(checker.finish().expect("spill files").len())
        })
    });
    g.bench_function("index", |b| {
        b.iter(|| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let mut w = intake_index::BatchWriter::open(dir.path(), "bench").expect("index");
            for s in &subs {
                let kinds: Vec<String> = Vec::new();
                let docs: Vec<intake_index::IndexDoc> = s
                    .docs
                    .iter()
                    .map(|(p, doc)| intake_index::IndexDoc {
                        submission: &s.id,
                        document: p,
                        doc,
                        record: &s.record,
                        facts: &s.facts,
                        finding_kinds: &kinds,
                        prepared: None,
                    })
                    .collect();
                w.add(&docs).expect("add");
            }
            black_box(w.finish().expect("commit").entries)
        })
    });
    g.bench_function("report", |b| {
        let records: Vec<SubmissionRecord> = subs.iter().map(|s| s.record.clone()).collect();
        let facts: Vec<Fact> = subs.iter().flat_map(|s| s.facts.clone()).collect();
        let findings: Vec<Finding> = subs.iter().flat_map(|s| s.findings.clone()).collect();
        b.iter(|| {
            black_box(intake_report::render_html(&regimes, &records, &facts, &findings).len())
        })
    });
    g.finish();
    c.final_summary();
}
