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
    // `open_existing` leaves it alone
    let empty = dir.write("empty.db", b"");
    assert!(matches!(
        Store::open_existing(&empty),
        Err(faultline_store::StoreError::NotAStore)
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
    dir.write("in/c/bad.txt", b"France \xff criticized Germany.");
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
    assert!(err.contains("bad.txt:1: not valid UTF-8"), "{err}");
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
