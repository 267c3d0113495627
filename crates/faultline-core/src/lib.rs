//! The vocabulary every faultline crate shares: the proleptic Gregorian
//! [`calendar`] and [`Date`], a calendar date known to the day, the month
//! or the year.
//!
//! A date is made once, where it is read (a publication date in a page, a
//! `--date` argument, a time expression in a sentence, a stored row), and
//! then travels as this one `Copy` value down to the output, where it is
//! written with [`Date`]'s `Display` (`2022-06-19`, `2022-05` or `2022`).
//! Nothing formats a date to parse it back.
//!
//! ```
//! use faultline_core::{Date, Precision};
//!
//! let may = Date::parse("2022-05").unwrap();
//! assert_eq!(may.precision(), Precision::Month);
//! assert!(may.compatible(&Date::parse("2022-05-31").unwrap()));
//! assert_eq!(may.to_string(), "2022-05");
//! assert_eq!(Date::parse_day("20220619").unwrap().to_string(), "2022-06-19");
//! assert_eq!(
//!     Date::parse_day("2024-13-01").unwrap_err().to_string(),
//!     "month 13 is out of range (1-12)"
//! );
//! ```

pub mod calendar;

use std::fmt;
use std::str::FromStr;

use calendar::{days_from_civil, days_in_month};

/// How much of a [`Date`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`: some day of that month.
    Month,
    /// `YYYY`: some day of that year.
    Year,
}

impl Precision {
    /// `day`, `month` or `year`, as written in records and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Precision {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Precision, DateError> {
        match s {
            "day" => Ok(Precision::Day),
            "month" => Ok(Precision::Month),
            "year" => Ok(Precision::Year),
            _ => Err(DateError::Format(s.to_string())),
        }
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (YYYY-MM-DD)")]
    Format(String),
    #[error("month {0} is out of range (1-12)")]
    Month(u32),
    #[error("day {day} is out of range for {year:04}-{month:02} (1-{last})")]
    Day {
        year: i32,
        month: u32,
        day: u32,
        last: u32,
    },
}

/// A calendar date known to the day, the month or the year. Only valid
/// dates can be made: the month is 1–12 and the day exists in its month;
/// years are 0–9999, so that every date is written with four digits.
///
/// Dates order as they are written: a year before its months, a month
/// before its days (`2022` < `2022-05` < `2022-05-03` < `2022-06`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i16,
    /// 1–12, or 0 when only the year is known.
    month: u8,
    /// 1–31, or 0 when the day is not known.
    day: u8,
}

