//! Times the analytics over a generated store:
//! `cargo run --release -p faultline-analytics --example bench -- [EVENTS] [DB]`
//! (default 1,000,000 events in a temporary file). An existing DB is
//! reused as it is. Prints the time to load the rows and build the
//! dataset, and p50/p95 of series, alignment, partners and changes.

use std::time::{Duration, Instant};

use faultline_analytics::*;
use faultline_store::{
    content_hash, Date, Evidence, NewDocument, NewEvent, NewSentence, Origin, PointFilter, Store,
    StoreError,
};

const CODES: &[&str] = &[
    "USA",
    "RUS",
    "CHN",
    "KAZ",
    "UKR",
    "DEU",
    "FRA",
    "GBR",
    "TUR",
    "IRN",
    "IND",
    "JPN",
    "UZB",
    "KGZ",
    "TJK",
    "TKM",
    "BLR",
    "POL",
    "ISR",
    "SYR",
    "IGOEUREEC",
    "IGOWSTNAT",
    "IGOUNO",
    "PAK",
    "AFG",
    "KOR",
    "PRK",
    "SAU",
    "EGY",
    "BRA",
    "ITA",
    "ESP",
    "CAN",
    "AUS",
    "GEO",
    "ARM",
    "AZE",
    "MNG",
    "VNM",
    "IDN",
    "NGOHRI",
    "MNCUSA",
];
const ROLES: &[&str] = &["", "GOV", "MIL", "BUS", "OPP"];

