//! Periods of a series: days, ISO weeks (Monday to Sunday, numbered in
//! the year of their Thursday) and calendar months, each a number so that
//! consecutive periods are consecutive numbers.

use std::fmt;
use std::str::FromStr;

use faultline_core::calendar::{civil_from_days, days_from_civil, weekday};
use faultline_core::Date;
use serde::{Serialize, Serializer};

use crate::AnalyticsError;

/// How long the periods of a series are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    Day,
    Week,
    #[default]
    Month,
}

impl FromStr for Interval {
    type Err = AnalyticsError;

    /// `day`, `week` or `month`.
    fn from_str(s: &str) -> Result<Interval, AnalyticsError> {
        match s {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            _ => Err(AnalyticsError::Interval(s.to_string())),
        }
    }
}

impl Interval {
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }
}

/// The Monday of week 0: 1970-01-05 (day 4 of the day count).
const FIRST_MONDAY: i64 = 4;

/// One period: `index` counts days since 1970-01-01, weeks since the
/// week of 1970-01-05, or months since January of year 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub interval: Interval,
    pub index: i64,
}

impl Period {
    /// The period of `interval` a date falls in; `None` when the date is
    /// less precise than the period (a month-only date has no week).
    pub fn of(interval: Interval, date: Date) -> Option<Period> {
        let index = match interval {
            Interval::Day => date.day().map(|_| date.first_day())?,
            Interval::Week => date.day().map(|_| week_of_day(date.first_day()))?,
            Interval::Month => month_index(date.year(), date.month()?),
        };
        Some(Period { interval, index })
    }

    /// The period of `interval` holding the day `days` (days since
    /// 1970-01-01).
    pub fn of_day(interval: Interval, days: i64) -> Period {
        let index = match interval {
            Interval::Day => days,
            Interval::Week => week_of_day(days),
            Interval::Month => {
                let (y, m, _) = civil_from_days(days);
                month_index(y, m)
            }
        };
        Period { interval, index }
    }

    /// The month `YYYY-MM`, the week `YYYY-Www` or the day `YYYY-MM-DD`,
    /// as [`Period`] is written.
    pub fn parse(interval: Interval, s: &str) -> Result<Period, AnalyticsError> {
        let bad = || AnalyticsError::Period {
            interval,
            text: s.to_string(),
        };
        match interval {
            Interval::Day => {
                let d = Date::parse(s)
                    .filter(|d| d.day().is_some())
                    .ok_or_else(bad)?;
                Ok(Period::of_day(interval, d.first_day()))
            }
            Interval::Month => {
                let d = Date::parse(s)
                    .filter(|d| d.month().is_some() && d.day().is_none())
                    .ok_or_else(bad)?;
                Period::of(interval, d).ok_or_else(bad)
            }
            Interval::Week => {
                let (y, w) = s.split_once("-W").ok_or_else(bad)?;
                let year: i32 = digits(y, 4).ok_or_else(bad)?;
                let week: i64 = digits::<i64>(w, 2).ok_or_else(bad)?;
                // week 1 holds January 4th
                let w1 = week_of_day(days_from_civil(year, 1, 4));
                let p = Period {
                    interval,
                    index: w1 + week - 1,
                };
                if week < 1 || p.iso_week() != (year, week as u32) {
                    return Err(bad());
                }
                Ok(p)
            }
        }
    }

    /// The first day of the period, in days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        match self.interval {
            Interval::Day => self.index,
            Interval::Week => FIRST_MONDAY + self.index * 7,
            Interval::Month => {
                let (y, m) = year_month(self.index);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// The last day of the period, in days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        self.next().first_day() - 1
    }

    /// The first day of the period as a [`Date`].
    pub fn start(&self) -> Option<Date> {
        Date::from_days(self.first_day())
    }

    pub fn next(&self) -> Period {
        self.offset(1)
    }

