//! The archive of earlier batches: what cross-batch checks need, written to
//! `OUT/integrity.archive.json` and read back with `--archive OUT_OLD`.

use std::path::{Path, PathBuf};

use intake_model::Regime;
use serde::{Deserialize, Serialize};

use crate::IntegrityError;

/// The archive's file name inside an OUT folder.
pub const ARCHIVE_FILE: &str = "integrity.archive.json";
/// The archive format version this build writes and reads.
pub const ARCHIVE_VERSION: u32 = 1;

/// Compact state of earlier batches: per submission its identity (names, credit codes, regime,
/// application date), document metadata and page texts (copied passages are quoted from them and
/// their fingerprints recomputed on load), plus the outcomes reviewers record by hand: units
/// removed from a list (服务平台 第十九条) and units recognised (第二十条).
///
/// Deterministic: submissions are kept sorted by (batch, submission, content), so the same
/// batches give a byte-identical file. Label each batch distinctly (its OUT folder, a date).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Archive {
    /// Format version ([`ARCHIVE_VERSION`]).
    pub version: u32,
    /// Every archived submission, sorted by (batch, submission).
    pub submissions: Vec<ArchivedSubmission>,
    /// Units removed from a list, with the date of removal.
    #[serde(default)]
    pub removed: Vec<UnitRecord>,
    /// Units already recognised (a branch of one may not be granted, 服务平台 第二十条).
    #[serde(default)]
    pub recognised: Vec<UnitRecord>,
}

/// One submission of an earlier (or the current) batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedSubmission {
    /// The batch's label (its OUT folder name or date); empty for the batch being checked.
    pub batch: String,
    /// The submission folder's name.
    pub submission: String,
    /// The regime applied for, if known.
    pub regime: Option<Regime>,
    /// Every `org.name` statement (value and place).
    pub org_names: Vec<Stated>,
    /// Every `org.credit_code` statement.
    pub credit_codes: Vec<Stated>,
    /// The application date `YYYY-MM-DD`, if stated.
    pub application_date: Option<String>,
    /// The submission's documents, sorted by path.
    pub documents: Vec<ArchivedDocument>,
}

/// A value as a document states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// The value (a name, a code).
    pub value: String,
    /// Document path relative to the submission folder.
    pub document: String,
    /// 1-based PDF page, or `None`.
    pub page: Option<u32>,
    /// The source text.
    pub quote: String,
}

/// One document: the metadata that cross-applicant checks compare, and its text by page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedDocument {
    /// Path relative to the submission folder.
    pub document: String,
    /// Author account (PDF /Author, DOCX dc:creator).
    pub author: Option<String>,
    /// DOCX cp:lastModifiedBy.
    pub last_modified_by: Option<String>,
    /// DOCX settings.xml w:rsidRoot.
    pub rsid_root: Option<String>,
    /// Pages: (1-based number or `None`, text).
    pub pages: Vec<ArchivedPage>,
}

/// One page's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedPage {
    /// 1-based PDF page number, `None` for page-less formats.
    pub number: Option<u32>,
    /// The page's text ([`intake_model::Page::text`]).
    pub text: String,
}

/// A unit removed from, or recognised on, a regime's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// The unit's name.
    pub org_name: String,
    /// Its 统一社会信用代码, if known.
    pub credit_code: Option<String>,
    /// The regime whose list it was removed from or recognised on.
    pub regime: Regime,
    /// Date of removal or recognition, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Why (for removals: 提供虚假材料, …).
    #[serde(default)]
    pub reason: String,
}

impl Archive {
    /// An empty archive of the current version.
    pub fn new() -> Self {
        Archive {
            version: ARCHIVE_VERSION,
            ..Archive::default()
        }
    }

