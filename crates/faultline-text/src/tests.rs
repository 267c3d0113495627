//! Tests against the PETRARCH fixture files and malformed inputs.

use crate::*;

const UNIT: &str = include_str!("../../../tests/fixtures/petrarch/PETR.UnitTest.records.xml");
const GIGA: &str = include_str!("../../../tests/fixtures/petrarch/GigaWord.sample.PETR.xml");

fn find<'a>(file: &'a PetrarchFile, id: &str) -> &'a SentenceRecord {
    file.sentences
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

#[test]
fn unit_test_records() {
    let file = read_petrarch_xml(UNIT).expect("unit test file parses");
    assert_eq!(file.sentences.len(), 284);
    assert_eq!(file.codable().count(), 279);
    assert_eq!(file.stop_line, None);

    let env = file.environment.as_ref().expect("environment");
    assert_eq!(env.verb_file.as_deref(), Some("PETR.Validate.verbs.txt"));
    assert_eq!(
        env.actor_files,
        vec!["PETR.Validate.actors.txt".to_string()]
    );
    assert_eq!(env.agent_file.as_deref(), Some("PETR.Validate.agents.txt"));
    assert_eq!(
        env.discard_file.as_deref(),
        Some("PETR.Validate.discards.txt")
    );
    assert_eq!(env.issue_file, None);
    assert_eq!(env.error_file.as_deref(), Some("Errors.unit-test.txt"));
    assert_eq!(env.pause.as_deref(), Some("Stop"));
    assert_eq!(env.include.first().map(String::as_str), Some("valid"));
    assert_eq!(env.include.len(), 12);
    assert_eq!(
        env.configs,
        vec![ConfigOption {
            option: "stop_on_error".into(),
            value: "True".into()
        }]
    );

    let demo0 = &file.sentences[0];
    assert_eq!(demo0.id, "DEMO-00");
    assert_eq!(demo0.date, "19950101");
    assert_eq!(demo0.category.as_deref(), Some("DEMO"));
    assert_eq!(demo0.line, 61);
    assert_eq!(
        demo0.text,
        "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy."
    );
    let parse = demo0.parse.as_deref().expect("parse");
    assert!(parse.starts_with("(ROOT (S"), "{parse}");
    assert!(parse.ends_with(") )"), "{parse}");
    assert_eq!(
        demo0.expected,
        vec![ExpectedCoding::Event {
            source: "ARN".into(),
            target: "GON".into(),
            code: "064".into()
        }]
    );

    let demo22 = find(&file, "DEMO-22");
    assert!(demo22.expected.contains(&ExpectedCoding::Event {
        source: "\"INJURY TOLL\"".into(),
        target: "OSG".into(),
        code: "223".into()
    }));
    assert_eq!(demo22.expected.len(), 2);
    // The <Config> between DEMO-21 and DEMO-22 is attached to DEMO-22.
    assert_eq!(
        demo22.configs,
        vec![ConfigOption {
            option: "new_actor_length".into(),
            value: "4".into()
        }]
    );

    let err1 = find(&file, "ERROR-01");
    assert_eq!(
        err1.expected,
        vec![ExpectedCoding::Error("dateline".into())]
    );
    assert_eq!(err1.date, "20080801");
    assert_eq!(err1.line, 11284);

    let last = file.sentences.last().expect("records");
    assert_eq!(last.id, "FINAL-RECORD");
    assert_eq!(last.expected, vec![ExpectedCoding::NoEvents]);
    assert_eq!(last.text, "ALL OF THE UNIT TESTS WERE CODED CORRECTLY.");

    // `&amp;` in text is decoded; the parse is left alone.
    let amp = file
        .sentences
        .iter()
        .find(|s| s.text.contains("&TIETYPE"))
        .expect("record with &TIETYPE");
    assert!(amp
        .parse
        .as_deref()
        .is_some_and(|p| p.contains("(CC &amp;)")));

    // Every line number points at a `<Sentence` tag.
    let lines: Vec<&str> = UNIT.lines().collect();
    for s in &file.sentences {
        let l = lines.get(s.line - 1).copied().unwrap_or_default();
        assert!(l.starts_with("<Sentence "), "{}: {l}", s.id);
        assert!(l.contains(&s.id));
    }
    // Attribute order does not matter.
    assert_eq!(find(&file, "AFP0909010096-4").date, "20090101");
}

