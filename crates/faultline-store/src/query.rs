//! Event queries: the events that pass a filter, a page at a time, in
//! date order; and one event with what explains it.
//!
//! Pages are keyset pages: a page ends with a [`Cursor`], the date and id
//! of its last event, and the next page starts after it. Reading page
//! `n` therefore costs what reading page 1 does, and events stored
//! meanwhile neither repeat nor skip an event of the pages still to come
//! that sorts after the cursor. Each filter column has an index that
//! ends in the date (and, as every SQLite index does, the row id), so a
//! page on one filter is a range scan of one index.

use std::fmt;
use std::str::FromStr;

use faultline_core::Date;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension, Row};

use crate::model::{Location, Plover, StoredEvent};
use crate::read::{location_at, plover_at, Snapshot};
use crate::schema::{date_key, date_of_key};
use crate::StoreError;

/// The indexes of event queries (schema version 4). Each leads with the
/// column a page is read along, then the page order (date, id), then the
/// other filter columns, so that a scan checks every filter but the
/// full-text one from the index alone, without reading the events.
pub(crate) const INDEXES: &str = "
CREATE INDEX events_by_date ON events(date);
CREATE INDEX events_by_source ON events(source, date, id, target, root_code, plover);
CREATE INDEX events_by_target ON events(target, date, id, source, root_code, plover);
CREATE INDEX events_by_root ON events(root_code, date, id, source, target, plover);
CREATE INDEX events_by_plover ON events(plover, date, id, source, target, root_code);
";

/// The indexes of version 3, which a version 4 store replaces.
pub(crate) const OLD_INDEXES: &str = "
DROP INDEX events_by_source;
DROP INDEX events_by_target;
DROP INDEX events_by_root;
DROP INDEX events_by_plover;
DROP INDEX events_by_date;
";

/// Which actor codes a filter admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeFilter {
    /// This code only (`RUS`: not `RUSGOV`).
    Exact(String),
    /// Every code that begins so (`RUS`: `RUS`, `RUSGOV`, `RUSMIL`, …).
    Prefix(String),
}

/// Where a page of events starts: after the event with this date and id.
/// Written `YYYYMMDD.ID` (the stored date number, 00 for an unknown
/// month or day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    date: i64,
    id: i64,
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.date, self.id)
    }
}

impl FromStr for Cursor {
    type Err = ();

    /// Reads a cursor as [`Cursor`]'s `Display` writes it.
    fn from_str(s: &str) -> Result<Cursor, ()> {
        let (date, id) = s.split_once('.').ok_or(())?;
        let number = |t: &str| -> Result<i64, ()> {
            if t.is_empty() || t.len() > 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            t.parse().map_err(|_| ())
        };
        Ok(Cursor {
            date: number(date)?,
            id: number(id)?,
        })
    }
}

/// What events to read: every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Source or target.
    pub actor: Option<CodeFilter>,
    pub source: Option<CodeFilter>,
    pub target: Option<CodeFilter>,
    /// CAMEO root code (`14`).
    pub root: Option<String>,
    /// PLOVER category (`PROTEST`).
    pub plover: Option<String>,
    /// Events dated on or after this date: a month or a year stands for
    /// its first day, and an event known only to the month (or year) is
    /// in when its month (year) begins on or after `from`'s first day.
    pub from: Option<Date>,
    /// Events dated on or before this date; a month or a year stands for
    /// its last day.
    pub to: Option<Date>,
    /// An FTS5 query the event's sentence must match (see
    /// [`crate::text_query`]).
    pub text: Option<String>,
    /// Only these events (by id); an empty list admits none.
    pub ids: Option<Vec<i64>>,
    /// Start after this event.
    pub after: Option<Cursor>,
    /// At most this many events (at least 1).
    pub limit: usize,
}

/// An event as a list shows it: its codes, date, place, document and
/// sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub cluster_id: i64,
    /// Row id of its document.
    pub document: i64,
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Date,
    pub date_evidence: String,
    pub source: String,
    pub target: String,
    pub code: String,
    pub root_code: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
    pub plover: Option<Plover>,
    pub sentence_index: u32,
    /// The text of its sentence.
    pub sentence: String,
    pub location: Option<Location>,
}

/// A page of events ([`Snapshot::query_events`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<EventRow>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

/// One event with everything that explains it ([`Snapshot::event`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EventDetail {
    pub event: StoredEvent,
    /// The text of its sentence.
    pub sentence: String,
    pub title: Option<String>,
    /// The outlet that published its document, if known.
    pub outlet: Option<String>,
    pub doc_date: Date,
    /// Where the document's date came from (`document`, `--date`, …).
    pub date_source: String,
}

