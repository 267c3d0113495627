//! `POST /api/documents`: code a document and store it, as `faultline
//! ingest` does, when the server holds a token and the request bears it.

use std::sync::{OnceLock, PoisonError};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use faultline_coder::Coder;
use faultline_dict::{CameoTables, Dictionaries};
use faultline_pipeline::input::{jsonl_document, DateFallback, InputError};
use faultline_pipeline::{code_document, Document};
use faultline_store::Inserted;
use faultline_text::readers::ReaderError;
use serde_json::{json, Value};

use crate::params::Params;
use crate::{ApiError, Shared};

/// What the documents stored through the API are said to come from
/// (the `inputs` name of `faultline ingest`'s files).
const INPUT_NAME: &str = "POST /api/documents";

/// The built-in dictionaries and CAMEO tables, loaded once.
pub(crate) fn dictionaries() -> &'static Dictionaries {
    static DICTS: OnceLock<Dictionaries> = OnceLock::new();
    DICTS.get_or_init(|| Dictionaries::builtin().0)
}

pub(crate) fn tables() -> &'static CameoTables {
    static TABLES: OnceLock<CameoTables> = OnceLock::new();
    TABLES.get_or_init(CameoTables::builtin)
}

/// Loads the dictionaries, tables and models before the first request,
/// so that it does not wait for them.
pub(crate) fn warm_up() {
    let coder = Coder::new(dictionaries());
    let _ = tables();
    let doc = jsonl_document(
        r#"{"id": "warm-up", "date": "2022-06-19", "text": "Kazakhstan met Russia."}"#,
        "warm-up".into(),
        &DateFallback::default(),
    );
    if let Ok(doc) = doc {
        code_document(&coder, &doc);
    }
}

/// Whether `given` equals `token`, in time that depends on their lengths
/// only.
fn same(given: &[u8], token: &[u8]) -> bool {
    given.len() == token.len() && given.iter().zip(token).fold(0, |d, (a, b)| d | (a ^ b)) == 0
}

/// 403 when the server takes no documents, 401 when the request does not
/// bear its token.
fn authorize(state: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::forbidden(
            "this server is read-only; start it with --token to accept documents",
        ));
    };
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        Some(given) if same(given.trim().as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::unauthorized("wrong bearer token")),
        None => Err(ApiError::unauthorized(
            "an Authorization: Bearer header with the server's token is needed",
        )),
    }
}

/// The document a request body holds: one JSON object as a line of
/// `faultline ingest`'s JSON Lines, `{"id", "date", "text"}` and
/// optionally `"title"`, `"url"`, `"source"`.
fn read_body(body: &[u8]) -> Result<Document, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::parameter("body", "the body is not UTF-8 text"))?;
    check_fields(text)?;
    jsonl_document(text.trim(), "the body".into(), &DateFallback::default()).map_err(|e| {
        let field = match &e {
            InputError::NoDate | InputError::Jsonl(ReaderError::BadDate { .. }) => "date",
            InputError::Jsonl(ReaderError::MissingField { field, .. }) => field,
            InputError::Document(_) | InputError::Named { .. } => "text",
            _ => "body",
        };
        ApiError::parameter(field, e.to_string())
    })
}

/// Whether `date` is a day written `YYYY-MM-DD`, of the years 1900 to
/// 2100.
fn publication_date(date: &str) -> bool {
    date.len() == 10
        && crate::params::date("date", date)
            .is_ok_and(|d| d.day().is_some() && (1900..=2100).contains(&d.year()))
}

