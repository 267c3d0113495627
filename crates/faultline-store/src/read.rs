//! Reading: every read goes through a [`Snapshot`], one read transaction,
//! so that what an export writes is the store at one moment, however
//! long it takes and whatever is stored meanwhile.
//!
//! Nothing here holds a table in memory: documents and events are read a
//! page at a time or visited one at a time, and clusters are summed up one
//! at a time from events sorted by cluster (SQLite sorts on disk when the
//! table outgrows its cache).

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use faultline_core::Date;
use faultline_dict::Origin;
use rusqlite::{params, Connection, Row, Transaction};

use crate::cluster::{self, Cluster, ClusterCounts, Member, Summary};
use crate::model::{
    ContentHash, Counts, Evidence, Location, NewEvent, Plover, StoredDocument, StoredEvent,
    StoredSentence,
};
use crate::schema::date_of_key;
use crate::{Store, StoreError};

/// The columns of [`EVENT_SELECT`].
macro_rules! event_columns {
    () => {
        "e.id, e.cluster_id, e.document, d.doc_id, d.url, \
     strftime('%Y-%m-%dT%H:%M:%SZ', d.ingested_at, 'unixepoch'), \
     s.char_start, s.char_end, s.issues, \
     e.sentence_index, e.source, e.target, e.code, e.root_code, e.quad_class, e.goldstein, \
     p.category, p.mode, p.context, e.date, de.text, \
     pc.name, pc.country, pc.country_iso2, pc.admin1, pc.admin1_code, pc.lat, pc.lon, \
     pc.precision, \
     st.text, tt.text, vt.text, v.lemma, v.family, vf.name, vl.line, \
     pf.name, pl.line, saf.name, sal.line, e.source_agents, taf.name, tal.line, \
     e.target_agents, e.passive, e.source_inferred_from, e.target_inferred_from"
    };
}

/// The tables of [`EVENT_SELECT`].
macro_rules! event_tables {
    () => {
        "FROM events e \
     JOIN documents d ON d.id = e.document \
     JOIN sentences s ON s.document = e.document AND s.sentence_index = e.sentence_index \
     LEFT JOIN plovers p ON p.id = e.plover \
     LEFT JOIN places pc ON pc.id = e.place \
     JOIN texts de ON de.id = e.date_evidence \
     JOIN texts st ON st.id = e.source_text \
     JOIN texts tt ON tt.id = e.target_text \
     JOIN texts vt ON vt.id = e.verb_text \
     JOIN verbs v ON v.id = e.verb \
     JOIN dict_lines vl ON vl.id = v.entry \
     JOIN dict_files vf ON vf.id = vl.file \
     LEFT JOIN dict_lines pl ON pl.id = e.pattern \
     LEFT JOIN dict_files pf ON pf.id = pl.file \
     LEFT JOIN dict_lines sal ON sal.id = e.source_actor \
     LEFT JOIN dict_files saf ON saf.id = sal.file \
     LEFT JOIN dict_lines tal ON tal.id = e.target_actor \
     LEFT JOIN dict_files taf ON taf.id = tal.file"
    };
}

/// The columns [`Snapshot::read_event`] reads, from `events e` and the
/// rows it refers to.
const EVENT_SELECT: &str = concat!("SELECT ", event_columns!(), " ", event_tables!());

/// A consistent view of the store: one read transaction, ended when the
/// snapshot is dropped. Writes made meanwhile (by other connections or
/// processes) are not seen.
pub struct Snapshot<'s> {
    tx: Transaction<'s>,
    /// Dictionary lines of agents, by id, as read so far.
    lines: RefCell<HashMap<i64, Origin>>,
}

impl Store {
    /// Starts a read transaction ([`Snapshot`]).
    pub fn snapshot(&self) -> Result<Snapshot<'_>, StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        // a deferred transaction takes its snapshot at its first read
        tx.query_row("SELECT count(*) FROM meta", [], |_| Ok(()))?;
        Ok(Snapshot {
            tx,
            lines: RefCell::new(HashMap::new()),
        })
    }

    /// Number of documents, sentences and events.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        counts(&self.conn)
    }
}

