//! Change detection on a series' net cooperation, by two methods.
//!
//! **Change levels** (after ACLED's Trendfinder, our own thresholds),
//! run on weekly series: a period's value `x` is compared with the mean
//! of the 4 periods before it (short baseline `s`) and of the 52 before
//! it (long baseline `l`, with standard deviation `σ`; fewer at the start
//! of a series, but at least `min_history`). With the scale
//! `σ' = max(σ, scale_floor)`, `z_s = (x − s)/σ'` and `z_l = (x − l)/σ'`;
//! when both have the same sign the level is the smaller of the two in
//! whole units: 1 a change, 2 a large change, 3 (or more) an extreme
//! change. The **low-count guard**: a period is judged only when it, or
//! the mean of its short baseline, has at least `min_events` events (5),
//! so that a quiet dyad's one event does not read as a surge, while a
//! busy dyad falling silent still does.
//!
//! **Changepoints** by Bayesian online changepoint detection (Adams and
//! MacKay 2007, "Bayesian Online Changepoint Detection"), run on monthly
//! series: values are Gaussian with unknown mean and variance within a
//! run (Normal-Gamma prior: mean at the series' mean, variance from half
//! the mean squared successive difference, which a shift of level hardly
//! moves), runs end at a constant hazard of 1 / `hazard_periods`. After
//! each period the most probable run length gives where the current run
//! began; a start is reported once it has been the most probable for
//! `confirm` periods (2) with a posterior probability of at least
//! `threshold` (0.5), and passes the same low-count guard over the
//! `confirm` periods on each side of it. We implement the recursion here
//! rather than take the `changepoint` crate (MIT): it needs `nalgebra`,
//! `ndarray` and `rv` for what is forty lines.

use faultline_core::Date;
use serde::Serialize;

use crate::dataset::{month_of_day, Dataset, Series, SeriesQuery, MAX_PERIODS};
use crate::party::{default_poles, PartyKind, Side};
use crate::period::{Interval, Period};
use crate::AnalyticsError;

/// How a change was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Change levels against short and long baselines.
    Levels,
    /// Bayesian online changepoint detection.
    Bocpd,
}

/// Which way net cooperation moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Toward cooperation.
    Up,
    /// Toward conflict.
    Down,
}

/// Thresholds of both methods (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeConfig {
    pub short_periods: usize,
    pub long_periods: usize,
    /// Periods of history a level needs.
    pub min_history: usize,
    /// The low-count guard.
    pub min_events: u32,
    /// `z` from which a period is a change, a large and an extreme change.
    pub level_thresholds: [f64; 3],
    /// The smallest scale a deviation is measured in (net cooperation is
    /// a count: 1).
    pub scale_floor: f64,
    /// Expected periods between changepoints.
    pub hazard_periods: f64,
    pub threshold: f64,
    pub confirm: usize,
    /// Run lengths kept (longer ones are dropped; bounds the work).
    pub max_run: usize,
    /// [`Dataset::changes`] and [`Dataset::dyad_changes`] search the
    /// latest this many periods of a series (10 years of weeks).
    pub max_periods: usize,
}

impl Default for ChangeConfig {
    fn default() -> ChangeConfig {
        ChangeConfig {
            short_periods: 4,
            long_periods: 52,
            min_history: 8,
            min_events: 5,
            level_thresholds: [2.0, 3.0, 4.0],
            scale_floor: 1.0,
            hazard_periods: 12.0,
            threshold: 0.5,
            confirm: 2,
            max_run: 240,
            max_periods: 520,
        }
    }
}

