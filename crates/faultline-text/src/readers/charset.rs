//! The character encoding of an HTML page, found the way a browser finds
//! it: a byte order mark, else the HTTP `Content-Type` charset (a WARC
//! response's header), else a `<meta charset>` or `<meta http-equiv>`
//! (or XML declaration) in the first bytes, else the bytes themselves:
//! UTF-8 when they are valid UTF-8, otherwise the guess of `chardetng`
//! (Firefox's detector). Decoding is `encoding_rs`'s, so a page in
//! Latin-1, Windows-1252, KOI8-R, Shift_JIS or UTF-16 reads as it should
//! and undecodable bytes become U+FFFD instead of failing the page.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// How far into a page its `<meta>` charset is looked for (browsers look
/// at 1024 bytes; pages with long `<head>` scripts put it later).
const PRESCAN: usize = 4096;

/// Where a page's encoding was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Http,
    /// A `<meta>` tag or the XML declaration.
    Meta,
    /// Valid UTF-8 without any declaration.
    Utf8,
    /// Guessed from the bytes by `chardetng`.
    Detected,
}

/// A page's text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The page as text, without a byte order mark.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `windows-1252`, ...).
    pub encoding: &'static str,
    /// Where the encoding was read.
    pub source: CharsetSource,
}

/// The charset label in a `Content-Type` value or in the text of a tag:
/// what follows `charset=`, quotes and spaces taken off.
pub(crate) fn charset_label(text: &[u8]) -> Option<&[u8]> {
    let at = find_ci(text, b"charset")?;
    let rest = &text[at + 7..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .count();
    (len > 0).then(|| &rest[..len])
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Where `needle` (lower-case ASCII) first occurs in `hay`, any case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The encoding a label names; a page that says UTF-16 in a `<meta>` is
/// read as UTF-8 (its bytes are ASCII-compatible, or the BOM would have
/// said so), as browsers do.
fn for_label(label: &[u8], from_meta: bool) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label)?;
    if from_meta && (enc == UTF_16LE || enc == UTF_16BE) {
        return Some(UTF_8);
    }
    // "x-user-defined" and "replacement" are no text encodings for us
    (enc.name() != "replacement").then_some(enc)
}

/// The encoding declared in the first bytes of a page: a `<meta>` tag
/// with `charset` (either form) or an XML declaration's `encoding`.
fn meta_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN).unwrap_or(bytes);
    if head.starts_with(b"<?xml") {
        if let Some(end) = head.iter().position(|&b| b == b'>') {
            let decl = &head[..end];
            if let Some(at) = find_ci(decl, b"encoding") {
                let rest = trim_start(&decl[at + 8..]);
                let rest = trim_start(rest.strip_prefix(b"=").unwrap_or(rest));
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
                    .count();
                if let Some(enc) = for_label(&rest[..len], true) {
                    return Some(enc);
                }
            }
        }
    }
    let mut at = 0;
    while let Some(off) = find_ci(&head[at..], b"<meta") {
        let start = at + off + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(enc) = charset_label(&head[start..end]).and_then(|l| for_label(l, true)) {
            return Some(enc);
        }
        at = end;
    }
    None
}

/// Decode an HTML page. `content_type` is the HTTP `Content-Type` value,
/// when there is one (a WARC response's).
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let decoded = |enc: &'static Encoding, source: CharsetSource| {
        let (text, _) = enc.decode_with_bom_removal(bytes);
        Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            source,
        }
    };
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return decoded(enc, CharsetSource::Bom);
    }
    let http = content_type
        .and_then(|ct| charset_label(ct.as_bytes()))
        .and_then(|l| for_label(l, false));
    if let Some(enc) = http {
        return decoded(enc, CharsetSource::Http);
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(enc) = meta_encoding(bytes) {
        // A page that says UTF-8 but is not is read as what it is.
        if enc != UTF_8 || valid_utf8 {
            return decoded(enc, CharsetSource::Meta);
        }
    }
    if valid_utf8 {
        return decoded(UTF_8, CharsetSource::Utf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    decoded(enc, CharsetSource::Detected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_http_meta_and_detection() {
        // BOM wins over everything, and is removed.
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice(b"<meta charset=iso-8859-1><p>\xC3\xA9t\xC3\xA9</p>");
        let d = decode_html(&page, Some("text/html; charset=koi8-r"));
        assert_eq!((d.encoding, d.source), ("UTF-8", CharsetSource::Bom));
        assert_eq!(d.text, "<meta charset=iso-8859-1><p>été</p>");

        // UTF-16 with its BOM.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<p>Київ</p>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_html(&utf16, None).text, "<p>Київ</p>");

        // The HTTP header before the meta tag.
        let page = b"<meta charset=\"utf-8\"><p>\xE9t\xE9</p>";
        let d = decode_html(page, Some("text/html; charset=ISO-8859-1"));
        assert_eq!(
            (d.encoding, d.source),
            ("windows-1252", CharsetSource::Http)
        );
        assert_eq!(d.text, "<meta charset=\"utf-8\"><p>été</p>");

        // Both meta forms; Latin-1 is read as Windows-1252 (curly quotes).
        let page = b"<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><p>\x93Nein\x94, sagte er.</p>";
        let d = decode_html(page, None);
        assert_eq!(d.source, CharsetSource::Meta);
        assert!(d.text.contains("\u{201c}Nein\u{201d}, sagte er."));
        let page = b"<meta charset='koi8-r'><p>\xeb\xc9\xc5\xd7</p>";
        assert!(decode_html(page, None).text.contains("Киев"));
        let page =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html><p>\xb3\xf3d\xbc</p></html>";
        assert!(decode_html(page, None).text.contains("łódź"));

        // Undeclared: valid UTF-8 is UTF-8, anything else is detected.
        let d = decode_html("<p>Zürich</p>".as_bytes(), None);
        assert_eq!((d.encoding, d.source), ("UTF-8", CharsetSource::Utf8));
        let latin = b"<html><body><p>Die Stra\xdfe nach M\xfcnchen war w\xe4hrend des Streiks gesperrt, sagte der B\xfcrgermeister am Montag.</p></body></html>";
        let d = decode_html(latin, None);
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(
            d.text.contains("Straße nach München war während"),
            "{}",
            d.text
        );

        // A page that says UTF-8 but is not.
        let mut lying = b"<meta charset=utf-8>".to_vec();
        lying.extend_from_slice(&latin[..]);
        let d = decode_html(&lying, None);
        assert_eq!(d.source, CharsetSource::Detected);
        assert!(d.text.contains("München"));

        // Labels it does not know, or that name no text encoding, are skipped.
        let d = decode_html(
            b"<meta charset=klingon><p>ok</p>",
            Some("text/html; charset="),
        );
        assert_eq!(d.source, CharsetSource::Utf8);
        let d = decode_html(b"<meta charset=utf-16><p>ok</p>", None);
        assert_eq!(
            (d.encoding, d.text.as_str()),
            ("UTF-8", "<meta charset=utf-16><p>ok</p>")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(
            charset_label(b"text/html; charset=UTF-8"),
            Some(&b"UTF-8"[..])
        );
        assert_eq!(
            charset_label(b" charset = \"koi8-r\" "),
            Some(&b"koi8-r"[..])
        );
        assert_eq!(charset_label(b"text/html"), None);
        assert_eq!(charset_label(b"charset="), None);
    }
}
