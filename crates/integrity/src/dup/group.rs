//! Near-copy groups: documents whose fingerprint sets are nearly the same (one text handed to
//! many applicants with their names put in), found from their MinHash signatures.
//!
//! Exact copies are grouped when they are added (one content, one set of postings: see
//! `canon` in [`find_runs`](super::find_runs)); near copies cannot be, as their names differ.
//! Grouping them decides the order in which the candidate pairs are aligned: every pair of a
//! group, and every pair between two groups, is aligned in one stretch, so each member is read
//! and normalised once per stretch instead of once per pair (with `m` near copies of a
//! document, `m (m − 1) / 2` pairs need `m` texts). The pairs and their runs stay what they
//! were: two near copies of different applicants still share their text outside boilerplate,
//! and only aligning them tells which passages and how long (names and figures put in split
//! the runs, and each pair's boilerplate is measured against other applicants than its own).

use std::collections::HashMap;
use std::io;

use super::shingle::{MINHASH_LEN, mix, resemblance};

/// Estimated Jaccard resemblance of two fingerprint sets (the share of agreeing MinHash
/// values) from which two documents are near copies: 58 of 64 values. Two copies of one
/// document of 15,000 characters that differ by a name in a dozen places agree in about 98%;
/// a document sharing one section of three with another, in about a third.
pub(crate) const NEAR_COPY: f64 = 0.9;

/// MinHash values per band of the LSH index that proposes candidates: 16 bands of 4. Two
/// documents of resemblance 0.9 agree on a whole band with probability 0.9⁴ = 0.66, on at
/// least one of 16 with probability 1 − 0.34¹⁶ (all but certain); of resemblance 0.3, on a
/// band with probability 0.008 — and a candidate is confirmed on the whole signature anyway.
const ROWS: usize = 4;

/// The near-copy group of each of `docs` (ascending document ids), named by its smallest
/// member: `out[i]` for `docs[i]`. `minhash(d)` reads document `d`'s signature back; a document
/// without text (a signature of `u64::MAX` only) is a group of its own.
///
/// Each document is compared with the first document of each LSH band it falls into, so the
/// work is linear in the documents (16 comparisons each at most), whatever the duplication;
/// groups are joined transitively (a chain of near copies is one group). The result depends
/// only on the signatures and the order of `docs`.
pub(crate) fn near_groups(
    docs: &[u32],
    mut minhash: impl FnMut(u32) -> io::Result<Vec<u64>>,
) -> io::Result<Vec<u32>> {
    let bands = MINHASH_LEN / ROWS;
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    // The first document (index into `docs`) of each band key, per band.
    let mut first: Vec<HashMap<u64, usize>> = vec![HashMap::new(); bands];
    let mut sigs: Vec<Vec<u64>> = Vec::with_capacity(docs.len());
    for (i, &d) in docs.iter().enumerate() {
        let sig = minhash(d)?;
        if sig.len() >= MINHASH_LEN && sig.iter().any(|&v| v != u64::MAX) {
            for (b, band) in sig.chunks_exact(ROWS).take(bands).enumerate() {
                let key = band.iter().fold(b as u64, |h, &v| mix(h ^ v));
                match first[b].get(&key) {
                    Some(&f) if resemblance(&sigs[f], &sig) >= NEAR_COPY => {
                        let (rf, ri) = (root(&mut parent, f), root(&mut parent, i));
                        // The smaller index stays the root: groups named by their first member.
                        parent[rf.max(ri)] = rf.min(ri);
                    }
                    Some(_) => {}
                    None => {
                        first[b].insert(key, i);
                    }
                }
            }
        }
        sigs.push(sig);
    }
    Ok((0..docs.len())
        .map(|i| docs[root(&mut parent, i)])
        .collect())
}

/// The root of `x` in a union-find forest, halving the path on the way.
fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dup::shingle::{fingerprints, minhash, mix, normalise};

    /// A text of `n` ideographs drawn from a seeded generator (no run repeats by chance).
    fn text(seed: u64, n: usize) -> String {
        let mut s = seed;
        (0..n)
            .map(|i| {
                s = mix(s ^ i as u64);
                char::from_u32(0x4E00 + (s % 6000) as u32).unwrap_or('一')
            })
            .collect()
    }

    fn signature(t: &str) -> Vec<u64> {
        let fps = fingerprints(&normalise([t]).chars);
        minhash(fps.iter().map(|f| f.0))
    }

    #[test]
    fn exact_and_near_copies_are_one_group() {
        let body = text(1, 12_000);
        // Document 0; 1 is an exact copy; 2 the same text with another applicant's name put
        // in at the start and in the middle; 3 is unrelated; 4 a near copy of 2 (so of 0).
        let half = body
            .char_indices()
            .nth(6_000)
            .map_or(body.len(), |(i, _)| i);
        let name = |n: &str| {
            format!(
                "申报单位{n}有限公司{}{n}承诺{}",
                &body[..half],
                &body[half..]
            )
        };
        let texts = [
            name("甲"),
            name("甲"),
            name("乙"),
            text(2, 12_000),
            name("丙"),
        ];
        let sigs: Vec<Vec<u64>> = texts.iter().map(|t| signature(t)).collect();
        let docs = [0, 1, 2, 3, 4];
        let groups = near_groups(&docs, |d| Ok(sigs[d as usize].clone())).unwrap();
        assert_eq!(groups, vec![0, 0, 0, 3, 0]);
    }

    #[test]
    fn documents_sharing_a_part_below_the_threshold_stay_apart() {
        // Document 1 shares two thirds of document 0 and writes the rest itself: resemblance
        // about 0.44, well below NEAR_COPY. Document 2 changes one character in every hundred
        // of 0 (each change breaks the k-grams and windows around it): about 0.875, just
        // below — a near miss, not merged.
        let a = text(3, 12_000);
        let cut = a.char_indices().nth(8_000).map_or(a.len(), |(i, _)| i);
        let b = format!("{}{}", &a[..cut], text(4, 4_000));
        let chars: Vec<char> = a.chars().collect();
        let c: String = chars
            .chunks(100)
            .enumerate()
            .flat_map(|(i, ch)| {
                let mut v = ch.to_vec();
                if let Some(x) = v.get_mut(i % 50) {
                    *x = '〇';
                }
                v
            })
            .collect();
        let sigs = [signature(&a), signature(&b), signature(&c)];
        assert!(resemblance(&sigs[0], &sigs[1]) < NEAR_COPY);
        assert!(resemblance(&sigs[0], &sigs[2]) < NEAR_COPY);
        let groups = near_groups(&[7, 8, 9], |d| Ok(sigs[d as usize - 7].clone())).unwrap();
        assert_eq!(groups, vec![7, 8, 9]);
    }

    #[test]
    fn documents_without_text_are_groups_of_their_own() {
        let none = vec![u64::MAX; MINHASH_LEN];
        let groups = near_groups(&[0, 1], |_| Ok(none.clone())).unwrap();
        assert_eq!(groups, vec![0, 1]);
    }
}