/// The columns [`row`] reads, of the events whose ids are in the JSON
/// array `?1`, in page order.
const ROW_SELECT: &str = "SELECT e.id, e.cluster_id, e.document, d.doc_id, d.title, d.url, \
     e.date, de.text, e.source, e.target, e.code, e.root_code, e.quad_class, e.goldstein, \
     p.category, p.mode, p.context, e.sentence_index, \
     substr(d.text, s.char_start + 1, s.char_end - s.char_start), \
     pc.name, pc.country, pc.country_iso2, pc.admin1, pc.admin1_code, pc.lat, pc.lon, \
     pc.precision \
     FROM events e \
     JOIN documents d ON d.id = e.document \
     JOIN sentences s ON s.document = e.document AND s.sentence_index = e.sentence_index \
     JOIN texts de ON de.id = e.date_evidence \
     LEFT JOIN plovers p ON p.id = e.plover \
     LEFT JOIN places pc ON pc.id = e.place \
     WHERE e.id IN (SELECT value FROM json_each(?1)) ORDER BY e.date, e.id";

fn row(r: &Row<'_>) -> Result<EventRow, StoreError> {
    let plover = plover_at(r, 14)?;
    let location = location_at(r, 19)?;
    Ok(EventRow {
        id: r.get(0)?,
        cluster_id: r.get(1)?,
        document: r.get(2)?,
        doc_id: r.get(3)?,
        title: r.get(4)?,
        url: r.get(5)?,
        date: date_of_key(r.get(6)?)?,
        date_evidence: r.get(7)?,
        source: r.get(8)?,
        target: r.get(9)?,
        code: r.get(10)?,
        root_code: r.get(11)?,
        quad_class: r.get(12)?,
        goldstein: r.get(13)?,
        plover,
        sentence_index: r.get(17)?,
        sentence: r.get(18)?,
        location,
    })
}

/// The last date number a date stands for: its day, or the last day
/// number of its month or year (`20220699`, `20229999`: stored numbers of
/// unknown days and months are 00, and a day number past the month's end
/// admits nothing extra).
fn last_key(date: Date) -> i64 {
    let key = date_key(date);
    match (date.month(), date.day()) {
        (Some(_), Some(_)) => key,
        (Some(_), None) => key + 99,
        _ => key + 9999,
    }
}

/// Appends the condition that column `column` passes `filter`.
fn code_condition(column: &str, filter: &CodeFilter, args: &mut Vec<Value>) -> String {
    match filter {
        CodeFilter::Exact(code) => {
            args.push(Value::Text(code.clone()));
            format!("e.{column} = ?{}", args.len())
        }
        CodeFilter::Prefix(code) => {
            // every code beginning so sorts in [code, code + U+007F): codes
            // are ASCII letters, digits and hyphens
            args.push(Value::Text(code.clone()));
            args.push(Value::Text(prefix_end(code)));
            format!(
                "(e.{column} >= ?{} AND e.{column} < ?{})",
                args.len() - 1,
                args.len()
            )
        }
    }
}

/// The first string after every code that begins with `prefix`.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{7f}")
}

/// The full-text row id of an event: its date number above its id, so
/// that the full-text index hands out matches in page order (see
/// `search.rs`). Ids below 2^36 and date numbers below 2^27 fit.
pub(crate) const TEXT_KEY_SHIFT: u32 = 36;
const TEXT_KEY_ID_MASK: i64 = (1 << TEXT_KEY_SHIFT) - 1;

fn text_key(date: i64, id: i64) -> i64 {
    (date << TEXT_KEY_SHIFT) | id
}

/// The most ordered scans a page is read from before the query is left
/// to SQLite as one statement (a prefix such as `U` can name hundreds of
/// codes).
const MAX_SCANS: usize = 48;

/// A filter that a page can be read along: an index whose entries for
/// one value are in page order (`events_by_<column>`), or the full-text
/// index, or the list of ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Driver {
    Text,
    Ids,
    Source,
    Target,
    Actor,
    Root,
    Plover,
    Date,
}

impl Driver {
    /// The driver of `filter`: the full-text index or the id list when
    /// given, else the filter most likely to be selective.
    fn of(filter: &EventFilter) -> Driver {
        if filter.text.is_some() {
            Driver::Text
        } else if filter.ids.is_some() {
            Driver::Ids
        } else if filter.source.is_some() {
            Driver::Source
        } else if filter.target.is_some() {
            Driver::Target
        } else if filter.actor.is_some() {
            Driver::Actor
        } else if filter.root.is_some() {
            Driver::Root
        } else if filter.plover.is_some() {
            Driver::Plover
        } else {
            Driver::Date
        }
    }
}

/// One ordered scan: a statement whose rows are `(id, date)` in page
/// order, at most a page and one of them.
struct Scan {
    sql: String,
    args: Vec<Value>,
}

