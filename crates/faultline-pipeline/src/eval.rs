//! Scoring the coder against hand-coded gold events (`faultline eval`).
//!
//! Gold comes in two forms, both turned into [`Case`]s (one sentence, its
//! gold events, the coder's events with their evidence):
//!
//! - gold JSON Lines ([`GoldSentence`], read with [`parse_gold_line`]),
//!   each sentence coded by [`code_gold`] as a one-sentence document dated
//!   by its `date`, through [`crate::code_document`]: the path `faultline
//!   code` takes for documents;
//! - PETRARCH validation XML, each record's `<EventCoding>` elements the
//!   gold, coded by [`code_petrarch`] as `faultline code --input
//!   petrarch-xml` codes it ([`crate::petrarch::code_record`], options
//!   applied cumulatively).
//!
//! [`score`] pairs gold and predicted events one-to-one per sentence
//! ([`pair`]) and counts; [`Report`] holds the scores of each gold file and
//! of all of them, and the misses, ready for serde or for
//! [`Report::to_text`].
//!
//! An event's **category** is its PLOVER category in the CAMEO-to-PLOVER
//! table, or, for codes without one (CAMEO roots 01 and 02), its two-digit
//! CAMEO root (`01`, `02`); gold and predicted codes are looked up in the
//! same table, so an exact code always has the right category.
//!
//! Nothing here reads a file: callers hand over lines and parsed PETRARCH
//! files.

mod text;

use std::collections::{BTreeMap, BTreeSet};

use faultline_coder::{Coder, Event};
use faultline_core::{Date, DateError};
use faultline_dict::cameo::root_code;
use faultline_dict::{CameoTables, Origin};
use faultline_text::{ExpectedCoding, PetrarchFile, SentenceRecord};
use serde::{Deserialize, Serialize};

use crate::document::{CodedDocument, DateSource, Document};

pub use text::TextOptions;

/// One line of a gold JSON Lines file, checked. On disk it is one JSON
/// object per line:
///
/// ```text
/// {"id": str, "origin": str, "date": "YYYY-MM-DD", "text": str,
///  "events": [{"source": str, "target": str, "code": str,
///              "plover": str|null}],
///  "tags": [str], "note": str}
/// ```
///
/// - `id` (required, not empty) names the sentence in the report.
/// - `date` (required, `YYYY-MM-DD` or `YYYYMMDD`) is the publication date
///   the sentence is coded on: actor codes are chosen as of this day.
/// - `text` (required, not empty) is one sentence (it is coded as a
///   document, so a text the splitter cuts in two is still one case).
/// - `events` (required) lists every codable event; `[]` means nothing is
///   codable. `source` and `target` are CAMEO actor codes as the
///   dictionaries spell them (`---` for an actor the sentence does not
///   identify), `code` a CAMEO event code of two to four digits with a root
///   from `01` to `20`. Symmetric acts are listed in both directions.
///   `plover` (optional) is the PLOVER category of `code` (`null` for
///   roots 01 and 02); it is checked against the table, which decides.
///   An event listed twice counts once.
/// - `tags` (optional) name the constructions the sentence exercises; the
///   report gives scores per tag. `origin` and `note` (optional) are kept
///   for people; other keys are ignored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldSentence {
    pub id: String,
    pub origin: Option<String>,
    #[serde(serialize_with = "display")]
    pub date: Date,
    pub text: String,
    /// The gold events, duplicates removed, in the order written.
    pub events: Vec<EventKey>,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

