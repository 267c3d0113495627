//! The demo corpus tells the seed article's story, and the analytics see
//! it: Kazakhstan's relations with Russia cool after June 2022 (issue 11,
//! "The demo's story"). The store is built by `faultline demo`'s own code
//! from the bundled corpus, and read back through the store as the server
//! reads it.

use faultline_analytics::{
    AlignmentConfig, ChangeQuery, Dataset, Direction, Interval, Period, SeriesQuery, Side,
};
use faultline_store::{PointFilter, Store};

/// The months from `from` to `to` (YYYY-MM, both included).
fn months(from: &str, to: &str) -> Vec<String> {
    let (mut y, mut m): (u32, u32) = (from[..4].parse().unwrap(), from[5..].parse().unwrap());
    let mut out = vec![];
    loop {
        let month = format!("{y:04}-{m:02}");
        out.push(month.clone());
        if month == to {
            return out;
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn kazakhstan_turns_away_from_russia_in_mid_2022() {
    let dir = std::env::temp_dir().join(format!("faultline-story-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("demo.db");
    let _ = std::fs::remove_file(&db);
    faultline_server::demo::ensure(&db).unwrap();
    let store = Store::open_existing(&db).unwrap();
    let rows = store
        .snapshot()
        .unwrap()
        .event_points(&PointFilter::default())
        .unwrap();
    let data = Dataset::from_points(&rows);
    let (kaz, rus) = (Side::actor("KAZ").unwrap(), Side::actor("RUS").unwrap());
    let (before, after) = (months("2022-01", "2022-05"), months("2022-07", "2022-12"));

    // KAZ -> RUS net cooperation, per month
    let query = SeriesQuery {
        directed: true,
        ..SeriesQuery::default()
    };
    let series = data.series(&kaz, &rus, &query).unwrap();
    let net = |range: &[String]| {
        let values: Vec<f64> = range
            .iter()
            .map(|month| {
                let point = series
                    .points
                    .iter()
                    .find(|p| &p.period.to_string() == month);
                point.map_or(0.0, |p| p.net_cooperation as f64)
            })
            .collect();
        mean(&values)
    };
    let (net_before, net_after) = (net(&before), net(&after));
    assert!(
        net_after < net_before,
        "KAZ->RUS net cooperation a month: {net_before:.2} in January-May 2022, {net_after:.2} in July-December"
    );

    // alignment toward RUS
    let pole = Side::pole("RUS").unwrap();
    let config = AlignmentConfig::default();
    let alignment = |range: &[String]| {
        let scores: Vec<f64> = range
            .iter()
            .filter_map(|month| {
                let month = Period::parse(Interval::Month, month).unwrap();
                let map = data.alignment(month, &pole, &config).unwrap();
                map.countries
                    .into_iter()
                    .find(|c| c.country == "KAZ")
                    .map(|c| c.score)
                    .filter(|s| s.is_finite())
            })
            .collect();
        assert!(!scores.is_empty(), "no KAZ alignment score in {range:?}");
        mean(&scores)
    };
    let (align_before, align_after) = (alignment(&before), alignment(&after));
    assert!(
        align_after < align_before,
        "KAZ alignment toward RUS: {align_before:.3} in January-May 2022, {align_after:.3} in July-December"
    );

    eprintln!(
        "KAZ->RUS net cooperation a month {net_before:.2} -> {net_after:.2}; \
         alignment toward RUS {align_before:.3} -> {align_after:.3}"
    );

    // a downward change in the KAZ-RUS relation in mid-2022, with its events
    let query = ChangeQuery {
        country: Some("KAZ".into()),
        ..ChangeQuery::default()
    };
    let changes = data.changes(&query, &Default::default()).unwrap();
    let mid_2022 = months("2022-05", "2022-09");
    let found = changes.iter().find(|c| {
        (c.a == "RUS" || c.b == "RUS")
            && c.direction == Direction::Down
            && c.date.is_some_and(|d| {
                mid_2022
                    .iter()
                    .any(|m| d.to_string().starts_with(m.as_str()))
            })
            && !c.event_ids.is_empty()
    });
    if let Some(c) = found {
        eprintln!(
            "change: {} {} {:?}, {} events",
            c.series,
            c.period,
            c.method,
            c.event_ids.len()
        );
    }
    assert!(
        found.is_some(),
        "no downward KAZ-RUS change in May-September 2022: {:?}",
        changes
            .iter()
            .map(|c| format!("{} {} {:?} {:?}", c.series, c.period, c.date, c.direction))
            .collect::<Vec<_>>()
    );
    drop(store);
    std::fs::remove_dir_all(&dir).unwrap();
}