/// A change in a series, with the events behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The series: `KAZ-RUS` (`KAZ>RUS` when directed).
    pub series: String,
    pub a: String,
    pub b: String,
    pub directed: bool,
    /// What changed: always `net_cooperation` for now.
    pub metric: &'static str,
    pub method: Method,
    /// The period it happened in (for a changepoint, the first of the new
    /// run).
    pub period: Period,
    /// The first day of that period (written `YYYY-MM-DD`).
    #[serde(serialize_with = "date_text")]
    pub date: Option<Date>,
    pub direction: Direction,
    /// Levels: the value less the long baseline; changepoints: the mean
    /// of the new run less the mean of the run before.
    pub size: f64,
    /// Levels only: 1 change, 2 large, 3 extreme.
    pub level: Option<u8>,
    /// Changepoints only: posterior probability of the run's start.
    pub probability: Option<f64>,
    /// The period's value (levels) or the new run's mean (changepoints).
    pub value: f64,
    /// The long baseline (levels) or the previous run's mean.
    pub baseline: f64,
    /// Events in the periods that drove it.
    pub events: u32,
    /// Their ids: the period's (levels) or the first `confirm` periods'
    /// of the new run (changepoints).
    pub event_ids: Vec<i64>,
}

fn date_text<S: serde::Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// A change level of one period of a series of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub index: usize,
    pub level: u8,
    pub short_baseline: f64,
    pub long_baseline: f64,
    pub z_short: f64,
    pub z_long: f64,
}

/// Change levels of `values` (one a period) with the event counts behind
/// them (module doc). Periods that pass no threshold are left out.
pub fn levels(values: &[f64], counts: &[u32], cfg: &ChangeConfig) -> Vec<Level> {
    let n = values.len().min(counts.len());
    // prefix sums of values, squares and counts
    let mut sv = vec![0.0; n + 1];
    let mut sq = vec![0.0; n + 1];
    let mut sc = vec![0.0; n + 1];
    for i in 0..n {
        sv[i + 1] = sv[i] + values[i];
        sq[i + 1] = sq[i] + values[i] * values[i];
        sc[i + 1] = sc[i] + f64::from(counts[i]);
    }
    let mean = |s: &[f64], a: usize, b: usize| (s[b] - s[a]) / (b - a) as f64;
    let mut out = Vec::new();
    for t in 0..n {
        let h = t.min(cfg.long_periods);
        if h < cfg.min_history.max(1) {
            continue;
        }
        let short = cfg.short_periods.clamp(1, h);
        let (ml, ms) = (mean(&sv, t - h, t), mean(&sv, t - short, t));
        let var = (mean(&sq, t - h, t) - ml * ml).max(0.0);
        let busy = f64::from(counts[t]).max(mean(&sc, t - short, t));
        if busy < f64::from(cfg.min_events) {
            continue;
        }
        let scale = var.sqrt().max(cfg.scale_floor).max(f64::MIN_POSITIVE);
        let (zs, zl) = ((values[t] - ms) / scale, (values[t] - ml) / scale);
        if zs * zl <= 0.0 {
            continue;
        }
        let z = zs.abs().min(zl.abs());
        let level = cfg.level_thresholds.iter().filter(|&&th| z >= th).count() as u8;
        if level > 0 {
            out.push(Level {
                index: t,
                level,
                short_baseline: ms,
                long_baseline: ml,
                z_short: zs,
                z_long: zl,
            });
        }
    }
    out
}

/// A changepoint of a series of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Changepoint {
    /// The first index of the new run.
    pub index: usize,
    /// Posterior probability of that start when it was confirmed.
    pub probability: f64,
    /// The index at which it was confirmed.
    pub detected_at: usize,
}

/// Sufficient statistics of a run.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    n: f64,
    mean: f64,
    m2: f64,
}

impl Run {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }
}

/// The Normal-Gamma prior.
#[derive(Debug, Clone, Copy)]
struct Prior {
    mu: f64,
    kappa: f64,
    alpha: f64,
    beta: f64,
}

impl Prior {
    /// Log density of `x` under the posterior predictive (Student's t)
    /// after the observations of `run` (`None`: the prior's own).
    fn log_predictive(&self, run: Option<&Run>, x: f64) -> f64 {
        let (n, mean, m2) = run.map_or((0.0, 0.0, 0.0), |r| (r.n, r.mean, r.m2));
        let kappa = self.kappa + n;
        let mu = (self.kappa * self.mu + n * mean) / kappa;
        let alpha = self.alpha + n / 2.0;
        let beta = self.beta + m2 / 2.0 + self.kappa * n * (mean - self.mu).powi(2) / (2.0 * kappa);
        let nu = 2.0 * alpha;
        let scale2 = beta * (kappa + 1.0) / (alpha * kappa);
        ln_gamma((nu + 1.0) / 2.0)
            - ln_gamma(nu / 2.0)
            - 0.5 * (nu * std::f64::consts::PI * scale2).ln()
            - (nu + 1.0) / 2.0 * (1.0 + (x - mu).powi(2) / (nu * scale2)).ln()
    }
}

