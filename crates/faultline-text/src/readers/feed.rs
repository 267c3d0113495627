//! RSS (0.9x, 1.0, 2.0) and Atom feeds: one [`Article`] per `<item>` or
//! `<entry>`.
//!
//! The feed's structure is read with `quick-xml`, configured to be
//! lenient about what real feeds get wrong (unmatched end tags, a bare
//! `&`, HTML entities such as `&nbsp;` that XML does not define). Each
//! field of an item is taken as the raw text between its tags, so HTML
//! content works whether it is escaped, wrapped in CDATA, or (against the
//! rules) written as markup. HTML content goes through the HTML reader's
//! fragment mode: furniture such as share links or "The post ... appeared
//! first on ..." is dropped.
//!
//! A feed whose items cannot be told apart (broken markup, an item not
//! closed before the end) is an error naming the line.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::dates::parse_date_value;
use super::discover::{published, YearHints};
use super::html::{extract, Options};
use super::plain::read_plain_text_with;
use super::{Article, ReaderError};
use crate::content::text_content;

/// 1-based line of byte offset `pos`.
fn line_at(src: &str, pos: u64) -> usize {
    let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(src.len());
    src.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn local_name(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase()
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase();
        (key == name).then(|| text_content(&String::from_utf8_lossy(&a.value)))
    })
}