/// A gold line as written.
#[derive(Debug, Deserialize)]
struct RawGold {
    id: String,
    #[serde(default)]
    origin: Option<String>,
    date: String,
    text: String,
    events: Vec<RawEvent>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawEvent {
    source: String,
    target: String,
    code: String,
    /// `None` when the key is missing, `Some(None)` for `null`.
    #[serde(default, deserialize_with = "present")]
    plover: Option<Option<String>>,
}

/// A key that is present, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Why a gold line or file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    #[error("not a gold record: {0}")]
    Json(String),
    #[error("empty \"{0}\"")]
    Empty(&'static str),
    #[error("bad date '{text}': {error}")]
    Date { text: String, error: DateError },
    #[error("event {event}: '{code}' is not a CAMEO event code (2 to 4 digits, root 01 to 20)")]
    Code { event: usize, code: String },
    #[error("event {event}: empty {field}")]
    Actor { event: usize, field: &'static str },
    #[error("no <EventCoding> in any record: not a PETRARCH validation file")]
    NoExpectations,
}

/// A gold line that was read, with what is doubtful about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedGold {
    pub sentence: GoldSentence,
    /// Problems that do not stop the line from being used: a `plover`
    /// field that disagrees with the table, an event listed twice.
    pub warnings: Vec<String>,
}

/// The sentences of a gold JSON Lines file named `name`, each with its
/// `name:line`, and what was wrong with the others.
#[derive(Debug, Default)]
pub struct GoldFile {
    pub sentences: Vec<(GoldSentence, String)>,
    /// One message per problem, naming `name:line`.
    pub warnings: Vec<String>,
    /// Lines that are not gold records.
    pub skipped: usize,
}

/// Reads a gold JSON Lines file: a line that is not a gold record is a
/// warning and is skipped; a repeated id is a warning.
pub fn read_gold(name: &str, bytes: &[u8], tables: &CameoTables) -> GoldFile {
    let mut file = GoldFile::default();
    let mut ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let at = format!("{name}:{}", i + 1);
        let Ok(line) = std::str::from_utf8(raw) else {
            file.warnings
                .push(format!("{at}: not valid UTF-8; line skipped"));
            file.skipped += 1;
            continue;
        };
        let line = line.trim_end_matches('\r').trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        match parse_gold_line(line, tables) {
            Ok(parsed) => {
                file.warnings
                    .extend(parsed.warnings.iter().map(|w| format!("{at}: {w}")));
                if let Some(first) = ids.insert(parsed.sentence.id.clone(), i + 1) {
                    file.warnings.push(format!(
                        "{at}: id {} also on line {first}",
                        parsed.sentence.id
                    ));
                }
                file.sentences.push((parsed.sentence, at));
            }
            Err(e) => {
                file.warnings.push(format!("{at}: {e}; line skipped"));
                file.skipped += 1;
            }
        }
    }
    file
}

/// Reads and checks one gold JSON Lines line (without its line break).
pub fn parse_gold_line(line: &str, tables: &CameoTables) -> Result<ParsedGold, EvalError> {
    let raw: RawGold = serde_json::from_str(line).map_err(|e| EvalError::Json(e.to_string()))?;
    if raw.id.trim().is_empty() {
        return Err(EvalError::Empty("id"));
    }
    if raw.text.trim().is_empty() {
        return Err(EvalError::Empty("text"));
    }
    let date = Date::parse_day(&raw.date).map_err(|error| EvalError::Date {
        text: raw.date.clone(),
        error,
    })?;
    let mut warnings = Vec::new();
    let mut events: Vec<EventKey> = Vec::with_capacity(raw.events.len());
    for (i, e) in raw.events.into_iter().enumerate() {
        let n = i + 1;
        let code = e.code.trim().to_string();
        if !is_event_code(&code) {
            return Err(EvalError::Code { event: n, code });
        }
        for (field, value) in [("source", &e.source), ("target", &e.target)] {
            if value.trim().is_empty() {
                return Err(EvalError::Actor { event: n, field });
            }
        }
        let table = tables.plover(&code).map(|p| p.category.as_str());
        match &e.plover {
            Some(given) if given.as_deref() != table => warnings.push(format!(
                "event {n}: plover {} but the table maps {code} to {}; the table is used",
                given.as_deref().unwrap_or("null"),
                table.unwrap_or("null"),
            )),
            _ => {}
        }
        let key = EventKey {
            source: e.source.trim().to_string(),
            target: e.target.trim().to_string(),
            code,
        };
        match events.iter().position(|k| *k == key) {
            Some(first) => warnings.push(format!(
                "event {n} repeats event {}; counted once",
                first + 1
            )),
            None => events.push(key),
        }
    }
    Ok(ParsedGold {
        sentence: GoldSentence {
            id: raw.id,
            origin: raw.origin,
            date,
            text: raw.text,
            events,
            tags: raw.tags,
            note: raw.note,
        },
        warnings,
    })
}

/// Two to four ASCII digits with a root from 01 to 20.
fn is_event_code(code: &str) -> bool {
    (2..=4).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && root_code(code)
            .and_then(|r| r.parse::<u8>().ok())
            .is_some_and(|r| (1..=20).contains(&r))
}

/// An event reduced to what is scored: who, to whom, what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EventKey {
    pub source: String,
    pub target: String,
    pub code: String,
}

impl std::fmt::Display for EventKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.source, self.target, self.code)
    }
}

