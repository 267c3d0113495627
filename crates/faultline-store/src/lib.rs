//! An embedded SQLite store for coded documents: each document's clean
//! text, its sentences (byte offsets into that text) and the events coded
//! from them, with their CAMEO and PLOVER codes, dates and evidence.
//!
//! The store keeps what it is given and knows nothing about coding or
//! input formats. Three decisions shape it:
//!
//! - **One transaction per document.** [`Store::insert`] writes a document,
//!   its sentences and its events and commits them together, so a process
//!   killed at any moment leaves whole documents or nothing of them.
//! - **Idempotent by content hash.** Each document carries a hash of its
//!   content ([`content_hash`]); inserting a hash already stored does
//!   nothing and says so ([`Inserted::AlreadyPresent`]). An interrupted
//!   ingest is resumed by running it again.
//! - **WAL journal, `synchronous=NORMAL`.** In WAL mode a commit appends
//!   to the log without waiting for the disk; the log is synced at
//!   checkpoints. A crash of the process (even `kill -9`) loses no
//!   committed document, and a crash of the machine can lose only the last
//!   few commits, never corrupt the file; since ingest is idempotent, those
//!   documents are simply stored again on the next run. `FULL` would sync
//!   every commit, one disk flush per document, for no gain here.
//!
//! Clusters of events that report the same happening across documents
//! ([`Store::clusters`]) are computed on demand from the events, so they
//! always agree with what is stored.
//!
//! ```
//! use faultline_store::*;
//! use faultline_core::Date;
//!
//! let mut store = Store::open_in_memory()?;
//! let text = "France criticized Germany.";
//! let doc = NewDocument {
//!     content_hash: content_hash(text.as_bytes()),
//!     name: "news.jsonl",
//!     doc_id: "AFP-1",
//!     title: None,
//!     url: Some("https://example.com/afp-1"),
//!     source: None,
//!     doc_date: Date::parse("2022-06-19").unwrap(),
//!     date_source: "input",
//!     text,
//! };
//! let sentences = [NewSentence { index: 0, char_start: 0, char_end: text.len() }];
//! let event = NewEvent {
//!     sentence_index: 0,
//!     source: "FRA".into(),
//!     target: "DEU".into(),
//!     code: "111".into(),
//!     root_code: Some("11".into()),
//!     quad_class: Some(3),
//!     goldstein: Some(-2.0),
//!     plover: None,
//!     date: Date::parse("2022-06-19").unwrap(),
//!     date_evidence: "publication date".into(),
//!     char_start: 0,
//!     char_end: text.len(),
//!     issues: "[]".into(),
//!     evidence: "{}".into(),
//!     location: None,
//! };
//! assert!(matches!(store.insert(&doc, &sentences, &[event.clone()])?, Inserted::New(_)));
//! assert_eq!(store.insert(&doc, &sentences, &[event])?, Inserted::AlreadyPresent);
//! assert_eq!(store.counts()?, Counts { documents: 1, sentences: 1, events: 1 });
//! assert_eq!(store.clusters()?.len(), 1);
//! # Ok::<(), StoreError>(())
//! ```

mod cluster;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};
use sha2::{Digest, Sha256};

pub use cluster::Cluster;
pub use faultline_core::{Date, Precision};

/// The schema this version reads and writes, kept in `meta`.
pub const SCHEMA_VERSION: u32 = 1;

const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    title        TEXT,
    url          TEXT,
    source       TEXT,
    doc_date     TEXT NOT NULL,
    date_source  TEXT NOT NULL,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
);