#[test]
fn gigaword_sample() {
    let file = read_petrarch_xml(GIGA).expect("gigaword file parses");
    assert_eq!(file.sentences.len(), 76);
    assert!(file.environment.is_none());
    for s in &file.sentences {
        assert!(s.codable, "{}", s.id);
        assert!(
            s.parse.as_deref().is_some_and(|p| p.starts_with('(')),
            "{}",
            s.id
        );
        // A few test records (TEST_1, ...) have an empty <Text>.
        assert!(!s.text.is_empty() || s.id.starts_with("TEST_"), "{}", s.id);
        assert!(faultline_core::Date::parse_day(&s.date).is_ok(), "{}", s.id);
        assert_eq!(s.source.as_deref(), Some("AFP"));
    }
    let first = &file.sentences[0];
    assert_eq!(first.id, "AFP0808020625_4");
    assert_eq!(first.date, "20080804");
    assert_eq!(first.line, 13);
    assert_eq!(
        faultline_core::Date::parse_day(&first.date).map(|d| d.to_string()),
        Ok("2008-08-04".to_string())
    );
    assert!(first.text.starts_with("The stopover came as the US leader"));
    assert!(first.text.ends_with("out of the Games."));
}

#[test]
fn lenient_inputs() {
    let xml = "\u{feff}<Sentence id=x date=19950101 SENTENCE='TRUE' category=''>\
               <Text>a < b &c <!-- x --> d</Text></Sentence>\n\
               </Sentence>\n<Config option=\"o\" value=\"\"/>\n\
               <Sentence id=\"y\" date=\"1\" sentence=\"false\"/>\n\
               <Actorfile>a.txt</Actorfile><Actorfile> b.txt </Actorfile>\n\
               <Stop></Stop>\n<Sentence id=\"z\" date=\"1\"><broken";
    let file = read_petrarch_xml(xml).expect("lenient input parses");
    assert_eq!(file.sentences.len(), 2);
    let x = &file.sentences[0];
    assert!(x.codable);
    assert_eq!(x.category, None);
    assert_eq!(x.text, "a < b &c d");
    assert_eq!(x.parse, None);
    let y = &file.sentences[1];
    assert!(!y.codable);
    assert_eq!(y.text, "");
    assert_eq!(
        y.configs,
        vec![ConfigOption {
            option: "o".into(),
            value: String::new()
        }]
    );
    assert_eq!(
        file.environment.map(|e| e.actor_files),
        Some(vec!["a.txt".to_string(), "b.txt".to_string()])
    );
    assert_eq!(file.stop_line, Some(6));

    assert_eq!(read_petrarch_xml(""), Ok(PetrarchFile::default()));
    assert_eq!(read_petrarch_xml("just words"), Ok(PetrarchFile::default()));
}

