//! Copied passages between applicants: winnowing fingerprints in an inverted index, boilerplate
//! excluded by how many applicants carry it, exact alignment of every shared run.
//!
//! Candidate pairs come from the fingerprint index: two documents of different applicants that
//! share a fingerprint carried by fewer than `boilerplate_min` applicants. Because winnowing keeps
//! a common fingerprint for every shared run of [`GUARANTEE`] characters, this finds every such
//! run (a MinHash/LSH candidate filter would not: a 13-character run barely moves the resemblance
//! of two long documents). The work stays sub-quadratic because boilerplate — fingerprints many
//! applicants carry — never makes pairs, so postings lists that do make pairs are short. MinHash
//! signatures estimate each reported pair's overall resemblance for the message.

pub(crate) mod evidence;
pub(crate) mod group;
pub(crate) mod shingle;
pub(crate) mod spill;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::rc::Rc;

use crate::archive::ArchivedPage;
pub use shingle::{GUARANTEE, K, W};
use shingle::{Normalised, may_share_run, normalise, winnow};

/// A fingerprint posting of the inverted index: `(hash, document, position, context)`, the
/// context as [`shingle::context`] gives it.
pub(crate) type Posting = (u64, u32, u32, u128);

/// Applicant id of reference text (the regulations, form templates): always boilerplate.
pub(crate) const REFERENCE: u32 = u32::MAX;

/// A fingerprint with more postings than this is a formula repeated within documents: treated
/// as boilerplate, which also bounds the pairs one fingerprint can make.
const MAX_POSTINGS: usize = 256;

/// Boilerplate carriers compared to find a boilerplate passage's exact extent.
const MASK_CARRIERS: usize = 3;

/// Documents whose loaded text [`Texts`] keeps (a document and its normalised form take about
/// 15 bytes per character: a few megabytes per aligning thread).
const CACHED_TEXTS: usize = 16;

/// One document as the duplicate search sees it.
pub(crate) struct DupDoc {
    /// Applicant id (same id = same applicant; [`REFERENCE`] for reference text).
    pub applicant: u32,
    /// Whether the document belongs to the batch being checked (archive pairs were reported before).
    pub current: bool,
}

/// A document's text as loaded for alignment: pages, normalised text, fingerprints.
pub(crate) struct Loaded {
    pub pages: Vec<ArchivedPage>,
    pub norm: Normalised,
    /// Winnowing fingerprints of `norm`, computed on first use: only a run's first document
    /// needs them (to find boilerplate inside the run), most loaded documents never do.
    fps: std::cell::OnceCell<Vec<(u64, u32)>>,
}

impl Loaded {
    /// Winnowing fingerprints of `norm`, positions ascending (the ones spilled for it).
    pub(crate) fn fps(&self) -> &[(u64, u32)] {
        self.fps.get_or_init(|| winnow(&self.norm.chars))
    }
}

/// Characters of boilerplate carriers whose normalised text [`Texts`] keeps besides its
/// documents: 4 bytes each, 16 MB per aligning thread, whatever the documents' sizes. The
/// carriers a batch's boilerplate is measured against are few (the first applicants that carry
/// each template), but one run's mask may need a dozen, and the pairs of a near-copy group the
/// same ones: kept apart from the documents being aligned, each is normalised about once per
/// thread, not once per pair.
const CACHED_CARRIER_CHARS: usize = 4 << 20;

/// Page texts by document id, loaded on demand, normalised once, the most recent
/// [`CACHED_TEXTS`] kept (and the most recent carriers' normalised characters, up to
/// [`CACHED_CARRIER_CHARS`]).
pub(crate) struct Texts<'a> {
    load: Box<dyn FnMut(usize) -> io::Result<Vec<ArchivedPage>> + 'a>,
    cache: Vec<(usize, Rc<Loaded>)>,
    carriers: Vec<(usize, Rc<[char]>)>,
}

