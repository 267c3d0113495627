//! The output record: one [`EventRecord`] per coded event, the same for
//! every front door (the JSON Lines of `faultline code`, the store, the
//! server, the Python package).
//!
//! Serialized with serde, fields come in the order they are declared here,
//! and every field is always present (`null` or `[]` when there is nothing
//! to say), so the output can be read by position-insensitive JSON tools
//! and by eye alike.

use faultline_coder::{Event, Participant};
use faultline_core::{Date, Precision};
use faultline_dict::cameo::CodeInfo;
use faultline_dict::Origin;
use serde::{Serialize, Serializer};

use crate::front::EventDate;

/// One coded event. Its JSON form (one object per line of `faultline
/// code`) has exactly these fields, in this order:
///
/// ```text
/// {"doc_id": str, "sentence_id": str, "date": "YYYY[-MM[-DD]]",
///  "date_precision": "day"|"month"|"year", "doc_date": "YYYY-MM-DD",
///  "date_evidence": str, "doc_title": str|null, "doc_url": str|null,
///  "char_start": int, "char_end": int, "location": {...}|null,
///  "source": str, "target": str, "code": str, "root_code": str|null,
///  "quad_class": 1-4|null, "goldstein": float|null,
///  "plover": {"category", "mode", "context"}|null,
///  "issues": [{"code", "count"}], "sentence": str, "evidence": {...}}
/// ```
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    /// Story (document) id: the sentence id without its trailing sentence
    /// number (`AFP0808020625_4` → `AFP0808020625`), or the whole id when
    /// it has none.
    pub doc_id: &'a str,
    /// The `id` of the input sentence record.
    pub sentence_id: &'a str,
    /// The event's own date, written at its precision: `2022-06-19`,
    /// `2022-05` or `2022`. It comes from a temporal expression in the
    /// event's clause ("on June 19", "in May", "last Tuesday", "yesterday")
    /// resolved against the document date, else it is the document date.
    #[serde(serialize_with = "display")]
    pub date: Date,
    /// `day`, `month` or `year`.
    #[serde(serialize_with = "display")]
    pub date_precision: Precision,
    /// The document (publication) date, `YYYY-MM-DD`; actors are coded as
    /// of this date.
    #[serde(serialize_with = "display")]
    pub doc_date: Date,
    /// The phrase that gave `date`, or `publication date` (followed by
    /// ` (--date)` or ` (file modification time)` when the document did not
    /// give its own date).
    pub date_evidence: String,
    /// The document's title, when known.
    pub doc_title: Option<&'a str>,
    /// The document's URL, when known.
    pub doc_url: Option<&'a str>,
    /// Character offsets (Unicode scalar values, end exclusive) of the
    /// sentence in the document text.
    pub char_start: usize,
    pub char_end: usize,
    /// Where the event happened: the place named in the event's own
    /// sentence, preferably in a prepositional phrase of the event's clause
    /// ("at the port of Novorossiysk"); `null` when the sentence names none
    /// (other sentences are not consulted). See `faultline_geo::Location`:
    /// `{"name", "country" (ISO alpha-3), "country_iso2", "admin1",
    /// "admin1_code" (GeoNames), "lat", "lon", "precision" ("city", "admin1"
    /// or "country")}`.
    pub location: Option<&'a faultline_geo::Location>,
    /// Source actor code, e.g. `USAGOV`; `---` for an actor the
    /// dictionaries do not know; a quoted phrase such as `"INJURY TOLL"`
    /// for a new actor (see the `new_actor_length` option).
    pub source: &'a str,
    /// Target actor code, as `source`.
    pub target: &'a str,
    /// CAMEO event code, e.g. `064`. Symmetric codes are already split
    /// into two directed events.
    pub code: &'a str,
    /// The two-digit CAMEO root of `code` (`06`), or `null` if `code` does
    /// not start with two digits.
    pub root_code: Option<String>,
    /// CAMEO quad class: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict; `null` for an unknown root.
    pub quad_class: Option<u8>,
    /// Goldstein (1992) conflict–cooperation score of `code` (or of its
    /// longest listed prefix), from −10 to +10; `null` if not listed.
    pub goldstein: Option<f32>,
    /// The PLOVER equivalent of `code`, or `null` if it has none.
    pub plover: Option<PloverRecord>,
    /// Issues found in the sentence (same for every event of it).
    pub issues: Vec<IssueRecord<'a>>,
    /// The sentence text as read from the input.
    pub sentence: &'a str,
    /// What in the sentence and in the dictionaries produced the event.
    pub evidence: Evidence<'a>,
}

/// The PLOVER category of an event; blank parts are empty strings.
#[derive(Debug, Serialize)]
pub struct PloverRecord {
    /// Event category, e.g. `CONSULT`.
    pub category: String,
    /// Mode within the category, e.g. `visit`.
    pub mode: String,
    /// Context, e.g. `diplomatic`.
    pub context: String,
}

/// An issue code and how often its phrases occur in the sentence.
#[derive(Debug, Serialize)]
pub struct IssueRecord<'a> {
    /// Issue code from the issue dictionary, e.g. `ELECTIONS`.
    pub code: &'a str,
    /// Number of matching phrases.
    pub count: u32,
}

