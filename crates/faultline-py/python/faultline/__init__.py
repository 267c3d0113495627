"""faultline: news text to political event data (CAMEO and PLOVER).

The same pipeline as the ``faultline`` command-line program, compiled into
this package: every event is a dict with the fields of a line of
``faultline code`` (source and target actor codes, the CAMEO code, its
date, place, sentence and the dictionary lines that produced it).

    >>> import faultline
    >>> events = faultline.code("Kazakhstan criticized Russia on Monday.", date="2022-06-20")
    >>> [(e["source"], e["target"], e["code"], e["date"]) for e in events]
    [('KAZ', 'RUS', '111', '2022-06-20')]

- :func:`code` codes one text; :class:`Coder` keeps its dictionaries and
  codes many documents (dicts such as JSON Lines lines), on several
  threads if asked, without holding the GIL while it codes.
- :func:`to_arrow` and :func:`to_pandas` make tables with the columns and
  types of ``faultline export --format parquet`` (pyarrow, pandas).
- :class:`Store` reads a store made by ``faultline ingest``: events,
  documents and clusters as tables, dyad series and the alignment index.
- Errors are :class:`FaultlineError` and its subclasses; a
  :class:`DocumentError` names the document in its message and in its
  ``document`` attribute.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from . import _native
from ._native import (
    DictionaryError,
    DocumentError,
    FaultlineError,
    QueryError,
    StoreError,
)

__all__ = [
    "Coder",
    "DictionaryError",
    "DocumentError",
    "FaultlineError",
    "FaultlineWarning",
    "QueryError",
    "Store",
    "StoreError",
    "arrow_schema",
    "code",
    "columns",
    "event_row",
    "read_documents",
    "to_arrow",
    "to_pandas",
]

#: Documents handed to the native coder at a time, per thread (the batch
#: of ``faultline code``).
BATCH: int = _native.BATCH


class FaultlineWarning(UserWarning):
    """A document left out with ``errors="warn"``; the message names it."""


_ERRORS = ("raise", "warn", "skip")


class Coder:
    """Dictionaries loaded once, and a coder of documents with them.

    ``dictionaries`` is a folder of PETRARCH dictionary files (as
    ``faultline --dictionaries DIR``), or ``None`` for the built-in ones.
    A Coder is thread-safe: share one between threads, or make one per
    Spark partition. Loading the built-in dictionaries takes about a second
    the first time in a process and nothing after.
    """

    def __init__(self, dictionaries: str | os.PathLike[str] | None = None) -> None:
        path = None if dictionaries is None else os.fspath(dictionaries)
        self._coder = _native.Coder(path)

    @property
    def files(self) -> list[str]:
        """The dictionary files, as event evidence names them."""
        return self._coder.files

    @property
    def diagnostics(self) -> list[str]:
        """Lines of user dictionaries that were skipped (``file:line: why``)."""
        return self._coder.diagnostics

    def code(
        self,
        text: str,
        date: Any = None,
        *,
        id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
        format: str = "text",
    ) -> list[dict[str, Any]]:
        """Codes one document and returns its events, in order.

        ``text`` is read as ``faultline code`` reads a ``.txt`` file
        (``format="html"``: an ``.html`` page), so a page's own date, title
        and URL are found as there. ``date`` (``"YYYY-MM-DD"`` or a
        ``datetime.date``) dates a text that gives no date of its own, as
        ``--date`` does. ``id`` names the document (default ``"<text>"``);
        ``title``, ``url`` and ``source`` replace what the text gives.
        Raises :class:`DocumentError` for a text with nothing to code or no
        date.
        """
        return self._coder.code_text(text, date, id, title, url, source, format)

    def iter_events(
        self,
        documents: Iterable[Mapping[str, Any]],
        threads: int | None = None,
        *,
        date: Any = None,
        errors: str = "raise",
    ) -> Iterator[dict[str, Any]]:
        """Codes documents and yields their events in input order, a batch
        at a time, so memory does not grow with the input.

        Each document is a dict read as a line of JSON Lines is read by
        ``faultline code``: ``text`` (required), ``id``, ``date``
        (``"YYYY-MM-DD"``, an ISO date-time or a ``datetime.date``),
        ``title``, ``url``, ``source``. A document without an ``id`` is
        named ``#N``, its place in the input (from 0); one without a
        ``date`` takes ``date``.

        ``threads``: ``None`` or ``1`` codes on the calling thread; ``n >
        1`` on a pool of ``n`` threads (the pipeline's parallel batch
        coding, results in input order); ``0`` on one thread per core. The
        GIL is released while documents are coded, so other Python threads
        run meanwhile.

        ``errors``: ``"raise"`` raises :class:`DocumentError` for a
        document that cannot be read (naming it); ``"warn"`` leaves it out
        with a :class:`FaultlineWarning`; ``"skip"`` leaves it out.
        """
        if errors not in _ERRORS:
            raise ValueError(f"errors={errors!r}: write one of {', '.join(_ERRORS)}")
        n = 1 if threads is None else int(threads)
        if n < 0:
            raise ValueError(f"threads={threads}: a number of threads is 0 or more")
        if n == 0:
            n = os.cpu_count() or 1
        native_errors = "raise" if errors == "raise" else "skip"
        size = BATCH * n
        it = iter(documents)
        first = 0
        while True:
            batch = list(itertools.islice(it, size))
            if not batch:
                return
            events, skipped = self._coder.code_documents(batch, first, date, n, native_errors)
            if errors == "warn":
                for _place, message in skipped:
                    warnings.warn(message, FaultlineWarning, stacklevel=2)
            first += len(batch)
            yield from events

    def code_documents(
        self,
        documents: Iterable[Mapping[str, Any]],
        threads: int | None = None,
        *,
        date: Any = None,
        errors: str = "raise",
    ) -> list[dict[str, Any]]:
        """Codes documents and returns all their events, in input order.

        As :meth:`iter_events` (the same arguments), as a list.
        """
        return list(self.iter_events(documents, threads, date=date, errors=errors))


_default: Coder | None = None
_default_lock = threading.Lock()


def _default_coder() -> Coder:
    global _default
    with _default_lock:
        if _default is None:
            _default = Coder()
        return _default


def code(text: str, date: Any = None, **options: Any) -> list[dict[str, Any]]:
    """Codes one text with the built-in dictionaries and returns its
    events: the records of ``faultline code``, as dicts.

    ``date`` dates a text without a date of its own (``"YYYY-MM-DD"`` or a
    ``datetime.date``). Options: ``id``, ``title``, ``url``, ``source``
    (the document's metadata), ``format`` (``"text"``, the default, or
    ``"html"``) and ``dictionaries`` (a folder of dictionary files to use
    instead of the built-in ones). See :meth:`Coder.code`.
    """
    dictionaries = options.pop("dictionaries", None)
    known = {"id", "title", "url", "source", "format"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"code() got unknown options: {', '.join(unknown)}")
    coder = _default_coder() if dictionaries is None else Coder(dictionaries)
    return coder.code(text, date, **options)


def read_documents(
    name: str, data: bytes, format: str | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The documents of one input's bytes, as dicts for
    :meth:`Coder.code_documents`, and the records that could not be read as
    ``(place, message)``.

    ``format``: ``"warc"``, ``"jsonl"``, ``"rss"``, ``"html"``,
    ``"text"``, or ``None`` to choose from ``name`` and the bytes as
    ``faultline code`` does. A document keeps its ``date`` only when it
    gave one of its own. Raises :class:`DocumentError` when nothing of the
    input can be read.
    """
    return _native.read_documents(name, bytes(data), format)


