//! `faultline parse`: the trees the raw-text front end builds, for people
//! checking why a sentence was coded the way it was.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::ParseArgs;
use faultline_pipeline::front;

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let text = if args.text.is_empty() {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("reading stdin")?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.text.join("\n")
    };
    // the same front end as `faultline code`: names the built-in actor
    // dictionaries know keep their noun tags
    let (dicts, _) = faultline_dict::Dictionaries::builtin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for tree in front::trees(&text, Some(&dicts.actors.index)) {
        writeln!(out, "{tree}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
