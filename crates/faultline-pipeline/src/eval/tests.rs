use super::*;

fn tables() -> CameoTables {
    CameoTables::builtin()
}

fn ev(source: &str, target: &str, code: &str) -> EventKey {
    EventKey {
        source: source.into(),
        target: target.into(),
        code: code.into(),
    }
}

fn pred(source: &str, target: &str, code: &str) -> Predicted {
    Predicted {
        event: ev(source, target, code),
        evidence: PredictedEvidence {
            verb_text: "criticized".into(),
            verb_lemma: "CRITICIZE".into(),
            verb_family: "--- CRITICIZE [111] ---".into(),
            verb_entry: "verbs.txt:10".into(),
            pattern: Some("verbs.txt:12".into()),
            source_text: source.into(),
            source_actor: Some("actors.txt:1".into()),
            source_agents: vec![],
            target_text: target.into(),
            target_actor: None,
            target_agents: vec!["agents.txt:3".into()],
            passive: false,
        },
    }
}

fn case(id: &str, tags: &[&str], gold: &[EventKey], predicted: &[Predicted]) -> Case {
    Case::new(
        id.into(),
        format!("gold.jsonl:{id}"),
        format!("Text of {id}."),
        tags.iter().map(|t| t.to_string()).collect(),
        gold.to_vec(),
        predicted.to_vec(),
    )
}

fn keys(p: &[Predicted]) -> Vec<EventKey> {
    p.iter().map(|p| p.event.clone()).collect()
}

#[test]
fn categories_and_roots() {
    let t = tables();
    let cases = [
        ("010", "01"),
        ("0213", "02"),
        ("0311", "AGREE"),
        ("042", "CONSULT"),
        ("0874", "RETREAT"),
        ("111", "ACCUSE"),
        ("163", "COERCE"),
        ("190", "ASSAULT"),
        ("---", "'---'"),
        ("", "''"),
    ];
    for (code, want) in cases {
        assert_eq!(category(code, &t), want, "{code}");
    }
    assert_eq!(root("0311"), "03");
    assert_eq!(root("x"), "'x'");
    assert!(same_country("RUSGOV", "RUSMIL"));
    assert!(same_country("---", "---GOV"));
    assert!(!same_country("RUS", "UKR"));
    assert!(!same_country("RU", "RUS"));
}

/// Table of pairings: gold, predicted, the prediction each gold event
/// gets.
#[test]
fn pairing_prefers_the_best_agreement() {
    let t = tables();
    /// name, gold, predicted, the prediction each gold event gets
    type PairCase = (
        &'static str,
        Vec<EventKey>,
        Vec<EventKey>,
        Vec<Option<usize>>,
    );
    let cases: Vec<PairCase> = vec![
        (
            "exact beats same category",
            vec![ev("RUS", "UKR", "111")],
            vec![ev("RUS", "UKR", "112"), ev("RUS", "UKR", "111")],
            vec![Some(1)],
        ),
        (
            "category beats actors",
            vec![ev("RUS", "UKR", "190"), ev("RUS", "UKR", "111")],
            vec![ev("RUS", "UKR", "112"), ev("RUS", "UKR", "193")],
            vec![Some(1), Some(0)],
        ),
        (
            "category + actors beats category + exact code",
            vec![ev("RUS", "UKR", "111")],
            vec![ev("USA", "CHN", "111"), ev("RUS", "UKR", "112")],
            vec![Some(1)],
        ),
        (
            "symmetric pair, one direction coded",
            vec![ev("RUS", "CHN", "040"), ev("CHN", "RUS", "040")],
            vec![ev("CHN", "RUS", "040")],
            vec![None, Some(0)],
        ),
        (
            "swapped actors still pair (category)",
            vec![ev("RUS", "CHN", "040"), ev("CHN", "RUS", "040")],
            vec![ev("RUS", "CHN", "036"), ev("CHN", "RUS", "042")],
            vec![Some(0), Some(1)],
        ),
        (
            "anything pairs rather than nothing",
            vec![ev("KAZ", "RUS", "051")],
            vec![ev("FRA", "DEU", "190")],
            vec![Some(0)],
        ),
        (
            "no prediction",
            vec![ev("KAZ", "RUS", "051")],
            vec![],
            vec![None],
        ),
        ("no gold", vec![], vec![ev("KAZ", "RUS", "051")], vec![]),
        (
            "country match breaks a tie",
            vec![ev("RUSGOV", "UKRMIL", "190")],
            vec![ev("USA", "UKR", "111"), ev("RUSMIL", "UKR", "111")],
            vec![Some(1)],
        ),
    ];
    for (name, gold, predicted, want) in cases {
        let p = pair(&gold, &predicted, &t);
        assert_eq!(p.gold, want, "{name}");
        // the two directions agree and nobody is paired twice
        for (g, &pp) in p.gold.iter().enumerate() {
            if let Some(pp) = pp {
                assert_eq!(p.predicted[pp], Some(g), "{name}");
            }
        }
        let paired = p.predicted.iter().filter(|x| x.is_some()).count();
        assert_eq!(paired, gold.len().min(predicted.len()), "{name}");
    }
}