/// The conditions of `filter` a scan must still check, as SQL over `e`
/// with their arguments appended to `args`. `driver`'s own filter is left
/// out (the scan reads along it), and so are the date bounds and the
/// cursor when `keyed` (the scan's seek applies them).
fn residual(filter: &EventFilter, driver: Driver, keyed: bool, args: &mut Vec<Value>) -> String {
    let mut conditions = Vec::new();
    if let (Some(actor), false) = (&filter.actor, driver == Driver::Actor) {
        let source = code_condition("source", actor, args);
        let target = code_condition("target", actor, args);
        conditions.push(format!("({source} OR {target})"));
    }
    if let (Some(source), false) = (&filter.source, driver == Driver::Source) {
        conditions.push(code_condition("source", source, args));
    }
    if let (Some(target), false) = (&filter.target, driver == Driver::Target) {
        conditions.push(code_condition("target", target, args));
    }
    if let (Some(root), false) = (&filter.root, driver == Driver::Root) {
        args.push(Value::Text(root.clone()));
        conditions.push(format!("e.root_code = ?{}", args.len()));
    }
    if let (Some(plover), false) = (&filter.plover, driver == Driver::Plover) {
        args.push(Value::Text(plover.clone()));
        conditions.push(format!(
            "e.plover IN (SELECT id FROM plovers WHERE category = ?{})",
            args.len()
        ));
    }
    if let (Some(ids), false) = (&filter.ids, driver == Driver::Ids) {
        args.push(Value::Text(id_list(ids)));
        conditions.push(format!(
            "e.id IN (SELECT value FROM json_each(?{}))",
            args.len()
        ));
    }
    if !keyed {
        if let Some(from) = filter.from {
            args.push(Value::Integer(date_key(from)));
            conditions.push(format!("e.date >= ?{}", args.len()));
        }
        if let Some(to) = filter.to {
            args.push(Value::Integer(last_key(to)));
            conditions.push(format!("e.date <= ?{}", args.len()));
        }
        if let Some(after) = filter.after {
            // `date >= d` first, so that an index ending in the date can
            // seek to it
            args.push(Value::Integer(after.date));
            args.push(Value::Integer(after.id));
            conditions.push(format!(
                "e.date >= ?{0} AND (e.date > ?{0} OR e.id > ?{1})",
                args.len() - 1,
                args.len()
            ));
        }
    }
    if conditions.is_empty() {
        "1".into()
    } else {
        conditions.join(" AND ")
    }
}

