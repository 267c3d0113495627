//! End-to-end tests of the `faultline` binary: exit status, stdout and
//! stderr for good input, broken input and everything in between.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const GIGAWORD: &str = "tests/fixtures/petrarch/GigaWord.sample.PETR.xml";
const UNIT_TESTS: &str = "tests/fixtures/petrarch/PETR.UnitTest.records.xml";

/// Top-level fields of an output line, in the order they are written.
const FIELDS: [&str; 21] = [
    "doc_id",
    "sentence_id",
    "date",
    "date_precision",
    "doc_date",
    "date_evidence",
    "doc_title",
    "doc_url",
    "char_start",
    "char_end",
    "location",
    "source",
    "target",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover",
    "issues",
    "sentence",
    "evidence",
];

/// Fields of `evidence`, in order.
const EVIDENCE: [&str; 14] = [
    "source_text",
    "target_text",
    "verb_text",
    "verb_lemma",
    "verb_family",
    "verb_entry",
    "pattern",
    "source_actor",
    "source_agents",
    "target_actor",
    "target_agents",
    "passive",
    "source_inferred_from",
    "target_inferred_from",
];

/// Two sentences the built-in dictionaries code (FRA 111 DEU, RUS 040 CHN).
const GOOD_1: &str = r#"<Sentence date="20080804" id="TEST-1" sentence="true">
<Text>France criticized Germany.</Text>
<Parse>(ROOT (S (NP (NNP France)) (VP (VBD criticized) (NP (NNP Germany))) (. .)))</Parse>
</Sentence>"#;
const GOOD_2: &str = r#"<Sentence date="20080804" id="TEST-3" sentence="true">
<Text>Russia met with China on Monday.</Text>
<Parse>(ROOT (S (NP (NNP Russia)) (VP (VBD met) (PP (IN with) (NP (NNP China))) (PP (IN on) (NP (NNP Monday)))) (. .)))</Parse>
</Sentence>"#;

/// A file in the temporary folder, deleted when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> TempFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("faultline-cli-{}-{n}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("write temp file");
        TempFile(path)
    }

    fn display(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run faultline")
}

fn code(path: &str) -> Output {
    faultline(&["code", "--input", "petrarch-xml", path])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses every stdout line as an event record, checking field order.
fn events(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            check_order(line, &FIELDS);
            let evidence = line.find("\"evidence\":").expect("evidence");
            check_order(&line[evidence..], &EVIDENCE);
            v
        })
        .collect()
}

/// Checks that every `"name":` key occurs in `line`, in the given order.
fn check_order(line: &str, names: &[&str]) {
    let mut last = 0;
    for name in names {
        let at = line
            .find(&format!("\"{name}\":"))
            .unwrap_or_else(|| panic!("no field {name} in {line}"));
        assert!(at >= last, "field {name} out of order in {line}");
        last = at;
    }
}

fn sentences_file(records: &[&str]) -> String {
    format!("<Sentences>\n{}\n</Sentences>\n", records.join("\n"))
}

#[test]
fn gigaword_sample_codes_every_sentence() {
    let o = code(GIGAWORD);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("faultline: 76 sentences, "), "{err}");
    assert!(err.contains(", 0 parse errors"), "{err}");
    assert!(err.contains("note: built-in dictionaries:"), "{err}");
    assert!(!err.contains("warning:"), "{err}");
    let events = events(&o);
    assert!(!events.is_empty());
    let summary_events = format!(", {} events, ", events.len());
    assert!(err.contains(&summary_events), "{err}");
    for e in &events {
        let id = e["sentence_id"].as_str().unwrap();
        assert!(id.starts_with(e["doc_id"].as_str().unwrap()), "{id}");
        let doc_date = e["doc_date"].as_str().unwrap();
        assert!(
            doc_date.len() == 10 && doc_date.as_bytes()[4] == b'-',
            "{doc_date}"
        );
        // an event date is the document date or one written at its precision
        let date = e["date"].as_str().unwrap();
        let want_len = match e["date_precision"].as_str().unwrap() {
            "day" => 10,
            "month" => 7,
            "year" => 4,
            other => panic!("precision {other}"),
        };
        assert_eq!(date.len(), want_len, "{date}");
        assert!(date <= doc_date || e["date_evidence"] != "publication date");
        let code = e["code"].as_str().unwrap();
        assert_eq!(e["root_code"].as_str(), code.get(..2));
        // CAMEO.2.0's verb, or one faultline's verb layer added or recoded
        let entry = e["evidence"]["verb_entry"].as_str().unwrap();
        assert!(
            entry.starts_with("data/dict/CAMEO.2.0.txt:")
                || entry.starts_with("data/dict/faultline.verbs.txt:"),
            "{entry}"
        );
    }
}

