//! The whole pipeline from raw bytes to events: the first byte picks a
//! file name (and so the reader, or content sniffing), the rest is the file;
//! every document read is coded with the built-in dictionaries.
#![no_main]

use std::sync::OnceLock;

use faultline_coder::Coder;
use faultline_dict::cameo::CameoTables;
use faultline_dict::Dictionaries;
use faultline_pipeline::input::{read_documents, DateFallback};
use faultline_text::readers::{detect, Format};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "page.html",
    "notes.txt",
    "feed.rss",
    "crawl.warc",
    "docs.jsonl",
    "file.xml",
    "-",
    "crawl.warc.gz",
];

fn dicts() -> &'static Dictionaries {
    static DICTS: OnceLock<Dictionaries> = OnceLock::new();
    DICTS.get_or_init(|| Dictionaries::builtin().0)
}

fn tables() -> &'static CameoTables {
    static TABLES: OnceLock<CameoTables> = OnceLock::new();
    TABLES.get_or_init(CameoTables::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(k) % NAMES.len()];
    let format = detect(name, bytes);
    let dates = DateFallback {
        given: faultline_core::Date::from_ymd(2022, 6, 20),
        file_time: None,
    };
    let coder = Coder::new(dicts());
    if format == Format::PetrarchXml {
        let xml = String::from_utf8_lossy(bytes);
        if let Ok(file) = faultline_text::read_petrarch_xml(&xml) {
            for rec in file.sentences.iter().take(4) {
                let _ = faultline_pipeline::petrarch::code_record(&coder, rec, false);
            }
        }
        return;
    }
    let Ok(docs) = read_documents(name, bytes, format, &dates) else {
        return;
    };
    for doc in docs.into_iter().flatten().take(4) {
        let coded = faultline_pipeline::code_document(&coder, &doc);
        for r in coded.records(&doc, tables()) {
            let _ = serde_json::to_string(&r);
        }
    }
});