CREATE TABLE sentences (
    document       INTEGER NOT NULL REFERENCES documents(id),
    sentence_index INTEGER NOT NULL,
    char_start     INTEGER NOT NULL,
    char_end       INTEGER NOT NULL,
    PRIMARY KEY (document, sentence_index)
) WITHOUT ROWID;

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    document        INTEGER NOT NULL REFERENCES documents(id),
    sentence_index  INTEGER NOT NULL,
    source          TEXT NOT NULL,
    target          TEXT NOT NULL,
    code            TEXT NOT NULL,
    root_code       TEXT,
    quad_class      INTEGER,
    goldstein       REAL,
    plover_category TEXT,
    plover_mode     TEXT,
    plover_context  TEXT,
    date            TEXT NOT NULL,
    date_precision  TEXT NOT NULL CHECK (date_precision IN ('day', 'month', 'year')),
    date_evidence   TEXT NOT NULL,
    char_start      INTEGER NOT NULL,
    char_end        INTEGER NOT NULL,
    issues          TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    location        TEXT,
    FOREIGN KEY (document, sentence_index) REFERENCES sentences(document, sentence_index)
);

CREATE INDEX events_by_document ON events(document);
";

/// Everything that can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}: no such database", .0.display())]
    Missing(PathBuf),
    #[error("not a faultline database (it has other tables and no schema version)")]
    NotAStore,
    #[error("database schema version {found}; this faultline reads version {SCHEMA_VERSION}")]
    SchemaVersion { found: String },
    /// The document, a sentence or an event is inconsistent; nothing of
    /// the document was written.
    #[error("invalid document: {0}")]
    Invalid(String),
    /// A stored value that this version cannot read (a file edited by hand
    /// or damaged).
    #[error("damaged database: {0}")]
    Damaged(String),
}

/// Hex SHA-256 of `bytes`, the form of [`NewDocument::content_hash`].
///
/// ```
/// assert_eq!(
///     faultline_store::content_hash(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A document to store.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    /// Identifies the document's content; a second document with the same
    /// hash is not stored ([`content_hash`] makes one).
    pub content_hash: String,
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
    /// Where `doc_date` came from (`input`, `--date`, `file time`).
    pub date_source: &'a str,
    /// The clean text; sentence and event offsets are bytes into it.
    pub text: &'a str,
}

/// A sentence of a document: a character range (end exclusive) of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSentence {
    /// Position of the sentence in the document, from 0.
    pub index: u32,
    pub char_start: usize,
    pub char_end: usize,
}

/// A PLOVER category; blank parts are empty strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plover {
    pub category: String,
    pub mode: String,
    pub context: String,
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
    /// Character range (end exclusive) of the sentence the event was coded
    /// from, in the document's text: SQLite's `substr(text, char_start + 1,
    /// char_end - char_start)` gives the sentence.
    pub char_start: usize,
    pub char_end: usize,
    /// Issues of the sentence, JSON (`[{"code", "count"}]`).
    pub issues: String,
    /// Why the event was coded, JSON.
    pub evidence: String,
    /// Where it happened, JSON (`{"name", "country", "country_iso2",
    /// "admin1", "admin1_code", "lat", "lon", "precision"}`), when known.
    pub location: Option<String>,
}

/// What [`Store::insert`] did.
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
    pub content_hash: String,
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

/// A stored event: the event as it was given, with its row id and the
/// facts of its document that exports need.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Row id.
    pub id: i64,
    /// Row id of its document.
    pub document: i64,
    /// The document's own id.
    pub doc_id: String,
    pub url: Option<String>,
    /// When its document was stored.
    pub ingested_at: String,
    pub event: NewEvent,
}

