//! `Coder`: dictionaries loaded once, documents coded with the
//! pipeline's entry points, records handed back as Python dicts.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use faultline_core::Date;
use faultline_dict::{CameoTables, Dictionaries, Kind, Source};
use faultline_pipeline::input::{self, DateFallback, InputError};
use faultline_pipeline::{code_batch, code_document, CodedDocument, DateSource, Document};
use faultline_text::readers::{detect, Format};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{document_error, DictionaryError};

/// Documents a Python caller should hand over at a time: the batch of
/// `faultline code`.
pub const BATCH: usize = 256;

/// The built-in dictionaries, compiled once per process, with the names
/// of their files.
fn builtin() -> (Arc<Dictionaries>, Vec<String>) {
    static BUILTIN: OnceLock<(Arc<Dictionaries>, Vec<String>)> = OnceLock::new();
    BUILTIN
        .get_or_init(|| {
            let sources = Dictionaries::builtin_sources();
            let (dicts, _) = Dictionaries::load(&sources);
            let files = sources.into_iter().map(|s| s.name).collect();
            (Arc::new(dicts), files)
        })
        .clone()
}

/// The CAMEO tables (Goldstein scores, quad classes, PLOVER).
fn tables() -> &'static CameoTables {
    static TABLES: OnceLock<CameoTables> = OnceLock::new();
    TABLES.get_or_init(CameoTables::builtin)
}

/// A rayon pool of `n` threads, made once for each `n` asked for.
fn pool(n: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = pools.get(&n) {
        return Ok(p.clone());
    }
    let p = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("faultline-{i}"))
        .build()
        .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?;
    let p = Arc::new(p);
    pools.insert(n, p.clone());
    Ok(p)
}

/// Every recognisable dictionary file in `dir` (`Kind::from_file_name`),
/// in case-insensitive name order, as `faultline --dictionaries DIR`
/// loads them: among actor phrases of equal length the first file wins.
fn load_dir(dir: &Path) -> Result<(Dictionaries, Vec<String>, Vec<String>), String> {
    let listing = |e: std::io::Error| format!("cannot list folder {}: {e}", dir.display());
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(listing)? {
        let entry = entry.map_err(listing)?;
        let name = entry.file_name();
        if let Some(kind) = name.to_str().and_then(Kind::from_file_name) {
            paths.push((kind, entry.path()));
        }
    }
    if paths.is_empty() {
        return Err(format!(
            "{}: no dictionary files found (expected *.txt files with verbs, actors, agents, \
             discards or issue in their names)",
            dir.display()
        ));
    }
    paths.sort_by_key(|(_, p)| {
        (
            p.file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default(),
            p.clone(),
        )
    });
    let mut sources = Vec::with_capacity(paths.len());
    let mut diagnostics = Vec::new();
    for (kind, path) in &paths {
        let name = path.display().to_string();
        let bytes = fs::read(path).map_err(|e| format!("cannot read dictionary {name}: {e}"))?;
        let (source, bad) = Source::from_bytes(*kind, &name, &bytes);
        diagnostics.extend(bad.map(|d| d.to_string()));
        sources.push(source);
    }
    let (dicts, diags) = Dictionaries::load(&sources);
    diagnostics.extend(diags.iter().map(ToString::to_string));
    Ok((
        dicts,
        sources.into_iter().map(|s| s.name).collect(),
        diagnostics,
    ))
}

/// A date argument: `YYYY-MM-DD` (or `YYYYMMDD`), or a `datetime.date`.
pub fn date_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Date>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let text: String = if let Ok(s) = value.extract::<String>() {
        s
    } else if value.hasattr("isoformat")? {
        let iso: String = value.call_method0("isoformat")?.extract()?;
        iso.split('T').next().unwrap_or_default().to_string()
    } else {
        return Err(PyTypeError::new_err(
            "date must be a 'YYYY-MM-DD' string or a datetime.date",
        ));
    };
    Date::parse_day(&text)
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("date '{text}': {e}")))
}

/// The message of a document that cannot be read, in Python's terms.
fn input_message(e: &InputError) -> String {
    match e {
        InputError::NoDate => "no date in the document and no date= given".to_string(),
        other => other.to_string(),
    }
}

/// A documents' input format by name; `None` chooses from the content.
fn format_arg(format: Option<&str>) -> PyResult<Option<Format>> {
    Ok(Some(match format {
        None => return Ok(None),
        Some("text") => Format::Text,
        Some("html") => Format::Html,
        Some("jsonl") => Format::Jsonl,
        Some("warc") => Format::Warc,
        Some("rss") => Format::Rss,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "format '{other}' is none of text, html, jsonl, warc, rss"
            )))
        }
    }))
}

