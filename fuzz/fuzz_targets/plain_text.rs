//! The plain-text reader: scraped text with its furniture removed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = faultline_text::read_plain_text(&text);
});
