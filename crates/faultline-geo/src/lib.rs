//! Place names in news sentences, resolved to GeoNames places.
//!
//! The gazetteer (countries, first-level regions and the 34,000 places of
//! 15,000 people or more, from GeoNames, CC BY 4.0) is compiled into the
//! binary as one gzip'd TSV file (`data/geo/gazetteer.tsv.gz`, built by
//! `scripts/geo/build_gazetteer.py`) and parsed once, on first use.
//!
//! Geocoding runs on every sentence of every document, so the design
//! decision is the *prefilter*: news place names are capitalised, so only a
//! capitalised token can start a match, and it is looked up by a 64-bit
//! hash of its normalised form (lowercase, accents folded) computed while
//! reading its characters. A sentence without a place name costs one hash
//! lookup per capitalised word and allocates nothing. Longer names are
//! tried first ("New York" before "York"), up to the longest name that
//! starts with the word. Names are not stored a second time to check hash
//! hits: a false hit needs a 64-bit collision.
//!
//! Resolution then picks one candidate by a score: population (log10),
//! a bonus for countries and national capitals, a penalty for a match on
//! an alternate name only, and bonuses for the countries and regions of
//! the [`Context`] (the document's other places and coded actors). So
//! "Georgia" is the country unless the document places it in the United
//! States, "Tripoli" is in Libya unless Lebanon is mentioned, and "Paris"
//! near "Texas" is Paris, Texas.
//!
//! [`fips_country`] maps a place's ISO country code to its FIPS 10-4 code
//! (`data/geo/fips.tsv`, also GeoNames), which GDELT uses; a GDELT ADM1
//! code is that FIPS code followed by [`Location::admin1_code`].
//!
//! **Architecture invariant:** no I/O and no knowledge of parse trees or
//! events; callers pass tokens and say which mention an event happened at.
//!
//! ```
//! use faultline_geo::{Context, Gazetteer, Precision};
//! let geo = Gazetteer::builtin();
//! let tokens = ["Shelling", "hit", "Donetsk", "on", "Monday", "."];
//! let found = geo.find_places(&tokens);
//! assert_eq!((found[0].start, found[0].end), (2, 3));
//! let place = geo.resolve(&found[0], &Context::new()).unwrap();
//! assert_eq!((place.country.as_str(), place.precision), ("UKR", Precision::City));
//! ```

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;
use std::sync::OnceLock;

use serde::Serialize;

/// The gazetteer file, see `scripts/geo/README.md`.
const BUILTIN: &[u8] = include_bytes!("../../../data/geo/gazetteer.tsv.gz");

/// ISO alpha-2 to FIPS 10-4 country codes, see `scripts/geo/README.md`.
const FIPS: &str = include_str!("../../../data/geo/fips.tsv");

/// What kind of place a name denotes, and so how precise a location is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// A populated place.
    City,
    /// A first-level region (state, province, oblast).
    Admin1,
    /// A country.
    Country,
}

/// One gazetteer entry. Text fields are ranges into the gazetteer's text.
#[derive(Debug, Clone)]
struct Place {
    name: (u32, u32),
    admin1: (u32, u32),
    admin1_name: (u32, u32),
    iso2: [u8; 2],
    iso3: [u8; 3],
    /// Degrees times 10,000.
    lat: i32,
    lon: i32,
    population: u64,
    kind: Precision,
    capital: bool,
    /// 1-based line of the entry in the gazetteer's text.
    line: u32,
}

/// One place a mention may denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    place: u32,
    /// Matched an alternate name, not the place's own.
    alternate: bool,
}

