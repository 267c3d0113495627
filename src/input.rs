//! Reading inputs: the one place that opens files, walks folders and reads
//! stdin. Each input is opened once; its format is chosen from its name
//! and first bytes without using up a pipe; JSON Lines are read a line at
//! a time, so memory stays flat however long the file. Everything else
//! (readers, dates, documents) is `faultline_pipeline::input`.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use faultline_core::Date;
use faultline_pipeline::input::{self, DateFallback};
use faultline_pipeline::Document;
use faultline_text::readers::{self, Format};

/// What reading the inputs hands to the command, in input order.
pub enum Item {
    /// A document of the input named.
    Document(Arc<str>, Document),
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

impl Reading {
    /// Reads `paths` in order (`-` is stdin; folders were expanded by
    /// [`expand`]) and hands each document to `sink`. A record that cannot
    /// be read (a JSON line, a feed item) is reported with `warn` and
    /// skipped; an input that cannot be read is an [`Item::Failed`]. The
    /// first error `sink` returns stops the reading and is returned.
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
                File::open(path).map(|f| {
                    let time = file_day(&f);
                    (Box::new(f) as Box<dyn Read>, time)
                })
            };
            let result = opened.map_err(|e| anyhow::anyhow!("{name}: {e}")).and_then(
                |(reader, file_time)| {
                    let dates = DateFallback {
                        given: self.given,
                        file_time,
                    };
                    self.read_one(&name, stdin, reader, &dates, warn, sink)
                },
            );
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
        let format = self.format.unwrap_or_else(|| {
            if stdin {
                // stdin is plain text unless its first line is a JSON object
                match head.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'{') => Format::Jsonl,
                    _ => Format::Text,
                }
            } else {
                readers::detect(name, &head)
            }
        });
        let mut reader = io::Cursor::new(head).chain(reader);
        let send = |sink: &mut dyn FnMut(Item) -> anyhow::Result<()>, doc| {
            sink(Item::Document(name.clone(), doc)).map_err(Stop::wrap)
        };
        if format == Format::Jsonl {
            let mut reader = BufReader::with_capacity(1 << 16, reader);
            let mut buf = Vec::new();
            let mut line_no = 0usize;
            loop {
                buf.clear();
                let n = reader
                    .read_until(b'\n', &mut buf)
                    .with_context(|| format!("cannot read {name}"))?;
                if n == 0 {
                    return Ok(());
                }
                line_no += 1;
                let at = format!("{name}:{line_no}");
                let Ok(line) = std::str::from_utf8(&buf) else {
                    warn(format!("{at}: not valid UTF-8; line skipped"));
                    continue;
                };
                let line = line.trim_end_matches(['\n', '\r']);
                if line.trim().is_empty() {
                    continue;
                }
                match input::jsonl_document(line, at.clone(), dates) {
                    Ok(d) => send(sink, d)?,
                    Err(e) => warn(format!("{at}: {e}; line skipped")),
                }
            }
        }
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .with_context(|| format!("cannot read {name}"))?;
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
        let docs = input::read_documents(id, &bytes, format, dates)
            .map_err(|e| anyhow::anyhow!(e.located(name)))?;
        drop(bytes);
        for doc in docs {
            match doc {
                Ok(d) => {
                    if d.date_source == faultline_pipeline::DateSource::FileTime {
                        warn(format!(
                            "{name}: no date found and no --date given; dated {} from the \
                             file's modification time",
                            d.date
                        ));
                    }
                    send(sink, d)?
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

/// The modification day of an open file.
fn file_day(f: &File) -> Option<Date> {
    let modified = f.metadata().ok()?.modified().ok()?;
    let secs = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::from_days(i64::try_from(secs / 86_400).ok()?)
}

/// The files to read, in order: each PATH as given, folders walked
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
    for path in paths {
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
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            // symbolic links to files are followed, to folders not (no cycles)
            let own = fs::canonicalize(&path).is_ok_and(|c| skip.contains(&c));
            if !own {
                out.push(path);
            }
        }
    }
}
