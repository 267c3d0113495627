//! Compact event rows for analysis: what a time series or an index needs
//! of an event (its id, date, actors, CAMEO root code, quad class and
//! Goldstein score) and nothing of its evidence, read straight from the
//! typed columns of `events` without a join.
//!
//! A [`PointFilter`] narrows the rows by date and by actor-code prefix.
//! A prefix of plain ASCII (`RUS`, `IGOEUREEC`) is read as a range of the
//! `events_by_dyad` index (`source >= 'RUS' AND source < 'RUT'`), so a
//! dyad's rows are found without a scan of the table.

use faultline_core::Date;
use rusqlite::types::Value;
use rusqlite::Row;

use crate::schema::date_of_key;
use crate::{Snapshot, StoreError};

/// Which events [`Snapshot::event_points`] reads. The default reads all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointFilter {
    /// Events whose date, as written, sorts at or after this date: with
    /// `2022-06`, `2022-06` and `2022-06-01` onwards, not `2022`.
    pub from: Option<Date>,
    /// Events whose date sorts at or before this one, or falls within it:
    /// with `2022-06`, everything up to `2022-06-30`.
    pub to: Option<Date>,
    /// Source codes starting with this prefix (`RUS` takes `RUSGOV`).
    pub source: Option<String>,
    /// Target codes starting with this prefix.
    pub target: Option<String>,
    /// Events with either actor starting with this prefix.
    pub actor: Option<String>,
    /// Also the events the other way round: source matching `target` and
    /// target matching `source`.
    pub undirected: bool,
}

/// One event as [`Snapshot::event_points`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPoint {
    pub id: i64,
    pub date: Date,
    pub source: String,
    pub target: String,
    pub root_code: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
}

/// An [`EventPoint`] borrowed from the row being read, for visits over
/// many rows without an allocation per row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointRef<'r> {
    pub id: i64,
    pub date: Date,
    pub source: &'r str,
    pub target: &'r str,
    pub root_code: Option<&'r str>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f64>,
}

impl PointRef<'_> {
    pub fn to_owned(&self) -> EventPoint {
        EventPoint {
            id: self.id,
            date: self.date,
            source: self.source.to_string(),
            target: self.target.to_string(),
            root_code: self.root_code.map(str::to_string),
            quad_class: self.quad_class,
            goldstein: self.goldstein,
        }
    }
}

impl Snapshot<'_> {
    /// The events `filter` selects, in row-id order.
    pub fn event_points(&self, filter: &PointFilter) -> Result<Vec<EventPoint>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event_point(filter, |p| {
            out.push(p.to_owned());
            Ok::<(), StoreError>(())
        })?;
        Ok(out)
    }

    /// Visits the events `filter` selects, in row-id order. The first
    /// error `visit` returns stops the walk and is returned.
    pub fn for_each_event_point<E: From<StoreError>>(
        &self,
        filter: &PointFilter,
        mut visit: impl FnMut(PointRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (sql, params) = point_query(filter);
        let mut st = self.conn().prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = st
            .query(rusqlite::params_from_iter(params))
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            visit(read_point(r)?)?;
        }
        Ok(())
    }
}

fn read_point<'r>(r: &'r Row<'_>) -> Result<PointRef<'r>, StoreError> {
    let quad: Option<i64> = r.get(5)?;
    Ok(PointRef {
        id: r.get(0)?,
        date: date_of_key(r.get(1)?)?,
        source: r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?,
        target: r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?,
        root_code: r
            .get_ref(4)?
            .as_str_or_null()
            .map_err(rusqlite::Error::from)?,
        quad_class: match quad {
            None => None,
            Some(q) => Some(u8::try_from(q).map_err(|_| {
                StoreError::Damaged(format!("quad class {q} of an event is out of range"))
            })?),
        },
        goldstein: r.get(6)?,
    })
}

/// The SQL and parameters of a filter.
fn point_query(f: &PointFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(
        "SELECT id, date, source, target, root_code, quad_class, goldstein FROM events",
    );
    let mut params: Vec<Value> = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    if let Some(from) = f.from {
        params.push(Value::Integer(first_key(from)));
        conds.push(format!("date >= ?{}", params.len()));
    }
    if let Some(to) = f.to {
        params.push(Value::Integer(last_key(to)));
        conds.push(format!("date <= ?{}", params.len()));
    }
    if let Some(a) = &f.actor {
        let s = prefix_condition("source", a, &mut params);
        let t = prefix_condition("target", a, &mut params);
        conds.push(format!("({s} OR {t})"));
    }
    let src = f.source.as_deref();
    let tgt = f.target.as_deref();
    if src.is_some() || tgt.is_some() {
        let one_way = |s: Option<&str>, t: Option<&str>, params: &mut Vec<Value>| {
            let mut c: Vec<String> = Vec::new();
            if let Some(s) = s {
                c.push(prefix_condition("source", s, params));
            }
            if let Some(t) = t {
                c.push(prefix_condition("target", t, params));
            }
            format!("({})", c.join(" AND "))
        };
        let forward = one_way(src, tgt, &mut params);
        if f.undirected {
            let back = one_way(tgt, src, &mut params);
            conds.push(format!("({forward} OR {back})"));
        } else {
            conds.push(forward);
        }
    }
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(" ORDER BY id");
    (sql, params)
}

