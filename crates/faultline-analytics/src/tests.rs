//! Series, partners and the alignment index on small hand-made inputs.

use super::*;
use faultline_store::EventPoint;

fn ev(id: i64, date: &str, source: &str, target: &str, quad: u8, goldstein: f64) -> EventPoint {
    EventPoint {
        id,
        date: Date::parse(date).unwrap(),
        source: source.into(),
        target: target.into(),
        root_code: None,
        quad_class: Some(quad),
        goldstein: Some(goldstein),
    }
}

fn side(code: &str) -> Side {
    Side::actor(code).unwrap()
}

fn month(s: &str) -> Period {
    Period::parse(Interval::Month, s).unwrap()
}

/// (period, count, quad, goldstein sum, net cooperation, ids) of each point.
type Row = (String, u32, [u32; 4], f64, i64, Vec<i64>);

fn rows(s: &Series) -> Vec<Row> {
    s.points
        .iter()
        .map(|p| {
            (
                p.period.to_string(),
                p.count,
                p.quad,
                p.goldstein_sum,
                p.net_cooperation,
                p.event_ids.clone(),
            )
        })
        .collect()
}

fn dyad() -> Dataset {
    Dataset::from_points(&[
        ev(1, "2022-01-10", "KAZGOV", "RUSGOV", 1, 3.0),
        ev(2, "2022-01-11", "RUSMIL", "KAZ", 2, 7.0),
        ev(3, "2022-03-02", "KAZ", "RUS", 3, -2.0),
        ev(4, "2022-03", "KAZ", "RUS", 4, -10.0),
        ev(5, "2022", "KAZ", "RUS", 4, -10.0),
        ev(6, "2022-03-05", "---GOV", "RUS", 4, -10.0),
        ev(7, "2022-03-06", "KAZ", "CHN", 1, 1.0),
        ev(8, "2022-03-06", "RUSGOV", "RUSMIL", 1, 1.0),
    ])
}

#[test]
fn sub_actors_roll_up_into_one_dyad() {
    let d = dyad();
    assert_eq!(
        d.coverage(),
        Coverage {
            events: 6,
            year_only: 1,
            no_party: 1
        }
    );
    let q = SeriesQuery::default();
    let s = d.series(&side("KAZ"), &side("RUSGOV"), &q).unwrap();
    assert_eq!(s.b, "RUS");
    assert_eq!(
        rows(&s),
        vec![
            ("2022-01".into(), 2, [1, 1, 0, 0], 10.0, 2, vec![1, 2]),
            ("2022-02".into(), 0, [0; 4], 0.0, 0, vec![]),
            ("2022-03".into(), 2, [0, 0, 1, 1], -12.0, -2, vec![4, 3]),
        ]
    );
    assert_eq!(s.points[0].goldstein_mean, Some(5.0));
    assert_eq!(s.points[1].goldstein_mean, None);
    // a country's internal events are its own dyad
    let own = d.series(&side("RUS"), &side("RUS"), &q).unwrap();
    assert_eq!(rows(&own)[0].5, vec![8]);
}

