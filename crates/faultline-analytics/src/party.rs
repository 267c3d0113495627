//! Parties: what an actor code counts as in a series or an index.
//!
//! A CAMEO actor code is a chain of three-letter parts: `RUSGOVMIL` is
//! Russia's government's military. Analysis asks about states, so:
//!
//! - a code whose first three letters are a country (ISO 3166-1 alpha-3,
//!   plus CAMEO's `KSV` for Kosovo) rolls up to that country: `RUSGOV`,
//!   `RUSMIL` and `RUSOPP` are all `RUS`. Old codes CAMEO files still use
//!   are renamed to today's (`TMP` → `TLS`, `ROM` → `ROU`, `ZAR` → `COD`);
//! - any other code stays itself, whole: IGOs (`IGOEUREEC`, the EU;
//!   `IGOWSTNAT`, NATO), NGOs and multinationals (`NGOHRI`, `MNCUSA`: a
//!   company with a home country is not its state), armed groups without
//!   a country (`IMG…`), regions (`EUR`, `MEA`), religions, and states
//!   that no longer exist (`USR`, `YUG`);
//! - a code with no known country (`---`, `---GOV`) or no code at all is
//!   no party: such events are left out of every series.
//!
//! A [`Side`] is a set of parties; a party belongs to it when it starts
//! with one of its members, so that the side `IGOUNO` also holds the UN's
//! agencies (`IGOUNOKID`, UNICEF) while the side `RUS` holds only `RUS`.

use serde::Serialize;

use crate::AnalyticsError;

/// ISO 3166-1 alpha-3 codes of countries and territories, sorted (249,
/// from the ISO 3166 Maintenance Agency's list), and `KSV`.
const COUNTRIES: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KSV", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA",
    "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV",
    "MEX", "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ",
    "MUS", "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR",
    "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI",
    "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN",
    "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP",
    "SUR", "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK",
    "TKL", "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI",
    "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM",
    "ZAF", "ZMB", "ZWE",
];

/// Codes CAMEO dictionaries use for a country that ISO now writes
/// otherwise.
const RENAMED: &[(&str, &str)] = &[("ROM", "ROU"), ("TMP", "TLS"), ("ZAR", "COD")];

/// Whether `code` is a country (three letters, see the module doc).
pub fn is_country(code: &str) -> bool {
    code.len() == 3 && COUNTRIES.binary_search(&code).is_ok()
}

/// What kind of party a (rolled-up) party code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyKind {
    Country,
    /// An intergovernmental organisation (`IGO…`).
    Igo,
    /// Anything else that stays itself: NGOs, companies, regions, …
    Other,
}

impl PartyKind {
    pub fn of(party: &str) -> PartyKind {
        if is_country(party) {
            PartyKind::Country
        } else if party.starts_with("IGO") {
            PartyKind::Igo
        } else {
            PartyKind::Other
        }
    }
}

/// The party an actor code counts as: its country, or itself; `None`
/// for codes without a known country (see the module doc).
pub fn party(code: &str) -> Option<&str> {
    let code = code.trim();
    if code.is_empty() || code.starts_with('-') {
        return None;
    }
    if let Some(head) = code.get(..3) {
        if is_country(head) {
            return Some(head);
        }
        if let Some((_, new)) = RENAMED.iter().find(|(old, _)| *old == head) {
            return Some(new);
        }
    }
    Some(code)
}

/// A set of parties seen as one: a country (`RUS`), an organisation, or
/// a pole such as "the West".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// What it is called in output (`RUS`, `WEST`).
    pub name: String,
    /// Party codes; a party belongs to the side when it starts with one.
    pub members: Vec<String>,
}

impl Side {
    /// The side of one actor code, rolled up: `RUSGOV` gives `RUS`.
    pub fn actor(code: &str) -> Result<Side, AnalyticsError> {
        let p = party(code).ok_or_else(|| AnalyticsError::NoParty(code.to_string()))?;
        Ok(Side {
            name: p.to_string(),
            members: vec![p.to_string()],
        })
    }

    /// A named side of several parties (each rolled up as [`party`]).
    pub fn new(name: &str, members: &[&str]) -> Result<Side, AnalyticsError> {
        let mut m: Vec<String> = Vec::new();
        for code in members {
            let p = party(code).ok_or_else(|| AnalyticsError::NoParty(code.to_string()))?;
            if !m.iter().any(|x| x == p) {
                m.push(p.to_string());
            }
        }
        if m.is_empty() {
            return Err(AnalyticsError::EmptySide(name.to_string()));
        }
        Ok(Side {
            name: name.to_string(),
            members: m,
        })
    }

