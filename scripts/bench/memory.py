#!/usr/bin/env python3
"""Peak memory guard: does faultline's peak memory stay flat as inputs grow?

Generates two JSON Lines corpora of short news-like documents (seeded, so
the same every run), about 10 MB and 100 MB, and runs the release binary
on each under `/usr/bin/time -f %M` (peak resident set size):

    faultline code FILE > /dev/null
    faultline ingest --db TMP.db FILE
    faultline export --db TMP.db --table events > /dev/null

It prints peak RSS per command and size, and the ratio large/small; it
exits 1 if a ratio is above --max-ratio (1.3), 2 if a run failed.

    cargo build --release
    python3 scripts/bench/memory.py                       # all three commands
    python3 scripts/bench/memory.py --commands code,ingest --sizes 10,100

Python 3.8+, standard library only. Linux (GNU time at /usr/bin/time).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ACTORS = [
    "Russia", "China", "Ukraine", "Kazakhstan", "Turkey", "France", "Germany",
    "the United States", "Iran", "Israel", "India", "Pakistan", "Japan",
    "South Korea", "North Korea", "Armenia", "Azerbaijan", "Georgia", "Serbia",
    "Kosovo", "Poland", "Belarus", "Egypt", "Ethiopia", "Sudan", "Brazil",
    "the European Union", "NATO", "the United Nations", "the Kremlin",
    "the Ukrainian army", "Russian troops", "Chinese officials",
    "the Turkish foreign minister", "the French president",
    "the German government", "Iranian diplomats", "Kazakh police",
]
VERBS = [
    "criticized", "met with", "accused", "praised", "threatened", "attacked",
    "signed an agreement with", "imposed sanctions on", "condemned",
    "called on", "expelled diplomats from", "pledged aid to", "warned",
    "blocked exports to", "hosted", "rejected a proposal from",
    "negotiated with", "denounced", "welcomed", "shelled positions of",
]
TAILS = [
    "", " on Monday", " on Tuesday", " last week", " in a statement",
    " over the border dispute", " after talks in Geneva",
    " during a visit to the capital", " in May", " on June 19",
    " amid rising tensions", " at the summit", " for the second time this year",
]
FILLER = [
    "Officials did not comment further.",
    "The talks are expected to continue next month.",
    "Analysts said the move could affect regional trade.",
    "The statement was published on the ministry's website.",
    "Markets reacted calmly to the news.",
    "Further details were not immediately available.",
]
SOURCES = ["wire", "daily", "herald", "monitor", "courier", "gazette"]


def sentence(rng):
    a, b = rng.sample(ACTORS, 2)
    s = f"{a} {rng.choice(VERBS)} {b}{rng.choice(TAILS)}."
    return s[0].upper() + s[1:]


def document(rng, k):
    n = rng.randint(3, 8)
    parts = [sentence(rng) if rng.random() < 0.75 else rng.choice(FILLER) for _ in range(n)]
    # two paragraphs, sometimes with curly quotes
    cut = rng.randint(1, n - 1)
    text = " ".join(parts[:cut]) + "\n\n" + " ".join(parts[cut:])
    if rng.random() < 0.2:
        text += " \u201cWe will respond,\u201d a spokesman said."
    day = 1 + k % 28
    month = 1 + (k // 28) % 12
    source = rng.choice(SOURCES)
    return {
        "id": f"doc-{k}",
        "date": f"2022-{month:02d}-{day:02d}",
        "title": parts[0][:60],
        "url": f"https://{source}.example/2022/{month:02d}/{day:02d}/story-{k}",
        "source": source,
        "text": text,
    }


def generate(path, megabytes, seed):
    """Writes about `megabytes` MB of documents to `path`; returns (docs, bytes)."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    k = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            line = json.dumps(document(rng, k), ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            k += 1
    return k, written