#[test]
fn directed_series_keep_one_way_and_undirected_merge_both() {
    let d = dyad();
    let q = SeriesQuery {
        directed: true,
        from: Date::parse("2022-01"),
        to: Date::parse("2022-03"),
        ..SeriesQuery::default()
    };
    let kr = d.series(&side("KAZ"), &side("RUS"), &q).unwrap();
    let rk = d.series(&side("RUS"), &side("KAZ"), &q).unwrap();
    let undirected = SeriesQuery {
        directed: false,
        ..q.clone()
    };
    let both = d.series(&side("RUS"), &side("KAZ"), &undirected).unwrap();
    let ids = |s: &Series| -> Vec<i64> {
        let mut v: Vec<i64> = s.points.iter().flat_map(|p| p.event_ids.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(
        (ids(&kr), ids(&rk), ids(&both)),
        (vec![1, 3, 4], vec![2], vec![1, 2, 3, 4])
    );
    for k in 0..both.points.len() {
        let (a, b, u) = (&kr.points[k], &rk.points[k], &both.points[k]);
        assert_eq!(a.count + b.count, u.count);
        assert_eq!(a.net_cooperation + b.net_cooperation, u.net_cooperation);
    }
}

#[test]
fn weekly_series_follow_iso_weeks_and_count_imprecise_dates() {
    let d = Dataset::from_points(&[
        ev(1, "2021-01-03", "KAZ", "RUS", 1, 1.0), // Sunday: 2020-W53
        ev(2, "2021-01-04", "KAZ", "RUS", 1, 1.0), // Monday: 2021-W01
        ev(3, "2021-01-10", "KAZ", "RUS", 3, -1.0), // Sunday: 2021-W01
        ev(4, "2021-01", "KAZ", "RUS", 3, -1.0),   // month only
    ]);
    let q = SeriesQuery {
        interval: Interval::Week,
        ..SeriesQuery::default()
    };
    let s = d.series(&side("KAZ"), &side("RUS"), &q).unwrap();
    let got: Vec<(String, Vec<i64>)> = s
        .points
        .iter()
        .map(|p| (p.period.to_string(), p.event_ids.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2020-W53".into(), vec![1]),
            ("2021-W01".into(), vec![2, 3])
        ]
    );
    assert_eq!(s.imprecise, 1);
    // a daily series with a range fills the empty days
    let q = SeriesQuery {
        interval: Interval::Day,
        from: Date::parse("2021-01-02"),
        to: Date::parse("2021-01-04"),
        max_ids: Some(0),
        ..SeriesQuery::default()
    };
    let s = d.series(&side("KAZ"), &side("RUS"), &q).unwrap();
    let got: Vec<(String, u32, usize)> = s
        .points
        .iter()
        .map(|p| (p.period.to_string(), p.count, p.event_ids.len()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2021-01-02".into(), 0, 0),
            ("2021-01-03".into(), 1, 0),
            ("2021-01-04".into(), 1, 0)
        ]
    );
    let bad = SeriesQuery {
        from: Date::parse("2021-02"),
        to: Date::parse("2021-01"),
        ..SeriesQuery::default()
    };
    assert!(matches!(
        d.series(&side("KAZ"), &side("RUS"), &bad),
        Err(AnalyticsError::Range { .. })
    ));
    let huge = SeriesQuery {
        interval: Interval::Day,
        from: Date::parse("0001"),
        to: Date::parse("9999"),
        ..SeriesQuery::default()
    };
    assert!(matches!(
        d.series(&side("KAZ"), &side("RUS"), &huge),
        Err(AnalyticsError::TooManyPeriods(_))
    ));
    // no events, no range: no points
    let none = d
        .series(&side("USA"), &side("RUS"), &SeriesQuery::default())
        .unwrap();
    assert!(none.points.is_empty());
}

#[test]
fn partners_are_sorted_by_events() {
    let d = dyad();
    let p = d.partners(&side("KAZ"), None, None);
    let got: Vec<(&str, u32, u32, u32)> = p
        .iter()
        .map(|p| (p.party.as_str(), p.totals.count, p.sent, p.received))
        .collect();
    assert_eq!(got, vec![("RUS", 4, 3, 1), ("CHN", 1, 1, 0)]);
    let march = d.partners(&side("KAZ"), Date::parse("2022-03"), None);
    assert_eq!(march[0].totals.count, 2);
}

#[test]
fn signorino_ritter_s_is_one_for_identical_and_minus_one_for_opposite() {
    use alignment::similarity;
    let a = [3.0, -2.0, 7.0];
    assert_eq!(similarity(&a, &a, &[1.0, 1.0, 1.0]), Some(1.0));
    assert_eq!(
        similarity(&[10.0, 10.0], &[-10.0, -10.0], &[1.0, 5.0]),
        Some(-1.0)
    );
    // one of two dimensions at the largest distance: 1 − 2·20/(2·20) = 0
    assert_eq!(
        similarity(&[10.0, 0.0], &[-10.0, 0.0], &[1.0, 1.0]),
        Some(0.0)
    );
    // weights: the far dimension weighs 1 of 4
    assert_eq!(
        similarity(&[10.0, 0.0], &[-10.0, 0.0], &[1.0, 3.0]),
        Some(0.5)
    );
    assert_eq!(similarity(&[1.0], &[1.0, 2.0], &[1.0]), None);
    assert_eq!(similarity(&[], &[], &[]), None);
}

/// KAZ and BLR both deal with RUS; BLR shares RUS's profile toward three
/// third parties, KAZ has the opposite one.
fn bloc() -> Dataset {
    let mut rows = vec![
        ev(1, "2022-01-10", "RUS", "BLR", 2, 8.0),
        ev(2, "2022-02-10", "KAZ", "RUS", 3, -4.0),
        ev(3, "2022-02-11", "RUS", "KAZ", 4, -6.0),
    ];
    let mut id = 10;
    for (third, pole_g) in [("UKR", -8.0), ("CHN", 6.0), ("USA", -5.0)] {
        for (who, g) in [("RUS", pole_g), ("BLR", pole_g), ("KAZ", -pole_g)] {
            id += 1;
            rows.push(ev(id, "2022-03-01", who, third, 1, g));
        }
    }
    // outside the window of 2022-06 with a window of 3 months
    rows.push(ev(99, "2021-12-01", "KAZ", "RUS", 1, 10.0));
    Dataset::from_points(&rows)
}

#[test]
fn alignment_combines_direct_relations_and_similar_profiles() {
    let d = bloc();
    let cfg = AlignmentConfig::default();
    let a = d
        .alignment(month("2022-06"), &Side::pole("RUS").unwrap(), &cfg)
        .unwrap();
    assert_eq!(
        (a.pole.as_str(), a.window_start.to_string()),
        ("RUS", "2022-01".into())
    );
    let by = |c: &str| a.countries.iter().find(|x| x.country == c).unwrap().clone();
    let (blr, kaz) = (by("BLR"), by("KAZ"));
    // BLR: D = tanh(8 / (1 + 2) / 5), S = 1 (identical profiles)
    let d_blr = (8.0f64 / 3.0 / 5.0).tanh();
    assert!((blr.direct.unwrap() - d_blr).abs() < 1e-12);
    assert_eq!((blr.similarity, blr.third_parties), (Some(1.0), 3));
    assert!((blr.score - (d_blr + 1.0) / 2.0).abs() < 1e-12);
    assert_eq!((blr.direct_events, blr.events), (1, 4));
    // KAZ: D = tanh(−10 / (2 + 2) / 5); S from distances 16, 12, 10 of 20
    let d_kaz = (-10.0f64 / 4.0 / 5.0).tanh();
    let s_kaz = 1.0 - 2.0 * (16.0 + 12.0 + 10.0) / (20.0 * 3.0);
    assert!((kaz.direct.unwrap() - d_kaz).abs() < 1e-12);
    assert!((kaz.similarity.unwrap() - s_kaz).abs() < 1e-12);
    assert!(kaz.score < 0.0 && blr.score > 0.5);
    // no score toward itself
    assert!(a.countries.iter().all(|c| c.country != "RUS"));
    // UKR: direct relations only, two third parties (BLR, KAZ) are too few
    let ukr = by("UKR");
    assert_eq!((ukr.similarity, ukr.third_parties), (None, 0));
    assert!((ukr.score - (-8.0f64 / 3.0 / 5.0).tanh()).abs() < 1e-12);
    // a window of 3 months still holds February and March, not December
    let short = AlignmentConfig {
        window_months: 3,
        ..AlignmentConfig::default()
    };
    let a3 = d.alignment(month("2022-04"), &side("RUS"), &short).unwrap();
    let k3 = a3.countries.iter().find(|x| x.country == "KAZ").unwrap();
    assert_eq!(k3.direct_events, 2);
    let a12 = d
        .alignment(
            month("2022-06"),
            &side("RUS"),
            &AlignmentConfig {
                window_months: 12,
                ..AlignmentConfig::default()
            },
        )
        .unwrap();
    let k12 = a12.countries.iter().find(|x| x.country == "KAZ").unwrap();
    assert_eq!(k12.direct_events, 3);
    // only direct relations when the weight of S is 0
    let direct_only = AlignmentConfig {
        similarity_weight: 0.0,
        ..AlignmentConfig::default()
    };
    let ad = d
        .alignment(month("2022-06"), &side("RUS"), &direct_only)
        .unwrap();
    let kd = ad.countries.iter().find(|x| x.country == "KAZ").unwrap();
    assert!((kd.score - d_kaz).abs() < 1e-12);
}

#[test]
fn pole_members_are_compared_with_the_rest_of_the_pole() {
    let d = Dataset::from_points(&[
        ev(1, "2022-05-01", "DEUGOV", "USA", 1, 4.0),
        ev(2, "2022-05-02", "IGOWSTNAT", "POL", 2, 6.0),
        ev(3, "2022-05-03", "USA", "RUS", 4, -9.0),
    ]);
    let west = Side::pole("WEST").unwrap();
    let a = d
        .alignment(month("2022-05"), &west, &AlignmentConfig::default())
        .unwrap();
    let got: Vec<(&str, u32)> = a
        .countries
        .iter()
        .map(|c| (c.country.as_str(), c.direct_events))
        .collect();
    assert_eq!(got, vec![("DEU", 1), ("POL", 1), ("RUS", 1), ("USA", 1)]);
    let rus = &a.countries[2];
    assert!(rus.score < 0.0 && rus.similarity.is_none());
    // history: one score a month, none before the events
    let h = d
        .alignment_history(
            "RUS",
            &west,
            month("2022-04"),
            month("2022-06"),
            &AlignmentConfig::default(),
        )
        .unwrap();
    let got: Vec<(String, Option<f64>)> = h
        .iter()
        .map(|(m, c)| (m.to_string(), c.as_ref().map(|c| c.score)))
        .collect();
    assert_eq!(got[0], ("2022-04".into(), None));
    assert_eq!(got[1].1, Some(rus.score));
    assert_eq!(got[2].1, Some(rus.score));
    assert!(matches!(
        d.alignment(
            Period::parse(Interval::Week, "2022-W01").unwrap(),
            &west,
            &AlignmentConfig::default()
        ),
        Err(AnalyticsError::NotAMonth(_))
    ));
    let bad = AlignmentConfig {
        window_months: 0,
        ..AlignmentConfig::default()
    };
    assert!(matches!(
        d.alignment(month("2022-05"), &west, &bad),
        Err(AnalyticsError::Config(_))
    ));
}

#[test]
fn output_is_json_with_period_labels() {
    let d = dyad();
    let s = d
        .series(&side("KAZ"), &side("RUS"), &SeriesQuery::default())
        .unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["points"][0]["period"], "2022-01");
    assert_eq!(json["points"][0]["quad"], serde_json::json!([1, 1, 0, 0]));
    assert_eq!(json["interval"], "month");
}

#[test]
fn arbitrary_rows_never_panic() {
    let mut rng = fastrand::Rng::with_seed(11);
    let codes = [
        "RUS",
        "KAZGOV",
        "---",
        "",
        "IGOEUREEC",
        "é",
        "USAMIL",
        "X",
        "NGO",
    ];
    let mut rows = Vec::new();
    for id in 0..2_000 {
        let date = match rng.u8(0..3) {
            0 => format!("{:04}", rng.i32(1..9999)),
            1 if id % 50 == 0 => format!("{:04}-{:02}", rng.i32(1..9999), rng.u32(1..13)),
            1 => format!("{:04}-{:02}", rng.i32(1990..2030), rng.u32(1..13)),
            _ => format!("2022-{:02}-{:02}", rng.u32(1..13), rng.u32(1..29)),
        };
        rows.push(EventPoint {
            id,
            date: Date::parse(&date).unwrap(),
            source: codes[rng.usize(0..codes.len())].into(),
            target: codes[rng.usize(0..codes.len())].into(),
            root_code: None,
            quad_class: if rng.bool() { Some(rng.u8(0..9)) } else { None },
            goldstein: if rng.bool() {
                Some(rng.f64() * 40.0 - 20.0)
            } else {
                Some(f64::NAN)
            },
        });
    }
    let d = Dataset::from_points(&rows);
    for pole in default_poles() {
        let _ = d
            .alignment(month("2022-06"), &pole, &AlignmentConfig::default())
            .unwrap();
    }
    let _ = d
        .changes(&ChangeQuery::default(), &ChangeConfig::default())
        .unwrap();
    for interval in [Interval::Day, Interval::Week, Interval::Month] {
        let q = SeriesQuery {
            interval,
            from: Date::parse("2022"),
            to: Date::parse("2022"),
            ..SeriesQuery::default()
        };
        let s = d.series(&side("RUS"), &side("KAZ"), &q).unwrap();
        assert!(s
            .points
            .iter()
            .all(|p| p.quad.iter().sum::<u32>() <= p.count));
    }
}
