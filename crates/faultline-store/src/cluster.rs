//! Groups events that report the same happening across documents.
//!
//! Two events can be the same happening when they have the same source,
//! the same target, the same CAMEO root code and compatible dates (see
//! [`Date::compatible`]). Compatibility is not transitive (the 1st is
//! compatible with the 2nd and the 2nd with the 3rd, but not the 1st with
//! the 3rd), so clusters are anchored rather than chained:
//!
//! 1. Day-precision events of one (source, target, root) group are sorted
//!    by date; the earliest one not yet placed opens a cluster, which takes
//!    every event dated that day or the next.
//! 2. Month- and year-precision events are then placed, months before
//!    years, each in the earliest cluster of its group whose days it
//!    overlaps; one that overlaps none opens a cluster of its own.
//!
//! The result depends only on the events, never on the order they are
//! read or stored in: a cluster's id is the smallest id among its events.
//!
//! ## Kept at insert time
//!
//! Each event's `cluster_id` is set in the transaction that stores it,
//! before it is written ([`assign`]), without reading more than the years
//! of the group that the new events can change:
//!
//! - An event dated exactly as an event already stored in its group (same
//!   day, same month or same year) joins that event's cluster: the days of
//!   the group, and so every anchor and every placement, stay as they were.
//! - Otherwise the group's clusters are computed again over the calendar
//!   years of the new dates, widened to the next or previous year while a
//!   run of consecutive days crosses New Year (one indexed range query). Nothing outside those years
//!   can overlap them (a month or a year lies within its year; a day
//!   cluster lies within its run of days), so the result is the one the
//!   whole group would give.

use std::collections::{BTreeMap, BTreeSet};

use faultline_core::{Date, Precision};
use rusqlite::{params, Connection, OptionalExtension};

use crate::schema::{date_key, date_of_key};
use crate::StoreError;

/// Events that report the same happening.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// The smallest event id in the cluster.
    pub id: i64,
    pub source: String,
    pub target: String,
    /// Two-digit CAMEO root code shared by the events (`None` when their
    /// code has no root).
    pub root_code: Option<String>,
    /// The earliest date of the cluster: its first day-precision event,
    /// else its finest month or year.
    pub first_date: Date,
    /// Number of events.
    pub mentions: usize,
    /// Number of distinct outlets among the events' documents.
    pub sources: usize,
    /// Number of distinct documents.
    pub articles: usize,
    /// Event ids, ascending.
    pub events: Vec<i64>,
}

/// The counts of an event's cluster, as GDELT rows give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterCounts {
    pub mentions: usize,
    pub sources: usize,
    pub articles: usize,
}

/// One event of a (source, target, root) group, as clustering sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dated {
    pub id: i64,
    pub date: Date,
}

struct Open {
    /// Span of days covered by the members that opened it.
    lo: i64,
    hi: i64,
    /// Smallest member id so far.
    id: i64,
    /// Indexes of the members.
    members: Vec<usize>,
}

/// The cluster id of each of `events`, all of one (source, target, root)
/// group, in the order given.
pub(crate) fn assign_group(events: &[Dated]) -> Vec<i64> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| {
        let d = &events[i].date;
        (d.precision(), d.first_day(), events[i].id)
    });
    let mut open: Vec<Open> = Vec::new();
    for i in order {
        let Dated { id, date: d } = events[i];
        let target = if d.precision() == Precision::Day {
            // Sorted by day: only the newest cluster can still take it,
            // if it was opened the day before at the earliest.
            open.last()
                .filter(|c| d.first_day() <= c.lo + 1)
                .map(|_| open.len() - 1)
        } else {
            // The earliest cluster whose days the month or year overlaps
            // (its span stays that of the members that opened it).
            open.iter()
                .enumerate()
                .filter(|(_, c)| d.first_day() <= c.hi && c.lo <= d.last_day())
                .min_by_key(|(_, c)| c.lo)
                .map(|(k, _)| k)
        };
        match target {
            Some(k) => {
                let c = &mut open[k];
                if d.precision() == Precision::Day {
                    c.hi = c.hi.max(d.last_day());
                }
                c.id = c.id.min(id);
                c.members.push(i);
            }
            None => open.push(Open {
                lo: d.first_day(),
                hi: d.last_day(),
                id,
                members: vec![i],
            }),
        }
    }
    let mut out = vec![0; events.len()];
    for c in open {
        for i in c.members {
            out[i] = c.id;
        }
    }
    out
}

/// The outlet of a document, for counting distinct sources: its `source`
/// field if given, else the host of its URL (lower case, without `www.`),
/// else the name it was read from.
pub(crate) fn outlet(source: Option<&str>, url: Option<&str>, name: &str) -> String {
    if let Some(s) = source.map(str::trim).filter(|s| !s.is_empty()) {
        return s.to_string();
    }
    if let Some(host) = url.and_then(url_host) {
        return host;
    }
    name.to_string()
}

fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

/// One event of a cluster being summed up.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: i64,
    pub document: i64,
    pub source: String,
    pub target: String,
    pub root_code: Option<String>,
    pub date: Date,
    /// Who published the document: see [`outlet`].
    pub outlet: String,
}

/// Sums up the events of one cluster, given one at a time.
#[derive(Debug)]
pub(crate) struct Summary {
    head: Member,
    /// The finest dates: earliest day, month and year among the members.
    first: [Option<Date>; 3],
    events: Vec<i64>,
    documents: BTreeSet<i64>,
    outlets: BTreeSet<String>,
}

impl Summary {
    pub fn new(first: Member) -> Summary {
        let mut s = Summary {
            first: [None; 3],
            events: Vec::new(),
            documents: BTreeSet::new(),
            outlets: BTreeSet::new(),
            head: first.clone(),
        };
        s.add(first);
        s
    }

    pub fn add(&mut self, m: Member) {
        let slot = &mut self.first[m.date.precision() as usize];
        if slot.is_none_or(|d| m.date.first_day() < d.first_day()) {
            *slot = Some(m.date);
        }
        self.events.push(m.id);
        self.documents.insert(m.document);
        self.outlets.insert(m.outlet);
    }

    pub fn finish(self) -> Cluster {
        let mut events = self.events;
        events.sort_unstable();
        let head = self.head;
        Cluster {
            // (a summary starts with a member)
            id: events.first().copied().unwrap_or(head.id),
            source: head.source,
            target: head.target,
            root_code: head.root_code,
            first_date: self.first.into_iter().flatten().next().unwrap_or(head.date),
            mentions: events.len(),
            sources: self.outlets.len(),
            articles: self.documents.len(),
            events,
        }
    }
}

/// An event about to be stored, with the id it will have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewMember<'a> {
    pub id: i64,
    pub source: &'a str,
    pub target: &'a str,
    pub root_code: Option<&'a str>,
    pub date: Date,
}

type Group<'a> = (&'a str, &'a str, Option<&'a str>);

/// What [`recluster`] did: the first and last years it computed, and the
/// index and cluster id of each new event in them.
type Reclustered = (i32, i32, Vec<(usize, i64)>);

/// The cluster ids of the events `new`, about to be stored, in order;
/// changes the `cluster_id` of stored events whose cluster they change.
/// See the module documentation.
pub(crate) fn assign(conn: &Connection, new: &[NewMember<'_>]) -> Result<Vec<i64>, StoreError> {
    let mut out: Vec<i64> = new.iter().map(|m| m.id).collect();
    let mut groups: BTreeMap<Group<'_>, Vec<usize>> = BTreeMap::new();
    for (i, m) in new.iter().enumerate() {
        groups
            .entry((m.source, m.target, m.root_code))
            .or_default()
            .push(i);
    }
    for (group, members) in groups {
        let mut joins = Vec::new();
        let mut years = BTreeSet::new();
        for &i in &members {
            match same_date_cluster(conn, group, new[i].date)? {
                Some(cluster) => joins.push((i, cluster)),
                None => {
                    years.insert(new[i].date.year());
                }
            }
        }
        let dated: Vec<Dated> = members
            .iter()
            .map(|&i| Dated {
                id: new[i].id,
                date: new[i].date,
            })
            .collect();
        let mut done = BTreeSet::new();
        for (first, last) in ranges(&years) {
            if (first..=last).all(|y| done.contains(&y)) {
                continue;
            }
            let (first, last, clusters) = recluster(conn, group, first, last, &dated)?;
            done.extend(first..=last);
            for (k, cluster) in clusters {
                out[members[k]] = cluster;
            }
        }
        for (i, cluster) in joins {
            if done.contains(&new[i].date.year()) {
                continue;
            }
            let id = new[i].id;
            if id < cluster {
                // the new event is the cluster's smallest: the cluster
                // takes its id
                conn.prepare_cached(
                    "UPDATE events SET cluster_id = ?1 WHERE source = ?2 AND target = ?3 \
                     AND root_code IS ?4 AND cluster_id = ?5",
                )?
                .execute(params![id, group.0, group.1, group.2, cluster])?;
            }
            out[i] = id.min(cluster);
        }
    }
    Ok(out)
}

/// The cluster of a stored event of `group` dated exactly `date`.
fn same_date_cluster(
    conn: &Connection,
    (source, target, root): Group<'_>,
    date: Date,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT cluster_id FROM events WHERE source = ?1 AND target = ?2 \
             AND root_code IS ?3 AND date = ?4 LIMIT 1",
        )?
        .query_row(params![source, target, root, date_key(date)], |r| r.get(0))
        .optional()?)
}