fn counts(conn: &Connection) -> Result<Counts, StoreError> {
    let n = |table: &str| -> Result<u64, StoreError> {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    Ok(Counts {
        documents: n("documents")?,
        sentences: n("sentences")?,
        events: n("events")?,
    })
}

impl Snapshot<'_> {
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// Number of documents, sentences and events.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        counts(self.conn())
    }

    /// All documents in row-id order, read a page at a time.
    pub fn documents(&self) -> Documents<'_> {
        Documents(Pages::new(self.conn()))
    }

    /// All events in row-id order, read a page at a time.
    pub fn events(&self) -> Events<'_> {
        Events {
            pages: Pages::new(self.conn()),
            snapshot: self,
        }
    }

    /// The sentences of the document with row id `document`, in order.
    pub fn sentences(&self, document: i64) -> Result<Vec<StoredSentence>, StoreError> {
        let mut st = self.conn().prepare_cached(
            "SELECT sentence_index, char_start, char_end, issues FROM sentences \
             WHERE document = ?1 ORDER BY sentence_index",
        )?;
        let mut rows = st.query([document])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(StoredSentence {
                index: r.get(0)?,
                char_start: offset(r, 1)?,
                char_end: offset(r, 2)?,
                issues: issues(r.get(3)?)?,
            });
        }
        Ok(out)
    }

    /// The events of the document with row id `document`, in order (its
    /// events have consecutive ids: this reads only them).
    pub fn document_events(&self, document: i64) -> Result<Vec<StoredEvent>, StoreError> {
        let sql = format!(
            "{EVENT_SELECT} JOIN documents o ON o.id = ?1 \
             WHERE e.id >= o.first_event AND e.id < o.first_event + o.events \
             AND e.document = o.id ORDER BY e.id"
        );
        let mut st = self.conn().prepare_cached(&sql)?;
        let mut rows = st.query([document])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(self.read_event(r)?);
        }
        Ok(out)
    }

    /// Visits every event in date order: by its date as written, so that
    /// a year comes before its months and a month before its days (`2022`,
    /// `2022-05`, `2022-05-03`, `2022-06`), then by row id. The events of
    /// one month, or of one year-only date, therefore come in one run,
    /// which is what a writer partitioned by month needs.
    ///
    /// The first error `visit` returns stops the walk and is returned.
    pub fn for_each_event_by_date<E: From<StoreError>>(
        &self,
        visit: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each(
            &format!("{EVENT_SELECT} ORDER BY e.date, e.id"),
            |r| self.read_event(r),
            visit,
        )
    }

    /// Visits every event in row-id order with the counts of its cluster.
    pub fn for_each_event_with_cluster<E: From<StoreError>>(
        &self,
        mut visit: impl FnMut(StoredEvent, Option<ClusterCounts>) -> Result<(), E>,
    ) -> Result<(), E> {
        let conn = self.conn();
        conn.execute_batch(
            "DROP TABLE IF EXISTS temp.cluster_counts; \
             CREATE TEMP TABLE cluster_counts (id INTEGER PRIMARY KEY, mentions INTEGER, \
             sources INTEGER, articles INTEGER);",
        )
        .map_err(StoreError::from)?;
        {
            let mut insert = conn
                .prepare("INSERT INTO temp.cluster_counts VALUES (?1, ?2, ?3, ?4)")
                .map_err(StoreError::from)?;
            self.for_each_cluster(|c| {
                insert.execute(params![
                    c.id,
                    count(c.mentions),
                    count(c.sources),
                    count(c.articles)
                ])?;
                Ok::<(), StoreError>(())
            })?;
        }
        const SQL: &str = concat!(
            "SELECT ",
            event_columns!(),
            ", c.mentions, c.sources, c.articles ",
            event_tables!(),
            " LEFT JOIN temp.cluster_counts c ON c.id = e.cluster_id ORDER BY e.id"
        );
        self.for_each(
            SQL,
            |r| {
                let e = self.read_event(r)?;
                let counts = match r.get::<_, Option<i64>>(EVENT_COLUMNS)? {
                    Some(mentions) => Some(ClusterCounts {
                        mentions: uncount(mentions),
                        sources: uncount(r.get(EVENT_COLUMNS + 1)?),
                        articles: uncount(r.get(EVENT_COLUMNS + 2)?),
                    }),
                    None => None,
                };
                Ok((e, counts))
            },
            |(e, c)| visit(e, c),
        )
    }

    /// Visits every document in the order of its `doc_date` as written,
    /// then of its row id; as [`Snapshot::for_each_event_by_date`].
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

    /// Visits the clusters of reports of the same happening (same source,
    /// target and CAMEO root code, compatible dates) by cluster id, the
    /// smallest event id of each.
    pub fn for_each_cluster<E: From<StoreError>>(
        &self,
        visit: impl FnMut(Cluster) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("{CLUSTER_SELECT} ORDER BY e.cluster_id, e.id");
        self.clusters_in(&sql, visit)
    }

    /// Visits the clusters by their first date as written (as
    /// [`Snapshot::for_each_event_by_date`]), then by id.
    pub fn for_each_cluster_by_date<E: From<StoreError>>(
        &self,
        visit: impl FnMut(Cluster) -> Result<(), E>,
    ) -> Result<(), E> {
        // the first date of a cluster: its earliest day, else month, else
        // year (as `Summary` computes it)
        self.conn()
            .execute_batch(
                "DROP TABLE IF EXISTS temp.cluster_first; \
                 CREATE TEMP TABLE cluster_first (id INTEGER PRIMARY KEY, first INTEGER); \
                 INSERT INTO temp.cluster_first \
                 SELECT cluster_id, coalesce(min(CASE WHEN date % 100 != 0 THEN date END), \
                 min(CASE WHEN date % 10000 != 0 THEN date END), min(date)) \
                 FROM events GROUP BY cluster_id;",
            )
            .map_err(StoreError::from)?;
        let sql = format!(
            "{CLUSTER_SELECT} JOIN temp.cluster_first f ON f.id = e.cluster_id \
             ORDER BY f.first, e.cluster_id, e.id"
        );
        self.clusters_in(&sql, visit)
    }

    fn clusters_in<E: From<StoreError>>(
        &self,
        sql: &str,
        mut visit: impl FnMut(Cluster) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut current: Option<(i64, Summary)> = None;
        self.for_each::<_, E>(
            sql,
            |r| {
                let cluster: i64 = r.get(0)?;
                let id: i64 = r.get(1)?;
                let (source, url, name): (Option<String>, Option<String>, String) =
                    (r.get(7)?, r.get(8)?, r.get(9)?);
                let member = Member {
                    id,
                    document: r.get(2)?,
                    source: r.get(3)?,
                    target: r.get(4)?,
                    root_code: r.get(5)?,
                    date: date_of_key(r.get(6)?)?,
                    outlet: cluster::outlet(source.as_deref(), url.as_deref(), &name),
                };
                Ok((cluster, member))
            },
            |(cluster, member)| {
                match &mut current {
                    Some((id, summary)) if *id == cluster => summary.add(member),
                    _ => {
                        if let Some((_, done)) = current.replace((cluster, Summary::new(member))) {
                            visit(done.finish())?;
                        }
                    }
                }
                Ok(())
            },
        )?;
        match current {
            Some((_, done)) => visit(done.finish()),
            None => Ok(()),
        }
    }

    fn for_each<T, E: From<StoreError>>(
        &self,
        sql: &str,
        read: impl Fn(&Row<'_>) -> Result<T, StoreError>,
        mut visit: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut st = self.conn().prepare(sql).map_err(StoreError::from)?;
        let mut rows = st.query([]).map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            visit(read(r)?)?;
        }
        Ok(())
    }

    /// The dictionary line with id `id`.
    fn line(&self, id: i64) -> Result<Origin, StoreError> {
        if let Some(o) = self.lines.borrow().get(&id) {
            return Ok(o.clone());
        }
        let (file, line): (String, u32) = self
            .conn()
            .prepare_cached(
                "SELECT f.name, l.line FROM dict_lines l JOIN dict_files f ON f.id = l.file \
                 WHERE l.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut lines = self.lines.borrow_mut();
        // files shared among lines, as when the dictionaries were loaded
        let file = lines
            .values()
            .find(|o| *o.file == *file)
            .map_or_else(|| Arc::from(file), |o| o.file.clone());
        let origin = Origin { file, line };
        lines.insert(id, origin.clone());
        Ok(origin)
    }

    /// Dictionary lines stored as a JSON array of ids.
    fn lines(&self, json: Option<String>) -> Result<Vec<Origin>, StoreError> {
        let Some(json) = json else {
            return Ok(Vec::new());
        };
        let ids: Vec<i64> = serde_json::from_str(&json)
            .map_err(|_| StoreError::Damaged(format!("dictionary line ids '{json}'")))?;
        ids.into_iter().map(|id| self.line(id)).collect()
    }

    fn read_event(&self, r: &Row<'_>) -> Result<StoredEvent, StoreError> {
        let origin = |file: usize| -> Result<Option<Origin>, StoreError> {
            let name: Option<String> = r.get(file)?;
            let line: Option<u32> = r.get(file + 1)?;
            Ok(name.zip(line).map(|(name, line)| Origin {
                file: Arc::from(name),
                line,
            }))
        };
        let plover = plover_at(r, 16)?;
        let location = location_at(r, 21)?;
        let inferred = |i: usize| -> Result<Option<usize>, StoreError> {
            r.get::<_, Option<i64>>(i)?
                .map(|n| usize::try_from(n).map_err(|_| StoreError::Damaged(format!("index {n}"))))
                .transpose()
        };
        let evidence = Evidence {
            source_text: r.get(29)?,
            target_text: r.get(30)?,
            verb_text: r.get(31)?,
            verb_lemma: r.get(32)?,
            verb_family: r.get(33)?,
            verb_entry: origin(34)?
                .ok_or_else(|| StoreError::Damaged("an event without its verb entry".into()))?,
            pattern: origin(36)?,
            source_actor: origin(38)?,
            source_agents: self.lines(r.get(40)?)?,
            target_actor: origin(41)?,
            target_agents: self.lines(r.get(43)?)?,
            passive: r.get(44)?,
            source_inferred_from: inferred(45)?,
            target_inferred_from: inferred(46)?,
        };
        Ok(StoredEvent {
            id: r.get(0)?,
            cluster_id: r.get(1)?,
            document: r.get(2)?,
            doc_id: r.get(3)?,
            url: r.get(4)?,
            ingested_at: r.get(5)?,
            char_start: offset(r, 6)?,
            char_end: offset(r, 7)?,
            issues: issues(r.get(8)?)?,
            event: NewEvent {
                sentence_index: r.get(9)?,
                source: r.get(10)?,
                target: r.get(11)?,
                code: r.get(12)?,
                root_code: r.get(13)?,
                quad_class: r.get(14)?,
                goldstein: r.get(15)?,
                plover,
                date: date_of_key(r.get(19)?)?,
                date_evidence: r.get(20)?,
                evidence,
                location,
            },
        })
    }
}