#[test]
fn event_record_contents() {
    let f = TempFile::new("good.xml", sentences_file(&[GOOD_1, GOOD_2]).as_bytes());
    let o = code(&f.display());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let events = events(&o);
    assert_eq!(events.len(), 2, "{}", stdout(&o));
    let e = &events[0];
    assert_eq!(e["doc_id"], "TEST");
    assert_eq!(e["sentence_id"], "TEST-1");
    assert_eq!(e["date"], "2008-08-04");
    assert_eq!(
        (&e["source"], &e["target"], &e["code"]),
        (&"FRA".into(), &"DEU".into(), &"111".into())
    );
    assert_eq!(e["root_code"], "11");
    assert_eq!(e["quad_class"], 3);
    assert_eq!(e["goldstein"], -2.0);
    assert_eq!(e["plover"]["category"], "ACCUSE");
    assert_eq!(e["sentence"], "France criticized Germany.");
    let ev = &e["evidence"];
    assert_eq!(ev["source_text"], "France");
    assert_eq!(ev["target_text"], "Germany");
    assert_eq!(ev["verb_text"], "criticized");
    assert_eq!(ev["passive"], false);
    for key in ["source_actor", "target_actor"] {
        let origin = ev[key].as_str().unwrap();
        assert!(
            origin.starts_with("data/dict/Phoenix.Countries.actors.txt:"),
            "{origin}"
        );
    }
}

#[test]
fn unbalanced_parse_is_reported_and_coded_from_text() {
    let bad = r#"<Sentence date="20080804" id="TEST-2" sentence="true">
<Text>France criticized Germany.</Text>
<Parse>(ROOT (S (NP (NNP France)) (VP (VBD criticized) (NP (NNP Germany))) (. .)</Parse>
</Sentence>"#;
    let f = TempFile::new(
        "unbalanced.xml",
        sentences_file(&[GOOD_1, bad, GOOD_2]).as_bytes(),
    );
    let o = code(&f.display());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // The bad record starts on line 6 of the file; its text is coded by
    // the raw-text front end instead.
    let diag = format!(
        "{}:6: sentence TEST-2: bad parse: unbalanced parse: 2 bracket(s) never closed; coded from the text instead",
        f.display()
    );
    assert!(err.contains(&diag), "{err}");
    assert!(
        err.contains("faultline: 3 sentences, 3 coded, 3 events, 0 discarded, 1 parse errors"),
        "{err}"
    );
    let ids: Vec<_> = events(&o)
        .iter()
        .map(|e| e["sentence_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["TEST-1", "TEST-2", "TEST-3"]);
}

/// Runs `faultline` with `input` on stdin.
fn faultline_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait for faultline")
}

fn triples(o: &Output) -> Vec<(String, String, String, String)> {
    events(o)
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("sentence_id"), s("source"), s("target"), s("code"))
        })
        .collect()
}

#[test]
fn raw_text_from_stdin() {
    let text =
        "France criticized Germany on Monday. The weather was fine.\n\nRussia met with China.";
    let o = faultline_stdin(
        &["code", "--input", "text", "--date", "2008-08-04"],
        text.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        triples(&o),
        [
            ("0".into(), "FRA".into(), "DEU".into(), "111".into()),
            ("2".into(), "RUS".into(), "CHN".into(), "040".into()),
        ]
    );
    let e = &events(&o)[0];
    assert_eq!(e["doc_id"], "stdin");
    assert_eq!(e["date"], "2008-08-04");
    assert!(stderr(&o).contains("faultline: 1 documents, 3 sentences, 2 coded, 2 events"));
}

#[test]
fn raw_text_needs_a_date_on_stdin() {
    let o = faultline_stdin(&["code", "--input", "text"], b"France criticized Germany.");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("needs --date"), "{}", stderr(&o));
}

