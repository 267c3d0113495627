use std::collections::BTreeMap;

use super::*;
use crate::cluster::Member;
use crate::read::PAGE;

fn doc<'a>(id: &'a str, text: &'a str) -> NewDocument<'a> {
    NewDocument {
        content_hash: content_hash(format!("{id}\0{text}").as_bytes()),
        name: "test",
        doc_id: id,
        title: None,
        url: None,
        source: None,
        doc_date: Date::parse("2022-06-19").unwrap(),
        date_source: "document",
        text,
    }
}

fn sentence(index: u32, start: usize, end: usize) -> NewSentence {
    NewSentence {
        index,
        char_start: start,
        char_end: end,
        issues: Vec::new(),
    }
}

fn origin(file: &str, line: u32) -> Origin {
    Origin {
        file: file.into(),
        line,
    }
}

fn event(sentence: u32) -> NewEvent {
    NewEvent {
        sentence_index: sentence,
        source: "FRA".into(),
        target: "DEU".into(),
        code: "111".into(),
        root_code: Some("11".into()),
        quad_class: Some(3),
        goldstein: Some(-2.0),
        plover: Some(Plover {
            category: "ACCUSE".into(),
            mode: "disapprove".into(),
            context: String::new(),
        }),
        date: Date::parse("2022-06-19").unwrap(),
        date_evidence: "publication date".into(),
        evidence: Evidence::new("France", "Germany", "criticized", origin("verbs.txt", 7)),
        location: None,
    }
}

fn all_events(store: &Store) -> Vec<StoredEvent> {
    store
        .snapshot()
        .unwrap()
        .events()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn invalid_documents_write_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    // 10 characters, 11 bytes
    let text = "Zürich. B.";
    let s0 = sentence(0, 0, 7);
    let cases: [(&str, Vec<NewSentence>, Vec<NewEvent>); 4] = [
        ("ends before it starts", vec![sentence(0, 5, 3)], vec![]),
        ("past the end", vec![sentence(0, 0, 11)], vec![]),
        ("unknown sentence", vec![s0.clone()], vec![event(1)]),
        ("sentence twice", vec![s0.clone(), s0], vec![]),
    ];
    for (name, sentences, events) in cases {
        let got = store.insert(&doc("A", text), &sentences, &events);
        assert!(
            matches!(got, Err(StoreError::Invalid(_))),
            "{name}: {got:?}"
        );
    }
    assert_eq!(store.counts().unwrap(), Counts::default());
}

/// Offsets count characters: ranges that are not byte boundaries, or lie
/// past the text's length in characters but not in bytes, are as stored.
#[test]
fn offsets_are_characters() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "“Zürich” — a city. 東京 met 😀‍👍. Done.";
    let chars: Vec<char> = text.chars().collect();
    let sentences = [
        sentence(0, 0, 18),
        sentence(1, 19, 30),
        sentence(2, 31, chars.len()),
    ];
    assert!(
        !text.is_char_boundary(30),
        "as a byte offset, 30 is inside 京"
    );
    store
        .insert(&doc("A", text), &sentences, &[event(1)])
        .unwrap();
    let snapshot = store.snapshot().unwrap();
    let d = snapshot.documents().next().unwrap().unwrap();
    let stored = snapshot.sentences(d.id).unwrap();
    let got: Vec<String> = stored
        .iter()
        .map(|s| chars[s.char_start..s.char_end].iter().collect())
        .collect();
    assert_eq!(got, ["“Zürich” — a city.", "東京 met 😀‍👍.", "Done."]);
    let e = snapshot.events().next().unwrap().unwrap();
    assert_eq!((e.char_start, e.char_end), (19, 30));
}