/// A faultline database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database at `path`, creating it (and its schema) if needed.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::init(Connection::open(path)?, true)
    }

    /// Opens an existing database without changing it: no file, journal
    /// mode or schema is created ([`StoreError::Missing`] if there is no
    /// file, [`StoreError::NotAStore`] if it holds no faultline schema).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::init(Connection::open_with_flags(path, flags)?, false)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, true)
    }

    fn init(conn: Connection, create: bool) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        if schema_version(&conn)?.is_none() && create {
            // WAL is a property of the file: set once, when it is created.
            // `journal_mode` answers with the mode in force ("memory" in memory).
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            create_schema(&conn)?;
        }
        match schema_version(&conn)? {
            Some(v) if v == SCHEMA_VERSION.to_string() => Ok(Store { conn }),
            Some(found) => Err(StoreError::SchemaVersion { found }),
            None => Err(StoreError::NotAStore),
        }
    }

    /// Whether a document with this content hash is stored.
    pub fn contains_hash(&self, hash: &str) -> Result<bool, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE content_hash = ?1)")?;
        Ok(st.query_row([hash], |r| r.get(0))?)
    }

    /// Stores a document with its sentences and events in one transaction,
    /// unless its content hash is already stored. Checks first that every
    /// range lies on character boundaries of the text and that every event
    /// names one of the sentences; if not, nothing is written.
    pub fn insert(
        &mut self,
        doc: &NewDocument<'_>,
        sentences: &[NewSentence],
        events: &[NewEvent],
    ) -> Result<Inserted, StoreError> {
        validate(doc, sentences, events)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let present: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE content_hash = ?1)")?
            .query_row([&doc.content_hash], |r| r.get(0))?;
        if present {
            return Ok(Inserted::AlreadyPresent);
        }
        tx.prepare_cached(
            "INSERT INTO documents (content_hash, name, doc_id, title, url, source, doc_date, \
             date_source, text, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        )?
        .execute(params![
            doc.content_hash,
            doc.name,
            doc.doc_id,
            doc.title,
            doc.url,
            doc.source,
            doc.doc_date.to_string(),
            doc.date_source,
            doc.text,
        ])?;
        let id = tx.last_insert_rowid();
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO sentences (document, sentence_index, char_start, char_end) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for s in sentences {
                st.execute(params![
                    id,
                    s.index,
                    to_i64(s.char_start),
                    to_i64(s.char_end)
                ])?;
            }
            let mut st = tx.prepare_cached(
                "INSERT INTO events (document, sentence_index, source, target, code, root_code, \
                 quad_class, goldstein, plover_category, plover_mode, plover_context, date, \
                 date_precision, date_evidence, char_start, char_end, issues, evidence, location) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19)",
            )?;
            for e in events {
                let p = e.plover.as_ref();
                st.execute(params![
                    id,
                    e.sentence_index,
                    e.source,
                    e.target,
                    e.code,
                    e.root_code,
                    e.quad_class,
                    e.goldstein,
                    p.map(|p| &p.category),
                    p.map(|p| &p.mode),
                    p.map(|p| &p.context),
                    e.date.to_string(),
                    e.date.precision().as_str(),
                    e.date_evidence,
                    to_i64(e.char_start),
                    to_i64(e.char_end),
                    e.issues,
                    e.evidence,
                    e.location,
                ])?;
            }
        }
        tx.commit()?;
        Ok(Inserted::New(id))
    }

    /// Number of documents, sentences and events.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |table: &str| -> Result<u64, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            documents: n("documents")?,
            sentences: n("sentences")?,
            events: n("events")?,
        })
    }

    /// All documents in row-id order, read a page at a time.
    pub fn documents(&self) -> Documents<'_> {
        Documents(Pages::new(self))
    }

    /// All events in row-id order, read a page at a time.
    pub fn events(&self) -> Events<'_> {
        Events(Pages::new(self))
    }

    /// Visits every event in date order: by its date as written, so that
    /// a year comes before its months and a month before its days (`2022`,
    /// `2022-05`, `2022-05-03`, `2022-06`), then by row id. The events of
    /// one month, or of one year-only date, therefore come in one run,
    /// which is what a writer partitioned by month needs.
    ///
    /// Unlike [`Store::events`], one query stays open while `visit` runs
    /// (SQLite sorts on disk when the table outgrows its cache, so memory
    /// stays small). The first error `visit` returns stops the walk and is
    /// returned.
    pub fn for_each_event_by_date<E: From<StoreError>>(
        &self,
        visit: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each(
            &format!("{EVENT_SELECT} ORDER BY e.date, e.id"),
            read_event,
            visit,
        )
    }

    /// Visits every document in the order of its `doc_date` as written,
    /// then of its row id; as [`Store::for_each_event_by_date`].
    pub fn for_each_document_by_date<E: From<StoreError>>(
        &self,
        visit: impl FnMut(StoredDocument) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each(
            &format!("{DOCUMENT_SELECT} ORDER BY d.doc_date, d.id"),
            read_document,
            visit,
        )
    }

    fn for_each<T, E: From<StoreError>>(
        &self,
        sql: &str,
        read: impl Fn(&Row<'_>) -> Result<T, StoreError>,
        mut visit: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut st = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            visit(read(r)?)?;
        }
        Ok(())
    }

    /// Groups the stored events into clusters of reports of the same
    /// happening (same source, target and CAMEO root code, compatible
    /// dates), listed by cluster id, the smallest event id of each.
    pub fn clusters(&self) -> Result<Vec<Cluster>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT e.id, e.document, e.source, e.target, e.root_code, e.date, \
             d.source, d.url, d.name \
             FROM events e JOIN documents d ON d.id = e.document",
        )?;
        let mut rows = st.query([])?;
        let mut members = Vec::new();
        while let Some(r) = rows.next()? {
            let date: String = r.get(5)?;
            let date = Date::parse(&date)
                .ok_or_else(|| StoreError::Damaged(format!("event date '{date}'")))?;
            let (source, url, name): (Option<String>, Option<String>, String) =
                (r.get(6)?, r.get(7)?, r.get(8)?);
            members.push(cluster::Member {
                id: r.get(0)?,
                document: r.get(1)?,
                source: r.get(2)?,
                target: r.get(3)?,
                root_code: r.get(4)?,
                date,
                outlet: cluster::outlet(source.as_deref(), url.as_deref(), &name),
            });
        }
        Ok(cluster::cluster(members))
    }

    /// Runs SQLite's integrity and foreign-key checks; the first problem
    /// found is a [`StoreError::Damaged`].
    pub fn check(&self) -> Result<(), StoreError> {
        let ok: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(StoreError::Damaged(ok));
        }
        let bad: Option<String> = self
            .conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        match bad {
            Some(table) => Err(StoreError::Damaged(format!(
                "a row of '{table}' refers to a missing row"
            ))),
            None => Ok(()),
        }
    }
}

