//! The pipeline every front door calls: documents in, dated and placed
//! event records out.
//!
//! ```text
//!  bytes ──input──► Document ──document──► CodedDocument ──record──► EventRecord
//!                   (text, date)  split, analyse (front),   (+ CAMEO tables)
//!                                 code, resolve discourse,
//!                                 date and place each event
//!  PETRARCH <Sentence> ──petrarch──► CodedRecord ──record──► EventRecord
//! ```
//!
//! - [`input`] turns the bytes of a page, feed, WARC archive or JSON Lines
//!   line into [`Document`]s, dated by their own date or a fallback.
//! - [`document::code_document`] codes one document: sentence splitting,
//!   the raw-text front end ([`front`]), the coder with the sentences
//!   before as context, event dates from the event's own clause and event
//!   places from the gazetteer. [`code_batch`] codes many in parallel and
//!   keeps their order.
//! - [`petrarch::code_record`] codes one PETRARCH XML record, as PETRARCH
//!   does, from its gold parse.
//! - [`record::EventRecord`] is the one output record, with its JSON
//!   schema documented on it.
//! - [`eval`] scores the coder against hand-coded gold events (gold JSON
//!   Lines or PETRARCH validation XML): event-type accuracy, actors,
//!   precision and recall per category, a confusion table and the misses.
//!
//! The crate does no I/O: callers read files, walk folders and write
//! output; it sees strings and bytes only.
//!
//! ```
//! use faultline_core::Date;
//! use faultline_pipeline::{code_batch, input, record::EventRecord};
//!
//! let (dicts, _) = faultline_dict::Dictionaries::builtin();
//! let coder = faultline_coder::Coder::new(&dicts);
//! let tables = faultline_dict::CameoTables::builtin();
//! let dates = input::DateFallback { given: Date::parse("2022-06-20"), file_time: None };
//! let line = r#"{"id": "a1", "text": "Kazakhstan criticized Russia on Monday."}"#;
//! let doc = input::jsonl_document(line, "stdin:1".into(), &dates).unwrap();
//! let coded = code_batch(&coder, std::slice::from_ref(&doc));
//! let records: Vec<EventRecord<'_>> = coded[0].records(&doc, &tables).collect();
//! assert_eq!((records[0].source, records[0].target, records[0].code), ("KAZ", "RUS", "111"));
//! assert_eq!(records[0].date.to_string(), "2022-06-20");
//! ```

pub mod bench;
pub mod document;
pub mod eval;
pub mod front;
pub mod gaps;
pub mod home;
pub mod input;
pub mod petrarch;
pub mod record;

pub use document::{code_document, CodedDocument, CodedSentence, DateSource, DocStats, Document};
pub use record::EventRecord;

use faultline_coder::Coder;
use rayon::prelude::*;

/// Codes `docs` in parallel (rayon's pool); the results are in input
/// order, so nothing downstream depends on the number of threads.
pub fn code_batch(coder: &Coder<'_>, docs: &[Document]) -> Vec<CodedDocument> {
    docs.par_iter().map(|d| code_document(coder, d)).collect()
}
