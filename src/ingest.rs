//! `faultline ingest`: code documents and keep them in a SQLite store.
//!
//! Inputs are read one path at a time ([`load_path`] is the one place that
//! knows input formats). Each batch of documents is first checked against
//! the store by content hash, so documents already stored are never coded
//! again; the rest are coded in parallel with rayon and handed to a single
//! writer thread, which stores them in input order, one transaction per
//! document, while the next batch is coded. Killing the process at any
//! moment leaves whole documents only, and running the same command again
//! finishes the work.

use std::collections::HashSet;
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use faultline_coder::Coder;
use faultline_dict::CameoTables;
use faultline_store::{
    content_hash, EventDate, Inserted, NewDocument, NewEvent, NewSentence, Plover, Store,
    StoreError,
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{DocumentFormat, IngestArgs};
use crate::documents::{analyze_document, Document};
use crate::output::EventRecord;

/// Documents coded in parallel between two rounds of writes.
const BATCH: usize = 256;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Format of every input; `None` chooses by file extension.
    pub format: Option<DocumentFormat>,
    /// `--date`, as given.
    pub date: Option<String>,
}

/// Reads one input, a file or `-` (stdin), into documents. This is the
/// one function that knows input formats: a new reader plugs in here.
/// A broken record inside a file is reported and skipped by the reader;
/// an error means the whole input could not be read.
pub fn load_path(path: &Path, opts: &LoadOptions) -> anyhow::Result<Vec<Document>> {
    let date = opts.date.as_deref();
    if path.as_os_str() == "-" {
        return match opts.format {
            Some(DocumentFormat::Jsonl) => crate::readers::read_jsonl_stdin(date),
            _ => crate::documents::read_text_stdin(date),
        };
    }
    let forced = opts.format.map(|f| match f {
        DocumentFormat::Jsonl => faultline_text::readers::Format::Jsonl,
        DocumentFormat::Text => faultline_text::readers::Format::Text,
    });
    crate::readers::load_file(path, forced, &crate::readers::DateFallback::from_arg(date)?)
}

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
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start worker threads")?;
    }
    // a bad --date is an error before anything is read
    crate::readers::DateFallback::from_arg(args.date.as_deref())?;
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.date.is_none() && args.input != Some(DocumentFormat::Jsonl) {
        anyhow::bail!("reading plain text from stdin needs --date YYYY-MM-DD (or --input jsonl)");
    }
    let opts = LoadOptions {
        format: args.input,
        date: args.date.clone(),
    };

    let mut totals = Totals::default();
    let inputs = expand(&args.paths, &args.db, &mut totals);

    let loaded = crate::dicts::for_input(None, Path::new("."), args.dictionaries.as_deref())?;
    crate::dicts::report(&loaded);
    let coder = Coder::new(&loaded.dicts);
    let tables = CameoTables::builtin();
    let open = || {
        Store::open(&args.db)
            .with_context(|| format!("cannot open the database {}", args.db.display()))
    };
    // One connection writes; a second one answers "is it stored?" for the
    // documents about to be coded while the writer is busy.
    let writer_store = open()?;
    let reader_store = open()?;

    let progress = Progress::new(inputs.len());
    let totals = Mutex::new(totals);
    let coding = Coding {
        coder: &coder,
        tables: &tables,
        store: &reader_store,
        totals: &totals,
        progress: &progress,
    };
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = mpsc::sync_channel(2);
        let writer = scope.spawn(|| write(writer_store, rx, &totals, &progress));
        let read = read_and_code(&inputs, &opts, &coding, &tx);
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
    Ok(if totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn lock(totals: &Mutex<Totals>) -> MutexGuard<'_, Totals> {
    totals.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the reading and coding side shares.
struct Coding<'a> {
    coder: &'a Coder<'a>,
    tables: &'a CameoTables,
    /// A read connection, for the content-hash check.
    store: &'a Store,
    totals: &'a Mutex<Totals>,
    progress: &'a Progress,
}

/// From the coding side to the writer, in input order.
enum Work {
    /// Coded documents of the input named.
    Batch(Arc<str>, Vec<Prepared>),
    /// Every document of an input has been sent.
    InputDone,
}

