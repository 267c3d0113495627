//! `faultline export`: write what a store holds as JSON Lines, CSV,
//! GDELT 2.0 event rows or a folder of Parquet files.
//!
//! Each table has one row type whose serialized fields are its columns, in
//! order, and one list of [`Column`]s naming them with their Parquet type.
//! JSON Lines writes the row as it is, CSV writes the same fields as cells
//! (nested JSON as JSON text), and Parquet puts the same fields into typed
//! columns ([`parquet_files`]). The GDELT format maps events onto GDELT's 61
//! event-table columns ([`GDELT_COLUMNS`]).

mod parquet_files;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use faultline_store::{Cluster, Precision, Store, StoredDocument, StoredEvent};
use serde::de::{MapAccess, Visitor};
use serde::{Deserializer as _, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::cli::{ExportArgs, ExportFormat, ExportTable};

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if args.format == ExportFormat::Gdelt && args.table != ExportTable::Events {
        anyhow::bail!("--format gdelt writes events only (use --table events)");
    }
    if args.format == ExportFormat::Parquet && args.out.is_none() {
        anyhow::bail!("--format parquet writes a folder of files: name it with --out DIR");
    }
    let store = Store::open_existing(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    if let (ExportFormat::Parquet, Some(dir)) = (args.format, &args.out) {
        parquet_files::export(&store, args.table, dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    match args.table {
        ExportTable::Events => export_events(&store, args.format, &mut out)?,
        ExportTable::Documents => export_documents(&store, args.format, &mut out)?,
        ExportTable::Clusters => export_clusters(&store, args.format, &mut out)?,
    }
    out.flush().context("cannot write the export")?;
    Ok(ExitCode::SUCCESS)
}

/// A column of an exported table: its name (a field of the table's row
/// type) and its type in Parquet files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    name: &'static str,
    kind: Kind,
}

/// The Parquet (Arrow) type of a column. Every column may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int64,
    Int32,
    Float64,
    /// Text; nested JSON (`issues`, `evidence`) is its JSON text, as in CSV.
    Utf8,
    /// A list of ids (a cluster's `events`).
    Int64List,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// Columns of `--table events`, in order.
const EVENT_COLUMNS: [Column; 23] = [
    col("event_id", Kind::Int64),
    col("cluster_id", Kind::Int64),
    col("document", Kind::Int64),
    col("doc_id", Kind::Utf8),
    col("sentence_index", Kind::Int64),
    col("date", Kind::Utf8),
    col("date_precision", Kind::Utf8),
    col("date_evidence", Kind::Utf8),
    col("source", Kind::Utf8),
    col("target", Kind::Utf8),
    col("code", Kind::Utf8),
    col("root_code", Kind::Utf8),
    col("quad_class", Kind::Int32),
    col("goldstein", Kind::Float64),
    col("plover_category", Kind::Utf8),
    col("plover_mode", Kind::Utf8),
    col("plover_context", Kind::Utf8),
    col("char_start", Kind::Int64),
    col("char_end", Kind::Int64),
    col("url", Kind::Utf8),
    col("issues", Kind::Utf8),
    col("evidence", Kind::Utf8),
    col("location", Kind::Utf8),
];

/// One event. `cluster_id` joins it to `--table clusters`; `document` to
/// `--table documents`.
#[derive(Debug, Serialize)]
struct EventRow<'a> {
    event_id: i64,
    cluster_id: Option<i64>,
    document: i64,
    doc_id: &'a str,
    sentence_index: u32,
    date: String,
    date_precision: &'static str,
    date_evidence: &'a str,
    source: &'a str,
    target: &'a str,
    code: &'a str,
    root_code: Option<&'a str>,
    quad_class: Option<u8>,
    goldstein: Option<f64>,
    plover_category: Option<&'a str>,
    plover_mode: Option<&'a str>,
    plover_context: Option<&'a str>,
    /// Byte offsets into the document text.
    char_start: usize,
    char_end: usize,
    url: Option<&'a str>,
    issues: Json<'a>,
    evidence: Json<'a>,
    /// `{"name", "country", "country_iso2", "admin1", "admin1_code", "lat",
    /// "lon", "precision"}` or `null`.
    location: Option<Json<'a>>,
}

impl<'a> EventRow<'a> {
    fn new(stored: &'a StoredEvent, cluster: Option<&ClusterStats>) -> EventRow<'a> {
        let e = &stored.event;
        let p = e.plover.as_ref();
        EventRow {
            event_id: stored.id,
            cluster_id: cluster.map(|c| c.id),
            document: stored.document,
            doc_id: &stored.doc_id,
            sentence_index: e.sentence_index,
            date: e.date.to_string(),
            date_precision: e.date.precision().as_str(),
            date_evidence: &e.date_evidence,
            source: &e.source,
            target: &e.target,
            code: &e.code,
            root_code: e.root_code.as_deref(),
            quad_class: e.quad_class,
            goldstein: e.goldstein,
            plover_category: p.map(|p| p.category.as_str()),
            plover_mode: p.map(|p| p.mode.as_str()),
            plover_context: p.map(|p| p.context.as_str()),
            char_start: e.char_start,
            char_end: e.char_end,
            url: stored.url.as_deref(),
            issues: json_or_text(&e.issues),
            evidence: json_or_text(&e.evidence),
            location: e.location.as_deref().map(json_or_text),
        }
    }
}

/// Stored JSON, written as stored (keys in their order); text that is not
/// JSON is written as a string.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Json<'a> {
    Raw(&'a RawValue),
    Text(&'a str),
}

fn json_or_text(s: &str) -> Json<'_> {
    match serde_json::from_str(s) {
        Ok(raw) => Json::Raw(raw),
        Err(_) => Json::Text(s),
    }
}

/// Columns of `--table documents`, in order.
const DOCUMENT_COLUMNS: [Column; 13] = [
    col("document", Kind::Int64),
    col("doc_id", Kind::Utf8),
    col("name", Kind::Utf8),
    col("title", Kind::Utf8),
    col("url", Kind::Utf8),
    col("source", Kind::Utf8),
    col("doc_date", Kind::Utf8),
    col("date_source", Kind::Utf8),
    col("content_hash", Kind::Utf8),
    col("ingested_at", Kind::Utf8),
    col("sentences", Kind::Int64),
    col("events", Kind::Int64),
    col("text", Kind::Utf8),
];

#[derive(Debug, Serialize)]
struct DocumentRow<'a> {
    document: i64,
    doc_id: &'a str,
    name: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<&'a str>,
    doc_date: String,
    date_source: &'a str,
    content_hash: &'a str,
    ingested_at: &'a str,
    sentences: u64,
    events: u64,
    text: &'a str,
}

impl<'a> DocumentRow<'a> {
    fn new(d: &'a StoredDocument) -> DocumentRow<'a> {
        DocumentRow {
            document: d.id,
            doc_id: &d.doc_id,
            name: &d.name,
            title: d.title.as_deref(),
            url: d.url.as_deref(),
            source: d.source.as_deref(),
            doc_date: d.doc_date.to_string(),
            date_source: &d.date_source,
            content_hash: &d.content_hash,
            ingested_at: &d.ingested_at,
            sentences: d.sentences,
            events: d.events,
            text: &d.text,
        }
    }
}

/// Columns of `--table clusters`, in order.
const CLUSTER_COLUMNS: [Column; 9] = [
    col("cluster_id", Kind::Int64),
    col("source", Kind::Utf8),
    col("target", Kind::Utf8),
    col("root_code", Kind::Utf8),
    col("first_date", Kind::Utf8),
    col("mentions", Kind::Int64),
    col("sources", Kind::Int64),
    col("articles", Kind::Int64),
    col("events", Kind::Int64List),
];

#[derive(Debug, Serialize)]
struct ClusterRow<'a> {
    cluster_id: i64,
    source: &'a str,
    target: &'a str,
    root_code: Option<&'a str>,
    first_date: String,
    mentions: usize,
    sources: usize,
    articles: usize,
    events: &'a [i64],
}

impl<'a> ClusterRow<'a> {
    fn new(c: &'a Cluster) -> ClusterRow<'a> {
        ClusterRow {
            cluster_id: c.id,
            source: &c.source,
            target: &c.target,
            root_code: c.root_code.as_deref(),
            first_date: c.first_date.to_string(),
            mentions: c.mentions,
            sources: c.sources,
            articles: c.articles,
            events: &c.events,
        }
    }
}

/// What an event's GDELT row needs from its cluster.
#[derive(Debug, Clone, Copy)]
struct ClusterStats {
    id: i64,
    mentions: usize,
    sources: usize,
    articles: usize,
}

fn cluster_of_each_event(store: &Store) -> anyhow::Result<HashMap<i64, ClusterStats>> {
    let clusters = store.clusters().context("cannot cluster the events")?;
    let mut map = HashMap::new();
    for c in &clusters {
        let stats = ClusterStats {
            id: c.id,
            mentions: c.mentions,
            sources: c.sources,
            articles: c.articles,
        };
        for &e in &c.events {
            map.insert(e, stats);
        }
    }
    Ok(map)
}

fn export_events(store: &Store, format: ExportFormat, out: &mut impl Write) -> anyhow::Result<()> {
    let clusters = cluster_of_each_event(store)?;
    let mut rows = Rows::new(format, &EVENT_COLUMNS, out)?;
    for e in store.events() {
        let e = e.context("cannot read the events")?;
        let cluster = clusters.get(&e.id);
        match format {
            ExportFormat::Gdelt => rows.gdelt(&gdelt_row(&e, cluster))?,
            _ => rows.write(&EventRow::new(&e, cluster))?,
        }
    }
    Ok(())
}

fn export_documents(
    store: &Store,
    format: ExportFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut rows = Rows::new(format, &DOCUMENT_COLUMNS, out)?;
    for d in store.documents() {
        let d = d.context("cannot read the documents")?;
        rows.write(&DocumentRow::new(&d))?;
    }
    Ok(())
}

fn export_clusters(
    store: &Store,
    format: ExportFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let clusters = store.clusters().context("cannot cluster the events")?;
    let mut rows = Rows::new(format, &CLUSTER_COLUMNS, out)?;
    for c in &clusters {
        rows.write(&ClusterRow::new(c))?;
    }
    Ok(())
}

/// Writes rows of one table in one format.
struct Rows<'w, W: Write> {
    format: ExportFormat,
    columns: &'static [Column],
    out: &'w mut W,
}

impl<'w, W: Write> Rows<'w, W> {
    /// Starts the output (the CSV header).
    fn new(
        format: ExportFormat,
        columns: &'static [Column],
        out: &'w mut W,
    ) -> io::Result<Rows<'w, W>> {
        if format == ExportFormat::Csv {
            let header: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
            write_csv_record(out, &header)?;
        }
        Ok(Rows {
            format,
            columns,
            out,
        })
    }

    /// One row as JSON Lines or CSV.
    fn write(&mut self, row: &impl Serialize) -> io::Result<()> {
        let json = serde_json::to_string(row).map_err(io::Error::from)?;
        match self.format {
            ExportFormat::Csv => {
                let cells: Vec<String> = fields(&json)?.iter().map(|(_, v)| csv_cell(v)).collect();
                debug_assert_eq!(cells.len(), self.columns.len());
                write_csv_record(self.out, &cells)
            }
            _ => {
                self.out.write_all(json.as_bytes())?;
                self.out.write_all(b"\n")
            }
        }
    }

    /// One GDELT row: tab-separated, tabs and line breaks in values
    /// replaced by spaces.
    fn gdelt(&mut self, cells: &[String]) -> io::Result<()> {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            let clean = cell.replace(['\t', '\n', '\r'], " ");
            self.out.write_all(clean.as_bytes())?;
        }
        self.out.write_all(b"\n")
    }
}

