//! The API against a real server on a free port of the loopback: every
//! endpoint, bad parameters, auth on writes, the body limit (the time
//! limit is tested in `lib.rs`),
//! static files and pagination. Requests are written by hand on a TCP
//! socket, so what is tested is what goes over the wire.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use faultline_core::Date;
use faultline_server::{Config, Server};
use faultline_store::{
    content_hash, Evidence, Location, NewDocument, NewEvent, NewSentence, Origin, Plover, Store,
};
use serde_json::Value;

/// Documents in the test store; each has two sentences and two events.
const DOCUMENTS: usize = 125;

/// A store in a folder of its own: document k is dated 2022-(k % 12 + 1)-10;
/// its first sentence codes KAZ→RUS (consult, 04), its second RUSGOV→CHN
/// (protest, 14) or, every fifth document, USA→KAZ at month precision.
fn make_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-api-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("store.db");
    let mut store = Store::open(&path).unwrap();
    let mut writer = store.writer().unwrap();
    for k in 0..DOCUMENTS {
        let month = u32::try_from(k % 12 + 1).unwrap();
        let day = Date::from_ymd(2022, month, 10).unwrap();
        let first = format!("Kazakhstan's minister consulted Moscow on pipeline {k}.");
        let second = if k % 5 == 0 {
            "Washington praised Astana.".to_string()
        } else {
            "Beijing protested against the Russian government.".to_string()
        };
        let text = format!("{first} {second}");
        let start = first.chars().count() + 1;
        let id = format!("doc-{k}");
        let url = format!("https://news.example/{k}");
        let doc = NewDocument {
            content_hash: content_hash(id.as_bytes()),
            name: "test",
            doc_id: &id,
            title: Some("Caspian news"),
            url: Some(&url),
            source: Some("Example Wire"),
            doc_date: day,
            date_source: "document",
            text: &text,
        };
        let sentences = [
            NewSentence {
                index: 0,
                char_start: 0,
                char_end: first.chars().count(),
                issues: vec![],
            },
            NewSentence {
                index: 1,
                char_start: start,
                char_end: text.chars().count(),
                issues: vec![("PIPELINE".into(), 1)],
            },
        ];
        let origin = |line| Origin {
            file: "verbs.txt".into(),
            line,
        };
        let mut consult =
            Evidence::new("Kazakhstan 's minister", "Moscow", "consulted", origin(10));
        consult.source_actor = Some(Origin {
            file: "actors.txt".into(),
            line: 4,
        });
        let (source, target, code, verb, phrases, date) = if k % 5 == 0 {
            let month = Date::from_ym(2022, month).unwrap();
            (
                "USA",
                "KAZ",
                "051",
                "praised",
                ("Washington", "Astana"),
                month,
            )
        } else {
            let p = ("Beijing", "the Russian government");
            ("CHN", "RUSGOV", "140", "protested", p, day)
        };
        let second_event = NewEvent {
            sentence_index: 1,
            source: source.into(),
            target: target.into(),
            code: code.into(),
            root_code: Some(code[..2].into()),
            quad_class: Some(if code == "140" { 4 } else { 1 }),
            goldstein: Some(if code == "140" { -6.5 } else { 3.4 }),
            plover: (code == "140").then(|| Plover {
                category: "PROTEST".into(),
                mode: "demonstrate".into(),
                context: String::new(),
            }),
            date,
            date_evidence: "publication date".into(),
            evidence: Evidence::new(phrases.0, phrases.1, verb, origin(20)),
            location: None,
        };
        let first_event = NewEvent {
            sentence_index: 0,
            source: "KAZ".into(),
            target: "RUS".into(),
            code: "040".into(),
            root_code: Some("04".into()),
            quad_class: Some(1),
            goldstein: Some(1.0),
            plover: Some(Plover {
                category: "CONSULT".into(),
                mode: String::new(),
                context: String::new(),
            }),
            date: day,
            date_evidence: "publication date".into(),
            evidence: consult,
            location: Some(Location {
                name: "Astana".into(),
                country: "KAZ".into(),
                country_iso2: "KZ".into(),
                lat: Some(51.18),
                lon: Some(71.45),
                precision: Some("city".into()),
                ..Location::default()
            }),
        };
        writer
            .insert(&doc, &sentences, &[first_event, second_event])
            .unwrap();
    }
    writer.commit().unwrap();
    path
}

