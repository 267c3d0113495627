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
//! read in: a cluster's id is the smallest id among its events.

use std::collections::BTreeSet;

use faultline_core::{Date, Precision};

/// One event as clustering sees it.
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

struct Open {
    first: Date,
    /// Span of days covered by the members so far.
    lo: i64,
    hi: i64,
    members: Vec<Member>,
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

/// Clusters `members`; clusters come out sorted by id.
pub(crate) fn cluster(mut members: Vec<Member>) -> Vec<Cluster> {
    members.sort_by(|a, b| {
        (&a.source, &a.target, &a.root_code)
            .cmp(&(&b.source, &b.target, &b.root_code))
            .then(a.date.precision().cmp(&b.date.precision()))
            .then(a.date.first_day().cmp(&b.date.first_day()))
            .then(a.id.cmp(&b.id))
    });
    let mut out = Vec::new();
    let mut rest = members.as_slice();
    while let Some(head) = rest.first() {
        let n = rest
            .iter()
            .take_while(|m| {
                m.source == head.source && m.target == head.target && m.root_code == head.root_code
            })
            .count();
        let (group, tail) = rest.split_at(n);
        out.extend(cluster_group(group));
        rest = tail;
    }
    out.sort_by_key(|c| c.id);
    out
}

/// One (source, target, root) group, sorted by precision, first day, id.
fn cluster_group(group: &[Member]) -> Vec<Cluster> {
    let mut open: Vec<Open> = Vec::new();
    for m in group {
        let d = &m.date;
        if d.precision() == Precision::Day {
            // Sorted by day: only the newest cluster can still take it.
            match open.last_mut() {
                Some(c) if d.first_day() <= c.first.first_day() + 1 => {
                    c.hi = c.hi.max(d.last_day());
                    c.members.push(m.clone());
                }
                _ => open.push(Open {
                    first: *d,
                    lo: d.first_day(),
                    hi: d.last_day(),
                    members: vec![m.clone()],
                }),
            }
        } else {
            // The earliest cluster whose days the month or year overlaps
            // (its span stays that of the members that opened it).
            match open
                .iter_mut()
                .filter(|c| d.first_day() <= c.hi && c.lo <= d.last_day())
                .min_by_key(|c| c.lo)
            {
                Some(c) => c.members.push(m.clone()),
                None => open.push(Open {
                    first: *d,
                    lo: d.first_day(),
                    hi: d.last_day(),
                    members: vec![m.clone()],
                }),
            }
        }
    }
    open.into_iter().map(finish).collect()
}

fn finish(c: Open) -> Cluster {
    let mut events: Vec<i64> = c.members.iter().map(|m| m.id).collect();
    events.sort_unstable();
    let documents: BTreeSet<i64> = c.members.iter().map(|m| m.document).collect();
    let outlets: BTreeSet<&str> = c.members.iter().map(|m| m.outlet.as_str()).collect();
    let head = &c.members[0];
    Cluster {
        id: events[0],
        source: head.source.clone(),
        target: head.target.clone(),
        root_code: head.root_code.clone(),
        first_date: c.first,
        mentions: c.members.len(),
        sources: outlets.len(),
        articles: documents.len(),
        events,
    }
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
}
