//! Writes what a faultline store holds: its events, documents or
//! clusters, as JSON Lines, CSV, GDELT 2.0 event rows or a folder of
//! Parquet files partitioned by year and month.
//!
//! Two decisions shape it:
//!
//! - **One row type per table.** A table's rows are one serializable
//!   struct whose fields are its columns, in order, with one list of
//!   columns naming them with their Parquet type (`rows.rs`). JSON Lines
//!   writes the row as it is, CSV writes the same fields as cells (nested
//!   JSON as JSON text) and Parquet puts them into typed columns, so the
//!   three formats cannot disagree. The `evidence` and `issues` of an event
//!   are the very structs `faultline code` writes
//!   ([`faultline_pipeline::record`]), so an exported event explains itself
//!   exactly as a coded one does. GDELT maps events onto GDELT's 61
//!   event-table columns (`gdelt.rs`).
//! - **Flat memory.** Everything is read from one [`Snapshot`] (one read
//!   transaction: an ingest running meanwhile changes nothing of an export)
//!   a row or a cluster at a time, and written as it comes; Parquet files
//!   are written one partition at a time from rows in date order.
//!
//! The crate writes to any [`Write`] or, for Parquet, into a folder; it
//! opens nothing else and prints nothing.
//!
//! ```
//! use faultline_export::{write, Format, Table};
//! use faultline_store::Store;
//!
//! let store = Store::open_in_memory()?;
//! let mut csv = Vec::new();
//! write(&store.snapshot()?, Table::Clusters, Format::Csv, &mut csv)?;
//! assert_eq!(
//!     String::from_utf8(csv).unwrap(),
//!     "cluster_id,source,target,root_code,first_date,mentions,sources,articles,events\r\n"
//! );
//! # Ok::<(), faultline_export::ExportError>(())
//! ```

mod gdelt;
mod parquet;
mod rows;
mod text;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use faultline_store::{Snapshot, StoreError};

pub use gdelt::GDELT_COLUMNS;

use rows::{ClusterRow, DocumentRow, EventRow, CLUSTER_COLUMNS, DOCUMENT_COLUMNS, EVENT_COLUMNS};
use text::Rows;

/// The rows to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// One row per event.
    Events,
    /// One row per document, with its text.
    Documents,
    /// One row per cluster of events that report the same happening.
    Clusters,
}

/// How [`write`] writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines, one object per row.
    Jsonl,
    /// CSV with a header line (RFC 4180 quoting, CRLF line ends).
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header (events
    /// only).
    Gdelt,
}

/// Everything that can go wrong with an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("GDELT rows are events: the {0:?} table cannot be written as GDELT")]
    GdeltTable(Table),
    #[error("cannot read the store: {0}")]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] io::Error),
    #[error("{action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{} is not empty: a Parquet export writes into a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Parquet {
        path: PathBuf,
        source: ::parquet::errors::ParquetError,
    },
    /// A row that does not fit its table's columns (a bug, not bad data).
    #[error("{0}")]
    Row(String),
}