/// The schema version in `meta`, `None` when there is no `meta` table;
/// `"none"` when the table has no version.
fn schema_version(conn: &Connection) -> Result<Option<String>, StoreError> {
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    )?;
    if !has_meta {
        return Ok(None);
    }
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Some(found.unwrap_or_else(|| "none".into())))
}

/// Creates the schema in an empty database. Two processes may race to do
/// it: the write lock is taken first and the question asked again.
fn create_schema(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let created = (|| {
        if schema_version(conn)?.is_none() {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::NotAStore);
            }
            conn.execute_batch(SCHEMA)?;
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)",
                [SCHEMA_VERSION.to_string()],
            )?;
        }
        Ok(())
    })();
    match created {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn validate(
    doc: &NewDocument<'_>,
    sentences: &[NewSentence],
    events: &[NewEvent],
) -> Result<(), StoreError> {
    let invalid = |msg: String| Err(StoreError::Invalid(format!("{}: {msg}", doc.doc_id)));
    if doc.content_hash.is_empty() {
        return invalid("empty content hash".into());
    }
    let in_text = |start: usize, end: usize| {
        start <= end && doc.text.is_char_boundary(start) && doc.text.is_char_boundary(end)
    };
    let mut indexes = std::collections::HashSet::new();
    for s in sentences {
        if !in_text(s.char_start, s.char_end) {
            return invalid(format!(
                "sentence {}: {}..{} is not a range of the text ({} bytes)",
                s.index,
                s.char_start,
                s.char_end,
                doc.text.len()
            ));
        }
        if !indexes.insert(s.index) {
            return invalid(format!("sentence {} given twice", s.index));
        }
    }
    for e in events {
        if !indexes.contains(&e.sentence_index) {
            return invalid(format!(
                "event {} {} {}: no sentence {}",
                e.source, e.code, e.target, e.sentence_index
            ));
        }
        if !in_text(e.char_start, e.char_end) {
            return invalid(format!(
                "event {} {} {}: {}..{} is not a range of the text",
                e.source, e.code, e.target, e.char_start, e.char_end
            ));
        }
    }
    Ok(())
}

/// Rows are read in pages by row id, so no statement stays open between
/// calls and the iterators need not borrow a statement.
const PAGE: i64 = 512;

struct Pages<'s, T> {
    store: &'s Store,
    after: i64,
    buf: VecDeque<T>,
    done: bool,
}