/// Runs of consecutive years, as (first, last).
fn ranges(years: &BTreeSet<i32>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == y => *last = y,
            _ => out.push((y, y)),
        }
    }
    out
}

/// Computes the clusters of `group` over the years `first..=last` again,
/// stored events and the events `new` of the group about to be stored,
/// widened to the year before or after while a run of consecutive days
/// crosses New Year. Stores every changed cluster id of a stored event;
/// returns the years computed and, for each of `new` in them, its index
/// and cluster id.
fn recluster(
    conn: &Connection,
    (source, target, root): Group<'_>,
    mut first: i32,
    mut last: i32,
    new: &[Dated],
) -> Result<Reclustered, StoreError> {
    let mut st = conn.prepare_cached(
        "SELECT id, date, cluster_id FROM events WHERE source = ?1 AND target = ?2 \
         AND root_code IS ?3 AND date >= ?4 AND date <= ?5",
    )?;
    loop {
        // the years' dates, with the last day before and the first after
        let from = match first {
            0 => 0,
            _ => i64::from(first - 1) * 10_000 + 1231,
        };
        let to = i64::from(last + 1) * 10_000 + 101;
        let mut rows = st.query(params![source, target, root, from, to])?;
        // stored events with their cluster, then the new ones without
        let mut events = Vec::new();
        let mut stored = Vec::new();
        while let Some(r) = rows.next()? {
            events.push(Dated {
                id: r.get(0)?,
                date: date_of_key(r.get(1)?)?,
            });
            stored.push(r.get::<_, i64>(2)?);
        }
        let old = events.len();
        events.extend(
            new.iter()
                .filter(|e| (from..=to).contains(&date_key(e.date))),
        );
        let has = |y: i32, m: u32, d: u32| {
            let day = Date::from_ymd(y, m, d);
            events.iter().any(|e| Some(e.date) == day)
        };
        if has(first - 1, 12, 31) && has(first, 1, 1) {
            first -= 1;
            continue;
        }
        if has(last, 12, 31) && has(last + 1, 1, 1) {
            last += 1;
            continue;
        }
        let inside: Vec<usize> = (0..events.len())
            .filter(|&i| (first..=last).contains(&events[i].date.year()))
            .collect();
        let group: Vec<Dated> = inside.iter().map(|&i| events[i]).collect();
        let mut update = conn.prepare_cached("UPDATE events SET cluster_id = ?1 WHERE id = ?2")?;
        let mut assigned = Vec::new();
        for (&i, cluster) in inside.iter().zip(assign_group(&group)) {
            if i < old {
                if stored[i] != cluster {
                    update.execute(params![cluster, events[i].id])?;
                }
            } else if let Some(k) = new.iter().position(|e| e.id == events[i].id) {
                assigned.push((k, cluster));
            }
        }
        return Ok((first, last, assigned));
    }
}

