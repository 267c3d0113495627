//! `faultline bench`: how fast dictionaries load and sentences are coded.
//!
//! The corpora are files of the repository, read at start-up, not part of
//! the binary: the GigaWord sample (coded with the built-in dictionaries)
//! and the PETRARCH unit-test records (coded with the validation
//! dictionaries and options their `<Environment>` and `<Config>` records
//! name, exactly as `faultline code` would) from `--petrarch DIR`, and the
//! raw-text corpus from `--corpus FILE`. Every timed pass checks that it
//! found as many events as the first, untimed pass, so a benchmark run is
//! also a determinism check; a mismatch is an error, not a number.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use faultline_coder::{Coder, Config};
use faultline_dict::Dictionaries;
use faultline_lang::Tree;
use faultline_text::PetrarchFile;
use serde::Serialize;

use crate::cli::BenchArgs;
use faultline_pipeline::petrarch::apply_options;

/// The PETRARCH files, in the folder `--petrarch` names.
const GIGAWORD: &str = "GigaWord.sample.PETR.xml";
const UNIT_TESTS: &str = "PETR.UnitTest.records.xml";

/// How long each throughput measurement runs when `--iterations` is not given.
const TARGET: Duration = Duration::from_secs(2);
/// Number of built-in dictionary loads whose median is reported.
const LOADS: usize = 5;

/// One sentence ready to code, with the options in force for it.
struct Item {
    config: Config,
    text: String,
    parse: String,
    tree: Tree,
    date: u32,
}

/// Sentences sharing one set of dictionaries.
struct Corpus {
    dicts: Dictionaries,
    items: Vec<Item>,
}

/// Results, as printed by `--json`.
#[derive(Debug, Serialize)]
struct Report {
    /// True when built without optimisations (numbers not representative).
    debug_build: bool,
    /// Median time to compile the built-in dictionaries, in milliseconds.
    dictionary_load_ms: f64,
    /// Sentences coded per pass.
    sentences: usize,
    /// Coding pre-parsed trees (`Coder::code_tree`).
    code_trees: Throughput,
    /// Reading each bracketed parse and coding it (`Coder::code_parsed`,
    /// which also applies the discard list and finds issues).
    parse_and_code: Throughput,
    /// Raw text end to end (split, tokenize, tag, parse, code, write
    /// JSON) with the built-in dictionaries.
    raw_text: RawText,
    /// Peak resident set size in KiB (`VmHWM`), `null` where unknown.
    peak_rss_kib: Option<u64>,
}

#[derive(Debug, Serialize)]
struct RawText {
    documents: usize,
    sentences: usize,
    megabytes: f64,
    /// One worker thread.
    one_thread: Throughput,
    /// Megabytes of text per second on one thread.
    one_thread_mb_per_second: f64,
    /// Two worker threads (rayon), documents in parallel.
    two_threads: Throughput,
    /// `two_threads` over `one_thread`.
    speedup: f64,
}

