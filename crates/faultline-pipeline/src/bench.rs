//! Speed measurements behind `faultline bench`: dictionary loading, coding
//! pre-parsed trees, reading parses and coding, and raw text end to end on
//! one and two threads, with the pipeline every front door uses.
//!
//! Every timed pass checks that it found as many events as the first,
//! untimed pass, so a benchmark run is also a determinism check; a
//! mismatch is an error, not a number. The caller reads the corpora; this
//! module only times work on them.

use std::fmt;
use std::time::{Duration, Instant};

use faultline_coder::{Coder, Config};
use faultline_dict::{CameoTables, Dictionaries};
use faultline_lang::Tree;
use faultline_text::PetrarchFile;
use serde::Serialize;

use crate::petrarch::apply_options;
use crate::Document;

/// Why a measurement has no number.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("{what}: pass {pass} found {events} events, the first pass {expected}")]
    Mismatch {
        what: &'static str,
        pass: u32,
        events: usize,
        expected: usize,
    },
    #[error("cannot start two worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
}

/// How long each throughput measurement runs when `--iterations` is not given.
const TARGET: Duration = Duration::from_secs(2);
/// Number of built-in dictionary loads whose median is reported.
const LOADS: usize = 5;

/// One sentence ready to code, with the options in force for it.
pub struct Item {
    config: Config,
    text: String,
    parse: String,
    tree: Tree,
    date: u32,
}

/// Sentences sharing one set of dictionaries.
pub struct Corpus {
    pub dicts: Dictionaries,
    items: Vec<Item>,
}

/// Results, as printed by `--json`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// True when built without optimisations (numbers not representative).
    pub debug_build: bool,
    /// Median time to compile the built-in dictionaries, in milliseconds.
    pub dictionary_load_ms: f64,
    /// Sentences coded per pass.
    pub sentences: usize,
    /// Coding pre-parsed trees (`Coder::code_tree`).
    pub code_trees: Throughput,
    /// Reading each bracketed parse and coding it (`Coder::code_parsed`,
    /// which also applies the discard list and finds issues).
    pub parse_and_code: Throughput,
    /// Raw text end to end (split, tokenize, tag, parse, code, write
    /// JSON) with the built-in dictionaries.
    pub raw_text: RawText,
    /// Peak resident set size in KiB (`VmHWM`), `null` where unknown.
    pub peak_rss_kib: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct RawText {
    pub documents: usize,
    pub sentences: usize,
    pub megabytes: f64,
    /// One worker thread.
    pub one_thread: Throughput,
    /// Megabytes of text per second on one thread.
    pub one_thread_mb_per_second: f64,
    /// Two worker threads (rayon), documents in parallel.
    pub two_threads: Throughput,
    /// `two_threads` over `one_thread`.
    pub speedup: f64,
}

#[derive(Debug, Serialize)]
pub struct Throughput {
    pub sentences_per_second: f64,
    pub passes: u32,
    pub seconds: f64,
    /// Events found in each pass.
    pub events_per_pass: usize,
}