#[test]
fn round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let text = "France criticized Germany in Paris. Rain.";
    let mut s0 = sentence(0, 0, 35);
    s0.issues = vec![("ELECTIONS".into(), 2), ("PEACE".into(), 1)];
    let sentences = [s0, sentence(1, 36, 41)];
    let mut e = event(0);
    e.evidence = Evidence {
        verb_family: "ACCUSE".into(),
        pattern: Some(origin("verbs.txt", 9)),
        source_actor: Some(origin("actors.txt", 100)),
        source_agents: vec![origin("agents.txt", 3), origin("agents.txt", 4)],
        target_actor: Some(origin("actors.txt", 200)),
        passive: true,
        target_inferred_from: Some(0),
        ..e.evidence
    };
    e.location = Some(Location {
        name: "Paris".into(),
        country: "FRA".into(),
        country_iso2: "FR".into(),
        admin1: Some("Île-de-France".into()),
        admin1_code: Some("11".into()),
        lat: Some(48.8534),
        lon: Some(2.3488),
        precision: Some("city".into()),
    });
    let mut other = event(0);
    other.plover = None;
    other.goldstein = Some(3.4);
    other.root_code = None;
    other.date = Date::parse("2022-05").unwrap();
    other.date_evidence = "in May".into();
    let Inserted::New(id) = store
        .insert(&doc("A", text), &sentences, &[e.clone(), other.clone()])
        .unwrap()
    else {
        panic!("not stored");
    };
    let snapshot = store.snapshot().unwrap();
    let docs: Vec<_> = snapshot.documents().collect::<Result<_, _>>().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!((docs[0].id, docs[0].sentences, docs[0].events), (id, 2, 2));
    assert_eq!(docs[0].text, text);
    assert_eq!(docs[0].name, "test");
    assert_eq!(docs[0].content_hash, doc("A", text).content_hash);
    assert_eq!(docs[0].ingested_at.len(), "2024-01-01T00:00:00Z".len());
    let events: Vec<_> = snapshot.events().collect::<Result<_, _>>().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event, e);
    assert_eq!(events[1].event, other);
    assert_eq!(events[0].issues, sentences[0].issues);
    assert_eq!((events[0].char_start, events[0].char_end), (0, 35));
    assert_eq!(events[0].doc_id, "A");
    assert_eq!(snapshot.document_events(id).unwrap(), events);
    drop(snapshot);
    // the view for SQL users has the same values, flat
    type ViewRow = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<f64>,
        Option<String>,
    );
    let row: ViewRow = store
        .conn
        .query_row(
            "SELECT cluster_id, date_precision, date_evidence, plover_mode, location_name, \
             lat, location_admin1 FROM event_view WHERE event_id = ?1",
            [events[0].id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            events[0].cluster_id,
            "day".to_string(),
            "publication date".to_string(),
            "disapprove".to_string(),
            Some("Paris".to_string()),
            Some(48.8534),
            Some("Île-de-France".to_string()),
        )
    );
    let dates: Vec<(String, String)> = store
        .conn
        .prepare("SELECT date, date_precision FROM event_view ORDER BY event_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want = [("2022-06-19", "day"), ("2022-05", "month")];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(d, p)| (d.to_string(), p.to_string()))
        .collect();
    assert_eq!(dates, want);
    store.check().unwrap();
}

/// Repeated phrases, dictionary lines and PLOVER categories are stored
/// once.
#[test]
fn evidence_is_interned() {
    let mut store = Store::open_in_memory().unwrap();
    let mut located = event(0);
    located.location = Some(Location {
        name: "Paris".into(),
        country: "FRA".into(),
        country_iso2: "FR".into(),
        admin1: None,
        admin1_code: None,
        lat: Some(48.8534),
        lon: Some(2.3488),
        precision: Some("city".into()),
    });
    for i in 0..20 {
        let id = i.to_string();
        store
            .insert(
                &doc(&id, "x"),
                &[sentence(0, 0, 1)],
                &[event(0), located.clone()],
            )
            .unwrap();
    }
    let rows = |table: &str| -> i64 {
        store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(rows("events"), 40);
    // "France", "Germany", "criticized", "publication date"
    assert_eq!(rows("texts"), 4);
    assert_eq!(
        (rows("dict_files"), rows("dict_lines"), rows("verbs")),
        (1, 1, 1)
    );
    assert_eq!((rows("plovers"), rows("inputs"), rows("places")), (1, 1, 1));
    let events = all_events(&store);
    assert_eq!(
        (events[0].event.location.as_ref(), &events[1].event.location),
        (None, &located.location)
    );
}

#[test]
fn pages_cover_every_row() {
    let mut store = Store::open_in_memory().unwrap();
    let texts: Vec<String> = (0..(PAGE as usize * 2 + 3))
        .map(|i| format!("Doc {i}."))
        .collect();
    for (i, t) in texts.iter().enumerate() {
        let id = i.to_string();
        store
            .insert(&doc(&id, t), &[sentence(0, 0, t.len())], &[event(0)])
            .unwrap();
    }
    let snapshot = store.snapshot().unwrap();
    assert_eq!(snapshot.documents().count(), texts.len());
    let ids: Vec<i64> = snapshot.events().map(|e| e.unwrap().id).collect();
    assert_eq!(ids.len(), texts.len());
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    // each document's events, found by their ids
    for d in snapshot.documents().step_by(97) {
        let d = d.unwrap();
        let events = snapshot.document_events(d.id).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].document, d.id);
    }
    drop(snapshot);
    store.check().unwrap();
}

