//! Writes a synthetic store for load tests of the server: N events (one
//! million by default) in documents of four sentences, one event each,
//! dated over 2015–2024, between 60 countries and their government and
//! military sub-actors, with every CAMEO root code, PLOVER categories,
//! places, and sentences drawn from a vocabulary of 2,000 words (so that
//! full-text search has common and rare words). Seeded: the same N gives
//! the same store.
//!
//! ```sh
//! cargo run --release -p faultline-server --example gen_store -- /tmp/1m.db 1000000
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use faultline_core::Date;
use faultline_store::{
    content_hash, Evidence, Location, NewDocument, NewEvent, NewSentence, Origin, Plover, Store,
    StoreError,
};

const COUNTRIES: [&str; 60] = [
    "USA", "RUS", "CHN", "KAZ", "UKR", "DEU", "FRA", "GBR", "TUR", "IRN", "IND", "PAK", "JPN",
    "KOR", "PRK", "UZB", "KGZ", "TJK", "TKM", "AFG", "POL", "BLR", "GEO", "ARM", "AZE", "ISR",
    "SYR", "IRQ", "SAU", "EGY", "ITA", "ESP", "CAN", "MEX", "BRA", "ARG", "ZAF", "NGA", "ETH",
    "KEN", "AUS", "IDN", "VNM", "THA", "MNG", "NOR", "SWE", "FIN", "EST", "LVA", "LTU", "MDA",
    "ROU", "HUN", "SRB", "GRC", "QAT", "ARE", "JOR", "LBN",
];
const PLOVER: [&str; 10] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "DEMAND",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
];
const VERBS: [&str; 20] = [
    "said",
    "appealed",
    "intended",
    "consulted",
    "cooperated",
    "aided",
    "yielded",
    "investigated",
    "demanded",
    "disapproved",
    "rejected",
    "threatened",
    "protested",
    "mobilized",
    "reduced",
    "coerced",
    "assaulted",
    "fought",
    "attacked",
    "bombed",
];

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(path), events) = (args.next(), args.next()) else {
        eprintln!("usage: gen_store PATH [EVENTS]");
        return ExitCode::from(2);
    };
    let events = match events.map(|n| n.parse::<usize>()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("gen_store: EVENTS: {e}");
            return ExitCode::from(2);
        }
    };
    match generate(&PathBuf::from(path), events) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_store: {e}");
            ExitCode::from(1)
        }
    }
}

fn generate(path: &std::path::Path, events: usize) -> Result<(), StoreError> {
    let mut rng = fastrand::Rng::with_seed(11);
    // a vocabulary of 2,000 made-up words, drawn with a skew (a few common)
    let vocabulary: Vec<String> = (0..2000)
        .map(|k| {
            let letters = "abcdefghiklmnoprstuvz".as_bytes();
            let mut n = k + 7;
            let mut w = String::new();
            while w.len() < 4 || n > 0 {
                w.push(char::from(letters[n % letters.len()]));
                n /= letters.len();
            }
            w
        })
        .collect();
    let word = |rng: &mut fastrand::Rng| {
        let r = rng.f64();
        &vocabulary[(r * r * r * vocabulary.len() as f64) as usize]
    };
    let mut store = Store::open(path)?;
    let per_doc = 4;
    let docs = events.div_ceil(per_doc);
    let mut made = 0;
    for batch in 0..docs.div_ceil(1000) {
        let mut writer = store.writer()?;
        for d in batch * 1000..((batch + 1) * 1000).min(docs) {
            let day = Date::from_days(16436 + rng.i64(0..3650))
                .ok_or_else(|| StoreError::Invalid("a day out of range".into()))?;
            let mut text = String::new();
            let mut sentences = Vec::new();
            let mut new_events = Vec::new();
            for s in 0..per_doc.min(events - made) {
                let (a, b) = (rng.usize(..COUNTRIES.len()), rng.usize(..COUNTRIES.len()));
                let root = rng.usize(1..=20);
                let suffix = ["", "", "GOV", "MIL"][rng.usize(..4)];
                let source = format!("{}{suffix}", COUNTRIES[a]);
                let target = COUNTRIES[b].to_string();
                let verb = VERBS[root - 1];
                let mut sentence = format!("{source} {verb} {target}");
                for _ in 0..rng.usize(8..30) {
                    sentence.push(' ');
                    sentence.push_str(word(&mut rng));
                }
                sentence.push('.');
                let start = text.chars().count();
                text.push_str(&sentence);
                let end = text.chars().count();
                text.push(' ');
                let index = u32::try_from(s).unwrap_or(u32::MAX);
                sentences.push(NewSentence {
                    index,
                    char_start: start,
                    char_end: end,
                    issues: vec![],
                });
                let quad = match root {
                    1..=5 => 1,
                    6..=8 => 2,
                    9..=14 => 3,
                    _ => 4,
                };
                new_events.push(NewEvent {
                    sentence_index: index,
                    source: source.clone(),
                    target: target.clone(),
                    code: format!("{root:02}0"),
                    root_code: Some(format!("{root:02}")),
                    quad_class: Some(quad),
                    goldstein: Some(f64::from(10 - i32::try_from(root).unwrap_or(10)) / 2.0),
                    plover: Some(Plover {
                        category: PLOVER[(root - 1) / 2].into(),
                        mode: String::new(),
                        context: String::new(),
                    }),
                    date: day,
                    date_evidence: "publication date".into(),
                    evidence: Evidence::new(
                        &source,
                        &target,
                        verb,
                        Origin {
                            file: "verbs.txt".into(),
                            line: u32::try_from(root).unwrap_or(0),
                        },
                    ),
                    location: (rng.u8(..3) == 0).then(|| Location {
                        name: format!("City of {}", COUNTRIES[b]),
                        country: target.clone(),
                        country_iso2: target[..2].to_string(),
                        lat: Some(rng.f64() * 120.0 - 60.0),
                        lon: Some(rng.f64() * 360.0 - 180.0),
                        precision: Some("city".into()),
                        ..Location::default()
                    }),
                });
            }
            made += new_events.len();
            let id = format!("gen-{d}");
            let doc = NewDocument {
                content_hash: content_hash(id.as_bytes()),
                name: "gen_store",
                doc_id: &id,
                title: Some("Generated"),
                url: None,
                source: None,
                doc_date: day,
                date_source: "document",
                text: &text,
            };
            writer.insert(&doc, &sentences, &new_events)?;
        }
        writer.commit()?;
    }
    Ok(())
}
