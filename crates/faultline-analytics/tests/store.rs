//! The analytics over a real store: events written with the store's
//! writer, read back with `Snapshot::for_each_event_point`.

use faultline_analytics::*;
use faultline_store::{
    content_hash, Date, Evidence, NewDocument, NewEvent, NewSentence, Origin, PointFilter, Store,
    StoreError,
};

/// One document a day from 2022-01-03 to 2022-12-30 with events between
/// KAZ, RUS, CHN and the West: KAZ–RUS relations turn hostile in June.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut w = store.writer().unwrap();
    let first = Date::parse("2022-01-03").unwrap().first_day();
    let june = Date::parse("2022-06-01").unwrap().first_day();
    for day in first..first + 362 {
        let date = Date::from_days(day).unwrap();
        let id = format!("doc-{day}");
        let text = "Kazakhstan and Russia met. China spoke.";
        let hostile = day >= june;
        let mut events = Vec::new();
        let mut event = |source: &str, target: &str, quad: u8, goldstein: f64| {
            events.push(NewEvent {
                sentence_index: 0,
                source: source.into(),
                target: target.into(),
                code: "040".into(),
                root_code: Some("04".into()),
                quad_class: Some(quad),
                goldstein: Some(goldstein),
                plover: None,
                date,
                date_evidence: "publication date".into(),
                evidence: Evidence::new(
                    "Kazakhstan",
                    "Russia",
                    "met",
                    Origin {
                        file: "verbs.txt".into(),
                        line: 1,
                    },
                ),
                location: None,
            })
        };
        if hostile {
            event("KAZGOV", "RUSGOV", 3, -4.0);
        } else {
            event("KAZGOV", "RUSGOV", 1, 4.0);
        }
        if day % 2 == 0 {
            event(
                "RUSMIL",
                "KAZ",
                if hostile { 4 } else { 2 },
                if hostile { -6.0 } else { 6.0 },
            );
        }
        if day % 3 == 0 {
            event("KAZ", "CHN", 1, 3.0);
            event("RUS", "CHN", 1, 3.0);
            event("KAZ", "IGOEUREEC", 1, if hostile { 5.0 } else { 1.0 });
            event("RUS", "USAGOV", 3, -5.0);
            event("---GOV", "KAZ", 3, -5.0);
        }
        let doc = NewDocument {
            content_hash: content_hash(id.as_bytes()),
            name: "test",
            doc_id: &id,
            title: None,
            url: None,
            source: None,
            doc_date: date,
            date_source: "document",
            text,
        };
        let sentences = [NewSentence {
            index: 0,
            char_start: 0,
            char_end: 26,
            issues: vec![],
        }];
        w.insert(&doc, &sentences, &events).unwrap();
    }
    w.commit().unwrap();
    store
}

fn dataset(store: &Store) -> Dataset {
    let snap = store.snapshot().unwrap();
    let mut b = DatasetBuilder::new();
    snap.for_each_event_point(&PointFilter::default(), |p| {
        b.push(&p);
        Ok::<(), StoreError>(())
    })
    .unwrap();
    b.finish()
}

#[test]
fn series_alignment_and_changes_through_the_store() {
    let store = store();
    let data = dataset(&store);
    assert_eq!(data.coverage().no_party, 121);
    let (kaz, rus) = (Side::actor("KAZ").unwrap(), Side::actor("RUS").unwrap());
    let series = data.series(&kaz, &rus, &SeriesQuery::default()).unwrap();
    assert_eq!(series.points.len(), 12);
    let net = |m: &str| {
        series
            .points
            .iter()
            .find(|p| p.period.to_string() == m)
            .unwrap()
            .net_cooperation
    };
    assert!(net("2022-03") > 40 && net("2022-09") < -40);
    // the ids behind a point are the store's events of that dyad and month
    let snap = store.snapshot().unwrap();
    let filter = PointFilter {
        source: Some("KAZ".into()),
        target: Some("RUS".into()),
        undirected: true,
        from: Date::parse("2022-03"),
        to: Date::parse("2022-03"),
        ..PointFilter::default()
    };
    let from_store: Vec<i64> = snap
        .event_points(&filter)
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let march = series
        .points
        .iter()
        .find(|p| p.period.to_string() == "2022-03")
        .unwrap();
    assert_eq!(march.event_ids, from_store);
    assert_eq!(march.count as usize, from_store.len());

    // alignment toward RUS: lower in the second half than in the first
    let cfg = AlignmentConfig {
        window_months: 3,
        ..AlignmentConfig::default()
    };
    let month = |s| Period::parse(Interval::Month, s).unwrap();
    let history = data
        .alignment_history(
            "KAZ",
            &Side::pole("RUS").unwrap(),
            month("2022-01"),
            month("2022-12"),
            &cfg,
        )
        .unwrap();
    let score = |i: usize| history[i].1.as_ref().unwrap().score;
    // the sliding window gives what each month's own window gives
    for (m, got) in &history {
        let map = data
            .alignment(*m, &Side::pole("RUS").unwrap(), &cfg)
            .unwrap();
        let want = map.countries.iter().find(|c| c.country == "KAZ");
        assert_eq!(got.is_some(), want.is_some(), "{m}");
        if let (Some(g), Some(w)) = (got, want) {
            assert!((g.score - w.score).abs() < 1e-9, "{m}");
            assert_eq!((g.events, g.third_parties), (w.events, w.third_parties));
        }
    }
    assert!(
        score(3) > 0.3 && score(11) < -0.3,
        "{} {}",
        score(3),
        score(11)
    );
    let west = data
        .alignment(month("2022-12"), &Side::pole("WEST").unwrap(), &cfg)
        .unwrap();
    let kaz_west = west.countries.iter().find(|c| c.country == "KAZ").unwrap();
    let rus_west = west.countries.iter().find(|c| c.country == "RUS").unwrap();
    assert!(kaz_west.score > rus_west.score);

    // a change in June, with its events
    let changes = data
        .changes(
            &ChangeQuery {
                country: Some("KAZ".into()),
                ..ChangeQuery::default()
            },
            &ChangeConfig::default(),
        )
        .unwrap();
    let turn = changes
        .iter()
        .find(|c| c.series == "KAZ-RUS" && c.method == Method::Bocpd)
        .unwrap();
    assert_eq!(
        (turn.period.to_string(), turn.direction),
        ("2022-06".into(), Direction::Down)
    );
    assert!(turn.event_ids.len() >= 30);
    let json = serde_json::to_value(turn).unwrap();
    assert_eq!(json["date"], "2022-06-01");
    assert_eq!(json["method"], "bocpd");
}