/// Starts a server on a free port; it runs until the tests end.
fn start(config: Config) -> SocketAddr {
    let server = Server::open(config).unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        server.run(move |addr| tx.send(addr).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(60)).unwrap()
}

fn config(db: PathBuf) -> Config {
    Config::new(db, "127.0.0.1:0".parse().unwrap())
}

/// A read-only server over a store of its own.
fn read_only(name: &str) -> SocketAddr {
    start(config(make_store(name)))
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The parameter a 400 names.
    fn parameter(&self) -> String {
        assert_eq!(self.status, 400, "{}", self.text());
        self.json()["parameter"].as_str().unwrap().to_string()
    }
}

/// One HTTP/1.1 request, written as given (no path normalisation).
fn request(addr: SocketAddr, method: &str, target: &str, headers: &[&str], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for h in headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    // the server may answer (413) before reading all of a large body
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {}", String::from_utf8_lossy(&raw)));
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers[9..12].parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[line + 2..line + 2 + size]);
        raw = &raw[line + 4 + size..];
    }
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, &[], b"")
}

/// Every event id the filter `query` gives, following next_cursor.
fn all_pages(addr: SocketAddr, query: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = get(addr, &format!("/api/events?{query}{cursor}"));
        assert_eq!(r.status, 200, "{}", r.text());
        let page = r.json();
        ids.extend(
            page["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return ids,
        }
    }
}

#[test]
fn events_page_through_every_match_once() {
    let addr = read_only("pages");
    let all = all_pages(addr, "limit=1000");
    assert_eq!(all.len(), 2 * DOCUMENTS);
    for limit in [1, 7, 100, 249, 250] {
        assert_eq!(
            all_pages(addr, &format!("limit={limit}")),
            all,
            "limit {limit}"
        );
    }
    // date order: January's month-only event first, then January 10th
    let first = get(addr, "/api/events?limit=3").json();
    let dates: Vec<&str> = first["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2022-01", "2022-01", "2022-01"]);
    let unique: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len());
    // a filtered walk is as complete
    let kaz = all_pages(addr, "actor=KAZ&limit=9");
    assert_eq!(kaz.len(), DOCUMENTS + DOCUMENTS / 5);
}

#[test]
fn events_filter_and_search() {
    let addr = read_only("filters");
    let count = |q: &str| all_pages(addr, q).len();
    let n = DOCUMENTS;
    let usa = n / 5;
    let cases = [
        ("actor=KAZ", n + usa),
        ("actor=rus", n),
        ("actor=RUS*", n + (n - usa)),
        ("source=KAZ", n),
        ("target=RUSGOV", n - usa),
        ("target=RUS*", n + n - usa),
        ("root=14", n - usa),
        ("plover=protest", n - usa),
        ("plover=CONSULT&source=KAZ", n),
        // March: documents 2, 14, …, 122: 11 of them
        ("from=2022-03&to=2022-03", 22),
        ("from=2022-03-10&to=2022-03-10", 11 * 2 - 2),
        ("from=2022-12", 2 * 10),
        ("to=2022", 2 * n),
        ("from=2023", 0),
        ("q=pipeline", n),
        ("q=PIPELINE%2042", 1),
        ("q=protested%20government&root=14", n - usa),
        ("q=%22Russian%20government%22", n - usa),
        ("q=%22government%20Russian%22", 0),
        ("q=pipe*&actor=USA", 0),
        ("q=prais*", usa),
        ("q=---", 0),
        ("q=", 0),
    ];
    for (query, want) in cases {
        assert_eq!(count(query), want, "{query}");
    }
    let page = get(addr, "/api/events?source=USA&limit=1").json();
    let e = &page["events"][0];
    assert_eq!(e["date_precision"], "month");
    assert_eq!(e["sentence"], "Washington praised Astana.");
    assert_eq!(e["document"]["url"], "https://news.example/0");
    assert_eq!(e["goldstein"], 3.4);
    assert!(page["next_cursor"].is_string());
    let kaz = get(addr, "/api/events?source=KAZ&limit=1").json();
    assert_eq!(kaz["events"][0]["location"]["country"], "KAZ");
    assert_eq!(kaz["events"][0]["plover"]["category"], "CONSULT");
}

