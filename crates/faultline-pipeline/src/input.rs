//! From the bytes of an input to [`Document`]s: the `faultline-text`
//! readers give articles (main text, title, URL, publication date with its
//! evidence), and each becomes a document dated by its own date, else by
//! the date the user gave, else by its file's modification time.
//!
//! Bad input is named and bounded here: each format read whole has a size
//! cap ([`max_input_bytes`]), JSON Lines are read a line at a time with a
//! cap on the line ([`MAX_LINE_BYTES`]), text that is not UTF-8 is decoded
//! (BOM, UTF-16, legacy single-byte encodings) rather than refused, and
//! [`WarningLimit`] keeps a file's warnings to a few and a count.
//!
//! The caller opens the input and knows the file time; nothing here opens
//! a file: [`read_jsonl`] reads any `BufRead` it is handed.

use std::borrow::Cow;
use std::io::{self, BufRead};

use faultline_core::Date;
use faultline_text::decode::{self, DecodeError};
use faultline_text::readers::{self, Article, Format, ReaderError};

use crate::document::{DateSource, Document, DocumentError};

/// How a document without its own date is dated.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateFallback {
    /// The date the user gave (`--date`).
    pub given: Option<Date>,
    /// The modification day of the file being read, when there is one.
    pub file_time: Option<Date>,
}

/// Why an input, or one document of it, could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("line {line}: not valid UTF-8 (first bad byte at offset {offset})")]
    Utf8 { line: usize, offset: usize },
    #[error("not a readable feed: {0}")]
    Feed(ReaderError),
    #[error("not a readable WARC file: {0}")]
    Warc(ReaderError),
    #[error("record {record}: {error}")]
    WarcRecord { record: usize, error: ReaderError },
    #[error("{0}")]
    Jsonl(ReaderError),
    #[error("no date in the document and no --date")]
    NoDate,
    #[error("{0}")]
    Document(#[from] DocumentError),
    /// A document with an id of its own that cannot be coded.
    #[error("document {id}: {error}")]
    Named { id: String, error: DocumentError },
    #[error("PETRARCH XML is coded record by record (--input petrarch-xml)")]
    PetrarchXml,
    #[error("{0}")]
    Binary(DecodeError),
    #[error("more than {} MiB, the most {} may hold; split it", .limit >> 20, what(*.format))]
    TooLarge { format: Format, limit: u64 },
    /// A file that is one document could not be read, and what reading
    /// it cut or changed on the way.
    #[error("{error} ({})", .notes.join("; "))]
    Noted {
        error: Box<InputError>,
        notes: Vec<String>,
    },
}

/// What a file of `format` is called in messages.
fn what(format: Format) -> &'static str {
    match format {
        Format::Html => "an HTML page",
        Format::Text => "a text file (one document)",
        Format::Rss => "a feed",
        Format::Jsonl => "a JSON Lines line",
        Format::Warc => "a WARC file",
        Format::PetrarchXml => "a PETRARCH XML file",
    }
}

/// The most bytes of an input in `format` that are read; a bigger input is
/// refused ([`InputError::TooLarge`]) before it is parsed, so memory stays
/// well under a gigabyte whatever the input. JSON Lines have no cap of
/// their own: they are read a line at a time ([`MAX_LINE_BYTES`]).
pub fn max_input_bytes(format: Format) -> u64 {
    match format {
        // one document of at most MAX_TEXT_BYTES, with its furniture
        Format::Text => 4 * crate::document::MAX_TEXT_BYTES as u64,
        Format::Html => 32 << 20,
        Format::Rss => 64 << 20,
        // decompressed, at most `readers::MAX_DECOMPRESSED`
        Format::Warc | Format::PetrarchXml => 256 << 20,
        Format::Jsonl => u64::MAX,
    }
}

/// The day (UTC) of a file time.
pub fn day_of(time: std::time::SystemTime) -> Option<Date> {
    let secs = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    Date::from_days(i64::try_from(secs / 86_400).ok()?)
}

/// Why a file of type `kind` is not read, if it is a named pipe, a device
/// or a socket: reading one could block forever or never end.
pub fn special_file(kind: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe, not a file");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device, not a file");
        }
        if kind.is_socket() {
            return Some("a socket, not a file");
        }
    }
    let _ = kind;
    None
}

