//! `faultline actors --unknown` through the binary: an invented
//! organisation named beside known countries comes out first with its
//! counts and example sentences, dictionary actors never do, and the list
//! is the same read from files as re-coded from a store.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A folder in the temporary folder, deleted with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("faultline-actors-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp folder");
        TempDir(path)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write temp file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn faultline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .output()
        .expect("run faultline")
}

fn stdout_of(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The invented organisation is a source twice and a target once (three
/// sentences of two documents), always beside dictionary countries; the
/// pipeline authority matches only the agent `AUTHORITY` (`---GOV`).
const CORPUS: &str = r#"{"id": "a1", "date": "2023-04-03", "text": "The Valdoria Pipeline Consortium criticized Russia on Monday. France welcomed the talks."}
{"id": "a2", "date": "2023-04-04", "text": "Ukraine accused the Valdoria Pipeline Consortium of lying. The Valdoria Pipeline Consortium threatened Kazakhstan. France condemned Germany."}
{"id": "a3", "date": "2023-04-05", "text": "The Caspian Pipeline Authority criticized the Aral Shipping Company."}
"#;

fn corpus(dir: &TempDir) -> String {
    dir.write("corpus.jsonl", CORPUS).display().to_string()
}

fn jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn phrase(v: &Value) -> &str {
    v["phrase"].as_str().expect("phrase is a string")
}

#[test]
fn invented_organisation_listed_first_with_counts_and_examples() {
    let dir = TempDir::new();
    let file = corpus(&dir);
    let out = stdout_of(&faultline(&[
        "actors",
        "--unknown",
        "--format",
        "jsonl",
        &file,
    ]));
    let rows = jsonl(&out);
    let first = rows.first().expect("at least one phrase");
    assert_eq!(phrase(first), "Valdoria Pipeline Consortium", "{out}");
    assert_eq!(first["kind"], "actor");
    assert_eq!(first["code"], "---");
    assert_eq!(
        (&first["count"], &first["as_source"], &first["as_target"]),
        (&Value::from(3), &Value::from(2), &Value::from(1)),
        "{out}"
    );
    let examples: Vec<(&str, u64, &str)> = first["examples"]
        .as_array()
        .expect("examples")
        .iter()
        .map(|e| {
            (
                e["doc_id"].as_str().unwrap(),
                e["sentence_id"].as_u64().unwrap(),
                e["sentence"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        examples,
        [
            (
                "a1",
                0,
                "The Valdoria Pipeline Consortium criticized Russia on Monday."
            ),
            (
                "a2",
                0,
                "Ukraine accused the Valdoria Pipeline Consortium of lying."
            ),
            (
                "a2",
                1,
                "The Valdoria Pipeline Consortium threatened Kazakhstan."
            ),
        ]
    );

    // dictionary actors are never listed
    for row in &rows {
        let p = phrase(row).to_lowercase();
        for known in ["france", "russia", "ukraine", "kazakhstan", "germany"] {
            assert!(!p.contains(known), "{known} listed: {row}");
        }
    }

    // an agent without an actor comes after the unknown actors, as its own kind
    let agent = rows
        .iter()
        .position(|r| phrase(r) == "Caspian Pipeline Authority")
        .unwrap_or_else(|| panic!("no agent row in {out}"));
    assert_eq!(rows[agent]["kind"], "agent_without_actor");
    assert!(rows[agent]["code"].as_str().unwrap().starts_with("---"));
    assert_ne!(rows[agent]["code"], "---");
    let first_agent = rows
        .iter()
        .position(|r| r["kind"] == "agent_without_actor")
        .expect("an agent row");
    assert!(rows[..first_agent].iter().all(|r| r["kind"] == "actor"));
    assert!(rows[first_agent..]
        .iter()
        .all(|r| r["kind"] == "agent_without_actor"));
}

#[test]
fn top_and_examples_limit_the_list() {
    let dir = TempDir::new();
    let file = corpus(&dir);
    let out = stdout_of(&faultline(&[
        "actors",
        "--unknown",
        "--format",
        "jsonl",
        "--top",
        "1",
        "--examples",
        "1",
        &file,
    ]));
    let rows = jsonl(&out);
    let actors: Vec<_> = rows.iter().filter(|r| r["kind"] == "actor").collect();
    assert_eq!(actors.len(), 1, "{out}");
    assert_eq!(actors[0]["count"], 3);
    assert_eq!(actors[0]["examples"].as_array().map(Vec::len), Some(1));
    assert_eq!(actors[0]["examples"][0]["doc_id"], "a1");
}

#[test]
fn text_table_is_aligned() {
    let dir = TempDir::new();
    let file = corpus(&dir);
    let out = stdout_of(&faultline(&["actors", "--unknown", &file]));
    let lines: Vec<&str> = out.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("count"))
        .unwrap_or_else(|| panic!("no header in {out}"));
    let row = lines[header + 1];
    assert!(row.ends_with("  Valdoria Pipeline Consortium"), "{out}");
    // the phrase column starts where its heading does
    let column = lines[header].find("phrase").expect("phrase heading");
    assert_eq!(row.find("Valdoria"), Some(column), "{out}");
    assert!(
        lines[header + 2].trim_start().starts_with("a1#0: "),
        "{out}"
    );
    assert!(out.contains("Agents without an actor"), "{out}");
}

#[test]
fn store_gives_the_same_list_as_files() {
    let dir = TempDir::new();
    let file = corpus(&dir);
    let db = dir.0.join("actors.db");
    let db = db.to_str().expect("UTF-8 temp path");
    let ingest = faultline(&["ingest", "--db", db, &file]);
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    for format in ["jsonl", "text"] {
        let files = stdout_of(&faultline(&[
            "actors",
            "--unknown",
            "--format",
            format,
            &file,
        ]));
        let stored = stdout_of(&faultline(&[
            "actors",
            "--unknown",
            "--format",
            format,
            "--db",
            db,
        ]));
        assert!(!files.is_empty());
        assert_eq!(stored, files, "--format {format}");
    }
}

#[test]
fn unknown_is_the_default_and_the_store_must_exist() {
    let dir = TempDir::new();
    let file = corpus(&dir);
    // listing unknown actors is what the command does: the flag changes nothing
    let plain = faultline(&["actors", &file]);
    let flagged = faultline(&["actors", "--unknown", &file]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(plain.stdout, flagged.stdout);
    assert!(!plain.stdout.is_empty());

    let missing = dir.0.join("missing.db");
    let out = faultline(&["actors", "--unknown", "--db", path(&missing)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists(), "--db must not create a database");
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}
