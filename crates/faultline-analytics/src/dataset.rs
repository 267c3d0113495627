//! The events held for analysis, indexed once: parties interned, events
//! sorted by date, each unordered pair of parties with the list of its
//! events, and each month's directed dyad totals. Queries read these
//! indexes and never the whole table.

use std::collections::{BTreeMap, HashMap};

use faultline_core::Date;
use faultline_store::{EventPoint, PointRef};
use serde::Serialize;

use crate::party::{party, PartyKind, Side};
use crate::period::{month_index, Interval, Period};
use crate::AnalyticsError;

/// At most this many periods in one series (a daily series of 137 years).
pub const MAX_PERIODS: i64 = 50_000;

/// One event as held: 32 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ev {
    pub id: i64,
    /// [`month_index`] of its date.
    pub month: i32,
    /// Days since 1970-01-01, `i32::MIN` when only the month is known.
    pub day: i32,
    pub src: u32,
    pub tgt: u32,
    /// Goldstein score, NaN when the event has none.
    pub goldstein: f32,
    /// Quad class 1–4, 0 when unknown.
    pub quad: u8,
}

impl Ev {
    pub fn day(&self) -> Option<i64> {
        (self.day != i32::MIN).then_some(i64::from(self.day))
    }

    pub fn period(&self, interval: Interval) -> Option<Period> {
        match interval {
            Interval::Month => Some(Period {
                interval,
                index: i64::from(self.month),
            }),
            _ => self.day().map(|d| Period::of_day(interval, d)),
        }
    }
}

/// Totals of a set of events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub count: u32,
    /// Counts by quad class: verbal cooperation, material cooperation,
    /// verbal conflict, material conflict.
    pub quad: [u32; 4],
    /// Sum of the Goldstein scores of the events that have one.
    pub goldstein_sum: f64,
    /// How many events have a Goldstein score.
    pub scored: u32,
}

impl Totals {
    pub(crate) fn add(&mut self, e: &Ev) {
        self.count += 1;
        if (1..=4).contains(&e.quad) {
            self.quad[usize::from(e.quad - 1)] += 1;
        }
        if !e.goldstein.is_nan() {
            self.goldstein_sum += f64::from(e.goldstein);
            self.scored += 1;
        }
    }

    pub(crate) fn merge(&mut self, o: &Totals) {
        self.count += o.count;
        for (a, b) in self.quad.iter_mut().zip(o.quad) {
            *a += b;
        }
        self.goldstein_sum += o.goldstein_sum;
        self.scored += o.scored;
    }

    /// Mean Goldstein score of the scored events.
    pub fn goldstein_mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.goldstein_sum / f64::from(self.scored))
    }

    /// (Q1 + Q2) − (Q3 + Q4).
    pub fn net_cooperation(&self) -> i64 {
        i64::from(self.quad[0]) + i64::from(self.quad[1])
            - i64::from(self.quad[2])
            - i64::from(self.quad[3])
    }
}

/// What went into a [`Dataset`] and what was left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Events held.
    pub events: u64,
    /// Events left out because they are dated only to the year.
    pub year_only: u64,
    /// Events left out because an actor has no known country (`---`).
    pub no_party: u64,
}

/// Collects event rows into a [`Dataset`].
#[derive(Debug, Default)]
pub struct DatasetBuilder {
    parties: Vec<String>,
    ids: HashMap<String, u32>,
    events: Vec<Ev>,
    coverage: Coverage,
}

impl DatasetBuilder {
    pub fn new() -> DatasetBuilder {
        DatasetBuilder::default()
    }

    /// Adds a row as the store reads it ([`faultline_store::Snapshot::for_each_event_point`]).
    pub fn push(&mut self, p: &PointRef<'_>) {
        self.push_parts(p.id, p.date, p.source, p.target, p.quad_class, p.goldstein);
    }

    /// Adds an owned row ([`faultline_store::Snapshot::event_points`]).
    pub fn push_point(&mut self, p: &EventPoint) {
        self.push_parts(
            p.id,
            p.date,
            &p.source,
            &p.target,
            p.quad_class,
            p.goldstein,
        );
    }

