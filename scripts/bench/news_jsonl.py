#!/usr/bin/env python3
"""Write a corpus of short news-like JSON Lines documents, for measuring
the store (size against input) and the memory of ingest and export.

Each document has three sentences naming a few countries, leaders or
cities, with verbs the dictionaries know, so that most sentences code
an event; some sentences carry a time expression or a place. Every line
is {"id", "date", "title", "url", "source", "text"}; ids, and therefore
documents, are distinct. The output depends only on the seed.

    python3 scripts/bench/news_jsonl.py --mb 70 /tmp/news-70mb.jsonl
    python3 scripts/bench/news_jsonl.py --mb 7 /tmp/news-7mb.jsonl
    python3 scripts/bench/news_jsonl.py --docs 10000 /tmp/news-10k.jsonl

`--dense` writes the worst case for the store: every sentence names two
countries and a verb (so nearly every one codes an event), and lines
carry only {"id", "date", "text"}.

Standard library only.
"""

import argparse
import json
import random

COUNTRIES = [
    "France", "Germany", "Russia", "China", "Japan", "India", "Brazil", "Egypt",
    "Iran", "Israel", "Turkey", "Canada", "Ukraine", "Poland", "Kazakhstan",
    "Pakistan", "Nigeria", "Mexico", "Saudi Arabia", "South Korea", "Australia",
    "Italy", "Spain", "Indonesia", "Ethiopia", "Kenya", "Argentina", "Vietnam",
]
LEADERS = [
    "the French president", "the German chancellor", "Russian officials",
    "Chinese diplomats", "the Japanese prime minister", "Indian police",
    "Brazilian lawmakers", "the Egyptian foreign minister", "Iranian forces",
    "Israeli troops", "Turkish officials", "the Canadian government",
    "Ukrainian soldiers", "Polish farmers", "Kazakh authorities",
]
CITIES = [
    "Paris", "Berlin", "Moscow", "Beijing", "Tokyo", "New Delhi", "Cairo",
    "Tehran", "Ankara", "Kyiv", "Warsaw", "Astana", "Geneva", "Vienna",
    "Istanbul", "Nairobi", "Jakarta", "Riyadh", "Donetsk", "Odesa",
]
VERBS = [
    "criticized", "met with", "accused", "praised", "visited", "condemned",
    "threatened", "signed an agreement with", "hosted", "warned", "thanked",
    "rejected a proposal from", "imposed sanctions on", "called on",
    "expelled diplomats from", "attacked", "urged", "denounced",
]
WHEN = [
    "", "", "", " on Monday", " on Tuesday", " on Friday", " last week",
    " yesterday", " in May", " on June 19",
]
FILLER = [
    "Officials said the talks had ended without a statement.",
    "The ministry gave no further details.",
    "Markets were calm after the announcement.",
    "Analysts expect further meetings next month.",
    "A spokesman declined to comment on the report.",
    "Protesters gathered outside the parliament.",
]
OUTLETS = ["Reuters", "AFP", "AP", "Xinhua", "Anadolu", None]


def sentence(rng, dense=False):
    kind = rng.random() * (0.85 if dense else 1.0)
    a, b = rng.sample(COUNTRIES, 2)
    verb, when = rng.choice(VERBS), rng.choice(WHEN)
    if kind < 0.45:
        return f"{a} {verb} {b}{when}."
    if kind < 0.65:
        return f"{rng.choice(LEADERS).capitalize()} {verb} {b}{when}."
    if kind < 0.85:
        return f"{a} {verb} {b} in {rng.choice(CITIES)}{when}."
    return rng.choice(FILLER)


def document(rng, i, dense=False):
    text = " ".join(sentence(rng, dense) for _ in range(3))
    day = 1 + rng.randrange(28)
    month = 1 + rng.randrange(12)
    year = rng.choice([2021, 2022, 2023])
    if dense:
        return {"id": f"news-{i:08d}", "date": f"{year}-{month:02d}-{day:02d}", "text": text}
    doc = {
        "id": f"news-{i:08d}",
        "date": f"{year}-{month:02d}-{day:02d}",
        "title": text.split(".")[0][:60],
        "url": f"https://news{i % 50}.example.com/{year}/{month:02d}/{i}",
        "text": text,
    }
    outlet = rng.choice(OUTLETS)
    if outlet:
        doc["source"] = outlet
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output file (.jsonl)")
    ap.add_argument("--mb", type=float, default=70.0, help="size to write, in MB (10^6 bytes)")
    ap.add_argument("--docs", type=int, help="write this many documents instead (--mb ignored)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dense", action="store_true", help="events in every sentence, no metadata")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    limit = int(args.mb * 1_000_000)
    written = docs = text_bytes = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while (docs < args.docs) if args.docs is not None else (written < limit):
            doc = document(rng, docs, args.dense)
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            text_bytes += len(doc["text"].encode("utf-8"))
            docs += 1
    print(f"{docs} documents, {written} bytes ({text_bytes} bytes of text) -> {args.out}")


if __name__ == "__main__":
    main()
