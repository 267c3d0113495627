//! Reading inputs: the one place that opens files, walks folders and reads
//! stdin. Each input is opened once (named pipes and devices never: they
//! could block forever), its format chosen from its first bytes without
//! using up a pipe; JSON Lines are read a line at a time; a file's warnings
//! stop after a few, with a count. Everything else (formats, size caps,
//! encodings, readers, dates, documents) is `faultline_pipeline::input`.

use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use faultline_core::Date;
use faultline_pipeline::input::{self, DateFallback, WarningLimit};
use faultline_text::readers::Format;

/// What reading the inputs hands to the command, in input order.
pub enum Item {
    /// A document of the input named, as its reader saw it.
    Document(Arc<str>, input::Read),
    /// A PETRARCH XML file, whole: it is coded record by record.
    Petrarch(Arc<str>, Vec<u8>),
    /// Every document of the input has been handed over.
    InputDone,
    /// An input that could not be read at all, and why (naming it).
    Failed(String),
}

/// The `--date` argument, checked.
pub fn date_arg(date: Option<&str>) -> anyhow::Result<Option<Date>> {
    date.map(|d| Date::parse_day(d).with_context(|| format!("--date '{d}'")))
        .transpose()
}

/// How the inputs are read.
pub struct Reading {
    /// The format of every input; `None` chooses per input.
    pub format: Option<Format>,
    /// `--date`.
    pub given: Option<Date>,
}

/// Bytes read to choose a format; they are put back before reading on.
const SNIFF: usize = 8 << 10;

/// Opens a regular file; a named pipe (whose opening blocks until someone
/// writes to it), a device or a socket is refused before it is opened. An
/// anonymous pipe (`<(command)`, `/dev/fd/N`) has its writer: it is read.
fn open(path: &Path) -> io::Result<File> {
    let pipe = fs::read_link(path).is_ok_and(|t| t.to_string_lossy().starts_with("pipe:"));
    let special = |kind| match input::special_file(&kind) {
        Some(why) if !pipe => Err(io::Error::other(why)),
        _ => Ok(()),
    };
    special(fs::metadata(path)?.file_type())?;
    let file = File::open(path)?;
    special(file.metadata()?.file_type())?;
    Ok(file)
}

impl Reading {
    /// Reads `paths` in order (`-` is stdin; folders were expanded by
    /// [`expand`]) and hands each document to `sink`. A record that cannot
    /// be read (a JSON line, a feed item) is reported with `warn` (the
    /// first [`WarningLimit::SHOWN`] of a file, then a count) and skipped;
    /// an input that cannot be read is an [`Item::Failed`]. The first
    /// error `sink` returns stops the reading and is returned.
    pub fn read(
        &self,
        paths: &[PathBuf],
        warn: &dyn Fn(String),
        sink: &mut dyn FnMut(Item) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        for path in paths {
            let stdin = path.as_os_str() == "-";
            let name: Arc<str> = if stdin {
                "<stdin>".into()
            } else {
                path.display().to_string().into()
            };
            let opened: io::Result<(Box<dyn Read>, Option<Date>)> = if stdin {
                Ok((Box::new(io::stdin().lock()), None))
            } else {
                open(path).map(|f| {
                    let time = f.metadata().and_then(|m| m.modified()).ok();
                    let time = time.and_then(input::day_of);
                    (Box::new(f) as Box<dyn Read>, time)
                })
            };
            let limit = RefCell::new(WarningLimit::default());
            let warn_some = |m: String| {
                if limit.borrow_mut().admit() {
                    warn(m);
                }
            };
            let result = opened.map_err(|e| anyhow::anyhow!("{name}: {e}")).and_then(
                |(reader, file_time)| {
                    let dates = DateFallback {
                        given: self.given,
                        file_time,
                    };
                    self.read_one(&name, stdin, reader, &dates, &warn_some, sink)
                },
            );
            if let Some(summary) = limit.borrow().summary(&name) {
                warn(summary);
            }
            match result {
                Ok(()) => sink(Item::InputDone)?,
                Err(e) if e.is::<Stop>() => return Err(Stop::unwrap(e)),
                Err(e) => sink(Item::Failed(format!("{e:#}")))?,
            }
        }
        Ok(())
    }

