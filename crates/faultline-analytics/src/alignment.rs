//! The alignment index: how close each country stands to a pole in a
//! month, from the events of a rolling window of months ending with it.
//!
//! Two measures, each in −1 … 1, are combined:
//!
//! - **Direct relations** `D`: the mean Goldstein score of the events
//!   between the country and the pole, both ways, shrunk toward 0 by
//!   `prior_events` neutral pseudo-events and squashed by `tanh`:
//!   `D = tanh(G / (n + k) / s)`, with `G` the Goldstein sum of the `n`
//!   scored events, `k` = [`AlignmentConfig::prior_events`] and `s` =
//!   [`AlignmentConfig::goldstein_scale`]. Shrinking keeps one event from
//!   deciding a score; `tanh` keeps a score of −10 and one of −5 apart
//!   without letting either run off the scale.
//! - **Similar profiles** `S`: the Signorino–Ritter similarity of the two
//!   sides' relations with third parties. Each side's position toward a
//!   third party `i` is the mean Goldstein score of its events with `i`
//!   (both ways); positions range over −10 … 10, so the largest distance
//!   is `dmax` = 20. Over the third parties both sides have scored events
//!   with, `S = 1 − 2·Σ wᵢ|dᵢ| / (dmax·Σ wᵢ)`, where `dᵢ` is the
//!   difference of positions and the weight `wᵢ` the smaller of the two
//!   sides' event counts with `i`, so that a partner known from one event
//!   weighs little. Identical profiles give 1, opposite extremes −1.
//!   Third parties are countries and IGOs, neither the country nor in
//!   the pole. `S` is computed only with at least
//!   [`AlignmentConfig::min_third_parties`] of them.
//!
//! The score is the weighted mean of the measures present:
//! `(w_D·D + w_S·S) / (w_D + w_S)` (defaults 0.5 and 0.5); a country with
//! neither has no score for the month. Each score carries the number of
//! events behind it, the uncertainty a reader should weigh it by.
//!
//! A country that belongs to the pole (Germany and "the West") is
//! compared with the rest of the pole: its own events are taken out of
//! the pole's side. A pole of one country has no score toward itself.

use std::collections::HashMap;

use serde::Serialize;

use crate::dataset::{Dataset, Totals};
use crate::party::{PartyKind, Side};
use crate::period::{Interval, Period};
use crate::AnalyticsError;

/// The largest distance between two mean Goldstein scores (−10 … 10).
const DMAX: f64 = 20.0;

/// How the alignment index is computed (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignmentConfig {
    /// Months in the window, the month scored being the last (default 6).
    pub window_months: u32,
    /// Weight of direct relations `D` (default 0.5).
    pub direct_weight: f64,
    /// Weight of profile similarity `S` (default 0.5).
    pub similarity_weight: f64,
    /// Mean Goldstein score at which `D` reaches tanh(1) ≈ 0.76 (default 5).
    pub goldstein_scale: f64,
    /// Neutral pseudo-events that shrink `D` toward 0 (default 2).
    pub prior_events: f64,
    /// Third parties needed before `S` counts (default 3).
    pub min_third_parties: u32,
}

impl Default for AlignmentConfig {
    fn default() -> AlignmentConfig {
        AlignmentConfig {
            window_months: 6,
            direct_weight: 0.5,
            similarity_weight: 0.5,
            goldstein_scale: 5.0,
            prior_events: 2.0,
            min_third_parties: 3,
        }
    }
}

impl AlignmentConfig {
    fn check(&self) -> Result<(), AnalyticsError> {
        let bad = |what: &str| Err(AnalyticsError::Config(what.to_string()));
        if self.window_months == 0 {
            return bad("window_months must be at least 1");
        }
        if !(self.direct_weight >= 0.0 && self.similarity_weight >= 0.0)
            || self.direct_weight + self.similarity_weight <= 0.0
            || !(self.direct_weight + self.similarity_weight).is_finite()
        {
            return bad("weights must be non-negative, finite and not both 0");
        }
        if !(self.goldstein_scale > 0.0 && self.goldstein_scale.is_finite()) {
            return bad("goldstein_scale must be positive");
        }
        if !(self.prior_events >= 0.0 && self.prior_events.is_finite()) {
            return bad("prior_events must be non-negative");
        }
        Ok(())
    }
}

/// One country's alignment toward a pole in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryAlignment {
    pub country: String,
    /// −1 (hostile, unlike) … 1 (friendly, alike).
    pub score: f64,
    /// Direct relations `D`, when there were scored events with the pole.
    pub direct: Option<f64>,
    /// Profile similarity `S`, when there were enough third parties.
    pub similarity: Option<f64>,
    /// All events behind the score: `direct_events` and the country's
    /// events with the third parties `S` compared.
    pub events: u32,
    /// Events between the country and the pole (both ways).
    pub direct_events: u32,
    /// Third parties compared in `S` (0 when `S` is absent).
    pub third_parties: u32,
}

