#!/usr/bin/env python3
"""Check the demo corpus's story from faultline's coded events.

Reads the JSON Lines that `faultline code --input jsonl data/demo/corpus.jsonl`
writes (fields used: source, target, quad_class, goldstein, date, doc_date),
rolls sub-actors up to their country (KAZGOV -> KAZ; IGO codes stay whole),
and prints the KAZ->RUS monthly series. It exits 1 when the story does not
hold:

  1. KAZ->RUS net cooperation, (Q1+Q2) - (Q3+Q4), per month, is lower for
     July-December 2022 than for January-May 2022 (the months are averaged,
     since the two windows differ in length);
  2. the mean Goldstein score of KAZ->RUS events is lower in the second window;
  3. a profile-based alignment proxy of KAZ toward RUS (direct mean Goldstein
     toward RUS, plus the agreement in sign of KAZ's and RUS's net cooperation
     toward third parties) is lower in the second window;
  4. the month whose net cooperation falls furthest below the mean of the
     twelve months before it (a 52-week baseline, counting only months with
     at least MIN_EVENTS events, a low-count guard) lies between May and
     October 2022.

Python 3.11 standard library only. Usage:
    faultline code --input jsonl data/demo/corpus.jsonl > /tmp/demo.events.jsonl
    python3 scripts/demo/story.py /tmp/demo.events.jsonl
"""

import json
import sys
from collections import defaultdict

ACTOR, POLE = "KAZ", "RUS"
EARLY = ("2022-01", "2022-05")
LATE = ("2022-07", "2022-12")
SPAN = ("2021-01", "2023-12")
CHANGE_WINDOW = ("2022-05", "2022-10")
MIN_EVENTS = 3


def country(code):
    """Roll an actor code up to its country: the first three letters, IGOs whole."""
    if not code or code.startswith("IGO") or code.startswith("---"):
        return code or ""
    return code[:3]


def month(event):
    """The event's month: its own date when it has one, else the document's."""
    for field in ("date", "doc_date"):
        value = event.get(field) or ""
        if len(value) >= 7:
            return value[:7]
    return None


def months(first, last):
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def load(path):
    events = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            e = json.loads(line)
            m = month(e)
            if m is None or e.get("quad_class") not in (1, 2, 3, 4):
                continue
            events.append((country(e.get("source")), country(e.get("target")), m,
                           int(e["quad_class"]), float(e.get("goldstein") or 0.0)))
    return events


def in_window(m, window):
    return window[0] <= m <= window[1]


def net(quads):
    return quads[1] + quads[2] - quads[3] - quads[4]


def alignment(events, window):
    """Direct mean Goldstein KAZ->RUS (scaled to [-1, 1]) plus sign agreement
    of KAZ's and RUS's net cooperation toward every third party both deal with."""
    direct = [g for s, t, m, q, g in events if s == ACTOR and t == POLE and in_window(m, window)]
    toward = {ACTOR: defaultdict(int), POLE: defaultdict(int)}
    for s, t, m, q, g in events:
        if s in toward and t not in (ACTOR, POLE, "") and in_window(m, window):
            toward[s][t] += 1 if q <= 2 else -1
    shared = [p for p in toward[ACTOR] if p in toward[POLE]]
    agree = 0.0
    if shared:
        agree = sum(
            1 if (toward[ACTOR][p] > 0) == (toward[POLE][p] > 0) else -1 for p in shared
        ) / len(shared)
    direct_mean = sum(direct) / len(direct) / 10.0 if direct else 0.0
    return (direct_mean + agree) / 2.0, direct_mean * 10.0, agree, len(shared)


def main(argv):
    if len(argv) != 2:
        print("usage: story.py EVENTS.jsonl", file=sys.stderr)
        return 2
    events = load(argv[1])
    series = {m: [0, 0, 0, 0, 0] for m in months(*SPAN)}
    gold = defaultdict(list)
    for s, t, m, q, g in events:
        if s == ACTOR and t == POLE and m in series:
            series[m][q] += 1
            series[m][0] += 1
            gold[m].append(g)

    print(f"{ACTOR}->{POLE} by month (events, Q1 Q2 Q3 Q4, net cooperation)")
    for m, c in series.items():
        if c[0]:
            print(f"  {m}  {c[0]:3d}   {c[1]:2d} {c[2]:2d} {c[3]:2d} {c[4]:2d}   {net(c):+d}")

    def window_stats(window):
        ms = [m for m in series if in_window(m, window)]
        total = sum(net(series[m]) for m in ms)
        count = sum(series[m][0] for m in ms)
        gs = [g for m in ms for g in gold[m]]
        return total, total / len(ms), count, (sum(gs) / len(gs) if gs else 0.0)

    early, late = window_stats(EARLY), window_stats(LATE)
    a_early, a_late = alignment(events, EARLY), alignment(events, LATE)
    print()
    for name, w, st, al in (("Jan-May 2022", EARLY, early, a_early), ("Jul-Dec 2022", LATE, late, a_late)):
        print(f"{name}: {st[2]} events, net cooperation {st[0]:+d} ({st[1]:+.2f}/month), "
              f"mean Goldstein {st[3]:+.2f}, alignment proxy {al[0]:+.3f} "
              f"(direct {al[1]:+.2f}, third-party agreement {al[2]:+.2f} over {al[3]} partners)")

    keys = list(series)
    best, split = None, None
    for i in range(12, len(keys)):
        if series[keys[i]][0] < MIN_EVENTS:
            continue
        baseline = sum(net(series[m]) for m in keys[i - 12:i]) / 12
        drop = baseline - net(series[keys[i]])
        if best is None or drop > best:
            best, split = drop, keys[i]
    if split is not None:
        print(f"largest fall below the 12-month baseline: {split}, "
              f"net cooperation {net(series[split]):+d}, {best:.2f} below the baseline")

    failures = []
    if not early[2] or not late[2]:
        failures.append("one of the windows has no KAZ->RUS events")
    if not late[1] < early[1]:
        failures.append("net cooperation per month is not lower in Jul-Dec 2022")
    if not late[3] < early[3]:
        failures.append("mean Goldstein is not lower in Jul-Dec 2022")
    if not a_late[0] < a_early[0]:
        failures.append("alignment proxy toward RUS is not lower in Jul-Dec 2022")
    if split is None or not in_window(split, CHANGE_WINDOW):
        failures.append(f"the largest fall is not in {CHANGE_WINDOW[0]}..{CHANGE_WINDOW[1]}")
    for f in failures:
        print(f"story does not hold: {f}", file=sys.stderr)
    if not failures:
        print("story holds: KAZ->RUS cooperation and alignment fall after mid-2022")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
