//! The coder never panics: every parse of the suite, mangled in thousands of
//! ways (dropped, duplicated and swapped bytes, cut short), is either coded
//! or rejected with an error.

use faultline_coder::Coder;
use faultline_dict::{Dictionaries, Kind, Source};
use faultline_text::read_petrarch_xml;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/petrarch/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn mangle(s: &str, rng: &mut fastrand::Rng) -> String {
    let mut b: Vec<char> = s.chars().collect();
    for _ in 0..1 + rng.usize(..4) {
        if b.is_empty() {
            break;
        }
        let i = rng.usize(..b.len());
        match rng.usize(..5) {
            0 => {
                b.remove(i);
            }
            1 => {
                let c = b[i];
                b.insert(i, c);
            }
            2 => {
                let j = rng.usize(..b.len());
                b.swap(i, j);
            }
            3 => b.truncate(i),
            _ => b.insert(i, ['(', ')', ' ', 'é', '\u{0}'][rng.usize(..5)]),
        }
    }
    b.into_iter().collect()
}

#[test]
fn mangled_parses_never_panic() {
    let file = read_petrarch_xml(&fixture("PETR.UnitTest.records.xml")).unwrap();
    let env = file.environment.as_ref().unwrap();
    let mut sources = vec![Source::new(
        Kind::Verbs,
        "verbs",
        &fixture(env.verb_file.as_deref().unwrap()),
    )];
    for a in &env.actor_files {
        sources.push(Source::new(Kind::Actors, a, &fixture(a)));
    }
    let (dicts, _) = Dictionaries::load(&sources);
    let (builtin, _) = Dictionaries::builtin();
    let parses: Vec<(&str, &str)> = file
        .sentences
        .iter()
        .filter_map(|s| Some((s.text.as_str(), s.parse.as_deref()?)))
        .collect();
    let mut rng = fastrand::Rng::with_seed(0x5eed_1234_abcd_0001);
    let mut coded = 0;
    let mut rejected = 0;
    for round in 0..12 {
        let d = if round % 2 == 0 { &dicts } else { &builtin };
        let coder = Coder::new(d);
        for (text, parse) in &parses {
            let m = mangle(parse, &mut rng);
            match coder.code_parsed(text, &m, 19950101) {
                Ok(_) => coded += 1,
                Err(_) => rejected += 1,
            }
        }
    }
    assert!(
        coded > 0 && rejected > 0,
        "coded {coded}, rejected {rejected}"
    );
}
