//! GDELT 2.0 event rows: the 61 columns of GDELT's event table, filled
//! from an event, its cluster and its place.

use faultline_store::{ClusterCounts, Precision, StoredEvent};

/// The columns of GDELT 2.0's event table, in GDELT's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The GDELT cells of an event (see the README for the mapping).
pub(crate) fn gdelt_row(stored: &StoredEvent, cluster: Option<ClusterCounts>) -> Vec<String> {
    let e = &stored.event;
    let mut row = vec![String::new(); GDELT_COLUMNS.len()];
    let mut set = |name: &str, value: String| {
        if let Some(i) = GDELT_COLUMNS.iter().position(|c| *c == name) {
            row[i] = value;
        }
    };
    set("GLOBALEVENTID", stored.id.to_string());
    let d = &e.date;
    let (year, month, day) = (d.year(), d.month(), d.day());
    if let (Some(m), Some(day)) = (month, day) {
        set("SQLDATE", format!("{year:04}{m:02}{day:02}"));
        // GDELT's approximation: 30-day months, 365-day years.
        let fraction = f64::from((m - 1) * 30 + day) / 365.0;
        set("FractionDate", format!("{:.4}", f64::from(year) + fraction));
    }
    if let Some(m) = month {
        set("MonthYear", format!("{year:04}{m:02}"));
    }
    set("Year", format!("{year:04}"));
    debug_assert!(d.precision() != Precision::Day || day.is_some());

    for (n, code, name) in [
        ("1", &e.source, e.evidence.source_text.clone()),
        ("2", &e.target, e.evidence.target_text.clone()),
    ] {
        let code = actor_code(code);
        set(&format!("Actor{n}Code"), code.to_string());
        set(&format!("Actor{n}Name"), name);
        set(
            &format!("Actor{n}CountryCode"),
            country_code(code).to_string(),
        );
    }
    set("IsRootEvent", u8::from(e.sentence_index == 0).to_string());
    set("EventCode", e.code.clone());
    set(
        "EventBaseCode",
        e.code.get(..3).unwrap_or(&e.code).to_string(),
    );
    set("EventRootCode", e.root_code.clone().unwrap_or_default());
    if let Some(q) = e.quad_class {
        set("QuadClass", q.to_string());
    }
    if let Some(g) = e.goldstein {
        set("GoldsteinScale", format!("{g:?}"));
    }
    if let Some(c) = cluster {
        set("NumMentions", c.mentions.to_string());
        set("NumSources", c.sources.to_string());
        set("NumArticles", c.articles.to_string());
    }
    // where the event happened. GDELT's country and ADM1 codes are FIPS
    // 10-4: the country code from the ISO one; the ADM1 code is that plus
    // the GeoNames admin1 code, which is the FIPS 10-4 region number for
    // most countries but ISO 3166-2 style for some (US, CH, BE, ME, …), an
    // approximation GDELT itself makes for the US ("USTX"). A country-level
    // location gets the country code as its ADM1 code, as in GDELT; other
    // locations without a region code (or stored before there was one)
    // get none.
    if let Some(loc) = &e.location {
        let us = loc.country_iso2 == "US";
        let precision = loc.precision.as_deref().unwrap_or("");
        let geo_type = match (precision, us) {
            ("country", _) => "1",
            ("admin1", true) => "2",
            ("city", true) => "3",
            ("city", false) => "4",
            _ => "5",
        };
        let full: Vec<&str> = [
            loc.name.as_str(),
            loc.admin1.as_deref().unwrap_or(""),
            loc.country_iso2.as_str(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
        set("ActionGeo_Type", geo_type.to_string());
        set("ActionGeo_FullName", full.join(", "));
        if let Some(fips) = faultline_geo::fips_country(&loc.country_iso2) {
            let adm1 = match (loc.admin1_code.as_deref().unwrap_or(""), precision) {
                ("", "country") => fips.to_string(),
                ("", _) => String::new(),
                (code, _) => format!("{fips}{code}"),
            };
            set("ActionGeo_CountryCode", fips.to_string());
            set("ActionGeo_ADM1Code", adm1);
        }
        for (col, x) in [("ActionGeo_Lat", loc.lat), ("ActionGeo_Long", loc.lon)] {
            if let Some(x) = x {
                set(col, x.to_string());
            }
        }
    }
    let added: String = stored
        .ingested_at
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    set("DATEADDED", added);
    set("SOURCEURL", stored.url.clone().unwrap_or_default());
    row
}

/// A CAMEO actor code as GDELT writes it: empty for an unknown actor
/// (`---`) and for a new-actor phrase (`"INJURY TOLL"`).
fn actor_code(code: &str) -> &str {
    if code.is_empty() || code.starts_with('-') || code.starts_with('"') {
        ""
    } else {
        code
    }
}

/// The country part of an actor code: its first three letters when they
/// are a country code (ISO 3166-1 alpha-3, plus the CAMEO codes of former
/// states and Kosovo).
fn country_code(code: &str) -> &str {
    match code.get(..3) {
        Some(c) if COUNTRIES.contains(&c) => c,
        _ => "",
    }
}

const COUNTRIES: [&str; 256] = [
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CSK", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DDR", "DEU", "DJI", "DMA", "DNK",
    "DOM", "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA",
    "FRO", "FSM", "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ",
    "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN",
    "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR",
    "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KSV", "KWT", "LAO", "LBN", "LBR",
    "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA",
    "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT",
    "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU",
    "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG",
    "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
    "SCG", "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM",
    "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD",
    "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TMP", "TON", "TTO", "TUN", "TUR", "TUV", "TWN",
    "TZA", "UGA", "UKR", "UMI", "URY", "USA", "USR", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR",
    "VNM", "VUT", "WLF", "WSM", "YEM", "YUG", "ZAF", "ZMB", "ZWE",
];

#[cfg(test)]
mod tests {
    use faultline_store::{Date, Evidence, Location, NewEvent, Origin};

    use super::*;

    /// A stored FRA→DEU event located at `location`.
    fn stored_event(location: Option<Location>) -> StoredEvent {
        let verb = Origin {
            file: "verbs.txt".into(),
            line: 1,
        };
        StoredEvent {
            id: 1,
            cluster_id: 1,
            document: 1,
            doc_id: "i".into(),
            url: None,
            ingested_at: "2024-01-01T00:00:00Z".into(),
            char_start: 0,
            char_end: 0,
            issues: Vec::new(),
            event: NewEvent {
                sentence_index: 0,
                source: "FRA".into(),
                target: "DEU".into(),
                code: "111".into(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                date: Date::parse("2022").unwrap(),
                date_evidence: "x".into(),
                evidence: Evidence::new("France", "Germany", "criticized", verb),
                location,
            },
        }
    }

    fn place(
        name: &str,
        iso2: &str,
        admin1: Option<&str>,
        admin1_code: Option<&str>,
        precision: Option<&str>,
    ) -> Location {
        Location {
            name: name.into(),
            country: String::new(),
            country_iso2: iso2.into(),
            admin1: admin1.map(String::from),
            admin1_code: admin1_code.map(String::from),
            lat: Some(1.5),
            lon: Some(-2.25),
            precision: precision.map(String::from),
        }
    }

    /// `ActionGeo_CountryCode` and `ActionGeo_ADM1Code` of an event at
    /// `location`.
    fn gdelt_geo_codes(location: Option<Location>) -> (String, String) {
        let e = stored_event(location);
        let row = gdelt_row(&e, None);
        let col = |name: &str| GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
        (
            row[col("ActionGeo_CountryCode")].clone(),
            row[col("ActionGeo_ADM1Code")].clone(),
        )
    }

    #[test]
    fn gdelt_geo_codes_are_fips() {
        let cases = [
            (
                place(
                    "Novorossiysk",
                    "RU",
                    Some("Krasnodar Krai"),
                    Some("38"),
                    Some("city"),
                ),
                ("RS", "RS38"),
            ),
            (
                place("Texas", "US", Some("Texas"), Some("TX"), Some("admin1")),
                ("US", "USTX"),
            ),
            (
                place("Ukraine", "UA", None, None, Some("country")),
                ("UP", "UP"),
            ),
            // a city without a region code
            (
                place("Berlin", "DE", Some("Berlin"), None, Some("city")),
                ("GM", ""),
            ),
            (
                place("Germany", "DE", None, None, Some("country")),
                ("GM", "GM"),
            ),
            // no or an unknown ISO code
            (place("Paris", "", None, None, None), ("", "")),
            (place("X", "QQ", None, Some("01"), Some("city")), ("", "")),
        ];
        for (location, (country, adm1)) in cases {
            let name = location.name.clone();
            assert_eq!(
                gdelt_geo_codes(Some(location)),
                (country.to_string(), adm1.to_string()),
                "{name}"
            );
        }
        assert_eq!(gdelt_geo_codes(None), (String::new(), String::new()));
    }

    #[test]
    fn gdelt_place_and_counts() {
        let loc = place(
            "Novorossiysk",
            "RU",
            Some("Krasnodar Krai"),
            Some("38"),
            Some("city"),
        );
        let counts = ClusterCounts {
            mentions: 4,
            sources: 2,
            articles: 3,
        };
        let row = gdelt_row(&stored_event(Some(loc)), Some(counts));
        let col = |name: &str| row[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
        assert_eq!(col("ActionGeo_Type"), "4");
        assert_eq!(
            col("ActionGeo_FullName"),
            "Novorossiysk, Krasnodar Krai, RU"
        );
        assert_eq!(
            (col("ActionGeo_Lat"), col("ActionGeo_Long")),
            ("1.5", "-2.25")
        );
        assert_eq!(
            (col("NumMentions"), col("NumSources"), col("NumArticles")),
            ("4", "2", "3")
        );
        assert_eq!(col("DATEADDED"), "20240101000000");
        // no precision, no coordinates: type 5, no lat/long
        let mut bare = place("Paris", "", None, None, None);
        (bare.lat, bare.lon) = (None, None);
        let row = gdelt_row(&stored_event(Some(bare)), None);
        let col = |name: &str| row[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
        assert_eq!(
            (col("ActionGeo_Type"), col("ActionGeo_FullName")),
            ("5", "Paris")
        );
        assert_eq!((col("ActionGeo_Lat"), col("ActionGeo_Long")), ("", ""));
    }

    #[test]
    fn actor_countries() {
        let cases = [
            ("USAGOV", "USAGOV", "USA"),
            ("FRA", "FRA", "FRA"),
            ("IGOUNO", "IGOUNO", ""),
            ("---", "", ""),
            ("\"INJURY TOLL\"", "", ""),
            ("MIL", "MIL", ""),
            ("", "", ""),
        ];
        for (code, gdelt, country) in cases {
            assert_eq!(actor_code(code), gdelt, "{code}");
            assert_eq!(country_code(actor_code(code)), country, "{code}");
        }
        let mut sorted = COUNTRIES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), COUNTRIES.len());
    }
}
