//! Proleptic Gregorian calendar arithmetic, shared by the crates that date
//! things: days in a month, and dates to and from a day count (days since
//! 1970-01-01, so that differences are day differences and the count of a
//! file time is its seconds divided by 86,400).

/// True for a leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month out of range.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date written as one number, `YYYYMMDD` (as PETRARCH and the
/// dictionaries write them), split into `(year, month, day)`.
pub fn split_yyyymmdd(date: u32) -> (i32, u32, u32) {
    ((date / 10_000) as i32, date / 100 % 100, date % 100)
}

/// Days since 1970-01-01 of a date (negative before it).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    // a year counted from March, so that the leap day ends it
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` days after 1970-01-01: `(year, month, day)`.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// Day of the week of a day count, Monday 0 … Sunday 6.
pub fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday
    (days + 3).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_163), (2022, 6, 20));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn dates_to_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2022, 6, 20), 19_163);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn round_trip_and_weekdays() {
        let mut n = days_from_civil(1599, 12, 31);
        for y in 1600..=2401 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    n += 1;
                    assert_eq!(days_from_civil(y, m, d), n);
                    assert_eq!(civil_from_days(n), (y, m, d));
                }
            }
        }
        // 2022-06-20 was a Monday, 2024-02-29 a Thursday
        assert_eq!(weekday(days_from_civil(2022, 6, 20)), 0);
        assert_eq!(weekday(days_from_civil(2024, 2, 29)), 3);
        assert!(is_leap(2024) && is_leap(2000) && !is_leap(1900));
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(split_yyyymmdd(20220620), (2022, 6, 20));
    }
}
