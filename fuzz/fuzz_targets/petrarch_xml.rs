//! The PETRARCH XML reader: `<Environment>` and `<Sentence>` records.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = faultline_text::first_invalid_utf8_line(data);
    let xml = String::from_utf8_lossy(data);
    if let Ok(file) = faultline_text::read_petrarch_xml(&xml) {
        for rec in &file.sentences {
            // a record's line is 1-based and inside the file
            assert!(rec.line >= 1 && rec.line <= xml.lines().count().max(1));
        }
    }
});