/// Why an input read as PETRARCH XML (`bytes`, or their start) gives no
/// documents to store or show: PETRARCH records are coded with `faultline
/// code`, and other XML needs its format named.
pub fn not_documents(bytes: &[u8]) -> &'static str {
    if readers::looks_like_petrarch(bytes) {
        "PETRARCH XML: its records are coded with `faultline code FILE`, not read as documents"
    } else {
        "XML that is not a feed, an HTML page or PETRARCH XML (to read its text, name the \
         format: --input html)"
    }
}

/// An error if `len` bytes are more than an input in `format` may hold.
pub fn check_size(format: Format, len: usize) -> Result<(), InputError> {
    let limit = max_input_bytes(format);
    match u64::try_from(len) {
        Ok(n) if n <= limit => Ok(()),
        _ => Err(InputError::TooLarge { format, limit }),
    }
}

/// The longest JSON Lines line read; a longer one is skipped and named
/// without being held in memory. (A document's text may be 4 MiB, and JSON
/// escapes can make it up to six times as long.)
pub const MAX_LINE_BYTES: usize = 32 << 20;

/// The format of an input: `forced` (`--input`) if given; stdin is JSON
/// Lines when its first byte that is not white space is `{`, else text;
/// a file is chosen by its name and first bytes ([`readers::detect`]).
pub fn choose_format(forced: Option<Format>, name: &str, stdin: bool, head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    forced.unwrap_or_else(|| {
        if stdin {
            match head.iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{') => Format::Jsonl,
                _ => Format::Text,
            }
        } else {
            readers::detect(name, head)
        }
    })
}

/// Counts a file's warnings: the first [`WarningLimit::SHOWN`] are shown,
/// the rest only counted, and [`WarningLimit::summary`] gives the count.
/// A million broken lines make eleven lines on stderr, not a million.
#[derive(Debug, Default)]
pub struct WarningLimit {
    total: usize,
}

impl WarningLimit {
    /// Warnings shown for one file.
    pub const SHOWN: usize = 10;

    /// Counts one warning; true if it is to be shown.
    pub fn admit(&mut self) -> bool {
        self.total += 1;
        self.total <= Self::SHOWN
    }

    /// For a file named `name` whose warnings were not all shown, how many
    /// there were.
    pub fn summary(&self, name: &str) -> Option<String> {
        (self.total > Self::SHOWN).then(|| {
            format!(
                "{name}: {} more warnings not shown ({} in all)",
                self.total - Self::SHOWN,
                self.total
            )
        })
    }
}

/// A document as its reader saw it: the document, the evidence of its own
/// date, and where in its input it is.
#[derive(Debug, Clone)]
pub struct Read {
    pub doc: Document,
    /// Where the document's own date was read (`meta[property=...]`,
    /// `jsonl date`, ...); `None` when it has none.
    pub evidence: Option<String>,
    /// The line (JSON Lines) or the 1-based item or record (feeds, WARC);
    /// `None` for a file that is one document.
    pub record: Option<usize>,
    /// The format it was read as.
    pub format: Format,
}

/// The name of a format, as `--input` spells it.
pub fn format_name(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Text => "text",
        Format::Rss => "rss",
        Format::Jsonl => "jsonl",
        Format::Warc => "warc",
        Format::PetrarchXml => "petrarch-xml",
    }
}

/// One line of `faultline read`: a document as its reader saw it, before
/// any coding, so that what was extracted can be checked.
#[derive(Debug, serde::Serialize)]
pub struct ReadRecord<'a> {
    /// The input it was read from.
    pub file: &'a str,
    /// Its line (JSON Lines) or item or record (feeds, WARC), 1-based.
    pub record: Option<usize>,
    /// The format it was read as (`html`, `text`, `rss`, `jsonl`, `warc`).
    pub format: &'static str,
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The publisher or site.
    pub source: Option<&'a str>,
    /// The publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Where the date was read (`meta[property=article:published_time]`,
    /// `jsonl date`, ...), or `--date` or `file modification time`.
    pub date_evidence: &'a str,
    /// The main text, as the coder will read it.
    pub text: &'a str,
}