impl<'s, T> Pages<'s, T> {
    fn new(store: &'s Store) -> Pages<'s, T> {
        Pages {
            store,
            after: i64::MIN,
            buf: VecDeque::new(),
            done: false,
        }
    }

    fn next_with(
        &mut self,
        sql: &str,
        read: impl Fn(&Row<'_>) -> Result<T, StoreError>,
        id: impl Fn(&T) -> i64,
    ) -> Option<Result<T, StoreError>> {
        if self.buf.is_empty() && !self.done {
            match self.fill(sql, &read) {
                Ok(()) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
            if let Some(last) = self.buf.back() {
                self.after = id(last);
            }
        }
        self.buf.pop_front().map(Ok)
    }

    fn fill(
        &mut self,
        sql: &str,
        read: &impl Fn(&Row<'_>) -> Result<T, StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.store.conn.prepare_cached(sql)?;
        let mut rows = st.query(params![self.after, PAGE])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            self.buf.push_back(read(r)?);
            n += 1;
        }
        if n < PAGE {
            self.done = true;
        }
        Ok(())
    }
}

/// Iterator over the stored documents ([`Store::documents`]).
pub struct Documents<'s>(Pages<'s, StoredDocument>);

impl Iterator for Documents<'_> {
    type Item = Result<StoredDocument, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_with(
            &format!("{DOCUMENT_SELECT} WHERE d.id > ?1 ORDER BY d.id LIMIT ?2"),
            read_document,
            |d| d.id,
        )
    }
}

/// The columns [`read_document`] reads, from `documents d`.
const DOCUMENT_SELECT: &str = "SELECT d.id, d.content_hash, d.name, d.doc_id, d.title, d.url, \
     d.source, d.doc_date, d.date_source, d.text, d.ingested_at, \
     (SELECT count(*) FROM sentences s WHERE s.document = d.id), \
     (SELECT count(*) FROM events e WHERE e.document = d.id) \
     FROM documents d";

fn read_document(r: &Row<'_>) -> Result<StoredDocument, StoreError> {
    Ok(StoredDocument {
        id: r.get(0)?,
        content_hash: r.get(1)?,
        name: r.get(2)?,
        doc_id: r.get(3)?,
        title: r.get(4)?,
        url: r.get(5)?,
        source: r.get(6)?,
        doc_date: {
            let d: String = r.get(7)?;
            Date::parse(&d).ok_or_else(|| StoreError::Damaged(format!("document date '{d}'")))?
        },
        date_source: r.get(8)?,
        text: r.get(9)?,
        ingested_at: r.get(10)?,
        sentences: r.get(11)?,
        events: r.get(12)?,
    })
}

/// Iterator over the stored events ([`Store::events`]).
pub struct Events<'s>(Pages<'s, StoredEvent>);

impl Iterator for Events<'_> {
    type Item = Result<StoredEvent, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next_with(
            &format!("{EVENT_SELECT} WHERE e.id > ?1 ORDER BY e.id LIMIT ?2"),
            read_event,
            |e| e.id,
        )
    }
}