/// The API's contract, stricter than the JSON Lines reader's: a JSON
/// object whose `date` and `text` are strings, and whose `id`, `title`,
/// `url` and `source`, when present, are strings too.
fn check_fields(text: &str) -> Result<(), ApiError> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(text) else {
        return Err(ApiError::parameter(
            "body",
            "the body must be a JSON object: {\"id\", \"date\", \"text\"}",
        ));
    };
    for (name, required) in [
        ("date", true),
        ("text", true),
        ("id", false),
        ("title", false),
        ("url", false),
        ("source", false),
    ] {
        match fields.get(name) {
            Some(Value::String(date)) if name == "date" && !publication_date(date) => {
                return Err(ApiError::parameter(
                    "date",
                    format!("'date' must be a day, YYYY-MM-DD, from 1900 to 2100: not '{date}'"),
                ))
            }
            Some(Value::String(_)) => {}
            None if !required => {}
            None => return Err(ApiError::parameter(name, format!("'{name}' is missing"))),
            Some(_) => {
                return Err(ApiError::parameter(
                    name,
                    format!("'{name}' must be a string"),
                ))
            }
        }
    }
    Ok(())
}

pub(crate) async fn post(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    authorize(&state, &headers)?;
    Params::parse(query.as_deref(), &[])?;
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::too_large(state.body_limit),
        _ => ApiError::parameter("body", e.body_text()),
    })?;
    let doc = read_body(&body)?;
    let shared = state.clone();
    tokio::task::spawn_blocking(move || {
        let coded = code_document(&Coder::new(dictionaries()), &doc);
        let Some(writer) = &shared.writer else {
            return Err(ApiError::forbidden("this server is read-only"));
        };
        let mut store = writer.lock().unwrap_or_else(PoisonError::into_inner);
        let inserted = store
            .insert_coded(INPUT_NAME, &doc, &coded, tables())
            .map_err(ApiError::store)?;
        match inserted {
            Inserted::New(document) => {
                let snapshot = store.snapshot().map_err(ApiError::store)?;
                let events = snapshot
                    .document_events(document)
                    .map_err(ApiError::store)?;
                let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
                drop(snapshot);
                drop(store);
                shared.reanalyse_soon();
                Ok((
                    StatusCode::CREATED,
                    Json(json!({
                        "stored": true, "document": document, "doc_id": doc.id,
                        "sentences": coded.chars.len(), "event_ids": ids,
                    })),
                ))
            }
            Inserted::AlreadyPresent => Ok((
                StatusCode::OK,
                Json(json!({
                    "stored": false, "document": null, "doc_id": doc.id,
                    "sentences": coded.chars.len(), "event_ids": [],
                })),
            )),
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("coding stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"s3cret", b"s3cret"));
        assert!(!same(b"s3cre", b"s3cret"));
        assert!(!same(b"s3creT", b"s3cret"));
        assert!(!same(b"", b"s3cret"));
    }

    #[test]
    fn bodies_name_the_field_at_fault() {
        let field = |body: &str| read_body(body.as_bytes()).unwrap_err().parameter.unwrap();
        assert_eq!(field(r#"{"id": "a", "text": "Russia met China."}"#), "date");
        assert_eq!(field(r#"{"id": "a", "date": "June", "text": "x"}"#), "date");
        assert_eq!(field(r#"{"id": "a", "date": "2022-06-19"}"#), "text");
        assert_eq!(
            field(r#"{"id": "a", "date": "2022-06-19", "text": "  "}"#),
            "text"
        );
        assert_eq!(field("[1, 2]"), "body");
        assert_eq!(field(r#"{"date": 20220619, "text": "x"}"#), "date");
        assert_eq!(
            field(r#"{"date": "2022-06-19", "text": "x", "source": {}}"#),
            "source"
        );
        assert_eq!(
            field(r#"{"id": 7, "date": "2022-06-19", "text": "x"}"#),
            "id"
        );
        assert_eq!(field("{"), "body");
        assert_eq!(
            field(r#"{"date": "1912-03-01*", "text": "Russia met China."}"#),
            "date"
        );
        assert_eq!(
            field(r#"{"date": "1899-12-31", "text": "Russia met China."}"#),
            "date"
        );
        let doc = read_body(br#"{"id": "a", "date": "2022-06-19", "text": "Russia met China."}"#)
            .unwrap();
        assert_eq!(doc.id, "a");
    }
}
