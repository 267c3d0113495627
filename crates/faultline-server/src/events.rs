//! `GET /api/events` and `GET /api/events/{id}`.

use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use faultline_core::Date;
use faultline_store::{text_query, EventDetail, EventFilter, EventRow, Location, Origin, Plover};
use serde::Serialize;
use serde_json::{json, Value};

use crate::detail::{spans, Span};
use crate::params::{self, Params};
use crate::{with_store, ApiError, Shared};

/// Events a page holds when `limit` is not given, and at most.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

const LIST_PARAMS: &[&str] = &[
    "actor", "source", "target", "root", "plover", "from", "to", "q", "limit", "cursor", "ids",
];

/// Ids an `ids` list holds at most.
const MAX_IDS: usize = 1000;

/// `ids=1,2,3`: event ids, 1 to [`MAX_IDS`] of them.
fn ids(value: &str) -> Result<Vec<i64>, ApiError> {
    let bad = || {
        ApiError::parameter(
            "ids",
            format!(
                "ids must be 1 to {MAX_IDS} event ids (whole numbers from 1) separated by \
                 commas: not '{}'",
                value.chars().take(80).collect::<String>()
            ),
        )
    };
    let list: Vec<i64> = value
        .split(',')
        .map(|v| {
            v.parse::<i64>()
                .ok()
                .filter(|n| *n >= 1 && !v.starts_with('+'))
        })
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    if list.is_empty() || list.len() > MAX_IDS {
        return Err(bad());
    }
    Ok(list)
}

