//! `faultline ingest`: code documents and keep them in a SQLite store.
//!
//! Inputs are read as `faultline code` reads them (`crate::input`), in
//! bounded batches. Each batch of documents is first checked against
//! the store by content hash, so documents already stored are never coded
//! again; the rest are coded in parallel with rayon and handed to a single
//! writer thread, which stores them in input order, one transaction per
//! batch (each document whole or absent), while the next batch is coded.
//! Killing the process at any moment leaves whole documents only, and
//! running the same command again finishes the work.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use faultline_coder::Coder;
use faultline_dict::CameoTables;
use faultline_pipeline::{code_batch, CodedDocument, Document};
use faultline_store::{document_hash, Inserted, Store, StoreError};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::IngestArgs;
use crate::code::BATCH;
use crate::input::{Item, Reading};

/// What one run did, for the progress bar and the closing summary.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    new: usize,
    already: usize,
    failed: usize,
    sentences: usize,
    events: usize,
}

impl Totals {
    fn documents(&self) -> usize {
        self.new + self.already + self.failed
    }
}

pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    crate::threads(args.threads)?;
    let reading = Reading {
        format: args.input.format(),
        given: crate::input::date_arg(args.date.as_deref())?,
    };
    let mut totals = Totals::default();
    let warn = |m: String| crate::warn(format_args!("{m}"));
    let db_files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut p = args.db.as_os_str().to_owned();
            p.push(suffix);
            PathBuf::from(p)
        })
        .collect();
    let (inputs, failed) = crate::input::expand(&args.paths, &db_files, &warn);
    totals.failed = failed;

    let mut slot = None;
    let loaded = crate::dicts::shared(&mut slot, args.dictionaries.as_deref())?;
    let coder = Coder::new(&loaded.dicts);
    let tables = CameoTables::builtin();
    let context = || format!("cannot open the database {}", args.db.display());
    // One connection writes (after a quick check of the file); a second one
    // answers "is it stored?" for the documents about to be coded meanwhile.
    let writer_store = Store::open(&args.db).with_context(context)?;
    let reader_store = Store::open_existing(&args.db).with_context(context)?;

    let progress = Progress::new(inputs.len());
    let totals = Mutex::new(totals);
    let coding = Coding {
        coder: &coder,
        store: &reader_store,
        totals: &totals,
        progress: &progress,
    };
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = mpsc::sync_channel(2);
        let writer = scope.spawn(|| write(writer_store, &tables, rx, &totals, &progress));
        let read = read_and_code(&reading, &inputs, &coding, &tx);
        drop(tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the database writer stopped")));
        // a database error stops the reading too: report it first
        written.and(read)
    })?;
    progress.finish();

    let totals = *lock(&totals);
    crate::report(format_args!(
        "{} documents ({} new, {} already stored, {} failed), {} sentences, {} events",
        totals.documents(),
        totals.new,
        totals.already,
        totals.failed,
        totals.sentences,
        totals.events
    ));
    Ok(crate::status(totals.failed))
}

fn lock(totals: &Mutex<Totals>) -> MutexGuard<'_, Totals> {
    totals.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the reading and coding side shares.
struct Coding<'a> {
    coder: &'a Coder<'a>,
    /// A read connection, for the content-hash check.
    store: &'a Store,
    totals: &'a Mutex<Totals>,
    progress: &'a Progress,
}

/// From the coding side to the writer, in input order.
enum Work {
    /// Coded documents, each with the name of its input.
    Batch(Vec<Coded>),
    /// Every document of an input has been sent.
    InputDone,
}

/// The writer has stopped (its error is reported by the writer).
#[derive(Debug, thiserror::Error)]
#[error("the database writer stopped")]
struct WriterGone;