/// Changepoints of `values` by BOCPD (module doc), in order.
pub fn changepoints(values: &[f64], cfg: &ChangeConfig) -> Vec<Changepoint> {
    let n = values.len();
    if n < 3 || values.iter().any(|v| !v.is_finite()) {
        return Vec::new();
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let msd = values
        .windows(2)
        .map(|w| (w[1] - w[0]).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    let prior = Prior {
        mu: mean,
        kappa: 1.0,
        alpha: 1.0,
        beta: (msd / 2.0)
            .max(cfg.scale_floor * cfg.scale_floor / 4.0)
            .max(1e-9),
    };
    let h = 1.0 / cfg.hazard_periods.max(1.0);
    let (ln_h, ln_1h) = (h.ln(), (1.0 - h).ln());
    let mut first = Run {
        start: 0,
        n: 0.0,
        mean: 0.0,
        m2: 0.0,
    };
    first.push(values[0]);
    let mut runs = vec![first];
    let mut logp = vec![0.0_f64];
    let mut found: Vec<Changepoint> = Vec::new();
    for (t, &x) in values.iter().enumerate().skip(1) {
        let new_run = ln_h + prior.log_predictive(None, x);
        let mut next: Vec<f64> = runs
            .iter()
            .zip(&logp)
            .map(|(r, lp)| lp + ln_1h + prior.log_predictive(Some(r), x))
            .collect();
        next.push(new_run);
        let top = next.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let total = top + next.iter().map(|v| (v - top).exp()).sum::<f64>().ln();
        for v in &mut next {
            *v -= total;
        }
        for r in &mut runs {
            r.push(x);
        }
        let mut fresh = Run {
            start: t,
            n: 0.0,
            mean: 0.0,
            m2: 0.0,
        };
        fresh.push(x);
        runs.push(fresh);
        logp = next;
        if runs.len() > cfg.max_run.max(2) {
            runs.remove(0);
            logp.remove(0);
        }
        let (best, lp) = logp
            .iter()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc },
            );
        let start = runs[best].start;
        let p = lp.exp();
        if start > 0
            && t + 1 - start >= cfg.confirm.max(1)
            && p >= cfg.threshold
            && !found.iter().any(|c| c.index == start)
        {
            found.push(Changepoint {
                index: start,
                probability: p,
                detected_at: t,
            });
        }
    }
    found.sort_by_key(|c| c.index);
    found
}

