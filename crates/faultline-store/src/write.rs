//! Storing a document: checked first, then written in one transaction
//! with its sentences and events, short texts and dictionary lines
//! interned, and the new events' clusters assigned.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use faultline_dict::{CameoTables, Origin};
use faultline_pipeline::{CodedDocument, Document};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::cluster;
use crate::model::{
    ContentHash, Evidence, Inserted, Location, NewDocument, NewEvent, NewSentence, Plover,
};
use crate::{Store, StoreError};

/// What identifies a document's content: its own id and its text. The
/// same story read again (from the same file or a copy of it) is the same
/// document whatever date it is given; the same text under two ids (a
/// wire story carried by two outlets) is two articles.
pub fn document_hash(doc: &Document) -> ContentHash {
    let mut bytes = Vec::with_capacity(doc.id.len() + doc.text.len() + 9);
    bytes.extend_from_slice(&(doc.id.len() as u64).to_le_bytes());
    bytes.extend_from_slice(doc.id.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(doc.text.as_bytes());
    ContentHash::of(&bytes)
}

/// The sentences and events of a coded document as the store keeps them:
/// every sentence (not only those that gave events), and each event with
/// the values of its output record ([`faultline_pipeline::EventRecord`]),
/// so that what `faultline code` writes and what an export writes agree.
pub fn coded_rows(
    doc: &Document,
    coded: &CodedDocument,
    tables: &CameoTables,
) -> (Vec<NewSentence>, Vec<NewEvent>) {
    let index = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
    let mut sentences: Vec<NewSentence> = coded
        .chars
        .iter()
        .enumerate()
        .map(|(k, &(start, end))| NewSentence {
            index: index(k),
            char_start: start,
            char_end: end,
            issues: Vec::new(),
        })
        .collect();
    let mut events = Vec::new();
    for s in &coded.sentences {
        if let Some(stored) = sentences.get_mut(s.index) {
            stored.issues.clone_from(&s.issues);
        }
        let records = s.records(&s.context(doc), tables);
        for (event, record) in s.events.iter().zip(records) {
            events.push(NewEvent {
                sentence_index: index(s.index),
                source: record.source.to_string(),
                target: record.target.to_string(),
                code: record.code.to_string(),
                root_code: record.root_code.clone(),
                quad_class: record.quad_class,
                goldstein: record.goldstein.map(f32_to_f64),
                plover: record.plover.as_ref().map(|p| Plover {
                    category: p.category.clone(),
                    mode: p.mode.clone(),
                    context: p.context.clone(),
                }),
                date: record.date,
                date_evidence: record.date_evidence.clone(),
                evidence: Evidence {
                    source_text: event.source.text.clone(),
                    target_text: event.target.text.clone(),
                    verb_text: event.verb.text.clone(),
                    verb_lemma: event.verb.lemma.clone(),
                    verb_family: event.verb.family.clone(),
                    verb_entry: event.verb.verb.clone(),
                    pattern: event.verb.pattern.clone(),
                    source_actor: event.source.actor.clone(),
                    source_agents: event.source.agents.clone(),
                    target_actor: event.target.actor.clone(),
                    target_agents: event.target.agents.clone(),
                    passive: event.passive,
                    source_inferred_from: event.source.inferred_from,
                    target_inferred_from: event.target.inferred_from,
                },
                location: record.location.map(Location::from),
            });
        }
    }
    (sentences, events)
}

/// The decimal value an `f32` score was written as (`3.4`, not
/// `3.4000000953674316`).
fn f32_to_f64(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// Pages of its database a writing connection keeps in memory: enough
/// for the indexes an ingest touches at random (content hashes, dyads),
/// so that storing a document seldom reads the file.
const WRITER_CACHE_KIB: i64 = 16 << 10;

impl Store {
    /// Starts a write transaction, in which documents are stored one at a
    /// time ([`Writer::insert`]) and committed together
    /// ([`Writer::commit`]). Each document is still written whole or not
    /// at all, and a writer dropped without committing writes nothing; a
    /// batch only saves the disk writing the same pages once per document.
    pub fn writer(&mut self) -> Result<Writer<'_>, StoreError> {
        let Store { conn, cache } = self;
        conn.execute_batch(&format!("PRAGMA cache_size = -{WRITER_CACHE_KIB}"))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Writer {
            tx: Some(tx),
            cache,
        })
    }

    /// Stores a coded document in a transaction of its own; see
    /// [`Writer::insert_coded`].
    pub fn insert_coded(
        &mut self,
        name: &str,
        doc: &Document,
        coded: &CodedDocument,
        tables: &CameoTables,
    ) -> Result<Inserted, StoreError> {
        let mut writer = self.writer()?;
        let inserted = writer.insert_coded(name, doc, coded, tables)?;
        writer.commit()?;
        Ok(inserted)
    }

    /// Stores a document in a transaction of its own; see
    /// [`Writer::insert`].
    pub fn insert(
        &mut self,
        doc: &NewDocument<'_>,
        sentences: &[NewSentence],
        events: &[NewEvent],
    ) -> Result<Inserted, StoreError> {
        let mut writer = self.writer()?;
        let inserted = writer.insert(doc, sentences, events)?;
        writer.commit()?;
        Ok(inserted)
    }
}

