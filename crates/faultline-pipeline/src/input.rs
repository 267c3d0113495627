//! From the bytes of an input to [`Document`]s: the `faultline-text`
//! readers give articles (main text, title, URL, publication date with its
//! evidence), and each becomes a document dated by its own date, else by
//! the date the user gave, else by its file's modification time.
//!
//! The caller reads the bytes and knows the file time; nothing here opens
//! a file.

use faultline_core::Date;
use faultline_text::readers::{self, Article, Format, ReaderError};

use crate::document::{DateSource, Document, DocumentError};

/// How a document without its own date is dated.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateFallback {
    /// The date the user gave (`--date`).
    pub given: Option<Date>,
    /// The modification day of the file being read, when there is one.
    pub file_time: Option<Date>,
}

/// Why an input, or one document of it, could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("line {line}: not valid UTF-8 (first bad byte at offset {offset})")]
    Utf8 { line: usize, offset: usize },
    #[error("not a readable feed: {0}")]
    Feed(ReaderError),
    #[error("not a readable WARC file: {0}")]
    Warc(ReaderError),
    #[error("record {record}: {error}")]
    WarcRecord { record: usize, error: ReaderError },
    #[error("{0}")]
    Jsonl(ReaderError),
    #[error("no date in the document and no --date")]
    NoDate,
    #[error("{0}")]
    Document(#[from] DocumentError),
    /// A document with an id of its own that cannot be coded.
    #[error("document {id}: {error}")]
    Named { id: String, error: DocumentError },
    #[error("PETRARCH XML is coded record by record (--input petrarch-xml)")]
    PetrarchXml,
}

impl InputError {
    /// The message for an input named `name`: `name:line: …` when the
    /// error has a line, else `name: …`.
    pub fn located(&self, name: &str) -> String {
        match self {
            InputError::Utf8 { line, offset } => {
                format!("{name}:{line}: not valid UTF-8 (first bad byte at offset {offset})")
            }
            other => format!("{name}: {other}"),
        }
    }
}

/// The text of `bytes`, or where its first invalid UTF-8 byte is.
pub fn utf8(bytes: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(bytes).map_err(|_| {
        let (line, offset) = faultline_text::first_invalid_utf8_line(bytes).unwrap_or((1, 0));
        InputError::Utf8 { line, offset }
    })
}

/// The document an article makes; `fallback_id` names it when it has no
/// id or URL of its own (a file name, `file#3`, `file:12`).
pub fn document(
    article: Article,
    fallback_id: String,
    dates: &DateFallback,
) -> Result<Document, InputError> {
    let own = article.published.as_ref().map(|p| p.date);
    let (date, date_source) = match (own, dates.given, dates.file_time) {
        (Some(d), _, _) => (d, DateSource::Document),
        (None, Some(d), _) => (d, DateSource::Given),
        (None, None, Some(d)) => (d, DateSource::FileTime),
        (None, None, None) => return Err(InputError::NoDate),
    };
    let id = article
        .id
        .or_else(|| article.url.clone())
        .unwrap_or_else(|| fallback_id.clone());
    let doc = Document {
        id,
        date,
        date_source,
        text: article.text,
        title: article.title,
        url: article.url,
        source: article.source,
    };
    // the caller names the file or line; the document's own id is added
    // when it says more
    match doc.check() {
        Err(error) if doc.id != fallback_id => Err(InputError::Named { id: doc.id, error }),
        Err(error) => Err(error.into()),
        Ok(()) => Ok(doc),
    }
}

/// The documents of one input named `name` in format `format` (not JSON
/// Lines, which is read a line at a time with [`jsonl_document`]). The
/// outer error means nothing could be read; an inner one is one feed item
/// or WARC record that is reported and skipped. A file that is a single
/// document (HTML, text) fails with it.
pub fn read_documents(
    name: &str,
    bytes: &[u8],
    format: Format,
    dates: &DateFallback,
) -> Result<Vec<Result<Document, InputError>>, InputError> {
    let articles: Vec<Result<(Article, String), InputError>> = match format {
        Format::Html | Format::Text => {
            let article = if format == Format::Html {
                // any charset: BOM, <meta>, else detected
                readers::read_html(&readers::decode_html(bytes, None).text)
            } else {
                readers::read_plain_text(utf8(bytes)?)
            };
            return Ok(vec![Ok(document(article, name.to_string(), dates)?)]);
        }
        Format::Rss => readers::read_feed(utf8(bytes)?)
            .map_err(InputError::Feed)?
            .into_iter()
            .enumerate()
            .map(|(i, a)| Ok((a, format!("{name}#{i}"))))
            .collect(),
        Format::Warc => readers::read_warc(bytes)
            .map_err(InputError::Warc)?
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Ok(a) => Ok((a, format!("{name}#{i}"))),
                Err(error) => Err(InputError::WarcRecord {
                    record: i + 1,
                    error,
                }),
            })
            .collect(),
        Format::Jsonl => {
            let text = utf8(bytes)?;
            return Ok(text
                .lines()
                .enumerate()
                .filter(|(_, line)| !line.trim().is_empty())
                .map(|(i, line)| jsonl_document(line, format!("{name}:{}", i + 1), dates))
                .collect());
        }
        Format::PetrarchXml => return Err(InputError::PetrarchXml),
    };
    Ok(articles
        .into_iter()
        .map(|a| a.and_then(|(a, id)| document(a, id, dates)))
        .collect())
}

/// The document of one JSON Lines line (without its line break); `at`
/// (`file:line`) names it when it has no `id`.
pub fn jsonl_document(
    line: &str,
    at: String,
    dates: &DateFallback,
) -> Result<Document, InputError> {
    let article = readers::read_jsonl_line(line).map_err(InputError::Jsonl)?;
    document(article, at, dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_fall_back_in_order() {
        let day = |s| Date::parse(s).unwrap();
        let given = DateFallback {
            given: Some(day("2024-03-04")),
            file_time: Some(day("2020-01-01")),
        };
        let line = r#"{"id": "a", "text": "Russia met China."}"#;
        let doc = jsonl_document(line, "f:1".into(), &given).unwrap();
        assert_eq!(
            (doc.date, doc.date_source),
            (day("2024-03-04"), DateSource::Given)
        );
        let file = DateFallback {
            given: None,
            ..given
        };
        let doc = jsonl_document(line, "f:1".into(), &file).unwrap();
        assert_eq!(doc.date_source, DateSource::FileTime);
        let none = DateFallback::default();
        assert_eq!(
            jsonl_document(line, "f:1".into(), &none).unwrap_err(),
            InputError::NoDate
        );
        let own = r#"{"id": "b", "date": "2022-06-20", "text": "Russia met China."}"#;
        let doc = jsonl_document(own, "f:2".into(), &none).unwrap();
        assert_eq!(
            (doc.date, doc.date_source),
            (day("2022-06-20"), DateSource::Document)
        );
    }

    #[test]
    fn single_documents_fail_with_their_file() {
        let dates = DateFallback {
            given: Date::parse("2024-01-01"),
            file_time: None,
        };
        let err = read_documents("x.txt", b"  \n ", Format::Text, &dates).unwrap_err();
        assert_eq!(err.to_string(), "no text to code");
        let err = read_documents("x.txt", b"ok \xff", Format::Text, &dates).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1: not valid UTF-8 (first bad byte at offset 3)"
        );
    }
}
