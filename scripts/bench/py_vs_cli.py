#!/usr/bin/env python3
"""Compare the Python package with the command-line program on the same
documents, on one thread: sentences per second of `faultline code
--threads 1 FILE` and of `faultline.Coder().code_documents(docs,
threads=1)`.

    cargo build --release -p faultline
    pip install ./crates/faultline-py          # a release build
    python scripts/bench/py_vs_cli.py --faultline target/release/faultline

The corpus is made by news_jsonl.py (seeded; three sentences a document):
--sentences 20000 codes 6,667 documents. Both sides are timed end to end:
the CLI as a process (start, dictionaries, reading, coding, writing JSON
Lines to /dev/null), Python in a new process from `import faultline` to
the list of event dicts (loading the dictionaries, reading the file and
json.loads included; interpreter start-up not). The best of --runs runs
of each is kept, the two alternating; the events found must agree, and
the number of sentences is the CLI's own count. Python's time after the
Coder was made (dictionaries loaded) is printed too, and the CPU time
(user + sys) of each whole process, which other load on the machine
disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus(path: str, sentences: int, seed: int) -> None:
    docs = (sentences + 2) // 3
    subprocess.run(
        [sys.executable, os.path.join(HERE, "news_jsonl.py"), "--docs", str(docs),
         "--seed", str(seed), path],
        check=True, stdout=subprocess.DEVNULL,
    )


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cli(binary: str, path: str) -> tuple[float, float, int, int]:
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [binary, "code", "--threads", "1", path],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True,
    )
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    # "faultline: N documents, S sentences, C coded, E events, D discarded"
    summary = [line for line in done.stderr.splitlines() if " sentences, " in line][-1]
    words = summary.replace(",", "").split()
    sentences = int(words[words.index("sentences") - 1])
    events = int(words[words.index("events") - 1])
    return seconds, cpu, sentences, events


def run_python(path: str) -> tuple[float, float, float, int]:
    """Times Python in a new process, so that each run loads the
    dictionaries as each run of the CLI does."""
    cpu = children_cpu()
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--python-run", path],
        stdout=subprocess.PIPE, text=True, check=True,
    )
    cpu = children_cpu() - cpu
    t = json.loads(done.stdout)
    return t["total"], cpu, t["coding"], t["events"]


def python_run(path: str) -> None:
    start = time.perf_counter()
    import faultline

    coder = faultline.Coder()
    loaded = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    events = coder.code_documents(docs, threads=1)
    end = time.perf_counter()
    print(json.dumps({"total": end - start, "coding": end - loaded, "events": len(events)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--faultline", default="target/release/faultline", help="the CLI binary")
    ap.add_argument("--sentences", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--python-run", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.python_run:
        python_run(args.python_run)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "news.jsonl")
        corpus(path, args.sentences, args.seed)
        cli, py, warm, cli_cpu, py_cpu = [], [], [], [], []
        sentences = events = py_events = 0
        for _ in range(args.runs):
            seconds, cpu, sentences, events = run_cli(args.faultline, path)
            cli.append(seconds)
            cli_cpu.append(cpu)
            total, cpu, coding, py_events = run_python(path)
            py.append(total)
            py_cpu.append(cpu)
            warm.append(coding)
        if py_events != events:
            raise SystemExit(f"py_vs_cli: the CLI found {events} events, Python {py_events}")
    result = {
        "sentences": sentences,
        "events": events,
        "cli_seconds": min(cli),
        "python_seconds": min(py),
        "python_warm_seconds": min(warm),
        "cli_sentences_per_s": sentences / min(cli),
        "python_sentences_per_s": sentences / min(py),
        "python_warm_sentences_per_s": sentences / min(warm),
        "python_over_cli": min(py) / min(cli),
        "cli_cpu_seconds": min(cli_cpu),
        "python_cpu_seconds": min(py_cpu),
        "python_over_cli_cpu": min(py_cpu) / min(cli_cpu),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{sentences} sentences, {events} events, one thread, best of {args.runs}")
    print(f"  faultline code (CLI)            {min(cli):7.2f} s  {result['cli_sentences_per_s']:9.0f} sentences/s")
    print(f"  Coder.code_documents (Python)   {min(py):7.2f} s  {result['python_sentences_per_s']:9.0f} sentences/s")
    print(f"    after Coder() (dictionaries)  {min(warm):7.2f} s  {result['python_warm_sentences_per_s']:9.0f} sentences/s")
    print(f"  Python / CLI time               {result['python_over_cli']:7.3f}")
    print(f"  CPU time (user + sys, whole process): CLI {min(cli_cpu):.2f} s, "
          f"Python {min(py_cpu):.2f} s (interpreter start included), "
          f"Python / CLI {result['python_over_cli_cpu']:.3f}")


if __name__ == "__main__":
    main()