fn generate(path: &std::path::Path, n: usize) -> Result<(), StoreError> {
    let mut store = Store::open(path)?;
    let mut rng = fastrand::Rng::with_seed(2022);
    let first = Date::parse("2018-01-01").map_or(0, |d| d.first_day());
    let per_doc = 50;
    let mut w = store.writer()?;
    let origin = Origin {
        file: "verbs.txt".into(),
        line: 1,
    };
    // a skewed choice: low indexes much more often
    let pick = |rng: &mut fastrand::Rng| CODES[(rng.f64().powi(3) * CODES.len() as f64) as usize];
    for d in 0..n.div_ceil(per_doc) {
        let day = first + rng.i64(0..6 * 365);
        let date = Date::from_days(day).unwrap_or(Date::UNIX_EPOCH);
        let id = format!("gen-{d}");
        let events: Vec<NewEvent> = (0..per_doc.min(n - d * per_doc))
            .map(|_| {
                let (s, mut t) = (pick(&mut rng), pick(&mut rng));
                if s == t {
                    t = CODES[rng.usize(0..CODES.len())];
                }
                let quad = rng.u8(1..5);
                let goldstein = match quad {
                    1 => rng.f64() * 4.0,
                    2 => 4.0 + rng.f64() * 6.0,
                    3 => -rng.f64() * 4.0,
                    _ => -4.0 - rng.f64() * 6.0,
                };
                NewEvent {
                    sentence_index: 0,
                    source: format!("{s}{}", ROLES[rng.usize(0..ROLES.len())]),
                    target: format!("{t}{}", ROLES[rng.usize(0..ROLES.len())]),
                    code: "040".into(),
                    root_code: Some("04".into()),
                    quad_class: Some(quad),
                    goldstein: Some(goldstein),
                    plover: None,
                    date,
                    date_evidence: "publication date".into(),
                    evidence: Evidence::new("a", "b", "met", origin.clone()),
                    location: None,
                }
            })
            .collect();
        let doc = NewDocument {
            content_hash: content_hash(id.as_bytes()),
            name: "generated",
            doc_id: &id,
            title: None,
            url: None,
            source: None,
            doc_date: date,
            date_source: "document",
            text: "A met B.",
        };
        let sentences = [NewSentence {
            index: 0,
            char_start: 0,
            char_end: 8,
            issues: vec![],
        }];
        w.insert(&doc, &sentences, &events)?;
        if d % 2_000 == 1_999 {
            w.commit()?;
            w = store.writer()?;
        }
    }
    w.commit()
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let q = |f: f64| times[((times.len() - 1) as f64 * f).round() as usize];
    println!(
        "{name:<28} n={:<4} p50 {:>8.2} ms  p95 {:>8.2} ms  max {:>8.2} ms",
        times.len(),
        q(0.5).as_secs_f64() * 1e3,
        q(0.95).as_secs_f64() * 1e3,
        q(1.0).as_secs_f64() * 1e3
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(Ok(1_000_000), |s| s.parse())?;
    let path = match args.get(2) {
        Some(p) => std::path::PathBuf::from(p),
        None => std::env::temp_dir().join(format!("faultline-analytics-bench-{n}.db")),
    };
    if !path.exists() {
        let t = Instant::now();
        generate(&path, n)?;
        println!(
            "generated {n} events in {:.1} s: {}",
            t.elapsed().as_secs_f64(),
            path.display()
        );
    }
    let store = Store::open_existing(&path)?;
    let t = Instant::now();
    let snap = store.snapshot()?;
    let mut b = DatasetBuilder::new();
    snap.for_each_event_point(&PointFilter::default(), |p| {
        b.push(&p);
        Ok::<(), StoreError>(())
    })?;
    let read = t.elapsed();
    let data = b.finish();
    println!(
        "read {} rows in {:.0} ms, indexed in {:.0} ms",
        data.coverage().events,
        read.as_secs_f64() * 1e3,
        (t.elapsed() - read).as_secs_f64() * 1e3
    );
    assert_eq!(data.coverage().events as usize, n);

    let mut rng = fastrand::Rng::with_seed(7);
    let countries = &CODES[..20];
    let side = |c: &str| {
        Side::actor(c).unwrap_or_else(|_| Side::pole("RUS").unwrap_or_else(|_| unreachable!()))
    };
    let mut times = Vec::new();
    for _ in 0..200 {
        let (a, b) = (countries[rng.usize(0..20)], countries[rng.usize(0..20)]);
        let q = SeriesQuery {
            interval: [Interval::Day, Interval::Week, Interval::Month][rng.usize(0..3)],
            directed: rng.bool(),
            max_ids: Some(100),
            ..SeriesQuery::default()
        };
        let t = Instant::now();
        let s = data.series(&side(a), &side(b), &q)?;
        times.push(t.elapsed());
        assert!(!s.points.is_empty());
    }
    report("series (day/week/month)", times);

    let poles = default_poles();
    let (lo, hi) = data.months().ok_or("no months")?;
    let mut times = Vec::new();
    for _ in 0..100 {
        let m = lo.offset(rng.i64(0..=hi.index - lo.index));
        let pole = &poles[rng.usize(0..poles.len())];
        let t = Instant::now();
        let a = data.alignment(m, pole, &AlignmentConfig::default())?;
        times.push(t.elapsed());
        assert!(a.countries.len() > 20);
    }
    report("alignment (all countries)", times);

    let mut times = Vec::new();
    for _ in 0..30 {
        let c = countries[rng.usize(0..20)];
        let pole = &poles[rng.usize(0..poles.len())];
        let t = Instant::now();
        let h = data.alignment_history(c, pole, lo, hi, &AlignmentConfig::default())?;
        times.push(t.elapsed());
        assert_eq!(h.len() as i64, hi.index - lo.index + 1);
    }
    report("alignment history (72 months)", times);

    let mut times = Vec::new();
    for _ in 0..50 {
        let c = countries[rng.usize(0..20)];
        let t = Instant::now();
        let p = data.partners(&side(c), None, None);
        times.push(t.elapsed());
        assert!(!p.is_empty());
    }
    report("partners", times);

    let mut times = Vec::new();
    for _ in 0..10 {
        let c = countries[rng.usize(0..20)];
        let q = ChangeQuery {
            country: Some(c.to_string()),
            max_dyads: 20,
            ..ChangeQuery::default()
        };
        let t = Instant::now();
        let _changes = data.changes(&q, &ChangeConfig::default())?;
        times.push(t.elapsed());
    }
    report("changes (a country, 20 dyads)", times);
    for c in ["USA", "KAZ"] {
        for poles in [vec![], default_poles()] {
            let q = ChangeQuery {
                country: Some(c.to_string()),
                max_dyads: 20,
                poles: poles.clone(),
                ..ChangeQuery::default()
            };
            let t = Instant::now();
            let n = data.changes(&q, &ChangeConfig::default())?.len();
            println!(
                "changes {c} with {} poles: {n} in {:.1} ms",
                poles.len(),
                t.elapsed().as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