#[derive(Debug, Serialize)]
struct Throughput {
    sentences_per_second: f64,
    passes: u32,
    seconds: f64,
    /// Events found in each pass.
    events_per_pass: usize,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let petrarch = found(&args.petrarch, "--petrarch")?;
    let corpus_file = found(&args.corpus, "--corpus")?;
    let gigaword = petrarch.join(GIGAWORD);
    let unit_tests = petrarch.join(UNIT_TESTS);
    let raw = read(&corpus_file)?;
    let dictionary_load_ms = median_load_ms();
    let corpora = [
        corpus(&gigaword, Some(Dictionaries::builtin().0))?,
        corpus(&unit_tests, None)?,
    ];
    let sentences = corpora.iter().map(|c| c.items.len()).sum();
    let mut coders: Vec<(Coder<'_>, &Corpus)> =
        corpora.iter().map(|c| (Coder::new(&c.dicts), c)).collect();

    let code_trees = measure(args.iterations, sentences, || {
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
    })
    .context("coding pre-parsed trees")?;
    let parse_and_code = measure(args.iterations, sentences, || {
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
    })
    .context("reading parses and coding")?;

    let raw_text = raw_text(args.iterations, &corpus_file, &raw, &corpora[0].dicts)?;
    let report = Report {
        debug_build: cfg!(debug_assertions),
        dictionary_load_ms,
        sentences,
        code_trees,
        parse_and_code,
        raw_text,
        peak_rss_kib: peak_rss_kib(),
    };
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &report)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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

/// Where a benchmark input is: `path` as given, else (for the default
/// paths, which are relative) in the source folder the binary was built
/// from, so that an installed `faultline bench` still finds them.
fn found(path: &Path, flag: &str) -> anyhow::Result<PathBuf> {
    if path.exists() {
        return Ok(path.to_path_buf());
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if path.is_relative() && built_from.exists() {
        return Ok(built_from);
    }
    anyhow::bail!(
        "benchmark input {} not found (looked in the current folder{}); \
         run from the faultline repository or name it with {flag}",
        path.display(),
        if path.is_relative() {
            format!(" and in {}", env!("CARGO_MANIFEST_DIR"))
        } else {
            String::new()
        }
    )
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read benchmark input {}", path.display()))
}

/// Reads a PETRARCH file into codable items, applying options
/// cumulatively and pre-parsing every tree. Records that `faultline code`
/// would skip or reject (no parse, bad date, malformed parse) are left
/// out. `dicts` codes it, else the dictionaries its `<Environment>` names.
fn corpus(path: &Path, dicts: Option<Dictionaries>) -> anyhow::Result<Corpus> {
    let xml = read(path)?;
    let file: PetrarchFile = crate::dicts::read_petrarch(path, xml.as_bytes())?;
    let dicts = match dicts {
        Some(d) => d,
        None => crate::dicts::for_input(file.environment.as_ref(), path, None)?.dicts,
    };
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
    Ok(Corpus { dicts, items })
}

/// The end-to-end measurement over the raw-text corpus (`--corpus`,
/// JSON Lines `{"id", "date", "text"}` read from `path`), on one and on
/// two threads.
fn raw_text(
    iterations: Option<u32>,
    path: &Path,
    raw: &str,
    dicts: &Dictionaries,
) -> anyhow::Result<RawText> {
    use rayon::prelude::*;
    let mut docs = Vec::new();
    for (k, line) in raw.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), k + 1);
        let v: serde_json::Value = serde_json::from_str(line).with_context(at)?;
        let field = |f: &str| v.get(f).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let date = faultline_core::Date::parse_day(&field("date")).with_context(at)?;
        docs.push(faultline_pipeline::Document {
            id: field("id"),
            date,
            date_source: faultline_pipeline::DateSource::Document,
            text: field("text"),
            title: None,
            url: None,
            source: None,
        });
    }
    let coder = Coder::new(dicts);
    let tables = faultline_dict::CameoTables::builtin();
    let sentences: usize = docs
        .iter()
        .map(|d| faultline_lang::split_sentences(&d.text).len())
        .sum();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let one_thread = measure(iterations, sentences, || {
        docs.iter().map(|d| code_to_json(&coder, &tables, d)).sum()
    })
    .context("raw text, one thread")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .context("cannot start two worker threads")?;
    let two_threads = pool
        .install(|| {
            measure(iterations, sentences, || {
                docs.par_iter()
                    .map(|d| code_to_json(&coder, &tables, d))
                    .sum()
            })
        })
        .context("raw text, two threads")?;
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
fn code_to_json(
    coder: &Coder<'_>,
    tables: &faultline_dict::CameoTables,
    doc: &faultline_pipeline::Document,
) -> usize {
    let coded = faultline_pipeline::code_document(coder, doc);
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
    iterations: Option<u32>,
    sentences: usize,
    mut pass: impl FnMut() -> usize,
) -> anyhow::Result<Throughput> {
    let expected = pass();
    let mut passes = 0u32;
    let start = Instant::now();
    loop {
        let events = std::hint::black_box(pass());
        anyhow::ensure!(
            events == expected,
            "pass {} found {events} events, the first pass {expected}",
            passes + 1
        );
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

/// Peak resident set size of this process in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn print_table(out: &mut impl Write, r: &Report) -> io::Result<()> {
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