def columns(table: str = "events") -> list[tuple[str, str]]:
    """The columns of an exported table (``events``, ``documents``,
    ``clusters``) with their Arrow type names, in the order ``faultline
    export --format parquet`` writes them."""
    return _native.columns(table)


def _json_text(value: Any) -> str | None:
    """Nested JSON as the compact text the exports write (serde_json's)."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _sentence_index(sentence_id: Any) -> int | None:
    text = str(sentence_id)
    return int(text) if text.isdigit() else None


def event_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """An event in the columns of the events export.

    A record of :func:`code` gets ``event_id``, ``cluster_id`` and
    ``document`` null (they are the store's), ``sentence_index`` from its
    ``sentence_id`` and ``url`` from ``doc_url``; a row of
    :meth:`Store.events` (or of a JSON Lines export) is taken as it is.
    """
    if "event_id" in record:
        row = dict(record)
    else:
        plover = record.get("plover") or {}
        place = record.get("location") or {}
        row = {
            "event_id": None,
            "cluster_id": None,
            "document": None,
            "doc_id": record.get("doc_id"),
            "sentence_index": _sentence_index(record.get("sentence_id")),
            "date": record.get("date"),
            "date_precision": record.get("date_precision"),
            "date_evidence": record.get("date_evidence"),
            "source": record.get("source"),
            "target": record.get("target"),
            "code": record.get("code"),
            "root_code": record.get("root_code"),
            "quad_class": record.get("quad_class"),
            "goldstein": record.get("goldstein"),
            "plover_category": plover.get("category"),
            "plover_mode": plover.get("mode"),
            "plover_context": plover.get("context"),
            "char_start": record.get("char_start"),
            "char_end": record.get("char_end"),
            "url": record.get("doc_url"),
            "location_name": place.get("name"),
            "location_country": place.get("country"),
            "location_country_iso2": place.get("country_iso2"),
            "location_admin1": place.get("admin1"),
            "location_admin1_code": place.get("admin1_code"),
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "location_precision": place.get("precision"),
            "issues": record.get("issues"),
            "evidence": record.get("evidence"),
        }
    row["issues"] = _json_text(row.get("issues"))
    row["evidence"] = _json_text(row.get("evidence"))
    return row


def _arrow_type(pa: Any, name: str) -> Any:
    types = {
        "int64": pa.int64(),
        "int32": pa.int32(),
        "double": pa.float64(),
        "string": pa.string(),
        "list<int64>": pa.list_(pa.int64()),
    }
    return types[name]


def arrow_schema(table: str = "events") -> Any:
    """The ``pyarrow.Schema`` of an exported table: that of the files of
    ``faultline export --format parquet`` (without the ``year`` and
    ``month`` partition keys, which are folder names)."""
    import pyarrow as pa

    return pa.schema([pa.field(n, _arrow_type(pa, t), nullable=True) for n, t in columns(table)])


def _table(rows: Iterable[Mapping[str, Any]], table: str) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema(table))


def to_arrow(events: Iterable[Mapping[str, Any]]) -> Any:
    """A ``pyarrow.Table`` of events with the columns and types of the
    events export (``faultline export --format parquet``): ``issues`` and
    ``evidence`` are JSON text, the location is flat, and the store's ids
    (``event_id``, ``cluster_id``, ``document``) are null for events that
    were coded, not read from a store."""
    return _table((event_row(e) for e in events), "events")


def _pandas(table: Any) -> Any:
    import pandas as pd

    # Arrow-backed columns keep the export's types whether or not a column
    # holds nulls (int64 stays int64, strings stay strings)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def to_pandas(events: Iterable[Mapping[str, Any]]) -> Any:
    """A ``pandas.DataFrame`` of events: :func:`to_arrow` with Arrow-backed
    dtypes (``int64[pyarrow]``, ``string[pyarrow]``, ...), the dtypes of
    ``pandas.read_parquet(export, dtype_backend="pyarrow")``."""
    return _pandas(to_arrow(events))


class Store:
    """A store made by ``faultline ingest`` (SQLite), opened read-only.

    Tables come out as ``faultline export`` writes them; series and
    alignment are computed by faultline's analytics (as ``faultline serve``
    answers ``/api/dyads/{a}/{b}/series`` and ``/api/alignment``), from an
    index of the events built on first use. Raises :class:`StoreError`
    when ``path`` is no faultline store.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._store = _native.Store(os.fspath(path))

    @property
    def path(self) -> str:
        return os.fspath(self._store.path)

    def counts(self) -> dict[str, int]:
        """Documents, sentences and events stored."""
        documents, sentences, events = self._store.counts()
        return {"documents": documents, "sentences": sentences, "events": events}

    def _rows(self, table: str) -> list[dict[str, Any]]:
        data = self._store.export_jsonl(table)
        return [json.loads(line) for line in data.splitlines() if line]

    def events_arrow(self) -> Any:
        """Every event as a ``pyarrow.Table`` (the events export)."""
        return to_arrow(self._rows("events"))

    def events(self) -> Any:
        """Every event as a ``pandas.DataFrame``, in id order, with the
        columns and types of the events export."""
        return _pandas(self.events_arrow())

    def documents(self) -> Any:
        """Every document (with its text) as a ``pandas.DataFrame``, with
        the columns of the documents export."""
        return _pandas(_table(self._rows("documents"), "documents"))

    def clusters(self) -> Any:
        """Every cluster of events reporting one happening, as a
        ``pandas.DataFrame`` (the clusters export)."""
        return _pandas(_table(self._rows("clusters"), "clusters"))

    def series(
        self,
        a: str,
        b: str,
        interval: str = "month",
        start: Any = None,
        end: Any = None,
        directed: bool = False,
    ) -> Any:
        """The time series of the dyad ``a``–``b`` as a ``pandas.DataFrame``,
        one row per period (empty periods included): ``period``, ``count``,
        ``q1``…``q4`` (counts by quad class), ``goldstein_sum``,
        ``goldstein_mean``, ``net_cooperation`` and ``event_ids``.

        ``a`` and ``b`` are actor codes with a country (``RUSGOV`` counts
        as ``RUS``) or poles (``WEST``, ``RUS``, ``CHN``); ``interval`` is
        ``day``, ``week`` or ``month``; ``start`` and ``end`` bound the
        periods; ``directed`` keeps only events from ``a`` to ``b``. The
        frame's ``attrs`` hold ``a``, ``b``, ``interval``, ``directed`` and
        ``imprecise`` (events left out for a date less precise than the
        interval). Raises :class:`QueryError` for a bad party or period.
        """
        import pandas as pd

        s = self._store.series(a, b, interval, start, end, directed)
        rows = [
            {
                "period": p["period"],
                "count": p["count"],
                "q1": p["quad"][0],
                "q2": p["quad"][1],
                "q3": p["quad"][2],
                "q4": p["quad"][3],
                "goldstein_sum": p["goldstein_sum"],
                "goldstein_mean": p["goldstein_mean"],
                "net_cooperation": p["net_cooperation"],
                "event_ids": p["event_ids"],
            }
            for p in s["points"]
        ]
        names = ["period", "count", "q1", "q2", "q3", "q4", "goldstein_sum",
                 "goldstein_mean", "net_cooperation", "event_ids"]
        frame = pd.DataFrame(rows, columns=names)
        frame.attrs.update({k: s[k] for k in ("a", "b", "interval", "directed", "imprecise")})
        return frame

    def alignment(
        self, month: str | None = None, pole: str = "RUS", window_months: int | None = None
    ) -> Any:
        """Every country's alignment toward ``pole`` (``WEST``, ``RUS``,
        ``CHN`` or a country code) in ``month`` (``"YYYY-MM"``; default the
        last month with events), over a window of ``window_months`` (6),
        as a ``pandas.DataFrame``: ``country``, ``score`` (−1 … 1),
        ``direct``, ``similarity``, ``events``, ``direct_events``,
        ``third_parties``. ``attrs`` hold ``month``, ``pole`` and
        ``window_start``. Raises :class:`QueryError` for a bad month or
        pole."""
        import pandas as pd

        a = self._store.alignment(month, pole, window_months)
        names = ["country", "score", "direct", "similarity", "events",
                 "direct_events", "third_parties"]
        frame = pd.DataFrame(a["countries"], columns=names)
        frame.attrs.update({k: a[k] for k in ("month", "pole", "window_start")})
        return frame
