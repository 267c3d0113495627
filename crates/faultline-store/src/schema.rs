//! The tables, and creating them in a new database.
//!
//! Columns a user filters on are typed: the actors, codes, scores and date
//! of `events`, and the name, country, region, coordinates and precision
//! of the `places` events happened at. What is the same for many events is
//! interned, stored once and referred to by id: places, and what explains
//! an event (the phrases of its evidence, its dictionary lines, its PLOVER
//! mode and context) in `texts`, `dict_lines`, `verbs` and `plovers`. The
//! view `event_view` joins them back into one flat row per event. Offsets live on
//! sentences only; an event has its sentence's. A document's events have
//! consecutive ids, so the document names its first one and their number
//! instead of an index of events by document.

use faultline_core::Date;
use rusqlite::Connection;

use crate::StoreError;

/// The schema this version reads and writes, kept in `meta`.
///
/// 1. First version: location, evidence and issues as JSON text.
/// 2. Typed places; evidence as interned ids; issues on sentences;
///    offsets on sentences only; content hashes as 32-byte BLOBs;
///    `ingested_at` as Unix seconds; `cluster_id` kept up to date at
///    insert time; a document's events named by id range.
/// 3. Full-text search over each event's sentence (`event_text`, FTS5,
///    filled by a trigger in the transaction that stores the event) and
///    indexes for event queries (see `search.rs` and `query.rs`); a
///    version 2 store is upgraded when it is opened ([`upgrade`]).
/// 4. The full-text row id of an event is its page key (date number above
///    event id), so that a search reads its matches in page order, and
///    the indexes of event queries cover every filter column; a version 2
///    or 3 store is upgraded when it is opened.
pub const SCHEMA_VERSION: u32 = 4;

const SCHEMA: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Where documents were read from: a file path, `<stdin>`.
CREATE TABLE inputs (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    -- SHA-256 of the document's id and text (`faultline_store::document_hash`);
    -- unique, as the writer checks before it stores a document
    content_hash BLOB NOT NULL CHECK (length(content_hash) = 32),
    input        INTEGER NOT NULL REFERENCES inputs(id),
    doc_id       TEXT NOT NULL,
    title        TEXT,
    url          TEXT,
    source       TEXT,
    doc_date     TEXT NOT NULL,
    date_source  TEXT NOT NULL,
    text         TEXT NOT NULL,
    -- Unix seconds
    ingested_at  INTEGER NOT NULL,
    -- its events have the ids first_event .. first_event + events - 1
    -- (first_event is NULL when it has none)
    first_event  INTEGER,
    events       INTEGER NOT NULL
);

-- finds a content hash by its first 8 bytes: a quarter of the size of an
-- index of whole hashes, and as good at telling documents apart
CREATE INDEX documents_by_hash ON documents(substr(content_hash, 1, 8));

-- Every sentence of a document, coded or not: a range of characters
-- (Unicode scalar values, end exclusive) of its text; SQLite's
-- `substr(text, char_start + 1, char_end - char_start)` gives it.
CREATE TABLE sentences (
    document       INTEGER NOT NULL REFERENCES documents(id),
    sentence_index INTEGER NOT NULL,
    char_start     INTEGER NOT NULL,
    char_end       INTEGER NOT NULL CHECK (char_start <= char_end),
    -- JSON `[{\"code\", \"count\"}]`; NULL when the sentence has none
    issues         TEXT,
    PRIMARY KEY (document, sentence_index)
) WITHOUT ROWID;

-- Interned short texts: noun phrases, verbs, date phrases.
CREATE TABLE texts (
    id   INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);

