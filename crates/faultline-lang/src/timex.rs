//! Temporal expressions in news sentences, resolved against the
//! publication date.
//!
//! Event data sets usually date every event by the day its story was
//! published. A story often says when things happened, though: "On April 1,
//! a representative … said", "In May, Kazakhstan joined the sanctions".
//! [`find`] lists such expressions in one sentence, left to right, each
//! with its byte span and its calendar value as a [`Date`] whose
//! [`Precision`] is a day, a month or a year.
//!
//! # Design
//!
//! `find` runs on every sentence, and most sentences hold no date. It first
//! scans the bytes once for an ASCII digit or a trigger word (a month or
//! weekday name, `today`, `tonight`, `yesterday`, `tomorrow`, `ago`,
//! `week`, `month`, `year`, `morning`, `afternoon`, `evening`, `night`);
//! without one it returns at once, allocating nothing. Otherwise it cuts
//! the sentence into words, digit runs and punctuation, remembering which
//! tokens touch ("19th", "2022-06-19", "1,700"), and tries a fixed set of
//! patterns at each token, leftmost and longest first. There are no regular
//! expressions and no backtracking beyond a few tokens of lookahead. The
//! calendar arithmetic (leap years, days in a month, weekdays, adding days)
//! is the day count of `faultline_core::calendar`.
//!
//! # Rules
//!
//! The span of a match leaves out a leading preposition ("on June 19" →
//! `June 19`, "in May" → `May`) but keeps words that change the value
//! ("last May", "earlier this month", "the day before yesterday") and
//! "the" in "the 19th of June". Month and weekday names must be
//! capitalized (`March`, `MAY`, not `march`, `may`); other words match in
//! any case.
//!
//! - **Explicit dates** (day precision): `June 19`, `19 June`,
//!   `June 19, 2022`, `19 June 2022`, `20 June, 2022`, `Jun. 19`,
//!   `Sept. 3`, `June 19th`, `the 19th of June`, `2022-06-19`,
//!   `19.06.2022`, `19/06/2022` (day first; read month first only when
//!   day first is not a valid date, as in `06/19/2022`). In a range
//!   `June 19-20` the first day is taken. A weekday before a date joins
//!   it: `Tuesday, June 14`. Written years must lie in 1900–2100.
//! - **Day and month without a year** take the year that puts them on or
//!   before the publication date ("December 30" in a January 2023 story is
//!   2022-12-30), except that when the sentence says `will` or `shall` and
//!   the date falls at most seven days after publication in the same year,
//!   that future date is used. `February 29` goes back to the latest leap
//!   year. A day no month has (`February 30`, `May 40`) is not read as a
//!   day: the month name alone is then judged as below.
//! - **Months** (month precision): `May 2021`, `May of 2021`, `in May`,
//!   `last May` (the latest May before the publication month), `this May`
//!   (the publication year), `next May` (the first May after the
//!   publication month), `early May`, `mid-May`, `May last year`, `the
//!   January protests`. A bare month takes the latest such month up to and
//!   including the publication month. Because "May" is also a modal verb
//!   and a name ("Theresa May", "May I"), a bare `May` needs one of `in`,
//!   `since`, `by`, `until`, `till`, `during`, `throughout`, `of`, `the`
//!   (or a modifier `last`, `this`, `next`, `early`, `late`, `mid`) just
//!   before it, or `and`/`or`/`to`/`through`/`,`/`-` right after another
//!   date ("in April and May"). Without such a word, other bare months
//!   are taken unless a capitalized word follows (the first names in
//!   "April Ryan", "June Carter") or a capitalized word or a title comes
//!   just before (the surnames in "Fredric March", "Mr. March").
//!   Abbreviations (`Jan`, `Sept.`) count only with a day or a year.
//! - **Years** (year precision): a four-digit number in 1900–2100 after
//!   one of `in`, `since`, `by`, `until`, `till`, `of`, `during`, `from`,
//!   `to`, `through`, `throughout`, `before`, `after`, `between`, `for`,
//!   `around`, `the`, `year` (not part of the span), or after a modifier
//!   `early`, `late`, `mid` (part of the span: `mid-2021`), or after
//!   `and`/`or`/`,` following another date. Numbers touching other digits,
//!   letters or signs are never years (`1,700`, `$2021`, `2014-2016`,
//!   `1990s`). `this year`, `earlier this year`, `later this year` are the
//!   publication year, `last year` the one before, `next year` the one
//!   after.
//! - **Weekdays** (day precision): `Tuesday`, `on Tuesday`, `this Tuesday`
//!   → the latest Tuesday on or before the publication date (so "on Monday"
//!   in a Monday story is that day), or, when the sentence says `will` or
//!   `shall`, the first Tuesday on or after it. `last Tuesday` → the latest
//!   one strictly before; `next Tuesday` → the first one strictly after.
//!   `every Tuesday`, `each May` are habits and are ignored. A
//!   following `morning`, `afternoon`, `evening` or `night` joins the span.
//! - **Relative days** (day precision): `today`, `tonight`, `this morning`,
//!   `this afternoon`, `this evening`, `earlier today` → the publication
//!   day; `yesterday`, `last night`, `last evening` → the day before; `the
//!   day before yesterday` → two days before; `tomorrow` → the day after;
//!   `the day after tomorrow` → two days after; `N days ago`, `a day ago`
//!   (N in digits or `one` … `ten`) → N days before. `Today` right after a
//!   capitalized word is a name ("Russia Today", "USA Today").
//! - **Relative weeks, months, years**: a week is too vague for a day, so
//!   `last week` and `N weeks ago` give the month (month precision) of the
//!   day 7·N days before publication, `this week`, `earlier this week`,
//!   `later this week` the publication month, `next week` the month seven
//!   days later. `this month`, `earlier this month` → the publication
//!   month; `last month`, `N months ago` → months before; `next month` →
//!   the month after; `N years ago` → the year N years before. After
//!   "the" (`over the last year`, `the next month`) these are durations and
//!   are ignored.
//! - **Ignored**: times of day alone (`at 10:30`), durations (`for three
//!   days`, `five years`, `a 12-year rift`), ages and counts (`2,000
//!   troops`, `1,700 railcars`), ordinals without a month (`the 19th
//!   anniversary`), decades (`the 1990s`), two-digit years.
//!
//! Known limits: a day number is taken at face value after a month name
//! ("In May 20 soldiers died" reads as May 20), and a year after a
//! preposition likewise ("sent in 2000 troops"); news style writes such
//! counts with a comma or in words. Bare months are never put in the
//! future, even in a sentence with "will".
//!
//! `find` never panics: an out-of-range publication date is clamped to a
//! valid one (year 1–9999, month 1–12, day within the month), and every
//! span lies on `char` boundaries of the sentence.
//!
//! ```
//! use faultline_lang::timex::{find, Precision};
//!
//! let found = find("On April 1, a spokesman said the talks ended last week.", (2022, 6, 20));
//! let dates: Vec<(&str, String)> = found.iter().map(|t| (t.text.as_str(), t.date.to_string())).collect();
//! assert_eq!(dates, [("April 1", "2022-04-01".to_string()), ("last week", "2022-06".to_string())]);
//! assert_eq!(found[0].date.precision(), Precision::Day);
//! assert_eq!(found[1].date.precision(), Precision::Month);
//! ```

