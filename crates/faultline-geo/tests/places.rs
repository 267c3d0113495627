//! The gazetteer against `tests/fixtures/places/mentions.tsv`: each row is
//! a sentence, a place name as written in it, and the ISO alpha-2 code of
//! the country the name denotes there.

use std::time::Instant;

use faultline_geo::{simple_tokens, Context, Gazetteer, Precision};

const MENTIONS: &str = include_str!("../../../tests/fixtures/places/mentions.tsv");

#[test]
fn mentions_resolve_in_sentence_context() {
    let geo = Gazetteer::builtin();
    let mut total = 0;
    let mut right = 0;
    let mut misses = Vec::new();
    for (n, line) in MENTIONS.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 3, "mentions.tsv:{}: too few columns", n + 1);
        let (sentence, place, want) = (cols[0], cols[1], cols[2]);
        total += 1;
        let wanted = simple_tokens(place).join(" ");
        let found = geo.locate_text(sentence, &Context::new());
        let got = found.iter().find(|(text, _)| *text == wanted);
        match got {
            Some((_, loc)) if loc.country_iso2 == want => right += 1,
            Some((_, loc)) => misses.push(format!(
                "mentions.tsv:{}: {place}: got {} ({}, {:?}), want {want}",
                n + 1,
                loc.country_iso2,
                loc.name,
                loc.precision
            )),
            None => misses.push(format!(
                "mentions.tsv:{}: {place}: not found (found {:?})",
                n + 1,
                found.iter().map(|f| &f.0).collect::<Vec<_>>()
            )),
        }
    }
    for m in &misses {
        println!("{m}");
    }
    let share = right as f64 / total as f64;
    println!("{right} of {total} right ({:.1}%)", share * 100.0);
    assert!(total >= 300, "only {total} mentions");
    assert!(share >= 0.95, "{right} of {total} right");
}

#[test]
fn load_time() {
    let t = Instant::now();
    let geo = Gazetteer::load_builtin();
    let took = t.elapsed();
    println!("gazetteer: {} places, loaded in {took:?}", geo.len());
    assert!(geo.len() > 30_000);
    if cfg!(debug_assertions) {
        println!("debug build: load time not checked");
        return;
    }
    assert!(took.as_millis() < 200, "load took {took:?}");
}

#[test]
fn novorossiysk_example() {
    let geo = Gazetteer::builtin();
    let tokens = simple_tokens("The shipment was blocked from the port of Novorossiysk.");
    let found = geo.find_places(&tokens);
    assert_eq!(found.len(), 1);
    let loc = geo.resolve(&found[0], &Context::new()).unwrap();
    assert_eq!(loc.name, "Novorossiysk");
    assert_eq!(
        (loc.country.as_str(), loc.country_iso2.as_str()),
        ("RUS", "RU")
    );
    assert_eq!(loc.precision, Precision::City);
    assert!((loc.lat - 44.7).abs() < 0.1 && (loc.lon - 37.8).abs() < 0.1);
    let json = serde_json::to_string(&loc).unwrap();
    assert!(json.contains(r#""precision":"city""#), "{json}");
}

#[test]
fn country_names_are_countries_and_actor_codes_give_context() {
    let geo = Gazetteer::builtin();
    let tokens = ["Georgia"];
    let m = geo.find_places(&tokens)[0];
    let loc = geo.resolve(&m, &Context::new()).unwrap();
    assert_eq!(
        (loc.country_iso2.as_str(), loc.precision),
        ("GE", Precision::Country)
    );
    let mut us = Context::new();
    us.add_actor_code("USAGOV");
    let loc = geo.resolve(&m, &us).unwrap();
    assert_eq!(
        (loc.country_iso2.as_str(), loc.precision),
        ("US", Precision::Admin1)
    );
}

#[test]
fn only_capitalised_words_start_names() {
    let geo = Gazetteer::builtin();
    assert!(geo.find_places(&["the", "paris", "agreement"]).is_empty());
    // part of a longer proper name
    assert!(geo
        .find_places(&["said", "Barack", "Obama", "."])
        .is_empty());
    assert!(geo
        .find_places(&["the", "Washington", "Post", "said"])
        .is_empty());
}

#[test]
fn junk_does_not_panic() {
    let geo = Gazetteer::builtin();
    let long = "A".repeat(10_000);
    let junk: [&[&str]; 8] = [
        &[],
        &[""],
        &["", "", ""],
        &["\u{0301}", "É", "\u{1F600}"],
        &[
            "New", "New", "New", "New", "New", "New", "New", "New", "New", "New",
        ],
        &["Rio", "de"],
        &[&long],
        &["İstanbul", "ǅ", "ß", "Ⅻ"],
    ];
    for tokens in junk {
        for m in geo.find_places(tokens) {
            assert!(m.start < m.end && m.end <= tokens.len());
            let _ = geo.resolve(&m, &Context::new());
        }
    }
    for text in [
        "",
        "   ",
        "'s 's",
        "..., --",
        "U.S.",
        "\u{2019}s",
        "St. . .",
        "-LRB- Paris -RRB-",
    ] {
        let _ = geo.locate_text(text, &Context::new());
    }
    assert!(Gazetteer::parse("X\tbad\n".into()).is_err());
    assert!(Gazetteer::parse(String::new()).unwrap().is_empty());
}

/// The cost of the prefilter on ordinary news text: every sentence of the
/// raw-text benchmark corpus (Brown press), found and resolved.
#[test]
fn throughput_on_news_text() {
    const CORPUS: &str = include_str!("../../../data/bench/brown-press.jsonl");
    let geo = Gazetteer::builtin();
    let sentences: Vec<Vec<&str>> = CORPUS
        .lines()
        .flat_map(|l| l.split(". "))
        .map(simple_tokens)
        .collect();
    let words: usize = sentences.iter().map(Vec::len).sum();
    let t = Instant::now();
    let mut mentions = 0;
    let mut resolved = 0;
    for tokens in &sentences {
        let found = geo.find_places(tokens);
        mentions += found.len();
        for m in &found {
            resolved += usize::from(geo.resolve(m, &Context::new()).is_some());
        }
    }
    let took = t.elapsed().as_secs_f64();
    assert_eq!(mentions, resolved);
    assert!(mentions > 100, "{mentions} mentions");
    println!(
        "{} sentences, {words} words, {mentions} place mentions: {:.0} sentences/s",
        sentences.len(),
        sentences.len() as f64 / took
    );
}
