//! The analysis endpoints: dyad series, the alignment map, changes, a
//! country's page and the store's overview, all answered from one
//! [`Dataset`] built when the server starts and rebuilt in the
//! background after documents are stored (`AppState::reanalyse_soon`).
//!
//! The dataset is held as an `Arc` behind a lock ([`Analysis`]); a
//! request takes the current one and works on it off the async threads,
//! so a rebuild never waits for a request nor a request for a rebuild.
//! Answers that take long to compute (the changes of a country, a
//! country's page, an alignment map) are kept with the dataset they came
//! from and dropped with it.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use faultline_analytics::{
    default_poles, AlignmentConfig, AnalyticsError, Change, ChangeConfig, ChangeQuery, Dataset,
    DatasetBuilder, Interval, Period, Series, SeriesQuery, Side,
};
use faultline_core::Date;
use faultline_store::{PointFilter, Store, StoreError};
use serde::Serialize;
use serde_json::{json, Value};

use crate::params::Params;
use crate::{ApiError, Shared};

/// Answers kept per dataset, of each kind, before the oldest are dropped.
const MEMO: usize = 512;

/// Partners a country's page lists first, and dyads it lists at most.
const TOP_PARTNERS: usize = 20;
const MAX_DYADS: usize = 500;

/// Event ids a series point carries when `max_ids` is not given.
const DEFAULT_MAX_IDS: i64 = 1000;

/// What the poles are called in the UI.
const POLE_LABELS: &[(&str, &str)] = &[
    ("WEST", "the West (USA, EU, NATO)"),
    ("RUS", "Russia"),
    ("CHN", "China"),
];

/// A store's events indexed for analysis, with what was worked out from
/// them so far.
pub(crate) struct Analysis {
    data: Dataset,
    /// The first and last dates of the events analysed (month or day).
    first: Option<Date>,
    last: Option<Date>,
    /// `/api/meta`'s answer.
    meta: Bytes,
    changes: Memo<Option<String>, Arc<Vec<Change>>>,
    answers: Memo<String, Bytes>,
}

/// Answers by key, at most [`MEMO`] of them (all dropped when full: the
/// keys come from requests, and a few recomputations cost less than
/// bookkeeping).
struct Memo<K, V> {
    map: Mutex<HashMap<K, V>>,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    fn new() -> Self {
        Memo {
            map: Mutex::new(HashMap::new()),
        }
    }

