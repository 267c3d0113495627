//! `faultline._native`, the compiled half of the Python package
//! `faultline` (the Python half, in `python/faultline/`, is the documented
//! API and wraps this one).
//!
//! A front door like the command-line program: it reads dictionary
//! folders and stores, and codes documents with the pipeline's own entry
//! points (`faultline_pipeline::code_document` and `code_batch`), so that
//! its records are the `EventRecord`s `faultline code` writes, converted
//! to Python objects field by field with serde. The GIL is released while
//! documents are coded. Errors become the Python exceptions of
//! [`errors`], each naming the document, file or parameter at fault.

mod coding;
mod errors;
mod pyser;
mod store;

use pyo3::prelude::*;

/// The columns of an exported table (`events`, `documents`, `clusters`)
/// with their Arrow type names, in order: what `faultline export
/// --format parquet` writes.
#[pyfunction]
fn columns(table: &str) -> PyResult<Vec<(&'static str, &'static str)>> {
    let table = match table {
        "events" => faultline_export::Table::Events,
        "documents" => faultline_export::Table::Documents,
        "clusters" => faultline_export::Table::Clusters,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "no table '{other}' (events, documents or clusters)"
            )))
        }
    };
    Ok(faultline_export::columns(table)
        .into_iter()
        .map(|(name, t)| (name, t.arrow_name()))
        .collect())
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<coding::Coder>()?;
    m.add_class::<store::Store>()?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(coding::read_documents, m)?)?;
    m.add("BATCH", coding::BATCH)?;
    Ok(())
}
