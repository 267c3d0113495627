#!/usr/bin/env python3
"""Fill fuzz/corpus/<target>/ with seed inputs cut from tests/fixtures.

The corpora are not committed (fuzz/corpus is ignored): run this once
before fuzzing, from anywhere. Each seed is small (a record, a parse, a
dictionary chunk), so that libFuzzer's default input length stays short.
"""

import hashlib
import pathlib
import re
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"

# the pipeline target's first byte picks one of these names (pipeline.rs)
PIPELINE_NAMES = ["page.html", "notes.txt", "feed.rss", "crawl.warc", "docs.jsonl", "file.xml", "-", "crawl.warc.gz"]
# the dict target's first byte picks the kind (dict.rs)
DICT_KINDS = ["verbs", "actors", "agents", "discards", "issues"]


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(sub, pattern="*"):
    return sorted((FIX / sub).glob(pattern))


def records(xml, limit):
    return re.findall(r"<Sentence\b.*?</Sentence>", xml, re.S)[:limit]


def chunks(text, lines_per_chunk, limit):
    lines = text.splitlines(keepends=True)
    out = []
    for i in range(0, len(lines), lines_per_chunk):
        out.append("".join(lines[i : i + lines_per_chunk]))
        if len(out) == limit:
            break
    return out


def main():
    docs = FIX / "documents"
    for f in files("documents/html", "*.html"):
        put("html", f.read_bytes())
        put("pipeline", bytes([0]) + f.read_bytes())
    for f in files("documents/text", "*.txt"):
        put("plain_text", f.read_bytes())
        put("tokenizer", f.read_bytes())
        put("pipeline", bytes([1]) + f.read_bytes())
    for f in files("documents/feeds"):
        put("feed", f.read_bytes())
        put("pipeline", bytes([2]) + f.read_bytes())
    for f in files("documents/warc", "*.warc*"):
        put("warc", f.read_bytes())
        put("pipeline", bytes([7 if f.name.endswith(".gz") else 3]) + f.read_bytes())
    for f in files("documents/jsonl", "*.jsonl") + [FIX / "gold" / "tiny.jsonl"]:
        text = f.read_text()
        put("jsonl", text)
        put("pipeline", bytes([4]) + text.encode())
        for line in text.splitlines()[:10]:
            put("jsonl", line)

    sentences = []
    for name in ["GigaWord.sample.PETR.xml", "PETR.UnitTest.records.xml"]:
        xml = (FIX / "petrarch" / name).read_text(errors="replace")
        env = re.search(r"<Environment>.*?</Environment>", xml, re.S)
        recs = records(xml, 40)
        for i in range(0, len(recs), 2):
            body = "\n".join(recs[i : i + 2])
            head = env.group(0) + "\n" if env and i == 0 else ""
            put("petrarch_xml", "<Sentences>\n" + head + body + "\n</Sentences>\n")
            if i < 8:
                put("pipeline", bytes([5]) + ("<Sentences>\n" + body + "\n</Sentences>\n").encode())
        for rec in recs:
            parse = re.search(r"<Parse>(.*?)</Parse>", rec, re.S)
            if parse:
                put("ptb", parse.group(1))
            text = re.search(r"<Text>(.*?)</Text>", rec, re.S)
            if text:
                sentences.append(" ".join(text.group(1).split()))
    for line in (FIX / "gold" / "tiny.jsonl").read_text().splitlines():
        m = re.search(r'"text": "(.*?)"', line)
        if m:
            sentences.append(m.group(1))
    sentences += [
        "On June 19, Arnor shelled the town; last Tuesday it had said so.",
        "The talks of 2022-06-19 were held in May and again yesterday.",
        "Mr. Smith's U.S.-based firm paid $3.5 million (about 3 bn) on 1/2/2023.",
    ]
    for s in sentences[:60]:
        put("tokenizer", s)
        put("timex", struct.pack("<hBB", 2022, 6, 20) + s.encode())
        put("timex", struct.pack("<hBB", 1999, 12, 31) + s.encode())

    dict_files = {
        "verbs": [FIX / "petrarch" / "PETR.Validate.verbs.txt", ROOT / "data" / "dict" / "faultline.verbs.txt"],
        "actors": [FIX / "petrarch" / "PETR.Validate.actors.txt", ROOT / "data" / "dict" / "faultline.actors.txt"],
        "agents": [FIX / "petrarch" / "PETR.Validate.agents.txt", ROOT / "data" / "dict" / "faultline.agents.txt"],
        "discards": [FIX / "petrarch" / "PETR.Validate.discards.txt", ROOT / "data" / "dict" / "Phoenix.discards.txt"],
        "issues": [ROOT / "data" / "dict" / "Phoenix.IssueCoding.txt"],
    }
    for kind, paths in dict_files.items():
        k = bytes([DICT_KINDS.index(kind)])
        for p in paths:
            for c in chunks(p.read_text(errors="replace"), 40, 12):
                put("dict", k + c.encode())


if __name__ == "__main__":
    main()