/// A write transaction ([`Store::writer`]).
pub struct Writer<'s> {
    /// `None` once committed.
    tx: Option<Transaction<'s>>,
    cache: &'s mut Cache,
}

/// A writer dropped before it committed rolls back: ids cached meanwhile
/// may name rows that do not exist.
impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if self.tx.is_some() {
            self.cache.clear();
        }
    }
}

impl Writer<'_> {
    /// Stores a coded document, read from the input `name`, the way every
    /// front door stores documents: its hash from [`document_hash`], its
    /// rows from [`coded_rows`].
    pub fn insert_coded(
        &mut self,
        name: &str,
        doc: &Document,
        coded: &CodedDocument,
        tables: &CameoTables,
    ) -> Result<Inserted, StoreError> {
        let (sentences, events) = coded_rows(doc, coded, tables);
        let new = NewDocument {
            content_hash: document_hash(doc),
            name,
            doc_id: &doc.id,
            title: doc.title.as_deref(),
            url: doc.url.as_deref(),
            source: doc.source.as_deref(),
            doc_date: doc.date,
            date_source: doc.date_source.as_str(),
            text: &doc.text,
        };
        self.insert(&new, &sentences, &events)
    }

    /// Stores a document with its sentences and events, unless its content
    /// hash is already stored. Checks first that every sentence is a range
    /// of the text's characters and that every event names one of the
    /// sentences; if not, nothing is written ([`StoreError::Invalid`]).
    /// After any other error nothing of the document is written either,
    /// and the transaction may go on.
    pub fn insert(
        &mut self,
        doc: &NewDocument<'_>,
        sentences: &[NewSentence],
        events: &[NewEvent],
    ) -> Result<Inserted, StoreError> {
        validate(doc, sentences, events)?;
        let Some(tx) = self.tx.as_mut() else {
            return Err(StoreError::Invalid("the transaction has ended".into()));
        };
        let savepoint = tx.savepoint()?;
        match write(&savepoint, self.cache, doc, sentences, events) {
            Ok(inserted) => {
                savepoint.commit()?;
                Ok(inserted)
            }
            Err(e) => {
                // ids cached while the document was written may name rows
                // that are rolled back with it
                self.cache.clear();
                Err(e)
            }
        }
    }

    /// Commits every document stored since [`Store::writer`].
    pub fn commit(mut self) -> Result<(), StoreError> {
        if let Some(tx) = self.tx.take() {
            if let Err(e) = tx.commit() {
                self.cache.clear();
                return Err(e.into());
            }
        }
        Ok(())
    }
}

