//! An embedded SQLite store for coded documents: each document's clean
//! text, its sentences (character offsets into that text) and the events
//! coded from them, with their CAMEO and PLOVER codes, dates, places,
//! clusters and evidence.
//!
//! The store keeps what it is given and knows nothing about coding or
//! input formats; [`Store::insert_coded`] turns what the pipeline made of
//! a document into rows ([`coded_rows`]), so that every front door stores
//! documents the same way. Four decisions shape it:
//!
//! - **One transaction per document.** [`Store::insert`] writes a document,
//!   its sentences and its events and commits them together, so a process
//!   killed at any moment leaves whole documents or nothing of them.
//! - **Idempotent by content hash.** Each document carries a hash of its
//!   content ([`document_hash`]); inserting a hash already stored does
//!   nothing and says so ([`Inserted::AlreadyPresent`]). An interrupted
//!   ingest is resumed by running it again.
//! - **Small.** Columns a user filters on are typed (actors, codes,
//!   scores, date, place); what explains an event (its phrases and
//!   dictionary lines, PLOVER mode and context) is interned, stored once
//!   and referred to by id (see `schema.rs`). A store is a few times the
//!   size of its text, not ten.
//! - **WAL journal, `synchronous=NORMAL`.** In WAL mode a commit appends
//!   to the log without waiting for the disk; the log is synced at
//!   checkpoints. A crash of the process (even `kill -9`) loses no
//!   committed document, and a crash of the machine can lose only the last
//!   few commits, never corrupt the file; since ingest is idempotent, those
//!   documents are simply stored again on the next run. `FULL` would sync
//!   every commit, one disk flush per document, for no gain here.
//!
//! Events that report the same happening across documents form clusters
//! ([`Cluster`]); each event's cluster is set in the transaction that
//! stores it, and changed there when a later event changes it, so that
//! the stored clusters are always those the stored events give (see
//! `cluster.rs`). Everything is read through a [`Snapshot`], one read
//! transaction, one row or one cluster at a time.
//!
//! ```
//! use faultline_store::*;
//! use faultline_core::Date;
//!
//! let mut store = Store::open_in_memory()?;
//! let text = "Zürich: France criticized Germany.";
//! let doc = NewDocument {
//!     content_hash: content_hash(text.as_bytes()),
//!     name: "news.jsonl",
//!     doc_id: "AFP-1",
//!     title: None,
//!     url: Some("https://example.com/afp-1"),
//!     source: None,
//!     doc_date: Date::parse("2022-06-19").unwrap(),
//!     date_source: "document",
//!     text,
//! };
//! // offsets count characters: "Zürich: " is 8 characters, 9 bytes
//! let sentences = [NewSentence { index: 0, char_start: 8, char_end: 34, issues: vec![] }];
//! let verb_entry = Origin { file: "verbs.txt".into(), line: 12 };
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
//!     evidence: Evidence::new("France", "Germany", "criticized", verb_entry),
//!     location: None,
//! };
//! assert!(matches!(store.insert(&doc, &sentences, &[event.clone()])?, Inserted::New(_)));
//! assert_eq!(store.insert(&doc, &sentences, &[event])?, Inserted::AlreadyPresent);
//! assert_eq!(store.counts()?, Counts { documents: 1, sentences: 1, events: 1 });
//!
//! let snapshot = store.snapshot()?;
//! let stored = snapshot.events().next().unwrap()?;
//! assert_eq!((stored.cluster_id, stored.char_start), (stored.id, 8));
//! let mut clusters = 0;
//! snapshot.for_each_cluster(|_| Ok::<_, StoreError>(clusters += 1))?;
//! assert_eq!(clusters, 1);
//! # Ok::<(), StoreError>(())
//! ```

mod cluster;
mod model;
mod points;
mod query;
mod read;
mod schema;
mod search;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use cluster::{Cluster, ClusterCounts};
pub use faultline_core::{Date, Precision};
pub use faultline_dict::Origin;
pub use model::{
    content_hash, ContentHash, Counts, Evidence, Inserted, Location, NewDocument, NewEvent,
    NewSentence, Plover, StoredDocument, StoredEvent, StoredSentence,
};
pub use points::{EventPoint, PointFilter, PointRef};
pub use query::{CodeFilter, Cursor, EventDetail, EventFilter, EventPage, EventRow};
pub use read::{Documents, Events, Snapshot};
pub use schema::SCHEMA_VERSION;
pub use search::text_query;
pub use write::{coded_rows, document_hash, Writer};