    /// Whether the (rolled-up) party `p` belongs to the side.
    pub fn contains(&self, p: &str) -> bool {
        self.members.iter().any(|m| p.starts_with(m.as_str()))
    }

    /// A default pole by name (`WEST`, `RUS`, `CHN`, any case), else the
    /// side of an actor code (`KAZ`, `IGOUNO`).
    pub fn pole(name: &str) -> Result<Side, AnalyticsError> {
        let upper = name.trim().to_ascii_uppercase();
        match default_poles().into_iter().find(|p| p.name == upper) {
            Some(p) => Ok(p),
            None => Side::actor(&upper),
        }
    }
}

/// Members of the European Union (27, since February 2020).
pub const EU_MEMBERS: &[&str] = &[
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
];

/// Members of NATO that are not in the EU (with Finland, 2023, and
/// Sweden, 2024, the EU members listed above that joined NATO).
pub const NATO_NON_EU_MEMBERS: &[&str] = &[
    "USA", "CAN", "GBR", "NOR", "ISL", "TUR", "ALB", "MNE", "MKD",
];

/// The default poles: `WEST` (the United States, the EU and NATO, as
/// organisations and as their member states: membership as of 2024,
/// taken for the whole period), `RUS` and `CHN`.
pub fn default_poles() -> Vec<Side> {
    let mut west = vec!["IGOEUREEC".to_string(), "IGOWSTNAT".to_string()];
    west.extend(NATO_NON_EU_MEMBERS.iter().map(|c| c.to_string()));
    west.extend(EU_MEMBERS.iter().map(|c| c.to_string()));
    let one = |c: &str| Side {
        name: c.to_string(),
        members: vec![c.to_string()],
    };
    vec![
        Side {
            name: "WEST".into(),
            members: west,
        },
        one("RUS"),
        one("CHN"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_is_sorted_and_whole() {
        assert!(COUNTRIES.windows(2).all(|w| w[0] < w[1]));
        // 249 ISO codes and KSV
        assert_eq!(COUNTRIES.len(), 250);
        assert!(COUNTRIES.iter().all(|c| c.len() == 3));
    }

    #[test]
    fn codes_roll_up_to_countries_and_others_stay() {
        let cases = [
            ("RUSGOV", Some("RUS")),
            ("RUSMIL", Some("RUS")),
            ("RUS", Some("RUS")),
            ("KAZGOVMIL", Some("KAZ")),
            ("TMPGOV", Some("TLS")),
            ("IGOEUREEC", Some("IGOEUREEC")),
            ("IGOUNOKID", Some("IGOUNOKID")),
            ("NGOHRI", Some("NGOHRI")),
            ("MNCUSA", Some("MNCUSA")),
            ("EUR", Some("EUR")),
            ("USR", Some("USR")),
            ("---GOV", None),
            ("---", None),
            ("", None),
            ("RU", Some("RU")),
            ("é", Some("é")),
        ];
        for (code, want) in cases {
            assert_eq!(party(code), want, "{code}");
        }
        assert_eq!(PartyKind::of("KAZ"), PartyKind::Country);
        assert_eq!(PartyKind::of("IGOWSTNAT"), PartyKind::Igo);
        assert_eq!(PartyKind::of("NGOHRI"), PartyKind::Other);
    }

    #[test]
    fn sides_hold_their_members_and_prefixes() {
        let un = Side::actor("IGOUNO").unwrap();
        assert!(un.contains("IGOUNOKID") && !un.contains("IGOEUREEC"));
        let west = Side::pole("west").unwrap();
        assert_eq!(west.members.len(), 2 + 9 + 27);
        assert!(west.contains("DEU") && west.contains("IGOWSTNAT") && !west.contains("RUS"));
        assert_eq!(Side::pole("kaz").unwrap().members, vec!["KAZ"]);
        assert!(matches!(Side::pole("---"), Err(AnalyticsError::NoParty(_))));
        assert!(matches!(
            Side::new("X", &[]),
            Err(AnalyticsError::EmptySide(_))
        ));
        let s = Side::new("CA", &["KAZGOV", "KAZ", "UZB"]).unwrap();
        assert_eq!(s.members, vec!["KAZ", "UZB"]);
    }
}
