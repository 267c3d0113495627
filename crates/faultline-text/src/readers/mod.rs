//! Document readers: news as it is found (HTML pages, RSS and Atom feeds,
//! WARC crawls, JSON Lines, scraped plain text) turned into [`Article`]s
//! holding the story text alone, with its title, URL and publication date.
//!
//! Key design decision: page furniture (menus, share bars, cookie notices,
//! comment sections, related links, bylines, date stamps) is removed
//! twice over. HTML is first cut down by structure (`<nav>`, `<aside>`,
//! classes such as `share-bar` or `comments`, then the densest block of
//! paragraphs, a Readability-like choice), and what is left is checked
//! line by line by the same text classifier that cleans scraped plain
//! text. So a "Share this" or "Comments are closed." is dropped whether it
//! comes as markup or as a line of a scrape.
//!
//! Every date carries its evidence: the meta tag, element, dateline or
//! text it was read from (see [`Published::evidence`]). Dates are taken as
//! written, in the page's own time zone, and a yearless dateline gets its
//! year only from other evidence, never from the clock.
//!
//! No reader does I/O, and none panics: HTML and plain text always give an
//! `Article` (with an empty text if nothing was found); feeds, WARC files
//! and JSON Lines documents that cannot be read give a [`ReaderError`]
//! naming the line, byte offset or document.
//!
//! ```
//! use faultline_text::readers::{detect, read_html, Format};
//!
//! let page = r#"<html><head><title>Kazakhstan halts coal transit | Steppe Herald</title>
//! <meta property="article:published_time" content="2023-04-03T09:12:00+06:00"></head>
//! <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
//! <article><h1>Kazakhstan halts coal transit</h1>
//! <p>Kazakhstan suspended the transit of Russian coal on Monday, the ministry said.</p>
//! <div class="share-bar">Share this</div></article>
//! <footer>© 2023 Steppe Herald</footer></body></html>"#;
//! assert_eq!(detect("story.html", page.as_bytes()), Format::Html);
//! let article = read_html(page);
//! assert_eq!(article.title.as_deref(), Some("Kazakhstan halts coal transit"));
//! assert_eq!(article.text, "Kazakhstan suspended the transit of Russian coal on Monday, the ministry said.");
//! let date = article.published.unwrap();
//! assert_eq!(date.iso(), "2023-04-03");
//! assert_eq!(date.evidence, "meta[property=article:published_time]");
//! ```

mod charset;
mod dates;
mod discover;
mod error;
mod feed;
mod furniture;
mod html;
mod jsonl;
mod limits;
mod plain;
mod warc;

pub use charset::{decode_html, CharsetSource, Decoded};
pub use error::ReaderError;
pub use feed::read_feed;
pub use html::read_html;
pub use jsonl::read_jsonl_line;
pub use limits::{
    cap_markup, Capped, MarkupNote, MAX_ATTRIBUTES, MAX_ELEMENTS, MAX_PAGE_ATTRIBUTES,
};
pub use plain::read_plain_text;
pub use warc::read_warc;

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// An HTML page.
    Html,
    /// Plain text (possibly scraped from a page, with its furniture).
    Text,
    /// An RSS (0.9x, 1.0, 2.0) or Atom feed.
    Rss,
    /// JSON Lines: one `{"id", "date", "text"}` document per line.
    Jsonl,
    /// A WARC crawl, plain or gzip-compressed.
    Warc,
    /// PETRARCH XML records (read with [`crate::read_petrarch_xml`]).
    PetrarchXml,
}

/// One story read from a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The document's own identifier (feed `guid`/`id`, WARC record id,
    /// JSON Lines `id`), if it has one.
    pub id: Option<String>,
    /// The story's headline.
    pub title: Option<String>,
    /// The story's URL (canonical URL, feed link, crawled URL).
    pub url: Option<String>,
    /// The publication or site name.
    pub source: Option<String>,
    /// The publication date, with its evidence.
    pub published: Option<Published>,
    /// Main text only, furniture removed; paragraphs separated by a blank
    /// line (`"\n\n"`), whitespace inside a paragraph collapsed.
    pub text: String,
}

/// A publication date and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The day it was published.
    pub date: faultline_core::Date,
    /// Where the date came from, e.g. `meta[property=article:published_time]`,
    /// `JSON-LD datePublished`, `<time datetime>`, `dateline "MOSCOW, June 19",
    /// year from URL`, `text "• 20 June, 2022"`, `<pubDate>`, `WARC-Date`,
    /// `jsonl date`.
    pub evidence: String,
}

