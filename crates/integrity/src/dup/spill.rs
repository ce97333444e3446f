//! The disk side of the copied-text search: what it needs of every document but touches only
//! when the batch ends — page texts (to align and quote passages, and to write the archive) and
//! winnowing fingerprints, and the MinHash signatures only reported pairs need — written to
//! unnamed temporary files as submissions arrive, so memory holds a few kilobytes per submission
//! whatever the batch size.
//!
//! Fingerprints are partitioned by hash into [`BUCKETS`] files of 32-byte records
//! `(hash, document, position, context)`: the inverted index is then built one bucket at a time, every
//! posting of a hash being in the same bucket. Page texts go to one file, a document's pages
//! as one length-prefixed record addressed by (offset, length); MinHash signatures to another,
//! one fixed-size record per document in the order documents are added.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Posting;
use super::shingle::MINHASH_LEN;
use crate::archive::ArchivedPage;

/// Fingerprint bucket files (the top 8 bits of the hash choose one): a bucket, read whole when
/// the batch ends, holds 1/256 of the batch's fingerprints (about 4 MB at 5,000 submissions).
pub(crate) const BUCKETS: usize = 256;
/// Bytes of one fingerprint record: hash u64, document u32, position u32, context u128
/// ([`shingle::context`](super::shingle::context)), little-endian.
const RECORD: usize = 32;
/// Bytes of one MinHash record: [`MINHASH_LEN`] u64, little-endian.
const MINHASH_RECORD: usize = MINHASH_LEN * 8;
/// Write buffer per file; 258 files, about 2 MB in all.
const BUFFER: usize = 8 * 1024;

/// Where a document's pages lie in the text file.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextAt {
    offset: u64,
    len: u64,
}

/// The spill files, created on first use in `dir` (the system's temporary folder if `None`).
/// The files have no name (`O_TMPFILE` or unlinked at once): they vanish with the process,
/// even a killed one.
#[derive(Debug, Default)]
pub(crate) struct Spill {
    dir: Option<PathBuf>,
    files: Option<Files>,
}

#[derive(Debug)]
struct Files {
    texts: BufWriter<File>,
    texts_len: u64,
    buckets: Vec<BufWriter<File>>,
    bucket_len: Vec<u64>,
    minhashes: BufWriter<File>,
    minhash_count: u32,
}

impl Spill {
    /// Spill files will be created in `dir`.
    pub(crate) fn set_dir(&mut self, dir: &Path) {
        self.dir = Some(dir.to_path_buf());
    }

    fn files(&mut self) -> io::Result<&mut Files> {
        if self.files.is_none() {
            let create = || match &self.dir {
                Some(d) => tempfile::tempfile_in(d),
                None => tempfile::tempfile(),
            };
            let texts = BufWriter::with_capacity(BUFFER, create()?);
            let buckets = (0..BUCKETS)
                .map(|_| Ok(BufWriter::with_capacity(BUFFER, create()?)))
                .collect::<io::Result<Vec<_>>>()?;
            self.files = Some(Files {
                texts,
                texts_len: 0,
                buckets,
                bucket_len: vec![0; BUCKETS],
                minhashes: BufWriter::with_capacity(BUFFER, create()?),
                minhash_count: 0,
            });
        }
        Ok(self.files.as_mut().expect("created above"))
    }

    /// Appends a document's pages; returns where they lie.
    pub(crate) fn put_pages(&mut self, pages: &[ArchivedPage]) -> io::Result<TextAt> {
        let mut buf = Vec::with_capacity(4 + pages.iter().map(|p| 9 + p.text.len()).sum::<usize>());
        buf.extend_from_slice(&(pages.len() as u32).to_le_bytes());
        for p in pages {
            buf.push(u8::from(p.number.is_some()));
            buf.extend_from_slice(&p.number.unwrap_or(0).to_le_bytes());
            buf.extend_from_slice(&(p.text.len() as u32).to_le_bytes());
            buf.extend_from_slice(p.text.as_bytes());
        }
        self.put_record(&buf)
    }

    /// Reads a document's pages back.
    pub(crate) fn pages(&mut self, at: TextAt) -> io::Result<Vec<ArchivedPage>> {
        self.reader()?.pages(at)
    }

    /// Appends an opaque record to the text file (a submission's skeleton, say); returns where
    /// it lies.
    pub(crate) fn put_record(&mut self, bytes: &[u8]) -> io::Result<TextAt> {
        let f = self.files()?;
        f.texts.write_all(bytes)?;
        let at = TextAt {
            offset: f.texts_len,
            len: bytes.len() as u64,
        };
        f.texts_len += bytes.len() as u64;
        Ok(at)
    }

