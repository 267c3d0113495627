#!/usr/bin/env python3
"""Check the hand-coded gold event sets in data/gold/ (news.*.jsonl, team.*.jsonl).

For every line of every data/gold/*.{dev,test}.jsonl file (or the files given
as arguments): valid JSON, keys exactly `id, origin, date, text, events, tags,
note` in that order, ISO date, non-empty text, ids unique across the files of
one set, events with `source, target, code, plover`, a 2-4 digit CAMEO code,
and `plover` equal to the CAMEO2PLOVER table's category for the code (exact
code, else its 3-digit parent, else the root; null for roots 01 and 02).
`events: []` must go with the tag `no-event` and the other way round. Also
checks the split rule: in the order of the records (dev and test merged back
by position), every third record is in the test file.

Prints counts per file, origin and PLOVER category; exits 1 on any error.
Python 3 standard library only:  python3 scripts/gold/check.py
"""
import collections
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TABLE = os.path.join(ROOT, "data", "cameo", "CAMEO2PLOVER-2021.txt")
KEYS = ["id", "origin", "date", "text", "events", "tags", "note"]
EVENT_KEYS = ["source", "target", "code", "plover"]


def plover_table():
    table = {}
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
            if m and m.group(1) not in table:  # "08" is listed twice; first wins
                table[m.group(1)] = m.group(2)
    return table


def expected_plover(code, table):
    if code[:2] in ("01", "02"):
        return None
    for c in (code, code[:3], code[:2]):
        if c in table:
            return table[c]
    return "?"


def main(argv):
    files = argv or sorted(glob.glob(os.path.join(ROOT, "data", "gold", "*.jsonl")))
    table = plover_table()
    errors = []
    sets = collections.defaultdict(dict)  # set name -> split -> records
    for path in files:
        name = os.path.basename(path)
        m = re.match(r"^(.*)\.(dev|test)\.jsonl$", name)
        if not m:
            errors.append(f"{name}: file name is not <set>.dev.jsonl / <set>.test.jsonl")
            continue
        recs = []
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{name}:{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{where}: not JSON ({e})")
                    continue
                if list(rec) != KEYS:
                    errors.append(f"{where}: keys {list(rec)} != {KEYS}")
                    continue
                if not isinstance(rec["id"], str) or not rec["id"]:
                    errors.append(f"{where}: empty id")
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(rec["date"])):
                    errors.append(f"{where}: date {rec['date']!r} is not YYYY-MM-DD")
                if not isinstance(rec["text"], str) or not rec["text"].strip():
                    errors.append(f"{where}: empty text")
                if not isinstance(rec["tags"], list) or not all(isinstance(t, str) for t in rec["tags"]):
                    errors.append(f"{where}: tags must be a list of strings")
                if not isinstance(rec["note"], str):
                    errors.append(f"{where}: note must be a string")
                if not isinstance(rec["events"], list):
                    errors.append(f"{where}: events must be a list")
                    continue
                for ev in rec["events"]:
                    if not isinstance(ev, dict) or list(ev) != EVENT_KEYS:
                        errors.append(f"{where}: event keys {list(ev) if isinstance(ev, dict) else ev} != {EVENT_KEYS}")
                        continue
                    code = ev["code"]
                    if not (isinstance(code, str) and re.fullmatch(r"\d{2,4}", code)):
                        errors.append(f"{where}: code {code!r}")
                        continue
                    want = expected_plover(code, table)
                    if want == "?":
                        errors.append(f"{where}: code {code} not in the CAMEO2PLOVER table")
                    elif ev["plover"] != want:
                        errors.append(f"{where}: code {code} has plover {ev['plover']!r}, table says {want!r}")
                    for side in ("source", "target"):
                        if not isinstance(ev[side], str) or not re.fullmatch(r"[A-Z-]{3,}", ev[side]):
                            errors.append(f"{where}: {side} {ev[side]!r}")
                no_event = "no-event" in rec["tags"]
                if no_event != (not rec["events"]):
                    errors.append(f"{where}: tag no-event must go with an empty events list")
                recs.append(rec)
        sets[m.group(1)][m.group(2)] = recs

    for set_name, parts in sorted(sets.items()):
        dev, test = parts.get("dev", []), parts.get("test", [])
        ids = [r["id"] for r in dev + test]
        for dup in sorted(i for i, c in collections.Counter(ids).items() if c > 1):
            errors.append(f"{set_name}: id {dup} appears more than once")
        # Merge back by position: records 1,2 in dev, 3 in test, 4,5 in dev, 6 in test ...
        total = len(dev) + len(test)
        if len(test) != total // 3 or len(dev) != total - total // 3:
            errors.append(f"{set_name}: {len(dev)} dev / {len(test)} test is not the every-third-record split")
        print(f"{set_name}: {len(dev)} dev + {len(test)} test = {total} records")
        for split, recs in (("dev", dev), ("test", test)):
            origins = collections.Counter(r["origin"] for r in recs)
            events = sum(len(r["events"]) for r in recs)
            empty = sum(1 for r in recs if not r["events"])
            print(f"  {split}: {len(recs)} records ({', '.join(f'{o} {c}' for o, c in sorted(origins.items()))}), "
                  f"{events} events, {empty} with no event")
        cats = collections.Counter()
        for r in dev + test:
            for ev in r["events"]:
                cats[ev["plover"] or "(none: 01/02)"] += 1
        print("  events per PLOVER category: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))

    for e in errors:
        print("ERROR", e, file=sys.stderr)
    print(f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
