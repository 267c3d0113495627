#!/usr/bin/env python3
"""Export the textblob-aptagger perceptron (trontagger-0.1.0.pickle) as text.

The pickle holds (weights, tagdict, classes): weights maps a feature string
such as "i-1 tag+i word NN court" to {tag: weight}. This script splits each
feature string into its template name and arguments and writes the
interchange format read by `faultline_lang::tagger::Tagger::import_weights`:

    dict<TAB>WORD<TAB>TAG
    feat<TAB>TEMPLATE<TAB>A<TAB>B<TAB>TAG W TAG W ...

Usage: convert_trontagger.py PICKLE OUT.tsv
"""
import pickle
import sys

# Template names with the number of arguments each takes. Longest first, so
# that "i-1 tag+i word" is tried before "i-1 tag".
TEMPLATES = sorted(
    [
        ("bias", 0), ("i suffix", 1), ("i pref1", 1), ("i-1 tag", 1),
        ("i-2 tag", 1), ("i tag+i-2 tag", 2), ("i word", 1),
        ("i-1 tag+i word", 2), ("i-1 word", 1), ("i-1 suffix", 1),
        ("i-2 word", 1), ("i+1 word", 1), ("i+1 suffix", 1), ("i+2 word", 1),
    ],
    key=lambda t: -len(t[0]),
)


def split_feature(feat):
    for name, arity in TEMPLATES:
        if arity == 0:
            if feat == name:
                return name, "", ""
            continue
        if feat.startswith(name + " "):
            rest = feat[len(name) + 1:]
            if arity == 1:
                return name, rest, ""
            a, _, b = rest.partition(" ")
            return name, a, b
    raise ValueError("unknown feature %r" % feat)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        weights, tagdict, classes = pickle.load(f, encoding="latin1")
    bad = [k for k in list(weights) + list(tagdict) if "\t" in k or "\n" in k]
    if bad:
        sys.exit("fields with tabs or newlines: %r" % bad[:5])
    n = 0
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
        out.write("# textblob-aptagger trontagger-0.1.0 (MIT, (c) 2013 Matthew Honnibal)\n")
        out.write("# classes: %s\n" % " ".join(sorted(classes)))
        for word in sorted(tagdict):
            out.write("dict\t%s\t%s\n" % (word, tagdict[word]))
        for feat in sorted(weights):
            ws = weights[feat]
            if not ws:
                continue
            name, a, b = split_feature(feat)
            pairs = " ".join("%s %r" % (t, float(w)) for t, w in sorted(ws.items()))
            out.write("feat\t%s\t%s\t%s\t%s\n" % (name, a, b, pairs))
            n += 1
    print("wrote %d features, %d dictionary words" % (n, len(tagdict)), file=sys.stderr)


if __name__ == "__main__":
    main()
