//! The HTML reader: main text, title, URL and publication date of any page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let article = faultline_text::read_html(&html);
    // the main text's paragraphs are separated by blank lines, never more
    assert!(!article.text.contains("\n\n\n"), "{:?}", article.text);
});
