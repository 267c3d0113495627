//! Publication dates found in a story's own text, once the page's metadata
//! has nothing to say: a date-only line (`• 20 June, 2022`), a dateline
//! (`MOSCOW, June 19 (Reuters) -`, completed with a year from elsewhere),
//! or the first complete date phrase of the text.

use super::dates::{dateline, first_date, iso, year_before, year_in_url, Ymd};
use super::furniture::normalize;
use super::Published;

/// Where a yearless dateline may take its year from.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearHints<'a> {
    /// A date known from outside the page (a crawl date), with its name.
    pub(crate) reference: Option<(Ymd, &'static str)>,
    /// The page's URL, which may have a year in its path.
    pub(crate) url: Option<&'a str>,
}

pub(crate) fn published(d: Ymd, evidence: String) -> Published {
    // `Ymd` values are checked when made, so the fallback is never taken
    let date =
        faultline_core::Date::from_ymd(d.0, d.1, d.2).unwrap_or(faultline_core::Date::UNIX_EPOCH);
    Published { date, evidence }
}

/// A short quotation of `s` for an evidence string: whitespace collapsed,
/// at most 80 characters, in double quotes.
pub(crate) fn quote(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut q: String = collapsed.chars().take(80).collect();
    if q.len() < collapsed.len() {
        q.push('…');
    }
    format!("{q:?}")
}

/// The publication date told by the story text.
///
/// `date_lines` are the date-only lines dropped as furniture, in page
/// order, and `paragraphs` the story's paragraphs.
pub(crate) fn date_from_text(
    date_lines: &[(Ymd, String)],
    paragraphs: &[String],
    hints: &YearHints<'_>,
) -> Option<Published> {
    if let Some((d, line)) = date_lines.first() {
        return Some(published(*d, format!("text {}", quote(line))));
    }
    let first_text_date = || {
        paragraphs
            .iter()
            .find_map(|p| first_date(p).map(|(d, f)| (d, p[f.start..f.end].to_string())))
    };
    if let Some(dl) = paragraphs.first().and_then(|p| dateline(p)) {
        let what = format!("dateline {}", quote(&dl.text));
        if let Some(y) = dl.year {
            return super::dates::ymd(y, dl.month, dl.day).map(|d| published(d, what));
        }
        if let Some((reference, name)) = hints.reference {
            let d = year_before(dl.month, dl.day, reference)?;
            return Some(published(
                d,
                format!("{what}, year from {name} {}", iso(reference)),
            ));
        }
        if let Some(y) = hints.url.and_then(year_in_url) {
            let d = super::dates::ymd(y, dl.month, dl.day)?;
            return Some(published(d, format!("{what}, year from URL")));
        }
        let (other, phrase) = first_text_date()?;
        let d = super::dates::ymd(other.0, dl.month, dl.day)?;
        return Some(published(
            d,
            format!("{what}, year from text {}", quote(&phrase)),
        ));
    }
    let (d, phrase) = first_text_date()?;
    Some(published(d, format!("text {}", quote(&phrase))))
}

/// True if two titles (or a title and a line) say the same thing.
pub(crate) fn same_title(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    !a.is_empty() && a == b
}
