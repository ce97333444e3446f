//! `duplicate_text` findings from the runs [`find_runs`](super::find_runs) found: one finding
//! per (current submission, other submissions sharing the same passages), quoting the longest
//! passages on both sides. Other submissions that share exactly the same runs with a
//! submission (copies of the same documents: a re-uploaded round, one consultancy's text for
//! several applicants) are one finding that names them all, not one finding each.

use std::collections::BTreeMap;
use std::io;

use intake_model::{Evidence, Finding, FindingKind, Severity};

use super::shingle::{Normalised, resemblance};
use super::{Run, Texts};
use crate::archive::{ArchivedPage, ArchivedSubmission};
use crate::common::clip;

/// Longest quote of a copied passage in evidence (the message gives the full length).
const QUOTE_MAX: usize = 600;
/// Punctuation that closes a sentence or a quotation, kept at the end of a quoted passage.
const CLOSING: &str = "。！？…”’）)】」』.!?";
/// Copied passages shown as evidence per pair of submissions (longest first).
const EVIDENCE_RUNS: usize = 5;
/// Other submissions named in one finding's message (the count gives the rest).
const NAMED_OTHERS: usize = 20;

/// A document of the search, as evidence names it: its submission (index into the
/// submissions), its path, the slot its MinHash signature is spilled under.
pub(crate) struct DocRef<'a> {
    pub sub: usize,
    pub document: &'a str,
    pub slot: u32,
}