/// Reads the inputs, leaves out what is stored, codes the rest in
/// parallel batches and hands them to the writer. Stops early (without an
/// error of its own) when the writer has stopped.
fn read_and_code(
    reading: &Reading,
    inputs: &[PathBuf],
    c: &Coding<'_>,
    tx: &SyncSender<Work>,
) -> anyhow::Result<()> {
    let mut batch: Vec<(Arc<str>, Document)> = Vec::with_capacity(BATCH);
    let send = |work: Work| tx.send(work).map_err(|_| anyhow::Error::new(WriterGone));
    let flush = |batch: &mut Vec<(Arc<str>, Document)>| -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let (mut names, mut docs) = (Vec::new(), Vec::new());
        let mut seen = HashSet::new();
        for (name, doc) in batch.drain(..) {
            let hash = document_hash(&doc);
            let stored = c
                .store
                .contains_hash(&hash)
                .context("cannot read the database")?;
            if stored || !seen.insert(hash) {
                let mut t = lock(c.totals);
                t.already += 1;
                c.progress.document_done(&t);
            } else {
                names.push(name);
                docs.push(doc);
            }
        }
        let coded = code_batch(c.coder, &docs);
        let batch = names
            .into_iter()
            .zip(docs)
            .zip(coded)
            .map(|((name, doc), coded)| Coded { name, doc, coded })
            .collect();
        send(Work::Batch(batch))
    };
    let result = reading.read(
        inputs,
        &|m| c.progress.suspend(|| crate::warn(format_args!("{m}"))),
        &mut |item| match item {
            Item::Document(name, read) => {
                batch.push((name, read.doc));
                if batch.len() >= BATCH {
                    flush(&mut batch)?;
                }
                Ok(())
            }
            Item::InputDone => {
                flush(&mut batch)?;
                send(Work::InputDone)
            }
            Item::Petrarch(name, bytes) => {
                let why = faultline_pipeline::input::not_documents(&bytes);
                c.progress
                    .suspend(|| crate::warn(format_args!("{name}: {why}; skipped")));
                lock(c.totals).failed += 1;
                send(Work::InputDone)
            }
            Item::Failed(msg) => {
                c.progress
                    .suspend(|| crate::warn(format_args!("{msg}; skipped")));
                lock(c.totals).failed += 1;
                send(Work::InputDone)
            }
        },
    );
    match result {
        Err(e) if e.is::<WriterGone>() => Ok(()),
        other => other,
    }
}

/// The writer: stores each coded document, in the order received, one
/// transaction per batch.
fn write(
    mut store: Store,
    tables: &CameoTables,
    rx: Receiver<Work>,
    totals: &Mutex<Totals>,
    progress: &Progress,
) -> anyhow::Result<()> {
    for work in rx {
        let batch = match work {
            Work::InputDone => {
                progress.file_done(&lock(totals));
                continue;
            }
            Work::Batch(batch) => batch,
        };
        // one transaction per batch; each document is whole or absent
        let mut writer = store.writer().context("cannot write to the database")?;
        for Coded { name, doc, coded } in &batch {
            let inserted = writer.insert_coded(name, doc, coded, tables);
            let mut t = lock(totals);
            match inserted {
                Ok(Inserted::New(_)) => {
                    t.new += 1;
                    t.sentences += coded.chars.len();
                    t.events += coded
                        .sentences
                        .iter()
                        .map(|s| s.events.len())
                        .sum::<usize>();
                }
                Ok(Inserted::AlreadyPresent) => t.already += 1,
                Err(e @ StoreError::Invalid(_)) => {
                    progress.suspend(|| crate::warn(format_args!("{name}: {e}; skipped")));
                    t.failed += 1;
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot store {name}: {}", doc.id));
                }
            }
            progress.document_done(&t);
        }
        writer.commit().context("cannot write to the database")?;
    }
    Ok(())
}

/// A coded document on its way to the writer.
struct Coded {
    /// The input it was read from.
    name: Arc<str>,
    doc: Document,
    coded: CodedDocument,
}

/// The progress bar, drawn only when stderr is a terminal.
struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
}

impl Progress {
    fn new(files: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(files as u64);
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    /// Runs `f` with the bar cleared, so that what it prints stays readable.
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn document_done(&self, totals: &Totals) {
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            let done = totals.documents();
            bar.set_message(format!(
                "{done} documents ({:.0}/s), {} events",
                done as f64 / secs,
                totals.events
            ));
        }
    }

    fn file_done(&self, totals: &Totals) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        self.document_done(totals);
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
