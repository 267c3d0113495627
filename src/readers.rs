//! From files to documents: each file's format is chosen by its extension
//! and content (or `--input`), read by the `faultline-text` readers (page
//! furniture removed, publication date found with its evidence), and
//! turned into the [`Document`]s the coder takes.

use std::fs;
use std::io::{self, BufRead};
use std::path::Path;

use anyhow::Context;
use faultline_text::readers::{self, Article, Format};

use crate::documents::{parse_date, Document};

/// How a document without its own date is dated.
#[derive(Debug, Clone)]
pub struct DateFallback {
    /// `--date`, when given.
    pub given: Option<(u32, String)>,
}

impl DateFallback {
    /// From the `--date` argument, checked.
    pub fn from_arg(date: Option<&str>) -> anyhow::Result<DateFallback> {
        let given = date
            .map(|d| parse_date(d).with_context(|| format!("--date '{d}' is not YYYY-MM-DD")))
            .transpose()?;
        Ok(DateFallback { given })
    }
}

fn document(
    article: Article,
    fallback_id: String,
    path: Option<&Path>,
    dates: &DateFallback,
) -> anyhow::Result<Document> {
    let own = article
        .published
        .as_ref()
        .and_then(|p| parse_date(&format!("{:04}-{:02}-{:02}", p.year, p.month, p.day)));
    let (date, date_source) = match (own, &dates.given) {
        (Some(d), _) => (d, None),
        (None, Some(d)) => (d.clone(), Some("--date".to_string())),
        (None, None) => {
            let Some(path) = path else {
                anyhow::bail!("no date in the document and no --date");
            };
            let d = crate::documents::file_date(path).with_context(|| {
                format!(
                    "{}: no date in the document, no --date, no file time",
                    path.display()
                )
            })?;
            crate::warn(format_args!(
                "{}: no date found and no --date given; dated {} from the file's modification time",
                path.display(),
                d.1
            ));
            (d, Some("file modification time".to_string()))
        }
    };
    let id = article
        .id
        .or_else(|| article.url.clone())
        .unwrap_or_else(|| fallback_id.clone());
    let doc = Document {
        id,
        date,
        text: article.text,
        title: article.title,
        url: article.url,
        source: article.source,
        date_source,
    };
    // the caller names the file or line; the document's own id is added
    // when it says more
    match doc.check() {
        Err(e) if doc.id != fallback_id => Err(e.context(format!("document {}", doc.id))),
        Err(e) => Err(e),
        Ok(()) => Ok(doc),
    }
}

/// Reads one file into documents. A feed or WARC record that cannot be read
/// is reported and skipped; a file that cannot be read at all is an error.
pub fn load_file(
    path: &Path,
    forced: Option<Format>,
    dates: &DateFallback,
) -> anyhow::Result<Vec<Document>> {
    let name = path.display().to_string();
    let bytes = fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let format = forced.unwrap_or_else(|| readers::detect(&name, &bytes));
    let text = |bytes: &[u8]| -> anyhow::Result<String> {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            let (line, offset) =
                faultline_text::first_invalid_utf8_line(e.as_bytes()).unwrap_or((1, 0));
            anyhow::anyhow!("{name}:{line}: not valid UTF-8 (first bad byte at offset {offset})")
        })
    };
    let articles: Vec<(Article, String)> = match format {
        Format::Html => vec![(readers::read_html(&text(&bytes)?), name.clone())],
        Format::Text => vec![(readers::read_plain_text(&text(&bytes)?), name.clone())],
        Format::Rss => readers::read_feed(&text(&bytes)?)
            .with_context(|| format!("{name}: not a readable feed"))?
            .into_iter()
            .enumerate()
            .map(|(i, a)| (a, format!("{name}#{i}")))
            .collect(),
        Format::Warc => {
            let records = readers::read_warc(&bytes)
                .with_context(|| format!("{name}: not a readable WARC file"))?;
            let mut out = Vec::new();
            for (i, r) in records.into_iter().enumerate() {
                match r {
                    Ok(a) => out.push((a, format!("{name}#{i}"))),
                    Err(e) => crate::warn(format_args!("{name}: record {}: {e}; skipped", i + 1)),
                }
            }
            out
        }
        Format::Jsonl => return jsonl_documents(&name, &bytes[..], Some(path), dates),
        Format::PetrarchXml => {
            anyhow::bail!("{name}: PETRARCH XML is coded with --input petrarch-xml")
        }
    };
    // a file that is one document fails with it; a feed or an archive
    // reports the documents it cannot give and goes on
    if articles.len() == 1 {
        let (a, id) = articles.into_iter().next().expect("one article");
        return Ok(vec![
            document(a, id, Some(path), dates).with_context(|| name.clone())?
        ]);
    }
    let mut docs = Vec::with_capacity(articles.len());
    for (a, id) in articles {
        match document(a, id, Some(path), dates) {
            Ok(d) => docs.push(d),
            Err(e) => crate::warn(format_args!("{name}: {e:#}; skipped")),
        }
    }
    Ok(docs)
}

