"""Arrow and pandas tables have the columns and types of `faultline export
--format parquet`, and a store reads back as the CLI exports it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import faultline
from conftest import cli

# what a store assigns, and coded events do not have
STORE_IDS = ["event_id", "cluster_id", "document"]


def export_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("year=*/month=*/*.parquet"))
    assert files, f"no Parquet files under {folder}"
    return files


def test_arrow_schema_is_the_exports(small_export: Path, small_docs: list[dict]):
    want = pq.read_schema(export_files(small_export)[0])
    assert faultline.arrow_schema("events").equals(want, check_metadata=False)
    table = faultline.to_arrow(faultline.Coder().code_documents(small_docs))
    assert table.schema.equals(want, check_metadata=False)
    assert [f.name for f in table.schema] == [n for n, _ in faultline.columns("events")]
    assert table.schema.field("quad_class").type == pa.int32()
    assert table.schema.field("goldstein").type == pa.float64()
    assert table.schema.field("evidence").type == pa.string()


def test_arrow_values_are_the_exports(small_export: Path, small_docs: list[dict]):
    exported = pq.read_table(small_export).drop_columns(["year", "month"] + STORE_IDS)
    coded = faultline.to_arrow(faultline.Coder().code_documents(small_docs)).drop_columns(STORE_IDS)
    key = [(n, "ascending") for n in ("doc_id", "sentence_index", "char_start", "source",
                                      "target", "code", "evidence")]
    exported = exported.select(coded.column_names).sort_by(key)
    coded = coded.sort_by(key)
    assert coded.num_rows > 200
    assert coded.to_pylist() == exported.to_pylist()


def test_pandas_types_are_the_exports(small_export: Path, small_docs: list[dict]):
    frame = faultline.to_pandas(faultline.Coder().code_documents(small_docs))
    read = pd.read_parquet(export_files(small_export)[0], dtype_backend="pyarrow")
    assert list(frame.columns) == list(read.columns)
    assert list(frame.dtypes) == list(read.dtypes)
    assert str(frame["event_id"].dtype) == "int64[pyarrow]"
    assert str(frame["quad_class"].dtype) == "int32[pyarrow]"
    assert str(frame["goldstein"].dtype) == "double[pyarrow]"
    assert str(frame["source"].dtype) == "string[pyarrow]"
    # nested JSON is text, as in the export
    assert json.loads(frame["evidence"].iloc[0])["verb_entry"]
    empty = faultline.to_pandas([])
    assert list(empty.dtypes) == list(read.dtypes) and len(empty) == 0


def test_store_tables_are_the_exports(small_store: Path, small_export: Path,
                                      faultline_bin: Path, tmp_path: Path):
    store = faultline.Store(small_store)
    counts = store.counts()
    assert counts["documents"] == 200
    events = store.events()
    assert len(events) == counts["events"] > 200
    exported = pd.read_parquet(small_export, dtype_backend="pyarrow")
    exported = exported.drop(columns=["year", "month"]).sort_values("event_id")
    assert list(events.dtypes) == list(exported.dtypes)
    pd.testing.assert_frame_equal(events.reset_index(drop=True),
                                  exported.reset_index(drop=True))
    docs = store.documents()
    assert len(docs) == 200 and list(docs.columns) == [n for n, _ in faultline.columns("documents")]
    jsonl = tmp_path / "documents.jsonl"
    cli(faultline_bin, "export", "--db", str(small_store), "--table", "documents",
        "--format", "jsonl", "--out", str(jsonl))
    want = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert docs.astype(object).where(docs.notna(), None).to_dict("records") == want
    clusters = store.clusters()
    assert str(clusters["events"].dtype) == "list<item: int64>[pyarrow]"
    assert clusters["mentions"].sum() == counts["events"]


def _party(code: str) -> str:
    return code[:3]


def test_store_series(small_store: Path):
    store = faultline.Store(small_store)
    events = store.events()
    pairs = events.assign(a=events["source"].map(_party), b=events["target"].map(_party))
    # the busiest pair of countries, both ways
    both = pairs.apply(lambda r: tuple(sorted((r["a"], r["b"]))), axis=1)
    a, b = both[both.map(lambda p: p[0] != p[1])].value_counts().index[0]
    series = store.series(a, b)
    assert series.attrs["a"] == a and series.attrs["interval"] == "month"
    assert list(series.columns)[:2] == ["period", "count"]
    dated = pairs[(both == (a, b)) & (pairs["date_precision"] != "year")]
    assert series["count"].sum() == len(dated)
    ids = sorted(i for ids in series["event_ids"] for i in ids)
    assert ids == sorted(dated["event_id"].tolist())
    assert (series["q1"] + series["q2"] + series["q3"] + series["q4"] == series["count"]).all()
    directed = store.series(a, b, directed=True)
    assert directed["count"].sum() == len(dated[dated["a"] == a])
    with pytest.raises(faultline.QueryError, match="interval"):
        store.series(a, b, interval="fortnight")
    with pytest.raises(faultline.QueryError):
        store.series("---", b)


def test_store_alignment(small_store: Path):
    store = faultline.Store(small_store)
    frame = store.alignment(pole="RUS")
    assert list(frame.columns) == ["country", "score", "direct", "similarity", "events",
                                   "direct_events", "third_parties"]
    assert len(frame) > 3
    assert frame["score"].between(-1, 1).all()
    assert frame.attrs["pole"] == "RUS"
    june = store.alignment("2022-06", pole="WEST", window_months=3)
    assert june.attrs["month"] == "2022-06" and june.attrs["window_start"] == "2022-04"
    with pytest.raises(faultline.QueryError):
        store.alignment("June")


def test_store_errors(tmp_path: Path):
    with pytest.raises(faultline.StoreError, match="no such database"):
        faultline.Store(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not SQLite " * 100)
    with pytest.raises(faultline.StoreError):
        faultline.Store(junk).events()