fn write(
    conn: &Connection,
    cache: &mut Cache,
    doc: &NewDocument<'_>,
    sentences: &[NewSentence],
    events: &[NewEvent],
) -> Result<Inserted, StoreError> {
    let present: bool = conn
        .prepare_cached(crate::schema::HASH_STORED)?
        .query_row([&doc.content_hash.0[..]], |r| r.get(0))?;
    if present {
        return Ok(Inserted::AlreadyPresent);
    }
    let input = cache.input(conn, doc.name)?;
    // events get their ids (and clusters) before they are written: the
    // next ids are this transaction's, as it is the only writer
    let next: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM events")?
        .query_row([], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO documents (content_hash, input, doc_id, title, url, source, doc_date, \
         date_source, text, ingested_at, first_event, events) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, unixepoch(), ?10, ?11)",
    )?
    .execute(params![
        &doc.content_hash.0[..],
        input,
        doc.doc_id,
        doc.title,
        doc.url,
        doc.source,
        doc.doc_date.to_string(),
        doc.date_source,
        doc.text,
        (!events.is_empty()).then_some(next),
        to_i64(events.len()),
    ])?;
    let document = conn.last_insert_rowid();
    let mut st = conn.prepare_cached(
        "INSERT INTO sentences (document, sentence_index, char_start, char_end, issues) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in sentences {
        st.execute(params![
            document,
            s.index,
            to_i64(s.char_start),
            to_i64(s.char_end),
            issues_json(&s.issues),
        ])?;
    }
    let ids: Vec<i64> = (next..).take(events.len()).collect();
    let members: Vec<cluster::NewMember<'_>> = events
        .iter()
        .zip(&ids)
        .map(|(e, &id)| cluster::NewMember {
            id,
            source: &e.source,
            target: &e.target,
            root_code: e.root_code.as_deref(),
            date: e.date,
        })
        .collect();
    let clusters = cluster::assign(conn, &members)?;
    for ((e, id), cluster) in events.iter().zip(ids).zip(clusters) {
        insert_event(conn, cache, (document, id), cluster, e)?;
    }
    Ok(Inserted::New(document))
}