-- Dictionary files, by the name they were loaded under.
CREATE TABLE dict_files (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- Dictionary lines (`file:line`) that coded an event.
CREATE TABLE dict_lines (
    id   INTEGER PRIMARY KEY,
    file INTEGER NOT NULL REFERENCES dict_files(id),
    line INTEGER NOT NULL,
    UNIQUE (file, line)
);

-- Verb entries: the entry's line, its head form and its family.
CREATE TABLE verbs (
    id     INTEGER PRIMARY KEY,
    entry  INTEGER NOT NULL REFERENCES dict_lines(id),
    lemma  TEXT NOT NULL,
    family TEXT NOT NULL,
    UNIQUE (entry, lemma, family)
);

-- PLOVER categories with their mode and context ('' when blank).
CREATE TABLE plovers (
    id       INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    mode     TEXT NOT NULL,
    context  TEXT NOT NULL,
    UNIQUE (category, mode, context)
);

-- Places events happened at, as the gazetteer resolved them; events
-- refer to them (`events.place`), and exports write their columns as
-- `location_name`, `location_country`, ... of each event.
CREATE TABLE places (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    -- ISO 3166-1 alpha-3 and alpha-2
    country      TEXT NOT NULL,
    country_iso2 TEXT NOT NULL,
    admin1       TEXT,
    -- the GeoNames code of the region within its country
    admin1_code  TEXT,
    lat          REAL,
    lon          REAL,
    -- city, admin1 or country
    precision    TEXT
);

CREATE INDEX places_by_name ON places(name, country);

CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    document              INTEGER NOT NULL REFERENCES documents(id),
    sentence_index        INTEGER NOT NULL,
    -- the smallest event id of its cluster (see `cluster.rs`); set in the
    -- transaction that stores the event, changed by later ones
    cluster_id            INTEGER NOT NULL,
    source                TEXT NOT NULL,
    target                TEXT NOT NULL,
    code                  TEXT NOT NULL,
    root_code             TEXT,
    quad_class            INTEGER,
    goldstein             REAL,
    plover                INTEGER REFERENCES plovers(id),
    -- the number YYYYMMDD, with 00 for the month or day when not known
    -- (`event_view` writes it `YYYY-MM-DD`, `YYYY-MM` or `YYYY`); numbers
    -- sort as dates written so do: a year before its months, a month
    -- before its days
    date                  INTEGER NOT NULL CHECK (date BETWEEN 0 AND 99991231),
    date_evidence         INTEGER NOT NULL REFERENCES texts(id),
    -- where it happened, when known
    place                 INTEGER REFERENCES places(id),
    source_text           INTEGER NOT NULL REFERENCES texts(id),
    target_text           INTEGER NOT NULL REFERENCES texts(id),
    verb_text             INTEGER NOT NULL REFERENCES texts(id),
    verb                  INTEGER NOT NULL REFERENCES verbs(id),
    pattern               INTEGER REFERENCES dict_lines(id),
    source_actor          INTEGER REFERENCES dict_lines(id),
    -- JSON array of `dict_lines` ids; NULL when there are none
    source_agents         TEXT,
    target_actor          INTEGER REFERENCES dict_lines(id),
    target_agents         TEXT,
    passive               INTEGER NOT NULL,
    source_inferred_from  INTEGER,
    target_inferred_from  INTEGER,
    FOREIGN KEY (document, sentence_index) REFERENCES sentences(document, sentence_index)
);

-- Every event flat, with the columns a user filters on: the columns of
-- the events export (`faultline export`) but its issues and evidence.
CREATE VIEW event_view AS
SELECT e.id AS event_id, e.cluster_id, e.document, d.doc_id, e.sentence_index,
       CASE WHEN e.date % 100 != 0
                THEN printf('%04d-%02d-%02d', e.date / 10000, e.date / 100 % 100, e.date % 100)
            WHEN e.date % 10000 != 0 THEN printf('%04d-%02d', e.date / 10000, e.date / 100 % 100)
            ELSE printf('%04d', e.date / 10000) END AS date,
       CASE WHEN e.date % 100 != 0 THEN 'day' WHEN e.date % 10000 != 0 THEN 'month'
            ELSE 'year' END AS date_precision,
       de.text AS date_evidence, e.source, e.target, e.code, e.root_code, e.quad_class,
       e.goldstein, p.category AS plover_category, p.mode AS plover_mode,
       p.context AS plover_context, s.char_start, s.char_end, d.url,
       pc.name AS location_name, pc.country AS location_country,
       pc.country_iso2 AS location_country_iso2, pc.admin1 AS location_admin1,
       pc.admin1_code AS location_admin1_code, pc.lat, pc.lon,
       pc.precision AS location_precision
