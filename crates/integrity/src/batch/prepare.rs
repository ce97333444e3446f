//! Preparing a submission for the checker off its thread: the skeleton kept of it and its
//! documents' signatures (normalisation, winnowing, MinHash — the costly part).

use intake_model::{Document, Value, key};

use super::BatchChecker;
use crate::SubmissionInput;
use crate::archive::{ArchivedDocument, ArchivedPage, ArchivedSubmission, Stated};
use crate::common::Ctx;
use crate::dup::shingle::{fingerprints, minhash, normalise};

/// A document's signature for the copied-text check: its winnowing fingerprints (hash,
/// position in the normalised text, context) and its MinHash, over the text of its pages.
/// Making one is linear in the text and the costly part of preparing a submission: a pipeline
/// makes it with [`DocSignature::of`] on the thread its document watchdog bounds, and hands it
/// over with [`BatchChecker::prepare_signed`].
#[derive(Debug, Clone)]
pub struct DocSignature {
    pub(crate) fps: Vec<(u64, u32, u128)>,
    pub(crate) minhash: Vec<u64>,
}

impl DocSignature {
    /// The signature of `doc`'s page texts ([`intake_model::Page::text`]), equal to the one
    /// [`BatchChecker::prepare`] makes itself.
    pub fn of(doc: &Document) -> DocSignature {
        let texts: Vec<String> = doc.pages.iter().map(|p| p.text()).collect();
        Self::of_texts(texts.iter().map(String::as_str))
    }

    pub(super) fn of_archived(doc: &ArchivedDocument) -> DocSignature {
        Self::of_texts(doc.pages.iter().map(|p| p.text.as_str()))
    }

    fn of_texts<'a>(pages: impl IntoIterator<Item = &'a str>) -> DocSignature {
        let n = normalise(pages);
        let fps = fingerprints(&n.chars);
        let minhash = minhash(fps.iter().map(|f| f.0));
        DocSignature { fps, minhash }
    }
}

/// One submission made ready for [`BatchChecker::add_prepared`] by [`BatchChecker::prepare`].
#[derive(Debug, Clone)]
pub struct PreparedSubmission {
    pub(super) sub: ArchivedSubmission,
    pub(super) sigs: Vec<DocSignature>,
}

impl BatchChecker {
    /// What [`add`](BatchChecker::add) keeps of a submission — identity, document metadata,
    /// page texts and signatures (normalisation, winnowing and MinHash, the costly part) —
    /// computed without the checker, so a pipeline can prepare submissions in parallel and add
    /// them in any order.
    pub fn prepare(input: SubmissionInput<'_>) -> PreparedSubmission {
        Self::prepare_signed(input, Vec::new())
    }

    /// [`prepare`](BatchChecker::prepare) with the documents' signatures made beforehand:
    /// `signatures[i]` is [`DocSignature::of`] `input.documents[i]`; a document without one
    /// (the list is shorter) is signed here.
    pub fn prepare_signed(
        input: SubmissionInput<'_>,
        signatures: Vec<DocSignature>,
    ) -> PreparedSubmission {
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
        let mut signatures = signatures.into_iter();
        let mut documents: Vec<(ArchivedDocument, DocSignature)> = input
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
            .map(|d| {
                let sig = signatures
                    .next()
                    .unwrap_or_else(|| DocSignature::of_archived(&d));
                (d, sig)
            })
            .collect();
        documents.sort_by(|a, b| a.0.document.cmp(&b.0.document));
        let (documents, sigs): (Vec<_>, Vec<_>) = documents.into_iter().unzip();
        let sub = ArchivedSubmission {
            batch: String::new(),
            submission: input.submission.to_string(),
            regime: input.regime.clone(),
            org_names: stated(key::ORG_NAME),
            credit_codes: stated(key::ORG_CREDIT_CODE),
            application_date: ctx.app.map(|(d, _)| d.to_string()),
            documents,
        };
        PreparedSubmission { sub, sigs }
    }
}
