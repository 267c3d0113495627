//! Temporal expressions resolved against a publication date, and the date
//! parsers of faultline-core. The first four bytes choose the publication
//! date (any year, month and day, even out of range), the rest is the
//! sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let year = i32::from(i16::from_le_bytes([data[0], data[1]]));
    let (month, day) = (u32::from(data[2] % 16), u32::from(data[3] % 40));
    let sentence = String::from_utf8_lossy(&data[4..]);
    for t in faultline_lang::timex::find(&sentence, (year, month, day)) {
        assert_eq!(sentence.get(t.start..t.end), Some(t.text.as_str()));
        let _ = t.date.to_string();
    }
    let _ = faultline_core::Date::parse(&sentence);
    let _ = faultline_core::Date::parse_day(&sentence);
});