impl<'a> ReadRecord<'a> {
    pub fn new(file: &'a str, read: &'a Read) -> ReadRecord<'a> {
        let doc = &read.doc;
        ReadRecord {
            file,
            record: read.record,
            format: format_name(read.format),
            id: &doc.id,
            title: doc.title.as_deref(),
            url: doc.url.as_deref(),
            source: doc.source.as_deref(),
            date: doc.date.to_string(),
            date_evidence: match doc.date_source {
                DateSource::Document => read.evidence.as_deref().unwrap_or("document"),
                other => other.as_str(),
            },
            text: &doc.text,
        }
    }
}

/// What [`read_documents`] read from one input.
#[derive(Debug, Default)]
pub struct Documents {
    /// Each document, or why one item of the input could not be read.
    pub docs: Vec<Result<Read, InputError>>,
    /// What the reading changed or cut, to report (an encoding guessed,
    /// attributes dropped).
    pub notes: Vec<String>,
}

impl InputError {
    /// The message for an input named `name`: `name:line: …` when the
    /// error has a line, else `name: …`.
    pub fn located(&self, name: &str) -> String {
        match self {
            InputError::Utf8 { line, offset } => {
                format!("{name}:{line}: not valid UTF-8 (first bad byte at offset {offset})")
            }
            other => format!("{name}: {other}"),
        }
    }
}

/// The text of `bytes` decoded ([`decode::decode_text`]), with a note
/// when it was not UTF-8.
pub fn text<'a>(bytes: &'a [u8], notes: &mut Vec<String>) -> Result<Cow<'a, str>, InputError> {
    let decoded = decode::decode_text(bytes).map_err(InputError::Binary)?;
    if let Some(encoding) = decoded.encoding {
        notes.push(format!("not UTF-8; read as {encoding}"));
    }
    Ok(decoded.text)
}

/// The text of `bytes`, or where its first invalid UTF-8 byte is.
pub fn utf8(bytes: &[u8]) -> Result<&str, InputError> {
    std::str::from_utf8(bytes).map_err(|_| {
        let (line, offset) = faultline_text::first_invalid_utf8_line(bytes).unwrap_or((1, 0));
        InputError::Utf8 { line, offset }
    })
}

/// The document an article makes; `fallback_id` names it when it has no
/// id or URL of its own (a file name, `file#3`, `file:12`).
pub fn document(
    article: Article,
    fallback_id: String,
    dates: &DateFallback,
) -> Result<Document, InputError> {
    let own = article.published.as_ref().map(|p| p.date);
    let (date, date_source) = match (own, dates.given, dates.file_time) {
        (Some(d), _, _) => (d, DateSource::Document),
        (None, Some(d), _) => (d, DateSource::Given),
        (None, None, Some(d)) => (d, DateSource::FileTime),
        (None, None, None) => return Err(InputError::NoDate),
    };
    let id = article
        .id
        .or_else(|| article.url.clone())
        .unwrap_or_else(|| fallback_id.clone());
    let doc = Document {
        id,
        date,
        date_source,
        text: article.text,
        title: article.title,
        url: article.url,
        source: article.source,
    };
    // the caller names the file or line; the document's own id is added
    // when it says more
    match doc.check() {
        Err(error) if doc.id != fallback_id => Err(InputError::Named { id: doc.id, error }),
        Err(error) => Err(error.into()),
        Ok(()) => Ok(doc),
    }
}

/// A [`Read`] of `article`, made into a document (see [`document`]).
fn read(
    article: Article,
    fallback_id: String,
    dates: &DateFallback,
    (format, record): (Format, Option<usize>),
) -> Result<Read, InputError> {
    let evidence = article.published.as_ref().map(|p| p.evidence.clone());
    let doc = document(article, fallback_id, dates)?;
    Ok(Read {
        doc,
        evidence,
        record,
        format,
    })
}