    /// The period `n` periods later (earlier when `n` is negative).
    pub fn offset(&self, n: i64) -> Period {
        Period {
            interval: self.interval,
            index: self.index + n,
        }
    }

    /// ISO year and week number of a week (of any period: of its first day).
    fn iso_week(&self) -> (i32, u32) {
        let monday = FIRST_MONDAY + week_of_day(self.first_day()) * 7;
        let (year, _, _) = civil_from_days(monday + 3);
        let week = (monday + 3 - days_from_civil(year, 1, 1)) / 7 + 1;
        (year, week as u32)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.interval {
            Interval::Day => {
                let (y, m, d) = civil_from_days(self.index);
                write!(f, "{y:04}-{m:02}-{d:02}")
            }
            Interval::Week => {
                let (y, w) = self.iso_week();
                write!(f, "{y:04}-W{w:02}")
            }
            Interval::Month => {
                let (y, m) = year_month(self.index);
                write!(f, "{y:04}-{m:02}")
            }
        }
    }
}

/// Written as its label, `"2022-06"`.
impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn week_of_day(days: i64) -> i64 {
    (days - i64::from(weekday(days)) - FIRST_MONDAY).div_euclid(7)
}

pub(crate) fn month_index(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

fn year_month(index: i64) -> (i32, u32) {
    (
        i32::try_from(index.div_euclid(12)).unwrap_or(0),
        index.rem_euclid(12) as u32 + 1,
    )
}

fn digits<T: FromStr>(s: &str, n: usize) -> Option<T> {
    if s.len() == n && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn iso_weeks_cross_years_as_iso_says() {
        // (day, its ISO week)
        let cases = [
            ("2021-01-03", "2020-W53"), // a Sunday: the last week of 2020
            ("2021-01-04", "2021-W01"), // the Monday after
            ("2022-06-19", "2022-W24"),
            ("2022-06-20", "2022-W25"),
            ("2024-12-30", "2025-W01"), // a Monday in 2024, week 1 of 2025
            ("2026-01-01", "2026-W01"),
            ("1970-01-01", "1970-W01"),
            ("1969-12-29", "1970-W01"),
        ];
        for (d, want) in cases {
            let p = Period::of(Interval::Week, day(d)).unwrap();
            assert_eq!(p.to_string(), want, "{d}");
            assert_eq!(Period::parse(Interval::Week, want).unwrap(), p, "{want}");
            assert_eq!(faultline_core::calendar::weekday(p.first_day()), 0);
            assert_eq!(p.last_day() - p.first_day(), 6);
        }
        assert!(Period::parse(Interval::Week, "2021-W53").is_err());
        assert!(Period::parse(Interval::Week, "2020-W53").is_ok());
        assert!(Period::parse(Interval::Week, "2020-W00").is_err());
    }

    #[test]
    fn months_and_days_count_consecutively() {
        let dec = Period::of(Interval::Month, day("2021-12")).unwrap();
        assert_eq!(dec.next().to_string(), "2022-01");
        assert_eq!(dec.next().start(), Date::parse("2022-01-01"));
        assert_eq!(
            Period::parse(Interval::Month, "2022-02")
                .unwrap()
                .last_day(),
            day("2022-02-28").first_day()
        );
        assert!(Period::parse(Interval::Month, "2022-02-03").is_err());
        assert!(Period::parse(Interval::Month, "2022-13").is_err());
        let d = Period::of(Interval::Day, day("2022-06-19")).unwrap();
        assert_eq!(d.next().to_string(), "2022-06-20");
        assert_eq!(Period::parse(Interval::Day, "2022-06-19").unwrap(), d);
        // a month-only date has no day or week
        assert_eq!(Period::of(Interval::Week, day("2022-06")), None);
        assert_eq!(Period::of(Interval::Month, day("2022")), None);
        assert_eq!("week".parse::<Interval>().unwrap(), Interval::Week);
        assert!("fortnight".parse::<Interval>().is_err());
    }
}
