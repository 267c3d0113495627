"""Type stubs of faultline (see the docstrings in __init__.py)."""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import pandas
import pyarrow

BATCH: int

class FaultlineError(Exception):
    """Base class of every error faultline raises."""

class DocumentError(FaultlineError):
    """A document that cannot be read or coded."""

    document: str
    """The document's id, else its place in the input (``#N``)."""

class DictionaryError(FaultlineError): ...
class StoreError(FaultlineError): ...
class QueryError(FaultlineError): ...
class FaultlineWarning(UserWarning): ...

Event = dict[str, Any]
Document = Mapping[str, Any]
DateLike = str | Any  # "YYYY-MM-DD" or a datetime.date
Errors = Literal["raise", "warn", "skip"]

class Coder:
    def __init__(self, dictionaries: str | os.PathLike[str] | None = None) -> None: ...
    @property
    def files(self) -> list[str]: ...
    @property
    def diagnostics(self) -> list[str]: ...
    def code(
        self,
        text: str,
        date: DateLike | None = None,
        *,
        id: str | None = None,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
        format: Literal["text", "html"] = "text",
    ) -> list[Event]: ...
    def iter_events(
        self,
        documents: Iterable[Document],
        threads: int | None = None,
        *,
        date: DateLike | None = None,
        errors: Errors = "raise",
    ) -> Iterator[Event]: ...
    def code_documents(
        self,
        documents: Iterable[Document],
        threads: int | None = None,
        *,
        date: DateLike | None = None,
        errors: Errors = "raise",
    ) -> list[Event]: ...

def code(
    text: str,
    date: DateLike | None = None,
    *,
    id: str | None = ...,
    title: str | None = ...,
    url: str | None = ...,
    source: str | None = ...,
    format: Literal["text", "html"] = ...,
    dictionaries: str | os.PathLike[str] | None = ...,
) -> list[Event]: ...
def read_documents(
    name: str, data: bytes, format: Literal["text", "html", "jsonl", "warc", "rss"] | None = None
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]: ...
def columns(table: Literal["events", "documents", "clusters"] = "events") -> list[tuple[str, str]]: ...
def arrow_schema(table: Literal["events", "documents", "clusters"] = "events") -> pyarrow.Schema: ...
def event_row(record: Mapping[str, Any]) -> dict[str, Any]: ...
def to_arrow(events: Iterable[Mapping[str, Any]]) -> pyarrow.Table: ...
def to_pandas(events: Iterable[Mapping[str, Any]]) -> pandas.DataFrame: ...

class Store:
    def __init__(self, path: str | os.PathLike[str]) -> None: ...
    @property
    def path(self) -> str: ...
    def counts(self) -> dict[str, int]: ...
    def events_arrow(self) -> pyarrow.Table: ...
    def events(self) -> pandas.DataFrame: ...
    def documents(self) -> pandas.DataFrame: ...
    def clusters(self) -> pandas.DataFrame: ...
    def series(
        self,
        a: str,
        b: str,
        interval: Literal["day", "week", "month"] = "month",
        start: DateLike | None = None,
        end: DateLike | None = None,
        directed: bool = False,
    ) -> pandas.DataFrame: ...
    def alignment(
        self, month: str | None = None, pole: str = "RUS", window_months: int | None = None
    ) -> pandas.DataFrame: ...