/// An event the coder produced, with the words and dictionary lines that
/// produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predicted {
    #[serde(flatten)]
    pub event: EventKey,
    pub evidence: PredictedEvidence,
}

/// Why the coder produced an event (see `record::Evidence`); dictionary
/// lines are `file:line`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredictedEvidence {
    /// The verb as written, its dictionary form and its synonym block.
    pub verb_text: String,
    pub verb_lemma: String,
    pub verb_family: String,
    /// The verb's dictionary line.
    pub verb_entry: String,
    /// The pattern that set the code, `null` when the verb's own code was
    /// used.
    pub pattern: Option<String>,
    pub source_text: String,
    /// The actor line that coded the source, and its agent lines.
    pub source_actor: Option<String>,
    pub source_agents: Vec<String>,
    pub target_text: String,
    pub target_actor: Option<String>,
    pub target_agents: Vec<String>,
    /// Source and target come from a passive ("X was attacked by Y").
    pub passive: bool,
}

impl Predicted {
    /// The scored form and evidence of a coded event.
    pub fn from_event(e: &Event) -> Predicted {
        let origin = |o: &Option<Origin>| o.as_ref().map(Origin::to_string);
        let lines = |v: &[Origin]| v.iter().map(Origin::to_string).collect();
        Predicted {
            event: EventKey {
                source: e.source.code.clone(),
                target: e.target.code.clone(),
                code: e.code.clone(),
            },
            evidence: PredictedEvidence {
                verb_text: e.verb.text.clone(),
                verb_lemma: e.verb.lemma.clone(),
                verb_family: e.verb.family.clone(),
                verb_entry: e.verb.verb.to_string(),
                pattern: origin(&e.verb.pattern),
                source_text: e.source.text.clone(),
                source_actor: origin(&e.source.actor),
                source_agents: lines(&e.source.agents),
                target_text: e.target.text.clone(),
                target_actor: origin(&e.target.actor),
                target_agents: lines(&e.target.agents),
                passive: e.passive,
            },
        }
    }
}

/// One gold sentence with the coder's answer: what is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The sentence's id in the gold file.
    pub id: String,
    /// Where it was read: `file:line`.
    pub at: String,
    pub text: String,
    pub tags: Vec<String>,
    /// The gold file's note on the sentence (JSON Lines `note`).
    pub note: Option<String>,
    /// The gold events, without duplicates; empty for a sentence with
    /// nothing codable.
    pub gold: Vec<EventKey>,
    /// The coder's events, in the order coded, without duplicates.
    pub predicted: Vec<Predicted>,
    /// Predicted events dropped because an identical one came before.
    pub duplicates: usize,
}

impl Case {
    /// A case without a note; `predicted` is deduplicated (the first of identical events
    /// is kept, the others counted in [`Case::duplicates`]).
    pub fn new(
        id: String,
        at: String,
        text: String,
        tags: Vec<String>,
        gold: Vec<EventKey>,
        predicted: Vec<Predicted>,
    ) -> Case {
        let mut seen = BTreeSet::new();
        let before = predicted.len();
        let predicted: Vec<Predicted> = predicted
            .into_iter()
            .filter(|p| seen.insert(p.event.clone()))
            .collect();
        let mut gold_seen = BTreeSet::new();
        let gold = gold
            .into_iter()
            .filter(|g| gold_seen.insert(g.clone()))
            .collect();
        Case {
            id,
            at,
            text,
            tags,
            note: None,
            gold,
            duplicates: before - predicted.len(),
            predicted,
        }
    }
}

/// The one-sentence document a gold sentence is coded as: its id, its
/// date (as the document's own date) and its text.
pub fn gold_document(gold: &GoldSentence) -> Document {
    Document {
        id: gold.id.clone(),
        date: gold.date,
        date_source: DateSource::Document,
        text: gold.text.clone(),
        title: None,
        url: None,
        source: None,
    }
}

/// Every event of a coded document, in order.
pub fn predictions(coded: &CodedDocument) -> Vec<Predicted> {
    coded
        .sentences
        .iter()
        .flat_map(|s| &s.events)
        .map(Predicted::from_event)
        .collect()
}

/// Codes gold sentences, each with where it was read (`file:line`), as
/// one-sentence documents ([`crate::code_batch`]: in parallel, in order).
pub fn code_gold(coder: &Coder<'_>, golds: &[(GoldSentence, String)]) -> Vec<Case> {
    let docs: Vec<Document> = golds.iter().map(|(g, _)| gold_document(g)).collect();
    let coded = crate::code_batch(coder, &docs);
    golds
        .iter()
        .zip(&coded)
        .map(|((g, at), c)| Case {
            note: g.note.clone(),
            ..Case::new(
                g.id.clone(),
                at.clone(),
                g.text.clone(),
                g.tags.clone(),
                g.events.clone(),
                predictions(c),
            )
        })
        .collect()
}