/// Everything that can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}: no such database", .0.display())]
    Missing(PathBuf),
    #[error("not a faultline database (it has other tables and no schema version)")]
    NotAStore,
    #[error(
        "{}: empty file (0 bytes), not a faultline database; was its creation \
         interrupted (a full disk)? Remove it and ingest again",
        .0.display()
    )]
    Empty(PathBuf),
    #[error(
        "database schema version {found}; this faultline reads version {SCHEMA_VERSION} \
         and upgrades the file when it may write it (run `faultline ingest` on it once, \
         or `faultline serve` with write access)"
    )]
    Upgrade { found: String },
    #[error(
        "database schema version {found}; this faultline reads version {SCHEMA_VERSION} \
         (ingest the documents again into a new database)"
    )]
    SchemaVersion { found: String },
    /// The document, a sentence or an event is inconsistent; nothing of
    /// the document was written.
    #[error("invalid document: {0}")]
    Invalid(String),
    /// A stored value that this version cannot read (a file edited by hand
    /// or damaged), or a file SQLite finds malformed.
    #[error("damaged database: {0}")]
    Damaged(String),
}

/// A malformed file as [`StoreError::Damaged`]; other errors as they are.
fn damaged(e: impl Into<StoreError>) -> StoreError {
    match e.into() {
        StoreError::Sqlite(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ) =>
        {
            StoreError::Damaged(e.to_string())
        }
        other => other,
    }
}

/// Whether SQLite could not open or lock what a read needs (a `-shm`
/// file in a folder it cannot write).
fn cannot_open(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(
            rusqlite::ErrorCode::CannotOpen
                | rusqlite::ErrorCode::ReadOnly
                | rusqlite::ErrorCode::SystemIoFailure
        )
    )
}

/// Whether `path` has a non-empty write-ahead log beside it.
fn has_log(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

/// `path` as the path of a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

impl Evidence {
    /// Evidence naming only the phrases and the verb entry: no pattern,
    /// actor or agent lines, not passive, nothing inferred. The verb's
    /// lemma is its text in upper case, its family empty.
    pub fn new(source_text: &str, target_text: &str, verb_text: &str, verb_entry: Origin) -> Self {
        Evidence {
            source_text: source_text.to_string(),
            target_text: target_text.to_string(),
            verb_text: verb_text.to_string(),
            verb_lemma: verb_text.to_uppercase(),
            verb_family: String::new(),
            verb_entry,
            pattern: None,
            source_actor: None,
            source_agents: Vec::new(),
            target_actor: None,
            target_agents: Vec::new(),
            passive: false,
            source_inferred_from: None,
            target_inferred_from: None,
        }
    }
}

/// A faultline database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    cache: write::Cache,
}

/// How [`Store::init`] treats the database it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Create the schema if the database is empty; upgrade an older one.
    Create,
    /// The schema must be there; upgrade an older one.
    Existing,
    /// Change nothing: no upgrade, no journal mode.
    ReadOnly,
}