fn id_list(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

/// One index scan of a page: the events with one value of the driving
/// filter, read in page order.
struct Arm {
    /// The index to read along; `None` leaves the choice to SQLite.
    index: Option<&'static str>,
    /// The condition on the driving filter's value, over `?1` (`1` when
    /// there is none).
    condition: String,
    args: Vec<Value>,
    /// The filter the condition stands for.
    driver: Driver,
}

impl Arm {
    fn on(column: &'static str, driver: Driver, value: Value) -> Arm {
        Arm {
            index: Some(match column {
                "source" => "events_by_source",
                "target" => "events_by_target",
                "root_code" => "events_by_root",
                _ => "events_by_plover",
            }),
            condition: format!("e.{column} = ?1"),
            args: vec![value],
            driver,
        }
    }

    /// Every event, with every filter checked row by row.
    fn everything(index: Option<&'static str>) -> Arm {
        Arm {
            index,
            condition: "1".into(),
            args: Vec::new(),
            driver: Driver::Date,
        }
    }

    /// The statement that reads at most `want` events of this arm that
    /// pass the rest of `filter`, in page order.
    fn scan(self, filter: &EventFilter, want: i64) -> Scan {
        let mut args = self.args;
        let rest = residual(filter, self.driver, false, &mut args);
        args.push(Value::Integer(want));
        let indexed = self
            .index
            .map(|i| format!(" INDEXED BY {i}"))
            .unwrap_or_default();
        Scan {
            sql: format!(
                "SELECT e.id, e.date FROM events e{indexed} WHERE {} AND {rest} \
                 ORDER BY e.date, e.id LIMIT ?{}",
                self.condition,
                args.len()
            ),
            args,
        }
    }
}

/// The statement that reads a page of `filter` (which has a text query)
/// along the full-text index: its row ids sort as pages do, so the date
/// bounds and the cursor are a row-id range and the first matches that
/// pass the other filters are the page.
fn text_scan(filter: &EventFilter, want: i64) -> Scan {
    let mut args = vec![Value::Text(filter.text.clone().unwrap_or_default())];
    let mut low = filter.from.map_or(0, |d| text_key(date_key(d), 0));
    if let Some(after) = filter.after {
        low = low.max(text_key(after.date, after.id).saturating_add(1));
    }
    args.push(Value::Integer(low));
    let high = filter
        .to
        .map_or(i64::MAX, |d| text_key(last_key(d), TEXT_KEY_ID_MASK));
    args.push(Value::Integer(high));
    let rest = residual(filter, Driver::Text, true, &mut args);
    args.push(Value::Integer(want));
    // CROSS JOIN keeps the full-text index outermost
    Scan {
        sql: format!(
            "SELECT event_text.rowid & {mask}, event_text.rowid >> {shift} \
             FROM event_text CROSS JOIN events e ON e.id = event_text.rowid & {mask} \
             WHERE event_text MATCH ?1 AND event_text.rowid >= ?2 \
             AND event_text.rowid <= ?3 AND {rest} \
             ORDER BY event_text.rowid LIMIT ?{n}",
            mask = TEXT_KEY_ID_MASK,
            shift = TEXT_KEY_SHIFT,
            n = args.len()
        ),
        args,
    }
}

impl Snapshot<'_> {
    /// The events that pass `filter`, in the order of their date number
    /// (a year before its months, a month before its days), then of their
    /// id, at most `filter.limit` of them, after `filter.after`.
    ///
    /// A page is read along one filter (see [`Driver`]): the full-text
    /// index, whose row ids sort as pages do; or, for each code, root or
    /// category that filter admits, the index that holds that value's
    /// events in date order. Each scan stops after a page and one rows
    /// that pass the other filters, and the scans are merged, so a page
    /// costs about its own size rather than the number of matches.
    pub fn query_events(&self, filter: &EventFilter) -> Result<EventPage, StoreError> {
        let limit = filter.limit.max(1);
        // one more than asked tells whether there is a next page
        let want = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
        let scans = match Driver::of(filter) {
            Driver::Text => vec![text_scan(filter, want)],
            driver => self
                .arms(filter, driver)?
                .into_iter()
                .map(|arm| arm.scan(filter, want))
                .collect(),
        };
        // (date, id) pairs, which sort as pages do
        let mut keys: Vec<(i64, i64)> = Vec::new();
        for scan in scans {
            let mut st = self.conn().prepare_cached(&scan.sql)?;
            let rows = st.query_map(params_from_iter(scan.args), |r| Ok((r.get(1)?, r.get(0)?)))?;
            for key in rows {
                keys.push(key?);
            }
        }
        // an actor's event between two of its codes comes from two scans
        keys.sort_unstable();
        keys.dedup();
        let next = (keys.len() > limit).then(|| {
            let (date, id) = keys[limit - 1];
            Cursor { date, id }
        });
        // the page's rows in one statement
        let page: Vec<i64> = keys.iter().take(limit).map(|&(_, id)| id).collect();
        let mut st = self.conn().prepare_cached(ROW_SELECT)?;
        let mut rows = st.query([id_list(&page)])?;
        let mut events = Vec::with_capacity(page.len());
        while let Some(r) = rows.next()? {
            events.push(row(r)?);
        }
        Ok(EventPage { events, next })
    }

    /// The index scans a page of `filter` is merged from, read along
    /// `driver`'s filter (not [`Driver::Text`]).
    fn arms(&self, filter: &EventFilter, driver: Driver) -> Result<Vec<Arm>, StoreError> {
        let arms = match driver {
            Driver::Ids => Some(vec![Arm {
                index: None,
                condition: "e.id IN (SELECT value FROM json_each(?1))".into(),
                args: vec![Value::Text(id_list(
                    filter.ids.as_deref().unwrap_or_default(),
                ))],
                driver,
            }]),
            Driver::Source => self.code_arms(filter.source.as_ref(), &["source"], driver)?,
            Driver::Target => self.code_arms(filter.target.as_ref(), &["target"], driver)?,
            Driver::Actor => {
                self.code_arms(filter.actor.as_ref(), &["source", "target"], driver)?
            }
            Driver::Root => {
                let root = filter.root.clone().unwrap_or_default();
                Some(vec![Arm::on("root_code", driver, Value::Text(root))])
            }
            Driver::Plover => {
                let mut st = self
                    .conn()
                    .prepare_cached("SELECT id FROM plovers WHERE category = ?1")?;
                let ids = st.query_map([filter.plover.as_deref().unwrap_or_default()], |r| {
                    r.get::<_, i64>(0)
                })?;
                let arms = ids
                    .map(|id| Ok(Arm::on("plover", driver, Value::Integer(id?))))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                (arms.len() <= MAX_SCANS).then_some(arms)
            }
            Driver::Date | Driver::Text => Some(vec![Arm::everything(Some("events_by_date"))]),
        };
        Ok(arms.unwrap_or_else(|| vec![Arm::everything(None)]))
    }

    /// One arm per code `filter` admits in each of `columns`, `None` when
    /// that is more than [`MAX_SCANS`] arms.
    fn code_arms(
        &self,
        filter: Option<&CodeFilter>,
        columns: &[&'static str],
        driver: Driver,
    ) -> Result<Option<Vec<Arm>>, StoreError> {
        let Some(filter) = filter else {
            return Ok(Some(Vec::new()));
        };
        let mut arms = Vec::new();
        for &column in columns {
            match filter {
                CodeFilter::Exact(code) => {
                    arms.push(Arm::on(column, driver, Value::Text(code.clone())))
                }
                CodeFilter::Prefix(prefix) => {
                    // the codes in the prefix's range, one index seek each
                    let seek = |op: &str| {
                        format!(
                            "SELECT {column} FROM events INDEXED BY events_by_{column} \
                             WHERE {column} {op} ?1 AND {column} < ?2 \
                             ORDER BY {column} LIMIT 1"
                        )
                    };
                    let end = prefix_end(prefix);
                    let mut code = self.first_code(&seek(">="), prefix, &end)?;
                    while let Some(found) = code {
                        if arms.len() >= MAX_SCANS {
                            return Ok(None);
                        }
                        code = self.first_code(&seek(">"), &found, &end)?;
                        arms.push(Arm::on(column, driver, Value::Text(found)));
                    }
                }
            }
        }
        Ok(Some(arms))
    }

    /// The first code of `sql`'s seek from `low` to below `end`.
    fn first_code(&self, sql: &str, low: &str, end: &str) -> Result<Option<String>, StoreError> {
        let mut st = self.conn().prepare_cached(sql)?;
        Ok(st.query_row([low, end], |r| r.get(0)).optional()?)
    }
}

impl Snapshot<'_> {
    /// The event with id `id`, if there is one, with its sentence, its
    /// document's title, outlet and date, and its evidence (the phrases
    /// and the dictionary lines that coded it).
    pub fn event(&self, id: i64) -> Result<Option<EventDetail>, StoreError> {
        let found = self
            .conn()
            .prepare_cached(
                "SELECT e.document, d.title, d.source, d.doc_date, d.date_source, \
                 substr(d.text, s.char_start + 1, s.char_end - s.char_start) \
                 FROM events e JOIN documents d ON d.id = e.document \
                 JOIN sentences s ON s.document = e.document \
                 AND s.sentence_index = e.sentence_index WHERE e.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .optional()?;
        let Some((document, title, outlet, doc_date, date_source, sentence)) = found else {
            return Ok(None);
        };
        let doc_date = Date::parse(&doc_date)
            .ok_or_else(|| StoreError::Damaged(format!("date '{doc_date}'")))?;
        let event = self
            .document_events(document)?
            .into_iter()
            .find(|e| e.id == id)
            .ok_or_else(|| {
                StoreError::Damaged(format!("event {id} is not among its document's"))
            })?;
        Ok(Some(EventDetail {
            event,
            sentence,
            title,
            outlet,
            doc_date,
            date_source,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_bad_ones_are_refused() {
        let c = Cursor {
            date: 20220600,
            id: 42,
        };
        assert_eq!(c.to_string(), "20220600.42");
        assert_eq!("20220600.42".parse(), Ok(c));
        for bad in [
            "",
            ".",
            "20220600",
            "20220600.",
            ".42",
            "2022060x.42",
            "20220600.-1",
            "20220600.4.2",
            "1.99999999999999999999",
        ] {
            assert_eq!(bad.parse::<Cursor>(), Err(()), "{bad:?}");
        }
    }

    #[test]
    fn a_period_ends_on_its_last_day_number() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(last_key(d("2022-06-19")), 20220619);
        assert_eq!(last_key(d("2022-06")), 20220699);
        assert_eq!(last_key(d("2022")), 20229999);
    }

    use crate::{
        content_hash, Evidence, NewDocument, NewEvent, NewSentence, Origin, Store, SCHEMA_VERSION,
    };

    /// A store of `n` one-sentence documents, the k-th dated 2022-01-(k % 28 + 1)
    /// and coded KAZ→RUS (even k, root 04) or RUSGOV→CHN (odd k, root 14).
    fn store(n: usize) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        for k in 0..n {
            let (source, target, root, word) = if k % 2 == 0 {
                ("KAZ", "RUS", "04", "consulted")
            } else {
                ("RUSGOV", "CHN", "14", "protested")
            };
            let text = format!("Officials {word} in Astana, report {k} said.");
            let id = format!("doc-{k}");
            let date = Date::from_ymd(2022, 1, u32::try_from(k % 28 + 1).unwrap()).unwrap();
            let doc = NewDocument {
                content_hash: content_hash(id.as_bytes()),
                name: "test",
                doc_id: &id,
                title: Some("A title"),
                url: None,
                source: None,
                doc_date: date,
                date_source: "document",
                text: &text,
            };
            let sentences = [NewSentence {
                index: 0,
                char_start: 0,
                char_end: text.chars().count(),
                issues: vec![],
            }];
            let origin = Origin {
                file: "verbs.txt".into(),
                line: 3,
            };
            let event = NewEvent {
                sentence_index: 0,
                source: source.into(),
                target: target.into(),
                code: format!("{root}0"),
                root_code: Some(root.into()),
                quad_class: Some(1),
                goldstein: Some(1.0),
                plover: None,
                date,
                date_evidence: "publication date".into(),
                evidence: Evidence::new("Officials", "", word, origin),
                location: None,
            };
            store.insert(&doc, &sentences, &[event]).unwrap();
        }
        store
    }

    fn ids(store: &Store, filter: &EventFilter) -> Vec<i64> {
        let snapshot = store.snapshot().unwrap();
        let mut filter = filter.clone();
        let mut out = Vec::new();
        loop {
            let page = snapshot.query_events(&filter).unwrap();
            assert!(page.events.len() <= filter.limit);
            out.extend(page.events.iter().map(|e| e.id));
            match page.next {
                Some(next) => filter.after = Some(next),
                None => return out,
            }
        }
    }

    #[test]
    fn pages_cover_every_match_once_in_date_order() {
        let store = store(61);
        let all = ids(
            &store,
            &EventFilter {
                limit: 1000,
                ..EventFilter::default()
            },
        );
        assert_eq!(all.len(), 61);
        for limit in [1, 7, 60, 61, 62] {
            let paged = ids(
                &store,
                &EventFilter {
                    limit,
                    ..EventFilter::default()
                },
            );
            assert_eq!(paged, all, "limit {limit}");
        }
        // date order: day 1 holds documents 0, 28, 56
        assert_eq!(&all[..3], &[1, 29, 57]);
        // a list of ids, in date order, unknown ones left out
        let listed = |list: Vec<i64>| {
            ids(
                &store,
                &EventFilter {
                    ids: Some(list),
                    limit: 1000,
                    ..EventFilter::default()
                },
            )
        };
        assert_eq!(listed(vec![57, 1, 29, 999, 1]), vec![1, 29, 57]);
        assert_eq!(listed(vec![]), Vec::<i64>::new());
    }

    #[test]
    fn filters_combine() {
        let store = store(40);
        let count = |f: EventFilter| ids(&store, &EventFilter { limit: 9, ..f }).len();
        let exact = |c: &str| Some(CodeFilter::Exact(c.into()));
        let prefix = |c: &str| Some(CodeFilter::Prefix(c.into()));
        let day = |s| Date::parse(s);
        assert_eq!(
            count(EventFilter {
                actor: exact("RUS"),
                ..Default::default()
            }),
            20
        );
        assert_eq!(
            count(EventFilter {
                actor: prefix("RUS"),
                ..Default::default()
            }),
            40
        );
        assert_eq!(
            count(EventFilter {
                source: prefix("RUS"),
                ..Default::default()
            }),
            20
        );
        assert_eq!(
            count(EventFilter {
                source: exact("RUS"),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            count(EventFilter {
                target: exact("CHN"),
                ..Default::default()
            }),
            20
        );
        assert_eq!(
            count(EventFilter {
                root: Some("14".into()),
                ..Default::default()
            }),
            20
        );
        // days 1-28 then 1-12 again: days 1..=5 hold documents 0-4 and 28-32
        assert_eq!(
            count(EventFilter {
                to: day("2022-01-05"),
                ..Default::default()
            }),
            10
        );
        assert_eq!(
            count(EventFilter {
                from: day("2022-01"),
                to: day("2022-01"),
                ..Default::default()
            }),
            40
        );
        assert_eq!(
            count(EventFilter {
                from: day("2022-02"),
                ..Default::default()
            }),
            0
        );
        let text = |q: &str| Some(crate::text_query(q).unwrap());
        assert_eq!(
            count(EventFilter {
                text: text("protested"),
                ..Default::default()
            }),
            20
        );
        assert_eq!(
            count(EventFilter {
                text: text("report 7"),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            count(EventFilter {
                text: text("astana prot*"),
                root: Some("14".into()),
                ..Default::default()
            }),
            20
        );
        assert_eq!(
            count(EventFilter {
                text: text("\"said report\""),
                ..Default::default()
            }),
            0
        );
    }

    /// The same filter read by pages and by brute force over a seeded
    /// random store: codes sharing prefixes, an actor on both sides, dates
    /// of every precision, PLOVER categories under several modes, words.
    #[test]
    fn pages_agree_with_brute_force() {
        const CODES: [&str; 7] = ["RUS", "RUSGOV", "RUSMIL", "KAZ", "KAZGOV", "CHN", "USA"];
        const WORDS: [&str; 5] = ["gas", "pipeline", "talks", "troops", "oil"];
        let mut rng = fastrand::Rng::with_seed(7);
        let mut store = Store::open_in_memory().unwrap();
        // id, date key, source, target, root, plover category, words
        type Row<'a> = (i64, i64, &'a str, &'a str, String, &'a str, Vec<&'a str>);
        let mut rows: Vec<Row> = Vec::new();
        for k in 0..400 {
            let source = CODES[rng.usize(..CODES.len())];
            let target = CODES[rng.usize(..CODES.len())];
            let root = format!("{:02}", rng.u32(1..=6));
            let category = ["AGREE", "PROTEST", "AID"][rng.usize(..3)];
            let mode = ["", "economic", "political"][rng.usize(..3)];
            let words: Vec<&str> = WORDS.iter().copied().filter(|_| rng.bool()).collect();
            let date = match rng.u8(..10) {
                0 => Date::from_year(2021 + rng.i32(0..2)),
                1 => Date::from_ym(2021 + rng.i32(0..2), rng.u32(1..=12)),
                _ => Date::from_ymd(2021 + rng.i32(0..2), rng.u32(1..=12), rng.u32(1..=28)),
            }
            .unwrap();
            let text = format!("Officials met {} in report {k}.", words.join(" "));
            let id = format!("doc-{k}");
            let doc = NewDocument {
                content_hash: content_hash(id.as_bytes()),
                name: "test",
                doc_id: &id,
                title: None,
                url: None,
                source: None,
                doc_date: date,
                date_source: "document",
                text: &text,
            };
            let sentences = [NewSentence {
                index: 0,
                char_start: 0,
                char_end: text.chars().count(),
                issues: vec![],
            }];
            let event = NewEvent {
                sentence_index: 0,
                source: source.into(),
                target: target.into(),
                code: format!("{root}0"),
                root_code: Some(root.clone()),
                quad_class: Some(1),
                goldstein: Some(1.0),
                plover: Some(Plover {
                    category: category.into(),
                    mode: mode.into(),
                    context: String::new(),
                }),
                date,
                date_evidence: "publication date".into(),
                evidence: Evidence::new(
                    "Officials",
                    "",
                    "met",
                    Origin {
                        file: "verbs.txt".into(),
                        line: 3,
                    },
                ),
                location: None,
            };
            store.insert(&doc, &sentences, &[event]).unwrap();
            rows.push((k + 1, date_key(date), source, target, root, category, words));
        }
        let codes = |f: &Option<CodeFilter>, code: &str| match f {
            None => true,
            Some(CodeFilter::Exact(c)) => code == c,
            Some(CodeFilter::Prefix(p)) => code.starts_with(p.as_str()),
        };
        let code_filter = |rng: &mut fastrand::Rng| match rng.u8(..4) {
            0 => None,
            1 => Some(CodeFilter::Prefix(
                ["RUS", "KAZ", "R", ""][rng.usize(..4)].into(),
            )),
            _ => Some(CodeFilter::Exact(CODES[rng.usize(..CODES.len())].into())),
        };
        for case in 0..300 {
            let f = EventFilter {
                actor: code_filter(&mut rng),
                source: if rng.bool() {
                    None
                } else {
                    code_filter(&mut rng)
                },
                target: if rng.bool() {
                    None
                } else {
                    code_filter(&mut rng)
                },
                root: rng.bool().then(|| format!("{:02}", rng.u32(1..=6))),
                plover: rng
                    .bool()
                    .then(|| ["AGREE", "PROTEST", "NONE"][rng.usize(..3)].into()),
                from: rng
                    .bool()
                    .then(|| Date::from_ym(2021, rng.u32(1..=12)).unwrap()),
                to: rng
                    .bool()
                    .then(|| Date::from_ymd(2022, rng.u32(1..=12), 15).unwrap()),
                text: rng
                    .bool()
                    .then(|| crate::text_query(WORDS[rng.usize(..WORDS.len())]).unwrap()),
                ids: (rng.u8(..5) == 0).then(|| (0..30).map(|_| rng.i64(1..420)).collect()),
                after: None,
                limit: rng.usize(1..25),
            };
            let word = f.text.as_deref().map(|q| q.trim_matches('"').to_string());
            let mut expected: Vec<(i64, i64)> = rows
                .iter()
                .filter(|(id, date, source, target, root, category, words)| {
                    (codes(&f.actor, source) || codes(&f.actor, target))
                        && codes(&f.source, source)
                        && codes(&f.target, target)
                        && f.root.as_deref().is_none_or(|r| r == root)
                        && f.plover.as_deref().is_none_or(|p| p == *category)
                        && f.from.is_none_or(|d| *date >= date_key(d))
                        && f.to.is_none_or(|d| *date <= last_key(d))
                        && word.as_deref().is_none_or(|w| words.contains(&w))
                        && f.ids.as_ref().is_none_or(|ids| ids.contains(id))
                })
                .map(|(id, date, ..)| (*date, *id))
                .collect();
            expected.sort_unstable();
            let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
            assert_eq!(ids(&store, &f), expected, "case {case}: {f:?}");
        }
    }

    #[test]
    fn an_event_comes_with_its_sentence_and_document() {
        let store = store(3);
        let snapshot = store.snapshot().unwrap();
        let detail = snapshot.event(2).unwrap().unwrap();
        assert_eq!(
            detail.sentence,
            "Officials protested in Astana, report 1 said."
        );
        assert_eq!(detail.title.as_deref(), Some("A title"));
        assert_eq!(detail.event.event.evidence.verb_text, "protested");
        assert_eq!(snapshot.event(4).unwrap(), None);
        let page = snapshot
            .query_events(&EventFilter {
                limit: 1,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            page.events[0].sentence,
            "Officials consulted in Astana, report 0 said."
        );
    }

    #[test]
    fn a_version_2_store_is_upgraded_on_open() {
        let dir = std::env::temp_dir().join(format!("faultline-upgrade-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v2.db");
        let _ = std::fs::remove_file(&path);
        {
            // an empty file store, then the rows of an in-memory one
            // copied in with what version 3 added taken out
            drop(Store::open(&path).unwrap());
            let mut copy = store(5);
            let conn = &mut copy.conn;
            conn.execute("ATTACH DATABASE ?1 AS f", [path.to_str().unwrap()])
                .unwrap();
            conn.execute_batch(
                "DROP TRIGGER f.event_text_insert; DROP TABLE f.event_text; \
                 DROP INDEX f.events_by_date; DROP INDEX f.events_by_source; \
                 DROP INDEX f.events_by_target; DROP INDEX f.events_by_root; \
                 DROP INDEX f.events_by_plover; \
                 INSERT INTO f.inputs SELECT * FROM inputs; \
                 INSERT INTO f.documents SELECT * FROM documents; \
                 INSERT INTO f.sentences SELECT * FROM sentences; \
                 INSERT INTO f.texts SELECT * FROM texts; \
                 INSERT INTO f.dict_files SELECT * FROM dict_files; \
                 INSERT INTO f.dict_lines SELECT * FROM dict_lines; \
                 INSERT INTO f.verbs SELECT * FROM verbs; \
                 INSERT INTO f.events SELECT * FROM events; \
                 UPDATE f.meta SET value = '2' WHERE key = 'schema_version'; DETACH f;",
            )
            .unwrap();
        }
        let store = Store::open_existing(&path).unwrap();
        let filter = EventFilter {
            text: crate::text_query("protested"),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(ids(&store, &filter), vec![2, 4]);
        let version: String = store
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION.to_string());
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_version_3_store_gets_page_keys_on_open() {
        let dir = std::env::temp_dir().join(format!("faultline-upgrade3-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("v3.db");
        let _ = std::fs::remove_file(&path);
        {
            // version 3 keyed the full-text index by event id
            let copy = store(5);
            copy.conn
                .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
                .unwrap();
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "INSERT INTO event_text (event_text) VALUES ('delete-all'); \
                 DROP TRIGGER event_text_insert; \
                 CREATE TRIGGER event_text_insert AFTER INSERT ON events BEGIN \
                 INSERT INTO event_text (rowid, sentence) VALUES (new.id, ''); END; \
                 INSERT INTO event_text (rowid, sentence) \
                 SELECT e.id, substr(d.text, s.char_start + 1, s.char_end - s.char_start) \
                 FROM events e JOIN sentences s ON s.document = e.document \
                 AND s.sentence_index = e.sentence_index JOIN documents d ON d.id = e.document; \
                 UPDATE meta SET value = '3' WHERE key = 'schema_version';",
            )
            .unwrap();
        }
        let mut store = Store::open_existing(&path).unwrap();
        let filter = EventFilter {
            text: crate::text_query("protested"),
            limit: 1,
            ..Default::default()
        };
        assert_eq!(ids(&store, &filter), vec![2, 4]);
        // and the trigger keeps new events searchable
        let text = "Officials protested again.";
        let doc = NewDocument {
            content_hash: content_hash(b"late"),
            name: "test",
            doc_id: "late",
            title: None,
            url: None,
            source: None,
            doc_date: Date::from_ymd(2021, 5, 1).unwrap(),
            date_source: "document",
            text,
        };
        let sentences = [NewSentence {
            index: 0,
            char_start: 0,
            char_end: text.chars().count(),
            issues: vec![],
        }];
        let mut event = store
            .snapshot()
            .unwrap()
            .document_events(2)
            .unwrap()
            .remove(0)
            .event;
        event.date = Date::from_ymd(2021, 5, 1).unwrap();
        store.insert(&doc, &sentences, &[event]).unwrap();
        assert_eq!(ids(&store, &filter), vec![6, 2, 4]);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
