//! `faultline eval GOLD…`: reads gold files, codes their sentences as
//! `faultline code` would, and prints the scores
//! (`faultline_pipeline::eval` does the coding and the counting).
//!
//! A gold line or record that cannot be read is reported as `file:line`
//! and skipped; a file that cannot be read at all is reported and makes
//! the exit status 1.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use faultline_coder::Coder;
use faultline_dict::CameoTables;
use faultline_pipeline::eval::{self, Case, Report, TextOptions};

use crate::cli::{EvalArgs, EvalFormat};

/// The gold of one file: its cases and the number of lines skipped.
type Split = (String, Vec<Case>, usize);

pub fn run(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    crate::threads(args.threads)?;
    let tables = CameoTables::builtin();
    let mut shared = None;
    let mut splits: Vec<Split> = Vec::new();
    let mut failed = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                crate::warn(format_args!("{name}: {e}; file skipped"));
                failed += 1;
                continue;
            }
        };
        // told apart by the first character, after any byte-order mark
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let first = body.iter().copied().find(|b| !b.is_ascii_whitespace());
        let split = match first {
            Some(b'{') => {
                let loaded = crate::dicts::shared(&mut shared, args.dictionaries.as_deref())?;
                let coder = Coder::new(&loaded.dicts);
                Some(jsonl(&name, &bytes, &coder, &tables))
            }
            Some(b'<') => petrarch(path, &bytes, args)?,
            _ => {
                crate::warn(format_args!(
                    "{name}: neither gold JSON Lines nor PETRARCH XML; file skipped"
                ));
                None
            }
        };
        match split {
            Some(s) => splits.push(s),
            None => failed += 1,
        }
    }
    if splits.is_empty() {
        return Ok(crate::status(failed));
    }
    let report = Report::new(&splits, &tables);
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        EvalFormat::Json => {
            serde_json::to_writer(&mut out, &report).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
        EvalFormat::Text => {
            let options = TextOptions {
                misses: !args.no_misses,
                tags: args.tags,
            };
            out.write_all(report.to_text(options).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(crate::status(failed))
}

/// Reads a gold JSON Lines file and codes its sentences; a line that is
/// not a gold record is reported and skipped.
fn jsonl(name: &str, bytes: &[u8], coder: &Coder<'_>, tables: &CameoTables) -> Split {
    let read = eval::read_gold(name, bytes, tables);
    for w in &read.warnings {
        crate::warn(format_args!("{w}"));
    }
    let cases = eval::code_gold(coder, &read.sentences);
    (name.to_string(), cases, read.skipped)
}

/// Reads a PETRARCH validation file and codes its records with the
/// dictionaries it names. `None` when it is not one (reported).
fn petrarch(path: &Path, bytes: &[u8], args: &EvalArgs) -> anyhow::Result<Option<Split>> {
    let name = path.display().to_string();
    let file = match crate::dicts::read_petrarch(path, bytes) {
        Ok(file) => file,
        Err(e) => {
            crate::warn(format_args!("{e:#}; file skipped"));
            return Ok(None);
        }
    };
    if !eval::is_validation(&file) {
        let e = eval::EvalError::NoExpectations;
        crate::warn(format_args!("{name}: {e}; file skipped"));
        return Ok(None);
    }
    let loaded = crate::dicts::for_input(
        file.environment.as_ref(),
        path,
        args.dictionaries.as_deref(),
    )?;
    crate::dicts::report(&loaded);
    let coder = Coder::new(&loaded.dicts);
    match eval::code_petrarch(&coder, &file, &name, args.ignore_parse) {
        Ok((cases, warnings)) => {
            for w in &warnings {
                crate::warn(format_args!("{w}"));
            }
            Ok(Some((name, cases, 0)))
        }
        Err(e) => {
            crate::warn(format_args!("{name}: {e}; file skipped"));
            Ok(None)
        }
    }
}
