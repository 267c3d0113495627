//! `faultline`: news sentences in, CAMEO-coded political events out.
//!
//! The binary is a thin shell around the library crates: [`cli`] declares
//! the command line (parsing and validation only), and one module per
//! subcommand builds the real objects and runs them: [`code`] codes a
//! PETRARCH XML file to JSON Lines, [`read`] shows documents as read,
//! [`dicts`] loads and checks dictionaries, [`bench`] measures speed,
//! [`ingest`] codes documents into a SQLite store, [`export`] writes
//! what it holds, [`actors`] lists the actor phrases the dictionaries
//! miss and [`parse`] shows the trees the coder reads; `serve` and `demo`
//! start `faultline_server`.
//!
//! Exit status: 0 on success (including a reader closing stdout early);
//! 1 when some inputs could not be read (the others were processed) or
//! `faultline dict check` finds malformed lines; 2 on an error that stops
//! the run (bad arguments, an unreadable dictionary or database), printed
//! to stderr as `faultline: {error:#}`.

mod actors;
mod bench;
mod cli;
mod code;
mod dicts;
mod eval;
mod export;
mod ingest;
mod input;
mod parse;
mod read;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use faultline_server::Config;

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
        cli::Command::Read(a) => read::run(&a),
        cli::Command::Dict(a) => dicts::run(&a),
        cli::Command::Bench(a) => bench::run(&a),
        cli::Command::Ingest(a) => ingest::run(&a),
        cli::Command::Export(a) => export::run(&a),
        cli::Command::Actors(a) => actors::run(&a),
        cli::Command::Parse(a) => parse::run(&a),
        cli::Command::Eval(a) => eval::run(&a),
        cli::Command::Serve(a) => serve(Config::new(a.db, a.addr).with_token(a.token)),
        cli::Command::Demo(a) => {
            if let Some(built) = faultline_server::demo::ensure(&a.db)? {
                report(format_args!("built {}: {built}", a.db.display()));
            }
            serve(Config::new(a.db, a.addr))
        }
    }
}

/// `serve` and `demo`: the server until Ctrl-C.
fn serve(config: Config) -> anyhow::Result<ExitCode> {
    let server = faultline_server::Server::open(config)?;
    server.run(|addr| report(format_args!("serving on http://{addr}/ (Ctrl-C stops)")))?;
    Ok(ExitCode::SUCCESS)
}

/// The exit status of a run in which `failed` inputs could not be read:
/// 0 when all could, else 1.
pub(crate) fn status(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Sets the number of worker threads (`--threads`); all cores without it.
pub(crate) fn threads(n: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = n {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    }
    Ok(())
}

/// True if writing to a closed pipe (as in `faultline code … | head`)
/// caused the error: that is how a reader says it has seen enough.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
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
