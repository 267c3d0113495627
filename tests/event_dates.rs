//! Event dates over the team-written document corpus
//! (`tests/fixtures/documents/`), end to end through the binary: every
//! event's source, target, code, date, precision and date evidence are
//! compared with `tests/snapshots/event_dates.txt`, one line
//! per event. Documents without a date of their own are dated 2024-01-01
//! (`--date`). After a deliberate change, rewrite it with
//! `UPDATE_EXPECT=1 cargo test --test event_dates` and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

const CORPUS: &str = "tests/fixtures/documents";
const EXPECTED: &str = "tests/snapshots/event_dates.txt";

fn inputs(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["html", "feeds", "jsonl", "text", "warc"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            // the gzipped crawl holds the same pages as the plain one
            if p.to_string_lossy().ends_with(".warc.gz") {
                continue;
            }
            files.push(p);
        }
    }
    files.sort();
    files
}

fn describe(root: &Path, file: &Path) -> Vec<String> {
    // documents without a date of their own get this one (a file's
    // modification time would change from checkout to checkout)
    let out = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["code", "--date", "2024-01-01"])
        .arg(file)
        .current_dir(root)
        .output()
        .expect("run faultline");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{}: {err}", file.display());
    let name = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|line| {
            let e: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("null").to_string();
            format!(
                "{name} | {} #{} | {} {} {} | {} {} | {} | doc {}",
                s(&e["doc_id"]),
                s(&e["sentence_id"]),
                s(&e["source"]),
                s(&e["target"]),
                s(&e["code"]),
                s(&e["date"]),
                s(&e["date_precision"]),
                s(&e["date_evidence"]),
                s(&e["doc_date"]),
            )
        })
        .collect()
}

#[test]
fn event_dates_over_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = inputs(&root.join(CORPUS));
    assert!(files.len() >= 30, "only {} corpus files", files.len());
    let got: Vec<String> = files
        .iter()
        .flat_map(|f| describe(root, f.strip_prefix(root).unwrap_or(f)))
        .collect();
    let got_text = got.join("\n") + "\n";
    let path = root.join(EXPECTED);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got_text).expect("write expected events");
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got_text {
        let want: Vec<&str> = want.lines().collect();
        let missing: Vec<&&str> = want
            .iter()
            .filter(|l| !got.iter().any(|g| g == **l))
            .collect();
        let extra: Vec<&String> = got.iter().filter(|g| !want.contains(&g.as_str())).collect();
        panic!(
            "event dates differ from {EXPECTED} (UPDATE_EXPECT=1 rewrites it)\nmissing:\n{}\nnew:\n{}",
            missing.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"),
            extra.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"),
        );
    }
    // the corpus must exercise every precision and some clause dates
    for needle in ["day | ", "month | "] {
        assert!(got_text.contains(needle), "no event with {needle}");
    }
    assert!(got.iter().any(|l| !l.contains("publication date")));
}
