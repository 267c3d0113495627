//! `faultline eval` end to end: a tiny gold file scored with tiny
//! dictionaries (so the numbers depend on the coder's mechanics, not on
//! the built-in dictionaries), PETRARCH's unit-test records, several files
//! at once, and inputs that cannot be read.

use std::process::{Command, Output};

const TINY: &str = "tests/fixtures/gold/tiny.jsonl";
const TINY_DICTS: &str = "tests/fixtures/gold/dicts";
const UNIT_TESTS: &str = "tests/fixtures/petrarch/PETR.UnitTest.records.xml";

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run faultline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// `(right, total)` of a share.
fn share(v: &serde_json::Value) -> (u64, u64) {
    (v["right"].as_u64().unwrap(), v["total"].as_u64().unwrap())
}

#[test]
fn tiny_gold_file_as_json() {
    let o = faultline(&[
        "eval",
        "--format",
        "json",
        "--dictionaries",
        TINY_DICTS,
        TINY,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("tests/fixtures/gold/tiny.jsonl:6: bad date '2022-06-31'")
            && err.contains("line skipped"),
        "{err}"
    );
    let r = json(&o);
    assert!(r["total"].is_null(), "one file, no total");
    let split = &r["splits"][0];
    assert_eq!(split["name"], TINY);
    assert_eq!(split["skipped"], 1);
    let s = &split["scores"];
    assert_eq!(s["sentences"], 8);
    assert_eq!(s["no_event_sentences"], 2);
    assert_eq!(s["gold_events"], 7);
    assert_eq!(s["predicted_events"], 6);
    assert_eq!(share(&s["sentences_exact"]), (2, 8));
    assert_eq!(share(&s["no_event_sentences_right"]), (1, 2));
    assert_eq!(share(&s["event_type"]), (4, 7));
    assert_eq!(share(&s["exact_code"]), (3, 7));
    assert_eq!(share(&s["category_source_target"]), (3, 7));
    assert_eq!(share(&s["exact_event"]), (2, 7));
    assert_eq!(share(&s["source"]), (4, 7));
    assert_eq!(share(&s["source_country"]), (5, 7), "GONMIL ~ GON");
    assert_eq!(share(&s["target"]), (5, 7));
    let accuse = s["per_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["label"] == "ACCUSE")
        .expect("ACCUSE row");
    assert_eq!(
        (&accuse["gold"], &accuse["predicted"], &accuse["right"]),
        (&2.into(), &3.into(), &2.into())
    );
    let labels: Vec<&str> = s["confusion"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["ACCUSE", "ASSAULT", "CONSULT", "SUPPORT", "THREATEN", "none"]
    );
    let cell = |g: usize, p: usize| s["confusion"]["counts"][g][p].as_u64().unwrap();
    assert_eq!(cell(4, 0), 1, "THREATEN coded as ACCUSE");
    assert_eq!(cell(5, 1), 1, "a false ASSAULT");
    assert_eq!(cell(2, 5), 1, "one direction of the meeting missed");

    let misses = split["misses"].as_array().unwrap();
    let ids: Vec<&str> = misses.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["tiny-2", "tiny-4", "tiny-5", "tiny-6", "tiny-7", "tiny-8"]
    );
    let verdicts: Vec<&str> = misses
        .iter()
        .flat_map(|m| m["gold"].as_array().unwrap())
        .map(|g| g["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        [
            "exact",
            "missed",
            "other_code",
            "wrong_actor",
            "missed",
            "wrong_category"
        ]
    );
    let fp = &misses[3];
    assert_eq!(fp["at"], "tests/fixtures/gold/tiny.jsonl:8");
    assert!(fp["predicted"][0]["paired"].is_null());
    let e = &fp["predicted"][0]["evidence"];
    assert_eq!(e["verb_text"], "attacked");
    assert_eq!(
        e["verb_entry"],
        "tests/fixtures/gold/dicts/tiny.verbs.txt:10"
    );
    assert_eq!(
        e["source_actor"],
        "tests/fixtures/gold/dicts/tiny.actors.txt:3"
    );
}

#[test]
fn tiny_gold_file_as_text() {
    let o = faultline(&["eval", "--tags", "--dictionaries", TINY_DICTS, TINY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for want in [
        "== tests/fixtures/gold/tiny.jsonl: 6 sentences not coded exactly ==",
        "tiny-8 (tests/fixtures/gold/tiny.jsonl:10)",
        "WRONG CATEGORY (got 1)",
        "FALSE POSITIVE",
        "MISSED",
        "verb \"warned\": WARN in block CRITICIZE, tests/fixtures/gold/dicts/tiny.verbs.txt:6",
        "== tests/fixtures/gold/tiny.jsonl, 1 line skipped ==",
        "8 sentences (2 with no event), 7 gold events, 6 predicted events",
        "PLOVER category",
        "CAMEO root",
        "confusion",
        "no-event",
    ] {
        assert!(out.contains(want), "no {want:?} in\n{out}");
    }
    // the misses come before the scores
    assert!(out.find("FALSE POSITIVE") < out.find("PLOVER category"));

    let quiet = faultline(&["eval", "--no-misses", "--dictionaries", TINY_DICTS, TINY]);
    let out = stdout(&quiet);
    assert!(
        !out.contains("FALSE POSITIVE") && out.contains("PLOVER category"),
        "{out}"
    );
}

/// Agrees with `crates/faultline-coder/tests/petrarch_suite.rs`: the same
/// records pass, at least as many as its ratchets.
#[test]
fn petrarch_unit_tests_and_several_files() {
    // the unit tests with the dictionaries their <Environment> names, the
    // tiny file with the built-in ones (only its counts are checked)
    let o = faultline(&["eval", "--format", "json", TINY, UNIT_TESTS]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    let unit = &r["splits"][1]["scores"];
    assert_eq!(r["splits"][1]["name"], UNIT_TESTS);
    let (exact, records) = share(&unit["sentences_exact"]);
    assert_eq!(records, 279);
    assert!(exact >= 275, "{exact} of 279");
    let total = &r["total"];
    assert_eq!(total["sentences"], 279 + 8);
    assert_eq!(
        total["gold_events"].as_u64().unwrap(),
        unit["gold_events"].as_u64().unwrap() + 7
    );

    let text = faultline(&["eval", "--format", "json", "--ignore-parse", UNIT_TESTS]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let (exact, _) = share(&json(&text)["splits"][0]["scores"]["sentences_exact"]);
    assert!(exact >= 259, "{exact} of 279 from the text");
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_scored() {
    let o = faultline(&[
        "eval",
        "--no-misses",
        "--dictionaries",
        TINY_DICTS,
        "tests/fixtures/gold/no-such-file.jsonl",
        "tests/fixtures/gold/README.md",
        "tests/fixtures/petrarch/GigaWord.sample.PETR.xml",
        TINY,
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("tests/fixtures/gold/no-such-file.jsonl: ") && err.contains("file skipped"),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/gold/README.md: neither gold JSON Lines nor PETRARCH XML"),
        "{err}"
    );
    assert!(
        err.contains("GigaWord.sample.PETR.xml: no <EventCoding> in any record"),
        "{err}"
    );
    assert!(stdout(&o).contains("== tests/fixtures/gold/tiny.jsonl, 1 line skipped =="));

    let none = faultline(&["eval", "tests/fixtures/gold/no-such-file.jsonl"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stdout(&none).is_empty());

    let usage = faultline(&["eval"]);
    assert_eq!(usage.status.code(), Some(2), "a GOLD file is required");
}
