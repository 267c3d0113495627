#!/usr/bin/env python3
"""Check that memory stays flat: the peak RSS of `faultline code`,
`faultline ingest` and `faultline export` on a large corpus against a
small one (10 times smaller), for a release build.

    cargo build --release
    python3 scripts/bench/rss_ratio.py target/release/faultline

The corpora are written by news_jsonl.py (seed 7) into a temporary folder
(or --dir). Prints one line per command and exits with status 1 when a
ratio is above --max (1.3). Standard library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def peak_rss_kib(argv):
    """Runs argv (output discarded) and returns its peak RSS in KiB."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}")
    return usage.ru_maxrss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("faultline", help="the faultline binary (a release build)")
    ap.add_argument("--mb", type=float, default=44.0, help="size of the large corpus in MB")
    ap.add_argument("--max", type=float, default=1.3, help="largest ratio allowed")
    ap.add_argument("--dir", help="folder for corpora and stores (default: a temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.dir or tmp
        os.makedirs(work, exist_ok=True)
        sizes = {"small": args.mb / 10, "large": args.mb}
        peaks = {}
        for name, mb in sizes.items():
            corpus = os.path.join(work, f"news-{name}.jsonl")
            db = os.path.join(work, f"news-{name}.db")
            subprocess.run(
                [sys.executable, os.path.join(HERE, "news_jsonl.py"), "--mb", str(mb), corpus],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            fl = args.faultline
            peaks[("code", name)] = peak_rss_kib([fl, "code", corpus])
            peaks[("ingest", name)] = peak_rss_kib([fl, "ingest", "--db", db, corpus])
            peaks[("export events", name)] = peak_rss_kib([fl, "export", "--db", db])
            peaks[("export clusters", name)] = peak_rss_kib(
                [fl, "export", "--db", db, "--table", "clusters"]
            )
            peaks[("export gdelt", name)] = peak_rss_kib(
                [fl, "export", "--db", db, "--format", "gdelt"]
            )
    worst = 0.0
    print(f"{'command':<16} {'small MiB':>10} {'large MiB':>10} {'ratio':>6}")
    for command in ("code", "ingest", "export events", "export clusters", "export gdelt"):
        small, large = peaks[(command, "small")], peaks[(command, "large")]
        ratio = large / small
        worst = max(worst, ratio)
        print(f"{command:<16} {small / 1024:>10.1f} {large / 1024:>10.1f} {ratio:>6.2f}")
    if worst > args.max:
        print(f"a ratio is above {args.max}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
