#!/usr/bin/env python3
"""Code a corpus with faultline on Spark and write the events as Parquet,
partitioned like `faultline export --format parquet` (year=YYYY/month=MM).

    spark-submit examples/spark/code_spark.py --out events/ 'news/*.jsonl'
    python examples/spark/code_spark.py --master 'local[2]' --out events/ crawl/*.warc.gz

Inputs are JSON Lines files (one {"id", "date", "text", ...} document a
line, as `faultline code` reads them) or WARC archives (plain or
gzipped), chosen by extension unless --format says. Each partition makes
one faultline.Coder (dictionaries load once per Python worker) and codes
its documents with it; documents that cannot be read are left out with a
warning on the executor's stderr, as `faultline ingest` leaves them out.

The columns and their types are those of the events export (see
faultline.columns("events")); `event_id`, `cluster_id` and `document`,
which a store assigns, are null. Needs the faultline package and pyspark
on the driver and the executors.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any

import faultline


def _spark_type(name: str) -> Any:
    from pyspark.sql import types as T

    return {
        "int64": T.LongType(),
        "int32": T.IntegerType(),
        "double": T.DoubleType(),
        "string": T.StringType(),
        "list<int64>": T.ArrayType(T.LongType()),
    }[name]


def events_schema() -> Any:
    """The Spark schema of the events export, with the partition keys."""
    from pyspark.sql import types as T

    fields = [T.StructField(n, _spark_type(t), True) for n, t in faultline.columns("events")]
    fields += [T.StructField("year", T.StringType(), False),
               T.StructField("month", T.StringType(), False)]
    return T.StructType(fields)


def partition_keys(date: str) -> tuple[str, str]:
    """year and month folders of an event date, as the export names them:
    `2022-06-19` → ("2022", "06"); a date known to the year only → month "00"."""
    year, _, rest = date.partition("-")
    return year.zfill(4), (rest[:2] if rest else "00")


def _rows(coder: faultline.Coder, docs: Iterable[dict[str, Any]], date: str | None,
          names: list[str]) -> Iterator[tuple[Any, ...]]:
    for event in coder.iter_events(docs, date=date, errors="warn"):
        row = faultline.event_row(event)
        yield tuple(row[n] for n in names) + partition_keys(row["date"])


def code_jsonl_partition(lines: Iterable[str], date: str | None) -> Iterator[tuple[Any, ...]]:
    """One partition of JSON Lines lines → event rows (one Coder)."""
    coder = faultline.Coder()
    names = [n for n, _ in faultline.columns("events")]

    def docs() -> Iterator[dict[str, Any]]:
        for line in lines:
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as e:
                print(f"code_spark: warning: a line that is not JSON: {e}", file=sys.stderr)

    yield from _rows(coder, docs(), date, names)


def code_warc_partition(files: Iterable[tuple[str, bytes]],
                        date: str | None) -> Iterator[tuple[Any, ...]]:
    """One partition of (path, bytes) WARC archives → event rows (one Coder)."""
    coder = faultline.Coder()
    names = [n for n, _ in faultline.columns("events")]

    def docs() -> Iterator[dict[str, Any]]:
        for path, data in files:
            try:
                read, skipped = faultline.read_documents(path, data, "warc")
            except faultline.FaultlineError as e:
                print(f"code_spark: warning: {path}: {e}", file=sys.stderr)
                continue
            for place, message in skipped:
                print(f"code_spark: warning: {place}: {message}", file=sys.stderr)
            yield from read

    yield from _rows(coder, docs(), date, names)


def input_format(paths: list[str], given: str) -> str:
    if given != "auto":
        return given
    warc = [p.lower().endswith((".warc", ".warc.gz")) for p in paths]
    if all(warc):
        return "warc"
    if any(warc):
        raise SystemExit("code_spark: mixed WARC and JSON Lines inputs: run them apart or give --format")
    return "jsonl"


def run(spark: Any, paths: list[str], out: str, fmt: str = "auto", date: str | None = None,
        partitions: int | None = None) -> Any:
    """Codes `paths` and writes the events under `out`; returns the
    DataFrame written (lazily recomputed if used again)."""
    sc = spark.sparkContext
    if __name__ != "__main__":
        # imported: the workers unpickle these functions by module name
        sc.addPyFile(__file__)
    fmt = input_format(paths, fmt)
    if fmt == "warc":
        rdd = sc.binaryFiles(",".join(paths), minPartitions=partitions or sc.defaultParallelism)
        rows = rdd.mapPartitions(lambda files: code_warc_partition(files, date))
    else:
        rdd = sc.textFile(",".join(paths), minPartitions=partitions or sc.defaultParallelism)
        rows = rdd.mapPartitions(lambda lines: code_jsonl_partition(lines, date))
    frame = spark.createDataFrame(rows, schema=events_schema())
    frame.write.mode("errorifexists").partitionBy("year", "month").parquet(out)
    return frame


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="JSON Lines or WARC files (paths or globs Spark reads)")
    ap.add_argument("--out", required=True, help="output folder (must not exist)")
    ap.add_argument("--format", choices=["auto", "jsonl", "warc"], default="auto")
    ap.add_argument("--date", help="date of documents without one (YYYY-MM-DD), as --date")
    ap.add_argument("--partitions", type=int, help="input partitions (default: Spark's parallelism)")
    ap.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    args = ap.parse_args()

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("faultline-code")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    start = time.perf_counter()
    run(spark, args.inputs, args.out, args.format, args.date, args.partitions)
    seconds = time.perf_counter() - start
    print(f"code_spark: wrote {args.out} in {seconds:.1f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
