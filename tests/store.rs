//! The store through its API and through the binary: idempotent inserts,
//! counts, how events cluster across documents, `faultline ingest` on
//! files, folders and stdin, and every export format parsed back.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use faultline_store::{
    content_hash, Counts, Date as EventDate, Evidence, Inserted, Location, NewDocument, NewEvent,
    NewSentence, Origin, Plover, Store, StoreError,
};
use serde_json::Value;

/// A folder in the temporary folder, deleted with its contents when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("faultline-store-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp folder");
        TempDir(path)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
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
    faultline_stdin(args, None)
}

fn faultline_stdin(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run faultline");
    let mut stdin = child.stdin.take().expect("stdin");
    if let Some(bytes) = input {
        // a run that fails before reading stdin closes it: not an error here
        let _ = stdin.write_all(bytes);
    }
    drop(stdin);
    child.wait_with_output().expect("wait for faultline")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

// ---------------------------------------------------------------- the API

struct Doc {
    id: &'static str,
    text: &'static str,
    url: Option<&'static str>,
    source: Option<&'static str>,
    events: Vec<Ev>,
}

/// (source, target, code, root, date) of an event, all in sentence 0.
type Ev = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// (id, events, first date, mentions, sources, articles) of a cluster.
type Summary = (i64, Vec<i64>, String, usize, usize, usize);

fn insert(store: &mut Store, d: &Doc) -> Inserted {
    let doc = NewDocument {
        content_hash: content_hash(format!("{}\0{}", d.id, d.text).as_bytes()),
        name: "test.jsonl",
        doc_id: d.id,
        title: Some("A title, with a comma"),
        url: d.url,
        source: d.source,
        doc_date: EventDate::parse("2022-06-19").unwrap(),
        date_source: "document",
        text: d.text,
    };
    let sentences = [NewSentence {
        index: 0,
        char_start: 0,
        char_end: d.text.chars().count(),
        issues: vec![("ELECTIONS".into(), 1)],
    }];
    let verb_entry = Origin {
        file: "verbs.txt".into(),
        line: 1,
    };
    let events: Vec<NewEvent> = d
        .events
        .iter()
        .map(|&(source, target, code, root, date)| NewEvent {
            sentence_index: 0,
            source: source.into(),
            target: target.into(),
            code: code.into(),
            root_code: Some(root.into()),
            quad_class: Some(3),
            goldstein: Some(-2.0),
            plover: Some(Plover {
                category: "ACCUSE".into(),
                mode: "disapprove".into(),
                context: String::new(),
            }),
            date: EventDate::parse(date).expect("test date"),
            date_evidence: "publication date".into(),
            evidence: Evidence::new(
                "France",
                "Germany, \"West\"",
                "criticized",
                verb_entry.clone(),
            ),
            location: Some(Location {
                name: "Paris".into(),
                country: "FRA".into(),
                ..Location::default()
            }),
        })
        .collect();
    store.insert(&doc, &sentences, &events).expect("insert")
}

fn doc(id: &'static str, text: &'static str, events: Vec<Ev>) -> Doc {
    Doc {
        id,
        text,
        url: None,
        source: None,
        events,
    }
}

#[test]
fn insert_is_idempotent_and_counted() {
    let dir = TempDir::new();
    let db = dir.path("t.db");
    let a = doc(
        "A",
        "France criticized Germany. Rain fell.",
        vec![("FRA", "DEU", "111", "11", "2022-06-19")],
    );
    let b = doc("B", "Russia met China.", vec![]);
    {
        let mut store = Store::open(&db).unwrap();
        assert!(matches!(insert(&mut store, &a), Inserted::New(_)));
        assert_eq!(insert(&mut store, &a), Inserted::AlreadyPresent);
        assert!(matches!(insert(&mut store, &b), Inserted::New(_)));
        assert_eq!(
            store.counts().unwrap(),
            Counts {
                documents: 2,
                sentences: 2,
                events: 1
            }
        );
    }
    // reopened: still there, still skipped
    let mut store = Store::open(&db).unwrap();
    assert_eq!(insert(&mut store, &b), Inserted::AlreadyPresent);
    let hash = content_hash(b"A\0France criticized Germany. Rain fell.");
    assert!(store.contains_hash(&hash).unwrap());
    assert!(!store.contains_hash(&content_hash(b"other")).unwrap());
    assert_eq!(store.counts().unwrap().documents, 2);
    store.check().unwrap();
}

#[test]
fn other_files_are_refused() {
    let dir = TempDir::new();
    let junk = dir.write(
        "junk.db",
        b"this is not a database at all, not even close to one",
    );
    assert!(Store::open(&junk).is_err());
    assert!(Store::open_existing(&dir.path("missing.db")).is_err());
    // an empty file is an empty database: `open` makes it a store,
    // `open_existing` leaves it alone and says it is empty (a creation
    // that was cut short leaves one)
    let empty = dir.write("empty.db", b"");
    assert!(matches!(
        Store::open_existing(&empty),
        Err(faultline_store::StoreError::Empty(_))
    ));
    assert_eq!(
        Store::open(&empty).unwrap().counts().unwrap(),
        Counts::default()
    );
    assert!(Store::open_existing(&empty).is_ok());
}

#[test]
fn clusters_follow_the_grouping_rules() {
    let mut store = Store::open_in_memory().unwrap();
    let docs = [
        // event 1: the anchor of cluster A
        Doc {
            url: Some("https://www.reuters.example/a"),
            ..doc("d1", "one", vec![("FRA", "DEU", "111", "11", "2022-06-19")])
        },
        // event 2: a day later, another outlet: cluster A
        Doc {
            url: Some("https://apnews.example/b"),
            ..doc("d2", "two", vec![("FRA", "DEU", "112", "11", "2022-06-20")])
        },
        // event 3: same outlet as d1 (by source name), month precision: A
        Doc {
            source: Some("reuters.example"),
            ..doc("d3", "three", vec![("FRA", "DEU", "111", "11", "2022-06")])
        },
        // events 4-6: two days later: new cluster B; reversed dyad: C;
        // another root: D
        doc(
            "d4",
            "four",
            vec![
                ("FRA", "DEU", "111", "11", "2022-06-21"),
                ("DEU", "FRA", "111", "11", "2022-06-19"),
                ("FRA", "DEU", "042", "04", "2022-06-19"),
            ],
        ),
        // event 7: a month with no day inside it: cluster E
        doc("d5", "five", vec![("FRA", "DEU", "111", "11", "2022-07")]),
        // event 8: a year overlapping June: joins the earliest, A
        doc("d6", "six", vec![("FRA", "DEU", "111", "11", "2022")]),
    ];
    for d in &docs {
        insert(&mut store, d);
    }
    let mut clusters = Vec::new();
    store
        .snapshot()
        .unwrap()
        .for_each_cluster(|c| {
            clusters.push(c);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let got: Vec<Summary> = clusters
        .iter()
        .map(|c| {
            (
                c.id,
                c.events.clone(),
                c.first_date.to_string(),
                c.mentions,
                c.sources,
                c.articles,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, vec![1, 2, 3, 8], "2022-06-19".into(), 4, 3, 4),
            (4, vec![4], "2022-06-21".into(), 1, 1, 1),
            (5, vec![5], "2022-06-19".into(), 1, 1, 1),
            (6, vec![6], "2022-06-19".into(), 1, 1, 1),
            (7, vec![7], "2022-07".into(), 1, 1, 1),
        ]
    );
    assert_eq!(clusters[2].source, "DEU");
    assert_eq!(clusters[3].root_code.as_deref(), Some("04"));
}

// ------------------------------------------------------------- the binary

const JSONL: &str = r#"{"id": "AFP-1", "date": "2022-06-19", "text": "France criticized Germany. The talks in Paris ended.", "url": "https://example.com/afp-1", "title": "Row"}
{"id": "AFP-2", "date": "2022-06-20", "text": "France criticized Germany on Sunday."}
not json at all
{"id": "AFP-3", "date": "2022-06-20", "text": "Russia met with China. Rain fell."}
"#;

#[test]
fn ingest_stores_once_and_reports() {
    let dir = TempDir::new();
    let input = dir.write("news.jsonl", JSONL.as_bytes());
    let db = dir.path("f.db");
    let o = faultline(&["ingest", "--db", s(&db), s(&input)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("news.jsonl:3:"), "bad line named: {err}");
    let summary = err.lines().last().unwrap_or("");
    assert!(
        summary.starts_with(
            "faultline: 3 documents (3 new, 0 already stored, 0 failed), 5 sentences, "
        ),
        "{summary}"
    );
    let store = Store::open_existing(&db).unwrap();
    let first = store.counts().unwrap();
    assert_eq!((first.documents, first.sentences), (3, 5));
    assert!(first.events >= 3, "{first:?}");
    drop(store);

    let o = faultline(&["ingest", "--db", s(&db), s(&input)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("3 documents (0 new, 3 already stored, 0 failed), 0 sentences, 0 events"),
        "{err}"
    );
    assert_eq!(Store::open_existing(&db).unwrap().counts().unwrap(), first);
    assert!(o.stdout.is_empty(), "no progress output without a terminal");
}

#[test]
fn ingest_walks_folders_and_reads_stdin() {
    let dir = TempDir::new();
    dir.write("in/b/2.txt", b"Russia met with China.");
    dir.write("in/a.txt", b"France criticized Germany.");
    dir.write("in/.hidden.txt", b"Japan praised India.");
    dir.write("in/c/bad.txt", b"France \x00 criticized Germany.");
    let db = dir.path("in/f.db");
    let o = faultline(&[
        "ingest",
        "--db",
        s(&db),
        "--date",
        "2022-06-19",
        s(&dir.path("in")),
    ]);
    let err = stderr(&o);
    // the bad file is reported with its line and the others are stored
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.txt: line 1: binary data, not text (a NUL byte at offset 7)"),
        "{err}"
    );
    assert!(
        err.contains("3 documents (2 new, 0 already stored, 1 failed)"),
        "{err}"
    );
    let store = Store::open_existing(&db).unwrap();
    let names: Vec<String> = store
        .snapshot()
        .unwrap()
        .documents()
        .map(|d| d.unwrap().doc_id)
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        names[0].ends_with("a.txt") && names[1].ends_with("2.txt"),
        "{names:?}"
    );
    drop(store);

    // again: the database inside the folder is not read as a document
    let missing = dir.path("missing.txt");
    let o = faultline(&[
        "ingest",
        "--db",
        s(&db),
        "--date",
        "2022-06-19",
        s(&dir.path("in")),
        s(&missing),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("4 documents (0 new, 2 already stored, 2 failed)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("warning: {}: No such file", s(&missing))),
        "{err}"
    );

    let o = faultline_stdin(
        &["ingest", "--db", s(&db), "--date", "2022-06-20", "-"],
        Some(b"Japan praised India."),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        Store::open_existing(&db)
            .unwrap()
            .counts()
            .unwrap()
            .documents,
        3
    );

    let o = faultline_stdin(
        &["ingest", "--db", s(&db), "-"],
        Some(b"Japan praised India."),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--date"), "{}", stderr(&o));
}

#[test]
fn export_needs_a_database() {
    let dir = TempDir::new();
    let db = dir.path("none.db");
    let o = faultline(&[
        "export",
        "--db",
        s(&db),
        "--table",
        "events",
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("none.db"), "{}", stderr(&o));
    assert!(!db.exists(), "export must not create a database");
    let o = faultline(&[
        "export",
        "--db",
        s(&db),
        "--table",
        "documents",
        "--format",
        "gdelt",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// Parses RFC 4180 CSV: quoted cells with doubled quotes, CRLF records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && record.is_empty(),
        "CSV ends with a line break"
    );
    records
}

fn export(db: &Path, table: &str, format: &str) -> String {
    let o = faultline(&[
        "export",
        "--db",
        s(db),
        "--table",
        table,
        "--format",
        format,
    ]);
    assert!(o.status.success(), "{table} {format}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn exports_parse_back() {
    let dir = TempDir::new();
    let db = dir.path("e.db");
    {
        let mut store = Store::open(&db).unwrap();
        let multi = "France criticized Germany, \"sharply\".\nA second line.";
        insert(
            &mut store,
            &Doc {
                url: Some("https://example.com/1"),
                ..doc(
                    "D1",
                    multi,
                    vec![("FRAGOV", "DEU", "111", "11", "2022-06-19")],
                )
            },
        );
        insert(
            &mut store,
            &Doc {
                url: Some("https://other.example/2"),
                ..doc(
                    "D2",
                    "two",
                    vec![("FRAGOV", "DEU", "1121", "11", "2022-06-20")],
                )
            },
        );
        insert(
            &mut store,
            &doc(
                "D3",
                "three",
                vec![("---", "IGOUNO", "042", "04", "2022-05")],
            ),
        );
    }

    // events: JSON Lines and CSV agree
    let jsonl: Vec<Value> = export(&db, "events", "jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(jsonl.len(), 3);
    assert_eq!(jsonl[0]["event_id"], 1);
    assert_eq!(jsonl[0]["cluster_id"], 1);
    assert_eq!(jsonl[1]["cluster_id"], 1);
    assert_eq!(jsonl[0]["goldstein"], -2.0);
    assert_eq!(jsonl[0]["evidence"]["target_text"], "Germany, \"West\"");
    assert_eq!(jsonl[0]["issues"][0]["code"], "ELECTIONS");
    assert_eq!(jsonl[2]["date_precision"], "month");
    let csv = parse_csv(&export(&db, "events", "csv"));
    assert_eq!(csv.len(), 4);
    let header = &csv[0];
    assert_eq!(header[0], "event_id");
    for (row, json) in csv[1..].iter().zip(&jsonl) {
        assert_eq!(row.len(), header.len());
        for (name, cell) in header.iter().zip(row) {
            let want = match &json[name.as_str()] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                // nested JSON: its JSON text (compared parsed, as keys
                // keep their order in the cell but not in a `Value`)
                v @ (Value::Object(_) | Value::Array(_)) => {
                    let parsed: Value = serde_json::from_str(cell).expect("JSON text");
                    assert_eq!(&parsed, v, "column {name}");
                    continue;
                }
                v => v.to_string(),
            };
            assert_eq!(cell, &want, "column {name}");
        }
    }

    // documents: text with quotes, commas and a line break survives CSV
    let docs = parse_csv(&export(&db, "documents", "csv"));
    let text_col = docs[0].iter().position(|c| c == "text").unwrap();
    assert_eq!(
        docs[1][text_col],
        "France criticized Germany, \"sharply\".\nA second line."
    );
    let title_col = docs[0].iter().position(|c| c == "title").unwrap();
    assert_eq!(docs[1][title_col], "A title, with a comma");
    let docs: Vec<Value> = export(&db, "documents", "jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        (docs[0]["sentences"].as_u64(), docs[0]["events"].as_u64()),
        (Some(1), Some(1))
    );

    // clusters
    let clusters: Vec<Value> = export(&db, "clusters", "jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(clusters.len(), 2);
    assert_eq!(clusters[0]["events"], serde_json::json!([1, 2]));
    assert_eq!(
        (
            clusters[0]["articles"].as_u64(),
            clusters[0]["sources"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let csv = parse_csv(&export(&db, "clusters", "csv"));
    assert_eq!(csv[0][0], "cluster_id");
    assert_eq!(
        csv[1][csv[0].iter().position(|c| c == "events").unwrap()],
        "[1,2]"
    );

    // GDELT: 61 tab-separated columns, no header
    let gdelt = export(&db, "events", "gdelt");
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 61), "61 columns");
    let r = &rows[0];
    assert_eq!(&r[..5], ["1", "20220619", "202206", "2022", "2022.4630"]);
    assert_eq!(&r[5..8], ["FRAGOV", "France", "FRA"]);
    assert_eq!(&r[15..18], ["DEU", "Germany, \"West\"", "DEU"]);
    assert_eq!(
        &r[25..34],
        ["1", "111", "111", "11", "3", "-2.0", "2", "2", "2"]
    );
    assert_eq!(r[34], "", "AvgTone");
    assert_eq!(r[59].len(), 14, "DATEADDED is YYYYMMDDHHMMSS");
    assert_eq!(r[60], "https://example.com/1");
    // ActionGeo_Type, ActionGeo_FullName from the stored location; a
    // location without precision or coordinates gives type 5 and no lat/long
    assert_eq!(&r[51..53], ["5", "Paris"]);
    assert_eq!(&r[53..55], ["", ""], "no ISO country, so no FIPS codes");
    assert_eq!(&r[56..58], ["", ""]);
    assert_eq!(&rows[1][26..29], ["1121", "112", "11"]);
    let r = &rows[2];
    assert_eq!(&r[..5], ["3", "", "202205", "2022", ""]);
    assert_eq!(&r[5..8], ["", "France", ""], "unknown actor");
    assert_eq!(
        &r[15..18],
        ["IGOUNO", "Germany, \"West\"", ""],
        "not a country"
    );
    assert_eq!(r[60], "");

    // --out writes the same bytes to a file
    let out = dir.path("events.tsv");
    let o = faultline(&[
        "export",
        "--db",
        s(&db),
        "--table",
        "events",
        "--format",
        "gdelt",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success() && o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), gdelt);

    // a location found by `ingest`: FIPS 10-4 country and ADM1 codes
    // (Russia is RS; Krasnodar Krai is GeoNames admin1 38)
    let input = dir.write(
        "port.txt",
        b"Russia blocked Kazakh oil at the port of Novorossiysk on June 19.",
    );
    let db = dir.path("port.db");
    let o = faultline(&["ingest", "--db", s(&db), s(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let jsonl = export(&db, "events", "jsonl");
    let gdelt = export(&db, "events", "gdelt");
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    let r = rows
        .iter()
        .find(|r| r[52].starts_with("Novorossiysk"))
        .unwrap_or_else(|| panic!("no event at Novorossiysk:\n{gdelt}"));
    assert_eq!(&r[51..53], ["4", "Novorossiysk, Krasnodar Krai, RU"]);
    assert_eq!(r[53], "RS", "ActionGeo_CountryCode");
    assert_eq!(r[54], "RS38", "ActionGeo_ADM1Code");
    let event: Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|e| e["location_name"] == "Novorossiysk")
        .expect("the JSON export has the location");
    assert_eq!(event["location_admin1_code"], "38");
    assert_eq!(event["location_country"], "RUS");
    assert_eq!(event["location_precision"], "city");
}

// ---------------------------------------------------------------- parquet

const DATED_NEWS: &str = r#"{"id": "P-1", "date": "2022-06-19", "text": "France criticized Germany. The talks in Paris ended.", "url": "https://example.com/p-1", "title": "Row, \"quoted\""}
{"id": "P-2", "date": "2022-06-20", "text": "France criticized Germany on Sunday."}
{"id": "P-3", "date": "2022-07-02", "text": "Russia met with China. Rain fell."}
{"id": "P-4", "date": "2022-07-03", "text": "Japan praised India in 2021."}
{"id": "P-5", "date": "2021-12-30", "text": "Israel attacked Hamas in November."}
"#;

/// The Parquet files under `dir` (as `year=…/month=…/part-…`) and every
/// row read back with the parquet crate, as a JSON object, with the
/// `year=…/month=…` folder of its file.
fn read_parquet_dir(dir: &Path) -> (Vec<String>, Vec<(String, Value)>) {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int32Type, Int64Type};
    use arrow_array::{Array, ArrayRef};
    use arrow_schema::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn cell(column: &ArrayRef, i: usize) -> Value {
        if column.is_null(i) {
            return Value::Null;
        }
        match column.data_type() {
            DataType::Int64 => column.as_primitive::<Int64Type>().value(i).into(),
            DataType::Int32 => column.as_primitive::<Int32Type>().value(i).into(),
            DataType::Float64 => column.as_primitive::<Float64Type>().value(i).into(),
            DataType::Utf8 => column.as_string::<i32>().value(i).into(),
            DataType::List(_) => {
                let ids = column.as_list::<i32>().value(i);
                ids.as_primitive::<Int64Type>().values().to_vec().into()
            }
            other => panic!("unexpected column type {other}"),
        }
    }

    fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("read folder")
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        entries
    }

    let mut files = Vec::new();
    let mut rows = Vec::new();
    for year in sorted_entries(dir) {
        for month in sorted_entries(&year) {
            let folder = format!(
                "{}/{}",
                year.file_name().unwrap().to_string_lossy(),
                month.file_name().unwrap().to_string_lossy()
            );
            for file in sorted_entries(&month) {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                files.push(format!("{folder}/{name}"));
                let reader = ParquetRecordBatchReaderBuilder::try_new(
                    std::fs::File::open(&file).expect("open parquet file"),
                )
                .expect("a parquet file")
                .build()
                .expect("parquet reader");
                for batch in reader {
                    let batch = batch.expect("record batch");
                    let schema = batch.schema();
                    for i in 0..batch.num_rows() {
                        let row: serde_json::Map<String, Value> = schema
                            .fields()
                            .iter()
                            .zip(batch.columns())
                            .map(|(f, c)| (f.name().clone(), cell(c, i)))
                            .collect();
                        rows.push((folder.clone(), Value::Object(row)));
                    }
                }
            }
        }
    }
    (files, rows)
}

/// The partition folder of a date as written.
fn partition_of(date: &str) -> String {
    let month = date.get(5..7).unwrap_or("00");
    format!("year={}/month={month}", &date[..4])
}

fn export_parquet(db: &Path, table: &str, out: &Path) -> Output {
    faultline(&[
        "export",
        "--db",
        s(db),
        "--table",
        table,
        "--format",
        "parquet",
        "--out",
        s(out),
    ])
}

#[test]
fn parquet_export_reads_back() {
    let dir = TempDir::new();
    let input = dir.write("news.jsonl", DATED_NEWS.as_bytes());
    let db = dir.path("p.db");
    let o = faultline(&["ingest", "--db", s(&db), s(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));

    for (table, id, date) in [
        ("events", "event_id", "date"),
        ("documents", "document", "doc_date"),
        ("clusters", "cluster_id", "first_date"),
    ] {
        let jsonl: Vec<Value> = export(&db, table, "jsonl")
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert!(jsonl.len() >= 3, "{table}: {jsonl:?}");
        let out = dir.path(&format!("out/{table}"));
        let o = export_parquet(&db, table, &out);
        assert!(o.status.success(), "{table}: {}", stderr(&o));
        assert!(o.stdout.is_empty());

        let (files, mut rows) = read_parquet_dir(&out);
        // one file per partition, named by the date of its rows
        let mut want: Vec<String> = jsonl
            .iter()
            .map(|r| partition_of(r[date].as_str().unwrap()) + "/part-00000.parquet")
            .collect();
        want.sort();
        want.dedup();
        assert_eq!(files, want, "{table}");
        for (folder, row) in &rows {
            assert_eq!(folder, &partition_of(row[date].as_str().unwrap()));
        }

        // the same rows as JSON Lines: same columns in the same order, same
        // values (nested JSON is JSON text, as in CSV); no year or month
        rows.sort_by_key(|(_, r)| r[id].as_i64());
        assert_eq!(rows.len(), jsonl.len(), "{table}");
        for ((_, got), want) in rows.iter().zip(&jsonl) {
            let got = got.as_object().unwrap();
            let want = want.as_object().unwrap();
            let names: Vec<&String> = got.keys().collect();
            assert_eq!(names, want.keys().collect::<Vec<_>>(), "{table}");
            for (name, w) in want {
                let g = &got[name];
                match (g, w) {
                    (Value::String(text), Value::Object(_) | Value::Array(_))
                        if name != "events" =>
                    {
                        let parsed: Value = serde_json::from_str(text).expect("JSON text");
                        assert_eq!(&parsed, w, "{table}.{name}");
                    }
                    _ => assert_eq!(g, w, "{table}.{name}"),
                }
            }
        }
    }

    // a few values and types, read back
    let (_, events) = read_parquet_dir(&dir.path("out/events"));
    let first = events.iter().find(|(_, r)| r["event_id"] == 1).unwrap();
    assert_eq!(first.0, "year=2022/month=06");
    assert_eq!(
        (
            &first.1["source"],
            &first.1["quad_class"],
            &first.1["goldstein"]
        ),
        (&Value::from("FRA"), &Value::from(3), &Value::from(-2.0))
    );
    let (files, docs) = read_parquet_dir(&dir.path("out/documents"));
    assert_eq!(
        files,
        [
            "year=2021/month=12/part-00000.parquet",
            "year=2022/month=06/part-00000.parquet",
            "year=2022/month=07/part-00000.parquet",
        ]
    );
    let titles: Vec<&Value> = docs.iter().map(|(_, d)| &d["title"]).collect();
    assert_eq!(titles[1], "Row, \"quoted\"");
    assert_eq!(titles[2], &Value::Null);
    let (_, clusters) = read_parquet_dir(&dir.path("out/clusters"));
    assert!(clusters
        .iter()
        .any(|(_, c)| c["events"] == serde_json::json!([1, 2])));
}

#[test]
fn parquet_partitions_and_refusals() {
    let dir = TempDir::new();
    let db = dir.path("p.db");
    {
        let mut store = Store::open(&db).unwrap();
        for (id, date) in [
            ("A", "2022-06-19"),
            ("B", "2021"),
            ("C", "2022-05"),
            ("D", "2021-01-31"),
        ] {
            insert(
                &mut store,
                &doc(id, "text", vec![("FRA", "DEU", "111", "11", date)]),
            );
        }
    }
    let out = dir.path("events");
    let o = export_parquet(&db, "events", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let (files, rows) = read_parquet_dir(&out);
    assert_eq!(
        files,
        [
            "year=2021/month=00/part-00000.parquet",
            "year=2021/month=01/part-00000.parquet",
            "year=2022/month=05/part-00000.parquet",
            "year=2022/month=06/part-00000.parquet",
        ],
        "a date known to the year goes to month=00"
    );
    assert_eq!(rows.len(), 4);

    // a folder that is not empty is refused, and left as it was
    let o = export_parquet(&db, "events", &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(read_parquet_dir(&out).0.len(), 4);
    // so is a file, and a missing --out
    let file = dir.write("file.txt", b"x");
    let o = export_parquet(&db, "events", &file);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
    let o = faultline(&[
        "export",
        "--db",
        s(&db),
        "--table",
        "events",
        "--format",
        "parquet",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out DIR"), "{}", stderr(&o));
    // an empty folder is fine
    let empty = dir.path("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = export_parquet(&db, "documents", &empty);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        read_parquet_dir(&empty).0,
        ["year=2022/month=06/part-00000.parquet"]
    );
    // an empty table writes no file
    let none = dir.path("none.db");
    drop(Store::open(&none).unwrap());
    let out = dir.path("none");
    let o = export_parquet(&none, "clusters", &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read_parquet_dir(&out).0.is_empty());
}

/// Stored offsets count characters, as `faultline code` does: the event's
/// `char_start..char_end` over the stored text gives its sentence, even
/// after curly quotes and dashes (several bytes each).
#[test]
fn stored_offsets_are_characters() {
    let dir = TempDir::new();
    let text = "Kazakhstan’s “new course” — a shift. Russia criticized Kazakhstan on Monday.";
    let file = dir.write("a.txt", text.as_bytes());
    let db = dir.path("c.db");
    let o = faultline(&["ingest", "--db", s(&db), "--date", "2022-06-20", s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = export(&db, "documents", "jsonl");
    let doc: Value = serde_json::from_str(docs.lines().next().unwrap()).unwrap();
    let stored = doc["text"].as_str().unwrap();
    let events = export(&db, "events", "jsonl");
    let e: Value = serde_json::from_str(events.lines().next().expect("an event")).unwrap();
    let (a, b) = (
        e["char_start"].as_u64().unwrap() as usize,
        e["char_end"].as_u64().unwrap() as usize,
    );
    let sentence: String = stored.chars().skip(a).take(b - a).collect();
    assert_eq!(sentence, "Russia criticized Kazakhstan on Monday.");
    // and `faultline code` says the same
    let o = faultline(&["code", "--date", "2022-06-20", s(&file)]);
    let coded: Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(coded["char_start"], e["char_start"]);
    assert_eq!(coded["char_end"], e["char_end"]);
}

// ------------------------------------------- offsets, code against ingest

/// Pieces of text that take several bytes, or several characters, each:
/// curly quotes, dashes, CJK, emoji with ZWJ and variation selectors,
/// combining marks, right-to-left text and marks.
const UNICODE: [&str; 24] = [
    "“",
    "”",
    "‘",
    "’",
    "—",
    "–",
    "…",
    "«",
    "»",
    "東京",
    "北京市",
    "한국",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "🏳\u{fe0f}\u{200d}🌈",
    "e\u{301}",
    "n\u{303}o",
    "a\u{308}\u{304}",
    "שלום",
    "مرحبا",
    "\u{200f}",
    "\u{202b}עברית\u{202c}",
    "Ω≈ç",
    "ß",
];

const EVENT_SENTENCES: [&str; 6] = [
    "France criticized Germany.",
    "Russia met with China on Monday.",
    "Japan praised India in Tokyo.",
    "Kazakhstan’s president accused Russia of “meddling”.",
    "Egypt — not Israel — hosted the talks.",
    "Turkey threatened Iran.",
];

/// A sentence of random words and Unicode pieces, or one that codes an
/// event.
fn random_sentence(rng: &mut fastrand::Rng) -> String {
    if rng.u8(0..3) == 0 {
        return EVENT_SENTENCES[rng.usize(0..EVENT_SENTENCES.len())].to_string();
    }
    let mut words = Vec::new();
    for _ in 0..rng.usize(2..12) {
        let word = match rng.u8(0..4) {
            0 => UNICODE[rng.usize(0..UNICODE.len())].to_string(),
            1 => format!(
                "{}{}{}",
                UNICODE[rng.usize(0..UNICODE.len())],
                ["word", "talks", "Paris", "it"][rng.usize(0..4)],
                UNICODE[rng.usize(0..UNICODE.len())]
            ),
            _ => [
                "the", "minister", "said", "on", "Tuesday", "report", "and", "Moscow",
            ][rng.usize(0..8)]
            .to_string(),
        };
        words.push(word);
    }
    let mut sentence = words.join(" ");
    if let Some(first) = sentence.get(..1) {
        let upper = first.to_uppercase();
        sentence.replace_range(..1, &upper);
    }
    sentence.push(['.', '!', '?', '…'][rng.usize(0..4)]);
    sentence
}

/// The characters `start..end` of `text`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn jsonl_values(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// 1,200 documents of random Unicode are all stored, and every stored
/// sentence and exported event is the range of characters of its
/// document's text that the sentence splitter gave.
#[test]
fn unicode_documents_are_stored_with_character_offsets() {
    const DOCUMENTS: usize = 1_200;
    let dir = TempDir::new();
    let mut rng = fastrand::Rng::with_seed(0x00C0_FFEE_D0C5);
    let mut lines = String::new();
    for i in 0..DOCUMENTS {
        let mut text = String::new();
        for k in 0..rng.usize(1..9) {
            if k > 0 {
                text.push_str([" ", " ", "\n\n", "  "][rng.usize(0..4)]);
            }
            text.push_str(&random_sentence(&mut rng));
        }
        let line = serde_json::json!({"id": format!("u-{i}"), "date": "2022-06-20", "text": text});
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let input = dir.write("unicode.jsonl", lines.as_bytes());
    let db = dir.path("u.db");
    let o = faultline(&["ingest", "--db", s(&db), s(&input)]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{DOCUMENTS} documents ({DOCUMENTS} new, 0 already stored, 0 failed)"
        )),
        "{err}"
    );

    // every stored sentence is what the splitter gave, by characters
    let store = Store::open_existing(&db).unwrap();
    let snapshot = store.snapshot().unwrap();
    let mut texts = std::collections::HashMap::new();
    let mut sentences = 0;
    for d in snapshot.documents() {
        let d = d.unwrap();
        let want: Vec<&str> = faultline_lang::split_sentences(&d.text)
            .into_iter()
            .map(|r| &d.text[r])
            .collect();
        let got: Vec<String> = snapshot
            .sentences(d.id)
            .unwrap()
            .iter()
            .map(|s| chars(&d.text, s.char_start, s.char_end))
            .collect();
        assert_eq!(got, want, "{}", d.doc_id);
        sentences += got.len();
        texts.insert(d.doc_id.clone(), d.text);
    }
    assert_eq!(texts.len(), DOCUMENTS);
    assert!(sentences > DOCUMENTS * 3, "{sentences} sentences");
    drop(snapshot);

    // exported events: their characters are their sentence as `code` has it
    let events = jsonl_values(&export(&db, "events", "jsonl"));
    let coded = jsonl_values(&stdout(&faultline(&["code", s(&input)])));
    assert!(events.len() > DOCUMENTS / 2, "{} events", events.len());
    assert_eq!(events.len(), coded.len());
    for (e, c) in events.iter().zip(&coded) {
        let text = &texts[e["doc_id"].as_str().unwrap()];
        let (a, b) = (
            e["char_start"].as_u64().unwrap(),
            e["char_end"].as_u64().unwrap(),
        );
        assert_eq!(
            chars(text, a as usize, b as usize),
            c["sentence"].as_str().unwrap()
        );
    }
}

/// The folders of `--input` fixtures and the seed article beside the
/// repository (when it is there).
fn document_corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("tests/fixtures/documents");
    let mut paths: Vec<PathBuf> = ["html", "text", "feeds", "jsonl", "warc"]
        .iter()
        .map(|d| fixtures.join(d))
        .collect();
    const SEED: &str = "shared/data/seed/kazakhstan-new-course-2022-06-20.txt";
    match [root.join("..").join(SEED), Path::new("/work").join(SEED)]
        .into_iter()
        .find(|p| p.is_file())
    {
        Some(seed) => paths.push(seed),
        None => assert!(std::env::var_os("CI").is_none(), "{SEED} is missing"),
    }
    paths
}

/// `faultline code` and `faultline ingest` + `export` give the same
/// events for the same input: the document corpus and the seed article.
#[test]
fn code_and_ingest_give_the_same_events() {
    let dir = TempDir::new();
    let paths = document_corpus();
    let mut args: Vec<&str> = vec!["--date", "2022-06-20"];
    args.extend(paths.iter().map(|p| s(p)));

    let mut code_args = vec!["code"];
    code_args.extend(&args);
    let coded = faultline(&code_args);
    let db = dir.path("c.db");
    let mut ingest_args = vec!["ingest", "--db", s(&db)];
    ingest_args.extend(&args);
    let ingested = faultline(&ingest_args);
    assert_eq!(coded.status.code(), Some(0), "{}", stderr(&coded));
    assert_eq!(ingested.status.code(), Some(0), "{}", stderr(&ingested));
    assert!(
        stderr(&ingested).contains(" 0 failed)"),
        "{}",
        stderr(&ingested)
    );

    // `code` codes a document each time it is read (crawl.warc and
    // crawl.warc.gz hold the same pages); the store keeps it once
    let mut seen_docs = std::collections::HashSet::new();
    let mut last_doc = String::new();
    let mut skip = false;
    let mut want = Vec::new();
    for line in stdout(&coded).lines() {
        let c: serde_json::Map<String, Value> = serde_json::from_str(line).expect("JSON line");
        let doc = c["doc_id"].as_str().unwrap().to_string();
        if doc != last_doc {
            skip = !seen_docs.insert(doc.clone());
            last_doc = doc;
        }
        if !skip {
            want.push((c, line.to_string()));
        }
    }
    let documents: std::collections::HashMap<i64, Value> =
        jsonl_values(&export(&db, "documents", "jsonl"))
            .into_iter()
            .map(|d| (d["document"].as_i64().unwrap(), d))
            .collect();
    let events = export(&db, "events", "jsonl");
    let got: Vec<&str> = events.lines().collect();
    assert!(want.len() > 40, "{} events coded", want.len());
    assert_eq!(got.len(), want.len());
    let raw = |line: &str, key: &str| -> String {
        #[derive(serde::Deserialize)]
        struct Raw<'a> {
            #[serde(borrow)]
            evidence: &'a serde_json::value::RawValue,
            #[serde(borrow)]
            issues: &'a serde_json::value::RawValue,
        }
        let r: Raw<'_> = serde_json::from_str(line).expect("JSON line");
        match key {
            "evidence" => r.evidence.get().to_string(),
            _ => r.issues.get().to_string(),
        }
    };
    for ((c, code_line), export_line) in want.iter().zip(&got) {
        let e: Value = serde_json::from_str(export_line).unwrap();
        let doc = &documents[&e["document"].as_i64().unwrap()];
        let context = format!("{}\n{export_line}", code_line);
        for key in [
            "doc_id",
            "date",
            "date_precision",
            "date_evidence",
            "source",
            "target",
            "code",
            "root_code",
            "quad_class",
            "goldstein",
            "char_start",
            "char_end",
        ] {
            assert_eq!(c[key], e[key], "{key}: {context}");
        }
        assert_eq!(
            c["sentence_id"],
            e["sentence_index"].to_string(),
            "{context}"
        );
        assert_eq!(c["doc_url"], e["url"], "{context}");
        assert_eq!(c["doc_date"], doc["doc_date"], "{context}");
        assert_eq!(c["doc_title"], doc["title"], "{context}");
        for part in ["category", "mode", "context"] {
            let want = c["plover"].get(part).cloned().unwrap_or(Value::Null);
            assert_eq!(
                want,
                e[format!("plover_{part}")],
                "plover {part}: {context}"
            );
        }
        for (key, column) in [
            ("name", "location_name"),
            ("country", "location_country"),
            ("country_iso2", "location_country_iso2"),
            ("admin1", "location_admin1"),
            ("admin1_code", "location_admin1_code"),
            ("lat", "lat"),
            ("lon", "lon"),
            ("precision", "location_precision"),
        ] {
            let want = c["location"].get(key).cloned().unwrap_or(Value::Null);
            assert_eq!(want, e[column], "location {key}: {context}");
        }
        // evidence and issues: the same JSON text, keys in the same order
        for key in ["evidence", "issues"] {
            assert_eq!(
                raw(code_line, key),
                raw(export_line, key),
                "{key}: {context}"
            );
        }
        let text = doc["text"].as_str().unwrap();
        let (a, b) = (
            e["char_start"].as_u64().unwrap(),
            e["char_end"].as_u64().unwrap(),
        );
        assert_eq!(
            chars(text, a as usize, b as usize),
            c["sentence"].as_str().unwrap(),
            "{context}"
        );
    }
    // the seed article is one document with events
    if let Some(seed) = paths
        .iter()
        .find(|p| p.ends_with("kazakhstan-new-course-2022-06-20.txt"))
    {
        let name = s(seed);
        let stored: Vec<&Value> = documents.values().filter(|d| d["name"] == name).collect();
        assert_eq!(stored.len(), 1, "the seed article is stored");
        let events = stored[0]["events"].as_u64().unwrap();
        assert!(events >= 5, "{events} events from the seed article");
    }
}

/// An export while an ingest is storing documents reads one snapshot:
/// every event has its cluster, and every cluster's first event is there.
#[test]
fn exports_during_an_ingest_are_consistent() {
    let dir = TempDir::new();
    let mut lines = String::new();
    let countries = ["France", "Germany", "Russia", "China", "Japan", "India"];
    for i in 0..2_000 {
        let (a, b) = (countries[i % 6], countries[(i / 6) % 6]);
        let line = serde_json::json!({
            "id": format!("n-{i}"),
            "date": format!("2022-06-{:02}", 1 + i % 5),
            "text": format!("{a} criticized {b}. Talks in round {i} ended. {b} met with {a}."),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let input = dir.write("news.jsonl", lines.as_bytes());
    let db = dir.path("busy.db");
    // the database exists before the ingest starts
    drop(Store::open(&db).unwrap());
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["ingest", "--db", s(&db), s(&input)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run faultline");
    let mut exports = 0;
    let mut partial = 0;
    loop {
        let done = ingest.try_wait().expect("poll ingest").is_some();
        let events = jsonl_values(&export(&db, "events", "jsonl"));
        let ids: std::collections::HashSet<i64> = events
            .iter()
            .map(|e| e["event_id"].as_i64().unwrap())
            .collect();
        for e in &events {
            let cluster = e["cluster_id"].as_i64();
            assert!(
                cluster.is_some_and(|c| ids.contains(&c)),
                "export {exports}: {e}"
            );
        }
        exports += 1;
        if !done && !events.is_empty() {
            partial += 1;
        }
        if done {
            break;
        }
    }
    assert!(ingest.wait().expect("ingest").success());
    eprintln!("{exports} exports, {partial} during the ingest");
    assert!(partial > 0, "no export ran while documents were stored");
}
