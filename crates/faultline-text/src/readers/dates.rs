//! Dates as news pages write them: machine-readable values in metadata
//! (`2022-06-20T08:15:00+03:00`, `Mon, 20 Jun 2022 08:15:00 GMT`) and date
//! phrases in running text (`20 June, 2022`, `June 20, 2022`,
//! `2022-06-20`, `20.06.2022`), plus the yearless dates of datelines
//! (`MOSCOW, June 19 (Reuters) -`).
//!
//! Everything works on a small token stream (words, numbers, punctuation,
//! each with its byte span), so a match can always be quoted back exactly
//! as written. Times and time zones are ignored: a date-time gives the date
//! as written in its own zone.

use faultline_core::calendar::days_in_month;

/// Year, month, day.
pub(crate) type Ymd = (i32, u32, u32);

/// Years accepted as publication years. Anything outside is a number that
/// only looks like a date.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// `Some((y, m, d))` if that day exists and the year is plausible.
pub(crate) fn ymd(year: i32, month: u32, day: u32) -> Option<Ymd> {
    let ok = YEARS.contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month);
    ok.then_some((year, month, day))
}

/// Month number of an English month name or abbreviation (`June`, `Jun`,
/// `Sept`), any case; a trailing period is not part of `word`.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 || word.len() > 9 || !word.is_ascii() {
        return None;
    }
    let w = word.to_ascii_lowercase();
    if w == "sept" {
        return Some(9);
    }
    NAMES.iter().zip(1..).find_map(|(name, n)| {
        let hit = w == *name || (w.len() == 3 && name.starts_with(w.as_str()));
        hit.then_some(n)
    })
}

/// True for English weekday names and their usual abbreviations.
pub(crate) fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word.to_ascii_lowercase();
    DAYS.iter()
        .any(|d| w == *d || ((3..=5).contains(&w.len()) && d.starts_with(w.as_str())))
}

/// One token of the date scanner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// A run of letters.
    Word(&'a str),
    /// Digits, possibly with inner `-`, `.` or `/` between digits
    /// (`2022-06-20`), without an ordinal suffix (`20th` gives `20`).
    Num(&'a str),
    /// Any other non-space character.
    Punct(char),
}

/// A token with its byte span in the scanned text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub(crate) tok: Tok<'a>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Split `text` into words, numbers and punctuation.
pub(crate) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = start + 1;
            loop {
                match chars.peek() {
                    Some(&(i, d)) if d.is_ascii_digit() => {
                        end = i + 1;
                        chars.next();
                    }
                    Some(&(i, '-' | '.' | '/')) => {
                        // Only a separator followed by a digit is inside the number.
                        let next_is_digit = text
                            .get(i + 1..)
                            .and_then(|s| s.chars().next())
                            .is_some_and(|d| d.is_ascii_digit());
                        if !next_is_digit {
                            break;
                        }
                        end = i + 1;
                        chars.next();
                    }
                    _ => break,
                }
            }
            let num = &text[start..end];
            // Ordinal suffix (`20th`, `1st`) directly after the digits.
            let rest = &text[end..];
            let mut token_end = end;
            let suffix = rest.get(..2).map(str::to_ascii_lowercase);
            if !num.contains(['-', '.', '/'])
                && matches!(suffix.as_deref(), Some("st" | "nd" | "rd" | "th"))
                && !rest
                    .get(2..)
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_alphanumeric)
            {
                token_end = end + 2;
                chars.next();
                chars.next();
            }
            out.push(Token {
                tok: Tok::Num(num),
                start,
                end: token_end,
            });
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Token {
                tok: Tok::Word(&text[start..end]),
                start,
                end,
            });
        } else {
            out.push(Token {
                tok: Tok::Punct(c),
                start,
                end: start + c.len_utf8(),
            });
        }
    }
    out
}

/// A date phrase found in text. `year` is `None` for a yearless date
/// (`June 19`), which only datelines accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) year: Option<i32>,
    pub(crate) month: u32,
    pub(crate) day: u32,
    /// Byte span of the phrase in the scanned text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the first token after the phrase.
    pub(crate) next: usize,
}

impl Found {
    pub(crate) fn ymd(&self) -> Option<Ymd> {
        ymd(self.year?, self.month, self.day)
    }
}

