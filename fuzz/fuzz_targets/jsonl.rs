//! JSON Lines, a line at a time, through the reader and into documents.
#![no_main]

use faultline_pipeline::input::{jsonl_document, DateFallback};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let dates = DateFallback {
        given: faultline_core::Date::from_ymd(2022, 6, 20),
        file_time: None,
    };
    for (i, line) in text.lines().enumerate() {
        let _ = faultline_text::read_jsonl_line(line);
        let _ = jsonl_document(line, format!("fuzz:{}", i + 1), &dates);
    }
});
