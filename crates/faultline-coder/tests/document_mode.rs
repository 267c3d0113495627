//! What document mode ([`Config::discourse`]) changes in the coder itself,
//! with the built-in dictionaries and hand-written parses.

use faultline_coder::{Coder, Config};
use faultline_dict::Dictionaries;

const DATE: u32 = 20220620;

fn codes(coder: &Coder<'_>, text: &str, parse: &str) -> Option<Vec<(String, String, String)>> {
    let coded = coder.code_parsed(text, parse, DATE).unwrap();
    if coded.discard.is_some() {
        return None;
    }
    Some(
        coded
            .events
            .into_iter()
            .map(|e| (e.source.code, e.target.code, e.code))
            .collect(),
    )
}

#[test]
fn a_historical_discard_yields_to_the_sentences_own_date() {
    let (dicts, _) = Dictionaries::builtin();
    let mut coder = Coder::new(&dicts);
    assert_eq!(coder.config, Config::default());
    let dated = (
        "On June 19 Russia attacked Georgia near World War II graves .",
        "(ROOT (S (PP (IN On) (NP (NNP June) (CD 19))) (NP (NNP Russia)) \
         (VP (VBD attacked) (NP (NNP Georgia)) (PP (IN near) (NP (NNP World) (NNP War) (NNP II) (NNS graves)))) (. .)))",
    );
    let undated = (
        "During World War II Russia attacked Georgia .",
        "(ROOT (S (PP (IN During) (NP (NNP World) (NNP War) (NNP II))) (NP (NNP Russia)) \
         (VP (VBD attacked) (NP (NNP Georgia))) (. .)))",
    );
    let sport = (
        "On June 19 Russia attacked Georgia after a baseball game .",
        "(ROOT (S (PP (IN On) (NP (NNP June) (CD 19))) (NP (NNP Russia)) \
         (VP (VBD attacked) (NP (NNP Georgia)) (PP (IN after) (NP (DT a) (NN baseball) (NN game)))) (. .)))",
    );
    // PETRARCH discards all three
    for (text, parse) in [dated, undated, sport] {
        assert_eq!(codes(&coder, text, parse), None, "{text}");
    }
    coder.config.discourse = true;
    let events = codes(&coder, dated.0, dated.1).expect("a dated sentence is coded");
    assert_eq!(events[0].0, "RUS");
    assert_eq!(events[0].1, "GEO");
    assert_eq!(codes(&coder, undated.0, undated.1), None);
    // a topical discard is not about time: a date does not lift it
    assert_eq!(codes(&coder, sport.0, sport.1), None);
}

#[test]
fn a_denied_act_is_not_an_event() {
    let (dicts, _) = Dictionaries::builtin();
    let mut coder = Coder::new(&dicts);
    let cases = [
        (
            "Russia did not attack Georgia .",
            "(ROOT (S (NP (NNP Russia)) (VP (VBD did) (RB not) (VP (VB attack) (NP (NNP Georgia)))) (. .)))",
        ),
        (
            "Russia never attacked Georgia .",
            "(ROOT (S (NP (NNP Russia)) (RB never) (VP (VBD attacked) (NP (NNP Georgia))) (. .)))",
        ),
        (
            "Russia will not succeed in attacking Georgia .",
            "(ROOT (S (NP (NNP Russia)) (VP (MD will) (RB not) (VP (VB succeed) (PP (IN in) \
             (S (VP (VBG attacking) (NP (NNP Georgia))))))) (. .)))",
        ),
        (
            "None of the leaders attacked Georgia .",
            "(ROOT (S (NP (NP (NN None)) (PP (IN of) (NP (DT the) (NNS leaders)))) \
             (VP (VBD attacked) (NP (NNP Georgia))) (. .)))",
        ),
    ];
    let affirmed = (
        "Russia attacked Georgia .",
        "(ROOT (S (NP (NNP Russia)) (VP (VBD attacked) (NP (NNP Georgia))) (. .)))",
    );
    coder.config.discourse = true;
    for (text, parse) in cases {
        assert_eq!(codes(&coder, text, parse), Some(vec![]), "{text}");
    }
    let rus_geo = ("RUS".to_string(), "GEO".to_string(), "190".to_string());
    assert_eq!(
        codes(&coder, affirmed.0, affirmed.1),
        Some(vec![rus_geo.clone()])
    );
    // PETRARCH codes the verb whatever the negation
    coder.config.discourse = false;
    assert_eq!(codes(&coder, cases[0].0, cases[0].1), Some(vec![rus_geo]));
}