impl Published {
    /// The date as ISO 8601 `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        self.date.to_string()
    }
}

/// Choose the reader for a file from its name, else from its first bytes.
///
/// By extension (any case): `.html`, `.htm`, `.xhtml` → [`Format::Html`];
/// `.txt` → [`Format::Text`]; `.jsonl`, `.ndjson` → [`Format::Jsonl`];
/// `.warc`, `.warc.gz` → [`Format::Warc`]; `.rss`, `.atom` →
/// [`Format::Rss`]; `.xml` → [`Format::Rss`] if the content starts an
/// `<rss>`, `<feed>` or `<rdf:RDF>`, else [`Format::PetrarchXml`]. Without
/// a known extension the content decides: a gzip or `WARC/` start is a
/// WARC file, a feed root a feed, `<Sentences>`/`<Sentence>` PETRARCH,
/// HTML tags HTML, a `{` line JSON Lines, anything else plain text.
///
/// ```
/// use faultline_text::readers::{detect, Format};
/// assert_eq!(detect("crawl.WARC.GZ", b""), Format::Warc);
/// assert_eq!(detect("news.xml", b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Format::Rss);
/// assert_eq!(detect("news.xml", b"<Sentences><Sentence date=\"20080801\">"), Format::PetrarchXml);
/// assert_eq!(detect("-", b"{\"id\": \"a\", \"date\": \"2022-06-20\", \"text\": \"...\"}\n"), Format::Jsonl);
/// assert_eq!(detect("page", b"<!DOCTYPE html><html>"), Format::Html);
/// assert_eq!(detect("notes", b"Russia blocked the port."), Format::Text);
/// ```
pub fn detect(name: &str, bytes: &[u8]) -> Format {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .to_ascii_lowercase();
    let ext = |e: &str| base.ends_with(e);
    if ext(".html") || ext(".htm") || ext(".xhtml") {
        return Format::Html;
    }
    if ext(".txt") {
        return Format::Text;
    }
    if ext(".jsonl") || ext(".ndjson") {
        return Format::Jsonl;
    }
    if ext(".warc") || ext(".warc.gz") {
        return Format::Warc;
    }
    if ext(".rss") || ext(".atom") {
        return Format::Rss;
    }
    let sniffed = sniff(bytes);
    if ext(".xml") {
        return match sniffed {
            Some(Format::Rss) => Format::Rss,
            Some(Format::Html) if !looks_like_petrarch(bytes) => Format::Html,
            _ => Format::PetrarchXml,
        };
    }
    sniffed.unwrap_or(Format::Text)
}

fn head_lower(bytes: &[u8]) -> String {
    let head = bytes.get(..4096).unwrap_or(bytes);
    String::from_utf8_lossy(head).to_ascii_lowercase()
}

/// `<name` followed by a space, `>` or `/` somewhere in `hay`.
fn has_tag(hay: &str, name: &str) -> bool {
    let pat = format!("<{name}");
    hay.match_indices(&pat).any(|(i, _)| {
        hay[i + pat.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '>' || c == '/')
    })
}

/// True if the first bytes hold a `<Sentences>` or `<Sentence>` tag.
pub fn looks_like_petrarch(bytes: &[u8]) -> bool {
    let head = head_lower(bytes);
    has_tag(&head, "sentences") || has_tag(&head, "sentence")
}

fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Format::Warc);
    }
    let head = head_lower(bytes);
    let trimmed = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.starts_with("warc/") {
        return Some(Format::Warc);
    }
    if trimmed.starts_with('<') {
        if has_tag(&head, "rss") || has_tag(&head, "feed") || has_tag(&head, "rdf:rdf") {
            return Some(Format::Rss);
        }
        if has_tag(&head, "sentences") || has_tag(&head, "sentence") {
            return Some(Format::PetrarchXml);
        }
        let html = [
            "!doctype html",
            "html",
            "head",
            "body",
            "div",
            "p",
            "article",
            "meta",
        ];
        if html.iter().any(|t| has_tag(&head, t)) {
            return Some(Format::Html);
        }
        return None;
    }
    let first_line = trimmed.lines().next().unwrap_or("").trim_end();
    if first_line.starts_with('{') && (first_line.ends_with('}') || !trimmed.contains('\n')) {
        return Some(Format::Jsonl);
    }
    None
}

#[cfg(test)]
mod tests;