#[test]
fn scores_of_small_cases() {
    let t = tables();
    let cases = [
        // exact
        case(
            "s1",
            &["plain"],
            &[ev("FRA", "DEU", "111")],
            &[pred("FRA", "DEU", "111")],
        ),
        // same category, other code, wrong target (country right)
        case(
            "s2",
            &["plain"],
            &[ev("RUSGOV", "UKRMIL", "190")],
            &[pred("RUSGOV", "UKRGOV", "193")],
        ),
        // symmetric pair, one direction found
        case(
            "s3",
            &["compound-subject"],
            &[ev("RUS", "CHN", "040"), ev("CHN", "RUS", "040")],
            &[pred("RUS", "CHN", "040")],
        ),
        // no-event sentence with a prediction: a false positive
        case("s4", &["no-event"], &[], &[pred("USA", "IRN", "111")]),
        // no-event sentence left empty
        case("s5", &["no-event"], &[], &[]),
        // root 01 gold coded as another 01 code: category right; a 02 gold
        // coded as 01: category wrong, same quad but other root
        case(
            "s6",
            &[],
            &[ev("KAZGOV", "RUS", "010"), ev("EGYGOV", "ETHGOV", "020")],
            &[
                pred("KAZGOV", "RUS", "012"),
                pred("EGYGOV", "ETHGOV", "010"),
            ],
        ),
        // nothing predicted
        case("s7", &["plain"], &[ev("TUR", "GRC", "081")], &[]),
    ];
    let s = score(&cases, &t);
    assert_eq!(s.sentences, 7);
    assert_eq!(s.no_event_sentences, 2);
    assert_eq!(s.gold_events, 7);
    assert_eq!(s.predicted_events, 6);
    assert_eq!(s.sentences_exact, Share::new(2, 7), "s1 and s5");
    assert_eq!(s.no_event_sentences_right, Share::new(1, 2));
    // right category: s1, s2, s3 (RUS CHN), s6 (010 ~ 012)
    assert_eq!(s.event_type, Share::new(4, 7));
    assert_eq!(s.exact_code, Share::new(2, 7), "s1, s3");
    // same root: s1, s2 (19), s3, s6 010/012 (01)
    assert_eq!(s.same_root, Share::new(4, 7));
    // category and both actors: s1, s3, s6 first
    assert_eq!(s.category_source_target, Share::new(3, 7));
    assert_eq!(s.exact_event, Share::new(2, 7));
    // sources: s1, s2, s3, s6 ×2; targets: s1, s3, s6 ×2
    assert_eq!(s.source, Share::new(5, 7));
    assert_eq!(s.target, Share::new(4, 7));
    assert_eq!(s.source_country, Share::new(5, 7));
    assert_eq!(s.target_country, Share::new(5, 7), "UKRMIL ~ UKRGOV");
    assert_eq!(s.category_overall.right, 4);
    assert_eq!(s.category_overall.precision, Some(4.0 / 6.0));
    assert_eq!(s.category_overall.recall, Some(4.0 / 7.0));

    let by = |label: &str| {
        s.per_category
            .iter()
            .find(|c| c.label == label)
            .unwrap_or_else(|| panic!("no {label}"))
            .clone()
    };
    // ACCUSE: gold s1; predicted s1 and the false positive of s4
    let accuse = by("ACCUSE");
    assert_eq!((accuse.gold, accuse.predicted, accuse.right), (1, 2, 1));
    assert_eq!(accuse.precision, Some(0.5));
    assert_eq!(accuse.recall, Some(1.0));
    assert!((accuse.f1.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    // CONSULT: two gold, one predicted, one right
    let consult = by("CONSULT");
    assert_eq!((consult.gold, consult.predicted, consult.right), (2, 1, 1));
    // 01: gold 010, predicted 012 and 010 (the 02 sentence's)
    let r01 = by("01");
    assert_eq!((r01.gold, r01.predicted, r01.right), (1, 2, 1));
    let r02 = by("02");
    assert_eq!((r02.gold, r02.predicted, r02.right), (1, 0, 0));
    assert_eq!(r02.precision, None);
    assert_eq!(r02.f1, Some(0.0));
    // CONCEDE: missed entirely
    let concede = by("CONCEDE");
    assert_eq!((concede.gold, concede.predicted, concede.right), (1, 0, 0));
    assert_eq!(concede.recall, Some(0.0));
    let consult_f1 = 2.0 * (1.0 * 0.5) / (1.0 + 0.5);
    assert!((consult.f1.unwrap() - consult_f1).abs() < 1e-12);
    // roots: 19 has one gold (190) and one prediction (193), paired
    let r19 = s.per_root.iter().find(|c| c.label == "19").unwrap();
    assert_eq!((r19.gold, r19.predicted, r19.right), (1, 1, 1));

    // confusion
    let c = &s.confusion;
    assert_eq!(
        c.labels,
        ["01", "02", "ACCUSE", "ASSAULT", "CONCEDE", "CONSULT", "none"]
    );
    let at = |g: &str, p: &str| {
        let i = c.labels.iter().position(|l| l == g).unwrap();
        let j = c.labels.iter().position(|l| l == p).unwrap();
        c.counts[i][j]
    };
    assert_eq!(at("02", "01"), 1);
    assert_eq!(at("01", "01"), 1);
    assert_eq!(at("CONSULT", "CONSULT"), 1);
    assert_eq!(at("CONSULT", "none"), 1);
    assert_eq!(at("CONCEDE", "none"), 1);
    assert_eq!(at("none", "ACCUSE"), 1);
    assert_eq!(at("none", "none"), 0);
    let total: usize = c.counts.iter().flatten().sum();
    // every gold event once, plus each unpaired prediction
    assert_eq!(total, 7 + 1);

    // tags
    let tag = |name: &str| s.tags.iter().find(|t| t.tag == name).unwrap().clone();
    let plain = tag("plain");
    assert_eq!(plain.sentences, 3);
    assert_eq!(plain.gold_events, 3);
    assert_eq!(plain.event_type, Share::new(2, 3));
    assert_eq!(plain.category_source_target, Share::new(1, 3));
    let no_event = tag("no-event");
    assert_eq!(no_event.sentences_exact, Share::new(1, 2));
    assert_eq!(no_event.false_positives, 1);
}

#[test]
fn duplicates_are_counted_once() {
    let t = tables();
    let c = case(
        "d",
        &[],
        &[ev("FRA", "DEU", "111"), ev("FRA", "DEU", "111")],
        &[pred("FRA", "DEU", "111"), pred("FRA", "DEU", "111")],
    );
    assert_eq!((c.gold.len(), c.predicted.len(), c.duplicates), (1, 1, 1));
    let s = score(&[c], &t);
    assert_eq!(s.sentences_exact, Share::new(1, 1));
    assert_eq!(s.duplicate_predictions, 1);
    assert_eq!(s.category_overall.precision, Some(1.0));
}

#[test]
fn misses_list_what_is_not_exact() {
    let t = tables();
    let cases = [
        case(
            "ok",
            &[],
            &[ev("FRA", "DEU", "111")],
            &[pred("FRA", "DEU", "111")],
        ),
        case(
            "code",
            &[],
            &[ev("FRA", "DEU", "111")],
            &[pred("FRA", "DEU", "112")],
        ),
        case(
            "mixed",
            &["embedded"],
            &[ev("RUS", "UKR", "190"), ev("UKR", "RUS", "190")],
            &[
                pred("RUS", "UKR", "111"),
                pred("RUS", "USA", "190"),
                pred("USA", "IRN", "130"),
            ],
        ),
        case("fp", &[], &[], &[pred("USA", "IRN", "111")]),
        case("empty", &[], &[], &[]),
    ];
    let m = misses(&cases, &t);
    let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["code", "mixed", "fp"]);
    assert_eq!(m[0].gold[0].verdict, Verdict::OtherCode);
    let mixed = &m[1];
    // RUS UKR 190 pairs RUS USA 190 (category and source) over RUS UKR 111
    // (both actors); UKR RUS 190 gets RUS UKR 111 (swapped: wrong category)
    assert_eq!(mixed.gold[0].verdict, Verdict::WrongActor);
    assert_eq!(mixed.gold[0].paired, Some(1));
    assert_eq!(mixed.gold[1].verdict, Verdict::WrongCategory);
    assert_eq!(mixed.gold[1].paired, Some(0));
    assert_eq!(mixed.predicted[2].paired, None);
    assert_eq!(mixed.predicted[2].category, "THREATEN");
    assert_eq!(mixed.predicted[0].evidence.verb_text, "criticized");
    assert_eq!(m[2].predicted[0].paired, None);

    let one = case("m", &[], &[ev("TUR", "GRC", "081")], &[]);
    assert_eq!(misses(&[one], &t)[0].gold[0].verdict, Verdict::Missed);
}

#[test]
fn report_has_totals_only_for_several_files() {
    let t = tables();
    let a = vec![case(
        "a",
        &[],
        &[ev("FRA", "DEU", "111")],
        &[pred("FRA", "DEU", "111")],
    )];
    let b = vec![case("b", &[], &[ev("FRA", "DEU", "111")], &[])];
    let one = Report::new(&[("a.jsonl".into(), a.clone(), 0)], &t);
    assert!(one.total.is_none());
    let two = Report::new(&[("a.jsonl".into(), a, 0), ("b.jsonl".into(), b, 2)], &t);
    let total = two.total.as_ref().unwrap();
    assert_eq!(total.sentences, 2);
    assert_eq!(total.event_type, Share::new(1, 2));
    assert_eq!(two.splits[1].skipped, 2);
    assert_eq!(two.splits[1].misses.len(), 1);

    let text = two.to_text(TextOptions {
        misses: true,
        tags: true,
    });
    assert!(
        text.contains("== b.jsonl: 1 sentences not coded exactly =="),
        "{text}"
    );
    assert!(text.contains("FRA DEU 111"), "{text}");
    assert!(text.contains("MISSED"), "{text}");
    assert!(text.contains("== b.jsonl, 2 lines skipped =="), "{text}");
    assert!(text.contains("== all 2 files =="), "{text}");
    let quiet = two.to_text(TextOptions {
        misses: false,
        tags: false,
    });
    assert!(!quiet.contains("MISSED"), "{quiet}");

    let json = serde_json::to_value(&two).unwrap();
    assert_eq!(json["splits"][0]["scores"]["event_type"]["rate"], 1.0);
    assert_eq!(json["total"]["event_type"]["right"], 1);
    assert_eq!(
        json["splits"][1]["misses"][0]["gold"][0]["verdict"],
        "missed"
    );
}

#[test]
fn empty_report_does_not_divide_by_zero() {
    let t = tables();
    let s = score(&[], &t);
    assert_eq!(s.event_type.rate, None);
    assert_eq!(s.category_overall.f1, None);
    assert_eq!(s.confusion.labels, ["none"]);
    let r = Report::new(&[("x".into(), vec![], 0)], &t);
    assert!(r.to_text(TextOptions::default()).contains("0 sentences"));
}

#[test]
fn gold_lines() {
    let t = tables();
    let good = r#"{"id": "g1", "origin": "team", "date": "2022-06-20", "text": "Kazakhstan criticized Russia.", "events": [{"source": "KAZ", "target": "RUS", "code": "111", "plover": "ACCUSE"}, {"source": "KAZ", "target": "RUS", "code": "010", "plover": null}], "tags": ["plain"], "note": "x", "extra": 1}"#;
    let p = parse_gold_line(good, &t).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.sentence.id, "g1");
    assert_eq!(p.sentence.date.to_string(), "2022-06-20");
    assert_eq!(
        p.sentence.events,
        [ev("KAZ", "RUS", "111"), ev("KAZ", "RUS", "010")]
    );
    assert_eq!(p.sentence.tags, ["plain"]);

    // optional keys may be left out; a compact date is accepted
    let bare = r#"{"id": "g2", "date": "20220620", "text": "Nothing.", "events": []}"#;
    let p = parse_gold_line(bare, &t).unwrap();
    assert!(p.sentence.events.is_empty() && p.sentence.tags.is_empty());

    let warned = r#"{"id": "g3", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "111", "plover": "SUPPORT"}, {"source": "A", "target": "B", "code": "111", "plover": "ACCUSE"}, {"source": "A", "target": "B", "code": "020"}, {"source": "A", "target": "B", "code": "021", "plover": "REQUEST"}, {"source": "A", "target": "B", "code": "111"}]}"#;
    let p = parse_gold_line(warned, &t).unwrap();
    assert_eq!(p.sentence.events.len(), 3);
    // a missing `plover` is not checked; `null` and a category are
    assert_eq!(
        p.warnings,
        [
            "event 1: plover SUPPORT but the table maps 111 to ACCUSE; the table is used",
            "event 2 repeats event 1; counted once",
            "event 4: plover REQUEST but the table maps 021 to null; the table is used",
            "event 5 repeats event 1; counted once",
        ]
    );
    let null = r#"{"id": "g4", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "111", "plover": null}]}"#;
    assert_eq!(
        parse_gold_line(null, &t).unwrap().warnings,
        ["event 1: plover null but the table maps 111 to ACCUSE; the table is used"]
    );

    let bad = [
        ("", "not a gold record"),
        ("{", "not a gold record"),
        ("[1, 2]", "not a gold record"),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T."}"#,
            "missing field `events`",
        ),
        (
            r#"{"id": "", "date": "2022-06-20", "text": "T.", "events": []}"#,
            "empty \"id\"",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": " ", "events": []}"#,
            "empty \"text\"",
        ),
        (
            r#"{"id": "x", "date": "2022-13-01", "text": "T.", "events": []}"#,
            "bad date '2022-13-01'",
        ),
        (
            r#"{"id": "x", "date": "June", "text": "T.", "events": []}"#,
            "bad date 'June'",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "211"}]}"#,
            "event 1: '211' is not a CAMEO event code",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "11a"}]}"#,
            "is not a CAMEO event code",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "", "code": "111"}]}"#,
            "event 1: empty target",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "code": "111"}]}"#,
            "missing field `target`",
        ),
        (
            r#"{"id": "x", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "111", "plover": 3}]}"#,
            "invalid type",
        ),
    ];
    for (line, want) in bad {
        let err = parse_gold_line(line, &t).unwrap_err().to_string();
        assert!(err.contains(want), "{line}: {err}");
    }
}

