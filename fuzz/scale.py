#!/usr/bin/env python3
"""Look for superlinear time: repeat corpus inputs of a fuzz target to two
sizes and compare the CPU time of one run of the target's binary on each.

libFuzzer keeps inputs to a few KB, so a reader that is quadratic in the
number of records or tags never times out while fuzzing; repeating a
fuzzed input to 50 KB and 200 KB shows it (a ratio near 4 is linear, 16
quadratic). Build the targets first (`cargo +nightly fuzz build`) and fuzz
for a while, so the corpus holds varied inputs.

    python3 fuzz/scale.py warc            # 8 random corpus inputs
    python3 fuzz/scale.py dict 8 20000 80000
"""

import os
import pathlib
import random
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent
# targets whose first bytes are a header (kind, file name, date), not data
HEADER = {"dict": 1, "pipeline": 1, "timex": 4}


def cpu_time(binary, data, scratch):
    scratch.write_bytes(data)
    before = os.times()
    subprocess.run(
        ["nice", "-n", "15", str(binary), str(scratch)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
        check=False,
    )
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def main():
    target = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    small = int(sys.argv[3]) if len(sys.argv) > 3 else 50_000
    big = int(sys.argv[4]) if len(sys.argv) > 4 else 200_000
    binary = ROOT / "target" / "x86_64-unknown-linux-gnu" / "release" / target
    corpus = sorted((ROOT / "corpus" / target).iterdir())
    random.seed(1)
    scratch = pathlib.Path(f"/tmp/faultline-scale-{target}.in")
    skip = HEADER.get(target, 0)
    for f in random.sample(corpus, min(count, len(corpus))):
        data = f.read_bytes()
        head, body = data[:skip], data[skip:]
        if not body:
            continue
        a = cpu_time(binary, head + body * (small // len(body) + 1), scratch)
        b = cpu_time(binary, head + body * (big // len(body) + 1), scratch)
        print(f"{f.name[:12]} {len(data):>6} B  {small}: {a:.2f}s  {big}: {b:.2f}s  ratio {b / max(a, 0.01):.1f}", flush=True)


if __name__ == "__main__":
    main()