/// The gold events of a PETRARCH validation record: its `<EventCoding
/// sourcecode= targetcode= eventcode=>` elements. `noevents="True"`, an
/// `error=` expectation (dateline, discard, bad parse) or no
/// `<EventCoding>` at all expect nothing, as PETRARCH's suite reads them.
pub fn petrarch_gold(rec: &SentenceRecord) -> Vec<EventKey> {
    rec.expected
        .iter()
        .filter_map(|e| match e {
            ExpectedCoding::Event {
                source,
                target,
                code,
            } => Some(EventKey {
                source: source.clone(),
                target: target.clone(),
                code: code.clone(),
            }),
            ExpectedCoding::NoEvents | ExpectedCoding::Error(_) => None,
        })
        .collect()
}

/// True for a PETRARCH validation file: some record has an
/// `<EventCoding>`.
pub fn is_validation(file: &PetrarchFile) -> bool {
    file.sentences.iter().any(|r| !r.expected.is_empty())
}

/// Codes every codable record of a PETRARCH validation file `name` as
/// `faultline code --input petrarch-xml` does: `coder` holds the
/// dictionaries the file's `<Environment>` names; its options, then each
/// record's `<Config>` changes, are applied cumulatively; each record is
/// coded from its `<Parse>`, or from its `<Text>` with `ignore_parse`.
/// Returns the cases and warnings (`name:line: …`). A record that cannot
/// be coded (a bad date) is scored as coding nothing, and so is one whose
/// `<Parse>` is malformed: PETRARCH rejects it, and its suite expects
/// nothing of it (`faultline code` codes the text instead).
pub fn code_petrarch(
    coder: &Coder<'_>,
    file: &PetrarchFile,
    name: &str,
    ignore_parse: bool,
) -> Result<(Vec<Case>, Vec<String>), EvalError> {
    if !is_validation(file) {
        return Err(EvalError::NoExpectations);
    }
    let mut coder = coder.clone();
    let mut warnings = Vec::new();
    if let Some(env) = &file.environment {
        for msg in crate::petrarch::apply_options(&mut coder.config, &env.configs) {
            warnings.push(format!("{name}: <Environment>: {msg}"));
        }
    }
    let mut cases = Vec::new();
    for rec in &file.sentences {
        let at = format!("{name}:{}", rec.line);
        for msg in crate::petrarch::apply_options(&mut coder.config, &rec.configs) {
            warnings.push(format!("{at}: sentence {}: {msg}", rec.id));
        }
        if !rec.codable {
            continue;
        }
        let predicted = match crate::petrarch::code_record(&coder, rec, ignore_parse) {
            // PETRARCH rejects a record whose parse is malformed, and its
            // suite expects nothing of it (`error="bad_input_parse"`);
            // `faultline code` would code the text instead
            Ok(coded) => match &coded.parse_error {
                Some(e) => {
                    warnings.push(format!(
                        "{at}: sentence {}: bad parse: {e}; scored as coding nothing, \
                         as PETRARCH does (--ignore-parse codes the text)",
                        rec.id
                    ));
                    Vec::new()
                }
                None => coded
                    .sentence
                    .events
                    .iter()
                    .map(Predicted::from_event)
                    .collect(),
            },
            Err(e) => {
                warnings.push(format!(
                    "{at}: sentence {}: {e}; scored as no events",
                    rec.id
                ));
                Vec::new()
            }
        };
        let tags = rec.category.iter().cloned().collect();
        cases.push(Case::new(
            rec.id.clone(),
            at,
            rec.text.clone(),
            tags,
            petrarch_gold(rec),
            predicted,
        ));
    }
    Ok((cases, warnings))
}

/// The category an event code is scored by: its PLOVER category, else
/// (roots 01 and 02) its two-digit CAMEO root, else (not a CAMEO code)
/// the code in single quotes (`''` for an empty code).
pub fn category(code: &str, tables: &CameoTables) -> String {
    match tables.plover(code) {
        Some(p) => p.category.clone(),
        None => root(code),
    }
}

/// The two-digit CAMEO root of a code, else the code in single quotes.
pub fn root(code: &str) -> String {
    match root_code(code) {
        Some(r) => r.to_string(),
        None => format!("'{code}'"),
    }
}