/// The documents of one input named `name` in format `format` (not JSON
/// Lines, which is read a line at a time with [`read_jsonl`]). The outer
/// error means nothing could be read; an inner one is one feed item or
/// WARC record that is reported and skipped. A file that is a single
/// document (HTML, text) fails with it.
pub fn read_documents(
    name: &str,
    bytes: &[u8],
    format: Format,
    dates: &DateFallback,
) -> Result<Documents, InputError> {
    let mut out = Documents::default();
    check_size(format, bytes.len())?;
    // a file that is one document fails with it, and with its notes
    let one = |article, notes: &mut Vec<String>| {
        read(article, name.to_string(), dates, (format, None)).map_err(
            |error| match std::mem::take(notes) {
                notes if notes.is_empty() => error,
                notes => InputError::Noted {
                    error: Box::new(error),
                    notes,
                },
            },
        )
    };
    let articles: Vec<Result<(Article, String), InputError>> = match format {
        Format::Html => {
            // any charset: BOM, <meta>, else detected
            let decoded = readers::decode_html(bytes, None);
            let capped = readers::cap_markup(&decoded.text);
            out.notes
                .extend(capped.notes.iter().map(ToString::to_string));
            let article = readers::read_html(&capped.html);
            out.docs.push(Ok(one(article, &mut out.notes)?));
            return Ok(out);
        }
        Format::Text => {
            let text = text(bytes, &mut out.notes)?;
            let article = readers::read_plain_text(&text);
            out.docs.push(Ok(one(article, &mut out.notes)?));
            return Ok(out);
        }
        Format::Rss => readers::read_feed(&text(bytes, &mut out.notes)?)
            .map_err(InputError::Feed)?
            .into_iter()
            .enumerate()
            .map(|(i, a)| Ok((a, format!("{name}#{i}"))))
            .collect(),
        Format::Warc => readers::read_warc(bytes)
            .map_err(InputError::Warc)?
            .into_iter()
            .enumerate()
            .map(|(i, r)| match r {
                Ok(a) => Ok((a, format!("{name}#{i}"))),
                Err(error) => Err(InputError::WarcRecord {
                    record: i + 1,
                    error,
                }),
            })
            .collect(),
        Format::Jsonl => {
            let mut bytes = bytes;
            // reading a slice cannot fail, and neither does this `each`
            let _ = read_jsonl(&mut bytes, name, dates, &mut |r| {
                match r {
                    Ok(r) => out.docs.push(Ok(r)),
                    Err(note) => out.notes.push(note),
                }
                Ok::<(), io::Error>(())
            });
            return Ok(out);
        }
        Format::PetrarchXml => return Err(InputError::PetrarchXml),
    };
    out.docs = articles
        .into_iter()
        .enumerate()
        .map(|(i, a)| a.and_then(|(a, id)| read(a, id, dates, (format, Some(i + 1)))))
        .collect();
    Ok(out)
}

/// The document of one JSON Lines line (without its line break); `at`
/// (`file:line`) names it when it has no `id`. A byte-order mark before
/// the line is dropped.
pub fn jsonl_document(
    line: &str,
    at: String,
    dates: &DateFallback,
) -> Result<Document, InputError> {
    jsonl_read(line, at, dates, None).map(|r| r.doc)
}

fn jsonl_read(
    line: &str,
    at: String,
    dates: &DateFallback,
    record: Option<usize>,
) -> Result<Read, InputError> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let article = readers::read_jsonl_line(line).map_err(InputError::Jsonl)?;
    read(article, at, dates, (Format::Jsonl, record))
}

/// Reads JSON Lines from `reader` a line at a time and hands `each` every
/// document, or a warning naming `name:line` (a line that cannot be read is
/// skipped; one that is not UTF-8 is decoded and said so once). UTF-16 is
/// read when the input starts with its BOM. Memory does not grow with the
/// input: a line longer than [`MAX_LINE_BYTES`] is skipped unread. The
/// first error of `each`, or of reading, stops it.
pub fn read_jsonl<R: BufRead, E: From<io::Error>>(
    mut reader: R,
    name: &str,
    dates: &DateFallback,
    each: &mut dyn FnMut(Result<Read, String>) -> Result<(), E>,
) -> Result<(), E> {
    let head = reader.fill_buf()?;
    match decode::bom(head) {
        Some((encoding, _)) if encoding.name() != "UTF-8" => {
            let big_endian = encoding.name() == "UTF-16BE";
            let utf8 = io::BufReader::new(decode::Utf16Reader::new(reader, big_endian));
            read_lines(utf8, name, dates, each)
        }
        _ => read_lines(reader, name, dates, each),
    }
}