    fn push_parts(
        &mut self,
        id: i64,
        date: Date,
        source: &str,
        target: &str,
        quad: Option<u8>,
        goldstein: Option<f64>,
    ) {
        let Some(month) = date.month() else {
            self.coverage.year_only += 1;
            return;
        };
        let (Some(s), Some(t)) = (party(source), party(target)) else {
            self.coverage.no_party += 1;
            return;
        };
        let (src, tgt) = (self.intern(s), self.intern(t));
        let day = match date.day() {
            Some(_) => i32::try_from(date.first_day()).unwrap_or(i32::MIN),
            None => i32::MIN,
        };
        self.coverage.events += 1;
        self.events.push(Ev {
            id,
            month: i32::try_from(month_index(date.year(), month)).unwrap_or(0),
            day,
            src,
            tgt,
            goldstein: goldstein
                .filter(|g| g.is_finite())
                .map_or(f32::NAN, |g| g as f32),
            quad: quad.filter(|q| (1..=4).contains(q)).unwrap_or(0),
        });
    }

    fn intern(&mut self, p: &str) -> u32 {
        if let Some(&i) = self.ids.get(p) {
            return i;
        }
        let i = self.parties.len() as u32;
        self.parties.push(p.to_string());
        self.ids.insert(p.to_string(), i);
        i
    }

    /// Sorts and indexes what was added.
    pub fn finish(self) -> Dataset {
        let DatasetBuilder {
            parties,
            ids,
            mut events,
            coverage,
        } = self;
        events.sort_by_key(|e| (e.month, e.day, e.id));
        let mut pairs: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        let mut cube: HashMap<(i32, u32, u32), Totals> = HashMap::new();
        let mut pair_months: HashMap<(u32, u32), Vec<PairMonth>> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            let key = pair(e.src, e.tgt);
            pairs.entry(key).or_default().push(i as u32);
            cube.entry((e.month, e.src, e.tgt)).or_default().add(e);
            // events come in month order
            let months = pair_months.entry(key).or_default();
            if months.last().is_none_or(|m| m.0 != e.month) {
                months.push((e.month, Totals::default(), Totals::default()));
            }
            if let Some(m) = months.last_mut() {
                if e.src == key.0 {
                    m.1.add(e);
                } else {
                    m.2.add(e);
                }
            }
        }
        let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); parties.len()];
        for &(a, b) in pairs.keys() {
            neighbours[a as usize].push(b);
            if a != b {
                neighbours[b as usize].push(a);
            }
        }
        for n in &mut neighbours {
            n.sort_unstable();
        }
        let mut months: BTreeMap<i32, Vec<(u32, u32, Totals)>> = BTreeMap::new();
        for ((m, s, t), tot) in cube {
            months.entry(m).or_default().push((s, t, tot));
        }
        for v in months.values_mut() {
            v.sort_by_key(|&(s, t, _)| (s, t));
        }
        let kinds = parties.iter().map(|p| PartyKind::of(p)).collect();
        Dataset {
            parties,
            kinds,
            ids,
            events,
            pairs,
            neighbours,
            pair_months,
            months,
            coverage,
        }
    }
}

/// A pair's month: (month, totals from the smaller id to the larger,
/// totals back).
pub(crate) type PairMonth = (i32, Totals, Totals);

fn pair(a: u32, b: u32) -> (u32, u32) {
    (a.min(b), a.max(b))
}

/// Events indexed for analysis: build one with [`DatasetBuilder`] (or
/// [`Dataset::from_points`]) and ask it for series, partners, alignment
/// and changes. It holds 32 bytes an event plus its indexes.
#[derive(Debug)]
pub struct Dataset {
    pub(crate) parties: Vec<String>,
    pub(crate) kinds: Vec<PartyKind>,
    pub(crate) ids: HashMap<String, u32>,
    /// Sorted by month, day (month-only dates first), id.
    pub(crate) events: Vec<Ev>,
    /// Unordered pair of parties → its events (indexes, in date order).
    pub(crate) pairs: HashMap<(u32, u32), Vec<u32>>,
    /// Each party's partners, sorted.
    pub(crate) neighbours: Vec<Vec<u32>>,
    /// Unordered pair (x < y or x = y) → by month, the totals from x to y
    /// and from y to x.
    pub(crate) pair_months: HashMap<(u32, u32), Vec<PairMonth>>,
    /// Month → directed totals (source, target, totals), sorted.
    pub(crate) months: BTreeMap<i32, Vec<(u32, u32, Totals)>>,
    coverage: Coverage,
}