#[test]
fn bad_parameters_are_named() {
    let addr = read_only("bad");
    let cases = [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=", "limit"),
        ("/api/events?actor=", "actor"),
        ("/api/events?root=", "root"),
        ("/api/events?limit=1001", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?from=2022-13", "from"),
        ("/api/events?to=June", "to"),
        ("/api/events?from=2023-02-29", "from"),
        ("/api/events?actor=R%20S", "actor"),
        ("/api/events?source=RUS**", "source"),
        ("/api/events?target=%3Bdrop", "target"),
        ("/api/events?root=141", "root"),
        ("/api/events?plover=PRO-TEST", "plover"),
        ("/api/events?cursor=abc", "cursor"),
        ("/api/events?colour=red", "colour"),
        ("/api/events?limit=1&limit=2", "limit"),
        ("/api/events/abc", "id"),
        ("/api/events/0", "id"),
        ("/api/events/1?x=1", "x"),
    ];
    for (target, parameter) in cases {
        let r = get(addr, target);
        assert_eq!(r.parameter(), parameter, "{target}");
        assert!(r.headers.contains("application/json"), "{target}");
        assert!(!r.json()["error"].as_str().unwrap().is_empty());
    }
    let r = get(addr, "/api/nothing");
    assert_eq!((r.status, r.json()["error"].is_string()), (404, true));
}

#[test]
fn an_event_explains_itself() {
    let addr = read_only("detail");
    let e = get(addr, "/api/events/1").json();
    assert_eq!(e["id"], 1);
    assert_eq!(
        e["sentence"],
        "Kazakhstan's minister consulted Moscow on pipeline 0."
    );
    let span = |role: &str| {
        let s = &e["spans"][role];
        (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap())
    };
    assert_eq!(span("source"), (0, 21));
    assert_eq!(span("verb"), (22, 31));
    assert_eq!(span("target"), (32, 38));
    assert_eq!(e["date_evidence"], "publication date");
    assert_eq!(e["document"]["title"], "Caspian news");
    assert_eq!(e["document"]["url"], "https://news.example/0");
    assert_eq!(e["document"]["outlet"], "Example Wire");
    let lines: Vec<(String, String, u64)> = e["dictionary_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["role"].as_str().unwrap().into(),
                l["file"].as_str().unwrap().into(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("verb".into(), "verbs.txt".into(), 10),
            ("source_actor".into(), "actors.txt".into(), 4)
        ]
    );
    let second = get(addr, "/api/events/2").json();
    assert_eq!(second["char_start"], 54);
    assert_eq!(second["issues"][0]["code"], "PIPELINE");
    let r = get(addr, &format!("/api/events/{}", 2 * DOCUMENTS + 1));
    assert_eq!(r.status, 404);
    assert!(r.json()["error"].as_str().unwrap().contains("no event"));
}

#[test]
fn openapi_names_exactly_the_routes_served() {
    let addr = read_only("openapi");
    let r = get(addr, "/api/openapi.json");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("application/json"));
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    documented.sort();
    let served = [
        "GET /",
        "GET /api/alignment",
        "GET /api/changes",
        "GET /api/countries/{code}",
        "GET /api/dyads/{a}/{b}/series",
        "GET /api/events",
        "GET /api/events/{id}",
        "GET /api/meta",
        "GET /api/openapi.json",
        "POST /api/documents",
    ];
    assert_eq!(documented, served);
    // and each is there
    for route in served {
        let (method, path) = route.split_once(' ').unwrap();
        let path = path
            .replace("{id}", "1")
            .replace("{code}", "KAZ")
            .replace("{a}", "KAZ")
            .replace("{b}", "RUS");
        let r = request(addr, method, &path, &[], b"");
        assert_ne!(r.status, 404, "{route}");
        assert_ne!(r.status, 405, "{route}");
    }
}