/// Number of columns of [`EVENT_SELECT`].
const EVENT_COLUMNS: usize = 47;

/// The columns [`Snapshot::clusters_in`] reads.
const CLUSTER_SELECT: &str = "SELECT e.cluster_id, e.id, e.document, e.source, e.target, \
     e.root_code, e.date, d.source, d.url, i.name \
     FROM events e JOIN documents d ON d.id = e.document JOIN inputs i ON i.id = d.input";

/// The columns [`read_document`] reads, from `documents d`.
const DOCUMENT_SELECT: &str = "SELECT d.id, d.content_hash, i.name, d.doc_id, d.title, d.url, \
     d.source, d.doc_date, d.date_source, d.text, \
     strftime('%Y-%m-%dT%H:%M:%SZ', d.ingested_at, 'unixepoch'), \
     (SELECT count(*) FROM sentences s WHERE s.document = d.id), d.events \
     FROM documents d JOIN inputs i ON i.id = d.input";

fn read_document(r: &Row<'_>) -> Result<StoredDocument, StoreError> {
    let hash: Vec<u8> = r.get(1)?;
    Ok(StoredDocument {
        id: r.get(0)?,
        content_hash: ContentHash(
            hash.try_into()
                .map_err(|_| StoreError::Damaged("a content hash of the wrong length".into()))?,
        ),
        name: r.get(2)?,
        doc_id: r.get(3)?,
        title: r.get(4)?,
        url: r.get(5)?,
        source: r.get(6)?,
        doc_date: date(r, 7)?,
        date_source: r.get(8)?,
        text: r.get(9)?,
        ingested_at: r.get(10)?,
        sentences: r.get(11)?,
        events: r.get(12)?,
    })
}