    /// Reads `DIR/integrity.archive.json` (DIR being an earlier OUT folder).
    ///
    /// Errors: [`IntegrityError::Io`] if the file cannot be read, [`IntegrityError::Format`] with
    /// line and column if it is not an archive, [`IntegrityError::Version`] if it is newer.
    ///
    /// The file is parsed as it is read, never held whole as text beside the parsed archive (an
    /// archive of 5,000 submissions is about 500 MB of JSON).
    pub fn load(dir: &Path) -> Result<Archive, IntegrityError> {
        let path = dir.join(ARCHIVE_FILE);
        let file = std::fs::File::open(&path).map_err(|source| IntegrityError::Io {
            path: path.clone(),
            source,
        })?;
        let parsed = serde_json::from_reader(std::io::BufReader::new(file));
        Archive::checked(parsed, &path)
    }

    /// Reads `DIR/integrity.archive.json` one submission at a time: `each` is called with every
    /// submission as it is parsed, in the file's order, and what is returned is the rest (version,
    /// `removed`, `recognised`; no submissions). Memory holds one submission, not the archive:
    /// an archive of 5,000 submissions is about 500 MB of JSON and more once parsed.
    ///
    /// Errors as [`load`](Archive::load); a newer version is refused as soon as it is read
    /// (`version` comes first in the files this build writes), before any submission.
    pub fn stream(
        dir: &Path,
        mut each: impl FnMut(ArchivedSubmission),
    ) -> Result<Archive, IntegrityError> {
        let path = dir.join(ARCHIVE_FILE);
        let file = std::fs::File::open(&path).map_err(|source| IntegrityError::Io {
            path: path.clone(),
            source,
        })?;
        let mut version = None;
        let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(file));
        let seed = stream::Frame {
            each: &mut each,
            version: &mut version,
        };
        let parsed = serde::de::DeserializeSeed::deserialize(seed, &mut de).and_then(|a| {
            de.end()?;
            Ok(a)
        });
        match version {
            Some(found) if found > ARCHIVE_VERSION => Err(IntegrityError::Version {
                path,
                found,
                supported: ARCHIVE_VERSION,
            }),
            _ => Archive::checked(parsed, &path),
        }
    }

    /// Parses an archive from its JSON text; `path` only names the source in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Archive, IntegrityError> {
        Archive::checked(serde_json::from_str(text), path)
    }

    /// A parsed archive, its version checked and normalised; errors name `path`. A read error
    /// in the middle of the file is reported as [`IntegrityError::Io`].
    fn checked(
        parsed: Result<Archive, serde_json::Error>,
        path: &Path,
    ) -> Result<Archive, IntegrityError> {
        let mut a = parsed.map_err(|e| match e.io_error_kind() {
            Some(kind) => IntegrityError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(kind, e.to_string()),
            },
            None => IntegrityError::Format {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            },
        })?;
        if a.version > ARCHIVE_VERSION {
            return Err(IntegrityError::Version {
                path: path.to_path_buf(),
                found: a.version,
                supported: ARCHIVE_VERSION,
            });
        }
        a.normalise();
        Ok(a)
    }

    /// Writes `DIR/integrity.archive.json`, returning the file's path.
    pub fn save(&self, dir: &Path) -> Result<PathBuf, IntegrityError> {
        let path = dir.join(ARCHIVE_FILE);
        let text = self.to_json();
        std::fs::write(&path, text).map_err(|source| IntegrityError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// Writes `DIR/integrity.archive.json` like [`save`](Archive::save), consuming the archive:
    /// no copy of it is made, and the JSON streams to the file (an archive holds every page
    /// text of its batches, so a copy is as large as the batch's text).
    pub fn save_owned(mut self, dir: &Path) -> Result<PathBuf, IntegrityError> {
        use std::io::Write;
        let path = dir.join(ARCHIVE_FILE);
        let io = |source| IntegrityError::Io {
            path: path.clone(),
            source,
        };
        self.normalise();
        let file = std::fs::File::create(&path).map_err(io)?;
        let mut w = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut w, &self).map_err(|e| io(std::io::Error::other(e)))?;
        w.flush().map_err(io)?;
        Ok(path)
    }

    /// The archive as JSON text (one line, deterministic order).
    pub fn to_json(&self) -> String {
        let mut a = self.clone();
        a.normalise();
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(&a).unwrap_or_default()
    }

    /// Adds another archive's submissions and records; an identical submission is kept once
    /// (repeating `--archive` with overlapping folders is harmless).
    pub fn merge(&mut self, other: Archive) {
        self.submissions.extend(other.submissions);
        self.removed.extend(other.removed);
        self.recognised.extend(other.recognised);
        self.normalise();
    }

    /// Sorts and de-duplicates, so equal content serialises identically.
    fn normalise(&mut self) {
        self.version = ARCHIVE_VERSION;
        for s in &mut self.submissions {
            s.documents.sort_by(|a, b| a.document.cmp(&b.document));
        }
        // Same (batch, submission) with different content (two batches given one label) are
        // both kept, ordered by content; exact repeats (one archive loaded twice) are kept once.
        self.submissions.sort_by(|a, b| {
            (&a.batch, &a.submission)
                .cmp(&(&b.batch, &b.submission))
                .then_with(|| {
                    serde_json::to_string(a)
                        .ok()
                        .cmp(&serde_json::to_string(b).ok())
                })
        });
        self.submissions.dedup();
        for list in [&mut self.removed, &mut self.recognised] {
            list.sort_by(|a, b| {
                (&a.regime, &a.org_name, &a.credit_code, &a.date).cmp(&(
                    &b.regime,
                    &b.org_name,
                    &b.credit_code,
                    &b.date,
                ))
            });
            list.dedup();
        }
    }
}