/// The lenient actor match: the first three characters of the codes (the
/// country, or the `IGO`/`NGO`/`---` prefix) are the same.
pub fn same_country(a: &str, b: &str) -> bool {
    let head = |s: &str| s.chars().take(3).collect::<String>();
    head(a) == head(b)
}

/// How well a predicted event agrees with a gold one. The fields are in
/// order of importance: pairs are formed best agreement first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Agreement {
    /// Category, source and target all right.
    pub all: bool,
    /// Same category.
    pub category: bool,
    /// Actors with the exact code (0 to 2).
    pub actors: u8,
    /// Same event code.
    pub code: bool,
    /// Same CAMEO root.
    pub root: bool,
    /// Actors of the same country (first three letters; 0 to 2).
    pub countries: u8,
}

impl Agreement {
    pub fn of(gold: &EventKey, predicted: &EventKey, tables: &CameoTables) -> Agreement {
        let category = category(&gold.code, tables) == category(&predicted.code, tables);
        let source = gold.source == predicted.source;
        let target = gold.target == predicted.target;
        Agreement {
            all: category && source && target,
            category,
            actors: u8::from(source) + u8::from(target),
            code: gold.code == predicted.code,
            root: root(&gold.code) == root(&predicted.code),
            countries: u8::from(same_country(&gold.source, &predicted.source))
                + u8::from(same_country(&gold.target, &predicted.target)),
        }
    }
}

/// The pairing of one sentence's gold and predicted events: each gold
/// event with at most one prediction and each prediction with at most one
/// gold event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// For each gold event, the index of its prediction.
    pub gold: Vec<Option<usize>>,
    /// For each prediction, the index of its gold event.
    pub predicted: Vec<Option<usize>>,
}

/// Pairs gold and predicted events one-to-one, greedily: of all (gold,
/// prediction) pairs, the one with the best [`Agreement`] is taken first
/// (ties: the earlier gold event, then the earlier prediction), then the
/// best of those left, until one side runs out. Any two events of a
/// sentence may pair, however little they agree: a gold event coded as
/// the wrong act is a confusion, not a miss plus a false positive.
pub fn pair(gold: &[EventKey], predicted: &[EventKey], tables: &CameoTables) -> Pairing {
    let mut candidates = Vec::with_capacity(gold.len() * predicted.len());
    for (g, ge) in gold.iter().enumerate() {
        for (p, pe) in predicted.iter().enumerate() {
            candidates.push((std::cmp::Reverse(Agreement::of(ge, pe, tables)), g, p));
        }
    }
    candidates.sort();
    let mut pairing = Pairing {
        gold: vec![None; gold.len()],
        predicted: vec![None; predicted.len()],
    };
    for (_, g, p) in candidates {
        if pairing.gold[g].is_none() && pairing.predicted[p].is_none() {
            pairing.gold[g] = Some(p);
            pairing.predicted[p] = Some(g);
        }
    }
    pairing
}

/// A count of successes out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Share {
    pub right: usize,
    pub total: usize,
    /// `right / total`, `null` when the total is 0.
    pub rate: Option<f64>,
}

impl Share {
    pub fn new(right: usize, total: usize) -> Share {
        Share {
            right,
            total,
            rate: ratio(right, total),
        }
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Precision, recall and F1 for one class (a category, a root) or for all
/// events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScore {
    pub label: String,
    /// Gold events of the class.
    pub gold: usize,
    /// Predicted events of the class, paired or not.
    pub predicted: usize,
    /// Gold events of the class paired with a prediction of the class.
    pub right: usize,
    /// `right / predicted`; `null` when nothing was predicted.
    pub precision: Option<f64>,
    /// `right / gold`; `null` when there is no gold event.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall, `2 right / (gold +
    /// predicted)`: 0 when either side is empty; `null` when both are.
    pub f1: Option<f64>,
}

impl ClassScore {
    pub fn new(label: String, gold: usize, predicted: usize, right: usize) -> ClassScore {
        let precision = ratio(right, predicted);
        let recall = ratio(right, gold);
        // 2PR / (P + R) = 2 TP / (2 TP + FP + FN): 0 for a class with gold
        // events and no prediction, or predictions and no gold event
        let f1 = ratio(2 * right, gold + predicted);
        ClassScore {
            label,
            gold,
            predicted,
            right,
            precision,
            recall,
            f1,
        }
    }
}

/// Gold category × predicted category counts over paired events, with a
/// `none` row (predictions paired with no gold event: false positives)
/// and a `none` column (gold events no prediction was paired with).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Row and column labels: the categories seen, sorted, then `none`.
    pub labels: Vec<String>,
    /// `counts[gold][predicted]`, indexed like `labels`.
    pub counts: Vec<Vec<usize>>,
}