#[test]
fn jsonl_documents_with_a_broken_line() {
    let lines = concat!(
        r#"{"id": "a", "date": "2008-08-04", "text": "France criticized Germany."}"#,
        "\n",
        r#"{"id": "b", "date": "2008-08-04", "text": "#,
        "\n",
        r#"{"id": 7, "date": "2008-08-05", "title": "t", "url": "u", "text": "Russia met with China."}"#,
        "\n",
        r#"{"id": "c", "text": "France criticized Germany."}"#,
        "\n",
        r#"{"id": "d", "date": "next week", "text": "France criticized Germany."}"#,
        "\n",
    );
    let f = TempFile::new("docs.jsonl", lines.as_bytes());
    let o = faultline(&[
        "code",
        "--input",
        "jsonl",
        "--date",
        "2008-08-06",
        &f.display(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{}:2: column 42: invalid JSON document",
            f.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:5: document \"d\": bad date \"next week\"",
            f.display()
        )),
        "{err}"
    );
    let docs: Vec<String> = events(&o)
        .iter()
        .map(|e| {
            format!(
                "{}/{} {} {}",
                e["doc_id"].as_str().unwrap(),
                e["sentence_id"].as_str().unwrap(),
                e["doc_date"].as_str().unwrap(),
                e["date_evidence"].as_str().unwrap(),
            )
        })
        .collect();
    // a line without a date takes --date, and says so
    assert_eq!(
        docs,
        [
            "a/0 2008-08-04 publication date",
            "7/0 2008-08-05 publication date",
            "c/0 2008-08-06 publication date (--date)"
        ]
    );
    // from stdin, an undated line without --date is reported and skipped
    let o = faultline_stdin(&["code", "--input", "jsonl"], lines.as_bytes());
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>:4: no date in the document and no --date; line skipped"),
        "{err}"
    );
    assert_eq!(events(&o).len(), 2);
}

