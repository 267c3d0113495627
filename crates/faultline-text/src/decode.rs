//! Bytes to text for plain text, JSON Lines and feeds: a byte-order mark
//! is dropped, UTF-16 (told by its BOM) and legacy single-byte text
//! (Latin-1, Windows-1252 and the like, guessed with `chardetng`) are
//! decoded to UTF-8, and binary data (a NUL byte) is refused.
//!
//! UTF-8 text comes back borrowed, so the common case copies nothing.
//!
//! ```
//! use faultline_text::decode::{decode_text, DecodeError};
//!
//! let utf8 = decode_text("\u{feff}Café".as_bytes()).unwrap();
//! assert_eq!((&*utf8.text, utf8.encoding), ("Café", None));
//! let latin1 = decode_text(b"Caf\xe9 cr\xe8me").unwrap();
//! assert_eq!(&*latin1.text, "Café crème");
//! assert_eq!(latin1.encoding, Some("windows-1252"));
//! let utf16 = decode_text(b"\xff\xfeC\x00a\x00f\x00\xe9\x00").unwrap();
//! assert_eq!((&*utf16.text, utf16.encoding), ("Café", Some("UTF-16LE")));
//! assert_eq!(
//!     decode_text(b"ab\ncd\x00").unwrap_err(),
//!     DecodeError::Binary { line: 2, offset: 5 }
//! );
//! ```

use std::borrow::Cow;
use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without a byte-order mark.
    pub text: Cow<'a, str>,
    /// The encoding it was decoded from, `None` for UTF-8.
    pub encoding: Option<&'static str>,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A NUL byte: an image, an archive or a program, not text.
    #[error("line {line}: binary data, not text (a NUL byte at offset {offset})")]
    Binary {
        /// 1-based line of the NUL byte.
        line: usize,
        /// Its byte offset.
        offset: usize,
    },
    /// No NUL byte, but so many control characters (over 5%, and at least
    /// 32) that it is not text.
    #[error("binary data, not text ({percent}% control characters)")]
    Controls {
        /// The share of control characters in the first 8 KiB.
        percent: usize,
    },
}

/// The encoding a byte-order mark at the start of `bytes` names, and the
/// mark's length.
pub fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Decodes `bytes` as text: BOM first (UTF-8, UTF-16LE, UTF-16BE), then
/// UTF-8, then the single-byte encoding `chardetng` finds most likely.
/// Bytes with a NUL that no UTF-16 BOM explains are binary.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    if let Some((encoding, len)) = bom(bytes) {
        let body = &bytes[len..];
        if encoding == UTF_8 {
            return decode_text(body);
        }
        let (text, _) = encoding.decode_without_bom_handling(body);
        return Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: Some(encoding.name()),
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(DecodeError::Binary { line, offset });
    }
    let head = &bytes[..bytes.len().min(8 << 10)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0c' | b'\x1b'))
        .count();
    if controls >= 32 && controls * 20 > head.len() {
        return Err(DecodeError::Controls {
            percent: controls * 100 / head.len(),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(text),
            encoding: None,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, _) = encoding.decode(bytes);
    Ok(Decoded {
        text: Cow::Owned(text.into_owned()),
        encoding: Some(encoding.name()),
    })
}

/// A reader of UTF-16 text (little- or big-endian) that hands out UTF-8,
/// for reading a UTF-16 JSON Lines file a line at a time. Bytes that are
/// not UTF-16 become U+FFFD.
pub struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Utf16Reader<R> {
    /// Reads `inner`, whose BOM (if any) is still there, as UTF-16LE
    /// unless `big_endian`.
    pub fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
        let encoding = if big_endian { UTF_16BE } else { UTF_16LE };
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_with_bom_removal(),
            raw: vec![0; 1 << 16],
            out: Vec::new(),
            at: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() && !self.done {
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            let mut text =
                String::with_capacity(self.decoder.max_utf8_buffer_length(n).unwrap_or(3 * n + 16));
            let _ = self
                .decoder
                .decode_to_string(&self.raw[..n], &mut text, self.done);
            self.out = text.into_bytes();
            self.at = 0;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_and_binary() {
        type Want = Result<(&'static str, Option<&'static str>), DecodeError>;
        let cases: [(&[u8], Want); 9] = [
            (b"plain", Ok(("plain", None))),
            (b"\xef\xbb\xbf{\"a\":1}", Ok(("{\"a\":1}", None))),
            (b"\xef\xbb\xbfcaf\xe9", Ok(("café", Some("windows-1252")))),
            (
                b"\xfe\xff\x00R\x00u\x04\x11",
                Ok(("Ru\u{411}", Some("UTF-16BE"))),
            ),
            (
                b"\x93Quoted\x94 \x96 dash",
                Ok(("\u{201c}Quoted\u{201d} \u{2013} dash", Some("windows-1252"))),
            ),
            (b"", Ok(("", None))),
            (
                b"\x7fELF\x02\x01\x01\x00",
                Err(DecodeError::Binary { line: 1, offset: 7 }),
            ),
            (&[b'\x01'; 40], Err(DecodeError::Controls { percent: 100 })),
            // UTF-16 without a BOM is not guessed: it is binary
            (
                b"R\x00u\x00",
                Err(DecodeError::Binary { line: 1, offset: 1 }),
            ),
        ];
        for (bytes, want) in cases {
            let got = decode_text(bytes).map(|d| (d.text.into_owned(), d.encoding));
            let want = want.map(|(t, e)| (t.to_string(), e));
            assert_eq!(got, want, "{bytes:?}");
        }
    }

    #[test]
    fn utf16_reader_streams_lines() {
        let text = "{\"id\": \"é\"}\n{\"id\": \"ж\"}\n".repeat(5000);
        for big_endian in [false, true] {
            let mut bytes: Vec<u8> = if big_endian {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for unit in text.encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let mut out = String::new();
            Utf16Reader::new(&bytes[..], big_endian)
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text);
        }
    }
}