/// Scores of the sentences carrying one gold tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagScore {
    pub tag: String,
    pub sentences: usize,
    /// Sentences whose predicted events are exactly the gold events.
    pub sentences_exact: Share,
    pub gold_events: usize,
    /// Gold events whose paired prediction has the right category.
    pub event_type: Share,
    /// Gold events whose paired prediction has the right category, source
    /// and target.
    pub category_source_target: Share,
    /// Predictions paired with no gold event.
    pub false_positives: usize,
}

/// The scores of a set of cases. Shares of gold events count an unpaired
/// gold event as wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub sentences: usize,
    /// Sentences whose gold lists no event.
    pub no_event_sentences: usize,
    pub gold_events: usize,
    /// Predicted events, duplicates removed.
    pub predicted_events: usize,
    /// Predicted events identical to one before them in their sentence
    /// (not counted anywhere else).
    pub duplicate_predictions: usize,
    /// Sentences whose set of predicted (source, target, code) is exactly
    /// the gold set: what PETRARCH's unit-test suite counts as a pass.
    pub sentences_exact: Share,
    /// No-event sentences for which nothing was predicted.
    pub no_event_sentences_right: Share,
    /// Event-type accuracy: gold events whose paired prediction has the
    /// same category (PLOVER; the CAMEO root for 01 and 02).
    pub event_type: Share,
    /// Gold events whose paired prediction has the same CAMEO code.
    pub exact_code: Share,
    /// Gold events whose paired prediction has the same CAMEO root.
    pub same_root: Share,
    /// Gold events whose paired prediction has the right category, source
    /// and target.
    pub category_source_target: Share,
    /// Gold events predicted exactly: code, source and target.
    pub exact_event: Share,
    /// Gold events whose paired prediction has the exact source code.
    pub source: Share,
    /// ... the source's first three letters (its country).
    pub source_country: Share,
    /// Gold events whose paired prediction has the exact target code.
    pub target: Share,
    /// ... the target's first three letters (its country).
    pub target_country: Share,
    /// Precision, recall and F1 of categories over all events (label
    /// `all`): a prediction is right when paired with a gold event of its
    /// category.
    pub category_overall: ClassScore,
    /// The same for exact events (code, source and target).
    pub exact_overall: ClassScore,
    /// Per category, sorted by label.
    pub per_category: Vec<ClassScore>,
    /// Per CAMEO root, sorted.
    pub per_root: Vec<ClassScore>,
    pub confusion: Confusion,
    /// Per gold tag, sorted.
    pub tags: Vec<TagScore>,
}

/// How a gold event fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Paired with an identical prediction.
    Exact,
    /// Category, source and target right, another code of the category.
    OtherCode,
    /// Category right, source or target wrong.
    WrongActor,
    /// Paired with a prediction of another category.
    WrongCategory,
    /// No prediction left to pair with.
    Missed,
}

impl Verdict {
    fn of(gold: &EventKey, predicted: Option<&EventKey>, tables: &CameoTables) -> Verdict {
        let Some(p) = predicted else {
            return Verdict::Missed;
        };
        let a = Agreement::of(gold, p, tables);
        match () {
            _ if a.all && a.code => Verdict::Exact,
            _ if a.all => Verdict::OtherCode,
            _ if a.category => Verdict::WrongActor,
            _ => Verdict::WrongCategory,
        }
    }
}

/// A gold event of a sentence listed among the misses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldOutcome {
    #[serde(flatten)]
    pub event: EventKey,
    pub category: String,
    pub verdict: Verdict,
    /// Index (in the sentence's `predicted`) of the paired prediction.
    pub paired: Option<usize>,
}

/// A predicted event of a sentence listed among the misses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedOutcome {
    #[serde(flatten)]
    pub event: EventKey,
    pub category: String,
    /// Index (in the sentence's `gold`) of the paired gold event; `null`
    /// for a false positive.
    pub paired: Option<usize>,
    pub evidence: PredictedEvidence,
}

/// A sentence the coder did not get exactly right: some gold event not
/// predicted exactly, or a prediction paired with no gold event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub id: String,
    /// `file:line` of the gold sentence.
    pub at: String,
    pub text: String,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub gold: Vec<GoldOutcome>,
    pub predicted: Vec<PredictedOutcome>,
}

