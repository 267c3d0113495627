//! Actors of the 2020s, end to end through the binary.
//!
//! Two checks of the dictionary layer `data/dict/faultline.actors.txt`:
//!
//! * the seed article `../shared/data/seed/kazakhstan-new-course-2022-06-20.txt`
//!   is coded as scraped and its events are compared with
//!   `tests/snapshots/seed_events.txt` (one line per event: sentence id,
//!   source, target, code, date). After a deliberate change, rewrite it with
//!   `UPDATE_EXPECT=1 cargo test --test actors_2020s` and review the diff.
//!   The seed lives outside the repository: when it is missing the test is
//!   skipped, unless `CI` is set, where it fails.
//! * `tests/fixtures/actors/sentences.tsv`: team-written news sentences about
//!   2017–2026 (date, expected source, expected target, sentence), coded as
//!   JSON Lines, one document per sentence. A sentence counts as right when
//!   one of its events has exactly the expected source and target; the test
//!   prints the accuracy and the misses and asserts at least 90 %.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use faultline_dict::Dictionaries;

const SEED: &str = "../shared/data/seed/kazakhstan-new-course-2022-06-20.txt";
const SNAPSHOT: &str = "tests/snapshots/seed_events.txt";
const SENTENCES: &str = "tests/fixtures/actors/sentences.tsv";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `faultline code` with `args` in the repository root; returns the events.
fn code(args: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("code")
        .args(args)
        .current_dir(root())
        .output()
        .expect("run faultline");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn s(v: &serde_json::Value) -> &str {
    v.as_str().unwrap_or("null")
}

/// The code the built-in dictionaries give `phrase` (upper-case words) on `date`.
fn actor_code(dicts: &Dictionaries, phrase: &str, date: u32) -> Option<String> {
    let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
    let (p, n) = dicts.actors.index.longest_at(&words)?;
    assert_eq!(n, words.len(), "{phrase}: matched only {n} words");
    let actor = &dicts.actors.actors[p.entry];
    Some(actor.code_on(date)?.code.clone())
}

#[test]
fn seed_article_events() {
    let seed = root().join(SEED);
    if !seed.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "seed article {SEED} is missing"
        );
        eprintln!("skipped: {SEED} not found");
        return;
    }
    let events = code(&[SEED]);
    let got: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "#{} {} {} {} {}",
                s(&e["sentence_id"]),
                s(&e["source"]),
                s(&e["target"]),
                s(&e["code"]),
                s(&e["date"]),
            )
        })
        .collect();
    let got = got.join("\n") + "\n";
    let path = root().join(SNAPSHOT);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&path).expect("read snapshot");
    assert_eq!(got, want, "seed events changed; UPDATE_EXPECT=1 rewrites");
    // the article's actors, whether or not the coder makes events of them
    let pairs = |src: &str, tgt: &str| {
        events
            .iter()
            .any(|e| s(&e["source"]) == src && s(&e["target"]) == tgt)
    };
    assert!(pairs("RUSGOV", "IGOCASCST"), "Kadyrov → the CSTO");
    assert!(pairs("KAZGOV", "RUS"), "Tokayev → russia");
    assert!(
        pairs("IGOCASCST", "KAZ"),
        "the CSTO member states → Kazakhstan"
    );
    assert!(pairs("RUSGOV", "KAZ"), "Kadyrov's side → Kazakh oil");
}

#[test]
fn seed_article_actors_in_the_dictionary() {
    let (dicts, _) = Dictionaries::builtin();
    let on = 20220620;
    for (phrase, want) in [
        ("KASSYM-JOMART TOKAYEV", "KAZGOV"),
        ("TOKAYEV", "KAZGOV"),
        ("KAZAKH", "KAZ"),
        ("CSTO", "IGOCASCST"),
        ("EEU", "IGOCASEAE"),
        ("EURASIAN ECONOMIC UNION", "IGOCASEAE"),
        ("SBERBANK", "RUSBUS"),
        ("VTB", "RUSBUS"),
        ("ALFA-BANK", "RUSBUS"),
        ("KREMLIN", "RUSGOV"),
        ("MOSCOW", "RUSGOV"),
        ("NUR-SULTAN", "KAZGOV"),
        ("KADYROV", "RUSGOV"),
        ("PUTIN", "RUSGOV"),
        ("ROSSIYA 24", "RUSGOVMED"),
        ("SO-CALLED DPR", "UKRREB"),
        ("LPR", "UKRREB"),
        ("THE RF", "RUS"),
    ] {
        let got = actor_code(&dicts, phrase, on);
        assert_eq!(got.as_deref(), Some(want), "{phrase}");
    }
}

