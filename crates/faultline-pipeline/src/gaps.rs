//! The noun phrases the dictionaries missed (`faultline actors`).
//!
//! Documents are coded as everywhere else, but with `require_dyad` off
//! (the caller sets it), so that events with an unknown side survive. Every
//! source or target whose code is `---` (no actor, no agent) or starts with
//! `---` (`---GOV`: an agent without an actor) is a dictionary gap; its noun
//! phrase is normalised (leading determiners and possessives dropped,
//! compared without case) and counted. The phrases that come up most often
//! are the entries most worth adding to the actor dictionaries.
//!
//! Counting is per sentence: a phrase is counted at most once as a source
//! and once as a target in a sentence, however many events the sentence
//! yields ("X met Y" gives two directed events, but X is one mention).
//! Pronouns, empty phrases and participants left for the document's context
//! to resolve ("the country", a passive without an agent) are not gaps and
//! are left out.
//!
//! [`add_batch`] codes documents in parallel; what each yields is merged in input
//! order, so counts, examples and their order never depend on the number
//! of threads.

use std::collections::HashMap;

use faultline_coder::{Anaphor, Coder, Participant};
use rayon::prelude::*;
use serde::Serialize;

use crate::document::{code_document, Document};

/// Words dropped from the start of a phrase before it is counted.
const LEADING: &[&str] = &["the", "a", "an", "its", "their", "his", "her"];

/// Phrases that are pronouns or quantifiers, not names: never reported.
const PRONOUNS: &str = "i me we us you he him she her it they them who whom which that this \
     these those one itself himself herself themselves someone somebody everyone anyone nobody \
     there all both each some many most few several others another any none what";

/// Words of an amount ("$28 million", "three"): such a phrase names no one.
const NUMBER_WORDS: &str = "one two three four five six seven eight nine ten dozen dozens \
     hundred hundreds thousand thousands million millions billion billions trillion percent";

/// True for a pronoun, lower case.
fn is_pronoun(word: &str) -> bool {
    PRONOUNS.split_whitespace().any(|p| p == word)
}

/// What kind of gap a phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// No actor and no agent matched (`---`).
    Actor,
    /// An agent matched but no actor (`---GOV`).
    AgentWithoutActor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Target,
}

/// One unknown participant, as found in one sentence.
#[derive(Debug, Clone)]
struct Sighting {
    gap: Gap,
    /// Lower case, determiners dropped, spaces collapsed.
    key: String,
    /// As written, determiners dropped.
    shown: String,
    /// The participant's code (`---`, `---GOV`).
    code: String,
    role: Role,
    sentence_id: usize,
    /// Index into the document's sentence texts.
    sentence: usize,
}

/// What one document yields: its sightings and the sentences they cite.
#[derive(Debug, Default)]
struct DocGaps {
    doc_id: String,
    sentences: Vec<String>,
    sightings: Vec<Sighting>,
}

/// A sentence a phrase was found in.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub doc_id: String,
    pub sentence_id: usize,
    pub sentence: String,
}

/// One reported phrase.
#[derive(Debug, Clone, Serialize)]
pub struct PhraseCount {
    /// The phrase in its most frequent spelling.
    pub phrase: String,
    /// `actor` or `agent_without_actor`.
    pub kind: Gap,
    /// The most frequent participant code (`---`, `---GOV`).
    pub code: String,
    /// Sentences it was a source or target in (`as_source + as_target`).
    pub count: usize,
    pub as_source: usize,
    pub as_target: usize,
    /// Up to `--examples` sentences, first seen first.
    pub examples: Vec<Example>,
}

/// Counts being gathered for one phrase.
#[derive(Debug, Default)]
struct Tally {
    as_source: usize,
    as_target: usize,
    /// Spelling → (count, first seen).
    spellings: HashMap<String, (usize, usize)>,
    codes: HashMap<String, (usize, usize)>,
    examples: Vec<Example>,
}

/// The phrase tallies, in the order phrases were first seen.
#[derive(Debug, Default)]
pub struct Gaps {
    tallies: HashMap<(Gap, String), Tally>,
    seen: usize,
    examples: usize,
}

impl Gaps {
    /// Empty tallies that keep up to `examples` example sentences a phrase.
    pub fn new(examples: usize) -> Gaps {
        Gaps {
            examples,
            ..Gaps::default()
        }
    }

    fn add(&mut self, doc: DocGaps) {
        for s in doc.sightings {
            self.seen += 1;
            let seen = self.seen;
            let t = self.tallies.entry((s.gap, s.key)).or_default();
            match s.role {
                Role::Source => t.as_source += 1,
                Role::Target => t.as_target += 1,
            }
            t.spellings.entry(s.shown).or_insert((0, seen)).0 += 1;
            t.codes.entry(s.code).or_insert((0, seen)).0 += 1;
            let cited = t
                .examples
                .iter()
                .any(|e| e.doc_id == doc.doc_id && e.sentence_id == s.sentence_id);
            if t.examples.len() < self.examples && !cited {
                t.examples.push(Example {
                    doc_id: doc.doc_id.clone(),
                    sentence_id: s.sentence_id,
                    sentence: doc.sentences[s.sentence].clone(),
                });
            }
        }
    }