/// The report on one gold file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitReport {
    /// The file, as named on the command line.
    pub name: String,
    /// Lines or records that could not be read and were skipped.
    pub skipped: usize,
    pub scores: Scores,
    /// Sentences not coded exactly, in file order.
    pub misses: Vec<Miss>,
}

/// What `faultline eval` reports: one entry per gold file, and the scores
/// of all of them together when there are several.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub splits: Vec<SplitReport>,
    pub total: Option<Scores>,
}

impl Report {
    /// Scores each named set of cases (with the number of lines skipped
    /// reading it) and, when there are several, all of them together.
    pub fn new(splits: &[(String, Vec<Case>, usize)], tables: &CameoTables) -> Report {
        let total = (splits.len() > 1).then(|| {
            let all: Vec<&Case> = splits.iter().flat_map(|(_, c, _)| c).collect();
            score_refs(&all, tables)
        });
        Report {
            splits: splits
                .iter()
                .map(|(name, cases, skipped)| SplitReport {
                    name: name.clone(),
                    skipped: *skipped,
                    scores: score(cases, tables),
                    misses: misses(cases, tables),
                })
                .collect(),
            total,
        }
    }
}

/// Scores a set of cases.
pub fn score(cases: &[Case], tables: &CameoTables) -> Scores {
    let refs: Vec<&Case> = cases.iter().collect();
    score_refs(&refs, tables)
}

/// Counters for one tag.
#[derive(Default)]
struct TagCount {
    sentences: usize,
    exact: usize,
    gold: usize,
    category: usize,
    all: usize,
    false_positives: usize,
}

fn score_refs(cases: &[&Case], tables: &CameoTables) -> Scores {
    let mut sentences_exact = 0;
    let mut no_event = 0;
    let mut no_event_right = 0;
    let mut gold_events = 0;
    let mut predicted_events = 0;
    let mut duplicates = 0;
    let [mut cat, mut code, mut root_right, mut all, mut exact] = [0usize; 5];
    let [mut src, mut src_c, mut tgt, mut tgt_c] = [0usize; 4];
    // label → (gold, predicted, right)
    let mut per_cat: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut per_root: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    // (gold label, predicted label) → count; None is `none`
    let mut confusion: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
    let mut tags: BTreeMap<&str, TagCount> = BTreeMap::new();
    for case in cases {
        let keys: Vec<EventKey> = case.predicted.iter().map(|p| p.event.clone()).collect();
        let pairing = pair(&case.gold, &keys, tables);
        let is_exact = case.gold.iter().collect::<BTreeSet<_>>() == keys.iter().collect();
        sentences_exact += usize::from(is_exact);
        if case.gold.is_empty() {
            no_event += 1;
            no_event_right += usize::from(keys.is_empty());
        }
        gold_events += case.gold.len();
        predicted_events += keys.len();
        duplicates += case.duplicates;
        let mut case_cat = 0;
        let mut case_all = 0;
        for (g, ge) in case.gold.iter().enumerate() {
            let gcat = category(&ge.code, tables);
            let groot = root(&ge.code);
            per_cat.entry(gcat.clone()).or_default().0 += 1;
            per_root.entry(groot.clone()).or_default().0 += 1;
            let Some(p) = pairing.gold[g] else {
                *confusion.entry((Some(gcat), None)).or_default() += 1;
                continue;
            };
            let pe = &keys[p];
            let a = Agreement::of(ge, pe, tables);
            let pcat = category(&pe.code, tables);
            *confusion
                .entry((Some(gcat.clone()), Some(pcat)))
                .or_default() += 1;
            if a.category {
                cat += 1;
                case_cat += 1;
                per_cat.entry(gcat).or_default().2 += 1;
            }
            if a.root {
                root_right += 1;
                per_root.entry(groot).or_default().2 += 1;
            }
            code += usize::from(a.code);
            all += usize::from(a.all);
            case_all += usize::from(a.all);
            exact += usize::from(a.all && a.code);
            src += usize::from(ge.source == pe.source);
            tgt += usize::from(ge.target == pe.target);
            src_c += usize::from(same_country(&ge.source, &pe.source));
            tgt_c += usize::from(same_country(&ge.target, &pe.target));
        }
        let mut false_positives = 0;
        for (p, pe) in keys.iter().enumerate() {
            let pcat = category(&pe.code, tables);
            per_cat.entry(pcat.clone()).or_default().1 += 1;
            per_root.entry(root(&pe.code)).or_default().1 += 1;
            if pairing.predicted[p].is_none() {
                false_positives += 1;
                *confusion.entry((None, Some(pcat))).or_default() += 1;
            }
        }
        for tag in &case.tags {
            let t = tags.entry(tag).or_default();
            t.sentences += 1;
            t.exact += usize::from(is_exact);
            t.gold += case.gold.len();
            t.category += case_cat;
            t.all += case_all;
            t.false_positives += false_positives;
        }
    }
    let classes = |m: BTreeMap<String, (usize, usize, usize)>| {
        m.into_iter()
            .map(|(label, (g, p, r))| ClassScore::new(label, g, p, r))
            .collect()
    };
    Scores {
        sentences: cases.len(),
        no_event_sentences: no_event,
        gold_events,
        predicted_events,
        duplicate_predictions: duplicates,
        sentences_exact: Share::new(sentences_exact, cases.len()),
        no_event_sentences_right: Share::new(no_event_right, no_event),
        event_type: Share::new(cat, gold_events),
        exact_code: Share::new(code, gold_events),
        same_root: Share::new(root_right, gold_events),
        category_source_target: Share::new(all, gold_events),
        exact_event: Share::new(exact, gold_events),
        source: Share::new(src, gold_events),
        source_country: Share::new(src_c, gold_events),
        target: Share::new(tgt, gold_events),
        target_country: Share::new(tgt_c, gold_events),
        category_overall: ClassScore::new("all".into(), gold_events, predicted_events, cat),
        exact_overall: ClassScore::new("all".into(), gold_events, predicted_events, exact),
        per_category: classes(per_cat),
        per_root: classes(per_root),
        confusion: confusion_table(&confusion),
        tags: tags
            .into_iter()
            .map(|(tag, t)| TagScore {
                tag: tag.to_string(),
                sentences: t.sentences,
                sentences_exact: Share::new(t.exact, t.sentences),
                gold_events: t.gold,
                event_type: Share::new(t.category, t.gold),
                category_source_target: Share::new(t.all, t.gold),
                false_positives: t.false_positives,
            })
            .collect(),
    }
}