impl<'a> Texts<'a> {
    /// Texts read by `load(document id)`.
    pub(crate) fn new(load: impl FnMut(usize) -> io::Result<Vec<ArchivedPage>> + 'a) -> Self {
        Texts {
            load: Box::new(load),
            cache: Vec::new(),
            carriers: Vec::new(),
        }
    }

    /// Document `d`'s normalised characters, for extending a boilerplate fingerprint into a
    /// carrier: from the documents' cache if it is there, else from the carriers' own.
    pub(crate) fn chars(&mut self, d: usize) -> io::Result<Rc<[char]>> {
        if let Some(i) = self.carriers.iter().position(|(x, _)| *x == d) {
            let hit = self.carriers.remove(i);
            self.carriers.push(hit.clone());
            return Ok(hit.1);
        }
        let chars: Rc<[char]> = match self.cache.iter().find(|(x, _)| *x == d) {
            Some((_, t)) => t.norm.chars.as_slice().into(),
            None => {
                let pages = (self.load)(d)?;
                normalise(pages.iter().map(|p| p.text.as_str()))
                    .chars
                    .into()
            }
        };
        self.carriers.push((d, chars.clone()));
        // The oldest go first; the one just read stays, however long (it is in use).
        let mut kept: usize = self.carriers.iter().map(|(_, c)| c.len()).sum();
        while kept > CACHED_CARRIER_CHARS && self.carriers.len() > 1 {
            kept -= self.carriers.remove(0).1.len();
        }
        Ok(chars)
    }

    /// Document `d`'s text.
    pub(crate) fn get(&mut self, d: usize) -> io::Result<Rc<Loaded>> {
        if let Some(i) = self.cache.iter().position(|(x, _)| *x == d) {
            let hit = self.cache.remove(i);
            self.cache.push(hit.clone());
            return Ok(hit.1);
        }
        let pages = (self.load)(d)?;
        let norm = normalise(pages.iter().map(|p| p.text.as_str()));
        let loaded = Rc::new(Loaded {
            pages,
            norm,
            fps: std::cell::OnceCell::new(),
        });
        if self.cache.len() >= CACHED_TEXTS {
            self.cache.remove(0);
        }
        self.cache.push((d, loaded.clone()));
        Ok(loaded)
    }
}

/// A shared run: the same normalised characters at `a_span` in document `a` and `b_span` in `b`
/// (half-open, normalised positions), `distinct` of them outside boilerplate; `prose` is the
/// length of the whole exact run the span was cut from, counted in blocks of at least
/// [`GUARANTEE`] characters ([`prose_len`]) — what [`evidence`] measures copying by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Run {
    pub a: usize,
    pub b: usize,
    pub a_span: (u32, u32),
    pub b_span: (u32, u32),
    pub distinct: u32,
    pub prose: u32,
}

/// A whole run at least this long ([`prose_len`]) is kept even when every stretch of it is
/// boilerplate on its own: text composed of common phrases in the same order over a long
/// passage is copied as a whole (the phrases recur, their sequence does not).
pub(crate) const LONG_RUN: u32 = 80;

/// Characters of a long composed run that must lie outside boilerplate: the junctions between
/// its phrases. A boilerplate block with one odd character at its edge (a code's last digit
/// before a pledge) has one or two.
const LONG_RUN_DISTINCT: u32 = 10;

/// The length of `[s, e)` counted only in its pieces between block starts (`breaks`) that are
/// at least [`GUARANTEE`] long: prose lines and paragraphs count, a row of short table cells
/// or form labels does not (a form's column headers are the same in every copy of the form).
fn prose_len(s: u32, e: u32, breaks: &[u32]) -> u32 {
    let inner = breaks.partition_point(|&b| b <= s);
    let mut from = s;
    let mut total = 0;
    for &b in breaks[inner..]
        .iter()
        .take_while(|&&b| b < e)
        .chain(std::iter::once(&e))
    {
        if (b - from) as usize >= GUARANTEE {
            total += b - from;
        }
        from = b;
    }
    total
}

