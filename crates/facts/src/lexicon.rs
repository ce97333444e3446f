//! The per-metric lexicon (`pipelines/lexicon/metrics.toml`), compiled in and matched with
//! Aho–Corasick automata (leftmost-longest, so 硕士及以上学历 wins over 硕士).

use crate::Error;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use std::collections::HashMap;

/// The lexicon source, embedded so the tool works from any directory.
pub const SOURCE: &str = include_str!("../../../pipelines/lexicon/metrics.toml");

/// One metric's entry, as the TOML file gives it (see the file's header for the fields).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The metric key of `metrics.tsv`.
    pub key: String,
    /// Cue words preceding a figure (and form/table labels).
    #[serde(default)]
    pub before: Vec<String>,
    /// Words following a figure's measure word.
    #[serde(default)]
    pub after: Vec<String>,
    /// One must stand in the figure's clause or the clause before.
    #[serde(default)]
    pub requires: Vec<String>,
    /// None may stand in the figure's clause or the clause before.
    #[serde(default)]
    pub forbids: Vec<String>,
    /// Longer words holding a cue that mean something else.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Measure words accepted for a count metric.
    #[serde(default)]
    pub counters: Vec<String>,
    /// For a percentage: the metric whose share it is.
    #[serde(default)]
    pub ratio_of: Option<String>,
    /// Metrics a 合计 row sums to this one.
    #[serde(default)]
    pub parts: Vec<String>,
    /// Further canonical units accepted.
    #[serde(default)]
    pub also: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    metric: Vec<Entry>,
}

/// The compiled lexicon.
pub struct Lexicon {
    /// Entries in file order.
    pub entries: Vec<Entry>,
    before_words: Vec<(String, Vec<usize>)>,
    /// `before_words` by word: a label cell is looked up whole, up to a dozen times per cell.
    before_exact: HashMap<String, usize>,
    before_ac: AhoCorasick,
    after_words: Vec<(String, Vec<usize>)>,
    after_ac: AhoCorasick,
}

/// A cue found in text: character offsets and the entries (indices) it may stand for.
#[derive(Debug, Clone)]
pub struct CueHit {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Entry indices in file order.
    pub entries: Vec<usize>,
    /// The cue word.
    pub word: String,
}

fn group(entries: &[Entry], pick: impl Fn(&Entry) -> &Vec<String>) -> Vec<(String, Vec<usize>)> {
    let mut words: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        for w in pick(e) {
            match words.iter_mut().find(|(x, _)| x == w) {
                Some((_, v)) => v.push(i),
                None => words.push((w.clone(), vec![i])),
            }
        }
    }
    words
}

fn automaton(words: &[(String, Vec<usize>)], file: &str) -> Result<AhoCorasick, Error> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(words.iter().map(|(w, _)| w.as_str()))
        .map_err(|e| Error::Lexicon {
            file: file.into(),
            message: e.to_string(),
        })
}

impl Lexicon {
    /// Parses and compiles a lexicon from TOML text; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Lexicon`] when the TOML does not parse, or an entry names a metric that is not in
    /// `metrics.tsv`.
    pub fn parse(text: &str, file: &str) -> Result<Lexicon, Error> {
        let f: File = toml::from_str(text).map_err(|e| Error::Lexicon {
            file: file.into(),
            message: e.to_string(),
        })?;
        for e in &f.metric {
            let refs = std::iter::once(&e.key)
                .chain(&e.parts)
                .chain(e.ratio_of.iter());
            for k in refs {
                if intake_model::metric(k).is_none() {
                    return Err(Error::Lexicon {
                        file: file.into(),
                        message: format!("entry {}: {k} is not a metric of metrics.tsv", e.key),
                    });
                }
            }
        }
        let before_words = group(&f.metric, |e| &e.before);
        let after_words = group(&f.metric, |e| &e.after);
        let before_exact = before_words
            .iter()
            .enumerate()
            .map(|(i, (w, _))| (w.clone(), i))
            .collect();
        Ok(Lexicon {
            before_exact,
            before_ac: automaton(&before_words, file)?,
            after_ac: automaton(&after_words, file)?,
            entries: f.metric,
            before_words,
            after_words,
        })
    }

