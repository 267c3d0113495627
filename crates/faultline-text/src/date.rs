//! Story dates as written in PETRARCH records (`YYYYMMDD`).

use crate::calendar::days_in_month;

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parse a date written `YYYYMMDD` or `YYYY-MM-DD` (surrounding whitespace
/// ignored) into `(year, month, day)`, checking that the month is 1–12 and
/// the day exists in that month (leap years included).
///
/// ```
/// use faultline_text::parse_date;
/// assert_eq!(parse_date("20080229"), Some((2008, 2, 29)));
/// assert_eq!(parse_date("2008-02-30"), None);
/// assert_eq!(parse_date("2008-0229"), None);
/// ```
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    // ASCII-only from here on, so byte slicing cannot split a character.
    let (y, m, d) = match s.len() {
        8 => (&s[0..4], &s[4..6], &s[6..8]),
        10 if &s[4..5] == "-" && &s[7..8] == "-" => (&s[0..4], &s[5..7], &s[8..10]),
        _ => return None,
    };
    let year = i32::try_from(digits(y)?).ok()?;
    let month = digits(m)?;
    let day = digits(d)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((year, month, day))
}

/// Convert a date accepted by [`parse_date`] to ISO 8601 `YYYY-MM-DD`.
///
/// ```
/// use faultline_text::date_to_iso;
/// assert_eq!(date_to_iso("19950101").as_deref(), Some("1995-01-01"));
/// assert_eq!(date_to_iso("1995011"), None);
/// ```
pub fn date_to_iso(s: &str) -> Option<String> {
    let (y, m, d) = parse_date(s)?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        type Ymd = Option<(i32, u32, u32)>;
        let cases: &[(&str, Ymd)] = &[
            ("19950101", Some((1995, 1, 1))),
            ("2008-08-04", Some((2008, 8, 4))),
            (" 20080804\n", Some((2008, 8, 4))),
            ("20000229", Some((2000, 2, 29))),
            ("19000229", None),
            ("20240229", Some((2024, 2, 29))),
            ("20230229", None),
            ("20081301", None),
            ("20080001", None),
            ("20080100", None),
            ("20080431", None),
            ("20081231", Some((2008, 12, 31))),
            ("2008080", None),
            ("200808041", None),
            ("2008/08/04", None),
            ("+2008080", None),
            ("2008-8-04", None),
            ("", None),
            ("ééééé", None),
            ("2008080é", None),
            ("-0080804", None),
        ];
        for &(input, want) in cases {
            assert_eq!(parse_date(input), want, "input {input:?}");
        }
        assert_eq!(date_to_iso("20080804").as_deref(), Some("2008-08-04"));
        assert_eq!(date_to_iso("2008-08-04").as_deref(), Some("2008-08-04"));
        assert_eq!(date_to_iso("00010101").as_deref(), Some("0001-01-01"));
        assert_eq!(date_to_iso("x"), None);
    }
}
