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
        "GET /api/events",
        "GET /api/events/{id}",
        "GET /api/openapi.json",
        "POST /api/documents",
    ];
    assert_eq!(documented, served);
    // and each is there
    for route in served {
        let (method, path) = route.split_once(' ').unwrap();
        let r = request(addr, method, &path.replace("{id}", "1"), &[], b"");
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