/// The changes of a series by one method: levels on its values as they
/// are (meant for weekly series), changepoints likewise (meant for
/// monthly ones).
pub fn series_changes(series: &Series, method: Method, cfg: &ChangeConfig) -> Vec<Change> {
    let values: Vec<f64> = series
        .points
        .iter()
        .map(|p| p.net_cooperation as f64)
        .collect();
    let counts: Vec<u32> = series.points.iter().map(|p| p.count).collect();
    let name = format!(
        "{}{}{}",
        series.a,
        if series.directed { ">" } else { "-" },
        series.b
    );
    let change = |index: usize, size: f64, value: f64, baseline: f64, ids_upto: usize| {
        let pts = &series.points[index..ids_upto.min(series.points.len())];
        Change {
            series: name.clone(),
            a: series.a.clone(),
            b: series.b.clone(),
            directed: series.directed,
            metric: "net_cooperation",
            method,
            period: series.points[index].period,
            date: series.points[index].period.start(),
            direction: if size >= 0.0 {
                Direction::Up
            } else {
                Direction::Down
            },
            size,
            level: None,
            probability: None,
            value,
            baseline,
            events: pts.iter().map(|p| p.count).sum(),
            event_ids: pts
                .iter()
                .flat_map(|p| p.event_ids.iter().copied())
                .collect(),
        }
    };
    match method {
        Method::Levels => levels(&values, &counts, cfg)
            .into_iter()
            .map(|l| Change {
                level: Some(l.level),
                ..change(
                    l.index,
                    values[l.index] - l.long_baseline,
                    values[l.index],
                    l.long_baseline,
                    l.index + 1,
                )
            })
            .collect(),
        Method::Bocpd => {
            let cps = changepoints(&values, cfg);
            let mut bounds: Vec<usize> = vec![0];
            bounds.extend(cps.iter().map(|c| c.index));
            bounds.push(values.len());
            let seg_mean = |a: usize, b: usize| values[a..b].iter().sum::<f64>() / (b - a) as f64;
            let k = cfg.confirm.max(1);
            cps.iter()
                .enumerate()
                .filter(|(_, c)| {
                    let lo = c.index.saturating_sub(k);
                    let hi = (c.index + k).min(counts.len());
                    counts[lo..hi].iter().sum::<u32>() >= cfg.min_events
                })
                .map(|(i, c)| {
                    let (before, after) = (
                        seg_mean(bounds[i], bounds[i + 1]),
                        seg_mean(bounds[i + 1], bounds[i + 2]),
                    );
                    Change {
                        probability: Some(c.probability),
                        ..change(c.index, after - before, after, before, c.index + k)
                    }
                })
                .collect()
        }
    }
}

/// Which series [`Dataset::changes`] looks at.
#[derive(Debug, Clone)]
pub struct ChangeQuery {
    /// Changes from this date on (periods that start on or after it).
    pub from: Option<Date>,
    /// Changes up to this date (periods that start on or before its
    /// last day).
    pub to: Option<Date>,
    /// One country's (or party's) dyads and its series toward each pole;
    /// `None`: the busiest dyads of all.
    pub country: Option<String>,
    /// Poles whose series with `country` are searched too.
    pub poles: Vec<Side>,
    /// Dyads with fewer events (in all) are not searched.
    pub min_dyad_events: u32,
    /// At most this many dyads, the busiest first.
    pub max_dyads: usize,
}

impl Default for ChangeQuery {
    fn default() -> ChangeQuery {
        ChangeQuery {
            from: None,
            to: None,
            country: None,
            poles: default_poles(),
            min_dyad_events: 10,
            max_dyads: 40,
        }
    }
}

impl Dataset {
    /// Changes in the series between two sides, by both methods: levels on
    /// the weekly series, changepoints on the monthly one, each over all
    /// the events held (baselines need history), in date order.
    pub fn dyad_changes(
        &self,
        a: &Side,
        b: &Side,
        directed: bool,
        cfg: &ChangeConfig,
    ) -> Result<Vec<Change>, AnalyticsError> {
        let idx = self.dyad_events(&self.mask(a), &self.mask(b), directed);
        self.changes_of(&a.name, &b.name, &idx, directed, cfg)
    }

    fn changes_of(
        &self,
        a: &str,
        b: &str,
        idx: &[u32],
        directed: bool,
        cfg: &ChangeConfig,
    ) -> Result<Vec<Change>, AnalyticsError> {
        let mut out = Vec::new();
        for (interval, method) in [
            (Interval::Week, Method::Levels),
            (Interval::Month, Method::Bocpd),
        ] {
            // ids only for the periods that turn out to change (below)
            let q = SeriesQuery {
                interval,
                directed,
                max_ids: Some(0),
                ..SeriesQuery::default()
            };
            // the latest periods only
            let span = (cfg.max_periods.max(1) as i64).min(MAX_PERIODS);
            let periods = idx
                .iter()
                .filter_map(|&i| self.events[i as usize].period(interval));
            let (first, last) = periods.fold((i64::MAX, i64::MIN), |(lo, hi), p| {
                (lo.min(p.index), hi.max(p.index))
            });
            let q = SeriesQuery {
                from: if last.saturating_sub(first) >= span {
                    Period {
                        interval,
                        index: last - span + 1,
                    }
                    .start()
                } else {
                    None
                },
                ..q
            };
            let series = self.series_of(a, b, idx, &q)?;
            let mut found = series_changes(&series, method, cfg);
            for c in &mut found {
                let n = match method {
                    Method::Levels => 1,
                    Method::Bocpd => cfg.confirm.max(1) as i64,
                };
                let range = c.period.index..c.period.index + n;
                // events are in month order: look only at the months the
                // periods span
                let lo = month_of_day(c.period.first_day());
                let hi = month_of_day(c.period.offset(n - 1).last_day());
                let start = idx.partition_point(|&i| self.events[i as usize].month < lo);
                let end = idx.partition_point(|&i| self.events[i as usize].month <= hi);
                c.event_ids = idx[start..end.max(start)]
                    .iter()
                    .map(|&i| &self.events[i as usize])
                    .filter(|e| e.period(interval).is_some_and(|p| range.contains(&p.index)))
                    .map(|e| e.id)
                    .collect();
            }
            out.extend(found);
        }
        out.sort_by(|x, y| {
            (x.date, x.method as u8, &x.series).cmp(&(y.date, y.method as u8, &y.series))
        });
        Ok(out)
    }

