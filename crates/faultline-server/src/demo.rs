//! `faultline demo`: a store built from the bundled corpus
//! (`data/demo/corpus.jsonl`, compiled in), then served.
//!
//! The corpus is 213 news documents of 2021–2023 about Central Asia,
//! Russia, Ukraine, China and the West (see `data/demo/README.md`). The
//! store is built into a temporary file beside the target and renamed
//! into place when complete, so an interrupted build never leaves a half
//! store that a later run would take for the demo.

use std::path::{Path, PathBuf};

use faultline_coder::Coder;
use faultline_pipeline::code_document;
use faultline_pipeline::input::{jsonl_document, DateFallback};
use faultline_store::{Inserted, Store, StoreError};

use crate::documents::{dictionaries, tables};

/// The bundled corpus, one JSON document a line.
pub const CORPUS: &str = include_str!("../../../data/demo/corpus.jsonl");

/// The `inputs` name the demo's documents are stored under.
const INPUT_NAME: &str = "data/demo/corpus.jsonl (bundled)";

/// What building the demo store did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Built {
    pub documents: usize,
    pub events: usize,
}

impl std::fmt::Display for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} documents, {} events", self.documents, self.events)
    }
}

/// Why the demo store could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo corpus line {line}: {message}")]
    Corpus { line: usize, message: String },
    #[error("cannot build the demo store {}: {source}", path.display())]
    Store { path: PathBuf, source: StoreError },
    #[error("cannot move the demo store into place at {}: {source}", path.display())]
    Rename {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Builds the demo store at `db` from the bundled corpus, unless a file
/// is there already (then `None`: it is served as it is).
pub fn ensure(db: &Path) -> Result<Option<Built>, DemoError> {
    if db.exists() {
        return Ok(None);
    }
    let mut partial = db.as_os_str().to_owned();
    partial.push(".building");
    let partial = PathBuf::from(partial);
    for stale in [
        partial.clone(),
        wal(&partial, "-wal"),
        wal(&partial, "-shm"),
    ] {
        let _ = std::fs::remove_file(stale);
    }
    let store_error = |source| DemoError::Store {
        path: db.to_path_buf(),
        source,
    };
    let built = {
        let mut store = Store::open(&partial).map_err(store_error)?;
        fill(&mut store).map_err(|e| match e {
            Fill::Corpus(line, message) => DemoError::Corpus { line, message },
            Fill::Store(source) => store_error(source),
        })?
        // the store closes here, which folds its write-ahead log into the
        // file before it is renamed
    };
    std::fs::rename(&partial, db).map_err(|source| DemoError::Rename {
        path: db.to_path_buf(),
        source,
    })?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(wal(&partial, side));
    }
    Ok(Some(built))
}

fn wal(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

enum Fill {
    Corpus(usize, String),
    Store(StoreError),
}

/// Codes every document of the corpus into `store`.
fn fill(store: &mut Store) -> Result<Built, Fill> {
    let coder = Coder::new(dictionaries());
    let mut built = Built {
        documents: 0,
        events: 0,
    };
    for (i, line) in CORPUS.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc = jsonl_document(
            line,
            format!("corpus.jsonl:{}", i + 1),
            &DateFallback::default(),
        )
        .map_err(|e| Fill::Corpus(i + 1, e.to_string()))?;
        let coded = code_document(&coder, &doc);
        let events: usize = coded.sentences.iter().map(|s| s.events.len()).sum();
        match store
            .insert_coded(INPUT_NAME, &doc, &coded, tables())
            .map_err(Fill::Store)?
        {
            Inserted::New(_) => {
                built.documents += 1;
                built.events += events;
            }
            Inserted::AlreadyPresent => {}
        }
    }
    Ok(built)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_store_is_built_once_and_tells_the_story() {
        let dir = std::env::temp_dir().join(format!("faultline-demo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("demo.db");
        let _ = std::fs::remove_file(&db);
        let built = ensure(&db).unwrap().expect("a new store");
        assert!(built.documents >= 200, "{built:?}");
        assert!(built.events >= 300, "{built:?}");
        assert!(!wal(&db, ".building").exists());
        // a second run serves what is there
        assert_eq!(ensure(&db).unwrap(), None);
        let store = Store::open_existing(&db).unwrap();
        assert_eq!(store.counts().unwrap().documents, built.documents as u64);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