/// Times everything on `corpora` (PETRARCH files with their
/// dictionaries) and `raw` (documents coded with `raw_dicts`);
/// `iterations` passes per measurement, or about two seconds' worth.
pub fn run(
    corpora: &[Corpus],
    raw: &[Document],
    raw_dicts: &Dictionaries,
    iterations: Option<u32>,
) -> Result<Report, BenchError> {
    let dictionary_load_ms = median_load_ms();
    let sentences = corpora.iter().map(|c| c.items.len()).sum();
    let mut coders: Vec<(Coder<'_>, &Corpus)> =
        corpora.iter().map(|c| (Coder::new(&c.dicts), c)).collect();
    let code_trees = measure("coding pre-parsed trees", iterations, sentences, || {
        let mut events = 0;
        for (coder, corpus) in &mut coders {
            for item in &corpus.items {
                coder.config.clone_from(&item.config);
                events += coder
                    .code_tree(&item.tree, item.date)
                    .map_or(0, |e| e.len());
            }
        }
        events
    })?;
    let parse_and_code = measure("reading parses and coding", iterations, sentences, || {
        let mut events = 0;
        for (coder, corpus) in &mut coders {
            for item in &corpus.items {
                coder.config.clone_from(&item.config);
                events += coder
                    .code_parsed(&item.text, &item.parse, item.date)
                    .map_or(0, |c| c.events.len());
            }
        }
        events
    })?;
    Ok(Report {
        debug_build: cfg!(debug_assertions),
        dictionary_load_ms,
        sentences,
        code_trees,
        parse_and_code,
        raw_text: raw_text(iterations, raw, raw_dicts)?,
        peak_rss_kib: None,
    })
}

fn median_load_ms() -> f64 {
    let mut times: Vec<f64> = (0..LOADS)
        .map(|_| {
            let start = Instant::now();
            let loaded = Dictionaries::builtin();
            let ms = start.elapsed().as_secs_f64() * 1e3;
            drop(std::hint::black_box(loaded));
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[LOADS / 2]
}

/// Reads a PETRARCH file into codable items, applying options
/// cumulatively and pre-parsing every tree. Records that `faultline code`
/// would skip or reject (no parse, bad date, malformed parse) are left
/// out.
impl Corpus {
    /// The records of `file`, coded with `dicts`.
    pub fn new(file: &PetrarchFile, dicts: Dictionaries) -> Corpus {
        let mut config = Config::default();
        if let Some(env) = &file.environment {
            apply_options(&mut config, &env.configs);
        }
        let mut items = Vec::new();
        for rec in &file.sentences {
            apply_options(&mut config, &rec.configs);
            if !rec.codable {
                continue;
            }
            let (Some(parse), Ok(date)) = (
                rec.parse.as_ref(),
                faultline_core::Date::parse_day(&rec.date),
            ) else {
                continue;
            };
            let date = date.yyyymmdd();
            let Ok(tree) = faultline_lang::parse_ptb(parse) else {
                continue;
            };
            items.push(Item {
                config: config.clone(),
                text: rec.text.clone(),
                parse: parse.to_string(),
                tree,
                date,
            });
        }
        Corpus { dicts, items }
    }

    /// Number of codable records.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The end-to-end measurement over raw-text documents, on one and on
/// two threads.
fn raw_text(
    iterations: Option<u32>,
    docs: &[Document],
    dicts: &Dictionaries,
) -> Result<RawText, BenchError> {
    use rayon::prelude::*;
    let coder = Coder::new(dicts);
    let tables = CameoTables::builtin();
    let sentences: usize = docs
        .iter()
        .map(|d| faultline_lang::split_sentences(&d.text).len())
        .sum();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let one_thread = measure("raw text, one thread", iterations, sentences, || {
        docs.iter().map(|d| code_to_json(&coder, &tables, d)).sum()
    })?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let two_threads = pool.install(|| {
        measure("raw text, two threads", iterations, sentences, || {
            docs.par_iter()
                .map(|d| code_to_json(&coder, &tables, d))
                .sum()
        })
    })?;
    let megabytes = bytes as f64 / 1e6;
    let per_pass_seconds = one_thread.seconds / f64::from(one_thread.passes.max(1));
    Ok(RawText {
        documents: docs.len(),
        sentences,
        megabytes,
        one_thread_mb_per_second: if per_pass_seconds > 0.0 {
            megabytes / per_pass_seconds
        } else {
            0.0
        },
        speedup: if one_thread.sentences_per_second > 0.0 {
            two_threads.sentences_per_second / one_thread.sentences_per_second
        } else {
            0.0
        },
        one_thread,
        two_threads,
    })
}

/// Codes one document and writes its records as JSON Lines into memory,
/// as `faultline code` does; returns the number of events.
fn code_to_json(coder: &Coder<'_>, tables: &CameoTables, doc: &Document) -> usize {
    let coded = crate::code_document(coder, doc);
    let mut out = Vec::new();
    for record in coded.records(doc, tables) {
        if serde_json::to_writer(&mut out, &record).is_ok() {
            out.push(b'\n');
        }
    }
    coded.stats.events
}

/// Runs `pass` once untimed to learn its event count, then repeatedly
/// (`iterations` times, or for about [`TARGET`]) checking every pass
/// finds that many events.
fn measure(
    what: &'static str,
    iterations: Option<u32>,
    sentences: usize,
    mut pass: impl FnMut() -> usize,
) -> Result<Throughput, BenchError> {
    let expected = pass();
    let mut passes = 0u32;
    let start = Instant::now();
    loop {
        let events = std::hint::black_box(pass());
        if events != expected {
            return Err(BenchError::Mismatch {
                what,
                pass: passes + 1,
                events,
                expected,
            });
        }
        passes += 1;
        let done = match iterations {
            Some(n) => passes >= n,
            None => start.elapsed() >= TARGET,
        };
        if done {
            break;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let total = sentences as f64 * f64::from(passes);
    Ok(Throughput {
        sentences_per_second: if seconds > 0.0 { total / seconds } else { 0.0 },
        passes,
        seconds,
        events_per_pass: expected,
    })
}

/// The table `faultline bench` prints.
impl fmt::Display for Report {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self;
        if r.debug_build {
            writeln!(
                out,
                "note: debug build; build with --release for representative numbers"
            )?;
        }
        writeln!(
            out,
            "corpus: {} sentences (GigaWord sample + PETRARCH unit tests)",
            r.sentences
        )?;
        writeln!(out)?;
        writeln!(out, "{:<42} {:>16}  detail", "measurement", "result")?;
        writeln!(
            out,
            "{:<42} {:>13.1} ms  median of {LOADS}",
            "load built-in dictionaries", r.dictionary_load_ms
        )?;
        for (name, t) in [
            ("code pre-parsed trees", &r.code_trees),
            ("read parse + code", &r.parse_and_code),
        ] {
            writeln!(
                out,
                "{name:<42} {:>9.0} sent/s  {} passes in {:.2} s, {} events per pass",
                t.sentences_per_second, t.passes, t.seconds, t.events_per_pass
            )?;
        }
        let t = &r.raw_text;
        writeln!(
        out,
        "{:<42} {:>9.0} sent/s  {:.2} MB/s; {} documents, {} sentences, {:.2} MB, {} events per pass",
        "raw text end to end, 1 thread",
        t.one_thread.sentences_per_second,
        t.one_thread_mb_per_second,
        t.documents,
        t.sentences,
        t.megabytes,
        t.one_thread.events_per_pass
    )?;
        writeln!(
            out,
            "{:<42} {:>9.0} sent/s  speed-up {:.2}x over 1 thread",
            "raw text end to end, 2 threads", t.two_threads.sentences_per_second, t.speedup
        )?;
        let rss = r.peak_rss_kib.map_or_else(
            || "n/a".to_string(),
            |k| format!("{:.1} MiB", k as f64 / 1024.0),
        );
        writeln!(out, "{:<42} {rss:>16}  VmHWM", "peak resident memory")
    }
}