fn read_lines<R: BufRead, E: From<io::Error>>(
    mut reader: R,
    name: &str,
    dates: &DateFallback,
    each: &mut dyn FnMut(Result<Read, String>) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    let mut decoded_noted = false;
    loop {
        let (n, whole) = read_line_capped(&mut reader, &mut buf, MAX_LINE_BYTES)?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let at = format!("{name}:{line_no}");
        if !whole {
            each(Err(format!(
                "{at}: longer than {} MiB; line skipped",
                MAX_LINE_BYTES >> 20
            )))?;
            continue;
        }
        let mut line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        if line_no == 1 {
            line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match decode::decode_text(line) {
            Ok(d) => {
                if let (Some(encoding), false) = (d.encoding, decoded_noted) {
                    decoded_noted = true;
                    each(Err(format!(
                        "{at}: not UTF-8; read as {encoding} (and so is every such line)"
                    )))?;
                }
                d.text
            }
            Err(DecodeError::Binary { offset, .. }) => {
                each(Err(format!(
                    "{at}: binary data, not text (a NUL byte at column {}); line skipped",
                    offset + 1
                )))?;
                continue;
            }
            Err(e) => {
                each(Err(format!("{at}: {e}; line skipped")))?;
                continue;
            }
        };
        match jsonl_read(&text, at.clone(), dates, Some(line_no)) {
            Ok(r) => each(Ok(r))?,
            Err(e) => each(Err(format!("{at}: {e}; line skipped")))?,
        }
    }
}

/// Reads one line (with its `\n`) into `buf`, which is cleared first:
/// the bytes consumed, and whether the line fitted in `max` bytes (if not,
/// `buf` is left empty and the line is consumed all the same).
fn read_line_capped<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    buf.clear();
    let (mut total, mut whole) = (0usize, true);
    loop {
        let avail = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, whole));
        }
        let (take, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if whole && buf.len() + take <= max {
            buf.extend_from_slice(&avail[..take]);
        } else if whole {
            whole = false;
            *buf = Vec::new();
        }
        reader.consume(take);
        total += take;
        if end {
            return Ok((total, whole));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_fall_back_in_order() {
        let day = |s| Date::parse(s).unwrap();
        let given = DateFallback {
            given: Some(day("2024-03-04")),
            file_time: Some(day("2020-01-01")),
        };
        let line = r#"{"id": "a", "text": "Russia met China."}"#;
        let doc = jsonl_document(line, "f:1".into(), &given).unwrap();
        assert_eq!(
            (doc.date, doc.date_source),
            (day("2024-03-04"), DateSource::Given)
        );
        let file = DateFallback {
            given: None,
            ..given
        };
        let doc = jsonl_document(line, "f:1".into(), &file).unwrap();
        assert_eq!(doc.date_source, DateSource::FileTime);
        let none = DateFallback::default();
        assert_eq!(
            jsonl_document(line, "f:1".into(), &none).unwrap_err(),
            InputError::NoDate
        );
        let own = r#"{"id": "b", "date": "2022-06-20", "text": "Russia met China."}"#;
        let doc = jsonl_document(own, "f:2".into(), &none).unwrap();
        assert_eq!(
            (doc.date, doc.date_source),
            (day("2022-06-20"), DateSource::Document)
        );
    }

    #[test]
    fn single_documents_fail_with_their_file() {
        let dates = DateFallback {
            given: Date::parse("2024-01-01"),
            file_time: None,
        };
        let err = read_documents("x.txt", b"  \n ", Format::Text, &dates).unwrap_err();
        assert_eq!(err.to_string(), "no text to code");
        let err = read_documents("x.txt", b"ok\n\x00\x01", Format::Text, &dates).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: binary data, not text (a NUL byte at offset 3)"
        );
        // a page is decoded by its charset, declared or detected
        let page = read_documents("x.html", b"<p>caf\xe9</p>", Format::Html, &dates).unwrap();
        assert_eq!(page.docs[0].as_ref().unwrap().doc.text, "caf\u{e9}");
        let big = vec![b'a'; (16 << 20) + 1];
        let err = read_documents("x.txt", &big, Format::Text, &dates).unwrap_err();
        assert_eq!(
            err.to_string(),
            "more than 16 MiB, the most a text file (one document) may hold; split it"
        );
    }

    #[test]
    fn text_in_other_encodings_is_decoded() {
        let dates = DateFallback {
            given: Date::parse("2024-01-01"),
            file_time: None,
        };
        let text = |bytes: &[u8], format| {
            let read = read_documents("x", bytes, format, &dates).unwrap();
            let doc = read.docs.into_iter().next().unwrap().unwrap().doc;
            (doc.text, read.notes)
        };
        assert_eq!(
            text(b"\xef\xbb\xbfFrance criticized Germany.", Format::Text),
            ("France criticized Germany.".to_string(), vec![])
        );
        assert_eq!(
            text(b"Fran\xe7ois Hollande criticized Germany.", Format::Text),
            (
                "Fran\u{e7}ois Hollande criticized Germany.".to_string(),
                vec!["not UTF-8; read as windows-1252".to_string()]
            )
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "Paris \u{e9}t\u{e9}."
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(text(&utf16, Format::Text).0, "Paris \u{e9}t\u{e9}.");
        let jsonl: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(
                "{\"id\": \"a\", \"text\": \"\u{c9}tat.\"}\r\n"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes),
            )
            .collect();
        assert_eq!(text(&jsonl, Format::Jsonl).0, "\u{c9}tat.");
        let page = format!("<p{}>Kept.</p>", " a".repeat(100));
        let (_, notes) = text(page.as_bytes(), Format::Html);
        assert_eq!(
            notes,
            ["byte 0: a tag with 100 attributes; only the first 64 of each tag were read"]
        );
    }

    #[test]
    fn notes_go_with_a_failed_document() {
        let dates = DateFallback {
            given: Date::parse("2024-01-01"),
            file_time: None,
        };
        let page = format!("<p{}></p>", " a".repeat(70));
        let err = read_documents("x", page.as_bytes(), Format::Html, &dates).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no text to code (byte 0: a tag with 70 attributes; only the first 64 of each tag were read)"
        );
    }

    #[test]
    fn jsonl_lines_are_bounded_and_named() {
        let dates = DateFallback {
            given: Date::parse("2024-01-01"),
            file_time: None,
        };
        let long = format!("{{\"text\": \"{}\"}}", "a".repeat(MAX_LINE_BYTES));
        let input = format!(
            "\u{feff}{{\"id\": \"a\", \"text\": \"Ok.\"}}\n{long}\n{{\"text\": \"Caf\u{e9}\"}}\n\n{{\"text\": \"B\"}}\n"
        );
        let mut bytes = input.into_bytes();
        // line 3 in Latin-1, and a NUL on line 5
        let e9 = bytes.iter().position(|&b| b == 0xc3).unwrap();
        bytes.splice(e9..e9 + 2, [0xe9]);
        let b = bytes.len() - 4;
        bytes[b] = 0;
        let mut got = Vec::new();
        read_jsonl(&bytes[..], "f", &dates, &mut |r| {
            got.push(match r {
                Ok(r) => format!("{:?} {}", r.record, r.doc.text),
                Err(w) => w,
            });
            Ok::<(), io::Error>(())
        })
        .unwrap();
        assert_eq!(
            got,
            [
                "Some(1) Ok.",
                "f:2: longer than 32 MiB; line skipped",
                "f:3: not UTF-8; read as windows-1252 (and so is every such line)",
                "Some(3) Caf\u{e9}",
                "f:5: binary data, not text (a NUL byte at column 11); line skipped",
            ]
        );
        let mut limit = WarningLimit::default();
        let shown = (0..25).filter(|_| limit.admit()).count();
        assert_eq!(shown, 10);
        assert_eq!(
            limit.summary("f").as_deref(),
            Some("f: 15 more warnings not shown (25 in all)")
        );
    }
}