#[test]
fn ignore_parse_codes_the_text() {
    let o = faultline(&[
        "code",
        "--input",
        "petrarch-xml",
        "--ignore-parse",
        GIGAWORD,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("faultline: 76 sentences,"), "{err}");
    assert!(!events(&o).is_empty());
}

#[test]
fn output_does_not_depend_on_threads() {
    let one = faultline(&[
        "code",
        "--threads",
        "1",
        "--input",
        "jsonl",
        "data/bench/brown-press.jsonl",
    ]);
    let two = faultline(&[
        "code",
        "--threads",
        "2",
        "--input",
        "jsonl",
        "data/bench/brown-press.jsonl",
    ]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn bad_date_is_reported_and_skipped() {
    let bad = GOOD_2.replace("20080804", "20081304");
    let f = TempFile::new("date.xml", sentences_file(&[GOOD_1, &bad]).as_bytes());
    let o = code(&f.display());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let diag = format!("{}:6: sentence TEST-3: bad date", f.display());
    assert!(err.contains(&diag), "{err}");
    assert_eq!(events(&o).len(), 1);
}

#[test]
fn unknown_option_is_a_warning() {
    let option = r#"<Config option="no_such_option" value="1"></Config>"#;
    let f = TempFile::new("option.xml", sentences_file(&[option, GOOD_1]).as_bytes());
    let o = code(&f.display());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: ") && err.contains("no_such_option"),
        "{err}"
    );
    assert_eq!(events(&o).len(), 1);
}

#[test]
fn empty_file_codes_nothing() {
    let f = TempFile::new("empty.xml", b"");
    let o = code(&f.display());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(o.stdout.is_empty());
    assert!(
        err.contains("faultline: 0 sentences, 0 coded, 0 events"),
        "{err}"
    );
}

/// Inputs that cannot be read at all: exit status 2, and stderr names
/// the file (and the line, where there is one).
#[test]
fn unreadable_inputs_exit_2() {
    struct Case {
        name: &'static str,
        contents: &'static [u8],
        /// Expected after `FILE` in the message, e.g. `:2:`.
        location: &'static str,
    }
    let cases = [
        Case {
            name: "missing-id.xml",
            contents: b"<Sentences>\n<Sentence date=\"20080804\">\n<Text>x</Text>\n",
            location: ":2: ",
        },
        Case {
            name: "unterminated.xml",
            contents: b"<Sentences>\n\n<Sentence date=\"20080804\" id=\"A-1\">\n<Text>x</Text>\n",
            location: ":3: ",
        },
        Case {
            name: "latin1.xml",
            contents: b"<Sentences>\n<!-- fine -->\n<Text>caf\xe9</Text>\n</Sentences>\n",
            location: ":3: ",
        },
        Case {
            name: "junk.bin",
            contents: b"\x7fELF\x02\x01\x01\x00\xff\xfe\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
            location: ":1: ",
        },
        Case {
            name: "junk-utf8.bin",
            contents: b"\x00\x01\x02\x03<Sentence>\x04\x05",
            location: ":1: ",
        },
    ];
    for case in &cases {
        let f = TempFile::new(case.name, case.contents);
        let o = code(&f.display());
        let err = stderr(&o);
        // an input that cannot be read: status 1, alone or among others
        assert_eq!(o.status.code(), Some(1), "{}: {err}", case.name);
        assert!(o.stdout.is_empty(), "{}", case.name);
        let want = format!("faultline: warning: {}{}", f.display(), case.location);
        assert!(err.starts_with(&want), "{}: {err}", case.name);
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
    }
}

#[test]
fn missing_file_exits_1_alone_and_in_a_batch() {
    let path = std::env::temp_dir().join("faultline-cli-no-such-file.xml");
    let missing = path.display().to_string();
    let ok = TempFile::new("ok.txt", b"France criticized Germany.");
    for args in [
        vec!["code", "--date", "2022-06-20", &missing],
        vec!["code", "--date", "2022-06-20", &missing, &ok.display()],
    ] {
        let o = faultline(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(&missing), "{err}");
    }
}

#[test]
fn environment_dictionaries_are_used() {
    let o = code(UNIT_TESTS);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("built-in dictionaries"), "{err}");
    let events = events(&o);
    assert!(!events.is_empty());
    let verbs = "tests/fixtures/petrarch/PETR.Validate.verbs.txt:";
    for e in &events {
        let entry = e["evidence"]["verb_entry"].as_str().unwrap();
        assert!(entry.starts_with(verbs), "{entry}");
    }
}

#[test]
fn missing_environment_dictionary_exits_2() {
    let env = format!(
        "<Environment><Verbfile>no-such-verbs.txt</Verbfile></Environment>\n{}",
        sentences_file(&[GOOD_1])
    );
    let f = TempFile::new("env.xml", env.as_bytes());
    let o = code(&f.display());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no-such-verbs.txt"), "{err}");
}

#[test]
fn dict_check_lists_builtin_problems() {
    let o = faultline(&["dict", "check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.is_empty());
    for line in out.lines() {
        assert!(line.starts_with("data/dict/"), "{line}");
    }
    let err = stderr(&o);
    assert!(err.contains("malformed dictionary lines in "), "{err}");
    let files = faultline_dict::Dictionaries::builtin_sources().len();
    assert!(
        err.contains(&format!(" of the {files} files checked")),
        "{err}"
    );
    let clean = faultline(&["dict", "check", "tests/fixtures/petrarch"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
}

#[test]
fn bench_runs_and_checks_counts() {
    let o = faultline(&["bench", "--iterations", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert!(v["sentences"].as_u64().unwrap() > 300);
    assert!(v["code_trees"]["events_per_pass"].as_u64().unwrap() > 0);
    assert_eq!(v["code_trees"]["passes"], 1);
}

#[test]
fn usage_errors_exit_2() {
    let o = faultline(&["code", "--threads"]);
    assert_eq!(o.status.code(), Some(2));
    let o = faultline(&["code", "--input", "raw-text", GIGAWORD]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn dictionaries_folder_replaces_builtins() {
    let record = GOOD_1.replace("Germany", "Russia");
    let f = TempFile::new("folder.xml", sentences_file(&[&record]).as_bytes());
    let o = faultline(&[
        "code",
        "--input",
        "petrarch-xml",
        "--dictionaries",
        "tests/fixtures/petrarch",
        &f.display(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("built-in"), "{err}");
    let events = events(&o);
    assert_eq!(events.len(), 1, "{}", stdout(&o));
    let e = &events[0];
    assert_eq!((&e["source"], &e["code"]), (&"FRA".into(), &"121".into()));
    let entry = e["evidence"]["verb_entry"].as_str().unwrap();
    assert!(
        entry.starts_with("tests/fixtures/petrarch/PETR.Validate.verbs.txt:"),
        "{entry}"
    );
    let missing = faultline(&[
        "code",
        "--input",
        "petrarch-xml",
        "--dictionaries",
        "tests/fixtures/no-such-folder",
        &f.display(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("tests/fixtures/no-such-folder"));
}

/// The seed article as scraped: furniture removed, publication date found
/// in the text, and the events of dated clauses carry their own dates.
#[test]
fn seed_article_read_as_it_is() {
    let seed = "../shared/data/seed/kazakhstan-new-course-2022-06-20.txt";
    if !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(seed)
        .exists()
    {
        assert!(std::env::var_os("CI").is_none(), "{seed} is missing");
        return;
    }
    let o = faultline(&["code", seed]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("modification time"), "{err}");
    let events = events(&o);
    assert!(!events.is_empty());
    for e in &events {
        assert_eq!(e["doc_date"], "2022-06-20");
        assert_eq!(
            e["doc_title"],
            "Kazakhstan’s new course will change the political map of the world"
        );
        let sentence = e["sentence"].as_str().unwrap();
        for furniture in ["Home |", "Comments are closed", "Pin It", "#infoterror"] {
            assert!(!sentence.contains(furniture), "{sentence}");
        }
    }
    let dated = |verb: &str| {
        events
            .iter()
            .find(|e| e["evidence"]["verb_text"] == verb)
            .map(|e| {
                (
                    e["date"].as_str().unwrap().to_string(),
                    e["date_precision"].as_str().unwrap().to_string(),
                    e["date_evidence"].as_str().unwrap().to_string(),
                )
            })
    };
    assert_eq!(
        dated("joined"),
        Some(("2022-05".into(), "month".into(), "May".into()))
    );
    // "On April 1, a representative … said that the country respects the
    // territorial integrity of Ukraine": the reported act, dated by the
    // clause that reports it
    assert_eq!(
        dated("respects"),
        Some(("2022-04-01".into(), "day".into(), "April 1".into()))
    );
    assert_eq!(
        dated("refused").map(|d| d.2),
        Some("publication date".into())
    );
    // June 19: "the shipment of Kazakh oil … was blocked" (no agent in the
    // sentence; the Russian side comes from the sentence before, and the
    // "World War II bombs" of the pretext do not discard a dated sentence)
    let blockade = events
        .iter()
        .find(|e| e["evidence"]["verb_text"] == "blocked" && e["target"] == "KAZ")
        .expect("the blockade is coded");
    assert_eq!(blockade["date"], "2022-06-19");
    assert_eq!(blockade["date_precision"], "day");
    assert_eq!(blockade["source"], "RUSGOV");
    assert!(blockade["evidence"]["source_inferred_from"].is_number());
    assert_eq!(blockade["location"]["name"], "Novorossiysk");
    // "the January protests in Kazakhstan were overcome due to the
    // collective support of the CSTO member states"
    assert_eq!(
        dated("overcome"),
        Some(("2022-01".into(), "month".into(), "January".into()))
    );
    // the article's acts between states, with the codes of faultline's verb
    // layer where CAMEO.2.0 has none (data/dict/faultline.verbs.txt)
    let act = |verb: &str| {
        events
            .iter()
            .find(|e| e["evidence"]["verb_text"] == verb)
            .map(|e| {
                format!(
                    "{} {} {}",
                    e["source"].as_str().unwrap(),
                    e["target"].as_str().unwrap(),
                    e["code"].as_str().unwrap()
                )
            })
    };
    assert_eq!(act("suspending").as_deref(), Some("KAZ RUS 163"));
    assert_eq!(act("joined").as_deref(), Some("KAZ RUS 163"));
    // "… his refusal to accept the order …, which moscow planned to award him"
    assert_eq!(act("announced").as_deref(), Some("KAZGOV RUSGOV 120"));
    assert_eq!(act("appealed").as_deref(), Some("RUSGOV IGOCASCST 020"));
}

/// Context fills in what a sentence leaves out, and says where it came
/// from: a passive without an agent, a definite description, a pronoun.
#[test]
fn discourse_resolves_agents_and_anaphors() {
    let text = "The Kremlin reacted angrily to the speech. On June 19 the shipment of oil from Kazakhstan was blocked at the port of Novorossiysk.\n\nKazakhstan criticized Russia on Monday. The country then suspended coal shipments to Russia. It also expelled the Russian ambassador.";
    let o = faultline_stdin(
        &["code", "--input", "text", "--date", "2022-06-20"],
        text.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got: Vec<String> = events(&o)
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {} {} {} {}",
                e["sentence_id"].as_str().unwrap(),
                e["source"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
                e["date"].as_str().unwrap(),
                e["evidence"]["source_inferred_from"],
                e["evidence"]["target_inferred_from"],
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // a blocked oil shipment is an embargo (163)
            "1 RUSGOV KAZ 163 2022-06-19 0 null",
            "2 KAZ RUS 111 2022-06-20 null null",
            // expelling an ambassador reduces diplomatic relations (161)
            "4 KAZ RUSGOV 161 2022-06-20 3 null",
        ]
    );
}

/// A verbal act in the passive ("was criticized") gets no agent from the
/// context: nobody in particular may have done it.
#[test]
fn discourse_does_not_invent_agents_for_verbal_acts() {
    let text = "Kazakhstan met Russia on Monday. Germany was criticized over its policy.";
    let o = faultline_stdin(
        &["code", "--input", "text", "--date", "2022-06-20"],
        text.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for e in events(&o) {
        assert_ne!(e["sentence_id"], "1", "{e}");
    }
}

/// `faultline dict check DIR` lists malformed lines as `file:line` and
/// fails; a clean folder passes.
#[test]
fn dict_check_validates_a_folder() {
    let o = faultline(&["dict", "check", "data/dict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("data/dict/CAMEO.2.0.txt:8443: ")),
        "{out}"
    );
    let o = faultline(&["dict", "check", "tests/fixtures/petrarch"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = faultline(&["dict", "check", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A document with no text, or with more than one document may hold, is
/// reported by name; the other inputs are still coded, and a feed skips
/// only its bad items.
#[test]
fn empty_and_oversized_documents_are_reported() {
    let empty = TempFile::new("empty.txt", b"  \n\n ");
    let big = TempFile::new(
        "big.txt",
        "Russia criticized Ukraine. ".repeat(200_000).as_bytes(),
    );
    let ok = TempFile::new("ok.txt", b"France criticized Germany.");
    let o = faultline(&[
        "code",
        "--date",
        "2022-06-20",
        &empty.display(),
        &big.display(),
        &ok.display(),
    ]);
    let err = stderr(&o);
    // two inputs could not be coded: status 1, and the third is coded
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: no text to code; file skipped",
            empty.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: 5.1 MiB of text, more than the 4 MiB one document may hold; split it",
            big.display()
        )),
        "{err}"
    );
    assert_eq!(events(&o).len(), 1);
    // alone, such a file has the same status, and is named
    let o = faultline(&["code", "--date", "2022-06-20", &empty.display()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("{}: no text to code", empty.display())));
    // in a feed, an empty item is skipped and named
    let rss = TempFile::new(
        "feed.rss",
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>
<item><title>A</title><pubDate>Mon, 20 Jun 2022 10:00:00 GMT</pubDate><description></description></item>
<item><title>B</title><pubDate>Mon, 20 Jun 2022 10:00:00 GMT</pubDate><description>France criticized Germany.</description></item>
</channel></rss>"#,
    );
    let o = faultline(&["code", &rss.display()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("no text to code; skipped"), "{err}");
    assert_eq!(events(&o).len(), 1);
}

/// `faultline read`: each document as its reader saw it, one JSON object a
/// line, fields in order, with the evidence of its date; a bad line is
/// named, and PETRARCH XML is not read as documents.
#[test]
fn read_prints_documents_as_read() {
    let page = "tests/fixtures/documents/html/01-wordpress-article-published-time.html";
    let jsonl = TempFile::new(
        "read.jsonl",
        b"{\"id\": \"a\", \"date\": \"2022-06-20\", \"text\": \"France criticized Germany.\"}\n{\"id\": broken\n",
    );
    let o = faultline(&["read", page, &jsonl.display()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("{}:2: column 8", jsonl.display())),
        "{err}"
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let fields = [
        "file",
        "record",
        "format",
        "id",
        "title",
        "url",
        "source",
        "date",
        "date_evidence",
        "text",
    ];
    check_order(lines[0], &fields);
    let html: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(html["format"], "html");
    assert_eq!(html["record"], serde_json::Value::Null);
    assert_eq!(html["date"], "2023-04-03");
    assert_eq!(
        html["date_evidence"],
        "meta[property=article:published_time]"
    );
    assert!(html["text"]
        .as_str()
        .unwrap()
        .starts_with("Kazakhstan suspended permits"));
    let line: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(
        (&line["id"], &line["record"], &line["date_evidence"]),
        (&"a".into(), &1.into(), &"jsonl date".into())
    );
    let o = faultline(&["read", GIGAWORD]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("PETRARCH XML: its records are coded with `faultline code FILE`"),
        "{}",
        stderr(&o)
    );
}
