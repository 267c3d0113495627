//! `Store`: a faultline database opened for reading. Tables are read
//! through `faultline-export` (the rows of `faultline export`), series and
//! alignment through a `faultline-analytics` dataset built on first use.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use faultline_analytics::{
    AlignmentConfig, Dataset, DatasetBuilder, Interval, Period, SeriesQuery, Side,
};
use faultline_export::{Format, Table};
use faultline_store::{PointFilter, StoreError as DbError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::coding::date_arg;
use crate::errors::{store_error, QueryError};

/// A store opened read-only (nothing in it is changed).
#[pyclass(frozen, module = "faultline._native")]
pub struct Store {
    path: PathBuf,
    db: Mutex<faultline_store::Store>,
    data: OnceLock<Dataset>,
}

fn query_error(e: impl std::fmt::Display) -> PyErr {
    QueryError::new_err(e.to_string())
}

/// A side of a dyad: a pole (`WEST`, `RUS`, `CHN`) or an actor code with
/// a country (`RUSGOV` counts as `RUS`).
fn side(value: &str) -> PyResult<Side> {
    Side::pole(value).map_err(query_error)
}

impl Store {
    fn table(&self, py: Python<'_>, table: Table) -> PyResult<Vec<u8>> {
        py.detach(|| {
            let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
            let snapshot = db.snapshot()?;
            let mut out = Vec::new();
            faultline_export::write(&snapshot, table, Format::Jsonl, &mut out)?;
            Ok::<_, faultline_export::ExportError>(out)
        })
        .map_err(store_error)
    }

    fn dataset(&self, py: Python<'_>) -> PyResult<&Dataset> {
        if let Some(d) = self.data.get() {
            return Ok(d);
        }
        let built = py
            .detach(|| {
                let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
                let snapshot = db.snapshot()?;
                let mut builder = DatasetBuilder::new();
                snapshot.for_each_event_point(&PointFilter::default(), |p| {
                    builder.push(&p);
                    Ok::<(), DbError>(())
                })?;
                Ok::<_, DbError>(builder.finish())
            })
            .map_err(store_error)?;
        Ok(self.data.get_or_init(|| built))
    }
}

#[pymethods]
impl Store {
    #[new]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Store> {
        let db = py
            .detach(|| faultline_store::Store::open_existing(&path))
            .map_err(|e| store_error(format!("{}: {e}", path.display())))?;
        Ok(Store {
            path,
            db: Mutex::new(db),
            data: OnceLock::new(),
        })
    }

    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Documents, sentences and events stored.
    fn counts(&self, py: Python<'_>) -> PyResult<(u64, u64, u64)> {
        let c = py
            .detach(|| {
                let db = self.db.lock().unwrap_or_else(PoisonError::into_inner);
                let snapshot = db.snapshot()?;
                snapshot.counts()
            })
            .map_err(store_error)?;
        Ok((c.documents, c.sentences, c.events))
    }

    /// A table (`events`, `documents`, `clusters`) as the JSON Lines of
    /// `faultline export --format jsonl`.
    fn export_jsonl<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyBytes>> {
        let table = match table {
            "events" => Table::Events,
            "documents" => Table::Documents,
            "clusters" => Table::Clusters,
            other => return Err(query_error(format!("no table '{other}'"))),
        };
        let bytes = self.table(py, table)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The series of the dyad `a`–`b` (see `faultline_analytics::Series`),
    /// as a dict.
    #[pyo3(signature = (a, b, interval="month", start=None, end=None, directed=false))]
    #[allow(clippy::too_many_arguments)]
    fn series<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        interval: &str,
        start: Option<&Bound<'py, PyAny>>,
        end: Option<&Bound<'py, PyAny>>,
        directed: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let query = SeriesQuery {
            interval: interval.parse::<Interval>().map_err(query_error)?,
            from: date_arg(start)?,
            to: date_arg(end)?,
            directed,
            max_ids: None,
        };
        let (a, b) = (side(a)?, side(b)?);
        let data = self.dataset(py)?;
        let series = py
            .detach(|| data.series(&a, &b, &query))
            .map_err(query_error)?;
        pythonize::pythonize(py, &series).map_err(query_error)
    }

    /// Every country's alignment toward `pole` in `month` (`YYYY-MM`;
    /// `None`: the last month with events), as a dict.
    #[pyo3(signature = (month=None, pole="RUS", window_months=None))]
    fn alignment<'py>(
        &self,
        py: Python<'py>,
        month: Option<&str>,
        pole: &str,
        window_months: Option<u32>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let data = self.dataset(py)?;
        let month = match month {
            Some(m) => Period::parse(Interval::Month, m).map_err(query_error)?,
            None => data
                .months()
                .map(|(_, last)| last)
                .ok_or_else(|| query_error("the store holds no dated events: give a month"))?,
        };
        let pole = side(pole)?;
        let mut cfg = AlignmentConfig::default();
        if let Some(w) = window_months {
            cfg.window_months = w;
        }
        let map = py
            .detach(|| data.alignment(month, &pole, &cfg))
            .map_err(query_error)?;
        pythonize::pythonize(py, &map).map_err(query_error)
    }
}
