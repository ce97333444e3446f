//! [`BatchChecker`]: the checks that need every submission of a batch (and the archive).

use std::collections::BTreeMap;

use intake_model::{Evidence, Finding, FindingKind, Severity, Value};

use crate::archive::{
    Archive, ArchivedDocument, ArchivedPage, ArchivedSubmission, Stated, UnitRecord,
};
use crate::common::{Ctx, clip};
use crate::dup::shingle::{Normalised, minhash, normalise, resemblance, winnow};
use crate::dup::{DupDoc, REFERENCE, Run, find_runs};
use crate::{SubmissionInput, cross};

/// Longest quote of a copied passage in evidence (the message gives the full length).
const QUOTE_MAX: usize = 600;
/// Punctuation that closes a sentence or a quotation, kept at the end of a quoted passage.
const CLOSING: &str = "。！？…”’）)】」』.!?";
/// Copied passages shown as evidence per pair of submissions (longest first).
const EVIDENCE_RUNS: usize = 5;

/// A document's compact signature: winnowing fingerprints with positions, and a MinHash.
#[derive(Debug, Clone)]
pub(crate) struct DocSig {
    pub fps: Vec<(u64, u32)>,
    pub minhash: Vec<u64>,
}

impl DocSig {
    fn of(doc: &ArchivedDocument) -> DocSig {
        let n = normalise(doc.pages.iter().map(|p| p.text.as_str()));
        let mut fps = winnow(&n.chars);
        // Kept until the batch ends: drop the growth slack (up to half the vector).
        fps.shrink_to_fit();
        let minhash = minhash(fps.iter().map(|f| f.0));
        DocSig { fps, minhash }
    }
}

/// One submission made ready for [`BatchChecker::add_prepared`] by [`BatchChecker::prepare`].
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    sub: ArchivedSubmission,
    sigs: Vec<DocSig>,
}

/// Cross-submission checks over a batch, fed one submission at a time.
///
/// [`add`](BatchChecker::add) keeps, per submission, its identity (names, credit codes, regime,
/// application date), per document its metadata, page texts (copied passages are aligned and
/// quoted from them) and signature (winnowing fingerprints with positions, a MinHash); not the
/// documents' blocks or facts. [`finish`](BatchChecker::finish) runs `duplicate_text`,
/// `eligibility`, the shared-rsidRoot and foreign-author `metadata_anomaly` checks, and
/// credit-code/name `invalid_identifier` checks across the batch and the archive.
#[derive(Debug, Clone)]
pub struct BatchChecker {
    current: Vec<(ArchivedSubmission, Vec<DocSig>)>,
    archived: Vec<(ArchivedSubmission, Vec<DocSig>)>,
    /// Reference texts and their fingerprints.
    reference: Vec<(String, Vec<(u64, u32)>)>,
    removed: Vec<UnitRecord>,
    recognised: Vec<UnitRecord>,
    boilerplate_min: Option<usize>,
}

impl Default for BatchChecker {
    fn default() -> Self {
        BatchChecker::new()
    }
}

impl BatchChecker {
    /// A checker with no archive.
    pub fn new() -> Self {
        BatchChecker {
            current: Vec::new(),
            archived: Vec::new(),
            reference: Vec::new(),
            removed: Vec::new(),
            recognised: Vec::new(),
            boilerplate_min: None,
        }
    }

    /// A checker comparing against earlier batches (fingerprints are recomputed from the
    /// archived texts, a few milliseconds per document).
    pub fn with_archive(archive: Archive) -> Self {
        let mut c = BatchChecker::new();
        c.removed = archive.removed;
        c.recognised = archive.recognised;
        c.archived = archive
            .submissions
            .into_iter()
            .map(|s| {
                let sigs = s.documents.iter().map(DocSig::of).collect();
                (s, sigs)
            })
            .collect();
        c
    }

    /// Registers text every applicant may legitimately repeat (the regulations, the form's
    /// headings and instructions): any passage it contains is boilerplate, whoever carries it.
    pub fn add_reference_text(&mut self, text: &str) {
        let n = normalise([text]);
        self.reference.push((text.to_string(), winnow(&n.chars)));
    }