#[test]
fn renamed_capitals_and_office_changes() {
    let (dicts, _) = Dictionaries::builtin();
    for (phrase, date, want) in [
        ("ASTANA", 20190322, "KAZGOV"),
        ("ASTANA", 20200101, "KAZ"),
        ("ASTANA", 20220917, "KAZGOV"),
        ("NUR-SULTAN", 20190323, "KAZGOV"),
        ("NUR-SULTAN", 20230101, "KAZ"),
        ("KIEV", 20160101, "UKRGOV"),
        ("KYIV", 20240101, "UKRGOV"),
        ("TOKAYEV", 20150101, "KAZLEG"),
        ("TOKAYEV", 20120101, "IGOUNO"),
        ("TRUMP", 20180101, "USAGOV"),
        ("TRUMP", 20230101, "USAOPP"),
        ("TRUMP", 20250301, "USAGOV"),
        ("TALIBAN", 20200101, "AFGREB"),
        ("TALIBAN", 20220101, "AFGGOV"),
        ("BASHAR AL-ASSAD", 20241209, "SYRELI"),
        ("SANAA", 20100101, "YEMGOV"),
        ("SANAA", 20200101, "YEMREB"),
    ] {
        let got = actor_code(&dicts, phrase, date);
        assert_eq!(got.as_deref(), Some(want), "{phrase} on {date}");
    }
}

struct Case {
    line: usize,
    date: String,
    source: String,
    target: String,
    text: String,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join(SENTENCES)).expect("read sentences");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<&str> = l.splitn(4, '\t').collect();
            assert_eq!(
                f.len(),
                4,
                "{SENTENCES}:{}: four tab-separated columns",
                i + 1
            );
            Case {
                line: i + 1,
                date: f[0].to_string(),
                source: f[1].to_string(),
                target: f[2].to_string(),
                text: f[3].to_string(),
            }
        })
        .collect()
}

fn temp_jsonl(cases: &[Case]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-actors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("sentences.jsonl");
    let body: String = cases
        .iter()
        .map(|c| {
            serde_json::json!({ "id": format!("s{}", c.line), "date": c.date, "text": c.text })
                .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(&path, body).expect("write temp JSONL");
    path
}

#[test]
fn sentences_of_2017_to_2026() {
    let cases = cases();
    assert!(cases.len() >= 150, "only {} sentences", cases.len());
    let path = temp_jsonl(&cases);
    let events = code(&["--input", "jsonl", path.to_str().expect("UTF-8 path")]);
    let _ = std::fs::remove_dir_all(path.parent().expect("temp dir"));
    let mut by_doc: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for e in &events {
        by_doc
            .entry(s(&e["doc_id"]).to_string())
            .or_default()
            .push((s(&e["source"]).to_string(), s(&e["target"]).to_string()));
    }
    let mut misses = Vec::new();
    for c in &cases {
        let got = by_doc
            .get(&format!("s{}", c.line))
            .cloned()
            .unwrap_or_default();
        if !got.iter().any(|(a, b)| *a == c.source && *b == c.target) {
            misses.push(format!(
                "  line {}: {} → {} wanted, got {:?}: {}",
                c.line, c.source, c.target, got, c.text
            ));
        }
    }
    let right = cases.len() - misses.len();
    let accuracy = right as f64 / cases.len() as f64;
    eprintln!(
        "actors 2017-2026: {right}/{} right ({:.1} %)",
        cases.len(),
        accuracy * 100.0
    );
    for m in &misses {
        eprintln!("{m}");
    }
    assert!(
        accuracy >= 0.9,
        "accuracy {:.1} % below 90 %",
        accuracy * 100.0
    );
}

/// Every entry of the team's layer says where it comes from: a line that
/// starts an entry ends with a `#` comment (synonym lines, `+…`, share it).
#[test]
fn every_layer_entry_has_a_source_comment() {
    let path = root().join("data/dict/faultline.actors.txt");
    let text = std::fs::read_to_string(&path).expect("read the actor layer");
    let mut entries = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('+') {
            continue;
        }
        entries += 1;
        let comment = line.split_once('#').map(|(_, c)| c.trim()).unwrap_or("");
        assert!(
            comment.len() >= 10,
            "data/dict/faultline.actors.txt:{}: entry without a source comment",
            n + 1
        );
    }
    assert!(entries > 400, "{entries} entries");
}