impl ExportError {
    fn file(action: &'static str, path: &Path, source: io::Error) -> ExportError {
        ExportError::File {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    fn parquet(path: &Path, source: ::parquet::errors::ParquetError) -> ExportError {
        ExportError::Parquet {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Writes `table` from `snapshot` to `out` in a text `format`, a row at a
/// time in id order. `out` is not flushed.
pub fn write(
    snapshot: &Snapshot<'_>,
    table: Table,
    format: Format,
    out: &mut impl Write,
) -> Result<(), ExportError> {
    match (table, format) {
        (Table::Events, Format::Gdelt) => {
            let mut rows = Rows::new(format, &EVENT_COLUMNS, out)?;
            snapshot.for_each_event_with_cluster(|e, counts| {
                rows.gdelt(&gdelt::gdelt_row(&e, counts))
                    .map_err(ExportError::from)
            })
        }
        (_, Format::Gdelt) => Err(ExportError::GdeltTable(table)),
        (Table::Events, _) => {
            let mut rows = Rows::new(format, &EVENT_COLUMNS, out)?;
            for e in snapshot.events() {
                rows.write(&EventRow::new(&e?))?;
            }
            Ok(())
        }
        (Table::Documents, _) => {
            let mut rows = Rows::new(format, &DOCUMENT_COLUMNS, out)?;
            for d in snapshot.documents() {
                rows.write(&DocumentRow::new(&d?))?;
            }
            Ok(())
        }
        (Table::Clusters, _) => {
            let mut rows = Rows::new(format, &CLUSTER_COLUMNS, out)?;
            snapshot
                .for_each_cluster(|c| rows.write(&ClusterRow::new(&c)).map_err(ExportError::from))
        }
    }
}

/// Writes `table` from `snapshot` into the folder `dir` (new or empty) as
/// Parquet files, partitioned Hive-style by the year and month of each
/// row's date (`year=2022/month=06/part-00000.parquet`; `month=00` for a
/// date known only to the year). The columns are those of the CSV export,
/// typed; `year` and `month` are read from the folder names.
pub fn write_parquet(snapshot: &Snapshot<'_>, table: Table, dir: &Path) -> Result<(), ExportError> {
    parquet::export(snapshot, table, dir)
}

/// The Parquet type of an exported column (see [`columns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Int64,
    Int32,
    Float64,
    /// Text; nested JSON (`issues`, `evidence`) is its JSON text.
    Utf8,
    /// A list of 64-bit ids.
    Int64List,
}

impl ColumnType {
    /// The Arrow name of the type: `int64`, `int32`, `double`, `string`,
    /// `list<int64>`.
    pub fn arrow_name(self) -> &'static str {
        match self {
            ColumnType::Int64 => "int64",
            ColumnType::Int32 => "int32",
            ColumnType::Float64 => "double",
            ColumnType::Utf8 => "string",
            ColumnType::Int64List => "list<int64>",
        }
    }
}

/// The columns of `table` in order, with their Parquet types: what
/// [`write_parquet`] writes (every column nullable) and, without types,
/// the CSV header. Other front doors (the Python package) build their
/// tables from this list.
pub fn columns(table: Table) -> Vec<(&'static str, ColumnType)> {
    let list: &[rows::Column] = match table {
        Table::Events => &EVENT_COLUMNS,
        Table::Documents => &DOCUMENT_COLUMNS,
        Table::Clusters => &CLUSTER_COLUMNS,
    };
    list.iter()
        .map(|c| {
            let t = match c.kind {
                rows::Kind::Int64 => ColumnType::Int64,
                rows::Kind::Int32 => ColumnType::Int32,
                rows::Kind::Float64 => ColumnType::Float64,
                rows::Kind::Utf8 => ColumnType::Utf8,
                rows::Kind::Int64List => ColumnType::Int64List,
            };
            (c.name, t)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::rows::{Column, EventRow};
    use super::*;
    use faultline_store::{
        content_hash, Cluster, ContentHash, Date, Evidence, NewEvent, Origin, StoredDocument,
        StoredEvent,
    };

    fn keys(row: &impl Serialize) -> Vec<String> {
        let json = serde_json::to_string(row).unwrap();
        text::fields(&json)
            .unwrap()
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    fn names(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.name).collect()
    }

    #[test]
    fn columns_follow_the_row_types() {
        let c = Cluster {
            id: 1,
            source: "A".into(),
            target: "B".into(),
            root_code: None,
            first_date: Date::parse("2022").unwrap(),
            mentions: 1,
            sources: 1,
            articles: 1,
            events: vec![],
        };
        assert_eq!(keys(&ClusterRow::new(&c)), names(&CLUSTER_COLUMNS));
        let hash: ContentHash = content_hash(b"h");
        let d = StoredDocument {
            id: 1,
            content_hash: hash,
            name: "n".into(),
            doc_id: "i".into(),
            title: None,
            url: None,
            source: None,
            doc_date: Date::parse("2022-01-01").unwrap(),
            date_source: "document".into(),
            text: "t".into(),
            ingested_at: "2024-01-01T00:00:00Z".into(),
            sentences: 0,
            events: 0,
        };
        assert_eq!(keys(&DocumentRow::new(&d)), names(&DOCUMENT_COLUMNS));
        let verb = Origin {
            file: "verbs.txt".into(),
            line: 1,
        };
        let e = StoredEvent {
            id: 1,
            cluster_id: 1,
            document: 1,
            doc_id: "i".into(),
            url: None,
            ingested_at: "2024-01-01T00:00:00Z".into(),
            char_start: 0,
            char_end: 0,
            issues: vec![("PEACE".into(), 1)],
            event: NewEvent {
                sentence_index: 0,
                source: "FRA".into(),
                target: "DEU".into(),
                code: "111".into(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                date: Date::parse("2022").unwrap(),
                date_evidence: "x".into(),
                evidence: Evidence::new("France", "Germany", "criticized", verb),
                location: None,
            },
        };
        assert_eq!(keys(&EventRow::new(&e)), names(&EVENT_COLUMNS));
        let json: serde_json::Value = serde_json::to_value(EventRow::new(&e)).unwrap();
        assert_eq!(
            json["issues"],
            serde_json::json!([{"code": "PEACE", "count": 1}])
        );
        assert_eq!(json["evidence"]["verb_entry"], "verbs.txt:1");
    }
}
