//! Dictionaries loaded from bytes: the first byte picks the kind (verbs,
//! actors, agents, discards, issues), the rest is the file. It replaces
//! PETRARCH's validation dictionary of its kind, and the compiled result
//! codes a few sentences, so that odd entries reach the matcher too.
#![no_main]

use faultline_coder::Coder;
use faultline_dict::{Dictionaries, Kind, Source};
use libfuzzer_sys::fuzz_target;

const VALIDATE: [(Kind, &str, &str); 4] = [
    (
        Kind::Verbs,
        "PETR.Validate.verbs.txt",
        include_str!("../../tests/fixtures/petrarch/PETR.Validate.verbs.txt"),
    ),
    (
        Kind::Actors,
        "PETR.Validate.actors.txt",
        include_str!("../../tests/fixtures/petrarch/PETR.Validate.actors.txt"),
    ),
    (
        Kind::Agents,
        "PETR.Validate.agents.txt",
        include_str!("../../tests/fixtures/petrarch/PETR.Validate.agents.txt"),
    ),
    (
        Kind::Discards,
        "PETR.Validate.discards.txt",
        include_str!("../../tests/fixtures/petrarch/PETR.Validate.discards.txt"),
    ),
];

const SENTENCES: [&str; 3] = [
    "Arnor accused the Gondor government of shelling the border town on Tuesday.",
    "Protesters in Minas Tirith did not meet the police chief, officials said.",
    "The army of Mordor will attack Osgiliath and Ithilien unless talks resume.",
];

fuzz_target!(|data: &[u8]| {
    let Some((&k, bytes)) = data.split_first() else {
        return;
    };
    let kind = [
        Kind::Verbs,
        Kind::Actors,
        Kind::Agents,
        Kind::Discards,
        Kind::Issues,
    ][usize::from(k) % 5];
    let (fuzzed, _) = Source::from_bytes(kind, "fuzz.txt", bytes);
    let mut sources: Vec<Source> = VALIDATE
        .iter()
        .filter(|(kd, _, _)| *kd != kind)
        .map(|(kd, name, text)| Source::new(*kd, name, text))
        .collect();
    sources.push(fuzzed);
    let (dicts, _diags) = Dictionaries::load(&sources);
    let _ = dicts.summary().to_string();
    let coder = Coder::new(&dicts);
    let date = faultline_core::Date::from_ymd(2022, 6, 20).unwrap();
    for s in SENTENCES {
        let analysis = faultline_pipeline::front::analyze(s, Some(&dicts.actors.index));
        let _ = coder.code_sentence(s, &analysis.tree, date.yyyymmdd());
    }
});