    fn get_or(&self, key: K, make: impl FnOnce() -> Result<V, ApiError>) -> Result<V, ApiError> {
        if let Some(v) = self.lock().get(&key) {
            return Ok(v.clone());
        }
        let v = make()?;
        let mut map = self.lock();
        if map.len() >= MEMO {
            map.clear();
        }
        map.insert(key, v.clone());
        Ok(v)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, V>> {
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Analysis {
    /// Reads every event of `store` into a dataset.
    pub(crate) fn build(store: &Store) -> Result<Analysis, StoreError> {
        let snapshot = store.snapshot()?;
        let counts = snapshot.counts()?;
        let mut builder = DatasetBuilder::new();
        let (mut first, mut last): (Option<Date>, Option<Date>) = (None, None);
        snapshot.for_each_event_point(&PointFilter::default(), |p| {
            if p.date.month().is_some() {
                first = Some(first.map_or(p.date, |d| d.min(p.date)));
                last = Some(last.map_or(p.date, |d| d.max(p.date)));
            }
            builder.push(&p);
            Ok::<(), StoreError>(())
        })?;
        let data = builder.finish();
        let mut months = Vec::new();
        if let Some((lo, hi)) = data.months() {
            let mut m = lo;
            while m <= hi {
                months.push(m.to_string());
                m = m.next();
            }
        }
        let coverage = data.coverage();
        let poles: Vec<Value> = POLE_LABELS
            .iter()
            .map(|(id, label)| json!({"id": id, "label": label}))
            .collect();
        let meta = json!({
            "from": first.map(|d| d.to_string()),
            "to": last.map(|d| d.to_string()),
            "months": months,
            "poles": poles,
            "events": counts.events,
            "documents": counts.documents,
            "analysed_events": coverage.events,
            "year_only_events": coverage.year_only,
            "no_country_events": coverage.no_party,
        });
        Ok(Analysis {
            data,
            first,
            last,
            meta: Bytes::from(meta.to_string()),
            changes: Memo::new(),
            answers: Memo::new(),
        })
    }

    /// The changes of a country's series (or of the busiest dyads), over
    /// all its events; worked out once.
    fn changes(&self, country: Option<String>) -> Result<Arc<Vec<Change>>, ApiError> {
        self.changes.get_or(country.clone(), || {
            let q = ChangeQuery {
                country,
                ..ChangeQuery::default()
            };
            let found = self
                .data
                .changes(&q, &ChangeConfig::default())
                .map_err(|e| analytics_error("country", e))?;
            Ok(Arc::new(found))
        })
    }
}

/// A 400 naming `parameter` for a question the dataset cannot answer.
fn analytics_error(parameter: &str, e: AnalyticsError) -> ApiError {
    ApiError::parameter(parameter, e.to_string())
}

/// JSON bytes as an answer.
fn json_bytes(bytes: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

fn to_bytes(v: &impl Serialize) -> Result<Bytes, ApiError> {
    serde_json::to_vec(v)
        .map(Bytes::from)
        .map_err(|e| ApiError::internal(format!("cannot write the answer: {e}")))
}

/// Runs `work` on the current dataset, on the blocking pool.
async fn with_analysis<T: Send + 'static>(
    state: &Shared,
    work: impl FnOnce(&Analysis) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let analysis = state.analysis();
    tokio::task::spawn_blocking(move || work(&analysis))
        .await
        .map_err(|e| ApiError::internal(format!("the analysis stopped: {e}")))?
}

/// A party or pole named in a path or parameter: a CAMEO actor code
/// (rolled up to its country: `RUSGOV` is `RUS`) or, when `poles`, a
/// pole's name (`WEST`).
fn side(name: &str, value: &str, poles: bool) -> Result<Side, ApiError> {
    let well_formed = !value.is_empty()
        && value.len() <= 40
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let found = if !well_formed {
        None
    } else if poles {
        Side::pole(value).ok()
    } else {
        Side::actor(&value.to_ascii_uppercase()).ok()
    };
    found.ok_or_else(|| {
        ApiError::parameter(
            name,
            format!(
                "{name} must be a CAMEO actor code with a country{}: not '{value}'",
                if poles {
                    " or a pole (WEST, RUS, CHN)"
                } else {
                    ""
                }
            ),
        )
    })
}

/// `true` or `false`.
fn flag(p: &Params, name: &str) -> Result<Option<bool>, ApiError> {
    Ok(p.choice(name, &["true", "false"])?.map(|v| v == "true"))
}

/// A month written `YYYY-MM`.
fn month(name: &str, value: &str) -> Result<Period, ApiError> {
    let shape = value.len() == 7
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape
        .then(|| Period::parse(Interval::Month, value).ok())
        .flatten()
        .ok_or_else(|| {
            ApiError::parameter(
                name,
                format!("{name} must be a month, YYYY-MM: not '{value}'"),
            )
        })
}

/// `GET /api/meta`: the dates, months, poles and counts of the store.
pub(crate) async fn meta(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    Ok(json_bytes(state.analysis().meta.clone()))
}

/// `GET /api/dyads/{a}/{b}/series`: the time series between two parties
/// or poles.
pub(crate) async fn series(
    State(state): State<Shared>,
    Path((a, b)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(
        query.as_deref(),
        &["interval", "from", "to", "directed", "max_ids"],
    )?;
    let (a, b) = (side("a", &a, true)?, side("b", &b, true)?);
    let interval = match p.choice("interval", &["day", "week", "month"])? {
        Some("day") => Interval::Day,
        Some("week") => Interval::Week,
        _ => Interval::Month,
    };
    let (from, to) = (p.date("from")?, p.date("to")?);
    let directed = flag(&p, "directed")?.unwrap_or(false);
    let q = SeriesQuery {
        interval,
        from,
        to,
        directed,
        max_ids: Some(
            usize::try_from(p.int("max_ids", 0, 100_000)?.unwrap_or(DEFAULT_MAX_IDS)).unwrap_or(0),
        ),
    };
    let bytes = with_analysis(&state, move |an| {
        // periods before the first event or after the last hold nothing:
        // the series spans at most the events' dates
        let (Some(first), Some(last)) = (an.first, an.last) else {
            return to_bytes(&empty_series(&a, &b, &q));
        };
        let from = q
            .from
            .filter(|f| f.first_day() > first.first_day())
            .unwrap_or(first);
        let to =
            q.to.filter(|t| t.last_day() < last.last_day())
                .unwrap_or(last);
        if from.first_day() > to.last_day() {
            return to_bytes(&empty_series(&a, &b, &q));
        }
        let q = SeriesQuery {
            from: Some(from),
            to: Some(to),
            ..q
        };
        let series = an.data.series(&a, &b, &q).map_err(|e| match e {
            AnalyticsError::TooManyPeriods(_) => analytics_error("interval", e),
            other => analytics_error("from", other),
        })?;
        to_bytes(&series)
    })
    .await?;
    Ok(json_bytes(bytes))
}

/// A series of no period (a range that holds no event).
fn empty_series(a: &Side, b: &Side, q: &SeriesQuery) -> Series {
    Series {
        a: a.name.clone(),
        b: b.name.clone(),
        directed: q.directed,
        interval: q.interval,
        points: Vec::new(),
        imprecise: 0,
    }
}

/// `GET /api/alignment`: every country's alignment toward a pole in a
/// month.
pub(crate) async fn alignment(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(query.as_deref(), &["month", "pole"])?;
    let pole = p.get("pole").map(|v| v.to_ascii_uppercase());
    let pole = match pole.as_deref() {
        None => "RUS".to_string(),
        Some(v) if POLE_LABELS.iter().any(|(id, _)| *id == v) => v.to_string(),
        Some(_) => {
            return Err(ApiError::parameter(
                "pole",
                "pole must be one of WEST, RUS, CHN",
            ))
        }
    };
    let asked = p.get("month").map(|v| month("month", v)).transpose()?;
    let bytes = with_analysis(&state, move |an| {
        let month = match asked {
            Some(m) => m,
            None => an.data.months().map(|(_, last)| last).ok_or_else(|| {
                ApiError::parameter("month", "the store holds no dated events: give a month")
            })?,
        };
        an.answers.get_or(format!("alignment {month} {pole}"), || {
            let side = Side::pole(&pole).map_err(|e| analytics_error("pole", e))?;
            let map = an
                .data
                .alignment(month, &side, &AlignmentConfig::default())
                .map_err(|e| analytics_error("month", e))?;
            to_bytes(&map)
        })
    })
    .await?;
    Ok(json_bytes(bytes))
}

/// `GET /api/changes`: changes in a country's dyads and its series
/// toward each pole (or in the busiest dyads), with their events.
pub(crate) async fn changes(
    State(state): State<Shared>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(query.as_deref(), &["from", "to", "country"])?;
    // from after to: no change is in the range
    let (from, to) = (p.date("from")?, p.date("to")?);
    let country = p
        .get("country")
        .map(|c| side("country", c, false).map(|s| s.name))
        .transpose()?;
    let bytes = with_analysis(&state, move |an| {
        let all = an.changes(country)?;
        let lo = from.map(|d| d.first_day());
        let hi = to.map(|d| d.last_day());
        let kept: Vec<&Change> = all
            .iter()
            .filter(|c| {
                let d = c.period.first_day();
                lo.is_none_or(|lo| d >= lo) && hi.is_none_or(|hi| d <= hi)
            })
            .collect();
        to_bytes(&json!({ "changes": kept }))
    })
    .await?;
    Ok(json_bytes(bytes))
}

/// `GET /api/countries/{code}`: a country's events, partners, dyads and
/// alignment toward each pole month by month.
pub(crate) async fn country(
    State(state): State<Shared>,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let side = side("code", &code, false)?;
    let bytes = with_analysis(&state, move |an| {
        an.answers
            .get_or(format!("country {}", side.name), || country_page(an, &side))
    })
    .await?;
    Ok(json_bytes(bytes))
}

fn country_page(an: &Analysis, side: &Side) -> Result<Bytes, ApiError> {
    let data = &an.data;
    let partners = data.partners(side, None, None);
    // events within the country (KAZGOV→KAZMIL) are no partner's
    let own = data
        .series(
            side,
            side,
            &SeriesQuery {
                directed: true,
                max_ids: Some(0),
                ..SeriesQuery::default()
            },
        )
        .map(|s| s.points.iter().map(|p| u64::from(p.count)).sum::<u64>())
        .unwrap_or(0);
    let events = own
        + partners
            .iter()
            .map(|p| u64::from(p.totals.count))
            .sum::<u64>();
    let partner_json = |p: &faultline_analytics::Partner| {
        json!({
            "country": p.party, "kind": p.kind, "events": p.totals.count,
            "net_cooperation": p.net_cooperation, "goldstein_mean": p.goldstein_mean,
            "quad": p.totals.quad, "sent": p.sent, "received": p.received,
        })
    };
    let dyads: Vec<Value> = partners
        .iter()
        .take(MAX_DYADS)
        .map(|p| {
            json!({
                "a": side.name, "b": p.party, "kind": p.kind, "events": p.totals.count,
                "net_cooperation": p.net_cooperation, "goldstein_mean": p.goldstein_mean,
                "quad": p.totals.quad, "sent": p.sent, "received": p.received,
            })
        })
        .collect();
    let mut alignment = Vec::new();
    if let Some((first, last)) = data.months() {
        for pole in default_poles() {
            let history = data
                .alignment_history(&side.name, &pole, first, last, &AlignmentConfig::default())
                .map_err(|e| analytics_error("code", e))?;
            for (month, a) in history {
                alignment.push(json!({
                    "month": month.to_string(),
                    "pole": pole.name,
                    "score": a.as_ref().map(|a| a.score),
                    "events": a.as_ref().map_or(0, |a| a.events),
                    "direct": a.as_ref().and_then(|a| a.direct),
                    "similarity": a.as_ref().and_then(|a| a.similarity),
                    "direct_events": a.as_ref().map_or(0, |a| a.direct_events),
                }));
            }
        }
    }
    to_bytes(&json!({
        "country": side.name,
        "events": events,
        "partners": partners.iter().take(TOP_PARTNERS).map(partner_json).collect::<Vec<_>>(),
        "dyads": dyads,
        "alignment": alignment,
    }))
}