impl Store {
    /// Opens the database at `path` for writing, creating it (and its
    /// schema) if needed.
    ///
    /// A database that was already there must pass SQLite's quick check
    /// first ([`StoreError::Damaged`] otherwise): nothing is ever written
    /// into a damaged file, where new rows could be lost with the pages
    /// around them. The check reads every page once (about a second per
    /// 300 MB). When a new database cannot be made whole (a full disk),
    /// the file and its journals are removed rather than left empty.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        let opened = Connection::open(path)
            .map_err(StoreError::from)
            .and_then(|conn| Store::init(conn, Mode::Create));
        match opened {
            Ok(store) if existed => {
                store.quick_check()?;
                Ok(store)
            }
            Ok(store) => Ok(store),
            Err(e) => {
                if !existed {
                    for suffix in ["", "-wal", "-shm", "-journal"] {
                        let mut name = path.as_os_str().to_owned();
                        name.push(suffix);
                        let _ = std::fs::remove_file(PathBuf::from(name));
                    }
                }
                Err(e)
            }
        }
    }

    /// Opens an existing database for reading and writing without
    /// creating anything: no file, journal mode or schema is created
    /// ([`StoreError::Missing`] if there is no file, [`StoreError::Empty`]
    /// if it is empty, [`StoreError::NotAStore`] if it holds no faultline
    /// schema). An older schema is upgraded.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        Store::must_exist(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Store::init(Connection::open_with_flags(path, flags)?, Mode::Existing)
    }

    /// Opens an existing database only to read it, also where it cannot
    /// be written: a read-only file or folder, or a read-only mount. A
    /// WAL database there whose `-shm` file cannot be made is opened as
    /// immutable when it has no write-ahead log to read (SQLite removes
    /// the log when the last writer closes). An older schema is refused
    /// ([`StoreError::Upgrade`]): reading never changes the file.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::must_exist(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let first = Connection::open_with_flags(path, flags)
            .map_err(StoreError::from)
            .and_then(|conn| Store::init(conn, Mode::ReadOnly));
        match first {
            Err(StoreError::Sqlite(e)) if cannot_open(&e) && !has_log(path) => {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
                Store::init(conn, Mode::ReadOnly)
            }
            other => other,
        }
    }

    fn must_exist(path: &Path) -> Result<(), StoreError> {
        match std::fs::metadata(path) {
            Err(_) => Err(StoreError::Missing(path.to_path_buf())),
            Ok(m) if m.is_file() && m.len() == 0 => Err(StoreError::Empty(path.to_path_buf())),
            Ok(_) => Ok(()),
        }
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, Mode::Create)
    }

    fn init(conn: Connection, mode: Mode) -> Result<Store, StoreError> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // Temporary tables and sorts (exports) go to files, not memory.
        // References are declared and checked by `check`, not on each
        // insert: every id an insert writes was just read or made by it,
        // and `validate` checks the sentences events name.
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF; PRAGMA temp_store = FILE;",
        )?;
        let version = schema::version(&conn).map_err(damaged)?;
        if version.is_none() && mode == Mode::Create {
            // WAL is a property of the file: set once, when it is created.
            // `journal_mode` answers with the mode in force ("memory" in memory).
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            schema::create(&conn)?;
        }
        if mode != Mode::ReadOnly {
            schema::upgrade(&conn)?;
        }
        match schema::version(&conn)? {
            Some(v) if v == SCHEMA_VERSION.to_string() => Ok(Store {
                conn,
                cache: write::Cache::default(),
            }),
            Some(found) if schema::upgradable(&found) => Err(StoreError::Upgrade { found }),
            Some(found) => Err(StoreError::SchemaVersion { found }),
            None => Err(StoreError::NotAStore),
        }
    }

    /// Reads this connection's database through a memory map of up to
    /// `bytes` bytes, with a page cache of `cache_bytes`: for long-lived
    /// readers (the server's), whose random reads of events then cost no
    /// system call each.
    pub fn map_for_reading(&self, bytes: u64, cache_bytes: u64) -> Result<(), StoreError> {
        let _mapped: i64 =
            self.conn
                .query_row(&format!("PRAGMA mmap_size = {bytes}"), [], |r| r.get(0))?;
        // a negative cache size is in KiB
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{}", cache_bytes / 1024))?;
        Ok(())
    }

    /// SQLite's quick check of every page: [`StoreError::Damaged`] with
    /// the first problem it finds.
    pub fn quick_check(&self) -> Result<(), StoreError> {
        let first: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(damaged)?;
        if first == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged(format!(
                "it fails SQLite's quick check ({first})"
            )))
        }
    }

    /// Whether a document with this content hash is stored.
    pub fn contains_hash(&self, hash: &ContentHash) -> Result<bool, StoreError> {
        let mut st = self.conn.prepare_cached(schema::HASH_STORED)?;
        Ok(st.query_row([&hash.0[..]], |r| r.get(0))?)
    }

    /// Runs SQLite's integrity and foreign-key checks and checks that each
    /// document's events are the ids it names; the first problem found is
    /// a [`StoreError::Damaged`].
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
        if let Some(table) = bad {
            return Err(StoreError::Damaged(format!(
                "a row of '{table}' refers to a missing row"
            )));
        }
        // each document's events are the ids it names, and no others
        let misplaced: Option<i64> = self
            .conn
            .query_row(
                "SELECT d.id FROM documents d WHERE d.events != (SELECT count(*) FROM events e \
                 WHERE e.id >= d.first_event AND e.id < d.first_event + d.events \
                 AND e.document = d.id) LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let (named, stored): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT coalesce(sum(events), 0) FROM documents), (SELECT count(*) FROM events)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        match misplaced {
            Some(d) => Err(StoreError::Damaged(format!(
                "document {d}: its events are not those it names"
            ))),
            None if named != stored => Err(StoreError::Damaged(format!(
                "documents name {named} events, {stored} are stored"
            ))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests;