/// Every scored country's alignment toward a pole in a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    pub month: Period,
    pub pole: String,
    /// The first month of the window (the last is `month`).
    pub window_start: Period,
    /// Sorted by country code.
    pub countries: Vec<CountryAlignment>,
}

/// Totals between pairs of parties over a window, both directions merged,
/// each party with its partners.
struct Window {
    adj: HashMap<u32, HashMap<u32, Totals>>,
}

impl Window {
    fn with(&self, a: u32) -> Option<&HashMap<u32, Totals>> {
        self.adj.get(&a)
    }
}

impl Dataset {
    fn window(
        &self,
        month: Period,
        cfg: &AlignmentConfig,
        keep: impl Fn(u32, u32) -> bool,
    ) -> Window {
        let last = month.index as i32;
        let first = last - (cfg.window_months as i32 - 1);
        let mut adj: HashMap<u32, HashMap<u32, Totals>> = HashMap::new();
        for (_, cells) in self.months.range(first..=last) {
            for &(s, t, ref tot) in cells {
                if s == t || !keep(s, t) {
                    continue;
                }
                adj.entry(s).or_default().entry(t).or_default().merge(tot);
                adj.entry(t).or_default().entry(s).or_default().merge(tot);
            }
        }
        Window { adj }
    }

    fn month_check(month: Period) -> Result<(), AnalyticsError> {
        if month.interval != Interval::Month {
            return Err(AnalyticsError::NotAMonth(month.to_string()));
        }
        Ok(())
    }

    /// Every country's alignment toward `pole` in `month` (see the module
    /// doc for the formula). Countries without events that bear on it are
    /// left out.
    pub fn alignment(
        &self,
        month: Period,
        pole: &Side,
        cfg: &AlignmentConfig,
    ) -> Result<Alignment, AnalyticsError> {
        Self::month_check(month)?;
        cfg.check()?;
        let in_pole = self.mask(pole);
        let w = self.window(month, cfg, |_, _| true);
        let profile = self.pole_profile(&w, &in_pole);
        let mut countries: Vec<CountryAlignment> = Vec::new();
        for (c, kind) in self.kinds.iter().enumerate() {
            if *kind != PartyKind::Country {
                continue;
            }
            if let Some(a) = self.score(&w, &profile, &in_pole, c as u32, cfg) {
                countries.push(a);
            }
        }
        countries.sort_by(|x, y| x.country.cmp(&y.country));
        Ok(Alignment {
            month,
            pole: pole.name.clone(),
            window_start: month.offset(-(i64::from(cfg.window_months) - 1)),
            countries,
        })
    }

    /// One country's alignment toward `pole` for each month from `from`
    /// to `to` (`None` for months without a score); the same scores as
    /// [`Dataset::alignment`] gives month by month, up to rounding (the
    /// window slides, adding a month's sums and taking them out again).
    pub fn alignment_history(
        &self,
        country: &str,
        pole: &Side,
        from: Period,
        to: Period,
        cfg: &AlignmentConfig,
    ) -> Result<Vec<(Period, Option<CountryAlignment>)>, AnalyticsError> {
        Self::month_check(from)?;
        Self::month_check(to)?;
        cfg.check()?;
        if to.index - from.index + 1 > crate::dataset::MAX_PERIODS {
            return Err(AnalyticsError::TooManyPeriods(to.index - from.index + 1));
        }
        let in_pole = self.mask(pole);
        let Some(c) = self.ids.get(country).copied() else {
            let mut out = Vec::new();
            let mut m = from;
            while m <= to {
                out.push((m, None));
                m = m.next();
            }
            return Ok(out);
        };
        // only the pairs that bear on the country's score: its own, and
        // the pole's with its partners
        let mut near = vec![false; self.parties.len()];
        for &n in &self.neighbours[c as usize] {
            near[n as usize] = true;
        }
        let keep = |s: u32, t: u32| {
            s == c
                || t == c
                || (in_pole[s as usize] && near[t as usize])
                || (in_pole[t as usize] && near[s as usize])
        };
        // the window slides: each month added once and taken out once
        let span = i64::from(cfg.window_months);
        let mut w = Window {
            adj: HashMap::new(),
        };
        for k in (from.index - span + 1)..from.index {
            self.slide(&mut w, k, 1.0, &keep);
        }
        let mut out = Vec::new();
        let mut m = from;
        while m <= to {
            self.slide(&mut w, m.index, 1.0, &keep);
            let profile = self.pole_profile(&w, &in_pole);
            out.push((m, self.score(&w, &profile, &in_pole, c, cfg)));
            self.slide(&mut w, m.index - span + 1, -1.0, &keep);
            m = m.next();
        }
        Ok(out)
    }

