//! The command line, declared once: these definitions produce parsing,
//! validation and `--help`. They only describe arguments; the subcommand
//! modules turn them into dictionaries, coders and output.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Codes news sentences into political events (CAMEO codes, Goldstein
/// scores, PLOVER categories) with PETRARCH-style dictionaries.
#[derive(Debug, Parser)]
#[command(name = "faultline", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code every sentence of an input file; events go to stdout as JSON Lines.
    Code(CodeArgs),
    /// Summarise dictionaries, or list the lines they skip (`--check`).
    Dicts(DictsArgs),
    /// Measure dictionary loading and coding speed on built-in sample data.
    Bench(BenchArgs),
}

/// Input formats `faultline code` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// PETRARCH XML: `<Sentence>` records with `<Text>` and a Penn
    /// Treebank `<Parse>`, optionally an `<Environment>` naming dictionaries.
    PetrarchXml,
    /// Plain text: each file is one document (stdin when no file is given).
    Text,
    /// JSON Lines: one document per line, `{"id", "date", "text"}` and
    /// optionally `"title"`, `"url"`, `"source"`.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Format of FILE.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input: InputFormat,

    /// Folder holding the dictionary files named by the input's
    /// `<Environment>` block [default: the folder of FILE]. If FILE names
    /// no dictionaries, every `*.txt` dictionary in DIR is used instead of
    /// the built-in ones (kinds guessed from the names, as in `dicts`).
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// Code each sentence's `<Text>` with the built-in tokenizer, tagger and
    /// shallow parser instead of its `<Parse>` (petrarch-xml only). A
    /// malformed `<Parse>` falls back to the text in any case.
    #[arg(long)]
    pub ignore_parse: bool,

    /// Date of the documents, `YYYY-MM-DD` (text input; for JSON Lines, the
    /// date of lines that have none). Without it a text file is dated by
    /// its modification time, and stdin needs it.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Worker threads for raw-text input [default: all cores]. Output order
    /// does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Input files (one for petrarch-xml; any number for text and jsonl,
    /// stdin when none is given).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DictsArgs {
    /// List every dictionary line that is skipped as malformed, one per
    /// line on stdout; exit with status 1 if there is any.
    #[arg(long)]
    pub check: bool,

    /// Use the dictionary files in DIR instead of the built-in ones. With
    /// FILE, DIR is where the files FILE's `<Environment>` names are
    /// looked up; without FILE, each `*.txt` in DIR is read, its kind
    /// guessed from its name (`verbs`/`CAMEO`, `actors`, `agents`,
    /// `discards`, `issue`).
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// A PETRARCH XML file whose `<Environment>` names the dictionaries
    /// (looked up beside FILE unless `--dictionaries` is given).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Code the sample corpus exactly N times per throughput measurement
    /// instead of repeating it for about two seconds.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub iterations: Option<u32>,

    /// Print the results as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}