/// JSON Lines documents from `reader`, named `name` in messages; `path`
/// (none for stdin) dates documents that have no date and no `--date`. A
/// line that cannot be read is reported as `name:line` and skipped.
fn jsonl_documents(
    name: &str,
    mut reader: impl BufRead,
    path: Option<&Path>,
    dates: &DateFallback,
) -> anyhow::Result<Vec<Document>> {
    let mut docs = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("cannot read {name}"))?;
        if n == 0 {
            return Ok(docs);
        }
        line_no += 1;
        let at = format!("{name}:{line_no}");
        let Ok(line) = std::str::from_utf8(&buf) else {
            crate::warn(format_args!("{at}: not valid UTF-8; line skipped"));
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        match readers::read_jsonl_line(line)
            .map_err(anyhow::Error::from)
            .and_then(|a| document(a, at.clone(), path, dates))
        {
            Ok(d) => docs.push(d),
            Err(e) => crate::warn(format_args!("{at}: {e:#}; line skipped")),
        }
    }
}

/// JSON Lines documents from stdin, dated by `--date` when a line has no date.
pub fn read_jsonl_stdin(date: Option<&str>) -> anyhow::Result<Vec<Document>> {
    let dates = DateFallback::from_arg(date)?;
    jsonl_documents("<stdin>", io::stdin().lock(), None, &dates)
}

/// The documents of every input file, or of stdin when there is none, as
/// `faultline code` and `faultline actors` read them: `input` forces a
/// format (`Auto` chooses per file); one unreadable file among several is
/// reported and skipped.
pub fn load_inputs(
    files: &[std::path::PathBuf],
    input: crate::cli::InputFormat,
    date: Option<&str>,
) -> anyhow::Result<Vec<Document>> {
    use crate::cli::InputFormat;
    if files.is_empty() {
        return match input {
            InputFormat::Jsonl => read_jsonl_stdin(date),
            _ => crate::documents::read_text_stdin(date),
        };
    }
    let forced = match input {
        InputFormat::Auto | InputFormat::PetrarchXml => None,
        InputFormat::Text => Some(Format::Text),
        InputFormat::Jsonl => Some(Format::Jsonl),
        InputFormat::Html => Some(Format::Html),
        InputFormat::Rss => Some(Format::Rss),
        InputFormat::Warc => Some(Format::Warc),
    };
    let dates = DateFallback::from_arg(date)?;
    let mut docs = Vec::new();
    for path in files {
        match load_file(path, forced, &dates) {
            Ok(d) => docs.extend(d),
            Err(e) if files.len() > 1 => crate::warn(format_args!("{e:#}; file skipped")),
            Err(e) => return Err(e),
        }
    }
    Ok(docs)
}