/// Plain text of a field that may hold markup or HTML entities.
fn field_text(raw: &str) -> String {
    let decoded = text_content(raw);
    let text = if decoded.contains(['<', '&']) {
        let frag = scraper::Html::parse_fragment(&decoded);
        frag.root_element().text().collect::<String>()
    } else {
        decoded
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field of an item being read.
struct Capture {
    name: String,
    /// Stack depth of the field element.
    depth: usize,
    /// Byte offset just after its start tag.
    start: usize,
    /// Atom `type` attribute (`text`, `html`, `xhtml`).
    kind: Option<String>,
    /// Atom content given by reference (`src`): nothing to read.
    external: bool,
    /// The feed's own title, not an item's field.
    channel_title: bool,
}

#[derive(Default)]
struct Item {
    depth: usize,
    /// Byte offset of the start tag.
    offset: usize,
    title: Option<String>,
    link: Option<String>,
    guid: Option<String>,
    guid_is_link: bool,
    /// (evidence, value) of each date field.
    dates: Vec<(&'static str, String)>,
    /// Full content (`content:encoded`, Atom `content`), with its type.
    content: Option<(String, bool)>,
    /// Summary (`description`, Atom `summary`), with its type.
    summary: Option<(String, bool)>,
}

impl Item {
    /// Store a finished field. `html` says whether `raw` is HTML (escaped
    /// or not) rather than plain text.
    fn set(&mut self, name: &str, raw: &str, kind: Option<&str>) {
        let html = !matches!(kind, Some("text" | "plain" | "text/plain"));
        match name {
            "title" if self.title.is_none() => {
                self.title = Some(field_text(raw)).filter(|t| !t.is_empty());
            }
            "link" if self.link.is_none() => {
                self.link = Some(field_text(raw)).filter(|t| !t.is_empty());
            }
            "guid" | "id" if self.guid.is_none() => {
                self.guid = Some(field_text(raw)).filter(|t| !t.is_empty());
            }
            "pubdate" => self.dates.push(("<pubDate>", field_text(raw))),
            "date" => self.dates.push(("<dc:date>", field_text(raw))),
            "published" => self.dates.push(("<published>", field_text(raw))),
            "updated" => self.dates.push(("<updated>", field_text(raw))),
            "encoded" | "content" if self.content.is_none() => {
                self.content = Some((raw.to_string(), html));
            }
            "description" | "summary" if self.summary.is_none() => {
                self.summary = Some((raw.to_string(), html));
            }
            _ => {}
        }
    }

    fn into_article(self, source: Option<&str>) -> Article {
        let url = self.link.clone().or_else(|| {
            self.guid
                .clone()
                .filter(|g| self.guid_is_link && g.starts_with("http"))
        });
        let body = self.content.or(self.summary);
        let hints = YearHints {
            reference: None,
            url: url.as_deref(),
        };
        let from_body = match &body {
            Some((raw, true)) => {
                // Escaped HTML decodes to markup; raw markup stays as it is.
                let markup = if raw.contains("&lt;") || raw.contains("<![CDATA[") {
                    text_content(raw)
                } else {
                    raw.clone()
                };
                let opts = Options {
                    fragment: true,
                    known_title: self.title.as_deref(),
                    hints: hints.clone(),
                };
                extract(&markup, &opts)
            }
            Some((raw, false)) => read_plain_text_with(&text_content(raw), &hints),
            None => Article::default(),
        };
        let date = ["<pubDate>", "<dc:date>", "<published>", "<updated>"]
            .iter()
            .flat_map(|want| self.dates.iter().filter(move |(what, _)| what == want))
            .find_map(|(what, value)| {
                parse_date_value(value).map(|d| published(d, (*what).to_string()))
            });
        Article {
            id: self.guid,
            title: self.title,
            url,
            source: source.map(str::to_string),
            published: date.or(from_body.published),
            text: from_body.text,
        }
    }
}

/// Read an RSS or Atom feed: one [`Article`] per item or entry, in feed
/// order. The feed's title is each article's `source`.
///
/// ```
/// use faultline_text::readers::read_feed;
/// let rss = r#"<rss version="2.0"><channel><title>Steppe Wire</title>
/// <item><title>Kazakhstan halts coal transit</title>
/// <link>https://steppe.example/coal</link>
/// <pubDate>Mon, 03 Apr 2023 09:12:00 +0600</pubDate>
/// <description>&lt;p&gt;Kazakhstan suspended Russian coal transit on Monday.&lt;/p&gt;</description>
/// </item></channel></rss>"#;
/// let items = read_feed(rss).unwrap();
/// assert_eq!(items[0].text, "Kazakhstan suspended Russian coal transit on Monday.");
/// assert_eq!(items[0].published.as_ref().unwrap().evidence, "<pubDate>");
/// assert_eq!(items[0].source.as_deref(), Some("Steppe Wire"));
/// ```
pub fn read_feed(xml: &str) -> Result<Vec<Article>, ReaderError> {
    let mut reader = Reader::from_str(xml);
    {
        let config = reader.config_mut();
        config.allow_dangling_amp = true;
        config.allow_unmatched_ends = true;
        config.check_end_names = false;
        config.check_comments = false;
    }
    let mut stack: Vec<String> = Vec::new();
    let mut root_seen = false;
    let mut channel_title: Option<String> = None;
    let mut item: Option<Item> = None;
    let mut capture: Option<Capture> = None;
    let mut articles = Vec::new();
    let mut raw_articles: Vec<Item> = Vec::new();
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| ReaderError::FeedSyntax {
            line: line_at(xml, reader.error_position()),
            message: e.to_string(),
        })?;
        let (start_tag, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start_tag {
            {
                let name = local_name(e);
                if !root_seen {
                    root_seen = true;
                    if !matches!(name.as_str(), "rss" | "feed" | "rdf") {
                        return Err(ReaderError::NotAFeed {
                            line: line_at(xml, before as u64),
                            found: format!(
                                "root element `<{}>`",
                                String::from_utf8_lossy(e.name().as_ref())
                            ),
                        });
                    }
                }
                if !empty {
                    stack.push(name.clone());
                }
                let depth = stack.len();
                if capture.is_some() {
                    continue;
                }
                match &mut item {
                    None if !empty && matches!(name.as_str(), "item" | "entry") => {
                        item = Some(Item {
                            depth,
                            offset: before,
                            ..Item::default()
                        });
                    }
                    None if !empty
                        && name == "title"
                        && channel_title.is_none()
                        && stack.len() >= 2
                        && matches!(stack[stack.len() - 2].as_str(), "channel" | "feed") =>
                    {
                        capture = Some(Capture {
                            name,
                            depth,
                            start: usize::try_from(reader.buffer_position()).unwrap_or(0),
                            kind: None,
                            external: false,
                            channel_title: true,
                        });
                    }
                    Some(it) if depth == it.depth + usize::from(!empty) => {
                        if name == "link" {
                            // Atom: <link rel="alternate" href="..."/>.
                            if let Some(href) = attribute(e, "href") {
                                let rel = attribute(e, "rel").unwrap_or_default();
                                if (rel.is_empty() || rel == "alternate") && it.link.is_none() {
                                    it.link = Some(href.trim().to_string());
                                }
                                continue;
                            }
                        }
                        if name == "guid" {
                            it.guid_is_link = attribute(e, "ispermalink")
                                .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
                        }
                        if empty {
                            continue;
                        }
                        capture = Some(Capture {
                            name,
                            depth,
                            start: usize::try_from(reader.buffer_position()).unwrap_or(0),
                            kind: attribute(e, "type").map(|t| t.trim().to_ascii_lowercase()),
                            external: attribute(e, "src").is_some(),
                            channel_title: false,
                        });
                    }
                    _ => {}
                }
            }
            continue;
        }
        match event {
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if let Some(c) = &capture {
                    if c.name == name {
                        let raw = xml.get(c.start..before).unwrap_or("");
                        if c.channel_title {
                            channel_title = Some(field_text(raw)).filter(|t| !t.is_empty());
                        } else if let (Some(it), false) = (&mut item, c.external) {
                            it.set(&c.name, raw, c.kind.as_deref());
                        }
                        stack.truncate(c.depth.saturating_sub(1));
                        capture = None;
                        continue;
                    }
                }
                if capture.is_some() {
                    continue;
                }
                // An end tag closes the nearest open element of its name; a
                // stray one (looked for among the last few only, so that
                // junk cannot make this quadratic) is ignored.
                let open = stack.len();
                if let Some(back) = stack.iter().rev().take(64).position(|s| *s == name) {
                    stack.truncate(open - back - 1);
                }
                if item.as_ref().is_some_and(|it| stack.len() < it.depth) {
                    if let Some(it) = item.take() {
                        raw_articles.push(it);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(it) = item {
        return Err(ReaderError::FeedUnterminated {
            line: line_at(xml, it.offset as u64),
            element: if stack.iter().any(|s| s == "entry") {
                "entry".into()
            } else {
                "item".into()
            },
        });
    }
    if !root_seen {
        return Err(ReaderError::NotAFeed {
            line: 1,
            found: "no root element".into(),
        });
    }
    for it in raw_articles {
        articles.push(it.into_article(channel_title.as_deref()));
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Caspian Monitor</title>
  <entry>
    <title type="html">Baku &amp;amp; Tehran talk</title>
    <link rel="alternate" type="text/html" href="https://caspian.example/a"/>
    <link rel="self" href="https://caspian.example/a.atom"/>
    <id>tag:caspian.example,2023:a</id>
    <updated>2023-05-02T10:00:00Z</updated>
    <published>2023-05-01T09:00:00Z</published>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Azerbaijan and Iran held talks on Monday.</p><p>Share this</p></div></content>
  </entry>
  <entry>
    <title>Plain</title>
    <summary type="text">Turkey criticized Sweden on Tuesday.</summary>
  </entry>
</feed>"#;
        let items = read_feed(atom).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("Baku & Tehran talk"));
        assert_eq!(items[0].url.as_deref(), Some("https://caspian.example/a"));
        assert_eq!(items[0].id.as_deref(), Some("tag:caspian.example,2023:a"));
        assert_eq!(items[0].text, "Azerbaijan and Iran held talks on Monday.");
        let p = items[0].published.as_ref().unwrap();
        assert_eq!(
            (p.iso().as_str(), p.evidence.as_str()),
            ("2023-05-01", "<published>")
        );
        assert_eq!(items[0].source.as_deref(), Some("Caspian Monitor"));
        assert_eq!(items[1].text, "Turkey criticized Sweden on Tuesday.");
        assert_eq!(items[1].published, None);
    }

    #[test]
    fn errors_name_lines() {
        let err = read_feed("<html><body>x</body></html>").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1: not an RSS or Atom feed (root element `<html>`)"
        );
        let err = read_feed("<rss><channel>\n<item><title>x</title>\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: unterminated <item> (is the feed truncated?)"
        );
        let err = read_feed("").unwrap_err();
        assert!(matches!(err, ReaderError::NotAFeed { line: 1, .. }));
        assert!(read_feed("<rss><channel>\n<item><title a=\"x>y</title></item>").is_err());
    }
}
