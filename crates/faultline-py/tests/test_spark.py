"""examples/spark/code_spark.py on pyspark local[2]: its Parquet output
holds the same events, in the same year/month partitions and with the same
column types, as `faultline ingest` + `faultline export --format parquet`
of the same input.

$FAULTLINE_SPARK_DOCS sets the number of documents (10,000 by default)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import ROOT, cli, make_corpus

pyspark = pytest.importorskip("pyspark")

STORE_IDS = ["event_id", "cluster_id", "document"]
DOCS = int(os.environ.get("FAULTLINE_SPARK_DOCS", "10000"))


def partitions(folder: Path) -> set[str]:
    return {str(p.parent.relative_to(folder)) for p in folder.glob("year=*/month=*/*.parquet")}


def test_spark_job_writes_the_cli_export(tmp_path: Path, faultline_bin: Path):
    corpus = make_corpus(tmp_path / "news.jsonl", DOCS, seed=5)

    db, export = tmp_path / "news.db", tmp_path / "export"
    ingest = cli(faultline_bin, "ingest", "--db", str(db), str(corpus))
    cli(faultline_bin, "export", "--db", str(db), "--table", "events", "--format", "parquet",
        "--out", str(export))
    stored = re.search(r"(\d+) documents .*?, (\d+) sentences", ingest.stderr)
    assert stored, ingest.stderr
    documents, sentences = int(stored.group(1)), int(stored.group(2))
    assert documents == DOCS

    out = tmp_path / "spark"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    start = time.perf_counter()
    job = subprocess.run(
        [sys.executable, str(ROOT / "examples/spark/code_spark.py"), "--master", "local[2]",
         "--partitions", "2", "--out", str(out), str(corpus)],
        env=env, capture_output=True, text=True)
    total = time.perf_counter() - start
    assert job.returncode == 0, job.stderr[-3000:]
    # the job's own time (Spark started), else the whole process
    timed = re.search(r"code_spark: wrote .* in ([0-9.]+) s", job.stderr)
    seconds = float(timed.group(1)) if timed else total
    print(f"\nspark local[2]: {documents} documents, {sentences} sentences in {seconds:.1f} s: "
          f"{documents / seconds:.0f} docs/s, {sentences / seconds:.0f} sentences/s "
          f"({total:.1f} s with Spark's start; load average {os.getloadavg()[0]:.1f})")

    # the same partition folders, files of the same schema
    assert partitions(out) == partitions(export)
    want_schema = pq.read_schema(next(export.glob("year=*/month=*/*.parquet")))
    for f in out.glob("year=*/month=*/*.parquet"):
        assert pq.read_schema(f).equals(want_schema, check_metadata=False), f

    # the same events, each in the same partition
    exported = pq.read_table(export).drop_columns(STORE_IDS)
    written = pq.read_table(out).drop_columns(STORE_IDS).select(exported.column_names)
    key = [(n, "ascending") for n in ("doc_id", "sentence_index", "char_start", "source",
                                      "target", "code", "evidence")]
    assert written.num_rows == exported.num_rows > DOCS
    assert written.sort_by(key).to_pylist() == exported.sort_by(key).to_pylist()


def test_warc_partition_codes_as_the_cli(root: Path, faultline_bin: Path):
    """The job's WARC path (read_documents, one Coder) without Spark: the
    rows of `faultline code` of the same archive."""
    sys.path.insert(0, str(ROOT / "examples/spark"))
    import code_spark

    import faultline

    names = [n for n, _ in faultline.columns("events")]
    for warc in sorted((root / "tests/fixtures/documents/warc").glob("*.warc*")):
        want = [json.loads(line) for line in
                cli(faultline_bin, "code", "--date", "2022-06-20", str(warc)).stdout.splitlines()]
        rows = list(code_spark.code_warc_partition([(str(warc), warc.read_bytes())], "2022-06-20"))
        assert rows, warc
        expected = []
        for record in want:
            row = faultline.event_row(record)
            expected.append(tuple(row[n] for n in names) + code_spark.partition_keys(row["date"]))
        assert rows == expected


def test_partition_keys():
    sys.path.insert(0, str(ROOT / "examples/spark"))
    import code_spark

    assert code_spark.partition_keys("2022-06-19") == ("2022", "06")
    assert code_spark.partition_keys("2022-06") == ("2022", "06")
    assert code_spark.partition_keys("2022") == ("2022", "00")