#[test]
fn visits_in_date_order() {
    let mut store = Store::open_in_memory().unwrap();
    let dates = [
        "2022-06-19",
        "2021",
        "2022-05-03",
        "2022",
        "2022-05",
        "2022-05-03",
    ];
    for (i, date) in dates.iter().enumerate() {
        let id = i.to_string();
        let e = NewEvent {
            date: Date::parse(date).unwrap(),
            ..event(0)
        };
        store
            .insert(&doc(&id, "x"), &[sentence(0, 0, 1)], &[e])
            .unwrap();
    }
    let snapshot = store.snapshot().unwrap();
    let mut seen = Vec::new();
    snapshot
        .for_each_event_by_date(|e| {
            seen.push((e.event.date.to_string(), e.id));
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let want = [
        ("2021", 2),
        ("2022", 4),
        ("2022-05", 5),
        ("2022-05-03", 3),
        ("2022-05-03", 6),
        ("2022-06-19", 1),
    ];
    let want: Vec<(String, i64)> = want.iter().map(|(d, i)| (d.to_string(), *i)).collect();
    assert_eq!(seen, want);

    let mut docs = 0;
    snapshot
        .for_each_document_by_date(|_| {
            docs += 1;
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(docs, dates.len());

    // clusters by first date: 2021 alone; 2022 with 2022-05 and the 3rd
    // of May; then 19 June
    let mut clusters = Vec::new();
    snapshot
        .for_each_cluster_by_date(|c| {
            clusters.push((c.first_date.to_string(), c.events));
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(
        clusters,
        [
            ("2021".to_string(), vec![2]),
            ("2022-05-03".to_string(), vec![3, 4, 5, 6]),
            ("2022-06-19".to_string(), vec![1]),
        ]
    );

    // the visitor's error stops the walk
    let mut visited = 0;
    let got = snapshot.for_each_event_by_date(|_| {
        visited += 1;
        Err(StoreError::Invalid("stop".into()))
    });
    assert!(matches!(got, Err(StoreError::Invalid(_))));
    assert_eq!(visited, 1);
}

/// Stored cluster ids, kept up to date one document at a time, are those
/// of clustering every event at once, whatever order the documents come
/// in: dates crowd around New Year, months and years mix with days, and
/// a document often brings several events of one group.
#[test]
fn clusters_kept_at_insert_equal_clusters_of_all_events() {
    let dyads = [
        ("FRA", "DEU", Some("11")),
        ("FRA", "DEU", None),
        ("DEU", "FRA", Some("11")),
    ];
    for seed in 0..12u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let random_date = |rng: &mut fastrand::Rng| -> Date {
            let year = 2021 + rng.i32(0..2);
            match rng.u32(0..10) {
                0 => Date::from_year(year),
                1 | 2 => Date::from_ym(year, [1, 12][rng.usize(0..2)]),
                _ => {
                    // days within two weeks of New Year 2022
                    Date::from_days(
                        Date::from_ymd(2022, 1, 1).unwrap().first_day() + rng.i64(-14..14),
                    )
                }
            }
            .unwrap()
        };
        let mut store = Store::open_in_memory().unwrap();
        let docs = 40 + rng.usize(0..40);
        for d in 0..docs {
            let events: Vec<NewEvent> = (0..rng.usize(1..4))
                .map(|_| {
                    let (s, t, root) = dyads[rng.usize(0..dyads.len())];
                    NewEvent {
                        source: s.into(),
                        target: t.into(),
                        root_code: root.map(String::from),
                        date: random_date(&mut rng),
                        ..event(0)
                    }
                })
                .collect();
            let id = d.to_string();
            store
                .insert(&doc(&id, "x"), &[sentence(0, 0, 1)], &events)
                .unwrap();
        }
        let stored = all_events(&store);
        let members: Vec<Member> = stored
            .iter()
            .map(|e| Member {
                id: e.id,
                document: e.document,
                source: e.event.source.clone(),
                target: e.event.target.clone(),
                root_code: e.event.root_code.clone(),
                date: e.event.date,
                outlet: String::new(),
            })
            .collect();
        let mut want: BTreeMap<i64, i64> = BTreeMap::new();
        for c in cluster::cluster(members) {
            for id in c.events {
                want.insert(id, c.id);
            }
        }
        let got: BTreeMap<i64, i64> = stored.iter().map(|e| (e.id, e.cluster_id)).collect();
        assert_eq!(got, want, "seed {seed}");

        // and the clusters read back are those
        let snapshot = store.snapshot().unwrap();
        let mut n = 0;
        snapshot
            .for_each_cluster(|c| {
                n += c.mentions;
                assert!(c.events.iter().all(|id| want[id] == c.id));
                Ok::<(), StoreError>(())
            })
            .unwrap();
        assert_eq!(n, stored.len());
    }
}

/// A snapshot reads the store as it was when it began, whatever another
/// connection stores meanwhile.
#[test]
fn snapshots_do_not_see_later_writes() {
    let dir = std::env::temp_dir().join(format!("faultline-store-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open_existing(&path).unwrap();
    writer
        .insert(&doc("A", "x"), &[sentence(0, 0, 1)], &[event(0)])
        .unwrap();
    let snapshot = reader.snapshot().unwrap();
    writer
        .insert(&doc("B", "x"), &[sentence(0, 0, 1)], &[event(0)])
        .unwrap();
    assert_eq!(snapshot.counts().unwrap().events, 1);
    assert_eq!(snapshot.events().count(), 1);
    let mut clusters = Vec::new();
    snapshot
        .for_each_cluster(|c| {
            clusters.push(c.events);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(clusters, [vec![1]]);
    drop(snapshot);
    assert_eq!(reader.snapshot().unwrap().events().count(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refuses_other_databases() {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (x)").unwrap();
    assert!(matches!(
        Store::init(conn, crate::Mode::Create),
        Err(StoreError::NotAStore)
    ));
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); \
         INSERT INTO meta VALUES ('schema_version', '1');",
    )
    .unwrap();
    assert!(matches!(
        Store::init(conn, crate::Mode::Create),
        Err(StoreError::SchemaVersion { .. })
    ));
}

#[test]
fn hashes_in_hex() {
    let h = content_hash(b"abc");
    assert_eq!(ContentHash::from_hex(&h.to_string()), Some(h));
    assert_eq!(ContentHash::from_hex("ab"), None);
    assert_eq!(ContentHash::from_hex(&"g".repeat(64)), None);
}

/// A writer stores many documents in one transaction, each whole or not
/// at all; dropped without a commit, it stores nothing.
#[test]
fn writers_batch_documents() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let mut w = store.writer().unwrap();
        let ok = w.insert(&doc("A", "x"), &[sentence(0, 0, 1)], &[event(0)]);
        assert!(matches!(ok, Ok(Inserted::New(_))));
        let bad = w.insert(&doc("B", "x"), &[sentence(0, 0, 9)], &[event(0)]);
        assert!(matches!(bad, Err(StoreError::Invalid(_))));
        // the same content twice in one transaction is stored once
        let again = w.insert(&doc("A", "x"), &[sentence(0, 0, 1)], &[event(0)]);
        assert_eq!(again.unwrap(), Inserted::AlreadyPresent);
        w.commit().unwrap();
    }
    assert_eq!(store.counts().unwrap().documents, 1);
    let mut spain = event(0);
    spain.evidence.source_text = "Spain".into();
    spain.evidence.source_actor = Some(origin("actors.txt", 5));
    {
        let mut w = store.writer().unwrap();
        w.insert(&doc("C", "x"), &[sentence(0, 0, 1)], &[spain.clone()])
            .unwrap();
    }
    assert_eq!(store.counts().unwrap().documents, 1);
    // interned rows of the rolled-back document are not taken as stored
    store
        .insert(&doc("D", "y"), &[sentence(0, 0, 1)], &[spain.clone()])
        .unwrap();
    assert_eq!(all_events(&store)[1].event, spain);
    store.check().unwrap();
    assert_eq!(all_events(&store).len(), 2);
}

/// Stored event dates are numbers that sort as the dates written do.
#[test]
fn date_keys() {
    let written = [
        "0001",
        "2021",
        "2022",
        "2022-05",
        "2022-05-03",
        "2022-06",
        "9999-12-31",
    ];
    let keys: Vec<i64> = written
        .iter()
        .map(|d| schema::date_key(Date::parse(d).unwrap()))
        .collect();
    assert_eq!(keys[4], 20220503);
    assert_eq!(keys[3], 20220500);
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    for (d, k) in written.iter().zip(&keys) {
        assert_eq!(schema::date_of_key(*k).unwrap().to_string(), *d);
    }
    for bad in [20221301, 20220231, -1, 20220007] {
        assert!(schema::date_of_key(bad).is_err(), "{bad}");
    }
}