/// Reads each input, leaves out what is stored, codes the rest in
/// parallel batches and hands them to the writer. Stops early (without an
/// error of its own) when the writer has stopped.
fn read_and_code(
    inputs: &[PathBuf],
    opts: &LoadOptions,
    c: &Coding<'_>,
    tx: &SyncSender<Work>,
) -> anyhow::Result<()> {
    for path in inputs {
        let docs = match c.progress.suspend(|| load_path(path, opts)) {
            Ok(docs) => docs,
            Err(e) => {
                let msg = located(path, &e);
                c.progress
                    .suspend(|| crate::warn(format_args!("{msg}; skipped")));
                lock(c.totals).failed += 1;
                if tx.send(Work::InputDone).is_err() {
                    return Ok(());
                }
                continue;
            }
        };
        let name: Arc<str> = if path.as_os_str() == "-" {
            "<stdin>".into()
        } else {
            path.display().to_string().into()
        };
        let mut docs = docs.into_iter();
        loop {
            let batch: Vec<Document> = docs.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let mut todo = Vec::with_capacity(batch.len());
            let mut seen = HashSet::new();
            for doc in batch {
                let hash = document_hash(&doc);
                let stored = c
                    .store
                    .contains_hash(&hash)
                    .context("cannot read the database")?;
                if stored || !seen.insert(hash.clone()) {
                    let mut t = lock(c.totals);
                    t.already += 1;
                    c.progress.document_done(&t);
                } else {
                    todo.push((doc, hash));
                }
            }
            let prepared: Vec<Prepared> = todo
                .into_par_iter()
                .map(|(doc, hash)| prepare(c.coder, c.tables, doc, hash))
                .collect();
            if tx.send(Work::Batch(name.clone(), prepared)).is_err() {
                return Ok(());
            }
        }
        if tx.send(Work::InputDone).is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// The writer: stores each coded document, in the order received, one
/// transaction per document.
fn write(
    mut store: Store,
    rx: Receiver<Work>,
    totals: &Mutex<Totals>,
    progress: &Progress,
) -> anyhow::Result<()> {
    for work in rx {
        let (name, prepared) = match work {
            Work::InputDone => {
                progress.file_done(&lock(totals));
                continue;
            }
            Work::Batch(name, prepared) => (name, prepared),
        };
        for p in &prepared {
            let doc = NewDocument {
                content_hash: p.hash.clone(),
                name: &name,
                doc_id: &p.doc.id,
                title: p.doc.title.as_deref(),
                url: p.doc.url.as_deref(),
                source: p.doc.source.as_deref(),
                doc_date: &p.doc.date.1,
                date_source: p.doc.date_source.as_deref().unwrap_or("document"),
                text: &p.doc.text,
            };
            let inserted = store.insert(&doc, &p.sentences, &p.events);
            let mut t = lock(totals);
            match inserted {
                Ok(Inserted::New(_)) => {
                    t.new += 1;
                    t.sentences += p.sentences.len();
                    t.events += p.events.len();
                }
                Ok(Inserted::AlreadyPresent) => t.already += 1,
                Err(e @ StoreError::Invalid(_)) => {
                    progress.suspend(|| crate::warn(format_args!("{name}: {e}; skipped")));
                    t.failed += 1;
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot store {name}: {}", p.doc.id));
                }
            }
            progress.document_done(&t);
        }
    }
    Ok(())
}

/// A reader's error as `PATH: message`.
fn located(path: &Path, err: &anyhow::Error) -> String {
    let msg = format!("{err:#}");
    let name = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    if msg.starts_with(&name) {
        msg
    } else if let Some(rest) = msg.strip_prefix(&format!("cannot read {name}: ")) {
        format!("{name}: {rest}")
    } else {
        format!("{name}: {msg}")
    }
}

/// What identifies a document's content: its own id and its text. The
/// same story read again (from the same file or a copy of it) is the same
/// document whatever date it is given; the same text under two ids (a
/// wire story carried by two outlets) is two articles.
fn document_hash(doc: &Document) -> String {
    let mut bytes = Vec::with_capacity(doc.id.len() + doc.text.len() + 9);
    bytes.extend_from_slice(&(doc.id.len() as u64).to_le_bytes());
    bytes.extend_from_slice(doc.id.as_bytes());
    bytes.push(0);
    bytes.extend_from_slice(doc.text.as_bytes());
    content_hash(&bytes)
}

/// A coded document, ready to store.
struct Prepared {
    doc: Document,
    hash: String,
    sentences: Vec<NewSentence>,
    events: Vec<NewEvent>,
}

fn prepare(coder: &Coder<'_>, tables: &CameoTables, doc: Document, hash: String) -> Prepared {
    let coded = analyze_document(coder, &doc);
    // every sentence is stored, not only those that gave events
    let sentences = coded
        .chars
        .iter()
        .enumerate()
        .map(|(k, &(start, end))| NewSentence {
            index: u32::try_from(k).unwrap_or(u32::MAX),
            char_start: start,
            char_end: end,
        })
        .collect();
    let mut events = Vec::new();
    for s in &coded.sentences {
        let sentence_id = s.index.to_string();
        let ctx = s.context(&doc, &sentence_id);
        for (i, (event, date)) in s.events.iter().zip(&s.dates).enumerate() {
            let info = tables.info(&event.code);
            let location = s.locations.get(i).and_then(Option::as_ref);
            let record = EventRecord::new(&ctx, event, &info, date).with_location(location);
            let (date, date_evidence) = match EventDate::parse(record.date) {
                Some(d) => (d, record.date_evidence.to_string()),
                None => match EventDate::parse(&doc.date.1) {
                    Some(d) => (d, "publication date".to_string()),
                    // a document date the store cannot hold: no events
                    None => continue,
                },
            };
            events.push(NewEvent {
                sentence_index: u32::try_from(s.index).unwrap_or(u32::MAX),
                source: event.source.code.clone(),
                target: event.target.code.clone(),
                code: event.code.clone(),
                root_code: record.root_code.map(str::to_string),
                quad_class: info.quad_class,
                goldstein: info.goldstein.map(f32_to_f64),
                plover: info.plover.as_ref().map(|p| Plover {
                    category: p.category.clone(),
                    mode: p.mode.clone(),
                    context: p.context.clone(),
                }),
                date,
                date_evidence,
                char_start: s.chars.0,
                char_end: s.chars.1,
                issues: serde_json::to_string(&record.issues).unwrap_or_else(|_| "[]".into()),
                evidence: serde_json::to_string(&record.evidence).unwrap_or_else(|_| "{}".into()),
                location: record
                    .location
                    .as_ref()
                    .and_then(|l| serde_json::to_string(l).ok()),
            });
        }
    }
    Prepared {
        doc,
        hash,
        sentences,
        events,
    }
}

/// The decimal value an `f32` score was written as (`3.4`, not
/// `3.4000000953674316`).
fn f32_to_f64(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// The files to read, in order: each PATH as given, folders walked
/// recursively in name order. Hidden entries and the database's own files
/// are left out; a folder that cannot be read is reported and counted as
/// failed.
fn expand(paths: &[PathBuf], db: &Path, totals: &mut Totals) -> Vec<PathBuf> {
    let db_files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            fs::canonicalize(PathBuf::from(p)).ok()
        })
        .collect();
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &db_files, &mut out, totals);
        } else {
            // `-`, files, and missing paths (reported when read)
            out.push(path.clone());
        }
    }
    out
}

