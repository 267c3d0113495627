//! The rows of each table: one row type whose serialized fields are the
//! table's columns, in order, and one list of [`Column`]s naming them with
//! their Parquet type. JSON Lines writes the row as it is, CSV writes the
//! same fields as cells and Parquet puts them into typed columns, so the
//! three agree by construction.

use faultline_pipeline::record::{Evidence as EvidenceRecord, IssueRecord};
use faultline_store::{Cluster, Evidence, Origin, StoredDocument, StoredEvent};
use serde::Serialize;

/// A column of an exported table: its name (a field of the table's row
/// type) and its type in Parquet files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

/// The Parquet (Arrow) type of a column. Every column may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int64,
    Int32,
    Float64,
    /// Text; nested JSON (`issues`, `evidence`) is its JSON text, as in CSV.
    Utf8,
    /// A list of ids (a cluster's `events`).
    Int64List,
}

pub(crate) const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// Columns of the events table, in order.
pub(crate) const EVENT_COLUMNS: [Column; 30] = [
    col("event_id", Kind::Int64),
    col("cluster_id", Kind::Int64),
    col("document", Kind::Int64),
    col("doc_id", Kind::Utf8),
    col("sentence_index", Kind::Int64),
    col("date", Kind::Utf8),
    col("date_precision", Kind::Utf8),
    col("date_evidence", Kind::Utf8),
    col("source", Kind::Utf8),
    col("target", Kind::Utf8),
    col("code", Kind::Utf8),
    col("root_code", Kind::Utf8),
    col("quad_class", Kind::Int32),
    col("goldstein", Kind::Float64),
    col("plover_category", Kind::Utf8),
    col("plover_mode", Kind::Utf8),
    col("plover_context", Kind::Utf8),
    col("char_start", Kind::Int64),
    col("char_end", Kind::Int64),
    col("url", Kind::Utf8),
    col("location_name", Kind::Utf8),
    col("location_country", Kind::Utf8),
    col("location_country_iso2", Kind::Utf8),
    col("location_admin1", Kind::Utf8),
    col("location_admin1_code", Kind::Utf8),
    col("lat", Kind::Float64),
    col("lon", Kind::Float64),
    col("location_precision", Kind::Utf8),
    col("issues", Kind::Utf8),
    col("evidence", Kind::Utf8),
];

/// One event. `cluster_id` joins it to the clusters table; `document` to
/// the documents table. `issues` and `evidence` are the JSON of the
/// record `faultline code` writes.
#[derive(Debug, Serialize)]
pub(crate) struct EventRow<'a> {
    event_id: i64,
    cluster_id: i64,
    document: i64,
    doc_id: &'a str,
    sentence_index: u32,
    date: String,
    date_precision: &'static str,
    date_evidence: &'a str,
    source: &'a str,
    target: &'a str,
    code: &'a str,
    root_code: Option<&'a str>,
    quad_class: Option<u8>,
    goldstein: Option<f64>,
    plover_category: Option<&'a str>,
    plover_mode: Option<&'a str>,
    plover_context: Option<&'a str>,
    /// Character offsets (end exclusive) of the sentence in the document
    /// text.
    char_start: usize,
    char_end: usize,
    url: Option<&'a str>,
    /// Where the event happened (see `faultline_store::Location`).
    location_name: Option<&'a str>,
    location_country: Option<&'a str>,
    location_country_iso2: Option<&'a str>,
    location_admin1: Option<&'a str>,
    location_admin1_code: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    location_precision: Option<&'a str>,
    issues: Vec<IssueRecord<'a>>,
    evidence: EvidenceRecord<'a>,
}