/// A JSON value of a Python object: a date as its ISO text, anything
/// else as pythonize reads it.
fn json_value(value: &Bound<'_, PyAny>) -> Result<serde_json::Value, String> {
    if !value.is_instance_of::<pyo3::types::PyString>()
        && value.hasattr("isoformat").unwrap_or(false)
    {
        let iso: String = value
            .call_method0("isoformat")
            .and_then(|v| v.extract())
            .map_err(|e| e.to_string())?;
        return Ok(serde_json::Value::String(iso));
    }
    pythonize::depythonize(value).map_err(|e| e.to_string())
}

/// The document of one dict of an input (`{"id", "date", "text", "title",
/// "url", "source"}`, as a JSON Lines line), read exactly as `faultline
/// code` reads that line; `index` is its place in the input, which names
/// it when it has no id.
fn document_of(
    py: Python<'_>,
    item: &Bound<'_, PyAny>,
    index: usize,
    dates: &DateFallback,
) -> PyResult<Document> {
    let place = format!("#{index}");
    let dict = item.cast::<PyDict>().map_err(|_| {
        let kind = item
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        document_error(
            py,
            &place,
            &format!("a document is a dict with a \"text\", not a {kind}"),
        )
    })?;
    // the id names the document in errors when it can be read
    let id = dict
        .get_item("id")?
        .and_then(|v| v.str().ok().map(|s| s.to_string()));
    let name = id.clone().unwrap_or_else(|| place.clone());
    let mut map = serde_json::Map::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        let key: String = key
            .extract()
            .map_err(|_| document_error(py, &name, "a document's keys are strings"))?;
        let value = json_value(&value)
            .map_err(|e| document_error(py, &name, &format!("field \"{key}\": {e}")))?;
        map.insert(key, value);
    }
    let line = serde_json::Value::Object(map).to_string();
    input::jsonl_document(&line, place, dates).map_err(|e| {
        let message = input_message(&e);
        match message.strip_prefix("document ") {
            // the reader named it already (`document "n2": bad date …`)
            Some(_) => {
                let err = crate::errors::DocumentError::new_err(message.clone());
                let _ = err.value(py).setattr("document", &name);
                err
            }
            None => document_error(py, &name, &message),
        }
    })
}

/// What coding a batch of documents gave: each document's records as
/// Python dicts, in input order, with the fields and values `faultline
/// code` writes (see [`crate::pyser`]).
fn records_of<'py>(
    py: Python<'py>,
    docs: &[Document],
    coded: &[CodedDocument],
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    let mut keys = crate::pyser::Keys::default();
    for (doc, coded) in docs.iter().zip(coded) {
        for record in coded.records(doc, tables()) {
            let obj = crate::pyser::to_python(py, &mut keys, &record)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            out.append(obj)?;
        }
    }
    Ok(out)
}

/// A list of records or documents, and the documents left out as
/// (place, message).
type Read<'py> = (Bound<'py, PyList>, Vec<(String, String)>);

/// Dictionaries loaded once; codes documents with them. Thread-safe: many
/// Python threads may share one.
#[pyclass(frozen, module = "faultline._native")]
pub struct Coder {
    dicts: Arc<Dictionaries>,
    files: Vec<String>,
    diagnostics: Vec<String>,
}

impl Coder {
    /// Codes `docs` on the calling thread (`threads` ≤ 1) or on a pool of
    /// `threads` with the pipeline's `code_batch`, without the GIL.
    fn code_all(
        &self,
        py: Python<'_>,
        docs: &[Document],
        threads: usize,
    ) -> PyResult<Vec<CodedDocument>> {
        let pool = if threads > 1 {
            Some(pool(threads)?)
        } else {
            None
        };
        let dicts = &*self.dicts;
        Ok(py.detach(|| {
            let coder = faultline_coder::Coder::new(dicts);
            match &pool {
                Some(p) => p.install(|| code_batch(&coder, docs)),
                None => docs.iter().map(|d| code_document(&coder, d)).collect(),
            }
        }))
    }
}

#[pymethods]
impl Coder {
    /// `dictionaries`: a folder of PETRARCH dictionary files, or `None`
    /// for the built-in set.
    #[new]
    #[pyo3(signature = (dictionaries=None))]
    fn new(py: Python<'_>, dictionaries: Option<PathBuf>) -> PyResult<Coder> {
        match dictionaries {
            None => {
                let (dicts, files) = py.detach(builtin);
                Ok(Coder {
                    dicts,
                    files,
                    diagnostics: Vec::new(),
                })
            }
            Some(dir) => {
                let (dicts, files, diagnostics) = py
                    .detach(|| load_dir(&dir))
                    .map_err(DictionaryError::new_err)?;
                Ok(Coder {
                    dicts: Arc::new(dicts),
                    files,
                    diagnostics,
                })
            }
        }
    }

    /// The dictionary files, as named in event evidence.
    #[getter]
    fn files(&self) -> Vec<String> {
        self.files.clone()
    }