FROM events e
JOIN documents d ON d.id = e.document
JOIN sentences s ON s.document = e.document AND s.sentence_index = e.sentence_index
JOIN texts de ON de.id = e.date_evidence
LEFT JOIN plovers p ON p.id = e.plover
LEFT JOIN places pc ON pc.id = e.place;

-- the groups clusters are made in, by date, with each event's cluster so
-- that keeping clusters reads the index alone; also what dyad queries use
CREATE INDEX events_by_dyad ON events(source, target, root_code, date, cluster_id);
";

/// An event date as stored: the number `YYYYMMDD`, month and day 0 when
/// not known.
pub(crate) fn date_key(date: Date) -> i64 {
    i64::from(date.year()) * 10_000
        + i64::from(date.month().unwrap_or(0)) * 100
        + i64::from(date.day().unwrap_or(0))
}

/// The date of a stored [`date_key`].
pub(crate) fn date_of_key(key: i64) -> Result<Date, StoreError> {
    let (year, month, day) = (key / 10_000, key / 100 % 100, key % 100);
    let date = match (
        i32::try_from(year),
        u32::try_from(month),
        u32::try_from(day),
    ) {
        (Ok(y), Ok(0), Ok(0)) => Date::from_year(y),
        (Ok(y), Ok(m), Ok(0)) => Date::from_ym(y, m),
        (Ok(y), Ok(m), Ok(d)) => Date::from_ymd(y, m, d),
        _ => None,
    };
    date.ok_or_else(|| StoreError::Damaged(format!("event date {key}")))
}

/// Whether a content hash (`?1`, 32 bytes) is stored: looked up by its
/// first 8 bytes (`documents_by_hash`), then compared whole.
pub(crate) const HASH_STORED: &str = "SELECT EXISTS (SELECT 1 FROM documents \
     WHERE substr(content_hash, 1, 8) = substr(?1, 1, 8) AND content_hash = ?1)";

/// The schema version in `meta`, `None` when there is no `meta` table;
/// `"none"` when the table has no version.
pub(crate) fn version(conn: &Connection) -> Result<Option<String>, StoreError> {
    let has_meta: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta')",
        [],
        |r| r.get(0),
    )?;
    if !has_meta {
        return Ok(None);
    }
    let found: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT value FROM meta WHERE key = 'schema_version'",
        [],
        |r| r.get(0),
    ))?;
    Ok(Some(found.unwrap_or_else(|| "none".into())))
}

/// Creates the schema in an empty database. Two processes may race to do
/// it: the write lock is taken first and the question asked again.
pub(crate) fn create(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let created = (|| {
        if version(conn)?.is_none() {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(StoreError::NotAStore);
            }
            conn.execute_batch(SCHEMA)?;
            conn.execute_batch(crate::search::SCHEMA)?;
            conn.execute_batch(crate::query::INDEXES)?;
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

/// Whether [`upgrade`] upgrades a store of this version.
pub(crate) fn upgradable(version: &str) -> bool {
    matches!(version, "2" | "3")
}

/// Upgrades a version 2 or 3 store to the current version in one
/// transaction. From 2: creates the full-text index of event sentences
/// and the indexes of event queries; from 3: rebuilds both (page keys
/// for full-text row ids, covering indexes). Any other version is left as it is (and
/// refused by the caller if it is not [`SCHEMA_VERSION`]).
pub(crate) fn upgrade(conn: &Connection) -> Result<(), StoreError> {
    let upgradable = |v: Option<String>| v.as_deref().is_some_and(upgradable);
    if !upgradable(version(conn)?) {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let upgraded = (|| {
        // another process may have upgraded it meanwhile
        let from = version(conn)?;
        if upgradable(from.clone()) {
            if from.as_deref() == Some("3") {
                conn.execute_batch("DROP TRIGGER event_text_insert; DROP TABLE event_text;")?;
                conn.execute_batch(crate::query::OLD_INDEXES)?;
            }
            conn.execute_batch(crate::query::INDEXES)?;
            conn.execute_batch(crate::search::SCHEMA)?;
            crate::search::fill(conn)?;
            conn.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
                [SCHEMA_VERSION.to_string()],
            )?;
        }
        Ok(())
    })();
    match upgraded {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