impl<'a> EventRow<'a> {
    pub fn new(stored: &'a StoredEvent) -> EventRow<'a> {
        let e = &stored.event;
        let p = e.plover.as_ref();
        let l = e.location.as_ref();
        EventRow {
            event_id: stored.id,
            cluster_id: stored.cluster_id,
            document: stored.document,
            doc_id: &stored.doc_id,
            sentence_index: e.sentence_index,
            date: e.date.to_string(),
            date_precision: e.date.precision().as_str(),
            date_evidence: &e.date_evidence,
            source: &e.source,
            target: &e.target,
            code: &e.code,
            root_code: e.root_code.as_deref(),
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            plover_category: p.map(|p| p.category.as_str()),
            plover_mode: p.map(|p| p.mode.as_str()),
            plover_context: p.map(|p| p.context.as_str()),
            char_start: stored.char_start,
            char_end: stored.char_end,
            url: stored.url.as_deref(),
            location_name: l.map(|l| l.name.as_str()),
            location_country: l.map(|l| l.country.as_str()),
            location_country_iso2: l.map(|l| l.country_iso2.as_str()),
            location_admin1: l.and_then(|l| l.admin1.as_deref()),
            location_admin1_code: l.and_then(|l| l.admin1_code.as_deref()),
            lat: l.and_then(|l| l.lat),
            lon: l.and_then(|l| l.lon),
            location_precision: l.and_then(|l| l.precision.as_deref()),
            issues: stored
                .issues
                .iter()
                .map(|(code, count)| IssueRecord {
                    code,
                    count: *count,
                })
                .collect(),
            evidence: evidence(&e.evidence),
        }
    }
}

/// The evidence as `faultline code` writes it.
fn evidence(e: &Evidence) -> EvidenceRecord<'_> {
    let lines = |list: &[Origin]| list.iter().map(Origin::to_string).collect();
    EvidenceRecord {
        source_text: &e.source_text,
        target_text: &e.target_text,
        verb_text: &e.verb_text,
        verb_lemma: &e.verb_lemma,
        verb_family: &e.verb_family,
        verb_entry: e.verb_entry.to_string(),
        pattern: e.pattern.as_ref().map(Origin::to_string),
        source_actor: e.source_actor.as_ref().map(Origin::to_string),
        source_agents: lines(&e.source_agents),
        target_actor: e.target_actor.as_ref().map(Origin::to_string),
        target_agents: lines(&e.target_agents),
        passive: e.passive,
        source_inferred_from: e.source_inferred_from,
        target_inferred_from: e.target_inferred_from,
    }
}

/// Columns of the documents table, in order.
pub(crate) const DOCUMENT_COLUMNS: [Column; 13] = [
    col("document", Kind::Int64),
    col("doc_id", Kind::Utf8),
    col("name", Kind::Utf8),
    col("title", Kind::Utf8),
    col("url", Kind::Utf8),
    col("source", Kind::Utf8),
    col("doc_date", Kind::Utf8),
    col("date_source", Kind::Utf8),
    col("content_hash", Kind::Utf8),
    col("ingested_at", Kind::Utf8),
    col("sentences", Kind::Int64),
    col("events", Kind::Int64),
    col("text", Kind::Utf8),
];

#[derive(Debug, Serialize)]
pub(crate) struct DocumentRow<'a> {
    document: i64,
    doc_id: &'a str,
    name: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    doc_date: String,
    date_source: &'a str,
    /// 64 hex digits.
    content_hash: String,
    ingested_at: &'a str,
    sentences: u64,
    events: u64,
    text: &'a str,
}

impl<'a> DocumentRow<'a> {
    pub fn new(d: &'a StoredDocument) -> DocumentRow<'a> {
        DocumentRow {
            document: d.id,
            doc_id: &d.doc_id,
            name: &d.name,
            title: d.title.as_deref(),
            url: d.url.as_deref(),
            source: d.source.as_deref(),
            doc_date: d.doc_date.to_string(),
            date_source: &d.date_source,
            content_hash: d.content_hash.to_string(),
            ingested_at: &d.ingested_at,
            sentences: d.sentences,
            events: d.events,
            text: &d.text,
        }
    }
}

/// Columns of the clusters table, in order.
pub(crate) const CLUSTER_COLUMNS: [Column; 9] = [
    col("cluster_id", Kind::Int64),
    col("source", Kind::Utf8),
    col("target", Kind::Utf8),
    col("root_code", Kind::Utf8),
    col("first_date", Kind::Utf8),
    col("mentions", Kind::Int64),
    col("sources", Kind::Int64),
    col("articles", Kind::Int64),
    col("events", Kind::Int64List),
];

#[derive(Debug, Serialize)]
pub(crate) struct ClusterRow<'a> {
    cluster_id: i64,
    source: &'a str,
    target: &'a str,
    root_code: Option<&'a str>,
    first_date: String,
    mentions: usize,
    sources: usize,
    articles: usize,
    events: &'a [i64],
}

impl<'a> ClusterRow<'a> {
    pub fn new(c: &'a Cluster) -> ClusterRow<'a> {
        ClusterRow {
            cluster_id: c.id,
            source: &c.source,
            target: &c.target,
            root_code: c.root_code.as_deref(),
            first_date: c.first_date.to_string(),
            mentions: c.mentions,
            sources: c.sources,
            articles: c.articles,
            events: &c.events,
        }
    }
}
