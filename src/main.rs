//! `faultline`: news sentences in, CAMEO-coded political events out.
//!
//! The binary is a thin shell around the library crates: [`cli`] declares
//! the command line (parsing and validation only), and one module per
//! subcommand builds the real objects and runs them: [`code`] codes a
//! PETRARCH XML file to JSON Lines ([`output`] documents every field),
//! [`dicts`] loads and checks dictionaries, [`bench`] measures speed,
//! [`ingest`] codes documents into a SQLite store, [`export`] writes
//! what it holds, [`actors`] lists the actor phrases the dictionaries
//! miss and [`parse`] shows the trees the coder reads.
//!
//! Exit status: 0 on success (including a reader closing stdout early),
//! 1 when `faultline dicts --check` finds problems or `faultline ingest`
//! could not read some inputs, 2 on any error, which
//! is printed to stderr as `faultline: {error:#}`.

mod actors;
mod bench;
mod cli;
mod code;
mod dicts;
mod documents;
mod export;
mod front;
mod ingest;
mod output;
mod parse;
mod readers;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            report(format_args!("{err:#}"));
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args = cli::Cli::parse();
    match args.command {
        cli::Command::Code(a) => code::run(&a),
        cli::Command::Dicts(a) => dicts::run(&a),
        cli::Command::Dict(cli::DictArgs {
            command: cli::DictCommand::Check { dir },
        }) => dicts::run(&cli::DictsArgs {
            check: true,
            dictionaries: Some(dir),
            file: None,
        }),
        cli::Command::Bench(a) => bench::run(&a),
        cli::Command::Ingest(a) => ingest::run(&a),
        cli::Command::Export(a) => export::run(&a),
        cli::Command::Actors(a) => actors::run(&a),
        cli::Command::Parse(a) => parse::run(&a),
    }
}

/// True if writing to a closed pipe (as in `faultline code … | head`)
/// caused the error: that is how a reader says it has seen enough.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Writes one `faultline: …` line to stderr. A failure to write to stderr
/// is ignored: there is nowhere left to report it.
pub(crate) fn report(msg: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "faultline: {msg}");
}

/// Reports a problem that does not stop the run.
pub(crate) fn warn(msg: std::fmt::Arguments<'_>) {
    report(format_args!("warning: {msg}"));
}