    /// The phrases of kind `gap`, most frequent first (ties by phrase),
    /// at most `top` of them (all when `top` is 0), and how many there are.
    pub fn ranked(&self, gap: Gap, top: usize) -> (Vec<PhraseCount>, usize) {
        let mut all: Vec<PhraseCount> = self
            .tallies
            .iter()
            .filter(|((g, _), _)| *g == gap)
            .map(|((g, _), t)| PhraseCount {
                phrase: most_frequent(&t.spellings),
                kind: *g,
                code: most_frequent(&t.codes),
                count: t.as_source + t.as_target,
                as_source: t.as_source,
                as_target: t.as_target,
                examples: t.examples.clone(),
            })
            .collect();
        all.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.phrase.to_lowercase().cmp(&b.phrase.to_lowercase()))
                .then_with(|| a.phrase.cmp(&b.phrase))
        });
        let total = all.len();
        if top > 0 {
            all.truncate(top);
        }
        (all, total)
    }
}

/// The most frequent key; on a tie, the one seen first.
fn most_frequent(counts: &HashMap<String, (usize, usize)>) -> String {
    counts
        .iter()
        .min_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)))
        .map(|(k, _)| k.clone())
        .unwrap_or_default()
}

/// The phrase without leading determiners and possessives, as written and
/// as a counting key; `None` for an empty phrase or a pronoun.
pub fn normalise(text: &str) -> Option<(String, String)> {
    let mut words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(first) = words.first() {
        if words.len() > 1 && LEADING.contains(&first.to_lowercase().as_str()) {
            words.remove(0);
        } else {
            break;
        }
    }
    let shown = words.join(" ");
    let key = shown.to_lowercase();
    let amount = key.split(' ').all(|w| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || NUMBER_WORDS.split_whitespace().any(|n| n == w)
    });
    if key.is_empty() || amount || is_pronoun(&key) || LEADING.contains(&key.as_str()) {
        return None;
    }
    Some((shown, key))
}

/// The gap a participant is, if it is one. A participant the context
/// resolved is not; nor is a pronoun, a missing agent or a bare "the
/// country" the context could not resolve: their words name no one. A
/// description with an agent ("the Caspian Pipeline Authority", `---GOV`)
/// that stayed unresolved is an agent without an actor like any other.
fn gap_of(p: &Participant) -> Option<Gap> {
    if p.inferred_from.is_some() {
        return None;
    }
    match (&p.unresolved, p.code.strip_prefix("---")?) {
        (None, "") => Some(Gap::Actor),
        (None | Some(Anaphor::Description(_)), agent) if !agent.is_empty() => {
            Some(Gap::AgentWithoutActor)
        }
        _ => None,
    }
}

/// Codes one document and lists its unknown participants.
fn document_gaps(coder: &Coder<'_>, doc: &Document) -> DocGaps {
    let coded = code_document(coder, doc);
    let mut out = DocGaps {
        doc_id: doc.id.clone(),
        ..DocGaps::default()
    };
    for s in &coded.sentences {
        let mut found: Vec<Sighting> = Vec::new();
        for e in &s.events {
            for (p, role) in [(&e.source, Role::Source), (&e.target, Role::Target)] {
                let Some(gap) = gap_of(p) else { continue };
                let Some((shown, key)) = normalise(&p.text) else {
                    continue;
                };
                let repeat = found
                    .iter()
                    .any(|f| f.gap == gap && f.role == role && f.key == key);
                if !repeat {
                    found.push(Sighting {
                        gap,
                        key,
                        shown,
                        code: p.code.clone(),
                        role,
                        sentence_id: s.index,
                        sentence: out.sentences.len(),
                    });
                }
            }
        }
        if !found.is_empty() {
            let text = doc.text.get(s.range.clone()).unwrap_or("");
            out.sentences.push(text.trim().to_string());
            out.sightings.extend(found);
        }
    }
    out
}

/// Codes a batch of documents in parallel and merges them in order.
pub fn add_batch(gaps: &mut Gaps, coder: &Coder<'_>, batch: &[Document]) {
    let found: Vec<DocGaps> = batch.par_iter().map(|d| document_gaps(coder, d)).collect();
    for d in found {
        gaps.add(d);
    }
}

/// Longest example shown in the text table, in characters.
const EXAMPLE_WIDTH: usize = 100;

/// One section of `faultline actors`' text output: a heading, then one
/// row per phrase with its examples indented below it.
pub fn table(title: &str, rows: &[PhraseCount], total: usize) -> String {
    let mut out = String::new();
    // writing to a String cannot fail
    let _ = write_table(&mut out, title, rows, total);
    out
}

