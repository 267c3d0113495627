//! `faultline read`: each document as its reader sees it (title, URL,
//! date with its evidence, source, main text), one JSON object a line, so
//! that what was extracted can be checked before the events are trusted.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use faultline_pipeline::input::{not_documents, ReadRecord};

use crate::cli::ReadArgs;
use crate::input::{Item, Reading};

pub fn run(args: &ReadArgs) -> anyhow::Result<ExitCode> {
    let reading = Reading {
        format: args.input.format(),
        given: crate::input::date_arg(args.date.as_deref())?,
    };
    let warn = |m: String| crate::warn(format_args!("{m}"));
    let (paths, mut failed) = crate::input::expand(&args.files, &[], &warn);
    let mut out = BufWriter::new(io::stdout().lock());
    reading.read(&paths, &warn, &mut |item| {
        match item {
            Item::Document(name, read) => {
                serde_json::to_writer(&mut out, &ReadRecord::new(&name, &read))
                    .map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
            Item::Petrarch(name, bytes) => {
                warn(format!("{name}: {}; skipped", not_documents(&bytes)));
                failed += 1;
            }
            Item::InputDone => {}
            Item::Failed(msg) => {
                warn(format!("{msg}; file skipped"));
                failed += 1;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(crate::status(failed))
}
