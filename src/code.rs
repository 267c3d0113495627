//! `faultline code`: read an input file, code each sentence, write events.
//!
//! A problem with one sentence (a bad date, a malformed parse) is reported
//! on stderr with its `file:line` and id, and the batch goes on; only a
//! file that cannot be read as a whole stops the run.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use faultline_coder::{CodeError, Coder, Config};
use faultline_dict::CameoTables;
use faultline_text::{ConfigOption, PetrarchFile, SentenceRecord, TextError};

use crate::cli::{CodeArgs, InputFormat};
use crate::output::{doc_id, EventRecord, SentenceContext};

/// Counts for the closing summary line.
#[derive(Debug, Default)]
struct Stats {
    /// Records marked `sentence="true"`.
    sentences: usize,
    /// Sentences that produced at least one event.
    coded: usize,
    events: usize,
    /// Sentences rejected by a discard-list entry.
    discarded: usize,
    parse_errors: usize,
}

pub fn run(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    let xml = match args.input {
        InputFormat::PetrarchXml => true,
        InputFormat::Auto => match args.files.as_slice() {
            [one] => is_petrarch_xml(one),
            _ => false,
        },
        _ => false,
    };
    if xml {
        run_xml(args)
    } else {
        run_documents(args)
    }
}

/// True when `path` reads as PETRARCH XML (by extension and content).
fn is_petrarch_xml(path: &Path) -> bool {
    let Ok(bytes) = fs::read(path) else {
        return false;
    };
    let name = path.display().to_string();
    faultline_text::readers::detect(&name, &bytes) == faultline_text::readers::Format::PetrarchXml
}

fn run_documents(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    if args.ignore_parse {
        anyhow::bail!("--ignore-parse applies to --input petrarch-xml only");
    }
    let docs = crate::readers::load_inputs(&args.files, args.input, args.date.as_deref())?;
    let loaded = crate::dicts::for_input(None, Path::new("."), args.dictionaries.as_deref())?;
    crate::dicts::report(&loaded);
    let coder = Coder::new(&loaded.dicts);
    let tables = CameoTables::builtin();
    let mut out = BufWriter::new(io::stdout().lock());
    let stats = crate::documents::code_documents(&coder, &tables, &docs, &mut out)?;
    out.flush()?;
    crate::report(format_args!(
        "{} documents, {} sentences, {} coded, {} events, {} discarded",
        stats.documents, stats.sentences, stats.coded, stats.events, stats.discarded
    ));
    Ok(ExitCode::SUCCESS)
}

fn run_xml(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    let [path] = args.files.as_slice() else {
        anyhow::bail!("--input petrarch-xml takes exactly one FILE");
    };
    let path = path.as_path();
    let file = read_petrarch(path)?;
    let loaded = crate::dicts::for_input(
        file.environment.as_ref(),
        path,
        args.dictionaries.as_deref(),
    )?;
    crate::dicts::report(&loaded);
    let mut coder = Coder::new(&loaded.dicts);
    let tables = CameoTables::builtin();
    let mut out = BufWriter::new(io::stdout().lock());
    let stats = code_file(
        &file,
        path,
        &mut coder,
        &tables,
        args.ignore_parse,
        &mut out,
    )?;
    out.flush()?;
    crate::report(format_args!(
        "{} sentences, {} coded, {} events, {} discarded, {} parse errors",
        stats.sentences, stats.coded, stats.events, stats.discarded, stats.parse_errors
    ));
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses a PETRARCH XML file; errors name `file:line`.
pub fn read_petrarch(path: &Path) -> anyhow::Result<PetrarchFile> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(_) => {
            let (line, offset) = faultline_text::first_invalid_utf8_line(&bytes).unwrap_or((1, 0));
            anyhow::bail!(
                "{}:{line}: not valid UTF-8 (first bad byte at offset {offset})",
                path.display()
            );
        }
    };
    faultline_text::read_petrarch_xml(text).map_err(|e| located(path, &e))
}

/// An XML reader error as `file:line: message`.
pub fn located(path: &Path, err: &TextError) -> anyhow::Error {
    let line = err.line();
    let message = err.to_string();
    let message = message
        .strip_prefix(&format!("line {line}: "))
        .unwrap_or(&message);
    anyhow::anyhow!("{}:{line}: {message}", path.display())
}

/// Applies option changes in order; returns a message for each one the
/// coder rejects (the others still take effect).
pub fn apply_options(config: &mut Config, options: &[ConfigOption]) -> Vec<String> {
    options
        .iter()
        .filter_map(|o| config.set(&o.option, &o.value).err())
        .map(|e| e.to_string())
        .collect()
}

