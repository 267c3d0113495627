//! Analysis of the events a store holds: dyad time series, an alignment
//! index of every country toward poles, and change detection, as pure
//! functions over event rows. No I/O: the caller reads the rows
//! ([`faultline_store::Snapshot::for_each_event_point`]) and hands them
//! to a [`DatasetBuilder`]; everything after is deterministic arithmetic
//! on what the [`Dataset`] holds.
//!
//! Decisions that shape it:
//!
//! - **States, not codes.** An actor code counts as its country
//!   (`RUSGOV`, `RUSMIL` → `RUS`); IGOs and other non-state codes stay
//!   themselves; codes without a country (`---`) are left out
//!   ([`party`](party::party)). A [`Side`] is a set of such parties,
//!   which is what poles are.
//! - **Index once, answer fast.** A [`Dataset`] sorts the events by date
//!   and keeps, for each unordered pair of parties, the list of its
//!   events, and for each month the totals of each directed dyad. A
//!   series reads only its dyad's events, the alignment index only the
//!   months of its window: a server builds one at start (about 32 bytes an
//!   event) and answers from it.
//! - **Dates as precise as they are.** Day and week series hold the
//!   events known to the day; monthly series also those known to the
//!   month; events known only to the year are in no series
//!   ([`Coverage`], [`Series::imprecise`]).
//! - **Every number keeps its events.** Series points and changes carry
//!   the ids of the events behind them, so that a reader can go from a
//!   point on a chart to the sentences that made it.
//!
//! The alignment formula is in [`alignment`], the change methods and
//! their thresholds in [`change`].
//!
//! ```
//! use faultline_analytics::*;
//! use faultline_store::{Date, EventPoint};
//!
//! let point = |id, date: &str, source: &str, target: &str, quad, goldstein| EventPoint {
//!     id,
//!     date: Date::parse(date).unwrap(),
//!     source: source.into(),
//!     target: target.into(),
//!     root_code: None,
//!     quad_class: Some(quad),
//!     goldstein: Some(goldstein),
//! };
//! let rows = [
//!     point(1, "2022-05-03", "KAZGOV", "RUS", 1, 3.0),
//!     point(2, "2022-05-20", "RUSMIL", "KAZ", 4, -9.5),
//!     point(3, "2022-06-19", "KAZ", "RUSGOV", 3, -2.0),
//! ];
//! let data = Dataset::from_points(&rows);
//! let (kaz, rus) = (Side::actor("KAZ")?, Side::actor("RUS")?);
//! let series = data.series(&kaz, &rus, &SeriesQuery::default())?;
//! let may = &series.points[0];
//! assert_eq!((may.period.to_string(), may.count, may.quad), ("2022-05".to_string(), 2, [1, 0, 0, 1]));
//! assert_eq!((may.net_cooperation, may.event_ids.clone()), (0, vec![1, 2]));
//! let june = Period::parse(Interval::Month, "2022-06")?;
//! let map = data.alignment(june, &Side::pole("RUS")?, &AlignmentConfig::default())?;
//! assert_eq!(map.countries[0].country, "KAZ");
//! assert!(map.countries[0].score < 0.0);
//! assert_eq!(map.countries[0].direct_events, 3);
//! # Ok::<(), AnalyticsError>(())
//! ```

pub mod alignment;
pub mod change;
mod dataset;
pub mod party;
mod period;

use faultline_core::Date;

pub use alignment::{Alignment, AlignmentConfig, CountryAlignment};
pub use change::{Change, ChangeConfig, ChangeQuery, Direction, Method};
pub use dataset::{
    Coverage, Dataset, DatasetBuilder, Partner, Series, SeriesPoint, SeriesQuery, Totals,
    MAX_PERIODS,
};
pub use party::{default_poles, PartyKind, Side};
pub use period::{Interval, Period};

/// What can be wrong with a question put to a [`Dataset`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnalyticsError {
    #[error("'{0}' is no interval (day, week or month)")]
    Interval(String),
    #[error("'{text}' is no {} (write {})", .interval.as_str(), match .interval {
        Interval::Day => "YYYY-MM-DD",
        Interval::Week => "YYYY-Www",
        Interval::Month => "YYYY-MM",
    })]
    Period { interval: Interval, text: String },
    #[error("'{0}' is a period but not a month")]
    NotAMonth(String),
    #[error("the range {from} to {to} ends before it starts")]
    Range { from: Date, to: Date },
    #[error("{0} periods are too many for one series (at most {MAX_PERIODS})")]
    TooManyPeriods(i64),
    #[error("'{0}' names no country or party")]
    NoParty(String),
    #[error("the side '{0}' has no members")]
    EmptySide(String),
    #[error("invalid configuration: {0}")]
    Config(String),
}

#[cfg(test)]
mod tests;