/// Dictionary lines are written `file:line`, with the file name as loaded
/// (`data/dict/…` for the built-in dictionaries).
#[derive(Debug, Serialize)]
pub struct Evidence<'a> {
    /// The source noun phrase as it appears in the sentence.
    pub source_text: &'a str,
    /// The target noun phrase as it appears in the sentence.
    pub target_text: &'a str,
    /// The verb as it appears in the sentence.
    pub verb_text: &'a str,
    /// The verb's dictionary head form.
    pub verb_lemma: &'a str,
    /// The verb family (synonym block) in the verb dictionary.
    pub verb_family: &'a str,
    /// Verb dictionary line of the verb entry.
    pub verb_entry: String,
    /// Verb dictionary line of the pattern that matched, or `null` when
    /// the verb's own code was used.
    pub pattern: Option<String>,
    /// Actor dictionary line that coded the source, or `null`.
    pub source_actor: Option<String>,
    /// Agent dictionary lines that coded the source.
    pub source_agents: Vec<String>,
    /// Actor dictionary line that coded the target, or `null`.
    pub target_actor: Option<String>,
    /// Agent dictionary lines that coded the target.
    pub target_agents: Vec<String>,
    /// True if the event was coded from a passive construction (source
    /// and target taken from the by-phrase and the subject).
    pub passive: bool,
    /// When the source was inferred from context (a passive without an
    /// agent, a pronoun, "the country"): the index of the sentence of the
    /// document it was taken from; `null` when the sentence itself names it.
    pub source_inferred_from: Option<usize>,
    /// As `source_inferred_from`, for the target.
    pub target_inferred_from: Option<usize>,
}

/// The sentence-level facts shared by all events of one sentence.
#[derive(Debug, Clone)]
pub struct SentenceContext<'a> {
    pub doc_id: &'a str,
    pub sentence_id: &'a str,
    pub doc_date: Date,
    /// Where the document date came from when not from the document
    /// (`--date`, `file modification time`).
    pub date_note: Option<&'a str>,
    pub doc_title: Option<&'a str>,
    pub doc_url: Option<&'a str>,
    /// Character offsets of the sentence in the document text.
    pub chars: (usize, usize),
    pub sentence: &'a str,
    pub issues: &'a [(String, u32)],
}

impl<'a> EventRecord<'a> {
    /// Builds the record for `event`; `info` is the CAMEO table entry of
    /// its code.
    pub fn new(
        ctx: &SentenceContext<'a>,
        event: &'a Event,
        info: CodeInfo,
        date: &EventDate,
    ) -> EventRecord<'a> {
        EventRecord {
            doc_id: ctx.doc_id,
            sentence_id: ctx.sentence_id,
            date: date.date,
            date_precision: date.date.precision(),
            doc_date: ctx.doc_date,
            date_evidence: date_evidence(date, ctx.date_note),
            doc_title: ctx.doc_title,
            doc_url: ctx.doc_url,
            char_start: ctx.chars.0,
            char_end: ctx.chars.1,
            location: None,
            source: &event.source.code,
            target: &event.target.code,
            code: &event.code,
            root_code: Some(info.root).filter(|r| !r.is_empty()),
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            plover: info.plover.map(|p| PloverRecord {
                category: p.category,
                mode: p.mode,
                context: p.context,
            }),
            issues: ctx
                .issues
                .iter()
                .map(|(code, count)| IssueRecord {
                    code,
                    count: *count,
                })
                .collect(),
            sentence: ctx.sentence,
            evidence: Evidence {
                source_text: &event.source.text,
                target_text: &event.target.text,
                verb_text: &event.verb.text,
                verb_lemma: &event.verb.lemma,
                verb_family: &event.verb.family,
                verb_entry: event.verb.verb.to_string(),
                pattern: event.verb.pattern.as_ref().map(Origin::to_string),
                source_actor: actor(&event.source),
                source_agents: agents(&event.source),
                target_actor: actor(&event.target),
                target_agents: agents(&event.target),
                passive: event.passive,
                source_inferred_from: event.source.inferred_from,
                target_inferred_from: event.target.inferred_from,
            },
        }
    }
}

impl<'a> EventRecord<'a> {
    /// The record with `location` set.
    pub fn with_location(mut self, location: Option<&'a faultline_geo::Location>) -> Self {
        self.location = location;
        self
    }
}

/// What `date_evidence` says: the phrase, or `publication date` with
/// where that date came from.
pub fn date_evidence(date: &EventDate, note: Option<&str>) -> String {
    match (&date.phrase, note) {
        (Some(phrase), _) => phrase.clone(),
        (None, Some(note)) => format!("publication date ({note})"),
        (None, None) => "publication date".to_string(),
    }
}

fn display<S: Serializer>(value: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn actor(p: &Participant) -> Option<String> {
    p.actor.as_ref().map(Origin::to_string)
}

fn agents(p: &Participant) -> Vec<String> {
    p.agents.iter().map(Origin::to_string).collect()
}