/// Boilerplate fingerprints, each with its first posting `(document, position)` in up to
/// `MASK_CARRIERS + 2` distinct applicants (so [`MASK_CARRIERS`] remain once the two applicants
/// of a run are left out).
type Boiler = HashMap<u64, Vec<(u32, u32)>>;

/// Seeds of shared runs per pair of documents `(a, b)`, `a < b`: positions `(in a, in b)` of a
/// fingerprint both carry.
type Seeds = BTreeMap<(u32, u32), Vec<(u32, u32)>>;

/// Finds every run of at least [`GUARANTEE`] normalised characters shared by documents of two
/// different applicants (at least one of them current), with boilerplate trimmed from its ends
/// and at least [`GUARANTEE`] consecutive characters left that no `boilerplate_min` applicants
/// share. Returns runs sorted by (a, b, position).
///
/// `canon[d]` names document `d`'s exact-copy group by its member whose fingerprints were
/// spilled (`canon[d] == d` for a document without copies): only those members have postings,
/// a posting stands for every member of its group (their applicants count for boilerplate),
/// runs are found once per pair of groups, and a group whose members belong to two or more
/// applicants gets a run with itself (`a == b`: the whole document shared).
///
/// `buckets` is called with `0..n_buckets` and gives every [`Posting`] whose hash falls in that
/// bucket (all postings of a hash in one bucket); `load` gives a document's pages, read only
/// for documents that share text with another applicant; `minhash` gives a document's MinHash
/// signature, read for the documents of candidate pairs to put them in near-copy groups
/// ([`group`]), which order the pairs' alignment (not what it finds). The pairs of documents
/// are aligned in parallel on rayon's current pool, in chunks of consecutive pairs (those of
/// one near-copy group, or of two, together), each chunk with its own [`Texts`] cache: up to
/// [`CACHED_TEXTS`] documents and [`CACHED_CARRIER_CHARS`] characters of boilerplate carriers
/// per thread. The result does not depend on the number of threads.
pub(crate) fn find_runs(
    docs: &[DupDoc],
    canon: &[u32],
    n_buckets: usize,
    buckets: impl Fn(usize) -> io::Result<Vec<Posting>> + Sync,
    load: &(dyn Fn(usize) -> io::Result<Vec<ArchivedPage>> + Sync),
    minhash: impl FnMut(u32) -> io::Result<Vec<u64>>,
    boilerplate_min: usize,
) -> io::Result<Vec<Run>> {
    use rayon::prelude::*;
    let mut boiler: Boiler = HashMap::new();
    let mut seeds: Seeds = BTreeMap::new();
    let groups = Groups::new(docs, canon, boilerplate_min);
    // Buckets are indexed in parallel, a few per thread at a time (each holds 1/n_buckets of
    // the postings), and merged in bucket order: a hash lies in one bucket only, and a pair's
    // seeds are sorted before use, so the result does not depend on the threads.
    let per_round = rayon::current_num_threads().max(1) * 2;
    for round in (0..n_buckets).collect::<Vec<_>>().chunks(per_round) {
        let parts = round
            .par_iter()
            .map(|&b| {
                // The bucket's inverted index as one sorted array: a hash's postings are a
                // contiguous slice (no per-hash allocation).
                let mut postings = buckets(b)?;
                postings.sort_unstable();
                let (mut boiler, mut seeds) = (Boiler::new(), Seeds::new());
                index_bucket(&groups, &postings, boilerplate_min, &mut boiler, &mut seeds);
                Ok((boiler, seeds))
            })
            .collect::<io::Result<Vec<(Boiler, Seeds)>>>()?;
        for (b, s) in parts {
            boiler.extend(b);
            for (pair, mut pos) in s {
                seeds.entry(pair).or_default().append(&mut pos);
            }
        }
    }
    let mut seeds: Vec<_> = seeds.into_iter().collect();
    // Pairs in the order of their documents' near-copy groups (see `group`): the pairs of a
    // group, or between two groups, consecutive, so one thread aligns them with its cache.
    let mut paired: Vec<u32> = seeds.iter().flat_map(|((a, b), _)| [*a, *b]).collect();
    paired.sort_unstable();
    paired.dedup();
    let near = group::near_groups(&paired, minhash)?;
    let group_of = |d: u32| paired.binary_search(&d).map_or(d, |i| near[i]);
    seeds.sort_by_cached_key(|&((a, b), _)| {
        let (ga, gb) = (group_of(a), group_of(b));
        (ga.min(gb), ga.max(gb), a, b)
    });
    let per = seeds
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1);
    let found = seeds
        .par_chunks_mut(per)
        .map(|chunk| {
            let mut texts = Texts::new(load);
            let mut runs = Vec::new();
            for ((a, b), pos) in chunk {
                let (a, b) = (*a as usize, *b as usize);
                align(&groups, &boiler, &mut texts, a, b, pos, &mut runs)?;
            }
            Ok(runs)
        })
        .collect::<io::Result<Vec<Vec<Run>>>>()?;
    let mut runs: Vec<Run> = found.into_iter().flatten().collect();
    runs.sort();
    Ok(runs)
}

