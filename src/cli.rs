//! The command line, declared once: these definitions produce parsing,
//! validation and `--help`. They only describe arguments; the subcommand
//! modules turn them into dictionaries, coders and output.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Codes news sentences into political events (CAMEO codes, Goldstein
/// scores, PLOVER categories) with PETRARCH-style dictionaries.
#[derive(Debug, Parser)]
#[command(
    name = "faultline",
    version,
    about,
    max_term_width = 100,
    after_help = EXIT_STATUS
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The exit statuses, as `faultline --help` lists them (and the README).
const EXIT_STATUS: &str = "\
Exit status:
  0  success, also when the reader of stdout stops early (`faultline code ... | head`)
  1  some inputs could not be read (the others were coded or stored), or
     `faultline dict check` found malformed dictionary lines
  2  an error that stopped the run: bad arguments (`--date 2024-13-01`), an
     unreadable dictionary or database, plain text on stdin without --date";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code every sentence of the inputs; events go to stdout as JSON Lines.
    Code(CodeArgs),
    /// Print each document as its reader sees it, before any coding, as JSON
    /// Lines: file, record, format, id, title, URL, source, date with its
    /// evidence, and the main text the coder will read.
    Read(ReadArgs),
    /// Dictionary tools: `check` lists every malformed line as `file:line`,
    /// `stats` summarises what the dictionaries hold.
    Dict(DictArgs),
    /// Measure dictionary loading and coding speed on the repository's
    /// sample corpora (`data/bench/`, `tests/fixtures/petrarch/`).
    Bench(BenchArgs),
    /// Code documents and keep them, their sentences and their events in a
    /// SQLite database; documents already stored are skipped.
    Ingest(IngestArgs),
    /// Write the stored events, documents or event clusters as JSON Lines,
    /// CSV, GDELT 2.0 event rows or Parquet files.
    Export(ExportArgs),
    /// List the noun phrases in source and target positions that no
    /// dictionary entry matched, most frequent first, with example sentences.
    Actors(ActorsArgs),
    /// Show how the built-in front end reads sentences: one Penn Treebank
    /// tree per sentence (tokens, tags and phrases), as the coder sees it.
    Parse(ParseArgs),
    /// Score the coder against hand-coded gold events (gold JSON Lines or
    /// PETRARCH validation XML): event-type accuracy, source and target
    /// accuracy, precision and recall per PLOVER category and CAMEO root, a
    /// confusion table and the misses with their evidence.
    Eval(EvalArgs),
    /// Serve the store over HTTP until Ctrl-C: a JSON API (`/api/events`, …)
    /// described by `/api/openapi.json`, and a web page at `/`.
    Serve(ServeArgs),
    /// Serve the bundled demo corpus (213 news documents of 2021-2023),
    /// built into the database first if it does not exist.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Text to split into sentences and parse [default: stdin].
    #[arg(value_name = "TEXT")]
    pub text: Vec<String>,
}

/// Input formats `faultline code` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Chosen per file by its extension and content.
    Auto,
    /// PETRARCH XML: `<Sentence>` records with `<Text>` and a Penn
    /// Treebank `<Parse>`, optionally an `<Environment>` naming dictionaries.
    PetrarchXml,
    /// Plain text (a scraped page): each file is one document, page
    /// furniture removed (stdin when no file is given).
    Text,
    /// JSON Lines: one document per line, `{"id", "date", "text"}` and
    /// optionally `"title"`, `"url"`, `"source"`.
    Jsonl,
    /// An HTML page: the main text, without navigation, share buttons,
    /// comments and footers.
    Html,
    /// An RSS or Atom feed: one document per item.
    Rss,
    /// A WARC archive (optionally gzipped): one document per HTML response.
    Warc,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Format of the input [default: chosen per file by extension and
    /// content; stdin is read as text].
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input: InputFormat,

    /// Folder holding the dictionary files named by the input's
    /// `<Environment>` block [default: the folder of FILE]. If FILE names
    /// no dictionaries, every `*.txt` dictionary in DIR is used instead of
    /// the built-in ones (kinds guessed from the names, as in `dict check DIR`).
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

    /// Input files and folders (read recursively, in name order); `-` or
    /// nothing for stdin.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Format of the inputs, as for `faultline code` (petrarch-xml
    /// excepted) [default: chosen per file; stdin is JSON Lines if it
    /// starts with `{`, else text].
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input: InputFormat,

    /// Date of documents that have none, `YYYY-MM-DD`; plain text on stdin
    /// needs it.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Files and folders (read recursively, in name order); `-` or nothing
    /// for stdin.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DictArgs {
    #[command(subcommand)]
    pub command: DictCommand,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// List every malformed dictionary line as `file:line: problem`; exit 1
    /// if there is any.
    Check {
        /// A folder of dictionary files (kinds guessed from the names:
        /// `verbs`/`CAMEO`, `actors`, `agents`, `discards`, `issue`)
        /// [default: the built-in dictionaries].
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Summarise the dictionaries: files, verb families, patterns, actors.
    Stats {
        /// A folder of dictionary files [default: the built-in dictionaries].
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
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

    /// The raw-text corpus: JSON Lines, `{"id", "date", "text"}` per line.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "data/bench/brown-press.jsonl"
    )]
    pub corpus: PathBuf,

    /// The folder holding `GigaWord.sample.PETR.xml`,
    /// `PETR.UnitTest.records.xml` and the validation dictionaries the
    /// latter names.
    #[arg(long, value_name = "DIR", default_value = "tests/fixtures/petrarch")]
    pub petrarch: PathBuf,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The database, created if missing.
    #[arg(long, value_name = "PATH", default_value = "faultline.db")]
    pub db: PathBuf,

    /// Format of every input, as for `faultline code` (petrarch-xml
    /// excepted) [default: chosen per file by extension and content; stdin
    /// is JSON Lines if it starts with `{`, else text].
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input: InputFormat,

    /// Date of plain-text documents, `YYYY-MM-DD` (for JSON Lines, the date
    /// of lines that have none). Without it a text file is dated by its
    /// modification time; plain text on stdin needs it.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Use every `*.txt` dictionary in DIR instead of the built-in ones
    /// (kinds guessed from the names, as in `dict check DIR`).
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// Worker threads for coding [default: all cores]. What is stored does
    /// not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Files, folders (read recursively, in name order) or `-` for stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// What `faultline export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportTable {
    /// One row per event.
    Events,
    /// One row per document, with its text.
    Documents,
    /// One row per cluster of events that report the same happening.
    Clusters,
}