use faultline_core::calendar::{self, days_in_month};

pub use faultline_core::{Date, Precision};

/// A day; `None` only for a date out of [`Date`]'s range.
fn on_day(d: Ymd) -> Option<Date> {
    Date::from_ymd(d.y, d.m, d.d)
}

fn in_month(year: i32, month: u32) -> Option<Date> {
    Date::from_ym(year, month)
}

fn in_year(year: i32) -> Option<Date> {
    Date::from_year(year)
}

/// One temporal expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Byte offset of the first character of the phrase in the sentence.
    pub start: usize,
    /// Byte offset just past the phrase.
    pub end: usize,
    /// The phrase as written (`sentence[start..end]`).
    pub text: String,
    /// What the phrase means, resolved against the publication date.
    pub date: Date,
}

/// All temporal expressions in `sentence`, left to right, resolved against
/// the publication date `(year, month, day)`.
///
/// Expressions never overlap. See the [module documentation](self) for the
/// rules.
pub fn find(sentence: &str, published: (i32, u32, u32)) -> Vec<Timex> {
    if !may_contain_timex(sentence) {
        return Vec::new();
    }
    let toks = tokenize(sentence);
    let future = toks
        .iter()
        .any(|t| t.kind == Kind::Word && matches!(t.text, "will" | "shall"));
    let scan = Scan {
        toks,
        published: Ymd::clamped(published),
        future,
    };
    let mut out = Vec::new();
    let mut prev_last = None;
    let mut i = 0;
    while i < scan.toks.len() {
        match scan.match_at(i, prev_last) {
            Some(hit) => {
                let (start, end) = (scan.toks[hit.first].start, scan.toks[hit.last].end);
                out.push(Timex {
                    start,
                    end,
                    text: sentence[start..end].to_string(),
                    date: hit.date,
                });
                prev_last = Some(hit.last);
                i = hit.last + 1;
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Pre-check

/// Whether `s` holds an ASCII digit or a trigger word: every pattern of
/// this module contains one. False positives only cost time.
fn may_contain_timex(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            return true;
        }
        if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if let Some(key) = Key::new(&b[start..i]) {
                if is_trigger(key.as_bytes()) {
                    return true;
                }
            }
        } else {
            i += 1;
        }
    }
    false
}

fn is_trigger(w: &[u8]) -> bool {
    month_name(w).is_some()
        || weekday_name(w).is_some()
        || matches!(
            w,
            b"today"
                | b"tonight"
                | b"yesterday"
                | b"tomorrow"
                | b"ago"
                | b"week"
                | b"month"
                | b"year"
                | b"morning"
                | b"afternoon"
                | b"evening"
                | b"night"
        )
}

/// An ASCII word of at most nine letters, lowercased, for matching against
/// the lexicon (the longest entries, "wednesday" and "september", have nine).
struct Key {
    buf: [u8; 9],
    len: usize,
}

impl Key {
    fn new(w: &[u8]) -> Option<Key> {
        if w.is_empty() || w.len() > 9 {
            return None;
        }
        let mut buf = [0u8; 9];
        for (dst, &src) in buf.iter_mut().zip(w) {
            if !src.is_ascii_alphabetic() {
                return None;
            }
            *dst = src.to_ascii_lowercase();
        }
        Some(Key { buf, len: w.len() })
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Month number and whether `w` (lowercase) is an abbreviation.
fn month_name(w: &[u8]) -> Option<(u32, bool)> {
    Some(match w {
        b"january" => (1, false),
        b"february" => (2, false),
        b"march" => (3, false),
        b"april" => (4, false),
        b"may" => (5, false),
        b"june" => (6, false),
        b"july" => (7, false),
        b"august" => (8, false),
        b"september" => (9, false),
        b"october" => (10, false),
        b"november" => (11, false),
        b"december" => (12, false),
        b"jan" => (1, true),
        b"feb" => (2, true),
        b"mar" => (3, true),
        b"apr" => (4, true),
        b"jun" => (6, true),
        b"jul" => (7, true),
        b"aug" => (8, true),
        b"sep" | b"sept" => (9, true),
        b"oct" => (10, true),
        b"nov" => (11, true),
        b"dec" => (12, true),
        _ => return None,
    })
}

/// Day of the week of `w` (lowercase), Monday = 0.
fn weekday_name(w: &[u8]) -> Option<u32> {
    Some(match w {
        b"monday" => 0,
        b"tuesday" => 1,
        b"wednesday" => 2,
        b"thursday" => 3,
        b"friday" => 4,
        b"saturday" => 5,
        b"sunday" => 6,
        _ => return None,
    })
}

fn number_word(w: &[u8]) -> Option<u32> {
    Some(match w {
        b"a" | b"an" | b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    start: usize,
    end: usize,
    text: &'a str,
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else if c.is_whitespace() {
            continue;
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct {
            while let Some(&(j, d)) = it.peek() {
                let same = match kind {
                    Kind::Num => d.is_ascii_digit(),
                    _ => d.is_alphabetic(),
                };
                if !same {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
        }
        toks.push(Tok {
            kind,
            start,
            end,
            text: &s[start..end],
        });
    }
    toks
}

// ---------------------------------------------------------------------------
// Matching

/// Words before a bare month name that make it a month (see the module doc).
const MONTH_CONTEXT: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "during",
    "throughout",
    "of",
    "the",
];

/// Words before a four-digit number that make it a year.
const YEAR_CONTEXT: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "of",
    "during",
    "from",
    "to",
    "through",
    "throughout",
    "before",
    "after",
    "between",
    "for",
    "around",
    "the",
    "year",
];

/// Titles before a surname.
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep"];

const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];

/// Days after publication within which a "will" sentence puts a day-month
/// date in the future.
const FUTURE_WINDOW_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Last,
    This,
    Next,
    /// `early`, `late`, `mid`: part of the span, no change to the value.
    Part,
}

/// A match over tokens `first..=last`.
struct Hit {
    first: usize,
    last: usize,
    date: Date,
}

impl Hit {
    fn new(first: usize, last: usize, date: Option<Date>) -> Option<Hit> {
        Some(Hit {
            first,
            last,
            date: date?,
        })
    }
}

struct Scan<'a> {
    toks: Vec<Tok<'a>>,
    published: Ymd,
    /// The sentence says "will" or "shall".
    future: bool,
}

impl<'a> Scan<'a> {
    // --- token helpers ---

    fn word(&self, i: usize) -> Option<&'a str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text)
    }

    fn key(&self, i: usize) -> Option<Key> {
        self.word(i).and_then(|w| Key::new(w.as_bytes()))
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|t| t.eq_ignore_ascii_case(w))
    }

    fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        self.word(i)
            .is_some_and(|t| ws.iter().any(|w| t.eq_ignore_ascii_case(w)))
    }

    /// A capitalized word (first letter an ASCII capital).
    fn capitalized(&self, i: usize) -> Option<&'a str> {
        self.word(i)
            .filter(|w| w.as_bytes()[0].is_ascii_uppercase())
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.text == p)
    }

    fn punct_any(&self, i: usize, ps: &[&str]) -> bool {
        ps.iter().any(|p| self.punct(i, p))
    }

    /// Token `i` touches token `i - 1`.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i - 1].end == self.toks[i].start
    }

    /// Value and number of digits of a digit run of at most nine digits.
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i).filter(|t| t.kind == Kind::Num)?;
        if t.text.len() > 9 {
            return None;
        }
        Some((t.text.parse().ok()?, t.text.len()))
    }

    /// Nothing glued before token `i` but an opening bracket or quote.
    fn free_left(&self, i: usize) -> bool {
        !self.glued(i) || self.punct_any(i - 1, &["(", "[", "\"", "'", "“", "‘", "«"])
    }

    /// Nothing glued after token `i` but closing punctuation that is not
    /// itself followed by glued digits (as in `21.6`, `10:30`, `1,700`).
    fn free_right(&self, i: usize) -> bool {
        let j = i + 1;
        if !self.glued(j) {
            return true;
        }
        let closing = [
            ".", ",", ";", ":", ")", "]", "\"", "'", "”", "’", "!", "?", "»",
        ];
        self.punct_any(j, &closing) && !(self.glued(j + 1) && self.toks[j + 1].kind == Kind::Num)
    }

    /// A four-digit year in 1900–2100 at `i`, free on the right.
    fn year_at(&self, i: usize) -> Option<i32> {
        let (v, n) = self.num(i)?;
        if n != 4 || !(1900..=2100).contains(&v) || !self.free_right(i) {
            return None;
        }
        Some(v as i32)
    }

    /// A year after a day or a month: `[,|of] YYYY` from token `j`, with a
    /// space before the year.
    fn year_after(&self, j: usize, allow_of: bool) -> Option<(i32, usize)> {
        let k = if self.punct(j, ",") || (allow_of && self.is(j, "of")) {
            j + 1
        } else {
            j
        };
        if self.glued(k) {
            return None;
        }
        self.year_at(k).map(|y| (y, k))
    }

    /// A capitalized month name at `i`: (month, abbreviation, last token);
    /// an abbreviation's glued period is part of it.
    fn month_at(&self, i: usize) -> Option<(u32, bool, usize)> {
        self.capitalized(i)?;
        let (m, abbrev) = month_name(self.key(i)?.as_bytes())?;
        let last = if abbrev && self.glued(i + 1) && self.punct(i + 1, ".") {
            i + 1
        } else {
            i
        };
        Some((m, abbrev, last))
    }

    fn weekday_at(&self, i: usize) -> Option<u32> {
        self.capitalized(i)?;
        weekday_name(self.key(i)?.as_bytes())
    }

    /// A day of the month at `i` (1–31, one or two digits) with an optional
    /// glued ordinal suffix: (day, last token, has suffix).
    fn day_num(&self, i: usize) -> Option<(u32, usize, bool)> {
        let (v, n) = self.num(i)?;
        if n > 2 || !(1..=31).contains(&v) || !self.free_left(i) {
            return None;
        }
        if self.glued(i + 1) && self.is_any(i + 1, &["st", "nd", "rd", "th"]) {
            return self.free_right(i + 1).then_some((v, i + 1, true));
        }
        // The start of a range: June 19-20.
        let range = self.glued(i + 1)
            && self.punct_any(i + 1, &["-", "–"])
            && self.glued(i + 2)
            && self.num(i + 2).is_some_and(|(_, n)| n <= 2);
        (range || self.free_right(i)).then_some((v, i, false))
    }

    // --- patterns ---

    fn match_at(&self, i: usize, prev_last: Option<usize>) -> Option<Hit> {
        match self.toks[i].kind {
            Kind::Num => self
                .numeric_date(i)
                .or_else(|| self.ago(i))
                .or_else(|| self.day_first(i, i, false))
                .or_else(|| self.bare_year(i, prev_last)),
            Kind::Word => self
                .relative(i)
                .or_else(|| self.ago(i))
                .or_else(|| self.the_ordinal(i))
                .or_else(|| self.modified(i))
                .or_else(|| self.month_expr(i, i, None, prev_last))
                .or_else(|| self.weekday_expr(i, i, None)),
            Kind::Punct => None,
        }
    }

    /// `2022-06-19`, `2022/06/19`, `19.06.2022`, `19/06/2022`, `19-06-2022`.
    fn numeric_date(&self, i: usize) -> Option<Hit> {
        if !self.free_left(i) {
            return None;
        }
        let sep = self.toks.get(i + 1)?;
        if !self.glued(i + 1) || !matches!(sep.text, "-" | "/" | ".") {
            return None;
        }
        let glued_num = |k: usize| if self.glued(k) { self.num(k) } else { None };
        let (a, na) = self.num(i)?;
        let (b, nb) = glued_num(i + 2)?;
        if !(self.glued(i + 3) && self.punct(i + 3, sep.text)) {
            return None;
        }
        let (c, nc) = glued_num(i + 4)?;
        if !self.free_right(i + 4) {
            return None;
        }
        let date = if na == 4 && nb <= 2 && nc <= 2 {
            Ymd::checked(a as i32, b, c)
        } else if na <= 2 && nb <= 2 && nc == 4 {
            Ymd::checked(c as i32, b, a).or_else(|| Ymd::checked(c as i32, a, b))
        } else {
            None
        }?;
        if !(1900..=2100).contains(&date.y) {
            return None;
        }
        Hit::new(i, i + 4, on_day(date))
    }

    /// `19 June`, `19th June 2022`, `20 June, 2022`, `19th of June`; with
    /// `first` < `n`, the `the` of `the 19th of June`.
    fn day_first(&self, first: usize, n: usize, need_ordinal: bool) -> Option<Hit> {
        let (day, dl, ordinal) = self.day_num(n)?;
        if need_ordinal && !ordinal {
            return None;
        }
        let mut k = dl + 1;
        if ordinal && self.is(k, "of") {
            k += 1;
        }
        let (month, _, ml) = self.month_at(k)?;
        let (date, last) = match self.year_after(ml + 1, false) {
            Some((y, yl)) => (Ymd::checked(y, month, day)?, yl),
            None => (self.infer_year(month, day)?, ml),
        };
        Hit::new(first, last, on_day(date))
    }

    /// `the 19th of June`, `the 19th June`.
    fn the_ordinal(&self, i: usize) -> Option<Hit> {
        if !self.is(i, "the") {
            return None;
        }
        self.day_first(i, i + 1, true)
    }

    /// A month name at `m` (span from `first`): with a day, with a year, or
    /// bare.
    fn month_expr(
        &self,
        first: usize,
        m: usize,
        modifier: Option<Modifier>,
        prev_last: Option<usize>,
    ) -> Option<Hit> {
        let (month, abbrev, ml) = self.month_at(m)?;
        if modifier.is_none() {
            if let Some((day, dl, _)) = self.day_num(ml + 1) {
                let explicit = self.year_after(dl + 1, false);
                let found = match explicit {
                    Some((y, yl)) => Ymd::checked(y, month, day).map(|d| (d, yl)),
                    None => self.infer_year(month, day).map(|d| (d, dl)),
                };
                if let Some((date, last)) = found {
                    return Hit::new(first, last, on_day(date));
                }
            }
        }
        if let Some((y, yl)) = self.year_after(ml + 1, true) {
            return Hit::new(first, yl, in_month(y, month));
        }
        let bare_ok = modifier.is_some() || self.bare_month_ok(m, month, prev_last);
        if abbrev || !bare_ok || self.habitual(m) {
            return None;
        }
        if let Some((year, last)) = self.relative_year(ml + 1) {
            return Hit::new(first, last, in_month(year, month));
        }
        let p = self.published;
        let year = match modifier {
            Some(Modifier::Last) if month < p.m => p.y,
            Some(Modifier::Last) => p.y - 1,
            Some(Modifier::This) => p.y,
            Some(Modifier::Next) if month > p.m => p.y,
            Some(Modifier::Next) => p.y + 1,
            _ if month <= p.m => p.y,
            _ => p.y - 1,
        };
        Hit::new(first, ml, in_month(year, month))
    }

    /// Whether a month name at `m` with no day, year or modifier is a month.
    fn bare_month_ok(&self, m: usize, month: u32, prev_last: Option<usize>) -> bool {
        if m > 0 {
            if self.is_any(m - 1, MONTH_CONTEXT) {
                return true;
            }
            let joins = self.is_any(m - 1, &["and", "or", "to", "through"])
                || self.punct_any(m - 1, &[",", "-", "–"]);
            if joins && m >= 2 && prev_last == Some(m - 2) {
                return true;
            }
        }
        // A surname: "Theresa May", "Fredric March", "Mr. March".
        let surname = m > 0
            && (self.capitalized(m - 1).is_some()
                || (self.punct(m - 1, ".") && self.is_any(m.wrapping_sub(2), HONORIFICS)));
        // "May" is a verb and a name; other months are taken unless a
        // capitalized word follows ("April Ryan").
        !surname && month != 5 && self.capitalized(m + 1).is_none()
    }

    /// "every Tuesday", "each May": a habit, not a date.
    fn habitual(&self, i: usize) -> bool {
        i > 0 && self.is_any(i - 1, &["every", "each"])
    }

    /// `last year`, `this year`, `next year` at `j`: (year, last token).
    fn relative_year(&self, j: usize) -> Option<(i32, usize)> {
        if !self.is(j + 1, "year") {
            return None;
        }
        let y = self.published.y;
        let year = match self.key(j)?.as_bytes() {
            b"last" => y - 1,
            b"this" => y,
            b"next" => y + 1,
            _ => return None,
        };
        Some((year, j + 1))
    }

    /// A weekday name at `w` (span from `first`).
    fn weekday_expr(&self, first: usize, w: usize, modifier: Option<Modifier>) -> Option<Hit> {
        let wd = self.weekday_at(w)?;
        if self.habitual(w) {
            return None;
        }
        if modifier.is_none() {
            // Tuesday, June 14 / Tuesday 14 June: the date says it all.
            let j = if self.punct(w + 1, ",") { w + 2 } else { w + 1 };
            let explicit = self
                .month_expr(j, j, None, None)
                .or_else(|| self.day_first(j, j, false))
                .filter(|h| h.date.precision() == Precision::Day);
            if let Some(h) = explicit {
                return Hit::new(first, h.last, Some(h.date));
            }
        }
        let p = self.published;
        let today = p.weekday() as i64;
        let target = wd as i64;
        let back = (today - target).rem_euclid(7);
        let ahead = (target - today).rem_euclid(7);
        let offset = match modifier {
            Some(Modifier::Last) if back == 0 => -7,
            Some(Modifier::Last) => -back,
            Some(Modifier::Next) if ahead == 0 => 7,
            Some(Modifier::Next) => ahead,
            _ if self.future => ahead,
            _ => -back,
        };
        let last = if self.is_any(w + 1, PARTS_OF_DAY) {
            w + 1
        } else {
            w
        };
        Hit::new(first, last, on_day(p.add_days(offset)))
    }

    /// `last`, `this`, `next`, `early`, `late`, `mid` before a month, a
    /// weekday or (`early`, `late`, `mid`) a year.
    fn modified(&self, i: usize) -> Option<Hit> {
        let modifier = match self.key(i)?.as_bytes() {
            b"last" => Modifier::Last,
            b"this" => Modifier::This,
            b"next" => Modifier::Next,
            b"early" | b"late" | b"mid" => Modifier::Part,
            _ => return None,
        };
        let mut j = i + 1;
        if modifier == Modifier::Part {
            if self.glued(j) && self.punct(j, "-") && self.glued(j + 1) {
                j += 1;
            } else if self.glued(j) {
                return None;
            }
            if let Some(y) = self.year_at(j) {
                return Hit::new(i, j, in_year(y));
            }
        } else if i > 0 && self.is(i - 1, "the") {
            return None;
        }
        self.month_expr(i, j, Some(modifier), None)
            .or_else(|| match modifier {
                Modifier::Part => None,
                _ => self.weekday_expr(i, j, Some(modifier)),
            })
    }

    /// A year after a context word (see [`YEAR_CONTEXT`]) or after another
    /// date joined by `and`, `or` or a comma.
    fn bare_year(&self, i: usize, prev_last: Option<usize>) -> Option<Hit> {
        if i == 0 || !self.free_left(i) {
            return None;
        }
        let y = self.year_at(i)?;
        let joins = (self.is_any(i - 1, &["and", "or"]) || self.punct(i - 1, ","))
            && i >= 2
            && prev_last == Some(i - 2);
        if !(joins || self.is_any(i - 1, YEAR_CONTEXT)) {
            return None;
        }
        Hit::new(i, i, in_year(y))
    }

    /// Words relative to the publication day: `today`, `yesterday`,
    /// `this morning`, `last week`, `earlier this month`, `the day before
    /// yesterday`, …
    fn relative(&self, i: usize) -> Option<Hit> {
        let p = self.published;
        let key = self.key(i)?;
        match key.as_bytes() {
            b"today" | b"tonight" => {
                let name = self.word(i)?.as_bytes()[0].is_ascii_uppercase()
                    && i > 0
                    && self.capitalized(i - 1).is_some();
                if name {
                    return None;
                }
                Hit::new(i, i, on_day(p))
            }
            b"yesterday" => self.with_part_of_day(i, p.add_days(-1)),
            b"tomorrow" => self.with_part_of_day(i, p.add_days(1)),
            b"the" => self.day_before_after(i, i + 1),
            b"day" => self.day_before_after(i, i),
            b"earlier" | b"later" => {
                if self.is_any(i + 1, &["today", "tonight"]) {
                    return Hit::new(i, i + 1, on_day(p));
                }
                if !self.is(i + 1, "this") {
                    return None;
                }
                self.this_phrase(i, i + 1)
            }
            b"this" => self.this_phrase(i, i),
            b"last" | b"next" => {
                if i > 0 && self.is(i - 1, "the") {
                    return None;
                }
                let last = key.as_bytes() == b"last";
                let step: i64 = if last { -1 } else { 1 };
                let unit = self.key(i + 1)?;
                let date = match unit.as_bytes() {
                    b"night" | b"evening" if last => on_day(p.add_days(-1)),
                    b"week" => {
                        let d = p.add_days(7 * step);
                        in_month(d.y, d.m)
                    }
                    b"month" => {
                        let (y, m) = p.add_months(step);
                        in_month(y, m)
                    }
                    b"year" => in_year(p.y + step as i32),
                    _ => return None,
                };
                Hit::new(i, i + 1, date)
            }
            _ => None,
        }
    }

    fn with_part_of_day(&self, i: usize, date: Ymd) -> Option<Hit> {
        let last = if self.is_any(i + 1, PARTS_OF_DAY) {
            i + 1
        } else {
            i
        };
        Hit::new(i, last, on_day(date))
    }

    /// `[the] day before yesterday`, `[the] day after tomorrow`, with `day`
    /// at `d`.
    fn day_before_after(&self, first: usize, d: usize) -> Option<Hit> {
        if !self.is(d, "day") {
            return None;
        }
        let offset = if self.is(d + 1, "before") && self.is(d + 2, "yesterday") {
            -2
        } else if self.is(d + 1, "after") && self.is(d + 2, "tomorrow") {
            2
        } else {
            return None;
        };
        Hit::new(first, d + 2, on_day(self.published.add_days(offset)))
    }

    /// `this morning|afternoon|evening|week|month|year` with `this` at `t`.
    fn this_phrase(&self, first: usize, t: usize) -> Option<Hit> {
        let p = self.published;
        let date = match self.key(t + 1)?.as_bytes() {
            b"morning" | b"afternoon" | b"evening" => on_day(p),
            b"week" | b"month" => in_month(p.y, p.m),
            b"year" => in_year(p.y),
            _ => return None,
        };
        Hit::new(first, t + 1, date)
    }

    /// `N days|weeks|months|years ago`, N in digits, `one` … `ten`, `a`, `an`.
    fn ago(&self, i: usize) -> Option<Hit> {
        let n = match self.num(i) {
            Some((v, digits)) if digits <= 4 && self.free_left(i) && self.free_right(i) => v,
            Some(_) => return None,
            None => number_word(self.key(i)?.as_bytes())?,
        };
        if n == 0 || !self.is(i + 2, "ago") {
            return None;
        }
        let (n, p) = (i64::from(n), self.published);
        let date = match self.key(i + 1)?.as_bytes() {
            b"day" | b"days" => on_day(p.add_days(-n)),
            b"week" | b"weeks" => {
                let d = p.add_days(-7 * n);
                in_month(d.y, d.m)
            }
            b"month" | b"months" => {
                let (y, m) = p.add_months(-n);
                in_month(y, m)
            }
            b"year" | b"years" => in_year(p.y - n as i32),
            _ => return None,
        };
        Hit::new(i, i + 2, date)
    }

    /// The year for a day and month written without one: the latest on or
    /// before publication, or up to [`FUTURE_WINDOW_DAYS`] ahead in a
    /// sentence with "will". None for an impossible day.
    fn infer_year(&self, month: u32, day: u32) -> Option<Ymd> {
        let p = self.published;
        if day > days_in_month(2000, month) {
            return None; // not a day of this month in any year
        }
        if let Some(same) = Ymd::checked(p.y, month, day) {
            if same <= p {
                return Some(same);
            }
            if self.future && same.day_number() - p.day_number() <= FUTURE_WINDOW_DAYS {
                return Some(same);
            }
        }
        // February 29 goes back to the latest leap year (at most 8 years).
        (1..=8).find_map(|back| Ymd::checked(p.y - back, month, day))
    }
}