/// Any bytes as a gold line give a record or an error, never a panic.
#[test]
fn gold_lines_never_panic() {
    let t = tables();
    let mut rng = fastrand::Rng::with_seed(9);
    let base = r#"{"id": "g", "date": "2022-06-20", "text": "T.", "events": [{"source": "A", "target": "B", "code": "111", "plover": "ACCUSE"}]}"#;
    for _ in 0..2000 {
        let mut b = base.as_bytes().to_vec();
        for _ in 0..rng.usize(1..4) {
            let i = rng.usize(..b.len());
            b[i] = rng.u8(..);
        }
        if let Ok(line) = std::str::from_utf8(&b) {
            let _ = parse_gold_line(line, &t);
        }
    }
}

#[test]
fn gold_sentences_are_coded_as_documents() {
    let (dicts, _) = faultline_dict::Dictionaries::builtin();
    let coder = Coder::new(&dicts);
    let t = tables();
    let line = r#"{"id": "k1", "date": "2022-06-20", "text": "Kazakhstan criticized Russia on Monday.", "events": [{"source": "KAZ", "target": "RUS", "code": "111", "plover": "ACCUSE"}]}"#;
    let g = parse_gold_line(line, &t).unwrap().sentence;
    let cases = code_gold(&coder, &[(g, "gold.jsonl:1".into())]);
    assert_eq!(cases.len(), 1);
    assert_eq!(keys(&cases[0].predicted), [ev("KAZ", "RUS", "111")]);
    let e = &cases[0].predicted[0].evidence;
    assert_eq!(e.verb_text, "criticized");
    assert!(e.verb_entry.starts_with("data/dict/"), "{}", e.verb_entry);
    assert_eq!(score(&cases, &t).sentences_exact, Share::new(1, 1));
}