    fn read_one(
        &self,
        name: &Arc<str>,
        stdin: bool,
        mut reader: Box<dyn Read>,
        dates: &DateFallback,
        warn: &dyn Fn(String),
        sink: &mut dyn FnMut(Item) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut head = Vec::with_capacity(SNIFF);
        (&mut reader)
            .take(SNIFF as u64)
            .read_to_end(&mut head)
            .with_context(|| format!("cannot read {name}"))?;
        let format = input::choose_format(self.format, name, stdin, &head);
        let reader = io::Cursor::new(head).chain(reader);
        let send = |sink: &mut dyn FnMut(Item) -> anyhow::Result<()>, read| {
            sink(Item::Document(name.clone(), read)).map_err(Stop::wrap)
        };
        if format == Format::Jsonl {
            let lines = BufReader::with_capacity(1 << 16, reader);
            return input::read_jsonl(lines, name, dates, &mut |r| match r {
                Ok(read) => send(sink, read),
                Err(warning) => {
                    warn(warning);
                    Ok(())
                }
            })
            .with_context(|| format!("cannot read {name}"));
        }
        let mut bytes = Vec::new();
        reader
            .take(input::max_input_bytes(format).saturating_add(1))
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {name}"))?;
        input::check_size(format, bytes.len()).map_err(|e| anyhow::anyhow!(e.located(name)))?;
        if format == Format::PetrarchXml {
            return sink(Item::Petrarch(name.clone(), bytes)).map_err(Stop::wrap);
        }
        if stdin && format == Format::Text && self.given.is_none() {
            // a usage error, not a bad input: it stops the run
            return Err(Stop::wrap(anyhow::anyhow!(
                "reading plain text from stdin needs --date YYYY-MM-DD (or JSON Lines with dates)"
            )));
        }
        // a document read from stdin without an id of its own is `stdin`
        let id = if stdin { "stdin" } else { &**name };
        let read = input::read_documents(id, &bytes, format, dates)
            .map_err(|e| anyhow::anyhow!(e.located(name)))?;
        drop(bytes);
        for note in read.notes {
            warn(format!("{name}: {note}"));
        }
        for doc in read.docs {
            match doc {
                Ok(r) => {
                    if r.doc.date_source == faultline_pipeline::DateSource::FileTime {
                        warn(format!(
                            "{name}: no date found and no --date given; dated {} from the \
                             file's modification time",
                            r.doc.date
                        ));
                    }
                    send(sink, r)?
                }
                Err(e) => warn(format!("{name}: {e}; skipped")),
            }
        }
        Ok(())
    }
}

/// An error of the sink, passed through [`Reading::read`] untouched: it
/// stops the reading instead of failing one input.
#[derive(Debug, thiserror::Error)]
#[error("{0:#}")]
struct Stop(anyhow::Error);

impl Stop {
    fn wrap(e: anyhow::Error) -> anyhow::Error {
        anyhow::Error::new(Stop(e))
    }

    /// The sink's own error, if `e` is one.
    fn unwrap(e: anyhow::Error) -> anyhow::Error {
        match e.downcast::<Stop>() {
            Ok(Stop(inner)) => inner,
            Err(e) => e,
        }
    }
}

/// The files to read, in order (none: stdin): each PATH as given, folders walked
/// recursively in name order. Hidden entries and `skip` (a database's own
/// files) are left out; a folder that cannot be read is reported with
/// `warn` and counted in the returned number of failures.
pub fn expand(paths: &[PathBuf], skip: &[PathBuf], warn: &dyn Fn(String)) -> (Vec<PathBuf>, usize) {
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    let mut out = Vec::new();
    let mut failed = 0;
    let stdin = [PathBuf::from("-")];
    for path in if paths.is_empty() { &stdin[..] } else { paths } {
        if path.is_dir() {
            walk(path, &skip, &mut out, &mut failed, warn);
        } else {
            // `-`, files, and missing paths (reported when read)
            out.push(path.clone());
        }
    }
    (out, failed)
}

fn walk(
    dir: &Path,
    skip: &[PathBuf],
    out: &mut Vec<PathBuf>,
    failed: &mut usize,
    warn: &dyn Fn(String),
) {
    let entries = fs::read_dir(dir).and_then(|rd| rd.collect::<Result<Vec<_>, _>>());
    let mut entries = match entries {
        Ok(e) => e,
        Err(e) => {
            warn(format!(
                "{}: cannot read folder: {e}; skipped",
                dir.display()
            ));
            *failed += 1;
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
            walk(&path, skip, out, failed, warn);
        } else if let Some(why) = input::special_file(&kind) {
            warn(format!("{}: {why}", path.display()));
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            // symbolic links to files are followed, to folders not (no cycles)
            let own = fs::canonicalize(&path).is_ok_and(|c| skip.contains(&c));
            if !own {
                out.push(path);
            }
        }
    }
}
