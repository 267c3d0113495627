//! Event dates as written (`2022-06-19`, `2022-05`, `2022`) and the span
//! of days each one covers.

use std::fmt;

use faultline_text::calendar::{days_from_civil, days_in_month};

/// How much of an event date is known.
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
    /// The name stored in the `date_precision` column.
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

/// A calendar date known to the day, the month or the year, kept as
/// written. Only valid dates can be made: the month is 1–12 and the day
/// exists in its month.
///
/// ```
/// use faultline_store::{EventDate, Precision};
///
/// let may = EventDate::parse("2022-05").unwrap();
/// assert_eq!(may.precision(), Precision::Month);
/// assert!(may.compatible(&EventDate::parse("2022-05-31").unwrap()));
/// assert!(!may.compatible(&EventDate::parse("2022-06-01").unwrap()));
/// assert!(EventDate::parse("2022-02-30").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventDate {
    text: String,
    precision: Precision,
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
    /// First and last day covered, as days since 1970-01-01.
    first: i64,
    last: i64,
}

impl EventDate {
    /// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (four-digit years); `None`
    /// for anything else, including days that do not exist.
    pub fn parse(s: &str) -> Option<EventDate> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(r)?;
            if part.iter().all(u8::is_ascii_digit) {
                part.iter().try_fold(0u32, |n, d| {
                    n.checked_mul(10)?.checked_add(u32::from(d - b'0'))
                })
            } else {
                None
            }
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let (precision, month, day) = match b.len() {
            4 => (Precision::Year, None, None),
            7 if b[4] == b'-' => (Precision::Month, Some(digits(5..7)?), None),
            10 if b[4] == b'-' && b[7] == b'-' => {
                (Precision::Day, Some(digits(5..7)?), Some(digits(8..10)?))
            }
            _ => return None,
        };
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
        }
        if let (Some(m), Some(d)) = (month, day) {
            if d < 1 || d > days_in_month(year, m) {
                return None;
            }
        }
        let (first, last) = match (month, day) {
            (Some(m), Some(d)) => {
                let n = days_from_civil(year, m, d);
                (n, n)
            }
            (Some(m), None) => (
                days_from_civil(year, m, 1),
                days_from_civil(year, m, days_in_month(year, m)),
            ),
            _ => (days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)),
        };
        Some(EventDate {
            text: s.to_string(),
            precision,
            year,
            month,
            day,
            first,
            last,
        })
    }

    /// The date as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), unless only the year is known.
    pub fn month(&self) -> Option<u32> {
        self.month
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// The first day the date covers, in days since 1970-01-01.
    pub fn first_day(&self) -> i64 {
        self.first
    }

    /// The last day the date covers, in days since 1970-01-01.
    pub fn last_day(&self) -> i64 {
        self.last
    }

    /// Whether two dates can name the same event: two days at most one day
    /// apart, or a month or year that contains the other date (or overlaps
    /// it).
    pub fn compatible(&self, other: &EventDate) -> bool {
        if self.precision == Precision::Day && other.precision == Precision::Day {
            (self.first - other.first).abs() <= 1
        } else {
            self.first <= other.last && other.first <= self.last
        }
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let cases: [(&str, Option<Precision>); 16] = [
            ("2022-06-19", Some(Precision::Day)),
            ("2022-05", Some(Precision::Month)),
            ("2022", Some(Precision::Year)),
            ("2024-02-29", Some(Precision::Day)),
            ("2023-02-29", None),
            ("2000-02-29", Some(Precision::Day)),
            ("1900-02-29", None),
            ("2022-13", None),
            ("2022-00-10", None),
            ("2022-06-31", None),
            ("2022-6-1", None),
            ("20220619", None),
            ("", None),
            ("２０２２", None),
            ("2022-06-19 ", None),
            ("abcd", None),
        ];
        for (s, want) in cases {
            assert_eq!(EventDate::parse(s).map(|d| d.precision()), want, "{s:?}");
        }
    }

    #[test]
    fn spans() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2022, 6, 20), 19_163);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        let feb = EventDate::parse("2024-02").unwrap();
        assert_eq!(feb.last_day() - feb.first_day(), 28);
        let year = EventDate::parse("2023").unwrap();
        assert_eq!(year.last_day() - year.first_day(), 364);
    }

    #[test]
    fn compatibility() {
        let d = |s| EventDate::parse(s).unwrap();
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