#[test]
fn petrarch_records_are_scored_against_their_codings() {
    let (dicts, _) = faultline_dict::Dictionaries::builtin();
    let coder = Coder::new(&dicts);
    let t = tables();
    let xml = r#"<Sentences>
<Sentence date="20080804" id="T-1" category="DEMO" sentence="true">
<Text>France criticized Germany.</Text>
<Parse>(ROOT (S (NP (NNP France)) (VP (VBD criticized) (NP (NNP Germany))) (. .)))</Parse>
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="111"/>
</Sentence>
<Sentence date="20080804" id="T-2" sentence="true">
<Text>The weather was fine.</Text>
<Parse>(ROOT (S (NP (DT The) (NN weather)) (VP (VBD was) (ADJP (JJ fine))) (. .)))</Parse>
<EventCoding noevents="True"/>
</Sentence>
<Sentence date="20080804" id="T-3" sentence="false">
<Text>Not codable.</Text>
</Sentence>
<Sentence date="2008xx04" id="T-4" sentence="true">
<Text>France criticized Germany.</Text>
<EventCoding sourcecode="FRA" targetcode="DEU" eventcode="111"/>
</Sentence>
</Sentences>
"#;
    let file = faultline_text::read_petrarch_xml(xml).unwrap();
    let (cases, warnings) = code_petrarch(&coder, &file, "v.xml", false).unwrap();
    let ids: Vec<&str> = cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["T-1", "T-2", "T-4"]);
    assert_eq!(cases[0].at, "v.xml:2");
    assert_eq!(cases[0].tags, ["DEMO"]);
    assert!(cases[1].gold.is_empty());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("v.xml:15: sentence T-4: bad date"),
        "{warnings:?}"
    );
    let s = score(&cases, &t);
    assert_eq!(s.sentences_exact, Share::new(2, 3));

    let plain = faultline_text::read_petrarch_xml(
        "<Sentences><Sentence date=\"20080804\" id=\"P-1\" sentence=\"true\">\
         <Text>France criticized Germany.</Text></Sentence></Sentences>",
    )
    .unwrap();
    assert_eq!(
        code_petrarch(&coder, &plain, "p.xml", false).unwrap_err(),
        EvalError::NoExpectations
    );
}
