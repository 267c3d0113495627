//! The exception classes: `FaultlineError` and one subclass per kind of
//! trouble. A `DocumentError` carries the document it is about in its
//! `document` attribute (its id, else its place in the input) and names
//! it in its message.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    faultline,
    FaultlineError,
    PyException,
    "Base class of every error faultline raises."
);
create_exception!(
    faultline,
    DocumentError,
    FaultlineError,
    "A document that cannot be read or coded; `document` names it."
);
create_exception!(
    faultline,
    DictionaryError,
    FaultlineError,
    "A dictionary folder that cannot be read."
);
create_exception!(
    faultline,
    StoreError,
    FaultlineError,
    "A store that cannot be opened or read."
);
create_exception!(
    faultline,
    QueryError,
    FaultlineError,
    "A question the store's events cannot answer as put (a bad period, party or option)."
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("FaultlineError", py.get_type::<FaultlineError>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add("DictionaryError", py.get_type::<DictionaryError>())?;
    m.add("StoreError", py.get_type::<StoreError>())?;
    m.add("QueryError", py.get_type::<QueryError>())?;
    Ok(())
}

/// A `DocumentError` about `document`: `document {document}: {message}`.
pub fn document_error(py: Python<'_>, document: &str, message: &str) -> PyErr {
    let err = DocumentError::new_err(format!("document {document}: {message}"));
    // setting an attribute on a fresh exception cannot fail in practice; if
    // it did, the message still names the document
    let _ = err.value(py).setattr("document", document);
    err
}

pub fn store_error(e: impl std::fmt::Display) -> PyErr {
    StoreError::new_err(e.to_string())
}
