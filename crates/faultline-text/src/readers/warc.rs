//! WARC crawls (ISO 28500, WARC/1.0 and 1.1): the HTML pages among the
//! `response` (and `resource`) records, each read as an HTML page.
//!
//! A `.warc.gz` is a series of gzip members, normally one per record; the
//! members are decompressed one by one so that an error can name the
//! member's offset in the compressed file. A record's HTTP response is
//! de-chunked and decompressed (`Content-Encoding: gzip`/`deflate`) as
//! needed, and its charset honoured for UTF-8, ISO-8859-1 and
//! Windows-1252 (other charsets are read as UTF-8, with replacement
//! characters where that fails).
//!
//! Records that are not pages (`warcinfo`, `request`, `metadata`, images,
//! redirects and error pages) are skipped silently. A damaged record is an
//! `Err` in its place in the list, and reading goes on with the next
//! record; only an input that does not start like a WARC file at all is an
//! error for the whole file.

use std::io::Read;

use flate2::bufread::{DeflateDecoder, GzDecoder, ZlibDecoder};

use super::dates::parse_date_value;
use super::discover::{published, YearHints};
use super::html::{extract, Options};
use super::{Article, ReaderError};

/// The input, decompressed, with where each gzip member started.
struct Stream<'a> {
    data: std::borrow::Cow<'a, [u8]>,
    /// `(offset in data, offset in the input)` of each member; empty for
    /// an uncompressed input.
    members: Vec<(usize, usize)>,
    /// A decompression error after the readable part.
    error: Option<ReaderError>,
}

impl Stream<'_> {
    /// Offset to report for a record starting at `pos` in `data`.
    fn input_offset(&self, pos: usize) -> usize {
        if self.members.is_empty() {
            return pos;
        }
        let i = self.members.partition_point(|&(start, _)| start <= pos);
        self.members
            .get(i.saturating_sub(1))
            .map_or(pos, |&(_, input)| input)
    }
}

/// Largest decompressed size of one file, all its gzip members together (a
/// guard against gzip bombs, which may be made of many members): the
/// records in the first 512 MiB are read, the rest is reported.
pub const MAX_DECOMPRESSED: u64 = 512 << 20;

/// Largest decompressed HTTP payload accepted.
const MAX_PAYLOAD: u64 = 256 << 20;