fn walk(dir: &Path, skip: &[PathBuf], out: &mut Vec<PathBuf>, totals: &mut Totals) {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(e) => e,
        Err(e) => {
            crate::warn(format_args!(
                "{}: cannot read folder: {e}; skipped",
                dir.display()
            ));
            totals.failed += 1;
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, skip, out, totals);
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            // symbolic links to files are followed, to folders not (no cycles)
            let own = fs::canonicalize(&path).is_ok_and(|c| skip.contains(&c));
            if !own {
                out.push(path);
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_their_decimal_value() {
        assert_eq!(f32_to_f64(3.4), 3.4);
        assert_eq!(f32_to_f64(-2.0), -2.0);
        assert_eq!(f32_to_f64(-10.0), -10.0);
    }

    #[test]
    fn hash_separates_id_and_text() {
        let doc = |id: &str, text: &str| Document {
            id: id.into(),
            date: (20220619, "2022-06-19".into()),
            text: text.into(),
            title: None,
            url: None,
            source: None,
            date_source: None,
        };
        let a = document_hash(&doc("ab", "c"));
        assert_ne!(a, document_hash(&doc("a", "bc")));
        assert_ne!(a, document_hash(&doc("ab", "d")));
        let mut later = doc("ab", "c");
        later.date = (20220620, "2022-06-20".into());
        assert_eq!(a, document_hash(&later));
    }
}