/// The runs documents `a` and `b` share through their seeds `pos` (positions in `a`, `b`),
/// extended to their full length and trimmed of boilerplate, appended to `runs`.
fn align(
    groups: &Groups,
    boiler: &Boiler,
    texts: &mut Texts,
    a: usize,
    b: usize,
    pos: &mut Vec<(u32, u32)>,
    runs: &mut Vec<Run>,
) -> io::Result<()> {
    pos.sort_unstable_by_key(|&(pa, pb)| (i64::from(pb) - i64::from(pa), pa));
    pos.dedup();
    let (ta, tb) = (texts.get(a)?, texts.get(b)?);
    let mut found: Vec<(u32, u32, i64)> = Vec::new();
    let mut cur: Option<(i64, u32)> = None;
    for &(pa, pb) in pos.iter() {
        let diag = i64::from(pb) - i64::from(pa);
        if cur.is_some_and(|(d, end)| d == diag && pa < end) {
            continue;
        }
        let Some((s, e)) = extend(&ta.norm.chars, &tb.norm.chars, pa as usize, pb as usize) else {
            continue;
        };
        cur = Some((diag, e as u32));
        if e - s >= GUARANTEE {
            found.push((s as u32, e as u32, diag));
        }
    }
    for (s, e, diag) in found {
        let mask = mask(groups, boiler, texts, &ta, a, b, s, e)?;
        let unmasked = e - s - covered(s, e, &mask);
        // Boilerplate the run starts or ends with (a form paragraph before the copied one) is
        // no part of the copy: measured from its first to its last character outside it.
        let prose = unmasked_ends(s, e, &mask).map_or(0, |(x, y)| prose_len(x, y, &ta.norm.breaks));
        let kept = distinct_part(s, e, mask, &ta.norm.breaks).or(
            // A long run of common phrases in one order: kept whole (see LONG_RUN).
            (prose >= LONG_RUN && unmasked >= LONG_RUN_DISTINCT).then_some((s, e, unmasked)),
        );
        if let Some((ts, te, distinct)) = kept {
            let (bs, be) = ((i64::from(ts) + diag) as u32, (i64::from(te) + diag) as u32);
            runs.push(Run {
                a,
                b,
                a_span: (ts, te),
                b_span: (bs, be),
                distinct,
                prose,
            });
        }
    }
    Ok(())
}

/// Documents by exact-copy group: each group's members, applicants and whether one is current.
pub(crate) struct Groups<'a> {
    docs: &'a [DupDoc],
    canon: &'a [u32],
    /// Members of each group, by its canonical document (empty for non-canonical documents).
    members: Vec<Vec<u32>>,
    /// Distinct applicants of each group, sorted, at most `boilerplate_min` of them (enough to
    /// tell boilerplate).
    applicants: Vec<Vec<u32>>,
    /// Whether a member of the group belongs to the batch being checked.
    current: Vec<bool>,
}