/// The findings of `runs` over `docs`; `canon[d]` is document `d`'s exact-copy group (runs are
/// between groups), `dup[d]` its applicant; `subs` are the submissions with whether each is
/// current; `minhash(slot)` reads a document's MinHash signature back (only reported pairs need
/// one).
#[allow(clippy::too_many_arguments)]
pub(crate) fn findings(
    runs: &[Run],
    canon: &[u32],
    dup: &[super::DupDoc],
    docs: &[DocRef],
    subs: &[(&ArchivedSubmission, bool)],
    texts: &mut Texts,
    mut minhash: impl FnMut(u32) -> io::Result<Vec<u64>>,
    report_min: u32,
) -> io::Result<Vec<Finding>> {
    // Runs by the groups they join; members by group.
    let mut by_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in runs.iter().enumerate() {
        by_group.entry(r.a).or_default().push(i);
        if r.b != r.a {
            by_group.entry(r.b).or_default().push(i);
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for d in 0..docs.len() {
        let g = canon.get(d).map_or(d, |&c| c as usize);
        if by_group.contains_key(&g) {
            members.entry(g).or_default().push(d);
        }
    }
    let none = Vec::new();
    // Per current submission, its runs with each other submission of another applicant, both
    // directions: (run, flipped, x's document, y's document). Documents of a submission are
    // consecutive, so they are found by scanning `docs` once.
    let mut pairs: BTreeMap<(usize, usize), Vec<Side>> = BTreeMap::new();
    for (dx, d) in docs.iter().enumerate() {
        let x = d.sub;
        if !subs[x].1 {
            continue;
        }
        let g = canon.get(dx).map_or(dx, |&c| c as usize);
        for &ri in by_group.get(&g).unwrap_or(&none) {
            let r = &runs[ri];
            let (other, flipped) = if r.a == g { (r.b, false) } else { (r.a, true) };
            for &dy in members.get(&other).unwrap_or(&none) {
                let y = docs[dy].sub;
                if y == x || dy == dx || dup[dy].applicant == dup[dx].applicant {
                    continue;
                }
                pairs.entry((x, y)).or_default().push(Side {
                    run: ri,
                    flipped,
                    dx,
                    dy,
                });
            }
        }
    }
    // Other submissions sharing exactly the same runs with x are one finding.
    let mut merged: BTreeMap<(usize, SharedRuns), Vec<Other>> = BTreeMap::new();
    for ((x, y), mut list) in pairs {
        list.sort_by_key(|s| (s.run, s.flipped, s.dx, s.dy));
        list.dedup_by_key(|s| (s.run, s.flipped, s.dx));
        let key = list.iter().map(|s| (s.run, s.flipped, s.dx)).collect();
        merged.entry((x, key)).or_default().push((y, list));
    }
    let mut out = Vec::new();
    for ((x, _), group) in merged {
        let (y, list) = &group[0];
        let y = *y;
        let mut list: Vec<(&Run, bool, usize, usize)> = list
            .iter()
            .map(|s| (&runs[s.run], s.flipped, s.dx, s.dy))
            .collect();
        // Detection is not reporting: every shared run was found, but only a passage copied as
        // a whole — one exact run of LONG_RUN prose characters — is worth an officer's time.
        // Applicants writing on the same programme share many short phrases (13–40 characters
        // of the regulation's and the field's wording) and composed template sentences; on the
        // development set no pair without copying shares a run of more than about 60 prose
        // characters outside boilerplate, and every copied passage is well above 100.
        let copied = list.iter().map(|(r, ..)| r.prose).max().unwrap_or(0);
        // Copying is a finding about an application: a submission that is no application to
        // any of the programmes (no form, no regime told) is not judged for it. Listed
        // companies' reports and a standard's drafts share their prescribed wording by design.
        if subs[x].0.regime.is_none() {
            continue;
        }
        if copied < report_min {
            continue;
        }
        list.sort_by(|p, q| {
            (q.0.a_span.1 - q.0.a_span.0)
                .cmp(&(p.0.a_span.1 - p.0.a_span.0))
                .then(p.0.cmp(q.0))
        });
        let total: u32 = list.iter().map(|(r, ..)| r.distinct).sum();
        let longest = list
            .first()
            .map(|(r, ..)| r.a_span.1 - r.a_span.0)
            .unwrap_or(0);
        let mut evidence = Vec::new();
        let mut similarity: f64 = 0.0;
        let mut example = String::new();
        for (i, &(r, flipped, dx, dy)) in list.iter().enumerate() {
            let (sx, sy) = if flipped {
                (r.b_span, r.a_span)
            } else {
                (r.a_span, r.b_span)
            };
            let (mx, my) = (minhash(docs[dx].slot)?, minhash(docs[dy].slot)?);
            similarity = similarity.max(resemblance(&mx, &my));
            if i >= EVIDENCE_RUNS {
                continue;
            }
            let tx = texts.get(dx)?;
            let ex = passage(&tx.pages, &tx.norm, sx);
            let ty = texts.get(dy)?;
            let ey = passage(&ty.pages, &ty.norm, sy);
            if i == 0 {
                example = format!(
                    "如 {} 与 {} 中“{}”",
                    docs[dx].document,
                    docs[dy].document,
                    clip(&ex.1.replace('\n', " "), 40)
                );
            }
            evidence.push(Evidence {
                submission: Some(subs[x].0.submission.clone()),
                document: docs[dx].document.to_string(),
                page: ex.0,
                quote: clip(&ex.1, QUOTE_MAX),
            });
            evidence.push(Evidence {
                submission: Some(label(subs[y].0)),
                document: docs[dy].document.to_string(),
                page: ey.0,
                quote: clip(&ey.1, QUOTE_MAX),
            });
        }
        let name = |y: usize| {
            if subs[y].1 {
                format!("申报 {}", subs[y].0.submission)
            } else {
                format!(
                    "往期批次 {} 的申报 {}",
                    subs[y].0.batch, subs[y].0.submission
                )
            }
        };
        let mut other = name(y);
        if group.len() > 1 {
            let named: Vec<String> = group[1..]
                .iter()
                .take(NAMED_OTHERS)
                .map(|(y, _)| label(subs[*y].0))
                .collect();
            let more = if group.len() - 1 > NAMED_OTHERS {
                "等"
            } else {
                ""
            };
            other += &format!(
                "及另外 {} 份含相同文字的申报（{}{more}）",
                group.len() - 1,
                named.join("、")
            );
        }
        let message = format!(
            "与{other}（另一申报单位）有一段连续 {copied} 字的文字完全相同（报告门槛 {report_min} 字），共 {} 处相同文字，除去多家共用的模板文字后共 {total} 字，最长一处 {longest} 字，{example}；两份文件整体相似度约 {:.0}%（MinHash 估计）。请核实是否抄袭或由同一来源代写",
            list.len(),
            similarity * 100.0
        );
        // A passage copied whole from another applicant is seriously false material.
        out.push(Finding::new(
            subs[x].0.submission.clone(),
            "integrity.duplicate_text",
            FindingKind::DuplicateText,
            Severity::Fail,
            message,
            evidence,
        ));
    }
    Ok(out)
}

/// What a current submission shares with another: (run, flipped, its document) per run.
type SharedRuns = Vec<(usize, bool, usize)>;

/// Another submission and the runs it shares, as [`Side`]s.
type Other = (usize, Vec<Side>);

/// One run as seen from a current submission: the run, whether the submission's document is
/// its `b` side, the submission's document and the other's.
#[derive(Clone, Copy)]
struct Side {
    run: usize,
    flipped: bool,
    dx: usize,
    dy: usize,
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
fn passage(pages: &[ArchivedPage], n: &Normalised, span: (u32, u32)) -> (Option<u32>, String) {
    let (s, e) = (span.0 as usize, span.1 as usize);
    let (Some(&(p0, b0)), Some(&(p1, b1))) = (
        n.origin.get(s),
        e.checked_sub(1).and_then(|i| n.origin.get(i)),
    ) else {
        return (None, String::new());
    };
    let text = |p: u32| pages.get(p as usize).map(|x| x.text.as_str()).unwrap_or("");
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
    let page = pages.get(p0 as usize).and_then(|p| p.number);
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