/// A place name found in a sentence: tokens `start..end` and every place
/// it may denote.
#[derive(Debug, Clone, Copy)]
pub struct PlaceMention<'g> {
    pub start: usize,
    pub end: usize,
    pub candidates: &'g [Candidate],
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    /// The GeoNames name of the place (`Novorossiysk`).
    pub name: String,
    /// ISO 3166-1 alpha-3 country code, as in CAMEO actor codes (`RUS`).
    pub country: String,
    /// ISO 3166-1 alpha-2 country code (`RU`).
    pub country_iso2: String,
    /// The first-level region's name, when the place is in one.
    pub admin1: Option<String>,
    /// The GeoNames code of that region within its country (`38` for
    /// Krasnodar Krai, `TX` for Texas), when known: a FIPS 10-4 number
    /// for most countries, ISO 3166-2 style for some (US, CH, BE, …).
    pub admin1_code: Option<String>,
    /// Latitude and longitude in decimal degrees (4 places).
    pub lat: f64,
    pub lon: f64,
    /// `city`, `admin1` or `country`.
    pub precision: Precision,
}

/// What the rest of the document says about where it is: the countries
/// (ISO alpha-3) and regions of its other places and of its coded actors.
/// Each entry remembers which mention added it (`source`), so a mention
/// is resolved without its own vote (see [`Context::without`]).
#[derive(Debug, Clone, Default)]
pub struct Context {
    countries: Vec<([u8; 3], u32)>,
    regions: Vec<([u8; 2], u64, u32)>,
}

/// `source` of context entries that come from no mention (actor codes).
pub const NO_MENTION: u32 = u32::MAX;

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Adds a country by ISO alpha-3 code, or by a CAMEO actor code that
    /// starts with one (`RUSGOV` → `RUS`); other codes are ignored.
    pub fn add_actor_code(&mut self, code: &str) {
        let b = code.as_bytes();
        if b.len() >= 3 && b[..3].iter().all(u8::is_ascii_uppercase) {
            let c = [b[0], b[1], b[2]];
            if !self
                .countries
                .iter()
                .any(|&(k, s)| k == c && s == NO_MENTION)
            {
                self.countries.push((c, NO_MENTION));
            }
        }
    }

    /// True if the context names the country `iso3`.
    pub fn has_country(&self, iso3: &str) -> bool {
        self.countries.iter().any(|(c, _)| c == iso3.as_bytes())
    }

    /// The context less the entries mention `source` added.
    pub fn without(&self, source: u32) -> Context {
        Context {
            countries: self
                .countries
                .iter()
                .filter(|e| e.1 != source)
                .copied()
                .collect(),
            regions: self
                .regions
                .iter()
                .filter(|e| e.2 != source)
                .copied()
                .collect(),
        }
    }
}

/// Identity hasher for keys that already are hashes.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// The gazetteer: places and the name index.
pub struct Gazetteer {
    text: String,
    places: Vec<Place>,
    /// Name hash → range of `entries`.
    index: KeyMap<(u32, u32)>,
    entries: Vec<Candidate>,
    /// First-word hash → the most words of a name starting with it.
    first: KeyMap<u8>,
}

/// A broken gazetteer line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerError {
    pub line: usize,
    pub message: &'static str,
}

impl std::fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "gazetteer line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// Folds a letter to lowercase without accents; `None` drops the char.
fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' | 'Ĉ' | 'ĉ' | 'Ċ' | 'ċ' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => 'e',
        'Ğ' | 'ğ' | 'Ġ' | 'ġ' | 'Ģ' | 'ģ' => 'g',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'İ' | 'ı' | 'Į' | 'į' => 'i',
        'Ł' | 'ł' | 'Ľ' | 'ľ' | 'Ļ' | 'ļ' => 'l',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' | 'Ņ' | 'ņ' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ŕ' | 'ŕ' | 'Ř' | 'ř' => 'r',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' | 'Ș' | 'ș' => 's',
        'Ť' | 'ť' | 'Ţ' | 'ţ' | 'Ț' | 'ț' => 't',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' | 'Ų' | 'ų' => 'u',
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'ß' => 's',
        'Æ' | 'æ' => 'a',
        'Œ' | 'œ' => 'o',
        // curly apostrophes and the modifier letter used for them
        '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2013}' => '-',
        '\u{0300}'..='\u{036f}' => return None,
        _ => return c.to_lowercase().next(),
    };
    Some(base)
}