fn confusion_table(cells: &BTreeMap<(Option<String>, Option<String>), usize>) -> Confusion {
    let seen: BTreeSet<&String> = cells
        .keys()
        .flat_map(|(g, p)| g.iter().chain(p.iter()))
        .collect();
    let mut labels: Vec<String> = seen.into_iter().cloned().collect();
    let none = labels.len();
    labels.push("none".to_string());
    let index = |l: &Option<String>| match l {
        Some(l) => labels.iter().position(|x| x == l).unwrap_or(none),
        None => none,
    };
    let mut counts = vec![vec![0; labels.len()]; labels.len()];
    for ((g, p), n) in cells {
        counts[index(g)][index(p)] += n;
    }
    Confusion { labels, counts }
}

/// The sentences not coded exactly, in order, each gold event with its
/// verdict and each prediction with its evidence.
pub fn misses(cases: &[Case], tables: &CameoTables) -> Vec<Miss> {
    let mut out = Vec::new();
    for case in cases {
        let keys: Vec<EventKey> = case.predicted.iter().map(|p| p.event.clone()).collect();
        let pairing = pair(&case.gold, &keys, tables);
        let gold: Vec<GoldOutcome> = case
            .gold
            .iter()
            .zip(&pairing.gold)
            .map(|(g, &p)| GoldOutcome {
                event: g.clone(),
                category: category(&g.code, tables),
                verdict: Verdict::of(g, p.map(|p| &keys[p]), tables),
                paired: p,
            })
            .collect();
        let wrong = gold.iter().any(|g| g.verdict != Verdict::Exact)
            || pairing.predicted.iter().any(Option::is_none);
        if !wrong {
            continue;
        }
        out.push(Miss {
            id: case.id.clone(),
            at: case.at.clone(),
            text: case.text.clone(),
            tags: case.tags.clone(),
            note: case.note.clone(),
            gold,
            predicted: case
                .predicted
                .iter()
                .zip(&pairing.predicted)
                .map(|(p, &g)| PredictedOutcome {
                    event: p.event.clone(),
                    category: category(&p.event.code, tables),
                    paired: g,
                    evidence: p.evidence.clone(),
                })
                .collect(),
        });
    }
    out
}

fn display<S: serde::Serializer>(value: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

#[cfg(test)]
mod tests;