    /// The embedded lexicon.
    ///
    /// # Errors
    /// As [`Lexicon::parse`] (a test guards the embedded file).
    pub fn embedded() -> Result<Lexicon, Error> {
        Lexicon::parse(SOURCE, "metrics.toml")
    }

    /// The entry index for a metric key.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.key == key)
    }

    fn hits(ac: &AhoCorasick, words: &[(String, Vec<usize>)], text: &str) -> Vec<CueHit> {
        // Byte offsets → character offsets.
        let mut char_at = vec![0usize; text.len() + 1];
        let mut n = 0;
        for (b, c) in text.char_indices() {
            char_at[b] = n;
            n += 1;
            let _ = c;
        }
        char_at[text.len()] = n;
        ac.find_iter(text)
            .map(|m| {
                let (w, entries) = &words[m.pattern().as_usize()];
                CueHit {
                    start: char_at[m.start()],
                    end: char_at[m.end()],
                    entries: entries.clone(),
                    word: w.clone(),
                }
            })
            .collect()
    }

    /// Leftmost-longest `before` cues in `text` (folded), with character offsets.
    pub fn before_hits(&self, text: &str) -> Vec<CueHit> {
        Lexicon::hits(&self.before_ac, &self.before_words, text)
    }

    /// Leftmost-longest `after` cues in `text` (folded), with character offsets.
    pub fn after_hits(&self, text: &str) -> Vec<CueHit> {
        Lexicon::hits(&self.after_ac, &self.after_words, text)
    }

    /// The entries whose label matches a whole table or form cell (after cleaning): an exact cue,
    /// else the longest cue the label holds.
    pub fn label_entries(&self, label: &str) -> Vec<usize> {
        let exact = |l: &str| {
            self.before_exact
                .get(l)
                .map(|&i| self.before_words[i].1.clone())
        };
        if let Some(v) = exact(label) {
            return v;
        }
        // Every match below is a cue the label holds: most cells hold none, and one pass of the
        // automaton says so before any period is looked for.
        if !self.before_ac.is_match(label) {
            return Vec::new();
        }
        // A label is a cue with at most a period or 其中 before it and a counting word after it
        // (2023年营业收入, 其中博士, 从业人员数量); anything else (职工薪酬, 应付职工薪酬) is no
        // label of a metric even if it holds a cue.
        let mut core = label;
        for _ in 0..3 {
            let before = core;
            for p in [
                "其中",
                "全年",
                "本年",
                "年末",
                "现有",
                "累计",
                "上一年度",
                "上年度",
                "上年",
            ] {
                core = core.strip_prefix(p).unwrap_or(core);
            }
            let periods = crate::date::find_periods(&core.chars().collect::<Vec<_>>());
            if let Some(p) = periods.first().filter(|p| p.start == 0) {
                core = &core[core
                    .char_indices()
                    .nth(p.end)
                    .map_or(core.len(), |(b, _)| b)..];
            }
            if core == before {
                break;
            }
        }
        for suffix in [
            "", "人数", "数量", "总数", "合计", "总计", "人员", "情况", "数", "姓名", "名称",
        ] {
            if let Some(v) = core
                .strip_suffix(suffix)
                .filter(|c| !c.is_empty())
                .and_then(exact)
            {
                return v;
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses_and_covers_every_metric() {
        let lex = Lexicon::embedded().unwrap();
        for m in intake_model::metrics() {
            let e = lex.index(m.key).map(|i| &lex.entries[i]);
            assert!(
                e.is_some_and(|e| !e.before.is_empty() || !e.after.is_empty()),
                "no cues for {}",
                m.key
            );
        }
    }

    #[test]
    fn longest_cue_wins() {
        let lex = Lexicon::embedded().unwrap();
        let hits = lex.before_hits("从业人员共计126人，其中硕士及以上学历68人");
        let words: Vec<&str> = hits.iter().map(|h| h.word.as_str()).collect();
        assert_eq!(words, ["从业人员", "硕士及以上学历"]);
        assert_eq!((hits[1].start, hits[1].end), (13, 20));
        assert!(matches!(
            Lexicon::parse("[[metric]]\nkey = \"no.such\"\n", "x.toml"),
            Err(Error::Lexicon { .. })
        ));
    }
}