/// The date of a record as the number `YYYYMMDD` and as `YYYY-MM-DD`.
pub fn record_date(rec: &SentenceRecord) -> Option<(u32, String)> {
    let (y, m, d) = faultline_text::parse_date(&rec.date)?;
    let year = u32::try_from(y).ok()?;
    Some((year * 10_000 + m * 100 + d, format!("{y:04}-{m:02}-{d:02}")))
}

fn code_file(
    file: &PetrarchFile,
    path: &Path,
    coder: &mut Coder<'_>,
    tables: &CameoTables,
    ignore_parse: bool,
    out: &mut impl Write,
) -> anyhow::Result<Stats> {
    let name = path.display();
    let mut stats = Stats::default();
    if let Some(env) = &file.environment {
        for msg in apply_options(&mut coder.config, &env.configs) {
            crate::warn(format_args!("{name}: <Environment>: {msg}"));
        }
    }
    for rec in &file.sentences {
        let at = format!("{name}:{}: sentence {}", rec.line, rec.id);
        // Options persist from the record that sets them on, as in PETRARCH.
        for msg in apply_options(&mut coder.config, &rec.configs) {
            crate::warn(format_args!("{at}: {msg}"));
        }
        if !rec.codable {
            continue;
        }
        stats.sentences += 1;
        let Some((date, iso_date)) = record_date(rec) else {
            crate::warn(format_args!("{at}: bad date '{}'; skipped", rec.date));
            continue;
        };
        // The given parse unless told to ignore it; the text front end when
        // there is none or it is malformed.
        let given = if ignore_parse {
            None
        } else {
            rec.parse.as_deref()
        };
        let analysis = match given.map(faultline_lang::parse_ptb) {
            Some(Ok(tree)) => crate::front::Analysis {
                tokens: faultline_lang::tokenize(&rec.text),
                tree,
            },
            Some(Err(e)) => {
                stats.parse_errors += 1;
                crate::warn(format_args!(
                    "{at}: bad parse: {e}; coded from the text instead"
                ));
                crate::front::analyze(&rec.text, Some(&coder.dictionaries().actors.index))
            }
            None => crate::front::analyze(&rec.text, Some(&coder.dictionaries().actors.index)),
        };
        let tree = &analysis.tree;
        let coded = match coder.code_sentence(&rec.text, tree, date) {
            Ok(coded) => coded,
            Err(CodeError::Parse(e)) => {
                stats.parse_errors += 1;
                crate::warn(format_args!("{at}: bad parse: {e}; skipped"));
                continue;
            }
            // A dateline ("BEIJING, Aug 4 (AFP) -") is not a sentence to code.
            Err(CodeError::Dateline) => continue,
        };
        if coded.discard.is_some() {
            stats.discarded += 1;
        }
        if coded.events.is_empty() {
            continue;
        }
        stats.coded += 1;
        stats.events += coded.events.len();
        let ctx = SentenceContext {
            doc_id: doc_id(&rec.id),
            sentence_id: &rec.id,
            doc_date: &iso_date,
            doc_title: None,
            doc_url: None,
            chars: (0, rec.text.chars().count()),
            sentence: &rec.text,
            issues: &coded.issues,
        };
        // A gold parse whose leaves are not the text's tokens cannot place a
        // date phrase in a clause; it then dates the whole sentence.
        let aligned = analysis.tokens.len() == tree.words().count();
        let found = crate::front::sentence_dates(
            &rec.text,
            &analysis.tokens,
            faultline_text::calendar::split_yyyymmdd(date),
            aligned,
        );
        // Places: records are single sentences, so the context is the
        // sentence's own actors and places.
        let geo = faultline_geo::Gazetteer::builtin();
        let tokens = &analysis.tokens;
        let places = geo.find_places_with(tokens.len(), |i| tokens[i].text.as_str());
        let mut places_ctx = faultline_geo::Context::new();
        for e in &coded.events {
            places_ctx.add_actor_code(&e.source.code);
            places_ctx.add_actor_code(&e.target.code);
        }
        geo.add_mentions(&mut places_ctx, &places);
        for event in &coded.events {
            let info = tables.info(&event.code);
            let when = found.for_event(tree, event.verb.node, &iso_date, None);
            let location = crate::documents::event_place(tree, tokens, &rec.text, event, &places)
                .and_then(|j| geo.resolve(&places[j], &places_ctx.without(j as u32)));
            let record =
                EventRecord::new(&ctx, event, &info, &when).with_location(location.as_ref());
            serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(stats)
}