fn insert_event(
    conn: &Connection,
    cache: &mut Cache,
    (document, id): (i64, i64),
    cluster: i64,
    e: &NewEvent,
) -> Result<(), StoreError> {
    let ev = &e.evidence;
    let plover = e
        .plover
        .as_ref()
        .map(|p| cache.plover(conn, p))
        .transpose()?;
    let date_evidence = cache.text(conn, &e.date_evidence)?;
    let source_text = cache.text(conn, &ev.source_text)?;
    let target_text = cache.text(conn, &ev.target_text)?;
    let verb_text = cache.text(conn, &ev.verb_text)?;
    let verb = cache.verb(conn, ev)?;
    let mut line = |o: &Option<Origin>| o.as_ref().map(|o| cache.line(conn, o)).transpose();
    let pattern = line(&ev.pattern)?;
    let source_actor = line(&ev.source_actor)?;
    let target_actor = line(&ev.target_actor)?;
    let source_agents = cache.lines_json(conn, &ev.source_agents)?;
    let target_agents = cache.lines_json(conn, &ev.target_agents)?;
    let place = e
        .location
        .as_ref()
        .map(|l| cache.place(conn, l))
        .transpose()?;
    conn.prepare_cached(
        "INSERT INTO events (id, cluster_id, document, sentence_index, source, target, code, \
         root_code, quad_class, goldstein, plover, date, date_evidence, place, source_text, \
         target_text, verb_text, verb, pattern, source_actor, source_agents, target_actor, \
         target_agents, passive, source_inferred_from, target_inferred_from) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?
    .execute(params![
        id,
        cluster,
        document,
        e.sentence_index,
        e.source,
        e.target,
        e.code,
        e.root_code,
        e.quad_class,
        e.goldstein,
        plover,
        crate::schema::date_key(e.date),
        date_evidence,
        place,
        source_text,
        target_text,
        verb_text,
        verb,
        pattern,
        source_actor,
        source_agents,
        target_actor,
        target_agents,
        ev.passive,
        ev.source_inferred_from.map(to_i64),
        ev.target_inferred_from.map(to_i64),
    ])?;
    Ok(())
}

/// Issues as stored: JSON `[{"code", "count"}]`, `None` when there are none.
fn issues_json(issues: &[(String, u32)]) -> Option<String> {
    if issues.is_empty() {
        return None;
    }
    let list: Vec<serde_json::Value> = issues
        .iter()
        .map(|(code, count)| serde_json::json!({"code": code, "count": count}))
        .collect();
    Some(serde_json::Value::from(list).to_string())
}

pub(crate) fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn validate(
    doc: &NewDocument<'_>,
    sentences: &[NewSentence],
    events: &[NewEvent],
) -> Result<(), StoreError> {
    let invalid = |msg: String| Err(StoreError::Invalid(format!("{}: {msg}", doc.doc_id)));
    let chars = doc.text.chars().count();
    let mut indexes = HashSet::new();
    for s in sentences {
        if s.char_start > s.char_end || s.char_end > chars {
            return invalid(format!(
                "sentence {}: {}..{} is not a range of the text ({chars} characters)",
                s.index, s.char_start, s.char_end,
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
    }
    Ok(())
}

/// Ids of interned rows already looked up, so that storing an event does
/// not ask SQLite for "France" again. Rows are never deleted, so an id
/// stays right as long as its transaction was committed: the cache is
/// cleared when one is not.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    inputs: HashMap<String, i64>,
    texts: HashMap<String, i64>,
    files: HashMap<String, i64>,
    lines: HashMap<(i64, u32), i64>,
    /// By entry line: (lemma, family, id).
    verbs: HashMap<i64, Vec<(String, String, i64)>>,
    /// By category: (mode, context, id).
    plovers: HashMap<String, Vec<(String, String, i64)>>,
    /// By name.
    places: HashMap<String, Vec<(Location, i64)>>,
}

/// Entries each map may hold; a full map starts again empty.
const CACHE_LIMIT: usize = 1 << 16;

/// The id of `key` in `map`, else of the row `select` finds, else of the
/// row `insert` makes (both with `params`).
fn intern<K: Eq + Hash>(
    map: &mut HashMap<K, i64>,
    key: K,
    conn: &Connection,
    select: &str,
    insert: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<i64, StoreError> {
    if let Some(&id) = map.get(&key) {
        return Ok(id);
    }
    let id = find_or_insert(conn, select, insert, params)?;
    if map.len() >= CACHE_LIMIT {
        map.clear();
    }
    map.insert(key, id);
    Ok(id)
}

/// The id of the row `select` finds, else of the row `insert` makes.
fn find_or_insert(
    conn: &Connection,
    select: &str,
    insert: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<i64, StoreError> {
    let found: Option<i64> = conn
        .prepare_cached(select)?
        .query_row(params, |r| r.get(0))
        .optional()?;
    match found {
        Some(id) => Ok(id),
        None => {
            conn.prepare_cached(insert)?.execute(params)?;
            Ok(conn.last_insert_rowid())
        }
    }
}

impl Cache {
    pub(crate) fn clear(&mut self) {
        *self = Cache::default();
    }

    fn input(&mut self, conn: &Connection, name: &str) -> Result<i64, StoreError> {
        if let Some(&id) = self.inputs.get(name) {
            return Ok(id);
        }
        intern(
            &mut self.inputs,
            name.to_string(),
            conn,
            "SELECT id FROM inputs WHERE name = ?1",
            "INSERT INTO inputs (name) VALUES (?1)",
            &[&name],
        )
    }

    fn text(&mut self, conn: &Connection, text: &str) -> Result<i64, StoreError> {
        if let Some(&id) = self.texts.get(text) {
            return Ok(id);
        }
        intern(
            &mut self.texts,
            text.to_string(),
            conn,
            "SELECT id FROM texts WHERE text = ?1",
            "INSERT INTO texts (text) VALUES (?1)",
            &[&text],
        )
    }

    fn line(&mut self, conn: &Connection, origin: &Origin) -> Result<i64, StoreError> {
        let file = match self.files.get(&*origin.file) {
            Some(&id) => id,
            None => intern(
                &mut self.files,
                origin.file.to_string(),
                conn,
                "SELECT id FROM dict_files WHERE name = ?1",
                "INSERT INTO dict_files (name) VALUES (?1)",
                &[&&*origin.file],
            )?,
        };
        intern(
            &mut self.lines,
            (file, origin.line),
            conn,
            "SELECT id FROM dict_lines WHERE file = ?1 AND line = ?2",
            "INSERT INTO dict_lines (file, line) VALUES (?1, ?2)",
            &[&file, &origin.line],
        )
    }

    /// A list of dictionary lines as stored: a JSON array of their ids,
    /// `None` when empty.
    fn lines_json(
        &mut self,
        conn: &Connection,
        origins: &[Origin],
    ) -> Result<Option<String>, StoreError> {
        if origins.is_empty() {
            return Ok(None);
        }
        let ids = origins
            .iter()
            .map(|o| self.line(conn, o).map(|id| id.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(format!("[{}]", ids.join(","))))
    }

    fn verb(&mut self, conn: &Connection, ev: &Evidence) -> Result<i64, StoreError> {
        let entry = self.line(conn, &ev.verb_entry)?;
        let (lemma, family) = (&ev.verb_lemma, &ev.verb_family);
        if let Some(&(_, _, id)) = self
            .verbs
            .get(&entry)
            .and_then(|v| v.iter().find(|(l, f, _)| l == lemma && f == family))
        {
            return Ok(id);
        }
        let id = find_or_insert(
            conn,
            "SELECT id FROM verbs WHERE entry = ?1 AND lemma = ?2 AND family = ?3",
            "INSERT INTO verbs (entry, lemma, family) VALUES (?1, ?2, ?3)",
            &[&entry, lemma, family],
        )?;
        if self.verbs.len() >= CACHE_LIMIT {
            self.verbs.clear();
        }
        let forms = self.verbs.entry(entry).or_default();
        forms.push((lemma.clone(), family.clone(), id));
        Ok(id)
    }

    fn place(&mut self, conn: &Connection, l: &Location) -> Result<i64, StoreError> {
        if let Some(&(_, id)) = self
            .places
            .get(l.name.as_str())
            .and_then(|v| v.iter().find(|(known, _)| known == l))
        {
            return Ok(id);
        }
        let id = find_or_insert(
            conn,
            "SELECT id FROM places WHERE name = ?1 AND country = ?2 AND country_iso2 = ?3 \
             AND admin1 IS ?4 AND admin1_code IS ?5 AND lat IS ?6 AND lon IS ?7 \
             AND precision IS ?8",
            "INSERT INTO places (name, country, country_iso2, admin1, admin1_code, lat, lon, \
             precision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &[
                &l.name,
                &l.country,
                &l.country_iso2,
                &l.admin1,
                &l.admin1_code,
                &l.lat,
                &l.lon,
                &l.precision,
            ],
        )?;
        if self.places.len() >= CACHE_LIMIT {
            self.places.clear();
        }
        let known = self.places.entry(l.name.clone()).or_default();
        known.push((l.clone(), id));
        Ok(id)
    }

    fn plover(&mut self, conn: &Connection, p: &Plover) -> Result<i64, StoreError> {
        if let Some(&(_, _, id)) = self
            .plovers
            .get(p.category.as_str())
            .and_then(|v| v.iter().find(|(m, c, _)| *m == p.mode && *c == p.context))
        {
            return Ok(id);
        }
        let id = find_or_insert(
            conn,
            "SELECT id FROM plovers WHERE category = ?1 AND mode = ?2 AND context = ?3",
            "INSERT INTO plovers (category, mode, context) VALUES (?1, ?2, ?3)",
            &[&p.category, &p.mode, &p.context],
        )?;
        if self.plovers.len() >= CACHE_LIMIT {
            self.plovers.clear();
        }
        let modes = self.plovers.entry(p.category.clone()).or_default();
        modes.push((p.mode.clone(), p.context.clone(), id));
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_their_decimal_value() {
        assert_eq!(f32_to_f64(3.4), 3.4);
        assert_eq!(f32_to_f64(-2.0), -2.0);
        assert_eq!(f32_to_f64(-10.0), -10.0);
    }

    #[test]
    fn hash_separates_id_and_text() {
        let doc = |id: &str, text: &str| Document {
            id: id.into(),
            date: faultline_core::Date::from_ymd(2022, 6, 19).unwrap(),
            date_source: faultline_pipeline::DateSource::Document,
            text: text.into(),
            title: None,
            url: None,
            source: None,
        };
        let a = document_hash(&doc("ab", "c"));
        assert_ne!(a, document_hash(&doc("a", "bc")));
        assert_ne!(a, document_hash(&doc("ab", "d")));
        let mut later = doc("ab", "c");
        later.date = faultline_core::Date::from_ymd(2022, 6, 20).unwrap();
        assert_eq!(a, document_hash(&later));
    }
}