impl<'a> Groups<'a> {
    fn new(docs: &'a [DupDoc], canon: &'a [u32], boilerplate_min: usize) -> Groups<'a> {
        let n = docs.len();
        let (mut members, mut applicants) = (vec![Vec::new(); n], vec![Vec::new(); n]);
        let mut current = vec![false; n];
        for (d, doc) in docs.iter().enumerate() {
            let c = canon.get(d).map_or(d, |&c| c as usize);
            members[c].push(d as u32);
            current[c] |= doc.current;
            let apps: &mut Vec<u32> = &mut applicants[c];
            if let Err(i) = apps.binary_search(&doc.applicant)
                && apps.len() < boilerplate_min.max(2)
            {
                apps.insert(i, doc.applicant);
            }
        }
        Groups {
            docs,
            canon,
            members,
            applicants,
            current,
        }
    }

    /// Document `d`'s group (its canonical document).
    pub(crate) fn of(&self, d: usize) -> usize {
        self.canon.get(d).map_or(d, |&c| c as usize)
    }
}

/// One bucket's postings, sorted: boilerplate hashes go to `boiler` with their first carriers;
/// hashes two to `boilerplate_min − 1` applicants share make seeds, per pair of documents of
/// different applicants (one of them current) whose contexts allow a shared run there, at their
/// positions. Postings are of canonical documents: each stands for its exact-copy group.
fn index_bucket(
    groups: &Groups,
    postings: &[Posting],
    boilerplate_min: usize,
    boiler: &mut Boiler,
    seeds: &mut Seeds,
) {
    let docs = groups.docs;
    let mut applicants: Vec<u32> = Vec::new();
    for group in postings.chunk_by(|x, y| x.0 == y.0) {
        if group.len() < 2 && groups.applicants[group[0].1 as usize].len() < 2 {
            continue; // a fingerprint of one document only: the common case, nothing shared
        }
        let h = group[0].0;
        applicants.clear();
        for &(_, d, _, _) in group {
            applicants.extend_from_slice(&groups.applicants[d as usize]);
        }
        applicants.sort_unstable();
        applicants.dedup();
        let reference = applicants.last() == Some(&REFERENCE);
        if group.len() > MAX_POSTINGS || reference || applicants.len() >= boilerplate_min {
            let mut carriers: Vec<(u32, u32)> = Vec::new();
            'carriers: for &(_, c, p, _) in group {
                for &d in &groups.members[c as usize] {
                    let app = docs[d as usize].applicant;
                    if carriers
                        .iter()
                        .all(|(x, _)| docs[*x as usize].applicant != app)
                    {
                        carriers.push((d, p));
                        if carriers.len() >= MASK_CARRIERS + 2 {
                            break 'carriers;
                        }
                    }
                }
            }
            boiler.insert(h, carriers);
            continue;
        }
        if applicants.len() < 2 {
            continue;
        }
        for (i, &(_, da, pa, ca)) in group.iter().enumerate() {
            let ga = da as usize;
            // The whole document shared between the applicants of its copies.
            if groups.applicants[ga].len() >= 2 && groups.current[ga] {
                seeds.entry((da, da)).or_default().push((pa, pa));
            }
            for &(_, db, pb, cb) in &group[i + 1..] {
                let gb = db as usize;
                let (xa, ya) = (&groups.applicants[ga], &groups.applicants[gb]);
                // A k-gram the two texts share by chance, inside no run of GUARANTEE
                // characters, is no seed: neither text needs loading for it.
                let same_applicant = xa.len() == 1 && xa == ya;
                if same_applicant
                    || !(groups.current[ga] || groups.current[gb])
                    || !may_share_run(ca, cb)
                {
                    continue;
                }
                let (key, pos) = if da < db {
                    ((da, db), (pa, pb))
                } else {
                    ((db, da), (pb, pa))
                };
                seeds.entry(key).or_default().push(pos);
            }
        }
    }
}