/// The columns [`read_event`] reads, from `events e` and their `documents d`.
const EVENT_SELECT: &str = "SELECT e.id, e.document, d.doc_id, d.url, d.ingested_at, \
     e.sentence_index, e.source, e.target, e.code, e.root_code, e.quad_class, e.goldstein, \
     e.plover_category, e.plover_mode, e.plover_context, e.date, e.date_precision, \
     e.date_evidence, e.char_start, e.char_end, e.issues, e.evidence, e.location \
     FROM events e JOIN documents d ON d.id = e.document";

fn read_event(r: &Row<'_>) -> Result<StoredEvent, StoreError> {
    let date: String = r.get(15)?;
    let precision: String = r.get(16)?;
    let date = Date::parse(&date)
        .filter(|d| d.precision().as_str() == precision)
        .ok_or_else(|| StoreError::Damaged(format!("event date '{date}' ({precision})")))?;
    let plover: (Option<String>, Option<String>, Option<String>) =
        (r.get(12)?, r.get(13)?, r.get(14)?);
    let plover = match plover {
        (Some(category), mode, context) => Some(Plover {
            category,
            mode: mode.unwrap_or_default(),
            context: context.unwrap_or_default(),
        }),
        _ => None,
    };
    let offset = |i: usize| -> Result<usize, StoreError> {
        let n: i64 = r.get(i)?;
        usize::try_from(n).map_err(|_| StoreError::Damaged(format!("offset {n}")))
    };
    Ok(StoredEvent {
        id: r.get(0)?,
        document: r.get(1)?,
        doc_id: r.get(2)?,
        url: r.get(3)?,
        ingested_at: r.get(4)?,
        event: NewEvent {
            sentence_index: r.get(5)?,
            source: r.get(6)?,
            target: r.get(7)?,
            code: r.get(8)?,
            root_code: r.get(9)?,
            quad_class: r.get(10)?,
            goldstein: r.get(11)?,
            plover,
            date,
            date_evidence: r.get(17)?,
            char_start: offset(18)?,
            char_end: offset(19)?,
            issues: r.get(20)?,
            evidence: r.get(21)?,
            location: r.get(22)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(id: &'a str, text: &'a str) -> NewDocument<'a> {
        NewDocument {
            content_hash: content_hash(format!("{id}\0{text}").as_bytes()),
            name: "test",
            doc_id: id,
            title: None,
            url: None,
            source: None,
            doc_date: Date::parse("2022-06-19").unwrap(),
            date_source: "input",
            text,
        }
    }

    fn event(sentence: u32, start: usize, end: usize) -> NewEvent {
        NewEvent {
            sentence_index: sentence,
            source: "FRA".into(),
            target: "DEU".into(),
            code: "111".into(),
            root_code: Some("11".into()),
            quad_class: Some(3),
            goldstein: Some(-2.0),
            plover: Some(Plover {
                category: "ACCUSE".into(),
                mode: "disapprove".into(),
                context: String::new(),
            }),
            date: Date::parse("2022-06-19").unwrap(),
            date_evidence: "publication date".into(),
            char_start: start,
            char_end: end,
            issues: "[]".into(),
            evidence: "{}".into(),
            location: None,
        }
    }

    #[test]
    fn invalid_documents_write_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "Zürich. B.";
        let s0 = NewSentence {
            index: 0,
            char_start: 0,
            char_end: 8,
        };
        let cases: [(&str, Vec<NewSentence>, Vec<NewEvent>); 4] = [
            (
                "inside a character",
                vec![NewSentence {
                    index: 0,
                    char_start: 0,
                    char_end: 2,
                }],
                vec![],
            ),
            (
                "past the end",
                vec![NewSentence {
                    index: 0,
                    char_start: 0,
                    char_end: 99,
                }],
                vec![],
            ),
            ("unknown sentence", vec![s0], vec![event(1, 0, 8)]),
            ("sentence twice", vec![s0, s0], vec![]),
        ];
        for (name, sentences, events) in cases {
            let got = store.insert(&doc("A", text), &sentences, &events);
            assert!(
                matches!(got, Err(StoreError::Invalid(_))),
                "{name}: {got:?}"
            );
        }
        assert_eq!(store.counts().unwrap(), Counts::default());
    }

    #[test]
    fn round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "France criticized Germany. Rain.";
        let sentences = [
            NewSentence {
                index: 0,
                char_start: 0,
                char_end: 26,
            },
            NewSentence {
                index: 1,
                char_start: 27,
                char_end: 32,
            },
        ];
        let e = event(0, 0, 26);
        let Inserted::New(id) = store
            .insert(&doc("A", text), &sentences, std::slice::from_ref(&e))
            .unwrap()
        else {
            panic!("not stored");
        };
        let docs: Vec<_> = store.documents().collect::<Result<_, _>>().unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!((docs[0].id, docs[0].sentences, docs[0].events), (id, 2, 1));
        assert_eq!(docs[0].text, text);
        let events: Vec<_> = store.events().collect::<Result<_, _>>().unwrap();
        assert_eq!(events.len(), 1);
        let got = &events[0].event;
        assert_eq!(
            (
                &got.source,
                &got.code,
                got.goldstein,
                &got.plover,
                &got.date
            ),
            (&e.source, &e.code, e.goldstein, &e.plover, &e.date)
        );
        store.check().unwrap();
    }

    #[test]
    fn pages_cover_every_row() {
        let mut store = Store::open_in_memory().unwrap();
        let texts: Vec<String> = (0..(PAGE as usize * 2 + 3))
            .map(|i| format!("Doc {i}."))
            .collect();
        for (i, t) in texts.iter().enumerate() {
            let id = i.to_string();
            let s = [NewSentence {
                index: 0,
                char_start: 0,
                char_end: t.len(),
            }];
            store
                .insert(&doc(&id, t), &s, &[event(0, 0, t.len())])
                .unwrap();
        }
        assert_eq!(store.documents().count(), texts.len());
        let ids: Vec<i64> = store.events().map(|e| e.unwrap().id).collect();
        assert_eq!(ids.len(), texts.len());
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn visits_in_date_order() {
        let mut store = Store::open_in_memory().unwrap();
        let dates = [
            "2022-06-19",
            "2021",
            "2022-05-03",
            "2022",
            "2022-05",
            "2022-05-03",
        ];
        for (i, date) in dates.iter().enumerate() {
            let id = i.to_string();
            let s = [NewSentence {
                index: 0,
                char_start: 0,
                char_end: 1,
            }];
            let e = NewEvent {
                date: Date::parse(date).unwrap(),
                ..event(0, 0, 1)
            };
            store.insert(&doc(&id, "x"), &s, &[e]).unwrap();
        }
        let mut seen = Vec::new();
        store
            .for_each_event_by_date(|e| {
                seen.push((e.event.date.to_string(), e.id));
                Ok::<(), StoreError>(())
            })
            .unwrap();
        let want = [
            ("2021", 2),
            ("2022", 4),
            ("2022-05", 5),
            ("2022-05-03", 3),
            ("2022-05-03", 6),
            ("2022-06-19", 1),
        ];
        let want: Vec<(String, i64)> = want.iter().map(|(d, i)| (d.to_string(), *i)).collect();
        assert_eq!(seen, want);

        let mut docs = 0;
        store
            .for_each_document_by_date(|_| {
                docs += 1;
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(docs, dates.len());

        // the visitor's error stops the walk
        let mut visited = 0;
        let got = store.for_each_event_by_date(|_| {
            visited += 1;
            Err(StoreError::Invalid("stop".into()))
        });
        assert!(matches!(got, Err(StoreError::Invalid(_))));
        assert_eq!(visited, 1);
    }

    #[test]
    fn refuses_other_databases() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(
            Store::init(conn, true),
            Err(StoreError::NotAStore)
        ));
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); \
             INSERT INTO meta VALUES ('schema_version', '99');",
        )
        .unwrap();
        assert!(matches!(
            Store::init(conn, true),
            Err(StoreError::SchemaVersion { .. })
        ));
    }
}