#[test]
fn writes_need_the_token() {
    let read_only = read_only("readonly");
    let doc = br#"{"id": "kz-1", "date": "2022-06-20", "text": "Kazakhstan refused to help Russia evade sanctions."}"#;
    let r = request(
        read_only,
        "POST",
        "/api/documents",
        &["Authorization: Bearer x"],
        doc,
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("--token"));

    let mut c = config(make_store("writes"));
    c.token = Some("s3cret".into());
    let addr = start(c);
    let post =
        |headers: &[&str], body: &[u8]| request(addr, "POST", "/api/documents", headers, body);
    let r = post(&[], doc);
    assert_eq!(r.status, 401);
    assert!(r
        .headers
        .to_ascii_lowercase()
        .contains("www-authenticate: bearer"));
    assert_eq!(post(&["Authorization: Bearer s3creT"], doc).status, 401);
    assert_eq!(post(&["Authorization: Basic s3cret"], doc).status, 401);
    let auth = [
        "Authorization: Bearer s3cret",
        "Content-Type: application/json",
    ];
    let before = get(addr, "/api/meta").json()["events"].as_u64().unwrap();
    let r = post(&auth, doc);
    assert_eq!(r.status, 201, "{}", r.text());
    let stored = r.json();
    assert_eq!(stored["stored"], true);
    let ids = stored["event_ids"].as_array().unwrap();
    assert!(!ids.is_empty(), "{stored}");
    let event = get(addr, &format!("/api/events/{}", ids[0])).json();
    assert_eq!(
        (event["source"].as_str(), event["target"].as_str()),
        (Some("KAZ"), Some("RUS"))
    );
    assert_eq!(event["document"]["doc_id"], "kz-1");
    // searchable at once, and stored once
    assert_eq!(all_pages(addr, "q=evade%20sanctions").len(), ids.len());
    // the analysis catches up in the background
    let counted = || get(addr, "/api/meta").json()["events"].as_u64().unwrap();
    let waited = std::time::Instant::now();
    while counted() < before + ids.len() as u64 {
        assert!(
            waited.elapsed().as_secs() < 30,
            "the analysis never caught up"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let again = post(&auth, doc);
    assert_eq!(
        (again.status, again.json()["stored"].as_bool()),
        (200, Some(false))
    );
    // bad bodies name the field
    let no_date = br#"{"id": "x", "text": "Russia met China."}"#;
    assert_eq!(post(&auth, no_date).parameter(), "date");
    assert_eq!(
        post(&auth, br#"{"date": "2022-06-20"}"#).parameter(),
        "text"
    );
    assert_eq!(post(&auth, b"not json").parameter(), "body");
    assert_eq!(post(&auth, &[0xff, 0xfe]).parameter(), "body");
}

#[test]
fn bodies_are_limited() {
    let mut c = config(make_store("limits"));
    c.token = Some("t".into());
    c.body_limit = 1000;
    let addr = start(c);
    let text = "Kazakhstan met Russia. ".repeat(100);
    let big = format!(r#"{{"id": "big", "date": "2022-06-20", "text": "{text}"}}"#);
    let r = request(
        addr,
        "POST",
        "/api/documents",
        &["Authorization: Bearer t"],
        big.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("1000 bytes"));
}

#[test]
fn static_files_stay_inside_the_ui() {
    let addr = read_only("static");
    let index = get(addr, "/");
    assert_eq!(index.status, 200);
    assert!(index.headers.contains("text/html"));
    assert!(index.text().contains("/api/openapi.json"));
    assert_eq!(get(addr, "/index.html").body, index.body);
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2e%2e%2fCargo.toml",
        "/..%5cCargo.toml",
        "/./index.html",
        "//etc/passwd",
        "/ui/../../Cargo.toml",
        "/src/lib.rs",
        "/openapi.json",
        "/index.html%00.txt",
    ] {
        let r = get(addr, target);
        assert_eq!(r.status, 404, "{target}");
        let text = r.text();
        assert!(
            !text.contains("[package]") && !text.contains("root:"),
            "{target}"
        );
    }
}

/// Sums a series' points between two periods (labels compare as text).
fn net_between(series: &Value, from: &str, to: &str) -> i64 {
    series["points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            let period = p["period"].as_str().unwrap();
            period >= from && period <= to
        })
        .map(|p| p["net_cooperation"].as_i64().unwrap())
        .sum()
}

/// The source and target of each event `ids` names, through `ids=`.
fn dyads_of(addr: SocketAddr, ids: &[Value]) -> Vec<(String, String)> {
    let list: Vec<String> = ids
        .iter()
        .map(|v| v.as_i64().unwrap().to_string())
        .collect();
    let page = get(addr, &format!("/api/events?ids={}", list.join(","))).json();
    let events = page["events"].as_array().unwrap();
    assert_eq!(events.len(), ids.len());
    events
        .iter()
        .map(|e| {
            let code = |k: &str| e[k].as_str().unwrap()[..3].to_string();
            (code("source"), code("target"))
        })
        .collect()
}

#[test]
fn analysis_of_coded_news() {
    // an empty store; the documents come through the API and are coded
    // with the built-in dictionaries
    let dir = std::env::temp_dir().join(format!("faultline-api-{}-news", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("store.db");
    drop(Store::open(&db).unwrap());
    let mut c = config(db);
    c.token = Some("t".into());
    let addr = start(c);
    let meta = get(addr, "/api/meta").json();
    assert_eq!(
        (meta["events"].as_u64(), meta["from"].is_null()),
        (Some(0), true)
    );
    assert_eq!(meta["months"], Value::Array(vec![]));
    assert_eq!(get(addr, "/api/alignment").parameter(), "month");
    let news = [
        (
            "2022-01-07",
            "Kazakhstan thanked Russia for its support. Russia sent troops to Kazakhstan.",
        ),
        (
            "2022-02-10",
            "Kazakhstan signed an agreement with Russia on oil exports. Russia praised Kazakhstan.",
        ),
        (
            "2022-03-15",
            "Kazakhstan met with Russia in Moscow. China praised Kazakhstan.",
        ),
        (
            "2022-06-17",
            "Kazakhstan refused to recognize the Donetsk republic. Russia criticized Kazakhstan.",
        ),
        (
            "2022-07-06",
            "Russia halted oil exports from Kazakhstan. Kazakhstan accused Russia of pressure.",
        ),
        (
            "2022-09-20",
            "Kazakhstan rejected the demands of Russia. The United States praised Kazakhstan.",
        ),
    ];
    for (k, (date, text)) in news.iter().enumerate() {
        let body = serde_json::json!({"id": format!("kz-{k}"), "date": date, "text": text});
        let r = request(
            addr,
            "POST",
            "/api/documents",
            &["Authorization: Bearer t"],
            body.to_string().as_bytes(),
        );
        assert_eq!(r.status, 201, "{}", r.text());
    }
    // the analysis takes in what was posted when its rebuild in the
    // background is done
    let waited = std::time::Instant::now();
    let meta = loop {
        let meta = get(addr, "/api/meta").json();
        if meta["documents"] == 6 {
            break meta;
        }
        assert!(
            waited.elapsed().as_secs() < 30,
            "the analysis never caught up: {meta}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(meta["events"].as_u64().unwrap() >= 8, "{meta}");
    assert_eq!(meta["from"], "2022-01-07");
    assert_eq!(meta["to"], "2022-09-20");
    let months: Vec<&str> = meta["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(months.len(), 9);
    assert_eq!((months[0], months[8]), ("2022-01", "2022-09"));
    let poles: Vec<&str> = meta["poles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(poles, ["WEST", "RUS", "CHN"]);

    // the KAZ-RUS series: cooperation before June, conflict after
    let series = get(addr, "/api/dyads/KAZ/RUS/series").json();
    assert_eq!(
        (series["a"].as_str(), series["b"].as_str()),
        (Some("KAZ"), Some("RUS"))
    );
    assert_eq!(
        (series["interval"].as_str(), series["directed"].as_bool()),
        (Some("month"), Some(false))
    );
    let points = series["points"].as_array().unwrap();
    assert_eq!(points[0]["period"], "2022-01");
    let mut ids = Vec::new();
    for p in points {
        let quad: u64 = p["quad"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q.as_u64().unwrap())
            .sum();
        assert_eq!(p["count"].as_u64().unwrap(), quad, "{p}");
        assert_eq!(p["event_ids"].as_array().unwrap().len() as u64, quad);
        ids.extend(p["event_ids"].as_array().unwrap().iter().cloned());
    }
    assert!(ids.len() >= 5, "{series}");
    for dyad in dyads_of(addr, &ids) {
        assert!(
            dyad == ("KAZ".into(), "RUS".into()) || dyad == ("RUS".into(), "KAZ".into()),
            "{dyad:?}"
        );
    }
    assert!(net_between(&series, "2022-01", "2022-05") > 0, "{series}");
    assert!(net_between(&series, "2022-06", "2022-12") < 0, "{series}");
    // directed: Kazakhstan's acts only; a week series; a range
    let directed = get(
        addr,
        "/api/dyads/kazgov/rus/series?directed=true&interval=week",
    )
    .json();
    let ids: Vec<Value> = directed["points"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["event_ids"].as_array().unwrap().clone())
        .collect();
    assert!(!ids.is_empty());
    assert!(dyads_of(addr, &ids).iter().all(|d| d.0 == "KAZ"));
    assert!(directed["points"][0]["period"]
        .as_str()
        .unwrap()
        .starts_with("2022-W"));
    let june = get(addr, "/api/dyads/KAZ/RUS/series?from=2022-06&to=2022-06").json();
    assert_eq!(june["points"].as_array().unwrap().len(), 1);
    let none = get(addr, "/api/dyads/KAZ/RUS/series?from=2023-01&to=2023-06").json();
    assert_eq!(none["points"], Value::Array(vec![]));

    // alignment toward Russia: Kazakhstan scored, and lower after June
    let score = |month: &str| {
        let map = get(addr, &format!("/api/alignment?month={month}&pole=RUS")).json();
        assert_eq!(
            (map["month"].as_str(), map["pole"].as_str()),
            (Some(month), Some("RUS"))
        );
        let kaz = map["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["country"] == "KAZ")
            .cloned();
        let kaz = kaz.unwrap_or_else(|| panic!("no KAZ in {map}"));
        assert!(kaz["events"].as_u64().unwrap() > 0);
        kaz["score"].as_f64().unwrap()
    };
    let (march, september) = (score("2022-03"), score("2022-09"));
    assert!(march > 0.0 && september < march, "{march} {september}");
    let west = get(addr, "/api/alignment?pole=west").json();
    assert_eq!(
        (west["month"].as_str(), west["pole"].as_str()),
        (Some("2022-09"), Some("WEST"))
    );

    // the country page
    let kaz = get(addr, "/api/countries/kaz").json();
    assert_eq!(kaz["country"], "KAZ");
    let partners = kaz["partners"].as_array().unwrap();
    assert_eq!(partners[0]["country"], "RUS", "{kaz}");
    assert!(partners[0]["events"].as_u64().unwrap() >= 5);
    let total: u64 = partners.iter().map(|p| p["events"].as_u64().unwrap()).sum();
    assert!(kaz["events"].as_u64().unwrap() >= total);
    assert!(kaz["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["a"] == "KAZ" && d["b"] == "RUS"));
    let history = kaz["alignment"].as_array().unwrap();
    assert_eq!(history.len(), 3 * 9);
    let toward_rus: Vec<&Value> = history.iter().filter(|h| h["pole"] == "RUS").collect();
    assert_eq!(toward_rus[2]["month"], "2022-03");
    assert!((toward_rus[2]["score"].as_f64().unwrap() - march).abs() < 1e-9);
    let nobody = get(addr, "/api/countries/NRU").json();
    assert_eq!(
        (
            nobody["events"].as_u64(),
            nobody["partners"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );

    // changes answer in their shape (six documents hold too few events
    // for a change; see changes_come_with_their_events)
    let changes = get(addr, "/api/changes?country=KAZ").json();
    assert!(changes["changes"].is_array());
}

#[test]
fn analysis_of_the_test_store() {
    let addr = read_only("analysis");
    let meta = get(addr, "/api/meta").json();
    assert_eq!(
        (meta["events"].as_u64(), meta["documents"].as_u64()),
        (Some(250), Some(125))
    );
    // January's month-only event is the first
    assert_eq!(
        (meta["from"].as_str(), meta["to"].as_str()),
        (Some("2022-01"), Some("2022-12-10"))
    );
    assert_eq!(meta["months"].as_array().unwrap().len(), 12);
    // a document a month from January: 11 in January to May, 10 after
    let series = get(addr, "/api/dyads/KAZ/RUS/series").json();
    let points = series["points"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    for (m, p) in points.iter().enumerate() {
        let n = if m < 5 { 11 } else { 10 };
        assert_eq!(p["period"], format!("2022-{:02}", m + 1));
        assert_eq!(p["count"], n);
        assert_eq!(p["quad"], serde_json::json!([n, 0, 0, 0]));
        assert_eq!(p["goldstein_sum"].as_f64(), Some(f64::from(n)));
        assert_eq!(p["goldstein_mean"].as_f64(), Some(1.0));
        assert_eq!(p["net_cooperation"], n);
    }
    let capped = get(addr, "/api/dyads/KAZ/RUS/series?max_ids=2").json();
    assert_eq!(
        capped["points"][0]["event_ids"].as_array().unwrap().len(),
        2
    );
    assert_eq!(capped["points"][0]["count"], 11);
    let back = get(addr, "/api/dyads/RUS/KAZ/series?directed=true").json();
    assert!(back["points"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["count"] == 0));
    // the Russian government is Russia; protests are Q4: February holds
    // documents 1, 13, …, 121, of which 25 and 85 are not protests
    let protests = get(addr, "/api/dyads/CHN/RUS/series?from=2022-02&to=2022-02").json();
    assert_eq!(
        protests["points"][0]["quad"],
        serde_json::json!([0, 0, 0, 9])
    );
    // the pole of the West holds the USA
    let west = get(addr, "/api/dyads/KAZ/WEST/series").json();
    let counted: i64 = west["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_i64().unwrap())
        .sum();
    assert_eq!(counted, 25);

    let kaz = get(addr, "/api/countries/KAZGOV").json();
    assert_eq!(kaz["country"], "KAZ");
    assert_eq!(kaz["events"], 150);
    let partners: Vec<(String, u64, u64, u64)> = kaz["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["country"].as_str().unwrap().into(),
                p["events"].as_u64().unwrap(),
                p["sent"].as_u64().unwrap(),
                p["received"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        partners,
        [("RUS".into(), 125, 125, 0), ("USA".into(), 25, 0, 25)]
    );
    assert_eq!(kaz["partners"][0]["net_cooperation"], 125);

    let map = get(addr, "/api/alignment?month=2022-12&pole=RUS").json();
    let score = |c: &str| {
        map["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["country"] == c)
            .map(|x| x["score"].as_f64().unwrap())
    };
    assert!(score("KAZ").unwrap() > 0.0, "{map}");
    assert!(score("CHN").unwrap() < 0.0, "{map}");
    assert_eq!(score("RUS"), None);

    // ids: in date order, unknown ones left out
    let listed = |q: &str| -> Vec<i64> {
        let page = get(addr, &format!("/api/events?ids={q}")).json();
        page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(listed("3,1,2,99999"), [2, 1, 3]);
    assert_eq!(listed("1,2,3&source=KAZ"), [1, 3]);
    let all: Vec<String> = (1..=250).map(|i| i.to_string()).collect();
    assert_eq!(listed(&all.join(",")).len(), 250);

    let changes = get(addr, "/api/changes?country=KAZ&from=2022-06&to=2022-01").json();
    assert_eq!(changes["changes"], Value::Array(vec![]));

    let too_many: Vec<String> = (1..=1001).map(|i| i.to_string()).collect();
    let too_many = format!("/api/events?ids={}", too_many.join(","));
    let cases = [
        (too_many.as_str(), "ids"),
        ("/api/events?ids=", "ids"),
        ("/api/events?ids=0", "ids"),
        ("/api/events?ids=1,,2", "ids"),
        ("/api/events?ids=1;2", "ids"),
        ("/api/dyads/---/RUS/series", "a"),
        ("/api/dyads/KAZ/R%20S/series", "b"),
        ("/api/dyads/KAZ/RUS/series?interval=year", "interval"),
        ("/api/dyads/KAZ/RUS/series?directed=yes", "directed"),
        ("/api/dyads/KAZ/RUS/series?from=2022-13", "from"),
        ("/api/dyads/KAZ/RUS/series?to=", "to"),
        ("/api/dyads/KAZ/RUS/series?max_ids=-1", "max_ids"),
        ("/api/dyads/KAZ/RUS/series?colour=red", "colour"),
        ("/api/alignment?month=2022-6", "month"),
        ("/api/alignment?month=2022-06-01", "month"),
        ("/api/alignment?month=2022-13", "month"),
        ("/api/alignment?pole=USA", "pole"),
        ("/api/alignment?pole=", "pole"),
        ("/api/changes?country=---", "country"),
        ("/api/changes?from=June", "from"),
        ("/api/changes?to=2022-02-30", "to"),
        ("/api/countries/---", "code"),
        ("/api/countries/KAZ?x=1", "x"),
        ("/api/meta?x=1", "x"),
    ];
    for (target, parameter) in cases {
        let r = get(addr, target);
        assert_eq!(r.parameter(), parameter, "{target}");
        assert!(r.headers.contains("application/json"), "{target}");
    }
}