/// The maximal equal run through `a[pa..pa+K] == b[pb..pb+K]`, in `a`'s positions; `None` when
/// the k-grams differ (a hash collision).
fn extend(a: &[char], b: &[char], pa: usize, pb: usize) -> Option<(usize, usize)> {
    if pa + K > a.len() || pb + K > b.len() || a[pa..pa + K] != b[pb..pb + K] {
        return None;
    }
    let left = a[..pa]
        .iter()
        .rev()
        .zip(b[..pb].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let right = a[pa + K..]
        .iter()
        .zip(&b[pb + K..])
        .take_while(|(x, y)| x == y)
        .count();
    Some((pa - left, pa + K + right))
}

/// Boilerplate intervals inside `a[s..e)`: for each boilerplate fingerprint of `a` there, the
/// stretch `a` shares with up to [`MASK_CARRIERS`] other carriers (neither `a`'s nor `b`'s
/// applicant), intersected — exactly the text those applicants all carry.
#[allow(clippy::too_many_arguments)]
fn mask(
    groups: &Groups,
    boiler: &Boiler,
    texts: &mut Texts,
    ta: &Loaded,
    a: usize,
    b: usize,
    s: u32,
    e: u32,
) -> io::Result<Vec<(u32, u32)>> {
    let docs = groups.docs;
    let fps = ta.fps();
    let from = fps.partition_point(|&(_, p)| p < s);
    let mut out = Vec::new();
    // The last run found with each carrier: (diagonal, start, end) in `a`'s positions.
    let mut last: HashMap<u32, (i64, u32, u32)> = HashMap::new();
    for &(h, p) in fps[from..]
        .iter()
        .take_while(|&&(_, p)| p as usize + K <= e as usize)
    {
        let Some(all) = boiler.get(&h) else {
            continue;
        };
        let carriers = all
            .iter()
            .filter(|(c, _)| {
                // A copy of `a` or `b` is no witness of what other applicants carry.
                let app = docs[*c as usize].applicant;
                let g = groups.of(*c as usize);
                app != docs[a].applicant
                    && app != docs[b].applicant
                    && g != groups.of(a)
                    && g != groups.of(b)
            })
            .take(MASK_CARRIERS);
        let (mut lo, mut hi) = (0u32, u32::MAX);
        let mut any = false;
        for &(c, pc) in carriers {
            let diag = i64::from(pc) - i64::from(p);
            // Maximal equal runs on one diagonal are disjoint: a k-gram inside the last run
            // found with this carrier on this diagonal extends to exactly that run. Reusing it
            // keeps the mask linear in the run, not quadratic (a whole shared document made of
            // boilerplate would otherwise be re-extended once per fingerprint).
            let known = last
                .get(&c)
                .filter(|&&(d, x0, x1)| d == diag && x0 <= p && p as usize + K <= x1 as usize)
                .map(|&(_, x0, x1)| (x0 as usize, x1 as usize));
            let found = match known {
                Some(run) => Some(run),
                None => {
                    let tc = texts.chars(c as usize)?;
                    let run = extend(&ta.norm.chars, &tc, p as usize, pc as usize);
                    if let Some((x0, x1)) = run {
                        last.insert(c, (diag, x0 as u32, x1 as u32));
                    }
                    run
                }
            };
            if let Some((x0, x1)) = found {
                lo = lo.max(x0 as u32);
                hi = hi.min(x1 as u32);
                any = true;
            }
        }
        if !any {
            (lo, hi) = (p, p + K as u32);
        }
        out.push((lo.max(s), hi.min(e)));
    }
    Ok(out)
}

/// How many characters of `[s, e)` the (possibly overlapping) intervals of `mask` cover.
fn covered(s: u32, e: u32, mask: &[(u32, u32)]) -> u32 {
    let mut m: Vec<(u32, u32)> = mask.iter().map(|&(x, y)| (x.max(s), y.min(e))).collect();
    m.sort_unstable();
    let (mut total, mut at) = (0, s);
    for (x, y) in m {
        let x = x.max(at);
        if y > x {
            total += y - x;
            at = y;
        }
    }
    total
}

/// The first and last positions of `[s, e)` that no interval of `mask` covers, as a half-open
/// span; `None` when the mask covers it all.
fn unmasked_ends(s: u32, e: u32, mask: &[(u32, u32)]) -> Option<(u32, u32)> {
    // Sorted once, then walked from each end: linear in the mask, whatever the run's length
    // (a whole document shared by two applicants is one run).
    let mut m: Vec<(u32, u32)> = mask.iter().map(|&(x, y)| (x.max(s), y.min(e))).collect();
    m.sort_unstable();
    let mut first = s;
    for &(x, y) in &m {
        if x > first {
            break;
        }
        first = first.max(y);
    }
    if first >= e {
        return None;
    }
    m.sort_unstable_by_key(|&(_, y)| std::cmp::Reverse(y));
    let mut last = e;
    for &(x, y) in &m {
        if y < last {
            break;
        }
        last = last.min(x);
    }
    Some((first, last))
}

/// Trims boilerplate off a run: the span from the first to the last stretch of at least
/// [`GUARANTEE`] unmasked characters within one block (`breaks` start blocks), and how many
/// unmasked characters it holds.
fn distinct_part(
    s: u32,
    e: u32,
    mut mask: Vec<(u32, u32)>,
    breaks: &[u32],
) -> Option<(u32, u32, u32)> {
    mask.sort_unstable();
    let mut gaps: Vec<(u32, u32)> = Vec::new();
    let mut at = s;
    for (m0, m1) in mask.into_iter().chain(std::iter::once((e, e))) {
        if m0 > at {
            gaps.push((at, m0));
        }
        at = at.max(m1);
    }
    // Split each gap where a block begins; only stretches inside one block count as copied.
    let mut long: Vec<(u32, u32)> = Vec::new();
    for &(x, y) in &gaps {
        let mut from = x;
        let inner = breaks.partition_point(|&b| b <= x);
        for &b in breaks[inner..]
            .iter()
            .take_while(|&&b| b < y)
            .chain(std::iter::once(&y))
        {
            if (b - from) as usize >= GUARANTEE {
                long.push((from, b));
            }
            from = b;
        }
    }
    let (first, last) = (long.first()?, long.last()?);
    let (ts, te) = (first.0, last.1);
    let distinct = gaps
        .iter()
        .map(|&(x, y)| y.min(te).saturating_sub(x.max(ts)))
        .sum();
    Some((ts, te, distinct))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_counts_only_long_blocks() {
        // One 40-character paragraph: all of it.
        assert_eq!(prose_len(0, 40, &[]), 40);
        // Table cells of 6 characters: none; a 20-character line among them: that line.
        assert_eq!(prose_len(0, 36, &[6, 12, 18, 24, 30]), 0);
        assert_eq!(prose_len(0, 38, &[6, 12, 32]), 20);
        assert_eq!(covered(0, 30, &[(0, 10), (5, 12), (20, 40)]), 22);
        assert_eq!(
            unmasked_ends(0, 30, &[(0, 10), (5, 12), (20, 40)]),
            Some((12, 20))
        );
        assert_eq!(unmasked_ends(0, 30, &[(0, 30)]), None);
    }

    #[test]
    fn distinct_part_trims_boilerplate_ends() {
        assert_eq!(distinct_part(0, 40, vec![(0, 20)], &[]), Some((20, 40, 20)));
        assert_eq!(distinct_part(0, 30, vec![(0, 20)], &[]), None);
        assert_eq!(distinct_part(0, 50, vec![(14, 20)], &[]), Some((0, 50, 44)));
        // 12 + 8 characters on either side of a block break: no passage.
        assert_eq!(distinct_part(0, 20, vec![], &[12]), None);
        assert_eq!(distinct_part(0, 30, vec![], &[12]), Some((12, 30, 18)));
    }
}