def peak_rss_kib(argv, stdout_path=os.devnull):
    """Runs argv under /usr/bin/time; returns (peak RSS in KiB, seconds)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, open(
        stdout_path, "wb"
    ) as out:
        start = time.monotonic()
        proc = subprocess.run(
            ["/usr/bin/time", "-o", t.name, "-f", "%M"] + argv,
            stdout=out,
            stderr=subprocess.PIPE,
        )
        seconds = time.monotonic() - start
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
            raise RuntimeError(f"exit status {proc.returncode}: {' '.join(argv)}")
        lines = [line for line in t.read().splitlines() if line.strip()]
        return int(lines[-1]), seconds


def default_binary():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    return os.path.join(target, "release", "faultline")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=default_binary(),
                    help="faultline release binary [default: $CARGO_TARGET_DIR or target/, release/faultline]")
    ap.add_argument("--sizes", default="10,100",
                    help="the two corpus sizes in MB, small,large [default: 10,100]")
    ap.add_argument("--commands", default="code,ingest,export",
                    help="which of code,ingest,export to run [default: all]")
    ap.add_argument("--max-ratio", type=float, default=1.3,
                    help="largest allowed peak RSS ratio large/small [default: 1.3]")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--threads", type=int, default=None,
                    help="--threads for code and ingest [default: faultline's, all cores]")
    ap.add_argument("--workdir", default=None,
                    help="where corpora and databases go [default: a new temporary folder, removed after]")
    args = ap.parse_args()

    if not os.access(args.binary, os.X_OK):
        sys.exit(f"memory.py: no faultline binary at {args.binary} (cargo build --release, or --binary)")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("memory.py: needs GNU time at /usr/bin/time")
    small, large = (int(x) for x in args.sizes.split(","))
    commands = [c for c in args.commands.split(",") if c]
    unknown = set(commands) - {"code", "ingest", "export"}
    if unknown:
        sys.exit(f"memory.py: unknown commands {sorted(unknown)}")
    if "export" in commands and "ingest" not in commands:
        sys.exit("memory.py: export needs ingest (it exports the ingested database)")

    work = args.workdir or tempfile.mkdtemp(prefix="faultline-memory-")
    os.makedirs(work, exist_ok=True)
    threads = ["--threads", str(args.threads)] if args.threads else []
    rss = {}
    try:
        for mb in (small, large):
            corpus = os.path.join(work, f"corpus-{mb}mb.jsonl")
            docs, size = generate(corpus, mb, args.seed)
            print(f"corpus {mb} MB: {docs} documents, {size / 1e6:.1f} MB ({corpus})", flush=True)
            db = os.path.join(work, f"store-{mb}mb.db")
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            runs = {
                "code": [args.binary, "code"] + threads + [corpus],
                "ingest": [args.binary, "ingest", "--db", db] + threads + [corpus],
                "export": [args.binary, "export", "--db", db, "--table", "events"],
            }
            for name in ("code", "ingest", "export"):
                if name not in commands:
                    continue
                kib, secs = peak_rss_kib(runs[name])
                rss[(name, mb)] = kib
                print(f"  {name:<7} peak RSS {kib / 1024:8.1f} MiB  in {secs:6.1f} s", flush=True)
            if os.path.exists(db):
                print(f"  store {os.path.getsize(db) / 1e6:.1f} MB", flush=True)
            os.remove(corpus)
    except RuntimeError as e:
        print(f"memory.py: {e}", file=sys.stderr)
        return 2
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"{'command':<8} {f'{small} MB':>12} {f'{large} MB':>12} {'ratio':>7}")
    worst = 0.0
    failed = []
    for name in commands:
        a, b = rss[(name, small)], rss[(name, large)]
        ratio = b / a
        worst = max(worst, ratio)
        flag = "" if ratio <= args.max_ratio else f"  > {args.max_ratio}"
        if flag:
            failed.append(name)
        print(f"{name:<8} {a / 1024:>8.1f} MiB {b / 1024:>8.1f} MiB {ratio:>7.2f}{flag}")
    if failed:
        print(f"peak memory grows with the input for: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"every ratio at most {args.max_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