/// Feeds the normalised form of `word` into hash `h`.
fn hash_word(mut h: u64, word: &str) -> u64 {
    for c in word.chars() {
        // "St." and "St", "U.S." and "US" are one name
        if c == '.' {
            continue;
        }
        if let Some(f) = fold(c) {
            let mut buf = [0u8; 4];
            for &b in f.encode_utf8(&mut buf).as_bytes() {
                h = fnv(h, b);
            }
        }
    }
    h
}

/// The hash of a name: its normalised words joined by single spaces.
fn hash_name(name: &str) -> (u64, u64, usize) {
    let mut h = FNV_OFFSET;
    let mut first = 0;
    let mut words = 0;
    for w in name.split([' ', '\u{a0}']).filter(|w| !w.is_empty()) {
        if words > 0 {
            h = fnv(h, b' ');
        }
        h = hash_word(h, w);
        if words == 0 {
            first = h;
        }
        words += 1;
    }
    (h, first, words)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Words that may precede a place at the start of a sentence, or inside a
/// run of capitalised words, without making it part of a longer name.
const OPENERS: [&str; 30] = [
    "In", "At", "From", "Near", "Outside", "Inside", "Across", "Around", "To", "Into", "On", "The",
    "And", "But", "Both", "Neither", "Northern", "Southern", "Eastern", "Western", "Central",
    "North", "South", "East", "West", "Greater", "Downtown", "Occupied", "Rural", "Coastal",
];

/// Capitalised words that may follow a place ("in Kyiv Monday").
const FOLLOWERS: [&str; 22] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "On",
    "In",
    "And",
];