/// The archive file read as a stream: a map whose `submissions` are handed on one by one.
mod stream {
    use std::fmt;

    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    use super::{ARCHIVE_VERSION, Archive, ArchivedSubmission};

    /// The top-level map: `version`, `submissions` (to `each`), `removed`, `recognised`.
    pub(super) struct Frame<'a, F> {
        pub each: &'a mut F,
        /// The version read, kept for the caller even when parsing fails after it.
        pub version: &'a mut Option<u32>,
    }

    impl<'de, F: FnMut(ArchivedSubmission)> DeserializeSeed<'de> for Frame<'_, F> {
        type Value = Archive;
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Archive, D::Error> {
            d.deserialize_map(self)
        }
    }

    impl<'de, F: FnMut(ArchivedSubmission)> Visitor<'de> for Frame<'_, F> {
        type Value = Archive;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an intake integrity archive")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Archive, A::Error> {
            let mut a = Archive::default();
            let mut submissions = false;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "version" => {
                        let v: u32 = map.next_value()?;
                        *self.version = Some(v);
                        if v > ARCHIVE_VERSION {
                            return Err(de::Error::custom(format!("archive version {v}")));
                        }
                        a.version = v;
                    }
                    "submissions" => {
                        map.next_value_seed(Each(&mut *self.each))?;
                        submissions = true;
                    }
                    "removed" => a.removed = map.next_value()?,
                    "recognised" => a.recognised = map.next_value()?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            if self.version.is_none() {
                return Err(de::Error::missing_field("version"));
            }
            if !submissions {
                return Err(de::Error::missing_field("submissions"));
            }
            Ok(a)
        }
    }

    /// The `submissions` list, each element handed to the callback as soon as it is parsed.
    struct Each<'a, F>(&'a mut F);

    impl<'de, F: FnMut(ArchivedSubmission)> DeserializeSeed<'de> for Each<'_, F> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de, F: FnMut(ArchivedSubmission)> Visitor<'de> for Each<'_, F> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of archived submissions")
        }

        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
            while let Some(s) = seq.next_element::<ArchivedSubmission>()? {
                (self.0)(s);
            }
            Ok(())
        }
    }
}