fn date(r: &Row<'_>, i: usize) -> Result<Date, StoreError> {
    let text: String = r.get(i)?;
    Date::parse(&text).ok_or_else(|| StoreError::Damaged(format!("date '{text}'")))
}

fn offset(r: &Row<'_>, i: usize) -> Result<usize, StoreError> {
    let n: i64 = r.get(i)?;
    usize::try_from(n).map_err(|_| StoreError::Damaged(format!("offset {n}")))
}

/// Issues as stored (see `write::issues_json`).
fn issues(json: Option<String>) -> Result<Vec<(String, u32)>, StoreError> {
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    #[derive(serde::Deserialize)]
    struct Issue {
        code: String,
        count: u32,
    }
    let list: Vec<Issue> =
        serde_json::from_str(&json).map_err(|_| StoreError::Damaged(format!("issues '{json}'")))?;
    Ok(list.into_iter().map(|i| (i.code, i.count)).collect())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn uncount(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Rows are read in pages by row id, so no statement stays open between
/// calls and the iterators need not borrow a statement.
pub(crate) const PAGE: i64 = 512;

struct Pages<'c, T> {
    conn: &'c Connection,
    after: i64,
    buf: VecDeque<T>,
    done: bool,
}

impl<'c, T> Pages<'c, T> {
    fn new(conn: &'c Connection) -> Pages<'c, T> {
        Pages {
            conn,
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
            if let Err(e) = self.fill(sql, &read) {
                self.done = true;
                return Some(Err(e));
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
        let mut st = self.conn.prepare_cached(sql)?;
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

/// Iterator over the stored documents ([`Snapshot::documents`]).
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

/// Iterator over the stored events ([`Snapshot::events`]).
pub struct Events<'s> {
    pages: Pages<'s, StoredEvent>,
    snapshot: &'s Snapshot<'s>,
}

impl Iterator for Events<'_> {
    type Item = Result<StoredEvent, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        let snapshot = self.snapshot;
        self.pages.next_with(
            &format!("{EVENT_SELECT} WHERE e.id > ?1 ORDER BY e.id LIMIT ?2"),
            |r| snapshot.read_event(r),
            |e| e.id,
        )
    }
}

/// The PLOVER category, mode and context in columns `at..at + 3` of a
/// row (`plovers` joined), if the event has a category.
pub(crate) fn plover_at(r: &Row<'_>, at: usize) -> Result<Option<Plover>, StoreError> {
    Ok(match r.get::<_, Option<String>>(at)? {
        Some(category) => Some(Plover {
            category,
            mode: r.get(at + 1)?,
            context: r.get(at + 2)?,
        }),
        None => None,
    })
}

/// The place in columns `at..at + 8` of a row (`places` joined: name,
/// country, ISO-2 country, admin1, admin1 code, lat, lon, precision), if
/// the event has one.
pub(crate) fn location_at(r: &Row<'_>, at: usize) -> Result<Option<Location>, StoreError> {
    Ok(match r.get::<_, Option<String>>(at)? {
        Some(name) => Some(Location {
            name,
            country: r.get::<_, Option<String>>(at + 1)?.unwrap_or_default(),
            country_iso2: r.get::<_, Option<String>>(at + 2)?.unwrap_or_default(),
            admin1: r.get(at + 3)?,
            admin1_code: r.get(at + 4)?,
            lat: r.get(at + 5)?,
            lon: r.get(at + 6)?,
            precision: r.get(at + 7)?,
        }),
        None => None,
    })
}