    /// Appends a document's fingerprints `(hash, position, context)` under document id `doc`.
    pub(crate) fn put_fingerprints(
        &mut self,
        doc: u32,
        fps: &[(u64, u32, u128)],
    ) -> io::Result<()> {
        let f = self.files()?;
        for &(h, p, ctx) in fps {
            let b = bucket(h);
            let mut rec = [0u8; RECORD];
            rec[..8].copy_from_slice(&h.to_le_bytes());
            rec[8..12].copy_from_slice(&doc.to_le_bytes());
            rec[12..16].copy_from_slice(&p.to_le_bytes());
            rec[16..].copy_from_slice(&ctx.to_le_bytes());
            f.buckets[b].write_all(&rec)?;
            f.bucket_len[b] += RECORD as u64;
        }
        Ok(())
    }

    /// Appends the next document's MinHash signature (documents are numbered in the order of
    /// these calls, from 0); a signature shorter than [`MINHASH_LEN`] (reference text has none)
    /// is padded with `u64::MAX`. Returns the document's number.
    pub(crate) fn put_minhash(&mut self, sig: &[u64]) -> io::Result<u32> {
        let f = self.files()?;
        let mut rec = [0u8; MINHASH_RECORD];
        for (i, chunk) in rec.chunks_exact_mut(8).enumerate() {
            let v = sig.get(i).copied().unwrap_or(u64::MAX);
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        f.minhashes.write_all(&rec)?;
        f.minhash_count += 1;
        Ok(f.minhash_count - 1)
    }

    /// Read access to everything written so far (every write buffer flushed), shareable
    /// between threads until the next write.
    pub(crate) fn reader(&mut self) -> io::Result<Reader<'_>> {
        let f = self.files()?;
        f.texts.flush()?;
        f.minhashes.flush()?;
        for b in &mut f.buckets {
            b.flush()?;
        }
        Ok(Reader { f })
    }
}

/// The spill files read, by positional reads that never move a file's offset: any number of
/// threads may read through one `Reader` at once.
pub(crate) struct Reader<'a> {
    f: &'a Files,
}

impl Reader<'_> {
    /// A document's pages, as [`Spill::put_pages`] wrote them at `at`.
    pub(crate) fn pages(&self, at: TextAt) -> io::Result<Vec<ArchivedPage>> {
        let buf = self.record(at)?;
        decode_pages(&buf).ok_or_else(|| io::Error::other("spilled page text is damaged"))
    }

    /// The bytes [`Spill::put_record`] (or [`Spill::put_pages`]) wrote at `at`.
    pub(crate) fn record(&self, at: TextAt) -> io::Result<Vec<u8>> {
        if at.offset.saturating_add(at.len) > self.f.texts_len {
            return Err(io::Error::other(
                "spilled record lies past the end of its file",
            ));
        }
        let mut buf = vec![0u8; at.len as usize];
        read_at(self.f.texts.get_ref(), &mut buf, at.offset)?;
        Ok(buf)
    }

    /// Document `doc`'s MinHash signature, as [`Spill::put_minhash`] padded it.
    pub(crate) fn minhash(&self, doc: u32) -> io::Result<Vec<u64>> {
        if doc >= self.f.minhash_count {
            return Err(io::Error::other(
                "no MinHash signature spilled for this document",
            ));
        }
        let mut rec = [0u8; MINHASH_RECORD];
        read_at(
            self.f.minhashes.get_ref(),
            &mut rec,
            u64::from(doc) * MINHASH_RECORD as u64,
        )?;
        Ok(rec
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect())
    }

    /// Every record of bucket `b`: `(hash, document, position, context)`, in the order written.
    pub(crate) fn bucket(&self, b: usize) -> io::Result<Vec<Posting>> {
        let f = self.f;
        // Read in pieces so the bytes and the decoded postings are not both held whole.
        let len = f.bucket_len[b];
        let mut out = Vec::with_capacity(len as usize / RECORD);
        let mut buf = vec![0u8; (len as usize).min(1024 * RECORD)];
        let mut at = 0u64;
        while at < len {
            let n = ((len - at) as usize).min(buf.len());
            read_at(f.buckets[b].get_ref(), &mut buf[..n], at)?;
            out.extend(buf[..n].chunks_exact(RECORD).map(|r| {
                let h = u64::from_le_bytes(r[..8].try_into().unwrap_or_default());
                let d = u32::from_le_bytes(r[8..12].try_into().unwrap_or_default());
                let p = u32::from_le_bytes(r[12..16].try_into().unwrap_or_default());
                let ctx = u128::from_le_bytes(r[16..].try_into().unwrap_or_default());
                (h, d, p, ctx)
            }));
            at += n as u64;
        }
        Ok(out)
    }
}

