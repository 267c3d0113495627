//! Dictionaries loaded from bytes: the first byte picks the kind (verbs,
//! actors, agents, discards, issues), the rest is the file. It replaces
//! PETRARCH's validation dictionary of its kind (read after the others, as
//! `Dictionaries::load` reads a list), and the compiled result codes a few
//! sentences, so that odd entries reach the matcher too.
#![no_main]

use std::sync::OnceLock;

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

/// The validation dictionaries without the kind being fuzzed, compiled
/// once per kind; each input is read on top of a copy, as
/// `Dictionaries::load` would read it after them.
fn base(kind: usize) -> &'static Dictionaries {
    static BASES: [OnceLock<Dictionaries>; 5] = [const { OnceLock::new() }; 5];
    BASES[kind].get_or_init(|| {
        let sources: Vec<Source> = VALIDATE
            .iter()
            .filter(|(kd, _, _)| *kd != KINDS[kind])
            .map(|(kd, name, text)| Source::new(*kd, name, text))
            .collect();
        Dictionaries::load(&sources).0
    })
}

const KINDS: [Kind; 5] = [
    Kind::Verbs,
    Kind::Actors,
    Kind::Agents,
    Kind::Discards,
    Kind::Issues,
];

fuzz_target!(|data: &[u8]| {
    let Some((&k, bytes)) = data.split_first() else {
        return;
    };
    let k = usize::from(k) % KINDS.len();
    let (fuzzed, _) = Source::from_bytes(KINDS[k], "fuzz.txt", bytes);
    let mut dicts = base(k).clone();
    let mut diags = Vec::new();
    let (text, name) = (&fuzzed.text, fuzzed.name.as_str());
    match fuzzed.kind {
        Kind::Verbs => dicts.verbs.read(text, name, &mut diags),
        Kind::Actors => dicts.actors.read(text, name, &mut diags),
        Kind::Agents => dicts.agents.read(text, name, &mut diags),
        Kind::Discards => dicts.discards.read(text, name, &mut diags),
        Kind::Issues => dicts.issues.read(text, name, &mut diags),
    }
    for d in &diags {
        let _ = d.to_string();
    }
    let _ = dicts.summary().to_string();
    let coder = Coder::new(&dicts);
    let date = faultline_core::Date::from_ymd(2022, 6, 20).unwrap();
    for s in SENTENCES {
        let analysis = faultline_pipeline::front::analyze(s, Some(&dicts.actors.index));
        let _ = coder.code_sentence(s, &analysis.tree, date.yyyymmdd());
    }
});