    /// Overrides how many applicants must carry a passage for it to count as boilerplate
    /// (default [`default_boilerplate_min`] of the number of applicants). Values below 3 are
    /// raised to 3: two applicants sharing text is exactly what is looked for.
    pub fn set_boilerplate_min(&mut self, n: usize) {
        self.boilerplate_min = Some(n.max(3));
    }

    /// Adds one submission of the batch: [`prepare`](BatchChecker::prepare) then
    /// [`add_prepared`](BatchChecker::add_prepared).
    pub fn add(&mut self, input: SubmissionInput<'_>) {
        self.add_prepared(BatchChecker::prepare(input));
    }

    /// Adds a submission prepared (on any thread) with [`prepare`](BatchChecker::prepare).
    /// The order of additions does not matter: [`finish`](BatchChecker::finish) sorts.
    pub fn add_prepared(&mut self, p: PreparedSubmission) {
        self.current.push((p.sub, p.sigs));
    }

    /// What [`add`](BatchChecker::add) keeps of a submission — identity, document metadata,
    /// page texts and signatures (normalisation, winnowing and MinHash, the costly part) —
    /// computed without the checker, so a pipeline can prepare submissions in parallel and add
    /// them in any order.
    pub fn prepare(input: SubmissionInput<'_>) -> PreparedSubmission {
        let ctx = Ctx::new(&input);
        let stated = |metric: &str| -> Vec<Stated> {
            input
                .facts
                .iter()
                .filter(|f| f.metric == metric)
                .filter_map(|f| match &f.value {
                    Value::Text(t) if !t.trim().is_empty() => Some(Stated {
                        value: t.trim().to_string(),
                        document: f.document.clone(),
                        page: f.page,
                        quote: f.quote.clone(),
                    }),
                    _ => None,
                })
                .collect()
        };
        let mut documents: Vec<ArchivedDocument> = input
            .documents
            .iter()
            .map(|(path, doc)| ArchivedDocument {
                document: path.to_string(),
                author: doc.meta.author.clone(),
                last_modified_by: doc.meta.last_modified_by.clone(),
                rsid_root: doc.meta.rsid_root.clone(),
                pages: doc
                    .pages
                    .iter()
                    .map(|p| ArchivedPage {
                        number: p.number,
                        text: p.text(),
                    })
                    .collect(),
            })
            .collect();
        documents.sort_by(|a, b| a.document.cmp(&b.document));
        let sigs = documents.iter().map(DocSig::of).collect();
        let sub = ArchivedSubmission {
            batch: String::new(),
            submission: input.submission.to_string(),
            regime: input.regime,
            org_names: stated("org.name"),
            credit_codes: stated("org.credit_code"),
            application_date: ctx.app.map(|(d, _)| d.to_string()),
            documents,
        };
        PreparedSubmission { sub, sigs }
    }

    /// The archive to write for this batch: the loaded archive plus this batch under `label`.
    pub fn to_archive(&self, label: &str) -> Archive {
        let mut a = Archive::new();
        a.submissions = self.archived.iter().map(|(s, _)| s.clone()).collect();
        a.submissions
            .extend(self.current.iter().map(|(s, _)| ArchivedSubmission {
                batch: label.to_string(),
                ..s.clone()
            }));
        a.removed = self.removed.clone();
        a.recognised = self.recognised.clone();
        a.merge(Archive::new());
        a
    }

    /// [`to_archive`](BatchChecker::to_archive) without copying: the checker is consumed.
    pub fn into_archive(self, label: &str) -> Archive {
        let mut a = Archive::new();
        a.submissions = self.archived.into_iter().map(|(s, _)| s).collect();
        a.submissions
            .extend(self.current.into_iter().map(|(s, _)| ArchivedSubmission {
                batch: label.to_string(),
                ..s
            }));
        a.removed = self.removed;
        a.recognised = self.recognised;
        a.merge(Archive::new());
        a
    }

