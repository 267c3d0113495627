//! `faultline export`: write what a store holds as JSON Lines, CSV,
//! GDELT 2.0 event rows or a folder of Parquet files. The rows and formats
//! are `faultline_export`'s; this command checks the arguments, opens the
//! database and the output, and reads everything from one snapshot.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use faultline_export::{Format, Table};
use faultline_store::Store;

use crate::cli::{ExportArgs, ExportFormat, ExportTable};

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if args.format == ExportFormat::Gdelt && args.table != ExportTable::Events {
        anyhow::bail!("--format gdelt writes events only (use --table events)");
    }
    let parquet_dir = match (args.format, &args.out) {
        (ExportFormat::Parquet, Some(dir)) => Some(dir),
        (ExportFormat::Parquet, None) => {
            anyhow::bail!("--format parquet writes a folder of files: name it with --out DIR")
        }
        _ => None,
    };
    let table = match args.table {
        ExportTable::Events => Table::Events,
        ExportTable::Documents => Table::Documents,
        ExportTable::Clusters => Table::Clusters,
    };
    let store = Store::open_read_only(&args.db)
        .with_context(|| format!("cannot open the database {}", args.db.display()))?;
    let snapshot = store
        .snapshot()
        .with_context(|| format!("cannot read the database {}", args.db.display()))?;
    if let Some(dir) = parquet_dir {
        faultline_export::write_parquet(&snapshot, table, dir)?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Jsonl | ExportFormat::Parquet => Format::Jsonl,
    };
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    faultline_export::write(&snapshot, table, format, &mut out)?;
    out.flush().context("cannot write the export")?;
    Ok(ExitCode::SUCCESS)
}