/// The top-level fields of a JSON object, in order, values as written.
fn fields(json: &str) -> io::Result<Vec<(String, Box<RawValue>)>> {
    struct Fields;
    impl<'de> Visitor<'de> for Fields {
        type Value = Vec<(String, Box<RawValue>)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Fields).map_err(io::Error::from)
}

/// A JSON value as a CSV cell: `null` is empty, a string is its text,
/// anything else (numbers, booleans, arrays, objects) its JSON text.
fn csv_cell(v: &RawValue) -> String {
    let text = v.get();
    match text {
        "null" => String::new(),
        _ if text.starts_with('"') => serde_json::from_str(text).unwrap_or_default(),
        _ => text.to_string(),
    }
}

/// One CSV record (RFC 4180): a cell with a comma, a quote or a line break
/// is quoted, its quotes doubled; records end with CRLF.
fn write_csv_record(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(cell.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

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
fn gdelt_row(stored: &StoredEvent, cluster: Option<&ClusterStats>) -> Vec<String> {
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

    let evidence: Value = serde_json::from_str(&e.evidence).unwrap_or(Value::Null);
    let text = |key: &str| {
        evidence
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    for (n, code, name) in [
        ("1", &e.source, text("source_text")),
        ("2", &e.target, text("target_text")),
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
    if let Some(loc) = e
        .location
        .as_deref()
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
    {
        let field = |k: &str| loc.get(k).and_then(Value::as_str).unwrap_or("");
        let us = field("country_iso2") == "US";
        let geo_type = match (field("precision"), us) {
            ("country", _) => "1",
            ("admin1", true) => "2",
            ("city", true) => "3",
            ("city", false) => "4",
            _ => "5",
        };
        let full: Vec<&str> = [field("name"), field("admin1"), field("country_iso2")]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        set("ActionGeo_Type", geo_type.to_string());
        set("ActionGeo_FullName", full.join(", "));
        if let Some(fips) = faultline_geo::fips_country(field("country_iso2")) {
            let adm1 = match (field("admin1_code"), field("precision")) {
                ("", "country") => fips.to_string(),
                ("", _) => String::new(),
                (code, _) => format!("{fips}{code}"),
            };
            set("ActionGeo_CountryCode", fips.to_string());
            set("ActionGeo_ADM1Code", adm1);
        }
        for (col, key) in [("ActionGeo_Lat", "lat"), ("ActionGeo_Long", "lon")] {
            if let Some(x) = loc.get(key).and_then(Value::as_f64) {
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
    use super::*;

    fn keys(row: &impl Serialize) -> Vec<String> {
        let json = serde_json::to_string(row).unwrap();
        fields(&json).unwrap().into_iter().map(|(k, _)| k).collect()
    }

    fn names(columns: &[Column]) -> Vec<&str> {
        columns.iter().map(|c| c.name).collect()
    }

    #[test]
    fn columns_follow_the_row_types() {
        let c = Cluster {
            id: 1,
            source: "A".into(),
            target: "B".into(),
            root_code: None,
            first_date: faultline_store::Date::parse("2022").unwrap(),
            mentions: 1,
            sources: 1,
            articles: 1,
            events: vec![],
        };
        assert_eq!(keys(&ClusterRow::new(&c)), names(&CLUSTER_COLUMNS));
        let d = StoredDocument {
            id: 1,
            content_hash: "h".into(),
            name: "n".into(),
            doc_id: "i".into(),
            title: None,
            url: None,
            source: None,
            doc_date: faultline_store::Date::parse("2022-01-01").unwrap(),
            date_source: "document".into(),
            text: "t".into(),
            ingested_at: "2024-01-01T00:00:00Z".into(),
            sentences: 0,
            events: 0,
        };
        assert_eq!(keys(&DocumentRow::new(&d)), names(&DOCUMENT_COLUMNS));
        let e = stored_event(None);
        assert_eq!(keys(&EventRow::new(&e, None)), names(&EVENT_COLUMNS));
    }

    /// A stored FRA→DEU event located at `location` (stored JSON).
    fn stored_event(location: Option<&str>) -> StoredEvent {
        StoredEvent {
            id: 1,
            document: 1,
            doc_id: "i".into(),
            url: None,
            ingested_at: "2024-01-01T00:00:00Z".into(),
            event: faultline_store::NewEvent {
                sentence_index: 0,
                source: "FRA".into(),
                target: "DEU".into(),
                code: "111".into(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                date: faultline_store::Date::parse("2022").unwrap(),
                date_evidence: "x".into(),
                char_start: 0,
                char_end: 0,
                issues: "[]".into(),
                evidence: "{\"a\":{\"b\":1}}".into(),
                location: location.map(String::from),
            },
        }
    }

    /// `ActionGeo_CountryCode` and `ActionGeo_ADM1Code` of an event at
    /// `location` (stored JSON).
    fn gdelt_geo_codes(location: Option<&str>) -> (String, String) {
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
                r#"{"name":"Novorossiysk","country":"RUS","country_iso2":"RU","admin1":"Krasnodar Krai","admin1_code":"38","lat":44.7319,"lon":37.7618,"precision":"city"}"#,
                ("RS", "RS38"),
            ),
            (
                r#"{"name":"Texas","country":"USA","country_iso2":"US","admin1":"Texas","admin1_code":"TX","lat":31.0,"lon":-97.0,"precision":"admin1"}"#,
                ("US", "USTX"),
            ),
            (
                r#"{"name":"Ukraine","country":"UKR","country_iso2":"UA","admin1":null,"admin1_code":null,"lat":50.45,"lon":30.52,"precision":"country"}"#,
                ("UP", "UP"),
            ),
            // stored before locations had an admin1 code
            (
                r#"{"name":"Berlin","country":"DEU","country_iso2":"DE","admin1":"Berlin","lat":52.52,"lon":13.41,"precision":"city"}"#,
                ("GM", ""),
            ),
            (
                r#"{"name":"Germany","country":"DEU","country_iso2":"DE","admin1":null,"lat":51.0,"lon":9.0,"precision":"country"}"#,
                ("GM", "GM"),
            ),
            // no or an unknown ISO code, not JSON, no location
            (r#"{"country":"FRA","name":"Paris"}"#, ("", "")),
            (
                r#"{"name":"X","country_iso2":"QQ","admin1_code":"01","precision":"city"}"#,
                ("", ""),
            ),
            ("Paris", ("", "")),
        ];
        for (location, (country, adm1)) in cases {
            assert_eq!(
                gdelt_geo_codes(Some(location)),
                (country.to_string(), adm1.to_string()),
                "{location}"
            );
        }
        assert_eq!(gdelt_geo_codes(None), (String::new(), String::new()));
    }

    #[test]
    fn csv_quoting() {
        let mut out = Vec::new();
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", ""].map(String::from);
        write_csv_record(&mut out, &cells).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
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