/// How `faultline export` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines, one object per row.
    Jsonl,
    /// CSV with a header line (RFC 4180 quoting).
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header
    /// (`--table events` only).
    Gdelt,
    /// Parquet files in the folder `--out`, partitioned by year and month
    /// (`year=2022/month=06/part-00000.parquet`).
    Parquet,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The database to read.
    #[arg(long, value_name = "PATH", default_value = "faultline.db")]
    pub db: PathBuf,

    /// The rows to write.
    #[arg(long, value_enum, value_name = "TABLE", default_value = "events")]
    pub table: ExportTable,

    /// The output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "jsonl")]
    pub format: ExportFormat,

    /// Write to PATH instead of stdout. For `--format parquet`, the folder
    /// to write (required; new or empty).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// How `faultline actors` writes its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ActorsFormat {
    /// Aligned tables (unknown actors, then agents without an actor), each
    /// phrase followed by its example sentences.
    Text,
    /// JSON Lines, one object per phrase: `{"phrase", "kind", "code",
    /// "count", "as_source", "as_target", "examples": [{"doc_id",
    /// "sentence_id", "sentence"}]}`.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    /// List participants no actor entry matched: code `---`, or `---GOV`
    /// and the like (an agent without an actor, listed separately).
    /// Pronouns and leading determiners or possessives are left out. This
    /// is what the command lists; the flag is accepted for older scripts.
    #[arg(long, hide = true)]
    pub unknown: bool,

    /// Re-code the text of the documents stored in this database (made by
    /// `faultline ingest`) instead of reading FILEs.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["files", "input", "date"])]
    pub db: Option<PathBuf>,

    /// Format of the input files, as for `faultline code` (petrarch-xml
    /// excepted) [default: chosen per file; stdin is read as text].
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input: InputFormat,

    /// Date of documents that have none, `YYYY-MM-DD`; stdin needs it.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Use every `*.txt` dictionary in DIR instead of the built-in ones
    /// (kinds guessed from the names, as in `dict check DIR`).
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// List the N most frequent phrases of each kind (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,

    /// Example sentences per phrase, first seen first.
    #[arg(long, value_name = "K", default_value_t = 3)]
    pub examples: usize,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: ActorsFormat,

    /// Worker threads for coding [default: all cores]. The list does not
    /// depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Input files in any format `faultline code` reads (stdin when none is
    /// given and there is no `--db`).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// How `faultline eval` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Tables for a terminal: the misses, then the scores of each gold
    /// file, then of all of them.
    Text,
    /// One JSON object, `{"splits": [{"name", "skipped", "scores",
    /// "misses"}], "total"}` (see README, "Measuring accuracy").
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The report's format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: EvalFormat,

    /// Code gold JSON Lines with every `*.txt` dictionary in DIR instead of
    /// the built-in ones; for PETRARCH XML, the folder holding the files its
    /// `<Environment>` names [default: the folder of the file], as for
    /// `faultline code`.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,

    /// Code PETRARCH records from their `<Text>` (built-in tokenizer, tagger
    /// and shallow parser) instead of their `<Parse>`.
    #[arg(long)]
    pub ignore_parse: bool,

    /// Add scores per gold tag (text format; JSON always has them).
    #[arg(long)]
    pub tags: bool,

    /// Leave out the list of sentences not coded exactly (text format; JSON
    /// always has it).
    #[arg(long)]
    pub no_misses: bool,

    /// Worker threads for coding [default: all cores]. The report does not
    /// depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Gold files: JSON Lines (one hand-coded sentence per line) or PETRARCH
    /// validation XML (`<EventCoding>` in each record), told apart by their
    /// first character. Each file is scored on its own, and all together.
    #[arg(value_name = "GOLD", required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, value_name = "PATH", default_value = "faultline-demo.db")]
    pub db: PathBuf,
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database to serve.
    #[arg(long, value_name = "PATH", default_value = "faultline.db")]
    pub db: PathBuf,
    /// The address to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Accept documents (`POST /api/documents`) from requests bearing this
    /// token (`Authorization: Bearer TOKEN`) [default: read-only].
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
}