/// The bucket of a fingerprint hash: the top bits of the hash mixed again. Not the hash's own
/// top bits: winnowing keeps each window's minimum, so fingerprint hashes crowd towards zero
/// (the minimum of `W` uniform values) and their top byte would put a bucket's worth of
/// postings several times over into bucket 0 — the one read whole when the batch ends.
fn bucket(h: u64) -> usize {
    (super::shingle::mix(h) >> (64 - BUCKETS.trailing_zeros())) as usize
}

fn decode_pages(mut b: &[u8]) -> Option<Vec<ArchivedPage>> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (b.get(..n)?, b.get(n..)?);
        *b = rest;
        Some(head)
    }
    let u32_of = |s: &[u8]| u32::from_le_bytes(s.try_into().unwrap_or_default());
    let n = u32_of(take(&mut b, 4)?);
    let mut pages = Vec::with_capacity((n as usize).min(b.len() / 9));
    for _ in 0..n {
        let has = take(&mut b, 1)?[0] == 1;
        let number = u32_of(take(&mut b, 4)?);
        let len = u32_of(take(&mut b, 4)?) as usize;
        let text = String::from_utf8(take(&mut b, len)?.to_vec()).ok()?;
        pages.push(ArchivedPage {
            number: has.then_some(number),
            text,
        });
    }
    Some(pages)
}

/// Reads `buf.len()` bytes at `offset` without moving the file position the writer appends at.
#[cfg(unix)]
fn read_at(f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

/// Reads `buf.len()` bytes at `offset`, then puts the position back at the end for the writer.
#[cfg(not(unix))]
fn read_at(mut f: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(buf)?;
    f.seek(SeekFrom::End(0))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_fingerprints_come_back_as_written() {
        let mut s = Spill::default();
        let pages = vec![
            ArchivedPage {
                number: Some(3),
                text: "第六条（五）\n研发人员不少于50人".into(),
            },
            ArchivedPage {
                number: None,
                text: String::new(),
            },
        ];
        let a = s.put_pages(&pages).unwrap();
        s.put_fingerprints(7, &[(u64::MAX, 1, 9), (5, 2, u128::MAX)])
            .unwrap();
        let b = s.put_pages(&pages[..1]).unwrap();
        assert_eq!(s.pages(a).unwrap(), pages);
        assert_eq!(s.pages(b).unwrap(), pages[..1]);
        assert_ne!(bucket(u64::MAX), bucket(5));
        assert_eq!(
            s.reader().unwrap().bucket(bucket(u64::MAX)).unwrap(),
            vec![(u64::MAX, 7, 1, 9)]
        );
        assert_eq!(
            s.reader().unwrap().bucket(bucket(5)).unwrap(),
            vec![(5, 7, 2, u128::MAX)]
        );
        // Writing after reading appends, it does not overwrite.
        let c = s.put_pages(&pages[1..]).unwrap();
        assert_eq!(s.pages(c).unwrap(), pages[1..]);
        assert_eq!(s.pages(a).unwrap(), pages);
    }

    #[test]
    fn minhashes_come_back_by_number_padded() {
        let mut s = Spill::default();
        let full: Vec<u64> = (0..MINHASH_LEN as u64).collect();
        assert_eq!(s.put_minhash(&full).unwrap(), 0);
        assert_eq!(s.put_minhash(&[]).unwrap(), 1);
        assert_eq!(s.put_minhash(&full[..2]).unwrap(), 2);
        assert_eq!(s.reader().unwrap().minhash(0).unwrap(), full);
        assert_eq!(
            s.reader().unwrap().minhash(1).unwrap(),
            vec![u64::MAX; MINHASH_LEN]
        );
        let mut padded = vec![u64::MAX; MINHASH_LEN];
        padded[..2].copy_from_slice(&full[..2]);
        assert_eq!(s.reader().unwrap().minhash(2).unwrap(), padded);
        assert!(s.reader().unwrap().minhash(3).is_err());
    }

    /// Winnowing keeps window minima, so raw hashes crowd towards 0: the buckets must still be
    /// even, or the first one read at the end holds several times its share.
    #[test]
    fn window_minima_spread_evenly_over_buckets() {
        let chars: Vec<char> = (0..200_000u32)
            .map(|i| {
                char::from_u32(0x4e00 + (super::super::shingle::mix(u64::from(i)) % 3000) as u32)
                    .unwrap()
            })
            .collect();
        let mut count = vec![0usize; BUCKETS];
        for (h, _) in super::super::shingle::winnow(&chars) {
            count[bucket(h)] += 1;
        }
        let mean = count.iter().sum::<usize>() / BUCKETS;
        let max = *count.iter().max().unwrap();
        assert!(max < mean * 3 / 2, "largest bucket {max}, mean {mean}");
    }

    #[test]
    fn damaged_records_are_refused_not_trusted() {
        assert!(decode_pages(&[1, 0, 0, 0, 1, 0, 0, 0, 0, 255, 255, 255, 255]).is_none());
        assert!(decode_pages(&[]).is_none());
    }
}