/// What [`Dataset::series`] returns.
#[derive(Debug, Clone, Default)]
pub struct SeriesQuery {
    pub interval: Interval,
    /// First period: the one holding this date's first day (default: the
    /// first event's). Periods are whole: `from` 2022-06-15 in a monthly
    /// series starts with all of June.
    pub from: Option<Date>,
    /// Last period: the one holding this date's last day (default: the
    /// last event's).
    pub to: Option<Date>,
    /// Only events from the first side to the second.
    pub directed: bool,
    /// Keep at most this many event ids a point (its counts stay whole).
    pub max_ids: Option<usize>,
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub period: Period,
    pub count: u32,
    /// Counts by quad class, Q1–Q4.
    pub quad: [u32; 4],
    pub goldstein_sum: f64,
    /// Mean Goldstein score of the events that have one (`None` without).
    pub goldstein_mean: Option<f64>,
    /// (Q1 + Q2) − (Q3 + Q4).
    pub net_cooperation: i64,
    /// The events behind the point, in date order (see
    /// [`SeriesQuery::max_ids`]).
    pub event_ids: Vec<i64>,
}

/// A dyad's time series: a point for every period from the first to the
/// last, empty periods included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub a: String,
    pub b: String,
    pub directed: bool,
    pub interval: Interval,
    pub points: Vec<SeriesPoint>,
    /// Events of the dyad in the range left out because their date is
    /// less precise than the interval (a month-only date in a weekly
    /// series).
    pub imprecise: u32,
}

/// A party's totals with one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    pub party: String,
    pub kind: PartyKind,
    /// Events both ways.
    pub totals: Totals,
    pub net_cooperation: i64,
    pub goldstein_mean: Option<f64>,
    /// Events from the party to the partner, and back.
    pub sent: u32,
    pub received: u32,
}