    /// Adds (`sign` 1) or takes out (−1) a month's totals.
    fn slide(&self, w: &mut Window, month: i64, sign: f64, keep: &impl Fn(u32, u32) -> bool) {
        let Some(cells) = i32::try_from(month).ok().and_then(|m| self.months.get(&m)) else {
            return;
        };
        for &(s, t, ref tot) in cells {
            if s == t || !keep(s, t) {
                continue;
            }
            for (x, y) in [(s, t), (t, s)] {
                let row = w.adj.entry(x).or_default();
                let cell = row.entry(y).or_default();
                if sign > 0.0 {
                    cell.merge(tot);
                } else {
                    *cell = subtract(cell, tot);
                    if cell.count == 0 {
                        row.remove(&y);
                    }
                }
            }
        }
    }

    /// The pole's totals with each third party (a country or IGO outside
    /// the pole).
    fn pole_profile(&self, w: &Window, in_pole: &[bool]) -> HashMap<u32, Totals> {
        let mut profile: HashMap<u32, Totals> = HashMap::new();
        for (p, _) in in_pole.iter().enumerate().filter(|(_, &m)| m) {
            let Some(partners) = w.with(p as u32) else {
                continue;
            };
            for (&t, tot) in partners {
                if !in_pole[t as usize] && self.third_party(t) {
                    profile.entry(t).or_default().merge(tot);
                }
            }
        }
        profile
    }

    fn third_party(&self, p: u32) -> bool {
        matches!(self.kinds[p as usize], PartyKind::Country | PartyKind::Igo)
    }

    fn score(
        &self,
        w: &Window,
        profile: &HashMap<u32, Totals>,
        in_pole: &[bool],
        c: u32,
        cfg: &AlignmentConfig,
    ) -> Option<CountryAlignment> {
        let partners = w.with(c)?;
        let member = in_pole[c as usize];
        // the pole less the country: nothing left for a pole of one
        let pole_size = in_pole.iter().filter(|&&m| m).count();
        if pole_size <= usize::from(member) {
            return None;
        }
        let mut direct = Totals::default();
        let (mut mine, mut theirs, mut weights) = (Vec::new(), Vec::new(), Vec::new());
        let mut profile_events = 0u32;
        // in party order, so that sums are the same on every run
        let mut partners: Vec<(&u32, &Totals)> = partners.iter().collect();
        partners.sort_unstable_by_key(|(t, _)| **t);
        for (&t, tot) in partners {
            if in_pole[t as usize] {
                direct.merge(tot);
                continue;
            }
            let Some(pole_tot) = profile.get(&t) else {
                continue;
            };
            let mut pole_side = *pole_tot;
            if member {
                // the pole's profile less the country's own relations
                pole_side = subtract(&pole_side, tot);
            }
            let (Some(mc), Some(mp)) = (tot.goldstein_mean(), pole_side.goldstein_mean()) else {
                continue;
            };
            mine.push(mc);
            theirs.push(mp);
            weights.push(f64::from(tot.scored.min(pole_side.scored)));
            profile_events += tot.count;
        }
        let thirds = mine.len() as u32;
        let d = (direct.scored > 0).then(|| {
            let mean = direct.goldstein_sum / (f64::from(direct.scored) + cfg.prior_events);
            (mean / cfg.goldstein_scale).tanh()
        });
        let s = if thirds >= cfg.min_third_parties.max(1) {
            similarity(&mine, &theirs, &weights)
        } else {
            None
        };
        let (mut num, mut den) = (0.0, 0.0);
        if let Some(d) = d {
            num += cfg.direct_weight * d;
            den += cfg.direct_weight;
        }
        if let Some(s) = s {
            num += cfg.similarity_weight * s;
            den += cfg.similarity_weight;
        }
        if den <= 0.0 {
            return None;
        }
        let (thirds, profile_events) = if s.is_some() {
            (thirds, profile_events)
        } else {
            (0, 0)
        };
        Some(CountryAlignment {
            country: self.parties[c as usize].clone(),
            score: num / den,
            direct: d,
            similarity: s,
            events: direct.count + profile_events,
            direct_events: direct.count,
            third_parties: thirds,
        })
    }
}

fn subtract(a: &Totals, b: &Totals) -> Totals {
    let mut quad = a.quad;
    for (x, y) in quad.iter_mut().zip(b.quad) {
        *x = x.saturating_sub(y);
    }
    Totals {
        count: a.count.saturating_sub(b.count),
        quad,
        goldstein_sum: a.goldstein_sum - b.goldstein_sum,
        scored: a.scored.saturating_sub(b.scored),
    }
}

/// The Signorino–Ritter similarity of two profiles of positions in
/// −10 … 10 with weights: `1 − 2·Σ wᵢ|aᵢ − bᵢ| / (20·Σ wᵢ)`; `None`
/// when the weights sum to nothing or the lengths differ.
pub fn similarity(a: &[f64], b: &[f64], weights: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.len() != weights.len() {
        return None;
    }
    let (mut num, mut den) = (0.0, 0.0);
    for ((x, y), w) in a.iter().zip(b).zip(weights) {
        num += w * (x - y).abs();
        den += w;
    }
    (den > 0.0).then(|| 1.0 - 2.0 * num / (DMAX * den))
}