fn write_table(
    out: &mut String,
    title: &str,
    rows: &[PhraseCount],
    total: usize,
) -> std::fmt::Result {
    use std::fmt::Write;
    writeln!(out, "{title}: {} of {total} phrases", rows.len())?;
    if rows.is_empty() {
        return Ok(());
    }
    let agents = rows.iter().any(|r| r.kind == Gap::AgentWithoutActor);
    let num = |h: &str, f: fn(&PhraseCount) -> usize| {
        rows.iter()
            .map(|r| f(r).to_string().len())
            .max()
            .unwrap_or(0)
            .max(h.len())
    };
    let (wc, ws, wt) = (
        num("count", |r| r.count),
        num("source", |r| r.as_source),
        num("target", |r| r.as_target),
    );
    let wcode = rows
        .iter()
        .map(|r| r.code.chars().count())
        .max()
        .unwrap_or(0)
        .max("code".len());
    let code = |c: &str| {
        if agents {
            format!("{c:<wcode$}  ")
        } else {
            String::new()
        }
    };
    writeln!(
        out,
        "{:>wc$}  {:>ws$}  {:>wt$}  {}phrase",
        "count",
        "source",
        "target",
        code("code")
    )?;
    let indent = wc + ws + wt + 6;
    for r in rows {
        writeln!(
            out,
            "{:>wc$}  {:>ws$}  {:>wt$}  {}{}",
            r.count,
            r.as_source,
            r.as_target,
            code(&r.code),
            r.phrase
        )?;
        for e in &r.examples {
            writeln!(
                out,
                "{:indent$}{}#{}: {}",
                "",
                e.doc_id,
                e.sentence_id,
                clip(&e.sentence)
            )?;
        }
    }
    Ok(())
}

/// A sentence on one line, cut to [`EXAMPLE_WIDTH`] characters.
fn clip(sentence: &str) -> String {
    let one_line = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= EXAMPLE_WIDTH {
        return one_line;
    }
    let cut: String = one_line.chars().take(EXAMPLE_WIDTH - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Phrase counts as a sorted map.
    fn counts(gaps: &Gaps, gap: Gap) -> BTreeMap<String, (usize, usize)> {
        gaps.ranked(gap, 0)
            .0
            .into_iter()
            .map(|p| (p.phrase, (p.as_source, p.as_target)))
            .collect()
    }

    #[test]
    fn normalising_phrases() {
        let cases = [
            (
                "the Caspian Pipeline Authority",
                Some("Caspian Pipeline Authority"),
            ),
            ("Its  foreign ministry", Some("foreign ministry")),
            ("their", None),
            ("It", None),
            ("", None),
            ("\"Kadyrov,\"", Some("Kadyrov")),
            ("an the A Team", Some("Team")),
            ("there", None),
            ("$28 million", None),
            ("Group of Seven", Some("Group of Seven")),
        ];
        for (text, want) in cases {
            assert_eq!(
                normalise(text).map(|(shown, _)| shown).as_deref(),
                want,
                "{text:?}"
            );
        }
        assert_eq!(
            normalise("THE Caspian  Authority")
                .map(|(_, key)| key)
                .as_deref(),
            Some("caspian authority")
        );
    }

    fn sighting(key: &str, shown: &str, role: Role, sentence_id: usize) -> Sighting {
        Sighting {
            gap: Gap::Actor,
            key: key.into(),
            shown: shown.into(),
            code: "---".into(),
            role,
            sentence_id,
            sentence: 0,
        }
    }

    #[test]
    fn merging_counts_spellings_and_examples() {
        let mut gaps = Gaps::new(2);
        for (doc, sentence_id, shown, role) in [
            ("a", 0, "KADYROV", Role::Source),
            ("a", 1, "Kadyrov", Role::Target),
            ("b", 0, "Kadyrov", Role::Source),
            ("b", 2, "Zed", Role::Source),
        ] {
            gaps.add(DocGaps {
                doc_id: doc.into(),
                sentences: vec![format!("{doc} {sentence_id}")],
                sightings: vec![sighting(&shown.to_lowercase(), shown, role, sentence_id)],
            });
        }
        let (ranked, total) = gaps.ranked(Gap::Actor, 1);
        assert_eq!(total, 2);
        let k = &ranked[0];
        assert_eq!((k.phrase.as_str(), k.count, k.as_source), ("Kadyrov", 3, 2));
        let cited: Vec<_> = k.examples.iter().map(|e| e.sentence.as_str()).collect();
        assert_eq!(cited, ["a 0", "a 1"]);
        assert_eq!(counts(&gaps, Gap::Actor)["Zed"], (1, 0));
        assert!(counts(&gaps, Gap::AgentWithoutActor).is_empty());
    }
}
