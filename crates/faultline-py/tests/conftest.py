"""Shared fixtures: the repository, the `faultline` binary the package is
compared with, and corpora made by scripts/bench/news_jsonl.py.

The binary is $FAULTLINE, else target/debug/faultline under
$CARGO_TARGET_DIR or the repository (built with `cargo build -p faultline`
when missing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _binary() -> Path:
    given = os.environ.get("FAULTLINE")
    if given:
        return Path(given).resolve()
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    path = target / "debug" / "faultline"
    if not path.exists():
        subprocess.run(["cargo", "build", "-p", "faultline"], cwd=ROOT, check=True)
    return path


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def faultline_bin() -> Path:
    return _binary()


def make_corpus(path: Path, docs: int, seed: int = 7) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/bench/news_jsonl.py"), "--docs", str(docs),
         "--seed", str(seed), str(path)],
        check=True, stdout=subprocess.DEVNULL,
    )
    return path


def cli(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], check=True, capture_output=True, text=True)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 news-like documents, each with an id and a date."""
    return make_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", 200, seed=3)


@pytest.fixture(scope="session")
def small_docs(small_corpus: Path) -> list[dict]:
    with open(small_corpus, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory, faultline_bin: Path,
                small_corpus: Path) -> Path:
    """The small corpus ingested by the CLI."""
    db = tmp_path_factory.mktemp("store") / "news.db"
    cli(faultline_bin, "ingest", "--db", str(db), str(small_corpus))
    return db


@pytest.fixture(scope="session")
def small_export(tmp_path_factory: pytest.TempPathFactory, faultline_bin: Path,
                 small_store: Path) -> Path:
    """`faultline export --format parquet` of the small store."""
    out = tmp_path_factory.mktemp("export") / "events"
    cli(faultline_bin, "export", "--db", str(small_store), "--table", "events",
        "--format", "parquet", "--out", str(out))
    return out
