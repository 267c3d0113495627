"""Coding: the package gives the CLI's records, for one text and for many
documents, on one thread or several; and errors name the document."""

from __future__ import annotations

import datetime
import json
import shutil
import warnings
from pathlib import Path

import pytest

import faultline
from conftest import cli

SEED = "kazakhstan-new-course-2022-06-20.txt"


def seed_article(root: Path) -> Path | None:
    for candidate in (root.parent / "shared/data/seed" / SEED, root / "shared/data/seed" / SEED):
        if candidate.exists():
            return candidate
    return None


def test_code_one_sentence():
    events = faultline.code("Kazakhstan criticized Russia on Monday.", date="2022-06-20")
    assert [(e["source"], e["target"], e["code"]) for e in events] == [("KAZ", "RUS", "111")]
    e = events[0]
    # the fields of `faultline code`, in its order
    assert list(e) == [
        "doc_id", "sentence_id", "date", "date_precision", "doc_date", "date_evidence",
        "doc_title", "doc_url", "char_start", "char_end", "location", "source", "target",
        "code", "root_code", "quad_class", "goldstein", "plover", "issues", "sentence",
        "evidence",
    ]
    assert e["doc_id"] == "<text>"
    assert e["date"] == "2022-06-20" and e["date_precision"] == "day"
    assert e["date_evidence"] == "Monday"
    assert e["evidence"]["verb_entry"].startswith("data/dict/")


def test_date_object_and_options():
    events = faultline.code("Kazakhstan criticized Russia.", datetime.date(2022, 6, 20),
                            id="a1", title="T", url="https://example.com/a1")
    assert events[0]["doc_id"] == "a1"
    assert events[0]["doc_title"] == "T" and events[0]["doc_url"] == "https://example.com/a1"
    assert events[0]["doc_date"] == "2022-06-20"
    assert events[0]["date_evidence"] == "publication date (--date)"
    with pytest.raises(TypeError, match="unknown options: colour"):
        faultline.code("Kazakhstan criticized Russia.", "2022-06-20", colour="red")
    with pytest.raises(ValueError, match="date '2022-13-01'"):
        faultline.code("Kazakhstan criticized Russia.", "2022-13-01")


def test_seed_article_as_cli(root: Path, faultline_bin: Path, tmp_path: Path):
    seed = seed_article(root)
    if seed is None:
        pytest.skip("the seed article (shared/data/seed) is not beside the repository")
    path = tmp_path / SEED
    shutil.copy(seed, path)
    want = [json.loads(line) for line in cli(faultline_bin, "code", str(path)).stdout.splitlines()]
    got = faultline.code(path.read_text(encoding="utf-8"), id=str(path))
    assert len(got) >= 10
    assert got == want


def test_documents_as_cli(faultline_bin: Path, small_corpus: Path, small_docs: list[dict]):
    want = [json.loads(line)
            for line in cli(faultline_bin, "code", str(small_corpus)).stdout.splitlines()]
    coder = faultline.Coder()
    assert coder.code_documents(small_docs) == want
    assert coder.code_documents(small_docs, threads=2) == want
    assert list(coder.iter_events(iter(small_docs), threads=0)) == want
    assert len(want) > 200


def test_documents_without_id_or_date():
    coder = faultline.Coder()
    docs = [{"text": "Kazakhstan criticized Russia."},
            {"text": "Russia praised China.", "date": datetime.date(2023, 1, 2)}]
    events = coder.code_documents(docs, date="2022-06-20")
    assert [(e["doc_id"], e["doc_date"]) for e in events] == [("#0", "2022-06-20"), ("#1", "2023-01-02")]


def test_errors_name_the_document():
    coder = faultline.Coder()
    with pytest.raises(faultline.DocumentError) as bad:
        coder.code_documents([{"id": "ok", "date": "2022-06-20", "text": "Russia met China."},
                              {"id": "n2", "date": "soon", "text": "x"}])
    assert bad.value.document == "n2"
    assert 'document "n2": bad date "soon"' in str(bad.value)
    assert isinstance(bad.value, faultline.FaultlineError)

    with pytest.raises(faultline.DocumentError) as bad:
        coder.code_documents([{"text": "Russia met China."}])
    assert bad.value.document == "#0"
    assert "no date in the document and no date= given" in str(bad.value)

    with pytest.raises(faultline.DocumentError) as bad:
        coder.code_documents([{"text": "Russia met China.", "date": "2022-01-01"}, 7])
    assert bad.value.document == "#1" and "not a int" in str(bad.value)

    with pytest.raises(faultline.DocumentError) as bad:
        coder.code_documents([{"id": "e", "date": "2022-01-01", "text": "   "}])
    assert bad.value.document == "e" and "no text to code" in str(bad.value)

    with pytest.raises(faultline.DocumentError) as bad:
        faultline.code("   ", "2022-01-01", id="blank")
    assert bad.value.document == "blank"

    with pytest.raises(ValueError, match="errors='loud'"):
        coder.code_documents([], errors="loud")


def test_bad_documents_skipped_or_warned():
    coder = faultline.Coder()
    docs = [{"id": "bad", "date": "soon", "text": "x"},
            {"id": "good", "date": "2022-06-20", "text": "Kazakhstan criticized Russia."}]
    assert [e["doc_id"] for e in coder.code_documents(docs, errors="skip")] == ["good"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        events = coder.code_documents(docs, errors="warn")
    assert [e["doc_id"] for e in events] == ["good"]
    assert [issubclass(w.category, faultline.FaultlineWarning) for w in caught] == [True]
    assert 'document "bad"' in str(caught[0].message)


def test_dictionary_folders(root: Path, tmp_path: Path):
    with pytest.raises(faultline.DictionaryError, match="no dictionary files"):
        faultline.Coder(tmp_path)
    with pytest.raises(faultline.DictionaryError, match="cannot list folder"):
        faultline.Coder(tmp_path / "missing")
    # the built-in files, as a folder: the same events
    folder = tmp_path / "dict"
    folder.mkdir()
    builtin = faultline.Coder()
    for name in builtin.files:
        shutil.copy(root / name, folder / Path(name).name)
    coder = faultline.Coder(folder)
    text = "Kazakhstan criticized Russia on Monday."
    mine = coder.code(text, "2022-06-20")
    assert [(e["source"], e["target"], e["code"]) for e in mine] == [("KAZ", "RUS", "111")]
    assert mine[0]["evidence"]["verb_entry"].startswith(str(folder))


def test_read_documents_warc(root: Path):
    warcs = sorted((root / "tests/fixtures/documents/warc").glob("*.warc*"))
    assert warcs
    docs, skipped = faultline.read_documents(warcs[0].name, warcs[0].read_bytes())
    assert docs and all(d["text"] for d in docs)
    assert faultline.Coder().code_documents(docs, date="2022-06-20", errors="skip") is not None
    with pytest.raises(faultline.DocumentError):
        faultline.read_documents("x.warc", b"not a warc at all", "warc")