    /// Changes in many series at once (see [`ChangeQuery`]): undirected
    /// dyads of countries and IGOs, and a country's series toward each
    /// pole it is not alone in. In date order.
    pub fn changes(
        &self,
        q: &ChangeQuery,
        cfg: &ChangeConfig,
    ) -> Result<Vec<Change>, AnalyticsError> {
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if f.first_day() > t.last_day() {
                return Err(AnalyticsError::Range { from: f, to: t });
            }
        }
        let state = |p: u32| matches!(self.kinds[p as usize], PartyKind::Country | PartyKind::Igo);
        let mut dyads: Vec<(u32, u32, usize)> = Vec::new();
        let country = match &q.country {
            Some(c) => {
                let side = Side::actor(c)?;
                Some((self.ids.get(&side.name).copied(), side))
            }
            None => None,
        };
        for (&(x, y), list) in &self.pairs {
            if x == y || !state(x) || !state(y) || list.len() < q.min_dyad_events as usize {
                continue;
            }
            if let Some((c, _)) = &country {
                if *c != Some(x) && *c != Some(y) {
                    continue;
                }
            }
            dyads.push((x, y, list.len()));
        }
        dyads.sort_by(|p, r| r.2.cmp(&p.2).then((p.0, p.1).cmp(&(r.0, r.1))));
        dyads.truncate(q.max_dyads);
        let mut out = Vec::new();
        for (x, y, _) in dyads {
            // the country first when there is one
            let (x, y) = match &country {
                Some((Some(c), _)) if *c == y => (y, x),
                _ => (x, y),
            };
            let idx = &self.pairs[&(x.min(y), x.max(y))];
            out.extend(self.changes_of(
                &self.parties[x as usize],
                &self.parties[y as usize],
                idx,
                false,
                cfg,
            )?);
        }
        if let Some((_, side)) = &country {
            let mine = self.mask(side);
            for pole in &q.poles {
                let mut theirs = self.mask(pole);
                for (t, m) in theirs.iter_mut().enumerate() {
                    *m = *m && !mine[t];
                }
                if !theirs.iter().any(|&m| m) {
                    continue;
                }
                let idx = self.dyad_events(&mine, &theirs, false);
                if idx.len() >= q.min_dyad_events as usize {
                    out.extend(self.changes_of(&side.name, &pole.name, &idx, false, cfg)?);
                }
            }
        }
        let lo = q.from.map(|d| d.first_day());
        let hi = q.to.map(|d| d.last_day());
        out.retain(|c| {
            let d = c.period.first_day();
            lo.is_none_or(|lo| d >= lo) && hi.is_none_or(|hi| d <= hi)
        });
        out.sort_by(|x, y| {
            (x.date, x.method as u8, &x.series).cmp(&(y.date, y.method as u8, &y.series))
        });
        Ok(out)
    }
}

/// ln Γ(x) for x > 0 (Lanczos' approximation, g = 7, nine terms; about
/// 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    use std::f64::consts::PI;
    if x < 0.5 {
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

#[cfg(test)]
mod tests;