/// `column` starts with `prefix`: a range SQLite reads from an index when
/// the prefix is ASCII, a comparison of the first characters otherwise.
fn prefix_condition(column: &str, prefix: &str, params: &mut Vec<Value>) -> String {
    let b = prefix.as_bytes();
    match b.last() {
        None => "1".to_string(),
        Some(&last) if prefix.is_ascii() && last < 0x7f => {
            let mut upper = b.to_vec();
            if let Some(l) = upper.last_mut() {
                *l = last + 1;
            }
            params.push(Value::Text(prefix.to_string()));
            params.push(Value::Text(String::from_utf8_lossy(&upper).into_owned()));
            let n = params.len();
            format!("({column} >= ?{} AND {column} < ?{n})", n - 1)
        }
        Some(_) => {
            params.push(Value::Text(prefix.to_string()));
            let n = params.len();
            format!("substr({column}, 1, {}) = ?{n}", prefix.chars().count())
        }
    }
}

/// The smallest stored date key at or after the start of `d`.
fn first_key(d: Date) -> i64 {
    crate::schema::date_key(d)
}

/// The largest stored date key `d` covers: its day, or `99` for the
/// month or day not known, so that every date within it is taken.
fn last_key(d: Date) -> i64 {
    let y = i64::from(d.year()) * 10_000;
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => y + i64::from(m) * 100 + i64::from(day),
        (Some(m), None) => y + i64::from(m) * 100 + 99,
        _ => y + 9999,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_prefixes_are_index_ranges() {
        let mut p = Vec::new();
        assert_eq!(
            prefix_condition("source", "RUS", &mut p),
            "(source >= ?1 AND source < ?2)"
        );
        assert_eq!(
            p,
            vec![Value::Text("RUS".into()), Value::Text("RUT".into())]
        );
        let mut p = Vec::new();
        assert_eq!(
            prefix_condition("target", "É", &mut p),
            "substr(target, 1, 1) = ?1"
        );
        assert_eq!(prefix_condition("target", "", &mut p), "1");
    }

    #[test]
    fn date_bounds_cover_what_they_name() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(first_key(d("2022-06")), 20220600);
        assert_eq!(last_key(d("2022-06")), 20220699);
        assert_eq!(last_key(d("2022")), 20229999);
        assert_eq!(last_key(d("2022-06-15")), 20220615);
    }

    #[test]
    fn undirected_filters_match_both_ways() {
        let f = PointFilter {
            source: Some("KAZ".into()),
            target: Some("RUS".into()),
            undirected: true,
            ..PointFilter::default()
        };
        let (sql, params) = point_query(&f);
        assert!(sql.contains(" OR "), "{sql}");
        assert_eq!(params.len(), 8);
    }

    fn store_with(events: &[(&str, &str, &str, i64)]) -> crate::Store {
        use crate::*;
        let mut store = Store::open_in_memory().unwrap();
        for (i, (source, target, date, quad)) in events.iter().enumerate() {
            let id = format!("D{i}");
            let text = "A met B.";
            let doc = NewDocument {
                content_hash: content_hash(id.as_bytes()),
                name: "test",
                doc_id: &id,
                title: None,
                url: None,
                source: None,
                doc_date: Date::parse("2022-06-19").unwrap(),
                date_source: "document",
                text,
            };
            let sentences = [NewSentence {
                index: 0,
                char_start: 0,
                char_end: 8,
                issues: vec![],
            }];
            let origin = Origin {
                file: "verbs.txt".into(),
                line: 1,
            };
            let event = NewEvent {
                sentence_index: 0,
                source: (*source).into(),
                target: (*target).into(),
                code: "040".into(),
                root_code: Some("04".into()),
                quad_class: Some(*quad as u8),
                goldstein: Some(1.0),
                plover: None,
                date: Date::parse(date).unwrap(),
                date_evidence: "publication date".into(),
                evidence: Evidence::new("A", "B", "met", origin),
                location: None,
            };
            store.insert(&doc, &sentences, &[event]).unwrap();
        }
        store
    }

    #[test]
    fn filters_select_by_prefix_direction_and_date() {
        let store = store_with(&[
            ("KAZGOV", "RUS", "2022-05-03", 1),
            ("RUSMIL", "KAZ", "2022-06", 4),
            ("KAZ", "CHN", "2022-06-30", 2),
            ("USA", "RUSGOV", "2022", 3),
            ("KAZ", "RUS", "2022-07-01", 1),
        ]);
        let snap = store.snapshot().unwrap();
        let ids = |f: PointFilter| -> Vec<i64> {
            snap.event_points(&f)
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids(PointFilter::default()), vec![1, 2, 3, 4, 5]);
        let kaz_rus = PointFilter {
            source: Some("KAZ".into()),
            target: Some("RUS".into()),
            ..PointFilter::default()
        };
        assert_eq!(ids(kaz_rus.clone()), vec![1, 5]);
        let both = PointFilter {
            undirected: true,
            ..kaz_rus.clone()
        };
        assert_eq!(ids(both.clone()), vec![1, 2, 5]);
        let june = PointFilter {
            from: Date::parse("2022-06"),
            to: Date::parse("2022-06"),
            ..both
        };
        assert_eq!(ids(june), vec![2]);
        let rus = PointFilter {
            actor: Some("RUS".into()),
            to: Date::parse("2022-06-30"),
            ..PointFilter::default()
        };
        assert_eq!(ids(rus), vec![1, 2, 4]);
        let p = &snap.event_points(&kaz_rus).unwrap()[0];
        assert_eq!(
            (
                p.source.as_str(),
                p.date.to_string(),
                p.quad_class,
                p.root_code.as_deref()
            ),
            ("KAZGOV", "2022-05-03".to_string(), Some(1), Some("04"))
        );
    }
}
