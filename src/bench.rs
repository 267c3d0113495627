//! `faultline bench`: how fast dictionaries load and sentences are coded
//! (the measurements are `faultline_pipeline::bench`).
//!
//! The corpora are files of the repository, read at start-up, not part of
//! the binary: the GigaWord sample (coded with the built-in dictionaries)
//! and the PETRARCH unit-test records (coded with the validation
//! dictionaries and options their `<Environment>` and `<Config>` records
//! name, exactly as `faultline code` would) from `--petrarch DIR`, and the
//! raw-text corpus from `--corpus FILE`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use faultline_dict::Dictionaries;
use faultline_pipeline::bench::{self, Corpus};
use faultline_pipeline::input::{jsonl_document, DateFallback};

use crate::cli::BenchArgs;

/// The PETRARCH files, in the folder `--petrarch` names.
const GIGAWORD: &str = "GigaWord.sample.PETR.xml";
const UNIT_TESTS: &str = "PETR.UnitTest.records.xml";

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let petrarch = found(&args.petrarch, "--petrarch")?;
    let corpus_file = found(&args.corpus, "--corpus")?;
    let corpora = [
        corpus(&petrarch.join(GIGAWORD), Some(Dictionaries::builtin().0))?,
        corpus(&petrarch.join(UNIT_TESTS), None)?,
    ];
    let raw = read(&corpus_file)?;
    let mut docs = Vec::new();
    for (k, line) in raw.lines().enumerate() {
        let at = format!("{}:{}", corpus_file.display(), k + 1);
        let doc = jsonl_document(line, at.clone(), &DateFallback::default())
            .map_err(|e| anyhow::anyhow!("{at}: {e}"))?;
        docs.push(doc);
    }
    let mut report = bench::run(&corpora, &docs, &corpora[0].dicts, args.iterations)?;
    report.peak_rss_kib = peak_rss_kib();
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &report).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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

/// The codable records of a PETRARCH file, coded with `dicts`, else with
/// the dictionaries its `<Environment>` names.
fn corpus(path: &Path, dicts: Option<Dictionaries>) -> anyhow::Result<Corpus> {
    let xml = read(path)?;
    let file = crate::dicts::read_petrarch(path, xml.as_bytes())?;
    let dicts = match dicts {
        Some(d) => d,
        None => crate::dicts::for_input(file.environment.as_ref(), path, None)?.dicts,
    };
    Ok(Corpus::new(&file, dicts))
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