// ---------------------------------------------------------------------------
// Calendar

/// A valid proleptic Gregorian date. Field order makes `Ord` chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ymd {
    y: i32,
    m: u32,
    d: u32,
}

impl Ymd {
    fn checked(y: i32, m: u32, d: u32) -> Option<Ymd> {
        (d >= 1 && d <= days_in_month(y, m)).then_some(Ymd { y, m, d })
    }

    /// Any triple made valid: year 1–9999, month 1–12, day within the month.
    fn clamped((y, m, d): (i32, u32, u32)) -> Ymd {
        let y = y.clamp(1, 9999);
        let m = m.clamp(1, 12);
        let d = d.clamp(1, days_in_month(y, m));
        Ymd { y, m, d }
    }

    /// Days since 1970-01-01.
    fn day_number(self) -> i64 {
        calendar::days_from_civil(self.y, self.m, self.d)
    }

    fn from_day_number(n: i64) -> Ymd {
        let (y, m, d) = calendar::civil_from_days(n);
        Ymd { y, m, d }
    }

    fn add_days(self, n: i64) -> Ymd {
        Ymd::from_day_number(self.day_number() + n)
    }

    /// Year and month `n` months from this date's month.
    fn add_months(self, n: i64) -> (i32, u32) {
        let total = i64::from(self.y) * 12 + i64::from(self.m) - 1 + n;
        (
            total.div_euclid(12) as i32,
            (total.rem_euclid(12) + 1) as u32,
        )
    }

