//! Reader for PETRARCH XML input files.
//!
//! PETRARCH stores both news input and validation (unit-test) records as
//! XML: an optional `<Environment>` block naming dictionaries and options,
//! then `<Sentence>` records holding a `<Text>`, a Treebank-style `<Parse>`,
//! optional `<Config>` changes and, in validation files, `<EventCoding>`
//! expectations. This crate turns such a file, given as a `&str`, into
//! plain Rust structs. It performs no file I/O: callers read the bytes
//! (and can use [`first_invalid_utf8_line`] to report bad encodings).
//!
//! Key design decision: the files in the wild are not always well-formed
//! XML (comments containing `--`, loose attribute spacing such as
//! `date = "20080804" id ="X"`, no single root element, stray `<` and `&`
//! in text), so instead of a conforming XML parser this crate uses a small
//! tolerant tag scanner. `<Text>` and `<Parse>` are read as raw text up to
//! their end tag, and only structural damage that would make records
//! ambiguous (an unterminated record, a missing `id`/`date`, binary input)
//! is an error, always naming the 1-based line. No input makes it panic.
//!
//! ```
//! use faultline_text::{read_petrarch_xml, ExpectedCoding};
//!
//! let xml = r#"<Sentences>
//! <!-- a comment -- with <odd> content -->
//! <Sentence date = "20080804" id ="AFP-1" sentence = "True">
//! <EventCoding sourcecode="USA" targetcode="CHN" eventcode="042"></EventCoding>
//! <Text>
//!   Bush &amp; Hu met
//!   in Beijing.
//! </Text>
//! <Parse>(ROOT (S (NP (NNP Bush))))</Parse>
//! </Sentence>
//! </Sentences>"#;
//! let file = read_petrarch_xml(xml).unwrap();
//! let rec = &file.sentences[0];
//! assert_eq!(rec.id, "AFP-1");
//! assert_eq!(rec.line, 3);
//! assert!(rec.codable);
//! assert_eq!(rec.text, "Bush & Hu met in Beijing.");
//! assert_eq!(rec.parse.as_deref(), Some("(ROOT (S (NP (NNP Bush))))"));
//! assert_eq!(
//!     rec.expected,
//!     vec![ExpectedCoding::Event {
//!         source: "USA".into(),
//!         target: "CHN".into(),
//!         code: "042".into(),
//!     }]
//! );
//!
//! let err = read_petrarch_xml("<Sentences>\n<Sentence date=\"20080804\">\n").unwrap_err();
//! assert_eq!(err.to_string(), "line 2: <Sentence> is missing the `id` attribute");
//! ```

mod content;
pub mod decode;
mod error;
mod reader;
pub mod readers;
mod scanner;
#[cfg(test)]
mod tests;

pub use content::{collapse_whitespace, decode_entities};
pub use error::TextError;
pub use reader::{
    read_petrarch_xml, ConfigOption, Environment, ExpectedCoding, PetrarchFile, SentenceRecord,
};
pub use readers::{
    decode_html, detect, read_feed, read_html, read_jsonl_line, read_plain_text, read_warc,
    Article, Format, Published, ReaderError,
};

/// Locate the first invalid UTF-8 sequence in `bytes`.
///
/// Returns `None` if `bytes` is valid UTF-8, otherwise the 1-based line
/// number holding the offending byte and its 0-based byte offset from the
/// start of `bytes`. Lines are counted by `\n` bytes.
///
/// ```
/// use faultline_text::first_invalid_utf8_line;
/// assert_eq!(first_invalid_utf8_line("héllo\nworld".as_bytes()), None);
/// assert_eq!(first_invalid_utf8_line(b"ok\nstill ok\nbad \xff here"), Some((3, 16)));
/// ```
pub fn first_invalid_utf8_line(bytes: &[u8]) -> Option<(usize, usize)> {
    let offset = match std::str::from_utf8(bytes) {
        Ok(_) => return None,
        Err(e) => e.valid_up_to(),
    };
    let line = bytes
        .get(..offset)
        .unwrap_or(bytes)
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    Some((line, offset))
}