impl Dataset {
    /// A dataset of owned rows.
    pub fn from_points<'p>(points: impl IntoIterator<Item = &'p EventPoint>) -> Dataset {
        let mut b = DatasetBuilder::new();
        for p in points {
            b.push_point(p);
        }
        b.finish()
    }

    pub fn coverage(&self) -> Coverage {
        self.coverage
    }

    /// Every party with its kind, in the order first seen.
    pub fn parties(&self) -> impl Iterator<Item = (&str, PartyKind)> {
        self.parties
            .iter()
            .map(String::as_str)
            .zip(self.kinds.iter().copied())
    }

    /// The first and last month holding events.
    pub fn months(&self) -> Option<(Period, Period)> {
        let m = |k: &i32| Period {
            interval: Interval::Month,
            index: i64::from(*k),
        };
        Some((
            m(self.months.keys().next()?),
            m(self.months.keys().next_back()?),
        ))
    }

    /// Which parties belong to a side, as a mask over party ids.
    pub(crate) fn mask(&self, side: &Side) -> Vec<bool> {
        self.parties.iter().map(|p| side.contains(p)).collect()
    }

    /// Indexes of the events between two sides (in date order); `a` to `b`
    /// only when `directed`.
    pub(crate) fn dyad_events(&self, a: &[bool], b: &[bool], directed: bool) -> Vec<u32> {
        let mut keys: Vec<(u32, u32)> = Vec::new();
        for (pa, _) in a.iter().enumerate().filter(|(_, &m)| m) {
            for &nb in &self.neighbours[pa] {
                if b[nb as usize] {
                    keys.push(pair(pa as u32, nb));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let mut out: Vec<u32> = Vec::new();
        for k in &keys {
            if let Some(list) = self.pairs.get(k) {
                out.extend(list.iter().copied().filter(|&i| {
                    let e = &self.events[i as usize];
                    let (s, t) = (e.src as usize, e.tgt as usize);
                    (a[s] && b[t]) || (!directed && b[s] && a[t])
                }));
            }
        }
        if keys.len() > 1 {
            out.sort_unstable();
        }
        out
    }

    /// The time series between two sides.
    pub fn series(&self, a: &Side, b: &Side, q: &SeriesQuery) -> Result<Series, AnalyticsError> {
        let idx = self.dyad_events(&self.mask(a), &self.mask(b), q.directed);
        self.series_of(&a.name, &b.name, &idx, q)
    }

    pub(crate) fn series_of(
        &self,
        a: &str,
        b: &str,
        idx: &[u32],
        q: &SeriesQuery,
    ) -> Result<Series, AnalyticsError> {
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if f.first_day() > t.last_day() {
                return Err(AnalyticsError::Range { from: f, to: t });
            }
        }
        let mut series = Series {
            a: a.to_string(),
            b: b.to_string(),
            directed: q.directed,
            interval: q.interval,
            points: Vec::new(),
            imprecise: 0,
        };
        let periods: Vec<Option<Period>> = idx
            .iter()
            .map(|&i| self.events[i as usize].period(q.interval))
            .collect();
        let first = match q.from {
            Some(d) => Period::of_day(q.interval, d.first_day()),
            None => match periods.iter().flatten().min() {
                Some(p) => *p,
                None => return Ok(series),
            },
        };
        let last = match q.to {
            Some(d) => Period::of_day(q.interval, d.last_day()),
            None => match periods.iter().flatten().max() {
                Some(p) => *p,
                None => return Ok(series),
            },
        };
        let n = last.index - first.index + 1;
        if n > MAX_PERIODS {
            return Err(AnalyticsError::TooManyPeriods(n));
        }
        let mut totals = vec![Totals::default(); n.max(0) as usize];
        let mut ids: Vec<Vec<i64>> = vec![Vec::new(); totals.len()];
        for (&i, p) in idx.iter().zip(&periods) {
            let e = &self.events[i as usize];
            match p {
                Some(p) if (first.index..=last.index).contains(&p.index) => {
                    let k = (p.index - first.index) as usize;
                    totals[k].add(e);
                    if q.max_ids.is_none_or(|m| ids[k].len() < m) {
                        ids[k].push(e.id);
                    }
                }
                Some(_) => {}
                None => {
                    let m = Period {
                        interval: Interval::Month,
                        index: i64::from(e.month),
                    };
                    if m.last_day() >= first.first_day() && m.first_day() <= last.last_day() {
                        series.imprecise += 1;
                    }
                }
            }
        }
        series.points = totals
            .into_iter()
            .zip(ids)
            .enumerate()
            .map(|(k, (t, event_ids))| SeriesPoint {
                period: first.offset(k as i64),
                count: t.count,
                quad: t.quad,
                goldstein_sum: t.goldstein_sum,
                goldstein_mean: t.goldstein_mean(),
                net_cooperation: t.net_cooperation(),
                event_ids,
            })
            .collect();
        Ok(series)
    }

    /// A side's partners in the months from the one holding `from` to
    /// the one holding `to` (whole months), most events first.
    pub fn partners(&self, side: &Side, from: Option<Date>, to: Option<Date>) -> Vec<Partner> {
        let a = self.mask(side);
        let lo = from.map_or(i32::MIN, |d| month_of_day(d.first_day()));
        let hi = to.map_or(i32::MAX, |d| month_of_day(d.last_day()));
        let mut by: BTreeMap<u32, (Totals, u32, u32)> = BTreeMap::new();
        for (pa, _) in a.iter().enumerate().filter(|(_, &m)| m) {
            for &nb in &self.neighbours[pa] {
                if a[nb as usize] {
                    continue;
                }
                let key = pair(pa as u32, nb);
                let Some(months) = self.pair_months.get(&key) else {
                    continue;
                };
                let entry = by.entry(nb).or_default();
                let start = months.partition_point(|m| m.0 < lo);
                for (_, fwd, back) in months[start..].iter().take_while(|m| m.0 <= hi) {
                    // fwd runs from the smaller id to the larger
                    let (sent, received) = if key.0 == pa as u32 {
                        (fwd, back)
                    } else {
                        (back, fwd)
                    };
                    entry.0.merge(sent);
                    entry.0.merge(received);
                    entry.1 += sent.count;
                    entry.2 += received.count;
                }
            }
        }
        let mut out: Vec<Partner> = by
            .into_iter()
            .filter(|(_, (t, _, _))| t.count > 0)
            .map(|(p, (t, sent, received))| Partner {
                party: self.parties[p as usize].clone(),
                kind: self.kinds[p as usize],
                totals: t,
                net_cooperation: t.net_cooperation(),
                goldstein_mean: t.goldstein_mean(),
                sent,
                received,
            })
            .collect();
        out.sort_by(|x, y| {
            y.totals
                .count
                .cmp(&x.totals.count)
                .then(x.party.cmp(&y.party))
        });
        out
    }
}

pub(crate) fn month_of_day(days: i64) -> i32 {
    Period::of_day(Interval::Month, days).index as i32
}