impl Gazetteer {
    /// The built-in gazetteer, parsed on first use.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::load_builtin)
    }

    /// Decompresses and parses the built-in gazetteer afresh (what
    /// [`Gazetteer::builtin`] does once); for measuring the load time.
    pub fn load_builtin() -> Gazetteer {
        let mut text = String::new();
        flate2::read::GzDecoder::new(BUILTIN)
            .read_to_string(&mut text)
            .expect("the built-in gazetteer is gzip'd UTF-8");
        Gazetteer::parse(text).expect("the built-in gazetteer parses")
    }

    /// Parses gazetteer TSV text (the format `scripts/geo/README.md`
    /// describes).
    pub fn parse(text: String) -> Result<Gazetteer, GazetteerError> {
        let mut places = Vec::with_capacity(40_000);
        let mut keys: Vec<(u64, Candidate)> = Vec::with_capacity(160_000);
        let mut first = KeyMap::<u8>::default();
        let mut offset = 0usize;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let at = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                continue;
            }
            let bad = |message| GazetteerError {
                line: n + 1,
                message,
            };
            let mut fields = [(0u32, 0u32); 11];
            let mut count = 0;
            let mut pos = at;
            for f in line.split('\t') {
                if count < fields.len() {
                    fields[count] = (pos as u32, (pos + f.len()) as u32);
                }
                count += 1;
                pos += f.len() + 1;
            }
            if count != 11 {
                return Err(bad("expected 11 tab-separated fields"));
            }
            let field = |i: usize| &text[fields[i].0 as usize..fields[i].1 as usize];
            let kind = match field(0) {
                "C" => Precision::Country,
                "A" => Precision::Admin1,
                "P" => Precision::City,
                _ => return Err(bad("kind is not C, A or P")),
            };
            let code =
                |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_uppercase());
            if !code(field(3), 2) || !code(field(4), 3) {
                return Err(bad("bad ISO country code"));
            }
            let degrees = |s: &str| {
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.abs() <= 180.0)
                    .map(|v| (v * 10_000.0).round() as i32)
            };
            let (Some(lat), Some(lon)) = (degrees(field(7)), degrees(field(8))) else {
                return Err(bad("bad coordinates"));
            };
            let Ok(population) = field(9).parse::<u64>() else {
                return Err(bad("bad population"));
            };
            let i3 = field(4).as_bytes();
            let i2 = field(3).as_bytes();
            let id = places.len() as u32;
            places.push(Place {
                name: fields[1],
                admin1: fields[5],
                admin1_name: fields[6],
                iso2: [i2[0], i2[1]],
                iso3: [i3[0], i3[1], i3[2]],
                lat,
                lon,
                population,
                kind,
                capital: field(10) == "c",
                line: (n + 1) as u32,
            });
            let names =
                std::iter::once((field(1), false)).chain(field(2).split('|').map(|a| (a, true)));
            for (name, alternate) in names {
                let (h, f, words) = hash_name(name);
                if words == 0 {
                    continue;
                }
                let max = first.entry(f).or_insert(0);
                *max = (*max).max(words.min(8) as u8);
                keys.push((
                    h,
                    Candidate {
                        place: id,
                        alternate,
                    },
                ));
            }
        }
        // one place per key: the own-name entry wins over an alternate
        keys.sort_unstable_by_key(|(h, c)| (*h, c.place, c.alternate));
        keys.dedup_by_key(|(h, c)| (*h, c.place));
        let mut index = KeyMap::default();
        index.reserve(keys.len());
        let mut entries = Vec::with_capacity(keys.len());
        let mut i = 0;
        while i < keys.len() {
            let h = keys[i].0;
            let start = entries.len() as u32;
            while i < keys.len() && keys[i].0 == h {
                entries.push(keys[i].1);
                i += 1;
            }
            index.insert(h, (start, entries.len() as u32));
        }
        Ok(Gazetteer {
            text,
            places,
            index,
            entries,
            first,
        })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    fn str(&self, r: (u32, u32)) -> &str {
        &self.text[r.0 as usize..r.1 as usize]
    }

    /// The place names in `tokens` (one sentence), longest first, left to
    /// right, without overlaps.
    pub fn find_places(&self, tokens: &[&str]) -> Vec<PlaceMention<'_>> {
        self.find_places_with(tokens.len(), |i| tokens[i])
    }

    /// As [`Gazetteer::find_places`], reading token `i` through `token`,
    /// so callers need not collect their tokens into a slice first.
    pub fn find_places_with<'t>(
        &self,
        len: usize,
        token: impl Fn(usize) -> &'t str,
    ) -> Vec<PlaceMention<'_>> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < len {
            let word = token(i);
            if !capitalised(word) {
                i += 1;
                continue;
            }
            let h1 = hash_word(FNV_OFFSET, word);
            let Some(&max) = self.first.get(&h1) else {
                i += 1;
                continue;
            };
            // hashes of tokens i..i+1, i..i+2, …
            let max = usize::from(max).min(len - i);
            let mut hashes = [0u64; 8];
            let mut h = h1;
            hashes[0] = h;
            for (k, slot) in hashes.iter_mut().enumerate().take(max).skip(1) {
                h = hash_word(fnv(h, b' '), token(i + k));
                *slot = h;
            }
            let hit = (1..=max).rev().find_map(|n| {
                // the last word has a capital ("Rio de Janeiro", "Deir ez-Zor")
                if n > 1 && !token(i + n - 1).chars().any(char::is_uppercase) {
                    return None;
                }
                let &(a, b) = self.index.get(&hashes[n - 1])?;
                Some((n, &self.entries[a as usize..b as usize]))
            });
            let Some((n, candidates)) = hit else {
                i += 1;
                continue;
            };
            let end = i + n;
            // an all-capitals word ("UN", "NATO", a dateline) is a place
            // only as a country abbreviation ("US", "UK", "UAE")
            let shouting = n == 1 && {
                let mut letters = word.chars().filter(|c| c.is_alphabetic());
                letters.clone().count() > 1 && letters.all(char::is_uppercase)
            };
            if shouting
                && !candidates
                    .iter()
                    .any(|c| self.places[c.place as usize].kind == Precision::Country)
            {
                i = end;
                continue;
            }
            // part of a longer proper name ("Barack Obama", "Washington Post")?
            let before = i > 0 && {
                let p = token(i - 1);
                i > 1 && capitalised(p) && !OPENERS.contains(&p)
            };
            let after = end < len && {
                let w = token(end);
                capitalised(w) && !FOLLOWERS.contains(&w)
            };
            if !before && !after {
                found.push(PlaceMention {
                    start: i,
                    end,
                    candidates,
                });
            }
            i = end;
        }
        found
    }

    /// The score of a candidate in `ctx`; higher is likelier.
    fn score(&self, c: Candidate, ctx: &Context) -> f64 {
        let p = &self.places[c.place as usize];
        let mut s = ((p.population + 1) as f64).log10();
        match p.kind {
            Precision::Country => s += 3.0,
            Precision::Admin1 => s += 0.5,
            Precision::City => {}
        }
        if p.capital {
            s += 1.5;
        }
        if c.alternate {
            s -= 0.5;
        }
        if ctx.countries.iter().any(|(k, _)| *k == p.iso3) {
            s += 3.0;
        }
        if p.kind != Precision::Country {
            let region = hash_word(FNV_OFFSET, self.str(p.admin1));
            if ctx
                .regions
                .iter()
                .any(|&(k, r, _)| k == p.iso2 && r == region)
            {
                s += 3.0;
            }
        }
        s
    }

    /// The candidates of `mention` best first, with their scores.
    fn ranked(&self, mention: &PlaceMention<'_>, ctx: &Context) -> Vec<(f64, Candidate)> {
        let mut ranked: Vec<(f64, Candidate)> = mention
            .candidates
            .iter()
            .map(|&c| {
                let mut s = self.score(c, ctx);
                // a region named after its main city ("Donetsk"): the city
                if self.places[c.place as usize].kind == Precision::Admin1
                    && mention.candidates.iter().any(|o| self.namesake_city(c, *o))
                {
                    s -= 2.0;
                }
                (s, c)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.place.cmp(&b.1.place)));
        ranked
    }

    /// True if `city` is a city in region `region`.
    fn namesake_city(&self, region: Candidate, city: Candidate) -> bool {
        let (r, c) = (
            &self.places[region.place as usize],
            &self.places[city.place as usize],
        );
        c.kind == Precision::City && c.iso2 == r.iso2 && self.str(c.admin1) == self.str(r.admin1)
    }

    /// The place `mention` most likely denotes in `ctx`.
    pub fn resolve(&self, mention: &PlaceMention<'_>, ctx: &Context) -> Option<Location> {
        let best = self.ranked(mention, ctx).first()?.1;
        Some(self.location(best.place))
    }

    /// As [`Gazetteer::resolve`], but only when the best candidate beats
    /// every candidate in another country by `margin` or more ("Newport"
    /// may be in Wales or in Rhode Island: `None`), with the 1-based line
    /// of the chosen entry in the gazetteer's text, for evidence that
    /// names the entry (`data/geo/gazetteer.tsv.gz` decompressed).
    pub fn resolve_clear(
        &self,
        mention: &PlaceMention<'_>,
        ctx: &Context,
        margin: f64,
    ) -> Option<(Location, u32)> {
        let ranked = self.ranked(mention, ctx);
        let &(score, best) = ranked.first()?;
        let p = &self.places[best.place as usize];
        let rival = ranked
            .iter()
            .find(|(_, o)| self.places[o.place as usize].iso3 != p.iso3)
            .is_some_and(|&(s, _)| score - s < margin);
        (!rival).then(|| (self.location(best.place), p.line))
    }

    fn location(&self, id: u32) -> Location {
        let p = &self.places[id as usize];
        let admin1 = self.str(p.admin1_name);
        let admin1_code = self.str(p.admin1);
        Location {
            name: self.str(p.name).to_string(),
            country: String::from_utf8_lossy(&p.iso3).into_owned(),
            country_iso2: String::from_utf8_lossy(&p.iso2).into_owned(),
            admin1: (!admin1.is_empty()).then(|| admin1.to_string()),
            admin1_code: (!admin1_code.is_empty()).then(|| admin1_code.to_string()),
            lat: f64::from(p.lat) / 10_000.0,
            lon: f64::from(p.lon) / 10_000.0,
            precision: p.kind,
        }
    }

    /// Adds the document context `mentions` give: each mention whose best
    /// candidate (in `ctx` as given) clearly beats the next adds that
    /// place's country and region, tagged with the mention's position in
    /// `mentions` as its source.
    pub fn add_mentions<'m, 'g: 'm>(
        &self,
        ctx: &mut Context,
        mentions: impl IntoIterator<Item = &'m PlaceMention<'g>>,
    ) {
        let base = ctx.clone();
        for (source, m) in mentions.into_iter().enumerate() {
            let ranked = self.ranked(m, &base);
            let Some(&(best, c)) = ranked.first() else {
                continue;
            };
            let p = &self.places[c.place as usize];
            let second = ranked
                .iter()
                .find(|(_, o)| self.places[o.place as usize].iso3 != p.iso3)
                .map_or(f64::MIN, |o| o.0);
            if best - second < 1.0 {
                continue;
            }
            ctx.countries.push((p.iso3, source as u32));
            if p.kind != Precision::Country {
                let region = hash_word(FNV_OFFSET, self.str(p.admin1));
                ctx.regions.push((p.iso2, region, source as u32));
            }
        }
    }

    /// Finds and resolves every place of one text, each in the context of
    /// the others and of `ctx`. A convenience for tests and small inputs:
    /// the text is split into words at spaces and around punctuation.
    pub fn locate_text(&self, text: &str, ctx: &Context) -> Vec<(String, Location)> {
        let tokens = simple_tokens(text);
        let found = self.find_places(&tokens);
        let mut full = ctx.clone();
        self.add_mentions(&mut full, &found);
        found
            .iter()
            .enumerate()
            .filter_map(|(k, m)| {
                let loc = self.resolve(m, &full.without(k as u32))?;
                Some((tokens[m.start..m.end].join(" "), loc))
            })
            .collect()
    }
}