fn decompress(bytes: &[u8]) -> Stream<'_> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Stream {
            data: std::borrow::Cow::Borrowed(bytes),
            members: Vec::new(),
            error: None,
        };
    }
    let mut data = Vec::new();
    let mut members = Vec::new();
    let mut rest = bytes;
    let mut error = None;
    while !rest.is_empty() {
        let offset = bytes.len() - rest.len();
        if !rest.starts_with(&[0x1f, 0x8b]) {
            if rest.iter().all(|&b| b == 0) {
                break; // padding
            }
            error = Some(ReaderError::Gzip {
                offset,
                message: "data after the last gzip member is not a gzip member".into(),
            });
            break;
        }
        let mut decoder = GzDecoder::new(rest);
        let start = data.len();
        // what is left of the file's budget, plus one byte to see it overflow
        let budget = MAX_DECOMPRESSED + 1 - start as u64;
        match (&mut decoder).take(budget).read_to_end(&mut data) {
            Ok(_) if data.len() as u64 > MAX_DECOMPRESSED => {
                data.truncate(start);
                error = Some(ReaderError::Gzip {
                    offset,
                    message: format!(
                        "the file expands to more than {} MiB; the records after this \
                         member were not read",
                        MAX_DECOMPRESSED >> 20
                    ),
                });
                break;
            }
            Ok(_) => {
                members.push((start, offset));
                let remaining = decoder.into_inner();
                if remaining.len() >= rest.len() {
                    break; // no progress: stop rather than loop
                }
                rest = remaining;
            }
            Err(e) => {
                data.truncate(start);
                error = Some(ReaderError::Gzip {
                    offset,
                    message: e.to_string(),
                });
                break;
            }
        }
    }
    Stream {
        data: std::borrow::Cow::Owned(data),
        members,
        error,
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = from;
    while i < hay.len() {
        i += hay[i..].iter().position(|&b| b == first)?;
        if hay[i + 1..].starts_with(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Header block (up to the blank line) starting at `pos`: the header text
/// and the offset of the body. The blank line is `\r\n\r\n` or `\n\n`,
/// whichever comes first, found in one pass: looking for each to the end of
/// the data made a file of many records without one of them quadratic.
fn header_block(data: &[u8], pos: usize) -> Option<(String, usize)> {
    let mut i = pos;
    let (end, body) = loop {
        let nl = i + data.get(i..)?.iter().position(|&b| b == b'\n')?;
        if data.get(nl + 1) == Some(&b'\n') {
            break (nl, nl + 2);
        }
        if nl > pos && data[nl - 1] == b'\r' && data.get(nl + 1..nl + 3) == Some(b"\r\n") {
            break (nl - 1, nl + 3);
        }
        i = nl + 1;
    };
    Some((String::from_utf8_lossy(&data[pos..end]).into_owned(), body))
}

/// `Name: value` lines (names lower-cased), with folded continuation lines.
fn parse_headers(block: &str) -> (String, Vec<(String, String)>) {
    let mut lines = block.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    (first, headers)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn strip_brackets(s: &str) -> String {
    s.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// Undo `Transfer-Encoding: chunked`; `None` if the chunks are damaged.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut pos = 0;
    loop {
        let line_end = find(body, b"\n", pos)?;
        let line = String::from_utf8_lossy(&body[pos..line_end]);
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        pos = line_end + 1;
        if size == 0 {
            return Some(out);
        }
        let end = pos.checked_add(size)?;
        out.extend_from_slice(body.get(pos..end)?);
        pos = end;
        // CRLF after the chunk.
        while matches!(body.get(pos), Some(b'\r' | b'\n')) {
            pos += 1;
        }
    }
}

fn decode_content(body: &[u8], encoding: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = MAX_PAYLOAD + 1;
    let result = match encoding {
        "gzip" | "x-gzip" => GzDecoder::new(body).take(limit).read_to_end(&mut out),
        "deflate" => {
            // Servers send zlib-wrapped or raw deflate under this name.
            match ZlibDecoder::new(body).take(limit).read_to_end(&mut out) {
                Ok(n) => Ok(n),
                Err(_) => {
                    out.clear();
                    DeflateDecoder::new(body).take(limit).read_to_end(&mut out)
                }
            }
        }
        "" | "identity" => {
            out.extend_from_slice(body);
            return Ok(out);
        }
        other => return Err(format!("unsupported Content-Encoding `{other}`")),
    };
    match result {
        Ok(n) if n as u64 > MAX_PAYLOAD => Err(format!(
            "{encoding} payload expands to more than {} MiB",
            MAX_PAYLOAD >> 20
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(format!("{encoding} payload: {e}")),
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(body.get(..1024).unwrap_or(body)).to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

/// What one record gave.
enum Record {
    Page(Article),
    Skipped,
}

fn read_record(
    headers: &[(String, String)],
    block: &[u8],
    uri: Option<&str>,
) -> Result<Record, String> {
    let warc_type = header(headers, "warc-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let block_type = header(headers, "content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let (content_type, body) = match warc_type.as_str() {
        "response" if block_type.starts_with("application/http") || block.starts_with(b"HTTP/") => {
            let Some((head, body_at)) = header_block(block, 0) else {
                return Err("HTTP response without the blank line after its headers".into());
            };
            let (status_line, http) = parse_headers(&head);
            let status = status_line
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse::<u16>().ok())
                .ok_or_else(|| format!("bad HTTP status line {status_line:?}"))?;
            if !(200..300).contains(&status) {
                return Ok(Record::Skipped);
            }
            let mut body = block[body_at..].to_vec();
            let chunked = header(&http, "transfer-encoding")
                .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
            if chunked {
                if let Some(plain) = dechunk(&body) {
                    body = plain;
                }
            }
            let encoding = header(&http, "content-encoding")
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let body = decode_content(&body, &encoding)?;
            let ct = header(&http, "content-type").unwrap_or("").to_string();
            (ct, body)
        }
        "resource" => (block_type.clone(), block.to_vec()),
        _ => return Ok(Record::Skipped),
    };
    let ct = content_type.to_ascii_lowercase();
    let is_html = ct.contains("html") || (ct.trim().is_empty() && looks_like_html(&body));
    if !is_html {
        return Ok(Record::Skipped);
    }
    let text = super::charset::decode_html(&body, Some(&content_type)).text;
    let crawl = header(headers, "warc-date").and_then(parse_date_value);
    let opts = Options {
        fragment: false,
        known_title: None,
        hints: YearHints {
            reference: crawl.map(|d| (d, "WARC-Date")),
            url: uri,
        },
    };
    let mut article = extract(&text, &opts);
    if let Some(u) = uri {
        article.url = Some(u.to_string());
    }
    article.id = header(headers, "warc-record-id").map(strip_brackets);
    if article.published.is_none() {
        article.published = crawl.map(|d| published(d, "WARC-Date".into()));
    }
    if article.source.is_none() {
        article.source = uri.and_then(host_of);
    }
    Ok(Record::Page(article))
}

fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Read a WARC file (plain or gzip-compressed): one entry per HTML page in
/// its `response` and `resource` records, in file order.
///
/// The URL is the record's `WARC-Target-URI`, the id its `WARC-Record-ID`;
/// the date is the page's own, else the `WARC-Date` (evidence
/// `WARC-Date`), which also gives a yearless dateline its year.
pub fn read_warc(bytes: &[u8]) -> Result<Vec<Result<Article, ReaderError>>, ReaderError> {
    let stream = decompress(bytes);
    let data = &stream.data;
    let mut out = Vec::new();
    let mut pos = 0;
    let mut record = 0usize;
    // Skip leading blank lines.
    while matches!(data.get(pos), Some(b'\r' | b'\n')) {
        pos += 1;
    }
    if !data[pos..].starts_with(b"WARC/") {
        if let Some(e) = stream.error {
            return Err(e);
        }
        let found: String =
            String::from_utf8_lossy(data.get(pos..pos + 16).unwrap_or(&data[pos..]))
                .chars()
                .map(|c| if c.is_control() { '.' } else { c })
                .collect();
        return Err(ReaderError::NotWarc {
            offset: stream.input_offset(pos),
            message: format!("expected `WARC/`, found {found:?}"),
        });
    }
    while pos < data.len() {
        record += 1;
        let offset = stream.input_offset(pos);
        let damaged = |uri: Option<String>, message: String| ReaderError::WarcRecord {
            record,
            offset,
            uri,
            message,
        };
        let next_record = |from: usize| {
            find(data, b"\nWARC/", from.saturating_sub(1)).map_or(data.len(), |p| p + 1)
        };
        if !data[pos..].starts_with(b"WARC/") {
            out.push(Err(damaged(None, "expected a `WARC/` version line".into())));
            pos = next_record(pos);
            continue;
        }
        let Some((head, block_at)) = header_block(data, pos) else {
            out.push(Err(damaged(
                None,
                "header not closed by a blank line (truncated?)".into(),
            )));
            break;
        };
        let (_, headers) = parse_headers(&head);
        let uri = header(&headers, "warc-target-uri").map(strip_brackets);
        let length = match header(&headers, "content-length").map(|v| v.trim().parse::<usize>()) {
            Some(Ok(n)) => n,
            Some(Err(_)) | None => {
                out.push(Err(damaged(uri, "missing or bad Content-Length".into())));
                pos = next_record(block_at);
                continue;
            }
        };
        let Some(block) = block_at
            .checked_add(length)
            .and_then(|end| data.get(block_at..end))
        else {
            out.push(Err(damaged(
                uri,
                format!(
                    "block of {length} bytes runs past the end of the file ({} left; truncated?)",
                    data.len() - block_at
                ),
            )));
            break;
        };
        match read_record(&headers, block, uri.as_deref()) {
            Ok(Record::Page(a)) => out.push(Ok(a)),
            Ok(Record::Skipped) => {}
            Err(message) => out.push(Err(damaged(uri, message))),
        }
        pos = block_at + length;
        while matches!(data.get(pos), Some(b'\r' | b'\n')) {
            pos += 1;
        }
    }
    if let Some(e) = stream.error {
        out.push(Err(e));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             WARC-Date: 2022-06-20T12:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn chunked_latin1_page() {
        let html = b"<html><body><p>MOSCOW, June 19 (Reuters) - Russia blocked the caf\xe9 port.</p></body></html>";
        let mut http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\
             Transfer-Encoding: chunked\r\n\r\n{:x}\r\n",
            html.len()
        )
        .into_bytes();
        http.extend_from_slice(html);
        http.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut file = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        file.extend(record(
            "response",
            "https://x.example/a",
            "application/http; msgtype=response",
            &http,
        ));
        let got = read_warc(&file).unwrap();
        assert_eq!(got.len(), 1);
        let a = got[0].as_ref().unwrap();
        assert_eq!(
            a.text,
            "MOSCOW, June 19 (Reuters) - Russia blocked the café port."
        );
        assert_eq!(a.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(a.id.as_deref(), Some("urn:uuid:response"));
        let p = a.published.as_ref().unwrap();
        assert_eq!(p.iso(), "2022-06-19");
        assert_eq!(
            p.evidence,
            "dateline \"MOSCOW, June 19\", year from WARC-Date 2022-06-20"
        );
    }

    /// The HTTP header's charset wins over the page's `<meta>`, and a
    /// page without either is detected.
    #[test]
    fn http_charset_and_detection() {
        let koi8 = b"<html><head><meta charset=\"utf-8\"></head><body><p>\xf7 \xeb\xc9\xc5\xd7\xc5 \xd0\xd2\xcf\xdb\xc5\xcc \xcd\xc9\xd4\xc9\xce\xc7 \xd0\xd2\xcf\xd4\xc9\xd7 \xd2\xc5\xc6\xcf\xd2\xcd\xd9.</p></body></html>";
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=KOI8-R\r\n\r\n".to_vec();
        http.extend_from_slice(koi8);
        let mut plain = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        plain.extend_from_slice(
            b"<html><body><p>Der B\xfcrgermeister von M\xfcnchen hat am Montag die Stra\xdfensperrung aufgehoben, w\xe4hrend die Polizei weiter ermittelt.</p></body></html>",
        );
        let mut file = record(
            "response",
            "https://x.example/ru",
            "application/http; msgtype=response",
            &http,
        );
        file.extend(record(
            "response",
            "https://x.example/de",
            "application/http; msgtype=response",
            &plain,
        ));
        let got = read_warc(&file).unwrap();
        let text = |i: usize| got[i].as_ref().unwrap().text.clone();
        assert_eq!(text(0), "В Киеве прошел митинг против реформы.");
        assert!(
            text(1).starts_with("Der Bürgermeister von München"),
            "{}",
            text(1)
        );
    }

    #[test]
    fn damaged_records() {
        assert!(matches!(
            read_warc(b"hello"),
            Err(ReaderError::NotWarc { offset: 0, .. })
        ));
        assert!(matches!(read_warc(b""), Err(ReaderError::NotWarc { .. })));
        let mut file = b"WARC/1.0\r\nWARC-Type: response\r\n\r\n".to_vec();
        file.extend(record(
            "response",
            "https://x.example/b",
            "application/http",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>",
        ));
        let got = read_warc(&file).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "WARC record 1 at byte 0: missing or bad Content-Length"
        );
        assert_eq!(got[1].as_ref().unwrap().text, "Hi");
        let truncated = &file[..file.len() - 10];
        let got = read_warc(truncated).unwrap();
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("truncated"));
    }
}
