use super::*;
use crate::dataset::DatasetBuilder;
use faultline_store::PointRef;

/// A deterministic wobble of ±1 around a level.
fn noisy(level: f64, n: usize, phase: usize) -> Vec<f64> {
    (0..n)
        .map(|i| level + [0.0, 1.0, -1.0, 0.5, -0.5][(i + phase) % 5])
        .collect()
}

#[test]
fn ln_gamma_matches_known_values() {
    let cases = [
        (1.0, 0.0),
        (2.0, 0.0),
        (5.0, 24f64.ln()),
        (0.5, std::f64::consts::PI.sqrt().ln()),
        (10.5, 13.940_625_219_403_763),
    ];
    for (x, want) in cases {
        assert!((ln_gamma(x) - want).abs() < 1e-10, "ln_gamma({x})");
    }
}

#[test]
fn bocpd_finds_a_clear_shift_where_it_is() {
    let mut values = noisy(6.0, 12, 0);
    values.extend(noisy(-6.0, 12, 3));
    let cps = changepoints(&values, &ChangeConfig::default());
    assert_eq!(cps.len(), 1, "{cps:?}");
    assert_eq!(cps[0].index, 12);
    assert!(cps[0].probability >= 0.5 && cps[0].detected_at >= 13);
}

#[test]
fn bocpd_finds_nothing_in_noise_alone() {
    let values = noisy(2.0, 36, 0);
    assert_eq!(changepoints(&values, &ChangeConfig::default()), vec![]);
    // constant and too short series
    assert!(changepoints(&[3.0; 20], &ChangeConfig::default()).is_empty());
    assert!(changepoints(&[1.0, 9.0], &ChangeConfig::default()).is_empty());
    assert!(changepoints(&[1.0, f64::NAN, 2.0], &ChangeConfig::default()).is_empty());
}

#[test]
fn levels_flag_a_surge_against_both_baselines() {
    // 20 quiet weeks at net cooperation 5 ± 1 with 10 events each, then a
    // week at −10 with 12 events
    let mut values = noisy(5.0, 20, 0);
    values.push(-10.0);
    let mut counts = vec![10; 20];
    counts.push(12);
    let got = levels(&values, &counts, &ChangeConfig::default());
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].index, got[0].level), (20, 3));
    assert!(got[0].z_short < 0.0 && got[0].z_long < 0.0);
    assert!((got[0].long_baseline - 5.0).abs() < 0.5);
}

#[test]
fn the_low_count_guard_suppresses_quiet_noise() {
    // a quiet dyad: 0 most weeks, then a week with 3 hostile events
    let mut values = vec![0.0; 30];
    let mut counts = vec![0; 30];
    values[25] = -3.0;
    counts[25] = 3;
    assert!(levels(&values, &counts, &ChangeConfig::default()).is_empty());
    // the same with a lower guard is flagged
    let loose = ChangeConfig {
        min_events: 3,
        ..ChangeConfig::default()
    };
    assert_eq!(levels(&values, &counts, &loose).len(), 1);
    // a busy dyad falling silent passes the guard
    let mut values = noisy(8.0, 20, 0);
    let mut counts = vec![8; 20];
    values.push(0.0);
    counts.push(0);
    let got = levels(&values, &counts, &ChangeConfig::default());
    assert_eq!(got.iter().map(|l| l.index).collect::<Vec<_>>(), vec![20]);
    // too little history
    assert!(levels(&[5.0, 5.0, -20.0], &[9, 9, 9], &ChangeConfig::default()).is_empty());
}

/// KAZ→RUS: six cooperative events a week (a day each, Monday to
/// Saturday) from 2021, hostile ones from June 2022.
fn kaz_rus() -> Dataset {
    let mut b = DatasetBuilder::new();
    let start = Date::parse("2021-01-04")
        .map(|d| d.first_day())
        .unwrap_or(0);
    let june = Date::parse("2022-06-01")
        .map(|d| d.first_day())
        .unwrap_or(0);
    let mut id = 0;
    for week in 0..104 {
        for k in 0..6 {
            let day = start + week * 7 + k;
            let hostile = day >= june;
            id += 1;
            b.push(&PointRef {
                id,
                date: Date::from_days(day).unwrap(),
                source: if k == 0 { "KAZGOV" } else { "KAZ" },
                target: "RUSGOV",
                root_code: None,
                quad_class: Some(if hostile { 4 } else { 1 }),
                goldstein: Some(if hostile { -7.0 } else { 3.0 }),
            });
        }
    }
    b.finish()
}

#[test]
fn both_methods_date_the_turn_of_a_dyad() {
    let data = kaz_rus();
    let (kaz, rus) = (Side::actor("KAZ").unwrap(), Side::actor("RUS").unwrap());
    let changes = data
        .dyad_changes(&kaz, &rus, false, &ChangeConfig::default())
        .unwrap();
    let bocpd: Vec<&Change> = changes
        .iter()
        .filter(|c| c.method == Method::Bocpd)
        .collect();
    assert_eq!(bocpd.len(), 1, "{bocpd:?}");
    assert_eq!(bocpd[0].period.to_string(), "2022-06");
    assert_eq!(bocpd[0].direction, Direction::Down);
    // about 26 cooperative events a month before, as many hostile after
    assert!(bocpd[0].size < -40.0, "{}", bocpd[0].size);
    assert!(!bocpd[0].event_ids.is_empty());
    assert_eq!(bocpd[0].series, "KAZ-RUS");
    // levels: the first hostile week, and no week before it
    let lv: Vec<&Change> = changes
        .iter()
        .filter(|c| c.method == Method::Levels)
        .collect();
    assert!(!lv.is_empty());
    assert_eq!(lv[0].period.to_string(), "2022-W22");
    assert_eq!((lv[0].direction, lv[0].level), (Direction::Down, Some(3)));
    // Monday and Tuesday cooperative, four hostile days: 2 − 4
    assert_eq!((lv[0].events, lv[0].value), (6, -2.0));
    assert_eq!(lv[0].event_ids.len(), 6);
    // the many-series search finds the same, and filters by date
    let q = ChangeQuery {
        country: Some("KAZGOV".into()),
        from: Date::parse("2022-05"),
        to: Date::parse("2022-06"),
        min_dyad_events: 5,
        ..ChangeQuery::default()
    };
    let found = data.changes(&q, &ChangeConfig::default()).unwrap();
    assert!(found
        .iter()
        .any(|c| c.method == Method::Bocpd && c.series == "KAZ-RUS"));
    assert!(found
        .iter()
        .all(|c| c.date.unwrap() >= Date::parse("2022-05-01").unwrap()));
    // ... and the series toward the pole RUS is the same dyad
    assert!(found.iter().filter(|c| c.b == "RUS").count() >= 2);
    let later = ChangeQuery {
        from: Date::parse("2023"),
        ..q
    };
    assert!(data.changes(&later, &ChangeConfig::default()).is_err());
}