    /// Lines of user dictionaries that were skipped, each naming
    /// `file:line` (empty for the built-in set).
    #[getter]
    fn diagnostics(&self) -> Vec<String> {
        self.diagnostics.clone()
    }

    /// Codes one text read as `format` (`text` by default, or `html`) and
    /// returns its records.
    #[pyo3(signature = (text, date=None, id=None, title=None, url=None, source=None, format="text"))]
    #[allow(clippy::too_many_arguments)]
    fn code_text<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        date: Option<&Bound<'py, PyAny>>,
        id: Option<String>,
        title: Option<String>,
        url: Option<String>,
        source: Option<String>,
        format: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let fmt = match format {
            "text" => Format::Text,
            "html" => Format::Html,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format '{other}': code() reads one document, text or html"
                )))
            }
        };
        let dates = DateFallback {
            given: date_arg(date)?,
            file_time: None,
        };
        let name = id.clone().unwrap_or_else(|| "<text>".to_string());
        let read = input::read_documents(&name, text.as_bytes(), fmt, &dates)
            .map_err(|e| document_error(py, &name, &input_message(&e)))?;
        let mut docs = Vec::with_capacity(1);
        for doc in read.docs {
            let mut doc = doc
                .map_err(|e| document_error(py, &name, &input_message(&e)))?
                .doc;
            if let Some(id) = &id {
                doc.id.clone_from(id);
            }
            doc.title = title.clone().or(doc.title);
            doc.url = url.clone().or(doc.url);
            doc.source = source.clone().or(doc.source);
            docs.push(doc);
        }
        let coded = self.code_all(py, &docs, 1)?;
        records_of(py, &docs, &coded)
    }

    /// Codes a list of document dicts (`first` is the place of the first
    /// in the whole input, for naming documents without an id); returns
    /// the records and the documents skipped, as (place, message).
    /// `errors`: `raise` stops at the first document that cannot be read,
    /// `skip` leaves it out.
    #[pyo3(signature = (documents, first=0, date=None, threads=1, errors="raise"))]
    fn code_documents<'py>(
        &self,
        py: Python<'py>,
        documents: &Bound<'py, PyList>,
        first: usize,
        date: Option<&Bound<'py, PyAny>>,
        threads: usize,
        errors: &str,
    ) -> PyResult<Read<'py>> {
        let raise = match errors {
            "raise" => true,
            "skip" => false,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors='{other}': write 'raise' or 'skip'"
                )))
            }
        };
        let dates = DateFallback {
            given: date_arg(date)?,
            file_time: None,
        };
        let mut docs = Vec::with_capacity(documents.len());
        let mut skipped = Vec::new();
        for (i, item) in documents.iter().enumerate() {
            match document_of(py, &item, first + i, &dates) {
                Ok(doc) => docs.push(doc),
                Err(e) if !raise => {
                    skipped.push((format!("#{}", first + i), e.value(py).to_string()))
                }
                Err(e) => return Err(e),
            }
        }
        let coded = self.code_all(py, &docs, threads)?;
        Ok((records_of(py, &docs, &coded)?, skipped))
    }
}

/// The documents of one input (a WARC archive, a feed, an HTML page, a
/// text, JSON Lines) as dicts that `Coder.code_documents` reads back:
/// `id`, `date` (only when the document gave its own), `title`, `url`,
/// `source`, `text`. `format=None` chooses from `name` and the content, as
/// `faultline code` does. Records that cannot be read are returned as
/// `(place, message)`.
#[pyfunction]
#[pyo3(signature = (name, data, format=None))]
pub fn read_documents<'py>(
    py: Python<'py>,
    name: &str,
    data: &[u8],
    format: Option<&str>,
) -> PyResult<Read<'py>> {
    let format = format_arg(format)?.unwrap_or_else(|| detect(name, data));
    // documents without a date of their own keep none: the coder's date=
    // dates them, as --date does
    let placeholder = Date::parse_day("1970-01-01").ok();
    let dates = DateFallback {
        given: placeholder,
        file_time: None,
    };
    let read = py
        .detach(|| input::read_documents(name, data, format, &dates))
        .map_err(|e| document_error(py, name, &input_message(&e)))?;
    let out = PyList::empty(py);
    let mut skipped = Vec::new();
    for (i, doc) in read.docs.into_iter().enumerate() {
        let doc = match doc {
            Ok(read) => read.doc,
            Err(e) => {
                skipped.push((format!("{name}#{i}"), input_message(&e)));
                continue;
            }
        };
        let d = PyDict::new(py);
        d.set_item("id", &doc.id)?;
        if doc.date_source == DateSource::Document {
            d.set_item("date", doc.date.to_string())?;
        }
        d.set_item("title", &doc.title)?;
        d.set_item("url", &doc.url)?;
        d.set_item("source", &doc.source)?;
        d.set_item("text", &doc.text)?;
        out.append(d)?;
    }
    Ok((out, skipped))
}