    /// Every cross-submission finding, sorted (submission, kind, rule, message).
    pub fn finish(&self) -> Vec<Finding> {
        let mut current: Vec<&(ArchivedSubmission, Vec<DocSig>)> = self.current.iter().collect();
        current.sort_by(|a, b| a.0.submission.cmp(&b.0.submission));
        let subs: Vec<(&ArchivedSubmission, &[DocSig], bool)> = current
            .iter()
            .map(|(s, d)| (s, d.as_slice(), true))
            .chain(self.archived.iter().map(|(s, d)| (s, d.as_slice(), false)))
            .collect();
        let applicant = cross::applicants(&subs.iter().map(|s| s.0).collect::<Vec<_>>());
        let n_applicants = {
            let mut a = applicant.clone();
            a.sort_unstable();
            a.dedup();
            a.len()
        };
        let min = self
            .boilerplate_min
            .unwrap_or_else(|| default_boilerplate_min(n_applicants));
        let mut out = self.duplicates(&subs, &applicant, min);
        let view: Vec<(&ArchivedSubmission, bool)> = subs.iter().map(|s| (s.0, s.2)).collect();
        out.extend(cross::check(
            &view,
            &applicant,
            &self.removed,
            &self.recognised,
        ));
        sort_findings(&mut out);
        out
    }

    fn duplicates(
        &self,
        subs: &[(&ArchivedSubmission, &[DocSig], bool)],
        applicant: &[u32],
        min: usize,
    ) -> Vec<Finding> {
        let mut docs: Vec<DupDoc> = Vec::new();
        let mut origin: Vec<(usize, usize)> = Vec::new();
        for (si, (s, sigs, current)) in subs.iter().enumerate() {
            for (di, (d, sig)) in s.documents.iter().zip(sigs.iter()).enumerate() {
                docs.push(DupDoc {
                    applicant: applicant[si],
                    current: *current,
                    pages: d.pages.iter().map(|p| p.text.as_str()).collect(),
                    fps: &sig.fps,
                });
                origin.push((si, di));
            }
        }
        for (text, fps) in &self.reference {
            docs.push(DupDoc {
                applicant: REFERENCE,
                current: false,
                pages: vec![text.as_str()],
                fps,
            });
        }
        let (runs, norms) = find_runs(&docs, min);
        // Group runs by (current submission, other submission), both directions.
        let mut pairs: BTreeMap<(usize, usize), Vec<(&Run, bool)>> = BTreeMap::new();
        for r in &runs {
            let (sa, sb) = (origin[r.a].0, origin[r.b].0);
            if subs[sa].2 {
                pairs.entry((sa, sb)).or_default().push((r, false));
            }
            if subs[sb].2 {
                pairs.entry((sb, sa)).or_default().push((r, true));
            }
        }
        let mut out = Vec::new();
        for ((x, y), mut list) in pairs {
            list.sort_by(|p, q| {
                (q.0.a_span.1 - q.0.a_span.0)
                    .cmp(&(p.0.a_span.1 - p.0.a_span.0))
                    .then(p.0.cmp(q.0))
            });
            let total: u32 = list.iter().map(|(r, _)| r.distinct).sum();
            let longest = list
                .first()
                .map(|(r, _)| r.a_span.1 - r.a_span.0)
                .unwrap_or(0);
            let mut evidence = Vec::new();
            let mut similarity: f64 = 0.0;
            let mut example = String::new();
            for (i, (r, flipped)) in list.iter().enumerate() {
                let (dx, sx, dy, sy) = if *flipped {
                    (r.b, r.b_span, r.a, r.a_span)
                } else {
                    (r.a, r.a_span, r.b, r.b_span)
                };
                let (ox, oy) = (origin[dx], origin[dy]);
                let sim = resemblance(&subs[ox.0].1[ox.1].minhash, &subs[oy.0].1[oy.1].minhash);
                similarity = similarity.max(sim);
                if i >= EVIDENCE_RUNS {
                    continue;
                }
                let ex = passage(&subs[ox.0].0.documents[ox.1], norms[dx].as_ref(), sx);
                let ey = passage(&subs[oy.0].0.documents[oy.1], norms[dy].as_ref(), sy);
                if i == 0 {
                    example = format!(
                        "如 {} 与 {} 中“{}”",
                        subs[ox.0].0.documents[ox.1].document,
                        subs[oy.0].0.documents[oy.1].document,
                        clip(&ex.1.replace('\n', " "), 40)
                    );
                }
                evidence.push(Evidence {
                    submission: Some(subs[x].0.submission.clone()),
                    document: subs[ox.0].0.documents[ox.1].document.clone(),
                    page: ex.0,
                    quote: clip(&ex.1, QUOTE_MAX),
                });
                evidence.push(Evidence {
                    submission: Some(label(subs[y].0)),
                    document: subs[oy.0].0.documents[oy.1].document.clone(),
                    page: ey.0,
                    quote: clip(&ey.1, QUOTE_MAX),
                });
            }
            let other = if subs[y].2 {
                format!("申报 {}", subs[y].0.submission)
            } else {
                format!(
                    "往期批次 {} 的申报 {}",
                    subs[y].0.batch, subs[y].0.submission
                )
            };
            let message = format!(
                "与{other}（另一申报单位）存在 {} 处相同文字，除去多家共用的模板文字后共 {total} 字，最长一处 {longest} 字，{example}；两份文件整体相似度约 {:.0}%（MinHash 估计）。请核实是否抄袭或由同一来源代写",
                list.len(),
                similarity * 100.0
            );
            out.push(Finding {
                submission: subs[x].0.submission.clone(),
                regime: None,
                rule: "integrity.duplicate_text".into(),
                kind: FindingKind::DuplicateText,
                severity: Severity::Warn,
                metric: None,
                message,
                evidence,
                article: None,
            });
        }
        out
    }
}