/// The FIPS 10-4 code of the country with ISO 3166-1 alpha-2 code `iso2`
/// (`RU` → `RS`, `DE` → `GM`, `GB` → `UK`), as GDELT writes countries;
/// `None` for a code the table lacks. The table is parsed on first use.
///
/// ```
/// assert_eq!(faultline_geo::fips_country("UA"), Some("UP"));
/// assert_eq!(faultline_geo::fips_country("XX"), None);
/// ```
pub fn fips_country(iso2: &str) -> Option<&'static str> {
    static TABLE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<_> = FIPS.lines().filter_map(fips_line).collect();
        t.sort_unstable();
        t.dedup_by_key(|e| e.0);
        t
    });
    let i = table.binary_search_by(|e| e.0.cmp(iso2)).ok()?;
    Some(table[i].1)
}

/// One `iso2<TAB>fips` line of the FIPS table; `None` for a comment, a
/// blank line or a malformed line (which are skipped, never a panic).
fn fips_line(line: &str) -> Option<(&str, &str)> {
    let code = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
    let (iso2, fips) = line.trim_end_matches('\r').split_once('\t')?;
    (code(iso2) && code(fips)).then_some((iso2, fips))
}

/// Splits `text` into words at spaces and around punctuation, keeping
/// the inner periods and hyphens of words ("U.S.", "Guinea-Bissau") and
/// splitting off a possessive "'s".
pub fn simple_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut w = chunk;
        let mut tail = Vec::new();
        while let Some(c) = w.chars().next() {
            if c.is_alphanumeric() {
                break;
            }
            out.push(&w[..c.len_utf8()]);
            w = &w[c.len_utf8()..];
        }
        while let Some(c) = w.chars().next_back() {
            // keep the final period of an abbreviation: "U.S.", "St."
            let abbreviation =
                c == '.' && (w[..w.len() - 1].contains('.') || (w.len() <= 3 && capitalised(w)));
            if c.is_alphanumeric() || abbreviation {
                break;
            }
            tail.push(&w[w.len() - c.len_utf8()..]);
            w = &w[..w.len() - c.len_utf8()];
        }
        for suffix in ["'s", "\u{2019}s"] {
            if w.len() > suffix.len() && w.ends_with(suffix) {
                tail.push(&w[w.len() - suffix.len()..]);
                w = &w[..w.len() - suffix.len()];
            }
        }
        if !w.is_empty() {
            out.push(w);
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clear_place_carries_its_line_and_an_ambiguous_one_none() {
        let geo = Gazetteer::builtin();
        let clear = geo.find_places(&["in", "Avdiivka"]);
        let (loc, line) = geo
            .resolve_clear(&clear[0], &Context::new(), 1.0)
            .expect("one Avdiivka");
        assert_eq!(loc.country, "UKR");
        let text = geo.text.lines().nth(line as usize - 1).unwrap_or_default();
        assert!(text.contains("Avdiivka"), "line {line}: {text}");
        // Newport, Wales and Newport, Rhode Island
        let shared = geo.find_places(&["at", "Newport"]);
        assert!(geo
            .resolve_clear(&shared[0], &Context::new(), 1.0)
            .is_none());
        assert!(geo.resolve(&shared[0], &Context::new()).is_some());
    }

    #[test]
    fn every_fips_line_parses() {
        let mut rows = 0;
        for (n, line) in FIPS.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            assert!(
                fips_line(line).is_some(),
                "fips.tsv line {}: {line:?}",
                n + 1
            );
            rows += 1;
        }
        assert!(rows > 240, "{rows} countries");
        for (iso2, fips) in [
            ("RU", "RS"),
            ("US", "US"),
            ("DE", "GM"),
            ("GB", "UK"),
            ("KZ", "KZ"),
            ("UA", "UP"),
        ] {
            assert_eq!(fips_country(iso2), Some(fips), "{iso2}");
        }
        for junk in ["", "X", "XX", "ru", "RUS", "\t", "R\u{e9}"] {
            assert_eq!(fips_country(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn malformed_fips_lines_are_skipped() {
        for bad in [
            "",
            "# RU\tRS",
            "RU",
            "RU\t",
            "RU\tRS\tX",
            "ru\trs",
            "RUS\tRS",
            "\u{e9}\tRS",
        ] {
            assert_eq!(fips_line(bad), None, "{bad:?}");
        }
        assert_eq!(fips_line("RU\tRS\r"), Some(("RU", "RS")));
    }

    #[test]
    fn locations_carry_the_admin1_code() {
        let geo = Gazetteer::builtin();
        let found = geo.locate_text("Oil was blocked at Novorossiysk.", &Context::new());
        let loc = &found[0].1;
        assert_eq!(
            (loc.admin1.as_deref(), loc.admin1_code.as_deref()),
            (Some("Krasnodar Krai"), Some("38"))
        );
        let json = serde_json::to_string(loc).unwrap();
        assert!(
            json.contains(r#""admin1":"Krasnodar Krai","admin1_code":"38","lat""#),
            "{json}"
        );
        let found = geo.locate_text("Talks in Kazakhstan.", &Context::new());
        let loc = &found[0].1;
        assert_eq!(loc.precision, Precision::Country);
        assert_eq!(
            (loc.admin1.as_deref(), loc.admin1_code.as_deref()),
            (None, None)
        );
    }
}
