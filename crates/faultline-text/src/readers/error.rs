//! Errors of the document readers.

use thiserror::Error;

/// Everything that can go wrong while reading a feed, a WARC file or a
/// JSON Lines document.
///
/// HTML pages and scraped plain text never fail: whatever they hold, the
/// reader returns an [`Article`](super::Article), with an empty text if
/// nothing readable was found. Each variant names where the problem is:
/// a 1-based line (feeds), a byte offset and record number (WARC), or a
/// column and the document's id (JSON Lines, whose line number only the
/// caller knows).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReaderError {
    /// The feed's XML is too damaged to find its items.
    #[error("line {line}: damaged feed XML: {message}")]
    FeedSyntax {
        /// Line where the damage was found.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The input has no `<rss>`, `<feed>` or `<rdf:RDF>` root element.
    #[error("line {line}: not an RSS or Atom feed ({found})")]
    NotAFeed {
        /// Line of the root element, or 1 if there is none.
        line: usize,
        /// What was found instead, e.g. ``root element `<html>` ``.
        found: String,
    },
    /// An `<item>` or `<entry>` (or the feed itself) is not closed before
    /// the end of the input.
    #[error("line {line}: unterminated <{element}> (is the feed truncated?)")]
    FeedUnterminated {
        /// Line of the opening tag.
        line: usize,
        /// Element name as written.
        element: String,
    },
    /// The input does not start with a WARC record (or a gzip member).
    #[error("byte {offset}: not a WARC file: {message}")]
    NotWarc {
        /// Byte offset in the input.
        offset: usize,
        /// What was found instead.
        message: String,
    },
    /// A gzip member of a `.warc.gz` file could not be decompressed.
    #[error("byte {offset}: damaged gzip member: {message}")]
    Gzip {
        /// Byte offset of the member in the compressed input.
        offset: usize,
        /// The decompressor's complaint.
        message: String,
    },
    /// One WARC record is damaged (bad header, truncated block, undecodable
    /// HTTP payload). The records around it are still read.
    #[error("WARC record {record} at byte {offset}{}: {message}", uri_suffix(.uri))]
    WarcRecord {
        /// 1-based number of the record in the file.
        record: usize,
        /// Byte offset of the record: in the input for a plain `.warc`, of
        /// its gzip member for a `.warc.gz`.
        offset: usize,
        /// `WARC-Target-URI` of the record, if its header could be read.
        uri: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A JSON Lines document is not a JSON object.
    #[error("column {column}: invalid JSON document: {message}")]
    Json {
        /// 1-based column (character position) of the problem.
        column: usize,
        /// The JSON parser's complaint.
        message: String,
    },
    /// A JSON Lines document lacks a required field or has it with the
    /// wrong type.
    #[error("document {document}: missing or non-string field `{field}`")]
    MissingField {
        /// The document's `id` (quoted) or `(no id)`.
        document: String,
        /// Name of the field.
        field: &'static str,
    },
    /// A JSON Lines document's `date` is not a date.
    #[error("document {document}: bad date {value:?} (expected YYYY-MM-DD)")]
    BadDate {
        /// The document's `id` (quoted).
        document: String,
        /// The value as written.
        value: String,
    },
}

fn uri_suffix(uri: &Option<String>) -> String {
    match uri {
        Some(u) => format!(" ({u})"),
        None => String::new(),
    }
}
