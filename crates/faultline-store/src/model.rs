//! What goes into the store and what comes out of it.

use std::fmt;

use faultline_core::Date;
use faultline_dict::Origin;
use sha2::{Digest, Sha256};

/// The SHA-256 of a document's content: what identifies a document in the
/// store. Written as 64 lower-case hex digits, stored as 32 bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(Sha256::digest(bytes).into())
    }

    /// A hash written as 64 hex digits.
    pub fn from_hex(hex: &str) -> Option<ContentHash> {
        let digits = hex.as_bytes();
        if digits.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
            let nibble = |d: u8| char::from(d).to_digit(16);
            *byte = u8::try_from((nibble(pair[0])? << 4) | nibble(pair[1])?).ok()?;
        }
        Some(ContentHash(out))
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({self})")
    }
}

/// The hash of `bytes`, the form of [`NewDocument::content_hash`].
///
/// ```
/// assert_eq!(
///     faultline_store::content_hash(b"abc").to_string(),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn content_hash(bytes: &[u8]) -> ContentHash {
    ContentHash::of(bytes)
}

/// A document to store.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    /// Identifies the document's content; a second document with the same
    /// hash is not stored ([`crate::document_hash`] makes one).
    pub content_hash: ContentHash,
    /// Where it was read from: a file path, `<stdin>`.
    pub name: &'a str,
    /// The document's own id (a JSON Lines `id`, a file name).
    pub doc_id: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The outlet that published it (`Reuters`), if known.
    pub source: Option<&'a str>,
    /// Publication date.
    pub doc_date: Date,
    /// Where `doc_date` came from (`document`, `--date`, `file
    /// modification time`).
    pub date_source: &'a str,
    /// The clean text; sentence offsets count its characters.
    pub text: &'a str,
}

/// A sentence of a document: a range of characters (Unicode scalar
/// values, end exclusive) of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSentence {
    /// Position of the sentence in the document, from 0.
    pub index: u32,
    pub char_start: usize,
    pub char_end: usize,
    /// Issue codes found in the sentence, with their counts.
    pub issues: Vec<(String, u32)>,
}

/// A PLOVER category; blank parts are empty strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plover {
    pub category: String,
    pub mode: String,
    pub context: String,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    /// The place's name (`Novorossiysk`).
    pub name: String,
    /// ISO 3166-1 alpha-3 country code (`RUS`).
    pub country: String,
    /// ISO 3166-1 alpha-2 country code (`RU`).
    pub country_iso2: String,
    /// The first-level region's name, when the place is in one.
    pub admin1: Option<String>,
    /// The GeoNames code of that region within its country (`38`).
    pub admin1_code: Option<String>,
    /// Latitude and longitude in decimal degrees.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// `city`, `admin1` or `country`.
    pub precision: Option<String>,
}

impl From<&faultline_geo::Location> for Location {
    fn from(l: &faultline_geo::Location) -> Location {
        let precision = match l.precision {
            faultline_geo::Precision::City => "city",
            faultline_geo::Precision::Admin1 => "admin1",
            faultline_geo::Precision::Country => "country",
        };
        Location {
            name: l.name.clone(),
            country: l.country.clone(),
            country_iso2: l.country_iso2.clone(),
            admin1: l.admin1.clone(),
            admin1_code: l.admin1_code.clone(),
            lat: Some(l.lat),
            lon: Some(l.lon),
            precision: Some(precision.to_string()),
        }
    }
}

/// Why an event was coded: the words of the sentence and the dictionary
/// lines that produced it (the `evidence` of an output record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The source noun phrase as it appears in the sentence.
    pub source_text: String,
    /// The target noun phrase as it appears in the sentence.
    pub target_text: String,
    /// The verb as it appears in the sentence.
    pub verb_text: String,
    /// The verb's dictionary head form.
    pub verb_lemma: String,
    /// The verb family (synonym block).
    pub verb_family: String,
    /// The verb entry's line.
    pub verb_entry: Origin,
    /// The line of the pattern that matched, if one did.
    pub pattern: Option<Origin>,
    pub source_actor: Option<Origin>,
    pub source_agents: Vec<Origin>,
    pub target_actor: Option<Origin>,
    pub target_agents: Vec<Origin>,
    /// Coded from a passive construction.
    pub passive: bool,
    /// The sentence the source was inferred from, when it was.
    pub source_inferred_from: Option<usize>,
    pub target_inferred_from: Option<usize>,
}

/// An event to store with its document.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// The sentence it was coded from; must be one of the document's.
    pub sentence_index: u32,
    pub source: String,
    pub target: String,
    /// CAMEO event code.
    pub code: String,
    /// Two-digit CAMEO root code.
    pub root_code: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
    pub plover: Option<Plover>,
    /// When the event happened, as precisely as known.
    pub date: Date,
    /// Why that date (`publication date`, a time expression).
    pub date_evidence: String,
    pub evidence: Evidence,
    /// Where it happened, when known.
    pub location: Option<Location>,
}

/// What [`crate::Store::insert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored, with this document row id.
    New(i64),
    /// A document with the same content hash was already stored; nothing
    /// was written.
    AlreadyPresent,
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: u64,
    pub sentences: u64,
    pub events: u64,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    /// Row id.
    pub id: i64,
    pub content_hash: ContentHash,
    pub name: String,
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub doc_date: Date,
    pub date_source: String,
    pub text: String,
    /// When it was stored, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub ingested_at: String,
    /// Number of its sentences.
    pub sentences: u64,
    /// Number of its events.
    pub events: u64,
}

/// A stored sentence: a range of characters of its document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSentence {
    pub index: u32,
    pub char_start: usize,
    pub char_end: usize,
    pub issues: Vec<(String, u32)>,
}

/// A stored event: the event as it was given, with its row id, its
/// cluster, its sentence's offsets and issues, and the facts of its
/// document that exports need.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Row id.
    pub id: i64,
    /// The id of its cluster: the smallest event id in it.
    pub cluster_id: i64,
    /// Row id of its document.
    pub document: i64,
    /// The document's own id.
    pub doc_id: String,
    pub url: Option<String>,
    /// When its document was stored, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub ingested_at: String,
    /// Character range of its sentence in the document's text.
    pub char_start: usize,
    pub char_end: usize,
    /// Issues of its sentence.
    pub issues: Vec<(String, u32)>,
    pub event: NewEvent,
}