fn small_number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn year_number(s: &str) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    small_number(s, 4)
        .and_then(|y| i32::try_from(y).ok())
        .filter(|y| YEARS.contains(y))
}

/// A numeric date written as one token: `2022-06-20`, `2022/06/20`,
/// `2022.06.20`, `20.06.2022`, `20-06-2022`, and `20/06/2022` or
/// `06/20/2022` when the day is unambiguous (greater than 12, or the same
/// either way).
fn numeric_date(s: &str) -> Option<Ymd> {
    let sep = s.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if a.len() == 4 {
        return ymd(year_number(a)?, small_number(b, 2)?, small_number(c, 2)?);
    }
    let year = year_number(c)?;
    let first = small_number(a, 2)?;
    let second = small_number(b, 2)?;
    if sep != '/' {
        return ymd(year, second, first);
    }
    if first > 12 || first == second {
        ymd(year, second, first)
    } else if second > 12 {
        ymd(year, first, second)
    } else {
        None
    }
}

fn word_at<'a>(toks: &[Token<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i)?.tok {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

fn punct_at(toks: &[Token<'_>], i: usize, c: char) -> bool {
    matches!(toks.get(i), Some(t) if t.tok == Tok::Punct(c))
}

fn day_at(toks: &[Token<'_>], i: usize) -> Option<u32> {
    match toks.get(i)?.tok {
        Tok::Num(n) => small_number(n, 2).filter(|d| (1..=31).contains(d)),
        _ => None,
    }
}

fn year_at(toks: &[Token<'_>], i: usize) -> Option<i32> {
    match toks.get(i)?.tok {
        Tok::Num(n) => year_number(n),
        _ => None,
    }
}

fn month_at(toks: &[Token<'_>], i: usize) -> Option<(u32, usize)> {
    let m = month_number(word_at(toks, i)?)?;
    // `Jun.` / `Sept.`: the period belongs to the abbreviation.
    let next = if punct_at(toks, i + 1, '.') {
        i + 2
    } else {
        i + 1
    };
    Some((m, next))
}

/// Optional `,` then a four-digit year at `i`: `(year, next index)`.
fn year_after(toks: &[Token<'_>], i: usize) -> Option<(i32, usize)> {
    let j = if punct_at(toks, i, ',') { i + 1 } else { i };
    year_at(toks, j).map(|y| (y, j + 1))
}

/// Try to read a date phrase starting at token `i`.
pub(crate) fn date_at(toks: &[Token<'_>], i: usize) -> Option<Found> {
    let start = toks.get(i)?.start;
    let found = |year: Option<i32>, month: u32, day: u32, next: usize| {
        let end = toks.get(next.checked_sub(1)?)?.end;
        // A yearless date must at least name a real day in some year.
        let check_year = year.unwrap_or(2000);
        ymd(check_year, month, day)?;
        Some(Found {
            year,
            month,
            day,
            start,
            end,
            next,
        })
    };
    match toks.get(i)?.tok {
        Tok::Num(n) if n.contains(['-', '.', '/']) => {
            let (y, m, d) = numeric_date(n)?;
            found(Some(y), m, d, i + 1)
        }
        Tok::Num(_) => {
            // 20 June, 2022 / 20 Jun. 2022 / 20th of June 2022 / 20. Juni
            let day = day_at(toks, i)?;
            let mut j = i + 1;
            if punct_at(toks, j, '.') {
                j += 1;
            }
            if word_at(toks, j).is_some_and(|w| w.eq_ignore_ascii_case("of")) {
                j += 1;
            }
            let (month, j) = month_at(toks, j)?;
            match year_after(toks, j) {
                Some((year, next)) => found(Some(year), month, day, next),
                None => found(None, month, day, j),
            }
        }
        Tok::Word(_) => {
            // June 20, 2022 / Jun. 20th 2022 / June 19
            let (month, j) = month_at(toks, i)?;
            let day = day_at(toks, j)?;
            // `May 2022`: a year, not a day (day_at only takes 1-2 digits).
            match year_after(toks, j + 1) {
                Some((year, next)) => found(Some(year), month, day, next),
                None => {
                    // `June 20-22` or `June 20.5`: not a plain day.
                    found(None, month, day, j + 1)
                }
            }
        }
        Tok::Punct(_) => None,
    }
}

/// Every date phrase in `text`, in order, not overlapping. With
/// `yearless`, dates without a year (`June 19`) are included too.
pub(crate) fn find_dates(text: &str, yearless: bool) -> Vec<Found> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match date_at(&toks, i) {
            Some(f) if f.year.is_some() || yearless => {
                i = f.next.max(i + 1);
                out.push(f);
            }
            _ => i += 1,
        }
    }
    out
}

/// The first complete date phrase in `text`.
pub(crate) fn first_date(text: &str) -> Option<(Ymd, Found)> {
    find_dates(text, false)
        .into_iter()
        .find_map(|f| f.ymd().map(|d| (d, f)))
}

/// Parse a machine-readable date value: ISO 8601 date or date-time
/// (`2022-06-20`, `2022-06-20T08:15:00+03:00`), compact `20220620`, or
/// anything with a complete date phrase in it (RFC 822 `Mon, 20 Jun 2022
/// 08:15:00 GMT`, `June 20, 2022`).
pub(crate) fn parse_date_value(value: &str) -> Option<Ymd> {
    let v = value.trim();
    let head: String = v.chars().take(10).collect();
    if head.len() == 10 && head.is_ascii() {
        let b = head.as_bytes();
        if b[4] == b'-' && b[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (
                year_number(&head[0..4]),
                small_number(&head[5..7], 2),
                small_number(&head[8..10], 2),
            ) {
                return ymd(y, m, d);
            }
        }
    }
    let compact: String = v.chars().take_while(char::is_ascii_digit).collect();
    if compact.len() == 8
        && v[8..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || c == 'T')
    {
        return ymd(
            year_number(&compact[0..4])?,
            small_number(&compact[4..6], 2)?,
            small_number(&compact[6..8], 2)?,
        );
    }
    first_date(v).map(|(d, _)| d)
}

/// Words that may stand beside a date in a line that says nothing else
/// (`Published on Monday, 20 June 2022 at 10:30 GMT`).
fn is_date_label(word: &str) -> bool {
    const LABELS: &[&str] = &[
        "published",
        "posted",
        "updated",
        "last",
        "modified",
        "on",
        "date",
        "at",
        "am",
        "pm",
        "gmt",
        "utc",
        "est",
        "edt",
        "cet",
        "cest",
        "bst",
        "msk",
        "eet",
        "eest",
        "time",
        "the",
        "first",
        "issued",
        "created",
    ];
    let w = word.to_lowercase();
    LABELS.contains(&w.as_str()) || is_weekday(&w)
}

/// If `line` says nothing but a date (with labels, a weekday, a time, a
/// short byline and decoration), that date.
///
/// `• 20 June, 2022`, `Published: June 20, 2022 10:30 am`, `By Anna Petrova
/// | 20.06.2022` are date lines; `On June 20, 2022 Russia blocked...` is not.
pub(crate) fn date_line(line: &str) -> Option<Ymd> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > 120 {
        return None;
    }
    let toks = tokenize(line);
    let mut i = 0;
    let mut date = None;
    let mut byline_words = 0usize;
    let mut in_byline = false;
    let mut numbers = 0;
    while i < toks.len() {
        if date.is_none() {
            if let Some(f) = date_at(&toks, i) {
                if let Some(d) = f.ymd() {
                    date = Some(d);
                    i = f.next;
                    in_byline = false;
                    continue;
                }
            }
        }
        match toks[i].tok {
            Tok::Punct(c) => in_byline = in_byline && c == '.',
            Tok::Num(n) => {
                // Parts of a clock time (`10:30`); anything bigger is content.
                small_number(n, 2)?;
                numbers += 1;
                if numbers > 3 {
                    return None;
                }
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("by") => {
                in_byline = true;
            }
            Tok::Word(w) if in_byline => {
                let capitalised = w.chars().next().is_some_and(char::is_uppercase);
                byline_words += 1;
                if !(capitalised || w == "and") || byline_words > 5 {
                    return None;
                }
            }
            Tok::Word(w) if is_date_label(w) => {}
            Tok::Word(_) => return None,
        }
        i += 1;
    }
    date
}

/// A dateline opening a story: `MOSCOW, June 19 (Reuters) -`,
/// `KYIV, Ukraine, March 3, 2023 —`, `ANKARA, 3 March (AFP) -`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Dateline {
    /// The dateline from the place to the end of the date, as written.
    pub(crate) text: String,
    pub(crate) year: Option<i32>,
    pub(crate) month: u32,
    pub(crate) day: u32,
    /// Nothing follows it in the paragraph: a dateline on a line of its
    /// own (`Moscow, 5 March 2024`), which needs no dash.
    pub(crate) alone: bool,
}

/// Read a dateline at the very start of `paragraph`, or making up the
/// whole of it.
pub(crate) fn dateline(paragraph: &str) -> Option<Dateline> {
    // A dateline is short: look at the first 160 bytes only.
    let mut cut = paragraph.len().min(160);
    while !paragraph.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &paragraph[..cut];
    let toks = tokenize(head);
    // The place: up to six capitalised words (with `.`, `-`, `'`, `,`
    // between them), starting with a capital.
    let first = word_at(&toks, 0)?;
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let mut i = 0;
    let mut words = 0;
    let mut saw_comma = false;
    loop {
        match toks.get(i).map(|t| t.tok) {
            Some(Tok::Word(w)) => {
                if saw_comma && (month_number(w).is_some() || is_weekday(w)) {
                    break;
                }
                if !w.chars().next().is_some_and(char::is_uppercase) {
                    return None;
                }
                words += 1;
                if words > 6 {
                    return None;
                }
            }
            Some(Tok::Punct(',')) => saw_comma = true,
            Some(Tok::Punct('.' | '-' | '\'' | '’')) => {}
            Some(Tok::Num(_)) if saw_comma => break,
            _ => return None,
        }
        i += 1;
    }
    // Optional weekday: `MOSCOW, Sunday, June 19`.
    if word_at(&toks, i).is_some_and(is_weekday) {
        i += 1;
        if punct_at(&toks, i, ',') {
            i += 1;
        }
    }
    let found = date_at(&toks, i)?;
    let mut j = found.next;
    // Optional agency in brackets: `(Reuters)`.
    if punct_at(&toks, j, '(') {
        let close = (j + 1..toks.len().min(j + 8)).find(|&k| punct_at(&toks, k, ')'))?;
        j = close + 1;
    }
    let dash = matches!(
        toks.get(j).map(|t| t.tok),
        Some(Tok::Punct('-' | '–' | '—' | ':' | '/'))
    );
    let ends_at = |k: usize| k == toks.len() && cut == paragraph.len();
    if !dash && !ends_at(j) {
        return None;
    }
    if let Some(y) = found.year {
        ymd(y, found.month, found.day)?;
    }
    Some(Dateline {
        text: head[..found.end].trim().to_string(),
        year: found.year,
        month: found.month,
        day: found.day,
        alone: ends_at(j + usize::from(dash)),
    })
}

/// True if `line` is a dateline and nothing more (`Moscow, 5 March 2024`,
/// `MOSCOW, June 19 (Reuters) -`): a line of its own, which is not the
/// beginning of the story's first sentence.
pub(crate) fn is_lone_dateline(line: &str) -> bool {
    dateline(line).is_some_and(|d| d.alone)
}

/// Days since 1 March of year 0 (proleptic Gregorian), for comparing dates.
fn day_number((y, m, d): Ymd) -> i64 {
    let (y, m) = if m <= 2 {
        (i64::from(y) - 1, i64::from(m) + 9)
    } else {
        (i64::from(y), i64::from(m) - 3)
    };
    365 * y + y.div_euclid(4) - y.div_euclid(100)
        + y.div_euclid(400)
        + (153 * m + 2) / 5
        + i64::from(d)
}

/// The year to give a yearless `month`/`day` so that it falls on or before
/// `reference`, with a week's grace for stories dated ahead of their crawl
/// (`Jan 2` seen on 30 December is the coming January).
pub(crate) fn year_before(month: u32, day: u32, reference: Ymd) -> Option<Ymd> {
    let limit = day_number(reference) + 7;
    [
        reference.0 + 1,
        reference.0,
        reference.0 - 1,
        reference.0 - 2,
    ]
    .into_iter()
    .filter_map(|y| ymd(y, month, day))
    .find(|&d| day_number(d) <= limit)
}

/// A year written in a URL path: `/2022/06/19/`, `/2022-06-19-`, or
/// `/2022/`.
pub(crate) fn year_in_url(url: &str) -> Option<i32> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    // Skip the scheme and host.
    let path = match path.find("://") {
        Some(p) => path[p + 3..].find('/').map_or("", |q| &path[p + 3 + q..]),
        None => path,
    };
    path.split(['/', '-', '_', '.']).find_map(year_number)
}

/// ISO 8601 form of a date.
pub(crate) fn iso(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_phrases_in_text() {
        // (text, first complete date, matched phrase)
        let cases: &[(&str, Option<Ymd>, &str)] = &[
            ("  • 20 June, 2022", Some((2022, 6, 20)), "20 June, 2022"),
            ("on June 20, 2022 the", Some((2022, 6, 20)), "June 20, 2022"),
            ("2022-06-20", Some((2022, 6, 20)), "2022-06-20"),
            ("dated 20.06.2022.", Some((2022, 6, 20)), "20.06.2022"),
            (
                "20th of June 2022",
                Some((2022, 6, 20)),
                "20th of June 2022",
            ),
            ("Jun. 3rd, 2021", Some((2021, 6, 3)), "Jun. 3rd, 2021"),
            ("Sept. 9 2020", Some((2020, 9, 9)), "Sept. 9 2020"),
            ("3 Mar 2023 10:00", Some((2023, 3, 3)), "3 Mar 2023"),
            ("2022/06/20", Some((2022, 6, 20)), "2022/06/20"),
            ("20/06/2022", Some((2022, 6, 20)), "20/06/2022"),
            ("06/20/2022", Some((2022, 6, 20)), "06/20/2022"),
            ("05/06/2022", None, ""),
            ("20-06-2022", Some((2022, 6, 20)), "20-06-2022"),
            ("29 February 2023", None, ""),
            ("29 February 2024", Some((2024, 2, 29)), "29 February 2024"),
            ("On April 1, a spokesman", None, ""),
            ("in May 2022", None, ""),
            (
                "May 2022 and 12 May 2022",
                Some((2022, 5, 12)),
                "12 May 2022",
            ),
            ("31 June 2022", None, ""),
            ("1,700 railcars in 2022", None, ""),
            ("June 20, 1850", None, ""),
            ("$21.6 million", None, ""),
            ("Mayday 5, 2022", None, ""),
            ("", None, ""),
            ("éé 5 Juné 2022", None, ""),
        ];
        for &(text, want, phrase) in cases {
            let got = first_date(text);
            assert_eq!(got.map(|g| g.0), want, "text {text:?}");
            if let Some((_, f)) = got {
                assert_eq!(&text[f.start..f.end], phrase, "text {text:?}");
            }
        }
    }

    #[test]
    fn date_values() {
        let cases: &[(&str, Option<Ymd>)] = &[
            ("2022-06-20T08:15:00+03:00", Some((2022, 6, 20))),
            ("2022-06-20", Some((2022, 6, 20))),
            (" 2022-06-20 10:00 ", Some((2022, 6, 20))),
            ("20220620", Some((2022, 6, 20))),
            ("20220620T081500Z", Some((2022, 6, 20))),
            ("Mon, 20 Jun 2022 08:15:00 GMT", Some((2022, 6, 20))),
            ("June 20, 2022", Some((2022, 6, 20))),
            ("2022-13-01", None),
            ("2022-06", None),
            ("yesterday", None),
            ("", None),
            ("2022-06-", None),
            ("2022-06-2", Some((2022, 6, 2))),
            ("12345678", None),
        ];
        for &(value, want) in cases {
            assert_eq!(parse_date_value(value), want, "value {value:?}");
        }
    }

    #[test]
    fn date_only_lines() {
        let cases: &[(&str, Option<Ymd>)] = &[
            ("  • 20 June, 2022", Some((2022, 6, 20))),
            ("Published: June 20, 2022 10:30 am", Some((2022, 6, 20))),
            ("Posted on Monday, 20 June 2022", Some((2022, 6, 20))),
            ("By Anna Petrova | 20.06.2022", Some((2022, 6, 20))),
            ("Updated 2021-08-30 14:00 GMT", Some((2021, 8, 30))),
            ("On June 20, 2022 Russia blocked the port.", None),
            ("By June 20, 2022 the talks had failed", None),
            ("20 June, 2022", Some((2022, 6, 20))),
            ("June 20", None),
            ("Kazakhstan", None),
            ("", None),
        ];
        for &(line, want) in cases {
            assert_eq!(date_line(line), want, "line {line:?}");
        }
    }

    #[test]
    fn datelines() {
        type Want = Option<(&'static str, Option<i32>, u32, u32)>;
        let cases: &[(&str, Want)] = &[
            (
                "MOSCOW, June 19 (Reuters) - Russia blocked",
                Some(("MOSCOW, June 19", None, 6, 19)),
            ),
            (
                "KYIV, Ukraine, March 3, 2023 — Ukraine said",
                Some(("KYIV, Ukraine, March 3, 2023", Some(2023), 3, 3)),
            ),
            (
                "ANKARA, 3 March (AFP) - Turkey",
                Some(("ANKARA, 3 March", None, 3, 3)),
            ),
            (
                "ST. PETERSBURG, Russia, Sunday, June 19 (AP) — The",
                Some(("ST. PETERSBURG, Russia, Sunday, June 19", None, 6, 19)),
            ),
            (
                "NUR-SULTAN, Oct. 2 - Kazakhstan",
                Some(("NUR-SULTAN, Oct. 2", None, 10, 2)),
            ),
            ("WASHINGTON (AP) — The", None),
            ("On June 19 - the port", None),
            ("Russia blocked, June 19 the port", None),
            ("the kremlin, June 19 - x", None),
            ("MOSCOW, June 31 - x", None),
            ("", None),
            // on a line of its own, no dash is needed
            (
                "Moscow, 5 March 2024",
                Some(("Moscow, 5 March 2024", Some(2024), 3, 5)),
            ),
            (
                "MOSCOW, June 19 (Reuters)",
                Some(("MOSCOW, June 19", None, 6, 19)),
            ),
            ("Moscow, 5 March 2024 Russia criticized", None),
            ("Moscow, 5 March 2024.", None),
        ];
        for &(text, want) in cases {
            let got = dateline(text).map(|d| (d.text, d.year, d.month, d.day));
            let want = want.map(|(t, y, m, d)| (t.to_string(), y, m, d));
            assert_eq!(got, want, "text {text:?}");
        }
    }

    #[test]
    fn lone_datelines() {
        let cases = [
            ("Moscow, 5 March 2024", true),
            ("  KYIV, Ukraine, March 3, 2023 —  ", true),
            ("MOSCOW, June 19 (Reuters) -", true),
            (
                "MOSCOW, June 19 (Reuters) - Russia blocked the port.",
                false,
            ),
            (
                "Moscow, 5 March 2024 Russia criticized the United States.",
                false,
            ),
            ("5 March 2024", false),
            ("Russia criticized the United States on Tuesday.", false),
        ];
        for (line, want) in cases {
            assert_eq!(is_lone_dateline(line), want, "{line:?}");
        }
    }

    #[test]
    fn years_for_yearless_dates() {
        assert_eq!(year_before(6, 19, (2022, 6, 20)), Some((2022, 6, 19)));
        assert_eq!(year_before(12, 31, (2022, 1, 2)), Some((2021, 12, 31)));
        assert_eq!(year_before(6, 25, (2022, 6, 20)), Some((2022, 6, 25)));
        assert_eq!(year_before(1, 2, (2021, 12, 30)), Some((2022, 1, 2)));
        assert_eq!(year_before(1, 2, (2021, 12, 20)), Some((2021, 1, 2)));
        assert_eq!(year_before(2, 29, (2022, 3, 1)), Some((2020, 2, 29)));
        assert_eq!(year_before(2, 29, (2024, 3, 1)), Some((2024, 2, 29)));
        assert_eq!(
            year_in_url("https://example.org/2022/06/19/story"),
            Some(2022)
        );
        assert_eq!(
            year_in_url("https://news.example/world/russia-port-2021-03-02"),
            Some(2021)
        );
        assert_eq!(year_in_url("https://2022.example.org/story"), None);
        assert_eq!(year_in_url("https://example.org/story?id=2022"), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(month_number("June"), Some(6));
        assert_eq!(month_number("jun"), Some(6));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("SEP"), Some(9));
        assert_eq!(month_number("Ju"), None);
        assert_eq!(month_number("Junes"), None);
        assert_eq!(month_number("Mär"), None);
        assert!(is_weekday("Tue"));
        assert!(is_weekday("Thurs"));
        assert!(!is_weekday("Sunshine"));
    }
}