/// `GET /api/events`: a page of the events that pass the filters, in date
/// order, with the cursor of the next page.
pub(crate) async fn list(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(query.as_deref(), LIST_PARAMS)?;
    let root = match p.get("root") {
        Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => Some(r.to_string()),
        Some(r) => {
            return Err(ApiError::parameter(
                "root",
                format!("root must be a two-digit CAMEO root code (01 to 20): not '{r}'"),
            ))
        }
        None => None,
    };
    let plover = match p.get("plover") {
        Some(c)
            if !c.is_empty()
                && c.len() <= 40
                && c.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') =>
        {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            return Err(ApiError::parameter(
                "plover",
                format!("plover must be a PLOVER category such as PROTEST: not '{c}'"),
            ))
        }
        None => None,
    };
    let after = match p.get("cursor") {
        Some(c) => Some(c.parse().map_err(|()| {
            ApiError::parameter(
                "cursor",
                format!("cursor must be a next_cursor this endpoint gave: not '{c}'"),
            )
        })?),
        None => None,
    };
    let (from, to) = (p.date("from")?, p.date("to")?);
    let ids = p.get("ids").map(ids).transpose()?;
    // a list of ids fits on one page unless a limit is given
    let default_limit = ids.as_ref().map_or(DEFAULT_LIMIT, |l| l.len() as i64);
    // a search for no word at all (`q=--`) finds no sentence
    let q = p.get("q");
    let text = q.map(text_query);
    let filter = EventFilter {
        actor: p.code("actor")?,
        source: p.code("source")?,
        target: p.code("target")?,
        root,
        plover,
        from,
        to,
        text: text.clone().flatten(),
        ids,
        after,
        limit: usize::try_from(p.int("limit", 1, MAX_LIMIT)?.unwrap_or(default_limit)).unwrap_or(1),
    };
    if matches!(text, Some(None)) {
        return Ok(Json(json!({"events": [], "next_cursor": null})).into_response());
    }
    let page = with_store(&state, move |store| {
        let snapshot = store.snapshot().map_err(ApiError::store)?;
        snapshot.query_events(&filter).map_err(ApiError::store)
    })
    .await?;
    // written straight from the rows: a page of a thousand events is not
    // built as a tree of JSON values first
    let body = serde_json::to_vec(&PageOut {
        events: page.events.iter().map(RowOut::of).collect(),
        next_cursor: page.next.map(|c| c.to_string()),
    })
    .map_err(|e| ApiError::internal(format!("cannot write the page: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A page of `GET /api/events`.
#[derive(Serialize)]
struct PageOut<'a> {
    events: Vec<RowOut<'a>>,
    next_cursor: Option<String>,
}

/// An event of a list.
#[derive(Serialize)]
struct RowOut<'a> {
    id: i64,
    cluster_id: i64,
    date: String,
    date_precision: &'static str,
    date_evidence: &'a str,
    source: &'a str,
    target: &'a str,
    code: &'a str,
    root_code: Option<&'a str>,
    quad_class: Option<u8>,
    goldstein: Option<f64>,
    plover: Option<PloverOut<'a>>,
    location: Option<LocationOut<'a>>,
    document: DocumentOut<'a>,
    sentence_index: u32,
    sentence: &'a str,
}

#[derive(Serialize)]
struct PloverOut<'a> {
    category: &'a str,
    mode: &'a str,
    context: &'a str,
}

#[derive(Serialize)]
struct LocationOut<'a> {
    name: &'a str,
    country: &'a str,
    country_iso2: &'a str,
    admin1: Option<&'a str>,
    admin1_code: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    precision: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: i64,
    doc_id: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> PloverOut<'a> {
    fn of(p: &'a Plover) -> PloverOut<'a> {
        PloverOut {
            category: &p.category,
            mode: &p.mode,
            context: &p.context,
        }
    }
}

impl<'a> LocationOut<'a> {
    fn of(l: &'a Location) -> LocationOut<'a> {
        LocationOut {
            name: &l.name,
            country: &l.country,
            country_iso2: &l.country_iso2,
            admin1: l.admin1.as_deref(),
            admin1_code: l.admin1_code.as_deref(),
            lat: l.lat,
            lon: l.lon,
            precision: l.precision.as_deref(),
        }
    }
}

impl<'a> RowOut<'a> {
    fn of(e: &'a EventRow) -> RowOut<'a> {
        let (date, date_precision) = date_json(e.date);
        RowOut {
            id: e.id,
            cluster_id: e.cluster_id,
            date,
            date_precision,
            date_evidence: &e.date_evidence,
            source: &e.source,
            target: &e.target,
            code: &e.code,
            root_code: e.root_code.as_deref(),
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            plover: e.plover.as_ref().map(PloverOut::of),
            location: e.location.as_ref().map(LocationOut::of),
            document: DocumentOut {
                id: e.document,
                doc_id: &e.doc_id,
                title: e.title.as_deref(),
                url: e.url.as_deref(),
            },
            sentence_index: e.sentence_index,
            sentence: &e.sentence,
        }
    }
}

/// `GET /api/events/{id}`: one event with its sentence, the spans of its
/// phrases, its date evidence, its document and its dictionary lines.
pub(crate) async fn one(
    State(state): State<Shared>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let id = params::int("id", &id, 1, i64::MAX)?;
    let detail = with_store(&state, move |store| {
        let snapshot = store.snapshot().map_err(ApiError::store)?;
        snapshot.event(id).map_err(ApiError::store)
    })
    .await?;
    match detail {
        Some(d) => Ok(Json(detail_json(&d))),
        None => Err(ApiError::not_found(format!("no event {id}"))),
    }
}

/// A date as written (`2022-06-19`, `2022-06`, `2022`) and its precision.
fn date_json(d: Date) -> (String, &'static str) {
    let precision = match (d.month(), d.day()) {
        (Some(_), Some(_)) => "day",
        (Some(_), None) => "month",
        _ => "year",
    };
    (d.to_string(), precision)
}

/// A PLOVER record or a place as JSON, in the shapes lists write them.
fn plover_json(p: Option<&Plover>) -> Value {
    json!(p.map(PloverOut::of))
}

fn location_json(l: Option<&Location>) -> Value {
    json!(l.map(LocationOut::of))
}

fn span_json(s: Option<Span>) -> Value {
    s.map_or(
        Value::Null,
        |(start, end)| json!({"start": start, "end": end}),
    )
}

/// An event with everything that explains it.
fn detail_json(d: &EventDetail) -> Value {
    let stored = &d.event;
    let e = &stored.event;
    let ev = &e.evidence;
    let (date, precision) = date_json(e.date);
    let phrase = |text: &str, inferred: Option<usize>| {
        (inferred.is_none() && !text.trim().is_empty()).then(|| text.to_string())
    };
    let source = phrase(&ev.source_text, ev.source_inferred_from);
    let target = phrase(&ev.target_text, ev.target_inferred_from);
    let (source_span, verb_span, target_span) = spans(
        &d.sentence,
        source.as_deref(),
        &ev.verb_text,
        target.as_deref(),
    );
    let mut lines = Vec::new();
    let mut line = |role: &str, o: &Origin| {
        lines.push(json!({"role": role, "file": &*o.file, "line": o.line}));
    };
    line("verb", &ev.verb_entry);
    if let Some(o) = &ev.pattern {
        line("pattern", o);
    }
    if let Some(o) = &ev.source_actor {
        line("source_actor", o);
    }
    for o in &ev.source_agents {
        line("source_agent", o);
    }
    if let Some(o) = &ev.target_actor {
        line("target_actor", o);
    }
    for o in &ev.target_agents {
        line("target_agent", o);
    }
    let (doc_date, _) = date_json(d.doc_date);
    json!({
        "id": stored.id,
        "cluster_id": stored.cluster_id,
        "date": date,
        "date_precision": precision,
        "date_evidence": e.date_evidence,
        "source": e.source,
        "target": e.target,
        "code": e.code,
        "root_code": e.root_code,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover": plover_json(e.plover.as_ref()),
        "location": location_json(e.location.as_ref()),
        "document": {
            "id": stored.document, "doc_id": stored.doc_id, "title": d.title, "url": stored.url,
            "outlet": d.outlet, "date": doc_date, "date_source": d.date_source,
        },
        "sentence_index": e.sentence_index,
        "sentence": d.sentence,
        "char_start": stored.char_start,
        "char_end": stored.char_end,
        "spans": {
            "source": span_json(source_span),
            "verb": span_json(verb_span),
            "target": span_json(target_span),
        },
        "evidence": {
            "source_text": ev.source_text,
            "target_text": ev.target_text,
            "verb_text": ev.verb_text,
            "verb_lemma": ev.verb_lemma,
            "verb_family": ev.verb_family,
            "passive": ev.passive,
            "source_inferred_from": ev.source_inferred_from,
            "target_inferred_from": ev.target_inferred_from,
        },
        "dictionary_lines": lines,
        "issues": stored.issues.iter()
            .map(|(code, count)| json!({"code": code, "count": count}))
            .collect::<Vec<_>>(),
    })
}
