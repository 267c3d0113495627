//! JSON Lines documents: `{"id", "date", "text"}` with optional `"title"`,
//! `"url"` and `"source"`, one per line.
//!
//! The text is taken as given (these documents are already clean); only
//! the line's own problems are reported here, by column and document id.
//! The caller, who knows the file and the line number, adds them.

use serde_json::{Map, Value};

use super::dates::parse_date_value;
use super::discover::published;
use super::{Article, ReaderError};

fn string_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if key == "id" => Some(n.to_string()),
        _ => None,
    }
}

/// Read one JSON Lines document.
///
/// `text` is required. `id` (a string or a number), `date` (`YYYY-MM-DD`,
/// `YYYYMMDD` or an ISO 8601 date-time; the evidence is `jsonl date`),
/// `title`, `url` and `source` are optional: a document without an id or a
/// date gets them from the caller (its line, `--date`), but a date that is
/// there and cannot be read is an error.
///
/// ```
/// use faultline_text::readers::read_jsonl_line;
/// let a = read_jsonl_line(r#"{"id": "n1", "date": "2022-06-20", "text": "Russia met China."}"#).unwrap();
/// assert_eq!(a.published.unwrap().iso(), "2022-06-20");
/// let undated = read_jsonl_line(r#"{"text": "Russia met China."}"#).unwrap();
/// assert!(undated.id.is_none() && undated.published.is_none());
/// let err = read_jsonl_line(r#"{"id": "n2", "date": "soon", "text": "x"}"#).unwrap_err();
/// assert_eq!(err.to_string(), "document \"n2\": bad date \"soon\" (expected YYYY-MM-DD)");
/// ```
pub fn read_jsonl_line(line: &str) -> Result<Article, ReaderError> {
    let value: Value = serde_json::from_str(line).map_err(|e| ReaderError::Json {
        column: e.column().max(1),
        message: e.to_string(),
    })?;
    let Value::Object(obj) = value else {
        return Err(ReaderError::Json {
            column: 1,
            message: "a document must be a JSON object".into(),
        });
    };
    let id = string_field(&obj, "id");
    let document = id
        .as_deref()
        .map_or_else(|| "(no id)".to_string(), |i| format!("{i:?}"));
    let text = string_field(&obj, "text").ok_or_else(|| ReaderError::MissingField {
        document: document.clone(),
        field: "text",
    })?;
    let published = match obj.get("date") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let raw = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let d = parse_date_value(&raw)
                .filter(|_| raw.trim().starts_with(|c: char| c.is_ascii_digit()))
                .ok_or_else(|| ReaderError::BadDate {
                    document: document.clone(),
                    value: raw.clone(),
                })?;
            Some(published(d, "jsonl date".into()))
        }
    };
    Ok(Article {
        id,
        title: string_field(&obj, "title"),
        url: string_field(&obj, "url"),
        source: string_field(&obj, "source"),
        published,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_errors() {
        let a = read_jsonl_line(
            r#"{"id": 7, "date": "20220620", "text": "Kazakhstan suspended permits.", "title": "T", "url": "https://u.example/7", "source": "Wire", "extra": [1]}"#,
        )
        .unwrap();
        assert_eq!(a.id.as_deref(), Some("7"));
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.url.as_deref(), Some("https://u.example/7"));
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.published.unwrap().evidence, "jsonl date");

        let cases = [
            (
                "",
                "column 1: invalid JSON document: EOF while parsing a value at line 1 column 0",
            ),
            (
                "[1]",
                "column 1: invalid JSON document: a document must be a JSON object",
            ),
            (
                r#"{"id": "a", "date": "2022-06-20", "text": 5}"#,
                "document \"a\": missing or non-string field `text`",
            ),
            (
                r#"{"date": "2022-06-20"}"#,
                "document (no id): missing or non-string field `text`",
            ),
            (
                r#"{"id": "a", "date": 2022, "text": "x"}"#,
                "document \"a\": bad date \"2022\" (expected YYYY-MM-DD)",
            ),
            (
                r#"{"id": "a", "date": "June 20", "text": "x"}"#,
                "document \"a\": bad date \"June 20\" (expected YYYY-MM-DD)",
            ),
            (
                r#"{"id": "a", "date": "2022-02-30", "text": "x"}"#,
                "document \"a\": bad date \"2022-02-30\" (expected YYYY-MM-DD)",
            ),
            (
                r#"{"id": "a", "date": "2022-06-20", "text": "x""#,
                "column 45: invalid JSON document: EOF while parsing an object at line 1 column 45",
            ),
        ];
        for (line, want) in cases {
            assert_eq!(
                read_jsonl_line(line).unwrap_err().to_string(),
                want,
                "line {line:?}"
            );
        }
    }
}