    /// Day of the week, Monday = 0.
    fn weekday(self) -> u32 {
        calendar::weekday(self.day_number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Ymd {
        Ymd::checked(y, m, d).unwrap()
    }

    #[test]
    fn day_numbers_round_trip_day_by_day() {
        let mut n = ymd(1899, 12, 31).day_number();
        for y in 1900..=2100 {
            for m in 1..=12 {
                for d in 1..=days_in_month(y, m) {
                    let date = ymd(y, m, d);
                    n += 1;
                    assert_eq!(date.day_number(), n, "{date:?}");
                    assert_eq!(Ymd::from_day_number(n), date);
                }
            }
        }
    }

    #[test]
    fn leap_years_and_month_lengths() {
        assert!(
            calendar::is_leap(2024)
                && calendar::is_leap(2000)
                && !calendar::is_leap(1900)
                && !calendar::is_leap(2023)
        );
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2023, 13), 0);
        assert_eq!(Ymd::checked(2023, 2, 29), None);
        assert_eq!(Ymd::checked(2023, 0, 1), None);
    }

    #[test]
    fn weekdays_of_known_dates() {
        for (date, wd) in [
            (ymd(1970, 1, 1), 3),
            (ymd(2000, 1, 1), 5),
            (ymd(2022, 6, 20), 0),
            (ymd(2023, 1, 2), 0),
            (ymd(2024, 2, 29), 3),
            (ymd(1900, 1, 1), 0),
        ] {
            assert_eq!(date.weekday(), wd, "{date:?}");
        }
    }