/// How many applicants must carry a passage for it to be boilerplate: 3 for up to 60
/// applicants, then one in twenty, at most 10 (a template phrase in ten applications is a
/// template; a copying ring of ten is not what this check can tell apart).
pub fn default_boilerplate_min(applicants: usize) -> usize {
    applicants.div_ceil(20).clamp(3, 10)
}

/// How evidence names a submission: its id, prefixed by its batch when archived.
pub(crate) fn label(s: &ArchivedSubmission) -> String {
    if s.batch.is_empty() {
        s.submission.clone()
    } else {
        format!("{}/{}", s.batch, s.submission)
    }
}

/// The original text of a normalised span: page of its start, text as it stands (pages joined
/// by a line break when the passage crosses one).
fn passage(
    doc: &ArchivedDocument,
    norm: Option<&Normalised>,
    span: (u32, u32),
) -> (Option<u32>, String) {
    let Some(n) = norm else {
        return (None, String::new());
    };
    let (s, e) = (span.0 as usize, span.1 as usize);
    let (Some(&(p0, b0)), Some(&(p1, b1))) = (
        n.origin.get(s),
        e.checked_sub(1).and_then(|i| n.origin.get(i)),
    ) else {
        return (None, String::new());
    };
    let text = |p: u32| {
        doc.pages
            .get(p as usize)
            .map(|x| x.text.as_str())
            .unwrap_or("")
    };
    // The end of the last character, and of the closing punctuation right after it (the
    // sentence's 。 or closing quote belong to the passage a reviewer reads).
    let end_of = |p: u32, b: u32| {
        let t = text(p);
        let Some(rest) = t.get(b as usize..) else {
            return t.len();
        };
        let mut chars = rest.chars();
        let first = chars.next().map_or(0, char::len_utf8);
        let closing: usize = chars
            .take_while(|c| CLOSING.contains(*c))
            .map(char::len_utf8)
            .sum();
        b as usize + first + closing
    };
    let page = doc.pages.get(p0 as usize).and_then(|p| p.number);
    if p0 == p1 {
        let q = text(p0).get(b0 as usize..end_of(p1, b1)).unwrap_or("");
        return (page, q.to_string());
    }
    let mut q = text(p0).get(b0 as usize..).unwrap_or("").to_string();
    for p in p0 + 1..p1 {
        q.push('\n');
        q.push_str(text(p));
    }
    q.push('\n');
    q.push_str(text(p1).get(..end_of(p1, b1)).unwrap_or(""));
    (page, q)
}

/// The crate's output order: submission, kind, rule, metric, message, evidence.
pub(crate) fn sort_findings(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        (&a.submission, a.kind, &a.rule, &a.metric, &a.message)
            .cmp(&(&b.submission, b.kind, &b.rule, &b.metric, &b.message))
            .then_with(|| format!("{:?}", a.evidence).cmp(&format!("{:?}", b.evidence)))
    });
}