#[test]
fn malformed_inputs() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "<Sentences>\n<Sentence id=\"a\" date=\"19950101\">\n<Text>x</Text>\n",
            2,
            "line 2: unterminated <Sentence> element",
        ),
        (
            "<Sentence id=\"a\" date=\"1\">\n<Text>never closed\n</Sentence>",
            2,
            "line 2: unterminated <Text> element",
        ),
        (
            "<Sentence id=\"a\" date=\"1\">\n<Parse>(ROOT\n",
            2,
            "line 2: unterminated <Parse> element",
        ),
        (
            "<Sentence id=\"a\" date=\"1\">\n<Text>x</Text>\n\n<Sentence id=\"b\" date=\"1\">\n</Sentence>",
            1,
            "line 1: unterminated <Sentence> element",
        ),
        (
            "<Sentences>\n<Sentence id=\"a\" date=\"1\">\n</Sentences>",
            2,
            "line 2: unterminated <Sentence> element",
        ),
        (
            "<Environment>\n<Verbfile>v.txt</Verbfile>\n<Sentence id=\"a\" date=\"1\"></Sentence>",
            1,
            "line 1: unterminated <Environment> element",
        ),
        (
            "\n\n<Sentence date=\"19950101\" sentence=\"true\">\n</Sentence>",
            3,
            "line 3: <Sentence> is missing the `id` attribute",
        ),
        (
            "<Sentence id=\"a\">\n</Sentence>",
            1,
            "line 1: <Sentence> is missing the `date` attribute",
        ),
        (
            "<Sentence id=\"  \" date=\"1\">\n</Sentence>",
            1,
            "line 1: <Sentence> is missing the `id` attribute",
        ),
        (
            "<Sentence id=\"a\" date=\"1\">\n<EventCoding sourcecode=\"A\" eventcode=\"01\">\n</Sentence>",
            2,
            "line 2: <EventCoding> is missing the `targetcode` attribute",
        ),
        (
            "<Config option=\"x\"></Config>",
            1,
            "line 1: <Config> is missing the `value` attribute",
        ),
        (
            "<!-- ok -->\n<!-- never closed\n<Sentence id=\"a\" date=\"1\"></Sentence>",
            2,
            "line 2: unterminated comment (missing `-->`)",
        ),
        (
            "<Sentences>\n<Sentence id=\"a",
            2,
            "line 2: unterminated attribute value (missing closing quote)",
        ),
        (
            "<Sentence id=\"a date=\"1\">\n</Sentence>",
            1,
            "line 1: malformed tag: unexpected character `1` in <Sentence> tag",
        ),
        (
            "<Sentence id=\"a\" date=\"1\"\n<Text>",
            2,
            "line 2: malformed tag: unexpected character `<` in <Sentence> tag",
        ),
        (
            "<Sentence id=\"a\" date=\"1\" é>",
            1,
            "line 1: malformed tag: unexpected character `é` in <Sentence> tag",
        ),
        ("<Sentence", 1, "line 1: unterminated tag (missing `>`)"),
        (
            "x\n</Sentence junk>",
            2,
            "line 2: malformed tag: unexpected character `j` in closing tag </Sentence>",
        ),
        (
            "ok\n\u{0}\u{1}\u{2}PK\u{3}\u{4}\u{fffd}\u{fffd}<Sen\u{7}",
            2,
            "line 2: invalid control character U+0000 (is this a binary file?)",
        ),
        (
            "<Sentences>\n\n<Sentence id=\"a\" date=\"1\">\u{1b}[0m</Sentence>",
            3,
            "line 3: invalid control character U+001B (is this a binary file?)",
        ),
    ];
    for &(input, line, message) in cases {
        let err = read_petrarch_xml(input).expect_err(input);
        assert_eq!(err.line(), line, "input {input:?}");
        assert_eq!(err.to_string(), message, "input {input:?}");
    }
}

/// Every prefix and many corrupted variants of the fixtures must give
/// `Ok` or `Err`, never a panic.
#[test]
fn never_panics_on_truncation_or_corruption() {
    for src in [GIGA, &UNIT[..UNIT.len().min(40_000)]] {
        let mut cut = 0;
        while cut < src.len() {
            if let Some(prefix) = src.get(..cut) {
                let _ = read_petrarch_xml(prefix);
            }
            cut += 37;
        }
    }
    // Deterministic pseudo-random corruption with markup-ish characters.
    let alphabet = [
        '<', '>', '/', '"', '\'', '=', '&', ';', '-', '!', '[', 'é', ' ', '\n',
    ];
    let base: Vec<char> = GIGA.chars().take(6000).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut chars = base.clone();
        for _ in 0..8 {
            let at = (next() % chars.len() as u64) as usize;
            let c = alphabet[(next() % alphabet.len() as u64) as usize];
            chars[at] = c;
        }
        let s: String = chars.into_iter().collect();
        let _ = read_petrarch_xml(&s);
    }
}

#[test]
fn invalid_utf8_helper() {
    assert_eq!(first_invalid_utf8_line(b""), None);
    assert_eq!(first_invalid_utf8_line(b"\xff"), Some((1, 0)));
    assert_eq!(first_invalid_utf8_line(b"a\n\nb\xc3"), Some((3, 4)));
    assert_eq!(first_invalid_utf8_line(b"a\n\xe2\x82\n"), Some((2, 2)));
    assert_eq!(first_invalid_utf8_line("ok\u{e9}\n".as_bytes()), None);
}

#[test]
fn pathological_inputs_stay_linear() {
    let start = std::time::Instant::now();
    let many_comments = format!(
        "<Sentence id=\"a\" date=\"1\"><Text>{}</Text></Sentence>",
        "<!--".repeat(100_000)
    );
    let file = read_petrarch_xml(&many_comments).expect("parses");
    assert_eq!(file.sentences.len(), 1);
    let many_lt = "< <a".repeat(100_000);
    assert!(read_petrarch_xml(&many_lt).is_err());
    let many_amp = format!(
        "<Sentence id=\"a\" date=\"1\"><Text>{}</Text></Sentence>",
        "&amp".repeat(100_000)
    );
    assert!(read_petrarch_xml(&many_amp).is_ok());
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}
