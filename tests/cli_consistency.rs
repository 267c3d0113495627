//! The command line as a new user meets it: inputs that are pipes, folders
//! given to `code`, every format for `ingest`, `export` without options,
//! the messages for bad dates, and one exit status per kind of outcome
//! (0 done, 1 some inputs unreadable, 2 the run stopped), the same for
//! every command and whether an input comes alone or in a batch.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// A folder in the temporary folder, deleted with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("faultline-consistency-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp folder");
        TempDir(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, contents: &str) -> String {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write temp file");
        s(&path).to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_faultline"));
    c.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn faultline(args: &[&str]) -> Output {
    command(args)
        .stdin(Stdio::null())
        .output()
        .expect("run faultline")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every stdout line, as JSON.
fn lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// `(doc_id, source, target, code)` of each event of a `code` run.
fn events(o: &Output) -> Vec<(String, String, String, String)> {
    lines(o)
        .iter()
        .map(|e| {
            let f = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (f("doc_id"), f("source"), f("target"), f("code"))
        })
        .collect()
}

fn quad(doc: &str, source: &str, target: &str, code: &str) -> (String, String, String, String) {
    (doc.into(), source.into(), target.into(), code.into())
}

/// Runs a shell command line with `$FAULTLINE` set to the binary (for
/// process substitution and pipes, as a user types them).
#[cfg(unix)]
fn shell(script: &str) -> Output {
    Command::new("bash")
        .args(["-c", script])
        .env("FAULTLINE", env!("CARGO_BIN_EXE_faultline"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("run bash")
}

/// A page of HTML with one coded sentence, and more than 8 KiB of markup
/// before it, so that reading it needs more than the bytes used to choose
/// its format.
fn long_page() -> String {
    let menu: String = (0..400)
        .map(|k| format!("<li><a href=\"/section/{k}\">Section {k}</a></li>\n"))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><title>Talks</title>\
         <meta property=\"article:published_time\" content=\"2022-06-20T08:00:00Z\"></head>\n\
         <body><nav><ul>\n{menu}</ul></nav>\n<article><h1>Talks</h1>\n\
         <p>Russia criticized China on Monday over the stalled talks on the pipeline.</p>\n\
         <p>Kazakhstan met with Turkey in Ankara to discuss the new transit route.</p>\n\
         </article></body></html>\n"
    )
}

#[cfg(unix)]
#[test]
fn process_substitution_is_read_as_a_file() {
    let o = shell(r#""$FAULTLINE" code --date 2022-01-01 <(echo "Russia criticized China.")"#);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let got = events(&o);
    assert_eq!(got.len(), 1, "{}", stdout(&o));
    assert_eq!(
        (&got[0].1, &got[0].2, &got[0].3),
        (&"RUS".into(), &"CHN".into(), &"111".into())
    );
    assert!(got[0].0.starts_with("/dev/fd/"), "{:?}", got[0]);
    let record = &lines(&o)[0];
    assert_eq!(record["date_evidence"], "publication date (--date)");

    // a page longer than what format detection reads: detected from its
    // content (the pipe has no extension) and read whole
    let dir = TempDir::new();
    let page = dir.write("page.html", &long_page());
    let o = shell(&format!(r#""$FAULTLINE" code <(cat '{page}')"#));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let got: Vec<_> = events(&o).into_iter().map(|e| (e.1, e.2, e.3)).collect();
    assert_eq!(
        got,
        [
            ("RUS".into(), "CHN".into(), "111".into()),
            ("KAZ".into(), "TUR".into(), "040".into()),
        ],
        "{err}"
    );
    assert_eq!(lines(&o)[0]["doc_date"], "2022-06-20");
}

#[test]
fn a_pipe_on_stdin_is_read_whole() {
    // JSON Lines are recognised on stdin without --input, and a stream
    // longer than the bytes used to recognise it loses nothing
    let docs: String = (0..300)
        .map(|k| {
            format!("{{\"id\": \"d{k}\", \"date\": \"2022-06-20\", \"text\": \"Russia criticized China.\"}}\n")
        })
        .collect();
    assert!(docs.len() > 16 << 10);
    let mut child = command(&["code"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        for chunk in docs.as_bytes().chunks(1000) {
            stdin.write_all(chunk).expect("write stdin");
        }
    });
    let o = child.wait_with_output().expect("wait for faultline");
    writer.join().expect("writer");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = events(&o);
    assert_eq!(got.len(), 300);
    assert_eq!(got[0], quad("d0", "RUS", "CHN", "111"));
    assert_eq!(got[299].0, "d299");
}

#[test]
fn code_reads_folders_in_name_order() {
    let dir = TempDir::new();
    dir.write("b/2.txt", "Kazakhstan met with Turkey.\n");
    dir.write("b/1.html", &long_page());
    dir.write(
        "a.jsonl",
        "{\"id\": \"j1\", \"date\": \"2022-06-20\", \"text\": \"France criticized Germany.\"}\n",
    );
    dir.write(".hidden.txt", "Russia criticized China.\n");
    let root = s(&dir.0);
    let o = faultline(&["code", "--date", "2022-06-20", root]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let page = s(&dir.path("b/1.html")).to_string();
    let text = s(&dir.path("b/2.txt")).to_string();
    assert_eq!(
        events(&o),
        [
            quad("j1", "FRA", "DEU", "111"),
            quad(&page, "RUS", "CHN", "111"),
            quad(&page, "KAZ", "TUR", "040"),
            quad(&text, "KAZ", "TUR", "040"),
        ]
    );
    assert!(err.contains("faultline: 3 documents, "), "{err}");
    // the same as naming the files
    let named = faultline(&[
        "code",
        "--date",
        "2022-06-20",
        s(&dir.path("a.jsonl")),
        &page,
        &text,
    ]);
    assert_eq!(named.stdout, o.stdout);
}

#[test]
fn ingest_takes_every_format_code_takes() {
    let dir = TempDir::new();
    // an HTML page with a name that says nothing about its format
    let page = dir.write("page.dat", &long_page());
    let db = dir.path("t.db");
    let o = faultline(&["ingest", "--db", s(&db), "--input", "html", &page]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("1 documents (1 new, 0 already stored, 0 failed), "),
        "{err}"
    );
    assert!(err.contains(", 2 events"), "{err}");

    // `export` with no options: events as JSON Lines
    let default = faultline(&["export", "--db", s(&db)]);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    let rows = lines(&default);
    assert_eq!(rows.len(), 2);
    let triple = |r: &Value| {
        (
            r["source"].as_str().map(String::from),
            r["target"].as_str().map(String::from),
            r["code"].as_str().map(String::from),
        )
    };
    assert_eq!(
        triple(&rows[0]),
        (Some("RUS".into()), Some("CHN".into()), Some("111".into()))
    );
    assert!(rows.iter().all(|r| r["event_id"].is_i64()), "{rows:?}");
    let explicit = faultline(&[
        "export",
        "--db",
        s(&db),
        "--table",
        "events",
        "--format",
        "jsonl",
    ]);
    assert_eq!(explicit.stdout, default.stdout);

    // every other format, forced with --input
    let fixtures = "tests/fixtures/documents";
    for (k, (format, file)) in [
        ("text", "text/serbia-kosovo-scrape.txt"),
        ("jsonl", "jsonl/wire.jsonl"),
        ("rss", "feeds/world-desk.rss"),
        ("rss", "feeds/caspian-monitor.atom"),
        ("warc", "warc/crawl.warc"),
        ("warc", "warc/crawl.warc.gz"),
    ]
    .into_iter()
    .enumerate()
    {
        let db = dir.path(&format!("{k}.db"));
        let path = format!("{fixtures}/{file}");
        let o = faultline(&["ingest", "--db", s(&db), "--input", format, &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{format} {file}: {err}");
        assert!(
            err.contains(" new, 0 already stored, 0 failed)"),
            "{file}: {err}"
        );
        assert!(!err.contains("(0 new,"), "{file}: {err}");
    }
}

#[test]
fn month_out_of_range_is_named() {
    let dir = TempDir::new();
    let text = dir.write("a.txt", "Russia criticized China.\n");
    for args in [
        vec!["code", "--date", "2024-13-01", &text],
        vec![
            "ingest",
            "--db",
            s(&dir.path("t.db")),
            "--date",
            "2024-13-01",
            &text,
        ],
        vec!["actors", "--date", "2024-13-01", &text],
    ] {
        let o = faultline(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("--date '2024-13-01': month 13 is out of range"),
            "{args:?}: {err}"
        );
        assert!(o.stdout.is_empty());
    }
    let o = faultline(&["code", "--date", "2024-02-30", &text]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--date '2024-02-30'"), "{}", stderr(&o));
}

#[test]
fn a_missing_input_is_status_1_for_every_command() {
    let dir = TempDir::new();
    let ok = dir.write("ok.txt", "Russia criticized China.\n");
    let missing = s(&dir.path("no-such-file.txt")).to_string();
    let db = s(&dir.path("t.db")).to_string();
    let date = ["--date", "2022-06-20"];
    for command in [vec!["code"], vec!["ingest", "--db", &db], vec!["actors"]] {
        for inputs in [
            vec![&*missing],
            vec![&*missing, &*ok],
            vec![&*ok, &*missing],
        ] {
            let args: Vec<&str> = command
                .iter()
                .chain(&date)
                .copied()
                .chain(inputs.iter().copied())
                .collect();
            let o = faultline(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains(&format!("faultline: warning: {missing}: ")),
                "{args:?}: {err}"
            );
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        }
    }
    // the readable input was coded all the same
    let o = faultline(&["code", "--date", "2022-06-20", &missing, &ok]);
    assert_eq!(events(&o), [quad(&ok, "RUS", "CHN", "111")]);
}

#[test]
fn exit_status_0_and_2() {
    let dir = TempDir::new();
    let ok = dir.write("ok.txt", "Russia criticized China.\n");
    let o = faultline(&["code", "--date", "2022-06-20", &ok]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // errors that stop the run: bad usage, a database that cannot be
    // opened, plain text on stdin without a date
    let not_a_db = dir.write("junk.db", "this is not a database, not at all\n");
    for args in [
        vec!["code", "--no-such-flag"],
        vec!["export", "--table", "nothing"],
        vec!["export", "--db", &not_a_db],
        vec!["export", "--db", s(&dir.path("missing.db"))],
        vec!["code", "--input", "text"],
        vec!["code", "--dictionaries", s(&dir.path("no-dicts")), &ok],
    ] {
        let o = faultline(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let docs: String = (0..600)
        .map(|k| {
            format!("{{\"id\": \"d{k}\", \"date\": \"2022-06-20\", \"text\": \"Russia criticized China. France criticized Germany.\"}}\n")
        })
        .collect();
    let dir = TempDir::new();
    let input = dir.write("many.jsonl", &docs);
    let mut child = command(&["code", &input])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read one line");
    // the read end is closed here, as `| head -1` does
    let o = child.wait_with_output().expect("wait for faultline");
    assert!(first.contains("\"doc_id\":\"d0\""), "{first}");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

#[test]
fn help_lists_the_exit_statuses() {
    let o = faultline(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(help.contains("Exit status:"), "{help}");
    for status in ["  0  ", "  1  ", "  2  "] {
        assert!(help.contains(status), "{status:?} in {help}");
    }
}

#[test]
fn actors_reads_files_without_unknown() {
    let dir = TempDir::new();
    let text = dir.write(
        "a.txt",
        "The Valdoria Pipeline Consortium criticized Russia on Monday.\n",
    );
    let plain = faultline(&["actors", "--date", "2022-06-20", "--format", "jsonl", &text]);
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let rows = lines(&plain);
    assert!(
        rows.iter()
            .any(|r| r["phrase"] == "Valdoria Pipeline Consortium"),
        "{rows:?}"
    );
    let flagged = faultline(&[
        "actors",
        "--unknown",
        "--date",
        "2022-06-20",
        "--format",
        "jsonl",
        &text,
    ]);
    assert_eq!(flagged.stdout, plain.stdout);
}

#[test]
fn dateline_on_its_own_line_is_not_part_of_the_first_sentence() {
    let dir = TempDir::new();
    let story = "Russia criticized the United States on Tuesday.";
    for (name, text) in [
        ("newline.txt", format!("Moscow, 5 March 2024\n{story}\n")),
        ("blank.txt", format!("Moscow, 5 March 2024\n\n{story}\n")),
    ] {
        let path = dir.write(name, &text);
        let o = faultline(&["code", &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {err}");
        let rows = lines(&o);
        assert_eq!(rows.len(), 1, "{name}: {err}");
        let e = &rows[0];
        assert_eq!(e["sentence"], story, "{name}");
        assert_eq!((&e["source"], &e["target"]), (&"RUS".into(), &"USA".into()));
        // the dateline dates the document (not the file's modification time)
        assert_eq!(e["doc_date"], "2024-03-05", "{name}");
        assert!(!err.contains("modification time"), "{name}: {err}");
    }
}

#[test]
fn bench_reads_its_corpora_from_files() {
    let dir = TempDir::new();
    let missing = s(&dir.path("no-such-corpus.jsonl")).to_string();
    let o = faultline(&["bench", "--iterations", "1", "--corpus", &missing]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("benchmark input {missing} not found")),
        "{err}"
    );
    assert!(err.contains("--corpus"), "{err}");
    let o = faultline(&["bench", "--iterations", "1", "--petrarch", s(&dir.0)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("GigaWord.sample.PETR.xml"), "{err}");
    // a corpus of one's own
    let corpus = dir.write(
        "corpus.jsonl",
        "{\"id\": \"a\", \"date\": \"2022-06-20\", \"text\": \"Russia criticized China. The weather was fine.\"}\n",
    );
    let o = faultline(&["bench", "--iterations", "1", "--json", "--corpus", &corpus]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).expect("JSON");
    assert_eq!(v["raw_text"]["documents"], 1);
    assert_eq!(v["raw_text"]["sentences"], 2);
    assert_eq!(v["raw_text"]["one_thread"]["events_per_pass"], 1);
}