/// Clusters `members` at once: grouped, assigned, summed up; sorted by
/// id.
#[cfg(test)]
pub(crate) fn cluster(members: Vec<Member>) -> Vec<Cluster> {
    let mut groups: BTreeMap<(String, String, Option<String>), Vec<Member>> = BTreeMap::new();
    for m in members {
        let key = (m.source.clone(), m.target.clone(), m.root_code.clone());
        groups.entry(key).or_default().push(m);
    }
    let mut clusters: BTreeMap<i64, Summary> = BTreeMap::new();
    for group in groups.into_values() {
        let dated: Vec<Dated> = group
            .iter()
            .map(|m| Dated {
                id: m.id,
                date: m.date,
            })
            .collect();
        for (m, id) in group.into_iter().zip(assign_group(&dated)) {
            match clusters.get_mut(&id) {
                Some(s) => s.add(m),
                None => {
                    clusters.insert(id, Summary::new(m));
                }
            }
        }
    }
    clusters.into_values().map(Summary::finish).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: i64, doc: i64, dyad: &str, root: &str, date: &str) -> Member {
        let (s, t) = dyad.split_once('>').unwrap();
        Member {
            id,
            document: doc,
            source: s.into(),
            target: t.into(),
            root_code: Some(root.into()),
            date: Date::parse(date).unwrap(),
            outlet: format!("outlet{}", doc % 2),
        }
    }

    fn ids(cs: &[Cluster]) -> Vec<Vec<i64>> {
        cs.iter().map(|c| c.events.clone()).collect()
    }

    #[test]
    fn grouping_rules() {
        struct Case {
            name: &'static str,
            events: Vec<Member>,
            want: Vec<Vec<i64>>,
        }
        let cases = [
            Case {
                name: "same dyad, root and day",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-06-19"),
                    m(2, 2, "FRA>DEU", "11", "2022-06-19"),
                ],
                want: vec![vec![1, 2]],
            },
            Case {
                name: "a day apart joins, two days apart does not",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-06-19"),
                    m(2, 2, "FRA>DEU", "11", "2022-06-20"),
                    m(3, 3, "FRA>DEU", "11", "2022-06-21"),
                ],
                want: vec![vec![1, 2], vec![3]],
            },
            Case {
                name: "no chaining: anchored on the first day",
                events: vec![
                    m(3, 3, "FRA>DEU", "11", "2022-06-21"),
                    m(2, 2, "FRA>DEU", "11", "2022-06-20"),
                    m(1, 1, "FRA>DEU", "11", "2022-06-19"),
                    m(4, 4, "FRA>DEU", "11", "2022-06-22"),
                ],
                want: vec![vec![1, 2], vec![3, 4]],
            },
            Case {
                name: "direction, root and actors separate",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-06-19"),
                    m(2, 2, "DEU>FRA", "11", "2022-06-19"),
                    m(3, 3, "FRA>DEU", "04", "2022-06-19"),
                    m(4, 4, "FRA>GBR", "11", "2022-06-19"),
                ],
                want: vec![vec![1], vec![2], vec![3], vec![4]],
            },
            Case {
                name: "a month joins a day inside it",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-06-30"),
                    m(2, 2, "FRA>DEU", "11", "2022-06"),
                ],
                want: vec![vec![1, 2]],
            },
            Case {
                name: "a month does not join a day outside it",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-07-01"),
                    m(2, 2, "FRA>DEU", "11", "2022-06"),
                ],
                want: vec![vec![1], vec![2]],
            },
            Case {
                name: "a month joins the earliest of several days inside it",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022-06-20"),
                    m(2, 2, "FRA>DEU", "11", "2022-06-05"),
                    m(3, 3, "FRA>DEU", "11", "2022-06"),
                ],
                want: vec![vec![1], vec![2, 3]],
            },
            Case {
                name: "months and years without days",
                events: vec![
                    m(1, 1, "FRA>DEU", "11", "2022"),
                    m(2, 2, "FRA>DEU", "11", "2022-05"),
                    m(3, 3, "FRA>DEU", "11", "2022-05"),
                    m(4, 4, "FRA>DEU", "11", "2022-07"),
                    m(5, 5, "FRA>DEU", "11", "2021"),
                ],
                want: vec![vec![1, 2, 3], vec![4], vec![5]],
            },
        ];
        for case in cases {
            let got = cluster(case.events.clone());
            assert_eq!(ids(&got), case.want, "{}", case.name);
            let mut reversed = case.events;
            reversed.reverse();
            assert_eq!(
                ids(&cluster(reversed)),
                case.want,
                "{} (reversed)",
                case.name
            );
        }
    }

    #[test]
    fn counts_and_first_date() {
        let got = cluster(vec![
            m(7, 1, "FRA>DEU", "11", "2022-06"),
            m(5, 1, "FRA>DEU", "11", "2022-06-20"),
            m(6, 2, "FRA>DEU", "11", "2022-06-19"),
            m(8, 4, "FRA>DEU", "11", "2022-06-20"),
        ]);
        assert_eq!(got.len(), 1);
        let c = &got[0];
        assert_eq!(c.id, 5);
        assert_eq!(c.first_date.to_string(), "2022-06-19");
        assert_eq!((c.mentions, c.articles, c.sources), (4, 3, 2));
        assert_eq!(c.events, vec![5, 6, 7, 8]);
    }

    #[test]
    fn outlets() {
        let cases = [
            (Some("Reuters"), Some("https://x.org/a"), "f", "Reuters"),
            (
                Some("  "),
                Some("https://WWW.Example.com:443/a?b"),
                "f",
                "example.com",
            ),
            (
                None,
                Some("http://user@news.example.org"),
                "f",
                "news.example.org",
            ),
            (None, Some("example.net/path"), "f", "example.net"),
            (None, Some("://"), "f.jsonl", "f.jsonl"),
            (None, None, "f.jsonl", "f.jsonl"),
        ];
        for (source, url, name, want) in cases {
            assert_eq!(outlet(source, url, name), want, "{source:?} {url:?}");
        }
    }

    #[test]
    fn year_ranges() {
        let years: BTreeSet<i32> = [2019, 2021, 2022, 2023, 2025].into();
        assert_eq!(ranges(&years), [(2019, 2019), (2021, 2023), (2025, 2025)]);
    }
}
