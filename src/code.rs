//! `faultline code`: read inputs, code them, write one JSON object per
//! event to stdout, in input order.
//!
//! Documents are coded in parallel in bounded batches, so memory does not
//! grow with the input. A PETRARCH XML file is coded record by record.
//! A problem with one record or document is reported on stderr with its
//! `file:line` or id and the run goes on; an input that cannot be read at
//! all makes the exit status 1.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use faultline_coder::Coder;
use faultline_dict::CameoTables;
use faultline_pipeline::petrarch::{code_file, RecordStats};
use faultline_pipeline::{code_batch, DocStats, Document};

use crate::cli::CodeArgs;
use crate::input::{Item, Reading};

/// Documents coded in parallel between two writes.
pub const BATCH: usize = 256;

pub fn run(args: &CodeArgs) -> anyhow::Result<ExitCode> {
    crate::threads(args.threads)?;
    let reading = Reading {
        format: args.input.format(),
        given: crate::input::date_arg(args.date.as_deref())?,
    };
    if args.ignore_parse && !matches!(args.input, crate::cli::InputFormat::PetrarchXml) {
        anyhow::bail!("--ignore-parse applies to --input petrarch-xml only");
    }
    let (paths, mut failed) =
        crate::input::expand(&args.files, &[], &|m| crate::warn(format_args!("{m}")));

    let dicts_dir = args.dictionaries.as_deref();
    let mut out = BufWriter::new(io::stdout().lock());
    let tables = CameoTables::builtin();
    // the dictionaries a PETRARCH file names are loaded for it; the others
    // share the built-in (or --dictionaries) set, loaded on first use
    let mut shared = None;
    let mut docs: Vec<Document> = Vec::new();
    let mut stats = DocStats::default();
    let mut records = RecordStats::default();
    let mut petrarch_files = 0usize;
    let mut flush = |docs: &mut Vec<Document>,
                     shared: &mut Option<crate::dicts::Loaded>,
                     out: &mut BufWriter<io::StdoutLock<'_>>|
     -> anyhow::Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let loaded = crate::dicts::shared(shared, dicts_dir)?;
        let coder = Coder::new(&loaded.dicts);
        for (doc, coded) in docs.iter().zip(code_batch(&coder, docs)) {
            for record in coded.records(doc, &tables) {
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
            stats += coded.stats;
        }
        docs.clear();
        Ok(())
    };
    reading.read(&paths, &|m| crate::warn(format_args!("{m}")), &mut |item| {
        match item {
            Item::Document(_, read) => {
                docs.push(read.doc);
                if docs.len() >= BATCH {
                    flush(&mut docs, &mut shared, &mut out)?;
                }
            }
            Item::Petrarch(name, bytes) => {
                flush(&mut docs, &mut shared, &mut out)?;
                petrarch_files += 1;
                let path = Path::new(&*name);
                // a file that is not PETRARCH XML is one bad input; missing
                // dictionaries or a closed stdout stop the run
                let file = match crate::dicts::read_petrarch(path, &bytes) {
                    Ok(file) => file,
                    Err(e) => {
                        crate::warn(format_args!("{e:#}; file skipped"));
                        failed += 1;
                        return Ok(());
                    }
                };
                code_petrarch(path, &file, args, &tables, &mut records, &mut out)?;
            }
            Item::InputDone => {}
            Item::Failed(msg) => {
                crate::warn(format_args!("{msg}; file skipped"));
                failed += 1;
            }
        }
        Ok(())
    })?;
    flush(&mut docs, &mut shared, &mut out)?;
    out.flush()?;
    if stats.documents > 0 || petrarch_files == 0 {
        crate::report(format_args!(
            "{} documents, {} sentences, {} coded, {} events, {} discarded",
            stats.documents, stats.sentences, stats.coded, stats.events, stats.discarded
        ));
    }
    if petrarch_files > 0 {
        crate::report(format_args!("{records}"));
    }
    Ok(crate::status(failed))
}

/// Codes one PETRARCH XML file with the dictionaries its `<Environment>`
/// names (or `--dictionaries`, or the built-in ones).
fn code_petrarch(
    path: &Path,
    file: &faultline_text::PetrarchFile,
    args: &CodeArgs,
    tables: &CameoTables,
    stats: &mut RecordStats,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let loaded = crate::dicts::for_input(
        file.environment.as_ref(),
        path,
        args.dictionaries.as_deref(),
    )?;
    crate::dicts::report(&loaded);
    let mut coder = Coder::new(&loaded.dicts);
    let name = path.display().to_string();
    let warn = &mut |m: String| crate::warn(format_args!("{m}"));
    code_file(
        &mut coder,
        file,
        &name,
        args.ignore_parse,
        stats,
        warn,
        &mut |rec, coded| {
            let ctx = coded.context(rec);
            for record in coded.sentence.records(&ctx, tables) {
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
            Ok::<(), io::Error>(())
        },
    )?;
    Ok(())
}

impl crate::cli::InputFormat {
    /// The reader format this forces, `None` to choose per input.
    pub fn format(self) -> Option<faultline_text::readers::Format> {
        use crate::cli::InputFormat as I;
        use faultline_text::readers::Format as F;
        match self {
            I::Auto => None,
            I::PetrarchXml => Some(F::PetrarchXml),
            I::Text => Some(F::Text),
            I::Jsonl => Some(F::Jsonl),
            I::Html => Some(F::Html),
            I::Rss => Some(F::Rss),
            I::Warc => Some(F::Warc),
        }
    }
}