impl Date {
    /// 1970-01-01, day 0 of [`calendar`]'s day count.
    pub const UNIX_EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// A day; `None` unless the date exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        Date::checked(year, month, day).ok()
    }

    /// A month; `None` unless the month is 1–12.
    pub fn from_ym(year: i32, month: u32) -> Option<Date> {
        Date::checked(year, month, 0).ok()
    }

    /// A year; `None` outside 0–9999.
    pub fn from_year(year: i32) -> Option<Date> {
        Date::checked(year, 0, 0).ok()
    }

    /// The day `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Option<Date> {
        let (y, m, d) = calendar::civil_from_days(days);
        Date::from_ymd(y, m, d)
    }

    /// A day written as one number, `YYYYMMDD` (as PETRARCH and its
    /// dictionaries write them).
    pub fn from_yyyymmdd(n: u32) -> Option<Date> {
        let (y, m, d) = calendar::split_yyyymmdd(n);
        Date::from_ymd(y, m, d)
    }

    fn checked(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let Ok(y) = i16::try_from(year) else {
            return Err(DateError::Format(year.to_string()));
        };
        if !(0..=9999).contains(&y) {
            return Err(DateError::Format(year.to_string()));
        }
        if month > 12 || (month == 0 && day != 0) {
            return Err(DateError::Month(month));
        }
        if month > 0 && day > days_in_month(year, month) {
            return Err(DateError::Day {
                year,
                month,
                day,
                last: days_in_month(year, month),
            });
        }
        // both bounds checked above
        Ok(Date {
            year: y,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (four-digit years, nothing
    /// around them); `None` for anything else, including days that do not
    /// exist. This is the form [`Date`] is written in.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let year = digits(b.get(0..4)?)?;
        let (month, day) = match b.len() {
            4 => (0, 0),
            7 if b[4] == b'-' => (digits(&b[5..7])?, 0),
            10 if b[4] == b'-' && b[7] == b'-' => (digits(&b[5..7])?, digits(&b[8..10])?),
            _ => return None,
        };
        if (b.len() > 4 && month == 0) || (b.len() == 10 && day == 0) {
            return None;
        }
        Date::checked(i32::try_from(year).ok()?, month, day).ok()
    }

    /// Reads a day written `YYYY-MM-DD` or `YYYYMMDD`, surrounding
    /// whitespace ignored, and says what is wrong with anything else.
    pub fn parse_day(s: &str) -> Result<Date, DateError> {
        let t = s.trim();
        let b = t.as_bytes();
        let bad = || DateError::Format(t.to_string());
        let (y, m, d) = match b.len() {
            8 => (&b[0..4], &b[4..6], &b[6..8]),
            10 if b[4] == b'-' && b[7] == b'-' => (&b[0..4], &b[5..7], &b[8..10]),
            _ => return Err(bad()),
        };
        let (y, m, d) = (
            digits(y).ok_or_else(bad)?,
            digits(m).ok_or_else(bad)?,
            digits(d).ok_or_else(bad)?,
        );
        if !(1..=12).contains(&m) {
            return Err(DateError::Month(m));
        }
        let year = i32::try_from(y).map_err(|_| bad())?;
        if d == 0 {
            return Err(DateError::Day {
                year,
                month: m,
                day: d,
                last: days_in_month(year, m),
            });
        }
        Date::checked(year, m, d)
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1–12), unless only the year is known.
    pub fn month(&self) -> Option<u32> {
        (self.month > 0).then_some(u32::from(self.month))
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u32> {
        (self.day > 0).then_some(u32::from(self.day))
    }

    /// The first day the date covers, in days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        let m = self.month().unwrap_or(1);
        days_from_civil(self.year(), m, self.day().unwrap_or(1))
    }

    /// The last day the date covers, in days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        let y = self.year();
        match (self.month(), self.day()) {
            (Some(m), Some(d)) => days_from_civil(y, m, d),
            (Some(m), None) => days_from_civil(y, m, days_in_month(y, m)),
            _ => days_from_civil(y, 12, 31),
        }
    }

    /// The first day the date covers as `YYYYMMDD`, the form the
    /// dictionaries' dated entries are compared in.
    pub fn yyyymmdd(&self) -> u32 {
        let y = u32::try_from(self.year()).unwrap_or(0);
        y * 10_000 + self.month().unwrap_or(1) * 100 + self.day().unwrap_or(1)
    }

    /// `(year, month, day)` of the first day the date covers.
    pub fn ymd(&self) -> (i32, u32, u32) {
        (
            self.year(),
            self.month().unwrap_or(1),
            self.day().unwrap_or(1),
        )
    }

    /// Whether two dates can name the same event: two days at most one day
    /// apart, or a month or year that contains the other date (or overlaps
    /// it).
    pub fn compatible(&self, other: &Date) -> bool {
        if self.precision() == Precision::Day && other.precision() == Precision::Day {
            (self.first_day() - other.first_day()).abs() <= 1
        } else {
            self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
        }
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, at the date's precision.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if self.month > 0 {
            write!(f, "-{:02}", self.month)?;
        }
        if self.day > 0 {
            write!(f, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0u32, |n, d| {
        n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let cases: [(&str, Option<Precision>); 17] = [
            ("2022-06-19", Some(Precision::Day)),
            ("2022-05", Some(Precision::Month)),
            ("2022", Some(Precision::Year)),
            ("2024-02-29", Some(Precision::Day)),
            ("2023-02-29", None),
            ("2000-02-29", Some(Precision::Day)),
            ("1900-02-29", None),
            ("2022-13", None),
            ("2022-00-10", None),
            ("2022-06-00", None),
            ("2022-06-31", None),
            ("2022-6-1", None),
            ("20220619", None),
            ("", None),
            ("２０２２", None),
            ("2022-06-19 ", None),
            ("abcd", None),
        ];
        for (s, want) in cases {
            let got = Date::parse(s);
            assert_eq!(got.map(|d| d.precision()), want, "{s:?}");
            if let Some(d) = got {
                assert_eq!(d.to_string(), s);
            }
        }
    }

    #[test]
    fn days_say_what_is_wrong() {
        assert_eq!(
            Date::parse_day(" 2008-02-29 ").map(|d| d.to_string()),
            Ok("2008-02-29".into())
        );
        assert_eq!(Date::parse_day("20080229").unwrap().yyyymmdd(), 20080229);
        assert_eq!(Date::parse_day("2024-13-01"), Err(DateError::Month(13)));
        assert!(matches!(
            Date::parse_day("2023-02-29"),
            Err(DateError::Day {
                day: 29,
                last: 28,
                ..
            })
        ));
        assert!(matches!(
            Date::parse_day("2008-0229"),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            Date::parse_day("é2008022"),
            Err(DateError::Format(_))
        ));
    }

    #[test]
    fn spans_and_order() {
        let feb = Date::parse("2024-02").unwrap();
        assert_eq!(feb.last_day() - feb.first_day(), 28);
        let year = Date::parse("2023").unwrap();
        assert_eq!(year.last_day() - year.first_day(), 364);
        let mut dates: Vec<Date> = ["2022-06", "2022-05-03", "2022", "2021-12-31", "2022-05"]
            .iter()
            .map(|s| Date::parse(s).unwrap())
            .collect();
        dates.sort();
        let written: Vec<String> = dates.iter().map(Date::to_string).collect();
        assert_eq!(
            written,
            ["2021-12-31", "2022", "2022-05", "2022-05-03", "2022-06"]
        );
        assert_eq!(Date::from_days(19_163), Date::from_ymd(2022, 6, 20));
    }

    #[test]
    fn compatibility() {
        let d = |s| Date::parse(s).unwrap();
        let cases = [
            ("2022-06-19", "2022-06-19", true),
            ("2022-06-19", "2022-06-20", true),
            ("2022-06-19", "2022-06-21", false),
            ("2022-06-30", "2022-07-01", true),
            ("2022-06", "2022-06-30", true),
            ("2022-06", "2022-07-01", false),
            ("2022-06", "2022-06", true),
            ("2022-06", "2022-07", false),
            ("2022", "2022-12-31", true),
            ("2022", "2023-01-01", false),
            ("2022", "2022-03", true),
        ];
        for (a, b, want) in cases {
            assert_eq!(d(a).compatible(&d(b)), want, "{a} ~ {b}");
            assert_eq!(d(b).compatible(&d(a)), want, "{b} ~ {a}");
        }
    }
}