    #[test]
    fn adding_days_and_months_crosses_boundaries() {
        assert_eq!(ymd(2024, 3, 1).add_days(-1), ymd(2024, 2, 29));
        assert_eq!(ymd(2023, 3, 1).add_days(-1), ymd(2023, 2, 28));
        assert_eq!(ymd(2022, 12, 31).add_days(1), ymd(2023, 1, 1));
        assert_eq!(ymd(2023, 1, 2).add_days(-3), ymd(2022, 12, 30));
        assert_eq!(ymd(2023, 1, 15).add_months(-1), (2022, 12));
        assert_eq!(ymd(2023, 12, 15).add_months(1), (2024, 1));
        assert_eq!(ymd(2023, 5, 15).add_months(-29), (2020, 12));
    }

    #[test]
    fn clamping_makes_any_publication_date_valid() {
        assert_eq!(Ymd::clamped((2023, 2, 31)), ymd(2023, 2, 28));
        assert_eq!(Ymd::clamped((i32::MIN, 0, 0)), ymd(1, 1, 1));
        assert_eq!(Ymd::clamped((i32::MAX, 99, u32::MAX)), ymd(9999, 12, 31));
    }

    #[test]
    fn pre_check_finds_every_trigger() {
        assert!(!may_contain_timex("Russia criticized Ukraine."));
        assert!(!may_contain_timex(""));
        assert!(may_contain_timex("It rained 3 times."));
        assert!(may_contain_timex("They met YESTERDAY."));
        assert!(may_contain_timex("Talks resume in Sept."));
        assert!(!may_contain_timex("Mayors met."));
    }
}
