//! The WARC reader, plain or per-record gzip (takes bytes as they are).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = faultline_text::read_warc(data);
});
